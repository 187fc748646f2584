/*
 * fitutil.c: memory, distinct-value tables and standard errors for the fits.
 */
#include "fitutil.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
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

/*
 * LSD radix sort of non-negative finite doubles (their bit patterns sort as
 * the numbers do), 16 bits a pass; tmp has room for n.  Falls back to qsort
 * when a value is negative (-0 included) or not finite.
 */
static void
sort_nonneg_doubles(double *v, size_t n, double *tmp)
{
	static size_t counts[1 << 16];
	uint64_t   *src = (uint64_t *) v;
	uint64_t   *dst = (uint64_t *) tmp;
	size_t		i;
	int			shift;

	for (i = 0; i < n; i++)
		if (!(v[i] >= 0) || isinf(v[i]) || signbit(v[i]))
		{
			qsort(v, n, sizeof(double), cmp_double);
			return;
		}
	for (shift = 0; shift < 64; shift += 16)
	{
		size_t		sum = 0;
		uint64_t   *swap;
		bool		all_same = true;

		memset(counts, 0, sizeof(counts));
		for (i = 0; i < n; i++)
			counts[(src[i] >> shift) & 0xFFFF]++;
		for (i = 0; i < (1 << 16); i++)
		{
			size_t		c = counts[i];

			if (c == n)
				all_same = true;
			else if (c != 0)
				all_same = false;
			counts[i] = sum;
			sum += c;
		}
		if (all_same)
			continue;			/* this digit is the same everywhere */
		for (i = 0; i < n; i++)
			dst[counts[(src[i] >> shift) & 0xFFFF]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	if ((double *) src != v)
		memcpy(v, src, n * sizeof(double));
}

size_t
ltv_distinct_sorted(const double *v, size_t n, double *out)
{
	size_t		i,
				m = 0;
	double	   *tmp;

	if (n == 0)
		return 0;
	memcpy(out, v, n * sizeof(double));
	tmp = malloc(n * sizeof(double));
	if (tmp == NULL)
		qsort(out, n, sizeof(double), cmp_double);
	else
	{
		sort_nonneg_doubles(out, n, tmp);
		free(tmp);
	}
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
				g0[LTV_OPTIM_MAX_DIM];
	int			i,
				j;

	/* forward differences (n + 1 gradients): ample for standard errors */
	gradfn(params, g0, ctx);
	for (j = 0; j < n; j++)
	{
		double		h = 1e-6 * fabs(params[j]);

		memcpy(p, params, n * sizeof(double));
		p[j] = params[j] + h;
		h = p[j] - params[j];
		gradfn(p, gp, ctx);
		for (i = 0; i < n; i++)
			info[i * n + j] = -(gp[i] - g0[i]) / h;
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
