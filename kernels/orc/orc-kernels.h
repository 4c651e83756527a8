/* gst-edge kernels: ORC implementations with the reference signatures.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Every function here has exactly the contract of its edge_ref_* namesake in
 * edge-kernels.h and produces the same bits for every input the reference
 * accepts (the reference is the oracle: tests/kernels/test-orc.c). The ORC
 * programs are in edge-orc.orc; orc-wrappers.c prepares their parameters
 * and runs the parts ORC cannot express (gathers, clipped pool windows,
 * convolution borders) in plain C with the reference's own formulas.
 *
 * Built with liborc, programs are JIT-compiled on first use (SSE on x86)
 * and fall back to ORC's emulation where no backend exists. Built without
 * it (-Dorc=disabled), the committed generated C (edge-orc-dist.c) runs the
 * same programs as plain C loops. No function allocates memory (buffers are
 * bounded and on the stack, or the caller's workspace); a few geometries
 * outside those bounds are handed to the reference, named in each comment.
 */

#ifndef __EDGE_ORC_KERNELS_H__
#define __EDGE_ORC_KERNELS_H__

#include "edge-kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

/* int8 add / mul, [n] elements, in place allowed (out == a and/or b).
 * Fully ORC: the float expression of the reference (no FMA), clamp, round
 * half to even by the 1.5 * 2^23 addition, zero point added in integers. */
void edge_orc_qs8_add (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params);
void edge_orc_qs8_mul (size_t n, const int8_t * a, const int8_t * b,
    int8_t * out, const EdgeQs8BinaryParams * params);

/* Clamps, [n] elements, in place allowed. Fully ORC, except float runs
 * shorter than 64 elements (C, where the call would cost more). The float
 * clamp selects among the bit patterns of x, lo and hi (NaN passes
 * through, -0.0 is kept, denormals are never flushed); its compares are
 * float ones for normal or infinite bounds (exact then, even under ORC's
 * denormals-are-zero), integer ones on the bits otherwise. */
void edge_orc_s8_clamp (size_t n, const int8_t * in, int8_t out_min,
    int8_t out_max, int8_t * out);
void edge_orc_f32_clamp (size_t n, const float *in, float out_min,
    float out_max, float *out);

/* Requantization. _s32: [rows][channels], one 2D ORC call (the multiplier
 * row is repeated with a stride of 0). _s8: [n], in place allowed. Fully
 * ORC (channels above 2^28 go to the reference: ORC strides are int). */
void edge_orc_qs8_requantize_s32 (size_t rows, size_t channels,
    const int32_t * input, const float *multiplier,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output);
void edge_orc_qs8_requantize_s8 (size_t n, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);

/* Pooling, NHWC. Output pixels whose window lies inside the input columns
 * run in 2D ORC programs (channels x pixels of one output row, one call
 * per window row or column group); pixels whose window is clipped by the
 * left/right border are computed in C with the reference's formulas.
 * avg_pool2d hands windows of more than 255 elements to the reference (its
 * ORC sums are int16); global_avg_pool sums pixels in ORC for 16 channels
 * or more, in C below that, and requantizes in ORC. */
void edge_orc_qs8_max_pool2d (const EdgePool2dParams * p,
    const int8_t * input, int8_t output_min, int8_t output_max,
    int8_t * output);
void edge_orc_qs8_avg_pool2d (const EdgePool2dParams * p,
    const int8_t * input, float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);
void edge_orc_qs8_global_avg_pool (int32_t batch, int32_t pixels,
    int32_t channels, const int8_t * input,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output);

/* Pre-processing. Sampling (a gather by the reference's tap tables) and
 * the integer colour rules run in C, a block of output pixels at a time;
 * normalization and requantization, the bulk of the reference's time, run
 * in ORC. The tap tables live on the stack (40 KiB): outputs whose placed
 * width + height (twice that for I420/NV12) exceed 2560 taps are handed to
 * the reference, and so are float outputs whose coefficients could produce
 * denormals (which ORC's float unit would flush to zero). */
void edge_orc_preprocess_f32 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, float *output);
void edge_orc_preprocess_s8 (const EdgeFrame * frame,
    const EdgePreprocessParams * p, int8_t * output);

/* Depthwise 3x3 convolution, a whole layer (not in the kernel table: its
 * signature is not a reference one, and edge-kernels.inc has no REF line
 * for it).
 *
 * Preconditions (asserted): edge_conv2d_params_valid (p), 3x3 kernel,
 * stride_h == stride_w in {1, 2}, dilation 1, groups == in_c == out_c.
 * Any padding the reference accepts. @weight_hwc is [3][3][channels] (the
 * OHWI depthwise weight [channels][3][3][1] transposed); @bias [channels]
 * or NULL; @requant_scale [channels]. The output is bit-identical to
 * edge_ref_qs8_conv2d () with the same weights in OHWI and no weight zero
 * point: acc = bias + sum (x - input_zero_point) * w (bias added with
 * wrap-around), then the requantization rule to [output_min, output_max].
 *
 * @workspace: edge_thread_pool_get_n_threads (pool) times
 * edge_orc_qs8_dwconv3x3_workspace_size (p) bytes, 64-byte aligned; the
 * size is a multiple of 64 so each thread's slice stays aligned. Output
 * rows (batch * out_h) are split over @pool; each thread uses its own
 * slice (slice 0 also holds the widened weights shared read-only). */
size_t edge_orc_qs8_dwconv3x3_workspace_size (const EdgeConv2dParams * p);
void edge_orc_qs8_dwconv3x3 (const EdgeConv2dParams * p,
    const int8_t * input, int32_t input_zero_point,
    const int8_t * weight_hwc, const int32_t * bias,
    const float *requant_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max, int8_t * output, void *workspace,
    EdgeThreadPool * pool);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_ORC_KERNELS_H__ */
