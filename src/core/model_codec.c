/*
 * model_codec.c: ltv_model and ltv_fit_state in text and binary
 * (model_codec.h).  The messages are the ones 1.0 gave.
 */
#include "model_codec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith.h"
#include "bgnbd.h"
#include "period.h"

/* ---- ltv_model ---- */

#define MODEL_HINT "Build models with ltv_fit(); their text form is what ltv_model's output gives."
#define MODEL_TEXT_HINT "Use the text ltv_model's output gives: key=value pairs in its order."

static LtvCodecStatus
bad_model(LtvCodecError *err, const char *detail)
{
	return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid ltv_model value", MODEL_HINT, "%s", detail);
}

static bool
fitted(int status)
{
	return status == LTV_FIT_OK || status == LTV_FIT_NOT_CONVERGED;
}

LtvCodecStatus
ltv_model_check(const LtvModelValue *m, LtvCodecError *err)
{
	LtvUnit		unit;
	int			i;

	if (m->version != LTV_MODEL_FORMAT_VERSION)
		return bad_model(err, "Its format version is not 1.");
	if (m->bgnbd_status > LTV_FIT_BAD_INPUT || m->gg_status > LTV_FIT_BAD_INPUT || m->reserved != 0)
		return bad_model(err, "A status field is out of range.");
	unit.months = m->unit_months;
	unit.days = m->unit_days;
	unit.usecs = m->unit_usecs;
	if (!ltv_unit_is_valid(&unit))
		return bad_model(err, "Its unit is not a positive interval.");
	if (!(m->n_customers >= 0) || !(m->n_repeaters >= 0) || !(m->n_spend >= 0) ||
		m->n_repeaters > m->n_customers || m->n_spend > m->n_repeaters ||
		m->n_customers > LTV_MODEL_MAX_CUSTOMERS || m->n_customers != floor(m->n_customers) ||
		m->n_repeaters != floor(m->n_repeaters) || m->n_spend != floor(m->n_spend))
		return bad_model(err, "Its customer counts are inconsistent.");
	if (m->iterations_bgnbd < 0 || m->iterations_gg < 0)
		return bad_model(err, "An iteration count is negative.");
	for (i = 0; i < 7; i++)
	{
		bool		is_fitted = fitted(i < 4 ? m->bgnbd_status : m->gg_status);

		if (is_fitted ? !(m->params[i] > 0 && isfinite(m->params[i])) : !isnan(m->params[i]))
			return bad_model(err, "A parameter does not match its fit status (positive and finite when fitted, NaN otherwise).");
		if (!isnan(m->se[i]) && !(m->se[i] >= 0 && isfinite(m->se[i])))
			return bad_model(err, "A standard error is negative or infinite.");
	}
	if (fitted(m->gg_status) && !(m->params[5] > 1))
		return bad_model(err, "The Gamma-Gamma q must exceed 1.");
	if (fitted(m->bgnbd_status) ? !isfinite(m->loglik_bgnbd) : !isnan(m->loglik_bgnbd))
		return bad_model(err, "The BG/NBD log-likelihood does not match its fit status.");
	if (fitted(m->gg_status) ? !isfinite(m->loglik_gg) : !isnan(m->loglik_gg))
		return bad_model(err, "The Gamma-Gamma log-likelihood does not match its fit status.");
	return LTV_CODEC_OK;
}

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

#define MF(name, kind, member) {name, kind, offsetof(LtvModelValue, member)}
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
	MF("r", F_F8, params[0]),
	MF("alpha", F_F8, params[1]),
	MF("a", F_F8, params[2]),
	MF("b", F_F8, params[3]),
	MF("p", F_F8, params[4]),
	MF("q", F_F8, params[5]),
	MF("gamma", F_F8, params[6]),
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

static const int field_bytes[] = {1, 4, 8, 8};

LtvCodecStatus
ltv_model_decode(const uint8_t *data, size_t len, LtvModelValue *m, LtvCodecError *err)
{
	LtvReader	r;
	size_t		i;

	memset(m, 0, sizeof(*m));
	if (len < LTV_MODEL_WIRE_SIZE)
		return bad_model(err, "The value is shorter than a model.");
	if (len > LTV_MODEL_WIRE_SIZE)
		return bad_model(err, "Extra bytes follow the last field.");
	ltv_reader_init(&r, data, len);
	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		char	   *p = (char *) m + model_fields[i].offset;
		uint64_t	v = 0;

		(void) ltv_read_uint(&r, field_bytes[model_fields[i].kind], &v);	/* length checked */
		switch (model_fields[i].kind)
		{
			case F_U8:
				*(uint8_t *) p = (uint8_t) v;
				break;
			case F_I32:
				*(int32_t *) p = (int32_t) (uint32_t) v;
				break;
			case F_I64:
				*(int64_t *) p = (int64_t) v;
				break;
			case F_F8:
				memcpy(p, &v, sizeof(double));
				break;
		}
	}
	return ltv_model_check(m, err);
}

void
ltv_model_encode(const LtvModelValue *m, uint8_t *out)
{
	LtvWriter	w = {out, 0};
	size_t		i;

	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		const char *p = (const char *) m + model_fields[i].offset;

		switch (model_fields[i].kind)
		{
			case F_U8:
				ltv_write_uint(&w, 1, *(const uint8_t *) p);
				break;
			case F_I32:
				ltv_write_uint(&w, 4, (uint32_t) *(const int32_t *) p);
				break;
			case F_I64:
				ltv_write_uint(&w, 8, (uint64_t) *(const int64_t *) p);
				break;
			case F_F8:
				ltv_write_f64(&w, *(const double *) p);
				break;
		}
	}
}

static LtvCodecStatus
bad_model_text(LtvCodecError *err, const char *fmt, const char *arg)
{
	return ltv_codec_fail(err, LTV_CODEC_INVALID, true, "invalid input syntax for type ltv_model",
						  MODEL_TEXT_HINT, fmt, arg);
}

LtvCodecStatus
ltv_model_parse(const char *text, LtvModelValue *m, LtvCodecError *err)
{
	const char *s = text;
	size_t		i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		size_t		len = strlen(model_fields[i].name);
		char	   *p = (char *) m + model_fields[i].offset;
		const char *end;

		if (i > 0)
		{
			if (*s != ' ')
				return bad_model_text(err, "%s", "Fields must be separated by one space.");
			s++;
		}
		if (strncmp(s, model_fields[i].name, len) != 0 || s[len] != '=')
			return bad_model_text(err, "Expected field \"%s\".", model_fields[i].name);
		s += len + 1;
		if (model_fields[i].kind == F_F8)
		{
			double		v;

			if (strncmp(s, "NaN", 3) == 0)
			{
				v = NAN;
				end = s + 3;
			}
			else
			{
				end = ltv_parse_f64(s, &v);
				if (end == NULL || isnan(v) || isinf(v))
					return bad_model_text(err, "Field \"%s\" is not a finite number or NaN.",
										  model_fields[i].name);
			}
			*(double *) p = v;
		}
		else
		{
			int64_t		v = 0;

			end = ltv_parse_i64(s, &v);
			if (end == NULL ||
				(model_fields[i].kind == F_U8 && (v < 0 || v > 255)) ||
				(model_fields[i].kind == F_I32 && (v < INT32_MIN || v > INT32_MAX)))
				return bad_model_text(err, "Field \"%s\" is not an integer in range.", model_fields[i].name);
			if (model_fields[i].kind == F_U8)
				*(uint8_t *) p = (uint8_t) v;
			else if (model_fields[i].kind == F_I32)
				*(int32_t *) p = (int32_t) v;
			else
				*(int64_t *) p = v;
		}
		s = end;
	}
	if (*s != '\0')
		return bad_model_text(err, "%s", "Unexpected text after the last field.");
	return ltv_model_check(m, err);
}

size_t
ltv_model_format(const LtvModelValue *m, char *out)
{
	size_t		pos = 0;
	size_t		i;

	for (i = 0; i < N_MODEL_FIELDS; i++)
	{
		const char *p = (const char *) m + model_fields[i].offset;

		if (i > 0)
			out[pos++] = ' ';
		pos += sprintf(out + pos, "%s=", model_fields[i].name);
		switch (model_fields[i].kind)
		{
			case F_U8:
				pos += sprintf(out + pos, "%d", (int) *(const uint8_t *) p);
				break;
			case F_I32:
				pos += sprintf(out + pos, "%d", (int) *(const int32_t *) p);
				break;
			case F_I64:
				pos += sprintf(out + pos, "%lld", (long long) *(const int64_t *) p);
				break;
			case F_F8:
				pos += ltv_format_f64_17g(*(const double *) p, out + pos);
				break;
		}
	}
	out[pos] = '\0';
	return pos;
}

/* ---- ltv_fit_state ---- */

#define STATE_HINT "ltv_fit_state values come from ltv_fit's transition function or its own output."
#define STATE_TEXT_HINT "Use the text ltv_fit_state's output gives."

static LtvCodecStatus
bad_state(LtvCodecError *err, const char *detail)
{
	return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid ltv_fit_state value", STATE_HINT,
						  "%s", detail);
}

static LtvCodecStatus
bad_state_text(LtvCodecError *err)
{
	return ltv_codec_fail(err, LTV_CODEC_INVALID, true, "invalid input syntax for type ltv_fit_state",
						  STATE_TEXT_HINT, NULL);
}

LtvCodecStatus
ltv_fit_record_check(const LtvFitRecordValue *r, LtvCodecError *err)
{
	if (r->x < 0 || !isfinite(r->t_x) || !isfinite(r->T) || r->t_x < 0 || r->T < r->t_x ||
		(r->x == 0 && r->t_x != 0))
		return bad_state(err, "A record's x, t_x, T are out of their domain.");
	if (r->has_m != 0 && r->has_m != 1)
		return bad_state(err, "A record's spend flag is not 0 or 1.");
	if (r->has_m ? !(r->x > 0 && isfinite(r->m) && r->m > 0) : r->m != 0)
		return bad_state(err, "A record's mean spend does not match its flag.");
	if (r->count < 1)
		return bad_state(err, "A record's count is not positive.");
	return LTV_CODEC_OK;
}

static LtvCodecStatus
check_header(const LtvFitStateHeader *h, LtvCodecError *err)
{
	LtvUnit		unit;

	unit.months = h->unit_months;
	unit.days = h->unit_days;
	unit.usecs = h->unit_usecs;
	if (h->version != LTV_FIT_STATE_FORMAT_VERSION)
		return bad_state(err, "Its format version is not 1.");
	if (!ltv_unit_is_valid(&unit))
		return bad_state(err, "Its unit is not a positive interval.");
	if (h->nrecords < 0 || h->nrecords > LTV_FIT_MAX_RECORDS)
		return bad_state(err, "Its record count is out of range.");
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_fit_state_check(const LtvFitStateHeader *h, const LtvFitRecordValue *r, LtvCodecError *err)
{
	LtvCodecStatus status = check_header(h, err);
	int64_t		total = 0;
	int64_t		i;

	if (status != LTV_CODEC_OK)
		return status;
	for (i = 0; i < h->nrecords; i++)
	{
		status = ltv_fit_record_check(&r[i], err);
		if (status != LTV_CODEC_OK)
			return status;
		/* the fit adds the counts up: the customers must fit a bigint */
		if (ltv_add_i64_overflow(total, r[i].count, &total))
			return bad_state(err, "Its customer count overflows a bigint.");
	}
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_fit_state_decode_header(const uint8_t *data, size_t len, LtvFitStateHeader *h, LtvCodecError *err)
{
	LtvReader	r;
	uint64_t	version;

	ltv_reader_init(&r, data, len);
	if (!ltv_read_uint(&r, 1, &version) || !ltv_read_i32(&r, &h->unit_months) ||
		!ltv_read_i32(&r, &h->unit_days) || !ltv_read_i64(&r, &h->unit_usecs) ||
		!ltv_read_i64(&r, &h->nrecords))
		return bad_state(err, "The value is shorter than its header.");
	h->version = (uint8_t) version;
	if (h->nrecords < 0 || (uint64_t) h->nrecords > ltv_reader_left(&r) / LTV_FIT_RECORD_WIRE_SIZE)
		return bad_state(err, "Its record count does not match its length.");
	return check_header(h, err);
}

LtvCodecStatus
ltv_fit_state_decode(const uint8_t *data, size_t len, LtvFitStateHeader *h, LtvFitRecordValue *records,
					 LtvCodecError *err)
{
	LtvReader	r;
	int64_t		i;
	LtvCodecStatus status = ltv_fit_state_decode_header(data, len, h, err);

	if (status != LTV_CODEC_OK)
		return status;
	ltv_reader_init(&r, data + 25, len - 25);
	for (i = 0; i < h->nrecords; i++)
	{
		LtvFitRecordValue *rec = &records[i];
		uint64_t	has_m = 0;

		/* the header checked the length */
		(void) ltv_read_i32(&r, &rec->x);
		(void) ltv_read_f64(&r, &rec->t_x);
		(void) ltv_read_f64(&r, &rec->T);
		(void) ltv_read_uint(&r, 1, &has_m);
		rec->has_m = (int32_t) has_m;
		(void) ltv_read_f64(&r, &rec->m);
		(void) ltv_read_i64(&r, &rec->count);
	}
	status = ltv_fit_state_check(h, records, err);
	if (status == LTV_CODEC_OK && ltv_reader_left(&r) != 0)
		return bad_state(err, "Extra bytes follow the last record.");
	return status;
}

size_t
ltv_fit_state_encoded_size(int64_t nrecords)
{
	return 25 + (size_t) nrecords * LTV_FIT_RECORD_WIRE_SIZE;
}

void
ltv_fit_state_encode(const LtvFitStateHeader *h, const LtvFitRecordValue *rec, uint8_t *out)
{
	LtvWriter	w = {out, 0};
	int64_t		i;

	ltv_write_uint(&w, 1, h->version);
	ltv_write_uint(&w, 4, (uint32_t) h->unit_months);
	ltv_write_uint(&w, 4, (uint32_t) h->unit_days);
	ltv_write_uint(&w, 8, (uint64_t) h->unit_usecs);
	ltv_write_uint(&w, 8, (uint64_t) h->nrecords);
	for (i = 0; i < h->nrecords; i++)
	{
		ltv_write_uint(&w, 4, (uint32_t) rec[i].x);
		ltv_write_f64(&w, rec[i].t_x);
		ltv_write_f64(&w, rec[i].T);
		ltv_write_uint(&w, 1, (uint8_t) rec[i].has_m);
		ltv_write_f64(&w, rec[i].m);
		ltv_write_uint(&w, 8, (uint64_t) rec[i].count);
	}
}

/* an integer in [lo, hi], then sep (or the end when sep is 0) */
static const char *
parse_int(const char *s, char sep, int64_t lo, int64_t hi, int64_t *v)
{
	const char *end = ltv_parse_i64(s, v);

	if (end == NULL || *v < lo || *v > hi || (sep && *end != sep))
		return NULL;
	return end + (sep ? 1 : 0);
}

/* a finite double, then sep */
static const char *
parse_float(const char *s, char sep, double *v)
{
	const char *end;

	if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
		return NULL;
	end = ltv_parse_f64(s, v);
	if (end == NULL || !isfinite(*v) || *end != sep)
		return NULL;
	return end + 1;
}

/* the header; returns the text after it (records follow) or NULL */
static const char *
parse_header(const char *s, LtvFitStateHeader *h)
{
	int64_t		v;

	if ((s = parse_int(s, ';', 0, 255, &v)) == NULL)
		return NULL;
	h->version = (uint8_t) v;
	if ((s = parse_int(s, ';', INT32_MIN, INT32_MAX, &v)) == NULL)
		return NULL;
	h->unit_months = (int32_t) v;
	if ((s = parse_int(s, ';', INT32_MIN, INT32_MAX, &v)) == NULL)
		return NULL;
	h->unit_days = (int32_t) v;
	if ((s = parse_int(s, ';', INT64_MIN, INT64_MAX, &h->unit_usecs)) == NULL)
		return NULL;
	if ((s = parse_int(s, 0, 0, LTV_FIT_MAX_RECORDS, &h->nrecords)) == NULL)
		return NULL;
	/* a record is at least 8 characters (";0,0,0,-,1" is 10) */
	if (h->nrecords > (int64_t) strlen(s) / 8)
		return NULL;
	return s;
}

LtvCodecStatus
ltv_fit_state_parse_header(const char *text, LtvFitStateHeader *h, LtvCodecError *err)
{
	if (parse_header(text, h) == NULL)
		return bad_state_text(err);
	return check_header(h, err);
}

LtvCodecStatus
ltv_fit_state_parse(const char *text, LtvFitStateHeader *h, LtvFitRecordValue *records, LtvCodecError *err)
{
	const char *s = parse_header(text, h);
	LtvCodecStatus status;
	int64_t		i;

	if (s == NULL)
		return bad_state_text(err);
	status = check_header(h, err);
	if (status != LTV_CODEC_OK)
		return status;
	for (i = 0; i < h->nrecords; i++)
	{
		LtvFitRecordValue *r = &records[i];
		int64_t		v;

		if (*s != ';')
			return bad_state_text(err);
		s++;
		if ((s = parse_int(s, ',', 0, INT32_MAX, &v)) == NULL)
			return bad_state_text(err);
		r->x = (int32_t) v;
		if ((s = parse_float(s, ',', &r->t_x)) == NULL || (s = parse_float(s, ',', &r->T)) == NULL)
			return bad_state_text(err);
		if (*s == '-' && s[1] == ',')
		{
			r->has_m = 0;
			r->m = 0;
			s += 2;
		}
		else
		{
			r->has_m = 1;
			if ((s = parse_float(s, ',', &r->m)) == NULL)
				return bad_state_text(err);
		}
		if ((s = parse_int(s, 0, 1, INT64_MAX, &r->count)) == NULL)
			return bad_state_text(err);
		status = ltv_fit_record_check(r, err);
		if (status != LTV_CODEC_OK)
			return status;
	}
	if (*s != '\0')
		return bad_state_text(err);
	return ltv_fit_state_check(h, records, err);
}

size_t
ltv_fit_state_text_size(int64_t nrecords)
{
	return 80 + (size_t) nrecords * (1 + 11 + 3 * (1 + LTV_F64_TEXT_LEN) + 21);
}

size_t
ltv_fit_state_format(const LtvFitStateHeader *h, const LtvFitRecordValue *rec, char *out)
{
	size_t		pos;
	int64_t		i;

	pos = sprintf(out, "%d;%d;%d;%lld;%lld", (int) h->version, (int) h->unit_months, (int) h->unit_days,
				  (long long) h->unit_usecs, (long long) h->nrecords);
	for (i = 0; i < h->nrecords; i++)
	{
		pos += sprintf(out + pos, ";%d,", (int) rec[i].x);
		pos += ltv_format_f64_17g(rec[i].t_x, out + pos);
		out[pos++] = ',';
		pos += ltv_format_f64_17g(rec[i].T, out + pos);
		out[pos++] = ',';
		if (rec[i].has_m)
			pos += ltv_format_f64_17g(rec[i].m, out + pos);
		else
			out[pos++] = '-';
		pos += sprintf(out + pos, ",%lld", (long long) rec[i].count);
	}
	out[pos] = '\0';
	return pos;
}
