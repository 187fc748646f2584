/*
 * test_churn_codec.c: ltv_churn_merge_key_runs, the merge a parallel leader
 * (or a Citus coordinator) makes of its workers' sorted per-customer keys.
 * Reference: the same keys sorted by qsort and grouped by duration here, one
 * customer at a time.
 */
#include <stdlib.h>

#include "unit.h"
#include "churn_codec.h"

static uint64_t
key_of(double duration, int churned)
{
	uint64_t	bits;

	memcpy(&bits, &duration, sizeof(bits));
	return (bits << 1) | (uint64_t) churned;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *) a,
				y = *(const uint64_t *) b;

	return x < y ? -1 : x > y;
}

static uint32_t rng_state = 12345;

static uint32_t
rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 8;
}

/* nruns sorted runs of random keys (few distinct durations when ties) against the reference */
static void
check_random_runs(int nruns, int per_run, int ties)
{
	int			total = nruns * per_run,
				i,
				r,
				n = 0;
	uint64_t   *keys = malloc(sizeof(uint64_t) * total);
	uint64_t   *sorted = malloc(sizeof(uint64_t) * total);
	int32_t		run_end[64];
	LtvChurnEntry *out = malloc(sizeof(LtvChurnEntry) * total),
			   *ref = malloc(sizeof(LtvChurnEntry) * total);
	int32_t		nout = -1;
	LtvCodecError err;
	int			same = 1;

	for (r = 0; r < nruns; r++)
	{
		/* runs of unequal length, some empty */
		int			len = (r % 3 == 2) ? 0 : per_run + (r % 3 == 1 ? per_run : 0);

		if (r * per_run + len > total)
			len = total - r * per_run;
		for (i = 0; i < len; i++)
		{
			double		d = ties ? (double) (rng() % 50) / 4.0 : (double) rng() / 65536.0;

			keys[r * per_run + i] = key_of(d, rng() % 3 == 0);
		}
		qsort(keys + r * per_run, len, sizeof(uint64_t), cmp_u64);
		memcpy(sorted + n, keys + r * per_run, sizeof(uint64_t) * len);
		n += len;
		/* compact: run r ends where the keys so far end */
		memmove(keys + n - len, keys + r * per_run, sizeof(uint64_t) * len);
		run_end[r] = n;
	}
	qsort(sorted, n, sizeof(uint64_t), cmp_u64);
	{
		int			m = 0;

		for (i = 0; i < n; i++)
		{
			uint64_t	bits = sorted[i] >> 1;
			double		d;

			memcpy(&d, &bits, sizeof(d));
			if (m == 0 || ref[m - 1].duration != d)
			{
				ref[m].duration = d;
				ref[m].churned = ref[m].censored = 0;
				m++;
			}
			if (sorted[i] & 1)
				ref[m - 1].churned++;
			else
				ref[m - 1].censored++;
		}
		CHECK(ltv_churn_merge_key_runs(keys, run_end, nruns, out, n, &nout, &err) == LTV_CODEC_OK);
		CHECK_EQ_I64(nout, m);
		for (i = 0; i < m && i < nout; i++)
			if (out[i].duration != ref[i].duration || out[i].churned != ref[i].churned ||
				out[i].censored != ref[i].censored)
				same = 0;
		CHECK(same);
		/* one distinct duration too many for the room given: the limit, not an overrun */
		if (m > 0)
			CHECK(ltv_churn_merge_key_runs(keys, run_end, nruns, out, m - 1, &nout, &err) == LTV_CODEC_LIMIT);
	}
	free(keys);
	free(sorted);
	free(out);
	free(ref);
}

static void
test_merge_matches_sort(void)
{
	check_random_runs(1, 1000, 0);
	check_random_runs(2, 5000, 0);
	check_random_runs(3, 3000, 0);
	check_random_runs(3, 3000, 1);
	check_random_runs(9, 700, 0);
	check_random_runs(16, 2000, 1);
	check_random_runs(64, 100, 0);
}

static void
test_merge_refuses_bad_runs(void)
{
	uint64_t	keys[6] = {key_of(1, 0), key_of(3, 1), key_of(2, 0), key_of(0.5, 0), key_of(4, 1), key_of(5, 0)};
	int32_t		run_end[3] = {3, 6, 6};
	int32_t		backwards[2] = {4, 2};
	LtvChurnEntry out[6];
	int32_t		nout;
	LtvCodecError err;

	/* run 0 is 1, 3, 2: not ascending */
	CHECK(ltv_churn_merge_key_runs(keys, run_end, 2, out, 6, &nout, &err) == LTV_CODEC_INVALID);
	CHECK(strstr(err.message, "not sorted") != NULL);
	/* ... and alone */
	CHECK(ltv_churn_merge_key_runs(keys, run_end, 1, out, 6, &nout, &err) == LTV_CODEC_INVALID);
	/* a run that ends before it starts, and too many runs */
	CHECK(ltv_churn_merge_key_runs(keys, backwards, 2, out, 6, &nout, &err) == LTV_CODEC_INVALID);
	CHECK(ltv_churn_merge_key_runs(keys, run_end, 65, out, 6, &nout, &err) == LTV_CODEC_INVALID);
	/* no runs, or empty ones: no entries */
	CHECK(ltv_churn_merge_key_runs(keys, run_end, 0, out, 6, &nout, &err) == LTV_CODEC_OK);
	CHECK_EQ_I64(nout, 0);
	/* the second run alone is 0.5, 4, 5 */
	{
		int32_t		second[2] = {3, 6};

		keys[0] = keys[1] = keys[2] = key_of(0.25, 1);
		CHECK(ltv_churn_merge_key_runs(keys, second, 2, out, 6, &nout, &err) == LTV_CODEC_OK);
		CHECK_EQ_I64(nout, 4);
		CHECK(out[0].duration == 0.25 && out[0].churned == 3 && out[0].censored == 0);
		CHECK(out[1].duration == 0.5 && out[1].churned == 0 && out[1].censored == 1);
		CHECK(out[3].duration == 5 && out[3].censored == 1);
	}
}

int
main(void)
{
	RUN(test_merge_matches_sort);
	RUN(test_merge_refuses_bad_runs);
	return unit_report("churn_codec");
}
