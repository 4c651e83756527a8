/* gst-edge kernels: declarations of the non-reference implementations listed
 * in edge-kernels.inc. Each has exactly the signature and contract of its
 * reference in edge-kernels.h (same bits for int8; float within tolerance),
 * plus the preconditions its comment states.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_KERNELS_FAST_H__
#define __EDGE_KERNELS_FAST_H__

#include "edge-kernels.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifdef __cplusplus
}
#endif

#endif /* __EDGE_KERNELS_FAST_H__ */
