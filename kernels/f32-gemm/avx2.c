/* gst-edge kernels: f32-gemm microkernel, AVX2 + FMA3 (path AVX2).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Compiled with -mavx2 -mfma (kernels/meson.build). */

#include "f32-gemm/f32-gemm.h"

#include <assert.h>
#include <immintrin.h>

/* 6 rows x 16 channels per step: per k, the 16 packed weights in two ymm,
 * one broadcast of A per row and 12 FMAs into 12 ymm accumulators
 * (15 of the 16 ymm registers, no spill).
 * Layout: A rows of kc floats a_stride bytes apart, packed weights in
 * blocks of NR = 16 (bias[16], then kc rows of 16), C rows c_stride bytes
 * apart; units and the full contract in f32-gemm.h.
 * Alignment: 4 bytes (unaligned loads and stores). Aliasing: C overlaps
 * neither A nor the weights. Sums in k order from the bias, with FMA. */
void
edge_avx2_f32_gemm_6x16 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max)
{
  const float *w = packed_w;
  const float *a0 = a, *a1, *a2, *a3, *a4, *a5;
  float *c0 = c, *c1, *c2, *c3, *c4, *c5;
  const __m256 vmin = _mm256_set1_ps (output_min);
  const __m256 vmax = _mm256_set1_ps (output_max);

  assert (mr >= 1 && mr <= 6);
  assert (nc >= 1 && kc >= 1);
  assert (a && packed_w && c);
  assert (!(output_min > output_max));

  /* Rows past mr alias the row before: computed twice, stored to the same
   * place, never reading or writing outside the mr rows. */
  a1 = mr > 1 ? (const float *) ((const char *) a0 + a_stride) : a0;
  c1 = mr > 1 ? (float *) ((char *) c0 + c_stride) : c0;
  a2 = mr > 2 ? (const float *) ((const char *) a1 + a_stride) : a1;
  c2 = mr > 2 ? (float *) ((char *) c1 + c_stride) : c1;
  a3 = mr > 3 ? (const float *) ((const char *) a2 + a_stride) : a2;
  c3 = mr > 3 ? (float *) ((char *) c2 + c_stride) : c2;
  a4 = mr > 4 ? (const float *) ((const char *) a3 + a_stride) : a3;
  c4 = mr > 4 ? (float *) ((char *) c3 + c_stride) : c3;
  a5 = mr > 5 ? (const float *) ((const char *) a4 + a_stride) : a4;
  c5 = mr > 5 ? (float *) ((char *) c4 + c_stride) : c4;

  do {
    __m256 vacc0x0 = _mm256_loadu_ps (w);
    __m256 vacc0x1 = _mm256_loadu_ps (w + 8);
    __m256 vacc1x0 = vacc0x0, vacc1x1 = vacc0x1;
    __m256 vacc2x0 = vacc0x0, vacc2x1 = vacc0x1;
    __m256 vacc3x0 = vacc0x0, vacc3x1 = vacc0x1;
    __m256 vacc4x0 = vacc0x0, vacc4x1 = vacc0x1;
    __m256 vacc5x0 = vacc0x0, vacc5x1 = vacc0x1;

    w += 16;
    for (size_t k = 0; k < kc; k++) {
      const __m256 vb0 = _mm256_loadu_ps (w);
      const __m256 vb1 = _mm256_loadu_ps (w + 8);
      __m256 va;

      w += 16;
      va = _mm256_broadcast_ss (a0 + k);
      vacc0x0 = _mm256_fmadd_ps (va, vb0, vacc0x0);
      vacc0x1 = _mm256_fmadd_ps (va, vb1, vacc0x1);
      va = _mm256_broadcast_ss (a1 + k);
      vacc1x0 = _mm256_fmadd_ps (va, vb0, vacc1x0);
      vacc1x1 = _mm256_fmadd_ps (va, vb1, vacc1x1);
      va = _mm256_broadcast_ss (a2 + k);
      vacc2x0 = _mm256_fmadd_ps (va, vb0, vacc2x0);
      vacc2x1 = _mm256_fmadd_ps (va, vb1, vacc2x1);
      va = _mm256_broadcast_ss (a3 + k);
      vacc3x0 = _mm256_fmadd_ps (va, vb0, vacc3x0);
      vacc3x1 = _mm256_fmadd_ps (va, vb1, vacc3x1);
      va = _mm256_broadcast_ss (a4 + k);
      vacc4x0 = _mm256_fmadd_ps (va, vb0, vacc4x0);
      vacc4x1 = _mm256_fmadd_ps (va, vb1, vacc4x1);
      va = _mm256_broadcast_ss (a5 + k);
      vacc5x0 = _mm256_fmadd_ps (va, vb0, vacc5x0);
      vacc5x1 = _mm256_fmadd_ps (va, vb1, vacc5x1);
    }

    /* max (min, x) then min (max, x): vmaxps/vminps return their second
     * operand when unordered, so NaN propagates like the reference. */
    vacc0x0 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc0x0));
    vacc0x1 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc0x1));
    vacc1x0 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc1x0));
    vacc1x1 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc1x1));
    vacc2x0 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc2x0));
    vacc2x1 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc2x1));
    vacc3x0 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc3x0));
    vacc3x1 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc3x1));
    vacc4x0 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc4x0));
    vacc4x1 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc4x1));
    vacc5x0 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc5x0));
    vacc5x1 = _mm256_min_ps (vmax, _mm256_max_ps (vmin, vacc5x1));

    if (nc >= 16) {
      /* highest row first: with aliased rows the values are equal anyway */
      _mm256_storeu_ps (c5, vacc5x0);
      _mm256_storeu_ps (c5 + 8, vacc5x1);
      _mm256_storeu_ps (c4, vacc4x0);
      _mm256_storeu_ps (c4 + 8, vacc4x1);
      _mm256_storeu_ps (c3, vacc3x0);
      _mm256_storeu_ps (c3 + 8, vacc3x1);
      _mm256_storeu_ps (c2, vacc2x0);
      _mm256_storeu_ps (c2 + 8, vacc2x1);
      _mm256_storeu_ps (c1, vacc1x0);
      _mm256_storeu_ps (c1 + 8, vacc1x1);
      _mm256_storeu_ps (c0, vacc0x0);
      _mm256_storeu_ps (c0 + 8, vacc0x1);
      c0 += 16;
      c1 += 16;
      c2 += 16;
      c3 += 16;
      c4 += 16;
      c5 += 16;
      nc -= 16;
    } else {
      __m128 v0, v1, v2, v3, v4, v5;

      if (nc & 8) {
        _mm256_storeu_ps (c5, vacc5x0);
        _mm256_storeu_ps (c4, vacc4x0);
        _mm256_storeu_ps (c3, vacc3x0);
        _mm256_storeu_ps (c2, vacc2x0);
        _mm256_storeu_ps (c1, vacc1x0);
        _mm256_storeu_ps (c0, vacc0x0);
        vacc5x0 = vacc5x1;
        vacc4x0 = vacc4x1;
        vacc3x0 = vacc3x1;
        vacc2x0 = vacc2x1;
        vacc1x0 = vacc1x1;
        vacc0x0 = vacc0x1;
        c0 += 8;
        c1 += 8;
        c2 += 8;
        c3 += 8;
        c4 += 8;
        c5 += 8;
      }
      v5 = _mm256_castps256_ps128 (vacc5x0);
      v4 = _mm256_castps256_ps128 (vacc4x0);
      v3 = _mm256_castps256_ps128 (vacc3x0);
      v2 = _mm256_castps256_ps128 (vacc2x0);
      v1 = _mm256_castps256_ps128 (vacc1x0);
      v0 = _mm256_castps256_ps128 (vacc0x0);
      if (nc & 4) {
        _mm_storeu_ps (c5, v5);
        _mm_storeu_ps (c4, v4);
        _mm_storeu_ps (c3, v3);
        _mm_storeu_ps (c2, v2);
        _mm_storeu_ps (c1, v1);
        _mm_storeu_ps (c0, v0);
        v5 = _mm256_extractf128_ps (vacc5x0, 1);
        v4 = _mm256_extractf128_ps (vacc4x0, 1);
        v3 = _mm256_extractf128_ps (vacc3x0, 1);
        v2 = _mm256_extractf128_ps (vacc2x0, 1);
        v1 = _mm256_extractf128_ps (vacc1x0, 1);
        v0 = _mm256_extractf128_ps (vacc0x0, 1);
        c0 += 4;
        c1 += 4;
        c2 += 4;
        c3 += 4;
        c4 += 4;
        c5 += 4;
      }
      if (nc & 2) {
        /* vmovlps: an 8-byte store with no alignment requirement */
        _mm_storel_pi ((__m64 *) c5, v5);
        _mm_storel_pi ((__m64 *) c4, v4);
        _mm_storel_pi ((__m64 *) c3, v3);
        _mm_storel_pi ((__m64 *) c2, v2);
        _mm_storel_pi ((__m64 *) c1, v1);
        _mm_storel_pi ((__m64 *) c0, v0);
        v5 = _mm_movehl_ps (v5, v5);
        v4 = _mm_movehl_ps (v4, v4);
        v3 = _mm_movehl_ps (v3, v3);
        v2 = _mm_movehl_ps (v2, v2);
        v1 = _mm_movehl_ps (v1, v1);
        v0 = _mm_movehl_ps (v0, v0);
        c0 += 2;
        c1 += 2;
        c2 += 2;
        c3 += 2;
        c4 += 2;
        c5 += 2;
      }
      if (nc & 1) {
        _mm_store_ss (c5, v5);
        _mm_store_ss (c4, v4);
        _mm_store_ss (c3, v3);
        _mm_store_ss (c2, v2);
        _mm_store_ss (c1, v1);
        _mm_store_ss (c0, v0);
      }
      nc = 0;
    }
  } while (nc != 0);
}
