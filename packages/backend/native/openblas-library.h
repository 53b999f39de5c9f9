/*
 * OpenBLAS, found at run time with dlopen (libopenblas.so.0 and its usual names) rather than
 * linked: an addon built here, or the prebuilt one, loads whether or not OpenBLAS is installed,
 * and says which library it found.
 */
#ifndef GENMODELS_OPENBLAS_LIBRARY_H
#define GENMODELS_OPENBLAS_LIBRARY_H

/* CBLAS constants (values fixed by the CBLAS interface). */
enum { GM_CBLAS_ROW_MAJOR = 101, GM_CBLAS_NO_TRANS = 111, GM_CBLAS_TRANS = 112 };

typedef struct {
  void (*sgemm)(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b, int ldb,
                float beta, float* c, int ldc);
  char* (*get_config)(void);
  void (*set_num_threads)(int threads);
  int (*get_num_threads)(void);
  /* The file dlopen loaded (as named to it). */
  const char* file;
} GmOpenblas;

/* Loads OpenBLAS once; returns NULL when it is not found, with the reason in gm_openblas_error(). */
const GmOpenblas* gm_openblas(void);
const char* gm_openblas_error(void);

/* Row-major C = op(A) op(B) (beta 0) or C += op(A) op(B) (beta 1) through the loaded OpenBLAS. */
void gm_openblas_sgemm(int transA, int transB, int m, int n, int k, const float* a, int lda, const float* b, int ldb, float beta, float* c,
                       int ldc);

#endif
