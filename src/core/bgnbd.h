/*
 * bgnbd.h: the BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005,
 * "Counting your customers the easy way", Marketing Science 24(2)).
 *
 * A customer is summarized by
 *   x    repeat purchase occasions (a whole number >= 0; the first purchase is not counted),
 *   t_x  time of the last repeat occasion, measured from the first purchase (0 when x = 0),
 *   T    age: time from the first purchase to the end of the calibration period,
 * t_x and T in the same time unit (e.g. weeks), 0 <= t_x <= T.
 *
 * Parameters: purchase rates lambda ~ Gamma(shape r, rate alpha); dropout
 * probability after each purchase p ~ Beta(a, b).  alpha is in time units.
 */
#ifndef LTV_CORE_BGNBD_H
#define LTV_CORE_BGNBD_H

#include <stdbool.h>
#include <stddef.h>

#include "optim.h"

typedef struct LtvBgnbdParams
{
	double		r;
	double		alpha;
	double		a;
	double		b;
} LtvBgnbdParams;

/*
 * Sufficient statistics: `count` customers with the same (x, t_x, T).  One
 * cell per customer (count 1) is fine too; ltv_bgnbd_compress merges.
 */
typedef struct LtvBgnbdCell
{
	double		x;
	double		t_x;
	double		T;
	double		count;			/* > 0; a whole number in practice */
} LtvBgnbdCell;

typedef enum LtvFitStatus
{
	LTV_FIT_OK = 0,				/* converged */
	LTV_FIT_NOT_CONVERGED,		/* optimizer stopped without convergence; params are its best point */
	LTV_FIT_UNIDENTIFIED,		/* the data cannot identify the model (e.g. no
								 * customer with x > 0, no repeat spend); params NaN */
	LTV_FIT_BAD_INPUT			/* a cell violates the domain (negative, non-finite, t_x > T,
								 * x not whole, count <= 0); params NaN */
} LtvFitStatus;

typedef struct LtvBgnbdFit
{
	LtvBgnbdParams params;
	double		se[4];			/* standard errors of r, alpha, a, b from the
								 * inverse observed information (Hessian of
								 * the log-likelihood); NaN when singular */
	double		cov[16];		/* their covariance (row-major); NaN when singular */
	double		loglik;			/* total log-likelihood at params (time scale as given) */
	double		n_customers;	/* sum of counts */
	double		n_repeaters;	/* sum of counts with x > 0 */
	bool		converged;		/* status == LTV_FIT_OK */
	LtvFitStatus status;
	LtvOptimStatus optim_status;	/* of the best start */
	int			iterations;		/* total over all starts and the final polish */
	int			starts;			/* number of starting points tried */
} LtvBgnbdFit;

/*
 * Sorts cells by (x, t_x, T) and merges equal ones (adding counts), in place.
 * Returns the new number of cells.  The fit calls it on its own copy, so
 * callers need not; it is exposed for building compact states.
 */
extern size_t ltv_bgnbd_compress(LtvBgnbdCell *cells, size_t ncells);

/*
 * The largest number of repeat occasions x the models (fits and predictions)
 * accept; a fit over a customer with more has status LTV_FIT_BAD_INPUT.
 */
#define LTV_MAX_REPEAT_OCCASIONS 1e9

/* Checks one cell's domain (x <= LTV_MAX_REPEAT_OCCASIONS); false when invalid */
extern bool ltv_bgnbd_cell_valid(double x, double t_x, double T);

/*
 * Maximum-likelihood fit.  cells are not modified (the fit sorts and merges
 * a copy, so the result does not depend on their order).  Several starting
 * points (on a subsample of about 10,000 cells above 20,000); the best is
 * polished by Newton's method on the full data; standard errors from the
 * analytic Hessian.  Always fills *fit and returns
 * fit->status.  opts may be NULL (defaults).
 */
extern LtvFitStatus ltv_bgnbd_fit(const LtvBgnbdCell *cells, size_t ncells,
								  const LtvFitOptions *opts, LtvBgnbdFit *fit);

/* Log-likelihood of one customer (x, t_x, T) */
extern double ltv_bgnbd_loglik1(const LtvBgnbdParams *p, double x, double t_x, double T);

/* Log-likelihood of cells (sum of count * loglik1) and, when grad != NULL, its gradient wrt (r, alpha, a, b) */
extern double ltv_bgnbd_loglik(const LtvBgnbdParams *p, const LtvBgnbdCell *cells, size_t ncells,
							   double *grad);

/*
 * The same with, when hess != NULL, the 4 x 4 Hessian (row-major) with
 * respect to (r, alpha, a, b), analytic (one pass; the standard errors of
 * ltv_bgnbd_fit come from it).  NaN for invalid parameters or cells.
 */
extern double ltv_bgnbd_loglik_hessian(const LtvBgnbdParams *p, const LtvBgnbdCell *cells, size_t ncells,
									   double *grad, double *hess);

/*
 * Predictions.  All return NaN for arguments outside the domain (negative t,
 * invalid (x, t_x, T), parameters not positive) and, for the two that sum a
 * 2F1 series, when the series did not converge.
 */

/* P(alive at T | x, t_x, T) */
extern double ltv_bgnbd_p_alive(const LtvBgnbdParams *p, double x, double t_x, double T);

/*
 * E[number of repeat purchases in (T, T + t] | x, t_x, T], by the x-free
 * Euler transform of the 2F1 term, so it stays finite and accurate for very
 * large x.
 */
extern double ltv_bgnbd_expected_purchases(const LtvBgnbdParams *p, double t,
										   double x, double t_x, double T);

/*
 * E[Y(t_i) | x, t_x, T] for n horizons t[0..n-1] at once (out[i]; NaN for an
 * invalid t_i): the same values as ltv_bgnbd_expected_purchases to rounding,
 * with the series coefficients shared by all horizons (ltv_predict's monthly
 * steps).
 */
extern void ltv_bgnbd_expected_many(const LtvBgnbdParams *p, double x, double t_x, double T,
									int n, const double *t, double *out);

/* Unconditional E[X(t)] for a customer who made the first purchase at time 0 */
extern double ltv_bgnbd_expected_purchases_new(const LtvBgnbdParams *p, double t);

/* Unconditional P(X(t) = n) for a new customer (n a whole number >= 0) */
extern double ltv_bgnbd_prob_n(const LtvBgnbdParams *p, double t, double n);

/*
 * For the unit tests (src/core/bgnbd_predict.c): the factor G of the
 * expectations, E[Y(t) | x, t_x, T] = G P(alive), for A = r + x, B = b + x
 * and u = t / base (base = alpha + T), by one method only: 0 the Euler
 * series, 1 the series of positive terms, 2 the Mellin-Barnes integral.  NaN
 * when that method declines; *cond (may be NULL) gets the Euler series'
 * condition number.
 */
extern double ltv_bgnbd_g_method(const LtvBgnbdParams *p, double x, double base, double t, int method,
								 double *cond);

#endif							/* LTV_CORE_BGNBD_H */
