/* The row-major sgemm the kernels call: OpenBLAS's when it loaded, otherwise oneDNN's dnnl_sgemm. */
#ifndef GENMODELS_SGEMM_H
#define GENMODELS_SGEMM_H
#include <stdbool.h>

/* Which library gm_sgemm calls; GM_SGEMM_NONE when neither loaded. */
typedef enum { GM_SGEMM_NONE = 0, GM_SGEMM_OPENBLAS = 1, GM_SGEMM_ONEDNN = 2 } GmSgemmLibrary;

/* Chooses (once, at first use): OpenBLAS when it loads, else oneDNN; GENMODELS_SGEMM=onednn picks oneDNN when it loads. */
GmSgemmLibrary gm_sgemm_library(void);

/* Row-major C = op(A) op(B) + beta C (beta 0 or 1). Returns 0, or 1 when no library is loaded or the call failed. */
int gm_sgemm(int transA, int transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc);

#endif
