/* gst-edge kernel benchmark: our operators and kernels against XNNPACK.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Run through bench/run-kernels. stdout carries only the table: lines
 * starting with '#' (header, per-layer checks) and one line per row. The
 * int8 layers (rates in GMAC/s, ratio = ours / xnnpack):
 *   <shape> threads=<n> ours=<r> orc=<r> ref=<r> xnnpack=<r> ratio=<x>
 * the float layers:
 *   f32_<shape> threads=<n> ours=<r> xnnpack=<r> f32ratio=<x>
 * the dispatched kernels, one column per edge-kernels.inc entry this CPU
 * runs (speedup = fastest entry / ref):
 *   <row> <path>=<r> ... xnnpack=<r> speedup=<x> unit=<unit>
 * Progress goes to stderr.
 *
 * Every implementation is checked before it is timed: ours and orc must
 * equal the reference bit for bit (the program aborts otherwise), XNNPACK
 * must be within 1 LSB (see check_xnn_qs8 () for why it may not be equal).
 */

#include "bench-util.h"
#include "bench-xnnpack.h"

#include "edge-dispatch.h"
#include "edge-ops.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_THREAD_COUNTS 2
static const int thread_counts[N_THREAD_COUNTS] = { 1, 2 };

static EdgeThreadPool *edge_pools[N_THREAD_COUNTS];
static BenchXnnPool *xnn_pools[N_THREAD_COUNTS];
static int have_xnn;

/* ------------------------------------------------------------------------ */
/* Header                                                                     */

static void
cpu_model_name (char *buf, size_t size)
{
  FILE *f = fopen ("/proc/cpuinfo", "r");
  char line[512];

  snprintf (buf, size, "unknown");
  if (!f)
    return;
  while (fgets (line, sizeof (line), f)) {
    if (strncmp (line, "model name", 10) == 0) {
      const char *v = strchr (line, ':');
      size_t len;

      if (!v)
        break;
      v++;
      while (*v == ' ' || *v == '\t')
        v++;
      len = strcspn (v, "\n");
      snprintf (buf, size, "%.*s", (int) len, v);
      break;
    }
  }
  fclose (f);
}

/* The first three fields of /proc/loadavg; 0 when unavailable. */
static int
loadavg (char *buf, size_t size)
{
  FILE *f = fopen ("/proc/loadavg", "r");
  double l1, l5, l15;
  int ok;

  if (!f)
    return 0;
  ok = fscanf (f, "%lf %lf %lf", &l1, &l5, &l15) == 3;
  fclose (f);
  if (ok)
    snprintf (buf, size, "%.2f %.2f %.2f", l1, l5, l15);
  return ok;
}

static void
print_header (void)
{
  char model[256], date[64], load[64];
  const time_t now = time (NULL);
  struct tm tm;

  cpu_model_name (model, sizeof (model));
  localtime_r (&now, &tm);
  strftime (date, sizeof (date), "%Y-%m-%d %H:%M:%S %z", &tm);

  printf ("# gst-edge kernel benchmark\n");
  printf ("# cpu: %s (%d online cores)\n", model, edge_online_cores ());
  printf ("# kernel path: %s\n",
      edge_kernel_path_name (edge_kernels_max_path ()));
  printf ("# date: %s\n", date);
  if (loadavg (load, sizeof (load)))
    printf ("# load average at start: %s (other processes share the cores:"
        " threads=2 rows suffer most)\n", load);
  printf ("# conv/fc rows: GMAC/s, MACs = out_h*out_w*out_c*kh*kw*in_c/groups;"
      " ratio = ours/xnnpack; int8 NHWC, per-channel symmetric weights"
      " (fc: per-tensor), fp32 requantization\n");
  printf ("# kernel rows: one column per kernel-table entry; unit= names the"
      " rate; speedup = fastest entry/ref\n");
  printf ("# timing: median of %d runs of ~%.2f s each (ref conv: %d runs),"
      " implementations interleaved\n", bench_config.runs,
      bench_config.target, bench_config.slow_runs);
  if (have_xnn)
    printf ("# xnnpack: system library (operators API), pthreadpool of n"
        " threads\n");
  else
    printf ("# xnnpack: skipped (not found at build time, or failed to"
        " initialize); install it with scripts/install-deps --bench\n");
}

/* ------------------------------------------------------------------------ */
/* Quantization set-up shared by every int8 layer                            */

typedef struct
{
  const char *name;
  int32_t in_h, in_w, in_c, out_c;
  int32_t kernel, stride, pad_before, pad_after;
  int depthwise;
  int fully_connected;          /* per-tensor weight scale, ref is fc */
} ConvShape;

static const ConvShape conv_shapes[] = {
  {"conv1x1_56x56x64-64", 56, 56, 64, 64, 1, 1, 0, 0, 0, 0},
  {"conv3x3_28x28x128-128", 28, 28, 128, 128, 3, 1, 1, 1, 0, 0},
  {"dw3x3_112x112x32_s1", 112, 112, 32, 32, 3, 1, 1, 1, 1, 0},
  /* TensorFlow SAME: 56 -> 28 needs one padding row/column, which SAME
   * puts after (bottom/right); XNNPACK gets the same explicit padding */
  {"dw3x3_56x56x128_s2", 56, 56, 128, 128, 3, 2, 0, 1, 1, 0},
  {"fc_1024-1000", 1, 1, 1024, 1000, 1, 1, 0, 0, 0, 1},
};

static const ConvShape f32_shapes[] = {
  {"f32_conv3x3_28x28x128-128", 28, 28, 128, 128, 3, 1, 1, 1, 0, 0},
  {"f32_conv1x1_56x56x64-64", 56, 56, 64, 64, 1, 1, 0, 0, 0, 0},
};

static EdgeConv2dParams
shape_params (const ConvShape * s)
{
  EdgeConv2dParams p;

  memset (&p, 0, sizeof (p));
  p.batch = 1;
  p.in_h = s->in_h;
  p.in_w = s->in_w;
  p.in_c = s->in_c;
  p.out_c = s->out_c;
  p.kernel_h = p.kernel_w = s->kernel;
  p.stride_h = p.stride_w = s->stride;
  p.dilation_h = p.dilation_w = 1;
  p.pad_top = p.pad_left = s->pad_before;
  p.pad_bottom = p.pad_right = s->pad_after;
  p.groups = s->depthwise ? s->in_c : 1;
  p.out_h = edge_conv_output_size (p.in_h, p.kernel_h, p.stride_h, 1,
      p.pad_top, p.pad_bottom);
  p.out_w = edge_conv_output_size (p.in_w, p.kernel_w, p.stride_w, 1,
      p.pad_left, p.pad_right);
  if (!edge_conv2d_params_valid (&p))
    bench_die ("%s: invalid geometry", s->name);
  return p;
}

static double
conv_macs (const EdgeConv2dParams * p)
{
  return (double) p->batch * p->out_h * p->out_w * p->out_c *
      p->kernel_h * p->kernel_w * (p->in_c / p->groups);
}

static size_t
conv_input_size (const EdgeConv2dParams * p)
{
  return (size_t) p->batch * p->in_h * p->in_w * p->in_c;
}

static size_t
conv_weight_size (const EdgeConv2dParams * p)
{
  return (size_t) p->out_c * p->kernel_h * p->kernel_w *
      (p->in_c / p->groups);
}

static size_t
conv_output_size (const EdgeConv2dParams * p)
{
  return (size_t) p->batch * p->out_h * p->out_w * p->out_c;
}

/* ------------------------------------------------------------------------ */
/* Running our operators                                                     */

typedef struct
{
  const EdgeQs8Conv2dOp *op;
  const int8_t *input;
  int8_t *output;
  void *workspace;
  EdgeThreadPool *pool;
} Qs8OpRun;

static void
run_qs8_op (void *ctx)
{
  Qs8OpRun *r = ctx;

  edge_qs8_conv2d_op_run (r->op, r->input, r->output, r->workspace, r->pool);
}

typedef struct
{
  const EdgeF32Conv2dOp *op;
  const float *input;
  float *output;
  void *workspace;
  EdgeThreadPool *pool;
} F32OpRun;

static void
run_f32_op (void *ctx)
{
  F32OpRun *r = ctx;

  edge_f32_conv2d_op_run (r->op, r->input, r->output, r->workspace, r->pool);
}

static double
gmacs (double macs, double seconds)
{
  return macs / seconds / 1e9;
}

/* ------------------------------------------------------------------------ */
/* int8 convolution and fully connected rows                                 */

#define N_OURS 3                /* ours, orc, ref */

static const char *const ours_labels[N_OURS] = { "ours", "orc", "ref" };

/* XNNPACK's qc8/qs8 operators requantize as we do (fp32: x = (float) acc *
 * scale, round half to even, + zero point, clamp), and we hand our ops the
 * scale computed with XNNPACK's own expression (input_scale * kernel_scale /
 * output_scale, in float), so the outputs are normally identical. 1 LSB can
 * still happen where a microkernel rounds differently (e.g. a magic-bias
 * rounding variant) on a value sitting exactly on a .5 tie; more than 1 LSB
 * would mean a different layer, not rounding, hence the warning. */
static int
check_xnn_qs8 (const char *name, BenchXnnOp * xop, const int8_t * input,
    int8_t * output, const int8_t * want, size_t n)
{
  int worst = 0;

  for (int t = 0; t < N_THREAD_COUNTS; t++) {
    int d;

    if (!bench_xnn_setup (xop, input, NULL, output, xnn_pools[t]))
      return -1;
    memset (output, 0x5a, n);
    bench_xnn_run (xop);
    d = bench_max_diff_s8 (output, want, n);
    if (d > worst)
      worst = d;
  }
  if (worst > 1)
    printf ("# WARNING: %s: xnnpack differs from the reference by %d LSB"
        " (more than rounding; see check_xnn_qs8 ())\n", name, worst);
  return worst;
}

static void
bench_qs8_shape (const ConvShape * s, BenchRng * rng)
{
  const EdgeConv2dParams p = shape_params (s);
  const size_t n_in = conv_input_size (&p), n_w = conv_weight_size (&p);
  const size_t n_out = conv_output_size (&p);
  const int32_t k = p.kernel_h * p.kernel_w * (p.in_c / p.groups);
  const int32_t in_zp = -5, out_zp = 3;
  const int8_t out_min = -128, out_max = 127;
  const float in_scale = 0.02f, w_base = 1.0f / 127.0f;
  /* accumulators have a standard deviation of about 74 * 73 * sqrt (k)
   * (uniform int8 data and weights): aim the outputs at about +-40 so that
   * they use the int8 range and some saturate */
  const float target_mult = 40.0f / (74.0f * 73.0f * sqrtf ((float) k));
  const float out_scale = in_scale * w_base / target_mult;
  const double macs = conv_macs (&p);
  const EdgeKernelPath max_paths[N_OURS] = {
    edge_kernels_max_path (), EDGE_PATH_ORC, EDGE_PATH_REF
  };
  int8_t *input = bench_alloc (n_in), *weight = bench_alloc (n_w);
  int8_t *want = bench_alloc (n_out), *xnn_out = bench_alloc (n_out);
  int32_t *bias = bench_alloc (sizeof (int32_t) * (size_t) p.out_c);
  float *w_scale = bench_alloc (sizeof (float) * (size_t) p.out_c);
  float *requant = bench_alloc (sizeof (float) * (size_t) p.out_c);
  EdgeQs8Conv2dOp *ops[N_OURS];
  int8_t *outs[N_OURS];
  BenchXnnOp *xop = NULL;
  const int acc_sd = (int) (74.0f * 73.0f * sqrtf ((float) k));
  int xnn_diff = -1;

  bench_log ("%s: preparing", s->name);
  bench_fill_s8 (rng, input, n_in, -128, 127);
  bench_fill_s8 (rng, weight, n_w, -127, 127);
  for (int32_t oc = 0; oc < p.out_c; oc++) {
    bias[oc] = bench_rng_int (rng, -acc_sd / 2, acc_sd / 2);
    w_scale[oc] = s->fully_connected ? w_base :
        w_base * bench_rng_float (rng, 0.75f, 1.25f);
    /* the expression XNNPACK evaluates for its requantization scale */
    requant[oc] = in_scale * w_scale[oc] / out_scale;
  }

  if (s->fully_connected)
    edge_ref_qs8_fully_connected (p.batch, p.in_c, p.out_c, input, in_zp,
        weight, NULL, bias, requant, out_zp, out_min, out_max, want,
        edge_pools[N_THREAD_COUNTS - 1]);
  else
    edge_ref_qs8_conv2d (&p, input, in_zp, weight, NULL, bias, requant,
        out_zp, out_min, out_max, want, edge_pools[N_THREAD_COUNTS - 1]);

  for (int i = 0; i < N_OURS; i++) {
    ops[i] = edge_qs8_conv2d_op_new (&p, in_zp, weight, NULL, bias, requant,
        out_zp, out_min, out_max, max_paths[i]);
    if (!ops[i])
      bench_die ("%s: edge_qs8_conv2d_op_new (max path %s) failed", s->name,
          edge_kernel_path_name (max_paths[i]));
    outs[i] = bench_alloc (n_out);
  }

  if (have_xnn) {
    if (s->fully_connected)
      xop = bench_xnn_qs8_fully_connected_new (p.batch, p.in_c, p.out_c,
          in_zp, in_scale, weight, w_base, bias, out_zp, out_scale, out_min,
          out_max);
    else
      xop = bench_xnn_qc8_conv2d_new (&p, in_zp, in_scale, weight, w_scale,
          bias, out_zp, out_scale, out_min, out_max);
    if (xop)
      xnn_diff = check_xnn_qs8 (s->name, xop, input, xnn_out, want, n_out);
    if (xnn_diff < 0) {
      bench_log ("%s: xnnpack could not run this layer", s->name);
      bench_xnn_op_free (xop);
      xop = NULL;
    }
  }

  printf ("# %s: out %dx%dx%d, ours=%s orc=%s ref=%s, ", s->name, p.out_h,
      p.out_w, p.out_c, edge_kernel_path_name (edge_qs8_conv2d_op_path (ops
              [0])), edge_kernel_path_name (edge_qs8_conv2d_op_path (ops[1])),
      edge_kernel_path_name (edge_qs8_conv2d_op_path (ops[2])));
  if (xnn_diff >= 0)
    printf ("xnnpack max |diff| vs reference = %d LSB\n", xnn_diff);
  else
    printf ("xnnpack n/a\n");
  fflush (stdout);

  for (int t = 0; t < N_THREAD_COUNTS; t++) {
    const int n_threads = thread_counts[t];
    Qs8OpRun runs[N_OURS];
    BenchImpl impls[N_OURS + 1];
    int n_impls = 0;

    for (int i = 0; i < N_OURS; i++) {
      runs[i].op = ops[i];
      runs[i].input = input;
      runs[i].output = outs[i];
      runs[i].workspace = bench_alloc_aligned
          (edge_qs8_conv2d_op_workspace_size (ops[i], n_threads));
      runs[i].pool = edge_pools[t];

      memset (outs[i], 0x5a, n_out);
      run_qs8_op (&runs[i]);
      if (memcmp (outs[i], want, n_out) != 0)
        bench_die ("%s threads=%d: %s (path %s) differs from the reference"
            " by up to %d LSB", s->name, n_threads, ours_labels[i],
            edge_kernel_path_name (edge_qs8_conv2d_op_path (ops[i])),
            bench_max_diff_s8 (outs[i], want, n_out));

      impls[n_impls++] = bench_impl (ours_labels[i], run_qs8_op, &runs[i],
          i == N_OURS - 1);
    }
    if (xop) {
      if (!bench_xnn_setup (xop, input, NULL, xnn_out, xnn_pools[t]))
        bench_die ("%s: xnn_setup failed after a successful check", s->name);
      impls[n_impls++] = bench_impl ("xnnpack", bench_xnn_run, xop, 0);
    }

    bench_log ("%s threads=%d: timing", s->name, n_threads);
    bench_measure (impls, n_impls);

    printf ("%s threads=%d", s->name, n_threads);
    for (int i = 0; i < N_OURS; i++)
      printf (" %s=%.2f", impls[i].label, gmacs (macs, impls[i].seconds));
    if (xop) {
      const double ours = gmacs (macs, impls[0].seconds);
      const double xnn = gmacs (macs, impls[N_OURS].seconds);
      printf (" xnnpack=%.2f ratio=%.2f\n", xnn, ours / xnn);
    } else {
      printf (" xnnpack=n/a ratio=n/a\n");
    }
    fflush (stdout);

    for (int i = 0; i < N_OURS; i++)
      free (runs[i].workspace);
  }

  for (int i = 0; i < N_OURS; i++) {
    edge_qs8_conv2d_op_free (ops[i]);
    free (outs[i]);
  }
  bench_xnn_op_free (xop);
  free (input);
  free (weight);
  free (want);
  free (xnn_out);
  free (bias);
  free (w_scale);
  free (requant);
}

/* ------------------------------------------------------------------------ */
/* float convolution rows                                                     */

/* Largest |out - want| relative to the sum of |terms| of that output (the
 * scale of the rounding error any summation order can make). */
static double
f32_rel_error (const float *out, const float *want, const float *abs_sum,
    size_t n)
{
  double worst = 0.0;

  for (size_t i = 0; i < n; i++) {
    const double d = fabs ((double) out[i] - (double) want[i]) /
        ((double) abs_sum[i] + 1e-30);
    if (!(d <= worst))          /* also catches NaN */
      worst = isnan (d) ? INFINITY : d;
  }
  return worst;
}

#define F32_TOLERANCE 1e-4

static void
bench_f32_shape (const ConvShape * s, BenchRng * rng)
{
  const EdgeConv2dParams p = shape_params (s);
  const size_t n_in = conv_input_size (&p), n_w = conv_weight_size (&p);
  const size_t n_out = conv_output_size (&p);
  const double macs = conv_macs (&p);
  float *input = bench_alloc (sizeof (float) * n_in);
  float *weight = bench_alloc (sizeof (float) * n_w);
  float *bias = bench_alloc (sizeof (float) * (size_t) p.out_c);
  float *abs_in = bench_alloc (sizeof (float) * n_in);
  float *abs_w = bench_alloc (sizeof (float) * n_w);
  float *abs_bias = bench_alloc (sizeof (float) * (size_t) p.out_c);
  float *want = bench_alloc (sizeof (float) * n_out);
  float *abs_sum = bench_alloc (sizeof (float) * n_out);
  float *out = bench_alloc (sizeof (float) * n_out);
  float *xnn_out = bench_alloc (sizeof (float) * n_out);
  EdgeF32Conv2dOp *op;
  BenchXnnOp *xop = NULL;
  double ours_err = 0.0, xnn_err = -1.0;

  bench_log ("%s: preparing", s->name);
  bench_fill_f32 (rng, input, n_in, -1.0f, 1.0f);
  bench_fill_f32 (rng, weight, n_w, -1.0f, 1.0f);
  bench_fill_f32 (rng, bias, (size_t) p.out_c, -1.0f, 1.0f);
  for (size_t i = 0; i < n_in; i++)
    abs_in[i] = fabsf (input[i]);
  for (size_t i = 0; i < n_w; i++)
    abs_w[i] = fabsf (weight[i]);
  for (int32_t i = 0; i < p.out_c; i++)
    abs_bias[i] = fabsf (bias[i]);
  edge_ref_f32_conv2d (&p, input, weight, bias, -INFINITY, INFINITY, want,
      edge_pools[N_THREAD_COUNTS - 1]);
  edge_ref_f32_conv2d (&p, abs_in, abs_w, abs_bias, -INFINITY, INFINITY,
      abs_sum, edge_pools[N_THREAD_COUNTS - 1]);

  op = edge_f32_conv2d_op_new (&p, weight, bias, -INFINITY, INFINITY,
      edge_kernels_max_path ());
  if (!op)
    bench_die ("%s: edge_f32_conv2d_op_new failed", s->name);
  if (have_xnn)
    xop = bench_xnn_f32_conv2d_new (&p, weight, bias, -INFINITY, INFINITY);

  /* check both thread counts before timing anything */
  for (int t = 0; t < N_THREAD_COUNTS; t++) {
    F32OpRun r = { op, input, out, NULL, edge_pools[t] };
    double e;

    r.workspace = bench_alloc_aligned (edge_f32_conv2d_op_workspace_size (op,
            thread_counts[t]));
    memset (out, 0xff, sizeof (float) * n_out);
    run_f32_op (&r);
    free (r.workspace);
    e = f32_rel_error (out, want, abs_sum, n_out);
    if (!(e <= F32_TOLERANCE))
      bench_die ("%s threads=%d: ours (path %s) differs from the reference:"
          " relative error %.3g", s->name, thread_counts[t],
          edge_kernel_path_name (edge_f32_conv2d_op_path (op)), e);
    if (e > ours_err)
      ours_err = e;

    if (xop) {
      if (!bench_xnn_setup (xop, input, NULL, xnn_out, xnn_pools[t])) {
        bench_xnn_op_free (xop);
        xop = NULL;
        continue;
      }
      memset (xnn_out, 0xff, sizeof (float) * n_out);
      bench_xnn_run (xop);
      e = f32_rel_error (xnn_out, want, abs_sum, n_out);
      if (e > xnn_err)
        xnn_err = e;
    }
  }

  printf ("# %s: ours=%s, max relative error vs reference: ours %.2g",
      s->name, edge_kernel_path_name (edge_f32_conv2d_op_path (op)),
      ours_err);
  if (xop)
    printf (" xnnpack %.2g\n", xnn_err);
  else
    printf (" xnnpack n/a\n");
  if (xop && !(xnn_err <= F32_TOLERANCE))
    printf ("# WARNING: %s: xnnpack's relative error %.3g exceeds %.0e\n",
        s->name, xnn_err, F32_TOLERANCE);
  fflush (stdout);

  for (int t = 0; t < N_THREAD_COUNTS; t++) {
    F32OpRun r = { op, input, out, NULL, edge_pools[t] };
    BenchImpl impls[2];
    int n_impls = 0;

    r.workspace = bench_alloc_aligned (edge_f32_conv2d_op_workspace_size (op,
            thread_counts[t]));
    impls[n_impls++] = bench_impl ("ours", run_f32_op, &r, 0);
    if (xop) {
      if (!bench_xnn_setup (xop, input, NULL, xnn_out, xnn_pools[t]))
        bench_die ("%s: xnn_setup failed after a successful check", s->name);
      impls[n_impls++] = bench_impl ("xnnpack", bench_xnn_run, xop, 0);
    }

    bench_log ("%s threads=%d: timing", s->name, thread_counts[t]);
    bench_measure (impls, n_impls);

    printf ("%s threads=%d ours=%.2f", s->name, thread_counts[t],
        gmacs (macs, impls[0].seconds));
    if (xop)
      printf (" xnnpack=%.2f f32ratio=%.2f\n", gmacs (macs, impls[1].seconds),
          impls[1].seconds / impls[0].seconds);
    else
      printf (" xnnpack=n/a f32ratio=n/a\n");
    fflush (stdout);
    free (r.workspace);
  }

  edge_f32_conv2d_op_free (op);
  bench_xnn_op_free (xop);
  free (input);
  free (weight);
  free (bias);
  free (abs_in);
  free (abs_w);
  free (abs_bias);
  free (want);
  free (abs_sum);
  free (out);
  free (xnn_out);
}

/* ------------------------------------------------------------------------ */
/* Dispatched kernels: every table entry this CPU runs                       */

#define MAX_ENTRIES 12

typedef struct
{
  const EdgeKernelEntry *entry;
  char label[64];
} TableColumn;

/* The entries of @op this CPU supports, in table order (REF first). */
static int
table_columns (const char *op, TableColumn * cols)
{
  size_t n_entries;
  const EdgeKernelEntry *table = edge_kernel_table (&n_entries);
  int n = 0;

  for (size_t i = 0; i < n_entries; i++) {
    const EdgeKernelEntry *e = &table[i];
    int dup = 0;

    if (strcmp (e->op, op) != 0 || !edge_cpu_supports_path (e->path))
      continue;
    if (n == MAX_ENTRIES)
      bench_die ("%s: more than %d table entries", op, MAX_ENTRIES);
    for (int j = 0; j < n; j++)
      dup |= cols[j].entry->path == e->path;
    cols[n].entry = e;
    /* one column per path; a second entry of the same path is named */
    if (dup)
      snprintf (cols[n].label, sizeof (cols[n].label), "%s:%s",
          edge_kernel_path_name (e->path), e->name);
    else
      snprintf (cols[n].label, sizeof (cols[n].label), "%s",
          edge_kernel_path_name (e->path));
    n++;
  }
  if (n == 0 || cols[0].entry->path != EDGE_PATH_REF)
    bench_die ("%s: no reference entry in the kernel table", op);
  return n;
}

/* Times columns (plus XNNPACK when @xop) and prints the row. @rate_units is
 * what one iteration is worth in @unit (elements, frames). */
static void
table_row (const char *row, const char *unit, double rate_units,
    const TableColumn * cols, BenchImpl * impls, int n_cols, BenchXnnOp * xop)
{
  int n_impls = n_cols;
  double best = 0.0, ref;

  for (int i = 0; i < n_cols; i++)
    impls[i].label = cols[i].label;
  if (xop)
    impls[n_impls++] = bench_impl ("xnnpack", bench_xnn_run, xop, 0);

  bench_log ("%s: timing %d implementations", row, n_impls);
  bench_measure (impls, n_impls);

  ref = rate_units / impls[0].seconds;
  printf ("%s", row);
  for (int i = 0; i < n_cols; i++) {
    const double rate = rate_units / impls[i].seconds;
    printf (" %s=%.1f", impls[i].label, rate);
    if (rate > best)
      best = rate;
  }
  if (xop)
    printf (" xnnpack=%.1f", rate_units / impls[n_cols].seconds);
  else
    printf (" xnnpack=n/a");
  printf (" speedup=%.2f unit=%s\n", best / ref, unit);
  fflush (stdout);
}

static void
check_entry_s8 (const char *row, const TableColumn * col, const int8_t * out,
    const int8_t * want, size_t n)
{
  if (memcmp (out, want, n) != 0)
    bench_die ("%s: %s (%s) differs from the reference by up to %d LSB", row,
        col->label, col->entry->name, bench_max_diff_s8 (out, want, n));
}

/* Sets up a single-threaded XNNPACK operator for a kernel row, runs it once
 * and logs its difference from the reference; returns the operator ready
 * to time, or NULL (freeing it) when creation or set-up failed. */
static BenchXnnOp *
xnn_prepare_row (const char *row, BenchXnnOp * xop, const void *input_a,
    const void *input_b, int8_t * out, const int8_t * want, size_t n)
{
  if (!xop || !bench_xnn_setup (xop, input_a, input_b, out, NULL)) {
    bench_xnn_op_free (xop);
    return NULL;
  }
  bench_xnn_run (xop);
  /* informative only: XNNPACK's add and average pooling requantize with
   * their own fixed-point arithmetic, so 1 LSB differences are expected */
  bench_log ("%s: xnnpack max |diff| vs reference = %d LSB", row,
      bench_max_diff_s8 (out, want, n));
  return xop;
}

/* requantize: int32 accumulators -> int8, per-channel multiplier */

typedef struct
{
  EdgeQs8RequantizeS32Func fn;
  size_t rows, channels;
  const int32_t *input;
  const float *multiplier;
  int8_t *output;
} RequantizeRun;

static void
run_requantize (void *ctx)
{
  RequantizeRun *r = ctx;

  r->fn (r->rows, r->channels, r->input, r->multiplier, 3, -128, 127,
      r->output);
}

static void
bench_requantize (BenchRng * rng)
{
  const char *row = "requantize_56x56x64";
  const size_t rows = 56 * 56, channels = 64, n = rows * channels;
  int32_t *input = bench_alloc (sizeof (int32_t) * n);
  float *mult = bench_alloc (sizeof (float) * channels);
  int8_t *want = bench_alloc (n);
  TableColumn cols[MAX_ENTRIES];
  RequantizeRun runs[MAX_ENTRIES];
  BenchImpl impls[MAX_ENTRIES + 1];
  const int n_cols = table_columns ("qs8_requantize_s32", cols);

  for (size_t i = 0; i < n; i++)
    input[i] = bench_rng_int (rng, -400000, 400000);
  for (size_t c = 0; c < channels; c++)
    mult[c] = bench_rng_float (rng, 5e-5f, 2e-4f);
  edge_ref_qs8_requantize_s32 (rows, channels, input, mult, 3, -128, 127,
      want);

  for (int i = 0; i < n_cols; i++) {
    runs[i].fn = (EdgeQs8RequantizeS32Func) cols[i].entry->fn;
    runs[i].rows = rows;
    runs[i].channels = channels;
    runs[i].input = input;
    runs[i].multiplier = mult;
    runs[i].output = bench_alloc (n);
    memset (runs[i].output, 0x5a, n);
    run_requantize (&runs[i]);
    check_entry_s8 (row, &cols[i], runs[i].output, want, n);
    impls[i] = bench_impl (NULL, run_requantize, &runs[i], 0);
  }
  /* XNNPACK has no stand-alone requantization: its GEMMs fuse it */
  table_row (row, "Melem/s", (double) n / 1e6, cols, impls, n_cols, NULL);

  for (int i = 0; i < n_cols; i++)
    free (runs[i].output);
  free (input);
  free (mult);
  free (want);
}

/* qs8 add */

typedef struct
{
  EdgeQs8BinaryFunc fn;
  size_t n;
  const int8_t *a, *b;
  int8_t *output;
  const EdgeQs8BinaryParams *params;
} AddRun;

static void
run_add (void *ctx)
{
  AddRun *r = ctx;

  r->fn (r->n, r->a, r->b, r->output, r->params);
}

static void
bench_add (BenchRng * rng)
{
  const char *row = "add_56x56x64";
  const size_t n = 56 * 56 * 64;
  const float a_scale = 0.05f, b_scale = 0.07f, out_scale = 0.1f;
  const int32_t a_zp = -3, b_zp = 4, out_zp = 1;
  int8_t *a = bench_alloc (n), *b = bench_alloc (n);
  int8_t *want = bench_alloc (n), *xnn_out = bench_alloc (n);
  EdgeQs8BinaryParams params;
  TableColumn cols[MAX_ENTRIES];
  AddRun runs[MAX_ENTRIES];
  BenchImpl impls[MAX_ENTRIES + 1];
  const int n_cols = table_columns ("qs8_add", cols);
  BenchXnnOp *xop = NULL;

  bench_fill_s8 (rng, a, n, -128, 127);
  bench_fill_s8 (rng, b, n, -128, 127);
  edge_qs8_add_params_init (&params, a_scale, a_zp, b_scale, b_zp, out_scale,
      out_zp, -128, 127);
  edge_ref_qs8_add (n, a, b, want, &params);

  for (int i = 0; i < n_cols; i++) {
    runs[i].fn = (EdgeQs8BinaryFunc) cols[i].entry->fn;
    runs[i].n = n;
    runs[i].a = a;
    runs[i].b = b;
    runs[i].output = bench_alloc (n);
    runs[i].params = &params;
    memset (runs[i].output, 0x5a, n);
    run_add (&runs[i]);
    check_entry_s8 (row, &cols[i], runs[i].output, want, n);
    impls[i] = bench_impl (NULL, run_add, &runs[i], 0);
  }
  if (have_xnn) {
    xop = bench_xnn_qs8_add_new (n, a_scale, a_zp, b_scale, b_zp, out_scale,
        out_zp, -128, 127);
    xop = xnn_prepare_row (row, xop, a, b, xnn_out, want,
        n);
  }
  table_row (row, "Melem/s", (double) n / 1e6, cols, impls, n_cols, xop);

  for (int i = 0; i < n_cols; i++)
    free (runs[i].output);
  bench_xnn_op_free (xop);
  free (a);
  free (b);
  free (want);
  free (xnn_out);
}

/* max pool 3x3 stride 2 */

typedef struct
{
  EdgeQs8MaxPoolFunc fn;
  const EdgePool2dParams *p;
  const int8_t *input;
  int8_t *output;
} MaxPoolRun;

static void
run_max_pool (void *ctx)
{
  MaxPoolRun *r = ctx;

  r->fn (r->p, r->input, -128, 127, r->output);
}

static void
bench_max_pool (BenchRng * rng)
{
  const char *row = "maxpool3x3_s2_112x112x64";
  EdgePool2dParams p = { 1, 112, 112, 64, 56, 56, 3, 3, 2, 2, 1, 1 };
  const size_t n_in = (size_t) 112 * 112 * 64, n_out = (size_t) 56 * 56 * 64;
  int8_t *input = bench_alloc (n_in), *want = bench_alloc (n_out);
  int8_t *xnn_out = bench_alloc (n_out);
  TableColumn cols[MAX_ENTRIES];
  MaxPoolRun runs[MAX_ENTRIES];
  BenchImpl impls[MAX_ENTRIES + 1];
  const int n_cols = table_columns ("qs8_max_pool2d", cols);
  BenchXnnOp *xop = NULL;

  if (!edge_pool2d_params_valid (&p))
    bench_die ("%s: invalid geometry", row);
  bench_fill_s8 (rng, input, n_in, -128, 127);
  edge_ref_qs8_max_pool2d (&p, input, -128, 127, want);

  for (int i = 0; i < n_cols; i++) {
    runs[i].fn = (EdgeQs8MaxPoolFunc) cols[i].entry->fn;
    runs[i].p = &p;
    runs[i].input = input;
    runs[i].output = bench_alloc (n_out);
    memset (runs[i].output, 0x5a, n_out);
    run_max_pool (&runs[i]);
    check_entry_s8 (row, &cols[i], runs[i].output, want, n_out);
    impls[i] = bench_impl (NULL, run_max_pool, &runs[i], 0);
  }
  if (have_xnn) {
    /* (112 + 1 + 1 - 3) / 2 + 1 = 56: same windows as ours */
    xop = bench_xnn_s8_max_pool2d_new (&p, 1, 1, -128, 127);
    xop = xnn_prepare_row (row, xop, input, NULL, xnn_out, want,
        n_out);
  }
  table_row (row, "Melem/s", (double) n_in / 1e6, cols, impls, n_cols, xop);

  for (int i = 0; i < n_cols; i++)
    free (runs[i].output);
  bench_xnn_op_free (xop);
  free (input);
  free (want);
  free (xnn_out);
}

/* global average pool 7x7x1024 */

typedef struct
{
  EdgeQs8GlobalAvgPoolFunc fn;
  const int8_t *input;
  int8_t *output;
} GlobalAvgPoolRun;

#define GAP_PIXELS 49
#define GAP_CHANNELS 1024
#define GAP_IN_SCALE 0.05f
#define GAP_IN_ZP (-7)
#define GAP_OUT_SCALE 0.03f
#define GAP_OUT_ZP 2

static void
run_global_avg_pool (void *ctx)
{
  GlobalAvgPoolRun *r = ctx;

  r->fn (1, GAP_PIXELS, GAP_CHANNELS, r->input, GAP_IN_SCALE, GAP_IN_ZP,
      GAP_OUT_SCALE, GAP_OUT_ZP, -128, 127, r->output);
}

static void
bench_global_avg_pool (BenchRng * rng)
{
  const char *row = "global_avgpool_7x7x1024";
  const size_t n_in = GAP_PIXELS * GAP_CHANNELS, n_out = GAP_CHANNELS;
  int8_t *input = bench_alloc (n_in), *want = bench_alloc (n_out);
  int8_t *xnn_out = bench_alloc (n_out);
  TableColumn cols[MAX_ENTRIES];
  GlobalAvgPoolRun runs[MAX_ENTRIES];
  BenchImpl impls[MAX_ENTRIES + 1];
  const int n_cols = table_columns ("qs8_global_avg_pool", cols);
  BenchXnnOp *xop = NULL;

  bench_fill_s8 (rng, input, n_in, -128, 127);
  edge_ref_qs8_global_avg_pool (1, GAP_PIXELS, GAP_CHANNELS, input,
      GAP_IN_SCALE, GAP_IN_ZP, GAP_OUT_SCALE, GAP_OUT_ZP, -128, 127, want);

  for (int i = 0; i < n_cols; i++) {
    runs[i].fn = (EdgeQs8GlobalAvgPoolFunc) cols[i].entry->fn;
    runs[i].input = input;
    runs[i].output = bench_alloc (n_out);
    memset (runs[i].output, 0x5a, n_out);
    run_global_avg_pool (&runs[i]);
    check_entry_s8 (row, &cols[i], runs[i].output, want, n_out);
    impls[i] = bench_impl (NULL, run_global_avg_pool, &runs[i], 0);
  }
  if (have_xnn) {
    xop = bench_xnn_qs8_global_avg_pool_new (1, GAP_PIXELS, GAP_CHANNELS,
        GAP_IN_SCALE, GAP_IN_ZP, GAP_OUT_SCALE, GAP_OUT_ZP, -128, 127);
    xop = xnn_prepare_row (row, xop, input, NULL, xnn_out, want,
        n_out);
  }
  table_row (row, "Melem/s", (double) n_in / 1e6, cols, impls, n_cols, xop);

  for (int i = 0; i < n_cols; i++)
    free (runs[i].output);
  bench_xnn_op_free (xop);
  free (input);
  free (want);
  free (xnn_out);
}

/* pre-processing: a 1280x720 frame to a 128x128x3 int8 NHWC input */

typedef struct
{
  EdgePreprocessS8Func fn;
  const EdgeFrame *frame;
  const EdgePreprocessParams *params;
  int8_t *output;
} PreprocessRun;

static void
run_preprocess (void *ctx)
{
  PreprocessRun *r = ctx;

  r->fn (r->frame, r->params, r->output);
}

#define FRAME_W 1280
#define FRAME_H 720
#define NET_SIZE 128

static void
bench_preprocess (EdgePixelFormat format, const char *row, BenchRng * rng)
{
  const size_t n_out = (size_t) NET_SIZE * NET_SIZE * 3;
  const int32_t cw = (FRAME_W + 1) / 2, ch = (FRAME_H + 1) / 2;
  EdgeFrame frame;
  EdgePreprocessParams params;
  uint8_t *data;
  size_t size;
  int8_t *want = bench_alloc (n_out);
  TableColumn cols[MAX_ENTRIES];
  PreprocessRun runs[MAX_ENTRIES];
  BenchImpl impls[MAX_ENTRIES + 1];
  const int n_cols = table_columns ("preprocess_s8", cols);

  memset (&frame, 0, sizeof (frame));
  frame.format = format;
  frame.width = FRAME_W;
  frame.height = FRAME_H;
  switch (format) {
    case EDGE_PIXEL_FORMAT_RGB:
      frame.strides[0] = FRAME_W * 3;
      size = (size_t) frame.strides[0] * FRAME_H;
      break;
    case EDGE_PIXEL_FORMAT_BGRX:
      frame.strides[0] = FRAME_W * 4;
      size = (size_t) frame.strides[0] * FRAME_H;
      break;
    case EDGE_PIXEL_FORMAT_I420:
      frame.strides[0] = FRAME_W;
      frame.strides[1] = frame.strides[2] = cw;
      size = (size_t) FRAME_W * FRAME_H + (size_t) 2 * cw * ch;
      break;
    case EDGE_PIXEL_FORMAT_NV12:
      frame.strides[0] = FRAME_W;
      frame.strides[1] = 2 * cw;
      size = (size_t) FRAME_W * FRAME_H + (size_t) 2 * cw * ch;
      break;
    default:
      bench_die ("%s: unsupported format", row);
  }
  data = bench_alloc (size);
  bench_fill_u8 (rng, data, size);
  frame.planes[0] = data;
  if (format == EDGE_PIXEL_FORMAT_I420) {
    frame.planes[1] = data + (size_t) FRAME_W * FRAME_H;
    frame.planes[2] = frame.planes[1] + (size_t) cw * ch;
  } else if (format == EDGE_PIXEL_FORMAT_NV12) {
    frame.planes[1] = data + (size_t) FRAME_W * FRAME_H;
  }

  memset (&params, 0, sizeof (params));
  params.crop_w = FRAME_W;
  params.crop_h = FRAME_H;
  params.out_w = params.out_h = NET_SIZE;
  params.color_order = EDGE_COLOR_ORDER_RGB;
  params.layout = EDGE_LAYOUT_NHWC;
  params.resize_mode = EDGE_RESIZE_STRETCH;
  params.yuv_matrix = EDGE_YUV_MATRIX_BT601;
  for (int c = 0; c < 3; c++) {
    params.mean[c] = 127.5f;
    params.scale[c] = 1.0f / 127.5f;
  }
  params.output_scale = 1.0f / 128.0f;
  params.output_zero_point = 0;
  if (!edge_preprocess_params_valid (&frame, &params))
    bench_die ("%s: invalid frame or parameters", row);
  edge_ref_preprocess_s8 (&frame, &params, want);

  for (int i = 0; i < n_cols; i++) {
    runs[i].fn = (EdgePreprocessS8Func) cols[i].entry->fn;
    runs[i].frame = &frame;
    runs[i].params = &params;
    runs[i].output = bench_alloc (n_out);
    memset (runs[i].output, 0x5a, n_out);
    run_preprocess (&runs[i]);
    check_entry_s8 (row, &cols[i], runs[i].output, want, n_out);
    impls[i] = bench_impl (NULL, run_preprocess, &runs[i], 0);
  }
  /* no XNNPACK equivalent (colour conversion + resize is ours alone) */
  table_row (row, "frames/s", 1.0, cols, impls, n_cols, NULL);

  for (int i = 0; i < n_cols; i++)
    free (runs[i].output);
  free (data);
  free (want);
}

/* ------------------------------------------------------------------------ */

static void
usage (const char *argv0)
{
  fprintf (stderr, "usage: %s [--quick] [--time SECONDS] [--runs N]\n"
      "  --quick         short runs (a smoke test; numbers are rough)\n"
      "  --time SECONDS  length of one measurement (default %.2f)\n"
      "  --runs N        measurements per implementation, median taken"
      " (default %d)\n", argv0, bench_config.target, bench_config.runs);
}

int
main (int argc, char **argv)
{
  BenchRng rng;

  for (int i = 1; i < argc; i++) {
    if (strcmp (argv[i], "--quick") == 0) {
      bench_config.target = 0.03;
      bench_config.runs = 3;
      bench_config.slow_runs = 1;
    } else if (strcmp (argv[i], "--time") == 0 && i + 1 < argc) {
      bench_config.target = atof (argv[++i]);
    } else if (strcmp (argv[i], "--runs") == 0 && i + 1 < argc) {
      bench_config.runs = atoi (argv[++i]);
      bench_config.slow_runs = (bench_config.runs + 1) / 2;
    } else {
      usage (argv[0]);
      return strcmp (argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  if (!(bench_config.target > 0.0) || bench_config.runs < 1 ||
      bench_config.slow_runs < 1) {
    usage (argv[0]);
    return 2;
  }

  have_xnn = bench_xnn_init ();
  for (int t = 0; t < N_THREAD_COUNTS; t++) {
    edge_pools[t] = edge_thread_pool_new (thread_counts[t]);
    if (!edge_pools[t])
      bench_die ("edge_thread_pool_new (%d) failed", thread_counts[t]);
    xnn_pools[t] = have_xnn ? bench_xnn_pool_new (thread_counts[t]) : NULL;
  }

  print_header ();
  fflush (stdout);
  bench_rng_init (&rng, 0x2026);

  for (size_t i = 0; i < sizeof (conv_shapes) / sizeof (conv_shapes[0]); i++)
    bench_qs8_shape (&conv_shapes[i], &rng);
  for (size_t i = 0; i < sizeof (f32_shapes) / sizeof (f32_shapes[0]); i++)
    bench_f32_shape (&f32_shapes[i], &rng);

  bench_requantize (&rng);
  bench_add (&rng);
  bench_max_pool (&rng);
  bench_global_avg_pool (&rng);
  bench_preprocess (EDGE_PIXEL_FORMAT_RGB, "preprocess_rgb_1280x720-128x128",
      &rng);
  bench_preprocess (EDGE_PIXEL_FORMAT_BGRX,
      "preprocess_bgrx_1280x720-128x128", &rng);
  bench_preprocess (EDGE_PIXEL_FORMAT_I420,
      "preprocess_i420_1280x720-128x128", &rng);
  bench_preprocess (EDGE_PIXEL_FORMAT_NV12,
      "preprocess_nv12_1280x720-128x128", &rng);

  for (int t = 0; t < N_THREAD_COUNTS; t++) {
    edge_thread_pool_free (edge_pools[t]);
    bench_xnn_pool_free (xnn_pools[t]);
  }
  bench_log ("done");
  return 0;
}
