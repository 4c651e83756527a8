/* gst-edge kernels: f32-gemm microkernel, SSE (path SSE41).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Compiled with -msse4.1 (kernels/meson.build); only SSE1 instructions are
 * needed, the path name is the dispatch level. */

#include "f32-gemm/f32-gemm.h"

#include <assert.h>
#include <immintrin.h>

/* 4 rows x 8 channels per step: per k, 8 packed weights in two xmm, one
 * broadcast of A per row, 8 multiplies and 8 adds into 8 accumulators.
 * Layout: A rows of kc floats a_stride bytes apart, packed weights in
 * blocks of NR = 8 (bias[8], then kc rows of 8), C rows c_stride bytes
 * apart; units and the full contract in f32-gemm.h.
 * Alignment: 4 bytes (unaligned loads and stores). Aliasing: C overlaps
 * neither A nor the weights. Multiply and add are separate, in k order
 * from the bias, so the result is the reference's bit for bit. */
void
edge_sse41_f32_gemm_4x8 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max)
{
  const float *w = packed_w;
  const float *a0 = a, *a1, *a2, *a3;
  float *c0 = c, *c1, *c2, *c3;
  const __m128 vmin = _mm_set1_ps (output_min);
  const __m128 vmax = _mm_set1_ps (output_max);

  assert (mr >= 1 && mr <= 4);
  assert (nc >= 1 && kc >= 1);
  assert (a && packed_w && c);
  assert (!(output_min > output_max));

  /* Rows past mr alias the row before (see the scalar kernel). */
  a1 = mr > 1 ? (const float *) ((const char *) a0 + a_stride) : a0;
  c1 = mr > 1 ? (float *) ((char *) c0 + c_stride) : c0;
  a2 = mr > 2 ? (const float *) ((const char *) a1 + a_stride) : a1;
  c2 = mr > 2 ? (float *) ((char *) c1 + c_stride) : c1;
  a3 = mr > 3 ? (const float *) ((const char *) a2 + a_stride) : a2;
  c3 = mr > 3 ? (float *) ((char *) c2 + c_stride) : c2;

  do {
    __m128 vacc0x0 = _mm_loadu_ps (w);
    __m128 vacc0x1 = _mm_loadu_ps (w + 4);
    __m128 vacc1x0 = vacc0x0, vacc1x1 = vacc0x1;
    __m128 vacc2x0 = vacc0x0, vacc2x1 = vacc0x1;
    __m128 vacc3x0 = vacc0x0, vacc3x1 = vacc0x1;

    w += 8;
    for (size_t k = 0; k < kc; k++) {
      const __m128 vb0 = _mm_loadu_ps (w);
      const __m128 vb1 = _mm_loadu_ps (w + 4);
      const __m128 va0 = _mm_load1_ps (a0 + k);
      const __m128 va1 = _mm_load1_ps (a1 + k);
      const __m128 va2 = _mm_load1_ps (a2 + k);
      const __m128 va3 = _mm_load1_ps (a3 + k);

      w += 8;
      vacc0x0 = _mm_add_ps (vacc0x0, _mm_mul_ps (va0, vb0));
      vacc0x1 = _mm_add_ps (vacc0x1, _mm_mul_ps (va0, vb1));
      vacc1x0 = _mm_add_ps (vacc1x0, _mm_mul_ps (va1, vb0));
      vacc1x1 = _mm_add_ps (vacc1x1, _mm_mul_ps (va1, vb1));
      vacc2x0 = _mm_add_ps (vacc2x0, _mm_mul_ps (va2, vb0));
      vacc2x1 = _mm_add_ps (vacc2x1, _mm_mul_ps (va2, vb1));
      vacc3x0 = _mm_add_ps (vacc3x0, _mm_mul_ps (va3, vb0));
      vacc3x1 = _mm_add_ps (vacc3x1, _mm_mul_ps (va3, vb1));
    }

    /* max (min, x) then min (max, x): maxps/minps return their second
     * operand when unordered, so NaN propagates like the reference. */
    vacc0x0 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc0x0));
    vacc0x1 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc0x1));
    vacc1x0 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc1x0));
    vacc1x1 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc1x1));
    vacc2x0 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc2x0));
    vacc2x1 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc2x1));
    vacc3x0 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc3x0));
    vacc3x1 = _mm_min_ps (vmax, _mm_max_ps (vmin, vacc3x1));

    if (nc >= 8) {
      _mm_storeu_ps (c3, vacc3x0);
      _mm_storeu_ps (c3 + 4, vacc3x1);
      _mm_storeu_ps (c2, vacc2x0);
      _mm_storeu_ps (c2 + 4, vacc2x1);
      _mm_storeu_ps (c1, vacc1x0);
      _mm_storeu_ps (c1 + 4, vacc1x1);
      _mm_storeu_ps (c0, vacc0x0);
      _mm_storeu_ps (c0 + 4, vacc0x1);
      c0 += 8;
      c1 += 8;
      c2 += 8;
      c3 += 8;
      nc -= 8;
    } else {
      if (nc & 4) {
        _mm_storeu_ps (c3, vacc3x0);
        _mm_storeu_ps (c2, vacc2x0);
        _mm_storeu_ps (c1, vacc1x0);
        _mm_storeu_ps (c0, vacc0x0);
        vacc3x0 = vacc3x1;
        vacc2x0 = vacc2x1;
        vacc1x0 = vacc1x1;
        vacc0x0 = vacc0x1;
        c0 += 4;
        c1 += 4;
        c2 += 4;
        c3 += 4;
      }
      if (nc & 2) {
        /* movlps: an 8-byte store with no alignment requirement */
        _mm_storel_pi ((__m64 *) c3, vacc3x0);
        _mm_storel_pi ((__m64 *) c2, vacc2x0);
        _mm_storel_pi ((__m64 *) c1, vacc1x0);
        _mm_storel_pi ((__m64 *) c0, vacc0x0);
        vacc3x0 = _mm_movehl_ps (vacc3x0, vacc3x0);
        vacc2x0 = _mm_movehl_ps (vacc2x0, vacc2x0);
        vacc1x0 = _mm_movehl_ps (vacc1x0, vacc1x0);
        vacc0x0 = _mm_movehl_ps (vacc0x0, vacc0x0);
        c0 += 2;
        c1 += 2;
        c2 += 2;
        c3 += 2;
      }
      if (nc & 1) {
        _mm_store_ss (c3, vacc3x0);
        _mm_store_ss (c2, vacc2x0);
        _mm_store_ss (c1, vacc1x0);
        _mm_store_ss (c0, vacc0x0);
      }
      nc = 0;
    }
  } while (nc != 0);
}
