/*
 * quantile.c: runs of equal values and type 7 quantile cut points.
 */
#include <math.h>

#include "arith.h"
#include "codec.h"
#include "quantile.h"


/*
 * An in-place sort of doubles with the comparison inlined (qsort's indirect
 * calls cost more than the comparisons): quicksort on the median of three,
 * recursing into the smaller part, insertion sort below 24 elements, and heap
 * sort when the recursion gets deep (so the worst case is n log n).
 */
static void
insertion_sort(double *v, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		double		x = v[i];
		size_t		j = i;

		while (j > 0 && v[j - 1] > x)
		{
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void
sift_down(double *v, size_t root, size_t n)
{
	double		x = v[root];

	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && v[child + 1] > v[child])
			child++;
		if (!(v[child] > x))
			break;
		v[root] = v[child];
		root = child;
	}
	v[root] = x;
}

static void
heap_sort(double *v, size_t n)
{
	size_t		i;

	for (i = n / 2; i-- > 0;)
		sift_down(v, i, n);
	for (i = n; i-- > 1;)
	{
		double		top = v[0];

		v[0] = v[i];
		v[i] = top;
		sift_down(v, 0, i);
	}
}

static void
swap_doubles(double *a, double *b)
{
	double		t = *a;

	*a = *b;
	*b = t;
}

static void
intro_sort(double *v, size_t n, int depth)
{
	while (n > 24)
	{
		size_t		mid = n / 2;
		double		pivot;
		size_t		i;
		size_t		j;

		/* a partition of more than 64k values: time to look for a cancel */
		if (n > 65536)
			ltv_check_interrupts(0);
		if (depth-- == 0)
		{
			heap_sort(v, n);
			return;
		}
		/* median of three to v[mid] */
		if (v[mid] < v[0])
			swap_doubles(&v[mid], &v[0]);
		if (v[n - 1] < v[mid])
		{
			swap_doubles(&v[n - 1], &v[mid]);
			if (v[mid] < v[0])
				swap_doubles(&v[mid], &v[0]);
		}
		pivot = v[mid];
		/* Hoare partition: v[0..j] <= pivot <= v[j+1..n-1] */
		i = 0;
		j = n - 1;
		for (;;)
		{
			while (v[i] < pivot)
				i++;
			while (pivot < v[j])
				j--;
			if (i >= j)
				break;
			swap_doubles(&v[i], &v[j]);
			i++;
			j--;
		}
		if (j + 1 < n - (j + 1))
		{
			intro_sort(v, j + 1, depth);
			v += j + 1;
			n -= j + 1;
		}
		else
		{
			intro_sort(v + j + 1, n - (j + 1), depth);
			n = j + 1;
		}
	}
	insertion_sort(v, n);
}

void
ltv_sort_doubles(double *values, size_t n)
{
	int			depth = 0;
	size_t		m;

	for (m = n; m > 1; m >>= 1)
		depth += 2;
	if (n > 1)
		intro_sort(values, n, depth);
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
		ltv_check_interrupts((uint64_t) (i + j));
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
		ltv_check_interrupts((uint64_t) (i + j));
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
	{
		if (runs[i].count < 1 || ltv_add_i64_overflow(total, runs[i].count, &total))
			return INT64_MAX;
	}
	return total;
}

int
ltv_quantile7_cuts(const LtvRun *runs, size_t n, int bins, double *cuts)
{
	int64_t		total;
	size_t		run = 0;
	int64_t		run_end;		/* index one past the current run */
	int			k;

	if (n < 1 || bins < 2 || bins > LTV_QUANTILE_MAX_BINS)
		return -1;
	total = ltv_runs_total(runs, n);
	if (total > LTV_QUANTILE_MAX_TOTAL)
		return -1;
	/* every index below is < total, so run stays < n and run + 1 < n */
	run_end = runs[0].count;

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
	return 0;
}

/* the same introsort over runs, by value */
static void
runs_insertion_sort(LtvRun *v, size_t n)
{
	size_t		i;

	for (i = 1; i < n; i++)
	{
		LtvRun		x = v[i];
		size_t		j = i;

		while (j > 0 && v[j - 1].value > x.value)
		{
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void
runs_sift_down(LtvRun *v, size_t root, size_t n)
{
	LtvRun		x = v[root];

	for (;;)
	{
		size_t		child = 2 * root + 1;

		if (child >= n)
			break;
		if (child + 1 < n && v[child + 1].value > v[child].value)
			child++;
		if (!(v[child].value > x.value))
			break;
		v[root] = v[child];
		root = child;
	}
	v[root] = x;
}

static void
swap_runs(LtvRun *a, LtvRun *b)
{
	LtvRun		t = *a;

	*a = *b;
	*b = t;
}

static void
runs_intro_sort(LtvRun *v, size_t n, int depth)
{
	while (n > 24)
	{
		size_t		mid = n / 2;
		double		pivot;
		size_t		i;
		size_t		j;

		/* a partition of more than 64k values: time to look for a cancel */
		if (n > 65536)
			ltv_check_interrupts(0);
		if (depth-- == 0)
		{
			for (i = n / 2; i-- > 0;)
				runs_sift_down(v, i, n);
			for (i = n; i-- > 1;)
			{
				swap_runs(&v[0], &v[i]);
				runs_sift_down(v, 0, i);
			}
			return;
		}
		if (v[mid].value < v[0].value)
			swap_runs(&v[mid], &v[0]);
		if (v[n - 1].value < v[mid].value)
		{
			swap_runs(&v[n - 1], &v[mid]);
			if (v[mid].value < v[0].value)
				swap_runs(&v[mid], &v[0]);
		}
		pivot = v[mid].value;
		i = 0;
		j = n - 1;
		for (;;)
		{
			while (v[i].value < pivot)
				i++;
			while (pivot < v[j].value)
				j--;
			if (i >= j)
				break;
			swap_runs(&v[i], &v[j]);
			i++;
			j--;
		}
		if (j + 1 < n - (j + 1))
		{
			runs_intro_sort(v, j + 1, depth);
			v += j + 1;
			n -= j + 1;
		}
		else
		{
			runs_intro_sort(v + j + 1, n - (j + 1), depth);
			n = j + 1;
		}
	}
	runs_insertion_sort(v, n);
}

size_t
ltv_runs_sort_collapse(LtvRun *runs, size_t n)
{
	int			depth = 0;
	size_t		m;
	size_t		i;
	size_t		out = 0;

	for (m = n; m > 1; m >>= 1)
		depth += 2;
	if (n > 1)
		runs_intro_sort(runs, n, depth);
	for (i = 0; i < n; i++)
		out = append_run(runs, out, runs[i].value, runs[i].count);
	return out;
}

size_t
ltv_runs_union3_size(const LtvRun *a, size_t na, const double *v, size_t nv,
					 const LtvRun *p, size_t np)
{
	size_t		i = 0,
				j = 0,
				k = 0,
				n = 0;

	while (i < na || j < nv || k < np)
	{
		double		x = INFINITY;

		ltv_check_interrupts((uint64_t) n);
		if (i < na)
			x = a[i].value;
		if (j < nv && v[j] < x)
			x = v[j];
		if (k < np && p[k].value < x)
			x = p[k].value;
		while (i < na && a[i].value == x)
			i++;
		while (j < nv && v[j] == x)
			j++;
		while (k < np && p[k].value == x)
			k++;
		n++;
	}
	return n;
}

void
ltv_runs_merge3_in_place(LtvRun *a, size_t na, const double *v, size_t nv,
						 const LtvRun *p, size_t np, size_t nout)
{
	size_t		i = na,
				j = nv,
				k = np,
				w = nout;

	/*
	 * From the back: the output index w is at least the number of distinct
	 * values in a[0 .. i) and so never below i: a's runs not yet read are
	 * never overwritten.
	 */
	while (i > 0 || j > 0 || k > 0)
	{
		double		x = -INFINITY;
		int64_t		count = 0;

		ltv_check_interrupts((uint64_t) w);
		if (i > 0)
			x = a[i - 1].value;
		if (j > 0 && v[j - 1] > x)
			x = v[j - 1];
		if (k > 0 && p[k - 1].value > x)
			x = p[k - 1].value;
		while (i > 0 && a[i - 1].value == x)
			count += a[--i].count;
		while (j > 0 && v[j - 1] == x)
		{
			count++;
			j--;
		}
		while (k > 0 && p[k - 1].value == x)
			count += p[--k].count;
		w--;
		a[w].value = x;
		a[w].count = count;
	}
}
