/*
 * period.c: calendar and period arithmetic on microsecond timestamps.
 * See period.h for the definitions.
 */
#include "period.h"

#include <math.h>

#include "arith.h"

/* 2000-01-01 is day 10957 of the 1970-based count used by days_from_civil */
#define DAYS_1970_TO_2000 INT64_C(10957)

/* A year beyond which no timestamp in range can lie; keeps day counts far from overflow */
#define YEAR_LIMIT INT64_C(400000)

/* Mean Gregorian month (146097 days / 4800 months), for estimates only */
#define MEAN_MONTH_USECS 2629746000000.0

bool
ltv_unit_is_valid(const LtvUnit *unit)
{
	if (unit->months < 0 || unit->days < 0 || unit->usecs < 0)
		return false;
	return unit->months > 0 || unit->days > 0 || unit->usecs > 0;
}

bool
ltv_unit_is_fixed(const LtvUnit *unit)
{
	return unit->months == 0;
}

/* Length of a unit without months; INT64_MAX if it does not fit (no timestamp is that far) */
int64_t
ltv_unit_fixed_usecs(const LtvUnit *unit)
{
	int64_t		day_part;
	int64_t		len;

	if (ltv_mul_i64_overflow((int64_t) unit->days, LTV_USECS_PER_DAY, &day_part) ||
		ltv_add_i64_overflow(day_part, unit->usecs, &len))
		return INT64_MAX;
	return len;
}

double
ltv_unit_mean_usecs(const LtvUnit *unit)
{
	return unit->months * MEAN_MONTH_USECS +
		unit->days * (double) LTV_USECS_PER_DAY + (double) unit->usecs;
}

bool
ltv_timestamp_in_range(int64_t ts)
{
	return ts >= LTV_MIN_TIMESTAMP && ts < LTV_END_TIMESTAMP;
}

/*
 * Days from civil date, proleptic Gregorian, astronomical year numbering
 * (year 0 is 1 BC), after H. Hinnant's "chrono-compatible low-level date
 * algorithms": March-based years make the leap day the last day of a year.
 */
int64_t
ltv_days_from_civil(int64_t year, int month, int day)
{
	int64_t		y = year - (month <= 2 ? 1 : 0);
	int64_t		era = (y >= 0 ? y : y - 399) / 400;
	int64_t		year_of_era = y - era * 400;
	int64_t		day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t		day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

	return era * 146097 + day_of_era - 719468 - DAYS_1970_TO_2000;
}

void
ltv_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t		z = days + DAYS_1970_TO_2000 + 719468;
	int64_t		era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t		day_of_era = z - era * 146097;
	int64_t		year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 -
							   day_of_era / 146096) / 365;
	int64_t		day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
	int64_t		mp = (5 * day_of_year + 2) / 153;
	int			m = (int) (mp < 10 ? mp + 3 : mp - 9);

	*day = (int) (day_of_year - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = year_of_era + era * 400 + (m <= 2 ? 1 : 0);
}

static bool
is_leap_year(int64_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
ltv_days_in_month(int64_t year, int month)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month == 2 && is_leap_year(year))
		return 29;
	return days[month - 1];
}

/*
 * The day (since 2000-01-01) of ts's date + months, clamping the day to the
 * target month's last day.  Returns 0, or +1/-1 when the result is beyond
 * YEAR_LIMIT.
 */
static int
add_months_days(int64_t ts, int64_t months, int64_t *result_days)
{
	int64_t		days = ltv_floor_div(ts, LTV_USECS_PER_DAY);
	int64_t		year;
	int			month;
	int			day;
	int64_t		month_index;
	int			max_day;

	ltv_civil_from_days(days, &year, &month, &day);
	if (months > YEAR_LIMIT * 24)
		return 1;
	if (months < -YEAR_LIMIT * 24)
		return -1;
	month_index = year * 12 + (month - 1) + months;
	year = ltv_floor_div(month_index, 12);
	month = (int) (month_index - year * 12) + 1;
	if (year > YEAR_LIMIT)
		return 1;
	if (year < -YEAR_LIMIT)
		return -1;
	max_day = ltv_days_in_month(year, month);
	if (day > max_day)
		day = max_day;
	*result_days = ltv_days_from_civil(year, month, day);
	return 0;
}

/*
 * ts + months, clamping the day to the target month's last day.
 * Returns 0, or +1/-1 when the result is beyond any representable year.
 */
static int
add_months(int64_t ts, int64_t months, int64_t *result)
{
	int64_t		days = ltv_floor_div(ts, LTV_USECS_PER_DAY);
	int64_t		time_of_day = ts - days * LTV_USECS_PER_DAY;
	int64_t		year;
	int			month;
	int			day;
	int64_t		month_index;
	int			max_day;

	ltv_civil_from_days(days, &year, &month, &day);
	if (months > YEAR_LIMIT * 24)
		return 1;
	if (months < -YEAR_LIMIT * 24)
		return -1;
	month_index = year * 12 + (month - 1) + months;
	year = ltv_floor_div(month_index, 12);
	month = (int) (month_index - year * 12) + 1;
	if (year > YEAR_LIMIT)
		return 1;
	if (year < -YEAR_LIMIT)
		return -1;
	max_day = ltv_days_in_month(year, month);
	if (day > max_day)
		day = max_day;
	if (ltv_mul_i64_overflow(ltv_days_from_civil(year, month, day), LTV_USECS_PER_DAY, result) ||
		ltv_add_i64_overflow(*result, time_of_day, result))
		return year > 0 ? 1 : -1;
	return 0;
}

/*
 * origin + k * unit without the range check.  Returns 0, or +1 (-1) when the
 * value is above (below) anything an int64 holds; the sign is then the side of
 * every timestamp it is on, which is all period_index needs.
 */
static int
period_start_raw(int64_t origin, const LtvUnit *unit, int64_t k, int64_t *start)
{
	int64_t		ts = origin;
	int64_t		step;
	int			overflow_side = k > 0 ? 1 : -1;

	if (unit->months != 0)
	{
		int64_t		months;
		int			side;

		if (ltv_mul_i64_overflow(k, (int64_t) unit->months, &months))
			return overflow_side;
		side = add_months(ts, months, &ts);
		if (side != 0)
			return side;
	}
	step = ltv_unit_fixed_usecs(unit);
	if (step == INT64_MAX)
		return k == 0 ? 0 : overflow_side;
	{
		/*
		 * k * step in two halves: between two timestamps in range it can
		 * exceed an int64 (4713 BC to 294276 AD is 9.43e18 us) while each
		 * half and the result fit
		 */
		int64_t		k1 = k / 2;
		int64_t		half;

		if (ltv_mul_i64_overflow(k1, step, &half) || ltv_add_i64_overflow(ts, half, &ts) ||
			ltv_mul_i64_overflow(k - k1, step, &half) || ltv_add_i64_overflow(ts, half, &ts))
			return overflow_side;
	}
	*start = ts;
	return 0;
}

LtvPeriodStatus
ltv_period_length(int64_t origin, const LtvUnit *unit, int64_t k, int64_t *length)
{
	int64_t		len = 0;

	if (!ltv_unit_is_valid(unit))
		return LTV_PERIOD_BAD_UNIT;
	if (!ltv_timestamp_in_range(origin))
		return LTV_PERIOD_OUT_OF_RANGE;
	if (unit->months != 0)
	{
		int64_t		m0,
					m1,
					d0,
					d1;

		/* the month parts of the two boundaries, as days: no microsecond overflow */
		if (ltv_mul_i64_overflow(k, (int64_t) unit->months, &m0) ||
			ltv_add_i64_overflow(m0, (int64_t) unit->months, &m1) ||
			add_months_days(origin, m0, &d0) != 0 || add_months_days(origin, m1, &d1) != 0 ||
			ltv_mul_i64_overflow(d1 - d0, LTV_USECS_PER_DAY, &len))
			return LTV_PERIOD_OUT_OF_RANGE;
	}
	if (ltv_unit_fixed_usecs(unit) == INT64_MAX ||
		ltv_add_i64_overflow(len, ltv_unit_fixed_usecs(unit), &len))
		return LTV_PERIOD_OUT_OF_RANGE;
	*length = len;
	return LTV_PERIOD_OK;
}

LtvPeriodStatus
ltv_period_start_of(int64_t origin, const LtvUnit *unit, int64_t k, int64_t *start)
{
	int64_t		ts = 0;

	if (!ltv_unit_is_valid(unit))
		return LTV_PERIOD_BAD_UNIT;
	if (!ltv_timestamp_in_range(origin))
		return LTV_PERIOD_OUT_OF_RANGE;
	if (period_start_raw(origin, unit, k, &ts) != 0 || !ltv_timestamp_in_range(ts))
		return LTV_PERIOD_OUT_OF_RANGE;
	*start = ts;
	return LTV_PERIOD_OK;
}

/* -1 when origin + k * unit <= ts, +1 when it is later */
static int
compare_start(int64_t ts, int64_t origin, const LtvUnit *unit, int64_t k)
{
	int64_t		start = 0;
	int			side = period_start_raw(origin, unit, k, &start);

	if (side != 0)
		return side;
	return start <= ts ? -1 : 1;
}

static LtvPeriodStatus
index_fixed(int64_t ts, int64_t origin, int64_t len, int64_t *k)
{
	/* floor((ts - origin) / len) without forming ts - origin, which can overflow */
	int64_t		q_ts = ltv_floor_div(ts, len);
	int64_t		q_origin = ltv_floor_div(origin, len);
	int64_t		diff;

	if (ltv_sub_i64_overflow(q_ts, q_origin, &diff))
		return LTV_PERIOD_OUT_OF_RANGE;
	if (ltv_floor_mod(ts, len) < ltv_floor_mod(origin, len))
		diff--;
	*k = diff;
	return LTV_PERIOD_OK;
}

static LtvPeriodStatus
index_months(int64_t ts, int64_t origin, int32_t months, int64_t *k)
{
	int64_t		ts_days = ltv_floor_div(ts, LTV_USECS_PER_DAY);
	int64_t		origin_days = ltv_floor_div(origin, LTV_USECS_PER_DAY);
	int64_t		ts_year,
				origin_year;
	int			ts_month,
				ts_day,
				origin_month,
				origin_day;
	int64_t		month_diff;
	int64_t		result;

	ltv_civil_from_days(ts_days, &ts_year, &ts_month, &ts_day);
	ltv_civil_from_days(origin_days, &origin_year, &origin_month, &origin_day);
	month_diff = (ts_year * 12 + ts_month) - (origin_year * 12 + origin_month);
	result = ltv_floor_div(month_diff, months);

	/* period `result` starts in ts's month only when result * months == month_diff */
	if (result * months == month_diff)
	{
		int			start_day = origin_day;
		int			max_day = ltv_days_in_month(ts_year, ts_month);
		int64_t		ts_time = ts - ts_days * LTV_USECS_PER_DAY;
		int64_t		origin_time = origin - origin_days * LTV_USECS_PER_DAY;

		if (start_day > max_day)
			start_day = max_day;
		if (start_day > ts_day || (start_day == ts_day && origin_time > ts_time))
			result--;
	}
	*k = result;
	return LTV_PERIOD_OK;
}

/*
 * Units mixing months with days or time: estimate k from the mean unit length,
 * then bracket and bisect on the exact boundaries.  The estimate is within a
 * few periods, so this takes a handful of boundary computations.
 */
static LtvPeriodStatus
index_mixed(int64_t ts, int64_t origin, const LtvUnit *unit, int64_t *k)
{
	double		estimate = floor(((double) ts - (double) origin) / ltv_unit_mean_usecs(unit));
	int64_t		lo,
				hi,
				step;

	if (estimate > 4e18)
		estimate = 4e18;
	if (estimate < -4e18)
		estimate = -4e18;
	lo = (int64_t) estimate;

	if (compare_start(ts, origin, unit, lo) < 0)
	{
		step = 1;
		hi = lo + 1;
		while (compare_start(ts, origin, unit, hi) < 0)
		{
			lo = hi;
			step *= 2;
			if (ltv_add_i64_overflow(lo, step, &hi))
				return LTV_PERIOD_OUT_OF_RANGE;
		}
	}
	else
	{
		hi = lo;
		step = 1;
		lo = hi - 1;
		while (compare_start(ts, origin, unit, lo) > 0)
		{
			hi = lo;
			step *= 2;
			if (ltv_sub_i64_overflow(hi, step, &lo))
				return LTV_PERIOD_OUT_OF_RANGE;
		}
	}
	while (hi - lo > 1)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (compare_start(ts, origin, unit, mid) < 0)
			lo = mid;
		else
			hi = mid;
	}
	*k = lo;
	return LTV_PERIOD_OK;
}

LtvPeriodStatus
ltv_period_index(int64_t ts, int64_t origin, const LtvUnit *unit, int64_t *k)
{
	if (!ltv_unit_is_valid(unit))
		return LTV_PERIOD_BAD_UNIT;
	if (!ltv_timestamp_in_range(ts) || !ltv_timestamp_in_range(origin))
		return LTV_PERIOD_OUT_OF_RANGE;
	if (unit->months == 0)
		return index_fixed(ts, origin, ltv_unit_fixed_usecs(unit), k);
	if (unit->days == 0 && unit->usecs == 0)
		return index_months(ts, origin, unit->months, k);
	return index_mixed(ts, origin, unit, k);
}
