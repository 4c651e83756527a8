/* gst-edge kernels: qs8-gemm microkernels in portable C (path REF).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The packing read the obvious way: for each block, each row and each
 * channel, the dot product over K in packed order. The sum runs in uint32
 * so overflow wraps (defined behaviour) exactly like the SIMD int32 adds,
 * then edge_requantize () applies the rule. The oracle of the SIMD
 * kernels and the fallback of every platform. */

#include "qs8-gemm/qs8-gemm.h"
#include "edge-requantize.h"

#include <assert.h>
#include <string.h>

/* Largest tile of the scalar entries (accumulators live on the stack). */
#define SCALAR_MAX_MR 8
#define SCALAR_MAX_NR 64

static inline void
scalar_gemm (size_t MR, size_t NR, size_t KR, size_t mr, size_t nc,
    size_t kc, const int8_t * a, size_t a_stride, const void *packed_w,
    int8_t * c, size_t c_stride, const EdgeQs8RequantParams * params)
{
  const size_t kcp = (kc + KR - 1) / KR * KR;
  const uint8_t *blk = packed_w;

  assert (MR <= SCALAR_MAX_MR && NR <= SCALAR_MAX_NR);
  assert (mr >= 1 && mr <= MR);
  assert (nc >= 1 && kc >= 1);
  assert (a && packed_w && c && params);

  for (size_t n0 = 0; n0 < nc; n0 += NR) {
    const int8_t *w = (const int8_t *) (blk + NR * sizeof (int32_t));
    const uint8_t *mult = (const uint8_t *) (w + NR * kcp);
    const size_t nb = nc - n0 < NR ? nc - n0 : NR;
    uint32_t acc[SCALAR_MAX_MR][SCALAR_MAX_NR];

    /* acc[i][p]: row i, packed position p (channel
     * edge_qs8_gemm_packed_channel (NR, KR, p)) */
    for (size_t p = 0; p < NR; p++) {
      const size_t n = edge_qs8_gemm_packed_channel ((unsigned) NR,
          (unsigned) KR, p);
      int32_t bias;
      memcpy (&bias, blk + n * sizeof (int32_t), sizeof (bias));
      for (size_t i = 0; i < mr; i++)
        acc[i][p] = (uint32_t) bias;
    }
    /* whole groups of KR (a compile-time constant here: the compiler
     * unrolls and vectorizes), then the zero-padded last group */
    for (size_t k0 = 0; k0 + KR <= kc; k0 += KR) {
      for (size_t i = 0; i < mr; i++) {
        const int8_t *ar = a + i * a_stride + k0;
        for (size_t p = 0; p < NR; p++) {
          int32_t dot = 0;
          for (size_t kk = 0; kk < KR; kk++)
            dot += (int32_t) ar[kk] * (int32_t) w[p * KR + kk];
          acc[i][p] += (uint32_t) dot;
        }
      }
      w += NR * KR;
    }
    if (kc % KR != 0) {
      const size_t k0 = kc - kc % KR;
      for (size_t i = 0; i < mr; i++) {
        const int8_t *ar = a + i * a_stride + k0;
        for (size_t p = 0; p < NR; p++) {
          int32_t dot = 0;
          for (size_t kk = 0; kk < kc % KR; kk++)
            dot += (int32_t) ar[kk] * (int32_t) w[p * KR + kk];
          acc[i][p] += (uint32_t) dot;
        }
      }
    }
    for (size_t p = 0; p < NR; p++) {
      const size_t n = edge_qs8_gemm_packed_channel ((unsigned) NR,
          (unsigned) KR, p);
      float m;
      if (n >= nb)
        continue;
      memcpy (&m, mult + n * sizeof (float), sizeof (m));
      for (size_t i = 0; i < mr; i++)
        c[i * c_stride + n0 + n] = (int8_t) edge_requantize (
            (float) (int32_t) acc[i][p] * m, params->output_zero_point,
            params->output_min, params->output_max);
    }
    blk += NR * (kcp + 2 * sizeof (int32_t));
  }
}

void
edge_scalar_qs8_gemm_4x8c4 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  scalar_gemm (4, 8, 4, mr, nc, kc, a, a_stride, packed_w, c, c_stride,
      params);
}

void
edge_scalar_qs8_gemm_1x16c4 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  scalar_gemm (1, 16, 4, mr, nc, kc, a, a_stride, packed_w, c, c_stride,
      params);
}

void
edge_scalar_qs8_gemm_3x4c8 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  scalar_gemm (3, 4, 8, mr, nc, kc, a, a_stride, packed_w, c, c_stride,
      params);
}

void
edge_scalar_qs8_gemm_8x32c4 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  scalar_gemm (8, 32, 4, mr, nc, kc, a, a_stride, packed_w, c, c_stride,
      params);
}

void
edge_scalar_qs8_gemm_1x64c4 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  scalar_gemm (1, 64, 4, mr, nc, kc, a, a_stride, packed_w, c, c_stride,
      params);
}
