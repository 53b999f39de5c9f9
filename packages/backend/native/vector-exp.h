/*
 * exp(x) for float32 in a form compilers vectorise (the libm call does not): the argument is
 * reduced to x = k ln 2 + r with |r| <= ln 2 / 2 (k rounded with the 1.5 * 2^23 trick, ln 2
 * split in a high part exact in float and a low part), exp(r) by its degree-7 Taylor polynomial
 * (truncation error below 2e-9 relative there), and 2^k built from k's bits. Within 2 float ulps
 * of expf over [-87.34, 88.72]; arguments outside are clamped to that range (where expf overflows or
 * falls below the normal numbers).
 */
#ifndef GENMODELS_VECTOR_EXP_H
#define GENMODELS_VECTOR_EXP_H
#include <stdint.h>

static inline float gm_expf(float x) {
  x = x < -87.3365479f ? -87.3365479f : x; /* exp of it is the smallest normal float */
  x = x > 88.7228394f ? 88.7228394f : x; /* the largest argument whose expf is finite */
  const float shifter = 12582912.f; /* 1.5 * 2^23: adding it rounds to an integer in the low bits */
  const float t = x * 1.44269504f + shifter;
  const float k = t - shifter;
  const float r = (x - k * 0.693359375f) - k * -2.12194440e-4f;
  float p = 1.f / 5040.f;
  p = p * r + 1.f / 720.f;
  p = p * r + 1.f / 120.f;
  p = p * r + 1.f / 24.f;
  p = p * r + 1.f / 6.f;
  p = p * r + 0.5f;
  p = p * r + 1.f;
  p = p * r + 1.f;
  /* 2^k as 2^k1 * 2^k2 with k1 = floor(k / 2): each factor a normal float for k in [-126, 128]. */
  const int32_t ki = (int32_t)k, k1 = ki >> 1, k2 = ki - k1;
  union {
    int32_t bits;
    float value;
  } s1, s2;
  s1.bits = (k1 + 127) << 23;
  s2.bits = (k2 + 127) << 23;
  return p * s1.value * s2.value;
}

/* 1 / (1 + exp(-x)). */
static inline float gm_sigmoidf(float x) { return 1.f / (1.f + gm_expf(-x)); }

#endif
