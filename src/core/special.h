/*
 * special.h: special functions for the likelihoods and predictions of the
 * BG/NBD and Gamma-Gamma models.  Plain C99, no PostgreSQL headers.
 */
#ifndef LTV_CORE_SPECIAL_H
#define LTV_CORE_SPECIAL_H

#include <stdbool.h>

/* log Beta(a, b) for a, b > 0 (NaN otherwise) */
extern double ltv_lbeta(double a, double b);

/* digamma psi(x) = d/dx log Gamma(x) for x > 0 (NaN otherwise); about 1e-14 relative */
extern double ltv_digamma(double x);

/* log(exp(u) + exp(v)) without overflow; -inf when both are -inf */
extern double ltv_logaddexp(double u, double v);

/*
 * Gauss hypergeometric 2F1(a, b; c; z) for 0 <= z < 1 and c > 0, summed as
 * its power series up to max_terms terms (0: a default of 1,000,000).  The
 * series is declared converged when the next term is below 1e-16 times the
 * sum and is shrinking geometrically.  Returns false (and *result NaN) when
 * the arguments are outside that domain or the series did not converge within
 * max_terms terms; true otherwise.  Own implementation (no GPL code).
 */
extern bool ltv_hyp2f1(double a, double b, double c, double z, long max_terms, double *result);

#endif							/* LTV_CORE_SPECIAL_H */
