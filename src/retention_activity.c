/*
 * retention_activity.c: the retention_activity type (one customer's first
 * purchase period and the periods with an order of amount >= 0), its level-1 aggregate
 * over orders, the union aggregate, accessors, and the scalar
 * retention_rate(S, E, N).  The math is src/core/retention.c.
 */
#include "postgres.h"

#include <limits.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "port/pg_bitutils.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "utils/timestamp.h"

#include "core/retention_codec.h"
#include "ltv_codec.h"
#include "retention.h"
#include "summary.h"

#define MAX_WORDS (LTV_RETENTION_MAX_PERIODS / 64)

/* ---------- shared helpers (declared in retention.h) ---------- */

RetentionActivity *
retention_activity_new(const RetentionGrid *grid, int64 start, int64 capacity_words)
{
	Size		size = RETENTION_ACTIVITY_HEADER + capacity_words * sizeof(uint64);
	RetentionActivity *a = (RetentionActivity *) palloc0(size);

	SET_VARSIZE(a, size);
	a->version = RETENTION_ACTIVITY_VERSION;
	a->kind = grid->kind;
	a->months = grid->unit.months;
	a->days = grid->unit.days;
	a->usecs = grid->unit.usecs;
	a->origin = grid->origin;
	a->start = start;
	a->nwords = 0;
	a->lead = RETENTION_NO_PURCHASE;
	return a;
}

void
retention_activity_grid(const RetentionActivity *a, RetentionGrid *grid)
{
	grid->kind = a->kind;
	grid->unit.months = a->months;
	grid->unit.days = a->days;
	grid->unit.usecs = a->usecs;
	grid->origin = a->origin;
}

bool
retention_grid_equal(const RetentionGrid *x, const RetentionGrid *y)
{
	return x->kind == y->kind && x->unit.months == y->unit.months &&
		x->unit.days == y->unit.days && x->unit.usecs == y->unit.usecs &&
		x->origin == y->origin;
}

char *
retention_grid_describe(const RetentionGrid *grid)
{
	Interval	iv;
	char	   *unit_text;
	char	   *origin_text;

	memset(&iv, 0, sizeof(iv));
	iv.month = grid->unit.months;
	iv.day = grid->unit.days;
	iv.time = grid->unit.usecs;
	unit_text = DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(&iv)));
	origin_text = DatumGetCString(DirectFunctionCall1(timestamp_out, TimestampGetDatum(grid->origin)));
	return psprintf("periods of %s from %s%s", unit_text, origin_text,
					grid->kind == RETENTION_KIND_UTC ? " UTC (timestamptz)" : " local time (date or timestamp)");
}

void
retention_grid_check_same(const RetentionGrid *x, const RetentionGrid *y, const char *what)
{
	if (!retention_grid_equal(x, y))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine %s built on different periods", what),
				 errdetail("One uses %s, the other %s.",
						   retention_grid_describe(x), retention_grid_describe(y)),
				 errhint("Build every value with the same period, origin and time type (timestamptz, or timestamp/date).")));
}

void
retention_grid_from_args(RetentionGrid *grid, Oid time_type, const Interval *period,
						 bool has_origin, Datum origin)
{
	if (!ltv_is_time_type(time_type))
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("ordered_at must be a date, timestamp or timestamptz, not %s",
						format_type_be(time_type)),
				 errhint("Cast the order time, for example ordered_at::timestamptz.")));
	grid->kind = time_type == TIMESTAMPTZOID ? RETENTION_KIND_UTC : RETENTION_KIND_LOCAL;
	ltv_unit_from_interval(period, "period", &grid->unit);
	grid->origin = has_origin ? ltv_time_datum_usecs(origin, time_type, "origin") : 0;
}

int64
retention_period_of(const RetentionGrid *grid, int64 ts)
{
	int64_t		k;
	LtvPeriodStatus status = ltv_period_index(ts, grid->origin, &grid->unit, &k);

	if (status != LTV_PERIOD_OK)
		ltv_period_error(status);
	return k;
}

int64
retention_start_of(const RetentionGrid *grid, int64 k)
{
	int64_t		start;
	LtvPeriodStatus status = ltv_period_start_of(grid->origin, &grid->unit, k, &start);

	if (status != LTV_PERIOD_OK)
		ltv_period_error(status);
	return start;
}

/* amount > 0 is a purchase, 0 activity without revenue, < 0 a refund */
RetentionOrderKind
retention_order_kind(Datum amount, Oid type)
{
	int			sign = ltv_amount_sign(amount, type);

	if (sign == 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("amount must be a finite number"),
				 errdetail("An order has amount %s.",
						   DatumGetCString(OidFunctionCall1(type == NUMERICOID ? F_NUMERIC_OUT :
															type == FLOAT8OID ? F_FLOAT8OUT : F_FLOAT4OUT,
															amount))),
				 errhint("Leave out such rows, for example with WHERE amount <> 'NaN'.")));
	return sign > 0 ? RETENTION_PURCHASE : sign == 0 ? RETENTION_ZERO : RETENTION_REFUND;
}

int32
retention_union_lead(int64 start, int32 lead, int64 src_start, int32 src_lead, int64 union_start)
{
	int64		first;

	if (lead == RETENTION_NO_PURCHASE && src_lead == RETENTION_NO_PURCHASE)
		return RETENTION_NO_PURCHASE;
	if (lead == RETENTION_NO_PURCHASE)
		first = src_start + src_lead;
	else if (src_lead == RETENTION_NO_PURCHASE)
		first = start + lead;
	else
		first = Min(start + lead, src_start + src_lead);
	/* the caller checked that the union spans at most LTV_RETENTION_MAX_PERIODS */
	return (int32) (first - union_start);
}

LtvRetentionMode
retention_mode_from_text(text *mode)
{
	char	   *s = text_to_cstring(mode);

	if (strcmp(s, "on") == 0)
		return LTV_RETENTION_ON;
	if (strcmp(s, "on_or_after") == 0)
		return LTV_RETENTION_ON_OR_AFTER;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown retention mode \"%s\"", s),
			 errhint("Use 'on' (a purchase in period k) or 'on_or_after' (a purchase in period k or later).")));
	pg_unreachable();
}

const char *
retention_mode_name(LtvRetentionMode mode)
{
	return mode == LTV_RETENTION_ON ? "on" : "on_or_after";
}

void
retention_too_many_periods(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("retention spans too many periods"),
			 errdetail("At most %lld periods fit between a first purchase and the last one or as_of.",
					   (long long) LTV_RETENTION_MAX_PERIODS),
			 errhint("Use a longer period, or leave out orders far from the others.")));
}

void
retention_bits_merge(uint64 *words, int64 nwords, int64 start,
					 const uint64 *src, int64 src_words, int64 src_start)
{
	ltv_bitmap_or_shifted((uint64_t *) words, nwords, (const uint64_t *) src, src_words,
						  src_start - start);
}

/* ---------- validation and type I/O ---------- */

/* ---------- type I/O: src/core/retention_codec.c ---------- */

StaticAssertDecl(RETENTION_ACTIVITY_VERSION == LTV_ACTIVITY_FORMAT_VERSION &&
				 RETENTION_KIND_UTC == LTV_TIME_KIND_UTC && RETENTION_KIND_LOCAL == LTV_TIME_KIND_LOCAL &&
				 RETENTION_NO_PURCHASE == LTV_ACTIVITY_NO_PURCHASE && MAX_WORDS == LTV_ACTIVITY_MAX_WORDS,
				 "retention_activity constants differ from the codec's");

static void
activity_to_value(const RetentionActivity *a, LtvActivityValue *v)
{
	v->version = a->version;
	v->kind = a->kind;
	v->unit.months = a->months;
	v->unit.days = a->days;
	v->unit.usecs = a->usecs;
	v->origin = a->origin;
	v->start = a->start;
	v->nwords = a->nwords;
	v->lead = a->lead;
	v->words = (uint64_t *) a->words;
}

/* a datum with v's header and room for v->nwords zeroed words */
static RetentionActivity *
activity_from_value(const LtvActivityValue *v)
{
	RetentionGrid grid;
	RetentionActivity *a;

	grid.kind = v->kind;
	grid.unit = v->unit;
	grid.origin = v->origin;
	a = retention_activity_new(&grid, v->start, v->nwords);
	a->version = v->version;
	a->nwords = v->nwords;
	a->lead = v->lead;
	return a;
}

PG_FUNCTION_INFO_V1(retention_activity_in);
Datum
retention_activity_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	LtvActivityValue v;
	LtvCodecError err;
	RetentionActivity *a;

	/* two passes over the text: its length, then the bits */
	v.words = NULL;
	v.lead = RETENTION_NO_PURCHASE;
	ltv_codec_check(ltv_activity_parse(text, &v, &err), &err, ERRCODE_INVALID_TEXT_REPRESENTATION, text);
	a = activity_from_value(&v);
	v.words = (uint64_t *) a->words;
	ltv_codec_check(ltv_activity_parse(text, &v, &err), &err, ERRCODE_INVALID_TEXT_REPRESENTATION, text);
	a->lead = v.lead;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(retention_activity_out);
Datum
retention_activity_out(PG_FUNCTION_ARGS)
{
	RetentionActivity *a = DatumGetRetentionActivity(PG_GETARG_DATUM(0));
	LtvActivityValue v;
	char	   *text;

	activity_to_value(a, &v);
	text = palloc(ltv_activity_text_size(&v));
	ltv_activity_format(&v, text);
	PG_RETURN_CSTRING(text);
}

PG_FUNCTION_INFO_V1(retention_activity_send);
Datum
retention_activity_send(PG_FUNCTION_ARGS)
{
	RetentionActivity *a = DatumGetRetentionActivity(PG_GETARG_DATUM(0));
	LtvActivityValue v;
	size_t		size;
	bytea	   *result;

	activity_to_value(a, &v);
	size = ltv_activity_encoded_size(v.nwords);
	result = palloc(VARHDRSZ + size);
	SET_VARSIZE(result, VARHDRSZ + size);
	ltv_activity_encode(&v, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(retention_activity_recv);
Datum
retention_activity_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8 *data = (const uint8 *) buf->data + buf->cursor;
	size_t		len = buf->len - buf->cursor;
	LtvActivityValue v;
	LtvCodecError err;
	RetentionActivity *a;

	ltv_codec_check(ltv_activity_decode_header(data, len, &v, &err), &err,
					ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
	a = activity_from_value(&v);
	v.words = (uint64_t *) a->words;
	ltv_codec_check(ltv_activity_decode(data, len, &v, &err), &err, ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(a);
}

/* ---------- level 1: orders -> activity ---------- */

/*
 * a copy of a with room for the union with periods start_new .. start_new +
 * span - 1; its lead is a's, re-anchored (the caller merges the other side's)
 */
static RetentionActivity *
activity_regrow(const RetentionActivity *a, int64 start_new, int64 span_bits, int64 min_capacity)
{
	RetentionGrid grid;
	int64		words = ltv_bitmap_words(span_bits);
	int64		capacity = Max(words, min_capacity);
	RetentionActivity *result;

	if (capacity > MAX_WORDS)
		capacity = MAX_WORDS;
	retention_activity_grid(a, &grid);
	result = retention_activity_new(&grid, start_new, capacity);
	result->nwords = (int32) words;
	result->lead = retention_union_lead(a->start, a->lead, start_new, RETENTION_NO_PURCHASE, start_new);
	retention_bits_merge(result->words, capacity, start_new, a->words, a->nwords, a->start);
	return result;
}

/*
 * add an order in period k (a purchase when purchase is true) to a, in place
 * when it fits (a is the aggregate's own state), else in a new value
 */
static RetentionActivity *
activity_add_period(RetentionActivity *a, int64 k, bool purchase)
{
	uint64		one = 1;
	int32		k_lead = purchase ? 0 : RETENTION_NO_PURCHASE;
	int64		span;
	RetentionActivity *result;

	if (k >= a->start && k - a->start < RETENTION_ACTIVITY_CAPACITY(a) * 64)
	{
		int64		j = k - a->start;

		a->words[j / 64] |= UINT64_C(1) << (j % 64);
		if (j / 64 + 1 > a->nwords)
			a->nwords = (int32) (j / 64 + 1);
		a->lead = retention_union_lead(a->start, a->lead, k, k_lead, a->start);
		return a;
	}
	span = ltv_activity_union_bits(a->start, (const uint64_t *) a->words, a->nwords, k,
								   (const uint64_t *) &one, 1);
	if (span < 0)
		retention_too_many_periods();
	result = activity_regrow(a, Min(a->start, k), span, 2 * RETENTION_ACTIVITY_CAPACITY(a));
	retention_bits_merge(result->words, RETENTION_ACTIVITY_CAPACITY(result), result->start,
						 &one, 1, k);
	result->lead = retention_union_lead(result->start, result->lead, k, k_lead, result->start);
	return result;
}

/*
 * retention_activity(ordered_at, amount, period [, origin]): transition.
 * NULL time, amount or period: the row is skipped; refunds (amount < 0) too.
 * Zero amounts are kept as periods, activity once a purchase precedes them.
 */
static Datum
activity_transfn(FunctionCallInfo fcinfo, Oid amount_type)
{
	MemoryContext aggcontext;
	RetentionActivity *state = PG_ARGISNULL(0) ? NULL : (RetentionActivity *) PG_GETARG_POINTER(0);
	RetentionGrid grid;
	RetentionOrderKind order_kind;
	int64		k;
	bool		has_origin = PG_NARGS() > 4;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "retention_activity_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || (has_origin && PG_ARGISNULL(4)))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state);
	}
	order_kind = retention_order_kind(PG_GETARG_DATUM(2), amount_type);
	if (order_kind == RETENTION_REFUND)
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state);
	}
	retention_grid_from_args(&grid, get_fn_expr_argtype(fcinfo->flinfo, 1), PG_GETARG_INTERVAL_P(3),
							 has_origin, has_origin ? PG_GETARG_DATUM(4) : (Datum) 0);
	k = retention_period_of(&grid, ltv_time_datum_usecs(PG_GETARG_DATUM(1),
														get_fn_expr_argtype(fcinfo->flinfo, 1),
														"ordered_at"));
	if (state == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(aggcontext);

		state = retention_activity_new(&grid, k, 1);
		state->nwords = 1;
		state->words[0] = 1;
		state->lead = order_kind == RETENTION_PURCHASE ? 0 : RETENTION_NO_PURCHASE;
		MemoryContextSwitchTo(old);
		PG_RETURN_POINTER(state);
	}
	else
	{
		RetentionGrid state_grid;

		retention_activity_grid(state, &state_grid);
		retention_grid_check_same(&state_grid, &grid, "retention activities");
	}
	PG_RETURN_POINTER(activity_add_period(state, k, order_kind == RETENTION_PURCHASE));
}

/*
 * One C entry point per amount type (the SQL type is in the symbol, so no
 * expression tree is needed to know it: Citus' worker_partial_agg has none).
 */
PG_FUNCTION_INFO_V1(retention_activity_transfn);
Datum
retention_activity_transfn(PG_FUNCTION_ARGS)
{
	return activity_transfn(fcinfo, NUMERICOID);
}

PG_FUNCTION_INFO_V1(retention_activity_transfn_float8);
Datum
retention_activity_transfn_float8(PG_FUNCTION_ARGS)
{
	return activity_transfn(fcinfo, FLOAT8OID);
}

PG_FUNCTION_INFO_V1(retention_activity_transfn_float4);
Datum
retention_activity_transfn_float4(PG_FUNCTION_ARGS)
{
	return activity_transfn(fcinfo, FLOAT4OID);
}

PG_FUNCTION_INFO_V1(retention_activity_transfn_int4);
Datum
retention_activity_transfn_int4(PG_FUNCTION_ARGS)
{
	return activity_transfn(fcinfo, INT4OID);
}

PG_FUNCTION_INFO_V1(retention_activity_transfn_int8);
Datum
retention_activity_transfn_int8(PG_FUNCTION_ARGS)
{
	return activity_transfn(fcinfo, INT8OID);
}

/*
 * retention_activity_merge(a, b): the union of two activities of one
 * customer: every period of both, and the earlier first purchase.  The
 * transition and combine function of retention_activity_union and the
 * combine function of retention_activity; updates a in place only when a is
 * the aggregate's own state and b fits into it.  NULL is the empty set (no
 * order with amount >= 0, e.g. a batch of refunds only): the union with it
 * is the other side, so UPDATE ... SET activity = retention_activity_merge(
 * activity, new) never loses a customer's history.
 */
PG_FUNCTION_INFO_V1(retention_activity_merge);
Datum
retention_activity_merge(PG_FUNCTION_ARGS)
{
	RetentionActivity *a;
	RetentionActivity *b;
	bool		own_state;
	RetentionGrid ga,
				gb;
	int64		span;
	RetentionActivity *result;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = DatumGetRetentionActivity(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
	{
		/* in an aggregate: a copy (the executor moves it into the aggregate context) */
		if (!AggCheckCallContext(fcinfo, NULL))
			PG_RETURN_POINTER(b);
		PG_RETURN_POINTER(activity_regrow(b, b->start, (int64) b->nwords * 64, b->nwords));
	}
	a = DatumGetRetentionActivity(PG_GETARG_DATUM(0));
	own_state = AggCheckCallContext(fcinfo, NULL) && (Pointer) a == DatumGetPointer(PG_GETARG_DATUM(0));
	retention_activity_grid(a, &ga);
	retention_activity_grid(b, &gb);
	retention_grid_check_same(&ga, &gb, "retention activities");
	span = ltv_activity_union_bits(a->start, (const uint64_t *) a->words, a->nwords,
								   b->start, (const uint64_t *) b->words, b->nwords);
	if (span < 0)
		retention_too_many_periods();
	if (own_state && b->start >= a->start && span <= RETENTION_ACTIVITY_CAPACITY(a) * 64)
	{
		retention_bits_merge(a->words, RETENTION_ACTIVITY_CAPACITY(a), a->start,
							 b->words, b->nwords, b->start);
		a->nwords = (int32) Max(a->nwords, ltv_bitmap_words(span));
		a->lead = retention_union_lead(a->start, a->lead, b->start, b->lead, a->start);
		PG_RETURN_POINTER(a);
	}
	result = activity_regrow(a, Min(a->start, b->start), span,
							 own_state ? 2 * RETENTION_ACTIVITY_CAPACITY(a) : 0);
	retention_bits_merge(result->words, RETENTION_ACTIVITY_CAPACITY(result), result->start,
						 b->words, b->nwords, b->start);
	result->lead = retention_union_lead(result->start, result->lead, b->start, b->lead, result->start);
	if (!own_state)
	{
		/* a value that leaves the aggregate is exactly as long as it needs */
		SET_VARSIZE(result, RETENTION_ACTIVITY_HEADER + result->nwords * sizeof(uint64));
	}
	PG_RETURN_POINTER(result);
}

/* final function: trim the capacity so stored values carry no slack */
PG_FUNCTION_INFO_V1(retention_activity_final);
Datum
retention_activity_final(PG_FUNCTION_ARGS)
{
	RetentionActivity *a;
	RetentionActivity *copy;
	Size		size;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	a = DatumGetRetentionActivity(PG_GETARG_DATUM(0));
	size = RETENTION_ACTIVITY_HEADER + a->nwords * sizeof(uint64);
	copy = (RetentionActivity *) palloc(size);
	memcpy(copy, a, size);
	SET_VARSIZE(copy, size);
	PG_RETURN_POINTER(copy);
}

/* ---------- accessors ---------- */

PG_FUNCTION_INFO_V1(retention_activity_cohort);
Datum
retention_activity_cohort(PG_FUNCTION_ARGS)
{
	RetentionActivity *a = DatumGetRetentionActivity(PG_GETARG_DATUM(0));
	RetentionGrid grid;

	if (a->lead == RETENTION_NO_PURCHASE)
		PG_RETURN_NULL();
	retention_activity_grid(a, &grid);
	PG_RETURN_TIMESTAMP(retention_start_of(&grid, a->start + a->lead));
}

PG_FUNCTION_INFO_V1(retention_activity_periods);
Datum
retention_activity_periods(PG_FUNCTION_ARGS)
{
	RetentionActivity *a = DatumGetRetentionActivity(PG_GETARG_DATUM(0));
	int64		n = ltv_bitmap_count((const uint64_t *) a->words, a->nwords);
	Datum	   *elems = palloc(Max(n, 1) * sizeof(Datum));
	int64		i,
				j = 0;

	if (a->lead == RETENTION_NO_PURCHASE)
		PG_RETURN_NULL();
	/* the periods from the first purchase on, relative to it */
	for (i = a->lead / 64; i < a->nwords; i++)
	{
		uint64		w = a->words[i];

		if ((i & 0xFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (i == a->lead / 64)
			w &= ~UINT64CONST(0) << (a->lead % 64);
		while (w != 0)
		{
			elems[j++] = Int32GetDatum((int32) (i * 64 + pg_rightmost_one_pos64(w) - a->lead));
			w &= w - 1;
		}
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, (int) j, INT4OID, 4, true, TYPALIGN_INT));
}

/* ---------- retention_rate(customers_at_start, customers_at_end, new_customers) ---------- */

PG_FUNCTION_INFO_V1(retention_rate_counts);
Datum
retention_rate_counts(PG_FUNCTION_ARGS)
{
	int64		s = PG_GETARG_INT64(0);
	int64		e = PG_GETARG_INT64(1);
	int64		n = PG_GETARG_INT64(2);
	double		rate = 0;

	switch (ltv_retention_rate_counts(s, e, n, &rate))
	{
		case LTV_RATE_OK:
			PG_RETURN_FLOAT8(rate);
		case LTV_RATE_NO_START:
			PG_RETURN_NULL();
		case LTV_RATE_NEGATIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("customer counts must not be negative"),
					 errdetail("customers_at_start = " INT64_FORMAT ", customers_at_end = " INT64_FORMAT
							   ", new_customers = " INT64_FORMAT ".", s, e, n),
					 errhint("Pass numbers of customers, 0 or more.")));
			break;
		case LTV_RATE_NEW_EXCEEDS_END:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("new_customers cannot exceed customers_at_end"),
					 errdetail("new_customers = " INT64_FORMAT ", customers_at_end = " INT64_FORMAT ".", n, e),
					 errhint("customers_at_end counts every customer at the end of the period, the new ones included.")));
			break;
		case LTV_RATE_EXCEEDS_START:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("more customers retained than there were at the start"),
					 errdetail("customers_at_end - new_customers = " INT64_FORMAT " exceeds customers_at_start = " INT64_FORMAT ".",
							   e - n, s),
					 errhint("Count customers_at_start at the start of the same period whose end customers_at_end counts.")));
			break;
	}
	pg_unreachable();
}
