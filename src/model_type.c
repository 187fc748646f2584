/*
 * model_type.c: the ltv_model type's text and binary I/O and validation.
 *
 * Two format versions are read and written (each value keeps its own):
 *
 *   1 (ltv 1.0)  BG/NBD + Gamma-Gamma: "version=1 bgnbd_status=0 gg_status=0
 *                unit_months=.. unit_days=.. unit_usecs=.. n_customers=..
 *                n_repeaters=.. n_spend=.. r=.. alpha=.. a=.. b=.. p=.. q=..
 *                gamma=.. r_se=.. .. gamma_se=.. loglik_bgnbd=.. loglik_gg=..
 *                iterations_bgnbd=.. iterations_gg=.."
 *   2 (ltv 1.1)  any purchase model: "version=2 model=<name> status=..
 *                gg_status=.. unit_months=.. unit_days=.. unit_usecs=..
 *                n_customers=.. n_repeaters=.. n_spend=.. <its parameters>=..
 *                <parameter>_se=.. cov=<10 numbers> loglik=.. iterations=..
 *                gg_p=.. gg_q=.. gg_gamma=.. gg_p_se=.. gg_q_se=..
 *                gg_gamma_se=.. gg_cov=<6 numbers> loglik_gg=.. iterations_gg=.."
 *
 * Fields in that fixed order, numbers in full precision, NaN for values
 * that do not exist; covariances are upper triangles row by row, separated
 * by commas.  The binary form sends the same fields in the same order.
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "core/codec.h"
#include "model.h"

/* ---- validation (every field of a value read from outside) ---- */

static void
bad_model(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid ltv_model value"),
			 errdetail("%s", detail),
			 errhint("Build models with ltv_fit(); their text form is what ltv_model's output gives.")));
}

static void
check_part(bool fitted, int n, const double *params, const double *se, const double *cov, double loglik,
		   const char *what)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		if (fitted ? !(params[i] > 0 && isfinite(params[i])) : !isnan(params[i]))
			bad_model("A parameter does not match its fit status (positive and finite when fitted, NaN otherwise).");
		if (!isnan(se[i]) && !(se[i] >= 0 && isfinite(se[i])))
			bad_model("A standard error is negative or infinite.");
		if (!isnan(cov[i * n + i]) && !(cov[i * n + i] >= 0 && isfinite(cov[i * n + i])))
			bad_model("A variance is negative or infinite.");
	}
	for (i = 0; i < n * n; i++)
		if (isinf(cov[i]))
			bad_model("A covariance is infinite.");
	if (fitted ? !isfinite(loglik) : !isnan(loglik))
		bad_model(psprintf("The %s log-likelihood does not match its fit status.", what));
}

static void
validate_info(const LtvModelInfo *m)
{
	double		gg[3] = {m->gg.p, m->gg.q, m->gg.gamma};

	if (m->status > LTV_FIT_BAD_INPUT || m->gg_status > LTV_FIT_BAD_INPUT)
		bad_model("A status field is out of range.");
	if (!ltv_unit_is_valid(&m->unit))
		bad_model("Its unit is not a positive interval.");
	if (!(m->n_customers >= 0) || !(m->n_repeaters >= 0) || !(m->n_spend >= 0) ||
		m->n_repeaters > m->n_customers || m->n_spend > m->n_repeaters ||
		m->n_customers > LTV_MODEL_MAX_CUSTOMERS || m->n_customers != floor(m->n_customers) ||
		m->n_repeaters != floor(m->n_repeaters) || m->n_spend != floor(m->n_spend))
		bad_model("Its customer counts are inconsistent.");
	if (m->iterations < 0 || m->iterations_gg < 0)
		bad_model("An iteration count is negative.");
	check_part(ltv_fit_status_fitted(m->status), LTV_PM_MAX_PARAMS, m->params, m->se, m->cov, m->loglik,
			   m->pm->label);
	check_part(ltv_fit_status_fitted(m->gg_status), 3, gg, m->gg_se, m->gg_cov, m->loglik_gg, "Gamma-Gamma");
	if (ltv_fit_status_fitted(m->gg_status) && !(m->gg.q > 1))
		bad_model("The Gamma-Gamma q must exceed 1.");
}

/* ---- the fields of each version, in order ---- */

typedef enum FieldKind
{
	F_U8,
	F_I32,
	F_I64,
	F_F8,
	F_F8LIST,					/* n comma-separated float8 */
	F_MODEL						/* a purchase model's name; a byte in binary */
} FieldKind;

typedef struct FieldRef
{
	const char *name;
	FieldKind	kind;
	int			n;				/* F_F8LIST */
	void	   *ptr;
} FieldRef;

#define MAX_FIELDS 40

typedef struct FieldList
{
	int			n;
	FieldRef	f[MAX_FIELDS];
	char		names[LTV_PM_MAX_PARAMS][NAMEDATALEN];	/* <param>_se */
} FieldList;

static void
add(FieldList *l, const char *name, FieldKind kind, void *ptr)
{
	Assert(l->n < MAX_FIELDS);
	l->f[l->n].name = name;
	l->f[l->n].kind = kind;
	l->f[l->n].n = 1;
	l->f[l->n].ptr = ptr;
	l->n++;
}

static void
add_list(FieldList *l, const char *name, int n, double *ptr)
{
	add(l, name, F_F8LIST, ptr);
	l->f[l->n - 1].n = n;
}

static void
fields_v1(LtvModelV1 *m, FieldList *l)
{
	l->n = 0;
	add(l, "version", F_U8, &m->version);
	add(l, "bgnbd_status", F_U8, &m->bgnbd_status);
	add(l, "gg_status", F_U8, &m->gg_status);
	add(l, "unit_months", F_I32, &m->unit_months);
	add(l, "unit_days", F_I32, &m->unit_days);
	add(l, "unit_usecs", F_I64, &m->unit_usecs);
	add(l, "n_customers", F_F8, &m->n_customers);
	add(l, "n_repeaters", F_F8, &m->n_repeaters);
	add(l, "n_spend", F_F8, &m->n_spend);
	add(l, "r", F_F8, &m->r);
	add(l, "alpha", F_F8, &m->alpha);
	add(l, "a", F_F8, &m->a);
	add(l, "b", F_F8, &m->b);
	add(l, "p", F_F8, &m->p);
	add(l, "q", F_F8, &m->q);
	add(l, "gamma", F_F8, &m->gamma);
	add(l, "r_se", F_F8, &m->se[0]);
	add(l, "alpha_se", F_F8, &m->se[1]);
	add(l, "a_se", F_F8, &m->se[2]);
	add(l, "b_se", F_F8, &m->se[3]);
	add(l, "p_se", F_F8, &m->se[4]);
	add(l, "q_se", F_F8, &m->se[5]);
	add(l, "gamma_se", F_F8, &m->se[6]);
	add(l, "loglik_bgnbd", F_F8, &m->loglik_bgnbd);
	add(l, "loglik_gg", F_F8, &m->loglik_gg);
	add(l, "iterations_bgnbd", F_I32, &m->iterations_bgnbd);
	add(l, "iterations_gg", F_I32, &m->iterations_gg);
}

/* the fields of a version 2 value whose kind is already set */
static void
fields_v2(LtvModel *m, FieldList *l)
{
	const LtvPurchaseModel *pm = ltv_purchase_model(m->kind);
	int			i;

	Assert(pm != NULL && pm->nparams == LTV_PM_MAX_PARAMS);
	l->n = 0;
	add(l, "version", F_U8, &m->version);
	add(l, "model", F_MODEL, &m->kind);
	add(l, "status", F_U8, &m->status);
	add(l, "gg_status", F_U8, &m->gg_status);
	add(l, "unit_months", F_I32, &m->unit_months);
	add(l, "unit_days", F_I32, &m->unit_days);
	add(l, "unit_usecs", F_I64, &m->unit_usecs);
	add(l, "n_customers", F_F8, &m->n_customers);
	add(l, "n_repeaters", F_F8, &m->n_repeaters);
	add(l, "n_spend", F_F8, &m->n_spend);
	for (i = 0; i < pm->nparams; i++)
		add(l, pm->param_names[i], F_F8, &m->params[i]);
	for (i = 0; i < pm->nparams; i++)
	{
		snprintf(l->names[i], NAMEDATALEN, "%s_se", pm->param_names[i]);
		add(l, l->names[i], F_F8, &m->se[i]);
	}
	add_list(l, "cov", LTV_COV4, m->cov);
	add(l, "loglik", F_F8, &m->loglik);
	add(l, "iterations", F_I32, &m->iterations);
	add(l, "gg_p", F_F8, &m->gg[0]);
	add(l, "gg_q", F_F8, &m->gg[1]);
	add(l, "gg_gamma", F_F8, &m->gg[2]);
	add(l, "gg_p_se", F_F8, &m->gg_se[0]);
	add(l, "gg_q_se", F_F8, &m->gg_se[1]);
	add(l, "gg_gamma_se", F_F8, &m->gg_se[2]);
	add_list(l, "gg_cov", LTV_COV3, m->gg_cov);
	add(l, "loglik_gg", F_F8, &m->loglik_gg);
	add(l, "iterations_gg", F_I32, &m->iterations_gg);
}

/* a value read from outside: the version-specific bytes, then every field */
static void
validate(const struct varlena *v)
{
	LtvModelInfo info;

	if (((const LtvModelV1 *) v)->version == 1)
	{
		const LtvModelV1 *m = (const LtvModelV1 *) v;

		if (m->bgnbd_status > LTV_FIT_BAD_INPUT || m->gg_status > LTV_FIT_BAD_INPUT || m->reserved != 0)
			bad_model("A status field is out of range.");
	}
	else
	{
		const LtvModel *m = (const LtvModel *) v;

		if (ltv_purchase_model(m->kind) == NULL)
			bad_model("Its purchase model is unknown.");
		if (m->status > LTV_FIT_BAD_INPUT || m->gg_status > LTV_FIT_BAD_INPUT)
			bad_model("A status field is out of range.");
	}
	ltv_model_read(v, &info);
	validate_info(&info);
}

/* a writable copy (the field lists point into the value) */
static struct varlena *
copy_value(const struct varlena *v)
{
	struct varlena *c = palloc(VARSIZE_ANY(v));

	memcpy(c, v, VARSIZE_ANY(v));
	return c;
}

/* ---- text output ---- */

static void
append_float(StringInfo buf, double v)
{
	if (isnan(v))
		appendStringInfoString(buf, "NaN");
	else
		appendStringInfo(buf, "%.17g", v);
}

PG_FUNCTION_INFO_V1(ltv_model_out);
Datum
ltv_model_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_LTV_MODEL(0);
	FieldList	l;
	StringInfoData buf;
	int			i,
				j;
	LtvModelInfo info;

	ltv_model_read(v, &info);	/* checks the size and version */
	v = copy_value(v);
	if (info.version == 1)
		fields_v1((LtvModelV1 *) v, &l);
	else
		fields_v2((LtvModel *) v, &l);
	initStringInfo(&buf);
	for (i = 0; i < l.n; i++)
	{
		const FieldRef *f = &l.f[i];

		if (i > 0)
			appendStringInfoChar(&buf, ' ');
		appendStringInfo(&buf, "%s=", f->name);
		switch (f->kind)
		{
			case F_U8:
				appendStringInfo(&buf, "%d", (int) *(const uint8 *) f->ptr);
				break;
			case F_I32:
				appendStringInfo(&buf, "%d", *(const int32 *) f->ptr);
				break;
			case F_I64:
				appendStringInfo(&buf, INT64_FORMAT, *(const int64 *) f->ptr);
				break;
			case F_F8:
				append_float(&buf, *(const double *) f->ptr);
				break;
			case F_F8LIST:
				for (j = 0; j < f->n; j++)
				{
					if (j > 0)
						appendStringInfoChar(&buf, ',');
					append_float(&buf, ((const double *) f->ptr)[j]);
				}
				break;
			case F_MODEL:
				appendStringInfoString(&buf, ltv_purchase_model(*(const uint8 *) f->ptr)->name);
				break;
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---- text input ---- */

static void
bad_model_text(const char *input, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type ltv_model: \"%s\"", input),
			 errdetail("%s", detail),
			 errhint("Use the text ltv_model's output gives: key=value pairs in its order.")));
}

static double
parse_double(const char *input, const char **s, const char *name)
{
	double		v;
	char	   *end;

	if (strncmp(*s, "NaN", 3) == 0)
	{
		*s += 3;
		return NAN;
	}
	/* ltv_parse_f64: a subnormal (strtod's ERANGE) is a value the output writes */
	end = (char *) ltv_parse_f64(*s, &v);
	if (end == NULL || isnan(v) || isinf(v))
		bad_model_text(input, psprintf("Field \"%s\" is not a finite number or NaN.", name));
	*s = end;
	return v;
}

/* "name=" at *s, then the value into f->ptr; *s moves past it */
static void
parse_field(const char *input, const char **s, const FieldRef *f, bool first)
{
	size_t		len = strlen(f->name);
	const char *p = *s;
	char	   *end;
	int			j;

	if (!first)
	{
		if (*p != ' ')
			bad_model_text(input, "Fields must be separated by one space.");
		p++;
	}
	if (strncmp(p, f->name, len) != 0 || p[len] != '=')
		bad_model_text(input, psprintf("Expected field \"%s\".", f->name));
	p += len + 1;
	switch (f->kind)
	{
		case F_F8:
			*(double *) f->ptr = parse_double(input, &p, f->name);
			break;
		case F_F8LIST:
			for (j = 0; j < f->n; j++)
			{
				if (j > 0)
				{
					if (*p != ',')
						bad_model_text(input, psprintf("Field \"%s\" must have %d comma-separated numbers.",
													   f->name, f->n));
					p++;
				}
				((double *) f->ptr)[j] = parse_double(input, &p, f->name);
			}
			break;
		case F_MODEL:
			{
				size_t		n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
				char	   *name = pnstrdup(p, n);
				const LtvPurchaseModel *pm = ltv_purchase_model_by_name(name);

				if (pm == NULL)
					bad_model_text(input, psprintf("Unknown purchase model \"%s\" (known: %s).", name,
												   ltv_purchase_model_names()));
				*(uint8 *) f->ptr = (uint8) pm->kind;
				p += n;
			}
			break;
		default:
			{
				long long	v;

				errno = 0;
				v = strtoll(p, &end, 10);
				if (end == p || errno != 0 || (*p != '-' && !isdigit((unsigned char) *p)) ||
					(f->kind == F_U8 && (v < 0 || v > 255)) ||
					(f->kind == F_I32 && (v < PG_INT32_MIN || v > PG_INT32_MAX)))
					bad_model_text(input, psprintf("Field \"%s\" is not an integer in range.", f->name));
				if (f->kind == F_U8)
					*(uint8 *) f->ptr = (uint8) v;
				else if (f->kind == F_I32)
					*(int32 *) f->ptr = (int32) v;
				else
					*(int64 *) f->ptr = (int64) v;
				p = end;
			}
			break;
	}
	*s = p;
}

PG_FUNCTION_INFO_V1(ltv_model_in);
Datum
ltv_model_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	const char *s = input;
	struct varlena *v;
	FieldList	l;
	int			first;
	int			i;

	if (strncmp(s, "version=1 ", 10) == 0)
	{
		LtvModelV1 *m = palloc0(sizeof(LtvModelV1));

		SET_VARSIZE(m, sizeof(LtvModelV1));
		fields_v1(m, &l);
		v = (struct varlena *) m;
		first = 0;
	}
	else if (strncmp(s, "version=2 ", 10) == 0)
	{
		LtvModel   *m = palloc0(sizeof(LtvModel));
		FieldRef	model_field = {"model", F_MODEL, 1, &m->kind};

		SET_VARSIZE(m, sizeof(LtvModel));
		m->version = 2;
		s += 9;
		parse_field(input, &s, &model_field, false);
		fields_v2(m, &l);
		v = (struct varlena *) m;
		first = 2;				/* version and model are read */
	}
	else if (strncmp(s, "version=", 8) == 0)
		bad_model("Its format version is not 1 or 2.");
	else
		bad_model_text(input, "Expected field \"version\".");
	for (i = first; i < l.n; i++)
		parse_field(input, &s, &l.f[i], i == 0);
	if (*s != '\0')
		bad_model_text(input, "Unexpected text after the last field.");
	validate(v);
	PG_RETURN_POINTER(v);
}

/* ---- binary I/O ---- */

PG_FUNCTION_INFO_V1(ltv_model_send);
Datum
ltv_model_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_GETARG_LTV_MODEL(0);
	LtvModelInfo info;
	FieldList	l;
	StringInfoData buf;
	int			i,
				j;

	ltv_model_read(v, &info);
	v = copy_value(v);
	if (info.version == 1)
		fields_v1((LtvModelV1 *) v, &l);
	else
		fields_v2((LtvModel *) v, &l);
	pq_begintypsend(&buf);
	for (i = 0; i < l.n; i++)
	{
		const FieldRef *f = &l.f[i];

		switch (f->kind)
		{
			case F_U8:
			case F_MODEL:
				pq_sendbyte(&buf, *(const uint8 *) f->ptr);
				break;
			case F_I32:
				pq_sendint32(&buf, *(const int32 *) f->ptr);
				break;
			case F_I64:
				pq_sendint64(&buf, *(const int64 *) f->ptr);
				break;
			case F_F8:
				pq_sendfloat8(&buf, *(const double *) f->ptr);
				break;
			case F_F8LIST:
				for (j = 0; j < f->n; j++)
					pq_sendfloat8(&buf, ((const double *) f->ptr)[j]);
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
	int			version = pq_getmsgbyte(buf);
	struct varlena *v;
	FieldList	l;
	int			first;
	int			i,
				j;

	if (version == 1)
	{
		LtvModelV1 *m = palloc0(sizeof(LtvModelV1));

		SET_VARSIZE(m, sizeof(LtvModelV1));
		m->version = 1;
		fields_v1(m, &l);
		v = (struct varlena *) m;
		first = 1;
	}
	else if (version == 2)
	{
		LtvModel   *m = palloc0(sizeof(LtvModel));

		SET_VARSIZE(m, sizeof(LtvModel));
		m->version = 2;
		m->kind = (uint8) pq_getmsgbyte(buf);
		if (ltv_purchase_model(m->kind) == NULL)
			bad_model("Its purchase model is unknown.");
		fields_v2(m, &l);
		v = (struct varlena *) m;
		first = 2;
	}
	else
		bad_model("Its format version is not 1 or 2.");
	for (i = first; i < l.n; i++)
	{
		const FieldRef *f = &l.f[i];

		/* pq_getmsg* raise an error on a short message */
		switch (f->kind)
		{
			case F_U8:
			case F_MODEL:
				*(uint8 *) f->ptr = (uint8) pq_getmsgbyte(buf);
				break;
			case F_I32:
				*(int32 *) f->ptr = pq_getmsgint(buf, 4);
				break;
			case F_I64:
				*(int64 *) f->ptr = pq_getmsgint64(buf);
				break;
			case F_F8:
				*(double *) f->ptr = pq_getmsgfloat8(buf);
				break;
			case F_F8LIST:
				for (j = 0; j < f->n; j++)
					((double *) f->ptr)[j] = pq_getmsgfloat8(buf);
				break;
		}
	}
	if (buf->cursor != buf->len)
		bad_model("Extra bytes follow the last field.");
	validate(v);
	PG_RETURN_POINTER(v);
}
