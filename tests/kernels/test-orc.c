/* gst-edge kernels: ORC paths against the reference, bit for bit.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The reference is the oracle: every ORC entry of edge_kernel_table () is
 * run next to its REF entry on the same inputs and the outputs must be
 * byte-identical (memcmp), over sizes that hit every vector tail, odd
 * alignments, in-place use, extreme zero points, saturation, rounding ties
 * and denormals, and many pool / convolution / pre-processing geometries.
 * Outputs sit between guard bytes, so a write past the extent fails too.
 * The depthwise layer (not in the table) is compared with
 * edge_ref_qs8_conv2d () directly. */

#include "kernel-test-utils.h"

#include <float.h>
#include <stdlib.h>

#include "edge-dispatch.h"
#include "edge-kernels-fast.h"
#include "edge-preprocess-internal.h"

#define GUARD 64
#define GUARD_BYTE 0xA5

/* ------------------------------------------------------------------------ */
/* Helpers                                                                   */

/* A buffer of @size bytes at @misalign bytes past a 64-byte boundary,
 * between GUARD guard bytes on each side. */
typedef struct {
  uint8_t *mem;
  uint8_t *p;
  size_t size;
} GBuf;

static GBuf
gbuf_new (size_t size, size_t misalign)
{
  GBuf b;

  b.mem = g_malloc (size + 2 * GUARD + 64);
  b.p = b.mem + GUARD + misalign;
  b.size = size;
  memset (b.mem, GUARD_BYTE, size + 2 * GUARD + 64);
  return b;
}

static void
gbuf_check_guards (const GBuf * b, const char *what)
{
  for (uint8_t * q = b->mem; q < b->p; q++)
    if (*q != GUARD_BYTE)
      g_error ("%s: wrote %td bytes before the output", what, b->p - q);
  for (size_t i = 0; i < GUARD; i++)
    if (b->p[b->size + i] != GUARD_BYTE)
      g_error ("%s: wrote byte %zu past the output", what, i);
}

static void
gbuf_free (GBuf * b)
{
  g_free (b->mem);
  b->mem = b->p = NULL;
}

/* The bytes must be identical; names the first differing one. */
static void
assert_same (const void *got, const void *want, size_t size, const char *what)
{
  const uint8_t *g = got, *w = want;

  if (memcmp (got, want, size) == 0)
    return;
  for (size_t i = 0; i < size; i++)
    if (g[i] != w[i])
      g_error ("%s: byte %zu of %zu differs: orc 0x%02x, ref 0x%02x", what,
          i, size, g[i], w[i]);
}

static const EdgeKernelEntry *
find_entry (const char *op, EdgeKernelPath path)
{
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);

  for (size_t i = 0; i < n; i++)
    if (strcmp (t[i].op, op) == 0 && t[i].path == path)
      return &t[i];
  return NULL;
}

static const size_t sizes[] = { 0, 1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33,
  63, 64, 65, 100, 255, 1023, 1024, 4099
};

static const int32_t zero_points[] = { -128, 127, 0, -1, 37 };

static float
rand_scale (GRand * r)
{
  return (float) exp (g_rand_double_range (r, log (1e-3), log (1.0)));
}

/* ------------------------------------------------------------------------ */
/* Element-wise: add, mul                                                    */

typedef struct {
  float sa, sb, so;
  int8_t min, max;
} BinCase;

/* Each binary kernel runs out-of-place and in place (out == a, out == b,
 * out == a == b) at every size and misalignment; returns after memcmp. */
static void
run_binary (GRand * r, EdgeQs8BinaryFunc orc, EdgeQs8BinaryFunc ref,
    const EdgeQs8BinaryParams * params, size_t n, size_t mis,
    const char *what)
{
  int8_t *a = g_malloc (n + 1), *b = g_malloc (n + 1);
  int8_t *want = g_malloc (n + 1);
  GBuf out = gbuf_new (n, mis);
  char *desc;

  ktest_fill_s8 (r, a, n, -128, 127);
  ktest_fill_s8 (r, b, n, -128, 127);
  /* saturating corners */
  if (n > 2) {
    a[0] = -128;
    b[0] = -128;
    a[1] = 127;
    b[1] = 127;
  }

  desc = g_strdup_printf ("%s n=%zu mis=%zu", what, n, mis);
  ref (n, a, b, want, params);
  orc (n, a, b, (int8_t *) out.p, params);
  assert_same (out.p, want, n, desc);
  gbuf_check_guards (&out, desc);

  /* out == a */
  memcpy (out.p, a, n);
  orc (n, (int8_t *) out.p, b, (int8_t *) out.p, params);
  assert_same (out.p, want, n, desc);
  /* out == b */
  memcpy (out.p, b, n);
  orc (n, a, (int8_t *) out.p, (int8_t *) out.p, params);
  assert_same (out.p, want, n, desc);
  /* out == a == b */
  ref (n, a, a, want, params);
  memcpy (out.p, a, n);
  orc (n, (int8_t *) out.p, (int8_t *) out.p, (int8_t *) out.p, params);
  assert_same (out.p, want, n, desc);
  gbuf_check_guards (&out, desc);

  g_free (desc);
  gbuf_free (&out);
  g_free (a);
  g_free (b);
  g_free (want);
}

/* Proves add/mul equal the reference bit for bit for every size tail,
 * alignment, aliasing, zero point extreme, clamp and scale regime (ties:
 * scale ratios of 0.5; saturation: ratios of 100; tiny: 1e-30). */
static void
test_binary (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeKernelEntry *re = find_entry (e->op, EDGE_PATH_REF);
  const int is_add = strcmp (e->op, "qs8_add") == 0;
  GRand *r = ktest_rand_new ();
  const BinCase cases[] = {
    {0.5f, 0.5f, 1.0f, -128, 127},      /* halves everywhere: ties */
    {1.0f, 0.25f, 0.5f, -128, 127},
    {0.02f, 0.03f, 0.04f, -128, 127},
    {1.0f, 1.0f, 0.01f, -128, 127},     /* saturates */
    {0.05f, 0.07f, 0.1f, 0, 127},       /* ReLU-like */
    {0.05f, 0.07f, 0.1f, -20, 20},      /* narrow clamp */
    {1e-30f, 1e-30f, 1.0f, -128, 127},  /* products far below 1 */
    {0.3f, 0.7f, 0.9f, 5, 5},           /* single-value clamp */
  };

  g_assert_nonnull (re);
  for (guint ci = 0; ci < G_N_ELEMENTS (cases); ci++)
    for (guint zi = 0; zi < G_N_ELEMENTS (zero_points); zi++) {
      const BinCase *c = &cases[ci];
      EdgeQs8BinaryParams params;
      const int32_t za = zero_points[zi];
      const int32_t zb = zero_points[(zi + 1) % G_N_ELEMENTS (zero_points)];
      const int32_t zo = zero_points[(zi + 2) % G_N_ELEMENTS (zero_points)];

      if (is_add)
        edge_qs8_add_params_init (&params, c->sa, za, c->sb, zb, c->so, zo,
            c->min, c->max);
      else
        edge_qs8_mul_params_init (&params, c->sa, za, c->sb, zb, c->so, zo,
            c->min, c->max);
      for (guint si = 0; si < G_N_ELEMENTS (sizes); si++)
        run_binary (r, (EdgeQs8BinaryFunc) e->fn, (EdgeQs8BinaryFunc) re->fn,
            &params, sizes[si], si % 4, e->name);
    }
  /* random scales */
  for (int it = 0; it < 200; it++) {
    EdgeQs8BinaryParams params;
    const int32_t za = g_rand_int_range (r, -128, 128);
    const int32_t zb = g_rand_int_range (r, -128, 128);
    const int32_t zo = g_rand_int_range (r, -128, 128);
    int8_t lo = (int8_t) g_rand_int_range (r, -128, 128);
    int8_t hi = (int8_t) g_rand_int_range (r, -128, 128);

    if (lo > hi) {
      int8_t t = lo;
      lo = hi;
      hi = t;
    }
    if (is_add)
      edge_qs8_add_params_init (&params, rand_scale (r), za, rand_scale (r),
          zb, rand_scale (r), zo, lo, hi);
    else
      edge_qs8_mul_params_init (&params, rand_scale (r), za, rand_scale (r),
          zb, rand_scale (r) * 0.01f, zo, lo, hi);
    run_binary (r, (EdgeQs8BinaryFunc) e->fn, (EdgeQs8BinaryFunc) re->fn,
        &params, 67, (size_t) it % 4, e->name);
  }
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Clamps                                                                    */

/* Proves the int8 clamp equals the reference for all 256 inputs, every
 * size tail, misalignment, in place, and bounds including equal ones. */
static void
test_s8_clamp (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeS8ClampFunc orc = (EdgeS8ClampFunc) e->fn;
  const EdgeS8ClampFunc ref =
      (EdgeS8ClampFunc) find_entry (e->op, EDGE_PATH_REF)->fn;
  const int8_t bounds[][2] = { {-128, 127}, {0, 127}, {-3, 6}, {-128, -128},
  {127, 127}, {10, 10}, {-100, 100}
  };
  GRand *r = ktest_rand_new ();

  for (guint bi = 0; bi < G_N_ELEMENTS (bounds); bi++)
    for (guint si = 0; si < G_N_ELEMENTS (sizes); si++) {
      const size_t n = sizes[si] + 256;
      int8_t *in = g_malloc (n), *want = g_malloc (n);
      GBuf out = gbuf_new (n, si % 4);

      for (size_t i = 0; i < 256; i++)
        in[i] = (int8_t) (i - 128);
      ktest_fill_s8 (r, in + 256, n - 256, -128, 127);
      ref (n, in, bounds[bi][0], bounds[bi][1], want);
      orc (n, in, bounds[bi][0], bounds[bi][1], (int8_t *) out.p);
      assert_same (out.p, want, n, "s8_clamp");
      memcpy (out.p, in, n);
      orc (n, (int8_t *) out.p, bounds[bi][0], bounds[bi][1],
          (int8_t *) out.p);
      assert_same (out.p, want, n, "s8_clamp in place");
      gbuf_check_guards (&out, "s8_clamp");
      gbuf_free (&out);
      g_free (in);
      g_free (want);
    }
  g_rand_free (r);
}

static float
bits_f32 (uint32_t u)
{
  float f;

  memcpy (&f, &u, sizeof f);
  return f;
}

/* Proves the float clamp returns exactly the reference's bits for NaNs of
 * both signs and any payload, infinities, signed zeros, denormals (no
 * flush to zero) and normals, against bounds that are zeros of either
 * sign, denormals, infinities, equal, or normal of one or both signs (all
 * three ORC programs and the short C path). */
static void
test_f32_clamp (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeF32ClampFunc orc = (EdgeF32ClampFunc) e->fn;
  const EdgeF32ClampFunc ref =
      (EdgeF32ClampFunc) find_entry (e->op, EDGE_PATH_REF)->fn;
  const uint32_t specials[] = {
    0x7fc00000, 0xffc00000, 0x7f800001, 0xff812345, 0x7fbfffff,  /* NaNs */
    0x7f800000, 0xff800000,     /* inf */
    0x00000000, 0x80000000,     /* zeros */
    0x00000001, 0x80000001, 0x007fffff, 0x807fffff, 0x00400000,
    0x80400000,                 /* denormals */
    0x00800000, 0x80800000, 0x3f800000, 0xbf800000, 0x40c00000, 0xc0c00000,
    0x7f7fffff, 0xff7fffff,
  };
  const float bounds[][2] = {
    {-INFINITY, INFINITY}, {0.0f, 6.0f}, {-0.0f, 0.0f}, {0.0f, 0.0f},
    {-0.0f, -0.0f}, {-1.0f, 1.0f}, {1e-45f, 2e-45f}, {-3e-39f, 1e-39f},
    {-INFINITY, -INFINITY}, {INFINITY, INFINITY}, {2.5f, 2.5f},
    {-6.0f, 0.0f}, {-0.0f, 6.0f}, {1.0f, 6.0f}, {-6.0f, -1.0f},
    {1e-45f, 6.0f}, {-6.0f, -1e-45f}, {FLT_MIN, 1.0f}, {-FLT_MIN, FLT_MIN},
  };
  GRand *r = ktest_rand_new ();

  for (guint bi = 0; bi < G_N_ELEMENTS (bounds); bi++)
    for (guint si = 0; si < G_N_ELEMENTS (sizes); si++) {
      const size_t n = sizes[si] + G_N_ELEMENTS (specials);
      float *in = g_malloc (n * sizeof (float));
      float *want = g_malloc (n * sizeof (float));
      GBuf out = gbuf_new (n * sizeof (float), (si % 4) * 4);
      char *desc = g_strdup_printf ("f32_clamp [%g, %g] n=%zu",
          bounds[bi][0], bounds[bi][1], n);

      for (size_t i = 0; i < G_N_ELEMENTS (specials); i++)
        in[i] = bits_f32 (specials[i]);
      for (size_t i = G_N_ELEMENTS (specials); i < n; i++) {
        /* random bit patterns: every class, both signs */
        in[i] = bits_f32 (g_rand_int (r));
        if (i % 3 == 0)
          in[i] = (float) g_rand_double_range (r, -8.0, 8.0);
      }
      ref (n, in, bounds[bi][0], bounds[bi][1], want);
      orc (n, in, bounds[bi][0], bounds[bi][1], (float *) (void *) out.p);
      assert_same (out.p, want, n * sizeof (float), desc);
      memcpy (out.p, in, n * sizeof (float));
      orc (n, (float *) (void *) out.p, bounds[bi][0], bounds[bi][1],
          (float *) (void *) out.p);
      assert_same (out.p, want, n * sizeof (float), desc);
      gbuf_check_guards (&out, desc);
      g_free (desc);
      gbuf_free (&out);
      g_free (in);
      g_free (want);
    }
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Requantization                                                            */

/* Proves requantize_s32 equals the reference for accumulators at the int32
 * extremes, above 2^24 (int -> float rounding), on exact halves, with
 * multipliers from denormal to huge, every zero point extreme and clamp,
 * and [rows][channels] shapes with every channel tail. */
static void
test_requantize_s32 (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeQs8RequantizeS32Func orc = (EdgeQs8RequantizeS32Func) e->fn;
  const EdgeQs8RequantizeS32Func ref =
      (EdgeQs8RequantizeS32Func) find_entry (e->op, EDGE_PATH_REF)->fn;
  const size_t rows_list[] = { 0, 1, 2, 3, 7 };
  const size_t channels_list[] = { 0, 1, 3, 7, 15, 16, 17, 33, 64, 1023 };
  const int8_t clamps[][2] = { {-128, 127}, {0, 127}, {-10, 30} };
  GRand *r = ktest_rand_new ();

  for (guint ri = 0; ri < G_N_ELEMENTS (rows_list); ri++)
    for (guint ci = 0; ci < G_N_ELEMENTS (channels_list); ci++)
      for (guint zi = 0; zi < G_N_ELEMENTS (zero_points); zi++) {
        const size_t rows = rows_list[ri], ch = channels_list[ci];
        const size_t n = rows * ch;
        int32_t *acc = g_malloc ((n + 1) * sizeof (int32_t));
        float *mult = g_malloc ((ch + 1) * sizeof (float));
        int8_t *want = g_malloc (n + 1);
        GBuf out = gbuf_new (n, (ci + zi) % 4);
        const int8_t *cl = clamps[zi % G_N_ELEMENTS (clamps)];
        char *desc = g_strdup_printf ("requantize_s32 %zux%zu zp=%d", rows,
            ch, zero_points[zi]);

        for (size_t c = 0; c < ch; c++) {
          switch (c % 6) {
            case 0:
              mult[c] = 0.5f;   /* ties */
              break;
            case 1:
              mult[c] = 1e-40f; /* denormal */
              break;
            case 2:
              mult[c] = 1e3f;   /* saturates */
              break;
            case 3:
              mult[c] = 1.0f / 65536.0f;
              break;
            default:
              mult[c] = (float) g_rand_double_range (r, 1e-7, 1e-2);
          }
        }
        for (size_t i = 0; i < n; i++) {
          switch (i % 5) {
            case 0:
              acc[i] = (int32_t) g_rand_int (r);
              break;
            case 1:
              acc[i] = g_rand_int_range (r, -600, 600);
              break;
            case 2:
              acc[i] = (int32_t) (g_rand_int (r) | 0x01000001u);
              break;
            case 3:
              acc[i] = (i & 8) ? INT32_MAX : INT32_MIN;
              break;
            default:
              acc[i] = g_rand_int_range (r, -100000, 100000);
          }
        }
        ref (rows, ch, acc, mult, zero_points[zi], cl[0], cl[1], want);
        orc (rows, ch, acc, mult, zero_points[zi], cl[0], cl[1],
            (int8_t *) out.p);
        assert_same (out.p, want, n, desc);
        gbuf_check_guards (&out, desc);
        g_free (desc);
        gbuf_free (&out);
        g_free (acc);
        g_free (mult);
        g_free (want);
      }
  g_rand_free (r);
}

/* Proves requantize_s8 equals the reference at every size tail, in place,
 * for all 256 inputs, zero point extremes on both sides, ratios giving
 * ties (2.0 / 4.0 -> 0.5), saturation and tiny values. */
static void
test_requantize_s8 (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeQs8RequantizeS8Func orc = (EdgeQs8RequantizeS8Func) e->fn;
  const EdgeQs8RequantizeS8Func ref =
      (EdgeQs8RequantizeS8Func) find_entry (e->op, EDGE_PATH_REF)->fn;
  const float scales[][2] = { {2.0f, 4.0f}, {1.0f, 3.0f}, {1.0f, 0.01f},
  {1e-30f, 1.0f}, {0.1f, 0.1f}, {0.75f, 0.5f}
  };
  const int8_t clamps[][2] = { {-128, 127}, {0, 127}, {-5, 9} };
  GRand *r = ktest_rand_new ();

  for (guint sc = 0; sc < G_N_ELEMENTS (scales); sc++)
    for (guint zi = 0; zi < G_N_ELEMENTS (zero_points); zi++)
      for (guint si = 0; si < G_N_ELEMENTS (sizes); si += 2) {
        const size_t n = sizes[si] + 256;
        const int32_t zin = zero_points[zi];
        const int32_t zout = zero_points[(zi + 3) % G_N_ELEMENTS (zero_points)];
        const int8_t *cl = clamps[(sc + zi) % G_N_ELEMENTS (clamps)];
        int8_t *in = g_malloc (n), *want = g_malloc (n);
        GBuf out = gbuf_new (n, si % 4);

        for (size_t i = 0; i < 256; i++)
          in[i] = (int8_t) (i - 128);
        ktest_fill_s8 (r, in + 256, n - 256, -128, 127);
        ref (n, in, scales[sc][0], zin, scales[sc][1], zout, cl[0], cl[1],
            want);
        orc (n, in, scales[sc][0], zin, scales[sc][1], zout, cl[0], cl[1],
            (int8_t *) out.p);
        assert_same (out.p, want, n, "requantize_s8");
        memcpy (out.p, in, n);
        orc (n, (int8_t *) out.p, scales[sc][0], zin, scales[sc][1], zout,
            cl[0], cl[1], (int8_t *) out.p);
        assert_same (out.p, want, n, "requantize_s8 in place");
        gbuf_check_guards (&out, "requantize_s8");
        gbuf_free (&out);
        g_free (in);
        g_free (want);
      }
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Pooling                                                                   */

typedef struct {
  int32_t in_h, in_w, k_h, k_w, s_h, s_w, pad_t, pad_l;
  int ceil_mode;
} PoolGeo;

static const PoolGeo pool_geos[] = {
  {8, 8, 2, 2, 2, 2, 0, 0, 0},  /* 2x2 s2 */
  {7, 9, 2, 2, 2, 2, 0, 0, 1},  /* 2x2 s2, ceil mode overhang */
  {7, 7, 3, 3, 2, 2, 1, 1, 0},  /* 3x3 s2 pad 1 */
  {8, 10, 3, 3, 2, 2, 1, 1, 1}, /* 3x3 s2 pad 1 with overhang */
  {6, 5, 3, 3, 1, 1, 1, 1, 0},  /* 3x3 s1 pad 1 */
  {5, 6, 3, 3, 1, 1, 0, 0, 0},  /* 3x3 s1 valid */
  {1, 1, 1, 1, 1, 1, 0, 0, 0},  /* 1x1 */
  {4, 4, 1, 1, 2, 2, 0, 0, 0},  /* 1x1 s2 */
  {2, 2, 3, 3, 1, 1, 1, 1, 0},  /* window larger than the input */
  {9, 11, 5, 5, 1, 1, 2, 2, 0}, /* 5x5 s1 pad 2 */
  {9, 13, 4, 4, 3, 3, 1, 1, 1}, /* 4 columns: groups of 3 + 1 */
  {7, 15, 7, 7, 2, 2, 3, 3, 1}, /* 7x7 */
  {6, 17, 1, 3, 1, 2, 0, 1, 0}, /* 1x3 */
  {6, 5, 3, 1, 2, 1, 1, 0, 1},  /* 3x1 */
  {3, 40, 2, 5, 1, 3, 1, 2, 1}, /* wide rows */
  {7, 7, 7, 7, 1, 1, 0, 0, 0},  /* global 7x7 as a window */
  {16, 16, 16, 16, 1, 1, 0, 0, 0},      /* 256 elements: reference fallback */
};

static const int32_t pool_channels[] = { 1, 3, 8, 16, 17, 33, 64 };

/* Fills @p for the geometry; returns 0 when the reference rejects it. */
static int
pool_params (EdgePool2dParams * p, const PoolGeo * g, int32_t batch,
    int32_t channels)
{
  const int32_t span_h = g->in_h + 2 * g->pad_t - g->k_h;
  const int32_t span_w = g->in_w + 2 * g->pad_l - g->k_w;

  memset (p, 0, sizeof *p);
  p->batch = batch;
  p->in_h = g->in_h;
  p->in_w = g->in_w;
  p->channels = channels;
  p->kernel_h = g->k_h;
  p->kernel_w = g->k_w;
  p->stride_h = g->s_h;
  p->stride_w = g->s_w;
  p->pad_top = g->pad_t;
  p->pad_left = g->pad_l;
  if (span_h < 0 || span_w < 0)
    p->out_h = p->out_w = 1;
  else if (g->ceil_mode) {
    p->out_h = (span_h + g->s_h - 1) / g->s_h + 1;
    p->out_w = (span_w + g->s_w - 1) / g->s_w + 1;
  } else {
    p->out_h = span_h / g->s_h + 1;
    p->out_w = span_w / g->s_w + 1;
  }
  return edge_pool2d_params_valid (p);
}

/* Proves max pool equals the reference over every geometry (interior,
 * clipped borders, ceil-mode overhang, windows of 1..7 columns), odd
 * channel counts, batch 2 and fused clamps. */
static void
test_max_pool (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeQs8MaxPoolFunc orc = (EdgeQs8MaxPoolFunc) e->fn;
  const EdgeQs8MaxPoolFunc ref =
      (EdgeQs8MaxPoolFunc) find_entry (e->op, EDGE_PATH_REF)->fn;
  const int8_t clamps[][2] = { {-128, 127}, {0, 127}, {-20, 20} };
  GRand *r = ktest_rand_new ();
  int ran = 0;

  for (guint gi = 0; gi < G_N_ELEMENTS (pool_geos); gi++)
    for (guint ci = 0; ci < G_N_ELEMENTS (pool_channels); ci++)
      for (guint k = 0; k < G_N_ELEMENTS (clamps); k++) {
        EdgePool2dParams p;

        if (!pool_params (&p, &pool_geos[gi], 1 + (ci & 1),
                pool_channels[ci]))
          continue;
        const size_t ni = (size_t) p.batch * p.in_h * p.in_w * p.channels;
        const size_t no = (size_t) p.batch * p.out_h * p.out_w * p.channels;
        int8_t *in = g_malloc (ni), *want = g_malloc (no);
        GBuf out = gbuf_new (no, k);
        char *desc = g_strdup_printf ("max_pool geo %u channels %d clamp %u",
            gi, p.channels, k);

        ktest_fill_s8 (r, in, ni, -128, 127);
        ref (&p, in, clamps[k][0], clamps[k][1], want);
        orc (&p, in, clamps[k][0], clamps[k][1], (int8_t *) out.p);
        assert_same (out.p, want, no, desc);
        gbuf_check_guards (&out, desc);
        ran++;
        g_free (desc);
        gbuf_free (&out);
        g_free (in);
        g_free (want);
      }
  g_assert_cmpint (ran, >=, 300);
  g_rand_free (r);
}

/* Proves average pool equals the reference over the same geometries
 * (including the 256-element window that goes to the reference), zero
 * point extremes, tie-producing scales and saturating ones. */
static void
test_avg_pool (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeQs8AvgPoolFunc orc = (EdgeQs8AvgPoolFunc) e->fn;
  const EdgeQs8AvgPoolFunc ref =
      (EdgeQs8AvgPoolFunc) find_entry (e->op, EDGE_PATH_REF)->fn;
  const float scales[][2] = { {1.0f, 1.0f}, {0.5f, 0.25f}, {0.02f, 0.05f},
  {1.0f, 0.001f}
  };
  const int8_t clamps[][2] = { {-128, 127}, {0, 127}, {-20, 20} };
  GRand *r = ktest_rand_new ();
  int ran = 0;

  for (guint gi = 0; gi < G_N_ELEMENTS (pool_geos); gi++)
    for (guint ci = 0; ci < G_N_ELEMENTS (pool_channels); ci++)
      for (guint k = 0; k < G_N_ELEMENTS (scales); k++) {
        EdgePool2dParams p;
        const int32_t zin = zero_points[(gi + k) % G_N_ELEMENTS (zero_points)];
        const int32_t zout =
            zero_points[(gi + ci + k) % G_N_ELEMENTS (zero_points)];
        const int8_t *cl = clamps[(ci + k) % G_N_ELEMENTS (clamps)];

        if (!pool_params (&p, &pool_geos[gi], 1 + (ci & 1),
                pool_channels[ci]))
          continue;
        const size_t ni = (size_t) p.batch * p.in_h * p.in_w * p.channels;
        const size_t no = (size_t) p.batch * p.out_h * p.out_w * p.channels;
        int8_t *in = g_malloc (ni), *want = g_malloc (no);
        GBuf out = gbuf_new (no, k);
        char *desc = g_strdup_printf ("avg_pool geo %u channels %d scales %u",
            gi, p.channels, k);

        ktest_fill_s8 (r, in, ni, -128, 127);
        ref (&p, in, scales[k][0], zin, scales[k][1], zout, cl[0], cl[1],
            want);
        orc (&p, in, scales[k][0], zin, scales[k][1], zout, cl[0], cl[1],
            (int8_t *) out.p);
        assert_same (out.p, want, no, desc);
        gbuf_check_guards (&out, desc);
        ran++;
        g_free (desc);
        gbuf_free (&out);
        g_free (in);
        g_free (want);
      }
  g_assert_cmpint (ran, >=, 400);
  g_rand_free (r);
}

/* Proves global average pool equals the reference for 1x1 and 7x7 maps,
 * pixel counts that leave every remainder of the 4-pixel groups, channel
 * counts below and above the C/ORC threshold and the 2048-channel block,
 * zero point extremes and ties. */
static void
test_global_avg_pool (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const EdgeQs8GlobalAvgPoolFunc orc = (EdgeQs8GlobalAvgPoolFunc) e->fn;
  const EdgeQs8GlobalAvgPoolFunc ref =
      (EdgeQs8GlobalAvgPoolFunc) find_entry (e->op, EDGE_PATH_REF)->fn;
  const int32_t pixels_list[] = { 1, 2, 3, 5, 6, 7, 49, 50, 1001 };
  const int32_t channels_list[] = { 1, 3, 15, 16, 17, 33, 1024, 2049 };
  const float scales[][2] = { {1.0f, 1.0f}, {0.5f, 0.125f}, {0.03f, 0.01f} };
  GRand *r = ktest_rand_new ();

  for (guint pi = 0; pi < G_N_ELEMENTS (pixels_list); pi++)
    for (guint ci = 0; ci < G_N_ELEMENTS (channels_list); ci++)
      for (guint k = 0; k < G_N_ELEMENTS (scales); k++) {
        const int32_t batch = 1 + (int32_t) (ci & 1);
        const int32_t px = pixels_list[pi], ch = channels_list[ci];
        const size_t ni = (size_t) batch * px * ch, no = (size_t) batch * ch;
        const int32_t zin = zero_points[(pi + k) % G_N_ELEMENTS (zero_points)];
        const int32_t zout = zero_points[(ci + k) % G_N_ELEMENTS (zero_points)];
        const int8_t lo = k == 2 ? 0 : -128;
        int8_t *in = g_malloc (ni), *want = g_malloc (no);
        GBuf out = gbuf_new (no, k);
        char *desc = g_strdup_printf ("global_avg_pool %dx%d", px, ch);

        ktest_fill_s8 (r, in, ni, -128, 127);
        ref (batch, px, ch, in, scales[k][0], zin, scales[k][1], zout, lo, 127,
            want);
        orc (batch, px, ch, in, scales[k][0], zin, scales[k][1], zout, lo, 127,
            (int8_t *) out.p);
        assert_same (out.p, want, no, desc);
        gbuf_check_guards (&out, desc);
        g_free (desc);
        gbuf_free (&out);
        g_free (in);
        g_free (want);
      }
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Pre-processing                                                            */

/* A frame whose planes hold exactly (rows - 1) * stride + row_bytes bytes
 * (ASan catches any read past them), random content and padding. */
typedef struct {
  EdgeFrame f;
  uint8_t *mem[3];
} TFrame;

static void
tframe_init (TFrame * t, EdgePixelFormat format, int32_t w, int32_t h,
    int32_t pad, GRand * r)
{
  int32_t bpp, off[3], row_bytes[3], rows[3], n_planes;

  memset (t, 0, sizeof *t);
  t->f.format = format;
  t->f.width = w;
  t->f.height = h;
  if (edge_preprocess_packed_layout (format, &bpp, off)) {
    n_planes = 1;
    row_bytes[0] = w * bpp;
    rows[0] = h;
  } else {
    const int32_t cw = (w + 1) / 2, chh = (h + 1) / 2;

    row_bytes[0] = w;
    rows[0] = h;
    if (format == EDGE_PIXEL_FORMAT_I420) {
      n_planes = 3;
      row_bytes[1] = row_bytes[2] = cw;
      rows[1] = rows[2] = chh;
    } else {
      n_planes = 2;
      row_bytes[1] = 2 * cw;
      rows[1] = chh;
    }
  }
  for (int32_t i = 0; i < n_planes; i++) {
    const int32_t stride = row_bytes[i] + pad;
    const size_t size = (size_t) (rows[i] - 1) * stride + row_bytes[i];

    t->mem[i] = g_malloc (size);
    for (size_t j = 0; j < size; j++)
      t->mem[i][j] = (uint8_t) g_rand_int_range (r, 0, 256);
    t->f.planes[i] = t->mem[i];
    t->f.strides[i] = stride;
  }
}

static void
tframe_clear (TFrame * t)
{
  for (int i = 0; i < 3; i++)
    g_free (t->mem[i]);
}

static const EdgePixelFormat all_formats[] = {
  EDGE_PIXEL_FORMAT_RGB, EDGE_PIXEL_FORMAT_BGR, EDGE_PIXEL_FORMAT_RGBX,
  EDGE_PIXEL_FORMAT_BGRX, EDGE_PIXEL_FORMAT_XRGB, EDGE_PIXEL_FORMAT_RGBA,
  EDGE_PIXEL_FORMAT_BGRA, EDGE_PIXEL_FORMAT_GRAY8, EDGE_PIXEL_FORMAT_I420,
  EDGE_PIXEL_FORMAT_NV12,
};

typedef struct {
  int32_t fw, fh, cx, cy, cw, ch, ow, oh;
  EdgeResizeMode mode;
} PreGeo;

static const PreGeo pre_geos[] = {
  {37, 23, 0, 0, 37, 23, 16, 16, EDGE_RESIZE_STRETCH},  /* downscale */
  {37, 23, 0, 0, 37, 23, 61, 45, EDGE_RESIZE_STRETCH},  /* upscale */
  {37, 23, 0, 0, 37, 23, 40, 40, EDGE_RESIZE_LETTERBOX},        /* bars top/bottom */
  {20, 41, 3, 5, 13, 31, 33, 17, EDGE_RESIZE_LETTERBOX},        /* odd crop, side bars */
  {33, 33, 1, 1, 31, 31, 31, 31, EDGE_RESIZE_STRETCH},  /* 1:1 odd crop */
  {9, 7, 4, 3, 1, 1, 5, 3, EDGE_RESIZE_STRETCH},        /* 1x1 crop */
  {640, 360, 17, 9, 600, 341, 300, 300, EDGE_RESIZE_LETTERBOX}, /* video-like */
  {64, 48, 0, 0, 64, 48, 1, 1, EDGE_RESIZE_STRETCH},    /* 1x1 output */
  {300, 7, 1, 0, 299, 7, 700, 3, EDGE_RESIZE_STRETCH},  /* > 256-pixel rows */
  {64, 48, 0, 0, 64, 48, 2500, 70, EDGE_RESIZE_STRETCH},        /* too many taps: reference */
};

static void
pre_params (EdgePreprocessParams * p, const PreGeo * g, EdgeColorOrder order,
    EdgeLayout layout, int variant)
{
  memset (p, 0, sizeof *p);
  p->crop_x = g->cx;
  p->crop_y = g->cy;
  p->crop_w = g->cw;
  p->crop_h = g->ch;
  p->out_w = g->ow;
  p->out_h = g->oh;
  p->color_order = order;
  p->layout = layout;
  p->resize_mode = g->mode;
  p->letterbox_fill = (uint8_t) (variant * 61 + 114);
  p->yuv_matrix = variant & 1 ? EDGE_YUV_MATRIX_BT709 : EDGE_YUV_MATRIX_BT601;
  switch (variant % 3) {
    case 0:                    /* ImageNet */
      p->mean[0] = 123.675f;
      p->mean[1] = 116.28f;
      p->mean[2] = 103.53f;
      p->scale[0] = 1.0f / 58.395f;
      p->scale[1] = 1.0f / 57.12f;
      p->scale[2] = 1.0f / 57.375f;
      p->output_scale = 0.0186f;
      p->output_zero_point = -14;
      break;
    case 1:                    /* [0, 1], int8 ties */
      for (int c = 0; c < 3; c++) {
        p->mean[c] = 0.0f;
        p->scale[c] = 1.0f / 255.0f;
      }
      p->output_scale = 1.0f / 255.0f;
      p->output_zero_point = -128;
      break;
    default:                   /* [-1, 1], saturating int8 */
      for (int c = 0; c < 3; c++) {
        p->mean[c] = 127.5f;
        p->scale[c] = 1.0f / 127.5f;
      }
      p->output_scale = 0.004f;
      p->output_zero_point = 127;
      break;
  }
}

/* Proves both pre-processing kernels equal the reference for every pixel
 * format, odd frame sizes and strides, crops, stretch and letterbox, up-
 * and downscaling, NHWC / NCHW, RGB / BGR / GRAY output, both YUV
 * matrices, and the reference-fallback cases (too many taps, float
 * coefficients that could be denormal). */
static void
test_preprocess (gconstpointer data)
{
  const EdgeKernelEntry *e = data;
  const int is_s8 = strcmp (e->op, "preprocess_s8") == 0;
  const EdgeKernelEntry *re = find_entry (e->op, EDGE_PATH_REF);
  const EdgeColorOrder orders[] = { EDGE_COLOR_ORDER_RGB,
    EDGE_COLOR_ORDER_BGR, EDGE_COLOR_ORDER_GRAY
  };
  GRand *r = ktest_rand_new ();
  int ran = 0;

  for (guint fi = 0; fi < G_N_ELEMENTS (all_formats); fi++)
    for (guint gi = 0; gi < G_N_ELEMENTS (pre_geos); gi++) {
      const PreGeo *g = &pre_geos[gi];
      TFrame t;

      tframe_init (&t, all_formats[fi], g->fw, g->fh, (int32_t) (gi % 3) * 5,
          r);
      for (guint oi = 0; oi < G_N_ELEMENTS (orders); oi++)
        for (int li = 0; li < 2; li++) {
          EdgePreprocessParams p;
          const int variant = (int) (fi + gi + oi + li);

          /* the largest geometry only once per format: it is slow */
          if (gi == G_N_ELEMENTS (pre_geos) - 1 && (oi != 0 || li != 0))
            continue;
          pre_params (&p, g, orders[oi], li ? EDGE_LAYOUT_NCHW :
              EDGE_LAYOUT_NHWC, variant);
          if (!is_s8 && variant % 7 == 3)
            p.scale[1] = 1e-31f;        /* a[1] below 2^-100: fallback */
          g_assert_true (edge_preprocess_params_valid (&t.f, &p));

          const size_t n = (size_t) p.out_w * p.out_h *
              (orders[oi] == EDGE_COLOR_ORDER_GRAY ? 1 : 3);
          const size_t esize = is_s8 ? 1 : sizeof (float);
          void *want = g_malloc (n * esize);
          GBuf out = gbuf_new (n * esize, is_s8 ? (size_t) (variant % 4) : 0);
          char *desc = g_strdup_printf ("%s format %u geo %u order %u "
              "layout %d", e->name, fi, gi, oi, li);

          if (is_s8) {
            ((EdgePreprocessS8Func) re->fn) (&t.f, &p, want);
            ((EdgePreprocessS8Func) e->fn) (&t.f, &p, (int8_t *) out.p);
          } else {
            ((EdgePreprocessF32Func) re->fn) (&t.f, &p, want);
            ((EdgePreprocessF32Func) e->fn) (&t.f, &p,
                (float *) (void *) out.p);
          }
          assert_same (out.p, want, n * esize, desc);
          gbuf_check_guards (&out, desc);
          ran++;
          g_free (desc);
          gbuf_free (&out);
          g_free (want);
        }
      tframe_clear (&t);
    }
  g_assert_cmpint (ran, >=, 500);
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Depthwise 3x3 layer                                                       */

static void
dw_case (GRand * r, int32_t channels, int32_t in_h, int32_t in_w,
    int32_t stride, const int32_t pad[4], EdgeThreadPool * pool,
    int32_t zin, int32_t zout, int8_t lo, int8_t hi, int with_bias)
{
  EdgeConv2dParams p = { 0 };
  const int n_threads = edge_thread_pool_get_n_threads (pool);

  p.batch = 2;
  p.in_h = in_h;
  p.in_w = in_w;
  p.in_c = p.out_c = p.groups = channels;
  p.kernel_h = p.kernel_w = 3;
  p.stride_h = p.stride_w = stride;
  p.dilation_h = p.dilation_w = 1;
  p.pad_top = pad[0];
  p.pad_bottom = pad[1];
  p.pad_left = pad[2];
  p.pad_right = pad[3];
  p.out_h = edge_conv_output_size (in_h, 3, stride, 1, pad[0], pad[1]);
  p.out_w = edge_conv_output_size (in_w, 3, stride, 1, pad[2], pad[3]);
  if (p.out_h <= 0 || p.out_w <= 0 || !edge_conv2d_params_valid (&p))
    return;

  const size_t ni = (size_t) p.batch * in_h * in_w * channels;
  const size_t no = (size_t) p.batch * p.out_h * p.out_w * channels;
  int8_t *in = g_malloc (ni), *w_hwc = g_malloc (9 * channels);
  int8_t *w_ohwi = g_malloc (9 * channels), *want = g_malloc (no);
  int32_t *bias = g_malloc (channels * sizeof (int32_t));
  float *scale = g_malloc (channels * sizeof (float));
  const size_t ws_size = edge_orc_qs8_dwconv3x3_workspace_size (&p);
  void *ws;
  GBuf out = gbuf_new (no, 1);
  char *desc = g_strdup_printf ("dwconv3x3 c=%d %dx%d s=%d pad=%d,%d,%d,%d "
      "threads=%d", channels, in_h, in_w, stride, pad[0], pad[1], pad[2],
      pad[3], n_threads);

  g_assert_cmpuint (ws_size % 64, ==, 0);
  ws = aligned_alloc (64, ws_size * (size_t) n_threads);
  g_assert_nonnull (ws);

  ktest_fill_s8 (r, in, ni, -128, 127);
  ktest_fill_s8 (r, w_hwc, 9 * (size_t) channels, -128, 127);
  for (int32_t c = 0; c < channels; c++) {
    switch (c % 4) {
      case 0:
        bias[c] = INT32_MAX - g_rand_int_range (r, 0, 1000);    /* wraps */
        scale[c] = 1e-9f;
        break;
      case 1:
        bias[c] = g_rand_int_range (r, -3000, 3000);
        scale[c] = 0.5f;        /* ties */
        break;
      default:
        bias[c] = g_rand_int_range (r, -20000, 20000);
        scale[c] = (float) g_rand_double_range (r, 1e-4, 5e-3);
    }
    for (int32_t k = 0; k < 9; k++)
      w_ohwi[c * 9 + k] = w_hwc[k * channels + c];
  }

  edge_ref_qs8_conv2d (&p, in, zin, w_ohwi, NULL, with_bias ? bias : NULL,
      scale, zout, lo, hi, want, NULL);
  edge_orc_qs8_dwconv3x3 (&p, in, zin, w_hwc, with_bias ? bias : NULL, scale,
      zout, lo, hi, (int8_t *) out.p, ws, pool);
  assert_same (out.p, want, no, desc);
  gbuf_check_guards (&out, desc);

  free (ws);
  g_free (desc);
  gbuf_free (&out);
  g_free (in);
  g_free (w_hwc);
  g_free (w_ohwi);
  g_free (want);
  g_free (bias);
  g_free (scale);
}

/* Proves the depthwise layer equals edge_ref_qs8_conv2d for odd channel
 * counts, widths 1..9, stride 1 and 2, no / symmetric / asymmetric /
 * maximal padding, 1..3 threads, zero point extremes, wrapping biases and
 * no bias. */
static void
test_dwconv3x3 (void)
{
  const int32_t channels_list[] = { 1, 3, 17, 33 };
  const int32_t pads[][4] = { {0, 0, 0, 0}, {1, 1, 1, 1}, {0, 1, 0, 1},
  {1, 0, 1, 0}, {2, 1, 1, 2}, {2, 2, 2, 2}
  };
  GRand *r = ktest_rand_new ();
  int cases = 0;

  for (int threads = 1; threads <= 3; threads++) {
    EdgeThreadPool *pool = threads == 1 ? NULL : edge_thread_pool_new (threads);

    if (threads > 1)
      g_assert_nonnull (pool);
    for (guint ci = 0; ci < G_N_ELEMENTS (channels_list); ci++)
      for (int32_t w = 1; w <= 9; w++)
        for (int32_t stride = 1; stride <= 2; stride++)
          for (guint pi = 0; pi < G_N_ELEMENTS (pads); pi++) {
            const int32_t zin = zero_points[(w + pi) % G_N_ELEMENTS (zero_points)];
            const int32_t zout = zero_points[(ci + pi) % 5];
            const int8_t lo = pi == 3 ? 0 : -128;
            const int32_t h = 1 + (w * 3 + (int32_t) pi) % 6;

            dw_case (r, channels_list[ci], h, w, stride, pads[pi], pool,
                zin, zout, lo, 127, (w + (int32_t) ci) % 5 != 0);
            cases++;
          }
    if (pool)
      edge_thread_pool_free (pool);
  }
  /* MobileNet-like layers, 2 threads */
  {
    EdgeThreadPool *pool = edge_thread_pool_new (2);
    const int32_t same[4] = { 1, 1, 1, 1 }, s2pad[4] = { 0, 1, 0, 1 };

    dw_case (r, 32, 24, 24, 1, same, pool, -128, 5, -128, 127, 1);
    dw_case (r, 64, 24, 24, 2, s2pad, pool, 3, -7, -128, 127, 1);
    dw_case (r, 144, 14, 14, 2, same, pool, -1, 0, -5, 127, 1);
    edge_thread_pool_free (pool);
  }
  g_assert_cmpint (cases, >=, 1000);
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Floating-point state                                                      */

/* 1e-20 * 1e-20 is a denormal in IEEE arithmetic, 0 under flush-to-zero. */
static gboolean
denormals_work (void)
{
  volatile float a = 1e-20f, b = 1e-20f;
  const float product = a * b;

  return product != 0.0f;
}

static void
check_worker_fp (void *context, int thread, size_t start, size_t end)
{
  gint *failures = context;

  for (size_t i = start; i < end; i++)
    if (!denormals_work ())
      g_atomic_int_inc (failures);
}

/* Proves no ORC kernel leaves flush-to-zero / denormals-are-zero set in
 * the calling thread or in pool workers (ORC 0.4.33's SSE code does not
 * restore MXCSR; the wrappers must), so later float code keeps IEEE
 * results. */
static void
test_fp_state (void)
{
  int8_t a[64], b[64], o[64], in[4 * 4 * 8];
  int32_t acc[64];
  float mult[64];
  EdgeQs8BinaryParams bp;
  EdgePool2dParams pp = { 1, 4, 4, 8, 2, 2, 2, 2, 2, 2, 0, 0 };
  GRand *r = ktest_rand_new ();
  gint failures = 0;

  g_assert_true (denormals_work ());
  ktest_fill_s8 (r, a, 64, -128, 127);
  ktest_fill_s8 (r, b, 64, -128, 127);
  ktest_fill_s8 (r, in, sizeof in, -128, 127);
  for (int i = 0; i < 64; i++) {
    acc[i] = i * 1000 - 30000;
    mult[i] = 0.001f;
  }

  edge_qs8_add_params_init (&bp, 0.1f, 0, 0.2f, 1, 0.3f, -2, -128, 127);
  edge_orc_qs8_add (64, a, b, o, &bp);
  g_assert_true (denormals_work ());
  for (int i = 0; i < 64; i++)
    mult[i] = (float) a[i];
  edge_orc_f32_clamp (64, mult, -1.0f, 1.0f, mult);
  g_assert_true (denormals_work ());
  for (int i = 0; i < 64; i++)
    mult[i] = 0.001f;
  edge_orc_qs8_mul (64, a, b, o, &bp);
  g_assert_true (denormals_work ());
  edge_orc_qs8_requantize_s32 (2, 32, acc, mult, 3, -128, 127, o);
  g_assert_true (denormals_work ());
  edge_orc_qs8_requantize_s8 (64, a, 0.5f, 3, 0.25f, -1, -128, 127, o);
  g_assert_true (denormals_work ());
  edge_orc_qs8_avg_pool2d (&pp, in, 0.5f, 0, 0.5f, 0, -128, 127, o);
  g_assert_true (denormals_work ());
  edge_orc_qs8_global_avg_pool (1, 4, 16, a, 0.5f, 0, 0.5f, 0, -128, 127, o);
  g_assert_true (denormals_work ());

  {
    TFrame t;
    EdgePreprocessParams p;
    float f[4 * 4 * 3];

    tframe_init (&t, EDGE_PIXEL_FORMAT_RGB, 8, 8, 0, r);
    pre_params (&p, &pre_geos[0], EDGE_COLOR_ORDER_RGB, EDGE_LAYOUT_NHWC, 0);
    p.crop_w = p.crop_h = 8;
    p.out_w = p.out_h = 4;
    edge_orc_preprocess_s8 (&t.f, &p, o);
    g_assert_true (denormals_work ());
    edge_orc_preprocess_f32 (&t.f, &p, f);
    g_assert_true (denormals_work ());
    tframe_clear (&t);
  }

  {
    EdgeThreadPool *pool = edge_thread_pool_new (2);
    const int32_t pad[4] = { 1, 1, 1, 1 };

    g_assert_nonnull (pool);
    dw_case (r, 16, 8, 8, 1, pad, pool, 0, 0, -128, 127, 1);
    g_assert_true (denormals_work ());
    edge_thread_pool_parallelize (pool, check_worker_fp, &failures, 256, 1);
    g_assert_cmpint (failures, ==, 0);
    edge_thread_pool_free (pool);
  }
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */

typedef struct {
  const char *op;
  GTestDataFunc fn;
} OpTest;

static const OpTest op_tests[] = {
  {"qs8_add", test_binary},
  {"qs8_mul", test_binary},
  {"s8_clamp", test_s8_clamp},
  {"f32_clamp", test_f32_clamp},
  {"qs8_requantize_s32", test_requantize_s32},
  {"qs8_requantize_s8", test_requantize_s8},
  {"qs8_max_pool2d", test_max_pool},
  {"qs8_avg_pool2d", test_avg_pool},
  {"qs8_global_avg_pool", test_global_avg_pool},
  {"preprocess_s8", test_preprocess},
  {"preprocess_f32", test_preprocess},
};

/* Proves the table lists an ORC implementation of every op this suite
 * covers, each with a REF entry to compare with, and that every ORC entry
 * has a test here (a new one cannot go untested). */
static void
test_table (void)
{
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);

  for (guint i = 0; i < G_N_ELEMENTS (op_tests); i++) {
    g_assert_nonnull (find_entry (op_tests[i].op, EDGE_PATH_ORC));
    g_assert_nonnull (find_entry (op_tests[i].op, EDGE_PATH_REF));
  }
  for (size_t i = 0; i < n; i++) {
    gboolean tested = FALSE;

    if (t[i].path != EDGE_PATH_ORC)
      continue;
    for (guint j = 0; j < G_N_ELEMENTS (op_tests); j++)
      if (strcmp (t[i].op, op_tests[j].op) == 0)
        tested = TRUE;
    if (!tested)
      g_error ("ORC entry %s (%s) has no test", t[i].name, t[i].op);
  }
}

int
main (int argc, char **argv)
{
  size_t n;
  const EdgeKernelEntry *t;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/kernels/orc/table", test_table);
  t = edge_kernel_table (&n);
  for (size_t i = 0; i < n; i++) {
    if (t[i].path != EDGE_PATH_ORC)
      continue;
    for (guint j = 0; j < G_N_ELEMENTS (op_tests); j++)
      if (strcmp (t[i].op, op_tests[j].op) == 0) {
        char *path = g_strdup_printf ("/kernels/orc/%s/%s", t[i].op,
            t[i].name);
        g_test_add_data_func (path, &t[i], op_tests[j].fn);
        g_free (path);
      }
  }
  g_test_add_func ("/kernels/orc/qs8_dwconv3x3", test_dwconv3x3);
  g_test_add_func ("/kernels/orc/fp-state", test_fp_state);

  return g_test_run ();
}
