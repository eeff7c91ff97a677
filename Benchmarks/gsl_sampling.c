// gsl_sampling.c: the draws of sampling-benchmark, made by calling GSL from C.
//
// The baseline for ProbKit's distribution samplers: each case calls the GSL
// sampler that the ProbKit type calls (gsl_ran_gaussian_ziggurat, gsl_ran_gamma
// with the scale, gsl_ran_beta, gsl_ran_exponential with the mean,
// gsl_ran_poisson, gsl_ran_bernoulli, gsl_ran_dirichlet) with the same
// generator (gsl_rng_taus2 or gsl_rng_mt19937, gsl_rng_set(r, 42), a fresh one
// per case), the same draw counts (one warm-up of a tenth, then `reps`
// repetitions of `draws`) and the same checksum folds. So wherever ProbKit's sampler is the GSL call itself,
// both programs draw the same numbers and print the same checksum; Beta(0.5,
// 0.5) differs by design (ProbKit runs its own log-space Johnk algorithm,
// gsl_ran_beta the plain one).
//
// Each loop is a non-inlined function taking the generator and the parameters
// as arguments; the parameter arithmetic ProbKit does per draw (mean + sigma z,
// scale = 1/rate, mean = 1/rate) is written in the loop too. The Dirichlet
// loop writes each draw into one stack buffer (ProbKit returns a fresh array
// per draw: that allocation is part of what the ratio shows). Bulk cases
// malloc a 1e6-element array, fill it and free it, as
// `sample(count: 1_000_000, using:)` allocates a fresh [Double]. Timing uses
// CLOCK_MONOTONIC.
//
// Build (run-sampling.sh does this):
//   gcc -O2 -o Benchmarks/.build/gsl-sampling Benchmarks/gsl_sampling.c
//       $(pkg-config --cflags --libs gsl)
// Usage:
//   gsl-sampling [--draws N] [--reps R] [--cases key,key/algorithm,...] [--json]

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>

// MARK: - Timed loops (the folds match sampling-benchmark's one for one)

static inline uint64_t bits(double x) {
  uint64_t u;
  memcpy(&u, &x, sizeof u);
  return u;
}

__attribute__((noinline)) static uint64_t loop_normal(const gsl_rng *r, double mean, double sd,
                                                      long count) {
  uint64_t sink = 0;
  for (long i = 0; i < count; i++) sink += bits(mean + gsl_ran_gaussian_ziggurat(r, sd));
  return sink;
}

__attribute__((noinline)) static uint64_t loop_gamma(const gsl_rng *r, double shape, double rate,
                                                     long count) {
  uint64_t sink = 0;
  for (long i = 0; i < count; i++) sink ^= bits(gsl_ran_gamma(r, shape, 1 / rate));
  return sink;
}

__attribute__((noinline)) static uint64_t loop_beta(const gsl_rng *r, double a, double b,
                                                    long count) {
  uint64_t sink = 0;
  for (long i = 0; i < count; i++) sink = (sink << 1 | sink >> 63) ^ bits(gsl_ran_beta(r, a, b));
  return sink;
}

__attribute__((noinline)) static uint64_t loop_exponential(const gsl_rng *r, double rate,
                                                           long count) {
  uint64_t sink = 0;
  for (long i = 0; i < count; i++) sink = sink * 3 + bits(gsl_ran_exponential(r, 1 / rate));
  return sink;
}

__attribute__((noinline)) static uint64_t loop_poisson(const gsl_rng *r, double mu, long count) {
  uint64_t sink = 0;
  for (long i = 0; i < count; i++) sink = sink * 31 + (uint64_t)gsl_ran_poisson(r, mu);
  return sink;
}

__attribute__((noinline)) static uint64_t loop_bernoulli(const gsl_rng *r, double p, long count) {
  uint64_t sink = 0;
  for (long i = 0; i < count; i++) sink = sink * 5 + (uint64_t)gsl_ran_bernoulli(r, p);
  return sink;
}

__attribute__((noinline)) static uint64_t loop_dirichlet(const gsl_rng *r, const double *alpha,
                                                         size_t k, long count) {
  double theta[16];
  uint64_t sink = 0;
  for (long i = 0; i < count; i++) {
    gsl_ran_dirichlet(r, k, alpha, theta);
    sink = sink * 7 + (bits(theta[0]) ^ bits(theta[k - 1]));
  }
  return sink;
}

#define BULK 1000000L

static inline uint64_t fold(const double *v) {
  return bits(v[0]) ^ bits(v[BULK / 2]) ^ bits(v[BULK - 1]);
}

__attribute__((noinline)) static uint64_t bulk_normal(const gsl_rng *r, double mean, double sd,
                                                      long count, long *made) {
  long rounds = count / BULK > 1 ? count / BULK : 1;
  uint64_t sink = 0;
  for (long k = 0; k < rounds; k++) {
    double *v = malloc(BULK * sizeof *v);
    if (v == NULL) abort();
    for (long i = 0; i < BULK; i++) v[i] = mean + gsl_ran_gaussian_ziggurat(r, sd);
    sink ^= fold(v);
    free(v);
  }
  *made = rounds * BULK;
  return sink;
}

__attribute__((noinline)) static uint64_t bulk_gamma(const gsl_rng *r, double shape, double rate,
                                                     long count, long *made) {
  long rounds = count / BULK > 1 ? count / BULK : 1;
  uint64_t sink = 0;
  for (long k = 0; k < rounds; k++) {
    double *v = malloc(BULK * sizeof *v);
    if (v == NULL) abort();
    for (long i = 0; i < BULK; i++) v[i] = gsl_ran_gamma(r, shape, 1 / rate);
    sink = (sink << 1 | sink >> 63) ^ fold(v);
    free(v);
  }
  *made = rounds * BULK;
  return sink;
}

// MARK: - Cases (same keys and order as sampling-benchmark)

enum kind { NORMAL, GAMMA, BETA, EXPONENTIAL, POISSON, BERNOULLI, DIRICHLET, BULK_NORMAL, BULK_GAMMA };

static const double dirichlet_alpha[] = {1, 2, 3};

struct bench_case {
  const char *key;
  const char *algorithm;
  const char *call;
  enum kind kind;
  double a, b;
};

static const struct bench_case cases[] = {
    {"normal", "taus2", "mean + gsl_ran_gaussian_ziggurat(r, sd)", NORMAL, 0, 1},
    {"gamma2.5", "taus2", "gsl_ran_gamma(r, 2.5, 1/rate)", GAMMA, 2.5, 1},
    {"normal", "mt19937", "mean + gsl_ran_gaussian_ziggurat(r, sd)", NORMAL, 0, 1},
    {"gamma2.5", "mt19937", "gsl_ran_gamma(r, 2.5, 1/rate)", GAMMA, 2.5, 1},
    {"gamma0.5", "taus2", "gsl_ran_gamma(r, 0.5, 1/rate)", GAMMA, 0.5, 1},
    {"beta2-3", "taus2", "gsl_ran_beta(r, 2, 3)", BETA, 2, 3},
    {"beta0.5-0.5", "taus2", "gsl_ran_beta(r, 0.5, 0.5)", BETA, 0.5, 0.5},
    {"exponential", "taus2", "gsl_ran_exponential(r, 1/rate)", EXPONENTIAL, 1, 0},
    {"poisson3.5", "taus2", "gsl_ran_poisson(r, 3.5)", POISSON, 3.5, 0},
    {"poisson100", "taus2", "gsl_ran_poisson(r, 100)", POISSON, 100, 0},
    {"bernoulli0.3", "taus2", "gsl_ran_bernoulli(r, 0.3)", BERNOULLI, 0.3, 0},
    {"dirichlet1-2-3", "taus2", "gsl_ran_dirichlet(r, 3, {1, 2, 3}, theta), theta on the stack", DIRICHLET, 0, 0},
    {"dirichletInto1-2-3", "taus2", "gsl_ran_dirichlet(r, 3, {1, 2, 3}, theta), theta on the stack", DIRICHLET, 0, 0},
    {"bulkNormal", "taus2", "malloc 1e6, mean + gsl_ran_gaussian_ziggurat each, free", BULK_NORMAL, 0, 1},
    {"bulkGamma2.5", "taus2", "malloc 1e6, gsl_ran_gamma(r, 2.5, 1/rate) each, free", BULK_GAMMA, 2.5, 1},
    {"bulkNormal", "mt19937", "malloc 1e6, mean + gsl_ran_gaussian_ziggurat each, free", BULK_NORMAL, 0, 1},
    {"bulkGamma2.5", "mt19937", "malloc 1e6, gsl_ran_gamma(r, 2.5, 1/rate) each, free", BULK_GAMMA, 2.5, 1},
};
#define CASE_COUNT (sizeof cases / sizeof cases[0])

static uint64_t run(const struct bench_case *c, const gsl_rng *r, long count, long *made) {
  *made = count;
  switch (c->kind) {
  case NORMAL: return loop_normal(r, c->a, c->b, count);
  case GAMMA: return loop_gamma(r, c->a, c->b, count);
  case BETA: return loop_beta(r, c->a, c->b, count);
  case EXPONENTIAL: return loop_exponential(r, c->a, count);
  case POISSON: return loop_poisson(r, c->a, count);
  case BERNOULLI: return loop_bernoulli(r, c->a, count);
  case DIRICHLET: return loop_dirichlet(r, dirichlet_alpha, 3, count);
  case BULK_NORMAL: return bulk_normal(r, c->a, c->b, count, made);
  case BULK_GAMMA: return bulk_gamma(r, c->a, c->b, count, made);
  }
  abort();
}

// MARK: - Measurement

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int compare_doubles(const void *x, const void *y) {
  double a = *(const double *)x, b = *(const double *)y;
  return (a > b) - (a < b);
}

static double median(const double *values, int n) {
  double *sorted = malloc((size_t)n * sizeof *sorted);
  memcpy(sorted, values, (size_t)n * sizeof *sorted);
  qsort(sorted, (size_t)n, sizeof *sorted, compare_doubles);
  double m = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  free(sorted);
  return m;
}

static int selected(const struct bench_case *c, const char *selection) {
  if (selection == NULL) return 1;
  char id[128];
  snprintf(id, sizeof id, "%s/%s", c->key, c->algorithm);
  const char *p = selection;
  while (*p) {
    size_t n = strcspn(p, ",");
    if ((strlen(c->key) == n && strncmp(p, c->key, n) == 0) ||
        (strlen(id) == n && strncmp(p, id, n) == 0))
      return 1;
    p += n;
    if (*p == ',') p++;
  }
  return 0;
}

static void usage(void) {
  fprintf(stderr, "usage: gsl-sampling [--draws N] [--reps R] [--cases key,key/algorithm,...] [--json]\n");
  exit(2);
}

static const char *formatted(double x, char *buffer) {
  snprintf(buffer, 32, x < 10 ? "%.2f" : (x < 100 ? "%.1f" : "%.0f"), x);
  return buffer;
}

int main(int argc, char **argv) {
  long draws = 5000000;
  int reps = 5, json = 0;
  const char *selection = NULL;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--draws") == 0 && i + 1 < argc) {
      draws = atol(argv[++i]);
    } else if (strcmp(argv[i], "--reps") == 0 && i + 1 < argc) {
      reps = atoi(argv[++i]);
    } else if (strcmp(argv[i], "--cases") == 0 && i + 1 < argc) {
      selection = argv[++i];
    } else if (strcmp(argv[i], "--json") == 0) {
      json = 1;
    } else {
      usage();
    }
  }
  if (draws <= 0 || reps <= 0) usage();

  uint64_t blackhole = 0;
  int first = 1;
  double *per_draw = malloc((size_t)reps * sizeof *per_draw);
  if (json) printf("{\n  \"tool\": \"gsl_sampling.c\",\n  \"gsl\": \"%s\",\n  \"results\": [\n", GSL_VERSION);
  else printf("| case | algorithm | call | ns/draw |\n|:--|:--|:--|--:|\n");
  for (size_t k = 0; k < CASE_COUNT; k++) {
    const struct bench_case *c = &cases[k];
    if (!selected(c, selection)) continue;
    gsl_rng *r = gsl_rng_alloc(strcmp(c->algorithm, "mt19937") == 0 ? gsl_rng_mt19937 : gsl_rng_taus2);
    gsl_rng_set(r, 42);
    long made;
    uint64_t checksum = run(c, r, draws / 10 > 1 ? draws / 10 : 1, &made);  // warm-up
    for (int i = 0; i < reps; i++) {
      double start = now_ns();
      uint64_t sink = run(c, r, draws, &made);
      double elapsed = now_ns() - start;
      checksum ^= sink;
      per_draw[i] = elapsed / (double)made;
    }
    gsl_rng_free(r);
    blackhole ^= checksum;
    double med = median(per_draw, reps), best = per_draw[0];
    for (int i = 1; i < reps; i++) best = per_draw[i] < best ? per_draw[i] : best;
    char buffer[32];
    fprintf(stderr, "  GSL C %s/%s: %s ns/draw\n", c->key, c->algorithm, formatted(med, buffer));
    if (json) {
      printf("%s    {\"case\": \"%s\", \"algorithm\": \"%s\", \"call\": \"%s\", \"median_ns\": %.17g, "
             "\"best_ns\": %.17g, \"per_rep_ns\": [",
             first ? "" : ",\n", c->key, c->algorithm, c->call, med, best);
      for (int i = 0; i < reps; i++) printf("%s%.17g", i ? ", " : "", per_draw[i]);
      printf("], \"draws\": %ld, \"reps\": %d, \"checksum\": \"%llu\"}", made, reps,
             (unsigned long long)checksum);
      first = 0;
    } else {
      printf("| %s | %s | `%s` | %s |\n", c->key, c->algorithm, c->call, formatted(med, buffer));
    }
  }
  if (json) printf("\n  ]\n}\n");
  free(per_draw);
  fprintf(stderr, "blackhole checksum: %llu\n", (unsigned long long)blackhole);
  return 0;
}
