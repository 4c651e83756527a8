/* gst-edge kernels: build configuration seen by the orcc output.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 *
 * orcc --include puts this header at the top of edge-orc.c / edge-orc.h
 * (and of the committed -dist copies). Without liborc (-Dorc=disabled)
 * the generated C must not include <orc/orc.h>: orcc's switch for that is
 * DISABLE_ORC, which selects its plain C loops. */

#ifndef __EDGE_ORC_CONFIG_H__
#define __EDGE_ORC_CONFIG_H__

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#if !defined(HAVE_ORC) && !defined(DISABLE_ORC)
#define DISABLE_ORC 1
#endif

#endif /* __EDGE_ORC_CONFIG_H__ */
