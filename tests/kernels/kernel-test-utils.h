/* Helpers shared by the kernel suites: deterministic data, float oracles.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __KERNEL_TEST_UTILS_H__
#define __KERNEL_TEST_UTILS_H__

#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "edge-kernels.h"

/* Fixed seed per suite: failures reproduce exactly. */
static inline GRand *
ktest_rand_new (void)
{
  return g_rand_new_with_seed (0x5eed);
}

static inline void
ktest_fill_s8 (GRand * r, int8_t * p, size_t n, int lo, int hi)
{
  for (size_t i = 0; i < n; i++)
    p[i] = (int8_t) g_rand_int_range (r, lo, hi + 1);
}

static inline void
ktest_fill_f32 (GRand * r, float *p, size_t n, double lo, double hi)
{
  for (size_t i = 0; i < n; i++)
    p[i] = (float) g_rand_double_range (r, lo, hi);
}

/* The float oracle of an int8 output: quantize the exactly computed real
 * value (double) with plain rounding and saturation. Kernels must land
 * within 1 LSB of it. */
static inline int
ktest_quantize_double (double real, double scale, int zero_point, int qmin,
    int qmax)
{
  double q = nearbyint (real / scale) + zero_point;
  if (q < qmin)
    q = qmin;
  if (q > qmax)
    q = qmax;
  return (int) q;
}

/* Asserts |got - want| <= tol for every element; names the first index. */
#define ktest_assert_s8_near(got, want, n, tol) G_STMT_START {          \
  for (size_t _i = 0; _i < (size_t) (n); _i++) {                        \
    int _d = (int) (got)[_i] - (int) (want)[_i];                        \
    if (_d < -(tol) || _d > (tol))                                      \
      g_error ("%s:%d: element %zu: got %d want %d (tol %d)",           \
          __FILE__, __LINE__, _i, (int) (got)[_i], (int) (want)[_i],    \
          (int) (tol));                                                 \
  }                                                                     \
} G_STMT_END

#define ktest_assert_f32_near(got, want, n, atol, rtol) G_STMT_START {  \
  for (size_t _i = 0; _i < (size_t) (n); _i++) {                        \
    double _g = (got)[_i], _w = (want)[_i];                             \
    if (!(fabs (_g - _w) <= (atol) + (rtol) * fabs (_w)))               \
      g_error ("%s:%d: element %zu: got %.9g want %.9g",                \
          __FILE__, __LINE__, _i, _g, _w);                              \
  }                                                                     \
} G_STMT_END

#endif /* __KERNEL_TEST_UTILS_H__ */
