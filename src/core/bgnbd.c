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

/*
 * The cells grouped by x (a stable counting sort of the canonical order, so
 * the sums do not depend on how the rows arrived), with indexes into the
 * tables of distinct t_x and T: an evaluation computes the terms of x once
 * per distinct x, log(alpha + t) and 1/(alpha + t) once per distinct t_x and
 * T, and per cell one exp and one log1p plus sums of products.
 */
typedef struct BgData
{
	size_t		ncells;
	uint32_t   *ti,
			   *Ti;				/* per cell (grouped by x): indexes into the value tables */
	double	   *count;
	size_t	   *xrun;			/* cells of the k-th distinct x: xrun[k] .. xrun[k+1]-1 */
	double	   *xv,
			   *tv,
			   *Tv;				/* distinct x, t_x, T */
	size_t		nx,
				nt,
				nT;
	double	   *ts,
			   *Ts;				/* per-evaluation scratch */
	double		total;			/* sum of counts */
	LtvEvalMemo *memo;			/* the full data's Newton passes, or NULL */
	const LtvFitOptions *opts;
} BgData;

static void
bg_data_free(BgData *d)
{
	const LtvFitOptions *o = d->opts;

	ltv_fit_free(o, d->ti);
	ltv_fit_free(o, d->Ti);
	ltv_fit_free(o, d->count);
	ltv_fit_free(o, d->xrun);
	ltv_fit_free(o, d->xv);
	ltv_fit_free(o, d->tv);
	ltv_fit_free(o, d->Tv);
	ltv_fit_free(o, d->ts);
	ltv_fit_free(o, d->Ts);
	ltv_fit_free(o, d->memo);
	memset(d, 0, sizeof(*d));
}

/* every `stride`-th cell when stride > 1 (weights scaled to the total count) */
static void
bg_data_build(BgData *d, const LtvBgnbdCell *cells, size_t ncells, size_t stride,
			  const LtvFitOptions *opts)
{
	size_t		n = (ncells + stride - 1) / stride;
	double	   *tmp = ltv_fit_alloc(opts, n * sizeof(double));
	uint32_t   *xi = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	uint32_t   *ti = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	uint32_t   *Ti = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	double		kept = 0.0,
				all = 0.0,
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
	for (c = 0, i = 0; i < ncells; i += stride, c++)
		tmp[c] = cells[i].t_x;
	d->nt = ltv_index_values(opts, tmp, n, ti, &d->tv);
	for (c = 0, i = 0; i < ncells; i += stride, c++)
		tmp[c] = cells[i].T;
	d->nT = ltv_index_values(opts, tmp, n, Ti, &d->Tv);
	ltv_fit_free(opts, tmp);

	for (i = 0; i < ncells; i++)
		all += cells[i].count;
	for (i = 0; i < ncells; i += stride)
		kept += cells[i].count;
	scale = stride > 1 ? all / kept : 1.0;
	d->total = all;

	/* group by x */
	d->xrun = ltv_fit_alloc(opts, (d->nx + 1) * sizeof(size_t));
	memset(d->xrun, 0, (d->nx + 1) * sizeof(size_t));
	for (c = 0; c < n; c++)
		d->xrun[xi[c] + 1]++;
	for (k = 0; k < d->nx; k++)
		d->xrun[k + 1] += d->xrun[k];
	d->ti = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	d->Ti = ltv_fit_alloc(opts, n * sizeof(uint32_t));
	d->count = ltv_fit_alloc(opts, n * sizeof(double));
	{
		size_t	   *next = ltv_fit_alloc(opts, (d->nx + 1) * sizeof(size_t));

		memcpy(next, d->xrun, (d->nx + 1) * sizeof(size_t));
		for (c = 0, i = 0; c < n; i += stride, c++)
		{
			size_t		at = next[xi[c]]++;

			d->ti[at] = ti[c];
			d->Ti[at] = Ti[c];
			d->count[at] = cells[i].count * scale;
		}
		ltv_fit_free(opts, next);
	}
	ltv_fit_free(opts, xi);
	ltv_fit_free(opts, ti);
	ltv_fit_free(opts, Ti);
	d->ts = ltv_fit_alloc(opts, d->nt * 3 * sizeof(double));
	d->Ts = ltv_fit_alloc(opts, d->nT * 3 * sizeof(double));
}

/*
 * Log-likelihood and, when grad (4) / hess (4 x 4, row-major) are not NULL,
 * its gradient and Hessian with respect to (r, alpha, a, b).
 *
 * Per cell the likelihood is c(x) + log(exp(A1) + [x > 0] exp(A2)) with
 * A1 = lbeta(a, b+x) - (r+x) log(alpha+T), A2 = lbeta(a+1, b+x-1) - (r+x)
 * log(alpha+t_x); with pi_k = exp(A_k - ls), ls the log of the sum, the
 * derivatives of ls are pi1 dA1 + pi2 dA2 and pi1 HA1 + pi2 HA2 + pi1 pi2
 * (dA1 - dA2)(dA1 - dA2)'.  dA1 - dA2 = (log((alpha+t_x)/(alpha+T)),
 * (r+x)(1/(alpha+t_x) - 1/(alpha+T)), -1/a, 1/(b+x-1)), so the terms that
 * depend on x only are summed once per distinct x from per-x sums of the
 * weights w, w pi2 and w pi1 pi2, and the terms of the digamma and trigamma
 * functions of a and b appear only as differences (psi(a+b) - psi(a+b+x)),
 * never as large terms that cancel.
 */
static double
bg_data_eval(const BgData *d, const LtvBgnbdParams *p, double *grad, double *hess)
{
	double		r = p->r,
				al = p->alpha,
				a = p->a,
				b = p->b;
	double		ll = 0.0;
	double		G[NPARAM] = {0, 0, 0, 0};
	double		H[NPARAM * NPARAM];
	double		psi_r = 0,
				psi_b = 0,
				psi_ab = 0,
				tri_r = 0,
				tri_b = 0,
				tri_ab = 0,
				lgr,
				lbab;
	size_t		i,
				k;
	bool		want_h = hess != NULL;
	bool		want_g = grad != NULL || want_h;

	memset(H, 0, sizeof(H));
	if (!params_valid(p))
	{
		/* no gradient either (the optimizer reads it): exp(theta) left the domain */
		for (k = 0; k < NPARAM; k++)
		{
			if (grad)
				grad[k] = NAN;
			if (hess)
				hess[k] = hess[k + 4] = hess[k + 8] = hess[k + 12] = NAN;
		}
		return NAN;
	}
	for (i = 0; i < d->nt; i++)
	{
		double		v = al + d->tv[i];

		d->ts[3 * i] = log(v);
		d->ts[3 * i + 1] = 1.0 / v;
		d->ts[3 * i + 2] = 1.0 / (v * v);
	}
	for (i = 0; i < d->nT; i++)
	{
		double		v = al + d->Tv[i];

		d->Ts[3 * i] = log(v);
		d->Ts[3 * i + 1] = 1.0 / v;
		d->Ts[3 * i + 2] = 1.0 / (v * v);
	}
	lgr = lgamma(r);
	lbab = ltv_lbeta(a, b);
	if (want_g)
	{
		psi_r = ltv_digamma(r);
		psi_b = ltv_digamma(b);
		psi_ab = ltv_digamma(a + b);
	}
	if (want_h)
	{
		tri_r = ltv_trigamma(r);
		tri_b = ltv_trigamma(b);
		tri_ab = ltv_trigamma(a + b);
	}

	for (k = 0; k < d->nx; k++)
	{
		double		x = d->xv[k];
		double		X = r + x;
		/* per-x constant: lgamma(r+x) - lgamma(r) - lbeta(a,b) + lbeta(a, b+x) */
		double		c1 = lgamma(X) - lgr + ltv_lbeta(a, b + x) - lbab;
		double		sw = 0,		/* sum of w */
					sw2 = 0,	/* w pi2 */
					sw12 = 0,	/* w pi1 pi2 */
					sls = 0,	/* w (ls - A1 + (r+x) lT): the log1p part */
					slT0 = 0,	/* w lT */
					slT = 0,	/* w (pi1 lT + pi2 lt) */
					si = 0,		/* w (pi1 iT + pi2 it) */
					si2 = 0,	/* w (pi1 iT^2 + pi2 it^2) */
					prr = 0,	/* w pi1 pi2 dr^2, dr = lt - lT */
					pr = 0,		/* w pi1 pi2 dr */
					pra = 0,	/* w pi1 pi2 dr di, di = it - iT */
					pa = 0,		/* w pi1 pi2 di */
					paa = 0;	/* w pi1 pi2 di^2 */
		size_t		c;

		if (x == 0)
		{
			for (c = d->xrun[k]; c < d->xrun[k + 1]; c++)
			{
				const double *tT = d->Ts + 3 * d->Ti[c];
				double		w = d->count[c];

				if ((c & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
					d->opts->check_interrupts();
				sw += w;
				slT0 += w * tT[0];
				si += w * tT[1];
				si2 += w * tT[2];
			}
		}
		else
		{
			/* A2 - A1 = log(a/(b+x-1)) - (r+x)(lt - lT) */
			double		c21 = log(a / (b + x - 1));

			for (c = d->xrun[k]; c < d->xrun[k + 1]; c++)
			{
				const double *tT = d->Ts + 3 * d->Ti[c];
				const double *tt = d->ts + 3 * d->ti[c];
				double		w = d->count[c];
				double		dr = tt[0] - tT[0];
				double		diff = c21 - X * dr;
				double		e = exp(-fabs(diff));
				double		big = 1.0 / (1.0 + e),
							small = e * big,
							pi1 = diff > 0 ? small : big,
							pi2 = diff > 0 ? big : small;

				if ((c & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
					d->opts->check_interrupts();
				sw += w;
				sls += w * ((diff > 0 ? diff : 0.0) + log1p(e));
				slT0 += w * tT[0];
				slT += w * pi2 * dr;
				if (want_g)
				{
					double		di = tt[1] - tT[1];

					sw2 += w * pi2;
					si += w * (tT[1] + pi2 * di);
					if (want_h)
					{
						double		w12 = w * pi1 * pi2;

						sw12 += w12;
						si2 += w * (pi1 * tT[2] + pi2 * tt[2]);
						prr += w12 * dr * dr;
						pr += w12 * dr;
						pra += w12 * dr * di;
						pa += w12 * di;
						paa += w12 * di * di;
					}
				}
			}
		}
		/* ls = A1 + the log1p part; A1 = lbeta(a, b+x) - (r+x) lT */
		ll += sw * c1 + sls - X * slT0;
		slT += slT0;
		if (want_g)
		{
			double		psi_X = ltv_digamma(X),
						psi_abx = ltv_digamma(a + b + x),
						psi_bx = ltv_digamma(b + x),
						db = x > 0 ? 1.0 / (b + x - 1) : 0.0;

			G[0] += (psi_X - psi_r) * sw - slT;
			G[1] -= X * si;
			G[2] += (psi_ab - psi_abx) * sw + sw2 / a;
			G[3] += (psi_bx - psi_b + psi_ab - psi_abx) * sw - sw2 * db;
			if (want_h)
			{
				double		tri_X = ltv_trigamma(X),
							tri_abx = ltv_trigamma(a + b + x),
							tri_bx = ltv_trigamma(b + x);

				H[0] += (tri_X - tri_r) * sw + prr;
				H[1] += -si + X * pra;
				H[5] += X * si2 + X * X * paa;
				H[2] += -pr / a;
				H[3] += pr * db;
				H[6] += -X * pa / a;
				H[7] += X * pa * db;
				H[10] += (tri_ab - tri_abx) * sw + (sw12 - sw2) / (a * a);
				H[11] += (tri_ab - tri_abx) * sw - sw12 * db / a;
				H[15] += (tri_bx - tri_b + tri_ab - tri_abx) * sw + (sw2 + sw12) * db * db;
			}
		}
	}
	ll += d->total * r * log(al);
	if (want_g)
	{
		G[0] += d->total * log(al);
		G[1] += d->total * r / al;
		if (grad)
			memcpy(grad, G, sizeof(G));
	}
	if (want_h)
	{
		H[1] += d->total / al;
		H[5] -= d->total * r / (al * al);
		H[4] = H[1];
		H[8] = H[2];
		H[9] = H[6];
		H[12] = H[3];
		H[13] = H[7];
		H[14] = H[11];
		memcpy(hess, H, sizeof(H));
	}
	return ll;
}

static double
bg_data_loglik(const BgData *d, const LtvBgnbdParams *p, double *grad)
{
	return bg_data_eval(d, p, grad, NULL);
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

/* the same with the Hessian over log-parameters, for the Newton polish */
static double
bg_objective_h(const double *theta, double *grad, double *hess, void *ctx)
{
	const BgData *d = ctx;
	LtvBgnbdParams p;
	double		g[NPARAM],
				h[NPARAM * NPARAM],
				v[NPARAM];
	double		ll;
	int			i,
				j;

	theta_to_params(theta, &p);
	ll = bg_data_eval(d, &p, g, h);
	v[0] = p.r;
	v[1] = p.alpha;
	v[2] = p.a;
	v[3] = p.b;
	if (d->memo)
		ltv_eval_memo_put(d->memo, NPARAM, v, ll, h);
	/* d/dtheta_i = v_i d/dv_i; d2/dtheta_i dtheta_j = v_i v_j H_ij + [i = j] v_i g_i */
	for (i = 0; i < NPARAM; i++)
	{
		if (grad)
			grad[i] = -g[i] * v[i] / d->total;
		if (hess)
			for (j = 0; j < NPARAM; j++)
				hess[i * NPARAM + j] = -(h[i * NPARAM + j] * v[i] * v[j] + (i == j ? g[i] * v[i] : 0.0)) / d->total;
	}
	return -ll / d->total;
}

double
ltv_bgnbd_loglik_hessian(const LtvBgnbdParams *p, const LtvBgnbdCell *cells, size_t ncells,
						 double *grad, double *hess)
{
	BgData		data;
	double		ll;
	size_t		i;

	if (!params_valid(p))
		return NAN;
	for (i = 0; i < ncells; i++)
		if (!ltv_bgnbd_cell_valid(cells[i].x, cells[i].t_x, cells[i].T) ||
			!(cells[i].count > 0) || !isfinite(cells[i].count))
			return NAN;
	if (ncells == 0)
	{
		if (grad)
			memset(grad, 0, sizeof(double) * NPARAM);
		if (hess)
			memset(hess, 0, sizeof(double) * NPARAM * NPARAM);
		return 0.0;
	}
	bg_data_build(&data, cells, ncells, 1, NULL);
	ll = bg_data_eval(&data, p, grad, hess);
	bg_data_free(&data);
	return ll;
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
				sub;
	BgData	   *search;
	double		best_theta[NPARAM];
	double		hess[NPARAM * NPARAM];
	double		best_f = INFINITY;
	LtvOptimResult res;
	LtvFitOptions polish;
	LtvOptimStatus best_status = LTV_OPTIM_BAD_START;
	int			s;

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
		ltv_bfgs_minimize(NPARAM, theta, bg_objective, search, opts, &res);
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
	/* Newton on all the data from the best start: a few passes, each with the Hessian */
	ltv_polish_options(opts, n, &polish);
	polish.gtol = opts && opts->gtol > 0 ? opts->gtol : 0;	/* Newton gets there in a pass or two */
	full.memo = ltv_fit_alloc(opts, sizeof(LtvEvalMemo));
	if (full.memo)
		ltv_eval_memo_init(full.memo);
	ltv_newton_minimize(NPARAM, best_theta, bg_objective_h, &full, &polish, 0, &res);
	fit->iterations += res.iterations;
	if (res.status != LTV_OPTIM_BAD_START)
		best_status = res.status;
	fit->optim_status = best_status;
	theta_to_params(best_theta, &fit->params);
	/* log-likelihood and the observed information at the point found: the polish's last pass there */
	{
		double		natural[NPARAM] = {fit->params.r, fit->params.alpha, fit->params.a, fit->params.b};

		if (!full.memo || !ltv_eval_memo_get(full.memo, NPARAM, natural, &fit->loglik, hess))
			fit->loglik = bg_data_eval(&full, &fit->params, NULL, hess);
	}
	fit->converged = (best_status == LTV_OPTIM_CONVERGED);
	fit->status = fit->converged ? LTV_FIT_OK : LTV_FIT_NOT_CONVERGED;
	ltv_standard_errors_hessian(NPARAM, hess, fit->se, fit->cov);
	{
		double		natural[NPARAM] = {fit->params.r, fit->params.alpha, fit->params.a, fit->params.b};

		if (fit->converged && ltv_fit_degenerate_se(NPARAM, best_theta, natural, fit->se))
		{
			fit->converged = false;
			fit->status = LTV_FIT_NOT_CONVERGED;
			fit->optim_status = LTV_OPTIM_SINGULAR;
		}
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
	bg_data_free(&full);
	return fit->status;
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

static void
pm_expected_many(const double *params, double x, double t_x, double T, int n, const double *t, double *out)
{
	LtvBgnbdParams p;

	pm_params(params, &p);
	ltv_bgnbd_expected_many(&p, x, t_x, T, n, t, out);
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
	.expected_many = pm_expected_many,
};
