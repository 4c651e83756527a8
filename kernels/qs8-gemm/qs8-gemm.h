/* gst-edge kernels: qs8-gemm microkernels.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * int8 GEMM with packed weights and fused requantization: the inner loop of
 * every int8 convolution (1x1 directly on NHWC input, KxK after im2col) and
 * fully connected layer. Per tile, for i < mr and n < nc:
 *
 *   C[i][n] = requant (bias'[n] + sum_{k < kc} A[i][k] * W[n][k])
 *
 * with raw int8 A (the input zero point is folded into bias', see packing),
 * the sum in int32 with wrap-around, and requant the rule of
 * edge-requantize.h: x = (float) acc * multiplier[n] (float32, no FMA),
 * clamp to [output_min - zp, output_max - zp], round half to even, + zp.
 * Every entry of the table returns exactly the bits of edge_ref_qs8_conv2d
 * / edge_ref_qs8_fully_connected for the same layer (symmetric weights).
 *
 * Packed weights (edge_qs8_gemm_pack), for one entry's (nr, kr): the output
 * channels are cut into blocks of nr (the last block zero-padded), and
 * K into kcp = round_up (kc, kr) (zero-padded). Each block is, in order:
 *   int32 bias'[nr]    bias'[n] = bias[n] - input_zero_point * sum_k W[n][k],
 *                      computed modulo 2^32 (wrap-around, like the
 *                      reference's bias addition; the kernels' int32 sums
 *                      wrap too, so the final accumulator equals the
 *                      reference's bit for bit)
 *   int8 W[kcp / kr][nr][kr]
 *                      for each group of kr consecutive k, nr runs of kr
 *                      bytes; run p holds channel edge_qs8_gemm_packed_channel
 *                      (nr, kr, p) (the AVX2 c4 order below, else p)
 *   float multiplier[nr]
 * bias' and multiplier are in natural channel order. Padded channels have
 * zero weights, zero bias' and multiplier 0. The block size is
 * nr * (kcp + 8) bytes; with a 64-byte aligned buffer and nr a multiple of
 * 8, every block and its weights stay 32-byte aligned (kernels use
 * unaligned loads anyway: alignment is for speed only).
 *
 * Microkernel contract (EdgeQs8GemmFunc, every path):
 *   mr           rows of this call, 1 <= mr <= MR of the entry
 *   nc           output channels, >= 1 (any value: the kernel walks
 *                ceil (nc / NR) packed blocks; it writes only nc columns)
 *   kc           reduction length in elements (bytes), >= 1; the packing
 *                must have been made with this kc
 *   a, a_stride  row i of A starts at a + i * a_stride (bytes, a_stride >=
 *                kc); exactly kc bytes of each of the mr rows are read,
 *                never more (no over-read past a row: the K tail is
 *                loaded piecewise); no alignment needed
 *   packed_w     the packed weights of the first block of these columns
 *                (block b of a bigger layer starts at
 *                b * edge_qs8_gemm_packed_size (nr, kc, nr, kr) bytes)
 *   c, c_stride  row i of C starts at c + i * c_stride (bytes); exactly nc
 *                bytes of each of the mr rows are written
 *   params       from edge_qs8_requant_params_init
 * C must not overlap A or the packed weights. Any alignment is accepted.
 * Saturation: to [output_min, output_max] (a fused ReLU/ReLU6 clamp).
 * No allocation, no global state; thread-safe on disjoint C.
 *
 * Choosing an entry (op qs8_gemm): per path, the first entry is the
 * general kernel (use it when there are 2 or more rows); an entry of the
 * same path with mr == 1 that follows is tuned for a single row (batch-1
 * fully connected layers) and may have its own nr: pack for the entry
 * actually called. The REF entries are portable C (the oracle of the SIMD
 * entries with the same nr and kr, and the fallback).
 */

#ifndef __EDGE_QS8_GEMM_H__
#define __EDGE_QS8_GEMM_H__

#include "edge-kernels.h"
#include "edge-qs8-requant-params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Channel stored at position p (0 <= p < nr) of every kr-group of a block.
 * With kr == 4 and nr a multiple of 8 (the AVX2 and AVX-512 kernels), each
 * group of 8 channels is stored as 0 1 4 5 2 3 6 7, so that an AVX2
 * kernel's 16-byte weight load holds channels (0, 1 | 4, 5) and the next
 * (2, 3 | 6, 7), and one vphaddd of the two accumulators yields channels
 * 0..7 in natural order (AVX-512 undoes it with one vpermd per 16 outputs).
 * Otherwise channels are in natural order. The mapping is its own
 * inverse. */
static inline size_t
edge_qs8_gemm_packed_channel (unsigned nr, unsigned kr, size_t p)
{
  const size_t q = p % 8;

  if (kr != 4 || nr % 8 != 0)
    return p;
  /* swap bits 1 and 2 of q */
  return p - q + (q & 1) + ((q & 2) << 1) + ((q & 4) >> 1);
}

/* Bytes of packed weights for @nc channels of @kc elements. */
size_t edge_qs8_gemm_packed_size (size_t nc, size_t kc, unsigned nr,
    unsigned kr);

/* Packs @weight [nc][kc] (row-major, int8; symmetric per-channel weights
 * in [-127, 127] are the intended use, but any int8 works), @bias [nc]
 * (or NULL for zeros) and @multiplier [nc] (requant_scale of the
 * reference: input_scale * weight_scale[n] / output_scale) into @packed
 * (edge_qs8_gemm_packed_size bytes; any alignment, 64 recommended) as
 * described above. @input_zero_point in [-128, 127]. */
void edge_qs8_gemm_pack (size_t nc, size_t kc, unsigned nr, unsigned kr,
    const int8_t * weight, const int32_t * bias, int32_t input_zero_point,
    const float *multiplier, void *packed);

/* The microkernel signature shared by every qs8_gemm table entry. */
typedef void (*EdgeQs8GemmFunc) (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params);

#define EDGE_QS8_GEMM_DECLARE(fn) \
  void fn (size_t mr, size_t nc, size_t kc, const int8_t * a, \
      size_t a_stride, const void *packed_w, int8_t * c, size_t c_stride, \
      const EdgeQs8RequantParams * params)

/* Every kernel below follows the contract above exactly (units: elements
 * = bytes, strides in bytes; no alignment required; C must not overlap A
 * or the weights; round half to even; saturate to [output_min,
 * output_max]); comments only add how each one computes.
 *
 * Portable C (path REF): plain loops over the packing, one per (nr, kr)
 * that a SIMD entry uses; their oracle, and the fallback (4x8c4). */
EDGE_QS8_GEMM_DECLARE (edge_scalar_qs8_gemm_4x8c4);
EDGE_QS8_GEMM_DECLARE (edge_scalar_qs8_gemm_1x16c4);
EDGE_QS8_GEMM_DECLARE (edge_scalar_qs8_gemm_3x4c8);
EDGE_QS8_GEMM_DECLARE (edge_scalar_qs8_gemm_8x32c4);
EDGE_QS8_GEMM_DECLARE (edge_scalar_qs8_gemm_1x64c4);

/* SSE4.1 ("c8", as XNNPACK's ld64 kernels): 8 k of a row and of one
 * channel sign-extended to int16 (pmovsxbw), pmaddwd + paddd into one
 * register per (row, channel), two rounds of phaddd at the end. */
EDGE_QS8_GEMM_DECLARE (edge_sse41_qs8_gemm_3x4c8);
EDGE_QS8_GEMM_DECLARE (edge_sse41_qs8_gemm_1x4c8);

/* AVX2 ("c4" with A staged as int16, see qs8-gemm-avx2.c): 4 x 8 for
 * convolutions, 1 x 16 for single-row (batch-1 fully connected) calls.
 * They use up to 18 KiB (4x8c4) / 4.5 KiB (1x16c4) of stack to stage A. */
EDGE_QS8_GEMM_DECLARE (edge_avx2_qs8_gemm_4x8c4);
EDGE_QS8_GEMM_DECLARE (edge_avx2_qs8_gemm_1x16c4);

/* AVX-512 VNNI (vpdpbusd, 64 MACs per instruction on the same c4 packing,
 * see qs8-gemm-avx512.c): 8 x 32 for convolutions, 1 x 64 for single
 * rows. Up to 18 KiB of stack to stage A. */
EDGE_QS8_GEMM_DECLARE (edge_avx512_qs8_gemm_8x32c4);
EDGE_QS8_GEMM_DECLARE (edge_avx512_qs8_gemm_1x64c4);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_QS8_GEMM_H__ */
