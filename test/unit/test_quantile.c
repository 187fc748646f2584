/*
 * Unit tests of src/core/quantile.c.  Reference values: R 4.x,
 * quantile(x, (1:(bins-1))/bins) (type 7, R's default), run on this machine:
 *   x <- c(1,1,1,1,1,1,2,2,3,10); quantile(x, (1:4)/5) -> 1, 1, 1.4, 2.2
 *   y <- c(5,3,3,8,8,8,1,20,13,2,7); quantile(y, (1:2)/3) -> 3.6666666666666661, 8
 *   quantile(y, (1:9)/10) -> 2 3 3 5 7 8 8 8 13
 */
#include <string.h>

#include "quantile.h"
#include "unit.h"

static size_t
runs_of(double *values, size_t n, LtvRun *out)
{
	ltv_sort_doubles(values, n);
	return ltv_runs_merge_sorted(NULL, 0, values, n, out);
}

static void
test_runs_compress_ties(void)
{
	double		x[] = {3, 1, 2, 1, 3, 3};
	LtvRun		runs[6];
	size_t		n = runs_of(x, 6, runs);

	CHECK_EQ_I64(n, 3);
	CHECK_NEAR(runs[0].value, 1, 0);
	CHECK_EQ_I64(runs[0].count, 2);
	CHECK_EQ_I64(runs[1].count, 1);
	CHECK_NEAR(runs[2].value, 3, 0);
	CHECK_EQ_I64(runs[2].count, 3);
	CHECK_EQ_I64(ltv_runs_total(runs, n), 6);
}

static void
test_runs_merge_is_order_free(void)
{
	double		a[] = {5, 1, 1, 9};
	double		b[] = {9, 2, 5};
	double		all[] = {9, 5, 2, 1, 9, 1, 5};
	LtvRun		ra[4], rb[3], merged[7], direct[7];
	size_t		na = runs_of(a, 4, ra);
	size_t		nb = runs_of(b, 3, rb);
	size_t		nm = ltv_runs_merge(rb, nb, ra, na, merged);
	size_t		nd = runs_of(all, 7, direct);
	size_t		i;

	CHECK_EQ_I64(nm, nd);
	CHECK_EQ_I64(nm, 4);
	for (i = 0; i < nm && i < nd; i++)
	{
		CHECK_NEAR(merged[i].value, direct[i].value, 0);
		CHECK_EQ_I64(merged[i].count, direct[i].count);
	}
}

static void
test_cuts_match_r_type7(void)
{
	double		x[] = {1, 1, 1, 1, 1, 1, 2, 2, 3, 10};
	double		y[] = {5, 3, 3, 8, 8, 8, 1, 20, 13, 2, 7};
	double		y10[] = {2, 3, 3, 5, 7, 8, 8, 8, 13};
	LtvRun		runs[11];
	double		cuts[9];
	size_t		n;
	int			k;

	n = runs_of(x, 10, runs);
	ltv_quantile7_cuts(runs, n, 5, cuts);
	CHECK_NEAR(cuts[0], 1, 0);
	CHECK_NEAR(cuts[1], 1, 0);
	CHECK_NEAR(cuts[2], 1.4, 1e-15);
	CHECK_NEAR(cuts[3], 2.2, 1e-15);

	n = runs_of(y, 11, runs);
	ltv_quantile7_cuts(runs, n, 3, cuts);
	CHECK_NEAR(cuts[0], 3.6666666666666661, 1e-15);
	CHECK_NEAR(cuts[1], 8, 0);
	ltv_quantile7_cuts(runs, n, 10, cuts);
	for (k = 0; k < 9; k++)
		CHECK_NEAR(cuts[k], y10[k], 0);
}

static void
test_cuts_single_value(void)
{
	LtvRun		one = {42, 1};
	LtvRun		many = {7, 1000000};
	double		cuts[3];

	ltv_quantile7_cuts(&one, 1, 4, cuts);
	CHECK_NEAR(cuts[0], 42, 0);
	CHECK_NEAR(cuts[2], 42, 0);
	ltv_quantile7_cuts(&many, 1, 4, cuts);
	CHECK_NEAR(cuts[1], 7, 0);
}

/* exact index arithmetic: 0.6 * (n - 1) must land on a data value when it is whole */
static void
test_cuts_exact_index(void)
{
	LtvRun		runs[2] = {{1, 601}, {2, 400}};	/* N = 1001, h = 1000 k / 5 */
	double		cuts[4];

	ltv_quantile7_cuts(runs, 2, 5, cuts);
	CHECK_NEAR(cuts[2], 1, 0);	/* x[600] = 1 exactly, not 1 + tiny * (2 - 1) */
	CHECK_NEAR(cuts[3], 2, 0);
}

/* the sort against a counting check on many shapes: random, sorted, reversed, few values */
static void
test_sort_shapes(void)
{
	static double v[5000];
	int			shape;

	for (shape = 0; shape < 5; shape++)
	{
		uint64_t	x = 88172645463325252ULL;
		size_t		n = shape == 4 ? 3 : 5000;
		size_t		i;
		double		sum_before = 0;
		double		sum_after = 0;
		int			sorted = 1;

		for (i = 0; i < n; i++)
		{
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			switch (shape)
			{
				case 0:
					v[i] = (double) (x % 1000003) / 7.0;
					break;
				case 1:
					v[i] = (double) i;
					break;
				case 2:
					v[i] = (double) (n - i);
					break;
				default:
					v[i] = (double) (x % 3);
					break;
			}
			sum_before += v[i];
		}
		ltv_sort_doubles(v, n);
		for (i = 0; i < n; i++)
		{
			sum_after += v[i];
			if (i > 0 && v[i - 1] > v[i])
				sorted = 0;
		}
		CHECK(sorted);
		CHECK_NEAR(sum_after, sum_before, 1e-6 * fabs(sum_before) + 1e-9);
	}
}

/* issue 10: totals that do not fit saturate, and cuts refuse them instead of reading past the runs */
static void
test_totals_saturate(void)
{
	LtvRun		wrap[2] = {{1, INT64_MAX}, {2, 1}};
	LtvRun		big[2] = {{1, LTV_QUANTILE_MAX_TOTAL}, {2, 1}};
	LtvRun		bad[1] = {{1, 0}};
	LtvRun		edge[1] = {{3, LTV_QUANTILE_MAX_TOTAL}};
	double		cuts[4] = {-1, -1, -1, -1};

	CHECK_EQ_I64(ltv_runs_total(wrap, 2), INT64_MAX);
	CHECK_EQ_I64(ltv_runs_total(bad, 1), INT64_MAX);
	CHECK(ltv_quantile7_cuts(wrap, 2, 5, cuts) != 0);
	CHECK(ltv_quantile7_cuts(big, 2, 5, cuts) != 0);
	CHECK(ltv_quantile7_cuts(bad, 1, 5, cuts) != 0);
	CHECK(ltv_quantile7_cuts(edge, 0, 5, cuts) != 0);
	CHECK(ltv_quantile7_cuts(edge, 1, 1, cuts) != 0);
	CHECK(ltv_quantile7_cuts(edge, 1, LTV_QUANTILE_MAX_BINS + 1, cuts) != 0);
	CHECK_NEAR(cuts[0], -1, 0);	/* untouched */
	CHECK(ltv_quantile7_cuts(edge, 1, 5, cuts) == 0);
	CHECK_NEAR(cuts[0], 3, 0);
	CHECK_NEAR(cuts[3], 3, 0);
}


/*
 * The three-source merge used by rfm_state (stored runs, a buffer of new
 * values, a buffer of merged-in runs) against the runs of all the values
 * sorted at once (ltv_runs_merge_sorted, checked above), over random
 * multisets with many ties and with none.
 */
static void
test_merge3_equals_sorting_everything(void)
{
	enum
	{
		N = 3000
	};
	static double all[3 * N];
	static double a_vals[N];
	static double v[N];
	static LtvRun a[3 * N];
	static LtvRun p[N];
	static LtvRun expect[3 * N];
	uint64_t	seed = 12345;
	int			round;

	for (round = 0; round < 40; round++)
	{
		size_t		na_vals = (size_t) (round * 71) % N,
					nv = (size_t) (round * 37 + 5) % N,
					np = (size_t) (round * 53 + 1) % N,
					nall = 0,
					na,
					np2,
					size,
					nexp,
					i;
		double		spread = (round % 2) ? 50.0 : 1e9;	/* ties, or (nearly) none */

		for (i = 0; i < na_vals + nv + np; i++)
		{
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			all[nall++] = (double) ((seed >> 33) % (uint64_t) spread);
		}
		memcpy(a_vals, all, na_vals * sizeof(double));
		na = runs_of(a_vals, na_vals, a);
		memcpy(v, all + na_vals, nv * sizeof(double));
		ltv_sort_doubles(v, nv);
		for (i = 0; i < np; i++)
		{
			p[i].value = all[na_vals + nv + i];
			p[i].count = 1 + (int64_t) (i % 3);
			/* the counts stand for that many copies of the value */
		}
		/* the expected multiset: a's and v's values once, p's with their counts */
		{
			size_t		m = na_vals + nv;
			static double every[5 * N];

			memcpy(every, all, m * sizeof(double));
			for (i = 0; i < np; i++)
			{
				int64_t		c;

				for (c = 0; c < p[i].count; c++)
					every[m++] = p[i].value;
			}
			nexp = runs_of(every, m, expect);
		}
		np2 = ltv_runs_sort_collapse(p, np);
		size = ltv_runs_union3_size(a, na, v, nv, p, np2);
		CHECK_EQ_I64(size, nexp);
		ltv_runs_merge3_in_place(a, na, v, nv, p, np2, size);
		for (i = 0; i < size && i < nexp; i++)
		{
			CHECK_NEAR(a[i].value, expect[i].value, 0);
			CHECK_EQ_I64(a[i].count, expect[i].count);
		}
	}
}

int
main(void)
{
	RUN(test_sort_shapes);
	RUN(test_runs_compress_ties);
	RUN(test_runs_merge_is_order_free);
	RUN(test_cuts_match_r_type7);
	RUN(test_cuts_single_value);
	RUN(test_cuts_exact_index);
	RUN(test_totals_saturate);
	RUN(test_merge3_equals_sorting_everything);
	return unit_report("quantile");
}
