/* libedge: GGUF v3 container (the subset gst-edge uses).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * The container layer only: typed key/value metadata and aligned tensors.
 * What the keys mean (graph, quantization, input description...) is the
 * model layer's business (edge-model.h). Files are untrusted: opening
 * validates every byte the header points at and fails with a GError naming
 * what is wrong and where; nothing afterwards can read out of bounds.
 *
 * Layout (little endian), as ggml's gguf v3:
 *   "GGUF" u32 version=3 u64 tensor_count u64 kv_count
 *   kv_count x { string key; u32 type; value }
 *   tensor_count x { string name; u32 n_dims; u64 dims[n_dims] (innermost
 *                    first); u32 ggml_type; u64 offset (from data start) }
 *   padding to general.alignment (default 32)
 *   tensor data, each tensor at data start + offset, offset % alignment == 0
 * string = u64 length + bytes (no NUL); array = u32 elem type + u64 count +
 * elements (arrays of strings allowed; arrays of arrays refused).
 */

#ifndef __EDGE_GGUF_H__
#define __EDGE_GGUF_H__

#include <glib.h>

G_BEGIN_DECLS

#define EDGE_GGUF_ERROR (edge_gguf_error_quark ())
GQuark edge_gguf_error_quark (void);

typedef enum {
  EDGE_GGUF_ERROR_IO,           /* open/read/write/mmap/rename failed */
  EDGE_GGUF_ERROR_FORMAT,       /* not a valid GGUF v3 file (details in message) */
  EDGE_GGUF_ERROR_UNSUPPORTED,  /* valid GGUF, but outside our subset */
  EDGE_GGUF_ERROR_LIMIT,        /* exceeds a documented size limit */
} EdgeGgufError;

/* Value types (the gguf_type numbering). */
typedef enum {
  EDGE_GGUF_TYPE_UINT8 = 0,
  EDGE_GGUF_TYPE_INT8 = 1,
  EDGE_GGUF_TYPE_UINT16 = 2,
  EDGE_GGUF_TYPE_INT16 = 3,
  EDGE_GGUF_TYPE_UINT32 = 4,
  EDGE_GGUF_TYPE_INT32 = 5,
  EDGE_GGUF_TYPE_FLOAT32 = 6,
  EDGE_GGUF_TYPE_BOOL = 7,
  EDGE_GGUF_TYPE_STRING = 8,
  EDGE_GGUF_TYPE_ARRAY = 9,
  EDGE_GGUF_TYPE_UINT64 = 10,
  EDGE_GGUF_TYPE_INT64 = 11,
  EDGE_GGUF_TYPE_FLOAT64 = 12,
} EdgeGgufType;

/* Tensor element types we accept: ggml's type ids. */
typedef enum {
  EDGE_TENSOR_F32 = 0,
  EDGE_TENSOR_I8 = 24,
  EDGE_TENSOR_I16 = 25,
  EDGE_TENSOR_I32 = 26,
} EdgeTensorType;

/* Limits that keep hostile files from forcing huge allocations or long
 * loops; all documented in docs/model-format.md. */
#define EDGE_GGUF_MAX_KV            (1u << 20)
#define EDGE_GGUF_MAX_TENSORS       (1u << 16)
#define EDGE_GGUF_MAX_STRING        (1u << 24)      /* bytes */
#define EDGE_GGUF_MAX_ARRAY         (1u << 26)      /* elements */
#define EDGE_GGUF_MAX_DIMS          4
#define EDGE_GGUF_MAX_ALIGNMENT     (1u << 16)

typedef struct EdgeGgufFile EdgeGgufFile;

/* A borrowed view of one value inside the file (valid while the file is
 * open). Strings are not NUL-terminated: use str/len; the reader
 * guarantees valid UTF-8 without NUL bytes. Array elements of fixed-size
 * types are at data (unaligned: read with memcpy or the accessors below);
 * arrays of strings are read with edge_gguf_array_string().
 * To build a value for edge_gguf_writer_set_value(), zero it first: for
 * an array of strings, data then holds the serialized elements (u64
 * length + bytes each, as in the file) and offsets stays NULL. */
typedef struct {
  EdgeGgufType type;
  union {
    guint64 u64;                /* UINT8/16/32/64, BOOL */
    gint64 i64;                 /* INT8/16/32/64 */
    gdouble f64;                /* FLOAT32/64 */
    struct {
      const gchar *str;
      gsize len;
    } s;                        /* STRING */
    struct {
      EdgeGgufType elem_type;
      guint64 count;
      const guint8 *data;       /* first element */
      /* arrays of strings read from a file: offsets[i] is where element
       * i (its u64 length) starts, relative to data, so any element is
       * found in O(1); owned by the file. NULL: walk from data. */
      const gsize *offsets;
    } a;                        /* ARRAY */
  } v;
} EdgeGgufValue;

typedef struct {
  const gchar *name;            /* NUL-terminated copy, owned by the file */
  EdgeTensorType type;
  guint n_dims;                 /* 1..EDGE_GGUF_MAX_DIMS */
  guint64 dims[EDGE_GGUF_MAX_DIMS];     /* innermost first, as stored */
  guint64 n_elements;
  gsize n_bytes;
  /* in the mapping or buffer: at a multiple of the file's alignment from
   * its start, so at least 8-byte aligned (files are mapped at a page
   * boundary; edge_gguf_open_memory() requires an 8-byte aligned buffer) */
  const guint8 *data;
} EdgeGgufTensor;

/* Maps @path read-only and validates the whole container. Cost is
 * proportional to the header, not the tensor data (which is never read).
 * The file must be a regular file and must not shrink while open (as with
 * any mapping, truncating it under a reader raises SIGBUS). Keys and
 * tensor names must be non-empty; every string must be valid UTF-8
 * without NUL; tensors have 1..4 dims, each >= 1, and must not overlap;
 * general.alignment, when present, is a UINT32 power of two, multiple of
 * 8, at most EDGE_GGUF_MAX_ALIGNMENT. */
EdgeGgufFile *edge_gguf_open (const gchar * path, GError ** error);
/* The same on a caller-owned buffer (tests, fuzzing); @data must outlive
 * the file and be aligned to at least 8 bytes. */
EdgeGgufFile *edge_gguf_open_memory (const guint8 * data, gsize size,
    GError ** error);
/* An open file never changes: its accessors may be called from any number
 * of threads at once. */
void edge_gguf_close (EdgeGgufFile * file);

guint edge_gguf_get_n_kv (const EdgeGgufFile * file);
const gchar *edge_gguf_get_key (const EdgeGgufFile * file, guint index);
gboolean edge_gguf_get_value (const EdgeGgufFile * file, guint index,
    EdgeGgufValue * value);
/* Index of @key or -1. Keys are unique (duplicates are a format error). */
gint edge_gguf_find_key (const EdgeGgufFile * file, const gchar * key);

guint edge_gguf_get_n_tensors (const EdgeGgufFile * file);
const EdgeGgufTensor *edge_gguf_get_tensor (const EdgeGgufFile * file,
    guint index);
/* NULL if absent. Names are unique. */
const EdgeGgufTensor *edge_gguf_find_tensor (const EdgeGgufFile * file,
    const gchar * name);

guint32 edge_gguf_get_alignment (const EdgeGgufFile * file);
/* Offset of the data section (where tensor offsets count from) and the
 * size of the file or buffer, for tools that show the layout. */
gsize edge_gguf_get_data_offset (const EdgeGgufFile * file);
gsize edge_gguf_get_size (const EdgeGgufFile * file);

/* "UINT8" ... "FLOAT64"; NULL for an unknown id. */
const gchar *edge_gguf_type_name (EdgeGgufType type);
/* Bytes of one value of a fixed-size type; 0 for STRING, ARRAY and unknown
 * ids. */
gsize edge_gguf_type_size (EdgeGgufType type);
/* ggml's name for any ggml type id ("F32", "F16", "Q4_0", "I8"...), NULL
 * when the id is unknown; only the EdgeTensorType ids are supported. */
const gchar *edge_tensor_type_name (guint32 type);
/* Bytes per element of a supported type; 0 for any other id. */
gsize edge_tensor_type_size (guint32 type);

/* Array helpers: element @i, converted; FALSE when @i >= count or @value
 * is not an array of a compatible type: _int64 takes integer and BOOL
 * arrays (FALSE for a UINT64 element above G_MAXINT64), _double any
 * numeric array, _string arrays of strings. */
gboolean edge_gguf_array_int64 (const EdgeGgufValue * value, guint64 i,
    gint64 * out);
gboolean edge_gguf_array_double (const EdgeGgufValue * value, guint64 i,
    gdouble * out);
gboolean edge_gguf_array_string (const EdgeGgufValue * value, guint64 i,
    const gchar ** str, gsize * len);

/* Writer: collects keys and tensors, then writes the file atomically
 * (temporary file in the same directory, fsync, rename): a crash never
 * leaves a half-written model behind, and a failure leaves any existing
 * file untouched. Tensor data is copied at add time.
 *
 * Keys are written in insertion order; setting an existing key replaces
 * its value in place. general.alignment is always written (it is the first
 * key): @alignment of edge_gguf_writer_new() (0 means the default, 32),
 * and setting general.alignment (a UINT32) changes the alignment, so
 * copying every key of an opened file keeps its alignment. Tensors are
 * written in insertion order, each padded to the alignment.
 *
 * Setters cannot fail on the spot: the first invalid call (a key or string
 * that is empty where not allowed, not UTF-8, over a limit; a value out of
 * its type's range; a bad general.alignment) is remembered and makes every
 * later edge_gguf_writer_write() / _to_bytes() fail with its message. So
 * the writer never produces a file the reader refuses. */
typedef struct EdgeGgufWriter EdgeGgufWriter;

/* @alignment: 0 (default 32) or a valid alignment (see edge_gguf_open());
 * NULL with a critical warning otherwise. */
EdgeGgufWriter *edge_gguf_writer_new (guint32 alignment);
void edge_gguf_writer_free (EdgeGgufWriter * writer);

void edge_gguf_writer_set_uint32 (EdgeGgufWriter * w, const gchar * key,
    guint32 v);
void edge_gguf_writer_set_int32 (EdgeGgufWriter * w, const gchar * key,
    gint32 v);
void edge_gguf_writer_set_uint64 (EdgeGgufWriter * w, const gchar * key,
    guint64 v);
void edge_gguf_writer_set_int64 (EdgeGgufWriter * w, const gchar * key,
    gint64 v);
void edge_gguf_writer_set_float32 (EdgeGgufWriter * w, const gchar * key,
    gfloat v);
void edge_gguf_writer_set_float64 (EdgeGgufWriter * w, const gchar * key,
    gdouble v);
void edge_gguf_writer_set_bool (EdgeGgufWriter * w, const gchar * key,
    gboolean v);
void edge_gguf_writer_set_string (EdgeGgufWriter * w, const gchar * key,
    const gchar * v);
/* Generic: any scalar or array value (elements copied from @value). */
void edge_gguf_writer_set_value (EdgeGgufWriter * w, const gchar * key,
    const EdgeGgufValue * value);
void edge_gguf_writer_set_int32_array (EdgeGgufWriter * w, const gchar * key,
    const gint32 * v, gsize n);
void edge_gguf_writer_set_float32_array (EdgeGgufWriter * w,
    const gchar * key, const gfloat * v, gsize n);
void edge_gguf_writer_set_string_array (EdgeGgufWriter * w,
    const gchar * key, const gchar * const *v, gsize n);

/* @dims innermost first; FALSE (with @error) on a bad name/type/shape. */
gboolean edge_gguf_writer_add_tensor (EdgeGgufWriter * w, const gchar * name,
    EdgeTensorType type, guint n_dims, const guint64 * dims,
    gconstpointer data, GError ** error);

/* Writes "<path>.XXXXXX" next to @path, fsyncs it, renames it over @path
 * (keeping the mode of a file it replaces) and fsyncs the directory. On
 * failure the temporary file is removed and @path is untouched, except
 * when only the final directory sync fails (the message says so). */
gboolean edge_gguf_writer_write (EdgeGgufWriter * w, const gchar * path,
    GError ** error);
/* The serialized bytes (tests, fuzz seeds). */
GBytes *edge_gguf_writer_to_bytes (EdgeGgufWriter * w, GError ** error);

G_END_DECLS

#endif /* __EDGE_GGUF_H__ */
