/*
 * fitutil.c: memory, distinct-value tables and standard errors for the fits.
 */
#include "fitutil.h"

#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
ltv_polish_options(const LtvFitOptions *opts, size_t n, LtvFitOptions *polish)
{
	if (opts)
		*polish = *opts;
	else
		memset(polish, 0, sizeof(*polish));
	if (!(polish->gtol >= LTV_POLISH_GTOL))
		polish->gtol = LTV_POLISH_GTOL;
	polish->f_rounding = fmax(polish->f_rounding, DBL_EPSILON * sqrt((double) n) / 4);
}

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

typedef struct ValueSlot
{
	uint64_t	bits;
	uint32_t	id;				/* provisional id + 1; 0: empty */
} ValueSlot;

static inline size_t
value_slot_of(uint64_t bits, size_t mask)
{
	bits ^= bits >> 29;
	bits *= UINT64_C(0x9E3779B97F4A7C15);
	return (size_t) (bits >> 32) & mask;
}

typedef struct RankedValue
{
	double		value;
	uint32_t	id;
} RankedValue;

static int
cmp_ranked(const void *a, const void *b)
{
	double		x = ((const RankedValue *) a)->value;
	double		y = ((const RankedValue *) b)->value;

	return (x > y) - (x < y);
}

size_t
ltv_index_values(const LtvFitOptions *opts, const double *v, size_t n, uint32_t *idx, double **values_out)
{
	size_t		cap = 1024,
				mask = cap - 1,
				ndistinct = 0,
				i,
				j;
	ValueSlot  *table = ltv_fit_alloc(opts, cap * sizeof(ValueSlot));
	double	   *first = ltv_fit_alloc(opts, cap / 2 * sizeof(double));	/* by provisional id */
	RankedValue *ranked;
	uint32_t   *rank;
	double	   *values;

	memset(table, 0, cap * sizeof(ValueSlot));
	for (i = 0; i < n; i++)
	{
		double		value = v[i] + 0.0;	/* -0 is 0 */
		uint64_t	bits;
		size_t		s;

		memcpy(&bits, &value, sizeof(bits));
		for (s = value_slot_of(bits, mask); table[s].id != 0 && table[s].bits != bits; s = (s + 1) & mask)
			;
		if (table[s].id == 0)
		{
			if (ndistinct + 1 > cap / 2)
			{
				/* grow: twice the slots, reinsert */
				size_t		newcap = cap * 2;
				ValueSlot  *bigger = ltv_fit_alloc(opts, newcap * sizeof(ValueSlot));
				double	   *morefirst = ltv_fit_alloc(opts, newcap / 2 * sizeof(double));

				memset(bigger, 0, newcap * sizeof(ValueSlot));
				memcpy(morefirst, first, ndistinct * sizeof(double));
				for (j = 0; j < cap; j++)
				{
					size_t		t;

					if (table[j].id == 0)
						continue;
					for (t = value_slot_of(table[j].bits, newcap - 1); bigger[t].id != 0; t = (t + 1) & (newcap - 1))
						;
					bigger[t] = table[j];
				}
				ltv_fit_free(opts, table);
				ltv_fit_free(opts, first);
				table = bigger;
				first = morefirst;
				cap = newcap;
				mask = cap - 1;
				for (s = value_slot_of(bits, mask); table[s].id != 0; s = (s + 1) & mask)
					;
			}
			table[s].bits = bits;
			table[s].id = (uint32_t) (++ndistinct);
			first[ndistinct - 1] = value;
		}
		idx[i] = table[s].id - 1;
	}
	ltv_fit_free(opts, table);
	/* provisional ids (order of first appearance) -> ranks by value */
	ranked = ltv_fit_alloc(opts, ndistinct * sizeof(RankedValue));
	for (j = 0; j < ndistinct; j++)
	{
		ranked[j].value = first[j];
		ranked[j].id = (uint32_t) j;
	}
	ltv_fit_free(opts, first);
	qsort(ranked, ndistinct, sizeof(RankedValue), cmp_ranked);
	rank = ltv_fit_alloc(opts, ndistinct * sizeof(uint32_t));
	values = ltv_fit_alloc(opts, ndistinct * sizeof(double));
	for (j = 0; j < ndistinct; j++)
	{
		rank[ranked[j].id] = (uint32_t) j;
		values[j] = ranked[j].value;
	}
	ltv_fit_free(opts, ranked);
	for (i = 0; i < n; i++)
		idx[i] = rank[idx[i]];
	ltv_fit_free(opts, rank);
	*values_out = values;
	return ndistinct;
}

void
ltv_standard_errors(int n, const double *params, LtvGradFn gradfn, void *ctx, double *se)
{
	ltv_standard_errors_cov(n, params, gradfn, ctx, se, NULL);
}

void
ltv_standard_errors_cov(int n, const double *params, LtvGradFn gradfn, void *ctx, double *se, double *cov)
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
		if (cov)
			for (i = 0; i < n * n; i++)
				cov[i] = NAN;
		return;
	}
	for (i = 0; i < n; i++)
		se[i] = info[i * n + i] > 0 ? sqrt(info[i * n + i]) : NAN;
	if (cov)
		memcpy(cov, info, n * n * sizeof(double));
}

void
ltv_standard_errors_hessian(int n, const double *hess, double *se, double *cov)
{
	double		info[LTV_OPTIM_MAX_DIM * LTV_OPTIM_MAX_DIM];
	double		scale[LTV_OPTIM_MAX_DIM];
	int			i,
				j;

	/* invert D (-hess) D with D = diag(-hess)^-1/2: the parameters' scales differ by orders of magnitude */
	for (i = 0; i < n; i++)
		scale[i] = -hess[i * n + i] > 0 ? 1.0 / sqrt(-hess[i * n + i]) : NAN;
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			info[i * n + j] = -0.5 * (hess[i * n + j] + hess[j * n + i]) * scale[i] * scale[j];
	if (!ltv_spd_invert(n, info))
	{
		for (i = 0; i < n; i++)
			se[i] = NAN;
		if (cov)
			for (i = 0; i < n * n; i++)
				cov[i] = NAN;
		return;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			info[i * n + j] *= scale[i] * scale[j];
	for (i = 0; i < n; i++)
		se[i] = info[i * n + i] > 0 ? sqrt(info[i * n + i]) : NAN;
	if (cov)
		memcpy(cov, info, sizeof(double) * n * n);
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

bool
ltv_fit_degenerate_se(int n, const double *theta, const double *params, const double *se)
{
	int			i;

	if (ltv_fit_degenerate(n, theta, se))
		return true;
	for (i = 0; i < n; i++)
		if (se[i] > LTV_FLAT_REL_SE * fabs(params[i]))
			return true;
	return false;
}

void
ltv_eval_memo_init(LtvEvalMemo *memo)
{
	memo->n = 0;
	memo->next = 0;
}

void
ltv_eval_memo_put(LtvEvalMemo *memo, int np, const double *params, double loglik, const double *hess)
{
	int			k = memo->next;

	if (np < 1 || np > LTV_EVAL_MEMO_MAX_PARAMS)
		return;
	memcpy(memo->params[k], params, np * sizeof(double));
	memo->loglik[k] = loglik;
	memcpy(memo->hess[k], hess, np * np * sizeof(double));
	memo->next = (k + 1) % LTV_EVAL_MEMO_SIZE;
	if (memo->n < LTV_EVAL_MEMO_SIZE)
		memo->n++;
}

bool
ltv_eval_memo_get(const LtvEvalMemo *memo, int np, const double *params, double *loglik, double *hess)
{
	int			i;

	if (np < 1 || np > LTV_EVAL_MEMO_MAX_PARAMS)
		return false;
	/* newest first: the point a polish ends on is usually among the last it tried */
	for (i = 1; i <= memo->n; i++)
	{
		int			k = (memo->next - i + LTV_EVAL_MEMO_SIZE) % LTV_EVAL_MEMO_SIZE;

		if (memcmp(memo->params[k], params, np * sizeof(double)) == 0)
		{
			*loglik = memo->loglik[k];
			memcpy(hess, memo->hess[k], np * np * sizeof(double));
			return true;
		}
	}
	return false;
}
