/*
 * churn.c: reading a churn_curve: the Kaplan-Meier table, quantiles and the
 * median with confidence intervals, the restricted mean and S(t).
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

#include "churn.h"
#include "core/kaplan_meier.h"

PG_FUNCTION_INFO_V1(churn_table);
PG_FUNCTION_INFO_V1(churn_quantile);
PG_FUNCTION_INFO_V1(churn_restricted_mean);
PG_FUNCTION_INFO_V1(churn_survival);

static LtvKmConfType
churn_conf_type(text *name)
{
	char	   *s = text_to_cstring(name);

	if (strcmp(s, "log") == 0)
		return LTV_KM_CONF_LOG;
	if (strcmp(s, "log-log") == 0)
		return LTV_KM_CONF_LOG_LOG;
	if (strcmp(s, "plain") == 0)
		return LTV_KM_CONF_PLAIN;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown confidence interval type \"%s\"", s),
			 errhint("Valid types are 'log' (the default, as R's survfit), 'log-log' (as lifelines) and 'plain'.")));
	pg_unreachable();
}

static double
churn_conf_level(double level)
{
	if (!(level > 0.0 && level < 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("conf_level must be between 0 and 1, exclusive"),
				 errdetail("The conf_level given was %g.", level),
				 errhint("Pass 0.95 for a 95%% confidence interval.")));
	return level;
}

/*
 * The Kaplan-Meier rows of a curve, allocated in the current context, read
 * straight from the entries (no copies): 80 bytes per distinct duration, at
 * most LTV_KM_MAX_ROWS of them (54000 beyond).
 */
static LtvKmRow *
churn_km_rows(const ChurnCurve *curve, LtvKmConfType conf_type, double conf_level, const char *reader)
{
	int32		n = curve->count;
	LtvKmRow   *rows;

	if (n > LTV_KM_MAX_ROWS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("churn_curve has too many distinct durations for %s", reader),
				 errdetail("The curve has %d distinct durations; %s reads at most %lld.",
						   n, reader, (long long) LTV_KM_MAX_ROWS),
				 errhint("Round the durations, for example to whole days or periods, before building the curve.")));
	rows = palloc(sizeof(LtvKmRow) * Max(n, 1));
	ltv_km_table_strided(&curve->entries[0].duration, (const int64_t *) &curve->entries[0].churned,
						 (const int64_t *) &curve->entries[0].censored, sizeof(ChurnEntry), n,
						 conf_type, conf_level, rows);
	return rows;
}

static inline Datum
churn_float_or_null(double x, bool *isnull)
{
	*isnull = isnan(x);
	return Float8GetDatum(isnan(x) ? 0.0 : x);
}

/* churn_table(curve, conf_type, conf_level): one row per distinct duration */
Datum
churn_table(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ChurnCurve *curve = churn_curve_from_datum(PG_GETARG_DATUM(0));
	LtvKmConfType conf_type = churn_conf_type(PG_GETARG_TEXT_PP(1));
	double		conf_level = churn_conf_level(PG_GETARG_FLOAT8(2));
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	MemoryContext old;
	LtvKmCursor cursor;
	int64		customers = 0;
	int32		i;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("churn_table must be called where a set is accepted"),
				 errhint("Call it in FROM: SELECT * FROM churn_table(curve).")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "churn_table: return type must be a row type");

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	tupdesc = CreateTupleDescCopy(tupdesc);
	store = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random,
								  false, work_mem);
	MemoryContextSwitchTo(old);

	for (i = 0; i < curve->count; i++)
		customers += curve->entries[i].churned + curve->entries[i].censored;
	ltv_km_begin(&cursor, customers, conf_type, conf_level);
	for (i = 0; i < curve->count; i++)
	{
		const ChurnEntry *e = &curve->entries[i];
		LtvKmRow	row;
		const LtvKmRow *r = &row;
		Datum		values[10];
		bool		nulls[10] = {false};

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		ltv_km_next(&cursor, e->duration, e->churned, e->censored, &row);
		values[0] = Float8GetDatum(r->time);
		values[1] = Int64GetDatum(r->n_risk);
		values[2] = Int64GetDatum(r->n_event);
		values[3] = Int64GetDatum(r->n_censor);
		values[4] = churn_float_or_null(r->surv, &nulls[4]);
		values[5] = churn_float_or_null(r->hazard, &nulls[5]);
		values[6] = churn_float_or_null(r->cum_hazard, &nulls[6]);
		values[7] = churn_float_or_null(r->std_err, &nulls[7]);
		values[8] = churn_float_or_null(r->lower, &nulls[8]);
		values[9] = churn_float_or_null(r->upper, &nulls[9]);
		tuplestore_putvalues(store, tupdesc, values, nulls);
	}

	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = tupdesc;
	return (Datum) 0;
}

/*
 * churn_quantile(curve, p, conf_type, conf_level) -> (duration, lower, upper):
 * the duration by which a fraction p of customers has churned, by R's
 * quantile.survfit rule applied to the curve and to its confidence bands.
 * churn_median is churn_quantile(curve, 0.5, ...).
 */
Datum
churn_quantile(PG_FUNCTION_ARGS)
{
	ChurnCurve *curve = churn_curve_from_datum(PG_GETARG_DATUM(0));
	double		p = PG_GETARG_FLOAT8(1);
	LtvKmConfType conf_type = churn_conf_type(PG_GETARG_TEXT_PP(2));
	double		conf_level = churn_conf_level(PG_GETARG_FLOAT8(3));
	TupleDesc	tupdesc;
	LtvKmRow   *rows;
	const double *curves[3];
	Datum		values[3];
	bool		nulls[3];
	int32		n = curve->count,
				c;

	if (!(p >= 0.0 && p <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_quantile p must be between 0 and 1"),
				 errdetail("The p given was %g.", p),
				 errhint("p is the fraction of customers churned: 0.5 for the median lifetime.")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "churn_quantile: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);

	rows = churn_km_rows(curve, conf_type, conf_level, "churn_quantile");
	curves[0] = &rows[0].surv;
	curves[1] = &rows[0].lower;
	curves[2] = &rows[0].upper;
	for (c = 0; c < 3; c++)
		values[c] = churn_float_or_null(ltv_km_quantile_strided(&rows[0].time, curves[c], sizeof(LtvKmRow), n, p),
										&nulls[c]);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* churn_restricted_mean(curve, horizon) -> (mean, std_err) */
Datum
churn_restricted_mean(PG_FUNCTION_ARGS)
{
	ChurnCurve *curve = churn_curve_from_datum(PG_GETARG_DATUM(0));
	double		horizon = PG_GETARG_FLOAT8(1);
	TupleDesc	tupdesc;
	LtvKmRow   *rows;
	double		mean,
				std_err;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (!(horizon >= 0.0) || isinf(horizon))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_restricted_mean horizon must be finite and >= 0"),
				 errdetail("The horizon given was %g.", horizon),
				 errhint("Pass the duration up to which lifetimes are averaged, in the curve's units, for example the longest duration observed.")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "churn_restricted_mean: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	rows = churn_km_rows(curve, LTV_KM_CONF_LOG, 0.95, "churn_restricted_mean");
	ltv_km_restricted_mean(rows, curve->count, horizon, &mean, &std_err);
	values[0] = Float8GetDatum(mean);
	values[1] = Float8GetDatum(std_err);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/* churn_survival(curve, duration): S(duration); NULL past the last duration unless S reached 0 */
Datum
churn_survival(PG_FUNCTION_ARGS)
{
	ChurnCurve *curve = churn_curve_from_datum(PG_GETARG_DATUM(0));
	double		t = PG_GETARG_FLOAT8(1);
	double		s;

	if (isnan(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_survival duration must not be NaN")));
	/* streamed: no table, O(1) memory whatever the curve's size */
	s = ltv_km_survival_at_strided(&curve->entries[0].duration, (const int64_t *) &curve->entries[0].churned,
								   (const int64_t *) &curve->entries[0].censored, sizeof(ChurnEntry),
								   curve->count, t);
	if (isnan(s))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(s);
}
