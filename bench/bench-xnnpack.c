/* gst-edge benchmarks: the XNNPACK peer.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "bench-xnnpack.h"
#include "bench-util.h"

#include <stdlib.h>

#ifdef HAVE_XNNPACK

#include <pthreadpool.h>
#include <xnnpack.h>

typedef enum
{
  KIND_QC8_CONV2D,
  KIND_QS8_FULLY_CONNECTED,
  KIND_F32_CONV2D,
  KIND_QS8_ADD,
  KIND_S8_MAX_POOL2D,
  KIND_QS8_GLOBAL_AVG_POOL,
} Kind;

struct BenchXnnOp
{
  Kind kind;
  xnn_operator_t op;
  pthreadpool_t threadpool;     /* of the last set-up */
  size_t batch, height, width;  /* input geometry for set-up */
};

struct BenchXnnPool
{
  pthreadpool_t threadpool;
};

int
bench_xnn_init (void)
{
  const enum xnn_status status = xnn_initialize (NULL);

  if (status != xnn_status_success) {
    bench_log ("xnn_initialize failed (status %d)", (int) status);
    return 0;
  }
  return 1;
}

BenchXnnPool *
bench_xnn_pool_new (int n_threads)
{
  BenchXnnPool *pool = bench_alloc (sizeof (BenchXnnPool));

  pool->threadpool = pthreadpool_create ((size_t) n_threads);
  if (!pool->threadpool)
    bench_die ("pthreadpool_create (%d) failed", n_threads);
  return pool;
}

void
bench_xnn_pool_free (BenchXnnPool * pool)
{
  if (!pool)
    return;
  pthreadpool_destroy (pool->threadpool);
  free (pool);
}

static BenchXnnOp *
op_new (Kind kind, xnn_operator_t op, enum xnn_status status,
    const char *what)
{
  BenchXnnOp *o;

  if (status != xnn_status_success) {
    bench_log ("%s failed (status %d)", what, (int) status);
    return NULL;
  }
  o = bench_alloc (sizeof (BenchXnnOp));
  o->kind = kind;
  o->op = op;
  o->threadpool = NULL;
  o->batch = o->height = o->width = 1;
  return o;
}

BenchXnnOp *
bench_xnn_qc8_conv2d_new (const EdgeConv2dParams * p,
    int32_t input_zero_point, float input_scale, const int8_t * weight,
    const float *weight_scale, const int32_t * bias,
    int32_t output_zero_point, float output_scale,
    int8_t output_min, int8_t output_max)
{
  xnn_operator_t op = NULL;
  enum xnn_status status;
  BenchXnnOp *o;

  /* no XNN_FLAG_DEPTHWISE_CONVOLUTION: weights stay GOHWI, which for
   * groups == in_c == out_c is our OHWI [out_c][kh][kw][1] */
  status = xnn_create_convolution2d_nhwc_qc8 (p->pad_top, p->pad_right,
      p->pad_bottom, p->pad_left, p->kernel_h, p->kernel_w,
      p->stride_h, p->stride_w, p->dilation_h, p->dilation_w, p->groups,
      p->in_c / p->groups, p->out_c / p->groups, p->in_c, p->out_c,
      (int8_t) input_zero_point, input_scale, weight_scale, weight, bias,
      (int8_t) output_zero_point, output_scale, output_min, output_max, 0,
      &op);
  o = op_new (KIND_QC8_CONV2D, op, status,
      "xnn_create_convolution2d_nhwc_qc8");
  if (o) {
    o->batch = p->batch;
    o->height = p->in_h;
    o->width = p->in_w;
  }
  return o;
}

BenchXnnOp *
bench_xnn_qs8_fully_connected_new (int32_t batch,
    int32_t in_features, int32_t out_features,
    int32_t input_zero_point, float input_scale, const int8_t * weight,
    float weight_scale, const int32_t * bias,
    int32_t output_zero_point, float output_scale,
    int8_t output_min, int8_t output_max)
{
  xnn_operator_t op = NULL;
  enum xnn_status status;
  BenchXnnOp *o;

  status = xnn_create_fully_connected_nc_qs8 (in_features, out_features,
      in_features, out_features, (int8_t) input_zero_point, input_scale,
      weight_scale, weight, bias, (int8_t) output_zero_point, output_scale,
      output_min, output_max, 0, &op);
  o = op_new (KIND_QS8_FULLY_CONNECTED, op, status,
      "xnn_create_fully_connected_nc_qs8");
  if (o)
    o->batch = batch;
  return o;
}

BenchXnnOp *
bench_xnn_f32_conv2d_new (const EdgeConv2dParams * p,
    const float *weight, const float *bias, float output_min,
    float output_max)
{
  xnn_operator_t op = NULL;
  enum xnn_status status;
  BenchXnnOp *o;

  status = xnn_create_convolution2d_nhwc_f32 (p->pad_top, p->pad_right,
      p->pad_bottom, p->pad_left, p->kernel_h, p->kernel_w,
      p->stride_h, p->stride_w, p->dilation_h, p->dilation_w, p->groups,
      p->in_c / p->groups, p->out_c / p->groups, p->in_c, p->out_c,
      weight, bias, output_min, output_max, 0, &op);
  o = op_new (KIND_F32_CONV2D, op, status,
      "xnn_create_convolution2d_nhwc_f32");
  if (o) {
    o->batch = p->batch;
    o->height = p->in_h;
    o->width = p->in_w;
  }
  return o;
}

BenchXnnOp *
bench_xnn_qs8_add_new (size_t n,
    float a_scale, int32_t a_zero_point, float b_scale, int32_t b_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max)
{
  xnn_operator_t op = NULL;
  enum xnn_status status;
  BenchXnnOp *o;

  status = xnn_create_add_nd_qs8 ((int8_t) a_zero_point, a_scale,
      (int8_t) b_zero_point, b_scale, (int8_t) output_zero_point,
      output_scale, output_min, output_max, 0, &op);
  o = op_new (KIND_QS8_ADD, op, status, "xnn_create_add_nd_qs8");
  if (o)
    o->batch = n;
  return o;
}

BenchXnnOp *
bench_xnn_s8_max_pool2d_new (const EdgePool2dParams * p,
    int32_t pad_bottom, int32_t pad_right,
    int8_t output_min, int8_t output_max)
{
  xnn_operator_t op = NULL;
  enum xnn_status status;
  BenchXnnOp *o;

  status = xnn_create_max_pooling2d_nhwc_s8 (p->pad_top, pad_right,
      pad_bottom, p->pad_left, p->kernel_h, p->kernel_w,
      p->stride_h, p->stride_w, 1, 1, p->channels, p->channels, p->channels,
      output_min, output_max, 0, &op);
  o = op_new (KIND_S8_MAX_POOL2D, op, status,
      "xnn_create_max_pooling2d_nhwc_s8");
  if (o) {
    o->batch = p->batch;
    o->height = p->in_h;
    o->width = p->in_w;
  }
  return o;
}

BenchXnnOp *
bench_xnn_qs8_global_avg_pool_new (int32_t batch,
    int32_t pixels, int32_t channels,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max)
{
  xnn_operator_t op = NULL;
  enum xnn_status status;
  BenchXnnOp *o;

  status = xnn_create_global_average_pooling_nwc_qs8 (channels, channels,
      channels, (int8_t) input_zero_point, input_scale,
      (int8_t) output_zero_point, output_scale, output_min, output_max, 0,
      &op);
  o = op_new (KIND_QS8_GLOBAL_AVG_POOL, op, status,
      "xnn_create_global_average_pooling_nwc_qs8");
  if (o) {
    o->batch = batch;
    o->width = pixels;
  }
  return o;
}

int
bench_xnn_setup (BenchXnnOp * o, const void *input, const void *input2,
    void *output, BenchXnnPool * pool)
{
  pthreadpool_t tp = pool ? pool->threadpool : NULL;
  enum xnn_status status = xnn_status_invalid_parameter;

  switch (o->kind) {
    case KIND_QC8_CONV2D:
      status = xnn_setup_convolution2d_nhwc_qc8 (o->op, o->batch, o->height,
          o->width, input, output, tp);
      break;
    case KIND_QS8_FULLY_CONNECTED:
      status = xnn_setup_fully_connected_nc_qs8 (o->op, o->batch, input,
          output, tp);
      break;
    case KIND_F32_CONV2D:
      status = xnn_setup_convolution2d_nhwc_f32 (o->op, o->batch, o->height,
          o->width, input, output, tp);
      break;
    case KIND_QS8_ADD:{
      const size_t shape[1] = { o->batch };
      status = xnn_setup_add_nd_qs8 (o->op, 1, shape, 1, shape, input,
          input2, output, tp);
      break;
    }
    case KIND_S8_MAX_POOL2D:
      status = xnn_setup_max_pooling2d_nhwc_s8 (o->op, o->batch, o->height,
          o->width, input, output, tp);
      break;
    case KIND_QS8_GLOBAL_AVG_POOL:
      status = xnn_setup_global_average_pooling_nwc_qs8 (o->op, o->batch,
          o->width, input, output, tp);
      break;
  }
  if (status != xnn_status_success) {
    bench_log ("xnn_setup (kind %d) failed (status %d)", (int) o->kind,
        (int) status);
    return 0;
  }
  o->threadpool = tp;
  return 1;
}

void
bench_xnn_run (void *op)
{
  BenchXnnOp *o = op;

  if (xnn_run_operator (o->op, o->threadpool) != xnn_status_success)
    bench_die ("xnn_run_operator failed");
}

void
bench_xnn_op_free (BenchXnnOp * o)
{
  if (!o)
    return;
  xnn_delete_operator (o->op);
  free (o);
}

#else /* !HAVE_XNNPACK: every constructor fails, so callers print n/a */

int
bench_xnn_init (void)
{
  return 0;
}

BenchXnnPool *
bench_xnn_pool_new (int n_threads)
{
  return NULL;
}

void
bench_xnn_pool_free (BenchXnnPool * pool)
{
}

BenchXnnOp *
bench_xnn_qc8_conv2d_new (const EdgeConv2dParams * p,
    int32_t input_zero_point, float input_scale, const int8_t * weight,
    const float *weight_scale, const int32_t * bias,
    int32_t output_zero_point, float output_scale,
    int8_t output_min, int8_t output_max)
{
  return NULL;
}

BenchXnnOp *
bench_xnn_qs8_fully_connected_new (int32_t batch,
    int32_t in_features, int32_t out_features,
    int32_t input_zero_point, float input_scale, const int8_t * weight,
    float weight_scale, const int32_t * bias,
    int32_t output_zero_point, float output_scale,
    int8_t output_min, int8_t output_max)
{
  return NULL;
}

BenchXnnOp *
bench_xnn_f32_conv2d_new (const EdgeConv2dParams * p,
    const float *weight, const float *bias, float output_min,
    float output_max)
{
  return NULL;
}

BenchXnnOp *
bench_xnn_qs8_add_new (size_t n,
    float a_scale, int32_t a_zero_point, float b_scale, int32_t b_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max)
{
  return NULL;
}

BenchXnnOp *
bench_xnn_s8_max_pool2d_new (const EdgePool2dParams * p,
    int32_t pad_bottom, int32_t pad_right,
    int8_t output_min, int8_t output_max)
{
  return NULL;
}

BenchXnnOp *
bench_xnn_qs8_global_avg_pool_new (int32_t batch,
    int32_t pixels, int32_t channels,
    float input_scale, int32_t input_zero_point,
    float output_scale, int32_t output_zero_point,
    int8_t output_min, int8_t output_max)
{
  return NULL;
}

int
bench_xnn_setup (BenchXnnOp * op, const void *input, const void *input2,
    void *output, BenchXnnPool * pool)
{
  return 0;
}

void
bench_xnn_run (void *op)
{
}

void
bench_xnn_op_free (BenchXnnOp * op)
{
}

#endif /* HAVE_XNNPACK */
