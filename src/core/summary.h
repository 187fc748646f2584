/*
 * summary.h: the per-customer summary of orders (level 1): exact money,
 * purchase occasions and the BTYD statistics x, t_x, T and mean repeat spend.
 *
 * Money is exact: an amount is a decimal mantissa scaled by 10^scale held in a
 * 128-bit integer.  A sum keeps the largest scale it has seen, rescaling the
 * smaller ones, so sums are the same for any order of addition (integer
 * addition is associative and commutative) and equal to PostgreSQL's
 * sum(numeric).  Anything that does not fit 128 bits is reported as overflow.
 *
 * An occasion is a period (period index from the origin 2000-01-01 00:00)
 * that holds at least one purchase (amount >= 0).  Refunds (amount < 0)
 * reduce revenue, are counted apart and never make an occasion.
 */
#ifndef LTV_CORE_SUMMARY_H
#define LTV_CORE_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "period.h"

#ifndef __SIZEOF_INT128__
#error "ltv needs a compiler with a 128-bit integer type (__int128)"
#endif

/*
 * Aligned to 8 like PostgreSQL's own int128, because palloc only guarantees
 * 8-byte alignment (the compiler would otherwise use 16-byte aligned moves).
 */
typedef __int128 ltv_int128 __attribute__((aligned(8)));

/* largest decimal scale a sum can carry (10^38 < 2^127) */
#define LTV_DECIMAL_MAX_SCALE 38

/* digits for a 128-bit decimal with sign, point and terminator */
#define LTV_DECIMAL_STRING_SIZE 48

/*
 * A decimal given as PostgreSQL stores numeric: base-10000 digits, the weight
 * (power of 10000) of the first digit, the display scale and the sign.
 * Returns false when the value scaled by 10^dscale does not fit (or dscale is
 * above LTV_DECIMAL_MAX_SCALE).
 */
extern bool ltv_decimal_from_base10000(const uint16_t *digits, int ndigits, int weight,
									   int dscale, bool negative, ltv_int128 *mantissa);

/*
 * A decimal written as [-]d+[.d+][e[+-]d+] (PostgreSQL's shortest float4 and
 * float8 output is of this form): the mantissa scaled by 10^scale, scale the
 * digits after the point (trailing zeros dropped).  False when malformed or
 * when it does not fit 128 bits / LTV_DECIMAL_MAX_SCALE.
 */
extern bool ltv_decimal_from_string(const char *s, ltv_int128 *mantissa, int *scale);

/* *value scaled from from_scale to to_scale (>= from_scale); false on overflow */
extern bool ltv_decimal_rescale(ltv_int128 *value, int from_scale, int to_scale);

/* "123.45" for (12345, 2); buf needs LTV_DECIMAL_STRING_SIZE bytes */
extern void ltv_decimal_to_string(ltv_int128 value, int scale, char *buf);

extern double ltv_decimal_to_double(ltv_int128 value, int scale);

/*
 * The ratio unit / period when period divides unit: both without months and
 * the unit's length a whole multiple of the period's, or both whole months
 * only and the unit's months a multiple of the period's.  Returns false
 * otherwise (the caller raises the error).
 */
extern bool ltv_summary_unit_ratio(const LtvUnit *period, const LtvUnit *unit, int64_t *ratio);

/*
 * The fixed-size part of one customer's state.  All sums share `scale`.
 * first_ts, last_ts, first_period are valid when orders > 0.
 */
typedef struct LtvSummaryAcc
{
	int64_t		orders;			/* rows with amount >= 0 */
	int64_t		refunds;		/* rows with amount < 0 */
	int64_t		first_ts;		/* earliest purchase */
	int64_t		last_ts;		/* latest purchase */
	int64_t		first_period;	/* period index of first_ts */
	ltv_int128	purchase_sum;	/* sum of amounts >= 0 */
	ltv_int128	first_sum;		/* sum of purchases in first_period */
	ltv_int128	refund_sum;		/* sum of -amount over refunds (>= 0) */
	int32_t		scale;
} LtvSummaryAcc;

typedef enum LtvSummaryStatus
{
	LTV_SUMMARY_OK = 0,
	LTV_SUMMARY_OVERFLOW		/* a sum or count does not fit */
} LtvSummaryStatus;

extern void ltv_summary_acc_init(LtvSummaryAcc *acc);

/* one order: time, its period index and amount (mantissa at amount_scale) */
extern LtvSummaryStatus ltv_summary_acc_add(LtvSummaryAcc *acc, int64_t ts, int64_t period,
											ltv_int128 amount, int amount_scale);

/* dst += src (the scalar part; the period sets are merged by the caller) */
extern LtvSummaryStatus ltv_summary_acc_merge(LtvSummaryAcc *dst, const LtvSummaryAcc *src);

/*
 * A set of period indices in an array the caller allocates and grows.  Items
 * are appended (skipping a repeat of the last one) and sorted and deduplicated
 * when the array is full, so it holds each period at most once after
 * ltv_period_set_compact.  While items are strictly increasing (orders in
 * time order; sets read back from a parallel worker) sorted is true, repeats
 * are found by binary search and compacting costs nothing.
 */
typedef struct LtvPeriodSet
{
	int64_t    *items;
	int32_t		count;
	int32_t		capacity;
	bool		sorted;			/* items strictly increasing */
} LtvPeriodSet;

/* an empty set in items[capacity] */
extern void ltv_period_set_init(LtvPeriodSet *set, int64_t *items, int32_t capacity);

/*
 * Adds p.  Returns false when there is no room even after compacting (the
 * array is then at least 3/4 full of distinct items): grow it and retry.
 */
extern bool ltv_period_set_add(LtvPeriodSet *set, int64_t p);

/* sorts and removes duplicates in place; returns the new count */
extern int32_t ltv_period_set_compact(LtvPeriodSet *set);

/*
 * Adds the n strictly increasing periods src: a linear merge when the set is
 * sorted (it stays sorted), else appended.  Returns false (the set unchanged)
 * when there is no room for count + n items: grow it and retry.
 */
extern bool ltv_period_set_merge(LtvPeriodSet *dst, const int64_t *src, int32_t n);

/*
 * The customer's summary.  Occasions must be the number of distinct periods
 * with a purchase.  asof_period is the index of the period containing as_of;
 * ratio = unit / period.
 */
typedef struct LtvSummaryResult
{
	int64_t		occasions;
	int64_t		x;					/* repeat occasions: occasions - 1 */
	double		t_x;				/* last occasion's period - first's, in units */
	double		t_cal;				/* as_of's period - first's, in units */
	double		mean_repeat_amount;	/* see ltv_summary_result */
	double		days_since_last;	/* (as_of - last_ts) in days of 86400 s */
} LtvSummaryResult;

extern void ltv_summary_result(const LtvSummaryAcc *acc, int64_t occasions, int64_t last_period,
							   int64_t asof_period, int64_t ratio, int64_t as_of,
							   LtvSummaryResult *result);

#endif							/* LTV_CORE_SUMMARY_H */
