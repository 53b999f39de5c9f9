/*
 * The Bernoulli negative log-likelihood of logits, summed over each row, and its gradient (the
 * GenmodelsBernoulliNLL contract of @genmodels/core-nn's bernoulli-nll.ts), on the OpenMP pool.
 */
#ifndef GENMODELS_BERNOULLI_NLL_H
#define GENMODELS_BERNOULLI_NLL_H

#include <stdint.h>

/*
 * out[r] = sum over c of max(l, 0) - l x + log(1 + exp(-|l|)) for l = logits[r, c], x = x[r, c]
 * (each term in float32 in that order, the row summed in double), rows x cols arrays.
 */
void gm_bernoulli_nll(const float* logits, const float* x, int64_t rows, int64_t cols, float* out);

/* dlogits[r, c] = dy[r] * (sigmoid(logits[r, c]) - x[r, c]). */
void gm_bernoulli_nll_grad(const float* dy, const float* logits, const float* x, int64_t rows, int64_t cols, float* dlogits);

#endif
