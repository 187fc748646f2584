/*
 * special.c: log-beta, digamma, logaddexp, a bounded 2F1 power series, and
 * log 2F1(A, B; A+1; w) over all of 0 <= w < 1 (see special.h).
 */
#include "special.h"

#include <float.h>
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

/* ---- log 2F1(A, B; A + 1; w) (see special.h) ---- */

#define HYP_AB1_SPLIT 0.75
#define HYP_AB1_MAX_TERMS 100000

/*
 * The series region: (1-w)^(1-B) H, H = sum_k T_k, T_0 = 1,
 * T_{k+1} = T_k (a' + k) / (c' + k) w, a' = A + 1 - B, c' = A + 1.
 */
static bool
hyp_ab1_series(double A, double B, double w, double omw, double *value, double *d)
{
	double		ap = A + 1 - B,
				cp = A + 1;
	double		T = 1.0,
				H = 1.0,
				DA = 0.0,		/* sum_{j<k} 1/(a'+j) - 1/(c'+j) */
				DB = 0.0,		/* -sum_{j<k} 1/(a'+j) */
				HA = 0.0,
				HB = 0.0,
				HW = 0.0;		/* sum_k k T_k / w */
	double		Tw = 1.0;		/* T_k / w for k >= 1 */
	long		k;

	for (k = 0; k < HYP_AB1_MAX_TERMS; k++)
	{
		double		ratio = (ap + k) / (cp + k);

		/* T_{k+1} from T_k */
		Tw = T * ratio;			/* T_{k+1} / w */
		T = Tw * w;
		DA += 1.0 / (ap + k) - 1.0 / (cp + k);
		DB -= 1.0 / (ap + k);
		H += T;
		HA += T * DA;
		HB += T * DB;
		HW += (k + 1) * Tw;
		/* the remaining terms shrink at least by w each: tail <= T w / (1 - w) */
		if (T == 0.0 || T * w <= 1e-17 * omw * H)
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
	return true;
}

typedef struct HypAb1Ctx
{
	double		A,
				B;
} HypAb1Ctx;

/* u^(A-1) (1-u)^-B du in y = -log(1-u): exp((A-1) log(1 - e^-y) + (B-1) y) dy; weights log u and y */
static void
hyp_ab1_integrand(double y, void *ctx, double *h, double *w)
{
	const HypAb1Ctx *c = ctx;
	double		lu = log1p(-exp(-y));

	*h = (c->A - 1) * lu + (c->B - 1) * y;
	w[0] = lu;
	w[1] = y;
}

bool
ltv_log_hyp2f1_ab1(double A, double B, double w, double omw, double *value, double *d)
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

	*value = NAN;
	if (d)
		d[0] = d[1] = d[2] = NAN;
	if (!(A > 0) || !(B > 0) || !(B < A + 1) || !isfinite(A) || !isfinite(B) ||
		!(w >= 0 && w < 1) || !(omw > 0 && omw <= 1) || fabs((1 - w) - omw) > 1e-12)
		return false;
	if (w <= b)
		return hyp_ab1_series(A, B, w, omw, value, d);

	/* I(b) = b^A / A 2F1(A, B; A+1; b), with its derivatives */
	if (!hyp_ab1_series(A, B, b, 1 - b, &lb, db))
		return false;
	lIb = A * log(b) - log(A) + lb;
	dIbA = log(b) - 1.0 / A + db[0];
	dIbB = db[1];

	/* Q = int_b^w u^(A-1) (1-u)^-B du by quadrature in y = -log(1-u) */
	ctx.A = A;
	ctx.B = B;
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
					wdummy[2];

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
	if (!ltv_quad_log(hyp_ab1_integrand, &ctx, y0, y1, gmax, peak, scale, 2, &lQ, ratio))
		return false;
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
	return isfinite(*value);
}
