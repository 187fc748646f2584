/*
 * quad.h: adaptive Gauss-Kronrod quadrature of exp(h(y)) over a finite
 * interval, in log space, with weighted companions (for the derivatives of
 * an integral with respect to its parameters).  Plain C99.
 */
#ifndef LTV_CORE_QUAD_H
#define LTV_CORE_QUAD_H

#include <stdbool.h>

#define LTV_QUAD_MAX_WEIGHTS 14

/*
 * The integrand at y: its logarithm into *h (may be -inf) and nw factors
 * into w[0..nw-1] (the companion integrands are exp(h) w[k]).
 */
typedef void (*LtvLogIntegrand) (double y, void *ctx, double *h, double *w);

/*
 * log of the integral of exp(h(y)) over [a, b] into *log_value, and the
 * ratios (integral of exp(h) w[k]) / (integral of exp(h)) into ratio[k].
 * hmax must be the maximum of h over [a, b] (or slightly above it): the
 * integrand is evaluated as exp(h - hmax), so it neither overflows nor
 * underflows where it matters.  peak (in [a, b]) is where h is largest and
 * scale the width of the integrand there (e.g. 1/|h'| at an end,
 * 1/sqrt(-h'') inside): the first intervals are graded geometrically away
 * from the peak, so a narrow peak is not missed (0: no grading).  Bisects the interval with the largest
 * error estimate (QUADPACK's, from the Kronrod 15 - Gauss 7 difference)
 * until the estimated error is below 1e-14 of the total, at most 500
 * intervals.  Returns false (and NaN) when
 * the arguments are not finite, a > b, or the error bound was not reached.
 */
extern bool ltv_quad_log(LtvLogIntegrand f, void *ctx, double a, double b, double hmax, double peak,
						 double scale, int nw, double *log_value, double *ratio);

#endif							/* LTV_CORE_QUAD_H */
