/* libedge: GGUF v3 writer.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Values are serialized when set (so replacing a key is replacing a byte
 * array), tensors are copied when added; write() then lays the file out
 * in one pass. The file appears atomically: it is written to a temporary
 * file beside the target (same file system, so rename() is atomic),
 * fsynced, renamed over the target, and the directory is fsynced so the
 * new name survives a power cut. Anything invalid is refused with the
 * same rules as the reader, so what we write we can read back.
 */

#include "edge-gguf.h"
#include "edge-gguf-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#endif

typedef struct
{
  gchar *key;
  GByteArray *value;            /* u32 type + payload, little endian */
} WriterKv;

typedef struct
{
  gchar *name;
  EdgeTensorType type;
  guint n_dims;
  guint64 dims[EDGE_GGUF_MAX_DIMS];
  gsize n_bytes;
  guint8 *data;
} WriterTensor;

struct EdgeGgufWriter
{
  guint32 alignment;
  GPtrArray *kvs;               /* WriterKv, insertion order */
  GHashTable *kv_index;         /* key -> WriterKv */
  GPtrArray *tensors;           /* WriterTensor, insertion order */
  GHashTable *tensor_index;     /* name -> WriterTensor */
  GError *deferred;             /* first invalid set_*(), see the header */
};

/* Zeros for padding: never more than one alignment at a time. */
static const guint8 zeros[EDGE_GGUF_MAX_ALIGNMENT];

static void
writer_kv_free (gpointer data)
{
  WriterKv *kv = data;

  g_free (kv->key);
  g_byte_array_unref (kv->value);
  g_free (kv);
}

static void
writer_tensor_free (gpointer data)
{
  WriterTensor *t = data;

  g_free (t->name);
  g_free (t->data);
  g_free (t);
}

/* Remembers the first problem, prefixed with the key ("key 'x': ..."):
 * later ones often follow from it. */
static void G_GNUC_PRINTF (4, 5)
defer_error (EdgeGgufWriter * w, const gchar * key, EdgeGgufError code,
    const gchar * fmt, ...)
{
  va_list args;
  gchar *msg, *d;

  if (w->deferred)
    return;
  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  /* the key may be the invalid string itself */
  d = edge_gguf_display (key, strlen (key));
  w->deferred = g_error_new (EDGE_GGUF_ERROR, code, "key '%s': %s", d, msg);
  g_free (d);
  g_free (msg);
}

/* ------------------------------------------------------------------ */
/* Serialization */

static void
put_u32 (GByteArray * b, guint32 v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &v, 4);
}

static void
put_u64 (GByteArray * b, guint64 v)
{
  v = GUINT64_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &v, 8);
}

static void
put_string (GByteArray * b, const void *s, gsize len)
{
  put_u64 (b, len);
  if (len)
    g_byte_array_append (b, s, len);
}

/* Fixed-size scalar @size bytes of @bits, little endian. */
static void
put_scalar (GByteArray * b, guint64 bits, gsize size)
{
  guint8 le[8];

  for (gsize i = 0; i < size; i++)
    le[i] = (guint8) (bits >> (8 * i));
  g_byte_array_append (b, le, size);
}

/* The reader's string rules; @what names the string in the message. */
static gboolean
check_string (EdgeGgufWriter * w, const gchar * key, const gchar * what,
    const void *s, gsize len, gboolean allow_empty)
{
  EdgeGgufError code;
  const gchar *problem;
  gsize at;

  if (len > EDGE_GGUF_MAX_STRING) {
    defer_error (w, key, EDGE_GGUF_ERROR_LIMIT, "%s length %" G_GSIZE_FORMAT
        " exceeds limit %u", what, len, EDGE_GGUF_MAX_STRING);
    return FALSE;
  }
  if (len == 0 && !allow_empty) {
    defer_error (w, key, EDGE_GGUF_ERROR_FORMAT, "%s is empty", what);
    return FALSE;
  }
  problem = edge_gguf_string_problem (s, len, &at, &code);
  if (problem) {
    defer_error (w, key, code, "%s %s (at offset %" G_GSIZE_FORMAT ")", what,
        problem, at);
    return FALSE;
  }
  return TRUE;
}

/* Takes @value (u32 type + payload). general.alignment is the writer's
 * alignment: setting it (as copying the keys of an opened file does)
 * changes the layout, and an invalid one is refused like the reader
 * refuses it. */
static void
set_kv (EdgeGgufWriter * w, const gchar * key, GByteArray * value)
{
  WriterKv *kv;

  if (!check_string (w, key, "name", key, strlen (key), FALSE)) {
    g_byte_array_unref (value);
    return;
  }

  if (strcmp (key, EDGE_GGUF_ALIGNMENT_KEY) == 0) {
    guint32 type = edge_gguf_read_u32 (value->data);
    EdgeGgufError code;
    const gchar *problem;
    guint32 a;

    if (type != EDGE_GGUF_TYPE_UINT32) {
      defer_error (w, key, EDGE_GGUF_ERROR_FORMAT, "has type %s, "
          "expected UINT32", edge_gguf_type_name (type));
      g_byte_array_unref (value);
      return;
    }
    a = edge_gguf_read_u32 (value->data + 4);
    problem = edge_gguf_alignment_problem (a, &code);
    if (problem) {
      defer_error (w, key, code, "alignment %u %s", a, problem);
      g_byte_array_unref (value);
      return;
    }
    w->alignment = a;
  }

  kv = g_hash_table_lookup (w->kv_index, key);
  if (kv) {
    g_byte_array_unref (kv->value);
    kv->value = value;
    return;
  }
  if (w->kvs->len >= EDGE_GGUF_MAX_KV) {
    defer_error (w, key, EDGE_GGUF_ERROR_LIMIT, "more than %u keys",
        EDGE_GGUF_MAX_KV);
    g_byte_array_unref (value);
    return;
  }
  kv = g_new (WriterKv, 1);
  kv->key = g_strdup (key);
  kv->value = value;
  g_ptr_array_add (w->kvs, kv);
  g_hash_table_insert (w->kv_index, kv->key, kv);
}

static GByteArray *
value_new (EdgeGgufType type)
{
  GByteArray *b = g_byte_array_sized_new (16);

  put_u32 (b, type);
  return b;
}

/* ------------------------------------------------------------------ */
/* Public: setup */

EdgeGgufWriter *
edge_gguf_writer_new (guint32 alignment)
{
  EdgeGgufWriter *w;
  EdgeGgufError code;

  if (alignment == 0)
    alignment = EDGE_GGUF_DEFAULT_ALIGNMENT;
  g_return_val_if_fail (edge_gguf_alignment_problem (alignment,
          &code) == NULL, NULL);

  w = g_new0 (EdgeGgufWriter, 1);
  w->alignment = alignment;
  w->kvs = g_ptr_array_new_with_free_func (writer_kv_free);
  w->kv_index = g_hash_table_new (g_str_hash, g_str_equal);
  w->tensors = g_ptr_array_new_with_free_func (writer_tensor_free);
  w->tensor_index = g_hash_table_new (g_str_hash, g_str_equal);

  /* always written, first: readers other than ours need not assume 32 */
  edge_gguf_writer_set_uint32 (w, EDGE_GGUF_ALIGNMENT_KEY, alignment);
  return w;
}

void
edge_gguf_writer_free (EdgeGgufWriter * writer)
{
  if (!writer)
    return;
  g_hash_table_unref (writer->kv_index);
  g_hash_table_unref (writer->tensor_index);
  g_ptr_array_unref (writer->kvs);
  g_ptr_array_unref (writer->tensors);
  g_clear_error (&writer->deferred);
  g_free (writer);
}

/* ------------------------------------------------------------------ */
/* Public: keys */

void
edge_gguf_writer_set_uint32 (EdgeGgufWriter * w, const gchar * key, guint32 v)
{
  GByteArray *b;

  g_return_if_fail (w != NULL && key != NULL);
  b = value_new (EDGE_GGUF_TYPE_UINT32);
  put_u32 (b, v);
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_int32 (EdgeGgufWriter * w, const gchar * key, gint32 v)
{
  GByteArray *b;

  g_return_if_fail (w != NULL && key != NULL);
  b = value_new (EDGE_GGUF_TYPE_INT32);
  put_u32 (b, (guint32) v);
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_uint64 (EdgeGgufWriter * w, const gchar * key, guint64 v)
{
  GByteArray *b;

  g_return_if_fail (w != NULL && key != NULL);
  b = value_new (EDGE_GGUF_TYPE_UINT64);
  put_u64 (b, v);
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_int64 (EdgeGgufWriter * w, const gchar * key, gint64 v)
{
  GByteArray *b;

  g_return_if_fail (w != NULL && key != NULL);
  b = value_new (EDGE_GGUF_TYPE_INT64);
  put_u64 (b, (guint64) v);
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_float32 (EdgeGgufWriter * w, const gchar * key, gfloat v)
{
  GByteArray *b;
  guint32 bits;

  g_return_if_fail (w != NULL && key != NULL);
  memcpy (&bits, &v, 4);
  b = value_new (EDGE_GGUF_TYPE_FLOAT32);
  put_u32 (b, bits);
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_float64 (EdgeGgufWriter * w, const gchar * key, gdouble v)
{
  GByteArray *b;
  guint64 bits;

  g_return_if_fail (w != NULL && key != NULL);
  memcpy (&bits, &v, 8);
  b = value_new (EDGE_GGUF_TYPE_FLOAT64);
  put_u64 (b, bits);
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_bool (EdgeGgufWriter * w, const gchar * key, gboolean v)
{
  GByteArray *b;
  guint8 byte = v ? 1 : 0;

  g_return_if_fail (w != NULL && key != NULL);
  b = value_new (EDGE_GGUF_TYPE_BOOL);
  g_byte_array_append (b, &byte, 1);
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_string (EdgeGgufWriter * w, const gchar * key,
    const gchar * v)
{
  GByteArray *b;
  gsize len;

  g_return_if_fail (w != NULL && key != NULL && v != NULL);
  len = strlen (v);
  if (!check_string (w, key, "string", v, len, TRUE))
    return;
  b = value_new (EDGE_GGUF_TYPE_STRING);
  put_string (b, v, len);
  set_kv (w, key, b);
}

/* Range of each integer type, for values handed over as 64 bits. */
static gboolean
scalar_in_range (const EdgeGgufValue * v)
{
  switch (v->type) {
    case EDGE_GGUF_TYPE_UINT8:
      return v->v.u64 <= G_MAXUINT8;
    case EDGE_GGUF_TYPE_BOOL:
      return v->v.u64 <= 1;
    case EDGE_GGUF_TYPE_UINT16:
      return v->v.u64 <= G_MAXUINT16;
    case EDGE_GGUF_TYPE_UINT32:
      return v->v.u64 <= G_MAXUINT32;
    case EDGE_GGUF_TYPE_INT8:
      return v->v.i64 >= G_MININT8 && v->v.i64 <= G_MAXINT8;
    case EDGE_GGUF_TYPE_INT16:
      return v->v.i64 >= G_MININT16 && v->v.i64 <= G_MAXINT16;
    case EDGE_GGUF_TYPE_INT32:
      return v->v.i64 >= G_MININT32 && v->v.i64 <= G_MAXINT32;
    default:
      return TRUE;
  }
}

static GByteArray *
serialize_array (EdgeGgufWriter * w, const gchar * key,
    const EdgeGgufValue * value)
{
  EdgeGgufType elem_type = value->v.a.elem_type;
  guint64 count = value->v.a.count;
  GByteArray *b;
  gsize esize;

  if (elem_type == EDGE_GGUF_TYPE_ARRAY || !edge_gguf_type_name (elem_type)) {
    defer_error (w, key, elem_type == EDGE_GGUF_TYPE_ARRAY ?
        EDGE_GGUF_ERROR_UNSUPPORTED : EDGE_GGUF_ERROR_FORMAT,
        "%s array element type %u",
        elem_type == EDGE_GGUF_TYPE_ARRAY ? "unsupported" : "unknown",
        elem_type);
    return NULL;
  }
  if (count > EDGE_GGUF_MAX_ARRAY) {
    defer_error (w, key, EDGE_GGUF_ERROR_LIMIT, "array count %"
        G_GUINT64_FORMAT " exceeds limit %u", count, EDGE_GGUF_MAX_ARRAY);
    return NULL;
  }
  if (count > 0 && value->v.a.data == NULL) {
    g_critical ("%s: array '%s' has %" G_GUINT64_FORMAT " elements and no "
        "data", G_STRFUNC, key, count);
    return NULL;
  }

  b = value_new (EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, elem_type);
  put_u64 (b, count);

  if (elem_type == EDGE_GGUF_TYPE_STRING) {
    for (guint64 i = 0; i < count; i++) {
      const gchar *s;
      gsize len;

      edge_gguf_array_string (value, i, &s, &len);
      if (!check_string (w, key, "array element", s, len, TRUE)) {
        g_byte_array_unref (b);
        return NULL;
      }
      put_string (b, s, len);
    }
    return b;
  }

  /* count <= 2^26 and esize <= 8: no overflow */
  esize = edge_gguf_type_size (elem_type);
  if (elem_type == EDGE_GGUF_TYPE_BOOL) {
    for (guint64 i = 0; i < count; i++)
      if (value->v.a.data[i] > 1) {
        defer_error (w, key, EDGE_GGUF_ERROR_FORMAT, "element %"
            G_GUINT64_FORMAT ": bool value %u is neither 0 nor 1", i,
            value->v.a.data[i]);
        g_byte_array_unref (b);
        return NULL;
      }
  }
  if (count)
    g_byte_array_append (b, value->v.a.data, (guint) (count * esize));
  return b;
}

void
edge_gguf_writer_set_value (EdgeGgufWriter * w, const gchar * key,
    const EdgeGgufValue * value)
{
  GByteArray *b;
  gsize size;

  g_return_if_fail (w != NULL && key != NULL && value != NULL);

  switch (value->type) {
    case EDGE_GGUF_TYPE_STRING:
      if (value->v.s.len > 0 && value->v.s.str == NULL) {
        g_critical ("%s: string '%s' has length %" G_GSIZE_FORMAT
            " and no data", G_STRFUNC, key, value->v.s.len);
        return;
      }
      if (!check_string (w, key, "string", value->v.s.str, value->v.s.len,
              TRUE))
        return;
      b = value_new (EDGE_GGUF_TYPE_STRING);
      put_string (b, value->v.s.str, value->v.s.len);
      set_kv (w, key, b);
      return;
    case EDGE_GGUF_TYPE_ARRAY:
      b = serialize_array (w, key, value);
      if (b)
        set_kv (w, key, b);
      return;
    default:
      break;
  }

  size = edge_gguf_type_size (value->type);
  if (size == 0) {
    defer_error (w, key, EDGE_GGUF_ERROR_FORMAT, "unknown value type %u",
        value->type);
    return;
  }
  if (!scalar_in_range (value)) {
    gboolean is_signed = value->type == EDGE_GGUF_TYPE_INT8 ||
        value->type == EDGE_GGUF_TYPE_INT16 ||
        value->type == EDGE_GGUF_TYPE_INT32;

    if (is_signed)
      defer_error (w, key, EDGE_GGUF_ERROR_FORMAT, "value %" G_GINT64_FORMAT
          " out of range for %s", value->v.i64,
          edge_gguf_type_name (value->type));
    else
      defer_error (w, key, EDGE_GGUF_ERROR_FORMAT, "value %" G_GUINT64_FORMAT
          " out of range for %s", value->v.u64,
          edge_gguf_type_name (value->type));
    return;
  }

  b = value_new (value->type);
  if (value->type == EDGE_GGUF_TYPE_FLOAT32) {
    gfloat f = (gfloat) value->v.f64;
    guint32 bits;

    memcpy (&bits, &f, 4);
    put_u32 (b, bits);
  } else if (value->type == EDGE_GGUF_TYPE_FLOAT64) {
    guint64 bits;

    memcpy (&bits, &value->v.f64, 8);
    put_u64 (b, bits);
  } else {
    /* two's complement: the low bytes of i64 and u64 are the value */
    put_scalar (b, value->v.u64, size);
  }
  set_kv (w, key, b);
}

void
edge_gguf_writer_set_int32_array (EdgeGgufWriter * w, const gchar * key,
    const gint32 * v, gsize n)
{
  EdgeGgufValue value = { 0 };
  gint32 *le = NULL;

  g_return_if_fail (w != NULL && key != NULL && (v != NULL || n == 0));
  if (n > EDGE_GGUF_MAX_ARRAY) {
    defer_error (w, key, EDGE_GGUF_ERROR_LIMIT, "array count %"
        G_GSIZE_FORMAT " exceeds limit %u", n, EDGE_GGUF_MAX_ARRAY);
    return;
  }
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN && n > 0) {
    le = g_new (gint32, n);
    for (gsize i = 0; i < n; i++)
      le[i] = GINT32_TO_LE (v[i]);
  }
  value.type = EDGE_GGUF_TYPE_ARRAY;
  value.v.a.elem_type = EDGE_GGUF_TYPE_INT32;
  value.v.a.count = n;
  value.v.a.data = (const guint8 *) (le ? le : v);
  edge_gguf_writer_set_value (w, key, &value);
  g_free (le);
}

void
edge_gguf_writer_set_float32_array (EdgeGgufWriter * w, const gchar * key,
    const gfloat * v, gsize n)
{
  EdgeGgufValue value = { 0 };
  guint32 *le = NULL;

  g_return_if_fail (w != NULL && key != NULL && (v != NULL || n == 0));
  if (n > EDGE_GGUF_MAX_ARRAY) {
    defer_error (w, key, EDGE_GGUF_ERROR_LIMIT, "array count %"
        G_GSIZE_FORMAT " exceeds limit %u", n, EDGE_GGUF_MAX_ARRAY);
    return;
  }
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN && n > 0) {
    le = g_new (guint32, n);
    for (gsize i = 0; i < n; i++) {
      guint32 bits;
      memcpy (&bits, &v[i], 4);
      le[i] = GUINT32_TO_LE (bits);
    }
  }
  value.type = EDGE_GGUF_TYPE_ARRAY;
  value.v.a.elem_type = EDGE_GGUF_TYPE_FLOAT32;
  value.v.a.count = n;
  value.v.a.data = (const guint8 *) (le ? (gconstpointer) le : v);
  edge_gguf_writer_set_value (w, key, &value);
  g_free (le);
}

void
edge_gguf_writer_set_string_array (EdgeGgufWriter * w, const gchar * key,
    const gchar * const *v, gsize n)
{
  GByteArray *b;

  g_return_if_fail (w != NULL && key != NULL && (v != NULL || n == 0));
  if (n > EDGE_GGUF_MAX_ARRAY) {
    defer_error (w, key, EDGE_GGUF_ERROR_LIMIT, "array count %"
        G_GSIZE_FORMAT " exceeds limit %u", n, EDGE_GGUF_MAX_ARRAY);
    return;
  }
  b = value_new (EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_u64 (b, n);
  for (gsize i = 0; i < n; i++) {
    gsize len;

    if (v[i] == NULL) {
      g_critical ("%s: element %" G_GSIZE_FORMAT " of '%s' is NULL",
          G_STRFUNC, i, key);
      g_byte_array_unref (b);
      return;
    }
    len = strlen (v[i]);
    if (!check_string (w, key, "array element", v[i], len, TRUE)) {
      g_byte_array_unref (b);
      return;
    }
    put_string (b, v[i], len);
  }
  set_kv (w, key, b);
}

/* ------------------------------------------------------------------ */
/* Public: tensors */

gboolean
edge_gguf_writer_add_tensor (EdgeGgufWriter * w, const gchar * name,
    EdgeTensorType type, guint n_dims, const guint64 * dims,
    gconstpointer data, GError ** error)
{
  WriterTensor *t;
  EdgeGgufError code;
  const gchar *problem;
  guint64 n_elements = 1, n_bytes;
  gsize esize, len, at;
  gchar *d;

  g_return_val_if_fail (w != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (dims != NULL || n_dims == 0, FALSE);
  /* every valid tensor has at least one element */
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  len = strlen (name);
  d = edge_gguf_display (name, len);
  if (len == 0) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_FORMAT,
        "tensor name is empty");
    goto fail;
  }
  if (len > EDGE_GGUF_MAX_STRING) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_LIMIT,
        "tensor '%s': name length %" G_GSIZE_FORMAT " exceeds limit %u", d,
        len, EDGE_GGUF_MAX_STRING);
    goto fail;
  }
  problem = edge_gguf_string_problem (name, len, &at, &code);
  if (problem) {
    g_set_error (error, EDGE_GGUF_ERROR, code,
        "tensor '%s': name %s (at offset %" G_GSIZE_FORMAT ")", d, problem, at);
    goto fail;
  }
  if (g_hash_table_contains (w->tensor_index, name)) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_FORMAT,
        "tensor '%s': duplicate tensor name", d);
    goto fail;
  }
  if (w->tensors->len >= EDGE_GGUF_MAX_TENSORS) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_LIMIT,
        "tensor '%s': more than %u tensors", d, EDGE_GGUF_MAX_TENSORS);
    goto fail;
  }
  esize = edge_tensor_type_size (type);
  if (esize == 0) {
    const gchar *tn = edge_tensor_type_name (type);
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_UNSUPPORTED,
        "tensor '%s': type %u (%s) is not supported (only F32, I8, I16, I32)",
        d, type, tn ? tn : "unknown");
    goto fail;
  }
  if (n_dims == 0 || n_dims > EDGE_GGUF_MAX_DIMS) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_UNSUPPORTED,
        "tensor '%s': n_dims %u outside 1..%d", d, n_dims, EDGE_GGUF_MAX_DIMS);
    goto fail;
  }
  for (guint i = 0; i < n_dims; i++) {
    if (dims[i] == 0) {
      g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_UNSUPPORTED,
          "tensor '%s': dim %u is 0 (empty tensors are not supported)", d, i);
      goto fail;
    }
    if (__builtin_mul_overflow (n_elements, dims[i], &n_elements)) {
      g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_FORMAT,
          "tensor '%s': element count overflows 64 bits", d);
      goto fail;
    }
  }
  if (__builtin_mul_overflow (n_elements, (guint64) esize, &n_bytes) ||
      n_bytes > G_MAXSIZE - EDGE_GGUF_MAX_ALIGNMENT) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_LIMIT,
        "tensor '%s': %" G_GUINT64_FORMAT " elements of %s exceed the "
        "address space", d, n_elements, edge_tensor_type_name (type));
    goto fail;
  }
  t = g_new0 (WriterTensor, 1);
  /* a model too large for memory is an error to report, not an abort */
  t->data = g_try_malloc (MAX (n_bytes, 1));
  if (!t->data) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_LIMIT,
        "tensor '%s': cannot allocate %" G_GUINT64_FORMAT " bytes", d, n_bytes);
    g_free (t);
    goto fail;
  }
  memcpy (t->data, data, n_bytes);
  t->name = g_strdup (name);
  t->type = type;
  t->n_dims = n_dims;
  memcpy (t->dims, dims, n_dims * sizeof (guint64));
  t->n_bytes = (gsize) n_bytes;
  g_ptr_array_add (w->tensors, t);
  g_hash_table_insert (w->tensor_index, t->name, t);
  g_free (d);
  return TRUE;

fail:
  g_free (d);
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Layout */

static gboolean
align_up (gsize n, guint32 alignment, gsize * out)
{
  if (__builtin_add_overflow (n, (gsize) alignment - 1, out))
    return FALSE;
  *out &= ~((gsize) alignment - 1);
  return TRUE;
}

/* Everything before the tensor data, padded to the alignment; @total: the
 * size of the whole file. */
static GByteArray *
build_header (EdgeGgufWriter * w, gsize * total, GError ** error)
{
  GByteArray *b;
  gsize offset = 0, padded;

  if (w->deferred) {
    g_propagate_error (error, g_error_copy (w->deferred));
    return NULL;
  }

  b = g_byte_array_new ();
  g_byte_array_append (b, (const guint8 *) EDGE_GGUF_MAGIC, 4);
  put_u32 (b, EDGE_GGUF_VERSION);
  put_u64 (b, w->tensors->len);
  put_u64 (b, w->kvs->len);

  for (guint i = 0; i < w->kvs->len; i++) {
    const WriterKv *kv = g_ptr_array_index (w->kvs, i);

    put_string (b, kv->key, strlen (kv->key));
    g_byte_array_append (b, kv->value->data, kv->value->len);
  }

  for (guint i = 0; i < w->tensors->len; i++) {
    const WriterTensor *t = g_ptr_array_index (w->tensors, i);

    put_string (b, t->name, strlen (t->name));
    put_u32 (b, t->n_dims);
    for (guint d = 0; d < t->n_dims; d++)
      put_u64 (b, t->dims[d]);
    put_u32 (b, t->type);
    put_u64 (b, offset);
    if (!align_up (t->n_bytes, w->alignment, &padded) ||
        __builtin_add_overflow (offset, padded, &offset))
      goto too_large;
  }

  if (!align_up (b->len, w->alignment, &padded))
    goto too_large;
  g_byte_array_append (b, zeros, padded - b->len);
  if (__builtin_add_overflow ((gsize) b->len, offset, total))
    goto too_large;
  return b;

too_large:
  g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_LIMIT,
      "tensors exceed the address space");
  g_byte_array_unref (b);
  return NULL;
}

GBytes *
edge_gguf_writer_to_bytes (EdgeGgufWriter * w, GError ** error)
{
  GByteArray *header;
  guint8 *out, *p;
  gsize total;

  g_return_val_if_fail (w != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  header = build_header (w, &total, error);
  if (!header)
    return NULL;
  out = g_try_malloc (MAX (total, 1));
  if (!out) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_LIMIT,
        "cannot allocate %" G_GSIZE_FORMAT " bytes", total);
    g_byte_array_unref (header);
    return NULL;
  }

  memcpy (out, header->data, header->len);
  p = out + header->len;
  for (guint i = 0; i < w->tensors->len; i++) {
    const WriterTensor *t = g_ptr_array_index (w->tensors, i);
    gsize pad = (w->alignment - t->n_bytes % w->alignment) % w->alignment;

    memcpy (p, t->data, t->n_bytes);
    memset (p + t->n_bytes, 0, pad);
    p += t->n_bytes + pad;
  }
  g_assert ((gsize) (p - out) == total);
  g_byte_array_unref (header);
  return g_bytes_new_take (out, total);
}

/* ------------------------------------------------------------------ */
/* Atomic write */

static gboolean
write_all (int fd, const guint8 * data, gsize len)
{
  while (len > 0) {
    /* bounded chunks: some systems refuse writes above 2 GiB */
    gssize n = write (fd, data, MIN (len, (gsize) 1 << 30));

    if (n < 0) {
      if (errno == EINTR)
        continue;
      return FALSE;
    }
    if (n == 0) {
      /* no progress and no errno: do not spin */
      errno = EIO;
      return FALSE;
    }
    data += n;
    len -= (gsize) n;
  }
  return TRUE;
}

static gboolean
write_contents (EdgeGgufWriter * w, int fd, GByteArray * header)
{
  if (!write_all (fd, header->data, header->len))
    return FALSE;
  for (guint i = 0; i < w->tensors->len; i++) {
    const WriterTensor *t = g_ptr_array_index (w->tensors, i);
    gsize pad = (w->alignment - t->n_bytes % w->alignment) % w->alignment;

    if (!write_all (fd, t->data, t->n_bytes) || !write_all (fd, zeros, pad))
      return FALSE;
  }
  return TRUE;
}

/* fsync the directory so the rename itself is durable. File systems that
 * cannot sync a directory say EINVAL (or ENOTSUP): nothing more to do. */
static int
sync_dir (const gchar * dir)
{
  int flags = O_RDONLY, fd, ret = 0;

#ifdef O_DIRECTORY
  flags |= O_DIRECTORY;
#endif
#ifdef O_CLOEXEC
  flags |= O_CLOEXEC;
#endif
  fd = g_open (dir, flags, 0);
  if (fd < 0)
    return errno;
  if (fsync (fd) != 0 && errno != EINVAL && errno != ENOTSUP)
    ret = errno;
  close (fd);
  return ret;
}

gboolean
edge_gguf_writer_write (EdgeGgufWriter * w, const gchar * path, GError ** error)
{
  GByteArray *header;
  gchar *tmp = NULL, *dir = NULL, *display;
  GStatBuf st;
  const gchar *step = NULL;
  gboolean ok = FALSE;
  int fd = -1, flags = O_WRONLY, e = 0;
  gsize total;

  g_return_val_if_fail (w != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  header = build_header (w, &total, error);
  if (!header)
    return FALSE;

  display = g_filename_display_name (path);
  /* beside the target: rename() is only atomic within one file system */
  tmp = g_strconcat (path, ".XXXXXX", NULL);
#ifdef O_CLOEXEC
  flags |= O_CLOEXEC;
#endif
  fd = g_mkstemp_full (tmp, flags, 0666);
  if (fd < 0) {
    e = errno;
    step = "creating a temporary file beside it";
    g_free (tmp);
    tmp = NULL;
    goto out;
  }

  /* replacing a model must not change who may read it */
  if (g_stat (path, &st) == 0 && S_ISREG (st.st_mode))
    (void) fchmod (fd, st.st_mode & 07777);

  if (!write_contents (w, fd, header)) {
    e = errno;
    step = "writing";
    goto out;
  }
  if (fsync (fd) != 0) {
    e = errno;
    step = "syncing";
    goto out;
  }
  /* close() reports delayed write errors on some file systems (NFS) */
  if (close (fd) != 0) {
    fd = -1;
    e = errno;
    step = "closing";
    goto out;
  }
  fd = -1;
  if (g_rename (tmp, path) != 0) {
    e = errno;
    step = "renaming";
    goto out;
  }
  g_free (tmp);
  tmp = NULL;

  dir = g_path_get_dirname (path);
  e = sync_dir (dir);
  if (e != 0) {
    gchar *dd = g_filename_display_name (dir);
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO,
        "wrote '%s' but cannot sync its directory '%s' (the new file may "
        "not survive a power cut): %s", display, dd, g_strerror (e));
    g_free (dd);
    goto done;
  }
  ok = TRUE;
  goto done;

out:
  {
    gchar *td = tmp ? g_filename_display_name (tmp) : NULL;

    /* "cannot write 'm.gguf': writing temporary file 'm.gguf.x1Y2z3'
     * failed: No space left on device" */
    if (td)
      g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO,
          "cannot write '%s': %s temporary file '%s' failed: %s", display,
          step, td, g_strerror (e));
    else
      g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO,
          "cannot write '%s': %s failed: %s", display, step, g_strerror (e));
    g_free (td);
  }
  if (fd >= 0)
    close (fd);
  if (tmp)
    g_unlink (tmp);

done:
  g_free (tmp);
  g_free (dir);
  g_free (display);
  g_byte_array_unref (header);
  return ok;
}
