/* One fused Adam step of one variable (the GenmodelsAdamUpdate contract of @genmodels/core-nn's fused-adam.ts). */
#ifndef GENMODELS_ADAM_UPDATE_H
#define GENMODELS_ADAM_UPDATE_H
#include <stdint.h>

/* Float32 constants of the step, each rounded as tfjs-core's AdamOptimizer makes its scalars. */
typedef struct {
  float beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, negLearningRate, oneMinusAccBeta1, oneMinusAccBeta2;
} GmAdamConstants;

/* x1, m1, v1 [n] from x, m, v, g [n]; no array may overlap another. */
void gm_adam_update(const float* restrict x, const float* restrict m, const float* restrict v, const float* restrict g, int64_t n,
                    const GmAdamConstants* k, float* restrict x1, float* restrict m1, float* restrict v1);

#endif
