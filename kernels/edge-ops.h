/* gst-edge kernels: convolution operators with weights packed once.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Convolution and fully-connected layers are where the time goes, and their
 * fast paths need weights in a kernel-specific packed layout. An operator
 * object packs once, at model load, for the best path allowed
 * (edge-dispatch.h), and runs many times with no allocation: scratch memory
 * (im2col rows, accumulators, padded rows) is the caller's workspace, sized
 * by *_workspace_size () for the thread count it will run with.
 *
 * A fully connected layer is a conv2d op with in_h = in_w = 1 and a 1x1
 * kernel (batch = rows): one way to do it.
 *
 * Results: int8 operators equal the reference (edge_ref_qs8_conv2d) bit for
 * bit on every path and thread count; float operators are within a small
 * relative tolerance of edge_ref_f32_conv2d (summation order differs) and
 * bit-identical across thread counts.
 */

#ifndef __EDGE_OPS_H__
#define __EDGE_OPS_H__

#include "edge-dispatch.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct EdgeQs8Conv2dOp EdgeQs8Conv2dOp;
typedef struct EdgeF32Conv2dOp EdgeF32Conv2dOp;

/* Packs an int8 convolution for the best path <= @max_path (weights OHWI,
 * as edge_ref_qs8_conv2d). Fast paths need symmetric weights: a non-NULL
 * @weight_zero_point with any non-zero entry selects the reference path.
 * All arrays are copied; the caller may free them. Returns NULL if @p is
 * invalid (edge_conv2d_params_valid) or memory runs out. */
EdgeQs8Conv2dOp *edge_qs8_conv2d_op_new (const EdgeConv2dParams * p,
    int32_t input_zero_point, const int8_t * weight,
    const int32_t * weight_zero_point, const int32_t * bias,
    const float *requant_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, EdgeKernelPath max_path);

/* The path the op actually runs (a path may not cover every geometry). */
EdgeKernelPath edge_qs8_conv2d_op_path (const EdgeQs8Conv2dOp * op);

/* Bytes of workspace run() needs with a pool of @n_threads threads. */
size_t edge_qs8_conv2d_op_workspace_size (const EdgeQs8Conv2dOp * op,
    int n_threads);

/* @workspace: at least workspace_size (n_threads of @pool) bytes, 64-byte
 * aligned, or NULL when that size is 0. No allocation, no syscall. */
void edge_qs8_conv2d_op_run (const EdgeQs8Conv2dOp * op, const int8_t * input,
    int8_t * output, void *workspace, EdgeThreadPool * pool);

void edge_qs8_conv2d_op_free (EdgeQs8Conv2dOp * op);

/* float32 twin (weights OHWI, bias may be NULL, clamp to [min, max]). */
EdgeF32Conv2dOp *edge_f32_conv2d_op_new (const EdgeConv2dParams * p,
    const float *weight, const float *bias, float output_min,
    float output_max, EdgeKernelPath max_path);
EdgeKernelPath edge_f32_conv2d_op_path (const EdgeF32Conv2dOp * op);
size_t edge_f32_conv2d_op_workspace_size (const EdgeF32Conv2dOp * op,
    int n_threads);
void edge_f32_conv2d_op_run (const EdgeF32Conv2dOp * op, const float *input,
    float *output, void *workspace, EdgeThreadPool * pool);
void edge_f32_conv2d_op_free (EdgeF32Conv2dOp * op);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_OPS_H__ */
