/* Convolution geometries shared by the convolution suites.
 * Copyright (C) 2026 gst-edge developers
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Library General Public
 * License as published by the Free Software Foundation; either
 * version 2 of the License, or (at your option) any later version.
 */

#ifndef __CONV_CASES_H__
#define __CONV_CASES_H__

#include "edge-kernels.h"

/* Geometries real CNNs use (MobileNet, BlazeFace, ResNet stems), plus odd
 * channel counts, asymmetric (TF "SAME") padding, dilation and groups. */
typedef struct
{
  const char *name;
  int batch, in_h, in_w, in_c, out_c, kh, kw, sh, sw, dh, dw;
  int pt, pb, pl, pr, groups;
} ConvCase;

static const ConvCase conv_cases[] = {
  {"3x3_s1_p1", 1, 9, 7, 5, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},
  {"3x3_s2_same", 1, 10, 10, 3, 8, 3, 3, 2, 2, 1, 1, 0, 1, 0, 1, 1},
  {"3x3_s2_p1_odd", 2, 9, 11, 4, 7, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1},
  {"1x1", 1, 6, 5, 17, 9, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1},
  {"1x1_s2", 1, 7, 7, 8, 16, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1},
  {"5x5_p2", 1, 8, 8, 3, 4, 5, 5, 1, 1, 1, 1, 2, 2, 2, 2, 1},
  {"7x7_s2_p3", 1, 15, 13, 3, 5, 7, 7, 2, 2, 1, 1, 3, 3, 3, 3, 1},
  {"1x7_p3", 1, 5, 12, 6, 3, 1, 7, 1, 1, 1, 1, 0, 0, 3, 3, 1},
  {"3x3_dil2", 1, 11, 11, 4, 4, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1},
  {"3x3_dil2_s2", 1, 12, 10, 3, 5, 3, 3, 2, 2, 2, 2, 2, 1, 2, 1, 1},
  {"grouped_g2", 1, 6, 6, 8, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2},
  {"grouped_g4", 1, 5, 7, 12, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 4},
  {"dw3x3_s1", 1, 10, 9, 13, 13, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 13},
  {"dw3x3_s2", 1, 12, 12, 16, 16, 3, 3, 2, 2, 1, 1, 0, 1, 0, 1, 16},
  {"dw5x5_p2", 1, 9, 9, 7, 7, 5, 5, 1, 1, 1, 1, 2, 2, 2, 2, 7},
  {"dw_mult2", 1, 6, 6, 5, 10, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 5},
  {"input_1x1", 1, 1, 1, 3, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1},
};

static inline EdgeConv2dParams
case_params (const ConvCase * c)
{
  EdgeConv2dParams p = {
    .batch = c->batch,.in_h = c->in_h,.in_w = c->in_w,.in_c = c->in_c,
    .out_c = c->out_c,.kernel_h = c->kh,.kernel_w = c->kw,
    .stride_h = c->sh,.stride_w = c->sw,.dilation_h = c->dh,
    .dilation_w = c->dw,.pad_top = c->pt,.pad_bottom = c->pb,
    .pad_left = c->pl,.pad_right = c->pr,.groups = c->groups,
  };
  p.out_h = edge_conv_output_size (c->in_h, c->kh, c->sh, c->dh, c->pt, c->pb);
  p.out_w = edge_conv_output_size (c->in_w, c->kw, c->sw, c->dw, c->pl, c->pr);
  return p;
}

static inline size_t
in_size (const EdgeConv2dParams * p)
{
  return (size_t) p->batch * p->in_h * p->in_w * p->in_c;
}

static inline size_t
out_size (const EdgeConv2dParams * p)
{
  return (size_t) p->batch * p->out_h * p->out_w * p->out_c;
}

static inline size_t
weight_size (const EdgeConv2dParams * p)
{
  return (size_t) p->out_c * p->kernel_h * p->kernel_w * (p->in_c / p->groups);
}

#endif /* __CONV_CASES_H__ */
