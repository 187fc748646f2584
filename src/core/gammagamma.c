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

/*
 * Compressed data, grouped by x (a stable counting sort of the canonical
 * order): the terms of x alone are computed once per distinct x, per cell
 * one log1p (and one division for the derivatives).
 */
typedef struct GgData
{
	size_t		ncells;
	double	   *xm;				/* x * m */
	double	   *inv_xm;			/* 1 / (x m) */
	double	   *count;
	size_t	   *xrun;			/* cells of the k-th distinct x: xrun[k] .. xrun[k+1]-1 */
	double	   *xv;
	double	   *slogxm;			/* per distinct x: sum of count * log(x m) */
	size_t		nx;
	double		total;
	double		sum_logm;		/* sum of count * log m */
	LtvEvalMemo *memo;			/* the full data's Newton passes, or NULL */
	const LtvFitOptions *opts;
} GgData;

static void
gg_data_free(GgData *d)
{
	const LtvFitOptions *o = d->opts;

	ltv_fit_free(o, d->xm);
	ltv_fit_free(o, d->inv_xm);
	ltv_fit_free(o, d->count);
	ltv_fit_free(o, d->xrun);
	ltv_fit_free(o, d->xv);
	ltv_fit_free(o, d->slogxm);
	ltv_fit_free(o, d->memo);
	memset(d, 0, sizeof(*d));
}

static void
gg_data_build(GgData *d, const LtvGgCell *cells, size_t ncells, size_t stride, const LtvFitOptions *opts)
{
	size_t		n = (ncells + stride - 1) / stride;
	double	   *tmp = ltv_fit_alloc(opts, n * sizeof(double));
	uint32_t   *xi = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	size_t	   *next;
	double		all = 0.0,
				kept = 0.0,
				scale;
	size_t		i,
				c,
				k;

	memset(d, 0, sizeof(*d));
	d->opts = opts;
	d->ncells = n;
	for (c = 0, i = 0; i < ncells; i += stride, c++)
		tmp[c] = cells[i].x;
	d->nx = ltv_index_values(opts, tmp, n, xi, &d->xv);
	ltv_fit_free(opts, tmp);
	for (i = 0; i < ncells; i++)
		all += cells[i].count;
	for (i = 0; i < ncells; i += stride)
		kept += cells[i].count;
	scale = stride > 1 ? all / kept : 1.0;
	d->total = all;
	d->xrun = ltv_fit_alloc(opts, (d->nx + 1) * sizeof(size_t));
	memset(d->xrun, 0, (d->nx + 1) * sizeof(size_t));
	for (c = 0; c < n; c++)
		d->xrun[xi[c] + 1]++;
	for (k = 0; k < d->nx; k++)
		d->xrun[k + 1] += d->xrun[k];
	d->xm = ltv_fit_alloc(opts, n * sizeof(double));
	d->inv_xm = ltv_fit_alloc(opts, n * sizeof(double));
	d->count = ltv_fit_alloc(opts, n * sizeof(double));
	d->slogxm = ltv_fit_alloc(opts, d->nx * sizeof(double));
	memset(d->slogxm, 0, d->nx * sizeof(double));
	next = ltv_fit_alloc(opts, (d->nx + 1) * sizeof(size_t));
	memcpy(next, d->xrun, (d->nx + 1) * sizeof(size_t));
	for (c = 0, i = 0; c < n; i += stride, c++)
	{
		size_t		at = next[xi[c]]++;
		double		w = cells[i].count * scale;

		d->xm[at] = cells[i].x * cells[i].m;
		d->inv_xm[at] = 1.0 / d->xm[at];
		d->count[at] = w;
		d->slogxm[xi[c]] += w * (log(cells[i].x) + log(cells[i].m));
		d->sum_logm += w * log(cells[i].m);
	}
	ltv_fit_free(opts, next);
	ltv_fit_free(opts, xi);
}

/*
 * Log-likelihood and, when grad (3) / hess (3 x 3) are not NULL, its gradient
 * and Hessian with respect to (p, q, gamma).  Per cell, with D = gamma + x m,
 * l1 = log(D / (x m)) = log1p(gamma / (x m)):
 *   ll = lgamma(px+q) - lgamma(px) - lgamma(q) + q log gamma - log m - q log D - px l1
 * (log D = log(x m) + l1 keeps the large terms from cancelling);
 *   d/dp = x (psi(px+q) - psi(px) - l1), d/dq = psi(px+q) - psi(q) + log gamma - log D,
 *   d/dgamma = q/gamma - (px+q)/D;
 *   d2/dp2 = x^2 (psi'(px+q) - psi'(px)), d2/dp dq = x psi'(px+q), d2/dp dgamma = -x/D,
 *   d2/dq2 = psi'(px+q) - psi'(q), d2/dq dgamma = x m / (gamma D),
 *   d2/dgamma2 = -q/gamma^2 + (px+q)/D^2.
 */
static double
gg_data_eval(const GgData *d, const LtvGgParams *p, double *grad, double *hess)
{
	double		pp = p->p,
				q = p->q,
				gam = p->gamma;
	double		ll = 0.0,
				G[NPARAM] = {0, 0, 0},
				H[NPARAM * NPARAM];
	double		lgq,
				lgam,
				psi_q = 0,
				tri_q = 0;
	bool		want_h = hess != NULL;
	bool		want_g = grad != NULL || want_h;
	size_t		k;

	memset(H, 0, sizeof(H));
	if (!params_valid(p))
	{
		/* no gradient either (the optimizer reads it): exp(theta) left the domain */
		for (k = 0; k < NPARAM; k++)
		{
			if (grad)
				grad[k] = NAN;
			if (hess)
				hess[k] = hess[k + 3] = hess[k + 6] = NAN;
		}
		return NAN;
	}
	lgq = lgamma(q);
	lgam = log(gam);
	if (want_g)
		psi_q = ltv_digamma(q);
	if (want_h)
		tri_q = ltv_trigamma(q);
	for (k = 0; k < d->nx; k++)
	{
		double		x = d->xv[k];
		double		px = pp * x;
		double		sw = 0,
					sl1 = 0,	/* w l1 */
					siD = 0,	/* w / D */
					siD2 = 0,	/* w / D^2 */
					sxm = 0;	/* w x m / D */
		size_t		c;

		for (c = d->xrun[k]; c < d->xrun[k + 1]; c++)
		{
			double		w = d->count[c];

			if ((c & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
				d->opts->check_interrupts();
			sw += w;
			sl1 += w * log1p(gam * d->inv_xm[c]);
			if (want_g)
			{
				double		iD = 1.0 / (gam + d->xm[c]);

				siD += w * iD;
				if (want_h)
				{
					siD2 += w * iD * iD;
					sxm += w * d->xm[c] * iD;
				}
			}
		}
		/* sum of w log D = slogxm + sl1 */
		ll += sw * (lgamma(px + q) - lgamma(px)) - q * (d->slogxm[k] + sl1) - px * sl1;
		if (want_g)
		{
			double		psi_pxq = ltv_digamma(px + q),
						psi_px = ltv_digamma(px);

			G[0] += x * ((psi_pxq - psi_px) * sw - sl1);
			G[1] += (psi_pxq - psi_q + lgam) * sw - (d->slogxm[k] + sl1);
			G[2] -= (px + q) * siD;
			if (want_h)
			{
				double		tri_pxq = ltv_trigamma(px + q),
							tri_px = ltv_trigamma(px);

				H[0] += x * x * (tri_pxq - tri_px) * sw;
				H[1] += x * tri_pxq * sw;
				H[2] -= x * siD;
				H[4] += (tri_pxq - tri_q) * sw;
				H[5] += sxm / gam;
				H[8] += (px + q) * siD2;
			}
		}
	}
	ll += d->total * (-lgq + q * lgam) - d->sum_logm;
	if (want_g)
	{
		G[2] += d->total * q / gam;
		if (grad)
			memcpy(grad, G, sizeof(G));
	}
	if (want_h)
	{
		H[8] -= d->total * q / (gam * gam);
		H[3] = H[1];
		H[6] = H[2];
		H[7] = H[5];
		memcpy(hess, H, sizeof(H));
	}
	return ll;
}

static double
gg_data_loglik(const GgData *d, const LtvGgParams *p, double *grad)
{
	return gg_data_eval(d, p, grad, NULL);
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

/* the same with the Hessian over theta, for the Newton polish */
static double
gg_objective_h(const double *theta, double *grad, double *hess, void *ctx)
{
	const GgData *d = ctx;
	LtvGgParams p;
	double		g[NPARAM],
				h[NPARAM * NPARAM];
	/* J = d(p, q, gamma)/d theta (rows p, q, gamma); s = d log gamma / d theta */
	double		J[NPARAM * NPARAM];
	static const double sv[NPARAM] = {-1.0, 1.0, 1.0};
	double		ll;
	int			i,
				j,
				k,
				l;

	theta_to_params(theta, &p);
	ll = gg_data_eval(d, &p, g, h);
	if (d->memo)
	{
		double		v[NPARAM] = {p.p, p.q, p.gamma};

		ltv_eval_memo_put(d->memo, NPARAM, v, ll, h);
	}
	memset(J, 0, sizeof(J));
	J[0] = p.p;
	J[4] = p.q - 1.0;
	J[6] = -p.gamma;
	J[7] = p.gamma;
	J[8] = p.gamma;
	for (i = 0; i < NPARAM; i++)
	{
		double		gi = 0.0;

		for (k = 0; k < NPARAM; k++)
			gi += J[k * NPARAM + i] * g[k];
		if (grad)
			grad[i] = -gi / d->total;
		if (hess)
			for (j = 0; j < NPARAM; j++)
			{
				double		hij = 0.0;

				for (k = 0; k < NPARAM; k++)
					for (l = 0; l < NPARAM; l++)
						hij += J[k * NPARAM + i] * h[k * NPARAM + l] * J[l * NPARAM + j];
				/* second derivatives of the map: p = e^t0, q = 1 + e^t1, gamma = e^(t2 + t1 - t0) */
				if (i == j && i == 0)
					hij += g[0] * p.p;
				if (i == j && i == 1)
					hij += g[1] * (p.q - 1.0);
				hij += g[2] * p.gamma * sv[i] * sv[j];
				hess[i * NPARAM + j] = -hij / d->total;
			}
	}
	return -ll / d->total;
}

double
ltv_gg_loglik_hessian(const LtvGgParams *p, const LtvGgCell *cells, size_t ncells, double *grad, double *hess)
{
	GgData		data;
	double		ll;
	size_t		i;

	if (!params_valid(p))
		return NAN;
	for (i = 0; i < ncells; i++)
		if (!ltv_gg_cell_valid(cells[i].x, cells[i].m) || !(cells[i].count > 0) || !isfinite(cells[i].count))
			return NAN;
	if (ncells == 0)
	{
		if (grad)
			memset(grad, 0, sizeof(double) * NPARAM);
		if (hess)
			memset(hess, 0, sizeof(double) * NPARAM * NPARAM);
		return 0.0;
	}
	gg_data_build(&data, cells, ncells, 1, NULL);
	ll = gg_data_eval(&data, p, grad, hess);
	gg_data_free(&data);
	return ll;
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
				sub;
	GgData	   *search;
	double		best_theta[NPARAM];
	double		hess[NPARAM * NPARAM];
	double		best_f = INFINITY;
	LtvOptimStatus best_status = LTV_OPTIM_BAD_START;
	LtvOptimResult res;
	LtvFitOptions polish;
	int			s,
				k;

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
	}
	ltv_fit_free(opts, work);

	for (s = 0; s < nstarts; s++)
	{
		double		theta[NPARAM];

		theta[0] = log(starts[s][0]);
		theta[1] = log(starts[s][1] - 1.0);
		theta[2] = log(mean_m);
		ltv_bfgs_minimize(NPARAM, theta, gg_objective, search, opts, &res);
		fit->iterations += res.iterations;
		fit->starts++;
		if (res.status != LTV_OPTIM_BAD_START && isfinite(res.f) &&
			(res.f < best_f || (best_status != LTV_OPTIM_CONVERGED && res.status == LTV_OPTIM_CONVERGED &&
								res.f <= best_f + 1e-9)))
		{
			best_f = res.f;
			best_status = res.status;
			memcpy(best_theta, theta, sizeof(best_theta));
		}
	}
	if (isfinite(best_f))
	{
		/* Newton on all the data from the best start */
		ltv_polish_options(opts, n, &polish);
		polish.gtol = opts && opts->gtol > 0 ? opts->gtol : 0;
		full.memo = ltv_fit_alloc(opts, sizeof(LtvEvalMemo));
		if (full.memo)
			ltv_eval_memo_init(full.memo);
		ltv_newton_minimize(NPARAM, best_theta, gg_objective_h, &full, &polish, 0, &res);
		fit->iterations += res.iterations;
		if (res.status != LTV_OPTIM_BAD_START)
			best_status = res.status;
	}
	fit->optim_status = best_status;
	if (isfinite(best_f))
	{
		double		natural[NPARAM];

		theta_to_params(best_theta, &fit->params);
		natural[0] = fit->params.p;
		natural[1] = fit->params.q;
		natural[2] = fit->params.gamma;
		/* log-likelihood and observed information at the point found: the polish's last pass there */
		if (!full.memo || !ltv_eval_memo_get(full.memo, NPARAM, natural, &fit->loglik, hess))
			fit->loglik = gg_data_eval(&full, &fit->params, NULL, hess);
		fit->converged = (best_status == LTV_OPTIM_CONVERGED);
		fit->status = fit->converged ? LTV_FIT_OK : LTV_FIT_NOT_CONVERGED;
		ltv_standard_errors_hessian(NPARAM, hess, fit->se, fit->cov);
		if (fit->converged && ltv_fit_degenerate_se(NPARAM, best_theta, natural, fit->se))
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
