/* f32-gemm microkernels against double-precision math and the reference.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Every "f32_gemm" entry of the kernel table runs (entries this CPU cannot
 * run are skipped with a message). Tolerance: the forward error bound of
 * recursive float summation,
 *   |got - exact| <= (kc + 2) * FLT_EPSILON * (|bias| + sum_k |a * w|),
 * i.e. a relative tolerance of (kc + 2) * FLT_EPSILON on the sum of the
 * magnitudes of the terms; the clamp cannot increase an error. Buffers are
 * allocated with exactly the bytes the contract allows the kernel to touch,
 * so ASan builds catch any read or write outside them. */

#include "kernel-test-utils.h"

#include "edge-dispatch.h"
#include "edge-kernels-fast.h"

#include <float.h>

/* Sentinel for C bytes a kernel must not write. */
#define SENTINEL (-12345.5f)

typedef struct
{
  const char *name;
  float min, max;
} Clamp;

static const Clamp clamps[] = {
  {"none", -INFINITY, INFINITY},
  {"relu", 0.0f, INFINITY},
  {"relu6", 0.0f, 6.0f},
};

static const size_t kcs[] = { 1, 2, 3, 17, 64, 1152 };

static EdgeF32GemmFunc
entry_func (const EdgeKernelEntry * e)
{
  return (EdgeF32GemmFunc) e->fn;
}

/* Paths whose kernels round every product (no FMA): bit-equal to the
 * reference. */
static gboolean
entry_is_exact (const EdgeKernelEntry * e)
{
  return e->path == EDGE_PATH_REF || e->path == EDGE_PATH_SSE41;
}

/* The f32_gemm entries this CPU can run; the others are reported. */
static GPtrArray *
runnable_entries (void)
{
  GPtrArray *out = g_ptr_array_new ();
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);

  for (size_t i = 0; i < n; i++) {
    if (strcmp (t[i].op, "f32_gemm") != 0)
      continue;
    if (!edge_cpu_supports_path (t[i].path)) {
      g_test_message ("skipping %s: path %s not supported by this CPU",
          t[i].name, edge_kernel_path_name (t[i].path));
      continue;
    }
    g_ptr_array_add (out, (gpointer) & t[i]);
  }
  return out;
}

static double
clamp_d (double x, float lo, float hi)
{
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

/* Exact (double) bias + A W^T for row i, column n, and the error bound. */
static void
oracle (size_t kc, const float *a_row, const float *weight, const float *bias,
    size_t n, double *value, double *bound)
{
  double sum = bias ? bias[n] : 0.0;
  double mag = fabs (sum);

  for (size_t k = 0; k < kc; k++) {
    const double p = (double) a_row[k] * weight[n * kc + k];
    sum += p;
    mag += fabs (p);
  }
  *value = sum;
  *bound = (double) (kc + 2) * FLT_EPSILON * mag;
}

/* Packed layout, element by element: bias block first (0 without bias),
 * then kc rows of nr transposed weights, channels past nc zero, and the
 * size function agrees with the layout (proves the packing contract). */
static void
test_pack_layout (void)
{
  static const unsigned nrs[] = { 1, 4, 8, 16, 32 };
  static const size_t ncs[] = { 1, 3, 8, 16, 17, 32, 33, 40 };
  static const size_t kcs_small[] = { 1, 2, 5 };
  GRand *r = ktest_rand_new ();

  for (size_t ir = 0; ir < G_N_ELEMENTS (nrs); ir++)
    for (size_t in = 0; in < G_N_ELEMENTS (ncs); in++)
      for (size_t ik = 0; ik < G_N_ELEMENTS (kcs_small); ik++)
        for (int with_bias = 0; with_bias < 2; with_bias++) {
          const unsigned nr = nrs[ir];
          const size_t nc = ncs[in], kc = kcs_small[ik];
          const size_t blocks = (nc + nr - 1) / nr;
          const size_t size = edge_f32_gemm_packed_size (nc, kc, nr);
          float *w = g_new (float, nc * kc), *bias = g_new (float, nc);
          float *packed = g_malloc (size);

          g_assert_cmpuint (size, ==, blocks * (kc + 1) * nr * sizeof (float));
          ktest_fill_f32 (r, w, nc * kc, -1, 1);
          ktest_fill_f32 (r, bias, nc, -1, 1);
          edge_f32_gemm_pack (nc, kc, nr, w, with_bias ? bias : NULL, packed);
          for (size_t b = 0; b < blocks; b++) {
            const float *blk = packed + b * (kc + 1) * nr;
            for (size_t j = 0; j < nr; j++) {
              const size_t n = b * nr + j;
              const float want_b = (n < nc && with_bias) ? bias[n] : 0.0f;
              g_assert_true (blk[j] == want_b);
              for (size_t k = 0; k < kc; k++) {
                const float want_w = n < nc ? w[n * kc + k] : 0.0f;
                g_assert_true (blk[nr + k * nr + j] == want_w);
              }
            }
          }
          g_free (w);
          g_free (bias);
          g_free (packed);
        }
  g_rand_free (r);
}

/* Runs one call with exact-size buffers and checks every output against the
 * double oracle and every gap byte of C against the sentinel. @strided
 * selects padded, 4-byte-misaligned rows of A and C and misaligned packed
 * weights; otherwise rows are dense and buffers as g_malloc aligns them. */
static void
check_call (const EdgeKernelEntry * e, GRand * r, size_t mr, size_t nc,
    size_t kc, const float *weight, const float *bias, const float *packed,
    size_t packed_size, gboolean strided, const Clamp * cl)
{
  const size_t a_stride = (strided ? kc + 3 : kc) * sizeof (float);
  const size_t c_stride = (strided ? nc + 5 : nc) * sizeof (float);
  const size_t off = strided ? sizeof (float) : 0;
  const size_t a_bytes = (mr - 1) * a_stride + kc * sizeof (float);
  const size_t c_bytes = (mr - 1) * c_stride + nc * sizeof (float);
  char *a_buf = g_malloc (off + a_bytes), *c_buf = g_malloc (off + c_bytes);
  char *w_buf = g_malloc (off + packed_size);
  float *a = (float *) (a_buf + off), *c = (float *) (c_buf + off);
  float *w = (float *) (w_buf + off);

  ktest_fill_f32 (r, a, a_bytes / sizeof (float), -1, 1);
  for (size_t i = 0; i < c_bytes / sizeof (float); i++)
    c[i] = SENTINEL;
  memcpy (w, packed, packed_size);

  entry_func (e) (mr, nc, kc, a, a_stride, w, c, c_stride, cl->min, cl->max);

  for (size_t i = 0; i < mr; i++) {
    const float *a_row = (const float *) ((const char *) a + i * a_stride);
    const float *c_row = (const float *) ((const char *) c + i * c_stride);
    for (size_t n = 0; n < nc; n++) {
      double want, bound;
      oracle (kc, a_row, weight, bias, n, &want, &bound);
      want = clamp_d (want, cl->min, cl->max);
      if (!(fabs ((double) c_row[n] - want) <= bound))
        g_error ("%s mr=%zu nc=%zu kc=%zu %s bias=%d clamp=%s: C[%zu][%zu] "
            "= %.9g, want %.9g (bound %.3g)", e->name, mr, nc, kc,
            strided ? "strided" : "dense", bias != NULL, cl->name, i, n,
            c_row[n], want, bound);
    }
    /* the gap after each row but the last is not the kernel's */
    for (size_t n = nc; i + 1 < mr && n < c_stride / sizeof (float); n++)
      g_assert_true (c_row[n] == SENTINEL);
  }
  g_free (a_buf);
  g_free (c_buf);
  g_free (w_buf);
}

/* Every entry, every row count 1..MR, nc below, at, above and not a
 * multiple of NR (NR - 1, NR, NR + 1, 2 NR + 3, ...: several blocks, the
 * last partial), around NR / 2, kc from 1 to 1152, dense and strided
 * misaligned layouts, with and without bias, no clamp / ReLU / ReLU6:
 * within the error bound of double math, and no byte outside the contract
 * touched (sentinels here, ASan in the sanitizer build). */
static void
test_sweep (void)
{
  GPtrArray *entries = runnable_entries ();
  GRand *r = ktest_rand_new ();

  for (guint ie = 0; ie < entries->len; ie++) {
    const EdgeKernelEntry *e = g_ptr_array_index (entries, ie);
    const size_t nr = e->nr;
    /* around NR, around NR / 2 (the 16-lane halves of a 32-wide block),
     * and several blocks with a partial last one */
    const size_t ncs[] = { 1, nr > 2 ? nr / 2 : 1, nr > 2 ? nr / 2 + 1 : 1,
      nr > 1 ? nr - 1 : 1, nr, nr + 1, 2 * nr + 3,
      2 * nr + (nr > 2 ? nr / 2 + 1 : 1), 3 * nr
    };

    g_assert_cmpuint (e->kr, ==, 1);
    for (size_t ik = 0; ik < G_N_ELEMENTS (kcs); ik++)
      for (size_t in = 0; in < G_N_ELEMENTS (ncs); in++)
        for (int with_bias = 0; with_bias < 2; with_bias++) {
          const size_t kc = kcs[ik], nc = ncs[in];
          const size_t size = edge_f32_gemm_packed_size (nc, kc, e->nr);
          float *weight = g_new (float, nc * kc), *bias = g_new (float, nc);
          float *packed = g_malloc (size);

          ktest_fill_f32 (r, weight, nc * kc, -1, 1);
          ktest_fill_f32 (r, bias, nc, -2, 2);
          edge_f32_gemm_pack (nc, kc, e->nr, weight, with_bias ? bias : NULL,
              packed);
          for (size_t mr = 1; mr <= e->mr; mr++)
            for (int strided = 0; strided < 2; strided++)
              for (size_t ic = 0; ic < G_N_ELEMENTS (clamps); ic++)
                check_call (e, r, mr, nc, kc, weight,
                    with_bias ? bias : NULL, packed, size, strided,
                    &clamps[ic]);
          g_free (weight);
          g_free (bias);
          g_free (packed);
        }
  }
  g_ptr_array_unref (entries);
  g_rand_free (r);
}

/* A whole fully connected layer tiled by MR rows equals
 * edge_ref_f32_fully_connected: within twice the bound for every entry, and
 * bit for bit for the entries without FMA (REF, SSE41), as the header
 * promises. */
static void
test_fully_connected (void)
{
  static const int shapes[][3] = {        /* batch, in, out */
    {1, 1, 1}, {7, 17, 9}, {13, 64, 10}, {6, 1152, 33}, {25, 300, 48},
    {50, 3, 100},
  };
  GPtrArray *entries = runnable_entries ();
  GRand *r = ktest_rand_new ();

  for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (size_t ic = 0; ic < G_N_ELEMENTS (clamps); ic++)
      for (int with_bias = 0; with_bias < 2; with_bias++) {
        const size_t m = shapes[s][0], k = shapes[s][1], n = shapes[s][2];
        const Clamp *cl = &clamps[ic];
        float *in = g_new (float, m * k), *w = g_new (float, n * k);
        float *bias = with_bias ? g_new (float, n) : NULL;
        float *want = g_new (float, m * n), *got = g_new (float, m * n);

        ktest_fill_f32 (r, in, m * k, -1, 1);
        ktest_fill_f32 (r, w, n * k, -1, 1);
        if (bias)
          ktest_fill_f32 (r, bias, n, -2, 2);
        edge_ref_f32_fully_connected ((int32_t) m, (int32_t) k, (int32_t) n,
            in, w, bias, cl->min, cl->max, want, NULL);

        for (guint ie = 0; ie < entries->len; ie++) {
          const EdgeKernelEntry *e = g_ptr_array_index (entries, ie);
          float *packed = g_malloc (edge_f32_gemm_packed_size (n, k, e->nr));

          edge_f32_gemm_pack (n, k, e->nr, w, bias, packed);
          for (size_t i = 0; i < m * n; i++)
            got[i] = SENTINEL;
          for (size_t i0 = 0; i0 < m; i0 += e->mr) {
            const size_t rows = MIN (e->mr, m - i0);
            entry_func (e) (rows, n, k, in + i0 * k, k * sizeof (float),
                packed, got + i0 * n, n * sizeof (float), cl->min, cl->max);
          }
          for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) {
              double exact, bound;
              const float g = got[i * n + j], ref = want[i * n + j];
              oracle (k, in + i * k, w, bias, j, &exact, &bound);
              if (!(fabs ((double) g - ref) <= 2 * bound))
                g_error ("%s fc %zux%zux%zu clamp=%s: [%zu][%zu] = %.9g, "
                    "reference %.9g", e->name, m, k, n, cl->name, i, j, g,
                    ref);
              if (entry_is_exact (e) && memcmp (&g, &ref, sizeof g) != 0)
                g_error ("%s fc %zux%zux%zu clamp=%s: [%zu][%zu] = %a, "
                    "reference %a (must be bit-equal)", e->name, m, k, n,
                    cl->name, i, j, g, ref);
            }
          g_free (packed);
        }
        g_free (in);
        g_free (w);
        g_free (bias);
        g_free (want);
        g_free (got);
      }
  g_ptr_array_unref (entries);
  g_rand_free (r);
}

/* Splitting the channels at multiples of NR, with packed_w advanced by
 * (n0 / NR) * (kc + 1) * NR floats, gives the same bits as one call (the
 * split rule the operator layer relies on for threads). */
static void
test_split_columns (void)
{
  GPtrArray *entries = runnable_entries ();
  GRand *r = ktest_rand_new ();
  const size_t kc = 37;

  for (guint ie = 0; ie < entries->len; ie++) {
    const EdgeKernelEntry *e = g_ptr_array_index (entries, ie);
    const size_t nr = e->nr, nc = 3 * nr + 3, mr = e->mr;
    float *w = g_new (float, nc * kc), *bias = g_new (float, nc);
    float *a = g_new (float, mr * kc);
    float *whole = g_new (float, mr * nc), *split = g_new (float, mr * nc);
    float *packed = g_malloc (edge_f32_gemm_packed_size (nc, kc, e->nr));

    ktest_fill_f32 (r, w, nc * kc, -1, 1);
    ktest_fill_f32 (r, bias, nc, -1, 1);
    ktest_fill_f32 (r, a, mr * kc, -1, 1);
    edge_f32_gemm_pack (nc, kc, e->nr, w, bias, packed);
    entry_func (e) (mr, nc, kc, a, kc * sizeof (float), packed, whole,
        nc * sizeof (float), -INFINITY, INFINITY);
    /* chunks of NR, then 2 NR, then the rest */
    for (size_t n0 = 0, step = nr; n0 < nc; n0 += step, step += nr) {
      const size_t n = MIN (step, nc - n0);
      entry_func (e) (mr, n, kc, a, kc * sizeof (float),
          packed + (n0 / nr) * (kc + 1) * nr, split + n0,
          nc * sizeof (float), -INFINITY, INFINITY);
    }
    g_assert_cmpmem (whole, mr * nc * sizeof (float), split,
        mr * nc * sizeof (float));
    g_free (w);
    g_free (bias);
    g_free (a);
    g_free (whole);
    g_free (split);
    g_free (packed);
  }
  g_ptr_array_unref (entries);
  g_rand_free (r);
}

/* NaN in any one row of A gives NaN in all that row's outputs even through
 * a ReLU6 clamp (as the reference's clamp), other rows stay in [0, 6]; an
 * a_stride of 0 makes every row the same (rows may overlap). */
static void
test_nan_and_stride_zero (void)
{
  GPtrArray *entries = runnable_entries ();
  GRand *r = ktest_rand_new ();
  const size_t kc = 19;

  for (guint ie = 0; ie < entries->len; ie++) {
    const EdgeKernelEntry *e = g_ptr_array_index (entries, ie);
    const size_t mr = e->mr, nc = e->nr + 3;
    float *w = g_new (float, nc * kc), *a = g_new (float, mr * kc);
    float *c = g_new (float, mr * nc);
    float *packed = g_malloc (edge_f32_gemm_packed_size (nc, kc, e->nr));

    ktest_fill_f32 (r, w, nc * kc, -1, 1);
    ktest_fill_f32 (r, a, mr * kc, -1, 1);
    edge_f32_gemm_pack (nc, kc, e->nr, w, NULL, packed);
    for (size_t row = 0; row < mr; row++) {
      const float saved = a[row * kc + kc / 2];
      a[row * kc + kc / 2] = NAN;
      entry_func (e) (mr, nc, kc, a, kc * sizeof (float), packed, c,
          nc * sizeof (float), 0.0f, 6.0f);
      for (size_t i = 0; i < mr; i++)
        for (size_t n = 0; n < nc; n++) {
          const float v = c[i * nc + n];
          if (i == row)
            g_assert_true (isnan (v));
          else
            g_assert_true (v >= 0.0f && v <= 6.0f);
        }
      a[row * kc + kc / 2] = saved;
    }

    entry_func (e) (mr, nc, kc, a, 0, packed, c, nc * sizeof (float),
        -INFINITY, INFINITY);
    for (size_t i = 1; i < mr; i++)
      g_assert_cmpmem (c, nc * sizeof (float), c + i * nc,
          nc * sizeof (float));
    g_free (w);
    g_free (a);
    g_free (c);
    g_free (packed);
  }
  g_ptr_array_unref (entries);
  g_rand_free (r);
}

/* The table has one REF f32_gemm entry, first, and lookup picks the highest
 * supported path within the cap (selection works for this family). */
static void
test_dispatch (void)
{
  size_t n, first = (size_t) -1;
  const EdgeKernelEntry *t = edge_kernel_table (&n);
  const EdgeKernelEntry *e;

  for (size_t i = 0; i < n; i++)
    if (strcmp (t[i].op, "f32_gemm") == 0 && first == (size_t) -1)
      first = i;
  g_assert_cmpuint (first, <, n);
  g_assert_cmpint (t[first].path, ==, EDGE_PATH_REF);

  e = edge_kernel_lookup ("f32_gemm", EDGE_PATH_REF);
  g_assert_nonnull (e);
  g_assert_cmpint (e->path, ==, EDGE_PATH_REF);
  for (int p = EDGE_PATH_REF; p < EDGE_PATH_COUNT; p++) {
    e = edge_kernel_lookup ("f32_gemm", (EdgeKernelPath) p);
    g_assert_nonnull (e);
    g_assert_cmpint (e->path, <=, p);
    g_assert_true (edge_cpu_supports_path (e->path));
    g_assert_cmpuint (e->mr, >=, 1);
    g_assert_cmpuint (e->nr, >=, 1);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/f32-gemm/pack-layout", test_pack_layout);
  g_test_add_func ("/f32-gemm/sweep", test_sweep);
  g_test_add_func ("/f32-gemm/fully-connected", test_fully_connected);
  g_test_add_func ("/f32-gemm/split-columns", test_split_columns);
  g_test_add_func ("/f32-gemm/nan-and-stride-zero", test_nan_and_stride_zero);
  g_test_add_func ("/f32-gemm/dispatch", test_dispatch);
  return g_test_run ();
}
