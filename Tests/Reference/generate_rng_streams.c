/*
 * Reference streams for ProbKit's RandomSource, produced by GSL itself from C.
 *
 * For each generator algorithm ProbKit offers and a few seeds, prints the first
 * raw outputs (gsl_rng_get), uniforms (gsl_rng_uniform), ziggurat normals
 * (gsl_ran_gaussian_ziggurat, sigma 1) and exponentials (gsl_ran_exponential,
 * mean 1), each sequence from a freshly seeded generator, as JSON.
 *
 * Run through generate_rng_streams.sh, which compiles this file and writes
 * Tests/ProbKitCoreTests/Fixtures/rng-streams.json. The fixture is committed;
 * regenerate only when adding algorithms or seeds.
 */
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_version.h>

static const char *algorithms[] = {"mt19937", "taus2", "gfsr4", "ranlxd2", "ranlux389", "mrg", "cmrg"};
static const unsigned long seeds[] = {0UL, 1UL, 42UL, 4357UL, 4294967295UL};
enum { RAW_COUNT = 8, VARIATE_COUNT = 4 };

static const gsl_rng_type *find_type(const char *name) {
  for (const gsl_rng_type **t = gsl_rng_types_setup(); *t != NULL; t++) {
    if (strcmp((*t)->name, name) == 0) return *t;
  }
  return NULL;
}

static void print_doubles(const char *key, gsl_rng *r, unsigned long seed, int kind) {
  gsl_rng_set(r, seed);
  printf("\"%s\": [", key);
  for (int i = 0; i < VARIATE_COUNT; i++) {
    double value = kind == 0   ? gsl_rng_uniform(r)
                   : kind == 1 ? gsl_ran_gaussian_ziggurat(r, 1.0)
                               : gsl_ran_exponential(r, 1.0);
    printf("%s\"%.17g\"", i ? ", " : "", value);
  }
  printf("]");
}

int main(void) {
  size_t algorithm_count = sizeof algorithms / sizeof *algorithms;
  size_t seed_count = sizeof seeds / sizeof *seeds;
  printf("{\n  \"generator\": \"Tests/Reference/generate_rng_streams.sh\",\n");
  printf("  \"reference\": \"GSL %s, from C\",\n  \"streams\": [\n", gsl_version);
  for (size_t a = 0; a < algorithm_count; a++) {
    const gsl_rng_type *type = find_type(algorithms[a]);
    if (type == NULL) {
      fprintf(stderr, "unknown algorithm %s\n", algorithms[a]);
      return 1;
    }
    gsl_rng *r = gsl_rng_alloc(type);
    for (size_t s = 0; s < seed_count; s++) {
      printf("    {\"algorithm\": \"%s\", \"seed\": %lu, \"min\": %lu, \"max\": %lu,\n     ",
             algorithms[a], seeds[s], gsl_rng_min(r), gsl_rng_max(r));
      gsl_rng_set(r, seeds[s]);
      printf("\"raw\": [");
      for (int i = 0; i < RAW_COUNT; i++) printf("%s%lu", i ? ", " : "", gsl_rng_get(r));
      printf("],\n     ");
      print_doubles("uniform", r, seeds[s], 0);
      printf(",\n     ");
      print_doubles("standardNormal", r, seeds[s], 1);
      printf(",\n     ");
      print_doubles("standardExponential", r, seeds[s], 2);
      printf("}%s\n", (a + 1 == algorithm_count && s + 1 == seed_count) ? "" : ",");
    }
    gsl_rng_free(r);
  }
  printf("  ]\n}\n");
  return 0;
}
