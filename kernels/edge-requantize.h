/* gst-edge kernels: the one requantization rule, shared by every path.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_REQUANTIZE_H__
#define __EDGE_REQUANTIZE_H__

#include <math.h>
#include <stdint.h>

/* The requantization rule. @x is the real value in units of the output scale
 * (an exact integer accumulator times a float32 multiplier). Clamping to
 * [qmin - zero_point, qmax - zero_point] before rounding equals saturating
 * after it (rounding is monotonic and the bounds are integers), and it keeps
 * the float -> int conversion in range. Rounding is half to even: rintf()
 * under the default rounding mode, which the library never changes; SIMD
 * paths use the same mode (cvtps2dq) or the 1.5 * 2^23 addition trick, both
 * exact for |x| <= 2^22. NaN (impossible with finite scales) maps to qmin. */
static inline int32_t
edge_requantize (float x, int32_t zero_point, int32_t qmin, int32_t qmax)
{
  const float lo = (float) (qmin - zero_point);
  const float hi = (float) (qmax - zero_point);

  x = fmaxf (x, lo);            /* fmaxf (NaN, lo) == lo */
  x = fminf (x, hi);
  return (int32_t) rintf (x) + zero_point;
}

#endif /* __EDGE_REQUANTIZE_H__ */
