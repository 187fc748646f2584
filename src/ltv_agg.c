/*
 * ltv_agg.c: the one-shot per-segment aggregate ltv_agg(customer_id,
 * ordered_at, amount, as_of [, options]) and the bridges from the
 * per-customer summary (ltv_customer_summary) to the model family.
 *
 * ltv_agg groups the segment's orders by customer in a hash table (any
 * customer_id type with a hash opclass, through the type cache), keeps one
 * ltv_summary customer state per customer, and at the end computes the
 * textbook segment figures and fits BG/NBD + Gamma-Gamma with the model
 * family's src/core API to predict each customer's residual CLV.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "core/bgnbd.h"
#include "core/clv.h"
#include "core/gammagamma.h"
#include "model.h"
#include "summary.h"

#define LTV_AGG_FORMAT_VERSION 1

/* ---- options: the ltv_agg_options composite ---- */

typedef struct AggOptions
{
	Interval	period;
	Interval	unit;
	double		horizon_months;
	double		discount_rate;	/* per month, for the model's residual CLV */
	double		margin;
	double		textbook_discount_rate; /* per observation period */
} AggOptions;

static void
default_options(AggOptions *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->period.day = 1;
	opts->unit.day = 7;
	opts->horizon_months = 12;
	opts->discount_rate = 0.01;
	opts->margin = 1.0;
	opts->textbook_discount_rate = 0.0;
}

static void
option_null(const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
			 errmsg("option %s must not be null", name),
			 errhint("Leave the option out of ltv_agg_options() to use its default.")));
}

static void
options_from_datum(Datum datum, AggOptions *opts)
{
	HeapTupleHeader tuple = DatumGetHeapTupleHeader(datum);
	bool		isnull;
	Datum		value;
	LtvUnit		horizon;

	default_options(opts);
	value = GetAttributeByNum(tuple, 1, &isnull);
	if (isnull)
		option_null("period");
	opts->period = *DatumGetIntervalP(value);
	value = GetAttributeByNum(tuple, 2, &isnull);
	if (isnull)
		option_null("unit");
	opts->unit = *DatumGetIntervalP(value);
	value = GetAttributeByNum(tuple, 3, &isnull);
	if (isnull)
		option_null("horizon");
	ltv_unit_from_interval(DatumGetIntervalP(value), "horizon", &horizon);
	opts->horizon_months = ltv_unit_mean_usecs(&horizon) / LTV_MEAN_MONTH_USECS;
	if (opts->horizon_months > 100000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be at most 100000 months"),
				 errhint("CLV is summed in monthly steps; use a horizon such as '12 months' or '5 years'.")));
	value = GetAttributeByNum(tuple, 4, &isnull);
	if (isnull)
		option_null("discount_rate");
	opts->discount_rate = DatumGetFloat8(value);
	value = GetAttributeByNum(tuple, 5, &isnull);
	if (isnull)
		option_null("margin");
	opts->margin = DatumGetFloat8(value);
	value = GetAttributeByNum(tuple, 6, &isnull);
	if (isnull)
		option_null("textbook_discount_rate");
	opts->textbook_discount_rate = DatumGetFloat8(value);

	if (!isfinite(opts->discount_rate) || opts->discount_rate <= -1 ||
		!isfinite(opts->textbook_discount_rate) || opts->textbook_discount_rate <= -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount rates must be finite and greater than -1"),
				 errhint("discount_rate is per month: 0.01 discounts by 1%% a month.")));
	if (!isfinite(opts->margin))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("margin must be a finite number"),
				 errhint("Pass the share of revenue that is profit, such as 0.3, or 1 for revenue.")));
}

/*
 * The options written as text: ltv_agg(..., '12 months') resolves the
 * unknown literal to the text overloads (PostgreSQL prefers the string
 * category), which accept the record literal of ltv_agg_options that 1.0
 * accepted and otherwise say how to write the options.
 */
static Datum
options_from_text(FunctionCallInfo fcinfo, text *value)
{
	char	   *str = text_to_cstring(value);
	const char *p = str;
	Oid			nsp;
	Oid			typoid;
	Oid			infunc;
	Oid			ioparam;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (*p != '(')
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("the options of ltv_agg must be an ltv_agg_options value, not the text \"%s\"", str),
				 errdetail("ltv_agg takes its options (period, unit, horizon, discount_rate, margin, "
						   "textbook_discount_rate) in one composite; aggregates take no named arguments."),
				 errhint("Build the options with named arguments: "
						 "ltv_agg(customer_id, ordered_at, amount, as_of, "
						 "ltv_agg_options(horizon => '12 months', margin => 0.3)).")));
	nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	typoid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
							 CStringGetDatum("ltv_agg_options"), ObjectIdGetDatum(nsp));
	if (!OidIsValid(typoid))
		elog(ERROR, "type ltv_agg_options not found in the schema of ltv_agg");
	getTypeInputInfo(typoid, &infunc, &ioparam);
	return OidInputFunctionCall(infunc, str, ioparam, -1);
}

/*
 * ltv_agg_options_from_interval(interval): the implicit cast that catches
 * ltv_agg(..., interval '12 months'), so that it gets a clear error rather
 * than "function does not exist".
 */
PG_FUNCTION_INFO_V1(ltv_agg_options_from_interval);
Datum
ltv_agg_options_from_interval(PG_FUNCTION_ARGS)
{
	char	   *str = DatumGetCString(DirectFunctionCall1(interval_out, PG_GETARG_DATUM(0)));

	ereport(ERROR,
			(errcode(ERRCODE_DATATYPE_MISMATCH),
			 errmsg("the options of ltv_agg must be an ltv_agg_options value, not the interval '%s'", str),
			 errdetail("An interval could be the horizon, the period or the unit; ltv_agg does not guess."),
			 errhint("Name it: ltv_agg_options(horizon => '%s'), or ltv_agg_options(period => '%s').",
					 str, str)));
	PG_RETURN_NULL();
}

/* ---- the customer key: hashing and equality through the type cache ---- */

typedef enum KeyKind
{
	KEY_INT8,
	KEY_INT4,
	KEY_GENERIC
} KeyKind;

typedef struct AggKeyType
{
	Oid			typid;
	Oid			collation;
	KeyKind		kind;
	int16		typlen;
	bool		typbyval;
	FmgrInfo	hash_finfo;
	FmgrInfo	eq_finfo;
} AggKeyType;

static void
key_type_init(AggKeyType *kt, Oid typid, Oid collation, MemoryContext mcxt)
{
	TypeCacheEntry *tce;

	kt->typid = typid;
	kt->collation = collation;
	get_typlenbyval(typid, &kt->typlen, &kt->typbyval);
	if (typid == INT8OID)
		kt->kind = KEY_INT8;
	else if (typid == INT4OID)
		kt->kind = KEY_INT4;
	else
		kt->kind = KEY_GENERIC;

	tce = lookup_type_cache(typid, TYPECACHE_HASH_PROC_FINFO | TYPECACHE_EQ_OPR_FINFO);
	if (!OidIsValid(tce->hash_proc) || !OidIsValid(tce->eq_opr))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("customer_id of type %s cannot be hashed", format_type_be(typid)),
				 errdetail("ltv_agg groups orders by customer with the type's hash and equality functions."),
				 errhint("Cast customer_id to a type with a hash operator class, such as bigint, text or uuid.")));
	fmgr_info_cxt(tce->hash_proc_finfo.fn_oid, &kt->hash_finfo, mcxt);
	fmgr_info_cxt(tce->eq_opr_finfo.fn_oid, &kt->eq_finfo, mcxt);
}

static inline uint32
key_hash(const AggKeyType *kt, Datum key)
{
	switch (kt->kind)
	{
		case KEY_INT8:
			{
				uint64		v = (uint64) DatumGetInt64(key);

				return murmurhash32((uint32) v ^ murmurhash32((uint32) (v >> 32)));
			}
		case KEY_INT4:
			return murmurhash32((uint32) DatumGetInt32(key));
		default:
			return DatumGetUInt32(FunctionCall1Coll((FmgrInfo *) &kt->hash_finfo, kt->collation, key));
	}
}

static inline bool
key_equal(const AggKeyType *kt, Datum a, Datum b)
{
	switch (kt->kind)
	{
		case KEY_INT8:
			return DatumGetInt64(a) == DatumGetInt64(b);
		case KEY_INT4:
			return DatumGetInt32(a) == DatumGetInt32(b);
		default:
			return DatumGetBool(FunctionCall2Coll((FmgrInfo *) &kt->eq_finfo, kt->collation, a, b));
	}
}

typedef struct AggCustomer
{
	Datum		key;
	uint32		hash;
	char		status;
	LtvCustomerState *state;
} AggCustomer;

#define SH_PREFIX custhash
#define SH_ELEMENT_TYPE AggCustomer
#define SH_KEY_TYPE Datum
#define SH_KEY key
#define SH_HASH_KEY(tb, k) key_hash((const AggKeyType *) (tb)->private_data, k)
#define SH_EQUAL(tb, a, b) key_equal((const AggKeyType *) (tb)->private_data, a, b)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) ((a)->hash)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

typedef struct SegmentState
{
	MemoryContext mcxt;			/* the aggregate context: customers, keys, states */
	AggKeyType	key_type;
	LtvSummaryParams params;
	AggOptions	options;
	custhash_hash *customers;
} SegmentState;

/* per call site: the last options datum seen and what it parsed to */
typedef struct AggCallCache
{
	Oid			time_type;
	Oid			key_type;
	int64		as_of;
	bool		valid;
	bytea	   *options_bytes;	/* raw bytes of the options composite, NULL for none */
	AggOptions	options;
	LtvSummaryParams params;
	TupleDesc	result_desc;
} AggCallCache;

static MemoryContext
agg_context(FunctionCallInfo fcinfo, const char *name)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "%s called in non-aggregate context", name);
	return aggcontext;
}

static SegmentState *
agg_state_new(MemoryContext mcxt, Oid key_typid, Oid collation, const LtvSummaryParams *params,
			  const AggOptions *options, uint32 size)
{
	SegmentState   *state = MemoryContextAllocZero(mcxt, sizeof(SegmentState));

	state->mcxt = mcxt;
	key_type_init(&state->key_type, key_typid, collation, mcxt);
	state->params = *params;
	state->options = *options;
	state->customers = custhash_create(mcxt, size, &state->key_type);
	return state;
}

static bool
options_equal(const AggOptions *a, const AggOptions *b)
{
	return memcmp(&a->period, &b->period, sizeof(Interval)) == 0 &&
		memcmp(&a->unit, &b->unit, sizeof(Interval)) == 0 &&
		a->horizon_months == b->horizon_months && a->discount_rate == b->discount_rate &&
		a->margin == b->margin && a->textbook_discount_rate == b->textbook_discount_rate;
}

static void
check_same_setup(const SegmentState *state, const LtvSummaryParams *params, const AggOptions *options)
{
	ltv_summary_params_check_same(&state->params, params);
	if (!options_equal(&state->options, options))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("options must be the same for every row of a group"),
				 errhint("Pass constant options.")));
}

/* as_of and options of this row, parsed again only when they change */
static void
row_setup(FunctionCallInfo fcinfo, AggCallCache *cache, bool options_text)
{
	int64		as_of;
	bytea	   *bytes = NULL;

	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("as_of must not be null"),
				 errhint("Pass the end of the observation, for example now() or '1997-09-30'.")));
	as_of = ltv_time_datum_usecs(PG_GETARG_DATUM(4), cache->time_type, "as_of");
	if (PG_NARGS() > 5)
	{
		if (PG_ARGISNULL(5))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("options must not be null"),
					 errhint("Pass ltv_agg_options(...), or leave the argument out.")));
		bytes = (bytea *) PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(5));
	}
	if (cache->valid && cache->as_of == as_of &&
		((bytes == NULL && cache->options_bytes == NULL) ||
		 (bytes != NULL && cache->options_bytes != NULL &&
		  VARSIZE_ANY(bytes) == VARSIZE_ANY(cache->options_bytes) &&
		  memcmp(bytes, cache->options_bytes, VARSIZE_ANY(bytes)) == 0)))
		return;

	cache->valid = false;
	if (bytes != NULL)
	{
		options_from_datum(options_text ? options_from_text(fcinfo, (text *) bytes) : PG_GETARG_DATUM(5),
						   &cache->options);
		if (cache->options_bytes)
			pfree(cache->options_bytes);
		cache->options_bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE_ANY(bytes));
		memcpy(cache->options_bytes, bytes, VARSIZE_ANY(bytes));
	}
	else
	{
		default_options(&cache->options);
		cache->options_bytes = NULL;
	}
	ltv_summary_params_init(&cache->params, as_of, &cache->options.period, &cache->options.unit);
	cache->as_of = as_of;
	cache->valid = true;
}

static AggCallCache *
agg_call_cache(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AggCallCache));
	return (AggCallCache *) fcinfo->flinfo->fn_extra;
}

static LtvCustomerState *
customer_of(SegmentState *state, Datum key)
{
	bool		found;
	AggCustomer *entry = custhash_insert(state->customers, key, &found);

	if (!found)
	{
		MemoryContext old = MemoryContextSwitchTo(state->mcxt);

		if (!state->key_type.typbyval)
			entry->key = datumCopy(key, false, state->key_type.typlen);
		entry->state = palloc(sizeof(LtvCustomerState));
		ltv_customer_init(entry->state);
		MemoryContextSwitchTo(old);
	}
	return entry->state;
}

/* ltv_agg_transfn(state, customer_id, ordered_at, amount, as_of [, options]) */
static Datum
agg_transfn(FunctionCallInfo fcinfo, Oid amount_type, bool options_text)
{
	MemoryContext aggcontext = agg_context(fcinfo, "ltv_agg_transfn");
	SegmentState   *state = PG_ARGISNULL(0) ? NULL : (SegmentState *) PG_GETARG_POINTER(0);
	AggCallCache *cache = agg_call_cache(fcinfo);
	Datum		key;
	LtvAmount	amount;
	int64		ts;

	if (cache->time_type == InvalidOid)
	{
		cache->key_type = get_fn_expr_argtype(fcinfo->flinfo, 1);
		cache->time_type = get_fn_expr_argtype(fcinfo->flinfo, 2);
	}
	row_setup(fcinfo, cache, options_text);
	if (state == NULL)
		state = agg_state_new(aggcontext, cache->key_type, PG_GET_COLLATION(), &cache->params,
							  &cache->options, 256);
	else
		check_same_setup(state, &cache->params, &cache->options);

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(state);
	ts = ltv_time_datum_usecs(PG_GETARG_DATUM(2), cache->time_type, "ordered_at");
	ltv_amount_from_datum(PG_GETARG_DATUM(3), amount_type, &amount);
	if (ts > state->params.as_of)
		PG_RETURN_POINTER(state);

	key = PG_GETARG_DATUM(1);
	if (state->key_type.typlen == -1)
		key = PointerGetDatum(PG_DETOAST_DATUM_PACKED(key));
	ltv_customer_add(customer_of(state, key), aggcontext, &state->params, ts, &amount);
	PG_RETURN_POINTER(state);
}

/*
 * One C entry point per amount type (the SQL type is in the symbol, so no
 * expression tree is needed to know it: Citus' worker_partial_agg has none).
 */
PG_FUNCTION_INFO_V1(ltv_agg_transfn);
Datum
ltv_agg_transfn(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, NUMERICOID, false);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_float8);
Datum
ltv_agg_transfn_float8(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, FLOAT8OID, false);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_float4);
Datum
ltv_agg_transfn_float4(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, FLOAT4OID, false);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_int4);
Datum
ltv_agg_transfn_int4(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, INT4OID, false);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_int8);
Datum
ltv_agg_transfn_int8(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, INT8OID, false);
}

/* the same with the options as text (ltv_agg(..., '...')) */
PG_FUNCTION_INFO_V1(ltv_agg_transfn_text);
Datum
ltv_agg_transfn_text(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, NUMERICOID, true);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_float8_text);
Datum
ltv_agg_transfn_float8_text(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, FLOAT8OID, true);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_float4_text);
Datum
ltv_agg_transfn_float4_text(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, FLOAT4OID, true);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_int4_text);
Datum
ltv_agg_transfn_int4_text(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, INT4OID, true);
}

PG_FUNCTION_INFO_V1(ltv_agg_transfn_int8_text);
Datum
ltv_agg_transfn_int8_text(PG_FUNCTION_ARGS)
{
	return agg_transfn(fcinfo, INT8OID, true);
}

static void
merge_into(SegmentState *left, SegmentState *right)
{
	custhash_iterator it;
	AggCustomer *entry;
	uint64		n = 0;

	custhash_start_iterate(right->customers, &it);
	while ((entry = custhash_iterate(right->customers, &it)) != NULL)
	{
		bool		found;
		AggCustomer *target;

		if ((++n & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		target = custhash_insert(left->customers, entry->key, &found);
		if (found)
			ltv_customer_merge(target->state, entry->state, left->mcxt);
		else
		{
			MemoryContext old = MemoryContextSwitchTo(left->mcxt);

			if (!left->key_type.typbyval)
				target->key = datumCopy(entry->key, false, left->key_type.typlen);
			target->state = palloc(sizeof(LtvCustomerState));
			ltv_customer_copy(target->state, entry->state, left->mcxt);
			MemoryContextSwitchTo(old);
		}
	}
}

PG_FUNCTION_INFO_V1(ltv_agg_combine);
Datum
ltv_agg_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = agg_context(fcinfo, "ltv_agg_combine");
	SegmentState   *left = PG_ARGISNULL(0) ? NULL : (SegmentState *) PG_GETARG_POINTER(0);
	SegmentState   *right = PG_ARGISNULL(1) ? NULL : (SegmentState *) PG_GETARG_POINTER(1);

	if (right == NULL)
	{
		if (left == NULL)
			PG_RETURN_NULL();
		PG_RETURN_POINTER(left);
	}
	if (left == NULL)
	{
		left = agg_state_new(aggcontext, right->key_type.typid, right->key_type.collation,
							 &right->params, &right->options, Max(right->customers->members, 256));
		merge_into(left, right);
		PG_RETURN_POINTER(left);
	}
	if (left->key_type.typid != right->key_type.typid)
		ltv_state_corrupt("The customer_id types differ.");
	check_same_setup(left, &right->params, &right->options);
	merge_into(left, right);
	PG_RETURN_POINTER(left);
}

/*
 * Whether the key type has binary I/O (send and receive); a type without it
 * (aclitem, some extension types) travels as its text output, which every
 * type has, so a parallel plan works for every customer_id type a serial
 * one does.  Both sides decide from the catalog, so nothing is sent for it.
 */
static bool
key_has_binary_io(Oid typid)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	char		typdelim;
	Oid			typioparam;
	Oid			sendfn;
	Oid			recvfn;

	get_type_io_data(typid, IOFunc_send, &typlen, &typbyval, &typalign, &typdelim, &typioparam, &sendfn);
	get_type_io_data(typid, IOFunc_receive, &typlen, &typbyval, &typalign, &typdelim, &typioparam, &recvfn);
	return OidIsValid(sendfn) && OidIsValid(recvfn);
}

/*
 * Serialized: version, key type oid, collation, params, options, customer
 * count, then per customer its key (int8/int4: the value; else the type's
 * binary send output, or its text output when it has no binary I/O, with
 * its length) and its summary state.
 */
PG_FUNCTION_INFO_V1(ltv_agg_serialize);
Datum
ltv_agg_serialize(PG_FUNCTION_ARGS)
{
	SegmentState   *state = (SegmentState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	custhash_iterator it;
	AggCustomer *entry;
	FmgrInfo	send_finfo;
	bool		binary = false;

	(void) agg_context(fcinfo, "ltv_agg_serialize");
	if (state->key_type.kind == KEY_GENERIC)
	{
		Oid			sendfn;
		bool		varlena;

		binary = key_has_binary_io(state->key_type.typid);
		if (binary)
			getTypeBinaryOutputInfo(state->key_type.typid, &sendfn, &varlena);
		else
			getTypeOutputInfo(state->key_type.typid, &sendfn, &varlena);
		fmgr_info(sendfn, &send_finfo);
	}
	pq_begintypsend(&buf);
	pq_sendbyte(&buf, LTV_AGG_FORMAT_VERSION);
	pq_sendint32(&buf, state->key_type.typid);
	pq_sendint32(&buf, state->key_type.collation);
	ltv_summary_params_serialize(&buf, &state->params);
	pq_sendfloat8(&buf, state->options.horizon_months);
	pq_sendfloat8(&buf, state->options.discount_rate);
	pq_sendfloat8(&buf, state->options.margin);
	pq_sendfloat8(&buf, state->options.textbook_discount_rate);
	pq_sendint64(&buf, state->customers->members);
	custhash_start_iterate(state->customers, &it);
	while ((entry = custhash_iterate(state->customers, &it)) != NULL)
	{
		switch (state->key_type.kind)
		{
			case KEY_INT8:
				pq_sendint64(&buf, DatumGetInt64(entry->key));
				break;
			case KEY_INT4:
				pq_sendint32(&buf, DatumGetInt32(entry->key));
				break;
			default:
				if (binary)
				{
					bytea	   *out = SendFunctionCall(&send_finfo, entry->key);

					pq_sendint32(&buf, VARSIZE(out) - VARHDRSZ);
					pq_sendbytes(&buf, VARDATA(out), VARSIZE(out) - VARHDRSZ);
					pfree(out);
				}
				else
				{
					char	   *out = OutputFunctionCall(&send_finfo, entry->key);
					int32		len = (int32) strlen(out);

					pq_sendint32(&buf, len);
					pq_sendbytes(&buf, out, len);
					pfree(out);
				}
		}
		ltv_customer_serialize(&buf, entry->state);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(ltv_agg_deserialize);
Datum
ltv_agg_deserialize(PG_FUNCTION_ARGS)
{
	/* in the current (per-tuple) context: the combine function copies the customers */
	MemoryContext mcxt = CurrentMemoryContext;
	bytea	   *bytes = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	Oid			typid;
	Oid			collation;
	LtvSummaryParams params;
	AggOptions	options;
	int64		count;
	int64		i;
	SegmentState   *state;
	FmgrInfo	recv_finfo;
	Oid			typioparam = InvalidOid;
	bool		binary = false;

	(void) agg_context(fcinfo, "ltv_agg_deserialize");
	buf.data = VARDATA_ANY(bytes);
	buf.len = VARSIZE_ANY_EXHDR(bytes);
	buf.maxlen = buf.len;
	buf.cursor = 0;
	if (pq_getmsgbyte(&buf) != LTV_AGG_FORMAT_VERSION)
		ltv_state_corrupt("Unknown format version.");
	typid = pq_getmsgint(&buf, 4);
	collation = pq_getmsgint(&buf, 4);
	ltv_summary_params_deserialize(&buf, &params);
	default_options(&options);
	options.period.month = params.period.months;
	options.period.day = params.period.days;
	options.period.time = params.period.usecs;
	options.unit.month = params.unit.months;
	options.unit.day = params.unit.days;
	options.unit.time = params.unit.usecs;
	options.horizon_months = pq_getmsgfloat8(&buf);
	options.discount_rate = pq_getmsgfloat8(&buf);
	options.margin = pq_getmsgfloat8(&buf);
	options.textbook_discount_rate = pq_getmsgfloat8(&buf);
	if (!(options.horizon_months > 0 && options.horizon_months <= 100000) ||
		!(options.discount_rate > -1) || !isfinite(options.discount_rate) ||
		!isfinite(options.margin) || !(options.textbook_discount_rate > -1) ||
		!isfinite(options.textbook_discount_rate))
		ltv_state_corrupt("An option is out of range.");
	count = pq_getmsgint64(&buf);
	if (count < 0 || count > buf.len - buf.cursor)
		ltv_state_corrupt("The number of customers does not match the size.");
	if (!OidIsValid(typid) || get_typlen(typid) == 0)
		ltv_state_corrupt("The customer_id type is not valid.");

	state = agg_state_new(mcxt, typid, collation, &params, &options,
						  (uint32) Min(Max(count, 256), PG_INT32_MAX / 2));
	if (state->key_type.kind == KEY_GENERIC)
	{
		Oid			recvfn;

		binary = key_has_binary_io(typid);
		if (binary)
			getTypeBinaryInputInfo(typid, &recvfn, &typioparam);
		else
			getTypeInputInfo(typid, &recvfn, &typioparam);
		fmgr_info(recvfn, &recv_finfo);
	}
	for (i = 0; i < count; i++)
	{
		Datum		key;
		bool		found;
		AggCustomer *entry;
		MemoryContext old;

		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		switch (state->key_type.kind)
		{
			case KEY_INT8:
				key = Int64GetDatum(pq_getmsgint64(&buf));
				break;
			case KEY_INT4:
				key = Int32GetDatum((int32) pq_getmsgint(&buf, 4));
				break;
			default:
				{
					int32		len = pq_getmsgint(&buf, 4);
					StringInfoData item;

					if (len < 0 || len > buf.len - buf.cursor)
						ltv_state_corrupt("A customer_id length is out of range.");
					initStringInfo(&item);
					appendBinaryStringInfo(&item, pq_getmsgbytes(&buf, len), len);
					if (binary)
					{
						key = ReceiveFunctionCall(&recv_finfo, &item, typioparam, -1);
						if (item.cursor != item.len)
							ltv_state_corrupt("A customer_id has trailing bytes.");
					}
					else
					{
						if (strlen(item.data) != (size_t) len)
							ltv_state_corrupt("A customer_id has a zero byte.");
						key = InputFunctionCall(&recv_finfo, item.data, typioparam, -1);
					}
					pfree(item.data);
				}
		}
		entry = custhash_insert(state->customers, key, &found);
		if (found)
			ltv_state_corrupt("A customer_id appears twice.");
		old = MemoryContextSwitchTo(mcxt);
		if (!state->key_type.typbyval)
			entry->key = datumCopy(key, false, state->key_type.typlen);
		entry->state = palloc(sizeof(LtvCustomerState));
		MemoryContextSwitchTo(old);
		ltv_customer_deserialize(&buf, entry->state, mcxt);
	}
	if (buf.cursor != buf.len)
		ltv_state_corrupt("Trailing bytes.");
	PG_RETURN_POINTER(state);
}

/* ---- the final function ---- */

/* one distinct customer summary, for the fits and the residual CLV */
typedef struct SummaryCell
{
	double		x;
	double		t_x;
	double		T;
	double		m;
	double		count;
} SummaryCell;

static int
compare_cells(const void *a, const void *b)
{
	const SummaryCell *p = a;
	const SummaryCell *q = b;

	if (p->x != q->x)
		return p->x < q->x ? -1 : 1;
	if (p->t_x != q->t_x)
		return p->t_x < q->t_x ? -1 : 1;
	if (p->T != q->T)
		return p->T < q->T ? -1 : 1;
	if (p->m != q->m)
		return p->m < q->m ? -1 : 1;
	return 0;
}

static size_t
compress_cells(SummaryCell *cells, size_t n)
{
	size_t		out = 0;
	size_t		i;

	qsort(cells, n, sizeof(SummaryCell), compare_cells);
	for (i = 0; i < n; i++)
	{
		if (out > 0 && compare_cells(&cells[out - 1], &cells[i]) == 0)
			cells[out - 1].count += cells[i].count;
		else
			cells[out++] = cells[i];
	}
	return out;
}

typedef struct SegmentPrediction
{
	struct varlena *model;		/* NULL when no fit was possible */
	const char *status;
	double		mean_residual;	/* NaN when not predicted */
} SegmentPrediction;

static void
predict_segment(const SummaryCell *cells, size_t ncells, double customers,
				const AggOptions *opts, const LtvUnit *unit, SegmentPrediction *out)
{
	LtvFitState *fit_state;
	LtvFitStatus bg_status;
	LtvFitStatus gg_status;
	LtvModelInfo mi;
	const double *bgp;
	LtvGgParams ggp;
	double		units_per_month = LTV_MEAN_MONTH_USECS / ltv_unit_mean_usecs(unit);
	double		total = 0;
	size_t		i;

	/*
	 * Fit through ltv_fit's own final step, so the segment's model is the one
	 * ltv_fit(summary) gives over the same customers, bit for bit.
	 */
	fit_state = ltv_fit_state_alloc(CurrentMemoryContext, Max(ncells, 1), unit, &ltv_bgnbd_model);
	for (i = 0; i < ncells; i++)
	{
		LtvFitRecord *rec = &fit_state->records[i];

		rec->x = (int32) cells[i].x;
		rec->t_x = cells[i].t_x + 0.0;
		rec->T = cells[i].T + 0.0;
		rec->has_m = (cells[i].x > 0 && cells[i].m > 0) ? 1 : 0;
		rec->m = rec->has_m ? cells[i].m : 0.0;
		rec->count = (int64) cells[i].count;
	}
	fit_state->nrecords = ncells;
	out->model = ltv_fit_state_fit(fit_state);
	pfree(fit_state);
	if (out->model == NULL)
	{
		out->mean_residual = NAN;
		out->status = "BG/NBD not identified";
		return;
	}
	ltv_model_read(out->model, &mi);
	bg_status = mi.status;
	gg_status = mi.gg_status;
	out->mean_residual = NAN;
	if (bg_status == LTV_FIT_UNIDENTIFIED || bg_status == LTV_FIT_BAD_INPUT)
	{
		out->status = "BG/NBD not identified";
		return;
	}
	if (gg_status == LTV_FIT_UNIDENTIFIED || gg_status == LTV_FIT_BAD_INPUT)
	{
		out->status = "Gamma-Gamma not identified";
		return;
	}
	bgp = ltv_model_purchase_params(&mi);
	ltv_model_gg_params(&mi, &ggp);
	for (i = 0; i < ncells; i++)
	{
		double		spend = ltv_gg_expected_spend(&ggp, cells[i].x, cells[i].m);
		double		clv = ltv_clv_residual(mi.pm, bgp, cells[i].x, cells[i].t_x, cells[i].T, spend,
										   opts->margin, opts->horizon_months,
										   opts->discount_rate, units_per_month);

		if ((i & 255) == 0)
			CHECK_FOR_INTERRUPTS();
		if (isnan(clv))
		{
			out->status = bg_status != LTV_FIT_OK ? "BG/NBD did not converge" :
				gg_status != LTV_FIT_OK ? "Gamma-Gamma did not converge" :
				"prediction not finite";
			return;
		}
		total += cells[i].count * clv;
	}
	out->mean_residual = total / customers;
	out->status = (bg_status == LTV_FIT_OK && gg_status == LTV_FIT_OK) ? "converged" : "not converged";
}

/*
 * The textbook LTV over n observation periods: base x sum_{k=0..n-1} rho^k with
 * rho = (1 - churn) / (1 + d), i.e. base (1 - rho^n) / (1 - rho), n real; for
 * n = Infinity the whole lifetime, base (1 + d) / (d + churn).  NaN when that
 * sum does not converge (rho >= 1 and n infinite).
 */
static double
textbook_value(double base, double churn, double d, double n)
{
	double		rho = (1.0 - churn) / (1.0 + d);

	if (isinf(n))
		return rho < 1.0 ? base * (1.0 + d) / (d + churn) : NAN;
	if (rho == 1.0)
		return base * n;
	return base * (1.0 - pow(rho, n)) / (1.0 - rho);
}

PG_FUNCTION_INFO_V1(ltv_agg_finalfn);
Datum
ltv_agg_finalfn(PG_FUNCTION_ARGS)
{
	SegmentState   *state = PG_ARGISNULL(0) ? NULL : (SegmentState *) PG_GETARG_POINTER(0);
	AggCallCache *cache = agg_call_cache(fcinfo);
	custhash_iterator it;
	AggCustomer *entry;
	LtvSummaryAcc total;
	SummaryCell *cells;
	size_t		ncells = 0;
	int64		customers = 0;
	int64		repeaters = 0;
	Datum		values[17];
	bool		nulls[17] = {0};
	double		sum_t = 0.0;
	double		revenue,
				aov,
				frequency,
				churn,
				lifespan,
				historical,
				period_months,
				tb;
	SegmentPrediction prediction;
	const AggOptions *opts;

	(void) agg_context(fcinfo, "ltv_agg_finalfn");
	if (state == NULL)
		PG_RETURN_NULL();
	opts = &state->options;

	ltv_summary_acc_init(&total);
	cells = palloc(Max(state->customers->members, 1) * sizeof(SummaryCell));
	custhash_start_iterate(state->customers, &it);
	while ((entry = custhash_iterate(state->customers, &it)) != NULL)
	{
		LtvSummaryResult r;

		if (entry->state->acc.orders == 0)
			continue;			/* only refunds: not a customer */
		if ((customers & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (ltv_summary_acc_merge(&total, &entry->state->acc) != LTV_SUMMARY_OK)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("sum of amounts is out of range"),
					 errdetail("ltv sums the segment's amounts exactly in 128 bits: at most 38 significant digits at the largest scale of the amounts."),
					 errhint("Round the amounts, for example round(amount, 2).")));
		ltv_customer_result(entry->state, &state->params, &r);
		customers++;
		if (r.x > 0)
			repeaters++;
		cells[ncells].x = (double) r.x;
		cells[ncells].t_x = r.t_x;
		cells[ncells].T = r.t_cal;
		sum_t += r.t_cal;
		cells[ncells].m = r.mean_repeat_amount;
		cells[ncells].count = 1;
		ncells++;
	}
	if (customers == 0)
		PG_RETURN_NULL();
	ncells = compress_cells(cells, ncells);

	revenue = ltv_decimal_to_double(total.purchase_sum - total.refund_sum, total.scale);
	aov = revenue / (double) total.orders;
	frequency = (double) total.orders / (double) customers;
	churn = 1.0 - (double) repeaters / (double) customers;
	lifespan = churn > 0 ? 1.0 / churn : INFINITY;
	historical = revenue / (double) customers;
	predict_segment(cells, ncells, (double) customers, opts, &state->params.unit, &prediction);

	values[0] = Int64GetDatum(customers);
	values[1] = Int64GetDatum(total.orders);
	values[2] = ltv_numeric_from_decimal(total.purchase_sum - total.refund_sum, total.scale);
	values[3] = Float8GetDatum(aov);
	values[4] = Float8GetDatum(frequency);
	values[5] = Int64GetDatum(repeaters);
	values[6] = Float8GetDatum(churn);
	values[7] = Float8GetDatum(lifespan);
	values[8] = Float8GetDatum(historical);
	/*
	 * textbook: margin x AOV x frequency x sum_k r^k / (1 + d)^k, r = 1 -
	 * churn, over the whole lifetime; one period is the observation the
	 * figures were measured over (the mean time from first purchase to
	 * as_of).  At the horizon: the observed period plus the model's horizon,
	 * as predicted_ltv (margin x revenue so far + residual CLV over horizon).
	 */
	period_months = sum_t / (double) customers * ltv_unit_mean_usecs(&state->params.unit) / LTV_MEAN_MONTH_USECS;
	tb = textbook_value(opts->margin * aov * frequency, churn, opts->textbook_discount_rate, INFINITY);
	if (isnan(tb))
		nulls[9] = true;
	else
		values[9] = Float8GetDatum(tb);
	values[14] = DirectFunctionCall2(interval_mul, IntervalPGetDatum(&opts->unit),
									 Float8GetDatum(sum_t / (double) customers));
	if (churn > 0 && period_months * lifespan < 1e7)	/* (an interval holds about 178 million years) */
		values[15] = DirectFunctionCall2(interval_mul, values[14], Float8GetDatum(lifespan));
	else
		nulls[15] = true;
	if (period_months > 0)
		values[16] = Float8GetDatum(textbook_value(opts->margin * aov * frequency, churn,
												   opts->textbook_discount_rate,
												   1.0 + opts->horizon_months / period_months));
	else
		nulls[16] = true;
	if (isnan(prediction.mean_residual))
	{
		nulls[10] = true;
		nulls[11] = true;
		ereport(NOTICE,
				(errmsg("ltv_agg: no model-based prediction for this segment (%s)", prediction.status),
				 errdetail("predicted_ltv and predicted_residual_ltv are NULL; %lld customers, %lld with repeat purchases.",
						   (long long) customers, (long long) repeaters)));
	}
	else
	{
		values[10] = Float8GetDatum(opts->margin * historical + prediction.mean_residual);
		values[11] = Float8GetDatum(prediction.mean_residual);
	}
	values[12] = CStringGetTextDatum(prediction.status);
	values[13] = PointerGetDatum(prediction.model);

	if (cache->result_desc == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;

		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "ltv_agg_finalfn: return type must be a row type");
		old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
		cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		MemoryContextSwitchTo(old);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(cache->result_desc, values, nulls)));
}

/* ---- bridges from ltv_customer_summary to the model family ---- */

static void
summary_unit(HeapTupleHeader summary, LtvUnit *unit)
{
	bool		isnull;
	Datum		value = GetAttributeByName(summary, "unit", &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the customer summary has no unit"),
				 errhint("Pass summaries made by ltv_summary().")));
	ltv_unit_from_interval(DatumGetIntervalP(value), "unit", unit);
}

/*
 * The fields of ltv_customer_summary that ltv_fit reads, found by name once
 * per query and kept in fn_extra with a copy of the row type's descriptor:
 * GetAttributeByName looks the row type up and compares names on every call,
 * which was a quarter of ltv_fit's time over a million summaries.  The last
 * unit read is kept too (every summary of a fit has the same one).
 */
typedef struct SummaryFields
{
	Oid			typid;
	int32		typmod;
	TupleDesc	desc;			/* in fn_mcxt */
	AttrNumber	x,
				t_x,
				t_cal,
				m_x,
				unit;
	bool		have_unit;
	Interval	last_unit;
	LtvUnit		last_unit_value;
} SummaryFields;

static AttrNumber
summary_attnum(TupleDesc desc, const char *name, Oid type)
{
	int			i;

	for (i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (!att->attisdropped && strcmp(NameStr(att->attname), name) == 0)
		{
			if (att->atttypid != type)
				ereport(ERROR,
						(errcode(ERRCODE_DATATYPE_MISMATCH),
						 errmsg("field \"%s\" of the customer summary has type %s, not %s",
								name, format_type_be(att->atttypid), format_type_be(type)),
						 errhint("Pass summaries made by ltv_summary().")));
			return (AttrNumber) (i + 1);
		}
	}
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_COLUMN),
			 errmsg("the customer summary has no field \"%s\"", name),
			 errhint("Pass summaries made by ltv_summary().")));
	return InvalidAttrNumber;	/* not reached */
}

static SummaryFields *
summary_fields(FunctionCallInfo fcinfo, HeapTupleHeader summary)
{
	SummaryFields *f = (SummaryFields *) fcinfo->flinfo->fn_extra;
	Oid			typid = HeapTupleHeaderGetTypeId(summary);
	int32		typmod = HeapTupleHeaderGetTypMod(summary);

	if (f == NULL || f->typid != typid || f->typmod != typmod)
	{
		TupleDesc	desc = lookup_rowtype_tupdesc(typid, typmod);
		MemoryContext old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);

		if (f == NULL)
			f = palloc0(sizeof(SummaryFields));
		else
			FreeTupleDesc(f->desc);
		f->desc = CreateTupleDescCopy(desc);
		MemoryContextSwitchTo(old);
		ReleaseTupleDesc(desc);
		f->typid = typid;
		f->typmod = typmod;
		f->have_unit = false;
		fcinfo->flinfo->fn_extra = f;
		f->x = summary_attnum(f->desc, "x", INT8OID);
		f->t_x = summary_attnum(f->desc, "t_x", FLOAT8OID);
		f->t_cal = summary_attnum(f->desc, "t_cal", FLOAT8OID);
		f->m_x = summary_attnum(f->desc, "m_x", FLOAT8OID);
		f->unit = summary_attnum(f->desc, "unit", INTERVALOID);
	}
	return f;
}

static double
summary_field_float(HeapTuple tuple, const SummaryFields *f, AttrNumber attnum, bool *isnull)
{
	Datum		value = heap_getattr(tuple, attnum, f->desc, isnull);

	if (*isnull)
		return 0;
	if (attnum == f->x)
		return (double) DatumGetInt64(value);
	return DatumGetFloat8(value);
}

static void
summary_field_unit(HeapTuple tuple, SummaryFields *f, LtvUnit *unit)
{
	bool		isnull;
	Datum		value = heap_getattr(tuple, f->unit, f->desc, &isnull);
	const Interval *iv;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the customer summary has no unit"),
				 errhint("Pass summaries made by ltv_summary().")));
	iv = DatumGetIntervalP(value);
	if (!f->have_unit || iv->time != f->last_unit.time || iv->day != f->last_unit.day ||
		iv->month != f->last_unit.month)
	{
		ltv_unit_from_interval(iv, "unit", &f->last_unit_value);
		f->last_unit = *iv;
		f->have_unit = true;
	}
	*unit = f->last_unit_value;
}

/*
 * ltv_fit(ltv_customer_summary [, model text]): ltv_fit's state fed from
 * summaries, in the summaries' unit
 */
PG_FUNCTION_INFO_V1(ltv_fit_summary_transfn);
Datum
ltv_fit_summary_transfn(PG_FUNCTION_ARGS)
{
	HeapTupleHeader summary;
	HeapTupleData tuple;
	SummaryFields *f;
	LtvUnit		unit;
	bool		null_x,
				null_t_x,
				null_t,
				null_m;
	double		x,
				t_x,
				T,
				m;
	const LtvPurchaseModel *pm = &ltv_bgnbd_model;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_NARGS() > 2)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("model must not be NULL"),
					 errhint("Use one of %s.", ltv_purchase_model_names())));
		pm = ltv_model_kind_from_text(PG_GETARG_TEXT_PP(2));
	}
	summary = PG_GETARG_HEAPTUPLEHEADER(1);
	f = summary_fields(fcinfo, summary);
	tuple.t_len = HeapTupleHeaderGetDatumLength(summary);
	ItemPointerSetInvalid(&tuple.t_self);
	tuple.t_tableOid = InvalidOid;
	tuple.t_data = summary;
	x = summary_field_float(&tuple, f, f->x, &null_x);
	t_x = summary_field_float(&tuple, f, f->t_x, &null_t_x);
	T = summary_field_float(&tuple, f, f->t_cal, &null_t);
	m = summary_field_float(&tuple, f, f->m_x, &null_m);
	if (null_x && null_t_x && null_t)
	{
		/* a customer without purchases (all fields NULL) */
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	summary_field_unit(&tuple, f, &unit);
	return ltv_fit_state_step(fcinfo, null_x || null_t_x || null_t, x, t_x, T, m, null_m, &unit, pm, 1);
}

/* the model, after checking that the summary is in the model's unit */
PG_FUNCTION_INFO_V1(ltv_model_for_summary);
Datum
ltv_model_for_summary(PG_FUNCTION_ARGS)
{
	struct varlena *model = PG_GETARG_LTV_MODEL(0);
	HeapTupleHeader summary = PG_GETARG_HEAPTUPLEHEADER(1);
	LtvUnit		unit;
	LtvModelInfo mi;

	ltv_model_read(model, &mi);
	summary_unit(summary, &unit);
	if (unit.months != mi.unit.months || unit.days != mi.unit.days ||
		unit.usecs != mi.unit.usecs)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the customer summary and the model use different units"),
				 errhint("Summarize customers with the unit the model was fitted in (ltv_summary's fifth argument).")));
	PG_RETURN_POINTER(model);
}
