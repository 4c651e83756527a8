/* gst-edge kernels: kernel paths and run-time dispatch.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * One table, kernels/edge-kernels.inc (one line per implementation, XNNPACK
 * style), lists every implementation of every dispatched kernel. The same
 * table drives selection, the tests (every entry against the reference) and
 * the benchmarks (every path timed).
 *
 * Selection: the highest path that is compiled in, supported by this CPU
 * and allowed by the environment:
 *   EDGE_KERNELS=ref   reference C only
 *   EDGE_KERNELS=orc   reference + ORC (no hand-written SIMD)
 *   EDGE_KERNELS=auto  everything (default)
 *   EDGE_ISA=sse41|avx2|avx512  caps the SIMD microkernels at that ISA
 *                                (none: no SIMD microkernels, like orc)
 * Unknown values are ignored (treated as the default), never fatal.
 */

#ifndef __EDGE_DISPATCH_H__
#define __EDGE_DISPATCH_H__

#include "edge-kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Ordered by preference: a higher value is faster where available. */
typedef enum {
  EDGE_PATH_REF = 0,
  EDGE_PATH_ORC,
  EDGE_PATH_SSE41,
  EDGE_PATH_AVX2,
  EDGE_PATH_AVX512,             /* AVX-512 F/BW/VL/DQ + VNNI (Ice Lake, Zen 4) */
  EDGE_PATH_COUNT
} EdgeKernelPath;

const char *edge_kernel_path_name (EdgeKernelPath path);

/* Compiled in and supported by this CPU (ignores the environment). */
int edge_cpu_supports_path (EdgeKernelPath path);

/* The highest path the environment allows on this CPU; read once. */
EdgeKernelPath edge_kernels_max_path (void);

/* Re-reads EDGE_KERNELS / EDGE_ISA (tests and benchmarks). */
void edge_kernels_reset_from_env (void);

typedef void (*EdgeKernelFunc) (void);

typedef struct {
  const char *op;               /* e.g. "qs8_add" */
  EdgeKernelPath path;
  const char *name;             /* e.g. "edge_orc_qs8_add" */
  EdgeKernelFunc fn;            /* cast to the op's signature typedef */
  /* microkernels: rows, output channels and reduction block of one tile
   * (the packing they need); 0 for element-wise kernels */
  unsigned mr, nr, kr;
} EdgeKernelEntry;

/* The whole table, in edge-kernels.inc order. */
const EdgeKernelEntry *edge_kernel_table (size_t * n_entries);

/* Best implementation of @op at a path <= @max_path that this CPU supports;
 * NULL if the op is unknown. The reference entry always qualifies. */
const EdgeKernelEntry *edge_kernel_lookup (const char *op,
    EdgeKernelPath max_path);

/* For GEMM-like microkernels: per path the first entry is the general
 * kernel; an entry of the same path with mr == 1 may follow, tuned for a
 * single row (batch-1 fully connected layers). Returns that one when @rows
 * is 1, the general one otherwise. */
const EdgeKernelEntry *edge_kernel_lookup_gemm (const char *op,
    EdgeKernelPath max_path, size_t rows);

/* Signatures of dispatched element-wise kernels: identical to the reference
 * functions in edge-kernels.h. */
typedef void (*EdgeQs8BinaryFunc) (size_t n, const int8_t * a,
    const int8_t * b, int8_t * out, const EdgeQs8BinaryParams * params);
typedef void (*EdgeS8ClampFunc) (size_t n, const int8_t * in, int8_t out_min,
    int8_t out_max, int8_t * out);
typedef void (*EdgeF32ClampFunc) (size_t n, const float *in, float out_min,
    float out_max, float *out);
typedef void (*EdgeQs8RequantizeS32Func) (size_t rows, size_t channels,
    const int32_t * input, const float *multiplier,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output);
typedef void (*EdgeQs8RequantizeS8Func) (size_t n, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);
typedef void (*EdgeQs8MaxPoolFunc) (const EdgePool2dParams * p,
    const int8_t * input, int8_t output_min, int8_t output_max,
    int8_t * output);
typedef void (*EdgeQs8AvgPoolFunc) (const EdgePool2dParams * p,
    const int8_t * input, float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);
typedef void (*EdgeQs8GlobalAvgPoolFunc) (int32_t batch, int32_t pixels,
    int32_t channels, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);
typedef void (*EdgePreprocessS8Func) (const EdgeFrame * frame,
    const EdgePreprocessParams * p, int8_t * output);
typedef void (*EdgePreprocessF32Func) (const EdgeFrame * frame,
    const EdgePreprocessParams * p, float *output);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_DISPATCH_H__ */
