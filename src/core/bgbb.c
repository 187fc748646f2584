/*
 * bgbb.c: the BG/BB model of discrete-time repeat transactions (Fader,
 * Hardie & Shang 2010, "Customer-base analysis in a discrete-time
 * noncontractual setting", Marketing Science 29(6)), through the purchase
 * model interface.
 *
 * Time is a sequence of transaction opportunities (yearly donations,
 * monthly boxes).  While alive, a customer transacts at each opportunity
 * with probability p ~ Beta(alpha, beta); at the start of each opportunity
 * they die with probability theta ~ Beta(gamma, delta).  A customer is
 * (x, t_x, n): x transactions in the n opportunities after the first
 * purchase, the last at opportunity t_x (0 when x = 0): whole numbers,
 * 0 <= x <= t_x <= n (ltv_summary with a period and unit of one opportunity
 * gives them: x, t_x, t_cal).  Horizons count whole opportunities: the
 * opportunities n+1, ..., n+k with k = floor(t) (up to a rounding of 1e-9,
 * so that a unit conversion's rounding does not drop an opportunity).
 *
 * Likelihood (FHS 2010 eq. 5):
 *   L = B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n)/B(gamma,delta)
 *       + sum_{i=0}^{n-t_x-1} B(alpha+x, beta+t_x-x+i)/B(alpha,beta)
 *                             B(gamma+1, delta+t_x+i)/B(gamma,delta)
 * P(alive at opportunity n+1) (eq. 11):
 *   B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n+1)/B(gamma,delta) / L
 * E[X(n, n+k) | x, t_x, n] (eq. 13):
 *   B(alpha+x+1, beta+n-x)/B(alpha,beta) / L * delta/(gamma-1) Gamma(gamma+delta)/Gamma(1+delta)
 *     [Gamma(1+delta+n)/Gamma(gamma+delta+n) - Gamma(1+delta+n+k)/Gamma(gamma+delta+n+k)]
 * E[X(k)] (eq. 6):
 *   alpha/(alpha+beta) delta/(gamma-1) [1 - Gamma(gamma+delta) Gamma(1+delta+k)
 *                                        / (Gamma(gamma+delta+k) Gamma(1+delta))]
 * P(X(k) = x) (eq. 7):
 *   C(k,x) B(alpha+x, beta+k-x)/B(alpha,beta) B(gamma, delta+k)/B(gamma,delta)
 *   + sum_{i=x}^{k-1} C(i,x) B(alpha+x, beta+i-x)/B(alpha,beta) B(gamma+1, delta+i)/B(gamma,delta)
 *
 * The Gamma differences over gamma - 1 are computed as products
 * 1 - prod_j (1+delta+j)/(gamma+delta+j) = -expm1(sum_j log1p((1-gamma)/(gamma+delta+j))),
 * exact as gamma goes to 1 (where the quotient tends to a sum of 1/(1+delta+j)).
 */
#include <math.h>
#include <string.h>

#include "fitutil.h"
#include "purchase_fit.h"
#include "purchase_model.h"
#include "special.h"

#define NPARAM 4
#define MAX_PERIODS 100000		/* opportunities a summary may have */
#define MAX_HORIZON 1e6			/* opportunities a prediction may look ahead */
#define INTERRUPT_EVERY 4096

static bool
params_ok(const double *p)
{
	int			i;

	for (i = 0; i < NPARAM; i++)
		if (!(p[i] > 0) || !isfinite(p[i]))
			return false;
	return true;
}

static bool
cell_valid(double x, double t_x, double n)
{
	return isfinite(x) && isfinite(t_x) && isfinite(n) && x == floor(x) && t_x == floor(t_x) &&
		n == floor(n) && x >= 0 && x <= t_x && t_x <= n && n <= MAX_PERIODS && (x > 0 || t_x == 0);
}

/* whole opportunities in a horizon t */
static double
periods(double t)
{
	return floor(t + 1e-9 * fmax(1.0, t));
}

/*
 * The likelihood's terms for one customer: term 0 is the first
 * (B(alpha+x, beta+n-x) B(gamma, delta+n)), term k >= 1 the sum's (k-1)-th;
 * each is B(alpha+x, beta+m) B(gamma+e, delta+j) over the Beta functions of
 * the parameters.
 */
static void
term_offsets(double x, double t_x, double n, double k, double *m, double *e, double *j)
{
	if (k == 0)
	{
		*m = n - x;
		*e = 0;
		*j = n;
	}
	else
	{
		*m = t_x - x + k - 1;
		*e = 1;
		*j = t_x + k - 1;
	}
}

/* log of term k without -lbeta(alpha, beta) - lbeta(gamma, delta) */
static double
term_log(const double *p, double x, double m, double e, double j)
{
	return ltv_lbeta(p[0] + x, p[1] + m) + ltv_lbeta(p[2] + e, p[3] + j);
}

/*
 * The derivatives of term k's log (term_log) wrt (alpha, beta, gamma,
 * delta), less the parts every term shares (psi(alpha+x), psi(gamma)), into
 * v; with want_h, the diagonal blocks of its Hessian, likewise reduced
 * (psi1(alpha+x) shared; psi1(gamma+1) - psi1(gamma) = -1/gamma^2 for k > 0),
 * into h[0..5]: (alpha,alpha), (alpha,beta), (beta,beta), (gamma,gamma),
 * (gamma,delta), (delta,delta).
 */
static void
term_derivs(const double *p, double x, double k, double m, double e, double j, double *v, double *h)
{
	double		S = p[0] + p[1] + x + m,
				S2 = p[2] + p[3] + e + j;
	double		psi_S = ltv_digamma(S),
				psi_S2 = ltv_digamma(S2);

	v[0] = -psi_S;
	v[1] = ltv_digamma(p[1] + m) - psi_S;
	v[2] = (k > 0 ? 1.0 / p[2] : 0.0) - psi_S2;
	v[3] = ltv_digamma(p[3] + j) - psi_S2;
	if (h)
	{
		double		ts = ltv_trigamma(S),
					tg = ltv_trigamma(S2);

		h[0] = -ts;
		h[1] = -ts;
		h[2] = ltv_trigamma(p[1] + m) - ts;
		h[3] = (k > 0 ? -1.0 / (p[2] * p[2]) : 0.0) - tg;
		h[4] = -tg;
		h[5] = ltv_trigamma(p[3] + j) - tg;
	}
}

/*
 * One customer's log-likelihood and (g not NULL) gradient and (H not NULL,
 * with g) Hessian wrt (alpha, beta, gamma, delta).  With L_k the terms' logs
 * and w_k their shares, the log of the sum has gradient sum w_k dL_k and
 * Hessian sum w_k HL_k + sum w_k (dL_k - g)(dL_k - g)' (centred in a second
 * pass, so no outer products cancel).  The parts every term shares
 * (term_derivs) and those of -lbeta(alpha, beta) - lbeta(gamma, delta) are
 * added once, without cancellation.
 */
static double
cell_loglik_h(const double *p, double x, double t_x, double n, double *g, double *H)
{
	double		al = p[0],
				be = p[1],
				ga = p[2],
				de = p[3];
	double		base = -ltv_lbeta(al, be) - ltv_lbeta(ga, de);
	double		ls = -INFINITY;
	double		k,
				m,
				e,
				j;
	double		nterms = n - t_x + 1;
	double		vbar[NPARAM] = {0, 0, 0, 0},
				hbar[6] = {0, 0, 0, 0, 0, 0},
				v[NPARAM],
				h[6];
	int			i,
				l;

	for (k = 0; k < nterms; k++)
	{
		term_offsets(x, t_x, n, k, &m, &e, &j);
		ls = ltv_logaddexp(ls, term_log(p, x, m, e, j));
	}
	if (!g)
		return base + ls;
	for (k = 0; k < nterms; k++)
	{
		double		wk;

		term_offsets(x, t_x, n, k, &m, &e, &j);
		wk = exp(term_log(p, x, m, e, j) - ls);
		term_derivs(p, x, k, m, e, j, v, H ? h : NULL);
		for (i = 0; i < NPARAM; i++)
			vbar[i] += wk * v[i];
		for (i = 0; H && i < 6; i++)
			hbar[i] += wk * h[i];
	}
	{
		double		psi_ab = ltv_digamma(al + be),
					psi_gd = ltv_digamma(ga + de);

		g[0] = ltv_digamma(al + x) - ltv_digamma(al) + psi_ab + vbar[0];
		g[1] = psi_ab - ltv_digamma(be) + vbar[1];
		g[2] = psi_gd + vbar[2];
		g[3] = psi_gd - ltv_digamma(de) + vbar[3];
	}
	if (!H)
		return base + ls;
	{
		double		tri_ab = ltv_trigamma(al + be),
					tri_gd = ltv_trigamma(ga + de);

		memset(H, 0, sizeof(double) * NPARAM * NPARAM);
		H[0] = ltv_trigamma(al + x) - ltv_trigamma(al) + tri_ab + hbar[0];
		H[1] = tri_ab + hbar[1];
		H[5] = tri_ab - ltv_trigamma(be) + hbar[2];
		H[10] = tri_gd + hbar[3];
		H[11] = tri_gd + hbar[4];
		H[15] = tri_gd - ltv_trigamma(de) + hbar[5];
	}
	for (k = 0; k < nterms; k++)
	{
		double		wk;

		term_offsets(x, t_x, n, k, &m, &e, &j);
		wk = exp(term_log(p, x, m, e, j) - ls);
		term_derivs(p, x, k, m, e, j, v, NULL);
		for (i = 0; i < NPARAM; i++)
			v[i] -= vbar[i];
		for (i = 0; i < NPARAM; i++)
			for (l = i; l < NPARAM; l++)
				H[i * NPARAM + l] += wk * v[i] * v[l];
	}
	for (i = 0; i < NPARAM; i++)
		for (l = 0; l < i; l++)
			H[i * NPARAM + l] = H[l * NPARAM + i];
	return base + ls;
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

		if (!cell_valid(cells[i].x, cells[i].t_x, cells[i].T))
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

/* ---- the fast form: lgamma and digamma of parameter + whole offset, tabulated ---- */

#define NTAB 10					/* tables in table_loglik */

static size_t
max_offset(const LtvCellTable *d)
{
	return (size_t) d->Tv[d->nT - 1] + 2;
}

static size_t
scratch_doubles(const LtvCellTable *d)
{
	return NTAB * max_offset(d);
}

static double
table_loglik(const LtvCellTable *d, const double *p, double *grad)
{
	double		al = p[0],
				be = p[1],
				ga = p[2],
				de = p[3];
	size_t		m = max_offset(d);
	/* tables by whole offset j: lgamma and digamma of alpha+j, beta+j, alpha+beta+j, delta+j, gamma+delta+j */
	double	   *La = d->scratch,
			   *Lb = La + m,
			   *Lab = Lb + m,
			   *Ld = Lab + m,
			   *Lgd = Ld + m;
	double	   *Pa = Lgd + m,
			   *Pb = Pa + m,
			   *Pab = Pb + m,
			   *Pd = Pab + m,
			   *Pgd = Pd + m;
	double		lg_g = lgamma(ga),
				lg_g1 = lgamma(ga + 1),
				psi_g = grad ? ltv_digamma(ga) : 0,
				psi_g1 = grad ? ltv_digamma(ga + 1) : 0,
				ll = 0.0,
				g[NPARAM] = {0, 0, 0, 0};
	size_t		j,
				c;

	if (grad)
		memset(grad, 0, sizeof(double) * NPARAM);
	if (!params_ok(p))
		return NAN;
	for (j = 0; j < m; j++)
	{
		La[j] = lgamma(al + j);
		Lb[j] = lgamma(be + j);
		Lab[j] = lgamma(al + be + j);
		Ld[j] = lgamma(de + j);
		Lgd[j] = lgamma(ga + de + j);
	}
	if (grad)
		for (j = 0; j < m; j++)
		{
			Pa[j] = ltv_digamma(al + j);
			Pb[j] = ltv_digamma(be + j);
			Pab[j] = ltv_digamma(al + be + j);
			Pd[j] = ltv_digamma(de + j);
			Pgd[j] = ltv_digamma(ga + de + j);
		}
	for (c = 0; c < d->ncells; c++)
	{
		size_t		x = (size_t) d->xv[d->xi[c]],
					t_x = (size_t) d->tv[d->ti[c]],
					n = (size_t) d->Tv[d->Ti[c]];
		double		w = d->count[c];
		/* log B(alpha+x, beta+n-x) + log B(gamma, delta+n), less the lgammas of alpha+x and gamma */
		double		l0 = Lb[n - x] - Lab[n] + lg_g + Ld[n] - Lgd[n];
		double		lmax = l0,
					sum,
					ls;
		double		ga0 = 0,
					gb = 0,
					gg = 0,
					gd = 0;
		size_t		i;

		if ((c & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
			d->opts->check_interrupts();
		for (i = 0; t_x + i < n; i++)
			lmax = fmax(lmax, Lb[t_x - x + i] - Lab[t_x + i] + lg_g1 + Ld[t_x + i] - Lgd[t_x + i + 1]);
		sum = exp(l0 - lmax);
		if (grad)
		{
			ga0 = sum * -Pab[n];
			gb = sum * (Pb[n - x] - Pab[n]);
			gg = sum * (psi_g - Pgd[n]);
			gd = sum * (Pd[n] - Pgd[n]);
		}
		for (i = 0; t_x + i < n; i++)
		{
			double		e = exp(Lb[t_x - x + i] - Lab[t_x + i] + lg_g1 + Ld[t_x + i] - Lgd[t_x + i + 1] - lmax);

			sum += e;
			if (grad)
			{
				ga0 -= e * Pab[t_x + i];
				gb += e * (Pb[t_x - x + i] - Pab[t_x + i]);
				gg += e * (psi_g1 - Pgd[t_x + i + 1]);
				gd += e * (Pd[t_x + i] - Pgd[t_x + i + 1]);
			}
		}
		ls = La[x] + lmax + log(sum);
		ll += w * ls;
		if (grad)
		{
			g[0] += w * (Pa[x] + ga0 / sum);
			g[1] += w * gb / sum;
			g[2] += w * gg / sum;
			g[3] += w * gd / sum;
		}
	}
	ll -= d->total * (ltv_lbeta(al, be) + ltv_lbeta(ga, de));
	if (grad)
	{
		double		psi_ab = ltv_digamma(al + be),
					psi_gd = ltv_digamma(ga + de);

		grad[0] = g[0] - d->total * (ltv_digamma(al) - psi_ab);
		grad[1] = g[1] - d->total * (ltv_digamma(be) - psi_ab);
		grad[2] = g[2] - d->total * (ltv_digamma(ga) - psi_gd);
		grad[3] = g[3] - d->total * (ltv_digamma(de) - psi_gd);
	}
	return isfinite(ll) ? ll : NAN;
}

/* starts: the mean transaction probability from the data, shapes and dropout spread over the space */
static void
start(int i, const LtvCellStats *st, double *p)
{
	static const double starts[][3] = {{2.0, 1.0, 3.0}, {0.5, 0.5, 2.0}, {8.0, 2.0, 10.0}, {1.0, 0.3, 0.6}};
	double		pbar = fmin(fmax(st->rate, 0.02), 0.98);

	p[0] = starts[i][0] * pbar;
	p[1] = starts[i][0] * (1 - pbar);
	p[2] = starts[i][1];
	p[3] = starts[i][2];
}

static const LtvFitSpec fit_spec = {
	.nparams = NPARAM,
	.loglik = table_loglik,
	.scratch_doubles = scratch_doubles,
	.nstarts = 4,
	.start = start,
	.cell_valid = cell_valid,
	.loglik_hessian = pm_loglik_hessian,
};

static LtvFitStatus
pm_fit(const LtvCell *cells, size_t ncells, const LtvFitOptions *opts, LtvPurchaseFit *fit)
{
	return ltv_purchase_fit_run(&fit_spec, cells, ncells, opts, fit);
}

/* ---- predictions ---- */

/*
 * delta/(gamma-1) [1 - prod_{j=n}^{n+k-1} (1+delta+j)/(gamma+delta+j)],
 * exact as gamma -> 1
 */
static double
dropout_sum(double ga, double de, double n, double k)
{
	double		s = 0.0,
				j;

	if (ga == 1.0)
	{
		for (j = n; j < n + k; j++)
			s += 1.0 / (1 + de + j);
		return de * s;
	}
	for (j = n; j < n + k; j++)
		s += log1p((1 - ga) / (ga + de + j));
	return de * -expm1(s) / (ga - 1);
}

/*
 * A sum of exp(v) over many v kept as exp(*mx) * *s: rescaled when a larger v
 * comes, so that each term costs one rounding of about 1e-16 relative (a
 * running log-sum-exp rounds its total's log each time: 3e-11 after 900 terms
 * near 316)
 */
static void
sum_exp_add(double *mx, double *s, double v)
{
	if (v > *mx)
	{
		*s = *s * exp(*mx - v) + 1.0;
		*mx = v;
	}
	else
		*s += exp(v - *mx);
}

/*
 * P(alive in n + 1 | x, t_x, n) = (delta+n)/(gamma+delta+n) / (1 + sum_i r_i):
 * the likelihood's first term divided out of the sum (FHS 2010 eq. 5 and 11),
 * r_i = B(alpha+x, beta+t_x-x+i) B(gamma+1, delta+t_x+i) /
 *       (B(alpha+x, beta+n-x) B(gamma, delta+n)), i = 0 .. n-t_x-1,
 * each a ratio of Pochhammer symbols over d = n-t_x-i whole steps, so no
 * differences of lgamma values of arguments near 1e4 (those lost 8e-11)
 */
static double
pm_p_alive(const double *p, double x, double t_x, double n)
{
	double		al = p[0],
				be = p[1],
				ga = p[2],
				de = p[3];
	double		mx = 0.0,
				s = 1.0,		/* the first term, divided by itself */
				i;

	if (!params_ok(p) || !cell_valid(x, t_x, n))
		return NAN;
	for (i = 0; i < n - t_x; i++)
	{
		double		d = n - t_x - i;

		/* beta + (t_x - x + i): the whole numbers first (beta + t_x - x lost 5e-12 of beta at t_x = x = 100) */
		sum_exp_add(&mx, &s, ltv_log_poch_ratio(al + be + t_x + i, be + (t_x - x + i), d) +
					log(ga / (ga + de + t_x + i)) + ltv_log_poch_ratio(ga + de + t_x + i, de + t_x + i, d));
	}
	return (de + n) / (ga + de + n) * exp(-mx) / s;
}

static double
pm_expected(const double *p, double t, double x, double t_x, double n)
{
	double		k;

	if (!params_ok(p) || !cell_valid(x, t_x, n) || !(t >= 0) || !isfinite(t))
		return NAN;
	k = periods(t);
	if (k > MAX_HORIZON)
		return NAN;
	if (k == 0)
		return 0.0;
	/*
	 * FHS 2010 eq. 13 divided by P(alive in n + 1) (pm_p_alive): the ratio
	 * of the Beta functions is (alpha+x)/(alpha+beta+n) and the Gamma
	 * ratios reduce to (gamma+delta+n)/delta times dropout_sum, so no
	 * lgamma differences (at gamma = delta = 1e4 those of eq. 13 lost 1e-10)
	 */
	return pm_p_alive(p, x, t_x, n) * ((p[0] + x) / (p[0] + p[1] + n)) * ((p[2] + p[3] + n) / p[3]) *
		dropout_sum(p[2], p[3], n, k);
}

static double
pm_expected_new(const double *p, double t)
{
	double		k;

	if (!params_ok(p) || !(t >= 0) || !isfinite(t))
		return NAN;
	k = periods(t);
	if (k > MAX_HORIZON)
		return NAN;
	return p[0] / (p[0] + p[1]) * dropout_sum(p[2], p[3], 0, k);
}

static double
pm_prob_n(const double *p, double t, double x)
{
	double		al = p[0],
				be = p[1],
				ga = p[2],
				de = p[3];
	double		k,
				lax,
				mx,
				s,
				i;

	if (!params_ok(p) || !(t >= 0) || !isfinite(t) || !(x >= 0) || x != floor(x))
		return NAN;
	k = periods(t);
	if (k > MAX_HORIZON)
		return NAN;
	if (x > k)
		return 0.0;
	/*
	 * FHS 2010 eq. 8: C(k, x) B(alpha+x, beta+k-x)/B(alpha, beta) B(gamma, delta+k)/B(gamma, delta) +
	 * sum_{i=x}^{k-1} C(i, x) B(alpha+x, beta+i-x)/B(alpha, beta) B(gamma+1, delta+i)/B(gamma, delta),
	 * the Beta ratios as Pochhammer symbols (alpha)_x (beta)_(i-x) / (alpha+beta)_i and
	 * (delta)_i / (gamma+delta)_i (times gamma/(gamma+delta+i)): no lgamma differences of arguments near
	 * 1e4 (those lost 8e-11)
	 */
	lax = ltv_lgamma_diff(al, x) - lgamma(x + 1);
	mx = ltv_lgamma_diff(k - x + 1, x) + lax + ltv_lgamma_diff(be, k - x) - ltv_lgamma_diff(al + be, k) +
		ltv_log_poch_ratio(de, ga + de, k);
	s = 1.0;
	for (i = x; i < k; i++)
		sum_exp_add(&mx, &s, ltv_lgamma_diff(i - x + 1, x) + lax + ltv_lgamma_diff(be, i - x) -
					ltv_lgamma_diff(al + be, i) + log(ga / (ga + de + i)) + ltv_log_poch_ratio(de, ga + de, i));
	return exp(mx) * s;
}

const LtvPurchaseModel ltv_bgbb_model = {
	.kind = LTV_PM_BGBB,
	.name = "bgbb",
	.label = "BG/BB",
	.nparams = NPARAM,
	.param_names = {"alpha", "beta", "gamma", "delta"},
	.discrete = true,
	.summary_rule = "x, t_x and T count transaction opportunities: whole numbers with 0 <= x <= t_x <= T <= 100000",
	.cell_valid = cell_valid,
	.fit = pm_fit,
	.loglik = pm_loglik,
	.loglik_hessian = pm_loglik_hessian,
	.p_alive = pm_p_alive,
	.expected = pm_expected,
	.expected_new = pm_expected_new,
	.prob_n = pm_prob_n,
};
