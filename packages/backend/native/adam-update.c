/*
 * The Adam update (Kingma & Ba, "Adam: A Method for Stochastic Optimization", 2015) as tfjs-core
 * 4.22's AdamOptimizer composes it from about 14 kernels, in one pass: each operation below is
 * one of those kernels, in the same order and rounded to float32 the same way (IEEE float32
 * arithmetic, no contraction into fused multiply-adds: the build passes -ffp-contract=off), so
 * the result is bit-identical to the stock optimizer on the cpu and wasm backends, whatever the
 * number of threads (each element is computed alone). The variable and its moments are updated
 * in place: each cache line is read and written once, and no output buffers are allocated. The
 * gradient's sum of squares (the norm minimize() reports) is taken block by block on the way,
 * while the block is still in cache.
 */
#include "adam-update.h"

#include <math.h>
#include <stdlib.h>

#include "parallel-for.h"
#include "sum-of-squares.h"

typedef struct {
  float *x, *m, *v;
  const float* g;
  int64_t n;
  const GmAdamConstants* k;
  double* blockSums;
} AdamTask;

static void adam_block(float* restrict x, float* restrict m, float* restrict v, const float* restrict g, int64_t n, const GmAdamConstants* k) {
  const float b1 = k->beta1, b2 = k->beta2, c1 = k->oneMinusBeta1, c2 = k->oneMinusBeta2, eps = k->epsilon, negLr = k->negLearningRate;
  const float acc1 = k->oneMinusAccBeta1, acc2 = k->oneMinusAccBeta2;
  for (int64_t i = 0; i < n; i++) {
    const float gi = g[i];
    const float first = m[i] * b1 + gi * c1;
    const float second = v[i] * b2 + (gi * gi) * c2;
    const float step = (first / acc1) / (sqrtf(second / acc2) + eps);
    x[i] = step * negLr + x[i];
    m[i] = first;
    v[i] = second;
  }
}

static void adam_chunk(void* data, int64_t begin, int64_t end) {
  const AdamTask* t = data;
  for (int64_t b = begin; b < end; b++) {
    const int64_t lo = b * GM_SQUARES_BLOCK, len = lo + GM_SQUARES_BLOCK < t->n ? GM_SQUARES_BLOCK : t->n - lo;
    adam_block(t->x + lo, t->m + lo, t->v + lo, t->g + lo, len, t->k);
    t->blockSums[b] = gm_block_sum_of_squares(t->g + lo, len);
  }
}

int gm_adam_update(float* x, float* m, float* v, const float* g, int64_t n, const GmAdamConstants* k, double* gradSumOfSquares) {
  const int64_t blocks = (n + GM_SQUARES_BLOCK - 1) / GM_SQUARES_BLOCK;
  double* blockSums = malloc((size_t)(blocks > 0 ? blocks : 1) * sizeof(double));
  if (blockSums == NULL) return 1;
  AdamTask task = {x, m, v, g, n, k, blockSums};
  gm_parallel_for(blocks, 4, adam_chunk, &task);
  double sum = 0.0;
  for (int64_t b = 0; b < blocks; b++) sum += blockSums[b];
  free(blockSums);
  *gradSumOfSquares = sum;
  return 0;
}
