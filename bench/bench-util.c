/* gst-edge benchmarks: timing, random data and small helpers.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "bench-util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

BenchConfig bench_config = { 0.3, 5, 3 };

double
bench_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

/* Idle thread pools spin before they sleep: pthreadpool's workers for
 * about 30 ms (a million pause instructions) after every job, ours briefly.
 * On two cores that would steal a core from whatever runs next, so every
 * timed batch starts after the previous one's pool went to sleep. */
#define COOL_DOWN_NS 50000000L

static void
cool_down (void)
{
  struct timespec ts = { 0, COOL_DOWN_NS };

  while (nanosleep (&ts, &ts) != 0 && errno == EINTR) {
  }
}

static double
time_iters (const BenchImpl * impl, long iters)
{
  double start;

  cool_down ();
  start = bench_now ();

  for (long i = 0; i < iters; i++)
    impl->fn (impl->ctx);
  return bench_now () - start;
}

static int
compare_double (const void *a, const void *b)
{
  const double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Iterations that take about @target seconds (at least 1). */
static long
calibrate (const BenchImpl * impl, double target)
{
  long iters = 1;
  double t = time_iters (impl, iters);

  /* grow until the timer's resolution and call overhead are negligible */
  while (t < 0.02 && t < target && iters < (1L << 30)) {
    iters *= t > 0.002 ? 2 : 8;
    t = time_iters (impl, iters);
  }
  if (t <= 0.0)
    return iters;
  iters = (long) ceil ((double) iters * target / t);
  return iters < 1 ? 1 : iters;
}

void
bench_measure (BenchImpl * impls, int n_impls)
{
  int max_runs = 0;
  double *times[16];

  if (n_impls > 16)
    bench_die ("bench_measure: too many implementations (%d)", n_impls);

  for (int i = 0; i < n_impls; i++) {
    BenchImpl *b = &impls[i];
    const int runs = b->slow ? bench_config.slow_runs : bench_config.runs;

    b->fn (b->ctx);             /* warm-up: caches, pages, thread wake-up */
    b->iters = calibrate (b, bench_config.target);
    times[i] = bench_alloc (sizeof (double) * (size_t) runs);
    if (runs > max_runs)
      max_runs = runs;
  }

  for (int r = 0; r < max_runs; r++) {
    for (int i = 0; i < n_impls; i++) {
      BenchImpl *b = &impls[i];
      const int runs = b->slow ? bench_config.slow_runs : bench_config.runs;

      if (r < runs)
        times[i][r] = time_iters (b, b->iters) / (double) b->iters;
    }
  }

  for (int i = 0; i < n_impls; i++) {
    BenchImpl *b = &impls[i];
    const int runs = b->slow ? bench_config.slow_runs : bench_config.runs;

    qsort (times[i], (size_t) runs, sizeof (double), compare_double);
    b->seconds = runs % 2 ? times[i][runs / 2] :
        0.5 * (times[i][runs / 2 - 1] + times[i][runs / 2]);
    free (times[i]);
  }
}

void
bench_die (const char *fmt, ...)
{
  va_list ap;

  fflush (stdout);
  fputs ("bench-kernels: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  exit (1);
}

void
bench_log (const char *fmt, ...)
{
  va_list ap;

  fputs ("bench-kernels: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
}

void *
bench_alloc (size_t size)
{
  void *p = malloc (size ? size : 1);

  if (!p)
    bench_die ("out of memory (%zu bytes)", size);
  return p;
}

void *
bench_alloc_aligned (size_t size)
{
  void *p;

  if (size == 0)
    return NULL;
  p = aligned_alloc (64, (size + 63) / 64 * 64);
  if (!p)
    bench_die ("out of memory (%zu bytes)", size);
  return p;
}

void
bench_rng_init (BenchRng * rng, uint64_t seed)
{
  rng->s = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint32_t
bench_rng_u32 (BenchRng * rng)
{
  uint64_t x = rng->s;

  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  rng->s = x;
  return (uint32_t) (x >> 32);
}

int32_t
bench_rng_int (BenchRng * rng, int32_t lo, int32_t hi)
{
  const uint64_t span = (uint64_t) ((int64_t) hi - lo) + 1;

  return (int32_t) (lo + (int64_t) (bench_rng_u32 (rng) % span));
}

float
bench_rng_float (BenchRng * rng, float lo, float hi)
{
  return lo + (hi - lo) * (float) (bench_rng_u32 (rng) >> 8) *
      (1.0f / 16777216.0f);
}

void
bench_fill_s8 (BenchRng * rng, int8_t * p, size_t n, int32_t lo, int32_t hi)
{
  for (size_t i = 0; i < n; i++)
    p[i] = (int8_t) bench_rng_int (rng, lo, hi);
}

void
bench_fill_u8 (BenchRng * rng, uint8_t * p, size_t n)
{
  for (size_t i = 0; i < n; i++)
    p[i] = (uint8_t) (bench_rng_u32 (rng) >> 24);
}

void
bench_fill_f32 (BenchRng * rng, float *p, size_t n, float lo, float hi)
{
  for (size_t i = 0; i < n; i++)
    p[i] = bench_rng_float (rng, lo, hi);
}

int
bench_max_diff_s8 (const int8_t * a, const int8_t * b, size_t n)
{
  int m = 0;

  for (size_t i = 0; i < n; i++) {
    const int d = abs ((int) a[i] - (int) b[i]);
    if (d > m)
      m = d;
  }
  return m;
}
