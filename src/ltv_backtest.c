/*
 * ltv_backtest.c: the holdout backtest of a purchase model, in one aggregate
 * over raw orders.
 *
 *   ltv_backtest(customer_id, ordered_at, amount, calibration_end, holdout_end
 *                [, model text [, period interval, unit interval]]) -> ltv_backtest_row[]
 *
 * Groups the orders by customer (a hash table of two ltv_summary states per
 * customer: up to calibration_end and up to holdout_end), fits the model and
 * Gamma-Gamma on the calibration summaries of the customers whose first
 * purchase is in the calibration period (the cohort; exactly what
 * ltv_fit(summary, model) gives), and compares with what they did up to
 * holdout_end:
 *
 *   section 'calibration_holdout'  per calibration frequency x = 0..6 and 7+:
 *       customers, mean actual and mean predicted repeat purchases in the
 *       holdout (E[Y(h) | x, t_x, T], h = the holdout's length in units)
 *   section 'tracking'  per unit period from the cohort's first period to
 *       holdout_end, metric 'incremental' and 'cumulative': actual repeat
 *       purchases and predicted ones (the sum over customers of E[X(t)]
 *       since each one's first purchase); phase 'calibration' or 'holdout'
 *   section 'errors'  for metric 'repeat purchases' and 'spend' (holdout
 *       revenue against E[Y(h)] times the Gamma-Gamma expected spend):
 *       rows 'total' (actual, predicted), 'bias %', 'MAE', 'RMSE' (per
 *       customer) and 'correlation' (Pearson, over customers) in value
 *   section 'model'  the fit: its parameters, 'loglik', 'converged' (1/0)
 *
 * The state is internal without a combine function: the aggregate runs in
 * one process (PARALLEL SAFE: a parallel plan runs it above the Gather).
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

#include "core/clv.h"
#include "ltv_time.h"
#include "model.h"
#include "summary.h"

#define FREQ_GROUPS 8			/* x = 0..6 and 7+ */
#define NCOLS 10

/* ---- the customer key ---- */

typedef struct BtKeyType
{
	Oid			typid;
	Oid			collation;
	int16		typlen;
	bool		typbyval;
	bool		is_int8;
	bool		is_int4;
	FmgrInfo	hash_finfo;
	FmgrInfo	eq_finfo;
} BtKeyType;

static void
key_type_init(BtKeyType *kt, Oid typid, Oid collation, MemoryContext mcxt)
{
	TypeCacheEntry *tce;

	kt->typid = typid;
	kt->collation = collation;
	get_typlenbyval(typid, &kt->typlen, &kt->typbyval);
	kt->is_int8 = typid == INT8OID;
	kt->is_int4 = typid == INT4OID;
	tce = lookup_type_cache(typid, TYPECACHE_HASH_PROC_FINFO | TYPECACHE_EQ_OPR_FINFO);
	if (!OidIsValid(tce->hash_proc) || !OidIsValid(tce->eq_opr))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("customer_id of type %s cannot be hashed", format_type_be(typid)),
				 errdetail("ltv_backtest groups orders by customer with the type's hash and equality functions."),
				 errhint("Cast customer_id to a type with a hash operator class, such as bigint, text or uuid.")));
	fmgr_info_cxt(tce->hash_proc_finfo.fn_oid, &kt->hash_finfo, mcxt);
	fmgr_info_cxt(tce->eq_opr_finfo.fn_oid, &kt->eq_finfo, mcxt);
}

static inline uint32
key_hash(const BtKeyType *kt, Datum key)
{
	if (kt->is_int8)
	{
		uint64		v = (uint64) DatumGetInt64(key);

		return murmurhash32((uint32) v ^ murmurhash32((uint32) (v >> 32)));
	}
	if (kt->is_int4)
		return murmurhash32((uint32) DatumGetInt32(key));
	return DatumGetUInt32(FunctionCall1Coll((FmgrInfo *) &kt->hash_finfo, kt->collation, key));
}

static inline bool
key_equal(const BtKeyType *kt, Datum a, Datum b)
{
	if (kt->is_int8)
		return DatumGetInt64(a) == DatumGetInt64(b);
	if (kt->is_int4)
		return DatumGetInt32(a) == DatumGetInt32(b);
	return DatumGetBool(FunctionCall2Coll((FmgrInfo *) &kt->eq_finfo, kt->collation, a, b));
}

/* a customer's orders up to calibration_end and up to holdout_end */
typedef struct BtStates
{
	LtvCustomerState cal;
	LtvCustomerState all;
} BtStates;

typedef struct BtCustomer
{
	Datum		key;
	uint32		hash;
	char		status;
	BtStates   *states;
} BtCustomer;

#define SH_PREFIX bthash
#define SH_ELEMENT_TYPE BtCustomer
#define SH_KEY_TYPE Datum
#define SH_KEY key
#define SH_HASH_KEY(tb, k) key_hash((const BtKeyType *) (tb)->private_data, k)
#define SH_EQUAL(tb, a, b) key_equal((const BtKeyType *) (tb)->private_data, a, b)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) ((a)->hash)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

typedef struct BtState
{
	MemoryContext mcxt;
	BtKeyType	key_type;
	Oid			time_type;
	Oid			amount_type;
	int64		cal_end;
	int64		hold_end;
	LtvSummaryParams cal;		/* as_of = calibration_end */
	LtvSummaryParams hold;		/* as_of = holdout_end */
	const LtvPurchaseModel *pm;
	bthash_hash *customers;
} BtState;

static void
arg_not_null(FunctionCallInfo fcinfo, int arg, const char *name, const char *hint)
{
	if (PG_ARGISNULL(arg))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", name),
				 errhint("%s", hint)));
}

/* the arguments after amount, checked; the same for every row of a group */
static void
row_setup(FunctionCallInfo fcinfo, Oid time_type, int64 *cal_end, int64 *hold_end,
		  const LtvPurchaseModel **pm, Interval **period, Interval **unit)
{
	arg_not_null(fcinfo, 4, "calibration_end", "Pass the end of the calibration period, such as '1997-09-30'.");
	arg_not_null(fcinfo, 5, "holdout_end", "Pass the end of the holdout period, such as '1998-06-30'.");
	*cal_end = ltv_time_datum_usecs(PG_GETARG_DATUM(4), time_type, "calibration_end");
	*hold_end = ltv_time_datum_usecs(PG_GETARG_DATUM(5), time_type, "holdout_end");
	if (!(*cal_end < *hold_end))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("holdout_end must be after calibration_end"),
				 errhint("The holdout period is (calibration_end, holdout_end].")));
	*pm = &ltv_bgnbd_model;
	*period = NULL;
	*unit = NULL;
	if (PG_NARGS() > 6)
	{
		arg_not_null(fcinfo, 6, "model", psprintf("Use one of %s.", ltv_purchase_model_names()));
		*pm = ltv_model_kind_from_text(PG_GETARG_TEXT_PP(6));
	}
	if (PG_NARGS() > 8)
	{
		arg_not_null(fcinfo, 7, "period", "Pass the length of a purchase occasion, such as '1 day'.");
		arg_not_null(fcinfo, 8, "unit", "Pass the unit of t_x and T, such as '7 days'.");
		*period = PG_GETARG_INTERVAL_P(7);
		*unit = PG_GETARG_INTERVAL_P(8);
	}
}

PG_FUNCTION_INFO_V1(ltv_backtest_transfn);
Datum
ltv_backtest_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	BtState    *state = PG_ARGISNULL(0) ? NULL : (BtState *) PG_GETARG_POINTER(0);
	Oid			time_type;
	int64		cal_end,
				hold_end,
				ts;
	const LtvPurchaseModel *pm;
	Interval   *period,
			   *unit;
	LtvAmount	amount;
	BtCustomer *entry;
	bool		found;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "ltv_backtest_transfn called in non-aggregate context");
	time_type = ltv_time_argtype(fcinfo, 2);
	row_setup(fcinfo, time_type, &cal_end, &hold_end, &pm, &period, &unit);
	if (state == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(aggcontext);

		state = palloc0(sizeof(BtState));
		state->mcxt = aggcontext;
		key_type_init(&state->key_type, get_fn_expr_argtype(fcinfo->flinfo, 1), PG_GET_COLLATION(), aggcontext);
		state->time_type = time_type;
		state->amount_type = get_fn_expr_argtype(fcinfo->flinfo, 3);
		state->cal_end = cal_end;
		state->hold_end = hold_end;
		state->pm = pm;
		ltv_summary_params_init(&state->cal, cal_end, period, unit);
		ltv_summary_params_init(&state->hold, hold_end, period, unit);
		state->customers = bthash_create(aggcontext, 1024, &state->key_type);
		MemoryContextSwitchTo(old);
	}
	else if (state->cal_end != cal_end || state->hold_end != hold_end || state->pm != pm)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("calibration_end, holdout_end and model must be the same for every row of a group"),
				 errhint("Pass constants, or group by them.")));
	else if (period != NULL)
	{
		LtvSummaryParams p;

		ltv_summary_params_init(&p, cal_end, period, unit);
		ltv_summary_params_check_same(&state->cal, &p);
	}
	/* rows without a customer, time or amount are skipped, as by ltv_summary */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		PG_RETURN_POINTER(state);
	ts = ltv_time_datum_usecs(PG_GETARG_DATUM(2), time_type, "ordered_at");
	if (ts > hold_end)
		PG_RETURN_POINTER(state);
	ltv_amount_from_datum(PG_GETARG_DATUM(3), state->amount_type, &amount);
	entry = bthash_insert(state->customers, PG_GETARG_DATUM(1), &found);
	if (!found)
	{
		MemoryContext old = MemoryContextSwitchTo(aggcontext);

		if (!state->key_type.typbyval)
			entry->key = datumCopy(PG_GETARG_DATUM(1), false, state->key_type.typlen);
		entry->states = palloc(sizeof(BtStates));
		ltv_customer_init(&entry->states->cal);
		ltv_customer_init(&entry->states->all);
		MemoryContextSwitchTo(old);
	}
	if (ts <= cal_end)
		ltv_customer_add(&entry->states->cal, aggcontext, &state->cal, ts, &amount);
	ltv_customer_add(&entry->states->all, aggcontext, &state->hold, ts, &amount);
	PG_RETURN_POINTER(state);
}

/* ---- the final function ---- */

/* one cohort customer */
typedef struct BtRow
{
	double		x,
				t_x,
				T,
				m;
	int64		first_period;
	double		actual;			/* holdout repeat occasions */
	double		actual_spend;	/* holdout revenue */
	double		predicted;
	double		predicted_spend;
} BtRow;

typedef struct OutRows
{
	TupleDesc	desc;
	Datum	   *items;
	int			n,
				cap;
} OutRows;

static void
emit(OutRows *o, const char *section, const char *phase, const char *metric, int period, bool has_period,
	 int64 period_start, int frequency, bool has_frequency, int64 customers, bool has_customers,
	 double actual, double predicted, double value)
{
	Datum		v[NCOLS];
	bool		nulls[NCOLS] = {false};

	if (o->n == o->cap)
	{
		o->cap = o->cap ? 2 * o->cap : 64;
		o->items = o->items ? repalloc(o->items, o->cap * sizeof(Datum)) : palloc(o->cap * sizeof(Datum));
	}
	v[0] = CStringGetTextDatum(section);
	nulls[1] = phase == NULL;
	v[1] = phase ? CStringGetTextDatum(phase) : (Datum) 0;
	v[2] = CStringGetTextDatum(metric);
	nulls[3] = !has_period;
	v[3] = Int32GetDatum(period);
	nulls[4] = !has_period;
	v[4] = TimestampTzGetDatum(period_start);
	nulls[5] = !has_frequency;
	v[5] = Int32GetDatum(frequency);
	nulls[6] = !has_customers;
	v[6] = Int64GetDatum(customers);
	nulls[7] = isnan(actual);
	v[7] = Float8GetDatum(actual);
	nulls[8] = isnan(predicted);
	v[8] = Float8GetDatum(predicted);
	nulls[9] = isnan(value);
	v[9] = Float8GetDatum(value);
	o->items[o->n++] = HeapTupleGetDatum(heap_form_tuple(o->desc, v, nulls));
}

/* error figures of predicted against actual over the cohort */
static void
emit_errors(OutRows *o, const char *metric, const BtRow *rows, size_t n, bool spend)
{
	double		sa = 0,
				sp = 0,
				sabs = 0,
				ssq = 0,
				saa = 0,
				spp = 0,
				sap = 0,
				ma,
				mp,
				cov,
				va,
				vp;
	size_t		i;

	for (i = 0; i < n; i++)
	{
		double		a = spend ? rows[i].actual_spend : rows[i].actual;
		double		p = spend ? rows[i].predicted_spend : rows[i].predicted;

		sa += a;
		sp += p;
		sabs += fabs(p - a);
		ssq += (p - a) * (p - a);
	}
	ma = sa / n;
	mp = sp / n;
	for (i = 0; i < n; i++)
	{
		double		a = (spend ? rows[i].actual_spend : rows[i].actual) - ma;
		double		p = (spend ? rows[i].predicted_spend : rows[i].predicted) - mp;

		saa += a * a;
		spp += p * p;
		sap += a * p;
	}
	cov = sap;
	va = saa;
	vp = spp;
	emit(o, "errors", "holdout", psprintf("%s: total", metric), 0, false, 0, 0, false, (int64) n, true, sa, sp, NAN);
	emit(o, "errors", "holdout", psprintf("%s: bias %%", metric), 0, false, 0, 0, false, (int64) n, true, NAN, NAN,
		 sa != 0 ? 100.0 * (sp - sa) / sa : NAN);
	emit(o, "errors", "holdout", psprintf("%s: MAE", metric), 0, false, 0, 0, false, (int64) n, true, NAN, NAN,
		 sabs / n);
	emit(o, "errors", "holdout", psprintf("%s: RMSE", metric), 0, false, 0, 0, false, (int64) n, true, NAN, NAN,
		 sqrt(ssq / n));
	emit(o, "errors", "holdout", psprintf("%s: correlation", metric), 0, false, 0, 0, false, (int64) n, true, NAN,
		 NAN, va > 0 && vp > 0 ? cov / sqrt(va * vp) : NAN);
}

static double
revenue(const LtvCustomerState *s)
{
	return ltv_decimal_to_double(s->acc.purchase_sum, s->acc.scale) -
		ltv_decimal_to_double(s->acc.refund_sum, s->acc.scale);
}

/*
 * A total order on the cohort's rows, first period first (the tracking chart
 * walks them by first period).  The hash table hands customers out in an
 * order that depends on the order the rows arrived in; every sum over
 * customers below runs in this order instead, so that the result is the same
 * bit for bit serially, in a parallel plan, on shuffled input and on Citus.
 * Rows equal in every field are interchangeable.
 */
/* doubles in a total order: NaN after every number */
static int
cmp_double(double a, double b)
{
	if (isnan(a) || isnan(b))
		return (isnan(a) ? 1 : 0) - (isnan(b) ? 1 : 0);
	return (a > b) - (a < b);
}

static int
cmp_canonical(const void *a, const void *b)
{
	const BtRow *x = (const BtRow *) a;
	const BtRow *y = (const BtRow *) b;

	if (x->first_period != y->first_period)
		return x->first_period < y->first_period ? -1 : 1;
#define BT_CMP_FIELD(f) \
	if (cmp_double(x->f, y->f) != 0) \
		return cmp_double(x->f, y->f)
	BT_CMP_FIELD(x);
	BT_CMP_FIELD(t_x);
	BT_CMP_FIELD(T);
	BT_CMP_FIELD(m);
	BT_CMP_FIELD(actual);
	BT_CMP_FIELD(actual_spend);
#undef BT_CMP_FIELD
	return 0;
}

PG_FUNCTION_INFO_V1(ltv_backtest_finalfn);
Datum
ltv_backtest_finalfn(PG_FUNCTION_ARGS)
{
	BtState    *state = PG_ARGISNULL(0) ? NULL : (BtState *) PG_GETARG_POINTER(0);
	Oid			rettype = get_fn_expr_rettype(fcinfo->flinfo);
	Oid			elemtype = get_element_type(rettype);
	bthash_iterator it;
	BtCustomer *entry;
	BtRow	   *rows;
	size_t		n = 0,
				cap,
				i;
	int64		P0 = PG_INT64_MAX,
				ratio,
				A_cal,
				A_hold;
	double		h,
				H,
				C;
	LtvFitState *fit_state;
	struct varlena *model;
	LtvModelInfo mi;
	const double *params = NULL;
	LtvGgParams gg;
	bool		have_gg = false;
	OutRows		out = {0};
	int64		K,
				k;
	double	   *act_inc;
	int64		freq_n[FREQ_GROUPS] = {0};
	double		freq_a[FREQ_GROUPS] = {0},
				freq_p[FREQ_GROUPS] = {0};

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "ltv_backtest_finalfn called in non-aggregate context");
	if (state == NULL || !OidIsValid(elemtype))
		PG_RETURN_NULL();
	out.desc = lookup_rowtype_tupdesc_copy(elemtype, -1);
	out.desc = BlessTupleDesc(out.desc);
	ratio = state->cal.ratio;
	A_cal = state->cal.asof_period;
	A_hold = state->hold.asof_period;
	h = (double) (A_hold - A_cal) / ratio;

	/* 1. the cohort: customers with a purchase in the calibration period */
	cap = Max(state->customers->members, 1);
	rows = palloc_extended(cap * sizeof(BtRow), MCXT_ALLOC_HUGE);
	bthash_start_iterate(state->customers, &it);
	while ((entry = bthash_iterate(state->customers, &it)) != NULL)
	{
		LtvSummaryResult cr;
		BtRow	   *r;
		int32		j,
					nall;

		if ((n & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		if (entry->states->cal.acc.orders == 0)
			continue;
		ltv_customer_result(&entry->states->cal, &state->cal, &cr);
		r = &rows[n++];
		r->x = (double) cr.x;
		r->t_x = cr.t_x;
		r->T = cr.t_cal;
		r->m = cr.mean_repeat_amount;
		r->first_period = entry->states->cal.acc.first_period;
		nall = ltv_period_set_compact(&entry->states->all.periods);
		r->actual = 0;
		for (j = 0; j < nall; j++)
			if (entry->states->all.periods.items[j] > A_cal)
				r->actual += 1;
		r->actual_spend = revenue(&entry->states->all) - revenue(&entry->states->cal);
		P0 = Min(P0, r->first_period);
	}
	if (n == 0)
		PG_RETURN_NULL();
	qsort(rows, n, sizeof(BtRow), cmp_canonical);

	/* 2. the fit, through ltv_fit's own final step (the model of ltv_fit(summary, model)) */
	fit_state = ltv_fit_state_alloc(CurrentMemoryContext, (int64) n, &state->cal.unit, state->pm);
	for (i = 0; i < n; i++)
	{
		LtvFitRecord *rec = &fit_state->records[i];

		rec->x = (int32) rows[i].x;
		rec->t_x = rows[i].t_x + 0.0;
		rec->T = rows[i].T + 0.0;
		rec->has_m = (rows[i].x > 0 && rows[i].m > 0) ? 1 : 0;
		rec->m = rec->has_m ? rows[i].m : 0.0;
		rec->count = 1;
	}
	fit_state->nrecords = (int64) n;
	model = ltv_fit_state_fit(fit_state);
	pfree(fit_state);
	ltv_model_read(model, &mi);
	if (ltv_fit_status_fitted(mi.status))
		params = mi.params;
	if (ltv_fit_status_fitted(mi.gg_status))
	{
		gg = mi.gg;
		have_gg = true;
	}
	for (i = 0; i < (size_t) mi.pm->nparams; i++)
		emit(&out, "model", NULL, mi.pm->param_names[i], 0, false, 0, 0, false, (int64) mi.n_customers, true,
			 NAN, NAN, mi.params[i]);
	emit(&out, "model", NULL, "loglik", 0, false, 0, 0, false, (int64) mi.n_customers, true, NAN, NAN, mi.loglik);
	emit(&out, "model", NULL, "converged", 0, false, 0, 0, false, (int64) mi.n_customers, true, NAN, NAN,
		 mi.status == LTV_FIT_OK ? 1.0 : 0.0);
	if (params == NULL)
		ereport(NOTICE,
				(errmsg("ltv_backtest: the %s model could not be fitted; only actual values are shown",
						mi.pm->label)));

	/* 3. per customer predictions, the calibration/holdout table */
	for (i = 0; i < n; i++)
	{
		BtRow	   *r = &rows[i];
		int			g = r->x >= FREQ_GROUPS - 1 ? FREQ_GROUPS - 1 : (int) r->x;

		if ((i & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		r->predicted = params ? mi.pm->expected(params, h, r->x, r->t_x, r->T) : NAN;
		r->predicted_spend = have_gg ? r->predicted * ltv_gg_expected_spend(&gg, r->x, r->m) : NAN;
		freq_n[g]++;
		freq_a[g] += r->actual;
		freq_p[g] += r->predicted;
	}
	for (k = 0; k < FREQ_GROUPS; k++)
		if (freq_n[k] > 0)
			emit(&out, "calibration_holdout", "holdout",
				 k == FREQ_GROUPS - 1 ? "repeat purchases per customer, x >= 7" : "repeat purchases per customer",
				 0, false, 0, (int) k, true, freq_n[k], true, freq_a[k] / freq_n[k], freq_p[k] / freq_n[k], NAN);

	/* 4. the tracking chart, in unit periods since the cohort's first period */
	H = (double) (A_hold - P0) / ratio;
	C = (double) (A_cal - P0) / ratio;
	K = (int64) floor(H) + 1;	/* buckets 0 .. K-1 cover [0, H] */
	if (K > 1000000)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the tracking chart would have more than 1000000 periods"),
				 errhint("Use a longer unit.")));
	act_inc = palloc0(K * sizeof(double));
	bthash_start_iterate(state->customers, &it);
	while ((entry = bthash_iterate(state->customers, &it)) != NULL)
	{
		const LtvPeriodSet *ps = &entry->states->all.periods;
		int64		first = entry->states->cal.acc.first_period;
		int32		j;

		CHECK_FOR_INTERRUPTS();
		if (entry->states->cal.acc.orders == 0)
			continue;
		for (j = 0; j < ps->count; j++)
		{
			int64		p = ps->items[j];

			if (p == first || p < first)
				continue;
			k = (p - P0) / ratio;
			if (k >= 0 && k < K)
				act_inc[k] += 1;
		}
	}
	{
		double		cum_a = 0,
					prev_pred = 0;

		for (k = 0; k < K; k++)
		{
			double		b = fmin((double) (k + 1), H),
						pred = 0;
			size_t		i0;
			int64		start_ts = 0;

			CHECK_FOR_INTERRUPTS();
			/* customers by first period: n_f E[X(b - s_f)] */
			for (i0 = 0; i0 < n && params;)
			{
				size_t		i1 = i0;
				double		s = (double) (rows[i0].first_period - P0) / ratio;

				while (i1 < n && rows[i1].first_period == rows[i0].first_period)
					i1++;
				if (b > s)
					pred += (i1 - i0) * mi.pm->expected_new(params, b - s);
				i0 = i1;
			}
			if (!params)
				pred = NAN;
			if (ltv_period_start_of(0, &state->cal.period, P0 + k * ratio, &start_ts) != LTV_PERIOD_OK)
				start_ts = 0;
			cum_a += act_inc[k];
			emit(&out, "tracking", (double) k >= C ? "holdout" : "calibration", "incremental", (int) k, true,
				 start_ts, 0, false, 0, false, act_inc[k], pred - prev_pred, NAN);
			emit(&out, "tracking", (double) k >= C ? "holdout" : "calibration", "cumulative", (int) k, true,
				 start_ts, 0, false, 0, false, cum_a, pred, NAN);
			prev_pred = pred;
		}
	}

	/* 5. error figures */
	emit_errors(&out, "repeat purchases", rows, n, false);
	emit_errors(&out, "spend", rows, n, true);

	PG_RETURN_ARRAYTYPE_P(construct_array(out.items, out.n, elemtype, -1, false, TYPALIGN_DOUBLE));
}
