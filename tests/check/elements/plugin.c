/* GStreamer
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <gst/check/gstcheck.h>

/* The plugin built in this tree loads and describes itself. */
GST_START_TEST (test_plugin_loads)
{
  GstPlugin *plugin = gst_plugin_load_by_name ("edge");

  fail_unless (plugin != NULL, "libgstedge.so did not load");
  fail_unless_equals_string (gst_plugin_get_name (plugin), "edge");
  fail_unless_equals_string (gst_plugin_get_license (plugin), "LGPL");
  fail_unless (g_str_has_suffix (gst_plugin_get_filename (plugin),
          "libgstedge.so"));
  gst_object_unref (plugin);
}

GST_END_TEST;

static Suite *
edge_plugin_suite (void)
{
  Suite *s = suite_create ("edge-plugin");
  TCase *tc = tcase_create ("general");

  suite_add_tcase (s, tc);
  tcase_add_test (tc, test_plugin_loads);
  return s;
}

GST_CHECK_MAIN (edge_plugin);
