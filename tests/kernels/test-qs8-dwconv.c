/* qs8-dwconv microkernels (every table entry) against independent math,
 * the reference convolution and the portable kernel with the same packing.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * The input image, the zero buffer (exactly `channels` bytes), the packed
 * weights and the output (pixels end exactly at the last pixel's channels)
 * are allocated to their exact sizes, so AddressSanitizer builds catch any
 * over-read or over-write; output stride gaps hold a sentinel that must
 * survive. Entries whose path this CPU cannot run are skipped.
 */

#include "kernel-test-utils.h"
#include "edge-dispatch.h"
#include "edge-kernels-fast.h"

#include <limits.h>

#define SENTINEL 0x5a

typedef struct
{
  int32_t h, w, stride, pad_t, pad_b, pad_l, pad_r;
} DwGeom;

typedef struct
{
  int32_t izp, ozp;
  int8_t out_min, out_max;
  int x_lo, x_hi;               /* input values drawn from [x_lo, x_hi] */
  int w_mode;                   /* 0 random, 1 all +127, 2 all -127, 3 +-127 */
  float mult;                   /* multiplier scale */
  int bias_mode;                /* 0 random, 1 NULL, 2 near INT32_MAX/MIN */
} DwQuant;

typedef enum
{
  LAYOUT_PER_PIXEL,             /* 9 pointers per pixel, one call */
  LAYOUT_PER_PIXEL_PADDED,      /* 11 per pixel, input_offset used */
  LAYOUT_SHARED_COLUMNS,        /* per output row, columns shared */
} Layout;

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

/* Builds the indirection for @layout, runs @fn over the whole image into
 * @out (pixel stride @ostride). @base is the allocation holding the input
 * at @base + @offset: the per-pixel-padded layout points into @base and
 * passes @offset as input_offset. */
static void
run_dwconv (EdgeQs8Dwconv3x3Func fn, const DwGeom * g, int32_t oh,
    int32_t ow, size_t c, const int8_t * base, size_t offset,
    const int8_t * zero, const void *packed, int8_t * out, size_t ostride,
    Layout layout, const EdgeQs8RequantParams * params)
{
  const int8_t *in = base + offset;

  if (layout == LAYOUT_SHARED_COLUMNS) {
    const int32_t cols = (ow - 1) * g->stride + 3;
    const int8_t **ind = g_new (const int8_t *, (size_t) cols * 3);
    for (int32_t oy = 0; oy < oh; oy++) {
      for (int32_t cx = 0; cx < cols; cx++)
        for (int32_t ky = 0; ky < 3; ky++) {
          const int32_t iy = oy * g->stride - g->pad_t + ky;
          const int32_t ix = cx - g->pad_l;
          ind[cx * 3 + ky] = (iy < 0 || iy >= g->h || ix < 0 || ix >= g->w) ?
              zero : in + ((size_t) iy * g->w + ix) * c;
        }
      fn (c, (size_t) ow, ind, 3 * (size_t) g->stride, 0, zero, packed,
          out + (size_t) oy * ow * ostride, ostride, params);
    }
    g_free (ind);
  } else {
    const size_t per = layout == LAYOUT_PER_PIXEL ? 9 : 11;
    const size_t shift = layout == LAYOUT_PER_PIXEL ? 0 : offset;
    const int8_t **ind = g_new0 (const int8_t *, (size_t) oh * ow * per);
    for (int32_t oy = 0; oy < oh; oy++)
      for (int32_t ox = 0; ox < ow; ox++)
        for (int32_t kx = 0; kx < 3; kx++)
          for (int32_t ky = 0; ky < 3; ky++) {
            const int32_t iy = oy * g->stride - g->pad_t + ky;
            const int32_t ix = ox * g->stride - g->pad_l + kx;
            ind[((size_t) oy * ow + ox) * per + kx * 3 + ky] =
                (iy < 0 || iy >= g->h || ix < 0 || ix >= g->w) ? zero :
                in - shift + ((size_t) iy * g->w + ix) * c;
          }
    fn (c, (size_t) oh * ow, ind, per, shift, zero, packed, out, ostride,
        params);
    g_free (ind);
  }
}

/* One layer through one entry, checked three ways. */
static void
check_layer (const EdgeKernelEntry * e, GRand * r, const DwGeom * g,
    size_t c, const DwQuant * q, Layout layout, size_t opad)
{
  const EdgeConv2dParams p = {
    .batch = 1,.in_h = g->h,.in_w = g->w,.in_c = (int32_t) c,
    .out_h = edge_conv_output_size (g->h, 3, g->stride, 1, g->pad_t,
        g->pad_b),
    .out_w = edge_conv_output_size (g->w, 3, g->stride, 1, g->pad_l,
        g->pad_r),
    .out_c = (int32_t) c,.kernel_h = 3,.kernel_w = 3,
    .stride_h = g->stride,.stride_w = g->stride,.dilation_h = 1,
    .dilation_w = 1,.pad_top = g->pad_t,.pad_bottom = g->pad_b,
    .pad_left = g->pad_l,.pad_right = g->pad_r,.groups = (int32_t) c,
  };
  const size_t offset = layout == LAYOUT_PER_PIXEL_PADDED ? 32 : 0;
  const size_t in_bytes = (size_t) g->h * g->w * c;
  const size_t pixels = (size_t) p.out_h * p.out_w;
  const size_t ostride = c + opad;
  const size_t out_bytes = (pixels - 1) * ostride + c;
  const EdgeKernelEntry *twin = ref_twin (e);
  int8_t *base, *in, *zero, *w, *out, *want;
  int32_t *bias;
  float *mult;
  void *packed;
  EdgeQs8RequantParams params;

  g_assert_true (edge_conv2d_params_valid (&p));
  g_assert_nonnull (twin);
  base = g_malloc (offset + in_bytes);
  in = base + offset;
  zero = g_malloc (c);
  w = g_malloc (c * 9);
  out = g_malloc (out_bytes);
  want = g_malloc (pixels * c);
  mult = g_new (float, c);
  bias = q->bias_mode == 1 ? NULL : g_new (int32_t, c);

  ktest_fill_s8 (r, base, offset + in_bytes, q->x_lo, q->x_hi);
  memset (zero, q->izp, c);
  for (size_t i = 0; i < c * 9; i++)
    w[i] = q->w_mode == 1 ? 127 : q->w_mode == 2 ? -127 :
        q->w_mode == 3 ? ((i % 4) ? 127 : -127) :
        (int8_t) g_rand_int_range (r, -127, 128);
  for (size_t ch = 0; ch < c; ch++) {
    mult[ch] = q->mult * (float) g_rand_double_range (r, 0.5, 1.5);
    if (q->bias_mode == 0)
      bias[ch] = g_rand_int_range (r, -5000, 5000);
    else if (q->bias_mode == 2)
      bias[ch] = (ch % 2) ? INT32_MAX - g_rand_int_range (r, 0, 300) :
          INT32_MIN + g_rand_int_range (r, 0, 300);
  }
  packed = g_malloc (edge_qs8_dwconv3x3_packed_size (c, e->nr));
  edge_qs8_dwconv3x3_pack (c, e->nr, w, bias, q->izp, mult, packed);
  edge_qs8_requant_params_init (&params, q->ozp, q->out_min, q->out_max);

  memset (out, SENTINEL, out_bytes);
  run_dwconv ((EdgeQs8Dwconv3x3Func) e->fn, g, p.out_h, p.out_w, c, base,
      offset, zero, packed, out, ostride, layout, &params);

  /* 1. independent math: exact window sums, wrap-around bias, the rule */
  for (int32_t oy = 0; oy < p.out_h; oy++)
    for (int32_t ox = 0; ox < p.out_w; ox++)
      for (size_t ch = 0; ch < c; ch++) {
        const size_t px = (size_t) oy * p.out_w + ox;
        int64_t s = 0;
        int32_t acc;
        int8_t expect, got = out[px * ostride + ch];
        for (int32_t ky = 0; ky < 3; ky++)
          for (int32_t kx = 0; kx < 3; kx++) {
            const int32_t iy = oy * g->stride - g->pad_t + ky;
            const int32_t ix = ox * g->stride - g->pad_l + kx;
            if (iy < 0 || iy >= g->h || ix < 0 || ix >= g->w)
              continue;
            s += ((int64_t) in[((size_t) iy * g->w + ix) * c + ch] -
                q->izp) * w[ch * 9 + ky * 3 + kx];
          }
        acc = (int32_t) ((uint32_t) (int32_t) s +
            (uint32_t) (bias ? bias[ch] : 0));
        expect = naive_requant (acc, mult[ch], q->ozp, q->out_min,
            q->out_max);
        if (got != expect)
          g_error ("%s c=%zu %dx%d s%d layout %d izp %d ozp %d: out[%d][%d]"
              "[%zu] = %d, naive %d (acc %d)", e->name, c, g->h, g->w,
              g->stride, layout, q->izp, q->ozp, oy, ox, ch, got, expect,
              acc);
      }
  for (size_t px = 0; px + 1 < pixels; px++)
    for (size_t i = c; i < ostride; i++)
      if ((uint8_t) out[px * ostride + i] != SENTINEL)
        g_error ("%s: wrote the stride gap of pixel %zu", e->name, px);

  /* 2. the reference convolution (groups == channels), bit for bit */
  edge_ref_qs8_conv2d (&p, in, q->izp, w, NULL, bias, mult, q->ozp,
      q->out_min, q->out_max, want, NULL);
  for (size_t px = 0; px < pixels; px++)
    if (memcmp (out + px * ostride, want + px * c, c) != 0)
      g_error ("%s c=%zu %dx%d s%d: pixel %zu differs from "
          "edge_ref_qs8_conv2d", e->name, c, g->h, g->w, g->stride, px);

  /* 3. the portable kernel on the same packing: identical bytes */
  if (twin != e) {
    int8_t *got = g_memdup2 (out, out_bytes);
    memset (out, SENTINEL, out_bytes);
    run_dwconv ((EdgeQs8Dwconv3x3Func) twin->fn, g, p.out_h, p.out_w, c,
        base, offset, zero, packed, out, ostride, layout, &params);
    if (memcmp (got, out, out_bytes) != 0)
      g_error ("%s c=%zu: differs from %s", e->name, c, twin->name);
    g_free (got);
  }

  g_free (base);
  g_free (zero);
  g_free (w);
  g_free (out);
  g_free (want);
  g_free (mult);
  g_free (bias);
  g_free (packed);
}

static void
for_each_entry (void (*fn) (const EdgeKernelEntry *, GRand *))
{
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);
  GRand *r = ktest_rand_new ();
  int seen = 0;

  for (size_t i = 0; i < n; i++) {
    if (strcmp (t[i].op, "qs8_dwconv3x3") != 0)
      continue;
    seen++;
    if (!edge_cpu_supports_path (t[i].path)) {
      g_test_message ("skipping %s: path %s not supported by this CPU",
          t[i].name, edge_kernel_path_name (t[i].path));
      continue;
    }
    g_assert_cmpuint (t[i].mr, ==, 1);
    g_assert_cmpuint (t[i].nr, >=, 1);
    g_assert_cmpuint (t[i].kr, ==, 9);
    fn (&t[i], r);
  }
  g_assert_cmpint (seen, >, 0);
  g_rand_free (r);
}

static const DwQuant q_default = { 0, 0, -128, 127, -128, 127, 0, 0.004f, 0 };

static const DwGeom geoms[] = {
  {5, 7, 1, 1, 1, 1, 1},        /* SAME, stride 1 */
  {6, 5, 2, 1, 1, 1, 1},        /* stride 2, symmetric pads */
  {7, 6, 2, 0, 1, 0, 1},        /* stride 2, TF SAME on even sizes */
  {3, 3, 1, 0, 0, 0, 0},        /* VALID: a single output pixel */
  {1, 1, 1, 1, 1, 1, 1},        /* every tap but the centre is padding */
  {4, 9, 1, 2, 0, 0, 2},        /* pads of 2 on one side only */
  {8, 8, 3, 1, 0, 1, 0},        /* stride 3 */
};

static void
channels_entry (const EdgeKernelEntry * e, GRand * r)
{
  const size_t NR = e->nr;
  const size_t cs[] = { 1, 2, 7, 8, 9, NR - 1, NR, NR + 1, 2 * NR + 5, 31,
    32, 33, 47
  };

  for (size_t ci = 0; ci < G_N_ELEMENTS (cs); ci++)
    for (size_t gi = 0; gi < G_N_ELEMENTS (geoms); gi++)
      check_layer (e, r, &geoms[gi], cs[ci], &q_default,
          LAYOUT_PER_PIXEL, 0);
}

/* Channel counts below/at/above the tile and odd ones, strides 1, 2 and 3,
 * symmetric/asymmetric/large padding, one-pixel images: naive math,
 * edge_ref_qs8_conv2d and the portable twin agree bit for bit. */
static void
test_channels_geometry (void)
{
  for_each_entry (channels_entry);
}

static void
layout_entry (const EdgeKernelEntry * e, GRand * r)
{
  const size_t cs[] = { 3, e->nr, 2 * e->nr + 1 };

  for (size_t ci = 0; ci < G_N_ELEMENTS (cs); ci++)
    for (size_t gi = 0; gi < G_N_ELEMENTS (geoms); gi++)
      for (int l = 0; l < 3; l++)
        check_layer (e, r, &geoms[gi], cs[ci], &q_default, (Layout) l,
            (size_t) (gi % 3) * 5);
}

/* Indirection layouts (9 or 11 pointers per pixel with input_offset, or
 * columns shared along an output row) and output pixel strides larger than
 * the channel count: same results, stride gaps untouched. */
static void
test_layouts (void)
{
  for_each_entry (layout_entry);
}

static void
quant_entry (const EdgeKernelEntry * e, GRand * r)
{
  const DwQuant qs[] = {
    {-128, -128, -128, 127, -128, 127, 0, 0.004f, 0},
    {127, 127, -128, 127, -128, 127, 0, 0.004f, 0},
    {0, -128, -128, 127, -128, 127, 0, 0.01f, 1},
    /* ReLU6-like clamps */
    {-3, -100, -100, -40, -128, 127, 0, 0.006f, 0},
    {5, 10, 10, 127, -128, 127, 0, 0.006f, 0},
    /* saturating inputs against +-127 weights */
    {0, 0, -128, 127, -128, -128, 1, 0.0005f, 0},
    {0, 0, -128, 127, 127, 127, 2, 0.0005f, 0},
    {-128, 3, -128, 127, 127, 127, 3, 0.0005f, 0},
    {127, -3, -128, 127, -128, -128, 3, 0.0005f, 0},
    /* huge multipliers: outputs saturate on both sides */
    {0, 0, -128, 127, -128, 127, 0, 10.0f, 0},
    {-7, 100, -128, 120, -128, 127, 0, 10.0f, 0},
    /* bias near INT32_MAX / INT32_MIN: the bias addition wraps */
    {0, 0, -128, 127, -128, 127, 0, 1e-8f, 2},
    {-128, 0, -128, 127, -128, 127, 3, 1e-8f, 2},
  };
  const size_t cs[] = { 5, e->nr + 3 };

  for (size_t qi = 0; qi < G_N_ELEMENTS (qs); qi++)
    for (size_t ci = 0; ci < G_N_ELEMENTS (cs); ci++)
      for (size_t gi = 0; gi < 3; gi++)
        check_layer (e, r, &geoms[gi], cs[ci], &qs[qi],
            (Layout) (qi % 3), 1);
}

/* Input zero points -128/127/0 (padding = the zero point contributes
 * nothing), output zero points at the extremes, ReLU6-like clamps,
 * saturating inputs and multipliers, a wrapping bias: exact. */
static void
test_quantization (void)
{
  for_each_entry (quant_entry);
}

/* Packing: size, bias' folding with wrap-around, column-major taps in
 * pmaddwd pairs (tap 9 = 0), the documented channel order within a tile
 * (a permutation, its own inverse), zero-padded channels. */
static void
test_packing (void)
{
  const unsigned tiles[] = { 1, 8, 16, 32, 64 };

  for (size_t ti = 0; ti < G_N_ELEMENTS (tiles); ti++) {
    const unsigned nr = tiles[ti];
    const size_t c = 2 * nr + 3, ntiles = (c + nr - 1) / nr;
    const size_t tile = (size_t) nr * 28;
    int8_t *w = g_malloc (c * 9);
    int32_t *bias = g_new (int32_t, c);
    float *mult = g_new (float, c);
    uint8_t *packed;

    g_assert_cmpuint (edge_qs8_dwconv3x3_packed_size (c, nr), ==,
        ntiles * tile);
    packed = g_malloc (ntiles * tile);
    for (size_t i = 0; i < c * 9; i++)
      w[i] = (int8_t) ((int) (i * 13 % 255) - 127);
    for (size_t ch = 0; ch < c; ch++) {
      bias[ch] = ch == 1 ? INT32_MAX : (int32_t) ch * -77;
      mult[ch] = 0.25f * (float) (ch + 1);
    }
    edge_qs8_dwconv3x3_pack (c, nr, w, bias, -128, mult, packed);
    for (size_t t = 0; t < ntiles; t++)
      for (size_t i = 0; i < nr; i++) {
        const size_t ch = t * nr + edge_qs8_dwconv_packed_channel (nr, i);
        const uint8_t *tp = packed + t * tile;
        int32_t bp;
        float m;
        memcpy (&bp, tp + i * 4, 4);
        memcpy (&m, tp + (size_t) nr * 24 + i * 4, 4);
        for (int tap = 0; tap < 10; tap++) {
          int16_t v;
          memcpy (&v, tp + (size_t) nr * 4 + ((size_t) (tap / 2) * nr + i) *
              4 + (tap % 2) * 2, 2);
          if (ch < c && tap < 9) {
            /* tap = kx * 3 + ky of OHWI [ch][ky][kx] */
            g_assert_cmpint (v, ==, w[ch * 9 + (tap % 3) * 3 + tap / 3]);
          } else {
            g_assert_cmpint (v, ==, 0);
          }
        }
        if (ch < c) {
          uint32_t sum = 0;
          for (int k = 0; k < 9; k++)
            sum += (uint32_t) (int32_t) w[ch * 9 + k];
          g_assert_cmpint (bp, ==,
              (int32_t) ((uint32_t) bias[ch] + 128u * sum));
          g_assert_cmpfloat (m, ==, mult[ch]);
        } else {
          g_assert_cmpint (bp, ==, 0);
          g_assert_cmpfloat (m, ==, 0.0f);
        }
      }
    for (size_t i = 0; i < nr; i++) {
      const size_t ch = edge_qs8_dwconv_packed_channel (nr, i);
      g_assert_cmpuint (ch / 32, ==, i / 32);
      g_assert_cmpuint (edge_qs8_dwconv_packed_channel (nr, ch), ==, i);
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
  g_test_add_func ("/kernels/qs8-dwconv/packing", test_packing);
  g_test_add_func ("/kernels/qs8-dwconv/channels-geometry",
      test_channels_geometry);
  g_test_add_func ("/kernels/qs8-dwconv/layouts", test_layouts);
  g_test_add_func ("/kernels/qs8-dwconv/quantization", test_quantization);
  return g_test_run ();
}
