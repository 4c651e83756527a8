/* gst-edge kernels: reference pre-processing (video frame -> network input).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* This file is the oracle the vectorized paths must match bit for bit, so it
 * favours the obvious over the fast: one output pixel at a time, every rule
 * in one place. The rules themselves (coordinates, weights, integer colour
 * conversion, normalization coefficients) are defined once, here and in
 * edge-preprocess-internal.h, and fast paths call the same functions. */

#include "edge-preprocess-internal.h"
#include "edge-requantize.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

/* ------------------------------------------------------------------------ */
/* Formats                                                                   */

int
edge_preprocess_packed_layout (EdgePixelFormat format,
    int32_t * bytes_per_pixel, int32_t offsets[3])
{
  /* byte offsets of R, G, B inside one pixel */
  static const struct
  {
    int32_t bpp, r, g, b;
  } layouts[] = {
    [EDGE_PIXEL_FORMAT_RGB] = {3, 0, 1, 2},
    [EDGE_PIXEL_FORMAT_BGR] = {3, 2, 1, 0},
    [EDGE_PIXEL_FORMAT_RGBX] = {4, 0, 1, 2},
    [EDGE_PIXEL_FORMAT_BGRX] = {4, 2, 1, 0},
    [EDGE_PIXEL_FORMAT_XRGB] = {4, 1, 2, 3},
    [EDGE_PIXEL_FORMAT_RGBA] = {4, 0, 1, 2},
    [EDGE_PIXEL_FORMAT_BGRA] = {4, 2, 1, 0},
    [EDGE_PIXEL_FORMAT_GRAY8] = {1, 0, 0, 0},
  };

  if ((int) format < 0 || (int) format > EDGE_PIXEL_FORMAT_GRAY8)
    return 0;
  *bytes_per_pixel = layouts[format].bpp;
  offsets[0] = layouts[format].r;
  offsets[1] = layouts[format].g;
  offsets[2] = layouts[format].b;
  return 1;
}

static int32_t
output_channels (const EdgePreprocessParams * p)
{
  return p->color_order == EDGE_COLOR_ORDER_GRAY ? 1 : 3;
}

const EdgePreprocessYuvCoeffs *
edge_preprocess_yuv_coeffs (EdgeYuvMatrix matrix)
{
  /* round (c * 2^13) of the coefficients listed in the header */
  static const EdgePreprocessYuvCoeffs coeffs[] = {
    [EDGE_YUV_MATRIX_BT601] = {9539, 13075, 3209, 6660, 16525},
    [EDGE_YUV_MATRIX_BT709] = {9539, 14686, 1747, 4366, 17305},
  };

  assert (matrix == EDGE_YUV_MATRIX_BT601 || matrix == EDGE_YUV_MATRIX_BT709);
  return &coeffs[matrix];
}

/* ------------------------------------------------------------------------ */
/* Validation                                                                */

static int
in_range (int64_t v, int64_t lo, int64_t hi)
{
  return v >= lo && v <= hi;
}

/* The normalized value is monotonic in v, so checking both ends of the v
 * range proves every output is finite (no inf, no NaN from inf - inf). */
static int
norm_finite (const EdgePreprocessNorm * n)
{
  for (int32_t c = 0; c < n->channels; c++) {
    const float lo = 0.0f * n->a[c] + n->b[c];
    const float hi = (float) EDGE_PREPROCESS_V_MAX * n->a[c] + n->b[c];

    if (!isfinite (n->a[c]) || !isfinite (n->b[c]) || !isfinite (lo)
        || !isfinite (hi))
      return 0;
  }
  return 1;
}

int
edge_preprocess_params_valid (const EdgeFrame * frame,
    const EdgePreprocessParams * p)
{
  int32_t n_planes, bpp, offsets[3];
  int64_t row_bytes[3];
  EdgePreprocessNorm norm;

  if (frame == NULL || p == NULL)
    return 0;

  /* frame */
  if (!in_range ((int) frame->format, 0, EDGE_PIXEL_FORMAT_COUNT - 1))
    return 0;
  if (!in_range (frame->width, 1, EDGE_PREPROCESS_MAX_FRAME_SIZE)
      || !in_range (frame->height, 1, EDGE_PREPROCESS_MAX_FRAME_SIZE))
    return 0;
  if (edge_preprocess_packed_layout (frame->format, &bpp, offsets)) {
    n_planes = 1;
    row_bytes[0] = (int64_t) frame->width * bpp;
  } else {
    const int64_t chroma_w = ((int64_t) frame->width + 1) / 2;

    row_bytes[0] = frame->width;
    if (frame->format == EDGE_PIXEL_FORMAT_I420) {
      n_planes = 3;
      row_bytes[1] = row_bytes[2] = chroma_w;
    } else {
      n_planes = 2;
      row_bytes[1] = 2 * chroma_w;
    }
  }
  for (int32_t i = 0; i < n_planes; i++) {
    if (frame->planes[i] == NULL || frame->strides[i] < row_bytes[i])
      return 0;
  }

  /* source rectangle: non-empty and inside the frame (written so that
   * nothing can overflow whatever the field values) */
  if (p->crop_x < 0 || p->crop_y < 0 || p->crop_w < 1 || p->crop_h < 1)
    return 0;
  if (p->crop_x >= frame->width || p->crop_w > frame->width - p->crop_x
      || p->crop_y >= frame->height || p->crop_h > frame->height - p->crop_y)
    return 0;

  /* network input */
  if (!in_range (p->out_w, 1, EDGE_PREPROCESS_MAX_OUTPUT_SIZE)
      || !in_range (p->out_h, 1, EDGE_PREPROCESS_MAX_OUTPUT_SIZE))
    return 0;
  if (!in_range ((int) p->color_order, EDGE_COLOR_ORDER_RGB,
          EDGE_COLOR_ORDER_GRAY)
      || !in_range ((int) p->layout, EDGE_LAYOUT_NHWC, EDGE_LAYOUT_NCHW)
      || !in_range ((int) p->resize_mode, EDGE_RESIZE_STRETCH,
          EDGE_RESIZE_LETTERBOX)
      || !in_range ((int) p->yuv_matrix, EDGE_YUV_MATRIX_BT601,
          EDGE_YUV_MATRIX_BT709))
    return 0;

  /* normalization: only the channels the output has */
  for (int32_t c = 0; c < output_channels (p); c++) {
    if (!isfinite (p->mean[c]) || !isfinite (p->scale[c])
        || p->scale[c] == 0.0f)
      return 0;
  }
  /* int8 parameters are checked for both variants: one validity rule for
   * one struct (float callers pass e.g. 1.0f and 0) */
  if (!isfinite (p->output_scale) || !(p->output_scale > 0.0f))
    return 0;
  if (!in_range (p->output_zero_point, -128, 127))
    return 0;
  edge_preprocess_norm_f32 (p, &norm);
  if (!norm_finite (&norm))
    return 0;
  edge_preprocess_norm_s8 (p, &norm);
  if (!norm_finite (&norm))
    return 0;

  return 1;
}

/* ------------------------------------------------------------------------ */
/* Geometry                                                                  */

void
edge_preprocess_placement (const EdgePreprocessParams * p,
    int32_t * x, int32_t * y, int32_t * w, int32_t * h)
{
  int64_t cw, ch, ow, oh, pw, ph;

  assert (p != NULL && x != NULL && y != NULL && w != NULL && h != NULL);
  assert (p->crop_w >= 1 && p->crop_h >= 1);
  assert (p->out_w >= 1 && p->out_h >= 1);

  ow = p->out_w;
  oh = p->out_h;
  if (p->resize_mode == EDGE_RESIZE_STRETCH) {
    *x = *y = 0;
    *w = p->out_w;
    *h = p->out_h;
    return;
  }
  assert (p->resize_mode == EDGE_RESIZE_LETTERBOX);

  /* Letterbox: the limiting axis fills the output; the other one is
   * round (crop_other * out_limiting / crop_limiting), half up, in exact
   * integers (no float ties to argue about), at least 1 pixel. The border
   * is split with the odd pixel at the bottom / right. */
  cw = p->crop_w;
  ch = p->crop_h;
  if (cw * oh >= ch * ow) {
    /* source at least as wide as the output: full width */
    pw = ow;
    ph = (2 * ch * ow + cw) / (2 * cw);
  } else {
    ph = oh;
    pw = (2 * cw * oh + ch) / (2 * ch);
  }
  if (pw < 1)
    pw = 1;
  if (ph < 1)
    ph = 1;
  assert (pw <= ow && ph <= oh);

  *w = (int32_t) pw;
  *h = (int32_t) ph;
  *x = (int32_t) ((ow - pw) / 2);
  *y = (int32_t) ((oh - ph) / 2);
}

/* The one coordinate rule; see the header for the formula. */
void
edge_preprocess_axis_init (EdgePreprocessTap * taps, int32_t placed_len,
    int32_t crop_start, int32_t crop_len, int32_t subsampling)
{
  int32_t lo, last;
  double phase;

  assert (taps != NULL);
  assert (placed_len >= 1 && crop_start >= 0 && crop_len >= 1);
  assert (subsampling == 1 || subsampling == 2);

  lo = crop_start / subsampling;
  last = (crop_start + crop_len - 1) / subsampling - lo;
  /* where the crop starts inside its first plane sample, in luma units */
  phase = crop_start - lo * subsampling;

  for (int32_t i = 0; i < placed_len; i++) {
    const double t = ((double) i + 0.5) * crop_len / placed_len;
    double s = (phase + t) / subsampling - 0.5;
    int32_t x0, x1, w1;

    if (s < 0.0)
      s = 0.0;
    if (s > (double) last)
      s = (double) last;
    x0 = (int32_t) floor (s);
    x1 = x0 < last ? x0 + 1 : last;
    /* f * 256 is exact in double; round half up */
    w1 = (int32_t) floor ((s - x0) * EDGE_PREPROCESS_WEIGHT_ONE + 0.5);
    assert (w1 >= 0 && w1 <= EDGE_PREPROCESS_WEIGHT_ONE);
    /* at the clamp f == 0, so x1 == x0 never gets a weight */
    assert (x1 > x0 || w1 == 0);

    taps[i].i0 = lo + x0;
    taps[i].i1 = lo + x1;
    taps[i].w0 = EDGE_PREPROCESS_WEIGHT_ONE - w1;
    taps[i].w1 = w1;
  }
}

size_t
edge_preprocess_geometry_n_taps (const EdgeFrame * frame,
    const EdgePreprocessParams * p)
{
  int32_t x, y, w, h;

  edge_preprocess_placement (p, &x, &y, &w, &h);
  return ((size_t) w + (size_t) h) * (edge_pixel_format_is_yuv (frame->format) ? 2 : 1);
}

void
edge_preprocess_geometry_init_on (EdgePreprocessGeometry * g,
    const EdgeFrame * frame, const EdgePreprocessParams * p,
    EdgePreprocessTap * taps)
{
  assert (g != NULL && taps != NULL);
  edge_preprocess_placement (p, &g->placed_x, &g->placed_y, &g->placed_w,
      &g->placed_h);
  g->x_taps = taps;
  g->y_taps = g->x_taps + g->placed_w;
  edge_preprocess_axis_init (g->x_taps, g->placed_w, p->crop_x, p->crop_w, 1);
  edge_preprocess_axis_init (g->y_taps, g->placed_h, p->crop_y, p->crop_h, 1);
  if (edge_pixel_format_is_yuv (frame->format)) {
    g->cx_taps = g->y_taps + g->placed_h;
    g->cy_taps = g->cx_taps + g->placed_w;
    edge_preprocess_axis_init (g->cx_taps, g->placed_w, p->crop_x, p->crop_w,
        2);
    edge_preprocess_axis_init (g->cy_taps, g->placed_h, p->crop_y, p->crop_h,
        2);
  } else {
    g->cx_taps = g->cy_taps = NULL;
  }
}

int
edge_preprocess_geometry_init (EdgePreprocessGeometry * g,
    const EdgeFrame * frame, const EdgePreprocessParams * p)
{
  EdgePreprocessTap *taps;

  assert (g != NULL);
  taps = malloc (edge_preprocess_geometry_n_taps (frame, p) *
      sizeof (EdgePreprocessTap));
  if (taps == NULL) {
    g->x_taps = g->y_taps = g->cx_taps = g->cy_taps = NULL;
    return 0;
  }
  edge_preprocess_geometry_init_on (g, frame, p, taps);
  return 1;
}

void
edge_preprocess_geometry_clear (EdgePreprocessGeometry * g)
{
  /* one allocation, owned by x_taps */
  free (g->x_taps);
  g->x_taps = g->y_taps = g->cx_taps = g->cy_taps = NULL;
}

/* ------------------------------------------------------------------------ */
/* Normalization coefficients                                                */

void
edge_preprocess_norm_f32 (const EdgePreprocessParams * p,
    EdgePreprocessNorm * n)
{
  n->channels = output_channels (p);
  for (int32_t c = 0; c < 3; c++) {
    if (c < n->channels) {
      n->a[c] = p->scale[c] / (float) EDGE_PREPROCESS_V_ONE;
      n->b[c] = -p->mean[c] * p->scale[c];
    } else {
      n->a[c] = n->b[c] = 0.0f;
    }
  }
}

void
edge_preprocess_norm_s8 (const EdgePreprocessParams * p,
    EdgePreprocessNorm * n)
{
  n->channels = output_channels (p);
  for (int32_t c = 0; c < 3; c++) {
    if (c < n->channels) {
      n->a[c] = p->scale[c] / ((float) EDGE_PREPROCESS_V_ONE * p->output_scale);
      n->b[c] = (-p->mean[c] * p->scale[c]) / p->output_scale;
    } else {
      n->a[c] = n->b[c] = 0.0f;
    }
  }
}

/* ------------------------------------------------------------------------ */
/* Per pixel                                                                 */

/* Bilinear sample of one channel of a plane: samples are at
 * plane[row * stride + col * step + offset]. Exact in uint32:
 * 256 * (256 * 255) < 2^24. */
static uint32_t
sample_plane (const uint8_t * plane, int32_t stride, int32_t step,
    int32_t offset, const EdgePreprocessTap * tx, const EdgePreprocessTap * ty)
{
  const uint8_t *r0 = plane + (size_t) ty->i0 * (size_t) stride;
  const uint8_t *r1 = plane + (size_t) ty->i1 * (size_t) stride;
  const size_t c0 = (size_t) tx->i0 * (size_t) step + (size_t) offset;
  const size_t c1 = (size_t) tx->i1 * (size_t) step + (size_t) offset;
  const uint32_t wx0 = (uint32_t) tx->w0, wx1 = (uint32_t) tx->w1;
  const uint32_t h0 = wx0 * r0[c0] + wx1 * r0[c1];
  const uint32_t h1 = wx0 * r1[c0] + wx1 * r1[c1];

  return (uint32_t) ty->w0 * h0 + (uint32_t) ty->w1 * h1;
}

void
edge_preprocess_pixel (const EdgeFrame * frame,
    const EdgePreprocessParams * p, const EdgePreprocessGeometry * g,
    int32_t ox, int32_t oy, uint32_t v[3])
{
  const int32_t px = ox - g->placed_x, py = oy - g->placed_y;
  const EdgePreprocessTap *tx, *ty;
  int32_t bpp, off[3];
  uint32_t rgb[3];

  if (px < 0 || px >= g->placed_w || py < 0 || py >= g->placed_h) {
    /* letterbox border: a pixel of value letterbox_fill in every channel
     * (as if all four neighbours held it) */
    v[0] = v[1] = v[2] = (uint32_t) p->letterbox_fill << EDGE_PREPROCESS_V_SHIFT;
    return;
  }
  tx = &g->x_taps[px];
  ty = &g->y_taps[py];

  if (edge_preprocess_packed_layout (frame->format, &bpp, off)) {
    if (frame->format == EDGE_PIXEL_FORMAT_GRAY8) {
      /* gray into gray stays exact; into RGB it is replicated */
      const uint32_t gray = sample_plane (frame->planes[0], frame->strides[0],
          1, 0, tx, ty);

      v[0] = v[1] = v[2] = gray;
      return;
    }
    for (int32_t c = 0; c < 3; c++)
      rgb[c] = sample_plane (frame->planes[0], frame->strides[0], bpp, off[c],
          tx, ty);
  } else {
    const EdgePreprocessYuvCoeffs *k = edge_preprocess_yuv_coeffs (p->yuv_matrix);
    const EdgePreprocessTap *cx = &g->cx_taps[px], *cy = &g->cy_taps[py];
    const uint32_t vy = sample_plane (frame->planes[0], frame->strides[0],
        1, 0, tx, ty);
    uint32_t vu, vv;

    if (p->color_order == EDGE_COLOR_ORDER_GRAY) {
      v[0] = v[1] = v[2] = edge_preprocess_y_to_gray (k, vy);
      return;
    }
    if (frame->format == EDGE_PIXEL_FORMAT_I420) {
      vu = sample_plane (frame->planes[1], frame->strides[1], 1, 0, cx, cy);
      vv = sample_plane (frame->planes[2], frame->strides[2], 1, 0, cx, cy);
    } else {
      assert (frame->format == EDGE_PIXEL_FORMAT_NV12);
      vu = sample_plane (frame->planes[1], frame->strides[1], 2, 0, cx, cy);
      vv = sample_plane (frame->planes[1], frame->strides[1], 2, 1, cx, cy);
    }
    edge_preprocess_yuv_to_rgb (k, vy, vu, vv, rgb);
  }

  switch (p->color_order) {
    case EDGE_COLOR_ORDER_RGB:
      v[0] = rgb[0];
      v[1] = rgb[1];
      v[2] = rgb[2];
      break;
    case EDGE_COLOR_ORDER_BGR:
      v[0] = rgb[2];
      v[1] = rgb[1];
      v[2] = rgb[0];
      break;
    case EDGE_COLOR_ORDER_GRAY:
    default:
      v[0] = v[1] = v[2] = edge_preprocess_luma (rgb[0], rgb[1], rgb[2]);
      break;
  }
}

/* ------------------------------------------------------------------------ */
/* Kernels                                                                   */

/* Element index of channel c of output pixel (ox, oy). */
static size_t
output_index (const EdgePreprocessParams * p, int32_t channels, int32_t c,
    int32_t ox, int32_t oy)
{
  if (p->layout == EDGE_LAYOUT_NHWC)
    return ((size_t) oy * (size_t) p->out_w + (size_t) ox) * (size_t) channels
        + (size_t) c;
  return ((size_t) c * (size_t) p->out_h + (size_t) oy) * (size_t) p->out_w
      + (size_t) ox;
}

/* The tables are small (at most 4 * 16384 taps) but variable; a void kernel
 * cannot report a failed allocation, so it is fatal. */
static void
geometry_init_or_abort (EdgePreprocessGeometry * g, const EdgeFrame * frame,
    const EdgePreprocessParams * p)
{
  if (!edge_preprocess_geometry_init (g, frame, p))
    abort ();
}

void
edge_ref_preprocess_f32 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, float *output)
{
  EdgePreprocessGeometry g;
  EdgePreprocessNorm n;

  assert (edge_preprocess_params_valid (frame, p));
  assert (output != NULL);

  geometry_init_or_abort (&g, frame, p);
  edge_preprocess_norm_f32 (p, &n);

  for (int32_t oy = 0; oy < p->out_h; oy++) {
    for (int32_t ox = 0; ox < p->out_w; ox++) {
      uint32_t v[3];

      edge_preprocess_pixel (frame, p, &g, ox, oy, v);
      for (int32_t c = 0; c < n.channels; c++)
        output[output_index (p, n.channels, c, ox, oy)] =
            (float) v[c] * n.a[c] + n.b[c];
    }
  }

  edge_preprocess_geometry_clear (&g);
}

void
edge_ref_preprocess_s8 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, int8_t * output)
{
  EdgePreprocessGeometry g;
  EdgePreprocessNorm n;

  assert (edge_preprocess_params_valid (frame, p));
  assert (output != NULL);

  geometry_init_or_abort (&g, frame, p);
  edge_preprocess_norm_s8 (p, &n);

  for (int32_t oy = 0; oy < p->out_h; oy++) {
    for (int32_t ox = 0; ox < p->out_w; ox++) {
      uint32_t v[3];

      edge_preprocess_pixel (frame, p, &g, ox, oy, v);
      for (int32_t c = 0; c < n.channels; c++) {
        const float x = (float) v[c] * n.a[c] + n.b[c];

        output[output_index (p, n.channels, c, ox, oy)] =
            (int8_t) edge_requantize (x, p->output_zero_point, -128, 127);
      }
    }
  }

  edge_preprocess_geometry_clear (&g);
}
