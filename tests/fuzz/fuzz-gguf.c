/* libFuzzer harness: the GGUF reader (and the writer, on what it accepts).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Opens every input with edge_gguf_open_memory() and, when it is
 * accepted, reads every key, value, array element and tensor byte through
 * the public accessors, so ASan sees any pointer the reader hands out
 * that leaves the buffer. Then checks writer and reader agree: an
 * accepted file copied key by key and tensor by tensor into a writer
 * must serialize to a file the reader accepts, and that copy must
 * reproduce itself byte for byte. A refused input must give an
 * EDGE_GGUF_ERROR with a valid UTF-8 message. Any violation aborts.
 *
 * Run it with scripts/run-fuzz.
 */

#include "edge-gguf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

#define CHECK(cond) \
  G_STMT_START { \
    if (!(cond)) { \
      g_printerr ("fuzz-gguf: check failed at line %d: %s\n", __LINE__, \
          #cond); \
      abort (); \
    } \
  } G_STMT_END

/* Folds values into something the optimizer cannot drop. */
static volatile guint64 sink;

static void
visit_value (const EdgeGgufValue * v)
{
  const gchar *s;
  gsize len;
  gint64 i64;
  gdouble d;

  switch (v->type) {
    case EDGE_GGUF_TYPE_STRING:
      CHECK (g_utf8_validate_len (v->v.s.str, v->v.s.len, NULL));
      if (v->v.s.len)
        sink += (guint8) v->v.s.str[v->v.s.len - 1];
      break;
    case EDGE_GGUF_TYPE_ARRAY:
      CHECK (v->v.a.elem_type != EDGE_GGUF_TYPE_ARRAY);
      for (guint64 i = 0; i < v->v.a.count; i++) {
        if (v->v.a.elem_type == EDGE_GGUF_TYPE_STRING) {
          CHECK (edge_gguf_array_string (v, i, &s, &len));
          CHECK (g_utf8_validate_len (s, len, NULL));
          sink += len;
        } else {
          CHECK (edge_gguf_array_double (v, i, &d));
          sink += (guint64) (d == d);
          if (edge_gguf_array_int64 (v, i, &i64))
            sink += (guint64) i64;
        }
      }
      CHECK (!edge_gguf_array_int64 (v, v->v.a.count, &i64));
      CHECK (!edge_gguf_array_string (v, v->v.a.count, &s, &len));
      break;
    case EDGE_GGUF_TYPE_BOOL:
      CHECK (v->v.u64 <= 1);
      break;
    default:
      CHECK (edge_gguf_type_size (v->type) > 0);
      sink += v->v.u64;
      break;
  }
}

static GBytes *
rewrite (const EdgeGgufFile * f)
{
  EdgeGgufWriter *w = edge_gguf_writer_new (0);
  GError *error = NULL;
  GBytes *bytes;

  for (guint i = 0; i < edge_gguf_get_n_kv (f); i++) {
    EdgeGgufValue v;

    CHECK (edge_gguf_get_value (f, i, &v));
    edge_gguf_writer_set_value (w, edge_gguf_get_key (f, i), &v);
  }
  for (guint i = 0; i < edge_gguf_get_n_tensors (f); i++) {
    const EdgeGgufTensor *t = edge_gguf_get_tensor (f, i);

    if (!edge_gguf_writer_add_tensor (w, t->name, t->type, t->n_dims,
            t->dims, t->data, &error)) {
      g_printerr ("fuzz-gguf: writer refused tensor %u: %s\n", i,
          error->message);
      abort ();
    }
  }
  bytes = edge_gguf_writer_to_bytes (w, &error);
  if (!bytes) {
    g_printerr ("fuzz-gguf: writer refused an accepted file: %s\n",
        error->message);
    abort ();
  }
  edge_gguf_writer_free (w);
  return bytes;
}

/* The reader on @data (8-byte aligned); TRUE if accepted. */
static EdgeGgufFile *
open_checked (const guint8 * data, gsize size)
{
  GError *error = NULL;
  EdgeGgufFile *f = edge_gguf_open_memory (data, size, &error);

  if (!f) {
    CHECK (error != NULL);
    CHECK (error->domain == EDGE_GGUF_ERROR);
    CHECK (error->code >= EDGE_GGUF_ERROR_IO &&
        error->code <= EDGE_GGUF_ERROR_LIMIT);
    CHECK (g_utf8_validate (error->message, -1, NULL));
    g_error_free (error);
    return NULL;
  }
  CHECK (error == NULL);
  return f;
}

static void
visit (const EdgeGgufFile * f, const guint8 * base, gsize size)
{
  guint32 alignment = edge_gguf_get_alignment (f);

  CHECK (alignment >= 8 && alignment <= EDGE_GGUF_MAX_ALIGNMENT &&
      (alignment & (alignment - 1)) == 0);
  CHECK (edge_gguf_get_size (f) == size);

  for (guint i = 0; i < edge_gguf_get_n_kv (f); i++) {
    const gchar *key = edge_gguf_get_key (f, i);
    EdgeGgufValue v;

    CHECK (key != NULL && key[0] != '\0');
    CHECK (edge_gguf_find_key (f, key) == (gint) i);
    CHECK (edge_gguf_get_value (f, i, &v));
    visit_value (&v);
  }
  CHECK (edge_gguf_get_key (f, edge_gguf_get_n_kv (f)) == NULL);

  for (guint i = 0; i < edge_gguf_get_n_tensors (f); i++) {
    const EdgeGgufTensor *t = edge_gguf_get_tensor (f, i);
    guint64 n = 1;

    CHECK (t != NULL);
    CHECK (edge_gguf_find_tensor (f, t->name) == t);
    CHECK (t->n_dims >= 1 && t->n_dims <= EDGE_GGUF_MAX_DIMS);
    for (guint d = 0; d < t->n_dims; d++)
      n *= t->dims[d];
    CHECK (n == t->n_elements);
    CHECK (t->n_bytes == n * edge_tensor_type_size (t->type));
    CHECK (t->data >= base + edge_gguf_get_data_offset (f));
    CHECK ((gsize) (t->data - base) % alignment == 0);
    CHECK (t->data + t->n_bytes <= base + size);
    /* every byte, so ASan checks the whole range */
    for (gsize k = 0; k < t->n_bytes; k++)
      sink += t->data[k];
  }
  CHECK (edge_gguf_get_tensor (f, edge_gguf_get_n_tensors (f)) == NULL);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  /* criticals from g_return_if_fail would be API misuse by the harness:
   * make them fatal so they surface as crashes */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  /* exactly @size bytes (ASan sees any overread), 8-byte aligned as the
   * API requires: malloc'ed memory is */
  guint8 *copy = g_malloc (size ? size : 1);
  EdgeGgufFile *f, *again;
  GBytes *b1, *b2;
  gsize len;

  memcpy (copy, data, size);
  f = open_checked (copy, size);
  if (f) {
    visit (f, copy, size);

    b1 = rewrite (f);
    {
      gconstpointer p = g_bytes_get_data (b1, &len);
      guint8 *c2 = g_malloc (len);

      memcpy (c2, p, len);
      again = open_checked (c2, len);
      if (!again) {
        g_printerr ("fuzz-gguf: the reader refuses what the writer wrote\n");
        abort ();
      }
      visit (again, c2, len);
      CHECK (edge_gguf_get_n_kv (again) >= edge_gguf_get_n_kv (f));
      CHECK (edge_gguf_get_n_tensors (again) == edge_gguf_get_n_tensors (f));
      for (guint i = 0; i < edge_gguf_get_n_tensors (f); i++) {
        const EdgeGgufTensor *a = edge_gguf_get_tensor (f, i);
        const EdgeGgufTensor *b = edge_gguf_get_tensor (again, i);

        CHECK (strcmp (a->name, b->name) == 0);
        CHECK (a->n_bytes == b->n_bytes);
        CHECK (memcmp (a->data, b->data, a->n_bytes) == 0);
      }
      b2 = rewrite (again);
      CHECK (g_bytes_equal (b1, b2));
      g_bytes_unref (b2);
      edge_gguf_close (again);
      g_free (c2);
    }
    g_bytes_unref (b1);
    edge_gguf_close (f);
  }
  g_free (copy);
  return 0;
}
