/*
 * pareto_nbd.c: the Pareto/NBD model (Schmittlein, Morrison & Colombo 1987,
 * "Counting your customers: who are they and what will they do next?",
 * Management Science 33(1)), through the purchase model interface.
 *
 * While active a customer buys at rate lambda ~ Gamma(r, alpha); their
 * lifetime is exponential with rate mu ~ Gamma(s, beta).  Parameters
 * (r, alpha, s, beta); alpha and beta in time units.
 *
 * Everything below follows from one integral (Fader & Hardie 2005, "A note
 * on deriving the Pareto/NBD model and related expressions"): with
 *
 *   F_x(t) = int_t^inf (alpha + u)^-(r+x) (beta + u)^-(s+1) du
 *          = (m + t)^-A 2F1(A, B; A+1; w) / A,    A = r + s + x,
 *     alpha >= beta: m = alpha, B = s + 1, w = (alpha - beta) / (alpha + t),
 *     alpha <  beta: m = beta,  B = r + x, w = (beta - alpha) / (beta + t)
 *   (special.c: ltv_log_hyp2f1_ab1, accurate over all of 0 <= w < 1),
 *
 * the likelihood of a customer (x, t_x, T) is
 *
 *   L = Gamma(r+x) alpha^r beta^s / Gamma(r)
 *       * [ (alpha+T)^-(r+x) (beta+T)^-s + s (F_x(t_x) - F_x(T)) ]
 *
 * (the first term: alive at T; the second: died between t_x and T), and
 * P(alive | x, t_x, T) is the first term's share.  The conditional
 * expectation (the note's eq. 22) is
 *
 *   E[Y(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1))
 *                         [1 - ((beta+T)/(beta+T+t))^(s-1)] P(alive),
 *
 * E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)] (eq. 17), with
 * the limit log((beta+T+t)/(beta+T)) at s = 1; and P(X(t) = n) is
 *
 *   Gamma(r+n)/(Gamma(r) n!) (alpha/(alpha+t))^r (t/(alpha+t))^n (beta/(beta+t))^s
 *   + s alpha^r beta^s Gamma(r+n)/(Gamma(r) n!)
 *       int_0^t u^n (alpha+u)^-(r+n) (beta+u)^-(s+1) du
 *
 * (alive at t with n purchases, or died at u in (0, t] after n), the
 * integral by quadrature in log u, where its integrand is log-concave (the
 * closed form of Fader & Hardie 2006 subtracts nearly equal terms for short
 * horizons).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fitutil.h"
#include "purchase_fit.h"
#include "purchase_model.h"
#include "quad.h"
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

/*
 * log F(t) = log int_t^inf (alpha+u)^-ea (beta+u)^-eb du for exponents ea
 * (r + x in the likelihood) and eb (s + 1), and its derivatives in ea and eb
 * into *d_ea, *d_eb; the form of log_tail below.  False when the 2F1 could
 * not be evaluated.
 */
static bool
tail_exponents(double ea, double eb, double al, double be, double t, double *lF, double *d_ea, double *d_eb)
{
	double		A = ea + eb - 1;
	bool		alpha_big = al >= be;
	double		m = alpha_big ? al + t : be + t;
	double		other = alpha_big ? be + t : al + t;
	double		l2,
				d[3],
				lm = log(m),
				common;

	if (!ltv_log_hyp2f1_ab1(A, alpha_big ? eb : ea, fabs(al - be) / m, other / m, &l2, d))
		return false;
	*lF = -A * lm + l2 - log(A);
	common = -lm + d[0] - 1.0 / A;
	*d_ea = common + (alpha_big ? 0.0 : d[1]);
	*d_eb = common + (alpha_big ? d[1] : 0.0);
	return true;
}

/*
 * The Hessian's row of the rate in m (alpha when alpha >= beta, else beta;
 * index P, its exponent eP) from integrals with that exponent raised by 1
 * and 2: with rho_k = F(eP + k) / F, d log F / dP = -eP rho_1 and
 *
 *   P,P = eP rho_2 + eP^2 (rho_2 - rho_1^2)
 *   P,O = eP eO (F(eP + 1, eO + 1) / F - rho_1 F(eO + 1) / F)
 *   P,theta = -(d eP / d theta) rho_1 - eP rho_1 (d log F(eP + 1) - d log F) / d theta
 *
 * (O the other rate, theta = r or s).  In the chain rule through (A, B, w, m)
 * the P,P entry is A / m^2 and the 2F1's terms in w cancelling: at A = 3000,
 * m = 1e4 terms of 3e-5 to entries of 1e-13 (alpha >> beta, s large); here
 * the entries come with eP and eO, without A.  Overwrites row and column P
 * of H (4 x 4); false when an integral could not be evaluated.
 */
static bool
tail_rate_row(const double *p, double x, double t, double lF, const double *g, double *H)
{
	double		ea = p[0] + x,
				eb = p[2] + 1,
				al = p[1],
				be = p[3];
	bool		alpha_big = al >= be;
	int			P = alpha_big ? 1 : 3,
				O = alpha_big ? 3 : 1;
	double		eP = alpha_big ? ea : eb,
				eO = alpha_big ? eb : ea;
	double		l0 = lF,
				d0[2] = {g[0], g[2]},	/* d log F / d ea, d eb: the r and s entries */
				l1,
				d1[2],
				l2,
				dd[2],
				lO,
				lPO,
				rho1,
				rho2,
				rhoO,
				rhoPO;
	int			k;

	if (!tail_exponents(ea + (alpha_big ? 1 : 0), eb + (alpha_big ? 0 : 1), al, be, t, &l1, &d1[0], &d1[1]) ||
		!tail_exponents(ea + (alpha_big ? 2 : 0), eb + (alpha_big ? 0 : 2), al, be, t, &l2, &dd[0], &dd[1]) ||
		!tail_exponents(ea + (alpha_big ? 0 : 1), eb + (alpha_big ? 1 : 0), al, be, t, &lO, &dd[0], &dd[1]) ||
		!tail_exponents(ea + 1, eb + 1, al, be, t, &lPO, &dd[0], &dd[1]))
		return false;
	rho1 = exp(l1 - l0);
	rho2 = exp(l2 - l0);
	rhoO = exp(lO - l0);
	rhoPO = exp(lPO - l0);
	H[P * NPARAM + P] = eP * rho2 + eP * eP * (rho2 - rho1 * rho1);
	H[P * NPARAM + O] = H[O * NPARAM + P] = eP * eO * (rhoPO - rho1 * rhoO);
	/* r moves ea (index 0 of d), s moves eb (index 1) */
	for (k = 0; k < 2; k++)
	{
		int			theta = k == 0 ? 0 : 2;
		double		deP = (alpha_big ? k == 0 : k == 1) ? 1.0 : 0.0;
		double		v = -deP * rho1 - eP * rho1 * (d1[k] - d0[k]);

		H[P * NPARAM + theta] = H[theta * NPARAM + P] = v;
	}
	return true;
}

/*
 * log F_x(t) and, when g is not NULL, its gradient with respect to
 * (r, alpha, s, beta), and when H is not NULL (with g) its Hessian (4 x 4,
 * row-major).  log F = -A log m + log 2F1(A, B; A+1; w) - log A is a
 * function of u = (A, B, w, m), with A, B and m linear in the parameters
 * and w = |alpha - beta| / m: the Hessian is J' H_u J + (d log F / dw) H_w,
 * with J the Jacobian of u and H_w the Hessian of w.  False when the 2F1
 * could not be evaluated.
 */
static bool
log_tail(const double *p, double x, double t, double *lF, double *g, double *H)
{
	double		r = p[0],
				al = p[1],
				s = p[2],
				be = p[3];
	double		A = r + s + x;
	double		l2,
				d[3],
				d2[6];
	bool		alpha_big = al >= be;
	double		m = alpha_big ? al + t : be + t;
	double		other = alpha_big ? be + t : al + t;
	double		B = alpha_big ? s + 1 : r + x;
	double		w = fabs(al - be) / m;
	double		omw = other / m;
	double		lm = log(m);

	if (!ltv_log_hyp2f1_ab1_d2(A, B, w, omw, &l2, g ? d : NULL, g && H ? d2 : NULL))
		return false;
	*lF = -A * lm + l2 - log(A);
	if (g)
	{
		double		common = -lm + d[0] - 1.0 / A;	/* through A */

		if (alpha_big)
		{
			g[0] = common;
			g[2] = common + d[1];
			g[1] = -A / m + d[2] * other / (m * m);
			g[3] = -d[2] / m;
		}
		else
		{
			g[0] = common + d[1];
			g[2] = common;
			g[1] = -d[2] / m;
			g[3] = -A / m + d[2] * other / (m * m);
		}
	}
	if (g && H)
	{
		/* u = (A, B, w, m) */
		double		Hu[4][4] = {
			{d2[0] + 1.0 / (A * A), d2[1], d2[2], -1.0 / m},
			{d2[1], d2[3], d2[4], 0.0},
			{d2[2], d2[4], d2[5], 0.0},
			{-1.0 / m, 0.0, 0.0, A / (m * m)}};
		double		J[4][NPARAM] = {{1, 0, 1, 0}, {0}, {0}, {0}};
		int			wi = alpha_big ? 1 : 3,		/* the parameter in m */
					oi = alpha_big ? 3 : 1;		/* the other rate's */
		int			i,
					j,
					a,
					b;

		J[1][alpha_big ? 2 : 0] = 1.0;
		J[2][wi] = omw / m;
		J[2][oi] = -1.0 / m;
		J[3][wi] = 1.0;
		for (i = 0; i < NPARAM; i++)
			for (j = 0; j < NPARAM; j++)
			{
				double		v = 0.0;

				for (a = 0; a < 4; a++)
					for (b = 0; b < 4; b++)
						v += J[a][i] * Hu[a][b] * J[b][j];
				H[i * NPARAM + j] = v;
			}
		/* w's own second derivatives */
		H[wi * NPARAM + wi] += d[2] * -2.0 * omw / (m * m);
		H[1 * NPARAM + 3] += d[2] / (m * m);
		H[3 * NPARAM + 1] += d[2] / (m * m);
		/*
		 * The row of the rate in m without the cancellation above, where that
		 * rate's exponent is much the smaller of the two (A / eP > 16).  Where
		 * it is the larger (e.g. s = 1e4 with alpha < beta) its entries cancel
		 * against the likelihood's beta^s instead and the form above keeps
		 * more digits; in between both are good, and this one costs four more
		 * 2F1s.
		 */
		if ((alpha_big ? 16 * (r + x) < s + 1 : 16 * (s + 1) < r + x) && !tail_rate_row(p, x, t, *lF, g, H))
			return false;
	}
	return true;
}

/*
 * The death term's integral F(t_x) - F(T) = int_{t_x}^T (alpha+u)^-(r+x)
 * (beta+u)^-(s+1) du by quadrature, its log into dt->ld and the log's
 * gradient and Hessian into dt->e and dt->h (for the Hessian only: the
 * likelihood keeps the tails' closed form).  The log of the integrand is
 * h(u) = -(r+x) log(alpha+u) - (s+1) log(beta+u), decreasing, so its peak
 * is at t_x; the weights are Z = (log(alpha+u), 1/(alpha+u), log(beta+u),
 * 1/(beta+u)) less their values at t_x, and their products: the gradient
 * is E[dh] and the Hessian E[d2h] + Cov(dh), dh = (-Z0, -(r+x) Z1, -Z2,
 * -(s+1) Z3), the covariances of the centred weights (no differences of
 * large moments where the integrand is narrow).  False when the
 * quadrature fails.
 */
typedef struct DeathTerm
{
	double		ld,				/* log of the integral */
				e[NPARAM],		/* its gradient */
				h[NPARAM * NPARAM];	/* and Hessian */
} DeathTerm;

typedef struct DeathCtx
{
	double		ea,				/* r + x */
				eb,				/* s + 1 */
				al,
				be,
				t0;				/* t_x */
} DeathCtx;

#define DEATH_NW 14

static void
death_integrand(double u, void *ctx, double *h, double *w)
{
	const DeathCtx *c = ctx;
	double		du = u - c->t0,
				a = c->al + u,
				b = c->be + u,
				a0 = c->al + c->t0,
				b0 = c->be + c->t0;
	double		z[4];
	int			i,
				j,
				k = 4;

	*h = -c->ea * log(a) - c->eb * log(b);
	z[0] = log1p(du / a0);
	z[1] = -du / (a * a0);
	z[2] = log1p(du / b0);
	z[3] = -du / (b * b0);
	for (i = 0; i < 4; i++)
	{
		w[i] = z[i];
		for (j = i; j < 4; j++)
			w[k++] = z[i] * z[j];
	}
}

static bool
death_direct(const double *p, double x, double t_x, double T, DeathTerm *dt)
{
	double	   *e = dt->e,
			   *hess = dt->h;
	DeathCtx	c;
	double		lv,
				m[DEATH_NW],
				z0[4],
				mean[4],
				cov[4][4],
				coef[4],
				h0,
				wdummy[DEATH_NW],
				scale;
	int			i,
				j,
				k = 4;

	c.ea = p[0] + x;
	c.eb = p[2] + 1;
	c.al = p[1];
	c.be = p[3];
	c.t0 = t_x;
	death_integrand(t_x, &c, &h0, wdummy);
	scale = 1.0 / (c.ea / (c.al + t_x) + c.eb / (c.be + t_x));
	if (!ltv_quad_log(death_integrand, &c, t_x, T, h0, t_x, scale, DEATH_NW, &lv, m))
		return false;
	z0[0] = log(c.al + t_x);
	z0[1] = 1.0 / (c.al + t_x);
	z0[2] = log(c.be + t_x);
	z0[3] = 1.0 / (c.be + t_x);
	for (i = 0; i < 4; i++)
		mean[i] = m[i];			/* centred at t_x */
	for (i = 0; i < 4; i++)
		for (j = i; j < 4; j++, k++)
			cov[i][j] = cov[j][i] = m[k] - mean[i] * mean[j];
	coef[0] = -1.0;
	coef[1] = -c.ea;
	coef[2] = -1.0;
	coef[3] = -c.eb;
	/* in the parameters' order (r, alpha, s, beta) = Z's order */
	for (i = 0; i < 4; i++)
		e[i] = coef[i] * (z0[i] + mean[i]);
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++)
			hess[i * NPARAM + j] = coef[i] * coef[j] * cov[i][j];
	{
		double		Ka = z0[1] + mean[1],
					Kb = z0[3] + mean[3],
					Ka2 = z0[1] * z0[1] + 2.0 * z0[1] * mean[1] + m[4 + 4],	/* E[Z1^2] */
					Kb2 = z0[3] * z0[3] + 2.0 * z0[3] * mean[3] + m[4 + 9];	/* E[Z3^2] */

		hess[0 * NPARAM + 1] -= Ka;
		hess[1 * NPARAM + 0] -= Ka;
		hess[1 * NPARAM + 1] += c.ea * Ka2;
		hess[2 * NPARAM + 3] -= Kb;
		hess[3 * NPARAM + 2] -= Kb;
		hess[3 * NPARAM + 3] += c.eb * Kb2;
	}
	for (i = 0; i < NPARAM * NPARAM; i++)
		if (!isfinite(hess[i]))
			return false;
	dt->ld = lv;
	return isfinite(lv);
}

/*
 * log[(alpha+T)^-(r+x) (beta+T)^-s + s (F_x(t_x) - F_x(T))] from the two
 * tails (lF1 at t_x, lF2 at T; gradients g1, g2 when g is wanted, Hessians
 * H1, H2 when H is), its gradient into g and Hessian into H (when not
 * NULL), and the first term's share (P(alive)) into *share.  With pi1, pi2
 * the two terms' shares and d1, d2 their logs' gradients, the Hessian is
 * pi1 H_1 + pi2 H_2 + pi1 pi2 (d1 - d2)(d1 - d2)'; the second term's
 * log(F1 - F2) has gradient e = (g1 - q g2) / (1 - q), q = F2 / F1.  Its
 * Hessian comes from death (death_direct: the integral over (t_x, T]
 * itself) when not NULL, else from the tails as (H1 - q H2) / (1 - q) -
 * q / (1 - q)^2 (g1 - g2)(g1 - g2)'.  The tails' form loses what F2 and F1
 * share: where q is near 1 (1 - q = 4e-8 at s = 1e-4, beta = 1e4, with
 * tails' Hessians near 2.5e7) all digits, and where A is large the 2F1's
 * second derivatives carry 1e-7 relative errors into entries that cancel
 * to 1e-13.
 */
static double
combine(const double *p, double x, double t_x, double T, double lT_a, double lT_b,
		double lF1, const double *g1, const double *H1, double lF2, const double *g2, const double *H2,
		const DeathTerm *death, double *g, double *H, double *share)
{
	double		r = p[0],
				al = p[1],
				s = p[2],
				be = p[3];
	double		l1 = -(r + x) * lT_a - s * lT_b;
	double		ls,
				pi1,
				pi2,
				q = 0.0,
				omq = 1.0,		/* 1 - q */
				l2 = -INFINITY;
	double		d1[NPARAM] = {-lT_a, -(r + x) / (al + T), -lT_b, -s / (be + T)},
				d2[NPARAM] = {0, 0, 0, 0},
				e[NPARAM] = {0, 0, 0, 0};
	int			k,
				j;

	if (t_x < T)
	{
		double		dlt = lF2 - lF1;	/* <= 0 */

		q = exp(dlt);
		omq = -expm1(dlt);
		l2 = log(s) + lF1 + log(omq);
	}
	ls = ltv_logaddexp(l1, l2);
	pi1 = exp(l1 - ls);
	pi2 = t_x < T ? exp(l2 - ls) : 0.0;
	if (share)
		*share = pi1;
	if (g)
	{
		for (k = 0; k < NPARAM; k++)
		{
			if (pi2 > 0)
			{
				e[k] = (g1[k] - q * g2[k]) / (1 - q);
				d2[k] = e[k] + (k == 2 ? 1.0 / s : 0.0);
			}
			g[k] = pi1 * d1[k] + pi2 * d2[k];
		}
	}
	if (g && H)
	{
		double		ia = 1.0 / (al + T),
					ib = 1.0 / (be + T),
					eh[NPARAM],
					h2[NPARAM * NPARAM],
					D[NPARAM],
					S[NPARAM] = {0, 0, 1.0 / s, 0},
					p1 = pi1,
					p2 = pi2;

		if (pi2 > 0)
		{
			/*
			 * The death term's own gradient and Hessian, and pi1 and pi2 from
			 * its integral (here only, so that the likelihood and its gradient
			 * stay the same function); from the tails where it could not be
			 * integrated
			 */
			if (death != NULL)
			{
				double		lsd = ltv_logaddexp(l1, log(s) + death->ld);

				p1 = exp(l1 - lsd);
				p2 = exp(log(s) + death->ld - lsd);
				memcpy(eh, death->e, sizeof(eh));
				memcpy(h2, death->h, sizeof(h2));
			}
			else
			{
				for (k = 0; k < NPARAM; k++)
				{
					eh[k] = e[k];
					for (j = 0; j < NPARAM; j++)
						h2[k * NPARAM + j] = (H1[k * NPARAM + j] - q * H2[k * NPARAM + j]) / omq -
							q / (omq * omq) * (g1[k] - g2[k]) * (g1[j] - g2[j]);
				}
			}
		}
		memset(H, 0, sizeof(double) * NPARAM * NPARAM);
		/* the first term's Hessian */
		H[0 * NPARAM + 1] = H[1 * NPARAM + 0] = -p1 * ia;
		H[1 * NPARAM + 1] = p1 * (r + x) * ia * ia;
		H[2 * NPARAM + 3] = H[3 * NPARAM + 2] = -p1 * ib;
		H[3 * NPARAM + 3] = p1 * s * ib * ib;
		if (pi2 > 0)
		{
			/*
			 * The second term's log is log s + log(F1 - F2): with D = d1 - eh
			 * and S = (0, 0, 1/s, 0), p2 (h2 - S S') + p1 p2 (D - S)(D - S)' is
			 * p2 h2 + p1 p2 (D D' - D S' - S D') - p2^2 S S' (p1 + p2 = 1),
			 * without the terms in 1/s^2 that cancel where s is small.
			 */
			for (k = 0; k < NPARAM; k++)
				D[k] = d1[k] - eh[k];
			for (k = 0; k < NPARAM; k++)
				for (j = 0; j < NPARAM; j++)
					H[k * NPARAM + j] += p2 * h2[k * NPARAM + j] +
						p1 * p2 * (D[k] * D[j] - D[k] * S[j] - S[k] * D[j]) - p2 * p2 * S[k] * S[j];
		}
	}
	return ls;
}

/*
 * One customer: log-likelihood (gradient into g when not NULL, Hessian into
 * H when not NULL too), P(alive) into *palive
 */
static bool
cell_loglik(const double *p, double x, double t_x, double T, double *ll, double *g, double *H, double *palive)
{
	double		lF1,
				lF2 = 0.0,
				g1[NPARAM],
				g2[NPARAM],
				gs[NPARAM],
				H1[NPARAM * NPARAM],
				H2[NPARAM * NPARAM];
	bool		want_h = g != NULL && H != NULL,
				direct = false,
				tails_h;
	double		ls;
	DeathTerm	death;

	/*
	 * For the Hessian the death term is integrated directly (death_direct);
	 * the tails' Hessians only where that fails
	 */
	if (want_h && t_x < T)
		direct = death_direct(p, x, t_x, T, &death);
	tails_h = want_h && t_x < T && !direct;
	if (!log_tail(p, x, t_x, &lF1, g ? g1 : NULL, tails_h ? H1 : NULL))
		return false;
	if (t_x < T && !log_tail(p, x, T, &lF2, g ? g2 : NULL, tails_h ? H2 : NULL))
		return false;
	ls = combine(p, x, t_x, T, log(p[1] + T), log(p[3] + T), lF1, g1, H1, lF2, g2, H2, direct ? &death : NULL,
				 g ? gs : NULL, want_h ? H : NULL, palive);
	*ll = lgamma(p[0] + x) - lgamma(p[0]) + p[0] * log(p[1]) + p[2] * log(p[3]) + ls;
	if (g)
	{
		g[0] = ltv_digamma(p[0] + x) - ltv_digamma(p[0]) + log(p[1]) + gs[0];
		g[1] = p[0] / p[1] + gs[1];
		g[2] = log(p[3]) + gs[2];
		g[3] = p[2] / p[3] + gs[3];
	}
	if (want_h)
	{
		/* Gamma(r+x) alpha^r beta^s / Gamma(r) */
		H[0 * NPARAM + 0] += ltv_trigamma(p[0] + x) - ltv_trigamma(p[0]);
		H[0 * NPARAM + 1] += 1.0 / p[1];
		H[1 * NPARAM + 0] += 1.0 / p[1];
		H[1 * NPARAM + 1] -= p[0] / (p[1] * p[1]);
		H[2 * NPARAM + 3] += 1.0 / p[3];
		H[3 * NPARAM + 2] += 1.0 / p[3];
		H[3 * NPARAM + 3] -= p[2] / (p[3] * p[3]);
	}
	return isfinite(*ll);
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
		double		l,
					w = cells[i].count;

		if (!ltv_bgnbd_cell_valid(cells[i].x, cells[i].t_x, cells[i].T) ||
			!cell_loglik(params, cells[i].x, cells[i].t_x, cells[i].T, &l, want_g ? g : NULL,
						 hess ? h : NULL, NULL))
			return NAN;
		ll += w * l;
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

static size_t
scratch_doubles(const LtvCellTable *d)
{
	return 2 * d->nx + 5 * (d->npt + d->npT) + 2 * d->nT;
}

/*
 * The tails of one x at many t: F_x(t) = F_x(t0) + int_t^t0 f(u) du with
 * f(u) = (alpha+u)^-(r+x) (beta+u)^-(s+1), the integral by 8-point
 * Gauss-Legendre on panels over which log f changes by at most
 * PANEL_LOG_CHANGE (f is smooth and log-convex there: the rule's error is
 * below 1e-15 relative; test/unit/test_pareto_nbd.c compares with log_tail).
 * The fit's tables hold each x at up to hundreds of t (days of two years):
 * one step costs about 16 exp/log, the 2F1 of log_tail up to 20 times more
 * where w > 3/4 (alpha much smaller than beta).
 */
#define PANEL_LOG_CHANGE 1.0
#define MAX_PANELS 8

static const double gl8_x[4] = {0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363};
static const double gl8_w[4] = {0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763};

/*
 * log F_x(t) and its gradient (when g is not NULL) from those at t0 > t (lF0,
 * g0).  False when the step needs more than MAX_PANELS panels: the caller
 * evaluates the tail directly.
 */
static bool
tail_step(const double *p, double x, double t, double t0, double lF0, const double *g0, double *lF, double *g)
{
	double		ra = p[0] + x,
				sb = p[2] + 1;
	double		change = ra * log((p[1] + t0) / (p[1] + t)) + sb * log((p[3] + t0) / (p[3] + t));
	double		h,
				sum = 0.0,
				gs[NPARAM] = {0, 0, 0, 0};
	int			panels,
				k,
				j,
				sign;

	if (!(change >= 0) || !(change <= MAX_PANELS * PANEL_LOG_CHANGE))
		return false;
	panels = (int) ceil(change / PANEL_LOG_CHANGE);
	if (panels < 1)
		panels = 1;
	h = (t0 - t) / panels;
	for (k = 0; k < panels; k++)
	{
		double		mid = t + (k + 0.5) * h;

		for (j = 0; j < 4; j++)
			for (sign = -1; sign <= 1; sign += 2)
			{
				double		u = mid + sign * 0.5 * h * gl8_x[j];
				double		la = log(p[1] + u),
							lb = log(p[3] + u);
				double		v = 0.5 * h * gl8_w[j] * exp(-ra * la - sb * lb - lF0);

				sum += v;
				if (g)
				{
					gs[0] -= v * la;
					gs[1] -= v * ra / (p[1] + u);
					gs[2] -= v * lb;
					gs[3] -= v * sb / (p[3] + u);
				}
			}
	}
	*lF = lF0 + log1p(sum);
	if (g)
		for (k = 0; k < NPARAM; k++)
			g[k] = (g0[k] + gs[k]) / (1.0 + sum);
	return isfinite(*lF);
}

/*
 * Every tail of the table (log F and 4 gradient entries into spt per (x, t_x)
 * pair, into spT per (x, T) pair): for each x from its largest t down, each
 * from the one above it (tail_step), directly (log_tail) for the first and
 * where a step would be long.  The pairs are sorted by x then t (the table's
 * index_pairs), so walking both lists backwards merges them; a t out of order
 * is evaluated directly.
 */
static bool
table_tails(const LtvCellTable *d, const double *p, double *spt, double *spT, bool want_grad)
{
	size_t		i = d->npt,
				j = d->npT;

	while (i > 0 || j > 0)
	{
		uint32_t	xi = (i > 0 && (j == 0 || d->pt_x[i - 1] >= d->pT_x[j - 1])) ? d->pt_x[i - 1] : d->pT_x[j - 1];
		double		x = d->xv[xi],
					t0 = 0.0;
		const double *prev = NULL;

		while ((i > 0 && d->pt_x[i - 1] == xi) || (j > 0 && d->pT_x[j - 1] == xi))
		{
			bool		in_t = i > 0 && d->pt_x[i - 1] == xi;
			bool		in_T = j > 0 && d->pT_x[j - 1] == xi;
			double		t;
			double	   *out;

			if (in_t && (!in_T || d->tv[d->pt_t[i - 1]] >= d->Tv[d->pT_T[j - 1]]))
			{
				i--;
				t = d->tv[d->pt_t[i]];
				out = &spt[5 * i];
			}
			else
			{
				j--;
				t = d->Tv[d->pT_T[j]];
				out = &spT[5 * j];
			}
			if (prev && t == t0)
				memcpy(out, prev, 5 * sizeof(double));
			else if (!(prev && t < t0 &&
					   tail_step(p, x, t, t0, prev[0], prev + 1, &out[0], want_grad ? &out[1] : NULL)) &&
					 !log_tail(p, x, t, &out[0], want_grad ? &out[1] : NULL, NULL))
				return false;
			prev = out;
			t0 = t;
		}
	}
	return true;
}

static double
table_loglik(const LtvCellTable *d, const double *p, double *grad)
{
	double	   *sx = d->scratch;	/* per x: lgamma(r+x), digamma(r+x) */
	double	   *spt = sx + 2 * d->nx;	/* per (x, t_x): log F, 4 gradient entries */
	double	   *spT = spt + 5 * d->npt;	/* per (x, T) */
	double	   *sT = spT + 5 * d->npT;	/* per T: log(alpha+T), log(beta+T) */
	double		ll = 0.0,
				g[NPARAM] = {0, 0, 0, 0},
				gsum_dig = 0.0;
	size_t		i;
	int			k;

	if (grad)
		memset(grad, 0, sizeof(double) * NPARAM);
	if (!params_ok(p))
		return NAN;
	for (i = 0; i < d->nx; i++)
	{
		sx[2 * i] = lgamma(p[0] + d->xv[i]);
		sx[2 * i + 1] = grad ? ltv_digamma(p[0] + d->xv[i]) : 0.0;
	}
	if (!table_tails(d, p, spt, spT, grad != NULL))
		return NAN;
	for (i = 0; i < d->nT; i++)
	{
		sT[2 * i] = log(p[1] + d->Tv[i]);
		sT[2 * i + 1] = log(p[3] + d->Tv[i]);
	}
	for (i = 0; i < d->ncells; i++)
	{
		double		x = d->xv[d->xi[i]],
					t_x = d->tv[d->ti[i]],
					T = d->Tv[d->Ti[i]];
		const double *f1 = &spt[5 * d->pti[i]],
				   *f2 = &spT[5 * d->pTi[i]];
		double		w = d->count[i],
					gs[NPARAM],
					ls;

		if ((i & (INTERRUPT_EVERY - 1)) == INTERRUPT_EVERY - 1 && d->opts && d->opts->check_interrupts)
			d->opts->check_interrupts();
		ls = combine(p, x, t_x, T, sT[2 * d->Ti[i]], sT[2 * d->Ti[i] + 1], f1[0], f1 + 1, NULL, f2[0],
					 f2 + 1, NULL, NULL, grad ? gs : NULL, NULL, NULL);
		ll += w * (sx[2 * d->xi[i]] + ls);
		if (grad)
		{
			for (k = 0; k < NPARAM; k++)
				g[k] += w * gs[k];
			gsum_dig += w * sx[2 * d->xi[i] + 1];
		}
	}
	ll += d->total * (-lgamma(p[0]) + p[0] * log(p[1]) + p[2] * log(p[3]));
	if (grad)
	{
		grad[0] = g[0] + gsum_dig + d->total * (-ltv_digamma(p[0]) + log(p[1]));
		grad[1] = g[1] + d->total * p[0] / p[1];
		grad[2] = g[2] + d->total * log(p[3]);
		grad[3] = g[3] + d->total * p[2] / p[3];
	}
	return isfinite(ll) ? ll : NAN;
}

/*
 * The fit's parameters: theta = (log r, log(r/alpha), log s, log(s/beta)),
 * the logs of the shapes and of the mean purchase and dropout rates.  The
 * likelihood is nearly flat along s/beta constant (large s and beta: the
 * dropout rates concentrate), and this makes that ridge axis-aligned.
 */
static void
to_params(const double *th, double *p, double *jac)
{
	p[0] = exp(th[0]);
	p[1] = exp(th[0] - th[1]);
	p[2] = exp(th[2]);
	p[3] = exp(th[2] - th[3]);
	if (jac)
	{
		memset(jac, 0, NPARAM * NPARAM * sizeof(double));
		jac[0 * NPARAM + 0] = p[0];
		jac[1 * NPARAM + 0] = p[1];
		jac[1 * NPARAM + 1] = -p[1];
		jac[2 * NPARAM + 2] = p[2];
		jac[3 * NPARAM + 2] = p[3];
		jac[3 * NPARAM + 3] = -p[3];
	}
}

static void
to_theta(const double *p, double *th)
{
	th[0] = log(p[0]);
	th[1] = log(p[0] / p[1]);
	th[2] = log(p[2]);
	th[3] = log(p[2] / p[3]);
}

/* starts: shapes (r, s) and the mean lifetime beta/s as a multiple of the mean age */
static void
start(int i, const LtvCellStats *st, double *p)
{
	static const double starts[][3] = {{0.5, 0.5, 2.0}, {1.0, 1.0, 1.0}, {0.25, 1.0, 4.0}, {2.0, 0.5, 0.5}};

	p[0] = starts[i][0];
	p[1] = starts[i][0] / st->rate;
	p[2] = starts[i][1];
	p[3] = starts[i][1] * starts[i][2] * fmax(st->mean_T, 1e-6);
}

static const LtvFitSpec fit_spec = {
	.nparams = NPARAM,
	.loglik = table_loglik,
	.scratch_doubles = scratch_doubles,
	.nstarts = 4,
	.start = start,
	.to_params = to_params,
	.to_theta = to_theta,
	.cell_valid = ltv_bgnbd_cell_valid,
	.loglik_hessian = pm_loglik_hessian,
};

static LtvFitStatus
pm_fit(const LtvCell *cells, size_t ncells, const LtvFitOptions *opts, LtvPurchaseFit *fit)
{
	return ltv_purchase_fit_run(&fit_spec, cells, ncells, opts, fit);
}

/* ---- predictions ---- */

static double
pm_p_alive(const double *p, double x, double t_x, double T)
{
	double		ll,
				pa;

	if (!params_ok(p) || !ltv_bgnbd_cell_valid(x, t_x, T))
		return NAN;
	if (!cell_loglik(p, x, t_x, T, &ll, NULL, NULL, &pa))
		return NAN;
	return pa;
}

/* [1 - (1+u)^-(s-1)] / (s-1), with lu = log(1+u); lu at s = 1 */
static double
dropout_integral(double s, double lu)
{
	double		y = (s - 1) * lu;

	if (y == 0.0)
		return lu;
	return -expm1(-y) / (s - 1);
}

static double
pm_expected(const double *p, double t, double x, double t_x, double T)
{
	double		pa;

	if (!(t >= 0) || !isfinite(t))
		return NAN;
	pa = pm_p_alive(p, x, t_x, T);
	if (isnan(pa))
		return NAN;
	if (t == 0)
		return 0.0;
	return (p[0] + x) / (p[1] + T) * (p[3] + T) * dropout_integral(p[2], log1p(t / (p[3] + T))) * pa;
}

static double
pm_expected_new(const double *p, double t)
{
	if (!params_ok(p) || !(t >= 0) || !isfinite(t))
		return NAN;
	if (t == 0)
		return 0.0;
	return p[0] / p[1] * p[3] * dropout_integral(p[2], log1p(t / p[3]));
}

/* log of u^n (alpha+u)^-(r+n) (beta+u)^-(s+1) u du at u = e^z */
typedef struct ProbCtx
{
	double		n,
				r,
				al,
				s,
				be;
} ProbCtx;

static double
prob_h(const ProbCtx *c, double z)
{
	/* log(a + e^z) = z + log1p(a e^-z) for large z, log(a) + log1p(e^z / a) otherwise */
	double		la = z > log(c->al) ? z + log1p(c->al * exp(-z)) : log(c->al) + log1p(exp(z) / c->al);
	double		lb = z > log(c->be) ? z + log1p(c->be * exp(-z)) : log(c->be) + log1p(exp(z) / c->be);

	return (c->n + 1) * z - (c->r + c->n) * la - (c->s + 1) * lb;
}

static double
prob_dh(const ProbCtx *c, double z)
{
	return (c->n + 1) - (c->r + c->n) / (1 + c->al * exp(-z)) - (c->s + 1) / (1 + c->be * exp(-z));
}

static void
prob_integrand(double z, void *ctx, double *h, double *w)
{
	(void) w;
	*h = prob_h(ctx, z);
}

/* the z where h' = target, in [lo, hi] (h' decreasing, h'(lo) > target > h'(hi)) */
static double
solve_dh(const ProbCtx *c, double lo, double hi, double target)
{
	int			i;

	for (i = 0; i < 200 && hi - lo > 1e-15 * fmax(1.0, fabs(lo) + fabs(hi)); i++)
	{
		double		mid = 0.5 * (lo + hi);

		if (prob_dh(c, mid) > target)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* log int_0^t u^n (alpha+u)^-(r+n) (beta+u)^-(s+1) du */
static bool
log_prob_integral(const double *p, double t, double n, double *value)
{
	ProbCtx		c = {n, p[0], p[1], p[2], p[3]};
	double		Z = log(t),
				lo,
				za,
				zs,
				zlo,
				half = 0.5 * (n + 1),
				scale,
				dummy;

	/* h is concave in z = log u, with h' -> n + 1 as z -> -inf */
	lo = log(fmin(c.al, c.be)) + log(half / (c.r + c.n + c.s + 1)) - 1;
	if (lo > Z)
		lo = Z - 1;
	za = prob_dh(&c, Z) >= half ? Z : solve_dh(&c, lo, Z, half);
	zs = prob_dh(&c, Z) >= 0 ? Z : solve_dh(&c, za, Z, 0.0);
	/* below za, h falls at least with slope h'(za) >= (n+1)/2: 46 below the maximum at zlo */
	zlo = za - 46.0 / prob_dh(&c, za);
	/* the width at the maximum: 1/h'(Z) when it is the end, 1/sqrt(-h'') inside */
	if (zs == Z && prob_dh(&c, Z) > 0)
		scale = 1.0 / prob_dh(&c, Z);
	else
	{
		double		ea = 1.0 / (1 + c.al * exp(-zs)),
					eb = 1.0 / (1 + c.be * exp(-zs));

		scale = 1.0 / sqrt((c.r + c.n) * ea * (1 - ea) + (c.s + 1) * eb * (1 - eb));
	}
	return ltv_quad_log(prob_integrand, &c, zlo, Z, prob_h(&c, zs), zs, scale, 0, value, &dummy);
}

static double
pm_prob_n(const double *p, double t, double n)
{
	double		r = p[0],
				al = p[1],
				s = p[2],
				be = p[3];
	double		common,
				l1,
				lK,
				l2;

	if (!params_ok(p) || !(t >= 0) || !isfinite(t) || !(n >= 0) || n != floor(n) || n > 1e7)
		return NAN;
	if (t == 0)
		return n == 0 ? 1.0 : 0.0;
	common = lgamma(r + n) - lgamma(r) - lgamma(n + 1);
	l1 = common + r * log(al / (al + t)) + n * log(t / (al + t)) + s * log(be / (be + t));
	if (!log_prob_integral(p, t, n, &lK))
		return NAN;
	l2 = common + log(s) + s * log(be) + r * log(al) + lK;
	return exp(ltv_logaddexp(l1, l2));
}

const LtvPurchaseModel ltv_pareto_nbd_model = {
	.kind = LTV_PM_PARETO_NBD,
	.name = "pareto_nbd",
	.label = "Pareto/NBD",
	.nparams = NPARAM,
	.param_names = {"r", "alpha", "s", "beta"},
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
