/*
 * period.c: SQL functions over periods (ltv_period_index, ltv_period_start).
 * The arithmetic is src/core/period.c; see its header for the definitions.
 */
#include "postgres.h"

#include "fmgr.h"
#include "utils/date.h"
#include "utils/timestamp.h"

#include "ltv_time.h"

static int64
period_index(int64 ts, int64 origin, const Interval *unit_interval)
{
	LtvUnit		unit;
	int64_t		k;
	LtvPeriodStatus status;

	ltv_unit_from_interval(unit_interval, "unit", &unit);
	status = ltv_period_index(ts, origin, &unit, &k);
	if (status != LTV_PERIOD_OK)
		ltv_period_error(status);
	return k;
}

static int64
period_start(int64 ts, int64 origin, const LtvUnit *unit)
{
	int64_t		k;
	int64_t		start;
	LtvPeriodStatus status;

	status = ltv_period_index(ts, origin, unit, &k);
	if (status == LTV_PERIOD_OK)
		status = ltv_period_start_of(origin, unit, k, &start);
	if (status != LTV_PERIOD_OK)
		ltv_period_error(status);
	return start;
}

/* timestamp and timestamptz share this: both are microseconds since 2000-01-01 */
PG_FUNCTION_INFO_V1(ltv_period_index_timestamp);
Datum
ltv_period_index_timestamp(PG_FUNCTION_ARGS)
{
	int64		ts = ltv_timestamp_usecs(PG_GETARG_TIMESTAMP(0), "ts");
	int64		origin = ltv_timestamp_usecs(PG_GETARG_TIMESTAMP(1), "origin");

	PG_RETURN_INT64(period_index(ts, origin, PG_GETARG_INTERVAL_P(2)));
}

PG_FUNCTION_INFO_V1(ltv_period_index_date);
Datum
ltv_period_index_date(PG_FUNCTION_ARGS)
{
	int64		ts = ltv_date_usecs(PG_GETARG_DATEADT(0), "ts");
	int64		origin = ltv_date_usecs(PG_GETARG_DATEADT(1), "origin");

	PG_RETURN_INT64(period_index(ts, origin, PG_GETARG_INTERVAL_P(2)));
}

PG_FUNCTION_INFO_V1(ltv_period_start_timestamp);
Datum
ltv_period_start_timestamp(PG_FUNCTION_ARGS)
{
	int64		ts = ltv_timestamp_usecs(PG_GETARG_TIMESTAMP(0), "ts");
	int64		origin = ltv_timestamp_usecs(PG_GETARG_TIMESTAMP(1), "origin");
	LtvUnit		unit;

	ltv_unit_from_interval(PG_GETARG_INTERVAL_P(2), "unit", &unit);
	PG_RETURN_TIMESTAMP(period_start(ts, origin, &unit));
}

PG_FUNCTION_INFO_V1(ltv_period_start_date);
Datum
ltv_period_start_date(PG_FUNCTION_ARGS)
{
	int64		ts = ltv_date_usecs(PG_GETARG_DATEADT(0), "ts");
	int64		origin = ltv_date_usecs(PG_GETARG_DATEADT(1), "origin");
	LtvUnit		unit;

	ltv_unit_from_interval(PG_GETARG_INTERVAL_P(2), "unit", &unit);
	if (unit.usecs != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit for date values must be whole days or months"),
				 errhint("Cast the dates to timestamp to use a unit with a time part.")));
	/* midnight plus whole months and days is a midnight: the start is a date */
	PG_RETURN_DATEADT((DateADT) (period_start(ts, origin, &unit) / USECS_PER_DAY));
}
