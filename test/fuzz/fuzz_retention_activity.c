/*
 * fuzz_retention_activity.c: retention_activity's text input, binary input
 * and the union of two received activities on one grid, as
 * retention_activity_combine makes it (src/core/retention.c's bitmap union;
 * the first purchase re-anchored as src/retention_activity.c's
 * retention_union_lead does).  See fuzz.h.
 */
#include "fuzz.h"
#include "retention.h"
#include "retention_codec.h"

/* every accepted activity: valid, and its text and binary forms read back to it */
static void
check_activity(const LtvActivityValue *a)
{
	LtvCodecError err;
	char	   *text = malloc(ltv_activity_text_size(a));
	char	   *text2;
	size_t		size = ltv_activity_encoded_size(a->nwords);
	uint8_t    *bytes = malloc(size);
	LtvActivityValue b;

	FUZZ_ASSERT(ltv_activity_check(a, &err) == LTV_CODEC_OK);
	ltv_activity_format(a, text);
	b.words = NULL;
	b.lead = LTV_ACTIVITY_NO_PURCHASE;
	FUZZ_ASSERT(ltv_activity_parse(text, &b, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(b.nwords == a->nwords);
	b.words = calloc(b.nwords, sizeof(uint64_t));
	FUZZ_ASSERT(ltv_activity_parse(text, &b, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(b.version == a->version && b.kind == a->kind && b.unit.months == a->unit.months &&
				b.unit.days == a->unit.days && b.unit.usecs == a->unit.usecs && b.origin == a->origin &&
				b.start == a->start && b.lead == a->lead &&
				memcmp(b.words, a->words, sizeof(uint64_t) * a->nwords) == 0);
	text2 = malloc(ltv_activity_text_size(&b));
	ltv_activity_format(&b, text2);
	FUZZ_ASSERT(strcmp(text, text2) == 0);
	free(b.words);
	ltv_activity_encode(a, bytes);
	FUZZ_ASSERT(ltv_activity_decode_header(bytes, size, &b, &err) == LTV_CODEC_OK);
	b.words = calloc(b.nwords, sizeof(uint64_t));
	FUZZ_ASSERT(ltv_activity_decode(bytes, size, &b, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(b.start == a->start && b.lead == a->lead && b.nwords == a->nwords &&
				memcmp(b.words, a->words, sizeof(uint64_t) * a->nwords) == 0);
	free(b.words);
	free(text);
	free(text2);
	free(bytes);
}

static int
receive(const uint8_t *data, size_t size, LtvActivityValue *a)
{
	LtvCodecError err;

	a->words = NULL;
	if (ltv_activity_decode_header(data, size, a, &err) != LTV_CODEC_OK)
		return 0;
	FUZZ_ASSERT(a->nwords >= 0 && ltv_activity_encoded_size(a->nwords) == size);
	a->words = calloc(a->nwords > 0 ? a->nwords : 1, sizeof(uint64_t));
	if (ltv_activity_decode(data, size, a, &err) != LTV_CODEC_OK)
	{
		free(a->words);
		a->words = NULL;
		return 0;
	}
	return 1;
}

static int64_t
absolute_first(const LtvActivityValue *a)
{
	return a->start + a->lead;
}

static void
check_union(const LtvActivityValue *a, const LtvActivityValue *b)
{
	LtvActivityValue u;
	int64_t		span;
	int64_t		first;

	/* the server refuses activities of different grids */
	if (a->kind != b->kind || a->unit.months != b->unit.months || a->unit.days != b->unit.days ||
		a->unit.usecs != b->unit.usecs || a->origin != b->origin)
		return;
	span = ltv_activity_union_bits(a->start, a->words, a->nwords, b->start, b->words, b->nwords);
	if (span < 0)
		return;					/* 54000: more than 2^24 periods */
	FUZZ_ASSERT(span >= 1 && span <= LTV_RETENTION_MAX_PERIODS);
	u = *a;
	u.start = a->start < b->start ? a->start : b->start;
	u.nwords = (int32_t) ltv_bitmap_words(span);
	u.words = calloc(u.nwords, sizeof(uint64_t));
	ltv_bitmap_or_shifted(u.words, u.nwords, a->words, a->nwords, a->start - u.start);
	ltv_bitmap_or_shifted(u.words, u.nwords, b->words, b->nwords, b->start - u.start);
	if (a->lead == LTV_ACTIVITY_NO_PURCHASE && b->lead == LTV_ACTIVITY_NO_PURCHASE)
		u.lead = LTV_ACTIVITY_NO_PURCHASE;
	else
	{
		if (a->lead == LTV_ACTIVITY_NO_PURCHASE)
			first = absolute_first(b);
		else if (b->lead == LTV_ACTIVITY_NO_PURCHASE)
			first = absolute_first(a);
		else
			first = absolute_first(a) < absolute_first(b) ? absolute_first(a) : absolute_first(b);
		u.lead = (int32_t) (first - u.start);
	}
	/* every period of either side, and no other */
	FUZZ_ASSERT(ltv_bitmap_count(u.words, u.nwords) >= ltv_bitmap_count(a->words, a->nwords));
	FUZZ_ASSERT(ltv_bitmap_count(u.words, u.nwords) >= ltv_bitmap_count(b->words, b->nwords));
	FUZZ_ASSERT(ltv_bitmap_count(u.words, u.nwords) <=
				ltv_bitmap_count(a->words, a->nwords) + ltv_bitmap_count(b->words, b->nwords));
	check_activity(&u);
	free(u.words);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	LtvCodecError err;
	LtvActivityValue a,
				b;

	if (size < 1)
		return 0;
	switch (data[0] % 3)
	{
		case 0:
			{
				char	   *text = fuzz_text(data + 1, size - 1);

				a.words = NULL;
				a.lead = LTV_ACTIVITY_NO_PURCHASE;
				if (ltv_activity_parse(text, &a, &err) == LTV_CODEC_OK)
				{
					FUZZ_ASSERT(a.nwords >= 1 && a.nwords <= LTV_ACTIVITY_MAX_WORDS);
					a.words = calloc(a.nwords, sizeof(uint64_t));
					if (ltv_activity_parse(text, &a, &err) == LTV_CODEC_OK)
						check_activity(&a);
					free(a.words);
				}
				free(text);
				break;
			}
		case 1:
			if (receive(data + 1, size - 1, &a))
			{
				uint8_t    *bytes = malloc(size - 1);

				check_activity(&a);
				ltv_activity_encode(&a, bytes);
				FUZZ_ASSERT(memcmp(bytes, data + 1, size - 1) == 0);
				free(bytes);
				free(a.words);
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
						check_union(&a, &b);
						free(b.words);
					}
					free(a.words);
				}
				break;
			}
	}
	return 0;
}
