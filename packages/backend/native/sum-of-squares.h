/* The sum of squares of a float32 array (the per-step gradient norm of core-nn's minimize), on the OpenMP pool. */
#ifndef GENMODELS_SUM_OF_SQUARES_H
#define GENMODELS_SUM_OF_SQUARES_H

#include <stdint.h>

/* The sum runs over blocks of this many elements, each summed alone, the blocks added in order. */
#define GM_SQUARES_BLOCK 8192

/*
 * sum of x[i]^2 over one block (i < n <= GM_SQUARES_BLOCK) in double: eight running sums, lane
 * i % 8 each, added in a fixed order at the end. A fixed order, so any caller (this file's pass, or
 * the fused Adam step that sums its gradient on the way) gets the same bits; eight lanes, so the
 * loop vectorises and is not bound by the latency of one chain of additions.
 */
static inline double gm_block_sum_of_squares(const float* x, int64_t n) {
  double lane[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    for (int j = 0; j < 8; j++) lane[j] += (double)x[i + j] * (double)x[i + j];
  }
  for (int j = 0; i < n; i++, j++) lane[j] += (double)x[i] * (double)x[i];
  return ((lane[0] + lane[1]) + (lane[2] + lane[3])) + ((lane[4] + lane[5]) + (lane[6] + lane[7]));
}

/*
 * sum of x[i]^2 over i < n, block by block (gm_block_sum_of_squares) and the blocks added in order,
 * so the result does not depend on the thread count. Returns 0, or 1 when out of memory.
 */
int gm_sum_of_squares(const float* x, int64_t n, double* result);

#endif
