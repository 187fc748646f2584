/*
 * purchase_fit.h: the maximum-likelihood fit shared by the purchase models
 * (internal to src/core; BG/NBD keeps its own in bgnbd.c).
 *
 * A model describes its likelihood over a table of compressed cells (the
 * distinct x, t_x, T and (x, t_x), (x, T) pairs, with each cell's indexes,
 * so that terms depending on fewer than all three are computed once per
 * distinct value), its starting points and its parameterization; the driver
 * validates and compresses the cells, runs BFGS from every start (on a
 * deterministic subsample above 20,000 distinct cells, then polished on a
 * 1-in-8 sample and on all cells, as ltv_bgnbd_fit does), and computes the
 * standard errors and covariance from the information matrix: minus the
 * model's analytic Hessian (LtvFitSpec.loglik_hessian), or forward
 * differences of the gradient for a model without one.
 */
#ifndef LTV_CORE_PURCHASE_FIT_H
#define LTV_CORE_PURCHASE_FIT_H

#include <stdint.h>

#include "purchase_model.h"

typedef struct LtvCellTable
{
	size_t		ncells;
	double	   *count;			/* per cell */
	double		total;			/* sum of counts (of all cells, also for a subsample) */
	/* distinct values, sorted, and each cell's index into them */
	size_t		nx,
				nt,
				nT;
	double	   *xv,
			   *tv,
			   *Tv;
	uint32_t   *xi,
			   *ti,
			   *Ti;
	/*
	 * distinct (x, t_x) and (x, T) pairs: each cell's pair, and each pair's
	 * index into xv and into tv (resp. Tv)
	 */
	size_t		npt,
				npT;
	uint32_t   *pti,
			   *pTi;
	uint32_t   *pt_x,
			   *pt_t,
			   *pT_x,
			   *pT_T;
	double	   *scratch;		/* LtvFitSpec.scratch_doubles of them */
	const LtvFitOptions *opts;
} LtvCellTable;

/* summary statistics of the cells, for starting points */
typedef struct LtvCellStats
{
	double		customers;
	double		repeaters;
	double		mean_x;			/* per customer */
	double		mean_T;
	double		rate;			/* sum x / sum T */
	double		repeat_share;	/* repeaters / customers */
} LtvCellStats;

typedef struct LtvFitSpec
{
	int			nparams;
	/*
	 * Sum over the table of count * log-likelihood, and its gradient with
	 * respect to the natural parameters into grad (when not NULL); may use
	 * d->scratch.  NaN outside the domain.
	 */
	double		(*loglik) (const LtvCellTable *d, const double *params, double *grad);
	size_t		(*scratch_doubles) (const LtvCellTable *d);
	/* the i-th of nstarts starting points (natural parameters) */
	int			nstarts;
	void		(*start) (int i, const LtvCellStats *st, double *params);
	/*
	 * The optimizer's unconstrained parameters theta: params = f(theta), and
	 * jac[i * n + j] = d params_i / d theta_j (jac may be NULL); and back.
	 * NULL: theta = log(params).
	 */
	void		(*to_params) (const double *theta, double *params, double *jac);
	void		(*to_theta) (const double *params, double *theta);
	bool		(*cell_valid) (double x, double t_x, double T);
	/*
	 * The model's LtvPurchaseModel.loglik_hessian (direct form over cells):
	 * the standard errors and covariance come from it; NULL: from forward
	 * differences of loglik's gradient (ltv_standard_errors_cov).
	 */
	double		(*loglik_hessian) (const double *params, const LtvCell *cells, size_t ncells, double *grad,
								   double *hess);
} LtvFitSpec;

extern LtvFitStatus ltv_purchase_fit_run(const LtvFitSpec *spec, const LtvCell *cells, size_t ncells,
										 const LtvFitOptions *opts, LtvPurchaseFit *fit);

#endif							/* LTV_CORE_PURCHASE_FIT_H */
