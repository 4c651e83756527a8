/* gst-edge kernels: qs8-gemm microkernels for AVX-512 VNNI (path AVX512).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* vpdpbusd adds four u8 x s8 products to each int32 lane with no
 * intermediate saturation: 64 MACs per instruction, exact. Its first
 * multiplicand must be unsigned, so the packed weights (the same int8 c4
 * packing as AVX2: 16 bytes = 4 k of 4 channels, one channel per dword)
 * are biased by 128 at load (vpxord 0x80: w + 128 in [0, 255], shared by
 * the MR rows) and the A rows stay signed, broadcast 4 k at a time with a
 * plain vpbroadcastd load:
 *   sum_k (w + 128) * a = sum_k w * a + 128 * sum_k a
 * The second term depends on the row only; it is computed once per call
 * (vpsadbw over the row) and subtracted when the accumulators start.
 * All int32 arithmetic wraps, as the contract allows. XNNPACK's 2022
 * AVX-512 kernels (no VNNI) spend a vpmovsxbw per operand and a vpmaddwd
 * plus a vpaddd per 32 MACs.
 *
 * K tail (kc % 4): the last dword of each row is loaded with a byte mask
 * (masked-off bytes are not read and come back zero), so the padded zero
 * weights (128 after the bias) meet zero inputs. Column tail: masked
 * stores write exactly nc bytes.
 *
 * Requantization equals edge_requantize (): cvtdq2ps rounds like
 * (float) acc, the same float32 multiply, clamp to [min - zp, max - zp]
 * in float (maxps/minps: both sides, so the int32 + zp cannot wrap),
 * cvtps2dq to nearest even, + zp, truncating narrow (vpmovdb; the values
 * are already in range). */

#include "qs8-gemm/qs8-gemm.h"

#include <assert.h>
#include <immintrin.h>
#include <string.h>

#define ALWAYS_INLINE inline __attribute__ ((always_inline))

/* A elements staged per row and chunk (multiple of 64): 8 rows use 18 KiB
 * of stack. Staging makes every group of 4 k a whole dword (the K tail is
 * zero-filled) and lets the K loop run without a zero-trip path, which
 * keeps gcc 12 from copying the accumulators around every iteration. */
#define STAGE_K 2304

/* Copies A[r][k0 .. k0 + kn) of the MR rows (kn a multiple of 4, k0 < kc),
 * zero-filling at and past kc, and returns nothing else; reads exactly the
 * rows' bytes (masked loads do not touch masked-off bytes). */
static ALWAYS_INLINE void
stage_a (const size_t MR, const int8_t * const *ap, size_t k0, size_t kn,
    size_t kc, int8_t (*abuf)[STAGE_K])
{
  const size_t avail = kc - k0 < kn ? kc - k0 : kn;

  for (size_t r = 0; r < MR; r++) {
    const int8_t *src = ap[r] + k0;
    size_t k = 0;
    for (; k + 64 <= avail; k += 64)
      _mm512_storeu_si512 (abuf[r] + k, _mm512_loadu_si512 (src + k));
    for (; k < kn; k += 64) {
      const size_t n = avail > k ? avail - k : 0;
      const __mmask64 m = n >= 64 ? ~(__mmask64) 0 :
          (__mmask64) ((1ull << n) - 1);
      _mm512_storeu_si512 (abuf[r] + k, _mm512_maskz_loadu_epi8 (m,
              src + k));
    }
  }
}

/* sum of the kc int8 of a row, reading exactly kc bytes */
static ALWAYS_INLINE int32_t
row_sum (const int8_t * row, size_t kc)
{
  const __m512i vsign = _mm512_set1_epi8 ((char) 0x80);
  __m512i acc = _mm512_setzero_si512 ();
  size_t k = 0;
  uint64_t s;

  /* vpsadbw sums (a + 128) as u8, 8 bytes per 64-bit lane */
  for (; k + 64 <= kc; k += 64)
    acc = _mm512_add_epi64 (acc, _mm512_sad_epu8 (_mm512_xor_si512
            (_mm512_loadu_si512 (row + k), vsign), _mm512_setzero_si512 ()));
  if (k < kc) {
    const __mmask64 m = (__mmask64) (~0ull >> (64 - (kc - k)));
    /* masked-off bytes load as 0 and count as 128: subtracted below */
    acc = _mm512_add_epi64 (acc, _mm512_sad_epu8 (_mm512_xor_si512
            (_mm512_maskz_loadu_epi8 (m, row + k), vsign),
            _mm512_setzero_si512 ()));
    k += 64;
  }
  s = (uint64_t) _mm512_reduce_add_epi64 (acc);
  return (int32_t) (uint32_t) (s - 128u * k);
}

/* MR (<= 8) rows x NR (multiple of 16, <= 64) channels. Registers in the
 * K loop: MR * NR / 16 accumulators + NR / 16 weights + 1 A + the 0x80
 * constant. */
static ALWAYS_INLINE void
avx512_gemm_c4 (const size_t MR, const size_t NR, size_t mr, size_t nc,
    size_t kc, const int8_t * a, size_t a_stride, const void *packed_w,
    int8_t * c, size_t c_stride, const EdgeQs8RequantParams * params,
    int8_t (*abuf)[STAGE_K])
{
  const int8_t *ap[8];
  int8_t *cp[8];
  __m512i vcorr[8];
  const size_t kcp = (kc + 3) & ~(size_t) 3;
  const int staged_once = kcp <= STAGE_K;
  const uint8_t *w = packed_w;
  const __m512i vsign = _mm512_set1_epi8 ((char) 0x80);
  /* packed channel order 0 1 4 5 2 3 6 7 per 8 (its own inverse) */
  const __m512i vperm = _mm512_setr_epi32 (0, 1, 4, 5, 2, 3, 6, 7,
      8, 9, 12, 13, 10, 11, 14, 15);

  assert (mr >= 1 && mr <= MR);
  assert (nc >= 1 && kc >= 1);
  assert (a && packed_w && c && params);

  /* rows past mr alias the last real row */
  ap[0] = a;
  cp[0] = c;
#pragma GCC unroll 8
  for (size_t r = 1; r < MR; r++) {
    ap[r] = r < mr ? ap[r - 1] + a_stride : ap[r - 1];
    cp[r] = r < mr ? cp[r - 1] + c_stride : cp[r - 1];
  }
#pragma GCC unroll 8
  for (size_t r = 0; r < MR; r++)
    vcorr[r] = _mm512_set1_epi32 ((int32_t) ((uint32_t) row_sum (ap[r], kc) *
            (uint32_t) - 128));
  if (staged_once)
    stage_a (MR, ap, 0, kcp, kc, abuf);

  do {
    const int8_t *wk = (const int8_t *) (w + NR * sizeof (int32_t));
    const int32_t *bias = (const int32_t *) (const void *) w;
    const float *mult = (const float *) (const void *) (wk + NR * kcp);
    __m512i acc[8][4], vinit[4];
    size_t k0 = 0, k = 4;
    size_t kn = kcp < STAGE_K ? kcp : STAGE_K;

    /* bias' in packed order; the accumulators start at bias' - 128 * row
     * sum with the first group of 4 k peeled off the loop: an accumulator
     * entering the loop straight from a vpdpbusd lets gcc 12 keep it in
     * one register (otherwise it copies every accumulator twice per
     * iteration around the tied vpdpbusd operand) */
#pragma GCC unroll 4
    for (size_t j = 0; j < NR / 16; j++)
      vinit[j] = _mm512_permutexvar_epi32 (vperm,
          _mm512_loadu_si512 (bias + 16 * j));
    if (!staged_once)
      stage_a (MR, ap, 0, kn, kc, abuf);
    {
      __m512i vb[4];
#pragma GCC unroll 4
      for (size_t j = 0; j < NR / 16; j++)
        vb[j] = _mm512_xor_si512 (_mm512_loadu_si512 (wk + 64 * j), vsign);
#pragma GCC unroll 8
      for (size_t r = 0; r < MR; r++) {
        int32_t q;
        __m512i va;
        memcpy (&q, &abuf[r][0], 4);
        va = _mm512_set1_epi32 (q);
#pragma GCC unroll 4
        for (size_t j = 0; j < NR / 16; j++)
          acc[r][j] = _mm512_dpbusd_epi32 (_mm512_add_epi32 (vinit[j],
                  vcorr[r]), vb[j], va);
      }
      wk += 4 * NR;
    }
    for (;;) {
      for (; k < kn; k += 4) {
        __m512i vb[4];
#pragma GCC unroll 4
        for (size_t j = 0; j < NR / 16; j++)
          vb[j] = _mm512_xor_si512 (_mm512_loadu_si512 (wk + 64 * j), vsign);
#pragma GCC unroll 8
        for (size_t r = 0; r < MR; r++) {
          int32_t q;
          __m512i va;
          memcpy (&q, &abuf[r][k], 4);
          va = _mm512_set1_epi32 (q);
#pragma GCC unroll 4
          for (size_t j = 0; j < NR / 16; j++)
            acc[r][j] = _mm512_dpbusd_epi32 (acc[r][j], vb[j], va);
        }
        wk += 4 * NR;
      }
      k0 += kn;
      if (k0 >= kcp)
        break;
      kn = kcp - k0 < STAGE_K ? kcp - k0 : STAGE_K;
      stage_a (MR, ap, k0, kn, kc, abuf);
      k = 0;
    }

#pragma GCC unroll 4
    for (size_t j = 0; j < NR / 16; j++) {
      const __m512 vlo = _mm512_set1_ps (params->output_min_less_zero_point);
      const __m512 vhi = _mm512_set1_ps (params->output_max_less_zero_point);
      const __m512i vzp = _mm512_set1_epi32 (params->output_zero_point);
      const __m512 vmult = _mm512_loadu_ps (mult + 16 * j);
      const size_t n = nc < 16 ? nc : 16;
      const __mmask16 m = (__mmask16) ((1u << n) - 1);

#pragma GCC unroll 8
      for (size_t r = 0; r < MR; r++) {
        const __m512i s = _mm512_permutexvar_epi32 (vperm, acc[r][j]);
        __m512 x = _mm512_mul_ps (_mm512_cvtepi32_ps (s), vmult);
        x = _mm512_min_ps (_mm512_max_ps (x, vlo), vhi);
        _mm_mask_storeu_epi8 (cp[r], m, _mm512_cvtepi32_epi8
            (_mm512_add_epi32 (_mm512_cvtps_epi32 (x), vzp)));
        cp[r] += n;
      }
      nc -= n;
      if (nc == 0)
        return;
    }
    w += NR * (kcp + 2 * sizeof (int32_t));
  } while (nc != 0);
}

void
edge_avx512_qs8_gemm_8x32c4 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  int8_t abuf[8][STAGE_K] __attribute__ ((aligned (64)));

  avx512_gemm_c4 (8, 32, mr, nc, kc, a, a_stride, packed_w, c, c_stride,
      params, abuf);
}

void
edge_avx512_qs8_gemm_1x64c4 (size_t mr, size_t nc, size_t kc,
    const int8_t * a, size_t a_stride, const void *packed_w, int8_t * c,
    size_t c_stride, const EdgeQs8RequantParams * params)
{
  int8_t abuf[1][STAGE_K] __attribute__ ((aligned (64)));

  avx512_gemm_c4 (1, 64, mr, nc, kc, a, a_stride, packed_w, c, c_stride,
      params, abuf);
}
