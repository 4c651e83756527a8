/* gst-edge kernels: qs8-dwconv microkernels in portable C (path REF).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The packing read the obvious way, one channel at a time. Sums run in
 * uint32 so overflow wraps (defined) exactly like the SIMD int32 adds;
 * edge_requantize () applies the rule. */

#include "qs8-dwconv/qs8-dwconv.h"
#include "edge-requantize.h"

#include <assert.h>
#include <string.h>

static inline void
scalar_dwconv3x3 (size_t NR, size_t channels, size_t output_pixels,
    const int8_t * const *input, size_t input_stride, size_t input_offset,
    const int8_t * zero, const void *packed_w, int8_t * output,
    size_t output_stride, const EdgeQs8RequantParams * params)
{
  const size_t tile_bytes = NR * (4 + 5 * 2 * 2 + 4);

  assert (channels >= 1 && output_pixels >= 1);
  assert (input && zero && packed_w && output && params);
  assert (input_stride >= 1);

  for (size_t p = 0; p < output_pixels; p++) {
    const int8_t *x[9];
    int8_t *o = output + p * output_stride;

    for (int t = 0; t < 9; t++) {
      x[t] = input[p * input_stride + t];
      if (x[t] != zero)
        x[t] += input_offset;
    }
    for (size_t c = 0; c < channels; c++) {
      /* position of channel c in its tile (the mapping is an involution) */
      const size_t i = edge_qs8_dwconv_packed_channel ((unsigned) NR,
          c % NR);
      const uint8_t *tile = (const uint8_t *) packed_w + c / NR * tile_bytes;
      const uint8_t *w = tile + NR * 4;
      int32_t bias;
      float m;
      uint32_t acc;

      memcpy (&bias, tile + i * 4, 4);
      memcpy (&m, w + NR * 5 * 4 + i * 4, 4);
      acc = (uint32_t) bias;
      for (int t = 0; t < 9; t++) {
        int16_t wt;
        memcpy (&wt, w + ((size_t) (t / 2) * NR + i) * 4 + (t % 2) * 2, 2);
        acc += (uint32_t) ((int32_t) x[t][c] * (int32_t) wt);
      }
      o[c] = (int8_t) edge_requantize ((float) (int32_t) acc * m,
          params->output_zero_point, params->output_min, params->output_max);
    }
  }
}

void
edge_scalar_qs8_dwconv3x3_16 (size_t channels, size_t output_pixels,
    const int8_t * const *input, size_t input_stride, size_t input_offset,
    const int8_t * zero, const void *packed_w, int8_t * output,
    size_t output_stride, const EdgeQs8RequantParams * params)
{
  scalar_dwconv3x3 (16, channels, output_pixels, input, input_stride,
      input_offset, zero, packed_w, output, output_stride, params);
}

void
edge_scalar_qs8_dwconv3x3_8 (size_t channels, size_t output_pixels,
    const int8_t * const *input, size_t input_stride, size_t input_offset,
    const int8_t * zero, const void *packed_w, int8_t * output,
    size_t output_stride, const EdgeQs8RequantParams * params)
{
  scalar_dwconv3x3 (8, channels, output_pixels, input, input_stride,
      input_offset, zero, packed_w, output, output_stride, params);
}

void
edge_scalar_qs8_dwconv3x3_32 (size_t channels, size_t output_pixels,
    const int8_t * const *input, size_t input_stride, size_t input_offset,
    const int8_t * zero, const void *packed_w, int8_t * output,
    size_t output_stride, const EdgeQs8RequantParams * params)
{
  scalar_dwconv3x3 (32, channels, output_pixels, input, input_stride,
      input_offset, zero, packed_w, output, output_stride, params);
}
