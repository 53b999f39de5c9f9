/* See binary-math.h. */
#include "binary-math.h"

#include "parallel-for.h"

typedef struct {
  int op;
  const float *a, *b;
  float* out;
} BinaryTask;

static void binary_chunk(void* data, int64_t begin, int64_t end) {
  const BinaryTask* t = data;
  const float* restrict a = t->a;
  const float* restrict b = t->b;
  float* restrict out = t->out;
  switch (t->op) {
    case GM_BINARY_ADD:
      for (int64_t i = begin; i < end; i++) out[i] = a[i] + b[i];
      break;
    case GM_BINARY_SUB:
      for (int64_t i = begin; i < end; i++) out[i] = a[i] - b[i];
      break;
    default:
      for (int64_t i = begin; i < end; i++) out[i] = a[i] * b[i];
      break;
  }
}

int gm_binary(int op, const float* a, const float* b, float* out, int64_t n) {
  if (op < 0 || op >= GM_BINARY_COUNT) return 1;
  BinaryTask task = {op, a, b, out};
  gm_parallel_for(n, 1 << 16, binary_chunk, &task);
  return 0;
}
