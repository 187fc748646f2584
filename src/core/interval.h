/*
 * interval.h: intervals for a prediction from the sampling uncertainty of the
 * parameters it depends on, by the delta method on the log scale.
 *
 * For a positive prediction g(theta) with estimate theta^ and covariance S
 * (the inverse observed information of the fits),
 *
 *   se(log g) = sqrt(d' S d) / g(theta^),  d_i = dg / dtheta_i (central differences),
 *   interval  = g(theta^) exp(-+ z se(log g)),  z the standard normal quantile of (1 + level) / 2,
 *
 * so the interval is positive and asymmetric like the prediction's sampling
 * distribution; std_error = g se(log g) is the delta method's standard error
 * of g itself.  Only the parameters' uncertainty is covered (not the
 * customer's own Poisson or Gamma noise).
 */
#ifndef LTV_CORE_INTERVAL_H
#define LTV_CORE_INTERVAL_H

#include <stdbool.h>

#define LTV_INTERVAL_MAX_PARAMS 8

typedef double (*LtvPredictionFn) (const double *params, void *ctx);

typedef struct LtvInterval
{
	double		estimate;
	double		lower;
	double		upper;
	double		std_error;
} LtvInterval;

/*
 * The interval at level (0 < level < 1) for f over n <= LTV_INTERVAL_MAX_PARAMS
 * positive parameters with covariance cov (n x n, row-major).  False (NaN
 * fields) when the covariance has a NaN entry, f is not positive and finite
 * at the estimate, or a difference is not finite; an estimate of 0 gives the
 * interval [0, 0].
 */
extern bool ltv_delta_interval(int n, const double *params, const double *cov, LtvPredictionFn f, void *ctx,
							   double level, LtvInterval *out);

#endif							/* LTV_CORE_INTERVAL_H */
