/* gst-edge kernels: helpers shared by the ORC wrappers (private).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_ORC_COMMON_H__
#define __EDGE_ORC_COMMON_H__

#include <limits.h>
#include <stdint.h>

/* the orcc output for edge-orc.orc: generated in the build directory, or
 * the committed edge-orc-dist.h copied there */
#include "orc/edge-orc.h"

/* Float bits of 1.5 * 2^23: for |x| <= 2^22, the bits of x + 1.5 * 2^23
 * are EDGE_ORC_MAGIC_BITS + round_half_even (x). */
#define EDGE_ORC_MAGIC_BITS 0x4B400000

/* Largest element count passed to one ORC call (its n is an int). */
#define EDGE_ORC_MAX_N (1 << 30)

/* The clamp bounds and integer offset of the requantization rule for one
 * output zero point and range, as the ORC programs take them: x is clamped
 * to [lo, hi] (the bounds edge_requantize () uses), and
 * bits (x + 1.5 * 2^23) - k == round (x) + zero_point. */
typedef struct
{
  float lo, hi;
  int k;
} EdgeOrcRequant;

static inline EdgeOrcRequant
edge_orc_requant (int32_t zero_point, int32_t qmin, int32_t qmax)
{
  EdgeOrcRequant r;

  r.lo = (float) (qmin - zero_point);
  r.hi = (float) (qmax - zero_point);
  r.k = EDGE_ORC_MAGIC_BITS - zero_point;
  return r;
}

/* ORC 0.4.33's SSE backend sets flush-to-zero and denormals-are-zero in
 * MXCSR for programs with float instructions and, by a bug in
 * orc_sse_restore_mxcsr () (it reloads the modified value, not the saved
 * one), leaves them set in the calling thread afterwards. That would change
 * every later float computation of the thread (the reference kernels, the
 * application), so each wrapper that runs float programs saves MXCSR on
 * entry and restores it before returning, on every thread it uses. Between
 * its ORC calls a wrapper only runs integer code, copies, or int8
 * requantization, which denormal flushing cannot change
 * (edge-orc.orc). */
#if defined(__x86_64__) || (defined(__i386__) && defined(__SSE__))
#include <xmmintrin.h>

typedef unsigned int EdgeOrcFpState;

static inline EdgeOrcFpState
edge_orc_fp_save (void)
{
  return _mm_getcsr ();
}

static inline void
edge_orc_fp_restore (EdgeOrcFpState state)
{
  _mm_setcsr (state);
}
#else
typedef int EdgeOrcFpState;

static inline EdgeOrcFpState
edge_orc_fp_save (void)
{
  return 0;
}

static inline void
edge_orc_fp_restore (EdgeOrcFpState state)
{
  (void) state;
}
#endif

/* v fits an ORC int argument (a count or a stride in bytes). */
static inline int
edge_orc_fits_int (int64_t v)
{
  return v >= 0 && v <= INT_MAX;
}

#endif /* __EDGE_ORC_COMMON_H__ */
