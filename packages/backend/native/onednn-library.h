/*
 * oneDNN (Intel's deep-learning primitives, the library PyTorch runs its CPU convolutions on),
 * found at run time with dlopen (libdnnl.so.2, the oneDNN 2.x ABI) so that the addon loads
 * without it. Compiled in only where the oneDNN 2.x headers were found at build time
 * (GM_HAVE_ONEDNN); without them every function here reports oneDNN as absent.
 */
#ifndef GENMODELS_ONEDNN_LIBRARY_H
#define GENMODELS_ONEDNN_LIBRARY_H
#include <stdbool.h>
#include <stddef.h>

#include "conv-geometry.h"

/* Whether oneDNN is loaded (tries once); when not, gm_onednn_error() says why. */
bool gm_onednn_available(void);
const char* gm_onednn_error(void);
/* "oneDNN 2.6.3 (libdnnl.so.2, OpenMP, ISA avx2)": what was loaded. */
const char* gm_onednn_describe(void);

/* The OpenMP runtime oneDNN was linked with (libgomp's entry points), or NULL without oneDNN or OpenMP. */
typedef struct {
  void (*parallel)(void (*fn)(void*), void* data, unsigned threads, unsigned flags);
  int (*thread_num)(void);
  int (*num_threads)(void);
  int (*in_parallel)(void);
} GmOpenmp;
const GmOpenmp* gm_onednn_openmp(void);

/* Threads of oneDNN's OpenMP pool, for calls made from this thread (0 when unknown). */
void gm_onednn_set_threads(int threads);
int gm_onednn_get_threads(void);

/*
 * An NHWC convolution (modes and operands as gm_im2col_conv) on a oneDNN primitive cached by
 * geometry, mode and epilogue. Returns 0, 1 when oneDNN has no implementation for this case
 * (the caller falls back), or -1 when out of memory.
 */
int gm_onednn_conv(int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act, float alpha);

/* Row-major C = op(A) op(B) + beta C through dnnl_sgemm. Returns 0, or 1 when it failed. */
int gm_onednn_sgemm(int transA, int transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c,
                    int ldc);

/*
 * Writes the implementation names (oneDNN's impl_info_str) of the cached primitives into buf,
 * one "mode kh x kw ci->co: name" entry per line; returns buf.
 */
const char* gm_onednn_implementations(char* buf, size_t size);

#endif
