/*
 * model_value.c: what a customer acquired today is worth under a fitted
 * ltv_model, and how that compares with the cost of acquiring them:
 * ltv_new_customer_value and ltv_cac_ratio.  IMMUTABLE, STRICT, PARALLEL
 * SAFE; the math is src/core/acquisition.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/timestamp.h"

#include "core/acquisition.h"
#include "ltv_time.h"
#include "model.h"

/* The model and the checked horizon (months), discount rate and margin. */
typedef struct ValueArgs
{
	LtvModelInfo mi;
	const double *params;
	double		spend;			/* Gamma-Gamma population mean spend per occasion */
	double		months;
	double		discount_rate;
	double		margin;
	double		units_per_month;
} ValueArgs;

static void
value_args(FunctionCallInfo fcinfo, int horizon_arg, ValueArgs *a)
{
	LtvGgParams gg;

	ltv_model_read(PG_GETARG_LTV_MODEL(0), &a->mi);
	a->params = ltv_model_purchase_params(&a->mi);
	ltv_model_gg_params(&a->mi, &gg);
	a->spend = ltv_gg_expected_spend(&gg, 0, 0);
	a->discount_rate = PG_GETARG_FLOAT8(horizon_arg + 1);
	a->margin = PG_GETARG_FLOAT8(horizon_arg + 2);
	a->months = ltv_model_value_horizon(PG_GETARG_INTERVAL_P(horizon_arg), a->discount_rate, a->margin, "Value");
	a->units_per_month = LTV_MEAN_MONTH_USECS / ltv_unit_mean_usecs(&a->mi.unit);
}

static double
checked_value(double v)
{
	if (!isfinite(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the new-customer value could not be computed"),
				 errdetail("A prediction of the model over the horizon is not finite."),
				 errhint("Use a shorter time horizon.")));
	return v;
}

/* ltv_new_customer_value(model, horizon, discount_rate, margin) */
PG_FUNCTION_INFO_V1(ltv_new_customer_value);
Datum
ltv_new_customer_value(PG_FUNCTION_ARGS)
{
	ValueArgs	a;

	value_args(fcinfo, 1, &a);
	PG_RETURN_FLOAT8(checked_value(ltv_acq_value(a.mi.pm, a.params, a.spend, a.margin, a.months,
														  a.discount_rate, a.units_per_month)));
}

/*
 * ltv_cac_ratio(model, acquisition_cost, horizon, discount_rate, margin)
 *   -> (ltv, cac, ltv_cac_ratio, payback_months)
 */
PG_FUNCTION_INFO_V1(ltv_cac_ratio);
Datum
ltv_cac_ratio(PG_FUNCTION_ARGS)
{
	ValueArgs	a;
	double		cost = PG_GETARG_FLOAT8(1);
	double		value,
				payback;
	TupleDesc	desc;
	Datum		v[4];
	bool		nulls[4] = {false};

	if (!(cost > 0) || isinf(cost))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("acquisition_cost must be a finite number greater than 0"),
				 errhint("Pass the cost of acquiring one customer: the segment's marketing spend divided by the customers it acquired.")));
	value_args(fcinfo, 2, &a);
	value = checked_value(ltv_acq_value(a.mi.pm, a.params, a.spend, a.margin, a.months,
												 a.discount_rate, a.units_per_month));
	payback = checked_value(ltv_acq_payback_months(a.mi.pm, a.params, a.spend, a.margin, a.months,
											   a.discount_rate, a.units_per_month, cost));
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ltv_cac_ratio must return a composite");
	desc = BlessTupleDesc(desc);
	v[0] = Float8GetDatum(value);
	v[1] = Float8GetDatum(cost);
	v[2] = Float8GetDatum(value / cost);
	if (payback < 0)
		nulls[3] = true;		/* not paid back within the horizon */
	else
		v[3] = Float8GetDatum(payback);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, nulls)));
}
