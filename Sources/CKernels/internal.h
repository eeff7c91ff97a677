// The kernels of each instruction-set level, behind CKernels.h's dispatch.
// Not part of the module's public header.

#ifndef CKERNELS_INTERNAL_H
#define CKERNELS_INTERNAL_H

#if defined(__x86_64__)
#define CKERNELS_X86 1
#endif

void ckernels_products_portable(const double *x, long rows, long d, const double *w, long k,
                                double *z);
void ckernels_accumulate_portable(const double *s, const double *x, long rows, long d, long k,
                                  double *g);
void ckernels_softmax_residuals_portable(double *z, long rows, long k, const double *intercepts,
                                         const long *labels, const double *weights, double *loss,
                                         double *compensation, double *intercept_gradient);

#if CKERNELS_X86
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
