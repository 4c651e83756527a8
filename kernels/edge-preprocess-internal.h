/* gst-edge kernels: the pieces every pre-processing path shares.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * The reference (kernels/ref/preprocess.c) is the oracle that fast paths
 * must match bit for bit. Everything a fast path needs to get the same bits
 * lives here: it calls the same table builders (so interpolation indices and
 * weights are identical) and the same integer colour rules (inline below),
 * and only changes how the loops run. The pipeline of one output value is:
 *
 *   1. geometry: edge_preprocess_placement () then one tap table per axis
 *      and per plane resolution (edge_preprocess_axis_init ()).
 *   2. sampling: v = sum over the 2x2 neighbours of wy * wx * p, an exact
 *      integer in units of 1/65536 of a pixel value (EDGE_PREPROCESS_V_ONE),
 *      at most 255 * 65536 < 2^24, so (float) v is exact.
 *   3. colour, in integers on v: YUV -> RGB (edge_preprocess_yuv_to_rgb ()),
 *      RGB -> luma (edge_preprocess_luma ()), Y -> gray
 *      (edge_preprocess_y_to_gray ()); the letterbox border is
 *      v = letterbox_fill * 65536 in every channel.
 *   4. normalization, float32, per output channel c:
 *      x = (float) v * a[c] + b[c]   (two roundings, no FMA)
 *      float output: x; int8 output: edge_requantize (x, zp, -128, 127).
 */

#ifndef __EDGE_PREPROCESS_INTERNAL_H__
#define __EDGE_PREPROCESS_INTERNAL_H__

#include <stdint.h>

#include "edge-kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Interpolation weights are integers in [0, 256]: 1 == 1 / 256. */
#define EDGE_PREPROCESS_WEIGHT_BITS 8
#define EDGE_PREPROCESS_WEIGHT_ONE (1 << EDGE_PREPROCESS_WEIGHT_BITS)

/* A resampled value v is in units of 1 / (256 * 256) of a pixel value. */
#define EDGE_PREPROCESS_V_SHIFT (2 * EDGE_PREPROCESS_WEIGHT_BITS)
#define EDGE_PREPROCESS_V_ONE (1 << EDGE_PREPROCESS_V_SHIFT)
#define EDGE_PREPROCESS_V_MAX (255u << EDGE_PREPROCESS_V_SHIFT)

/* Limits checked by edge_preprocess_params_valid (). They keep every
 * intermediate far from overflow and reject garbage sizes early. */
#define EDGE_PREPROCESS_MAX_FRAME_SIZE 65536    /* frame width / height */
#define EDGE_PREPROCESS_MAX_OUTPUT_SIZE 16384   /* out_w / out_h */

/* One output coordinate on one axis: the two source samples it blends
 * (absolute indices in the plane, i0 <= i1, both inside the crop) and their
 * weights, w0 + w1 == EDGE_PREPROCESS_WEIGHT_ONE. */
typedef struct EdgePreprocessTap {
  int32_t i0, i1;
  int32_t w0, w1;
} EdgePreprocessTap;

/* Fills taps[0 .. placed_len - 1] for one axis. The crop covers luma samples
 * [crop_start, crop_start + crop_len); @subsampling is 1 for the luma or
 * packed plane and 2 for a half-resolution chroma plane. The one coordinate
 * rule of the library, evaluated in double:
 *
 *   t = (i + 0.5) * crop_len / placed_len      centre of output sample i,
 *                                              in luma units from the crop
 *                                              edge
 *   lo = crop_start / sub, hi = (crop_start + crop_len - 1) / sub
 *                                              (integer division: the plane
 *                                              samples touching the crop)
 *   s = ((crop_start - lo * sub) + t) / sub - 0.5, clamped to [0, hi - lo]
 *   x0 = floor (s), x1 = min (x0 + 1, hi - lo), f = s - x0
 *   w1 = (int) floor (f * 256 + 0.5), w0 = 256 - w1
 *   i0 = lo + x0, i1 = lo + x1
 *
 * For sub == 1 this is s = (i + 0.5) * crop_len / placed_len - 0.5 on the
 * crop. For sub == 2 it is the same continuous position divided by two
 * (chroma sample k covers luma [2k, 2k + 2), centred on 2k + 1, "jpeg"
 * siting), so no rounding of odd crops: an odd crop_start begins in the
 * second half of chroma sample lo (phase 1 shifts every position by half a
 * chroma sample), and the clamp range is the chroma samples the crop
 * overlaps, including the half-covered ones at an odd start or end. For an
 * even crop_start and crop_len this is the sub == 1 rule on the crop
 * (crop_start / 2, crop_len / 2) of the chroma plane. */
void edge_preprocess_axis_init (EdgePreprocessTap * taps, int32_t placed_len,
    int32_t crop_start, int32_t crop_len, int32_t subsampling);

/* I420 and NV12: resampled per plane, then converted to RGB. */
static inline int
edge_pixel_format_is_yuv (EdgePixelFormat format)
{
  return format == EDGE_PIXEL_FORMAT_I420 || format == EDGE_PIXEL_FORMAT_NV12;
}

/* Everything geometric about one call. x/y taps index the packed or luma
 * plane; cx/cy taps the chroma plane (I420, NV12; NULL otherwise). Tap
 * tables are indexed by the output coordinate minus placed_x / placed_y. */
typedef struct EdgePreprocessGeometry {
  int32_t placed_x, placed_y, placed_w, placed_h;
  EdgePreprocessTap *x_taps, *y_taps;
  EdgePreprocessTap *cx_taps, *cy_taps;
} EdgePreprocessGeometry;

/* Tap entries the geometry of @p needs for @frame's format. */
size_t edge_preprocess_geometry_n_taps (const EdgeFrame * frame,
    const EdgePreprocessParams * p);
/* Builds the geometry on caller storage: @taps holds
 * edge_preprocess_geometry_n_taps () entries (no allocation; do not call
 * edge_preprocess_geometry_clear () on it). */
void edge_preprocess_geometry_init_on (EdgePreprocessGeometry * g,
    const EdgeFrame * frame, const EdgePreprocessParams * p,
    EdgePreprocessTap * taps);
/* Builds the geometry (one allocation). Returns 0 when out of memory.
 * Frame and parameters must be valid. */
int edge_preprocess_geometry_init (EdgePreprocessGeometry * g,
    const EdgeFrame * frame, const EdgePreprocessParams * p);
void edge_preprocess_geometry_clear (EdgePreprocessGeometry * g);

/* Packed formats: bytes per pixel and byte offsets of R, G, B in a pixel
 * (GRAY8: 1, {0, 0, 0}). Returns 0 for planar formats. */
int edge_preprocess_packed_layout (EdgePixelFormat format,
    int32_t * bytes_per_pixel, int32_t offsets[3]);

/* Normalization coefficients, in output channel order (channels is 3, or 1
 * for EDGE_COLOR_ORDER_GRAY). float32 expressions, evaluated as written:
 *   float: a[c] = scale[c] / 65536.0f
 *          b[c] = -mean[c] * scale[c]
 *   int8:  a[c] = scale[c] / (65536.0f * output_scale)
 *          b[c] = (-mean[c] * scale[c]) / output_scale
 * (65536.0f * output_scale is exact barring overflow, so a[c] is rounded
 * once; b[c] twice.) */
typedef struct EdgePreprocessNorm {
  int32_t channels;
  float a[3], b[3];
} EdgePreprocessNorm;

void edge_preprocess_norm_f32 (const EdgePreprocessParams * p,
    EdgePreprocessNorm * n);
void edge_preprocess_norm_s8 (const EdgePreprocessParams * p,
    EdgePreprocessNorm * n);

/* The v values (output channel order) of output pixel (ox, oy), border
 * included: the reference's whole per-pixel pipeline up to normalization.
 * Fast paths may use it for their edges and tails. */
void edge_preprocess_pixel (const EdgeFrame * frame,
    const EdgePreprocessParams * p, const EdgePreprocessGeometry * g,
    int32_t ox, int32_t oy, uint32_t v[3]);

/* ---- integer colour rules (operate on v, units of 1/65536) ------------- */

/* Limited-range YUV -> RGB coefficients, round (c * 8192) of
 *   R = Y' + 2 (1 - Kr) Pr
 *   G = Y' - 2 Kb (1 - Kb) / Kg Pb - 2 Kr (1 - Kr) / Kg Pr
 *   B = Y' + 2 (1 - Kb) Pb
 * with Y' = (Y - 16) * 255 / 219, Pb,r = (U,V - 128) * 255 / 224;
 * BT.601 Kr = 0.299, Kb = 0.114; BT.709 Kr = 0.2126, Kb = 0.0722. */
#define EDGE_PREPROCESS_YUV_BITS 13

typedef struct EdgePreprocessYuvCoeffs {
  int32_t y, rv, gu, gv, bu;    /* G subtracts gu and gv */
} EdgePreprocessYuvCoeffs;

/* The constants of @matrix (a valid EdgeYuvMatrix):
 *   BT.601: y 9539 (1.164384), rv 13075 (1.596027), gu 3209 (0.391762),
 *           gv 6660 (0.812968), bu 16525 (2.017232)
 *   BT.709: y 9539 (1.164384), rv 14686 (1.792741), gu 1747 (0.213249),
 *           gv 4366 (0.532909), bu 17305 (2.112402) */
const EdgePreprocessYuvCoeffs *edge_preprocess_yuv_coeffs (EdgeYuvMatrix
    matrix);

/* v (units 2^-16) -> centred input of the matrix, in units of 1/256.
 * Rounding v to 1/256 first (half up) keeps the matrix in int32: Y - 16 is
 * in [-4096, 61184], U, V - 128 in [-32768, 32512], so every row sum is
 * below 9539 * 61184 + 17305 * 32512 < 1.15e9 < 2^31 in magnitude. */
static inline int32_t
edge_preprocess_yuv_in (uint32_t v, int32_t offset)
{
  return (int32_t) ((v + 128) >> 8) - (offset << 8);
}

/* A matrix row result (units 2^-21 of a pixel value) -> v, clamped to
 * [0, 255 * 65536]: clamp first so the shift works on a non-negative value,
 * then round half up. */
static inline uint32_t
edge_preprocess_yuv_out (int32_t t)
{
  const int32_t hi = 255 << (8 + EDGE_PREPROCESS_YUV_BITS);
  const int32_t sh = 8 + EDGE_PREPROCESS_YUV_BITS - EDGE_PREPROCESS_V_SHIFT;

  if (t < 0)
    t = 0;
  if (t > hi)
    t = hi;
  return (uint32_t) ((t + (1 << (sh - 1))) >> sh);
}

/* Resampled Y, U, V -> R, G, B, all in v units. */
static inline void
edge_preprocess_yuv_to_rgb (const EdgePreprocessYuvCoeffs * k, uint32_t vy,
    uint32_t vu, uint32_t vv, uint32_t rgb[3])
{
  const int32_t y = k->y * edge_preprocess_yuv_in (vy, 16);
  const int32_t u = edge_preprocess_yuv_in (vu, 128);
  const int32_t v = edge_preprocess_yuv_in (vv, 128);

  rgb[0] = edge_preprocess_yuv_out (y + k->rv * v);
  rgb[1] = edge_preprocess_yuv_out (y - k->gu * u - k->gv * v);
  rgb[2] = edge_preprocess_yuv_out (y + k->bu * u);
}

/* GRAY output from a YUV source: Y alone, expanded from limited to full
 * range exactly like the Y term of edge_preprocess_yuv_to_rgb (), so a
 * neutral (U = V = 128) picture gives the same gray as its RGB conversion. */
static inline uint32_t
edge_preprocess_y_to_gray (const EdgePreprocessYuvCoeffs * k, uint32_t vy)
{
  return edge_preprocess_yuv_out (k->y * edge_preprocess_yuv_in (vy, 16));
}

/* GRAY output from RGB: BT.601 luma with 8-bit weights, round (256 * 0.299,
 * 0.587, 0.114) = 77, 150, 29, which sum to 256 so a gray pixel keeps its
 * exact value; the result is rounded half up. Unsigned: the sum is at most
 * 256 * 255 * 65536 + 128 < 2^32. */
static inline uint32_t
edge_preprocess_luma (uint32_t r, uint32_t g, uint32_t b)
{
  return (77u * r + 150u * g + 29u * b + 128u) >> 8;
}

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_PREPROCESS_INTERNAL_H__ */
