/*
 * See onednn-library.h. Convolutions keep TF.js's layouts at the boundary: activations NHWC
 * (oneDNN's nhwc tag on logical N, C, H, W dims) and filters HWIO (described by strides). The
 * filter operand is left to oneDNN ('any') and reordered into the blocked layout its kernel
 * wants; activations stay NHWC, which oneDNN's jit and brgemm convolutions read directly, so
 * that no full-size tensor is copied (measured: letting oneDNN pick the activation layouts too,
 * with reorders, gained under 10% on 3x3 convolutions and lost 40% on 1x1). Each (mode, geometry, epilogue) gets one primitive, built
 * on first use and kept (up to CACHE_SIZE, least recently used evicted), with its reorders and a
 * user-managed scratchpad shared by all of them. GENMODELS_ONEDNN_LIBRARY names the file to load
 * instead of libdnnl.so.2.
 */
#include "onednn-library.h"

#include <stdio.h>
#include <string.h>

#ifndef GM_HAVE_ONEDNN

bool gm_onednn_available(void) { return false; }
const char* gm_onednn_error(void) { return "this addon was built without the oneDNN headers (install libdnnl-dev and rebuild)"; }
const char* gm_onednn_describe(void) { return ""; }
void gm_onednn_set_threads(int threads) { (void)threads; }
int gm_onednn_get_threads(void) { return 0; }
const GmOpenmp* gm_onednn_openmp(void) { return NULL; }
int gm_onednn_conv(int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act, float alpha) {
  (void)mode, (void)g, (void)in0, (void)in1, (void)out, (void)bias, (void)act, (void)alpha;
  return 1;
}
int gm_onednn_sgemm(int transA, int transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c,
                    int ldc) {
  (void)transA, (void)transB, (void)m, (void)n, (void)k, (void)a, (void)lda, (void)b, (void)ldb, (void)beta, (void)c, (void)ldc;
  return 1;
}
const char* gm_onednn_implementations(char* buf, size_t size) {
  if (size > 0) buf[0] = '\0';
  return buf;
}

#else

#include <dlfcn.h>
#include <dnnl.h>
#include <stdint.h>
#include <stdlib.h>

/* The oneDNN 2.x C API functions this file calls, resolved with dlsym. */
#define GM_DNNL_FUNCTIONS(X)                                                                                                          \
  X(dnnl_engine_create)                                                                                                               \
  X(dnnl_stream_create)                                                                                                               \
  X(dnnl_stream_wait)                                                                                                                 \
  X(dnnl_memory_desc_init_by_tag)                                                                                                     \
  X(dnnl_memory_desc_init_by_strides)                                                                                                 \
  X(dnnl_memory_desc_equal)                                                                                                           \
  X(dnnl_memory_desc_get_size)                                                                                                        \
  X(dnnl_memory_create)                                                                                                               \
  X(dnnl_memory_set_data_handle)                                                                                                      \
  X(dnnl_memory_destroy)                                                                                                              \
  X(dnnl_dilated_convolution_forward_desc_init)                                                                                       \
  X(dnnl_dilated_convolution_backward_data_desc_init)                                                                                 \
  X(dnnl_dilated_convolution_backward_weights_desc_init)                                                                              \
  X(dnnl_primitive_desc_create)                                                                                                       \
  X(dnnl_primitive_desc_destroy)                                                                                                      \
  X(dnnl_primitive_desc_query)                                                                                                        \
  X(dnnl_primitive_desc_query_md)                                                                                                     \
  X(dnnl_primitive_create)                                                                                                            \
  X(dnnl_primitive_execute)                                                                                                           \
  X(dnnl_primitive_destroy)                                                                                                           \
  X(dnnl_primitive_attr_create)                                                                                                       \
  X(dnnl_primitive_attr_destroy)                                                                                                      \
  X(dnnl_primitive_attr_set_scratchpad_mode)                                                                                          \
  X(dnnl_primitive_attr_set_post_ops)                                                                                                 \
  X(dnnl_post_ops_create)                                                                                                             \
  X(dnnl_post_ops_destroy)                                                                                                            \
  X(dnnl_post_ops_append_eltwise)                                                                                                     \
  X(dnnl_reorder_primitive_desc_create)                                                                                               \
  X(dnnl_sgemm)                                                                                                                       \
  X(dnnl_version)                                                                                                                     \
  X(dnnl_get_effective_cpu_isa)

static struct {
#define GM_DNNL_FIELD(name) __typeof__(&name) name;
  GM_DNNL_FUNCTIONS(GM_DNNL_FIELD)
  void (*omp_set_num_threads)(int);
  int (*omp_get_max_threads)(void);
} fn;

static GmOpenmp openmp;
static bool haveOpenmp;

static int state = 0; /* 0 not tried, 1 loaded, -1 unavailable */
static char error[512];
static char description[160];
static const char* loadedFile;
static dnnl_engine_t engine;
static dnnl_stream_t stream;
static int maxThreads = 1; /* the thread budget (setThreads) */

static const char* isa_name(dnnl_cpu_isa_t isa) {
  switch ((int)isa) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    default: return "other";
  }
}

static const char* runtime_name(unsigned runtime) {
  switch (runtime) {
    case DNNL_RUNTIME_OMP: return "OpenMP";
    case DNNL_RUNTIME_TBB: return "TBB";
    case DNNL_RUNTIME_SEQ: return "sequential";
    case DNNL_RUNTIME_THREADPOOL: return "threadpool";
    default: return "unknown threading";
  }
}

static bool load(void) {
  if (state != 0) return state == 1;
  state = -1;
  const char* override = getenv("GENMODELS_ONEDNN_LIBRARY");
  loadedFile = override != NULL && override[0] != '\0' ? override : "libdnnl.so.2";
  void* handle = dlopen(loadedFile, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    if (override != NULL && override[0] != '\0')
      snprintf(error, sizeof error, "GENMODELS_ONEDNN_LIBRARY=%s does not load: %s", override, dlerror());
    else
      snprintf(error, sizeof error, "oneDNN not found (no libdnnl.so.2; install libdnnl2, or libdnnl-dev)");
    return false;
  }
  const char* missing = NULL;
#define GM_DNNL_RESOLVE(name) \
  *(void**)&fn.name = dlsym(handle, #name); \
  if (fn.name == NULL && missing == NULL) missing = #name;
  GM_DNNL_FUNCTIONS(GM_DNNL_RESOLVE)
  if (missing != NULL) {
    snprintf(error, sizeof error, "%s loaded but has no %s: a oneDNN 2.x libdnnl.so.2 is needed", loadedFile, missing);
    dlclose(handle);
    return false;
  }
  const dnnl_version_t* v = fn.dnnl_version();
  if (v->major != 2) {
    snprintf(error, sizeof error, "%s is oneDNN %d.%d.%d; this addon uses the oneDNN 2.x API", loadedFile, v->major, v->minor, v->patch);
    dlclose(handle);
    return false;
  }
  /* The OpenMP runtime oneDNN was linked with (its dependency, so dlsym on the handle finds it). */
  *(void**)&fn.omp_set_num_threads = dlsym(handle, "omp_set_num_threads");
  *(void**)&fn.omp_get_max_threads = dlsym(handle, "omp_get_max_threads");
  maxThreads = fn.omp_get_max_threads != NULL ? fn.omp_get_max_threads() : 1;
  *(void**)&openmp.parallel = dlsym(handle, "GOMP_parallel");
  *(void**)&openmp.thread_num = dlsym(handle, "omp_get_thread_num");
  *(void**)&openmp.num_threads = dlsym(handle, "omp_get_num_threads");
  *(void**)&openmp.in_parallel = dlsym(handle, "omp_in_parallel");
  haveOpenmp = openmp.parallel != NULL && openmp.thread_num != NULL && openmp.num_threads != NULL && openmp.in_parallel != NULL;
  if (fn.dnnl_engine_create(&engine, dnnl_cpu, 0) != dnnl_success || fn.dnnl_stream_create(&stream, engine, dnnl_stream_default_flags) != dnnl_success) {
    snprintf(error, sizeof error, "%s loaded but its CPU engine could not be created", loadedFile);
    return false;
  }
  snprintf(description, sizeof description, "oneDNN %d.%d.%d (%s, %s, ISA %s)", v->major, v->minor, v->patch, loadedFile, runtime_name(v->cpu_runtime),
           isa_name(fn.dnnl_get_effective_cpu_isa()));
  state = 1;
  return true;
}

bool gm_onednn_available(void) { return load(); }
const char* gm_onednn_error(void) {
  load();
  return error;
}
const char* gm_onednn_describe(void) { return load() ? description : ""; }

static void use_threads(int threads) {
  if (fn.omp_set_num_threads != NULL) fn.omp_set_num_threads(threads);
}

void gm_onednn_set_threads(int threads) {
  if (!load()) return;
  maxThreads = threads < 1 ? 1 : threads;
  use_threads(maxThreads);
}

int gm_onednn_get_threads(void) { return load() ? maxThreads : 0; }

const GmOpenmp* gm_onednn_openmp(void) { return load() && haveOpenmp ? &openmp : NULL; }

int gm_onednn_sgemm(int transA, int transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c,
                    int ldc) {
  if (!load()) return 1;
  return fn.dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, 1.f, a, lda, b, ldb, beta, c, ldc) == dnnl_success ? 0 : 1;
}

/* ---- convolutions ---- */

#define CACHE_SIZE 192
#define MAX_PORTS 4

/*
 * Convolutions under this many flops run on one thread: waking a second OpenMP thread costs
 * more than it saves there (tens of microseconds on an idle machine; on a loaded one, measured
 * 15-110 ms per call for a 0.1-MFLOP convolution with 2 threads against 0.01 ms with 1). oneDNN
 * fixes a primitive's thread count when it is created, so the count is part of the cache key.
 */
#define SINGLE_THREAD_FLOPS 2e7

/* What identifies a primitive. Zero-filled before use so that memcmp sees no padding garbage. */
typedef struct {
  GmConvGeometry g;
  int32_t mode, hasBias, act, threads;
  float alpha;
} Key;

/*
 * One operand: `user` wraps the caller's array (TF.js layout) and `inner` the primitive's; when
 * their layouts differ, `reorder` converts between them (user -> inner for inputs, inner -> user
 * for the output) and `inner` owns its buffer.
 */
typedef struct {
  int arg;
  int operand; /* 0 in0, 1 in1, 2 out, 3 bias */
  dnnl_memory_t user, inner;
  dnnl_primitive_t reorder;
} Port;

typedef struct {
  Key key;
  bool unsupported;
  dnnl_primitive_t primitive;
  Port ports[MAX_PORTS];
  int portCount;
  dnnl_memory_t scratchpad;
  size_t scratchpadSize;
  char impl[64];
  uint64_t lastUse;
} Entry;

static Entry* cache[CACHE_SIZE];
static uint64_t useClock;
static void* scratchBuffer;
static size_t scratchCapacity;

static void destroy_entry(Entry* e) {
  for (int i = 0; i < e->portCount; i++) {
    Port* p = &e->ports[i];
    if (p->reorder != NULL) fn.dnnl_primitive_destroy(p->reorder);
    if (p->inner != NULL && p->inner != p->user) fn.dnnl_memory_destroy(p->inner);
    if (p->user != NULL) fn.dnnl_memory_destroy(p->user);
  }
  if (e->scratchpad != NULL) fn.dnnl_memory_destroy(e->scratchpad);
  if (e->primitive != NULL) fn.dnnl_primitive_destroy(e->primitive);
  free(e);
}

static dnnl_status_t activation_md(dnnl_memory_desc_t* md, int64_t n, int64_t c, int64_t h, int64_t w) {
  const dnnl_dims_t dims = {n, c, h, w};
  return fn.dnnl_memory_desc_init_by_tag(md, 4, dims, dnnl_f32, dnnl_nhwc);
}

/* TF.js's filter layout [kh, kw, ci, co] on oneDNN's logical (O, I, KH, KW) dims. */
static dnnl_status_t filter_md(dnnl_memory_desc_t* md, const GmConvGeometry* g) {
  const dnnl_dims_t dims = {g->co, g->ci, g->kh, g->kw};
  const dnnl_dims_t strides = {1, g->co, g->kw * g->ci * g->co, g->ci * g->co};
  return fn.dnnl_memory_desc_init_by_strides(md, 4, dims, dnnl_f32, strides);
}

static dnnl_alg_kind_t eltwise_of(int act, float alpha, float* a, float* b) {
  *a = 0.f;
  *b = 0.f;
  switch (act) {
    case GM_ACT_RELU: return dnnl_eltwise_relu;
    case GM_ACT_RELU6: *b = 6.f; return dnnl_eltwise_clip;
    case GM_ACT_LEAKYRELU: *a = alpha; return dnnl_eltwise_relu;
    case GM_ACT_SIGMOID: return dnnl_eltwise_logistic;
    case GM_ACT_ELU: *a = 1.f; return dnnl_eltwise_elu;
    default: return dnnl_alg_kind_undef;
  }
}

/* Adds a port for `arg` of `pd`, with user layout `user`; -1 when out of memory or oneDNN fails. */
static int add_port(Entry* e, const_dnnl_primitive_desc_t pd, int arg, int operand, const dnnl_memory_desc_t* user, bool output) {
  Port* p = &e->ports[e->portCount++];
  p->arg = arg;
  p->operand = operand;
  const dnnl_memory_desc_t* inner = fn.dnnl_primitive_desc_query_md(pd, dnnl_query_exec_arg_md, arg);
  if (inner == NULL) return -1;
  if (fn.dnnl_memory_create(&p->user, user, engine, DNNL_MEMORY_NONE) != dnnl_success) return -1;
  if (fn.dnnl_memory_desc_equal(inner, user)) {
    p->inner = p->user;
    return 0;
  }
  if (fn.dnnl_memory_create(&p->inner, inner, engine, DNNL_MEMORY_ALLOCATE) != dnnl_success) return -1;
  dnnl_primitive_desc_t rpd;
  if (output ? fn.dnnl_reorder_primitive_desc_create(&rpd, inner, engine, user, engine, NULL)
             : fn.dnnl_reorder_primitive_desc_create(&rpd, user, engine, inner, engine, NULL))
    return -1;
  const dnnl_status_t s = fn.dnnl_primitive_create(&p->reorder, rpd);
  fn.dnnl_primitive_desc_destroy(rpd);
  return s == dnnl_success ? 0 : -1;
}

/* Builds e's primitive; 0 done, 1 oneDNN has no implementation, -1 failure. */
static int build_entry(Entry* e) {
  const GmConvGeometry* g = &e->key.g;
  dnnl_memory_desc_t x, y, wUser, wAny, b;
  const dnnl_dims_t wDims = {g->co, g->ci, g->kh, g->kw};
  const dnnl_dims_t bDims = {g->co};
  if (activation_md(&x, g->batch, g->ci, g->h, g->w) || activation_md(&y, g->batch, g->co, g->oh, g->ow) || filter_md(&wUser, g) ||
      fn.dnnl_memory_desc_init_by_tag(&wAny, 4, wDims, dnnl_f32, dnnl_format_tag_any) ||
      fn.dnnl_memory_desc_init_by_tag(&b, 1, bDims, dnnl_f32, dnnl_a))
    return 1;
  /* TF.js pads `pt` before; the padding after is what makes the output size come out (floored, never negative). */
  int64_t pb = (g->oh - 1) * g->sh + (g->kh - 1) * g->dh + 1 - g->h - g->pt;
  int64_t pr = (g->ow - 1) * g->sw + (g->kw - 1) * g->dw + 1 - g->w - g->pl;
  if (pb < 0) pb = 0;
  if (pr < 0) pr = 0;
  const dnnl_dims_t strides = {g->sh, g->sw}, dilates = {g->dh - 1, g->dw - 1}, padL = {g->pt, g->pl}, padR = {pb, pr};
  const bool hasBias = e->key.hasBias != 0;

  dnnl_primitive_attr_t attr = NULL;
  dnnl_post_ops_t ops = NULL;
  dnnl_primitive_desc_t forward = NULL, pd = NULL;
  int result = -1;
  if (fn.dnnl_primitive_attr_create(&attr) || fn.dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user)) goto done;
  dnnl_convolution_desc_t fd;
  if (fn.dnnl_dilated_convolution_forward_desc_init(&fd, dnnl_forward_training, dnnl_convolution_direct, &x, &wAny,
                                                     e->key.mode == GM_CONV_FORWARD && hasBias ? &b : NULL, &y, strides, dilates, padL, padR)) {
    result = 1;
    goto done;
  }
  if (e->key.mode == GM_CONV_FORWARD) {
    float a, bt;
    const dnnl_alg_kind_t alg = eltwise_of(e->key.act, e->key.alpha, &a, &bt);
    if (alg != dnnl_alg_kind_undef) {
      if (fn.dnnl_post_ops_create(&ops) || fn.dnnl_post_ops_append_eltwise(ops, 1.f, alg, a, bt) || fn.dnnl_primitive_attr_set_post_ops(attr, ops)) goto done;
    }
    if (fn.dnnl_primitive_desc_create(&pd, &fd, attr, engine, NULL)) {
      result = 1;
      goto done;
    }
  } else {
    if (fn.dnnl_primitive_desc_create(&forward, &fd, NULL, engine, NULL)) {
      result = 1;
      goto done;
    }
    dnnl_convolution_desc_t bd;
    const dnnl_status_t s =
        e->key.mode == GM_CONV_INPUT_GRAD
            ? fn.dnnl_dilated_convolution_backward_data_desc_init(&bd, dnnl_convolution_direct, &x, &wAny, &y, strides, dilates, padL, padR)
            : fn.dnnl_dilated_convolution_backward_weights_desc_init(&bd, dnnl_convolution_direct, &x, &wAny, NULL, &y, strides, dilates, padL, padR);
    if (s || fn.dnnl_primitive_desc_create(&pd, &bd, attr, engine, forward)) {
      result = 1;
      goto done;
    }
  }
  const char* impl = NULL;
  fn.dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, &impl);
  snprintf(e->impl, sizeof e->impl, "%s", impl != NULL ? impl : "?");
  if (fn.dnnl_primitive_create(&e->primitive, pd)) goto done;
  int failed = 0;
  switch (e->key.mode) {
    case GM_CONV_FORWARD:
      failed |= add_port(e, pd, DNNL_ARG_SRC, 0, &x, false);
      failed |= add_port(e, pd, DNNL_ARG_WEIGHTS, 1, &wUser, false);
      if (hasBias) failed |= add_port(e, pd, DNNL_ARG_BIAS, 3, &b, false);
      failed |= add_port(e, pd, DNNL_ARG_DST, 2, &y, true);
      break;
    case GM_CONV_INPUT_GRAD:
      failed |= add_port(e, pd, DNNL_ARG_DIFF_DST, 0, &y, false);
      failed |= add_port(e, pd, DNNL_ARG_WEIGHTS, 1, &wUser, false);
      failed |= add_port(e, pd, DNNL_ARG_DIFF_SRC, 2, &x, true);
      break;
    default:
      failed |= add_port(e, pd, DNNL_ARG_SRC, 0, &x, false);
      failed |= add_port(e, pd, DNNL_ARG_DIFF_DST, 1, &y, false);
      failed |= add_port(e, pd, DNNL_ARG_DIFF_WEIGHTS, 2, &wUser, true);
      break;
  }
  if (failed) goto done;
  const dnnl_memory_desc_t* scratch = fn.dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
  e->scratchpadSize = scratch != NULL ? fn.dnnl_memory_desc_get_size(scratch) : 0;
  if (e->scratchpadSize > 0 && fn.dnnl_memory_create(&e->scratchpad, scratch, engine, DNNL_MEMORY_NONE)) goto done;
  result = 0;
done:
  if (ops != NULL) fn.dnnl_post_ops_destroy(ops);
  if (attr != NULL) fn.dnnl_primitive_attr_destroy(attr);
  if (pd != NULL) fn.dnnl_primitive_desc_destroy(pd);
  if (forward != NULL) fn.dnnl_primitive_desc_destroy(forward);
  return result;
}

/* The cached entry for `key`, built on a miss (NULL when out of memory). */
static Entry* lookup(const Key* key) {
  int free = -1, oldest = 0;
  for (int i = 0; i < CACHE_SIZE; i++) {
    if (cache[i] == NULL) {
      if (free < 0) free = i;
      continue;
    }
    if (memcmp(&cache[i]->key, key, sizeof *key) == 0) {
      cache[i]->lastUse = ++useClock;
      return cache[i];
    }
    if (cache[oldest] == NULL || cache[i]->lastUse < cache[oldest]->lastUse) oldest = i;
  }
  const int slot = free >= 0 ? free : oldest;
  if (cache[slot] != NULL) {
    destroy_entry(cache[slot]);
    cache[slot] = NULL;
  }
  Entry* e = calloc(1, sizeof *e);
  if (e == NULL) return NULL;
  e->key = *key;
  e->lastUse = ++useClock;
  const int built = build_entry(e);
  if (built != 0) {
    /* Keep a failed build as "unsupported" (its partial objects freed) so that it is not retried every call. */
    Entry* marker = calloc(1, sizeof *marker);
    destroy_entry(e);
    if (marker == NULL) return NULL;
    marker->key = *key;
    marker->lastUse = useClock;
    marker->unsupported = true;
    snprintf(marker->impl, sizeof marker->impl, "%s", built > 0 ? "unimplemented: im2col fallback" : "failed: im2col fallback");
    e = marker;
  }
  cache[slot] = e;
  return e;
}

static int run_conv(int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act, float alpha) {
  Key key;
  memset(&key, 0, sizeof key);
  key.g = *g;
  key.mode = mode;
  key.hasBias = mode == GM_CONV_FORWARD && bias != NULL;
  key.act = mode == GM_CONV_FORWARD ? act : 0;
  key.alpha = mode == GM_CONV_FORWARD && act == GM_ACT_LEAKYRELU ? alpha : 0.f;
  const double flops = 2.0 * g->batch * g->oh * g->ow * g->kh * g->kw * g->ci * g->co;
  key.threads = flops < SINGLE_THREAD_FLOPS ? 1 : maxThreads;
  use_threads(key.threads); /* read when a primitive is created, and by its execution */
  Entry* e = lookup(&key);
  if (e == NULL) return -1;
  if (e->unsupported) return 1;
  if (e->scratchpadSize > scratchCapacity) {
    free(scratchBuffer);
    scratchCapacity = 0;
    scratchBuffer = malloc(e->scratchpadSize);
    if (scratchBuffer == NULL) return -1;
    scratchCapacity = e->scratchpadSize;
  }
  void* const handles[4] = {(void*)in0, (void*)in1, out, (void*)bias};
  dnnl_exec_arg_t args[MAX_PORTS + 1];
  int nargs = 0;
  for (int i = 0; i < e->portCount; i++) {
    Port* p = &e->ports[i];
    fn.dnnl_memory_set_data_handle(p->user, handles[p->operand]);
    const bool output = p->operand == 2;
    if (p->reorder != NULL && !output) {
      dnnl_exec_arg_t r[2] = {{DNNL_ARG_FROM, p->user}, {DNNL_ARG_TO, p->inner}};
      if (fn.dnnl_primitive_execute(p->reorder, stream, 2, r)) return 1;
    }
    args[nargs++] = (dnnl_exec_arg_t){p->arg, p->inner};
  }
  if (e->scratchpad != NULL) {
    fn.dnnl_memory_set_data_handle(e->scratchpad, scratchBuffer);
    args[nargs++] = (dnnl_exec_arg_t){DNNL_ARG_SCRATCHPAD, e->scratchpad};
  }
  if (fn.dnnl_primitive_execute(e->primitive, stream, nargs, args)) return 1;
  for (int i = 0; i < e->portCount; i++) {
    Port* p = &e->ports[i];
    if (p->reorder != NULL && p->operand == 2) {
      dnnl_exec_arg_t r[2] = {{DNNL_ARG_FROM, p->inner}, {DNNL_ARG_TO, p->user}};
      if (fn.dnnl_primitive_execute(p->reorder, stream, 2, r)) return 1;
    }
  }
  fn.dnnl_stream_wait(stream);
  return 0;
}

int gm_onednn_conv(int mode, const GmConvGeometry* g, const float* in0, const float* in1, float* out, const float* bias, int act, float alpha) {
  if (!load()) return 1;
  const int status = run_conv(mode, g, in0, in1, out, bias, act, alpha);
  use_threads(maxThreads);
  return status;
}

static const char* const MODE_NAMES[] = {"forward", "input grad", "filter grad"};

const char* gm_onednn_implementations(char* buf, size_t size) {
  size_t used = 0;
  if (size > 0) buf[0] = '\0';
  for (int i = 0; i < CACHE_SIZE && used + 1 < size; i++) {
    const Entry* e = cache[i];
    if (e == NULL) continue;
    const GmConvGeometry* g = &e->key.g;
    const int n = snprintf(buf + used, size - used, "%s %lldx%lld s%lld %lld->%lld @%lldx%lld: %s\n", MODE_NAMES[e->key.mode], (long long)g->kh,
                           (long long)g->kw, (long long)g->sh, (long long)g->ci, (long long)g->co, (long long)g->h, (long long)g->w, e->impl);
    if (n < 0) break;
    used += (size_t)n < size - used ? (size_t)n : size - used - 1;
  }
  return buf;
}

#endif
