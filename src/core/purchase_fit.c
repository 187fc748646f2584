/*
 * purchase_fit.c: the multi-start maximum-likelihood fit of the purchase
 * models (see purchase_fit.h).
 */
#include "purchase_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fitutil.h"

#define SUBSAMPLE_ABOVE 20000	/* cells; starts run on a subsample above this */
#define SUBSAMPLE_TARGET 10000

static void
table_free(LtvCellTable *d)
{
	const LtvFitOptions *o = d->opts;

	ltv_fit_free(o, d->count);
	ltv_fit_free(o, d->xv);
	ltv_fit_free(o, d->tv);
	ltv_fit_free(o, d->Tv);
	ltv_fit_free(o, d->xi);
	ltv_fit_free(o, d->ti);
	ltv_fit_free(o, d->Ti);
	ltv_fit_free(o, d->pti);
	ltv_fit_free(o, d->pTi);
	ltv_fit_free(o, d->pt_x);
	ltv_fit_free(o, d->pt_t);
	ltv_fit_free(o, d->pT_x);
	ltv_fit_free(o, d->pT_T);
	ltv_fit_free(o, d->scratch);
	memset(d, 0, sizeof(*d));
}

/* distinct (a, b) index pairs: each cell's pair into *pi, the pairs' parts into *pa, *pb */
static size_t
index_pairs(const LtvFitOptions *opts, const uint32_t *a, const uint32_t *b, size_t n, size_t nb,
			uint32_t **pi, uint32_t **pa, uint32_t **pb)
{
	double	   *keys;
	double	   *vals;
	size_t		np,
				i;

	*pi = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	if ((double) nb * (double) n >= 9e15)
	{
		/* keys would not be exact doubles: every cell its own pair */
		*pa = ltv_fit_alloc(opts, n * sizeof(uint32_t));
		*pb = ltv_fit_alloc(opts, n * sizeof(uint32_t));
		for (i = 0; i < n; i++)
		{
			(*pi)[i] = (uint32_t) i;
			(*pa)[i] = a[i];
			(*pb)[i] = b[i];
		}
		return n;
	}
	keys = ltv_fit_alloc(opts, n * sizeof(double));
	for (i = 0; i < n; i++)
		keys[i] = (double) a[i] * (double) nb + (double) b[i];
	np = ltv_index_values(opts, keys, n, *pi, &vals);
	ltv_fit_free(opts, keys);
	*pa = ltv_fit_alloc(opts, np * sizeof(uint32_t));
	*pb = ltv_fit_alloc(opts, np * sizeof(uint32_t));
	for (i = 0; i < np; i++)
	{
		double		q = floor(vals[i] / (double) nb);

		(*pa)[i] = (uint32_t) q;
		(*pb)[i] = (uint32_t) (vals[i] - q * (double) nb);
	}
	ltv_fit_free(opts, vals);
	return np;
}

/* every `stride`-th of the sorted cells (weights scaled to the total) */
static void
table_build(const LtvFitSpec *spec, LtvCellTable *d, const LtvCell *cells, size_t ncells, size_t stride,
			const LtvFitOptions *opts)
{
	size_t		n = (ncells + stride - 1) / stride;
	double	   *tmp = ltv_fit_alloc(opts, n * sizeof(double));
	double		kept = 0.0,
				all = 0.0;
	size_t		i,
				c;

	memset(d, 0, sizeof(*d));
	d->opts = opts;
	d->ncells = n;
	d->xi = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	d->ti = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	d->Ti = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	d->count = ltv_fit_alloc(opts, n * sizeof(double));
	for (c = 0, i = 0; i < ncells; i += stride, c++)
		tmp[c] = cells[i].x;
	d->nx = ltv_index_values(opts, tmp, n, d->xi, &d->xv);
	for (c = 0, i = 0; i < ncells; i += stride, c++)
		tmp[c] = cells[i].t_x;
	d->nt = ltv_index_values(opts, tmp, n, d->ti, &d->tv);
	for (c = 0, i = 0; i < ncells; i += stride, c++)
		tmp[c] = cells[i].T;
	d->nT = ltv_index_values(opts, tmp, n, d->Ti, &d->Tv);
	ltv_fit_free(opts, tmp);
	d->npt = index_pairs(opts, d->xi, d->ti, n, d->nt, &d->pti, &d->pt_x, &d->pt_t);
	d->npT = index_pairs(opts, d->xi, d->Ti, n, d->nT, &d->pTi, &d->pT_x, &d->pT_T);
	for (i = 0; i < ncells; i++)
		all += cells[i].count;
	for (c = 0, i = 0; i < ncells; i += stride, c++)
	{
		d->count[c] = cells[i].count;
		kept += cells[i].count;
	}
	if (stride > 1)
		for (c = 0; c < n; c++)
			d->count[c] *= all / kept;
	d->total = all;
	d->scratch = ltv_fit_alloc(opts, (spec->scratch_doubles(d) + 1) * sizeof(double));
}

typedef struct FitCtx
{
	const LtvFitSpec *spec;
	LtvCellTable *d;
} FitCtx;

static void
theta_to_params(const LtvFitSpec *spec, const double *theta, double *params, double *jac)
{
	int			n = spec->nparams,
				i;

	if (spec->to_params)
	{
		spec->to_params(theta, params, jac);
		return;
	}
	if (jac)
		memset(jac, 0, n * n * sizeof(double));
	for (i = 0; i < n; i++)
	{
		params[i] = exp(theta[i]);
		if (jac)
			jac[i * n + i] = params[i];
	}
}

static void
params_to_theta(const LtvFitSpec *spec, const double *params, double *theta)
{
	int			i;

	if (spec->to_theta)
	{
		spec->to_theta(params, theta);
		return;
	}
	for (i = 0; i < spec->nparams; i++)
		theta[i] = log(params[i]);
}

/* mean negative log-likelihood per customer over theta */
static double
objective(const double *theta, double *grad, void *vctx)
{
	const FitCtx *c = vctx;
	int			n = c->spec->nparams,
				i,
				j;
	double		p[LTV_PM_MAX_PARAMS] = {0},
				g[LTV_PM_MAX_PARAMS],
				jac[LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS];
	double		ll;

	theta_to_params(c->spec, theta, p, grad ? jac : NULL);
	for (i = 0; i < n; i++)
		if (!(p[i] > 0) || !isfinite(p[i]))
		{
			/* outside the domain: no value, and no gradient (defined, for the optimizer) */
			for (j = 0; grad != NULL && j < n; j++)
				grad[j] = NAN;
			return NAN;
		}
	ll = c->spec->loglik(c->d, p, grad ? g : NULL);
	if (grad)
		for (j = 0; j < n; j++)
		{
			double		s = 0.0;

			for (i = 0; i < n; i++)
				s += g[i] * jac[i * n + j];
			grad[j] = -s / c->d->total;
		}
	return -ll / c->d->total;
}

static void
natural_gradient(const double *params, double *grad, void *vctx)
{
	const FitCtx *c = vctx;

	c->spec->loglik(c->d, params, grad);
}

/*
 * Standard errors and covariance from the model's analytic Hessian over all
 * (compressed) cells, summed in chunks between interrupt checks.
 */
#define HESSIAN_CHUNK 4096

static void
hessian_se(const LtvFitSpec *spec, const LtvCell *cells, size_t n, const LtvFitOptions *opts,
		   const double *params, double *se, double *cov)
{
	int			np = spec->nparams,
				k;
	double		hess[LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS] = {0},
				h[LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS];
	size_t		i;

	for (i = 0; i < n; i += HESSIAN_CHUNK)
	{
		size_t		m = n - i < HESSIAN_CHUNK ? n - i : HESSIAN_CHUNK;

		if (i > 0 && opts && opts->check_interrupts)
			opts->check_interrupts();
		if (!isfinite(spec->loglik_hessian(params, cells + i, m, NULL, h)))
		{
			for (k = 0; k < np * np; k++)
				hess[k] = NAN;
			break;
		}
		for (k = 0; k < np * np; k++)
			hess[k] += h[k];
	}
	ltv_standard_errors_hessian(np, hess, se, cov);
}

static int
cmp_cell(const void *pa, const void *pb)
{
	const LtvCell *a = pa;
	const LtvCell *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	return 0;
}

static size_t
compress(LtvCell *cells, size_t ncells)
{
	size_t		i,
				m = 0;

	if (ncells == 0)
		return 0;
	qsort(cells, ncells, sizeof(LtvCell), cmp_cell);
	for (i = 0; i < ncells; i++)
	{
		if (m > 0 && cmp_cell(&cells[m - 1], &cells[i]) == 0)
			cells[m - 1].count += cells[i].count;
		else
			cells[m++] = cells[i];
	}
	return m;
}

static void
set_nan_fit(LtvPurchaseFit *fit)
{
	int			i;

	for (i = 0; i < LTV_PM_MAX_PARAMS; i++)
		fit->params[i] = fit->se[i] = NAN;
	for (i = 0; i < LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS; i++)
		fit->cov[i] = NAN;
	fit->loglik = NAN;
	fit->converged = false;
}

LtvFitStatus
ltv_purchase_fit_run(const LtvFitSpec *spec, const LtvCell *cells, size_t ncells, const LtvFitOptions *opts,
					 LtvPurchaseFit *fit)
{
	int			np = spec->nparams;
	LtvCell    *work = NULL;
	const LtvCell *data;
	size_t		n,
				i;
	LtvCellStats st;
	double		sum_x = 0.0,
				sum_T = 0.0;
	LtvCellTable full,
				sub,
				mid;
	bool		have_sub = false,
				have_mid = false;
	FitCtx		ctx;
	double		best_theta[LTV_PM_MAX_PARAMS];
	double		hinv[LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS],
				best_hinv[LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS];
	double		best_f = INFINITY;
	LtvOptimStatus best_status = LTV_OPTIM_BAD_START;
	LtvOptimResult res;
	LtvFitOptions polish;
	int			s;

	memset(fit, 0, sizeof(*fit));
	set_nan_fit(fit);
	fit->status = LTV_FIT_BAD_INPUT;
	fit->optim_status = LTV_OPTIM_BAD_START;
	for (i = 0; i < ncells; i++)
	{
		if (!spec->cell_valid(cells[i].x, cells[i].t_x, cells[i].T) ||
			!(cells[i].count > 0) || !isfinite(cells[i].count))
			return fit->status;
		fit->n_customers += cells[i].count;
		if (cells[i].x > 0)
			fit->n_repeaters += cells[i].count;
	}
	fit->status = LTV_FIT_UNIDENTIFIED;
	if (fit->n_repeaters == 0)
		return fit->status;

	data = cells;
	n = ncells;
	if (!(opts && opts->presorted))
	{
		work = ltv_fit_alloc(opts, ncells * sizeof(LtvCell));
		memcpy(work, cells, ncells * sizeof(LtvCell));
		n = compress(work, ncells);
		data = work;
	}
	/* statistics in sorted order, so the starts do not depend on the input order */
	for (i = 0; i < n; i++)
	{
		sum_x += data[i].count * data[i].x;
		sum_T += data[i].count * data[i].T;
	}
	st.customers = fit->n_customers;
	st.repeaters = fit->n_repeaters;
	st.mean_x = sum_x / st.customers;
	st.mean_T = sum_T / st.customers;
	st.rate = sum_T > 0 ? sum_x / sum_T : 1.0;
	st.repeat_share = st.repeaters / st.customers;

	table_build(spec, &full, data, n, 1, opts);
	ctx.spec = spec;
	ctx.d = &full;
	if (n > SUBSAMPLE_ABOVE)
	{
		table_build(spec, &sub, data, n, (n + SUBSAMPLE_TARGET - 1) / SUBSAMPLE_TARGET, opts);
		have_sub = true;
		ctx.d = &sub;
		if (n >= 8 * SUBSAMPLE_ABOVE)
		{
			table_build(spec, &mid, data, n, 8, opts);
			have_mid = true;
		}
	}

	for (s = 0; s < spec->nstarts; s++)
	{
		double		p[LTV_PM_MAX_PARAMS],
					theta[LTV_PM_MAX_PARAMS];

		spec->start(s, &st, p);
		params_to_theta(spec, p, theta);
		ltv_bfgs_minimize_h(np, theta, objective, &ctx, opts, NULL, hinv, &res);
		fit->iterations += res.iterations;
		fit->starts++;
		if (res.status != LTV_OPTIM_BAD_START && isfinite(res.f) &&
			(res.f < best_f || (best_status != LTV_OPTIM_CONVERGED && res.status == LTV_OPTIM_CONVERGED &&
								res.f <= best_f + 1e-9)))
		{
			best_f = res.f;
			best_status = res.status;
			memcpy(best_theta, theta, sizeof(best_theta));
			memcpy(best_hinv, hinv, sizeof(best_hinv));
		}
	}
	if (isfinite(best_f) && have_sub)
	{
		if (have_mid)
		{
			ctx.d = &mid;
			ltv_bfgs_minimize_h(np, best_theta, objective, &ctx, opts, best_hinv, hinv, &res);
			fit->iterations += res.iterations;
			memcpy(best_hinv, hinv, sizeof(best_hinv));
		}
		ctx.d = &full;
		ltv_polish_options(opts, n, &polish);
		ltv_bfgs_minimize_h(np, best_theta, objective, &ctx, &polish, best_hinv, NULL, &res);
		fit->iterations += res.iterations;
		best_status = res.status;
		if (!isfinite(res.f))
			best_f = NAN;
	}
	ctx.d = &full;
	fit->optim_status = best_status;
	if (isfinite(best_f))
	{
		double		p[LTV_PM_MAX_PARAMS];

		theta_to_params(spec, best_theta, p, NULL);
		memcpy(fit->params, p, np * sizeof(double));
		fit->loglik = spec->loglik(&full, p, NULL);
		fit->converged = (best_status == LTV_OPTIM_CONVERGED);
		fit->status = fit->converged ? LTV_FIT_OK : LTV_FIT_NOT_CONVERGED;
		if (spec->loglik_hessian)
			hessian_se(spec, data, n, opts, p, fit->se, fit->cov);
		else
			ltv_standard_errors_cov(np, p, natural_gradient, &ctx, fit->se, fit->cov);
		if (fit->converged && ltv_fit_degenerate(np, best_theta, fit->se))
		{
			fit->converged = false;
			fit->status = LTV_FIT_NOT_CONVERGED;
			fit->optim_status = LTV_OPTIM_SINGULAR;
		}
	}
	else
		fit->status = LTV_FIT_NOT_CONVERGED;
	ltv_fit_free(opts, work);
	if (have_sub)
		table_free(&sub);
	if (have_mid)
		table_free(&mid);
	table_free(&full);
	return fit->status;
}
