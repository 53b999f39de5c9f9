/*
 * Element-wise transcendental functions of float32 arrays, on the OpenMP pool (parallel-for.h):
 * the stock wasm kernels evaluate them one scalar libm call at a time (Exp over a 128 x 784
 * batch of VAE logits: 0.73 ms; Log1p 0.67 ms).
 */
#ifndef GENMODELS_UNARY_MATH_H
#define GENMODELS_UNARY_MATH_H
#include <stdint.h>

/* Operation codes of gm_unary, in the order of UNARY_OPS in src/kernels/native/unary-kernels.ts. */
enum { GM_UNARY_EXP = 0, GM_UNARY_LOG = 1, GM_UNARY_LOG1P = 2, GM_UNARY_SIGMOID = 3, GM_UNARY_SOFTPLUS = 4, GM_UNARY_RELU = 5, GM_UNARY_COUNT = 6 };

/*
 * y[i] = op(x[i]) for i < n (y must not overlap x). exp and sigmoid use vector-exp.h (within 2 ulp of
 * expf; exp overflows to inf and flushes results below the normal floats to 0), log and log1p vector-log.h (within 3 and 5 ulp); softplus is
 * max(x, 0) + log1p(exp(-|x|)), which neither overflows nor loses the small values; relu is
 * x < 0 ? 0 : x (NaN stays NaN, as on cpu). Returns 0, or
 * 1 for an unknown op.
 */
int gm_unary(int op, const float* x, float* y, int64_t n);

#endif
