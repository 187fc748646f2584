/*
 * model_predict.c: per-customer predictions from a fitted ltv_model.
 * IMMUTABLE, STRICT, PARALLEL SAFE; the math is the model's file in
 * src/core (through core/purchase_model.h), gammagamma.c and clv.c.
 */
#include "postgres.h"

#include <errno.h>
#include <math.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "core/clv.h"
#include "core/interval.h"
#include "ltv_time.h"
#include "model.h"

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

double
ltv_model_value_horizon(const Interval *horizon, double discount_rate, double margin, const char *what)
{
	LtvUnit		hunit;
	double		months;

	ltv_unit_from_interval(horizon, "horizon", &hunit);
	months = ltv_unit_mean_usecs(&hunit) / LTV_MEAN_MONTH_USECS;
	if (months > 1200)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("horizon must be at most 100 years"),
				 errhint("%s is summed in monthly steps; use a horizon such as '12 months' or '5 years'.", what)));
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
	return months;
}

/* the checked arguments of ltv_predict: horizon in months */
static double
predict_args(FunctionCallInfo fcinfo, const LtvModelInfo *mi, double *discount_rate, double *margin)
{
	double		months;

	check_customer(mi->pm, PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(2), PG_GETARG_FLOAT8(3));
	*discount_rate = PG_GETARG_FLOAT8(6);
	*margin = PG_GETARG_FLOAT8(7);
	months = ltv_model_value_horizon(PG_GETARG_INTERVAL_P(5), *discount_rate, *margin, "CLV");
	check_spend(PG_GETARG_FLOAT8(1), PG_GETARG_FLOAT8(4));
	return months;
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
	double		discount_rate,
				margin,
				months,
				spend;
	LtvGgParams gg;

	mi = cached_model(fcinfo);
	bg = ltv_model_purchase_params(mi);
	ltv_model_gg_params(mi, &gg);
	months = predict_args(fcinfo, mi, &discount_rate, &margin);
	spend = ltv_gg_expected_spend(&gg, x, monetary);
	PG_RETURN_FLOAT8(checked_result(ltv_clv_residual(mi->pm, bg, x, t_x, T, spend, margin, months, discount_rate,
													 LTV_MEAN_MONTH_USECS / ltv_unit_mean_usecs(&mi->unit))));
}

/*
 * ltv_model_time(model, interval): the interval in the model's time unit
 * (mean lengths: a month is 365.2425 / 12 days, as everywhere in ltv), so
 * that every horizon can be passed as an interval.
 */
static double
model_time_of_interval(const struct varlena *model, const Interval *horizon)
{
	LtvModelInfo mi;
	LtvUnit		u;

	ltv_model_read(model, &mi);
	ltv_unit_from_interval(horizon, "horizon", &u);
	return ltv_unit_mean_usecs(&u) / ltv_unit_mean_usecs(&mi.unit);
}

PG_FUNCTION_INFO_V1(ltv_model_time);
Datum
ltv_model_time(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(model_time_of_interval(PG_GETARG_LTV_MODEL(0), PG_GETARG_INTERVAL_P(1)));
}

static void
horizon_text_context(void *arg)
{
	errcontext("reading the horizon \"%s\" (a number of the model's units, or an interval)", (const char *) arg);
}

/*
 * ltv_model_time(model, text): the horizon of a text (or a quoted literal,
 * which PostgreSQL resolves to the text overloads of the prediction
 * functions): a number is already in the model's unit, as the float8
 * overloads take it and as 1.0 read a quoted '52'; anything else is read as
 * an interval ('52 weeks', '12 months') and converted as ltv_model_time(model,
 * interval) does.
 */
PG_FUNCTION_INFO_V1(ltv_model_time_text);
Datum
ltv_model_time_text(PG_FUNCTION_ARGS)
{
	char	   *s = text_to_cstring(PG_GETARG_TEXT_PP(1));
	char	   *end;
	double		v;
	Interval   *horizon;
	ErrorContextCallback callback;

	errno = 0;
	v = strtod(s, &end);
	if (end != s)
	{
		while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
			end++;
		if (*end == '\0')
		{
			/* as float8in: out of range only when the value overflows */
			if (errno == ERANGE && isinf(v))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("horizon \"%s\" is out of range for type double precision", s)));
			PG_RETURN_FLOAT8(v);
		}
	}
	callback.callback = horizon_text_context;
	callback.arg = s;
	callback.previous = error_context_stack;
	error_context_stack = &callback;
	horizon = DatumGetIntervalP(DirectFunctionCall3(interval_in, CStringGetDatum(s),
													ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	v = model_time_of_interval(PG_GETARG_LTV_MODEL(0), horizon);
	error_context_stack = callback.previous;
	PG_RETURN_FLOAT8(v);
}

/*
 * ltv_p_alive_matrix(model, T, max_x, step): P(alive) of a customer of age T
 * for every frequency x = 0..max_x and recency t_x = 0, step, 2 step, ...
 * up to T (and T itself), as long-format rows (x, t_x, p_alive); the cells
 * the purchase model does not admit (x = 0 with t_x > 0; for BG/BB t_x < x)
 * are left out.
 */
#define P_ALIVE_MATRIX_MAX_CELLS 1000000

PG_FUNCTION_INFO_V1(ltv_p_alive_matrix);
Datum
ltv_p_alive_matrix(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LtvModelInfo mi;
	const double *p;
	double		T = PG_GETARG_FLOAT8(1);
	int32		max_x = PG_GETARG_INT32(2);
	double		step = PG_GETARG_FLOAT8(3);
	double		nsteps;
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	MemoryContext old;
	int32		x;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("ltv_p_alive_matrix must be called where a set is accepted"),
				 errhint("Call it in FROM: SELECT * FROM ltv_p_alive_matrix(model, 52).")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ltv_p_alive_matrix: return type must be a row type");
	ltv_model_read(PG_GETARG_LTV_MODEL(0), &mi);
	p = ltv_model_purchase_params(&mi);
	check_time(T, "T");
	if (!(step > 0) || isinf(step))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("step must be a finite number > 0"),
				 errhint("step is the spacing of the recency values, in the model's unit (1 by default).")));
	if (max_x < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_x must be >= 0"),
				 errhint("max_x is the largest frequency (repeat purchases) of the matrix.")));
	nsteps = floor(T / step);
	if ((nsteps + 2) * ((double) max_x + 1) > P_ALIVE_MATRIX_MAX_CELLS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the P(alive) matrix would have more than %d cells", P_ALIVE_MATRIX_MAX_CELLS),
				 errdetail("max_x = %d and T / step = %g.", max_x, T / step),
				 errhint("Use a larger step or a smaller max_x.")));

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	tupdesc = CreateTupleDescCopy(tupdesc);
	store = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random, false, work_mem);
	MemoryContextSwitchTo(old);
	for (x = 0; x <= max_x; x++)
	{
		double		i;

		CHECK_FOR_INTERRUPTS();
		for (i = 0; i <= nsteps + 1; i++)
		{
			double		t_x = i <= nsteps ? i * step : T;
			Datum		values[3];
			bool		nulls[3] = {false};

			if (i > nsteps && nsteps * step >= T)
				break;			/* T is a multiple of step: already done */
			if (t_x > T)
				t_x = T;
			if (!mi.pm->cell_valid((double) x, t_x, T))
				continue;
			values[0] = Int32GetDatum(x);
			values[1] = Float8GetDatum(t_x);
			values[2] = Float8GetDatum(checked_result(mi.pm->p_alive(p, (double) x, t_x, T)));
			tuplestore_putvalues(store, tupdesc, values, nulls);
		}
	}
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = tupdesc;
	return (Datum) 0;
}

/* ---- intervals from the parameters' sampling uncertainty (src/core/interval.h) ---- */

typedef struct IntervalCtx
{
	const LtvPurchaseModel *pm;
	double		x,
				t_x,
				T,
				t,
				monetary,
				margin,
				months,
				discount_rate,
				units_per_month;
} IntervalCtx;

static double
expected_of(const double *params, void *vctx)
{
	const IntervalCtx *c = vctx;

	return c->pm->expected(params, c->t, c->x, c->t_x, c->T);
}

/* params: the purchase model's then Gamma-Gamma's p, q, gamma */
static double
clv_of(const double *params, void *vctx)
{
	const IntervalCtx *c = vctx;
	LtvGgParams gg = {params[c->pm->nparams], params[c->pm->nparams + 1], params[c->pm->nparams + 2]};

	return ltv_clv_residual(c->pm, params, c->x, c->t_x, c->T, ltv_gg_expected_spend(&gg, c->x, c->monetary),
							c->margin, c->months, c->discount_rate, c->units_per_month);
}

static void
check_level(double level)
{
	if (!(level > 0 && level < 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("level must be between 0 and 1"),
				 errhint("level is the interval's coverage, such as 0.9 for a 90%% interval.")));
}

static void
no_covariance(const char *part)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("the model has no covariance matrix for its %s parameters", part),
			 errdetail("Models in format version 1 (ltv 1.0) keep standard errors only, and a fit whose information matrix is singular has none."),
			 errhint("Refit the model with ltv_fit.")));
}

static Datum
interval_tuple(FunctionCallInfo fcinfo, const LtvInterval *iv)
{
	TupleDesc	desc;
	Datum		v[4];
	bool		nulls[4] = {false};

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "an interval function must return a composite");
	desc = BlessTupleDesc(desc);
	v[0] = Float8GetDatum(iv->estimate);
	v[1] = Float8GetDatum(iv->lower);
	v[2] = Float8GetDatum(iv->upper);
	v[3] = Float8GetDatum(iv->std_error);
	return HeapTupleGetDatum(heap_form_tuple(desc, v, nulls));
}

/* ltv_expected_purchases_interval(model, x, t_x, T, t, level) -> (estimate, lower, upper, std_error) */
PG_FUNCTION_INFO_V1(ltv_expected_purchases_interval);
Datum
ltv_expected_purchases_interval(PG_FUNCTION_ARGS)
{
	LtvModelInfo mi;
	const double *p;
	IntervalCtx c;
	LtvInterval iv;
	double		level = PG_GETARG_FLOAT8(5);

	ltv_model_read(PG_GETARG_LTV_MODEL(0), &mi);
	p = ltv_model_purchase_params(&mi);
	c.pm = mi.pm;
	c.x = PG_GETARG_FLOAT8(1);
	c.t_x = PG_GETARG_FLOAT8(2);
	c.T = PG_GETARG_FLOAT8(3);
	c.t = PG_GETARG_FLOAT8(4);
	check_customer(mi.pm, c.x, c.t_x, c.T);
	check_time(c.t, "t");
	check_level(level);
	if (isnan(mi.cov[0]))
		no_covariance(mi.pm->label);
	if (!ltv_delta_interval(mi.pm->nparams, p, mi.cov, expected_of, &c, level, &iv))
	{
		checked_result(iv.estimate);
		no_covariance(mi.pm->label);
	}
	PG_RETURN_DATUM(interval_tuple(fcinfo, &iv));
}

/*
 * ltv_predict_interval(model, x, t_x, T, monetary, horizon, discount_rate,
 * margin, level): ltv_predict with an interval from both fits' covariances
 * (independent: the purchase and spend models are fitted separately).
 */
PG_FUNCTION_INFO_V1(ltv_predict_interval);
Datum
ltv_predict_interval(PG_FUNCTION_ARGS)
{
	LtvModelInfo mi;
	const double *bg;
	LtvGgParams gg;
	IntervalCtx c;
	LtvInterval iv;
	double		params[LTV_INTERVAL_MAX_PARAMS],
				cov[LTV_INTERVAL_MAX_PARAMS * LTV_INTERVAL_MAX_PARAMS];
	double		level = PG_GETARG_FLOAT8(8);
	int			np,
				n,
				i,
				j;

	ltv_model_read(PG_GETARG_LTV_MODEL(0), &mi);
	bg = ltv_model_purchase_params(&mi);
	ltv_model_gg_params(&mi, &gg);
	c.pm = mi.pm;
	c.months = predict_args(fcinfo, &mi, &c.discount_rate, &c.margin);
	check_level(level);
	c.x = PG_GETARG_FLOAT8(1);
	c.t_x = PG_GETARG_FLOAT8(2);
	c.T = PG_GETARG_FLOAT8(3);
	c.monetary = PG_GETARG_FLOAT8(4);
	c.units_per_month = LTV_MEAN_MONTH_USECS / ltv_unit_mean_usecs(&mi.unit);
	np = mi.pm->nparams;
	n = np + 3;
	if (isnan(mi.cov[0]))
		no_covariance(mi.pm->label);
	if (isnan(mi.gg_cov[0]))
		no_covariance("Gamma-Gamma");
	for (i = 0; i < n * n; i++)
		cov[i] = 0;
	for (i = 0; i < np; i++)
	{
		params[i] = bg[i];
		for (j = 0; j < np; j++)
			cov[i * n + j] = mi.cov[i * LTV_PM_MAX_PARAMS + j];
	}
	params[np] = gg.p;
	params[np + 1] = gg.q;
	params[np + 2] = gg.gamma;
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++)
			cov[(np + i) * n + np + j] = mi.gg_cov[i * 3 + j];
	if (!ltv_delta_interval(n, params, cov, clv_of, &c, level, &iv))
	{
		checked_result(iv.estimate);
		no_covariance("purchase or Gamma-Gamma");
	}
	PG_RETURN_DATUM(interval_tuple(fcinfo, &iv));
}
