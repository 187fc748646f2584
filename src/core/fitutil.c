/*
 * fitutil.c: memory, distinct-value tables and standard errors for the fits.
 */
#include "fitutil.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void *
ltv_fit_alloc(const LtvFitOptions *opts, size_t size)
{
	if (size == 0)
		size = 1;
	if (opts && opts->alloc)
		return opts->alloc(size);
	return malloc(size);
}

void
ltv_fit_free(const LtvFitOptions *opts, void *ptr)
{
	if (ptr == NULL)
		return;
	if (opts && opts->free)
		opts->free(ptr);
	else
		free(ptr);
}

static int
cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

size_t
ltv_distinct_sorted(const double *v, size_t n, double *out)
{
	size_t		i,
				m = 0;

	if (n == 0)
		return 0;
	memcpy(out, v, n * sizeof(double));
	qsort(out, n, sizeof(double), cmp_double);
	for (i = 0; i < n; i++)
		if (m == 0 || out[i] != out[m - 1])
			out[m++] = out[i];
	return m;
}

size_t
ltv_find_sorted(const double *vals, size_t n, double value)
{
	size_t		lo = 0,
				hi = n;

	while (hi - lo > 1)
	{
		size_t		mid = lo + (hi - lo) / 2;

		if (vals[mid] <= value)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void
ltv_standard_errors(int n, const double *params, LtvGradFn gradfn, void *ctx, double *se)
{
	double		info[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM];
	double		p[LTV_OPTIM_MAX_DIM],
				gp[LTV_OPTIM_MAX_DIM],
				gm[LTV_OPTIM_MAX_DIM];
	int			i,
				j;

	for (j = 0; j < n; j++)
	{
		double		h = 1e-5 * fabs(params[j]);

		memcpy(p, params, n * sizeof(double));
		p[j] = params[j] + h;
		gradfn(p, gp, ctx);
		p[j] = params[j] - h;
		gradfn(p, gm, ctx);
		for (i = 0; i < n; i++)
			info[i * n + j] = -(gp[i] - gm[i]) / (2.0 * h);
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < i; j++)
		{
			double		v = 0.5 * (info[i * n + j] + info[j * n + i]);

			info[i * n + j] = info[j * n + i] = v;
		}
	if (!ltv_spd_invert(n, info))
	{
		for (i = 0; i < n; i++)
			se[i] = NAN;
		return;
	}
	for (i = 0; i < n; i++)
		se[i] = info[i * n + i] > 0 ? sqrt(info[i * n + i]) : NAN;
}

bool
ltv_fit_degenerate(int n, const double *theta, const double *se)
{
	int			i;

	for (i = 0; i < n; i++)
		if (fabs(theta[i]) > 18.0 || isnan(se[i]))
			return true;
	return false;
}
