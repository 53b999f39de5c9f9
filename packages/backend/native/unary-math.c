/* See unary-math.h. */
#include "unary-math.h"

#include <math.h>

#include "parallel-for.h"
#include "vector-clones.h"
#include "vector-exp.h"
#include "vector-log.h"

typedef struct {
  int op;
  const float* x;
  float* y;
} UnaryTask;

GM_VECTOR_CLONES static void unary_chunk(void* data, int64_t begin, int64_t end) {
  const UnaryTask* t = data;
  const float* x = t->x;
  float* y = t->y;
  switch (t->op) {
    case GM_UNARY_EXP:
      /* gm_expf clamps its argument: restore exp's overflow to inf and NaN; results below the
       * normal floats (x < -87.34) are flushed to 0, as GPUs do. */
      for (int64_t i = begin; i < end; i++) {
        const float v = x[i];
        float r = gm_expf(v);
        r = v > 88.7228394f ? INFINITY : r;
        r = v < -87.3365479f ? 0.f : r;
        y[i] = v != v ? v : r;
      }
      break;
    case GM_UNARY_LOG:
      for (int64_t i = begin; i < end; i++) y[i] = gm_logf(x[i]);
      break;
    case GM_UNARY_LOG1P:
      for (int64_t i = begin; i < end; i++) y[i] = gm_log1pf(x[i]);
      break;
    case GM_UNARY_SIGMOID:
      for (int64_t i = begin; i < end; i++) y[i] = gm_sigmoidf(x[i]);
      break;
    case GM_UNARY_RELU:
      for (int64_t i = begin; i < end; i++) y[i] = x[i] < 0.f ? 0.f : x[i];
      break;
    case GM_UNARY_SOFTPLUS:
      /* Passes over the chunk (still in cache): as one loop, gcc vectorises none of it. */
      for (int64_t i = begin; i < end; i++) y[i] = fabsf(x[i]) > 87.3365479f ? 0.f : gm_expf(-fabsf(x[i]));
      for (int64_t i = begin; i < end; i++) y[i] = gm_log1pf(y[i]);
      for (int64_t i = begin; i < end; i++) y[i] += x[i] > 0.f ? x[i] : 0.f;
      break;
  }
}

int gm_unary(int op, const float* x, float* y, int64_t n) {
  if (op < 0 || op >= GM_UNARY_COUNT) return 1;
  UnaryTask task = {op, x, y};
  gm_parallel_for(n, 1 << 14, unary_chunk, &task);
  return 0;
}
