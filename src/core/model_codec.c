/*
 * model_codec.c: ltv_model values in their text and binary forms
 * (model_codec.h).  The messages are the ones 1.0 gave.
 */
#include "model_codec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MODEL_HINT "Build models with ltv_fit(); their text form is what ltv_model's output gives."
#define TEXT_HINT "Use the text ltv_model's output gives: key=value pairs in its order."
#define TEXT_MSG "invalid input syntax for type ltv_model"

#define BAD_MODEL(...) \
	ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid ltv_model value", MODEL_HINT, __VA_ARGS__)
#define BAD_TEXT(...) ltv_codec_fail(err, LTV_CODEC_INVALID, true, TEXT_MSG, TEXT_HINT, __VA_ARGS__)

bool
ltv_model_status_fitted(int status)
{
	return status == LTV_FIT_OK || status == LTV_FIT_NOT_CONVERGED;
}

/* ---- validation ---- */

/* the index of entry (i, i) of an n x n upper triangle stored row by row */
static int
tri_diag(int n, int i)
{
	return i * n - i * (i - 1) / 2;
}

static LtvCodecStatus
check_part(bool fitted, int n, const double *params, const double *se, const double *tri, double loglik,
		   const char *what, LtvCodecError *err)
{
	int			i;

	for (i = 0; i < n; i++)
	{
		double		var = tri[tri_diag(n, i)];

		if (fitted ? !(params[i] > 0 && isfinite(params[i])) : !isnan(params[i]))
			return BAD_MODEL("A parameter does not match its fit status (positive and finite when fitted, NaN otherwise).");
		if (!isnan(se[i]) && !(se[i] >= 0 && isfinite(se[i])))
			return BAD_MODEL("A standard error is negative or infinite.");
		if (!isnan(var) && !(var >= 0 && isfinite(var)))
			return BAD_MODEL("A variance is negative or infinite.");
	}
	for (i = 0; i < n * (n + 1) / 2; i++)
		if (isinf(tri[i]))
			return BAD_MODEL("A covariance is infinite.");
	if (fitted ? !isfinite(loglik) : !isnan(loglik))
		return BAD_MODEL("The %s log-likelihood does not match its fit status.", what);
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_model_validate(const LtvModelValue *m, LtvCodecError *err)
{
	const LtvPurchaseModel *pm = ltv_purchase_model(m->kind);
	LtvCodecStatus st;
	int			i;

	if (m->version != 1 && m->version != 2)
		return BAD_MODEL("Its format version is not 1 or 2.");
	if (pm == NULL || (m->version == 1 && m->kind != LTV_PM_BGNBD))
		return BAD_MODEL("Its purchase model is unknown.");
	if (m->status > LTV_FIT_BAD_INPUT || m->gg_status > LTV_FIT_BAD_INPUT)
		return BAD_MODEL("A status field is out of range.");
	if (!ltv_unit_is_valid(&m->unit))
		return BAD_MODEL("Its unit is not a positive interval.");
	if (!(m->n_customers >= 0) || !(m->n_repeaters >= 0) || !(m->n_spend >= 0) ||
		m->n_repeaters > m->n_customers || m->n_spend > m->n_repeaters ||
		m->n_customers > LTV_MODEL_MAX_CUSTOMERS || m->n_customers != floor(m->n_customers) ||
		m->n_repeaters != floor(m->n_repeaters) || m->n_spend != floor(m->n_spend))
		return BAD_MODEL("Its customer counts are inconsistent.");
	if (m->iterations < 0 || m->iterations_gg < 0)
		return BAD_MODEL("An iteration count is negative.");
	if (m->version == 1)
	{
		/* not stored: NaN, as the readers take them */
		for (i = 0; i < LTV_MODEL_COV4; i++)
			if (!isnan(m->cov[i]))
				return BAD_MODEL("A format version 1 model has no covariances.");
		for (i = 0; i < LTV_MODEL_COV3; i++)
			if (!isnan(m->gg_cov[i]))
				return BAD_MODEL("A format version 1 model has no covariances.");
	}
	st = check_part(ltv_model_status_fitted(m->status), LTV_PM_MAX_PARAMS, m->params, m->se, m->cov,
					m->loglik, pm->label, err);
	if (st != LTV_CODEC_OK)
		return st;
	st = check_part(ltv_model_status_fitted(m->gg_status), 3, m->gg, m->gg_se, m->gg_cov, m->loglik_gg,
					"Gamma-Gamma", err);
	if (st != LTV_CODEC_OK)
		return st;
	if (ltv_model_status_fitted(m->gg_status) && !(m->gg[1] > 1))
		return BAD_MODEL("The Gamma-Gamma q must exceed 1.");
	return LTV_CODEC_OK;
}

/* ---- the fields of each version, in order ---- */

typedef enum FieldKind
{
	F_U8,
	F_I32,
	F_I64,
	F_F8,
	F_F8LIST,					/* n comma-separated doubles */
	F_MODEL						/* a purchase model's name; its kind's byte in binary */
} FieldKind;

typedef struct Field
{
	const char *name;
	FieldKind	kind;
	int			n;				/* F_F8LIST */
	void	   *ptr;
} Field;

#define MAX_FIELDS 40
#define NAME_LEN 64

typedef struct FieldList
{
	int			n;
	Field		f[MAX_FIELDS];
	char		se_names[LTV_PM_MAX_PARAMS][NAME_LEN];	/* <param>_se */
} FieldList;

static void
add(FieldList *l, const char *name, FieldKind kind, int n, void *ptr)
{
	l->f[l->n].name = name;
	l->f[l->n].kind = kind;
	l->f[l->n].n = n;
	l->f[l->n].ptr = ptr;
	l->n++;
}

static void
fields_v1(LtvModelValue *m, FieldList *l)
{
	l->n = 0;
	add(l, "version", F_U8, 1, &m->version);
	add(l, "bgnbd_status", F_U8, 1, &m->status);
	add(l, "gg_status", F_U8, 1, &m->gg_status);
	add(l, "unit_months", F_I32, 1, &m->unit.months);
	add(l, "unit_days", F_I32, 1, &m->unit.days);
	add(l, "unit_usecs", F_I64, 1, &m->unit.usecs);
	add(l, "n_customers", F_F8, 1, &m->n_customers);
	add(l, "n_repeaters", F_F8, 1, &m->n_repeaters);
	add(l, "n_spend", F_F8, 1, &m->n_spend);
	add(l, "r", F_F8, 1, &m->params[0]);
	add(l, "alpha", F_F8, 1, &m->params[1]);
	add(l, "a", F_F8, 1, &m->params[2]);
	add(l, "b", F_F8, 1, &m->params[3]);
	add(l, "p", F_F8, 1, &m->gg[0]);
	add(l, "q", F_F8, 1, &m->gg[1]);
	add(l, "gamma", F_F8, 1, &m->gg[2]);
	add(l, "r_se", F_F8, 1, &m->se[0]);
	add(l, "alpha_se", F_F8, 1, &m->se[1]);
	add(l, "a_se", F_F8, 1, &m->se[2]);
	add(l, "b_se", F_F8, 1, &m->se[3]);
	add(l, "p_se", F_F8, 1, &m->gg_se[0]);
	add(l, "q_se", F_F8, 1, &m->gg_se[1]);
	add(l, "gamma_se", F_F8, 1, &m->gg_se[2]);
	add(l, "loglik_bgnbd", F_F8, 1, &m->loglik);
	add(l, "loglik_gg", F_F8, 1, &m->loglik_gg);
	add(l, "iterations_bgnbd", F_I32, 1, &m->iterations);
	add(l, "iterations_gg", F_I32, 1, &m->iterations_gg);
}

/* the fields of a version 2 value whose kind is a known model */
static void
fields_v2(LtvModelValue *m, FieldList *l)
{
	const LtvPurchaseModel *pm = ltv_purchase_model(m->kind);
	int			i;

	l->n = 0;
	add(l, "version", F_U8, 1, &m->version);
	add(l, "model", F_MODEL, 1, &m->kind);
	add(l, "status", F_U8, 1, &m->status);
	add(l, "gg_status", F_U8, 1, &m->gg_status);
	add(l, "unit_months", F_I32, 1, &m->unit.months);
	add(l, "unit_days", F_I32, 1, &m->unit.days);
	add(l, "unit_usecs", F_I64, 1, &m->unit.usecs);
	add(l, "n_customers", F_F8, 1, &m->n_customers);
	add(l, "n_repeaters", F_F8, 1, &m->n_repeaters);
	add(l, "n_spend", F_F8, 1, &m->n_spend);
	for (i = 0; i < LTV_PM_MAX_PARAMS; i++)
		add(l, pm->param_names[i], F_F8, 1, &m->params[i]);
	for (i = 0; i < LTV_PM_MAX_PARAMS; i++)
	{
		snprintf(l->se_names[i], NAME_LEN, "%s_se", pm->param_names[i]);
		add(l, l->se_names[i], F_F8, 1, &m->se[i]);
	}
	add(l, "cov", F_F8LIST, LTV_MODEL_COV4, m->cov);
	add(l, "loglik", F_F8, 1, &m->loglik);
	add(l, "iterations", F_I32, 1, &m->iterations);
	add(l, "gg_p", F_F8, 1, &m->gg[0]);
	add(l, "gg_q", F_F8, 1, &m->gg[1]);
	add(l, "gg_gamma", F_F8, 1, &m->gg[2]);
	add(l, "gg_p_se", F_F8, 1, &m->gg_se[0]);
	add(l, "gg_q_se", F_F8, 1, &m->gg_se[1]);
	add(l, "gg_gamma_se", F_F8, 1, &m->gg_se[2]);
	add(l, "gg_cov", F_F8LIST, LTV_MODEL_COV3, m->gg_cov);
	add(l, "loglik_gg", F_F8, 1, &m->loglik_gg);
	add(l, "iterations_gg", F_I32, 1, &m->iterations_gg);
}

/* a new value of a version: the fields neither form stores are NaN */
static void
init_value(LtvModelValue *m, int version, int kind)
{
	int			i;

	memset(m, 0, sizeof(*m));
	m->version = (uint8_t) version;
	m->kind = (uint8_t) kind;
	for (i = 0; i < LTV_MODEL_COV4; i++)
		m->cov[i] = NAN;
	for (i = 0; i < LTV_MODEL_COV3; i++)
		m->gg_cov[i] = NAN;
}

static void
fields_of(const LtvModelValue *m, FieldList *l)
{
	/* the list only points into m; readers of a const value do not write */
	if (m->version == 1)
		fields_v1((LtvModelValue *) m, l);
	else
		fields_v2((LtvModelValue *) m, l);
}

/* ---- binary ---- */

static size_t
field_size(const Field *f)
{
	switch (f->kind)
	{
		case F_U8:
		case F_MODEL:
			return 1;
		case F_I32:
			return 4;
		case F_I64:
		case F_F8:
			return 8;
		case F_F8LIST:
			return 8 * (size_t) f->n;
	}
	return 0;
}

size_t
ltv_model_encoded_size(const LtvModelValue *m)
{
	FieldList	l;
	size_t		size = 0;
	int			i;

	fields_of(m, &l);
	for (i = 0; i < l.n; i++)
		size += field_size(&l.f[i]);
	return size;
}

void
ltv_model_encode(const LtvModelValue *m, uint8_t *out)
{
	FieldList	l;
	LtvWriter	w;
	int			i,
				j;

	fields_of(m, &l);
	w.data = out;
	w.pos = 0;
	for (i = 0; i < l.n; i++)
	{
		const Field *f = &l.f[i];

		switch (f->kind)
		{
			case F_U8:
			case F_MODEL:
				ltv_write_uint(&w, 1, *(const uint8_t *) f->ptr);
				break;
			case F_I32:
				ltv_write_uint(&w, 4, (uint32_t) *(const int32_t *) f->ptr);
				break;
			case F_I64:
				ltv_write_uint(&w, 8, (uint64_t) *(const int64_t *) f->ptr);
				break;
			case F_F8:
				ltv_write_f64(&w, *(const double *) f->ptr);
				break;
			case F_F8LIST:
				for (j = 0; j < f->n; j++)
					ltv_write_f64(&w, ((const double *) f->ptr)[j]);
				break;
		}
	}
}

LtvCodecStatus
ltv_model_decode(const uint8_t *data, size_t len, LtvModelValue *m, LtvCodecError *err)
{
	LtvReader	r;
	uint64_t	version,
				kind = LTV_PM_BGNBD;
	FieldList	l;
	int			i,
				j;

	ltv_reader_init(&r, data, len);
	if (!ltv_read_uint(&r, 1, &version))
		return BAD_MODEL("The data ends before the format version.");
	if (version == 2)
	{
		if (!ltv_read_uint(&r, 1, &kind))
			return BAD_MODEL("The data ends before the purchase model.");
		if (ltv_purchase_model((int) kind) == NULL)
			return BAD_MODEL("Its purchase model is unknown.");
	}
	else if (version != 1)
		return BAD_MODEL("Its format version is not 1 or 2.");
	init_value(m, (int) version, (int) kind);
	fields_of(m, &l);
	for (i = version == 2 ? 2 : 1; i < l.n; i++)
	{
		const Field *f = &l.f[i];
		uint64_t	v;
		bool		ok = true;

		switch (f->kind)
		{
			case F_U8:
			case F_MODEL:
				if ((ok = ltv_read_uint(&r, 1, &v)))
					*(uint8_t *) f->ptr = (uint8_t) v;
				break;
			case F_I32:
				ok = ltv_read_i32(&r, (int32_t *) f->ptr);
				break;
			case F_I64:
				ok = ltv_read_i64(&r, (int64_t *) f->ptr);
				break;
			case F_F8:
				ok = ltv_read_f64(&r, (double *) f->ptr);
				break;
			case F_F8LIST:
				for (j = 0; j < f->n && ok; j++)
					ok = ltv_read_f64(&r, &((double *) f->ptr)[j]);
				break;
		}
		if (!ok)
			return BAD_MODEL("The data ends before field \"%s\".", f->name);
	}
	if (ltv_reader_left(&r) != 0)
		return BAD_MODEL("Extra bytes follow the last field.");
	return ltv_model_validate(m, err);
}

/* ---- text ---- */

static size_t
append(char *out, size_t pos, const char *s)
{
	size_t		n = strlen(s);

	if (pos + n < LTV_MODEL_TEXT_SIZE)
	{
		memcpy(out + pos, s, n + 1);
		pos += n;
	}
	return pos;
}

size_t
ltv_model_format(const LtvModelValue *m, char *out)
{
	FieldList	l;
	size_t		pos = 0;
	char		num[LTV_F64_TEXT_LEN + 2];
	int			i,
				j;

	fields_of(m, &l);
	out[0] = '\0';
	for (i = 0; i < l.n; i++)
	{
		const Field *f = &l.f[i];

		if (i > 0)
			pos = append(out, pos, " ");
		pos = append(out, pos, f->name);
		pos = append(out, pos, "=");
		switch (f->kind)
		{
			case F_U8:
				snprintf(num, sizeof(num), "%d", (int) *(const uint8_t *) f->ptr);
				pos = append(out, pos, num);
				break;
			case F_I32:
				snprintf(num, sizeof(num), "%d", (int) *(const int32_t *) f->ptr);
				pos = append(out, pos, num);
				break;
			case F_I64:
				snprintf(num, sizeof(num), "%lld", (long long) *(const int64_t *) f->ptr);
				pos = append(out, pos, num);
				break;
			case F_F8:
				ltv_format_f64_17g(*(const double *) f->ptr, num);
				pos = append(out, pos, num);
				break;
			case F_F8LIST:
				for (j = 0; j < f->n; j++)
				{
					if (j > 0)
						pos = append(out, pos, ",");
					ltv_format_f64_17g(((const double *) f->ptr)[j], num);
					pos = append(out, pos, num);
				}
				break;
			case F_MODEL:
				pos = append(out, pos, ltv_purchase_model(*(const uint8_t *) f->ptr)->name);
				break;
		}
	}
	return pos;
}

/* a double or NaN (the only non-finite value a model holds) */
static const char *
parse_double(const char *p, double *v, const char *name, LtvCodecError *err)
{
	const char *end;

	if (strncmp(p, "NaN", 3) == 0)
	{
		*v = NAN;
		return p + 3;
	}
	/* ltv_parse_f64: a subnormal (strtod's ERANGE) is a value the output writes */
	end = ltv_parse_f64(p, v);
	if (end == NULL || isnan(*v) || isinf(*v))
	{
		BAD_TEXT("Field \"%s\" is not a finite number or NaN.", name);
		return NULL;
	}
	return end;
}

/* "name=" at p (after one space unless first), then the value into f->ptr; the end, or NULL */
static const char *
parse_field(const char *p, const Field *f, bool first, LtvCodecError *err)
{
	size_t		len = strlen(f->name);
	int			j;

	if (!first)
	{
		if (*p != ' ')
		{
			BAD_TEXT("Fields must be separated by one space.");
			return NULL;
		}
		p++;
	}
	if (strncmp(p, f->name, len) != 0 || p[len] != '=')
	{
		BAD_TEXT("Expected field \"%s\".", f->name);
		return NULL;
	}
	p += len + 1;
	switch (f->kind)
	{
		case F_F8:
			return parse_double(p, (double *) f->ptr, f->name, err);
		case F_F8LIST:
			for (j = 0; j < f->n; j++)
			{
				if (j > 0)
				{
					if (*p != ',')
					{
						BAD_TEXT("Field \"%s\" must have %d comma-separated numbers.", f->name, f->n);
						return NULL;
					}
					p++;
				}
				p = parse_double(p, &((double *) f->ptr)[j], f->name, err);
				if (p == NULL)
					return NULL;
			}
			return p;
		case F_MODEL:
			{
				size_t		n = strspn(p, "abcdefghijklmnopqrstuvwxyz_");
				char		name[NAME_LEN];
				const LtvPurchaseModel *pm;

				snprintf(name, sizeof(name), "%.*s", (int) (n < NAME_LEN - 1 ? n : NAME_LEN - 1), p);
				pm = n < NAME_LEN - 1 ? ltv_purchase_model_by_name(name) : NULL;
				if (pm == NULL)
				{
					BAD_TEXT("Unknown purchase model \"%s\" (known: %s).", name, ltv_purchase_model_names());
					return NULL;
				}
				*(uint8_t *) f->ptr = (uint8_t) pm->kind;
				return p + n;
			}
		default:
			{
				int64_t		v;
				const char *end = ltv_parse_i64(p, &v);

				if (end == NULL || (f->kind == F_U8 && (v < 0 || v > 255)) ||
					(f->kind == F_I32 && (v < INT32_MIN || v > INT32_MAX)))
				{
					BAD_TEXT("Field \"%s\" is not an integer in range.", f->name);
					return NULL;
				}
				if (f->kind == F_U8)
					*(uint8_t *) f->ptr = (uint8_t) v;
				else if (f->kind == F_I32)
					*(int32_t *) f->ptr = (int32_t) v;
				else
					*(int64_t *) f->ptr = v;
				return end;
			}
	}
}

LtvCodecStatus
ltv_model_parse(const char *text, LtvModelValue *m, LtvCodecError *err)
{
	const char *s = text;
	FieldList	l;
	int			first;
	int			i;

	if (strncmp(s, "version=1 ", 10) == 0)
	{
		init_value(m, 1, LTV_PM_BGNBD);
		first = 0;
	}
	else if (strncmp(s, "version=2 ", 10) == 0)
	{
		Field		model_field = {"model", F_MODEL, 1, NULL};
		uint8_t		kind = 0;

		model_field.ptr = &kind;
		s = parse_field(s + 9, &model_field, false, err);
		if (s == NULL)
			return LTV_CODEC_INVALID;
		init_value(m, 2, kind);
		first = 2;				/* version and model are read */
	}
	else if (strncmp(s, "version=", 8) == 0)
		return BAD_MODEL("Its format version is not 1 or 2.");
	else
		return BAD_TEXT("Expected field \"version\".");
	fields_of(m, &l);
	for (i = first; i < l.n; i++)
	{
		s = parse_field(s, &l.f[i], i == 0, err);
		if (s == NULL)
			return LTV_CODEC_INVALID;
	}
	if (*s != '\0')
		return BAD_TEXT("Unexpected text after the last field.");
	/* version=1 read as a field: anything but 1 is refused below */
	return ltv_model_validate(m, err);
}
