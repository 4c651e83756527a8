/* gst-edge kernels: qs8-dwconv microkernels.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __EDGE_QS8_DWCONV_H__
#define __EDGE_QS8_DWCONV_H__

#include "edge-kernels.h"

#endif
