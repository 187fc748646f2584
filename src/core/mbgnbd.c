/*
 * mbgnbd.c: the MBG/NBD model (Batislam, Denizel & Filiztekin 2007,
 * "Empirical validation and comparison of models for customer base
 * analysis", International Journal of Research in Marketing 24(3)), through
 * the purchase model interface.
 *
 * As BG/NBD (purchase rate lambda ~ Gamma(r, alpha), dropout probability
 * p ~ Beta(a, b)), except that a customer may also drop out right after the
 * first purchase, at time 0: so a one-time buyer's P(alive) is below 1.
 * The likelihood of a customer (x, t_x, T) (Batislam et al. eq. 4):
 *
 *   Gamma(r+x) alpha^r / (Gamma(r) B(a, b))
 *     [ B(a, b+x+1) (alpha+T)^-(r+x) + B(a+1, b+x) (alpha+t_x)^-(r+x) ]
 *
 * The predictions are those of BG/NBD with b + 1 (a customer who survived
 * the dropout at time 0 has the dropout distribution Beta(a, b+1) of a
 * BG/NBD customer, and survives it with probability b / (a+b)):
 *
 *   P(alive | x, t_x, T)       = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)),
 *                                BG/NBD's with b+1 for x > 0;
 *   E[Y(t) | x, t_x, T]        = BG/NBD's with b+1, times P(alive) for x = 0
 *                                (where BG/NBD's denominator is 1);
 *   E[X(t)]                    = b/(a+b) BG/NBD's E[X(t)] with b+1
 *                              = b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))];
 *   P(X(t) = n)                = b/(a+b) BG/NBD's with b+1, plus a/(a+b) for n = 0,
 *
 * so they are computed by bgnbd.c's functions (one place for each formula,
 * and its accuracy carries over).
 */
#include <math.h>
#include <string.h>

#include "fitutil.h"
#include "purchase_fit.h"
#include "purchase_model.h"
#include "special.h"

#define NPARAM 4
#define INTERRUPT_EVERY 65536

static bool
params_ok(const double *p)
{
	int			i;

	for (i = 0; i < NPARAM; i++)
		if (!(p[i] > 0) || !isfinite(p[i]))
			return false;
	return true;
}

/* the BG/NBD customer after surviving the dropout at time 0: b + 1 */
static void
shifted(const double *p, LtvBgnbdParams *bg)
{
	bg->r = p[0];
	bg->alpha = p[1];
	bg->a = p[2];
	bg->b = p[3] + 1;
}

/*
 * One customer's log-likelihood and (g not NULL) gradient and (H not NULL,
 * with g) Hessian, wrt (r, alpha, a, b).  The likelihood is
 * c + log(exp(A1) + exp(A2)) with A1 = lbeta(a, b+x+1) - (r+x) log(alpha+T)
 * and A2 = lbeta(a+1, b+x) - (r+x) log(alpha+t_x); with pi_k the terms'
 * shares, the Hessian of the log of the sum is pi1 HA1 + pi2 HA2 +
 * pi1 pi2 (dA1 - dA2)(dA1 - dA2)', where dA1 - dA2 = (log((alpha+t_x) /
 * (alpha+T)), (r+x)(1/(alpha+t_x) - 1/(alpha+T)), -1/a, 1/(b+x)).  The
 * trigamma terms of a are combined without cancellation: -psi1(a) + pi1
 * psi1(a) + pi2 psi1(a+1) = -pi2 / a^2.
 */
static double
cell_loglik_h(const double *p, double x, double t_x, double T, double *g, double *H)
{
	double		r = p[0],
				al = p[1],
				a = p[2],
				b = p[3];
	double		lT = log(al + T),
				lt = log(al + t_x);
	double		A1 = ltv_lbeta(a, b + x + 1) - (r + x) * lT;
	double		A2 = ltv_lbeta(a + 1, b + x) - (r + x) * lt;
	double		ls = ltv_logaddexp(A1, A2);
	double		pi1 = exp(A1 - ls),
				pi2 = exp(A2 - ls);

	if (g)
	{
		double		psi_abx1 = ltv_digamma(a + b + x + 1),
					psi_ab = ltv_digamma(a + b);

		g[0] = ltv_digamma(r + x) - ltv_digamma(r) + log(al) - pi1 * lT - pi2 * lt;
		g[1] = r / al - (r + x) * (pi1 / (al + T) + pi2 / (al + t_x));
		g[2] = -(ltv_digamma(a) - psi_ab) + pi1 * (ltv_digamma(a) - psi_abx1) + pi2 * (ltv_digamma(a + 1) - psi_abx1);
		g[3] = -(ltv_digamma(b) - psi_ab) + pi1 * (ltv_digamma(b + x + 1) - psi_abx1) +
			pi2 * (ltv_digamma(b + x) - psi_abx1);
	}
	if (g && H)
	{
		double		iT = 1.0 / (al + T),
					it = 1.0 / (al + t_x);
		double		dd[NPARAM] = {lt - lT, (r + x) * (it - iT), -1.0 / a, 1.0 / (b + x)};
		double		w12 = pi1 * pi2;
		double		steps_ab = ltv_trigamma_steps(a + b, x + 1);
		int			i,
					j;

		memset(H, 0, sizeof(double) * NPARAM * NPARAM);
		H[0 * NPARAM + 0] = ltv_trigamma(r + x) - ltv_trigamma(r);
		H[0 * NPARAM + 1] = 1.0 / al - pi1 * iT - pi2 * it;
		/* -r/alpha^2 + (r+x)/(alpha+t)^2 as x/(alpha+t)^2 - r t (2 alpha + t) / (alpha (alpha+t))^2 */
		H[1 * NPARAM + 1] = pi1 * (x * iT * iT - r * T * (2 * al + T) * (iT / al) * (iT / al)) +
			pi2 * (x * it * it - r * t_x * (2 * al + t_x) * (it / al) * (it / al));
		/*
		 * psi1(a+b) - psi1(a+b+x+1) as its x + 1 terms, and the b,b entry
		 * psi1(a+b) - psi1(b) + pi1 (psi1(b+x+1) - psi1(a+b+x+1)) + pi2
		 * (psi1(b+x) - psi1(a+b+x+1)) as the difference over x + 1 steps of
		 * psi1(b+.) and psi1(a+b+.), plus pi2 / (b+x)^2: as differences of
		 * trigamma values these lose all digits where a << b (a = 1e-4, b =
		 * 1e4: entries of 1e-12 from values of 1e-4)
		 */
		/* -pi2/a^2 and the loop's pi1 pi2/a^2 as -pi2^2/a^2 (pi1 + pi2 = 1) */
		H[2 * NPARAM + 2] = steps_ab - pi2 * pi2 / (a * a);
		H[2 * NPARAM + 3] = steps_ab;
		H[3 * NPARAM + 3] = ltv_trigamma_steps_diff(b, a, x + 1) + pi2 / ((b + x) * (b + x));
		for (i = 0; i < NPARAM; i++)
			for (j = i; j < NPARAM; j++)
			{
				if (i != 2 || j != 2)
					H[i * NPARAM + j] += w12 * dd[i] * dd[j];
				H[j * NPARAM + i] = H[i * NPARAM + j];
			}
	}
	return lgamma(r + x) - lgamma(r) + r * log(al) - ltv_lbeta(a, b) + ls;
}

static double
pm_loglik_hessian(const double *params, const LtvCell *cells, size_t ncells, double *grad, double *hess)
{
	double		ll = 0.0,
				g[NPARAM],
				h[NPARAM * NPARAM];
	bool		want_g = grad != NULL || hess != NULL;
	size_t		i;
	int			k;

	if (grad)
		memset(grad, 0, sizeof(double) * NPARAM);
	if (hess)
		memset(hess, 0, sizeof(double) * NPARAM * NPARAM);
	if (!params_ok(params))
		return NAN;
	for (i = 0; i < ncells; i++)
	{
		double		w = cells[i].count;

		if (!ltv_bgnbd_cell_valid(cells[i].x, cells[i].t_x, cells[i].T))
			return NAN;
		ll += w * cell_loglik_h(params, cells[i].x, cells[i].t_x, cells[i].T, want_g ? g : NULL,
								hess ? h : NULL);
		for (k = 0; grad && k < NPARAM; k++)
			grad[k] += w * g[k];
		for (k = 0; hess && k < NPARAM * NPARAM; k++)
			hess[k] += w * h[k];
	}
	return ll;
}

static double
pm_loglik(const double *params, const LtvCell *cells, size_t ncells, double *grad)
{
	return pm_loglik_hessian(params, cells, ncells, grad, NULL);
}

/* ---- the fast form over the fit's table ---- */

#define SX 7					/* per x: lgamma(r+x), lbeta(a,b+x+1), lbeta(a+1,b+x), 4 digammas */

static size_t
scratch_doubles(const LtvCellTable *d)
{
	return SX * d->nx + 2 * d->nt + 2 * d->nT;
}

static double
table_loglik(const LtvCellTable *d, const double *p, double *grad)
{
	double		r = p[0],
				al = p[1],
				a = p[2],
				b = p[3];
	double	   *sx = d->scratch,
			   *st = sx + SX * d->nx,
			   *sT = st + 2 * d->nt;
	double		ll = 0.0,
				g0 = 0,
				g1 = 0,
				g2 = 0,
				g3 = 0;
	double		psi_a = 0,
				psi_a1 = 0;
	size_t		i;

	if (grad)
		memset(grad, 0, sizeof(double) * NPARAM);
	if (!params_ok(p))
		return NAN;
	for (i = 0; i < d->nx; i++)
	{
		double		x = d->xv[i];
		double	   *s = sx + SX * i;

		s[0] = lgamma(r + x);
		s[1] = ltv_lbeta(a, b + x + 1);
		s[2] = ltv_lbeta(a + 1, b + x);
		if (grad)
		{
			s[3] = ltv_digamma(r + x);
			s[4] = ltv_digamma(a + b + x + 1);
			s[5] = ltv_digamma(b + x + 1);
			s[6] = ltv_digamma(b + x);
		}
	}
	for (i = 0; i < d->nt; i++)
	{
		st[2 * i] = log(al + d->tv[i]);
		st[2 * i + 1] = 1.0 / (al + d->tv[i]);
	}
	for (i = 0; i < d->nT; i++)
	{
		sT[2 * i] = log(al + d->Tv[i]);
		sT[2 * i + 1] = 1.0 / (al + d->Tv[i]);
	}
	if (grad)
	{
		psi_a = ltv_digamma(a);
		psi_a1 = ltv_digamma(a + 1);
	}
	for (i = 0; i < d->ncells; i++)
	{
		const double *s = sx + SX * d->xi[i];
		double		x = d->xv[d->xi[i]];
		double		w = d->count[i];
		double		lT = sT[2 * d->Ti[i]],
					lt = st[2 * d->ti[i]];
		double		A1 = s[1] - (r + x) * lT,
					A2 = s[2] - (r + x) * lt;
		double		e,
					ls,
					pi1,
					pi2;

		if ((i & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
			d->opts->check_interrupts();
		if (A1 >= A2)
		{
			e = exp(A2 - A1);
			ls = A1 + log1p(e);
			pi1 = 1.0 / (1.0 + e);
			pi2 = e * pi1;
		}
		else
		{
			e = exp(A1 - A2);
			ls = A2 + log1p(e);
			pi2 = 1.0 / (1.0 + e);
			pi1 = e * pi2;
		}
		ll += w * (s[0] + ls);
		if (grad)
		{
			g0 += w * (s[3] - pi1 * lT - pi2 * lt);
			g1 -= w * (r + x) * (pi1 * sT[2 * d->Ti[i] + 1] + pi2 * st[2 * d->ti[i] + 1]);
			g2 += w * (pi1 * (psi_a - s[4]) + pi2 * (psi_a1 - s[4]));
			g3 += w * (pi1 * (s[5] - s[4]) + pi2 * (s[6] - s[4]));
		}
	}
	ll += d->total * (-lgamma(r) + r * log(al) - ltv_lbeta(a, b));
	if (grad)
	{
		double		psi_ab = ltv_digamma(a + b);

		grad[0] = g0 + d->total * (-ltv_digamma(r) + log(al));
		grad[1] = g1 + d->total * r / al;
		grad[2] = g2 - d->total * (psi_a - psi_ab);
		grad[3] = g3 - d->total * (ltv_digamma(b) - psi_ab);
	}
	return isfinite(ll) ? ll : NAN;
}

/* starts (r, a, b) as BG/NBD's; alpha from the mean purchase rate */
static void
start(int i, const LtvCellStats *st, double *p)
{
	static const double starts[][3] = {{1.0, 1.0, 1.0}, {0.25, 0.8, 2.5}, {2.0, 2.0, 6.0}, {0.5, 0.3, 0.6}};

	p[0] = starts[i][0];
	p[1] = starts[i][0] / st->rate;
	p[2] = starts[i][1];
	p[3] = starts[i][2];
}

static const LtvFitSpec fit_spec = {
	.nparams = NPARAM,
	.loglik = table_loglik,
	.scratch_doubles = scratch_doubles,
	.nstarts = 4,
	.start = start,
	.cell_valid = ltv_bgnbd_cell_valid,
	.loglik_hessian = pm_loglik_hessian,
};

static LtvFitStatus
pm_fit(const LtvCell *cells, size_t ncells, const LtvFitOptions *opts, LtvPurchaseFit *fit)
{
	return ltv_purchase_fit_run(&fit_spec, cells, ncells, opts, fit);
}

/* ---- predictions: BG/NBD's with b + 1 ---- */

/* P(alive) of a one-time buyer: survived the dropout at time 0 */
static double
p_alive_x0(const double *p, double T)
{
	return 1.0 / (1.0 + exp(log(p[2] / p[3]) + p[0] * log1p(T / p[1])));
}

static double
pm_p_alive(const double *p, double x, double t_x, double T)
{
	LtvBgnbdParams bg;

	if (!params_ok(p) || !ltv_bgnbd_cell_valid(x, t_x, T))
		return NAN;
	if (x == 0)
		return p_alive_x0(p, T);
	shifted(p, &bg);
	return ltv_bgnbd_p_alive(&bg, x, t_x, T);
}

static double
pm_expected(const double *p, double t, double x, double t_x, double T)
{
	LtvBgnbdParams bg;
	double		e;

	if (!params_ok(p) || !ltv_bgnbd_cell_valid(x, t_x, T))
		return NAN;
	shifted(p, &bg);
	e = ltv_bgnbd_expected_purchases(&bg, t, x, t_x, T);
	return x == 0 ? e * p_alive_x0(p, T) : e;
}

static double
pm_expected_new(const double *p, double t)
{
	LtvBgnbdParams bg;

	if (!params_ok(p))
		return NAN;
	shifted(p, &bg);
	return p[3] / (p[2] + p[3]) * ltv_bgnbd_expected_purchases_new(&bg, t);
}

static double
pm_prob_n(const double *p, double t, double n)
{
	LtvBgnbdParams bg;
	double		q;

	if (!params_ok(p))
		return NAN;
	shifted(p, &bg);
	q = p[3] / (p[2] + p[3]) * ltv_bgnbd_prob_n(&bg, t, n);
	return n == 0 ? q + p[2] / (p[2] + p[3]) : q;
}

const LtvPurchaseModel ltv_mbgnbd_model = {
	.kind = LTV_PM_MBGNBD,
	.name = "mbgnbd",
	.label = "MBG/NBD",
	.nparams = NPARAM,
	.param_names = {"r", "alpha", "a", "b"},
	.discrete = false,
	.summary_rule = "x must be a whole number >= 0, 0 <= t_x <= T, and t_x = 0 when x = 0",
	.cell_valid = ltv_bgnbd_cell_valid,
	.fit = pm_fit,
	.loglik = pm_loglik,
	.loglik_hessian = pm_loglik_hessian,
	.p_alive = pm_p_alive,
	.expected = pm_expected,
	.expected_new = pm_expected_new,
	.prob_n = pm_prob_n,
};
