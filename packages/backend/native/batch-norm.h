/* Fused batch normalization (+ optional ReLU / leaky ReLU) over the rows of [rows, channels] float32; see batch-norm.c. */
#ifndef GENMODELS_BATCH_NORM_H
#define GENMODELS_BATCH_NORM_H
#include <stdint.h>

/* The activation after the affine step. */
enum { GM_BATCH_NORM_LINEAR = 0, GM_BATCH_NORM_RELU = 1, GM_BATCH_NORM_LEAKY_RELU = 2 };

/* Writes y, the per-channel batch mean and the biased batch variance. Returns 0, or -1 when out of memory. */
int gm_batch_norm_forward(const float* x, const float* gamma, const float* beta, int64_t rows, int64_t c, float epsilon, int activation,
                          float leakyAlpha, float* y, float* mean, float* variance);

/* dx, dgamma, dbeta from dy and the forward's inputs and statistics. Returns 0, or -1 when out of memory. */
int gm_batch_norm_backward(const float* dy, const float* x, const float* gamma, const float* beta, const float* mean, const float* variance,
                           int64_t rows, int64_t c, float epsilon, int activation, float leakyAlpha, float* dx, float* dgamma, float* dbeta);

#endif
