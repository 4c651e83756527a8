/* gst-edge benchmarks: the XNNPACK peer, behind a small interface so the
 * benchmark builds (and prints xnnpack=n/a) without it.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Written against Debian 12's libxnnpack-dev (a February 2022 snapshot):
 * operators are created (weights packed), set up once with their input,
 * output and thread pool, then run; creation and set-up are not timed.
 */

#ifndef __BENCH_XNNPACK_H__
#define __BENCH_XNNPACK_H__

#include "edge-kernels.h"

/* One XNNPACK operator bound (by bench_xnn_setup) to its buffers. */
typedef struct BenchXnnOp BenchXnnOp;

/* XNNPACK's thread pool (pthreadpool). */
typedef struct BenchXnnPool BenchXnnPool;

/* 1 when built with XNNPACK and xnn_initialize () succeeded. */
int bench_xnn_init (void);

BenchXnnPool *bench_xnn_pool_new (int n_threads);
void bench_xnn_pool_free (BenchXnnPool * pool);

/* int8 convolution, per-output-channel weight scales (xnn_..._qc8). Weights
 * OHWI as edge_ref_qs8_conv2d (that is XNNPACK's GOHWI for groups == 1 and
 * for depthwise without XNN_FLAG_DEPTHWISE_CONVOLUTION). NULL on failure. */
BenchXnnOp *bench_xnn_qc8_conv2d_new (const EdgeConv2dParams * p,
    int32_t input_zero_point, float input_scale, const int8_t * weight,
    const float *weight_scale, const int32_t * bias,
    int32_t output_zero_point, float output_scale,
    int8_t output_min, int8_t output_max);

/* int8 fully connected with one weight scale (xnn_..._nc_qs8: this XNNPACK
 * has no per-channel fully connected operator). Weights [out][in]. */
BenchXnnOp *bench_xnn_qs8_fully_connected_new (int32_t batch,
    int32_t in_features, int32_t out_features,
    int32_t input_zero_point, float input_scale, const int8_t * weight,
    float weight_scale, const int32_t * bias,
    int32_t output_zero_point, float output_scale,
    int8_t output_min, int8_t output_max);

BenchXnnOp *bench_xnn_f32_conv2d_new (const EdgeConv2dParams * p,
    const float *weight, const float *bias, float output_min,
    float output_max);

/* Element-wise peers for the table rows (always on the calling thread). */
BenchXnnOp *bench_xnn_qs8_add_new (size_t n,
    float a_scale, int32_t a_zero_point, float b_scale, int32_t b_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max);
BenchXnnOp *bench_xnn_s8_max_pool2d_new (const EdgePool2dParams * p,
    int32_t pad_bottom, int32_t pad_right,
    int8_t output_min, int8_t output_max);
BenchXnnOp *bench_xnn_qs8_global_avg_pool_new (int32_t batch,
    int32_t pixels, int32_t channels,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max);

/* Binds input(s), output and thread pool (NULL: calling thread). @input2
 * is the second operand of add, NULL otherwise. Returns 1 on success. */
int bench_xnn_setup (BenchXnnOp * op, const void *input, const void *input2,
    void *output, BenchXnnPool * pool);

/* BenchFunc: runs the operator as last set up. */
void bench_xnn_run (void *op);

void bench_xnn_op_free (BenchXnnOp * op);

#endif /* __BENCH_XNNPACK_H__ */
