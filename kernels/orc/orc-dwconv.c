/* gst-edge kernels: ORC depthwise 3x3 convolution (whole layer).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Depthwise 3x3, stride 1 or 2, int8, channel multiplier 1 (contract in
 * orc-kernels.h). The reference sums (x - z_in) * w over the in-bounds
 * taps; this path uses the identity
 *
 *   sum (x - z_in) * w = sum x * w - z_in * sum w        (exact integers)
 *
 * with both sums over the same in-bounds taps, so the z_in term folds into
 * a per-channel bias: bias'[c] = bias[c] - z_in * sum of the weights of the
 * valid kernel rows (in uint32: the reference adds its bias with
 * wrap-around, and so do the int32 additions here). Every x * w fits
 * int16, products are widened and summed in int32.
 *
 * One output row: its interior pixels (window inside the input columns)
 * run in three 2D ORC calls at most, one per valid kernel row (n =
 * channels, m = pixels; weights and bias rows with stride 0) into an int32
 * accumulator row, then one 2D ORC call requantizes with the per-channel
 * scale. The at most two pixels per side whose window is clipped by the
 * left/right padding are computed in C with the reference's formula.
 *
 * Workspace slice of each thread (64-byte aligned parts):
 *   acc     int32 [out_w][channels]   accumulator row
 *   bias    int32 [channels]          bias' of the current row pattern
 * and in slice 0 only, computed before the rows are split:
 *   w16     int16 [9][channels]       widened weights
 *   wsum    int32 [3][channels]       sum of each kernel row's weights */

#include "orc/orc-kernels.h"
#include "orc/orc-common.h"
#include "edge-requantize.h"

#include <assert.h>

#define ALIGN64(x) (((x) + (size_t) 63) & ~(size_t) 63)

typedef struct
{
  size_t acc, bias, w16, wsum, total;
} Layout;

static Layout
layout_for (const EdgeConv2dParams * p)
{
  const size_t C = (size_t) p->in_c;
  Layout l;

  l.acc = 0;
  l.bias = l.acc + ALIGN64 ((size_t) p->out_w * C * sizeof (int32_t));
  l.w16 = l.bias + ALIGN64 (C * sizeof (int32_t));
  l.wsum = l.w16 + ALIGN64 (9 * C * sizeof (int16_t));
  l.total = l.wsum + ALIGN64 (3 * C * sizeof (int32_t));
  return l;
}

static void
check_geometry (const EdgeConv2dParams * p)
{
  assert (edge_conv2d_params_valid (p));
  assert (p->kernel_h == 3 && p->kernel_w == 3);
  assert (p->stride_h == p->stride_w);
  assert (p->stride_w == 1 || p->stride_w == 2);
  assert (p->dilation_h == 1 && p->dilation_w == 1);
  assert (p->groups == p->in_c && p->groups == p->out_c);
  (void) p;
}

size_t
edge_orc_qs8_dwconv3x3_workspace_size (const EdgeConv2dParams * p)
{
  check_geometry (p);
  return layout_for (p).total;
}

typedef struct
{
  const EdgeConv2dParams *p;
  const int8_t *input;
  int32_t input_zero_point;
  const int8_t *weight;         /* [3][3][C], for the C border pixels */
  const int32_t *bias;          /* may be NULL */
  const float *scale;
  int32_t output_zero_point;
  int32_t output_min, output_max;
  int8_t *output;
  uint8_t *workspace;
  Layout layout;
  const int16_t *w16;           /* slice 0 */
  const int32_t *wsum;          /* slice 0 */
  int32_t ox_begin, ox_end;     /* interior output columns */
  EdgeOrcRequant requant;
} DwJob;

/* The reference's value for output (n, oy, ox), all channels: the clipped
 * window sum of (x - z_in) * w, the bias added with wrap-around, then the
 * requantization rule. */
static void
border_pixel_c (const DwJob * job, int32_t n, int32_t oy, int32_t ox,
    int8_t * out)
{
  const EdgeConv2dParams *p = job->p;
  const int32_t C = p->in_c;

  for (int32_t c = 0; c < C; c++) {
    int32_t acc = 0;

    for (int32_t ky = 0; ky < 3; ky++) {
      const int32_t iy = oy * p->stride_h - p->pad_top + ky;
      if (iy < 0 || iy >= p->in_h)
        continue;
      for (int32_t kx = 0; kx < 3; kx++) {
        const int32_t ix = ox * p->stride_w - p->pad_left + kx;
        if (ix < 0 || ix >= p->in_w)
          continue;
        acc += ((int32_t) job->input[(((size_t) n * p->in_h + iy) * p->in_w
                    + ix) * C + c] - job->input_zero_point)
            * (int32_t) job->weight[(size_t) (ky * 3 + kx) * C + c];
      }
    }
    if (job->bias)
      acc = (int32_t) ((uint32_t) acc + (uint32_t) job->bias[c]);
    out[c] = (int8_t) edge_requantize ((float) acc * job->scale[c],
        job->output_zero_point, job->output_min, job->output_max);
  }
}

static void
dw_rows (void *context, int thread, size_t start, size_t end)
{
  const DwJob *job = context;
  const EdgeConv2dParams *p = job->p;
  const int32_t C = p->in_c;
  const int32_t s = p->stride_w;
  uint8_t *slice = job->workspace + (size_t) thread * job->layout.total;
  int32_t *acc = (int32_t *) (void *) (slice + job->layout.acc);
  int32_t *bias = (int32_t *) (void *) (slice + job->layout.bias);
  const int32_t m = job->ox_end - job->ox_begin;
  const int32_t x0 = job->ox_begin * s - p->pad_left;
  const int sstride = s * C;
  const int astride = C * (int) sizeof (int32_t);
  int pattern = -1;             /* valid-row mask bias[] was built for */
  const EdgeOrcFpState fp = edge_orc_fp_save ();        /* per thread */

  for (size_t row = start; row < end; row++) {
    const int32_t n = (int32_t) (row / (size_t) p->out_h);
    const int32_t oy = (int32_t) (row % (size_t) p->out_h);
    int8_t *out_row = job->output + row * (size_t) p->out_w * (size_t) C;
    const int8_t *in_rows[3];
    int valid = 0;

    for (int32_t ky = 0; ky < 3; ky++) {
      const int32_t iy = oy * p->stride_h - p->pad_top + ky;

      in_rows[ky] = NULL;
      if (iy >= 0 && iy < p->in_h) {
        valid |= 1 << ky;
        /* x0 >= 0 whenever there are interior pixels */
        if (m > 0)
          in_rows[ky] = job->input + (((size_t) n * p->in_h + iy) * p->in_w
              + x0) * (size_t) C;
      }
    }

    if (m > 0) {
      int first = 1;

      if (valid != pattern) {
        /* bias' = bias - z_in * (weights of the valid rows), mod 2^32 */
        for (int32_t c = 0; c < C; c++) {
          uint32_t b = job->bias ? (uint32_t) job->bias[c] : 0;
          int32_t ws = 0;

          for (int32_t ky = 0; ky < 3; ky++)
            if (valid & (1 << ky))
              ws += job->wsum[ky * C + c];
          b -= (uint32_t) (job->input_zero_point * ws);
          bias[c] = (int32_t) b;
        }
        pattern = valid;
      }

      for (int32_t ky = 0; ky < 3; ky++) {
        const int8_t *x = in_rows[ky];
        const int16_t *w = job->w16 + (size_t) ky * 3 * C;

        if (x == NULL)
          continue;
        if (first) {
          edge_orc_qs8_dw3_row_first (acc, astride, bias, 0, x, sstride,
              x + C, sstride, x + 2 * C, sstride, w, 0, w + C, 0, w + 2 * C,
              0, C, m);
          first = 0;
        } else {
          edge_orc_qs8_dw3_row_acc (acc, astride, x, sstride, x + C,
              sstride, x + 2 * C, sstride, w, 0, w + C, 0, w + 2 * C, 0, C,
              m);
        }
      }
      edge_orc_qs8_dw3_requantize (out_row + (size_t) job->ox_begin * C, C,
          acc, astride, job->scale, 0, job->requant.lo, job->requant.hi,
          job->requant.k, C, m);
    }

    for (int32_t ox = 0; ox < p->out_w; ox++) {
      if (ox == job->ox_begin && m > 0) {
        ox = job->ox_end - 1;
        continue;
      }
      border_pixel_c (job, n, oy, ox, out_row + (size_t) ox * C);
    }
  }
  edge_orc_fp_restore (fp);
}

void
edge_orc_qs8_dwconv3x3 (const EdgeConv2dParams * p,
    const int8_t * input, int32_t input_zero_point,
    const int8_t * weight_hwc, const int32_t * bias,
    const float *requant_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output, void *workspace,
    EdgeThreadPool * pool)
{
  DwJob job;
  int16_t *w16;
  int32_t *wsum;
  int64_t b, e;

  check_geometry (p);
  assert (input != NULL && weight_hwc != NULL && requant_scale != NULL);
  assert (output != NULL && workspace != NULL);
  assert (((uintptr_t) workspace & 63) == 0);
  assert (input_zero_point >= -128 && input_zero_point <= 127);
  assert (output_zero_point >= -128 && output_zero_point <= 127);
  assert (output_min <= output_max);
  /* ORC strides are ints */
  assert (edge_orc_fits_int ((int64_t) p->out_w * p->in_c * 4));
  assert (edge_orc_fits_int ((int64_t) p->stride_w * p->in_c));

  job.p = p;
  job.input = input;
  job.input_zero_point = input_zero_point;
  job.weight = weight_hwc;
  job.bias = bias;
  job.scale = requant_scale;
  job.output_zero_point = output_zero_point;
  job.output_min = output_min;
  job.output_max = output_max;
  job.output = output;
  job.workspace = workspace;
  job.layout = layout_for (p);
  job.requant = edge_orc_requant (output_zero_point, output_min, output_max);

  /* interior columns: ox * s - pad_left >= 0 and ox * s - pad_left + 2 <
   * in_w */
  b = (p->pad_left + p->stride_w - 1) / p->stride_w;
  e = p->in_w >= 3 ? ((int64_t) p->in_w - 3 + p->pad_left) / p->stride_w + 1
      : 0;
  if (e > p->out_w)
    e = p->out_w;
  if (b > e)
    b = e;
  job.ox_begin = (int32_t) b;
  job.ox_end = (int32_t) e;

  /* shared tables, in slice 0 */
  w16 = (int16_t *) (void *) ((uint8_t *) workspace + job.layout.w16);
  wsum = (int32_t *) (void *) ((uint8_t *) workspace + job.layout.wsum);
  for (int32_t ky = 0; ky < 3; ky++)
    for (int32_t c = 0; c < p->in_c; c++) {
      int32_t sum = 0;

      for (int32_t kx = 0; kx < 3; kx++) {
        const size_t i = (size_t) (ky * 3 + kx) * p->in_c + c;
        w16[i] = weight_hwc[i];
        sum += weight_hwc[i];
      }
      wsum[ky * p->in_c + c] = sum;
    }
  job.w16 = w16;
  job.wsum = wsum;

  edge_thread_pool_parallelize (pool, dw_rows, &job,
      (size_t) p->batch * (size_t) p->out_h, 1);
}
