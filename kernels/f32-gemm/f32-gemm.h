/* gst-edge kernels: f32-gemm microkernels.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * float32 GEMM microkernels for convolution (im2col or 1x1) and fully
 * connected layers: one call computes an mr x nc block of
 *
 *   C[i][n] = clamp (bias[n] + sum_k A[i][k] * W[n][k], output_min, output_max)
 *
 * with W given once, at model load, in the packed layout below.
 *
 * Packed weights (edge_f32_gemm_pack): output channels are cut into
 * ceil (nc / NR) blocks of NR. Block b (channels b * NR .. b * NR + NR - 1)
 * is (kc + 1) * NR consecutive floats:
 *
 *   float bias[NR];           bias of the block's channels, 0 without bias
 *   float w[kc][NR];          w[k][j] = W[b * NR + j][k]
 *
 * and blocks follow each other with no gap. Channels past nc in the last
 * block have bias and weights 0. A packing is specific to NR (any kernel
 * with the same NR shares it) and to kc, but not to MR or the path.
 * The operator layer may split the channels of one layer over several
 * calls or threads at multiples of NR: columns [n0, n0 + n) with n0 % NR == 0
 * are computed from packed_w + (n0 / NR) * (kc + 1) * NR and c + n0.
 *
 * Microkernel contract (every edge_*_f32_gemm_MRxNR, EdgeF32GemmFunc; MR
 * and NR are also the mr and nr of its kernel-table entry, kr is 1):
 *
 *   void fn (size_t mr, size_t nc, size_t kc,
 *       const float *a, size_t a_stride, const float *packed_w,
 *       float *c, size_t c_stride, float output_min, float output_max);
 *
 * @mr: rows of A and C, 1 <= mr <= MR (the operator layer passes the last,
 *   partial row block as it is; no padding rows needed).
 * @nc: output channels, >= 1, any value: the kernel walks ceil (nc / NR)
 *   packed blocks and writes exactly nc columns of each row.
 * @kc: reduction length, >= 1, in elements: the kc of the packing.
 * @a: row i (0 <= i < mr) is the kc floats at (const char *) a + i * a_stride.
 *   Only those mr * kc floats are read (nothing between or after rows).
 * @a_stride: bytes between rows of A, any value >= 0 that is a multiple of
 *   sizeof (float) (rows may overlap, e.g. a stride of 0 repeats one row).
 * @packed_w: the first packed block to use; ceil (nc / NR) blocks, i.e.
 *   ceil (nc / NR) * (kc + 1) * NR floats, are read, nothing else.
 * @c: row i is the nc floats at (char *) c + i * c_stride; only those are
 *   written (the bytes between rows are untouched).
 * @c_stride: bytes between rows of C, a multiple of sizeof (float) and
 *   >= nc * sizeof (float), so rows do not overlap.
 * @output_min, @output_max: fused clamp, output_min <= output_max; pass
 *   -INFINITY / INFINITY for none, 0 / INFINITY for ReLU, 0 / 6 for ReLU6.
 *   The clamp is written so a NaN sum stays NaN (as edge_ref_f32_*).
 *
 * Alignment: sizeof (float) for every pointer, nothing more (vector loads
 *   and stores are unaligned); 64-byte aligned packed weights and 32-byte
 *   aligned rows of A and C are a little faster.
 * Aliasing: C must not overlap A or the packed weights (no in-place).
 * Threads: no state; concurrent calls on disjoint C are safe.
 * No allocation, no system call, no GLib. Preconditions on mr, nc, kc and
 * the clamp are asserted.
 *
 * Summation order: every kernel sums k = 0 .. kc - 1 in order, starting from
 *   the bias (0 without one), then clamps as the reference does (NaN stays
 *   NaN). REF (scalar) and SSE41 round each product and each sum (separate
 *   multiply and add), exactly like edge_ref_f32_fully_connected, so they
 *   return its bits. AVX2 and AVX512 use fused multiply-add (one rounding
 *   per step), so their last bits differ. Every kernel is within
 *   |error| <= (kc + 2) * FLT_EPSILON * (|bias| + sum_k |a * w|)
 *   of the exact result (the usual bound for recursive summation).
 *
 * Speed note (AVX2 6x16, one core): the A rows of one call (6 * kc floats)
 * stay in L1 while the kernel walks all nc channels, so the operator layer
 * should hand it up to 6 rows and as many channels as possible per call;
 * for im2col, building 6 rows at a time just before the call keeps them hot.
 * The same holds for AVX-512 8x32 with MR = 8 rows (8 * kc floats).
 */

#ifndef __EDGE_F32_GEMM_H__
#define __EDGE_F32_GEMM_H__

#include "edge-kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The microkernel signature; table entries (op "f32_gemm") are cast to it. */
typedef void (*EdgeF32GemmFunc) (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max);

/* Bytes of the packed weights for @nc output channels, reduction length @kc
 * and block width @nr (the kernel's NR, from its table entry):
 * ceil (nc / nr) * (kc + 1) * nr * sizeof (float), a multiple of 64 bytes
 * when nr is a multiple of 16. nc, kc, nr >= 1; asserts the size fits. */
size_t edge_f32_gemm_packed_size (size_t nc, size_t kc, unsigned nr);

/* Packs @weight [nc][kc] (row n = output channel n; for a convolution the
 * OHWI weights, kc = kernel_h * kernel_w * in_c / groups, per group) and
 * @bias [nc] (or NULL for none) into @packed, edge_f32_gemm_packed_size ()
 * bytes, in the layout above. @packed must not overlap the inputs; no
 * alignment is required. */
void edge_f32_gemm_pack (size_t nc, size_t kc, unsigned nr,
    const float *weight, const float *bias, float *packed);

/* Portable C, NR = 4 (path REF; equal to the reference bit for bit). */
void edge_scalar_f32_gemm_4x4 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max);

/* SSE (compiled with -msse4.1), NR = 8: separate multiply and add, equal to
 * the reference bit for bit. */
void edge_sse41_f32_gemm_4x8 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max);

/* AVX2 + FMA3 (compiled with -mavx2 -mfma), NR = 16: broadcast of A times
 * 16 packed weights, 12 ymm accumulators. */
void edge_avx2_f32_gemm_6x16 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max);

/* AVX-512 (compiled with -mavx512f ... -mfma, uses AVX-512F), NR = 32:
 * broadcast of A times 32 packed weights, 16 zmm accumulators; the last
 * partial block of channels is written with masked stores. */
void edge_avx512_f32_gemm_8x32 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_F32_GEMM_H__ */
