/* libedge: the operator set, graph validation and shape inference.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * edge_model_validate() is the one place where the rules of
 * docs/model-format.md are checked, for loaded files and for models built or
 * rewritten in memory alike. Models come from untrusted files, so every
 * check bounds its arithmetic before doing it, nothing recurses (hostile
 * graphs can be 65536 nodes deep), and the geometry a kernel will assert is
 * checked with the kernel's own validity functions, so a model that passes
 * here can never trip an assertion in kernels/.
 *
 * Phases, each relying on the previous ones:
 *   1. tensors: names, dtypes, shapes, data sizes, quantization
 *   2. graph inputs and outputs
 *   3. nodes on their own: op, input/output counts, attribute schema and
 *      values
 *   4. wiring: one producer per tensor, no dangling input, no cycle
 *      (Kahn's algorithm; a cycle is located by walking predecessors)
 *   5. in topological order, per node: dtypes, shapes, quantization; the
 *      output's dtype, shape (and pass-through quantization) are inferred
 *   6. unused constants, input description, labels, task and decoder
 *   7. commit: drop orphan activations, store the topological order
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "edge-model-private.h"
#include "edge-kernels.h"

/* kernels/: int32 window sums of int8 products cannot overflow below this
 * many taps (EDGE_CONV_MAX_WINDOW, EDGE_FC_MAX_IN_FEATURES), and int8
 * average pools count at most 2^23 inputs (EDGE_POOL_MAX_WINDOW). */
#define MAX_DOT_TAPS (G_MAXINT32 / (255 * 255))
#define MAX_POOL_WINDOW (G_GINT64_CONSTANT (1) << 23)
/* kernels/ref/elementwise.c: add multipliers stay below 2^119 */
#define MAX_ADD_MULTIPLIER 0x1p119f
/* a stored bias scale may differ from input_scale * weight_scale by float
 * rounding of whichever tool computed it */
#define BIAS_SCALE_TOLERANCE 1e-3

/* ------------------------------------------------------------------------ */
/* The operator set                                                           */

typedef struct
{
  const gchar *name;
  EdgeValueType type;
  gboolean required;
  guint min_len, max_len;       /* EDGE_VALUE_INTS only */
  gint64 min, max;              /* integer values */
} AttrSpec;

typedef struct
{
  const gchar *name;
  guint min_inputs, max_inputs;
  const AttrSpec *attrs;        /* terminated by a NULL name */
} OpSpec;

#define SIZE_MAX_ATTR EDGE_MODEL_MAX_ELEMENTS
#define CLAMP_ATTRS \
  {"min", EDGE_VALUE_FLOAT, FALSE, 0, 0, 0, 0}, \
  {"max", EDGE_VALUE_FLOAT, FALSE, 0, 0, 0, 0}

static const AttrSpec conv2d_attrs[] = {
  {"kernel", EDGE_VALUE_INTS, TRUE, 2, 2, 1, SIZE_MAX_ATTR},
  {"stride", EDGE_VALUE_INTS, FALSE, 2, 2, 1, SIZE_MAX_ATTR},
  {"dilation", EDGE_VALUE_INTS, FALSE, 2, 2, 1, SIZE_MAX_ATTR},
  {"pads", EDGE_VALUE_INTS, FALSE, 4, 4, 0, SIZE_MAX_ATTR},
  {"groups", EDGE_VALUE_INT, FALSE, 0, 0, 1, SIZE_MAX_ATTR},
  CLAMP_ATTRS,
  {NULL}
};

static const AttrSpec clamp_attrs[] = {
  CLAMP_ATTRS,
  {NULL}
};

static const AttrSpec pool_attrs[] = {
  {"kernel", EDGE_VALUE_INTS, TRUE, 2, 2, 1, SIZE_MAX_ATTR},
  {"stride", EDGE_VALUE_INTS, FALSE, 2, 2, 1, SIZE_MAX_ATTR},
  {"pads", EDGE_VALUE_INTS, FALSE, 4, 4, 0, SIZE_MAX_ATTR},
  CLAMP_ATTRS,
  {NULL}
};

static const AttrSpec pad_attrs[] = {
  {"pads", EDGE_VALUE_INTS, TRUE, 8, 8, 0, SIZE_MAX_ATTR},
  {"value", EDGE_VALUE_FLOAT, FALSE, 0, 0, 0, 0},
  {"mode", EDGE_VALUE_STRING, FALSE, 0, 0, 0, 0},
  {NULL}
};

static const AttrSpec concat_attrs[] = {
  {"axis", EDGE_VALUE_INT, TRUE, 0, 0, -EDGE_MODEL_MAX_RANK,
      EDGE_MODEL_MAX_RANK - 1},
  {NULL}
};

static const AttrSpec softmax_attrs[] = {
  {"axis", EDGE_VALUE_INT, FALSE, 0, 0, -EDGE_MODEL_MAX_RANK,
      EDGE_MODEL_MAX_RANK - 1},
  {NULL}
};

/* -1 (inferred) is let through here and handled by the reshape rule */
static const AttrSpec reshape_attrs[] = {
  {"shape", EDGE_VALUE_INTS, TRUE, 1, EDGE_MODEL_MAX_RANK, -1, SIZE_MAX_ATTR},
  {NULL}
};

static const AttrSpec no_attrs[] = {
  {NULL}
};

static const OpSpec op_specs[EDGE_OP_COUNT] = {
  [EDGE_OP_CONV2D] = {"conv2d", 2, 3, conv2d_attrs},
  [EDGE_OP_FULLY_CONNECTED] = {"fully_connected", 2, 3, clamp_attrs},
  [EDGE_OP_ADD] = {"add", 2, 2, clamp_attrs},
  [EDGE_OP_MUL] = {"mul", 2, 2, clamp_attrs},
  [EDGE_OP_MAX_POOL2D] = {"max_pool2d", 1, 1, pool_attrs},
  [EDGE_OP_AVG_POOL2D] = {"avg_pool2d", 1, 1, pool_attrs},
  [EDGE_OP_GLOBAL_AVG_POOL] = {"global_avg_pool", 1, 1, no_attrs},
  [EDGE_OP_PAD] = {"pad", 1, 1, pad_attrs},
  [EDGE_OP_CONCAT] = {"concat", 1, EDGE_MODEL_MAX_NODE_INPUTS, concat_attrs},
  [EDGE_OP_CLAMP] = {"clamp", 1, 1, clamp_attrs},
  [EDGE_OP_SIGMOID] = {"sigmoid", 1, 1, no_attrs},
  [EDGE_OP_SOFTMAX] = {"softmax", 1, 1, softmax_attrs},
  [EDGE_OP_QUANTIZE] = {"quantize", 1, 1, no_attrs},
  [EDGE_OP_DEQUANTIZE] = {"dequantize", 1, 1, no_attrs},
  [EDGE_OP_RESHAPE] = {"reshape", 1, 1, reshape_attrs},
};

const gchar *
edge_op_name (EdgeOp op)
{
  if ((guint) op >= EDGE_OP_COUNT)
    return "unknown";
  return op_specs[op].name;
}

gboolean
edge_op_from_name (const gchar * name, EdgeOp * op)
{
  for (guint i = 0; i < EDGE_OP_COUNT; i++)
    if (g_strcmp0 (name, op_specs[i].name) == 0) {
      *op = (EdgeOp) i;
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Validation context and messages                                            */

typedef struct
{
  EdgeModel *model;
  GError **error;
  GHashTable *producer;         /* tensor name -> node index + 1 */
  GHashTable *used;             /* tensor names read by some node (set) */
  GHashTable *graph_inputs;     /* set of names: lookups stay O(1) even on
                                 * hostile graphs with millions of edges */
  guint *order;                 /* topological order of node indices */
} Validator;

static gchar *
shape_str (guint rank, const gint64 * shape)
{
  GString *s = g_string_new (NULL);

  edge_shape_append (s, rank, shape);
  return g_string_free (s, FALSE);
}

static gchar *
tensor_shape_str (const EdgeTensor * t)
{
  return shape_str (t->rank, t->shape);
}

static gboolean fail (Validator * v, EdgeModelError code,
    const gchar * format, ...) G_GNUC_PRINTF (3, 4);
static gboolean node_fail (Validator * v, guint index,
    const gchar * format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Validator * v, EdgeModelError code, const gchar * format, ...)
{
  va_list args;
  gchar *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (v->error, EDGE_MODEL_ERROR, code, msg);
  g_free (msg);
  return FALSE;
}

/* "node 12 (conv2d): " + message */
static gboolean
node_fail (Validator * v, guint index, const gchar * format, ...)
{
  EdgeNode *node = g_ptr_array_index (v->model->nodes, index);
  va_list args;
  gchar *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (v->error, EDGE_MODEL_ERROR, EDGE_MODEL_ERROR_INVALID,
      "node %u (%s): %s", index, edge_op_name (node->op), msg);
  g_free (msg);
  return FALSE;
}

static EdgeTensor *
lookup (Validator * v, const gchar * name)
{
  return g_hash_table_lookup (v->model->tensor_index, name);
}

static gboolean
is_graph_input (Validator * v, const gchar * name)
{
  return g_hash_table_contains (v->graph_inputs, name);
}

static gboolean
is_graph_output (Validator * v, const gchar * name)
{
  for (guint i = 0; i < v->model->outputs->len; i++)
    if (strcmp (g_ptr_array_index (v->model->outputs, i), name) == 0)
      return TRUE;
  return FALSE;
}

static gint64
shape_elements (guint rank, const gint64 * d)
{
  gint64 n = 1;

  /* every dimension is in [1, 2^28]: stop as soon as the product passes the
   * limit, so it never overflows */
  for (guint i = 0; i < rank; i++) {
    n *= d[i];
    if (n > EDGE_MODEL_MAX_ELEMENTS)
      return EDGE_MODEL_MAX_ELEMENTS + 1;
  }
  return n;
}

/* ------------------------------------------------------------------------ */
/* Phase 1: tensors                                                           */

static gboolean
check_quant (Validator * v, const EdgeTensor * t)
{
  const EdgeQuant *q = &t->quant;
  const gboolean constant = edge_tensor_is_constant (t);
  gint32 zmin, zmax;

  if (q->n == 0) {
    if (t->dtype == EDGE_DTYPE_I8)
      return fail (v, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s' is i8 but has no quantization parameters (scale, "
          "zero point)", t->name);
    return TRUE;
  }
  if (t->dtype == EDGE_DTYPE_F32)
    return fail (v, EDGE_MODEL_ERROR_INVALID,
        "tensor '%s' is f32 but has quantization parameters", t->name);
  if (q->axis < 0) {
    if (q->axis != -1 || q->n != 1)
      return fail (v, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s': per-tensor quantization needs exactly 1 scale, got "
          "%u (set an axis for per-axis quantization)", t->name, q->n);
  } else {
    if (!constant)
      return fail (v, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s': activations are quantized per tensor, not per axis",
          t->name);
    if ((guint) q->axis >= t->rank)
      return fail (v, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s': quantization axis %d is out of range for rank %u",
          t->name, q->axis, t->rank);
    if ((gint64) q->n != t->shape[q->axis])
      return fail (v, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s': %u scales for axis %d of size %" G_GINT64_FORMAT,
          t->name, q->n, q->axis, t->shape[q->axis]);
  }
  switch (t->dtype) {
    case EDGE_DTYPE_I8:
      zmin = -128;
      zmax = 127;
      break;
    case EDGE_DTYPE_I16:
      zmin = -32768;
      zmax = 32767;
      break;
    default:
      /* int32 biases: zero point 0 (TFLite int8 spec) */
      zmin = zmax = 0;
      break;
  }
  for (guint i = 0; i < q->n; i++) {
    if (!isfinite (q->scales[i]) || q->scales[i] <= 0.0f)
      return fail (v, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s': scale %u is %g; scales must be finite and > 0",
          t->name, i, (gdouble) q->scales[i]);
    if (q->zero_points[i] < zmin || q->zero_points[i] > zmax)
      return fail (v, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s': zero point %u is %d, outside [%d, %d] for %s",
          t->name, i, q->zero_points[i], zmin, zmax,
          edge_dtype_name (t->dtype));
  }
  return TRUE;
}

static gboolean
check_shape_valid (Validator * v, const EdgeTensor * t, const gchar * what)
{
  if (t->rank < 1 || t->rank > EDGE_MODEL_MAX_RANK)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "%s '%s': rank %u is not in "
        "[1, %u]", what, t->name, t->rank, EDGE_MODEL_MAX_RANK);
  for (guint i = 0; i < t->rank; i++)
    if (t->shape[i] < 1 || t->shape[i] > EDGE_MODEL_MAX_ELEMENTS) {
      g_autofree gchar *s = tensor_shape_str (t);
      return fail (v, EDGE_MODEL_ERROR_INVALID, "%s '%s': shape %s has a "
          "dimension outside [1, 2^28]", what, t->name, s);
    }
  if (shape_elements (t->rank, t->shape) > EDGE_MODEL_MAX_ELEMENTS) {
    g_autofree gchar *s = tensor_shape_str (t);
    return fail (v, EDGE_MODEL_ERROR_LIMIT, "%s '%s': shape %s has more "
        "than 2^28 elements", what, t->name, s);
  }
  return TRUE;
}

static gboolean
check_tensors (Validator * v)
{
  GPtrArray *tensors = v->model->tensors;

  for (guint i = 0; i < tensors->len; i++) {
    EdgeTensor *t = g_ptr_array_index (tensors, i);
    const gchar *why;

    if (!edge_model_name_valid (t->name, &why))
      return fail (v, EDGE_MODEL_ERROR_INVALID, "tensor name '%s' is "
          "invalid: %s", t->name, why);
    if (!edge_tensor_is_constant (t))
      continue;
    if (edge_dtype_size (t->dtype) == 0)
      return fail (v, EDGE_MODEL_ERROR_INVALID, "constant '%s' has an "
          "unsupported dtype", t->name);
    if (!check_shape_valid (v, t, "constant"))
      return FALSE;
    if ((guint64) shape_elements (t->rank, t->shape) *
        edge_dtype_size (t->dtype) != t->n_bytes)
      return fail (v, EDGE_MODEL_ERROR_INVALID, "constant '%s' holds %"
          G_GSIZE_FORMAT " bytes, not the size of its shape", t->name,
          t->n_bytes);
    if (!check_quant (v, t))
      return FALSE;
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Phase 2: graph inputs and outputs                                          */

static gboolean
check_graph_io (Validator * v)
{
  EdgeModel *m = v->model;

  if (m->inputs->len == 0)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "the graph has no inputs");
  if (m->outputs->len == 0)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "the graph has no outputs");
  if (m->nodes->len == 0)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "the graph has no nodes");

  for (guint i = 0; i < m->inputs->len; i++) {
    const gchar *name = g_ptr_array_index (m->inputs, i);
    EdgeTensor *t = lookup (v, name);

    for (guint j = 0; j < i; j++)
      if (strcmp (name, g_ptr_array_index (m->inputs, j)) == 0)
        return fail (v, EDGE_MODEL_ERROR_INVALID, "graph input '%s' is "
            "listed twice", name);
    if (t == NULL)
      return fail (v, EDGE_MODEL_ERROR_INVALID, "graph input '%s' is not "
          "declared (no dtype and shape)", name);
    if (edge_tensor_is_constant (t))
      return fail (v, EDGE_MODEL_ERROR_INVALID, "graph input '%s' is a "
          "constant", name);
    if (t->dtype != EDGE_DTYPE_F32 && t->dtype != EDGE_DTYPE_I8)
      return fail (v, EDGE_MODEL_ERROR_INVALID, "graph input '%s' has dtype "
          "%s; graph inputs are f32 or i8", name, edge_dtype_name (t->dtype));
    if (!check_shape_valid (v, t, "graph input") || !check_quant (v, t))
      return FALSE;
  }
  for (guint i = 0; i < m->outputs->len; i++) {
    const gchar *name = g_ptr_array_index (m->outputs, i);

    for (guint j = 0; j < i; j++)
      if (strcmp (name, g_ptr_array_index (m->outputs, j)) == 0)
        return fail (v, EDGE_MODEL_ERROR_INVALID, "graph output '%s' is "
            "listed twice", name);
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Phase 3: nodes on their own                                                */

static gboolean
check_attr_value (Validator * v, guint index, const AttrSpec * spec,
    const EdgeValue * value)
{
  switch (spec->type) {
    case EDGE_VALUE_INT:
      if (value->v.i < spec->min)
        return node_fail (v, index, "attribute '%s' must be >= %"
            G_GINT64_FORMAT ", got %" G_GINT64_FORMAT, spec->name, spec->min,
            value->v.i);
      if (value->v.i > spec->max)
        return node_fail (v, index, "attribute '%s' must be <= %"
            G_GINT64_FORMAT ", got %" G_GINT64_FORMAT, spec->name, spec->max,
            value->v.i);
      return TRUE;
    case EDGE_VALUE_INTS:
      if (value->v.ints.n < spec->min_len || value->v.ints.n > spec->max_len) {
        if (spec->min_len == spec->max_len)
          return node_fail (v, index, "attribute '%s' must have %u values, "
              "got %u", spec->name, spec->min_len, value->v.ints.n);
        return node_fail (v, index, "attribute '%s' must have %u to %u "
            "values, got %u", spec->name, spec->min_len, spec->max_len,
            value->v.ints.n);
      }
      for (guint i = 0; i < value->v.ints.n; i++) {
        const gint64 x = value->v.ints.v[i];

        if (x < spec->min)
          return node_fail (v, index, "attribute '%s' must be >= %"
              G_GINT64_FORMAT ", got %" G_GINT64_FORMAT, spec->name,
              spec->min, x);
        if (x > spec->max)
          return node_fail (v, index, "attribute '%s' must be <= %"
              G_GINT64_FORMAT ", got %" G_GINT64_FORMAT, spec->name,
              spec->max, x);
      }
      return TRUE;
    case EDGE_VALUE_FLOAT:
      /* clamp bounds may be infinite (no bound); a pad value may not */
      if (isnan (value->v.f) ||
          (strcmp (spec->name, "value") == 0 && !isfinite (value->v.f)))
        return node_fail (v, index, "attribute '%s' is %g", spec->name,
            value->v.f);
      return TRUE;
    case EDGE_VALUE_STRING:
      /* pad: the only string attribute; other modes may come later */
      if (strcmp (value->v.s, "constant") != 0)
        return node_fail (v, index, "attribute '%s' is '%s'; only "
            "'constant' is supported", spec->name, value->v.s);
      return TRUE;
    default:
      return TRUE;
  }
}

static gboolean
check_node_static (Validator * v, guint index)
{
  EdgeNode *node = g_ptr_array_index (v->model->nodes, index);
  const OpSpec *spec;
  gdouble lo, hi;

  if ((guint) node->op >= EDGE_OP_COUNT)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "node %u: unknown op %d",
        index, (gint) node->op);
  spec = &op_specs[node->op];

  if (node->inputs->len < spec->min_inputs ||
      node->inputs->len > spec->max_inputs) {
    if (spec->min_inputs == spec->max_inputs)
      return node_fail (v, index, "expects %u input%s, got %u",
          spec->min_inputs, spec->min_inputs == 1 ? "" : "s",
          node->inputs->len);
    return node_fail (v, index, "expects %u to %u inputs, got %u",
        spec->min_inputs, spec->max_inputs, node->inputs->len);
  }
  if (node->outputs->len != 1)
    return node_fail (v, index, "expects 1 output, got %u",
        node->outputs->len);
  for (guint i = 0; i < node->inputs->len; i++) {
    const gchar *why;
    const gchar *name = g_ptr_array_index (node->inputs, i);

    if (!edge_model_name_valid (name, &why))
      return node_fail (v, index, "input %u name '%s' is invalid: %s", i,
          name, why);
  }

  /* every attribute is known and well typed ... */
  for (guint i = 0; i < node->attrs->len; i++) {
    const EdgeAttr *a = g_ptr_array_index (node->attrs, i);
    const AttrSpec *as = NULL;

    for (const AttrSpec * s = spec->attrs; s->name; s++)
      if (strcmp (s->name, a->name) == 0)
        as = s;
    if (as == NULL)
      return node_fail (v, index, "unknown attribute '%s'", a->name);
    if (a->value.type != as->type)
      return node_fail (v, index, "attribute '%s' must be %s, got %s",
          a->name, edge_value_type_name (as->type),
          edge_value_type_name (a->value.type));
    if (!check_attr_value (v, index, as, &a->value))
      return FALSE;
  }
  /* ... and every required one is there */
  for (const AttrSpec * s = spec->attrs; s->name; s++)
    if (s->required && edge_node_get_attr (node, s->name) == NULL)
      return node_fail (v, index, "missing attribute '%s'", s->name);

  lo = edge_node_get_float (node, "min", -INFINITY);
  hi = edge_node_get_float (node, "max", INFINITY);
  if (lo > hi)
    return node_fail (v, index, "attribute 'min' (%g) is greater than 'max' "
        "(%g)", lo, hi);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Phase 4: wiring and topological order                                      */

static gboolean
check_wiring (Validator * v)
{
  EdgeModel *m = v->model;

  for (guint i = 0; i < m->nodes->len; i++) {
    EdgeNode *node = g_ptr_array_index (m->nodes, i);

    for (guint k = 0; k < node->outputs->len; k++) {
      const gchar *name = g_ptr_array_index (node->outputs, k);
      EdgeTensor *t = lookup (v, name);
      gpointer prev;

      if (t == NULL)
        return node_fail (v, i, "output '%s' is not a tensor of the model",
            name);
      if (edge_tensor_is_constant (t))
        return node_fail (v, i, "output '%s' is a constant", name);
      if (is_graph_input (v, name))
        return node_fail (v, i, "output '%s' is a graph input", name);
      prev = g_hash_table_lookup (v->producer, name);
      if (prev)
        return node_fail (v, i, "output '%s' is already produced by node %u",
            name, GPOINTER_TO_UINT (prev) - 1);
      g_hash_table_insert (v->producer, (gpointer) name,
          GUINT_TO_POINTER (i + 1));
    }
  }
  for (guint i = 0; i < m->nodes->len; i++) {
    EdgeNode *node = g_ptr_array_index (m->nodes, i);

    for (guint k = 0; k < node->inputs->len; k++) {
      const gchar *name = g_ptr_array_index (node->inputs, k);
      EdgeTensor *t = lookup (v, name);

      if (t == NULL || (!edge_tensor_is_constant (t) &&
              !is_graph_input (v, name) &&
              !g_hash_table_contains (v->producer, name)))
        return node_fail (v, i, "input '%s' is not produced by any node, "
            "constant or graph input", name);
      g_hash_table_add (v->used, (gpointer) name);
    }
  }
  for (guint i = 0; i < m->outputs->len; i++) {
    const gchar *name = g_ptr_array_index (m->outputs, i);

    if (!g_hash_table_contains (v->producer, name))
      return fail (v, EDGE_MODEL_ERROR_INVALID, "graph output '%s' is not "
          "produced by any node", name);
  }
  return TRUE;
}

/* Producer node of input @k of node @i, or -1 (constant, graph input). */
static gint
producer_of (Validator * v, EdgeNode * node, guint k)
{
  gpointer p = g_hash_table_lookup (v->producer,
      g_ptr_array_index (node->inputs, k));

  return p ? (gint) GPOINTER_TO_UINT (p) - 1 : -1;
}

/* Kahn's algorithm over node -> node edges; no recursion. */
static gboolean
sort_nodes (Validator * v)
{
  EdgeModel *m = v->model;
  const guint n = m->nodes->len;
  gboolean sorted = TRUE;
  guint *indegree, *edge_start, *edges, *queue;
  guint n_edges = 0, head = 0, tail = 0;
  gboolean ok = TRUE;

  v->order = g_new (guint, n);
  for (guint i = 0; i < n && sorted; i++) {
    EdgeNode *node = g_ptr_array_index (m->nodes, i);

    for (guint k = 0; k < node->inputs->len; k++)
      if (producer_of (v, node, k) >= (gint) i)
        sorted = FALSE;
  }
  if (sorted) {
    /* the common case (files we write, importers): keep the order */
    for (guint i = 0; i < n; i++)
      v->order[i] = i;
    return TRUE;
  }

  /* successor lists in CSR form: edge_start[p]..edge_start[p + 1] */
  indegree = g_new0 (guint, n);
  edge_start = g_new0 (guint, n + 1);
  for (guint i = 0; i < n; i++) {
    EdgeNode *node = g_ptr_array_index (m->nodes, i);

    for (guint k = 0; k < node->inputs->len; k++) {
      const gint p = producer_of (v, node, k);

      if (p >= 0) {
        edge_start[p + 1]++;
        indegree[i]++;
        n_edges++;
      }
    }
  }
  for (guint i = 0; i < n; i++)
    edge_start[i + 1] += edge_start[i];
  edges = g_new (guint, MAX (n_edges, 1));
  {
    guint *fill = g_memdup2 (edge_start, (gsize) n * sizeof (guint));

    for (guint i = 0; i < n; i++) {
      EdgeNode *node = g_ptr_array_index (m->nodes, i);

      for (guint k = 0; k < node->inputs->len; k++) {
        const gint p = producer_of (v, node, k);

        if (p >= 0)
          edges[fill[p]++] = i;
      }
    }
    g_free (fill);
  }

  queue = v->order;
  for (guint i = 0; i < n; i++)
    if (indegree[i] == 0)
      queue[tail++] = i;
  while (head < tail) {
    const guint p = queue[head++];

    for (guint e = edge_start[p]; e < edge_start[p + 1]; e++)
      if (--indegree[edges[e]] == 0)
        queue[tail++] = edges[e];
  }

  if (tail < n) {
    /* Every node left has an unsorted predecessor. Walking predecessors
     * from any of them, n steps surely end inside a cycle; the cycle's
     * lowest index is reported, so the message does not depend on where
     * the walk started. */
    guint at = 0, lowest;

    while (indegree[at] == 0)
      at++;
    for (guint step = 0; step < n; step++) {
      EdgeNode *node = g_ptr_array_index (m->nodes, at);

      for (guint k = 0; k < node->inputs->len; k++) {
        const gint p = producer_of (v, node, k);

        if (p >= 0 && indegree[p] > 0) {
          at = (guint) p;
          break;
        }
      }
    }
    lowest = at;
    for (guint cur = at, step = 0; step < n; step++) {
      EdgeNode *node = g_ptr_array_index (m->nodes, cur);

      for (guint k = 0; k < node->inputs->len; k++) {
        const gint p = producer_of (v, node, k);

        if (p >= 0 && indegree[p] > 0) {
          cur = (guint) p;
          break;
        }
      }
      if (cur == at)
        break;
      lowest = MIN (lowest, cur);
    }
    ok = fail (v, EDGE_MODEL_ERROR_INVALID, "graph has a cycle through node "
        "%u (%s)", lowest, edge_op_name (((EdgeNode *)
                g_ptr_array_index (m->nodes, lowest))->op));
  }
  g_free (indegree);
  g_free (edge_start);
  g_free (edges);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Phase 5: per-node rules and shape inference                                */

typedef struct
{
  Validator *v;
  guint index;
  EdgeNode *node;
  EdgeTensor *in[3];            /* first inputs (concat walks node->inputs) */
  EdgeTensor *out;
} NodeCtx;

static EdgeTensor *
input_tensor (NodeCtx * c, guint k)
{
  return lookup (c->v, g_ptr_array_index (c->node->inputs, k));
}

static void
get_ints (const EdgeNode * node, const gchar * name, guint n, gint64 def,
    gint64 * out)
{
  const EdgeValue *value = edge_node_get_attr (node, name);

  for (guint i = 0; i < n; i++)
    out[i] = value && value->type == EDGE_VALUE_INTS && i < value->v.ints.n ?
        value->v.ints.v[i] : def;
}

static gboolean
require_rank (NodeCtx * c, EdgeTensor * t, const gchar * role, guint lo,
    guint hi)
{
  if (t->rank < lo || t->rank > hi) {
    g_autofree gchar *s = tensor_shape_str (t);
    if (lo == hi)
      return node_fail (c->v, c->index, "%s '%s' must have rank %u, got %s",
          role, t->name, lo, s);
    return node_fail (c->v, c->index, "%s '%s' must have rank %u to %u, got "
        "%s", role, t->name, lo, hi, s);
  }
  return TRUE;
}

static gboolean
require_activation_dtype (NodeCtx * c, EdgeTensor * t, gboolean allow_i8)
{
  if (t->dtype == EDGE_DTYPE_F32 || (allow_i8 && t->dtype == EDGE_DTYPE_I8)) {
    /* a constant can feed an activation input; it is then quantized the
     * way activations are */
    if (t->quant.axis >= 0)
      return node_fail (c->v, c->index, "input '%s' must be quantized per "
          "tensor", t->name);
    return TRUE;
  }
  if (!allow_i8 && t->dtype == EDGE_DTYPE_I8)
    return node_fail (c->v, c->index, "input '%s' is i8; %s runs on f32 "
        "(dequantize first)", t->name, edge_op_name (c->node->op));
  return node_fail (c->v, c->index, "input '%s' has dtype %s; expected f32%s",
      t->name, edge_dtype_name (t->dtype), allow_i8 ? " or i8" : "");
}

static gboolean
require_dtype (NodeCtx * c, EdgeTensor * t, const gchar * role,
    EdgeDType want, const gchar * why)
{
  if (t->dtype != want)
    return node_fail (c->v, c->index, "%s '%s' has dtype %s, expected %s%s",
        role, t->name, edge_dtype_name (t->dtype), edge_dtype_name (want),
        why);
  return TRUE;
}

static gboolean
require_constant (NodeCtx * c, EdgeTensor * t, const gchar * role)
{
  if (!edge_tensor_is_constant (t))
    return node_fail (c->v, c->index, "%s '%s' must be a constant", role,
        t->name);
  return TRUE;
}

static gboolean
set_output (NodeCtx * c, EdgeDType dtype, guint rank, const gint64 * shape)
{
  EdgeTensor *out = c->out;

  if (shape_elements (rank, shape) > EDGE_MODEL_MAX_ELEMENTS) {
    g_autofree gchar *s = shape_str (rank, shape);
    g_set_error (c->v->error, EDGE_MODEL_ERROR, EDGE_MODEL_ERROR_LIMIT,
        "node %u (%s): output shape %s has more than 2^28 elements",
        c->index, edge_op_name (c->node->op), s);
    return FALSE;
  }
  out->dtype = dtype;
  out->rank = rank;
  memcpy (out->shape, shape, rank * sizeof (gint64));
  return TRUE;
}

static gboolean
same_quant (const EdgeQuant * a, const EdgeQuant * b)
{
  return a->n == b->n && a->axis == b->axis && (a->n == 0 ||
      (memcmp (a->scales, b->scales, a->n * sizeof (gfloat)) == 0 &&
          memcmp (a->zero_points, b->zero_points,
              a->n * sizeof (gint32)) == 0));
}

/* The int8 output of an op that keeps the input's quantization (max_pool2d,
 * pad, clamp, reshape: the kernels copy or compare quantized values without
 * requantizing): inherited when not given, else it must be equal. */
static gboolean
pass_quant (NodeCtx * c, EdgeTensor * in)
{
  EdgeTensor *out = c->out;

  if (out->dtype != EDGE_DTYPE_I8)
    return TRUE;
  if (out->quant.n == 0 || out->quant_inherited) {
    edge_model_set_quant (c->v->model, out, in->quant.axis, in->quant.n,
        in->quant.scales, in->quant.zero_points);
    out->quant_inherited = TRUE;
    return TRUE;
  }
  if (!same_quant (&in->quant, &out->quant))
    return node_fail (c->v, c->index, "output '%s' quantization (scale %g, "
        "zero point %d) differs from input '%s' (scale %g, zero point %d); "
        "%s keeps them", out->name, (gdouble) out->quant.scales[0],
        out->quant.zero_points[0], in->name, (gdouble) in->quant.scales[0],
        in->quant.zero_points[0], edge_op_name (c->node->op));
  return TRUE;
}

/* A float32 multiplier the kernels will compute must be finite and > 0. */
static gboolean
check_multiplier (NodeCtx * c, gfloat m, const gchar * what)
{
  if (!isfinite (m) || m <= 0.0f)
    return node_fail (c->v, c->index, "%s multiplier %g is out of range "
        "(scales too far apart)", what, (gdouble) m);
  return TRUE;
}

/* int8 averages: windows count 1 to @max_count inputs (fewer where they
 * hang over the border); edge_qs8_avg_multiplier() asserts its ratio is
 * finite, and every count's multiplier must stay > 0. */
static gboolean
check_average (NodeCtx * c, EdgeTensor * x, gint64 max_count)
{
  const gfloat ratio = x->quant.scales[0] / c->out->quant.scales[0];

  return check_multiplier (c, ratio, "average") &&
      check_multiplier (c, edge_qs8_avg_multiplier (x->quant.scales[0],
          c->out->quant.scales[0], (int32_t) max_count), "average");
}

/* weight/bias rules shared by conv2d and fully_connected */
static gboolean
check_weights_quant (NodeCtx * c, EdgeTensor * x, EdgeTensor * w,
    EdgeTensor * b, gint64 out_c)
{
  if (x->dtype != EDGE_DTYPE_I8)
    return TRUE;
  if (w->quant.axis > 0)
    return node_fail (c->v, c->index, "weight '%s' is quantized on axis %d; "
        "per-axis weights are quantized on axis 0 (output channels)",
        w->name, w->quant.axis);
  if (b && b->quant.n > 0) {
    if (b->quant.axis > 0)
      return node_fail (c->v, c->index, "bias '%s' is quantized on axis %d, "
          "not 0", b->name, b->quant.axis);
    for (gint64 oc = 0; oc < out_c; oc++) {
      const gdouble want = (gdouble) x->quant.scales[0] *
          w->quant.scales[w->quant.n == 1 ? 0 : oc];
      const gdouble got = b->quant.scales[b->quant.n == 1 ? 0 : oc];

      if (fabs (got - want) > BIAS_SCALE_TOLERANCE * want)
        return node_fail (c->v, c->index, "bias '%s' scale %g at channel %"
            G_GINT64_FORMAT " is not input scale * weight scale (%g)",
            b->name, got, oc, want);
    }
  }
  for (gint64 oc = 0; oc < out_c; oc++) {
    const gfloat m = x->quant.scales[0] *
        w->quant.scales[w->quant.n == 1 ? 0 : oc] / c->out->quant.scales[0];

    if (!check_multiplier (c, m, "requantization"))
      return FALSE;
  }
  return TRUE;
}

static gboolean
check_out_quant (NodeCtx * c)
{
  EdgeTensor *out = c->out;

  if (out->dtype == EDGE_DTYPE_I8 && out->quant.n == 0)
    return node_fail (c->v, c->index, "output '%s' is i8 but has no "
        "quantization parameters (scale, zero point)", out->name);
  if (out->dtype != EDGE_DTYPE_I8 && out->quant.n > 0)
    return node_fail (c->v, c->index, "output '%s' is %s but has "
        "quantization parameters", out->name, edge_dtype_name (out->dtype));
  return check_quant (c->v, out);
}

static gboolean
infer_conv2d (NodeCtx * c)
{
  EdgeTensor *x = c->in[0], *w = c->in[1], *b = c->in[2];
  gint64 kernel[2], stride[2], dilation[2], pads[4], groups, out[4], window;
  gint64 in_c;
  EdgeConv2dParams p;

  if (!require_rank (c, x, "input", 4, 4) ||
      !require_activation_dtype (c, x, TRUE) ||
      !require_constant (c, w, "weight") ||
      !require_rank (c, w, "weight", 4, 4) ||
      !require_dtype (c, w, "weight", x->dtype, x->dtype == EDGE_DTYPE_I8 ?
          " (the input is i8)" : " (the input is f32)"))
    return FALSE;
  if (b && (!require_constant (c, b, "bias") ||
          !require_rank (c, b, "bias", 1, 1) ||
          !require_dtype (c, b, "bias", x->dtype == EDGE_DTYPE_I8 ?
              EDGE_DTYPE_I32 : EDGE_DTYPE_F32, x->dtype == EDGE_DTYPE_I8 ?
              " (int8 layers take int32 biases)" : " (the input is f32)")))
    return FALSE;

  in_c = x->shape[3];
  get_ints (c->node, "kernel", 2, 1, kernel);
  get_ints (c->node, "stride", 2, 1, stride);
  get_ints (c->node, "dilation", 2, 1, dilation);
  get_ints (c->node, "pads", 4, 0, pads);
  groups = edge_node_get_int (c->node, "groups", 1);

  if (kernel[0] != w->shape[1] || kernel[1] != w->shape[2]) {
    g_autofree gchar *s = tensor_shape_str (w);
    return node_fail (c->v, c->index, "attribute 'kernel' [%" G_GINT64_FORMAT
        ",%" G_GINT64_FORMAT "] does not match weight shape %s", kernel[0],
        kernel[1], s);
  }
  if (in_c % groups != 0)
    return node_fail (c->v, c->index, "input channels %" G_GINT64_FORMAT
        " are not a multiple of groups %" G_GINT64_FORMAT, in_c, groups);
  if (w->shape[0] % groups != 0)
    return node_fail (c->v, c->index, "output channels %" G_GINT64_FORMAT
        " are not a multiple of groups %" G_GINT64_FORMAT, w->shape[0],
        groups);
  if (w->shape[3] != in_c / groups) {
    g_autofree gchar *s = tensor_shape_str (w);
    if (groups == 1)
      return node_fail (c->v, c->index, "weight shape %s does not match "
          "input channels %" G_GINT64_FORMAT, s, in_c);
    return node_fail (c->v, c->index, "weight shape %s does not match input "
        "channels %" G_GINT64_FORMAT " in %" G_GINT64_FORMAT " groups "
        "(expected %" G_GINT64_FORMAT " per group)", s, in_c, groups,
        in_c / groups);
  }
  if (b && b->shape[0] != w->shape[0])
    return node_fail (c->v, c->index, "bias shape [%" G_GINT64_FORMAT "] does "
        "not match output channels %" G_GINT64_FORMAT, b->shape[0],
        w->shape[0]);

  /* the kernels' rule: each pad is smaller than the dilated kernel span */
  for (guint i = 0; i < 4; i++) {
    const gint64 span = dilation[i / 2] * (kernel[i / 2] - 1) + 1;

    if (pads[i] >= span)
      return node_fail (c->v, c->index, "attribute 'pads': pad %u (%"
          G_GINT64_FORMAT ") must be smaller than the kernel span %"
          G_GINT64_FORMAT, i, pads[i], span);
  }
  for (guint axis = 0; axis < 2; axis++) {
    const gint64 span = dilation[axis] * (kernel[axis] - 1) + 1;
    const gint64 padded = x->shape[1 + axis] + pads[2 * axis] +
        pads[2 * axis + 1];

    if (padded < span)
      return node_fail (c->v, c->index, "kernel span %" G_GINT64_FORMAT
          " does not fit the padded input %s of %" G_GINT64_FORMAT, span,
          axis ? "width" : "height", padded);
    out[1 + axis] = (padded - span) / stride[axis] + 1;
  }
  out[0] = x->shape[0];
  out[3] = w->shape[0];
  if (!set_output (c, x->dtype, 4, out))
    return FALSE;

  window = kernel[0] * kernel[1] * (in_c / groups);
  if (window > MAX_DOT_TAPS)
    return node_fail (c->v, c->index, "a window of %" G_GINT64_FORMAT
        " taps exceeds the limit of %d", window, MAX_DOT_TAPS);
  /* every value is now bounded by 2^28: the kernels' own check is the
   * final word on the geometry they will assert */
  p = (EdgeConv2dParams) {
    .batch = (int32_t) x->shape[0],.in_h = (int32_t) x->shape[1],
    .in_w = (int32_t) x->shape[2],.in_c = (int32_t) in_c,
    .out_h = (int32_t) out[1],.out_w = (int32_t) out[2],
    .out_c = (int32_t) out[3],
    .kernel_h = (int32_t) kernel[0],.kernel_w = (int32_t) kernel[1],
    .stride_h = (int32_t) stride[0],.stride_w = (int32_t) stride[1],
    .dilation_h = (int32_t) dilation[0],.dilation_w = (int32_t) dilation[1],
    .pad_top = (int32_t) pads[0],.pad_bottom = (int32_t) pads[1],
    .pad_left = (int32_t) pads[2],.pad_right = (int32_t) pads[3],
    .groups = (int32_t) groups,
  };
  if (!edge_conv2d_params_valid (&p))
    return node_fail (c->v, c->index, "convolution geometry is out of the "
        "kernels' limits");
  if (!check_out_quant (c))
    return FALSE;
  return check_weights_quant (c, x, w, b, w->shape[0]);
}

static gboolean
infer_fully_connected (NodeCtx * c)
{
  EdgeTensor *x = c->in[0], *w = c->in[1], *b = c->in[2];
  gint64 in_features, out[2];

  if (!require_rank (c, x, "input", 2, 4) ||
      !require_activation_dtype (c, x, TRUE) ||
      !require_constant (c, w, "weight") ||
      !require_rank (c, w, "weight", 2, 2) ||
      !require_dtype (c, w, "weight", x->dtype, x->dtype == EDGE_DTYPE_I8 ?
          " (the input is i8)" : " (the input is f32)"))
    return FALSE;
  if (b && (!require_constant (c, b, "bias") ||
          !require_rank (c, b, "bias", 1, 1) ||
          !require_dtype (c, b, "bias", x->dtype == EDGE_DTYPE_I8 ?
              EDGE_DTYPE_I32 : EDGE_DTYPE_F32, x->dtype == EDGE_DTYPE_I8 ?
              " (int8 layers take int32 biases)" : " (the input is f32)")))
    return FALSE;

  /* [N, ...] is flattened to [N, features], as TFLite FULLY_CONNECTED */
  in_features = shape_elements (x->rank - 1, x->shape + 1);
  if (w->shape[1] != in_features) {
    g_autofree gchar *s = tensor_shape_str (w);
    return node_fail (c->v, c->index, "weight shape %s does not match input "
        "features %" G_GINT64_FORMAT, s, in_features);
  }
  if (b && b->shape[0] != w->shape[0])
    return node_fail (c->v, c->index, "bias shape [%" G_GINT64_FORMAT "] does "
        "not match output features %" G_GINT64_FORMAT, b->shape[0],
        w->shape[0]);
  if (in_features > MAX_DOT_TAPS)
    return node_fail (c->v, c->index, "%" G_GINT64_FORMAT " input features "
        "exceed the limit of %d", in_features, MAX_DOT_TAPS);
  out[0] = x->shape[0];
  out[1] = w->shape[0];
  if (!set_output (c, x->dtype, 2, out) || !check_out_quant (c))
    return FALSE;
  return check_weights_quant (c, x, w, b, w->shape[0]);
}

static gboolean
infer_binary (NodeCtx * c)
{
  EdgeTensor *a = c->in[0], *b = c->in[1];

  if (!require_activation_dtype (c, a, TRUE) ||
      !require_activation_dtype (c, b, TRUE))
    return FALSE;
  if (a->dtype != b->dtype)
    return node_fail (c->v, c->index, "inputs '%s' (%s) and '%s' (%s) have "
        "different dtypes", a->name, edge_dtype_name (a->dtype), b->name,
        edge_dtype_name (b->dtype));
  if (a->rank != b->rank ||
      memcmp (a->shape, b->shape, a->rank * sizeof (gint64)) != 0) {
    g_autofree gchar *sa = tensor_shape_str (a);
    g_autofree gchar *sb = tensor_shape_str (b);
    return node_fail (c->v, c->index, "input shapes %s and %s differ (no "
        "broadcasting)", sa, sb);
  }
  if (a->quant.axis >= 0 || b->quant.axis >= 0)
    return node_fail (c->v, c->index, "inputs must be quantized per tensor");
  if (!set_output (c, a->dtype, a->rank, a->shape) || !check_out_quant (c))
    return FALSE;
  if (a->dtype == EDGE_DTYPE_I8) {
    const gfloat so = c->out->quant.scales[0];

    if (c->node->op == EDGE_OP_ADD) {
      const gfloat ma = a->quant.scales[0] / so, mb = b->quant.scales[0] / so;

      if (!check_multiplier (c, ma, "input a") ||
          !check_multiplier (c, mb, "input b"))
        return FALSE;
      if (ma > MAX_ADD_MULTIPLIER || mb > MAX_ADD_MULTIPLIER)
        return node_fail (c->v, c->index, "input to output scale ratio "
            "exceeds 2^119");
    } else if (!check_multiplier (c, (a->quant.scales[0] *
                b->quant.scales[0]) / so, "product")) {
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
infer_pool (NodeCtx * c)
{
  EdgeTensor *x = c->in[0];
  gint64 kernel[2], stride[2], pads[4], out[4];
  EdgePool2dParams p;

  if (!require_rank (c, x, "input", 4, 4) ||
      !require_activation_dtype (c, x, TRUE))
    return FALSE;
  get_ints (c->node, "kernel", 2, 1, kernel);
  get_ints (c->node, "stride", 2, 1, stride);
  get_ints (c->node, "pads", 4, 0, pads);
  for (guint i = 0; i < 4; i++)
    if (pads[i] >= kernel[i / 2])
      return node_fail (c->v, c->index, "attribute 'pads': pad %u (%"
          G_GINT64_FORMAT ") must be smaller than the kernel (%"
          G_GINT64_FORMAT ")", i, pads[i], kernel[i / 2]);
  if (kernel[0] * kernel[1] > MAX_POOL_WINDOW)
    return node_fail (c->v, c->index, "a %" G_GINT64_FORMAT "x%"
        G_GINT64_FORMAT " window exceeds the limit of 2^23 inputs",
        kernel[0], kernel[1]);
  for (guint axis = 0; axis < 2; axis++) {
    const gint64 padded = x->shape[1 + axis] + pads[2 * axis] +
        pads[2 * axis + 1];

    if (padded < kernel[axis])
      return node_fail (c->v, c->index, "kernel %" G_GINT64_FORMAT " does "
          "not fit the padded input %s of %" G_GINT64_FORMAT, kernel[axis],
          axis ? "width" : "height", padded);
    out[1 + axis] = (padded - kernel[axis]) / stride[axis] + 1;
  }
  out[0] = x->shape[0];
  out[3] = x->shape[3];
  if (!set_output (c, x->dtype, 4, out))
    return FALSE;
  p = (EdgePool2dParams) {
    .batch = (int32_t) out[0],.in_h = (int32_t) x->shape[1],
    .in_w = (int32_t) x->shape[2],.channels = (int32_t) out[3],
    .out_h = (int32_t) out[1],.out_w = (int32_t) out[2],
    .kernel_h = (int32_t) kernel[0],.kernel_w = (int32_t) kernel[1],
    .stride_h = (int32_t) stride[0],.stride_w = (int32_t) stride[1],
    .pad_top = (int32_t) pads[0],.pad_left = (int32_t) pads[2],
  };
  if (!edge_pool2d_params_valid (&p))
    return node_fail (c->v, c->index, "pooling geometry is out of the "
        "kernels' limits");
  if (c->node->op == EDGE_OP_MAX_POOL2D)
    return pass_quant (c, x) && check_out_quant (c);
  if (!check_out_quant (c))
    return FALSE;
  if (x->dtype == EDGE_DTYPE_I8)
    return check_average (c, x, kernel[0] * kernel[1]);
  return TRUE;
}

static gboolean
infer_global_avg_pool (NodeCtx * c)
{
  EdgeTensor *x = c->in[0];
  gint64 out[4];

  if (!require_rank (c, x, "input", 4, 4) ||
      !require_activation_dtype (c, x, TRUE))
    return FALSE;
  if (x->shape[1] * x->shape[2] > MAX_POOL_WINDOW)
    return node_fail (c->v, c->index, "%" G_GINT64_FORMAT "x%"
        G_GINT64_FORMAT " pixels exceed the limit of 2^23", x->shape[1],
        x->shape[2]);
  out[0] = x->shape[0];
  out[1] = out[2] = 1;
  out[3] = x->shape[3];
  if (!set_output (c, x->dtype, 4, out) || !check_out_quant (c))
    return FALSE;
  if (x->dtype == EDGE_DTYPE_I8)
    return check_average (c, x, x->shape[1] * x->shape[2]);
  return TRUE;
}

static gboolean
infer_pad (NodeCtx * c)
{
  EdgeTensor *x = c->in[0];
  gint64 pads[8], out[4];

  if (!require_rank (c, x, "input", 4, 4) ||
      !require_activation_dtype (c, x, TRUE))
    return FALSE;
  get_ints (c->node, "pads", 8, 0, pads);
  if (pads[0] != 0 || pads[1] != 0)
    return node_fail (c->v, c->index, "attribute 'pads': the batch axis "
        "cannot be padded");
  for (guint axis = 0; axis < 4; axis++) {
    /* each term <= 2^28: no overflow */
    out[axis] = x->shape[axis] + pads[2 * axis] + pads[2 * axis + 1];
    if (out[axis] > EDGE_MODEL_MAX_ELEMENTS)
      return node_fail (c->v, c->index, "padded dimension %u is %"
          G_GINT64_FORMAT ", above 2^28", axis, out[axis]);
  }
  if (!set_output (c, x->dtype, 4, out))
    return FALSE;
  return pass_quant (c, x) && check_out_quant (c);
}

static gboolean
infer_concat (NodeCtx * c)
{
  EdgeNode *node = c->node;
  EdgeTensor *first = c->in[0];
  gint64 axis = edge_node_get_int (node, "axis", 0), out[4];

  if (!require_activation_dtype (c, first, TRUE))
    return FALSE;
  if (axis < -(gint64) first->rank || axis >= (gint64) first->rank)
    return node_fail (c->v, c->index, "attribute 'axis' %" G_GINT64_FORMAT
        " is out of range for rank %u", axis, first->rank);
  if (axis < 0)
    axis += first->rank;
  memcpy (out, first->shape, sizeof (out));
  out[axis] = 0;
  for (guint k = 0; k < node->inputs->len; k++) {
    EdgeTensor *t = input_tensor (c, k);

    if (t->dtype != first->dtype)
      return node_fail (c->v, c->index, "input '%s' has dtype %s, input '%s' "
          "%s", t->name, edge_dtype_name (t->dtype), first->name,
          edge_dtype_name (first->dtype));
    if (t->quant.axis >= 0)
      return node_fail (c->v, c->index, "input '%s' must be quantized per "
          "tensor", t->name);
    for (guint d = 0; d < first->rank; d++)
      if (t->rank != first->rank ||
          (d != axis && t->shape[d] != first->shape[d])) {
        g_autofree gchar *s0 = tensor_shape_str (first);
        g_autofree gchar *s1 = tensor_shape_str (t);
        return node_fail (c->v, c->index, "input shapes %s and %s differ "
            "outside axis %" G_GINT64_FORMAT, s0, s1, axis);
      }
    out[axis] += t->shape[axis];
    if (out[axis] > EDGE_MODEL_MAX_ELEMENTS)
      return node_fail (c->v, c->index, "concatenated dimension exceeds "
          "2^28");
  }
  if (!set_output (c, first->dtype, first->rank, out) || !check_out_quant (c))
    return FALSE;
  if (first->dtype == EDGE_DTYPE_I8)
    for (guint k = 0; k < node->inputs->len; k++) {
      EdgeTensor *t = input_tensor (c, k);

      if (!check_multiplier (c, t->quant.scales[0] /
              c->out->quant.scales[0], "requantization"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
infer_unary (NodeCtx * c)
{
  EdgeTensor *x = c->in[0];
  EdgeNode *node = c->node;

  switch (node->op) {
    case EDGE_OP_CLAMP:
      if (!require_activation_dtype (c, x, TRUE) ||
          !set_output (c, x->dtype, x->rank, x->shape))
        return FALSE;
      return pass_quant (c, x) && check_out_quant (c);
    case EDGE_OP_SIGMOID:
      return require_activation_dtype (c, x, FALSE) &&
          set_output (c, EDGE_DTYPE_F32, x->rank, x->shape) &&
          check_out_quant (c);
    case EDGE_OP_SOFTMAX:{
      gint64 axis = edge_node_get_int (node, "axis", -1);

      if (!require_activation_dtype (c, x, FALSE))
        return FALSE;
      if (axis != -1 && axis != (gint64) x->rank - 1)
        return node_fail (c->v, c->index, "attribute 'axis' must be the last "
            "axis (-1 or %u), got %" G_GINT64_FORMAT, x->rank - 1, axis);
      return set_output (c, EDGE_DTYPE_F32, x->rank, x->shape) &&
          check_out_quant (c);
    }
    case EDGE_OP_QUANTIZE:
      return require_dtype (c, x, "input", EDGE_DTYPE_F32, "") &&
          set_output (c, EDGE_DTYPE_I8, x->rank, x->shape) &&
          check_out_quant (c);
    case EDGE_OP_DEQUANTIZE:
      if (!require_dtype (c, x, "input", EDGE_DTYPE_I8, ""))
        return FALSE;
      if (x->quant.axis >= 0)
        return node_fail (c->v, c->index, "input '%s' must be quantized per "
            "tensor", x->name);
      return set_output (c, EDGE_DTYPE_F32, x->rank, x->shape) &&
          check_out_quant (c);
    default:
      g_assert_not_reached ();
      return FALSE;
  }
}

static gboolean
infer_reshape (NodeCtx * c)
{
  EdgeTensor *x = c->in[0];
  const EdgeValue *value = edge_node_get_attr (c->node, "shape");
  const gint64 total = shape_elements (x->rank, x->shape);
  gint64 out[EDGE_MODEL_MAX_RANK], known = 1;
  gint inferred = -1;

  if (!require_activation_dtype (c, x, TRUE))
    return FALSE;
  for (guint i = 0; i < value->v.ints.n; i++) {
    out[i] = value->v.ints.v[i];
    if (out[i] == 0)
      return node_fail (c->v, c->index, "attribute 'shape' has a zero "
          "dimension at index %u", i);
    if (out[i] == -1) {
      if (inferred >= 0)
        return node_fail (c->v, c->index, "attribute 'shape' has more than "
            "one -1");
      inferred = (gint) i;
      continue;
    }
    known *= out[i];
    if (known > total)
      break;
  }
  if (known > total || total % known != 0 ||
      (inferred < 0 && known != total)) {
    GString *s = g_string_new (NULL);

    edge_value_append (value, s);
    node_fail (c->v, c->index, "attribute 'shape' %s does not fit an input "
        "of %" G_GINT64_FORMAT " elements", s->str, total);
    g_string_free (s, TRUE);
    return FALSE;
  }
  if (inferred >= 0)
    out[inferred] = total / known;
  if (!set_output (c, x->dtype, value->v.ints.n, out))
    return FALSE;
  return pass_quant (c, x) && check_out_quant (c);
}

static gboolean
infer_node (Validator * v, guint index)
{
  NodeCtx c = {.v = v,.index = index };

  c.node = g_ptr_array_index (v->model->nodes, index);
  for (guint k = 0; k < G_N_ELEMENTS (c.in); k++)
    c.in[k] = k < c.node->inputs->len ? input_tensor (&c, k) : NULL;
  c.out = lookup (v, g_ptr_array_index (c.node->outputs, 0));

  switch (c.node->op) {
    case EDGE_OP_CONV2D:
      return infer_conv2d (&c);
    case EDGE_OP_FULLY_CONNECTED:
      return infer_fully_connected (&c);
    case EDGE_OP_ADD:
    case EDGE_OP_MUL:
      return infer_binary (&c);
    case EDGE_OP_MAX_POOL2D:
    case EDGE_OP_AVG_POOL2D:
      return infer_pool (&c);
    case EDGE_OP_GLOBAL_AVG_POOL:
      return infer_global_avg_pool (&c);
    case EDGE_OP_PAD:
      return infer_pad (&c);
    case EDGE_OP_CONCAT:
      return infer_concat (&c);
    case EDGE_OP_RESHAPE:
      return infer_reshape (&c);
    default:
      return infer_unary (&c);
  }
}

/* ------------------------------------------------------------------------ */
/* Phase 6: metadata                                                          */

static gboolean
check_unit (Validator * v, const gchar * what, gdouble x)
{
  if (!(x >= 0.0 && x <= 1.0))
    return fail (v, EDGE_MODEL_ERROR_INVALID, "%s %g is not in [0, 1]", what,
        x);
  return TRUE;
}

static gboolean
check_input_desc (Validator * v)
{
  EdgeModel *m = v->model;
  const EdgeInputDesc *d = &m->input_desc;
  EdgeTensor *t;
  guint channels;
  gint64 want[4];

  if (!m->has_input_desc)
    return TRUE;
  if (d->width < 1 || d->width > EDGE_MODEL_MAX_INPUT_SIZE ||
      d->height < 1 || d->height > EDGE_MODEL_MAX_INPUT_SIZE)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "input description: size %ux%u "
        "is not within [1, %u]", d->width, d->height,
        EDGE_MODEL_MAX_INPUT_SIZE);
  if ((guint) d->layout > EDGE_MODEL_LAYOUT_NCHW ||
      (guint) d->color > EDGE_MODEL_COLOR_GRAY ||
      (guint) d->resize > EDGE_MODEL_RESIZE_LETTERBOX)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "input description: unknown "
        "layout, color or resize mode");
  if (d->letterbox_fill > 255)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "input description: "
        "letterbox_fill %u is not in [0, 255]", d->letterbox_fill);
  channels = edge_model_color_channels (d->color);
  for (guint c = 0; c < channels; c++)
    if (!isfinite (d->mean[c]) || !isfinite (d->scale[c]) ||
        d->scale[c] == 0.0f || !isfinite (-d->mean[c] * d->scale[c]))
      return fail (v, EDGE_MODEL_ERROR_INVALID, "input description: channel "
          "%u has mean %g and scale %g; both must be finite, the scale "
          "non-zero", c, (gdouble) d->mean[c], (gdouble) d->scale[c]);

  t = lookup (v, g_ptr_array_index (m->inputs, 0));
  want[0] = 1;
  if (d->layout == EDGE_MODEL_LAYOUT_NHWC) {
    want[1] = d->height;
    want[2] = d->width;
    want[3] = channels;
  } else {
    want[1] = channels;
    want[2] = d->height;
    want[3] = d->width;
  }
  if (t->rank != 4 || memcmp (t->shape, want, sizeof (want)) != 0) {
    g_autofree gchar *s = tensor_shape_str (t);
    g_autofree gchar *w = shape_str (4, want);
    return fail (v, EDGE_MODEL_ERROR_INVALID, "input description: %ux%u %s "
        "%s needs graph input '%s' to be %s, not %s", d->width, d->height,
        edge_model_color_name (d->color), edge_model_layout_name (d->layout),
        t->name, w, s);
  }
  return TRUE;
}

/* Classes of a classification output [N, classes] or [N, 1, 1, classes]. */
static gboolean
classification_classes (Validator * v, EdgeTensor * t, gint64 * classes)
{
  gboolean ok = t->rank >= 2;

  for (guint i = 1; ok && i + 1 < t->rank; i++)
    ok = t->shape[i] == 1;
  if (!ok) {
    g_autofree gchar *s = tensor_shape_str (t);
    return fail (v, EDGE_MODEL_ERROR_INVALID, "classification output '%s' "
        "has shape %s; expected [N, classes] or [N, 1, 1, classes]",
        t->name, s);
  }
  *classes = t->shape[t->rank - 1];
  return TRUE;
}

static gboolean
check_labels_count (Validator * v, gint64 classes)
{
  guint n = v->model->labels->len;

  if (n > 0 && (gint64) n != classes)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "%u labels for %"
        G_GINT64_FORMAT " classes", n, classes);
  return TRUE;
}

static gboolean
check_classification (Validator * v)
{
  EdgeModel *m = v->model;
  const EdgeClassification *c = &m->classification;
  const gchar *name = c->output ? c->output :
      g_ptr_array_index (m->outputs, 0);
  gint64 classes = 0;

  if (!is_graph_output (v, name))
    return fail (v, EDGE_MODEL_ERROR_INVALID, "classification output '%s' is "
        "not a graph output", name);
  if (!classification_classes (v, lookup (v, name), &classes))
    return FALSE;
  if (c->top_k < 1 || c->top_k > classes)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "classification top_k %u is "
        "not in [1, %" G_GINT64_FORMAT "]", c->top_k, classes);
  if ((guint) c->activation > EDGE_SCORE_SOFTMAX)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "classification: unknown "
        "activation");
  return check_unit (v, "classification threshold", c->threshold) &&
      check_labels_count (v, classes);
}

static gboolean
check_detection_output (Validator * v, const gchar * role, const gchar * name,
    gint64 batch, gint64 anchors, gint64 last)
{
  EdgeTensor *t;
  gint64 want[3] = { batch, anchors, last };

  if (name == NULL || !is_graph_output (v, name))
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection %s '%s' is not a "
        "graph output", role, name ? name : "");
  t = lookup (v, name);
  if (batch == 0 && t->rank >= 1)
    want[0] = t->shape[0];
  if (t->rank != 3 || (batch > 0 && t->shape[0] != batch) ||
      t->shape[1] != anchors || t->shape[2] != last) {
    g_autofree gchar *s = tensor_shape_str (t);
    g_autofree gchar *w = shape_str (3, want);
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection %s '%s' has shape "
        "%s; expected %s (batch, anchors, %s)", role, name, s, w,
        strcmp (role, "scores") == 0 ? "classes" : "4 + 2 * keypoints");
  }
  return TRUE;
}

static gboolean
check_detection (Validator * v)
{
  EdgeModel *m = v->model;
  const EdgeDetection *d = &m->detection;
  EdgeTensor *scores;

  if (d->n_anchors < 1 || d->n_anchors > EDGE_MODEL_MAX_ANCHORS)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: %u anchors; "
        "expected 1 to %u", d->n_anchors, EDGE_MODEL_MAX_ANCHORS);
  for (guint i = 0; i < d->n_anchors; i++) {
    const gfloat *a = d->anchors + 4 * (gsize) i;

    if (!isfinite (a[0]) || !isfinite (a[1]) || !isfinite (a[2]) ||
        !isfinite (a[3]) || a[2] <= 0.0f || a[3] <= 0.0f)
      return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: anchor %u (%g, "
          "%g, %g, %g) must be finite with a positive size", i,
          (gdouble) a[0], (gdouble) a[1], (gdouble) a[2], (gdouble) a[3]);
  }
  if (d->num_classes < 1 || d->num_classes > EDGE_MODEL_MAX_LABELS)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: num_classes %u is "
        "not in [1, %u]", d->num_classes, EDGE_MODEL_MAX_LABELS);
  if (d->num_keypoints > 1024)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: num_keypoints %u "
        "is above 1024", d->num_keypoints);
  for (guint i = 0; i < 4; i++)
    if (!isfinite (d->box_scale[i]) || d->box_scale[i] <= 0.0f)
      return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: box_scale %u is "
          "%g; it must be finite and > 0", i, (gdouble) d->box_scale[i]);
  if ((guint) d->box_coding > EDGE_BOX_CODING_EXP ||
      (guint) d->score_activation > EDGE_SCORE_SOFTMAX)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: unknown box coding "
        "or score activation");
  if (!check_unit (v, "detection score_threshold", d->score_threshold) ||
      !check_unit (v, "detection nms_iou", d->nms_iou))
    return FALSE;
  if (d->max_detections < 1 || d->max_detections > EDGE_MODEL_MAX_DETECTIONS)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: max_detections %u "
        "is not in [1, %u]", d->max_detections, EDGE_MODEL_MAX_DETECTIONS);
  if (d->scores && d->boxes && strcmp (d->scores, d->boxes) == 0)
    return fail (v, EDGE_MODEL_ERROR_INVALID, "detection: scores and boxes "
        "are the same output '%s'", d->scores);
  if (!check_detection_output (v, "scores", d->scores, 0, d->n_anchors,
          d->num_classes))
    return FALSE;
  scores = lookup (v, d->scores);
  if (!check_detection_output (v, "boxes", d->boxes, scores->shape[0],
          d->n_anchors, 4 + 2 * (gint64) d->num_keypoints))
    return FALSE;
  return check_labels_count (v, d->num_classes);
}

static gboolean
check_metadata (Validator * v)
{
  EdgeModel *m = v->model;

  if (m->labels->len > EDGE_MODEL_MAX_LABELS)
    return fail (v, EDGE_MODEL_ERROR_LIMIT, "%u labels; the limit is %u",
        m->labels->len, EDGE_MODEL_MAX_LABELS);
  for (guint i = 0; i < m->labels->len; i++) {
    const gchar *label = g_ptr_array_index (m->labels, i);

    if (strlen (label) > EDGE_MODEL_MAX_LABEL_LEN ||
        !g_utf8_validate (label, -1, NULL))
      return fail (v, EDGE_MODEL_ERROR_INVALID, "label %u is not valid "
          "UTF-8 of at most %u bytes", i, EDGE_MODEL_MAX_LABEL_LEN);
  }
  if (m->provenance->len > EDGE_MODEL_MAX_PROVENANCE)
    return fail (v, EDGE_MODEL_ERROR_LIMIT, "%u provenance entries; the "
        "limit is %u", m->provenance->len, EDGE_MODEL_MAX_PROVENANCE);
  for (guint i = 0; i < m->provenance->len; i++) {
    const EdgeAttr *a = g_ptr_array_index (m->provenance, i);
    gboolean ok = a->name[0] != '\0' && a->name[0] != '.' &&
        strlen (a->name) <= 200 && !g_str_has_suffix (a->name, ".") &&
        strstr (a->name, "..") == NULL;

    for (const gchar * p = a->name; ok && *p; p++)
      ok = g_ascii_isalnum (*p) || *p == '_' || *p == '.' || *p == '-';
    if (!ok)
      return fail (v, EDGE_MODEL_ERROR_INVALID, "provenance key '%s' is "
          "invalid (expected dot-separated [A-Za-z0-9_-] words)", a->name);
    if (a->value.type == EDGE_VALUE_STRING &&
        !g_utf8_validate (a->value.v.s, -1, NULL))
      return fail (v, EDGE_MODEL_ERROR_INVALID, "provenance '%s' is not "
          "valid UTF-8", a->name);
  }

  if (!check_input_desc (v))
    return FALSE;
  switch (m->task) {
    case EDGE_TASK_NONE:
      return TRUE;
    case EDGE_TASK_CLASSIFICATION:
      return check_classification (v);
    case EDGE_TASK_DETECTION:
      return check_detection (v);
    default:
      return fail (v, EDGE_MODEL_ERROR_INVALID, "unknown task %d",
          (gint) m->task);
  }
}

/* ------------------------------------------------------------------------ */
/* Driver                                                                     */

static void
commit (Validator * v)
{
  EdgeModel *m = v->model;
  gpointer *nodes;

  /* orphans: activations no node produces that are not graph inputs (left
   * behind by rewrites; validation already failed if anything reads one) */
  for (guint i = m->tensors->len; i-- > 0;) {
    EdgeTensor *t = g_ptr_array_index (m->tensors, i);

    if (!edge_tensor_is_constant (t) && !is_graph_input (v, t->name) &&
        !g_hash_table_contains (v->producer, t->name)) {
      g_hash_table_remove (m->tensor_index, t->name);
      g_ptr_array_remove_index (m->tensors, i);
    }
  }

  /* permute in place: the array owns the nodes, only pointers move */
  nodes = g_memdup2 (m->nodes->pdata, m->nodes->len * sizeof (gpointer));
  for (guint i = 0; i < m->nodes->len; i++)
    m->nodes->pdata[i] = nodes[v->order[i]];
  g_free (nodes);
}

gboolean
edge_model_validate (EdgeModel * model, GError ** error)
{
  Validator v = {.model = model,.error = error };
  gboolean ok = FALSE;

  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  v.producer = g_hash_table_new (g_str_hash, g_str_equal);
  v.used = g_hash_table_new (g_str_hash, g_str_equal);
  v.graph_inputs = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < model->inputs->len; i++)
    g_hash_table_add (v.graph_inputs, g_ptr_array_index (model->inputs, i));

  /* inferred values are recomputed from scratch: a rewrite may have changed
   * anything upstream */
  for (guint i = 0; i < model->nodes->len; i++) {
    EdgeNode *node = g_ptr_array_index (model->nodes, i);

    for (guint k = 0; k < node->outputs->len; k++) {
      EdgeTensor *t = lookup (&v, g_ptr_array_index (node->outputs, k));

      if (t && !edge_tensor_is_constant (t) &&
          !is_graph_input (&v, t->name)) {
        t->dtype = EDGE_DTYPE_UNKNOWN;
        t->rank = 0;
        if (t->quant_inherited)
          edge_model_set_quant (model, t, -1, 0, NULL, NULL);
      }
    }
  }

  if (model->nodes->len > EDGE_MODEL_MAX_NODES) {
    fail (&v, EDGE_MODEL_ERROR_LIMIT, "%u nodes; the limit is %u",
        model->nodes->len, EDGE_MODEL_MAX_NODES);
    goto out;
  }
  if (!check_tensors (&v) || !check_graph_io (&v))
    goto out;
  for (guint i = 0; i < model->nodes->len; i++)
    if (!check_node_static (&v, i))
      goto out;
  if (!check_wiring (&v) || !sort_nodes (&v))
    goto out;
  for (guint i = 0; i < model->nodes->len; i++)
    if (!infer_node (&v, v.order[i]))
      goto out;
  for (guint i = 0; i < model->tensors->len; i++) {
    EdgeTensor *t = g_ptr_array_index (model->tensors, i);

    if (edge_tensor_is_constant (t) && !g_hash_table_contains (v.used,
            t->name)) {
      fail (&v, EDGE_MODEL_ERROR_INVALID, "constant '%s' is not used by any "
          "node", t->name);
      goto out;
    }
  }
  if (!check_metadata (&v))
    goto out;
  commit (&v);
  ok = TRUE;

out:
  g_hash_table_unref (v.producer);
  g_hash_table_unref (v.used);
  g_hash_table_unref (v.graph_inputs);
  g_free (v.order);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Cost                                                                       */

guint64
edge_model_node_params (const EdgeModel * model, guint index)
{
  EdgeNode *node;
  guint64 n = 0;

  g_return_val_if_fail (model != NULL, 0);
  g_return_val_if_fail (index < model->nodes->len, 0);
  node = g_ptr_array_index (model->nodes, index);
  for (guint k = 0; k < node->inputs->len; k++) {
    EdgeTensor *t = edge_model_find_tensor (model,
        g_ptr_array_index (node->inputs, k));

    if (t && edge_tensor_is_constant (t))
      n += (guint64) edge_tensor_n_elements (t);
  }
  return n;
}

guint64
edge_model_node_macs (const EdgeModel * model, guint index)
{
  EdgeNode *node;
  EdgeTensor *out, *w;

  g_return_val_if_fail (model != NULL, 0);
  g_return_val_if_fail (index < model->nodes->len, 0);
  node = g_ptr_array_index (model->nodes, index);
  out = node->outputs->len ? edge_model_find_tensor (model,
      g_ptr_array_index (node->outputs, 0)) : NULL;
  w = node->inputs->len > 1 ? edge_model_find_tensor (model,
      g_ptr_array_index (node->inputs, 1)) : NULL;
  if (out == NULL || out->rank == 0)
    return 0;

  switch (node->op) {
    case EDGE_OP_CONV2D:
      /* per output element: kh * kw * (in_c / groups) taps */
      if (w == NULL || w->rank != 4)
        return 0;
      return (guint64) edge_tensor_n_elements (out) * (guint64) w->shape[1] *
          (guint64) w->shape[2] * (guint64) w->shape[3];
    case EDGE_OP_FULLY_CONNECTED:
      if (w == NULL || w->rank != 2)
        return 0;
      return (guint64) edge_tensor_n_elements (out) * (guint64) w->shape[1];
    case EDGE_OP_MUL:
      return (guint64) edge_tensor_n_elements (out);
    default:
      return 0;
  }
}
