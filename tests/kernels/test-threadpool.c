/* The fork-join pool covers every index exactly once, for any thread count.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#include <glib.h>
#include <stdatomic.h>

#include "edge-threadpool.h"

typedef struct
{
  atomic_int *hits;
  size_t tile, range;
  int n_threads;
  atomic_int bad_chunks;
} CoverJob;

static void
cover (void *context, int thread, size_t start, size_t end)
{
  CoverJob *job = context;

  /* chunks start on a tile boundary and are whole tiles but the last */
  if (thread < 0 || thread >= job->n_threads)
    atomic_fetch_add (&job->bad_chunks, 1);
  if (start % job->tile != 0 || start >= end || end > job->range ||
      (end != job->range && (end - start) % job->tile != 0))
    atomic_fetch_add (&job->bad_chunks, 1);
  for (size_t i = start; i < end && i < job->range; i++)
    atomic_fetch_add (&job->hits[i], 1);
}

/* Every index of every range is visited exactly once, in tile-aligned
 * chunks, with NULL, 1..4 and "online cores" pools. */
static void
test_coverage (void)
{
  EdgeThreadPool *pools[6] = { NULL, edge_thread_pool_new (1),
    edge_thread_pool_new (2), edge_thread_pool_new (3),
    edge_thread_pool_new (4), edge_thread_pool_new (0)
  };
  const size_t ranges[] = { 0, 1, 2, 3, 7, 8, 63, 64, 65, 1000, 4099 };
  const size_t tiles[] = { 0, 1, 2, 3, 8, 16, 100 };

  g_assert_cmpint (edge_thread_pool_get_n_threads (NULL), ==, 1);
  g_assert_cmpint (edge_thread_pool_get_n_threads (pools[3]), ==, 3);
  g_assert_cmpint (edge_thread_pool_get_n_threads (pools[5]), ==,
      edge_online_cores ());

  for (size_t p = 0; p < G_N_ELEMENTS (pools); p++)
    for (size_t r = 0; r < G_N_ELEMENTS (ranges); r++)
      for (size_t t = 0; t < G_N_ELEMENTS (tiles); t++) {
        CoverJob job = { g_new0 (atomic_int, ranges[r] + 1),
          tiles[t] ? tiles[t] : 1, ranges[r],
          edge_thread_pool_get_n_threads (pools[p]), 0
        };
        edge_thread_pool_parallelize (pools[p], cover, &job, ranges[r],
            tiles[t]);
        g_assert_cmpint (atomic_load (&job.bad_chunks), ==, 0);
        for (size_t i = 0; i < ranges[r]; i++)
          g_assert_cmpint (atomic_load (&job.hits[i]), ==, 1);
        g_assert_cmpint (atomic_load (&job.hits[ranges[r]]), ==, 0);
        g_free (job.hits);
      }
  for (size_t p = 0; p < G_N_ELEMENTS (pools); p++)
    edge_thread_pool_free (pools[p]);
}

typedef struct
{
  atomic_long sum;
} SumJob;

static void
add_range (void *context, int thread, size_t start, size_t end)
{
  SumJob *job = context;
  long s = 0;

  for (size_t i = start; i < end; i++)
    s += (long) i;
  atomic_fetch_add (&job->sum, s);
}

/* Many short jobs back to back (inference issues one per layer) all join
 * correctly: no lost wake-up, no job overlapping the next. */
static void
test_many_short_jobs (void)
{
  for (int n_threads = 2; n_threads <= 3; n_threads++) {
    EdgeThreadPool *pool = edge_thread_pool_new (n_threads);
    gint64 t0 = g_get_monotonic_time ();

    for (int k = 0; k < 10000; k++) {
      SumJob job = { 0 };
      const size_t range = 1 + (size_t) (k % 97);
      edge_thread_pool_parallelize (pool, add_range, &job, range, 1);
      g_assert_cmpint (atomic_load (&job.sum), ==,
          (long) (range * (range - 1) / 2));
    }
    g_test_message ("%d threads: %.1f us per job", n_threads,
        (g_get_monotonic_time () - t0) / 10000.0);
    edge_thread_pool_free (pool);
  }
}

/* Pools are created and destroyed cleanly, including with idle workers. */
static void
test_create_destroy (void)
{
  for (int k = 0; k < 50; k++)
    edge_thread_pool_free (edge_thread_pool_new (1 + k % 4));
  edge_thread_pool_free (NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kernels/threadpool/coverage", test_coverage);
  g_test_add_func ("/kernels/threadpool/many-short-jobs",
      test_many_short_jobs);
  g_test_add_func ("/kernels/threadpool/create-destroy", test_create_destroy);
  return g_test_run ();
}
