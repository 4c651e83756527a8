/* Kernel suite: max, average and global average pooling (int8 and float).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "kernel-test-utils.h"

#include <stdlib.h>

typedef struct
{
  const char *name;
  EdgePool2dParams p;
} Geometry;

/* Windows real CNNs use. Fields: batch, in_h, in_w, channels, out_h, out_w,
 * kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left. */
static const Geometry geometries[] = {
  /* VGG / YOLO max pool */
  {"2x2 s2", {1, 8, 8, 3, 4, 4, 2, 2, 2, 2, 0, 0}},
  /* 2x2 s2 in ceil mode on an odd input: the last window hangs over */
  {"2x2 s2 ceil", {2, 7, 7, 17, 4, 4, 2, 2, 2, 2, 0, 0}},
  /* ResNet stem max pool 112 -> 56 */
  {"3x3 s2 p1", {1, 112, 112, 3, 56, 56, 3, 3, 2, 2, 1, 1}},
  /* 3x3 s2 pad 1 in ceil mode: 8 -> 5, the last window covers 7, 8, 9 */
  {"3x3 s2 p1 ceil", {1, 8, 8, 7, 5, 5, 3, 3, 2, 2, 1, 1}},
  /* SqueezeNet/GoogLeNet ceil-mode pool 7 -> 4 with padding */
  {"3x3 s2 p1 ceil odd", {1, 7, 7, 1, 4, 4, 3, 3, 2, 2, 1, 1}},
  /* Inception branch pool: same size */
  {"3x3 s1 p1", {2, 9, 7, 17, 9, 7, 3, 3, 1, 1, 1, 1}},
  {"1x1 s1", {1, 5, 5, 3, 5, 5, 1, 1, 1, 1, 0, 0}},
  {"1x1 s2", {1, 5, 6, 3, 3, 3, 1, 1, 2, 2, 0, 0}},
  /* non-square kernel, stride and padding; the bottom row hangs over */
  {"3x2 s1x2 p1x0", {1, 6, 10, 5, 6, 5, 3, 2, 1, 2, 1, 0}},
  /* global pooling written as a pool: 7x7 window */
  {"7x7 global", {2, 7, 7, 17, 1, 1, 7, 7, 1, 1, 0, 0}},
};

static size_t
in_elements (const EdgePool2dParams * p)
{
  return (size_t) p->batch * p->in_h * p->in_w * p->channels;
}

static size_t
out_elements (const EdgePool2dParams * p)
{
  return (size_t) p->batch * p->out_h * p->out_w * p->channels;
}

/* Oracle: walks every kernel tap, keeps those inside the input, and returns
 * the max and the double sum of in[] over the window, plus the count. */
static void
oracle_window (const EdgePool2dParams * p, const double *in, int n, int oy,
    int ox, int c, double *max, double *sum, int *count)
{
  *max = -INFINITY;
  *sum = 0.0;
  *count = 0;
  for (int ky = 0; ky < p->kernel_h; ky++)
    for (int kx = 0; kx < p->kernel_w; kx++) {
      const int y = oy * p->stride_h - p->pad_top + ky;
      const int x = ox * p->stride_w - p->pad_left + kx;

      if (y < 0 || y >= p->in_h || x < 0 || x >= p->in_w)
        continue;
      const double v = in[((n * p->in_h + y) * p->in_w + x) * p->channels + c];
      *max = MAX (*max, v);
      *sum += v;
      (*count)++;
    }
  g_assert_cmpint (*count, >, 0);
}

/* Fills want[] (as doubles) with the window max or mean per output. */
static void
oracle_pool (const EdgePool2dParams * p, const double *in, int is_max,
    double *want)
{
  size_t o = 0;

  for (int n = 0; n < p->batch; n++)
    for (int oy = 0; oy < p->out_h; oy++)
      for (int ox = 0; ox < p->out_w; ox++)
        for (int c = 0; c < p->channels; c++) {
          double max, sum;
          int count;

          oracle_window (p, in, n, oy, ox, c, &max, &sum, &count);
          want[o++] = is_max ? max : sum / count;
        }
}

/* Every geometry of the table passes edge_pool2d_params_valid, and each
 * broken one (window entirely in padding, window past the input, zero or
 * negative sizes, sizes or windows that would overflow) is rejected. */
static void
test_params_valid (void)
{
  for (guint g = 0; g < G_N_ELEMENTS (geometries); g++)
    g_assert_true (edge_pool2d_params_valid (&geometries[g].p));

  const EdgePool2dParams ok = { 1, 8, 8, 3, 5, 5, 3, 3, 2, 2, 1, 1 };
  const EdgePool2dParams huge_stride = { 1, 1, INT32_MAX - 1, 1, 1, 2, 1, 3,
    1, INT32_MAX - 2, 0, 0
  };
  const EdgePool2dParams huge_window = { 1, 8, 8, 1, 1, 1, 4096, 4096, 1, 1,
    0, 0
  };
  EdgePool2dParams p;

  g_assert_true (edge_pool2d_params_valid (&ok));
  g_assert_false (edge_pool2d_params_valid (NULL));
#define REJECT(field, value) G_STMT_START {             \
    p = ok;                                             \
    p.field = (value);                                  \
    g_assert_false (edge_pool2d_params_valid (&p));     \
  } G_STMT_END
  REJECT (batch, 0);
  REJECT (in_h, 0);
  REJECT (in_w, -1);
  REJECT (channels, 0);
  REJECT (out_h, 0);
  REJECT (kernel_w, 0);
  REJECT (stride_h, 0);
  REJECT (pad_left, -1);
  /* the first window would lie entirely in the top/left padding */
  REJECT (pad_top, 3);
  REJECT (pad_left, 4);
  /* the last window would start past the input: (6 - 1) * 2 - 1 = 9 >= 8 */
  REJECT (out_h, 6);
  REJECT (out_w, 100);
  /* a stride so large the window-end index (out - 1) * stride + kernel
   * passes INT32_MAX, though the last window starts inside the input */
  p = huge_stride;
  g_assert_false (edge_pool2d_params_valid (&p));
  p.stride_w = INT32_MAX - 3;
  g_assert_true (edge_pool2d_params_valid (&p));
  /* a window so large an int8 sum could overflow int32: 2^24 taps; 2^23
   * is the limit */
  p = huge_window;
  g_assert_false (edge_pool2d_params_valid (&p));
  p.kernel_h = 2048;
  g_assert_true (edge_pool2d_params_valid (&p));
  /* tensors whose element count overflows */
  p = ok;
  p.batch = p.channels = INT32_MAX;
  g_assert_false (edge_pool2d_params_valid (&p));
#undef REJECT

  /* a window of exactly one in-bounds position is fine (pad = kernel - 1) */
  p = ok;
  p.pad_top = 2;
  p.out_h = 5;
  g_assert_true (edge_pool2d_params_valid (&p));
}

/* int8 max pool equals the exact window max, clamped, on every geometry,
 * with no clamp, ReLU ([zp, 127]) and a ReLU6-like [zp, zp + 60] clamp. */
static void
test_qs8_max (void)
{
  GRand *r = ktest_rand_new ();

  for (guint g = 0; g < G_N_ELEMENTS (geometries); g++) {
    const EdgePool2dParams *p = &geometries[g].p;
    const size_t ni = in_elements (p), no = out_elements (p);
    int8_t *in = g_new (int8_t, ni), *out = g_new (int8_t, no);
    double *din = g_new (double, ni), *dwant = g_new (double, no);
    int *want = g_new (int, no);
    const int zp = g_rand_int_range (r, -128, 60);
    const int clamps[3][2] = { {-128, 127}, {zp, 127}, {zp, zp + 60} };

    ktest_fill_s8 (r, in, ni, -128, 127);
    for (size_t i = 0; i < ni; i++)
      din[i] = in[i];
    oracle_pool (p, din, 1, dwant);
    for (int k = 0; k < 3; k++) {
      const int lo = clamps[k][0], hi = clamps[k][1];

      for (size_t i = 0; i < no; i++)
        want[i] = CLAMP ((int) dwant[i], lo, hi);
      edge_ref_qs8_max_pool2d (p, in, (int8_t) lo, (int8_t) hi, out);
      ktest_assert_s8_near (out, want, no, 0);
    }
    g_free (in);
    g_free (out);
    g_free (din);
    g_free (dwant);
    g_free (want);
  }
  g_rand_free (r);
}

/* float max pool equals the exact window max, clamped, on every geometry;
 * all-negative windows stay negative (no 0 or -inf leaks from padding). */
static void
test_f32_max (void)
{
  GRand *r = ktest_rand_new ();

  for (guint g = 0; g < G_N_ELEMENTS (geometries); g++) {
    const EdgePool2dParams *p = &geometries[g].p;
    const size_t ni = in_elements (p), no = out_elements (p);
    float *in = g_new (float, ni), *out = g_new (float, no);
    float *want = g_new (float, no);
    double *din = g_new (double, ni), *dwant = g_new (double, no);

    /* half the geometries see only negative inputs */
    ktest_fill_f32 (r, in, ni, -10.0, (g & 1) ? -0.5 : 10.0);
    for (size_t i = 0; i < ni; i++)
      din[i] = in[i];
    oracle_pool (p, din, 1, dwant);

    for (size_t i = 0; i < no; i++)
      want[i] = (float) dwant[i];
    edge_ref_f32_max_pool2d (p, in, -INFINITY, INFINITY, out);
    ktest_assert_f32_near (out, want, no, 0.0, 0.0);

    for (size_t i = 0; i < no; i++)
      want[i] = (float) CLAMP (dwant[i], 0.0, 6.0);
    edge_ref_f32_max_pool2d (p, in, 0.0f, 6.0f, out);
    ktest_assert_f32_near (out, want, no, 0.0, 0.0);

    g_free (in);
    g_free (out);
    g_free (want);
    g_free (din);
    g_free (dwant);
  }
  g_rand_free (r);
}

/* Runs the int8 average pool on one geometry with the given parameters and
 * checks 1 LSB against the double mean (padding excluded from the count). */
static void
check_qs8_avg (GRand * r, const EdgePool2dParams * p, float in_scale,
    int in_zp, float out_scale, int out_zp, int lo, int hi, int in_lo,
    int in_hi)
{
  const size_t ni = in_elements (p), no = out_elements (p);
  int8_t *in = g_new (int8_t, ni), *out = g_new (int8_t, no);
  double *din = g_new (double, ni), *dwant = g_new (double, no);
  int *want = g_new (int, no);

  ktest_fill_s8 (r, in, ni, in_lo, in_hi);
  for (size_t i = 0; i < ni; i++)
    din[i] = (in[i] - in_zp) * (double) in_scale;
  oracle_pool (p, din, 0, dwant);
  for (size_t i = 0; i < no; i++)
    want[i] = ktest_quantize_double (dwant[i], out_scale, out_zp, lo, hi);
  edge_ref_qs8_avg_pool2d (p, in, in_scale, in_zp, out_scale, out_zp,
      (int8_t) lo, (int8_t) hi, out);
  ktest_assert_s8_near (out, want, no, 1);
  g_free (in);
  g_free (out);
  g_free (din);
  g_free (dwant);
  g_free (want);
}

/* int8 average pool is within 1 LSB of the double mean on every geometry,
 * with random scales and zero points, extreme zero points (-128 / 127) and
 * a ReLU clamp. */
static void
test_qs8_avg (void)
{
  GRand *r = ktest_rand_new ();

  for (guint g = 0; g < G_N_ELEMENTS (geometries); g++) {
    const EdgePool2dParams *p = &geometries[g].p;
    const float s_in = (float) g_rand_double_range (r, 0.01, 0.1);
    const float s_out = s_in * (float) g_rand_double_range (r, 0.5, 2.0);

    check_qs8_avg (r, p, s_in, g_rand_int_range (r, -128, 128), s_out,
        g_rand_int_range (r, -128, 128), -128, 127, -128, 127);
    check_qs8_avg (r, p, s_in, -128, s_out, 127, -128, 127, -128, 127);
    check_qs8_avg (r, p, s_in, 127, s_out, -128, -128, 127, -128, 127);
    check_qs8_avg (r, p, s_in, 0, s_out, -20, -20, 127, -128, 127);
  }
  g_rand_free (r);
}

/* Averages beyond the output range saturate to exactly -128 / 127. */
static void
test_qs8_avg_saturates (void)
{
  const EdgePool2dParams *p = &geometries[3].p; /* 3x3 s2 p1 ceil */
  const size_t ni = in_elements (p), no = out_elements (p);
  int8_t *in = g_new (int8_t, ni), *out = g_new (int8_t, no);

  /* every mean is 100 real, which is 400 output LSBs (scale 0.25) */
  memset (in, 100, ni);
  edge_ref_qs8_avg_pool2d (p, in, 1.0f, 0, 0.25f, 0, -128, 127, out);
  for (size_t i = 0; i < no; i++)
    g_assert_cmpint (out[i], ==, 127);
  memset (in, -100, ni);
  edge_ref_qs8_avg_pool2d (p, in, 1.0f, 0, 0.25f, 0, -128, 127, out);
  for (size_t i = 0; i < no; i++)
    g_assert_cmpint (out[i], ==, -128);
  g_free (in);
  g_free (out);
}

/* Padding is excluded from the count: a constant input averages to that
 * constant everywhere, including corner windows that see 4 of 9 taps and
 * ceil-mode windows hanging over the edge (counting padding gives 44). */
static void
test_avg_excludes_padding (void)
{
  const EdgePool2dParams *p = &geometries[3].p; /* 3x3 s2 p1 ceil */
  const size_t ni = in_elements (p), no = out_elements (p);
  int8_t *in = g_new (int8_t, ni), *out = g_new (int8_t, no);
  float *fin = g_new (float, ni), *fout = g_new (float, no);

  memset (in, 99, ni);
  edge_ref_qs8_avg_pool2d (p, in, 0.5f, 0, 0.5f, 0, -128, 127, out);
  for (size_t i = 0; i < no; i++)
    g_assert_cmpint (out[i], ==, 99);

  for (size_t i = 0; i < ni; i++)
    fin[i] = 2.5f;
  edge_ref_f32_avg_pool2d (p, fin, -INFINITY, INFINITY, fout);
  for (size_t i = 0; i < no; i++)
    g_assert_cmpfloat (fout[i], ==, 2.5f);

  /* by hand: 2x2 input [[1, 2], [3, 4]], 3x3 s1 p1 -> each output is the
   * mean of the in-bounds 2x2 block: all four windows see all 4 values */
  const EdgePool2dParams small = { 1, 2, 2, 1, 2, 2, 3, 3, 1, 1, 1, 1 };
  const int8_t in4[4] = { 1, 2, 3, 5 };
  int8_t out4[4];
  const float fin4[4] = { 1.0f, 2.0f, 3.0f, 4.0f };
  float fout4[4];

  /* (1 + 2 + 3 + 5) / 4 = 2.75 real, scale 0.25 -> 11 */
  edge_ref_qs8_avg_pool2d (&small, in4, 1.0f, 0, 0.25f, 0, -128, 127, out4);
  for (int i = 0; i < 4; i++)
    g_assert_cmpint (out4[i], ==, 11);
  edge_ref_f32_avg_pool2d (&small, fin4, -INFINITY, INFINITY, fout4);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (fout4[i], ==, 2.5f);

  g_free (in);
  g_free (out);
  g_free (fin);
  g_free (fout);
}

/* float average pool is within float rounding of the double mean on every
 * geometry, and its output clamp applies. */
static void
test_f32_avg (void)
{
  GRand *r = ktest_rand_new ();

  for (guint g = 0; g < G_N_ELEMENTS (geometries); g++) {
    const EdgePool2dParams *p = &geometries[g].p;
    const size_t ni = in_elements (p), no = out_elements (p);
    float *in = g_new (float, ni), *out = g_new (float, no);
    float *want = g_new (float, no);
    double *din = g_new (double, ni), *dwant = g_new (double, no);

    ktest_fill_f32 (r, in, ni, -4.0, 8.0);
    for (size_t i = 0; i < ni; i++)
      din[i] = in[i];
    oracle_pool (p, din, 0, dwant);

    for (size_t i = 0; i < no; i++)
      want[i] = (float) dwant[i];
    edge_ref_f32_avg_pool2d (p, in, -INFINITY, INFINITY, out);
    ktest_assert_f32_near (out, want, no, 1e-5, 1e-5);

    for (size_t i = 0; i < no; i++)
      want[i] = (float) CLAMP (dwant[i], 0.0, 1.0);
    edge_ref_f32_avg_pool2d (p, in, 0.0f, 1.0f, out);
    ktest_assert_f32_near (out, want, no, 1e-5, 1e-5);

    g_free (in);
    g_free (out);
    g_free (want);
    g_free (din);
    g_free (dwant);
  }
  g_rand_free (r);
}

/* The average multiplier is (s_in / s_out) / count in float32, exactly:
 * on values where every step is exact, and pinned on s_in = 0.02,
 * s_out = 0.03, count = 41 where a reciprocal multiply or s_in /
 * (s_out * count) round differently. */
static void
test_avg_multiplier (void)
{
  g_assert_cmpfloat (edge_qs8_avg_multiplier (0.5f, 0.25f, 4), ==, 0.5f);
  g_assert_cmpfloat (edge_qs8_avg_multiplier (0.75f, 0.5f, 3), ==, 0.5f);
  g_assert_cmpfloat (edge_qs8_avg_multiplier (1.0f, 1.0f, 1), ==, 1.0f);
  /* the three orders differ here (values printed with %a) */
  g_assert_cmpfloat (edge_qs8_avg_multiplier (0.02f, 0.03f, 41), ==,
      0x1.0a6812p-6f);
  g_assert_cmpfloat (0x1.0a6812p-6f, !=, (0.02f / 0.03f) * (1.0f / 41.0f));
  g_assert_cmpfloat (fabs (edge_qs8_avg_multiplier (0.02f, 0.03f, 49)
          - (0.02f / (double) 0.03f) / 49.0), <=, 2e-7 * (0.02 / 0.03 / 49));
}

/* Runs int8 global average pooling and checks 1 LSB against the double
 * per-channel mean. */
static void
check_qs8_global (GRand * r, int batch, int pixels, int channels,
    float s_in, int z_in, float s_out, int z_out, int lo, int hi)
{
  const size_t ni = (size_t) batch * pixels * channels;
  const size_t no = (size_t) batch * channels;
  int8_t *in = g_new (int8_t, ni), *out = g_new (int8_t, no);
  int *want = g_new (int, no);

  ktest_fill_s8 (r, in, ni, -128, 127);
  for (int n = 0; n < batch; n++)
    for (int c = 0; c < channels; c++) {
      double sum = 0.0;

      for (int i = 0; i < pixels; i++)
        sum += (in[((size_t) n * pixels + i) * channels + c] - z_in)
            * (double) s_in;
      want[n * channels + c] = ktest_quantize_double (sum / pixels, s_out,
          z_out, lo, hi);
    }
  edge_ref_qs8_global_avg_pool (batch, pixels, channels, in, s_in, z_in,
      s_out, z_out, (int8_t) lo, (int8_t) hi, out);
  ktest_assert_s8_near (out, want, no, 1);
  g_free (in);
  g_free (out);
  g_free (want);
}

/* int8 global average pooling over 7x7 and 1x1 (batch 2, 17 and 1
 * channels) is within 1 LSB of the double mean, with extreme zero points and
 * a ReLU clamp; over 1x1 with equal parameters it is an exact copy. */
static void
test_qs8_global_avg (void)
{
  GRand *r = ktest_rand_new ();
  const int shapes[4][3] = { {2, 49, 17}, {1, 49, 1}, {2, 1, 17}, {1, 1, 1} };

  for (int k = 0; k < 4; k++) {
    const int b = shapes[k][0], px = shapes[k][1], ch = shapes[k][2];
    const float s_in = (float) g_rand_double_range (r, 0.01, 0.1);
    const float s_out = s_in * (float) g_rand_double_range (r, 0.25, 1.0);

    check_qs8_global (r, b, px, ch, s_in, g_rand_int_range (r, -128, 128),
        s_out, g_rand_int_range (r, -128, 128), -128, 127);
    check_qs8_global (r, b, px, ch, s_in, -128, s_out, 127, -128, 127);
    check_qs8_global (r, b, px, ch, s_in, 127, s_out, -128, -128, 127);
    check_qs8_global (r, b, px, ch, s_in, 3, s_out, -7, -7, 127);
  }

  int8_t in[17], out[17];
  ktest_fill_s8 (r, in, 17, -128, 127);
  edge_ref_qs8_global_avg_pool (1, 1, 17, in, 0.05f, -128, 0.05f, -128,
      -128, 127, out);
  g_assert_cmpmem (in, 17, out, 17);
  g_rand_free (r);
}

/* A global pool over 256x256 pixels, each 255 below the zero point, sums to
 * -16711680 in int32 without overflow and gives the exact mean. */
static void
test_qs8_global_avg_large (void)
{
  const int pixels = 256 * 256;
  int8_t *in = g_new (int8_t, pixels);
  int8_t out;

  memset (in, -128, pixels);
  /* real mean -255 * 0.5, output scale 1.5 -> -85 */
  edge_ref_qs8_global_avg_pool (1, pixels, 1, in, 0.5f, 127, 1.5f, 0,
      -128, 127, &out);
  g_assert_cmpint (out, ==, -85);
  g_free (in);
}

/* float global average pooling equals the double mean within float rounding
 * (7x7 and 1x1, batch 2, 17 channels); 1x1 is an exact copy. */
static void
test_f32_global_avg (void)
{
  GRand *r = ktest_rand_new ();
  const int shapes[3][3] = { {2, 49, 17}, {2, 1, 17}, {1, 7, 1} };

  for (int k = 0; k < 3; k++) {
    const int b = shapes[k][0], px = shapes[k][1], ch = shapes[k][2];
    const size_t ni = (size_t) b * px * ch;
    const size_t no = (size_t) b * ch;
    float *in = g_new (float, ni), *out = g_new (float, no);
    float *want = g_new (float, no);

    ktest_fill_f32 (r, in, ni, -3.0, 5.0);
    for (int n = 0; n < b; n++)
      for (int c = 0; c < ch; c++) {
        double sum = 0.0;

        for (int i = 0; i < px; i++)
          sum += in[((size_t) n * px + i) * ch + c];
        want[n * ch + c] = (float) (sum / px);
      }
    edge_ref_f32_global_avg_pool (b, px, ch, in, out);
    ktest_assert_f32_near (out, want, no, 1e-6, 1e-5);
    if (px == 1)
      g_assert_cmpmem (in, ni * sizeof (float), out, no * sizeof (float));
    g_free (in);
    g_free (out);
    g_free (want);
  }
  g_rand_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kernels/pool/params-valid", test_params_valid);
  g_test_add_func ("/kernels/pool/qs8-max", test_qs8_max);
  g_test_add_func ("/kernels/pool/f32-max", test_f32_max);
  g_test_add_func ("/kernels/pool/qs8-avg", test_qs8_avg);
  g_test_add_func ("/kernels/pool/qs8-avg-saturates", test_qs8_avg_saturates);
  g_test_add_func ("/kernels/pool/avg-excludes-padding",
      test_avg_excludes_padding);
  g_test_add_func ("/kernels/pool/f32-avg", test_f32_avg);
  g_test_add_func ("/kernels/pool/avg-multiplier", test_avg_multiplier);
  g_test_add_func ("/kernels/pool/qs8-global-avg", test_qs8_global_avg);
  g_test_add_func ("/kernels/pool/qs8-global-avg-large",
      test_qs8_global_avg_large);
  g_test_add_func ("/kernels/pool/f32-global-avg", test_f32_global_avg);

  return g_test_run ();
}
