/*
 * summary.h: the per-customer summary state shared by ltv_summary (one group
 * per customer) and ltv_agg (many customers in one state).
 */
#ifndef LTV_SUMMARY_GLUE_H
#define LTV_SUMMARY_GLUE_H

#include "postgres.h"

#include "fmgr.h"
#include "access/tupdesc.h"
#include "lib/stringinfo.h"

#include "ltv_time.h"

#include "core/summary.h"

/* period indices stored in the state itself before an array is allocated */
#define LTV_INLINE_PERIODS 1

/* as_of, period and unit of one aggregate call, checked and precomputed */
typedef struct LtvSummaryParams
{
	int64		as_of;			/* microseconds, as src/core */
	LtvUnit		period;
	LtvUnit		unit;
	int64		ratio;			/* unit / period */
	int64		period_usecs;	/* period length when it has no months, else 0 */
	int64		asof_period;	/* index of the period containing as_of */
} LtvSummaryParams;

typedef struct LtvCustomerState
{
	LtvSummaryAcc acc;
	LtvPeriodSet periods;		/* distinct purchase periods */
	int64		inline_periods[LTV_INLINE_PERIODS];
} LtvCustomerState;

typedef struct LtvAmount
{
	ltv_int128	mantissa;
	int			scale;
} LtvAmount;

extern void ltv_amount_from_numeric(Datum numeric, LtvAmount *amount);
/* amount.c: numeric, float8, float4, int2, int4 or int8 amounts */
extern void ltv_amount_from_datum(Datum value, Oid type, LtvAmount *amount);
extern int	ltv_amount_sign(Datum value, Oid type);
extern Datum ltv_numeric_from_decimal(ltv_int128 value, int scale);

extern void ltv_summary_params_init(LtvSummaryParams *params, int64 as_of,
									const Interval *period, const Interval *unit);
extern bool ltv_summary_params_equal(const LtvSummaryParams *a, const LtvSummaryParams *b);
extern void ltv_summary_params_check_same(const LtvSummaryParams *a, const LtvSummaryParams *b);
extern int64 ltv_summary_period_of(const LtvSummaryParams *params, int64 ts);

extern void ltv_customer_init(LtvCustomerState *state);
extern void ltv_customer_add(LtvCustomerState *state, MemoryContext mcxt,
							 const LtvSummaryParams *params, int64 ts, const LtvAmount *amount);
extern void ltv_customer_merge(LtvCustomerState *dst, const LtvCustomerState *src, MemoryContext mcxt);
extern void ltv_customer_copy(LtvCustomerState *dst, const LtvCustomerState *src, MemoryContext mcxt);
extern void ltv_customer_result(LtvCustomerState *state, const LtvSummaryParams *params,
								LtvSummaryResult *result);

extern void ltv_summary_params_serialize(StringInfo buf, const LtvSummaryParams *params);
extern void ltv_summary_params_deserialize(StringInfo buf, LtvSummaryParams *params);
extern void ltv_customer_serialize(StringInfo buf, LtvCustomerState *state);
extern void ltv_customer_deserialize(StringInfo buf, LtvCustomerState *state, MemoryContext mcxt);
extern const LtvSummaryParams *ltv_summary_row_params(FunctionCallInfo fcinfo,
													  LtvSummaryParams **cache, Oid time_type,
													  int as_of_arg, int period_arg, int unit_arg);
extern Datum ltv_customer_summary_datum(LtvCustomerState *customer, const LtvSummaryParams *params,
										TupleDesc desc, bool *isnull);
extern void ltv_state_corrupt(const char *what) ltv_noreturn;

#endif							/* LTV_SUMMARY_GLUE_H */
