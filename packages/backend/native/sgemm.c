/* See sgemm.h. */
#include "sgemm.h"

#include <stdlib.h>
#include <string.h>

#include "onednn-library.h"
#include "openblas-library.h"

static int chosen = -1;

GmSgemmLibrary gm_sgemm_library(void) {
  if (chosen < 0) {
    const char* want = getenv("GENMODELS_SGEMM");
    if (want != NULL && strcmp(want, "onednn") == 0 && gm_onednn_available())
      chosen = GM_SGEMM_ONEDNN;
    else
      chosen = gm_openblas() != NULL ? GM_SGEMM_OPENBLAS : gm_onednn_available() ? GM_SGEMM_ONEDNN : GM_SGEMM_NONE;
  }
  return (GmSgemmLibrary)chosen;
}

int gm_sgemm(int transA, int transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc) {
  switch (gm_sgemm_library()) {
    case GM_SGEMM_OPENBLAS:
      gm_openblas_sgemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc);
      return 0;
    case GM_SGEMM_ONEDNN:
      return gm_onednn_sgemm(transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc);
    default:
      return 1;
  }
}
