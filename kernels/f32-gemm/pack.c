/* gst-edge kernels: f32-gemm weight packing (portable C).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Layout: see f32-gemm.h. Runs once per layer at model load, so it favours
 * clarity over speed. */

#include "f32-gemm/f32-gemm.h"

#include <assert.h>
#include <stdint.h>

size_t
edge_f32_gemm_packed_size (size_t nc, size_t kc, unsigned nr)
{
  size_t blocks;

  assert (nc >= 1 && kc >= 1 && nr >= 1);
  blocks = nc / nr + (nc % nr != 0);
  /* blocks * (kc + 1) * nr * sizeof (float) without overflow */
  assert (kc < SIZE_MAX / sizeof (float) / nr - 1);
  assert (blocks <= SIZE_MAX / ((kc + 1) * nr * sizeof (float)));
  return blocks * (kc + 1) * nr * sizeof (float);
}

void
edge_f32_gemm_pack (size_t nc, size_t kc, unsigned nr, const float *weight,
    const float *bias, float *packed)
{
  assert (nc >= 1 && kc >= 1 && nr >= 1);
  assert (weight && packed);

  for (size_t n0 = 0; n0 < nc; n0 += nr) {
    /* channels of this block that exist; the rest are zero padding */
    const size_t nb = nc - n0 < nr ? nc - n0 : nr;

    for (size_t j = 0; j < nr; j++)
      *packed++ = (j < nb && bias) ? bias[n0 + j] : 0.0f;
    for (size_t k = 0; k < kc; k++) {
      for (size_t j = 0; j < nr; j++)
        *packed++ = j < nb ? weight[(n0 + j) * kc + k] : 0.0f;
    }
  }
}
