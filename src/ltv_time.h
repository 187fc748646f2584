/*
 * ltv_time.h: turning SQL time values and intervals into src/core's
 * microsecond timestamps and units, with the errors users see.
 */
#ifndef LTV_TIME_H
#define LTV_TIME_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "utils/date.h"

#include "compat.h"
#include "core/period.h"

extern void ltv_unit_from_interval(const Interval *interval, const char *argname, LtvUnit *unit);
extern int64 ltv_timestamp_usecs(Timestamp ts, const char *argname);
extern int64 ltv_date_usecs(DateADT date, const char *argname);
extern int64 ltv_time_datum_usecs(Datum value, Oid typid, const char *argname);
extern bool ltv_is_time_type(Oid typid);
extern Oid	ltv_time_argtype(FunctionCallInfo fcinfo, int argno);
extern void ltv_period_error(LtvPeriodStatus status) ltv_noreturn;

#endif							/* LTV_TIME_H */
