/* gst-edge kernels: float32 convolution operator (weights packed once).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* groups == 1 runs as a GEMM (directly on the input for 1x1/stride 1/no
 * padding, after im2col otherwise) with the best f32 GEMM microkernel
 * allowed; grouped and depthwise convolutions, and the reference path, run
 * the reference kernel. Float results differ from the reference only by
 * summation order (the microkernels may use FMA), and are bit-identical for
 * any thread count: each output is produced by one microkernel call over the
 * whole window. */

#include "conv-internal.h"
#include "edge-kernels-fast.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct EdgeF32Conv2dOp
{
  EdgeConv2dParams p;
  EdgeConvStrategy strategy;
  EdgeKernelPath path;
  float output_min, output_max;

  /* reference strategy */
  float *weight;
  float *bias;

  /* GEMM strategy */
  const EdgeKernelEntry *gemm;
  float *packed;
  size_t packed_block_floats;   /* one block of nr output channels */
  size_t k;
  EdgeConvGemm gemm_view;
  float pad_value;              /* 0.0: padding adds nothing */
};

static void
gemm_tile (const void *data, size_t mr, size_t nc, const void *a,
    size_t a_stride, size_t n0, void *c)
{
  const EdgeF32Conv2dOp *op = data;
  const EdgeF32GemmFunc ukernel = (EdgeF32GemmFunc) op->gemm->fn;

  ukernel (mr, nc, op->k, a, a_stride,
      op->packed + n0 / op->gemm->nr * op->packed_block_floats, c,
      (size_t) op->p.out_c * sizeof (float), op->output_min, op->output_max);
}

static int
setup_reference (EdgeF32Conv2dOp * op, const float *weight, const float *bias)
{
  const EdgeConv2dParams *p = &op->p;
  const size_t nw = (size_t) p->out_c * p->kernel_h * p->kernel_w *
      (p->in_c / p->groups);

  op->strategy = EDGE_CONV_STRATEGY_REFERENCE;
  op->path = EDGE_PATH_REF;
  op->weight = edge_memdup (weight, nw * sizeof (float));
  op->bias = edge_memdup (bias, (size_t) p->out_c * sizeof (float));
  return op->weight && (!bias || op->bias);
}

static int
setup_gemm (EdgeF32Conv2dOp * op, const EdgeKernelEntry * gemm,
    const float *weight, const float *bias)
{
  const EdgeConv2dParams *p = &op->p;
  size_t bytes;

  op->gemm = gemm;
  op->path = gemm->path;
  op->k = (size_t) p->kernel_h * p->kernel_w * p->in_c;
  op->strategy = edge_conv_is_pointwise (p) ?
      EDGE_CONV_STRATEGY_GEMM_DIRECT : EDGE_CONV_STRATEGY_GEMM_IM2COL;
  op->packed_block_floats = edge_f32_gemm_packed_size (gemm->nr, op->k,
      gemm->nr) / sizeof (float);
  bytes = edge_f32_gemm_packed_size ((size_t) p->out_c, op->k, gemm->nr);
  op->packed = aligned_alloc (EDGE_WORKSPACE_ALIGN,
      edge_align_up (bytes, EDGE_WORKSPACE_ALIGN));
  if (!op->packed)
    return 0;
  /* OHWI weights of a groups == 1 conv are exactly [out_c][k] */
  edge_f32_gemm_pack ((size_t) p->out_c, op->k, gemm->nr, weight, bias,
      op->packed);
  op->pad_value = 0.0f;
  op->gemm_view = (EdgeConvGemm) {
    .p = &op->p,.strategy = op->strategy,.element_size = sizeof (float),
    .pad_value = &op->pad_value,.mr = gemm->mr,.nr = gemm->nr,
    .tile = gemm_tile,.op = op,
  };
  return 1;
}

EdgeF32Conv2dOp *
edge_f32_conv2d_op_new (const EdgeConv2dParams * p, const float *weight,
    const float *bias, float output_min, float output_max,
    EdgeKernelPath max_path)
{
  EdgeF32Conv2dOp *op;
  const EdgeKernelEntry *gemm = NULL;
  int ok;

  if (!edge_conv2d_params_valid (p) || !weight || !(output_min <= output_max))
    return NULL;
  op = calloc (1, sizeof (*op));
  if (!op)
    return NULL;
  op->p = *p;
  op->output_min = output_min;
  op->output_max = output_max;

  if (max_path > EDGE_PATH_REF && p->groups == 1)
    gemm = edge_kernel_lookup_gemm ("f32_gemm", max_path,
        (size_t) p->batch * p->out_h * p->out_w);
  /* the scalar GEMM microkernel is an oracle; the reference path runs the
   * reference convolution */
  if (gemm && gemm->path > EDGE_PATH_REF)
    ok = setup_gemm (op, gemm, weight, bias);
  else
    ok = setup_reference (op, weight, bias);
  if (!ok) {
    edge_f32_conv2d_op_free (op);
    return NULL;
  }
  return op;
}

EdgeKernelPath
edge_f32_conv2d_op_path (const EdgeF32Conv2dOp * op)
{
  return op->path;
}

size_t
edge_f32_conv2d_op_workspace_size (const EdgeF32Conv2dOp * op, int n_threads)
{
  if (op->strategy == EDGE_CONV_STRATEGY_REFERENCE)
    return 0;
  return (size_t) (n_threads < 1 ? 1 : n_threads) *
      edge_conv_gemm_workspace_per_thread (&op->gemm_view);
}

void
edge_f32_conv2d_op_run (const EdgeF32Conv2dOp * op, const float *input,
    float *output, void *workspace, EdgeThreadPool * pool)
{
  assert (input && output);
  if (op->strategy == EDGE_CONV_STRATEGY_REFERENCE)
    edge_ref_f32_conv2d (&op->p, input, op->weight, op->bias, op->output_min,
        op->output_max, output, pool);
  else
    edge_conv_gemm_run (&op->gemm_view, input, output, workspace, pool);
}

void
edge_f32_conv2d_op_free (EdgeF32Conv2dOp * op)
{
  if (!op)
    return;
  free (op->weight);
  free (op->bias);
  free (op->packed);
  free (op);
}
