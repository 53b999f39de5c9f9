/*
 * Fused group normalization (Wu & He, "Group Normalization", 2018) with an optional SiLU
 * (Elfwing et al. 2018) on NHWC float32 tensors, forward and backward in two passes each over
 * the activations. TF.js composes the same layer from ~25 element-wise and reduction kernels
 * (and its gradient from as many again), each a full pass over memory; this is the layer the
 * UNets of the diffusion models spend most of their non-convolution time in.
 *
 * Shapes: x, y, dy, dx [n, hw, c]; gamma, beta, dgamma, dbeta [c]; mean, invStd [n, groups].
 * Group g holds channels [g * c / groups, (g + 1) * c / groups).
 */
#include "group-norm.h"

#include "memory-layout.h"
#include "parallel-for.h"
#include "vector-clones.h"
#include "vector-exp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const float *x, *gamma, *beta, *dy;
  const float *mean, *invStd; /* backward */
  int64_t hw, c, groups;
  float epsilon;
  int silu, failed;
  float *y, *meanOut, *invStdOut; /* forward */
  float* dx;
  double* exampleSums; /* backward: [n, 2c] per-example sums of g and g * xhat */
} GroupNormTask;

/* Examples [begin, end) of the forward pass. */
GM_VECTOR_CLONES static void forward_examples(void* data, int64_t begin, int64_t end) {
  GroupNormTask* t = data;
  const float *x = t->x, *gamma = t->gamma, *beta = t->beta;
  const int64_t hw = t->hw, c = t->c, groups = t->groups;
  const float epsilon = t->epsilon;
  const int silu = t->silu;
  float *y = t->y, *mean = t->meanOut, *invStd = t->invStdOut;
  const int64_t perGroup = c / groups;
  const double count = (double)(hw * perGroup);
  float* scale = malloc((size_t)(2 * c) * sizeof(float));
  double* channelSum = malloc((size_t)c * sizeof(double));
  float* partial = malloc((size_t)c * sizeof(float));
  if (scale == NULL || channelSum == NULL || partial == NULL) {
    free(scale);
    free(channelSum);
    free(partial);
    t->failed = 1;
    return;
  }
  float* shift = scale + c;
  for (int64_t b = begin; b < end; b++) {
    const float* xb = x + b * hw * c;
    float* yb = y + b * hw * c;
    float* meanB = mean + b * groups;
    float* invStdB = invStd + b * groups;
    /* Pass 1: means, from per-channel sums over the pixels. */
    if (gm_sum_leading_axes(xb, hw, c, partial) != 0) {
      t->failed = 1;
      break;
    }
    for (int64_t g = 0; g < groups; g++) {
      double s = 0;
      for (int64_t j = g * perGroup; j < (g + 1) * perGroup; j++) s += partial[j];
      meanB[g] = (float)(s / count);
    }
    /* Pass 2: variances about the mean (two-pass: no cancellation when |mean| >> std); float sums
     * over blocks of 64 pixels, accumulated in double. */
    for (int64_t j = 0; j < c; j++) shift[j] = meanB[j / perGroup];
    memset(channelSum, 0, (size_t)c * sizeof(double));
    for (int64_t p0 = 0; p0 < hw; p0 += 64) {
      const int64_t p1 = p0 + 64 < hw ? p0 + 64 : hw;
      memset(partial, 0, (size_t)c * sizeof(float));
      for (int64_t p = p0; p < p1; p++) {
        const float* row = xb + p * c;
        for (int64_t j = 0; j < c; j++) {
          const float d = row[j] - shift[j];
          partial[j] += d * d;
        }
      }
      for (int64_t j = 0; j < c; j++) channelSum[j] += partial[j];
    }
    for (int64_t g = 0; g < groups; g++) {
      double s = 0;
      for (int64_t j = g * perGroup; j < (g + 1) * perGroup; j++) s += channelSum[j];
      invStdB[g] = (float)(1.0 / sqrt(s / count + (double)epsilon));
    }
    /* y = x * scale + shift per channel, then SiLU. */
    for (int64_t j = 0; j < c; j++) {
      const int64_t g = j / perGroup;
      scale[j] = invStdB[g] * gamma[j];
      shift[j] = beta[j] - meanB[g] * scale[j];
    }
    for (int64_t p = 0; p < hw; p++) {
      const float* row = xb + p * c;
      float* out = yb + p * c;
      for (int64_t j = 0; j < c; j++) out[j] = row[j] * scale[j] + shift[j];
      if (silu)
        for (int64_t j = 0; j < c; j++) out[j] = out[j] * gm_sigmoidf(out[j]);
    }
  }
  free(scale);
  free(channelSum);
  free(partial);
}

/* Examples are independent: each runs on one thread, so the result does not depend on the thread count. */
int gm_group_norm_forward(const float* x, const float* gamma, const float* beta, int64_t n, int64_t hw, int64_t c, int64_t groups,
                          float epsilon, int silu, float* y, float* mean, float* invStd) {
  GroupNormTask task = {.x = x, .gamma = gamma, .beta = beta, .hw = hw, .c = c, .groups = groups, .epsilon = epsilon, .silu = silu,
                        .y = y, .meanOut = mean, .invStdOut = invStd};
  gm_parallel_for(n, 1 + (1 << 16) / (hw * c), forward_examples, &task);
  return task.failed ? -1 : 0;
}

/*
 * With xhat = (x - mean) * invStd, u = gamma * xhat + beta and y = act(u), g = dL/du:
 * dbeta = sum g, dgamma = sum g * xhat (over batch and pixels), and per example and group, with
 * m = pixels * channels in the group,
 * dx = invStd * (gamma g - mean_group(gamma g) - xhat * mean_group(gamma g xhat)).
 * dx holds g between the two passes.
 */
/* Examples [begin, end) of the backward pass; each example's sums of g and g * xhat go to exampleSums. */
GM_VECTOR_CLONES static void backward_examples(void* data, int64_t begin, int64_t end) {
  GroupNormTask* t = data;
  const float *dy = t->dy, *x = t->x, *gamma = t->gamma, *beta = t->beta, *mean = t->mean, *invStd = t->invStd;
  const int64_t hw = t->hw, c = t->c, groups = t->groups;
  const int silu = t->silu;
  float* dx = t->dx;
  const int64_t perGroup = c / groups;
  const double count = (double)(hw * perGroup);
  float* buffers = malloc((size_t)(6 * c) * sizeof(float));
  double* groupTerms = malloc((size_t)(2 * groups) * sizeof(double));
  if (buffers == NULL || groupTerms == NULL) {
    free(buffers);
    free(groupTerms);
    t->failed = 1;
    return;
  }
  float *scale = buffers, *shift = buffers + c, *center = buffers + 2 * c, *inv = buffers + 3 * c, *sumG = buffers + 4 * c,
        *sumGX = buffers + 5 * c;
  for (int64_t b = begin; b < end; b++) {
    double* totalG = t->exampleSums + b * 2 * c;
    double* totalGX = totalG + c;
    memset(totalG, 0, (size_t)(2 * c) * sizeof(double));
    const float* xb = x + b * hw * c;
    const float* dyb = dy + b * hw * c;
    float* dxb = dx + b * hw * c;
    for (int64_t j = 0; j < c; j++) {
      const int64_t g = j / perGroup;
      center[j] = mean[b * groups + g];
      inv[j] = invStd[b * groups + g];
      scale[j] = inv[j] * gamma[j];
      shift[j] = beta[j] - center[j] * scale[j];
    }
    double* exampleG = groupTerms;
    double* exampleGX = groupTerms + groups;
    memset(groupTerms, 0, (size_t)(2 * groups) * sizeof(double));
    /* Pass 1: g = dL/du into dx; per-channel sums of g and g * xhat (float over <= 64 pixels). */
    for (int64_t p0 = 0; p0 < hw; p0 += 64) {
      const int64_t p1 = p0 + 64 < hw ? p0 + 64 : hw;
      memset(sumG, 0, (size_t)(2 * c) * sizeof(float));
      for (int64_t p = p0; p < p1; p++) {
        const float* row = xb + p * c;
        const float* drow = dyb + p * c;
        float* grow = dxb + p * c;
        if (silu) {
          for (int64_t j = 0; j < c; j++) {
            const float u = row[j] * scale[j] + shift[j];
            const float s = gm_sigmoidf(u);
            grow[j] = drow[j] * s * (1.f + u * (1.f - s));
          }
        } else {
          memcpy(grow, drow, (size_t)c * sizeof(float));
        }
        for (int64_t j = 0; j < c; j++) {
          const float xhat = (row[j] - center[j]) * inv[j];
          sumG[j] += grow[j];
          sumGX[j] += grow[j] * xhat;
        }
      }
      for (int64_t j = 0; j < c; j++) {
        totalG[j] += sumG[j];
        totalGX[j] += sumGX[j];
        exampleG[j / perGroup] += (double)gamma[j] * sumG[j];
        exampleGX[j / perGroup] += (double)gamma[j] * sumGX[j];
      }
    }
    /* Pass 2: dx = invStd * (gamma g - a - xhat * bterm), a and bterm per group as floats per channel. */
    float* a = sumG; /* reuse: per-channel copies of the group terms */
    float* bterm = sumGX;
    for (int64_t j = 0; j < c; j++) {
      a[j] = (float)(exampleG[j / perGroup] / count);
      bterm[j] = (float)(exampleGX[j / perGroup] / count);
    }
    for (int64_t p = 0; p < hw; p++) {
      const float* row = xb + p * c;
      float* grow = dxb + p * c;
      for (int64_t j = 0; j < c; j++) {
        const float xhat = (row[j] - center[j]) * inv[j];
        grow[j] = inv[j] * (gamma[j] * grow[j] - a[j] - xhat * bterm[j]);
      }
    }
  }
  free(buffers);
  free(groupTerms);
}

/*
 * Examples run in parallel, each on one thread; the per-example sums behind dgamma and dbeta are
 * added in example order afterwards, so the result does not depend on the thread count.
 */
int gm_group_norm_backward(const float* dy, const float* x, const float* gamma, const float* beta, const float* mean, const float* invStd,
                           int64_t n, int64_t hw, int64_t c, int64_t groups, int silu, float* dx, float* dgamma, float* dbeta) {
  double* exampleSums = malloc((size_t)(n * 2 * c) * sizeof(double));
  if (exampleSums == NULL) return -1;
  GroupNormTask task = {.x = x, .gamma = gamma, .beta = beta, .dy = dy, .mean = mean, .invStd = invStd, .hw = hw, .c = c, .groups = groups,
                        .silu = silu, .dx = dx, .exampleSums = exampleSums};
  gm_parallel_for(n, 1 + (1 << 16) / (hw * c), backward_examples, &task);
  for (int64_t j = 0; j < c; j++) {
    double g = 0, gx = 0;
    for (int64_t b = 0; b < n; b++) {
      g += exampleSums[b * 2 * c + j];
      gx += exampleSums[b * 2 * c + c + j];
    }
    dbeta[j] = (float)g;
    dgamma[j] = (float)gx;
  }
  free(exampleSums);
  return task.failed ? -1 : 0;
}
