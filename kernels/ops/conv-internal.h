/* gst-edge kernels: pieces shared by the int8 and float convolution ops.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_CONV_INTERNAL_H__
#define __EDGE_CONV_INTERNAL_H__

#include "edge-ops.h"

#include <stdlib.h>
#include <string.h>

/* Workspace slices are 64-byte aligned so SIMD loads never split lines
 * needlessly and threads never share a cache line. */
#define EDGE_WORKSPACE_ALIGN 64

static inline size_t
edge_align_up (size_t n, size_t align)
{
  return (n + align - 1) / align * align;
}

/* A private copy of @bytes at @src (NULL for a NULL @src or no memory). */
static inline void *
edge_memdup (const void *src, size_t bytes)
{
  void *dst;

  if (!src)
    return NULL;
  dst = malloc (bytes);
  if (dst)
    memcpy (dst, src, bytes);
  return dst;
}

/* How an op computes its layer. */
typedef enum {
  EDGE_CONV_STRATEGY_REFERENCE,     /* the reference kernel, unpacked */
  EDGE_CONV_STRATEGY_GEMM_DIRECT,   /* 1x1, stride 1, no padding: input rows are GEMM rows */
  EDGE_CONV_STRATEGY_GEMM_IM2COL,   /* groups == 1: gather windows, then GEMM */
  EDGE_CONV_STRATEGY_DEPTHWISE,     /* groups == in_c == out_c: dwconv microkernel */
  EDGE_CONV_STRATEGY_DEPTHWISE_ORC, /* 3x3 depthwise, ORC row kernel */
} EdgeConvStrategy;

/* The GEMM view of a groups == 1 convolution. */
static inline int
edge_conv_is_pointwise (const EdgeConv2dParams * p)
{
  return p->kernel_h == 1 && p->kernel_w == 1 && p->stride_h == 1 &&
      p->stride_w == 1 && p->pad_top == 0 && p->pad_bottom == 0 &&
      p->pad_left == 0 && p->pad_right == 0 && p->groups == 1;
}

static inline int
edge_conv_is_depthwise (const EdgeConv2dParams * p)
{
  return p->groups == p->in_c && p->out_c == p->in_c && p->groups > 1;
}

/* Gathers the receptive fields of output pixels [m0, m0 + mr) (pixel index
 * over batch * out_h * out_w) into mr rows of kernel_h * kernel_w * in_c
 * elements, (ky, kx, ic) order, @row_stride bytes apart; positions in the
 * padding get *pad_value (element_size bytes: the input zero point for int8,
 * 0.0 for float, so they add nothing). groups must be 1. */
void edge_conv_im2col (const EdgeConv2dParams * p, size_t element_size,
    const void *input, const void *pad_value, size_t m0, size_t mr,
    void *rows, size_t row_stride);

/* Splits an M x N GEMM into tasks of mr_tile rows x a multiple of nr
 * columns, so that all threads get work even when M is small (a fully
 * connected layer has M = 1). */
typedef struct
{
  size_t m, n;
  size_t mr, nr;
  size_t m_tiles, n_chunk, n_chunks;
} EdgeGemmTiling;

void edge_gemm_tiling_init (EdgeGemmTiling * t, size_t m, size_t n,
    size_t mr, size_t nr, int n_threads);

/* Runs one GEMM tile: rows [m0, m0 + mr) x columns [n0, n0 + nc) reading
 * A rows at @a, @a_stride bytes apart, writing output rows at @c. */
typedef void (*EdgeConvGemmTileFunc) (const void *op, size_t mr, size_t nc,
    const void *a, size_t a_stride, size_t n0, void *c);

/* The GEMM strategies of both data types: tiles M x N across the pool,
 * gathering windows into per-thread workspace for the im2col strategy. */
typedef struct
{
  const EdgeConv2dParams *p;
  EdgeConvStrategy strategy;    /* GEMM_DIRECT or GEMM_IM2COL */
  size_t element_size;
  const void *pad_value;        /* one element: what padding reads */
  unsigned mr, nr;              /* the microkernel's tile */
  EdgeConvGemmTileFunc tile;
  const void *op;               /* passed to tile */
} EdgeConvGemm;

/* Bytes of workspace per thread (0 for GEMM_DIRECT). */
size_t edge_conv_gemm_workspace_per_thread (const EdgeConvGemm * g);

void edge_conv_gemm_run (const EdgeConvGemm * g, const void *input,
    void *output, void *workspace, EdgeThreadPool * pool);

#endif /* __EDGE_CONV_INTERNAL_H__ */
