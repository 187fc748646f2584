/*
 * mellin.c: Mellin-Barnes line integrals of gamma products (see mellin.h).
 */
#include "mellin.h"

#include <complex.h>
#include <math.h>

#include "special.h"

#define SHIFT_TO 10.0			/* Stirling's series from here (|z| >= 10: 1e-17) */
#define MAX_NODES 100000
#define PI 3.14159265358979323846

/* S(z) = sum_k B_2k / (2k (2k - 1) z^(2k-1)), the tail of Stirling's series */
static double complex
stirling_tail(double complex z)
{
	double complex inv = 1.0 / z;
	double complex inv2 = inv * inv;

	return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 * (1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 - inv2 * (1.0 / 156 - inv2 * (3617.0 / 122400))))))));
}

/*
 * log[Gamma(x + iy) / Gamma(x)] for real x (not a pole) and real y, up to a
 * multiple of 2 pi i.  Both arguments are shifted up to >= 10 by the
 * recurrence, then the difference of Stirling's series is taken term by term:
 * (x - 1/2) log(1 + iy/x) + iy log(x + iy) - iy + S(x + iy) - S(x), whose
 * parts stay small for large x, so a ratio of huge gammas keeps its digits.
 */
static double complex
clgamma_ratio(double x, double y)
{
	double complex prod = 1.0;
	double		v,
				re,
				im;

	while (x < SHIFT_TO)
	{
		prod *= x / (x + I * y);
		x += 1.0;
	}
	v = y / x;
	re = (x - 0.5) * 0.5 * log1p(v * v) - y * atan2(y, x);
	im = (x - 0.5) * atan(v) + y * (log(x) + 0.5 * log1p(v * v)) - y;
	return clog(prod) + re + I * im + (stirling_tail(x + I * y) - stirling_tail(x));
}

double
ltv_lgamma_ratio_signed(double x, double d, int *sign)
{
	double		prod = 1.0;
	double		lo;
	long		m = 0;

	*sign = 1;
	if (!isfinite(x) || !isfinite(d) || (x <= 0 && x == floor(x)) || (x + d <= 0 && x + d == floor(x + d)))
		return NAN;
	if (d == 0.0)
		return 0.0;
	lo = fmin(x, x + d);
	/* Gamma(x + d)/Gamma(x) = Gamma(x + m + d)/Gamma(x + m) * prod_k (x + k)/(x + d + k) */
	while (lo + m < SHIFT_TO)
	{
		prod *= (x + m) / (x + d + m);
		m++;
		if (m > 1000000)
			return NAN;
	}
	if (prod < 0)
	{
		*sign = -1;
		prod = -prod;
	}
	return log(prod) + ltv_lgamma_diff(x + m, d);
}

double
ltv_mellin_line(const LtvMellinIntegral *m, int *nodes, double *abs_sum)
{
	double		x0[2 * LTV_MELLIN_MAX_GAMMAS];
	double		s0[2 * LTV_MELLIN_MAX_GAMMAS];	/* +-1: sign of y in the argument and of the factor */
	int			dir[2 * LTV_MELLIN_MAX_GAMMAS];
	int			ng = 0,
				k,
				j,
				quiet = 0;
	double		omega,
				h,
				d = m->pole_distance,
				sum = 0.5,
				asum = 0.5;

	if (nodes)
		*nodes = 0;
	if (abs_sum)
		*abs_sum = NAN;
	if (!(d > 0) || !isfinite(m->log_u) || !isfinite(m->log_scale) ||
		m->n_up < 0 || m->n_down < 0 || m->n_up > LTV_MELLIN_MAX_GAMMAS || m->n_down > LTV_MELLIN_MAX_GAMMAS)
		return NAN;
	/* the largest rate at which the phase of the integrand turns along the line, up to |y| ~ 40 */
	omega = fabs(m->log_u);
	for (k = 0; k < m->n_up + m->n_down; k++)
	{
		int			up = k < m->n_up;
		double		shift = up ? m->up[k] : m->down[k - m->n_up];
		int			sg = up ? m->up_sign[k] : m->down_sign[k - m->n_up];

		x0[ng] = shift + sg * m->c;
		s0[ng] = sg;
		dir[ng] = up ? 1 : -1;
		omega += log(fabs(x0[ng]) + 42.0) + 1.0 / d;
		ng++;
	}
	/*
	 * Trapezoidal rule on an integrand analytic in the strip |Im y| < d: error
	 * about exp(0.8 d omega - 2 pi 0.8 d / h); 39 = log(1e17).
	 */
	h = 2.0 * PI * 0.8 * d / (39.0 + 0.8 * d * omega);
	for (j = 1; j <= MAX_NODES; j++)
	{
		double		y = j * h;
		double complex lr = I * (y * m->log_u);
		double		term,
					mag;

		for (k = 0; k < ng; k++)
			lr += dir[k] * clgamma_ratio(x0[k], s0[k] * y);
		mag = exp(creal(lr));
		term = mag * cos(cimag(lr));
		sum += term;
		asum += mag;
		if (y > 5.0 && mag < 1e-18 * asum)
		{
			if (++quiet >= 10)
			{
				if (nodes)
					*nodes = j;
				if (abs_sum)
					*abs_sum = m->sign * exp(m->log_scale + m->c * m->log_u) * h / PI * asum;
				return m->sign * exp(m->log_scale + m->c * m->log_u) * h / PI * sum;
			}
		}
		else
			quiet = 0;
	}
	return NAN;
}
