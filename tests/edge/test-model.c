/* libedge suite: models (builder, validation, files, corpus, edge-model).
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "edge-model.h"
#include "model-builders.h"

#include <glib.h>
#include <glib/gstdio.h>

#include <math.h>
#include <string.h>
#include <sys/wait.h>

/* ------------------------------------------------------------------ */
/* Helpers */

static gchar *
make_tmpdir (void)
{
  GError *error = NULL;
  gchar *dir = g_dir_make_tmp ("test-model-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tree (const gchar * dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const gchar *name;

  if (!d)
    return;
  while ((name = g_dir_read_name (d))) {
    gchar *path = g_build_filename (dir, name, NULL);

    g_unlink (path);
    g_free (path);
  }
  g_dir_close (d);
  g_rmdir (dir);
}

static void
assert_quant_equal (const EdgeTensor * a, const EdgeTensor * b)
{
  g_assert_cmpuint (a->quant.n, ==, b->quant.n);
  g_assert_cmpint (a->quant.axis, ==, b->quant.axis);
  if (a->quant.n) {
    g_assert_cmpmem (a->quant.scales, a->quant.n * sizeof (gfloat),
        b->quant.scales, b->quant.n * sizeof (gfloat));
    g_assert_cmpmem (a->quant.zero_points, a->quant.n * sizeof (gint32),
        b->quant.zero_points, b->quant.n * sizeof (gint32));
  }
}

static void
assert_strv_equal (const gchar * const *a, guint na, const gchar * const *b,
    guint nb)
{
  g_assert_cmpuint (na, ==, nb);
  for (guint i = 0; i < na; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

/* Everything a model holds, compared. Tensors are compared by name (a
 * reload may list activations in another order); nodes, attributes,
 * labels and provenance in order. */
static void
assert_models_equal (EdgeModel * a, EdgeModel * b)
{
  const gchar *const *sa, *const *sb;
  guint na, nb;

  g_assert_cmpuint (edge_model_get_alignment (a), ==,
      edge_model_get_alignment (b));
  for (const gchar * const *k = (const gchar *[]) {
        "name", "description", "author", "license", "version", "url", NULL};
      *k; k++)
    g_assert_cmpstr (edge_model_get_info (a, *k), ==,
        edge_model_get_info (b, *k));

  g_assert_cmpuint (edge_model_get_n_tensors (a), ==,
      edge_model_get_n_tensors (b));
  for (guint i = 0; i < edge_model_get_n_tensors (a); i++) {
    const EdgeTensor *ta = edge_model_get_tensor (a, i);
    const EdgeTensor *tb = edge_model_find_tensor (b, ta->name);

    g_assert_nonnull (tb);
    g_assert_cmpint (ta->dtype, ==, tb->dtype);
    g_assert_cmpuint (ta->rank, ==, tb->rank);
    g_assert_cmpmem (ta->shape, ta->rank * sizeof (gint64), tb->shape,
        tb->rank * sizeof (gint64));
    g_assert_cmpint (edge_tensor_is_constant (ta), ==,
        edge_tensor_is_constant (tb));
    g_assert_cmpmem (ta->data, ta->n_bytes, tb->data, tb->n_bytes);
    assert_quant_equal (ta, tb);
  }

  g_assert_cmpuint (edge_model_get_n_nodes (a), ==,
      edge_model_get_n_nodes (b));
  for (guint i = 0; i < edge_model_get_n_nodes (a); i++) {
    const EdgeNode *x = edge_model_get_node (a, i);
    const EdgeNode *y = edge_model_get_node (b, i);

    g_assert_cmpint (x->op, ==, y->op);
    g_assert_cmpstr (x->name, ==, y->name);
    assert_strv_equal ((const gchar * const *) x->inputs->pdata,
        x->inputs->len, (const gchar * const *) y->inputs->pdata,
        y->inputs->len);
    assert_strv_equal ((const gchar * const *) x->outputs->pdata,
        x->outputs->len, (const gchar * const *) y->outputs->pdata,
        y->outputs->len);
    g_assert_cmpuint (x->attrs->len, ==, y->attrs->len);
    for (guint k = 0; k < x->attrs->len; k++) {
      const EdgeAttr *p = g_ptr_array_index (x->attrs, k);
      const EdgeAttr *q = g_ptr_array_index (y->attrs, k);

      g_assert_cmpstr (p->name, ==, q->name);
      g_assert_true (edge_value_equal (&p->value, &q->value));
    }
  }

  sa = edge_model_get_inputs (a, &na);
  sb = edge_model_get_inputs (b, &nb);
  assert_strv_equal (sa, na, sb, nb);
  sa = edge_model_get_outputs (a, &na);
  sb = edge_model_get_outputs (b, &nb);
  assert_strv_equal (sa, na, sb, nb);

  if (edge_model_get_input_desc (a)) {
    const EdgeInputDesc *da = edge_model_get_input_desc (a);
    const EdgeInputDesc *db = edge_model_get_input_desc (b);
    const guint ch = edge_model_color_channels (da->color);

    g_assert_nonnull (db);
    g_assert_cmpuint (da->width, ==, db->width);
    g_assert_cmpuint (da->height, ==, db->height);
    g_assert_cmpint (da->layout, ==, db->layout);
    g_assert_cmpint (da->color, ==, db->color);
    g_assert_cmpint (da->resize, ==, db->resize);
    g_assert_cmpuint (da->letterbox_fill, ==, db->letterbox_fill);
    g_assert_cmpmem (da->mean, ch * sizeof (gfloat), db->mean,
        ch * sizeof (gfloat));
    g_assert_cmpmem (da->scale, ch * sizeof (gfloat), db->scale,
        ch * sizeof (gfloat));
  } else {
    g_assert_null (edge_model_get_input_desc (b));
  }

  sa = edge_model_get_labels (a, &na);
  sb = edge_model_get_labels (b, &nb);
  assert_strv_equal (sa, na, sb, nb);

  g_assert_cmpint (edge_model_get_task (a), ==, edge_model_get_task (b));
  if (edge_model_get_classification (a)) {
    const EdgeClassification *ca = edge_model_get_classification (a);
    const EdgeClassification *cb = edge_model_get_classification (b);

    g_assert_cmpstr (ca->output, ==, cb->output);
    g_assert_cmpuint (ca->top_k, ==, cb->top_k);
    g_assert_cmpint (ca->activation, ==, cb->activation);
    g_assert_cmpfloat (ca->threshold, ==, cb->threshold);
  }
  if (edge_model_get_detection (a)) {
    const EdgeDetection *da = edge_model_get_detection (a);
    const EdgeDetection *db = edge_model_get_detection (b);

    g_assert_cmpstr (da->scores, ==, db->scores);
    g_assert_cmpstr (da->boxes, ==, db->boxes);
    g_assert_cmpuint (da->n_anchors, ==, db->n_anchors);
    g_assert_cmpmem (da->anchors, da->n_anchors * 4 * sizeof (gfloat),
        db->anchors, db->n_anchors * 4 * sizeof (gfloat));
    g_assert_cmpuint (da->num_classes, ==, db->num_classes);
    g_assert_cmpuint (da->num_keypoints, ==, db->num_keypoints);
    g_assert_cmpmem (da->box_scale, sizeof (da->box_scale), db->box_scale,
        sizeof (db->box_scale));
    g_assert_cmpint (da->box_coding, ==, db->box_coding);
    g_assert_cmpint (da->score_activation, ==, db->score_activation);
    g_assert_cmpfloat (da->score_threshold, ==, db->score_threshold);
    g_assert_cmpfloat (da->nms_iou, ==, db->nms_iou);
    g_assert_cmpuint (da->max_detections, ==, db->max_detections);
  }

  g_assert_cmpuint (edge_model_get_n_provenance (a), ==,
      edge_model_get_n_provenance (b));
  for (guint i = 0; i < edge_model_get_n_provenance (a); i++) {
    const EdgeAttr *p = edge_model_get_provenance (a, i);
    const EdgeAttr *q = edge_model_get_provenance (b, i);

    g_assert_cmpstr (p->name, ==, q->name);
    g_assert_true (edge_value_equal (&p->value, &q->value));
  }
}

/* save -> load -> compare, through memory and through a file; saving the
 * reloaded model gives the same bytes. */
static void
assert_roundtrip (EdgeModel * m)
{
  GError *error = NULL;
  GBytes *bytes = edge_model_save_to_bytes (m, &error), *again;
  EdgeModel *loaded;
  gchar *dir = make_tmpdir ();
  gchar *path = g_build_filename (dir, "model.gguf", NULL);
  gsize size;
  gconstpointer data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &size);
  loaded = edge_model_load_memory (data, size, &error);
  g_assert_no_error (error);
  assert_models_equal (m, loaded);
  again = edge_model_save_to_bytes (loaded, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, again));
  g_bytes_unref (again);
  edge_model_unref (loaded);

  g_assert_true (edge_model_save (m, path, &error));
  g_assert_no_error (error);
  loaded = edge_model_load (path, &error);
  g_assert_no_error (error);
  assert_models_equal (m, loaded);
  edge_model_unref (loaded);

  g_bytes_unref (bytes);
  remove_tree (dir);
  g_free (path);
  g_free (dir);
}

static void
assert_shape (EdgeModel * m, const gchar * name, EdgeDType dtype,
    guint rank, const gint64 * shape)
{
  const EdgeTensor *t = edge_model_find_tensor (m, name);

  g_assert_nonnull (t);
  g_assert_cmpstr (edge_dtype_name (t->dtype), ==, edge_dtype_name (dtype));
  g_assert_cmpuint (t->rank, ==, rank);
  g_assert_cmpmem (t->shape, rank * sizeof (gint64), shape,
      rank * sizeof (gint64));
}

/* Every operator not in the CNN: pad, max/avg pool, concat, clamp, mul,
 * sigmoid, reshape, fully_connected without bias; int8 leaves the
 * quantization of pass-through outputs (pad, max pool, clamp) to be
 * inherited. */
static EdgeModel *
build_zoo (gboolean int8)
{
  EdgeModel *m = edge_model_new ();
  const gchar *x = int8 ? "xq" : "x";
  GError *error = NULL;
  EdgeNode *n;

  builder_check (edge_model_add_input (m, "x", EDGE_DTYPE_F32,
          SHAPE (1, 6, 6, 4), &error) != NULL, error);
  if (int8) {
    builder_node (m, EDGE_OP_QUANTIZE, IN ("x"), "xq");
    builder_quant (m, "xq", 0.02f, 1);
  }
  n = builder_node (m, EDGE_OP_PAD, IN (x), "p");
  edge_node_set_ints (n, "pads", INTS (0, 0, 1, 1, 1, 1, 0, 2));
  edge_node_set_float (n, "value", 0.5);
  edge_node_set_string (n, "mode", "constant");
  n = builder_node (m, EDGE_OP_MAX_POOL2D, IN ("p"), "mp");
  edge_node_set_ints (n, "kernel", INTS (2, 2));
  edge_node_set_ints (n, "stride", INTS (2, 2));
  n = builder_node (m, EDGE_OP_AVG_POOL2D, IN ("p"), "ap");
  edge_node_set_ints (n, "kernel", INTS (3, 3));
  edge_node_set_ints (n, "stride", INTS (2, 2));
  edge_node_set_ints (n, "pads", INTS (1, 1, 1, 1));
  n = builder_node (m, EDGE_OP_CONCAT, IN ("mp", "ap"), "cat");
  edge_node_set_int (n, "axis", -1);
  n = builder_node (m, EDGE_OP_CLAMP, IN ("cat"), "cl");
  edge_node_set_float (n, "min", -1.0);
  /* not a float32: saved as float64 */
  edge_node_set_float (n, "max", 0.1);
  n = builder_node (m, EDGE_OP_MUL, IN ("cl", "cl"), "mu");
  edge_node_set_float (n, "max", INFINITY);
  if (int8) {
    builder_quant (m, "ap", 0.021f, 0);
    builder_quant (m, "cat", 0.025f, -2);
    builder_quant (m, "mu", 0.001f, -100);
    builder_node (m, EDGE_OP_DEQUANTIZE, IN ("mu"), "muf");
    builder_node (m, EDGE_OP_SIGMOID, IN ("muf"), "sg");
  } else {
    builder_node (m, EDGE_OP_SIGMOID, IN ("mu"), "sg");
  }
  n = builder_node (m, EDGE_OP_RESHAPE, IN ("sg"), "rs");
  edge_node_set_ints (n, "shape", INTS (1, -1));
  builder_constant (m, "wf", EDGE_DTYPE_F32, SHAPE (10, 192), 11);
  n = builder_node (m, EDGE_OP_FULLY_CONNECTED, IN ("rs", "wf"), "fc");
  edge_node_set_name (n, "head");
  builder_check (edge_model_add_output (m, "fc", &error), error);
  builder_check (edge_model_add_output (m, "sg", &error), error);
  builder_check (edge_model_validate (m, &error), error);
  return m;
}

/* ------------------------------------------------------------------ */
/* Building and inference */

/* Builds the float CNN and checks every inferred dtype and shape. */
static void
test_build_cnn (void)
{
  EdgeModel *m = builder_cnn (FALSE);

  assert_shape (m, "y0", EDGE_DTYPE_F32, SHAPE (1, 8, 8, 8));
  assert_shape (m, "y1", EDGE_DTYPE_F32, SHAPE (1, 8, 8, 8));
  assert_shape (m, "y2", EDGE_DTYPE_F32, SHAPE (1, 8, 8, 8));
  assert_shape (m, "y3", EDGE_DTYPE_F32, SHAPE (1, 1, 1, 8));
  assert_shape (m, "y4", EDGE_DTYPE_F32, SHAPE (1, 8));
  assert_shape (m, "y5", EDGE_DTYPE_F32, SHAPE (1, 4));
  assert_shape (m, "prob", EDGE_DTYPE_F32, SHAPE (1, 4));
  g_assert_cmpuint (edge_model_get_n_nodes (m), ==, 7);
  /* conv: 64 pixels * 8 channels * 27 taps; depthwise: * 9 taps; fc 4 * 8 */
  g_assert_cmpuint (edge_model_node_macs (m, 0), ==, 64 * 8 * 27);
  g_assert_cmpuint (edge_model_node_macs (m, 1), ==, 64 * 8 * 9);
  g_assert_cmpuint (edge_model_node_macs (m, 5), ==, 32);
  g_assert_cmpuint (edge_model_node_params (m, 0), ==, 8 * 27 + 8);
  g_assert_cmpuint (edge_model_node_params (m, 2), ==, 0);
  edge_model_unref (m);
}

/* int8 CNN: dtypes follow the quantize/dequantize boundary and the reshape
 * output inherits its input's quantization. */
static void
test_build_cnn_int8 (void)
{
  EdgeModel *m = builder_cnn (TRUE);
  const EdgeTensor *y3 = edge_model_find_tensor (m, "y3");
  const EdgeTensor *y4 = edge_model_find_tensor (m, "y4");

  assert_shape (m, "xq", EDGE_DTYPE_I8, SHAPE (1, 8, 8, 3));
  assert_shape (m, "y4", EDGE_DTYPE_I8, SHAPE (1, 8));
  assert_shape (m, "logits", EDGE_DTYPE_F32, SHAPE (1, 4));
  assert_quant_equal (y3, y4);
  g_assert_cmpuint (edge_model_find_tensor (m, "w0")->quant.n, ==, 8);
  edge_model_unref (m);
}

/* The zoo of the other operators, float and int8. */
static void
test_build_zoo (void)
{
  for (guint int8 = 0; int8 < 2; int8++) {
    EdgeModel *m = build_zoo (int8);
    const EdgeDType q = int8 ? EDGE_DTYPE_I8 : EDGE_DTYPE_F32;

    assert_shape (m, "p", q, SHAPE (1, 8, 8, 6));
    assert_shape (m, "mp", q, SHAPE (1, 4, 4, 6));
    assert_shape (m, "ap", q, SHAPE (1, 4, 4, 6));
    assert_shape (m, "cat", q, SHAPE (1, 4, 4, 12));
    assert_shape (m, "cl", q, SHAPE (1, 4, 4, 12));
    assert_shape (m, "sg", EDGE_DTYPE_F32, SHAPE (1, 4, 4, 12));
    assert_shape (m, "rs", EDGE_DTYPE_F32, SHAPE (1, 192));
    assert_shape (m, "fc", EDGE_DTYPE_F32, SHAPE (1, 10));
    if (int8) {
      assert_quant_equal (edge_model_find_tensor (m, "xq"),
          edge_model_find_tensor (m, "mp"));
      assert_quant_equal (edge_model_find_tensor (m, "cat"),
          edge_model_find_tensor (m, "cl"));
    }
    edge_model_unref (m);
  }
}

/* ------------------------------------------------------------------ */
/* Round trips */

static void
test_roundtrip_cnn (void)
{
  EdgeModel *m = builder_cnn (FALSE);

  assert_roundtrip (m);
  edge_model_unref (m);
}

static void
test_roundtrip_cnn_int8 (void)
{
  EdgeModel *m = builder_cnn (TRUE);

  assert_roundtrip (m);
  edge_model_unref (m);
}

static void
test_roundtrip_zoo (void)
{
  for (guint int8 = 0; int8 < 2; int8++) {
    EdgeModel *m = build_zoo (int8);

    assert_roundtrip (m);
    edge_model_unref (m);
  }
}

static void
test_roundtrip_detector (void)
{
  EdgeModel *m = builder_detector ();

  assert_roundtrip (m);
  edge_model_unref (m);
}

/* Every value type, through attributes and provenance, including values
 * that need 64-bit storage, and every piece of metadata. */
static void
test_roundtrip_values (void)
{
  EdgeModel *m = builder_cnn (FALSE);
  gint64 ints[] = { 1, -2, G_GINT64_CONSTANT (1) << 40 };
  gdouble floats[] = { 0.5, 0.1, -INFINITY, 1e300 };
  gint64 small[] = { 3, 4 };
  EdgeValue v;
  EdgeInputDesc desc;
  EdgeClassification cls;
  const gchar *labels[] = { "chat", "chien", "oiseau ☺", "" };

  v.type = EDGE_VALUE_INT;
  v.v.i = G_MININT64;
  edge_model_set_provenance (m, "int64", &v);
  v.v.i = 7;
  edge_model_set_provenance (m, "int32", &v);
  v.type = EDGE_VALUE_FLOAT;
  v.v.f = 0.1;
  edge_model_set_provenance (m, "sparsity", &v);
  v.v.f = 0.25;
  edge_model_set_provenance (m, "float32", &v);
  v.type = EDGE_VALUE_BOOL;
  v.v.b = TRUE;
  edge_model_set_provenance (m, "distillation.enabled", &v);
  v.type = EDGE_VALUE_INTS;
  v.v.ints.n = G_N_ELEMENTS (ints);
  v.v.ints.v = ints;
  edge_model_set_provenance (m, "factorization.ranks", &v);
  v.v.ints.n = G_N_ELEMENTS (small);
  v.v.ints.v = small;
  edge_model_set_provenance (m, "small-ints", &v);
  v.type = EDGE_VALUE_FLOATS;
  v.v.floats.n = G_N_ELEMENTS (floats);
  v.v.floats.v = floats;
  edge_model_set_provenance (m, "doubles", &v);
  v.v.floats.n = 0;
  edge_model_set_provenance (m, "empty", &v);
  edge_model_set_provenance_string (m, "distillation.teacher",
      "resnet18.onnx sha256:0123abcd");
  edge_model_set_provenance_string (m, "gone", "x");
  edge_model_set_provenance (m, "gone", NULL);
  g_assert_null (edge_model_find_provenance (m, "gone"));

  g_assert_true (edge_model_set_info (m, "description", "a tiny CNN"));
  g_assert_true (edge_model_set_info (m, "author", "gst-edge"));
  g_assert_true (edge_model_set_info (m, "license", "LGPL-2.1-or-later"));
  g_assert_true (edge_model_set_info (m, "version", "1.2"));
  g_assert_true (edge_model_set_info (m, "url", "https://gst-edge.invalid/"));
  g_assert_false (edge_model_set_info (m, "file_type", "1"));
  g_assert_false (edge_model_set_alignment (m, 12));
  g_assert_false (edge_model_set_alignment (m, 4));
  g_assert_true (edge_model_set_alignment (m, 64));

  desc = *edge_model_get_input_desc (m);
  desc.resize = EDGE_MODEL_RESIZE_STRETCH;
  desc.color = EDGE_MODEL_COLOR_BGR;
  desc.mean[0] = 1.0f;
  desc.scale[2] = -0.5f;
  edge_model_set_input_desc (m, &desc);
  edge_model_set_labels (m, labels, G_N_ELEMENTS (labels));
  cls = *edge_model_get_classification (m);
  cls.output = "prob";
  cls.activation = EDGE_SCORE_SOFTMAX;
  cls.top_k = 4;
  edge_model_set_classification (m, &cls);

  /* every attribute type the ops take: ints, int, float (also infinite and
   * not float32-exact), string */
  edge_node_set_float (edge_model_get_node (m, 0), "max", 6.1);
  edge_node_set_float (edge_model_get_node (m, 1), "min", -INFINITY);
  edge_node_set_ints (edge_model_get_node (m, 1), "dilation", INTS (1, 1));
  edge_node_set_ints (edge_model_get_node (m, 1), "stride", INTS (1, 1));
  g_assert_true (edge_model_validate (m, NULL));
  g_assert_cmpfloat (edge_node_get_float (edge_model_get_node (m, 0), "max",
          0), ==, 6.1);
  assert_roundtrip (m);
  edge_model_unref (m);
}

/* A copy holds everything the original does, shares constant data, and
 * can be rewritten without touching the original. */
static void
test_copy (void)
{
  EdgeModel *m = builder_cnn (TRUE);
  EdgeModel *c = edge_model_copy (m);
  GError *error = NULL;

  assert_models_equal (m, c);
  g_assert_true (edge_model_find_tensor (m, "w0")->data ==
      edge_model_find_tensor (c, "w0")->data);
  /* rewrite the copy: drop the softmax, output the logits */
  edge_model_remove_node (c, 8);
  g_assert_true (edge_model_set_outputs (c, IN ("logits"), &error));
  g_assert_true (edge_model_validate (c, &error));
  g_assert_no_error (error);
  g_assert_null (edge_model_find_tensor (c, "prob"));
  g_assert_cmpuint (edge_model_get_n_nodes (c), ==, 8);
  edge_model_unref (c);
  /* the original is untouched */
  c = builder_cnn (TRUE);
  assert_models_equal (c, m);
  edge_model_unref (m);
  edge_model_unref (c);
}

/* Attribute accessors: replace, remove, defaults. */
static void
test_attributes (void)
{
  EdgeModel *m = builder_cnn (FALSE);
  EdgeNode *n = edge_model_get_node (m, 1);
  const EdgeValue *v;
  GString *s = g_string_new (NULL);

  g_assert_cmpint (edge_node_get_int (n, "groups", 1), ==, 8);
  edge_node_set_int (n, "groups", 4);
  g_assert_cmpint (edge_node_get_int (n, "groups", 1), ==, 4);
  g_assert_true (edge_node_remove_attr (n, "groups"));
  g_assert_false (edge_node_remove_attr (n, "groups"));
  g_assert_cmpint (edge_node_get_int (n, "groups", 1), ==, 1);
  v = edge_node_get_attr (n, "kernel");
  g_assert_nonnull (v);
  edge_value_append (v, s);
  g_assert_cmpstr (s->str, ==, "[3,3]");
  /* the default when the type differs */
  g_assert_cmpfloat (edge_node_get_float (n, "kernel", 2.0), ==, 2.0);
  g_string_free (s, TRUE);
  edge_model_unref (m);
}

/* ------------------------------------------------------------------ */
/* Validation of models built in memory */

/* Nodes in reverse order are sorted; an already sorted list is kept. */
static void
test_validate_sorts (void)
{
  EdgeModel *m = edge_model_new ();
  const guint n = 20000;
  GError *error = NULL;

  edge_model_add_input (m, "t0", EDGE_DTYPE_F32, SHAPE (1, 2), &error);
  g_assert_no_error (error);
  /* a deep chain t0 -> t1 -> ... added last node first */
  for (guint i = n; i >= 1; i--) {
    gchar *in = g_strdup_printf ("t%u", i - 1), *out =
        g_strdup_printf ("t%u", i);

    builder_node (m, EDGE_OP_CLAMP, IN (in), out);
    g_free (in);
    g_free (out);
  }
  g_assert_true (edge_model_add_output (m, "t20000", &error));
  g_assert_true (edge_model_validate (m, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++) {
    const EdgeNode *node = edge_model_get_node (m, i);
    gchar *want = g_strdup_printf ("t%u", i + 1);

    g_assert_cmpstr (g_ptr_array_index (node->outputs, 0), ==, want);
    g_free (want);
  }
  assert_shape (m, "t20000", EDGE_DTYPE_F32, SHAPE (1, 2));
  edge_model_unref (m);
}

/* A cycle of 10000 nodes (plus a tail hanging off it) is found without
 * recursion and reported at its lowest node index. */
static void
test_validate_long_cycle (void)
{
  EdgeModel *m = edge_model_new ();
  const guint n = 10000;
  GError *error = NULL;

  edge_model_add_input (m, "x", EDGE_DTYPE_F32, SHAPE (1, 2), &error);
  builder_node (m, EDGE_OP_CLAMP, IN ("x"), "tail");
  builder_node (m, EDGE_OP_ADD, IN ("tail", "c9999"), "c0");
  for (guint i = 1; i < n; i++) {
    gchar *in = g_strdup_printf ("c%u", i - 1), *out =
        g_strdup_printf ("c%u", i);

    builder_node (m, EDGE_OP_CLAMP, IN (in), out);
    g_free (in);
    g_free (out);
  }
  builder_node (m, EDGE_OP_SIGMOID, IN ("c5"), "y");
  edge_model_add_output (m, "y", &error);
  g_assert_false (edge_model_validate (m, &error));
  g_assert_error (error, EDGE_MODEL_ERROR, EDGE_MODEL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
      "graph has a cycle through node 1 (add)");
  g_clear_error (&error);
  edge_model_unref (m);
}

typedef void (*Mutate) (EdgeModel * m);

static void
mut_weight (EdgeModel * m)
{
  /* weight for 4 input channels where the input has 3 */
  EdgeNode *n = edge_model_get_node (m, 0);

  builder_constant (m, "w9", EDGE_DTYPE_F32, SHAPE (8, 3, 3, 4), 9);
  g_free (g_ptr_array_index (n->inputs, 1));
  g_ptr_array_index (n->inputs, 1) = g_strdup ("w9");
  edge_model_remove_tensor (m, "w0");
}

static void
mut_dangling (EdgeModel * m)
{
  EdgeNode *n = edge_model_get_node (m, 2);

  g_free (g_ptr_array_index (n->inputs, 1));
  g_ptr_array_index (n->inputs, 1) = g_strdup ("x7");
}

static void
mut_stride (EdgeModel * m)
{
  edge_node_set_ints (edge_model_get_node (m, 0), "stride", INTS (1, 0));
}

static void
mut_unknown_attr (EdgeModel * m)
{
  edge_node_set_int (edge_model_get_node (m, 3), "keepdims", 1);
}

static void
mut_attr_type (EdgeModel * m)
{
  edge_node_set_float (edge_model_get_node (m, 1), "groups", 8.0);
}

static void
mut_unused (EdgeModel * m)
{
  builder_constant (m, "spare", EDGE_DTYPE_F32, SHAPE (3), 9);
}

static void
mut_remove_node (EdgeModel * m)
{
  /* the global pool goes; the reshape now reads a tensor nothing makes */
  edge_model_remove_node (m, 3);
}

static void
mut_quant_on_float (EdgeModel * m)
{
  builder_quant (m, "y1", 0.5f, 0);
}

static void
mut_op (EdgeModel * m)
{
  edge_model_get_node (m, 4)->op = (EdgeOp) 99;
}

static void
mut_labels (EdgeModel * m)
{
  edge_model_set_labels (m, IN ("a", "b"), 2);
}

static void
mut_input_desc (EdgeModel * m)
{
  EdgeInputDesc d = *edge_model_get_input_desc (m);

  d.color = EDGE_MODEL_COLOR_GRAY;
  edge_model_set_input_desc (m, &d);
}

static void
mut_softmax_axis (EdgeModel * m)
{
  edge_node_set_int (edge_model_get_node (m, 6), "axis", 0);
}

static void
mut_groups (EdgeModel * m)
{
  edge_node_set_int (edge_model_get_node (m, 1), "groups", 3);
}

/* Rewrites that break a rule are caught, with a message that names the
 * node or tensor. */
static void
test_validate_errors (void)
{
  static const struct
  {
    Mutate mutate;
    const gchar *message;
  } cases[] = {
    {mut_weight, "node 0 (conv2d): weight shape [8,3,3,4] does not match "
          "input channels 3"},
    {mut_dangling, "node 2 (add): input 'x7' is not produced by any node, "
          "constant or graph input"},
    {mut_stride, "node 0 (conv2d): attribute 'stride' must be >= 1, got 0"},
    {mut_unknown_attr, "node 3 (global_avg_pool): unknown attribute "
          "'keepdims'"},
    {mut_attr_type, "node 1 (conv2d): attribute 'groups' must be int, got "
          "float"},
    {mut_unused, "constant 'spare' is not used by any node"},
    {mut_remove_node, "node 3 (reshape): input 'y3' is not produced by any "
          "node, constant or graph input"},
    {mut_quant_on_float, "node 1 (conv2d): output 'y1' is f32 but has "
          "quantization parameters"},
    {mut_op, "node 4: unknown op 99"},
    {mut_labels, "2 labels for 4 classes"},
    {mut_input_desc, "input description: 8x8 gray nhwc needs graph input "
          "'x' to be [1,8,8,1], not [1,8,8,3]"},
    {mut_softmax_axis, "node 6 (softmax): attribute 'axis' must be the last "
          "axis (-1 or 1), got 0"},
    {mut_groups, "node 1 (conv2d): input channels 8 are not a multiple of "
          "groups 3"},
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++) {
    EdgeModel *m = builder_cnn (FALSE);
    GError *error = NULL;

    cases[i].mutate (m);
    g_assert_false (edge_model_validate (m, &error));
    g_assert_nonnull (error);
    g_assert_cmpstr (error->message, ==, cases[i].message);
    g_clear_error (&error);
    /* nothing invalid is ever written */
    g_assert_null (edge_model_save_to_bytes (m, &error));
    g_assert_error (error, EDGE_MODEL_ERROR, EDGE_MODEL_ERROR_INVALID);
    g_clear_error (&error);
    edge_model_unref (m);
  }
}

/* Builder-level refusals: duplicate and malformed names, data sizes. */
static void
test_builder_errors (void)
{
  EdgeModel *m = edge_model_new ();
  GError *error = NULL;
  gfloat data[6] = { 0 };

  g_assert_nonnull (edge_model_add_constant (m, "w", EDGE_DTYPE_F32,
          SHAPE (2, 3), data, sizeof (data), &error));
  g_assert_null (edge_model_add_constant (m, "w", EDGE_DTYPE_F32,
          SHAPE (2, 3), data, sizeof (data), &error));
  g_assert_cmpstr (error->message, ==, "tensor 'w' is defined twice");
  g_clear_error (&error);
  g_assert_null (edge_model_add_constant (m, "v", EDGE_DTYPE_F32,
          SHAPE (2, 2), data, sizeof (data), &error));
  g_assert_cmpstr (error->message, ==,
      "tensor 'v': 24 bytes of data for a f32 tensor of 16 bytes");
  g_clear_error (&error);
  g_assert_null (edge_model_add_input (m, "a b", EDGE_DTYPE_F32,
          SHAPE (1), &error));
  g_assert_cmpstr (error->message, ==, "tensor name 'a b' is invalid: "
      "contains a space or a control character");
  g_clear_error (&error);
  g_assert_null (edge_model_add_input (m, "z", EDGE_DTYPE_F32,
          SHAPE (1, 0), &error));
  g_assert_cmpstr (error->message, ==, "tensor 'z': dimension 1 is 0, not "
      "in [1, 2^28]");
  g_clear_error (&error);
  g_assert_null (edge_model_add_node (m, EDGE_OP_ADD, IN ("w", ""),
          IN ("o"), &error));
  g_assert_cmpstr (error->message, ==, "node 0 (add): input 1 name '' is "
      "invalid: empty");
  g_clear_error (&error);
  g_assert_false (edge_model_validate (m, &error));
  g_assert_cmpstr (error->message, ==, "the graph has no inputs");
  g_clear_error (&error);
  edge_model_unref (m);
}

/* A model is an atomic ref-counted box: another thread can drop the last
 * reference, and the mapped tensors stay valid until then. */
static gpointer
unref_in_thread (gpointer data)
{
  EdgeModel *m = data;
  const EdgeTensor *w = edge_model_find_tensor (m, "w0");
  const guint8 *bytes = w->data;
  guint sum = 0;

  for (gsize i = 0; i < w->n_bytes; i++)
    sum += bytes[i];
  edge_model_unref (m);
  return GUINT_TO_POINTER (sum + 1);
}

static void
test_threads (void)
{
  EdgeModel *built = builder_cnn (TRUE);
  GError *error = NULL;
  GBytes *bytes = edge_model_save_to_bytes (built, &error);
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);
  EdgeModel *m = edge_model_load_memory (data, size, &error);
  GThread *threads[4];

  g_assert_no_error (error);
  g_bytes_unref (bytes);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("unref", unref_in_thread, edge_model_ref (m));
  edge_model_unref (m);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), >, 0);
  edge_model_unref (built);
}

/* ------------------------------------------------------------------ */
/* Files */

/* Keys of other tools (tokenizer.*, general.file_type) are ignored; a
 * GGUF of another architecture is refused as such. */
static void
test_foreign_keys (void)
{
  EdgeModel *m = builder_cnn (FALSE), *loaded;
  GError *error = NULL;
  GBytes *bytes = edge_model_save_to_bytes (m, &error), *copy_bytes;
  EdgeGgufFile *f;
  EdgeGgufWriter *w;
  guint8 *aligned;
  gsize size;

  g_assert_no_error (error);
  size = g_bytes_get_size (bytes);
  aligned = g_aligned_alloc (size, 1, 64);
  memcpy (aligned, g_bytes_get_data (bytes, NULL), size);
  f = edge_gguf_open_memory (aligned, size, &error);
  g_assert_no_error (error);

  for (guint pass = 0; pass < 2; pass++) {
    w = edge_gguf_writer_new (0);
    for (guint i = 0; i < edge_gguf_get_n_kv (f); i++) {
      EdgeGgufValue v;

      g_assert_true (edge_gguf_get_value (f, i, &v));
      edge_gguf_writer_set_value (w, edge_gguf_get_key (f, i), &v);
    }
    for (guint i = 0; i < edge_gguf_get_n_tensors (f); i++) {
      const EdgeGgufTensor *t = edge_gguf_get_tensor (f, i);

      g_assert_true (edge_gguf_writer_add_tensor (w, t->name, t->type,
              t->n_dims, t->dims, t->data, &error));
    }
    edge_gguf_writer_set_uint32 (w, "general.file_type", 1);
    edge_gguf_writer_set_string (w, "tokenizer.ggml.model", "none");
    if (pass == 1)
      edge_gguf_writer_set_string (w, "general.architecture", "llama");
    copy_bytes = edge_gguf_writer_to_bytes (w, &error);
    g_assert_no_error (error);
    edge_gguf_writer_free (w);

    loaded = edge_model_load_memory (g_bytes_get_data (copy_bytes, NULL),
        g_bytes_get_size (copy_bytes), &error);
    if (pass == 0) {
      g_assert_no_error (error);
      assert_models_equal (m, loaded);
      edge_model_unref (loaded);
    } else {
      g_assert_null (loaded);
      g_assert_error (error, EDGE_MODEL_ERROR, EDGE_MODEL_ERROR_UNSUPPORTED);
      g_assert_cmpstr (error->message, ==, "general.architecture is 'llama'; "
          "not a gst-edge model");
      g_clear_error (&error);
    }
    g_bytes_unref (copy_bytes);
  }
  edge_gguf_close (f);
  g_aligned_free (aligned);
  g_bytes_unref (bytes);
  edge_model_unref (m);
}

/* Container errors keep their domain; a missing file is an I/O error. */
static void
test_load_errors (void)
{
  GError *error = NULL;
  const guint8 junk[] = "GGUF but not really";

  g_assert_null (edge_model_load ("/nonexistent/model.gguf", &error));
  g_assert_error (error, EDGE_GGUF_ERROR, EDGE_GGUF_ERROR_IO);
  g_clear_error (&error);
  g_assert_null (edge_model_load_memory (junk, sizeof (junk), &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == EDGE_GGUF_ERROR);
  g_clear_error (&error);
  g_assert_null (edge_model_load_memory (NULL, 0, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
}

/* Every prefix of a model file and thousands of corrupted copies load or
 * fail cleanly (this is what the sanitizer build is for). */
static void
test_hostile_bytes (void)
{
  EdgeModel *m = builder_cnn (TRUE);
  GError *error = NULL;
  GBytes *bytes = edge_model_save_to_bytes (m, &error);
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  guint8 *copy = g_malloc (size);
  guint32 seed = 12345;
  guint loaded = 0;

  g_assert_no_error (error);
  /* (the last tensor's padding may go: the writer pads after it) */
  for (gsize len = 0; len + edge_model_get_alignment (m) <= size;
      len += 1 + len / 64) {
    EdgeModel *x = edge_model_load_memory (data, len, &error);

    if (x != NULL)
      g_error ("a prefix of %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
          " bytes loaded", len, size);
    g_assert_nonnull (error);
    g_clear_error (&error);
  }
  for (guint round = 0; round < 3000; round++) {
    EdgeModel *x;
    const guint n_flips = 1 + builder_rand (&seed) % 4;

    memcpy (copy, data, size);
    for (guint k = 0; k < n_flips; k++) {
      /* mostly the header, where the keys are */
      const gsize at = builder_rand (&seed) % MIN (size, 6000);

      copy[at] = (guint8) builder_rand (&seed);
    }
    x = edge_model_load_memory (copy, size, &error);
    if (x) {
      loaded++;
      edge_model_unref (x);
    } else {
      g_assert_nonnull (error);
      g_clear_error (&error);
    }
  }
  g_test_message ("%u of 3000 corrupted files still loaded", loaded);
  g_free (copy);
  g_bytes_unref (bytes);
  edge_model_unref (m);
}

/* ------------------------------------------------------------------ */
/* The committed corpus */

static const gchar *
corpus_dir (void)
{
  static gchar *dir;
  const gchar *root = g_getenv ("EDGE_TEST_CORPUS");

  if (root == NULL)
    g_error ("EDGE_TEST_CORPUS is not set (run through meson test)");
  if (dir == NULL)
    dir = g_build_filename (root, "model", NULL);
  return dir;
}

/* expected.txt: "<file> <expected error substring>" per line; # comments */
static GHashTable *
read_expected (void)
{
  GHashTable *expected = g_hash_table_new_full (g_str_hash, g_str_equal,
      g_free, g_free);
  gchar *path = g_build_filename (corpus_dir (), "expected.txt", NULL);
  gchar *text = NULL, **lines;
  GError *error = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++) {
    gchar *space;

    if (lines[i][0] == '\0' || lines[i][0] == '#')
      continue;
    space = strchr (lines[i], ' ');
    g_assert_nonnull (space);
    g_assert_false (g_hash_table_contains (expected, lines[i]));
    g_hash_table_insert (expected, g_strndup (lines[i], space - lines[i]),
        g_strdup (space + 1));
  }
  g_strfreev (lines);
  g_free (text);
  g_free (path);
  return expected;
}

/* Every file in corpus/model is listed, fails to load, and says why; every
 * listed file exists. */
static void
test_corpus (void)
{
  GHashTable *expected = read_expected ();
  GDir *d = g_dir_open (corpus_dir (), 0, NULL);
  const gchar *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d))) {
    gchar *path;
    const gchar *want;
    GError *error = NULL;
    EdgeModel *m;

    if (!g_str_has_suffix (name, ".gguf"))
      continue;
    want = g_hash_table_lookup (expected, name);
    if (want == NULL)
      g_error ("corpus file %s is not listed in expected.txt", name);
    path = g_build_filename (corpus_dir (), name, NULL);
    m = edge_model_load (path, &error);
    if (m != NULL)
      g_error ("corpus file %s loaded", name);
    g_assert_nonnull (error);
    if (strstr (error->message, want) == NULL)
      g_error ("corpus file %s: '%s' does not contain '%s'", name,
          error->message, want);
    g_clear_error (&error);
    g_hash_table_remove (expected, name);
    g_free (path);
    n++;
  }
  g_dir_close (d);
  if (g_hash_table_size (expected) > 0) {
    GHashTableIter iter;
    gpointer key;

    g_hash_table_iter_init (&iter, expected);
    g_hash_table_iter_next (&iter, &key, NULL);
    g_error ("expected.txt lists %s, which is not in the corpus",
        (gchar *) key);
  }
  g_assert_cmpuint (n, >=, 20);
  g_hash_table_unref (expected);
}

/* ------------------------------------------------------------------ */
/* edge-model */

static const gchar *
tool_path (void)
{
  static gchar *path;
  const gchar *env = g_getenv ("EDGE_MODEL_TOOL");

  if (path == NULL) {
    if (env)
      path = g_strdup (env);
    else if (g_getenv ("EDGE_TEST_BUILDDIR"))
      path = g_build_filename (g_getenv ("EDGE_TEST_BUILDDIR"), "..", "..",
          "tools", "edge-model", NULL);
  }
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;
  return path;
}

static gint
run_tool (const gchar * const *args, gchar ** out, gchar ** err)
{
  GPtrArray *argv = g_ptr_array_new ();
  GError *error = NULL;
  gint status;

  g_ptr_array_add (argv, (gpointer) tool_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (gchar **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL,
      NULL, out, err, &status, &error);
  g_assert_no_error (error);
  g_ptr_array_unref (argv);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* `edge-model inspect` on models written here: exit 0, one line per node
 * with its op and output; the decoder, labels and provenance shown. */
static void
test_tool_inspect (void)
{
  gchar *dir, *out, *err;
  EdgeModel *models[2];

  if (tool_path () == NULL) {
    g_test_skip ("edge-model not built");
    return;
  }
  dir = make_tmpdir ();
  models[0] = builder_cnn (TRUE);
  models[1] = builder_detector ();
  for (guint k = 0; k < G_N_ELEMENTS (models); k++) {
    EdgeModel *m = models[k];
    gchar *path = g_build_filename (dir, "m.gguf", NULL);
    GError *error = NULL;

    g_assert_true (edge_model_save (m, path, &error));
    g_assert_cmpint (run_tool (IN ("inspect", path), &out, &err), ==, 0);
    g_assert_cmpstr (err, ==, "");
    for (guint i = 0; i < edge_model_get_n_nodes (m); i++) {
      const EdgeNode *node = edge_model_get_node (m, i);
      gchar *line = g_strdup_printf ("\n%4u  %s ", i,
          edge_op_name (node->op));

      if (strstr (out, line) == NULL)
        g_error ("inspect output has no line for node %u:\n%s", i, out);
      g_assert_nonnull (strstr (out, g_ptr_array_index (node->outputs, 0)));
      g_free (line);
    }
    g_assert_nonnull (strstr (out, k == 0 ? "classification" : "detection"));
    g_assert_nonnull (strstr (out, "sparsity"));
    if (k == 0) {
      g_assert_nonnull (strstr (out, "quantization.method"));
      g_assert_nonnull (strstr (out, "labels: 4"));
    }
    g_free (out);
    g_free (err);
    g_free (path);
    edge_model_unref (m);
  }
  remove_tree (dir);
  g_free (dir);
}

/* Bad files exit 1 with the loader's message; usage errors exit 2. */
static void
test_tool_errors (void)
{
  gchar *out, *err, *path;

  if (tool_path () == NULL) {
    g_test_skip ("edge-model not built");
    return;
  }
  path = g_build_filename (corpus_dir (), "unknown-op.gguf", NULL);
  g_assert_cmpint (run_tool (IN ("inspect", path), &out, &err), ==, 1);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "node 1: unknown op 'relu6'"));
  g_free (out);
  g_free (err);
  g_free (path);

  g_assert_cmpint (run_tool (IN ("inspect", "/nonexistent.gguf"), &out,
          &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nonexistent.gguf"));
  g_free (out);
  g_free (err);

  g_assert_cmpint (run_tool (IN ("inspect"), &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "Usage"));
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_tool (IN ("frobnicate"), &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "frobnicate"));
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_tool (IN ("inspect", "--bogus", "x"), &out, &err), ==,
      2);
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_tool ((const gchar *[]) {
            NULL}, &out, &err), ==, 2);
  g_free (out);
  g_free (err);

  g_assert_cmpint (run_tool (IN ("--help"), &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "inspect"));
  g_free (out);
  g_free (err);
  g_assert_cmpint (run_tool (IN ("inspect", "--help"), &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "FILE"));
  g_free (out);
  g_free (err);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/build/cnn", test_build_cnn);
  g_test_add_func ("/model/build/cnn-int8", test_build_cnn_int8);
  g_test_add_func ("/model/build/zoo", test_build_zoo);
  g_test_add_func ("/model/build/attributes", test_attributes);
  g_test_add_func ("/model/build/copy", test_copy);
  g_test_add_func ("/model/build/errors", test_builder_errors);
  g_test_add_func ("/model/roundtrip/cnn", test_roundtrip_cnn);
  g_test_add_func ("/model/roundtrip/cnn-int8", test_roundtrip_cnn_int8);
  g_test_add_func ("/model/roundtrip/zoo", test_roundtrip_zoo);
  g_test_add_func ("/model/roundtrip/detector", test_roundtrip_detector);
  g_test_add_func ("/model/roundtrip/values", test_roundtrip_values);
  g_test_add_func ("/model/validate/sorts", test_validate_sorts);
  g_test_add_func ("/model/validate/long-cycle", test_validate_long_cycle);
  g_test_add_func ("/model/validate/errors", test_validate_errors);
  g_test_add_func ("/model/threads", test_threads);
  g_test_add_func ("/model/load/foreign-keys", test_foreign_keys);
  g_test_add_func ("/model/load/errors", test_load_errors);
  g_test_add_func ("/model/load/hostile-bytes", test_hostile_bytes);
  g_test_add_func ("/model/load/corpus", test_corpus);
  g_test_add_func ("/model/tool/inspect", test_tool_inspect);
  g_test_add_func ("/model/tool/errors", test_tool_errors);

  return g_test_run ();
}
