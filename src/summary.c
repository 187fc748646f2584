/*
 * summary.c: ltv_summary, the per-customer summary aggregate (level 1), and
 * the customer state it shares with ltv_agg.  The arithmetic is
 * src/core/summary.c; this file reads numeric and time values, keeps the
 * state in the aggregate context and (de)serializes it for parallel plans.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "core/arith.h"
#include "summary.h"

/* the on-disk numeric format (utils/adt/numeric.c), stable across versions for pg_upgrade */
#define NUMERIC_SIGN_MASK		0xC000
#define NUMERIC_NEG				0x4000
#define NUMERIC_SHORT			0x8000
#define NUMERIC_SPECIAL			0xC000
#define NUMERIC_NAN_HEADER		0xC000
#define NUMERIC_PINF_HEADER		0xD000
#define NUMERIC_SHORT_SIGN_MASK 0x2000
#define NUMERIC_SHORT_DSCALE_MASK 0x1F80
#define NUMERIC_SHORT_DSCALE_SHIFT 7
#define NUMERIC_SHORT_WEIGHT_SIGN_MASK 0x0040
#define NUMERIC_SHORT_WEIGHT_MASK 0x003F
#define NUMERIC_DSCALE_MASK		0x3FFF

/* more base-10000 digits than this cannot fit 128 bits */
#define MAX_AMOUNT_DIGITS		11

#define SUMMARY_FORMAT_VERSION	1

static const LtvUnit default_period = {0, 1, 0};
static const LtvUnit default_unit = {0, 7, 0};

void
ltv_state_corrupt(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid ltv aggregate state"),
			 errdetail("%s", what)));
}

static void
amount_out_of_range(Datum numeric)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("amount %s is out of range",
					DatumGetCString(DirectFunctionCall1(numeric_out, numeric))),
			 errdetail("ltv sums amounts exactly in 128 bits: at most 38 significant digits, at most 38 after the decimal point."),
			 errhint("Round the amounts, for example round(amount, 2).")));
}

void
ltv_amount_from_numeric(Datum numeric, LtvAmount *amount)
{
	struct varlena *value = PG_DETOAST_DATUM_PACKED(numeric);
	const char *data = VARDATA_ANY(value);
	Size		len = VARSIZE_ANY_EXHDR(value);
	uint16		header;
	uint16		digits[MAX_AMOUNT_DIGITS];
	int			weight;
	int			dscale;
	int			ndigits;
	Size		offset;
	bool		negative;

	if (len < sizeof(uint16))
		elog(ERROR, "ltv: invalid numeric value");
	memcpy(&header, data, sizeof(uint16));
	if ((header & NUMERIC_SIGN_MASK) == NUMERIC_SPECIAL)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("amount must be a finite number"),
				 errdetail("The amount given was %s.",
						   header == NUMERIC_NAN_HEADER ? "NaN" :
						   header == NUMERIC_PINF_HEADER ? "Infinity" : "-Infinity"),
				 errhint("Leave out such rows, for example with WHERE amount NOT IN ('NaN', 'Infinity', '-Infinity').")));
	if ((header & NUMERIC_SIGN_MASK) == NUMERIC_SHORT)
	{
		negative = (header & NUMERIC_SHORT_SIGN_MASK) != 0;
		dscale = (header & NUMERIC_SHORT_DSCALE_MASK) >> NUMERIC_SHORT_DSCALE_SHIFT;
		weight = header & NUMERIC_SHORT_WEIGHT_MASK;
		if (header & NUMERIC_SHORT_WEIGHT_SIGN_MASK)
			weight |= ~NUMERIC_SHORT_WEIGHT_MASK;
		offset = sizeof(uint16);
	}
	else
	{
		int16		long_weight;

		if (len < sizeof(uint16) + sizeof(int16))
			elog(ERROR, "ltv: invalid numeric value");
		negative = (header & NUMERIC_SIGN_MASK) == NUMERIC_NEG;
		dscale = header & NUMERIC_DSCALE_MASK;
		memcpy(&long_weight, data + sizeof(uint16), sizeof(int16));
		weight = long_weight;
		offset = sizeof(uint16) + sizeof(int16);
	}
	ndigits = (int) ((len - offset) / sizeof(uint16));
	if (ndigits > MAX_AMOUNT_DIGITS)
		amount_out_of_range(numeric);
	memcpy(digits, data + offset, ndigits * sizeof(uint16));
	if (!ltv_decimal_from_base10000(digits, ndigits, weight, dscale, negative, &amount->mantissa))
		amount_out_of_range(numeric);
	amount->scale = dscale;
	if ((Pointer) value != DatumGetPointer(numeric))
		pfree(value);
}

/*
 * The numeric value * 10^-scale, built in numeric's on-disk format (see the
 * defines above) exactly as numeric_in builds it from the decimal string:
 * base-10000 digits with no leading or trailing zero digit, weight of the
 * first, dscale = scale, the short header when dscale and weight fit it, zero
 * positive with no digits.  The final functions of ltv_summary and ltv_agg
 * make two per customer; printing and parsing them took 7.5% of a parallel
 * leader's time.  Values beyond 64 bits or scale 16 take the string route.
 */
#define NUMERIC_SHORT_DSCALE_MAX 0x3F
#define NUMERIC_SHORT_WEIGHT_MAX 63
#define NUMERIC_SHORT_WEIGHT_MIN (-64)

Datum
ltv_numeric_from_decimal(ltv_int128 value, int scale)
{
	static const uint64 pow10[] = {
		UINT64CONST(1), UINT64CONST(10), UINT64CONST(100), UINT64CONST(1000), UINT64CONST(10000)
	};
	uint16		digits[16];
	int			ndigits = 0;
	int			int_groups = 0;
	int			first = 0;
	int			weight;
	bool		negative = value < 0;
	uint64		magnitude;
	uint64		int_part;
	uint64		frac;
	int			frac_groups;
	int			pad;
	int			i;
	Size		len;
	char	   *result;

	if (scale > 16 || value > (ltv_int128) PG_INT64_MAX || value < -(ltv_int128) PG_INT64_MAX)
	{
		char		buf[LTV_DECIMAL_STRING_SIZE];

		ltv_decimal_to_string(value, scale, buf);
		return DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
								   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	}
	magnitude = (uint64) (negative ? -value : value);
	{
		uint64		unit = 1;

		for (i = 0; i < scale; i++)
			unit *= 10;
		int_part = magnitude / unit;
		frac = magnitude % unit;
	}
	/* the fraction padded to whole base-10000 digits: frac_groups of them */
	frac_groups = (scale + 3) / 4;
	pad = frac_groups * 4 - scale;
	frac *= pow10[pad];			/* < 10^16 */
	{
		uint16		int_digits[5];	/* 2^63 < 10^20 */

		while (int_part > 0)
		{
			int_digits[int_groups++] = (uint16) (int_part % 10000);
			int_part /= 10000;
		}
		for (i = int_groups - 1; i >= 0; i--)
			digits[ndigits++] = int_digits[i];
	}
	for (i = frac_groups - 1; i >= 0; i--)
	{
		uint64		p = 1;
		int			k;

		for (k = 0; k < i; k++)
			p *= 10000;
		digits[ndigits++] = (uint16) ((frac / p) % 10000);
	}
	weight = int_groups - 1;
	/* no leading and no trailing zero digits */
	while (first < ndigits && digits[first] == 0)
	{
		first++;
		weight--;
	}
	while (ndigits > first && digits[ndigits - 1] == 0)
		ndigits--;
	ndigits -= first;
	if (ndigits == 0)
	{
		weight = 0;
		negative = false;
	}
	if (scale <= NUMERIC_SHORT_DSCALE_MAX && weight <= NUMERIC_SHORT_WEIGHT_MAX &&
		weight >= NUMERIC_SHORT_WEIGHT_MIN)
	{
		uint16		header = NUMERIC_SHORT | (negative ? NUMERIC_SHORT_SIGN_MASK : 0) |
			(uint16) (scale << NUMERIC_SHORT_DSCALE_SHIFT) |
			(weight < 0 ? NUMERIC_SHORT_WEIGHT_SIGN_MASK : 0) |
			(uint16) (weight & NUMERIC_SHORT_WEIGHT_MASK);

		len = VARHDRSZ + sizeof(uint16) + ndigits * sizeof(uint16);
		result = palloc(len);
		SET_VARSIZE(result, len);
		memcpy(VARDATA(result), &header, sizeof(uint16));
		memcpy(VARDATA(result) + sizeof(uint16), digits + first, ndigits * sizeof(uint16));
	}
	else
	{
		uint16		sign_dscale = (negative ? NUMERIC_NEG : 0) | (uint16) (scale & NUMERIC_DSCALE_MASK);
		int16		w = (int16) weight;

		len = VARHDRSZ + 2 * sizeof(uint16) + ndigits * sizeof(uint16);
		result = palloc(len);
		SET_VARSIZE(result, len);
		memcpy(VARDATA(result), &sign_dscale, sizeof(uint16));
		memcpy(VARDATA(result) + sizeof(uint16), &w, sizeof(int16));
		memcpy(VARDATA(result) + 2 * sizeof(uint16), digits + first, ndigits * sizeof(uint16));
	}
	return PointerGetDatum(result);
}

static char *
interval_text(const LtvUnit *unit)
{
	Interval	interval;

	interval.month = unit->months;
	interval.day = unit->days;
	interval.time = unit->usecs;
	return DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(&interval)));
}

static void
params_complete(LtvSummaryParams *params)
{
	if (!ltv_summary_unit_ratio(&params->period, &params->unit, &params->ratio))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period must divide unit"),
				 errdetail("The unit \"%s\" is not a whole number of periods \"%s\".",
						   interval_text(&params->unit), interval_text(&params->period)),
				 errhint("Use a unit that is a whole multiple of the period, such as period '1 day' with unit '7 days', or period '1 month' with unit '3 months'.")));
	params->period_usecs = ltv_unit_is_fixed(&params->period) ?
		ltv_unit_fixed_usecs(&params->period) : 0;
	params->asof_period = ltv_summary_period_of(params, params->as_of);
}

void
ltv_summary_params_init(LtvSummaryParams *params, int64 as_of,
						const Interval *period, const Interval *unit)
{
	memset(params, 0, sizeof(*params));
	params->as_of = as_of;
	if (period)
		ltv_unit_from_interval(period, "period", &params->period);
	else
		params->period = default_period;
	if (unit)
		ltv_unit_from_interval(unit, "unit", &params->unit);
	else
		params->unit = default_unit;
	params_complete(params);
}

bool
ltv_summary_params_equal(const LtvSummaryParams *a, const LtvSummaryParams *b)
{
	return a->as_of == b->as_of &&
		a->period.months == b->period.months && a->period.days == b->period.days &&
		a->period.usecs == b->period.usecs &&
		a->unit.months == b->unit.months && a->unit.days == b->unit.days &&
		a->unit.usecs == b->unit.usecs;
}

void
ltv_summary_params_check_same(const LtvSummaryParams *a, const LtvSummaryParams *b)
{
	if (a != b && !ltv_summary_params_equal(a, b))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("as_of, period and unit must be the same for every row of a group"),
				 errhint("Pass constants, or values that are constant within each group.")));
}

/* index of the period containing ts, periods counted from 2000-01-01 00:00 */
int64
ltv_summary_period_of(const LtvSummaryParams *params, int64 ts)
{
	int64_t		k;
	LtvPeriodStatus status;

	if (params->period_usecs > 0)
		return ltv_floor_div(ts, params->period_usecs);
	status = ltv_period_index(ts, 0, &params->period, &k);
	if (status != LTV_PERIOD_OK)
		ltv_period_error(status);
	return k;
}

void
ltv_customer_init(LtvCustomerState *state)
{
	ltv_summary_acc_init(&state->acc);
	ltv_period_set_init(&state->periods, state->inline_periods, LTV_INLINE_PERIODS);
}

static void
grow_periods(LtvCustomerState *state, MemoryContext mcxt, int32 needed)
{
	int32		capacity = state->periods.capacity;
	int64	   *items;

	/* leaving the inline slot: start at 4 rather than doubling from 1 */
	if (state->periods.items == state->inline_periods && capacity < 4)
		capacity = 4;
	while (capacity < needed)
	{
		if (capacity > (int32) (MaxAllocSize / sizeof(int64) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many purchase periods for one customer"),
					 errdetail("The purchase periods of one customer must fit in 512 MB (about 67 million periods)."),
					 errhint("Use a longer period.")));
		capacity *= 2;
	}
	if (state->periods.items == state->inline_periods)
	{
		items = MemoryContextAlloc(mcxt, capacity * sizeof(int64));
		memcpy(items, state->periods.items, state->periods.count * sizeof(int64));
	}
	else
		items = repalloc(state->periods.items, capacity * sizeof(int64));
	state->periods.items = (int64_t *) items;
	state->periods.capacity = capacity;
}

static void
add_period(LtvCustomerState *state, MemoryContext mcxt, int64 period)
{
	if (!ltv_period_set_add(&state->periods, period))
	{
		grow_periods(state, mcxt, state->periods.capacity + 1);
		if (!ltv_period_set_add(&state->periods, period))
			elog(ERROR, "ltv: no room for a period after growing");
	}
}

static void
summary_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("sum of amounts is out of range"),
			 errdetail("ltv sums amounts exactly in 128 bits: the sum must have at most 38 significant digits at the largest scale of the amounts."),
			 errhint("Round the amounts, for example round(amount, 2).")));
}

void
ltv_customer_add(LtvCustomerState *state, MemoryContext mcxt,
				 const LtvSummaryParams *params, int64 ts, const LtvAmount *amount)
{
	int64		period = 0;

	if (amount->mantissa >= 0)
		period = ltv_summary_period_of(params, ts);
	if (ltv_summary_acc_add(&state->acc, ts, period, amount->mantissa, amount->scale) != LTV_SUMMARY_OK)
		summary_overflow();
	if (amount->mantissa >= 0)
		add_period(state, mcxt, period);
}

void
ltv_customer_merge(LtvCustomerState *dst, const LtvCustomerState *src, MemoryContext mcxt)
{
	int32		i;

	if (ltv_summary_acc_merge(&dst->acc, &src->acc) != LTV_SUMMARY_OK)
		summary_overflow();
	if (src->periods.sorted)
	{
		/* a set read back from a worker: one linear merge */
		if (!ltv_period_set_merge(&dst->periods, src->periods.items, src->periods.count))
		{
			grow_periods(dst, mcxt, dst->periods.count + src->periods.count);
			if (!ltv_period_set_merge(&dst->periods, src->periods.items, src->periods.count))
				elog(ERROR, "ltv: no room for the periods after growing");
		}
		return;
	}
	for (i = 0; i < src->periods.count; i++)
	{
		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		add_period(dst, mcxt, src->periods.items[i]);
	}
}

void
ltv_customer_copy(LtvCustomerState *dst, const LtvCustomerState *src, MemoryContext mcxt)
{
	dst->acc = src->acc;
	dst->periods.count = src->periods.count;
	dst->periods.sorted = src->periods.sorted;
	if (src->periods.count <= LTV_INLINE_PERIODS)
	{
		dst->periods.items = dst->inline_periods;
		dst->periods.capacity = LTV_INLINE_PERIODS;
	}
	else
	{
		dst->periods.items = MemoryContextAlloc(mcxt, src->periods.count * sizeof(int64));
		dst->periods.capacity = src->periods.count;
	}
	memcpy(dst->periods.items, src->periods.items, src->periods.count * sizeof(int64));
}

void
ltv_customer_result(LtvCustomerState *state, const LtvSummaryParams *params,
					LtvSummaryResult *result)
{
	int32		occasions = ltv_period_set_compact(&state->periods);

	ltv_summary_result(&state->acc, occasions,
					   ltv_summary_period_of(params, state->acc.last_ts),
					   params->asof_period, params->ratio, params->as_of, result);
}

/* serialization: big-endian fixed-width fields (pqformat) */

static void
send_unit(StringInfo buf, const LtvUnit *unit)
{
	pq_sendint32(buf, unit->months);
	pq_sendint32(buf, unit->days);
	pq_sendint64(buf, unit->usecs);
}

static void
recv_unit(StringInfo buf, LtvUnit *unit)
{
	unit->months = pq_getmsgint(buf, 4);
	unit->days = pq_getmsgint(buf, 4);
	unit->usecs = pq_getmsgint64(buf);
	if (!ltv_unit_is_valid(unit))
		ltv_state_corrupt("The period or unit is not a positive interval.");
}

void
ltv_summary_params_serialize(StringInfo buf, const LtvSummaryParams *params)
{
	pq_sendint64(buf, params->as_of);
	send_unit(buf, &params->period);
	send_unit(buf, &params->unit);
}

void
ltv_summary_params_deserialize(StringInfo buf, LtvSummaryParams *params)
{
	memset(params, 0, sizeof(*params));
	params->as_of = pq_getmsgint64(buf);
	if (!ltv_timestamp_in_range(params->as_of))
		ltv_state_corrupt("as_of is out of range.");
	recv_unit(buf, &params->period);
	recv_unit(buf, &params->unit);
	params_complete(params);
}

static void
send_int128(StringInfo buf, ltv_int128 value)
{
	pq_sendint64(buf, (int64) (value >> 64));
	pq_sendint64(buf, (int64) (uint64) value);
}

static ltv_int128
recv_int128(StringInfo buf)
{
	int64		high = pq_getmsgint64(buf);
	uint64		low = (uint64) pq_getmsgint64(buf);

	return (ltv_int128) (((unsigned __int128) (uint64) high << 64) | low);
}

void
ltv_customer_serialize(StringInfo buf, LtvCustomerState *state)
{
	int32		count = ltv_period_set_compact(&state->periods);
	int32		i;

	pq_sendint64(buf, state->acc.orders);
	pq_sendint64(buf, state->acc.refunds);
	pq_sendint64(buf, state->acc.first_ts);
	pq_sendint64(buf, state->acc.last_ts);
	pq_sendint64(buf, state->acc.first_period);
	send_int128(buf, state->acc.purchase_sum);
	send_int128(buf, state->acc.first_sum);
	send_int128(buf, state->acc.refund_sum);
	pq_sendint32(buf, state->acc.scale);
	pq_sendint32(buf, count);
	for (i = 0; i < count; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		pq_sendint64(buf, state->periods.items[i]);
	}
}

void
ltv_customer_deserialize(StringInfo buf, LtvCustomerState *state, MemoryContext mcxt)
{
	LtvSummaryAcc *acc = &state->acc;
	int32		count;
	int32		i;

	ltv_customer_init(state);
	acc->orders = pq_getmsgint64(buf);
	acc->refunds = pq_getmsgint64(buf);
	acc->first_ts = pq_getmsgint64(buf);
	acc->last_ts = pq_getmsgint64(buf);
	acc->first_period = pq_getmsgint64(buf);
	acc->purchase_sum = recv_int128(buf);
	acc->first_sum = recv_int128(buf);
	acc->refund_sum = recv_int128(buf);
	acc->scale = pq_getmsgint(buf, 4);
	count = pq_getmsgint(buf, 4);

	if (acc->orders < 0 || acc->refunds < 0 || acc->scale < 0 ||
		acc->scale > LTV_DECIMAL_MAX_SCALE || acc->purchase_sum < 0 ||
		acc->refund_sum < 0 || acc->first_sum < 0 || acc->first_sum > acc->purchase_sum)
		ltv_state_corrupt("A count, sum or scale is out of range.");
	if (count < 0 || (acc->orders == 0 && (count != 0 || acc->purchase_sum != 0)) ||
		(acc->orders > 0 && (count == 0 || count > acc->orders)) ||
		(Size) count > (Size) (buf->len - buf->cursor) / sizeof(int64))
		ltv_state_corrupt("The number of purchase periods does not match the orders.");
	if (acc->orders > 0 &&
		(!ltv_timestamp_in_range(acc->first_ts) || !ltv_timestamp_in_range(acc->last_ts) ||
		 acc->first_ts > acc->last_ts))
		ltv_state_corrupt("The purchase times are out of range.");
	if (count > LTV_INLINE_PERIODS)
		grow_periods(state, mcxt, count);
	for (i = 0; i < count; i++)
	{
		int64		p;

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		p = pq_getmsgint64(buf);
		if ((i == 0 && p != acc->first_period) || (i > 0 && p <= state->periods.items[i - 1]))
			ltv_state_corrupt("The purchase periods are not sorted and distinct from the first.");
		state->periods.items[i] = p;
	}
	state->periods.count = count;
	state->periods.sorted = true;
}

/* ---- ltv_summary: one group per customer ---- */

typedef struct SummaryState
{
	const LtvSummaryParams *params;
	LtvCustomerState customer;
} SummaryState;

/* per call site: the time type and the latest as_of/period/unit seen */
typedef struct SummaryCallCache
{
	Oid			time_type;
	LtvSummaryParams *params;
	TupleDesc	result_desc;
} SummaryCallCache;

static SummaryCallCache *
call_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(SummaryCallCache));
	return (SummaryCallCache *) fcinfo->flinfo->fn_extra;
}

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo, const char *name)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", name);
	return aggcontext;
}

/*
 * as_of (argument as_of_arg), period and unit of this row, reusing the
 * cached copy while they do not change.  Shared with ltv_agg.
 */
const LtvSummaryParams *
ltv_summary_row_params(FunctionCallInfo fcinfo, LtvSummaryParams **cache, Oid time_type,
					   int as_of_arg, int period_arg, int unit_arg)
{
	LtvSummaryParams params;
	int64		as_of;
	const Interval *period = NULL;
	const Interval *unit = NULL;

	if (PG_ARGISNULL(as_of_arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be null"),
				 errhint("Pass the end of the observation, for example now() or '1997-09-30'.")));
	as_of = ltv_time_datum_usecs(PG_GETARG_DATUM(as_of_arg), time_type, "as_of");
	if (period_arg < PG_NARGS())
	{
		if (PG_ARGISNULL(period_arg))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("period must not be null"),
					 errhint("Pass an interval such as '1 day', or leave the argument out.")));
		period = PG_GETARG_INTERVAL_P(period_arg);
	}
	if (unit_arg < PG_NARGS())
	{
		if (PG_ARGISNULL(unit_arg))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("unit must not be null"),
					 errhint("Pass an interval such as '7 days', or leave the argument out.")));
		unit = PG_GETARG_INTERVAL_P(unit_arg);
	}

	if (*cache != NULL && (*cache)->as_of == as_of &&
		(period == NULL ? ((*cache)->period.months == default_period.months &&
						   (*cache)->period.days == default_period.days &&
						   (*cache)->period.usecs == default_period.usecs)
		 : ((*cache)->period.months == period->month && (*cache)->period.days == period->day &&
			(*cache)->period.usecs == period->time)) &&
		(unit == NULL ? ((*cache)->unit.months == default_unit.months &&
						 (*cache)->unit.days == default_unit.days &&
						 (*cache)->unit.usecs == default_unit.usecs)
		 : ((*cache)->unit.months == unit->month && (*cache)->unit.days == unit->day &&
			(*cache)->unit.usecs == unit->time)))
		return *cache;

	ltv_summary_params_init(&params, as_of, period, unit);
	*cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(LtvSummaryParams));
	**cache = params;
	return *cache;
}

static Datum
summary_transfn(FunctionCallInfo fcinfo, Oid amount_type)
{
	MemoryContext aggcontext = aggregate_context(fcinfo, "ltv_summary_transfn");
	SummaryState *state = PG_ARGISNULL(0) ? NULL : (SummaryState *) PG_GETARG_POINTER(0);
	SummaryCallCache *cache = call_cache(fcinfo);
	const LtvSummaryParams *params;
	LtvAmount	amount;
	int64		ts;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state);
	}
	if (cache->time_type == InvalidOid)
		cache->time_type = get_fn_expr_argtype(fcinfo->flinfo, 1);
	params = ltv_summary_row_params(fcinfo, &cache->params, cache->time_type, 3, 4, 5);
	ts = ltv_time_datum_usecs(PG_GETARG_DATUM(1), cache->time_type, "ordered_at");
	ltv_amount_from_datum(PG_GETARG_DATUM(2), amount_type, &amount);

	if (state == NULL)
	{
		state = MemoryContextAlloc(aggcontext, sizeof(SummaryState));
		state->params = params;
		ltv_customer_init(&state->customer);
	}
	else
		ltv_summary_params_check_same(state->params, params);

	if (ts <= params->as_of)
		ltv_customer_add(&state->customer, aggcontext, params, ts, &amount);
	PG_RETURN_POINTER(state);
}

/*
 * One C entry point per amount type (the SQL type is in the symbol, so no
 * expression tree is needed to know it: Citus' worker_partial_agg has none).
 */
PG_FUNCTION_INFO_V1(ltv_summary_transfn);
Datum
ltv_summary_transfn(PG_FUNCTION_ARGS)
{
	return summary_transfn(fcinfo, NUMERICOID);
}

PG_FUNCTION_INFO_V1(ltv_summary_transfn_float8);
Datum
ltv_summary_transfn_float8(PG_FUNCTION_ARGS)
{
	return summary_transfn(fcinfo, FLOAT8OID);
}

PG_FUNCTION_INFO_V1(ltv_summary_transfn_float4);
Datum
ltv_summary_transfn_float4(PG_FUNCTION_ARGS)
{
	return summary_transfn(fcinfo, FLOAT4OID);
}

PG_FUNCTION_INFO_V1(ltv_summary_transfn_int4);
Datum
ltv_summary_transfn_int4(PG_FUNCTION_ARGS)
{
	return summary_transfn(fcinfo, INT4OID);
}

PG_FUNCTION_INFO_V1(ltv_summary_transfn_int8);
Datum
ltv_summary_transfn_int8(PG_FUNCTION_ARGS)
{
	return summary_transfn(fcinfo, INT8OID);
}

PG_FUNCTION_INFO_V1(ltv_summary_combine);
Datum
ltv_summary_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = aggregate_context(fcinfo, "ltv_summary_combine");
	SummaryState *left = PG_ARGISNULL(0) ? NULL : (SummaryState *) PG_GETARG_POINTER(0);
	SummaryState *right = PG_ARGISNULL(1) ? NULL : (SummaryState *) PG_GETARG_POINTER(1);

	if (right == NULL)
	{
		if (left == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(left);
	}
	if (left == NULL)
	{
		SummaryCallCache *cache = call_cache(fcinfo);

		/* one copy of the params per call site, not one per customer */
		if (cache->params == NULL || !ltv_summary_params_equal(cache->params, right->params))
		{
			cache->params = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(LtvSummaryParams));
			*cache->params = *right->params;
		}
		left = MemoryContextAlloc(aggcontext, sizeof(SummaryState));
		left->params = cache->params;
		ltv_customer_copy(&left->customer, &right->customer, aggcontext);
		PG_RETURN_POINTER(left);
	}
	ltv_summary_params_check_same(left->params, right->params);
	ltv_customer_merge(&left->customer, &right->customer, aggcontext);
	PG_RETURN_POINTER(left);
}

PG_FUNCTION_INFO_V1(ltv_summary_serialize);
Datum
ltv_summary_serialize(PG_FUNCTION_ARGS)
{
	SummaryState *state = (SummaryState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	(void) aggregate_context(fcinfo, "ltv_summary_serialize");
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SUMMARY_FORMAT_VERSION);
	ltv_summary_params_serialize(&buf, state->params);
	ltv_customer_serialize(&buf, &state->customer);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(ltv_summary_deserialize);
Datum
ltv_summary_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	SummaryState *state;
	LtvSummaryParams *params;

	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (pq_getmsgbyte(&buf) != SUMMARY_FORMAT_VERSION)
		ltv_state_corrupt("Unknown format version.");
	/*
	 * In the current (per-tuple) context: the combine function copies what it
	 * keeps into the aggregate context.
	 */
	(void) aggregate_context(fcinfo, "ltv_summary_deserialize");
	params = palloc(sizeof(LtvSummaryParams));
	ltv_summary_params_deserialize(&buf, params);
	state = palloc(sizeof(SummaryState));
	state->params = params;
	ltv_customer_deserialize(&buf, &state->customer, CurrentMemoryContext);
	if (buf.cursor != buf.len)
		ltv_state_corrupt("Trailing bytes.");
	PG_RETURN_POINTER(state);
}

/* the ltv_customer_summary composite for a state; NULL when there is no purchase */
Datum
ltv_customer_summary_datum(LtvCustomerState *customer, const LtvSummaryParams *params,
						   TupleDesc desc, bool *isnull)
{
	LtvSummaryResult result;
	Datum		values[13];
	bool		nulls[13] = {0};
	const LtvSummaryAcc *acc = &customer->acc;
	Interval   *unit;

	if (acc->orders == 0)
	{
		*isnull = true;
		return (Datum) 0;
	}
	ltv_customer_result(customer, params, &result);
	values[0] = TimestampTzGetDatum(acc->first_ts);
	values[1] = TimestampTzGetDatum(acc->last_ts);
	values[2] = Int64GetDatum(acc->orders);
	values[3] = Int64GetDatum(result.occasions);
	values[4] = Int64GetDatum(result.x);
	values[5] = Float8GetDatum(result.t_x);
	values[6] = Float8GetDatum(result.t_cal);
	values[7] = Float8GetDatum(result.mean_repeat_amount);
	values[8] = ltv_numeric_from_decimal(acc->purchase_sum - acc->refund_sum, acc->scale);
	values[9] = Int64GetDatum(acc->refunds);
	values[10] = ltv_numeric_from_decimal(acc->refund_sum, acc->scale);
	values[11] = Float8GetDatum(result.days_since_last);
	unit = palloc(sizeof(Interval));
	unit->month = params->unit.months;
	unit->day = params->unit.days;
	unit->time = params->unit.usecs;
	values[12] = IntervalPGetDatum(unit);
	*isnull = false;
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

PG_FUNCTION_INFO_V1(ltv_summary_finalfn);
Datum
ltv_summary_finalfn(PG_FUNCTION_ARGS)
{
	SummaryState *state = PG_ARGISNULL(0) ? NULL : (SummaryState *) PG_GETARG_POINTER(0);
	SummaryCallCache *cache = call_cache(fcinfo);
	Datum		result;
	bool		isnull;

	(void) aggregate_context(fcinfo, "ltv_summary_finalfn");
	if (state == NULL || state->customer.acc.orders == 0)
		PG_RETURN_NULL();
	if (cache->result_desc == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "ltv_summary_finalfn: return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}
	result = ltv_customer_summary_datum(&state->customer, state->params, cache->result_desc, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}
