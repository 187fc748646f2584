/*
 * period.h: calendar and period arithmetic on microsecond timestamps.
 *
 * A timestamp here is PostgreSQL's: microseconds since 2000-01-01 00:00:00 on
 * the proleptic Gregorian calendar, read as UTC for timestamptz and as wall
 * clock time for timestamp.  A date is a timestamp at midnight.
 *
 * A unit is an interval (months, days, microseconds), each part >= 0 and at
 * least one > 0.  Period k of a series that starts at `origin` is
 *
 *     [origin + k * unit, origin + (k + 1) * unit)
 *
 * where "origin + k * unit" means exactly what PostgreSQL computes for
 * `origin + k * unit` with TimeZone = UTC: add k * months first (clamping the
 * day to the end of a shorter month, so 31 January + 1 month = 28 February),
 * then k * days, then k * microseconds.  Every boundary is computed from the
 * origin, never by stepping from the previous boundary, so month-end clamping
 * does not accumulate (31 Jan, 28 Feb, 31 Mar, 30 Apr, ...).
 */
#ifndef LTV_CORE_PERIOD_H
#define LTV_CORE_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

#define LTV_USECS_PER_DAY INT64_C(86400000000)

/*
 * PostgreSQL's valid timestamp range: [4714-11-24 BC 00:00, 294277-01-01 00:00).
 * Values outside it are "out of range" here as they are there.
 */
#define LTV_MIN_TIMESTAMP INT64_C(-211813488000000000)
#define LTV_END_TIMESTAMP INT64_C(9223371331200000000)

typedef struct LtvUnit
{
	int32_t		months;
	int32_t		days;
	int64_t		usecs;
} LtvUnit;

typedef enum LtvPeriodStatus
{
	LTV_PERIOD_OK = 0,
	LTV_PERIOD_BAD_UNIT,		/* a negative part, or all parts zero */
	LTV_PERIOD_OUT_OF_RANGE		/* a result outside the timestamp range */
} LtvPeriodStatus;

extern bool ltv_unit_is_valid(const LtvUnit *unit);
extern bool ltv_unit_is_fixed(const LtvUnit *unit);
extern int64_t ltv_unit_fixed_usecs(const LtvUnit *unit);
extern double ltv_unit_mean_usecs(const LtvUnit *unit);

extern bool ltv_timestamp_in_range(int64_t ts);

/* Gregorian calendar: days since 2000-01-01 <-> year, month (1..12), day (1..31) */
extern int64_t ltv_days_from_civil(int64_t year, int month, int day);
extern void ltv_civil_from_days(int64_t days, int64_t *year, int *month, int *day);
extern int	ltv_days_in_month(int64_t year, int month);

/* origin + k * unit */
extern LtvPeriodStatus ltv_period_start_of(int64_t origin, const LtvUnit *unit,
										   int64_t k, int64_t *start);

/*
 * The length of period k, (origin + (k + 1) * unit) - (origin + k * unit), in
 * microseconds, computed without forming the later boundary (which may lie
 * beyond the timestamp range when period k is the last one in it).
 */
extern LtvPeriodStatus ltv_period_length(int64_t origin, const LtvUnit *unit, int64_t k,
										 int64_t *length);

/* the k whose period contains ts: the largest k with origin + k * unit <= ts */
extern LtvPeriodStatus ltv_period_index(int64_t ts, int64_t origin,
										const LtvUnit *unit, int64_t *k);

#endif							/* LTV_CORE_PERIOD_H */
