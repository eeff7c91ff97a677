// What one softmax-regression gradient evaluation costs against the two
// matrix products it needs (X·Wᵀ and (P - Y)ᵀ·X), on 200,000 × 100 data with
// 10 classes, single-threaded:
//
//   (a) the two products as plain OpenBLAS dgemm calls on the whole matrices
//       (the way numpy would compute them);
//   (b) the same two products through ProbKit's CKernels, block by block
//       (32 rows, as SoftmaxObjective does);
//   (c) a whole evaluation block by block from three calls: the first
//       product, the softmax/loss/residuals, the second product;
//   (d) the same evaluation as the one call SoftmaxObjective makes up to 16
//       classes (ckernels_softmax_pass: class-major blocks, the softmax
//       vectorised across rows).
//
// It links Sources/CKernels/*.c itself, so it measures the shipped
// kernels; the Swift layer around them adds little (see Docs/Performance.md).
// Build and run with run-gradient-cost.sh.

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <cblas.h>

#include "CKernels.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 200000, d = 100, k = 10, block = 32;
  int reps = 7;
  double *x = malloc(sizeof(double) * n * d), *w = malloc(sizeof(double) * k * d);
  double *z = malloc(sizeof(double) * n * k), *g = malloc(sizeof(double) * k * d);
  double *b = calloc(k, sizeof(double)), *bg = calloc(k, sizeof(double));
  double *weights = malloc(sizeof(double) * n);
  long *labels = malloc(sizeof(long) * n);
  unsigned long long state = 42;
  for (long i = 0; i < n * d; i++) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    x[i] = (double)(state >> 11) / 9007199254740992.0 - 0.5;
  }
  for (long i = 0; i < k * d; i++) w[i] = sin((double)i) * 0.1;
  for (long i = 0; i < n; i++) {
    labels[i] = i % k;
    weights[i] = 1;
  }
  double a[7], bk[7], c[7], p[7];
  for (int r = 0; r < reps; r++) {
    double t0 = now();
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, k, d, 1, x, d, w, d, 0, z, k);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, d, n, 1, z, k, x, d, 0, g, d);
    a[r] = now() - t0;

    t0 = now();
    for (long s = 0; s < n; s += block) {
      long rows = n - s < block ? n - s : block;
      ckernels_products(x + s * d, rows, d, w, k, z);
      ckernels_accumulate(z, x + s * d, rows, d, k, g);
    }
    bk[r] = now() - t0;

    t0 = now();
    double loss = 0, compensation = 0;
    for (long s = 0; s < n; s += block) {
      long rows = n - s < block ? n - s : block;
      ckernels_products(x + s * d, rows, d, w, k, z);
      ckernels_softmax_residuals(z, rows, k, b, labels + s, weights + s, &loss, &compensation, bg);
      ckernels_accumulate(z, x + s * d, rows, d, k, g);
    }
    c[r] = now() - t0;

    t0 = now();
    loss = 0;
    compensation = 0;
    ckernels_softmax_pass(x, n, d, w, k, b, labels, weights, &loss, &compensation, bg, g);
    p[r] = now() - t0;
  }
  qsort(a, reps, sizeof(double), compare);
  qsort(bk, reps, sizeof(double), compare);
  qsort(c, reps, sizeof(double), compare);
  qsort(p, reps, sizeof(double), compare);
  double ma = a[reps / 2], mb = bk[reps / 2], mc = c[reps / 2], mp = p[reps / 2];
  printf("| what | ms (median of %d) |\n|:--|--:|\n", reps);
  printf("| (a) two OpenBLAS dgemm products, whole matrices | %.1f |\n", ma * 1e3);
  printf("| (b) the two products through CKernels, 32-row blocks | %.1f |\n", mb * 1e3);
  printf("| (c) a whole evaluation: products + softmax, loss, residuals | %.1f |\n", mc * 1e3);
  printf("| (d) the same evaluation as one call (`ckernels_softmax_pass`) | %.1f |\n", mp * 1e3);
  printf("\n(d)/(a) = %.2f, (d)/(b) = %.2f; %ld x %ld features, %ld classes, kernels: %s\n",
         mp / ma, mp / mb, n, d, k, ckernels_level() == CKERNELS_AVX512 ? "AVX-512" : ckernels_level() == CKERNELS_AVX2 ? "AVX2" : "portable");
  return 0;
}
