/* edge-model: the offline model tool.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * `edge-model COMMAND [OPTION...] ARGS`. Each command is one row of
 * commands[] with its own GOptionContext, so adding one (import, quantize,
 * prune, run, bench...) touches nothing else. Exit status: 0 success,
 * 1 the work failed (bad model file...: the message is on stderr),
 * 2 usage error (usage on stderr).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <glib.h>
#include <glib/gstdio.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "edge-model.h"

#define EXIT_USAGE 2

typedef struct
{
  const gchar *name;
  const gchar *summary;
  /* argv[0] is the command name; returns the exit status */
  gint (*run) (gint argc, gchar ** argv);
} Command;

static gint cmd_inspect (gint argc, gchar ** argv);

static const Command commands[] = {
  {"inspect", "Print a model's graph, per-layer cost, sizes and metadata",
      cmd_inspect},
};

/* ------------------------------------------------------------------------ */
/* Shared helpers                                                             */

/* Parses the options of a command; on a usage error prints it with the
 * command's help on stderr and returns FALSE. --help prints to stdout and
 * exits 0 (GOption's behaviour). */
static gboolean
parse_command_line (GOptionContext * ctx, gint * argc, gchar *** argv,
    guint n_args)
{
  GError *error = NULL;
  gboolean ok = g_option_context_parse (ctx, argc, argv, &error);

  if (ok && (guint) (*argc - 1) != n_args) {
    g_set_error (&error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
        "expected %u argument%s, got %d", n_args, n_args == 1 ? "" : "s",
        *argc - 1);
    ok = FALSE;
  }
  if (!ok) {
    gchar *help = g_option_context_get_help (ctx, TRUE, NULL);

    g_printerr ("%s: %s\n\n%s", g_get_prgname (), error->message, help);
    g_free (help);
    g_error_free (error);
  }
  return ok;
}

static void
print_usage (FILE * out)
{
  fprintf (out, "Usage:\n  edge-model COMMAND [OPTION...] ARGS\n\n"
      "Make and inspect gst-edge models (.gguf).\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\n'edge-model COMMAND --help' shows a command's options.\n");
}

/* ------------------------------------------------------------------------ */
/* inspect                                                                    */

static gchar *
shape_string (const EdgeTensor * t)
{
  GString *s = g_string_new ("[");

  for (guint i = 0; i < t->rank; i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "",
        t->shape[i]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

static gchar *
tensor_summary (const EdgeModel * m, const gchar * name)
{
  const EdgeTensor *t = edge_model_find_tensor (m, name);
  gchar *shape, *out;

  if (t == NULL)
    return g_strdup (name);
  shape = shape_string (t);
  out = g_strdup_printf ("%s %s %s", name, edge_dtype_name (t->dtype), shape);
  g_free (shape);
  return out;
}

/* Fraction of elements equal to real zero: q == zero point for quantized
 * tensors (per channel when quantized per axis), 0.0 for floats. */
static gdouble
zero_fraction (const EdgeTensor * t)
{
  const gint64 n = edge_tensor_n_elements (t);
  gint64 inner = 1, zeros = 0;

  if (n <= 0 || t->data == NULL)
    return 0.0;
  if (t->quant.axis >= 0)
    for (guint d = (guint) t->quant.axis + 1; d < t->rank; d++)
      inner *= t->shape[d];
  for (gint64 i = 0; i < n; i++) {
    gint32 zp = 0;

    if (t->quant.n == 1)
      zp = t->quant.zero_points[0];
    else if (t->quant.n > 1)
      zp = t->quant.zero_points[(i / inner) % t->shape[t->quant.axis]];
    switch (t->dtype) {
      case EDGE_DTYPE_F32:{
        gfloat f;

        memcpy (&f, (const guint8 *) t->data + 4 * i, 4);
        zeros += f == 0.0f;
        break;
      }
      case EDGE_DTYPE_I8:
        zeros += ((const gint8 *) t->data)[i] == zp;
        break;
      case EDGE_DTYPE_I16:{
        gint16 v;

        memcpy (&v, (const guint8 *) t->data + 2 * i, 2);
        zeros += v == zp;
        break;
      }
      case EDGE_DTYPE_I32:{
        gint32 v;

        memcpy (&v, (const guint8 *) t->data + 4 * i, 4);
        zeros += v == zp;
        break;
      }
      default:
        break;
    }
  }
  return (gdouble) zeros / (gdouble) n;
}

static gchar *
quant_string (const EdgeTensor * t)
{
  if (t->quant.n == 0)
    return g_strdup ("-");
  if (t->quant.axis < 0)
    return g_strdup_printf ("scale %g zp %d", (gdouble) t->quant.scales[0],
        t->quant.zero_points[0]);
  return g_strdup_printf ("axis %d, %u scales", t->quant.axis, t->quant.n);
}

static void
print_floats (const gfloat * v, guint n)
{
  g_print ("[");
  for (guint i = 0; i < n; i++)
    g_print ("%s%g", i ? "," : "", (gdouble) v[i]);
  g_print ("]");
}

static void
print_graph (const EdgeModel * m)
{
  const gchar *const *names;
  guint n;
  guint64 total_params = 0, total_macs = 0;

  g_print ("graph: %u nodes\n", edge_model_get_n_nodes (m));
  names = edge_model_get_inputs (m, &n);
  for (guint i = 0; i < n; i++) {
    gchar *s = tensor_summary (m, names[i]);

    g_print ("  input  %s\n", s);
    g_free (s);
  }
  names = edge_model_get_outputs (m, &n);
  for (guint i = 0; i < n; i++) {
    gchar *s = tensor_summary (m, names[i]);

    g_print ("  output %s\n", s);
    g_free (s);
  }

  g_print ("\nnodes (index, op, inputs -> output, output dtype and shape, "
      "attributes, params, MACs):");
  for (guint i = 0; i < edge_model_get_n_nodes (m); i++) {
    const EdgeNode *node = edge_model_get_node (m, i);
    const EdgeTensor *out = edge_model_find_tensor (m,
        g_ptr_array_index (node->outputs, 0));
    const guint64 params = edge_model_node_params (m, i);
    const guint64 macs = edge_model_node_macs (m, i);
    GString *line = g_string_new (NULL);
    gchar *shape = shape_string (out);

    g_string_append_printf (line, "\n%4u  %-16s ", i,
        edge_op_name (node->op));
    for (guint k = 0; k < node->inputs->len; k++)
      g_string_append_printf (line, "%s%s", k ? ", " : "",
          (gchar *) g_ptr_array_index (node->inputs, k));
    g_string_append_printf (line, " -> %s  %s %s", out->name,
        edge_dtype_name (out->dtype), shape);
    for (guint k = 0; k < node->attrs->len; k++) {
      const EdgeAttr *a = g_ptr_array_index (node->attrs, k);

      g_string_append_printf (line, " %s=", a->name);
      edge_value_append (&a->value, line);
    }
    if (node->name)
      g_string_append_printf (line, " name='%s'", node->name);
    if (params || macs)
      g_string_append_printf (line, "  params %" G_GUINT64_FORMAT
          "  MACs %" G_GUINT64_FORMAT, params, macs);
    g_print ("%s", line->str);
    g_string_free (line, TRUE);
    g_free (shape);
    total_params += params;
    total_macs += macs;
  }
  g_print ("\ntotal: %" G_GUINT64_FORMAT " params, %" G_GUINT64_FORMAT
      " MACs\n", total_params, total_macs);
}

static void
print_constants (const EdgeModel * m, guint64 file_size)
{
  static const EdgeDType dtypes[] = {
    EDGE_DTYPE_F32, EDGE_DTYPE_I8, EDGE_DTYPE_I16, EDGE_DTYPE_I32
  };
  guint64 bytes[G_N_ELEMENTS (dtypes)] = { 0 }, total = 0;
  guint count[G_N_ELEMENTS (dtypes)] = { 0 };

  g_print ("\nconstants (name, dtype, shape, bytes, quantization, sparsity "
      "= fraction of zeros):\n");
  for (guint i = 0; i < edge_model_get_n_tensors (m); i++) {
    const EdgeTensor *t = edge_model_get_tensor (m, i);
    gchar *shape, *quant;

    if (!edge_tensor_is_constant (t))
      continue;
    shape = shape_string (t);
    quant = quant_string (t);
    g_print ("  %-20s %-4s %-16s %10" G_GSIZE_FORMAT "  %-24s %5.1f%%\n",
        t->name, edge_dtype_name (t->dtype), shape, t->n_bytes, quant,
        100.0 * zero_fraction (t));
    g_free (shape);
    g_free (quant);
    for (guint k = 0; k < G_N_ELEMENTS (dtypes); k++)
      if (t->dtype == dtypes[k]) {
        bytes[k] += t->n_bytes;
        count[k]++;
      }
    total += t->n_bytes;
  }
  g_print ("\nsize: file %" G_GUINT64_FORMAT " bytes, weights %"
      G_GUINT64_FORMAT " bytes", file_size, total);
  for (guint k = 0; k < G_N_ELEMENTS (dtypes); k++)
    if (count[k])
      g_print ("; %s %" G_GUINT64_FORMAT " (%u tensor%s)",
          edge_dtype_name (dtypes[k]), bytes[k], count[k],
          count[k] == 1 ? "" : "s");
  g_print ("\n");
}

static void
print_metadata (const EdgeModel * m, gboolean all_labels)
{
  const EdgeInputDesc *desc = edge_model_get_input_desc (m);
  const EdgeClassification *cls = edge_model_get_classification (m);
  const EdgeDetection *det = edge_model_get_detection (m);
  const gchar *const *labels;
  guint n_labels;

  if (desc) {
    const guint ch = edge_model_color_channels (desc->color);

    g_print ("input: %ux%u %s %s, %s", desc->width, desc->height,
        edge_model_color_name (desc->color),
        edge_model_layout_name (desc->layout),
        edge_model_resize_name (desc->resize));
    if (desc->resize == EDGE_MODEL_RESIZE_LETTERBOX)
      g_print (" (fill %u)", desc->letterbox_fill);
    g_print (", (pixel - mean) * scale, mean ");
    print_floats (desc->mean, ch);
    g_print (" scale ");
    print_floats (desc->scale, ch);
    g_print ("\n");
  } else {
    g_print ("input: no description (not fed from video)\n");
  }

  labels = edge_model_get_labels (m, &n_labels);
  g_print ("labels: %u", n_labels);
  for (guint i = 0; i < n_labels; i++) {
    if (i == 8 && !all_labels && n_labels > 10) {
      g_print (", ... (--all-labels shows them all)");
      break;
    }
    g_print ("%s'%s'", i ? ", " : " (", labels[i]);
  }
  g_print ("%s\n", n_labels ? ")" : "");

  g_print ("task: %s", edge_task_name (edge_model_get_task (m)));
  if (cls) {
    guint n_out;
    const gchar *const *outs = edge_model_get_outputs (m, &n_out);

    g_print (": output %s, top_k %u, activation %s, threshold %g",
        cls->output ? cls->output : outs[0], cls->top_k,
        edge_score_activation_name (cls->activation),
        (gdouble) cls->threshold);
  } else if (det) {
    g_print (": scores %s, boxes %s, %u anchors, %u class%s, %u keypoint%s, "
        "box_scale ", det->scores, det->boxes, det->n_anchors,
        det->num_classes, det->num_classes == 1 ? "" : "es",
        det->num_keypoints, det->num_keypoints == 1 ? "" : "s");
    print_floats (det->box_scale, 4);
    g_print (", coding %s, score %s >= %g, nms_iou %g, max %u detections",
        edge_box_coding_name (det->box_coding),
        edge_score_activation_name (det->score_activation),
        (gdouble) det->score_threshold, (gdouble) det->nms_iou,
        det->max_detections);
  }
  g_print ("\n");

  g_print ("provenance:%s\n", edge_model_get_n_provenance (m) ? "" :
      " none");
  for (guint i = 0; i < edge_model_get_n_provenance (m); i++) {
    const EdgeAttr *a = edge_model_get_provenance (m, i);
    GString *s = g_string_new (NULL);

    edge_value_append (&a->value, s);
    g_print ("  %s = %s\n", a->name, s->str);
    g_string_free (s, TRUE);
  }
}

static gint
cmd_inspect (gint argc, gchar ** argv)
{
  gboolean all_labels = FALSE;
  const GOptionEntry entries[] = {
    {"all-labels", 'a', 0, G_OPTION_ARG_NONE, &all_labels,
        "List every label (default: the first 8 of long lists)", NULL},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("FILE");
  GError *error = NULL;
  EdgeModel *m;
  GStatBuf st;
  const gchar *path;

  g_option_context_set_summary (ctx, "Loads FILE (validating everything) "
      "and prints its graph (one line per node),\nper-layer parameters and "
      "MACs, per-tensor sparsity, sizes, the input\ndescription, labels, "
      "task and decoder settings, and provenance.");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!parse_command_line (ctx, &argc, &argv, 1)) {
    g_option_context_free (ctx);
    return EXIT_USAGE;
  }
  g_option_context_free (ctx);
  path = argv[1];

  m = edge_model_load (path, &error);
  if (m == NULL) {
    g_printerr ("edge-model: %s: %s\n", path, error->message);
    g_error_free (error);
    return 1;
  }

  g_print ("model: %s\n", path);
  for (guint i = 0; i < 6; i++) {
    static const gchar *const keys[] = {
      "name", "description", "author", "license", "version", "url"
    };
    const gchar *v = edge_model_get_info (m, keys[i]);

    if (v)
      g_print ("%s: %s\n", keys[i], v);
  }
  g_print ("format: GGUF v3, %s format %d, alignment %u\n\n",
      EDGE_MODEL_ARCHITECTURE, EDGE_MODEL_FORMAT_VERSION,
      edge_model_get_alignment (m));
  print_graph (m);
  print_constants (m, g_stat (path, &st) == 0 ? (guint64) st.st_size : 0);
  print_metadata (m, all_labels);
  edge_model_unref (m);
  return 0;
}

/* ------------------------------------------------------------------------ */

int
main (int argc, char **argv)
{
  const gchar *name;

  /* characters only: numbers stay in the C locale's format, so output can
   * be parsed by scripts whatever the user's locale */
  setlocale (LC_CTYPE, "");
  g_set_prgname ("edge-model");
  if (argc < 2) {
    print_usage (stderr);
    return EXIT_USAGE;
  }
  name = argv[1];
  if (strcmp (name, "--help") == 0 || strcmp (name, "-h") == 0 ||
      strcmp (name, "help") == 0) {
    print_usage (stdout);
    return 0;
  }
  if (strcmp (name, "--version") == 0) {
    g_print ("edge-model %s (model format %d)\n", VERSION,
        EDGE_MODEL_FORMAT_VERSION);
    return 0;
  }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (name, commands[i].name) == 0) {
      gchar *prgname = g_strdup_printf ("edge-model %s", name);

      /* so GOption's usage line reads "edge-model inspect [OPTION…] FILE" */
      g_set_prgname (prgname);
      g_free (prgname);
      return commands[i].run (argc - 1, argv + 1);
    }
  g_printerr ("edge-model: unknown command '%s'\n\n", name);
  print_usage (stderr);
  return EXIT_USAGE;
}
