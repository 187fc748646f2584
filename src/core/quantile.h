/*
 * quantile.h: exact quantile cut points over values compressed to runs.
 *
 * A multiset of doubles is kept as runs: distinct values in strictly
 * increasing order, each with its count (>= 1).  Equal values are one run, so
 * a dimension with few distinct values (order counts, days) stays small
 * whatever the number of customers, and cut points computed from runs are the
 * same whatever order the values came in.
 *
 * Cut points are Hyndman & Fan's type 7 quantiles (R's default quantile(),
 * PostgreSQL's percentile_cont): for the N values sorted with multiplicity,
 * x[0] <= ... <= x[N-1], the quantile at p is
 *
 *     h = (N - 1) p,  j = floor(h),  q = x[j] + (h - j) (x[j+1] - x[j])
 *
 * For p = k / bins the index h is computed exactly in integers, so no
 * floating-point rounding of p moves a cut point to a neighbouring value.
 */
#ifndef LTV_CORE_QUANTILE_H
#define LTV_CORE_QUANTILE_H

#include <stddef.h>
#include <stdint.h>

typedef struct LtvRun
{
	double		value;
	int64_t		count;
} LtvRun;

/* sorts values ascending in place (no NaN allowed) */
extern void ltv_sort_doubles(double *values, size_t n);

/*
 * Merges runs a (na) and the sorted values b (nb, duplicates allowed) into
 * out, which has room for na + nb runs; returns the number of runs written.
 */
extern size_t ltv_runs_merge_sorted(const LtvRun *a, size_t na,
									const double *b, size_t nb, LtvRun *out);

/* merges two run lists into out (room for na + nb); returns runs written */
extern size_t ltv_runs_merge(const LtvRun *a, size_t na,
							 const LtvRun *b, size_t nb, LtvRun *out);

/*
 * Sorts runs by value and merges equal values (adding their counts) in
 * place; returns the number of runs left.
 */
extern size_t ltv_runs_sort_collapse(LtvRun *runs, size_t n);

/*
 * Three sorted sources of one multiset: runs a (strictly increasing), values
 * v (non-decreasing, duplicates allowed) and runs p (strictly increasing).
 * ltv_runs_union3_size gives the number of distinct values of all three;
 * ltv_runs_merge3_in_place merges them into a, which must have room for
 * nout = that number of runs (a is rewritten from the back, so no scratch
 * space is needed).  The caller makes sure the total count fits.
 */
extern size_t ltv_runs_union3_size(const LtvRun *a, size_t na, const double *v, size_t nv,
								   const LtvRun *p, size_t np);
extern void ltv_runs_merge3_in_place(LtvRun *a, size_t na, const double *v, size_t nv,
									 const LtvRun *p, size_t np, size_t nout);

/*
 * Total count of the runs, saturating at INT64_MAX: a sum that does not fit
 * (or a count < 1) returns INT64_MAX, so "total > LTV_QUANTILE_MAX_TOTAL"
 * is a sound check whatever the counts are.
 */
extern int64_t ltv_runs_total(const LtvRun *runs, size_t n);

/*
 * The largest total count a multiset may have: (total - 1) * k for k < bins
 * <= 1024 must fit in an int64.  Merging two multisets whose totals add up
 * to more must be refused by the caller (ltv_runs_total of each, then add).
 */
#define LTV_QUANTILE_MAX_TOTAL (INT64_MAX / 1024)
#define LTV_QUANTILE_MAX_BINS 1024

/*
 * The bins - 1 type 7 quantiles at p = k / bins, k = 1 .. bins - 1, written to
 * cuts.  Returns 0, or -1 (cuts untouched) unless n >= 1, 2 <= bins <=
 * LTV_QUANTILE_MAX_BINS and the total count is <= LTV_QUANTILE_MAX_TOTAL.
 */
extern int	ltv_quantile7_cuts(const LtvRun *runs, size_t n, int bins, double *cuts);

#endif							/* LTV_CORE_QUANTILE_H */
