/* See bernoulli-nll.h. */
#include "bernoulli-nll.h"

#include <math.h>
#include <stddef.h>

#include "parallel-for.h"
#include "vector-clones.h"
#include "vector-exp.h"
#include "vector-log.h"

/* Columns per tile: the log1p(exp(-|l|)) terms of a tile wait in a stack buffer (in L1). */
#define TILE 512

typedef struct {
  const float *dy, *logits, *x;
  int64_t cols;
  float* out;
} RowsTask;

/* sum over c < n of max(l, 0) - l x + log1p(exp(-|l|)), eight running sums in a fixed order. */
static double row_nll(const float* restrict l, const float* restrict x, int64_t n) {
  float soft[TILE];
  double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  for (int64_t start = 0; start < n; start += TILE) {
    const int64_t len = n - start < TILE ? n - start : TILE;
    const float* lt = l + start;
    const float* xt = x + start;
    /* Separate loops so that gcc vectorises each (exp's argument below -87.34 flushes to 0). */
    for (int64_t j = 0; j < len; j++) soft[j] = fabsf(lt[j]) > 87.3365479f ? 0.f : gm_expf(-fabsf(lt[j]));
    for (int64_t j = 0; j < len; j++) soft[j] = gm_log1pf(soft[j]);
    for (int64_t j = 0; j < len; j++) soft[j] = ((lt[j] > 0.f ? lt[j] : 0.f) - lt[j] * xt[j]) + soft[j];
    int64_t j = 0;
    for (; j + 8 <= len; j += 8) {
      for (int k = 0; k < 8; k++) lane[k] += (double)soft[j + k];
    }
    for (int k = 0; j < len; j++, k++) lane[k] += (double)soft[j];
  }
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

GM_VECTOR_CLONES static void nll_rows(void* data, int64_t begin, int64_t end) {
  const RowsTask* t = data;
  for (int64_t r = begin; r < end; r++) t->out[r] = (float)row_nll(t->logits + r * t->cols, t->x + r * t->cols, t->cols);
}

GM_VECTOR_CLONES static void grad_rows(void* data, int64_t begin, int64_t end) {
  const RowsTask* t = data;
  const int64_t cols = t->cols;
  for (int64_t r = begin; r < end; r++) {
    const float* restrict l = t->logits + r * cols;
    const float* restrict x = t->x + r * cols;
    float* restrict d = t->out + r * cols;
    const float g = t->dy[r];
    for (int64_t c = 0; c < cols; c++) d[c] = g * (gm_sigmoidf(l[c]) - x[c]);
  }
}

/* Rows per chunk so that a chunk holds at least ~16k elements. */
static int64_t grain_rows(int64_t cols) {
  const int64_t g = (1 << 14) / (cols > 0 ? cols : 1);
  return g > 0 ? g : 1;
}

void gm_bernoulli_nll(const float* logits, const float* x, int64_t rows, int64_t cols, float* out) {
  RowsTask task = {NULL, logits, x, cols, out};
  gm_parallel_for(rows, grain_rows(cols), nll_rows, &task);
}

void gm_bernoulli_nll_grad(const float* dy, const float* logits, const float* x, int64_t rows, int64_t cols, float* dlogits) {
  RowsTask task = {dy, logits, x, cols, dlogits};
  gm_parallel_for(rows, grain_rows(cols), grad_rows, &task);
}
