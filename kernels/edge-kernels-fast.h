/* gst-edge kernels: declarations of the non-reference implementations listed
 * in edge-kernels.inc, one header per kernel family. Element-wise kernels
 * have exactly the signature and contract of their reference in
 * edge-kernels.h (same bits for int8; float within tolerance), plus the
 * preconditions their comment states; microkernels have their own contract
 * in their family header.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_KERNELS_FAST_H__
#define __EDGE_KERNELS_FAST_H__

#include "orc/orc-kernels.h"
#include "qs8-gemm/qs8-gemm.h"
#include "qs8-dwconv/qs8-dwconv.h"
#include "f32-gemm/f32-gemm.h"

#endif /* __EDGE_KERNELS_FAST_H__ */
