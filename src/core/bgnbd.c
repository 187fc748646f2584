/*
 * bgnbd.c: BG/NBD likelihood, fit and predictions (Fader, Hardie & Lee 2005).
 *
 * Log-likelihood of one customer (FHL 2005, eq. 6, in log space):
 *
 *   lgamma(r + x) - lgamma(r) + r log(alpha) - lbeta(a, b)
 *     + log( B(a, b + x) (alpha + T)^-(r+x)
 *            + [x > 0] B(a + 1, b + x - 1) (alpha + t_x)^-(r+x) )
 *
 * The fit evaluates the terms that depend on x only once per distinct x, and
 * the logarithms of alpha + T and alpha + t_x once per distinct T and t_x, so
 * an evaluation costs one exp and one log per distinct (x, t_x, T).
 */
#include "bgnbd.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fitutil.h"
#include "purchase_model.h"
#include "special.h"

#define NPARAM 4
#define SUBSAMPLE_ABOVE 20000	/* cells; starts run on a subsample above this */
#define SUBSAMPLE_TARGET 10000
#define INTERRUPT_EVERY 65536

bool
ltv_bgnbd_cell_valid(double x, double t_x, double T)
{
	return isfinite(x) && isfinite(t_x) && isfinite(T) &&
		x >= 0 && x == floor(x) && x <= LTV_MAX_REPEAT_OCCASIONS &&
		t_x >= 0 && T >= t_x && (x > 0 || t_x == 0);
}

static int
cmp_cell(const void *pa, const void *pb)
{
	const LtvBgnbdCell *a = pa;
	const LtvBgnbdCell *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	return 0;
}

size_t
ltv_bgnbd_compress(LtvBgnbdCell *cells, size_t ncells)
{
	size_t		i,
				m = 0;

	if (ncells == 0)
		return 0;
	qsort(cells, ncells, sizeof(LtvBgnbdCell), cmp_cell);
	for (i = 0; i < ncells; i++)
	{
		if (m > 0 && cmp_cell(&cells[m - 1], &cells[i]) == 0)
			cells[m - 1].count += cells[i].count;
		else
			cells[m++] = cells[i];
	}
	return m;
}

static bool
params_valid(const LtvBgnbdParams *p)
{
	return p->r > 0 && p->alpha > 0 && p->a > 0 && p->b > 0 &&
		isfinite(p->r) && isfinite(p->alpha) && isfinite(p->a) && isfinite(p->b);
}

/* ---- the slow, direct form (one customer at a time) ---- */

static double
cell_loglik(const LtvBgnbdParams *p, double x, double t_x, double T, double *g)
{
	double		r = p->r,
				al = p->alpha,
				a = p->a,
				b = p->b;
	double		lT = log(al + T),
				lt = log(al + t_x);
	double		A1 = ltv_lbeta(a, b + x) - (r + x) * lT;
	double		A2 = x > 0 ? ltv_lbeta(a + 1, b + x - 1) - (r + x) * lt : -INFINITY;
	double		ls = ltv_logaddexp(A1, A2);
	double		pi1 = exp(A1 - ls),
				pi2 = x > 0 ? exp(A2 - ls) : 0.0;

	if (g)
	{
		double		psi_abx = ltv_digamma(a + b + x);

		g[0] = ltv_digamma(r + x) - ltv_digamma(r) + log(al) - pi1 * lT - pi2 * lt;
		g[1] = r / al - (r + x) * (pi1 / (al + T) + pi2 / (al + t_x));
		g[2] = -(ltv_digamma(a) - ltv_digamma(a + b)) + pi1 * (ltv_digamma(a) - psi_abx)
			+ (x > 0 ? pi2 * (ltv_digamma(a + 1) - psi_abx) : 0.0);
		g[3] = -(ltv_digamma(b) - ltv_digamma(a + b)) + pi1 * (ltv_digamma(b + x) - psi_abx)
			+ (x > 0 ? pi2 * (ltv_digamma(b + x - 1) - psi_abx) : 0.0);
	}
	return lgamma(r + x) - lgamma(r) + r * log(al) - ltv_lbeta(a, b) + ls;
}

double
ltv_bgnbd_loglik1(const LtvBgnbdParams *p, double x, double t_x, double T)
{
	if (!params_valid(p) || !ltv_bgnbd_cell_valid(x, t_x, T))
		return NAN;
	return cell_loglik(p, x, t_x, T, NULL);
}

double
ltv_bgnbd_loglik(const LtvBgnbdParams *p, const LtvBgnbdCell *cells, size_t ncells, double *grad)
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
		if (!ltv_bgnbd_cell_valid(cells[i].x, cells[i].t_x, cells[i].T))
			return NAN;
		ll += cells[i].count * cell_loglik(p, cells[i].x, cells[i].t_x, cells[i].T, grad ? g : NULL);
		if (grad)
			for (k = 0; k < NPARAM; k++)
				grad[k] += cells[i].count * g[k];
	}
	return ll;
}

/* ---- the fast form over compressed cells ---- */

typedef struct BgData
{
	size_t		ncells;
	uint32_t   *xi,
			   *ti,
			   *Ti;				/* per cell: indexes into the value tables */
	double	   *count;
	double	   *xv,
			   *tv,
			   *Tv;				/* distinct x, t_x, T */
	size_t		nx,
				nt,
				nT;
	double	   *xs,
			   *ts,
			   *Ts;				/* per-evaluation scratch */
	double		total;			/* sum of counts */
	const LtvFitOptions *opts;
} BgData;

static void
bg_data_free(BgData *d)
{
	const LtvFitOptions *o = d->opts;

	ltv_fit_free(o, d->xi);
	ltv_fit_free(o, d->ti);
	ltv_fit_free(o, d->Ti);
	ltv_fit_free(o, d->count);
	ltv_fit_free(o, d->xv);
	ltv_fit_free(o, d->tv);
	ltv_fit_free(o, d->Tv);
	ltv_fit_free(o, d->xs);
	ltv_fit_free(o, d->ts);
	ltv_fit_free(o, d->Ts);
	memset(d, 0, sizeof(*d));
}

/* cells sorted by x; every `stride`-th cell when stride > 1 (weights scaled) */
static void
bg_data_build(BgData *d, const LtvBgnbdCell *cells, size_t ncells, size_t stride,
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
	d->xs = ltv_fit_alloc(opts, d->nx * 7 * sizeof(double));
	d->ts = ltv_fit_alloc(opts, d->nt * 2 * sizeof(double));
	d->Ts = ltv_fit_alloc(opts, d->nT * 2 * sizeof(double));
}

static double
bg_data_loglik(const BgData *d, const LtvBgnbdParams *p, double *grad)
{
	double		r = p->r,
				al = p->alpha,
				a = p->a,
				b = p->b;
	double		ll = 0.0,
				g0 = 0.0,
				g1 = 0.0,
				g2 = 0.0,
				g3 = 0.0;
	double		psi_a = 0,
				psi_b = 0,
				psi_ab = 0,
				psi_a1 = 0,
				psi_r = 0;
	double		base;
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
		double		x = d->xv[i];
		double	   *s = d->xs + 7 * i;

		s[0] = lgamma(r + x);
		s[1] = ltv_lbeta(a, b + x);
		s[2] = x > 0 ? ltv_lbeta(a + 1, b + x - 1) : -INFINITY;
		if (grad)
		{
			s[3] = ltv_digamma(r + x);
			s[4] = ltv_digamma(a + b + x);
			s[5] = ltv_digamma(b + x);
			s[6] = x > 0 ? ltv_digamma(b + x - 1) : 0.0;
		}
	}
	for (i = 0; i < d->nt; i++)
	{
		d->ts[2 * i] = log(al + d->tv[i]);
		d->ts[2 * i + 1] = 1.0 / (al + d->tv[i]);
	}
	for (i = 0; i < d->nT; i++)
	{
		d->Ts[2 * i] = log(al + d->Tv[i]);
		d->Ts[2 * i + 1] = 1.0 / (al + d->Tv[i]);
	}
	if (grad)
	{
		psi_a = ltv_digamma(a);
		psi_b = ltv_digamma(b);
		psi_ab = ltv_digamma(a + b);
		psi_a1 = ltv_digamma(a + 1);
		psi_r = ltv_digamma(r);
	}
	base = -lgamma(r) + r * log(al) - ltv_lbeta(a, b);

	for (i = 0; i < d->ncells; i++)
	{
		const double *s = d->xs + 7 * d->xi[i];
		double		x = d->xv[d->xi[i]];
		double		w = d->count[i];
		double		lT = d->Ts[2 * d->Ti[i]];
		double		A1 = s[1] - (r + x) * lT;
		double		ls,
					pi1,
					pi2;

		if ((i & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
			d->opts->check_interrupts();
		if (x > 0)
		{
			double		lt = d->ts[2 * d->ti[i]];
			double		A2 = s[2] - (r + x) * lt;
			double		e;

			if (A1 >= A2)
			{
				e = exp(A2 - A1);
				ls = A1 + log(1.0 + e);
				pi1 = 1.0 / (1.0 + e);
				pi2 = e * pi1;
			}
			else
			{
				e = exp(A1 - A2);
				ls = A2 + log(1.0 + e);
				pi2 = 1.0 / (1.0 + e);
				pi1 = e * pi2;
			}
			if (grad)
			{
				double		it = d->ts[2 * d->ti[i] + 1];
				double		iT = d->Ts[2 * d->Ti[i] + 1];

				g0 += w * (s[3] - pi1 * lT - pi2 * lt);
				g1 -= w * (r + x) * (pi1 * iT + pi2 * it);
				g2 += w * (pi1 * (psi_a - s[4]) + pi2 * (psi_a1 - s[4]));
				g3 += w * (pi1 * (s[5] - s[4]) + pi2 * (s[6] - s[4]));
			}
		}
		else
		{
			ls = A1;
			if (grad)
			{
				g0 += w * (s[3] - lT);
				g1 -= w * r * d->Ts[2 * d->Ti[i] + 1];
				g2 += w * (psi_a - s[4]);
				g3 += w * (s[5] - s[4]);
			}
		}
		ll += w * (s[0] + ls);
	}
	ll += d->total * base;
	if (grad)
	{
		grad[0] = g0 + d->total * (-psi_r + log(al));
		grad[1] = g1 + d->total * r / al;
		grad[2] = g2 - d->total * (psi_a - psi_ab);
		grad[3] = g3 - d->total * (psi_b - psi_ab);
	}
	return ll;
}

static void
theta_to_params(const double *theta, LtvBgnbdParams *p)
{
	p->r = exp(theta[0]);
	p->alpha = exp(theta[1]);
	p->a = exp(theta[2]);
	p->b = exp(theta[3]);
}

/* mean negative log-likelihood per customer over log-parameters */
static double
bg_objective(const double *theta, double *grad, void *ctx)
{
	const BgData *d = ctx;
	LtvBgnbdParams p;
	double		g[NPARAM];
	double		ll;

	theta_to_params(theta, &p);
	ll = bg_data_loglik(d, &p, grad ? g : NULL);
	if (grad)
	{
		grad[0] = -g[0] * p.r / d->total;
		grad[1] = -g[1] * p.alpha / d->total;
		grad[2] = -g[2] * p.a / d->total;
		grad[3] = -g[3] * p.b / d->total;
	}
	return -ll / d->total;
}

static void
bg_gradient(const double *params, double *grad, void *ctx)
{
	LtvBgnbdParams p = {params[0], params[1], params[2], params[3]};

	bg_data_loglik(ctx, &p, grad);
}

static void
set_nan_fit(LtvBgnbdFit *fit)
{
	int			i;

	fit->params.r = fit->params.alpha = fit->params.a = fit->params.b = NAN;
	for (i = 0; i < NPARAM; i++)
		fit->se[i] = NAN;
	for (i = 0; i < NPARAM * NPARAM; i++)
		fit->cov[i] = NAN;
	fit->loglik = NAN;
	fit->converged = false;
}

LtvFitStatus
ltv_bgnbd_fit(const LtvBgnbdCell *cells, size_t ncells, const LtvFitOptions *opts, LtvBgnbdFit *fit)
{
	/* starts: (r, a, b); alpha is set from the mean purchase rate */
	static const double starts[][3] = {{1.0, 1.0, 1.0}, {0.25, 0.8, 2.5}, {2.0, 2.0, 6.0}, {0.5, 0.3, 0.6}};
	int			nstarts = (int) (sizeof(starts) / sizeof(starts[0]));
	LtvBgnbdCell *work;
	const LtvBgnbdCell *data;
	size_t		n,
				i;
	double		sum_x = 0.0,
				sum_T = 0.0,
				rate;
	BgData		full,
				sub,
				mid;
	bool		have_mid = false;
	BgData	   *search;
	double		best_theta[NPARAM];
	double		hinv[NPARAM * NPARAM],
				best_hinv[NPARAM * NPARAM];
	double		best_f = INFINITY;
	LtvOptimResult res;
	LtvFitOptions polish;
	LtvOptimStatus best_status = LTV_OPTIM_BAD_START;
	int			s;
	double		natural[NPARAM];

	memset(fit, 0, sizeof(*fit));
	set_nan_fit(fit);
	fit->status = LTV_FIT_BAD_INPUT;
	fit->optim_status = LTV_OPTIM_BAD_START;
	for (i = 0; i < ncells; i++)
	{
		if (!ltv_bgnbd_cell_valid(cells[i].x, cells[i].t_x, cells[i].T) ||
			!(cells[i].count > 0) || !isfinite(cells[i].count))
			return fit->status;
		fit->n_customers += cells[i].count;
		if (cells[i].x > 0)
			fit->n_repeaters += cells[i].count;
	}
	fit->status = LTV_FIT_UNIDENTIFIED;
	if (fit->n_repeaters == 0)
		return fit->status;

	/* presorted cells are used as they are; others are sorted and merged in a copy */
	work = NULL;
	data = cells;
	n = ncells;
	if (!(opts && opts->presorted))
	{
		work = ltv_fit_alloc(opts, ncells * sizeof(LtvBgnbdCell));
		memcpy(work, cells, ncells * sizeof(LtvBgnbdCell));
		n = ltv_bgnbd_compress(work, ncells);
		data = work;
	}
	/* sums in sorted order, so that the starts do not depend on the input order */
	for (i = 0; i < n; i++)
	{
		sum_x += data[i].count * data[i].x;
		sum_T += data[i].count * data[i].T;
	}
	bg_data_build(&full, data, n, 1, opts);
	search = &full;
	if (n > SUBSAMPLE_ABOVE)
	{
		bg_data_build(&sub, data, n, (n + SUBSAMPLE_TARGET - 1) / SUBSAMPLE_TARGET, opts);
		search = &sub;
		/* an intermediate 1-in-8 sample brings the polish within a few steps */
		if (n >= 8 * SUBSAMPLE_ABOVE)
		{
			bg_data_build(&mid, data, n, 8, opts);
			have_mid = true;
		}
	}
	ltv_fit_free(opts, work);

	rate = sum_x / sum_T;
	for (s = 0; s < nstarts; s++)
	{
		double		theta[NPARAM];

		theta[0] = log(starts[s][0]);
		theta[1] = log(starts[s][0] / rate);
		theta[2] = log(starts[s][1]);
		theta[3] = log(starts[s][2]);
		ltv_bfgs_minimize_h(NPARAM, theta, bg_objective, search, opts, NULL, hinv, &res);
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
			ltv_bfgs_minimize_h(NPARAM, best_theta, bg_objective, &mid, opts, best_hinv, hinv, &res);
			fit->iterations += res.iterations;
			memcpy(best_hinv, hinv, sizeof(best_hinv));
		}
		ltv_polish_options(opts, n, &polish);
		ltv_bfgs_minimize_h(NPARAM, best_theta, bg_objective, &full, &polish, best_hinv, NULL, &res);
		fit->iterations += res.iterations;
		best_status = res.status;
	}
	fit->optim_status = best_status;
	if (!isfinite(best_f))
	{
		/*
		 * No start had a finite likelihood: no point to report (a "not
		 * converged" model carries positive finite parameters)
		 */
		fit->status = LTV_FIT_UNIDENTIFIED;
		fit->optim_status = LTV_OPTIM_DIVERGED;
		if (search != &full)
			bg_data_free(&sub);
		bg_data_free(&full);
		return fit->status;
	}
	theta_to_params(best_theta, &fit->params);
	fit->loglik = bg_data_loglik(&full, &fit->params, NULL);
	fit->converged = (best_status == LTV_OPTIM_CONVERGED);
	fit->status = fit->converged ? LTV_FIT_OK : LTV_FIT_NOT_CONVERGED;
	natural[0] = fit->params.r;
	natural[1] = fit->params.alpha;
	natural[2] = fit->params.a;
	natural[3] = fit->params.b;
	ltv_standard_errors_cov(NPARAM, natural, bg_gradient, &full, fit->se, fit->cov);
	if (fit->converged && ltv_fit_degenerate(NPARAM, best_theta, fit->se))
	{
		fit->converged = false;
		fit->status = LTV_FIT_NOT_CONVERGED;
		fit->optim_status = LTV_OPTIM_SINGULAR;
	}
	if (!params_valid(&fit->params) || !isfinite(fit->loglik))
	{
		/* the best point left the domain (exp of a log-parameter is 0 or infinite) */
		set_nan_fit(fit);
		fit->status = LTV_FIT_UNIDENTIFIED;
		fit->optim_status = LTV_OPTIM_DIVERGED;
	}
	if (search != &full)
		bg_data_free(&sub);
	if (have_mid)
		bg_data_free(&mid);
	bg_data_free(&full);
	return fit->status;
}

/* ---- predictions ---- */

double
ltv_bgnbd_p_alive(const LtvBgnbdParams *p, double x, double t_x, double T)
{
	double		lr;

	if (!params_valid(p) || !ltv_bgnbd_cell_valid(x, t_x, T))
		return NAN;
	if (x == 0)
		return 1.0;
	lr = log(p->a / (p->b + x - 1)) + (p->r + x) * log1p((T - t_x) / (p->alpha + t_x));
	return 1.0 / (1.0 + exp(lr));
}

/*
 * E[Y(t) | x, t_x, T] (FHL 2005 eq. 10).  Its 2F1 term,
 *   ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z),  z = t/(alpha+T+t),
 * is rewritten by Euler's transformation 2F1(A,B;C;z) = (1-z)^(C-A-B) 2F1(C-A,C-B;C;z) as
 *   (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z),
 * whose upper parameters do not grow with x (the series converges faster as x grows).
 */
double
ltv_bgnbd_expected_purchases(const LtvBgnbdParams *p, double t, double x, double t_x, double T)
{
	double		a,
				z,
				hyp,
				num,
				den;

	if (!params_valid(p) || !ltv_bgnbd_cell_valid(x, t_x, T) || !(t >= 0) || !isfinite(t))
		return NAN;
	if (t == 0)
		return 0.0;
	a = p->a;
	if (fabs(a - 1.0) < 1e-7)	/* removable singularity at a = 1 */
		a = 1.0 + (a >= 1.0 ? 1e-7 : -1e-7);
	z = t / (p->alpha + T + t);
	if (!ltv_hyp2f1(a + p->b - 1 - p->r, a - 1, a + p->b + x - 1, z, 0, &hyp))
		return NAN;
	/* 1 - (1-z)^(a-1) hyp, with log1p/expm1 to keep precision for small z */
	num = (a + p->b + x - 1) / (a - 1) * -expm1((a - 1) * log1p(-z) + log(hyp));
	if (hyp <= 0)
		num = (a + p->b + x - 1) / (a - 1) * (1.0 - pow(1 - z, a - 1) * hyp);
	den = 1.0;
	if (x > 0)
		den += exp(log(a / (p->b + x - 1)) + (p->r + x) * log1p((T - t_x) / (p->alpha + t_x)));
	return num / den;
}

double
ltv_bgnbd_expected_purchases_new(const LtvBgnbdParams *p, double t)
{
	return ltv_bgnbd_expected_purchases(p, t, 0.0, 0.0, 0.0);
}

/* FHL 2005 eq. 8 */
double
ltv_bgnbd_prob_n(const LtvBgnbdParams *p, double t, double n)
{
	double		r = p->r,
				al = p->alpha;
	double		lq,
				lz,
				term1,
				sum,
				term;
	long		j;

	if (!params_valid(p) || !(t >= 0) || !isfinite(t) || !(n >= 0) || n != floor(n) || n > 1e7)
		return NAN;
	if (t == 0)
		return n == 0 ? 1.0 : 0.0;
	lq = log(al / (al + t));
	lz = log(t / (al + t));
	term1 = exp(ltv_lbeta(p->a, p->b + n) - ltv_lbeta(p->a, p->b) + lgamma(r + n) - lgamma(r) -
				lgamma(n + 1) + r * lq + n * lz);
	if (n == 0)
		return term1;
	/* P(NBD count >= n) = 1 - (alpha/(alpha+t))^r sum_{j<n} Gamma(r+j)/(Gamma(r) j!) z^j */
	sum = 0.0;
	term = exp(r * lq);
	for (j = 0; j < (long) n; j++)
	{
		sum += term;
		term *= (r + j) / (j + 1.0) * (t / (al + t));
	}
	return term1 + exp(ltv_lbeta(p->a + 1, p->b + n - 1) - ltv_lbeta(p->a, p->b)) * fmax(0.0, 1.0 - sum);
}

/* ---- BG/NBD through the purchase model interface (purchase_model.h) ---- */

static void
pm_params(const double *v, LtvBgnbdParams *p)
{
	p->r = v[0];
	p->alpha = v[1];
	p->a = v[2];
	p->b = v[3];
}

static LtvFitStatus
pm_fit(const LtvCell *cells, size_t ncells, const LtvFitOptions *opts, LtvPurchaseFit *out)
{
	LtvBgnbdFit f;

	ltv_bgnbd_fit(cells, ncells, opts, &f);
	memset(out, 0, sizeof(*out));
	out->params[0] = f.params.r;
	out->params[1] = f.params.alpha;
	out->params[2] = f.params.a;
	out->params[3] = f.params.b;
	memcpy(out->se, f.se, sizeof(f.se));
	memcpy(out->cov, f.cov, sizeof(f.cov));
	out->loglik = f.loglik;
	out->n_customers = f.n_customers;
	out->n_repeaters = f.n_repeaters;
	out->converged = f.converged;
	out->status = f.status;
	out->optim_status = f.optim_status;
	out->iterations = f.iterations;
	out->starts = f.starts;
	return out->status;
}

static double
pm_loglik(const double *params, const LtvCell *cells, size_t ncells, double *grad)
{
	LtvBgnbdParams p;

	pm_params(params, &p);
	return ltv_bgnbd_loglik(&p, cells, ncells, grad);
}

static double
pm_p_alive(const double *params, double x, double t_x, double T)
{
	LtvBgnbdParams p;

	pm_params(params, &p);
	return ltv_bgnbd_p_alive(&p, x, t_x, T);
}

static double
pm_expected(const double *params, double t, double x, double t_x, double T)
{
	LtvBgnbdParams p;

	pm_params(params, &p);
	return ltv_bgnbd_expected_purchases(&p, t, x, t_x, T);
}

static double
pm_expected_new(const double *params, double t)
{
	LtvBgnbdParams p;

	pm_params(params, &p);
	return ltv_bgnbd_expected_purchases_new(&p, t);
}

static double
pm_prob_n(const double *params, double t, double n)
{
	LtvBgnbdParams p;

	pm_params(params, &p);
	return ltv_bgnbd_prob_n(&p, t, n);
}

const LtvPurchaseModel ltv_bgnbd_model = {
	.kind = LTV_PM_BGNBD,
	.name = "bgnbd",
	.label = "BG/NBD",
	.nparams = NPARAM,
	.param_names = {"r", "alpha", "a", "b"},
	.discrete = false,
	.summary_rule = "x must be a whole number >= 0, 0 <= t_x <= T, and t_x = 0 when x = 0",
	.cell_valid = ltv_bgnbd_cell_valid,
	.fit = pm_fit,
	.loglik = pm_loglik,
	.p_alive = pm_p_alive,
	.expected = pm_expected,
	.expected_new = pm_expected_new,
	.prob_n = pm_prob_n,
};
