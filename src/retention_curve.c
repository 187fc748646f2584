/*
 * retention_curve.c: level-2 retention, retention_rate(activity, as_of [, mode]).
 *
 * The state is the public varlena type retention_curve (so Citus can split
 * the aggregate): the period grid, as_of, the mode and two count arrays,
 * by_offset[d] (customers whose first period is d periods before as_of's)
 * and hits[k] (see src/core/retention.h).  The final function turns it into
 * retention_point[] (k, customers, eligible, retained, rate, incomplete).
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

#include "core/retention_codec.h"
#include "ltv_codec.h"
#include "retention.h"
#include "retention_curve.h"

#define MIN_CAPACITY 8

RetentionCurve *
retention_curve_new(const RetentionGrid *grid, int64 as_of, int64 a, LtvRetentionMode mode,
					int64 capacity)
{
	Size		size = RETENTION_CURVE_HEADER + 2 * capacity * sizeof(int64);
	RetentionCurve *c = (RetentionCurve *) palloc0(size);

	SET_VARSIZE(c, size);
	c->version = RETENTION_FORMAT_VERSION;
	c->kind = grid->kind;
	c->mode = (uint8) mode;
	c->months = grid->unit.months;
	c->days = grid->unit.days;
	c->usecs = grid->unit.usecs;
	c->origin = grid->origin;
	c->as_of = as_of;
	c->a = a;
	c->n = 0;
	c->capacity = capacity;
	return c;
}

static void
curve_grid(const RetentionCurve *c, RetentionGrid *grid)
{
	grid->kind = c->kind;
	grid->unit.months = c->months;
	grid->unit.days = c->days;
	grid->unit.usecs = c->usecs;
	grid->origin = c->origin;
}

/* a copy of c with capacity for at least n points */
static RetentionCurve *
curve_grow(const RetentionCurve *c, int64 capacity)
{
	RetentionGrid grid;
	RetentionCurve *result;

	curve_grid(c, &grid);
	result = retention_curve_new(&grid, c->as_of, c->a, (LtvRetentionMode) c->mode, capacity);
	result->n = c->n;
	memcpy(RETENTION_CURVE_BY_OFFSET(result), RETENTION_CURVE_BY_OFFSET(c), c->n * sizeof(int64));
	memcpy(RETENTION_CURVE_HITS(result), RETENTION_CURVE_HITS(c), c->n * sizeof(int64));
	return result;
}

static void
curve_check_same(const RetentionCurve *x, const RetentionCurve *y)
{
	RetentionGrid gx,
				gy;

	curve_grid(x, &gx);
	curve_grid(y, &gy);
	retention_grid_check_same(&gx, &gy, "retention curves");
	if (x->as_of != y->as_of || x->mode != y->mode)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine retention curves with different as_of or mode"),
				 errhint("Pass the same as_of and mode for every row of a group.")));
}

static void
curve_too_many_customers(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("retention curve counts more customers than a bigint holds"),
			 errhint("Merge each curve once; a curve merged with itself counts its customers twice.")));
}

/*
 * add a customer with first purchase in period first (bit lead of words),
 * growing c when needed; returns c or its larger copy
 */
RetentionCurve *
retention_curve_add(RetentionCurve *c, int64 first, const uint64 *words, int64 nwords, int64 lead)
{
	int64		len = ltv_curve_length(c->a, first);

	if (len < 0)
		retention_too_many_periods();
	if (len > LTV_RETENTION_MAX_POINTS)
		retention_curve_too_long(len);	/* the final function could not return it */
	if (len == 0)
		return c;
	if (len > c->capacity)
		c = curve_grow(c, Max(len, 2 * c->capacity));
	if (len > c->n)
		c->n = len;
	ltv_curve_add((int64_t *) RETENTION_CURVE_BY_OFFSET(c), (int64_t *) RETENTION_CURVE_HITS(c),
				  c->a, first, (const uint64_t *) words, nwords, lead, (LtvRetentionMode) c->mode);
	return c;
}

static int64
as_of_usecs_for(uint8 kind, Datum value, Oid typid)
{
	if (!ltv_is_time_type(typid))
		elog(ERROR, "ltv: as_of of unexpected type %u", typid);
	if (kind == RETENTION_KIND_UTC && typid != TIMESTAMPTZOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("as_of must be a timestamptz for activities built from timestamptz order times"),
				 errhint("Pass as_of as a timestamptz, for example '2024-01-01 00:00+00'::timestamptz.")));
	if (kind == RETENTION_KIND_LOCAL && typid == TIMESTAMPTZOID)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("as_of must be a date or timestamp for activities built from local times"),
				 errhint("Pass as_of as a timestamp, for example now() AT TIME ZONE 'Asia/Tokyo' or '2024-01-01'::timestamp.")));
	return ltv_time_datum_usecs(value, typid, "as_of");
}

/*
 * retention_rate(activity, as_of [, mode]): transition, as_of of type
 * as_of_type.  Rows with a NULL argument, and activities without a purchase,
 * are skipped.
 */
static Datum
curve_transfn(FunctionCallInfo fcinfo, Oid as_of_type)
{
	MemoryContext aggcontext;
	RetentionCurve *state = PG_ARGISNULL(0) ? NULL : (RetentionCurve *) PG_GETARG_POINTER(0);
	RetentionActivity *act;
	RetentionGrid grid;
	LtvRetentionMode mode = LTV_RETENTION_ON;
	int64		as_of;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "retention_curve_transfn called in non-aggregate context");
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || (PG_NARGS() > 3 && PG_ARGISNULL(3)))
	{
		if (state == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(state);
	}
	act = DatumGetRetentionActivity(PG_GETARG_DATUM(1));
	retention_activity_grid(act, &grid);
	if (PG_NARGS() > 3)
		mode = retention_mode_from_text(PG_GETARG_TEXT_PP(3));
	as_of = as_of_usecs_for(grid.kind, PG_GETARG_DATUM(2), as_of_type);
	if (state == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(aggcontext);

		state = retention_curve_new(&grid, as_of, retention_period_of(&grid, as_of), mode, MIN_CAPACITY);
		MemoryContextSwitchTo(old);
	}
	else
	{
		RetentionGrid state_grid;

		curve_grid(state, &state_grid);
		retention_grid_check_same(&state_grid, &grid, "retention activities");
		if (state->as_of != as_of || state->mode != (uint8) mode)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("as_of and mode must be the same for every row of a group"),
					 errhint("Pass constants, or group by as_of.")));
	}
	/* zero-amount orders only: no cohort, counted nowhere */
	if (act->lead == RETENTION_NO_PURCHASE)
		PG_RETURN_POINTER(state);
	PG_RETURN_POINTER(retention_curve_add(state, act->start + act->lead, act->words, act->nwords,
										  act->lead));
}


/*
 * One C entry point per as_of type: Citus' worker_partial_agg calls the
 * transition function without an expression tree to read the type from.
 */
PG_FUNCTION_INFO_V1(retention_curve_transfn_timestamptz);
Datum
retention_curve_transfn_timestamptz(PG_FUNCTION_ARGS)
{
	return curve_transfn(fcinfo, TIMESTAMPTZOID);
}

PG_FUNCTION_INFO_V1(retention_curve_transfn_timestamp);
Datum
retention_curve_transfn_timestamp(PG_FUNCTION_ARGS)
{
	return curve_transfn(fcinfo, TIMESTAMPOID);
}

PG_FUNCTION_INFO_V1(retention_curve_transfn_date);
Datum
retention_curve_transfn_date(PG_FUNCTION_ARGS)
{
	return curve_transfn(fcinfo, DATEOID);
}

/* the symbol of ltv--1.0.sql, for databases not yet updated to 1.1 */
PG_FUNCTION_INFO_V1(retention_curve_transfn);
Datum
retention_curve_transfn(PG_FUNCTION_ARGS)
{
	return curve_transfn(fcinfo, ltv_time_argtype(fcinfo, 2));
}

/*
 * retention_curve_combine(a, b): the combine function of retention_rate
 * (level 2), and a plain function.  Adds b's counts to a, in place when a is
 * the aggregate's own state and has room (it doubles otherwise), so merging
 * n curves is linear.  A NULL argument is no customers: the other side is
 * returned.
 */
PG_FUNCTION_INFO_V1(retention_curve_combine);
Datum
retention_curve_combine(PG_FUNCTION_ARGS)
{
	RetentionCurve *a;
	RetentionCurve *b;
	bool		own_state;
	RetentionCurve *result;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = DatumGetRetentionCurve(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
	{
		/* in an aggregate: a copy (the executor moves it into the aggregate context) */
		if (!AggCheckCallContext(fcinfo, NULL))
			PG_RETURN_POINTER(b);
		PG_RETURN_POINTER(curve_grow(b, Max(b->n, MIN_CAPACITY)));
	}
	a = DatumGetRetentionCurve(PG_GETARG_DATUM(0));
	own_state = AggCheckCallContext(fcinfo, NULL) && (Pointer) a == DatumGetPointer(PG_GETARG_DATUM(0));
	curve_check_same(a, b);
	if (own_state && b->n <= a->capacity)
		result = a;
	else
		result = curve_grow(a, Max(Max(a->n, b->n), own_state ? 2 * a->capacity : 0));
	/*
	 * src/core: the customers of the union (the sum of by_offset) must fit a
	 * bigint; every hit count is at most that, so its sum fits too.
	 */
	if (ltv_curve_merge((int64_t *) RETENTION_CURVE_BY_OFFSET(result), (int64_t *) RETENTION_CURVE_HITS(result),
						result->n, (const int64_t *) RETENTION_CURVE_BY_OFFSET(b),
						(const int64_t *) RETENTION_CURVE_HITS(b), b->n) != 0)
		curve_too_many_customers();
	result->n = Max(result->n, b->n);
	PG_RETURN_POINTER(result);
}

/* the rowtype retention_point of the function's schema */
/* a curve of more points than a result may hold (LTV_RETENTION_MAX_POINTS) */
void
retention_curve_too_long(int64 n)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("retention curve too long to return"),
			 errdetail("The curve has " INT64_FORMAT " periods; a result holds at most %lld points.",
					   n, (long long) LTV_RETENTION_MAX_POINTS),
			 errhint("Use a longer period, or an as_of closer to the orders.")));
}

static TupleDesc
point_tupdesc(FunctionCallInfo fcinfo, Oid *typid)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);

	*typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("retention_point"),
							 ObjectIdGetDatum(nsp));
	if (!OidIsValid(*typid))
		elog(ERROR, "ltv: type retention_point is missing");
	return lookup_rowtype_tupdesc_copy(*typid, -1);
}

Datum
retention_points_array(FunctionCallInfo fcinfo, const int64 *by_offset, const int64 *hits,
					   int64 n, LtvRetentionMode mode)
{
	LtvRetentionPoint *points;
	Datum	   *elems;
	Oid			typid;
	TupleDesc	tupdesc;
	int64		k;

	if (n > LTV_RETENTION_MAX_POINTS)
		retention_curve_too_long(n);
	points = palloc(Max(n, 1) * sizeof(LtvRetentionPoint));
	elems = palloc(Max(n, 1) * sizeof(Datum));
	tupdesc = point_tupdesc(fcinfo, &typid);
	ltv_curve_points((const int64_t *) by_offset, (const int64_t *) hits, n, mode, points);
	for (k = 0; k < n; k++)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};
		HeapTuple	tuple;

		if ((k & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();

		values[0] = Int32GetDatum((int32) points[k].k);
		values[1] = Int64GetDatum(points[k].customers);
		values[2] = Int64GetDatum(points[k].eligible);
		values[3] = Int64GetDatum(points[k].retained);
		values[4] = Float8GetDatum(points[k].rate);
		nulls[4] = !points[k].has_rate;
		values[5] = BoolGetDatum(points[k].incomplete);
		tuple = heap_form_tuple(tupdesc, values, nulls);
		elems[k] = heap_copy_tuple_as_datum(tuple, tupdesc);
		heap_freetuple(tuple);
	}
	return PointerGetDatum(construct_array(elems, (int) n, typid, -1, false, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(retention_curve_final);
Datum
retention_curve_final(PG_FUNCTION_ARGS)
{
	RetentionCurve *c;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	c = DatumGetRetentionCurve(PG_GETARG_DATUM(0));
	return retention_points_array(fcinfo, RETENTION_CURVE_BY_OFFSET(c), RETENTION_CURVE_HITS(c),
								  c->n, (LtvRetentionMode) c->mode);
}

/* ---------- type I/O: src/core/retention_codec.c ---------- */

StaticAssertDecl(RETENTION_FORMAT_VERSION == LTV_CURVE_FORMAT_VERSION,
				 "retention_curve version differs from the codec's");

static void
curve_to_value(RetentionCurve *c, LtvCurveValue *v)
{
	v->version = c->version;
	v->kind = c->kind;
	v->mode = c->mode;
	v->unit.months = c->months;
	v->unit.days = c->days;
	v->unit.usecs = c->usecs;
	v->origin = c->origin;
	v->as_of = c->as_of;
	v->a = c->a;
	v->n = c->n;
	v->by_offset = (int64_t *) RETENTION_CURVE_BY_OFFSET(c);
	v->hits = (int64_t *) RETENTION_CURVE_HITS(c);
}

/* a datum with v's header and room for v->n periods */
static RetentionCurve *
curve_from_value(const LtvCurveValue *v)
{
	RetentionGrid grid;
	RetentionCurve *c;

	grid.kind = v->kind;
	grid.unit = v->unit;
	grid.origin = v->origin;
	c = retention_curve_new(&grid, v->as_of, v->a, (LtvRetentionMode) v->mode, Max(v->n, 1));
	c->mode = v->mode;
	c->n = v->n;
	return c;
}

PG_FUNCTION_INFO_V1(retention_curve_in);
Datum
retention_curve_in(PG_FUNCTION_ARGS)
{
	const char *text = PG_GETARG_CSTRING(0);
	LtvCurveValue v;
	LtvCodecError err;
	RetentionCurve *c;

	/* two passes over the text: its length, then the counts */
	v.by_offset = v.hits = NULL;
	ltv_codec_check(ltv_curve_parse(text, &v, &err), &err, ERRCODE_INVALID_TEXT_REPRESENTATION, text);
	c = curve_from_value(&v);
	curve_to_value(c, &v);
	ltv_codec_check(ltv_curve_parse(text, &v, &err), &err, ERRCODE_INVALID_TEXT_REPRESENTATION, text);
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(retention_curve_out);
Datum
retention_curve_out(PG_FUNCTION_ARGS)
{
	RetentionCurve *c = DatumGetRetentionCurve(PG_GETARG_DATUM(0));
	LtvCurveValue v;
	char	   *text;

	curve_to_value(c, &v);
	text = palloc(ltv_curve_text_size(v.n));
	ltv_curve_format(&v, text);
	PG_RETURN_CSTRING(text);
}

PG_FUNCTION_INFO_V1(retention_curve_send);
Datum
retention_curve_send(PG_FUNCTION_ARGS)
{
	RetentionCurve *c = DatumGetRetentionCurve(PG_GETARG_DATUM(0));
	LtvCurveValue v;
	size_t		size;
	bytea	   *result;

	curve_to_value(c, &v);
	size = ltv_curve_encoded_size(v.n);
	result = palloc(VARHDRSZ + size);
	SET_VARSIZE(result, VARHDRSZ + size);
	ltv_curve_encode(&v, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(retention_curve_recv);
Datum
retention_curve_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8 *data = (const uint8 *) buf->data + buf->cursor;
	size_t		len = buf->len - buf->cursor;
	LtvCurveValue v;
	LtvCodecError err;
	RetentionCurve *c;

	ltv_codec_check(ltv_curve_decode_header(data, len, &v, &err), &err,
					ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
	c = curve_from_value(&v);
	curve_to_value(c, &v);
	ltv_codec_check(ltv_curve_decode(data, len, &v, &err), &err, ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(c);
}
