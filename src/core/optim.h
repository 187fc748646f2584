/*
 * optim.h: unconstrained minimization (BFGS with a backtracking line search)
 * for the maximum-likelihood fits, and the options every fit shares.
 *
 * The fits minimize over log-parameters, so the optimizer itself is
 * unconstrained.  It never allocates memory: the caller passes a workspace.
 */
#ifndef LTV_CORE_OPTIM_H
#define LTV_CORE_OPTIM_H

#include <stdbool.h>
#include <stddef.h>

#define LTV_OPTIM_MAX_DIM 8

/*
 * Objective: returns f(theta) and, when grad is not NULL, writes its gradient.
 * A non-finite return value means "theta is infeasible" (the line search then
 * shortens the step).
 */
typedef double (*LtvObjectiveFn) (const double *theta, double *grad, void *ctx);

/* Options shared by the model fits (ltv_bgnbd_fit, ltv_gg_fit). */
typedef struct LtvFitOptions
{
	int			max_iterations; /* per start; 0: default 500 */
	double		gtol;			/* convergence: max |gradient| of the mean
								 * negative log-likelihood per customer in
								 * log-parameter space; 0: default 1e-9 */
	/*
	 * Called every few iterations and every few thousand cells of a long
	 * loop; the PostgreSQL glue passes a function that runs
	 * CHECK_FOR_INTERRUPTS() (which may longjmp out).  May be NULL.
	 */
	void		(*check_interrupts) (void);
	/*
	 * Memory for the fit's working copies (freed before the fit returns).
	 * NULL: malloc/free.  The PostgreSQL glue passes palloc so that an error
	 * or a cancel (longjmp) leaks nothing.
	 */
	void	   *(*alloc) (size_t size);
	void		(*free) (void *ptr);
	/*
	 * true: the cells are already in an order that does not depend on how
	 * the rows arrived (e.g. sorted by the caller), so the fit neither sorts
	 * nor merges them (equal cells may repeat; they simply count separately).
	 */
	bool		presorted;
	/*
	 * Relative rounding error of the objective, for the line search's "no
	 * change beyond rounding" tests; 0: DBL_EPSILON.  A sum over many cells
	 * is noisier than one rounding.
	 */
	double		f_rounding;
} LtvFitOptions;

typedef enum LtvOptimStatus
{
	LTV_OPTIM_CONVERGED = 0,	/* gradient below gtol */
	LTV_OPTIM_MAX_ITER,			/* ran out of iterations */
	LTV_OPTIM_LINE_SEARCH,		/* no further decrease possible, gradient not small */
	LTV_OPTIM_DIVERGED,			/* a parameter ran off to 0 or infinity
								 * (|log-parameter| > 30): not identified */
	LTV_OPTIM_BAD_START,		/* objective not finite at the start */
	LTV_OPTIM_SINGULAR			/* set by the fits: stopped where the observed
								 * information is singular or a parameter is
								 * at 0 or infinity (|log| > 18): a flat
								 * likelihood, the parameters not identified */
} LtvOptimStatus;

typedef struct LtvOptimResult
{
	double		f;				/* objective at theta */
	double		grad_max;		/* max |gradient| at theta */
	int			iterations;
	LtvOptimStatus status;
} LtvOptimResult;

/*
 * Minimizes fn over theta[0..n-1] (n <= LTV_OPTIM_MAX_DIM) from the given
 * start; theta holds the best point found on return.
 */
extern LtvOptimStatus ltv_bfgs_minimize(int n, double *theta, LtvObjectiveFn fn, void *ctx,
										const LtvFitOptions *opts, LtvOptimResult *result);

/*
 * The same with a starting inverse-Hessian approximation hinv_in (n x n,
 * row-major; NULL: identity) and the final one written to hinv_out (may be
 * NULL), so that a search on a subsample can warm-start the polish on the
 * full data.
 */
extern LtvOptimStatus ltv_bfgs_minimize_h(int n, double *theta, LtvObjectiveFn fn, void *ctx,
										  const LtvFitOptions *opts, const double *hinv_in,
										  double *hinv_out, LtvOptimResult *result);

/*
 * Objective with its Hessian: returns f(theta) and, when grad / hess are not
 * NULL, writes the gradient and the n x n Hessian (row-major).
 */
typedef double (*LtvObjectiveHessFn) (const double *theta, double *grad, double *hess, void *ctx);

/*
 * Newton's method with step halving, for the last polish of a fit on all the
 * data: every iteration is one evaluation of f, gradient and Hessian (one pass
 * over the data), so a start within the quadratic basin (e.g. the optimum of
 * a subsample) converges in a few passes.  A Hessian that is not positive
 * definite is shifted (Levenberg) until it is.  Stops converged when the
 * largest gradient component is below gtol (opts, default 1e-9) or the step
 * is below 1e-10 in every component with the gradient below sqrt(gtol);
 * stops with LTV_OPTIM_SINGULAR when a component leaves [-18, 18] (the fits
 * treat a log-parameter there as a flat likelihood); at most max_passes evaluations
 * (0: 30).  On return theta is the best point.
 */
extern LtvOptimStatus ltv_newton_minimize(int n, double *theta, LtvObjectiveHessFn fn, void *ctx,
										  const LtvFitOptions *opts, int max_passes, LtvOptimResult *result);

/*
 * Inverts the symmetric positive definite n x n matrix a (row-major) in place
 * (Cholesky).  Returns false when a is not positive definite.
 */
extern bool ltv_spd_invert(int n, double *a);

extern const char *ltv_optim_status_name(LtvOptimStatus status);

#endif							/* LTV_CORE_OPTIM_H */
