/* gst-edge kernels: output quantization of int8 microkernels.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "edge-qs8-requant-params.h"

#include <assert.h>

void
edge_qs8_requant_params_init (EdgeQs8RequantParams * params,
    int32_t output_zero_point, int8_t output_min, int8_t output_max)
{
  assert (params);
  assert (output_zero_point >= -128 && output_zero_point <= 127);
  assert (output_min <= output_max);
  params->output_zero_point = output_zero_point;
  params->output_min = output_min;
  params->output_max = output_max;
  params->output_min_less_zero_point =
      (float) ((int32_t) output_min - output_zero_point);
  params->output_max_less_zero_point =
      (float) ((int32_t) output_max - output_zero_point);
  for (int i = 0; i < 8; i++)
    params->output_max_less_zero_point_v[i] =
        params->output_max_less_zero_point;
  for (int i = 0; i < 16; i++)
    params->output_zero_point_v[i] = (int16_t) output_zero_point;
  for (int i = 0; i < 32; i++)
    params->output_min_v[i] = output_min;
}
