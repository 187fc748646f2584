/*
 * model_predict.c: per-customer predictions from a fitted ltv_model.
 * IMMUTABLE, STRICT, PARALLEL SAFE; the math is src/core/bgnbd.c,
 * gammagamma.c and clv.c.
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
check_customer(double x, double t_x, double T)
{
	if (!ltv_bgnbd_cell_valid(x, t_x, T))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid customer summary: x = %g, t_x = %g, T = %g", x, t_x, T),
				 errhint("x must be a whole number >= 0, 0 <= t_x <= T, and t_x = 0 when x = 0, "
						 "all finite and in the model's unit.")));
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

/* ltv_p_alive(model, x, t_x, T) */
PG_FUNCTION_INFO_V1(ltv_p_alive);
Datum
ltv_p_alive(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	double		x = PG_GETARG_FLOAT8(1),
				t_x = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3);
	LtvBgnbdParams p;

	ltv_model_bgnbd_params(m, &p);
	check_customer(x, t_x, T);
	PG_RETURN_FLOAT8(ltv_bgnbd_p_alive(&p, x, t_x, T));
}

/* ltv_expected_purchases(model, x, t_x, T, t) */
PG_FUNCTION_INFO_V1(ltv_expected_purchases);
Datum
ltv_expected_purchases(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	double		x = PG_GETARG_FLOAT8(1),
				t_x = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3),
				t = PG_GETARG_FLOAT8(4);
	LtvBgnbdParams p;

	ltv_model_bgnbd_params(m, &p);
	check_customer(x, t_x, T);
	check_time(t, "t");
	PG_RETURN_FLOAT8(checked_result(ltv_bgnbd_expected_purchases(&p, t, x, t_x, T)));
}

/* ltv_expected_purchases_new(model, t): E[X(t)] for a new customer */
PG_FUNCTION_INFO_V1(ltv_expected_purchases_new);
Datum
ltv_expected_purchases_new(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	double		t = PG_GETARG_FLOAT8(1);
	LtvBgnbdParams p;

	ltv_model_bgnbd_params(m, &p);
	check_time(t, "t");
	PG_RETURN_FLOAT8(checked_result(ltv_bgnbd_expected_purchases_new(&p, t)));
}

/* ltv_purchase_probability(model, n, t): P(X(t) = n) for a new customer */
PG_FUNCTION_INFO_V1(ltv_purchase_probability);
Datum
ltv_purchase_probability(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	int32		n = PG_GETARG_INT32(1);
	double		t = PG_GETARG_FLOAT8(2);
	LtvBgnbdParams p;

	ltv_model_bgnbd_params(m, &p);
	check_time(t, "t");
	if (n < 0 || n > 10000000)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must be between 0 and 10000000"),
				 errhint("n is the number of repeat purchases whose probability is wanted.")));
	PG_RETURN_FLOAT8(checked_result(ltv_bgnbd_prob_n(&p, t, n)));
}

/* ltv_expected_spend(model, x, monetary) */
PG_FUNCTION_INFO_V1(ltv_expected_spend);
Datum
ltv_expected_spend(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	double		x = PG_GETARG_FLOAT8(1),
				monetary = PG_GETARG_FLOAT8(2);
	LtvGgParams p;

	ltv_model_gg_params(m, &p);
	if (!(x >= 0) || isinf(x) || x != floor(x) || (x > 0 && !(monetary > 0 && isfinite(monetary))))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid spend summary: x = %g, monetary = %g", x, monetary),
				 errhint("x must be a whole number >= 0 and monetary, the mean repeat spend, a positive "
						 "finite number when x > 0 (it is ignored when x = 0).")));
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
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	double		x = PG_GETARG_FLOAT8(1),
				t_x = PG_GETARG_FLOAT8(2),
				T = PG_GETARG_FLOAT8(3),
				monetary = PG_GETARG_FLOAT8(4);
	Interval   *horizon = PG_GETARG_INTERVAL_P(5);
	double		discount_rate = PG_GETARG_FLOAT8(6),
				margin = PG_GETARG_FLOAT8(7);
	LtvBgnbdParams bg;
	LtvGgParams gg;
	LtvUnit		unit,
				hunit;
	double		months,
				spend;

	ltv_model_bgnbd_params(m, &bg);
	ltv_model_gg_params(m, &gg);
	check_customer(x, t_x, T);
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
	if (x > 0 && !(monetary > 0 && isfinite(monetary)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary must be a positive finite number when x > 0"),
				 errdetail("The customer had x = %g, monetary = %g.", x, monetary),
				 errhint("Pass the mean amount of the repeat occasions (it is ignored when x = 0).")));
	spend = ltv_gg_expected_spend(&gg, x, monetary);
	unit.months = m->unit_months;
	unit.days = m->unit_days;
	unit.usecs = m->unit_usecs;
	PG_RETURN_FLOAT8(checked_result(ltv_clv_residual(&bg, x, t_x, T, spend, margin, months, discount_rate,
													 MEAN_MONTH_USECS / ltv_unit_mean_usecs(&unit))));
}
