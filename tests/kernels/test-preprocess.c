/* gst-edge kernels: pre-processing (video frame -> network input) tests.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* The oracle here is written independently of the kernel: plain bilinear in
 * double with unquantized weights, placement from floating-point ratios and
 * YUV -> RGB from the textbook Kr/Kb formulas. The kernel quantizes weights
 * to 1/256, so it may differ from the oracle by at most
 *   |dw| * (gx + gy) <= (gx + gy) / 512 pixel levels
 * where gx, gy are the largest differences between horizontally /
 * vertically adjacent samples (proof: lerp (a, b, f) moves by
 * |b - a| * |df| and the outer lerp of two rows is a convex combination).
 * For random content that is 510 / 512 < 1 level; for smooth content it is
 * a few hundredths, so the tolerance is computed from the content itself.
 * Everything else (layouts, formats, strides, crops, letterbox) is checked
 * for bit-exact equality between two ways of computing the same thing. */

#include "kernel-test-utils.h"

#include "edge-preprocess-internal.h"

/* ------------------------------------------------------------------------ */
/* Test frames                                                               */

/* The content of a test picture, independent of the frame format. */
typedef struct {
  int w, h;
  uint8_t *rgb;                 /* [h][w][3] */
} RgbImage;

typedef struct {
  int w, h, cw, ch;             /* chroma (w + 1) / 2 x (h + 1) / 2 */
  uint8_t *y, *u, *v;
} YuvImage;

/* A frame that owns its planes. Every plane is allocated with exactly
 * (rows - 1) * stride + row_bytes bytes, so under ASan any read past the
 * last byte the frame covers is caught; row padding and unused bytes
 * (x, alpha) hold random garbage that must not leak into the output. */
typedef struct {
  EdgeFrame f;
  uint8_t *mem[3];
} TFrame;

/* bytes per pixel and R, G, B byte offsets of the packed formats (from the
 * format names, as GStreamer defines them) */
static const struct {
  EdgePixelFormat format;
  const char *name;
  int bpp, r, g, b;
} packed_formats[] = {
  {EDGE_PIXEL_FORMAT_RGB, "RGB", 3, 0, 1, 2},
  {EDGE_PIXEL_FORMAT_BGR, "BGR", 3, 2, 1, 0},
  {EDGE_PIXEL_FORMAT_RGBX, "RGBx", 4, 0, 1, 2},
  {EDGE_PIXEL_FORMAT_BGRX, "BGRx", 4, 2, 1, 0},
  {EDGE_PIXEL_FORMAT_XRGB, "xRGB", 4, 1, 2, 3},
  {EDGE_PIXEL_FORMAT_RGBA, "RGBA", 4, 0, 1, 2},
  {EDGE_PIXEL_FORMAT_BGRA, "BGRA", 4, 2, 1, 0},
  {EDGE_PIXEL_FORMAT_GRAY8, "GRAY8", 1, 0, 0, 0},
};

static int
packed_index (EdgePixelFormat format)
{
  for (guint i = 0; i < G_N_ELEMENTS (packed_formats); i++)
    if (packed_formats[i].format == format)
      return (int) i;
  return -1;
}

static uint8_t *
alloc_plane (TFrame * t, int i, int row_bytes, int rows, int pad, GRand * r)
{
  const int stride = row_bytes + pad;
  const size_t size = (size_t) (rows - 1) * stride + row_bytes;

  t->mem[i] = g_malloc (size);
  for (size_t k = 0; k < size; k++)
    t->mem[i][k] = (uint8_t) g_rand_int_range (r, 0, 256);
  t->f.planes[i] = t->mem[i];
  t->f.strides[i] = stride;
  return t->mem[i];
}

/* GRAY8 frames take the R channel of the image. */
static TFrame *
tframe_new_packed (const RgbImage * img, EdgePixelFormat format, int pad,
    GRand * r)
{
  const int k = packed_index (format);
  TFrame *t = g_new0 (TFrame, 1);
  uint8_t *data;

  g_assert_cmpint (k, >=, 0);
  t->f.format = format;
  t->f.width = img->w;
  t->f.height = img->h;
  data = alloc_plane (t, 0, img->w * packed_formats[k].bpp, img->h, pad, r);
  for (int y = 0; y < img->h; y++) {
    for (int x = 0; x < img->w; x++) {
      const uint8_t *s = img->rgb + ((size_t) y * img->w + x) * 3;
      uint8_t *d = data + (size_t) y * t->f.strides[0]
          + (size_t) x * packed_formats[k].bpp;

      d[packed_formats[k].r] = s[0];
      if (format != EDGE_PIXEL_FORMAT_GRAY8) {
        d[packed_formats[k].g] = s[1];
        d[packed_formats[k].b] = s[2];
      }
    }
  }
  return t;
}

static void
copy_rows (uint8_t * dst, int dst_stride, int step, int offset,
    const uint8_t * src, int w, int h)
{
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      dst[(size_t) y * dst_stride + (size_t) x * step + offset] =
          src[(size_t) y * w + x];
}

static TFrame *
tframe_new_yuv (const YuvImage * img, EdgePixelFormat format, int pad,
    GRand * r)
{
  TFrame *t = g_new0 (TFrame, 1);
  uint8_t *d;

  t->f.format = format;
  t->f.width = img->w;
  t->f.height = img->h;
  d = alloc_plane (t, 0, img->w, img->h, pad, r);
  copy_rows (d, t->f.strides[0], 1, 0, img->y, img->w, img->h);
  if (format == EDGE_PIXEL_FORMAT_I420) {
    d = alloc_plane (t, 1, img->cw, img->ch, pad, r);
    copy_rows (d, t->f.strides[1], 1, 0, img->u, img->cw, img->ch);
    d = alloc_plane (t, 2, img->cw, img->ch, pad + 3, r);
    copy_rows (d, t->f.strides[2], 1, 0, img->v, img->cw, img->ch);
  } else {
    g_assert_cmpint (format, ==, EDGE_PIXEL_FORMAT_NV12);
    d = alloc_plane (t, 1, 2 * img->cw, img->ch, pad, r);
    copy_rows (d, t->f.strides[1], 2, 0, img->u, img->cw, img->ch);
    copy_rows (d, t->f.strides[1], 2, 1, img->v, img->cw, img->ch);
  }
  return t;
}

static void
tframe_free (TFrame * t)
{
  for (int i = 0; i < 3; i++)
    g_free (t->mem[i]);
  g_free (t);
}

static RgbImage *
rgb_image_new (int w, int h)
{
  RgbImage *img = g_new0 (RgbImage, 1);

  img->w = w;
  img->h = h;
  img->rgb = g_malloc ((size_t) w * h * 3);
  return img;
}

static void
rgb_image_free (RgbImage * img)
{
  g_free (img->rgb);
  g_free (img);
}

/* Every sample uniform in [0, 255]: the worst case for interpolation. */
static RgbImage *
rgb_image_random (int w, int h, GRand * r)
{
  RgbImage *img = rgb_image_new (w, h);

  for (size_t i = 0; i < (size_t) w * h * 3; i++)
    img->rgb[i] = (uint8_t) g_rand_int_range (r, 0, 256);
  return img;
}

/* Low-frequency waves: adjacent samples differ by a few levels, like real
 * video, so the oracle tolerance is tight. */
static uint8_t
wave (double v)
{
  return (uint8_t) CLAMP (lrint (v), 0, 255);
}

static RgbImage *
rgb_image_smooth (int w, int h)
{
  RgbImage *img = rgb_image_new (w, h);

  for (int y = 0; y < h; y++) {
    for (int x = 0; x < w; x++) {
      uint8_t *d = img->rgb + ((size_t) y * w + x) * 3;

      d[0] = wave (128 + 100 * sin (0.11 * x + 0.07 * y));
      d[1] = wave (128 + 90 * cos (0.05 * x - 0.13 * y));
      d[2] = wave (128 + 110 * sin (0.03 * (x + y) + 1.0));
    }
  }
  return img;
}

/* R = G = B, random. */
static RgbImage *
rgb_image_gray_random (int w, int h, GRand * r)
{
  RgbImage *img = rgb_image_new (w, h);

  for (size_t i = 0; i < (size_t) w * h; i++)
    img->rgb[3 * i] = img->rgb[3 * i + 1] = img->rgb[3 * i + 2] =
        (uint8_t) g_rand_int_range (r, 0, 256);
  return img;
}

static YuvImage *
yuv_image_new (int w, int h)
{
  YuvImage *img = g_new0 (YuvImage, 1);

  img->w = w;
  img->h = h;
  img->cw = (w + 1) / 2;
  img->ch = (h + 1) / 2;
  img->y = g_malloc ((size_t) w * h);
  img->u = g_malloc ((size_t) img->cw * img->ch);
  img->v = g_malloc ((size_t) img->cw * img->ch);
  return img;
}

static void
yuv_image_free (YuvImage * img)
{
  g_free (img->y);
  g_free (img->u);
  g_free (img->v);
  g_free (img);
}

/* Full-range random samples (also outside the legal 16..235/240), so the
 * RGB clamp is exercised. */
static YuvImage *
yuv_image_random (int w, int h, GRand * r)
{
  YuvImage *img = yuv_image_new (w, h);

  for (size_t i = 0; i < (size_t) w * h; i++)
    img->y[i] = (uint8_t) g_rand_int_range (r, 0, 256);
  for (size_t i = 0; i < (size_t) img->cw * img->ch; i++) {
    img->u[i] = (uint8_t) g_rand_int_range (r, 0, 256);
    img->v[i] = (uint8_t) g_rand_int_range (r, 0, 256);
  }
  return img;
}

static YuvImage *
yuv_image_smooth (int w, int h)
{
  YuvImage *img = yuv_image_new (w, h);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      img->y[(size_t) y * w + x] =
          wave (125 + 100 * sin (0.09 * x + 0.05 * y));
  for (int y = 0; y < img->ch; y++) {
    for (int x = 0; x < img->cw; x++) {
      img->u[(size_t) y * img->cw + x] = wave (128 + 60 * cos (0.2 * x - 0.3 * y));
      img->v[(size_t) y * img->cw + x] =
          wave (128 + 70 * sin (0.1 * y + 0.15 * x));
    }
  }
  return img;
}

/* Copies the rectangle (x, y, w, h) of an image. */
static RgbImage *
rgb_image_sub (const RgbImage * img, int x0, int y0, int w, int h)
{
  RgbImage *sub = rgb_image_new (w, h);

  for (int y = 0; y < h; y++)
    memcpy (sub->rgb + (size_t) y * w * 3,
        img->rgb + ((size_t) (y0 + y) * img->w + x0) * 3, (size_t) w * 3);
  return sub;
}

/* Even x0, y0 only: the chroma grid of the copy is a sub-grid of the
 * original's. */
static YuvImage *
yuv_image_sub (const YuvImage * img, int x0, int y0, int w, int h)
{
  YuvImage *sub = yuv_image_new (w, h);

  g_assert_true (x0 % 2 == 0 && y0 % 2 == 0);
  for (int y = 0; y < h; y++)
    memcpy (sub->y + (size_t) y * w, img->y + (size_t) (y0 + y) * img->w + x0,
        (size_t) w);
  for (int y = 0; y < sub->ch; y++) {
    const size_t s = (size_t) (y0 / 2 + y) * img->cw + x0 / 2;

    memcpy (sub->u + (size_t) y * sub->cw, img->u + s, (size_t) sub->cw);
    memcpy (sub->v + (size_t) y * sub->cw, img->v + s, (size_t) sub->cw);
  }
  return sub;
}

/* ------------------------------------------------------------------------ */
/* Running the kernels                                                       */

static EdgePreprocessParams
params_default (int crop_w, int crop_h, int out_w, int out_h)
{
  EdgePreprocessParams p;

  memset (&p, 0, sizeof (p));
  p.crop_w = crop_w;
  p.crop_h = crop_h;
  p.out_w = out_w;
  p.out_h = out_h;
  p.color_order = EDGE_COLOR_ORDER_RGB;
  p.layout = EDGE_LAYOUT_NHWC;
  p.resize_mode = EDGE_RESIZE_STRETCH;
  p.letterbox_fill = 114;
  p.yuv_matrix = EDGE_YUV_MATRIX_BT601;
  for (int c = 0; c < 3; c++)
    p.scale[c] = 1.0f;
  p.output_scale = 1.0f;
  return p;
}

static int
n_channels (const EdgePreprocessParams * p)
{
  return p->color_order == EDGE_COLOR_ORDER_GRAY ? 1 : 3;
}

static size_t
out_count (const EdgePreprocessParams * p)
{
  return (size_t) p->out_w * p->out_h * n_channels (p);
}

static size_t
out_index (const EdgePreprocessParams * p, int c, int x, int y)
{
  if (p->layout == EDGE_LAYOUT_NHWC)
    return ((size_t) y * p->out_w + x) * n_channels (p) + c;
  return ((size_t) c * p->out_h + y) * p->out_w + x;
}

static float *
run_f32 (const TFrame * t, const EdgePreprocessParams * p)
{
  float *out = g_new (float, out_count (p));

  g_assert_true (edge_preprocess_params_valid (&t->f, p));
  edge_ref_preprocess_f32 (&t->f, p, out);
  return out;
}

static int8_t *
run_s8 (const TFrame * t, const EdgePreprocessParams * p)
{
  int8_t *out = g_new (int8_t, out_count (p));

  g_assert_true (edge_preprocess_params_valid (&t->f, p));
  edge_ref_preprocess_s8 (&t->f, p, out);
  return out;
}

/* Bitwise equality (floats compared by representation). */
static void
assert_same_bytes (const void *a, const void *b, size_t size, const char *what)
{
  if (memcmp (a, b, size) != 0) {
    const uint8_t *x = a, *y = b;
    size_t i = 0;

    while (x[i] == y[i])
      i++;
    g_error ("%s: outputs differ at byte %zu", what, i);
  }
}

/* Both variants of two frames/parameter sets must give identical bits. */
static void
assert_same_output (const TFrame * ta, const EdgePreprocessParams * pa,
    const TFrame * tb, const EdgePreprocessParams * pb, const char *what)
{
  float *fa = run_f32 (ta, pa), *fb = run_f32 (tb, pb);
  int8_t *qa = run_s8 (ta, pa), *qb = run_s8 (tb, pb);

  g_assert_cmpuint (out_count (pa), ==, out_count (pb));
  assert_same_bytes (fa, fb, out_count (pa) * sizeof (float), what);
  assert_same_bytes (qa, qb, out_count (pa), what);
  g_free (fa);
  g_free (fb);
  g_free (qa);
  g_free (qb);
}

/* ------------------------------------------------------------------------ */
/* The double-precision oracle                                               */

typedef struct {
  const uint8_t *data;
  int stride, step, offset;
  int w, h;                     /* plane size in samples */
} OPlane;

static OPlane
oplane (const uint8_t * data, int stride, int step, int offset, int w, int h)
{
  OPlane pl = { data, stride, step, offset, w, h };

  return pl;
}

static int
oplane_at (const OPlane * pl, int x, int y)
{
  return pl->data[(size_t) y * pl->stride + (size_t) x * pl->step +
      pl->offset];
}

/* Letterbox geometry from the scale factor min (out_w / crop_w,
 * out_h / crop_h); the scaled side rounds half up. */
static void
oracle_placement (const EdgePreprocessParams * p, int *x, int *y, int *w,
    int *h)
{
  *x = *y = 0;
  *w = p->out_w;
  *h = p->out_h;
  if (p->resize_mode == EDGE_RESIZE_STRETCH)
    return;
  if ((double) p->out_w / p->crop_w <= (double) p->out_h / p->crop_h)
    *h = MAX (1, (int) floor ((double) p->crop_h * p->out_w / p->crop_w
            + 0.5));
  else
    *w = MAX (1, (int) floor ((double) p->crop_w * p->out_h / p->crop_h
            + 0.5));
  *x = (p->out_w - *w) / 2;
  *y = (p->out_h - *h) / 2;
}

/* Sample coordinate in a plane with @sub-sampling (1 luma, 2 chroma) of
 * output index @d: the output pixel centre, mapped into the crop in luma
 * units, then into the plane whose sample k is centred at luma (k + 0.5) *
 * sub; clamped to the plane samples the crop touches. */
static double
oracle_coord (int d, int placed_pos, int placed_len, int crop_pos,
    int crop_len, int sub)
{
  const double u = crop_pos + (d - placed_pos + 0.5) * crop_len / placed_len;
  const double s = u / sub - 0.5;

  return CLAMP (s, (double) (crop_pos / sub),
      (double) ((crop_pos + crop_len - 1) / sub));
}

static double
oracle_bilinear (const OPlane * pl, double sx, double sy)
{
  const int x0 = (int) floor (sx), y0 = (int) floor (sy);
  const double fx = sx - x0, fy = sy - y0;
  const int x1 = fx > 0 ? x0 + 1 : x0, y1 = fy > 0 ? y0 + 1 : y0;

  return (1 - fy) * ((1 - fx) * oplane_at (pl, x0, y0)
      + fx * oplane_at (pl, x1, y0))
      + fy * ((1 - fx) * oplane_at (pl, x0, y1) + fx * oplane_at (pl, x1, y1));
}

static void
oracle_kr_kb (EdgeYuvMatrix m, double *kr, double *kb)
{
  *kr = m == EDGE_YUV_MATRIX_BT709 ? 0.2126 : 0.299;
  *kb = m == EDGE_YUV_MATRIX_BT709 ? 0.0722 : 0.114;
}

/* Limited-range Y'CbCr -> R'G'B' in [0, 255], from the definition. */
static void
oracle_yuv_to_rgb (EdgeYuvMatrix m, double y, double u, double v,
    double rgb[3])
{
  double kr, kb, kg, yy, pb, pr;

  oracle_kr_kb (m, &kr, &kb);
  kg = 1 - kr - kb;
  yy = (y - 16) * 255 / 219;
  pb = (u - 128) * 255 / 224;
  pr = (v - 128) * 255 / 224;
  rgb[0] = yy + 2 * (1 - kr) * pr;
  rgb[1] = yy - 2 * kb * (1 - kb) / kg * pb - 2 * kr * (1 - kr) / kg * pr;
  rgb[2] = yy + 2 * (1 - kb) * pb;
  for (int c = 0; c < 3; c++)
    rgb[c] = CLAMP (rgb[c], 0, 255);
}

/* The planes of a frame, as the oracle sees them: R, G, B for packed
 * formats (GRAY8: one plane three times), Y, U, V for YUV. */
static gboolean
oracle_planes (const TFrame * t, OPlane pl[3])
{
  const EdgeFrame *f = &t->f;
  const int cw = (f->width + 1) / 2, ch = (f->height + 1) / 2;
  const int k = packed_index (f->format);

  if (k >= 0) {
    const int off[3] =
        { packed_formats[k].r, packed_formats[k].g, packed_formats[k].b };

    for (int c = 0; c < 3; c++)
      pl[c] = oplane (f->planes[0], f->strides[0], packed_formats[k].bpp,
          off[c], f->width, f->height);
    return FALSE;
  }
  pl[0] = oplane (f->planes[0], f->strides[0], 1, 0, f->width, f->height);
  if (f->format == EDGE_PIXEL_FORMAT_I420) {
    pl[1] = oplane (f->planes[1], f->strides[1], 1, 0, cw, ch);
    pl[2] = oplane (f->planes[2], f->strides[2], 1, 0, cw, ch);
  } else {
    pl[1] = oplane (f->planes[1], f->strides[1], 2, 0, cw, ch);
    pl[2] = oplane (f->planes[1], f->strides[1], 2, 1, cw, ch);
  }
  return TRUE;
}

/* Pixel values in [0, 255] (output channel order) of output pixel (ox, oy). */
static void
oracle_pixel (const TFrame * t, const EdgePreprocessParams * p, int ox,
    int oy, double out[3])
{
  OPlane pl[3];
  const gboolean yuv = oracle_planes (t, pl);
  int px, py, pw, ph;
  double rgb[3];

  oracle_placement (p, &px, &py, &pw, &ph);
  if (ox < px || ox >= px + pw || oy < py || oy >= py + ph) {
    out[0] = out[1] = out[2] = p->letterbox_fill;
    return;
  }

  if (yuv) {
    const double sx = oracle_coord (ox, px, pw, p->crop_x, p->crop_w, 1);
    const double sy = oracle_coord (oy, py, ph, p->crop_y, p->crop_h, 1);
    const double cx = oracle_coord (ox, px, pw, p->crop_x, p->crop_w, 2);
    const double cy = oracle_coord (oy, py, ph, p->crop_y, p->crop_h, 2);
    const double y = oracle_bilinear (&pl[0], sx, sy);

    if (p->color_order == EDGE_COLOR_ORDER_GRAY) {
      /* Y alone, expanded to full range */
      out[0] = CLAMP ((y - 16) * 255 / 219, 0, 255);
      return;
    }
    oracle_yuv_to_rgb (p->yuv_matrix, y, oracle_bilinear (&pl[1], cx, cy),
        oracle_bilinear (&pl[2], cx, cy), rgb);
  } else {
    const double sx = oracle_coord (ox, px, pw, p->crop_x, p->crop_w, 1);
    const double sy = oracle_coord (oy, py, ph, p->crop_y, p->crop_h, 1);

    for (int c = 0; c < 3; c++)
      rgb[c] = oracle_bilinear (&pl[c], sx, sy);
  }

  switch (p->color_order) {
    case EDGE_COLOR_ORDER_RGB:
      memcpy (out, rgb, sizeof (rgb));
      break;
    case EDGE_COLOR_ORDER_BGR:
      out[0] = rgb[2];
      out[1] = rgb[1];
      out[2] = rgb[0];
      break;
    default:
      out[0] = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
      break;
  }
}

/* Interpolation error bound of a plane, (gx + gy) / 512 (see the top). */
static double
plane_interp_bound (const OPlane * pl)
{
  int gx = 0, gy = 0;

  for (int y = 0; y < pl->h; y++) {
    for (int x = 0; x < pl->w; x++) {
      if (x + 1 < pl->w)
        gx = MAX (gx, ABS (oplane_at (pl, x + 1, y) - oplane_at (pl, x, y)));
      if (y + 1 < pl->h)
        gy = MAX (gy, ABS (oplane_at (pl, x, y + 1) - oplane_at (pl, x, y)));
    }
  }
  return (gx + gy) / 512.0;
}

/* How far the kernel may be from the oracle, in pixel levels, per output
 * channel: the interpolation bound of each plane, propagated through the
 * colour conversion (the clamps are 1-Lipschitz), plus
 * - GRAY from RGB: the 8-bit luma weights 77, 150, 29 / 256 differ from
 *   0.299, 0.587, 0.114 by at most 255 * 0.00178 = 0.454 levels (not for
 *   a GRAY8 source, whose single plane is used as is);
 * - YUV: the 13-bit matrix (|dc| <= 2^-14 on |Y - 16|, |U,V - 128| < 256,
 *   i.e. < 0.03 levels) and rounding the inputs to 1/256 (< 0.01): 0.05. */
static void
oracle_tolerance (const TFrame * t, const EdgePreprocessParams * p,
    double tol[3])
{
  OPlane pl[3];
  const gboolean yuv = oracle_planes (t, pl);
  double e[3], rgb_tol[3];

  for (int c = 0; c < 3; c++)
    e[c] = plane_interp_bound (&pl[c]);

  if (yuv) {
    double kr, kb, kg;

    oracle_kr_kb (p->yuv_matrix, &kr, &kb);
    kg = 1 - kr - kb;
    const double ky = 255.0 / 219, kc = 255.0 / 224;
    rgb_tol[0] = ky * e[0] + 2 * (1 - kr) * kc * e[2] + 0.05;
    rgb_tol[1] = ky * e[0] + 2 * kb * (1 - kb) / kg * kc * e[1]
        + 2 * kr * (1 - kr) / kg * kc * e[2] + 0.05;
    rgb_tol[2] = ky * e[0] + 2 * (1 - kb) * kc * e[1] + 0.05;
    if (p->color_order == EDGE_COLOR_ORDER_GRAY) {
      tol[0] = ky * e[0] + 0.05;
      return;
    }
  } else {
    memcpy (rgb_tol, e, sizeof (e));
  }

  switch (p->color_order) {
    case EDGE_COLOR_ORDER_RGB:
      memcpy (tol, rgb_tol, sizeof (rgb_tol));
      break;
    case EDGE_COLOR_ORDER_BGR:
      tol[0] = rgb_tol[2];
      tol[1] = rgb_tol[1];
      tol[2] = rgb_tol[0];
      break;
    default:
      tol[0] = 0.299 * rgb_tol[0] + 0.587 * rgb_tol[1] + 0.114 * rgb_tol[2]
          + (t->f.format == EDGE_PIXEL_FORMAT_GRAY8 ? 0 : 0.455);
      break;
  }
}

/* Runs both variants and compares every element with the oracle: float
 * within tol * |scale| (plus float32 rounding of the normalization), int8
 * within 1 LSB of the quantized oracle. 1 LSB holds whenever the real error
 * is below 1 LSB (the two roundings then differ by at most 1), which the
 * test checks of its own parameters first. */
static void
check_oracle (const TFrame * t, const EdgePreprocessParams * p)
{
  const int nc = n_channels (p);
  float *f = run_f32 (t, p);
  int8_t *q = run_s8 (t, p);
  double tol[3], worst = 0, worst_tol = 0;
  int worst_q = 0;

  oracle_tolerance (t, p, tol);
  for (int c = 0; c < nc; c++)
    g_assert_cmpfloat (tol[c] * fabs (p->scale[c]) / p->output_scale, <,
        0.999);

  for (int y = 0; y < p->out_h; y++) {
    for (int x = 0; x < p->out_w; x++) {
      double pix[3];

      oracle_pixel (t, p, x, y, pix);
      for (int c = 0; c < nc; c++) {
        const size_t i = out_index (p, c, x, y);
        const double want = (pix[c] - p->mean[c]) * p->scale[c];
        const double ftol = tol[c] * fabs (p->scale[c])
            + 1e-6 * (255 + fabs (p->mean[c])) * fabs (p->scale[c]);
        const int qwant = ktest_quantize_double (want, p->output_scale,
            p->output_zero_point, -128, 127);

        if (!(fabs (f[i] - want) <= ftol))
          g_error ("f32 (%d, %d) channel %d: got %.9g want %.9g (tol %.3g)",
              x, y, c, f[i], want, ftol);
        if (ABS (q[i] - qwant) > 1)
          g_error ("s8 (%d, %d) channel %d: got %d want %d", x, y, c, q[i],
              qwant);
        if (fabs (pix[c] - (f[i] / p->scale[c] + p->mean[c])) > worst) {
          worst = fabs (pix[c] - (f[i] / p->scale[c] + p->mean[c]));
          worst_tol = tol[c];
        }
        worst_q = MAX (worst_q, ABS (q[i] - qwant));
      }
    }
  }
  g_test_message ("max error %.4f levels (bound %.4f), int8 %d LSB", worst,
      worst_tol, worst_q);
  g_free (f);
  g_free (q);
}

/* ------------------------------------------------------------------------ */
/* Geometry                                                                  */

static void
assert_placement (const EdgePreprocessParams * p, int x, int y, int w, int h)
{
  int32_t gx, gy, gw, gh;

  edge_preprocess_placement (p, &gx, &gy, &gw, &gh);
  if (gx != x || gy != y || gw != w || gh != h)
    g_error ("crop %dx%d -> %dx%d: placed (%d, %d, %d, %d), want "
        "(%d, %d, %d, %d)", p->crop_w, p->crop_h, p->out_w, p->out_h,
        gx, gy, gw, gh, x, y, w, h);
}

/* Stretch always fills the whole output, whatever the aspect ratios. */
static void
test_placement_stretch (void)
{
  EdgePreprocessParams p = params_default (640, 480, 320, 320);

  assert_placement (&p, 0, 0, 320, 320);
  p.crop_w = 3;
  p.crop_h = 1000;
  p.out_w = 17;
  p.out_h = 5;
  assert_placement (&p, 0, 0, 17, 5);
}

/* Letterbox sizes and offsets, computed by hand: limiting axis full, other
 * axis rounded half up, odd border pixel at the bottom/right, never 0. */
static void
test_placement_letterbox (void)
{
  static const struct {
    int cw, ch, ow, oh, x, y, w, h;
  } cases[] = {
    {640, 480, 320, 320, 0, 40, 320, 240},      /* wide source */
    {480, 640, 320, 320, 40, 0, 240, 320},      /* tall source */
    {1920, 1080, 300, 300, 0, 65, 300, 169},    /* 168.75 -> 169 */
    {200, 100, 100, 50, 0, 0, 100, 50}, /* same aspect */
    {100, 100, 64, 32, 16, 0, 32, 32},  /* square into wide output */
    {4, 2, 5, 5, 0, 1, 5, 3},   /* 2.5 -> 3: ties round up */
    {2, 4, 5, 5, 1, 0, 3, 5},
    {10000, 1, 16, 16, 0, 7, 16, 1},    /* 0.0016 -> at least 1 */
    {1, 1, 7, 4, 1, 0, 4, 4},
    {3, 1, 4, 4, 0, 1, 4, 1},   /* 1.33 -> 1, border 3 = 1 + 2 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    EdgePreprocessParams p = params_default (cases[i].cw, cases[i].ch,
        cases[i].ow, cases[i].oh);
    int x, y, w, h;

    p.resize_mode = EDGE_RESIZE_LETTERBOX;
    assert_placement (&p, cases[i].x, cases[i].y, cases[i].w, cases[i].h);
    /* and the oracle's floating-point rule agrees */
    oracle_placement (&p, &x, &y, &w, &h);
    g_assert_cmpint (x, ==, cases[i].x);
    g_assert_cmpint (y, ==, cases[i].y);
    g_assert_cmpint (w, ==, cases[i].w);
    g_assert_cmpint (h, ==, cases[i].h);
  }
}

/* The tap tables: weights sum to 256, indices stay in the crop, identity is
 * 256/0 on the crop's own samples, and a chroma table of an even crop is the
 * luma table of the halved crop (same rule at half resolution). */
static void
test_axis_taps (void)
{
  static const int sizes[] = { 1, 2, 3, 5, 7, 16, 33, 100 };

  for (guint a = 0; a < G_N_ELEMENTS (sizes); a++) {
    for (guint b = 0; b < G_N_ELEMENTS (sizes); b++) {
      const int crop_len = sizes[a], placed = sizes[b];

      for (int start = 0; start < 4; start++) {
        for (int sub = 1; sub <= 2; sub++) {
          EdgePreprocessTap *t = g_new (EdgePreprocessTap, placed);
          const int lo = start / sub, hi = (start + crop_len - 1) / sub;

          edge_preprocess_axis_init (t, placed, start, crop_len, sub);
          for (int i = 0; i < placed; i++) {
            g_assert_cmpint (t[i].w0 + t[i].w1, ==, 256);
            g_assert_cmpint (t[i].w1, >=, 0);
            g_assert_cmpint (t[i].i0, >=, lo);
            g_assert_cmpint (t[i].i1, <=, hi);
            g_assert_true (t[i].i1 == t[i].i0 + 1
                || (t[i].i1 == t[i].i0 && t[i].w1 == 0));
            if (i > 0)
              g_assert_cmpint (t[i].i0, >=, t[i - 1].i0);
            if (sub == 1 && crop_len == placed) {
              g_assert_cmpint (t[i].i0, ==, start + i);
              g_assert_cmpint (t[i].w1, ==, 0);
            }
          }
          if (sub == 2 && start % 2 == 0 && crop_len % 2 == 0) {
            EdgePreprocessTap *l = g_new (EdgePreprocessTap, placed);

            edge_preprocess_axis_init (l, placed, start / 2, crop_len / 2, 1);
            assert_same_bytes (t, l, placed * sizeof (*t), "chroma taps");
            g_free (l);
          }
          g_free (t);
        }
      }
    }
  }
}

/* Known values on one row and one column: 2 -> 4 is exact (weights 64/256)
 * and 3 -> 7 needs the round-half-up 8-bit weights (37, 146, 110, 219 of
 * 256), so truncated or unquantized weights fail. */
static void
test_weights_by_hand (void)
{
  GRand *r = ktest_rand_new ();
  static const uint8_t row2[] = { 0, 255 }, row3[] = { 10, 200, 40 };
  static const float want2[] = { 0.0f, 63.75f, 191.25f, 255.0f };
  /* sx = (dx + 0.5) * 3 / 7 - 0.5: 0 (clamped), 0.1429, 0.5714, 1, 1.4286,
   * 1.8571, 2 (clamped) -> w1 = 37, 146, 0, 110, 219 */
  const float want3[] = {
    10.0f, (219 * 10 + 37 * 200) / 256.0f, (110 * 10 + 146 * 200) / 256.0f,
    200.0f, (146 * 200 + 110 * 40) / 256.0f, (37 * 200 + 219 * 40) / 256.0f,
    40.0f
  };

  for (int vertical = 0; vertical < 2; vertical++) {
    for (int k = 0; k < 2; k++) {
      const uint8_t *src = k == 0 ? row2 : row3;
      const int n = k == 0 ? 2 : 3, m = k == 0 ? 4 : 7;
      const float *want = k == 0 ? want2 : want3;
      RgbImage *img = vertical ? rgb_image_new (1, n) : rgb_image_new (n, 1);
      EdgePreprocessParams p = vertical ? params_default (1, n, 1, m) :
          params_default (n, 1, m, 1);
      TFrame *t;
      float *out;

      for (int i = 0; i < n; i++)
        img->rgb[3 * i] = img->rgb[3 * i + 1] = img->rgb[3 * i + 2] = src[i];
      t = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGB, 0, r);
      out = run_f32 (t, &p);
      for (int i = 0; i < m; i++)
        for (int c = 0; c < 3; c++)
          g_assert_cmpfloat (out[3 * i + c], ==, want[i]);
      g_free (out);
      tframe_free (t);
      rgb_image_free (img);
    }
  }
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Validation                                                                */

/* Valid frames of every format, odd sizes and minimal strides are accepted. */
static void
test_valid_accepts (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (5, 3, r);
  YuvImage *yuv = yuv_image_random (5, 3, r);
  EdgePreprocessParams p = params_default (5, 3, 4, 4);

  for (guint k = 0; k < G_N_ELEMENTS (packed_formats); k++) {
    TFrame *t = tframe_new_packed (img, packed_formats[k].format, 0, r);

    g_assert_true (edge_preprocess_params_valid (&t->f, &p));
    tframe_free (t);
  }
  for (int k = 0; k < 2; k++) {
    TFrame *t = tframe_new_yuv (yuv, k ? EDGE_PIXEL_FORMAT_NV12 :
        EDGE_PIXEL_FORMAT_I420, 0, r);

    /* chroma strides of exactly 3 (I420) and 6 (NV12) bytes for width 5 */
    g_assert_cmpint (t->f.strides[1], ==, k ? 6 : 3);
    g_assert_true (edge_preprocess_params_valid (&t->f, &p));
    /* GRAY only reads channel 0's normalization */
    p.color_order = EDGE_COLOR_ORDER_GRAY;
    p.scale[1] = 0.0f;
    p.mean[2] = NAN;
    g_assert_true (edge_preprocess_params_valid (&t->f, &p));
    p = params_default (5, 3, 4, 4);
    /* extremes that are still valid */
    p.output_zero_point = -128;
    p.crop_x = 4;
    p.crop_y = 2;
    p.crop_w = p.crop_h = 1;
    p.out_w = 16384;
    p.out_h = 1;
    g_assert_true (edge_preprocess_params_valid (&t->f, &p));
    p = params_default (5, 3, 4, 4);
    tframe_free (t);
  }
  yuv_image_free (yuv);
  rgb_image_free (img);
  g_rand_free (r);
}

typedef void (*Mutation) (EdgeFrame * f, EdgePreprocessParams * p);

#define MUTATION(name, body) \
  static void name (EdgeFrame * f, EdgePreprocessParams * p) { body; }

MUTATION (mut_format, f->format = EDGE_PIXEL_FORMAT_COUNT)
MUTATION (mut_format_neg, f->format = (EdgePixelFormat) -1)
MUTATION (mut_width0, f->width = 0)
MUTATION (mut_height_neg, f->height = -3)
MUTATION (mut_plane0_null, f->planes[0] = NULL)
MUTATION (mut_plane2_null, f->planes[2] = NULL)
MUTATION (mut_stride_short, f->strides[0] = f->width - 1)
MUTATION (mut_chroma_stride_short, f->strides[1] = (f->width + 1) / 2 - 1)
MUTATION (mut_stride_neg, f->strides[0] = -f->strides[0])
MUTATION (mut_crop_x_neg, p->crop_x = -1)
MUTATION (mut_crop_w0, p->crop_w = 0)
MUTATION (mut_crop_right, p->crop_x = 1)        /* x + w == width + 1 */
MUTATION (mut_crop_bottom, p->crop_y = f->height)
MUTATION (mut_crop_overflow, p->crop_x = INT32_MAX; p->crop_w = 2)
MUTATION (mut_out_w0, p->out_w = 0)
MUTATION (mut_out_h_neg, p->out_h = -1)
MUTATION (mut_out_huge, p->out_w = 16385)
MUTATION (mut_order, p->color_order = (EdgeColorOrder) 3)
MUTATION (mut_layout, p->layout = (EdgeLayout) 2)
MUTATION (mut_resize, p->resize_mode = (EdgeResizeMode) -1)
MUTATION (mut_matrix, p->yuv_matrix = (EdgeYuvMatrix) 2)
MUTATION (mut_scale0, p->scale[1] = 0.0f)
MUTATION (mut_scale_inf, p->scale[2] = INFINITY)
MUTATION (mut_mean_nan, p->mean[0] = NAN)
MUTATION (mut_oscale0, p->output_scale = 0.0f)
MUTATION (mut_oscale_neg, p->output_scale = -0.5f)
MUTATION (mut_oscale_nan, p->output_scale = NAN)
MUTATION (mut_zp_high, p->output_zero_point = 128)
MUTATION (mut_zp_low, p->output_zero_point = -129)
/* finite inputs whose coefficients overflow float */
MUTATION (mut_coeff_overflow, p->scale[0] = 1e30f; p->output_scale = 1e-30f)
MUTATION (mut_offset_overflow, p->mean[0] = 3e38f; p->scale[0] = 10.0f)

/* Each single bad field (or NULL argument) is rejected, without crashing. */
static void
test_valid_rejects (void)
{
  static const Mutation mutations[] = {
    mut_format, mut_format_neg, mut_width0, mut_height_neg, mut_plane0_null,
    mut_plane2_null, mut_stride_short, mut_chroma_stride_short,
    mut_stride_neg, mut_crop_x_neg, mut_crop_w0, mut_crop_right,
    mut_crop_bottom, mut_crop_overflow, mut_out_w0, mut_out_h_neg,
    mut_out_huge, mut_order, mut_layout, mut_resize, mut_matrix, mut_scale0,
    mut_scale_inf, mut_mean_nan, mut_oscale0, mut_oscale_neg, mut_oscale_nan,
    mut_zp_high, mut_zp_low, mut_coeff_overflow, mut_offset_overflow,
  };
  GRand *r = ktest_rand_new ();
  YuvImage *yuv = yuv_image_random (7, 5, r);
  TFrame *t = tframe_new_yuv (yuv, EDGE_PIXEL_FORMAT_I420, 0, r);
  const EdgePreprocessParams good = params_default (7, 5, 3, 3);

  g_assert_true (edge_preprocess_params_valid (&t->f, &good));
  g_assert_false (edge_preprocess_params_valid (NULL, &good));
  g_assert_false (edge_preprocess_params_valid (&t->f, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (mutations); i++) {
    EdgeFrame f = t->f;
    EdgePreprocessParams p = good;

    mutations[i] (&f, &p);
    if (edge_preprocess_params_valid (&f, &p))
      g_error ("mutation %u accepted", i);
  }
  /* an RGBx frame needs 4 bytes per pixel of stride */
  {
    RgbImage *img = rgb_image_random (7, 5, r);
    TFrame *x = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGBX, 0, r);

    g_assert_true (edge_preprocess_params_valid (&x->f, &good));
    x->f.strides[0] = 7 * 3;
    g_assert_false (edge_preprocess_params_valid (&x->f, &good));
    tframe_free (x);
    rgb_image_free (img);
  }
  tframe_free (t);
  yuv_image_free (yuv);
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Exactness                                                                 */

/* out == crop reproduces the crop's pixels exactly (weights 256/0), in
 * float (scale 1, mean 0) and int8 (q = p - 128). */
static void
test_identity_exact (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (13, 9, r);
  const int cx = 3, cy = 2, cw = 8, ch = 6;

  for (guint k = 0; k < G_N_ELEMENTS (packed_formats); k++) {
    const gboolean gray = packed_formats[k].format == EDGE_PIXEL_FORMAT_GRAY8;
    TFrame *t = tframe_new_packed (img, packed_formats[k].format, 5, r);
    EdgePreprocessParams p = params_default (cw, ch, cw, ch);
    float *f;
    int8_t *q;

    p.crop_x = cx;
    p.crop_y = cy;
    f = run_f32 (t, &p);
    for (int c = 0; c < 3; c++) {
      p.mean[c] = 128.0f;
    }
    q = run_s8 (t, &p);
    for (int y = 0; y < ch; y++) {
      for (int x = 0; x < cw; x++) {
        for (int c = 0; c < 3; c++) {
          const int want =
              img->rgb[((size_t) (cy + y) * img->w + cx + x) * 3 +
              (gray ? 0 : c)];
          const size_t i = ((size_t) y * cw + x) * 3 + c;

          g_assert_cmpfloat (f[i], ==, (float) want);
          g_assert_cmpint (q[i], ==, want - 128);
        }
      }
    }
    g_free (f);
    g_free (q);
    tframe_free (t);
  }
  rgb_image_free (img);
  g_rand_free (r);
}

/* Scale / mean / zero point reach the output as specified, and int8
 * saturates at both ends instead of wrapping. */
static void
test_normalization_s8 (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_new (4, 1);
  static const uint8_t px[4] = { 0, 100, 150, 255 };
  EdgePreprocessParams p = params_default (4, 1, 4, 1);
  TFrame *t;
  float *f;
  int8_t *q;

  for (int i = 0; i < 4; i++)
    for (int c = 0; c < 3; c++)
      img->rgb[3 * i + c] = px[i];
  t = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGB, 0, r);
  /* real = (p - 127.5) / 127.5 * {1, 2, -1}; int8 scale 1/100, zp 3 */
  for (int c = 0; c < 3; c++) {
    p.mean[c] = 127.5f;
    p.scale[c] = (c == 1 ? 2.0f : c == 2 ? -1.0f : 1.0f) / 127.5f;
  }
  p.output_scale = 0.01f;
  p.output_zero_point = 3;
  f = run_f32 (t, &p);
  q = run_s8 (t, &p);
  for (int i = 0; i < 4; i++) {
    for (int c = 0; c < 3; c++) {
      const double real = (px[i] - 127.5) * p.scale[c];

      g_assert_cmpfloat (fabs (f[3 * i + c] - real), <=, 1e-6);
      /* no ties in this data: the rounding must agree exactly */
      g_assert_cmpint (q[3 * i + c], ==, ktest_quantize_double (real,
              p.output_scale, 3, -128, 127));
    }
  }
  /* the saturating ends are really reached (real -2 and 2 -> -197, 203),
   * and the zero point is added (real 1 -> 103) */
  g_assert_cmpint (q[3 * 0 + 1], ==, -128);
  g_assert_cmpint (q[3 * 3 + 1], ==, 127);
  g_assert_cmpint (q[3 * 0 + 2], ==, 103);
  g_free (f);
  g_free (q);
  tframe_free (t);
  rgb_image_free (img);
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Against the oracle                                                        */

typedef struct {
  int fw, fh;                   /* frame */
  int cx, cy, cw, ch;           /* crop */
  int ow, oh;
  EdgeResizeMode mode;
} Geometry;

static const Geometry geometries[] = {
  {64, 48, 0, 0, 64, 48, 20, 15, EDGE_RESIZE_STRETCH},  /* downscale 3.2x */
  {64, 48, 0, 0, 64, 48, 23, 29, EDGE_RESIZE_STRETCH},  /* odd ratios */
  {17, 13, 0, 0, 17, 13, 40, 31, EDGE_RESIZE_STRETCH},  /* upscale */
  {64, 48, 5, 7, 33, 21, 16, 16, EDGE_RESIZE_STRETCH},  /* ROI */
  {64, 48, 0, 0, 64, 48, 30, 30, EDGE_RESIZE_LETTERBOX},        /* wide */
  {30, 50, 3, 1, 25, 47, 32, 24, EDGE_RESIZE_LETTERBOX},        /* tall ROI */
  {9, 7, 2, 3, 1, 1, 3, 2, EDGE_RESIZE_STRETCH},        /* one pixel */
  {9, 7, 0, 0, 9, 7, 1, 1, EDGE_RESIZE_STRETCH},        /* 1x1 output */
  {1, 1, 0, 0, 1, 1, 4, 3, EDGE_RESIZE_LETTERBOX},      /* 1x1 frame */
};

static EdgePreprocessParams
geometry_params (const Geometry * g)
{
  EdgePreprocessParams p = params_default (g->cw, g->ch, g->ow, g->oh);

  p.crop_x = g->cx;
  p.crop_y = g->cy;
  p.resize_mode = g->mode;
  return p;
}

/* Random content (worst case, < 1 level) through every geometry, colour
 * order and layout; int8 at 1 LSB per level. */
static void
test_oracle_rgb_random (void)
{
  GRand *r = ktest_rand_new ();

  for (guint i = 0; i < G_N_ELEMENTS (geometries); i++) {
    const Geometry *g = &geometries[i];
    RgbImage *img = rgb_image_random (g->fw, g->fh, r);
    TFrame *t = tframe_new_packed (img,
        i % 2 ? EDGE_PIXEL_FORMAT_BGRX : EDGE_PIXEL_FORMAT_RGB, 3, r);

    for (int order = 0; order < 3; order++) {
      EdgePreprocessParams p = geometry_params (g);

      p.color_order = (EdgeColorOrder) order;
      p.layout = i % 3 == 1 ? EDGE_LAYOUT_NCHW : EDGE_LAYOUT_NHWC;
      for (int c = 0; c < 3; c++) {
        p.mean[c] = 10.0f * (c + 1);
        p.scale[c] = 1.0f / 255;
      }
      /* one pixel level is one LSB; GRAY needs room for the luma weights */
      p.output_scale = order == EDGE_COLOR_ORDER_GRAY ? 1.5f / 255 : 1.0f / 255;
      p.output_zero_point = -128;
      check_oracle (t, &p);
    }
    tframe_free (t);
    rgb_image_free (img);
  }
  g_rand_free (r);
}

/* Smooth content: the kernel is within a few hundredths of a level of exact
 * bilinear; int8 with MobileNet-style parameters (real in [-1, 1]). */
static void
test_oracle_rgb_smooth (void)
{
  GRand *r = ktest_rand_new ();

  for (guint i = 0; i < G_N_ELEMENTS (geometries); i++) {
    const Geometry *g = &geometries[i];
    RgbImage *img = rgb_image_smooth (g->fw, g->fh);
    TFrame *t = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGBA, 0, r);
    EdgePreprocessParams p = geometry_params (g);
    double tol[3];

    for (int c = 0; c < 3; c++) {
      p.mean[c] = 127.5f;
      p.scale[c] = 1.0f / 127.5f;
    }
    p.output_scale = 1.0f / 128;
    p.output_zero_point = 0;
    oracle_tolerance (t, &p, tol);
    /* the content is what makes this test tight */
    g_assert_cmpfloat (tol[0], <, 0.1);
    check_oracle (t, &p);
    tframe_free (t);
    rgb_image_free (img);
  }
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Formats, strides, crops, letterbox, layouts                               */

/* The seven RGB-family formats of the same content give identical bits
 * (the x / alpha byte holds garbage and must be ignored). */
static void
test_formats_packed_identical (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (37, 23, r);
  TFrame *ref = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGB, 0, r);

  for (int order = 0; order < 3; order++) {
    EdgePreprocessParams p = params_default (30, 19, 16, 11);

    p.crop_x = 5;
    p.crop_y = 3;
    p.color_order = (EdgeColorOrder) order;
    for (guint k = 1; k < G_N_ELEMENTS (packed_formats) - 1; k++) {
      TFrame *t = tframe_new_packed (img, packed_formats[k].format, 7, r);

      assert_same_output (ref, &p, t, &p, packed_formats[k].name);
      tframe_free (t);
    }
  }
  tframe_free (ref);
  rgb_image_free (img);
  g_rand_free (r);
}

/* Row padding (random garbage) changes nothing, for every plane layout. */
static void
test_strides_padding (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (21, 11, r);
  YuvImage *yuv = yuv_image_random (21, 11, r);
  EdgePreprocessParams p = params_default (21, 11, 9, 14);
  static const EdgePixelFormat formats[] = {
    EDGE_PIXEL_FORMAT_RGB, EDGE_PIXEL_FORMAT_XRGB, EDGE_PIXEL_FORMAT_GRAY8,
    EDGE_PIXEL_FORMAT_I420, EDGE_PIXEL_FORMAT_NV12,
  };

  for (guint k = 0; k < G_N_ELEMENTS (formats); k++) {
    const gboolean planar = formats[k] == EDGE_PIXEL_FORMAT_I420
        || formats[k] == EDGE_PIXEL_FORMAT_NV12;
    TFrame *tight = planar ? tframe_new_yuv (yuv, formats[k], 0, r)
        : tframe_new_packed (img, formats[k], 0, r);
    TFrame *padded = planar ? tframe_new_yuv (yuv, formats[k], 29, r)
        : tframe_new_packed (img, formats[k], 29, r);

    g_assert_cmpint (padded->f.strides[0], >, tight->f.strides[0]);
    assert_same_output (tight, &p, padded, &p, "padding");
    tframe_free (tight);
    tframe_free (padded);
  }
  rgb_image_free (img);
  yuv_image_free (yuv);
  g_rand_free (r);
}

/* A crop equals processing a copy of just that rectangle: nothing outside
 * the ROI is read into the result (RGB; I420 at an even offset with odd
 * size), and the crop really changes the output. */
static void
test_crop_roi (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (40, 30, r);
  YuvImage *yuv = yuv_image_random (40, 30, r);
  const int cx = 6, cy = 4, cw = 19, ch = 13;
  RgbImage *sub = rgb_image_sub (img, cx, cy, cw, ch);
  YuvImage *ysub = yuv_image_sub (yuv, cx, cy, cw, ch);
  EdgePreprocessParams pc = params_default (cw, ch, 11, 17);
  EdgePreprocessParams ps = pc;
  TFrame *tf, *ts;
  float *full, *crop;

  pc.crop_x = cx;
  pc.crop_y = cy;

  tf = tframe_new_packed (img, EDGE_PIXEL_FORMAT_BGR, 0, r);
  ts = tframe_new_packed (sub, EDGE_PIXEL_FORMAT_BGR, 0, r);
  assert_same_output (tf, &pc, ts, &ps, "RGB crop");
  {
    EdgePreprocessParams pf = params_default (40, 30, 11, 17);

    full = run_f32 (tf, &pf);
    crop = run_f32 (tf, &pc);
    g_assert_true (memcmp (full, crop, out_count (&pc) * sizeof (float)));
    g_free (full);
    g_free (crop);
  }
  tframe_free (tf);
  tframe_free (ts);

  for (int order = 0; order < 3; order++) {
    pc.color_order = ps.color_order = (EdgeColorOrder) order;
    tf = tframe_new_yuv (yuv, EDGE_PIXEL_FORMAT_I420, 0, r);
    ts = tframe_new_yuv (ysub, EDGE_PIXEL_FORMAT_I420, 0, r);
    assert_same_output (tf, &pc, ts, &ps, "I420 crop");
    tframe_free (tf);
    tframe_free (ts);
  }

  rgb_image_free (sub);
  yuv_image_free (ysub);
  rgb_image_free (img);
  yuv_image_free (yuv);
  g_rand_free (r);
}

/* Letterbox = stretch to the placed size, inside the placed rectangle, and
 * the normalized fill value everywhere else. */
static void
check_letterbox (const TFrame * t, EdgePreprocessParams p)
{
  EdgePreprocessParams ps = p;
  int32_t px, py, pw, ph;
  const int nc = n_channels (&p);
  float *lf, *sf;
  int8_t *lq, *sq;

  p.resize_mode = EDGE_RESIZE_LETTERBOX;
  edge_preprocess_placement (&p, &px, &py, &pw, &ph);
  ps.resize_mode = EDGE_RESIZE_STRETCH;
  ps.out_w = pw;
  ps.out_h = ph;
  lf = run_f32 (t, &p);
  lq = run_s8 (t, &p);
  sf = run_f32 (t, &ps);
  sq = run_s8 (t, &ps);

  for (int y = 0; y < p.out_h; y++) {
    for (int x = 0; x < p.out_w; x++) {
      const gboolean inside = x >= px && x < px + pw && y >= py
          && y < py + ph;

      for (int c = 0; c < nc; c++) {
        const size_t i = out_index (&p, c, x, y);
        const double border = (p.letterbox_fill - p.mean[c]) * p.scale[c];

        if (inside) {
          const size_t j = out_index (&ps, c, x - px, y - py);

          g_assert_cmpfloat (lf[i], ==, sf[j]);
          g_assert_cmpint (lq[i], ==, sq[j]);
        } else {
          g_assert_cmpfloat (fabs (lf[i] - border), <=, 1e-5);
          g_assert_cmpint (lq[i], ==, ktest_quantize_double (border,
                  p.output_scale, p.output_zero_point, -128, 127));
        }
      }
    }
  }
  g_free (lf);
  g_free (lq);
  g_free (sf);
  g_free (sq);
}

/* Wide source: bands above and below; checked for RGB and GRAY output. */
static void
test_letterbox_wide (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (50, 20, r);
  TFrame *t = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGBX, 0, r);
  EdgePreprocessParams p = params_default (50, 20, 24, 24);
  int32_t x, y, w, h;

  p.letterbox_fill = 200;
  for (int c = 0; c < 3; c++) {
    p.mean[c] = 100.0f + c;
    p.scale[c] = 0.01f * (c + 1);
  }
  p.output_scale = 0.02f;
  p.output_zero_point = 5;
  p.resize_mode = EDGE_RESIZE_LETTERBOX;
  edge_preprocess_placement (&p, &x, &y, &w, &h);
  g_assert_cmpint (y, >, 0);    /* there is a band */
  check_letterbox (t, p);
  p.color_order = EDGE_COLOR_ORDER_GRAY;
  p.layout = EDGE_LAYOUT_NCHW;
  check_letterbox (t, p);
  tframe_free (t);
  rgb_image_free (img);
  g_rand_free (r);
}

/* Tall source: bands left and right; checked for an NV12 ROI source. */
static void
test_letterbox_tall (void)
{
  GRand *r = ktest_rand_new ();
  YuvImage *yuv = yuv_image_random (31, 41, r);
  TFrame *t = tframe_new_yuv (yuv, EDGE_PIXEL_FORMAT_NV12, 2, r);
  EdgePreprocessParams p = params_default (13, 37, 33, 20);
  int32_t x, y, w, h;

  p.crop_x = 3;
  p.crop_y = 1;
  p.letterbox_fill = 0;
  p.mean[0] = 1.0f;
  p.output_scale = 2.0f;
  p.output_zero_point = -100;
  p.layout = EDGE_LAYOUT_NCHW;
  p.resize_mode = EDGE_RESIZE_LETTERBOX;
  edge_preprocess_placement (&p, &x, &y, &w, &h);
  g_assert_cmpint (x, >, 0);
  check_letterbox (t, p);
  p.color_order = EDGE_COLOR_ORDER_BGR;
  check_letterbox (t, p);
  tframe_free (t);
  yuv_image_free (yuv);
  g_rand_free (r);
}

/* NCHW is exactly the transpose of NHWC. */
static void
test_layout_nchw (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (19, 14, r);
  TFrame *t = tframe_new_packed (img, EDGE_PIXEL_FORMAT_BGRA, 0, r);
  EdgePreprocessParams p = params_default (19, 14, 7, 9);

  p.resize_mode = EDGE_RESIZE_LETTERBOX;
  for (int c = 0; c < 3; c++)
    p.scale[c] = 0.5f + c;
  p.output_scale = 3.0f;
  for (int order = 0; order < 3; order++) {
    EdgePreprocessParams pn = p, pc = p;
    const int nc = order == EDGE_COLOR_ORDER_GRAY ? 1 : 3;
    float *fn, *fc;
    int8_t *qn, *qc;

    pn.color_order = pc.color_order = (EdgeColorOrder) order;
    pc.layout = EDGE_LAYOUT_NCHW;
    fn = run_f32 (t, &pn);
    fc = run_f32 (t, &pc);
    qn = run_s8 (t, &pn);
    qc = run_s8 (t, &pc);
    for (int c = 0; c < nc; c++) {
      for (int y = 0; y < p.out_h; y++) {
        for (int x = 0; x < p.out_w; x++) {
          const size_t in = ((size_t) y * p.out_w + x) * nc + c;
          const size_t ic = ((size_t) c * p.out_h + y) * p.out_w + x;

          g_assert_cmpfloat (fn[in], ==, fc[ic]);
          g_assert_cmpint (qn[in], ==, qc[ic]);
        }
      }
    }
    g_free (fn);
    g_free (fc);
    g_free (qn);
    g_free (qc);
  }
  tframe_free (t);
  rgb_image_free (img);
  g_rand_free (r);
}

/* BGR output is RGB output with channels 0 and 2 swapped (mean and scale
 * follow the output order), for packed and YUV sources. */
static void
test_order_bgr (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (16, 12, r);
  YuvImage *yuv = yuv_image_random (16, 12, r);

  for (int k = 0; k < 2; k++) {
    TFrame *t = k ? tframe_new_yuv (yuv, EDGE_PIXEL_FORMAT_I420, 0, r)
        : tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGB, 0, r);
    EdgePreprocessParams prgb = params_default (16, 12, 10, 10);
    EdgePreprocessParams pbgr;
    float *a, *b;

    prgb.mean[0] = 1.0f;
    prgb.mean[1] = 2.0f;
    prgb.mean[2] = 3.0f;
    prgb.scale[0] = 0.5f;
    prgb.scale[1] = 0.25f;
    prgb.scale[2] = 2.0f;
    pbgr = prgb;
    pbgr.color_order = EDGE_COLOR_ORDER_BGR;
    pbgr.mean[0] = prgb.mean[2];
    pbgr.mean[2] = prgb.mean[0];
    pbgr.scale[0] = prgb.scale[2];
    pbgr.scale[2] = prgb.scale[0];
    a = run_f32 (t, &prgb);
    b = run_f32 (t, &pbgr);
    for (size_t i = 0; i < 100; i++) {
      g_assert_cmpfloat (a[3 * i], ==, b[3 * i + 2]);
      g_assert_cmpfloat (a[3 * i + 1], ==, b[3 * i + 1]);
      g_assert_cmpfloat (a[3 * i + 2], ==, b[3 * i]);
    }
    /* and the swap is visible: R and B differ somewhere */
    g_assert_true (memcmp (a, b, 300 * sizeof (float)));
    g_free (a);
    g_free (b);
    tframe_free (t);
  }
  rgb_image_free (img);
  yuv_image_free (yuv);
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Gray                                                                      */

/* GRAY output from RGB: within the bound of BT.601 luma; a gray picture
 * keeps its exact values (the luma weights sum to 256). */
static void
test_gray_from_rgb (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_smooth (45, 33);
  RgbImage *gimg = rgb_image_gray_random (12, 10, r);
  TFrame *t = tframe_new_packed (img, EDGE_PIXEL_FORMAT_XRGB, 0, r);
  TFrame *g = tframe_new_packed (gimg, EDGE_PIXEL_FORMAT_RGB, 0, r);
  EdgePreprocessParams p = params_default (45, 33, 20, 30);
  EdgePreprocessParams pi = params_default (12, 10, 12, 10);
  float *f;

  p.color_order = pi.color_order = EDGE_COLOR_ORDER_GRAY;
  p.mean[0] = 127.5f;
  p.scale[0] = 1.0f / 127.5f;
  p.output_scale = 1.0f / 128;
  check_oracle (t, &p);

  f = run_f32 (g, &pi);
  for (size_t i = 0; i < 120; i++)
    g_assert_cmpfloat (f[i], ==, gimg->rgb[3 * i]);
  g_free (f);
  tframe_free (t);
  tframe_free (g);
  rgb_image_free (img);
  rgb_image_free (gimg);
  g_rand_free (r);
}

/* A GRAY8 source equals an RGB source with R = G = B, for RGB and GRAY
 * models, and the RGB model gets three identical channels. */
static void
test_gray_source (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_gray_random (23, 17, r);
  TFrame *g8 = tframe_new_packed (img, EDGE_PIXEL_FORMAT_GRAY8, 1, r);
  TFrame *rgb = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGB, 0, r);
  EdgePreprocessParams p = params_default (20, 15, 9, 31);
  float *f;

  p.crop_x = 2;
  p.crop_y = 1;
  for (int order = 0; order < 3; order++) {
    p.color_order = (EdgeColorOrder) order;
    assert_same_output (g8, &p, rgb, &p, "GRAY8 vs RGB");
  }
  p.color_order = EDGE_COLOR_ORDER_RGB;
  f = run_f32 (g8, &p);
  for (size_t i = 0; i < (size_t) 9 * 31; i++) {
    g_assert_cmpfloat (f[3 * i], ==, f[3 * i + 1]);
    g_assert_cmpfloat (f[3 * i], ==, f[3 * i + 2]);
  }
  g_free (f);
  p.color_order = EDGE_COLOR_ORDER_GRAY;
  check_oracle (g8, &p);
  tframe_free (g8);
  tframe_free (rgb);
  rgb_image_free (img);
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* YUV                                                                       */

/* I420 and NV12 of the same content give identical bits: odd sizes, odd
 * crop offsets and sizes, both matrices, all orders, letterbox. */
static void
test_yuv_i420_equals_nv12 (void)
{
  GRand *r = ktest_rand_new ();
  static const int sizes[][8] = {
    /* fw, fh, cx, cy, cw, ch, ow, oh */
    {33, 25, 0, 0, 33, 25, 16, 16},
    {33, 25, 3, 5, 27, 19, 40, 9},
    {1, 1, 0, 0, 1, 1, 3, 3},
    {8, 3, 7, 2, 1, 1, 2, 2},
  };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++) {
    YuvImage *yuv = yuv_image_random (sizes[s][0], sizes[s][1], r);
    TFrame *a = tframe_new_yuv (yuv, EDGE_PIXEL_FORMAT_I420, 1, r);
    TFrame *b = tframe_new_yuv (yuv, EDGE_PIXEL_FORMAT_NV12, 4, r);

    for (int m = 0; m < 2; m++) {
      for (int order = 0; order < 3; order++) {
        EdgePreprocessParams p = params_default (sizes[s][4], sizes[s][5],
            sizes[s][6], sizes[s][7]);

        p.crop_x = sizes[s][2];
        p.crop_y = sizes[s][3];
        p.yuv_matrix = (EdgeYuvMatrix) m;
        p.color_order = (EdgeColorOrder) order;
        p.resize_mode = (EdgeResizeMode) (order % 2);
        p.layout = (EdgeLayout) (m ^ (order % 2));
        p.output_scale = 2.0f;
        assert_same_output (a, &p, b, &p, "I420 vs NV12");
      }
    }
    tframe_free (a);
    tframe_free (b);
    yuv_image_free (yuv);
  }
  g_rand_free (r);
}

/* I420 / NV12 against the oracle (textbook conversion, chroma resampled at
 * its own centres): random content with clamping and odd crops (float), and
 * smooth content tightly (float and int8). */
static void
test_yuv_oracle (void)
{
  GRand *r = ktest_rand_new ();

  for (guint i = 0; i < G_N_ELEMENTS (geometries); i++) {
    const Geometry *g = &geometries[i];
    YuvImage *rnd = yuv_image_random (g->fw, g->fh, r);
    YuvImage *smooth = yuv_image_smooth (g->fw, g->fh);

    for (int m = 0; m < 2; m++) {
      for (int order = 0; order < 3; order++) {
        const EdgePixelFormat fmt = (i + m) % 2 ? EDGE_PIXEL_FORMAT_NV12 :
            EDGE_PIXEL_FORMAT_I420;
        TFrame *t = tframe_new_yuv (rnd, fmt, 0, r);
        TFrame *ts = tframe_new_yuv (smooth, fmt, 5, r);
        EdgePreprocessParams p = geometry_params (g);

        p.yuv_matrix = (EdgeYuvMatrix) m;
        p.color_order = (EdgeColorOrder) order;
        /* random content: up to ~3.3 levels of interpolation error after
         * the matrix, so 4 levels per LSB */
        for (int c = 0; c < 3; c++)
          p.scale[c] = 1.0f / 255;
        p.output_scale = 4.0f / 255;
        p.output_zero_point = -128;
        check_oracle (t, &p);

        /* smooth content: one level per LSB, MobileNet-style */
        for (int c = 0; c < 3; c++) {
          p.mean[c] = 127.5f;
          p.scale[c] = 1.0f / 127.5f;
        }
        p.output_scale = 1.0f / 128;
        p.output_zero_point = 0;
        check_oracle (ts, &p);
        tframe_free (t);
        tframe_free (ts);
      }
    }
    yuv_image_free (rnd);
    yuv_image_free (smooth);
  }
  g_rand_free (r);
}

/* The same picture as I420 and as RGB (its exact conversion, rounded) gives
 * close results: chroma is constant (U = 110, V = 150: every matrix term
 * matters) and Y stays where nothing clamps, so conversion and resampling
 * commute and the gap is the RGB rounding (0.5) plus both interpolation
 * bounds plus the integer conversion (0.05). */
static void
test_yuv_close_to_rgb (void)
{
  GRand *r = ktest_rand_new ();
  const int w = 48, h = 36;

  for (int m = 0; m < 2; m++) {
    YuvImage *yuv = yuv_image_new (w, h);
    RgbImage *img = rgb_image_new (w, h);
    EdgePreprocessParams p = params_default (w - 5, h - 4, 29, 17);
    TFrame *ty, *tr;
    float *fy, *fr;
    double ey, er = 0, worst = 0;
    OPlane pl;

    p.crop_x = 4;
    p.crop_y = 2;
    p.yuv_matrix = (EdgeYuvMatrix) m;
    memset (yuv->u, 110, (size_t) yuv->cw * yuv->ch);
    memset (yuv->v, 150, (size_t) yuv->cw * yuv->ch);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double rgb[3];
        const uint8_t yv = wave (130 + 65 * sin (0.2 * x) * cos (0.17 * y));

        yuv->y[(size_t) y * w + x] = yv;
        oracle_yuv_to_rgb (p.yuv_matrix, yv, 110, 150, rgb);
        for (int c = 0; c < 3; c++) {
          /* no clamping anywhere, so the conversion is affine */
          g_assert_cmpfloat (rgb[c], >, 0.5);
          g_assert_cmpfloat (rgb[c], <, 254.5);
          img->rgb[((size_t) y * w + x) * 3 + c] = (uint8_t) lrint (rgb[c]);
        }
      }
    }
    ty = tframe_new_yuv (yuv, EDGE_PIXEL_FORMAT_I420, 0, r);
    tr = tframe_new_packed (img, EDGE_PIXEL_FORMAT_RGB, 0, r);
    fy = run_f32 (ty, &p);
    fr = run_f32 (tr, &p);

    pl = oplane (yuv->y, w, 1, 0, w, h);
    ey = 255.0 / 219 * plane_interp_bound (&pl);
    for (int c = 0; c < 3; c++) {
      pl = oplane (img->rgb, 3 * w, 3, c, w, h);
      er = MAX (er, plane_interp_bound (&pl));
    }
    for (size_t i = 0; i < out_count (&p); i++) {
      worst = MAX (worst, fabs (fy[i] - fr[i]));
      if (fabs (fy[i] - fr[i]) > 0.5 + ey + er + 0.05)
        g_error ("element %zu: I420 %.4f RGB %.4f (tol %.4f)", i, fy[i],
            fr[i], 0.5 + ey + er + 0.05);
    }
    g_test_message ("I420 vs RGB: max %.4f levels", worst);
    g_free (fy);
    g_free (fr);
    tframe_free (ty);
    tframe_free (tr);
    rgb_image_free (img);
    yuv_image_free (yuv);
  }
  g_rand_free (r);
}

/* GRAY output from YUV is Y expanded to full range: independent of chroma
 * and of the matrix, black (16) and white (235) map to 0 and 255 exactly,
 * and it matches the oracle. */
static void
test_yuv_gray (void)
{
  GRand *r = ktest_rand_new ();
  YuvImage *a = yuv_image_random (15, 11, r);
  YuvImage *b = yuv_image_random (15, 11, r);
  EdgePreprocessParams p = params_default (15, 11, 15, 11);
  EdgePreprocessParams p709;
  TFrame *ta, *tb;
  float *f;

  p.color_order = EDGE_COLOR_ORDER_GRAY;
  memcpy (b->y, a->y, 15 * 11);
  a->y[0] = 16;
  a->y[1] = 235;
  a->y[2] = 0;
  a->y[3] = 255;
  b->y[0] = 16;
  b->y[1] = 235;
  b->y[2] = 0;
  b->y[3] = 255;
  ta = tframe_new_yuv (a, EDGE_PIXEL_FORMAT_I420, 0, r);
  tb = tframe_new_yuv (b, EDGE_PIXEL_FORMAT_NV12, 0, r);
  p709 = p;
  p709.yuv_matrix = EDGE_YUV_MATRIX_BT709;
  assert_same_output (ta, &p, tb, &p709, "gray ignores chroma");
  f = run_f32 (ta, &p);
  g_assert_cmpfloat (f[0], ==, 0.0f);
  g_assert_cmpfloat (f[1], ==, 255.0f);
  g_assert_cmpfloat (f[2], ==, 0.0f);
  g_assert_cmpfloat (f[3], ==, 255.0f);
  g_free (f);
  /* random Y: up to 1.16 levels of interpolation error, 2 levels per LSB */
  p.out_w = 7;
  p.out_h = 20;
  p.output_scale = 2.0f;
  check_oracle (ta, &p);
  tframe_free (ta);
  tframe_free (tb);
  yuv_image_free (a);
  yuv_image_free (b);
  g_rand_free (r);
}

/* ------------------------------------------------------------------------ */
/* Tiny                                                                      */

/* A 1x1 frame, or a one-pixel crop, gives that pixel everywhere, exactly,
 * for every format (YUV: its conversion, the same at every position). */
static void
test_tiny (void)
{
  GRand *r = ktest_rand_new ();
  RgbImage *img = rgb_image_random (7, 5, r);
  YuvImage *yuv = yuv_image_random (7, 5, r);

  for (guint k = 0; k < G_N_ELEMENTS (packed_formats) + 2; k++) {
    const gboolean planar = k >= G_N_ELEMENTS (packed_formats);
    const EdgePixelFormat fmt = planar ? (k % 2 ? EDGE_PIXEL_FORMAT_NV12 :
        EDGE_PIXEL_FORMAT_I420) : packed_formats[k].format;
    TFrame *t = planar ? tframe_new_yuv (yuv, fmt, 0, r)
        : tframe_new_packed (img, fmt, 0, r);
    EdgePreprocessParams p = params_default (1, 1, 1, 1);
    float *one, *many;

    /* (4, 2): an even position, so the YUV pixel has a chroma sample of
     * its own and the one-pixel crop is a plain 1x1 frame */
    p.crop_x = 4;
    p.crop_y = 2;
    one = run_f32 (t, &p);
    p.out_w = 6;
    p.out_h = 5;
    many = run_f32 (t, &p);
    for (int i = 0; i < 30; i++)
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat (many[3 * i + c], ==, one[c]);
    if (!planar) {
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat (one[c], ==, img->rgb[(2 * 7 + 4) * 3 +
                (fmt == EDGE_PIXEL_FORMAT_GRAY8 ? 0 : c)]);
    }
    g_free (one);
    g_free (many);
    tframe_free (t);
  }
  rgb_image_free (img);
  yuv_image_free (yuv);
  g_rand_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preprocess/placement/stretch", test_placement_stretch);
  g_test_add_func ("/preprocess/placement/letterbox",
      test_placement_letterbox);
  g_test_add_func ("/preprocess/axis/taps", test_axis_taps);
  g_test_add_func ("/preprocess/weights/by-hand", test_weights_by_hand);
  g_test_add_func ("/preprocess/valid/accepts", test_valid_accepts);
  g_test_add_func ("/preprocess/valid/rejects", test_valid_rejects);
  g_test_add_func ("/preprocess/identity/exact", test_identity_exact);
  g_test_add_func ("/preprocess/normalization/s8", test_normalization_s8);
  g_test_add_func ("/preprocess/oracle/rgb-random", test_oracle_rgb_random);
  g_test_add_func ("/preprocess/oracle/rgb-smooth", test_oracle_rgb_smooth);
  g_test_add_func ("/preprocess/formats/packed-identical",
      test_formats_packed_identical);
  g_test_add_func ("/preprocess/strides/padding", test_strides_padding);
  g_test_add_func ("/preprocess/crop/roi", test_crop_roi);
  g_test_add_func ("/preprocess/letterbox/wide", test_letterbox_wide);
  g_test_add_func ("/preprocess/letterbox/tall", test_letterbox_tall);
  g_test_add_func ("/preprocess/layout/nchw", test_layout_nchw);
  g_test_add_func ("/preprocess/order/bgr", test_order_bgr);
  g_test_add_func ("/preprocess/gray/from-rgb", test_gray_from_rgb);
  g_test_add_func ("/preprocess/gray/gray8-source", test_gray_source);
  g_test_add_func ("/preprocess/yuv/i420-equals-nv12",
      test_yuv_i420_equals_nv12);
  g_test_add_func ("/preprocess/yuv/oracle", test_yuv_oracle);
  g_test_add_func ("/preprocess/yuv/close-to-rgb", test_yuv_close_to_rgb);
  g_test_add_func ("/preprocess/yuv/gray", test_yuv_gray);
  g_test_add_func ("/preprocess/tiny", test_tiny);

  return g_test_run ();
}
