/*
 * fit_codec.c: ltv_fit_state values in their text and binary forms, and the
 * merge of equal records (fit_codec.h).  The messages are the ones 1.0 gave.
 */
#include "fit_codec.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith.h"
#include "model_codec.h"		/* LTV_MODEL_MAX_CUSTOMERS */

#define STATE_HINT "ltv_fit_state values come from ltv_fit's transition function or its own output."

#define BAD_STATE(...) \
	ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid ltv_fit_state value", STATE_HINT, __VA_ARGS__)
#define BAD_TEXT() \
	ltv_codec_fail(err, LTV_CODEC_INVALID, true, "invalid input syntax for type ltv_fit_state", \
				   "Use the text ltv_fit_state's output gives.", NULL)

int
ltv_fit_state_version(int kind)
{
	return kind == LTV_PM_BGNBD ? 1 : 2;
}

LtvCodecStatus
ltv_fit_record_validate(const LtvFitRecord *r, const LtvPurchaseModel *pm, LtvCodecError *err)
{
	if (r->x < 0 || !isfinite(r->t_x) || !isfinite(r->T) || r->t_x < 0 || r->T < r->t_x ||
		(r->x == 0 && r->t_x != 0))
		return BAD_STATE("A record's x, t_x, T are out of their domain.");
	if (r->has_m != 0 && r->has_m != 1)
		return BAD_STATE("A record's spend flag is not 0 or 1.");
	/* no spend: m is +0 (a -0 would not survive the text form, which writes "-") */
	if (r->has_m ? !(r->x > 0 && isfinite(r->m) && r->m > 0) : ltv_f64_bits(r->m) != 0)
		return BAD_STATE("A record's mean spend does not match its flag.");
	if (r->count < 1)
		return BAD_STATE("A record's count is not positive.");
	if (r->x <= LTV_MAX_REPEAT_OCCASIONS && !pm->cell_valid(r->x, r->t_x, r->T))
		return BAD_STATE("A record is not a summary the %s model accepts.", pm->label);
	return LTV_CODEC_OK;
}

/* the checks of a header read from either form */
static LtvCodecStatus
check_header(int version, const LtvFitStateHeader *h, LtvCodecError *err)
{
	const LtvPurchaseModel *pm = ltv_purchase_model(h->kind);

	if (version != 1 && version != 2)
		return BAD_STATE("Its format version is not 1 or 2.");
	if (pm == NULL || (version == 1 && h->kind != LTV_PM_BGNBD))
		return BAD_STATE("Its purchase model is unknown.");
	if (!ltv_unit_is_valid(&h->unit))
		return BAD_STATE("Its unit is not a positive interval.");
	if (h->nrecords < 0 || h->nrecords > LTV_FIT_MAX_RECORDS)
		return BAD_STATE("Its record count is out of range.");
	return LTV_CODEC_OK;
}

/* ---- binary ---- */

LtvCodecStatus
ltv_fit_state_decode_header(const uint8_t *data, size_t len, LtvFitStateHeader *h, size_t *pos,
							LtvCodecError *err)
{
	LtvReader	r;
	uint64_t	version,
				kind = LTV_PM_BGNBD;
	int64_t		n;

	ltv_reader_init(&r, data, len);
	if (!ltv_read_uint(&r, 1, &version) || (version == 2 && !ltv_read_uint(&r, 1, &kind)) ||
		!ltv_read_i32(&r, &h->unit.months) || !ltv_read_i32(&r, &h->unit.days) ||
		!ltv_read_i64(&r, &h->unit.usecs) || !ltv_read_i64(&r, &n))
		return BAD_STATE("The data ends inside its header.");
	h->kind = (int) kind;
	if (n < 0 || (uint64_t) n > ltv_reader_left(&r) / LTV_FIT_RECORD_WIRE_SIZE)
		return BAD_STATE("Its record count does not match its length.");
	h->nrecords = n;
	*pos = r.pos;
	return check_header((int) version, h, err);
}

LtvCodecStatus
ltv_fit_state_decode_records(const uint8_t *data, size_t len, size_t pos, const LtvFitStateHeader *h,
							 LtvFitRecord *records, LtvCodecError *err)
{
	const LtvPurchaseModel *pm = ltv_purchase_model(h->kind);
	LtvReader	r;
	int64_t		i;

	ltv_reader_init(&r, data, len);
	r.pos = pos;
	if ((uint64_t) h->nrecords > ltv_reader_left(&r) / LTV_FIT_RECORD_WIRE_SIZE)
		return BAD_STATE("Its record count does not match its length.");
	for (i = 0; i < h->nrecords; i++)
	{
		LtvFitRecord *rec = &records[i];
		uint64_t	has_m = 0;
		LtvCodecStatus st;

		ltv_check_interrupts((uint64_t) i);
		/* the count is checked against the length: every read succeeds */
		(void) ltv_read_i32(&r, &rec->x);
		(void) ltv_read_f64(&r, &rec->t_x);
		(void) ltv_read_f64(&r, &rec->T);
		(void) ltv_read_uint(&r, 1, &has_m);
		rec->has_m = (int32_t) has_m;
		(void) ltv_read_f64(&r, &rec->m);
		(void) ltv_read_i64(&r, &rec->count);
		st = ltv_fit_record_validate(rec, pm, err);
		if (st != LTV_CODEC_OK)
			return st;
	}
	if (ltv_reader_left(&r) != 0)
		return BAD_STATE("Extra bytes follow the last record.");
	return LTV_CODEC_OK;
}

size_t
ltv_fit_state_encoded_size(const LtvFitStateHeader *h)
{
	return (ltv_fit_state_version(h->kind) == 2 ? 2 : 1) + 4 + 4 + 8 + 8 +
		(size_t) h->nrecords * LTV_FIT_RECORD_WIRE_SIZE;
}

void
ltv_fit_state_encode(const LtvFitStateHeader *h, const LtvFitRecord *records, uint8_t *out)
{
	LtvWriter	w;
	int64_t		i;

	w.data = out;
	w.pos = 0;
	ltv_write_uint(&w, 1, (uint64_t) ltv_fit_state_version(h->kind));
	if (ltv_fit_state_version(h->kind) == 2)
		ltv_write_uint(&w, 1, (uint64_t) h->kind);
	ltv_write_uint(&w, 4, (uint32_t) h->unit.months);
	ltv_write_uint(&w, 4, (uint32_t) h->unit.days);
	ltv_write_uint(&w, 8, (uint64_t) h->unit.usecs);
	ltv_write_uint(&w, 8, (uint64_t) h->nrecords);
	for (i = 0; i < h->nrecords; i++)
	{
		const LtvFitRecord *r = &records[i];

		ltv_check_interrupts((uint64_t) i);
		ltv_write_uint(&w, 4, (uint32_t) r->x);
		ltv_write_f64(&w, r->t_x);
		ltv_write_f64(&w, r->T);
		ltv_write_uint(&w, 1, (uint64_t) (uint8_t) r->has_m);
		ltv_write_f64(&w, r->m);
		ltv_write_uint(&w, 8, (uint64_t) r->count);
	}
}

/* ---- text ---- */

/* an integer in [lo, hi] followed by sep (none when 0), or NULL */
static const char *
parse_int(const char *s, char sep, int64_t lo, int64_t hi, int64_t *v)
{
	const char *end = ltv_parse_i64(s, v);

	if (end == NULL || *v < lo || *v > hi || (sep && *end != sep))
		return NULL;
	return end + (sep ? 1 : 0);
}

/* a finite double followed by sep, or NULL */
static const char *
parse_float(const char *s, char sep, double *v)
{
	const char *end;

	if (!(isdigit((unsigned char) *s) || *s == '-' || *s == '.'))
		return NULL;
	/* ltv_parse_f64: a subnormal (strtod's ERANGE) is a value the output writes */
	end = ltv_parse_f64(s, v);
	if (end == NULL || !isfinite(*v) || *end != sep)
		return NULL;
	return end + 1;
}

LtvCodecStatus
ltv_fit_state_parse_header(const char *text, LtvFitStateHeader *h, const char **rest, LtvCodecError *err)
{
	const char *s = text;
	int64_t		version,
				v;

	h->kind = LTV_PM_BGNBD;
	if ((s = parse_int(s, ';', 0, 255, &version)) == NULL)
		return BAD_TEXT();
	if (version == 2)
	{
		size_t		len = strcspn(s, ";");
		char		name[64];
		const LtvPurchaseModel *pm = NULL;

		if (s[len] != ';')
			return BAD_TEXT();
		if (len < sizeof(name))
		{
			memcpy(name, s, len);
			name[len] = '\0';
			pm = ltv_purchase_model_by_name(name);
		}
		if (pm == NULL)
			return BAD_STATE("Its purchase model is unknown.");
		h->kind = pm->kind;
		s += len + 1;
	}
	if ((s = parse_int(s, ';', INT32_MIN, INT32_MAX, &v)) == NULL)
		return BAD_TEXT();
	h->unit.months = (int32_t) v;
	if ((s = parse_int(s, ';', INT32_MIN, INT32_MAX, &v)) == NULL)
		return BAD_TEXT();
	h->unit.days = (int32_t) v;
	if ((s = parse_int(s, ';', INT64_MIN, INT64_MAX, &v)) == NULL)
		return BAD_TEXT();
	h->unit.usecs = v;
	if ((s = parse_int(s, 0, 0, LTV_FIT_MAX_RECORDS, &h->nrecords)) == NULL)
		return BAD_TEXT();
	/* a record takes at least 8 characters (";0,0,0,-,1" is 10) */
	if ((uint64_t) h->nrecords > strlen(s) / 8)
		return BAD_TEXT();
	*rest = s;
	return check_header((int) version, h, err);
}

LtvCodecStatus
ltv_fit_state_parse_records(const char *rest, const LtvFitStateHeader *h, LtvFitRecord *records,
							LtvCodecError *err)
{
	const LtvPurchaseModel *pm = ltv_purchase_model(h->kind);
	const char *s = rest;
	int64_t		i;

	for (i = 0; i < h->nrecords; i++)
	{
		LtvFitRecord *r = &records[i];
		int64_t		v;
		LtvCodecStatus st;

		ltv_check_interrupts((uint64_t) i);
		if (*s != ';')
			return BAD_TEXT();
		s++;
		if ((s = parse_int(s, ',', 0, INT32_MAX, &v)) == NULL)
			return BAD_TEXT();
		r->x = (int32_t) v;
		if ((s = parse_float(s, ',', &r->t_x)) == NULL || (s = parse_float(s, ',', &r->T)) == NULL)
			return BAD_TEXT();
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
				return BAD_TEXT();
		}
		if ((s = parse_int(s, 0, 1, INT64_MAX, &r->count)) == NULL)
			return BAD_TEXT();
		st = ltv_fit_record_validate(r, pm, err);
		if (st != LTV_CODEC_OK)
			return st;
	}
	if (*s != '\0')
		return BAD_TEXT();
	return LTV_CODEC_OK;
}

size_t
ltv_fit_state_format_header(const LtvFitStateHeader *h, char *buf)
{
	int			n;

	if (ltv_fit_state_version(h->kind) == 2)
		n = snprintf(buf, LTV_FIT_HEADER_TEXT_LEN, "2;%s;%d;%d;%lld;%lld", ltv_purchase_model(h->kind)->name,
					 (int) h->unit.months, (int) h->unit.days, (long long) h->unit.usecs,
					 (long long) h->nrecords);
	else
		n = snprintf(buf, LTV_FIT_HEADER_TEXT_LEN, "1;%d;%d;%lld;%lld", (int) h->unit.months,
					 (int) h->unit.days, (long long) h->unit.usecs, (long long) h->nrecords);
	return (size_t) n;
}

size_t
ltv_fit_record_format(const LtvFitRecord *r, char *buf)
{
	char		t_x[LTV_F64_TEXT_LEN],
				T[LTV_F64_TEXT_LEN],
				m[LTV_F64_TEXT_LEN];

	ltv_format_f64_17g(r->t_x, t_x);
	ltv_format_f64_17g(r->T, T);
	if (r->has_m)
		ltv_format_f64_17g(r->m, m);
	else
		strcpy(m, "-");
	return (size_t) snprintf(buf, LTV_FIT_RECORD_TEXT_LEN, ";%d,%s,%s,%s,%lld", (int) r->x, t_x, T, m,
							 (long long) r->count);
}

/* ---- merging ---- */

int
ltv_fit_record_cmp(const void *pa, const void *pb)
{
	const LtvFitRecord *a = pa;
	const LtvFitRecord *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	if (a->has_m != b->has_m)
		return a->has_m < b->has_m ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return 0;
}

LtvCodecStatus
ltv_fit_records_merge_equal(const LtvFitRecord *records, const int64_t *order, int64_t n, LtvFitRecord *out,
							int64_t *nout, LtvCodecError *err)
{
	int64_t		i,
				k = 0;

	for (i = 0; i < n; i++)
	{
		const LtvFitRecord *r = &records[order ? order[i] : i];

		ltv_check_interrupts((uint64_t) i);
		if (k > 0 && ltv_fit_record_cmp(&out[k - 1], r) == 0)
		{
			if (ltv_add_i64_overflow(out[k - 1].count, r->count, &out[k - 1].count))
				return ltv_codec_fail(err, LTV_CODEC_OVERFLOW, false, "ltv_fit customer count overflows bigint",
									  NULL, NULL);
		}
		else
			out[k++] = *r;
	}
	*nout = k;
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_fit_records_check_total(const LtvFitRecord *records, int64_t n, LtvCodecError *err)
{
	int64_t		total = 0;
	int64_t		i;

	for (i = 0; i < n; i++)
	{
		ltv_check_interrupts((uint64_t) i);
		if (ltv_add_i64_overflow(total, records[i].count, &total) || total > (int64_t) LTV_MODEL_MAX_CUSTOMERS)
			return ltv_codec_fail(err, LTV_CODEC_LIMIT, false, "too many customers for one ltv_model",
								  "Fit per segment.", "A model counts at most 2^53 (%.0f) customers.",
								  LTV_MODEL_MAX_CUSTOMERS);
	}
	return LTV_CODEC_OK;
}
