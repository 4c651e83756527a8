/* Generates the malformed GGUF corpus (tests/edge/corpus/gguf) and the
 * valid fuzzing seeds (tests/fuzz/seeds/gguf).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * The files are committed; this program shows how each was made. Every
 * malformed file is built byte by byte (the writer refuses to produce
 * them) next to the message the reader must give, which goes into
 * expected.txt as "<file> <substring of the error message>". test-gguf
 * opens every file and checks the message.
 *
 * To regenerate (built by meson, not run by the tests):
 *   ninja -C build tests/edge/generate-gguf-corpus
 *   build/tests/edge/generate-gguf-corpus tests/edge/corpus/gguf \
 *       tests/fuzz/seeds/gguf
 * It first deletes the *.gguf files of both directories, so renamed or
 * dropped cases leave nothing stale behind.
 */

#include "edge-gguf.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* A byte builder that remembers field boundaries */

typedef struct
{
  gsize pos;
  gchar *what;                  /* "the type of key 0 ('general.alignment')" */
  /* inside an array of strings: the reader first checks that count * 8
   * bytes are left after the count, and says "the elements" if not */
  gsize count_end;
  guint64 count;
} Mark;

typedef struct
{
  GByteArray *b;
  GArray *marks;                /* Mark */
} Builder;

static Builder *
builder_new (void)
{
  Builder *b = g_new0 (Builder, 1);

  b->b = g_byte_array_new ();
  b->marks = g_array_new (FALSE, TRUE, sizeof (Mark));
  return b;
}

static void
builder_free (Builder * b)
{
  for (guint i = 0; i < b->marks->len; i++)
    g_free (g_array_index (b->marks, Mark, i).what);
  g_array_unref (b->marks);
  g_byte_array_unref (b->b);
  g_free (b);
}

static void G_GNUC_PRINTF (2, 3)
mark (Builder * b, const gchar * fmt, ...)
{
  Mark m = { 0 };
  va_list args;

  va_start (args, fmt);
  m.pos = b->b->len;
  m.what = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_array_append_val (b->marks, m);
}

static void
put_u32 (Builder * b, guint32 v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (b->b, (const guint8 *) &v, 4);
}

static void
put_u64 (Builder * b, guint64 v)
{
  v = GUINT64_TO_LE (v);
  g_byte_array_append (b->b, (const guint8 *) &v, 8);
}

static void
put_bytes (Builder * b, const void *p, gsize n)
{
  g_byte_array_append (b->b, p, n);
}

static void
put_str (Builder * b, const gchar * s)
{
  put_u64 (b, strlen (s));
  put_bytes (b, s, strlen (s));
}

static void
pad (Builder * b, guint alignment)
{
  static const guint8 zero[64];

  put_bytes (b, zero, (alignment - b->b->len % alignment) % alignment);
}

static void
header (Builder * b, guint32 version, guint64 n_tensors, guint64 n_kv)
{
  put_bytes (b, "GGUF", 4);
  put_u32 (b, version);
  put_u64 (b, n_tensors);
  put_u64 (b, n_kv);
}

static void
kv_u32 (Builder * b, const gchar * key, guint32 v)
{
  put_str (b, key);
  put_u32 (b, EDGE_GGUF_TYPE_UINT32);
  put_u32 (b, v);
}

static void
kv_string (Builder * b, const gchar * key, const gchar * v)
{
  put_str (b, key);
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_str (b, v);
}

static void
tensor_info (Builder * b, const gchar * name, guint32 n_dims,
    const guint64 * dims, guint32 type, guint64 offset)
{
  put_str (b, name);
  put_u32 (b, n_dims);
  for (guint i = 0; i < n_dims; i++)
    put_u64 (b, dims[i]);
  put_u32 (b, type);
  put_u64 (b, offset);
}

/* ------------------------------------------------------------------ */
/* Output */

static const gchar *corpus_dir;
static GString *expected;
static guint n_files;

static void
save (const gchar * dir, const gchar * name, const void *data, gsize len)
{
  gchar *path = g_build_filename (dir, name, NULL);
  GError *error = NULL;

  if (!g_file_set_contents (path, data, len, &error))
    g_error ("%s", error->message);
  g_free (path);
}

/* One malformed file and the message it must produce. */
static void G_GNUC_PRINTF (3, 4)
emit (Builder * b, const gchar * name, const gchar * fmt, ...)
{
  gchar *file = g_strconcat (name, ".gguf", NULL);
  gchar *msg;
  va_list args;

  va_start (args, fmt);
  msg = g_strdup_vprintf (fmt, args);
  va_end (args);
  g_assert (strchr (msg, '\n') == NULL);

  save (corpus_dir, file, b->b->data, b->b->len);
  g_string_append_printf (expected, "%s %s\n", file, msg);
  n_files++;
  g_free (msg);
  g_free (file);
  builder_free (b);
}

static void
clean_dir (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (!d) {
    if (g_mkdir_with_parents (dir, 0755) != 0)
      g_error ("cannot create %s", dir);
    return;
  }
  while ((name = g_dir_read_name (d)))
    if (g_str_has_suffix (name, ".gguf")) {
      gchar *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
      g_free (path);
    }
  g_dir_close (d);
}

/* ------------------------------------------------------------------ */
/* The valid small file every truncation is cut from */

typedef struct
{
  guint64 start, end;           /* absolute, in the file */
  const gchar *name;
} Placed;

static Builder *
small_valid_file (Placed placed[2], gsize * header_end_out)
{
  static const guint64 w_dims[] = { 3, 2 }, b_dims[] = { 2 };
  static const gint8 w_data[6] = { 1, -2, 3, -4, 5, -6 };
  static const gint32 b_data[2] = { 1000, -1000 };
  Builder *b = builder_new ();
  gsize count_end, header_end, data_start;

  /* no cut before 4: a shorter prefix is an empty file or a bad magic */
  put_bytes (b, "GGUF", 4);
  mark (b, "the version");
  put_u32 (b, 3);
  mark (b, "the tensor count");
  put_u64 (b, 2);
  mark (b, "the key count");
  put_u64 (b, 5);

  mark (b, "the name of key 0");
  put_u64 (b, strlen ("general.alignment"));
  mark (b, "the name of key 0");
  put_bytes (b, "general.alignment", strlen ("general.alignment"));
  mark (b, "the type of key 0 ('general.alignment')");
  put_u32 (b, EDGE_GGUF_TYPE_UINT32);
  mark (b, "the value of key 0 ('general.alignment')");
  put_u32 (b, 32);

  mark (b, "the name of key 1");
  put_u64 (b, strlen ("general.name"));
  mark (b, "the name of key 1");
  put_bytes (b, "general.name", strlen ("general.name"));
  mark (b, "the type of key 1 ('general.name')");
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  mark (b, "the value of key 1 ('general.name')");
  put_u64 (b, 4);
  mark (b, "the value of key 1 ('general.name')");
  put_bytes (b, "tiny", 4);

  mark (b, "the name of key 2");
  put_str (b, "edge.shape");
  mark (b, "the type of key 2 ('edge.shape')");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  mark (b, "the array element type of key 2 ('edge.shape')");
  put_u32 (b, EDGE_GGUF_TYPE_INT32);
  mark (b, "the array count of key 2 ('edge.shape')");
  put_u64 (b, 2);
  mark (b, "the elements of key 2 ('edge.shape')");
  put_u32 (b, 28);
  put_u32 (b, 28);

  mark (b, "the name of key 3");
  put_str (b, "edge.labels");
  mark (b, "the type of key 3 ('edge.labels')");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  mark (b, "the array element type of key 3 ('edge.labels')");
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  mark (b, "the array count of key 3 ('edge.labels')");
  put_u64 (b, 2);
  count_end = b->b->len;
  for (guint j = 0; j < 2; j++) {
    const gchar *label = j ? "dog" : "cat";

    for (guint part = 0; part < 2; part++) {
      Mark *m;

      mark (b, "element %u of key 3 ('edge.labels')", j);
      m = &g_array_index (b->marks, Mark, b->marks->len - 1);
      m->count_end = count_end;
      m->count = 2;
      if (part == 0)
        put_u64 (b, 3);
      else
        put_bytes (b, label, 3);
    }
  }

  mark (b, "the name of key 4");
  put_str (b, "edge.flag");
  mark (b, "the type of key 4 ('edge.flag')");
  put_u32 (b, EDGE_GGUF_TYPE_BOOL);
  mark (b, "the value of key 4 ('edge.flag')");
  put_bytes (b, "\1", 1);

  mark (b, "the name of tensor 0");
  put_u64 (b, 1);
  mark (b, "the name of tensor 0");
  put_bytes (b, "w", 1);
  mark (b, "the dimension count of tensor 0 ('w')");
  put_u32 (b, 2);
  mark (b, "the dims of tensor 0 ('w')");
  put_u64 (b, w_dims[0]);
  put_u64 (b, w_dims[1]);
  mark (b, "the type of tensor 0 ('w')");
  put_u32 (b, EDGE_TENSOR_I8);
  mark (b, "the offset of tensor 0 ('w')");
  put_u64 (b, 0);

  mark (b, "the name of tensor 1");
  put_str (b, "b");
  mark (b, "the dimension count of tensor 1 ('b')");
  put_u32 (b, 1);
  mark (b, "the dims of tensor 1 ('b')");
  put_u64 (b, b_dims[0]);
  mark (b, "the type of tensor 1 ('b')");
  put_u32 (b, EDGE_TENSOR_I32);
  mark (b, "the offset of tensor 1 ('b')");
  put_u64 (b, 32);

  header_end = b->b->len;
  pad (b, 32);
  data_start = b->b->len;
  put_bytes (b, w_data, sizeof w_data);
  pad (b, 32);
  put_bytes (b, b_data, sizeof b_data);
  pad (b, 32);

  *header_end_out = header_end;
  placed[0].start = data_start;
  placed[0].end = data_start + sizeof w_data;
  placed[0].name = "w";
  placed[1].start = data_start + 32;
  placed[1].end = data_start + 32 + sizeof b_data;
  placed[1].name = "b";
  return b;
}

static Builder *
prefix (const Builder * full, gsize len)
{
  Builder *b = builder_new ();

  put_bytes (b, full->b->data, len);
  return b;
}

/* A prefix at every field boundary of the header, then cuts in the
 * padding and inside each tensor's data. */
static void
truncations (void)
{
  Placed placed[2];
  gsize header_end;
  Builder *full = small_valid_file (placed, &header_end);
  gsize cuts[5];
  guint n_cuts = 0;

  for (guint i = 0; i < full->marks->len; i++) {
    const Mark *m = &g_array_index (full->marks, Mark, i);
    gchar *name = g_strdup_printf ("truncated-%04" G_GSIZE_MODIFIER "u",
        m->pos);
    const gchar *what = m->what;
    gchar *elements = NULL;

    if (m->count && (m->pos - m->count_end) < m->count * 8) {
      elements = g_strconcat ("the elements", strstr (m->what, " of key"),
          NULL);
      what = elements;
    }
    emit (prefix (full, m->pos), name, "truncated at byte %" G_GSIZE_FORMAT
        " while reading %s", m->pos, what);
    g_free (elements);
    g_free (name);
  }

  /* in the padding after the tensor infos (if any), at the data start,
   * inside w, after w (in its padding), inside b */
  if (header_end < placed[0].start)
    cuts[n_cuts++] = header_end;
  cuts[n_cuts++] = placed[0].start;
  cuts[n_cuts++] = placed[0].start + 3;
  cuts[n_cuts++] = placed[0].end + 1;
  cuts[n_cuts++] = placed[1].start + 5;
  for (guint c = 0; c < n_cuts; c++) {
    gchar *name = g_strdup_printf ("truncated-%04" G_GSIZE_MODIFIER "u",
        cuts[c]);
    guint t = cuts[c] < placed[0].end ? 0 : 1;

    emit (prefix (full, cuts[c]), name, "tensor %u ('%s'): data [%"
        G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ") extends past end of file "
        "(%" G_GSIZE_FORMAT " bytes)", t, placed[t].name, placed[t].start,
        placed[t].end, cuts[c]);
    g_free (name);
  }
  builder_free (full);
}

/* ------------------------------------------------------------------ */
/* One defect each */

/* A header with one key before the defect, so messages carry an index. */
static Builder *
start (guint64 n_tensors, guint64 n_kv)
{
  Builder *b = builder_new ();

  header (b, 3, n_tensors, n_kv);
  return b;
}

/* One tensor info, then the data section: @n_bytes of data at @offset. */
static void
one_tensor_file (const gchar * name, guint32 n_dims, const guint64 * dims,
    guint32 type, guint64 offset, gsize n_bytes, const gchar * msg)
{
  Builder *b = start (1, 1);
  static const guint8 data[64];

  kv_u32 (b, "general.alignment", 32);
  tensor_info (b, "t", n_dims, dims, type, offset);
  pad (b, 32);
  put_bytes (b, data, MIN (n_bytes, sizeof data));
  emit (b, name, "%s", msg);
}

static void
header_cases (void)
{
  Builder *b;

  emit (builder_new (), "empty", "empty file (0 bytes): not a GGUF file");

  b = builder_new ();
  put_bytes (b, "GGML", 4);
  put_u32 (b, 3);
  put_u64 (b, 0);
  put_u64 (b, 0);
  emit (b, "bad-magic", "bad magic 'GGML' (expected 'GGUF')");

  b = builder_new ();
  put_bytes (b, "GG", 2);
  emit (b, "bad-magic-short", "bad magic 'GG' (expected 'GGUF')");

  b = builder_new ();
  header (b, 2, 0, 0);
  emit (b, "version-2", "GGUF version 2 is not supported (only version 3)");

  b = builder_new ();
  header (b, 4, 0, 0);
  emit (b, "version-4", "GGUF version 4 is not supported (only version 3)");

  b = builder_new ();
  header (b, GUINT32_SWAP_LE_BE (3), 0, 0);
  emit (b, "version-big-endian", "GGUF version 50331648 (a big-endian GGUF "
      "file?) is not supported");

  b = start (0, G_GUINT64_CONSTANT (1) << 63);
  emit (b, "kv-count-huge", "key count 9223372036854775808 exceeds limit "
      "1048576");

  b = start (0, EDGE_GGUF_MAX_KV + 1);
  emit (b, "kv-count-over-limit", "key count 1048577 exceeds limit 1048576");

  /* within the limit but far more than the file holds: must fail on the
   * missing key, having allocated nothing in proportion to the count */
  b = start (0, EDGE_GGUF_MAX_KV);
  kv_u32 (b, "general.alignment", 32);
  emit (b, "kv-count-past-eof", "truncated at byte 57 while reading the "
      "name of key 1");

  b = start (G_MAXUINT64, 0);
  emit (b, "tensor-count-huge", "tensor count 18446744073709551615 exceeds "
      "limit 65536");

  b = start (EDGE_GGUF_MAX_TENSORS, 0);
  emit (b, "tensor-count-past-eof", "truncated at byte 24 while reading the "
      "name of tensor 0");
}

static void
key_cases (void)
{
  Builder *b;

  b = start (0, 1);
  put_u64 (b, 1000);
  put_bytes (b, "general.name", 12);
  emit (b, "string-past-eof", "truncated at byte 44 while reading the name "
      "of key 0 (1000 bytes at byte 32)");

  b = start (0, 1);
  put_u64 (b, G_GUINT64_CONSTANT (1) << 40);
  put_bytes (b, "x", 1);
  emit (b, "string-huge", "key 0: name length 1099511627776 exceeds limit "
      "16777216");

  b = start (0, 1);
  put_u64 (b, EDGE_GGUF_MAX_STRING + 1);
  emit (b, "string-over-limit", "key 0: name length 16777217 exceeds limit "
      "16777216");

  b = start (0, 1);
  put_str (b, "general.name");
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_u64 (b, G_GUINT64_CONSTANT (1) << 32);
  put_bytes (b, "abc", 3);
  emit (b, "value-string-huge", "key 0 ('general.name'): string length "
      "4294967296 exceeds limit 16777216");

  b = start (0, 1);
  put_str (b, "general.name");
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_u64 (b, 100);
  put_bytes (b, "abc", 3);
  emit (b, "value-string-past-eof", "truncated at byte 59 while reading "
      "the value of key 0 ('general.name') (100 bytes at byte 56)");

  b = start (0, 1);
  put_str (b, "");
  put_u32 (b, EDGE_GGUF_TYPE_UINT8);
  put_bytes (b, "\1", 1);
  emit (b, "key-empty", "key 0 (''): name is empty");

  b = start (0, 1);
  put_u64 (b, 4);
  put_bytes (b, "ab\xff\xfe", 4);
  put_u32 (b, EDGE_GGUF_TYPE_UINT8);
  put_bytes (b, "\1", 1);
  emit (b, "key-not-utf8", "key 0 ('ab\\xff\\xfe'): name is not valid UTF-8 "
      "(at offset 2)");

  b = start (0, 1);
  put_u64 (b, 4);
  put_bytes (b, "ab\0c", 4);
  put_u32 (b, EDGE_GGUF_TYPE_UINT8);
  put_bytes (b, "\1", 1);
  emit (b, "key-nul", "key 0 ('ab\\x00c'): name contains a NUL byte (at "
      "offset 2)");

  b = start (0, 1);
  kv_string (b, "general.name", "caf\xc3");
  emit (b, "value-not-utf8", "key 0 ('general.name'): string is not valid "
      "UTF-8 (at offset 3)");

  b = start (0, 2);
  kv_string (b, "general.name", "a");
  put_str (b, "general.description");
  put_u32 (b, 13);
  put_u32 (b, 0);
  emit (b, "key-type-unknown", "key 1 ('general.description'): unknown "
      "value type 13");

  b = start (0, 1);
  put_str (b, "general.name");
  put_u32 (b, G_MAXUINT32);
  emit (b, "key-type-huge", "key 0 ('general.name'): unknown value type "
      "4294967295");

  b = start (0, 1);
  put_str (b, "edge.flag");
  put_u32 (b, EDGE_GGUF_TYPE_BOOL);
  put_bytes (b, "\2", 1);
  emit (b, "bool-invalid", "key 0 ('edge.flag'): bool value 2 is neither 0 "
      "nor 1");

  b = start (0, 3);
  kv_u32 (b, "general.alignment", 32);
  kv_string (b, "general.name", "a");
  kv_string (b, "general.name", "b");
  emit (b, "duplicate-key", "key 2 ('general.name'): duplicate key (first "
      "defined by key 1)");
}

static void
array_cases (void)
{
  Builder *b;

  b = start (0, 1);
  put_str (b, "edge.matrix");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u64 (b, 1);
  put_u32 (b, EDGE_GGUF_TYPE_INT32);
  put_u64 (b, 1);
  put_u32 (b, 7);
  emit (b, "array-nested", "key 0 ('edge.matrix'): nested arrays are not "
      "supported");

  b = start (0, 1);
  put_str (b, "edge.shape");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, 77);
  put_u64 (b, 1);
  put_u32 (b, 7);
  emit (b, "array-elem-type-unknown", "key 0 ('edge.shape'): unknown array "
      "element type 77");

  b = start (0, 8);
  for (guint i = 0; i < 7; i++) {
    gchar *key = g_strdup_printf ("edge.k%u", i);
    kv_u32 (b, key, i);
    g_free (key);
  }
  put_str (b, "edge.labels");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_u64 (b, G_GUINT64_CONSTANT (1) << 32);
  emit (b, "array-count-huge", "key 7 ('edge.labels'): array count "
      "4294967296 exceeds limit 67108864");

  b = start (0, 1);
  put_str (b, "edge.data");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_UINT64);
  put_u64 (b, G_MAXUINT64);
  emit (b, "array-count-max", "key 0 ('edge.data'): array count "
      "18446744073709551615 exceeds limit 67108864");

  b = start (0, 1);
  put_str (b, "edge.shape");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_INT32);
  put_u64 (b, 1000);
  put_u32 (b, 1);
  emit (b, "array-past-eof", "truncated at byte 62 while reading the "
      "elements of key 0 ('edge.shape') (4000 bytes at byte 58)");

  /* within the limit: must fail before allocating an index of 2^26 */
  b = start (0, 1);
  put_str (b, "edge.labels");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_u64 (b, EDGE_GGUF_MAX_ARRAY);
  put_str (b, "cat");
  emit (b, "array-strings-past-eof", "truncated at byte 70 while reading "
      "the elements of key 0 ('edge.labels') (536870912 bytes at byte 59)");

  b = start (0, 1);
  put_str (b, "edge.labels");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_u64 (b, 2);
  put_str (b, "cat");
  put_u64 (b, G_GUINT64_CONSTANT (1) << 60);
  put_str (b, "dog");
  emit (b, "array-string-huge", "key 0 ('edge.labels'), element 1: string "
      "length 1152921504606846976 exceeds limit 16777216");

  b = start (0, 1);
  put_str (b, "edge.labels");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_STRING);
  put_u64 (b, 2);
  put_str (b, "cat");
  put_str (b, "d\x80g");
  emit (b, "array-string-not-utf8", "key 0 ('edge.labels'), element 1: "
      "string is not valid UTF-8 (at offset 1)");

  b = start (0, 1);
  put_str (b, "edge.mask");
  put_u32 (b, EDGE_GGUF_TYPE_ARRAY);
  put_u32 (b, EDGE_GGUF_TYPE_BOOL);
  put_u64 (b, 3);
  put_bytes (b, "\1\0\7", 3);
  emit (b, "array-bool-invalid", "key 0 ('edge.mask'), element 2: bool "
      "value 7 is neither 0 nor 1");
}

static void
alignment_cases (void)
{
  static const struct
  {
    const gchar *name;
    guint32 value;
    const gchar *msg;
  } bad[] = {
    {"alignment-0", 0, "alignment 0 is not a power of two"},
    {"alignment-3", 3, "alignment 3 is not a power of two"},
    {"alignment-48", 48, "alignment 48 is not a power of two"},
    {"alignment-4", 4, "alignment 4 is not a multiple of 8"},
    {"alignment-2p20", 1u << 20, "alignment 1048576 exceeds limit 65536"},
  };
  static const guint64 dims[] = { 4 };
  Builder *b;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++) {
    gchar *msg = g_strdup_printf ("key 0 ('general.alignment'): %s",
        bad[i].msg);

    b = start (0, 1);
    kv_u32 (b, "general.alignment", bad[i].value);
    emit (b, bad[i].name, "%s", msg);
    g_free (msg);
  }

  b = start (0, 1);
  put_str (b, "general.alignment");
  put_u32 (b, EDGE_GGUF_TYPE_UINT64);
  put_u64 (b, 32);
  emit (b, "alignment-type-uint64", "key 0 ('general.alignment'): has type "
      "UINT64, expected UINT32");

  b = start (0, 1);
  kv_string (b, "general.alignment", "32");
  emit (b, "alignment-type-string", "key 0 ('general.alignment'): has type "
      "STRING, expected UINT32");

  /* a valid 64: offsets must follow it, not the default 32 */
  b = start (1, 1);
  kv_u32 (b, "general.alignment", 64);
  tensor_info (b, "t", 1, dims, EDGE_TENSOR_F32, 32);
  pad (b, 64);
  put_bytes (b, "0123456789abcdef0123456789abcdef", 32);
  put_bytes (b, "0123456789abcdef0123456789abcdef", 32);
  emit (b, "offset-misaligned-64", "tensor 0 ('t'): offset 32 is not a "
      "multiple of the alignment 64");
}

static void
tensor_cases (void)
{
  static const guint64 d4[] = { 4 }, d5[] = { 1, 1, 1, 1, 1 };
  static const guint64 dim0[] = { 3, 0, 2 };
  static const guint64 dims_ovf[] = { 1ull << 32, 1ull << 32 };
  static const guint64 bytes_ovf[] = { 1ull << 31, 1ull << 31 };
  Builder *b;

  one_tensor_file ("n-dims-0", 0, d4, EDGE_TENSOR_F32, 0, 16,
      "tensor 0 ('t'): n_dims 0 outside 1..4");
  one_tensor_file ("n-dims-5", 5, d5, EDGE_TENSOR_F32, 0, 16,
      "tensor 0 ('t'): n_dims 5 outside 1..4");
  one_tensor_file ("dim-0", 3, dim0, EDGE_TENSOR_F32, 0, 16,
      "tensor 0 ('t'): dim 1 is 0 (empty tensors are not supported)");
  one_tensor_file ("dims-overflow", 2, dims_ovf, EDGE_TENSOR_I8, 0, 16,
      "tensor 0 ('t'): element count of dims [4294967296, 4294967296] "
      "overflows 64 bits");
  one_tensor_file ("bytes-overflow", 2, bytes_ovf, EDGE_TENSOR_I32, 0, 16,
      "tensor 0 ('t'): byte size of 4611686018427387904 elements of I32 "
      "overflows 64 bits");
  one_tensor_file ("type-f16", 1, d4, 1, 0, 16,
      "tensor 0 ('t'): type 1 (F16) is not supported (only F32, I8, I16, "
      "I32)");
  one_tensor_file ("type-q4_0", 1, d4, 2, 0, 16,
      "tensor 0 ('t'): type 2 (Q4_0) is not supported");
  one_tensor_file ("type-i64", 1, d4, 27, 0, 16,
      "tensor 0 ('t'): type 27 (I64) is not supported");
  one_tensor_file ("type-unknown", 1, d4, 1000, 0, 16,
      "tensor 0 ('t'): unknown tensor type 1000");
  one_tensor_file ("offset-misaligned", 1, d4, EDGE_TENSOR_F32, 4, 16,
      "tensor 0 ('t'): offset 4 is not a multiple of the alignment 32");
  /* header: 24 + key 33 + tensor info 37 = 94, data at 96 */
  one_tensor_file ("offset-past-eof", 1, d4, EDGE_TENSOR_F32, 1 << 20, 16,
      "tensor 0 ('t'): data [1048672, 1048688) extends past end of file "
      "(112 bytes)");
  one_tensor_file ("offset-overflow", 1, d4, EDGE_TENSOR_F32,
      G_MAXUINT64 - 31, 16, "tensor 0 ('t'): offset 18446744073709551584 "
      "is past end of file (112 bytes)");
  one_tensor_file ("data-past-eof", 1, d4, EDGE_TENSOR_F32, 0, 10,
      "tensor 0 ('t'): data [96, 112) extends past end of file (106 bytes)");

  b = start (1, 1);
  kv_u32 (b, "general.alignment", 32);
  put_str (b, "");
  emit (b, "tensor-name-empty", "tensor 0 (''): name is empty");

  b = start (1, 1);
  kv_u32 (b, "general.alignment", 32);
  put_u64 (b, 3);
  put_bytes (b, "w\xc0\xaf", 3);
  emit (b, "tensor-name-not-utf8", "tensor 0 ('w\\xc0\\xaf'): name is not "
      "valid UTF-8 (at offset 1)");

  b = start (1, 1);
  kv_u32 (b, "general.alignment", 32);
  put_u64 (b, G_GUINT64_CONSTANT (1) << 50);
  emit (b, "tensor-name-huge", "tensor 0: name length 1125899906842624 "
      "exceeds limit 16777216");

  b = start (3, 1);
  kv_u32 (b, "general.alignment", 32);
  tensor_info (b, "conv1.weight", 1, d4, EDGE_TENSOR_F32, 0);
  tensor_info (b, "conv1.bias", 1, d4, EDGE_TENSOR_F32, 32);
  tensor_info (b, "conv1.weight", 1, d4, EDGE_TENSOR_F32, 64);
  pad (b, 32);
  for (guint i = 0; i < 3; i++) {
    put_bytes (b, "0123456789abcdef", 16);
    pad (b, 32);
  }
  emit (b, "duplicate-tensor", "tensor 2 ('conv1.weight'): duplicate tensor "
      "name (first used by tensor 0)");

  /* a: 64 floats at 0 = [.., +256); b at 128 starts inside it */
  {
    static const guint64 d64[] = { 64 };
    static const guint8 zero[256];

    b = start (2, 1);
    kv_u32 (b, "general.alignment", 32);
    tensor_info (b, "a", 1, d64, EDGE_TENSOR_F32, 0);
    tensor_info (b, "b", 1, d4, EDGE_TENSOR_F32, 128);
    pad (b, 32);
    g_assert (b->b->len == 128);
    put_bytes (b, zero, 256);
    emit (b, "tensors-overlap", "tensor 1 ('b'): data [256, 272) overlaps "
        "tensor 0 ('a') [128, 384)");

    /* the same data twice: overlapping completely, listed in reverse */
    b = start (2, 1);
    kv_u32 (b, "general.alignment", 32);
    tensor_info (b, "x", 1, d4, EDGE_TENSOR_F32, 32);
    tensor_info (b, "y", 1, d4, EDGE_TENSOR_I32, 32);
    pad (b, 32);
    put_bytes (b, zero, 64);
    emit (b, "tensors-alias", "tensor 1 ('y'): data [160, 176) overlaps "
        "tensor 0 ('x') [160, 176)");
  }
}

/* ------------------------------------------------------------------ */
/* Valid seeds for the fuzzer, through the writer */

static void
save_seed (const gchar * dir, const gchar * name, EdgeGgufWriter * w)
{
  GError *error = NULL;
  GBytes *bytes = edge_gguf_writer_to_bytes (w, &error);
  gsize len;
  gconstpointer data;

  if (!bytes)
    g_error ("%s: %s", name, error->message);
  data = g_bytes_get_data (bytes, &len);
  save (dir, name, data, len);
  g_bytes_unref (bytes);
  edge_gguf_writer_free (w);
}

static void
seeds (const gchar * dir)
{
  static const gchar *const labels[] = { "", "cat", "dög", "日本" };
  static const gint32 shape[] = { 1, 28, 28, 1 };
  static const gfloat mean[] = { 0.5f, -1.0f, 1e-3f };
  static const guint64 dims[4] = { 3, 2, 2, 1 };
  static const guint32 types[] = { EDGE_TENSOR_F32, EDGE_TENSOR_I8,
    EDGE_TENSOR_I16, EDGE_TENSOR_I32
  };
  guint8 data[256];
  EdgeGgufWriter *w;
  EdgeGgufValue v = { 0 };

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 37 + 11);

  w = edge_gguf_writer_new (0);
  save_seed (dir, "minimal.gguf", w);

  w = edge_gguf_writer_new (32);
  edge_gguf_writer_set_string (w, "general.architecture", "gst-edge");
  edge_gguf_writer_set_string (w, "general.name", "all value types");
  edge_gguf_writer_set_uint32 (w, "edge.u32", 7);
  edge_gguf_writer_set_int32 (w, "edge.i32", -7);
  edge_gguf_writer_set_uint64 (w, "edge.u64", G_MAXUINT64);
  edge_gguf_writer_set_int64 (w, "edge.i64", G_MININT64);
  edge_gguf_writer_set_float32 (w, "edge.f32", 0.25f);
  edge_gguf_writer_set_float64 (w, "edge.f64", -2.5);
  edge_gguf_writer_set_bool (w, "edge.bool", TRUE);
  v.type = EDGE_GGUF_TYPE_UINT8;
  v.v.u64 = 200;
  edge_gguf_writer_set_value (w, "edge.u8", &v);
  v.type = EDGE_GGUF_TYPE_INT16;
  v.v.i64 = -300;
  edge_gguf_writer_set_value (w, "edge.i16", &v);
  edge_gguf_writer_set_int32_array (w, "edge.shape", shape, 4);
  edge_gguf_writer_set_float32_array (w, "edge.mean", mean, 3);
  edge_gguf_writer_set_string_array (w, "edge.labels", labels, 4);
  edge_gguf_writer_set_string_array (w, "edge.none", NULL, 0);
  v.type = EDGE_GGUF_TYPE_ARRAY;
  v.v.a.elem_type = EDGE_GGUF_TYPE_UINT16;
  v.v.a.count = 5;
  v.v.a.data = data;
  edge_gguf_writer_set_value (w, "edge.u16s", &v);
  v.v.a.elem_type = EDGE_GGUF_TYPE_FLOAT64;
  v.v.a.count = 2;
  edge_gguf_writer_set_value (w, "edge.f64s", &v);
  save_seed (dir, "values.gguf", w);

  w = edge_gguf_writer_new (32);
  for (guint t = 0; t < G_N_ELEMENTS (types); t++)
    for (guint n = 1; n <= 4; n++) {
      gchar *name = g_strdup_printf ("t%u.%ud", t, n);
      if (!edge_gguf_writer_add_tensor (w, name, types[t], n, dims, data, NULL))
        g_error ("add_tensor");
      g_free (name);
    }
  save_seed (dir, "tensors.gguf", w);

  for (guint a = 8; a <= 64; a *= 8) {
    gchar *name = g_strdup_printf ("align-%u.gguf", a);

    w = edge_gguf_writer_new (a);
    edge_gguf_writer_set_string (w, "general.architecture", "gst-edge");
    edge_gguf_writer_add_tensor (w, "a", EDGE_TENSOR_I8, 1, dims, data, NULL);
    edge_gguf_writer_add_tensor (w, "b", EDGE_TENSOR_I16, 2, dims, data, NULL);
    save_seed (dir, name, w);
    g_free (name);
  }

  {
    Placed placed[2];
    gsize header_end;
    Builder *b = small_valid_file (placed, &header_end);

    save (dir, "small.gguf", b->b->data, b->b->len);
    builder_free (b);
  }
}

int
main (int argc, char **argv)
{
  gchar *path;
  GError *error = NULL;

  if (argc != 3) {
    g_printerr ("usage: %s CORPUS_DIR SEEDS_DIR\n"
        "  e.g. %s tests/edge/corpus/gguf tests/fuzz/seeds/gguf\n",
        argv[0], argv[0]);
    return 2;
  }
  corpus_dir = argv[1];
  clean_dir (argv[1]);
  clean_dir (argv[2]);

  expected = g_string_new ("# <file> <substring of the error message>; "
      "generated by tests/edge/generate-gguf-corpus.c\n");
  header_cases ();
  key_cases ();
  array_cases ();
  alignment_cases ();
  tensor_cases ();
  truncations ();

  path = g_build_filename (corpus_dir, "expected.txt", NULL);
  if (!g_file_set_contents (path, expected->str, expected->len, &error))
    g_error ("%s", error->message);
  g_free (path);
  g_string_free (expected, TRUE);

  seeds (argv[2]);
  g_print ("%u malformed files in %s, seeds in %s\n", n_files, argv[1],
      argv[2]);
  return 0;
}
