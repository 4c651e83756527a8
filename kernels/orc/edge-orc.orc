# gst-edge kernels: ORC programs.
# Copyright (C) 2026 gst-edge developers
#
# This library is free software; you can redistribute it and/or
# modify it under the terms of the GNU Library General Public
# License as published by the Free Software Foundation; either
# version 2 of the License, or (at your option) any later version.
#
# Compiled by orcc into edge-orc.c / edge-orc.h (or the committed
# edge-orc-dist.c / -dist.h backups). Only kernels/orc/orc-wrappers.c calls
# these: it prepares the parameters so every program computes exactly what
# the reference computes (kernels/ref/*.c), bit for bit.
#
# Conventions:
# - n counts elements of the widest array; 2D programs (.flags 2d) run m rows
#   of n, each array with its own row stride in bytes (0 repeats one row:
#   per-channel weights, biases and multipliers).
# - No alignment requirement; destinations may be read (d1 as a source) for
#   read-modify-write accumulation.
# - Requantization (edge-requantize.h), in float32 as the reference writes
#   it, with no FMA: x is clamped to [lo, hi] = [qmin - zp, qmax - zp]
#   (maxf/minf; x is never NaN here), then x + 1.5 * 2^23 rounds it half to
#   even (exact for |x| <= 2^22, and |x| <= 255 after the clamp); the float
#   bits of that sum are 0x4B400000 + round (x), so an integer subtraction of
#   K = 0x4B400000 - zp gives round (x) + zp, already in [qmin, qmax]: the
#   saturating narrowings never saturate. ORC's convfl (truncation) is never
#   used.
# - Float programs run with flush-to-zero / denormals-are-zero (ORC sets
#   MXCSR; its C emulation does the same with ORC_DENORMAL). For int8
#   outputs that is harmless: a denormal operand changes x by less than
#   2^-126, far below what can move a rounding decision (|x| < 0.5 rounds to
#   0 either way, and above that the denormal is absorbed exactly). Float
#   outputs are only produced where the wrapper proved no denormal can occur
#   (preprocess), or with integer instructions (f32 clamp).

# ---------------------------------------------------------------------------
# Element-wise

# out = requant ((float)(a - za) * am + (float)(b - zb) * bm)
# p1 za, p2 zb (int16), p3 am, p4 bm, p5 lo, p6 hi, p7 K
.function edge_orc_qs8_add_kernel
.dest 1 d1 int8_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.param 2 p1
.param 2 p2
.floatparam 4 p3
.floatparam 4 p4
.floatparam 4 p5
.floatparam 4 p6
.param 4 p7
.temp 2 w
.temp 4 l
.temp 4 x
.temp 4 y

convsbw w, s1
subw w, w, p1
convswl l, w
convlf x, l
mulf x, x, p3
convsbw w, s2
subw w, w, p2
convswl l, w
convlf y, l
mulf y, y, p4
addf x, x, y
maxf x, x, p5
minf x, x, p6
addf x, x, 12582912.0
subl l, x, p7
convssslw w, l
convssswb d1, w


# out = requant ((float)((a - za) * (b - zb)) * m)
# p1 za, p2 zb (int16), p3 m, p4 lo, p5 hi, p6 K
.function edge_orc_qs8_mul_kernel
.dest 1 d1 int8_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.param 2 p1
.param 2 p2
.floatparam 4 p3
.floatparam 4 p4
.floatparam 4 p5
.param 4 p6
.temp 2 w
.temp 2 v
.temp 4 l
.temp 4 x

convsbw w, s1
subw w, w, p1
convsbw v, s2
subw v, v, p2
mulswl l, w, v
convlf x, l
mulf x, x, p3
maxf x, x, p4
minf x, x, p5
addf x, x, 12582912.0
subl l, x, p6
convssslw w, l
convssswb d1, w


# out = min (max (in, p1), p2), int8
.function edge_orc_s8_clamp_kernel
.dest 1 d1 int8_t
.source 1 s1 int8_t
.param 1 p1
.param 1 p2
.temp 1 t

maxsb t, s1, p1
minsb d1, t, p2


# float clamp on the bit patterns (no float instruction, so no MXCSR and no
# denormal flushing). key (x) = bits ^ ((bits >> 31) & 0x7fffffff) orders
# non-NaN floats as signed integers (-0.0 -> -1, +0.0 -> 0). Two biased
# copies of the key put every NaN above all non-NaN values, so one signed
# compare each decides "x < lo" and "x > hi" for non-NaN x only:
#   t = key + p5 (p5 = 2^31 - key (-inf)), x < lo  <=>  p1 > t
#   u = p6 - key (p6 = key (+inf) + 2^31), x > hi  <=>  p2 > u
# (p1 = t of the smallest key equal to lo, p2 = u of the largest key equal
# to hi, so -0.0 == +0.0), then out = lo / hi / x by xor-select: NaN
# passes through, -0.0 is kept, denormals compare exactly.
# p1, p2 thresholds, p3 bits (lo), p4 bits (hi), p5, p6 biases
.function edge_orc_f32_clamp_kernel
.dest 4 d1 float
.source 4 s1 float
.param 4 p1
.param 4 p2
.param 4 p3
.param 4 p4
.param 4 p5
.param 4 p6
.temp 4 x
.temp 4 k
.temp 4 t
.temp 4 m
.temp 4 y

copyl x, s1
shrsl k, x, 31
andl k, k, 0x7fffffff
xorl k, k, x
addl t, k, p5
cmpgtsl m, p1, t
xorl y, x, p3
andl y, y, m
xorl x, x, y
subl t, p6, k
cmpgtsl m, p2, t
xorl y, x, p4
andl y, y, m
xorl d1, x, y


# The same clamp when lo <= 0 <= hi (ReLU, ReLU6, [-1, 1], no clamp...):
# then {x < lo} and {x > hi} are each one interval of bit patterns, NaN
# excluded ([bits (lo) + 1, 0xff800000] with -0.0 for a zero lo, and
# [bits (hi) + 1, 0x7f800000] with +0.0 for a zero hi), so one biased
# signed compare of the raw bits decides each: x in [L0, L1] <=>
# bits + (2^31 - L0) < (L1 - L0 + 1) - 2^31 as int32. No key needed.
# p1, p2 thresholds, p3 bits (lo), p4 bits (hi), p5, p6 biases
.function edge_orc_f32_clamp_span_kernel
.dest 4 d1 float
.source 4 s1 float
.param 4 p1
.param 4 p2
.param 4 p3
.param 4 p4
.param 4 p5
.param 4 p6
.temp 4 x
.temp 4 t
.temp 4 m
.temp 4 y

copyl x, s1
addl t, x, p5
cmpgtsl m, p1, t
xorl y, x, p3
andl y, y, m
xorl y, y, x
addl t, x, p6
cmpgtsl m, p2, t
xorl t, y, p4
andl t, t, m
xorl d1, y, t


# The same clamp when lo and hi are both normal or infinite (any sign):
# float compares are then exact even with denormals-are-zero (a
# denormal x compares like a zero against a bound of magnitude >= 2^-126,
# as it would exactly), and false for NaN. Only the masks come from the
# float unit; the output is selected from the bit patterns.
# p1 lo, p2 hi, p3 bits (lo), p4 bits (hi)
.function edge_orc_f32_clamp_cmp_kernel
.dest 4 d1 float
.source 4 s1 float
.floatparam 4 p1
.floatparam 4 p2
.param 4 p3
.param 4 p4
.temp 4 x
.temp 4 t
.temp 4 m
.temp 4 y

copyl x, s1
cmpltf m, x, p1
xorl y, x, p3
andl y, y, m
xorl y, y, x
cmpltf m, p2, x
xorl t, y, p4
andl t, t, m
xorl d1, y, t


# int32 [m rows][n channels] -> int8: requant ((float) acc * mult[c])
# s2 stride 0. p1 lo, p2 hi, p3 K
.function edge_orc_qs8_requantize_s32_kernel
.flags 2d
.dest 1 d1 int8_t
.source 4 s1 int32_t
.source 4 s2 float
.floatparam 4 p1
.floatparam 4 p2
.param 4 p3
.temp 4 x
.temp 4 l
.temp 2 w

convlf x, s1
mulf x, x, s2
maxf x, x, p1
minf x, x, p2
addf x, x, 12582912.0
subl l, x, p3
convssslw w, l
convssswb d1, w


# int8 -> int8: requant ((float)(q - zin) * m)
# p1 zin (int16), p2 m, p3 lo, p4 hi, p5 K
.function edge_orc_qs8_requantize_s8_kernel
.dest 1 d1 int8_t
.source 1 s1 int8_t
.param 2 p1
.floatparam 4 p2
.floatparam 4 p3
.floatparam 4 p4
.param 4 p5
.temp 2 w
.temp 4 l
.temp 4 x

convsbw w, s1
subw w, w, p1
convswl l, w
convlf x, l
mulf x, x, p2
maxf x, x, p3
minf x, x, p4
addf x, x, 12582912.0
subl l, x, p5
convssslw w, l
convssswb d1, w


# int32 -> int8: requant ((float)(acc - p1) * p2), one multiplier
# p1 bias, p2 m, p3 lo, p4 hi, p5 K
.function edge_orc_qs8_requantize_s32_bias_kernel
.dest 1 d1 int8_t
.source 4 s1 int32_t
.param 4 p1
.floatparam 4 p2
.floatparam 4 p3
.floatparam 4 p4
.param 4 p5
.temp 4 l
.temp 4 x
.temp 2 w

subl l, s1, p1
convlf x, l
mulf x, x, p2
maxf x, x, p3
minf x, x, p4
addf x, x, 12582912.0
subl l, x, p5
convssslw w, l
convssswb d1, w


# ---------------------------------------------------------------------------
# Pooling (NHWC). 2D programs: n channels, m output pixels of one row; the
# sources are the same window column of consecutive output pixels (row
# stride = stride_w * channels bytes), the destination row stride is the
# output pixel size.

# d1 = max (s1, ...)
.function edge_orc_s8_max_2d_1
.flags 2d
.dest 1 d1 int8_t
.source 1 s1 int8_t

copyb d1, s1


.function edge_orc_s8_max_2d_2
.flags 2d
.dest 1 d1 int8_t
.source 1 s1 int8_t
.source 1 s2 int8_t

maxsb d1, s1, s2


.function edge_orc_s8_max_2d_3
.flags 2d
.dest 1 d1 int8_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.temp 1 t

maxsb t, s1, s2
maxsb d1, t, s3


.function edge_orc_s8_max_2d_4
.flags 2d
.dest 1 d1 int8_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.source 1 s4 int8_t
.temp 1 t
.temp 1 u

maxsb t, s1, s2
maxsb u, s3, s4
maxsb d1, t, u


# d1 = max (d1, s1, ...)
.function edge_orc_s8_max_2d_acc1
.flags 2d
.dest 1 d1 int8_t
.source 1 s1 int8_t

maxsb d1, d1, s1


.function edge_orc_s8_max_2d_acc2
.flags 2d
.dest 1 d1 int8_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.temp 1 t

maxsb t, s1, s2
maxsb d1, d1, t


.function edge_orc_s8_max_2d_acc3
.flags 2d
.dest 1 d1 int8_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.temp 1 t
.temp 1 u

maxsb t, s1, s2
maxsb u, d1, s3
maxsb d1, t, u


# in-place clamp: d1 = min (max (d1, p1), p2)
.function edge_orc_s8_clamp_inplace
.dest 1 d1 int8_t
.param 1 p1
.param 1 p2
.temp 1 t

maxsb t, d1, p1
minsb d1, t, p2


# int16 sums of int8 (window of at most 255 elements: |sum| <= 32640)
# d1 = s1 + ...
.function edge_orc_s8_sum_2d_1
.flags 2d
.dest 2 d1 int16_t
.source 1 s1 int8_t

convsbw d1, s1


.function edge_orc_s8_sum_2d_2
.flags 2d
.dest 2 d1 int16_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.temp 2 a
.temp 2 b

convsbw a, s1
convsbw b, s2
addw d1, a, b


.function edge_orc_s8_sum_2d_3
.flags 2d
.dest 2 d1 int16_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.temp 2 a
.temp 2 b

convsbw a, s1
convsbw b, s2
addw a, a, b
convsbw b, s3
addw d1, a, b


# d1 += s1 + ...
.function edge_orc_s8_sum_2d_acc1
.flags 2d
.dest 2 d1 int16_t
.source 1 s1 int8_t
.temp 2 a

convsbw a, s1
addw d1, d1, a


.function edge_orc_s8_sum_2d_acc2
.flags 2d
.dest 2 d1 int16_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.temp 2 a
.temp 2 b

convsbw a, s1
convsbw b, s2
addw a, a, b
addw d1, d1, a


.function edge_orc_s8_sum_2d_acc3
.flags 2d
.dest 2 d1 int16_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.temp 2 a
.temp 2 b

convsbw a, s1
convsbw b, s2
addw a, a, b
convsbw b, s3
addw a, a, b
addw d1, d1, a


# int16 window sums -> int8: requant ((float)(sum - p1) * p2)
# p1 count * zin, p2 m, p3 lo, p4 hi, p5 K
.function edge_orc_qs8_requantize_s16_bias_2d
.flags 2d
.dest 1 d1 int8_t
.source 2 s1 int16_t
.param 4 p1
.floatparam 4 p2
.floatparam 4 p3
.floatparam 4 p4
.param 4 p5
.temp 4 l
.temp 4 x
.temp 2 w

convswl l, s1
subl l, l, p1
convlf x, l
mulf x, x, p2
maxf x, x, p3
minf x, x, p4
addf x, x, 12582912.0
subl l, x, p5
convssslw w, l
convssswb d1, w


# Global average pool: int32 per-channel sums over pixel rows s1..sk
# (k <= 4: |k-term int16 partial sum| <= 512). d1 += sum. (orc-test
# 0.4.33 crashes on programs with 8 sources, so none has more than 7.)
.function edge_orc_s8_gap_acc4
.dest 4 d1 int32_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.source 1 s4 int8_t
.temp 2 a
.temp 2 b
.temp 4 l

convsbw a, s1
convsbw b, s2
addw a, a, b
convsbw b, s3
addw a, a, b
convsbw b, s4
addw a, a, b
convswl l, a
addl d1, d1, l


.function edge_orc_s8_gap_acc2
.dest 4 d1 int32_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.temp 2 a
.temp 2 b
.temp 4 l

convsbw a, s1
convsbw b, s2
addw a, a, b
convswl l, a
addl d1, d1, l


.function edge_orc_s8_gap_acc1
.dest 4 d1 int32_t
.source 1 s1 int8_t
.temp 2 a
.temp 4 l

convsbw a, s1
convswl l, a
addl d1, d1, l


# ---------------------------------------------------------------------------
# Depthwise 3x3 convolution, one kernel row (ky) per call. 2D: n channels,
# m output pixels; s_x sources are the input at kx = 0, 1, 2 (row stride
# stride_w * channels bytes), s_w the int16 weights of (ky, kx) (stride 0).
# Every product x * w fits int16 (|x * w| <= 128 * 128); sums are int32
# with wrap-around, as the reference adds its bias.

# d1 = s1 (bias', stride 0) + x0 * w0 + x1 * w1 + x2 * w2
.function edge_orc_qs8_dw3_row_first
.flags 2d
.dest 4 d1 int32_t
.source 4 s1 int32_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.source 1 s4 int8_t
.source 2 s5 int16_t
.source 2 s6 int16_t
.source 2 s7 int16_t
.temp 2 a
.temp 4 l
.temp 4 acc

convsbw a, s2
mullw a, a, s5
convswl acc, a
convsbw a, s3
mullw a, a, s6
convswl l, a
addl acc, acc, l
convsbw a, s4
mullw a, a, s7
convswl l, a
addl acc, acc, l
addl d1, acc, s1


# d1 += x0 * w0 + x1 * w1 + x2 * w2
.function edge_orc_qs8_dw3_row_acc
.flags 2d
.dest 4 d1 int32_t
.source 1 s1 int8_t
.source 1 s2 int8_t
.source 1 s3 int8_t
.source 2 s4 int16_t
.source 2 s5 int16_t
.source 2 s6 int16_t
.temp 2 a
.temp 4 l
.temp 4 acc

convsbw a, s1
mullw a, a, s4
convswl acc, a
convsbw a, s2
mullw a, a, s5
convswl l, a
addl acc, acc, l
convsbw a, s3
mullw a, a, s6
convswl l, a
addl acc, acc, l
addl d1, d1, acc


# int32 accumulators -> int8: requant ((float) acc * scale[c]), s2 stride 0
# (the 2D form of edge_orc_qs8_requantize_s32_kernel, kept separate so the
# depthwise path reads like the others). p1 lo, p2 hi, p3 K
.function edge_orc_qs8_dw3_requantize
.flags 2d
.dest 1 d1 int8_t
.source 4 s1 int32_t
.source 4 s2 float
.floatparam 4 p1
.floatparam 4 p2
.param 4 p3
.temp 4 x
.temp 4 l
.temp 2 w

convlf x, s1
mulf x, x, s2
maxf x, x, p1
minf x, x, p2
addf x, x, 12582912.0
subl l, x, p3
convssslw w, l
convssswb d1, w


# ---------------------------------------------------------------------------
# Pre-processing normalization of resampled values v (int32, exact, at most
# 255 * 65536 < 2^24 so the conversion is exact): x = (float) v * a + b.

# one channel: p1 a, p2 b
.function edge_orc_preprocess_norm_f32
.dest 4 d1 float
.source 4 s1 int32_t
.floatparam 4 p1
.floatparam 4 p2
.temp 4 x

convlf x, s1
mulf x, x, p1
addf d1, x, p2


# interleaved channels: a and b per element (s2, s3)
.function edge_orc_preprocess_norm_f32_coeffs
.dest 4 d1 float
.source 4 s1 int32_t
.source 4 s2 float
.source 4 s3 float
.temp 4 x

convlf x, s1
mulf x, x, s2
addf d1, x, s3


# one channel, int8: p1 a, p2 b, p3 lo, p4 hi, p5 K
.function edge_orc_preprocess_norm_s8
.dest 1 d1 int8_t
.source 4 s1 int32_t
.floatparam 4 p1
.floatparam 4 p2
.floatparam 4 p3
.floatparam 4 p4
.param 4 p5
.temp 4 x
.temp 4 l
.temp 2 w

convlf x, s1
mulf x, x, p1
addf x, x, p2
maxf x, x, p3
minf x, x, p4
addf x, x, 12582912.0
subl l, x, p5
convssslw w, l
convssswb d1, w


# interleaved channels, int8: a, b per element (s2, s3); p1 lo, p2 hi, p3 K
.function edge_orc_preprocess_norm_s8_coeffs
.dest 1 d1 int8_t
.source 4 s1 int32_t
.source 4 s2 float
.source 4 s3 float
.floatparam 4 p1
.floatparam 4 p2
.param 4 p3
.temp 4 x
.temp 4 l
.temp 2 w

convlf x, s1
mulf x, x, s2
addf x, x, s3
maxf x, x, p1
minf x, x, p2
addf x, x, 12582912.0
subl l, x, p3
convssslw w, l
convssswb d1, w


# vertical bilinear blend of two source rows (uint8 -> uint16):
# d1 = s1 * p1 + s2 * p2 with p1 + p2 == 256 (at most 256 * 255 < 2^16)
.function edge_orc_preprocess_blend_rows
.dest 2 d1 uint16_t
.source 1 s1 uint8_t
.source 1 s2 uint8_t
.param 2 p1
.param 2 p2
.temp 2 a
.temp 2 b

convubw a, s1
mullw a, a, p1
convubw b, s2
mullw b, b, p2
addw d1, a, b
