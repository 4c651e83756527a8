/* libedge: GGUF v3 reader.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Model files are untrusted. The parser reads the header once, front to
 * back, through one bounds-checked cursor; every count is checked against
 * its limit and against the bytes left before anything is sized from it,
 * and all offset arithmetic is overflow-checked. The tensor data is never
 * read: it is only checked to lie inside the file without overlaps. Every
 * failure names the field, the key or tensor (index and name) and the byte
 * position, so a user can tell a truncated download from a writer bug.
 */

#include "edge-gguf.h"
#include "edge-gguf-private.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#endif

G_DEFINE_QUARK (edge-gguf-error-quark, edge_gguf_error);

/* Smallest possible encodings, used to bound allocations by the file size
 * before trusting a count: a key is a u64 length, one byte of name, a u32
 * type and at least one byte of value; a tensor info a u64 length, one
 * byte of name, n_dims, one dim, type and offset. */
#define MIN_KV_BYTES (8 + 1 + 4 + 1)
#define MIN_TENSOR_INFO_BYTES (8 + 1 + 4 + 8 + 4 + 8)

typedef struct
{
  const gchar *key;             /* in names */
  EdgeGgufValue value;
  gsize *offsets;               /* arrays of strings: owned */
} Kv;

struct EdgeGgufFile
{
  GMappedFile *mapped;          /* NULL for edge_gguf_open_memory() */
  const guint8 *base;
  gsize size;

  guint32 alignment;
  gsize data_offset;

  Kv *kv;
  guint n_kv;
  EdgeGgufTensor *tensors;
  guint n_tensors;

  GStringChunk *names;          /* keys and tensor names, NUL-terminated */
  GHashTable *kv_index;         /* key -> index + 1 */
  GHashTable *tensor_index;     /* name -> index + 1 */
};

/* ------------------------------------------------------------------ */
/* Types */

static const gchar *const value_type_names[] = {
  [EDGE_GGUF_TYPE_UINT8] = "UINT8",
  [EDGE_GGUF_TYPE_INT8] = "INT8",
  [EDGE_GGUF_TYPE_UINT16] = "UINT16",
  [EDGE_GGUF_TYPE_INT16] = "INT16",
  [EDGE_GGUF_TYPE_UINT32] = "UINT32",
  [EDGE_GGUF_TYPE_INT32] = "INT32",
  [EDGE_GGUF_TYPE_FLOAT32] = "FLOAT32",
  [EDGE_GGUF_TYPE_BOOL] = "BOOL",
  [EDGE_GGUF_TYPE_STRING] = "STRING",
  [EDGE_GGUF_TYPE_ARRAY] = "ARRAY",
  [EDGE_GGUF_TYPE_UINT64] = "UINT64",
  [EDGE_GGUF_TYPE_INT64] = "INT64",
  [EDGE_GGUF_TYPE_FLOAT64] = "FLOAT64",
};

const gchar *
edge_gguf_type_name (EdgeGgufType type)
{
  if ((guint) type >= G_N_ELEMENTS (value_type_names))
    return NULL;
  return value_type_names[type];
}

gsize
edge_gguf_type_size (EdgeGgufType type)
{
  switch (type) {
    case EDGE_GGUF_TYPE_UINT8:
    case EDGE_GGUF_TYPE_INT8:
    case EDGE_GGUF_TYPE_BOOL:
      return 1;
    case EDGE_GGUF_TYPE_UINT16:
    case EDGE_GGUF_TYPE_INT16:
      return 2;
    case EDGE_GGUF_TYPE_UINT32:
    case EDGE_GGUF_TYPE_INT32:
    case EDGE_GGUF_TYPE_FLOAT32:
      return 4;
    case EDGE_GGUF_TYPE_UINT64:
    case EDGE_GGUF_TYPE_INT64:
    case EDGE_GGUF_TYPE_FLOAT64:
      return 8;
    case EDGE_GGUF_TYPE_STRING:
    case EDGE_GGUF_TYPE_ARRAY:
    default:
      return 0;
  }
}

/* ggml's type ids (ggml.h, enum ggml_type): naming the ones we refuse
 * tells a user which tool produced the file (a quantized llama.cpp model,
 * an F16 export...). Holes are ids ggml retired. */
static const gchar *const tensor_type_names[] = {
  [0] = "F32", [1] = "F16", [2] = "Q4_0", [3] = "Q4_1", [6] = "Q5_0",
  [7] = "Q5_1", [8] = "Q8_0", [9] = "Q8_1", [10] = "Q2_K", [11] = "Q3_K",
  [12] = "Q4_K", [13] = "Q5_K", [14] = "Q6_K", [15] = "Q8_K",
  [16] = "IQ2_XXS", [17] = "IQ2_XS", [18] = "IQ3_XXS", [19] = "IQ1_S",
  [20] = "IQ4_NL", [21] = "IQ3_S", [22] = "IQ2_S", [23] = "IQ4_XS",
  [24] = "I8", [25] = "I16", [26] = "I32", [27] = "I64", [28] = "F64",
  [29] = "IQ1_M", [30] = "BF16", [34] = "TQ1_0", [35] = "TQ2_0",
  [39] = "MXFP4",
};

const gchar *
edge_tensor_type_name (guint32 type)
{
  if (type >= G_N_ELEMENTS (tensor_type_names))
    return NULL;
  return tensor_type_names[type];
}

gsize
edge_tensor_type_size (guint32 type)
{
  switch (type) {
    case EDGE_TENSOR_F32:
    case EDGE_TENSOR_I32:
      return 4;
    case EDGE_TENSOR_I16:
      return 2;
    case EDGE_TENSOR_I8:
      return 1;
    default:
      return 0;
  }
}

/* ------------------------------------------------------------------ */
/* Helpers shared with the writer */

const gchar *
edge_gguf_alignment_problem (guint64 alignment, EdgeGgufError * code)
{
  if (alignment == 0 || (alignment & (alignment - 1)) != 0) {
    *code = EDGE_GGUF_ERROR_FORMAT;
    return "is not a power of two";
  }
  if (alignment > EDGE_GGUF_MAX_ALIGNMENT) {
    *code = EDGE_GGUF_ERROR_LIMIT;
    G_STATIC_ASSERT (EDGE_GGUF_MAX_ALIGNMENT == 65536);
    return "exceeds limit 65536";
  }
  if (alignment % 8 != 0) {
    *code = EDGE_GGUF_ERROR_UNSUPPORTED;
    return "is not a multiple of 8";
  }
  return NULL;
}

gchar *
edge_gguf_display (const void *bytes, gsize len)
{
  const gchar *s = bytes;
  GString *out = g_string_sized_new (MIN (len, EDGE_GGUF_DISPLAY_MAX) + 8);
  gsize i = 0;
  guint n = 0;

  while (i < len && n < EDGE_GGUF_DISPLAY_MAX) {
    gssize left = (gssize) MIN (len - i, (gsize) 8);
    gunichar c = g_utf8_get_char_validated (s + i, left);

    if (c == (gunichar) - 1 || c == (gunichar) - 2 ||
        !g_unichar_isprint (c) || c == '\\' || c == '\'') {
      /* one byte at a time, so any garbage stays readable and bounded */
      g_string_append_printf (out, "\\x%02x", (guint8) s[i]);
      i++;
    } else {
      gsize skip = g_utf8_skip[(guint8) s[i]];
      g_string_append_len (out, s + i, skip);
      i += skip;
    }
    n++;
  }
  if (i < len)
    g_string_append (out, "...");
  return g_string_free (out, FALSE);
}

const gchar *
edge_gguf_string_problem (const void *bytes, gsize len, gsize * at,
    EdgeGgufError * code)
{
  const guint8 *nul = len ? memchr (bytes, 0, len) : NULL;
  const gchar *end;

  if (nul) {
    *at = nul - (const guint8 *) bytes;
    *code = EDGE_GGUF_ERROR_UNSUPPORTED;
    return "contains a NUL byte";
  }
  if (!g_utf8_validate_len (bytes, len, &end)) {
    *at = end - (const gchar *) bytes;
    *code = EDGE_GGUF_ERROR_FORMAT;
    return "is not valid UTF-8";
  }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* The cursor */

typedef struct
{
  const guint8 *base;
  gsize size;
  gsize pos;
  GError **error;

  /* where we are, for messages */
  const gchar *section;         /* "key", "tensor", or NULL in the header */
  guint64 index;
  const guint8 *name;           /* raw name of the key/tensor once read */
  gsize name_len;
  gint64 elem;                  /* array element being read, or -1 */
} Parser;

/* "key 3 ('general.name')", "tensor 0", "" in the fixed header */
static gchar *
parser_where (const Parser * p, gboolean with_elem)
{
  GString *s = g_string_new (NULL);

  if (!p->section)
    return g_string_free (s, FALSE);

  g_string_append_printf (s, "%s %" G_GUINT64_FORMAT, p->section, p->index);
  if (p->name) {
    gchar *d = edge_gguf_display (p->name, p->name_len);
    g_string_append_printf (s, " ('%s')", d);
    g_free (d);
  }
  if (with_elem && p->elem >= 0)
    g_string_append_printf (s, ", element %" G_GINT64_FORMAT, p->elem);
  return g_string_free (s, FALSE);
}

static gboolean G_GNUC_PRINTF (3, 4)
parser_fail (Parser * p, EdgeGgufError code, const gchar * fmt, ...)
{
  va_list args;
  gchar *msg;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);

  if (p->section) {
    gchar *where = parser_where (p, TRUE);
    g_set_error (p->error, EDGE_GGUF_ERROR, code, "%s: %s", where, msg);
    g_free (where);
  } else {
    g_set_error_literal (p->error, EDGE_GGUF_ERROR, code, msg);
  }
  g_free (msg);
  return FALSE;
}

/* "truncated at byte 57 while reading the type of key 2 ('general.name')
 * (4 bytes at byte 55)": the first number is where the file ends. */
static gboolean
parser_truncated (Parser * p, const gchar * what, guint64 need)
{
  gchar *where = parser_where (p, FALSE);
  gchar *thing;

  if (p->elem >= 0)
    thing = g_strdup_printf ("element %" G_GINT64_FORMAT, p->elem);
  else
    thing = g_strdup (what);

  g_set_error (p->error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_FORMAT,
      "truncated at byte %" G_GSIZE_FORMAT " while reading %s%s%s "
      "(%" G_GUINT64_FORMAT " bytes at byte %" G_GSIZE_FORMAT ")",
      p->size, thing, p->section ? " of " : "", where, need, p->pos);
  g_free (thing);
  g_free (where);
  return FALSE;
}

static gboolean
parser_need (Parser * p, const gchar * what, guint64 n)
{
  if (n <= p->size - p->pos)
    return TRUE;
  return parser_truncated (p, what, n);
}

static gboolean
read_u32 (Parser * p, const gchar * what, guint32 * out)
{
  if (!parser_need (p, what, 4))
    return FALSE;
  *out = edge_gguf_read_u32 (p->base + p->pos);
  p->pos += 4;
  return TRUE;
}

static gboolean
read_u64 (Parser * p, const gchar * what, guint64 * out)
{
  if (!parser_need (p, what, 8))
    return FALSE;
  *out = edge_gguf_read_u64 (p->base + p->pos);
  p->pos += 8;
  return TRUE;
}

/* u64 length + bytes; @label ("name", "string") names it in messages */
static gboolean
read_string (Parser * p, const gchar * what, const gchar * label,
    const guint8 ** str, gsize * len)
{
  guint64 n;

  if (!read_u64 (p, what, &n))
    return FALSE;
  if (n > EDGE_GGUF_MAX_STRING)
    return parser_fail (p, EDGE_GGUF_ERROR_LIMIT,
        "%s length %" G_GUINT64_FORMAT " exceeds limit %u", label, n,
        EDGE_GGUF_MAX_STRING);
  if (!parser_need (p, what, n))
    return FALSE;
  *str = p->base + p->pos;
  *len = (gsize) n;
  p->pos += (gsize) n;
  return TRUE;
}

static gboolean
check_string (Parser * p, const gchar * label, const guint8 * s, gsize len,
    gboolean allow_empty)
{
  EdgeGgufError code;
  const gchar *problem;
  gsize at;

  if (len == 0 && !allow_empty)
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT, "%s is empty", label);
  problem = edge_gguf_string_problem (s, len, &at, &code);
  if (problem)
    return parser_fail (p, code, "%s %s (at offset %" G_GSIZE_FORMAT ")",
        label, problem, at);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Keys */

static gboolean
parse_string_array (Parser * p, guint64 count, Kv * kv)
{
  const guint8 *first = p->base + p->pos;
  guint64 i;

  /* each element takes at least its 8-byte length: with this check the
   * offsets table is never larger than the file */
  if (count > (p->size - p->pos) / 8)
    return parser_truncated (p, "the elements", count * 8);

  kv->offsets = g_new (gsize, count);
  for (i = 0; i < count; i++) {
    const guint8 *s;
    gsize len;

    p->elem = (gint64) i;
    kv->offsets[i] = (p->base + p->pos) - first;
    if (!read_string (p, NULL, "string", &s, &len) ||
        !check_string (p, "string", s, len, TRUE))
      return FALSE;
  }
  p->elem = -1;

  kv->value.v.a.data = first;
  kv->value.v.a.offsets = kv->offsets;
  return TRUE;
}

static gboolean
parse_array (Parser * p, Kv * kv)
{
  EdgeGgufValue *v = &kv->value;
  guint32 elem_type;
  guint64 count, n_bytes;
  gsize esize;

  if (!read_u32 (p, "the array element type", &elem_type))
    return FALSE;
  if (elem_type == EDGE_GGUF_TYPE_ARRAY)
    return parser_fail (p, EDGE_GGUF_ERROR_UNSUPPORTED,
        "nested arrays are not supported");
  if (!edge_gguf_type_name (elem_type))
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
        "unknown array element type %u", elem_type);
  if (!read_u64 (p, "the array count", &count))
    return FALSE;
  if (count > EDGE_GGUF_MAX_ARRAY)
    return parser_fail (p, EDGE_GGUF_ERROR_LIMIT,
        "array count %" G_GUINT64_FORMAT " exceeds limit %u", count,
        EDGE_GGUF_MAX_ARRAY);

  v->v.a.elem_type = elem_type;
  v->v.a.count = count;
  if (elem_type == EDGE_GGUF_TYPE_STRING)
    return parse_string_array (p, count, kv);

  esize = edge_gguf_type_size (elem_type);
  if (__builtin_mul_overflow (count, (guint64) esize, &n_bytes))
    return parser_fail (p, EDGE_GGUF_ERROR_LIMIT, "array too large");
  if (!parser_need (p, "the elements", n_bytes))
    return FALSE;
  v->v.a.data = p->base + p->pos;

  if (elem_type == EDGE_GGUF_TYPE_BOOL) {
    /* the accessors and consumers assume 0 or 1 */
    for (guint64 i = 0; i < count; i++)
      if (v->v.a.data[i] > 1) {
        p->elem = (gint64) i;
        return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
            "bool value %u is neither 0 nor 1", v->v.a.data[i]);
      }
  }
  p->pos += (gsize) n_bytes;
  return TRUE;
}

static gboolean
parse_value (Parser * p, guint32 type, Kv * kv)
{
  EdgeGgufValue *v = &kv->value;
  const guint8 *s;
  gsize size, len;

  v->type = type;
  switch (type) {
    case EDGE_GGUF_TYPE_STRING:
      if (!read_string (p, "the value", "string", &s, &len) ||
          !check_string (p, "string", s, len, TRUE))
        return FALSE;
      v->v.s.str = (const gchar *) s;
      v->v.s.len = len;
      return TRUE;
    case EDGE_GGUF_TYPE_ARRAY:
      return parse_array (p, kv);
    default:
      break;
  }

  size = edge_gguf_type_size (type);
  if (size == 0)
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT, "unknown value type %u",
        type);
  if (!parser_need (p, "the value", size))
    return FALSE;

  s = p->base + p->pos;
  switch (type) {
    case EDGE_GGUF_TYPE_UINT8:
      v->v.u64 = s[0];
      break;
    case EDGE_GGUF_TYPE_BOOL:
      if (s[0] > 1)
        return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
            "bool value %u is neither 0 nor 1", s[0]);
      v->v.u64 = s[0];
      break;
    case EDGE_GGUF_TYPE_INT8:
      v->v.i64 = (gint8) s[0];
      break;
    case EDGE_GGUF_TYPE_UINT16:
      v->v.u64 = (guint16) (s[0] | (s[1] << 8));
      break;
    case EDGE_GGUF_TYPE_INT16:
      v->v.i64 = (gint16) (guint16) (s[0] | (s[1] << 8));
      break;
    case EDGE_GGUF_TYPE_UINT32:
      v->v.u64 = edge_gguf_read_u32 (s);
      break;
    case EDGE_GGUF_TYPE_INT32:
      v->v.i64 = (gint32) edge_gguf_read_u32 (s);
      break;
    case EDGE_GGUF_TYPE_UINT64:
      v->v.u64 = edge_gguf_read_u64 (s);
      break;
    case EDGE_GGUF_TYPE_INT64:
      v->v.i64 = (gint64) edge_gguf_read_u64 (s);
      break;
    case EDGE_GGUF_TYPE_FLOAT32:{
      guint32 bits = edge_gguf_read_u32 (s);
      gfloat f;
      memcpy (&f, &bits, 4);
      v->v.f64 = f;
      break;
    }
    case EDGE_GGUF_TYPE_FLOAT64:{
      guint64 bits = edge_gguf_read_u64 (s);
      memcpy (&v->v.f64, &bits, 8);
      break;
    }
    default:
      g_assert_not_reached ();
  }
  p->pos += size;
  return TRUE;
}

static gboolean
parse_kv (Parser * p, EdgeGgufFile * f, guint64 index, Kv * kv)
{
  const guint8 *name;
  gsize name_len;
  guint32 type;
  gpointer prev;

  p->section = "key";
  p->index = index;
  p->name = NULL;
  p->elem = -1;

  if (!read_string (p, "the name", "name", &name, &name_len))
    return FALSE;
  p->name = name;
  p->name_len = name_len;
  if (!check_string (p, "name", name, name_len, FALSE))
    return FALSE;

  kv->key = g_string_chunk_insert_len (f->names, (const gchar *) name,
      name_len);
  prev = g_hash_table_lookup (f->kv_index, kv->key);
  if (prev)
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
        "duplicate key (first defined by key %u)", GPOINTER_TO_UINT (prev) - 1);
  g_hash_table_insert (f->kv_index, (gpointer) kv->key,
      GUINT_TO_POINTER ((guint) index + 1));

  if (!read_u32 (p, "the type", &type) || !parse_value (p, type, kv))
    return FALSE;

  if (strcmp (kv->key, EDGE_GGUF_ALIGNMENT_KEY) == 0) {
    EdgeGgufError code;
    const gchar *problem;

    if (type != EDGE_GGUF_TYPE_UINT32)
      return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
          "has type %s, expected UINT32", edge_gguf_type_name (type));
    problem = edge_gguf_alignment_problem (kv->value.v.u64, &code);
    if (problem)
      return parser_fail (p, code, "alignment %" G_GUINT64_FORMAT " %s",
          kv->value.v.u64, problem);
    f->alignment = (guint32) kv->value.v.u64;
  }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Tensors */

static gchar *
format_dims (const guint64 * dims, guint n_dims)
{
  GString *s = g_string_new ("[");

  for (guint d = 0; d < n_dims; d++)
    g_string_append_printf (s, "%s%" G_GUINT64_FORMAT, d ? ", " : "", dims[d]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static gboolean
parse_tensor_info (Parser * p, EdgeGgufFile * f, guint64 index,
    EdgeGgufTensor * t, guint64 * offset)
{
  const guint8 *name;
  gsize name_len, esize;
  guint32 n_dims, type;
  guint64 n_elements = 1, n_bytes;
  gpointer prev;

  p->section = "tensor";
  p->index = index;
  p->name = NULL;
  p->elem = -1;

  if (!read_string (p, "the name", "name", &name, &name_len))
    return FALSE;
  p->name = name;
  p->name_len = name_len;
  if (!check_string (p, "name", name, name_len, FALSE))
    return FALSE;

  t->name = g_string_chunk_insert_len (f->names, (const gchar *) name,
      name_len);
  prev = g_hash_table_lookup (f->tensor_index, t->name);
  if (prev)
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
        "duplicate tensor name (first used by tensor %u)",
        GPOINTER_TO_UINT (prev) - 1);
  g_hash_table_insert (f->tensor_index, (gpointer) t->name,
      GUINT_TO_POINTER ((guint) index + 1));

  if (!read_u32 (p, "the dimension count", &n_dims))
    return FALSE;
  if (n_dims == 0 || n_dims > EDGE_GGUF_MAX_DIMS)
    return parser_fail (p, n_dims == 0 ? EDGE_GGUF_ERROR_UNSUPPORTED :
        EDGE_GGUF_ERROR_FORMAT, "n_dims %u outside 1..%d", n_dims,
        EDGE_GGUF_MAX_DIMS);
  if (!parser_need (p, "the dims", (guint64) n_dims * 8))
    return FALSE;
  t->n_dims = n_dims;
  for (guint d = 0; d < n_dims; d++) {
    t->dims[d] = edge_gguf_read_u64 (p->base + p->pos);
    p->pos += 8;
  }
  for (guint d = 0; d < n_dims; d++) {
    if (t->dims[d] == 0)
      return parser_fail (p, EDGE_GGUF_ERROR_UNSUPPORTED,
          "dim %u is 0 (empty tensors are not supported)", d);
    if (__builtin_mul_overflow (n_elements, t->dims[d], &n_elements)) {
      gchar *dims = format_dims (t->dims, n_dims);
      parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
          "element count of dims %s overflows 64 bits", dims);
      g_free (dims);
      return FALSE;
    }
  }
  t->n_elements = n_elements;

  if (!read_u32 (p, "the type", &type))
    return FALSE;
  esize = edge_tensor_type_size (type);
  if (esize == 0) {
    if (edge_tensor_type_name (type))
      return parser_fail (p, EDGE_GGUF_ERROR_UNSUPPORTED,
          "type %u (%s) is not supported (only F32, I8, I16, I32)", type,
          edge_tensor_type_name (type));
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT, "unknown tensor type %u",
        type);
  }
  t->type = type;
  if (__builtin_mul_overflow (n_elements, (guint64) esize, &n_bytes))
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
        "byte size of %" G_GUINT64_FORMAT " elements of %s overflows 64 bits",
        n_elements, edge_tensor_type_name (type));
  if (n_bytes > G_MAXSIZE)
    return parser_fail (p, EDGE_GGUF_ERROR_LIMIT,
        "byte size %" G_GUINT64_FORMAT " exceeds the address space", n_bytes);
  t->n_bytes = (gsize) n_bytes;

  if (!read_u64 (p, "the offset", offset))
    return FALSE;
  if (*offset % f->alignment != 0)
    return parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
        "offset %" G_GUINT64_FORMAT " is not a multiple of the alignment %u",
        *offset, f->alignment);
  return TRUE;
}

typedef struct
{
  guint64 start, end;           /* in the file */
  guint index;
} Extent;

static int
extent_compare (const void *a, const void *b)
{
  const Extent *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->index < y->index ? -1 : (x->index > y->index);
}

/* Every tensor inside the file, none overlapping another: sorted by start,
 * each must end before the next begins. */
static gboolean
place_tensors (Parser * p, EdgeGgufFile * f, guint64 data_offset,
    const guint64 * offsets)
{
  Extent *ext = g_new (Extent, MAX (f->n_tensors, 1));
  gboolean ok = FALSE;

  for (guint i = 0; i < f->n_tensors; i++) {
    EdgeGgufTensor *t = &f->tensors[i];
    guint64 start, end;

    p->section = "tensor";
    p->index = i;
    p->name = (const guint8 *) t->name;
    p->name_len = strlen (t->name);
    p->elem = -1;

    if (__builtin_add_overflow (data_offset, offsets[i], &start)
        || __builtin_add_overflow (start, (guint64) t->n_bytes, &end)) {
      parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
          "offset %" G_GUINT64_FORMAT " is past end of file (%" G_GSIZE_FORMAT
          " bytes)", offsets[i], f->size);
      goto out;
    }
    if (end > f->size) {
      parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
          "data [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ") extends past "
          "end of file (%" G_GSIZE_FORMAT " bytes)", start, end, f->size);
      goto out;
    }
    t->data = f->base + start;
    ext[i].start = start;
    ext[i].end = end;
    ext[i].index = i;
  }

  qsort (ext, f->n_tensors, sizeof (Extent), extent_compare);
  for (guint i = 1; i < f->n_tensors; i++) {
    const Extent *a = &ext[i - 1], *b = &ext[i];

    if (b->start < a->end) {
      const EdgeGgufTensor *ta = &f->tensors[a->index];
      const EdgeGgufTensor *tb = &f->tensors[b->index];
      gchar *da = edge_gguf_display (ta->name, strlen (ta->name));

      p->index = b->index;
      p->name = (const guint8 *) tb->name;
      p->name_len = strlen (tb->name);
      parser_fail (p, EDGE_GGUF_ERROR_FORMAT,
          "data [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ") overlaps "
          "tensor %u ('%s') [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ")",
          b->start, b->end, a->index, da, a->start, a->end);
      g_free (da);
      goto out;
    }
  }
  ok = TRUE;

out:
  g_free (ext);
  return ok;
}

/* ------------------------------------------------------------------ */
/* The file */

static gboolean
parse (EdgeGgufFile * f, GError ** error)
{
  Parser p = { f->base, f->size, 0, error, NULL, 0, NULL, 0, -1 };
  guint32 version;
  guint64 n_tensors, n_kv, data_offset;
  guint64 *offsets = NULL;
  gsize cap;
  gboolean ok = FALSE;

  if (f->size == 0)
    return parser_fail (&p, EDGE_GGUF_ERROR_FORMAT,
        "empty file (0 bytes): not a GGUF file");
  if (f->size < 4 || memcmp (f->base, EDGE_GGUF_MAGIC, 4) != 0) {
    gchar *d = edge_gguf_display (f->base, MIN (f->size, (gsize) 4));
    parser_fail (&p, EDGE_GGUF_ERROR_FORMAT,
        "bad magic '%s' (expected 'GGUF'): not a GGUF file", d);
    g_free (d);
    return FALSE;
  }
  p.pos = 4;

  if (!read_u32 (&p, "the version", &version))
    return FALSE;
  if (version != EDGE_GGUF_VERSION) {
    /* a byte-swapped 3 is ggml's big-endian variant */
    if (version == GUINT32_SWAP_LE_BE (EDGE_GGUF_VERSION))
      return parser_fail (&p, EDGE_GGUF_ERROR_UNSUPPORTED,
          "GGUF version %u (a big-endian GGUF file?) is not supported "
          "(only little-endian version 3)", version);
    return parser_fail (&p, EDGE_GGUF_ERROR_UNSUPPORTED,
        "GGUF version %u is not supported (only version 3)", version);
  }

  if (!read_u64 (&p, "the tensor count", &n_tensors) ||
      !read_u64 (&p, "the key count", &n_kv))
    return FALSE;
  if (n_tensors > EDGE_GGUF_MAX_TENSORS)
    return parser_fail (&p, EDGE_GGUF_ERROR_LIMIT,
        "tensor count %" G_GUINT64_FORMAT " exceeds limit %u", n_tensors,
        EDGE_GGUF_MAX_TENSORS);
  if (n_kv > EDGE_GGUF_MAX_KV)
    return parser_fail (&p, EDGE_GGUF_ERROR_LIMIT,
        "key count %" G_GUINT64_FORMAT " exceeds limit %u", n_kv,
        EDGE_GGUF_MAX_KV);

  /* Size the tables by what the file can hold at most, not by the counts
   * it claims: a lying count then fails on truncation, having allocated
   * no more than the file size. Every key needs MIN_KV_BYTES, then every
   * tensor MIN_TENSOR_INFO_BYTES. */
  cap = MIN (n_kv, (f->size - p.pos) / MIN_KV_BYTES) + 1;
  f->kv = g_new0 (Kv, cap);
  for (guint64 i = 0; i < n_kv; i++) {
    /* cannot happen with MIN_KV_BYTES right; kept so that a mistake there
     * costs memory, not an overflow */
    if (f->n_kv + 1 >= cap) {
      f->kv = g_renew (Kv, f->kv, cap * 2);
      memset (f->kv + cap, 0, cap * sizeof (Kv));
      cap *= 2;
    }
    if (!parse_kv (&p, f, i, &f->kv[f->n_kv]))
      goto out;
    f->n_kv++;
  }

  cap = MIN (n_tensors, (f->size - p.pos) / MIN_TENSOR_INFO_BYTES) + 1;
  f->tensors = g_new0 (EdgeGgufTensor, cap);
  offsets = g_new (guint64, cap);
  for (guint64 i = 0; i < n_tensors; i++) {
    if (f->n_tensors + 1 >= cap) {
      f->tensors = g_renew (EdgeGgufTensor, f->tensors, cap * 2);
      offsets = g_renew (guint64, offsets, cap * 2);
      cap *= 2;
    }
    if (!parse_tensor_info (&p, f, i, &f->tensors[f->n_tensors],
            &offsets[f->n_tensors]))
      goto out;
    f->n_tensors++;
  }

  /* the data section starts at the next multiple of the alignment; a file
   * without tensors may end before it */
  data_offset = ((guint64) p.pos + f->alignment - 1) &
      ~((guint64) f->alignment - 1);
  f->data_offset = (gsize) MIN (data_offset, (guint64) G_MAXSIZE);
  if (!place_tensors (&p, f, data_offset, offsets))
    goto out;
  ok = TRUE;

out:
  g_free (offsets);
  return ok;
}

static EdgeGgufFile *
file_new (const guint8 * data, gsize size)
{
  EdgeGgufFile *f = g_new0 (EdgeGgufFile, 1);

  f->base = data;
  f->size = size;
  f->alignment = EDGE_GGUF_DEFAULT_ALIGNMENT;
  f->names = g_string_chunk_new (256);
  f->kv_index = g_hash_table_new (g_str_hash, g_str_equal);
  f->tensor_index = g_hash_table_new (g_str_hash, g_str_equal);
  return f;
}

void
edge_gguf_close (EdgeGgufFile * file)
{
  if (!file)
    return;
  for (guint i = 0; i < file->n_kv; i++)
    g_free (file->kv[i].offsets);
  g_free (file->kv);
  g_free (file->tensors);
  g_hash_table_unref (file->kv_index);
  g_hash_table_unref (file->tensor_index);
  g_string_chunk_free (file->names);
  if (file->mapped)
    g_mapped_file_unref (file->mapped);
  g_free (file);
}

static EdgeGgufFile *
open_parsed (EdgeGgufFile * f, GError ** error)
{
  if (!parse (f, error)) {
    /* kv[n_kv] may hold the offsets of the array that failed */
    if (f->kv)
      g_free (f->kv[f->n_kv].offsets);
    edge_gguf_close (f);
    return NULL;
  }
  return f;
}

EdgeGgufFile *
edge_gguf_open_memory (const guint8 * data, gsize size, GError ** error)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);
  /* tensor data is handed out at multiples of the alignment (>= 8) from
   * @data, and consumers read it as int32/float */
  g_return_val_if_fail (((guintptr) data) % 8 == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return open_parsed (file_new (data, size), error);
}

EdgeGgufFile *
edge_gguf_open (const gchar * path, GError ** error)
{
  GMappedFile *mapped;
  GError *err = NULL;
  EdgeGgufFile *f;
  struct stat st;
  gchar *display;
  int fd, flags = O_RDONLY;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);

#ifdef O_CLOEXEC
  flags |= O_CLOEXEC;
#endif
#ifdef O_NONBLOCK
  /* opening a FIFO would otherwise block until a writer shows up */
  flags |= O_NONBLOCK;
#endif
  fd = g_open (path, flags, 0);
  if (fd < 0) {
    int e = errno;
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO,
        "cannot open '%s': %s", display, g_strerror (e));
    g_free (display);
    return NULL;
  }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode)) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO,
        "cannot open '%s': not a regular file", display);
    close (fd);
    g_free (display);
    return NULL;
  }

  mapped = g_mapped_file_new_from_fd (fd, FALSE, &err);
  close (fd);                   /* the mapping keeps the pages */
  if (!mapped) {
    g_set_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO,
        "cannot map '%s': %s", display, err->message);
    g_error_free (err);
    g_free (display);
    return NULL;
  }

  f = file_new ((const guint8 *) g_mapped_file_get_contents (mapped),
      g_mapped_file_get_length (mapped));
  f->mapped = mapped;
  f = open_parsed (f, &err);
  if (!f) {
    /* the same message as open_memory, with the file name in front */
    g_set_error (error, err->domain, err->code, "%s: %s", display,
        err->message);
    g_error_free (err);
  }
  g_free (display);
  return f;
}

/* ------------------------------------------------------------------ */
/* Accessors */

guint
edge_gguf_get_n_kv (const EdgeGgufFile * file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->n_kv;
}

const gchar *
edge_gguf_get_key (const EdgeGgufFile * file, guint index)
{
  g_return_val_if_fail (file != NULL, NULL);
  if (index >= file->n_kv)
    return NULL;
  return file->kv[index].key;
}

gboolean
edge_gguf_get_value (const EdgeGgufFile * file, guint index,
    EdgeGgufValue * value)
{
  g_return_val_if_fail (file != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);
  if (index >= file->n_kv)
    return FALSE;
  *value = file->kv[index].value;
  return TRUE;
}

gint
edge_gguf_find_key (const EdgeGgufFile * file, const gchar * key)
{
  gpointer p;

  g_return_val_if_fail (file != NULL, -1);
  g_return_val_if_fail (key != NULL, -1);
  p = g_hash_table_lookup (file->kv_index, key);
  return p ? (gint) GPOINTER_TO_UINT (p) - 1 : -1;
}

guint
edge_gguf_get_n_tensors (const EdgeGgufFile * file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->n_tensors;
}

const EdgeGgufTensor *
edge_gguf_get_tensor (const EdgeGgufFile * file, guint index)
{
  g_return_val_if_fail (file != NULL, NULL);
  if (index >= file->n_tensors)
    return NULL;
  return &file->tensors[index];
}

const EdgeGgufTensor *
edge_gguf_find_tensor (const EdgeGgufFile * file, const gchar * name)
{
  gpointer p;

  g_return_val_if_fail (file != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  p = g_hash_table_lookup (file->tensor_index, name);
  return p ? &file->tensors[GPOINTER_TO_UINT (p) - 1] : NULL;
}

guint32
edge_gguf_get_alignment (const EdgeGgufFile * file)
{
  g_return_val_if_fail (file != NULL, EDGE_GGUF_DEFAULT_ALIGNMENT);
  return file->alignment;
}

gsize
edge_gguf_get_data_offset (const EdgeGgufFile * file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->data_offset;
}

gsize
edge_gguf_get_size (const EdgeGgufFile * file)
{
  g_return_val_if_fail (file != NULL, 0);
  return file->size;
}

/* ------------------------------------------------------------------ */
/* Array helpers */

static const guint8 *
array_element (const EdgeGgufValue * value, guint64 i)
{
  if (value->type != EDGE_GGUF_TYPE_ARRAY || i >= value->v.a.count)
    return NULL;
  return value->v.a.data + i * edge_gguf_type_size (value->v.a.elem_type);
}

gboolean
edge_gguf_array_int64 (const EdgeGgufValue * value, guint64 i, gint64 * out)
{
  const guint8 *p;
  guint64 u;

  g_return_val_if_fail (value != NULL && out != NULL, FALSE);
  p = array_element (value, i);
  if (!p)
    return FALSE;

  switch (value->v.a.elem_type) {
    case EDGE_GGUF_TYPE_UINT8:
    case EDGE_GGUF_TYPE_BOOL:
      *out = p[0];
      return TRUE;
    case EDGE_GGUF_TYPE_INT8:
      *out = (gint8) p[0];
      return TRUE;
    case EDGE_GGUF_TYPE_UINT16:
      *out = (guint16) (p[0] | (p[1] << 8));
      return TRUE;
    case EDGE_GGUF_TYPE_INT16:
      *out = (gint16) (guint16) (p[0] | (p[1] << 8));
      return TRUE;
    case EDGE_GGUF_TYPE_UINT32:
      *out = edge_gguf_read_u32 (p);
      return TRUE;
    case EDGE_GGUF_TYPE_INT32:
      *out = (gint32) edge_gguf_read_u32 (p);
      return TRUE;
    case EDGE_GGUF_TYPE_UINT64:
      u = edge_gguf_read_u64 (p);
      if (u > G_MAXINT64)
        return FALSE;
      *out = (gint64) u;
      return TRUE;
    case EDGE_GGUF_TYPE_INT64:
      *out = (gint64) edge_gguf_read_u64 (p);
      return TRUE;
    default:
      return FALSE;
  }
}

gboolean
edge_gguf_array_double (const EdgeGgufValue * value, guint64 i, gdouble * out)
{
  const guint8 *p;
  gint64 v;

  g_return_val_if_fail (value != NULL && out != NULL, FALSE);
  p = array_element (value, i);
  if (!p)
    return FALSE;

  switch (value->v.a.elem_type) {
    case EDGE_GGUF_TYPE_FLOAT32:{
      guint32 bits = edge_gguf_read_u32 (p);
      gfloat f;
      memcpy (&f, &bits, 4);
      *out = f;
      return TRUE;
    }
    case EDGE_GGUF_TYPE_FLOAT64:{
      guint64 bits = edge_gguf_read_u64 (p);
      memcpy (out, &bits, 8);
      return TRUE;
    }
    case EDGE_GGUF_TYPE_UINT64:
      *out = (gdouble) edge_gguf_read_u64 (p);
      return TRUE;
    default:
      if (!edge_gguf_array_int64 (value, i, &v))
        return FALSE;
      *out = (gdouble) v;
      return TRUE;
  }
}

gboolean
edge_gguf_array_string (const EdgeGgufValue * value, guint64 i,
    const gchar ** str, gsize * len)
{
  const guint8 *p;

  g_return_val_if_fail (value != NULL && str != NULL && len != NULL, FALSE);
  if (value->type != EDGE_GGUF_TYPE_ARRAY ||
      value->v.a.elem_type != EDGE_GGUF_TYPE_STRING || i >= value->v.a.count)
    return FALSE;

  if (value->v.a.offsets) {
    p = value->v.a.data + value->v.a.offsets[i];
  } else {
    /* a value built by a caller: trusted, walked */
    p = value->v.a.data;
    for (guint64 j = 0; j < i; j++)
      p += 8 + edge_gguf_read_u64 (p);
  }
  *len = (gsize) edge_gguf_read_u64 (p);
  *str = (const gchar *) p + 8;
  return TRUE;
}
