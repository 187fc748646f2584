/*
 * ltv_time.c: SQL time values and intervals to src/core timestamps and units.
 *
 * timestamptz and timestamp share one representation, microseconds since
 * 2000-01-01; timestamptz is read in UTC (which keeps every function
 * IMMUTABLE) and timestamp as the wall clock time it spells.  A date is its
 * midnight.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

#include "ltv_time.h"

static char *
interval_text(const Interval *interval)
{
	return DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(interval)));
}

void
ltv_unit_from_interval(const Interval *interval, const char *argname, LtvUnit *unit)
{
	unit->months = interval->month;
	unit->days = interval->day;
	unit->usecs = interval->time;

	if (LTV_INTERVAL_NOT_FINITE(interval) || !ltv_unit_is_valid(unit))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a positive interval", argname),
				 errdetail("The %s given was \"%s\".", argname, interval_text(interval)),
				 errhint("Use a finite interval such as '1 day', '7 days' or '1 month', with no negative part.")));
}

int64
ltv_timestamp_usecs(Timestamp ts, const char *argname)
{
	if (TIMESTAMP_NOT_FINITE(ts))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be finite", argname),
				 errdetail("The %s given was %s.", argname,
						   TIMESTAMP_IS_NOBEGIN(ts) ? "-infinity" : "infinity"),
				 errhint("Leave out rows with infinite times, for example with WHERE isfinite(%s).",
						 argname)));
	return (int64) ts;
}

int64
ltv_date_usecs(DateADT date, const char *argname)
{
	if (DATE_NOT_FINITE(date))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be finite", argname),
				 errdetail("The %s given was %s.", argname,
						   DATE_IS_NOBEGIN(date) ? "-infinity" : "infinity"),
				 errhint("Leave out rows with infinite dates, for example with WHERE isfinite(%s).",
						 argname)));
	/*
	 * Dates run to 5874897 AD, timestamps only to 294276 AD: a later date
	 * has no microsecond timestamp (the product would wrap).
	 */
	if ((int64) date >= LTV_END_TIMESTAMP / USECS_PER_DAY ||
		(int64) date < LTV_MIN_TIMESTAMP / USECS_PER_DAY)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range for ltv: %s", argname,
						DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(date)))),
				 errdetail("ltv computes with timestamps, which run from 4714-11-24 BC to 294276-12-31 AD."),
				 errhint("Leave out rows with dates after 294276 AD.")));
	return (int64) date * USECS_PER_DAY;
}

bool
ltv_is_time_type(Oid typid)
{
	return typid == DATEOID || typid == TIMESTAMPOID || typid == TIMESTAMPTZOID;
}

/*
 * The time type of argument argno of a C function declared over several time
 * types with one symbol (the symbols ltv--1.0.sql names).  From the call's
 * expression when there is one, else from the function's declaration:
 * executors that call a transition function without an expression tree
 * (Citus' worker_partial_agg) give get_fn_expr_argtype() nothing to look at.
 * Functions of 1.1 have one C entry point per type and do not need this.
 */
Oid
ltv_time_argtype(FunctionCallInfo fcinfo, int argno)
{
	Oid			typid = get_fn_expr_argtype(fcinfo->flinfo, argno);
	HeapTuple	tuple;

	if (OidIsValid(typid))
		return typid;
	tuple = SearchSysCache1(PROCOID, ObjectIdGetDatum(fcinfo->flinfo->fn_oid));
	if (HeapTupleIsValid(tuple))
	{
		Form_pg_proc proc = (Form_pg_proc) GETSTRUCT(tuple);

		if (argno < proc->pronargs)
			typid = proc->proargtypes.values[argno];
		ReleaseSysCache(tuple);
	}
	if (!ltv_is_time_type(typid))
		elog(ERROR, "ltv: cannot determine the time type of argument %d", argno + 1);
	return typid;
}

/* For functions declared over several time types: the caller passes the argument's type */
int64
ltv_time_datum_usecs(Datum value, Oid typid, const char *argname)
{
	switch (typid)
	{
		case DATEOID:
			return ltv_date_usecs(DatumGetDateADT(value), argname);
		case TIMESTAMPOID:
			return ltv_timestamp_usecs(DatumGetTimestamp(value), argname);
		case TIMESTAMPTZOID:
			return ltv_timestamp_usecs(DatumGetTimestampTz(value), argname);
		default:
			elog(ERROR, "ltv: unexpected time type %u for %s", typid, argname);
	}
	pg_unreachable();
}

void
ltv_period_error(LtvPeriodStatus status)
{
	if (status == LTV_PERIOD_BAD_UNIT)
		elog(ERROR, "ltv: unit was not validated");
	ereport(ERROR,
			(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
			 errmsg("timestamp out of range"),
			 errdetail("The period lies outside the range of timestamps (4714 BC to 294276 AD).")));
}
