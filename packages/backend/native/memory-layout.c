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

int gm_sum_leading_axes(const float* x, int64_t rows, int64_t cols, float* out) {
  double* total = calloc((size_t)cols, sizeof(double));
  float* partial = malloc((size_t)cols * sizeof(float));
  if (total == NULL || partial == NULL) {
    free(total);
    free(partial);
    return -1;
  }
  /* float partial sums over blocks of 64 rows (vectorizable), accumulated in double. */
  for (int64_t r0 = 0; r0 < rows; r0 += 64) {
    const int64_t r1 = r0 + 64 < rows ? r0 + 64 : rows;
    memset(partial, 0, (size_t)cols * sizeof(float));
    for (int64_t r = r0; r < r1; r++) {
      const float* row = x + r * cols;
      for (int64_t j = 0; j < cols; j++) partial[j] += row[j];
    }
    for (int64_t j = 0; j < cols; j++) total[j] += partial[j];
  }
  for (int64_t j = 0; j < cols; j++) out[j] = (float)total[j];
  free(total);
  free(partial);
  return 0;
}
