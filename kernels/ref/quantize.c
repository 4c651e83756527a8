/* gst-edge kernels: reference (de)quantization and requantization.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Reference versions: the oracle every vectorized path must match bit for
 * bit. Every kernel here is element-wise: element i is read before element
 * i is written and no other element is looked at, so in-place use is safe
 * wherever the header allows it. */

#include "edge-kernels.h"
#include "edge-kernels-internal.h"
#include "edge-requantize.h"

#include <assert.h>
#include <math.h>


/* float -> int8, [n] elements: x = input / scale (one float32 division), then
 * edge_requantize to [-128, 127]: round half to even, + zero_point,
 * saturate. Its clamp maps NaN to -128, +inf (or a quotient overflowing to
 * it) to 127 and -inf to -128. */
void
edge_ref_qs8_quantize_f32 (size_t n, const float *input, float scale,
    int32_t zero_point, int8_t * output)
{
  assert (n == 0 || (input != NULL && output != NULL));
  assert (scale_is_valid (scale));
  assert (zero_point_is_valid (zero_point));

  for (size_t i = 0; i < n; i++)
    output[i] = (int8_t) edge_requantize (input[i] / scale, zero_point,
        INT8_MIN, INT8_MAX);
}

/* int8 -> float, [n] elements: (float)(q - zero_point) * scale; q - zp is an
 * exact integer in [-255, 255], so this is one float32 rounding. */
void
edge_ref_qs8_dequantize_f32 (size_t n, const int8_t * input, float scale,
    int32_t zero_point, float *output)
{
  assert (n == 0 || (input != NULL && output != NULL));
  assert (scale_is_valid (scale));
  assert (zero_point_is_valid (zero_point));

  for (size_t i = 0; i < n; i++)
    output[i] = (float) (input[i] - zero_point) * scale;
}

/* int8 -> int8, [n] elements, in place allowed. multiplier =
 * input_scale / output_scale (float32, once), x = (float)(q - z_in) *
 * multiplier, then the requantization rule to [output_min, output_max]. */
void
edge_ref_qs8_requantize_s8 (size_t n, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  assert (n == 0 || (input != NULL && output != NULL));
  assert (scale_is_valid (input_scale) && scale_is_valid (output_scale));
  assert (zero_point_is_valid (input_zero_point));
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);

  const float multiplier = input_scale / output_scale;

  assert (isfinite (multiplier));

  for (size_t i = 0; i < n; i++) {
    const float x = (float) (input[i] - input_zero_point) * multiplier;
    output[i] = (int8_t) edge_requantize (x, output_zero_point, output_min,
        output_max);
  }
}

/* int32 [rows][channels] -> int8 [rows][channels]: x = (float) acc *
 * multiplier[c] (the int32 -> float conversion rounds to nearest even for
 * |acc| > 2^24, as cvtdq2ps does), then the requantization rule to
 * [output_min, output_max]. Multipliers must be finite and positive, so x
 * is never NaN (it may be +-inf, which saturates). Not in place (the element
 * types differ in size). */
void
edge_ref_qs8_requantize_s32 (size_t rows, size_t channels,
    const int32_t * input, const float *multiplier,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output)
{
  assert (rows == 0 || channels == 0 || (input != NULL && output != NULL));
  assert (channels == 0 || multiplier != NULL);
  assert (rows == 0 || channels <= SIZE_MAX / sizeof (int32_t) / rows);
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);
  for (size_t c = 0; c < channels; c++)
    assert (scale_is_valid (multiplier[c]));

  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < channels; c++) {
      const size_t i = r * channels + c;
      const float x = (float) input[i] * multiplier[c];

      output[i] = (int8_t) edge_requantize (x, output_zero_point, output_min,
          output_max);
    }
}

/* uint8 -> int8: q - 128, i.e. the top bit flipped; in place allowed (the
 * same bytes read as uint8_t, written as int8_t). */
void
edge_ref_u8_to_s8 (size_t n, const uint8_t * input, int8_t * output)
{
  assert (n == 0 || (input != NULL && output != NULL));

  for (size_t i = 0; i < n; i++)
    output[i] = (int8_t) ((int32_t) input[i] - 128);
}

/* int8 -> uint8: q + 128, the inverse; in place allowed. */
void
edge_ref_s8_to_u8 (size_t n, const int8_t * input, uint8_t * output)
{
  assert (n == 0 || (input != NULL && output != NULL));

  for (size_t i = 0; i < n; i++)
    output[i] = (uint8_t) ((int32_t) input[i] + 128);
}
