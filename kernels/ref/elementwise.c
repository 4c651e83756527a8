/* gst-edge kernels: reference element-wise operators (add, mul, clamp).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Reference versions: the oracle every vectorized path must match bit for
 * bit. Each int8 kernel writes its float expression exactly once, in the
 * order the header documents, and hands it to edge_requantize(). Every
 * kernel reads element i before writing element i and never looks at any
 * other element, which is what makes in-place operation (out == a, out == b
 * or both) safe. */

#include "edge-kernels.h"
#include "edge-kernels-internal.h"
#include "edge-requantize.h"

#include <assert.h>
#include <math.h>


/* Largest multiplier accepted by add: |a - za| <= 255, so each product is at
 * most 255 * 2^119 < 2^127 and their sum stays below FLT_MAX (~2^128). A
 * larger one could turn (+inf) + (-inf) into NaN. Any multiplier above 512
 * already saturates every non-zero input, so this rejects nothing useful. */
#define EDGE_ADD_MAX_MULTIPLIER 0x1p119f

/* The float clamp every float kernel of this file uses. Written as two
 * comparisons so that a NaN input passes through unchanged (a clamp does not
 * invent values) and -0.0 stays -0.0 against a 0.0 bound; this is exactly
 * _mm_min_ps (hi, _mm_max_ps (lo, x)) in SSE operand order. */
static inline float
clamp_f32 (float x, float lo, float hi)
{
  const float t = (x < lo) ? lo : x;
  return (t > hi) ? hi : t;
}

/* a_multiplier = a_scale / output_scale and b_multiplier =
 * b_scale / output_scale, each one float32 division. */
void
edge_qs8_add_params_init (EdgeQs8BinaryParams * params,
    float a_scale, int32_t a_zero_point, float b_scale, int32_t b_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max)
{
  assert (params != NULL);
  assert (scale_is_valid (a_scale));
  assert (scale_is_valid (b_scale));
  assert (scale_is_valid (output_scale));

  params->a_multiplier = a_scale / output_scale;
  params->b_multiplier = b_scale / output_scale;
  params->a_zero_point = a_zero_point;
  params->b_zero_point = b_zero_point;
  params->output_zero_point = output_zero_point;
  params->output_min = output_min;
  params->output_max = output_max;

  assert (params->a_multiplier <= EDGE_ADD_MAX_MULTIPLIER);
  assert (params->b_multiplier <= EDGE_ADD_MAX_MULTIPLIER);
  check_binary_params (params);
}

/* a_multiplier = (a_scale * b_scale) / output_scale: the product first, then
 * the division, both in float32. b_multiplier is unused and set to 0. The
 * multiplier may overflow to +inf only for absurd scales (asserted finite);
 * the product of a finite multiplier and |acc| <= 65025 is never NaN. */
void
edge_qs8_mul_params_init (EdgeQs8BinaryParams * params,
    float a_scale, int32_t a_zero_point, float b_scale, int32_t b_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max)
{
  const float product_scale = a_scale * b_scale;

  assert (params != NULL);
  assert (scale_is_valid (a_scale));
  assert (scale_is_valid (b_scale));
  assert (scale_is_valid (output_scale));

  params->a_multiplier = product_scale / output_scale;
  params->b_multiplier = 0.0f;
  params->a_zero_point = a_zero_point;
  params->b_zero_point = b_zero_point;
  params->output_zero_point = output_zero_point;
  params->output_min = output_min;
  params->output_max = output_max;

  assert (isfinite (params->a_multiplier));
  check_binary_params (params);
}

/* int8 add, [n] elements, in place allowed. (a - za) and (b - zb) are exact
 * in [-255, 255]; each is converted to float (exact), multiplied by its
 * multiplier, the two products added (three float32 roundings, no FMA), and
 * the result requantized: round half to even, saturated to
 * [output_min, output_max]. */
void
edge_ref_qs8_add (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params)
{
  check_binary_params (params);
  assert (n == 0 || (a != NULL && b != NULL && out != NULL));

  const float am = params->a_multiplier;
  const float bm = params->b_multiplier;
  const int32_t za = params->a_zero_point;
  const int32_t zb = params->b_zero_point;

  for (size_t i = 0; i < n; i++) {
    const float x = (float) (a[i] - za) * am + (float) (b[i] - zb) * bm;

    out[i] = (int8_t) edge_requantize (x, params->output_zero_point,
        params->output_min, params->output_max);
  }
}

/* int8 mul, [n] elements, in place allowed. The product of the two centred
 * inputs is an exact int32 in [-65025, 65025] (no overflow), exactly
 * representable in float; one float32 multiplication by a_multiplier, then
 * the requantization rule. */
void
edge_ref_qs8_mul (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params)
{
  check_binary_params (params);
  assert (n == 0 || (a != NULL && b != NULL && out != NULL));

  const float m = params->a_multiplier;
  const int32_t za = params->a_zero_point;
  const int32_t zb = params->b_zero_point;

  for (size_t i = 0; i < n; i++) {
    const float x = (float) ((a[i] - za) * (b[i] - zb)) * m;

    out[i] = (int8_t) edge_requantize (x, params->output_zero_point,
        params->output_min, params->output_max);
  }
}

/* float add: out = clamp (a + b, output_min, output_max), one float32
 * addition; in place allowed; NaN propagates. Pass -INFINITY/INFINITY for
 * no clamp. */
void
edge_ref_f32_add (size_t n, const float *a, const float *b,
    float *out, float output_min, float output_max)
{
  assert (n == 0 || (a != NULL && b != NULL && out != NULL));
  assert (output_min <= output_max);    /* also rejects NaN bounds */

  for (size_t i = 0; i < n; i++)
    out[i] = clamp_f32 (a[i] + b[i], output_min, output_max);
}

/* float mul: out = clamp (a * b, output_min, output_max); as add. */
void
edge_ref_f32_mul (size_t n, const float *a, const float *b,
    float *out, float output_min, float output_max)
{
  assert (n == 0 || (a != NULL && b != NULL && out != NULL));
  assert (output_min <= output_max);

  for (size_t i = 0; i < n; i++)
    out[i] = clamp_f32 (a[i] * b[i], output_min, output_max);
}

/* int8 clamp, in the quantized domain: ReLU is [zero_point, 127], ReLU6
 * [zero_point, quantize (6)]. In place allowed. */
void
edge_ref_s8_clamp (size_t n, const int8_t * in, int8_t out_min,
    int8_t out_max, int8_t * out)
{
  assert (n == 0 || (in != NULL && out != NULL));
  assert (out_min <= out_max);

  for (size_t i = 0; i < n; i++) {
    const int8_t v = in[i];
    out[i] = v < out_min ? out_min : (v > out_max ? out_max : v);
  }
}

/* float clamp; NaN passes through, -0.0 is kept. In place allowed. */
void
edge_ref_f32_clamp (size_t n, const float *in, float out_min,
    float out_max, float *out)
{
  assert (n == 0 || (in != NULL && out != NULL));
  assert (out_min <= out_max);

  for (size_t i = 0; i < n; i++)
    out[i] = clamp_f32 (in[i], out_min, out_max);
}
