/* Fused group normalization (+ optional SiLU) on NHWC float32; see group-norm.c. Return 0, or -1 when out of memory. */
#ifndef GENMODELS_GROUP_NORM_H
#define GENMODELS_GROUP_NORM_H
#include <stdint.h>

int gm_group_norm_forward(const float* x, const float* gamma, const float* beta, int64_t n, int64_t hw, int64_t c, int64_t groups,
                          float epsilon, int silu, float* y, float* mean, float* invStd);

int gm_group_norm_backward(const float* dy, const float* x, const float* gamma, const float* beta, const float* mean, const float* invStd,
                           int64_t n, int64_t hw, int64_t c, int64_t groups, int silu, float* dx, float* dgamma, float* dbeta);

#endif
