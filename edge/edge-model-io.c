/* libedge: model files (the gst-edge key schema on top of GGUF v3).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * The container (edge-gguf.c) has already checked every byte offset when a
 * file gets here; this layer maps keys to the model and rejects anything in
 * the edge.* namespace it does not know, so a typo in a writer is an error,
 * not a silently ignored setting. Keys of other namespaces are other tools'
 * business and are skipped. The keys are read in one pass into slots; the
 * model is then built with the same functions as an in-memory model and
 * checked by edge_model_validate(), so both paths obey the same rules.
 * docs/model-format.md is the reference for every key.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include "edge-model-private.h"

/* ------------------------------------------------------------------------ */
/* Keys of the fixed sections                                                 */

enum
{
  IN_WIDTH, IN_HEIGHT, IN_LAYOUT, IN_COLOR, IN_RESIZE, IN_LETTERBOX_FILL,
  IN_MEAN, IN_SCALE, IN_N
};
static const gchar *const input_keys[IN_N] = {
  "width", "height", "layout", "color", "resize", "letterbox_fill", "mean",
  "scale",
};

enum
{
  CL_OUTPUT, CL_TOP_K, CL_ACTIVATION, CL_THRESHOLD, CL_N
};
static const gchar *const classification_keys[CL_N] = {
  "output", "top_k", "activation", "threshold",
};

enum
{
  DT_SCORES, DT_BOXES, DT_ANCHORS, DT_NUM_CLASSES, DT_NUM_KEYPOINTS,
  DT_BOX_SCALE, DT_BOX_CODING, DT_SCORE_ACTIVATION, DT_SCORE_THRESHOLD,
  DT_NMS_IOU, DT_MAX_DETECTIONS, DT_N
};
static const gchar *const detection_keys[DT_N] = {
  "scores", "boxes", "anchors", "num_classes", "num_keypoints", "box_scale",
  "box_coding", "score_activation", "score_threshold", "nms_iou",
  "max_detections",
};

enum
{
  TK_DTYPE, TK_SHAPE, TK_SCALE, TK_ZERO_POINT, TK_AXIS, TK_N
};
static const gchar *const tensor_keys[TK_N] = {
  "dtype", "shape", "scale", "zero_point", "axis",
};

/* Key indices (-1: absent) of one edge.tensor.<name>.* group. */
typedef struct
{
  gint key[TK_N];
} TensorKeys;

typedef struct
{
  gint op, name, inputs, outputs;
  guint n_attrs;
} NodeKeys;

typedef struct
{
  guint node;
  gint key;
  const gchar *attr;            /* points into the key */
} AttrKey;

typedef struct
{
  const EdgeGgufFile *file;
  GError **error;
  EdgeModel *model;

  guint node_count;
  gint info[EDGE_MODEL_N_INFO];
  gint task, labels;
  gint graph_inputs, graph_outputs;
  gint input[IN_N];
  gint classification[CL_N];
  gint detection[DT_N];
  NodeKeys *nodes;
  GArray *attrs;                /* AttrKey */
  GHashTable *tensors;          /* name (owned) -> TensorKeys* (owned) */
  GPtrArray *tensor_order;      /* names in key order (borrowed) */
  GArray *provenance;           /* key indices */
  GHashTable *inputs;           /* graph input names (set, owned) */
} Loader;

/* ------------------------------------------------------------------------ */
/* Typed reads, with messages naming the key                                  */

static gboolean load_fail (Loader * l, EdgeModelError code,
    const gchar * format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
load_fail (Loader * l, EdgeModelError code, const gchar * format, ...)
{
  va_list args;
  gchar *msg;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (l->error, EDGE_MODEL_ERROR, code, msg);
  g_free (msg);
  return FALSE;
}

static const gchar *
gguf_type_name (EdgeGgufType type)
{
  static const gchar *const names[] = {
    "uint8", "int8", "uint16", "int16", "uint32", "int32", "float32", "bool",
    "string", "array", "uint64", "int64", "float64",
  };

  return (guint) type < G_N_ELEMENTS (names) ? names[type] : "unknown";
}

static gboolean
type_is_int (EdgeGgufType t)
{
  return t == EDGE_GGUF_TYPE_UINT8 || t == EDGE_GGUF_TYPE_INT8 ||
      t == EDGE_GGUF_TYPE_UINT16 || t == EDGE_GGUF_TYPE_INT16 ||
      t == EDGE_GGUF_TYPE_UINT32 || t == EDGE_GGUF_TYPE_INT32 ||
      t == EDGE_GGUF_TYPE_UINT64 || t == EDGE_GGUF_TYPE_INT64;
}

static gboolean
type_is_unsigned (EdgeGgufType t)
{
  return t == EDGE_GGUF_TYPE_UINT8 || t == EDGE_GGUF_TYPE_UINT16 ||
      t == EDGE_GGUF_TYPE_UINT32 || t == EDGE_GGUF_TYPE_UINT64;
}

static gboolean
type_is_float (EdgeGgufType t)
{
  return t == EDGE_GGUF_TYPE_FLOAT32 || t == EDGE_GGUF_TYPE_FLOAT64;
}

static const gchar *
key_name (Loader * l, gint index)
{
  return edge_gguf_get_key (l->file, (guint) index);
}

static gboolean
get_value (Loader * l, gint index, EdgeGgufValue * value)
{
  if (!edge_gguf_get_value (l->file, (guint) index, value))
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': unreadable "
        "value", key_name (l, index));
  return TRUE;
}

static gboolean
wrong_type (Loader * l, gint index, const EdgeGgufValue * value,
    const gchar * want)
{
  if (value->type == EDGE_GGUF_TYPE_ARRAY)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' must be %s, got "
        "an array of %s", key_name (l, index), want,
        gguf_type_name (value->v.a.elem_type));
  return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' must be %s, got "
      "%s", key_name (l, index), want, gguf_type_name (value->type));
}

/* A string without NUL bytes, valid UTF-8, at most @max bytes. */
static gboolean
check_string (Loader * l, gint index, const gchar * str, gsize len, gsize max)
{
  if (len > max)
    return load_fail (l, EDGE_MODEL_ERROR_LIMIT, "key '%s': a string of %"
        G_GSIZE_FORMAT " bytes exceeds the limit of %" G_GSIZE_FORMAT,
        key_name (l, index), len, max);
  if (memchr (str, '\0', len) != NULL || !g_utf8_validate (str, len, NULL))
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': a string is "
        "not valid UTF-8 text", key_name (l, index));
  return TRUE;
}

static gboolean
read_string (Loader * l, gint index, gsize max, gchar ** out)
{
  EdgeGgufValue value;

  if (!get_value (l, index, &value))
    return FALSE;
  if (value.type != EDGE_GGUF_TYPE_STRING)
    return wrong_type (l, index, &value, "a string");
  if (!check_string (l, index, value.v.s.str, value.v.s.len, max))
    return FALSE;
  *out = g_strndup (value.v.s.str, value.v.s.len);
  return TRUE;
}

/* Any integer type, in [lo, hi]. */
static gboolean
read_int (Loader * l, gint index, gint64 lo, gint64 hi, gint64 * out)
{
  EdgeGgufValue value;
  gint64 x;

  if (!get_value (l, index, &value))
    return FALSE;
  if (!type_is_int (value.type))
    return wrong_type (l, index, &value, "an integer");
  if (type_is_unsigned (value.type) && value.v.u64 > (guint64) hi)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is %"
        G_GUINT64_FORMAT ", not in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
        "]", key_name (l, index), value.v.u64, lo, hi);
  x = type_is_unsigned (value.type) ? (gint64) value.v.u64 : value.v.i64;
  if (x < lo || x > hi)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is %"
        G_GINT64_FORMAT ", not in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
        "]", key_name (l, index), x, lo, hi);
  *out = x;
  return TRUE;
}

static gboolean
read_uint (Loader * l, gint index, guint max, guint * out)
{
  gint64 x;

  if (!read_int (l, index, 0, max, &x))
    return FALSE;
  *out = (guint) x;
  return TRUE;
}

static gboolean
read_float (Loader * l, gint index, gfloat * out)
{
  EdgeGgufValue value;

  if (!get_value (l, index, &value))
    return FALSE;
  if (!type_is_float (value.type))
    return wrong_type (l, index, &value, "a float");
  *out = (gfloat) value.v.f64;
  return TRUE;
}

static gboolean
read_string_array (Loader * l, gint index, guint max, gsize max_len,
    GPtrArray * out)
{
  EdgeGgufValue value;

  if (!get_value (l, index, &value))
    return FALSE;
  if (value.type != EDGE_GGUF_TYPE_ARRAY ||
      value.v.a.elem_type != EDGE_GGUF_TYPE_STRING)
    return wrong_type (l, index, &value, "an array of strings");
  if (value.v.a.count > max)
    return load_fail (l, EDGE_MODEL_ERROR_LIMIT, "key '%s' has %"
        G_GUINT64_FORMAT " strings; the limit is %u", key_name (l, index),
        value.v.a.count, max);
  for (guint64 i = 0; i < value.v.a.count; i++) {
    const gchar *str;
    gsize len;

    if (!edge_gguf_array_string (&value, i, &str, &len))
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': unreadable "
          "string %" G_GUINT64_FORMAT, key_name (l, index), i);
    if (!check_string (l, index, str, len, max_len))
      return FALSE;
    g_ptr_array_add (out, g_strndup (str, len));
  }
  return TRUE;
}

/* An array of integers (any integer element type), at most @max long. */
static gboolean
read_int_array (Loader * l, gint index, guint max, gint64 ** out, guint * n)
{
  EdgeGgufValue value;

  if (!get_value (l, index, &value))
    return FALSE;
  if (value.type != EDGE_GGUF_TYPE_ARRAY || !type_is_int (value.v.a.elem_type))
    return wrong_type (l, index, &value, "an array of integers");
  if (value.v.a.count > max)
    return load_fail (l, EDGE_MODEL_ERROR_LIMIT, "key '%s' has %"
        G_GUINT64_FORMAT " values; the limit is %u", key_name (l, index),
        value.v.a.count, max);
  *n = (guint) value.v.a.count;
  *out = g_new (gint64, MAX (*n, 1));
  for (guint i = 0; i < *n; i++) {
    gint64 x;

    if (!edge_gguf_array_int64 (&value, i, &x)) {
      g_clear_pointer (out, g_free);
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': value %u "
          "is out of range", key_name (l, index), i);
    }
    (*out)[i] = x;
  }
  return TRUE;
}

static gboolean
read_double_array (Loader * l, gint index, guint max, gdouble ** out,
    guint * n)
{
  EdgeGgufValue value;

  if (!get_value (l, index, &value))
    return FALSE;
  if (value.type != EDGE_GGUF_TYPE_ARRAY ||
      !type_is_float (value.v.a.elem_type))
    return wrong_type (l, index, &value, "an array of floats");
  if (value.v.a.count > max)
    return load_fail (l, EDGE_MODEL_ERROR_LIMIT, "key '%s' has %"
        G_GUINT64_FORMAT " values; the limit is %u", key_name (l, index),
        value.v.a.count, max);
  *n = (guint) value.v.a.count;
  *out = g_new (gdouble, MAX (*n, 1));
  for (guint i = 0; i < *n; i++)
    if (!edge_gguf_array_double (&value, i, &(*out)[i])) {
      g_clear_pointer (out, g_free);
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': unreadable "
          "value %u", key_name (l, index), i);
    }
  return TRUE;
}

static gboolean
read_float_array (Loader * l, gint index, guint max, gfloat ** out,
    guint * n)
{
  gdouble *d;

  if (!read_double_array (l, index, max, &d, n))
    return FALSE;
  *out = g_new (gfloat, MAX (*n, 1));
  for (guint i = 0; i < *n; i++)
    (*out)[i] = (gfloat) d[i];
  g_free (d);
  return TRUE;
}

/* Attributes and provenance: any scalar, string, or array of numbers. */
static gboolean
read_any (Loader * l, gint index, guint max, EdgeValue * out)
{
  EdgeGgufValue value;

  if (!get_value (l, index, &value))
    return FALSE;
  memset (out, 0, sizeof (*out));
  if (type_is_int (value.type)) {
    out->type = EDGE_VALUE_INT;
    return read_int (l, index, G_MININT64, G_MAXINT64, &out->v.i);
  }
  if (type_is_float (value.type)) {
    out->type = EDGE_VALUE_FLOAT;
    out->v.f = value.v.f64;
    return TRUE;
  }
  if (value.type == EDGE_GGUF_TYPE_BOOL) {
    out->type = EDGE_VALUE_BOOL;
    out->v.b = value.v.u64 != 0;
    return TRUE;
  }
  if (value.type == EDGE_GGUF_TYPE_STRING) {
    out->type = EDGE_VALUE_STRING;
    return read_string (l, index, EDGE_MODEL_MAX_STRING, &out->v.s);
  }
  if (value.type == EDGE_GGUF_TYPE_ARRAY && type_is_int (value.v.a.elem_type)) {
    out->type = EDGE_VALUE_INTS;
    return read_int_array (l, index, max, &out->v.ints.v, &out->v.ints.n);
  }
  if (value.type == EDGE_GGUF_TYPE_ARRAY &&
      type_is_float (value.v.a.elem_type)) {
    out->type = EDGE_VALUE_FLOATS;
    return read_double_array (l, index, max, &out->v.floats.v,
        &out->v.floats.n);
  }
  return wrong_type (l, index, &value, "a number, a bool, a string or an "
      "array of numbers");
}

/* ------------------------------------------------------------------------ */
/* The key pass                                                               */

static gboolean
unknown_key (Loader * l, const gchar * key)
{
  return load_fail (l, EDGE_MODEL_ERROR_INVALID, "unknown key '%s'", key);
}

static gboolean
set_slot (Loader * l, gint * slot, guint index)
{
  /* the container refuses duplicate keys; this guards keys that only
   * differ after a NUL byte */
  if (*slot >= 0)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' appears twice",
        key_name (l, (gint) index));
  *slot = (gint) index;
  return TRUE;
}

static gboolean
set_named_slot (Loader * l, const gchar * const *names, gint * slots,
    guint n, const gchar * field, guint index)
{
  for (guint i = 0; i < n; i++)
    if (strcmp (names[i], field) == 0)
      return set_slot (l, &slots[i], index);
  return unknown_key (l, key_name (l, (gint) index));
}

static gboolean
sort_node_key (Loader * l, const gchar * key, const gchar * rest, guint index)
{
  guint64 n = 0;
  const gchar *p = rest;
  NodeKeys *nk;
  AttrKey ak;

  /* decimal, no sign, no leading zero: one spelling per node */
  if (!g_ascii_isdigit (*p) || (p[0] == '0' && g_ascii_isdigit (p[1])))
    return unknown_key (l, key);
  while (g_ascii_isdigit (*p) && n <= G_MAXUINT32)
    n = n * 10 + (guint64) (*p++ - '0');
  if (*p != '.')
    return unknown_key (l, key);
  p++;
  if (n >= l->node_count)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is for node %"
        G_GUINT64_FORMAT ", but edge.graph.node_count is %u", key, n,
        l->node_count);
  nk = &l->nodes[n];
  if (strcmp (p, "op") == 0)
    return set_slot (l, &nk->op, index);
  if (strcmp (p, "name") == 0)
    return set_slot (l, &nk->name, index);
  if (strcmp (p, "inputs") == 0)
    return set_slot (l, &nk->inputs, index);
  if (strcmp (p, "outputs") == 0)
    return set_slot (l, &nk->outputs, index);
  if (g_str_has_prefix (p, "attr.")) {
    ak.node = (guint) n;
    ak.key = (gint) index;
    ak.attr = p + 5;
    if (ak.attr[0] == '\0')
      return unknown_key (l, key);
    for (const gchar * c = ak.attr; *c; c++)
      if (!g_ascii_islower (*c) && !g_ascii_isdigit (*c) && *c != '_')
        return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': attribute "
            "names are [a-z0-9_]+", key);
    /* attributes are kept in small lists: bound them, or a file could make
     * setting them quadratic */
    if (++nk->n_attrs > EDGE_MODEL_MAX_ATTRS)
      return load_fail (l, EDGE_MODEL_ERROR_LIMIT, "node %" G_GUINT64_FORMAT
          " has more than %u attributes", n, EDGE_MODEL_MAX_ATTRS);
    g_array_append_val (l->attrs, ak);
    return TRUE;
  }
  return load_fail (l, EDGE_MODEL_ERROR_INVALID, "node %" G_GUINT64_FORMAT
      ": unknown key '%s'", n, key);
}

static gboolean
sort_tensor_key (Loader * l, const gchar * key, const gchar * rest,
    guint index)
{
  const gchar *dot = strrchr (rest, '.');
  TensorKeys *tk;
  gchar *name;

  if (dot == NULL || dot == rest)
    return unknown_key (l, key);
  name = g_strndup (rest, dot - rest);
  tk = g_hash_table_lookup (l->tensors, name);
  if (tk == NULL) {
    if (g_hash_table_size (l->tensors) >= 4 * EDGE_MODEL_MAX_NODES) {
      g_free (name);
      return load_fail (l, EDGE_MODEL_ERROR_LIMIT, "too many edge.tensor.* "
          "groups");
    }
    tk = g_new (TensorKeys, 1);
    for (guint i = 0; i < TK_N; i++)
      tk->key[i] = -1;
    g_hash_table_insert (l->tensors, name, tk);
    g_ptr_array_add (l->tensor_order, name);
  } else {
    g_free (name);
  }
  return set_named_slot (l, tensor_keys, tk->key, TK_N, dot + 1, index);
}

static gboolean
sort_keys (Loader * l)
{
  const guint n_kv = edge_gguf_get_n_kv (l->file);

  for (guint i = 0; i < n_kv; i++) {
    const gchar *key = edge_gguf_get_key (l->file, i);
    const gchar *rest;
    gboolean ok = TRUE;

    if (key == NULL)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key %u is unreadable",
          i);
    if (g_str_has_prefix (key, "general.")) {
      /* our general.* strings are kept; other tools' general.* keys are
       * theirs (architecture and alignment are read elsewhere) */
      for (guint k = 0; k < EDGE_MODEL_N_INFO; k++)
        if (strcmp (key + 8, edge_model_info_keys[k]) == 0)
          ok = set_slot (l, &l->info[k], i);
    } else if (!g_str_has_prefix (key, "edge.")) {
      continue;
    } else if (strcmp (key, "edge.format_version") == 0 ||
        strcmp (key, "edge.graph.node_count") == 0) {
      continue;                 /* read before the pass */
    } else if (strcmp (key, "edge.task") == 0) {
      ok = set_slot (l, &l->task, i);
    } else if (strcmp (key, "edge.labels") == 0) {
      ok = set_slot (l, &l->labels, i);
    } else if (strcmp (key, "edge.graph.inputs") == 0) {
      ok = set_slot (l, &l->graph_inputs, i);
    } else if (strcmp (key, "edge.graph.outputs") == 0) {
      ok = set_slot (l, &l->graph_outputs, i);
    } else if ((rest = g_str_has_prefix (key, "edge.node.") ? key + 10 :
            NULL)) {
      ok = sort_node_key (l, key, rest, i);
    } else if ((rest = g_str_has_prefix (key, "edge.tensor.") ? key + 12 :
            NULL)) {
      ok = sort_tensor_key (l, key, rest, i);
    } else if (g_str_has_prefix (key, "edge.input.")) {
      ok = set_named_slot (l, input_keys, l->input, IN_N, key + 11, i);
    } else if (g_str_has_prefix (key, "edge.classification.")) {
      ok = set_named_slot (l, classification_keys, l->classification, CL_N,
          key + 20, i);
    } else if (g_str_has_prefix (key, "edge.detection.")) {
      ok = set_named_slot (l, detection_keys, l->detection, DT_N, key + 15,
          i);
    } else if (g_str_has_prefix (key, "edge.provenance.")) {
      gint k = (gint) i;

      if (l->provenance->len >= EDGE_MODEL_MAX_PROVENANCE)
        return load_fail (l, EDGE_MODEL_ERROR_LIMIT, "more than %u "
            "edge.provenance.* keys", EDGE_MODEL_MAX_PROVENANCE);
      g_array_append_val (l->provenance, k);
    } else {
      ok = unknown_key (l, key);
    }
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Building the model                                                         */

static gboolean
require_key (Loader * l, gint slot, const gchar * key)
{
  if (slot < 0)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "missing key '%s'", key);
  return TRUE;
}

/* edge.tensor.<name>.{scale,zero_point,axis} -> tensor quantization */
static gboolean
load_quant (Loader * l, EdgeTensor * t, const TensorKeys * tk)
{
  gfloat *scales = NULL;
  gint64 *zps64 = NULL, axis = -1;
  gint32 *zps = NULL;
  guint n = 0, n_zp = 0;
  gboolean ok = FALSE;

  if (tk->key[TK_SCALE] < 0) {
    if (tk->key[TK_ZERO_POINT] >= 0 || tk->key[TK_AXIS] >= 0)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor '%s' has a "
          "zero point or axis but no edge.tensor.%s.scale", t->name, t->name);
    return TRUE;
  }
  if (!read_float_array (l, tk->key[TK_SCALE], EDGE_MODEL_MAX_ELEMENTS,
          &scales, &n))
    return FALSE;
  if (n == 0) {
    load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is empty",
        key_name (l, tk->key[TK_SCALE]));
    goto out;
  }
  if (tk->key[TK_ZERO_POINT] >= 0) {
    if (!read_int_array (l, tk->key[TK_ZERO_POINT], EDGE_MODEL_MAX_ELEMENTS,
            &zps64, &n_zp))
      goto out;
    if (n_zp != n) {
      load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor '%s': %u zero points "
          "for %u scales", t->name, n_zp, n);
      goto out;
    }
    zps = g_new (gint32, n);
    for (guint i = 0; i < n; i++) {
      if (zps64[i] < G_MININT32 || zps64[i] > G_MAXINT32) {
        load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor '%s': zero point %u "
            "is %" G_GINT64_FORMAT ", out of range", t->name, i, zps64[i]);
        goto out;
      }
      zps[i] = (gint32) zps64[i];
    }
  }
  if (tk->key[TK_AXIS] >= 0 && !read_int (l, tk->key[TK_AXIS], 0,
          EDGE_MODEL_MAX_RANK - 1, &axis))
    goto out;
  edge_model_set_quant (l->model, t, (gint) axis, n, scales, zps);
  ok = TRUE;

out:
  g_free (scales);
  g_free (zps64);
  g_free (zps);
  return ok;
}

/* Mapping shared by every loaded tensor's GBytes: the file stays open until
 * the last tensor (of this model or of any model sharing its data) goes. */
typedef struct
{
  EdgeGgufFile *file;
  gpointer buffer;              /* edge_model_load_memory's aligned copy */
} Mapping;

static void
mapping_free (Mapping * m)
{
  edge_gguf_close (m->file);
  g_aligned_free (m->buffer);
  g_free (m);
}

static gboolean
load_constants (Loader * l, GBytes * mapping)
{
  const guint n = edge_gguf_get_n_tensors (l->file);

  for (guint i = 0; i < n; i++) {
    const EdgeGgufTensor *gt = edge_gguf_get_tensor (l->file, i);
    gint64 shape[EDGE_MODEL_MAX_RANK];
    TensorKeys *tk;
    EdgeTensor *t;
    GBytes *bytes;

    if (gt == NULL || gt->n_dims < 1 || gt->n_dims > EDGE_MODEL_MAX_RANK)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor %u: unsupported "
          "rank", i);
    /* GGUF stores dimensions innermost first; the model outermost first */
    for (guint d = 0; d < gt->n_dims; d++) {
      if (gt->dims[d] < 1 || gt->dims[d] > (guint64) EDGE_MODEL_MAX_ELEMENTS)
        return load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor '%s': "
            "dimension %" G_GUINT64_FORMAT " is not in [1, 2^28]", gt->name,
            gt->dims[d]);
      shape[gt->n_dims - 1 - d] = (gint64) gt->dims[d];
    }
    bytes = g_bytes_new_with_free_func (gt->data, gt->n_bytes,
        (GDestroyNotify) g_bytes_unref, g_bytes_ref (mapping));
    t = edge_model_add_constant_bytes (l->model, gt->name,
        (EdgeDType) gt->type, gt->n_dims, shape, bytes, l->error);
    g_bytes_unref (bytes);
    if (t == NULL)
      return FALSE;
    tk = g_hash_table_lookup (l->tensors, gt->name);
    if (tk == NULL)
      continue;
    if (tk->key[TK_DTYPE] >= 0 || tk->key[TK_SHAPE] >= 0)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': a constant's "
          "dtype and shape come from its tensor info",
          key_name (l, MAX (tk->key[TK_DTYPE], tk->key[TK_SHAPE])));
    if (!load_quant (l, t, tk))
      return FALSE;
  }
  return TRUE;
}

/* edge.tensor.<name>.dtype / .shape of an activation */
static gboolean
read_declared (Loader * l, const gchar * name, const TensorKeys * tk,
    gboolean required, EdgeDType * dtype, guint * rank, gint64 * shape)
{
  g_autofree gchar *s = NULL;
  g_autofree gint64 *dims = NULL;
  guint n;

  *dtype = EDGE_DTYPE_UNKNOWN;
  *rank = 0;
  if (tk == NULL || tk->key[TK_DTYPE] < 0 || tk->key[TK_SHAPE] < 0) {
    if (required)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "graph input '%s' needs "
          "edge.tensor.%s.dtype and edge.tensor.%s.shape", name, name, name);
    if (tk == NULL || (tk->key[TK_DTYPE] < 0 && tk->key[TK_SHAPE] < 0))
      return TRUE;
  }
  if (tk->key[TK_DTYPE] >= 0) {
    if (!read_string (l, tk->key[TK_DTYPE], 16, &s))
      return FALSE;
    if (!edge_dtype_from_name (s, dtype))
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is '%s'; "
          "expected f32, i8, i16 or i32", key_name (l, tk->key[TK_DTYPE]), s);
  }
  if (tk->key[TK_SHAPE] >= 0) {
    if (!read_int_array (l, tk->key[TK_SHAPE], EDGE_MODEL_MAX_RANK, &dims, &n))
      return FALSE;
    if (n < 1)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is empty",
          key_name (l, tk->key[TK_SHAPE]));
    for (guint i = 0; i < n; i++)
      if (dims[i] < 1 || dims[i] > EDGE_MODEL_MAX_ELEMENTS)
        return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s': dimension "
            "%u is %" G_GINT64_FORMAT ", not in [1, 2^28]",
            key_name (l, tk->key[TK_SHAPE]), i, dims[i]);
    *rank = n;
    memcpy (shape, dims, n * sizeof (gint64));
  }
  return TRUE;
}

static gboolean
load_graph (Loader * l)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (!require_key (l, l->graph_inputs, "edge.graph.inputs") ||
      !require_key (l, l->graph_outputs, "edge.graph.outputs") ||
      !read_string_array (l, l->graph_inputs, EDGE_MODEL_MAX_GRAPH_IO,
          EDGE_MODEL_MAX_NAME, names))
    return FALSE;
  for (guint i = 0; i < names->len; i++) {
    const gchar *name = g_ptr_array_index (names, i);
    TensorKeys *tk = g_hash_table_lookup (l->tensors, name);
    gint64 shape[EDGE_MODEL_MAX_RANK];
    EdgeDType dtype;
    EdgeTensor *t;
    guint rank;

    if (edge_model_find_tensor (l->model, name))
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "graph input '%s' is "
          "also a constant or listed twice", name);
    if (!read_declared (l, name, tk, TRUE, &dtype, &rank, shape))
      return FALSE;
    t = edge_model_add_input (l->model, name, dtype, rank, shape, l->error);
    if (t == NULL || !load_quant (l, t, tk))
      return FALSE;
    g_hash_table_add (l->inputs, g_strdup (name));
  }

  for (guint i = 0; i < l->node_count; i++) {
    const NodeKeys *nk = &l->nodes[i];
    g_autoptr (GPtrArray) inputs = g_ptr_array_new_with_free_func (g_free);
    g_autoptr (GPtrArray) outputs = g_ptr_array_new_with_free_func (g_free);
    g_autofree gchar *op_name = NULL;
    EdgeNode *node;
    EdgeOp op;

    if (nk->op < 0 || nk->inputs < 0 || nk->outputs < 0)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "node %u: missing key "
          "'edge.node.%u.%s'", i, i, nk->op < 0 ? "op" : nk->inputs < 0 ?
          "inputs" : "outputs");
    if (!read_string (l, nk->op, 64, &op_name))
      return FALSE;
    if (!edge_op_from_name (op_name, &op))
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "node %u: unknown op "
          "'%s'", i, op_name);
    if (!read_string_array (l, nk->inputs, EDGE_MODEL_MAX_NODE_INPUTS,
            EDGE_MODEL_MAX_NAME, inputs) ||
        !read_string_array (l, nk->outputs, EDGE_MODEL_MAX_NODE_INPUTS,
            EDGE_MODEL_MAX_NAME, outputs))
      return FALSE;
    g_ptr_array_add (inputs, NULL);
    g_ptr_array_add (outputs, NULL);
    node = edge_model_add_node (l->model, op,
        (const gchar * const *) inputs->pdata,
        (const gchar * const *) outputs->pdata, l->error);
    if (node == NULL)
      return FALSE;
    if (nk->name >= 0 && !read_string (l, nk->name, EDGE_MODEL_MAX_STRING,
            &node->name))
      return FALSE;
  }
  for (guint i = 0; i < l->attrs->len; i++) {
    const AttrKey *ak = &g_array_index (l->attrs, AttrKey, i);
    EdgeNode *node = edge_model_get_node (l->model, ak->node);
    EdgeValue value;

    if (!read_any (l, ak->key, 64, &value))
      return FALSE;
    edge_node_set_attr (node, ak->attr, &value);
    edge_value_clear (&value);
  }

  g_ptr_array_set_size (names, 0);
  if (!read_string_array (l, l->graph_outputs, EDGE_MODEL_MAX_GRAPH_IO,
          EDGE_MODEL_MAX_NAME, names))
    return FALSE;
  for (guint i = 0; i < names->len; i++)
    if (!edge_model_add_output (l->model, g_ptr_array_index (names, i),
            l->error))
      return FALSE;
  return TRUE;
}

/* Quantization of activations; declared dtypes/shapes of intermediates are
 * kept in @declared for a check against inference. */
static gboolean
load_activation_keys (Loader * l, GPtrArray * declared)
{
  for (guint i = 0; i < l->tensor_order->len; i++) {
    const gchar *name = g_ptr_array_index (l->tensor_order, i);
    TensorKeys *tk = g_hash_table_lookup (l->tensors, name);
    EdgeTensor *t = edge_model_find_tensor (l->model, name);
    if (t == NULL) {
      gint k = 0;

      while (tk->key[k] < 0)
        k++;
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' names no "
          "tensor of the model", key_name (l, tk->key[k]));
    }
    if (edge_tensor_is_constant (t))
      continue;                 /* done with the constants */
    if (g_hash_table_contains (l->inputs, name))
      continue;                 /* done with the graph inputs */
    if (!load_quant (l, t, tk))
      return FALSE;
    if (tk->key[TK_DTYPE] >= 0 || tk->key[TK_SHAPE] >= 0) {
      EdgeTensor *d = g_new0 (EdgeTensor, 1);

      d->name = (gchar *) name;
      if (!read_declared (l, name, tk, FALSE, &d->dtype, &d->rank, d->shape)) {
        g_free (d);
        return FALSE;
      }
      g_ptr_array_add (declared, d);
    }
  }
  return TRUE;
}

static gboolean
read_enum (Loader * l, gint slot, const gchar * const *names, guint n,
    guint * out)
{
  g_autofree gchar *s = NULL;
  g_autofree gchar *list = NULL;

  if (slot < 0)
    return TRUE;                /* keep the default */
  if (!read_string (l, slot, 64, &s))
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (strcmp (s, names[i]) == 0) {
      *out = i;
      return TRUE;
    }
  list = g_strjoinv (", ", (gchar **) names);
  return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is '%s'; expected "
      "one of: %s", key_name (l, slot), s, list);
}

static const gchar *const layout_names[] = { "nhwc", "nchw", NULL };
static const gchar *const color_names[] = { "rgb", "bgr", "gray", NULL };
static const gchar *const resize_names[] = { "stretch", "letterbox", NULL };
static const gchar *const task_names[] =
    { "none", "classification", "detection", NULL };
static const gchar *const activation_names[] =
    { "none", "sigmoid", "softmax", NULL };
static const gchar *const coding_names[] = { "linear", "exp", NULL };

static gboolean
read_floats_exact (Loader * l, gint slot, guint want, const gchar * why,
    gfloat * out)
{
  g_autofree gfloat *v = NULL;
  guint n;

  if (slot < 0)
    return TRUE;
  if (!read_float_array (l, slot, 16, &v, &n))
    return FALSE;
  if (n != want)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' has %u values; "
        "%s needs %u", key_name (l, slot), n, why, want);
  memcpy (out, v, want * sizeof (gfloat));
  return TRUE;
}

static gboolean
load_input_desc (Loader * l)
{
  EdgeInputDesc d = { 0 };
  gboolean any = FALSE;
  guint e, channels;
  g_autofree gchar *why = NULL;

  for (guint i = 0; i < IN_N; i++)
    any |= l->input[i] >= 0;
  if (!any)
    return TRUE;
  if (!require_key (l, l->input[IN_WIDTH], "edge.input.width") ||
      !require_key (l, l->input[IN_HEIGHT], "edge.input.height") ||
      !require_key (l, l->input[IN_COLOR], "edge.input.color") ||
      !read_uint (l, l->input[IN_WIDTH], G_MAXUINT32, &d.width) ||
      !read_uint (l, l->input[IN_HEIGHT], G_MAXUINT32, &d.height))
    return FALSE;
  e = EDGE_MODEL_LAYOUT_NHWC;
  if (!read_enum (l, l->input[IN_LAYOUT], layout_names, 2, &e))
    return FALSE;
  d.layout = e;
  e = EDGE_MODEL_COLOR_RGB;
  if (!read_enum (l, l->input[IN_COLOR], color_names, 3, &e))
    return FALSE;
  d.color = e;
  e = EDGE_MODEL_RESIZE_STRETCH;
  if (!read_enum (l, l->input[IN_RESIZE], resize_names, 2, &e))
    return FALSE;
  d.resize = e;
  if (l->input[IN_LETTERBOX_FILL] >= 0 &&
      !read_uint (l, l->input[IN_LETTERBOX_FILL], 255, &d.letterbox_fill))
    return FALSE;
  channels = edge_model_color_channels (d.color);
  for (guint c = 0; c < 3; c++)
    d.scale[c] = 1.0f;
  why = g_strdup_printf ("%s input", edge_model_color_name (d.color));
  if (!read_floats_exact (l, l->input[IN_MEAN], channels, why, d.mean) ||
      !read_floats_exact (l, l->input[IN_SCALE], channels, why, d.scale))
    return FALSE;
  edge_model_set_input_desc (l->model, &d);
  return TRUE;
}

static gboolean
load_classification (Loader * l)
{
  EdgeClassification c;
  g_autofree gchar *output = NULL;
  guint e;

  edge_classification_init (&c);
  if (l->classification[CL_OUTPUT] >= 0) {
    if (!read_string (l, l->classification[CL_OUTPUT], EDGE_MODEL_MAX_NAME,
            &output))
      return FALSE;
    c.output = output;
  }
  if (l->classification[CL_TOP_K] >= 0 &&
      !read_uint (l, l->classification[CL_TOP_K], G_MAXUINT32, &c.top_k))
    return FALSE;
  e = c.activation;
  if (!read_enum (l, l->classification[CL_ACTIVATION], activation_names, 3,
          &e))
    return FALSE;
  c.activation = e;
  if (l->classification[CL_THRESHOLD] >= 0 &&
      !read_float (l, l->classification[CL_THRESHOLD], &c.threshold))
    return FALSE;
  edge_model_set_classification (l->model, &c);
  return TRUE;
}

static gboolean
load_detection (Loader * l)
{
  EdgeDetection d;
  g_autofree gchar *scores = NULL, *boxes = NULL;
  g_autofree gfloat *anchors = NULL;
  const gint *k = l->detection;
  guint n, e;

  edge_detection_init (&d);
  if (!require_key (l, k[DT_SCORES], "edge.detection.scores") ||
      !require_key (l, k[DT_BOXES], "edge.detection.boxes") ||
      !require_key (l, k[DT_ANCHORS], "edge.detection.anchors") ||
      !read_string (l, k[DT_SCORES], EDGE_MODEL_MAX_NAME, &scores) ||
      !read_string (l, k[DT_BOXES], EDGE_MODEL_MAX_NAME, &boxes) ||
      !read_float_array (l, k[DT_ANCHORS], 4 * EDGE_MODEL_MAX_ANCHORS,
          &anchors, &n))
    return FALSE;
  if (n % 4 != 0)
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key "
        "'edge.detection.anchors' has %u values, not a multiple of 4 (cx, cy, "
        "w, h per anchor)", n);
  d.scores = scores;
  d.boxes = boxes;
  d.anchors = anchors;
  d.n_anchors = n / 4;
  if ((k[DT_NUM_CLASSES] >= 0 &&
          !read_uint (l, k[DT_NUM_CLASSES], G_MAXUINT32, &d.num_classes)) ||
      (k[DT_NUM_KEYPOINTS] >= 0 &&
          !read_uint (l, k[DT_NUM_KEYPOINTS], G_MAXUINT32,
              &d.num_keypoints)) ||
      !read_floats_exact (l, k[DT_BOX_SCALE], 4, "box_scale (x, y, w, h)",
          d.box_scale) ||
      (k[DT_SCORE_THRESHOLD] >= 0 &&
          !read_float (l, k[DT_SCORE_THRESHOLD], &d.score_threshold)) ||
      (k[DT_NMS_IOU] >= 0 && !read_float (l, k[DT_NMS_IOU], &d.nms_iou)) ||
      (k[DT_MAX_DETECTIONS] >= 0 &&
          !read_uint (l, k[DT_MAX_DETECTIONS], G_MAXUINT32,
              &d.max_detections)))
    return FALSE;
  e = d.box_coding;
  if (!read_enum (l, k[DT_BOX_CODING], coding_names, 2, &e))
    return FALSE;
  d.box_coding = e;
  e = d.score_activation;
  if (!read_enum (l, k[DT_SCORE_ACTIVATION], activation_names, 3, &e))
    return FALSE;
  d.score_activation = e;
  edge_model_set_detection (l->model, &d);
  return TRUE;
}

static gboolean
any_slot (const gint * slots, guint n, gint * which)
{
  for (guint i = 0; i < n; i++)
    if (slots[i] >= 0) {
      *which = slots[i];
      return TRUE;
    }
  return FALSE;
}

static gboolean
load_metadata (Loader * l)
{
  guint task = EDGE_TASK_NONE;
  gint stray;

  for (guint i = 0; i < EDGE_MODEL_N_INFO; i++) {
    g_autofree gchar *s = NULL;

    if (l->info[i] < 0)
      continue;
    if (!read_string (l, l->info[i], EDGE_MODEL_MAX_STRING, &s))
      return FALSE;
    edge_model_set_info (l->model, edge_model_info_keys[i], s);
  }
  if (!load_input_desc (l))
    return FALSE;
  if (l->labels >= 0) {
    g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

    if (!read_string_array (l, l->labels, EDGE_MODEL_MAX_LABELS,
            EDGE_MODEL_MAX_LABEL_LEN, labels))
      return FALSE;
    edge_model_set_labels (l->model, (const gchar * const *) labels->pdata,
        labels->len);
  }
  if (!read_enum (l, l->task, task_names, 3, &task))
    return FALSE;
  if (task != EDGE_TASK_CLASSIFICATION &&
      any_slot (l->classification, CL_N, &stray))
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is set but "
        "edge.task is '%s'", key_name (l, stray), task_names[task]);
  if (task != EDGE_TASK_DETECTION && any_slot (l->detection, DT_N, &stray))
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "key '%s' is set but "
        "edge.task is '%s'", key_name (l, stray), task_names[task]);
  if ((task == EDGE_TASK_CLASSIFICATION && !load_classification (l)) ||
      (task == EDGE_TASK_DETECTION && !load_detection (l)))
    return FALSE;

  for (guint i = 0; i < l->provenance->len; i++) {
    const gint k = g_array_index (l->provenance, gint, i);
    EdgeValue value;

    if (!read_any (l, k, EDGE_MODEL_MAX_ARRAY, &value))
      return FALSE;
    edge_model_set_provenance (l->model, key_name (l, k) + 16, &value);
    edge_value_clear (&value);
  }
  return TRUE;
}

/* Declared intermediate dtypes and shapes must agree with inference. */
static gboolean
check_declared (Loader * l, GPtrArray * declared)
{
  for (guint i = 0; i < declared->len; i++) {
    const EdgeTensor *d = g_ptr_array_index (declared, i);
    const EdgeTensor *t = edge_model_find_tensor (l->model, d->name);

    if (t == NULL)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor '%s' has keys "
          "but is not used by the graph", d->name);
    if (d->dtype != EDGE_DTYPE_UNKNOWN && d->dtype != t->dtype)
      return load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor '%s': declared "
          "dtype %s, but its node produces %s", d->name,
          edge_dtype_name (d->dtype), edge_dtype_name (t->dtype));
    if (d->rank != 0 && (d->rank != t->rank ||
            memcmp (d->shape, t->shape, d->rank * sizeof (gint64)) != 0)) {
      GString *a = g_string_new (NULL), *b = g_string_new (NULL);

      edge_shape_append (a, d->rank, d->shape);
      edge_shape_append (b, t->rank, t->shape);
      load_fail (l, EDGE_MODEL_ERROR_INVALID, "tensor '%s': declared shape "
          "%s, but its node produces %s", d->name, a->str, b->str);
      g_string_free (a, TRUE);
      g_string_free (b, TRUE);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
load_header (Loader * l)
{
  gint k = edge_gguf_find_key (l->file, "general.architecture");
  g_autofree gchar *arch = NULL;
  gint64 version;

  if (k < 0)
    return load_fail (l, EDGE_MODEL_ERROR_UNSUPPORTED, "missing key "
        "'general.architecture'; not a gst-edge model");
  if (!read_string (l, k, 256, &arch))
    return FALSE;
  if (strcmp (arch, EDGE_MODEL_ARCHITECTURE) != 0)
    return load_fail (l, EDGE_MODEL_ERROR_UNSUPPORTED, "general.architecture "
        "is '%s'; not a gst-edge model", arch);
  k = edge_gguf_find_key (l->file, "edge.format_version");
  if (!require_key (l, k, "edge.format_version") ||
      !read_int (l, k, 1, G_MAXINT64, &version))
    return FALSE;
  if (version > EDGE_MODEL_FORMAT_VERSION)
    return load_fail (l, EDGE_MODEL_ERROR_UNSUPPORTED, "edge.format_version "
        "%" G_GINT64_FORMAT " is newer than this library reads (%d)", version,
        EDGE_MODEL_FORMAT_VERSION);
  if (!edge_model_set_alignment (l->model, edge_gguf_get_alignment (l->file)))
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "general.alignment %u is "
        "not a power of two multiple of 8", edge_gguf_get_alignment (l->file));

  k = edge_gguf_find_key (l->file, "edge.graph.node_count");
  if (!require_key (l, k, "edge.graph.node_count") ||
      !read_uint (l, k, EDGE_MODEL_MAX_NODES, &l->node_count))
    return FALSE;
  /* every node takes three keys: a count above that is a lie, and sizing
   * arrays by it would let a tiny file allocate a lot */
  if ((guint64) l->node_count * 3 > edge_gguf_get_n_kv (l->file))
    return load_fail (l, EDGE_MODEL_ERROR_INVALID, "edge.graph.node_count is "
        "%u, but the file has only %u keys", l->node_count,
        edge_gguf_get_n_kv (l->file));
  return TRUE;
}

static EdgeModel *
load_file (EdgeGgufFile * file, gpointer buffer, GError ** error)
{
  Loader l = {.file = file,.error = error,.task = -1,.labels = -1,
    .graph_inputs = -1,.graph_outputs = -1
  };
  Mapping *mapping = g_new0 (Mapping, 1);
  GBytes *mapping_bytes;
  GPtrArray *declared = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  mapping->file = file;
  mapping->buffer = buffer;
  mapping_bytes = g_bytes_new_with_free_func (NULL, 0,
      (GDestroyNotify) mapping_free, mapping);

  l.model = edge_model_new ();
  for (guint i = 0; i < EDGE_MODEL_N_INFO; i++)
    l.info[i] = -1;
  for (guint i = 0; i < IN_N; i++)
    l.input[i] = -1;
  for (guint i = 0; i < CL_N; i++)
    l.classification[i] = -1;
  for (guint i = 0; i < DT_N; i++)
    l.detection[i] = -1;
  l.attrs = g_array_new (FALSE, FALSE, sizeof (AttrKey));
  l.tensors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  l.tensor_order = g_ptr_array_new ();
  l.provenance = g_array_new (FALSE, FALSE, sizeof (gint));
  l.inputs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  ok = load_header (&l);
  if (ok) {
    l.nodes = g_new (NodeKeys, MAX (l.node_count, 1));
    for (guint i = 0; i < l.node_count; i++)
      l.nodes[i] = (NodeKeys) {.op = -1,.name = -1,.inputs = -1,
        .outputs = -1
      };
    ok = sort_keys (&l) && load_constants (&l, mapping_bytes) &&
        load_graph (&l) && load_activation_keys (&l, declared) &&
        load_metadata (&l) && edge_model_validate (l.model, error) &&
        check_declared (&l, declared);
  }

  g_ptr_array_unref (declared);
  g_free (l.nodes);
  g_array_unref (l.attrs);
  g_ptr_array_unref (l.tensor_order);
  g_hash_table_unref (l.tensors);
  g_array_unref (l.provenance);
  g_hash_table_unref (l.inputs);
  /* tensors hold the mapping from here on */
  g_bytes_unref (mapping_bytes);
  if (!ok)
    g_clear_pointer (&l.model, edge_model_unref);
  return l.model;
}

EdgeModel *
edge_model_load (const gchar * path, GError ** error)
{
  EdgeGgufFile *file;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = edge_gguf_open (path, error);
  if (file == NULL)
    return NULL;
  return load_file (file, NULL, error);
}

EdgeModel *
edge_model_load_memory (gconstpointer data, gsize size, GError ** error)
{
  EdgeGgufFile *file;
  gpointer buffer;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* tensors are read in place: copy to a buffer aligned like a mapping */
  buffer = g_aligned_alloc (MAX (size, 1), 1, 64);
  if (size)
    memcpy (buffer, data, size);
  file = edge_gguf_open_memory (buffer, size, error);
  if (file == NULL) {
    g_aligned_free (buffer);
    return NULL;
  }
  return load_file (file, buffer, error);
}

/* ------------------------------------------------------------------------ */
/* Saving                                                                     */

/* The narrowest GGUF type that holds the value exactly: what other GGUF
 * tools expect (int32, float32), without losing what the model holds. */
static void
write_value (EdgeGgufWriter * w, const gchar * key, const EdgeValue * value)
{
  switch (value->type) {
    case EDGE_VALUE_INT:
      if (value->v.i >= G_MININT32 && value->v.i <= G_MAXINT32)
        edge_gguf_writer_set_int32 (w, key, (gint32) value->v.i);
      else
        edge_gguf_writer_set_int64 (w, key, value->v.i);
      break;
    case EDGE_VALUE_FLOAT:
      if ((gdouble) (gfloat) value->v.f == value->v.f || isnan (value->v.f))
        edge_gguf_writer_set_float32 (w, key, (gfloat) value->v.f);
      else
        edge_gguf_writer_set_float64 (w, key, value->v.f);
      break;
    case EDGE_VALUE_BOOL:
      edge_gguf_writer_set_bool (w, key, value->v.b);
      break;
    case EDGE_VALUE_STRING:
      edge_gguf_writer_set_string (w, key, value->v.s);
      break;
    case EDGE_VALUE_INTS:{
      const guint n = value->v.ints.n;
      gboolean fits = TRUE;

      for (guint i = 0; i < n; i++)
        fits &= value->v.ints.v[i] >= G_MININT32 &&
            value->v.ints.v[i] <= G_MAXINT32;
      if (fits) {
        gint32 *v32 = g_new (gint32, MAX (n, 1));

        for (guint i = 0; i < n; i++)
          v32[i] = (gint32) value->v.ints.v[i];
        edge_gguf_writer_set_int32_array (w, key, v32, n);
        g_free (v32);
      } else {
        EdgeGgufValue gv = {.type = EDGE_GGUF_TYPE_ARRAY };

        gv.v.a.elem_type = EDGE_GGUF_TYPE_INT64;
        gv.v.a.count = n;
        gv.v.a.data = (const guint8 *) value->v.ints.v;
        edge_gguf_writer_set_value (w, key, &gv);
      }
      break;
    }
    case EDGE_VALUE_FLOATS:{
      const guint n = value->v.floats.n;
      gboolean fits = TRUE;

      for (guint i = 0; i < n; i++)
        fits &= (gdouble) (gfloat) value->v.floats.v[i] ==
            value->v.floats.v[i] || isnan (value->v.floats.v[i]);
      if (fits) {
        gfloat *v32 = g_new (gfloat, MAX (n, 1));

        for (guint i = 0; i < n; i++)
          v32[i] = (gfloat) value->v.floats.v[i];
        edge_gguf_writer_set_float32_array (w, key, v32, n);
        g_free (v32);
      } else {
        EdgeGgufValue gv = {.type = EDGE_GGUF_TYPE_ARRAY };

        gv.v.a.elem_type = EDGE_GGUF_TYPE_FLOAT64;
        gv.v.a.count = n;
        gv.v.a.data = (const guint8 *) value->v.floats.v;
        edge_gguf_writer_set_value (w, key, &gv);
      }
      break;
    }
  }
}

static void
write_strings (EdgeGgufWriter * w, const gchar * key, GPtrArray * strings)
{
  edge_gguf_writer_set_string_array (w, key,
      (const gchar * const *) strings->pdata, strings->len);
}

static void
write_quant (EdgeGgufWriter * w, const EdgeTensor * t)
{
  g_autofree gchar *k_scale = g_strdup_printf ("edge.tensor.%s.scale",
      t->name);
  g_autofree gchar *k_zp = g_strdup_printf ("edge.tensor.%s.zero_point",
      t->name);

  if (t->quant.n == 0)
    return;
  edge_gguf_writer_set_float32_array (w, k_scale, t->quant.scales,
      t->quant.n);
  edge_gguf_writer_set_int32_array (w, k_zp, t->quant.zero_points,
      t->quant.n);
  if (t->quant.axis >= 0) {
    g_autofree gchar *k_axis = g_strdup_printf ("edge.tensor.%s.axis",
        t->name);

    edge_gguf_writer_set_int32 (w, k_axis, t->quant.axis);
  }
}

/* dtype and shape: graph inputs need them; for the others they are a
 * convenience for readers (and checked against inference when loading) */
static void
write_activation (EdgeGgufWriter * w, const EdgeTensor * t)
{
  g_autofree gchar *k_dtype = g_strdup_printf ("edge.tensor.%s.dtype",
      t->name);
  g_autofree gchar *k_shape = g_strdup_printf ("edge.tensor.%s.shape",
      t->name);
  gint32 shape[EDGE_MODEL_MAX_RANK];

  for (guint d = 0; d < t->rank; d++)
    shape[d] = (gint32) t->shape[d];
  edge_gguf_writer_set_string (w, k_dtype, edge_dtype_name (t->dtype));
  edge_gguf_writer_set_int32_array (w, k_shape, shape, t->rank);
  write_quant (w, t);
}

static void
write_metadata (EdgeModel * m, EdgeGgufWriter * w)
{
  if (m->has_input_desc) {
    const EdgeInputDesc *d = &m->input_desc;
    const guint channels = edge_model_color_channels (d->color);

    edge_gguf_writer_set_uint32 (w, "edge.input.width", d->width);
    edge_gguf_writer_set_uint32 (w, "edge.input.height", d->height);
    edge_gguf_writer_set_string (w, "edge.input.layout",
        edge_model_layout_name (d->layout));
    edge_gguf_writer_set_string (w, "edge.input.color",
        edge_model_color_name (d->color));
    edge_gguf_writer_set_string (w, "edge.input.resize",
        edge_model_resize_name (d->resize));
    edge_gguf_writer_set_uint32 (w, "edge.input.letterbox_fill",
        d->letterbox_fill);
    edge_gguf_writer_set_float32_array (w, "edge.input.mean", d->mean,
        channels);
    edge_gguf_writer_set_float32_array (w, "edge.input.scale", d->scale,
        channels);
  }
  if (m->labels->len)
    write_strings (w, "edge.labels", m->labels);

  edge_gguf_writer_set_string (w, "edge.task", edge_task_name (m->task));
  if (m->task == EDGE_TASK_CLASSIFICATION) {
    const EdgeClassification *c = &m->classification;

    if (c->output)
      edge_gguf_writer_set_string (w, "edge.classification.output",
          c->output);
    edge_gguf_writer_set_uint32 (w, "edge.classification.top_k", c->top_k);
    edge_gguf_writer_set_string (w, "edge.classification.activation",
        edge_score_activation_name (c->activation));
    edge_gguf_writer_set_float32 (w, "edge.classification.threshold",
        c->threshold);
  } else if (m->task == EDGE_TASK_DETECTION) {
    const EdgeDetection *d = &m->detection;

    edge_gguf_writer_set_string (w, "edge.detection.scores", d->scores);
    edge_gguf_writer_set_string (w, "edge.detection.boxes", d->boxes);
    edge_gguf_writer_set_float32_array (w, "edge.detection.anchors",
        d->anchors, 4 * (gsize) d->n_anchors);
    edge_gguf_writer_set_uint32 (w, "edge.detection.num_classes",
        d->num_classes);
    edge_gguf_writer_set_uint32 (w, "edge.detection.num_keypoints",
        d->num_keypoints);
    edge_gguf_writer_set_float32_array (w, "edge.detection.box_scale",
        d->box_scale, 4);
    edge_gguf_writer_set_string (w, "edge.detection.box_coding",
        edge_box_coding_name (d->box_coding));
    edge_gguf_writer_set_string (w, "edge.detection.score_activation",
        edge_score_activation_name (d->score_activation));
    edge_gguf_writer_set_float32 (w, "edge.detection.score_threshold",
        d->score_threshold);
    edge_gguf_writer_set_float32 (w, "edge.detection.nms_iou", d->nms_iou);
    edge_gguf_writer_set_uint32 (w, "edge.detection.max_detections",
        d->max_detections);
  }
  for (guint i = 0; i < m->provenance->len; i++) {
    const EdgeAttr *a = g_ptr_array_index (m->provenance, i);
    g_autofree gchar *key = g_strconcat ("edge.provenance.", a->name, NULL);

    write_value (w, key, &a->value);
  }
}

/* Validates and serializes into a new writer. */
static EdgeGgufWriter *
build_writer (EdgeModel * m, GError ** error)
{
  EdgeGgufWriter *w;

  if (!edge_model_validate (m, error))
    return NULL;

  w = edge_gguf_writer_new (m->alignment);
  edge_gguf_writer_set_string (w, "general.architecture",
      EDGE_MODEL_ARCHITECTURE);
  for (guint i = 0; i < EDGE_MODEL_N_INFO; i++)
    if (m->info[i]) {
      g_autofree gchar *key = g_strconcat ("general.",
          edge_model_info_keys[i], NULL);

      edge_gguf_writer_set_string (w, key, m->info[i]);
    }
  edge_gguf_writer_set_uint32 (w, "edge.format_version",
      EDGE_MODEL_FORMAT_VERSION);
  write_metadata (m, w);

  edge_gguf_writer_set_uint32 (w, "edge.graph.node_count", m->nodes->len);
  write_strings (w, "edge.graph.inputs", m->inputs);
  write_strings (w, "edge.graph.outputs", m->outputs);
  for (guint i = 0; i < m->nodes->len; i++) {
    const EdgeNode *node = g_ptr_array_index (m->nodes, i);
    g_autofree gchar *prefix = g_strdup_printf ("edge.node.%u.", i);
    g_autofree gchar *k_op = g_strconcat (prefix, "op", NULL);
    g_autofree gchar *k_in = g_strconcat (prefix, "inputs", NULL);
    g_autofree gchar *k_out = g_strconcat (prefix, "outputs", NULL);

    edge_gguf_writer_set_string (w, k_op, edge_op_name (node->op));
    if (node->name) {
      g_autofree gchar *k_name = g_strconcat (prefix, "name", NULL);

      edge_gguf_writer_set_string (w, k_name, node->name);
    }
    write_strings (w, k_in, node->inputs);
    write_strings (w, k_out, node->outputs);
    for (guint a = 0; a < node->attrs->len; a++) {
      const EdgeAttr *attr = g_ptr_array_index (node->attrs, a);
      g_autofree gchar *key = g_strconcat (prefix, "attr.", attr->name, NULL);

      write_value (w, key, &attr->value);
    }
  }

  /* tensor keys in a canonical order (graph inputs, node outputs in node
   * order, constants in data order), so saving a reloaded model gives the
   * same bytes whatever order the tensors were created in */
  for (guint i = 0; i < m->inputs->len; i++)
    write_activation (w, edge_model_find_tensor (m,
            g_ptr_array_index (m->inputs, i)));
  for (guint i = 0; i < m->nodes->len; i++) {
    const EdgeNode *node = g_ptr_array_index (m->nodes, i);

    for (guint k = 0; k < node->outputs->len; k++)
      write_activation (w, edge_model_find_tensor (m,
              g_ptr_array_index (node->outputs, k)));
  }
  for (guint i = 0; i < m->tensors->len; i++) {
    const EdgeTensor *t = g_ptr_array_index (m->tensors, i);

    if (edge_tensor_is_constant (t))
      write_quant (w, t);
  }

  for (guint i = 0; i < m->tensors->len; i++) {
    const EdgeTensor *t = g_ptr_array_index (m->tensors, i);
    guint64 dims[EDGE_MODEL_MAX_RANK];

    if (!edge_tensor_is_constant (t))
      continue;
    for (guint d = 0; d < t->rank; d++)
      dims[d] = (guint64) t->shape[t->rank - 1 - d];
    if (!edge_gguf_writer_add_tensor (w, t->name, (EdgeTensorType) t->dtype,
            t->rank, dims, t->data, error)) {
      edge_gguf_writer_free (w);
      return NULL;
    }
  }
  return w;
}

gboolean
edge_model_save (EdgeModel * model, const gchar * path, GError ** error)
{
  EdgeGgufWriter *w;
  gboolean ok;

  g_return_val_if_fail (model != NULL && path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  w = build_writer (model, error);
  if (w == NULL)
    return FALSE;
  ok = edge_gguf_writer_write (w, path, error);
  edge_gguf_writer_free (w);
  return ok;
}

GBytes *
edge_model_save_to_bytes (EdgeModel * model, GError ** error)
{
  EdgeGgufWriter *w;
  GBytes *bytes;

  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  w = build_writer (model, error);
  if (w == NULL)
    return NULL;
  bytes = edge_gguf_writer_to_bytes (w, error);
  edge_gguf_writer_free (w);
  return bytes;
}
