/* gst-edge kernels: qs8-dwconv microkernels for SSE4.1 (path SSE41).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The AVX2 scheme (qs8-dwconv-avx2.c) on 128-bit registers, 8 channels per
 * step: tap pairs interleaved bytewise (punpcklbw), sign-extended
 * (pmovsxbw), pmaddwd with the packed int16 pair; the ninth tap as int32
 * (pmovsxbd) against the pair (w_8, 0). Requantization as in
 * qs8-gemm/qs8-gemm-sse41.c, bit-equal to edge_requantize (). */

#include "qs8-dwconv/qs8-dwconv.h"

#include <assert.h>
#include <smmintrin.h>
#include <string.h>

#define ALWAYS_INLINE inline __attribute__ ((always_inline))

#define TILE 8
#define TILE_BYTES (TILE * (4 + 5 * 2 * 2 + 4))

static ALWAYS_INLINE __m128i
load_i32 (const int8_t * p)
{
  int32_t v;

  memcpy (&v, p, 4);
  return _mm_cvtsi32_si128 (v);
}

/* 8 channels of 9 taps at x[t] (+ c), weights w (one packed tile); the 8
 * requantized bytes in the low half of the result. */
static ALWAYS_INLINE __m128i
dwconv_tile8 (const int8_t * const *x, size_t c, const uint8_t * w,
    const EdgeQs8RequantParams * params)
{
  __m128i acc0, acc1, vq0, vq1, v;
  const __m128 vmax = _mm_loadu_ps (params->output_max_less_zero_point_v);
  const __m128i vzp = _mm_loadu_si128 ((const __m128i *)
      (const void *) params->output_zero_point_v);
  const __m128i vmin = _mm_loadu_si128 ((const __m128i *)
      (const void *) params->output_min_v);

  acc0 = _mm_loadu_si128 ((const __m128i *) (const void *) w);
  acc1 = _mm_loadu_si128 ((const __m128i *) (const void *) (w + 16));
  for (int q = 0; q < 4; q++) {
    const __m128i va = _mm_loadl_epi64 ((const __m128i *) (x[2 * q] + c));
    const __m128i vb = _mm_loadl_epi64 ((const __m128i *) (x[2 * q + 1] +
            c));
    const __m128i ab = _mm_unpacklo_epi8 (va, vb);
    const uint8_t *wq = w + 32 + q * 32;
    acc0 = _mm_add_epi32 (acc0, _mm_madd_epi16 (_mm_cvtepi8_epi16 (ab),
            _mm_loadu_si128 ((const __m128i *) (const void *) wq)));
    acc1 = _mm_add_epi32 (acc1,
        _mm_madd_epi16 (_mm_cvtepi8_epi16 (_mm_srli_si128 (ab, 8)),
            _mm_loadu_si128 ((const __m128i *) (const void *) (wq + 16))));
  }
  acc0 = _mm_add_epi32 (acc0,
      _mm_madd_epi16 (_mm_cvtepi8_epi32 (load_i32 (x[8] + c)),
          _mm_loadu_si128 ((const __m128i *) (const void *) (w + 160))));
  acc1 = _mm_add_epi32 (acc1,
      _mm_madd_epi16 (_mm_cvtepi8_epi32 (load_i32 (x[8] + c + 4)),
          _mm_loadu_si128 ((const __m128i *) (const void *) (w + 176))));

  vq0 = _mm_cvtps_epi32 (_mm_min_ps (_mm_mul_ps (_mm_cvtepi32_ps (acc0),
              _mm_loadu_ps ((const float *) (const void *) (w + 192))),
          vmax));
  vq1 = _mm_cvtps_epi32 (_mm_min_ps (_mm_mul_ps (_mm_cvtepi32_ps (acc1),
              _mm_loadu_ps ((const float *) (const void *) (w + 208))),
          vmax));
  v = _mm_adds_epi16 (_mm_packs_epi32 (vq0, vq1), vzp);
  return _mm_max_epi8 (_mm_packs_epi16 (v, v), vmin);
}

void
edge_sse41_qs8_dwconv3x3_8 (size_t channels, size_t output_pixels,
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
      _mm_storel_epi64 ((__m128i *) (output + c),
          dwconv_tile8 (x, c, w, params));
      w += TILE_BYTES;
    }
    if (c < channels) {
      /* the last 1..7 channels via zero-padded copies: nothing past
       * `channels` is read or written */
      const size_t n = channels - c;
      int8_t rows[9][TILE], res[TILE];
      const int8_t *xr[9];

      for (int t = 0; t < 9; t++) {
        memset (rows[t], 0, TILE);
        memcpy (rows[t], x[t] + c, n);
        xr[t] = rows[t];
      }
      _mm_storel_epi64 ((__m128i *) res, dwconv_tile8 (xr, 0, w, params));
      memcpy (output + c, res, n);
    }
    input += input_stride;
    output += output_stride;
  } while (--output_pixels != 0);
}
