/* Reference convolution against independent math.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "kernel-test-utils.h"
#include "conv-cases.h"

#include <stdlib.h>

/* Independent oracle: materialize the zero-padded input (padding holds the
 * real value 0), then sum in double over an explicit window, reading the
 * weight with a computed group offset. Returns the real-valued outputs. */
static double *
oracle_conv (const EdgeConv2dParams * p, const double *x, const double *w,
    const double *bias)
{
  const int ph = p->in_h + p->pad_top + p->pad_bottom;
  const int pw = p->in_w + p->pad_left + p->pad_right;
  const int icg = p->in_c / p->groups, ocg = p->out_c / p->groups;
  double *padded = g_new0 (double, (size_t) p->batch * ph * pw * p->in_c);
  double *out = g_new0 (double, out_size (p));

  for (int n = 0; n < p->batch; n++)
    for (int y = 0; y < p->in_h; y++)
      for (int xx = 0; xx < p->in_w; xx++)
        for (int c = 0; c < p->in_c; c++)
          padded[(((size_t) n * ph + y + p->pad_top) * pw + xx + p->pad_left) *
              p->in_c + c] =
              x[(((size_t) n * p->in_h + y) * p->in_w + xx) * p->in_c + c];

  for (int n = 0; n < p->batch; n++)
    for (int oy = 0; oy < p->out_h; oy++)
      for (int ox = 0; ox < p->out_w; ox++)
        for (int oc = 0; oc < p->out_c; oc++) {
          const int g = oc / ocg;
          double s = bias ? bias[oc] : 0.0;
          for (int ic = 0; ic < icg; ic++)
            for (int ky = 0; ky < p->kernel_h; ky++)
              for (int kx = 0; kx < p->kernel_w; kx++) {
                const int y = oy * p->stride_h + ky * p->dilation_h;
                const int xx = ox * p->stride_w + kx * p->dilation_w;
                s += padded[(((size_t) n * ph + y) * pw + xx) * p->in_c +
                    g * icg + ic] *
                    w[(((size_t) oc * p->kernel_h + ky) * p->kernel_w + kx) *
                    icg + ic];
              }
          out[(((size_t) n * p->out_h + oy) * p->out_w + ox) * p->out_c +
              oc] = s;
        }
  g_free (padded);
  return out;
}

typedef struct
{
  int input_zp, weight_zp, output_zp;
  int8_t out_min, out_max;
  int in_lo, in_hi;             /* input value range */
  gboolean per_channel_wzp;
} QuantSetup;

/* int8 conv within 1 LSB of the float computation on dequantized values;
 * the int32 variant exactly equal to the integer sum. */
static void
check_qs8_case (const ConvCase * c, const QuantSetup * q, GRand * r)
{
  EdgeConv2dParams p = case_params (c);
  const size_t ni = in_size (&p), nw = weight_size (&p), no = out_size (&p);
  int8_t *in = g_new (int8_t, ni), *w = g_new (int8_t, nw);
  int8_t *out = g_new (int8_t, no), *want = g_new (int8_t, no);
  int32_t *acc = g_new (int32_t, no), *bias = g_new (int32_t, p.out_c);
  int32_t *wzp = g_new (int32_t, p.out_c);
  float *w_scale = g_new (float, p.out_c), *mult = g_new (float, p.out_c);
  double *xr = g_new (double, ni), *wr = g_new (double, nw);
  double *br = g_new (double, p.out_c), *xi = g_new (double, ni);
  double *wi = g_new (double, nw), *bi = g_new (double, p.out_c);
  double *real, *exact;
  const float in_scale = 0.02f;
  const size_t wpc = nw / p.out_c;
  float out_scale;

  g_assert_true (edge_conv2d_params_valid (&p));
  ktest_fill_s8 (r, in, ni, q->in_lo, q->in_hi);
  ktest_fill_s8 (r, w, nw, -127, 127);
  for (int oc = 0; oc < p.out_c; oc++) {
    w_scale[oc] = (float) g_rand_double_range (r, 0.002, 0.02);
    bias[oc] = g_rand_int_range (r, -3000, 3000);
    wzp[oc] = q->per_channel_wzp ? g_rand_int_range (r, -20, 20) : q->weight_zp;
  }
  /* The output scale follows the real output range, as calibration would. */
  out_scale = (float) (in_scale * 0.01 * sqrt ((double) wpc) * 40.0);
  for (size_t i = 0; i < ni; i++) {
    xr[i] = in_scale * (in[i] - q->input_zp);
    xi[i] = in[i] - q->input_zp;
  }
  for (size_t i = 0; i < nw; i++) {
    const int oc = (int) (i / wpc);
    wr[i] = w_scale[oc] * (double) (w[i] - wzp[oc]);
    wi[i] = w[i] - wzp[oc];
  }
  for (int oc = 0; oc < p.out_c; oc++) {
    br[oc] = (double) in_scale * w_scale[oc] * bias[oc];
    bi[oc] = bias[oc];
    mult[oc] = in_scale * w_scale[oc] / out_scale;
  }

  real = oracle_conv (&p, xr, wr, br);
  exact = oracle_conv (&p, xi, wi, bi);
  for (size_t i = 0; i < no; i++)
    want[i] = (int8_t) ktest_quantize_double (real[i], out_scale,
        q->output_zp, q->out_min, q->out_max);

  edge_ref_qs8_conv2d (&p, in, q->input_zp, w, wzp, bias, mult, q->output_zp,
      q->out_min, q->out_max, out, NULL);
  ktest_assert_s8_near (out, want, no, 1);

  edge_ref_qs8_conv2d_s32 (&p, in, q->input_zp, w, wzp, bias, acc, NULL);
  for (size_t i = 0; i < no; i++)
    g_assert_cmpint (acc[i], ==, (int32_t) exact[i]);

  /* ...and bit-exact to the documented rule: float32 product, round half
   * to even, add the zero point, saturate. */
  for (size_t i = 0; i < no; i++) {
    const float x = (float) (int32_t) exact[i] * mult[i % p.out_c];
    double v = nearbyint ((double) x) + q->output_zp;
    v = v < q->out_min ? q->out_min : (v > q->out_max ? q->out_max : v);
    g_assert_cmpint (out[i], ==, (int) v);
  }

  g_free (real);
  g_free (exact);
  g_free (in);
  g_free (w);
  g_free (out);
  g_free (want);
  g_free (acc);
  g_free (bias);
  g_free (wzp);
  g_free (w_scale);
  g_free (mult);
  g_free (xr);
  g_free (wr);
  g_free (br);
  g_free (xi);
  g_free (wi);
  g_free (bi);
}

/* Every geometry, symmetric weights, ordinary zero points. */
static void
test_qs8_geometries (void)
{
  GRand *r = ktest_rand_new ();
  const QuantSetup q = { 3, 0, -5, -128, 127, -128, 127, FALSE };

  for (size_t i = 0; i < G_N_ELEMENTS (conv_cases); i++) {
    if (g_test_verbose ())
      g_test_message ("case %s", conv_cases[i].name);
    check_qs8_case (&conv_cases[i], &q, r);
  }
  g_rand_free (r);
}

/* Zero points at the extremes, asymmetric per-channel weight zero points
 * (ONNX), saturating inputs and fused ReLU / ReLU6-like clamps. */
static void
test_qs8_zero_points_and_saturation (void)
{
  GRand *r = ktest_rand_new ();
  const QuantSetup setups[] = {
    {-128, 0, -128, -128, 127, -128, 127, FALSE},
    {127, 0, 127, -128, 127, -128, 127, FALSE},
    {-128, 5, 0, -128, 127, -128, -128, FALSE},   /* all-min input */
    {127, -7, 0, -128, 127, 127, 127, FALSE},     /* all-max input */
    {0, 0, -128, -128, 127, -128, 127, TRUE},
    {-20, 0, -128, -128, 30, -128, 127, FALSE},   /* ReLU6-like clamp */
    {10, 0, -40, -40, 127, -128, 127, FALSE},     /* ReLU: min = zp */
  };

  for (size_t s = 0; s < G_N_ELEMENTS (setups); s++)
    for (size_t i = 0; i < G_N_ELEMENTS (conv_cases); i += 3)
      check_qs8_case (&conv_cases[i], &setups[s], r);
  g_rand_free (r);
}

/* Outputs are bit-identical for 1, 2 and 3 threads, int8 and float. */
static void
test_threads_identical (void)
{
  GRand *r = ktest_rand_new ();
  EdgeThreadPool *pools[3] = { NULL, edge_thread_pool_new (2),
    edge_thread_pool_new (3)
  };

  for (size_t i = 0; i < G_N_ELEMENTS (conv_cases); i++) {
    EdgeConv2dParams p = case_params (&conv_cases[i]);
    const size_t ni = in_size (&p), nw = weight_size (&p), no = out_size (&p);
    int8_t *in = g_new (int8_t, ni), *w = g_new (int8_t, nw);
    int8_t *out[3];
    float *fin = g_new (float, ni), *fw = g_new (float, nw), *fout[3];
    float *mult = g_new (float, p.out_c);

    ktest_fill_s8 (r, in, ni, -128, 127);
    ktest_fill_s8 (r, w, nw, -127, 127);
    ktest_fill_f32 (r, fin, ni, -1, 1);
    ktest_fill_f32 (r, fw, nw, -1, 1);
    for (int oc = 0; oc < p.out_c; oc++)
      mult[oc] = 0.001f * (oc + 1);
    for (int t = 0; t < 3; t++) {
      out[t] = g_new (int8_t, no);
      fout[t] = g_new (float, no);
      edge_ref_qs8_conv2d (&p, in, 1, w, NULL, NULL, mult, 2, -128, 127,
          out[t], pools[t]);
      edge_ref_f32_conv2d (&p, fin, fw, NULL, -INFINITY, INFINITY, fout[t],
          pools[t]);
    }
    for (int t = 1; t < 3; t++) {
      g_assert_cmpmem (out[0], no, out[t], no);
      g_assert_cmpmem (fout[0], no * sizeof (float), fout[t],
          no * sizeof (float));
    }
    for (int t = 0; t < 3; t++) {
      g_free (out[t]);
      g_free (fout[t]);
    }
    g_free (in);
    g_free (w);
    g_free (fin);
    g_free (fw);
    g_free (mult);
  }
  edge_thread_pool_free (pools[1]);
  edge_thread_pool_free (pools[2]);
  g_rand_free (r);
}

/* float32 convolution against double math, with bias and clamps. */
static void
test_f32_geometries (void)
{
  GRand *r = ktest_rand_new ();

  for (size_t i = 0; i < G_N_ELEMENTS (conv_cases); i++) {
    EdgeConv2dParams p = case_params (&conv_cases[i]);
    const size_t ni = in_size (&p), nw = weight_size (&p), no = out_size (&p);
    float *in = g_new (float, ni), *w = g_new (float, nw);
    float *bias = g_new (float, p.out_c), *out = g_new (float, no);
    double *din = g_new (double, ni), *dw = g_new (double, nw);
    double *dbias = g_new (double, p.out_c), *want;
    const float lo = (i % 2) ? 0.0f : -INFINITY;   /* ReLU on odd cases */
    const float hi = (i % 3 == 0) ? 6.0f : INFINITY;

    ktest_fill_f32 (r, in, ni, -3, 3);
    ktest_fill_f32 (r, w, nw, -1, 1);
    ktest_fill_f32 (r, bias, p.out_c, -1, 1);
    for (size_t k = 0; k < ni; k++)
      din[k] = in[k];
    for (size_t k = 0; k < nw; k++)
      dw[k] = w[k];
    for (int k = 0; k < p.out_c; k++)
      dbias[k] = bias[k];
    want = oracle_conv (&p, din, dw, dbias);
    for (size_t k = 0; k < no; k++)
      want[k] = fmin (fmax (want[k], lo), hi);
    edge_ref_f32_conv2d (&p, in, w, bias, lo, hi, out, NULL);
    ktest_assert_f32_near (out, want, no, 1e-4, 1e-5);
    g_free (in);
    g_free (w);
    g_free (bias);
    g_free (out);
    g_free (din);
    g_free (dw);
    g_free (dbias);
    g_free (want);
  }
  g_rand_free (r);
}

/* Output sizes follow the ONNX/TFLite formula and bad geometry is refused. */
static void
test_params_validation (void)
{
  EdgeConv2dParams p = case_params (&conv_cases[0]);
  EdgeConv2dParams bad;

  g_assert_cmpint (edge_conv_output_size (224, 3, 2, 1, 0, 1), ==, 112);
  g_assert_cmpint (edge_conv_output_size (224, 7, 2, 1, 3, 3), ==, 112);
  g_assert_cmpint (edge_conv_output_size (5, 3, 1, 2, 0, 0), ==, 1);
  g_assert_cmpint (edge_conv_output_size (4, 3, 1, 2, 0, 0), ==, -1);
  g_assert_cmpint (edge_conv_output_size (0, 1, 1, 1, 0, 0), ==, -1);
  g_assert_cmpint (edge_conv_output_size (8, 3, 0, 1, 0, 0), ==, -1);
  g_assert_true (edge_conv2d_params_valid (&p));
  g_assert_false (edge_conv2d_params_valid (NULL));

  bad = p;
  bad.out_h++;
  g_assert_false (edge_conv2d_params_valid (&bad));
  bad = p;
  bad.groups = 2;               /* 5 input channels do not split in 2 */
  g_assert_false (edge_conv2d_params_valid (&bad));
  bad = p;
  bad.in_c = 0;
  g_assert_false (edge_conv2d_params_valid (&bad));
  bad = p;
  bad.pad_top = 3;              /* >= kernel span: windows of pure padding */
  bad.out_h = edge_conv_output_size (bad.in_h, 3, 1, 1, 3, 1);
  g_assert_false (edge_conv2d_params_valid (&bad));
  bad = p;
  bad.stride_w = -1;
  g_assert_false (edge_conv2d_params_valid (&bad));
  bad = p;                      /* window large enough to overflow int32 */
  bad.in_c = 40000;
  bad.kernel_h = bad.kernel_w = 1;
  bad.pad_top = bad.pad_bottom = bad.pad_left = bad.pad_right = 0;
  bad.out_h = bad.in_h;
  bad.out_w = bad.in_w;
  g_assert_false (edge_conv2d_params_valid (&bad));
  bad = p;                      /* tensor larger than 2^31 elements */
  bad.batch = 1 << 30;
  g_assert_false (edge_conv2d_params_valid (&bad));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/conv/qs8-geometries", test_qs8_geometries);
  g_test_add_func ("/kernels/conv/qs8-zero-points-saturation",
      test_qs8_zero_points_and_saturation);
  g_test_add_func ("/kernels/conv/threads-identical", test_threads_identical);
  g_test_add_func ("/kernels/conv/f32-geometries", test_f32_geometries);
  g_test_add_func ("/kernels/conv/params-validation", test_params_validation);
  return g_test_run ();
}
