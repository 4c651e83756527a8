/* Reference fully connected layer against independent math.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "kernel-test-utils.h"

typedef struct
{
  int batch, in_f, out_f;
} FcShape;

static const FcShape shapes[] = {
  {1, 1, 1}, {1, 7, 3}, {2, 17, 9}, {3, 64, 10}, {1, 1024, 1000},
  {4, 33, 31},
};

/* int8 output within 1 LSB of double math and bit-exact to the rule; int32
 * output equal to the exact integer dot product; per-channel weight zero
 * points and zero points at the extremes. */
static void
test_qs8 (void)
{
  GRand *r = ktest_rand_new ();
  const int zps[][3] = { {0, 0, 0}, {-128, 3, 127}, {127, -9, -128},
  {-5, 0, 0}
  };

  for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++) {
    for (size_t z = 0; z < G_N_ELEMENTS (zps); z++) {
      const FcShape *sh = &shapes[s];
      const size_t ni = (size_t) sh->batch * sh->in_f;
      const size_t nw = (size_t) sh->out_f * sh->in_f;
      const size_t no = (size_t) sh->batch * sh->out_f;
      const int izp = zps[z][0], ozp = zps[z][2];
      int8_t *in = g_new (int8_t, ni), *w = g_new (int8_t, nw);
      int8_t *out = g_new (int8_t, no);
      int32_t *acc = g_new (int32_t, no), *bias = g_new (int32_t, sh->out_f);
      int32_t *wzp = g_new (int32_t, sh->out_f);
      float *wscale = g_new (float, sh->out_f);
      float *mult = g_new (float, sh->out_f);
      const float in_scale = 0.05f;
      const float out_scale = 0.05f * 0.01f * sqrtf ((float) sh->in_f) * 30;

      ktest_fill_s8 (r, in, ni, -128, 127);
      ktest_fill_s8 (r, w, nw, -127, 127);
      for (int o = 0; o < sh->out_f; o++) {
        wzp[o] = zps[z][1] ? zps[z][1] + o % 3 : 0;
        bias[o] = g_rand_int_range (r, -5000, 5000);
        wscale[o] = (float) g_rand_double_range (r, 0.005, 0.015);
        mult[o] = in_scale * wscale[o] / out_scale;
      }
      edge_ref_qs8_fully_connected (sh->batch, sh->in_f, sh->out_f, in, izp,
          w, wzp, bias, mult, ozp, -128, 127, out, NULL);
      edge_ref_qs8_fully_connected_s32 (sh->batch, sh->in_f, sh->out_f, in,
          izp, w, wzp, bias, acc, NULL);
      for (int b = 0; b < sh->batch; b++) {
        for (int o = 0; o < sh->out_f; o++) {
          int64_t exact = bias[o];
          double real = (double) in_scale * wscale[o] * bias[o];
          float x;
          double v;
          for (int i = 0; i < sh->in_f; i++) {
            const int xi = in[(size_t) b * sh->in_f + i] - izp;
            const int wi = w[(size_t) o * sh->in_f + i] - wzp[o];
            exact += (int64_t) xi * wi;
            real += (double) in_scale * xi * (double) wscale[o] * wi;
          }
          g_assert_cmpint (acc[(size_t) b * sh->out_f + o], ==, exact);
          g_assert_cmpint (abs (out[(size_t) b * sh->out_f + o] -
                  ktest_quantize_double (real, out_scale, ozp, -128, 127)),
              <=, 1);
          x = (float) exact * mult[o];
          v = CLAMP (nearbyint ((double) x) + ozp, -128, 127);
          g_assert_cmpint (out[(size_t) b * sh->out_f + o], ==, (int) v);
        }
      }
      g_free (in);
      g_free (w);
      g_free (out);
      g_free (acc);
      g_free (bias);
      g_free (wzp);
      g_free (wscale);
      g_free (mult);
    }
  }
  g_rand_free (r);
}

/* float32 against double math, with and without bias, clamped. */
static void
test_f32 (void)
{
  GRand *r = ktest_rand_new ();

  for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++) {
    const FcShape *sh = &shapes[s];
    const size_t ni = (size_t) sh->batch * sh->in_f;
    const size_t nw = (size_t) sh->out_f * sh->in_f;
    const size_t no = (size_t) sh->batch * sh->out_f;
    float *in = g_new (float, ni), *w = g_new (float, nw);
    float *bias = g_new (float, sh->out_f), *out = g_new (float, no);
    double *want = g_new (double, no);
    const gboolean with_bias = s % 2 == 0;

    ktest_fill_f32 (r, in, ni, -1, 1);
    ktest_fill_f32 (r, w, nw, -1, 1);
    ktest_fill_f32 (r, bias, sh->out_f, -2, 2);
    for (int b = 0; b < sh->batch; b++)
      for (int o = 0; o < sh->out_f; o++) {
        double acc = with_bias ? bias[o] : 0.0;
        for (int i = 0; i < sh->in_f; i++)
          acc += (double) in[(size_t) b * sh->in_f + i] *
              w[(size_t) o * sh->in_f + i];
        want[(size_t) b * sh->out_f + o] = fmin (fmax (acc, -1.5), 1.5);
      }
    edge_ref_f32_fully_connected (sh->batch, sh->in_f, sh->out_f, in, w,
        with_bias ? bias : NULL, -1.5f, 1.5f, out, NULL);
    ktest_assert_f32_near (out, want, no, 1e-4, 1e-5);
    g_free (in);
    g_free (w);
    g_free (bias);
    g_free (out);
    g_free (want);
  }
  g_rand_free (r);
}

/* 1, 2 and 3 threads give the same bytes. */
static void
test_threads_identical (void)
{
  GRand *r = ktest_rand_new ();
  EdgeThreadPool *pools[3] = { NULL, edge_thread_pool_new (2),
    edge_thread_pool_new (3)
  };
  const int batch = 3, in_f = 257, out_f = 131;
  int8_t in[3 * 257], w[131 * 257], out[3][3 * 131];
  float fin[3 * 257], fw[131 * 257], fout[3][3 * 131], mult[131];

  ktest_fill_s8 (r, in, sizeof (in), -128, 127);
  ktest_fill_s8 (r, w, sizeof (w), -127, 127);
  ktest_fill_f32 (r, fin, G_N_ELEMENTS (fin), -1, 1);
  ktest_fill_f32 (r, fw, G_N_ELEMENTS (fw), -1, 1);
  for (int o = 0; o < out_f; o++)
    mult[o] = 0.0005f;
  for (int t = 0; t < 3; t++) {
    edge_ref_qs8_fully_connected (batch, in_f, out_f, in, 0, w, NULL, NULL,
        mult, 0, -128, 127, out[t], pools[t]);
    edge_ref_f32_fully_connected (batch, in_f, out_f, fin, fw, NULL,
        -INFINITY, INFINITY, fout[t], pools[t]);
  }
  for (int t = 1; t < 3; t++) {
    g_assert_cmpmem (out[0], sizeof (out[0]), out[t], sizeof (out[t]));
    g_assert_cmpmem (fout[0], sizeof (fout[0]), fout[t], sizeof (fout[t]));
  }
  edge_thread_pool_free (pools[1]);
  edge_thread_pool_free (pools[2]);
  g_rand_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/fully-connected/qs8", test_qs8);
  g_test_add_func ("/kernels/fully-connected/f32", test_f32);
  g_test_add_func ("/kernels/fully-connected/threads-identical",
      test_threads_identical);
  return g_test_run ();
}
