/*
 * special.c: log-beta, digamma, logaddexp and a bounded 2F1 power series.
 */
#include "special.h"

#include <float.h>
#include <math.h>

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
