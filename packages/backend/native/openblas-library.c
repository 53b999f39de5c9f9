/* See openblas-library.h. GENMODELS_OPENBLAS_LIBRARY names the file to load instead. */
#include "openblas-library.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GmOpenblas lib;
static int state = 0; /* 0 not tried, 1 loaded, -1 not found */
static char error[512];

static const char* const CANDIDATES[] = {
#ifdef __APPLE__
    "libopenblas.0.dylib", "libopenblas.dylib", "/opt/homebrew/opt/openblas/lib/libopenblas.dylib", "/usr/local/opt/openblas/lib/libopenblas.dylib",
#else
    /*
     * OpenMP builds first (Debian's libopenblas0-openmp, Fedora's libopenblaso): their threads are
     * libgomp's pool, the one oneDNN and the addon's own loops run on. The pthreads build starts a
     * second pool whose spinning threads fight the first for the cores: on 2 cores the VAE's
     * training step took 40-46 ms with it and 15-17 ms with the OpenMP build.
     */
    "/usr/lib/x86_64-linux-gnu/openblas-openmp/libopenblas.so.0", "/usr/lib/aarch64-linux-gnu/openblas-openmp/libopenblas.so.0",
    "libopenblaso.so.0", "libopenblas.so.0", "libopenblasp.so.0", "libopenblas.so",
#endif
};

const GmOpenblas* gm_openblas(void) {
  if (state != 0) return state == 1 ? &lib : NULL;
  state = -1;
  const char* override = getenv("GENMODELS_OPENBLAS_LIBRARY");
  void* handle = NULL;
  const char* file = NULL;
  if (override != NULL && override[0] != '\0') {
    handle = dlopen(override, RTLD_NOW | RTLD_LOCAL);
    file = override;
    if (handle == NULL) {
      snprintf(error, sizeof error, "GENMODELS_OPENBLAS_LIBRARY=%s does not load: %s", override, dlerror());
      return NULL;
    }
  } else {
    for (size_t i = 0; i < sizeof CANDIDATES / sizeof CANDIDATES[0] && handle == NULL; i++) {
      handle = dlopen(CANDIDATES[i], RTLD_NOW | RTLD_LOCAL);
      file = CANDIDATES[i];
    }
    if (handle == NULL) {
      snprintf(error, sizeof error, "OpenBLAS not found (no libopenblas.so.0; install libopenblas0-openmp, or libopenblas0)");
      return NULL;
    }
  }
  *(void**)&lib.sgemm = dlsym(handle, "cblas_sgemm");
  *(void**)&lib.get_config = dlsym(handle, "openblas_get_config");
  *(void**)&lib.set_num_threads = dlsym(handle, "openblas_set_num_threads");
  *(void**)&lib.get_num_threads = dlsym(handle, "openblas_get_num_threads");
  if (lib.sgemm == NULL || lib.get_config == NULL || lib.set_num_threads == NULL || lib.get_num_threads == NULL) {
    snprintf(error, sizeof error, "%s loaded but lacks cblas_sgemm or openblas_get_config / openblas_*_num_threads: is it OpenBLAS?", file);
    dlclose(handle);
    return NULL;
  }
  lib.file = file;
  state = 1;
  return &lib;
}

const char* gm_openblas_error(void) { return error; }

void gm_openblas_sgemm(int transA, int transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c,
                       int ldc) {
  lib.sgemm(GM_CBLAS_ROW_MAJOR, transA ? GM_CBLAS_TRANS : GM_CBLAS_NO_TRANS, transB ? GM_CBLAS_TRANS : GM_CBLAS_NO_TRANS, m, n, k, 1.f, a, lda,
            b, ldb, beta, c, ldc);
}
