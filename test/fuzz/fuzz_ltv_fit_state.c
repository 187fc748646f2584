/*
 * fuzz_ltv_fit_state.c: ltv_fit_state's text input, binary input and the
 * merge of two received states as ltv_fit_combine and the final function
 * merge them (src/core/fit_codec.c: the code ltv_fit_state_in,
 * ltv_fit_state_recv, ltv_fit_combine's compression and ltv_fit_final's
 * customer count run).  See fuzz.h.
 *
 * Every accepted state must re-validate record by record, read back from
 * its text and from its binary form bit for bit and write the same text
 * again, and re-encode to exactly the bytes it was received as (but for
 * the one alias the format keeps: a BG/NBD state read as version 2, as
 * sql/model_kinds.sql reads "2;bgnbd;...", is written as version 1).  The merge
 * of two states of the same model and unit (the server refuses others)
 * appends records; merging equal records then keeps every customer (or
 * reports an overflow exactly when equal records hold more than an int64),
 * leaves distinct records in order, and the model's count refuses exactly
 * the totals above 2^53.
 */
#include "fit_codec.h"
#include "fuzz.h"
#include "model_codec.h"

typedef struct State
{
	LtvFitStateHeader h;
	LtvFitRecord *records;
} State;

static int
same_records(const LtvFitRecord *a, const LtvFitRecord *b, int64_t n)
{
	int64_t		i;

	for (i = 0; i < n; i++)
		if (!fuzz_same_double(a[i].t_x, b[i].t_x) || !fuzz_same_double(a[i].T, b[i].T) ||
			!fuzz_same_double(a[i].m, b[i].m) || a[i].x != b[i].x || a[i].has_m != b[i].has_m ||
			a[i].count != b[i].count)
			return 0;
	return 1;
}

static int
same_header(const LtvFitStateHeader *a, const LtvFitStateHeader *b)
{
	return a->kind == b->kind && a->unit.months == b->unit.months && a->unit.days == b->unit.days &&
		a->unit.usecs == b->unit.usecs && a->nrecords == b->nrecords;
}

/* the whole text of a state, malloc'ed */
static char *
format_state(const State *s)
{
	char	   *text = malloc(LTV_FIT_HEADER_TEXT_LEN + (size_t) s->h.nrecords * LTV_FIT_RECORD_TEXT_LEN);
	size_t		pos;
	int64_t		i;

	pos = ltv_fit_state_format_header(&s->h, text);
	FUZZ_ASSERT(pos < LTV_FIT_HEADER_TEXT_LEN);
	for (i = 0; i < s->h.nrecords; i++)
	{
		size_t		n = ltv_fit_record_format(&s->records[i], text + pos);

		FUZZ_ASSERT(n < LTV_FIT_RECORD_TEXT_LEN);
		pos += n;
	}
	return text;
}

/* binary input as ltv_fit_state_recv runs it */
static int
receive(const uint8_t *data, size_t size, State *s)
{
	LtvCodecError err;
	size_t		pos;

	s->records = NULL;
	if (ltv_fit_state_decode_header(data, size, &s->h, &pos, &err) != LTV_CODEC_OK)
	{
		FUZZ_ASSERT(err.status == LTV_CODEC_INVALID && !err.quote_input);
		return 0;
	}
	FUZZ_ASSERT(s->h.nrecords >= 0 && s->h.nrecords <= LTV_FIT_MAX_RECORDS);
	s->records = malloc(sizeof(LtvFitRecord) * (s->h.nrecords + 1));
	if (ltv_fit_state_decode_records(data, size, pos, &s->h, s->records, &err) != LTV_CODEC_OK)
	{
		FUZZ_ASSERT(err.status == LTV_CODEC_INVALID && !err.quote_input);
		free(s->records);
		s->records = NULL;
		return 0;
	}
	return 1;
}

/* text input as ltv_fit_state_in runs it */
static int
parse(const char *text, State *s)
{
	LtvCodecError err;
	const char *rest;

	s->records = NULL;
	if (ltv_fit_state_parse_header(text, &s->h, &rest, &err) != LTV_CODEC_OK)
	{
		FUZZ_ASSERT(err.status == LTV_CODEC_INVALID);
		return 0;
	}
	s->records = malloc(sizeof(LtvFitRecord) * (s->h.nrecords + 1));
	if (ltv_fit_state_parse_records(rest, &s->h, s->records, &err) != LTV_CODEC_OK)
	{
		FUZZ_ASSERT(err.status == LTV_CODEC_INVALID);
		free(s->records);
		s->records = NULL;
		return 0;
	}
	return 1;
}

/* every accepted or merged state */
static void
check_state(const State *s, const uint8_t *received, size_t received_len)
{
	LtvCodecError err;
	const LtvPurchaseModel *pm = ltv_purchase_model(s->h.kind);
	size_t		size = ltv_fit_state_encoded_size(&s->h);
	uint8_t    *bytes = malloc(size);
	char	   *text,
			   *text2;
	State		back;
	int64_t		i;

	FUZZ_ASSERT(pm != NULL && ltv_unit_is_valid(&s->h.unit));
	for (i = 0; i < s->h.nrecords; i++)
		FUZZ_ASSERT(ltv_fit_record_validate(&s->records[i], pm, &err) == LTV_CODEC_OK);
	/* text: the same state, the same text */
	text = format_state(s);
	FUZZ_ASSERT(parse(text, &back));
	FUZZ_ASSERT(same_header(&s->h, &back.h) && same_records(s->records, back.records, s->h.nrecords));
	text2 = format_state(&back);
	FUZZ_ASSERT(strcmp(text, text2) == 0);
	free(back.records);
	/* binary: canonical, and read back bit for bit */
	ltv_fit_state_encode(&s->h, s->records, bytes);
	if (received != NULL && received_len == size + 1 && received[0] == 2 && received[1] == LTV_PM_BGNBD)
		/* the one alias: a BG/NBD state sent as version 2 (as its text "2;bgnbd;..." reads) is written as 1 */
		FUZZ_ASSERT(bytes[0] == 1 && memcmp(bytes + 1, received + 2, size - 1) == 0);
	else if (received != NULL)
		FUZZ_ASSERT(received_len == size && memcmp(bytes, received, size) == 0);
	FUZZ_ASSERT(receive(bytes, size, &back));
	FUZZ_ASSERT(same_header(&s->h, &back.h) && same_records(s->records, back.records, s->h.nrecords));
	free(back.records);
	free(text);
	free(text2);
	free(bytes);
}

/* a + b as ltv_fit_combine (append) and the compression and final count (merge equal records) do it */
static void
merge(const State *a, const State *b)
{
	State		m,
				sq;
	LtvCodecError err;
	__int128	total = 0,
				group = 0,
				max_group = 0,
				out_total = 0;
	int64_t		i,
				n = a->h.nrecords + b->h.nrecords;
	LtvCodecStatus st;

	if (a->h.kind != b->h.kind || a->h.unit.months != b->h.unit.months || a->h.unit.days != b->h.unit.days ||
		a->h.unit.usecs != b->h.unit.usecs)
		return;					/* the server refuses: "must be the same for all rows of a group" */
	m.h = a->h;
	m.h.nrecords = n;
	m.records = malloc(sizeof(LtvFitRecord) * (n + 1));
	memcpy(m.records, a->records, sizeof(LtvFitRecord) * a->h.nrecords);
	memcpy(m.records + a->h.nrecords, b->records, sizeof(LtvFitRecord) * b->h.nrecords);
	check_state(&m, NULL, 0);

	/* equal records merged: in sorted order, so equal records are adjacent */
	qsort(m.records, n, sizeof(LtvFitRecord), ltv_fit_record_cmp);
	for (i = 0; i < n; i++)
	{
		total += m.records[i].count;
		group = (i > 0 && ltv_fit_record_cmp(&m.records[i - 1], &m.records[i]) == 0 ? group : 0) +
			m.records[i].count;
		if (group > max_group)
			max_group = group;
	}
	sq.h = m.h;
	sq.records = malloc(sizeof(LtvFitRecord) * (n + 1));
	st = ltv_fit_records_merge_equal(m.records, NULL, n, sq.records, &sq.h.nrecords, &err);
	if (max_group > INT64_MAX)
		FUZZ_ASSERT(st == LTV_CODEC_OVERFLOW);
	else
	{
		FUZZ_ASSERT(st == LTV_CODEC_OK);
		FUZZ_ASSERT(sq.h.nrecords <= n && (n == 0 || sq.h.nrecords >= 1));
		for (i = 0; i < sq.h.nrecords; i++)
		{
			out_total += sq.records[i].count;
			FUZZ_ASSERT(i == 0 || ltv_fit_record_cmp(&sq.records[i - 1], &sq.records[i]) < 0);
		}
		FUZZ_ASSERT(out_total == total);
		check_state(&sq, NULL, 0);
		st = ltv_fit_records_check_total(sq.records, sq.h.nrecords, &err);
		FUZZ_ASSERT((st == LTV_CODEC_OK) == (total <= (__int128) LTV_MODEL_MAX_CUSTOMERS));
		FUZZ_ASSERT(st == LTV_CODEC_OK || st == LTV_CODEC_LIMIT);
	}
	free(sq.records);
	free(m.records);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	State		a,
				b;

	if (size < 1)
		return 0;
	switch (data[0] % 3)
	{
		case 0:
			{
				char	   *text = fuzz_text(data + 1, size - 1);

				if (parse(text, &a))
				{
					check_state(&a, NULL, 0);
					free(a.records);
				}
				free(text);
				break;
			}
		case 1:
			if (receive(data + 1, size - 1, &a))
			{
				check_state(&a, data + 1, size - 1);
				free(a.records);
			}
			break;
		default:
			{
				const uint8_t *pa,
						   *pb;
				size_t		alen,
							blen;

				if (!fuzz_split(data + 1, size - 1, &pa, &alen, &pb, &blen))
					break;
				if (receive(pa, alen, &a))
				{
					if (receive(pb, blen, &b))
					{
						merge(&a, &b);
						free(b.records);
					}
					free(a.records);
				}
				break;
			}
	}
	return 0;
}
