/* gst-edge kernels: kernel paths and run-time dispatch.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include "edge-dispatch.h"
#include "edge-kernels-fast.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const EdgeKernelEntry kernel_table[] = {
#define EDGE_KERNEL(op, path, fn) \
  { #op, EDGE_PATH_ ## path, #fn, (EdgeKernelFunc) fn, 0, 0, 0 },
#define EDGE_UKERNEL(op, path, fn, mr, nr, kr) \
  { #op, EDGE_PATH_ ## path, #fn, (EdgeKernelFunc) fn, mr, nr, kr },
#include "edge-kernels.inc"
#undef EDGE_KERNEL
#undef EDGE_UKERNEL
};

static const char *const path_names[EDGE_PATH_COUNT] = {
  [EDGE_PATH_REF] = "ref",
  [EDGE_PATH_ORC] = "orc",
  [EDGE_PATH_SSE41] = "sse41",
  [EDGE_PATH_AVX2] = "avx2",
  [EDGE_PATH_AVX512] = "avx512",
};

const char *
edge_kernel_path_name (EdgeKernelPath path)
{
  return (unsigned) path < EDGE_PATH_COUNT ? path_names[path] : "invalid";
}

int
edge_cpu_supports_path (EdgeKernelPath path)
{
  switch (path) {
    case EDGE_PATH_REF:
    case EDGE_PATH_ORC:
      /* ORC falls back to its own C emulation where it has no backend */
      return 1;
#if defined(__x86_64__) || defined(__i386__)
    case EDGE_PATH_SSE41:
      return __builtin_cpu_supports ("sse4.1");
    case EDGE_PATH_AVX2:
      return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
    case EDGE_PATH_AVX512:
      return __builtin_cpu_supports ("avx512f") &&
          __builtin_cpu_supports ("avx512bw") &&
          __builtin_cpu_supports ("avx512vl") &&
          __builtin_cpu_supports ("avx512dq") &&
          __builtin_cpu_supports ("avx512vnni");
#endif
    default:
      return 0;
  }
}

static EdgeKernelPath
path_from_env (void)
{
  const char *kernels = getenv ("EDGE_KERNELS");
  const char *isa = getenv ("EDGE_ISA");
  EdgeKernelPath max = EDGE_PATH_COUNT - 1;

  if (kernels && strcmp (kernels, "ref") == 0)
    return EDGE_PATH_REF;
  if (kernels && strcmp (kernels, "orc") == 0)
    return EDGE_PATH_ORC;
  if (isa && strcmp (isa, "sse41") == 0)
    max = EDGE_PATH_SSE41;
  else if (isa && strcmp (isa, "avx2") == 0)
    max = EDGE_PATH_AVX2;
  else if (isa && strcmp (isa, "none") == 0)
    max = EDGE_PATH_ORC;
  while (max > EDGE_PATH_REF && !edge_cpu_supports_path (max))
    max--;
  return max;
}

/* -1 until first use; an int so it can be atomic without a lock. */
static atomic_int max_path = -1;

EdgeKernelPath
edge_kernels_max_path (void)
{
  int p = atomic_load (&max_path);

  if (p < 0) {
    p = (int) path_from_env ();
    atomic_store (&max_path, p);
  }
  return (EdgeKernelPath) p;
}

void
edge_kernels_reset_from_env (void)
{
  atomic_store (&max_path, (int) path_from_env ());
}

const EdgeKernelEntry *
edge_kernel_table (size_t *n_entries)
{
  *n_entries = sizeof (kernel_table) / sizeof (kernel_table[0]);
  return kernel_table;
}

const EdgeKernelEntry *
edge_kernel_lookup (const char *op, EdgeKernelPath max)
{
  const EdgeKernelEntry *best = NULL;

  for (size_t i = 0; i < sizeof (kernel_table) / sizeof (kernel_table[0]);
      i++) {
    const EdgeKernelEntry *e = &kernel_table[i];
    if (strcmp (e->op, op) != 0 || e->path > max ||
        !edge_cpu_supports_path (e->path))
      continue;
    if (!best || e->path > best->path)
      best = e;
  }
  return best;
}

const EdgeKernelEntry *
edge_kernel_lookup_gemm (const char *op, EdgeKernelPath max, size_t rows)
{
  const EdgeKernelEntry *general = edge_kernel_lookup (op, max);
  const EdgeKernelEntry *end = kernel_table +
      sizeof (kernel_table) / sizeof (kernel_table[0]);

  if (!general || rows != 1 || general->mr == 1)
    return general;
  for (const EdgeKernelEntry * e = general + 1; e < end; e++)
    if (strcmp (e->op, op) == 0 && e->path == general->path && e->mr == 1)
      return e;
  return general;
}
