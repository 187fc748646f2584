/*
 * sbg.h: the shifted-beta-geometric (sBG) model of contractual retention
 * (Fader & Hardie 2007, "How to project customer retention", Journal of
 * Interactive Marketing 21(1); Fader & Hardie 2010, "Customer-base valuation
 * in a contractual setting", Marketing Science 29(1)).
 *
 * Each customer churns at the end of a period with probability theta, theta
 * ~ Beta(alpha, beta) across customers.  T >= 1 is the period in which the
 * customer leaves (T - 1 renewals made):
 *
 *   P(T = 1) = alpha / (alpha + beta)
 *   P(T = t) = P(T = t - 1) (beta + t - 2) / (alpha + beta + t - 1)
 *   S(t) = P(T > t) = S(t - 1) (beta + t - 1) / (alpha + beta + t - 1), S(0) = 1
 *   r(t) = S(t) / S(t - 1), the retention rate of period t
 */
#ifndef LTV_CORE_SBG_H
#define LTV_CORE_SBG_H

#include <stdbool.h>
#include <stdint.h>

typedef struct LtvSbgFit
{
	double		alpha;
	double		beta;
	double		log_likelihood;
	bool		converged;
	int			iterations;
} LtvSbgFit;

/*
 * Maximum likelihood over periods t = 1..T: churned[t - 1] customers left in
 * period t (contribute log P(T = t)); censored[t - 1] customers are known to
 * have survived t periods and nothing more (log S(t)).  Counts may be
 * fractional (weights).  The likelihood is maximized over (log alpha,
 * log beta) by Newton's method with analytic derivatives and step halving.
 * Returns false (fit untouched) when the data cannot identify the model: no
 * churn at all, or T < 1.
 */
extern bool ltv_sbg_fit(const double *churned, const double *censored, int64_t periods,
						LtvSbgFit *fit);

/* log-likelihood of the data above at (alpha, beta) */
extern double ltv_sbg_log_likelihood(const double *churned, const double *censored,
									 int64_t periods, double alpha, double beta);

extern double ltv_sbg_survival(double alpha, double beta, int64_t t);
extern double ltv_sbg_retention(double alpha, double beta, int64_t t);
extern double ltv_sbg_churn_probability(double alpha, double beta, int64_t t);

/*
 * Discounted expected residual lifetime of a customer who has made `renewals`
 * renewals (is in period n = renewals + 1), evaluated just before the next
 * renewal decision (Fader & Hardie 2010, eq. 6):
 *
 *   DERL = sum_{t >= n} S(t) / S(n - 1) / (1 + d)^(t - n)
 *        = (beta + n - 1) / (alpha + beta + n - 1) 2F1(1, beta + n; alpha + beta + n; 1 / (1 + d))
 *
 * In periods (multiply by the margin per period for a value).  discount >= 0;
 * with discount = 0 it is (beta + n - 1) / (alpha - 1), infinite (returned as
 * INFINITY) when alpha <= 1.
 */
extern double ltv_sbg_derl(double alpha, double beta, double discount, int64_t renewals);

#endif							/* LTV_CORE_SBG_H */
