/*
 * quantile.c: runs of equal values and type 7 quantile cut points.
 */
#include "quantile.h"

#include <stdlib.h>

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

void
ltv_sort_doubles(double *values, size_t n)
{
	if (n > 1)
		qsort(values, n, sizeof(double), compare_doubles);
}

static size_t
append_run(LtvRun *out, size_t n, double value, int64_t count)
{
	if (n > 0 && out[n - 1].value == value)
		out[n - 1].count += count;
	else
	{
		out[n].value = value;
		out[n].count = count;
		n++;
	}
	return n;
}

size_t
ltv_runs_merge_sorted(const LtvRun *a, size_t na, const double *b, size_t nb, LtvRun *out)
{
	size_t		i = 0;
	size_t		j = 0;
	size_t		n = 0;

	while (i < na || j < nb)
	{
		if (j >= nb || (i < na && a[i].value <= b[j]))
		{
			n = append_run(out, n, a[i].value, a[i].count);
			i++;
		}
		else
		{
			n = append_run(out, n, b[j], 1);
			j++;
		}
	}
	return n;
}

size_t
ltv_runs_merge(const LtvRun *a, size_t na, const LtvRun *b, size_t nb, LtvRun *out)
{
	size_t		i = 0;
	size_t		j = 0;
	size_t		n = 0;

	while (i < na || j < nb)
	{
		if (j >= nb || (i < na && a[i].value <= b[j].value))
		{
			n = append_run(out, n, a[i].value, a[i].count);
			i++;
		}
		else
		{
			n = append_run(out, n, b[j].value, b[j].count);
			j++;
		}
	}
	return n;
}

int64_t
ltv_runs_total(const LtvRun *runs, size_t n)
{
	int64_t		total = 0;
	size_t		i;

	for (i = 0; i < n; i++)
		total += runs[i].count;
	return total;
}

void
ltv_quantile7_cuts(const LtvRun *runs, size_t n, int bins, double *cuts)
{
	int64_t		total = ltv_runs_total(runs, n);
	size_t		run = 0;
	int64_t		run_end = runs[0].count;	/* index one past the current run */
	int			k;

	for (k = 1; k < bins; k++)
	{
		int64_t		h_num = (total - 1) * k;	/* h = h_num / bins */
		int64_t		j = h_num / bins;
		int64_t		rem = h_num % bins;
		double		lo;
		double		hi;

		while (j >= run_end)
		{
			run++;
			run_end += runs[run].count;
		}
		lo = runs[run].value;
		if (rem == 0 || j + 1 < run_end)
		{
			/* x[j] == x[j+1] or no interpolation needed */
			cuts[k - 1] = lo;
			continue;
		}
		hi = runs[run + 1].value;
		cuts[k - 1] = lo + ((double) rem / (double) bins) * (hi - lo);
	}
}
