/* gst-edge kernels: int8 convolution operator (weights packed once).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Strategy, chosen at creation from the geometry and the allowed path:
 * - groups == 1 and a GEMM microkernel is allowed: GEMM over output pixels
 *   (M) x output channels (N) x window (K); 1x1/stride 1/no padding reads
 *   the input rows directly, anything else gathers windows (im2col) into
 *   per-thread workspace first;
 * - depthwise 3x3 (groups == in_c == out_c): the dwconv microkernel over a
 *   per-row indirection buffer, or the ORC 3x3 layer kernel on the ORC
 *   path;
 * - everything else (grouped convolutions, asymmetric weights, EDGE_KERNELS=
 *   ref): the reference kernel.
 * Every strategy equals edge_ref_qs8_conv2d bit for bit. */

#include "conv-internal.h"
#include "edge-kernels-fast.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

struct EdgeQs8Conv2dOp
{
  EdgeConv2dParams p;
  EdgeConvStrategy strategy;
  EdgeKernelPath path;

  int32_t input_zero_point, output_zero_point;
  int8_t output_min, output_max;

  /* reference strategy: private copies of the unpacked arrays (the ORC
   * depthwise strategy keeps weight as [kh][kw][channels]) */
  int8_t *weight;
  int32_t *weight_zero_point;
  int32_t *bias;
  float *requant_scale;

  /* GEMM strategy */
  const EdgeKernelEntry *gemm;
  void *packed;
  size_t packed_block_bytes;    /* one block of nr output channels */
  size_t k;                     /* window size: kernel_h * kernel_w * in_c */
  EdgeQs8RequantParams gemm_params;
  EdgeConvGemm gemm_view;
  int8_t pad_value;             /* the input zero point: padding adds 0 */

  /* depthwise microkernel strategy */
  const EdgeKernelEntry *dwconv;
  EdgeQs8RequantParams dwconv_params;
  int8_t *zero_row;             /* in_c bytes of the input zero point */
  size_t dw_columns;            /* padded input columns one output row reads */
};

static int
weights_symmetric (const int32_t * weight_zero_point, int32_t out_c)
{
  if (!weight_zero_point)
    return 1;
  for (int32_t oc = 0; oc < out_c; oc++)
    if (weight_zero_point[oc] != 0)
      return 0;
  return 1;
}

static int
setup_reference (EdgeQs8Conv2dOp * op, const int8_t * weight,
    const int32_t * weight_zero_point, const int32_t * bias,
    const float *requant_scale)
{
  const EdgeConv2dParams *p = &op->p;
  const size_t nw = (size_t) p->out_c * p->kernel_h * p->kernel_w *
      (p->in_c / p->groups);

  op->strategy = EDGE_CONV_STRATEGY_REFERENCE;
  op->path = EDGE_PATH_REF;
  op->weight = edge_memdup (weight, nw);
  op->weight_zero_point = edge_memdup (weight_zero_point,
      (size_t) p->out_c * sizeof (int32_t));
  op->bias = edge_memdup (bias, (size_t) p->out_c * sizeof (int32_t));
  op->requant_scale = edge_memdup (requant_scale,
      (size_t) p->out_c * sizeof (float));
  return op->weight && op->requant_scale &&
      (!weight_zero_point || op->weight_zero_point) && (!bias || op->bias);
}

static void
gemm_tile (const void *data, size_t mr, size_t nc, const void *a,
    size_t a_stride, size_t n0, void *c)
{
  const EdgeQs8Conv2dOp *op = data;
  const EdgeQs8GemmFunc ukernel = (EdgeQs8GemmFunc) op->gemm->fn;

  ukernel (mr, nc, op->k, a, a_stride,
      (const uint8_t *) op->packed + n0 / op->gemm->nr *
      op->packed_block_bytes, c, (size_t) op->p.out_c, &op->gemm_params);
}

static int
setup_gemm (EdgeQs8Conv2dOp * op, const EdgeKernelEntry * gemm,
    const int8_t * weight, const int32_t * bias, const float *requant_scale)
{
  const EdgeConv2dParams *p = &op->p;

  op->gemm = gemm;
  op->path = gemm->path;
  op->k = (size_t) p->kernel_h * p->kernel_w * p->in_c;
  op->strategy = edge_conv_is_pointwise (p) ?
      EDGE_CONV_STRATEGY_GEMM_DIRECT : EDGE_CONV_STRATEGY_GEMM_IM2COL;
  op->pad_value = (int8_t) op->input_zero_point;
  op->gemm_view = (EdgeConvGemm) {
    .p = &op->p,.strategy = op->strategy,.element_size = 1,
    .pad_value = &op->pad_value,.mr = gemm->mr,.nr = gemm->nr,
    .tile = gemm_tile,.op = op,
  };
  op->packed_block_bytes = edge_qs8_gemm_packed_size (gemm->nr, op->k,
      gemm->nr, gemm->kr);
  /* OHWI weights of a groups == 1 conv are exactly [out_c][k] */
  op->packed = aligned_alloc (EDGE_WORKSPACE_ALIGN,
      edge_align_up (edge_qs8_gemm_packed_size ((size_t) p->out_c, op->k,
              gemm->nr, gemm->kr), EDGE_WORKSPACE_ALIGN));
  if (!op->packed)
    return 0;
  edge_qs8_gemm_pack ((size_t) p->out_c, op->k, gemm->nr, gemm->kr, weight,
      bias, op->input_zero_point, requant_scale, op->packed);
  edge_qs8_requant_params_init (&op->gemm_params, op->output_zero_point,
      op->output_min, op->output_max);
  return 1;
}

/* The indirection kernels take any padding and stride; dilation 1 keeps
 * three pointers per input column shared by neighbouring pixels. */
static int
depthwise3x3_applies (const EdgeConv2dParams * p)
{
  return edge_conv_is_depthwise (p) && p->kernel_h == 3 && p->kernel_w == 3 &&
      p->dilation_h == 1 && p->dilation_w == 1;
}

static int
setup_depthwise (EdgeQs8Conv2dOp * op, const EdgeKernelEntry * dwconv,
    const int8_t * weight, const int32_t * bias, const float *requant_scale)
{
  const EdgeConv2dParams *p = &op->p;

  op->strategy = EDGE_CONV_STRATEGY_DEPTHWISE;
  op->path = dwconv->path;
  op->dwconv = dwconv;
  op->dw_columns = (size_t) (p->out_w - 1) * p->stride_w + 3;
  op->zero_row = malloc ((size_t) p->in_c);
  op->packed = aligned_alloc (EDGE_WORKSPACE_ALIGN,
      edge_align_up (edge_qs8_dwconv3x3_packed_size ((size_t) p->in_c,
              dwconv->nr), EDGE_WORKSPACE_ALIGN));
  if (!op->zero_row || !op->packed)
    return 0;
  memset (op->zero_row, op->input_zero_point, (size_t) p->in_c);
  edge_qs8_dwconv3x3_pack ((size_t) p->in_c, dwconv->nr, weight, bias,
      op->input_zero_point, requant_scale, op->packed);
  edge_qs8_requant_params_init (&op->dwconv_params, op->output_zero_point,
      op->output_min, op->output_max);
  return 1;
}

typedef struct
{
  const EdgeQs8Conv2dOp *op;
  const int8_t *input;
  int8_t *output;
  uint8_t *workspace;
  size_t workspace_per_thread;
} DepthwiseJob;

static size_t
depthwise_workspace_per_thread (const EdgeQs8Conv2dOp * op)
{
  return edge_align_up (3 * op->dw_columns * sizeof (const int8_t *),
      EDGE_WORKSPACE_ALIGN);
}

/* Output rows [start, end): build the row's indirection (three pointers per
 * padded input column, ky = 0..2, padding -> zero_row), then one
 * microkernel call per row. */
static void
depthwise_rows (void *context, int thread, size_t start, size_t end)
{
  const DepthwiseJob *job = context;
  const EdgeQs8Conv2dOp *op = job->op;
  const EdgeConv2dParams *p = &op->p;
  const EdgeQs8Dwconv3x3Func ukernel = (EdgeQs8Dwconv3x3Func) op->dwconv->fn;
  const int8_t **ptrs = (const int8_t **) (job->workspace +
      (size_t) thread * job->workspace_per_thread);
  const size_t c = (size_t) p->in_c;

  for (size_t row = start; row < end; row++) {
    const size_t n = row / (size_t) p->out_h;
    const int32_t oy = (int32_t) (row % (size_t) p->out_h);
    for (size_t j = 0; j < op->dw_columns; j++) {
      const int32_t ix = (int32_t) j - p->pad_left;
      for (int32_t ky = 0; ky < 3; ky++) {
        const int32_t iy = oy * p->stride_h - p->pad_top + ky;
        ptrs[j * 3 + ky] = (iy < 0 || iy >= p->in_h || ix < 0 ||
            ix >= p->in_w) ? op->zero_row :
            job->input + ((n * p->in_h + iy) * p->in_w + ix) * c;
      }
    }
    ukernel (c, (size_t) p->out_w, ptrs, 3 * (size_t) p->stride_w, 0,
        op->zero_row, op->packed, job->output + row * p->out_w * c, c,
        &op->dwconv_params);
  }
}

static int
orc_depthwise_applies (const EdgeConv2dParams * p)
{
  return edge_conv_is_depthwise (p) && p->kernel_h == 3 && p->kernel_w == 3 &&
      p->stride_h == p->stride_w && (p->stride_w == 1 || p->stride_w == 2) &&
      p->dilation_h == 1 && p->dilation_w == 1;
}

static int
setup_orc_depthwise (EdgeQs8Conv2dOp * op, const int8_t * weight,
    const int32_t * bias, const float *requant_scale)
{
  const int32_t c = op->p.out_c;

  op->strategy = EDGE_CONV_STRATEGY_DEPTHWISE_ORC;
  op->path = EDGE_PATH_ORC;
  op->weight = malloc ((size_t) 9 * c);
  op->bias = edge_memdup (bias, (size_t) c * sizeof (int32_t));
  op->requant_scale = edge_memdup (requant_scale, (size_t) c * sizeof (float));
  if (!op->weight || !op->requant_scale || (bias && !op->bias))
    return 0;
  /* OHWI [c][3][3][1] -> [3][3][c]: the ORC row kernel walks channels */
  for (int32_t ch = 0; ch < c; ch++)
    for (int32_t tap = 0; tap < 9; tap++)
      op->weight[(size_t) tap * c + ch] = weight[(size_t) ch * 9 + tap];
  return 1;
}

EdgeQs8Conv2dOp *
edge_qs8_conv2d_op_new (const EdgeConv2dParams * p,
    int32_t input_zero_point, const int8_t * weight,
    const int32_t * weight_zero_point, const int32_t * bias,
    const float *requant_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, EdgeKernelPath max_path)
{
  EdgeQs8Conv2dOp *op;
  const EdgeKernelEntry *dwconv;
  int ok;

  if (!edge_conv2d_params_valid (p) || !weight || !requant_scale ||
      input_zero_point < -128 || input_zero_point > 127 ||
      output_zero_point < -128 || output_zero_point > 127 ||
      output_min > output_max)
    return NULL;

  op = calloc (1, sizeof (*op));
  if (!op)
    return NULL;
  op->p = *p;
  op->input_zero_point = input_zero_point;
  op->output_zero_point = output_zero_point;
  op->output_min = output_min;
  op->output_max = output_max;

  if (max_path > EDGE_PATH_REF && p->groups == 1 &&
      weights_symmetric (weight_zero_point, p->out_c)) {
    const EdgeKernelEntry *gemm = edge_kernel_lookup_gemm ("qs8_gemm",
        max_path, (size_t) p->batch * p->out_h * p->out_w);
    /* The reference GEMM microkernel is only an oracle for the fast ones;
     * on the reference path the plain reference convolution runs. */
    if (gemm && gemm->path > EDGE_PATH_REF)
      ok = setup_gemm (op, gemm, weight, bias, requant_scale);
    else
      ok = setup_reference (op, weight, weight_zero_point, bias,
          requant_scale);
  } else if (depthwise3x3_applies (p) &&
      weights_symmetric (weight_zero_point, p->out_c) &&
      (dwconv = edge_kernel_lookup ("qs8_dwconv3x3", max_path)) &&
      dwconv->path > EDGE_PATH_ORC) {
    ok = setup_depthwise (op, dwconv, weight, bias, requant_scale);
  } else if (max_path >= EDGE_PATH_ORC && orc_depthwise_applies (p) &&
      weights_symmetric (weight_zero_point, p->out_c)) {
    ok = setup_orc_depthwise (op, weight, bias, requant_scale);
  } else {
    ok = setup_reference (op, weight, weight_zero_point, bias, requant_scale);
  }
  if (!ok) {
    edge_qs8_conv2d_op_free (op);
    return NULL;
  }
  return op;
}

EdgeKernelPath
edge_qs8_conv2d_op_path (const EdgeQs8Conv2dOp * op)
{
  return op->path;
}

size_t
edge_qs8_conv2d_op_workspace_size (const EdgeQs8Conv2dOp * op, int n_threads)
{
  if (n_threads < 1)
    n_threads = 1;
  switch (op->strategy) {
    case EDGE_CONV_STRATEGY_GEMM_DIRECT:
    case EDGE_CONV_STRATEGY_GEMM_IM2COL:
      return (size_t) n_threads *
          edge_conv_gemm_workspace_per_thread (&op->gemm_view);
    case EDGE_CONV_STRATEGY_DEPTHWISE_ORC:
      return (size_t) n_threads *
          edge_orc_qs8_dwconv3x3_workspace_size (&op->p);
    case EDGE_CONV_STRATEGY_DEPTHWISE:
      return (size_t) n_threads * depthwise_workspace_per_thread (op);
    default:
      return 0;
  }
}

void
edge_qs8_conv2d_op_run (const EdgeQs8Conv2dOp * op, const int8_t * input,
    int8_t * output, void *workspace, EdgeThreadPool * pool)
{
  const EdgeConv2dParams *p = &op->p;

  assert (input && output);
  switch (op->strategy) {
    case EDGE_CONV_STRATEGY_REFERENCE:
      edge_ref_qs8_conv2d (p, input, op->input_zero_point, op->weight,
          op->weight_zero_point, op->bias, op->requant_scale,
          op->output_zero_point, op->output_min, op->output_max, output,
          pool);
      break;
    case EDGE_CONV_STRATEGY_GEMM_DIRECT:
    case EDGE_CONV_STRATEGY_GEMM_IM2COL:
      edge_conv_gemm_run (&op->gemm_view, input, output, workspace, pool);
      break;
    case EDGE_CONV_STRATEGY_DEPTHWISE:{
      DepthwiseJob job = {
        .op = op,.input = input,.output = output,.workspace = workspace,
        .workspace_per_thread = depthwise_workspace_per_thread (op),
      };
      assert (workspace);
      edge_thread_pool_parallelize (pool, depthwise_rows, &job,
          (size_t) p->batch * p->out_h, 1);
      break;
    }
    case EDGE_CONV_STRATEGY_DEPTHWISE_ORC:
      edge_orc_qs8_dwconv3x3 (p, input, op->input_zero_point, op->weight,
          op->bias, op->requant_scale, op->output_zero_point, op->output_min,
          op->output_max, output, workspace, pool);
      break;
    default:
      assert (!"unhandled strategy");
  }
}

void
edge_qs8_conv2d_op_free (EdgeQs8Conv2dOp * op)
{
  if (!op)
    return;
  free (op->weight);
  free (op->weight_zero_point);
  free (op->bias);
  free (op->requant_scale);
  free (op->packed);
  free (op->zero_row);
  free (op);
}
