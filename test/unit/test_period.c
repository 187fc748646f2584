/*
 * Unit tests of src/core/period.c.
 *
 * Calendar anchors are facts anyone can check: PostgreSQL's epoch is
 * 2000-01-01, the Unix epoch is 946684800 s before it, 1900 is not a leap
 * year and 2000 is, and PostgreSQL adds months by clamping to the month end
 * ('2021-01-31'::timestamp + '1 month' = '2021-02-28').  The SQL-level test
 * (sql/period.sql) compares against PostgreSQL's own interval arithmetic.
 */
#include "unit.h"

#include "period.h"

#define DAY LTV_USECS_PER_DAY
#define HOUR INT64_C(3600000000)

static int64_t
ts_of(int64_t year, int month, int day, int hour, int minute)
{
	return ltv_days_from_civil(year, month, day) * DAY + hour * HOUR +
		(int64_t) minute * 60000000;
}

static int64_t
index_of(int64_t ts, int64_t origin, LtvUnit unit)
{
	int64_t		k = INT64_MIN;

	CHECK(ltv_period_index(ts, origin, &unit, &k) == LTV_PERIOD_OK);
	return k;
}

static int64_t
start_of(int64_t origin, LtvUnit unit, int64_t k)
{
	int64_t		ts = INT64_MIN;

	CHECK(ltv_period_start_of(origin, &unit, k, &ts) == LTV_PERIOD_OK);
	return ts;
}

static const LtvUnit ONE_DAY = {0, 1, 0};
static const LtvUnit ONE_WEEK = {0, 7, 0};
static const LtvUnit ONE_MONTH = {1, 0, 0};
static const LtvUnit QUARTER = {3, 0, 0};
static const LtvUnit ONE_YEAR = {12, 0, 0};
static const LtvUnit MONTH_AND_DAY = {1, 1, 0};
static const LtvUnit MONTH_AND_HALF = {1, 15, 0};
static const LtvUnit NINETY_MINUTES = {0, 0, INT64_C(5400000000)};
static const LtvUnit ONE_USEC = {0, 0, 1};

static void
test_calendar_anchors(void)
{
	CHECK_EQ_I64(ltv_days_from_civil(2000, 1, 1), 0);
	CHECK_EQ_I64(ltv_days_from_civil(1970, 1, 1) * DAY, INT64_C(-946684800000000));
	CHECK_EQ_I64(ltv_days_from_civil(2000, 3, 1), 60);	/* 2000 is a leap year */
	CHECK_EQ_I64(ltv_days_from_civil(1900, 3, 1) - ltv_days_from_civil(1900, 2, 28), 1);
	CHECK_EQ_I64(ltv_days_from_civil(2024, 3, 1) - ltv_days_from_civil(2024, 2, 28), 2);
	CHECK_EQ_I64(ltv_days_from_civil(2001, 1, 1), 366);
	/* PostgreSQL's lower bound 4714-11-24 BC is astronomical year -4713 */
	CHECK_EQ_I64(ltv_days_from_civil(-4713, 11, 24) * DAY, LTV_MIN_TIMESTAMP);
	CHECK_EQ_I64(ltv_days_from_civil(294277, 1, 1) * DAY, LTV_END_TIMESTAMP);
	CHECK_EQ_I64(ltv_days_in_month(1900, 2), 28);
	CHECK_EQ_I64(ltv_days_in_month(2000, 2), 29);
	CHECK_EQ_I64(ltv_days_in_month(2023, 2), 28);
	CHECK_EQ_I64(ltv_days_in_month(2024, 2), 29);
	CHECK_EQ_I64(ltv_days_in_month(2024, 4), 30);
	CHECK_EQ_I64(ltv_days_in_month(2024, 12), 31);
}

static void
test_calendar_round_trip(void)
{
	int64_t		first = ltv_days_from_civil(-4713, 11, 24);
	int64_t		last = ltv_days_from_civil(294276, 12, 31);
	int64_t		days;
	int64_t		prev_year = 0;
	int			prev_month = 0,
				prev_day = 0;
	int			bad = 0;

	/* every day of 1600..2400, then a stride over the whole range */
	for (days = ltv_days_from_civil(1600, 1, 1); days <= ltv_days_from_civil(2400, 12, 31); days++)
	{
		int64_t		year;
		int			month,
					day;

		ltv_civil_from_days(days, &year, &month, &day);
		if (ltv_days_from_civil(year, month, day) != days)
			bad++;
		/* consecutive days are consecutive calendar dates */
		if (prev_month != 0 &&
			!((year == prev_year && month == prev_month && day == prev_day + 1) ||
			  (year == prev_year && month == prev_month + 1 && day == 1 &&
			   prev_day == ltv_days_in_month(prev_year, prev_month)) ||
			  (year == prev_year + 1 && month == 1 && day == 1 && prev_month == 12 && prev_day == 31)))
			bad++;
		prev_year = year;
		prev_month = month;
		prev_day = day;
	}
	for (days = first; days <= last; days += 997)
	{
		int64_t		year;
		int			month,
					day;

		ltv_civil_from_days(days, &year, &month, &day);
		if (ltv_days_from_civil(year, month, day) != days || month < 1 || month > 12 ||
			day < 1 || day > ltv_days_in_month(year, month))
			bad++;
	}
	CHECK_EQ_I64(bad, 0);
}

static void
test_units(void)
{
	LtvUnit		zero = {0, 0, 0};
	LtvUnit		negative_day = {0, -1, 0};
	LtvUnit		mixed_signs = {1, -1, 0};
	LtvUnit		negative_time = {0, 1, -1};
	int64_t		k = 0;
	int64_t		ts = 0;

	CHECK(!ltv_unit_is_valid(&zero));
	CHECK(!ltv_unit_is_valid(&negative_day));
	CHECK(!ltv_unit_is_valid(&mixed_signs));
	CHECK(!ltv_unit_is_valid(&negative_time));
	CHECK(ltv_unit_is_valid(&ONE_USEC));
	CHECK(ltv_period_index(0, 0, &zero, &k) == LTV_PERIOD_BAD_UNIT);
	CHECK(ltv_period_start_of(0, &mixed_signs, 1, &ts) == LTV_PERIOD_BAD_UNIT);
	CHECK_EQ_I64(ltv_unit_fixed_usecs(&ONE_WEEK), 7 * DAY);
	CHECK(ltv_unit_is_fixed(&NINETY_MINUTES));
	CHECK(!ltv_unit_is_fixed(&MONTH_AND_DAY));
}

static void
test_days_and_weeks(void)
{
	int64_t		monday = ts_of(2021, 1, 4, 0, 0);

	CHECK_EQ_I64(index_of(monday, monday, ONE_WEEK), 0);
	CHECK_EQ_I64(index_of(monday - 1, monday, ONE_WEEK), -1);
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 10, 23, 59), monday, ONE_WEEK), 0);
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 11, 0, 0), monday, ONE_WEEK), 1);
	CHECK_EQ_I64(index_of(ts_of(2020, 12, 28, 0, 0), monday, ONE_WEEK), -1);
	CHECK_EQ_I64(index_of(ts_of(2020, 12, 27, 23, 0), monday, ONE_WEEK), -2);
	CHECK_EQ_I64(index_of(ts_of(2022, 1, 4, 12, 0), monday, ONE_DAY), 365);
	CHECK_EQ_I64(start_of(monday, ONE_WEEK, -2), ts_of(2020, 12, 21, 0, 0));
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 4, 1, 29), monday, NINETY_MINUTES), 0);
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 4, 1, 30), monday, NINETY_MINUTES), 1);
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 3, 22, 30), monday, NINETY_MINUTES), -1);
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 3, 22, 29), monday, NINETY_MINUTES), -2);
	/* an origin not at midnight: days run from 06:00 to 06:00 */
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 5, 5, 59), ts_of(2021, 1, 4, 6, 0), ONE_DAY), 0);
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 5, 6, 0), ts_of(2021, 1, 4, 6, 0), ONE_DAY), 1);
}

static void
test_month_ends(void)
{
	int64_t		jan31 = ts_of(2021, 1, 31, 0, 0);

	CHECK_EQ_I64(start_of(jan31, ONE_MONTH, 1), ts_of(2021, 2, 28, 0, 0));
	CHECK_EQ_I64(start_of(jan31, ONE_MONTH, 2), ts_of(2021, 3, 31, 0, 0));
	CHECK_EQ_I64(start_of(jan31, ONE_MONTH, 3), ts_of(2021, 4, 30, 0, 0));
	CHECK_EQ_I64(start_of(jan31, ONE_MONTH, 13), ts_of(2022, 2, 28, 0, 0));
	CHECK_EQ_I64(start_of(jan31, ONE_MONTH, -2), ts_of(2020, 11, 30, 0, 0));
	CHECK_EQ_I64(start_of(ts_of(2020, 1, 31, 0, 0), ONE_MONTH, 1), ts_of(2020, 2, 29, 0, 0));
	CHECK_EQ_I64(start_of(ts_of(2020, 2, 29, 0, 0), ONE_YEAR, 1), ts_of(2021, 2, 28, 0, 0));
	CHECK_EQ_I64(start_of(ts_of(2020, 2, 29, 0, 0), ONE_YEAR, 4), ts_of(2024, 2, 29, 0, 0));

	CHECK_EQ_I64(index_of(ts_of(2021, 2, 27, 23, 59), jan31, ONE_MONTH), 0);
	CHECK_EQ_I64(index_of(ts_of(2021, 2, 28, 0, 0), jan31, ONE_MONTH), 1);
	CHECK_EQ_I64(index_of(ts_of(2021, 3, 30, 12, 0), jan31, ONE_MONTH), 1);
	CHECK_EQ_I64(index_of(ts_of(2021, 3, 31, 0, 0), jan31, ONE_MONTH), 2);
	CHECK_EQ_I64(index_of(ts_of(2021, 1, 30, 0, 0), jan31, ONE_MONTH), -1);
	CHECK_EQ_I64(index_of(ts_of(2020, 12, 31, 0, 0), jan31, ONE_MONTH), -1);
	CHECK_EQ_I64(index_of(ts_of(2020, 12, 30, 23, 0), jan31, ONE_MONTH), -2);
	/* origin with a time of day: the boundary is at that time */
	CHECK_EQ_I64(index_of(ts_of(2021, 2, 15, 9, 59), ts_of(2021, 1, 15, 10, 0), ONE_MONTH), 0);
	CHECK_EQ_I64(index_of(ts_of(2021, 2, 15, 10, 0), ts_of(2021, 1, 15, 10, 0), ONE_MONTH), 1);
	/* quarters from 1 January */
	CHECK_EQ_I64(index_of(ts_of(2021, 3, 31, 23, 59), ts_of(2021, 1, 1, 0, 0), QUARTER), 0);
	CHECK_EQ_I64(index_of(ts_of(2021, 4, 1, 0, 0), ts_of(2021, 1, 1, 0, 0), QUARTER), 1);
	CHECK_EQ_I64(index_of(ts_of(2020, 12, 31, 0, 0), ts_of(2021, 1, 1, 0, 0), QUARTER), -1);
	CHECK_EQ_I64(index_of(ts_of(2020, 9, 30, 0, 0), ts_of(2021, 1, 1, 0, 0), QUARTER), -2);
}

static void
test_mixed_units(void)
{
	int64_t		jan31 = ts_of(2021, 1, 31, 0, 0);

	/* months first, then days: 31 Jan + 1 month 1 day = 28 Feb + 1 day */
	CHECK_EQ_I64(start_of(jan31, MONTH_AND_DAY, 1), ts_of(2021, 3, 1, 0, 0));
	CHECK_EQ_I64(start_of(jan31, MONTH_AND_DAY, 2), ts_of(2021, 4, 2, 0, 0));
	CHECK_EQ_I64(index_of(ts_of(2021, 2, 28, 23, 0), jan31, MONTH_AND_DAY), 0);
	CHECK_EQ_I64(index_of(ts_of(2021, 3, 1, 0, 0), jan31, MONTH_AND_DAY), 1);
	CHECK_EQ_I64(index_of(ts_of(2021, 4, 1, 0, 0), jan31, MONTH_AND_DAY), 1);
	CHECK_EQ_I64(index_of(ts_of(2021, 4, 2, 0, 0), jan31, MONTH_AND_DAY), 2);
	CHECK_EQ_I64(start_of(jan31, MONTH_AND_HALF, -1), ts_of(2020, 12, 16, 0, 0));
}

/*
 * For many instants and origins, the index k must satisfy
 * start(k) <= ts < start(k + 1), where start() is computed by a different
 * path (calendar addition) than index() (month difference, floor division,
 * or bisection).
 */
static void
test_index_brackets_instant(void)
{
	const LtvUnit units[] = {ONE_DAY, ONE_WEEK, ONE_MONTH, QUARTER, ONE_YEAR,
	MONTH_AND_DAY, MONTH_AND_HALF, NINETY_MINUTES};
	const int64_t origins[] = {ts_of(2021, 1, 31, 0, 0), ts_of(1969, 12, 31, 23, 0),
		ts_of(1600, 2, 29, 12, 0), ts_of(2400, 8, 31, 0, 30), ts_of(-100, 3, 1, 0, 0)};
	int			bad = 0;
	uint64_t	state = 88172645463325252u;

	for (size_t u = 0; u < sizeof(units) / sizeof(units[0]); u++)
		for (size_t o = 0; o < sizeof(origins) / sizeof(origins[0]); o++)
			for (int i = 0; i < 2000; i++)
			{
				int64_t		ts;
				int64_t		k = 0,
							lo = 0,
							hi = 0;

				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				/* within about 60 years of the origin */
				ts = origins[o] + (int64_t) (state % (UINT64_C(2) * 22000 * 86400000000)) -
					INT64_C(22000) * 86400000000;
				if (ltv_period_index(ts, origins[o], &units[u], &k) != LTV_PERIOD_OK ||
					ltv_period_start_of(origins[o], &units[u], k, &lo) != LTV_PERIOD_OK ||
					ltv_period_start_of(origins[o], &units[u], k + 1, &hi) != LTV_PERIOD_OK ||
					!(lo <= ts && ts < hi))
					bad++;
			}
	CHECK_EQ_I64(bad, 0);
}

static void
test_far_past_and_future(void)
{
	int64_t		last = LTV_END_TIMESTAMP - 1;
	int64_t		ts = 0;
	int64_t		k = 0;

	CHECK_EQ_I64(index_of(last, 0, ONE_MONTH), (INT64_C(294276) - 2000) * 12 + 11);
	CHECK_EQ_I64(index_of(last, 0, ONE_USEC), last);
	CHECK_EQ_I64(index_of(LTV_MIN_TIMESTAMP, 0, ONE_DAY), ltv_days_from_civil(-4713, 11, 24));
	CHECK_EQ_I64(index_of(LTV_MIN_TIMESTAMP, 0, ONE_YEAR), -4713 - 2000);
	CHECK_EQ_I64(index_of(last, LTV_MIN_TIMESTAMP, ONE_YEAR), 294276 + 4713);
	CHECK_EQ_I64(index_of(last, LTV_MIN_TIMESTAMP, MONTH_AND_HALF),
				 index_of(last, LTV_MIN_TIMESTAMP, MONTH_AND_HALF));
	CHECK_EQ_I64(start_of(0, ONE_MONTH, (INT64_C(294276) - 2000) * 12 + 11),
				 ts_of(294276, 12, 1, 0, 0));
	/* differences beyond int64 are out of range, not wrapped */
	CHECK(ltv_period_index(LTV_MIN_TIMESTAMP, last, &ONE_USEC, &k) == LTV_PERIOD_OUT_OF_RANGE);
	CHECK(ltv_period_start_of(ts_of(294276, 12, 15, 0, 0), &ONE_MONTH, 1, &ts) == LTV_PERIOD_OUT_OF_RANGE);
	CHECK(ltv_period_start_of(0, &ONE_DAY, INT64_MAX, &ts) == LTV_PERIOD_OUT_OF_RANGE);
	CHECK(ltv_period_start_of(0, &ONE_MONTH, INT64_MIN, &ts) == LTV_PERIOD_OUT_OF_RANGE);
	CHECK(ltv_period_start_of(0, &ONE_DAY, -2451546, &ts) == LTV_PERIOD_OUT_OF_RANGE);
	CHECK(ltv_period_index(LTV_END_TIMESTAMP, 0, &ONE_DAY, &k) == LTV_PERIOD_OUT_OF_RANGE);
	CHECK(ltv_period_index(0, LTV_MIN_TIMESTAMP - 1, &ONE_DAY, &k) == LTV_PERIOD_OUT_OF_RANGE);
}

/*
 * Issue 10: a start between the two ends of the timestamp range, where
 * k * unit exceeds an int64 though origin + k * unit is in range.  The
 * reference is the day count itself: k days before the origin.
 */
static void
test_span_of_the_range(void)
{
	LtvUnit		day = {0, 1, 0};
	LtvUnit		week = {0, 7, 0};
	int64_t		first = ltv_days_from_civil(-4712, 1, 1) * LTV_USECS_PER_DAY;	/* 4713-01-01 BC */
	int64_t		last = ltv_days_from_civil(294276, 12, 31) * LTV_USECS_PER_DAY;
	int64_t		k,
				start;

	CHECK(ltv_period_index(first, last, &day, &k) == LTV_PERIOD_OK);
	CHECK_EQ_I64(k, ltv_days_from_civil(-4712, 1, 1) - ltv_days_from_civil(294276, 12, 31));
	CHECK(ltv_period_start_of(last, &day, k, &start) == LTV_PERIOD_OK);
	CHECK_EQ_I64(start, first);
	CHECK(ltv_period_index(last, first, &day, &k) == LTV_PERIOD_OK);
	CHECK(ltv_period_start_of(first, &day, k, &start) == LTV_PERIOD_OK);
	CHECK_EQ_I64(start, last);
	CHECK(ltv_period_index(first + 1, last, &week, &k) == LTV_PERIOD_OK);
	CHECK(ltv_period_start_of(last, &week, k, &start) == LTV_PERIOD_OK);
	CHECK(start <= first + 1 && first + 1 - start < 7 * LTV_USECS_PER_DAY);
	/* 60 days before 4713-01-01 BC is before the range (4714-11-24 BC): out of range, not wrapped */
	CHECK(ltv_period_start_of(last, &day, k * 7 - 60, &start) == LTV_PERIOD_OUT_OF_RANGE);
}

int
main(void)
{
	RUN(test_calendar_anchors);
	RUN(test_calendar_round_trip);
	RUN(test_units);
	RUN(test_days_and_weeks);
	RUN(test_month_ends);
	RUN(test_mixed_units);
	RUN(test_index_brackets_instant);
	RUN(test_far_past_and_future);
	RUN(test_span_of_the_range);
	return unit_report("period");
}
