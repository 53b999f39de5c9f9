/*
 * Memory-bound layout kernels that tfjs-backend-wasm runs slowly on NHWC activations (measured in
 * the DDPM UNet's training step: a channel split of [128, 14, 14, 128] took ~55 ms, the nearest-
 * neighbour upsampling gradient ~33 ms, a bias gradient (a sum over all but the channel axis)
 * ~1.3 ms per call through a transpose; these loops take a fraction of that). The last-axis
 * concat (a UNet's skip connections; the gradient of a coupling layer's split) ran at about 25 ms
 * per [64, 28, 28, 1] + [64, 28, 28, 1] pair in the RealNVP step on the stock kernel, and the
 * gather of a training batch (128 rows of 784 floats) 14-40 ms.
 */
#include "memory-layout.h"

#include "parallel-for.h"

#include <stdlib.h>
#include <string.h>

void gm_split_last_axis(const float* x, int64_t rows, int64_t width, const int64_t* sizes, int64_t parts, float** outputs) {
  for (int64_t r = 0; r < rows; r++) {
    const float* src = x + r * width;
    for (int64_t k = 0; k < parts; k++) {
      memcpy(outputs[k] + r * sizes[k], src, (size_t)sizes[k] * sizeof(float));
      src += sizes[k];
    }
  }
}

void gm_concat_last_axis(const float* const* inputs, const int64_t* sizes, int64_t parts, int64_t rows, float* y) {
  for (int64_t r = 0; r < rows; r++)
    for (int64_t k = 0; k < parts; k++) {
      memcpy(y, inputs[k] + r * sizes[k], (size_t)sizes[k] * sizeof(float));
      y += sizes[k];
    }
}

int64_t gm_gather(const float* x, int64_t outer, int64_t dim, int64_t inner, const int32_t* indices, int64_t count, float* y) {
  for (int64_t i = 0; i < count; i++)
    if (indices[i] < 0 || indices[i] >= dim) return i;
  for (int64_t o = 0; o < outer; o++)
    for (int64_t i = 0; i < count; i++) memcpy(y + (o * count + i) * inner, x + (o * dim + indices[i]) * inner, (size_t)inner * sizeof(float));
  return -1;
}

void gm_resize_nearest_grad(const float* dy, int64_t n, int64_t h, int64_t w, int64_t c, int64_t fh, int64_t fw, float* dx) {
  const int64_t outW = w * fw;
  memset(dx, 0, (size_t)(n * h * w * c) * sizeof(float));
  for (int64_t b = 0; b < n; b++) {
    for (int64_t i = 0; i < h * fh; i++) {
      const float* dyRow = dy + ((b * h * fh + i) * outW) * c;
      float* dxRow = dx + ((b * h + i / fh) * w) * c;
      for (int64_t j = 0; j < outW; j++) {
        const float* src = dyRow + j * c;
        float* dst = dxRow + (j / fw) * c;
        for (int64_t k = 0; k < c; k++) dst[k] += src[k];
      }
    }
  }
}

/* Rows per block of gm_sum_leading_axes: float partial sums over a block (vectorizable), accumulated in double. */
#define SUM_BLOCK 64

typedef struct {
  const float* x;
  int64_t rows, cols;
  float* partials; /* [blocks, cols] */
} SumTask;

static void sum_blocks(void* data, int64_t begin, int64_t end) {
  const SumTask* t = data;
  for (int64_t b = begin; b < end; b++) {
    float* partial = t->partials + b * t->cols;
    memset(partial, 0, (size_t)t->cols * sizeof(float));
    const int64_t r1 = (b + 1) * SUM_BLOCK < t->rows ? (b + 1) * SUM_BLOCK : t->rows;
    for (int64_t r = b * SUM_BLOCK; r < r1; r++) {
      const float* row = t->x + r * t->cols;
      for (int64_t j = 0; j < t->cols; j++) partial[j] += row[j];
    }
  }
}

/* The blocks' float sums are taken in parallel and added in block order, so the result does not depend on the thread count. */
int gm_sum_leading_axes(const float* x, int64_t rows, int64_t cols, float* out) {
  const int64_t blocks = (rows + SUM_BLOCK - 1) / SUM_BLOCK;
  double* total = calloc((size_t)cols, sizeof(double));
  float* partials = malloc((size_t)(blocks * cols) * sizeof(float));
  if (total == NULL || partials == NULL) {
    free(total);
    free(partials);
    return -1;
  }
  SumTask task = {x, rows, cols, partials};
  gm_parallel_for(blocks, (1 << 16) / (SUM_BLOCK * cols) + 1, sum_blocks, &task);
  for (int64_t b = 0; b < blocks; b++)
    for (int64_t j = 0; j < cols; j++) total[j] += partials[b * cols + j];
  for (int64_t j = 0; j < cols; j++) out[j] = (float)total[j];
  free(total);
  free(partials);
  return 0;
}
