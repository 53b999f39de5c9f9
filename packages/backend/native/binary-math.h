/*
 * Element-wise Add, Sub and Multiply of two float32 arrays of one shape, on the OpenMP pool
 * (parallel-for.h): the stock wasm kernels run them on one XNNPACK thread, 2.6 ms for an add of
 * two [64, 28, 28, 64] activations (a residual connection, a gradient accumulated from two uses).
 */
#ifndef GENMODELS_BINARY_MATH_H
#define GENMODELS_BINARY_MATH_H
#include <stdint.h>

/* Operation codes of gm_binary, in the order of BINARY_OPS in src/kernels/native/binary-kernels.ts. */
enum { GM_BINARY_ADD = 0, GM_BINARY_SUB = 1, GM_BINARY_MUL = 2, GM_BINARY_COUNT = 3 };

/* out[i] = a[i] op b[i] for i < n, rounded as float32 (IEEE: the same result as every backend). Returns 0, or 1 for an unknown op. */
int gm_binary(int op, const float* a, const float* b, float* out, int64_t n);

#endif
