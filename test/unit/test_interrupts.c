/*
 * Issue 10, item 5: every src/core loop whose length is the input's checks
 * for interrupts (the hook the server sets to CHECK_FOR_INTERRUPTS, every
 * 65,536 iterations).  Each test runs one loop over N = 300,000 elements with
 * a counting hook and checks that the hook ran at least N / 65,536 times
 * (4); before the fix these loops never checked (the count was 0), so a
 * statement_timeout could not stop them.
 */
#include <stdlib.h>
#include <string.h>

#include "churn_codec.h"
#include "codec.h"
#include "fit_codec.h"
#include "kaplan_meier.h"
#include "quantile.h"
#include "retention_codec.h"
#include "rfm_codec.h"
#include "sbg.h"
#include "unit.h"

#define N 300000

static long hook_calls;

static void
count_hook(void)
{
	hook_calls++;
}

#define CHECKS(expr) \
	do { \
		hook_calls = 0; \
		(void) (expr); \
		if (hook_calls < N / 65536) \
		{ \
			unit_fail_header(__FILE__, __LINE__); \
			fprintf(stderr, "%s: %ld interrupt checks\n", #expr, hook_calls); \
		} \
	} while (0)

static LtvChurnEntry *
churn_entries(void)
{
	LtvChurnEntry *e = malloc(sizeof(LtvChurnEntry) * N);
	int			i;

	for (i = 0; i < N; i++)
	{
		e[i].duration = i * 0.5;
		e[i].churned = i % 3;
		e[i].censored = 1;
	}
	return e;
}

/* ltv_fit_state: N records (x = 0, t_x = 0, T = i + 1, one customer each) */
static void
test_fit_codec(void)
{
	LtvFitStateHeader h = {LTV_PM_BGNBD, {0, 7, 0}, N};
	LtvFitRecord *r = calloc(N, sizeof(LtvFitRecord));
	LtvFitRecord *back = malloc(sizeof(LtvFitRecord) * N);
	size_t		size = ltv_fit_state_encoded_size(&h);
	uint8_t    *bytes = malloc(size);
	char	   *text = malloc(LTV_FIT_HEADER_TEXT_LEN + (size_t) N * LTV_FIT_RECORD_TEXT_LEN);
	size_t		pos;
	const char *rest;
	LtvFitStateHeader h2;
	LtvCodecError err;
	int64_t		n;
	int			i;

	for (i = 0; i < N; i++)
	{
		r[i].T = i + 1;
		r[i].count = 1;
	}
	CHECKS(ltv_fit_state_encode(&h, r, bytes));
	CHECK(ltv_fit_state_decode_header(bytes, size, &h2, &pos, &err) == LTV_CODEC_OK);
	CHECKS(ltv_fit_state_decode_records(bytes, size, pos, &h2, back, &err));
	CHECK(memcmp(back, r, sizeof(LtvFitRecord) * N) == 0);
	pos = ltv_fit_state_format_header(&h, text);
	for (i = 0; i < N; i++)
		pos += ltv_fit_record_format(&r[i], text + pos);
	CHECK(ltv_fit_state_parse_header(text, &h2, &rest, &err) == LTV_CODEC_OK);
	CHECKS(ltv_fit_state_parse_records(rest, &h2, back, &err));
	CHECKS(ltv_fit_records_merge_equal(r, NULL, N, back, &n, &err));
	CHECK(n == N);
	CHECKS(ltv_fit_records_check_total(r, N, &err));
	free(r);
	free(back);
	free(bytes);
	free(text);
}

static void
test_churn_codec(void)
{
	LtvChurnEntry *e = churn_entries();
	LtvChurnEntry *back = malloc(sizeof(LtvChurnEntry) * N);
	size_t		size = ltv_churn_encoded_size(N);
	uint8_t    *bytes = malloc(size);
	char	   *text = malloc(ltv_churn_text_size(N));
	LtvCodecError err;
	int32_t		n = 0;

	ltv_churn_encode(e, N, bytes);
	CHECKS(ltv_churn_decode(bytes, size, back, &err));
	CHECKS(ltv_churn_validate(e, N, &err));
	CHECKS(ltv_churn_format(e, N, text, NULL));
	CHECKS(ltv_churn_parse_bound(text));
	CHECKS(ltv_churn_parse(text, back, N, &n, &err));
	CHECK(n == N);
	free(e);
	free(back);
	free(bytes);
	free(text);
}

static void
test_rfm_codec(void)
{
	LtvRun	   *runs = malloc(sizeof(LtvRun) * N);
	const LtvRun *dims[3];
	size_t		nruns[3] = {N, 0, 0};
	size_t		size;
	uint8_t    *bytes;
	LtvRun	   *back;
	int			bins = 0;
	LtvCodecError err;
	int			i;

	for (i = 0; i < N; i++)
	{
		runs[i].value = i;
		runs[i].count = 1;
	}
	dims[0] = dims[1] = dims[2] = runs;
	size = ltv_rfm_encoded_size(nruns);
	bytes = malloc(size);
	ltv_rfm_encode(5, dims, nruns, bytes);
	back = malloc(sizeof(LtvRun) * ltv_rfm_decode_room(size));
	CHECKS(ltv_rfm_decode(bytes, size, &bins, back, nruns, &err));
	CHECK(nruns[0] == N);
	free(runs);
	free(bytes);
	free(back);
}

static void
test_retention_codecs(void)
{
	LtvActivityValue a;
	LtvCurveValue c;
	int32_t		words = LTV_ACTIVITY_MAX_WORDS;
	uint64_t   *w = calloc(words, sizeof(uint64_t));
	uint8_t    *bytes;
	char	   *text;
	LtvCodecError err;
	int64_t		k;

	/* an activity with its first and last of 2^24 periods, and the curve of N periods */
	w[0] = 1;
	w[words - 1] = UINT64_C(1) << 63;
	a.version = LTV_ACTIVITY_FORMAT_VERSION;
	a.kind = LTV_TIME_KIND_LOCAL;
	a.unit.months = 0;
	a.unit.days = 0;
	a.unit.usecs = 1;
	a.origin = 0;
	a.start = 0;
	a.nwords = words;
	a.lead = 0;
	a.words = w;
	bytes = malloc(ltv_activity_encoded_size(words));
	ltv_activity_encode(&a, bytes);
	CHECKS(ltv_activity_decode(bytes, ltv_activity_encoded_size(words), &a, &err));
	free(bytes);

	c.version = LTV_CURVE_FORMAT_VERSION;
	c.kind = LTV_TIME_KIND_UTC;
	c.mode = LTV_RETENTION_ON;
	c.unit.months = 0;
	c.unit.days = 1;
	c.unit.usecs = 0;
	c.origin = 0;
	c.as_of = 0;
	c.n = N;
	c.by_offset = calloc(N, sizeof(int64_t));
	c.hits = calloc(N, sizeof(int64_t));
	for (k = 0; k < N; k++)
		c.by_offset[k] = 1;
	bytes = malloc(ltv_curve_encoded_size(N));
	ltv_curve_encode(&c, bytes);
	CHECKS(ltv_curve_decode(bytes, ltv_curve_encoded_size(N), &c, &err));
	text = malloc(ltv_curve_text_size(N));
	CHECKS(ltv_curve_format(&c, text));
	CHECKS(ltv_curve_parse(text, &c, &err));
	free(bytes);
	free(text);
	free(c.by_offset);
	free(c.hits);
	free(w);
}

static void
test_kaplan_meier(void)
{
	LtvChurnEntry *e = churn_entries();
	LtvKmRow   *rows = malloc(sizeof(LtvKmRow) * N);
	double		mean,
				se;

	CHECKS(ltv_km_table_strided(&e[0].duration, &e[0].churned, &e[0].censored, sizeof(LtvChurnEntry), N,
								LTV_KM_CONF_LOG, 0.95, rows));
	CHECKS(ltv_km_survival_at_strided(&e[0].duration, &e[0].churned, &e[0].censored, sizeof(LtvChurnEntry),
									  N, 1e9));
	CHECKS(ltv_km_quantile_strided(&rows[0].time, &rows[0].surv, sizeof(LtvKmRow), N, 0.999999));
	hook_calls = 0;
	ltv_km_restricted_mean(rows, N, 1e9, &mean, &se);
	CHECK(hook_calls >= N / 65536);
	free(e);
	free(rows);
}

static void
test_runs(void)
{
	double	   *v = malloc(sizeof(double) * N);
	LtvRun	   *a = malloc(sizeof(LtvRun) * N);
	LtvRun	   *out = malloc(sizeof(LtvRun) * 2 * N);
	uint64_t	x = 88172645463325252ULL;
	int			i;

	for (i = 0; i < N; i++)
	{
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v[i] = (double) (x % 1000003);
		a[i].value = i;
		a[i].count = 1;
	}
	CHECKS(ltv_sort_doubles(v, N));
	CHECKS(ltv_runs_merge_sorted(a, N, v, N, out));
	CHECKS(ltv_runs_merge(a, N, a, N, out));
	CHECKS(ltv_runs_union3_size(a, N, v, N, a, N));
	free(v);
	free(a);
	free(out);
}

/* the sBG discounted residual lifetime sums about 2.5e7 terms at the smallest discount, 1e-6 */
static void
test_sbg(void)
{
	CHECKS(ltv_sbg_derl(0.001, 1000.0, 1e-6, 0));
}

int
main(void)
{
	ltv_interrupt_hook = count_hook;
	RUN(test_churn_codec);
	RUN(test_fit_codec);
	RUN(test_rfm_codec);
	RUN(test_retention_codecs);
	RUN(test_kaplan_meier);
	RUN(test_runs);
	RUN(test_sbg);
	return unit_report("interrupts");
}
