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
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

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
	int64	   *ra,
			   *rb;
	int64		k;
	int64		total = 0;

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
	 * The customers of the union (the sum of by_offset) must fit a bigint;
	 * every hit count is at most that, so its sum fits too.
	 */
	ra = RETENTION_CURVE_BY_OFFSET(result);
	rb = RETENTION_CURVE_BY_OFFSET(b);
	for (k = 0; k < result->n; k++)
	{
		if (pg_add_s64_overflow(total, ra[k], &total))
			curve_too_many_customers();
	}
	for (k = 0; k < b->n; k++)
	{
		if (pg_add_s64_overflow(total, rb[k], &total) ||
			pg_add_s64_overflow(ra[k], rb[k], &ra[k]))
			curve_too_many_customers();
	}
	ra = RETENTION_CURVE_HITS(result);
	rb = RETENTION_CURVE_HITS(b);
	for (k = 0; k < b->n; k++)
	{
		if (pg_add_s64_overflow(ra[k], rb[k], &ra[k]))
			curve_too_many_customers();
	}
	result->n = Max(result->n, b->n);
	PG_RETURN_POINTER(result);
}

/* the rowtype retention_point of the function's schema */
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
	LtvRetentionPoint *points = palloc(Max(n, 1) * sizeof(LtvRetentionPoint));
	Datum	   *elems = palloc(Max(n, 1) * sizeof(Datum));
	Oid			typid;
	TupleDesc	tupdesc = point_tupdesc(fcinfo, &typid);
	int64		k;

	ltv_curve_points((const int64_t *) by_offset, (const int64_t *) hits, n, mode, points);
	for (k = 0; k < n; k++)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		values[0] = Int32GetDatum((int32) points[k].k);
		values[1] = Int64GetDatum(points[k].customers);
		values[2] = Int64GetDatum(points[k].eligible);
		values[3] = Int64GetDatum(points[k].retained);
		values[4] = Float8GetDatum(points[k].rate);
		nulls[4] = !points[k].has_rate;
		values[5] = BoolGetDatum(points[k].incomplete);
		elems[k] = heap_copy_tuple_as_datum(heap_form_tuple(tupdesc, values, nulls), tupdesc);
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

/* ---------- type I/O ---------- */

static void
curve_validate(const RetentionCurve *c, int errcode_value)
{
	LtvUnit		unit = {c->months, c->days, c->usecs};
	const int64 *by_offset = RETENTION_CURVE_BY_OFFSET(c);
	const int64 *hits = RETENTION_CURVE_HITS(c);
	int64		eligible = 0;
	int64		retained_after = 0;
	int64_t		a;
	int64		k;

	if (c->version != RETENTION_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(errcode_value),
				 errmsg("unsupported retention_curve format version %d", c->version),
				 errhint("This build of ltv reads version %d.", RETENTION_FORMAT_VERSION)));
	if ((c->kind != RETENTION_KIND_LOCAL && c->kind != RETENTION_KIND_UTC) ||
		(c->mode != LTV_RETENTION_ON && c->mode != LTV_RETENTION_ON_OR_AFTER) ||
		!ltv_unit_is_valid(&unit) || !ltv_timestamp_in_range(c->origin) ||
		!ltv_timestamp_in_range(c->as_of) ||
		ltv_period_index(c->as_of, c->origin, &unit, &a) != LTV_PERIOD_OK || a != c->a)
		ereport(ERROR,
				(errcode(errcode_value),
				 errmsg("invalid retention_curve: bad time kind, mode, period, origin or as_of")));
	if (c->n < 0 || c->n > LTV_RETENTION_MAX_PERIODS || c->n > c->capacity ||
		(c->n > 0 && by_offset[c->n - 1] == 0))
		ereport(ERROR,
				(errcode(errcode_value),
				 errmsg("invalid retention_curve: bad number of periods " INT64_FORMAT, c->n)));
	/*
	 * counts are >= 0, no k retains more customers than were eligible, and
	 * the number of customers (the sum of by_offset) fits a bigint
	 */
	for (k = c->n - 1; k >= 0; k--)
	{
		if (by_offset[k] < 0 || hits[k] < 0 ||
			hits[k] > eligible - (c->mode == LTV_RETENTION_ON ? 0 : retained_after))
			ereport(ERROR,
					(errcode(errcode_value),
					 errmsg("invalid retention_curve: inconsistent counts at k = " INT64_FORMAT, k)));
		if (c->mode != LTV_RETENTION_ON)
			retained_after += hits[k];	/* <= eligible */
		if (pg_add_s64_overflow(eligible, by_offset[k], &eligible))
			ereport(ERROR,
					(errcode(errcode_value),
					 errmsg("invalid retention_curve: more customers than a bigint holds")));
	}
}

static const char *
curve_parse_list(const char *p, const char *name, int64 *out, int64 n, int64 *count)
{
	int64		i = 0;

	if (strncmp(p, name, strlen(name)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type retention_curve: expected \"%s\" at \"%s\"", name, p)));
	p += strlen(name);
	while (*p != '\0' && *p != ' ')
	{
		char	   *end;
		long long	v = 0;

		errno = 0;
		if (*p >= '0' && *p <= '9')
			v = strtoll(p, &end, 10);
		else
			end = (char *) p;
		if (end == p || errno != 0 || i >= LTV_RETENTION_MAX_PERIODS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type retention_curve: expected a count at \"%s\"", p)));
		if (out != NULL && i < n)
			out[i] = v;
		i++;
		p = end;
		if (*p == ',')
		{
			p++;
			if (*p == '\0' || *p == ' ')
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
						 errmsg("invalid input syntax for type retention_curve: trailing comma")));
		}
		else if (*p != '\0' && *p != ' ')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type retention_curve: unexpected \"%c\"", *p)));
	}
	*count = i;
	return p;
}

PG_FUNCTION_INFO_V1(retention_curve_in);
Datum
retention_curve_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	int			version,
				consumed = 0;
	char		kind[8],
				mode[16];
	int			months,
				days;
	long long	usecs,
				origin,
				as_of;
	const char *p;
	const char *lists;
	int64		n1,
				n2;
	RetentionGrid grid;
	RetentionCurve *c;
	int64_t		a;

	if (sscanf(str, "v%d %7s months=%d days=%d usecs=%lld origin=%lld as_of=%lld mode=%15s %n",
			   &version, kind, &months, &days, &usecs, &origin, &as_of, mode, &consumed) != 8 ||
		consumed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type retention_curve: \"%s\"", str),
				 errhint("The form is: v1 utc|local months=M days=D usecs=U origin=O as_of=T mode=on|on_or_after by_offset=c0,c1,... hits=h0,h1,...")));
	if (version != RETENTION_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("unsupported retention_curve format version %d", version),
				 errhint("This build of ltv reads version %d.", RETENTION_FORMAT_VERSION)));
	if (strcmp(kind, "utc") != 0 && strcmp(kind, "local") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type retention_curve: time kind \"%s\"", kind)));
	grid.kind = strcmp(kind, "utc") == 0 ? RETENTION_KIND_UTC : RETENTION_KIND_LOCAL;
	grid.unit.months = months;
	grid.unit.days = days;
	grid.unit.usecs = usecs;
	grid.origin = origin;
	if (strcmp(mode, "on") != 0 && strcmp(mode, "on_or_after") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type retention_curve: mode \"%s\"", mode)));
	if (!ltv_unit_is_valid(&grid.unit) || !ltv_timestamp_in_range(origin) ||
		!ltv_timestamp_in_range(as_of) ||
		ltv_period_index(as_of, origin, &grid.unit, &a) != LTV_PERIOD_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid retention_curve: bad period, origin or as_of")));
	lists = str + consumed;
	p = curve_parse_list(lists, "by_offset=", NULL, 0, &n1);
	if (*p != ' ')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type retention_curve: expected \" hits=\"")));
	p = curve_parse_list(p + 1, "hits=", NULL, 0, &n2);
	if (*p != '\0' || n1 != n2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type retention_curve: by_offset and hits differ in length or trailing text")));
	c = retention_curve_new(&grid, as_of, a,
							strcmp(mode, "on") == 0 ? LTV_RETENTION_ON : LTV_RETENTION_ON_OR_AFTER,
							Max(n1, 1));
	c->n = n1;
	p = curve_parse_list(lists, "by_offset=", RETENTION_CURVE_BY_OFFSET(c), n1, &n1);
	curve_parse_list(p + 1, "hits=", RETENTION_CURVE_HITS(c), n1, &n2);
	curve_validate(c, ERRCODE_INVALID_TEXT_REPRESENTATION);
	PG_RETURN_POINTER(c);
}

PG_FUNCTION_INFO_V1(retention_curve_out);
Datum
retention_curve_out(PG_FUNCTION_ARGS)
{
	RetentionCurve *c = DatumGetRetentionCurve(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		k;

	initStringInfo(&buf);
	appendStringInfo(&buf, "v%d %s months=%d days=%d usecs=" INT64_FORMAT " origin=" INT64_FORMAT
					 " as_of=" INT64_FORMAT " mode=%s by_offset=",
					 c->version, c->kind == RETENTION_KIND_UTC ? "utc" : "local",
					 c->months, c->days, c->usecs, c->origin, c->as_of,
					 retention_mode_name((LtvRetentionMode) c->mode));
	for (k = 0; k < c->n; k++)
		appendStringInfo(&buf, k == 0 ? INT64_FORMAT : "," INT64_FORMAT, RETENTION_CURVE_BY_OFFSET(c)[k]);
	appendStringInfoString(&buf, " hits=");
	for (k = 0; k < c->n; k++)
		appendStringInfo(&buf, k == 0 ? INT64_FORMAT : "," INT64_FORMAT, RETENTION_CURVE_HITS(c)[k]);
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(retention_curve_send);
Datum
retention_curve_send(PG_FUNCTION_ARGS)
{
	RetentionCurve *c = DatumGetRetentionCurve(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		k;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, c->version);
	pq_sendbyte(&buf, c->kind);
	pq_sendbyte(&buf, c->mode);
	pq_sendint32(&buf, c->months);
	pq_sendint32(&buf, c->days);
	pq_sendint64(&buf, c->usecs);
	pq_sendint64(&buf, c->origin);
	pq_sendint64(&buf, c->as_of);
	pq_sendint64(&buf, c->n);
	for (k = 0; k < c->n; k++)
		pq_sendint64(&buf, RETENTION_CURVE_BY_OFFSET(c)[k]);
	for (k = 0; k < c->n; k++)
		pq_sendint64(&buf, RETENTION_CURVE_HITS(c)[k]);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(retention_curve_recv);
Datum
retention_curve_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RetentionGrid grid;
	int			version,
				mode;
	int64		as_of,
				n,
				k;
	int64_t		a;
	RetentionCurve *c;

	version = pq_getmsgbyte(buf);
	if (version != RETENTION_FORMAT_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported retention_curve format version %d", version),
				 errhint("This build of ltv reads version %d.", RETENTION_FORMAT_VERSION)));
	grid.kind = pq_getmsgbyte(buf);
	mode = pq_getmsgbyte(buf);
	grid.unit.months = pq_getmsgint(buf, 4);
	grid.unit.days = pq_getmsgint(buf, 4);
	grid.unit.usecs = pq_getmsgint64(buf);
	grid.origin = pq_getmsgint64(buf);
	as_of = pq_getmsgint64(buf);
	n = pq_getmsgint64(buf);
	if (n < 0 || n > LTV_RETENTION_MAX_PERIODS || (buf->len - buf->cursor) != n * 16)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid retention_curve: " INT64_FORMAT " periods with %d bytes left",
						n, buf->len - buf->cursor)));
	if (!ltv_unit_is_valid(&grid.unit) || !ltv_timestamp_in_range(grid.origin) ||
		!ltv_timestamp_in_range(as_of) ||
		ltv_period_index(as_of, grid.origin, &grid.unit, &a) != LTV_PERIOD_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid retention_curve: bad period, origin or as_of")));
	c = retention_curve_new(&grid, as_of, a, (LtvRetentionMode) mode, Max(n, 1));
	c->mode = (uint8) mode;
	c->n = n;
	for (k = 0; k < n; k++)
		RETENTION_CURVE_BY_OFFSET(c)[k] = pq_getmsgint64(buf);
	for (k = 0; k < n; k++)
		RETENTION_CURVE_HITS(c)[k] = pq_getmsgint64(buf);
	curve_validate(c, ERRCODE_INVALID_BINARY_REPRESENTATION);
	PG_RETURN_POINTER(c);
}
