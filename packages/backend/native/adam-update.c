/*
 * The Adam update (Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2015) as tfjs-core
 * 4.22's AdamOptimizer composes it from about 14 kernels, in one pass: each operation below is
 * one of those kernels, in the same order and rounded to float32 the same way (IEEE float32
 * arithmetic, no contraction into fused multiply-adds: the build passes -ffp-contract=off), so
 * the result is bit-identical to the stock optimizer on the cpu and wasm backends, whatever the
 * number of threads (each element is computed alone).
 */
#include "adam-update.h"

#include <math.h>

#include "parallel-for.h"

typedef struct {
  const float *x, *m, *v, *g;
  const GmAdamConstants* k;
  float *x1, *m1, *v1;
} AdamTask;

static void adam_chunk(void* data, int64_t begin, int64_t end) {
  const AdamTask* t = data;
  const float* restrict x = t->x;
  const float* restrict m = t->m;
  const float* restrict v = t->v;
  const float* restrict g = t->g;
  float* restrict x1 = t->x1;
  float* restrict m1 = t->m1;
  float* restrict v1 = t->v1;
  const GmAdamConstants* k = t->k;
  const float b1 = k->beta1, b2 = k->beta2, c1 = k->oneMinusBeta1, c2 = k->oneMinusBeta2, eps = k->epsilon, negLr = k->negLearningRate;
  const float acc1 = k->oneMinusAccBeta1, acc2 = k->oneMinusAccBeta2;
  for (int64_t i = begin; i < end; i++) {
    const float gi = g[i];
    const float first = m[i] * b1 + gi * c1;
    const float second = v[i] * b2 + (gi * gi) * c2;
    const float step = (first / acc1) / (sqrtf(second / acc2) + eps);
    x1[i] = step * negLr + x[i];
    m1[i] = first;
    v1[i] = second;
  }
}

void gm_adam_update(const float* restrict x, const float* restrict m, const float* restrict v, const float* restrict g, int64_t n,
                    const GmAdamConstants* k, float* restrict x1, float* restrict m1, float* restrict v1) {
  AdamTask task = {x, m, v, g, k, x1, m1, v1};
  gm_parallel_for(n, 1 << 15, adam_chunk, &task);
}
