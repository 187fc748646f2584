/*
 * model_predict.c: per-customer predictions from a fitted ltv_model.
 * IMMUTABLE, STRICT, PARALLEL SAFE; the math is the model's file in
 * src/core (through core/purchase_model.h), gammagamma.c and clv.c.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/timestamp.h"

#include "core/clv.h"
#include "ltv_time.h"
#include "model.h"

#define MEAN_MONTH_USECS 2629746000000.0	/* 365.2425 / 12 days */

static void
check_customer(const LtvPurchaseModel *pm, double x, double t_x, double T)
{
	if (!pm->cell_valid(x, t_x, T))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid customer summary: x = %g, t_x = %g, T = %g", x, t_x, T),
				 errhint("%s%s, all finite and in the model's unit.",
						 pm->kind == LTV_PM_BGNBD ? "" : psprintf("For %s, ", pm->label),
						 pm->summary_rule)));
}

static void
check_time(double t, const char *argname)
{
	if (!(t >= 0) || isinf(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number >= 0", argname),
				 errhint("Give %s in the model's unit (see ltv_model_params(model).unit).", argname)));
}

/*
 * The spend summary.  monetary <= 0 with x > 0 (repeat occasions of $0, or
 * refunded away: what ltv_summary gives such customers) is no positive spend
 * observation: ltv_fit leaves the customer out of Gamma-Gamma and the spend
 * prediction is the population mean, as for x = 0 (ltv_gg_expected_spend).
 * Only a value ltv_summary never returns is an error.
 */
static void
check_spend(double x, double monetary)
{
	if (!(x >= 0) || isinf(x) || x != floor(x))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid spend summary: x = %g, monetary = %g", x, monetary),
				 errhint("x must be a whole number >= 0.")));
	if (x > 0 && !isfinite(monetary))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary must be a finite number"),
				 errdetail("The customer had x = %g, monetary = %g.", x, monetary),
				 errhint("Pass the mean amount of the repeat occasions (it is ignored when x = 0).")));
}

static double
checked_result(double v)
{
	if (isnan(v))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the prediction could not be computed to full precision"),
				 errdetail("No method for the hypergeometric term of the expectation reached full precision "
						   "(this is not expected for finite inputs; please report them)."),
				 errhint("Use a shorter time horizon.")));
	return v;
}

/*
 * The model argument read once per query: the parsed form is kept in
 * fn_extra with a copy of the datum's bytes, and reused while the next call
 * passes the same bytes (the usual case: one model for every row).
 */
typedef struct ModelCache
{
	Size		size;
	LtvModelInfo info;
	char		bytes[FLEXIBLE_ARRAY_MEMBER];
} ModelCache;

static const LtvModelInfo *
cached_model(FunctionCallInfo fcinfo)
{
	struct varlena *m = PG_GETARG_LTV_MODEL(0);
	Size		size = VARSIZE_ANY(m);
	ModelCache *c = (ModelCache *) fcinfo->flinfo->fn_extra;

	if (c != NULL && c->size == size && memcmp(c->bytes, m, size) == 0)
		return &c->info;
	if (c == NULL || c->size < size)
	{
		if (c != NULL)
			pfree(c);
		c = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, offsetof(ModelCache, bytes) + size);
		fcinfo->flinfo->fn_extra = c;
	}
	c->size = 0;				/* invalid until read (ltv_model_read may raise an error) */
	ltv_model_read(m, &c->info);
	memcpy(c->bytes, m, size);
	c->size = size;
	return &c->info;
}

/* ltv_p_alive(model, x, t_x, T) */
PG_FUNCTION_INFO_V1(ltv_p_alive);
Datum
ltv_p_alive(PG_FUNCTION_ARGS)
{
	const LtvModelInfo *mi;
	const double *p;
	double		x = PG_GETARG_FLOAT8(1),
				t_x = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3);

	mi = cached_model(fcinfo);
	p = ltv_model_purchase_params(mi);
	check_customer(mi->pm, x, t_x, T);
	PG_RETURN_FLOAT8(checked_result(mi->pm->p_alive(p, x, t_x, T)));
}

/* ltv_expected_purchases(model, x, t_x, T, t) */
PG_FUNCTION_INFO_V1(ltv_expected_purchases);
Datum
ltv_expected_purchases(PG_FUNCTION_ARGS)
{
	const LtvModelInfo *mi;
	const double *p;
	double		x = PG_GETARG_FLOAT8(1),
				t_x = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3),
				t = PG_GETARG_FLOAT8(4);

	mi = cached_model(fcinfo);
	p = ltv_model_purchase_params(mi);
	check_customer(mi->pm, x, t_x, T);
	check_time(t, "t");
	PG_RETURN_FLOAT8(checked_result(mi->pm->expected(p, t, x, t_x, T)));
}

/* ltv_expected_purchases_new(model, t): E[X(t)] for a new customer */
PG_FUNCTION_INFO_V1(ltv_expected_purchases_new);
Datum
ltv_expected_purchases_new(PG_FUNCTION_ARGS)
{
	const LtvModelInfo *mi;
	const double *p;
	double		t = PG_GETARG_FLOAT8(1);

	mi = cached_model(fcinfo);
	p = ltv_model_purchase_params(mi);
	check_time(t, "t");
	PG_RETURN_FLOAT8(checked_result(mi->pm->expected_new(p, t)));
}

/* ltv_purchase_probability(model, n, t): P(X(t) = n) for a new customer */
PG_FUNCTION_INFO_V1(ltv_purchase_probability);
Datum
ltv_purchase_probability(PG_FUNCTION_ARGS)
{
	const LtvModelInfo *mi;
	const double *p;
	int32		n = PG_GETARG_INT32(1);
	double		t = PG_GETARG_FLOAT8(2);

	mi = cached_model(fcinfo);
	p = ltv_model_purchase_params(mi);
	check_time(t, "t");
	if (n < 0 || n > 10000000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must be between 0 and 10000000"),
				 errhint("n is the number of repeat purchases whose probability is wanted.")));
	PG_RETURN_FLOAT8(checked_result(mi->pm->prob_n(p, t, n)));
}

/* ltv_expected_spend(model, x, monetary) */
PG_FUNCTION_INFO_V1(ltv_expected_spend);
Datum
ltv_expected_spend(PG_FUNCTION_ARGS)
{
	const LtvModelInfo *mi;
	double		x = PG_GETARG_FLOAT8(1),
				monetary = PG_GETARG_FLOAT8(2);
	LtvGgParams p;

	mi = cached_model(fcinfo);
	ltv_model_gg_params(mi, &p);
	check_spend(x, monetary);
	PG_RETURN_FLOAT8(ltv_gg_expected_spend(&p, x, monetary));
}

/*
 * ltv_predict(model, x, t_x, T, monetary, horizon, discount_rate, margin):
 * discounted residual CLV over the horizon (see src/core/clv.h).
 */
PG_FUNCTION_INFO_V1(ltv_predict);
Datum
ltv_predict(PG_FUNCTION_ARGS)
{
	const LtvModelInfo *mi;
	const double *bg;
	double		x = PG_GETARG_FLOAT8(1),
				t_x = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3),
				monetary = PG_GETARG_FLOAT8(4);
	Interval   *horizon = PG_GETARG_INTERVAL_P(5);
	double		discount_rate = PG_GETARG_FLOAT8(6),
				margin = PG_GETARG_FLOAT8(7);
	LtvGgParams gg;
	LtvUnit		hunit;
	double		months,
				spend;

	mi = cached_model(fcinfo);
	bg = ltv_model_purchase_params(mi);
	ltv_model_gg_params(mi, &gg);
	check_customer(mi->pm, x, t_x, T);
	ltv_unit_from_interval(horizon, "horizon", &hunit);
	months = ltv_unit_mean_usecs(&hunit) / MEAN_MONTH_USECS;
	if (months > 1200)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be at most 100 years"),
				 errhint("CLV is summed in monthly steps; use a horizon such as '12 months' or '5 years'.")));
	if (!(discount_rate > -1) || isinf(discount_rate))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount_rate must be a finite number greater than -1"),
				 errhint("discount_rate is per month: 0.01 discounts by 1%% a month.")));
	if (isnan(margin) || isinf(margin))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("margin must be a finite number"),
				 errhint("margin multiplies the expected spend; 1.0 means revenue.")));
	check_spend(x, monetary);
	spend = ltv_gg_expected_spend(&gg, x, monetary);
	PG_RETURN_FLOAT8(checked_result(ltv_clv_residual(mi->pm, bg, x, t_x, T, spend, margin, months, discount_rate,
													 MEAN_MONTH_USECS / ltv_unit_mean_usecs(&mi->unit))));
}
