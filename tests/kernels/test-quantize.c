/* Kernel suite: quantize, dequantize, requantize and uint8 <-> int8.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "kernel-test-utils.h"

#include <float.h>
#include <stdlib.h>

static const size_t sizes[] = { 1, 7, 17, 1023 };

#define MAX_N 1023

static const int zero_points[] = { -128, -1, 0, 5, 127 };

/* Quantization of random floats (inside and well beyond the int8 range) is
 * within 1 LSB of x / scale rounded in double, for n = 1, 7, 17, 1023 and
 * zero points from -128 to 127. */
static void
test_quantize_random (void)
{
  GRand *r = ktest_rand_new ();
  float in[MAX_N];
  int8_t out[MAX_N];
  int want[MAX_N];

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (guint z = 0; z < G_N_ELEMENTS (zero_points); z++) {
      const size_t n = sizes[s];
      const int zp = zero_points[z];
      const float scale = (float) g_rand_double_range (r, 0.001, 0.5);

      ktest_fill_f32 (r, in, n, -300.0 * scale, 300.0 * scale);
      for (size_t i = 0; i < n; i++)
        want[i] = ktest_quantize_double (in[i], scale, zp, -128, 127);
      edge_ref_qs8_quantize_f32 (n, in, scale, zp, out);
      ktest_assert_s8_near (out, want, n, 1);
    }
  g_rand_free (r);
}

/* NaN -> -128, +inf and overflowing quotients -> 127, -inf -> -128,
 * +-FLT_MAX saturate, -0.0 and denormals -> the zero point, at every zero
 * point. */
static void
test_quantize_edge_values (void)
{
  const float in[9] = { NAN, -NAN, INFINITY, -INFINITY, FLT_MAX, -FLT_MAX,
    -0.0f, 1e-45f, 1e30f
  };
  int8_t out[9];

  for (guint z = 0; z < G_N_ELEMENTS (zero_points); z++) {
    const int zp = zero_points[z];
    const int want[9] = { -128, -128, 127, -128, 127, -128, zp, zp, 127 };

    edge_ref_qs8_quantize_f32 (9, in, 0.1f, zp, out);
    ktest_assert_s8_near (out, want, 9, 0);
  }
  /* 1e30 / 1e-30 overflows float to +inf: saturates, no UB */
  edge_ref_qs8_quantize_f32 (9, in, 1e-30f, 0, out);
  g_assert_cmpint (out[8], ==, 127);
  g_assert_cmpint (out[5], ==, -128);
}

/* Exact halves round to even before the zero point is added (0.5 -> 0,
 * 1.5 -> 2, 2.5 -> 2, -0.5 -> 0, -2.5 -> -2; with zp 1: 0.5 -> 1, 1.5 -> 3),
 * and the quotient is x / scale, not x * (1 / scale): 2.25 / 0.3f is
 * 7.4999995 (-> 7) where 2.25 * (1 / 0.3f) is 7.5 (-> 8). */
static void
test_quantize_ties_to_even (void)
{
  const float in[9] = { 0.5f, 1.5f, 2.5f, 3.5f, -0.5f, -1.5f, -2.5f,
    126.5f, -127.5f
  };
  const int want0[9] = { 0, 2, 2, 4, 0, -2, -2, 126, -128 };
  const int want1[9] = { 1, 3, 3, 5, 1, -1, -1, 127, -127 };
  int8_t out[9];

  edge_ref_qs8_quantize_f32 (9, in, 1.0f, 0, out);
  ktest_assert_s8_near (out, want0, 9, 0);
  edge_ref_qs8_quantize_f32 (9, in, 1.0f, 1, out);
  ktest_assert_s8_near (out, want1, 9, 0);

  /* scale 0.5: 0.25 -> 0.5 -> 0, 0.75 -> 1.5 -> 2, 1.25 -> 2.5 -> 2 */
  const float in_half[3] = { 0.25f, 0.75f, 1.25f };
  const int want_half[3] = { 0, 2, 2 };
  edge_ref_qs8_quantize_f32 (3, in_half, 0.5f, 0, out);
  ktest_assert_s8_near (out, want_half, 3, 0);

  /* division, as ONNX: a reciprocal multiply would give 8 and 13 */
  const float in_div[2] = { 2.25f, 0x1.e00002p+1f };
  const int want_div[2] = { 7, 12 };
  edge_ref_qs8_quantize_f32 (2, in_div, 0.3f, 0, out);
  ktest_assert_s8_near (out, want_div, 2, 0);
}

/* quantize (dequantize (q)) == q for every int8 q, zero points -128..127
 * and scales from 1e-30 to 3.7. */
static void
test_round_trip (void)
{
  const float scales[6] = { 1.0f / 255.0f, 0.1f, 3.7f, 1e-3f, 1e-30f, 1.0f };
  int8_t q[256], back[256];
  float real[256];

  for (int i = 0; i < 256; i++)
    q[i] = (int8_t) (i - 128);
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    for (guint z = 0; z < G_N_ELEMENTS (zero_points); z++) {
      edge_ref_qs8_dequantize_f32 (256, q, scales[s], zero_points[z], real);
      edge_ref_qs8_quantize_f32 (256, real, scales[s], zero_points[z], back);
      g_assert_cmpmem (back, 256, q, 256);
    }
}

/* Dequantization of every int8 value is (q - zp) * scale rounded once to
 * float (the double product is exact), bit for bit, also for n = 1, 7, 17. */
static void
test_dequantize (void)
{
  const float scales[4] = { 1.0f / 255.0f, 0.1f, 3.7f, 0.0123f };
  int8_t q[256];
  float out[256], want[256];

  for (int i = 0; i < 256; i++)
    q[i] = (int8_t) (i - 128);
  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    for (guint z = 0; z < G_N_ELEMENTS (zero_points); z++) {
      for (int i = 0; i < 256; i++)
        want[i] = (float) ((double) (q[i] - zero_points[z]) * scales[s]);
      for (guint k = 0; k < 3; k++) {
        const size_t n = sizes[k];
        const size_t start = 256 - n;

        edge_ref_qs8_dequantize_f32 (n, q + start, scales[s], zero_points[z],
            out);
        ktest_assert_f32_near (out, want + start, n, 0.0, 0.0);
      }
      edge_ref_qs8_dequantize_f32 (256, q, scales[s], zero_points[z], out);
      ktest_assert_f32_near (out, want, 256, 0.0, 0.0);
    }
}

/* int8 -> int8 requantization is within 1 LSB of the double rescale, for
 * random scales, extreme zero points, ReLU clamps and n = 1, 7, 17, 1023,
 * and gives the same in place. */
static void
test_requantize_s8 (void)
{
  GRand *r = ktest_rand_new ();
  int8_t in[MAX_N], out[MAX_N];
  int want[MAX_N];

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int k = 0; k < 12; k++) {
      const size_t n = sizes[s];
      const float s_in = (float) g_rand_double_range (r, 0.001, 0.1);
      const float s_out = s_in * (float) g_rand_double_range (r, 0.3, 3.0);
      const int z_in = (k < 4) ? ((k & 1) ? 127 : -128)
          : g_rand_int_range (r, -128, 128);
      const int z_out = (k < 4) ? ((k & 2) ? 127 : -128)
          : g_rand_int_range (r, -128, 128);
      const int lo = (k % 3 == 0) ? z_out : -128;       /* ReLU */

      ktest_fill_s8 (r, in, n, -128, 127);
      for (size_t i = 0; i < n; i++)
        want[i] = ktest_quantize_double ((double) s_in * (in[i] - z_in),
            s_out, z_out, lo, 127);
      edge_ref_qs8_requantize_s8 (n, in, s_in, z_in, s_out, z_out,
          (int8_t) lo, 127, out);
      ktest_assert_s8_near (out, want, n, 1);
      /* in place */
      edge_ref_qs8_requantize_s8 (n, in, s_in, z_in, s_out, z_out,
          (int8_t) lo, 127, in);
      ktest_assert_s8_near (in, want, n, 1);
    }
  g_rand_free (r);
}

/* Requantization with equal scales is exact integer arithmetic: identity
 * for equal zero points, a saturating shift (q - z_in + z_out) otherwise. */
static void
test_requantize_s8_exact (void)
{
  int8_t in[256], out[256];
  int want[256];

  for (int i = 0; i < 256; i++)
    in[i] = (int8_t) (i - 128);
  for (guint a = 0; a < G_N_ELEMENTS (zero_points); a++)
    for (guint b = 0; b < G_N_ELEMENTS (zero_points); b++) {
      const int z_in = zero_points[a], z_out = zero_points[b];

      for (int i = 0; i < 256; i++)
        want[i] = CLAMP (i - 128 - z_in + z_out, -128, 127);
      edge_ref_qs8_requantize_s8 (256, in, 0.037f, z_in, 0.037f, z_out,
          -128, 127, out);
      ktest_assert_s8_near (out, want, 256, 0);
    }
}

/* int32 accumulators requantize per channel within 1 LSB of acc * m[c] in
 * double (including INT32_MIN/INT32_MAX, which saturate), with ReLU and
 * extreme zero points, for 1 x 1, 3 x 17 and 1 x 1023. */
static void
test_requantize_s32 (void)
{
  GRand *r = ktest_rand_new ();
  const size_t shapes[3][2] = { {1, 1}, {3, 17}, {1, 1023} };
  int32_t acc[MAX_N * 3];
  float m[MAX_N];
  int8_t out[MAX_N * 3];
  int want[MAX_N * 3];

  for (guint k = 0; k < G_N_ELEMENTS (shapes); k++)
    for (guint z = 0; z < G_N_ELEMENTS (zero_points); z++) {
      const size_t rows = shapes[k][0], ch = shapes[k][1];
      const int zp = zero_points[z];
      const int lo = (z & 1) ? zp : -128;

      for (size_t c = 0; c < ch; c++)
        m[c] = (float) (pow (2.0, g_rand_double_range (r, -16.0, -6.0)));
      for (size_t i = 0; i < rows * ch; i++)
        acc[i] = g_rand_int_range (r, -20000, 20000);
      acc[0] = (zp & 1) ? INT32_MIN : INT32_MAX;
      if (rows * ch > 1)
        acc[1] = (zp & 1) ? INT32_MAX : INT32_MIN;
      for (size_t i = 0; i < rows * ch; i++)
        want[i] = ktest_quantize_double ((double) acc[i] * m[i % ch], 1.0, zp,
            lo, 127);
      edge_ref_qs8_requantize_s32 (rows, ch, acc, m, zp, (int8_t) lo, 127, out);
      ktest_assert_s8_near (out, want, rows * ch, 1);
    }
  g_rand_free (r);
}

/* Requantizing int32 rounds exact halves to even before adding the zero
 * point (0.5, 2.5, -1.5, -0.5, 1.5, -2.5 -> 0, 2, -2, 0, 2, -2), uses each
 * channel's own multiplier, and saturates to [output_min, output_max]. */
static void
test_requantize_s32_ties (void)
{
  const int32_t acc[2][6] = { {1, 3, 5, -1, -3, -5}, {-1, 7, 3, 1, -5, 2} };
  /* channels alternate multipliers 0.5 and 2; output zero point 3 */
  const float m[6] = { 0.5f, 2.0f, 0.5f, 2.0f, 0.5f, 2.0f };
  const int want[12] = { 3, 9, 5, 1, 1, -7, 3, 17, 5, 5, 1, 7 };
  const int want_clamped[12] = { 3, 9, 5, 3, 3, 3, 3, 9, 5, 5, 3, 7 };
  int8_t out[12];

  edge_ref_qs8_requantize_s32 (2, 6, &acc[0][0], m, 3, -128, 127, out);
  ktest_assert_s8_near (out, want, 12, 0);
  edge_ref_qs8_requantize_s32 (2, 6, &acc[0][0], m, 3, 3, 9, out);
  ktest_assert_s8_near (out, want_clamped, 12, 0);
}

/* uint8 -> int8 is u - 128 and int8 -> uint8 is s + 128 for all 256 values,
 * out of place and in place, and the two are inverse. */
static void
test_u8_s8 (void)
{
  uint8_t u[256], u_back[256], buf[256];
  int8_t s[256];

  for (int i = 0; i < 256; i++)
    u[i] = (uint8_t) i;
  edge_ref_u8_to_s8 (256, u, s);
  for (int i = 0; i < 256; i++)
    g_assert_cmpint (s[i], ==, i - 128);
  edge_ref_s8_to_u8 (256, s, u_back);
  g_assert_cmpmem (u_back, 256, u, 256);

  /* in place, through the same bytes; odd sizes */
  for (guint k = 0; k < 3; k++) {
    const size_t n = sizes[k];

    memcpy (buf, u + 100, n);
    edge_ref_u8_to_s8 (n, buf, (int8_t *) buf);
    for (size_t i = 0; i < n; i++)
      g_assert_cmpint (((int8_t *) buf)[i], ==, (int) (100 + i) - 128);
    edge_ref_s8_to_u8 (n, (int8_t *) buf, buf);
    g_assert_cmpmem (buf, n, u + 100, n);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kernels/quantize/quantize-random", test_quantize_random);
  g_test_add_func ("/kernels/quantize/quantize-edge-values",
      test_quantize_edge_values);
  g_test_add_func ("/kernels/quantize/quantize-ties-to-even",
      test_quantize_ties_to_even);
  g_test_add_func ("/kernels/quantize/round-trip", test_round_trip);
  g_test_add_func ("/kernels/quantize/dequantize", test_dequantize);
  g_test_add_func ("/kernels/quantize/requantize-s8", test_requantize_s8);
  g_test_add_func ("/kernels/quantize/requantize-s8-exact",
      test_requantize_s8_exact);
  g_test_add_func ("/kernels/quantize/requantize-s32", test_requantize_s32);
  g_test_add_func ("/kernels/quantize/requantize-s32-ties",
      test_requantize_s32_ties);
  g_test_add_func ("/kernels/quantize/u8-s8", test_u8_s8);

  return g_test_run ();
}
