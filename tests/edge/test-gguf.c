/* libedge suite: the GGUF container (reader, writer, atomic write, corpus).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "edge-gguf.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <errno.h>
#include <math.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <signal.h>
#include <sys/resource.h>
#endif

/* ------------------------------------------------------------------ */
/* Helpers */

static gchar *
make_tmpdir (void)
{
  GError *error = NULL;
  gchar *dir = g_dir_make_tmp ("test-gguf-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Removes @dir and everything in it (one level of subdirectories). */
static void
remove_tree (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (!d)
    return;
  while ((name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (dir, name, NULL);

    if (g_file_test (path, G_FILE_TEST_IS_DIR))
      remove_tree (path);
    else
      g_unlink (path);
    g_free (path);
  }
  g_dir_close (d);
  g_rmdir (dir);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const gchar * const *) a, *(const gchar * const *) b);
}

/* Names in @dir, sorted, joined by spaces. */
static gchar *
list_dir (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const gchar *name;
  gchar *out;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)))
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  out = g_strjoinv (" ", (gchar **) names->pdata);
  g_ptr_array_unref (names);
  return out;
}

/* An 8-byte aligned copy of @bytes, as edge_gguf_open_memory() needs. */
static guint64 *
aligned_copy (GBytes * bytes, gsize * len)
{
  const guint8 *data = g_bytes_get_data (bytes, len);
  guint64 *copy = g_new0 (guint64, *len / 8 + 1);

  if (*len)
    memcpy (copy, data, *len);
  return copy;
}

static GBytes *
read_file (const gchar * path)
{
  GError *error = NULL;
  gchar *data;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Writes @w to a file in @dir and opens it. */
static EdgeGgufFile *
write_and_open (EdgeGgufWriter * w, const gchar * dir, const gchar * name)
{
  gchar *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;
  EdgeGgufFile *f;

  g_assert_true (edge_gguf_writer_write (w, path, &error));
  g_assert_no_error (error);
  f = edge_gguf_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f);
  g_free (path);
  return f;
}

static void
get (const EdgeGgufFile * f, const gchar * key, EdgeGgufValue * v)
{
  gint i = edge_gguf_find_key (f, key);

  g_assert_cmpint (i, >=, 0);
  g_assert_cmpstr (edge_gguf_get_key (f, i), ==, key);
  g_assert_true (edge_gguf_get_value (f, i, v));
}

/* ------------------------------------------------------------------ */
/* Values */

static void
set_scalar_u (EdgeGgufWriter * w, const gchar * key, EdgeGgufType type,
    guint64 u)
{
  EdgeGgufValue v = { 0 };

  v.type = type;
  v.v.u64 = u;
  edge_gguf_writer_set_value (w, key, &v);
}

static void
set_scalar_i (EdgeGgufWriter * w, const gchar * key, EdgeGgufType type,
    gint64 i)
{
  EdgeGgufValue v = { 0 };

  v.type = type;
  v.v.i64 = i;
  edge_gguf_writer_set_value (w, key, &v);
}

static void
set_array (EdgeGgufWriter * w, const gchar * key, EdgeGgufType elem_type,
    const void *data, guint64 count)
{
  EdgeGgufValue v = { 0 };

  v.type = EDGE_GGUF_TYPE_ARRAY;
  v.v.a.elem_type = elem_type;
  v.v.a.count = count;
  v.v.a.data = data;
  edge_gguf_writer_set_value (w, key, &v);
}

/* Every scalar type at its extremes, strings (empty, ASCII, multi-byte
 * UTF-8), arrays of every fixed type, of strings, and empty arrays come
 * back from a written file with the same type and value, keys in
 * insertion order after general.alignment. */
static void
test_values_roundtrip (void)
{
  static const gchar *const labels[] = { "", "person", "größe", "日本語",
    "🙂"
  };
  static const guint8 u8s[] = { 0, 1, 255 };
  static const gint8 i8s[] = { -128, 0, 127 };
  static const gboolean bools_in[] = { TRUE, FALSE, TRUE };
  static const gint32 i32s[] = { G_MININT32, -1, 0, G_MAXINT32 };
  static const gfloat f32s[] = { 0.5f, -1e-30f, 3.25e30f };
  static const gchar *const order[] = {
    "general.alignment", "u8", "i8", "u16", "i16", "u32", "i32", "f32",
    "bool", "u64", "i64", "f64", "s.empty", "s.ascii", "s.utf8",
    "n.u32", "n.i32", "n.u64", "n.i64", "n.f32", "n.f64", "n.bool",
    "a.u8", "a.i8", "a.u16", "a.i16", "a.u32", "a.i32", "a.f32", "a.bool",
    "a.u64", "a.i64", "a.f64", "a.i32n", "a.f32n", "a.str", "a.empty",
    "a.str.empty",
  };
  guint8 bools[3], le[8 * 4];
  gchar *dir = make_tmpdir ();
  EdgeGgufWriter *w = edge_gguf_writer_new (0);
  EdgeGgufFile *f;
  EdgeGgufValue v = { 0 };
  const gchar *s;
  gint64 i64;
  gdouble d;
  gsize len;

  for (guint i = 0; i < 3; i++)
    bools[i] = bools_in[i] ? 1 : 0;

  set_scalar_u (w, "u8", EDGE_GGUF_TYPE_UINT8, 255);
  set_scalar_i (w, "i8", EDGE_GGUF_TYPE_INT8, -128);
  set_scalar_u (w, "u16", EDGE_GGUF_TYPE_UINT16, 65535);
  set_scalar_i (w, "i16", EDGE_GGUF_TYPE_INT16, -32768);
  set_scalar_u (w, "u32", EDGE_GGUF_TYPE_UINT32, G_MAXUINT32);
  set_scalar_i (w, "i32", EDGE_GGUF_TYPE_INT32, G_MININT32);
  v.type = EDGE_GGUF_TYPE_FLOAT32;
  v.v.f64 = -0.15625;
  edge_gguf_writer_set_value (w, "f32", &v);
  set_scalar_u (w, "bool", EDGE_GGUF_TYPE_BOOL, 1);
  set_scalar_u (w, "u64", EDGE_GGUF_TYPE_UINT64, G_MAXUINT64);
  set_scalar_i (w, "i64", EDGE_GGUF_TYPE_INT64, G_MININT64);
  v.type = EDGE_GGUF_TYPE_FLOAT64;
  v.v.f64 = G_PI;
  edge_gguf_writer_set_value (w, "f64", &v);
  edge_gguf_writer_set_string (w, "s.empty", "");
  edge_gguf_writer_set_string (w, "s.ascii", "gst-edge");
  v.type = EDGE_GGUF_TYPE_STRING;
  v.v.s.str = "Zürich 東京";
  v.v.s.len = strlen (v.v.s.str);
  edge_gguf_writer_set_value (w, "s.utf8", &v);

  edge_gguf_writer_set_uint32 (w, "n.u32", 4000000000u);
  edge_gguf_writer_set_int32 (w, "n.i32", -5);
  edge_gguf_writer_set_uint64 (w, "n.u64", G_GUINT64_CONSTANT (1) << 40);
  edge_gguf_writer_set_int64 (w, "n.i64", -(G_GINT64_CONSTANT (1) << 40));
  edge_gguf_writer_set_float32 (w, "n.f32", 1.0f / 3.0f);
  edge_gguf_writer_set_float64 (w, "n.f64", 1.0 / 3.0);
  edge_gguf_writer_set_bool (w, "n.bool", FALSE);

  set_array (w, "a.u8", EDGE_GGUF_TYPE_UINT8, u8s, 3);
  set_array (w, "a.i8", EDGE_GGUF_TYPE_INT8, i8s, 3);
  /* little-endian bytes: 0x0102, 0xfffe */
  memcpy (le, "\x02\x01\xfe\xff", 4);
  set_array (w, "a.u16", EDGE_GGUF_TYPE_UINT16, le, 2);
  set_array (w, "a.i16", EDGE_GGUF_TYPE_INT16, le, 2);
  memcpy (le, "\x04\x03\x02\x01\xff\xff\xff\xff", 8);
  set_array (w, "a.u32", EDGE_GGUF_TYPE_UINT32, le, 2);
  set_array (w, "a.i32", EDGE_GGUF_TYPE_INT32, le, 2);
  set_array (w, "a.f32", EDGE_GGUF_TYPE_FLOAT32, "\x00\x00\x80\x3f", 1);
  set_array (w, "a.bool", EDGE_GGUF_TYPE_BOOL, bools, 3);
  memcpy (le, "\xff\xff\xff\xff\xff\xff\xff\xff\x01\0\0\0\0\0\0\0", 16);
  set_array (w, "a.u64", EDGE_GGUF_TYPE_UINT64, le, 2);
  set_array (w, "a.i64", EDGE_GGUF_TYPE_INT64, le, 2);
  memcpy (le, "\0\0\0\0\0\0\xf8\x3f", 8);       /* 1.5 */
  set_array (w, "a.f64", EDGE_GGUF_TYPE_FLOAT64, le, 1);
  edge_gguf_writer_set_int32_array (w, "a.i32n", i32s, 4);
  edge_gguf_writer_set_float32_array (w, "a.f32n", f32s, 3);
  edge_gguf_writer_set_string_array (w, "a.str", labels, 5);
  set_array (w, "a.empty", EDGE_GGUF_TYPE_FLOAT64, NULL, 0);
  edge_gguf_writer_set_string_array (w, "a.str.empty", NULL, 0);

  f = write_and_open (w, dir, "values.gguf");

  g_assert_cmpuint (edge_gguf_get_n_kv (f), ==, G_N_ELEMENTS (order));
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    g_assert_cmpstr (edge_gguf_get_key (f, i), ==, order[i]);
  g_assert_cmpuint (edge_gguf_get_n_tensors (f), ==, 0);

  get (f, "general.alignment", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_UINT32);
  g_assert_cmpuint (v.v.u64, ==, 32);
  get (f, "u8", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_UINT8);
  g_assert_cmpuint (v.v.u64, ==, 255);
  get (f, "i8", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_INT8);
  g_assert_cmpint (v.v.i64, ==, -128);
  get (f, "u16", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_UINT16);
  g_assert_cmpuint (v.v.u64, ==, 65535);
  get (f, "i16", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_INT16);
  g_assert_cmpint (v.v.i64, ==, -32768);
  get (f, "u32", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_UINT32);
  g_assert_cmpuint (v.v.u64, ==, G_MAXUINT32);
  get (f, "i32", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_INT32);
  g_assert_cmpint (v.v.i64, ==, G_MININT32);
  get (f, "f32", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_FLOAT32);
  g_assert_cmpfloat (v.v.f64, ==, -0.15625);
  get (f, "bool", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_BOOL);
  g_assert_cmpuint (v.v.u64, ==, 1);
  get (f, "u64", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_UINT64);
  g_assert_cmpuint (v.v.u64, ==, G_MAXUINT64);
  get (f, "i64", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_INT64);
  g_assert_cmpint (v.v.i64, ==, G_MININT64);
  get (f, "f64", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_FLOAT64);
  g_assert_cmpfloat (v.v.f64, ==, G_PI);
  get (f, "s.empty", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_STRING);
  g_assert_cmpuint (v.v.s.len, ==, 0);
  get (f, "s.ascii", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_STRING);
  g_assert_cmpmem (v.v.s.str, v.v.s.len, "gst-edge", 8);
  get (f, "s.utf8", &v);
  g_assert_cmpmem (v.v.s.str, v.v.s.len, "Zürich 東京",
      strlen ("Zürich 東京"));

  get (f, "n.u32", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_UINT32);
  g_assert_cmpuint (v.v.u64, ==, 4000000000u);
  get (f, "n.i32", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_INT32);
  g_assert_cmpint (v.v.i64, ==, -5);
  get (f, "n.u64", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_UINT64);
  g_assert_cmpuint (v.v.u64, ==, G_GUINT64_CONSTANT (1) << 40);
  get (f, "n.i64", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_INT64);
  g_assert_cmpint (v.v.i64, ==, -(G_GINT64_CONSTANT (1) << 40));
  get (f, "n.f32", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_FLOAT32);
  g_assert_cmpfloat (v.v.f64, ==, (gdouble) (1.0f / 3.0f));
  get (f, "n.f64", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_FLOAT64);
  g_assert_cmpfloat (v.v.f64, ==, 1.0 / 3.0);
  get (f, "n.bool", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_BOOL);
  g_assert_cmpuint (v.v.u64, ==, 0);

  get (f, "a.u8", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_ARRAY);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_UINT8);
  g_assert_cmpuint (v.v.a.count, ==, 3);
  g_assert_cmpmem (v.v.a.data, 3, u8s, 3);
  g_assert_true (edge_gguf_array_int64 (&v, 2, &i64));
  g_assert_cmpint (i64, ==, 255);
  get (f, "a.i8", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_INT8);
  g_assert_true (edge_gguf_array_int64 (&v, 0, &i64));
  g_assert_cmpint (i64, ==, -128);
  get (f, "a.u16", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_UINT16);
  g_assert_true (edge_gguf_array_int64 (&v, 0, &i64));
  g_assert_cmpint (i64, ==, 0x0102);
  g_assert_true (edge_gguf_array_int64 (&v, 1, &i64));
  g_assert_cmpint (i64, ==, 0xfffe);
  get (f, "a.i16", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_INT16);
  g_assert_true (edge_gguf_array_int64 (&v, 1, &i64));
  g_assert_cmpint (i64, ==, -2);
  get (f, "a.u32", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_UINT32);
  g_assert_true (edge_gguf_array_int64 (&v, 0, &i64));
  g_assert_cmpint (i64, ==, 0x01020304);
  g_assert_true (edge_gguf_array_int64 (&v, 1, &i64));
  g_assert_cmpint (i64, ==, G_MAXUINT32);
  get (f, "a.i32", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_INT32);
  g_assert_true (edge_gguf_array_int64 (&v, 1, &i64));
  g_assert_cmpint (i64, ==, -1);
  get (f, "a.f32", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_FLOAT32);
  g_assert_true (edge_gguf_array_double (&v, 0, &d));
  g_assert_cmpfloat (d, ==, 1.0);
  g_assert_false (edge_gguf_array_int64 (&v, 0, &i64));
  get (f, "a.bool", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_BOOL);
  g_assert_cmpmem (v.v.a.data, 3, bools, 3);
  get (f, "a.u64", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_UINT64);
  /* above G_MAXINT64: not representable as int64, fine as double */
  g_assert_false (edge_gguf_array_int64 (&v, 0, &i64));
  g_assert_true (edge_gguf_array_double (&v, 0, &d));
  g_assert_cmpfloat (d, ==, (gdouble) G_MAXUINT64);
  g_assert_true (edge_gguf_array_int64 (&v, 1, &i64));
  g_assert_cmpint (i64, ==, 1);
  get (f, "a.i64", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_INT64);
  g_assert_true (edge_gguf_array_int64 (&v, 0, &i64));
  g_assert_cmpint (i64, ==, -1);
  get (f, "a.f64", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_FLOAT64);
  g_assert_true (edge_gguf_array_double (&v, 0, &d));
  g_assert_cmpfloat (d, ==, 1.5);
  get (f, "a.i32n", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_INT32);
  g_assert_cmpuint (v.v.a.count, ==, 4);
  for (guint i = 0; i < 4; i++) {
    g_assert_true (edge_gguf_array_int64 (&v, i, &i64));
    g_assert_cmpint (i64, ==, i32s[i]);
  }
  get (f, "a.f32n", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_FLOAT32);
  for (guint i = 0; i < 3; i++) {
    g_assert_true (edge_gguf_array_double (&v, i, &d));
    g_assert_cmpfloat (d, ==, (gdouble) f32s[i]);
  }
  get (f, "a.str", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_STRING);
  g_assert_cmpuint (v.v.a.count, ==, 5);
  /* backwards: random access, not a walk */
  for (gint i = 4; i >= 0; i--) {
    g_assert_true (edge_gguf_array_string (&v, i, &s, &len));
    g_assert_cmpmem (s, len, labels[i], strlen (labels[i]));
  }
  g_assert_false (edge_gguf_array_string (&v, 5, &s, &len));
  g_assert_false (edge_gguf_array_int64 (&v, 0, &i64));
  get (f, "a.empty", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_FLOAT64);
  g_assert_cmpuint (v.v.a.count, ==, 0);
  g_assert_false (edge_gguf_array_double (&v, 0, &d));
  get (f, "a.str.empty", &v);
  g_assert_cmpint (v.v.a.elem_type, ==, EDGE_GGUF_TYPE_STRING);
  g_assert_cmpuint (v.v.a.count, ==, 0);
  g_assert_false (edge_gguf_array_string (&v, 0, &s, &len));

  edge_gguf_close (f);
  edge_gguf_writer_free (w);
  remove_tree (dir);
  g_free (dir);
}

/* Copying every key of an opened file into a new writer with
 * set_value() reproduces the file byte for byte (including arrays of
 * strings read through their offsets table). */
static void
test_values_copy (void)
{
  static const gchar *const labels[] = { "a", "", "ccc" };
  static const gint32 shape[] = { 1, 3, 224, 224 };
  EdgeGgufWriter *w = edge_gguf_writer_new (64), *w2;
  GBytes *b1, *b2;
  EdgeGgufFile *f;
  GError *error = NULL;
  guint64 *copy;
  gsize len;

  edge_gguf_writer_set_string (w, "general.architecture", "gst-edge");
  edge_gguf_writer_set_string_array (w, "labels", labels, 3);
  edge_gguf_writer_set_int32_array (w, "shape", shape, 4);
  edge_gguf_writer_set_float64 (w, "x", -1.0);
  b1 = edge_gguf_writer_to_bytes (w, &error);
  g_assert_no_error (error);

  copy = aligned_copy (b1, &len);
  f = edge_gguf_open_memory ((const guint8 *) copy, len, &error);
  g_assert_no_error (error);
  w2 = edge_gguf_writer_new (0);
  for (guint i = 0; i < edge_gguf_get_n_kv (f); i++) {
    EdgeGgufValue v;

    g_assert_true (edge_gguf_get_value (f, i, &v));
    edge_gguf_writer_set_value (w2, edge_gguf_get_key (f, i), &v);
  }
  b2 = edge_gguf_writer_to_bytes (w2, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (b1, b2));

  edge_gguf_close (f);
  g_free (copy);
  g_bytes_unref (b1);
  g_bytes_unref (b2);
  edge_gguf_writer_free (w);
  edge_gguf_writer_free (w2);
}

/* ------------------------------------------------------------------ */
/* Tensors */

/* F32, I8, I16 and I32 tensors of 1 to 4 dims come back with their name,
 * type, dims (innermost first, in order), element and byte counts and
 * byte-identical data, at aligned addresses, in insertion order; lookup
 * by name finds each. */
static void
test_tensors_roundtrip (void)
{
  static const EdgeTensorType types[] = { EDGE_TENSOR_F32, EDGE_TENSOR_I8,
    EDGE_TENSOR_I16, EDGE_TENSOR_I32
  };
  static const gsize sizes[] = { 4, 1, 2, 4 };
  static const guint64 dims[4][4] = {
    {7}, {3, 5}, {2, 1, 9}, {5, 3, 1, 2},
  };
  gchar *dir = make_tmpdir ();
  EdgeGgufWriter *w = edge_gguf_writer_new (0);
  GRand *r = g_rand_new_with_seed (42);
  guint8 *data[16];
  EdgeGgufFile *f;
  GError *error = NULL;

  for (guint t = 0; t < 4; t++)
    for (guint n = 0; n < 4; n++) {
      guint i = t * 4 + n;
      gchar *name = g_strdup_printf ("layer%u.%s", i, n % 2 ? "w" : "b");
      guint64 count = 1;

      for (guint d = 0; d <= n; d++)
        count *= dims[n][d];
      data[i] = g_malloc (count * sizes[t]);
      for (guint64 k = 0; k < count * sizes[t]; k++)
        data[i][k] = (guint8) g_rand_int (r);
      g_assert_true (edge_gguf_writer_add_tensor (w, name, types[t], n + 1,
              dims[n], data[i], &error));
      g_assert_no_error (error);
      g_free (name);
    }

  f = write_and_open (w, dir, "tensors.gguf");
  g_assert_cmpuint (edge_gguf_get_n_tensors (f), ==, 16);
  for (guint t = 0; t < 4; t++)
    for (guint n = 0; n < 4; n++) {
      guint i = t * 4 + n;
      gchar *name = g_strdup_printf ("layer%u.%s", i, n % 2 ? "w" : "b");
      const EdgeGgufTensor *ten = edge_gguf_get_tensor (f, i);
      guint64 count = 1;

      g_assert_nonnull (ten);
      g_assert_true (edge_gguf_find_tensor (f, name) == ten);
      g_assert_cmpstr (ten->name, ==, name);
      g_assert_cmpint (ten->type, ==, types[t]);
      g_assert_cmpuint (ten->n_dims, ==, n + 1);
      for (guint d = 0; d <= n; d++) {
        g_assert_cmpuint (ten->dims[d], ==, dims[n][d]);
        count *= dims[n][d];
      }
      g_assert_cmpuint (ten->n_elements, ==, count);
      g_assert_cmpuint (ten->n_bytes, ==, count * sizes[t]);
      g_assert_cmpmem (ten->data, ten->n_bytes, data[i], count * sizes[t]);
      g_assert_cmpuint ((guintptr) ten->data % 32, ==, 0);
      g_free (name);
      g_free (data[i]);
    }
  g_assert_null (edge_gguf_find_tensor (f, "layer0"));
  g_assert_null (edge_gguf_get_tensor (f, 16));

  edge_gguf_close (f);
  edge_gguf_writer_free (w);
  g_rand_free (r);
  remove_tree (dir);
  g_free (dir);
}

/* Alignments 8, 32 and 64: the reader reports the alignment, the data
 * section and every tensor start at a multiple of it (tensor sizes that
 * are not), the file written equals to_bytes(), and memory and file
 * openings agree. */
static void
test_alignment (void)
{
  static const guint32 alignments[] = { 8, 32, 64 };
  static const guint64 d5[] = { 5 }, d3[] = { 3 };
  static const guint8 bytes[] = "0123456789abcdefghij";
  gchar *dir = make_tmpdir ();

  for (guint a = 0; a < G_N_ELEMENTS (alignments); a++) {
    guint32 al = alignments[a];
    EdgeGgufWriter *w = edge_gguf_writer_new (al);
    EdgeGgufFile *f, *m;
    GError *error = NULL;
    GBytes *mem, *disk;
    gchar *name = g_strdup_printf ("align-%u.gguf", al);
    gchar *path = g_build_filename (dir, name, NULL);
    guint64 *copy;
    gsize len;

    edge_gguf_writer_set_string (w, "general.name", "odd sizes");
    g_assert_true (edge_gguf_writer_add_tensor (w, "a", EDGE_TENSOR_I8, 1,
            d5, bytes, NULL));
    g_assert_true (edge_gguf_writer_add_tensor (w, "b", EDGE_TENSOR_I16, 1,
            d3, bytes + 5, NULL));
    g_assert_true (edge_gguf_writer_add_tensor (w, "c", EDGE_TENSOR_I8, 1,
            d3, bytes + 11, NULL));

    f = write_and_open (w, dir, name);
    mem = edge_gguf_writer_to_bytes (w, &error);
    g_assert_no_error (error);
    disk = read_file (path);
    g_assert_true (g_bytes_equal (mem, disk));
    copy = aligned_copy (mem, &len);
    m = edge_gguf_open_memory ((const guint8 *) copy, len, &error);
    g_assert_no_error (error);

    g_assert_cmpuint (edge_gguf_get_alignment (f), ==, al);
    g_assert_cmpuint (edge_gguf_get_alignment (m), ==, al);
    g_assert_cmpuint (edge_gguf_get_data_offset (f) % al, ==, 0);
    g_assert_cmpuint (edge_gguf_get_size (f), ==, len);
    g_assert_cmpuint (len % al, ==, 0);
    for (guint t = 0; t < 3; t++) {
      const EdgeGgufTensor *tf = edge_gguf_get_tensor (f, t);
      const EdgeGgufTensor *tm = edge_gguf_get_tensor (m, t);
      gsize off = tm->data - (const guint8 *) copy;

      g_assert_cmpuint (off % al, ==, 0);
      g_assert_cmpuint (off, >=, edge_gguf_get_data_offset (m));
      g_assert_cmpuint ((guintptr) tf->data % al, ==, 0);
      g_assert_cmpmem (tf->data, tf->n_bytes, tm->data, tm->n_bytes);
    }
    g_assert_cmpmem (edge_gguf_get_tensor (m, 1)->data, 6, bytes + 5, 6);

    edge_gguf_close (f);
    edge_gguf_close (m);
    g_free (copy);
    g_bytes_unref (mem);
    g_bytes_unref (disk);
    edge_gguf_writer_free (w);
    g_free (path);
    g_free (name);
  }
  remove_tree (dir);
  g_free (dir);
}

/* Setting general.alignment on the writer changes the layout (copying the
 * keys of a file keeps its alignment); an invalid one makes the write
 * fail with the reader's message. */
static void
test_alignment_key (void)
{
  static const guint64 d1[] = { 1 };
  EdgeGgufWriter *w = edge_gguf_writer_new (0);
  GError *error = NULL;
  EdgeGgufFile *f;
  GBytes *b;
  guint64 *copy;
  gsize len;

  edge_gguf_writer_set_uint32 (w, "general.alignment", 128);
  g_assert_true (edge_gguf_writer_add_tensor (w, "t", EDGE_TENSOR_I8, 1, d1,
          "x", NULL));
  b = edge_gguf_writer_to_bytes (w, &error);
  g_assert_no_error (error);
  copy = aligned_copy (b, &len);
  f = edge_gguf_open_memory ((const guint8 *) copy, len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (edge_gguf_get_alignment (f), ==, 128);
  g_assert_cmpuint (edge_gguf_get_data_offset (f), ==, 128);
  g_assert_cmpuint (len, ==, 256);
  g_assert_cmpuint (edge_gguf_get_n_kv (f), ==, 1);
  edge_gguf_close (f);
  g_free (copy);
  g_bytes_unref (b);

  edge_gguf_writer_set_uint32 (w, "general.alignment", 12);
  g_assert_null (edge_gguf_writer_to_bytes (w, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message,
          "key 'general.alignment': alignment 12 is not a power of two"));
  g_clear_error (&error);
  edge_gguf_writer_free (w);

  w = edge_gguf_writer_new (0);
  edge_gguf_writer_set_string (w, "general.alignment", "32");
  g_assert_null (edge_gguf_writer_to_bytes (w, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "has type STRING"));
  g_clear_error (&error);
  edge_gguf_writer_free (w);
}

/* Setting an existing key replaces its value (even its type) in place:
 * same position, no duplicate. */
static void
test_replace_key (void)
{
  EdgeGgufWriter *w = edge_gguf_writer_new (0);
  GError *error = NULL;
  EdgeGgufValue v;
  EdgeGgufFile *f;
  GBytes *b;
  guint64 *copy;
  gsize len;

  edge_gguf_writer_set_uint32 (w, "a", 1);
  edge_gguf_writer_set_string (w, "b", "second");
  edge_gguf_writer_set_uint32 (w, "c", 3);
  edge_gguf_writer_set_string (w, "a", "replaced");
  edge_gguf_writer_set_uint32 (w, "c", 33);

  b = edge_gguf_writer_to_bytes (w, &error);
  g_assert_no_error (error);
  copy = aligned_copy (b, &len);
  f = edge_gguf_open_memory ((const guint8 *) copy, len, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (edge_gguf_get_n_kv (f), ==, 4);
  g_assert_cmpstr (edge_gguf_get_key (f, 1), ==, "a");
  g_assert_cmpstr (edge_gguf_get_key (f, 2), ==, "b");
  g_assert_cmpstr (edge_gguf_get_key (f, 3), ==, "c");
  get (f, "a", &v);
  g_assert_cmpint (v.type, ==, EDGE_GGUF_TYPE_STRING);
  g_assert_cmpmem (v.v.s.str, v.v.s.len, "replaced", 8);
  get (f, "c", &v);
  g_assert_cmpuint (v.v.u64, ==, 33);
  g_assert_cmpint (edge_gguf_find_key (f, "d"), ==, -1);
  g_assert_null (edge_gguf_get_key (f, 4));
  g_assert_false (edge_gguf_get_value (f, 4, &v));

  edge_gguf_close (f);
  g_free (copy);
  g_bytes_unref (b);
  edge_gguf_writer_free (w);
}

/* ------------------------------------------------------------------ */
/* Writer validation */

static void
expect_deferred (EdgeGgufWriter * w, gint code, const gchar * substring)
{
  gchar *dir = make_tmpdir ();
  gchar *path = g_build_filename (dir, "x.gguf", NULL);
  GError *error = NULL;

  g_assert_null (edge_gguf_writer_to_bytes (w, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, code);
  if (!strstr (error->message, substring))
    g_error ("'%s' does not contain '%s'", error->message, substring);
  g_clear_error (&error);
  /* nothing written at all */
  g_assert_false (edge_gguf_writer_write (w, path, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, code);
  g_clear_error (&error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  edge_gguf_writer_free (w);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}

/* Keys and values the reader would refuse make the write fail with a
 * message naming the key, so the writer never produces a bad file. */
static void
test_writer_deferred_errors (void)
{
  EdgeGgufWriter *w;
  EdgeGgufValue v = { 0 };
  const gchar *const bad_labels[] = { "ok", "bad\xff" };

  w = edge_gguf_writer_new (0);
  edge_gguf_writer_set_uint32 (w, "", 1);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT, "key '': name is empty");

  w = edge_gguf_writer_new (0);
  edge_gguf_writer_set_uint32 (w, "k\xc3", 1);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT,
      "key 'k\\xc3': name is not valid UTF-8");

  w = edge_gguf_writer_new (0);
  edge_gguf_writer_set_string (w, "general.name", "x\xfey");
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT,
      "key 'general.name': string is not valid UTF-8 (at offset 1)");

  w = edge_gguf_writer_new (0);
  edge_gguf_writer_set_string_array (w, "labels", bad_labels, 2);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT,
      "key 'labels': array element is not valid UTF-8");

  w = edge_gguf_writer_new (0);
  v.type = EDGE_GGUF_TYPE_STRING;
  v.v.s.str = "a\0b";
  v.v.s.len = 3;
  edge_gguf_writer_set_value (w, "s", &v);
  expect_deferred (w, EDGE_GGUF_ERROR_UNSUPPORTED,
      "key 's': string contains a NUL byte (at offset 1)");

  w = edge_gguf_writer_new (0);
  set_scalar_u (w, "u8", EDGE_GGUF_TYPE_UINT8, 256);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT,
      "key 'u8': value 256 out of range for UINT8");

  w = edge_gguf_writer_new (0);
  set_scalar_i (w, "i16", EDGE_GGUF_TYPE_INT16, -40000);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT,
      "key 'i16': value -40000 out of range for INT16");

  w = edge_gguf_writer_new (0);
  set_scalar_u (w, "b", EDGE_GGUF_TYPE_BOOL, 2);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT, "out of range for BOOL");

  w = edge_gguf_writer_new (0);
  set_scalar_u (w, "t", 13, 0);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT, "key 't': unknown value type 13");

  w = edge_gguf_writer_new (0);
  set_array (w, "nested", EDGE_GGUF_TYPE_ARRAY, "", 0);
  expect_deferred (w, EDGE_GGUF_ERROR_UNSUPPORTED,
      "key 'nested': unsupported array element type 9");

  w = edge_gguf_writer_new (0);
  set_array (w, "huge", EDGE_GGUF_TYPE_UINT8, "",
      (guint64) EDGE_GGUF_MAX_ARRAY + 1);
  expect_deferred (w, EDGE_GGUF_ERROR_LIMIT,
      "key 'huge': array count 67108865 exceeds limit 67108864");

  w = edge_gguf_writer_new (0);
  set_array (w, "mask", EDGE_GGUF_TYPE_BOOL, "\1\3", 2);
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT,
      "key 'mask': element 1: bool value 3 is neither 0 nor 1");

  /* the first problem is the one reported; later valid calls keep it */
  w = edge_gguf_writer_new (0);
  edge_gguf_writer_set_string (w, "first", "\xff");
  edge_gguf_writer_set_string (w, "second", "\xff");
  edge_gguf_writer_set_string (w, "fine", "ok");
  expect_deferred (w, EDGE_GGUF_ERROR_FORMAT, "key 'first'");
}

static void
expect_add_error (EdgeGgufWriter * w, const gchar * name, guint32 type,
    guint n_dims, const guint64 * dims, gint code, const gchar * substring)
{
  static const guint8 data[64];
  GError *error = NULL;

  g_assert_false (edge_gguf_writer_add_tensor (w, name, type, n_dims, dims,
          data, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, code);
  if (!strstr (error->message, substring))
    g_error ("'%s' does not contain '%s'", error->message, substring);
  g_clear_error (&error);
}

/* add_tensor refuses bad names, types and shapes at once, with a message
 * naming the tensor, and leaves the writer usable. */
static void
test_writer_tensor_errors (void)
{
  static const guint64 d1[] = { 4 }, d5[] = { 1, 1, 1, 1, 1 };
  static const guint64 d0[] = { 2, 0 }, big[] = { 1ull << 40, 1ull << 40 };
  static const guint64 huge[] = { 1ull << 62 };
  static const guint8 data[16];
  EdgeGgufWriter *w = edge_gguf_writer_new (0);
  GError *error = NULL;
  GBytes *b;

  g_assert_true (edge_gguf_writer_add_tensor (w, "ok", EDGE_TENSOR_F32, 1,
          d1, data, &error));
  expect_add_error (w, "ok", EDGE_TENSOR_F32, 1, d1,
      EDGE_GGUF_ERROR_FORMAT, "tensor 'ok': duplicate tensor name");
  expect_add_error (w, "", EDGE_TENSOR_F32, 1, d1,
      EDGE_GGUF_ERROR_FORMAT, "tensor name is empty");
  expect_add_error (w, "w\xff", EDGE_TENSOR_F32, 1, d1,
      EDGE_GGUF_ERROR_FORMAT, "tensor 'w\\xff': name is not valid UTF-8");
  expect_add_error (w, "f16", 1, 1, d1, EDGE_GGUF_ERROR_UNSUPPORTED,
      "tensor 'f16': type 1 (F16) is not supported");
  expect_add_error (w, "q", 1000, 1, d1, EDGE_GGUF_ERROR_UNSUPPORTED,
      "type 1000 (unknown) is not supported");
  expect_add_error (w, "scalar", EDGE_TENSOR_F32, 0, d1,
      EDGE_GGUF_ERROR_UNSUPPORTED, "n_dims 0 outside 1..4");
  expect_add_error (w, "five", EDGE_TENSOR_F32, 5, d5,
      EDGE_GGUF_ERROR_UNSUPPORTED, "n_dims 5 outside 1..4");
  expect_add_error (w, "empty", EDGE_TENSOR_I8, 2, d0,
      EDGE_GGUF_ERROR_UNSUPPORTED, "tensor 'empty': dim 1 is 0");
  expect_add_error (w, "big", EDGE_TENSOR_I8, 2, big,
      EDGE_GGUF_ERROR_FORMAT, "element count overflows 64 bits");
  expect_add_error (w, "huge", EDGE_TENSOR_I32, 1, huge,
      EDGE_GGUF_ERROR_LIMIT, "exceed the address space");

  b = edge_gguf_writer_to_bytes (w, &error);
  g_assert_no_error (error);
  g_assert_nonnull (b);
  g_bytes_unref (b);
  edge_gguf_writer_free (w);
}

/* ------------------------------------------------------------------ */
/* Atomic write */

static EdgeGgufWriter *
small_writer (const gchar * name)
{
  static const guint64 d[] = { 8 };
  EdgeGgufWriter *w = edge_gguf_writer_new (0);

  edge_gguf_writer_set_string (w, "general.name", name);
  g_assert_true (edge_gguf_writer_add_tensor (w, "t", EDGE_TENSOR_I8, 1, d,
          "abcdefgh", NULL));
  return w;
}

/* When the final rename fails (the target is a directory), the write
 * fails naming the target, no temporary file is left and the target is
 * unchanged. */
static void
test_atomic_rename_fails (void)
{
  gchar *dir = make_tmpdir ();
  gchar *target = g_build_filename (dir, "model.gguf", NULL);
  gchar *inside = g_build_filename (target, "keep", NULL);
  EdgeGgufWriter *w = small_writer ("x");
  GError *error = NULL;
  gchar *before, *after;

  g_assert_cmpint (g_mkdir (target, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "precious", -1, NULL));
  before = list_dir (dir);

  g_assert_false (edge_gguf_writer_write (w, target, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, target));
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  after = list_dir (dir);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (after, ==, "model.gguf");
  g_assert_true (g_file_test (target, G_FILE_TEST_IS_DIR));
  g_free (after);
  after = list_dir (target);
  g_assert_cmpstr (after, ==, "keep");

  edge_gguf_writer_free (w);
  remove_tree (dir);
  g_free (before);
  g_free (after);
  g_free (inside);
  g_free (target);
  g_free (dir);
}

/* Writing over an existing, longer file replaces it wholly (no stale
 * tail), keeps its permissions, and leaves no temporary file. */
static void
test_atomic_overwrite (void)
{
  gchar *dir = make_tmpdir ();
  gchar *target = g_build_filename (dir, "model.gguf", NULL);
  gchar *junk = g_malloc (100000);
  EdgeGgufWriter *w = small_writer ("new");
  GError *error = NULL;
  GBytes *want, *got;
  GStatBuf st;
  gchar *names;

  memset (junk, 'J', 100000);
  g_assert_true (g_file_set_contents (target, junk, 100000, NULL));
  g_assert_cmpint (g_chmod (target, 0640), ==, 0);

  g_assert_true (edge_gguf_writer_write (w, target, &error));
  g_assert_no_error (error);
  want = edge_gguf_writer_to_bytes (w, &error);
  got = read_file (target);
  g_assert_true (g_bytes_equal (want, got));
  g_assert_cmpint (g_stat (target, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "model.gguf");

  g_free (names);
  g_bytes_unref (want);
  g_bytes_unref (got);
  edge_gguf_writer_free (w);
  remove_tree (dir);
  g_free (junk);
  g_free (target);
  g_free (dir);
}

#ifdef G_OS_UNIX
/* A write that fails half way (the file size limit stands in for a full
 * disk) leaves the old file as it was and no temporary file. */
static void
test_atomic_write_fails (void)
{
  gchar *dir = make_tmpdir ();
  gchar *target = g_build_filename (dir, "model.gguf", NULL);
  static const guint64 d[] = { 65536 };
  guint8 *big = g_malloc0 (65536);
  EdgeGgufWriter *w = edge_gguf_writer_new (0);
  GError *error = NULL;
  struct rlimit saved, small;
  void (*old_handler) (int);
  gchar *contents, *names;
  gboolean ok;

  g_assert_true (g_file_set_contents (target, "old model", -1, NULL));
  g_assert_true (edge_gguf_writer_add_tensor (w, "big", EDGE_TENSOR_I8, 1,
          d, big, NULL));

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  small = saved;
  small.rlim_cur = 4096;
  /* past the limit write() fails with EFBIG instead of killing us */
  old_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &small), ==, 0);
  ok = edge_gguf_writer_write (w, target, &error);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, old_handler);

  g_assert_false (ok);
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, target));
  g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old model");
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "model.gguf");

  g_free (names);
  g_free (contents);
  edge_gguf_writer_free (w);
  remove_tree (dir);
  g_free (big);
  g_free (target);
  g_free (dir);
}
#endif

/* A missing directory: IO error with the path in the message, nothing
 * created. Opening a missing file or a directory is an IO error too. */
static void
test_io_errors (void)
{
  gchar *dir = make_tmpdir ();
  gchar *target = g_build_filename (dir, "missing", "model.gguf", NULL);
  EdgeGgufWriter *w = small_writer ("x");
  GError *error = NULL;
  gchar *names;

  g_assert_false (edge_gguf_writer_write (w, target, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, target));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  names = list_dir (dir);
  g_assert_cmpstr (names, ==, "");
  g_free (names);

  g_assert_null (edge_gguf_open (target, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, target));
  g_clear_error (&error);

  g_assert_null (edge_gguf_open (dir, &error));
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  edge_gguf_writer_free (w);
  remove_tree (dir);
  g_free (target);
  g_free (dir);
}

/* ------------------------------------------------------------------ */
/* Untrusted input */

static EdgeGgufWriter *
everything_writer (void)
{
  static const gchar *const labels[] = { "cat", "", "dög" };
  static const gint32 shape[] = { 1, 2, 3 };
  static const guint64 d2[] = { 3, 2 }, d1[] = { 5 };
  static const guint8 data[64] = { 1, 2, 3 };
  EdgeGgufWriter *w = edge_gguf_writer_new (0);

  edge_gguf_writer_set_string (w, "general.architecture", "gst-edge");
  edge_gguf_writer_set_bool (w, "b", TRUE);
  edge_gguf_writer_set_float64 (w, "d", 0.5);
  edge_gguf_writer_set_int32_array (w, "shape", shape, 3);
  edge_gguf_writer_set_string_array (w, "labels", labels, 3);
  set_array (w, "mask", EDGE_GGUF_TYPE_BOOL, "\1\0", 2);
  g_assert_true (edge_gguf_writer_add_tensor (w, "w", EDGE_TENSOR_F32, 2,
          d2, data, NULL));
  g_assert_true (edge_gguf_writer_add_tensor (w, "b", EDGE_TENSOR_I16, 1,
          d1, data, NULL));
  return w;
}

/* Every prefix of a valid file shorter than the end of its last tensor
 * fails with a format error; longer ones (cut in the final padding) are
 * valid. Nothing reads past the prefix (the copy is exactly its size
 * under ASan). */
static void
test_every_truncation (void)
{
  EdgeGgufWriter *w = everything_writer ();
  GBytes *b = edge_gguf_writer_to_bytes (w, NULL);
  const guint8 *full;
  gsize len, last_end;
  EdgeGgufFile *f;
  guint64 *copy;

  copy = aligned_copy (b, &len);
  f = edge_gguf_open_memory ((const guint8 *) copy, len, NULL);
  g_assert_nonnull (f);
  last_end = (edge_gguf_get_tensor (f, 1)->data - (const guint8 *) copy) +
      edge_gguf_get_tensor (f, 1)->n_bytes;
  edge_gguf_close (f);
  g_free (copy);
  full = g_bytes_get_data (b, NULL);

  for (gsize n = 0; n < len; n++) {
    /* exactly n bytes (malloc is 8-byte aligned): ASan catches any read
     * past the prefix */
    guint8 *buf = g_malloc (MAX (n, 1));
    GError *error = NULL;

    memcpy (buf, full, n);
    f = edge_gguf_open_memory (buf, n, &error);
    if (n < last_end) {
      g_assert_null (f);
      g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_FORMAT);
      g_clear_error (&error);
    } else {
      g_assert_no_error (error);
      edge_gguf_close (f);
    }
    g_free (buf);
  }
  g_bytes_unref (b);
  edge_gguf_writer_free (w);
}

/* Every byte of the header set to 0x00, 0xff and 0x80 in turn: the
 * reader either accepts the file or fails with an EDGE_GGUF_ERROR whose
 * message is valid UTF-8; never crashes (a small deterministic fuzz run
 * for every build, sanitizers included). */
static void
test_every_byte_corrupted (void)
{
  static const guint8 values[] = { 0x00, 0xff, 0x80, 0x01 };
  EdgeGgufWriter *w = everything_writer ();
  GBytes *b = edge_gguf_writer_to_bytes (w, NULL);
  guint64 *copy;
  gsize len, header_len;
  EdgeGgufFile *f;
  guint ok = 0, failed = 0;

  copy = aligned_copy (b, &len);
  f = edge_gguf_open_memory ((const guint8 *) copy, len, NULL);
  header_len = edge_gguf_get_data_offset (f);
  edge_gguf_close (f);

  for (gsize i = 0; i < header_len; i++)
    for (guint v = 0; v < G_N_ELEMENTS (values); v++) {
      guint8 *bytes = (guint8 *) copy, saved = bytes[i];
      GError *error = NULL;

      bytes[i] = values[v];
      f = edge_gguf_open_memory (bytes, len, &error);
      if (f) {
        g_assert_no_error (error);
        for (guint k = 0; k < edge_gguf_get_n_kv (f); k++)
          g_assert_nonnull (edge_gguf_get_key (f, k));
        edge_gguf_close (f);
        ok++;
      } else {
        g_assert_nonnull (error);
        g_assert_true (error->domain == EDGE_GGUF_ERROR);
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
        g_clear_error (&error);
        failed++;
      }
      bytes[i] = saved;
    }
  g_test_message ("%u corrupted headers accepted, %u refused", ok, failed);
  g_assert_cmpuint (failed, >, 0);

  g_free (copy);
  g_bytes_unref (b);
  edge_gguf_writer_free (w);
}

/* Every file of the committed corpus fails to open with EDGE_GGUF_ERROR
 * and a message containing the substring expected.txt gives for it; from
 * a path, the message is the in-memory one with the path in front. Every
 * file in the directory is listed, and every listed file exists. */
static void
test_corpus (void)
{
  const gchar *root = g_getenv ("EDGE_TEST_CORPUS");
  gchar *dir, *list_path, *contents;
  GHashTable *listed;
  GError *error = NULL;
  gchar **lines;
  GDir *d;
  const gchar *name;
  guint n = 0;

  if (!root)
    g_error ("EDGE_TEST_CORPUS is not set (run through meson test)");
  dir = g_build_filename (root, "gguf", NULL);
  list_path = g_build_filename (dir, "expected.txt", NULL);
  g_file_get_contents (list_path, &contents, NULL, &error);
  g_assert_no_error (error);

  listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    gchar *line = lines[i], *sp, *path;
    const gchar *want;
    EdgeGgufFile *f;
    GBytes *bytes;
    guint64 *copy;
    gsize len;
    GError *mem_error = NULL;

    if (line[0] == '\0' || line[0] == '#')
      continue;
    sp = strchr (line, ' ');
    g_assert_nonnull (sp);
    *sp = '\0';
    want = sp + 1;
    g_assert_cmpstr (want, !=, "");
    g_assert_false (g_hash_table_contains (listed, line));
    g_hash_table_add (listed, g_strdup (line));

    path = g_build_filename (dir, line, NULL);
    f = edge_gguf_open (path, &error);
    if (f)
      g_error ("%s: opened, expected '%s'", line, want);
    g_assert_nonnull (error);
    if (error->domain != EDGE_GGUF_ERROR || !strstr (error->message, want))
      g_error ("%s: got '%s', expected '%s'", line, error->message, want);
    g_assert_true (g_utf8_validate (error->message, -1, NULL));

    bytes = read_file (path);
    copy = aligned_copy (bytes, &len);
    g_assert_null (edge_gguf_open_memory ((const guint8 *) copy, len,
            &mem_error));
    g_assert_nonnull (mem_error);
    g_assert_cmpint (mem_error->code, ==, error->code);
    g_assert_true (g_str_has_suffix (error->message, mem_error->message));
    g_assert_true (g_str_has_prefix (error->message, path));

    g_clear_error (&mem_error);
    g_clear_error (&error);
    g_free (copy);
    g_bytes_unref (bytes);
    g_free (path);
    n++;
  }

  d = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (d))) {
    if (strcmp (name, "expected.txt") == 0)
      continue;
    if (!g_hash_table_contains (listed, name))
      g_error ("%s/%s is not listed in expected.txt", dir, name);
  }
  g_dir_close (d);
  g_test_message ("%u corpus files", n);
  g_assert_cmpuint (n, >=, 50);

  g_hash_table_unref (listed);
  g_strfreev (lines);
  g_free (contents);
  g_free (list_path);
  g_free (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gguf/values/roundtrip", test_values_roundtrip);
  g_test_add_func ("/gguf/values/copy", test_values_copy);
  g_test_add_func ("/gguf/values/replace-key", test_replace_key);
  g_test_add_func ("/gguf/tensors/roundtrip", test_tensors_roundtrip);
  g_test_add_func ("/gguf/alignment/layout", test_alignment);
  g_test_add_func ("/gguf/alignment/key", test_alignment_key);
  g_test_add_func ("/gguf/writer/deferred-errors", test_writer_deferred_errors);
  g_test_add_func ("/gguf/writer/tensor-errors", test_writer_tensor_errors);
  g_test_add_func ("/gguf/write/rename-fails", test_atomic_rename_fails);
  g_test_add_func ("/gguf/write/overwrite", test_atomic_overwrite);
#ifdef G_OS_UNIX
  g_test_add_func ("/gguf/write/write-fails", test_atomic_write_fails);
#endif
  g_test_add_func ("/gguf/write/io-errors", test_io_errors);
  g_test_add_func ("/gguf/reader/every-truncation", test_every_truncation);
  g_test_add_func ("/gguf/reader/every-byte-corrupted",
      test_every_byte_corrupted);
  g_test_add_func ("/gguf/reader/corpus", test_corpus);

  return g_test_run ();
}
