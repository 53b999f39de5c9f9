/* The sum of squares of a float32 array (the per-step gradient norm of core-nn's minimize), on the OpenMP pool. */
#ifndef GENMODELS_SUM_OF_SQUARES_H
#define GENMODELS_SUM_OF_SQUARES_H
#include <stdint.h>

/*
 * sum of x[i]^2 over i < n, accumulated in double in blocks of a fixed size and the blocks added
 * in order, so the result does not depend on the thread count. Returns 0, or 1 when out of memory.
 */
int gm_sum_of_squares(const float* x, int64_t n, double* result);

#endif
