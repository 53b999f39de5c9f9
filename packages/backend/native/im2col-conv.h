/* NHWC convolutions as im2col + sgemm (sgemm.h): the path when oneDNN is absent, switched off, or lacks the case. */
#ifndef GENMODELS_IM2COL_CONV_H
#define GENMODELS_IM2COL_CONV_H
#include "conv-geometry.h"

/*
 * mode GM_CONV_FORWARD: out = act(conv(in0 = x, in1 = w) + bias); GM_CONV_INPUT_GRAD: out = dx
 * from in0 = dy, in1 = w; GM_CONV_FILTER_GRAD: out = dw from in0 = x, in1 = dy. Needs an sgemm
 * library (gm_sgemm_library()). Returns 0, or -1 when out of memory.
 */
int gm_im2col_conv(int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act, float alpha);

#endif
