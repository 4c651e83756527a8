/* libedge: the in-memory model (tensors, nodes, metadata) and its builder.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Validation lives in edge-graph.c, files in edge-model-io.c. Builder
 * functions only check what would make the model's own bookkeeping
 * inconsistent (duplicate names, data size); every rule of the format is
 * checked once, by edge_model_validate().
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "edge-model-private.h"

G_DEFINE_QUARK (edge-model-error-quark, edge_model_error);

const gchar *const edge_model_info_keys[EDGE_MODEL_N_INFO] = {
  "name", "description", "author", "license", "version", "url",
};

void
edge_model_set_error (GError ** error, EdgeModelError code,
    const gchar * format, ...)
{
  va_list args;
  gchar *msg;

  if (error == NULL)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, EDGE_MODEL_ERROR, code, msg);
  g_free (msg);
}

static GPtrArray *new_string_array (void);

/* ------------------------------------------------------------------------ */
/* Names of enums                                                             */

const gchar *
edge_dtype_name (EdgeDType dtype)
{
  switch (dtype) {
    case EDGE_DTYPE_F32:
      return "f32";
    case EDGE_DTYPE_I8:
      return "i8";
    case EDGE_DTYPE_I16:
      return "i16";
    case EDGE_DTYPE_I32:
      return "i32";
    default:
      return "unknown";
  }
}

gboolean
edge_dtype_from_name (const gchar * name, EdgeDType * dtype)
{
  static const EdgeDType all[] = {
    EDGE_DTYPE_F32, EDGE_DTYPE_I8, EDGE_DTYPE_I16, EDGE_DTYPE_I32
  };

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    if (g_strcmp0 (name, edge_dtype_name (all[i])) == 0) {
      *dtype = all[i];
      return TRUE;
    }
  return FALSE;
}

gsize
edge_dtype_size (EdgeDType dtype)
{
  switch (dtype) {
    case EDGE_DTYPE_F32:
    case EDGE_DTYPE_I32:
      return 4;
    case EDGE_DTYPE_I16:
      return 2;
    case EDGE_DTYPE_I8:
      return 1;
    default:
      return 0;
  }
}

const gchar *
edge_model_layout_name (EdgeModelLayout layout)
{
  return layout == EDGE_MODEL_LAYOUT_NCHW ? "nchw" : "nhwc";
}

const gchar *
edge_model_color_name (EdgeModelColor color)
{
  switch (color) {
    case EDGE_MODEL_COLOR_BGR:
      return "bgr";
    case EDGE_MODEL_COLOR_GRAY:
      return "gray";
    default:
      return "rgb";
  }
}

guint
edge_model_color_channels (EdgeModelColor color)
{
  return color == EDGE_MODEL_COLOR_GRAY ? 1 : 3;
}

const gchar *
edge_model_resize_name (EdgeModelResize resize)
{
  return resize == EDGE_MODEL_RESIZE_LETTERBOX ? "letterbox" : "stretch";
}

const gchar *
edge_task_name (EdgeTask task)
{
  switch (task) {
    case EDGE_TASK_CLASSIFICATION:
      return "classification";
    case EDGE_TASK_DETECTION:
      return "detection";
    default:
      return "none";
  }
}

const gchar *
edge_score_activation_name (EdgeScoreActivation activation)
{
  switch (activation) {
    case EDGE_SCORE_SIGMOID:
      return "sigmoid";
    case EDGE_SCORE_SOFTMAX:
      return "softmax";
    default:
      return "none";
  }
}

const gchar *
edge_box_coding_name (EdgeBoxCoding coding)
{
  return coding == EDGE_BOX_CODING_EXP ? "exp" : "linear";
}

const gchar *
edge_value_type_name (EdgeValueType type)
{
  switch (type) {
    case EDGE_VALUE_INT:
      return "int";
    case EDGE_VALUE_FLOAT:
      return "float";
    case EDGE_VALUE_BOOL:
      return "bool";
    case EDGE_VALUE_STRING:
      return "string";
    case EDGE_VALUE_INTS:
      return "ints";
    case EDGE_VALUE_FLOATS:
      return "floats";
    default:
      return "unknown";
  }
}

/* ------------------------------------------------------------------------ */
/* Values                                                                     */

void
edge_value_clear (EdgeValue * value)
{
  switch (value->type) {
    case EDGE_VALUE_STRING:
      g_clear_pointer (&value->v.s, g_free);
      break;
    case EDGE_VALUE_INTS:
      g_clear_pointer (&value->v.ints.v, g_free);
      value->v.ints.n = 0;
      break;
    case EDGE_VALUE_FLOATS:
      g_clear_pointer (&value->v.floats.v, g_free);
      value->v.floats.n = 0;
      break;
    default:
      break;
  }
}

void
edge_value_copy (const EdgeValue * src, EdgeValue * dest)
{
  *dest = *src;
  switch (src->type) {
    case EDGE_VALUE_STRING:
      dest->v.s = g_strdup (src->v.s);
      break;
    case EDGE_VALUE_INTS:
      dest->v.ints.v = g_memdup2 (src->v.ints.v,
          (gsize) src->v.ints.n * sizeof (gint64));
      break;
    case EDGE_VALUE_FLOATS:
      dest->v.floats.v = g_memdup2 (src->v.floats.v,
          (gsize) src->v.floats.n * sizeof (gdouble));
      break;
    default:
      break;
  }
}

gboolean
edge_value_equal (const EdgeValue * a, const EdgeValue * b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type) {
    case EDGE_VALUE_INT:
      return a->v.i == b->v.i;
    case EDGE_VALUE_FLOAT:
      return memcmp (&a->v.f, &b->v.f, sizeof (gdouble)) == 0;
    case EDGE_VALUE_BOOL:
      return !a->v.b == !b->v.b;
    case EDGE_VALUE_STRING:
      return g_strcmp0 (a->v.s, b->v.s) == 0;
    case EDGE_VALUE_INTS:
      return a->v.ints.n == b->v.ints.n && (a->v.ints.n == 0 ||
          memcmp (a->v.ints.v, b->v.ints.v,
              a->v.ints.n * sizeof (gint64)) == 0);
    case EDGE_VALUE_FLOATS:
      return a->v.floats.n == b->v.floats.n && (a->v.floats.n == 0 ||
          memcmp (a->v.floats.v, b->v.floats.v,
              a->v.floats.n * sizeof (gdouble)) == 0);
    default:
      return FALSE;
  }
}

void
edge_value_append (const EdgeValue * value, GString * out)
{
  switch (value->type) {
    case EDGE_VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, value->v.i);
      break;
    case EDGE_VALUE_FLOAT:
      g_string_append_printf (out, "%g", value->v.f);
      break;
    case EDGE_VALUE_BOOL:
      g_string_append (out, value->v.b ? "true" : "false");
      break;
    case EDGE_VALUE_STRING:
      g_string_append_printf (out, "'%s'", value->v.s);
      break;
    case EDGE_VALUE_INTS:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->v.ints.n; i++)
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT, i ? "," : "",
            value->v.ints.v[i]);
      g_string_append_c (out, ']');
      break;
    case EDGE_VALUE_FLOATS:
      g_string_append_c (out, '[');
      for (guint i = 0; i < value->v.floats.n; i++)
        g_string_append_printf (out, "%s%g", i ? "," : "",
            value->v.floats.v[i]);
      g_string_append_c (out, ']');
      break;
    default:
      g_string_append (out, "?");
      break;
  }
}

void
edge_attr_free (EdgeAttr * attr)
{
  if (attr == NULL)
    return;
  g_free (attr->name);
  edge_value_clear (&attr->value);
  g_free (attr);
}

/* The attribute named @name in @attrs, or NULL. */
static EdgeAttr *
attr_list_find (GPtrArray * attrs, const gchar * name, guint * index)
{
  for (guint i = 0; i < attrs->len; i++) {
    EdgeAttr *a = g_ptr_array_index (attrs, i);

    if (strcmp (a->name, name) == 0) {
      if (index)
        *index = i;
      return a;
    }
  }
  return NULL;
}

/* Stores @value (taken: the caller's copy is moved in) under @name. */
static void
attr_list_set_take (GPtrArray * attrs, const gchar * name, EdgeValue * value)
{
  EdgeAttr *a = attr_list_find (attrs, name, NULL);

  if (a) {
    edge_value_clear (&a->value);
  } else {
    a = g_new0 (EdgeAttr, 1);
    a->name = g_strdup (name);
    g_ptr_array_add (attrs, a);
  }
  a->value = *value;
}

void
edge_shape_append (GString * s, guint rank, const gint64 * shape)
{
  g_string_append_c (s, '[');
  for (guint i = 0; i < rank; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "",
        shape[i]);
  g_string_append_c (s, ']');
}

gboolean
edge_model_name_valid (const gchar * name, const gchar ** why)
{
  gsize len;

  if (name == NULL || name[0] == '\0') {
    *why = "empty";
    return FALSE;
  }
  len = strlen (name);
  if (len > EDGE_MODEL_MAX_NAME) {
    *why = "longer than 63 bytes";
    return FALSE;
  }
  if (!g_utf8_validate (name, len, NULL)) {
    *why = "not valid UTF-8";
    return FALSE;
  }
  for (gsize i = 0; i < len; i++) {
    const guchar c = (guchar) name[i];

    /* spaces and control characters would make names ambiguous in error
     * messages and in `edge-model inspect` */
    if (c <= 0x20 || c == 0x7f) {
      *why = "contains a space or a control character";
      return FALSE;
    }
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Nodes                                                                      */

static void
edge_node_free (EdgeNode * node)
{
  if (node == NULL)
    return;
  g_free (node->name);
  g_ptr_array_unref (node->inputs);
  g_ptr_array_unref (node->outputs);
  g_ptr_array_unref (node->attrs);
  g_free (node);
}

void
edge_node_set_attr (EdgeNode * node, const gchar * name,
    const EdgeValue * value)
{
  EdgeValue copy;

  g_return_if_fail (node != NULL && name != NULL && value != NULL);
  edge_value_copy (value, &copy);
  attr_list_set_take (node->attrs, name, &copy);
}

void
edge_node_set_int (EdgeNode * node, const gchar * name, gint64 v)
{
  EdgeValue value = {.type = EDGE_VALUE_INT,.v.i = v };

  g_return_if_fail (node != NULL && name != NULL);
  attr_list_set_take (node->attrs, name, &value);
}

void
edge_node_set_float (EdgeNode * node, const gchar * name, gdouble v)
{
  EdgeValue value = {.type = EDGE_VALUE_FLOAT,.v.f = v };

  g_return_if_fail (node != NULL && name != NULL);
  attr_list_set_take (node->attrs, name, &value);
}

void
edge_node_set_bool (EdgeNode * node, const gchar * name, gboolean v)
{
  EdgeValue value = {.type = EDGE_VALUE_BOOL,.v.b = ! !v };

  g_return_if_fail (node != NULL && name != NULL);
  attr_list_set_take (node->attrs, name, &value);
}

void
edge_node_set_string (EdgeNode * node, const gchar * name, const gchar * v)
{
  EdgeValue value = {.type = EDGE_VALUE_STRING };

  g_return_if_fail (node != NULL && name != NULL && v != NULL);
  value.v.s = g_strdup (v);
  attr_list_set_take (node->attrs, name, &value);
}

void
edge_node_set_ints (EdgeNode * node, const gchar * name, const gint64 * v,
    guint n)
{
  EdgeValue value = {.type = EDGE_VALUE_INTS };

  g_return_if_fail (node != NULL && name != NULL && (v != NULL || n == 0));
  value.v.ints.n = n;
  value.v.ints.v = g_memdup2 (v, (gsize) n * sizeof (gint64));
  attr_list_set_take (node->attrs, name, &value);
}

void
edge_node_set_floats (EdgeNode * node, const gchar * name, const gdouble * v,
    guint n)
{
  EdgeValue value = {.type = EDGE_VALUE_FLOATS };

  g_return_if_fail (node != NULL && name != NULL && (v != NULL || n == 0));
  value.v.floats.n = n;
  value.v.floats.v = g_memdup2 (v, (gsize) n * sizeof (gdouble));
  attr_list_set_take (node->attrs, name, &value);
}

gboolean
edge_node_remove_attr (EdgeNode * node, const gchar * name)
{
  guint index;

  g_return_val_if_fail (node != NULL && name != NULL, FALSE);
  if (!attr_list_find (node->attrs, name, &index))
    return FALSE;
  g_ptr_array_remove_index (node->attrs, index);
  return TRUE;
}

const EdgeValue *
edge_node_get_attr (const EdgeNode * node, const gchar * name)
{
  EdgeAttr *a;

  g_return_val_if_fail (node != NULL && name != NULL, NULL);
  a = attr_list_find (node->attrs, name, NULL);
  return a ? &a->value : NULL;
}

gint64
edge_node_get_int (const EdgeNode * node, const gchar * name, gint64 def)
{
  const EdgeValue *v = edge_node_get_attr (node, name);

  return v && v->type == EDGE_VALUE_INT ? v->v.i : def;
}

gdouble
edge_node_get_float (const EdgeNode * node, const gchar * name, gdouble def)
{
  const EdgeValue *v = edge_node_get_attr (node, name);

  return v && v->type == EDGE_VALUE_FLOAT ? v->v.f : def;
}

void
edge_node_set_name (EdgeNode * node, const gchar * name)
{
  g_return_if_fail (node != NULL);
  g_free (node->name);
  node->name = g_strdup (name);
}

/* ------------------------------------------------------------------------ */
/* Tensors                                                                    */

static void
edge_tensor_free (EdgeTensor * t)
{
  if (t == NULL)
    return;
  g_free (t->name);
  g_free (t->quant.scales);
  g_free (t->quant.zero_points);
  g_clear_pointer (&t->bytes, g_bytes_unref);
  g_free (t);
}

gint64
edge_tensor_n_elements (const EdgeTensor * tensor)
{
  gint64 n = 1;

  g_return_val_if_fail (tensor != NULL, 0);
  if (tensor->rank == 0)
    return 0;
  for (guint i = 0; i < tensor->rank; i++) {
    /* shapes are bounded by validation; saturate rather than overflow on a
     * model that has not been validated yet */
    if (tensor->shape[i] <= 0)
      return 0;
    if (n > G_MAXINT64 / tensor->shape[i])
      return G_MAXINT64;
    n *= tensor->shape[i];
  }
  return n;
}

gboolean
edge_tensor_is_constant (const EdgeTensor * tensor)
{
  g_return_val_if_fail (tensor != NULL, FALSE);
  return tensor->bytes != NULL;
}

static gboolean
check_new_name (EdgeModel * model, const gchar * name, GError ** error)
{
  const gchar *why;

  if (!edge_model_name_valid (name, &why)) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
        "tensor name '%s' is invalid: %s", name ? name : "", why);
    return FALSE;
  }
  if (g_hash_table_contains (model->tensor_index, name)) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
        "tensor '%s' is defined twice", name);
    return FALSE;
  }
  return TRUE;
}

static gboolean
check_shape (const gchar * name, guint rank, const gint64 * shape,
    GError ** error)
{
  if (rank < 1 || rank > EDGE_MODEL_MAX_RANK) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
        "tensor '%s': rank %u is not in [1, %u]", name, rank,
        EDGE_MODEL_MAX_RANK);
    return FALSE;
  }
  for (guint i = 0; i < rank; i++)
    if (shape[i] < 1 || shape[i] > EDGE_MODEL_MAX_ELEMENTS) {
      edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
          "tensor '%s': dimension %u is %" G_GINT64_FORMAT
          ", not in [1, 2^28]", name, i, shape[i]);
      return FALSE;
    }
  return TRUE;
}

/* Checks that @n_bytes holds exactly the elements of @shape. */
static gboolean
check_data_size (const gchar * name, EdgeDType dtype, guint rank,
    const gint64 * shape, gsize n_bytes, GError ** error)
{
  guint64 n = edge_dtype_size (dtype);

  if (n == 0) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
        "tensor '%s': unsupported dtype %d", name, (gint) dtype);
    return FALSE;
  }
  if (!check_shape (name, rank, shape, error))
    return FALSE;
  for (guint i = 0; i < rank; i++) {
    /* each dimension is <= 2^28 and n stays below 2^62 until it passes the
     * limit, so this cannot overflow */
    n *= (guint64) shape[i];
    if (n > (guint64) EDGE_MODEL_MAX_ELEMENTS * 4) {
      edge_model_set_error (error, EDGE_MODEL_ERROR_LIMIT,
          "tensor '%s' has more than 2^28 elements", name);
      return FALSE;
    }
  }
  if (n != n_bytes) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
        "tensor '%s': %" G_GSIZE_FORMAT " bytes of data for a %s tensor of"
        " %" G_GUINT64_FORMAT " bytes", name, n_bytes, edge_dtype_name (dtype),
        n);
    return FALSE;
  }
  return TRUE;
}

static EdgeTensor *
add_tensor (EdgeModel * model, const gchar * name)
{
  EdgeTensor *t = g_new0 (EdgeTensor, 1);

  t->name = g_strdup (name);
  t->dtype = EDGE_DTYPE_UNKNOWN;
  t->quant.axis = -1;
  g_ptr_array_add (model->tensors, t);
  g_hash_table_insert (model->tensor_index, t->name, t);
  return t;
}

EdgeTensor *
edge_model_add_constant_bytes (EdgeModel * model, const gchar * name,
    EdgeDType dtype, guint rank, const gint64 * shape, GBytes * data,
    GError ** error)
{
  EdgeTensor *t;

  g_return_val_if_fail (model != NULL && data != NULL, NULL);
  g_return_val_if_fail (shape != NULL || rank == 0, NULL);

  if (!check_new_name (model, name, error) ||
      !check_data_size (name, dtype, rank, shape, g_bytes_get_size (data),
          error))
    return NULL;

  t = add_tensor (model, name);
  t->dtype = dtype;
  t->rank = rank;
  memcpy (t->shape, shape, rank * sizeof (gint64));
  t->bytes = g_bytes_ref (data);
  t->data = g_bytes_get_data (data, &t->n_bytes);
  return t;
}

EdgeTensor *
edge_model_add_constant (EdgeModel * model, const gchar * name,
    EdgeDType dtype, guint rank, const gint64 * shape, gconstpointer data,
    gsize n_bytes, GError ** error)
{
  GBytes *bytes;
  EdgeTensor *t;

  g_return_val_if_fail (model != NULL && (data != NULL || n_bytes == 0),
      NULL);
  bytes = g_bytes_new (data, n_bytes);
  t = edge_model_add_constant_bytes (model, name, dtype, rank, shape, bytes,
      error);
  g_bytes_unref (bytes);
  return t;
}

gboolean
edge_model_set_constant_data (EdgeModel * model, EdgeTensor * tensor,
    guint rank, const gint64 * shape, GBytes * data, GError ** error)
{
  g_return_val_if_fail (model != NULL && tensor != NULL && data != NULL,
      FALSE);
  g_return_val_if_fail (edge_tensor_is_constant (tensor), FALSE);

  if (!check_data_size (tensor->name, tensor->dtype, rank, shape,
          g_bytes_get_size (data), error))
    return FALSE;
  tensor->rank = rank;
  memcpy (tensor->shape, shape, rank * sizeof (gint64));
  g_bytes_ref (data);
  g_bytes_unref (tensor->bytes);
  tensor->bytes = data;
  tensor->data = g_bytes_get_data (data, &tensor->n_bytes);
  return TRUE;
}

EdgeTensor *
edge_model_add_input (EdgeModel * model, const gchar * name, EdgeDType dtype,
    guint rank, const gint64 * shape, GError ** error)
{
  EdgeTensor *t;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (shape != NULL || rank == 0, NULL);

  if (!check_new_name (model, name, error) ||
      !check_shape (name, rank, shape, error))
    return NULL;
  if (model->inputs->len >= EDGE_MODEL_MAX_GRAPH_IO) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_LIMIT,
        "more than %u graph inputs", EDGE_MODEL_MAX_GRAPH_IO);
    return NULL;
  }
  t = add_tensor (model, name);
  t->dtype = dtype;
  t->rank = rank;
  memcpy (t->shape, shape, rank * sizeof (gint64));
  g_ptr_array_add (model->inputs, g_strdup (name));
  return t;
}

gboolean
edge_model_add_output (EdgeModel * model, const gchar * name, GError ** error)
{
  const gchar *why;

  g_return_val_if_fail (model != NULL, FALSE);
  if (!edge_model_name_valid (name, &why)) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
        "graph output name '%s' is invalid: %s", name ? name : "", why);
    return FALSE;
  }
  if (model->outputs->len >= EDGE_MODEL_MAX_GRAPH_IO) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_LIMIT,
        "more than %u graph outputs", EDGE_MODEL_MAX_GRAPH_IO);
    return FALSE;
  }
  g_ptr_array_add (model->outputs, g_strdup (name));
  return TRUE;
}

gboolean
edge_model_set_outputs (EdgeModel * model, const gchar * const *names,
    GError ** error)
{
  GPtrArray *old;

  g_return_val_if_fail (model != NULL && names != NULL, FALSE);
  old = model->outputs;
  model->outputs = new_string_array ();
  for (guint i = 0; names[i]; i++)
    if (!edge_model_add_output (model, names[i], error)) {
      g_ptr_array_unref (model->outputs);
      model->outputs = old;
      return FALSE;
    }
  g_ptr_array_unref (old);
  return TRUE;
}

void
edge_model_set_quant (EdgeModel * model, EdgeTensor * tensor, gint axis,
    guint n, const gfloat * scales, const gint32 * zero_points)
{
  g_return_if_fail (model != NULL && tensor != NULL);
  g_return_if_fail (scales != NULL || n == 0);

  g_clear_pointer (&tensor->quant.scales, g_free);
  g_clear_pointer (&tensor->quant.zero_points, g_free);
  tensor->quant_inherited = FALSE;
  tensor->quant.n = n;
  tensor->quant.axis = n ? axis : -1;
  if (n == 0)
    return;
  tensor->quant.scales = g_memdup2 (scales, (gsize) n * sizeof (gfloat));
  tensor->quant.zero_points = zero_points ?
      g_memdup2 (zero_points, (gsize) n * sizeof (gint32)) :
      g_new0 (gint32, n);
}

static gboolean
name_in (GPtrArray * names, const gchar * name)
{
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), name) == 0)
      return TRUE;
  return FALSE;
}

gboolean
edge_model_remove_tensor (EdgeModel * model, const gchar * name)
{
  EdgeTensor *t;

  g_return_val_if_fail (model != NULL && name != NULL, FALSE);
  t = g_hash_table_lookup (model->tensor_index, name);
  if (t == NULL || name_in (model->inputs, name) ||
      name_in (model->outputs, name))
    return FALSE;
  for (guint i = 0; i < model->nodes->len; i++) {
    EdgeNode *node = g_ptr_array_index (model->nodes, i);

    if (name_in (node->inputs, name) || name_in (node->outputs, name))
      return FALSE;
  }
  g_hash_table_remove (model->tensor_index, name);
  g_ptr_array_remove (model->tensors, t);
  return TRUE;
}

guint
edge_model_get_n_tensors (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->tensors->len;
}

EdgeTensor *
edge_model_get_tensor (const EdgeModel * model, guint index)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (index < model->tensors->len, NULL);
  return g_ptr_array_index (model->tensors, index);
}

EdgeTensor *
edge_model_find_tensor (const EdgeModel * model, const gchar * name)
{
  g_return_val_if_fail (model != NULL, NULL);
  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (model->tensor_index, name);
}

/* ------------------------------------------------------------------------ */
/* Graph                                                                      */

guint
edge_model_get_n_nodes (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->nodes->len;
}

EdgeNode *
edge_model_get_node (const EdgeModel * model, guint index)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (index < model->nodes->len, NULL);
  return g_ptr_array_index (model->nodes, index);
}

static gboolean
add_names (GPtrArray * dest, const gchar * const *names, const gchar * what,
    guint max, GError ** error)
{
  const gchar *why;

  for (guint i = 0; names && names[i]; i++) {
    if (!edge_model_name_valid (names[i], &why)) {
      edge_model_set_error (error, EDGE_MODEL_ERROR_INVALID,
          "%s %u name '%s' is invalid: %s", what, i, names[i], why);
      return FALSE;
    }
    if (i >= max) {
      edge_model_set_error (error, EDGE_MODEL_ERROR_LIMIT,
          "more than %u %ss", max, what);
      return FALSE;
    }
    g_ptr_array_add (dest, g_strdup (names[i]));
  }
  return TRUE;
}

EdgeNode *
edge_model_add_node (EdgeModel * model, EdgeOp op,
    const gchar * const *inputs, const gchar * const *outputs,
    GError ** error)
{
  EdgeNode *node;

  g_return_val_if_fail (model != NULL, NULL);

  if (model->nodes->len >= EDGE_MODEL_MAX_NODES) {
    edge_model_set_error (error, EDGE_MODEL_ERROR_LIMIT,
        "more than %u nodes", EDGE_MODEL_MAX_NODES);
    return NULL;
  }
  node = g_new0 (EdgeNode, 1);
  node->op = op;
  node->inputs = g_ptr_array_new_with_free_func (g_free);
  node->outputs = g_ptr_array_new_with_free_func (g_free);
  node->attrs = g_ptr_array_new_with_free_func ((GDestroyNotify)
      edge_attr_free);
  if (!add_names (node->inputs, inputs, "input", EDGE_MODEL_MAX_NODE_INPUTS,
          error) ||
      !add_names (node->outputs, outputs, "output",
          EDGE_MODEL_MAX_NODE_INPUTS, error)) {
    g_prefix_error (error, "node %u (%s): ", model->nodes->len,
        edge_op_name (op));
    edge_node_free (node);
    return NULL;
  }
  for (guint i = 0; i < node->outputs->len; i++) {
    const gchar *name = g_ptr_array_index (node->outputs, i);

    if (!g_hash_table_contains (model->tensor_index, name))
      add_tensor (model, name);
  }
  g_ptr_array_add (model->nodes, node);
  return node;
}

void
edge_model_remove_node (EdgeModel * model, guint index)
{
  g_return_if_fail (model != NULL);
  g_return_if_fail (index < model->nodes->len);
  g_ptr_array_remove_index (model->nodes, index);
}

const gchar *const *
edge_model_get_inputs (const EdgeModel * model, guint * n_inputs)
{
  g_return_val_if_fail (model != NULL, NULL);
  if (n_inputs)
    *n_inputs = model->inputs->len;
  return (const gchar * const *) model->inputs->pdata;
}

const gchar *const *
edge_model_get_outputs (const EdgeModel * model, guint * n_outputs)
{
  g_return_val_if_fail (model != NULL, NULL);
  if (n_outputs)
    *n_outputs = model->outputs->len;
  return (const gchar * const *) model->outputs->pdata;
}

/* ------------------------------------------------------------------------ */
/* Life cycle                                                                 */

static void
clear_classification (EdgeModel * model)
{
  g_free ((gchar *) model->classification.output);
  memset (&model->classification, 0, sizeof (model->classification));
}

static void
clear_detection (EdgeModel * model)
{
  g_free ((gchar *) model->detection.scores);
  g_free ((gchar *) model->detection.boxes);
  g_free ((gfloat *) model->detection.anchors);
  memset (&model->detection, 0, sizeof (model->detection));
}

static void
edge_model_clear (EdgeModel * model)
{
  for (guint i = 0; i < EDGE_MODEL_N_INFO; i++)
    g_free (model->info[i]);
  g_ptr_array_unref (model->nodes);
  g_hash_table_unref (model->tensor_index);
  g_ptr_array_unref (model->tensors);
  g_ptr_array_unref (model->inputs);
  g_ptr_array_unref (model->outputs);
  g_ptr_array_unref (model->labels);
  g_ptr_array_unref (model->provenance);
  clear_classification (model);
  clear_detection (model);
}

/* GPtrArrays of strings keep a NULL after the last element, so pdata can be
 * handed out as a NULL-terminated array. */
static GPtrArray *
new_string_array (void)
{
  return g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

EdgeModel *
edge_model_new (void)
{
  /* atomic reference counting: models travel between streaming threads in
   * events (design.md, "Models travel in-band") */
  EdgeModel *model = g_atomic_rc_box_new0 (EdgeModel);

  model->alignment = EDGE_MODEL_DEFAULT_ALIGNMENT;
  model->tensors = g_ptr_array_new_with_free_func ((GDestroyNotify)
      edge_tensor_free);
  model->tensor_index = g_hash_table_new (g_str_hash, g_str_equal);
  model->nodes = g_ptr_array_new_with_free_func ((GDestroyNotify)
      edge_node_free);
  model->inputs = new_string_array ();
  model->outputs = new_string_array ();
  model->labels = new_string_array ();
  model->provenance = g_ptr_array_new_with_free_func ((GDestroyNotify)
      edge_attr_free);
  return model;
}

EdgeModel *
edge_model_ref (EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return g_atomic_rc_box_acquire (model);
}

void
edge_model_unref (EdgeModel * model)
{
  g_return_if_fail (model != NULL);
  g_atomic_rc_box_release_full (model, (GDestroyNotify) edge_model_clear);
}

static gpointer
copy_string (gconstpointer src, gpointer unused)
{
  return g_strdup (src);
}

EdgeModel *
edge_model_copy (const EdgeModel * model)
{
  EdgeModel *copy;

  g_return_val_if_fail (model != NULL, NULL);
  copy = edge_model_new ();
  copy->alignment = model->alignment;
  for (guint i = 0; i < EDGE_MODEL_N_INFO; i++)
    copy->info[i] = g_strdup (model->info[i]);

  for (guint i = 0; i < model->tensors->len; i++) {
    const EdgeTensor *t = g_ptr_array_index (model->tensors, i);
    EdgeTensor *c = add_tensor (copy, t->name);

    c->dtype = t->dtype;
    c->rank = t->rank;
    memcpy (c->shape, t->shape, sizeof (c->shape));
    edge_model_set_quant (copy, c, t->quant.axis, t->quant.n,
        t->quant.scales, t->quant.zero_points);
    c->quant_inherited = t->quant_inherited;
    if (t->bytes) {
      /* constant data is never written in place: share it */
      c->bytes = g_bytes_ref (t->bytes);
      c->data = t->data;
      c->n_bytes = t->n_bytes;
    }
  }
  for (guint i = 0; i < model->nodes->len; i++) {
    const EdgeNode *n = g_ptr_array_index (model->nodes, i);
    EdgeNode *c = g_new0 (EdgeNode, 1);

    c->op = n->op;
    c->name = g_strdup (n->name);
    c->inputs = g_ptr_array_copy (n->inputs, copy_string, NULL);
    c->outputs = g_ptr_array_copy (n->outputs, copy_string, NULL);
    c->attrs = g_ptr_array_new_with_free_func ((GDestroyNotify)
        edge_attr_free);
    for (guint k = 0; k < n->attrs->len; k++) {
      const EdgeAttr *a = g_ptr_array_index (n->attrs, k);

      edge_node_set_attr (c, a->name, &a->value);
    }
    g_ptr_array_add (copy->nodes, c);
  }
  for (guint i = 0; i < model->inputs->len; i++)
    g_ptr_array_add (copy->inputs,
        g_strdup (g_ptr_array_index (model->inputs, i)));
  for (guint i = 0; i < model->outputs->len; i++)
    g_ptr_array_add (copy->outputs,
        g_strdup (g_ptr_array_index (model->outputs, i)));

  if (model->has_input_desc)
    edge_model_set_input_desc (copy, &model->input_desc);
  edge_model_set_labels (copy, (const gchar * const *) model->labels->pdata,
      model->labels->len);
  if (model->task == EDGE_TASK_CLASSIFICATION)
    edge_model_set_classification (copy, &model->classification);
  else if (model->task == EDGE_TASK_DETECTION)
    edge_model_set_detection (copy, &model->detection);
  for (guint i = 0; i < model->provenance->len; i++) {
    const EdgeAttr *a = g_ptr_array_index (model->provenance, i);

    edge_model_set_provenance (copy, a->name, &a->value);
  }
  return copy;
}

/* ------------------------------------------------------------------------ */
/* Metadata                                                                   */

guint32
edge_model_get_alignment (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, EDGE_MODEL_DEFAULT_ALIGNMENT);
  return model->alignment;
}

gboolean
edge_model_set_alignment (EdgeModel * model, guint32 alignment)
{
  g_return_val_if_fail (model != NULL, FALSE);
  /* tensors are read in place from the mapping: 8 keeps every element type
   * naturally aligned, a power of two keeps padding arithmetic simple */
  if (alignment < 8 || alignment > EDGE_GGUF_MAX_ALIGNMENT ||
      (alignment & (alignment - 1)) != 0)
    return FALSE;
  model->alignment = alignment;
  return TRUE;
}

static gint
info_index (const gchar * key)
{
  for (guint i = 0; i < EDGE_MODEL_N_INFO; i++)
    if (g_strcmp0 (key, edge_model_info_keys[i]) == 0)
      return (gint) i;
  return -1;
}

gboolean
edge_model_set_info (EdgeModel * model, const gchar * key,
    const gchar * value)
{
  gint i;

  g_return_val_if_fail (model != NULL, FALSE);
  i = info_index (key);
  if (i < 0)
    return FALSE;
  g_free (model->info[i]);
  model->info[i] = g_strdup (value);
  return TRUE;
}

const gchar *
edge_model_get_info (const EdgeModel * model, const gchar * key)
{
  gint i;

  g_return_val_if_fail (model != NULL, NULL);
  i = info_index (key);
  return i < 0 ? NULL : model->info[i];
}

const EdgeInputDesc *
edge_model_get_input_desc (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->has_input_desc ? &model->input_desc : NULL;
}

void
edge_model_set_input_desc (EdgeModel * model, const EdgeInputDesc * desc)
{
  g_return_if_fail (model != NULL);
  model->has_input_desc = desc != NULL;
  if (desc)
    model->input_desc = *desc;
  else
    memset (&model->input_desc, 0, sizeof (model->input_desc));
}

const gchar *const *
edge_model_get_labels (const EdgeModel * model, guint * n_labels)
{
  g_return_val_if_fail (model != NULL, NULL);
  if (n_labels)
    *n_labels = model->labels->len;
  return (const gchar * const *) model->labels->pdata;
}

void
edge_model_set_labels (EdgeModel * model, const gchar * const *labels,
    guint n)
{
  g_return_if_fail (model != NULL && (labels != NULL || n == 0));
  g_ptr_array_set_size (model->labels, 0);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (model->labels, g_strdup (labels[i] ? labels[i] : ""));
}

EdgeTask
edge_model_get_task (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, EDGE_TASK_NONE);
  return model->task;
}

const EdgeClassification *
edge_model_get_classification (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->task == EDGE_TASK_CLASSIFICATION ?
      &model->classification : NULL;
}

const EdgeDetection *
edge_model_get_detection (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->task == EDGE_TASK_DETECTION ? &model->detection : NULL;
}

void
edge_classification_init (EdgeClassification * c)
{
  g_return_if_fail (c != NULL);
  memset (c, 0, sizeof (*c));
  c->top_k = 1;
  c->activation = EDGE_SCORE_NONE;
  c->threshold = 0.0f;
}

void
edge_detection_init (EdgeDetection * d)
{
  g_return_if_fail (d != NULL);
  memset (d, 0, sizeof (*d));
  d->num_classes = 1;
  d->num_keypoints = 0;
  for (guint i = 0; i < 4; i++)
    d->box_scale[i] = 1.0f;
  d->box_coding = EDGE_BOX_CODING_LINEAR;
  d->score_activation = EDGE_SCORE_SIGMOID;
  d->score_threshold = 0.5f;
  d->nms_iou = 0.3f;
  d->max_detections = 100;
}

void
edge_model_set_classification (EdgeModel * model,
    const EdgeClassification * c)
{
  EdgeClassification copy = { 0 };

  g_return_if_fail (model != NULL);
  /* copy first: @c may point into the model's own settings */
  if (c) {
    copy = *c;
    copy.output = g_strdup (c->output);
  }
  clear_classification (model);
  clear_detection (model);
  model->classification = copy;
  model->task = c ? EDGE_TASK_CLASSIFICATION : EDGE_TASK_NONE;
}

void
edge_model_set_detection (EdgeModel * model, const EdgeDetection * d)
{
  EdgeDetection copy = { 0 };

  g_return_if_fail (model != NULL);
  g_return_if_fail (d == NULL || d->anchors != NULL || d->n_anchors == 0);
  if (d) {
    copy = *d;
    copy.scores = g_strdup (d->scores);
    copy.boxes = g_strdup (d->boxes);
    copy.anchors = g_memdup2 (d->anchors,
        (gsize) d->n_anchors * 4 * sizeof (gfloat));
  }
  clear_classification (model);
  clear_detection (model);
  model->detection = copy;
  model->task = d ? EDGE_TASK_DETECTION : EDGE_TASK_NONE;
}

guint
edge_model_get_n_provenance (const EdgeModel * model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->provenance->len;
}

const EdgeAttr *
edge_model_get_provenance (const EdgeModel * model, guint index)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (index < model->provenance->len, NULL);
  return g_ptr_array_index (model->provenance, index);
}

const EdgeValue *
edge_model_find_provenance (const EdgeModel * model, const gchar * key)
{
  EdgeAttr *a;

  g_return_val_if_fail (model != NULL && key != NULL, NULL);
  a = attr_list_find (model->provenance, key, NULL);
  return a ? &a->value : NULL;
}

void
edge_model_set_provenance (EdgeModel * model, const gchar * key,
    const EdgeValue * value)
{
  EdgeValue copy;
  guint index;

  g_return_if_fail (model != NULL && key != NULL);
  if (value == NULL) {
    if (attr_list_find (model->provenance, key, &index))
      g_ptr_array_remove_index (model->provenance, index);
    return;
  }
  edge_value_copy (value, &copy);
  attr_list_set_take (model->provenance, key, &copy);
}

void
edge_model_set_provenance_string (EdgeModel * model, const gchar * key,
    const gchar * value)
{
  EdgeValue v = {.type = EDGE_VALUE_STRING };

  g_return_if_fail (model != NULL && key != NULL);
  if (value == NULL) {
    edge_model_set_provenance (model, key, NULL);
    return;
  }
  v.v.s = (gchar *) value;
  edge_model_set_provenance (model, key, &v);
}
