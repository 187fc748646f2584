/*
 * fuzz_retention_curve.c: retention_curve's text input, binary input and the
 * merge of two received curves of one grid, as_of and mode
 * (src/core/retention.c's ltv_curve_merge, what retention_curve_combine
 * runs), then the points the readers build from every accepted or merged
 * curve.  See fuzz.h.
 */
#include "fuzz.h"
#include "retention.h"
#include "retention_codec.h"

static void
check_curve(LtvCurveValue *c)
{
	LtvCodecError err;
	char	   *text = malloc(ltv_curve_text_size(c->n));
	char	   *text2 = malloc(ltv_curve_text_size(c->n));
	size_t		size = ltv_curve_encoded_size(c->n);
	uint8_t    *bytes = malloc(size);
	LtvRetentionPoint *points = malloc(sizeof(LtvRetentionPoint) * (c->n + 1));
	LtvCurveValue b;
	int64_t		k;

	FUZZ_ASSERT(ltv_curve_check(c, &err) == LTV_CODEC_OK);
	ltv_curve_format(c, text);
	b.by_offset = b.hits = NULL;
	FUZZ_ASSERT(ltv_curve_parse(text, &b, &err) == LTV_CODEC_OK && b.n == c->n);
	b.by_offset = calloc(b.n + 1, sizeof(int64_t));
	b.hits = calloc(b.n + 1, sizeof(int64_t));
	FUZZ_ASSERT(ltv_curve_parse(text, &b, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(b.version == c->version && b.kind == c->kind && b.mode == c->mode &&
				b.unit.months == c->unit.months && b.unit.days == c->unit.days &&
				b.unit.usecs == c->unit.usecs && b.origin == c->origin && b.as_of == c->as_of &&
				memcmp(b.by_offset, c->by_offset, sizeof(int64_t) * c->n) == 0 &&
				memcmp(b.hits, c->hits, sizeof(int64_t) * c->n) == 0);
	ltv_curve_format(&b, text2);
	FUZZ_ASSERT(strcmp(text, text2) == 0);
	ltv_curve_encode(c, bytes);
	FUZZ_ASSERT(ltv_curve_decode(bytes, size, &b, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(memcmp(b.by_offset, c->by_offset, sizeof(int64_t) * c->n) == 0 &&
				memcmp(b.hits, c->hits, sizeof(int64_t) * c->n) == 0);
	/* the points: rates in [0, 1], customers non-increasing in k */
	ltv_curve_points(c->by_offset, c->hits, c->n, (LtvRetentionMode) c->mode, points);
	for (k = 0; k < c->n; k++)
	{
		FUZZ_ASSERT(points[k].k == k && points[k].retained >= 0 && points[k].eligible >= 0);
		FUZZ_ASSERT(points[k].eligible <= points[k].customers && points[k].retained <= points[k].eligible);
		FUZZ_ASSERT(!points[k].has_rate || (points[k].rate >= 0.0 && points[k].rate <= 1.0));
		FUZZ_ASSERT(k == 0 || points[k].customers <= points[k - 1].customers);
	}
	free(b.by_offset);
	free(b.hits);
	free(text);
	free(text2);
	free(bytes);
	free(points);
}

static int
receive(const uint8_t *data, size_t size, LtvCurveValue *c)
{
	LtvCodecError err;

	c->by_offset = c->hits = NULL;
	if (ltv_curve_decode_header(data, size, c, &err) != LTV_CODEC_OK)
		return 0;
	FUZZ_ASSERT(c->n >= 0 && ltv_curve_encoded_size(c->n) == size);
	c->by_offset = calloc(c->n + 1, sizeof(int64_t));
	c->hits = calloc(c->n + 1, sizeof(int64_t));
	if (ltv_curve_decode(data, size, c, &err) != LTV_CODEC_OK)
	{
		free(c->by_offset);
		free(c->hits);
		return 0;
	}
	return 1;
}

static void
check_merge(const LtvCurveValue *a, const LtvCurveValue *b)
{
	LtvCurveValue m;
	int64_t		n = a->n > b->n ? a->n : b->n;

	/* the server refuses curves of different grids, as_of or mode */
	if (a->kind != b->kind || a->unit.months != b->unit.months || a->unit.days != b->unit.days ||
		a->unit.usecs != b->unit.usecs || a->origin != b->origin || a->as_of != b->as_of || a->mode != b->mode)
		return;
	m = *a;
	m.by_offset = calloc(n + 1, sizeof(int64_t));
	m.hits = calloc(n + 1, sizeof(int64_t));
	memcpy(m.by_offset, a->by_offset, sizeof(int64_t) * a->n);
	memcpy(m.hits, a->hits, sizeof(int64_t) * a->n);
	if (ltv_curve_merge(m.by_offset, m.hits, a->n, b->by_offset, b->hits, b->n) == 0)
	{
		m.n = n;
		/* the sum of two valid curves is a valid curve */
		check_curve(&m);
	}
	free(m.by_offset);
	free(m.hits);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	LtvCodecError err;
	LtvCurveValue a,
				b;

	if (size < 1)
		return 0;
	switch (data[0] % 3)
	{
		case 0:
			{
				char	   *text = fuzz_text(data + 1, size - 1);

				a.by_offset = a.hits = NULL;
				if (ltv_curve_parse(text, &a, &err) == LTV_CODEC_OK)
				{
					FUZZ_ASSERT(a.n >= 0 && a.n <= LTV_RETENTION_MAX_PERIODS);
					a.by_offset = calloc(a.n + 1, sizeof(int64_t));
					a.hits = calloc(a.n + 1, sizeof(int64_t));
					if (ltv_curve_parse(text, &a, &err) == LTV_CODEC_OK)
						check_curve(&a);
					free(a.by_offset);
					free(a.hits);
				}
				free(text);
				break;
			}
		case 1:
			if (receive(data + 1, size - 1, &a))
			{
				uint8_t    *bytes = malloc(size - 1);

				check_curve(&a);
				ltv_curve_encode(&a, bytes);
				FUZZ_ASSERT(memcmp(bytes, data + 1, size - 1) == 0);
				free(bytes);
				free(a.by_offset);
				free(a.hits);
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
						check_merge(&a, &b);
						free(b.by_offset);
						free(b.hits);
					}
					free(a.by_offset);
					free(a.hits);
				}
				break;
			}
	}
	return 0;
}
