/* gst-edge kernels: reference implementations of every operator.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Conventions shared by every kernel in this header (each kernel's comment
 * only states what differs):
 *
 * Layout: activations are NHWC, row-major, densely packed (channel stride 1).
 *   Convolution weights are OHWI: [out_c][kernel_h][kernel_w][in_c / groups],
 *   so a depthwise weight is [out_c][kh][kw][1]. Fully-connected weights are
 *   [out_features][in_features].
 *
 * int8 scheme (TFLite int8 spec): activations are asymmetric int8 per tensor
 *   (real = scale * (q - zero_point)); weights int8 per output channel,
 *   symmetric in [-127, 127] for the fast paths (the reference also takes a
 *   per-output-channel weight zero point, for ONNX's asymmetric operators);
 *   bias int32 with scale input_scale * weight_scale[oc] and zero point 0.
 *   uint8 tensors run through the same kernels after edge_ref_u8_to_s8()
 *   (x - 128, and zero_point - 128).
 *
 * Requantization rule (every kernel, every path, see edge-requantize.h):
 *   q = saturate (round_half_even ((float) acc * multiplier) + zero_point)
 *   where acc is the exact int32 (or small float-exact) integer sum and
 *   multiplier the float32 ratio of scales; saturation is to the fused
 *   clamp [output_min, output_max], which is at most [-128, 127].
 *   Floating-point expressions are evaluated exactly as written, in
 *   float32, without contraction into FMA (-ffp-contract=off), so every
 *   path gets the same bits.
 *
 * Aliasing: outputs never alias inputs unless a kernel says "in place".
 * Sizes are element counts (not bytes) unless stated. Preconditions are
 * asserted; a kernel never reads or writes outside the extents it is given.
 *
 * Threads: kernels that take an EdgeThreadPool split their output across it
 *   (NULL runs on the calling thread). Every output element is computed by
 *   exactly one task in a fixed order, so results are bit-identical for any
 *   thread count.
 */

#ifndef __EDGE_KERNELS_H__
#define __EDGE_KERNELS_H__

#include <stddef.h>
#include <stdint.h>

#include "edge-threadpool.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Convolution                                                               */

/* Geometry of a 2D convolution. pad_* may be asymmetric; the output size must
 * equal (in + pad_before + pad_after - dilation * (kernel - 1) - 1) / stride + 1
 * (integer division; asserted). in_c and out_c must be multiples of groups. */
typedef struct EdgeConv2dParams {
  int32_t batch;
  int32_t in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t kernel_h, kernel_w;
  int32_t stride_h, stride_w;
  int32_t dilation_h, dilation_w;
  int32_t pad_top, pad_bottom, pad_left, pad_right;
  int32_t groups;
} EdgeConv2dParams;

/* Output extent for one spatial axis, or -1 when the geometry is invalid. */
int32_t edge_conv_output_size (int32_t in, int32_t kernel, int32_t stride,
    int32_t dilation, int32_t pad_before, int32_t pad_after);

/* Checks every field of @p (positive sizes, divisibility by groups, output
 * size formula). Returns 1 when valid, 0 otherwise. */
int edge_conv2d_params_valid (const EdgeConv2dParams * p);

/* int8 convolution to int32 accumulators (ONNX ConvInteger):
 *   acc[n][oy][ox][oc] = bias[oc] + sum (in - input_zero_point) * (w - weight_zero_point[oc])
 * Padded input positions contribute zero (they hold input_zero_point).
 * @weight_zero_point: [out_c], or NULL for all zero. @bias: [out_c] or NULL. */
void edge_ref_qs8_conv2d_s32 (const EdgeConv2dParams * p,
    const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, int32_t * output, EdgeThreadPool * pool);

/* int8 convolution (TFLite CONV_2D / DEPTHWISE_CONV_2D, ONNX QLinearConv):
 * the accumulators above requantized with requant_scale[oc]
 * (= input_scale * weight_scale[oc] / output_scale) and clamped to
 * [output_min, output_max]. */
void edge_ref_qs8_conv2d (const EdgeConv2dParams * p,
    const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, const float * requant_scale,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output, EdgeThreadPool * pool);

/* float32 convolution: out = clamp (bias + sum in * w, output_min, output_max).
 * Sums run over (ky, kx, ic) in that order, starting from bias (or 0). Pass
 * -INFINITY/INFINITY for no clamp. */
void edge_ref_f32_conv2d (const EdgeConv2dParams * p,
    const float * input, const float * weight, const float * bias,
    float output_min, float output_max, float * output, EdgeThreadPool * pool);

/* ------------------------------------------------------------------------ */
/* Fully connected (matmul with constant weights [out_features][in_features]) */

/* int32 accumulators (ONNX MatMulInteger with B transposed). */
void edge_ref_qs8_fully_connected_s32 (int32_t batch, int32_t in_features,
    int32_t out_features, const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, int32_t * output, EdgeThreadPool * pool);

/* Requantized int8 output; requant_scale is [out_features]. */
void edge_ref_qs8_fully_connected (int32_t batch, int32_t in_features,
    int32_t out_features, const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, const float * requant_scale,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output, EdgeThreadPool * pool);

void edge_ref_f32_fully_connected (int32_t batch, int32_t in_features,
    int32_t out_features, const float * input, const float * weight,
    const float * bias, float output_min, float output_max, float * output,
    EdgeThreadPool * pool);

/* ------------------------------------------------------------------------ */
/* Element-wise (same shape; out may alias a or b: in place allowed)         */

/* Multipliers are computed once, by the init functions, so every path uses
 * the same float32 values: add stores a_scale / output_scale and
 * b_scale / output_scale; mul stores (a_scale * b_scale) / output_scale
 * (product first) in a_multiplier and 0 in b_multiplier. The init functions
 * assert finite positive scales, zero points in [-128, 127],
 * output_min <= output_max, and (add) multipliers <= 2^119 so the sum of
 * the two products can never be inf - inf = NaN. */
typedef struct EdgeQs8BinaryParams {
  float a_multiplier, b_multiplier;     /* see above */
  int32_t a_zero_point, b_zero_point, output_zero_point;
  int8_t output_min, output_max;
} EdgeQs8BinaryParams;

void edge_qs8_add_params_init (EdgeQs8BinaryParams * params,
    float a_scale, int32_t a_zero_point, float b_scale, int32_t b_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max);
void edge_qs8_mul_params_init (EdgeQs8BinaryParams * params,
    float a_scale, int32_t a_zero_point, float b_scale, int32_t b_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max);

/* add: x = (float)(a - za) * a_multiplier + (float)(b - zb) * b_multiplier
 * mul: x = (float)((a - za) * (b - zb)) * a_multiplier
 * then the requantization rule. */
void edge_ref_qs8_add (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params);
void edge_ref_qs8_mul (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params);

/* float: out = clamp (a + b) or clamp (a * b), one float32 operation. The
 * float clamp of every kernel with output_min/output_max is
 *   t = x < output_min ? output_min : x;  out = t > output_max ? output_max : t
 * (= minps (max, maxps (min, x))): NaN passes through, -0.0 stays -0.0.
 * Pass -INFINITY/INFINITY for no clamp. */
void edge_ref_f32_add (size_t n, const float * a, const float * b,
    float * out, float output_min, float output_max);
void edge_ref_f32_mul (size_t n, const float * a, const float * b,
    float * out, float output_min, float output_max);

/* Clamp (ReLU, ReLU6, any min/max); in place allowed. */
void edge_ref_s8_clamp (size_t n, const int8_t * in, int8_t out_min,
    int8_t out_max, int8_t * out);
void edge_ref_f32_clamp (size_t n, const float * in, float out_min,
    float out_max, float * out);

/* ------------------------------------------------------------------------ */
/* Pooling                                                                    */

/* Window geometry; windows may hang over the padded border (ceil mode): only
 * positions inside the input take part. The window of output (oy, ox) starts
 * at input (oy * stride_h - pad_top, ox * stride_w - pad_left). Every window
 * must cover at least one input position (asserted). */
typedef struct EdgePool2dParams {
  int32_t batch;
  int32_t in_h, in_w, channels;
  int32_t out_h, out_w;
  int32_t kernel_h, kernel_w;
  int32_t stride_h, stride_w;
  int32_t pad_top, pad_left;
} EdgePool2dParams;

/* Returns 1 when all sizes, kernel and stride are positive, padding is
 * non-negative and smaller than the kernel, the last window starts inside
 * the input, (out - 1) * stride + kernel <= INT32_MAX, kernel_h * kernel_w
 * <= 2^23 (so an int8 window sum of (q - zero_point) fits int32) and both
 * tensors have at most PTRDIFF_MAX / 4 elements; 0 otherwise. */
int edge_pool2d_params_valid (const EdgePool2dParams * p);

/* Max pool; input and output share quantization parameters; the result is
 * clamped to [output_min, output_max]. float: m starts at the window's first
 * element, then m = v > m ? v : m in window order (row by row). */
void edge_ref_qs8_max_pool2d (const EdgePool2dParams * p, const int8_t * input,
    int8_t output_min, int8_t output_max, int8_t * output);
void edge_ref_f32_max_pool2d (const EdgePool2dParams * p, const float * input,
    float output_min, float output_max, float * output);

/* The multiplier an int8 average over @count inputs uses:
 * (input_scale / output_scale) / (float) count. */
float edge_qs8_avg_multiplier (float input_scale, float output_scale,
    int32_t count);

/* Average pool; padding is excluded from the count (ONNX count_include_pad=0,
 * TFLite). int8: acc = sum (q - input_zero_point) over the window, then the
 * requantization rule with edge_qs8_avg_multiplier (count). float: sum in
 * window order, divided by count. */
void edge_ref_qs8_avg_pool2d (const EdgePool2dParams * p, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);
void edge_ref_f32_avg_pool2d (const EdgePool2dParams * p, const float * input,
    float output_min, float output_max, float * output);

/* Global average pool: [batch][pixels][channels] -> [batch][channels]; sums
 * run over pixels in order. int8 is the average pool rule with
 * count = pixels (at most 2^23); float is sum / (float) pixels, no clamp. */
void edge_ref_qs8_global_avg_pool (int32_t batch, int32_t pixels,
    int32_t channels, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);
void edge_ref_f32_global_avg_pool (int32_t batch, int32_t pixels,
    int32_t channels, const float * input, float * output);

/* ------------------------------------------------------------------------ */
/* Data movement                                                              */

/* Constant pad of an NHWC tensor on H, W and C (channel padding too), for an
 * element size of 1 (int8), 2 or 4 (float32) bytes, copied as bytes. @value
 * points at one element (for int8 activations: the zero point, i.e. real 0).
 * Output: [batch][pad_top + in_h + pad_bottom][pad_left + in_w + pad_right]
 * [pad_c_before + in_c + pad_c_after]. Sizes positive, pads >= 0. */
typedef struct EdgePadParams {
  int32_t batch, in_h, in_w, in_c;
  int32_t pad_top, pad_bottom, pad_left, pad_right, pad_c_before, pad_c_after;
} EdgePadParams;

void edge_ref_pad_nhwc (const EdgePadParams * p, size_t element_size,
    const void *input, const void *value, void *output);

/* Concatenation along channels of @n_inputs tensors of @pixels pixels
 * (batch * h * w) each with channels[i] channels: output [pixels][sum of
 * channels], input i at channel offset channels[0] + ... + channels[i - 1].
 * int8 inputs whose scale or zero point differ from the output's are
 * requantized:
 * x = (float)(q - z_in) * (s_in / s_out), then the requantization rule with
 * saturation to [-128, 127]; equal parameters copy bytes. */
void edge_ref_qs8_concat_channels (int32_t pixels, int32_t n_inputs,
    const int8_t * const *inputs, const int32_t * channels,
    const float *input_scales, const int32_t * input_zero_points,
    float output_scale, int32_t output_zero_point, int8_t * output);
void edge_ref_f32_concat_channels (int32_t pixels, int32_t n_inputs,
    const float *const *inputs, const int32_t * channels, float *output);

/* ------------------------------------------------------------------------ */
/* Quantization                                                               */

/* ONNX QuantizeLinear: q = saturate (round_half_even (x / scale) + zero_point)
 * to [-128, 127]. Division, not multiplication by a reciprocal, as ONNX
 * specifies. NaN maps to -128, +inf to 127, -inf to -128. */
void edge_ref_qs8_quantize_f32 (size_t n, const float *input, float scale,
    int32_t zero_point, int8_t * output);

/* ONNX DequantizeLinear: x = (float)(q - zero_point) * scale. */
void edge_ref_qs8_dequantize_f32 (size_t n, const int8_t * input, float scale,
    int32_t zero_point, float *output);

/* int8 -> int8 with new parameters: x = (float)(q - z_in) * (s_in / s_out),
 * then the requantization rule, clamped to [output_min, output_max]. In place
 * allowed. */
void edge_ref_qs8_requantize_s8 (size_t n, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);

/* int32 accumulators [rows][channels] -> int8 with a per-channel multiplier
 * (the tail of every conv/fc): x = (float) acc * multiplier[c], then the
 * requantization rule. Multipliers finite and positive. Not in place. */
void edge_ref_qs8_requantize_s32 (size_t rows, size_t channels,
    const int32_t * input, const float *multiplier,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output);

/* uint8 <-> int8 reinterpretation by a shift of 128 (in place allowed).
 * Zero points shift the same way: zp_s8 = zp_u8 - 128. */
void edge_ref_u8_to_s8 (size_t n, const uint8_t * input, int8_t * output);
void edge_ref_s8_to_u8 (size_t n, const int8_t * input, uint8_t * output);

/* ------------------------------------------------------------------------ */
/* Float activations (on float outputs)                                      */

/* out = 1 / (1 + exp (-x)); in place allowed. Evaluated as 1 / (1 + expf (-x))
 * for x >= 0 and e / (1 + e), e = expf (x), for x < 0: no overflow, and no
 * loss of relative precision for very negative x. Float kernels calling
 * libm (sigmoid, softmax) are matched within a tolerance, not bit for bit. */
void edge_ref_f32_sigmoid (size_t n, const float *input, float *output);

/* Softmax over the last axis of [rows][cols], max-subtracted for stability;
 * in place allowed: e_j = expf (x_j - max), s = sum of e_j in order (float),
 * out_j = e_j / s. -inf logits give 0; a +inf or NaN logit makes its row
 * NaN. */
void edge_ref_f32_softmax (size_t rows, size_t cols, const float *input,
    float *output);

/* ------------------------------------------------------------------------ */
/* Pre-processing: video frame -> network input, one fused pass              */

typedef enum {
  EDGE_PIXEL_FORMAT_RGB,
  EDGE_PIXEL_FORMAT_BGR,
  EDGE_PIXEL_FORMAT_RGBX,
  EDGE_PIXEL_FORMAT_BGRX,
  EDGE_PIXEL_FORMAT_XRGB,
  EDGE_PIXEL_FORMAT_RGBA,
  EDGE_PIXEL_FORMAT_BGRA,
  EDGE_PIXEL_FORMAT_GRAY8,
  EDGE_PIXEL_FORMAT_I420,
  EDGE_PIXEL_FORMAT_NV12,
  EDGE_PIXEL_FORMAT_COUNT
} EdgePixelFormat;

/* A video frame as mapped by GStreamer: plane pointers and strides in bytes.
 * Packed formats use plane 0; I420 uses Y, U, V; NV12 uses Y, UV. Chroma
 * planes of I420/NV12 are (width + 1) / 2 x (height + 1) / 2. */
typedef struct EdgeFrame {
  EdgePixelFormat format;
  int32_t width, height;
  const uint8_t *planes[3];
  int32_t strides[3];
} EdgeFrame;

typedef enum {
  EDGE_RESIZE_STRETCH,          /* scale x and y independently */
  EDGE_RESIZE_LETTERBOX,        /* keep aspect, centre, fill the rest */
} EdgeResizeMode;

typedef enum {
  EDGE_COLOR_ORDER_RGB,
  EDGE_COLOR_ORDER_BGR,
  EDGE_COLOR_ORDER_GRAY,        /* one channel: BT.601 luma of RGB, or Y
                                 * (limited range expanded to full) */
} EdgeColorOrder;

typedef enum {
  EDGE_LAYOUT_NHWC,
  EDGE_LAYOUT_NCHW,
} EdgeLayout;

typedef enum {
  EDGE_YUV_MATRIX_BT601,        /* limited range */
  EDGE_YUV_MATRIX_BT709,        /* limited range */
} EdgeYuvMatrix;

typedef struct EdgePreprocessParams {
  /* source rectangle inside the frame (the whole frame or an ROI) */
  int32_t crop_x, crop_y, crop_w, crop_h;
  /* network input */
  int32_t out_w, out_h;
  EdgeColorOrder color_order;   /* 3 channels for RGB/BGR, 1 for GRAY */
  EdgeLayout layout;
  EdgeResizeMode resize_mode;
  uint8_t letterbox_fill;       /* pixel value of the letterbox border */
  EdgeYuvMatrix yuv_matrix;     /* for I420/NV12 sources */
  /* normalized = (pixel - mean[c]) * scale[c], c in output channel order
   * (GRAY uses index 0 only) */
  float mean[3], scale[3];
  /* int8 output parameters: unused by the float variant, but validated for
   * both (float callers pass e.g. 1.0f and 0) */
  float output_scale;
  int32_t output_zero_point;
} EdgePreprocessParams;

/* Where the source rectangle lands in the network input (letterbox) or the
 * whole input (stretch): x, y, w, h in output pixels. Letterbox: the
 * limiting axis is filled; the other size is
 * round (crop_other * out_limiting / crop_limiting), half up, in exact
 * integers, at least 1; the offset is (out - placed) / 2 rounded down (the
 * odd border pixel goes to the bottom / right). */
void edge_preprocess_placement (const EdgePreprocessParams * p,
    int32_t * x, int32_t * y, int32_t * w, int32_t * h);

/* Checks frame and parameters; returns 1 when valid, 0 otherwise (never
 * crashes, also for NULL): known format and enums, frame sizes in
 * [1, 65536], the planes the format uses non-NULL with strides of at least
 * one row, crop non-empty and inside the frame, out sizes in [1, 16384],
 * finite mean and finite non-zero scale for the output's channels,
 * finite output_scale > 0, zero point in [-128, 127], and finite
 * normalization coefficients and outputs. The kernels assert it. */
int edge_preprocess_params_valid (const EdgeFrame * frame,
    const EdgePreprocessParams * p);

/* Bilinear resampling with half-pixel centres and no antialiasing; for an
 * output column dx inside the placed rectangle (rows alike):
 *   sx = (dx - placed_x + 0.5) * crop_w / placed_w - 0.5 (double),
 *   clamped to [0, crop_w - 1], x0 = floor (sx), x1 = min (x0 + 1, crop_w - 1)
 * and weights quantized to 1/256, half up (EDGE_PREPROCESS_WEIGHT_BITS):
 *   wx1 = floor ((sx - x0) * 256 + 0.5), wx0 = 256 - wx1
 * so the pixel sum
 *   v = sum wy * wx * p   (integer, units of 1/65536 of a pixel value)
 * is exact on every path. Per channel the value is then
 *   float: (float) v * (scale[c] / 65536.0f) + (-mean[c] * scale[c])
 *   int8:  x = (float) v * (scale[c] / (65536.0f * output_scale))
 *              + (-mean[c] * scale[c]) / output_scale,
 *          then the requantization rule to [-128, 127].
 * The letterbox border is v = letterbox_fill * 65536 in every channel.
 * GRAY8 sources are replicated into RGB. GRAY output from RGB is integer
 * BT.601 luma on v: (77 vR + 150 vG + 29 vB + 128) >> 8.
 * YUV sources are resampled per plane, chroma with the same rule on the
 * half-resolution plane (sample k centred at luma 2k + 1), then converted
 * to RGB in integers on v (13-bit limited-range matrices, clamped to
 * [0, 255 * 65536]); GRAY output from YUV is Y alone, range-expanded.
 * edge-preprocess-internal.h holds these rules as functions, exactly, for
 * the fast paths. Output is [out_h][out_w][C] (NHWC) or [C][out_h][out_w]. */
void edge_ref_preprocess_f32 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, float *output);
void edge_ref_preprocess_s8 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, int8_t * output);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_KERNELS_H__ */
