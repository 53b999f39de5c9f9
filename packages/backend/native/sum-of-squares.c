/* See sum-of-squares.h. */
#include "sum-of-squares.h"

#include <stdlib.h>

#include "parallel-for.h"


typedef struct {
  const float* x;
  int64_t n;
  double* partial;
} SquaresTask;

static void squares_chunk(void* data, int64_t begin, int64_t end) {
  const SquaresTask* t = data;
  for (int64_t b = begin; b < end; b++) {
    const int64_t lo = b * GM_SQUARES_BLOCK, hi = lo + GM_SQUARES_BLOCK < t->n ? lo + GM_SQUARES_BLOCK : t->n;
    t->partial[b] = gm_block_sum_of_squares(t->x + lo, hi - lo);
  }
}

int gm_sum_of_squares(const float* x, int64_t n, double* result) {
  const int64_t blocks = (n + GM_SQUARES_BLOCK - 1) / GM_SQUARES_BLOCK;
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
