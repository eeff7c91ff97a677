// AVX-512F kernels: eight doubles per register, masked loads for the
// remainders, and a vectorised exp for the softmax. Compiled for any x86-64
// (target attributes per function); called only when the CPU has AVX-512F.

#include "internal.h"

#if CKERNELS_X86
#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define T512 __attribute__((target("avx512f")))

// How many rows ahead the products prefetch X (they stream it from memory):
// measured 4, 8, 16 and 32 on 200,000 x 100; 8 was best by a little.
enum { PREFETCH_ROWS = 8 };

// Sums of eight vectors, in order, in one vector.
T512 static inline __m512d reduce8(__m512d v0, __m512d v1, __m512d v2, __m512d v3, __m512d v4,
                                   __m512d v5, __m512d v6, __m512d v7) {
  __m512d t0 = _mm512_add_pd(_mm512_unpacklo_pd(v0, v1), _mm512_unpackhi_pd(v0, v1));
  __m512d t1 = _mm512_add_pd(_mm512_unpacklo_pd(v2, v3), _mm512_unpackhi_pd(v2, v3));
  __m512d t2 = _mm512_add_pd(_mm512_unpacklo_pd(v4, v5), _mm512_unpackhi_pd(v4, v5));
  __m512d t3 = _mm512_add_pd(_mm512_unpacklo_pd(v6, v7), _mm512_unpackhi_pd(v6, v7));
  __m512d u0 = _mm512_add_pd(_mm512_shuffle_f64x2(t0, t1, _MM_SHUFFLE(2, 0, 2, 0)),
                             _mm512_shuffle_f64x2(t0, t1, _MM_SHUFFLE(3, 1, 3, 1)));
  __m512d u1 = _mm512_add_pd(_mm512_shuffle_f64x2(t2, t3, _MM_SHUFFLE(2, 0, 2, 0)),
                             _mm512_shuffle_f64x2(t2, t3, _MM_SHUFFLE(3, 1, 3, 1)));
  return _mm512_add_pd(_mm512_shuffle_f64x2(u0, u1, _MM_SHUFFLE(2, 0, 2, 0)),
                       _mm512_shuffle_f64x2(u0, u1, _MM_SHUFFLE(3, 1, 3, 1)));
}

// Z = X W^T into z[n*k + c] (row-major) or, when `ldz` > 0, into
// z[c*ldz + n] (class-major, for the fused pass's row-vectorised softmax).
T512 static void products(const double *x, long rows, long d, const double *w, long k, double *z,
                          long ldz) {
  long rs = ldz > 0 ? 1 : k, cs = ldz > 0 ? ldz : 1;
  long d8 = d & ~7L;
  __mmask8 tail = (__mmask8)((1u << (d - d8)) - 1);
  long n = 0;
  for (; n + 4 <= rows; n += 4) {
    const double *x0 = x + n * d, *x1 = x0 + d, *x2 = x1 + d, *x3 = x2 + d;
    long c = 0;
    for (; c + 4 <= k; c += 4) {
      const double *w0 = w + c * d, *w1 = w0 + d, *w2 = w1 + d, *w3 = w2 + d;
      __m512d a00 = _mm512_setzero_pd(), a01 = a00, a02 = a00, a03 = a00;
      __m512d a10 = a00, a11 = a00, a12 = a00, a13 = a00;
      __m512d a20 = a00, a21 = a00, a22 = a00, a23 = a00;
      __m512d a30 = a00, a31 = a00, a32 = a00, a33 = a00;
#define STEP4(LOAD)                                                             \
  {                                                                             \
    __m512d v0 = LOAD(x0 + j), v1 = LOAD(x1 + j), v2 = LOAD(x2 + j), v3 = LOAD(x3 + j); \
    __m512d u = LOAD(w0 + j);                                                   \
    a00 = _mm512_fmadd_pd(u, v0, a00); a10 = _mm512_fmadd_pd(u, v1, a10);       \
    a20 = _mm512_fmadd_pd(u, v2, a20); a30 = _mm512_fmadd_pd(u, v3, a30);       \
    u = LOAD(w1 + j);                                                           \
    a01 = _mm512_fmadd_pd(u, v0, a01); a11 = _mm512_fmadd_pd(u, v1, a11);       \
    a21 = _mm512_fmadd_pd(u, v2, a21); a31 = _mm512_fmadd_pd(u, v3, a31);       \
    u = LOAD(w2 + j);                                                           \
    a02 = _mm512_fmadd_pd(u, v0, a02); a12 = _mm512_fmadd_pd(u, v1, a12);       \
    a22 = _mm512_fmadd_pd(u, v2, a22); a32 = _mm512_fmadd_pd(u, v3, a32);       \
    u = LOAD(w3 + j);                                                           \
    a03 = _mm512_fmadd_pd(u, v0, a03); a13 = _mm512_fmadd_pd(u, v1, a13);       \
    a23 = _mm512_fmadd_pd(u, v2, a23); a33 = _mm512_fmadd_pd(u, v3, a33);       \
  }
#define FULL(p) _mm512_loadu_pd(p)
#define MASKED(p) _mm512_maskz_loadu_pd(tail, p)
      long j = 0;
      if (c == 0) {
        for (; j < d8; j += 8) {
          uintptr_t ahead = (uintptr_t)(PREFETCH_ROWS * d + j) * sizeof(double);
          __builtin_prefetch((const void *)((uintptr_t)x0 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x1 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x2 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x3 + ahead));
          STEP4(FULL)
        }
      }
      for (; j < d8; j += 8) STEP4(FULL)
      if (tail) STEP4(MASKED)
      if (ldz > 0) {  // four rows of one class are contiguous
        __m512d s01 = reduce8(a00, a10, a20, a30, a01, a11, a21, a31);
        __m512d s23 = reduce8(a02, a12, a22, a32, a03, a13, a23, a33);
        _mm256_storeu_pd(z + c * ldz + n, _mm512_castpd512_pd256(s01));
        _mm256_storeu_pd(z + (c + 1) * ldz + n, _mm512_extractf64x4_pd(s01, 1));
        _mm256_storeu_pd(z + (c + 2) * ldz + n, _mm512_castpd512_pd256(s23));
        _mm256_storeu_pd(z + (c + 3) * ldz + n, _mm512_extractf64x4_pd(s23, 1));
      } else {  // four classes of one row are
        __m512d s01 = reduce8(a00, a01, a02, a03, a10, a11, a12, a13);
        __m512d s23 = reduce8(a20, a21, a22, a23, a30, a31, a32, a33);
        _mm256_storeu_pd(z + n * k + c, _mm512_castpd512_pd256(s01));
        _mm256_storeu_pd(z + (n + 1) * k + c, _mm512_extractf64x4_pd(s01, 1));
        _mm256_storeu_pd(z + (n + 2) * k + c, _mm512_castpd512_pd256(s23));
        _mm256_storeu_pd(z + (n + 3) * k + c, _mm512_extractf64x4_pd(s23, 1));
      }
    }
    for (; c + 2 <= k; c += 2) {
      const double *w0 = w + c * d, *w1 = w0 + d;
      __m512d a00 = _mm512_setzero_pd(), a01 = a00, a10 = a00, a11 = a00;
      __m512d a20 = a00, a21 = a00, a30 = a00, a31 = a00;
#define STEP2(LOAD)                                                             \
  {                                                                             \
    __m512d v0 = LOAD(x0 + j), v1 = LOAD(x1 + j), v2 = LOAD(x2 + j), v3 = LOAD(x3 + j); \
    __m512d u = LOAD(w0 + j);                                                   \
    a00 = _mm512_fmadd_pd(u, v0, a00); a10 = _mm512_fmadd_pd(u, v1, a10);       \
    a20 = _mm512_fmadd_pd(u, v2, a20); a30 = _mm512_fmadd_pd(u, v3, a30);       \
    u = LOAD(w1 + j);                                                           \
    a01 = _mm512_fmadd_pd(u, v0, a01); a11 = _mm512_fmadd_pd(u, v1, a11);       \
    a21 = _mm512_fmadd_pd(u, v2, a21); a31 = _mm512_fmadd_pd(u, v3, a31);       \
  }
      long j = 0;
      for (; j < d8; j += 8) STEP2(FULL)
      if (tail) STEP2(MASKED)
      double s[8];
      _mm512_storeu_pd(s, reduce8(a00, a01, a10, a11, a20, a21, a30, a31));
      for (int r = 0; r < 4; r++) {
        z[(n + r) * rs + c * cs] = s[2 * r];
        z[(n + r) * rs + (c + 1) * cs] = s[2 * r + 1];
      }
    }
    for (; c < k; c++) {
      const double *w0 = w + c * d;
      __m512d a0 = _mm512_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
      long j = 0;
      for (; j < d8; j += 8) {
        __m512d u = _mm512_loadu_pd(w0 + j);
        a0 = _mm512_fmadd_pd(u, _mm512_loadu_pd(x0 + j), a0);
        a1 = _mm512_fmadd_pd(u, _mm512_loadu_pd(x1 + j), a1);
        a2 = _mm512_fmadd_pd(u, _mm512_loadu_pd(x2 + j), a2);
        a3 = _mm512_fmadd_pd(u, _mm512_loadu_pd(x3 + j), a3);
      }
      if (tail) {
        __m512d u = MASKED(w0 + j);
        a0 = _mm512_fmadd_pd(u, MASKED(x0 + j), a0);
        a1 = _mm512_fmadd_pd(u, MASKED(x1 + j), a1);
        a2 = _mm512_fmadd_pd(u, MASKED(x2 + j), a2);
        a3 = _mm512_fmadd_pd(u, MASKED(x3 + j), a3);
      }
      z[n * rs + c * cs] = _mm512_reduce_add_pd(a0);
      z[(n + 1) * rs + c * cs] = _mm512_reduce_add_pd(a1);
      z[(n + 2) * rs + c * cs] = _mm512_reduce_add_pd(a2);
      z[(n + 3) * rs + c * cs] = _mm512_reduce_add_pd(a3);
    }
  }
  for (; n < rows; n++) {
    const double *xr = x + n * d;
    for (long c = 0; c < k; c++) {
      const double *wc = w + c * d;
      __m512d a = _mm512_setzero_pd();
      long j = 0;
      for (; j < d8; j += 8) a = _mm512_fmadd_pd(_mm512_loadu_pd(wc + j), _mm512_loadu_pd(xr + j), a);
      if (tail) a = _mm512_fmadd_pd(MASKED(wc + j), MASKED(xr + j), a);
      z[n * rs + c * cs] = _mm512_reduce_add_pd(a);
    }
  }
}

T512 void ckernels_products_avx512(const double *x, long rows, long d, const double *w, long k,
                                   double *z) {
  products(x, rows, d, w, k, z, 0);
}

// G += S^T X: classes four at a time, feature chunks three (24 doubles) at a
// time. S is s[n*k + c] (row-major) or, when `lds` > 0, s[c*lds + n].
T512 static void accumulate(const double *s, const double *x, long rows, long d, long k,
                            double *g, long lds) {
  long rs = lds > 0 ? 1 : k, cs_ = lds > 0 ? lds : 1;
  long c = 0;
  for (; c < k; c += 4) {
    long cs = k - c < 4 ? k - c : 4;
    long j = 0;
    for (; j + 24 <= d; j += 24) {
      __m512d acc[4][3];
      for (int q = 0; q < 4; q++)
        for (int t = 0; t < 3; t++) acc[q][t] = _mm512_setzero_pd();
      for (long n = 0; n < rows; n++) {
        const double *xr = x + n * d + j;
        __m512d v0 = _mm512_loadu_pd(xr), v1 = _mm512_loadu_pd(xr + 8), v2 = _mm512_loadu_pd(xr + 16);
        const double *sn = s + n * rs + c * cs_;
        for (int q = 0; q < 4; q++) {
          if (q < cs) {
            __m512d b = _mm512_set1_pd(sn[q * cs_]);
            acc[q][0] = _mm512_fmadd_pd(b, v0, acc[q][0]);
            acc[q][1] = _mm512_fmadd_pd(b, v1, acc[q][1]);
            acc[q][2] = _mm512_fmadd_pd(b, v2, acc[q][2]);
          }
        }
      }
      for (int q = 0; q < cs; q++) {
        double *gq = g + (c + q) * d + j;
        for (int t = 0; t < 3; t++)
          _mm512_storeu_pd(gq + 8 * t, _mm512_add_pd(_mm512_loadu_pd(gq + 8 * t), acc[q][t]));
      }
    }
    for (; j < d; j += 8) {
      __mmask8 m = d - j >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (d - j)) - 1);
      __m512d a0 = _mm512_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
      for (long n = 0; n < rows; n++) {
        __m512d v = _mm512_maskz_loadu_pd(m, x + n * d + j);
        const double *sn = s + n * rs + c * cs_;
        a0 = _mm512_fmadd_pd(_mm512_set1_pd(sn[0]), v, a0);
        if (cs > 1) a1 = _mm512_fmadd_pd(_mm512_set1_pd(sn[cs_]), v, a1);
        if (cs > 2) a2 = _mm512_fmadd_pd(_mm512_set1_pd(sn[2 * cs_]), v, a2);
        if (cs > 3) a3 = _mm512_fmadd_pd(_mm512_set1_pd(sn[3 * cs_]), v, a3);
      }
      __m512d as[4] = {a0, a1, a2, a3};
      for (int q = 0; q < cs; q++) {
        double *gq = g + (c + q) * d + j;
        _mm512_mask_storeu_pd(gq, m, _mm512_add_pd(_mm512_maskz_loadu_pd(m, gq), as[q]));
      }
    }
  }
}

T512 void ckernels_accumulate_avx512(const double *s, const double *x, long rows, long d, long k,
                                     double *g) {
  accumulate(s, x, rows, d, k, g, 0);
}

// exp(x) for x <= 0 (any, -inf included), within ~1 ulp above -708, 0 below (no subnormals): x = n ln2 + r,
// |r| <= ln2/2, exp(r) by its Taylor polynomial to degree 13, times 2^n by scalef.
T512 static inline __m512d exp_nonpositive(__m512d x) {
  __mmask8 normal = _mm512_cmp_pd_mask(x, _mm512_set1_pd(-708.0), _CMP_GE_OQ);
  x = _mm512_max_pd(x, _mm512_set1_pd(-708.0));
  __m512d n = _mm512_roundscale_pd(_mm512_mul_pd(x, _mm512_set1_pd(1.4426950408889634)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512d r = _mm512_fnmadd_pd(n, _mm512_set1_pd(6.93147180369123816490e-01), x);
  r = _mm512_fnmadd_pd(n, _mm512_set1_pd(1.90821492927058770002e-10), r);
  __m512d p = _mm512_set1_pd(1.0 / 6227020800.0);
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 479001600.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 39916800.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 3628800.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 362880.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 40320.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 5040.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 720.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 120.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 24.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0 / 6.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(0.5));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
  p = _mm512_fmadd_pd(p, r, _mm512_set1_pd(1.0));
  return _mm512_maskz_mov_pd(normal, _mm512_scalef_pd(p, n));
}

T512 static void exp_nonpositive_array(double *v, long count) {
  long i = 0;
  for (; i + 8 <= count; i += 8) _mm512_storeu_pd(v + i, exp_nonpositive(_mm512_loadu_pd(v + i)));
  if (i < count) {
    __mmask8 m = (__mmask8)((1u << (count - i)) - 1);
    _mm512_mask_storeu_pd(v + i, m, exp_nonpositive(_mm512_maskz_loadu_pd(m, v + i)));
  }
}

// The softmax residuals of at most 64 rows: each row's shifted logits in
// place, one vectorised exp over the whole block, then per-row sums.
T512 static void softmax_residuals_chunk(double *z, long rows, long k, const double *intercepts,
                                         const long *labels, const double *weights, double *loss,
                                         double *compensation, double *intercept_gradient) {
  double shifted[64];
  for (long n = 0; n < rows; n++) {
    double *zn = z + n * k;
    double largest = -INFINITY;
    for (long c = 0; c < k; c++) {
      double v = zn[c] + intercepts[c];
      largest = v > largest ? v : largest;
    }
    for (long c = 0; c < k; c++) zn[c] = (zn[c] + intercepts[c]) - largest;
    shifted[n] = zn[labels[n]];
  }
  exp_nonpositive_array(z, rows * k);
  double sum_loss = *loss, sum_compensation = *compensation;
  for (long n = 0; n < rows; n++) {
    double *zn = z + n * k;
    long y = labels[n];
    double total = 0;
    for (long c = 0; c < k; c++) total += zn[c];
    ckernels_finish_row(zn, k, y, weights[n], total, shifted[n], &sum_loss, &sum_compensation,
                        intercept_gradient);
  }
  *loss = sum_loss;
  *compensation = sum_compensation;
}

T512 void ckernels_softmax_residuals_avx512(double *z, long rows, long k, const double *intercepts,
                                            const long *labels, const double *weights,
                                            double *loss, double *compensation,
                                            double *intercept_gradient) {
  for (long n = 0; n < rows; n += 64) {
    long chunk = rows - n < 64 ? rows - n : 64;
    softmax_residuals_chunk(z + n * k, chunk, k, intercepts, labels + n, weights + n, loss,
                            compensation, intercept_gradient);
  }
}
// log(x) for finite x >= 1 (the softmax's sums lie in [1, K]), within ~2 ulp:
// x = m 2^e with m in [0.75, 1.5), log m = 2 atanh f with f = (m - 1)/(m + 1),
// |f| <= 0.2, by its series to f^23.
T512 static inline __m512d log_at_least_one(__m512d x) {
  __m512d m = _mm512_getmant_pd(x, _MM_MANT_NORM_p75_1p5, _MM_MANT_SIGN_zero);
  __m512d e = _mm512_getexp_pd(x);
  e = _mm512_mask_add_pd(e, _mm512_cmp_pd_mask(m, _mm512_set1_pd(1.0), _CMP_LT_OQ), e,
                         _mm512_set1_pd(1.0));
  __m512d one = _mm512_set1_pd(1.0);
  __m512d f = _mm512_div_pd(_mm512_sub_pd(m, one), _mm512_add_pd(m, one));
  __m512d f2 = _mm512_mul_pd(f, f);
  __m512d p = _mm512_set1_pd(1.0 / 23);
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 21));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 19));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 17));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 15));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 13));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 11));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 9));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 7));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 5));
  p = _mm512_fmadd_pd(p, f2, _mm512_set1_pd(1.0 / 3));
  __m512d twice_f = _mm512_add_pd(f, f);
  // 2f + 2f f^2 p + e ln2_lo, then + e ln2_hi (exact: e has few bits).
  __m512d small = _mm512_fmadd_pd(_mm512_mul_pd(twice_f, f2), p,
                                  _mm512_mul_pd(e, _mm512_set1_pd(1.90821492927058770002e-10)));
  return _mm512_fmadd_pd(e, _mm512_set1_pd(6.93147180369123816490e-01),
                         _mm512_add_pd(twice_f, small));
}

enum { PASS_ROWS = 32 };

// The softmax residuals of a block held class-major (z[c*PASS_ROWS + n]),
// eight rows per vector: loss terms into per-lane Neumaier sums, residuals
// in place, intercept gradients into per-class lane sums.
T512 static void softmax_residuals_class_major(double *z, long rows, long k,
                                               const double *intercepts, const long *labels,
                                               const double *weights, __m512d *loss,
                                               __m512d *compensation, __m512d *intercept_sums) {
  for (long n = 0; n < rows; n += 8) {
    __mmask8 valid = rows - n >= 8 ? (__mmask8)0xFF : (__mmask8)((1u << (rows - n)) - 1);
    __m512i y = _mm512_maskz_loadu_epi64(valid, labels + n);
    __m512d wt = _mm512_maskz_loadu_pd(valid, weights + n);
    __m512d largest = _mm512_set1_pd(-INFINITY);
    for (long c = 0; c < k; c++) {
      __m512d v = _mm512_add_pd(_mm512_maskz_loadu_pd(valid, z + c * PASS_ROWS + n),
                                _mm512_set1_pd(intercepts[c]));
      _mm512_mask_storeu_pd(z + c * PASS_ROWS + n, valid, v);
      largest = _mm512_max_pd(largest, v);
    }
    __m512d at_label = _mm512_setzero_pd(), total = _mm512_setzero_pd();
    for (long c = 0; c < k; c++) {
      __m512d v = _mm512_sub_pd(_mm512_maskz_loadu_pd(valid, z + c * PASS_ROWS + n), largest);
      at_label = _mm512_mask_mov_pd(at_label, _mm512_cmpeq_epi64_mask(y, _mm512_set1_epi64(c)), v);
      __m512d e = exp_nonpositive(v);
      _mm512_mask_storeu_pd(z + c * PASS_ROWS + n, valid, e);
      total = _mm512_add_pd(total, e);
    }
    total = _mm512_mask_mov_pd(_mm512_set1_pd(1.0), valid, total);  // rows past the end
    __m512d term = _mm512_mul_pd(wt, _mm512_sub_pd(log_at_least_one(total), at_label));
    __m512d next = _mm512_add_pd(*loss, term);
    __mmask8 loss_larger = _mm512_cmp_pd_mask(_mm512_abs_pd(*loss), _mm512_abs_pd(term), _CMP_GE_OQ);
    __m512d lost = _mm512_mask_blend_pd(loss_larger,
                                        _mm512_add_pd(_mm512_sub_pd(term, next), *loss),
                                        _mm512_add_pd(_mm512_sub_pd(*loss, next), term));
    *compensation = _mm512_add_pd(*compensation, lost);
    *loss = next;
    __m512d scale = _mm512_div_pd(wt, total);
    for (long c = 0; c < k; c++) {
      __m512d r = _mm512_mul_pd(_mm512_maskz_loadu_pd(valid, z + c * PASS_ROWS + n), scale);
      r = _mm512_mask_sub_pd(r, _mm512_cmpeq_epi64_mask(y, _mm512_set1_epi64(c)), r, wt);
      r = _mm512_maskz_mov_pd(valid, r);
      _mm512_mask_storeu_pd(z + c * PASS_ROWS + n, valid, r);
      intercept_sums[c] = _mm512_add_pd(intercept_sums[c], r);
    }
  }
}

T512 void ckernels_softmax_pass_avx512(const double *x, long n, long d, const double *w, long k,
                                       const double *intercepts, const long *labels,
                                       const double *weights, double *loss, double *compensation,
                                       double *intercept_gradient, double *g) {
  double z[16 * PASS_ROWS];
  __m512d lane_loss = _mm512_setzero_pd(), lane_compensation = _mm512_setzero_pd();
  __m512d intercept_sums[16];
  for (long c = 0; c < k; c++) intercept_sums[c] = _mm512_setzero_pd();
  for (long start = 0; start < n; start += PASS_ROWS) {
    long rows = n - start < PASS_ROWS ? n - start : PASS_ROWS;
    const double *xb = x + start * d;
    products(xb, rows, d, w, k, z, PASS_ROWS);
    softmax_residuals_class_major(z, rows, k, intercepts, labels + start, weights + start,
                                  &lane_loss, &lane_compensation, intercept_sums);
    if (g) accumulate(z, xb, rows, d, k, g, PASS_ROWS);
  }
  double losses[8], compensations[8];
  _mm512_storeu_pd(losses, lane_loss);
  _mm512_storeu_pd(compensations, lane_compensation);
  for (int lane = 0; lane < 8; lane++) {
    ckernels_neumaier_add(losses[lane], loss, compensation);
    *compensation += compensations[lane];
  }
  for (long c = 0; c < k; c++) intercept_gradient[c] += _mm512_reduce_add_pd(intercept_sums[c]);
}

// The gradient four rows at a time. The Gram matrix by register tiles of
// 8 of its rows by one vector of 8 columns, from column i0 (a multiple of 8:
// the tile on the diagonal also fills a few entries left of it, with their
// symmetric values, which the caller ignores) to p, masked at the end; each
// tile sums a chunk of rows in eight accumulators (one vector load and eight
// broadcasts per eight FMAs) and is added to the Gram matrix once per chunk.
__attribute__((target("avx512f"))) void ckernels_weighted_gram_avx512(
    const double *x, long rows, long p, const double *f, const double *r, double *gram,
    double *g, const void *ahead, long ahead_bytes) {
  long n = 0;
  for (; n + 4 <= rows; n += 4) {
    const double *x0 = x + n * p, *x1 = x0 + p, *x2 = x1 + p, *x3 = x2 + p;
    __m512d r0 = _mm512_set1_pd(r[n]), r1 = _mm512_set1_pd(r[n + 1]);
    __m512d r2 = _mm512_set1_pd(r[n + 2]), r3 = _mm512_set1_pd(r[n + 3]);
    for (long j = 0; j < p; j += 8) {
      __mmask8 m = j + 8 <= p ? 0xFF : (__mmask8)((1u << (p - j)) - 1);
      __m512d acc = _mm512_maskz_loadu_pd(m, g + j);
      acc = _mm512_fmadd_pd(r0, _mm512_maskz_loadu_pd(m, x0 + j), acc);
      acc = _mm512_fmadd_pd(r1, _mm512_maskz_loadu_pd(m, x1 + j), acc);
      acc = _mm512_fmadd_pd(r2, _mm512_maskz_loadu_pd(m, x2 + j), acc);
      acc = _mm512_fmadd_pd(r3, _mm512_maskz_loadu_pd(m, x3 + j), acc);
      _mm512_mask_storeu_pd(g + j, m, acc);
    }
  }
  if (n < rows) ckernels_gradient_portable(x + n * p, rows - n, p, r + n, g);
  if (!gram || rows == 0) return;
  long p8 = (p + 7) & ~7L;
  long chunk = rows < CKERNELS_GRAM_CHUNK ? rows : CKERNELS_GRAM_CHUNK;
  double *a = malloc(sizeof(double) * (size_t)(chunk * p8));
  if (!a) {
    ckernels_gram_portable(x, rows, p, f, gram);
    return;
  }
  long tiles = 0;
  for (long i0 = 0; i0 < p; i0 += 8) tiles += (p - i0 + 7) / 8;
  struct ckernels_prefetcher ahead_stream =
      ckernels_prefetcher_make(ahead, ahead_bytes, tiles * ((rows + chunk - 1) / chunk));
  for (long start = 0; start < rows; start += chunk) {
    long m = rows - start < chunk ? rows - start : chunk;
    const double *xb = x + start * p;
    for (long k = 0; k < m; k++) {
      for (long i = 0; i < p; i++) a[k * p8 + i] = f[start + k] * xb[k * p + i];
      for (long i = p; i < p8; i++) a[k * p8 + i] = 0;
    }
    for (long i0 = 0; i0 < p; i0 += 8) {
      long height = p - i0 < 8 ? p - i0 : 8;
      for (long j0 = i0; j0 < p; j0 += 8) {
        ckernels_prefetcher_step(&ahead_stream);
        __mmask8 mask = j0 + 8 <= p ? 0xFF : (__mmask8)((1u << (p - j0)) - 1);
        __m512d c0 = _mm512_setzero_pd(), c1 = _mm512_setzero_pd(), c2 = _mm512_setzero_pd();
        __m512d c3 = _mm512_setzero_pd(), c4 = _mm512_setzero_pd(), c5 = _mm512_setzero_pd();
        __m512d c6 = _mm512_setzero_pd(), c7 = _mm512_setzero_pd();
        for (long k = 0; k < m; k++) {
          __m512d v = _mm512_maskz_loadu_pd(mask, xb + k * p + j0);
          const double *ak = a + k * p8 + i0;
          c0 = _mm512_fmadd_pd(_mm512_set1_pd(ak[0]), v, c0);
          c1 = _mm512_fmadd_pd(_mm512_set1_pd(ak[1]), v, c1);
          c2 = _mm512_fmadd_pd(_mm512_set1_pd(ak[2]), v, c2);
          c3 = _mm512_fmadd_pd(_mm512_set1_pd(ak[3]), v, c3);
          c4 = _mm512_fmadd_pd(_mm512_set1_pd(ak[4]), v, c4);
          c5 = _mm512_fmadd_pd(_mm512_set1_pd(ak[5]), v, c5);
          c6 = _mm512_fmadd_pd(_mm512_set1_pd(ak[6]), v, c6);
          c7 = _mm512_fmadd_pd(_mm512_set1_pd(ak[7]), v, c7);
        }
        __m512d tile[8] = {c0, c1, c2, c3, c4, c5, c6, c7};
        for (long ii = 0; ii < height; ii++) {
          double *row = gram + (i0 + ii) * p + j0;
          _mm512_mask_storeu_pd(row, mask,
                                _mm512_add_pd(_mm512_maskz_loadu_pd(mask, row), tile[ii]));
        }
      }
    }
  }
  free(a);
}
#endif
