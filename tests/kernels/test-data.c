/* Kernel suite: data movement (NHWC constant pad, channel concatenation).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "kernel-test-utils.h"

#include <stdlib.h>

/* Bytes of guard around every output buffer, checked untouched. */
#define GUARD 64
#define GUARD_BYTE 0x5a

static uint8_t *
guarded_alloc (size_t bytes)
{
  uint8_t *buf = g_malloc (bytes + 2 * GUARD);

  memset (buf, GUARD_BYTE, bytes + 2 * GUARD);
  return buf + GUARD;
}

/* Asserts that nothing was written before or after [p, p + bytes), then
 * frees the buffer. */
static void
guarded_check_free (uint8_t * p, size_t bytes)
{
  for (size_t i = 0; i < GUARD; i++) {
    g_assert_cmpuint (p[-(ptrdiff_t) GUARD + (ptrdiff_t) i], ==, GUARD_BYTE);
    g_assert_cmpuint (p[bytes + i], ==, GUARD_BYTE);
  }
  g_free (p - GUARD);
}

/* Stores v as an element of @size bytes (the low bytes of v). */
static void
put_element (uint8_t * dst, size_t size, uint32_t v)
{
  if (size == 1) {
    const uint8_t x = (uint8_t) v;
    memcpy (dst, &x, 1);
  } else if (size == 2) {
    const uint16_t x = (uint16_t) v;
    memcpy (dst, &x, 2);
  } else {
    memcpy (dst, &v, 4);
  }
}

/* Low byte in [1, 200] (never the pad value's 0xf0), upper bytes i. */
static uint32_t
input_value (size_t i)
{
  return (uint32_t) (i % 200 + 1) + ((uint32_t) i << 8);
}

/* Pads with every pad non-zero and checks each output element against the
 * input element at (y - top, x - left, c - c_before) or the pad value. */
static void
check_pad (const EdgePadParams * p, size_t es)
{
  const int oh = p->in_h + p->pad_top + p->pad_bottom;
  const int ow = p->in_w + p->pad_left + p->pad_right;
  const int oc = p->in_c + p->pad_c_before + p->pad_c_after;
  const size_t ni = (size_t) p->batch * p->in_h * p->in_w * p->in_c;
  const size_t no = (size_t) p->batch * oh * ow * oc;
  uint8_t *in = g_malloc (ni * es);
  uint8_t *out = guarded_alloc (no * es);
  uint8_t value[4], want[4];

  /* input element i holds input_value (i); the pad value differs from
   * every input in its low byte, so even 1-byte elements tell them apart */
  for (size_t i = 0; i < ni; i++)
    put_element (in + i * es, es, input_value (i));
  put_element (value, es, 0xa5c3e1f0u);

  edge_ref_pad_nhwc (p, es, in, value, out);

  size_t o = 0;
  for (int n = 0; n < p->batch; n++)
    for (int y = 0; y < oh; y++)
      for (int x = 0; x < ow; x++)
        for (int c = 0; c < oc; c++, o++) {
          const int iy = y - p->pad_top, ix = x - p->pad_left;
          const int ic = c - p->pad_c_before;

          if (iy >= 0 && iy < p->in_h && ix >= 0 && ix < p->in_w && ic >= 0
              && ic < p->in_c) {
            const size_t i = (((size_t) n * p->in_h + iy) * p->in_w + ix)
                * p->in_c + ic;
            put_element (want, es, input_value (i));
          } else {
            put_element (want, es, 0xa5c3e1f0u);
          }
          if (memcmp (out + o * es, want, es) != 0)
            g_error ("pad es=%zu: element (%d,%d,%d,%d) wrong", es, n, y, x, c);
        }
  g_assert_cmpuint (o, ==, no);
  guarded_check_free (out, no * es);
  g_free (in);
}

/* Padding on every axis (top, bottom, left, right, channels before and
 * after) is right for 1-, 2- and 4-byte elements, writing exactly the
 * output extent. */
static void
test_pad_every_axis (void)
{
  const EdgePadParams shapes[] = {
    {2, 3, 5, 3, 1, 2, 3, 1, 1, 2},
    {1, 1, 1, 1, 2, 1, 1, 2, 3, 0},
    {1, 7, 4, 17, 0, 1, 0, 1, 0, 3},
    {1, 4, 4, 2, 0, 0, 0, 0, 0, 0},     /* no padding: a copy */
  };

  for (guint k = 0; k < G_N_ELEMENTS (shapes); k++) {
    check_pad (&shapes[k], 1);
    check_pad (&shapes[k], 2);
    check_pad (&shapes[k], 4);
  }
}

/* BlazeFace pads channels 24 -> 28 with the zero point: the first 24
 * channels of every pixel are the input, the last 4 are the zero point, and
 * the float variant pads with +0.0. */
static void
test_pad_channels_blazeface (void)
{
  const EdgePadParams p = { 1, 16, 16, 24, 0, 0, 0, 0, 0, 4 };
  const size_t pixels = 16 * 16;
  GRand *r = ktest_rand_new ();
  int8_t *in = g_new (int8_t, pixels * 24);
  int8_t *out = (int8_t *) guarded_alloc (pixels * 28);
  float *fin = g_new (float, pixels * 24);
  float *fout = (float *) guarded_alloc (pixels * 28 * sizeof (float));
  const int8_t zp = -128;
  const float zero = 0.0f;

  ktest_fill_s8 (r, in, pixels * 24, -128, 127);
  ktest_fill_f32 (r, fin, pixels * 24, -1.0, 1.0);
  edge_ref_pad_nhwc (&p, 1, in, &zp, out);
  edge_ref_pad_nhwc (&p, 4, fin, &zero, fout);
  for (size_t px = 0; px < pixels; px++) {
    g_assert_cmpmem (out + px * 28, 24, in + px * 24, 24);
    g_assert_cmpmem (fout + px * 28, 24 * sizeof (float), fin + px * 24,
        24 * sizeof (float));
    for (int c = 24; c < 28; c++) {
      g_assert_cmpint (out[px * 28 + c], ==, -128);
      g_assert_cmpfloat (fout[px * 28 + c], ==, 0.0f);
      g_assert_false (signbit (fout[px * 28 + c]));
    }
  }
  guarded_check_free ((uint8_t *) out, pixels * 28);
  guarded_check_free ((uint8_t *) fout, pixels * 28 * sizeof (float));
  g_free (in);
  g_free (fin);
  g_rand_free (r);
}

/* "same" padding of 1 on H and W for float: the border is the pad value,
 * the interior the input shifted by one row and column. */
static void
test_pad_spatial_f32 (void)
{
  const EdgePadParams p = { 1, 3, 2, 1, 1, 1, 1, 1, 0, 0 };
  const float in[6] = { 1, 2, 3, 4, 5, 6 };
  const float value = -7.0f;
  const float want[20] = {
    -7, -7, -7, -7,
    -7, 1, 2, -7,
    -7, 3, 4, -7,
    -7, 5, 6, -7,
    -7, -7, -7, -7,
  };
  float out[20];

  edge_ref_pad_nhwc (&p, sizeof (float), in, &value, out);
  ktest_assert_f32_near (out, want, 20, 0.0, 0.0);
}

/* Concatenation with all parameters equal to the output's copies every
 * byte, for 1, 3 and 17 channels over 1 and 49 pixels. */
static void
test_qs8_concat_equal_params (void)
{
  GRand *r = ktest_rand_new ();
  const int32_t channels[3] = { 1, 3, 17 };
  const float scales[3] = { 0.05f, 0.05f, 0.05f };
  const int32_t zps[3] = { -128, -128, -128 };
  const int pixel_counts[2] = { 1, 49 };

  for (int k = 0; k < 2; k++) {
    const int pixels = pixel_counts[k];
    int8_t *in[3];
    int8_t *out = (int8_t *) guarded_alloc ((size_t) pixels * 21);

    for (int i = 0; i < 3; i++) {
      in[i] = g_new (int8_t, pixels * channels[i]);
      ktest_fill_s8 (r, in[i], (size_t) pixels * channels[i], -128, 127);
    }
    edge_ref_qs8_concat_channels (pixels, 3, (const int8_t * const *) in,
        channels, scales, zps, 0.05f, -128, out);
    for (int px = 0; px < pixels; px++) {
      g_assert_cmpmem (out + px * 21, 1, in[0] + px, 1);
      g_assert_cmpmem (out + px * 21 + 1, 3, in[1] + px * 3, 3);
      g_assert_cmpmem (out + px * 21 + 4, 17, in[2] + px * 17, 17);
    }
    guarded_check_free ((uint8_t *) out, (size_t) pixels * 21);
    for (int i = 0; i < 3; i++)
      g_free (in[i]);
  }
  g_rand_free (r);
}

/* Concatenation of inputs whose parameters differ from the output's lands
 * within 1 LSB of the double requantization (exactly for a pure zero-point
 * shift), equal ones are copied, at extreme zero points and with
 * saturation. */
static void
test_qs8_concat_requantize (void)
{
  GRand *r = ktest_rand_new ();
  /* output: scale 0.04, zero point -5 */
  const float out_scale = 0.04f;
  const int32_t out_zp = -5;
  const int32_t channels[5] = { 7, 1, 3, 17, 2 };
  /* same; other scale; other zero point only; both, extreme; far larger
   * scale (saturates) */
  const float scales[5] = { 0.04f, 0.03f, 0.04f, 0.11f, 2.0f };
  const int32_t zps[5] = { -5, 10, 127, -128, 0 };
  const int pixels = 33, out_c = 30;
  int8_t *in[5];
  int8_t *out = (int8_t *) guarded_alloc ((size_t) pixels * out_c);
  int want[33 * 30];

  for (int i = 0; i < 5; i++) {
    in[i] = g_new (int8_t, pixels * channels[i]);
    ktest_fill_s8 (r, in[i], (size_t) pixels * channels[i], -128, 127);
  }
  edge_ref_qs8_concat_channels (pixels, 5, (const int8_t * const *) in,
      channels, scales, zps, out_scale, out_zp, out);

  for (int px = 0; px < pixels; px++) {
    int offset = 0;

    for (int i = 0; i < 5; i++) {
      for (int c = 0; c < channels[i]; c++) {
        const int q = in[i][px * channels[i] + c];
        const double real = (double) scales[i] * (q - zps[i]);

        want[px * out_c + offset + c] =
            ktest_quantize_double (real, out_scale, out_zp, -128, 127);
        /* equal scale: an exact integer shift by (z_out - z_in) */
        if (scales[i] == out_scale) {
          const int shifted = CLAMP (q - zps[i] + out_zp, -128, 127);
          g_assert_cmpint (out[px * out_c + offset + c], ==, shifted);
        }
      }
      offset += channels[i];
    }
    g_assert_cmpint (offset, ==, out_c);
  }
  ktest_assert_s8_near (out, want, pixels * out_c, 1);
  /* the 2.0-scale input saturates wherever |q| > 2 (50 q - 5 LSBs) */
  for (int px = 0; px < pixels; px++)
    for (int c = 0; c < 2; c++) {
      const int q = in[4][px * 2 + c];
      if (q > 2)
        g_assert_cmpint (out[px * out_c + 28 + c], ==, 127);
      if (q < -2)
        g_assert_cmpint (out[px * out_c + 28 + c], ==, -128);
    }
  guarded_check_free ((uint8_t *) out, (size_t) pixels * out_c);
  for (int i = 0; i < 5; i++)
    g_free (in[i]);
  g_rand_free (r);
}

/* Float concatenation places each input's channels at its offset, bit for
 * bit, writing exactly the output extent. */
static void
test_f32_concat (void)
{
  GRand *r = ktest_rand_new ();
  const int32_t channels[4] = { 2, 1, 17, 3 };
  const int pixels = 7, out_c = 23;
  float *in[4];
  float *out = (float *) guarded_alloc ((size_t) pixels * out_c * 4);

  for (int i = 0; i < 4; i++) {
    in[i] = g_new (float, pixels * channels[i]);
    ktest_fill_f32 (r, in[i], (size_t) pixels * channels[i], -5.0, 5.0);
  }
  edge_ref_f32_concat_channels (pixels, 4, (const float *const *) in,
      channels, out);
  for (int px = 0; px < pixels; px++) {
    int offset = 0;

    for (int i = 0; i < 4; i++) {
      for (int c = 0; c < channels[i]; c++)
        g_assert_cmpfloat (out[px * out_c + offset + c], ==,
            in[i][px * channels[i] + c]);
      offset += channels[i];
    }
  }
  guarded_check_free ((uint8_t *) out, (size_t) pixels * out_c * 4);
  for (int i = 0; i < 4; i++)
    g_free (in[i]);
  g_rand_free (r);
}

/* A single input of one pixel is copied as is (int8 and float). */
static void
test_concat_single (void)
{
  const int8_t q[5] = { -128, -1, 0, 1, 127 };
  const float f[5] = { -1.5f, -0.0f, 0.0f, 3.25f, 1e30f };
  const int8_t *qi[1] = { q };
  const float *fi[1] = { f };
  const int32_t ch[1] = { 5 };
  const float s[1] = { 0.5f };
  const int32_t z[1] = { 127 };
  int8_t qo[5];
  float fo[5];

  edge_ref_qs8_concat_channels (1, 1, qi, ch, s, z, 0.5f, 127, qo);
  g_assert_cmpmem (qo, 5, q, 5);
  edge_ref_f32_concat_channels (1, 1, fi, ch, fo);
  g_assert_cmpmem (fo, sizeof (fo), f, sizeof (f));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kernels/data/pad-every-axis", test_pad_every_axis);
  g_test_add_func ("/kernels/data/pad-channels-blazeface",
      test_pad_channels_blazeface);
  g_test_add_func ("/kernels/data/pad-spatial-f32", test_pad_spatial_f32);
  g_test_add_func ("/kernels/data/qs8-concat-equal-params",
      test_qs8_concat_equal_params);
  g_test_add_func ("/kernels/data/qs8-concat-requantize",
      test_qs8_concat_requantize);
  g_test_add_func ("/kernels/data/f32-concat", test_f32_concat);
  g_test_add_func ("/kernels/data/concat-single", test_concat_single);

  return g_test_run ();
}
