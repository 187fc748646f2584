/*
 * Unit tests of src/core/summary.c.
 *
 * Reference values are worked by hand from the definitions in summary.h:
 * the BTYD convention (x = distinct purchase periods - 1, t_x and T from the
 * first purchase period, repeat mean over occasions after the first), and
 * decimal arithmetic anyone can check.
 */
#include <string.h>

#include "unit.h"

#include "summary.h"

#define DAY LTV_USECS_PER_DAY

static ltv_int128
dec(const uint16_t *digits, int ndigits, int weight, int dscale, bool negative)
{
	ltv_int128	m = 0;

	CHECK(ltv_decimal_from_base10000(digits, ndigits, weight, dscale, negative, &m));
	return m;
}

static void
test_decimal_decoding(void)
{
	/* 12345.67 = digits {1, 2345, 6700}, weight 1, dscale 2 */
	static const uint16_t a[] = {1, 2345, 6700};
	/* 0.0005 = {5}, weight -1, dscale 4 */
	static const uint16_t b[] = {5};
	/* 20000 = {2}, weight 1, dscale 0 */
	static const uint16_t c[] = {2};
	/* 10^36 = {1}, weight 9 (needs 37 digits): fits; 10^40 does not */
	static const uint16_t one[] = {1};
	/* a digit below the display scale is not zero: not a valid numeric */
	static const uint16_t bad[] = {1, 5};
	ltv_int128	m;
	char		buf[LTV_DECIMAL_STRING_SIZE];

	CHECK(dec(a, 3, 1, 2, false) == 1234567);
	CHECK(dec(a, 3, 1, 2, true) == -1234567);
	CHECK(dec(b, 1, -1, 4, false) == 5);
	CHECK(dec(c, 1, 1, 0, false) == 20000);
	CHECK(dec(c, 1, 1, 3, false) == 20000000);
	CHECK(dec(NULL, 0, 0, 2, false) == 0);
	m = dec(one, 1, 9, 0, false);
	ltv_decimal_to_string(m, 0, buf);
	CHECK_STR(buf, "1000000000000000000000000000000000000");
	CHECK(!ltv_decimal_from_base10000(one, 1, 10, 0, false, &m));
	CHECK(!ltv_decimal_from_base10000(one, 1, 0, 39, false, &m));
	CHECK(!ltv_decimal_from_base10000(bad, 2, 0, 0, false, &m));
}

/* the shortest round-trip form of float4/float8 output, read as a decimal */
static void
check_string(const char *text, long long want, int want_scale)
{
	ltv_int128	m = -1;
	int			scale = -1;

	CHECK(ltv_decimal_from_string(text, &m, &scale));
	CHECK(m == (ltv_int128) want);
	CHECK(scale == want_scale);
}

static void
test_decimal_from_string(void)
{
	ltv_int128	m;
	int			scale;

	check_string("19.99", 1999, 2);
	check_string("-19.99", -1999, 2);
	check_string("0.1", 1, 1);
	check_string("0.30000000000000004", 30000000000000004LL, 17);
	check_string("20", 20, 0);
	check_string("1.0", 1, 0);
	check_string("-0", 0, 0);
	check_string("0", 0, 0);
	check_string("1e+16", 10000000000000000LL, 0);
	check_string("1.5e-3", 15, 4);
	check_string("-0.00099999999999999999", -99999999999999999LL, 20);
	check_string("1.7976931348623157e+2", 17976931348623157LL, 14);
	/* 10^38 fits 128 bits, 2 * 10^38 does not; 38 decimals fit, 39 do not */
	CHECK(ltv_decimal_from_string("1e38", &m, &scale) && scale == 0);
	CHECK(!ltv_decimal_from_string("2e38", &m, &scale));
	CHECK(ltv_decimal_from_string("1e-38", &m, &scale) && m == 1 && scale == 38);
	CHECK(!ltv_decimal_from_string("1e-39", &m, &scale));
	CHECK(!ltv_decimal_from_string("9.9999999999999999e-299", &m, &scale));
	CHECK(!ltv_decimal_from_string("1.7976931348623157e+308", &m, &scale));
	CHECK(!ltv_decimal_from_string("1234567890123456789012345678901234567890", &m, &scale));
	/* malformed */
	CHECK(!ltv_decimal_from_string("", &m, &scale));
	CHECK(!ltv_decimal_from_string("-", &m, &scale));
	CHECK(!ltv_decimal_from_string(".", &m, &scale));
	CHECK(!ltv_decimal_from_string("1e", &m, &scale));
	CHECK(!ltv_decimal_from_string("1.2.3", &m, &scale));
	CHECK(!ltv_decimal_from_string("NaN", &m, &scale));
	CHECK(!ltv_decimal_from_string("Infinity", &m, &scale));
	CHECK(!ltv_decimal_from_string("1e99999999999", &m, &scale));
}

static void
test_decimal_strings(void)
{
	char		buf[LTV_DECIMAL_STRING_SIZE];
	ltv_int128	v = 5;

	ltv_decimal_to_string(12345, 2, buf);
	CHECK_STR(buf, "123.45");
	ltv_decimal_to_string(-5, 3, buf);
	CHECK_STR(buf, "-0.005");
	ltv_decimal_to_string(0, 0, buf);
	CHECK_STR(buf, "0");
	ltv_decimal_to_string(0, 2, buf);
	CHECK_STR(buf, "0.00");
	CHECK(ltv_decimal_rescale(&v, 1, 4));
	CHECK(v == 5000);
	CHECK_NEAR(ltv_decimal_to_double(v, 4), 0.5, 1e-15);
	/* the largest and smallest 128-bit values print exactly */
	v = (ltv_int128) (((unsigned __int128) 1 << 127) - 1);
	ltv_decimal_to_string(v, 0, buf);
	CHECK_STR(buf, "170141183460469231731687303715884105727");
	ltv_decimal_to_string(-v - 1, 38, buf);
	CHECK_STR(buf, "-1.70141183460469231731687303715884105728");
	CHECK(!ltv_decimal_rescale(&v, 0, 1));
}

static void
test_unit_ratio(void)
{
	LtvUnit		day = {0, 1, 0};
	LtvUnit		week = {0, 7, 0};
	LtvUnit		hour = {0, 0, INT64_C(3600000000)};
	LtvUnit		five_days = {0, 5, 0};
	LtvUnit		month = {1, 0, 0};
	LtvUnit		quarter = {3, 0, 0};
	LtvUnit		two_months = {2, 0, 0};
	int64_t		r = 0;

	CHECK(ltv_summary_unit_ratio(&day, &week, &r));
	CHECK_EQ_I64(r, 7);
	CHECK(ltv_summary_unit_ratio(&hour, &day, &r));
	CHECK_EQ_I64(r, 24);
	CHECK(ltv_summary_unit_ratio(&week, &week, &r));
	CHECK_EQ_I64(r, 1);
	CHECK(ltv_summary_unit_ratio(&month, &quarter, &r));
	CHECK_EQ_I64(r, 3);
	CHECK(!ltv_summary_unit_ratio(&five_days, &week, &r));
	CHECK(!ltv_summary_unit_ratio(&week, &day, &r));
	CHECK(!ltv_summary_unit_ratio(&day, &month, &r));
	CHECK(!ltv_summary_unit_ratio(&two_months, &quarter, &r));
}

/* a customer: days given as day numbers, amounts in cents */
typedef struct Order
{
	int64_t		day;
	int64_t		cents;
} Order;

static void
summarize(const Order *orders, int n, LtvSummaryAcc *acc, LtvPeriodSet *set)
{
	int			i;

	ltv_summary_acc_init(acc);
	for (i = 0; i < n; i++)
	{
		CHECK(ltv_summary_acc_add(acc, orders[i].day * DAY + 3600, orders[i].day,
								  orders[i].cents, 2) == LTV_SUMMARY_OK);
		if (orders[i].cents >= 0)
			CHECK(ltv_period_set_add(set, orders[i].day));
	}
	ltv_period_set_compact(set);
}

static void
test_customer(void)
{
	/*
	 * Day 10: 5.00 + 3.00 (one occasion), day 12: 0.00, day 24: 20.00,
	 * day 30: refund 7.00.  x = 2, t_x = 14 days = 2 weeks, T at day 38 =
	 * 4 weeks, gross repeat mean (0 + 20) / 2 = 10, net / gross = 21 / 28.
	 */
	static const Order orders[] = {{24, 2000}, {10, 500}, {30, -700}, {12, 0}, {10, 300}};
	int64_t		items[8];
	LtvPeriodSet set = {items, 0, 8, true};
	LtvSummaryAcc acc;
	LtvSummaryResult r;

	summarize(orders, 5, &acc, &set);
	CHECK_EQ_I64(acc.orders, 4);
	CHECK_EQ_I64(acc.refunds, 1);
	CHECK(acc.purchase_sum == 2800);
	CHECK(acc.first_sum == 800);
	CHECK(acc.refund_sum == 700);
	CHECK_EQ_I64(set.count, 3);
	ltv_summary_result(&acc, set.count, 24, 38, 7, 38 * DAY, &r);
	CHECK_EQ_I64(r.x, 2);
	CHECK_NEAR(r.t_x, 2.0, 1e-15);
	CHECK_NEAR(r.t_cal, 4.0, 1e-15);
	CHECK_NEAR(r.mean_repeat_amount, 10.0 * 21.0 / 28.0, 1e-12);
	CHECK_NEAR(r.days_since_last, 14.0 - 3600.0 / 86400e6, 1e-12);
}

static void
test_order_and_merge_independence(void)
{
	static const Order orders[] = {{3, 100}, {1, 250}, {1, 5}, {7, -40}, {3, 1}, {9, 999}, {2, 0}};
	int64_t		items_a[8], items_b[8], items_c[8];
	LtvPeriodSet a = {items_a, 0, 8, true};
	LtvPeriodSet b = {items_b, 0, 8, true};
	LtvPeriodSet c = {items_c, 0, 8, true};
	LtvSummaryAcc all, left, right;
	int			i;

	summarize(orders, 7, &all, &a);
	/* the same rows split in two, the right half first, with a coarser scale */
	ltv_summary_acc_init(&left);
	ltv_summary_acc_init(&right);
	for (i = 6; i >= 3; i--)
	{
		CHECK(ltv_summary_acc_add(&right, orders[i].day * DAY + 3600, orders[i].day,
								  orders[i].cents, 2) == LTV_SUMMARY_OK);
		if (orders[i].cents >= 0)
			CHECK(ltv_period_set_add(&c, orders[i].day));
	}
	for (i = 0; i < 3; i++)
	{
		/* 10x the mantissa at scale 3 is the same amount */
		CHECK(ltv_summary_acc_add(&left, orders[i].day * DAY + 3600, orders[i].day,
								  orders[i].cents * 10, 3) == LTV_SUMMARY_OK);
		CHECK(ltv_period_set_add(&b, orders[i].day));
	}
	CHECK(ltv_summary_acc_merge(&right, &left) == LTV_SUMMARY_OK);
	CHECK_EQ_I64(right.scale, 3);
	CHECK(right.purchase_sum == all.purchase_sum * 10);
	CHECK(right.first_sum == all.first_sum * 10);
	CHECK(right.first_sum == 2550);
	CHECK(right.refund_sum == 400);
	CHECK_EQ_I64(right.orders, all.orders);
	CHECK_EQ_I64(right.first_ts, all.first_ts);
	CHECK_EQ_I64(right.last_ts, all.last_ts);
	for (i = 0; i < b.count; i++)
		CHECK(ltv_period_set_add(&c, b.items[i]));
	CHECK_EQ_I64(ltv_period_set_compact(&c), 4);
	CHECK_EQ_I64(a.count, 4);
}

static void
test_period_set_growth(void)
{
	int64_t		items[32];
	LtvPeriodSet set = {items, 0, 4, true};
	int			i;
	int			refused = 0;

	/* 1..12 three times over: full sets are compacted, then refused to make the caller grow */
	for (i = 0; i < 36; i++)
	{
		int64_t		p = i % 12 + 1;

		if (!ltv_period_set_add(&set, p))
		{
			refused++;
			CHECK(set.capacity < 32);
			set.capacity *= 2;
			CHECK(ltv_period_set_add(&set, p));
		}
	}
	CHECK(refused >= 1);
	CHECK_EQ_I64(ltv_period_set_compact(&set), 12);
	for (i = 0; i < 12; i++)
		CHECK_EQ_I64(set.items[i], i + 1);
}

static void
test_period_set_of_one(void)
{
	int64_t		items[4] = {0, -1, -1, -1};
	LtvPeriodSet set = {items, 0, 1, true};

	/* a full set of one refuses a new period and never writes past its capacity */
	CHECK(ltv_period_set_add(&set, 5));
	CHECK(ltv_period_set_add(&set, 5));
	CHECK(!ltv_period_set_add(&set, 6));
	CHECK_EQ_I64(set.count, 1);
	CHECK_EQ_I64(items[1], -1);
	set.capacity = 2;
	CHECK(ltv_period_set_add(&set, 6));
	CHECK(!ltv_period_set_add(&set, 7));
	CHECK_EQ_I64(items[2], -1);
}

static void
test_overflow(void)
{
	LtvSummaryAcc acc;
	ltv_int128	big = (ltv_int128) (((unsigned __int128) 1 << 126));

	ltv_summary_acc_init(&acc);
	CHECK(ltv_summary_acc_add(&acc, 0, 0, big, 0) == LTV_SUMMARY_OK);
	CHECK(ltv_summary_acc_add(&acc, 0, 0, big, 0) == LTV_SUMMARY_OVERFLOW);
	ltv_summary_acc_init(&acc);
	CHECK(ltv_summary_acc_add(&acc, 0, 0, big, 0) == LTV_SUMMARY_OK);
	/* a finer scale multiplies the sum by 10: overflow */
	CHECK(ltv_summary_acc_add(&acc, 0, 0, 1, 1) == LTV_SUMMARY_OVERFLOW);
}


/*
 * Period sets against a plain reference (a bitmap of the periods added):
 * random periods in time order (stays sorted), shuffled (sorted after
 * compacting), with repeats; merges of sorted sets into sorted and unsorted
 * ones give the union.
 */
static bool
set_equals(LtvPeriodSet *set, const bool *seen, int range)
{
	int32_t		n = ltv_period_set_compact(set);
	int32_t		i = 0;
	int			p;

	for (p = 0; p < range; p++)
	{
		if (!seen[p])
			continue;
		if (i >= n || set->items[i] != p)
			return false;
		i++;
	}
	return i == n && set->sorted;
}

static void
test_period_set_sorted_and_merge(void)
{
	enum
	{
		RANGE = 300
	};
	static int64_t items[2 * RANGE];
	static int64_t other[RANGE];
	static bool seen[RANGE];
	uint64_t	seed = 7;
	int			round;

	for (round = 0; round < 60; round++)
	{
		LtvPeriodSet set = {items, 0, 2 * RANGE, true};
		LtvPeriodSet src = {other, 0, RANGE, true};
		int			n = 1 + round * 5;
		int			i;
		int			p = 0;

		memset(seen, 0, sizeof(seen));
		for (i = 0; i < n; i++)
		{
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			if (round % 2 == 0)
				p = (p + (int) ((seed >> 40) % 3)) % RANGE;	/* time order with repeats */
			else
				p = (int) ((seed >> 33) % RANGE);
			CHECK(ltv_period_set_add(&set, p));
			seen[p] = true;
		}
		CHECK(round % 2 == 1 || set.sorted);
		/* a sorted set of other periods merged in */
		for (i = 0; i < RANGE && src.count < 40; i += 1 + round % 7)
		{
			CHECK(ltv_period_set_add(&src, i));
			seen[i] = true;
		}
		CHECK(src.sorted);
		CHECK(ltv_period_set_merge(&set, src.items, src.count));
		CHECK(set_equals(&set, seen, RANGE));
	}
}

/*
 * A full unsorted set is compacted before the next item is added: that item
 * may then be in it (here 10, the largest of the compacted set, not the last
 * item before compacting).  It must not be appended again: a repeat at the
 * end of a set marked sorted would count an occasion twice and fail the
 * deserializer's check.
 */
static void
test_period_set_repeat_after_compacting(void)
{
	int64_t		items[16];
	LtvPeriodSet set = {items, 0, 16, true};
	static const int64_t adds[] = {10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 10};
	size_t		i;

	for (i = 0; i < sizeof(adds) / sizeof(adds[0]); i++)
		CHECK(ltv_period_set_add(&set, adds[i]));
	CHECK_EQ_I64(ltv_period_set_compact(&set), 10);
	for (i = 0; i < 10; i++)
		CHECK_EQ_I64(set.items[i], (int64_t) i + 1);
}

/*
 * Random periods into a set that starts small and is grown the way the glue
 * grows it (doubling when an add is refused), against a bitmap: after every
 * add the set compacts to exactly the periods seen, and a set marked sorted is
 * strictly increasing.
 */
static void
test_period_set_growing_random(void)
{
	enum
	{
		RANGE = 64
	};
	static int64_t items[4 * RANGE];
	bool		seen[RANGE];
	uint64_t	seed = 11;
	int			round;

	for (round = 0; round < 200; round++)
	{
		LtvPeriodSet set = {items, 0, 1 + round % 4, true};
		int			n = 1 + round % 150;
		int			range = 2 + round % (RANGE - 2);
		int			i;
		int32_t		j;

		memset(seen, 0, sizeof(seen));
		for (i = 0; i < n; i++)
		{
			int64_t		p;

			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			p = (int64_t) ((seed >> 33) % (uint64_t) range);
			if (!ltv_period_set_add(&set, p))
			{
				CHECK(set.capacity * 2 <= 4 * RANGE);
				set.capacity *= 2;
				CHECK(ltv_period_set_add(&set, p));
			}
			seen[p] = true;
			if (set.sorted)
				for (j = 1; j < set.count; j++)
					CHECK(set.items[j - 1] < set.items[j]);
		}
		CHECK(set_equals(&set, seen, range));
	}
}

int
main(void)
{
	RUN(test_decimal_decoding);
	RUN(test_decimal_strings);
	RUN(test_decimal_from_string);
	RUN(test_unit_ratio);
	RUN(test_customer);
	RUN(test_order_and_merge_independence);
	RUN(test_period_set_growth);
	RUN(test_period_set_of_one);
	RUN(test_overflow);
	RUN(test_period_set_sorted_and_merge);
	RUN(test_period_set_repeat_after_compacting);
	RUN(test_period_set_growing_random);
	return unit_report("summary");
}
