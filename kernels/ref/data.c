/* gst-edge kernels: reference data movement (pad, channel concatenation).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Reference versions: the oracle every vectorized path must match bit for
 * bit. Outputs never alias inputs. */

#include "edge-kernels.h"
#include "edge-kernels-internal.h"
#include "edge-requantize.h"

#include <assert.h>
#include <math.h>
#include <stdint.h>
#include <string.h>


/* Largest element count of a tensor: byte offsets of the widest element
 * (4 bytes) then fit ptrdiff_t, so size_t index math cannot wrap. */
#define EDGE_DATA_MAX_ELEMENTS ((uint64_t) PTRDIFF_MAX / 4)

/* a * b * c * d <= EDGE_DATA_MAX_ELEMENTS for positive factors, checked
 * without ever overflowing uint64. */
static inline EDGE_ASSERT_ONLY int
elements_fit (int64_t a, int64_t b, int64_t c, int64_t d)
{
  const int64_t factors[4] = { a, b, c, d };
  uint64_t total = 1;

  for (int i = 0; i < 4; i++) {
    if (factors[i] <= 0
        || (uint64_t) factors[i] > EDGE_DATA_MAX_ELEMENTS / total)
      return 0;
    total *= (uint64_t) factors[i];
  }
  return 1;
}

/* Output is [batch][pad_top + in_h + pad_bottom][pad_left + in_w + pad_right]
 * [pad_c_before + in_c + pad_c_after]; every element either the input
 * element it lands on, or a copy of the element_size bytes at @value. Input
 * sizes must be positive, pads non-negative, and both tensors must fit
 * ptrdiff_t in bytes. Element by element, so it works for any element type
 * of 1, 2 or 4 bytes without interpreting the bytes. */
void
edge_ref_pad_nhwc (const EdgePadParams * p, size_t element_size,
    const void *input, const void *value, void *output)
{
  assert (p != NULL);
  assert (element_size == 1 || element_size == 2 || element_size == 4);
  assert (input != NULL && value != NULL && output != NULL);
  assert (p->batch > 0 && p->in_h > 0 && p->in_w > 0 && p->in_c > 0);
  assert (p->pad_top >= 0 && p->pad_bottom >= 0);
  assert (p->pad_left >= 0 && p->pad_right >= 0);
  assert (p->pad_c_before >= 0 && p->pad_c_after >= 0);

  /* int64: the sum of three int32 cannot overflow there */
  const int64_t out_h64 = (int64_t) p->pad_top + p->in_h + p->pad_bottom;
  const int64_t out_w64 = (int64_t) p->pad_left + p->in_w + p->pad_right;
  const int64_t out_c64 = (int64_t) p->pad_c_before + p->in_c + p->pad_c_after;

  assert (out_h64 <= INT32_MAX && out_w64 <= INT32_MAX && out_c64 <= INT32_MAX);
  assert (elements_fit (p->batch, out_h64, out_w64, out_c64));

  const int32_t out_h = (int32_t) out_h64;
  const int32_t out_w = (int32_t) out_w64;
  const int32_t out_c = (int32_t) out_c64;
  const uint8_t *src = input;
  uint8_t *dst = output;

  for (int32_t n = 0; n < p->batch; n++)
    for (int32_t oy = 0; oy < out_h; oy++)
      for (int32_t ox = 0; ox < out_w; ox++)
        for (int32_t oc = 0; oc < out_c; oc++) {
          /* input coordinates; may be negative or past the end */
          const int32_t y = oy - p->pad_top;
          const int32_t x = ox - p->pad_left;
          const int32_t c = oc - p->pad_c_before;
          const int inside = y >= 0 && y < p->in_h && x >= 0 && x < p->in_w
              && c >= 0 && c < p->in_c;

          if (inside) {
            const size_t i = (((size_t) n * (size_t) p->in_h + (size_t) y)
                * (size_t) p->in_w + (size_t) x) * (size_t) p->in_c
                + (size_t) c;
            memcpy (dst, src + i * element_size, element_size);
          } else {
            memcpy (dst, value, element_size);
          }
          dst += element_size;
        }
}

/* Checks the shape shared by both concatenations and returns the output's
 * channel count (the sum of channels[i]). */
static int32_t
concat_output_channels (int32_t pixels, int32_t n_inputs,
    const void *inputs, const int32_t * channels, const void *output)
{
  int64_t total = 0;

  assert (pixels > 0 && n_inputs > 0);
  assert (inputs != NULL && channels != NULL && output != NULL);
  for (int32_t i = 0; i < n_inputs; i++) {
    assert (channels[i] > 0);
    total += channels[i];       /* < 2^31 * 2^31: no int64 overflow */
  }
  assert (total <= INT32_MAX);
  assert (elements_fit (pixels, total, 1, 1));
  return (int32_t) total;
}

/* int8 concatenation along channels: output is [pixels][sum channels[i]],
 * input i filling channels [offset_i, offset_i + channels[i]) of every
 * pixel, offset_i the sum of the channels before it. An input with exactly
 * the output's scale and zero point is copied; any other one is requantized
 * with multiplier = input_scales[i] / output_scale (float32, computed once
 * per input): x = (float)(q - z_in) * multiplier, round half to even,
 * saturated to [-128, 127]. */
void
edge_ref_qs8_concat_channels (int32_t pixels, int32_t n_inputs,
    const int8_t * const *inputs, const int32_t * channels,
    const float *input_scales, const int32_t * input_zero_points,
    float output_scale, int32_t output_zero_point, int8_t * output)
{
  const int32_t out_c = concat_output_channels (pixels, n_inputs, inputs,
      channels, output);

  assert (input_scales != NULL && input_zero_points != NULL);
  assert (scale_is_valid (output_scale));
  assert (zero_point_is_valid (output_zero_point));

  int32_t offset = 0;

  for (int32_t i = 0; i < n_inputs; i++) {
    const int8_t *in = inputs[i];
    const int32_t in_c = channels[i];
    const float in_scale = input_scales[i];
    const int32_t in_zero_point = input_zero_points[i];

    assert (in != NULL);
    assert (scale_is_valid (in_scale));
    assert (zero_point_is_valid (in_zero_point));

    const int same = in_scale == output_scale
        && in_zero_point == output_zero_point;
    const float multiplier = in_scale / output_scale;

    assert (isfinite (multiplier));

    for (int32_t px = 0; px < pixels; px++) {
      const int8_t *src = in + (size_t) px * (size_t) in_c;
      int8_t *dst = output + (size_t) px * (size_t) out_c + (size_t) offset;

      if (same) {
        memcpy (dst, src, (size_t) in_c);
      } else {
        for (int32_t c = 0; c < in_c; c++) {
          const float x = (float) (src[c] - in_zero_point) * multiplier;
          dst[c] = (int8_t) edge_requantize (x, output_zero_point,
              INT8_MIN, INT8_MAX);
        }
      }
    }
    offset += in_c;
  }
}

/* float concatenation along channels, same layout as the int8 one; a copy. */
void
edge_ref_f32_concat_channels (int32_t pixels, int32_t n_inputs,
    const float *const *inputs, const int32_t * channels, float *output)
{
  const int32_t out_c = concat_output_channels (pixels, n_inputs, inputs,
      channels, output);
  int32_t offset = 0;

  for (int32_t i = 0; i < n_inputs; i++) {
    const float *in = inputs[i];
    const int32_t in_c = channels[i];

    assert (in != NULL);
    for (int32_t px = 0; px < pixels; px++)
      memcpy (output + (size_t) px * (size_t) out_c + (size_t) offset,
          in + (size_t) px * (size_t) in_c, (size_t) in_c * sizeof (float));
    offset += in_c;
  }
}
