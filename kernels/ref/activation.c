/* gst-edge kernels: reference float activations (sigmoid, softmax).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Reference versions. They call libm's expf(), so vectorized paths with
 * their own exponential are compared against them with a tolerance, not bit
 * for bit (unlike the int8 kernels). */

#include "edge-kernels.h"

#include <assert.h>
#include <math.h>

/* out = 1 / (1 + exp (-x)), [n] elements, in place allowed. Evaluated as
 *   x >= 0: 1 / (1 + expf (-x))
 *   x <  0: e / (1 + e), e = expf (x)
 * so expf() only ever sees a non-positive argument: it never overflows, and
 * tiny results for very negative x keep their relative precision instead of
 * flushing to 0. sigmoid (+inf) = 1, sigmoid (-inf) = 0, NaN stays NaN. */
void
edge_ref_f32_sigmoid (size_t n, const float *input, float *output)
{
  assert (n == 0 || (input != NULL && output != NULL));

  for (size_t i = 0; i < n; i++) {
    const float x = input[i];

    if (x >= 0.0f) {
      output[i] = 1.0f / (1.0f + expf (-x));
    } else if (x < 0.0f) {
      const float e = expf (x);
      output[i] = e / (1.0f + e);
    } else {
      output[i] = x;            /* NaN */
    }
  }
}

/* Softmax of each row of [rows][cols] (row-major), in place allowed:
 *   m = max of the row (first element, then v > m ? v : m)
 *   e_j = expf (x_j - m)          (stored into the output)
 *   s = e_0 + e_1 + ...           (float32, in column order)
 *   out_j = e_j / s
 * Subtracting the max keeps every exponent <= 0, so no overflow for any
 * finite logits, and s >= 1 (the max's own term is 1). -inf logits give 0
 * unless the whole row is -inf; a +inf or NaN logit makes the row NaN. */
void
edge_ref_f32_softmax (size_t rows, size_t cols, const float *input,
    float *output)
{
  assert (rows == 0 || (cols > 0 && input != NULL && output != NULL));
  assert (rows == 0 || cols <= SIZE_MAX / sizeof (float) / rows);

  for (size_t r = 0; r < rows; r++) {
    const float *in = input + r * cols;
    float *out = output + r * cols;
    float m = in[0];
    float s = 0.0f;

    for (size_t j = 1; j < cols; j++)
      m = (in[j] > m) ? in[j] : m;

    /* in place: in[j] is read before out[j], the same element, is written */
    for (size_t j = 0; j < cols; j++) {
      out[j] = expf (in[j] - m);
      s += out[j];
    }

    for (size_t j = 0; j < cols; j++)
      out[j] = out[j] / s;
  }
}
