/* gst-edge kernels: qs8-gemm weight packing and parameters (portable C).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "qs8-gemm/qs8-gemm.h"

#include <assert.h>
#include <string.h>

static size_t
round_up (size_t x, size_t m)
{
  return (x + m - 1) / m * m;
}

size_t
edge_qs8_gemm_packed_size (size_t nc, size_t kc, unsigned nr, unsigned kr)
{
  assert (nr > 0 && kr > 0);
  return round_up (nc, nr) * (round_up (kc, kr) + 2 * sizeof (int32_t));
}

void
edge_qs8_gemm_pack (size_t nc, size_t kc, unsigned nr, unsigned kr,
    const int8_t * weight, const int32_t * bias, int32_t input_zero_point,
    const float *multiplier, void *packed)
{
  const size_t kcp = round_up (kc, kr);
  uint8_t *out = packed;

  assert (nr > 0 && kr > 0 && kc > 0);
  assert (weight && multiplier && packed);
  assert (input_zero_point >= -128 && input_zero_point <= 127);

  for (size_t n0 = 0; n0 < nc; n0 += nr) {
    int32_t *b = (int32_t *) (void *) out;
    int8_t *w = (int8_t *) (out + nr * sizeof (int32_t));
    float *m = (float *) (void *) (w + nr * kcp);

    for (size_t n = 0; n < nr; n++) {
      int32_t bv = 0;
      float mv = 0.0f;
      if (n0 + n < nc) {
        const int8_t *row = weight + (n0 + n) * kc;
        uint32_t sum = 0;
        for (size_t k = 0; k < kc; k++)
          sum += (uint32_t) (int32_t) row[k];
        /* modulo 2^32: the reference adds the bias with wrap-around */
        bv = (int32_t) ((bias ? (uint32_t) bias[n0 + n] : 0u) -
            (uint32_t) input_zero_point * sum);
        mv = multiplier[n0 + n];
      }
      memcpy (&b[n], &bv, sizeof (bv));
      memcpy (&m[n], &mv, sizeof (mv));
    }
    for (size_t k0 = 0; k0 < kcp; k0 += kr) {
      for (size_t p = 0; p < nr; p++) {
        const size_t n = n0 + edge_qs8_gemm_packed_channel (nr, kr, p);
        for (size_t k = k0; k < k0 + kr; k++)
          *w++ = (n < nc && k < kc) ? weight[n * kc + k] : 0;
      }
    }
    out += nr * (kcp + 2 * sizeof (int32_t));
  }
}
