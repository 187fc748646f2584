/*
 * retention.h: cohort retention over per-customer activity bitmaps.
 *
 * A customer's activity is the calendar period of the first purchase
 * (`first`, a period index from ltv_period_index: the first order with
 * amount > 0) and the periods with an order of amount >= 0.  It is kept as a
 * bitmap anchored at `start`, the earliest period with such an order: bit j
 * says "an order with amount >= 0 in period start + j" (bit 0 set), and
 * lead = first - start (bit lead set).  Bits below lead are zero-amount
 * periods before the first purchase: not activity, but kept so that a union
 * with a value whose first purchase is earlier stays exact.  Bitmaps are
 * arrays of 64-bit words, bit j in word j / 64 at position j % 64.  The
 * consumers below read "a purchase in period first + k" as bit lead + k.
 *
 * as_of lies in period a (= ltv_period_index(as_of)).  Period p has fully
 * elapsed by as_of when p + 1 <= a.  For a customer with first period f:
 *   - the customer has reached k when f + k <= a,
 *   - is eligible for k (in k's denominator) when f + k <= a - 1,
 *   - mode ON: is retained at k when eligible and bit k is set,
 *   - mode ON_OR_AFTER: is retained at k when eligible and some bit j >= k with
 *     f + j <= a - 1 is set (a purchase in a fully elapsed period k or later).
 * A customer with f > a has not started by as_of and counts nowhere.
 */
#ifndef LTV_CORE_RETENTION_H
#define LTV_CORE_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

/* The most periods one activity or curve may span (bits, curve points, triangle rows) */
#define LTV_RETENTION_MAX_PERIODS (INT64_C(1) << 24)
/*
 * The most cells a triangle may have, and the most points a curve may
 * return (issue 10: each cell or point is a row of about 80 bytes in the
 * result array, built in memory; 2^22 cells, 2^20 points keep one call
 * under about 700 MB and 170 MB).  30 years of daily periods are 10,958
 * points; 30 years of weekly cohorts 1.2M cells.  Stored values may span up
 * to LTV_RETENTION_MAX_PERIODS (1.0 wrote such); only the results are capped.
 */
#define LTV_RETENTION_MAX_CELLS (INT64_C(1) << 22)
#define LTV_RETENTION_MAX_POINTS (INT64_C(1) << 20)

typedef enum LtvRetentionMode
{
	LTV_RETENTION_ON = 0,
	LTV_RETENTION_ON_OR_AFTER = 1
} LtvRetentionMode;

typedef enum LtvRateStatus
{
	LTV_RATE_OK = 0,
	LTV_RATE_NO_START,			/* S = 0: no rate */
	LTV_RATE_NEGATIVE,			/* a count below zero */
	LTV_RATE_NEW_EXCEEDS_END,	/* N > E */
	LTV_RATE_EXCEEDS_START		/* E - N > S: more retained than there were */
} LtvRateStatus;

typedef struct LtvRetentionPoint
{
	int64_t		k;
	int64_t		customers;		/* reached k: period f + k has begun by as_of */
	int64_t		eligible;		/* period f + k fully elapsed by as_of */
	int64_t		retained;
	double		rate;			/* retained / eligible when eligible > 0 */
	bool		has_rate;
	bool		incomplete;		/* eligible < customers */
} LtvRetentionPoint;

/* (E - N) / S */
extern LtvRateStatus ltv_retention_rate_counts(int64_t start, int64_t end, int64_t new_customers,
											   double *rate);

/* words needed for nbits bits */
extern int64_t ltv_bitmap_words(int64_t nbits);
/* highest set bit at or below limit (limit < 0: none), -1 if none */
extern int64_t ltv_bitmap_last_set(const uint64_t *words, int64_t nwords, int64_t limit);
/* number of set bits */
extern int64_t ltv_bitmap_count(const uint64_t *words, int64_t nwords);
/* dst |= src << shift; dst must hold every set bit of src shifted (shift >= 0) */
extern void ltv_bitmap_or_shifted(uint64_t *dst, int64_t dst_words,
								  const uint64_t *src, int64_t src_words, int64_t shift);

/*
 * Merging activity A (bitmap anchored at start fa) with B (at fb): the union
 * starts at min(fa, fb) and spans ltv_activity_union_bits() bits.  Returns -1 when the
 * span exceeds LTV_RETENTION_MAX_PERIODS (or overflows).
 */
extern int64_t ltv_activity_union_bits(int64_t fa, const uint64_t *a, int64_t a_words,
									   int64_t fb, const uint64_t *b, int64_t b_words);

/*
 * Curve accumulation.  by_offset[d] counts customers with a - f = d, hits[k]
 * counts (mode ON) customers retained at k, or (ON_OR_AFTER) customers whose
 * last purchase in an elapsed period is k.  ltv_curve_length() is the array
 * length a customer needs (0: not started by as_of, -1: too many periods).
 */
extern int64_t ltv_curve_length(int64_t a, int64_t first);
extern void ltv_curve_add(int64_t *by_offset, int64_t *hits, int64_t a, int64_t first,
						  const uint64_t *bits, int64_t nwords, int64_t lead,
						  LtvRetentionMode mode);
/* n points k = 0 .. n - 1 from arrays of length n */
/*
 * Merging curve B (nb counts each) into A (na counts; room for max(na, nb),
 * zero beyond na): by_offset and hits add up.  Returns -1 (A partly updated)
 * when the customers of the union (the sum of by_offset) or a hit count
 * exceed an int64, else 0.
 */
extern int	ltv_curve_merge(int64_t *by_offset_a, int64_t *hits_a, int64_t na,
							const int64_t *by_offset_b, const int64_t *hits_b, int64_t nb);
extern void ltv_curve_points(const int64_t *by_offset, const int64_t *hits, int64_t n,
							 LtvRetentionMode mode, LtvRetentionPoint *points);

/*
 * Triangle: cohorts c = cmin .. a, cohort c has cells k = 0 .. a - c.
 * ltv_triangle_cells() is the number of cells (-1 when above the limit),
 * ltv_triangle_row_offset() where cohort c's cells begin.  Cell (c, k) counts
 * customers of cohort c active at k: mode ON, a purchase in period c + k;
 * ON_OR_AFTER, a purchase in an elapsed period c + j, j >= k.  The last cell
 * of a row (c + k = a, not elapsed) counts purchases in it so far in both modes.
 */
extern int64_t ltv_triangle_cells(int64_t cmin, int64_t a);
extern int64_t ltv_triangle_row_offset(int64_t cmin, int64_t a, int64_t c);
extern void ltv_triangle_add(int64_t *sizes, int64_t *cells, int64_t cmin, int64_t a,
							 int64_t first, const uint64_t *bits, int64_t nwords,
							 int64_t lead, LtvRetentionMode mode);

#endif							/* LTV_CORE_RETENTION_H */
