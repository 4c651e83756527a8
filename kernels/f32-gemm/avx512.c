/* gst-edge kernels: f32-gemm microkernel, AVX-512 (path AVX512).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Compiled with -mavx512f -mavx512bw -mavx512vl -mavx512dq -mavx512vnni
 * -mavx2 -mfma (kernels/meson.build); uses AVX-512F only. */

#include "f32-gemm/f32-gemm.h"

#include <assert.h>
#include <immintrin.h>
#include <stdint.h>

/* 8 rows x 32 channels per step: per k, the 32 packed weights in two zmm,
 * one broadcast of A per row and 16 FMAs into 16 zmm accumulators
 * (19 of the 32 zmm registers, no spill). 16 independent accumulators
 * cover the FMA latency of two 512-bit FMA pipes. Measured on Zen 5 (one
 * core): ~200 GFLOP/s for M=784 K=1152 N=128 and M=3136 K=64 N=64, near
 * the FMA peak; 6x32, 12x32 and 4x64 were equal or slightly slower, 7x16
 * (XNNPACK's tile) ~165, 8x48 ~140 on N=64 (partial last block).
 * Layout: A rows of kc floats a_stride bytes apart, packed weights in
 * blocks of NR = 32 (bias[32], then kc rows of 32 floats), C rows c_stride
 * bytes apart; units (elements for mr, nc, kc; bytes for the strides) and
 * the full contract in f32-gemm.h.
 * Alignment: 4 bytes (unaligned loads and stores); 64-byte aligned packed
 * weights avoid split cache lines. Aliasing: C overlaps neither A nor the
 * weights. Bounds: the last, partial block of channels (nc % 32 != 0) is
 * stored with masked stores, so no float past nc is written; A is only
 * read through scalar broadcasts of its mr * kc floats and the weights
 * only in whole packed blocks. Sums in k order from the bias, with FMA. */
void
edge_avx512_f32_gemm_8x32 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max)
{
  const float *w = packed_w;
  const float *a0 = a, *a1, *a2, *a3, *a4, *a5, *a6, *a7;
  float *c0 = c, *c1, *c2, *c3, *c4, *c5, *c6, *c7;
  const __m512 vmin = _mm512_set1_ps (output_min);
  const __m512 vmax = _mm512_set1_ps (output_max);

  assert (mr >= 1 && mr <= 8);
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
  a6 = mr > 6 ? (const float *) ((const char *) a5 + a_stride) : a5;
  c6 = mr > 6 ? (float *) ((char *) c5 + c_stride) : c5;
  a7 = mr > 7 ? (const float *) ((const char *) a6 + a_stride) : a6;
  c7 = mr > 7 ? (float *) ((char *) c6 + c_stride) : c6;

  do {
    __m512 vacc0x0 = _mm512_loadu_ps (w);
    __m512 vacc0x1 = _mm512_loadu_ps (w + 16);
    __m512 vacc1x0 = vacc0x0, vacc1x1 = vacc0x1;
    __m512 vacc2x0 = vacc0x0, vacc2x1 = vacc0x1;
    __m512 vacc3x0 = vacc0x0, vacc3x1 = vacc0x1;
    __m512 vacc4x0 = vacc0x0, vacc4x1 = vacc0x1;
    __m512 vacc5x0 = vacc0x0, vacc5x1 = vacc0x1;
    __m512 vacc6x0 = vacc0x0, vacc6x1 = vacc0x1;
    __m512 vacc7x0 = vacc0x0, vacc7x1 = vacc0x1;

    w += 32;
    for (size_t k = 0; k < kc; k++) {
      const __m512 vb0 = _mm512_loadu_ps (w);
      const __m512 vb1 = _mm512_loadu_ps (w + 16);
      __m512 va;

      w += 32;
      va = _mm512_set1_ps (a0[k]);
      vacc0x0 = _mm512_fmadd_ps (va, vb0, vacc0x0);
      vacc0x1 = _mm512_fmadd_ps (va, vb1, vacc0x1);
      va = _mm512_set1_ps (a1[k]);
      vacc1x0 = _mm512_fmadd_ps (va, vb0, vacc1x0);
      vacc1x1 = _mm512_fmadd_ps (va, vb1, vacc1x1);
      va = _mm512_set1_ps (a2[k]);
      vacc2x0 = _mm512_fmadd_ps (va, vb0, vacc2x0);
      vacc2x1 = _mm512_fmadd_ps (va, vb1, vacc2x1);
      va = _mm512_set1_ps (a3[k]);
      vacc3x0 = _mm512_fmadd_ps (va, vb0, vacc3x0);
      vacc3x1 = _mm512_fmadd_ps (va, vb1, vacc3x1);
      va = _mm512_set1_ps (a4[k]);
      vacc4x0 = _mm512_fmadd_ps (va, vb0, vacc4x0);
      vacc4x1 = _mm512_fmadd_ps (va, vb1, vacc4x1);
      va = _mm512_set1_ps (a5[k]);
      vacc5x0 = _mm512_fmadd_ps (va, vb0, vacc5x0);
      vacc5x1 = _mm512_fmadd_ps (va, vb1, vacc5x1);
      va = _mm512_set1_ps (a6[k]);
      vacc6x0 = _mm512_fmadd_ps (va, vb0, vacc6x0);
      vacc6x1 = _mm512_fmadd_ps (va, vb1, vacc6x1);
      va = _mm512_set1_ps (a7[k]);
      vacc7x0 = _mm512_fmadd_ps (va, vb0, vacc7x0);
      vacc7x1 = _mm512_fmadd_ps (va, vb1, vacc7x1);
    }

    /* max (min, x) then min (max, x): vmaxps/vminps return their second
     * operand when unordered, so NaN propagates like the reference. */
    vacc0x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc0x0));
    vacc0x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc0x1));
    vacc1x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc1x0));
    vacc1x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc1x1));
    vacc2x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc2x0));
    vacc2x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc2x1));
    vacc3x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc3x0));
    vacc3x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc3x1));
    vacc4x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc4x0));
    vacc4x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc4x1));
    vacc5x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc5x0));
    vacc5x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc5x1));
    vacc6x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc6x0));
    vacc6x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc6x1));
    vacc7x0 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc7x0));
    vacc7x1 = _mm512_min_ps (vmax, _mm512_max_ps (vmin, vacc7x1));

    if (nc >= 32) {
      /* highest row first: with aliased rows the values are equal anyway */
      _mm512_storeu_ps (c7, vacc7x0);
      _mm512_storeu_ps (c7 + 16, vacc7x1);
      _mm512_storeu_ps (c6, vacc6x0);
      _mm512_storeu_ps (c6 + 16, vacc6x1);
      _mm512_storeu_ps (c5, vacc5x0);
      _mm512_storeu_ps (c5 + 16, vacc5x1);
      _mm512_storeu_ps (c4, vacc4x0);
      _mm512_storeu_ps (c4 + 16, vacc4x1);
      _mm512_storeu_ps (c3, vacc3x0);
      _mm512_storeu_ps (c3 + 16, vacc3x1);
      _mm512_storeu_ps (c2, vacc2x0);
      _mm512_storeu_ps (c2 + 16, vacc2x1);
      _mm512_storeu_ps (c1, vacc1x0);
      _mm512_storeu_ps (c1 + 16, vacc1x1);
      _mm512_storeu_ps (c0, vacc0x0);
      _mm512_storeu_ps (c0 + 16, vacc0x1);
      c0 += 32;
      c1 += 32;
      c2 += 32;
      c3 += 32;
      c4 += 32;
      c5 += 32;
      c6 += 32;
      c7 += 32;
      nc -= 32;
    } else {
      /* 1 <= nc <= 31: bit j of vbits set for channel j < nc; masked-off
       * lanes are neither written nor faulted on */
      const uint32_t vbits = (UINT32_C (1) << nc) - 1;
      const __mmask16 vmask0 = (__mmask16) vbits;
      const __mmask16 vmask1 = (__mmask16) (vbits >> 16);

      _mm512_mask_storeu_ps (c7, vmask0, vacc7x0);
      _mm512_mask_storeu_ps (c6, vmask0, vacc6x0);
      _mm512_mask_storeu_ps (c5, vmask0, vacc5x0);
      _mm512_mask_storeu_ps (c4, vmask0, vacc4x0);
      _mm512_mask_storeu_ps (c3, vmask0, vacc3x0);
      _mm512_mask_storeu_ps (c2, vmask0, vacc2x0);
      _mm512_mask_storeu_ps (c1, vmask0, vacc1x0);
      _mm512_mask_storeu_ps (c0, vmask0, vacc0x0);
      if (nc > 16) {
        _mm512_mask_storeu_ps (c7 + 16, vmask1, vacc7x1);
        _mm512_mask_storeu_ps (c6 + 16, vmask1, vacc6x1);
        _mm512_mask_storeu_ps (c5 + 16, vmask1, vacc5x1);
        _mm512_mask_storeu_ps (c4 + 16, vmask1, vacc4x1);
        _mm512_mask_storeu_ps (c3 + 16, vmask1, vacc3x1);
        _mm512_mask_storeu_ps (c2 + 16, vmask1, vacc2x1);
        _mm512_mask_storeu_ps (c1 + 16, vmask1, vacc1x1);
        _mm512_mask_storeu_ps (c0 + 16, vmask1, vacc0x1);
      }
      nc = 0;
    }
  } while (nc != 0);
}
