/*
 * Fused batch normalization (Ioffe & Szegedy, "Batch Normalization", 2015) with the activation
 * that follows it in DCGAN-style networks (ReLU in the generator, leaky ReLU in the discriminator:
 * Radford et al. 2016), on float32 [rows, channels] (NHWC or [batch, units] with every axis but
 * the last flattened). TF.js composes the training-mode layer from tf.moments and ~10 element-wise
 * kernels, and its gradient from ~30 more, each a full pass over memory on one thread; this is
 * three passes forward and two backward.
 *
 * Statistics are over the rows, per channel: mean, then the biased variance about it (two passes:
 * no cancellation when |mean| >> std). Rows are cut into blocks whose size depends on the channel
 * count only; blocks run in parallel, each summing in float over chunks of 64 rows into double,
 * and the block sums are added in block order, so results do not depend on the thread count.
 */
#include "batch-norm.h"

#include "parallel-for.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_ROWS 64

/* Rows per block: about 64 Ki values. */
static int64_t block_rows(int64_t c) { return c >= 65536 ? 1 : 65536 / c; }

typedef struct {
  const float *x, *dy;
  int64_t rows, c, blockRows;
  int activation;
  float leakyAlpha;
  /* Per channel: the mean, 1 / sqrt(variance + epsilon), and u = x * scale + shift. */
  const float *center, *inv, *scale, *shift;
  /* Backward, per channel: mean over rows of g and of g * xhat. */
  const float *meanG, *meanGX;
  float *y, *dx;
  double* blockSums; /* [blocks, 2c] */
  int failed;
} BatchNormTask;

static int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }

static float activate(float u, int activation, float leakyAlpha) {
  if (activation == GM_BATCH_NORM_RELU) return u > 0.f ? u : 0.f;
  if (activation == GM_BATCH_NORM_LEAKY_RELU) return u > 0.f ? u : leakyAlpha * u;
  return u;
}

/* d act / du, as TF.js's gradients take it at u = 0: relu 0, leaky relu alpha. */
static float activation_slope(float u, int activation, float leakyAlpha) {
  if (activation == GM_BATCH_NORM_RELU) return u > 0.f ? 1.f : 0.f;
  if (activation == GM_BATCH_NORM_LEAKY_RELU) return u > 0.f ? 1.f : leakyAlpha;
  return 1.f;
}

/*
 * Blocks [begin, end): blockSums[b, j] = sum over the block's rows of x[r, j] (center NULL) or of
 * (x[r, j] - center[j])^2.
 */
static void block_moment_sums(void* data, int64_t begin, int64_t end) {
  BatchNormTask* t = data;
  const int64_t c = t->c;
  float* partial = malloc((size_t)c * sizeof(float));
  if (partial == NULL) {
    t->failed = 1;
    return;
  }
  for (int64_t block = begin; block < end; block++) {
    const int64_t r0 = block * t->blockRows, r1 = min64(r0 + t->blockRows, t->rows);
    double* sums = t->blockSums + block * 2 * c;
    memset(sums, 0, (size_t)c * sizeof(double));
    for (int64_t p0 = r0; p0 < r1; p0 += CHUNK_ROWS) {
      const int64_t p1 = min64(p0 + CHUNK_ROWS, r1);
      memset(partial, 0, (size_t)c * sizeof(float));
      for (int64_t r = p0; r < p1; r++) {
        const float* row = t->x + r * c;
        if (t->center == NULL) {
          for (int64_t j = 0; j < c; j++) partial[j] += row[j];
        } else {
          for (int64_t j = 0; j < c; j++) {
            const float d = row[j] - t->center[j];
            partial[j] += d * d;
          }
        }
      }
      for (int64_t j = 0; j < c; j++) sums[j] += partial[j];
    }
  }
  free(partial);
}

/* out[j] = sum over blocks, in block order, of blockSums[b, offset + j]. */
static void ordered_sums(const BatchNormTask* t, int64_t blocks, int64_t offset, double* out) {
  const int64_t c = t->c;
  for (int64_t j = 0; j < c; j++) out[j] = 0;
  for (int64_t b = 0; b < blocks; b++) {
    const double* sums = t->blockSums + b * 2 * c + offset;
    for (int64_t j = 0; j < c; j++) out[j] += sums[j];
  }
}

/* Rows [begin, end) of y = act(x * scale + shift). */
static void forward_rows(void* data, int64_t begin, int64_t end) {
  BatchNormTask* t = data;
  const int64_t c = t->c;
  for (int64_t r = begin; r < end; r++) {
    const float* row = t->x + r * c;
    float* out = t->y + r * c;
    for (int64_t j = 0; j < c; j++) out[j] = row[j] * t->scale[j] + t->shift[j];
    if (t->activation != GM_BATCH_NORM_LINEAR)
      for (int64_t j = 0; j < c; j++) out[j] = activate(out[j], t->activation, t->leakyAlpha);
  }
}

/*
 * Per-channel scale and shift of u = gamma * xhat + beta from the stored float statistics (the
 * backward pass rebuilds the same floats, so u, and with it the activation's slope, is bit for bit
 * the forward's).
 */
static void affine_terms(const float* gamma, const float* beta, const float* mean, const float* variance, int64_t c, float epsilon, float* center,
                         float* inv, float* scale, float* shift) {
  for (int64_t j = 0; j < c; j++) {
    center[j] = mean[j];
    inv[j] = (float)(1.0 / sqrt((double)variance[j] + (double)epsilon));
    scale[j] = gamma[j] * inv[j];
    shift[j] = beta[j] - center[j] * scale[j];
  }
}

/* The forward pass with its working memory: blockSums [blocks, 2c], moments [c], terms [4c]. */
static int forward_in(const float* x, const float* gamma, const float* beta, int64_t rows, int64_t c, float epsilon, int activation,
                      float leakyAlpha, float* y, float* mean, float* variance, double* blockSums, double* moments, float* terms) {
  const int64_t blockRows = block_rows(c), blocks = (rows + blockRows - 1) / blockRows;
  float *center = terms, *inv = terms + c, *scale = terms + 2 * c, *shift = terms + 3 * c;
  BatchNormTask task = {.x = x, .rows = rows, .c = c, .blockRows = blockRows, .activation = activation, .leakyAlpha = leakyAlpha, .y = y,
                        .blockSums = blockSums};
  gm_parallel_for(blocks, 1, block_moment_sums, &task);
  if (task.failed) return -1;
  ordered_sums(&task, blocks, 0, moments);
  for (int64_t j = 0; j < c; j++) center[j] = mean[j] = (float)(moments[j] / (double)rows);
  task.center = center;
  gm_parallel_for(blocks, 1, block_moment_sums, &task);
  if (task.failed) return -1;
  ordered_sums(&task, blocks, 0, moments);
  for (int64_t j = 0; j < c; j++) variance[j] = (float)(moments[j] / (double)rows);
  affine_terms(gamma, beta, mean, variance, c, epsilon, center, inv, scale, shift);
  task.scale = scale;
  task.shift = shift;
  gm_parallel_for(rows, blockRows, forward_rows, &task);
  return 0;
}

int gm_batch_norm_forward(const float* x, const float* gamma, const float* beta, int64_t rows, int64_t c, float epsilon, int activation,
                          float leakyAlpha, float* y, float* mean, float* variance) {
  const int64_t blocks = (rows + block_rows(c) - 1) / block_rows(c);
  double* blockSums = malloc((size_t)(blocks * 2 * c) * sizeof(double));
  double* moments = malloc((size_t)c * sizeof(double));
  float* terms = malloc((size_t)(4 * c) * sizeof(float));
  const int status = blockSums == NULL || moments == NULL || terms == NULL
                         ? -1
                         : forward_in(x, gamma, beta, rows, c, epsilon, activation, leakyAlpha, y, mean, variance, blockSums, moments, terms);
  free(blockSums);
  free(moments);
  free(terms);
  return status;
}

/*
 * Blocks [begin, end) of the first backward pass: g = dL/du = dy * act'(u) into dx, and the
 * block's sums of g (blockSums[b, j]) and of g * xhat (blockSums[b, c + j]).
 */
static void backward_block_sums(void* data, int64_t begin, int64_t end) {
  BatchNormTask* t = data;
  const int64_t c = t->c;
  float* partial = malloc((size_t)(2 * c) * sizeof(float));
  if (partial == NULL) {
    t->failed = 1;
    return;
  }
  float *sumG = partial, *sumGX = partial + c;
  for (int64_t block = begin; block < end; block++) {
    const int64_t r0 = block * t->blockRows, r1 = min64(r0 + t->blockRows, t->rows);
    double* sums = t->blockSums + block * 2 * c;
    memset(sums, 0, (size_t)(2 * c) * sizeof(double));
    for (int64_t p0 = r0; p0 < r1; p0 += CHUNK_ROWS) {
      const int64_t p1 = min64(p0 + CHUNK_ROWS, r1);
      memset(partial, 0, (size_t)(2 * c) * sizeof(float));
      for (int64_t r = p0; r < p1; r++) {
        const float* row = t->x + r * c;
        const float* drow = t->dy + r * c;
        float* grow = t->dx + r * c;
        if (t->activation == GM_BATCH_NORM_LINEAR) {
          memcpy(grow, drow, (size_t)c * sizeof(float));
        } else {
          for (int64_t j = 0; j < c; j++) grow[j] = drow[j] * activation_slope(row[j] * t->scale[j] + t->shift[j], t->activation, t->leakyAlpha);
        }
        for (int64_t j = 0; j < c; j++) {
          const float xhat = (row[j] - t->center[j]) * t->inv[j];
          sumG[j] += grow[j];
          sumGX[j] += grow[j] * xhat;
        }
      }
      for (int64_t j = 0; j < 2 * c; j++) sums[j] += partial[j];
    }
  }
  free(partial);
}

/* Rows [begin, end) of dx = gamma * invStd * (g - mean(g) - xhat * mean(g * xhat)); dx holds g on entry. */
static void backward_rows(void* data, int64_t begin, int64_t end) {
  BatchNormTask* t = data;
  const int64_t c = t->c;
  for (int64_t r = begin; r < end; r++) {
    const float* row = t->x + r * c;
    float* grow = t->dx + r * c;
    for (int64_t j = 0; j < c; j++) {
      const float xhat = (row[j] - t->center[j]) * t->inv[j];
      grow[j] = t->scale[j] * (grow[j] - t->meanG[j] - xhat * t->meanGX[j]);
    }
  }
}

/* The backward pass with its working memory: blockSums [blocks, 2c], totals [2c], terms [6c]. */
static int backward_in(const float* dy, const float* x, const float* gamma, const float* beta, const float* mean, const float* variance, int64_t rows,
                       int64_t c, float epsilon, int activation, float leakyAlpha, float* dx, float* dgamma, float* dbeta, double* blockSums,
                       double* totals, float* terms) {
  const int64_t blockRows = block_rows(c), blocks = (rows + blockRows - 1) / blockRows;
  float *center = terms, *inv = terms + c, *scale = terms + 2 * c, *shift = terms + 3 * c, *meanG = terms + 4 * c, *meanGX = terms + 5 * c;
  affine_terms(gamma, beta, mean, variance, c, epsilon, center, inv, scale, shift);
  BatchNormTask task = {.x = x, .dy = dy, .rows = rows, .c = c, .blockRows = blockRows, .activation = activation, .leakyAlpha = leakyAlpha,
                        .center = center, .inv = inv, .scale = scale, .shift = shift, .meanG = meanG, .meanGX = meanGX, .dx = dx,
                        .blockSums = blockSums};
  gm_parallel_for(blocks, 1, backward_block_sums, &task);
  if (task.failed) return -1;
  ordered_sums(&task, blocks, 0, totals);
  ordered_sums(&task, blocks, c, totals + c);
  for (int64_t j = 0; j < c; j++) {
    dbeta[j] = (float)totals[j];
    dgamma[j] = (float)totals[c + j];
    meanG[j] = (float)(totals[j] / (double)rows);
    meanGX[j] = (float)(totals[c + j] / (double)rows);
  }
  gm_parallel_for(rows, blockRows, backward_rows, &task);
  return 0;
}

/*
 * With xhat = (x - mean) * invStd, u = gamma * xhat + beta, y = act(u) and g = dL/du over m rows:
 * dbeta = sum g, dgamma = sum g * xhat, dx = gamma * invStd * (g - mean(g) - xhat * mean(g * xhat)).
 */
int gm_batch_norm_backward(const float* dy, const float* x, const float* gamma, const float* beta, const float* mean, const float* variance,
                           int64_t rows, int64_t c, float epsilon, int activation, float leakyAlpha, float* dx, float* dgamma, float* dbeta) {
  const int64_t blocks = (rows + block_rows(c) - 1) / block_rows(c);
  double* blockSums = malloc((size_t)(blocks * 2 * c) * sizeof(double));
  double* totals = malloc((size_t)(2 * c) * sizeof(double));
  float* terms = malloc((size_t)(6 * c) * sizeof(float));
  const int status = blockSums == NULL || totals == NULL || terms == NULL
                         ? -1
                         : backward_in(dy, x, gamma, beta, mean, variance, rows, c, epsilon, activation, leakyAlpha, dx, dgamma, dbeta, blockSums,
                                       totals, terms);
  free(blockSums);
  free(totals);
  free(terms);
  return status;
}
