/* gst-edge kernels: qs8-dwconv microkernels.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Depthwise 3x3 convolution (groups == in_c == out_c, multiplier 1) with
 * packed weights and fused requantization, XNNPACK style: the caller hands
 * the kernel, for every output pixel, the 9 input pointers of its window
 * (an indirection buffer), so one kernel serves any stride, dilation and
 * padding. Per output pixel p and channel c:
 *
 *   out[p][c] = requant (bias'[c] + sum_{t < 9} x_t[c] * w[c][t])
 *
 * where x_t is the row of channels that pointer t of pixel p points at,
 * the sum is int32 with wrap-around, and requant is the rule of
 * edge-requantize.h (float32 multiply by multiplier[c], clamp to
 * [output_min - zp, output_max - zp], round half to even, + zp). Every
 * entry returns exactly the bits of edge_ref_qs8_conv2d for the same layer
 * (symmetric weights).
 *
 * Taps are in column-major window order: t = kx * 3 + ky. Padding: a tap
 * that falls outside the input points at @zero, a buffer of at least
 * `channels` bytes all equal to the input zero point (real 0: with the
 * zero point folded into bias', it contributes exactly nothing).
 *
 * Indirection: pointer t of pixel p is input[p * input_stride + t]; every
 * pointer != zero is used as pointer + input_offset (bytes), so a buffer
 * built once against a fixed base can serve any input address. Because
 * taps are column-major, the pixels of one output row can share pointers:
 * list the 3 pointers (ky = 0, 1, 2) of each padded input column the row
 * touches, left to right; pixel p then starts at column p * stride_w,
 * i.e. input_stride = 3 * stride_w (dilation 1). Any other layout with
 * 9 pointers per pixel works too (input_stride >= 9).
 *
 * Packed weights (edge_qs8_dwconv3x3_pack), per tile of nr channels (the
 * entry's channel tile; the last tile zero-padded), position i of a tile
 * holding channel edge_qs8_dwconv_packed_channel (nr, i) of the tile:
 *   int32 bias'[nr]     bias'[c] = bias[c] - input_zero_point * sum_t w[c][t]
 *                       (modulo 2^32, like the reference's bias addition)
 *   int16 w[5][nr][2]   tap pairs (0,1) (2,3) (4,5) (6,7) (8,-): entry
 *                       [q][i] = { w[c][2q], w[c][2q + 1] }, tap 9 = 0:
 *                       pmaddwd-ready, the two taps of a pair summed exactly
 *   float multiplier[nr]
 * (28 * nr bytes per tile; weights sign-extended and interleaved once here
 * instead of once per output pixel in the kernel.)
 *
 * Microkernel contract (EdgeQs8Dwconv3x3Func, every path):
 *   channels       >= 1, any value; read from every input pointer and
 *                  written per pixel: exactly `channels` bytes (no
 *                  over-read, no over-write)
 *   output_pixels  >= 1
 *   input, input_stride, input_offset, zero: see above (pointers need no
 *                  alignment)
 *   packed_w       packing of all `channels` for this entry's nr
 *   output         pixel p written at output + p * output_stride (bytes,
 *                  >= channels), no alignment needed
 *   params         from edge_qs8_requant_params_init
 * Output must not overlap the input rows, zero or the packed weights.
 * Saturation to [output_min, output_max]. No allocation, no global state.
 *
 * Table entries (op qs8_dwconv3x3): mr = 1 (pixels are independent; a call
 * takes any number), nr = channel tile of the packing, kr = 9 taps. The
 * REF entries are portable C reading the same packing (the oracle of the
 * SIMD entries with the same nr, and the fallback).
 */

#ifndef __EDGE_QS8_DWCONV_H__
#define __EDGE_QS8_DWCONV_H__

#include "edge-kernels.h"
#include "edge-qs8-requant-params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Channel (within its tile) stored at position i (0 <= i < nr) of a tile.
 * Tiles of a multiple of 32 channels (AVX-512) store each 32 as channels
 * 0-7, 16-23, 8-15, 24-31 (bits 3 and 4 of i swapped), the order in which
 * in-lane byte interleaves of 32 input bytes come out; otherwise natural
 * order. The mapping is its own inverse. */
static inline size_t
edge_qs8_dwconv_packed_channel (unsigned nr, size_t i)
{
  const size_t q = i % 32;

  if (nr % 32 != 0)
    return i;
  return i - q + (q & ~(size_t) 0x18) + ((q & 8) << 1) + ((q & 16) >> 1);
}

/* Bytes of packed weights for @channels channels in tiles of @nr. */
size_t edge_qs8_dwconv3x3_packed_size (size_t channels, unsigned nr);

/* Packs depthwise weights @weight [channels][3][3] (OHWI of a depthwise
 * conv: [c][ky][kx][1]; int8, symmetric [-127, 127] intended), @bias
 * [channels] (or NULL) and @multiplier [channels] (requant_scale of the
 * reference) into @packed (edge_qs8_dwconv3x3_packed_size bytes, any
 * alignment, 32 recommended). @input_zero_point in [-128, 127]. */
void edge_qs8_dwconv3x3_pack (size_t channels, unsigned nr,
    const int8_t * weight, const int32_t * bias, int32_t input_zero_point,
    const float *multiplier, void *packed);

typedef void (*EdgeQs8Dwconv3x3Func) (size_t channels, size_t output_pixels,
    const int8_t * const *input, size_t input_stride, size_t input_offset,
    const int8_t * zero, const void *packed_w, int8_t * output,
    size_t output_stride, const EdgeQs8RequantParams * params);

#define EDGE_QS8_DWCONV3X3_DECLARE(fn) \
  void fn (size_t channels, size_t output_pixels, \
      const int8_t * const *input, size_t input_stride, size_t input_offset, \
      const int8_t * zero, const void *packed_w, int8_t * output, \
      size_t output_stride, const EdgeQs8RequantParams * params)

/* Every kernel below follows the contract above exactly (channels and
 * pixels in elements, strides in pointers / bytes as stated, no alignment
 * required, output not overlapping the inputs, round half to even,
 * saturation to [output_min, output_max]); comments only add how each one
 * computes.
 *
 * Portable C (path REF), one per channel tile used by a SIMD entry: their
 * oracle, and the fallback. */
EDGE_QS8_DWCONV3X3_DECLARE (edge_scalar_qs8_dwconv3x3_16);
EDGE_QS8_DWCONV3X3_DECLARE (edge_scalar_qs8_dwconv3x3_8);
EDGE_QS8_DWCONV3X3_DECLARE (edge_scalar_qs8_dwconv3x3_32);

/* SSE4.1: 8 channels per step; the two taps of a pair interleaved bytewise
 * (punpcklbw), sign-extended (pmovsxbw) and multiplied-added with the
 * packed pair (pmaddwd): 8 MACs per pmaddwd. */
EDGE_QS8_DWCONV3X3_DECLARE (edge_sse41_qs8_dwconv3x3_8);

/* AVX2: the same on 16 channels per step (two 256-bit halves). */
EDGE_QS8_DWCONV3X3_DECLARE (edge_avx2_qs8_dwconv3x3_16);

/* AVX-512 VNNI: 32 channels per step, vpdpwssd (the pmaddwd and the
 * accumulating add in one instruction) on 512-bit registers. */
EDGE_QS8_DWCONV3X3_DECLARE (edge_avx512_qs8_dwconv3x3_32);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_QS8_DWCONV_H__ */
