/* gst-edge kernels: fork-join thread pool.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

/* Design: the calling thread always takes part, so an N-thread pool owns
 * N - 1 workers. A job is published under the mutex by bumping `generation`;
 * workers and the caller then claim chunks with an atomic counter until the
 * range is exhausted. The caller waits for `busy_workers` to drop to zero
 * before returning, which is the join. Workers spin briefly before sleeping
 * because inference issues many short jobs back to back, and a futex
 * wake-up costs more than a small layer. */

#define _GNU_SOURCE
#include "edge-threadpool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Spin iterations before a worker sleeps on the condition variable (tens
 * of microseconds: longer than the gap between two layers). */
#define EDGE_POOL_SPIN_ITERATIONS 20000
#define EDGE_POOL_YIELD_EVERY 256

typedef struct
{
  struct EdgeThreadPool *pool;
  int thread;                   /* 1 .. n_threads - 1; the caller is 0 */
} WorkerArgs;

struct EdgeThreadPool
{
  int n_threads;
  pthread_t *workers;
  WorkerArgs *worker_args;
  int n_workers;

  pthread_mutex_t lock;
  pthread_cond_t work_cond;     /* workers wait here for a new generation */
  pthread_cond_t done_cond;     /* the caller waits here for the join */

  atomic_uint generation;
  int shutdown;
  atomic_int busy_workers;

  /* the current job: written under the lock before generation is bumped,
   * read by workers after they see the new generation */
  EdgeParallelFunc fn;
  void *context;
  size_t range, chunk;
  atomic_size_t next;
};

int
edge_online_cores (void)
{
  long n = sysconf (_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : (n > 1024 ? 1024 : (int) n);
}

static void
run_chunks (EdgeThreadPool * pool, int thread)
{
  for (;;) {
    size_t start = atomic_fetch_add (&pool->next, pool->chunk);
    size_t end;

    if (start >= pool->range)
      break;
    end = pool->range - start < pool->chunk ? pool->range : start + pool->chunk;
    pool->fn (pool->context, thread, start, end);
  }
}

static void *
worker_main (void *data)
{
  EdgeThreadPool *pool = ((WorkerArgs *) data)->pool;
  const int thread = ((WorkerArgs *) data)->thread;
  unsigned seen = 0;

  for (;;) {
    unsigned gen;
    int spins = 0;

    /* Spin first, then sleep. Yielding now and then keeps an
     * oversubscribed pool (more threads than free cores) from starving the
     * thread that is publishing the next job. */
    while ((gen = atomic_load (&pool->generation)) == seen
        && spins < EDGE_POOL_SPIN_ITERATIONS) {
      if (++spins % EDGE_POOL_YIELD_EVERY == 0)
        sched_yield ();
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause ();
#endif
    }
    pthread_mutex_lock (&pool->lock);
    while ((gen = atomic_load (&pool->generation)) == seen && !pool->shutdown)
      pthread_cond_wait (&pool->work_cond, &pool->lock);
    if (pool->shutdown) {
      pthread_mutex_unlock (&pool->lock);
      return NULL;
    }
    pthread_mutex_unlock (&pool->lock);
    seen = gen;

    run_chunks (pool, thread);

    if (atomic_fetch_sub (&pool->busy_workers, 1) == 1) {
      pthread_mutex_lock (&pool->lock);
      pthread_cond_signal (&pool->done_cond);
      pthread_mutex_unlock (&pool->lock);
    }
  }
}

EdgeThreadPool *
edge_thread_pool_new (int n_threads)
{
  EdgeThreadPool *pool;

  if (n_threads <= 0)
    n_threads = edge_online_cores ();
  if (n_threads > 1024)
    n_threads = 1024;

  pool = calloc (1, sizeof (*pool));
  if (!pool)
    return NULL;
  pool->n_threads = n_threads;
  pthread_mutex_init (&pool->lock, NULL);
  pthread_cond_init (&pool->work_cond, NULL);
  pthread_cond_init (&pool->done_cond, NULL);
  atomic_init (&pool->generation, 0);
  atomic_init (&pool->busy_workers, 0);
  atomic_init (&pool->next, 0);

  if (n_threads > 1) {
    pool->workers = calloc ((size_t) n_threads - 1, sizeof (pthread_t));
    pool->worker_args = calloc ((size_t) n_threads - 1, sizeof (WorkerArgs));
    if (!pool->workers || !pool->worker_args) {
      edge_thread_pool_free (pool);
      return NULL;
    }
    for (int i = 0; i < n_threads - 1; i++) {
      pool->worker_args[i].pool = pool;
      pool->worker_args[i].thread = i + 1;
      if (pthread_create (&pool->workers[i], NULL, worker_main,
              &pool->worker_args[i]) != 0) {
        edge_thread_pool_free (pool);
        return NULL;
      }
      pool->n_workers++;
    }
  }
  return pool;
}

void
edge_thread_pool_free (EdgeThreadPool * pool)
{
  if (!pool)
    return;
  pthread_mutex_lock (&pool->lock);
  pool->shutdown = 1;
  pthread_cond_broadcast (&pool->work_cond);
  pthread_mutex_unlock (&pool->lock);
  for (int i = 0; i < pool->n_workers; i++)
    pthread_join (pool->workers[i], NULL);
  free (pool->workers);
  free (pool->worker_args);
  pthread_cond_destroy (&pool->done_cond);
  pthread_cond_destroy (&pool->work_cond);
  pthread_mutex_destroy (&pool->lock);
  free (pool);
}

int
edge_thread_pool_get_n_threads (const EdgeThreadPool * pool)
{
  return pool ? pool->n_threads : 1;
}

void
edge_thread_pool_parallelize (EdgeThreadPool * pool, EdgeParallelFunc fn,
    void *context, size_t range, size_t tile)
{
  size_t n_tiles, chunk_tiles;

  if (range == 0)
    return;
  if (tile == 0)
    tile = 1;
  if (!pool || pool->n_workers == 0 || range <= tile) {
    fn (context, 0, 0, range);
    return;
  }

  /* About four chunks per thread balances uneven chunks without making the
   * shared counter hot. */
  n_tiles = (range + tile - 1) / tile;
  chunk_tiles = n_tiles / ((size_t) pool->n_threads * 4);
  if (chunk_tiles == 0)
    chunk_tiles = 1;

  pthread_mutex_lock (&pool->lock);
  pool->fn = fn;
  pool->context = context;
  pool->range = range;
  pool->chunk = chunk_tiles * tile;
  atomic_store (&pool->next, 0);
  atomic_store (&pool->busy_workers, pool->n_workers);
  atomic_fetch_add (&pool->generation, 1);
  pthread_cond_broadcast (&pool->work_cond);
  pthread_mutex_unlock (&pool->lock);

  run_chunks (pool, 0);

  /* Join: spin a little, then sleep until the last worker signals. */
  for (int spins = 0; atomic_load (&pool->busy_workers) > 0
      && spins < EDGE_POOL_SPIN_ITERATIONS; spins++) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause ();
#endif
  }
  pthread_mutex_lock (&pool->lock);
  while (atomic_load (&pool->busy_workers) > 0)
    pthread_cond_wait (&pool->done_cond, &pool->lock);
  pthread_mutex_unlock (&pool->lock);
}
