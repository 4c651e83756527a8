/* gst-edge kernels: ORC element-wise, requantization and pooling kernels.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Wrappers with the reference signatures around the programs of
 * edge-orc.orc. Each asserts the reference's preconditions, derives the
 * float constants with the reference's own expressions (so the ORC program
 * multiplies by the very same float32 values) and splits the work into ORC
 * calls; whatever ORC cannot express runs in C with the reference's
 * formulas. Contracts: orc-kernels.h. */

#include "orc/orc-kernels.h"
#include "orc/orc-common.h"
#include "edge-requantize.h"
#include "edge-kernels-internal.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------------ */
/* Element-wise                                                              */

/* [n] int8, any alignment, in place allowed (each element is read before
 * it is written, at the same index). x = (float)(a - za) * am +
 * (float)(b - zb) * bm in float32 without FMA, then the requantization
 * rule: clamp, round half to even, + zero point; saturation to
 * [output_min, output_max]. */
void
edge_orc_qs8_add (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params)
{
  EdgeOrcRequant r;
  EdgeOrcFpState fp;

  check_binary_params (params);
  assert (n == 0 || (a != NULL && b != NULL && out != NULL));

  r = edge_orc_requant (params->output_zero_point, params->output_min,
      params->output_max);
  fp = edge_orc_fp_save ();
  while (n > 0) {
    const int chunk = n > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) n;

    edge_orc_qs8_add_kernel (out, a, b, params->a_zero_point,
        params->b_zero_point, params->a_multiplier, params->b_multiplier,
        r.lo, r.hi, r.k, chunk);
    a += chunk;
    b += chunk;
    out += chunk;
    n -= (size_t) chunk;
  }
  edge_orc_fp_restore (fp);
}

/* [n] int8, in place allowed. (a - za) * (b - zb) is an exact int32
 * (mulswl of the two int16 differences), converted to float exactly, one
 * float32 multiplication, then the requantization rule. */
void
edge_orc_qs8_mul (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params)
{
  EdgeOrcRequant r;
  EdgeOrcFpState fp;

  check_binary_params (params);
  assert (n == 0 || (a != NULL && b != NULL && out != NULL));

  r = edge_orc_requant (params->output_zero_point, params->output_min,
      params->output_max);
  fp = edge_orc_fp_save ();
  while (n > 0) {
    const int chunk = n > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) n;

    edge_orc_qs8_mul_kernel (out, a, b, params->a_zero_point,
        params->b_zero_point, params->a_multiplier, r.lo, r.hi, r.k, chunk);
    a += chunk;
    b += chunk;
    out += chunk;
    n -= (size_t) chunk;
  }
  edge_orc_fp_restore (fp);
}

/* [n] int8, in place allowed: min (max (v, out_min), out_max). */
void
edge_orc_s8_clamp (size_t n, const int8_t * in, int8_t out_min,
    int8_t out_max, int8_t * out)
{
  assert (n == 0 || (in != NULL && out != NULL));
  assert (out_min <= out_max);

  while (n > 0) {
    const int chunk = n > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) n;

    if (in == out)
      edge_orc_s8_clamp_inplace (out, out_min, out_max, chunk);
    else
      edge_orc_s8_clamp_kernel (out, in, out_min, out_max, chunk);
    in += chunk;
    out += chunk;
    n -= (size_t) chunk;
  }
}

/* Float bits as the ORC program reads them. */
static inline uint32_t
f32_bits (float f)
{
  uint32_t u;

  memcpy (&u, &f, sizeof u);
  return u;
}

/* The integer key of edge_orc_f32_clamp_kernel: bits ^ ((bits >> 31) &
 * 0x7fffffff) as int32 orders non-NaN floats (-0.0 -> -1, +0.0 -> 0). Kept
 * in uint32 (wrap-around arithmetic, as the program's). */
static inline uint32_t
f32_key (float f)
{
  const uint32_t b = f32_bits (f);

  return (b & 0x80000000u) ? b ^ 0x7fffffffu : b;
}

/* The reference's clamp, for short runs where an ORC call costs more. */
static inline float
clamp_f32 (float x, float lo, float hi)
{
  const float t = (x < lo) ? lo : x;
  return (t > hi) ? hi : t;
}

/* For edge_orc_f32_clamp_span_kernel: the bias and threshold that make
 * "bits in [l0, l1]" (unsigned, wrapping arithmetic) the signed compare
 * threshold > bits + bias; an empty interval never matches. */
static void
span_params (uint32_t l0, uint32_t l1, int32_t * bias, int32_t * threshold)
{
  if (l0 > l1) {
    *bias = 0;
    *threshold = INT32_MIN;
    return;
  }
  *bias = (int32_t) (0x80000000u - l0);
  *threshold = (int32_t) (l1 - l0 + 1u - 0x80000000u);
}

/* Below this many elements the float clamp runs in C. */
#define F32_CLAMP_MIN_ORC 64

/* [n] float, any alignment, in place allowed. out = (x < lo) ? lo : x,
 * then (t > hi) ? hi : t, decided with integer compares on the bit
 * patterns (raw when lo <= 0 <= hi), float compares that are exact for
 * normal bounds of one sign, or biased keys for denormal bounds
 * (edge-orc.orc):
 * the result is one of x, lo, hi, bit for bit (NaN kept, -0.0 kept,
 * denormals compared exactly). */
void
edge_orc_f32_clamp (size_t n, const float *in, float out_min,
    float out_max, float *out)
{
  assert (n == 0 || (in != NULL && out != NULL));
  assert (out_min <= out_max);

  if (n < F32_CLAMP_MIN_ORC) {
    for (size_t i = 0; i < n; i++)
      out[i] = clamp_f32 (in[i], out_min, out_max);
    return;
  }

  if (fabsf (out_min) >= FLT_MIN && fabsf (out_max) >= FLT_MIN) {
    /* normal or infinite bounds: float compares are exact */
    const EdgeOrcFpState fp = edge_orc_fp_save ();

    while (n > 0) {
      const int chunk = n > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) n;

      edge_orc_f32_clamp_cmp_kernel (out, in, out_min, out_max,
          (int32_t) f32_bits (out_min), (int32_t) f32_bits (out_max), chunk);
      in += chunk;
      out += chunk;
      n -= (size_t) chunk;
    }
    edge_orc_fp_restore (fp);
    return;
  }

  if (!(out_min > 0.0f) && !(out_max < 0.0f)) {
    /* a zero (or denormal) bound with lo <= 0 <= hi: one interval of bit
     * patterns per bound */
    const uint32_t lo_b = out_min == 0.0f ? 0x80000000u : f32_bits (out_min);
    const uint32_t hi_b = out_max == 0.0f ? 0u : f32_bits (out_max);
    int32_t lo_bias, lo_thr, hi_bias, hi_thr;

    span_params (lo_b + 1, 0xff800000u, &lo_bias, &lo_thr);
    span_params (hi_b + 1, 0x7f800000u, &hi_bias, &hi_thr);
    while (n > 0) {
      const int chunk = n > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) n;

      edge_orc_f32_clamp_span_kernel (out, in, lo_thr, hi_thr,
          (int32_t) f32_bits (out_min), (int32_t) f32_bits (out_max),
          lo_bias, hi_bias, chunk);
      in += chunk;
      out += chunk;
      n -= (size_t) chunk;
    }
    return;
  }

  /* denormal bounds: x < lo <=> key (x) < the smallest key of a float
   * equal to lo; x > hi <=> key (x) > the largest */
  const uint32_t lo_key = out_min == 0.0f ? 0xffffffffu : f32_key (out_min);
  const uint32_t hi_key = out_max == 0.0f ? 0u : f32_key (out_max);
  const uint32_t t_bias = 0x80000000u - f32_key (-INFINITY);
  const uint32_t u_bias = f32_key (INFINITY) + 0x80000000u;
  const int32_t t_lo = (int32_t) (lo_key + t_bias);
  const int32_t u_hi = (int32_t) (u_bias - hi_key);

  while (n > 0) {
    const int chunk = n > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) n;

    edge_orc_f32_clamp_kernel (out, in, t_lo, u_hi,
        (int32_t) f32_bits (out_min), (int32_t) f32_bits (out_max),
        (int32_t) t_bias, (int32_t) u_bias, chunk);
    in += chunk;
    out += chunk;
    n -= (size_t) chunk;
  }
}

/* ------------------------------------------------------------------------ */
/* Requantization                                                            */

/* [rows][channels] int32 -> int8, not in place. One 2D ORC call per block
 * of rows (n = channels, m = rows; the multiplier row has stride 0):
 * (float) acc (cvtdq2ps rounding, as the C cast) * multiplier[c], then the
 * requantization rule. Channel counts above 2^28 (strides would overflow
 * int) go to the reference. */
void
edge_orc_qs8_requantize_s32 (size_t rows, size_t channels,
    const int32_t * input, const float *multiplier,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output)
{
  EdgeOrcRequant r;
  EdgeOrcFpState fp;
  size_t max_rows;

  assert (rows == 0 || channels == 0 || (input != NULL && output != NULL));
  assert (channels == 0 || multiplier != NULL);
  assert (rows == 0 || channels <= SIZE_MAX / sizeof (int32_t) / rows);
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);
  for (size_t c = 0; c < channels; c++)
    assert (scale_is_valid (multiplier[c]));

  if (rows == 0 || channels == 0)
    return;
  if (channels > (1u << 28)) {
    edge_ref_qs8_requantize_s32 (rows, channels, input, multiplier,
        output_zero_point, output_min, output_max, output);
    return;
  }

  r = edge_orc_requant (output_zero_point, output_min, output_max);
  fp = edge_orc_fp_save ();
  /* keep n * m within an int for ORC's own index arithmetic */
  max_rows = (size_t) EDGE_ORC_MAX_N / channels;
  if (max_rows == 0)
    max_rows = 1;
  while (rows > 0) {
    const size_t m = rows > max_rows ? max_rows : rows;

    edge_orc_qs8_requantize_s32_kernel (output, (int) channels, input,
        (int) (channels * sizeof (int32_t)), multiplier, 0, r.lo, r.hi, r.k,
        (int) channels, (int) m);
    input += m * channels;
    output += m * channels;
    rows -= m;
  }
  edge_orc_fp_restore (fp);
}

/* [n] int8 -> int8, in place allowed. multiplier = input_scale /
 * output_scale (one float32 division, as the reference), x = (float)(q -
 * z_in) * multiplier, then the requantization rule. */
void
edge_orc_qs8_requantize_s8 (size_t n, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  EdgeOrcRequant r;
  EdgeOrcFpState fp;

  assert (n == 0 || (input != NULL && output != NULL));
  assert (scale_is_valid (input_scale) && scale_is_valid (output_scale));
  assert (zero_point_is_valid (input_zero_point));
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);

  const float multiplier = input_scale / output_scale;

  assert (isfinite (multiplier));

  r = edge_orc_requant (output_zero_point, output_min, output_max);
  fp = edge_orc_fp_save ();
  while (n > 0) {
    const int chunk = n > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) n;

    edge_orc_qs8_requantize_s8_kernel (output, input, input_zero_point,
        multiplier, r.lo, r.hi, r.k, chunk);
    input += chunk;
    output += chunk;
    n -= (size_t) chunk;
  }
  edge_orc_fp_restore (fp);
}

/* ------------------------------------------------------------------------ */
/* Pooling                                                                   */

/* Output columns [*begin, *end) whose window lies inside the input columns
 * (x0 >= 0 and x0 + kernel_w <= in_w); possibly empty. */
static void
interior_columns (const EdgePool2dParams * p, int32_t * begin, int32_t * end)
{
  const int64_t sw = p->stride_w;
  int64_t b = (p->pad_left + sw - 1) / sw;
  int64_t e;

  if (p->in_w < p->kernel_w) {
    *begin = *end = 0;
    return;
  }
  e = ((int64_t) p->in_w - p->kernel_w + p->pad_left) / sw + 1;
  if (e > p->out_w)
    e = p->out_w;
  if (b > e)
    b = e;
  *begin = (int32_t) b;
  *end = (int32_t) e;
}

/* Pool strides and sizes used as ORC int arguments. */
static int
pool_fits_orc (const EdgePool2dParams * p)
{
  return edge_orc_fits_int ((int64_t) p->stride_w * p->channels)
      && edge_orc_fits_int ((int64_t) p->kernel_w * p->channels)
      && edge_orc_fits_int ((int64_t) p->out_w * p->channels * 2);
}

static inline const int8_t *
pixel_ptr (const int8_t * base, int32_t n, int32_t y, int32_t x, int32_t h,
    int32_t w, int32_t channels)
{
  return base + (((size_t) n * (size_t) h + (size_t) y) * (size_t) w
      + (size_t) x) * (size_t) channels;
}

/* The n / m of a 2D call over @m pixels of @channels elements whose
 * destination and sources all advance by exactly one pixel: then the rows
 * are contiguous and one long row vectorizes better. */
static inline void
flatten_2d (int contiguous, int32_t channels, int32_t m, int *orc_n,
    int *orc_m)
{
  if (contiguous && (int64_t) channels * m <= EDGE_ORC_MAX_N) {
    *orc_n = channels * m;
    *orc_m = 1;
  } else {
    *orc_n = channels;
    *orc_m = m;
  }
}

/* NHWC int8 max pool. Interior output pixels of a row: 2D ORC programs,
 * n = channels, m = pixels, one call per window row (columns in groups of
 * up to 3; a 2x2 window in one call), the destination read back as the
 * running max; then one in-place clamp. Clipped pixels: C. */
void
edge_orc_qs8_max_pool2d (const EdgePool2dParams * p, const int8_t * input,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  const int32_t C = p->channels;
  int32_t ox_begin, ox_end;

  assert (edge_pool2d_params_valid (p));
  assert (input != NULL && output != NULL);
  assert (output_min <= output_max);

  if (!pool_fits_orc (p)) {
    edge_ref_qs8_max_pool2d (p, input, output_min, output_max, output);
    return;
  }

  interior_columns (p, &ox_begin, &ox_end);
  const int clamp = output_min > INT8_MIN || output_max < INT8_MAX;
  const int32_t m = ox_end - ox_begin;
  const int sstride = p->stride_w * C;
  int orc_n, orc_m;

  flatten_2d (p->stride_w == 1, C, m, &orc_n, &orc_m);

  for (int32_t n = 0; n < p->batch; n++)
    for (int32_t oy = 0; oy < p->out_h; oy++) {
      int8_t *out_row = output + ((size_t) n * (size_t) p->out_h
          + (size_t) oy) * (size_t) p->out_w * (size_t) C;
      /* the rows of this output row's windows (columns: per pixel) */
      const EdgePoolWindow w = edge_pool_window (p, oy, 0);

      if (m > 0) {
        int8_t *d = out_row + (size_t) ox_begin * (size_t) C;
        const int32_t x0 = ox_begin * p->stride_w - p->pad_left;
        const int32_t n_rows = w.y_end - w.y_start;

        if (n_rows == 2 && p->kernel_w == 2) {
          const int8_t *r0 = pixel_ptr (input, n, w.y_start, x0, p->in_h,
              p->in_w, C);
          const int8_t *r1 = pixel_ptr (input, n, w.y_start + 1, x0,
              p->in_h, p->in_w, C);

          edge_orc_s8_max_2d_4 (d, C, r0, sstride, r0 + C, sstride, r1,
              sstride, r1 + C, sstride, orc_n, orc_m);
        } else {
          int first = 1;

          for (int32_t y = w.y_start; y < w.y_end; y++) {
            const int8_t *r = pixel_ptr (input, n, y, x0, p->in_h, p->in_w,
                C);

            for (int32_t kx = 0; kx < p->kernel_w;) {
              const int32_t k = p->kernel_w - kx < 3 ? p->kernel_w - kx : 3;
              const int8_t *s = r + (size_t) kx * (size_t) C;

              if (first) {
                if (k == 1)
                  edge_orc_s8_max_2d_1 (d, C, s, sstride, orc_n, orc_m);
                else if (k == 2)
                  edge_orc_s8_max_2d_2 (d, C, s, sstride, s + C, sstride,
                      orc_n, orc_m);
                else
                  edge_orc_s8_max_2d_3 (d, C, s, sstride, s + C, sstride,
                      s + 2 * C, sstride, orc_n, orc_m);
                first = 0;
              } else {
                if (k == 1)
                  edge_orc_s8_max_2d_acc1 (d, C, s, sstride, orc_n, orc_m);
                else if (k == 2)
                  edge_orc_s8_max_2d_acc2 (d, C, s, sstride, s + C, sstride,
                      orc_n, orc_m);
                else
                  edge_orc_s8_max_2d_acc3 (d, C, s, sstride, s + C,
                      sstride, s + 2 * C, sstride, orc_n, orc_m);
              }
              kx += k;
            }
          }
        }
        if (clamp) {
          size_t left = (size_t) m * (size_t) C;
          int8_t *q = d;

          while (left > 0) {
            const int chunk =
                left > EDGE_ORC_MAX_N ? EDGE_ORC_MAX_N : (int) left;
            edge_orc_s8_clamp_inplace (q, output_min, output_max, chunk);
            q += chunk;
            left -= (size_t) chunk;
          }
        }
      }
      for (int32_t ox = 0; ox < p->out_w; ox++) {
        if (ox == ox_begin && m > 0) {
          ox = ox_end - 1;
          continue;
        }
        const EdgePoolWindow pw = edge_pool_window (p, oy, ox);

        edge_ref_qs8_max_pool_pixel (p, input, n, &pw, output_min, output_max,
            out_row + (size_t) ox * (size_t) C);
      }
    }
}

/* int16 window sums of the ORC average pool: at most this many elements
 * (8 KiB on the stack), blocked over channels and pixels. */
#define AVG_TMP_ELEMENTS 4096

/* Largest window whose int8 sum fits int16 (255 * 128 = 32640). */
#define AVG_MAX_ORC_WINDOW 255

/* NHWC int8 average pool. Interior output pixels of a row, in blocks of
 * channels x pixels: int16 window sums of q in 2D ORC programs (one call
 * per window row, columns in groups of up to 3), then one 2D ORC call
 * requantizes (float)(sum - count * z_in) * multiplier (count), where
 * sum - count * z_in is exactly the reference's sum of (q - z_in). Clipped
 * pixels: C. Windows larger than 255 elements: the reference. */
void
edge_orc_qs8_avg_pool2d (const EdgePool2dParams * p, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  const int32_t C = p->channels;
  int16_t tmp[AVG_TMP_ELEMENTS];
  int32_t ox_begin, ox_end;
  EdgeOrcRequant r;
  EdgeOrcFpState fp;

  assert (edge_pool2d_params_valid (p));
  assert (input != NULL && output != NULL);
  assert (scale_is_valid (input_scale) && scale_is_valid (output_scale));
  assert (zero_point_is_valid (input_zero_point));
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);

  if ((int64_t) p->kernel_h * p->kernel_w > AVG_MAX_ORC_WINDOW
      || !pool_fits_orc (p)) {
    edge_ref_qs8_avg_pool2d (p, input, input_scale, input_zero_point,
        output_scale, output_zero_point, output_min, output_max, output);
    return;
  }

  interior_columns (p, &ox_begin, &ox_end);
  r = edge_orc_requant (output_zero_point, output_min, output_max);
  fp = edge_orc_fp_save ();

  const int32_t cc_max = C < AVG_TMP_ELEMENTS ? C : AVG_TMP_ELEMENTS;
  const int32_t mm_max = AVG_TMP_ELEMENTS / cc_max;
  const int sstride = p->stride_w * C;

  for (int32_t n = 0; n < p->batch; n++)
    for (int32_t oy = 0; oy < p->out_h; oy++) {
      int8_t *out_row = output + ((size_t) n * (size_t) p->out_h
          + (size_t) oy) * (size_t) p->out_w * (size_t) C;
      /* the rows of this output row's windows (columns: per pixel) */
      const EdgePoolWindow w = edge_pool_window (p, oy, 0);

      const int32_t count = (w.y_end - w.y_start) * p->kernel_w;
      const float multiplier =
          edge_qs8_avg_multiplier (input_scale, output_scale, count);

      for (int32_t ox0 = ox_begin; ox0 < ox_end; ox0 += mm_max) {
        const int32_t mm = ox_end - ox0 < mm_max ? ox_end - ox0 : mm_max;
        const int32_t x0 = ox0 * p->stride_w - p->pad_left;

        for (int32_t c0 = 0; c0 < C; c0 += cc_max) {
          const int32_t cc = C - c0 < cc_max ? C - c0 : cc_max;
          const int tstride = cc * (int) sizeof (int16_t);
          int orc_n, orc_m, first = 1;

          /* contiguous when a pixel step is one pixel everywhere */
          flatten_2d (p->stride_w == 1 && cc == C, cc, mm, &orc_n, &orc_m);

          for (int32_t y = w.y_start; y < w.y_end; y++) {
            const int8_t *row = pixel_ptr (input, n, y, x0, p->in_h,
                p->in_w, C) + c0;

            for (int32_t kx = 0; kx < p->kernel_w;) {
              const int32_t k = p->kernel_w - kx < 3 ? p->kernel_w - kx : 3;
              const int8_t *s = row + (size_t) kx * (size_t) C;

              if (first) {
                if (k == 1)
                  edge_orc_s8_sum_2d_1 (tmp, tstride, s, sstride, orc_n,
                      orc_m);
                else if (k == 2)
                  edge_orc_s8_sum_2d_2 (tmp, tstride, s, sstride, s + C,
                      sstride, orc_n, orc_m);
                else
                  edge_orc_s8_sum_2d_3 (tmp, tstride, s, sstride, s + C,
                      sstride, s + 2 * C, sstride, orc_n, orc_m);
                first = 0;
              } else {
                if (k == 1)
                  edge_orc_s8_sum_2d_acc1 (tmp, tstride, s, sstride, orc_n,
                      orc_m);
                else if (k == 2)
                  edge_orc_s8_sum_2d_acc2 (tmp, tstride, s, sstride, s + C,
                      sstride, orc_n, orc_m);
                else
                  edge_orc_s8_sum_2d_acc3 (tmp, tstride, s, sstride, s + C,
                      sstride, s + 2 * C, sstride, orc_n, orc_m);
              }
              kx += k;
            }
          }
          edge_orc_qs8_requantize_s16_bias_2d (out_row + (size_t) ox0 * C
              + c0, C, tmp, tstride, count * input_zero_point, multiplier,
              r.lo, r.hi, r.k, orc_n, orc_m);
        }
      }

      for (int32_t ox = 0; ox < p->out_w; ox++) {
        if (ox == ox_begin && ox_end > ox_begin) {
          ox = ox_end - 1;
          continue;
        }
        const EdgePoolWindow pw = edge_pool_window (p, oy, ox);

        edge_ref_qs8_avg_pool_pixel (p, input, n, &pw, input_scale,
            input_zero_point, output_scale, output_zero_point, output_min,
            output_max, out_row + (size_t) ox * (size_t) C);
      }
    }
  edge_orc_fp_restore (fp);
}

/* int32 per-channel sums of the global average pool (8 KiB on the
 * stack), blocked over channels. */
#define GAP_TMP_CHANNELS 2048

/* Below this many channels an ORC call per group of pixels costs more
 * than it saves: the pixel sums run in C. */
#define GAP_MIN_ORC_CHANNELS 16

/* [batch][pixels][channels] -> [batch][channels]. Per block of channels:
 * sum (q) over pixels in int32 (ORC, four pixel rows per call, an int16
 * partial sum of at most 4 terms; C below 16 channels), then one ORC call
 * requantizes (float)(sum - pixels * z_in) * multiplier, where
 * sum - pixels * z_in is exactly the reference's sum of (q - z_in)
 * (|sum| <= 2^30). */
void
edge_orc_qs8_global_avg_pool (int32_t batch, int32_t pixels,
    int32_t channels, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output)
{
  int32_t acc[GAP_TMP_CHANNELS];
  EdgeOrcRequant r;
  EdgeOrcFpState fp;

  assert (batch > 0 && pixels > 0 && channels > 0);
  assert (pixels <= (INT32_C (1) << 23));
  assert ((uint64_t) batch * (uint64_t) pixels <= (uint64_t) PTRDIFF_MAX
      / sizeof (float) / (uint64_t) channels);
  assert (input != NULL && output != NULL);
  assert (scale_is_valid (input_scale) && scale_is_valid (output_scale));
  assert (zero_point_is_valid (input_zero_point));
  assert (zero_point_is_valid (output_zero_point));
  assert (output_min <= output_max);

  const float multiplier =
      edge_qs8_avg_multiplier (input_scale, output_scale, pixels);
  const int32_t bias = pixels * input_zero_point;
  const size_t C = (size_t) channels;

  r = edge_orc_requant (output_zero_point, output_min, output_max);
  fp = edge_orc_fp_save ();

  for (int32_t n = 0; n < batch; n++) {
    const int8_t *in = input + (size_t) n * (size_t) pixels * C;

    for (size_t c0 = 0; c0 < C; c0 += GAP_TMP_CHANNELS) {
      const int cc = (int) (C - c0 < GAP_TMP_CHANNELS ? C - c0 :
          GAP_TMP_CHANNELS);
      const int8_t *s = in + c0;
      int32_t i = 0;

      memset (acc, 0, (size_t) cc * sizeof (int32_t));
      if (cc < GAP_MIN_ORC_CHANNELS) {
        for (; i < pixels; i++, s += C)
          for (int c = 0; c < cc; c++)
            acc[c] += s[c];
      } else {
        for (; i + 4 <= pixels; i += 4, s += 4 * C)
          edge_orc_s8_gap_acc4 (acc, s, s + C, s + 2 * C, s + 3 * C, cc);
        if (i + 2 <= pixels) {
          edge_orc_s8_gap_acc2 (acc, s, s + C, cc);
          i += 2;
          s += 2 * C;
        }
        if (i < pixels)
          edge_orc_s8_gap_acc1 (acc, s, cc);
      }
      edge_orc_qs8_requantize_s32_bias_kernel (output + (size_t) n * C + c0,
          acc, bias, multiplier, r.lo, r.hi, r.k, cc);
    }
  }
  edge_orc_fp_restore (fp);
}
