/* gst-edge kernels: qs8-gemm microkernels for SSE4.1 (path SSE41).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The "c8" scheme on 128-bit registers (as XNNPACK's qs8 SSE4.1 "ld64"
 * GEMMs): 8 consecutive k of a row of A and 8 of one channel's packed
 * weights are sign-extended to int16 (pmovsxbw), pmaddwd multiplies and
 * adds pairs exactly into int32, paddd accumulates: one register per
 * (row, channel), 3 x 4 = 12 of the 16. Two rounds of phaddd reduce four
 * of them to channels 0..3 (natural order: nr = 4 packs naturally).
 * Requantization is bit-equal to edge_requantize () for the reasons given
 * in qs8-gemm-avx2.c (cvtdq2ps, mulps, minps with max - zp, cvtps2dq
 * rounding to nearest even, saturating packs, pmaxsb with output_min). */

#include "qs8-gemm/qs8-gemm.h"

#include <assert.h>
#include <smmintrin.h>
#include <string.h>

#define ALWAYS_INLINE inline __attribute__ ((always_inline))

/* The last kc % 8 bytes of a row of kc bytes, zero-extended to 64 bits,
 * reading only the row's bytes. */
static ALWAYS_INLINE __m128i
load_k_tail (const int8_t * row, size_t kc)
{
  const size_t n = kc & 7;
  uint64_t v = 0;

  if (kc >= 8) {
    memcpy (&v, row + kc - 8, 8);
    v >>= 8 * (8 - n);
  } else {
    const int8_t *p = row;
    unsigned shift = 0;
    if (n & 4) {
      uint32_t t;
      memcpy (&t, p, 4);
      v = t;
      p += 4;
      shift = 32;
    }
    if (n & 2) {
      uint16_t t;
      memcpy (&t, p, 2);
      v |= (uint64_t) t << shift;
      p += 2;
      shift += 16;
    }
    if (n & 1)
      v |= (uint64_t) (uint8_t) * p << shift;
  }
  return _mm_cvtsi64_si128 ((long long) v);
}

/* Stores the first n (1..4) bytes of the 32-bit element e of v to p. */
static ALWAYS_INLINE void
store_row (__m128i v, int e, int8_t * p, size_t n)
{
  uint32_t x;

  switch (e) {
    case 0:
      x = (uint32_t) _mm_cvtsi128_si32 (v);
      break;
    case 1:
      x = (uint32_t) _mm_extract_epi32 (v, 1);
      break;
    case 2:
      x = (uint32_t) _mm_extract_epi32 (v, 2);
      break;
    default:
      x = (uint32_t) _mm_extract_epi32 (v, 3);
      break;
  }
  if (n >= 4) {
    memcpy (p, &x, 4);
    return;
  }
  if (n & 2) {
    const uint16_t h = (uint16_t) x;
    memcpy (p, &h, 2);
    p += 2;
    x >>= 16;
  }
  if (n & 1)
    *p = (int8_t) x;
}

/* MR (<= 4) rows x 4 channels. */
static ALWAYS_INLINE void
sse41_gemm_c8 (const size_t MR, size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  const size_t NR = 4;
  const int8_t *ap[4];
  int8_t *cp[4];
  const size_t kfull = kc & ~(size_t) 7;
  const size_t kcp = (kc + 7) & ~(size_t) 7;
  const uint8_t *w = packed_w;
  __m128i vtail[4];
  const __m128 vmax = _mm_set1_ps (params->output_max_less_zero_point);
  const __m128i vzp = _mm_set1_epi16 ((int16_t) params->output_zero_point);
  const __m128i vmin = _mm_set1_epi8 (params->output_min);

  assert (mr >= 1 && mr <= MR);
  assert (nc >= 1 && kc >= 1);
  assert (a && packed_w && c && params);

  ap[0] = a;
  cp[0] = c;
#pragma GCC unroll 4
  for (size_t r = 1; r < MR; r++) {
    ap[r] = r < mr ? ap[r - 1] + a_stride : ap[r - 1];
    cp[r] = r < mr ? cp[r - 1] + c_stride : cp[r - 1];
  }
  if (kc & 7) {
#pragma GCC unroll 4
    for (size_t r = 0; r < MR; r++)
      vtail[r] = _mm_cvtepi8_epi16 (load_k_tail (ap[r], kc));
  }

  do {
    const int8_t *wk = (const int8_t *) (w + NR * sizeof (int32_t));
    const float *mult = (const float *) (const void *) (wk + NR * kcp);
    __m128i acc[4][4], vq[4], v01, v23, vout;
    size_t n;

#pragma GCC unroll 4
    for (size_t r = 0; r < MR; r++)
#pragma GCC unroll 4
      for (size_t j = 0; j < NR; j++)
        acc[r][j] = _mm_setzero_si128 ();

    for (size_t k = 0; k < kfull; k += 8) {
      __m128i va[4];
#pragma GCC unroll 4
      for (size_t r = 0; r < MR; r++)
        va[r] = _mm_cvtepi8_epi16 (_mm_loadl_epi64 ((const __m128i *)
                (ap[r] + k)));
#pragma GCC unroll 4
      for (size_t j = 0; j < NR; j++) {
        const __m128i vb = _mm_cvtepi8_epi16 (_mm_loadl_epi64 ((const
                    __m128i *) (wk + 8 * j)));
#pragma GCC unroll 4
        for (size_t r = 0; r < MR; r++)
          acc[r][j] = _mm_add_epi32 (acc[r][j], _mm_madd_epi16 (va[r], vb));
      }
      wk += 8 * NR;
    }
    if (kc & 7) {
#pragma GCC unroll 4
      for (size_t j = 0; j < NR; j++) {
        const __m128i vb = _mm_cvtepi8_epi16 (_mm_loadl_epi64 ((const
                    __m128i *) (wk + 8 * j)));
#pragma GCC unroll 4
        for (size_t r = 0; r < MR; r++)
          acc[r][j] = _mm_add_epi32 (acc[r][j],
              _mm_madd_epi16 (vtail[r], vb));
      }
    }

    {
      const __m128i vbias = _mm_loadu_si128 ((const __m128i *) w);
      const __m128 vmult = _mm_loadu_ps (mult);
#pragma GCC unroll 4
      for (size_t r = 0; r < MR; r++) {
        const __m128i s = _mm_hadd_epi32 (
            _mm_hadd_epi32 (acc[r][0], acc[r][1]),
            _mm_hadd_epi32 (acc[r][2], acc[r][3]));
        __m128 x = _mm_cvtepi32_ps (_mm_add_epi32 (s, vbias));
        x = _mm_min_ps (_mm_mul_ps (x, vmult), vmax);
        vq[r] = _mm_cvtps_epi32 (x);
      }
    }
    /* bytes [r0 0-3, r1 0-3, r2 0-3, r3 0-3] */
    v01 = _mm_adds_epi16 (_mm_packs_epi32 (vq[0], MR > 1 ? vq[1] : vq[0]),
        vzp);
    v23 = MR > 2 ? _mm_adds_epi16 (_mm_packs_epi32 (vq[2],
            MR > 3 ? vq[3] : vq[2]), vzp) : v01;
    vout = _mm_max_epi8 (_mm_packs_epi16 (v01, v23), vmin);

    n = nc < NR ? nc : NR;
#pragma GCC unroll 4
    for (size_t r = 0; r < MR; r++) {
      store_row (vout, (int) r, cp[r], n);
      cp[r] += n;
    }
    nc -= n;
    w += NR * (kcp + 2 * sizeof (int32_t));
  } while (nc != 0);
}

void
edge_sse41_qs8_gemm_3x4c8 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  sse41_gemm_c8 (3, mr, nc, kc, a, a_stride, packed_w, c, c_stride, params);
}

void
edge_sse41_qs8_gemm_1x4c8 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  sse41_gemm_c8 (1, mr, nc, kc, a, a_stride, packed_w, c, c_stride, params);
}
