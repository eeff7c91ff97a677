// AVX2 + FMA kernels: four doubles per register. Compiled for any x86-64
// (the target attributes enable the instructions per function); called only
// when the CPU has them.

#include "internal.h"

#if CKERNELS_X86
#include <immintrin.h>
#include <stdint.h>
#include <stdlib.h>

__attribute__((target("avx2,fma"))) static double horizontal_sum(__m256d v) {
  __m128d low = _mm256_castpd256_pd128(v);
  __m128d high = _mm256_extractf128_pd(v, 1);
  low = _mm_add_pd(low, high);
  __m128d swapped = _mm_unpackhi_pd(low, low);
  return _mm_cvtsd_f64(_mm_add_sd(low, swapped));
}

// Four rows by two classes at a time: eight independent accumulators hide
// the FMA latency, and each weight chunk is loaded once for four rows.
__attribute__((target("avx2,fma"))) void ckernels_products_avx2(const double *x, long rows,
                                                                  long d, const double *w, long k,
                                                                  double *z) {
  long d4 = d & ~3L;
  long n = 0;
  for (; n + 4 <= rows; n += 4) {
    const double *x0 = x + n * d, *x1 = x0 + d, *x2 = x1 + d, *x3 = x2 + d;
    long c = 0;
    for (; c + 2 <= k; c += 2) {
      const double *wa = w + c * d, *wb = wa + d;
      __m256d a0 = _mm256_setzero_pd(), a1 = _mm256_setzero_pd();
      __m256d a2 = _mm256_setzero_pd(), a3 = _mm256_setzero_pd();
      __m256d b0 = _mm256_setzero_pd(), b1 = _mm256_setzero_pd();
      __m256d b2 = _mm256_setzero_pd(), b3 = _mm256_setzero_pd();
      for (long j = 0; j < d4; j += 4) {
        if (c == 0 && (j & 7) == 0) {
          // Fetch the rows two groups ahead: the products stream X from
          // memory, and the hardware prefetcher alone left them waiting
          // (measured 25.5 -> 18.6 ms per pass over 200,000 x 100). Prefetches
          // never fault; the address is computed as an integer so that running
          // past the end of X is not pointer arithmetic.
          uintptr_t ahead = (uintptr_t)(8 * d + j) * sizeof(double);
          __builtin_prefetch((const void *)((uintptr_t)x0 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x1 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x2 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x3 + ahead));
        }
        __m256d va = _mm256_loadu_pd(wa + j), vb = _mm256_loadu_pd(wb + j);
        __m256d v0 = _mm256_loadu_pd(x0 + j), v1 = _mm256_loadu_pd(x1 + j);
        __m256d v2 = _mm256_loadu_pd(x2 + j), v3 = _mm256_loadu_pd(x3 + j);
        a0 = _mm256_fmadd_pd(va, v0, a0);
        a1 = _mm256_fmadd_pd(va, v1, a1);
        a2 = _mm256_fmadd_pd(va, v2, a2);
        a3 = _mm256_fmadd_pd(va, v3, a3);
        b0 = _mm256_fmadd_pd(vb, v0, b0);
        b1 = _mm256_fmadd_pd(vb, v1, b1);
        b2 = _mm256_fmadd_pd(vb, v2, b2);
        b3 = _mm256_fmadd_pd(vb, v3, b3);
      }
      double sa[4] = {horizontal_sum(a0), horizontal_sum(a1), horizontal_sum(a2),
                      horizontal_sum(a3)};
      double sb[4] = {horizontal_sum(b0), horizontal_sum(b1), horizontal_sum(b2),
                      horizontal_sum(b3)};
      const double *xs[4] = {x0, x1, x2, x3};
      for (long j = d4; j < d; j++) {
        for (int r = 0; r < 4; r++) {
          sa[r] += wa[j] * xs[r][j];
          sb[r] += wb[j] * xs[r][j];
        }
      }
      for (int r = 0; r < 4; r++) {
        z[(n + r) * k + c] = sa[r];
        z[(n + r) * k + c + 1] = sb[r];
      }
    }
    for (; c < k; c++) {
      // One class (a GLM's η): the four rows' sums interleaved, two
      // accumulators each, so that eight FMA chains hide the latency (one
      // row at a time waited ~4 cycles per FMA).
      const double *wc = w + c * d;
      __m256d a0 = _mm256_setzero_pd(), a1 = a0, a2 = a0, a3 = a0;
      __m256d b0 = a0, b1 = a0, b2 = a0, b3 = a0;
      long j = 0;
      for (; j + 8 <= d4; j += 8) {
        if (k == 1) {
          uintptr_t ahead = (uintptr_t)(8 * d + j) * sizeof(double);
          __builtin_prefetch((const void *)((uintptr_t)x0 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x1 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x2 + ahead));
          __builtin_prefetch((const void *)((uintptr_t)x3 + ahead));
        }
        __m256d u = _mm256_loadu_pd(wc + j), v = _mm256_loadu_pd(wc + j + 4);
        a0 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x0 + j), a0);
        a1 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x1 + j), a1);
        a2 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x2 + j), a2);
        a3 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x3 + j), a3);
        b0 = _mm256_fmadd_pd(v, _mm256_loadu_pd(x0 + j + 4), b0);
        b1 = _mm256_fmadd_pd(v, _mm256_loadu_pd(x1 + j + 4), b1);
        b2 = _mm256_fmadd_pd(v, _mm256_loadu_pd(x2 + j + 4), b2);
        b3 = _mm256_fmadd_pd(v, _mm256_loadu_pd(x3 + j + 4), b3);
      }
      if (j < d4) {
        __m256d u = _mm256_loadu_pd(wc + j);
        a0 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x0 + j), a0);
        a1 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x1 + j), a1);
        a2 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x2 + j), a2);
        a3 = _mm256_fmadd_pd(u, _mm256_loadu_pd(x3 + j), a3);
      }
      double sums[4] = {horizontal_sum(_mm256_add_pd(a0, b0)),
                        horizontal_sum(_mm256_add_pd(a1, b1)),
                        horizontal_sum(_mm256_add_pd(a2, b2)),
                        horizontal_sum(_mm256_add_pd(a3, b3))};
      const double *xs[4] = {x0, x1, x2, x3};
      for (int r = 0; r < 4; r++) {
        double sum = sums[r];
        for (long t = d4; t < d; t++) sum += wc[t] * xs[r][t];
        z[(n + r) * k + c] = sum;
      }
    }
  }
  if (n < rows) ckernels_products_portable(x + n * d, rows - n, d, w, k, z + n * k);
}

// Four classes by two rows at a time: eight independent accumulators, and
// the gradient chunks stay in registers across the block's rows.
__attribute__((target("avx2,fma"))) void ckernels_accumulate_avx2(const double *s,
                                                                    const double *x, long rows,
                                                                    long d, long k, double *g) {
  long d4 = d & ~3L;
  long rows2 = rows & ~1L;
  long c = 0;
  for (; c + 4 <= k; c += 4) {
    double *g0 = g + c * d, *g1 = g0 + d, *g2 = g1 + d, *g3 = g2 + d;
    for (long j = 0; j < d4; j += 4) {
      __m256d a0 = _mm256_loadu_pd(g0 + j), a1 = _mm256_loadu_pd(g1 + j);
      __m256d a2 = _mm256_loadu_pd(g2 + j), a3 = _mm256_loadu_pd(g3 + j);
      __m256d b0 = _mm256_setzero_pd(), b1 = _mm256_setzero_pd();
      __m256d b2 = _mm256_setzero_pd(), b3 = _mm256_setzero_pd();
      for (long n = 0; n < rows2; n += 2) {
        __m256d xa = _mm256_loadu_pd(x + n * d + j);
        __m256d xb = _mm256_loadu_pd(x + (n + 1) * d + j);
        const double *sa = s + n * k + c, *sb = sa + k;
        a0 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa), xa, a0);
        a1 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa + 1), xa, a1);
        a2 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa + 2), xa, a2);
        a3 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa + 3), xa, a3);
        b0 = _mm256_fmadd_pd(_mm256_broadcast_sd(sb), xb, b0);
        b1 = _mm256_fmadd_pd(_mm256_broadcast_sd(sb + 1), xb, b1);
        b2 = _mm256_fmadd_pd(_mm256_broadcast_sd(sb + 2), xb, b2);
        b3 = _mm256_fmadd_pd(_mm256_broadcast_sd(sb + 3), xb, b3);
      }
      if (rows2 < rows) {
        __m256d xa = _mm256_loadu_pd(x + rows2 * d + j);
        const double *sa = s + rows2 * k + c;
        a0 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa), xa, a0);
        a1 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa + 1), xa, a1);
        a2 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa + 2), xa, a2);
        a3 = _mm256_fmadd_pd(_mm256_broadcast_sd(sa + 3), xa, a3);
      }
      _mm256_storeu_pd(g0 + j, _mm256_add_pd(a0, b0));
      _mm256_storeu_pd(g1 + j, _mm256_add_pd(a1, b1));
      _mm256_storeu_pd(g2 + j, _mm256_add_pd(a2, b2));
      _mm256_storeu_pd(g3 + j, _mm256_add_pd(a3, b3));
    }
    for (long j = d4; j < d; j++) {
      double t0 = g0[j], t1 = g1[j], t2 = g2[j], t3 = g3[j];
      for (long n = 0; n < rows; n++) {
        double xv = x[n * d + j];
        const double *sn = s + n * k + c;
        t0 += sn[0] * xv;
        t1 += sn[1] * xv;
        t2 += sn[2] * xv;
        t3 += sn[3] * xv;
      }
      g0[j] = t0;
      g1[j] = t1;
      g2[j] = t2;
      g3[j] = t3;
    }
  }
  for (; c < k; c++) {
    double *gc = g + c * d;
    for (long j = 0; j < d4; j += 4) {
      __m256d a = _mm256_loadu_pd(gc + j), b = _mm256_setzero_pd();
      for (long n = 0; n < rows2; n += 2) {
        a = _mm256_fmadd_pd(_mm256_broadcast_sd(s + n * k + c), _mm256_loadu_pd(x + n * d + j), a);
        b = _mm256_fmadd_pd(_mm256_broadcast_sd(s + (n + 1) * k + c),
                            _mm256_loadu_pd(x + (n + 1) * d + j), b);
      }
      if (rows2 < rows) {
        a = _mm256_fmadd_pd(_mm256_broadcast_sd(s + rows2 * k + c),
                            _mm256_loadu_pd(x + rows2 * d + j), a);
      }
      _mm256_storeu_pd(gc + j, _mm256_add_pd(a, b));
    }
    for (long j = d4; j < d; j++) {
      double t = gc[j];
      for (long n = 0; n < rows; n++) t += s[n * k + c] * x[n * d + j];
      gc[j] = t;
    }
  }
}

// The gradient four rows at a time; the Gram matrix by register tiles of 4
// of its rows by 8 columns (two vectors: two loads and four broadcasts per
// eight FMAs, eight independent accumulators), each tile row starting at
// its diagonal (column i0, a multiple of 4). Per chunk of 16 rows the kernel
// copies the rows and their scaled f_n x_n into buffers padded with zeros to
// q = 4⌈p/4⌉ + 4 columns, so that every tile's loads are whole and aligned;
// only the stores of a tile crossing column p are masked. (Measured at p =
// 51 in L1: 117 -> 94 ns per row against 4 x 8 tiles from column i0 rounded
// down to a multiple of 8 with masked loads in the last tile, chunks of 32.)
__attribute__((target("avx2,fma"))) static __m256i tail_mask(long remaining) {
  return _mm256_setr_epi64x(remaining > 0 ? -1 : 0, remaining > 1 ? -1 : 0,
                            remaining > 2 ? -1 : 0, remaining > 3 ? -1 : 0);
}

enum { AVX2_GRAM_CHUNK = 16 };

__attribute__((target("avx2,fma"))) void ckernels_weighted_gram_avx2(
    const double *x, long rows, long p, const double *f, const double *r, double *gram,
    double *g, const void *ahead, long ahead_bytes) {
  long p4 = p & ~3L;
  __m256i last = tail_mask(p - p4);
  long n = 0;
  for (; n + 4 <= rows; n += 4) {
    const double *x0 = x + n * p, *x1 = x0 + p, *x2 = x1 + p, *x3 = x2 + p;
    __m256d r0 = _mm256_set1_pd(r[n]), r1 = _mm256_set1_pd(r[n + 1]);
    __m256d r2 = _mm256_set1_pd(r[n + 2]), r3 = _mm256_set1_pd(r[n + 3]);
    long j = 0;
    for (; j < p4; j += 4) {
      __m256d acc = _mm256_loadu_pd(g + j);
      acc = _mm256_fmadd_pd(r0, _mm256_loadu_pd(x0 + j), acc);
      acc = _mm256_fmadd_pd(r1, _mm256_loadu_pd(x1 + j), acc);
      acc = _mm256_fmadd_pd(r2, _mm256_loadu_pd(x2 + j), acc);
      acc = _mm256_fmadd_pd(r3, _mm256_loadu_pd(x3 + j), acc);
      _mm256_storeu_pd(g + j, acc);
    }
    if (j < p) {
      __m256d acc = _mm256_maskload_pd(g + j, last);
      acc = _mm256_fmadd_pd(r0, _mm256_maskload_pd(x0 + j, last), acc);
      acc = _mm256_fmadd_pd(r1, _mm256_maskload_pd(x1 + j, last), acc);
      acc = _mm256_fmadd_pd(r2, _mm256_maskload_pd(x2 + j, last), acc);
      acc = _mm256_fmadd_pd(r3, _mm256_maskload_pd(x3 + j, last), acc);
      _mm256_maskstore_pd(g + j, last, acc);
    }
  }
  if (n < rows) ckernels_gradient_portable(x + n * p, rows - n, p, r + n, g);
  if (!gram || rows == 0) return;
  long q = p4 + 8;
  long chunk = rows < AVX2_GRAM_CHUNK ? rows : AVX2_GRAM_CHUNK;
  // a (the scaled rows) and then the rows, each chunk x q, 32-byte aligned.
  double *a = aligned_alloc(32, sizeof(double) * (size_t)(2 * chunk * q));
  if (!a) {
    ckernels_gram_portable(x, rows, p, f, gram);
    return;
  }
  double *xs = a + chunk * q;
  long tiles = 0;
  for (long i0 = 0; i0 < p; i0 += 4) tiles += (p - i0 + 7) / 8;
  struct ckernels_prefetcher ahead_stream =
      ckernels_prefetcher_make(ahead, ahead_bytes, tiles * ((rows + chunk - 1) / chunk));
  for (long start = 0; start < rows; start += chunk) {
    long m = rows - start < chunk ? rows - start : chunk;
    const double *xb = x + start * p;
    for (long k = 0; k < m; k++) {
      double fk = f[start + k];
      for (long i = 0; i < p; i++) {
        double v = xb[k * p + i];
        xs[k * q + i] = v;
        a[k * q + i] = fk * v;
      }
      for (long i = p; i < q; i++) xs[k * q + i] = a[k * q + i] = 0;
    }
    for (long i0 = 0; i0 < p; i0 += 4) {
      long height = p - i0 < 4 ? p - i0 : 4;
      for (long j0 = i0; j0 < p; j0 += 8) {
        ckernels_prefetcher_step(&ahead_stream);
        __m256d c00 = _mm256_setzero_pd(), c01 = _mm256_setzero_pd();
        __m256d c10 = _mm256_setzero_pd(), c11 = _mm256_setzero_pd();
        __m256d c20 = _mm256_setzero_pd(), c21 = _mm256_setzero_pd();
        __m256d c30 = _mm256_setzero_pd(), c31 = _mm256_setzero_pd();
        const double *xk = xs + j0, *ak = a + i0;
        for (long k = 0; k < m; k++, xk += q, ak += q) {
          __m256d v0 = _mm256_load_pd(xk), v1 = _mm256_load_pd(xk + 4);
          __m256d b = _mm256_broadcast_sd(ak);
          c00 = _mm256_fmadd_pd(b, v0, c00);
          c01 = _mm256_fmadd_pd(b, v1, c01);
          b = _mm256_broadcast_sd(ak + 1);
          c10 = _mm256_fmadd_pd(b, v0, c10);
          c11 = _mm256_fmadd_pd(b, v1, c11);
          b = _mm256_broadcast_sd(ak + 2);
          c20 = _mm256_fmadd_pd(b, v0, c20);
          c21 = _mm256_fmadd_pd(b, v1, c21);
          b = _mm256_broadcast_sd(ak + 3);
          c30 = _mm256_fmadd_pd(b, v0, c30);
          c31 = _mm256_fmadd_pd(b, v1, c31);
        }
        // Entries below the diagonal (in the tile's first columns) are
        // written too: they are left unspecified.
        __m256d tile[4][2] = {{c00, c01}, {c10, c11}, {c20, c21}, {c30, c31}};
        if (j0 + 8 <= p) {
          for (long ii = 0; ii < height; ii++) {
            double *row = gram + (i0 + ii) * p + j0;
            _mm256_storeu_pd(row, _mm256_add_pd(_mm256_loadu_pd(row), tile[ii][0]));
            _mm256_storeu_pd(row + 4, _mm256_add_pd(_mm256_loadu_pd(row + 4), tile[ii][1]));
          }
        } else {
          __m256i low = tail_mask(p - j0), high = tail_mask(p - j0 - 4);
          for (long ii = 0; ii < height; ii++) {
            double *row = gram + (i0 + ii) * p + j0;
            _mm256_maskstore_pd(row, low, _mm256_add_pd(_mm256_maskload_pd(row, low), tile[ii][0]));
            _mm256_maskstore_pd(row + 4, high,
                                _mm256_add_pd(_mm256_maskload_pd(row + 4, high), tile[ii][1]));
          }
        }
      }
    }
  }
  free(a);
}

#endif
