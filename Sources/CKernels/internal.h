// The kernels of each instruction-set level, behind CKernels.h's dispatch.
// Not part of the module's public header.

#ifndef CKERNELS_INTERNAL_H
#define CKERNELS_INTERNAL_H

#include <math.h>

#if defined(__x86_64__)
#define CKERNELS_X86 1
#endif

/// Adds `term` to the Neumaier-compensated sum (*sum, *compensation).
static inline void ckernels_neumaier_add(double term, double *sum, double *compensation) {
  double next = *sum + term;
  *compensation += fabs(*sum) >= fabs(term) ? (*sum - next) + term : (term - next) + *sum;
  *sum = next;
}

/// Finishes one row of the softmax residuals once its exponentials zn[c] =
/// exp(z_c - max) and their `total` are known: adds w (log total - shifted)
/// to the loss (shifted = z_y - max), turns zn into w (softmax - onehot(y))
/// and adds it to the intercept gradient.
static inline void ckernels_finish_row(double *zn, long k, long y, double weight, double total,
                                       double shifted, double *loss, double *compensation,
                                       double *intercept_gradient) {
  ckernels_neumaier_add(weight * (log(total) - shifted), loss, compensation);
  double scale = weight / total;
  for (long c = 0; c < k; c++) {
    double r = zn[c] * scale - (c == y ? weight : 0);
    zn[c] = r;
    intercept_gradient[c] += r;
  }
}

/// Spreads prefetches of `bytes` bytes from `start` (into L2: data the
/// caller reads next, fetched from memory while a kernel computes) over
/// `steps` calls of ckernels_prefetcher_step. Prefetches never fault; the
/// addresses are integers, so that no pointer runs past its object.
struct ckernels_prefetcher {
  unsigned long next, end;
  long per_step;
};

static inline struct ckernels_prefetcher ckernels_prefetcher_make(const void *start, long bytes,
                                                                  long steps) {
  struct ckernels_prefetcher stream = {0, 0, 0};
  if (!start || bytes <= 0 || steps <= 0) return stream;
  // From the first whole cache line's start (64-byte lines) to the last's.
  stream.next = (unsigned long)start & ~63UL;
  stream.end = (unsigned long)start + (unsigned long)bytes;
  long lines = (long)((stream.end - stream.next + 63) / 64);
  stream.per_step = (lines + steps - 1) / steps;
  return stream;
}

static inline void ckernels_prefetcher_step(struct ckernels_prefetcher *stream) {
  for (long q = 0; q < stream->per_step && stream->next < stream->end; q++) {
    __builtin_prefetch((const void *)stream->next, 0, 2);
    stream->next += 64;
  }
}

void ckernels_products_portable(const double *x, long rows, long d, const double *w, long k,
                                double *z);
void ckernels_accumulate_portable(const double *s, const double *x, long rows, long d, long k,
                                  double *g);
void ckernels_softmax_residuals_portable(double *z, long rows, long k, const double *intercepts,
                                         const long *labels, const double *weights, double *loss,
                                         double *compensation, double *intercept_gradient);

void ckernels_weighted_gram_portable(const double *x, long rows, long p, const double *f,
                                     const double *r, double *gram, double *g);
void ckernels_gradient_portable(const double *x, long rows, long p, const double *r, double *g);
void ckernels_gram_portable(const double *x, long rows, long p, const double *f, double *gram);

/// Rows per chunk of the vector Gram kernels: the chunk's scaled rows
/// f_n x_n (padded to a multiple of 8 columns) are formed once and read by
/// every tile.
enum { CKERNELS_GRAM_CHUNK = 32 };

#if CKERNELS_X86
void ckernels_weighted_gram_avx2(const double *x, long rows, long p, const double *f,
                                 const double *r, double *gram, double *g, const void *ahead,
                                 long ahead_bytes);
void ckernels_weighted_gram_avx512(const double *x, long rows, long p, const double *f,
                                   const double *r, double *gram, double *g, const void *ahead,
                                   long ahead_bytes);
void ckernels_products_avx2(const double *x, long rows, long d, const double *w, long k,
                            double *z);
void ckernels_accumulate_avx2(const double *s, const double *x, long rows, long d, long k,
                              double *g);

void ckernels_products_avx512(const double *x, long rows, long d, const double *w, long k,
                              double *z);
void ckernels_accumulate_avx512(const double *s, const double *x, long rows, long d, long k,
                                double *g);
void ckernels_softmax_residuals_avx512(double *z, long rows, long k, const double *intercepts,
                                       const long *labels, const double *weights, double *loss,
                                       double *compensation, double *intercept_gradient);
void ckernels_softmax_pass_avx512(const double *x, long n, long d, const double *w, long k,
                                  const double *intercepts, const long *labels,
                                  const double *weights, double *loss, double *compensation,
                                  double *intercept_gradient, double *g);
#endif

#endif
