/* gst-edge kernels: fork-join thread pool.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_THREADPOOL_H__
#define __EDGE_THREADPOOL_H__

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct EdgeThreadPool EdgeThreadPool;

/* Work on the half-open range [start, end) of a parallel loop. @thread is
 * the index, in [0, n_threads), of the thread running it (0 is the caller),
 * so a function can use per-thread scratch memory. */
typedef void (*EdgeParallelFunc) (void *context, int thread, size_t start,
    size_t end);

/* Creates a pool running work on @n_threads threads in total: the caller of
 * edge_thread_pool_parallelize() plus n_threads - 1 workers. 0 means the
 * number of online cores. Returns NULL when threads cannot be created. */
EdgeThreadPool *edge_thread_pool_new (int n_threads);
void edge_thread_pool_free (EdgeThreadPool * pool);

/* Total threads (>= 1); 1 for a NULL pool. */
int edge_thread_pool_get_n_threads (const EdgeThreadPool * pool);

/* Number of online cores (>= 1). */
int edge_online_cores (void);

/* Fork-join: calls fn on disjoint chunks covering [0, range), each chunk a
 * multiple of @tile items (the last may be shorter), and returns when all
 * are done. Chunks are handed out dynamically, so callers must make every
 * output item depend only on its own index, never on which thread ran it:
 * then results are bit-identical for any thread count. A NULL pool, a
 * 1-thread pool or a range of at most one tile runs fn (context, 0, range)
 * on the calling thread (as thread 0). Not reentrant: one parallelize call per pool at a
 * time (fn must not call it on the same pool). */
void edge_thread_pool_parallelize (EdgeThreadPool * pool, EdgeParallelFunc fn,
    void *context, size_t range, size_t tile);

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_THREADPOOL_H__ */
