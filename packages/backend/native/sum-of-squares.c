/* See sum-of-squares.h. */
#include "sum-of-squares.h"

#include <stdlib.h>

#include "parallel-for.h"

#define SQUARES_BLOCK 8192

typedef struct {
  const float* x;
  int64_t n;
  double* partial;
} SquaresTask;

static void squares_chunk(void* data, int64_t begin, int64_t end) {
  const SquaresTask* t = data;
  for (int64_t b = begin; b < end; b++) {
    const int64_t lo = b * SQUARES_BLOCK, hi = lo + SQUARES_BLOCK < t->n ? lo + SQUARES_BLOCK : t->n;
    double sum = 0.0;
    for (int64_t i = lo; i < hi; i++) sum += (double)t->x[i] * (double)t->x[i];
    t->partial[b] = sum;
  }
}

int gm_sum_of_squares(const float* x, int64_t n, double* result) {
  const int64_t blocks = (n + SQUARES_BLOCK - 1) / SQUARES_BLOCK;
  double* partial = malloc((size_t)(blocks > 0 ? blocks : 1) * sizeof(double));
  if (partial == NULL) return 1;
  SquaresTask task = {x, n, partial};
  gm_parallel_for(blocks, 4, squares_chunk, &task);
  double sum = 0.0;
  for (int64_t b = 0; b < blocks; b++) sum += partial[b];
  free(partial);
  *result = sum;
  return 0;
}
