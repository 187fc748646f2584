/*
 * model_info.c: reading and building ltv_model values of either format
 * version, their validation, and the SQL readers ltv_model_params() and
 * ltv_model_estimates().
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "model.h"

static const char *const status_names[] = {"converged", "not converged", "unidentified", "bad input"};

const char *
ltv_fit_status_name(int status)
{
	return status >= 0 && status <= LTV_FIT_BAD_INPUT ? status_names[status] : "invalid";
}

bool
ltv_fit_status_fitted(int status)
{
	return status == LTV_FIT_OK || status == LTV_FIT_NOT_CONVERGED;
}

static void
check_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

static void *
fit_palloc(size_t size)
{
	return palloc_extended(size, MCXT_ALLOC_HUGE);
}

void
ltv_model_fit_options(LtvFitOptions *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->check_interrupts = check_interrupts;
	opts->alloc = fit_palloc;
	opts->free = pfree;
}

void
ltv_model_warn_fit(const char *model_name, LtvFitStatus status, LtvOptimStatus optim_status)
{
	bool		spend = strcmp(model_name, "Gamma-Gamma") == 0;

	if (status == LTV_FIT_NOT_CONVERGED)
		ereport(WARNING,
				(errmsg("the %s fit did not converge", model_name),
				 errdetail("The optimizer stopped: %s. The model's %s field is false.",
						   ltv_optim_status_name(optim_status),
						   spend ? "gg_converged" :
						   strcmp(model_name, "BG/NBD") == 0 ? "bgnbd_converged" : "converged"),
				 errhint("Check the input (enough customers, repeat purchases, t_x and T in a sensible unit).")));
	else if (status == LTV_FIT_UNIDENTIFIED && optim_status == LTV_OPTIM_DIVERGED)
		ereport(WARNING,
				(errmsg("the %s model cannot be identified from these customers", model_name),
				 errdetail("The likelihood has no finite maximum (a parameter runs off to 0 or infinity, for example with t_x and T near 0 in this unit); its parameters are NULL."),
				 errhint("Measure t_x and T in a unit in which they are not tiny, or fit over more customers.")));
	else if (status == LTV_FIT_UNIDENTIFIED)
		ereport(WARNING,
				(errmsg("the %s model cannot be identified from these customers", model_name),
				 errdetail(spend
						   ? "Fewer than two repeat customers with distinct positive mean spend; its parameters are NULL."
						   : "No customer made a repeat purchase (x > 0); its parameters are NULL."),
				 errhint("Fit over more customers or a longer calibration period.")));
	else if (status == LTV_FIT_BAD_INPUT)
		ereport(WARNING,
				(errmsg("the %s model cannot be fitted to these customers", model_name),
				 errdetail("A customer has more than %.0f repeat occasions (x), the limit of the models and of the predictions; the model's status is \"bad input\" and its parameters are NULL.",
						   LTV_MAX_REPEAT_OCCASIONS),
				 errhint("x counts repeat purchase occasions; check the input, or leave such customers out.")));
}

const LtvPurchaseModel *
ltv_model_kind_from_text(const text *name)
{
	char	   *s = text_to_cstring(name);
	const LtvPurchaseModel *pm = ltv_purchase_model_by_name(s);

	if (pm == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown purchase model \"%s\"", s),
				 errhint("Use one of %s.", ltv_purchase_model_names())));
	pfree(s);
	return pm;
}

/* ---- covariance: full matrix <-> stored upper triangle ---- */

static void
cov_pack(int n, const double *full, double *tri)
{
	int			i,
				j,
				k = 0;

	for (i = 0; i < n; i++)
		for (j = i; j < n; j++)
			tri[k++] = full[i * n + j];
}

static void
cov_unpack(int n, const double *tri, double *full)
{
	int			i,
				j,
				k = 0;

	for (i = 0; i < n; i++)
		for (j = i; j < n; j++)
		{
			full[i * n + j] = tri[k];
			full[j * n + i] = tri[k];
			k++;
		}
}

/* ---- reading and building ---- */

static void
read_v1(const LtvModelV1 *m, LtvModelInfo *info)
{
	int			i;

	info->version = 1;
	info->pm = &ltv_bgnbd_model;
	info->status = (LtvFitStatus) m->bgnbd_status;
	info->gg_status = (LtvFitStatus) m->gg_status;
	info->unit.months = m->unit_months;
	info->unit.days = m->unit_days;
	info->unit.usecs = m->unit_usecs;
	info->n_customers = m->n_customers;
	info->n_repeaters = m->n_repeaters;
	info->n_spend = m->n_spend;
	info->params[0] = m->r;
	info->params[1] = m->alpha;
	info->params[2] = m->a;
	info->params[3] = m->b;
	for (i = 0; i < 4; i++)
		info->se[i] = m->se[i];
	for (i = 0; i < 16; i++)
		info->cov[i] = NAN;		/* version 1 kept standard errors only */
	info->loglik = m->loglik_bgnbd;
	info->iterations = m->iterations_bgnbd;
	info->gg.p = m->p;
	info->gg.q = m->q;
	info->gg.gamma = m->gamma;
	for (i = 0; i < 3; i++)
		info->gg_se[i] = m->se[4 + i];
	for (i = 0; i < 9; i++)
		info->gg_cov[i] = NAN;
	info->loglik_gg = m->loglik_gg;
	info->iterations_gg = m->iterations_gg;
}

static void
read_v2(const LtvModel *m, LtvModelInfo *info)
{
	int			i;

	info->version = 2;
	info->pm = ltv_purchase_model(m->kind);
	info->status = (LtvFitStatus) m->status;
	info->gg_status = (LtvFitStatus) m->gg_status;
	info->unit.months = m->unit_months;
	info->unit.days = m->unit_days;
	info->unit.usecs = m->unit_usecs;
	info->n_customers = m->n_customers;
	info->n_repeaters = m->n_repeaters;
	info->n_spend = m->n_spend;
	for (i = 0; i < LTV_PM_MAX_PARAMS; i++)
	{
		info->params[i] = m->params[i];
		info->se[i] = m->se[i];
	}
	cov_unpack(LTV_PM_MAX_PARAMS, m->cov, info->cov);
	info->loglik = m->loglik;
	info->iterations = m->iterations;
	info->gg.p = m->gg[0];
	info->gg.q = m->gg[1];
	info->gg.gamma = m->gg[2];
	for (i = 0; i < 3; i++)
		info->gg_se[i] = m->gg_se[i];
	cov_unpack(3, m->gg_cov, info->gg_cov);
	info->loglik_gg = m->loglik_gg;
	info->iterations_gg = m->iterations_gg;
}

void
ltv_model_read(const struct varlena *m, LtvModelInfo *info)
{
	Size		size = VARSIZE_ANY(m);
	uint8		version = ((const LtvModelV1 *) m)->version;

	memset(info, 0, sizeof(*info));
	if (size == sizeof(LtvModelV1) && version == 1)
		read_v1((const LtvModelV1 *) m, info);
	else if (size == sizeof(LtvModel) && version == 2 && ltv_purchase_model(((const LtvModel *) m)->kind))
		read_v2((const LtvModel *) m, info);
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid ltv_model value"),
				 errdetail("Its size or format version is wrong."),
				 errhint("Build models with ltv_fit(); their text form is what ltv_model's output gives.")));
}

struct varlena *
ltv_model_build(const LtvModelInfo *info)
{
	LtvModel   *m = palloc0(sizeof(LtvModel));
	int			i;

	SET_VARSIZE(m, sizeof(LtvModel));
	m->version = 2;
	m->kind = (uint8) info->pm->kind;
	m->status = (uint8) info->status;
	m->gg_status = (uint8) info->gg_status;
	m->unit_months = info->unit.months;
	m->unit_days = info->unit.days;
	m->unit_usecs = info->unit.usecs;
	m->n_customers = info->n_customers;
	m->n_repeaters = info->n_repeaters;
	m->n_spend = info->n_spend;
	for (i = 0; i < LTV_PM_MAX_PARAMS; i++)
	{
		bool		used = i < info->pm->nparams;

		m->params[i] = used ? info->params[i] : NAN;
		m->se[i] = used ? info->se[i] : NAN;
	}
	cov_pack(LTV_PM_MAX_PARAMS, info->cov, m->cov);
	m->loglik = info->loglik;
	m->iterations = info->iterations;
	m->gg[0] = info->gg.p;
	m->gg[1] = info->gg.q;
	m->gg[2] = info->gg.gamma;
	for (i = 0; i < 3; i++)
		m->gg_se[i] = info->gg_se[i];
	cov_pack(3, info->gg_cov, m->gg_cov);
	m->loglik_gg = info->loglik_gg;
	m->iterations_gg = info->iterations_gg;
	return (struct varlena *) m;
}

struct varlena *
ltv_model_from_fits(const LtvPurchaseModel *pm, const LtvPurchaseFit *fit, const LtvGgFit *gg,
					const LtvUnit *unit)
{
	LtvModelInfo info;
	int			n = pm->nparams;
	int			i,
				j;

	/* what the model's input accepts (a count a double holds exactly) */
	if (!(fit->n_customers <= LTV_MODEL_MAX_CUSTOMERS))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many customers for one ltv_model"),
				 errdetail("A model counts at most 2^53 (%.0f) customers.", LTV_MODEL_MAX_CUSTOMERS),
				 errhint("Fit per segment.")));
	memset(&info, 0, sizeof(info));
	info.version = 2;
	info.pm = pm;
	info.status = fit->status;
	info.gg_status = gg->status;
	info.unit = *unit;
	info.n_customers = fit->n_customers;
	info.n_repeaters = fit->n_repeaters;
	info.n_spend = gg->n_customers;
	for (i = 0; i < LTV_PM_MAX_PARAMS; i++)
	{
		info.params[i] = i < n ? fit->params[i] : NAN;
		info.se[i] = i < n ? fit->se[i] : NAN;
		for (j = 0; j < LTV_PM_MAX_PARAMS; j++)
			info.cov[i * LTV_PM_MAX_PARAMS + j] = (i < n && j < n) ? fit->cov[i * n + j] : NAN;
	}
	info.loglik = fit->loglik;
	info.iterations = fit->iterations;
	info.gg = gg->params;
	memcpy(info.gg_se, gg->se, sizeof(info.gg_se));
	memcpy(info.gg_cov, gg->cov, sizeof(info.gg_cov));
	info.loglik_gg = gg->loglik;
	info.iterations_gg = gg->iterations;
	return ltv_model_build(&info);
}

const double *
ltv_model_purchase_params(const LtvModelInfo *info)
{
	if (!ltv_fit_status_fitted(info->status))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the model has no %s fit", info->pm->label),
				 errdetail("Its %s status is \"%s\".", info->pm->label, ltv_fit_status_name(info->status)),
				 errhint("Fit over customers of whom some made repeat purchases (x > 0).")));
	return info->params;
}

void
ltv_model_gg_params(const LtvModelInfo *info, LtvGgParams *p)
{
	if (!ltv_fit_status_fitted(info->gg_status))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the model has no Gamma-Gamma fit"),
				 errdetail("Its Gamma-Gamma status is \"%s\".", ltv_fit_status_name(info->gg_status)),
				 errhint("Pass ltv_fit() the mean repeat spend (monetary) of at least two repeat customers.")));
	*p = info->gg;
}

/* ---- ltv_model_params(m): every field, NULL where NaN ---- */

static Datum
float_or_null(double v, bool *isnull)
{
	*isnull = isnan(v);
	return Float8GetDatum(v);
}

/* index of the purchase parameter called name, -1 when the model has none */
static int
param_index(const LtvPurchaseModel *pm, const char *name)
{
	int			i;

	if (pm->discrete)
		return -1;				/* BG/BB's alpha, beta are not the rate's */
	for (i = 0; i < pm->nparams; i++)
		if (strcmp(pm->param_names[i], name) == 0)
			return i;
	return -1;
}

#define LEGACY_COLUMNS 24
#define COLUMNS 31

/*
 * ltv_model_params(model).  The 1.0 SQL declaration has the first 24
 * columns; 1.1 adds purchase_model, loglik, aic, bic, n_params,
 * purchase_converged, purchase_status.  The columns r, alpha, a, b (and
 * their _se) hold the parameters of that name of the continuous-time
 * models (ltv_model_estimates lists every model's parameters);
 * loglik_bgnbd, bgnbd_converged and bgnbd_status are those of a BG/NBD
 * model (NULL for the others, whose loglik, converged and status are in the
 * purchase_ columns).
 */
PG_FUNCTION_INFO_V1(ltv_model_params);
Datum
ltv_model_params(PG_FUNCTION_ARGS)
{
	LtvModelInfo mi;
	const LtvPurchaseModel *pm;
	TupleDesc	tupdesc;
	Datum		values[COLUMNS];
	bool		nulls[COLUMNS];
	static const char *const legacy_names[4] = {"r", "alpha", "a", "b"};
	Interval   *unit = palloc(sizeof(Interval));
	bool		is_bgnbd;
	bool		fitted;
	int			i,
				k = 0;

	ltv_model_read(PG_GETARG_LTV_MODEL(0), &mi);
	pm = mi.pm;
	is_bgnbd = pm->kind == LTV_PM_BGNBD;
	fitted = ltv_fit_status_fitted(mi.status);
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ltv_model_params must return a composite");
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != LEGACY_COLUMNS && tupdesc->natts != COLUMNS)
		elog(ERROR, "ltv_model_params: expected %d or %d columns", LEGACY_COLUMNS, COLUMNS);
	memset(nulls, 0, sizeof(nulls));
	for (i = 0; i < 4; i++, k++)
	{
		int			j = param_index(pm, legacy_names[i]);

		values[k] = float_or_null(j >= 0 ? mi.params[j] : NAN, &nulls[k]);
	}
	values[k] = float_or_null(mi.gg.p, &nulls[k]);
	k++;
	values[k] = float_or_null(mi.gg.q, &nulls[k]);
	k++;
	values[k] = float_or_null(mi.gg.gamma, &nulls[k]);
	k++;
	for (i = 0; i < 4; i++, k++)
	{
		int			j = param_index(pm, legacy_names[i]);

		values[k] = float_or_null(j >= 0 ? mi.se[j] : NAN, &nulls[k]);
	}
	for (i = 0; i < 3; i++, k++)
		values[k] = float_or_null(mi.gg_se[i], &nulls[k]);
	values[k] = float_or_null(is_bgnbd ? mi.loglik : NAN, &nulls[k]);
	k++;
	values[k] = float_or_null(mi.loglik_gg, &nulls[k]);
	k++;
	values[k++] = Int64GetDatum((int64) mi.n_customers);
	values[k++] = Int64GetDatum((int64) mi.n_repeaters);
	values[k++] = Int64GetDatum((int64) mi.n_spend);
	unit->month = mi.unit.months;
	unit->day = mi.unit.days;
	unit->time = mi.unit.usecs;
	values[k++] = IntervalPGetDatum(unit);
	nulls[k] = !is_bgnbd;
	values[k++] = BoolGetDatum(mi.status == LTV_FIT_OK);
	values[k++] = BoolGetDatum(mi.gg_status == LTV_FIT_OK);
	nulls[k] = !is_bgnbd;
	values[k++] = CStringGetTextDatum(ltv_fit_status_name(mi.status));
	values[k++] = CStringGetTextDatum(ltv_fit_status_name(mi.gg_status));
	Assert(k == LEGACY_COLUMNS);
	if (tupdesc->natts == COLUMNS)
	{
		int			np = pm->nparams;
		values[k++] = CStringGetTextDatum(pm->name);
		values[k] = float_or_null(fitted ? mi.loglik : NAN, &nulls[k]);
		k++;
		/* AIC = 2k - 2 LL, BIC = k log(n) - 2 LL over the purchase model's k parameters */
		values[k] = float_or_null(fitted ? 2.0 * np - 2.0 * mi.loglik : NAN, &nulls[k]);
		k++;
		values[k] = float_or_null(fitted ? np * log(mi.n_customers) - 2.0 * mi.loglik : NAN, &nulls[k]);
		k++;
		values[k++] = Int32GetDatum(np);
		values[k++] = BoolGetDatum(mi.status == LTV_FIT_OK);
		values[k++] = CStringGetTextDatum(ltv_fit_status_name(mi.status));
		Assert(k == COLUMNS);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * ltv_model_estimates(model): one row per parameter of both parts
 * (component 'purchase' with the model's name, or 'spend' for Gamma-Gamma),
 * with its standard error.
 */
PG_FUNCTION_INFO_V1(ltv_model_estimates);
Datum
ltv_model_estimates(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	LtvModelInfo mi;
	TupleDesc	tupdesc;
	Tuplestorestate *store;
	MemoryContext old;
	static const char *const gg_names[3] = {"p", "q", "gamma"};
	int			i;

	if (rsinfo == NULL || !IsA(rsinfo, ReturnSetInfo) ||
		!(rsinfo->allowedModes & SFRM_Materialize))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("ltv_model_estimates must be called where a set is accepted"),
				 errhint("Call it in FROM: SELECT * FROM ltv_model_estimates(model).")));
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ltv_model_estimates: return type must be a row type");
	ltv_model_read(PG_GETARG_LTV_MODEL(0), &mi);

	old = MemoryContextSwitchTo(rsinfo->econtext->ecxt_per_query_memory);
	tupdesc = CreateTupleDescCopy(tupdesc);
	store = tuplestore_begin_heap(rsinfo->allowedModes & SFRM_Materialize_Random, false, work_mem);
	MemoryContextSwitchTo(old);
	for (i = 0; i < mi.pm->nparams + 3; i++)
	{
		bool		purchase = i < mi.pm->nparams;
		int			j = purchase ? i : i - mi.pm->nparams;
		double		est = purchase ? mi.params[j] : (j == 0 ? mi.gg.p : j == 1 ? mi.gg.q : mi.gg.gamma);
		double		se = purchase ? mi.se[j] : mi.gg_se[j];
		Datum		values[5];
		bool		nulls[5] = {false};

		values[0] = CStringGetTextDatum(purchase ? "purchase" : "spend");
		values[1] = CStringGetTextDatum(purchase ? mi.pm->name : "gamma_gamma");
		values[2] = CStringGetTextDatum(purchase ? mi.pm->param_names[j] : gg_names[j]);
		values[3] = float_or_null(est, &nulls[3]);
		values[4] = float_or_null(se, &nulls[4]);
		tuplestore_putvalues(store, tupdesc, values, nulls);
	}
	rsinfo->returnMode = SFRM_Materialize;
	rsinfo->setResult = store;
	rsinfo->setDesc = tupdesc;
	return (Datum) 0;
}
