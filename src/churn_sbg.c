/*
 * churn_sbg.c: the shifted-beta-geometric model in SQL: fitting to a cohort's
 * survivors per period or to a churn_curve of whole-period durations, and its
 * projections.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "churn.h"
#include "core/sbg.h"

#define SBG_MAX_PERIODS 100000

PG_FUNCTION_INFO_V1(sbg_fit_survivors);
PG_FUNCTION_INFO_V1(sbg_fit_curve);
PG_FUNCTION_INFO_V1(sbg_survival);
PG_FUNCTION_INFO_V1(sbg_retention);
PG_FUNCTION_INFO_V1(sbg_churn_probability);
PG_FUNCTION_INFO_V1(sbg_derl);

static Datum
sbg_result(FunctionCallInfo fcinfo, const double *churned, const double *censored,
		   int64 periods)
{
	TupleDesc	tupdesc;
	LtvSbgFit	fit;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "sbg_fit: return type must be a row type");
	tupdesc = BlessTupleDesc(tupdesc);
	if (!ltv_sbg_fit(churned, censored, periods, &fit))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sbg_fit needs at least one churned customer"),
				 errdetail("Nobody churned in the %lld periods given, so the churn rates cannot be estimated.",
						   (long long) periods),
				 errhint("Fit on a longer history, or on a cohort that has lost customers.")));
	if (!fit.converged)
		ereport(WARNING,
				(errmsg("sbg_fit did not converge"),
				 errdetail("Stopped after %d iterations at alpha = %g, beta = %g.",
						   fit.iterations, fit.alpha, fit.beta),
				 errhint("The data may not identify the model, for example when every customer churns in the first period.")));
	values[0] = Float8GetDatum(fit.alpha);
	values[1] = Float8GetDatum(fit.beta);
	values[2] = Float8GetDatum(fit.log_likelihood);
	values[3] = BoolGetDatum(fit.converged);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

static void
sbg_bad_survivors(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("sbg_fit survivors must be a non-increasing series of counts"),
			 errdetail("%s", detail),
			 errhint("Pass the number (or percent) of a cohort still active at the start of periods 0, 1, 2, ...: for example ARRAY[1000, 631, 468].")));
}

/*
 * sbg_fit(survivors float8[]): survivors[1] customers at the start (period
 * 0), survivors[t + 1] still active at the start of period t.  Those lost
 * between t - 1 and t churned in period t; the last survivors are censored.
 */
Datum
sbg_fit_survivors(PG_FUNCTION_ARGS)
{
	ArrayType  *array = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *elem_nulls;
	int			n,
				t;
	double	   *churned,
			   *censored;

	if (ARR_NDIM(array) > 1)
		sbg_bad_survivors("The array has more than one dimension.");
	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &elem_nulls, &n);
	if (n < 2)
		sbg_bad_survivors("At least two values are needed: the cohort at the start and after one period.");
	if (n - 1 > SBG_MAX_PERIODS)
		sbg_bad_survivors(psprintf("At most %d periods are supported.", SBG_MAX_PERIODS));
	for (t = 0; t < n; t++)
	{
		double		x;

		if (elem_nulls[t])
			sbg_bad_survivors(psprintf("Element %d is NULL.", t + 1));
		x = DatumGetFloat8(elems[t]);
		if (!isfinite(x) || x < 0)
			sbg_bad_survivors(psprintf("Element %d is %g.", t + 1, x));
		if (t > 0 && x > DatumGetFloat8(elems[t - 1]))
			sbg_bad_survivors(psprintf("Element %d (%g) is larger than element %d (%g).",
									   t + 1, x, t, DatumGetFloat8(elems[t - 1])));
	}
	if (!(DatumGetFloat8(elems[0]) > 0))
		sbg_bad_survivors("The cohort at the start is empty.");
	churned = palloc0(sizeof(double) * (n - 1));
	censored = palloc0(sizeof(double) * (n - 1));
	for (t = 1; t < n; t++)
		churned[t - 1] = DatumGetFloat8(elems[t - 1]) - DatumGetFloat8(elems[t]);
	censored[n - 2] = DatumGetFloat8(elems[n - 1]);
	return sbg_result(fcinfo, churned, censored, n - 1);
}

/*
 * sbg_fit(curve churn_curve): durations are whole periods; a customer churned
 * at duration t left in period t (t >= 1); a customer censored at t is known
 * to have survived t periods.
 */
Datum
sbg_fit_curve(PG_FUNCTION_ARGS)
{
	ChurnCurve *curve = churn_curve_from_datum(PG_GETARG_DATUM(0));
	double		last = curve->entries[curve->count - 1].duration;
	int64		periods,
				i;
	double	   *churned,
			   *censored;

	for (i = 0; i < curve->count; i++)
	{
		const ChurnEntry *e = &curve->entries[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (e->duration != floor(e->duration))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sbg_fit needs whole-period durations"),
					 errdetail("The curve has duration %g.", e->duration),
					 errhint("Build the curve from whole periods, for example churn_curve(floor(churn_duration(started_at, ended_at, '1 month')), churned).")));
		if (e->duration == 0 && e->churned > 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("sbg_fit cannot use customers churned at duration 0"),
					 errdetail("The sBG model counts the period a customer leaves in from 1; customers churned at 0: " INT64_FORMAT ".",
							   e->churned),
					 errhint("Count durations as the number of periods paid for (renewals + 1), or leave out customers who never started.")));
	}
	if (last > SBG_MAX_PERIODS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sbg_fit supports at most %d periods", SBG_MAX_PERIODS),
				 errdetail("The curve's longest duration is %g.", last),
				 errhint("Use a longer period unit.")));
	periods = (int64) last;
	if (periods < 1)
		periods = 1;
	churned = palloc0(sizeof(double) * periods);
	censored = palloc0(sizeof(double) * periods);
	for (i = 0; i < curve->count; i++)
	{
		const ChurnEntry *e = &curve->entries[i];
		int64		t = (int64) e->duration;

		if (t == 0)
			continue;			/* censored at 0: known to survive 0 periods, no information */
		churned[t - 1] += (double) e->churned;
		censored[t - 1] += (double) e->censored;
	}
	return sbg_result(fcinfo, churned, censored, periods);
}

static void
sbg_check_parameters(double alpha, double beta)
{
	if (!(alpha > 0 && beta > 0 && isfinite(alpha) && isfinite(beta)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sBG parameters must be finite and positive"),
				 errdetail("alpha = %g, beta = %g.", alpha, beta),
				 errhint("Pass the alpha and beta returned by sbg_fit.")));
}

static void
sbg_check_period(int32 period, int32 min)
{
	if (period < min || period > SBG_MAX_PERIODS * 10)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period must be between %d and %d", min, SBG_MAX_PERIODS * 10),
				 errdetail("The period given was %d.", period)));
}

Datum
sbg_survival(PG_FUNCTION_ARGS)
{
	double		alpha = PG_GETARG_FLOAT8(0),
				beta = PG_GETARG_FLOAT8(1);
	int32		period = PG_GETARG_INT32(2);

	sbg_check_parameters(alpha, beta);
	sbg_check_period(period, 0);
	PG_RETURN_FLOAT8(ltv_sbg_survival(alpha, beta, period));
}

Datum
sbg_retention(PG_FUNCTION_ARGS)
{
	double		alpha = PG_GETARG_FLOAT8(0),
				beta = PG_GETARG_FLOAT8(1);
	int32		period = PG_GETARG_INT32(2);

	sbg_check_parameters(alpha, beta);
	sbg_check_period(period, 1);
	PG_RETURN_FLOAT8(ltv_sbg_retention(alpha, beta, period));
}

Datum
sbg_churn_probability(PG_FUNCTION_ARGS)
{
	double		alpha = PG_GETARG_FLOAT8(0),
				beta = PG_GETARG_FLOAT8(1);
	int32		period = PG_GETARG_INT32(2);

	sbg_check_parameters(alpha, beta);
	sbg_check_period(period, 1);
	PG_RETURN_FLOAT8(ltv_sbg_churn_probability(alpha, beta, period));
}

Datum
sbg_derl(PG_FUNCTION_ARGS)
{
	double		alpha = PG_GETARG_FLOAT8(0),
				beta = PG_GETARG_FLOAT8(1),
				discount = PG_GETARG_FLOAT8(2);
	int32		renewals = PG_GETARG_INT32(3);

	sbg_check_parameters(alpha, beta);
	if (!(discount >= 0 && isfinite(discount)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sbg_derl discount must be finite and >= 0"),
				 errdetail("The discount given was %g.", discount),
				 errhint("Pass the discount rate per period, for example 0.10 for 10%%.")));
	if (discount > 0 && discount < 1e-6)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sbg_derl discount must be 0 or at least 1e-6"),
				 errdetail("The discount given was %g.", discount),
				 errhint("Pass 0 for the undiscounted expected residual lifetime.")));
	if (renewals < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sbg_derl renewals must be >= 0"),
				 errdetail("The renewals given were %d.", renewals)));
	PG_RETURN_FLOAT8(ltv_sbg_derl(alpha, beta, discount, renewals));
}
