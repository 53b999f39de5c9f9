/*
 * GM_VECTOR_CLONES: compile a hot element-wise function for AVX-512, AVX2 and baseline x86-64, the
 * loader picking the widest the CPU has when the addon loads (GCC's target_clones, an ifunc). The
 * addon is built for baseline x86-64 (SSE2) so that a build runs on any x86-64 machine; the clones
 * keep that while the compute-bound loops (SiLU's exp) use the CPU's vectors. Elsewhere (other
 * architectures, macOS, compilers without ifunc) it is empty.
 */
#ifndef GENMODELS_VECTOR_CLONES_H
#define GENMODELS_VECTOR_CLONES_H

#if defined(__x86_64__) && defined(__linux__) && defined(__GNUC__) && !defined(__clang__)
#define GM_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define GM_VECTOR_CLONES
#endif

#endif
