/* Layout kernels on float32 arrays; see memory-layout.c. */
#ifndef GENMODELS_MEMORY_LAYOUT_H
#define GENMODELS_MEMORY_LAYOUT_H
#include <stdint.h>

/* Splits x [rows, width] along its last axis into parts of sizes[k] columns (summing to width). */
void gm_split_last_axis(const float* x, int64_t rows, int64_t width, const int64_t* sizes, int64_t parts, float** outputs);

/* Concatenates inputs[k] [rows, sizes[k]] along their last axis into y [rows, sum of sizes]. */
void gm_concat_last_axis(const float* const* inputs, const int64_t* sizes, int64_t parts, int64_t rows, float* y);

/*
 * Gather along one axis: y [outer, count, inner] = x [outer, dim, inner] at `indices` on the
 * middle axis. Returns -1, or the position of the first index outside [0, dim) (nothing written).
 */
int64_t gm_gather(const float* x, int64_t outer, int64_t dim, int64_t inner, const int32_t* indices, int64_t count, float* y);

/*
 * Gradient of nearest-neighbour upsampling by integer factors (fh, fw) without corner alignment or
 * half-pixel centres (source pixel = floor(destination / factor)): dx [n, h, w, c] sums dy
 * [n, h * fh, w * fw, c] over each fh x fw block.
 */
void gm_resize_nearest_grad(const float* dy, int64_t n, int64_t h, int64_t w, int64_t c, int64_t fh, int64_t fw, float* dx);

/* out[j] = sum over r of x[r, j] for x [rows, cols] (a reduction over every axis but the last ones). Returns -1 when out of memory. */
int gm_sum_leading_axes(const float* x, int64_t rows, int64_t cols, float* out);

#endif
