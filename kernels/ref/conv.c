/* gst-edge kernels: reference 2D convolution (int8 and float32).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Direct convolution, written for clarity: one output element at a time,
 * the window walked in (ky, kx, ic) order. The thread pool splits output
 * rows (batch * out_h); each row depends only on its index. */

#include "edge-kernels.h"
#include "edge-requantize.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>

/* Largest window (kernel_h * kernel_w * in_c / groups) for which the int32
 * sum of (x - zx) * (w - zw) products, each at most 255 * 255 in magnitude,
 * cannot overflow. */
#define EDGE_CONV_MAX_WINDOW (INT32_MAX / (255 * 255))

/* Tensors are indexed with size_t but their element counts are also kept
 * below 2^31 so int32 shape math in callers stays safe. */
#define EDGE_MAX_TENSOR_ELEMENTS ((int64_t) INT32_MAX)

int32_t
edge_conv_output_size (int32_t in, int32_t kernel, int32_t stride,
    int32_t dilation, int32_t pad_before, int32_t pad_after)
{
  int64_t span, padded;

  if (in <= 0 || kernel <= 0 || stride <= 0 || dilation <= 0 ||
      pad_before < 0 || pad_after < 0)
    return -1;
  span = (int64_t) dilation * (kernel - 1) + 1;
  padded = (int64_t) in + pad_before + pad_after;
  if (padded < span)
    return -1;
  return (int32_t) ((padded - span) / stride + 1);
}

int
edge_conv2d_params_valid (const EdgeConv2dParams * p)
{
  int64_t window, span_h, span_w;

  if (!p)
    return 0;
  if (p->batch <= 0 || p->in_h <= 0 || p->in_w <= 0 || p->in_c <= 0 ||
      p->out_h <= 0 || p->out_w <= 0 || p->out_c <= 0 || p->groups <= 0)
    return 0;
  if (p->in_c % p->groups != 0 || p->out_c % p->groups != 0)
    return 0;
  /* Each pad must be smaller than the dilated kernel span, so the first and
   * last windows overlap the input: real models never pad more, and a larger
   * pad would let a file request huge outputs that see only padding. */
  if (p->kernel_h <= 0 || p->kernel_w <= 0 || p->dilation_h <= 0 ||
      p->dilation_w <= 0)
    return 0;
  span_h = (int64_t) p->dilation_h * (p->kernel_h - 1) + 1;
  span_w = (int64_t) p->dilation_w * (p->kernel_w - 1) + 1;
  if (p->pad_top < 0 || p->pad_top >= span_h || p->pad_bottom < 0 ||
      p->pad_bottom >= span_h || p->pad_left < 0 || p->pad_left >= span_w ||
      p->pad_right < 0 || p->pad_right >= span_w)
    return 0;
  if (edge_conv_output_size (p->in_h, p->kernel_h, p->stride_h, p->dilation_h,
          p->pad_top, p->pad_bottom) != p->out_h)
    return 0;
  if (edge_conv_output_size (p->in_w, p->kernel_w, p->stride_w, p->dilation_w,
          p->pad_left, p->pad_right) != p->out_w)
    return 0;
  window = (int64_t) p->kernel_h * p->kernel_w * (p->in_c / p->groups);
  if (window > EDGE_CONV_MAX_WINDOW)
    return 0;
  if ((int64_t) p->batch * p->in_h * p->in_w * p->in_c >
      EDGE_MAX_TENSOR_ELEMENTS ||
      (int64_t) p->batch * p->out_h * p->out_w * p->out_c >
      EDGE_MAX_TENSOR_ELEMENTS ||
      (int64_t) p->out_c * window > EDGE_MAX_TENSOR_ELEMENTS)
    return 0;
  return 1;
}

/* Everything one output row needs; shared by the three variants. */
typedef struct
{
  const EdgeConv2dParams *p;
  const void *input;
  const void *weight;
  const void *bias;
  void *output;
  /* int8 only */
  int32_t input_zero_point;
  const int32_t *weight_zero_point;
  const float *requant_scale;
  int32_t output_zero_point;
  int32_t output_min, output_max;
  /* float only */
  float f_min, f_max;
} ConvJob;

/* Sum over the window of output (n, oy, ox, oc) in (ky, kx, ic) order:
 * sum (x - zx) * (w - zw). Padded positions are skipped, which is the same
 * as reading input_zero_point there. */
static int32_t
qs8_window_sum (const ConvJob * job, int32_t n, int32_t oy, int32_t ox,
    int32_t oc)
{
  const EdgeConv2dParams *p = job->p;
  const int8_t *in = job->input;
  const int8_t *w = job->weight;
  const int32_t icg = p->in_c / p->groups;
  const int32_t ocg = p->out_c / p->groups;
  const int32_t ic0 = (oc / ocg) * icg;
  const int32_t wzp = job->weight_zero_point ? job->weight_zero_point[oc] : 0;
  int32_t acc = 0;

  for (int32_t ky = 0; ky < p->kernel_h; ky++) {
    const int32_t iy = oy * p->stride_h - p->pad_top + ky * p->dilation_h;
    if (iy < 0 || iy >= p->in_h)
      continue;
    for (int32_t kx = 0; kx < p->kernel_w; kx++) {
      const int32_t ix = ox * p->stride_w - p->pad_left + kx * p->dilation_w;
      const int8_t *x, *wk;
      if (ix < 0 || ix >= p->in_w)
        continue;
      x = in + (((size_t) n * p->in_h + iy) * p->in_w + ix) * p->in_c + ic0;
      wk = w + (((size_t) oc * p->kernel_h + ky) * p->kernel_w + kx) * icg;
      for (int32_t ic = 0; ic < icg; ic++)
        acc += ((int32_t) x[ic] - job->input_zero_point) *
            ((int32_t) wk[ic] - wzp);
    }
  }
  return acc;
}

/* The bias is added with wrap-around, as the vector paths' 32-bit adds do;
 * the window sum itself cannot overflow (EDGE_CONV_MAX_WINDOW). */
static inline int32_t
add_bias (int32_t acc, const int32_t * bias, int32_t oc)
{
  if (!bias)
    return acc;
  return (int32_t) ((uint32_t) acc + (uint32_t) bias[oc]);
}

static void
qs8_conv_s32_rows (void *context, int thread, size_t start, size_t end)
{
  const ConvJob *job = context;
  const EdgeConv2dParams *p = job->p;
  int32_t *out = job->output;

  for (size_t row = start; row < end; row++) {
    const int32_t n = (int32_t) (row / (size_t) p->out_h);
    const int32_t oy = (int32_t) (row % (size_t) p->out_h);
    int32_t *o = out + row * (size_t) p->out_w * p->out_c;
    for (int32_t ox = 0; ox < p->out_w; ox++)
      for (int32_t oc = 0; oc < p->out_c; oc++)
        *o++ = add_bias (qs8_window_sum (job, n, oy, ox, oc), job->bias, oc);
  }
}

static void
qs8_conv_rows (void *context, int thread, size_t start, size_t end)
{
  const ConvJob *job = context;
  const EdgeConv2dParams *p = job->p;
  int8_t *out = job->output;

  for (size_t row = start; row < end; row++) {
    const int32_t n = (int32_t) (row / (size_t) p->out_h);
    const int32_t oy = (int32_t) (row % (size_t) p->out_h);
    int8_t *o = out + row * (size_t) p->out_w * p->out_c;
    for (int32_t ox = 0; ox < p->out_w; ox++) {
      for (int32_t oc = 0; oc < p->out_c; oc++) {
        const int32_t acc =
            add_bias (qs8_window_sum (job, n, oy, ox, oc), job->bias, oc);
        *o++ = (int8_t) edge_requantize ((float) acc * job->requant_scale[oc],
            job->output_zero_point, job->output_min, job->output_max);
      }
    }
  }
}

static void
f32_conv_rows (void *context, int thread, size_t start, size_t end)
{
  const ConvJob *job = context;
  const EdgeConv2dParams *p = job->p;
  const float *in = job->input;
  const float *w = job->weight;
  const float *bias = job->bias;
  float *out = job->output;
  const int32_t icg = p->in_c / p->groups;
  const int32_t ocg = p->out_c / p->groups;

  for (size_t row = start; row < end; row++) {
    const int32_t n = (int32_t) (row / (size_t) p->out_h);
    const int32_t oy = (int32_t) (row % (size_t) p->out_h);
    float *o = out + row * (size_t) p->out_w * p->out_c;
    for (int32_t ox = 0; ox < p->out_w; ox++) {
      for (int32_t oc = 0; oc < p->out_c; oc++) {
        const int32_t ic0 = (oc / ocg) * icg;
        float acc = bias ? bias[oc] : 0.0f;
        for (int32_t ky = 0; ky < p->kernel_h; ky++) {
          const int32_t iy = oy * p->stride_h - p->pad_top + ky * p->dilation_h;
          if (iy < 0 || iy >= p->in_h)
            continue;
          for (int32_t kx = 0; kx < p->kernel_w; kx++) {
            const int32_t ix =
                ox * p->stride_w - p->pad_left + kx * p->dilation_w;
            const float *x, *wk;
            if (ix < 0 || ix >= p->in_w)
              continue;
            x = in + (((size_t) n * p->in_h + iy) * p->in_w + ix) * p->in_c +
                ic0;
            wk = w + (((size_t) oc * p->kernel_h + ky) * p->kernel_w + kx) *
                icg;
            for (int32_t ic = 0; ic < icg; ic++)
              acc += x[ic] * wk[ic];
          }
        }
        acc = acc < job->f_min ? job->f_min : acc;
        acc = acc > job->f_max ? job->f_max : acc;
        *o++ = acc;
      }
    }
  }
}

static void
assert_qs8_args (const EdgeConv2dParams * p, const int8_t * input,
    int32_t input_zero_point, const int8_t * weight,
    const int32_t * weight_zero_point, const void *output)
{
  assert (edge_conv2d_params_valid (p));
  assert (input && weight && output);
  assert (input_zero_point >= -128 && input_zero_point <= 127);
  if (weight_zero_point)
    for (int32_t oc = 0; oc < p->out_c; oc++)
      assert (weight_zero_point[oc] >= -128 && weight_zero_point[oc] <= 127);
}

void
edge_ref_qs8_conv2d_s32 (const EdgeConv2dParams * p,
    const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, int32_t * output, EdgeThreadPool * pool)
{
  ConvJob job = {
    .p = p,.input = input,.weight = weight,.bias = bias,.output = output,
    .input_zero_point = input_zero_point,
    .weight_zero_point = weight_zero_point,
  };

  assert_qs8_args (p, input, input_zero_point, weight, weight_zero_point,
      output);
  edge_thread_pool_parallelize (pool, qs8_conv_s32_rows, &job,
      (size_t) p->batch * p->out_h, 1);
}

void
edge_ref_qs8_conv2d (const EdgeConv2dParams * p,
    const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, const float *requant_scale,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output, EdgeThreadPool * pool)
{
  ConvJob job = {
    .p = p,.input = input,.weight = weight,.bias = bias,.output = output,
    .input_zero_point = input_zero_point,
    .weight_zero_point = weight_zero_point,
    .requant_scale = requant_scale,
    .output_zero_point = output_zero_point,
    .output_min = output_min,.output_max = output_max,
  };

  assert_qs8_args (p, input, input_zero_point, weight, weight_zero_point,
      output);
  assert (requant_scale);
  assert (output_zero_point >= -128 && output_zero_point <= 127);
  assert (output_min <= output_max);
  edge_thread_pool_parallelize (pool, qs8_conv_rows, &job,
      (size_t) p->batch * p->out_h, 1);
}

void
edge_ref_f32_conv2d (const EdgeConv2dParams * p,
    const float *input, const float *weight, const float *bias,
    float output_min, float output_max, float *output, EdgeThreadPool * pool)
{
  ConvJob job = {
    .p = p,.input = input,.weight = weight,.bias = bias,.output = output,
    .f_min = output_min,.f_max = output_max,
  };

  assert (edge_conv2d_params_valid (p));
  assert (input && weight && output);
  assert (!(output_min > output_max));
  edge_thread_pool_parallelize (pool, f32_conv_rows, &job,
      (size_t) p->batch * p->out_h, 1);
}
