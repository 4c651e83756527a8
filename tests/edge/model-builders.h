/* Test models built in memory, shared by test-model.c and
 * generate-model-corpus.c (the corpus mutates the files of these models).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Everything is deterministic: the same model, hence the same file bytes,
 * on every run.
 */

#ifndef __MODEL_BUILDERS_H__
#define __MODEL_BUILDERS_H__

#include "edge-model.h"

#include <math.h>
#include <string.h>

#define IN(...) ((const gchar *[]) { __VA_ARGS__, NULL })
#define INTS(...) ((gint64[]) { __VA_ARGS__ }), \
    G_N_ELEMENTS (((gint64[]) { __VA_ARGS__ }))
#define SHAPE(...) G_N_ELEMENTS (((gint64[]) { __VA_ARGS__ })), \
    ((gint64[]) { __VA_ARGS__ })

static inline void
builder_check (gboolean ok, GError * error)
{
  if (!ok)
    g_error ("model builder: %s", error ? error->message : "failed");
  g_clear_error (&error);
}

static inline EdgeNode *
builder_node (EdgeModel * m, EdgeOp op, const gchar * const *inputs,
    const gchar * output)
{
  const gchar *outputs[] = { output, NULL };
  GError *error = NULL;
  EdgeNode *node = edge_model_add_node (m, op, inputs, outputs, &error);

  builder_check (node != NULL, error);
  return node;
}

/* A small LCG: reproducible pseudo-random numbers on every platform. */
static inline guint32
builder_rand (guint32 * state)
{
  *state = *state * 1664525u + 1013904223u;
  return *state >> 8;
}

/* A constant with pseudo-random elements, about one in four zero (so
 * `edge-model inspect` has sparsity to report): floats in [-1, 1], int8
 * weights in [-127, 127], int32 biases in [-1000, 1000]. */
static inline EdgeTensor *
builder_constant (EdgeModel * m, const gchar * name, EdgeDType dtype,
    guint rank, const gint64 * shape, guint32 seed)
{
  gint64 n = 1;
  gsize size;
  guint8 *data;
  GError *error = NULL;
  EdgeTensor *t;

  for (guint i = 0; i < rank; i++)
    n *= shape[i];
  size = (gsize) n * edge_dtype_size (dtype);
  data = g_malloc0 (size);
  for (gint64 i = 0; i < n; i++) {
    const guint32 r = builder_rand (&seed);
    const gboolean zero = r % 4 == 0;

    switch (dtype) {
      case EDGE_DTYPE_F32:
        ((gfloat *) data)[i] = zero ? 0.0f :
            (gfloat) ((gint32) (r % 2001) - 1000) / 1000.0f;
        break;
      case EDGE_DTYPE_I8:
        ((gint8 *) data)[i] = zero ? 0 : (gint8) ((gint32) (r % 255) - 127);
        break;
      case EDGE_DTYPE_I32:
        ((gint32 *) data)[i] = zero ? 0 : (gint32) (r % 2001) - 1000;
        break;
      default:
        g_assert_not_reached ();
    }
  }
  t = edge_model_add_constant (m, name, dtype, rank, shape, data, size,
      &error);
  builder_check (t != NULL, error);
  g_free (data);
  return t;
}

static inline void
builder_quant (EdgeModel * m, const gchar * name, gfloat scale, gint32 zp)
{
  EdgeTensor *t = edge_model_find_tensor (m, name);

  g_assert (t != NULL);
  edge_model_set_quant (m, t, -1, 1, &scale, &zp);
}

/* Symmetric per-output-channel weights (axis 0), and their int32 bias with
 * scale input_scale * weight_scale[oc]. */
static inline void
builder_quant_weights (EdgeModel * m, const gchar * weight,
    const gchar * bias, gfloat input_scale)
{
  EdgeTensor *w = edge_model_find_tensor (m, weight);
  const guint n = (guint) w->shape[0];
  gfloat *s = g_new (gfloat, n), *bs = g_new (gfloat, n);

  for (guint i = 0; i < n; i++) {
    s[i] = 0.01f + 0.001f * (gfloat) i;
    bs[i] = input_scale * s[i];
  }
  edge_model_set_quant (m, w, 0, n, s, NULL);
  if (bias)
    edge_model_set_quant (m, edge_model_find_tensor (m, bias), 0, n, bs,
        NULL);
  g_free (s);
  g_free (bs);
}

/* The small CNN of the tests:
 *   x [1,8,8,3] -> conv2d 3x3 (relu6) -> depthwise 3x3 -> add (residual)
 *   -> global_avg_pool -> reshape [1,8] -> fully_connected -> softmax
 * as float32, or int8 (quantize after the input, per-channel weights,
 * dequantize before the softmax). A classifier of 4 classes with an input
 * description, labels and provenance. Node order: conv2d 0, 1 (dw), add 2,
 * global_avg_pool 3, reshape 4, fully_connected 5, (dequantize 6,) softmax. */
static inline EdgeModel *
builder_cnn (gboolean int8)
{
  EdgeModel *m = edge_model_new ();
  const EdgeDType wt = int8 ? EDGE_DTYPE_I8 : EDGE_DTYPE_F32;
  const EdgeDType bt = int8 ? EDGE_DTYPE_I32 : EDGE_DTYPE_F32;
  const gchar *x = int8 ? "xq" : "x";
  const gchar *labels[] = { "cat", "dog", "bird", "fish" };
  EdgeInputDesc desc = { 0 };
  EdgeClassification cls;
  GError *error = NULL;
  EdgeNode *n;

  builder_check (edge_model_add_input (m, "x", EDGE_DTYPE_F32,
          SHAPE (1, 8, 8, 3), &error) != NULL, error);
  if (int8) {
    builder_node (m, EDGE_OP_QUANTIZE, IN ("x"), "xq");
    builder_quant (m, "xq", 1.0f / 64, -3);
  }

  builder_constant (m, "w0", wt, SHAPE (8, 3, 3, 3), 1);
  builder_constant (m, "b0", bt, SHAPE (8), 2);
  n = builder_node (m, EDGE_OP_CONV2D, IN (x, "w0", "b0"), "y0");
  edge_node_set_name (n, "stem");
  edge_node_set_ints (n, "kernel", INTS (3, 3));
  edge_node_set_ints (n, "stride", INTS (1, 1));
  edge_node_set_ints (n, "pads", INTS (1, 1, 1, 1));
  edge_node_set_float (n, "min", 0.0);
  edge_node_set_float (n, "max", 6.0);

  builder_constant (m, "w1", wt, SHAPE (8, 3, 3, 1), 3);
  builder_constant (m, "b1", bt, SHAPE (8), 4);
  n = builder_node (m, EDGE_OP_CONV2D, IN ("y0", "w1", "b1"), "y1");
  edge_node_set_ints (n, "kernel", INTS (3, 3));
  edge_node_set_ints (n, "pads", INTS (1, 1, 1, 1));
  edge_node_set_int (n, "groups", 8);

  builder_node (m, EDGE_OP_ADD, IN ("y0", "y1"), "y2");
  builder_node (m, EDGE_OP_GLOBAL_AVG_POOL, IN ("y2"), "y3");
  n = builder_node (m, EDGE_OP_RESHAPE, IN ("y3"), "y4");
  edge_node_set_ints (n, "shape", INTS (1, -1));

  builder_constant (m, "w5", wt, SHAPE (4, 8), 5);
  builder_constant (m, "b5", bt, SHAPE (4), 6);
  builder_node (m, EDGE_OP_FULLY_CONNECTED, IN ("y4", "w5", "b5"), "y5");
  if (int8) {
    builder_quant_weights (m, "w0", "b0", 1.0f / 64);
    builder_quant (m, "y0", 6.0f / 255, -128);
    builder_quant_weights (m, "w1", "b1", 6.0f / 255);
    builder_quant (m, "y1", 0.05f, 2);
    builder_quant (m, "y2", 0.06f, -1);
    builder_quant (m, "y3", 0.03f, 0);
    builder_quant_weights (m, "w5", "b5", 0.03f);
    builder_quant (m, "y5", 0.1f, 5);
    builder_node (m, EDGE_OP_DEQUANTIZE, IN ("y5"), "logits");
    builder_node (m, EDGE_OP_SOFTMAX, IN ("logits"), "prob");
  } else {
    builder_node (m, EDGE_OP_SOFTMAX, IN ("y5"), "prob");
  }
  builder_check (edge_model_add_output (m, "prob", &error), error);

  desc.width = 8;
  desc.height = 8;
  desc.layout = EDGE_MODEL_LAYOUT_NHWC;
  desc.color = EDGE_MODEL_COLOR_RGB;
  desc.resize = EDGE_MODEL_RESIZE_LETTERBOX;
  desc.letterbox_fill = 114;
  for (guint c = 0; c < 3; c++) {
    desc.mean[c] = 127.5f;
    desc.scale[c] = 1.0f / 127.5f;
  }
  edge_model_set_input_desc (m, &desc);
  edge_model_set_labels (m, labels, G_N_ELEMENTS (labels));
  edge_classification_init (&cls);
  cls.top_k = 2;
  cls.threshold = 0.25f;
  edge_model_set_classification (m, &cls);
  edge_model_set_info (m, "name", int8 ? "tiny-cnn-int8" : "tiny-cnn");
  edge_model_set_provenance_string (m, "source", "built by the test suite");
  if (int8) {
    EdgeValue count = {.type = EDGE_VALUE_INT,.v.i = 64 };

    edge_model_set_provenance_string (m, "quantization.method", "minmax");
    edge_model_set_provenance_string (m, "quantization.calibration",
        "fashion-mnist train[0:64]");
    edge_model_set_provenance (m, "quantization.calibration_count", &count);
  }
  builder_check (edge_model_validate (m, &error), error);
  return m;
}

/* A detector in the BlazeFace mould: x [1,4,4,3] -> two 1x1 convolutions
 * -> reshape to scores [1,32,1] and boxes [1,32,8] (2 anchors per cell,
 * 2 keypoints). */
static inline EdgeModel *
builder_detector (void)
{
  EdgeModel *m = edge_model_new ();
  const gchar *labels[] = { "face" };
  EdgeDetection det;
  gfloat anchors[32 * 4];
  EdgeInputDesc desc = { 0 };
  GError *error = NULL;
  EdgeNode *n;

  builder_check (edge_model_add_input (m, "x", EDGE_DTYPE_F32,
          SHAPE (1, 4, 4, 3), &error) != NULL, error);
  builder_constant (m, "ws", EDGE_DTYPE_F32, SHAPE (2, 1, 1, 3), 7);
  builder_constant (m, "wb", EDGE_DTYPE_F32, SHAPE (16, 1, 1, 3), 8);
  builder_constant (m, "bb", EDGE_DTYPE_F32, SHAPE (16), 9);
  n = builder_node (m, EDGE_OP_CONV2D, IN ("x", "ws"), "s");
  edge_node_set_ints (n, "kernel", INTS (1, 1));
  n = builder_node (m, EDGE_OP_CONV2D, IN ("x", "wb", "bb"), "b");
  edge_node_set_ints (n, "kernel", INTS (1, 1));
  n = builder_node (m, EDGE_OP_RESHAPE, IN ("s"), "scores");
  edge_node_set_ints (n, "shape", INTS (1, 32, 1));
  n = builder_node (m, EDGE_OP_RESHAPE, IN ("b"), "boxes");
  edge_node_set_ints (n, "shape", INTS (1, -1, 8));
  builder_check (edge_model_add_output (m, "scores", &error), error);
  builder_check (edge_model_add_output (m, "boxes", &error), error);

  for (guint i = 0; i < 32; i++) {
    const guint cell = i / 2;

    anchors[4 * i + 0] = ((gfloat) (cell % 4) + 0.5f) / 4.0f;
    anchors[4 * i + 1] = ((gfloat) (cell / 4) + 0.5f) / 4.0f;
    anchors[4 * i + 2] = 1.0f;
    anchors[4 * i + 3] = 1.0f;
  }
  edge_detection_init (&det);
  det.scores = "scores";
  det.boxes = "boxes";
  det.anchors = anchors;
  det.n_anchors = 32;
  det.num_classes = 1;
  det.num_keypoints = 2;
  for (guint i = 0; i < 4; i++)
    det.box_scale[i] = 4.0f;
  det.score_threshold = 0.75f;
  det.nms_iou = 0.3f;
  det.max_detections = 10;
  edge_model_set_detection (m, &det);
  edge_model_set_labels (m, labels, 1);

  desc.width = 4;
  desc.height = 4;
  desc.color = EDGE_MODEL_COLOR_BGR;
  for (guint c = 0; c < 3; c++) {
    desc.mean[c] = 128.0f;
    desc.scale[c] = 1.0f / 128.0f;
  }
  edge_model_set_input_desc (m, &desc);
  builder_check (edge_model_validate (m, &error), error);
  return m;
}

#endif /* __MODEL_BUILDERS_H__ */
