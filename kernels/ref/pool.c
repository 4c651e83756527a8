/* gst-edge kernels: reference pooling (max, average, global average).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Reference versions: the oracle every vectorized path must match bit for
 * bit. Layout is NHWC; the window of output (oy, ox) covers input rows
 * [oy * stride_h - pad_top, + kernel_h) and columns
 * [ox * stride_w - pad_left, + kernel_w), intersected with the input: rows
 * or columns outside the input (padding, or ceil-mode overhang past the
 * bottom/right edge) take no part, neither in a max nor in an average's
 * count. Inside a window, elements are visited row by row, left to right. */

#include "edge-kernels.h"
#include "edge-kernels-internal.h"
#include "edge-requantize.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>


/* Largest window (kernel_h * kernel_w, or global-pool pixels) accepted: an
 * int8 sum of (q - zero_point), each term in [-255, 255], stays below
 * 255 * 2^23 < 2^31, so the int32 accumulator cannot overflow, and the
 * count is exactly representable in float. */
#define EDGE_POOL_MAX_WINDOW (INT32_C (1) << 23)

/* Largest element count of a tensor: byte offsets of the widest element
 * (float) then fit ptrdiff_t, so size_t index math cannot wrap. */
#define EDGE_POOL_MAX_ELEMENTS ((uint64_t) PTRDIFF_MAX / sizeof (float))

/* a * b * c * d <= EDGE_POOL_MAX_ELEMENTS, checked without ever
 * overflowing uint64; 0 when a factor is not positive. */
static int
elements_fit (int32_t a, int32_t b, int32_t c, int32_t d)
{
  const int32_t factors[4] = { a, b, c, d };
  uint64_t total = 1;

  for (int i = 0; i < 4; i++) {
    if (factors[i] <= 0
        || (uint64_t) factors[i] > EDGE_POOL_MAX_ELEMENTS / total)
      return 0;
    total *= (uint64_t) factors[i];
  }
  return 1;
}

/* Same clamp as the element-wise kernels: NaN passes through, and it is
 * _mm_min_ps (hi, _mm_max_ps (lo, x)). */
static inline float
clamp_f32 (float x, float lo, float hi)
{
  const float t = (x < lo) ? lo : x;
  return (t > hi) ? hi : t;
}

/* One spatial axis: every window meets the input and the window-end index
 * (out - 1) * stride - pad + kernel fits int32. */
static int
axis_valid (int32_t in, int32_t out, int32_t kernel, int32_t stride,
    int32_t pad)
{
  if (in <= 0 || out <= 0 || kernel <= 0 || stride <= 0 || pad < 0)
    return 0;
  /* the first window [-pad, kernel - pad) must reach row/column 0 */
  if (pad >= kernel)
    return 0;
  /* the last window must start inside the input; windows start ever later,
   * and all end after 0, so every window then meets the input */
  if ((int64_t) (out - 1) * stride - pad >= in)
    return 0;
  if ((int64_t) (out - 1) * stride + kernel > INT32_MAX)
    return 0;
  return 1;
}

/* Returns 1 when: all sizes, kernel and stride are positive, padding is
 * non-negative, every window covers at least one input position, window
 * index math fits int32, kernel_h * kernel_w <= 2^23 (int8 sums fit int32)
 * and both tensors hold at most PTRDIFF_MAX / 4 elements. */
int
edge_pool2d_params_valid (const EdgePool2dParams * p)
{
  if (p == NULL)
    return 0;
  if (p->batch <= 0 || p->channels <= 0)
    return 0;
  if (!axis_valid (p->in_h, p->out_h, p->kernel_h, p->stride_h, p->pad_top))
    return 0;
  if (!axis_valid (p->in_w, p->out_w, p->kernel_w, p->stride_w, p->pad_left))
    return 0;
  if ((int64_t) p->kernel_h * p->kernel_w > EDGE_POOL_MAX_WINDOW)
    return 0;
  if (!elements_fit (p->batch, p->in_h, p->in_w, p->channels))
    return 0;
  if (!elements_fit (p->batch, p->out_h, p->out_w, p->channels))
    return 0;
  return 1;
}

/* Element index of (n, y, x, c) in an NHWC tensor of h x w x channels. */
static inline size_t
nhwc_index (int32_t n, int32_t y, int32_t x, int32_t c, int32_t h, int32_t w,
    int32_t channels)
{
  return (((size_t) n * (size_t) h + (size_t) y) * (size_t) w + (size_t) x)
      * (size_t) channels + (size_t) c;
}

/* int8 max pool: out = clamp (max over the window, output_min, output_max).
 * Input and output share scale and zero point, so no requantization; the
 * clamp is the fused activation (ReLU: [zero_point, 127]). */
void
edge_ref_qs8_max_pool_pixel (const EdgePool2dParams * p, const int8_t * input,
    int32_t n, const EdgePoolWindow * w, int8_t output_min,
    int8_t output_max, int8_t * out)
{
  for (int32_t c = 0; c < p->channels; c++) {
    int8_t m = INT8_MIN;

    for (int32_t y = w->y_start; y < w->y_end; y++)
      for (int32_t x = w->x_start; x < w->x_end; x++) {
        const int8_t v = input[nhwc_index (n, y, x, c, p->in_h, p->in_w,
                p->channels)];
        if (v > m)
          m = v;
      }
    if (m < output_min)
      m = output_min;
    if (m > output_max)
      m = output_max;
    out[c] = m;
  }
}

void
edge_ref_qs8_max_pool2d (const EdgePool2dParams * p, const int8_t * input,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  assert (edge_pool2d_params_valid (p));
  assert (input != NULL && output != NULL);
  assert (output_min <= output_max);

  for (int32_t n = 0; n < p->batch; n++)
    for (int32_t oy = 0; oy < p->out_h; oy++)
      for (int32_t ox = 0; ox < p->out_w; ox++) {
        const EdgePoolWindow w = edge_pool_window (p, oy, ox);

        edge_ref_qs8_max_pool_pixel (p, input, n, &w, output_min, output_max,
            output + nhwc_index (n, oy, ox, 0, p->out_h, p->out_w,
                p->channels));
      }
}

/* float max pool: m starts at the window's first element and becomes v
 * whenever v > m (so NaN is kept only when it comes first: this is
 * m = _mm_max_ps (v, m) in window order), then clamp (m, output_min,
 * output_max). */
void
edge_ref_f32_max_pool2d (const EdgePool2dParams * p, const float *input,
    float output_min, float output_max, float *output)
{
  assert (edge_pool2d_params_valid (p));
  assert (input != NULL && output != NULL);
  assert (output_min <= output_max);

  for (int32_t n = 0; n < p->batch; n++)
    for (int32_t oy = 0; oy < p->out_h; oy++)
      for (int32_t ox = 0; ox < p->out_w; ox++) {
        const EdgePoolWindow w = edge_pool_window (p, oy, ox);

        for (int32_t c = 0; c < p->channels; c++) {
          float m = input[nhwc_index (n, w.y_start, w.x_start, c, p->in_h,
                  p->in_w, p->channels)];

          for (int32_t y = w.y_start; y < w.y_end; y++)
            for (int32_t x = w.x_start; x < w.x_end; x++) {
              const float v = input[nhwc_index (n, y, x, c, p->in_h, p->in_w,
                      p->channels)];
              m = (v > m) ? v : m;
            }
          output[nhwc_index (n, oy, ox, c, p->out_h, p->out_w,
                  p->channels)] = clamp_f32 (m, output_min, output_max);
        }
      }
}

/* (input_scale / output_scale) / (float) count, two float32 divisions in
 * that order. count <= 2^23 is exact in float. */
float
edge_qs8_avg_multiplier (float input_scale, float output_scale, int32_t count)
{
  assert (scale_is_valid (input_scale));
  assert (scale_is_valid (output_scale));
  assert (count > 0 && count <= EDGE_POOL_MAX_WINDOW);

  const float ratio = input_scale / output_scale;

  assert (isfinite (ratio));
  return ratio / (float) count;
}

/* int8 average pool: acc = sum (q - input_zero_point) over the in-bounds
 * part of the window (exact int32: at most 2^23 terms of magnitude <= 255),
 * count = its number of positions, x = (float) acc *
 * edge_qs8_avg_multiplier (input_scale, output_scale, count), then the
 * requantization rule (round half to even, saturate to
 * [output_min, output_max]). */
void
edge_ref_qs8_avg_pool_pixel (const EdgePool2dParams * p, const int8_t * input,
    int32_t n, const EdgePoolWindow * w, float input_scale,
    int32_t input_zero_point, float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * out)
{
  const int32_t count = (w->y_end - w->y_start) * (w->x_end - w->x_start);
  const float multiplier =
      edge_qs8_avg_multiplier (input_scale, output_scale, count);

  for (int32_t c = 0; c < p->channels; c++) {
    int32_t acc = 0;

    for (int32_t y = w->y_start; y < w->y_end; y++)
      for (int32_t x = w->x_start; x < w->x_end; x++)
        acc += input[nhwc_index (n, y, x, c, p->in_h, p->in_w,
                p->channels)] - input_zero_point;

    const float v = (float) acc * multiplier;
    out[c] = (int8_t) edge_requantize (v, output_zero_point, output_min,
        output_max);
  }
}

void
edge_ref_qs8_avg_pool2d (const EdgePool2dParams * p, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  assert (edge_pool2d_params_valid (p));
  assert (input != NULL && output != NULL);
  assert (scale_is_valid (input_scale) && scale_is_valid (output_scale));
  assert (zero_point_is_valid (input_zero_point));
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);

  for (int32_t n = 0; n < p->batch; n++)
    for (int32_t oy = 0; oy < p->out_h; oy++)
      for (int32_t ox = 0; ox < p->out_w; ox++) {
        const EdgePoolWindow w = edge_pool_window (p, oy, ox);

        edge_ref_qs8_avg_pool_pixel (p, input, n, &w, input_scale,
            input_zero_point, output_scale, output_zero_point, output_min,
            output_max, output + nhwc_index (n, oy, ox, 0, p->out_h,
                p->out_w, p->channels));
      }
}

/* float average pool: sum = 0.0f, sum += v in window order (float32), then
 * clamp (sum / (float) count, output_min, output_max). */
void
edge_ref_f32_avg_pool2d (const EdgePool2dParams * p, const float *input,
    float output_min, float output_max, float *output)
{
  assert (edge_pool2d_params_valid (p));
  assert (input != NULL && output != NULL);
  assert (output_min <= output_max);

  for (int32_t n = 0; n < p->batch; n++)
    for (int32_t oy = 0; oy < p->out_h; oy++)
      for (int32_t ox = 0; ox < p->out_w; ox++) {
        const EdgePoolWindow w = edge_pool_window (p, oy, ox);
        const int32_t count = (w.y_end - w.y_start) * (w.x_end - w.x_start);

        for (int32_t c = 0; c < p->channels; c++) {
          float sum = 0.0f;

          for (int32_t y = w.y_start; y < w.y_end; y++)
            for (int32_t x = w.x_start; x < w.x_end; x++)
              sum += input[nhwc_index (n, y, x, c, p->in_h, p->in_w,
                      p->channels)];

          output[nhwc_index (n, oy, ox, c, p->out_h, p->out_w,
                  p->channels)] =
              clamp_f32 (sum / (float) count, output_min, output_max);
        }
      }
}

/* int8 global average: per (batch, channel), acc = sum over pixels 0, 1, ...
 * of (q - input_zero_point), x = (float) acc *
 * edge_qs8_avg_multiplier (input_scale, output_scale, pixels), then the
 * requantization rule. pixels <= 2^23 (asserted) keeps acc in int32. */
void
edge_ref_qs8_global_avg_pool (int32_t batch, int32_t pixels,
    int32_t channels, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  assert (batch > 0 && pixels > 0 && channels > 0);
  assert (pixels <= EDGE_POOL_MAX_WINDOW);
  assert (elements_fit (batch, pixels, channels, 1));
  assert (input != NULL && output != NULL);
  assert (scale_is_valid (input_scale) && scale_is_valid (output_scale));
  assert (zero_point_is_valid (input_zero_point));
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);

  const float multiplier =
      edge_qs8_avg_multiplier (input_scale, output_scale, pixels);

  for (int32_t n = 0; n < batch; n++) {
    const int8_t *in = input + (size_t) n * (size_t) pixels * (size_t) channels;

    for (int32_t c = 0; c < channels; c++) {
      int32_t acc = 0;

      for (int32_t i = 0; i < pixels; i++)
        acc += in[(size_t) i * (size_t) channels + (size_t) c]
            - input_zero_point;

      const float v = (float) acc * multiplier;
      output[(size_t) n * (size_t) channels + (size_t) c] =
          (int8_t) edge_requantize (v, output_zero_point, output_min,
          output_max);
    }
  }
}

/* float global average: per (batch, channel), sum = 0.0f, sum += v over
 * pixels 0, 1, ... (float32), out = sum / (float) pixels. No clamp. */
void
edge_ref_f32_global_avg_pool (int32_t batch, int32_t pixels,
    int32_t channels, const float *input, float *output)
{
  assert (batch > 0 && pixels > 0 && channels > 0);
  assert (elements_fit (batch, pixels, channels, 1));
  assert (input != NULL && output != NULL);

  for (int32_t n = 0; n < batch; n++) {
    const float *in = input + (size_t) n * (size_t) pixels * (size_t) channels;

    for (int32_t c = 0; c < channels; c++) {
      float sum = 0.0f;

      for (int32_t i = 0; i < pixels; i++)
        sum += in[(size_t) i * (size_t) channels + (size_t) c];

      output[(size_t) n * (size_t) channels + (size_t) c] =
          sum / (float) pixels;
    }
  }
}
