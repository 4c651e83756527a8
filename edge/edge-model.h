/* libedge: models (graph, tensors, metadata) and their files.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_MODEL_H__
#define __EDGE_MODEL_H__

#include <glib.h>

#include "edge-gguf.h"

G_BEGIN_DECLS

/**
 * SECTION:edge-model
 * @title: EdgeModel
 * @short_description: an int8/float network with everything a pipeline needs
 *
 * An #EdgeModel holds a graph of operators over named tensors (constant
 * weights and run-time activations, all NHWC), the description of the video
 * input it expects, class labels, the task and its decoder settings, and
 * free-form provenance (how the model was optimized). It is what a .gguf
 * model file holds (docs/model-format.md) and what every optimizer rewrites.
 *
 * Models are reference counted (edge_model_ref(), edge_model_unref()) so
 * elements can hand them between threads. A model is mutable while one owner
 * builds or rewrites it; once shared, treat it as read-only (nothing here
 * takes a lock).
 *
 * Building: edge_model_new(), then edge_model_add_input(),
 * edge_model_add_constant(), edge_model_add_node() with edge_node_set_int()
 * and friends, edge_model_set_quant() on int8 tensors, edge_model_add_output()
 * and the metadata setters; finally edge_model_validate(), which checks
 * everything, infers every activation's dtype and shape and puts the nodes
 * in a topological order. Loading validates the same way; saving validates
 * first, so an invalid model is never written.
 *
 * Errors name what is wrong and where, e.g.
 * `node 12 (conv2d): weight shape [16,3,3,3] does not match input channels 8`.
 * Node indices are positions in the node list when the check ran (for a
 * loaded file: the N of its `edge.node.N.*` keys).
 */

/**
 * EDGE_MODEL_ERROR:
 *
 * Error domain of model-level errors. Container errors (unreadable file,
 * broken GGUF) keep the #EDGE_GGUF_ERROR domain.
 */
#define EDGE_MODEL_ERROR (edge_model_error_quark ())
GQuark edge_model_error_quark (void);

/**
 * EdgeModelError:
 * @EDGE_MODEL_ERROR_INVALID: the model breaks a rule of the format
 * @EDGE_MODEL_ERROR_UNSUPPORTED: a valid file of another architecture or a
 *   newer format version
 * @EDGE_MODEL_ERROR_LIMIT: the model exceeds a documented limit
 */
typedef enum {
  EDGE_MODEL_ERROR_INVALID,
  EDGE_MODEL_ERROR_UNSUPPORTED,
  EDGE_MODEL_ERROR_LIMIT,
} EdgeModelError;

/* The value of general.architecture and the edge.format_version we write
 * (and the newest we read). */
#define EDGE_MODEL_ARCHITECTURE     "gst-edge"
#define EDGE_MODEL_FORMAT_VERSION   1
#define EDGE_MODEL_DEFAULT_ALIGNMENT 32

/* Limits (docs/model-format.md, "Limits"): they keep hostile files from
 * forcing huge allocations or long loops, and keep every size the runtime
 * computes inside int32. */
#define EDGE_MODEL_MAX_RANK         4
#define EDGE_MODEL_MAX_NODES        (1u << 16)
#define EDGE_MODEL_MAX_NODE_INPUTS  1024
#define EDGE_MODEL_MAX_GRAPH_IO     256
#define EDGE_MODEL_MAX_NAME         63      /* bytes, as ggml's tensor names */
/* elements of one tensor (and so each dimension) */
#define EDGE_MODEL_MAX_ELEMENTS     (G_GINT64_CONSTANT (1) << 28)
#define EDGE_MODEL_MAX_INPUT_SIZE   16384   /* input width and height */
#define EDGE_MODEL_MAX_LABELS       (1u << 16)
#define EDGE_MODEL_MAX_LABEL_LEN    1024    /* bytes */
#define EDGE_MODEL_MAX_ANCHORS      (1u << 20)
#define EDGE_MODEL_MAX_DETECTIONS   (1u << 16)
#define EDGE_MODEL_MAX_STRING       (1u << 16)      /* other string values */
#define EDGE_MODEL_MAX_ARRAY        (1u << 16)      /* provenance arrays */
#define EDGE_MODEL_MAX_ATTRS        64      /* per node */
#define EDGE_MODEL_MAX_PROVENANCE   1024    /* entries */

/**
 * EdgeDType:
 * @EDGE_DTYPE_UNKNOWN: not inferred yet (activations before validation)
 * @EDGE_DTYPE_F32: float32
 * @EDGE_DTYPE_I8: int8 (quantized)
 * @EDGE_DTYPE_I16: int16
 * @EDGE_DTYPE_I32: int32 (biases of int8 layers)
 *
 * Element types; the values are ggml's type ids, as in the file.
 */
typedef enum {
  EDGE_DTYPE_UNKNOWN = -1,
  EDGE_DTYPE_F32 = EDGE_TENSOR_F32,
  EDGE_DTYPE_I8 = EDGE_TENSOR_I8,
  EDGE_DTYPE_I16 = EDGE_TENSOR_I16,
  EDGE_DTYPE_I32 = EDGE_TENSOR_I32,
} EdgeDType;

/**
 * edge_dtype_name:
 * @dtype: an element type
 *
 * Returns: (transfer none): "f32", "i8", "i16" or "i32" (the spelling of
 *   `edge.tensor.<t>.dtype`), "unknown" otherwise
 */
const gchar *edge_dtype_name (EdgeDType dtype);

/**
 * edge_dtype_from_name:
 * @name: a name as edge_dtype_name() returns it
 * @dtype: (out): the type
 *
 * Returns: %FALSE when @name is not one of them
 */
gboolean edge_dtype_from_name (const gchar * name, EdgeDType * dtype);

/**
 * edge_dtype_size:
 * @dtype: an element type
 *
 * Returns: bytes per element, 0 for %EDGE_DTYPE_UNKNOWN
 */
gsize edge_dtype_size (EdgeDType dtype);

/**
 * EdgeQuant:
 * @n: number of (scale, zero point) pairs: 0 when not quantized, 1 per
 *   tensor, the size of dimension @axis per axis
 * @axis: the quantized dimension (outermost first), -1 for per-tensor
 * @scales: (array length=n): finite and > 0
 * @zero_points: (array length=n): in [-128, 127] for int8, 0 for int32
 *
 * Affine quantization: real = scale * (q - zero_point).
 */
typedef struct {
  guint n;
  gint axis;
  gfloat *scales;
  gint32 *zero_points;
} EdgeQuant;

/**
 * EdgeTensor:
 * @name: unique in the model
 * @dtype: element type (%EDGE_DTYPE_UNKNOWN for activations not yet inferred)
 * @rank: number of dimensions, 1..%EDGE_MODEL_MAX_RANK (0 while unknown)
 * @shape: dimensions, outermost first (NHWC, OHWI...)
 * @quant: quantization parameters
 * @data: the elements of a constant (little endian, densely packed); %NULL
 *   for activations. Borrowed from the file mapping for loaded models,
 *   owned by the model for built ones; read-only either way.
 * @n_bytes: size of @data
 *
 * A constant (weights, biases) or an activation (a graph input or a node's
 * output). Fields are read-only: change them through the model functions.
 */
typedef struct {
  gchar *name;
  EdgeDType dtype;
  guint rank;
  gint64 shape[EDGE_MODEL_MAX_RANK];
  EdgeQuant quant;
  gconstpointer data;
  gsize n_bytes;
  /*< private > */
  GBytes *bytes;
  gboolean quant_inherited;     /* set by validation, not by the user */
  gpointer _reserved[3];
} EdgeTensor;

/**
 * edge_tensor_n_elements:
 * @tensor: a tensor
 *
 * Returns: the product of the shape, 0 while the rank is unknown
 */
gint64 edge_tensor_n_elements (const EdgeTensor * tensor);

/**
 * edge_tensor_is_constant:
 * @tensor: a tensor
 *
 * Returns: %TRUE for a constant (it has data), %FALSE for an activation
 */
gboolean edge_tensor_is_constant (const EdgeTensor * tensor);

/**
 * EdgeValueType:
 * @EDGE_VALUE_INT: 64-bit signed integer
 * @EDGE_VALUE_FLOAT: double
 * @EDGE_VALUE_BOOL: boolean
 * @EDGE_VALUE_STRING: UTF-8 string
 * @EDGE_VALUE_INTS: array of integers
 * @EDGE_VALUE_FLOATS: array of doubles
 *
 * Types of node attributes and provenance values.
 */
typedef enum {
  EDGE_VALUE_INT,
  EDGE_VALUE_FLOAT,
  EDGE_VALUE_BOOL,
  EDGE_VALUE_STRING,
  EDGE_VALUE_INTS,
  EDGE_VALUE_FLOATS,
} EdgeValueType;

/**
 * edge_value_type_name:
 * @type: a value type
 *
 * Returns: (transfer none): "int", "float", "bool", "string", "ints" or
 *   "floats" (the words of validation messages)
 */
const gchar *edge_value_type_name (EdgeValueType type);

/**
 * EdgeValue:
 * @type: which member of @v is set
 *
 * A typed value. Arrays and strings are owned by whatever holds the value.
 */
typedef struct {
  EdgeValueType type;
  union {
    gint64 i;
    gdouble f;
    gboolean b;
    gchar *s;
    struct {
      guint n;
      gint64 *v;
    } ints;
    struct {
      guint n;
      gdouble *v;
    } floats;
  } v;
} EdgeValue;

/**
 * edge_value_equal:
 * @a: a value
 * @b: another value
 *
 * Returns: %TRUE when both have the same type and contents (floats are
 *   compared bit for bit, so a NaN equals itself)
 */
gboolean edge_value_equal (const EdgeValue * a, const EdgeValue * b);

/**
 * edge_value_append:
 * @value: a value
 * @out: where to append
 *
 * Appends a short human-readable form: `3`, `0.5`, `[1,1]`, `'constant'`.
 */
void edge_value_append (const EdgeValue * value, GString * out);

/**
 * EdgeAttr:
 * @name: attribute name ([a-z0-9_]+) or provenance key
 * @value: its value
 */
typedef struct {
  gchar *name;
  EdgeValue value;
} EdgeAttr;

/**
 * EdgeOp:
 * @EDGE_OP_CONV2D: 2D convolution (grouped, depthwise), fused clamp
 * @EDGE_OP_FULLY_CONNECTED: matrix product with constant weights
 * @EDGE_OP_ADD: element-wise sum of two tensors of one shape
 * @EDGE_OP_MUL: element-wise product of two tensors of one shape
 * @EDGE_OP_MAX_POOL2D: 2D max pooling
 * @EDGE_OP_AVG_POOL2D: 2D average pooling (padding not counted)
 * @EDGE_OP_GLOBAL_AVG_POOL: mean over height and width
 * @EDGE_OP_PAD: constant padding of H, W and C
 * @EDGE_OP_CONCAT: concatenation along one axis
 * @EDGE_OP_CLAMP: clamp to [min, max] (ReLU, ReLU6)
 * @EDGE_OP_SIGMOID: logistic function (float)
 * @EDGE_OP_SOFTMAX: softmax over the last axis (float)
 * @EDGE_OP_QUANTIZE: float to int8
 * @EDGE_OP_DEQUANTIZE: int8 to float
 * @EDGE_OP_RESHAPE: new shape, same elements
 * @EDGE_OP_COUNT: number of operators
 *
 * The operators the runtime executes (kernels/edge-kernels.h). Inputs,
 * attributes and shape rules of each are in docs/model-format.md.
 */
typedef enum {
  EDGE_OP_CONV2D,
  EDGE_OP_FULLY_CONNECTED,
  EDGE_OP_ADD,
  EDGE_OP_MUL,
  EDGE_OP_MAX_POOL2D,
  EDGE_OP_AVG_POOL2D,
  EDGE_OP_GLOBAL_AVG_POOL,
  EDGE_OP_PAD,
  EDGE_OP_CONCAT,
  EDGE_OP_CLAMP,
  EDGE_OP_SIGMOID,
  EDGE_OP_SOFTMAX,
  EDGE_OP_QUANTIZE,
  EDGE_OP_DEQUANTIZE,
  EDGE_OP_RESHAPE,
  EDGE_OP_COUNT,
} EdgeOp;

/**
 * edge_op_name:
 * @op: an operator
 *
 * Returns: (transfer none): its name in files (`edge.node.<n>.op`):
 *   "conv2d", "fully_connected"...; "unknown" when out of range
 */
const gchar *edge_op_name (EdgeOp op);

/**
 * edge_op_from_name:
 * @name: an operator name
 * @op: (out): the operator
 *
 * Returns: %FALSE when @name is not an operator of the set
 */
gboolean edge_op_from_name (const gchar * name, EdgeOp * op);

/**
 * EdgeNode:
 * @op: the operator
 * @name: (nullable): an optional label (e.g. the source model's node name)
 * @inputs: (element-type utf8): tensor names, in the operator's order
 * @outputs: (element-type utf8): tensor names (every operator has one)
 * @attrs: (element-type EdgeAttr): attributes in insertion order
 *
 * One operator application. Read the fields; change them through the
 * functions below (edge_node_set_*), or edit @inputs/@outputs in place with
 * g_ptr_array functions (strings are g_free'd) and re-validate.
 */
typedef struct {
  EdgeOp op;
  gchar *name;
  GPtrArray *inputs;
  GPtrArray *outputs;
  GPtrArray *attrs;
} EdgeNode;

/**
 * edge_node_set_int:
 * @node: a node
 * @name: attribute name
 * @v: the value
 *
 * Sets an attribute, replacing one of the same name (in place, keeping the
 * attribute order). edge_node_set_float(), _bool(), _string(), _ints() and
 * _floats() do the same for the other types; arrays and strings are
 * copied. Whether the operator takes the attribute is checked by
 * edge_model_validate().
 */
void edge_node_set_int (EdgeNode * node, const gchar * name, gint64 v);
void edge_node_set_float (EdgeNode * node, const gchar * name, gdouble v);
void edge_node_set_bool (EdgeNode * node, const gchar * name, gboolean v);
void edge_node_set_string (EdgeNode * node, const gchar * name,
    const gchar * v);
void edge_node_set_ints (EdgeNode * node, const gchar * name,
    const gint64 * v, guint n);
void edge_node_set_floats (EdgeNode * node, const gchar * name,
    const gdouble * v, guint n);

/**
 * edge_node_set_attr:
 * @node: a node
 * @name: attribute name
 * @value: the value (copied)
 *
 * Sets an attribute of any type (see edge_node_set_int()).
 */
void edge_node_set_attr (EdgeNode * node, const gchar * name,
    const EdgeValue * value);

/**
 * edge_node_remove_attr:
 * @node: a node
 * @name: attribute name
 *
 * Returns: %FALSE when there was no such attribute
 */
gboolean edge_node_remove_attr (EdgeNode * node, const gchar * name);

/**
 * edge_node_get_attr:
 * @node: a node
 * @name: attribute name
 *
 * Returns: (nullable) (transfer none): the value, %NULL when absent
 */
const EdgeValue *edge_node_get_attr (const EdgeNode * node,
    const gchar * name);

/**
 * edge_node_get_int:
 * @node: a node
 * @name: attribute name
 * @def: the default
 *
 * Returns: the attribute when present with type %EDGE_VALUE_INT, else @def
 *   (edge_node_get_float() likewise for %EDGE_VALUE_FLOAT)
 */
gint64 edge_node_get_int (const EdgeNode * node, const gchar * name,
    gint64 def);
gdouble edge_node_get_float (const EdgeNode * node, const gchar * name,
    gdouble def);

/**
 * edge_node_set_name:
 * @node: a node
 * @name: (nullable): a label, %NULL for none
 *
 * Sets the node's optional label (`edge.node.<n>.name`).
 */
void edge_node_set_name (EdgeNode * node, const gchar * name);

/**
 * EdgeModelLayout:
 * @EDGE_MODEL_LAYOUT_NHWC: [1][height][width][channels]
 * @EDGE_MODEL_LAYOUT_NCHW: [1][channels][height][width]
 */
typedef enum {
  EDGE_MODEL_LAYOUT_NHWC,
  EDGE_MODEL_LAYOUT_NCHW,
} EdgeModelLayout;

/**
 * EdgeModelColor:
 * @EDGE_MODEL_COLOR_RGB: 3 channels, R G B
 * @EDGE_MODEL_COLOR_BGR: 3 channels, B G R
 * @EDGE_MODEL_COLOR_GRAY: 1 channel (luma)
 */
typedef enum {
  EDGE_MODEL_COLOR_RGB,
  EDGE_MODEL_COLOR_BGR,
  EDGE_MODEL_COLOR_GRAY,
} EdgeModelColor;

/**
 * EdgeModelResize:
 * @EDGE_MODEL_RESIZE_STRETCH: scale x and y independently
 * @EDGE_MODEL_RESIZE_LETTERBOX: keep the aspect ratio, fill the border
 */
typedef enum {
  EDGE_MODEL_RESIZE_STRETCH,
  EDGE_MODEL_RESIZE_LETTERBOX,
} EdgeModelResize;

/**
 * EdgeInputDesc:
 * @width: network input width in pixels
 * @height: network input height in pixels
 * @layout: layout of the first graph input
 * @color: channel order (and count: 3, or 1 for gray)
 * @resize: how a frame of another aspect ratio is fitted
 * @letterbox_fill: pixel value (0..255) of the letterbox border
 * @mean: per channel, in the input's channel order
 * @scale: per channel: normalized = (pixel - mean) * scale
 *
 * How a video frame becomes the first graph input (pixel values 0..255).
 * Only the first 1 (gray) or 3 entries of @mean and @scale are used.
 */
typedef struct {
  guint width, height;
  EdgeModelLayout layout;
  EdgeModelColor color;
  EdgeModelResize resize;
  guint letterbox_fill;
  gfloat mean[3];
  gfloat scale[3];
} EdgeInputDesc;

/**
 * edge_model_layout_name:
 * @layout: a layout
 *
 * Returns: (transfer none): its spelling in files: "nhwc" or "nchw"
 * (edge_model_color_name(): "rgb", "bgr", "gray"; edge_model_resize_name():
 * "stretch", "letterbox"; edge_task_name(), edge_score_activation_name()
 * and edge_box_coding_name() likewise)
 */
const gchar *edge_model_layout_name (EdgeModelLayout layout);
const gchar *edge_model_color_name (EdgeModelColor color);
const gchar *edge_model_resize_name (EdgeModelResize resize);

/**
 * edge_model_color_channels:
 * @color: a colour order
 *
 * Returns: 3, or 1 for %EDGE_MODEL_COLOR_GRAY
 */
guint edge_model_color_channels (EdgeModelColor color);

/**
 * EdgeTask:
 * @EDGE_TASK_NONE: raw outputs only
 * @EDGE_TASK_CLASSIFICATION: top-k classes of one output
 * @EDGE_TASK_DETECTION: anchor-box detection with non-maximum suppression
 */
typedef enum {
  EDGE_TASK_NONE,
  EDGE_TASK_CLASSIFICATION,
  EDGE_TASK_DETECTION,
} EdgeTask;

const gchar *edge_task_name (EdgeTask task);

/**
 * EdgeScoreActivation:
 * @EDGE_SCORE_NONE: outputs are already probabilities
 * @EDGE_SCORE_SIGMOID: logits, one sigmoid per class
 * @EDGE_SCORE_SOFTMAX: logits, softmax over the classes
 *
 * What the decoder applies to raw scores before thresholds.
 */
typedef enum {
  EDGE_SCORE_NONE,
  EDGE_SCORE_SIGMOID,
  EDGE_SCORE_SOFTMAX,
} EdgeScoreActivation;

const gchar *edge_score_activation_name (EdgeScoreActivation activation);

/**
 * EdgeClassification:
 * @output: (nullable): graph output holding the scores, %NULL for the first
 * @top_k: number of classes reported, 1..classes
 * @activation: applied to the scores first
 * @threshold: minimum score reported, in [0, 1]
 *
 * Classification decoder settings. The output is [N, classes] or
 * [N, 1, 1, classes].
 */
typedef struct {
  const gchar *output;
  guint top_k;
  EdgeScoreActivation activation;
  gfloat threshold;
} EdgeClassification;

/**
 * EdgeBoxCoding:
 * @EDGE_BOX_CODING_LINEAR: w = raw / w_scale * anchor_w (MediaPipe, BlazeFace)
 * @EDGE_BOX_CODING_EXP: w = exp (raw / w_scale) * anchor_w (SSD)
 */
typedef enum {
  EDGE_BOX_CODING_LINEAR,
  EDGE_BOX_CODING_EXP,
} EdgeBoxCoding;

const gchar *edge_box_coding_name (EdgeBoxCoding coding);

/**
 * EdgeDetection:
 * @scores: graph output [N, anchors, num_classes] of class scores
 * @boxes: graph output [N, anchors, 4 + 2 * num_keypoints] of box
 *   regressors (dx, dy, w, h, then x, y per keypoint)
 * @n_anchors: number of anchors
 * @anchors: (array length=n_anchors): 4 floats per anchor: centre x,
 *   centre y, width, height, normalized to the input size
 * @num_classes: classes per anchor
 * @num_keypoints: keypoints per box
 * @box_scale: x, y, w, h scales dividing the regressors
 * @box_coding: how widths and heights are decoded
 * @score_activation: applied to the scores first
 * @score_threshold: minimum score kept, in [0, 1]
 * @nms_iou: intersection over union above which the lower-scored of two
 *   boxes is suppressed, in [0, 1]
 * @max_detections: detections kept per frame
 *
 * Anchor-box detection decoder settings (SSD, BlazeFace). Centre:
 * cx = anchor_cx + dx / x_scale * anchor_w (likewise y and keypoints).
 */
typedef struct {
  const gchar *scores;
  const gchar *boxes;
  guint n_anchors;
  const gfloat *anchors;
  guint num_classes;
  guint num_keypoints;
  gfloat box_scale[4];
  EdgeBoxCoding box_coding;
  EdgeScoreActivation score_activation;
  gfloat score_threshold;
  gfloat nms_iou;
  guint max_detections;
} EdgeDetection;

/**
 * edge_classification_init:
 * @c: (out caller-allocates): settings to fill
 *
 * Fills @c with the defaults of docs/model-format.md (top_k 1, no
 * activation, threshold 0, the first graph output);
 * edge_detection_init() likewise (1 class, no keypoints, box_scale 1,
 * linear coding, sigmoid scores, threshold 0.5, nms_iou 0.3, 100
 * detections, no anchors).
 */
void edge_classification_init (EdgeClassification * c);
void edge_detection_init (EdgeDetection * d);

/**
 * EdgeModel:
 *
 * An opaque, reference-counted model.
 */
typedef struct _EdgeModel EdgeModel;

/* ------------------------------------------------------------------------ */
/* Life cycle, files                                                          */

/**
 * edge_model_new:
 *
 * Returns: (transfer full): an empty model (alignment 32, task none), to
 *   fill with the builder functions
 */
EdgeModel *edge_model_new (void);

/**
 * edge_model_ref:
 * @model: a model
 *
 * Takes a reference (atomically: any thread may hold one).
 *
 * Returns: (transfer full): @model
 */
EdgeModel *edge_model_ref (EdgeModel * model);

/**
 * edge_model_unref:
 * @model: (transfer full): a model
 *
 * Drops a reference; the last one frees the model and, for a loaded one,
 * unmaps its file.
 */
void edge_model_unref (EdgeModel * model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (EdgeModel, edge_model_unref)

/**
 * edge_model_copy:
 * @model: a model
 *
 * A deep copy to rewrite while @model stays in use elsewhere (optimizers
 * copy the model a pipeline runs, rewrite the copy, then hand it over).
 * Constant data is immutable and shared, not copied; everything else is.
 *
 * Returns: (transfer full): the copy
 */
EdgeModel *edge_model_copy (const EdgeModel * model);

/**
 * edge_model_load:
 * @path: a .gguf file
 * @error: return location for an error
 *
 * Maps @path, checks the container (#EDGE_GGUF_ERROR) and every rule of
 * the model format (#EDGE_MODEL_ERROR), and infers every activation's
 * dtype and shape. Constants borrow their data from the mapping, which
 * stays open until the model (and any #GBytes of its tensors) is gone. The
 * file must not be truncated while mapped.
 *
 * Returns: (transfer full) (nullable): the validated model, or %NULL with
 *   @error naming what is wrong and where
 */
EdgeModel *edge_model_load (const gchar * path, GError ** error);

/**
 * edge_model_load_memory:
 * @data: (array length=size): the bytes of a .gguf file
 * @size: their number
 * @error: return location for an error
 *
 * edge_model_load() on a buffer. @data is copied (to an aligned buffer), so
 * it may be freed afterwards and need not be aligned. For tests and
 * fuzzing.
 *
 * Returns: (transfer full) (nullable): the model or %NULL with @error set
 */
EdgeModel *edge_model_load_memory (gconstpointer data, gsize size,
    GError ** error);

/**
 * edge_model_save:
 * @model: a model
 * @path: the file to write
 * @error: return location for an error
 *
 * Validates @model (an invalid model is never written), then writes it
 * atomically: a temporary file next to @path, fsync, rename. A failure
 * leaves any existing file untouched. save(load(x)) holds everything
 * load(x) holds.
 *
 * Returns: %TRUE on success
 */
gboolean edge_model_save (EdgeModel * model, const gchar * path,
    GError ** error);

/**
 * edge_model_save_to_bytes:
 * @model: a model
 * @error: return location for an error
 *
 * Validates @model and serializes it, as edge_model_save() would write it.
 *
 * Returns: (transfer full) (nullable): the file bytes
 */
GBytes *edge_model_save_to_bytes (EdgeModel * model, GError ** error);

/**
 * edge_model_validate:
 * @model: a model
 * @error: return location for an error
 *
 * Checks every rule of docs/model-format.md: names, dtypes, shapes,
 * quantization, operators and attributes, wiring (no dangling input, one
 * producer per tensor, no cycle: found without recursion), shape inference
 * through the whole graph, limits, input description, labels, task and
 * decoder. On success every activation's dtype and shape are inferred (and
 * the quantization of int8 outputs of max_pool2d, pad, clamp and reshape
 * inherited when not set), activations that no node produces and that are
 * not graph inputs are dropped, and the nodes are put in a topological
 * order (a list already in one keeps its order). Call it after building
 * or rewriting a model; loading and saving call it. On failure the model
 * is unchanged except for inferred dtypes and shapes.
 *
 * Returns: %TRUE when the model is valid, else %FALSE with @error naming
 *   the node, tensor or key at fault
 */
gboolean edge_model_validate (EdgeModel * model, GError ** error);

/* ------------------------------------------------------------------------ */
/* Tensors                                                                    */

/**
 * edge_model_get_n_tensors:
 * @model: a model
 *
 * Returns: the number of tensors (constants and activations); index them
 *   with edge_model_get_tensor() (order: creation order, not meaningful)
 */
guint edge_model_get_n_tensors (const EdgeModel * model);

/**
 * edge_model_get_tensor:
 * @model: a model
 * @index: below edge_model_get_n_tensors()
 *
 * Returns: (transfer none): the tensor, owned by @model
 */
EdgeTensor *edge_model_get_tensor (const EdgeModel * model, guint index);

/**
 * edge_model_find_tensor:
 * @model: a model
 * @name: a tensor name
 *
 * Returns: (transfer none) (nullable): the tensor, %NULL when absent
 */
EdgeTensor *edge_model_find_tensor (const EdgeModel * model,
    const gchar * name);

/**
 * edge_model_add_constant:
 * @model: a model
 * @name: a new tensor name
 * @dtype: element type
 * @rank: 1..%EDGE_MODEL_MAX_RANK
 * @shape: (array length=rank): dimensions, outermost first, each >= 1
 * @data: (array length=n_bytes): elements, little endian, densely packed
 * @n_bytes: must be the elements of @shape times edge_dtype_size()
 * @error: return location for an error
 *
 * Adds a constant (a weight, a bias...) holding a copy of @data.
 *
 * Returns: (transfer none) (nullable): the tensor, or %NULL on a duplicate
 *   or invalid name, a bad shape or a size mismatch
 */
EdgeTensor *edge_model_add_constant (EdgeModel * model, const gchar * name,
    EdgeDType dtype, guint rank, const gint64 * shape, gconstpointer data,
    gsize n_bytes, GError ** error);

/**
 * edge_model_add_constant_bytes:
 * @model: a model
 * @name: a new tensor name
 * @dtype: element type
 * @rank: 1..%EDGE_MODEL_MAX_RANK
 * @shape: (array length=rank): dimensions, outermost first
 * @data: the elements; a reference is taken (no copy)
 * @error: return location for an error
 *
 * edge_model_add_constant() sharing @data.
 *
 * Returns: (transfer none) (nullable): the tensor or %NULL
 */
EdgeTensor *edge_model_add_constant_bytes (EdgeModel * model,
    const gchar * name, EdgeDType dtype, guint rank, const gint64 * shape,
    GBytes * data, GError ** error);

/**
 * edge_model_set_constant_data:
 * @model: a model
 * @tensor: one of its constants
 * @rank: the new rank
 * @shape: (array length=rank): the new shape
 * @data: the new elements (a reference is taken), of @tensor's dtype
 * @error: return location for an error
 *
 * Replaces the elements (and possibly the shape) of a constant, e.g. after
 * pruning or factorizing it. Quantization is kept: update it with
 * edge_model_set_quant() if the shape changes.
 *
 * Returns: %FALSE on a bad shape or size mismatch (@tensor unchanged)
 */
gboolean edge_model_set_constant_data (EdgeModel * model, EdgeTensor * tensor,
    guint rank, const gint64 * shape, GBytes * data, GError ** error);

/**
 * edge_model_add_input:
 * @model: a model
 * @name: a new tensor name
 * @dtype: %EDGE_DTYPE_F32 or %EDGE_DTYPE_I8
 * @rank: 1..%EDGE_MODEL_MAX_RANK
 * @shape: (array length=rank): dimensions, outermost first
 * @error: return location for an error
 *
 * Declares an activation fed at run time and appends it to the graph
 * inputs (the first one is the video input of the input description).
 *
 * Returns: (transfer none) (nullable): the tensor or %NULL
 */
EdgeTensor *edge_model_add_input (EdgeModel * model, const gchar * name,
    EdgeDType dtype, guint rank, const gint64 * shape, GError ** error);

/**
 * edge_model_add_output:
 * @model: a model
 * @name: an activation a node produces (now or after more building)
 * @error: return location for an error
 *
 * Appends @name to the graph outputs.
 *
 * Returns: %FALSE on an invalid name or too many outputs
 */
gboolean edge_model_add_output (EdgeModel * model, const gchar * name,
    GError ** error);

/**
 * edge_model_set_outputs:
 * @model: a model
 * @names: (array zero-terminated=1): the new graph output names
 * @error: return location for an error
 *
 * Replaces the graph outputs (a rewrite that removes or renames the last
 * nodes).
 *
 * Returns: %FALSE on an invalid name or too many outputs (outputs
 *   unchanged)
 */
gboolean edge_model_set_outputs (EdgeModel * model,
    const gchar * const *names, GError ** error);

/**
 * edge_model_set_quant:
 * @model: a model
 * @tensor: one of its tensors
 * @axis: the quantized dimension, or -1 for per tensor
 * @n: number of (scale, zero point) pairs; 0 removes the quantization
 * @scales: (array length=n): scales
 * @zero_points: (array length=n) (nullable): zero points, %NULL for zeros
 *
 * Sets @tensor's quantization (copied). Values are checked by
 * edge_model_validate().
 */
void edge_model_set_quant (EdgeModel * model, EdgeTensor * tensor, gint axis,
    guint n, const gfloat * scales, const gint32 * zero_points);

/**
 * edge_model_remove_tensor:
 * @model: a model
 * @name: a tensor name
 *
 * Removes a tensor no node, graph input or graph output refers to (e.g. a
 * weight a rewrite replaced). Pointers to it become invalid.
 *
 * Returns: %FALSE when it is absent or still referenced
 */
gboolean edge_model_remove_tensor (EdgeModel * model, const gchar * name);

/* ------------------------------------------------------------------------ */
/* Graph                                                                      */

/**
 * edge_model_get_n_nodes:
 * @model: a model
 *
 * Returns: the number of nodes; after validation, edge_model_get_node()
 *   walks them in a topological order
 */
guint edge_model_get_n_nodes (const EdgeModel * model);

/**
 * edge_model_get_node:
 * @model: a model
 * @index: below edge_model_get_n_nodes()
 *
 * Returns: (transfer none): the node, owned by @model
 */
EdgeNode *edge_model_get_node (const EdgeModel * model, guint index);

/**
 * edge_model_add_node:
 * @model: a model
 * @op: the operator
 * @inputs: (array zero-terminated=1): input tensor names
 * @outputs: (array zero-terminated=1): output tensor names (one)
 * @error: return location for an error
 *
 * Appends a node; set its attributes on the returned node. Output
 * activations that do not exist yet are created (their dtype and shape come
 * from edge_model_validate(); set quantization on int8 ones with
 * edge_model_set_quant()). Nodes may be added in any order.
 *
 * Returns: (transfer none) (nullable): the node, or %NULL on an empty,
 *   invalid or over-long name
 */
EdgeNode *edge_model_add_node (EdgeModel * model, EdgeOp op,
    const gchar * const *inputs, const gchar * const *outputs,
    GError ** error);

/**
 * edge_model_remove_node:
 * @model: a model
 * @index: below edge_model_get_n_nodes()
 *
 * Removes a node. Its tensors stay: remove constants with
 * edge_model_remove_tensor(); validation drops orphan activations.
 */
void edge_model_remove_node (EdgeModel * model, guint index);

/**
 * edge_model_get_inputs:
 * @model: a model
 * @n_inputs: (out) (optional): their number
 *
 * Returns: (array length=n_inputs) (transfer none): the graph input names,
 *   also %NULL-terminated; edge_model_get_outputs() likewise
 */
const gchar *const *edge_model_get_inputs (const EdgeModel * model,
    guint * n_inputs);
const gchar *const *edge_model_get_outputs (const EdgeModel * model,
    guint * n_outputs);

/**
 * edge_model_node_macs:
 * @model: a validated model
 * @index: a node index
 *
 * Returns: the node's multiply-accumulates per run: conv2d and
 *   fully_connected one per weight tap and output element, mul one per
 *   element, 0 for the other operators
 */
guint64 edge_model_node_macs (const EdgeModel * model, guint index);

/**
 * edge_model_node_params:
 * @model: a model
 * @index: a node index
 *
 * Returns: the number of elements of the node's constant inputs
 */
guint64 edge_model_node_params (const EdgeModel * model, guint index);

/* ------------------------------------------------------------------------ */
/* Metadata                                                                   */

/**
 * edge_model_get_alignment:
 * @model: a model
 *
 * Returns: the tensor data alignment of its file (general.alignment)
 */
guint32 edge_model_get_alignment (const EdgeModel * model);

/**
 * edge_model_set_alignment:
 * @model: a model
 * @alignment: a power of two, multiple of 8, at most
 *   %EDGE_GGUF_MAX_ALIGNMENT
 *
 * Returns: %FALSE (and no change) for another value
 */
gboolean edge_model_set_alignment (EdgeModel * model, guint32 alignment);

/**
 * edge_model_set_info:
 * @model: a model
 * @key: "name", "description", "author", "license", "version" or "url"
 * @value: (nullable): the text (`general.<key>`), %NULL to remove it
 *
 * Returns: %FALSE for another key
 */
gboolean edge_model_set_info (EdgeModel * model, const gchar * key,
    const gchar * value);

/**
 * edge_model_get_info:
 * @model: a model
 * @key: as for edge_model_set_info()
 *
 * Returns: (nullable) (transfer none): the text, %NULL when unset
 */
const gchar *edge_model_get_info (const EdgeModel * model, const gchar * key);

/**
 * edge_model_get_input_desc:
 * @model: a model
 *
 * Returns: (nullable) (transfer none): how a video frame becomes the first
 *   graph input, %NULL when the model has no description
 */
const EdgeInputDesc *edge_model_get_input_desc (const EdgeModel * model);

/**
 * edge_model_set_input_desc:
 * @model: a model
 * @desc: (nullable): the description (copied), %NULL to remove it
 */
void edge_model_set_input_desc (EdgeModel * model,
    const EdgeInputDesc * desc);

/**
 * edge_model_get_labels:
 * @model: a model
 * @n_labels: (out) (optional): their number
 *
 * Returns: (array length=n_labels) (transfer none): class names by class
 *   id, also %NULL-terminated
 */
const gchar *const *edge_model_get_labels (const EdgeModel * model,
    guint * n_labels);

/**
 * edge_model_set_labels:
 * @model: a model
 * @labels: (array length=n): class names (copied)
 * @n: their number, 0 to remove them
 */
void edge_model_set_labels (EdgeModel * model, const gchar * const *labels,
    guint n);

/**
 * edge_model_get_task:
 * @model: a model
 *
 * Returns: what the outputs mean, hence which decoder settings are set
 */
EdgeTask edge_model_get_task (const EdgeModel * model);

/**
 * edge_model_get_classification:
 * @model: a model
 *
 * Returns: (nullable) (transfer none): the classification settings when
 *   the task is classification, else %NULL
 */
const EdgeClassification *edge_model_get_classification (const EdgeModel *
    model);

/**
 * edge_model_get_detection:
 * @model: a model
 *
 * Returns: (nullable) (transfer none): the detection settings when the
 *   task is detection, else %NULL
 */
const EdgeDetection *edge_model_get_detection (const EdgeModel * model);

/**
 * edge_model_set_classification:
 * @model: a model
 * @c: (nullable): settings (copied, strings too); %NULL sets the task to
 *   none
 *
 * Sets the task to classification with @c (edge_model_set_detection():
 * detection, anchors copied too), replacing any other decoder settings.
 */
void edge_model_set_classification (EdgeModel * model,
    const EdgeClassification * c);
void edge_model_set_detection (EdgeModel * model, const EdgeDetection * d);

/**
 * edge_model_get_n_provenance:
 * @model: a model
 *
 * Provenance is free-form `edge.provenance.<key>` facts about how the model
 * was made (conventional keys in docs/model-format.md), kept in insertion
 * order. Keys are dot-separated words of [A-Za-z0-9_-].
 *
 * Returns: the number of entries; read them with edge_model_get_provenance()
 */
guint edge_model_get_n_provenance (const EdgeModel * model);

/**
 * edge_model_get_provenance:
 * @model: a model
 * @index: below edge_model_get_n_provenance()
 *
 * Returns: (transfer none): the entry (key in @name)
 */
const EdgeAttr *edge_model_get_provenance (const EdgeModel * model,
    guint index);

/**
 * edge_model_find_provenance:
 * @model: a model
 * @key: a provenance key, without the `edge.provenance.` prefix
 *
 * Returns: (nullable) (transfer none): its value, %NULL when absent
 */
const EdgeValue *edge_model_find_provenance (const EdgeModel * model,
    const gchar * key);

/**
 * edge_model_set_provenance:
 * @model: a model
 * @key: a provenance key, without the `edge.provenance.` prefix
 * @value: (nullable): the value (copied), %NULL to remove the key
 *
 * Sets an entry, in place when the key exists.
 * edge_model_set_provenance_string() is the same for a string.
 */
void edge_model_set_provenance (EdgeModel * model, const gchar * key,
    const EdgeValue * value);
void edge_model_set_provenance_string (EdgeModel * model, const gchar * key,
    const gchar * value);

G_END_DECLS

#endif /* __EDGE_MODEL_H__ */
