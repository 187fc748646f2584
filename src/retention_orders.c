/*
 * retention_orders.c: the one-shot aggregates over raw orders,
 *
 *   retention_rate(customer_id, ordered_at, amount, period, as_of [, mode [, origin]])
 *   retention_triangle(customer_id, ordered_at, amount, period, as_of [, mode [, origin]])
 *
 * Both group by customer internally: the state is a hash table from
 * customer_id (any type with a hash opclass) to that customer's periods and
 * first purchase, the same content as a retention_activity.  Orders after
 * as_of and refunds are skipped; customers without a purchase (zero amounts
 * only) are kept until the end and then counted nowhere.  The state is `internal` with
 * serialize/deserialize/combine; each state owns a memory context (a child of
 * the aggregate context) so a merged right-hand state is freed at once.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "retention.h"
#include "retention_curve.h"

#define ORDERS_STATE_VERSION 2

typedef struct CustomerEntry
{
	Datum		key;
	uint32		hash;
	char		status;
	int32		nwords;			/* meaningful words */
	int32		capacity;		/* words available; 1: the inline word */
	int32		lead;			/* first purchase: period start + lead, or RETENTION_NO_PURCHASE */
	int64		start;			/* the period of bit 0 */
	union
	{
		uint64		inline_word;	/* while capacity == 1 */
		uint64	   *words;		/* capacity > 1 */
	}			bits;
} CustomerEntry;				/* 48 bytes on 64-bit platforms */

struct OrdersState;
static uint32 customer_hash(struct OrdersState *state, Datum key);
static bool customer_equal(struct OrdersState *state, Datum a, Datum b);

#define SH_PREFIX custhash
#define SH_ELEMENT_TYPE CustomerEntry
#define SH_KEY_TYPE Datum
#define SH_KEY key
#define SH_HASH_KEY(tb, k) customer_hash((struct OrdersState *) (tb)->private_data, k)
#define SH_EQUAL(tb, a, b) customer_equal((struct OrdersState *) (tb)->private_data, a, b)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) a->hash
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

typedef struct OrdersState
{
	MemoryContext context;
	RetentionGrid grid;
	Interval	period;			/* as given, to check that every row passes the same */
	int64		as_of;
	int64		a;
	LtvRetentionMode mode;
	Oid			key_type;
	int16		key_len;
	bool		key_byval;
	bool		key_fast;		/* int2/int4/int8/oid: hash and compare the Datum */
	Oid			collation;
	bool		fns_ready;
	FmgrInfo	hash_fn;
	FmgrInfo	eq_fn;
	custhash_hash *table;		/* NULL while the state is flat (just deserialized) */
	struct FlatCustomer *flat;
	int64		nflat;
} OrdersState;

/* a deserialized state is first kept as a flat array: combining it costs one hash insert per customer */
typedef struct FlatCustomer
{
	Datum		key;
	int64		start;
	int32		lead;
	int32		nwords;
	uint64	   *words;
} FlatCustomer;

static inline uint32
mix64(uint64 x)
{
	x ^= x >> 33;
	x *= UINT64CONST(0xff51afd7ed558ccd);
	x ^= x >> 33;
	x *= UINT64CONST(0xc4ceb9fe1a85ec53);
	x ^= x >> 33;
	return (uint32) x;
}

static void
key_functions(OrdersState *state)
{
	TypeCacheEntry *tc;

	if (state->fns_ready || state->key_fast)
		return;
	tc = lookup_type_cache(state->key_type, TYPECACHE_HASH_PROC_FINFO | TYPECACHE_EQ_OPR_FINFO);
	if (!OidIsValid(tc->hash_proc_finfo.fn_oid) || !OidIsValid(tc->eq_opr_finfo.fn_oid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("customer_id of type %s cannot be hashed", format_type_be(state->key_type)),
				 errhint("Use a customer_id type with a hash operator class, such as bigint, text or uuid.")));
	fmgr_info_copy(&state->hash_fn, &tc->hash_proc_finfo, state->context);
	fmgr_info_copy(&state->eq_fn, &tc->eq_opr_finfo, state->context);
	state->fns_ready = true;
}

static uint32
customer_hash(OrdersState *state, Datum key)
{
	if (state->key_fast)
		return mix64((uint64) key);
	return DatumGetUInt32(FunctionCall1Coll(&state->hash_fn, state->collation, key));
}

static bool
customer_equal(OrdersState *state, Datum a, Datum b)
{
	if (state->key_fast)
		return a == b;
	return DatumGetBool(FunctionCall2Coll(&state->eq_fn, state->collation, a, b));
}

static OrdersState *
orders_state_new(MemoryContext parent, const RetentionGrid *grid, int64 as_of,
				 LtvRetentionMode mode, Oid key_type, Oid collation, uint32 size)
{
	MemoryContext context = AllocSetContextCreate(parent, "ltv retention orders",
												  ALLOCSET_START_SMALL_SIZES);
	OrdersState *state = MemoryContextAllocZero(context, sizeof(OrdersState));

	state->context = context;
	state->grid = *grid;
	state->as_of = as_of;
	state->a = retention_period_of(grid, as_of);
	state->mode = mode;
	state->key_type = key_type;
	get_typlenbyval(key_type, &state->key_len, &state->key_byval);
	state->key_fast = key_type == INT8OID || key_type == INT4OID || key_type == INT2OID ||
		key_type == OIDOID;
	state->collation = OidIsValid(collation) ? collation : DEFAULT_COLLATION_OID;
	key_functions(state);
	if (size > 0)
		state->table = custhash_create(context, size, state);
	return state;
}

static inline uint64 *
entry_words(CustomerEntry *e)
{
	return e->capacity == 1 ? &e->bits.inline_word : e->bits.words;
}

/* merge periods src_start + j (bits of src, first purchase at src_lead) into the customer */
static void
entry_merge(OrdersState *state, CustomerEntry *e, int64 src_start, int32 src_lead,
			const uint64 *src, int64 src_words)
{
	uint64	   *words = entry_words(e);
	int64		span = ltv_activity_union_bits(e->start, (const uint64_t *) words, e->nwords,
											   src_start, (const uint64_t *) src, src_words);
	int64		need;
	int64		capacity;
	uint64	   *grown;
	int64		start;

	if (span < 0)
		retention_too_many_periods();
	need = ltv_bitmap_words(span);
	if (src_start >= e->start && need <= e->capacity)
	{
		retention_bits_merge(words, e->capacity, e->start, src, src_words, src_start);
		e->nwords = (int32) Max(e->nwords, need);
		e->lead = retention_union_lead(e->start, e->lead, src_start, src_lead, e->start);
		return;
	}
	capacity = Max(need, 2 * (int64) e->capacity);
	start = Min(e->start, src_start);
	grown = MemoryContextAllocZero(state->context, capacity * sizeof(uint64));
	retention_bits_merge(grown, capacity, start, words, e->nwords, e->start);
	retention_bits_merge(grown, capacity, start, src, src_words, src_start);
	if (e->capacity > 1)
		pfree(e->bits.words);
	e->bits.words = grown;
	e->capacity = (int32) capacity;
	e->nwords = (int32) need;
	e->lead = retention_union_lead(e->start, e->lead, src_start, src_lead, start);
	e->start = start;
}

static void
orders_add(OrdersState *state, Datum key, int64 start, int32 lead, const uint64 *words,
		   int64 nwords, bool copy_key)
{
	bool		found;
	CustomerEntry *e = custhash_insert(state->table, key, &found);

	if (!found)
	{
		if (copy_key && !state->key_byval)
			e->key = datumCopy(key, false, state->key_len);
		e->start = start;
		e->lead = lead;
		e->capacity = 1;
		e->nwords = 1;
		e->bits.inline_word = 1;
		if (nwords == 1 && words[0] == 1)
			return;
	}
	entry_merge(state, e, start, lead, words, nwords);
}

/* give a flat (deserialized) state its hash table */
static void
orders_materialize(OrdersState *state)
{
	MemoryContext old;
	int64		i;

	if (state->table != NULL)
		return;
	old = MemoryContextSwitchTo(state->context);
	state->table = custhash_create(state->context, (uint32) Min(Max(state->nflat, 16), PG_INT32_MAX / 2),
								   state);
	for (i = 0; i < state->nflat; i++)
	{
		FlatCustomer *f = &state->flat[i];

		CHECK_FOR_INTERRUPTS();
		orders_add(state, f->key, f->start, f->lead, f->words, f->nwords, false);
	}
	MemoryContextSwitchTo(old);
}

/*
 * Transition: (state, customer_id, ordered_at, amount, period, as_of [, mode [, origin]]).
 * Rows with a NULL argument, refunds and orders after as_of are skipped.
 * Zero amounts are kept as periods: activity from the first purchase on.
 */
static Datum
orders_transfn(FunctionCallInfo fcinfo, Oid amount_type)
{
	MemoryContext aggcontext;
	OrdersState *state = PG_ARGISNULL(0) ? NULL : (OrdersState *) PG_GETARG_POINTER(0);
	int			nargs = PG_NARGS();
	int			i;
	Oid			time_type;
	int64		ts;
	int64		k;
	uint64		one = 1;
	RetentionOrderKind order_kind;
	Interval   *period;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "retention_orders_transfn called in non-aggregate context");
	for (i = 1; i < nargs; i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_POINTER(state);
	time_type = get_fn_expr_argtype(fcinfo->flinfo, 2);
	period = PG_GETARG_INTERVAL_P(4);
	if (state == NULL)
	{
		RetentionGrid grid;
		LtvRetentionMode mode = nargs > 6 ? retention_mode_from_text(PG_GETARG_TEXT_PP(6))
			: LTV_RETENTION_ON;

		retention_grid_from_args(&grid, time_type, period, nargs > 7,
								 nargs > 7 ? PG_GETARG_DATUM(7) : (Datum) 0);
		state = orders_state_new(aggcontext, &grid,
								 ltv_time_datum_usecs(PG_GETARG_DATUM(5), time_type, "as_of"),
								 mode, get_fn_expr_argtype(fcinfo->flinfo, 1),
								 PG_GET_COLLATION(), 64);
		state->period = *period;
	}
	else if (memcmp(period, &state->period, sizeof(Interval)) != 0 ||
			 ltv_time_datum_usecs(PG_GETARG_DATUM(5), time_type, "as_of") != state->as_of ||
			 (nargs > 6 && retention_mode_from_text(PG_GETARG_TEXT_PP(6)) != state->mode) ||
			 (nargs > 7 && ltv_time_datum_usecs(PG_GETARG_DATUM(7), time_type, "origin") != state->grid.origin))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period, as_of, mode and origin must be the same for every row of a group"),
				 errhint("Pass constants, or group by them.")));

	ts = ltv_time_datum_usecs(PG_GETARG_DATUM(2), time_type, "ordered_at");
	if (ts > state->as_of)
		PG_RETURN_POINTER(state);
	order_kind = retention_order_kind(PG_GETARG_DATUM(3), amount_type);
	if (order_kind == RETENTION_REFUND)
		PG_RETURN_POINTER(state);
	k = retention_period_of(&state->grid, ts);
	{
		MemoryContext old = MemoryContextSwitchTo(state->context);

		Datum		key = PG_GETARG_DATUM(1);

		/* store keys detoasted (short headers are fine) */
		if (state->key_len == -1)
			key = PointerGetDatum(PG_DETOAST_DATUM_PACKED(key));
		orders_add(state, key, k, order_kind == RETENTION_PURCHASE ? 0 : RETENTION_NO_PURCHASE,
				   &one, 1, true);
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_POINTER(state);
}

/*
 * One C entry point per amount type (the SQL type is in the symbol, so no
 * expression tree is needed to know it: Citus' worker_partial_agg has none).
 */
PG_FUNCTION_INFO_V1(retention_orders_transfn);
Datum
retention_orders_transfn(PG_FUNCTION_ARGS)
{
	return orders_transfn(fcinfo, NUMERICOID);
}

PG_FUNCTION_INFO_V1(retention_orders_transfn_float8);
Datum
retention_orders_transfn_float8(PG_FUNCTION_ARGS)
{
	return orders_transfn(fcinfo, FLOAT8OID);
}

PG_FUNCTION_INFO_V1(retention_orders_transfn_float4);
Datum
retention_orders_transfn_float4(PG_FUNCTION_ARGS)
{
	return orders_transfn(fcinfo, FLOAT4OID);
}

PG_FUNCTION_INFO_V1(retention_orders_transfn_int4);
Datum
retention_orders_transfn_int4(PG_FUNCTION_ARGS)
{
	return orders_transfn(fcinfo, INT4OID);
}

PG_FUNCTION_INFO_V1(retention_orders_transfn_int8);
Datum
retention_orders_transfn_int8(PG_FUNCTION_ARGS)
{
	return orders_transfn(fcinfo, INT8OID);
}

/* ---------- parallel: serialize, deserialize, combine ---------- */

PG_FUNCTION_INFO_V1(retention_orders_serialize);
Datum
retention_orders_serialize(PG_FUNCTION_ARGS)
{
	OrdersState *state = (OrdersState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	custhash_iterator it;
	CustomerEntry *e;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "retention_orders_serialize called in non-aggregate context");
	orders_materialize(state);
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, ORDERS_STATE_VERSION);
	pq_sendbyte(&buf, state->grid.kind);
	pq_sendbyte(&buf, (int) state->mode);
	pq_sendint32(&buf, state->grid.unit.months);
	pq_sendint32(&buf, state->grid.unit.days);
	pq_sendint64(&buf, state->grid.unit.usecs);
	pq_sendint64(&buf, state->grid.origin);
	pq_sendint64(&buf, state->as_of);
	pq_sendint32(&buf, state->key_type);
	pq_sendint32(&buf, state->collation);
	pq_sendint64(&buf, state->table->members);
	custhash_start_iterate(state->table, &it);
	while ((e = custhash_iterate(state->table, &it)) != NULL)
	{
		uint64	   *words = entry_words(e);
		Size		key_size = datumEstimateSpace(e->key, false, state->key_byval, state->key_len);
		char	   *dst;
		int32		i;

		pq_sendint64(&buf, e->start);
		pq_sendint32(&buf, e->lead);
		pq_sendint32(&buf, e->nwords);
		for (i = 0; i < e->nwords; i++)
			pq_sendint64(&buf, (int64) words[i]);
		pq_sendint32(&buf, (int32) key_size);
		enlargeStringInfo(&buf, (int) key_size);
		dst = buf.data + buf.len;
		datumSerialize(e->key, false, state->key_byval, state->key_len, &dst);
		buf.len += (int) key_size;
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(retention_orders_deserialize);
Datum
retention_orders_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	MemoryContext aggcontext;
	StringInfoData buf;
	RetentionGrid grid;
	LtvRetentionMode mode;
	int64		as_of;
	Oid			key_type,
				collation;
	int64		members,
				i;
	OrdersState *state;
	MemoryContext old;
	uint64	   *all_words;
	int64		used_words = 0;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "retention_orders_deserialize called in non-aggregate context");
	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (pq_getmsgbyte(&buf) != ORDERS_STATE_VERSION)
		elog(ERROR, "ltv: unexpected retention state version");
	grid.kind = pq_getmsgbyte(&buf);
	mode = (LtvRetentionMode) pq_getmsgbyte(&buf);
	grid.unit.months = pq_getmsgint(&buf, 4);
	grid.unit.days = pq_getmsgint(&buf, 4);
	grid.unit.usecs = pq_getmsgint64(&buf);
	grid.origin = pq_getmsgint64(&buf);
	as_of = pq_getmsgint64(&buf);
	key_type = pq_getmsgint(&buf, 4);
	collation = pq_getmsgint(&buf, 4);
	members = pq_getmsgint64(&buf);
	if ((grid.kind != RETENTION_KIND_LOCAL && grid.kind != RETENTION_KIND_UTC) ||
		(mode != LTV_RETENTION_ON && mode != LTV_RETENTION_ON_OR_AFTER) ||
		!ltv_unit_is_valid(&grid.unit) || members < 0 || members > buf.len)
		elog(ERROR, "ltv: invalid serialized retention state");

	/* lives in the aggregate context: the combine function adopts or frees it */
	state = orders_state_new(aggcontext, &grid, as_of, mode, key_type, collation, 0);
	old = MemoryContextSwitchTo(state->context);
	state->flat = MemoryContextAllocHuge(state->context, Max(members, 1) * sizeof(FlatCustomer));
	/* every word is 8 bytes of the message, so the message bounds their number */
	all_words = MemoryContextAllocHuge(state->context, Max(buf.len / 8, 1) * sizeof(uint64));
	for (i = 0; i < members; i++)
	{
		FlatCustomer *f = &state->flat[i];
		int32		j;
		int32		key_size;
		char	   *src;
		bool		isnull;

		f->start = pq_getmsgint64(&buf);
		f->lead = pq_getmsgint(&buf, 4);
		f->nwords = pq_getmsgint(&buf, 4);
		if (f->nwords < 1 || f->nwords > (buf.len - buf.cursor) / 8)
			elog(ERROR, "ltv: invalid serialized retention state");
		f->words = all_words + used_words;
		used_words += f->nwords;
		for (j = 0; j < f->nwords; j++)
			f->words[j] = (uint64) pq_getmsgint64(&buf);
		if ((f->words[0] & 1) == 0 || f->words[f->nwords - 1] == 0 ||
			(f->lead != RETENTION_NO_PURCHASE &&
			 (f->lead < 0 || f->lead >= (int64) f->nwords * 64 ||
			  (f->words[f->lead / 64] & (UINT64CONST(1) << (f->lead % 64))) == 0)))
			elog(ERROR, "ltv: invalid serialized retention state");
		key_size = pq_getmsgint(&buf, 4);
		if (key_size < 0 || key_size > buf.len - buf.cursor)
			elog(ERROR, "ltv: invalid serialized retention state");
		src = buf.data + buf.cursor;
		f->key = datumRestore(&src, &isnull);
		if (isnull || src != buf.data + buf.cursor + key_size)
			elog(ERROR, "ltv: invalid serialized retention state");
		buf.cursor += key_size;
	}
	state->nflat = members;
	MemoryContextSwitchTo(old);
	if (buf.cursor != buf.len)
		elog(ERROR, "ltv: invalid serialized retention state");
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(retention_orders_combine);
Datum
retention_orders_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	OrdersState *left = PG_ARGISNULL(0) ? NULL : (OrdersState *) PG_GETARG_POINTER(0);
	OrdersState *right = PG_ARGISNULL(1) ? NULL : (OrdersState *) PG_GETARG_POINTER(1);
	custhash_iterator it;
	CustomerEntry *e;
	MemoryContext old;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "retention_orders_combine called in non-aggregate context");
	if (right == NULL)
		PG_RETURN_POINTER(left);
	if (left == NULL)
	{
		/* deserialize built right under the aggregate context: adopt it */
		if (right->context->parent != aggcontext)
			MemoryContextSetParent(right->context, aggcontext);
		orders_materialize(right);
		PG_RETURN_POINTER(right);
	}
	if (!retention_grid_equal(&left->grid, &right->grid) || left->as_of != right->as_of ||
		left->mode != right->mode || left->key_type != right->key_type)
		elog(ERROR, "ltv: combining retention states of different calls");
	orders_materialize(left);
	old = MemoryContextSwitchTo(left->context);
	if (right->table == NULL)
	{
		int64		i;

		for (i = 0; i < right->nflat; i++)
		{
			FlatCustomer *f = &right->flat[i];

			CHECK_FOR_INTERRUPTS();
			orders_add(left, f->key, f->start, f->lead, f->words, f->nwords, true);
		}
	}
	else
	{
		custhash_start_iterate(right->table, &it);
		while ((e = custhash_iterate(right->table, &it)) != NULL)
		{
			CHECK_FOR_INTERRUPTS();
			orders_add(left, e->key, e->start, e->lead, entry_words(e), e->nwords, true);
		}
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(right->context);
	PG_RETURN_POINTER(left);
}

/* ---------- final functions ---------- */

/* the earliest first purchase (cohort) of the customers with one; false when none has */
static bool
orders_min_first(OrdersState *state, int64 *cmin)
{
	custhash_iterator it;
	CustomerEntry *e;
	bool		any = false;

	*cmin = PG_INT64_MAX;
	custhash_start_iterate(state->table, &it);
	while ((e = custhash_iterate(state->table, &it)) != NULL)
		if (e->lead != RETENTION_NO_PURCHASE)
		{
			*cmin = Min(*cmin, e->start + e->lead);
			any = true;
		}
	return any;
}

PG_FUNCTION_INFO_V1(retention_orders_curve_final);
Datum
retention_orders_curve_final(PG_FUNCTION_ARGS)
{
	OrdersState *state = PG_ARGISNULL(0) ? NULL : (OrdersState *) PG_GETARG_POINTER(0);
	custhash_iterator it;
	CustomerEntry *e;
	int64		n;
	int64		cmin;
	int64	   *by_offset,
			   *hits;

	if (state == NULL)
		PG_RETURN_NULL();
	orders_materialize(state);
	if (!orders_min_first(state, &cmin))
		PG_RETURN_NULL();
	n = ltv_curve_length(state->a, cmin);
	if (n < 0)
		retention_too_many_periods();
	by_offset = palloc0(n * sizeof(int64));
	hits = palloc0(n * sizeof(int64));
	custhash_start_iterate(state->table, &it);
	while ((e = custhash_iterate(state->table, &it)) != NULL)
		if (e->lead != RETENTION_NO_PURCHASE)
			ltv_curve_add((int64_t *) by_offset, (int64_t *) hits, state->a, e->start + e->lead,
						  (const uint64_t *) entry_words(e), e->nwords, e->lead, state->mode);
	return retention_points_array(fcinfo, by_offset, hits, n, state->mode);
}

PG_FUNCTION_INFO_V1(retention_orders_triangle_final);
Datum
retention_orders_triangle_final(PG_FUNCTION_ARGS)
{
	OrdersState *state = PG_ARGISNULL(0) ? NULL : (OrdersState *) PG_GETARG_POINTER(0);
	custhash_iterator it;
	CustomerEntry *e;
	int64		cmin,
				ncells,
				rows,
				c,
				k,
				nout = 0;
	int64	   *sizes,
			   *cells;
	Datum	   *elems;
	Oid			typid;
	TupleDesc	tupdesc;

	if (state == NULL)
		PG_RETURN_NULL();
	orders_materialize(state);
	if (!orders_min_first(state, &cmin))
		PG_RETURN_NULL();
	ncells = ltv_triangle_cells(cmin, state->a);
	if (ncells < 0)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("retention triangle too large"),
				 errdetail("The cohorts span more than %lld cells.", (long long) LTV_RETENTION_MAX_CELLS),
				 errhint("Use a longer period, or leave out the oldest orders.")));
	rows = state->a - cmin + 1;
	sizes = palloc0(rows * sizeof(int64));
	cells = MemoryContextAllocHuge(CurrentMemoryContext, ncells * sizeof(int64));
	memset(cells, 0, ncells * sizeof(int64));
	custhash_start_iterate(state->table, &it);
	while ((e = custhash_iterate(state->table, &it)) != NULL)
	{
		/* a customer costs up to a row of cells: check often */
		if ((++nout & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e->lead != RETENTION_NO_PURCHASE)
			ltv_triangle_add((int64_t *) sizes, (int64_t *) cells, cmin, state->a, e->start + e->lead,
							 (const uint64_t *) entry_words(e), e->nwords, e->lead, state->mode);
	}
	nout = 0;

	for (c = 0; c < rows; c++)
		if (sizes[c] > 0)
			nout += rows - c;
	typid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid, CStringGetDatum("retention_cell"),
							ObjectIdGetDatum(get_func_namespace(fcinfo->flinfo->fn_oid)));
	if (!OidIsValid(typid))
		elog(ERROR, "ltv: type retention_cell is missing");
	tupdesc = lookup_rowtype_tupdesc_copy(typid, -1);
	elems = MemoryContextAllocHuge(CurrentMemoryContext, Max(nout, 1) * sizeof(Datum));
	nout = 0;
	for (c = 0; c < rows; c++)
	{
		int64	   *row = cells + ltv_triangle_row_offset(cmin, state->a, cmin + c);
		Timestamp	start;

		if (sizes[c] == 0)
			continue;
		CHECK_FOR_INTERRUPTS();
		start = retention_start_of(&state->grid, cmin + c);
		for (k = 0; k < rows - c; k++)
		{
			Datum		values[6];
			bool		nulls[6] = {false, false, false, false, false, false};
			bool		incomplete = cmin + c + k >= state->a;
			HeapTuple	tuple;

			if ((k & 0xFFFF) == 0xFFFF)
				CHECK_FOR_INTERRUPTS();

			values[0] = TimestampGetDatum(start);
			values[1] = Int32GetDatum((int32) k);
			values[2] = Int64GetDatum(sizes[c]);
			values[3] = Int64GetDatum(row[k]);
			values[4] = Float8GetDatum((double) row[k] / (double) sizes[c]);
			nulls[4] = incomplete;
			values[5] = BoolGetDatum(incomplete);
			tuple = heap_form_tuple(tupdesc, values, nulls);
			elems[nout++] = heap_copy_tuple_as_datum(tuple, tupdesc);
			heap_freetuple(tuple);
		}
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, (int) nout, typid, -1, false, TYPALIGN_DOUBLE));
}
