/*
 * fitutil.h: helpers shared by the model fits (internal to src/core).
 */
#ifndef LTV_CORE_FITUTIL_H
#define LTV_CORE_FITUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "optim.h"

/*
 * Options for the last polish on the full data when the starts ran on a
 * subsample (more than 20,000 distinct summaries).  The mean log-likelihood
 * of n cells is only known to a rounding of about sqrt(n) DBL_EPSILON
 * relative (measured: 250 DBL_EPSILON at 800,000 cells), which pins the
 * optimum down to about 1e-7 relative: iterating towards the default gtol
 * 1e-9 with the single-rounding tolerance there only spends full-data passes
 * on line searches in rounding noise.  So the polish stops at gradient
 * LTV_POLISH_GTOL (still orders of magnitude below the standard errors) and
 * takes the rounding of the objective as DBL_EPSILON sqrt(n) / 4.
 */
#define LTV_POLISH_GTOL 1e-7

/* opts (may be NULL) adjusted for the full-data polish over n cells */
extern void ltv_polish_options(const LtvFitOptions *opts, size_t n, LtvFitOptions *polish);

/*
 * The last evaluations of a Newton polish (log-likelihood and Hessian at
 * each point it tried), so that the pass at the point the polish ends on,
 * for the log-likelihood and the standard errors, is not computed a second
 * time: the polish always ends on a point it evaluated.  A hit needs the
 * same parameters bit for bit, so the result is the same as the pass.
 */
#define LTV_EVAL_MEMO_SIZE 32
#define LTV_EVAL_MEMO_MAX_PARAMS 4

typedef struct LtvEvalMemo
{
	int			n;				/* entries in use */
	int			next;			/* where the next one goes */
	double		params[LTV_EVAL_MEMO_SIZE][LTV_EVAL_MEMO_MAX_PARAMS];
	double		loglik[LTV_EVAL_MEMO_SIZE];
	double		hess[LTV_EVAL_MEMO_SIZE][LTV_EVAL_MEMO_MAX_PARAMS * LTV_EVAL_MEMO_MAX_PARAMS];
} LtvEvalMemo;

extern void ltv_eval_memo_init(LtvEvalMemo *memo);
/* remember loglik and the np x np hess at params (the oldest entry goes when full) */
extern void ltv_eval_memo_put(LtvEvalMemo *memo, int np, const double *params, double loglik, const double *hess);
/* true, with *loglik and hess filled, when params (bit for bit) is remembered */
extern bool ltv_eval_memo_get(const LtvEvalMemo *memo, int np, const double *params, double *loglik, double *hess);

extern void *ltv_fit_alloc(const LtvFitOptions *opts, size_t size);
extern void ltv_fit_free(const LtvFitOptions *opts, void *ptr);

/* sorted distinct values of v[0..n-1] into out (room for n); returns their number */
extern size_t ltv_distinct_sorted(const double *v, size_t n, double *out);

/* index of value in sorted distinct vals (it must be there) */
extern size_t ltv_find_sorted(const double *vals, size_t n, double value);

/*
 * Distinct values of v[0..n-1] (any order): *values_out gets them sorted
 * (allocated with ltv_fit_alloc, caller frees), idx[i] the position of v[i]
 * in it.  Returns their number.  A hash table of the distinct values, so it
 * costs one probe per element and a sort of the distinct values only; the
 * result depends on the values, not on their order.
 */
extern size_t ltv_index_values(const LtvFitOptions *opts, const double *v, size_t n, uint32_t *idx,
							   double **values_out);

/*
 * Observed information from a gradient function of the natural parameters:
 * forward differences of the analytic gradient of the log-likelihood, then
 * inverted; se[i] = sqrt(cov[i][i]) or NaN when not positive definite.
 */
typedef void (*LtvGradFn) (const double *params, double *grad, void *ctx);
extern void ltv_standard_errors(int n, const double *params, LtvGradFn gradfn, void *ctx, double *se);
/* the same, and the covariance matrix (n x n, row-major; NaN when singular) into cov when not NULL */
extern void ltv_standard_errors_cov(int n, const double *params, LtvGradFn gradfn, void *ctx, double *se,
									double *cov);

/*
 * Standard errors from the Hessian of the log-likelihood in the natural
 * parameters (n x n, row-major): se[i] = sqrt of the diagonal of (-hess)^-1,
 * and that covariance matrix into cov (n x n) when not NULL; NaN when -hess
 * is not positive definite.
 */
extern void ltv_standard_errors_hessian(int n, const double *hess, double *se, double *cov);

/*
 * A fit that "converged" to a flat place (a parameter beyond exp(+-18), or
 * standard errors not computable) is demoted: returns true when so.
 */
extern bool ltv_fit_degenerate(int n, const double *theta, const double *se);

/*
 * The same, and also true when a standard error exceeds LTV_FLAT_REL_SE
 * times its parameter: the data say nothing about it there, as on the ridge
 * towards a parameter at infinity, where the gradient is already below any
 * tolerance.  params are the natural parameters that se belongs to.
 */
#define LTV_FLAT_REL_SE 1e3
extern bool ltv_fit_degenerate_se(int n, const double *theta, const double *params, const double *se);

#endif							/* LTV_CORE_FITUTIL_H */
