/* gst-edge kernels: qs8-dwconv microkernels for AVX-512 VNNI (path AVX512).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The AVX2 scheme (qs8-dwconv-avx2.c) on 32 channels: the two 32-byte
 * input rows of a tap pair are interleaved in-lane (vpunpcklbw/hbw on
 * ymm: channels 0-7 and 16-23, then 8-15 and 24-31, hence the packed
 * channel order of nr = 32), sign-extended to 32 int16 (vpmovsxbw zmm)
 * and vpdpwssd adds w_t * x_t + w_t+1 * x_t+1 to each int32 lane: the
 * multiply-add and the accumulation in one instruction, 32 MACs, exact.
 * The ninth tap goes through vpmovsxbd and the pair (w_8, 0).
 *
 * Channel tails read and write exactly the remaining bytes with masked
 * loads and stores (masked-off bytes are not accessed).
 *
 * Requantization equals edge_requantize (): cvtdq2ps, the same float32
 * multiply, clamp to [min - zp, max - zp] in float (both sides, so the
 * int32 + zp cannot wrap), cvtps2dq to nearest even, + zp, truncating
 * vpmovdb (values already in range). */

#include "qs8-dwconv/qs8-dwconv.h"

#include <assert.h>
#include <immintrin.h>
#include <string.h>

#define ALWAYS_INLINE inline __attribute__ ((always_inline))

#define TILE 32
#define TILE_BYTES (TILE * (4 + 5 * 2 * 2 + 4))

/* 32 channels (the first n valid) of 9 taps at x[t] + c, one packed tile;
 * stores the n requantized bytes at out. */
static ALWAYS_INLINE void
dwconv_tile32 (const int8_t * const *x, size_t c, const uint8_t * w,
    int8_t * out, size_t n, const EdgeQs8RequantParams * params)
{
  const __mmask32 m = n >= 32 ? ~(__mmask32) 0 :
      (__mmask32) ((1u << n) - 1);
  const __m512 vlo = _mm512_set1_ps (params->output_min_less_zero_point);
  const __m512 vhi = _mm512_set1_ps (params->output_max_less_zero_point);
  const __m512i vzp = _mm512_set1_epi32 (params->output_zero_point);
  __m512i acc0, acc1, acc2, acc3;
  __m128i q0, q1;

  /* positions 0-15 = channels 0-7, 16-23; positions 16-31 = 8-15, 24-31.
   * Two accumulators per half (even and odd tap pairs) halve the chain of
   * dependent vpdpwssd. */
  acc0 = _mm512_loadu_si512 (w);
  acc1 = _mm512_loadu_si512 (w + 64);
  acc2 = _mm512_setzero_si512 ();
  acc3 = _mm512_setzero_si512 ();
#pragma GCC unroll 4
  for (int q = 0; q < 4; q++) {
    const __m256i va = _mm256_maskz_loadu_epi8 (m, x[2 * q] + c);
    const __m256i vb = _mm256_maskz_loadu_epi8 (m, x[2 * q + 1] + c);
    const __m512i lo = _mm512_cvtepi8_epi16 (_mm256_unpacklo_epi8 (va, vb));
    const __m512i hi = _mm512_cvtepi8_epi16 (_mm256_unpackhi_epi8 (va, vb));
    const uint8_t *wq = w + 128 + q * 128;
    if (q % 2 == 0) {
      acc0 = _mm512_dpwssd_epi32 (acc0, lo, _mm512_loadu_si512 (wq));
      acc1 = _mm512_dpwssd_epi32 (acc1, hi, _mm512_loadu_si512 (wq + 64));
    } else {
      acc2 = _mm512_dpwssd_epi32 (acc2, lo, _mm512_loadu_si512 (wq));
      acc3 = _mm512_dpwssd_epi32 (acc3, hi, _mm512_loadu_si512 (wq + 64));
    }
  }
  {
    /* the ninth tap as int32 against (w_8, 0): channels in the same
     * positions as the pairs */
    const __m256i v8 = _mm256_maskz_loadu_epi8 (m, x[8] + c);
    const __m128i lo = _mm256_castsi256_si128 (v8);
    const __m128i hi = _mm256_extracti128_si256 (v8, 1);
    acc2 = _mm512_dpwssd_epi32 (acc2, _mm512_cvtepi8_epi32
        (_mm_unpacklo_epi64 (lo, hi)), _mm512_loadu_si512 (w + 640));
    acc3 = _mm512_dpwssd_epi32 (acc3, _mm512_cvtepi8_epi32
        (_mm_unpackhi_epi64 (lo, hi)), _mm512_loadu_si512 (w + 704));
  }
  acc0 = _mm512_add_epi32 (acc0, acc2);
  acc1 = _mm512_add_epi32 (acc1, acc3);
  {
    const __m512 m0 = _mm512_loadu_ps (w + 768);
    const __m512 m1 = _mm512_loadu_ps (w + 832);
    __m512 f0 = _mm512_mul_ps (_mm512_cvtepi32_ps (acc0), m0);
    __m512 f1 = _mm512_mul_ps (_mm512_cvtepi32_ps (acc1), m1);
    f0 = _mm512_min_ps (_mm512_max_ps (f0, vlo), vhi);
    f1 = _mm512_min_ps (_mm512_max_ps (f1, vlo), vhi);
    q0 = _mm512_cvtepi32_epi8 (_mm512_add_epi32 (_mm512_cvtps_epi32 (f0),
            vzp));
    q1 = _mm512_cvtepi32_epi8 (_mm512_add_epi32 (_mm512_cvtps_epi32 (f1),
            vzp));
  }
  /* [0-7, 16-23] + [8-15, 24-31] -> [0-15], [16-31] */
  _mm256_mask_storeu_epi8 (out, m, _mm256_inserti128_si256
      (_mm256_castsi128_si256 (_mm_unpacklo_epi64 (q0, q1)),
          _mm_unpackhi_epi64 (q0, q1), 1));
}

void
edge_avx512_qs8_dwconv3x3_32 (size_t channels, size_t output_pixels,
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
      dwconv_tile32 (x, c, w, output + c, TILE, params);
      w += TILE_BYTES;
    }
    if (c < channels)
      dwconv_tile32 (x, c, w, output + c, channels - c, params);
    input += input_stride;
    output += output_stride;
  } while (--output_pixels != 0);
}
