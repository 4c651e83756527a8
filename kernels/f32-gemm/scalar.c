/* gst-edge kernels: f32-gemm microkernel, portable C (path REF).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "f32-gemm/f32-gemm.h"

#include <assert.h>

/* Same expression as the reference: NaN passes through, -0 stays -0. */
static inline float
clamp_f32 (float x, float lo, float hi)
{
  x = x < lo ? lo : x;
  return x > hi ? hi : x;
}

/* 4 rows x 4 channels per step (16 scalar accumulators).
 * Layout: A rows of kc floats a_stride bytes apart, packed weights in
 * blocks of NR = 4 (bias[4], then kc rows of 4), C rows c_stride bytes
 * apart; units and the full contract in f32-gemm.h.
 * Alignment: 4 bytes (float). Aliasing: C overlaps neither A nor the
 * weights. Sums in k order from the bias with separate multiply and add
 * (the build uses -ffp-contract=off), so the result is the reference's. */
void
edge_scalar_f32_gemm_4x4 (size_t mr, size_t nc, size_t kc,
    const float *a, size_t a_stride, const float *packed_w,
    float *c, size_t c_stride, float output_min, float output_max)
{
  const float *w = packed_w;
  const float *a0 = a, *a1, *a2, *a3;
  float *c0 = c, *c1, *c2, *c3;

  assert (mr >= 1 && mr <= 4);
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

  do {
    float acc00 = w[0], acc01 = w[1], acc02 = w[2], acc03 = w[3];
    float acc10 = acc00, acc11 = acc01, acc12 = acc02, acc13 = acc03;
    float acc20 = acc00, acc21 = acc01, acc22 = acc02, acc23 = acc03;
    float acc30 = acc00, acc31 = acc01, acc32 = acc02, acc33 = acc03;

    w += 4;
    for (size_t k = 0; k < kc; k++) {
      const float va0 = a0[k], va1 = a1[k], va2 = a2[k], va3 = a3[k];
      const float vb0 = w[0], vb1 = w[1], vb2 = w[2], vb3 = w[3];

      w += 4;
      acc00 += va0 * vb0;
      acc01 += va0 * vb1;
      acc02 += va0 * vb2;
      acc03 += va0 * vb3;
      acc10 += va1 * vb0;
      acc11 += va1 * vb1;
      acc12 += va1 * vb2;
      acc13 += va1 * vb3;
      acc20 += va2 * vb0;
      acc21 += va2 * vb1;
      acc22 += va2 * vb2;
      acc23 += va2 * vb3;
      acc30 += va3 * vb0;
      acc31 += va3 * vb1;
      acc32 += va3 * vb2;
      acc33 += va3 * vb3;
    }

    acc00 = clamp_f32 (acc00, output_min, output_max);
    acc01 = clamp_f32 (acc01, output_min, output_max);
    acc02 = clamp_f32 (acc02, output_min, output_max);
    acc03 = clamp_f32 (acc03, output_min, output_max);
    acc10 = clamp_f32 (acc10, output_min, output_max);
    acc11 = clamp_f32 (acc11, output_min, output_max);
    acc12 = clamp_f32 (acc12, output_min, output_max);
    acc13 = clamp_f32 (acc13, output_min, output_max);
    acc20 = clamp_f32 (acc20, output_min, output_max);
    acc21 = clamp_f32 (acc21, output_min, output_max);
    acc22 = clamp_f32 (acc22, output_min, output_max);
    acc23 = clamp_f32 (acc23, output_min, output_max);
    acc30 = clamp_f32 (acc30, output_min, output_max);
    acc31 = clamp_f32 (acc31, output_min, output_max);
    acc32 = clamp_f32 (acc32, output_min, output_max);
    acc33 = clamp_f32 (acc33, output_min, output_max);

    if (nc >= 4) {
      /* highest row first: with aliased rows the values are equal anyway */
      c3[0] = acc30;
      c3[1] = acc31;
      c3[2] = acc32;
      c3[3] = acc33;
      c2[0] = acc20;
      c2[1] = acc21;
      c2[2] = acc22;
      c2[3] = acc23;
      c1[0] = acc10;
      c1[1] = acc11;
      c1[2] = acc12;
      c1[3] = acc13;
      c0[0] = acc00;
      c0[1] = acc01;
      c0[2] = acc02;
      c0[3] = acc03;
      c0 += 4;
      c1 += 4;
      c2 += 4;
      c3 += 4;
      nc -= 4;
    } else {
      if (nc & 2) {
        c3[0] = acc30;
        c3[1] = acc31;
        c2[0] = acc20;
        c2[1] = acc21;
        c1[0] = acc10;
        c1[1] = acc11;
        c0[0] = acc00;
        c0[1] = acc01;
        acc30 = acc32;
        acc20 = acc22;
        acc10 = acc12;
        acc00 = acc02;
        c0 += 2;
        c1 += 2;
        c2 += 2;
        c3 += 2;
      }
      if (nc & 1) {
        c3[0] = acc30;
        c2[0] = acc20;
        c1[0] = acc10;
        c0[0] = acc00;
      }
      nc = 0;
    }
  } while (nc != 0);
}
