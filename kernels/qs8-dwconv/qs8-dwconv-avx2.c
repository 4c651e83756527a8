/* gst-edge kernels: qs8-dwconv microkernels for AVX2 (path AVX2).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Per output pixel and 16 channels: for each tap pair (t, t + 1), the two
 * input rows are interleaved bytewise (punpcklbw/punpckhbw), sign-extended
 * to int16 (vpmovsxbw) and multiplied-added with the packed int16 weight
 * pair (vpmaddwd, memory operand): x_t * w_t + x_t+1 * w_t+1 per channel,
 * exact in int32 (|x * w| <= 2^14), 16 MACs per instruction. The ninth
 * tap is sign-extended to int32 (vpmovsxbd) and multiplied-added with the
 * pair (w_8, 0): the upper int16 of each lane (the sign extension) meets
 * the zero. XNNPACK's AVX2 "mul32" kernels need a vpmovsxbd + vpmulld +
 * vpaddd per 8 MACs and extend the weights for every pixel.
 *
 * Requantization equals edge_requantize () for the reasons given in
 * qs8-gemm/qs8-gemm-avx2.c (cvtdq2ps, mulps, minps with max - zp,
 * cvtps2dq to nearest even, saturating packs, pmaxsb with output_min).
 *
 * Accumulators are GCC vector-extension uint32 vectors: wrap-around adds,
 * and clean register allocation with gcc 12 (see qs8-gemm-avx2.c). */

#include "qs8-dwconv/qs8-dwconv.h"

#include <assert.h>
#include <immintrin.h>
#include <string.h>

#define ALWAYS_INLINE inline __attribute__ ((always_inline))

#define TILE 16
#define TILE_BYTES (TILE * (4 + 5 * 2 * 2 + 4))

typedef uint32_t v8u32 __attribute__ ((vector_size (32)));

/* 16 channels of 9 taps at x[t] (+ c), weights w (one packed tile); writes
 * the 16 requantized bytes as a vector. */
static ALWAYS_INLINE __m128i
dwconv_tile16 (const int8_t * const *x, size_t c, const uint8_t * w,
    const EdgeQs8RequantParams * params)
{
  v8u32 acc0, acc1;
  __m256i vq0, vq1, v;
  __m256 f0, f1;
  const __m256 vmax = _mm256_loadu_ps (params->output_max_less_zero_point_v);
  const __m256i vzp = _mm256_loadu_si256 ((const __m256i *)
      (const void *) params->output_zero_point_v);
  const __m128i vmin = _mm_loadu_si128 ((const __m128i *)
      (const void *) params->output_min_v);
  __m128i out;

  acc0 = (v8u32) _mm256_loadu_si256 ((const __m256i *) (const void *) w);
  acc1 = (v8u32) _mm256_loadu_si256 ((const __m256i *) (const void *)
      (w + 32));
#pragma GCC unroll 4
  for (int q = 0; q < 4; q++) {
    const __m128i va = _mm_loadu_si128 ((const __m128i *) (x[2 * q] + c));
    const __m128i vb = _mm_loadu_si128 ((const __m128i *) (x[2 * q + 1] +
            c));
    const __m256i lo = _mm256_cvtepi8_epi16 (_mm_unpacklo_epi8 (va, vb));
    const __m256i hi = _mm256_cvtepi8_epi16 (_mm_unpackhi_epi8 (va, vb));
    const uint8_t *wq = w + 64 + q * 64;
    acc0 += (v8u32) _mm256_madd_epi16 (lo, _mm256_loadu_si256 ((const
                __m256i *) (const void *) wq));
    acc1 += (v8u32) _mm256_madd_epi16 (hi, _mm256_loadu_si256 ((const
                __m256i *) (const void *) (wq + 32)));
  }
  {
    const __m256i x8lo = _mm256_cvtepi8_epi32 (_mm_loadl_epi64 ((const
                __m128i *) (x[8] + c)));
    const __m256i x8hi = _mm256_cvtepi8_epi32 (_mm_loadl_epi64 ((const
                __m128i *) (x[8] + c + 8)));
    acc0 += (v8u32) _mm256_madd_epi16 (x8lo, _mm256_loadu_si256 ((const
                __m256i *) (const void *) (w + 320)));
    acc1 += (v8u32) _mm256_madd_epi16 (x8hi, _mm256_loadu_si256 ((const
                __m256i *) (const void *) (w + 352)));
  }

  f0 = _mm256_mul_ps (_mm256_cvtepi32_ps ((__m256i) acc0),
      _mm256_loadu_ps ((const float *) (const void *) (w + 384)));
  f1 = _mm256_mul_ps (_mm256_cvtepi32_ps ((__m256i) acc1),
      _mm256_loadu_ps ((const float *) (const void *) (w + 416)));
  vq0 = _mm256_cvtps_epi32 (_mm256_min_ps (f0, vmax));
  vq1 = _mm256_cvtps_epi32 (_mm256_min_ps (f1, vmax));
  /* int16 [0-3, 8-11 | 4-7, 12-15] -> [0-7 | 8-15] -> bytes 0..15 */
  v = _mm256_adds_epi16 (_mm256_packs_epi32 (vq0, vq1), vzp);
  v = _mm256_permute4x64_epi64 (v, 0xD8);
  out = _mm_packs_epi16 (_mm256_castsi256_si128 (v),
      _mm256_extracti128_si256 (v, 1));
  return _mm_max_epi8 (out, vmin);
}

void
edge_avx2_qs8_dwconv3x3_16 (size_t channels, size_t output_pixels,
    const int8_t * const *input, size_t input_stride, size_t input_offset,
    const int8_t * zero, const void *packed_w, int8_t * output,
    size_t output_stride, const EdgeQs8RequantParams * params)
{
  assert (channels >= 1 && output_pixels >= 1);
  assert (input && zero && packed_w && output && params);

  do {
    const int8_t *x[9];
    const uint8_t *w = packed_w;
    size_t c = 0;

    /* branch-free: padding taps are rare but unpredictable */
    for (int t = 0; t < 9; t++)
      x[t] = input[t] + (input[t] != zero ? input_offset : 0);
    for (; c + TILE <= channels; c += TILE) {
      _mm_storeu_si128 ((__m128i *) (output + c),
          dwconv_tile16 (x, c, w, params));
      w += TILE_BYTES;
    }
    if (c < channels) {
      /* the last 1..15 channels: copied to zero-padded rows so that no
       * byte past `channels` is read or written */
      const size_t n = channels - c;
      int8_t rows[9][TILE], res[TILE];
      const int8_t *xr[9];

      for (int t = 0; t < 9; t++) {
        memset (rows[t], 0, TILE);
        memcpy (rows[t], x[t] + c, n);
        xr[t] = rows[t];
      }
      _mm_storeu_si128 ((__m128i *) res, dwconv_tile16 (xr, 0, w, params));
      memcpy (output + c, res, n);
    }
    input += input_stride;
    output += output_stride;
  } while (--output_pixels != 0);
}
