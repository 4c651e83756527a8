/* Kernel suite: float activations (sigmoid, softmax).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "kernel-test-utils.h"

#include <stdlib.h>

static const size_t sizes[] = { 1, 7, 17, 1023 };

#define MAX_N 1023

static double
sigmoid_double (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

/* Double softmax of one row: the oracle. */
static void
softmax_double (size_t cols, const float *in, double *out)
{
  double m = -INFINITY, s = 0.0;

  for (size_t j = 0; j < cols; j++)
    m = MAX (m, (double) in[j]);
  for (size_t j = 0; j < cols; j++)
    s += exp ((double) in[j] - m);
  for (size_t j = 0; j < cols; j++)
    out[j] = exp ((double) in[j] - m) / s;
}

/* sigmoid is within a few float ulps (relative) of the double formula over
 * [-20, 20], for n = 1, 7, 17, 1023. */
static void
test_sigmoid (void)
{
  GRand *r = ktest_rand_new ();
  float in[MAX_N], out[MAX_N], want[MAX_N];

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++) {
    const size_t n = sizes[s];

    ktest_fill_f32 (r, in, n, -20.0, 20.0);
    for (size_t i = 0; i < n; i++)
      want[i] = (float) sigmoid_double (in[i]);
    edge_ref_f32_sigmoid (n, in, out);
    ktest_assert_f32_near (out, want, n, 0.0, 1e-6);
  }
  g_rand_free (r);
}

/* sigmoid (0) = 0.5, sigmoid (100) = 1, sigmoid (-100) is a tiny non-NaN
 * value, -89 (where expf (89) overflows) keeps its relative precision,
 * +-inf give 1 and 0, +-1e30 do not produce NaN, NaN stays NaN. */
static void
test_sigmoid_extremes (void)
{
  const float in[9] = { 0.0f, 100.0f, -100.0f, -89.0f, -87.0f, INFINITY,
    -INFINITY, 1e30f, -1e30f
  };
  float out[9];
  const float nan_in = NAN;
  float nan_out;

  edge_ref_f32_sigmoid (9, in, out);
  for (int i = 0; i < 9; i++)
    g_assert_false (isnan (out[i]));
  g_assert_cmpfloat (out[0], ==, 0.5f);
  g_assert_cmpfloat (out[1], ==, 1.0f);
  /* exp (-100) = 3.72e-44: a denormal; a few ulps of slack there */
  g_assert_cmpfloat (fabs (out[2] - sigmoid_double (-100.0)), <=, 1e-44);
  g_assert_cmpfloat (fabs (out[3] - sigmoid_double (-89.0)), <=,
      1e-5 * sigmoid_double (-89.0));
  g_assert_cmpfloat (fabs (out[4] - sigmoid_double (-87.0)), <=,
      1e-6 * sigmoid_double (-87.0));
  g_assert_cmpfloat (out[5], ==, 1.0f);
  g_assert_cmpfloat (out[6], ==, 0.0f);
  g_assert_cmpfloat (out[7], ==, 1.0f);
  g_assert_cmpfloat (out[8], ==, 0.0f);

  edge_ref_f32_sigmoid (1, &nan_in, &nan_out);
  g_assert_true (isnan (nan_out));
}

/* sigmoid in place gives the double result. */
static void
test_sigmoid_in_place (void)
{
  GRand *r = ktest_rand_new ();
  float buf[17], want[17];

  ktest_fill_f32 (r, buf, 17, -30.0, 30.0);
  for (int i = 0; i < 17; i++)
    want[i] = (float) sigmoid_double (buf[i]);
  edge_ref_f32_sigmoid (17, buf, buf);
  ktest_assert_f32_near (buf, want, 17, 0.0, 1e-6);
  g_rand_free (r);
}

/* softmax matches the double softmax and every row sums to 1, for
 * 1 x 1, 3 x 7, 2 x 17 and 4 x 1023. */
static void
test_softmax (void)
{
  GRand *r = ktest_rand_new ();
  const size_t shapes[4][2] = { {1, 1}, {3, 7}, {2, 17}, {4, 1023} };
  float *in = g_new (float, 4 * MAX_N), *out = g_new (float, 4 * MAX_N);
  double row[MAX_N];
  float want[MAX_N];

  for (guint k = 0; k < G_N_ELEMENTS (shapes); k++) {
    const size_t rows = shapes[k][0], cols = shapes[k][1];

    ktest_fill_f32 (r, in, rows * cols, -10.0, 10.0);
    edge_ref_f32_softmax (rows, cols, in, out);
    for (size_t i = 0; i < rows; i++) {
      double sum = 0.0;

      softmax_double (cols, in + i * cols, row);
      for (size_t j = 0; j < cols; j++) {
        want[j] = (float) row[j];
        sum += out[i * cols + j];
      }
      ktest_assert_f32_near (out + i * cols, want, cols, 1e-9, 1e-5);
      g_assert_cmpfloat (fabs (sum - 1.0), <=, 1e-5);
    }
  }
  g_free (in);
  g_free (out);
  g_rand_free (r);
}

/* softmax is invariant to adding a constant: logits k / 8 shifted by 1000
 * (exact in float) give bit-identical output, which a softmax without max
 * subtraction (expf (1000) = inf) cannot. */
static void
test_softmax_shift_invariant (void)
{
  GRand *r = ktest_rand_new ();
  float in[2 * 17], shifted[2 * 17], out[2 * 17], out_shifted[2 * 17];
  double row[17];
  float want[17];

  for (int i = 0; i < 2 * 17; i++) {
    in[i] = (float) g_rand_int_range (r, -80, 81) / 8.0f;
    shifted[i] = in[i] + 1000.0f;
    g_assert_cmpfloat (shifted[i] - 1000.0f, ==, in[i]);        /* exact */
  }
  edge_ref_f32_softmax (2, 17, in, out);
  edge_ref_f32_softmax (2, 17, shifted, out_shifted);
  g_assert_cmpmem (out, sizeof (out), out_shifted, sizeof (out_shifted));
  for (int i = 0; i < 2; i++) {
    softmax_double (17, in + i * 17, row);
    for (int j = 0; j < 17; j++)
      want[j] = (float) row[j];
    ktest_assert_f32_near (out_shifted + i * 17, want, 17, 1e-9, 1e-5);
  }
  g_rand_free (r);
}

/* Large logits (+-1000, 88..90; the max not first, so the true row max must
 * be subtracted) give the double result without NaN or inf; -inf logits
 * give exactly 0; equal logits give 1 / cols. */
static void
test_softmax_large_logits (void)
{
  const float big[5] = { -1000.0f, 1000.0f, 999.0f, 0.0f, 998.5f };
  const float edge[4] = { -INFINITY, 88.0f, 89.0f, 90.0f };
  const float equal[7] = { 3.0f, 3.0f, 3.0f, 3.0f, 3.0f, 3.0f, 3.0f };
  double row[7];
  float out[7], want[7];

  edge_ref_f32_softmax (1, 5, big, out);
  softmax_double (5, big, row);
  for (int j = 0; j < 5; j++)
    want[j] = (float) row[j];
  ktest_assert_f32_near (out, want, 5, 1e-9, 1e-5);

  edge_ref_f32_softmax (1, 4, edge, out);
  softmax_double (4, edge, row);
  for (int j = 0; j < 4; j++)
    want[j] = (float) row[j];
  ktest_assert_f32_near (out, want, 4, 1e-9, 1e-5);
  g_assert_cmpfloat (out[0], ==, 0.0f);

  edge_ref_f32_softmax (1, 7, equal, out);
  for (int j = 0; j < 7; j++)
    g_assert_cmpfloat (fabs (out[j] - 1.0 / 7.0), <=, 1e-7);
}

/* softmax in place gives the double result. */
static void
test_softmax_in_place (void)
{
  GRand *r = ktest_rand_new ();
  float buf[3 * 7], in[3 * 7], want[7];
  double row[7];

  ktest_fill_f32 (r, in, 3 * 7, -5.0, 5.0);
  memcpy (buf, in, sizeof (buf));
  edge_ref_f32_softmax (3, 7, buf, buf);
  for (int i = 0; i < 3; i++) {
    softmax_double (7, in + i * 7, row);
    for (int j = 0; j < 7; j++)
      want[j] = (float) row[j];
    ktest_assert_f32_near (buf + i * 7, want, 7, 1e-9, 1e-5);
  }
  g_rand_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kernels/activation/sigmoid", test_sigmoid);
  g_test_add_func ("/kernels/activation/sigmoid-extremes",
      test_sigmoid_extremes);
  g_test_add_func ("/kernels/activation/sigmoid-in-place",
      test_sigmoid_in_place);
  g_test_add_func ("/kernels/activation/softmax", test_softmax);
  g_test_add_func ("/kernels/activation/softmax-shift-invariant",
      test_softmax_shift_invariant);
  g_test_add_func ("/kernels/activation/softmax-large-logits",
      test_softmax_large_logits);
  g_test_add_func ("/kernels/activation/softmax-in-place",
      test_softmax_in_place);

  return g_test_run ();
}
