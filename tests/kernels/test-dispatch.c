/* Kernel table and run-time selection.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <glib.h>
#include <string.h>

#include "edge-dispatch.h"

/* Every op's first entry is its REF implementation, names are unique, and
 * every entry's path is a real path. */
static void
test_table_well_formed (void)
{
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);

  g_assert_cmpuint (n, >, 0);
  for (size_t i = 0; i < n; i++) {
    gboolean first = TRUE;
    g_assert_cmpint (t[i].path, >=, EDGE_PATH_REF);
    g_assert_cmpint (t[i].path, <, EDGE_PATH_COUNT);
    g_assert_nonnull (t[i].fn);
    for (size_t j = 0; j < i; j++) {
      g_assert_cmpstr (t[j].name, !=, t[i].name);
      if (strcmp (t[j].op, t[i].op) == 0)
        first = FALSE;
    }
    if (first && t[i].path != EDGE_PATH_REF)
      g_error ("op %s: first entry %s is not REF", t[i].op, t[i].name);
  }
}

/* Lookup never returns a path above the cap or one the CPU lacks, and
 * always finds the REF entry. */
static void
test_lookup_respects_cap (void)
{
  size_t n;
  const EdgeKernelEntry *t = edge_kernel_table (&n);

  for (size_t i = 0; i < n; i++) {
    for (int max = EDGE_PATH_REF; max < EDGE_PATH_COUNT; max++) {
      const EdgeKernelEntry *e = edge_kernel_lookup (t[i].op, max);
      g_assert_nonnull (e);
      g_assert_cmpstr (e->op, ==, t[i].op);
      g_assert_cmpint (e->path, <=, max);
      g_assert_true (edge_cpu_supports_path (e->path));
    }
    g_assert_cmpint (edge_kernel_lookup (t[i].op, EDGE_PATH_REF)->path, ==,
        EDGE_PATH_REF);
  }
  g_assert_null (edge_kernel_lookup ("no_such_op", EDGE_PATH_COUNT - 1));
}

static EdgeKernelPath
max_path_with (const char *kernels, const char *isa)
{
  if (kernels)
    g_setenv ("EDGE_KERNELS", kernels, TRUE);
  else
    g_unsetenv ("EDGE_KERNELS");
  if (isa)
    g_setenv ("EDGE_ISA", isa, TRUE);
  else
    g_unsetenv ("EDGE_ISA");
  edge_kernels_reset_from_env ();
  return edge_kernels_max_path ();
}

/* EDGE_KERNELS and EDGE_ISA force a path; unknown values mean auto. */
static void
test_environment (void)
{
  EdgeKernelPath best = EDGE_PATH_COUNT - 1;

  while (!edge_cpu_supports_path (best))
    best--;
  g_assert_cmpint (max_path_with ("ref", NULL), ==, EDGE_PATH_REF);
  g_assert_cmpint (max_path_with ("orc", "avx2"), ==, EDGE_PATH_ORC);
  g_assert_cmpint (max_path_with ("auto", NULL), ==, best);
  g_assert_cmpint (max_path_with (NULL, NULL), ==, best);
  g_assert_cmpint (max_path_with ("bogus", "bogus"), ==, best);
  g_assert_cmpint (max_path_with (NULL, "none"), ==, EDGE_PATH_ORC);
  g_assert_cmpint (max_path_with (NULL, "sse41"), <=, EDGE_PATH_SSE41);
  g_assert_cmpint (max_path_with (NULL, "avx2"), <=, EDGE_PATH_AVX2);
  g_assert_cmpint (max_path_with (NULL, "avx512"), <=, EDGE_PATH_AVX512);
  max_path_with (NULL, NULL);
  for (int p = 0; p < EDGE_PATH_COUNT; p++)
    g_assert_cmpstr (edge_kernel_path_name (p), !=, "invalid");
  g_assert_cmpstr (edge_kernel_path_name (EDGE_PATH_COUNT), ==, "invalid");
  g_assert_true (edge_cpu_supports_path (EDGE_PATH_REF));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/dispatch/table-well-formed",
      test_table_well_formed);
  g_test_add_func ("/kernels/dispatch/lookup-respects-cap",
      test_lookup_respects_cap);
  g_test_add_func ("/kernels/dispatch/environment", test_environment);
  return g_test_run ();
}
