/* Kernel suite: element-wise add, mul and clamp (int8 and float).
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

/* Quantization of one binary operator's operands and result. */
typedef struct
{
  double sa, sb, so;
  int za, zb, zo;
  int qmin, qmax;
} BinaryCase;

/* Real a (op) b computed in double from the quantized inputs, quantized to
 * the output (plain rounding, saturation), then the fused clamp. */
static int
oracle_binary (const BinaryCase * bc, int is_mul, int8_t a, int8_t b)
{
  const double ra = bc->sa * (a - bc->za);
  const double rb = bc->sb * (b - bc->zb);
  const double real = is_mul ? ra * rb : ra + rb;

  return ktest_quantize_double (real, bc->so, bc->zo, bc->qmin, bc->qmax);
}

static void
init_params (const BinaryCase * bc, int is_mul, EdgeQs8BinaryParams * params)
{
  if (is_mul)
    edge_qs8_mul_params_init (params, (float) bc->sa, bc->za, (float) bc->sb,
        bc->zb, (float) bc->so, bc->zo, (int8_t) bc->qmin, (int8_t) bc->qmax);
  else
    edge_qs8_add_params_init (params, (float) bc->sa, bc->za, (float) bc->sb,
        bc->zb, (float) bc->so, bc->zo, (int8_t) bc->qmin, (int8_t) bc->qmax);
}

/* Runs the kernel out of place on n random inputs and checks 1 LSB against
 * the double oracle. Scales are stored as float, so the oracle uses the
 * float values the kernel sees. */
static void
check_binary_case (GRand * r, BinaryCase bc, int is_mul, size_t n)
{
  int8_t a[MAX_N], b[MAX_N], out[MAX_N];
  int want[MAX_N];
  EdgeQs8BinaryParams params;

  bc.sa = (float) bc.sa;
  bc.sb = (float) bc.sb;
  bc.so = (float) bc.so;
  g_assert_cmpuint (n, <=, MAX_N);
  ktest_fill_s8 (r, a, n, -128, 127);
  ktest_fill_s8 (r, b, n, -128, 127);
  init_params (&bc, is_mul, &params);
  if (is_mul)
    edge_ref_qs8_mul (n, a, b, out, &params);
  else
    edge_ref_qs8_add (n, a, b, out, &params);
  for (size_t i = 0; i < n; i++)
    want[i] = oracle_binary (&bc, is_mul, a[i], b[i]);
  ktest_assert_s8_near (out, want, n, 1);
}

/* Random scales (log-uniform over [1e-3, 1]) and zero points. */
static BinaryCase
random_case (GRand * r, int is_mul)
{
  BinaryCase bc;

  bc.sa = pow (10.0, g_rand_double_range (r, -3.0, 0.0));
  bc.sb = pow (10.0, g_rand_double_range (r, -3.0, 0.0));
  /* an output scale near the result's range, so outputs do not all
   * saturate: the sum of ranges for add, the product for mul */
  bc.so = (is_mul ? bc.sa * bc.sb * 255.0 : bc.sa + bc.sb)
      * g_rand_double_range (r, 0.5, 2.0);
  bc.za = g_rand_int_range (r, -128, 128);
  bc.zb = g_rand_int_range (r, -128, 128);
  bc.zo = g_rand_int_range (r, -128, 128);
  bc.qmin = -128;
  bc.qmax = 127;
  return bc;
}

/* int8 add/mul land within 1 LSB of double math for random parameters and
 * n = 1, 7, 17, 1023. */
static void
test_qs8_binary_random (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  GRand *r = ktest_rand_new ();

  for (int k = 0; k < 50; k++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      check_binary_case (r, random_case (r, is_mul), is_mul, sizes[s]);
  g_rand_free (r);
}

/* int8 add/mul stay within 1 LSB with every zero point at -128 or 127 (the
 * centred inputs then reach +-255 and products +-65025). */
static void
test_qs8_binary_zero_point_extremes (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  const int extremes[2] = { -128, 127 };
  GRand *r = ktest_rand_new ();

  for (int i = 0; i < 8; i++) {
    BinaryCase bc = random_case (r, is_mul);

    bc.za = extremes[i & 1];
    bc.zb = extremes[(i >> 1) & 1];
    bc.zo = extremes[(i >> 2) & 1];
    check_binary_case (r, bc, is_mul, 1023);
  }
  g_rand_free (r);
}

/* Results beyond the int8 range saturate to exactly -128 / 127. */
static void
test_qs8_binary_saturates (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  const int8_t a[4] = { 127, -128, 100, -100 };
  const int8_t b[4] = { 127, -128, -100, 100 };
  /* add: 254, -256, 0, 0; mul: 16129, 16384, -10000, -10000 */
  const int8_t want_add[4] = { 127, -128, 0, 0 };
  const int8_t want_mul[4] = { 127, 127, -128, -128 };
  EdgeQs8BinaryParams params;
  int8_t out[4];

  if (is_mul) {
    edge_qs8_mul_params_init (&params, 1.0f, 0, 1.0f, 0, 1.0f, 0, -128, 127);
    edge_ref_qs8_mul (4, a, b, out, &params);
    ktest_assert_s8_near (out, want_mul, 4, 0);
  } else {
    edge_qs8_add_params_init (&params, 1.0f, 0, 1.0f, 0, 1.0f, 0, -128, 127);
    edge_ref_qs8_add (4, a, b, out, &params);
    ktest_assert_s8_near (out, want_add, 4, 0);
  }
}

/* The fused clamp implements ReLU ([zo, 127]) and ReLU6 ([zo, q(6)]) in the
 * quantized domain, within 1 LSB of the clamped double result. */
static void
test_qs8_binary_relu_clamp (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  GRand *r = ktest_rand_new ();

  for (int k = 0; k < 20; k++) {
    BinaryCase bc = random_case (r, is_mul);

    bc.so = (float) bc.so;
    bc.zo = g_rand_int_range (r, -128, 0);
    bc.qmin = bc.zo;
    bc.qmax = (k & 1) ? 127 : ktest_quantize_double (6.0, bc.so, bc.zo,
        -128, 127);
    check_binary_case (r, bc, is_mul, 1023);
  }
  g_rand_free (r);
}

/* With equal scales add is exact integer arithmetic: (a - za) + (b - zb) +
 * zo, saturated; with sa * sb == so mul is the exact product. */
static void
test_qs8_binary_exact_when_scales_cancel (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  GRand *r = ktest_rand_new ();
  int8_t a[MAX_N], b[MAX_N], out[MAX_N];
  int want[MAX_N];
  EdgeQs8BinaryParams params;
  const int za = -128, zb = 127, zo = 3;

  ktest_fill_s8 (r, a, MAX_N, -128, 127);
  ktest_fill_s8 (r, b, MAX_N, -128, 127);
  if (is_mul) {
    edge_qs8_mul_params_init (&params, 0.5f, za, 0.25f, zb, 0.125f, zo,
        -128, 127);
    edge_ref_qs8_mul (MAX_N, a, b, out, &params);
  } else {
    edge_qs8_add_params_init (&params, 0.02f, za, 0.02f, zb, 0.02f, zo,
        -128, 127);
    edge_ref_qs8_add (MAX_N, a, b, out, &params);
  }
  for (size_t i = 0; i < MAX_N; i++) {
    const int v = is_mul ? (a[i] - za) * (b[i] - zb) + zo
        : (a[i] - za) + (b[i] - zb) + zo;
    want[i] = CLAMP (v, -128, 127);
  }
  ktest_assert_s8_near (out, want, MAX_N, 0);
  g_rand_free (r);
}

/* Exact halves round to even before the zero point is added (0.5 -> 0,
 * 1.5 -> 2, 2.5 -> 2, -0.5 -> 0, -1.5 -> -2, then + zo), in add and mul. */
static void
test_qs8_binary_ties_to_even (void)
{
  /* centred a: 1, 3, 5, -1, -3, -5, 7 with za = 0; b - zb = 0 for add */
  const int8_t a[7] = { 1, 3, 5, -1, -3, -5, 7 };
  const int8_t b_add[7] = { 10, 10, 10, 10, 10, 10, 10 };
  const int8_t b_mul[7] = { 1, 1, 1, 1, 1, 1, 1 };
  /* x = a / 2: 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5 -> 0, 2, 2, 0, -2, -2, 4 */
  const int8_t want[7] = { 1, 3, 3, 1, -1, -1, 5 };     /* + zo = 1 */
  EdgeQs8BinaryParams params;
  int8_t out[7];

  edge_qs8_add_params_init (&params, 0.5f, 0, 0.5f, 10, 1.0f, 1, -128, 127);
  edge_ref_qs8_add (7, a, b_add, out, &params);
  ktest_assert_s8_near (out, want, 7, 0);

  edge_qs8_mul_params_init (&params, 0.5f, 0, 1.0f, 0, 1.0f, 1, -128, 127);
  edge_ref_qs8_mul (7, a, b_mul, out, &params);
  ktest_assert_s8_near (out, want, 7, 0);
}

/* In place (out == a, out == b, and a == b == out) gives the oracle's
 * result: no element is read after it was overwritten. */
static void
test_qs8_binary_in_place (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  GRand *r = ktest_rand_new ();
  BinaryCase bc = random_case (r, is_mul);
  EdgeQs8BinaryParams params;
  int8_t a[MAX_N], b[MAX_N], buf[MAX_N];
  int want[MAX_N];

  bc.sa = (float) bc.sa;
  bc.sb = (float) bc.sb;
  bc.so = (float) bc.so;
  init_params (&bc, is_mul, &params);
  ktest_fill_s8 (r, a, MAX_N, -128, 127);
  ktest_fill_s8 (r, b, MAX_N, -128, 127);

  for (int mode = 0; mode < 3; mode++) {
    const int8_t *in_a, *in_b;

    for (size_t i = 0; i < MAX_N; i++)
      want[i] = oracle_binary (&bc, is_mul, a[i], mode == 2 ? a[i] : b[i]);
    memcpy (buf, mode == 1 ? b : a, MAX_N);
    in_a = mode == 1 ? a : buf; /* mode 0: out == a */
    in_b = mode == 0 ? b : buf; /* mode 1: out == b; 2: all three */
    if (is_mul)
      edge_ref_qs8_mul (MAX_N, in_a, in_b, buf, &params);
    else
      edge_ref_qs8_add (MAX_N, in_a, in_b, buf, &params);
    ktest_assert_s8_near (buf, want, MAX_N, 1);
  }
  g_rand_free (r);
}

/* The init functions store s_a/s_out, s_b/s_out (add) and
 * (s_a * s_b) / s_out (mul, product first) as float32: pinned on values
 * where the other association order gives a different float. */
static void
test_qs8_params_init (void)
{
  EdgeQs8BinaryParams params;
  volatile float sa = 0.1f, sb = 0.3f, so = 0.7f;
  const float product_first = (sa * sb) / so;
  const float divide_first = sa * (sb / so);

  edge_qs8_add_params_init (&params, 0.5f, -128, 0.25f, 127, 0.125f, 5,
      -3, 100);
  g_assert_cmpfloat (params.a_multiplier, ==, 4.0f);
  g_assert_cmpfloat (params.b_multiplier, ==, 2.0f);
  g_assert_cmpint (params.a_zero_point, ==, -128);
  g_assert_cmpint (params.b_zero_point, ==, 127);
  g_assert_cmpint (params.output_zero_point, ==, 5);
  g_assert_cmpint (params.output_min, ==, -3);
  g_assert_cmpint (params.output_max, ==, 100);

  /* the two orders differ here, so the check below can tell them apart */
  g_assert_cmpfloat (product_first, !=, divide_first);
  edge_qs8_mul_params_init (&params, sa, 0, sb, 0, so, 0, -128, 127);
  g_assert_cmpfloat (params.a_multiplier, ==, product_first);
  /* within 1 ulp of the exact ratio */
  g_assert_cmpfloat (fabs (params.a_multiplier - (0.1f * (double) 0.3f)
          / 0.7f), <=, 1e-7 * params.a_multiplier);
}

/* Invalid parameters (zero point 128, output_min > output_max, zero scale)
 * abort on an assertion instead of computing garbage. */
static void
test_qs8_params_init_asserts (void)
{
  EdgeQs8BinaryParams params;

#ifdef NDEBUG
  g_test_skip ("assertions compiled out (NDEBUG)");
  return;
#endif
  if (g_test_subprocess ()) {
    const char *which = g_getenv ("KTEST_CASE");

    if (g_strcmp0 (which, "zp") == 0)
      edge_qs8_add_params_init (&params, 1.0f, 128, 1.0f, 0, 1.0f, 0,
          -128, 127);
    else if (g_strcmp0 (which, "clamp") == 0)
      edge_qs8_mul_params_init (&params, 1.0f, 0, 1.0f, 0, 1.0f, 0, 5, 4);
    else
      edge_qs8_add_params_init (&params, 0.0f, 0, 1.0f, 0, 1.0f, 0, -128, 127);
    return;
  }
  const char *cases[3] = { "zp", "clamp", "scale" };
  for (int i = 0; i < 3; i++) {
    g_setenv ("KTEST_CASE", cases[i], TRUE);
    g_test_trap_subprocess (NULL, 0, 0);
    g_test_trap_assert_failed ();
  }
  g_unsetenv ("KTEST_CASE");
}

/* float add/mul equal the correctly rounded double result (a float sum or
 * product rounded once), bit for bit, clamped; n = 1, 7, 17, 1023. */
static void
test_f32_binary (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  GRand *r = ktest_rand_new ();
  float a[MAX_N], b[MAX_N], out[MAX_N], want[MAX_N];
  /* no clamp, ReLU, ReLU6 */
  const float bounds[3][2] = {
    {-INFINITY, INFINITY}, {0.0f, INFINITY}, {0.0f, 6.0f}
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int k = 0; k < 3; k++) {
      const size_t n = sizes[s];
      const double lo = bounds[k][0], hi = bounds[k][1];

      ktest_fill_f32 (r, a, n, -10.0, 10.0);
      ktest_fill_f32 (r, b, n, -10.0, 10.0);
      if (is_mul)
        edge_ref_f32_mul (n, a, b, out, bounds[k][0], bounds[k][1]);
      else
        edge_ref_f32_add (n, a, b, out, bounds[k][0], bounds[k][1]);
      for (size_t i = 0; i < n; i++) {
        /* a product of floats is exact in double; a sum is rounded twice,
         * which equals one float rounding since 53 >= 2 * 24 + 2 */
        double v = is_mul ? (double) a[i] * b[i] : (double) a[i] + b[i];
        v = v < lo ? lo : v > hi ? hi : v;
        want[i] = (float) v;
      }
      ktest_assert_f32_near (out, want, n, 0.0, 0.0);
    }
  g_rand_free (r);
}

/* float add/mul in place (out == a, out == b) match the double result. */
static void
test_f32_binary_in_place (gconstpointer data)
{
  const int is_mul = GPOINTER_TO_INT (data);
  GRand *r = ktest_rand_new ();
  float a[17], b[17], buf[17], want[17];

  ktest_fill_f32 (r, a, 17, -3.0, 3.0);
  ktest_fill_f32 (r, b, 17, -3.0, 3.0);
  for (size_t i = 0; i < 17; i++)
    want[i] = (float) (is_mul ? (double) a[i] * b[i] : (double) a[i] + b[i]);

  memcpy (buf, a, sizeof (buf));
  if (is_mul)
    edge_ref_f32_mul (17, buf, b, buf, -INFINITY, INFINITY);
  else
    edge_ref_f32_add (17, buf, b, buf, -INFINITY, INFINITY);
  ktest_assert_f32_near (buf, want, 17, 0.0, 0.0);

  memcpy (buf, b, sizeof (buf));
  if (is_mul)
    edge_ref_f32_mul (17, a, buf, buf, -INFINITY, INFINITY);
  else
    edge_ref_f32_add (17, a, buf, buf, -INFINITY, INFINITY);
  ktest_assert_f32_near (buf, want, 17, 0.0, 0.0);
  g_rand_free (r);
}

/* int8 clamp maps every int8 value to max (lo, min (hi, v)), for ReLU,
 * ReLU6-like and degenerate (lo == hi) ranges, also in place. */
static void
test_s8_clamp (void)
{
  const int ranges[4][2] = { {-128, 127}, {-5, 127}, {-5, 40}, {7, 7} };
  int8_t in[256], out[256];
  int want[256];

  for (int i = 0; i < 256; i++)
    in[i] = (int8_t) (i - 128);
  for (int k = 0; k < 4; k++) {
    const int lo = ranges[k][0], hi = ranges[k][1];

    for (int i = 0; i < 256; i++)
      want[i] = MAX (lo, MIN (hi, i - 128));
    edge_ref_s8_clamp (256, in, (int8_t) lo, (int8_t) hi, out);
    ktest_assert_s8_near (out, want, 256, 0);
    memcpy (out, in, sizeof (out));
    edge_ref_s8_clamp (256, out, (int8_t) lo, (int8_t) hi, out);
    ktest_assert_s8_near (out, want, 256, 0);
  }
}

/* float clamp implements ReLU6, lets NaN through, keeps infinities inside
 * an unbounded range and works in place. */
static void
test_f32_clamp (void)
{
  const float in[8] = { -7.5f, -0.0f, 0.25f, 5.999f, 6.0f, 1e30f, NAN,
    -INFINITY
  };
  const float want6[8] = { 0.0f, -0.0f, 0.25f, 5.999f, 6.0f, 6.0f, NAN,
    0.0f
  };
  float out[8];

  edge_ref_f32_clamp (8, in, 0.0f, 6.0f, out);
  for (int i = 0; i < 8; i++) {
    if (isnan (want6[i]))
      g_assert_true (isnan (out[i]));
    else
      g_assert_cmpfloat (out[i], ==, want6[i]);
  }
  /* -0.0 kept against a 0.0 bound: the sign bit survives */
  g_assert_true (signbit (out[1]));

  memcpy (out, in, sizeof (out));
  edge_ref_f32_clamp (8, out, -INFINITY, INFINITY, out);
  for (int i = 0; i < 8; i++) {
    if (isnan (in[i]))
      g_assert_true (isnan (out[i]));
    else
      g_assert_cmpfloat (out[i], ==, in[i]);
  }
}

/* Registers @func twice, as /kernels/elementwise/<type>-add/<name> with data
 * 0 and <type>-mul/<name> with data 1. */
static void
add_binary_test (const char *type, const char *name, GTestDataFunc func)
{
  for (int is_mul = 0; is_mul < 2; is_mul++) {
    gchar *path = g_strdup_printf ("/kernels/elementwise/%s-%s/%s", type,
        is_mul ? "mul" : "add", name);

    g_test_add_data_func (path, GINT_TO_POINTER (is_mul), func);
    g_free (path);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_binary_test ("qs8", "random", test_qs8_binary_random);
  add_binary_test ("qs8", "zero-point-extremes",
      test_qs8_binary_zero_point_extremes);
  add_binary_test ("qs8", "saturates", test_qs8_binary_saturates);
  add_binary_test ("qs8", "relu-clamp", test_qs8_binary_relu_clamp);
  add_binary_test ("qs8", "exact-when-scales-cancel",
      test_qs8_binary_exact_when_scales_cancel);
  add_binary_test ("qs8", "in-place", test_qs8_binary_in_place);
  g_test_add_func ("/kernels/elementwise/qs8/ties-to-even",
      test_qs8_binary_ties_to_even);
  g_test_add_func ("/kernels/elementwise/qs8/params-init",
      test_qs8_params_init);
  g_test_add_func ("/kernels/elementwise/qs8/params-init-asserts",
      test_qs8_params_init_asserts);
  add_binary_test ("f32", "exact", test_f32_binary);
  add_binary_test ("f32", "in-place", test_f32_binary_in_place);
  g_test_add_func ("/kernels/elementwise/s8-clamp", test_s8_clamp);
  g_test_add_func ("/kernels/elementwise/f32-clamp", test_f32_clamp);

  return g_test_run ();
}
