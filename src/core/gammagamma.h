/*
 * gammagamma.h: the Gamma-Gamma model of spend per transaction (Fader, Hardie
 * & Lee 2005b, "RFM and CLV: using iso-value curves"; Colombo & Jiang 1999).
 *
 * A repeat customer is summarized by x (repeat occasions, > 0) and m, the
 * mean amount of those x occasions (> 0).  Spend per transaction ~
 * Gamma(shape p, rate nu), nu ~ Gamma(shape q, rate gamma).  q > 1 is enforced
 * (the fit optimizes log(q - 1)), so that the population mean spend
 * p * gamma / (q - 1) exists.
 */
#ifndef LTV_CORE_GAMMAGAMMA_H
#define LTV_CORE_GAMMAGAMMA_H

#include <stdbool.h>
#include <stddef.h>

#include "bgnbd.h"				/* LtvFitStatus */
#include "optim.h"

typedef struct LtvGgParams
{
	double		p;
	double		q;
	double		gamma;
} LtvGgParams;

/* `count` customers with the same (x, m) */
typedef struct LtvGgCell
{
	double		x;				/* > 0, whole */
	double		m;				/* > 0, finite */
	double		count;			/* > 0 */
} LtvGgCell;

typedef struct LtvGgFit
{
	LtvGgParams params;
	double		se[3];			/* standard errors of p, q, gamma (inverse observed information) */
	double		cov[9];			/* their covariance (row-major); NaN when singular or not fitted */
	double		loglik;			/* total log-likelihood (density of the mean spend m) */
	double		n_customers;	/* sum of counts */
	bool		converged;
	LtvFitStatus status;
	LtvOptimStatus optim_status;
	int			iterations;
	int			starts;
} LtvGgFit;

/* Sorts by (x, m) and merges equal cells, in place; returns the new count */
extern size_t ltv_gg_compress(LtvGgCell *cells, size_t ncells);

/* Checks one cell's domain */
extern bool ltv_gg_cell_valid(double x, double m);

/*
 * Maximum-likelihood fit over repeat customers (cells with x > 0 and m > 0;
 * the caller leaves out the others).  Same contract as ltv_bgnbd_fit.
 * Fewer than 2 customers: LTV_FIT_UNIDENTIFIED.
 */
extern LtvFitStatus ltv_gg_fit(const LtvGgCell *cells, size_t ncells,
							   const LtvFitOptions *opts, LtvGgFit *fit);

/* Log-likelihood of one customer's mean spend m given x */
extern double ltv_gg_loglik1(const LtvGgParams *p, double x, double m);

/* Sum of count * loglik1 and, when grad != NULL, the gradient wrt (p, q, gamma) */
extern double ltv_gg_loglik(const LtvGgParams *p, const LtvGgCell *cells, size_t ncells, double *grad);

/* The same with, when hess != NULL, the analytic 3 x 3 Hessian wrt (p, q, gamma) */
extern double ltv_gg_loglik_hessian(const LtvGgParams *p, const LtvGgCell *cells, size_t ncells,
									double *grad, double *hess);

/*
 * E[spend per transaction | x, m]: p (gamma + x m) / (p x + q - 1).  For
 * x = 0 (m ignored), and for x > 0 with m <= 0 (repeat occasions of $0 or
 * refunded away: no positive spend observed, the model's support is m > 0,
 * and the fit leaves such customers out), the population mean
 * p gamma / (q - 1).  NaN outside the domain (x not whole or negative, m not
 * finite when x > 0).
 */
extern double ltv_gg_expected_spend(const LtvGgParams *p, double x, double m);

#endif							/* LTV_CORE_GAMMAGAMMA_H */
