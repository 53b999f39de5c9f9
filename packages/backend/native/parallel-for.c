/* See parallel-for.h. The pool is libgomp's, reached through GOMP_parallel (the entry point a compiled `#pragma omp parallel` calls). */
#include "parallel-for.h"

#include "onednn-library.h"

typedef struct {
  int64_t n;
  void (*body)(void*, int64_t, int64_t);
  void* ctx;
  const GmOpenmp* omp;
} Task;

static void run_chunk(void* data) {
  const Task* t = data;
  const int64_t id = t->omp->thread_num(), count = t->omp->num_threads();
  const int64_t begin = t->n * id / count, end = t->n * (id + 1) / count;
  if (begin < end) t->body(t->ctx, begin, end);
}

void gm_parallel_for(int64_t n, int64_t grain, void (*body)(void* ctx, int64_t begin, int64_t end), void* ctx) {
  const GmOpenmp* omp = gm_onednn_openmp();
  const int threads = gm_onednn_get_threads();
  if (omp == NULL || threads < 2 || n < 2 * grain || omp->in_parallel()) {
    if (n > 0) body(ctx, 0, n);
    return;
  }
  int64_t chunks = n / grain;
  Task task = {n, body, ctx, omp};
  omp->parallel(run_chunk, &task, (unsigned)(chunks < threads ? chunks : threads), 0);
}
