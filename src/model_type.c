/*
 * model_type.c: the ltv_model type (text and binary I/O, validation) and
 * ltv_model_params(), which reads its fields in SQL.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "model.h"
#include "core/model_codec.h"
#include "ltv_codec.h"

static const char *const status_names[] = {"converged", "not converged", "unidentified", "bad input"};

static const char *
fit_status_name(int status)
{
	return status >= 0 && status <= LTV_FIT_BAD_INPUT ? status_names[status] : "invalid";
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
	if (status == LTV_FIT_NOT_CONVERGED)
		ereport(WARNING,
				(errmsg("the %s fit did not converge", model_name),
				 errdetail("The optimizer stopped: %s. The model's %s_converged field is false.",
						   ltv_optim_status_name(optim_status),
						   strcmp(model_name, "BG/NBD") == 0 ? "bgnbd" : "gg"),
				 errhint("Check the input (enough customers, repeat purchases, t_x and T in a sensible unit).")));
	else if (status == LTV_FIT_UNIDENTIFIED && optim_status == LTV_OPTIM_DIVERGED)
		ereport(WARNING,
				(errmsg("the %s model cannot be identified from these customers", model_name),
				 errdetail("The likelihood has no finite maximum (a parameter runs off to 0 or infinity, for example with t_x and T near 0 in this unit); its parameters are NULL."),
				 errhint("Measure t_x and T in a unit in which they are not tiny, or fit over more customers.")));
	else if (status == LTV_FIT_UNIDENTIFIED)
		ereport(WARNING,
				(errmsg("the %s model cannot be identified from these customers", model_name),
				 errdetail(strcmp(model_name, "BG/NBD") == 0
						   ? "No customer made a repeat purchase (x > 0); its parameters are NULL."
						   : "Fewer than two repeat customers with distinct positive mean spend; its parameters are NULL."),
				 errhint("Fit over more customers or a longer calibration period.")));
	else if (status == LTV_FIT_BAD_INPUT)
		ereport(WARNING,
				(errmsg("the %s model cannot be fitted to these customers", model_name),
				 errdetail("A customer has more than %.0f repeat occasions (x), the limit of the models and of the predictions; the model's status is \"bad input\" and its parameters are NULL.",
						   LTV_MAX_REPEAT_OCCASIONS),
				 errhint("x counts repeat purchase occasions; check the input, or leave such customers out.")));
}

LtvModel *
ltv_model_from_fits(const LtvBgnbdFit *bg, const LtvGgFit *gg, const LtvUnit *unit)
{
	LtvModel   *m;
	int			i;

	/* what the model's input accepts (a count a double holds exactly) */
	if (!(bg->n_customers <= LTV_MODEL_MAX_CUSTOMERS))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many customers for one ltv_model"),
				 errdetail("The fit counts %.0f customers; a model counts at most 2^53 (%.0f).",
						   bg->n_customers, LTV_MODEL_MAX_CUSTOMERS),
				 errhint("Fit per segment.")));
	m = palloc0(sizeof(LtvModel));
	SET_VARSIZE(m, sizeof(LtvModel));
	m->version = LTV_MODEL_VERSION;
	m->bgnbd_status = (uint8) bg->status;
	m->gg_status = (uint8) gg->status;
	m->unit_months = unit->months;
	m->unit_days = unit->days;
	m->unit_usecs = unit->usecs;
	m->n_customers = bg->n_customers;
	m->n_repeaters = bg->n_repeaters;
	m->n_spend = gg->n_customers;
	m->r = bg->params.r;
	m->alpha = bg->params.alpha;
	m->a = bg->params.a;
	m->b = bg->params.b;
	m->p = gg->params.p;
	m->q = gg->params.q;
	m->gamma = gg->params.gamma;
	for (i = 0; i < 4; i++)
		m->se[i] = bg->se[i];
	for (i = 0; i < 3; i++)
		m->se[4 + i] = gg->se[i];
	m->loglik_bgnbd = bg->loglik;
	m->loglik_gg = gg->loglik;
	m->iterations_bgnbd = bg->iterations;
	m->iterations_gg = gg->iterations;
	return m;
}

static bool
fitted(int status)
{
	return status == LTV_FIT_OK || status == LTV_FIT_NOT_CONVERGED;
}

/* the datum's fields as the codec's value (the datum's layout is the stored one, kept as in 1.0) */
static void
model_to_value(const LtvModel *m, LtvModelValue *v)
{
	const double *params = &m->r;
	int			i;

	v->version = m->version;
	v->bgnbd_status = m->bgnbd_status;
	v->gg_status = m->gg_status;
	v->reserved = m->reserved;
	v->unit_months = m->unit_months;
	v->unit_days = m->unit_days;
	v->unit_usecs = m->unit_usecs;
	v->n_customers = m->n_customers;
	v->n_repeaters = m->n_repeaters;
	v->n_spend = m->n_spend;
	for (i = 0; i < 7; i++)
	{
		v->params[i] = params[i];
		v->se[i] = m->se[i];
	}
	v->loglik_bgnbd = m->loglik_bgnbd;
	v->loglik_gg = m->loglik_gg;
	v->iterations_bgnbd = m->iterations_bgnbd;
	v->iterations_gg = m->iterations_gg;
}

static LtvModel *
model_from_value(const LtvModelValue *v)
{
	LtvModel   *m = palloc0(sizeof(LtvModel));
	double	   *params = &m->r;
	int			i;

	SET_VARSIZE(m, sizeof(LtvModel));
	m->version = v->version;
	m->bgnbd_status = v->bgnbd_status;
	m->gg_status = v->gg_status;
	m->reserved = v->reserved;
	m->unit_months = v->unit_months;
	m->unit_days = v->unit_days;
	m->unit_usecs = v->unit_usecs;
	m->n_customers = v->n_customers;
	m->n_repeaters = v->n_repeaters;
	m->n_spend = v->n_spend;
	for (i = 0; i < 7; i++)
	{
		params[i] = v->params[i];
		m->se[i] = v->se[i];
	}
	m->loglik_bgnbd = v->loglik_bgnbd;
	m->loglik_gg = v->loglik_gg;
	m->iterations_bgnbd = v->iterations_bgnbd;
	m->iterations_gg = v->iterations_gg;
	return m;
}

/* every field's domain: src/core/model_codec.c; errors 22P03 as in 1.0 */
void
ltv_model_validate(const LtvModel *m)
{
	LtvModelValue v;
	LtvCodecError err;

	if (VARSIZE_ANY(m) != sizeof(LtvModel))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid ltv_model value"),
				 errdetail("Its size is wrong."),
				 errhint("Build models with ltv_fit(); their text form is what ltv_model's output gives.")));
	model_to_value(m, &v);
	ltv_codec_check(ltv_model_check(&v, &err), &err, ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
}

void
ltv_model_bgnbd_params(const LtvModel *m, LtvBgnbdParams *p)
{
	if (!fitted(m->bgnbd_status))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the model has no BG/NBD fit"),
				 errdetail("Its BG/NBD status is \"%s\".", fit_status_name(m->bgnbd_status)),
				 errhint("Fit over customers of whom some made repeat purchases (x > 0).")));
	p->r = m->r;
	p->alpha = m->alpha;
	p->a = m->a;
	p->b = m->b;
}

void
ltv_model_gg_params(const LtvModel *m, LtvGgParams *p)
{
	if (!fitted(m->gg_status))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the model has no Gamma-Gamma fit"),
				 errdetail("Its Gamma-Gamma status is \"%s\".", fit_status_name(m->gg_status)),
				 errhint("Pass ltv_fit() the mean repeat spend (monetary) of at least two repeat customers.")));
	p->p = m->p;
	p->q = m->q;
	p->gamma = m->gamma;
}

/* ---- text and binary I/O: src/core/model_codec.c ---- */

PG_FUNCTION_INFO_V1(ltv_model_out);
Datum
ltv_model_out(PG_FUNCTION_ARGS)
{
	LtvModelValue v;
	char	   *text = palloc(LTV_MODEL_TEXT_SIZE);

	model_to_value(PG_GETARG_LTV_MODEL(0), &v);
	ltv_model_format(&v, text);
	PG_RETURN_CSTRING(text);
}

/* syntax errors 22P02, domain errors 22P03 (as in 1.0) */
PG_FUNCTION_INFO_V1(ltv_model_in);
Datum
ltv_model_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	LtvModelValue v;
	LtvCodecError err;

	if (ltv_model_parse(input, &v, &err) != LTV_CODEC_OK)
		ltv_codec_raise(&err, err.quote_input ? ERRCODE_INVALID_TEXT_REPRESENTATION
						: ERRCODE_INVALID_BINARY_REPRESENTATION, input);
	PG_RETURN_POINTER(model_from_value(&v));
}

PG_FUNCTION_INFO_V1(ltv_model_send);
Datum
ltv_model_send(PG_FUNCTION_ARGS)
{
	LtvModelValue v;
	bytea	   *result = palloc(VARHDRSZ + LTV_MODEL_WIRE_SIZE);

	model_to_value(PG_GETARG_LTV_MODEL(0), &v);
	SET_VARSIZE(result, VARHDRSZ + LTV_MODEL_WIRE_SIZE);
	ltv_model_encode(&v, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(ltv_model_recv);
Datum
ltv_model_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	LtvModelValue v;
	LtvCodecError err;

	ltv_codec_check(ltv_model_decode((const uint8 *) buf->data + buf->cursor, buf->len - buf->cursor, &v, &err),
					&err, ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(model_from_value(&v));
}

static Datum
float_or_null(double v, bool *isnull)
{
	*isnull = isnan(v);
	return Float8GetDatum(v);
}

PG_FUNCTION_INFO_V1(ltv_model_params);
Datum
ltv_model_params(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	TupleDesc	tupdesc;
	Datum		values[24];
	bool		nulls[24];
	const double *params = &m->r;
	Interval   *unit = palloc(sizeof(Interval));
	int			i,
				k = 0;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "ltv_model_params must return a composite");
	tupdesc = BlessTupleDesc(tupdesc);
	if (tupdesc->natts != 24)
		elog(ERROR, "ltv_model_params: expected 24 columns");
	memset(nulls, 0, sizeof(nulls));
	for (i = 0; i < 7; i++, k++)
		values[k] = float_or_null(params[i], &nulls[k]);
	for (i = 0; i < 7; i++, k++)
		values[k] = float_or_null(m->se[i], &nulls[k]);
	values[k] = float_or_null(m->loglik_bgnbd, &nulls[k]);
	k++;
	values[k] = float_or_null(m->loglik_gg, &nulls[k]);
	k++;
	values[k++] = Int64GetDatum((int64) m->n_customers);
	values[k++] = Int64GetDatum((int64) m->n_repeaters);
	values[k++] = Int64GetDatum((int64) m->n_spend);
	unit->month = m->unit_months;
	unit->day = m->unit_days;
	unit->time = m->unit_usecs;
	values[k++] = IntervalPGetDatum(unit);
	values[k++] = BoolGetDatum(m->bgnbd_status == LTV_FIT_OK);
	values[k++] = BoolGetDatum(m->gg_status == LTV_FIT_OK);
	values[k++] = CStringGetTextDatum(fit_status_name(m->bgnbd_status));
	values[k++] = CStringGetTextDatum(fit_status_name(m->gg_status));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
