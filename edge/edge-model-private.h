/* libedge: model internals shared by edge-model.c, edge-graph.c and
 * edge-model-io.c. Not installed.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_MODEL_PRIVATE_H__
#define __EDGE_MODEL_PRIVATE_H__

#include "edge-model.h"

G_BEGIN_DECLS

/* The general.* string keys a model keeps (anything else under general.
 * is another tool's business and is not kept). */
#define EDGE_MODEL_N_INFO 6
extern const gchar *const edge_model_info_keys[EDGE_MODEL_N_INFO];

struct _EdgeModel
{
  guint32 alignment;
  gchar *info[EDGE_MODEL_N_INFO];

  GPtrArray *tensors;           /* EdgeTensor*, owned */
  GHashTable *tensor_index;     /* name -> EdgeTensor* (borrowed) */
  GPtrArray *nodes;             /* EdgeNode*, owned */
  GPtrArray *inputs;            /* gchar* */
  GPtrArray *outputs;           /* gchar* */

  gboolean has_input_desc;
  EdgeInputDesc input_desc;

  GPtrArray *labels;            /* gchar* */

  EdgeTask task;
  EdgeClassification classification;   /* strings owned (gchar *) */
  EdgeDetection detection;      /* strings and anchors owned */

  GPtrArray *provenance;        /* EdgeAttr*, owned */
};

void edge_value_clear (EdgeValue * value);
void edge_value_copy (const EdgeValue * src, EdgeValue * dest);
void edge_attr_free (EdgeAttr * attr);

/* TRUE when @name is a valid tensor name (1..EDGE_MODEL_MAX_NAME bytes of
 * printable ASCII other than space, or UTF-8 beyond); else sets @why. */
gboolean edge_model_name_valid (const gchar * name, const gchar ** why);

/* Appends "[1,2,3]". */
void edge_shape_append (GString * s, guint rank, const gint64 * shape);

/* Sets a model-level error. */
void edge_model_set_error (GError ** error, EdgeModelError code,
    const gchar * format, ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS

#endif /* __EDGE_MODEL_PRIVATE_H__ */
