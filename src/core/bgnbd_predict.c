/*
 * bgnbd_predict.c: BG/NBD predictions (Fader, Hardie & Lee 2005, eq. 8, 9,
 * 10 and P(alive)) to full double precision over the whole parameter space.
 *
 * Both expectations are G(A, B, a, u) times P(alive), where
 *
 *   G = E[(1 - (1 + p u)^-A) / p],  p ~ Beta(a, B),
 *
 * the expected number of purchases of a customer who is alive with rate
 * lambda ~ Gamma(A, alpha + T) and dropout probability p ~ Beta(a, B) over a
 * horizon t, u = t / (alpha + T) (integrate (1 - exp(-lambda p t)) / p over
 * lambda): A = r + x, B = b + x for eq. 10, A = r, B = b, T = 0 for eq. 9.
 * FHL write it as (a + B - 1)/(a - 1) [1 - (1-z)^A 2F1(A, B; a + B - 1; z)],
 * z = u / (1 + u), which is 0/0 at a = 1, cancels for short horizons and
 * needs c = a + B - 1 > 0.  G is evaluated instead by one of three exact
 * forms, each with a computed condition number, in this order:
 *
 * (E) the Euler-transformed series without the division by a - 1:
 *       G = C E1 - V + (a - 1) E1 V,  C = a + B - 1,
 *       E1 = (1 - (1-z)^(a-1)) / (a - 1)  (= -log(1-z) at a = 1),
 *       V = sum_k>=1 v_k z^k,  v_1 = C - A,
 *       v_(k+1) = v_k (C - A + k)(a + k - 1) / ((C + k)(k + 1)).
 *     Its coefficients do not grow with x and it is defined for every
 *     C > -1, so it is the fast path (and the one ltv_predict shares over its
 *     monthly steps); it cancels when C is much larger than A.
 * (N) a series of positive terms: with N ~ NegBin(A + 1, z) and
 *     S_n = sum_{k<=n} (B)_k / (a + B)_k,
 *       G = A u E[S_N / (N + 1)],
 *     (1/p = sum_k (1-p)^k inside the expectation); summed with
 *     self-normalized weights, so (1-z)^(A+1) never underflows.  It costs
 *     about (A + 1) u + 40 (1 + u) terms.
 * (M) for long horizons (u >= 1), the Mellin-Barnes integral of
 *     G = A u 3F2(1, A+1, a; 2, a+B; -u)
 *       = K (1/2 pi i) int Gamma(A+s) Gamma(a-1+s) Gamma(1-s) / (s Gamma(a+B-1+s)) u^s ds,
 *     K = Gamma(a+B) / (Gamma(A) Gamma(a)), along a line between the poles
 *     (src/core/mellin.c), which holds uniformly through the degenerate cases
 *     (a = 1, A - a an integer) where connection formulas lose digits.
 */
#include "bgnbd.h"

#include <float.h>
#include <math.h>

#include "mellin.h"
#include "special.h"

#define EULER_MAX_TERMS 5000
#define NB_MAX_TERMS 400000
/* condition number (sum of |terms| / result) up to which the Euler series is trusted */
#define EULER_MAX_COND 1e3

/* one evaluation point of G */
typedef struct GPoint
{
	double		A,
				B,
				a,
				CA;				/* a + B - 1 - A, formed from the model's parameters */
	double		u,				/* t / (alpha + T) */
				z,				/* u / (1 + u) */
				L;				/* log(1 - z) = -log1p(u) */
} GPoint;

static bool
params_valid(const LtvBgnbdParams *p)
{
	return p->r > 0 && p->alpha > 0 && p->a > 0 && p->b > 0 &&
		isfinite(p->r) && isfinite(p->alpha) && isfinite(p->a) && isfinite(p->b);
}

static void
g_point(GPoint *g, const LtvBgnbdParams *p, double x, double base, double t)
{
	g->A = p->r + x;
	g->B = p->b + x;
	g->a = p->a;
	g->CA = (p->a + p->b - 1.0) - p->r;
	g->u = t / base;
	g->z = t / (base + t);
	g->L = -log1p(g->u);
}

/* log of the odds against being alive, a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x), x > 0 */
static double
log_dead_odds(const LtvBgnbdParams *p, double x, double t_x, double T)
{
	return log(p->a / (p->b + x - 1)) + (p->r + x) * log1p((T - t_x) / (p->alpha + t_x));
}

/* (1 - (1-z)^eps) / eps, its limit -log(1-z) at eps = 0 */
static double
euler_e1(double eps, double L)
{
	return eps == 0.0 ? -L : -expm1(eps * L) / eps;
}

/* a rough count of the terms the Euler series needs at z */
static double
euler_terms(const GPoint *g)
{
	/* z^k below 1e-17 for k >= 40 / -log(z) (z <= 0.9: at most 380) */
	double		geometric = g->z > 0 ? (g->z <= 0.9 ? 40.0 / -log1p(-g->z) : 40.0 / -log(g->z)) : 1.0;
	double		power = g->A + 1.0 - g->a;

	if (geometric <= 400.0 || !(power > 0.5))
		return geometric;
	return fmin(geometric, pow(10.0, 17.0 / power));
}

/*
 * (E).  Returns false when it did not converge within EULER_MAX_TERMS or its
 * condition number exceeds EULER_MAX_COND (then *out is NaN).
 */
static bool
g_euler(const GPoint *g, double *out, double *cond_out)
{
	double		C = g->a + g->B - 1.0,
				CA = g->CA,
				a = g->a,
				z = g->z,
				eps = g->a - 1.0;
	double		E1 = euler_e1(eps, g->L);
	double		term = CA * z,
				V = 0.0,
				Vabs = 0.0,
				G = NAN,
				cond;
	int			k;

	*out = NAN;
	for (k = 1; k <= EULER_MAX_TERMS; k++)
	{
		double		f1 = (CA + k) / (C + k),
					f2 = (a + k - 1.0) / (k + 1.0),
					rho;

		V += term;
		Vabs += fabs(term);
		term *= f1 * f2 * z;
		/* every later ratio is at most max(|f1|, 1) max(|f2|, 1) z (both factors are monotone) */
		rho = fmax(fabs(f1), 1.0) * fmax(fabs(f2), 1.0) * z;
		if (rho < 1.0)
		{
			double		tail = fabs(term) / (1.0 - rho);

			G = C * E1 - V + eps * E1 * V;
			if (G > 0 && tail * (1.0 + fabs(eps) * E1) <= 0.25 * DBL_EPSILON * G)
				break;
		}
		if (term == 0.0)
			break;
	}
	G = C * E1 - V + eps * E1 * V;
	if (k > EULER_MAX_TERMS || !(G > 0) || !isfinite(G))
		return false;
	cond = (fabs(C) * E1 + Vabs * (1.0 + fabs(eps) * E1)) / G;
	if (cond_out)
		*cond_out = cond;
	if (!(cond <= EULER_MAX_COND))
		return false;
	*out = G;
	return true;
}

static double
nb_terms(const GPoint *g)
{
	double		m = (g->A + 1.0) * g->u;

	return m + 10.0 * sqrt(m * (1.0 + g->u)) + 40.0 * (1.0 + g->u);
}

/* Neumaier's compensated sum */
typedef struct KSum
{
	double		s,
				c;
} KSum;

static inline void
ksum_add(KSum *k, double v)
{
	double		t = k->s + v;

	if (fabs(k->s) >= fabs(v))
		k->c += (k->s - t) + v;
	else
		k->c += (v - t) + k->s;
	k->s = t;
}

/* (N).  false when it needs more than max_terms terms. */
static bool
g_nb(const GPoint *g, long max_terms, double *out)
{
	double		A1 = g->A + 1.0,
				B = g->B,
				aB = g->a + g->B,
				z = g->z;
	double		w = 1.0,		/* NegBin(A + 1, z) weight of n, unnormalized */
				q = 1.0,		/* (B)_n / (a + B)_n */
				S = 1.0;		/* sum of q up to n */
	KSum		num = {0, 0},
				den = {0, 0};
	long		n;

	*out = NAN;
	for (n = 0; n < max_terms; n++)
	{
		double		f = S / (n + 1.0);
		double		ratio = (A1 + n) * z / (n + 1.0);

		ksum_add(&num, w * f);
		ksum_add(&den, w);
		w *= ratio;
		q *= (B + n) / (aB + n);
		S += q;
		if (w > 1e280)
		{
			w *= 1e-280;
			num.s *= 1e-280;
			num.c *= 1e-280;
			den.s *= 1e-280;
			den.c *= 1e-280;
		}
		/* later ratios are smaller: the rest is below w / (1 - ratio), its f below this f */
		if (ratio < 1.0 && w / (1.0 - ratio) * f <= 0.125 * DBL_EPSILON * (num.s + num.c))
			break;
	}
	if (n >= max_terms)
		return false;
	*out = g->A * g->u * ((num.s + num.c) / (den.s + den.c));
	return true;
}

/* (M), for u >= 1 */
static bool
g_mellin(const GPoint *g, double *out)
{
	double		A = g->A,
				B = g->B,
				a = g->a,
				lu = log(g->u);
	bool		collect = a < 0.25;
	double		lo = collect ? 0.0 : fmax(0.0, 1.0 - a),
				hi = collect ? 1.0 - a : 1.0,
				d = 0.5 * (hi - lo),
				c,
				res = 0.0,
				line,
				ls;
	int			sg,
				sign = 1;
	LtvMellinIntegral m;

	*out = NAN;
	if (!(g->u >= 1.0))
		return false;
	/* closer to the rightmost left pole: less cancellation against its residue */
	if (lu > 0 && d > 2.0 / log10(g->u))
		d = fmax(2.0 / log10(g->u), 0.05);
	c = lo + d;
	if (collect)
	{
		/* residue at s = 1 - a: Gamma(a+B) Gamma(A+1-a) / (Gamma(A) Gamma(B) (1-a)) u^(1-a) */
		res = exp(ltv_lgamma_diff(A, 1.0 - a) + ltv_lgamma_diff(B, a) + (1.0 - a) * lu) / (1.0 - a);
	}
	m.n_up = 4;
	m.up[0] = A;
	m.up_sign[0] = 1;
	m.up[1] = a - 1.0;
	m.up_sign[1] = 1;
	m.up[2] = 1.0;
	m.up_sign[2] = -1;
	m.up[3] = 0.0;
	m.up_sign[3] = 1;
	m.n_down = 2;
	m.down[0] = a + B - 1.0;
	m.down_sign[0] = 1;
	m.down[1] = 1.0;
	m.down_sign[1] = 1;
	m.log_u = lu;
	m.c = c;
	m.pole_distance = d;
	/* log of K Gamma(A+c) Gamma(a-1+c) Gamma(1-c) Gamma(c) / (Gamma(a+B-1+c) Gamma(1+c)) */
	ls = ltv_lgamma_diff(A, c);
	ls += ltv_lgamma_ratio_signed(a, c - 1.0, &sg);
	sign *= sg;
	ls += ltv_lgamma_ratio_signed(a + B - 1.0 + c, 1.0 - c, &sg);
	sign *= sg;
	ls += lgamma(1.0 - c) - log(c);
	m.log_scale = ls;
	m.sign = sign;
	line = ltv_mellin_line(&m, NULL, NULL);
	if (!isfinite(line))
		return false;
	*out = res + line;
	return *out > 0 && isfinite(*out);
}

static double
g_value(const GPoint *g)
{
	double		v;

	if (g->u == 0.0)
		return 0.0;
	if (euler_terms(g) <= EULER_MAX_TERMS && g_euler(g, &v, NULL))
		return v;
	if (nb_terms(g) <= NB_MAX_TERMS && g_nb(g, NB_MAX_TERMS, &v))
		return v;
	if (g->u >= 1.0 && g_mellin(g, &v))
		return v;
	return NAN;
}

#define MANY_MAX_TERMS 400
#define MANY_CHUNK 12

/*
 * The Euler series' coefficients v_1..v_K (without z^k) for the largest z of
 * several horizons, with K chosen so that the tail there is below DBL_EPSILON
 * G (then below (1 + u) DBL_EPSILON G at every smaller z: G(u)/u decreases,
 * the tail faster; the fast path only takes u below about 20), and into *W
 * the sum of |v_k| z^k there, for the condition number.  Returns K, or 0 when
 * more than max_terms would be needed.  One division per two terms.
 */
static int
euler_coefficients(const GPoint *g, double *v, int max_terms, double *W, double *Gout)
{
	double		C = g->a + g->B - 1.0,
				CA = g->CA,
				a = g->a,
				z = g->z,
				eps = g->a - 1.0;
	double		E1 = euler_e1(eps, g->L);
	double		c = CA,
				zk = z,
				V = 0.0,
				Wsum = 0.0;
	int			k;

	for (k = 1; k + 1 <= max_terms; k += 2)
	{
		/* v_(k+1) = v_k N_k / D_k, v_(k+2) = v_k N_k N_(k+1) / (D_k D_(k+1)) */
		double		n0 = (CA + k) * (a + k - 1.0),
					d0 = (C + k) * (k + 1.0),
					n1 = (CA + k + 1) * (a + k),
					d1 = (C + k + 1) * (k + 2.0),
					inv = 1.0 / (d0 * d1),
					c1 = c * n0 * d1 * inv,
					t0 = c * zk,
					t1 = c1 * zk * z;

		v[k - 1] = c;
		v[k] = c1;
		V += t0 + t1;
		Wsum += fabs(t0) + fabs(t1);
		c = c * n0 * n1 * inv;
		zk *= z * z;
		if (c1 == 0.0 || c == 0.0)
		{
			*W = Wsum;
			*Gout = C * E1 - V + eps * E1 * V;
			return c1 == 0.0 ? k : k + 1;
		}
		/* the tail test every 8 terms (its factors need two more divisions) */
		if (((k + 1) & 7) == 0)
		{
			double		f1 = fabs((CA + k + 1) / (C + k + 1)),
						f2 = fabs((a + k) / (k + 2.0)),
						rho = (f1 > 1.0 ? f1 : 1.0) * (f2 > 1.0 ? f2 : 1.0) * z;

			if (rho < 1.0)
			{
				double		G = C * E1 - V + eps * E1 * V;

				if (G > 0 && fabs(c * zk) / (1.0 - rho) * (1.0 + fabs(eps) * E1) <= DBL_EPSILON * G)
				{
					*W = Wsum;
					*Gout = G;
					return k + 1;
				}
			}
		}
	}
	return 0;
}

/*
 * V[j] = sum_k v[k] z[j]^(k+1) for the MANY_CHUNK points of a chunk, by
 * Horner with one independent chain per point, two points to a vector
 * register where the compiler has vector types (GCC, Clang).
 */
#if defined(__GNUC__) || defined(__clang__)
typedef double ltv_v2d __attribute__((vector_size(16)));

static void
horner_chunk(const double *v, int K, const double *z, double *V)
{
	ltv_v2d		acc[MANY_CHUNK / 2],
				zz[MANY_CHUNK / 2];
	int			j,
				k;

	for (j = 0; j < MANY_CHUNK / 2; j++)
	{
		ltv_v2d		zero = {0.0, 0.0};
		ltv_v2d		zj = {z[2 * j], z[2 * j + 1]};

		acc[j] = zero;
		zz[j] = zj;
	}
	for (k = K - 1; k >= 0; k--)
	{
		ltv_v2d		c = {v[k], v[k]};

		for (j = 0; j < MANY_CHUNK / 2; j++)
			acc[j] = acc[j] * zz[j] + c;
	}
	for (j = 0; j < MANY_CHUNK / 2; j++)
	{
		V[2 * j] = acc[j][0] * z[2 * j];
		V[2 * j + 1] = acc[j][1] * z[2 * j + 1];
	}
}
#else
static void
horner_chunk(const double *v, int K, const double *z, double *V)
{
	double		acc[MANY_CHUNK];
	int			j,
				k;

	for (j = 0; j < MANY_CHUNK; j++)
		acc[j] = 0.0;
	for (k = K - 1; k >= 0; k--)
		for (j = 0; j < MANY_CHUNK; j++)
			acc[j] = acc[j] * z[j] + v[k];
	for (j = 0; j < MANY_CHUNK; j++)
		V[j] = acc[j] * z[j];
}
#endif

void
ltv_bgnbd_expected_many(const LtvBgnbdParams *p, double x, double t_x, double T,
						int n, const double *t, double *out)
{
	double		base = p->alpha + T,
				alive,
				tmax = 0.0,
				num_max = 0.0,
				Gmax = 0.0,
				inv_eps = p->a != 1.0 ? 1.0 / (p->a - 1.0) : 0.0;
	double		v[MANY_MAX_TERMS];
	GPoint		g;
	int			i,
				K = 0;

	if (!params_valid(p) || !ltv_bgnbd_cell_valid(x, t_x, T))
	{
		for (i = 0; i < n; i++)
			out[i] = NAN;
		return;
	}
	alive = x > 0 ? 1.0 / (1.0 + exp(log_dead_odds(p, x, t_x, T))) : 1.0;
	for (i = 0; i < n; i++)
		if (t[i] > tmax && isfinite(t[i]))
			tmax = t[i];
	if (tmax > 0)
	{
		g_point(&g, p, x, base, tmax);
		if (euler_terms(&g) <= MANY_MAX_TERMS && g.u <= 100)
		{
			double		W = 0.0;

			K = euler_coefficients(&g, v, MANY_MAX_TERMS, &W, &Gmax);
			if (K > 0)
			{
				/*
				 * The numerator of the condition number, |C| E1 + W (1 + |a-1| E1)
				 * with W = sum |v_k| z^k, increases with z: its value at the
				 * largest horizon over G at a point bounds the point's condition.
				 */
				double		E1 = euler_e1(g.a - 1.0, g.L);

				num_max = fabs(g.a + g.B - 1.0) * E1 + W * (1.0 + fabs(g.a - 1.0) * E1);
			}
		}
	}
	for (i = 0; i < n; i += MANY_CHUNK)
	{
		int			m = n - i < MANY_CHUNK ? n - i : MANY_CHUNK,
					j;
		double		z[MANY_CHUNK],
					V[MANY_CHUNK];

		if (K > 0)
		{
			for (j = 0; j < MANY_CHUNK; j++)
				z[j] = j < m && t[i + j] >= 0 && isfinite(t[i + j]) ? t[i + j] / (base + t[i + j]) : 0.0;
			horner_chunk(v, K, z, V);
		}
		for (j = 0; j < m; j++)
		{
			double		tj = t[i + j];

			if (!(tj >= 0) || !isfinite(tj))
			{
				out[i + j] = NAN;
				continue;
			}
			if (tj == 0)
			{
				out[i + j] = 0.0;
				continue;
			}
			g_point(&g, p, x, base, tj);
			if (K > 0)
			{
				double		C = g.a + g.B - 1.0,
							eps = g.a - 1.0,
							E1 = eps == 0.0 ? -g.L : -expm1(eps * g.L) * inv_eps,
							G = C * E1 - V[j] + eps * E1 * V[j];

				if (G > 0 && num_max <= EULER_MAX_COND * G)
				{
					out[i + j] = G * alive;
					continue;
				}
				/* the bound is loose at the shortest horizons: this point's own condition */
				if (G > 0)
				{
					double		W = 0.0,
								zk = 1.0;
					int			k;

					for (k = 0; k < K; k++)
					{
						zk *= z[j];
						W += fabs(v[k]) * zk;
					}
					if (fabs(C) * E1 + W * (1.0 + fabs(eps) * E1) <= EULER_MAX_COND * G)
					{
						out[i + j] = G * alive;
						continue;
					}
				}
			}
			out[i + j] = g_value(&g) * alive;
		}
	}
}

/* for the unit tests: G by one method (0 Euler, 1 positive series, 2 Mellin-Barnes); NaN when it declines */
double
ltv_bgnbd_g_method(const LtvBgnbdParams *p, double x, double base, double t, int method, double *cond)
{
	GPoint		g;
	double		v = NAN;

	if (cond)
		*cond = NAN;
	g_point(&g, p, x, base, t);
	switch (method)
	{
		case 0:
			(void) g_euler(&g, &v, cond);
			break;
		case 1:
			(void) g_nb(&g, NB_MAX_TERMS, &v);
			break;
		case 2:
			(void) g_mellin(&g, &v);
			break;
	}
	return v;
}

double
ltv_bgnbd_p_alive(const LtvBgnbdParams *p, double x, double t_x, double T)
{
	if (!params_valid(p) || !ltv_bgnbd_cell_valid(x, t_x, T))
		return NAN;
	if (x == 0)
		return 1.0;
	return 1.0 / (1.0 + exp(log_dead_odds(p, x, t_x, T)));
}

double
ltv_bgnbd_expected_purchases(const LtvBgnbdParams *p, double t, double x, double t_x, double T)
{
	GPoint		g;
	double		alive;

	if (!params_valid(p) || !ltv_bgnbd_cell_valid(x, t_x, T) || !(t >= 0) || !isfinite(t))
		return NAN;
	if (t == 0)
		return 0.0;
	alive = x > 0 ? 1.0 / (1.0 + exp(log_dead_odds(p, x, t_x, T))) : 1.0;
	g_point(&g, p, x, p->alpha + T, t);
	return g_value(&g) * alive;
}

double
ltv_bgnbd_expected_purchases_new(const LtvBgnbdParams *p, double t)
{
	return ltv_bgnbd_expected_purchases(p, t, 0.0, 0.0, 0.0);
}

/*
 * FHL 2005 eq. 8:
 *   P(X(t) = n) = (b)_n/(a+b)_n NB(n) + [n > 0] a (b)_(n-1)/(a+b)_n P(NB >= n),
 * NB the negative binomial count of purchases of a customer who stays
 * (shape r, P(N = k) = Gamma(r+k)/(Gamma(r) k!) (alpha/(alpha+t))^r (t/(alpha+t))^k);
 * its upper tail is a regularized incomplete beta function, never 1 minus a
 * sum, so small probabilities keep their digits and underflow to 0 only
 * below the smallest double.
 */
double
ltv_bgnbd_prob_n(const LtvBgnbdParams *p, double t, double n)
{
	double		pq,
				qq,
				lb,
				lpmf,
				v;

	if (!params_valid(p) || !(t >= 0) || !isfinite(t) || !(n >= 0) || n != floor(n) || n > 1e7)
		return NAN;
	if (t == 0)
		return n == 0 ? 1.0 : 0.0;
	pq = p->alpha / (p->alpha + t);
	qq = t / (p->alpha + t);
	lpmf = ltv_nb_log_pmf(n, p->r, pq, qq);
	lb = ltv_log_poch_ratio(p->b, p->a + p->b, n);
	v = exp(lb + lpmf);
	if (n > 0)
		v += exp(lb + log(p->a / (p->b + n - 1)) + ltv_nb_log_upper_tail(n, p->r, pq, qq));
	return v;
}
