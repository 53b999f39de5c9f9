/*
 * exp(x) for float32 in a form compilers vectorise (the libm call does not): the argument is
 * reduced to x = k ln 2 + r with |r| <= ln 2 / 2 (k rounded with the 1.5 * 2^23 trick, ln 2
 * split in a high part exact in float and a low part), exp(r) by its degree-7 Taylor polynomial
 * (truncation error below 2e-9 relative there), and 2^k built from k's bits. Within 2 float ulps
 * of expf over [-87, 88]; arguments outside are clamped to that range (where expf overflows or
 * falls below the normal numbers).
 */
#ifndef GENMODELS_VECTOR_EXP_H
#define GENMODELS_VECTOR_EXP_H
#include <stdint.h>

static inline float gm_expf(float x) {
  x = x < -87.f ? -87.f : x;
  x = x > 88.f ? 88.f : x;
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
  union {
    int32_t bits;
    float value;
  } scale;
  scale.bits = ((int32_t)k + 127) << 23;
  return p * scale.value;
}

/* 1 / (1 + exp(-x)). */
static inline float gm_sigmoidf(float x) { return 1.f / (1.f + gm_expf(-x)); }

#endif
