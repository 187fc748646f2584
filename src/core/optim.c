/*
 * optim.c: BFGS with a backtracking (Armijo) line search, and a small SPD
 * matrix inverse for standard errors.
 */
#include "optim.h"

#include <float.h>
#include <math.h>
#include <string.h>

#define DEFAULT_MAX_ITER 500
#define DEFAULT_GTOL 1e-9
#define MAX_STEP 2.0			/* max change of a log-parameter per iteration */
#define DIVERGED_LOG 30.0
#define FLAT_LOG 18.0			/* as ltv_fit_degenerate */
#define XTOL 1e-8				/* see the loop */
#define MAX_STALLS 3
#define MAX_HALVINGS 40
#define MIN_STEP 1e-11			/* smallest max |change| of a log-parameter tried */

static double
max_abs(int n, const double *v)
{
	double		m = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		if (fabs(v[i]) > m || isnan(v[i]))
			m = isnan(v[i]) ? INFINITY : fabs(v[i]);
	return m;
}

static double
dot(int n, const double *u, const double *v)
{
	double		sum = 0.0;
	int			i;

	for (i = 0; i < n; i++)
		sum += u[i] * v[i];
	return sum;
}

static void
set_identity(int n, double *h)
{
	int			i;

	memset(h, 0, sizeof(double) * n * n);
	for (i = 0; i < n; i++)
		h[i * n + i] = 1.0;
}

LtvOptimStatus
ltv_bfgs_minimize(int n, double *theta, LtvObjectiveFn fn, void *ctx,
				  const LtvFitOptions *opts, LtvOptimResult *result)
{
	return ltv_bfgs_minimize_h(n, theta, fn, ctx, opts, NULL, NULL, result);
}

LtvOptimStatus
ltv_bfgs_minimize_h(int n, double *theta, LtvObjectiveFn fn, void *ctx,
					const LtvFitOptions *opts, const double *hinv_in, double *hinv_out,
					LtvOptimResult *result)
{
	double		h[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM];
	double		g[LTV_OPTIM_MAX_DIM],
				gnew[LTV_OPTIM_MAX_DIM],
				d[LTV_OPTIM_MAX_DIM],
				xnew[LTV_OPTIM_MAX_DIM],
				s[LTV_OPTIM_MAX_DIM],
				y[LTV_OPTIM_MAX_DIM],
				hy[LTV_OPTIM_MAX_DIM];
	int			max_iter = opts && opts->max_iterations > 0 ? opts->max_iterations : DEFAULT_MAX_ITER;
	double		gtol = opts && opts->gtol > 0 ? opts->gtol : DEFAULT_GTOL;
	double		feps = opts && opts->f_rounding > DBL_EPSILON ? opts->f_rounding : DBL_EPSILON;
	double		f;
	int			iter;
	int			i,
				j;
	bool		h_is_identity = true;
	int			stalls = 0;
	LtvOptimStatus status = LTV_OPTIM_MAX_ITER;

	f = fn(theta, g, ctx);
	result->iterations = 0;
	result->f = f;
	/* an objective that is not finite at the start need not fill the gradient (valgrind) */
	result->grad_max = isfinite(f) ? max_abs(n, g) : NAN;
	if (!isfinite(f) || !isfinite(result->grad_max))
	{
		result->status = LTV_OPTIM_BAD_START;
		return LTV_OPTIM_BAD_START;
	}
	set_identity(n, h);
	if (hinv_in)
	{
		memcpy(h, hinv_in, sizeof(double) * n * n);
		h_is_identity = false;
	}

	for (iter = 0; iter < max_iter; iter++)
	{
		double		gd = 0.0,
					dmax,
					step = 1.0,
					fnew = NAN,
					sy = 0.0,
					yhy = 0.0;
		bool		accepted = false;
		int			tries;

		if (opts && opts->check_interrupts)
			opts->check_interrupts();
		if (max_abs(n, g) <= gtol)
		{
			status = LTV_OPTIM_CONVERGED;
			break;
		}
		for (i = 0; i < n; i++)
		{
			d[i] = 0.0;
			for (j = 0; j < n; j++)
				d[i] -= h[i * n + j] * g[j];
			gd += d[i] * g[i];
		}
		if (!(gd < 0.0))
		{
			set_identity(n, h);
			h_is_identity = true;
			gd = 0.0;
			for (i = 0; i < n; i++)
			{
				d[i] = -g[i];
				gd -= g[i] * g[i];
			}
		}
		dmax = max_abs(n, d);
		/*
		 * The quasi-Newton step is below XTOL, or the decrease it predicts is
		 * below the objective's rounding: the optimum is located as precisely
		 * as the objective allows even if the gradient has not reached gtol.
		 */
		if (!h_is_identity && (dmax <= XTOL || -gd <= 8 * feps * fabs(f)) &&
			max_abs(n, g) <= sqrt(gtol))
		{
			status = LTV_OPTIM_CONVERGED;
			break;
		}
		if (dmax > MAX_STEP)
			step = MAX_STEP / dmax;

		/* stop halving once the decrease asked for is below the objective's rounding */
		for (tries = 0; tries < MAX_HALVINGS && step * dmax >= MIN_STEP &&
			 -step * gd >= feps * fabs(f); tries++)
		{
			for (i = 0; i < n; i++)
				xnew[i] = theta[i] + step * d[i];
			fnew = fn(xnew, gnew, ctx);
			if (isfinite(fnew) && isfinite(max_abs(n, gnew)))
			{
				/* Armijo, or no increase beyond rounding with a smaller gradient */
				if (fnew <= f + 1e-4 * step * gd ||
					(fnew - f <= 8 * feps * fabs(f) && max_abs(n, gnew) < max_abs(n, g)))
				{
					accepted = true;
					break;
				}
			}
			step *= 0.5;
		}
		if (!accepted)
		{
			/* no decrease even on a tiny step: the objective's precision is exhausted */
			if (max_abs(n, g) <= sqrt(gtol))
			{
				status = LTV_OPTIM_CONVERGED;
				break;
			}
			if (!h_is_identity)
			{
				set_identity(n, h);
				h_is_identity = true;
				continue;
			}
			status = LTV_OPTIM_LINE_SEARCH;
			break;
		}

		for (i = 0; i < n; i++)
		{
			s[i] = xnew[i] - theta[i];
			y[i] = gnew[i] - g[i];
			sy += s[i] * y[i];
		}
		if (sy > 1e-12 * sqrt(dot(n, s, s) * dot(n, y, y)))
		{
			double		rho = 1.0 / sy;

			if (h_is_identity)
			{
				double		yy = 0.0;

				for (i = 0; i < n; i++)
					yy += y[i] * y[i];
				for (i = 0; i < n; i++)
					h[i * n + i] = sy / yy;
			}
			for (i = 0; i < n; i++)
			{
				hy[i] = 0.0;
				for (j = 0; j < n; j++)
					hy[i] += h[i * n + j] * y[j];
				yhy += y[i] * hy[i];
			}
			/* H += (1 + rho y'Hy) rho s s' - rho (Hy s' + s y'H) */
			for (i = 0; i < n; i++)
				for (j = 0; j < n; j++)
					h[i * n + j] += (1.0 + rho * yhy) * rho * s[i] * s[j]
						- rho * (hy[i] * s[j] + s[i] * hy[j]);
			h_is_identity = false;
		}
		/*
		 * Steps that no longer change f beyond rounding: the objective's
		 * precision is exhausted.  A few in a row end the search, as converged
		 * when the gradient is small.
		 */
		stalls = (f - fnew <= 8 * feps * fabs(f)) ? stalls + 1 : 0;
		memcpy(theta, xnew, sizeof(double) * n);
		memcpy(g, gnew, sizeof(double) * n);
		f = fnew;
		if (stalls >= MAX_STALLS)
		{
			status = max_abs(n, g) <= sqrt(gtol) ? LTV_OPTIM_CONVERGED : LTV_OPTIM_LINE_SEARCH;
			result->iterations = iter + 1;
			break;
		}
		result->iterations = iter + 1;
		if (max_abs(n, theta) > DIVERGED_LOG)
		{
			status = LTV_OPTIM_DIVERGED;
			break;
		}
	}
	result->f = f;
	result->grad_max = max_abs(n, g);
	result->status = status;
	if (hinv_out)
		memcpy(hinv_out, h, sizeof(double) * n * n);
	return status;
}

/* Cholesky factor of a (n x n) into l; false when not positive definite */
static bool
cholesky(int n, const double *a, double *l)
{
	int			i,
				j,
				k;

	memset(l, 0, sizeof(double) * n * n);
	for (j = 0; j < n; j++)
	{
		double		diag = a[j * n + j];

		for (k = 0; k < j; k++)
			diag -= l[j * n + k] * l[j * n + k];
		if (!(diag > 0.0) || !isfinite(diag))
			return false;
		l[j * n + j] = sqrt(diag);
		for (i = j + 1; i < n; i++)
		{
			double		v = a[i * n + j];

			for (k = 0; k < j; k++)
				v -= l[i * n + k] * l[j * n + k];
			l[i * n + j] = v / l[j * n + j];
		}
	}
	return true;
}

/* solves L L' x = b */
static void
cholesky_solve(int n, const double *l, const double *b, double *x)
{
	double		y[LTV_OPTIM_MAX_DIM];
	int			i,
				k;

	for (i = 0; i < n; i++)
	{
		double		v = b[i];

		for (k = 0; k < i; k++)
			v -= l[i * n + k] * y[k];
		y[i] = v / l[i * n + i];
	}
	for (i = n - 1; i >= 0; i--)
	{
		double		v = y[i];

		for (k = i + 1; k < n; k++)
			v -= l[k * n + i] * x[k];
		x[i] = v / l[i * n + i];
	}
}

LtvOptimStatus
ltv_newton_minimize(int n, double *theta, LtvObjectiveHessFn fn, void *ctx,
					const LtvFitOptions *opts, int max_passes, LtvOptimResult *result)
{
	double		g[LTV_OPTIM_MAX_DIM],
				h[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM],
				gn[LTV_OPTIM_MAX_DIM],
				hn[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM],
				l[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM],
				a[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM],
				d[LTV_OPTIM_MAX_DIM],
				neg[LTV_OPTIM_MAX_DIM],
				xn[LTV_OPTIM_MAX_DIM];
	double		gtol = opts && opts->gtol > 0 ? opts->gtol : DEFAULT_GTOL;
	double		feps = opts && opts->f_rounding > DBL_EPSILON ? opts->f_rounding : DBL_EPSILON;
	double		f;
	int			passes = 1,
				i;
	LtvOptimStatus status = LTV_OPTIM_MAX_ITER;

	if (max_passes <= 0)
		max_passes = 30;
	f = fn(theta, g, h, ctx);
	result->iterations = 0;
	result->f = f;
	result->grad_max = max_abs(n, g);
	if (!isfinite(f) || !isfinite(result->grad_max) || !isfinite(max_abs(n * n, h)))
	{
		result->status = LTV_OPTIM_BAD_START;
		return LTV_OPTIM_BAD_START;
	}
	for (;;)
	{
		double		shift = 0.0,
					scale = 1e-12 * max_abs(n * n, h) + 1e-300,
					step = 1.0,
					dmax;
		bool		accepted = false;

		if (opts && opts->check_interrupts)
			opts->check_interrupts();
		if (max_abs(n, g) <= gtol)
		{
			status = LTV_OPTIM_CONVERGED;
			break;
		}
		/* Newton direction, with the Hessian shifted until positive definite */
		for (;;)
		{
			memcpy(a, h, sizeof(double) * n * n);
			for (i = 0; i < n; i++)
				a[i * n + i] += shift;
			if (cholesky(n, a, l))
				break;
			shift = shift == 0.0 ? scale : shift * 10.0;
			if (!isfinite(shift))
				break;
		}
		if (!isfinite(shift))
		{
			status = LTV_OPTIM_SINGULAR;
			break;
		}
		for (i = 0; i < n; i++)
			neg[i] = -g[i];
		cholesky_solve(n, l, neg, d);
		dmax = max_abs(n, d);
		if (!isfinite(dmax))
		{
			status = LTV_OPTIM_SINGULAR;
			break;
		}
		if (dmax <= 1e-10 && shift == 0.0 && max_abs(n, g) <= sqrt(gtol))
		{
			status = LTV_OPTIM_CONVERGED;
			break;
		}
		if (dmax > MAX_STEP)
			step = MAX_STEP / dmax;
		while (passes < max_passes && step * dmax >= MIN_STEP)
		{
			double		fnew;

			for (i = 0; i < n; i++)
				xn[i] = theta[i] + step * d[i];
			fnew = fn(xn, gn, hn, ctx);
			passes++;
			if (isfinite(fnew) && isfinite(max_abs(n, gn)) && isfinite(max_abs(n * n, hn)) &&
				(fnew <= f || (fnew - f <= 8 * feps * fabs(f) && max_abs(n, gn) < max_abs(n, g))))
			{
				accepted = true;
				memcpy(theta, xn, sizeof(double) * n);
				memcpy(g, gn, sizeof(double) * n);
				memcpy(h, hn, sizeof(double) * n * n);
				f = fnew;
				break;
			}
			step *= 0.5;
		}
		result->iterations++;
		if (!accepted)
		{
			/* no decrease at the objective's precision */
			status = max_abs(n, g) <= sqrt(gtol) ? LTV_OPTIM_CONVERGED :
				(passes >= max_passes ? LTV_OPTIM_MAX_ITER : LTV_OPTIM_LINE_SEARCH);
			break;
		}
		if (step * dmax <= 1e-10 && max_abs(n, g) <= sqrt(gtol))
		{
			status = LTV_OPTIM_CONVERGED;
			break;
		}
		/* a parameter beyond exp(+-18): the fits flag it as a flat likelihood anyway */
		if (max_abs(n, theta) > FLAT_LOG)
		{
			status = LTV_OPTIM_SINGULAR;
			break;
		}
		if (passes >= max_passes)
		{
			status = max_abs(n, g) <= gtol ? LTV_OPTIM_CONVERGED : LTV_OPTIM_MAX_ITER;
			break;
		}
	}
	result->f = f;
	result->grad_max = max_abs(n, g);
	result->status = status;
	return status;
}

bool
ltv_spd_invert(int n, double *a)
{
	double		l[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM];
	double		inv_l[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM];
	int			i,
				j,
				k;

	if (n <= 0 || n > LTV_OPTIM_MAX_DIM)
		return false;
	memset(l, 0, sizeof(l));
	memset(inv_l, 0, sizeof(inv_l));
	for (j = 0; j < n; j++)
	{
		double		diag = a[j * n + j];

		for (k = 0; k < j; k++)
			diag -= l[j * n + k] * l[j * n + k];
		if (!(diag > 0.0) || !isfinite(diag))
			return false;
		l[j * n + j] = sqrt(diag);
		for (i = j + 1; i < n; i++)
		{
			double		v = a[i * n + j];

			for (k = 0; k < j; k++)
				v -= l[i * n + k] * l[j * n + k];
			l[i * n + j] = v / l[j * n + j];
		}
	}
	/* inverse of the lower triangular L by forward substitution */
	for (j = 0; j < n; j++)
	{
		inv_l[j * n + j] = 1.0 / l[j * n + j];
		for (i = j + 1; i < n; i++)
		{
			double		v = 0.0;

			for (k = j; k < i; k++)
				v -= l[i * n + k] * inv_l[k * n + j];
			inv_l[i * n + j] = v / l[i * n + i];
		}
	}
	/* A^-1 = L^-T L^-1 */
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
		{
			double		v = 0.0;

			for (k = (i > j ? i : j); k < n; k++)
				v += inv_l[k * n + i] * inv_l[k * n + j];
			a[i * n + j] = v;
		}
	return true;
}

const char *
ltv_optim_status_name(LtvOptimStatus status)
{
	switch (status)
	{
		case LTV_OPTIM_CONVERGED:
			return "converged";
		case LTV_OPTIM_MAX_ITER:
			return "iteration limit reached";
		case LTV_OPTIM_LINE_SEARCH:
			return "line search failed";
		case LTV_OPTIM_DIVERGED:
			return "diverged";
		case LTV_OPTIM_BAD_START:
			return "objective not finite at the start";
		case LTV_OPTIM_SINGULAR:
			return "the likelihood is flat at the point found (singular information matrix or a parameter at 0 or infinity)";
	}
	return "unknown";
}
