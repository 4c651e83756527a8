/* gst-edge kernels: helpers shared by the reference implementations.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_REF_INTERNAL_H__
#define __EDGE_REF_INTERNAL_H__

/* Marks helpers only assert() calls, so NDEBUG builds stay warning-free. */
#define EDGE_ASSERT_ONLY __attribute__ ((unused))

#include <math.h>
#include <stdint.h>

static inline EDGE_ASSERT_ONLY int
scale_is_valid (float scale)
{
  return isfinite (scale) && scale > 0.0f;
}

static inline EDGE_ASSERT_ONLY int
zero_point_is_valid (int32_t zero_point)
{
  return zero_point >= INT8_MIN && zero_point <= INT8_MAX;
}

#endif /* __EDGE_REF_INTERNAL_H__ */
