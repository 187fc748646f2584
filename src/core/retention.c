/*
 * retention.c: cohort retention over per-customer activity bitmaps.
 * See retention.h for the definitions.
 */
#include "retention.h"

#include "arith.h"
#include "codec.h"

LtvRateStatus
ltv_retention_rate_counts(int64_t start, int64_t end, int64_t new_customers, double *rate)
{
	if (start < 0 || end < 0 || new_customers < 0)
		return LTV_RATE_NEGATIVE;
	if (new_customers > end)
		return LTV_RATE_NEW_EXCEEDS_END;
	if (end - new_customers > start)
		return LTV_RATE_EXCEEDS_START;
	if (start == 0)
		return LTV_RATE_NO_START;
	*rate = (double) (end - new_customers) / (double) start;
	return LTV_RATE_OK;
}

int64_t
ltv_bitmap_words(int64_t nbits)
{
	return nbits <= 0 ? 0 : (nbits - 1) / 64 + 1;
}

/* bit helpers for w != 0 (compiler builtins where available) */
static inline int
highest_bit(uint64_t w)
{
#if defined(__GNUC__) || defined(__clang__)
	return 63 - __builtin_clzll(w);
#else
	int			n = 0;

	while (w >>= 1)
		n++;
	return n;
#endif
}

static inline int
lowest_bit(uint64_t w)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctzll(w);
#else
	int			n = 0;

	while ((w & 1) == 0)
	{
		w >>= 1;
		n++;
	}
	return n;
#endif
}

static inline int
count_bits(uint64_t w)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_popcountll(w);
#else
	int			n = 0;

	for (; w != 0; w &= w - 1)
		n++;
	return n;
#endif
}

int64_t
ltv_bitmap_last_set(const uint64_t *words, int64_t nwords, int64_t limit)
{
	int64_t		i;

	if (limit < 0 || nwords <= 0)
		return -1;
	i = limit / 64;
	if (i >= nwords)
		i = nwords - 1;
	else if (limit % 64 != 63)
	{
		uint64_t	w = words[i] & ((UINT64_C(1) << (limit % 64 + 1)) - 1);

		if (w != 0)
			return i * 64 + highest_bit(w);
		i--;
	}
	for (; i >= 0; i--)
		if (words[i] != 0)
			return i * 64 + highest_bit(words[i]);
	return -1;
}

int64_t
ltv_bitmap_count(const uint64_t *words, int64_t nwords)
{
	int64_t		n = 0;
	int64_t		i;

	for (i = 0; i < nwords; i++)
		n += count_bits(words[i]);
	return n;
}

void
ltv_bitmap_or_shifted(uint64_t *dst, int64_t dst_words,
					  const uint64_t *src, int64_t src_words, int64_t shift)
{
	int64_t		word_shift = shift / 64;
	int			bit_shift = (int) (shift % 64);
	int64_t		i;

	for (i = 0; i < src_words; i++)
	{
		uint64_t	w = src[i];
		int64_t		j = i + word_shift;

		if (w == 0)
			continue;
		if (j < dst_words)
			dst[j] |= w << bit_shift;
		if (bit_shift != 0 && j + 1 < dst_words)
			dst[j + 1] |= w >> (64 - bit_shift);
	}
}

int64_t
ltv_activity_union_bits(int64_t fa, const uint64_t *a, int64_t a_words,
						int64_t fb, const uint64_t *b, int64_t b_words)
{
	int64_t		first = fa < fb ? fa : fb;
	int64_t		last_a = ltv_bitmap_last_set(a, a_words, INT64_MAX);
	int64_t		last_b = ltv_bitmap_last_set(b, b_words, INT64_MAX);
	int64_t		end_a,
				end_b,
				span;

	if (last_a < 0)
		last_a = 0;
	if (last_b < 0)
		last_b = 0;
	if (ltv_add_i64_overflow(fa, last_a, &end_a) || ltv_add_i64_overflow(fb, last_b, &end_b))
		return -1;
	if (ltv_sub_i64_overflow(end_a > end_b ? end_a : end_b, first, &span) ||
		span >= LTV_RETENTION_MAX_PERIODS)
		return -1;
	return span + 1;
}

int64_t
ltv_curve_length(int64_t a, int64_t first)
{
	int64_t		d;

	if (first > a)
		return 0;
	if (ltv_sub_i64_overflow(a, first, &d) || d >= LTV_RETENTION_MAX_PERIODS)
		return -1;
	return d + 1;
}

/* counts[j - lo]++ for every set bit j with lo <= j <= hi */
static void
count_set_bits(int64_t *counts, const uint64_t *bits, int64_t nwords, int64_t lo, int64_t hi)
{
	int64_t		i = lo / 64;
	int64_t		end_words = ltv_bitmap_words(hi + 1);

	if (lo > hi)
		return;
	if (end_words > nwords)
		end_words = nwords;
	for (; i < end_words; i++)
	{
		uint64_t	w = bits[i];

		if (i == lo / 64)
			w &= ~UINT64_C(0) << (lo % 64);
		while (w != 0)
		{
			int64_t		j = i * 64 + lowest_bit(w);

			if (j > hi)
				return;
			counts[j - lo]++;
			w &= w - 1;
		}
	}
}

void
ltv_curve_add(int64_t *by_offset, int64_t *hits, int64_t a, int64_t first,
			  const uint64_t *bits, int64_t nwords, int64_t lead, LtvRetentionMode mode)
{
	int64_t		d = a - first;	/* the caller checked ltv_curve_length() > 0 */
	int64_t		last_elapsed = d - 1;	/* highest k with period first + k elapsed */

	by_offset[d]++;
	if (last_elapsed < 0)
		return;
	if (mode == LTV_RETENTION_ON_OR_AFTER)
	{
		int64_t		m = ltv_bitmap_last_set(bits, nwords, lead + last_elapsed);

		if (m >= lead)
			hits[m - lead]++;
	}
	else
		count_set_bits(hits, bits, nwords, lead, lead + last_elapsed);
}

int
ltv_curve_merge(int64_t *by_offset_a, int64_t *hits_a, int64_t na,
				const int64_t *by_offset_b, const int64_t *hits_b, int64_t nb)
{
	int64_t		total = 0;
	int64_t		k;

	/* the customers of the union must fit an int64; every hit count is at most that */
	for (k = 0; k < na; k++)
	{
		ltv_check_interrupts((uint64_t) k);
		if (ltv_add_i64_overflow(total, by_offset_a[k], &total))
			return -1;
	}
	for (k = 0; k < nb; k++)
	{
		ltv_check_interrupts((uint64_t) k);
		if (ltv_add_i64_overflow(total, by_offset_b[k], &total) ||
			ltv_add_i64_overflow(by_offset_a[k], by_offset_b[k], &by_offset_a[k]) ||
			ltv_add_i64_overflow(hits_a[k], hits_b[k], &hits_a[k]))
			return -1;
	}
	return 0;
}

void
ltv_curve_points(const int64_t *by_offset, const int64_t *hits, int64_t n,
				 LtvRetentionMode mode, LtvRetentionPoint *points)
{
	int64_t		reached = 0;
	int64_t		retained_after = 0;
	int64_t		k;

	/* suffix sums: customers reaching k have d >= k, eligible ones d >= k + 1 */
	for (k = n - 1; k >= 0; k--)
	{
		LtvRetentionPoint *p = &points[k];
		int64_t		eligible = reached;

		reached += by_offset[k];
		/*
		 * on_or_after only: there ltv_curve_check bounds the sum by the
		 * customers; in mode on each hit count is bounded, not their sum
		 * (found by test/fuzz/fuzz_retention_curve.c: a signed overflow)
		 */
		if (mode != LTV_RETENTION_ON)
			retained_after += hits[k];
		p->k = k;
		p->customers = reached;
		p->eligible = eligible;
		p->retained = mode == LTV_RETENTION_ON ? hits[k] : retained_after;
		p->has_rate = eligible > 0;
		p->rate = p->has_rate ? (double) p->retained / (double) eligible : 0.0;
		p->incomplete = eligible < reached;
	}
}

int64_t
ltv_triangle_cells(int64_t cmin, int64_t a)
{
	int64_t		rows = ltv_curve_length(a, cmin);

	if (rows < 0)
		return -1;
	if (rows > INT64_C(1) << 30)
		return -1;
	rows = rows * (rows + 1) / 2;
	return rows > LTV_RETENTION_MAX_CELLS ? -1 : rows;
}

int64_t
ltv_triangle_row_offset(int64_t cmin, int64_t a, int64_t c)
{
	int64_t		rows = a - cmin + 1;
	int64_t		i = c - cmin;

	/* rows before c have lengths rows, rows - 1, ..., rows - i + 1 */
	return i * rows - i * (i - 1) / 2;
}

void
ltv_triangle_add(int64_t *sizes, int64_t *cells, int64_t cmin, int64_t a,
				 int64_t first, const uint64_t *bits, int64_t nwords,
				 int64_t lead, LtvRetentionMode mode)
{
	int64_t		row_len = a - first + 1;	/* the caller checked cmin <= first <= a */
	int64_t	   *row = cells + ltv_triangle_row_offset(cmin, a, first);
	int64_t		last = row_len - 1;	/* the unfinished period */
	int64_t		k;

	sizes[first - cmin]++;
	if (mode == LTV_RETENTION_ON_OR_AFTER)
	{
		int64_t		m = ltv_bitmap_last_set(bits, nwords, lead + last - 1) - lead;

		for (k = 0; k <= m; k++)
			row[k]++;
		if (ltv_bitmap_last_set(bits, nwords, lead + last) == lead + last)
			row[last]++;
	}
	else
		count_set_bits(row, bits, nwords, lead, lead + last);
}
