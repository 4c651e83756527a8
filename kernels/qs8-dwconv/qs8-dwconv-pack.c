/* gst-edge kernels: qs8-dwconv weight packing and parameters (portable C).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "qs8-dwconv/qs8-dwconv.h"

#include <assert.h>
#include <string.h>

/* bias'[nr], 5 tap pairs of int16 [nr][2], multiplier[nr] */
#define TILE_BYTES(nr) ((size_t) (nr) * (4 + 5 * 2 * 2 + 4))

size_t
edge_qs8_dwconv3x3_packed_size (size_t channels, unsigned nr)
{
  assert (nr > 0);
  return (channels + nr - 1) / nr * TILE_BYTES (nr);
}

void
edge_qs8_dwconv3x3_pack (size_t channels, unsigned nr,
    const int8_t * weight, const int32_t * bias, int32_t input_zero_point,
    const float *multiplier, void *packed)
{
  uint8_t *out = packed;

  assert (nr > 0 && channels > 0);
  assert (weight && multiplier && packed);
  assert (input_zero_point >= -128 && input_zero_point <= 127);

  for (size_t c0 = 0; c0 < channels; c0 += nr) {
    uint8_t *b = out;
    uint8_t *w = out + (size_t) nr * 4;
    uint8_t *m = w + (size_t) nr * 5 * 2 * 2;

    for (size_t i = 0; i < nr; i++) {
      const size_t c = c0 + edge_qs8_dwconv_packed_channel (nr, i);
      int16_t tap[10] = { 0 };
      int32_t bv = 0;
      float mv = 0.0f;

      if (c < channels) {
        uint32_t sum = 0;
        /* OHWI [c][ky][kx] -> column-major tap t = kx * 3 + ky */
        for (int ky = 0; ky < 3; ky++)
          for (int kx = 0; kx < 3; kx++) {
            const int8_t v = weight[c * 9 + (size_t) ky * 3 + kx];
            tap[kx * 3 + ky] = v;
            sum += (uint32_t) (int32_t) v;
          }
        /* modulo 2^32: the reference adds the bias with wrap-around */
        bv = (int32_t) ((bias ? (uint32_t) bias[c] : 0u) -
            (uint32_t) input_zero_point * sum);
        mv = multiplier[c];
      }
      memcpy (b + i * 4, &bv, 4);
      memcpy (m + i * 4, &mv, 4);
      for (int q = 0; q < 5; q++)
        memcpy (w + ((size_t) q * nr + i) * 4, &tap[2 * q], 4);
    }
    out += TILE_BYTES (nr);
  }
}
