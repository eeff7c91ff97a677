// One evaluation of the logistic-regression log density and its gradient
// (beta ~ N(0, 1), 5,000 × 20, the data mcmc_peer.py writes) as the same
// loops as mcmc-benchmark's three hand gradients:
//
//   loop: one pass over the rows of the row-major X, log p and the gradient
//         together, log σ(η) and σ(η) from one exp(−|η|) and one log1p;
//   fast: X column-major, η = Σ_j β_j X[:, j] and ∇_j = r · X[:, j] in
//         8-lane vectors (clang's ext_vector_type(8), as Swift's SIMD8), the
//         per-row terms in 8 lanes too (the same polynomial exp), one log per
//         256 rows;
//   fused: X once as row panels, one pass (mcmc-benchmark's logisticPanels,
//         see log_density_fused).
//
// Prints JSON: the fastest repetition's time per evaluation.
// Built and run by run-mcmc.sh, with the compiler SwiftPM builds C with.
//
//   logistic-gradient DATA_DIR loop|fast|fused [EVALUATIONS] [REPS]

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double *read_doubles(const char *dir, const char *name, long count) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "rb");
  double *v = malloc(sizeof(double) * count);
  if (!f || fread(v, sizeof(double), count, f) != (size_t)count) {
    fprintf(stderr, "cannot read %ld doubles from %s\n", count, path);
    exit(66);
  }
  fclose(f);
  return v;
}

// __attribute__((noinline)): one call per evaluation, as the sampler makes.
__attribute__((noinline)) static double log_density(const double *x, const double *y, long n,
                                                    long d, const double *beta, double *g) {
  double lp = 0;
  for (long j = 0; j < d; j++) {
    lp -= 0.5 * beta[j] * beta[j];
    g[j] = -beta[j];
  }
  for (long i = 0; i < n; i++) {
    const double *row = x + i * d;
    double eta = 0;
    for (long j = 0; j < d; j++) eta += row[j] * beta[j];
    double e = exp(-fabs(eta));
    double softplus = (eta > 0 ? eta : 0) + log1p(e);
    double sigmoid = eta >= 0 ? 1 / (1 + e) : e / (1 + e);
    lp += y[i] * eta - softplus;
    double r = y[i] - sigmoid;
    for (long j = 0; j < d; j++) g[j] += r * row[j];
  }
  return lp;
}

typedef double v8 __attribute__((ext_vector_type(8)));

static inline v8 load8(const double *p) {
  v8 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

static inline double dot(const double *a, const double *b, long n) {
  v8 s0 = 0, s1 = 0;
  long i = 0;
  for (; i + 16 <= n; i += 16) {
    s0 += load8(a + i) * load8(b + i);
    s1 += load8(a + i + 8) * load8(b + i + 8);
  }
  if (i + 8 <= n) {
    s0 += load8(a + i) * load8(b + i);
    i += 8;
  }
  v8 s = s0 + s1;
  double sum = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  for (; i < n; i++) sum += a[i] * b[i];
  return sum;
}

static inline void axpy(double a, const double *x, double *y, long n) {
  v8 av = a;
  long i = 0;
  for (; i + 8 <= n; i += 8) {
    v8 r = load8(y + i) + av * load8(x + i);
    __builtin_memcpy(y + i, &r, sizeof r);
  }
  for (; i < n; i++) y[i] += a * x[i];
}

// exp(x) for x <= 0 in eight lanes, as mcmc-benchmark's Vector.expNegative:
// x = k ln 2 + r (Cody-Waite), the Taylor polynomial of degree 13, 2^k from
// the exponent bits; x below -708 taken as -708.
static inline v8 exp_negative(v8 x) {
  x = x < -708 ? (v8)-708 : x;
  v8 shifter = 0x1.8p52;
  v8 shifted = x * 1.4426950408889634 + shifter;
  v8 k = shifted - shifter;
  v8 r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  v8 p = 1.0 / 6227020800;
  p = p * r + 1.0 / 479001600;
  p = p * r + 1.0 / 39916800;
  p = p * r + 1.0 / 3628800;
  p = p * r + 1.0 / 362880;
  p = p * r + 1.0 / 40320;
  p = p * r + 1.0 / 5040;
  p = p * r + 1.0 / 720;
  p = p * r + 1.0 / 120;
  p = p * r + 1.0 / 24;
  p = p * r + 1.0 / 6;
  p = p * r + 0.5;
  p = p * r + 1;
  p = p * r + 1;
  typedef unsigned long long u8 __attribute__((ext_vector_type(8)));
  u8 bits;
  __builtin_memcpy(&bits, &shifted, sizeof bits);
  bits = (bits + 1023) << 52;
  v8 scale;
  __builtin_memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

__attribute__((noinline)) static double log_density_fast(const double *xt, const double *y,
                                                         long n, long d, const double *beta,
                                                         double *g, double *scratch) {
  double *eta = scratch, *residual = scratch + n;
  for (long i = 0; i < n; i++) eta[i] = beta[0] * xt[i];
  for (long j = 1; j < d; j++) axpy(beta[j], xt + j * n, eta, n);
  double lp = 0;
  v8 linear_lanes = 0;
  long i = 0;
  while (i + 8 <= n) {
    long end = (i + 256 < n ? i + 256 : n) & ~7L;
    v8 product = 1;
    for (; i < end; i += 8) {
      v8 e = load8(eta + i), yi = load8(y + i);
      v8 t = exp_negative(e < 0 ? e : -e);
      v8 one_plus_t = 1 + t;
      product *= one_plus_t;
      v8 sigmoid = (e >= 0 ? (v8)1 : t) / one_plus_t;
      linear_lanes += yi * e - (e < 0 ? (v8)0 : e);
      v8 r = yi - sigmoid;
      __builtin_memcpy(residual + i, &r, sizeof r);
    }
    lp -= log(((product[0] * product[1]) * (product[2] * product[3])) *
              ((product[4] * product[5]) * (product[6] * product[7])));
  }
  double linear = ((linear_lanes[0] + linear_lanes[1]) + (linear_lanes[2] + linear_lanes[3])) +
                  ((linear_lanes[4] + linear_lanes[5]) + (linear_lanes[6] + linear_lanes[7]));
  for (; i < n; i++) {
    double e = eta[i], t = exp(-fabs(e));
    lp -= log1p(t);
    linear += y[i] * e - (e > 0 ? e : 0);
    residual[i] = y[i] - (e >= 0 ? 1 / (1 + t) : t / (1 + t));
  }
  lp += linear;
  for (long j = 0; j < d; j++) {
    lp -= 0.5 * beta[j] * beta[j];
    g[j] = dot(residual, xt + j * n, n) - beta[j];
  }
  return lp;
}

// fused: X stored once as row panels (blocks of 8 rows, [column][8 lanes]),
// taken 8 blocks at a time: eta of 4 blocks at a time sharing beta_j's
// broadcasts, the row terms per block (the exp polynomial of degree 11 in
// fused multiply-adds), then each column's 8-lane accumulator += X[block, j]
// r, 4 blocks at a time. As mcmc-benchmark's logisticPanels (n a multiple of
// 8 here).
static inline v8 exp_negative_fused(v8 x) {
  x = x < -708 ? (v8)-708 : x;
  v8 shifter = 0x1.8p52;
  v8 shifted = x * 1.4426950408889634 + shifter;
  v8 k = shifted - shifter;
  v8 r = (x - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10;
  static const double c[] = {2.7620088445409746e-07, 2.7557268459997064e-06,
                             2.4801521295954376e-05, 0.00019841269863053618,
                             0.0013888888917213717,  0.008333333333330062,
                             0.04166666666662413,    0.16666666666666669,
                             0.5000000000000001,     1,
                             1};
  v8 p = 2.510038549551032e-08;
  for (int i = 0; i < 11; i++) p = p * r + c[i];
  typedef unsigned long long u8 __attribute__((ext_vector_type(8)));
  u8 bits;
  __builtin_memcpy(&bits, &shifted, sizeof bits);
  bits = (bits + 1023) << 52;
  v8 scale;
  __builtin_memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

__attribute__((noinline)) static double log_density_fused(const double *panel, const double *y,
                                                          long n, long d, const double *beta,
                                                          double *g) {
  long blocks = n / 8, stride = 8 * d;
  v8 acc[64], r[8];
  for (long j = 0; j < d; j++) acc[j] = 0;
  v8 linear = 0, product = 1;
  double lp = 0;
  for (long first = 0; first < blocks; first += 8) {
    long count = blocks - first < 8 ? blocks - first : 8;
    const double *p = panel + first * stride;
    long k = 0;
    for (; k + 4 <= count; k += 4) {
      const double *q = p + k * stride;
      v8 e0 = 0, e1 = 0, e2 = 0, e3 = 0;
      for (long j = 0; j < d; j++) {
        v8 c = beta[j];
        e0 += load8(q + 8 * j) * c;
        e1 += load8(q + stride + 8 * j) * c;
        e2 += load8(q + 2 * stride + 8 * j) * c;
        e3 += load8(q + 3 * stride + 8 * j) * c;
      }
      r[k] = e0, r[k + 1] = e1, r[k + 2] = e2, r[k + 3] = e3;
    }
    for (; k < count; k++) {
      const double *q = p + k * stride;
      v8 e0 = 0;
      for (long j = 0; j < d; j++) e0 += load8(q + 8 * j) * beta[j];
      r[k] = e0;
    }
    for (k = 0; k < count; k++) {
      v8 e = r[k], yi = load8(y + (first + k) * 8);
      v8 t = exp_negative_fused(e < 0 ? e : -e);
      v8 one_plus_t = 1 + t;
      product *= one_plus_t;
      linear += yi * e - (e < 0 ? (v8)0 : e);
      r[k] = yi - (e >= 0 ? (v8)1 : t) / one_plus_t;
    }
    for (k = 0; k + 4 <= count; k += 4) {
      const double *q = p + k * stride;
      v8 r0 = r[k], r1 = r[k + 1], r2 = r[k + 2], r3 = r[k + 3];
      for (long j = 0; j < d; j++)
        acc[j] = acc[j] + load8(q + 8 * j) * r0 + load8(q + stride + 8 * j) * r1 +
                 load8(q + 2 * stride + 8 * j) * r2 + load8(q + 3 * stride + 8 * j) * r3;
    }
    for (; k < count; k++)
      for (long j = 0; j < d; j++) acc[j] += load8(p + k * stride + 8 * j) * r[k];
    if ((first + 8) % 32 == 0 || first + 8 >= blocks) {
      lp -= log(((product[0] * product[1]) * (product[2] * product[3])) *
                ((product[4] * product[5]) * (product[6] * product[7])));
      product = 1;
    }
  }
  lp += ((linear[0] + linear[1]) + (linear[2] + linear[3])) +
        ((linear[4] + linear[5]) + (linear[6] + linear[7]));
  for (long j = 0; j < d; j++) {
    v8 a = acc[j];
    lp -= 0.5 * beta[j] * beta[j];
    g[j] = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7])) - beta[j];
  }
  return lp;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: logistic-gradient DATA_DIR loop|fast|fused [EVALUATIONS] [REPS]\n");
    return 64;
  }
  long n = 5000, d = 20;
  int fast = argv[2][0] == 'f' && argv[2][1] == 'a', fused = argv[2][0] == 'f' && argv[2][1] == 'u';
  long evaluations = argc > 3 ? atol(argv[3]) : 20000;
  int reps = argc > 4 ? atoi(argv[4]) : 7;
  double *x = read_doubles(argv[1], "logistic.X", n * d);
  double *y = read_doubles(argv[1], "logistic.y", n);
  double *xt = malloc(sizeof(double) * n * d), *scratch = malloc(sizeof(double) * 2 * n);
  for (long i = 0; i < n; i++)
    for (long j = 0; j < d; j++) xt[j * n + i] = x[i * d + j];
  double *panel = malloc(sizeof(double) * n * d);
  for (long i = 0; i < n; i++)
    for (long j = 0; j < d; j++) panel[(i / 8) * d * 8 + j * 8 + i % 8] = x[i * d + j];
  double beta[20], g[20], blackhole = 0;
  for (long j = 0; j < d; j++) beta[j] = 0.1 * sin((double)j);
  double *times = malloc(sizeof(double) * reps);
  for (int r = 0; r <= reps; r++) {
    double t0 = now();
    if (fused)
      for (long k = 0; k < evaluations; k++)
        blackhole += log_density_fused(panel, y, n, d, beta, g);
    else if (fast)
      for (long k = 0; k < evaluations; k++)
        blackhole += log_density_fast(xt, y, n, d, beta, g, scratch);
    else
      for (long k = 0; k < evaluations; k++) blackhole += log_density(x, y, n, d, beta, g);
    double t = (now() - t0) / evaluations;
    if (r > 0) times[r - 1] = t;  // the first repetition is a warm-up
  }
  // The fastest repetition: on a shared machine the others only add other
  // processes' time.
  qsort(times, reps, sizeof(double), compare);
  double checksum = blackhole;
  for (long j = 0; j < d; j++) checksum += g[j];
  printf("{\"side\": \"c\", \"kernels\": \"%s\", \"rows\": %ld, \"features\": %ld, \"microsecondsPerEvaluation\": %.4f, "
         "\"checksum\": %.17g}\n",
         fused ? "fused" : fast ? "fast" : "loop", n, d, times[0] * 1e6, checksum);
  return 0;
}
