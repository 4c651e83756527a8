/* qs8-gemm microkernels (every table entry) against independent math, the
 * reference layers and the portable kernel with the same packing.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Every buffer a kernel reads or writes is allocated to its exact size
 * (rows of a strided A or C end exactly at the last row's kc / nc bytes),
 * so AddressSanitizer builds catch any over-read or over-write; stride gaps
 * of C are filled with a sentinel and checked afterwards. Entries whose
 * path this CPU cannot run are skipped with a message.
 */

#include "kernel-test-utils.h"
#include "edge-dispatch.h"
#include "edge-kernels-fast.h"

#include <limits.h>

#define SENTINEL 0x5a

typedef struct
{
  int32_t izp, ozp;
  int8_t out_min, out_max;
  int a_lo, a_hi;               /* A values drawn from [a_lo, a_hi] */
  int w_mode;                   /* 0 random, 1 all +127, 2 all -127, 3 +-127 */
  float mult_scale;             /* multiplier = mult_scale / sqrt (kc) * rand */
  int bias_mode;                /* 0 random, 1 NULL, 2 near INT32_MAX/MIN */
} Quant;

/* The requantization rule written out independently of edge_requantize ():
 * clamp in float, nearbyintf (default rounding: half to even), add zp. */
static int8_t
naive_requant (int32_t acc, float m, int32_t zp, int8_t lo, int8_t hi)
{
  float x = (float) acc * m;

  if (x < (float) (lo - zp))
    x = (float) (lo - zp);
  if (x > (float) (hi - zp))
    x = (float) (hi - zp);
  return (int8_t) ((int32_t) nearbyintf (x) + zp);
}

/* One case: everything the kernel touches is built here, exact-size. */
typedef struct
{
  size_t mr, nc, kc, a_stride, c_stride;
  int8_t *a, *w, *c;
  int32_t *bias;
  float *mult;
  void *packed;
  size_t a_bytes, c_bytes, packed_bytes;
  EdgeQs8RequantParams params;
  const Quant *q;
} Case;

static void
case_init (Case * cs, GRand * r, const EdgeKernelEntry * e, size_t mr,
    size_t nc, size_t kc, size_t a_pad, size_t c_pad, const Quant * q)
{
  memset (cs, 0, sizeof (*cs));
  cs->mr = mr;
  cs->nc = nc;
  cs->kc = kc;
  cs->q = q;
  cs->a_stride = kc + a_pad;
  cs->c_stride = nc + c_pad;
  cs->a_bytes = (mr - 1) * cs->a_stride + kc;
  cs->c_bytes = (mr - 1) * cs->c_stride + nc;
  cs->a = g_malloc (cs->a_bytes);
  cs->c = g_malloc (cs->c_bytes);
  cs->w = g_malloc (nc * kc);
  cs->mult = g_new (float, nc);
  cs->bias = q->bias_mode == 1 ? NULL : g_new (int32_t, nc);

  ktest_fill_s8 (r, cs->a, cs->a_bytes, q->a_lo, q->a_hi);
  for (size_t i = 0; i < nc * kc; i++) {
    switch (q->w_mode) {
      case 1:
        cs->w[i] = 127;
        break;
      case 2:
        cs->w[i] = -127;
        break;
      case 3:
        cs->w[i] = (i % 3) ? 127 : -127;
        break;
      default:
        cs->w[i] = (int8_t) g_rand_int_range (r, -127, 128);
    }
  }
  for (size_t n = 0; n < nc; n++) {
    cs->mult[n] = q->mult_scale / sqrtf ((float) kc) *
        (float) g_rand_double_range (r, 0.5, 1.5);
    if (q->bias_mode == 0)
      cs->bias[n] = g_rand_int_range (r, -20000, 20000);
    else if (q->bias_mode == 2)
      cs->bias[n] = (n % 2) ? INT32_MAX - g_rand_int_range (r, 0, 1000) :
          INT32_MIN + g_rand_int_range (r, 0, 1000);
  }
  cs->packed_bytes = edge_qs8_gemm_packed_size (nc, kc, e->nr, e->kr);
  cs->packed = g_malloc (cs->packed_bytes);
  edge_qs8_gemm_pack (nc, kc, e->nr, e->kr, cs->w, cs->bias, q->izp,
      cs->mult, cs->packed);
  edge_qs8_requant_params_init (&cs->params, q->ozp, q->out_min, q->out_max);
}

static void
case_clear (Case * cs)
{
  g_free (cs->a);
  g_free (cs->c);
  g_free (cs->w);
  g_free (cs->mult);
  g_free (cs->bias);
  g_free (cs->packed);
}

static void
case_run (Case * cs, const EdgeKernelEntry * e)
{
  memset (cs->c, SENTINEL, cs->c_bytes);
  ((EdgeQs8GemmFunc) e->fn) (cs->mr, cs->nc, cs->kc, cs->a, cs->a_stride,
      cs->packed, cs->c, cs->c_stride, &cs->params);
}

#define CASE_FAIL(e, cs, fmt, ...) \
  g_error ("%s mr=%zu nc=%zu kc=%zu a_stride=%zu c_stride=%zu izp=%d " \
      "ozp=%d [%d,%d]: " fmt, (e)->name, (cs)->mr, (cs)->nc, (cs)->kc, \
      (cs)->a_stride, (cs)->c_stride, (cs)->q->izp, (cs)->q->ozp, \
      (cs)->q->out_min, (cs)->q->out_max, __VA_ARGS__)

/* The kernel output against exact int64 math (int32 wrap applied where the
 * contract says so) and the written-out rule, gaps untouched. */
static void
check_naive (const Case * cs, const EdgeKernelEntry * e)
{
  for (size_t i = 0; i < cs->mr; i++) {
    for (size_t n = 0; n < cs->nc; n++) {
      int64_t s = 0;
      int32_t acc;
      int8_t want, got;
      for (size_t k = 0; k < cs->kc; k++)
        s += ((int64_t) cs->a[i * cs->a_stride + k] - cs->q->izp) *
            cs->w[n * cs->kc + k];
      /* the window sum fits int32; only the bias addition wraps */
      acc = (int32_t) ((uint32_t) (int32_t) s +
          (uint32_t) (cs->bias ? cs->bias[n] : 0));
      want = naive_requant (acc, cs->mult[n], cs->q->ozp, cs->q->out_min,
          cs->q->out_max);
      got = cs->c[i * cs->c_stride + n];
      if (got != want)
        CASE_FAIL (e, cs, "C[%zu][%zu] = %d, naive %d (acc %d)", i, n, got,
            want, acc);
    }
    if (i + 1 < cs->mr)
      for (size_t n = cs->nc; n < cs->c_stride; n++)
        if ((uint8_t) cs->c[i * cs->c_stride + n] != SENTINEL)
          CASE_FAIL (e, cs, "wrote the stride gap at C[%zu][%zu]", i, n);
  }
}

/* The kernel output against edge_ref_qs8_fully_connected on the same rows
 * (batch = mr): bit for bit. */
static void
check_reference (const Case * cs, const EdgeKernelEntry * e)
{
  int8_t *in = g_malloc (cs->mr * cs->kc);
  int8_t *out = g_malloc (cs->mr * cs->nc);

  for (size_t i = 0; i < cs->mr; i++)
    memcpy (in + i * cs->kc, cs->a + i * cs->a_stride, cs->kc);
  edge_ref_qs8_fully_connected ((int32_t) cs->mr, (int32_t) cs->kc,
      (int32_t) cs->nc, in, cs->q->izp, cs->w, NULL, cs->bias, cs->mult,
      cs->q->ozp, cs->q->out_min, cs->q->out_max, out, NULL);
  for (size_t i = 0; i < cs->mr; i++)
    for (size_t n = 0; n < cs->nc; n++)
      if (out[i * cs->nc + n] != cs->c[i * cs->c_stride + n])
        CASE_FAIL (e, cs, "C[%zu][%zu] = %d, reference %d", i, n,
            cs->c[i * cs->c_stride + n], out[i * cs->nc + n]);
  g_free (in);
  g_free (out);
}

/* The REF entry with this entry's packing, or NULL. */
static const EdgeKernelEntry *
ref_twin (const EdgeKernelEntry * e)
{
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);

  for (size_t i = 0; i < n; i++)
    if (strcmp (t[i].op, e->op) == 0 && t[i].path == EDGE_PATH_REF &&
        t[i].nr == e->nr && t[i].kr == e->kr)
      return &t[i];
  return NULL;
}

/* The kernel output against the portable kernel reading the same packed
 * buffer: identical bytes, gaps included. */
static void
check_twin (Case * cs, const EdgeKernelEntry * e)
{
  const EdgeKernelEntry *twin = ref_twin (e);
  int8_t *got;

  g_assert_nonnull (twin);
  if (twin == e)
    return;
  got = g_memdup2 (cs->c, cs->c_bytes);
  case_run (cs, twin);
  if (memcmp (got, cs->c, cs->c_bytes) != 0)
    CASE_FAIL (e, cs, "differs from %s", twin->name);
  g_free (got);
}

/* Runs @fn for every table entry of qs8_gemm this CPU supports. */
static void
for_each_entry (void (*fn) (const EdgeKernelEntry *, GRand *))
{
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);
  GRand *r = ktest_rand_new ();
  int seen = 0;

  for (size_t i = 0; i < n; i++) {
    if (strcmp (t[i].op, "qs8_gemm") != 0)
      continue;
    seen++;
    if (!edge_cpu_supports_path (t[i].path)) {
      g_test_message ("skipping %s: path %s not supported by this CPU",
          t[i].name, edge_kernel_path_name (t[i].path));
      continue;
    }
    g_assert_cmpuint (t[i].mr, >=, 1);
    g_assert_cmpuint (t[i].nr, >=, 1);
    g_assert_cmpuint (t[i].kr, >=, 1);
    fn (&t[i], r);
  }
  g_assert_cmpint (seen, >, 0);
  g_rand_free (r);
}

static const Quant q_default = { 0, 0, -128, 127, -128, 127, 0, 0.02f, 0 };

static void
sweep_entry (const EdgeKernelEntry * e, GRand * r)
{
  const size_t NR = e->nr, KR = e->kr;
  const size_t ncs[] = { 1, NR > 1 ? NR - 1 : 1, NR, NR + 1, 2 * NR + 3,
    3 * NR - 1
  };
  const size_t kcs[] = { 1, KR > 1 ? KR - 1 : 1, KR, KR + 1, 2 * KR + 3, 37,
    64
  };

  for (size_t mr = 1; mr <= e->mr; mr++)
    for (size_t ni = 0; ni < G_N_ELEMENTS (ncs); ni++)
      for (size_t ki = 0; ki < G_N_ELEMENTS (kcs); ki++) {
        Case cs;
        case_init (&cs, r, e, mr, ncs[ni], kcs[ki], 0, 0, &q_default);
        case_run (&cs, e);
        check_naive (&cs, e);
        check_reference (&cs, e);
        check_twin (&cs, e);
        case_clear (&cs);
      }
}

/* Every mr 1..MR, nc below/at/above NR and not a multiple of it, kc 1,
 * below/at/above KR and not a multiple of it: naive math, the reference
 * fully connected layer and the portable twin all agree bit for bit. */
static void
test_shapes (void)
{
  for_each_entry (sweep_entry);
}

static void
strides_entry (const EdgeKernelEntry * e, GRand * r)
{
  const size_t pads[][2] = { {1, 0}, {0, 3}, {13, 5}, {64, 64} };

  for (size_t p = 0; p < G_N_ELEMENTS (pads); p++)
    for (size_t mr = 1; mr <= e->mr; mr++) {
      Case cs;
      case_init (&cs, r, e, mr, 2 * e->nr + 1, 3 * e->kr + 1, pads[p][0],
          pads[p][1], &q_default);
      case_run (&cs, e);
      check_naive (&cs, e);
      check_reference (&cs, e);
      check_twin (&cs, e);
      case_clear (&cs);
    }
}

/* Strided A (a_stride > kc) and C (c_stride > nc): only kc bytes of each
 * row read, only nc bytes written, the gaps left untouched. */
static void
test_strides (void)
{
  for_each_entry (strides_entry);
}

static void
quant_entry (const EdgeKernelEntry * e, GRand * r)
{
  const Quant qs[] = {
    /* input zero point extremes, output zero point extremes */
    {-128, -128, -128, 127, -128, 127, 0, 0.02f, 0},
    {127, 127, -128, 127, -128, 127, 0, 0.02f, 0},
    {0, -128, -128, 127, -128, 127, 0, 0.05f, 0},
    {127, 127, -128, 127, -128, 127, 0, 0.05f, 1},
    /* ReLU6-like clamp above the zero point */
    {-3, -100, -100, -40, -128, 127, 0, 0.03f, 0},
    {5, 10, 10, 127, -128, 127, 0, 0.03f, 0},
    /* saturating inputs against +-127 weights, both signs of the product */
    {0, 0, -128, 127, -128, -128, 1, 0.001f, 0},
    {0, 0, -128, 127, 127, 127, 1, 0.001f, 0},
    {0, 0, -128, 127, -128, -128, 2, 0.001f, 0},
    {-128, 3, -128, 127, 127, 127, 3, 0.001f, 0},
    {127, -3, -128, 127, -128, -128, 3, 0.001f, 0},
    /* huge multipliers: nearly every output saturates, both sides */
    {0, 0, -128, 127, -128, 127, 0, 50.0f, 0},
    {-7, 100, -128, 120, -128, 127, 0, 50.0f, 0},
    /* bias near INT32_MAX / INT32_MIN: the bias addition wraps */
    {0, 0, -128, 127, -128, 127, 0, 1e-8f, 2},
    {-128, 0, -128, 127, -128, 127, 3, 1e-8f, 2},
  };
  const size_t kcs[] = { 1, e->kr + 3, 129 };

  for (size_t qi = 0; qi < G_N_ELEMENTS (qs); qi++)
    for (size_t ki = 0; ki < G_N_ELEMENTS (kcs); ki++) {
      Case cs;
      case_init (&cs, r, e, e->mr, e->nr + 3, kcs[ki], 2, 1, &qs[qi]);
      case_run (&cs, e);
      check_naive (&cs, e);
      check_reference (&cs, e);
      check_twin (&cs, e);
      case_clear (&cs);
    }
}

/* Zero points at -128/127/0, fused clamps (ReLU6-like), saturating inputs
 * with +-127 weights, saturating multipliers and a wrapping bias: exact. */
static void
test_quantization (void)
{
  for_each_entry (quant_entry);
}

static void
long_k_entry (const EdgeKernelEntry * e, GRand * r)
{
  /* around the AVX2 staging chunk (2304 elements) and past two of them */
  const size_t kcs[] = { 1024, 2303, 2304, 2305, 4611 };

  for (size_t ki = 0; ki < G_N_ELEMENTS (kcs); ki++)
    for (size_t mr = 1; mr <= e->mr; mr += e->mr > 2 ? e->mr - 1 : 1) {
      Case cs;
      case_init (&cs, r, e, mr, e->nr + 5, kcs[ki], ki % 2, ki % 3,
          &q_default);
      case_run (&cs, e);
      check_naive (&cs, e);
      check_reference (&cs, e);
      check_twin (&cs, e);
      case_clear (&cs);
    }
}

/* Long reductions (K of a 3x3x512 convolution and odd tails around the
 * kernels' internal K chunks) stay exact. */
static void
test_long_k (void)
{
  for_each_entry (long_k_entry);
}

static void
conv_entry (const EdgeKernelEntry * e, GRand * r)
{
  /* in 6x5x7, 3x3, stride 2, pads 1/0/1/1 -> out 3x3x11 */
  EdgeConv2dParams p = {
    .batch = 1,.in_h = 6,.in_w = 5,.in_c = 7,.out_h = 3,.out_w = 3,
    .out_c = 11,.kernel_h = 3,.kernel_w = 3,.stride_h = 2,.stride_w = 2,
    .dilation_h = 1,.dilation_w = 1,.pad_top = 1,.pad_bottom = 0,
    .pad_left = 1,.pad_right = 1,.groups = 1,
  };
  const int32_t izp = -37, ozp = 11;
  const size_t K = 3 * 3 * 7, M = 9;
  int8_t *in = g_malloc (6 * 5 * 7), *w = g_malloc (11 * K);
  int8_t *col = g_malloc (M * K), *want = g_malloc (M * 11);
  int8_t *got = g_malloc (M * 11);
  int32_t bias[11];
  float mult[11];
  void *packed = g_malloc (edge_qs8_gemm_packed_size (11, K, e->nr, e->kr));
  EdgeQs8RequantParams params;

  ktest_fill_s8 (r, in, 6 * 5 * 7, -128, 127);
  ktest_fill_s8 (r, w, 11 * K, -127, 127);
  for (int o = 0; o < 11; o++) {
    bias[o] = g_rand_int_range (r, -3000, 3000);
    mult[o] = (float) g_rand_double_range (r, 0.001, 0.004);
  }
  /* im2col with the input zero point as padding */
  for (int oy = 0; oy < 3; oy++)
    for (int ox = 0; ox < 3; ox++)
      for (int ky = 0; ky < 3; ky++)
        for (int kx = 0; kx < 3; kx++) {
          const int iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
          int8_t *d = col + (size_t) (oy * 3 + ox) * K + (ky * 3 + kx) * 7;
          if (iy < 0 || iy >= 6 || ix < 0 || ix >= 5)
            memset (d, izp, 7);
          else
            memcpy (d, in + (iy * 5 + ix) * 7, 7);
        }
  edge_qs8_gemm_pack (11, K, e->nr, e->kr, w, bias, izp, mult, packed);
  edge_qs8_requant_params_init (&params, ozp, -60, 90);
  for (size_t m = 0; m < M; m += e->mr) {
    const size_t mr = M - m < e->mr ? M - m : e->mr;
    ((EdgeQs8GemmFunc) e->fn) (mr, 11, K, col + m * K, K, packed,
        got + m * 11, 11, &params);
  }
  edge_ref_qs8_conv2d (&p, in, izp, w, NULL, bias, mult, ozp, -60, 90, want,
      NULL);
  if (memcmp (got, want, M * 11) != 0)
    g_error ("%s: im2col GEMM differs from edge_ref_qs8_conv2d", e->name);
  g_free (in);
  g_free (w);
  g_free (col);
  g_free (want);
  g_free (got);
  g_free (packed);
}

/* A padded, strided 3x3 convolution computed as im2col + the kernel in MR
 * row tiles equals edge_ref_qs8_conv2d bit for bit. */
static void
test_conv2d_equivalence (void)
{
  for_each_entry (conv_entry);
}

/* Packing: size formula, bias' folding of the input zero point with
 * wrap-around, zero padding of channels and K, natural-order bias' and
 * multipliers, and the documented channel order of the weights. */
static void
test_packing (void)
{
  const unsigned tiles[][2] = { {4, 8}, {8, 4}, {16, 4}, {3, 1}, {8, 8} };

  for (size_t ti = 0; ti < G_N_ELEMENTS (tiles); ti++) {
    const unsigned nr = tiles[ti][0], kr = tiles[ti][1];
    const size_t nc = 2 * nr + 1, kc = 3 * kr + 1;
    const size_t kcp = (kc + kr - 1) / kr * kr;
    const size_t nblocks = (nc + nr - 1) / nr;
    const size_t block = nr * (kcp + 8);
    int8_t *w = g_malloc (nc * kc);
    int32_t *bias = g_new (int32_t, nc);
    float *mult = g_new (float, nc);
    uint8_t *packed;

    g_assert_cmpuint (edge_qs8_gemm_packed_size (nc, kc, nr, kr), ==,
        nblocks * block);
    packed = g_malloc (nblocks * block);
    for (size_t i = 0; i < nc * kc; i++)
      w[i] = (int8_t) ((int) (i * 7 % 255) - 127);
    for (size_t n = 0; n < nc; n++) {
      bias[n] = n == 0 ? INT32_MIN : (int32_t) (n * 1000);
      mult[n] = 0.5f + (float) n;
    }
    edge_qs8_gemm_pack (nc, kc, nr, kr, w, bias, 101, mult, packed);
    for (size_t b = 0; b < nblocks; b++) {
      const uint8_t *blk = packed + b * block;
      const int8_t *pw = (const int8_t *) (blk + nr * 4);
      for (size_t p = 0; p < nr; p++) {
        const size_t n = b * nr + p;
        int32_t bp;
        float m;
        memcpy (&bp, blk + p * 4, 4);
        memcpy (&m, pw + nr * kcp + p * 4, 4);
        if (n < nc) {
          uint32_t sum = 0;
          for (size_t k = 0; k < kc; k++)
            sum += (uint32_t) (int32_t) w[n * kc + k];
          g_assert_cmpint (bp, ==,
              (int32_t) ((uint32_t) bias[n] - 101u * sum));
          g_assert_cmpfloat (m, ==, mult[n]);
        } else {
          g_assert_cmpint (bp, ==, 0);
          g_assert_cmpfloat (m, ==, 0.0f);
        }
      }
      for (size_t k = 0; k < kcp; k++)
        for (size_t p = 0; p < nr; p++) {
          const size_t n = b * nr + edge_qs8_gemm_packed_channel (nr, kr, p);
          const int8_t v = pw[(k / kr) * nr * kr + p * kr + k % kr];
          g_assert_cmpint (v, ==, (n < nc && k < kc) ? w[n * kc + k] : 0);
        }
    }
    /* the order is a permutation of each group */
    for (size_t p = 0; p < nr; p++) {
      const size_t n = edge_qs8_gemm_packed_channel (nr, kr, p);
      g_assert_cmpuint (n / 8, ==, p / 8);
      for (size_t p2 = 0; p2 < p; p2++)
        g_assert_cmpuint (edge_qs8_gemm_packed_channel (nr, kr, p2), !=, n);
    }
    g_free (w);
    g_free (bias);
    g_free (mult);
    g_free (packed);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/qs8-gemm/packing", test_packing);
  g_test_add_func ("/kernels/qs8-gemm/shapes", test_shapes);
  g_test_add_func ("/kernels/qs8-gemm/strides", test_strides);
  g_test_add_func ("/kernels/qs8-gemm/quantization", test_quantization);
  g_test_add_func ("/kernels/qs8-gemm/long-k", test_long_k);
  g_test_add_func ("/kernels/qs8-gemm/conv2d-equivalence",
      test_conv2d_equivalence);
  return g_test_run ();
}
