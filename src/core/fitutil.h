/*
 * fitutil.h: helpers shared by the model fits (internal to src/core).
 */
#ifndef LTV_CORE_FITUTIL_H
#define LTV_CORE_FITUTIL_H

#include <stddef.h>

#include "optim.h"

extern void *ltv_fit_alloc(const LtvFitOptions *opts, size_t size);
extern void ltv_fit_free(const LtvFitOptions *opts, void *ptr);

/* sorted distinct values of v[0..n-1] into out (room for n); returns their number */
extern size_t ltv_distinct_sorted(const double *v, size_t n, double *out);

/* index of value in sorted distinct vals (it must be there) */
extern size_t ltv_find_sorted(const double *vals, size_t n, double value);

/*
 * Observed information from a gradient function of the natural parameters:
 * forward differences of the analytic gradient of the log-likelihood, then
 * inverted; se[i] = sqrt(cov[i][i]) or NaN when not positive definite.
 */
typedef void (*LtvGradFn) (const double *params, double *grad, void *ctx);
extern void ltv_standard_errors(int n, const double *params, LtvGradFn gradfn, void *ctx, double *se);

/*
 * A fit that "converged" to a flat place (a parameter beyond exp(+-18), or
 * standard errors not computable) is demoted: returns true when so.
 */
extern bool ltv_fit_degenerate(int n, const double *theta, const double *se);

#endif							/* LTV_CORE_FITUTIL_H */
