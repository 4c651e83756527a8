/* libedge: helpers shared by the GGUF reader and writer (not installed).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_GGUF_PRIVATE_H__
#define __EDGE_GGUF_PRIVATE_H__

#include "edge-gguf.h"

#include <string.h>

G_BEGIN_DECLS

#define EDGE_GGUF_MAGIC "GGUF"
#define EDGE_GGUF_VERSION 3
#define EDGE_GGUF_DEFAULT_ALIGNMENT 32
#define EDGE_GGUF_ALIGNMENT_KEY "general.alignment"

/* Largest number of characters of an untrusted name quoted in a message:
 * enough to recognize it, not enough to flood a log. */
#define EDGE_GGUF_DISPLAY_MAX 64

static inline guint32
edge_gguf_read_u32 (const guint8 * p)
{
  guint32 v;

  /* memcpy: header fields have no alignment in the file */
  memcpy (&v, p, sizeof v);
  return GUINT32_FROM_LE (v);
}

static inline guint64
edge_gguf_read_u64 (const guint8 * p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return GUINT64_FROM_LE (v);
}

/* Power of two, a multiple of 8 (so every tensor type, and the int64 and
 * double fields of mapped data, are naturally aligned) and at most
 * EDGE_GGUF_MAX_ALIGNMENT. Returns the problem, or NULL when valid. */
G_GNUC_INTERNAL
const gchar *edge_gguf_alignment_problem (guint64 alignment,
    EdgeGgufError * code);

/* A printable, valid UTF-8, bounded rendering of untrusted bytes for error
 * messages: invalid or non-printable bytes become \xNN, long names are cut
 * with "...". */
G_GNUC_INTERNAL
gchar *edge_gguf_display (const void *bytes, gsize len);

/* Checks a string from a file or a caller: valid UTF-8 without NUL (the
 * names are handed out NUL-terminated, and consumers such as GstStructure
 * need UTF-8). Returns the problem (static text) or NULL; @at is the byte
 * offset of the first bad byte. */
G_GNUC_INTERNAL
const gchar *edge_gguf_string_problem (const void *bytes, gsize len,
    gsize * at, EdgeGgufError * code);

G_END_DECLS

#endif /* __EDGE_GGUF_PRIVATE_H__ */
