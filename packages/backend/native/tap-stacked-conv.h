/*
 * NHWC convolutions with few output channels (a flow's coupling net ending in 2 channels, a UNet's
 * 1-channel output) as one matmul over all filter taps at once: oneDNN and im2col both run such a
 * convolution at a fraction of the machine's speed (a 64 -> 2 3x3 conv at 28x28 measured 25
 * GFLOP/s on oneDNN against ~200 for 64 -> 64).
 */
#ifndef GENMODELS_TAP_STACKED_CONV_H
#define GENMODELS_TAP_STACKED_CONV_H
#include <stdbool.h>

#include "conv-geometry.h"

/* Whether gm_tap_stacked_conv takes this geometry: stride 1, dilation 1, at most 4 output channels, rows of at most 4096. */
bool gm_tap_stacked_conv_applies(const GmConvGeometry* g);

/*
 * The modes of im2col-conv.h for a geometry gm_tap_stacked_conv_applies to. Needs an sgemm library.
 * Returns 0, or -1 when out of memory.
 */
int gm_tap_stacked_conv(int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act, float alpha);

#endif
