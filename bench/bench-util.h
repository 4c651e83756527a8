/* gst-edge benchmarks: timing, random data and small helpers.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __BENCH_UTIL_H__
#define __BENCH_UTIL_H__

#include <stddef.h>
#include <stdint.h>

/* Something to time: one call of fn (ctx) is one iteration. */
typedef void (*BenchFunc) (void *ctx);

/* One column of a benchmark row. */
typedef struct
{
  const char *label;            /* column name: "ours", "orc", "avx2", ... */
  BenchFunc fn;
  void *ctx;
  int slow;                     /* reference code: fewer runs */
  /* filled by bench_measure () */
  double seconds;               /* median seconds per iteration */
  long iters;                   /* iterations per run */
} BenchImpl;

typedef struct
{
  double target;                /* seconds per run (one measurement) */
  int runs;                     /* runs per implementation (median) */
  int slow_runs;                /* runs for the reference */
} BenchConfig;

extern BenchConfig bench_config;

static inline BenchImpl
bench_impl (const char *label, BenchFunc fn, void *ctx, int slow)
{
  BenchImpl b = { label, fn, ctx, slow, 0.0, 0 };

  return b;
}

double bench_now (void);

/* Warms every implementation up, sizes its runs to ~bench_config.target
 * seconds, then measures the implementations round-robin (run 1 of each,
 * run 2 of each, ...) so that they share the machine's mood, and stores
 * the median seconds per iteration in impls[i].seconds. */
void bench_measure (BenchImpl * impls, int n_impls);

/* Prints to stderr and exits with status 1. */
void bench_die (const char *fmt, ...) __attribute__((format (printf, 1, 2),
        noreturn));

/* Prints to stderr (progress), never stdout. */
void bench_log (const char *fmt, ...) __attribute__((format (printf, 1, 2)));

/* malloc () that never returns NULL (dies instead). */
void *bench_alloc (size_t size);

/* 64-byte aligned, size rounded up; NULL for size 0. Free with free (). */
void *bench_alloc_aligned (size_t size);

/* Deterministic xorshift generator. */
typedef struct
{
  uint64_t s;
} BenchRng;

void bench_rng_init (BenchRng * rng, uint64_t seed);
uint32_t bench_rng_u32 (BenchRng * rng);
/* Uniform integer in [lo, hi]. */
int32_t bench_rng_int (BenchRng * rng, int32_t lo, int32_t hi);
/* Uniform float in [lo, hi). */
float bench_rng_float (BenchRng * rng, float lo, float hi);

void bench_fill_s8 (BenchRng * rng, int8_t * p, size_t n, int32_t lo,
    int32_t hi);
void bench_fill_u8 (BenchRng * rng, uint8_t * p, size_t n);
void bench_fill_f32 (BenchRng * rng, float *p, size_t n, float lo, float hi);

/* Largest |a[i] - b[i]|. */
int bench_max_diff_s8 (const int8_t * a, const int8_t * b, size_t n);

#endif /* __BENCH_UTIL_H__ */
