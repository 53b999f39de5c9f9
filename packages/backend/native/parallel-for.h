/*
 * Splits a loop over [0, n) across the threads of oneDNN's OpenMP pool, the pool its
 * convolutions already run on, so that the memory-bound native kernels use the thread budget
 * without starting a pool of their own (two pools on two cores would fight). Without oneDNN, or
 * with a budget of one thread, for small n, or inside another parallel loop, the loop runs on the
 * calling thread.
 */
#ifndef GENMODELS_PARALLEL_FOR_H
#define GENMODELS_PARALLEL_FOR_H
#include <stdint.h>

/*
 * Calls body(ctx, begin, end) on contiguous chunks covering [0, n), one per thread, when n is at
 * least 2 * grain (chunks follow the thread count; kernels whose result must not depend on it
 * reduce across chunks in a fixed order themselves).
 */
void gm_parallel_for(int64_t n, int64_t grain, void (*body)(void* ctx, int64_t begin, int64_t end), void* ctx);

#endif
