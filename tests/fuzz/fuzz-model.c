/* libFuzzer harness: the model loader (keys, graph validation, save).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * Loads every input with edge_model_load_memory(). A refused input must
 * give an error with a valid UTF-8 message. An accepted one is inspected
 * through the public accessors (every tensor byte, shape, quantization,
 * node, attribute and cost), saved, reloaded, and saved again: both saves
 * must succeed and give the same bytes (the loader and the writer agree,
 * and save(load(x)) is a fixed point). Any violation aborts.
 *
 * Seeds: tests/edge/corpus/model (one edit away from valid models) and the
 * GGUF seeds. Not wired into tests/fuzz/meson.build yet: it builds like
 * fuzz-gguf, with the edge-model*.c / edge-graph.c sources and
 * kernels/ref/{conv,pool}.c added.
 */

#include "edge-model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t * data, size_t size);

#define CHECK(cond) \
  G_STMT_START { \
    if (!(cond)) { \
      g_printerr ("fuzz-model: check failed at line %d: %s\n", __LINE__, \
          #cond); \
      abort (); \
    } \
  } G_STMT_END

static volatile guint64 sink;

static void
touch (EdgeModel * m)
{
  for (guint i = 0; i < edge_model_get_n_tensors (m); i++) {
    const EdgeTensor *t = edge_model_get_tensor (m, i);
    const guint8 *p = t->data;

    for (gsize k = 0; k < t->n_bytes; k++)
      sink += p[k];
    for (guint k = 0; k < t->quant.n; k++)
      sink += (guint64) t->quant.zero_points[k] + (guint64) t->quant.scales[k];
    sink += (guint64) edge_tensor_n_elements (t);
  }
  for (guint i = 0; i < edge_model_get_n_nodes (m); i++) {
    const EdgeNode *n = edge_model_get_node (m, i);
    GString *s = g_string_new (NULL);

    for (guint k = 0; k < n->attrs->len; k++)
      edge_value_append (&((EdgeAttr *) g_ptr_array_index (n->attrs,
                  k))->value, s);
    sink += s->len + edge_model_node_macs (m, i) +
        edge_model_node_params (m, i);
    g_string_free (s, TRUE);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t * data, size_t size)
{
  GError *error = NULL;
  EdgeModel *m = edge_model_load_memory (data, size, &error), *again;
  GBytes *first, *second;

  if (m == NULL) {
    CHECK (error != NULL);
    CHECK (g_utf8_validate (error->message, -1, NULL));
    g_error_free (error);
    return 0;
  }
  CHECK (error == NULL);
  touch (m);
  first = edge_model_save_to_bytes (m, &error);
  CHECK (first != NULL && error == NULL);
  again = edge_model_load_memory (g_bytes_get_data (first, NULL),
      g_bytes_get_size (first), &error);
  CHECK (again != NULL && error == NULL);
  second = edge_model_save_to_bytes (again, &error);
  CHECK (second != NULL && error == NULL);
  CHECK (g_bytes_equal (first, second));
  g_bytes_unref (first);
  g_bytes_unref (second);
  edge_model_unref (again);
  edge_model_unref (m);
  return 0;
}
