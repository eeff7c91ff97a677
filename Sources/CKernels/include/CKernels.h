// Small dense kernels for softmax regression's skinny products, in C so that
// they can use AVX2/FMA where the CPU has them (chosen at run time) while the
// package itself is built for baseline x86-64. Imported only by GSLBridge.

#ifndef CKERNELS_H
#define CKERNELS_H

/// z[n*k + c] = sum_j x[n*d + j] * w[c*d + j] for n < rows, c < k (Z = X W^T).
void ckernels_products(const double *x, long rows, long d, const double *w, long k, double *z);

/// g[c*d + j] += sum_n s[n*k + c] * x[n*d + j] (G += S^T X).
void ckernels_accumulate(const double *s, const double *x, long rows, long d, long k, double *g);

/// 1 when the AVX2/FMA kernels serve the calls above, 0 for the portable ones.
int ckernels_uses_avx2(void);

/// The portable kernels, whatever the CPU (for tests).
void ckernels_products_portable(const double *x, long rows, long d, const double *w, long k,
                                double *z);
void ckernels_accumulate_portable(const double *s, const double *x, long rows, long d, long k,
                                  double *g);

#endif
