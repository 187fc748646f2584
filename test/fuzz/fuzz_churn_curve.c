/*
 * fuzz_churn_curve.c: churn_curve's text input, binary input and the merge
 * of two received curves (src/core/churn_codec.c), then the Kaplan-Meier
 * readers over every accepted value (src/core/kaplan_meier.c).  See fuzz.h.
 */
#include <math.h>

#include "churn_codec.h"
#include "fuzz.h"
#include "kaplan_meier.h"

/* every accepted curve: valid, exact round trips, sane Kaplan-Meier readings */
static void
check_curve(const LtvChurnEntry *e, int32_t n)
{
	LtvCodecError err;
	char	   *text = malloc(ltv_churn_text_size(n));
	char	   *text2 = malloc(ltv_churn_text_size(n));
	size_t		size = ltv_churn_encoded_size(n);
	uint8_t    *bytes = malloc(size);
	LtvChurnEntry *back = malloc(sizeof(LtvChurnEntry) * (n + 1));
	LtvKmRow   *rows = malloc(sizeof(LtvKmRow) * n);
	int32_t		nback = 0,
				i;
	double		prev = 1.0,
				q;

	FUZZ_ASSERT(ltv_churn_validate(e, n, &err) == LTV_CODEC_OK);
	/* text: reads back to the same entries, and writes the same text again */
	ltv_churn_format(e, n, text, NULL);
	FUZZ_ASSERT(ltv_churn_parse_bound(text) >= n);
	FUZZ_ASSERT(ltv_churn_parse(text, back, n + 1, &nback, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(nback == n);
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(fuzz_same_double(back[i].duration, e[i].duration) &&
					back[i].churned == e[i].churned && back[i].censored == e[i].censored);
	ltv_churn_format(back, n, text2, NULL);
	FUZZ_ASSERT(strcmp(text, text2) == 0);
	/* binary: the same */
	ltv_churn_encode(e, n, bytes);
	FUZZ_ASSERT(ltv_churn_decode_header(bytes, size, &nback, &err) == LTV_CODEC_OK && nback == n);
	FUZZ_ASSERT(ltv_churn_decode(bytes, size, back, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(memcmp(back, e, sizeof(LtvChurnEntry) * n) == 0);
	/* the readers: S(t) in [0, 1] and non-increasing, streamed = tabled, the median within the times */
	ltv_km_table_strided(&e[0].duration, &e[0].churned, &e[0].censored, sizeof(LtvChurnEntry), n,
						 LTV_KM_CONF_LOG, 0.95, rows);
	for (i = 0; i < n; i++)
	{
		FUZZ_ASSERT(rows[i].surv >= 0.0 && rows[i].surv <= prev);
		FUZZ_ASSERT(isnan(rows[i].lower) || (rows[i].lower >= 0.0 && rows[i].lower <= 1.0));
		FUZZ_ASSERT(isnan(rows[i].upper) || (rows[i].upper >= 0.0 && rows[i].upper <= 1.0));
		prev = rows[i].surv;
	}
	FUZZ_ASSERT(ltv_km_survival_at_strided(&e[0].duration, &e[0].churned, &e[0].censored,
										   sizeof(LtvChurnEntry), n, e[n / 2].duration) == rows[n / 2].surv);
	q = ltv_km_quantile_strided(&rows[0].time, &rows[0].surv, sizeof(LtvKmRow), n, 0.5);
	FUZZ_ASSERT(isnan(q) || (q >= 0.0 && q <= e[n - 1].duration));
	free(text);
	free(text2);
	free(bytes);
	free(back);
	free(rows);
}

/* a received curve, or NULL (*n entries) */
static LtvChurnEntry *
receive(const uint8_t *data, size_t size, int32_t *n)
{
	LtvCodecError err;
	LtvChurnEntry *e;

	if (ltv_churn_decode_header(data, size, n, &err) != LTV_CODEC_OK)
		return NULL;
	FUZZ_ASSERT(*n >= 0 && ltv_churn_encoded_size(*n) == size);
	e = malloc(sizeof(LtvChurnEntry) * (*n + 1));
	if (ltv_churn_decode(data, size, e, &err) != LTV_CODEC_OK)
	{
		free(e);
		return NULL;
	}
	return e;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	LtvCodecError err;

	if (size < 1)
		return 0;
	switch (data[0] % 3)
	{
		case 0:
			{
				char	   *text = fuzz_text(data + 1, size - 1);
				int32_t		cap = ltv_churn_parse_bound(text);
				LtvChurnEntry *e = malloc(sizeof(LtvChurnEntry) * (cap > 0 ? cap : 1));
				int32_t		n = 0;

				if (ltv_churn_parse(text, e, cap, &n, &err) == LTV_CODEC_OK)
				{
					FUZZ_ASSERT(n >= 1 && n <= cap);
					check_curve(e, n);
				}
				free(e);
				free(text);
				break;
			}
		case 1:
			{
				int32_t		n;
				LtvChurnEntry *e = receive(data + 1, size - 1, &n);

				if (e != NULL)
				{
					uint8_t    *bytes = malloc(size - 1);

					check_curve(e, n);
					/* the binary form is canonical: it re-encodes to the bytes received */
					ltv_churn_encode(e, n, bytes);
					FUZZ_ASSERT(memcmp(bytes, data + 1, size - 1) == 0);
					free(bytes);
					free(e);
				}
				break;
			}
		default:
			{
				const uint8_t *a,
						   *b;
				size_t		alen,
							blen;
				int32_t		na,
							nb,
							n;
				LtvChurnEntry *ea,
						   *eb,
						   *out;

				if (!fuzz_split(data + 1, size - 1, &a, &alen, &b, &blen))
					break;
				ea = receive(a, alen, &na);
				eb = receive(b, blen, &nb);
				if (ea != NULL && eb != NULL)
				{
					out = malloc(sizeof(LtvChurnEntry) * (na + nb));
					if (ltv_churn_merge(ea, na, eb, nb, out, &n, &err) == LTV_CODEC_OK)
					{
						FUZZ_ASSERT(n >= 1 && n <= na + nb && n >= na && n >= nb);
						check_curve(out, n);
					}
					else
						FUZZ_ASSERT(err.status == LTV_CODEC_OVERFLOW);
					free(out);
				}
				free(ea);
				free(eb);
				break;
			}
	}
	return 0;
}
