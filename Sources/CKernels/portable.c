// Portable kernels: plain C for any CPU, and the reference the vector
// kernels are tested against.

#include <math.h>

#include "internal.h"

void ckernels_products_portable(const double *x, long rows, long d, const double *w, long k,
                                double *z) {
  for (long n = 0; n < rows; n++) {
    const double *xr = x + n * d;
    for (long c = 0; c < k; c++) {
      const double *wc = w + c * d;
      double sum = 0;
      for (long j = 0; j < d; j++) sum += xr[j] * wc[j];
      z[n * k + c] = sum;
    }
  }
}

void ckernels_accumulate_portable(const double *s, const double *x, long rows, long d, long k,
                                  double *g) {
  for (long n = 0; n < rows; n++) {
    const double *xr = x + n * d;
    for (long c = 0; c < k; c++) {
      double weight = s[n * k + c];
      if (weight == 0) continue;
      double *gc = g + c * d;
      for (long j = 0; j < d; j++) gc[j] += weight * xr[j];
    }
  }
}


void ckernels_softmax_residuals_portable(double *z, long rows, long k, const double *intercepts,
                                         const long *labels, const double *weights, double *loss,
                                         double *compensation, double *intercept_gradient) {
  double sum_loss = *loss, sum_compensation = *compensation;
  for (long n = 0; n < rows; n++) {
    double *zn = z + n * k;
    long y = labels[n];
    double largest = -INFINITY;
    for (long c = 0; c < k; c++) {
      zn[c] += intercepts[c];
      if (zn[c] > largest) largest = zn[c];
    }
    double shifted = zn[y] - largest;
    double total = 0;
    for (long c = 0; c < k; c++) {
      double e = exp(zn[c] - largest);
      zn[c] = e;
      total += e;
    }
    ckernels_finish_row(zn, k, y, weights[n], total, shifted, &sum_loss, &sum_compensation,
                        intercept_gradient);
  }
  *loss = sum_loss;
  *compensation = sum_compensation;
}

void ckernels_gradient_portable(const double *x, long rows, long p, const double *r, double *g) {
  for (long n = 0; n < rows; n++) {
    const double *xn = x + n * p;
    for (long j = 0; j < p; j++) g[j] += r[n] * xn[j];
  }
}

void ckernels_gram_portable(const double *x, long rows, long p, const double *f, double *gram) {
  for (long n = 0; n < rows; n++) {
    const double *xn = x + n * p;
    for (long i = 0; i < p; i++) {
      double a = f[n] * xn[i];
      double *row = gram + i * p;
      for (long j = i; j < p; j++) row[j] += a * xn[j];
    }
  }
}

void ckernels_weighted_gram_portable(const double *x, long rows, long p, const double *f,
                                     const double *r, double *gram, double *g) {
  ckernels_gradient_portable(x, rows, p, r, g);
  if (gram) ckernels_gram_portable(x, rows, p, f, gram);
}

void ckernels_standardise(const double *x, long rows, long d, const double *means,
                          const double *reciprocals, int intercept, double *out) {
  long p = intercept ? d + 1 : d;
  for (long n = 0; n < rows; n++) {
    const double *xn = x + n * d;
    double *on = out + n * p;
    for (long j = 0; j < d; j++) on[j] = (xn[j] - means[j]) * reciprocals[j];
    if (intercept) on[d] = 1;
  }
}

void ckernels_column_moments(const double *x, long rows, long d, const double *weights,
                             double *mean, double *m2) {
  for (long j = 0; j < d; j++) mean[j] = m2[j] = 0;
  double total = 0;
  for (long n = 0; n < rows; n++) {
    double w = weights[n];
    if (w == 0) continue;
    total += w;
    double share = w / total;
    const double *xn = x + n * d;
    for (long j = 0; j < d; j++) {
      double delta = xn[j] - mean[j];
      mean[j] += share * delta;
      m2[j] += w * delta * (xn[j] - mean[j]);
    }
  }
}
