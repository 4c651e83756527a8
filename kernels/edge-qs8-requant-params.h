/* gst-edge kernels: output quantization of int8 microkernels.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_QS8_REQUANT_PARAMS_H__
#define __EDGE_QS8_REQUANT_PARAMS_H__

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The requantization tail shared by the int8 GEMM and depthwise
 * microkernels (edge-requantize.h's rule with per-channel multipliers kept
 * in the packed weights). Fill with edge_qs8_requant_params_init: the float
 * clamp bounds are computed once so every path uses the same values, and
 * the vector copies let SIMD kernels load each constant with one
 * instruction. */
typedef struct EdgeQs8RequantParams {
  int32_t output_zero_point;    /* [-128, 127] */
  int8_t output_min, output_max;        /* output_min <= output_max */
  float output_min_less_zero_point;     /* (float) (output_min - zp) */
  float output_max_less_zero_point;     /* (float) (output_max - zp) */
  /* the same values replicated for 256-bit loads */
  float output_max_less_zero_point_v[8];
  int16_t output_zero_point_v[16];
  int8_t output_min_v[32];
} EdgeQs8RequantParams;

void edge_qs8_requant_params_init (EdgeQs8RequantParams * params,
    int32_t output_zero_point, int8_t output_min, int8_t output_max);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_QS8_REQUANT_PARAMS_H__ */
