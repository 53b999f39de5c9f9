/* One fused Adam step of one variable (the GenmodelsAdamUpdate contract of @genmodels/core-nn's fused-adam.ts). */
#ifndef GENMODELS_ADAM_UPDATE_H
#define GENMODELS_ADAM_UPDATE_H

#include <stdint.h>

/* Float32 constants of the step, each rounded as tfjs-core's AdamOptimizer makes its scalars. */
typedef struct {
  float beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, negLearningRate, oneMinusAccBeta1, oneMinusAccBeta2;
} GmAdamConstants;

/*
 * One Adam step of x, m, v [n] in place from the gradient g [n] (g may not overlap them), and
 * *gradSumOfSquares = sum g^2, the same value gm_sum_of_squares gives (sum-of-squares.h), taken in
 * the same pass. Returns 0, or 1 when out of memory.
 */
int gm_adam_update(float* x, float* m, float* v, const float* g, int64_t n, const GmAdamConstants* k, double* gradSumOfSquares);

#endif
