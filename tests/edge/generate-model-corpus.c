/* Generates the model-level malformed corpus (tests/edge/corpus/model).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * The files are committed; this program shows how each was made. Every
 * file is a valid GGUF container (the GGUF corpus covers broken
 * containers) holding one of the models of model-builders.h with one edit
 * that breaks a rule of docs/model-format.md: its keys and tensors are
 * copied through the GGUF writer, minus dropped keys/tensors, plus the
 * case's edit (setting an existing key replaces it in place). Each file
 * goes into expected.txt as "<file> <substring of the error message>";
 * test-model loads every file and checks the message.
 *
 * To regenerate (built by meson, not run by the tests):
 *   ninja -C build tests/edge/generate-model-corpus
 *   build/tests/edge/generate-model-corpus tests/edge/corpus/model
 * It first deletes the *.gguf files of the directory, so renamed or
 * dropped cases leave nothing stale behind.
 */

#include "edge-model.h"
#include "model-builders.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef enum
{
  BASE_CNN,                     /* float CNN: nodes conv2d 0, dw 1, add 2,
                                 * global_avg_pool 3, reshape 4,
                                 * fully_connected 5, softmax 6 */
  BASE_CNN_INT8,                /* quantize 0, conv2d 1, dw 2, add 3, gap 4,
                                 * reshape 5, fc 6, dequantize 7, softmax 8 */
  BASE_DETECTOR,                /* conv2d 0, conv2d 1, reshape 2, reshape 3 */
  N_BASES
} Base;

typedef void (*Edit) (EdgeGgufWriter * w);

typedef struct
{
  const gchar *file;
  Base base;
  const gchar *expect;
  Edit edit;
  const gchar *drop[4];         /* keys or tensor names left out */
} Case;

/* ------------------------------------------------------------------ */
/* Edits */

#define SET_INTS(w, key, ...) \
  edge_gguf_writer_set_int32_array (w, key, (gint32[]) { __VA_ARGS__ }, \
      G_N_ELEMENTS (((gint32[]) { __VA_ARGS__ })))
#define SET_FLOATS(w, key, ...) \
  edge_gguf_writer_set_float32_array (w, key, (gfloat[]) { __VA_ARGS__ }, \
      G_N_ELEMENTS (((gfloat[]) { __VA_ARGS__ })))
#define SET_STRINGS(w, key, ...) \
  edge_gguf_writer_set_string_array (w, key, \
      (const gchar *[]) { __VA_ARGS__ }, \
      G_N_ELEMENTS (((const gchar *[]) { __VA_ARGS__ })))

static void
add_tensor (EdgeGgufWriter * w, const gchar * name, EdgeTensorType type,
    guint n_dims, const guint64 * dims)
{
  guint64 n = 1;
  gpointer data;
  GError *error = NULL;

  for (guint i = 0; i < n_dims; i++)
    n *= dims[i];
  data = g_malloc0 (n * edge_tensor_type_size (type));
  if (!edge_gguf_writer_add_tensor (w, name, type, n_dims, dims, data,
          &error))
    g_error ("%s", error->message);
  g_free (data);
}

static void
e_unknown_op (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.node.1.op", "relu6");
}

static void
e_cycle (EdgeGgufWriter * w)
{
  /* the depthwise conv reads the add, which reads the depthwise conv */
  SET_STRINGS (w, "edge.node.1.inputs", "y2", "w1", "b1");
}

static void
e_dangling (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.node.2.inputs", "y0", "x7");
}

static void
e_conv_channels (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.tensor.x.shape", 1, 8, 8, 4);
}

static void
e_reshape_zero (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.node.4.attr.shape", 1, 0);
}

static void
e_stride_string (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.node.0.attr.stride", "2");
}

static void
e_stride_zero (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.node.0.attr.stride", 0, 1);
}

static void
e_stride_huge (EdgeGgufWriter * w)
{
  gint64 v[2] = { G_GINT64_CONSTANT (1) << 40, 1 };
  EdgeGgufValue value = {.type = EDGE_GGUF_TYPE_ARRAY };

  value.v.a.elem_type = EDGE_GGUF_TYPE_INT64;
  value.v.a.count = 2;
  value.v.a.data = (const guint8 *) v;
  edge_gguf_writer_set_value (w, "edge.node.0.attr.stride", &value);
}

static void
e_unknown_attr (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.node.0.attr.padding", "same");
}

static void
e_attr_name (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.node.0.attr.Kernel", 3, 3);
}

static void
e_conv_output_huge (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.tensor.x.shape", 1, 8192, 8192, 3);
}

static void
e_input_huge (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.tensor.x.shape", 1, 16384, 16384, 3);
}

static void
e_scale_zero (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.tensor.w0.scale", 0.01f, 0.01f, 0.01f, 0.0f, 0.01f,
      0.01f, 0.01f, 0.01f);
}

static void
e_scale_nan (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.tensor.xq.scale", NAN);
}

static void
e_scale_negative (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.tensor.y1.scale", -0.05f);
}

static void
e_zero_point_range (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.tensor.y0.zero_point", 200);
}

static void
e_scale_count (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.tensor.w0.scale", 0.1f, 0.1f, 0.1f, 0.1f, 0.1f);
  SET_INTS (w, "edge.tensor.w0.zero_point", 0, 0, 0, 0, 0);
}

static void
e_zero_point_count (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.tensor.w0.zero_point", 0, 0, 0);
}

static void
e_activation_axis (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_int32 (w, "edge.tensor.y0.axis", 3);
}

static void
e_bias_scale (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.tensor.b0.scale", 1, 1, 1, 1, 1, 1, 1, 1);
}

static void
e_bias_dtype (EdgeGgufWriter * w)
{
  add_tensor (w, "b0", EDGE_TENSOR_I32, 1, (guint64[]) {
      8});
}

static void
e_fc_features (EdgeGgufWriter * w)
{
  /* dims innermost first: [4, 9] */
  add_tensor (w, "w5", EDGE_TENSOR_F32, 2, (guint64[]) {
      9, 4});
}

static void
e_unused (EdgeGgufWriter * w)
{
  add_tensor (w, "spare", EDGE_TENSOR_F32, 1, (guint64[]) {
      4});
}

static void
e_bad_name (EdgeGgufWriter * w)
{
  add_tensor (w, "bad name", EDGE_TENSOR_F32, 1, (guint64[]) {
      4});
}

static void
e_input_color (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.input.color", "rgba");
}

static void
e_input_width (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint32 (w, "edge.input.width", 16);
}

static void
e_input_mean (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.input.mean", 0, 0);
}

static void
e_input_scale (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.input.scale", 1, 0, 1);
}

static void
e_input_size_zero (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint32 (w, "edge.input.height", 0);
}

static void
e_labels (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.labels", "cat", "dog", "bird");
}

static void
e_top_k (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint32 (w, "edge.classification.top_k", 9);
}

static void
e_classification_output (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.classification.output", "y3");
}

static void
e_task (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.task", "segmentation");
}

static void
e_stray_decoder_key (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_float32 (w, "edge.detection.nms_iou", 0.5f);
}

static void
e_score_threshold (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_float32 (w, "edge.detection.score_threshold", 1.5f);
}

static void
e_nms_iou (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_float32 (w, "edge.detection.nms_iou", -0.125f);
}

static void
e_anchors (EdgeGgufWriter * w)
{
  gfloat anchors[31 * 4];

  for (guint i = 0; i < G_N_ELEMENTS (anchors); i++)
    anchors[i] = 0.5f;
  edge_gguf_writer_set_float32_array (w, "edge.detection.anchors", anchors,
      G_N_ELEMENTS (anchors));
}

static void
e_anchors_partial (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.detection.anchors", 0.5f, 0.5f, 1, 1, 0.5f, 0.5f);
}

static void
e_keypoints (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint32 (w, "edge.detection.num_keypoints", 3);
}

static void
e_box_scale (EdgeGgufWriter * w)
{
  SET_FLOATS (w, "edge.detection.box_scale", 4, 4, INFINITY, 4);
}

static void
e_architecture (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "general.architecture", "llama");
}

static void
e_version (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint32 (w, "edge.format_version", 2);
}

static void
e_unknown_key (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint32 (w, "edge.graph.nodes_count", 7);
}

static void
e_node_count_lie (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint32 (w, "edge.graph.node_count", 1000);
}

static void
e_node_count_huge (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_uint64 (w, "edge.graph.node_count",
      G_GUINT64_CONSTANT (1) << 40);
}

static void
e_node_count_string (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.graph.node_count", "7");
}

static void
e_node_index (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.node.9.op", "add");
}

static void
e_duplicate_producer (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.node.1.outputs", "y0");
}

static void
e_declared_shape (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.tensor.y0.shape", 1, 8, 8, 9);
}

static void
e_declared_dtype (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_string (w, "edge.tensor.y0.dtype", "i8");
}

static void
e_pads (EdgeGgufWriter * w)
{
  SET_INTS (w, "edge.node.0.attr.pads", 3, 0, 0, 0);
}

static void
e_graph_output (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.graph.outputs", "nope");
}

static void
e_clamp (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_float32 (w, "edge.node.0.attr.min", 6.0f);
  edge_gguf_writer_set_float32 (w, "edge.node.0.attr.max", 0.0f);
}

static void
e_softmax_int8 (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.node.8.inputs", "y5");
}

static void
e_add_shapes (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.node.2.inputs", "y0", "x");
}

static void
e_too_many_inputs (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.node.6.inputs", "y5", "y4");
}

static void
e_weight_not_constant (EdgeGgufWriter * w)
{
  SET_STRINGS (w, "edge.node.1.inputs", "y0", "y0");
}

static void
e_groups (EdgeGgufWriter * w)
{
  edge_gguf_writer_set_int32 (w, "edge.node.1.attr.groups", 3);
}

static void
e_nothing (EdgeGgufWriter * w)
{
}

/* ------------------------------------------------------------------ */
/* Cases */

static const Case cases[] = {
  /* graph structure */
  {"unknown-op.gguf", BASE_CNN, "node 1: unknown op 'relu6'", e_unknown_op},
  {"cycle.gguf", BASE_CNN, "graph has a cycle through node 1 (conv2d)",
      e_cycle},
  {"dangling-input.gguf", BASE_CNN, "node 2 (add): input 'x7' is not "
        "produced by any node, constant or graph input", e_dangling},
  {"duplicate-producer.gguf", BASE_CNN, "node 1 (conv2d): output 'y0' is "
        "already produced by node 0", e_duplicate_producer,
      {"edge.tensor.y1.dtype", "edge.tensor.y1.shape"}},
  {"graph-output-missing.gguf", BASE_CNN, "graph output 'nope' is not "
        "produced by any node", e_graph_output},
  {"missing-op-key.gguf", BASE_CNN, "node 3: missing key 'edge.node.3.op'",
      e_nothing, {"edge.node.3.op"}},
  {"node-count-lie.gguf", BASE_CNN, "edge.graph.node_count is 1000, but the "
        "file has only", e_node_count_lie},
  {"node-count-huge.gguf", BASE_CNN, "key 'edge.graph.node_count' is "
        "1099511627776, not in [0, 65536]", e_node_count_huge},
  {"node-count-string.gguf", BASE_CNN, "key 'edge.graph.node_count' must be "
        "an integer, got string", e_node_count_string},
  {"node-index-out-of-range.gguf", BASE_CNN, "key 'edge.node.9.op' is for "
        "node 9, but edge.graph.node_count is 7", e_node_index},
  {"too-many-inputs.gguf", BASE_CNN, "node 6 (softmax): expects 1 input, "
        "got 2", e_too_many_inputs},
  {"weight-not-constant.gguf", BASE_CNN, "node 1 (conv2d): weight 'y0' must "
        "be a constant", e_weight_not_constant},
  /* shapes */
  {"conv-weight-channels.gguf", BASE_CNN, "node 0 (conv2d): weight shape "
        "[8,3,3,3] does not match input channels 4", e_conv_channels},
  {"conv-groups.gguf", BASE_CNN, "node 1 (conv2d): input channels 8 are not "
        "a multiple of groups 3", e_groups},
  {"fc-features.gguf", BASE_CNN, "node 5 (fully_connected): weight shape "
        "[4,9] does not match input features 8", e_fc_features, {"w5"}},
  {"add-shapes.gguf", BASE_CNN, "node 2 (add): input shapes [1,8,8,8] and "
        "[1,8,8,3] differ", e_add_shapes},
  {"reshape-zero-dim.gguf", BASE_CNN, "node 4 (reshape): attribute 'shape' "
        "has a zero dimension at index 1", e_reshape_zero},
  {"conv-output-too-large.gguf", BASE_CNN, "node 0 (conv2d): output shape "
        "[1,8192,8192,8] has more than 2^28 elements", e_conv_output_huge},
  {"input-too-large.gguf", BASE_CNN, "graph input 'x': shape "
        "[1,16384,16384,3] has more than 2^28 elements", e_input_huge},
  {"declared-shape.gguf", BASE_CNN, "tensor 'y0': declared shape [1,8,8,9], "
        "but its node produces [1,8,8,8]", e_declared_shape},
  {"declared-dtype.gguf", BASE_CNN, "tensor 'y0': declared dtype i8, but "
        "its node produces f32", e_declared_dtype},
  /* attributes */
  {"missing-attribute.gguf", BASE_CNN, "node 0 (conv2d): missing attribute "
        "'kernel'", e_nothing, {"edge.node.0.attr.kernel"}},
  {"wrong-attribute-type.gguf", BASE_CNN, "node 0 (conv2d): attribute "
        "'stride' must be ints, got string", e_stride_string},
  {"stride-zero.gguf", BASE_CNN, "node 0 (conv2d): attribute 'stride' must "
        "be >= 1, got 0", e_stride_zero},
  {"stride-huge.gguf", BASE_CNN, "node 0 (conv2d): attribute 'stride' must "
        "be <= 268435456, got 1099511627776", e_stride_huge},
  {"unknown-attribute.gguf", BASE_CNN, "node 0 (conv2d): unknown attribute "
        "'padding'", e_unknown_attr},
  {"attribute-name.gguf", BASE_CNN, "attribute names are [a-z0-9_]+",
      e_attr_name},
  {"pads-too-large.gguf", BASE_CNN, "node 0 (conv2d): attribute 'pads': pad "
        "0 (3) must be smaller than the kernel span 3", e_pads},
  {"clamp-min-max.gguf", BASE_CNN, "node 0 (conv2d): attribute 'min' (6) is "
        "greater than 'max' (0)", e_clamp},
  /* tensors and dtypes */
  {"bias-dtype.gguf", BASE_CNN, "node 0 (conv2d): bias 'b0' has dtype i32, "
        "expected f32", e_bias_dtype, {"b0"}},
  {"unused-constant.gguf", BASE_CNN, "constant 'spare' is not used by any "
        "node", e_unused},
  {"tensor-name.gguf", BASE_CNN, "tensor name 'bad name' is invalid",
      e_bad_name},
  {"softmax-int8.gguf", BASE_CNN_INT8, "node 8 (softmax): input 'y5' is i8; "
        "softmax runs on f32", e_softmax_int8},
  /* quantization */
  {"scale-zero.gguf", BASE_CNN_INT8, "tensor 'w0': scale 3 is 0; scales "
        "must be finite and > 0", e_scale_zero},
  {"scale-nan.gguf", BASE_CNN_INT8, "tensor 'xq': scale 0 is nan",
      e_scale_nan},
  {"scale-negative.gguf", BASE_CNN_INT8, "tensor 'y1': scale 0 is -0.05",
      e_scale_negative},
  {"zero-point-range.gguf", BASE_CNN_INT8, "tensor 'y0': zero point 0 is "
        "200, outside [-128, 127] for i8", e_zero_point_range},
  {"scale-count.gguf", BASE_CNN_INT8, "tensor 'w0': 5 scales for axis 0 of "
        "size 8", e_scale_count},
  {"zero-point-count.gguf", BASE_CNN_INT8, "tensor 'w0': 3 zero points for 8 "
        "scales", e_zero_point_count},
  {"activation-per-axis.gguf", BASE_CNN_INT8, "tensor 'y0': activations are "
        "quantized per tensor, not per axis", e_activation_axis},
  {"missing-quant.gguf", BASE_CNN_INT8, "node 1 (conv2d): output 'y0' is i8 "
        "but has no quantization parameters", e_nothing,
      {"edge.tensor.y0.scale", "edge.tensor.y0.zero_point"}},
  {"bias-scale.gguf", BASE_CNN_INT8, "node 1 (conv2d): bias 'b0' scale 1 at "
        "channel 0 is not input scale * weight scale", e_bias_scale},
  /* input description */
  {"input-color.gguf", BASE_CNN, "key 'edge.input.color' is 'rgba'; "
        "expected one of: rgb, bgr, gray", e_input_color},
  {"input-size-mismatch.gguf", BASE_CNN, "input description: 16x8 rgb nhwc "
        "needs graph input 'x' to be [1,8,16,3], not [1,8,8,3]",
      e_input_width},
  {"input-size-zero.gguf", BASE_CNN, "input description: size 8x0 is not "
        "within [1, 16384]", e_input_size_zero},
  {"input-mean-count.gguf", BASE_CNN, "key 'edge.input.mean' has 2 values; "
        "rgb input needs 3", e_input_mean},
  {"input-scale-zero.gguf", BASE_CNN, "input description: channel 1 has "
        "mean 127.5 and scale 0", e_input_scale},
  {"input-missing-width.gguf", BASE_CNN, "missing key 'edge.input.width'",
      e_nothing, {"edge.input.width"}},
  /* labels, task and decoders */
  {"labels-mismatch.gguf", BASE_CNN, "3 labels for 4 classes", e_labels},
  {"top-k.gguf", BASE_CNN, "classification top_k 9 is not in [1, 4]",
      e_top_k},
  {"classification-output.gguf", BASE_CNN, "classification output 'y3' is "
        "not a graph output", e_classification_output},
  {"task.gguf", BASE_CNN, "key 'edge.task' is 'segmentation'; expected one "
        "of: none, classification, detection", e_task},
  {"stray-decoder-key.gguf", BASE_CNN, "key 'edge.detection.nms_iou' is set "
        "but edge.task is 'classification'", e_stray_decoder_key},
  {"detection-threshold.gguf", BASE_DETECTOR, "detection score_threshold 1.5 "
        "is not in [0, 1]", e_score_threshold},
  {"detection-nms-iou.gguf", BASE_DETECTOR, "detection nms_iou -0.125 is not "
        "in [0, 1]", e_nms_iou},
  {"detection-anchors.gguf", BASE_DETECTOR, "detection scores 'scores' has "
        "shape [1,32,1]; expected [1,31,1]", e_anchors},
  {"detection-anchors-partial.gguf", BASE_DETECTOR, "key "
        "'edge.detection.anchors' has 6 values, not a multiple of 4",
      e_anchors_partial},
  {"detection-keypoints.gguf", BASE_DETECTOR, "detection boxes 'boxes' has "
        "shape [1,32,8]; expected [1,32,10]", e_keypoints},
  {"detection-box-scale.gguf", BASE_DETECTOR, "detection: box_scale 2 is "
        "inf", e_box_scale},
  {"detection-missing-boxes.gguf", BASE_DETECTOR, "missing key "
        "'edge.detection.boxes'", e_nothing, {"edge.detection.boxes"}},
  /* file level */
  {"wrong-architecture.gguf", BASE_CNN, "general.architecture is 'llama'; "
        "not a gst-edge model", e_architecture},
  {"no-architecture.gguf", BASE_CNN, "missing key 'general.architecture'",
      e_nothing, {"general.architecture"}},
  {"newer-version.gguf", BASE_CNN, "edge.format_version 2 is newer than this "
        "library reads (1)", e_version},
  {"unknown-key.gguf", BASE_CNN, "unknown key 'edge.graph.nodes_count'",
      e_unknown_key},
  {"missing-graph-inputs.gguf", BASE_CNN, "missing key 'edge.graph.inputs'",
      e_nothing, {"edge.graph.inputs"}},
  {"input-undeclared.gguf", BASE_CNN, "graph input 'x' needs "
        "edge.tensor.x.dtype and edge.tensor.x.shape", e_nothing,
      {"edge.tensor.x.shape"}},
};

/* ------------------------------------------------------------------ */

static gboolean
dropped (const Case * c, const gchar * name)
{
  for (guint i = 0; i < G_N_ELEMENTS (c->drop) && c->drop[i]; i++)
    if (strcmp (c->drop[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
write_case (const Case * c, const gchar * dir, EdgeGgufFile * base)
{
  EdgeGgufWriter *w = edge_gguf_writer_new (edge_gguf_get_alignment (base));
  GError *error = NULL;
  gchar *path = g_build_filename (dir, c->file, NULL);

  for (guint i = 0; i < edge_gguf_get_n_kv (base); i++) {
    const gchar *key = edge_gguf_get_key (base, i);
    EdgeGgufValue value;

    if (dropped (c, key))
      continue;
    edge_gguf_get_value (base, i, &value);
    edge_gguf_writer_set_value (w, key, &value);
  }
  for (guint i = 0; i < edge_gguf_get_n_tensors (base); i++) {
    const EdgeGgufTensor *t = edge_gguf_get_tensor (base, i);

    if (dropped (c, t->name))
      continue;
    if (!edge_gguf_writer_add_tensor (w, t->name, t->type, t->n_dims,
            t->dims, t->data, &error))
      g_error ("%s: %s", c->file, error->message);
  }
  c->edit (w);
  if (!edge_gguf_writer_write (w, path, &error))
    g_error ("%s: %s", c->file, error->message);
  edge_gguf_writer_free (w);
  g_free (path);
}

static void
clean_dir (const gchar * dir)
{
  GDir *d;
  const gchar *name;

  g_mkdir_with_parents (dir, 0755);
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    g_error ("cannot open %s", dir);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".gguf")) {
      gchar *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
      g_free (path);
    }
  g_dir_close (d);
}

int
main (int argc, char **argv)
{
  EdgeModel *models[N_BASES];
  GBytes *bytes[N_BASES];
  guint8 *buffers[N_BASES];
  EdgeGgufFile *files[N_BASES];
  GString *expected;
  GError *error = NULL;
  gchar *path;

  if (argc != 2) {
    g_printerr ("Usage: %s DIR\n(writes DIR/*.gguf and DIR/expected.txt)\n",
        argv[0]);
    return 2;
  }
  clean_dir (argv[1]);

  models[BASE_CNN] = builder_cnn (FALSE);
  models[BASE_CNN_INT8] = builder_cnn (TRUE);
  models[BASE_DETECTOR] = builder_detector ();
  for (guint b = 0; b < N_BASES; b++) {
    gsize size;
    gconstpointer data;

    bytes[b] = edge_model_save_to_bytes (models[b], &error);
    if (bytes[b] == NULL)
      g_error ("%s", error->message);
    data = g_bytes_get_data (bytes[b], &size);
    buffers[b] = g_aligned_alloc (size, 1, 64);
    memcpy (buffers[b], data, size);
    files[b] = edge_gguf_open_memory (buffers[b], size, &error);
    if (files[b] == NULL)
      g_error ("%s", error->message);
  }

  expected = g_string_new ("# <file> <substring of the error message>; "
      "generated by tests/edge/generate-model-corpus.c\n");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    write_case (&cases[i], argv[1], files[cases[i].base]);
    g_string_append_printf (expected, "%s %s\n", cases[i].file,
        cases[i].expect);
  }
  path = g_build_filename (argv[1], "expected.txt", NULL);
  if (!g_file_set_contents (path, expected->str, expected->len, &error))
    g_error ("%s", error->message);
  g_free (path);
  g_string_free (expected, TRUE);

  for (guint b = 0; b < N_BASES; b++) {
    edge_gguf_close (files[b]);
    g_aligned_free (buffers[b]);
    g_bytes_unref (bytes[b]);
    edge_model_unref (models[b]);
  }
  g_print ("%u malformed models in %s\n", (guint) G_N_ELEMENTS (cases),
      argv[1]);
  return 0;
}
