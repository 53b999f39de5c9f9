/*
 * log(x) and log1p(x) for float32 in a form compilers vectorise (glibc's logf and log1pf are
 * scalar calls: log1pf over 100 352 values took 0.9 ms on 2 threads). x = m 2^e with m in
 * [sqrt(1/2), sqrt(2)); log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172, by its odd series
 * to s^11 (truncation below 1e-10 relative); e ln 2 with ln 2 split in a part exact in float and
 * the rest. Subnormals are scaled by 2^23 first. log1p(x) = log(u) x / (u - 1), u = 1 + x (exact
 * for the rounding of u, Goldberg 1991, "What every computer scientist should know about
 * floating-point arithmetic", thm. 4), x where u rounds to 1. Special values as libm: log(0) =
 * -inf, log(x < 0) = NaN, log(inf) = inf, NaN stays NaN.
 */
#ifndef GENMODELS_VECTOR_LOG_H
#define GENMODELS_VECTOR_LOG_H
#include <math.h>
#include <stdint.h>

static inline float gm_logf(float x) {
  union {
    float f;
    int32_t i;
  } u = {x};
  const int tiny = x < 1.17549435e-38f; /* subnormal (or zero / negative, handled below) */
  u.f = tiny ? x * 8388608.f : x;
  /* Exponent and mantissa with the mantissa in [sqrt(1/2), sqrt(2)): shift by the bits of sqrt(1/2). */
  const int32_t shifted = u.i - 0x3f3504f3;
  const int32_t e = (shifted >> 23) - (tiny ? 23 : 0);
  u.i = (shifted & 0x007fffff) + 0x3f3504f3;
  const float m = u.f;
  const float s = (m - 1.f) / (m + 1.f);
  const float s2 = s * s;
  float p = 2.f / 11.f;
  p = p * s2 + 2.f / 9.f;
  p = p * s2 + 2.f / 7.f;
  p = p * s2 + 2.f / 5.f;
  p = p * s2 + 2.f / 3.f;
  p = p * s2 + 2.f;
  const float fe = (float)e;
  float r = fe * 0.693359375f + (s * p + fe * -2.12194440e-4f);
  r = x == 0.f ? -INFINITY : r;
  r = x < 0.f || x != x ? NAN : r;
  r = x == INFINITY ? INFINITY : r;
  return r;
}

static inline float gm_log1pf(float x) {
  const float u = 1.f + x;
  const float d = u - 1.f;
  float r = gm_logf(u) * (x / (d == 0.f ? 1.f : d));
  r = d == 0.f ? x : r;
  r = x == INFINITY ? INFINITY : r;
  return r;
}

#endif
