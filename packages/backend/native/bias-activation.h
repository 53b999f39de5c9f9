/* The epilogue of the matmul and im2col convolution kernels (a per-column bias, then an activation), and the ReLU's gradient. */
#ifndef GENMODELS_BIAS_ACTIVATION_H
#define GENMODELS_BIAS_ACTIVATION_H
#include <stdint.h>

/* y[r, j] = act(y[r, j] + bias[j]) over a rows x n row-major block (bias may be NULL; act a GM_ACT_* code). */
void gm_bias_activation(float* y, int64_t rows, int64_t n, const float* bias, int act, float alpha);

/* g[i] = dy[i] where y[i] > 0, else 0: the gradient through a ReLU, given its output y. */
void gm_relu_grad(const float* dy, const float* y, int64_t n, float* g);

#endif
