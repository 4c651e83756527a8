/* gst-edge kernels: helpers shared by the reference and ORC paths.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_KERNELS_INTERNAL_H__
#define __EDGE_KERNELS_INTERNAL_H__

/* Marks helpers only assert() calls, so NDEBUG builds stay warning-free. */
#define EDGE_ASSERT_ONLY __attribute__ ((unused))

#include <assert.h>
#include <math.h>
#include <stdint.h>

#include "edge-kernels.h"

static inline EDGE_ASSERT_ONLY int
scale_is_valid (float scale)
{
  return isfinite (scale) && scale > 0.0f;
}

static inline EDGE_ASSERT_ONLY int
zero_point_is_valid (int32_t zero_point)
{
  return zero_point >= INT8_MIN && zero_point <= INT8_MAX;
}

static inline EDGE_ASSERT_ONLY void
check_binary_params (const EdgeQs8BinaryParams * params)
{
  assert (params != NULL);
  assert (zero_point_is_valid (params->a_zero_point));
  assert (zero_point_is_valid (params->b_zero_point));
  assert (zero_point_is_valid (params->output_zero_point));
  assert (params->output_min <= params->output_max);
  (void) params;                /* only read by the asserts */
}

/* The part of a pooling window inside the input: rows [y_start, y_end),
 * columns [x_start, x_end). */
typedef struct
{
  int32_t y_start, y_end, x_start, x_end;
} EdgePoolWindow;

/* The window of output (oy, ox), clipped to the input; never empty for
 * valid params. Cannot overflow: (out - 1) * stride + kernel <= INT32_MAX
 * (edge_pool2d_params_valid). */
static inline EdgePoolWindow
edge_pool_window (const EdgePool2dParams * p, int32_t oy, int32_t ox)
{
  const int32_t y0 = oy * p->stride_h - p->pad_top;
  const int32_t x0 = ox * p->stride_w - p->pad_left;
  EdgePoolWindow w;

  w.y_start = y0 < 0 ? 0 : y0;
  w.y_end = y0 + p->kernel_h < p->in_h ? y0 + p->kernel_h : p->in_h;
  w.x_start = x0 < 0 ? 0 : x0;
  w.x_end = x0 + p->kernel_w < p->in_w ? x0 + p->kernel_w : p->in_w;
  assert (w.y_start < w.y_end && w.x_start < w.x_end);
  return w;
}

/* One output pixel (all channels, written to @out) of the reference int8
 * max / average pools over window @w of image @n: the ORC paths use them
 * where a window is clipped by the border, so both give the same bits. */
void edge_ref_qs8_max_pool_pixel (const EdgePool2dParams * p,
    const int8_t * input, int32_t n, const EdgePoolWindow * w,
    int8_t output_min, int8_t output_max, int8_t * out);
void edge_ref_qs8_avg_pool_pixel (const EdgePool2dParams * p,
    const int8_t * input, int32_t n, const EdgePoolWindow * w,
    float input_scale, int32_t input_zero_point, float output_scale,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * out);

#endif /* __EDGE_KERNELS_INTERNAL_H__ */
