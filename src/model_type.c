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
	LtvModel   *m = palloc0(sizeof(LtvModel));
	int			i;

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

static void
bad_model(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid ltv_model value"),
			 errdetail("%s", detail),
			 errhint("Build models with ltv_fit(); their text form is what ltv_model's output gives.")));
}

static bool
fitted(int status)
{
	return status == LTV_FIT_OK || status == LTV_FIT_NOT_CONVERGED;
}

void
ltv_model_validate(const LtvModel *m)
{
	LtvUnit		unit;
	const double *params = &m->r;
	int			i;

	if (VARSIZE_ANY(m) != sizeof(LtvModel))
		bad_model("Its size is wrong.");
	if (m->version != LTV_MODEL_VERSION)
		bad_model("Its format version is not 1.");
	if (m->bgnbd_status > LTV_FIT_BAD_INPUT || m->gg_status > LTV_FIT_BAD_INPUT || m->reserved != 0)
		bad_model("A status field is out of range.");
	unit.months = m->unit_months;
	unit.days = m->unit_days;
	unit.usecs = m->unit_usecs;
	if (!ltv_unit_is_valid(&unit))
		bad_model("Its unit is not a positive interval.");
	if (!(m->n_customers >= 0) || !(m->n_repeaters >= 0) || !(m->n_spend >= 0) ||
		m->n_repeaters > m->n_customers || m->n_spend > m->n_repeaters ||
		m->n_customers > 9e15 || m->n_customers != floor(m->n_customers) ||
		m->n_repeaters != floor(m->n_repeaters) || m->n_spend != floor(m->n_spend))
		bad_model("Its customer counts are inconsistent.");
	if (m->iterations_bgnbd < 0 || m->iterations_gg < 0)
		bad_model("An iteration count is negative.");
	for (i = 0; i < 7; i++)
	{
		bool		is_fitted = fitted(i < 4 ? m->bgnbd_status : m->gg_status);

		if (is_fitted ? !(params[i] > 0 && isfinite(params[i])) : !isnan(params[i]))
			bad_model("A parameter does not match its fit status (positive and finite when fitted, NaN otherwise).");
		if (!isnan(m->se[i]) && !(m->se[i] >= 0 && isfinite(m->se[i])))
			bad_model("A standard error is negative or infinite.");
	}
	if (fitted(m->gg_status) && !(m->q > 1))
		bad_model("The Gamma-Gamma q must exceed 1.");
	if (fitted(m->bgnbd_status) ? !isfinite(m->loglik_bgnbd) : !isnan(m->loglik_bgnbd))
		bad_model("The BG/NBD log-likelihood does not match its fit status.");
	if (fitted(m->gg_status) ? !isfinite(m->loglik_gg) : !isnan(m->loglik_gg))
		bad_model("The Gamma-Gamma log-likelihood does not match its fit status.");
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

/* ---- text I/O: key=value pairs in a fixed order ---- */

typedef enum FieldKind
{
	F_U8,
	F_I32,
	F_I64,
	F_F8
} FieldKind;

typedef struct ModelField
{
	const char *name;
	FieldKind	kind;
	size_t		offset;
} ModelField;

#define MF(name, kind, member) {name, kind, offsetof(LtvModel, member)}
static const ModelField model_fields[] = {
	MF("version", F_U8, version),
	MF("bgnbd_status", F_U8, bgnbd_status),
	MF("gg_status", F_U8, gg_status),
	MF("unit_months", F_I32, unit_months),
	MF("unit_days", F_I32, unit_days),
	MF("unit_usecs", F_I64, unit_usecs),
	MF("n_customers", F_F8, n_customers),
	MF("n_repeaters", F_F8, n_repeaters),
	MF("n_spend", F_F8, n_spend),
	MF("r", F_F8, r),
	MF("alpha", F_F8, alpha),
	MF("a", F_F8, a),
	MF("b", F_F8, b),
	MF("p", F_F8, p),
	MF("q", F_F8, q),
	MF("gamma", F_F8, gamma),
	MF("r_se", F_F8, se[0]),
	MF("alpha_se", F_F8, se[1]),
	MF("a_se", F_F8, se[2]),
	MF("b_se", F_F8, se[3]),
	MF("p_se", F_F8, se[4]),
	MF("q_se", F_F8, se[5]),
	MF("gamma_se", F_F8, se[6]),
	MF("loglik_bgnbd", F_F8, loglik_bgnbd),
	MF("loglik_gg", F_F8, loglik_gg),
	MF("iterations_bgnbd", F_I32, iterations_bgnbd),
	MF("iterations_gg", F_I32, iterations_gg),
};
#define N_MODEL_FIELDS (sizeof(model_fields) / sizeof(model_fields[0]))

PG_FUNCTION_INFO_V1(ltv_model_out);
Datum
ltv_model_out(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	StringInfoData buf;
	size_t		i;

	initStringInfo(&buf);
	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		const char *p = (const char *) m + model_fields[i].offset;

		if (i > 0)
			appendStringInfoChar(&buf, ' ');
		appendStringInfo(&buf, "%s=", model_fields[i].name);
		switch (model_fields[i].kind)
		{
			case F_U8:
				appendStringInfo(&buf, "%d", (int) *(const uint8 *) p);
				break;
			case F_I32:
				appendStringInfo(&buf, "%d", *(const int32 *) p);
				break;
			case F_I64:
				appendStringInfo(&buf, INT64_FORMAT, *(const int64 *) p);
				break;
			case F_F8:
				{
					double		v = *(const double *) p;

					if (isnan(v))
						appendStringInfoString(&buf, "NaN");
					else
						appendStringInfo(&buf, "%.17g", v);
				}
				break;
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

static void
bad_model_text(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type ltv_model: \"%s\"", input),
			 errdetail("%s", detail),
			 errhint("Use the text ltv_model's output gives: key=value pairs in its order.")));
}

PG_FUNCTION_INFO_V1(ltv_model_in);
Datum
ltv_model_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	LtvModel   *m = palloc0(sizeof(LtvModel));
	const char *s = input;
	size_t		i;

	SET_VARSIZE(m, sizeof(LtvModel));
	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		size_t		len = strlen(model_fields[i].name);
		char	   *p = (char *) m + model_fields[i].offset;
		char	   *end;

		if (i > 0)
		{
			if (*s != ' ')
				bad_model_text(input, "Fields must be separated by one space.");
			s++;
		}
		if (strncmp(s, model_fields[i].name, len) != 0 || s[len] != '=')
			bad_model_text(input, psprintf("Expected field \"%s\".", model_fields[i].name));
		s += len + 1;
		errno = 0;
		if (model_fields[i].kind == F_F8)
		{
			double		v;

			if (strncmp(s, "NaN", 3) == 0)
			{
				v = NAN;
				end = (char *) s + 3;
			}
			else
			{
				v = strtod(s, &end);
				if (end == s || errno != 0 || isnan(v) || isinf(v))
					bad_model_text(input, psprintf("Field \"%s\" is not a finite number or NaN.",
												   model_fields[i].name));
			}
			*(double *) p = v;
		}
		else
		{
			long long	v = strtoll(s, &end, 10);

			if (end == s || errno != 0 || (*s != '-' && !isdigit((unsigned char) *s)) ||
				(model_fields[i].kind == F_U8 && (v < 0 || v > 255)) ||
				(model_fields[i].kind == F_I32 && (v < PG_INT32_MIN || v > PG_INT32_MAX)))
				bad_model_text(input, psprintf("Field \"%s\" is not an integer in range.",
											   model_fields[i].name));
			if (model_fields[i].kind == F_U8)
				*(uint8 *) p = (uint8) v;
			else if (model_fields[i].kind == F_I32)
				*(int32 *) p = (int32) v;
			else
				*(int64 *) p = (int64) v;
		}
		s = end;
	}
	if (*s != '\0')
		bad_model_text(input, "Unexpected text after the last field.");
	ltv_model_validate(m);
	PG_RETURN_POINTER(m);
}

PG_FUNCTION_INFO_V1(ltv_model_send);
Datum
ltv_model_send(PG_FUNCTION_ARGS)
{
	LtvModel   *m = PG_GETARG_LTV_MODEL(0);
	StringInfoData buf;
	size_t		i;

	pq_begintypsend(&buf);
	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		const char *p = (const char *) m + model_fields[i].offset;

		switch (model_fields[i].kind)
		{
			case F_U8:
				pq_sendbyte(&buf, *(const uint8 *) p);
				break;
			case F_I32:
				pq_sendint32(&buf, *(const int32 *) p);
				break;
			case F_I64:
				pq_sendint64(&buf, *(const int64 *) p);
				break;
			case F_F8:
				pq_sendfloat8(&buf, *(const double *) p);
				break;
		}
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(ltv_model_recv);
Datum
ltv_model_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	LtvModel   *m = palloc0(sizeof(LtvModel));
	size_t		i;

	SET_VARSIZE(m, sizeof(LtvModel));
	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		char	   *p = (char *) m + model_fields[i].offset;

		/* pq_getmsg* raise an error on a short message */
		switch (model_fields[i].kind)
		{
			case F_U8:
				*(uint8 *) p = (uint8) pq_getmsgbyte(buf);
				break;
			case F_I32:
				*(int32 *) p = pq_getmsgint(buf, 4);
				break;
			case F_I64:
				*(int64 *) p = pq_getmsgint64(buf);
				break;
			case F_F8:
				*(double *) p = pq_getmsgfloat8(buf);
				break;
		}
	}
	if (buf->cursor != buf->len)
		bad_model("Extra bytes follow the last field.");
	ltv_model_validate(m);
	PG_RETURN_POINTER(m);
}

/* ---- ltv_model_params(m): every field, NULL where NaN ---- */

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
