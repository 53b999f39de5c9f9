/*
 * genmodels-blas: the N-API addon of @genmodels/backend. It gives TF.js float32 matmul and NHWC
 * convolution kernels, plus the fused and memory-bound kernels of the other files here, reading and writing
 * Float32Arrays in place (in practice views into the wasm backend's heap; the caller allocates
 * the output first, since allocation may grow the heap).
 *
 * The libraries are found at run time (dlopen), not linked, so the addon loads wherever Node
 * runs and says what it found: convolutions run on oneDNN (onednn-library.c) when libdnnl.so.2
 * is there and not switched off, else as im2col + sgemm (im2col-conv.c); matmuls and the im2col
 * path call OpenBLAS's sgemm, or oneDNN's when OpenBLAS is absent (sgemm.c). This file only
 * checks arguments and dispatches.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adam-update.h"
#include "batch-norm.h"
#include "bernoulli-nll.h"
#include "binary-math.h"
#include "sum-of-squares.h"
#include "tap-stacked-conv.h"
#include "unary-math.h"
#include "bias-activation.h"
#include "conv-geometry.h"
#include "group-norm.h"
#include "im2col-conv.h"
#include "memory-layout.h"
#include "onednn-library.h"
#include "openblas-library.h"
#include "sgemm.h"

#define NAPI_CALL(env, call)                                          \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error((env), NULL, "genmodels-blas: " #call " failed"); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

static bool get_f32(napi_env env, napi_value v, float** data, size_t* len) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void* raw;
  if (napi_get_typedarray_info(env, v, &type, len, &raw, &buffer, &offset) != napi_ok || type != napi_float32_array) return false;
  *data = (float*)raw;
  return true;
}

/* An optional Float32Array: null/undefined gives NULL with length 0. */
static bool get_optional_f32(napi_env env, napi_value v, float** data, size_t* len) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return false;
  if (t == napi_null || t == napi_undefined) {
    *data = NULL;
    *len = 0;
    return true;
  }
  return get_f32(env, v, data, len);
}

static int64_t get_i64(napi_env env, napi_value v) {
  int64_t x = 0;
  napi_get_value_int64(env, v, &x);
  return x;
}

static bool get_bool(napi_env env, napi_value v) {
  bool b = false;
  napi_get_value_bool(env, v, &b);
  return b;
}

static double get_f64(napi_env env, napi_value v) {
  double x = 0;
  napi_get_value_double(env, v, &x);
  return x;
}

/* y[r, j] = act(y[r, j] + bias[j]) over a rows x n row-major block. */

static bool get_i32_array(napi_env env, napi_value v, int32_t** data, size_t* len);

static bool require_sgemm(napi_env env) {
  if (gm_sgemm_library() != GM_SGEMM_NONE) return true;
  napi_throw_error(env, NULL, "genmodels-blas: neither OpenBLAS nor oneDNN was found (install libopenblas0 or libdnnl2)");
  return false;
}

/*
 * sgemm(transA, transB, batch, m, n, k, a, aStride, b, bStride, c, bias, activation, alpha):
 * c[p] = act(op(a[p]) op(b[p]) + bias) for p < batch, row-major, c items m*n apart; a stride of 0
 * broadcasts one matrix to every item.
 */
static napi_value Sgemm(napi_env env, napi_callback_info info) {
  size_t argc = 14;
  napi_value a[14];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 14) {
    napi_throw_type_error(env, NULL, "sgemm expects 14 arguments");
    return NULL;
  }
  bool ta = get_bool(env, a[0]), tb = get_bool(env, a[1]);
  int64_t batch = get_i64(env, a[2]), m = get_i64(env, a[3]), n = get_i64(env, a[4]), k = get_i64(env, a[5]);
  int64_t aStride = get_i64(env, a[7]), bStride = get_i64(env, a[9]);
  float *A, *B, *C, *bias;
  size_t lenA, lenB, lenC, lenBias;
  if (!get_f32(env, a[6], &A, &lenA) || !get_f32(env, a[8], &B, &lenB) || !get_f32(env, a[10], &C, &lenC) ||
      !get_optional_f32(env, a[11], &bias, &lenBias)) {
    napi_throw_type_error(env, NULL, "sgemm: a, b and c must be Float32Arrays (bias a Float32Array or null)");
    return NULL;
  }
  int act = (int)get_i64(env, a[12]);
  float alpha = (float)get_f64(env, a[13]);
  if (batch < 1 || m < 1 || n < 1 || k < 1 || aStride < 0 || bStride < 0 || (size_t)((batch - 1) * aStride + m * k) > lenA ||
      (size_t)((batch - 1) * bStride + k * n) > lenB || (size_t)(batch * m * n) > lenC || (bias != NULL && (int64_t)lenBias != n)) {
    napi_throw_range_error(env, NULL, "sgemm: dimensions do not fit the arrays");
    return NULL;
  }
  if (!require_sgemm(env)) return NULL;
  for (int64_t p = 0; p < batch; p++) {
    float* c = C + p * m * n;
    if (gm_sgemm(ta, tb, (int)m, (int)n, (int)k, A + p * aStride, ta ? (int)m : (int)k, B + p * bStride, tb ? (int)k : (int)n, 0.f, c, (int)n) != 0) {
      napi_throw_error(env, NULL, "sgemm: the BLAS call failed");
      return NULL;
    }
    gm_bias_activation(c, m, n, bias, act, alpha);
  }
  return NULL;
}

/* Whether convolutions may run on oneDNN (setOnednn(false) forces the im2col path). */
static bool onednnEnabled = true;

/*
 * The one case where im2col + sgemm beats oneDNN 2.6's kernels: the input gradient of a
 * one-channel input (CPU time, 1 thread, AMD EPYC Zen 3, batch 64 at 28x28: 15.1 vs 13.7 GFLOP/s
 * at 4x4 stride 2, 12.7 vs 5.6 at 3x3). Everywhere else measured oneDNN was ahead or even
 * (forward 71-82 vs ~50 GFLOP/s at 3x3 64->64). A fixed rule, not a timing at run time, so that
 * every run computes with the same kernels (resumed training stays bit-identical).
 */
static bool prefer_im2col(int64_t mode, const GmConvGeometry* g) { return mode == GM_CONV_INPUT_GRAD && g->ci == 1; }

/*
 * The input gradient of a stride-1 convolution from at most 4 channels (RealNVP's 1 -> 64 first
 * layer) is itself a stride-1 convolution to at most 4 channels: of dy, with the filter flipped in
 * space and its channel axes swapped, padded kh - 1 - pt before. The tap-stacked kernel runs it as
 * one sgemm (1 -> 64 at 28x28, batch 64: 3.0 -> ~1 ms against im2col). Returns 1 when the geometry
 * does not apply, -1 when out of memory, else 0.
 */
static int tap_stacked_input_grad(const GmConvGeometry* g, const float* dy, const float* w, float* dx) {
  const GmConvGeometry t = {.batch = g->batch, .h = g->oh, .w = g->ow, .ci = g->co, .kh = g->kh, .kw = g->kw, .co = g->ci, .oh = g->h, .ow = g->w,
                            .sh = 1, .sw = 1, .pt = g->kh - 1 - g->pt, .pl = g->kw - 1 - g->pl, .dh = 1, .dw = 1};
  if (g->sh != 1 || g->sw != 1 || g->dh != 1 || g->dw != 1 || t.pt < 0 || t.pl < 0 || !gm_tap_stacked_conv_applies(&t)) return 1;
  float* flipped = malloc((size_t)(g->kh * g->kw * g->ci * g->co) * sizeof(float));
  if (flipped == NULL) return -1;
  for (int64_t i = 0; i < g->kh; i++)
    for (int64_t j = 0; j < g->kw; j++)
      for (int64_t c = 0; c < g->ci; c++)
        for (int64_t o = 0; o < g->co; o++)
          flipped[(((g->kh - 1 - i) * g->kw + (g->kw - 1 - j)) * g->co + o) * g->ci + c] = w[((i * g->kw + j) * g->ci + c) * g->co + o];
  const int status = gm_tap_stacked_conv(GM_CONV_FORWARD, &t, dy, flipped, dx, NULL, GM_ACT_LINEAR, 0.f);
  free(flipped);
  return status == 0 ? 0 : -1;
}

/* Runs one convolution on oneDNN or im2col; 1 when oneDNN ran it, 0 when im2col did, -1 after throwing. */
static int dispatch_conv(napi_env env, int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act,
                         float alpha) {
  int status = 1;
  bool onednn = false;
  if (gm_tap_stacked_conv_applies(g)) {
    if (!require_sgemm(env)) return -1;
    status = gm_tap_stacked_conv(mode, g, in0, in1, out, bias, act, alpha);
  } else if (mode == GM_CONV_INPUT_GRAD && g->ci <= 4 && gm_sgemm_library() != GM_SGEMM_NONE && (status = tap_stacked_input_grad(g, in0, in1, out)) != 1) {
    /* ran (0) or out of memory (-1) */
  } else if (onednnEnabled && !prefer_im2col(mode, g)) {
    status = gm_onednn_conv(mode, g, in0, in1, out, bias, act, alpha);
    onednn = status == 0;
  }
  if (status == 1) {
    if (!require_sgemm(env)) return -1;
    status = gm_im2col_conv(mode, g, in0, in1, out, bias, act, alpha);
  }
  if (status != 0) {
    napi_throw_error(env, NULL, "conv: out of memory");
    return -1;
  }
  return onednn ? 1 : 0;
}

/* Reads the Int32Array(15) geometry of conv and convGrad; throws and returns false when it is not one. */
static bool get_geometry(napi_env env, napi_value v, GmConvGeometry* g) {
  int32_t* geo;
  size_t geoLen;
  if (!get_i32_array(env, v, &geo, &geoLen) || geoLen != GM_CONV_GEOMETRY_FIELDS) {
    napi_throw_type_error(env, NULL, "conv: geometry must be an Int32Array of 15 values");
    return false;
  }
  int64_t* fields = &g->batch;
  for (int i = 0; i < GM_CONV_GEOMETRY_FIELDS; i++) fields[i] = geo[i];
  return true;
}

/* Whether a geometry is one a convolution can have (positive sizes, strides, dilations; padding >= 0). */
static bool valid_geometry(const GmConvGeometry* g) {
  const int64_t* fields = &g->batch;
  for (int i = 0; i < GM_CONV_GEOMETRY_FIELDS; i++)
    if (fields[i] < 0) return false;
  return g->batch > 0 && g->oh > 0 && g->ow > 0 && g->sh > 0 && g->sw > 0 && g->dh > 0 && g->dw > 0 && g->ci > 0 && g->co > 0 && g->kh > 0 && g->kw > 0;
}

/*
 * conv(mode, geometry: Int32Array(15), in0, in1, out, bias, activation, alpha): see
 * conv-geometry.h. Returns 1 when oneDNN ran it, 0 when im2col + sgemm did.
 */
static napi_value Conv(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value a[8];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 8) {
    napi_throw_type_error(env, NULL, "conv expects 8 arguments");
    return NULL;
  }
  const int64_t mode = get_i64(env, a[0]);
  GmConvGeometry g;
  if (!get_geometry(env, a[1], &g)) return NULL;
  float *in0, *in1, *out, *bias;
  size_t len0, len1, lenOut, lenBias;
  if (!get_f32(env, a[2], &in0, &len0) || !get_f32(env, a[3], &in1, &len1) || !get_f32(env, a[4], &out, &lenOut) ||
      !get_optional_f32(env, a[5], &bias, &lenBias)) {
    napi_throw_type_error(env, NULL, "conv: in0, in1 and out must be Float32Arrays (bias a Float32Array or null)");
    return NULL;
  }
  const int act = (int)get_i64(env, a[6]);
  const float alpha = (float)get_f64(env, a[7]);
  const int64_t xSize = g.batch * g.h * g.w * g.ci, ySize = g.batch * g.oh * g.ow * g.co, wSize = g.kh * g.kw * g.ci * g.co;
  bool fits;
  switch (mode) {
    case GM_CONV_FORWARD: fits = (int64_t)len0 >= xSize && (int64_t)len1 >= wSize && (int64_t)lenOut >= ySize; break;
    case GM_CONV_INPUT_GRAD: fits = (int64_t)len0 >= ySize && (int64_t)len1 >= wSize && (int64_t)lenOut >= xSize; break;
    case GM_CONV_FILTER_GRAD: fits = (int64_t)len0 >= xSize && (int64_t)len1 >= ySize && (int64_t)lenOut >= wSize; break;
    default: fits = false;
  }
  fits = fits && valid_geometry(&g) && (bias == NULL || (int64_t)lenBias == g.co) && act >= GM_ACT_LINEAR && act <= GM_ACT_ELU;
  if (!fits) {
    napi_throw_range_error(env, NULL, "conv: bad mode or geometry that does not fit the arrays");
    return NULL;
  }
  const int ran = dispatch_conv(env, (int)mode, &g, in0, in1, out, bias, act, alpha);
  if (ran < 0) return NULL;
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, ran, &result));
  return result;
}

/* The masked output gradient of convGrad (grown as needed, kept between calls). */
static float* maskedDy;
static size_t maskedDyCapacity;

/* g = dy * act'(y) into maskedDy (relu) or dy itself (linear); NULL when out of memory. */
static const float* activation_grad(const float* dy, const float* y, size_t n, int act) {
  if (act != GM_ACT_RELU) return dy;
  if (n > maskedDyCapacity) {
    free(maskedDy);
    maskedDy = malloc(n * sizeof(float));
    maskedDyCapacity = maskedDy != NULL ? n : 0;
    if (maskedDy == NULL) return NULL;
  }
  gm_relu_grad(dy, y, (int64_t)n, maskedDy);
  return maskedDy;
}


/*
 * convGrad(geometry, dy, x, w, y, activation, dx, dw, db): the gradients of y = act(conv(x, w) +
 * b) (@genmodels/core-nn's GenmodelsConv2DGrad): g = dy * act'(y) (linear: dy; relu: dy where
 * y > 0, else 0), db = the column sums of g, then dx and dw from g as conv modes 1 and 2 (dx may
 * be null: no input gradient). Returns how many of the convolutions oneDNN ran.
 */
static napi_value ConvGrad(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value a[9];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  GmConvGeometry g;
  if (argc < 9) {
    napi_throw_type_error(env, NULL, "convGrad expects 9 arguments");
    return NULL;
  }
  if (!get_geometry(env, a[0], &g)) return NULL;
  float *dy, *x, *w, *y, *dx, *dw, *db;
  size_t ldy, lx, lw, ly, ldx, ldw, ldb;
  if (!get_f32(env, a[1], &dy, &ldy) || !get_f32(env, a[2], &x, &lx) || !get_f32(env, a[3], &w, &lw) || !get_f32(env, a[4], &y, &ly) ||
      !get_optional_f32(env, a[6], &dx, &ldx) || !get_f32(env, a[7], &dw, &ldw) || !get_f32(env, a[8], &db, &ldb)) {
    napi_throw_type_error(env, NULL, "convGrad: dy, x, w, y, dw and db must be Float32Arrays, dx one or null");
    return NULL;
  }
  const int act = (int)get_i64(env, a[5]);
  const size_t xSize = (size_t)(g.batch * g.h * g.w * g.ci), ySize = (size_t)(g.batch * g.oh * g.ow * g.co), wSize = (size_t)(g.kh * g.kw * g.ci * g.co);
  if (!valid_geometry(&g) || (act != GM_ACT_LINEAR && act != GM_ACT_RELU) || ldy < ySize || ly < ySize || lx < xSize || (dx != NULL && ldx < xSize) || lw < wSize ||
      ldw < wSize || ldb < (size_t)g.co) {
    napi_throw_range_error(env, NULL, "convGrad: bad activation (linear or relu) or a geometry that does not fit the arrays");
    return NULL;
  }
  const float* grad = activation_grad(dy, y, ySize, act);
  if (grad == NULL) {
    napi_throw_error(env, NULL, "convGrad: out of memory");
    return NULL;
  }
  if (gm_sum_leading_axes(grad, (int64_t)(ySize / (size_t)g.co), g.co, db) != 0) {
    napi_throw_error(env, NULL, "convGrad: out of memory");
    return NULL;
  }
  const int ranInput = dx == NULL ? 0 : dispatch_conv(env, GM_CONV_INPUT_GRAD, &g, grad, w, dx, NULL, GM_ACT_LINEAR, 0.f);
  if (ranInput < 0) return NULL;
  const int ranFilter = dispatch_conv(env, GM_CONV_FILTER_GRAD, &g, x, grad, dw, NULL, GM_ACT_LINEAR, 0.f);
  if (ranFilter < 0) return NULL;
  napi_value result;
  NAPI_CALL(env, napi_create_int32(env, ranInput + ranFilter, &result));
  return result;
}

/*
 * denseGrad(n, k, m, dy, x, w, y, activation, dx, dw, db): the gradients of y = act(x w + b), x
 * [n, k], w [k, m] (@genmodels/core-nn's GenmodelsDenseGrad): g = dy * act'(y), dx = g w^T
 * (skipped when dx is null), dw = x^T g, db = the column sums of g.
 */
static napi_value DenseGrad(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value a[11];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float *dy, *x, *w, *y, *dx, *dw, *db;
  size_t ldy, lx, lw, ly, ldx, ldw, ldb;
  if (argc < 11 || !get_f32(env, a[3], &dy, &ldy) || !get_f32(env, a[4], &x, &lx) || !get_f32(env, a[5], &w, &lw) || !get_f32(env, a[6], &y, &ly) ||
      !get_optional_f32(env, a[8], &dx, &ldx) || !get_f32(env, a[9], &dw, &ldw) || !get_f32(env, a[10], &db, &ldb)) {
    napi_throw_type_error(env, NULL, "denseGrad(n, k, m, dy, x, w, y, activation, dx, dw, db): dy, x, w, y, dw and db must be Float32Arrays, dx one or null");
    return NULL;
  }
  const int64_t n = get_i64(env, a[0]), k = get_i64(env, a[1]), m = get_i64(env, a[2]);
  const int act = (int)get_i64(env, a[7]);
  if (n < 1 || k < 1 || m < 1 || (act != GM_ACT_LINEAR && act != GM_ACT_RELU) || ldy < (size_t)(n * m) || ly < (size_t)(n * m) ||
      lx < (size_t)(n * k) || (dx != NULL && ldx < (size_t)(n * k)) || lw < (size_t)(k * m) || ldw < (size_t)(k * m) || ldb < (size_t)m) {
    napi_throw_range_error(env, NULL, "denseGrad: bad activation (linear or relu) or sizes that do not fit the arrays");
    return NULL;
  }
  if (!require_sgemm(env)) return NULL;
  const float* g = activation_grad(dy, y, (size_t)(n * m), act);
  if (g == NULL || gm_sum_leading_axes(g, n, m, db) != 0) {
    napi_throw_error(env, NULL, "denseGrad: out of memory");
    return NULL;
  }
  if ((dx != NULL && gm_sgemm(0, 1, (int)n, (int)k, (int)m, g, (int)m, w, (int)m, 0.f, dx, (int)k) != 0) ||
      gm_sgemm(1, 0, (int)k, (int)m, (int)n, x, (int)k, g, (int)m, 0.f, dw, (int)m) != 0) {
    napi_throw_error(env, NULL, "denseGrad: the BLAS call failed");
  }
  return NULL;
}

static bool get_i32_array(napi_env env, napi_value v, int32_t** data, size_t* len) {
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  void* raw;
  if (napi_get_typedarray_info(env, v, &type, len, &raw, &buffer, &offset) != napi_ok || type != napi_int32_array) return false;
  *data = (int32_t*)raw;
  return true;
}

/* Reads [n, hw, c, groups] and checks that groups divides c; throws and returns false otherwise. */
static bool get_group_norm_dims(napi_env env, napi_value v, int64_t dims[4]) {
  int32_t* d;
  size_t len;
  if (!get_i32_array(env, v, &d, &len) || len != 4) {
    napi_throw_type_error(env, NULL, "groupNorm: dims must be an Int32Array [batch, pixels, channels, groups]");
    return false;
  }
  for (int i = 0; i < 4; i++) dims[i] = d[i];
  if (dims[0] < 1 || dims[1] < 1 || dims[2] < 1 || dims[3] < 1 || dims[2] % dims[3] != 0) {
    napi_throw_range_error(env, NULL, "groupNorm: dims must be positive and groups must divide channels");
    return false;
  }
  return true;
}

/* groupNorm(x, gamma, beta, dims, epsilon, silu, y, mean, invStd): see native/group-norm.c. */
static napi_value GroupNorm(napi_env env, napi_callback_info info) {
  size_t argc = 9;
  napi_value a[9];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  int64_t dims[4];
  if (argc < 9) {
    napi_throw_type_error(env, NULL, "groupNorm expects 9 arguments");
    return NULL;
  }
  if (!get_group_norm_dims(env, a[3], dims)) return NULL;
  float *x, *gamma, *beta, *y, *mean, *invStd;
  size_t lx, lg, lb, ly, lm, ls;
  if (!get_f32(env, a[0], &x, &lx) || !get_f32(env, a[1], &gamma, &lg) || !get_f32(env, a[2], &beta, &lb) || !get_f32(env, a[6], &y, &ly) ||
      !get_f32(env, a[7], &mean, &lm) || !get_f32(env, a[8], &invStd, &ls)) {
    napi_throw_type_error(env, NULL, "groupNorm: x, gamma, beta, y, mean and invStd must be Float32Arrays");
    return NULL;
  }
  const size_t size = (size_t)(dims[0] * dims[1] * dims[2]), stats = (size_t)(dims[0] * dims[3]);
  if (lx < size || ly < size || lg < (size_t)dims[2] || lb < (size_t)dims[2] || lm < stats || ls < stats) {
    napi_throw_range_error(env, NULL, "groupNorm: dims do not fit the arrays");
    return NULL;
  }
  if (gm_group_norm_forward(x, gamma, beta, dims[0], dims[1], dims[2], dims[3], (float)get_f64(env, a[4]), get_bool(env, a[5]), y, mean,
                            invStd) != 0) {
    napi_throw_error(env, NULL, "groupNorm: out of memory");
  }
  return NULL;
}

/* groupNormGrad(dy, x, gamma, beta, mean, invStd, dims, silu, dx, dgamma, dbeta): see native/group-norm.c. */
static napi_value GroupNormGrad(napi_env env, napi_callback_info info) {
  size_t argc = 11;
  napi_value a[11];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  int64_t dims[4];
  if (argc < 11) {
    napi_throw_type_error(env, NULL, "groupNormGrad expects 11 arguments");
    return NULL;
  }
  if (!get_group_norm_dims(env, a[6], dims)) return NULL;
  float *dy, *x, *gamma, *beta, *mean, *invStd, *dx, *dgamma, *dbeta;
  size_t ldy, lx, lg, lb, lm, ls, ldx, ldg, ldb;
  if (!get_f32(env, a[0], &dy, &ldy) || !get_f32(env, a[1], &x, &lx) || !get_f32(env, a[2], &gamma, &lg) || !get_f32(env, a[3], &beta, &lb) ||
      !get_f32(env, a[4], &mean, &lm) || !get_f32(env, a[5], &invStd, &ls) || !get_f32(env, a[8], &dx, &ldx) ||
      !get_f32(env, a[9], &dgamma, &ldg) || !get_f32(env, a[10], &dbeta, &ldb)) {
    napi_throw_type_error(env, NULL, "groupNormGrad: every array argument must be a Float32Array");
    return NULL;
  }
  const size_t size = (size_t)(dims[0] * dims[1] * dims[2]), stats = (size_t)(dims[0] * dims[3]), c = (size_t)dims[2];
  if (ldy < size || lx < size || ldx < size || lg < c || lb < c || ldg < c || ldb < c || lm < stats || ls < stats) {
    napi_throw_range_error(env, NULL, "groupNormGrad: dims do not fit the arrays");
    return NULL;
  }
  if (gm_group_norm_backward(dy, x, gamma, beta, mean, invStd, dims[0], dims[1], dims[2], dims[3], get_bool(env, a[7]), dx, dgamma, dbeta) != 0) {
    napi_throw_error(env, NULL, "groupNormGrad: out of memory");
  }
  return NULL;
}

/* Reads the Float32Array arguments a[which[i]] into data[i], len[i]; false when one is not a Float32Array. */
static bool get_f32_args(napi_env env, const napi_value* a, const int* which, int count, float** data, size_t* len) {
  for (int i = 0; i < count; i++)
    if (!get_f32(env, a[which[i]], &data[i], &len[i])) return false;
  return true;
}

/* Reads [rows, channels] and the activation code (0 linear, 1 relu, 2 leaky relu); throws and returns false otherwise. */
static bool get_batch_norm_shape(napi_env env, napi_value dimsValue, napi_value activationValue, int64_t dims[2], int* activation) {
  int32_t* d;
  size_t len;
  if (!get_i32_array(env, dimsValue, &d, &len) || len != 2 || d[0] < 1 || d[1] < 1) {
    napi_throw_type_error(env, NULL, "batchNorm: dims must be an Int32Array [rows, channels] of positive values");
    return false;
  }
  dims[0] = d[0];
  dims[1] = d[1];
  *activation = (int)get_i64(env, activationValue);
  if (*activation != GM_BATCH_NORM_LINEAR && *activation != GM_BATCH_NORM_RELU && *activation != GM_BATCH_NORM_LEAKY_RELU) {
    napi_throw_range_error(env, NULL, "batchNorm: activation must be 0 (linear), 1 (relu) or 2 (leaky relu)");
    return false;
  }
  return true;
}

/* batchNorm(x, gamma, beta, dims, epsilon, activation, leakyAlpha, y, mean, variance): see native/batch-norm.c. */
static napi_value BatchNorm(napi_env env, napi_callback_info info) {
  size_t argc = 10;
  napi_value a[10];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 10) {
    napi_throw_type_error(env, NULL, "batchNorm expects 10 arguments");
    return NULL;
  }
  int64_t dims[2];
  int activation;
  if (!get_batch_norm_shape(env, a[3], a[5], dims, &activation)) return NULL;
  static const int which[6] = {0, 1, 2, 7, 8, 9}; /* x, gamma, beta, y, mean, variance */
  float* p[6];
  size_t len[6];
  if (!get_f32_args(env, a, which, 6, p, len)) {
    napi_throw_type_error(env, NULL, "batchNorm: x, gamma, beta, y, mean and variance must be Float32Arrays");
    return NULL;
  }
  const size_t size = (size_t)(dims[0] * dims[1]), c = (size_t)dims[1];
  if (len[0] < size || len[3] < size || len[1] < c || len[2] < c || len[4] < c || len[5] < c) {
    napi_throw_range_error(env, NULL, "batchNorm: dims do not fit the arrays");
    return NULL;
  }
  if (gm_batch_norm_forward(p[0], p[1], p[2], dims[0], dims[1], (float)get_f64(env, a[4]), activation, (float)get_f64(env, a[6]), p[3], p[4], p[5]) != 0) {
    napi_throw_error(env, NULL, "batchNorm: out of memory");
  }
  return NULL;
}

/* batchNormGrad(dy, x, gamma, beta, mean, variance, dims, epsilon, activation, leakyAlpha, dx, dgamma, dbeta): see native/batch-norm.c. */
static napi_value BatchNormGrad(napi_env env, napi_callback_info info) {
  size_t argc = 13;
  napi_value a[13];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 13) {
    napi_throw_type_error(env, NULL, "batchNormGrad expects 13 arguments");
    return NULL;
  }
  int64_t dims[2];
  int activation;
  if (!get_batch_norm_shape(env, a[6], a[8], dims, &activation)) return NULL;
  static const int which[9] = {0, 1, 2, 3, 4, 5, 10, 11, 12}; /* dy, x, gamma, beta, mean, variance, dx, dgamma, dbeta */
  float* p[9];
  size_t len[9];
  if (!get_f32_args(env, a, which, 9, p, len)) {
    napi_throw_type_error(env, NULL, "batchNormGrad: every array argument must be a Float32Array");
    return NULL;
  }
  const size_t size = (size_t)(dims[0] * dims[1]), c = (size_t)dims[1];
  if (len[0] < size || len[1] < size || len[6] < size || len[2] < c || len[3] < c || len[4] < c || len[5] < c || len[7] < c || len[8] < c) {
    napi_throw_range_error(env, NULL, "batchNormGrad: dims do not fit the arrays");
    return NULL;
  }
  if (gm_batch_norm_backward(p[0], p[1], p[2], p[3], p[4], p[5], dims[0], dims[1], (float)get_f64(env, a[7]), activation, (float)get_f64(env, a[9]),
                             p[6], p[7], p[8]) != 0) {
    napi_throw_error(env, NULL, "batchNormGrad: out of memory");
  }
  return NULL;
}

/* splitLastAxis(x, rows, width, sizes: Int32Array, outputs: Float32Array[]): see native/memory-layout.c. */
static napi_value SplitLastAxis(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value a[5];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  if (argc < 5) {
    napi_throw_type_error(env, NULL, "splitLastAxis expects 5 arguments");
    return NULL;
  }
  float* x;
  size_t lx, parts;
  int32_t* sizes;
  const int64_t rows = get_i64(env, a[1]), width = get_i64(env, a[2]);
  if (!get_f32(env, a[0], &x, &lx) || !get_i32_array(env, a[3], &sizes, &parts)) {
    napi_throw_type_error(env, NULL, "splitLastAxis: x must be a Float32Array and sizes an Int32Array");
    return NULL;
  }
  uint32_t count = 0;
  if (napi_get_array_length(env, a[4], &count) != napi_ok || count != parts || parts == 0 || parts > 64) {
    napi_throw_type_error(env, NULL, "splitLastAxis: outputs must be an array of 1 to 64 Float32Arrays, one per size");
    return NULL;
  }
  float* outputs[64];
  int64_t sizes64[64];
  int64_t total = 0;
  for (uint32_t k = 0; k < count; k++) {
    napi_value item;
    size_t len;
    NAPI_CALL(env, napi_get_element(env, a[4], k, &item));
    if (!get_f32(env, item, &outputs[k], &len)) {
      napi_throw_type_error(env, NULL, "splitLastAxis: outputs must be Float32Arrays");
      return NULL;
    }
    sizes64[k] = sizes[k];
    total += sizes[k];
    if (sizes[k] < 0 || len < (size_t)(rows * sizes[k])) {
      napi_throw_range_error(env, NULL, "splitLastAxis: an output does not fit rows x its size");
      return NULL;
    }
  }
  if (rows < 0 || width < 0 || total != width || lx < (size_t)(rows * width)) {
    napi_throw_range_error(env, NULL, "splitLastAxis: sizes must sum to width and x must hold rows x width");
    return NULL;
  }
  gm_split_last_axis(x, rows, width, sizes64, (int64_t)parts, outputs);
  return NULL;
}

/* concatLastAxis(inputs: Float32Array[], sizes: Int32Array, rows, y): see native/memory-layout.h. */
static napi_value ConcatLastAxis(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  int32_t* sizes;
  size_t parts, ly;
  float* y;
  uint32_t count = 0;
  if (argc < 4 || !get_i32_array(env, a[1], &sizes, &parts) || !get_f32(env, a[3], &y, &ly) || napi_get_array_length(env, a[0], &count) != napi_ok ||
      count != parts || parts == 0 || parts > 64) {
    napi_throw_type_error(env, NULL, "concatLastAxis(inputs: 1 to 64 Float32Arrays, sizes: Int32Array of as many, rows, y: Float32Array)");
    return NULL;
  }
  const int64_t rows = get_i64(env, a[2]);
  const float* inputs[64];
  int64_t sizes64[64];
  int64_t width = 0;
  for (uint32_t k = 0; k < count; k++) {
    napi_value item;
    size_t len;
    float* data;
    NAPI_CALL(env, napi_get_element(env, a[0], k, &item));
    if (!get_f32(env, item, &data, &len)) {
      napi_throw_type_error(env, NULL, "concatLastAxis: inputs must be Float32Arrays");
      return NULL;
    }
    if (sizes[k] < 0 || rows < 0 || len < (size_t)(rows * sizes[k])) {
      napi_throw_range_error(env, NULL, "concatLastAxis: an input does not hold rows x its size");
      return NULL;
    }
    inputs[k] = data;
    sizes64[k] = sizes[k];
    width += sizes[k];
  }
  if (ly < (size_t)(rows * width)) {
    napi_throw_range_error(env, NULL, "concatLastAxis: y does not hold rows x the sum of the sizes");
    return NULL;
  }
  gm_concat_last_axis(inputs, sizes64, (int64_t)parts, rows, y);
  return NULL;
}

/* gather(x, dims: Int32Array [outer, dim, inner], indices: Int32Array, y): see native/memory-layout.h; throws on an index out of range. */
static napi_value Gather(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float *x, *y;
  int32_t *d, *indices;
  size_t lx, ld, li, ly;
  if (argc < 4 || !get_f32(env, a[0], &x, &lx) || !get_i32_array(env, a[1], &d, &ld) || ld != 3 || !get_i32_array(env, a[2], &indices, &li) ||
      !get_f32(env, a[3], &y, &ly)) {
    napi_throw_type_error(env, NULL, "gather(x: Float32Array, dims: Int32Array [outer, dim, inner], indices: Int32Array, y: Float32Array)");
    return NULL;
  }
  const int64_t outer = d[0], dim = d[1], inner = d[2], count = (int64_t)li;
  if (outer < 0 || dim < 0 || inner < 0 || lx < (size_t)(outer * dim * inner) || ly < (size_t)(outer * count * inner)) {
    napi_throw_range_error(env, NULL, "gather: dims do not fit the arrays");
    return NULL;
  }
  const int64_t bad = gm_gather(x, outer, dim, inner, indices, count, y);
  if (bad >= 0) {
    char message[160];
    snprintf(message, sizeof message, "GatherV2: the index value %d is not in [0, %lld]", indices[bad], (long long)dim - 1);
    napi_throw_range_error(env, NULL, message);
  }
  return NULL;
}

/* resizeNearestGrad(dy, dims: Int32Array [n, h, w, c, fh, fw], dx): see native/memory-layout.c. */
static napi_value ResizeNearestGrad(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value a[3];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float *dy, *dx;
  int32_t* d;
  size_t ldy, ldx, ld;
  if (argc < 3 || !get_f32(env, a[0], &dy, &ldy) || !get_i32_array(env, a[1], &d, &ld) || ld != 6 || !get_f32(env, a[2], &dx, &ldx)) {
    napi_throw_type_error(env, NULL, "resizeNearestGrad(dy: Float32Array, dims: Int32Array [n, h, w, c, fh, fw], dx: Float32Array)");
    return NULL;
  }
  for (int i = 0; i < 6; i++) {
    if (d[i] < 1) {
      napi_throw_range_error(env, NULL, "resizeNearestGrad: dims must be positive");
      return NULL;
    }
  }
  const size_t small = (size_t)d[0] * d[1] * d[2] * d[3];
  if (ldx < small || ldy < small * (size_t)d[4] * (size_t)d[5]) {
    napi_throw_range_error(env, NULL, "resizeNearestGrad: dims do not fit the arrays");
    return NULL;
  }
  gm_resize_nearest_grad(dy, d[0], d[1], d[2], d[3], d[4], d[5], dx);
  return NULL;
}

/* sumLeadingAxes(x, rows, cols, out): out[j] = sum_r x[r, j]; see native/memory-layout.c. */
static napi_value SumLeadingAxes(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float *x, *out;
  size_t lx, lout;
  if (argc < 4 || !get_f32(env, a[0], &x, &lx) || !get_f32(env, a[3], &out, &lout)) {
    napi_throw_type_error(env, NULL, "sumLeadingAxes(x: Float32Array, rows, cols, out: Float32Array)");
    return NULL;
  }
  const int64_t rows = get_i64(env, a[1]), cols = get_i64(env, a[2]);
  if (rows < 1 || cols < 1 || lx < (size_t)(rows * cols) || lout < (size_t)cols) {
    napi_throw_range_error(env, NULL, "sumLeadingAxes: rows x cols does not fit the arrays");
    return NULL;
  }
  if (gm_sum_leading_axes(x, rows, cols, out) != 0) napi_throw_error(env, NULL, "sumLeadingAxes: out of memory");
  return NULL;
}


/* unary(op, x, y): y = op(x) element-wise; see native/unary-math.h for the op codes. */
static napi_value Unary(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value a[3];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float *x, *y;
  size_t lx, ly;
  if (argc < 3 || !get_f32(env, a[1], &x, &lx) || !get_f32(env, a[2], &y, &ly)) {
    napi_throw_type_error(env, NULL, "unary(op, x: Float32Array, y: Float32Array)");
    return NULL;
  }
  const int64_t op = get_i64(env, a[0]);
  if (ly < lx || op < 0 || op >= GM_UNARY_COUNT) {
    napi_throw_range_error(env, NULL, "unary: unknown op, or y shorter than x");
    return NULL;
  }
  gm_unary((int)op, x, y, (int64_t)lx);
  return NULL;
}

/* binary(op, a, b, out): out = a op b element-wise (op: 0 add, 1 sub, 2 mul); see native/binary-math.h. */
static napi_value Binary(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  static const int which[3] = {1, 2, 3};
  float* p[3];
  size_t len[3];
  if (argc < 4 || !get_f32_args(env, a, which, 3, p, len)) {
    napi_throw_type_error(env, NULL, "binary(op, a, b, out: Float32Array)");
    return NULL;
  }
  const int64_t op = get_i64(env, a[0]);
  if (len[1] != len[0] || len[2] < len[0] || op < 0 || op >= GM_BINARY_COUNT) {
    napi_throw_range_error(env, NULL, "binary: unknown op, or a and b of different lengths, or out shorter");
    return NULL;
  }
  gm_binary((int)op, p[0], p[1], p[2], (int64_t)len[0]);
  return NULL;
}

/* reluGrad(dy, y, dx): dx = dy where y > 0, else 0 (@genmodels/core-nn's GenmodelsReluGrad). */
static napi_value ReluGrad(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value a[3];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  static const int which[3] = {0, 1, 2};
  float* p[3];
  size_t len[3];
  if (argc < 3 || !get_f32_args(env, a, which, 3, p, len)) {
    napi_throw_type_error(env, NULL, "reluGrad(dy, y, dx: Float32Array)");
    return NULL;
  }
  if (len[1] != len[0] || len[2] < len[0]) {
    napi_throw_range_error(env, NULL, "reluGrad: y must match dy, and dx be at least as long");
    return NULL;
  }
  gm_relu_grad(p[0], p[1], (int64_t)len[0], p[2]);
  return NULL;
}

/* sumOfSquares(x): sum of x[i]^2 as a number; see native/sum-of-squares.h. */
static napi_value SumOfSquares(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float* x;
  size_t lx;
  if (argc < 1 || !get_f32(env, a[0], &x, &lx)) {
    napi_throw_type_error(env, NULL, "sumOfSquares(x: Float32Array)");
    return NULL;
  }
  double sum = 0.0;
  if (gm_sum_of_squares(x, (int64_t)lx, &sum) != 0) {
    napi_throw_error(env, NULL, "sumOfSquares: out of memory");
    return NULL;
  }
  napi_value result;
  NAPI_CALL(env, napi_create_double(env, sum, &result));
  return result;
}

/*
 * bernoulliNll(logits, x, cols, out): out[r] = the Bernoulli NLL of row r of the logits
 * [out.length, cols] for the targets x (native/bernoulli-nll.h).
 */
static napi_value BernoulliNll(napi_env env, napi_callback_info info) {
  size_t argc = 4;
  napi_value a[4];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float *l, *x, *out;
  size_t ll, lx, lout;
  if (argc < 4 || !get_f32(env, a[0], &l, &ll) || !get_f32(env, a[1], &x, &lx) || !get_f32(env, a[3], &out, &lout)) {
    napi_throw_type_error(env, NULL, "bernoulliNll(logits, x, cols, out): logits, x and out must be Float32Arrays");
    return NULL;
  }
  const int64_t cols = get_i64(env, a[2]);
  if (cols < 1 || ll != lout * (size_t)cols || lx != ll) {
    napi_throw_range_error(env, NULL, "bernoulliNll: logits and x must both hold out.length rows of cols values");
    return NULL;
  }
  gm_bernoulli_nll(l, x, (int64_t)lout, cols, out);
  return NULL;
}

/* bernoulliNllGrad(dy, logits, x, cols, dlogits): dlogits[r, c] = dy[r] * (sigmoid(logits[r, c]) - x[r, c]). */
static napi_value BernoulliNllGrad(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value a[5];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float *dy, *l, *x, *d;
  size_t ldy, ll, lx, ld;
  if (argc < 5 || !get_f32(env, a[0], &dy, &ldy) || !get_f32(env, a[1], &l, &ll) || !get_f32(env, a[2], &x, &lx) || !get_f32(env, a[4], &d, &ld)) {
    napi_throw_type_error(env, NULL, "bernoulliNllGrad(dy, logits, x, cols, dlogits): dy, logits, x and dlogits must be Float32Arrays");
    return NULL;
  }
  const int64_t cols = get_i64(env, a[3]);
  if (cols < 1 || ll != ldy * (size_t)cols || lx != ll || ld != ll) {
    napi_throw_range_error(env, NULL, "bernoulliNllGrad: logits, x and dlogits must each hold dy.length rows of cols values");
    return NULL;
  }
  gm_bernoulli_nll_grad(dy, l, x, (int64_t)ldy, cols, d);
  return NULL;
}

/*
 * adamUpdate(x, m, v, g, constants: Float32Array(8)): one Adam step of x, m and v in place (see
 * native/adam-update.h; constants in GmAdamConstants order); returns the sum of g^2.
 */
static napi_value AdamUpdate(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value a[5];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  float* arrays[5];
  size_t lens[5];
  bool ok = argc == 5;
  for (size_t i = 0; ok && i < 5; i++) ok = get_f32(env, a[i], &arrays[i], &lens[i]);
  if (!ok) {
    napi_throw_type_error(env, NULL, "adamUpdate(x, m, v, g, constants) expects 5 Float32Arrays");
    return NULL;
  }
  const size_t n = lens[0];
  if (lens[4] != 8 || lens[1] != n || lens[2] != n || lens[3] != n) {
    napi_throw_range_error(env, NULL, "adamUpdate: x, m, v and g must have one length, constants 8 values");
    return NULL;
  }
  GmAdamConstants k;
  memcpy(&k, arrays[4], sizeof k);
  double sum = 0.0;
  if (gm_adam_update(arrays[0], arrays[1], arrays[2], arrays[3], (int64_t)n, &k, &sum) != 0) {
    napi_throw_error(env, NULL, "adamUpdate: out of memory");
    return NULL;
  }
  napi_value result;
  NAPI_CALL(env, napi_create_double(env, sum, &result));
  return result;
}

static napi_value string_or_null(napi_env env, const char* s) {
  napi_value v;
  if (s == NULL) {
    NAPI_CALL(env, napi_get_null(env, &v));
  } else {
    NAPI_CALL(env, napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v));
  }
  return v;
}

/*
 * libraries(): { openblas, openblasError, onednn, onednnError, sgemm, onednnEnabled, openmp }: what
 * was found (a description, or null with the reason), which library runs sgemm ('openblas',
 * 'onednn' or null), whether convolutions may use oneDNN, and whether the memory-bound kernels can
 * run on oneDNN's OpenMP threads (parallel-for.h).
 */
static napi_value Libraries(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value o, flag;
  NAPI_CALL(env, napi_create_object(env, &o));
  const GmOpenblas* blas = gm_openblas();
  char openblas[320];
  if (blas != NULL) snprintf(openblas, sizeof openblas, "%s (%s)", blas->get_config(), blas->file);
  const bool dnnl = gm_onednn_available();
  const GmSgemmLibrary sgemm = gm_sgemm_library();
  NAPI_CALL(env, napi_set_named_property(env, o, "openblas", string_or_null(env, blas != NULL ? openblas : NULL)));
  NAPI_CALL(env, napi_set_named_property(env, o, "openblasError", string_or_null(env, blas != NULL ? NULL : gm_openblas_error())));
  NAPI_CALL(env, napi_set_named_property(env, o, "onednn", string_or_null(env, dnnl ? gm_onednn_describe() : NULL)));
  NAPI_CALL(env, napi_set_named_property(env, o, "onednnError", string_or_null(env, dnnl ? NULL : gm_onednn_error())));
  NAPI_CALL(env, napi_set_named_property(env, o, "sgemm",
                                         string_or_null(env, sgemm == GM_SGEMM_OPENBLAS ? "openblas" : sgemm == GM_SGEMM_ONEDNN ? "onednn" : NULL)));
  NAPI_CALL(env, napi_get_boolean(env, onednnEnabled && dnnl, &flag));
  NAPI_CALL(env, napi_set_named_property(env, o, "onednnEnabled", flag));
  NAPI_CALL(env, napi_get_boolean(env, gm_onednn_openmp() != NULL, &flag));
  NAPI_CALL(env, napi_set_named_property(env, o, "openmp", flag));
  return o;
}

/* setOnednn(enabled): whether convolutions may run on oneDNN (false: im2col + sgemm). */
static napi_value SetOnednn(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  onednnEnabled = argc > 0 && get_bool(env, a[0]);
  return NULL;
}

/* onednnImplementations(): one line per cached oneDNN convolution primitive, with oneDNN's implementation name. */
static napi_value OnednnImplementations(napi_env env, napi_callback_info info) {
  (void)info;
  static char buf[16384];
  return string_or_null(env, gm_onednn_implementations(buf, sizeof buf));
}

/* getThreads(): the threads of the pool that runs sgemm (OpenBLAS's, or oneDNN's OpenMP pool). */
static napi_value GetThreads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  const GmOpenblas* blas = gm_openblas();
  NAPI_CALL(env, napi_create_int32(env, blas != NULL ? blas->get_num_threads() : gm_onednn_get_threads(), &v));
  return v;
}

/* setThreads(n): the threads of OpenBLAS's pool and of oneDNN's OpenMP pool. */
static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value a[1];
  NAPI_CALL(env, napi_get_cb_info(env, info, &argc, a, NULL, NULL));
  int64_t n = argc > 0 ? get_i64(env, a[0]) : 1;
  if (n < 1) n = 1;
  const GmOpenblas* blas = gm_openblas();
  if (blas != NULL) blas->set_num_threads((int)n);
  gm_onednn_set_threads((int)n);
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor d[] = {
      {"sgemm", NULL, Sgemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"conv", NULL, Conv, NULL, NULL, NULL, napi_enumerable, NULL},
      {"convGrad", NULL, ConvGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"denseGrad", NULL, DenseGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"groupNorm", NULL, GroupNorm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"groupNormGrad", NULL, GroupNormGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"batchNorm", NULL, BatchNorm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"batchNormGrad", NULL, BatchNormGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"splitLastAxis", NULL, SplitLastAxis, NULL, NULL, NULL, napi_enumerable, NULL},
      {"concatLastAxis", NULL, ConcatLastAxis, NULL, NULL, NULL, napi_enumerable, NULL},
      {"gather", NULL, Gather, NULL, NULL, NULL, napi_enumerable, NULL},
      {"resizeNearestGrad", NULL, ResizeNearestGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumLeadingAxes", NULL, SumLeadingAxes, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unary", NULL, Unary, NULL, NULL, NULL, napi_enumerable, NULL},
      {"sumOfSquares", NULL, SumOfSquares, NULL, NULL, NULL, napi_enumerable, NULL},
      {"reluGrad", NULL, ReluGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"binary", NULL, Binary, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adamUpdate", NULL, AdamUpdate, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bernoulliNll", NULL, BernoulliNll, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bernoulliNllGrad", NULL, BernoulliNllGrad, NULL, NULL, NULL, napi_enumerable, NULL},
      {"libraries", NULL, Libraries, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setOnednn", NULL, SetOnednn, NULL, NULL, NULL, napi_enumerable, NULL},
      {"onednnImplementations", NULL, OnednnImplementations, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getThreads", NULL, GetThreads, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setThreads", NULL, SetThreads, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof(d) / sizeof(d[0]), d) != napi_ok) return NULL;
  return exports;
}
