/* gst-edge kernels: ORC pre-processing (video frame -> network input).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Same pipeline as kernels/ref/preprocess.c, reorganized by rows and
 * blocks of pixels, with the reference's own pieces so every value is
 * identical (edge-preprocess-internal.h): the tap tables come from
 * edge_preprocess_axis_init (), the placement from
 * edge_preprocess_placement (), the normalization coefficients from
 * edge_preprocess_norm_f32/_s8 () and the colour rules are its inline
 * functions. Sampling is a gather (C); the bilinear sum is exact in
 * integers, so computing it here gives the reference's v. Normalization
 * x = (float) v * a[c] + b[c] and the requantization run in ORC over a
 * block of pixels; the letterbox border is one constant per channel.
 *
 * The tap tables are on the stack (EDGE_ORC_PREPROCESS_MAX_TAPS, 40 KiB);
 * larger outputs go to the reference. ORC's float unit flushes denormals:
 * harmless for int8 outputs (edge-orc.orc), and float outputs are only
 * computed in ORC when no product or sum can be denormal (coefficients_safe
 * ()), otherwise by the reference. */

#include "orc/orc-kernels.h"
#include "orc/orc-common.h"
#include "edge-preprocess-internal.h"
#include "edge-requantize.h"

#include <assert.h>
#include <math.h>
#include <string.h>

/* Tap entries on the stack: placed_w + placed_h, twice that for YUV
 * sources (640 x 640 YUV, 1280 x 1280 packed). */
#define EDGE_ORC_PREPROCESS_MAX_TAPS 2560

/* Output pixels per ORC normalization call. */
#define BLOCK 256

typedef struct
{
  const EdgeFrame *frame;
  const EdgePreprocessParams *p;
  EdgePreprocessGeometry g;
  EdgePreprocessNorm norm;
  int32_t channels;
  int32_t bpp, offsets[3];      /* packed formats */
  int yuv;
  const EdgePreprocessYuvCoeffs *k;
} Job;

/* Bilinear sample of one channel, as the reference's sample_plane (): the
 * same integer terms (exact in uint32). */
static inline uint32_t
sample (const uint8_t * r0, const uint8_t * r1, size_t c0, size_t c1,
    uint32_t wx0, uint32_t wx1, uint32_t wy0, uint32_t wy1)
{
  const uint32_t h0 = wx0 * r0[c0] + wx1 * r0[c1];
  const uint32_t h1 = wx0 * r1[c0] + wx1 * r1[c1];

  return wy0 * h0 + wy1 * h1;
}

/* v of output pixels [px, px + count) of placed row py (placed
 * coordinates), written at v[j * vstride + c * cstride]. Packed formats. */
static void
sample_packed (const Job * job, int32_t py, int32_t px, int32_t count,
    int32_t * v, size_t vstride, size_t cstride)
{
  const EdgeFrame *f = job->frame;
  const EdgePreprocessTap *ty = &job->g.y_taps[py];
  const uint8_t *r0 = f->planes[0] + (size_t) ty->i0 * (size_t) f->strides[0];
  const uint8_t *r1 = f->planes[0] + (size_t) ty->i1 * (size_t) f->strides[0];
  const uint32_t wy0 = (uint32_t) ty->w0, wy1 = (uint32_t) ty->w1;
  const size_t bpp = (size_t) job->bpp;
  const EdgeColorOrder order = job->p->color_order;

  if (f->format == EDGE_PIXEL_FORMAT_GRAY8) {
    for (int32_t j = 0; j < count; j++) {
      const EdgePreprocessTap *tx = &job->g.x_taps[px + j];
      const uint32_t gray = sample (r0, r1, (size_t) tx->i0, (size_t) tx->i1,
          (uint32_t) tx->w0, (uint32_t) tx->w1, wy0, wy1);

      for (int32_t c = 0; c < job->channels; c++)
        v[j * vstride + c * cstride] = (int32_t) gray;
    }
    return;
  }

  const size_t o0 = (size_t) job->offsets[0], o1 = (size_t) job->offsets[1],
      o2 = (size_t) job->offsets[2];

  for (int32_t j = 0; j < count; j++) {
    const EdgePreprocessTap *tx = &job->g.x_taps[px + j];
    const size_t c0 = (size_t) tx->i0 * bpp, c1 = (size_t) tx->i1 * bpp;
    const uint32_t wx0 = (uint32_t) tx->w0, wx1 = (uint32_t) tx->w1;
    const uint32_t r = sample (r0, r1, c0 + o0, c1 + o0, wx0, wx1, wy0, wy1);
    const uint32_t g = sample (r0, r1, c0 + o1, c1 + o1, wx0, wx1, wy0, wy1);
    const uint32_t b = sample (r0, r1, c0 + o2, c1 + o2, wx0, wx1, wy0, wy1);
    int32_t *o = v + j * vstride;

    if (order == EDGE_COLOR_ORDER_RGB) {
      o[0] = (int32_t) r;
      o[cstride] = (int32_t) g;
      o[2 * cstride] = (int32_t) b;
    } else if (order == EDGE_COLOR_ORDER_BGR) {
      o[0] = (int32_t) b;
      o[cstride] = (int32_t) g;
      o[2 * cstride] = (int32_t) r;
    } else {
      o[0] = (int32_t) edge_preprocess_luma (r, g, b);
    }
  }
}

/* The same for I420 / NV12: luma and chroma sampled with their own taps,
 * then the integer YUV -> RGB rule (or Y -> gray). */
static void
sample_yuv (const Job * job, int32_t py, int32_t px, int32_t count,
    int32_t * v, size_t vstride, size_t cstride)
{
  const EdgeFrame *f = job->frame;
  const EdgePreprocessTap *ty = &job->g.y_taps[py];
  const EdgePreprocessTap *cy = &job->g.cy_taps[py];
  const uint8_t *y0 = f->planes[0] + (size_t) ty->i0 * (size_t) f->strides[0];
  const uint8_t *y1 = f->planes[0] + (size_t) ty->i1 * (size_t) f->strides[0];
  const uint32_t wy0 = (uint32_t) ty->w0, wy1 = (uint32_t) ty->w1;
  const uint32_t wcy0 = (uint32_t) cy->w0, wcy1 = (uint32_t) cy->w1;
  const EdgeColorOrder order = job->p->color_order;
  const EdgePreprocessYuvCoeffs *k = job->k;
  const uint8_t *u0, *u1, *v0, *v1;
  size_t step, voff;

  if (f->format == EDGE_PIXEL_FORMAT_I420) {
    u0 = f->planes[1] + (size_t) cy->i0 * (size_t) f->strides[1];
    u1 = f->planes[1] + (size_t) cy->i1 * (size_t) f->strides[1];
    v0 = f->planes[2] + (size_t) cy->i0 * (size_t) f->strides[2];
    v1 = f->planes[2] + (size_t) cy->i1 * (size_t) f->strides[2];
    step = 1;
    voff = 0;
  } else {
    u0 = v0 = f->planes[1] + (size_t) cy->i0 * (size_t) f->strides[1];
    u1 = v1 = f->planes[1] + (size_t) cy->i1 * (size_t) f->strides[1];
    step = 2;
    voff = 1;
  }

  for (int32_t j = 0; j < count; j++) {
    const EdgePreprocessTap *tx = &job->g.x_taps[px + j];
    const uint32_t vy = sample (y0, y1, (size_t) tx->i0, (size_t) tx->i1,
        (uint32_t) tx->w0, (uint32_t) tx->w1, wy0, wy1);
    int32_t *o = v + j * vstride;
    uint32_t rgb[3];

    if (order == EDGE_COLOR_ORDER_GRAY) {
      o[0] = (int32_t) edge_preprocess_y_to_gray (k, vy);
      continue;
    }

    const EdgePreprocessTap *cx = &job->g.cx_taps[px + j];
    const size_t c0 = (size_t) cx->i0 * step, c1 = (size_t) cx->i1 * step;
    const uint32_t wx0 = (uint32_t) cx->w0, wx1 = (uint32_t) cx->w1;
    const uint32_t vu = sample (u0, u1, c0, c1, wx0, wx1, wcy0, wcy1);
    const uint32_t vv = sample (v0, v1, c0 + voff, c1 + voff, wx0, wx1,
        wcy0, wcy1);

    edge_preprocess_yuv_to_rgb (k, vy, vu, vv, rgb);
    if (order == EDGE_COLOR_ORDER_RGB) {
      o[0] = (int32_t) rgb[0];
      o[cstride] = (int32_t) rgb[1];
      o[2 * cstride] = (int32_t) rgb[2];
    } else {
      o[0] = (int32_t) rgb[2];
      o[cstride] = (int32_t) rgb[1];
      o[2 * cstride] = (int32_t) rgb[0];
    }
  }
}

static void
sample_block (const Job * job, int32_t py, int32_t px, int32_t count,
    int32_t * v, size_t vstride, size_t cstride)
{
  if (job->yuv)
    sample_yuv (job, py, px, count, v, vstride, cstride);
  else
    sample_packed (job, py, px, count, v, vstride, cstride);
}

/* Sets up the geometry on @taps (no allocation): the same tables
 * edge_preprocess_geometry_init () builds. Returns 0 when they do not fit
 * (the caller then runs the reference). */
static int
job_init (Job * job, const EdgeFrame * frame, const EdgePreprocessParams * p,
    EdgePreprocessTap * taps)
{
  EdgePreprocessGeometry *g = &job->g;
  size_t n;

  job->frame = frame;
  job->p = p;
  job->yuv = edge_pixel_format_is_yuv (frame->format);
  if (!edge_preprocess_packed_layout (frame->format, &job->bpp, job->offsets))
    job->bpp = 0;               /* planar */
  job->k = job->yuv ? edge_preprocess_yuv_coeffs (p->yuv_matrix) : NULL;

  n = edge_preprocess_geometry_n_taps (frame, p);
  if (n > EDGE_ORC_PREPROCESS_MAX_TAPS)
    return 0;
  edge_preprocess_geometry_init_on (g, frame, p, taps);
  return 1;
}

/* Element index of channel c of output pixel (ox, oy). */
static inline size_t
out_index (const EdgePreprocessParams * p, int32_t channels, int32_t c,
    int32_t ox, int32_t oy)
{
  if (p->layout == EDGE_LAYOUT_NHWC)
    return ((size_t) oy * (size_t) p->out_w + (size_t) ox) * (size_t) channels
        + (size_t) c;
  return ((size_t) c * (size_t) p->out_h + (size_t) oy) * (size_t) p->out_w
      + (size_t) ox;
}

/* Output elements of type T for the pixels [x0, x1) of row oy that all
 * hold the per-channel constant border[c]. */
#define FILL_SPAN(T, output, p, channels, border, oy, x0, x1) do {       \
    for (int32_t _x = (x0); _x < (x1); _x++)                              \
      for (int32_t _c = 0; _c < (channels); _c++)                         \
        (output)[out_index ((p), (channels), _c, _x, (oy))] = (border)[_c]; \
  } while (0)

/* No operation of x = (float) v * a + b can meet a denormal when every
 * |a| >= 2^-100 and b is 0 or |b| >= 2^-100: v is an integer, so a
 * non-zero product is at least 2^-100, and a non-zero sum of two floats of
 * at least 2^-100 that nearly cancel is a multiple of 2^-124. Then ORC's
 * flush-to-zero cannot change a float output. */
static int
coefficients_safe (const EdgePreprocessNorm * n)
{
  const float tiny = 0x1p-100f;

  for (int32_t c = 0; c < n->channels; c++) {
    if (!(fabsf (n->a[c]) >= tiny))
      return 0;
    if (n->b[c] != 0.0f && !(fabsf (n->b[c]) >= tiny))
      return 0;
  }
  return 1;
}

void
edge_orc_preprocess_f32 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, float *output)
{
  EdgePreprocessTap taps[EDGE_ORC_PREPROCESS_MAX_TAPS];
  int32_t v[BLOCK * 3];
  float acoef[BLOCK * 3], bcoef[BLOCK * 3], border[3];
  EdgeOrcFpState fp;
  Job job;

  assert (edge_preprocess_params_valid (frame, p));
  assert (output != NULL);

  edge_preprocess_norm_f32 (p, &job.norm);
  if (!coefficients_safe (&job.norm) || !job_init (&job, frame, p, taps)) {
    edge_ref_preprocess_f32 (frame, p, output);
    return;
  }

  const int32_t ch = job.norm.channels;
  const int interleaved = p->layout == EDGE_LAYOUT_NHWC && ch > 1;
  const uint32_t fill = (uint32_t) p->letterbox_fill << EDGE_PREPROCESS_V_SHIFT;
  const EdgePreprocessGeometry *g = &job.g;

  job.channels = ch;
  for (int32_t c = 0; c < ch; c++)
    border[c] = (float) fill * job.norm.a[c] + job.norm.b[c];
  if (interleaved)
    for (int32_t i = 0; i < BLOCK * ch; i++) {
      acoef[i] = job.norm.a[i % ch];
      bcoef[i] = job.norm.b[i % ch];
    }

  fp = edge_orc_fp_save ();
  for (int32_t oy = 0; oy < p->out_h; oy++) {
    const int32_t py = oy - g->placed_y;

    if (py < 0 || py >= g->placed_h) {
      FILL_SPAN (float, output, p, ch, border, oy, 0, p->out_w);
      continue;
    }
    FILL_SPAN (float, output, p, ch, border, oy, 0, g->placed_x);
    for (int32_t px = 0; px < g->placed_w; px += BLOCK) {
      const int32_t count = g->placed_w - px < BLOCK ? g->placed_w - px :
          BLOCK;
      const int32_t ox = g->placed_x + px;

      if (interleaved) {
        sample_block (&job, py, px, count, v, (size_t) ch, 1);
        edge_orc_preprocess_norm_f32_coeffs (output + out_index (p, ch, 0,
                ox, oy), v, acoef, bcoef, count * ch);
      } else {
        sample_block (&job, py, px, count, v, 1, BLOCK);
        for (int32_t c = 0; c < ch; c++)
          edge_orc_preprocess_norm_f32 (output + out_index (p, ch, c, ox,
                  oy), v + c * BLOCK, job.norm.a[c], job.norm.b[c], count);
      }
    }
    FILL_SPAN (float, output, p, ch, border, oy, g->placed_x + g->placed_w,
        p->out_w);
  }
  edge_orc_fp_restore (fp);
}

void
edge_orc_preprocess_s8 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, int8_t * output)
{
  EdgePreprocessTap taps[EDGE_ORC_PREPROCESS_MAX_TAPS];
  int32_t v[BLOCK * 3];
  float acoef[BLOCK * 3], bcoef[BLOCK * 3];
  int8_t border[3];
  EdgeOrcRequant r;
  EdgeOrcFpState fp;
  Job job;

  assert (edge_preprocess_params_valid (frame, p));
  assert (output != NULL);

  edge_preprocess_norm_s8 (p, &job.norm);
  if (!job_init (&job, frame, p, taps)) {
    edge_ref_preprocess_s8 (frame, p, output);
    return;
  }

  const int32_t ch = job.norm.channels;
  const int interleaved = p->layout == EDGE_LAYOUT_NHWC && ch > 1;
  const uint32_t fill = (uint32_t) p->letterbox_fill << EDGE_PREPROCESS_V_SHIFT;
  const EdgePreprocessGeometry *g = &job.g;

  job.channels = ch;
  r = edge_orc_requant (p->output_zero_point, -128, 127);
  for (int32_t c = 0; c < ch; c++) {
    const float x = (float) fill * job.norm.a[c] + job.norm.b[c];

    border[c] = (int8_t) edge_requantize (x, p->output_zero_point, -128, 127);
  }
  if (interleaved)
    for (int32_t i = 0; i < BLOCK * ch; i++) {
      acoef[i] = job.norm.a[i % ch];
      bcoef[i] = job.norm.b[i % ch];
    }

  fp = edge_orc_fp_save ();
  for (int32_t oy = 0; oy < p->out_h; oy++) {
    const int32_t py = oy - g->placed_y;

    if (py < 0 || py >= g->placed_h) {
      FILL_SPAN (int8_t, output, p, ch, border, oy, 0, p->out_w);
      continue;
    }
    FILL_SPAN (int8_t, output, p, ch, border, oy, 0, g->placed_x);
    for (int32_t px = 0; px < g->placed_w; px += BLOCK) {
      const int32_t count = g->placed_w - px < BLOCK ? g->placed_w - px :
          BLOCK;
      const int32_t ox = g->placed_x + px;

      if (interleaved) {
        sample_block (&job, py, px, count, v, (size_t) ch, 1);
        edge_orc_preprocess_norm_s8_coeffs (output + out_index (p, ch, 0, ox,
                oy), v, acoef, bcoef, r.lo, r.hi, r.k, count * ch);
      } else {
        sample_block (&job, py, px, count, v, 1, BLOCK);
        for (int32_t c = 0; c < ch; c++)
          edge_orc_preprocess_norm_s8 (output + out_index (p, ch, c, ox, oy),
              v + c * BLOCK, job.norm.a[c], job.norm.b[c], r.lo, r.hi, r.k,
              count);
      }
    }
    FILL_SPAN (int8_t, output, p, ch, border, oy, g->placed_x + g->placed_w,
        p->out_w);
  }
  edge_orc_fp_restore (fp);
}
