/*
 * gammagamma.c: Gamma-Gamma spend model (Fader, Hardie & Lee 2005b;
 * Colombo & Jiang 1999).
 *
 * Density of the mean m of x transactions, in log space (the form Python
 * lifetimes' GammaGammaFitter maximizes):
 *
 *   lgamma(p x + q) - lgamma(p x) - lgamma(q) + q log(gamma)
 *     + (p x - 1) log(m) + p x log(x) - (p x + q) log(gamma + x m)
 *
 * The fit optimizes (log p, log(q - 1), log(p gamma / (q - 1))), so q > 1 always.  Its
 * likelihood has a long ridge along which p gamma / (q - 1) is nearly
 * constant; several starts spread across it keep BFGS from stopping early.
 */
#include "gammagamma.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fitutil.h"
#include "special.h"

#define NPARAM 3
#define SUBSAMPLE_ABOVE 20000
#define SUBSAMPLE_TARGET 10000
#define INTERRUPT_EVERY 65536

bool
ltv_gg_cell_valid(double x, double m)
{
	return isfinite(x) && x > 0 && x == floor(x) && x <= LTV_MAX_REPEAT_OCCASIONS && isfinite(m) && m > 0;
}

static bool
params_valid(const LtvGgParams *p)
{
	return p->p > 0 && p->q > 0 && p->gamma > 0 &&
		isfinite(p->p) && isfinite(p->q) && isfinite(p->gamma);
}

static int
cmp_cell(const void *pa, const void *pb)
{
	const LtvGgCell *a = pa;
	const LtvGgCell *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return 0;
}

size_t
ltv_gg_compress(LtvGgCell *cells, size_t ncells)
{
	size_t		i,
				k = 0;

	if (ncells == 0)
		return 0;
	qsort(cells, ncells, sizeof(LtvGgCell), cmp_cell);
	for (i = 0; i < ncells; i++)
	{
		if (k > 0 && cmp_cell(&cells[k - 1], &cells[i]) == 0)
			cells[k - 1].count += cells[i].count;
		else
			cells[k++] = cells[i];
	}
	return k;
}

static double
cell_loglik(const LtvGgParams *p, double x, double m, double *g)
{
	double		px = p->p * x;
	double		lgm = log(p->gamma + x * m);

	if (g)
	{
		double		psi_pxq = ltv_digamma(px + p->q);

		g[0] = x * (psi_pxq - ltv_digamma(px) + log(m) + log(x) - lgm);
		g[1] = psi_pxq - ltv_digamma(p->q) + log(p->gamma) - lgm;
		g[2] = p->q / p->gamma - (px + p->q) / (p->gamma + x * m);
	}
	return lgamma(px + p->q) - lgamma(px) - lgamma(p->q) + p->q * log(p->gamma) +
		(px - 1) * log(m) + px * log(x) - (px + p->q) * lgm;
}

double
ltv_gg_loglik1(const LtvGgParams *p, double x, double m)
{
	if (!params_valid(p) || !ltv_gg_cell_valid(x, m))
		return NAN;
	return cell_loglik(p, x, m, NULL);
}

double
ltv_gg_loglik(const LtvGgParams *p, const LtvGgCell *cells, size_t ncells, double *grad)
{
	double		ll = 0.0;
	double		g[NPARAM];
	size_t		i;
	int			k;

	if (grad)
		memset(grad, 0, sizeof(double) * NPARAM);
	if (!params_valid(p))
		return NAN;
	for (i = 0; i < ncells; i++)
	{
		if (!ltv_gg_cell_valid(cells[i].x, cells[i].m))
			return NAN;
		ll += cells[i].count * cell_loglik(p, cells[i].x, cells[i].m, grad ? g : NULL);
		if (grad)
			for (k = 0; k < NPARAM; k++)
				grad[k] += cells[i].count * g[k];
	}
	return ll;
}

/* compressed data: terms of x alone once per distinct x */
typedef struct GgData
{
	size_t		ncells;
	uint32_t   *xi;
	double	   *xm;				/* x * m */
	double	   *logm;
	double	   *logxm;			/* log(x m) */
	double	   *count;
	double	   *xv;
	size_t		nx;
	double	   *xs;				/* per distinct x: lgamma(px+q)-lgamma(px), psi(px+q), psi(px) */
	double		total;
	double		sum_const;		/* sum count * ((px-1) log m + px log x) needs p: kept per eval */
	const LtvFitOptions *opts;
} GgData;

static void
gg_data_free(GgData *d)
{
	const LtvFitOptions *o = d->opts;

	ltv_fit_free(o, d->xi);
	ltv_fit_free(o, d->xm);
	ltv_fit_free(o, d->logm);
	ltv_fit_free(o, d->logxm);
	ltv_fit_free(o, d->count);
	ltv_fit_free(o, d->xv);
	ltv_fit_free(o, d->xs);
	memset(d, 0, sizeof(*d));
}

static void
gg_data_build(GgData *d, const LtvGgCell *cells, size_t ncells, size_t stride, const LtvFitOptions *opts)
{
	size_t		n = (ncells + stride - 1) / stride;
	double	   *tmp = ltv_fit_alloc(opts, n * sizeof(double));
	double		all = 0.0,
				kept = 0.0;
	size_t		i,
				c;

	memset(d, 0, sizeof(*d));
	d->opts = opts;
	d->ncells = n;
	d->xi = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	d->xm = ltv_fit_alloc(opts, n * sizeof(double));
	d->logm = ltv_fit_alloc(opts, n * sizeof(double));
	d->logxm = ltv_fit_alloc(opts, n * sizeof(double));
	d->count = ltv_fit_alloc(opts, n * sizeof(double));
	for (c = 0, i = 0; i < ncells; i += stride, c++)
		tmp[c] = cells[i].x;
	d->nx = ltv_index_values(opts, tmp, n, d->xi, &d->xv);
	ltv_fit_free(opts, tmp);
	for (i = 0; i < ncells; i++)
		all += cells[i].count;
	for (c = 0, i = 0; i < ncells; i += stride, c++)
	{
		d->xm[c] = cells[i].x * cells[i].m;
		d->logm[c] = log(cells[i].m);
		d->logxm[c] = log(cells[i].x) + d->logm[c];
		d->count[c] = cells[i].count;
		kept += cells[i].count;
	}
	if (stride > 1)
		for (c = 0; c < n; c++)
			d->count[c] *= all / kept;
	d->total = all;
	d->xs = ltv_fit_alloc(opts, d->nx * 4 * sizeof(double));
}

static double
gg_data_loglik(const GgData *d, const LtvGgParams *p, double *grad)
{
	double		ll = 0.0,
				g0 = 0.0,
				g1 = 0.0,
				g2 = 0.0;
	double		lgq,
				lgam;
	size_t		i;

	if (!params_valid(p))
	{
		/* no gradient either (the optimizer reads it): exp(theta) left the domain */
		if (grad)
		{
			int			k;

			for (k = 0; k < NPARAM; k++)
				grad[k] = NAN;
		}
		return NAN;
	}
	for (i = 0; i < d->nx; i++)
	{
		double		px = p->p * d->xv[i];
		double	   *s = d->xs + 4 * i;

		s[0] = lgamma(px + p->q) - lgamma(px);
		s[3] = log(d->xv[i]);
		if (grad)
		{
			s[1] = ltv_digamma(px + p->q);
			s[2] = ltv_digamma(px);
		}
	}
	lgq = lgamma(p->q);
	lgam = log(p->gamma);
	for (i = 0; i < d->ncells; i++)
	{
		const double *s = d->xs + 4 * d->xi[i];
		double		x = d->xv[d->xi[i]];
		double		px = p->p * x;
		double		w = d->count[i];
		/* log(gamma + x m) = log(x m) + l1: keeps the big terms from cancelling */
		double		l1 = log(1.0 + p->gamma / d->xm[i]);
		double		lgm = d->logxm[i] + l1;

		if ((i & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
			d->opts->check_interrupts();
		ll += w * (s[0] - p->q * lgm - px * l1 - d->logm[i]);
		if (grad)
		{
			g0 += w * x * (s[1] - s[2] - l1);
			g1 += w * (s[1] - lgm);
			g2 -= w * (px + p->q) / (p->gamma + d->xm[i]);
		}
	}
	ll += d->total * (-lgq + p->q * lgam);
	if (grad)
	{
		grad[0] = g0;
		grad[1] = g1 + d->total * (-ltv_digamma(p->q) + lgam);
		grad[2] = g2 + d->total * p->q / p->gamma;
	}
	return ll;
}

/*
 * theta = (log p, log(q - 1), log mu) with mu = p gamma / (q - 1), the
 * population mean spend: the likelihood's ridge runs along constant mu, so
 * this makes it nearly axis-aligned for BFGS.
 */
static void
theta_to_params(const double *theta, LtvGgParams *p)
{
	p->p = exp(theta[0]);
	p->q = 1.0 + exp(theta[1]);
	p->gamma = exp(theta[2] + theta[1] - theta[0]);
}

static double
gg_objective(const double *theta, double *grad, void *ctx)
{
	const GgData *d = ctx;
	LtvGgParams p;
	double		g[NPARAM];
	double		ll;

	theta_to_params(theta, &p);
	ll = gg_data_loglik(d, &p, grad ? g : NULL);
	if (grad)
	{
		grad[0] = -(g[0] * p.p - g[2] * p.gamma) / d->total;
		grad[1] = -(g[1] * (p.q - 1.0) + g[2] * p.gamma) / d->total;
		grad[2] = -g[2] * p.gamma / d->total;
	}
	return -ll / d->total;
}

static void
gg_gradient(const double *params, double *grad, void *ctx)
{
	LtvGgParams p = {params[0], params[1], params[2]};

	gg_data_loglik(ctx, &p, grad);
}

LtvFitStatus
ltv_gg_fit(const LtvGgCell *cells, size_t ncells, const LtvFitOptions *opts, LtvGgFit *fit)
{
	/* starts: (p, q); gamma is set so that the population mean spend p gamma/(q-1) is the sample mean */
	static const double starts[][2] = {{1.0, 2.0}, {5.0, 4.0}, {0.5, 10.0}, {20.0, 1.5}, {2.0, 30.0}};
	int			nstarts = (int) (sizeof(starts) / sizeof(starts[0]));
	LtvGgCell  *work;
	const LtvGgCell *data;
	size_t		n,
				i;
	double		sum_m = 0.0,
				mean_m;
	GgData		full,
				sub,
				mid;
	bool		have_mid = false;
	GgData	   *search;
	double		best_theta[NPARAM];
	double		hinv[NPARAM * NPARAM],
				best_hinv[NPARAM * NPARAM];
	double		best_f = INFINITY;
	LtvOptimStatus best_status = LTV_OPTIM_BAD_START;
	LtvOptimResult res;
	LtvFitOptions polish;
	int			s,
				k;
	double		natural[NPARAM];

	memset(fit, 0, sizeof(*fit));
	fit->params.p = fit->params.q = fit->params.gamma = NAN;
	for (k = 0; k < NPARAM; k++)
		fit->se[k] = NAN;
	for (k = 0; k < NPARAM * NPARAM; k++)
		fit->cov[k] = NAN;
	fit->loglik = NAN;
	fit->status = LTV_FIT_BAD_INPUT;
	fit->optim_status = LTV_OPTIM_BAD_START;
	for (i = 0; i < ncells; i++)
	{
		if (!ltv_gg_cell_valid(cells[i].x, cells[i].m) || !(cells[i].count > 0) || !isfinite(cells[i].count))
			return fit->status;
		fit->n_customers += cells[i].count;
	}
	fit->status = LTV_FIT_UNIDENTIFIED;
	if (fit->n_customers < 2)
		return fit->status;
	/* presorted cells are used as they are; others are sorted and merged in a copy */
	work = NULL;
	data = cells;
	n = ncells;
	if (!(opts && opts->presorted))
	{
		work = ltv_fit_alloc(opts, ncells * sizeof(LtvGgCell));
		memcpy(work, cells, ncells * sizeof(LtvGgCell));
		n = ltv_gg_compress(work, ncells);
		data = work;
	}
	/* in sorted order, so that the starts do not depend on the input order */
	for (i = 0; i < n; i++)
		sum_m += data[i].count * data[i].m;
	mean_m = sum_m / fit->n_customers;
	if (n < 2)
	{
		/* every repeat customer spent the same: no spend heterogeneity to fit */
		ltv_fit_free(opts, work);
		return fit->status;
	}
	gg_data_build(&full, data, n, 1, opts);
	search = &full;
	if (n > SUBSAMPLE_ABOVE)
	{
		gg_data_build(&sub, data, n, (n + SUBSAMPLE_TARGET - 1) / SUBSAMPLE_TARGET, opts);
		search = &sub;
		/* an intermediate 1-in-8 sample brings the polish within a few steps */
		if (n >= 8 * SUBSAMPLE_ABOVE)
		{
			gg_data_build(&mid, data, n, 8, opts);
			have_mid = true;
		}
	}
	ltv_fit_free(opts, work);

	for (s = 0; s < nstarts; s++)
	{
		double		theta[NPARAM];

		theta[0] = log(starts[s][0]);
		theta[1] = log(starts[s][1] - 1.0);
		theta[2] = log(mean_m);
		ltv_bfgs_minimize_h(NPARAM, theta, gg_objective, search, opts, NULL, hinv, &res);
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
	if (isfinite(best_f) && search != &full)
	{
		if (have_mid)
		{
			ltv_bfgs_minimize_h(NPARAM, best_theta, gg_objective, &mid, opts, best_hinv, hinv, &res);
			fit->iterations += res.iterations;
			memcpy(best_hinv, hinv, sizeof(best_hinv));
		}
		ltv_polish_options(opts, n, &polish);
		ltv_bfgs_minimize_h(NPARAM, best_theta, gg_objective, &full, &polish, best_hinv, NULL, &res);
		fit->iterations += res.iterations;
		best_status = res.status;
	}
	fit->optim_status = best_status;
	if (isfinite(best_f))
	{
		theta_to_params(best_theta, &fit->params);
		fit->loglik = gg_data_loglik(&full, &fit->params, NULL);
		fit->converged = (best_status == LTV_OPTIM_CONVERGED);
		fit->status = fit->converged ? LTV_FIT_OK : LTV_FIT_NOT_CONVERGED;
		natural[0] = fit->params.p;
		natural[1] = fit->params.q;
		natural[2] = fit->params.gamma;
		ltv_standard_errors_cov(NPARAM, natural, gg_gradient, &full, fit->se, fit->cov);
		if (fit->converged && ltv_fit_degenerate(NPARAM, best_theta, fit->se))
		{
			fit->converged = false;
			fit->status = LTV_FIT_NOT_CONVERGED;
			fit->optim_status = LTV_OPTIM_SINGULAR;
		}
	}
	/*
	 * No finite point, or the best one left the domain (a parameter 0 or
	 * infinite, q <= 1): nothing to report (a "not converged" model carries
	 * positive finite parameters with q > 1)
	 */
	if (!isfinite(best_f) || !params_valid(&fit->params) || !(fit->params.q > 1) || !isfinite(fit->loglik))
	{
		fit->params.p = fit->params.q = fit->params.gamma = NAN;
		for (k = 0; k < NPARAM; k++)
			fit->se[k] = NAN;
		fit->loglik = NAN;
		fit->converged = false;
		fit->status = LTV_FIT_UNIDENTIFIED;
		fit->optim_status = LTV_OPTIM_DIVERGED;
	}
	if (search != &full)
		gg_data_free(&sub);
	if (have_mid)
		gg_data_free(&mid);
	gg_data_free(&full);
	return fit->status;
}

double
ltv_gg_expected_spend(const LtvGgParams *p, double x, double m)
{
	if (!params_valid(p) || !(p->q > 1) || !isfinite(x) || x < 0 || x != floor(x))
		return NAN;
	if (x == 0)
		return p->p * p->gamma / (p->q - 1);
	if (!isfinite(m))
		return NAN;
	/* no positive spend observed: no information for Gamma-Gamma, as x = 0 */
	if (!(m > 0))
		return p->p * p->gamma / (p->q - 1);
	{
		/*
		 * p (gamma + x m) / (p x + q - 1) as the weighted mean of m and the
		 * population mean, so a large x m does not overflow to Infinity
		 */
		double		d = p->p * x + p->q - 1;

		return m * (p->p * x / d) + p->p * p->gamma / d;
	}
}
