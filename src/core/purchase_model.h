/*
 * purchase_model.h: the one interface every purchase model implements.
 *
 * A purchase model describes the number and timing of a customer's repeat
 * purchases from a summary (x, t_x, T) (see bgnbd.h for the summary).  The
 * models:
 *
 *   bgnbd       BG/NBD (Fader, Hardie & Lee 2005)                    bgnbd.c
 *   pareto_nbd  Pareto/NBD (Schmittlein, Morrison & Colombo 1987)    pareto_nbd.c
 *   mbgnbd      MBG/NBD (Batislam, Denizel & Filiztekin 2007)        mbgnbd.c
 *   bgbb        BG/BB, discrete time (Fader, Hardie & Shang 2010)    bgbb.c
 *
 * Each file defines one LtvPurchaseModel (a table of functions) and nothing
 * else is exported for the glue: the SQL functions, ltv_predict (clv.c), the
 * backtest and the intervals call models only through this table, so a
 * formula lives in exactly one place.  Parameters are passed as an array of
 * nparams doubles in the order of param_names.
 *
 * Every prediction returns NaN for arguments outside its domain (parameters
 * not positive and finite, a summary the model does not accept, a negative or
 * non-finite horizon) and never a negative expectation.
 */
#ifndef LTV_CORE_PURCHASE_MODEL_H
#define LTV_CORE_PURCHASE_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "bgnbd.h"				/* LtvBgnbdCell, LtvFitStatus */
#include "optim.h"

#define LTV_PM_MAX_PARAMS 4

typedef enum LtvPurchaseModelKind
{
	LTV_PM_BGNBD = 0,
	LTV_PM_PARETO_NBD = 1,
	LTV_PM_MBGNBD = 2,
	LTV_PM_BGBB = 3
} LtvPurchaseModelKind;

#define LTV_PM_NKINDS 4

/* `count` customers with the same summary (x, t_x, T) */
typedef LtvBgnbdCell LtvCell;

typedef struct LtvPurchaseFit
{
	double		params[LTV_PM_MAX_PARAMS];	/* NaN when not identified */
	double		se[LTV_PM_MAX_PARAMS];	/* standard errors; NaN when unknown */
	/*
	 * Covariance of the estimates (inverse observed information), row-major
	 * nparams x nparams; NaN when singular or unknown.
	 */
	double		cov[LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS];
	double		loglik;			/* total log-likelihood at params */
	double		n_customers;	/* sum of counts */
	double		n_repeaters;	/* sum of counts with x > 0 */
	bool		converged;		/* status == LTV_FIT_OK */
	LtvFitStatus status;
	LtvOptimStatus optim_status;
	int			iterations;
	int			starts;
} LtvPurchaseFit;

typedef struct LtvPurchaseModel
{
	LtvPurchaseModelKind kind;
	const char *name;			/* the SQL name: "bgnbd", "pareto_nbd", ... */
	const char *label;			/* for messages: "BG/NBD", "Pareto/NBD", ... */
	int			nparams;
	const char *param_names[LTV_PM_MAX_PARAMS];
	/*
	 * Discrete time (BG/BB): x, t_x and T count transaction opportunities
	 * (whole numbers, x <= t_x <= T); horizons are counted in whole periods
	 * (see bgbb.h).
	 */
	bool		discrete;
	/* what cell_valid requires, for error hints */
	const char *summary_rule;

	/* the summary (x, t_x, T) is one this model accepts */
	bool		(*cell_valid) (double x, double t_x, double T);

	/*
	 * Maximum-likelihood fit over cells (any order; the result does not
	 * depend on it).  Always fills *fit and returns fit->status; opts may be
	 * NULL.  Several starts, standard errors and covariance, convergence
	 * and identification as for ltv_bgnbd_fit.
	 */
	LtvFitStatus (*fit) (const LtvCell *cells, size_t ncells, const LtvFitOptions *opts,
						 LtvPurchaseFit *fit);

	/*
	 * Log-likelihood of cells (sum of count * log-likelihood of one
	 * customer) and, when grad != NULL, its gradient wrt the parameters.  The
	 * direct form, one cell at a time (the fits use faster tables).
	 */
	double		(*loglik) (const double *params, const LtvCell *cells, size_t ncells, double *grad);

	/*
	 * Optional (NULL: the fit's standard errors come from forward differences
	 * of the gradient): loglik with, when hess != NULL, the analytic
	 * nparams x nparams Hessian (row-major) of the log-likelihood wrt the
	 * parameters; grad as loglik's (may be NULL).  NaN outside the domain.
	 * The fit's standard errors and covariance are the inverse of minus it.
	 */
	double		(*loglik_hessian) (const double *params, const LtvCell *cells, size_t ncells, double *grad,
								   double *hess);

	/* P(alive | x, t_x, T): still active at T (BG/BB: in period T + 1) */
	double		(*p_alive) (const double *params, double x, double t_x, double T);

	/* E[repeat purchases in (T, T + t] | x, t_x, T] */
	double		(*expected) (const double *params, double t, double x, double t_x, double T);

	/* unconditional E[X(t)]: repeat purchases in (0, t] of a customer who made the first at 0 */
	double		(*expected_new) (const double *params, double t);

	/* unconditional P(X(t) = n), n a whole number >= 0 */
	double		(*prob_n) (const double *params, double t, double n);

	/*
	 * Optional (NULL: expected is called per horizon): expected at n horizons
	 * t[0..n-1] of one customer into out[0..n-1], the same values to
	 * rounding, sharing work between them (ltv_predict's monthly steps).
	 */
	void		(*expected_many) (const double *params, double x, double t_x, double T,
								  int n, const double *t, double *out);
} LtvPurchaseModel;

extern const LtvPurchaseModel ltv_bgnbd_model;
extern const LtvPurchaseModel ltv_pareto_nbd_model;
extern const LtvPurchaseModel ltv_mbgnbd_model;
extern const LtvPurchaseModel ltv_bgbb_model;

/* the model of a kind; NULL when kind is not one */
extern const LtvPurchaseModel *ltv_purchase_model(int kind);

/* the model of a SQL name (exact, lower case); NULL when unknown */
extern const LtvPurchaseModel *ltv_purchase_model_by_name(const char *name);

/* "bgnbd, pareto_nbd, mbgnbd, bgbb": for error hints */
extern const char *ltv_purchase_model_names(void);

/* the parameters are positive and finite */
extern bool ltv_purchase_params_valid(const LtvPurchaseModel *pm, const double *params);

/*
 * A fit that reports parameters (converged or not converged) whose point left
 * the domain (a parameter 0 or infinite, a non-finite log-likelihood) becomes
 * unidentified with NaN parameters and optim status LTV_OPTIM_DIVERGED: a
 * model's input accepts only positive finite parameters for a fitted status
 * (issue 10: what a fit makes must read back).
 */
extern void ltv_purchase_fit_settle(const LtvPurchaseModel *pm, LtvPurchaseFit *fit);

#endif							/* LTV_CORE_PURCHASE_MODEL_H */
