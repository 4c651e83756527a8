/* gst-edge kernels: pieces shared by the int8 and float convolution ops.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "conv-internal.h"

#include <assert.h>
#include <string.h>

void
edge_conv_im2col (const EdgeConv2dParams * p, size_t element_size,
    const void *input, const void *pad_value, size_t m0, size_t mr,
    void *rows, size_t row_stride)
{
  const size_t pixels_per_image = (size_t) p->out_h * p->out_w;
  const size_t run = (size_t) p->in_c * element_size;
  const uint8_t *in = input;

  assert (p->groups == 1);
  for (size_t i = 0; i < mr; i++) {
    const size_t m = m0 + i;
    const size_t n = m / pixels_per_image;
    const int32_t oy = (int32_t) (m % pixels_per_image / p->out_w);
    const int32_t ox = (int32_t) (m % p->out_w);
    uint8_t *row = (uint8_t *) rows + i * row_stride;

    for (int32_t ky = 0; ky < p->kernel_h; ky++) {
      const int32_t iy = oy * p->stride_h - p->pad_top + ky * p->dilation_h;
      for (int32_t kx = 0; kx < p->kernel_w; kx++) {
        const int32_t ix = ox * p->stride_w - p->pad_left + kx * p->dilation_w;
        if (iy < 0 || iy >= p->in_h || ix < 0 || ix >= p->in_w) {
          /* a padded tap: every channel reads the pad value */
          for (size_t c = 0; c < (size_t) p->in_c; c++)
            memcpy (row + c * element_size, pad_value, element_size);
        } else {
          memcpy (row, in + ((n * p->in_h + iy) * p->in_w + ix) * run, run);
        }
        row += run;
      }
    }
  }
}

void
edge_gemm_tiling_init (EdgeGemmTiling * t, size_t m, size_t n, size_t mr,
    size_t nr, int n_threads)
{
  size_t n_blocks = (n + nr - 1) / nr;
  size_t want_tasks = (size_t) (n_threads > 1 ? n_threads : 1) * 4;
  size_t chunks;

  t->m = m;
  t->n = n;
  t->mr = mr;
  t->nr = nr;
  t->m_tiles = (m + mr - 1) / mr;
  /* Split columns only when row tiles alone cannot feed every thread. */
  chunks = t->m_tiles >= want_tasks ? 1 :
      (want_tasks + t->m_tiles - 1) / t->m_tiles;
  if (chunks > n_blocks)
    chunks = n_blocks;
  if (chunks < 1)
    chunks = 1;
  t->n_chunk = (n_blocks + chunks - 1) / chunks * nr;
  t->n_chunks = (n + t->n_chunk - 1) / t->n_chunk;
}

size_t
edge_conv_gemm_workspace_per_thread (const EdgeConvGemm * g)
{
  const size_t k = (size_t) g->p->kernel_h * g->p->kernel_w * g->p->in_c;

  if (g->strategy != EDGE_CONV_STRATEGY_GEMM_IM2COL)
    return 0;
  return edge_align_up (g->mr * k * g->element_size, EDGE_WORKSPACE_ALIGN);
}

typedef struct
{
  const EdgeConvGemm *g;
  const uint8_t *input;
  uint8_t *output;
  uint8_t *workspace;
  size_t workspace_per_thread;
  size_t k;
  EdgeGemmTiling tiling;
} GemmJob;

static void
gemm_tasks (void *context, int thread, size_t start, size_t end)
{
  const GemmJob *job = context;
  const EdgeConvGemm *g = job->g;
  const EdgeGemmTiling *t = &job->tiling;
  const size_t row_bytes = job->k * g->element_size;
  const size_t out_row_bytes = t->n * g->element_size;

  for (size_t task = start; task < end; task++) {
    const size_t m0 = task / t->n_chunks * t->mr;
    const size_t n0 = task % t->n_chunks * t->n_chunk;
    const size_t mr = t->m - m0 < t->mr ? t->m - m0 : t->mr;
    const size_t nc = t->n - n0 < t->n_chunk ? t->n - n0 : t->n_chunk;
    const void *a;

    if (g->strategy == EDGE_CONV_STRATEGY_GEMM_DIRECT) {
      a = job->input + m0 * row_bytes;
    } else {
      uint8_t *rows = job->workspace + (size_t) thread *
          job->workspace_per_thread;
      edge_conv_im2col (g->p, g->element_size, job->input, g->pad_value, m0,
          mr, rows, row_bytes);
      a = rows;
    }
    g->tile (g->op, mr, nc, a, row_bytes, n0,
        job->output + m0 * out_row_bytes + n0 * g->element_size);
  }
}

void
edge_conv_gemm_run (const EdgeConvGemm * g, const void *input, void *output,
    void *workspace, EdgeThreadPool * pool)
{
  const EdgeConv2dParams *p = g->p;
  GemmJob job = {
    .g = g,.input = input,.output = output,.workspace = workspace,
    .workspace_per_thread = edge_conv_gemm_workspace_per_thread (g),
    .k = (size_t) p->kernel_h * p->kernel_w * p->in_c,
  };

  assert (g->strategy == EDGE_CONV_STRATEGY_GEMM_DIRECT ||
      g->strategy == EDGE_CONV_STRATEGY_GEMM_IM2COL);
  assert (job.workspace_per_thread == 0 || workspace);
  edge_gemm_tiling_init (&job.tiling, (size_t) p->batch * p->out_h * p->out_w,
      (size_t) p->out_c, g->mr, g->nr, edge_thread_pool_get_n_threads (pool));
  edge_thread_pool_parallelize (pool, gemm_tasks, &job,
      job.tiling.m_tiles * job.tiling.n_chunks, 1);
}
