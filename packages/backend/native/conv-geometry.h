/* The geometry of one NHWC convolution, shared by the oneDNN and the im2col + sgemm paths. */
#ifndef GENMODELS_CONV_GEOMETRY_H
#define GENMODELS_CONV_GEOMETRY_H
#include <stdint.h>

/*
 * x [batch, h, w, ci], filter [kh, kw, ci, co] (TF.js's HWIO), y [batch, oh, ow, co]; strides
 * (sh, sw), padding before the first row / column (pt, pl), dilations (dh, dw; 1 = none).
 */
typedef struct {
  int64_t batch, h, w, ci, kh, kw, co, oh, ow, sh, sw, pt, pl, dh, dw;
} GmConvGeometry;

#define GM_CONV_GEOMETRY_FIELDS 15

/* Modes: forward y = act(conv(x, w) + bias); input gradient dx from (dy, w); filter gradient dw from (x, dy). */
enum { GM_CONV_FORWARD = 0, GM_CONV_INPUT_GRAD = 1, GM_CONV_FILTER_GRAD = 2 };

/* Activation codes shared with src/kernels/native/native-kernels.ts. */
enum { GM_ACT_LINEAR = 0, GM_ACT_RELU = 1, GM_ACT_RELU6 = 2, GM_ACT_LEAKYRELU = 3, GM_ACT_SIGMOID = 4, GM_ACT_ELU = 5 };

#endif
