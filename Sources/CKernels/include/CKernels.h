// Small dense kernels for softmax regression's skinny products, in C so that
// they can use AVX2/FMA where the CPU has them (chosen at run time) while the
// package itself is built for baseline x86-64. Imported only by GSLBridge.

#ifndef CKERNELS_H
#define CKERNELS_H

/// z[n*k + c] = sum_j x[n*d + j] * w[c*d + j] for n < rows, c < k (Z = X W^T).
void ckernels_products(const double *x, long rows, long d, const double *w, long k, double *z);

/// g[c*d + j] += sum_n s[n*k + c] * x[n*d + j] (G += S^T X).
void ckernels_accumulate(const double *s, const double *x, long rows, long d, long k, double *g);

/// The softmax losses and residuals of a block of logits, in place: for each
/// row n, z_n += b; loss += w_n (log sum_c exp z_nc - z_n,y_n) (compensated,
/// Neumaier); z_nc = w_n (softmax(z_n)_c - [c = y_n]); b_grad_c += z_nc.
void ckernels_softmax_residuals(double *z, long rows, long k, const double *intercepts,
                                const long *labels, const double *weights, double *loss,
                                double *compensation, double *intercept_gradient);

/// 1 when the AVX2/FMA kernels serve the calls above, 0 for the portable ones.
int ckernels_uses_avx2(void);

/// The portable kernels, whatever the CPU (for tests).
void ckernels_products_portable(const double *x, long rows, long d, const double *w, long k,
                                double *z);
void ckernels_accumulate_portable(const double *s, const double *x, long rows, long d, long k,
                                  double *g);

#endif
