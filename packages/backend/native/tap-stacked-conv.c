/*
 * A stride-1 convolution with T = kh * kw taps and few output channels co, as one matmul over the
 * taps. With x as rows X [positions, ci] and the filter rearranged to Wr [ci, T * co]
 * (Wr[c, t * co + o] = w[t, c, o]):
 *   forward:         Z = X Wr, then y[p, o] = sum over taps t of Z[p shifted by tap t, t * co + o]
 *   input gradient:  D[p, t * co + o] = dy[p shifted back by tap t, o] (0 outside), dx = D Wr^T
 *   filter gradient: dWr = X^T D, rearranged back to [kh, kw, ci, co]
 * (Z and D held transposed, see below)
 * so the matmuls have T * co columns (18 for a 3x3 conv to 2 channels) instead of co, and the
 * shifts are passes over T * co floats per position. Images are processed in chunks so that Z and
 * D stay within a fixed budget.
 */
#include "tap-stacked-conv.h"

#include <stdlib.h>
#include <string.h>

#include "bias-activation.h"
#include "parallel-for.h"
#include "sgemm.h"

#define MAX_OUTPUT_CHANNELS 4
/* Z / D chunk budget in floats (16 MiB). */
#define CHUNK_FLOATS (4 * 1024 * 1024)

/* Widest output row the gather's stack buffer takes (16 KiB). */
#define MAX_OUTPUT_WIDTH 4096

bool gm_tap_stacked_conv_applies(const GmConvGeometry* g) {
  return g->sh == 1 && g->sw == 1 && g->dh == 1 && g->dw == 1 && g->co <= MAX_OUTPUT_CHANNELS && g->ow <= MAX_OUTPUT_WIDTH;
}

typedef struct {
  const GmConvGeometry* g;
  const float* src; /* ZT (forward) or dy (input and filter gradients) */
  float* dst;       /* y (forward) or DT */
  int64_t b0, nb;   /* the chunk's images (dy and y are indexed by absolute image) */
} ShiftTask;

/*
 * The working matrix is tap-major, [T * co, positions of the chunk]: the matmuls then have the
 * positions as their long dimension (OpenBLAS ran a 50176 x 64 x 18 product 1.8x faster as
 * 18 x 50176 than as 50176 x 18), and each shift reads or writes one contiguous row.
 */

/* y rows (b, oy) of the chunk: y[b, oy, ox, o] = sum over taps of ZT[t * co + o, (b, oy - pt + i, ox - pl + j)]. */
static void gather_taps(void* data, int64_t begin, int64_t end) {
  const ShiftTask* s = data;
  const GmConvGeometry* g = s->g;
  const int64_t positions = s->nb * g->h * g->w;
  for (int64_t row = begin; row < end; row++) {
    const int64_t b = row / g->oh, oy = row % g->oh;
    float* y = s->dst + ((s->b0 + b) * g->oh + oy) * g->ow * g->co;
    /* One output channel at a time into a contiguous row (the tap sums vectorise), then interleaved into y. */
    float acc[g->ow];
    for (int64_t o = 0; o < g->co; o++) {
      memset(acc, 0, sizeof acc);
      for (int64_t i = 0; i < g->kh; i++) {
        const int64_t iy = oy - g->pt + i;
        if (iy < 0 || iy >= g->h) continue;
        for (int64_t j = 0; j < g->kw; j++) {
          const int64_t t = i * g->kw + j;
          /* ox range whose input column ox - pl + j lies in [0, w). */
          const int64_t lo = g->pl - j > 0 ? g->pl - j : 0;
          const int64_t hi = g->w + g->pl - j < g->ow ? g->w + g->pl - j : g->ow;
          const float* z = s->src + (t * g->co + o) * positions + (b * g->h + iy) * g->w - g->pl + j;
          for (int64_t ox = lo; ox < hi; ox++) acc[ox] += z[ox];
        }
      }
      for (int64_t ox = 0; ox < g->ow; ox++) y[ox * g->co + o] = acc[ox];
    }
  }
}

/*
 * DT rows t * co + o (all of the chunk's positions): DT[t * co + o, (b, y, x)] = dy[b, y + pt - i, x + pl - j, o],
 * 0 outside dy; `src` holds the chunk's dy one channel after another ([co, nb, oh, ow]), so each
 * piece is a contiguous copy.
 */
static void spread_taps(void* data, int64_t begin, int64_t end) {
  const ShiftTask* s = data;
  const GmConvGeometry* g = s->g;
  const int64_t positions = s->nb * g->h * g->w;
  for (int64_t r = begin; r < end; r++) {
    const int64_t t = r / g->co, o = r % g->co, i = t / g->kw, j = t % g->kw;
    float* d = s->dst + r * positions;
    memset(d, 0, (size_t)positions * sizeof(float));
    /* x range whose output column x + pl - j lies in [0, ow). */
    const int64_t lo = j - g->pl > 0 ? j - g->pl : 0;
    const int64_t hi = g->ow - g->pl + j < g->w ? g->ow - g->pl + j : g->w;
    if (hi <= lo) continue;
    const float* plane = s->src + o * s->nb * g->oh * g->ow;
    for (int64_t b = 0; b < s->nb; b++)
      for (int64_t y = 0; y < g->h; y++) {
        const int64_t oy = y + g->pt - i;
        if (oy < 0 || oy >= g->oh) continue;
        memcpy(d + (b * g->h + y) * g->w + lo, plane + (b * g->oh + oy) * g->ow + lo + g->pl - j, (size_t)(hi - lo) * sizeof(float));
      }
  }
}

/*
 * The working matrix, kept between calls (grow-only; the addon's kernels run on the JS thread one
 * at a time): a fresh 3.6 MB buffer per call cost as much in page faults as the shifts themselves.
 */
static float* scratchData = NULL;
static size_t scratchCapacity = 0;

static float* scratch(size_t floats) {
  if (floats > scratchCapacity) {
    free(scratchData);
    scratchData = malloc(floats * sizeof(float));
    scratchCapacity = scratchData != NULL ? floats : 0;
  }
  return scratchData;
}

int gm_tap_stacked_conv(int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act, float alpha) {
  const int64_t taps = g->kh * g->kw, cols = taps * g->co, ci = g->ci, pixels = g->h * g->w;
  int64_t chunk = CHUNK_FLOATS / (pixels * cols > 0 ? pixels * cols : 1);
  if (chunk < 1) chunk = 1;
  if (chunk > g->batch) chunk = g->batch;
  /* The filter as Wr [ci, T * co] (forward, input gradient) or the filter gradient as dWr^T [T * co, ci]. */
  float* wr = malloc((size_t)(ci * cols) * sizeof(float));
  /* The working matrix, then (gradients) the chunk's dy channel-major, in one scratch buffer. */
  const size_t workFloats = (size_t)(chunk * pixels * cols);
  float* work = scratch(workFloats + (mode == GM_CONV_FORWARD ? 0 : (size_t)(chunk * g->oh * g->ow * g->co)));
  float* planes = work + workFloats;
  if (wr == NULL || work == NULL) {
    free(wr);
    return -1;
  }
  if (mode != GM_CONV_FILTER_GRAD)
    for (int64_t t = 0; t < taps; t++)
      for (int64_t c = 0; c < ci; c++)
        for (int64_t o = 0; o < g->co; o++) wr[c * cols + t * g->co + o] = in1[(t * ci + c) * g->co + o];
  int status = 0;
  for (int64_t b0 = 0; b0 < g->batch && status == 0; b0 += chunk) {
    const int64_t nb = b0 + chunk <= g->batch ? chunk : g->batch - b0;
    const int rows = (int)(nb * pixels);
    if (mode == GM_CONV_FORWARD) {
      /* ZT [cols, rows] = Wr^T X^T. */
      status = gm_sgemm(1, 1, (int)cols, rows, (int)ci, wr, (int)cols, in0 + b0 * pixels * ci, (int)ci, 0.f, work, rows);
      ShiftTask s = {g, work, out, b0, nb};
      if (status == 0) gm_parallel_for(nb * g->oh, 4, gather_taps, &s);
    } else {
      /* The chunk's dy, channel-major. */
      const float* dy = (mode == GM_CONV_INPUT_GRAD ? in0 : in1) + b0 * g->oh * g->ow * g->co;
      const int64_t outPositions = nb * g->oh * g->ow;
      for (int64_t p = 0; p < outPositions; p++)
        for (int64_t o = 0; o < g->co; o++) planes[o * outPositions + p] = dy[p * g->co + o];
      ShiftTask s = {g, planes, work, b0, nb};
      gm_parallel_for(cols, 1, spread_taps, &s);
      if (mode == GM_CONV_INPUT_GRAD) {
        /* dx [rows, ci] = DT^T Wr^T. */
        status = gm_sgemm(1, 1, rows, (int)ci, (int)cols, work, rows, wr, (int)cols, 0.f, out + b0 * pixels * ci, (int)ci);
      } else {
        /* dWr^T [cols, ci] (+)= DT X, accumulated over the chunks. */
        status = gm_sgemm(0, 0, (int)cols, (int)ci, rows, work, rows, in0 + b0 * pixels * ci, (int)ci, b0 == 0 ? 0.f : 1.f, wr, (int)ci);
      }
    }
  }
  if (status == 0 && mode == GM_CONV_FORWARD) gm_bias_activation(out, g->batch * g->oh * g->ow, g->co, bias, act, alpha);
  if (status == 0 && mode == GM_CONV_FILTER_GRAD)
    for (int64_t t = 0; t < taps; t++)
      for (int64_t c = 0; c < ci; c++)
        for (int64_t o = 0; o < g->co; o++) out[(t * ci + c) * g->co + o] = wr[(t * g->co + o) * ci + c];
  free(wr);
  return status == 0 ? 0 : -1;
}
