/*
 * quad.c: adaptive Gauss-Kronrod (7, 15) quadrature in log space (see quad.h).
 */
#include "quad.h"

#include <math.h>

/* Kronrod 15-point nodes (positive half) and weights, and the embedded Gauss 7 weights */
static const double xk[8] = {
	0.991455371120812639206854697526329,
	0.949107912342758524526189684047851,
	0.864864423359769072789712788640926,
	0.741531185599394439863864773280788,
	0.586087235467691130294144845693013,
	0.405845151377397166906606412076961,
	0.207784955007898467600689403773245,
	0.000000000000000000000000000000000
};
static const double wk[8] = {
	0.022935322010529224963732008058970,
	0.063092092629978553290700663189204,
	0.104790010322250183839876322541518,
	0.140653259715525918745189590510238,
	0.169004726639267902826583426598550,
	0.190350578064785409913256402421014,
	0.204432940075298892414161999234649,
	0.209482141084727828012999174891714
};
static const double wg[4] = {
	0.129484966168869693270611432679082,
	0.279705391489276667901467771423780,
	0.381830050505118944950369775488975,
	0.417959183673469387755102040816327
};

#define MAX_INTERVALS 500

typedef struct Interval
{
	double		a,
				b;
	double		value;			/* Kronrod estimate of the scaled integral */
	double		err;
	double		wv[LTV_QUAD_MAX_WEIGHTS];
} Interval;

static void
gk15(LtvLogIntegrand f, void *ctx, double hmax, int nw, Interval *iv)
{
	double		c = 0.5 * (iv->a + iv->b),
				half = 0.5 * (iv->b - iv->a);
	double		k = 0.0,
				g = 0.0;
	double		kw[LTV_QUAD_MAX_WEIGHTS] = {0, 0, 0, 0};
	int			j,
				m;

	for (j = 0; j < 15; j++)
	{
		int			idx = j < 8 ? j : 14 - j;
		double		y = j < 8 ? c - half * xk[idx] : c + half * xk[idx];
		double		h,
					w[LTV_QUAD_MAX_WEIGHTS],
					v;

		if (j == 7)
			y = c;
		f(y, ctx, &h, w);
		v = exp(h - hmax);
		k += wk[idx] * v;
		if (idx % 2 == 1)		/* the Gauss nodes: xk[1], xk[3], xk[5] and the centre */
			g += wg[idx / 2] * v;
		for (m = 0; m < nw; m++)
			kw[m] += wk[idx] * v * w[m];
	}
	iv->value = k * half;
	/* QUADPACK's estimate: the Gauss-Kronrod difference, scaled down as it shrinks */
	iv->err = k > 0 ? k * half * fmin(1.0, pow(200.0 * fabs(k - g) / k, 1.5)) : fabs(k - g) * half;
	for (m = 0; m < nw; m++)
		iv->wv[m] = kw[m] * half;
}

bool
ltv_quad_log(LtvLogIntegrand f, void *ctx, double a, double b, double hmax, double peak, double scale,
			 int nw, double *log_value, double *ratio)
{
	Interval	iv[MAX_INTERVALS];
	int			n = 1,
				i,
				m;
	double		total,
				err;

	*log_value = NAN;
	for (m = 0; m < nw; m++)
		ratio[m] = NAN;
	if (!isfinite(a) || !isfinite(b) || !(a <= b) || !isfinite(hmax) || nw < 0 || nw > LTV_QUAD_MAX_WEIGHTS)
		return false;
	if (a == b)
	{
		*log_value = -INFINITY;
		for (m = 0; m < nw; m++)
			ratio[m] = 0.0;
		return true;
	}
	/*
	 * Start from intervals graded geometrically away from the peak (widths
	 * scale, 2 scale, 4 scale, ...), so that a narrow peak, even at an end,
	 * is seen by the first nodes.
	 */
	if (!(scale > 0) || !isfinite(scale) || !(peak >= a && peak <= b))
	{
		peak = a;
		scale = b - a;
	}
	{
		double		pts[2 * 64 + 2];
		int			np = 0,
					k;
		double		d;

		pts[np++] = a;
		for (k = 62, d = scale * 0x1p62; k >= 0; k--, d /= 2)
			if (peak - d > a && d < b - a)
				pts[np++] = peak - d;
		if (peak > a && peak < b)
			pts[np++] = peak;
		for (k = 0, d = scale; k <= 62; k++, d *= 2)
			if (peak + d < b)
				pts[np++] = peak + d;
			else
				break;
		pts[np++] = b;
		n = 0;
		for (k = 0; k + 1 < np; k++)
			if (pts[k + 1] > pts[k])
			{
				iv[n].a = pts[k];
				iv[n].b = pts[k + 1];
				gk15(f, ctx, hmax, nw, &iv[n]);
				n++;
			}
	}
	for (;;)
	{
		int			worst = 0;

		total = 0.0;
		err = 0.0;
		for (i = 0; i < n; i++)
		{
			total += iv[i].value;
			err += iv[i].err;
			if (iv[i].err > iv[worst].err)
				worst = i;
		}
		if (!isfinite(total))
			return false;
		if (err <= 1e-14 * total || (total == 0.0 && err == 0.0))
			break;
		if (n == MAX_INTERVALS)
			return false;
		/* bisect the worst interval */
		iv[n].a = 0.5 * (iv[worst].a + iv[worst].b);
		iv[n].b = iv[worst].b;
		iv[worst].b = iv[n].a;
		gk15(f, ctx, hmax, nw, &iv[worst]);
		gk15(f, ctx, hmax, nw, &iv[n]);
		n++;
	}
	*log_value = log(total) + hmax;
	for (m = 0; m < nw; m++)
	{
		double		s = 0.0;

		for (i = 0; i < n; i++)
			s += iv[i].wv[m];
		ratio[m] = total > 0 ? s / total : 0.0;
	}
	return true;
}
