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

/* trigamma psi'(x) for x > 0 (NaN otherwise); about 1e-14 relative */
extern double ltv_trigamma(double x);

/*
 * log Gamma(x + 1) - [(x + 1/2) log x - x + log sqrt(2 pi)] for x > 0: the
 * error of Stirling's formula (Loader 2000), to about 1e-15 absolute.
 */
extern double ltv_stirlerr(double x);

/* x log(x / m) + m - x >= 0 for x >= 0, m > 0, without cancellation (Loader 2000) */
extern double ltv_bd0(double x, double m);

/*
 * log[(x)_n / (y)_n] = log[Gamma(x + n) Gamma(y) / (Gamma(x) Gamma(y + n))]
 * for x, y > 0, n >= 0 (any real n), to about 1e-16 * n absolute even when
 * the two Pochhammer symbols are huge (NaN outside the domain).
 */
extern double ltv_log_poch_ratio(double x, double y, double n);

/*
 * log Gamma(x + d) - log Gamma(x) for x > 0, x + d > 0, to about 1e-16 * |d|
 * log(x) absolute (NaN outside the domain).
 */
extern double ltv_lgamma_diff(double x, double d);

/*
 * The negative binomial distribution of a count N with shape r > 0:
 *   P(N = k) = Gamma(r + k) / (Gamma(r) k!) q^k p^r,  p + q = 1,
 * (p and q are both passed so that neither loses digits to 1 - the other).
 * ltv_nb_log_pmf: log P(N = k) for whole k >= 0 (-inf when it is 0), to
 * about 1e-15 absolute for any size of r and k (Loader's saddle-point form).
 * ltv_nb_upper_tail: P(N >= k) = I_q(k, r) (regularized incomplete beta),
 * with full relative precision in both tails (a continued fraction, never
 * 1 minus a sum); 1 for k <= 0.  NaN outside the domain.
 */
extern double ltv_nb_log_pmf(double k, double r, double p, double q);
extern double ltv_nb_upper_tail(double k, double r, double p, double q);
/* log P(N >= k) (no underflow for tiny tails), same domain */
extern double ltv_nb_log_upper_tail(double k, double r, double p, double q);

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
