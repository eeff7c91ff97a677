// Run-time choice of the kernels' instruction-set level.

#include <stdlib.h>
#include <string.h>

#include "CKernels.h"
#include "internal.h"

// PROBKIT_KERNELS=portable|avx2|avx512 caps the level (to compare levels in
// benchmarks, or to check on one machine what another CPU would compute).
static int environment_cap(void) {
  const char *value = getenv("PROBKIT_KERNELS");
  if (value == NULL) return CKERNELS_AVX512;
  if (strcmp(value, "portable") == 0) return CKERNELS_PORTABLE;
  if (strcmp(value, "avx2") == 0) return CKERNELS_AVX2;
  return CKERNELS_AVX512;
}

int ckernels_level(void) {
#if CKERNELS_X86
  // Racing first calls compute and store the same value.
  static int cached = -1;
  int value = __atomic_load_n(&cached, __ATOMIC_RELAXED);
  if (value < 0) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) {
      value = CKERNELS_AVX512;
    } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      value = CKERNELS_AVX2;
    } else {
      value = CKERNELS_PORTABLE;
    }
    int cap = environment_cap();
    if (value > cap) value = cap;
    __atomic_store_n(&cached, value, __ATOMIC_RELAXED);
  }
  return value;
#else
  return CKERNELS_PORTABLE;
#endif
}

static int usable(int level) {
  int best = ckernels_level();
  return level < best ? level : best;
}

void ckernels_products_at(int level, const double *x, long rows, long d, const double *w, long k,
                          double *z) {
  switch (usable(level)) {
#if CKERNELS_X86
    case CKERNELS_AVX512: ckernels_products_avx512(x, rows, d, w, k, z); return;
    case CKERNELS_AVX2: ckernels_products_avx2(x, rows, d, w, k, z); return;
#endif
    default: ckernels_products_portable(x, rows, d, w, k, z); return;
  }
}

void ckernels_accumulate_at(int level, const double *s, const double *x, long rows, long d,
                            long k, double *g) {
  switch (usable(level)) {
#if CKERNELS_X86
    case CKERNELS_AVX512: ckernels_accumulate_avx512(s, x, rows, d, k, g); return;
    case CKERNELS_AVX2: ckernels_accumulate_avx2(s, x, rows, d, k, g); return;
#endif
    default: ckernels_accumulate_portable(s, x, rows, d, k, g); return;
  }
}

void ckernels_softmax_residuals_at(int level, double *z, long rows, long k,
                                   const double *intercepts, const long *labels,
                                   const double *weights, double *loss, double *compensation,
                                   double *intercept_gradient) {
#if CKERNELS_X86
  if (usable(level) == CKERNELS_AVX512) {
    ckernels_softmax_residuals_avx512(z, rows, k, intercepts, labels, weights, loss, compensation,
                                      intercept_gradient);
    return;
  }
#endif
  ckernels_softmax_residuals_portable(z, rows, k, intercepts, labels, weights, loss, compensation,
                                      intercept_gradient);
}

void ckernels_products(const double *x, long rows, long d, const double *w, long k, double *z) {
  ckernels_products_at(CKERNELS_AVX512, x, rows, d, w, k, z);
}

void ckernels_accumulate(const double *s, const double *x, long rows, long d, long k, double *g) {
  ckernels_accumulate_at(CKERNELS_AVX512, s, x, rows, d, k, g);
}

void ckernels_softmax_residuals(double *z, long rows, long k, const double *intercepts,
                                const long *labels, const double *weights, double *loss,
                                double *compensation, double *intercept_gradient) {
  ckernels_softmax_residuals_at(CKERNELS_AVX512, z, rows, k, intercepts, labels, weights, loss,
                                compensation, intercept_gradient);
}

int ckernels_softmax_pass_at(int level, const double *x, long n, long d, const double *w, long k,
                             const double *intercepts, const long *labels, const double *weights,
                             double *loss, double *compensation, double *intercept_gradient,
                             double *g) {
  if (k < 1 || k > CKERNELS_PASS_MAX_CLASSES) return -1;
  level = usable(level);
#if CKERNELS_X86
  if (level == CKERNELS_AVX512) {
    ckernels_softmax_pass_avx512(x, n, d, w, k, intercepts, labels, weights, loss, compensation,
                                 intercept_gradient, g);
    return 0;
  }
#endif
  enum { ROWS = 32 };  // a block stays in L1 between its two products
  double z[ROWS * CKERNELS_PASS_MAX_CLASSES];
  for (long start = 0; start < n; start += ROWS) {
    long rows = n - start < ROWS ? n - start : ROWS;
    const double *xb = x + start * d;
    ckernels_products_at(level, xb, rows, d, w, k, z);
    ckernels_softmax_residuals_at(level, z, rows, k, intercepts, labels + start, weights + start,
                                  loss, compensation, intercept_gradient);
    if (g) ckernels_accumulate_at(level, z, xb, rows, d, k, g);
  }
  return 0;
}

int ckernels_softmax_pass(const double *x, long n, long d, const double *w, long k,
                          const double *intercepts, const long *labels, const double *weights,
                          double *loss, double *compensation, double *intercept_gradient,
                          double *g) {
  return ckernels_softmax_pass_at(CKERNELS_AVX512, x, n, d, w, k, intercepts, labels, weights,
                                  loss, compensation, intercept_gradient, g);
}

void ckernels_weighted_gram_ahead_at(int level, const double *x, long rows, long p,
                                     const double *f, const double *r, double *gram, double *g,
                                     const void *ahead, long ahead_bytes) {
  switch (usable(level)) {
#if CKERNELS_X86
    case CKERNELS_AVX512:
      ckernels_weighted_gram_avx512(x, rows, p, f, r, gram, g, ahead, ahead_bytes);
      return;
    case CKERNELS_AVX2:
      ckernels_weighted_gram_avx2(x, rows, p, f, r, gram, g, ahead, ahead_bytes);
      return;
#endif
    default: ckernels_weighted_gram_portable(x, rows, p, f, r, gram, g); return;
  }
}

void ckernels_weighted_gram_at(int level, const double *x, long rows, long p, const double *f,
                               const double *r, double *gram, double *g) {
  ckernels_weighted_gram_ahead_at(level, x, rows, p, f, r, gram, g, NULL, 0);
}

void ckernels_weighted_gram(const double *x, long rows, long p, const double *f, const double *r,
                            double *gram, double *g) {
  ckernels_weighted_gram_ahead_at(CKERNELS_AVX512, x, rows, p, f, r, gram, g, NULL, 0);
}

void ckernels_weighted_gram_ahead(const double *x, long rows, long p, const double *f,
                                  const double *r, double *gram, double *g, const void *ahead,
                                  long ahead_bytes) {
  ckernels_weighted_gram_ahead_at(CKERNELS_AVX512, x, rows, p, f, r, gram, g, ahead,
                                  ahead_bytes);
}
