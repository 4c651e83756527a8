/* gst-edge kernels: reference fully connected layer (int8 and float32).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* out[b][o] = bias[o] + sum_i in[b][i] * w[o][i], i ascending. The thread
 * pool splits the batch * out_features outputs; each depends only on its
 * index. */

#include "edge-kernels.h"
#include "edge-requantize.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>

/* See EDGE_CONV_MAX_WINDOW: the int32 dot product cannot overflow. */
#define EDGE_FC_MAX_IN_FEATURES (INT32_MAX / (255 * 255))

typedef struct
{
  int32_t in_features, out_features;
  const void *input, *weight, *bias;
  void *output;
  int32_t input_zero_point;
  const int32_t *weight_zero_point;
  const float *requant_scale;
  int32_t output_zero_point, output_min, output_max;
  float f_min, f_max;
} FcJob;

static int32_t
qs8_dot (const FcJob * job, size_t b, int32_t o)
{
  const int8_t *x = (const int8_t *) job->input + b * job->in_features;
  const int8_t *w = (const int8_t *) job->weight + (size_t) o *
      job->in_features;
  const int32_t wzp = job->weight_zero_point ? job->weight_zero_point[o] : 0;
  const int32_t *bias = job->bias;
  int32_t acc = 0;

  for (int32_t i = 0; i < job->in_features; i++)
    acc += ((int32_t) x[i] - job->input_zero_point) * ((int32_t) w[i] - wzp);
  /* wrap-around bias addition, like the vector paths */
  if (bias)
    acc = (int32_t) ((uint32_t) acc + (uint32_t) bias[o]);
  return acc;
}

static void
qs8_fc_s32_range (void *context, int thread, size_t start, size_t end)
{
  const FcJob *job = context;
  int32_t *out = job->output;

  for (size_t k = start; k < end; k++)
    out[k] = qs8_dot (job, k / (size_t) job->out_features,
        (int32_t) (k % (size_t) job->out_features));
}

static void
qs8_fc_range (void *context, int thread, size_t start, size_t end)
{
  const FcJob *job = context;
  int8_t *out = job->output;

  for (size_t k = start; k < end; k++) {
    const int32_t o = (int32_t) (k % (size_t) job->out_features);
    const int32_t acc = qs8_dot (job, k / (size_t) job->out_features, o);
    out[k] = (int8_t) edge_requantize ((float) acc * job->requant_scale[o],
        job->output_zero_point, job->output_min, job->output_max);
  }
}

static void
f32_fc_range (void *context, int thread, size_t start, size_t end)
{
  const FcJob *job = context;
  const float *bias = job->bias;
  float *out = job->output;

  for (size_t k = start; k < end; k++) {
    const size_t b = k / (size_t) job->out_features;
    const int32_t o = (int32_t) (k % (size_t) job->out_features);
    const float *x = (const float *) job->input + b * job->in_features;
    const float *w = (const float *) job->weight + (size_t) o *
        job->in_features;
    float acc = bias ? bias[o] : 0.0f;
    for (int32_t i = 0; i < job->in_features; i++)
      acc += x[i] * w[i];
    acc = acc < job->f_min ? job->f_min : acc;
    acc = acc > job->f_max ? job->f_max : acc;
    out[k] = acc;
  }
}

static void
assert_fc_geometry (int32_t batch, int32_t in_features, int32_t out_features,
    const void *input, const void *weight, const void *output)
{
  assert (batch > 0 && in_features > 0 && out_features > 0);
  assert (in_features <= EDGE_FC_MAX_IN_FEATURES);
  assert ((int64_t) batch * in_features <= INT32_MAX);
  assert ((int64_t) batch * out_features <= INT32_MAX);
  assert ((int64_t) out_features * in_features <= INT32_MAX);
  assert (input && weight && output);
}

static void
assert_qs8_zero_points (int32_t out_features, int32_t input_zero_point,
    const int32_t * weight_zero_point)
{
  assert (input_zero_point >= -128 && input_zero_point <= 127);
  if (weight_zero_point)
    for (int32_t o = 0; o < out_features; o++)
      assert (weight_zero_point[o] >= -128 && weight_zero_point[o] <= 127);
}

void
edge_ref_qs8_fully_connected_s32 (int32_t batch, int32_t in_features,
    int32_t out_features, const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, int32_t * output, EdgeThreadPool * pool)
{
  FcJob job = {
    .in_features = in_features,.out_features = out_features,
    .input = input,.weight = weight,.bias = bias,.output = output,
    .input_zero_point = input_zero_point,
    .weight_zero_point = weight_zero_point,
  };

  assert_fc_geometry (batch, in_features, out_features, input, weight, output);
  assert_qs8_zero_points (out_features, input_zero_point, weight_zero_point);
  edge_thread_pool_parallelize (pool, qs8_fc_s32_range, &job,
      (size_t) batch * out_features, 16);
}

void
edge_ref_qs8_fully_connected (int32_t batch, int32_t in_features,
    int32_t out_features, const int8_t * input, int32_t input_zero_point,
    const int8_t * weight, const int32_t * weight_zero_point,
    const int32_t * bias, const float *requant_scale,
    int32_t output_zero_point, int8_t output_min, int8_t output_max,
    int8_t * output, EdgeThreadPool * pool)
{
  FcJob job = {
    .in_features = in_features,.out_features = out_features,
    .input = input,.weight = weight,.bias = bias,.output = output,
    .input_zero_point = input_zero_point,
    .weight_zero_point = weight_zero_point,
    .requant_scale = requant_scale,
    .output_zero_point = output_zero_point,
    .output_min = output_min,.output_max = output_max,
  };

  assert_fc_geometry (batch, in_features, out_features, input, weight, output);
  assert_qs8_zero_points (out_features, input_zero_point, weight_zero_point);
  assert (requant_scale);
  assert (output_zero_point >= -128 && output_zero_point <= 127);
  assert (output_min <= output_max);
  edge_thread_pool_parallelize (pool, qs8_fc_range, &job,
      (size_t) batch * out_features, 16);
}

void
edge_ref_f32_fully_connected (int32_t batch, int32_t in_features,
    int32_t out_features, const float *input, const float *weight,
    const float *bias, float output_min, float output_max, float *output,
    EdgeThreadPool * pool)
{
  FcJob job = {
    .in_features = in_features,.out_features = out_features,
    .input = input,.weight = weight,.bias = bias,.output = output,
    .f_min = output_min,.f_max = output_max,
  };

  assert_fc_geometry (batch, in_features, out_features, input, weight, output);
  assert (!(output_min > output_max));
  edge_thread_pool_parallelize (pool, f32_fc_range, &job,
      (size_t) batch * out_features, 16);
}
