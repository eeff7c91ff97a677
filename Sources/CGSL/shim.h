// The C surface ProbKit uses: GSL's headers, its CBLAS declarations, and a few
// static inline helpers for what Swift cannot reach directly. Implementation
// detail of GSLBridge; not a stable API.
#ifndef PROBKIT_CGSL_SHIM_H
#define PROBKIT_CGSL_SHIM_H

#include <dlfcn.h>
#include <stdint.h>

#include <gsl/gsl_cblas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_sf_result.h>

/// The address `cblas_dgemm` resolves to in the process's global scope (the
/// definition the dynamic linker binds GSL's own BLAS calls to), or 0.
/// (Looked up through the main program's handle: `RTLD_DEFAULT` and `dladdr`
/// need `_GNU_SOURCE`, which would change glibc's structs for this module.)
static inline uintptr_t cgsl_cblas_dgemm_address(void) {
  void *program = dlopen(NULL, RTLD_LAZY);
  if (program == NULL) {
    return 0;
  }
  uintptr_t address = (uintptr_t)dlsym(program, "cblas_dgemm");
  dlclose(program);
  return address;
}

/// LAPACK's Cholesky factorisation and inverse (column-major, Fortran calling
/// convention), served by OpenBLAS, which bundles LAPACK; no header declares them.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotri_(const char *uplo, const int *n, double *a, const int *lda, int *info);

#endif
