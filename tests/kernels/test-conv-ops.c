/* Convolution operators (packed weights, every path) against the reference.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "kernel-test-utils.h"
#include "conv-cases.h"

#include "edge-ops.h"

/* Extra shapes that hit microkernel tiles and tails: channel counts around
 * 4/8/16/32 multiples, long windows, fully connected layers as 1x1 convs. */
static const ConvCase op_cases[] = {
  {"1x1_c64_n67", 1, 5, 7, 64, 67, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1},
  {"1x1_c3_n1", 1, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1},
  {"1x1_c33_n16", 2, 4, 5, 33, 16, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1},
  {"3x3_c128_n20", 1, 6, 5, 128, 20, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},
  {"3x3_s2_c24_n40", 1, 9, 8, 24, 40, 3, 3, 2, 2, 1, 1, 0, 1, 0, 1, 1},
  {"fc_1024_1000", 1, 1, 1, 1024, 1000, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1},
  {"fc_b5_100_33", 5, 1, 1, 100, 33, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1},
  {"dw3x3_c32_s1", 1, 9, 11, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 32},
  {"dw3x3_c35_s2", 1, 10, 7, 35, 35, 3, 3, 2, 2, 1, 1, 0, 1, 0, 1, 35},
  {"dw3x3_c16_s2_p1", 1, 8, 8, 16, 16, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 16},
  {"dw5x5_c24", 1, 7, 6, 24, 24, 5, 5, 1, 1, 1, 1, 2, 2, 2, 2, 24},
  {"dw3x3_w1", 1, 5, 1, 17, 17, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 17},
};

static void
for_each_case (void (*fn) (const ConvCase * c, EdgeKernelPath path,
        GRand * r))
{
  GRand *r = ktest_rand_new ();

  for (int path = EDGE_PATH_REF; path < EDGE_PATH_COUNT; path++) {
    if (!edge_cpu_supports_path (path)) {
      g_test_message ("path %s: not supported on this CPU, not tested",
          edge_kernel_path_name (path));
      continue;
    }
    for (size_t i = 0; i < G_N_ELEMENTS (conv_cases); i++)
      fn (&conv_cases[i], path, r);
    for (size_t i = 0; i < G_N_ELEMENTS (op_cases); i++)
      fn (&op_cases[i], path, r);
  }
  g_rand_free (r);
}

static void *
workspace_new (size_t bytes)
{
  return bytes ? g_aligned_alloc (1, bytes, 64) : NULL;
}

static void
check_qs8_op (const ConvCase * c, EdgeKernelPath path, GRand * r)
{
  const EdgeConv2dParams p = case_params (c);
  const size_t ni = in_size (&p), nw = weight_size (&p), no = out_size (&p);
  /* exact-size buffers: ASan sees any over-read */
  int8_t *in = g_malloc (ni), *w = g_malloc (nw);
  int8_t *want = g_malloc (no), *got = g_malloc (no);
  int32_t *bias = g_new (int32_t, p.out_c);
  float *mult = g_new (float, p.out_c);
  const int zps[][4] = { {0, 0, -128, 127}, {-128, 127, -128, 127},
  {127, -128, -128, 127}, {-7, -20, -20, 40}
  };

  for (size_t z = 0; z < G_N_ELEMENTS (zps); z++) {
    const int izp = zps[z][0], ozp = zps[z][1];
    const int8_t lo = (int8_t) zps[z][2], hi = (int8_t) zps[z][3];
    EdgeQs8Conv2dOp *op;

    ktest_fill_s8 (r, in, ni, -128, 127);
    ktest_fill_s8 (r, w, nw, -127, 127);
    for (int oc = 0; oc < p.out_c; oc++) {
      bias[oc] = g_rand_int_range (r, -20000, 20000);
      /* spread the output over the int8 range, with some saturation */
      mult[oc] = (float) (g_rand_double_range (r, 0.5, 3.0) /
          (128.0 * sqrt ((double) nw / p.out_c) * 8));
    }
    edge_ref_qs8_conv2d (&p, in, izp, w, NULL, bias, mult, ozp, lo, hi, want,
        NULL);
    op = edge_qs8_conv2d_op_new (&p, izp, w, NULL, bias, mult, ozp, lo, hi,
        path);
    g_assert_nonnull (op);
    g_assert_cmpint (edge_qs8_conv2d_op_path (op), <=, path);
    for (int t = 1; t <= 3; t++) {
      EdgeThreadPool *pool = t > 1 ? edge_thread_pool_new (t) : NULL;
      const size_t ws_bytes = edge_qs8_conv2d_op_workspace_size (op, t);
      void *ws = workspace_new (ws_bytes);
      memset (got, 0x55, no);
      edge_qs8_conv2d_op_run (op, in, got, ws, pool);
      if (memcmp (got, want, no) != 0) {
        size_t i = 0;
        while (got[i] == want[i])
          i++;
        g_error ("qs8 %s path %s (%s) threads %d zp set %zu: element %zu "
            "got %d want %d", c->name, edge_kernel_path_name (path),
            edge_kernel_path_name (edge_qs8_conv2d_op_path (op)), t, z, i,
            got[i], want[i]);
      }
      g_free (ws);
      edge_thread_pool_free (pool);
    }
    edge_qs8_conv2d_op_free (op);
  }
  g_free (in);
  g_free (w);
  g_free (want);
  g_free (got);
  g_free (bias);
  g_free (mult);
}

/* int8 ops equal the reference convolution bit for bit on every path,
 * geometry, zero point set and thread count (1..3). */
static void
test_qs8_ops (void)
{
  for_each_case (check_qs8_op);
}

static void
check_f32_op (const ConvCase * c, EdgeKernelPath path, GRand * r)
{
  const EdgeConv2dParams p = case_params (c);
  const size_t ni = in_size (&p), nw = weight_size (&p), no = out_size (&p);
  float *in = g_new (float, ni), *w = g_new (float, nw);
  float *bias = g_new (float, p.out_c), *want = g_new (float, no);
  float *got[3];
  EdgeF32Conv2dOp *op;
  const float lo = (c->in_c % 2) ? 0.0f : -INFINITY, hi = 6.0f;

  ktest_fill_f32 (r, in, ni, -2, 2);
  ktest_fill_f32 (r, w, nw, -0.5, 0.5);
  ktest_fill_f32 (r, bias, p.out_c, -1, 1);
  edge_ref_f32_conv2d (&p, in, w, bias, lo, hi, want, NULL);
  op = edge_f32_conv2d_op_new (&p, w, bias, lo, hi, path);
  g_assert_nonnull (op);
  g_assert_cmpint (edge_f32_conv2d_op_path (op), <=, path);
  for (int t = 1; t <= 3; t++) {
    EdgeThreadPool *pool = t > 1 ? edge_thread_pool_new (t) : NULL;
    void *ws = workspace_new (edge_f32_conv2d_op_workspace_size (op, t));
    got[t - 1] = g_new (float, no);
    edge_f32_conv2d_op_run (op, in, got[t - 1], ws, pool);
    /* summation order may differ from the reference's: relative 1e-5 of
     * the window's magnitude */
    ktest_assert_f32_near (got[t - 1], want, no, 2e-4, 1e-4);
    g_free (ws);
    edge_thread_pool_free (pool);
  }
  g_assert_cmpmem (got[0], no * sizeof (float), got[1], no * sizeof (float));
  g_assert_cmpmem (got[0], no * sizeof (float), got[2], no * sizeof (float));
  for (int t = 0; t < 3; t++)
    g_free (got[t]);
  edge_f32_conv2d_op_free (op);
  g_free (in);
  g_free (w);
  g_free (bias);
  g_free (want);
}

/* float ops match the reference within tolerance on every path and are
 * bit-identical for 1..3 threads. */
static void
test_f32_ops (void)
{
  for_each_case (check_f32_op);
}

/* Invalid geometry and arguments are refused; asymmetric weights fall back
 * to the reference path and still compute correctly. */
static void
test_op_new_rejects_and_falls_back (void)
{
  EdgeConv2dParams p = case_params (&op_cases[0]);
  EdgeConv2dParams bad = p;
  const size_t nw = weight_size (&p), ni = in_size (&p), no = out_size (&p);
  int8_t *w = g_malloc0 (nw), *in = g_malloc (ni);
  int8_t *got = g_malloc (no), *want = g_malloc (no);
  int32_t *wzp = g_new0 (int32_t, p.out_c);
  float *mult = g_new (float, p.out_c);
  GRand *r = ktest_rand_new ();
  EdgeQs8Conv2dOp *op;

  for (int oc = 0; oc < p.out_c; oc++)
    mult[oc] = 0.01f;
  bad.out_w++;
  g_assert_null (edge_qs8_conv2d_op_new (&bad, 0, w, NULL, NULL, mult, 0,
          -128, 127, EDGE_PATH_AVX2));
  g_assert_null (edge_qs8_conv2d_op_new (&p, 300, w, NULL, NULL, mult, 0,
          -128, 127, EDGE_PATH_AVX2));
  g_assert_null (edge_qs8_conv2d_op_new (&p, 0, w, NULL, NULL, mult, 0,
          10, -10, EDGE_PATH_AVX2));
  g_assert_null (edge_qs8_conv2d_op_new (&p, 0, NULL, NULL, NULL, mult, 0,
          -128, 127, EDGE_PATH_AVX2));
  g_assert_null (edge_f32_conv2d_op_new (&bad, (float *) mult, NULL,
          -INFINITY, INFINITY, EDGE_PATH_AVX2));

  ktest_fill_s8 (r, w, nw, -127, 127);
  ktest_fill_s8 (r, in, ni, -128, 127);
  wzp[3] = 5;
  op = edge_qs8_conv2d_op_new (&p, 0, w, wzp, NULL, mult, 0, -128, 127,
      EDGE_PATH_AVX2);
  g_assert_nonnull (op);
  g_assert_cmpint (edge_qs8_conv2d_op_path (op), ==, EDGE_PATH_REF);
  edge_qs8_conv2d_op_run (op, in, got, NULL, NULL);
  edge_ref_qs8_conv2d (&p, in, 0, w, wzp, NULL, mult, 0, -128, 127, want,
      NULL);
  g_assert_cmpmem (got, no, want, no);
  edge_qs8_conv2d_op_free (op);
  edge_qs8_conv2d_op_free (NULL);
  edge_f32_conv2d_op_free (NULL);
  g_rand_free (r);
  g_free (w);
  g_free (in);
  g_free (got);
  g_free (want);
  g_free (wzp);
  g_free (mult);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/conv-ops/qs8", test_qs8_ops);
  g_test_add_func ("/kernels/conv-ops/f32", test_f32_ops);
  g_test_add_func ("/kernels/conv-ops/rejects-and-falls-back",
      test_op_new_rejects_and_falls_back);
  return g_test_run ();
}
