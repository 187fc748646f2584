/*
 * fuzz_rfm_state.c: rfm_state's text input (hexadecimal), binary input and
 * the merge of two received states as rfm_state_combine merges them (the
 * count check, then src/core/quantile.c's union of runs), then the quantile
 * cuts of every accepted or merged state (the path of issue 10, item 1: a
 * wrapped count made ltv_quantile7_cuts read past the runs).  See fuzz.h.
 */
#include <math.h>

#include "fuzz.h"
#include "quantile.h"
#include "rfm_codec.h"

typedef struct State
{
	int			bins;
	LtvRun	   *all;
	LtvRun	   *runs[LTV_RFM_NDIMS];
	size_t		nruns[LTV_RFM_NDIMS];
} State;

/* the cuts of one dimension: within its values, non-decreasing */
static void
check_cuts(const LtvRun *runs, size_t n, int bins)
{
	double		cuts[LTV_QUANTILE_MAX_BINS];
	int			k;

	if (n == 0)
		return;
	FUZZ_ASSERT(ltv_quantile7_cuts(runs, n, bins, cuts) == 0);
	for (k = 0; k < bins - 1; k++)
	{
		FUZZ_ASSERT(cuts[k] >= runs[0].value && cuts[k] <= runs[n - 1].value);
		FUZZ_ASSERT(k == 0 || cuts[k] >= cuts[k - 1]);
	}
}

/* every accepted state: canonical bytes that read back, sane cuts */
static void
check_state(const State *s)
{
	size_t		size = ltv_rfm_encoded_size(s->nruns);
	uint8_t    *bytes = malloc(size);
	LtvRun	   *back = malloc(sizeof(LtvRun) * (ltv_rfm_decode_room(size) + 1));
	size_t		nback[LTV_RFM_NDIMS];
	size_t		used = 0;
	int			bins;
	int			d;
	LtvCodecError err;

	ltv_rfm_encode(s->bins, (const LtvRun *const *) s->runs, s->nruns, bytes);
	FUZZ_ASSERT(ltv_rfm_decode(bytes, size, &bins, back, nback, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(bins == s->bins);
	for (d = 0; d < LTV_RFM_NDIMS; d++)
	{
		FUZZ_ASSERT(nback[d] == s->nruns[d]);
		FUZZ_ASSERT(memcmp(back + used, s->runs[d], sizeof(LtvRun) * s->nruns[d]) == 0);
		FUZZ_ASSERT(ltv_runs_total(s->runs[d], s->nruns[d]) <= LTV_QUANTILE_MAX_TOTAL);
		used += nback[d];
		check_cuts(s->runs[d], s->nruns[d], s->bins);
	}
	free(bytes);
	free(back);
}

static int
receive(const uint8_t *data, size_t size, State *s)
{
	LtvCodecError err;
	size_t		used = 0;
	int			d;

	s->all = malloc(sizeof(LtvRun) * (ltv_rfm_decode_room(size) + 1));
	if (ltv_rfm_decode(data, size, &s->bins, s->all, s->nruns, &err) != LTV_CODEC_OK)
	{
		free(s->all);
		s->all = NULL;
		return 0;
	}
	for (d = 0; d < LTV_RFM_NDIMS; d++)
	{
		s->runs[d] = s->all + used;
		used += s->nruns[d];
	}
	FUZZ_ASSERT(ltv_rfm_encoded_size(s->nruns) == size);
	return 1;
}

/* a + b as rfm_state_combine does it: false when the server refuses (bins differ, too many values) */
static int
merge(const State *a, const State *b, State *out)
{
	size_t		d,
				used = 0;

	if (a->bins != b->bins)
		return 0;
	for (d = 0; d < LTV_RFM_NDIMS; d++)
		if (ltv_runs_total(b->runs[d], b->nruns[d]) >
			LTV_QUANTILE_MAX_TOTAL - ltv_runs_total(a->runs[d], a->nruns[d]))
			return 0;
	out->bins = a->bins;
	out->all = malloc(sizeof(LtvRun) * (a->nruns[0] + a->nruns[1] + a->nruns[2] +
										b->nruns[0] + b->nruns[1] + b->nruns[2] + 1));
	for (d = 0; d < LTV_RFM_NDIMS; d++)
	{
		size_t		need = ltv_runs_union3_size(a->runs[d], a->nruns[d], NULL, 0, b->runs[d], b->nruns[d]);
		int64_t		total = ltv_runs_total(a->runs[d], a->nruns[d]) + ltv_runs_total(b->runs[d], b->nruns[d]);
		size_t		i;

		FUZZ_ASSERT(need <= a->nruns[d] + b->nruns[d] && need >= a->nruns[d] && need >= b->nruns[d]);
		out->runs[d] = out->all + used;
		memcpy(out->runs[d], a->runs[d], sizeof(LtvRun) * a->nruns[d]);
		ltv_runs_merge3_in_place(out->runs[d], a->nruns[d], NULL, 0, b->runs[d], b->nruns[d], need);
		out->nruns[d] = need;
		used += need;
		for (i = 0; i < need; i++)
			FUZZ_ASSERT(out->runs[d][i].count >= 1 && (i == 0 || out->runs[d][i].value > out->runs[d][i - 1].value));
		FUZZ_ASSERT(ltv_runs_total(out->runs[d], need) == total);
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	State		a,
				b,
				m;

	if (size < 1)
		return 0;
	switch (data[0] % 3)
	{
		case 0:
			{
				char	   *text = fuzz_text(data + 1, size - 1);
				size_t		len = strlen(text);
				uint8_t    *bytes = malloc(len / 2 + 1);
				LtvCodecError err;

				if (ltv_rfm_unhex(text, bytes, &err) == LTV_CODEC_OK && receive(bytes, len / 2, &a))
				{
					check_state(&a);
					free(a.all);
				}
				free(bytes);
				free(text);
				break;
			}
		case 1:
			if (receive(data + 1, size - 1, &a))
			{
				check_state(&a);
				free(a.all);
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
						if (merge(&a, &b, &m))
						{
							check_state(&m);
							free(m.all);
						}
						free(b.all);
					}
					free(a.all);
				}
				break;
			}
	}
	return 0;
}
