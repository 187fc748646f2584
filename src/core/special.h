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
 * Sums of trigamma differences over n whole steps (n >= 0), without the
 * cancellation of differences of trigamma values where a << z:
 *   ltv_trigamma_steps(z, n)       = psi1(z) - psi1(z + n) = sum_{i<n} 1/(z+i)^2
 *   ltv_trigamma_steps_diff(z, a, n) = ltv_trigamma_steps(z + a, n) - ltv_trigamma_steps(z, n)
 *                                  = -sum_{i<n} a (2(z+i) + a) / ((z+i)^2 (z+a+i)^2)
 * summed term by term up to LTV_TRIGAMMA_STEPS_MAX steps, by trigamma values
 * beyond (where n is large the differences no longer cancel much).
 */
#define LTV_TRIGAMMA_STEPS_MAX 4096
extern double ltv_trigamma_steps(double z, double n);
extern double ltv_trigamma_steps_diff(double z, double a, double n);

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

/*
 * log 2F1(A, B; A + 1; w) for A > 0, 0 < B < A + 1, 0 <= w < 1, with omw =
 * 1 - w passed separately (computed without cancellation by the caller, e.g.
 * (beta + t) / (alpha + t)).  This is the family of the Pareto/NBD
 * likelihood, where naive power series fail: for w near 1 (alpha and beta
 * far apart) they need ~1/(1 - w) terms, and their terms (B)_k / k! w^k
 * overflow for B = r + x large.  Regions:
 *   w <= 3/4: Euler's transformation 2F1(A, B; A+1; w) =
 *     (1-w)^(1-B) 2F1(1, A+1-B; A+1; w), whose terms are positive and shrink
 *     at least by the factor w each (at most ~130 terms; no overflow for any B);
 *   w > 3/4: the Euler integral 2F1(A, B; A+1; w) = A w^-A I(w),
 *     I(w) = int_0^w u^(A-1) (1-u)^-B du, split at u = 3/4: the part below by
 *     the series above, the part from 3/4 to w by adaptive Gauss-Kronrod
 *     quadrature in y = -log(1-u) (a smooth integrand on a finite interval,
 *     evaluated in log space).  The transformations around z = 1 (A&S
 *     15.3.6 and 15.3.10-12) are not used: they degenerate whenever
 *     c - a - b = 1 - B is an integer (s or r + x - 1 whole, which fits
 *     reach), where the two Gamma terms cancel.
 * Writes log 2F1 into *value and, when d is not NULL, its derivatives with
 * respect to A, B and w into d[0..2].  Returns false (NaN) outside the
 * domain or when the series or the quadrature did not converge.
 */
extern bool ltv_log_hyp2f1_ab1(double A, double B, double w, double omw, double *value, double *d);

/*
 * The same with, when d2 is not NULL, the second derivatives of log 2F1 wrt
 * (A, B, w) into d2[0..5]: AA, AB, Aw, BB, Bw, ww (d may then not be NULL).
 * From the same series and integral (their terms' weighted second moments).
 */
extern bool ltv_log_hyp2f1_ab1_d2(double A, double B, double w, double omw, double *value, double *d,
								  double *d2);
