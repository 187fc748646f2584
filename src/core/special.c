/*
 * special.c: log-beta, digamma, logaddexp, a bounded 2F1 power series, and
 * log 2F1(A, B; A+1; w) over all of 0 <= w < 1 (see special.h).
 */
#include "special.h"

#include <float.h>
#include <stddef.h>
#include <math.h>

#include "quad.h"

double
ltv_lbeta(double a, double b)
{
	if (!(a > 0.0) || !(b > 0.0))
		return NAN;
	return lgamma(a) + lgamma(b) - lgamma(a + b);
}

/*
 * Recurrence psi(x) = psi(x + 1) - 1/x up to x >= 12, then the asymptotic
 * expansion (Abramowitz & Stegun 6.3.18), accurate to about 1e-15 there.
 */
double
ltv_digamma(double x)
{
	double		shift = 0.0;
	double		inv2;

	if (!(x > 0.0) || isinf(x))
		return isinf(x) && x > 0 ? INFINITY : NAN;
	while (x < 12.0)
	{
		shift -= 1.0 / x;
		x += 1.0;
	}
	inv2 = 1.0 / (x * x);
	return shift + log(x) - 0.5 / x
		- inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760))))));
}

/*
 * Recurrence psi'(x) = psi'(x + 1) + 1/x^2 up to x >= 12, then the asymptotic
 * series 1/x + 1/(2x^2) + sum B_2k / x^(2k+1) (Abramowitz & Stegun 6.4.12).
 */
double
ltv_trigamma(double x)
{
	double		shift = 0.0;
	double		inv,
				inv2;

	if (!(x > 0.0) || isinf(x))
		return isinf(x) && x > 0 ? 0.0 : NAN;
	while (x < 12.0)
	{
		shift += 1.0 / (x * x);
		x += 1.0;
	}
	inv = 1.0 / x;
	inv2 = inv * inv;
	return shift + inv + 0.5 * inv2 +
		inv * inv2 * (1.0 / 6 - inv2 * (1.0 / 30 - inv2 * (1.0 / 42 - inv2 * (1.0 / 30 - inv2 * (5.0 / 66 - inv2 * (691.0 / 2730 - inv2 * (7.0 / 6)))))));
}

#define LN_SQRT_2PI 0.918938533204672741780329736406	/* log(sqrt(2 pi)) */
#define LN_2PI 1.837877066409345483560659472811	/* log(2 pi) */

/*
 * Below 10 the definition (lgamma(x + 1) is below 25 there, so the
 * difference keeps about 1e-15 absolute); from 10 the series
 * 1/(12x) - 1/(360x^3) + 1/(1260x^5) - ... (truncation below 1e-17).
 */
double
ltv_stirlerr(double x)
{
	double		inv2;

	if (!(x > 0.0))
		return x == 0.0 ? 0.0 : NAN;
	if (isinf(x))
		return 0.0;
	if (x < 10.0)
		return lgamma(x + 1.0) - (x + 0.5) * log(x) + x - LN_SQRT_2PI;
	inv2 = 1.0 / (x * x);
	return (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 - inv2 * (1.0 / 156 - inv2 * (3617.0 / 122400)))))))) / x;
}

double
ltv_bd0(double x, double m)
{
	if (!(x >= 0.0) || !(m > 0.0) || isinf(x) || isinf(m))
		return NAN;
	if (x == 0.0)
		return m;
	if (fabs(x - m) < 0.1 * (x + m))
	{
		/* x log(x/m) + m - x = (x - m) v + 2x sum_j v^(2j+1) / (2j+1), v = (x - m)/(x + m) */
		double		v = (x - m) / (x + m);
		double		s = (x - m) * v;
		double		ej = 2.0 * x * v;
		double		v2 = v * v;
		int			j;

		for (j = 1; j < 1000; j++)
		{
			double		s1;

			ej *= v2;
			s1 = s + ej / (2 * j + 1);
			if (s1 == s)
				return s1;
			s = s1;
		}
		return s;
	}
	return x * log(x / m) + m - x;
}

/* lgamma(x) - [(x - 1/2) log x - x + log sqrt(2 pi)], x >= 10 */
static double
lgamma_correction(double x)
{
	return ltv_stirlerr(x);
}

double
ltv_lgamma_diff(double x, double d)
{
	double		prod = 1.0;

	if (!(x > 0.0) || !(x + d > 0.0) || !isfinite(x) || !isfinite(d))
		return NAN;
	if (d == 0.0)
		return 0.0;
	/* Gamma(x + d) / Gamma(x) = Gamma(x + 1 + d) / Gamma(x + 1) * x / (x + d) */
	while (x < 10.0 || x + d < 10.0)
	{
		prod *= x / (x + d);
		x += 1.0;
	}
	return log(prod) + (x - 0.5) * log1p(d / x) + d * log(x + d) - d +
		(lgamma_correction(x + d) - lgamma_correction(x));
}

double
ltv_log_poch_ratio(double x, double y, double n)
{
	double		prod = 1.0;

	if (!(x > 0.0) || !(y > 0.0) || !(n >= 0.0) || !isfinite(x) || !isfinite(y) || !isfinite(n))
		return NAN;
	if (n == 0.0 || x == y)
		return 0.0;
	/* (x)_n / (y)_n = (x + 1)_n / (y + 1)_n * x (y + n) / ((x + n) y) */
	while (x < 10.0 || y < 10.0)
	{
		prod *= (x / (x + n)) * ((y + n) / y);
		x += 1.0;
		y += 1.0;
	}
	/*
	 * Stirling for each log Gamma(. + n) - log Gamma(.):
	 * (x - 1/2) log1p(n/x) + n log(x + n) - n + corrections; the n log terms
	 * of x and y are combined into one log1p so that nothing large cancels.
	 */
	return log(prod) + (x - 0.5) * log1p(n / x) - (y - 0.5) * log1p(n / y) +
		n * log1p((x - y) / (y + n)) +
		((lgamma_correction(x + n) - lgamma_correction(x)) -
		 (lgamma_correction(y + n) - lgamma_correction(y)));
}

/*
 * R's dnbinom through dbinom_raw (Loader 2000, "Fast and accurate computation
 * of binomial probabilities"): P(N = k) = r/(r + k) * Binomial(r; r + k, p),
 * the binomial term as exp(stirlerr terms - bd0 terms) / sqrt(2 pi r k/(r + k)).
 */
double
ltv_nb_log_pmf(double k, double r, double p, double q)
{
	double		n,
				lc;

	if (!(k >= 0.0) || k != floor(k) || !(r > 0.0) || !isfinite(r) || !isfinite(k) ||
		!(p >= 0.0 && p <= 1.0) || !(q >= 0.0 && q <= 1.0))
		return NAN;
	if (k == 0.0)
		return p == 0.0 ? -INFINITY : (q < 0.5 ? r * log1p(-q) : r * log(p));
	if (q == 0.0 || p == 0.0)
		return -INFINITY;
	n = r + k;
	lc = ltv_stirlerr(n) - ltv_stirlerr(r) - ltv_stirlerr(k) - ltv_bd0(r, n * p) - ltv_bd0(k, n * q);
	return log(r / n) + lc - 0.5 * (LN_2PI + log(r) + log1p(-r / n));
}

/*
 * Continued fraction of the incomplete beta function (DLMF 8.17.22) by the
 * modified Lentz method: I_x(a, b) = x^a (1-x)^b / (a B(a, b)) * cf.  Converges
 * quickly for x < (a + 1)/(a + b + 2).
 */
static double
incbeta_cf(double a, double b, double x)
{
	const double tiny = 1e-300;
	double		qab = a + b,
				qap = a + 1.0,
				qam = a - 1.0;
	double		c = 1.0,
				d = 1.0 - qab * x / qap,
				h;
	long		m;

	if (fabs(d) < tiny)
		d = tiny;
	d = 1.0 / d;
	h = d;
	for (m = 1; m <= 10000000; m++)
	{
		double		m2 = 2.0 * m;
		double		aa = m * (b - m) * x / ((qam + m2) * (a + m2));
		double		del;

		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		h *= d * c;
		aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
		d = 1.0 + aa * d;
		if (fabs(d) < tiny)
			d = tiny;
		c = 1.0 + aa / c;
		if (fabs(c) < tiny)
			c = tiny;
		d = 1.0 / d;
		del = d * c;
		h *= del;
		if (fabs(del - 1.0) <= 1e-16)
			return h;
	}
	return NAN;
}

double
ltv_nb_log_upper_tail(double k, double r, double p, double q)
{
	double		lpmf;

	if (!(r > 0.0) || !isfinite(r) || isnan(k) || !(p >= 0.0 && p <= 1.0) || !(q >= 0.0 && q <= 1.0))
		return NAN;
	if (k <= 0.0)
		return 0.0;
	if (k != floor(k) || isinf(k))
		return NAN;
	if (q == 0.0)
		return -INFINITY;
	if (p == 0.0)
		return 0.0;
	lpmf = ltv_nb_log_pmf(k, r, p, q);
	/* P(N >= k) = I_q(k, r) = pmf(k) cf(k, r, q) */
	if (q < (k + 1.0) / (k + r + 2.0))
		return lpmf + log(incbeta_cf(k, r, q));
	/* else 1 - P(N < k) = 1 - I_p(r, k), which is at least about 1/2 here */
	return log1p(-exp(lpmf) * (k / r) * incbeta_cf(r, k, p));
}

double
ltv_nb_upper_tail(double k, double r, double p, double q)
{
	return exp(ltv_nb_log_upper_tail(k, r, p, q));
}

double
ltv_logaddexp(double u, double v)
{
	double		hi = u > v ? u : v;
	double		lo = u > v ? v : u;

	if (isinf(hi) && hi < 0)
		return -INFINITY;
	if (isnan(u) || isnan(v))
		return NAN;
	return hi + log1p(exp(lo - hi));
}

bool
ltv_hyp2f1(double a, double b, double c, double z, long max_terms, double *result)
{
	double		term = 1.0;
	double		sum = 1.0;
	double		tail_factor;
	long		k;

	*result = NAN;
	if (!(z >= 0.0 && z < 1.0) || !(c > 0.0) || !isfinite(a) || !isfinite(b) || !isfinite(c))
		return false;
	if (max_terms <= 0)
		max_terms = 1000000;
	if (z == 0.0)
	{
		*result = 1.0;
		return true;
	}
	/* once the term ratio is below (1 + z) / 2 the tail is below term * tail_factor */
	tail_factor = 2.0 / (1.0 - z);
	for (k = 0; k < max_terms; k++)
	{
		double		ratio = (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;

		term *= ratio;
		sum += term;
		if (term == 0.0)
		{
			*result = sum;
			return true;
		}
		if (fabs(ratio) < 0.5 * (1.0 + z) &&
			fabs(term) * tail_factor <= DBL_EPSILON * 0.5 * fabs(sum))
		{
			*result = sum;
			return isfinite(sum);
		}
		if (!isfinite(sum))
			return false;
	}
	return false;
}

/* one step of ltv_trigamma_steps_diff: 1/(u+a)^2 - 1/u^2 without cancellation */
static inline double
trigamma_step_diff(double u, double a)
{
	return -a * (2.0 * u + a) / ((u * u) * ((u + a) * (u + a)));
}

double
ltv_trigamma_steps(double z, double n)
{
	double		sum = 0.0;
	double		i;

	if (!(n <= LTV_TRIGAMMA_STEPS_MAX))
		return ltv_trigamma(z) - ltv_trigamma(z + n);
	for (i = n - 1; i >= 0; i--)	/* smallest terms first */
		sum += 1.0 / ((z + i) * (z + i));
	return sum;
}

double
ltv_trigamma_steps_diff(double z, double a, double n)
{
	double		sum = 0.0;
	double		i;

	if (!(n <= LTV_TRIGAMMA_STEPS_MAX))
		return (ltv_trigamma(z + a) - ltv_trigamma(z + a + n)) - (ltv_trigamma(z) - ltv_trigamma(z + n));
	for (i = n - 1; i >= 0; i--)
		sum += trigamma_step_diff(z + i, a);
	return sum;
}

/* ---- log 2F1(A, B; A + 1; w) (see special.h) ---- */

#define HYP_AB1_SPLIT 0.75
#define HYP_AB1_MAX_TERMS 100000

/*
 * The series region: (1-w)^(1-B) H, H = sum_k T_k, T_0 = 1,
 * T_{k+1} = T_k (a' + k) / (c' + k) w, a' = A + 1 - B, c' = A + 1.  With
 * d log T_k / dA = sum_{j<k} 1/(a'+j) - 1/(c'+j), / dB = -sum_{j<k}
 * 1/(a'+j), / dw = k/w, and second derivatives sum_{j<k} 1/(c'+j)^2 -
 * 1/(a'+j)^2 (AA), sum_{j<k} 1/(a'+j)^2 (AB, and minus it BB), -k/w^2 (ww),
 * the derivatives of H are the T_k-weighted sums of d log T_k and of
 * d log T_k d log T_k' + d2 log T_k (d2, when not NULL: AA, AB, Aw, BB, Bw,
 * ww of log 2F1).
 */
static bool
hyp_ab1_series(double A, double B, double w, double omw, double *value, double *d, double *d2)
{
	double		ap = A + 1 - B,
				cp = A + 1;
	double		T = 1.0,
				H = 1.0,
				DA = 0.0,		/* sum_{j<k} 1/(a'+j) - 1/(c'+j) */
				DB = 0.0,		/* -sum_{j<k} 1/(a'+j) */
				SA = 0.0,		/* sum_{j<k} 1/(c'+j)^2 - 1/(a'+j)^2 */
				SB = 0.0,		/* sum_{j<k} 1/(a'+j)^2 */
				HA = 0.0,
				HB = 0.0,
				HW = 0.0,		/* sum_k k T_k / w */
				HAA = 0.0,
				HAB = 0.0,
				HBB = 0.0,
				HAW = 0.0,
				HBW = 0.0,
				HWW = 0.0;		/* sum_k k (k-1) T_k / w^2 */
	double		Tw = 1.0;		/* T_k / w for k >= 1 */
	long		k;

	for (k = 0; k < HYP_AB1_MAX_TERMS; k++)
	{
		double		ratio = (ap + k) / (cp + k);
		double		Tw_prev = Tw;

		/* T_{k+1} from T_k */
		Tw = T * ratio;			/* T_{k+1} / w */
		T = Tw * w;
		DA += 1.0 / (ap + k) - 1.0 / (cp + k);
		DB -= 1.0 / (ap + k);
		H += T;
		HA += T * DA;
		HB += T * DB;
		HW += (k + 1) * Tw;
		if (d2)
		{
			double		ia = 1.0 / (ap + k),
						ic = 1.0 / (cp + k);

			SA += ic * ic - ia * ia;
			SB += ia * ia;
			HAA += T * (DA * DA + SA);
			HAB += T * (DA * DB + SB);
			HBB += T * (DB * DB - SB);
			HAW += (k + 1) * Tw * DA;
			HBW += (k + 1) * Tw * DB;
			/* T_{k+1} / w^2 = (T_k / w) ratio, for k >= 1 */
			if (k >= 1)
				HWW += (double) (k + 1) * k * Tw_prev * ratio;
		}
		/*
		 * the remaining terms shrink at least by w each: tail <= T w / (1 -
		 * w); the second derivative in w needs T_2 / w^2 (k = 1) even at w = 0
		 */
		if ((T == 0.0 || T * w <= 1e-17 * omw * H) && (d2 == NULL || k >= 1))
			break;
	}
	if (k == HYP_AB1_MAX_TERMS || !isfinite(H))
		return false;
	*value = (1 - B) * log(omw) + log(H);
	if (d)
	{
		d[0] = HA / H;
		d[1] = -log(omw) + HB / H;
		d[2] = (B - 1) / omw + HW / H;
	}
	if (d2)
	{
		double		gA = HA / H,
					gB = HB / H,
					gW = HW / H;

		d2[0] = HAA / H - gA * gA;
		d2[1] = HAB / H - gA * gB;
		d2[2] = HAW / H - gA * gW;
		d2[3] = HBB / H - gB * gB;
		d2[4] = 1.0 / omw + HBW / H - gB * gW;
		d2[5] = (B - 1) / (omw * omw) + HWW / H - gW * gW;
	}
	return true;
}

typedef struct HypAb1Ctx
{
	double		A,
				B;
	double		cl,				/* the weights' centres (0 without second derivatives) */
				cy;
} HypAb1Ctx;

/*
 * u^(A-1) (1-u)^-B du in y = -log(1-u): exp((A-1) log(1 - e^-y) + (B-1) y) dy;
 * weights log u and y (the derivatives wrt A and B), less the centres cl,
 * cy, and their products (the second derivatives): centred at the
 * integrand's peak, the covariances are not differences of large moments
 * when the integrand is narrow (A or B large).
 */
static void
hyp_ab1_integrand(double y, void *ctx, double *h, double *w)
{
	const HypAb1Ctx *c = ctx;
	double		lu = log1p(-exp(-y));

	*h = (c->A - 1) * lu + (c->B - 1) * y;
	w[0] = lu - c->cl;
	w[1] = y - c->cy;
	w[2] = w[0] * w[0];
	w[3] = w[0] * w[1];
	w[4] = w[1] * w[1];
}

bool
ltv_log_hyp2f1_ab1(double A, double B, double w, double omw, double *value, double *d)
{
	return ltv_log_hyp2f1_ab1_d2(A, B, w, omw, value, d, NULL);
}

/*
 * Above the split: log 2F1 = log A - A log w + log I, I = I(b) + Q; the
 * derivatives of I over I are pb d I(b)/I(b) + pq dQ/Q in A and B (Q's
 * from the weighted integrals), and Q_w / I in w, with Q_w = w^(A-1)
 * (1-w)^-B, whose derivatives are log w Q_w (A), -log(1-w) Q_w (B) and
 * ((A-1)/w + B/(1-w)) Q_w (w); the second derivatives of log I are I_xy / I
 * - (I_x / I)(I_y / I).
 */
bool
ltv_log_hyp2f1_ab1_d2(double A, double B, double w, double omw, double *value, double *d, double *d2)
{
	const double b = HYP_AB1_SPLIT;
	double		lb,
				db[3],
				lIb,
				dIbA,
				dIbB,
				y0,
				y1,
				gmax,
				lQ,
				ratio[2],
				lI,
				pb,
				pq,
				peak,
				scale;
	HypAb1Ctx	ctx;

	double		db2[6],
				ratio5[5];
	int			k;

	*value = NAN;
	if (d)
		d[0] = d[1] = d[2] = NAN;
	for (k = 0; d2 && k < 6; k++)
		d2[k] = NAN;
	if (!(A > 0) || !(B > 0) || !(B < A + 1) || !isfinite(A) || !isfinite(B) ||
		!(w >= 0 && w < 1) || !(omw > 0 && omw <= 1) || fabs((1 - w) - omw) > 1e-12)
		return false;
	if (w <= b)
		return hyp_ab1_series(A, B, w, omw, value, d, d2);

	/* I(b) = b^A / A 2F1(A, B; A+1; b), with its derivatives */
	if (!hyp_ab1_series(A, B, b, 1 - b, &lb, db, d2 ? db2 : NULL))
		return false;
	lIb = A * log(b) - log(A) + lb;
	dIbA = log(b) - 1.0 / A + db[0];
	dIbB = db[1];

	/* Q = int_b^w u^(A-1) (1-u)^-B du by quadrature in y = -log(1-u) */
	ctx.A = A;
	ctx.B = B;
	ctx.cl = ctx.cy = 0.0;
	y0 = -log1p(-b);
	y1 = -log(omw);
	{
		/*
		 * The integrand's maximum and its width there: g'(y) = (A-1)/(e^y - 1)
		 * + B - 1 and g'' = -(A-1) e^y / (e^y - 1)^2; an interior maximum
		 * only when A > 1 and B < 1, at e^y = 1 + (A-1)/(1-B).
		 */
		double		h0,
					h1,
					wdummy[5];

		hyp_ab1_integrand(y0, &ctx, &h0, wdummy);
		hyp_ab1_integrand(y1, &ctx, &h1, wdummy);
		peak = h1 >= h0 ? y1 : y0;
		gmax = fmax(h0, h1);
		if (A > 1 && B < 1)
		{
			double		ys = log1p((A - 1) / (1 - B));
			double		hs;

			if (ys > y0 && ys < y1)
			{
				hyp_ab1_integrand(ys, &ctx, &hs, wdummy);
				if (hs > gmax)
				{
					gmax = hs;
					peak = ys;
				}
			}
		}
		if (peak == y0 || peak == y1)
			scale = 1.0 / fabs((A - 1) / expm1(peak) + B - 1);
		else
			scale = 1.0 / sqrt((A - 1) * exp(peak) / (expm1(peak) * expm1(peak)));
	}
	if (d2)
	{
		ctx.cl = log1p(-exp(-peak));
		ctx.cy = peak;
	}
	if (!ltv_quad_log(hyp_ab1_integrand, &ctx, y0, y1, gmax, peak, scale, d2 ? 5 : 2, &lQ, ratio5))
		return false;
	ratio[0] = ctx.cl + ratio5[0];
	ratio[1] = ctx.cy + ratio5[1];
	lI = ltv_logaddexp(lIb, lQ);
	pb = exp(lIb - lI);
	pq = exp(lQ - lI);
	*value = log(A) - A * log(w) + lI;
	if (d)
	{
		d[0] = 1.0 / A - log(w) + pb * dIbA + pq * ratio[0];
		d[1] = pb * dIbB + pq * ratio[1];
		d[2] = -A / w + exp((A - 1) * log(w) - B * log(omw) - lI);
	}
	if (d2)
	{
		/*
		 * log I = log(I(b) + Q): pb H(log I(b)) + pq H(log Q) + pb pq (d log
		 * I(b) - d log Q)(...)' in (A, B), H(log Q) the centred covariances
		 * of the weights; with w, Q_w / I = qw and d(log Q_w) = (log w, y1).
		 */
		double		qw = exp((A - 1) * log(w) - B * log(omw) - lI);
		double		cAA = ratio5[2] - ratio5[0] * ratio5[0],
					cAB = ratio5[3] - ratio5[0] * ratio5[1],
					cBB = ratio5[4] - ratio5[1] * ratio5[1];
		double		eA = dIbA - ratio[0],
					eB = dIbB - ratio[1];
		double		lw = log1p(-omw);	/* as omw has it: qw is large where w is near 1 */

		d2[0] = -1.0 / (A * A) + pb * (1.0 / (A * A) + db2[0]) + pq * cAA + pb * pq * eA * eA;
		d2[1] = pb * db2[1] + pq * cAB + pb * pq * eA * eB;
		d2[3] = pb * db2[3] + pq * cBB + pb * pq * eB * eB;
		d2[2] = -1.0 / w + qw * (pb * (lw - dIbA) + pq * ((lw - ctx.cl) - ratio5[0]));
		d2[4] = qw * (pb * (y1 - dIbB) + pq * ((y1 - ctx.cy) - ratio5[1]));
		d2[5] = A / (w * w) + qw * ((A - 1) / w + B / omw) - qw * qw;
	}
	return isfinite(*value);
}
