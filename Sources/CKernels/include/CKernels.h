// Small dense kernels for softmax regression's skinny products, in C so that
// they can use AVX2/FMA or AVX-512 where the CPU has them (chosen at run
// time) while the package itself is built for baseline x86-64. Imported only
// by GSLBridge.

#ifndef CKERNELS_H
#define CKERNELS_H

/// The kernels' instruction-set levels.
enum {
  /// Plain C, any CPU.
  CKERNELS_PORTABLE = 0,
  /// AVX2 and FMA: four doubles per register.
  CKERNELS_AVX2 = 1,
  /// AVX-512F: eight doubles per register, vectorised exp.
  CKERNELS_AVX512 = 2
};

/// The best level this CPU runs, capped by the environment variable
/// PROBKIT_KERNELS (portable, avx2 or avx512) when set: the level the calls
/// below use.
int ckernels_level(void);

/// z[n*k + c] = sum_j x[n*d + j] * w[c*d + j] for n < rows, c < k (Z = X W^T).
void ckernels_products(const double *x, long rows, long d, const double *w, long k, double *z);

/// g[c*d + j] += sum_n s[n*k + c] * x[n*d + j] (G += S^T X).
void ckernels_accumulate(const double *s, const double *x, long rows, long d, long k, double *g);

/// The softmax losses and residuals of a block of logits, in place: for each
/// row n, z_n += b; loss += w_n (log sum_c exp z_nc - z_n,y_n) (compensated,
/// Neumaier); z_nc = w_n (softmax(z_n)_c - [c = y_n]); b_grad_c += z_nc.
/// Terms exp(z_nc - max_c z_nc) below exp(-708) ~ 3e-308 may be taken as 0.
void ckernels_softmax_residuals(double *z, long rows, long k, const double *intercepts,
                                const long *labels, const double *weights, double *loss,
                                double *compensation, double *intercept_gradient);

/// The most classes ckernels_softmax_pass takes.
enum { CKERNELS_PASS_MAX_CLASSES = 16 };

/// A whole softmax-regression evaluation over X (n x d, row-major), block by
/// block while each block is in cache: Z_b = X_b W^T, then
/// ckernels_softmax_residuals on it, then (when g is not NULL) G += R_b^T X_b.
/// The loss terms are summed with compensation (order may differ by level).
/// Returns 0, or -1 (doing nothing) unless 1 <= k <= CKERNELS_PASS_MAX_CLASSES.
int ckernels_softmax_pass(const double *x, long n, long d, const double *w, long k,
                          const double *intercepts, const long *labels, const double *weights,
                          double *loss, double *compensation, double *intercept_gradient,
                          double *g);

/// A generalized linear model's block sums over X (rows x p, row-major):
/// the upper triangle (diagonal included) of gram (p x p, row-major) +=
/// sum_n f[n] x_n x_n^T, and g += sum_n r[n] x_n. gram may be NULL (the
/// gradient only); entries of gram below the diagonal are left unspecified.
void ckernels_weighted_gram(const double *x, long rows, long p, const double *f, const double *r,
                            double *gram, double *g);

/// ckernels_weighted_gram, prefetching ahead_bytes bytes from ahead into
/// L2 while it computes the Gram matrix (the data the caller reads next, so
/// that streaming them from memory overlaps the arithmetic; nothing when
/// gram is NULL or ahead is NULL). The results are ckernels_weighted_gram's.
void ckernels_weighted_gram_ahead(const double *x, long rows, long p, const double *f,
                                  const double *r, double *gram, double *g, const void *ahead,
                                  long ahead_bytes);

/// Standardised rows: out (rows x p, row-major; p = d + 1 with an intercept
/// column of ones, else d) = (x_nj - means[j]) * reciprocals[j] for x (rows
/// x d, row-major). Plain C (the compiler vectorises it); memory-bound.
void ckernels_standardise(const double *x, long rows, long d, const double *means,
                          const double *reciprocals, int intercept, double *out);

/// Weighted column means and sums of squared deviations of x (rows x d,
/// row-major) in one pass (West's weighted Welford update; rows of weight 0
/// are skipped): mean[j] = sum_n w_n x_nj / W, m2[j] = sum_n w_n (x_nj -
/// mean[j])^2. Both outputs are overwritten. Plain C, memory-bound.
void ckernels_column_moments(const double *x, long rows, long d, const double *weights,
                             double *mean, double *m2);

/// The same at a given level, lowered to ckernels_level() when the CPU lacks
/// it (for tests and benchmarks). The softmax has no AVX2 form: level 1 runs
/// the portable one.
void ckernels_products_at(int level, const double *x, long rows, long d, const double *w, long k,
                          double *z);
void ckernels_accumulate_at(int level, const double *s, const double *x, long rows, long d,
                            long k, double *g);
void ckernels_softmax_residuals_at(int level, double *z, long rows, long k,
                                   const double *intercepts, const long *labels,
                                   const double *weights, double *loss, double *compensation,
                                   double *intercept_gradient);
void ckernels_weighted_gram_at(int level, const double *x, long rows, long p, const double *f,
                               const double *r, double *gram, double *g);
void ckernels_weighted_gram_ahead_at(int level, const double *x, long rows, long p,
                                     const double *f, const double *r, double *gram, double *g,
                                     const void *ahead, long ahead_bytes);
int ckernels_softmax_pass_at(int level, const double *x, long n, long d, const double *w, long k,
                             const double *intercepts, const long *labels, const double *weights,
                             double *loss, double *compensation, double *intercept_gradient,
                             double *g);

#endif
