/*
 * Unit tests of src/core/retention.c.
 *
 * Every expected number is counted by hand from the small cases written out
 * in each test (customers, their periods, as_of's period a).
 */
#include "unit.h"

#include "retention.h"

static void
test_rate_counts(void)
{
	double		rate = -1;

	CHECK(ltv_retention_rate_counts(100, 90, 20, &rate) == LTV_RATE_OK);
	CHECK_NEAR(rate, 0.7, 1e-15);
	CHECK(ltv_retention_rate_counts(10, 10, 0, &rate) == LTV_RATE_OK);
	CHECK_NEAR(rate, 1.0, 0);
	CHECK(ltv_retention_rate_counts(10, 5, 5, &rate) == LTV_RATE_OK);
	CHECK_NEAR(rate, 0.0, 0);
	CHECK(ltv_retention_rate_counts(0, 5, 5, &rate) == LTV_RATE_NO_START);
	CHECK(ltv_retention_rate_counts(-1, 5, 5, &rate) == LTV_RATE_NEGATIVE);
	CHECK(ltv_retention_rate_counts(1, -5, 0, &rate) == LTV_RATE_NEGATIVE);
	CHECK(ltv_retention_rate_counts(1, 5, -1, &rate) == LTV_RATE_NEGATIVE);
	CHECK(ltv_retention_rate_counts(10, 5, 6, &rate) == LTV_RATE_NEW_EXCEEDS_END);
	CHECK(ltv_retention_rate_counts(10, 25, 4, &rate) == LTV_RATE_EXCEEDS_START);
	CHECK(ltv_retention_rate_counts(0, 3, 3, &rate) == LTV_RATE_NO_START);
}

static void
test_bitmaps(void)
{
	uint64_t	w[3] = {0x5, 0, UINT64_C(1) << 63};	/* bits 0, 2, 191 */
	uint64_t	dst[4] = {0, 0, 0, 0};

	CHECK_EQ_I64(ltv_bitmap_words(0), 0);
	CHECK_EQ_I64(ltv_bitmap_words(1), 1);
	CHECK_EQ_I64(ltv_bitmap_words(64), 1);
	CHECK_EQ_I64(ltv_bitmap_words(65), 2);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, INT64_MAX), 191);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, 190), 2);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, 2), 2);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, 1), 0);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, 0), 0);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, -1), -1);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, 63), 2);
	CHECK_EQ_I64(ltv_bitmap_last_set(w, 3, 64), 2);
	CHECK_EQ_I64(ltv_bitmap_count(w, 3), 3);

	/* shift by 3 crosses no word; by 62 moves bit 2 into word 1 */
	ltv_bitmap_or_shifted(dst, 4, w, 3, 3);
	CHECK(dst[0] == 0x28 && dst[1] == 0 && dst[2] == 0 && dst[3] == 0x4);
	memset(dst, 0, sizeof(dst));
	ltv_bitmap_or_shifted(dst, 4, w, 3, 62);
	CHECK(dst[0] == (UINT64_C(1) << 62) && dst[1] == 1 && dst[2] == 0 &&
		  dst[3] == (UINT64_C(1) << 61));
	memset(dst, 0, sizeof(dst));
	ltv_bitmap_or_shifted(dst, 4, w, 2, 64);
	CHECK(dst[0] == 0 && dst[1] == 0x5 && dst[2] == 0);
}

static void
test_union_bits(void)
{
	uint64_t	a[1] = {0x3};	/* periods 10, 11 */
	uint64_t	b[1] = {0x1};	/* period 5 */
	uint64_t	c[2] = {0x1, 0x1};	/* periods 20, 84 */

	CHECK_EQ_I64(ltv_activity_union_bits(10, a, 1, 5, b, 1), 7);	/* 5 .. 11 */
	CHECK_EQ_I64(ltv_activity_union_bits(5, b, 1, 10, a, 1), 7);
	CHECK_EQ_I64(ltv_activity_union_bits(10, a, 1, 20, c, 2), 75);	/* 10 .. 84 */
	CHECK_EQ_I64(ltv_activity_union_bits(10, a, 1, 10, a, 1), 2);
	CHECK_EQ_I64(ltv_activity_union_bits(0, b, 1, LTV_RETENTION_MAX_PERIODS, b, 1), -1);
	CHECK_EQ_I64(ltv_activity_union_bits(INT64_MIN, b, 1, INT64_MAX, b, 1), -1);
}

/*
 * as_of in period a = 5.  Customers (first period; purchase periods):
 *   A: 0; 0, 1, 3        B: 0; 0, 5 (5 is the unfinished period)
 *   C: 2; 2, 3           D: 4; 4 (period 4 elapsed, k = 0 only)
 *   E: 5; 5 (first period unfinished)   F: 7 (after as_of: nowhere)
 */
static void
test_curve(void)
{
	int64_t		a = 5;
	uint64_t	bits_a = 0xB,
				bits_b = 0x21,
				bits_c = 0x3,
				bits_d = 0x1,
				bits_e = 0x1;
	int64_t		by_offset[6] = {0},
				hits[6] = {0},
				by_offset2[6] = {0},
				hits2[6] = {0};
	LtvRetentionPoint p[6];

	CHECK_EQ_I64(ltv_curve_length(a, 0), 6);
	CHECK_EQ_I64(ltv_curve_length(a, 5), 1);
	CHECK_EQ_I64(ltv_curve_length(a, 7), 0);
	CHECK_EQ_I64(ltv_curve_length(INT64_MAX, INT64_MIN), -1);
	CHECK_EQ_I64(ltv_curve_length(LTV_RETENTION_MAX_PERIODS, 0), -1);

	ltv_curve_add(by_offset, hits, a, 0, &bits_a, 1, 0, LTV_RETENTION_ON);
	ltv_curve_add(by_offset, hits, a, 0, &bits_b, 1, 0, LTV_RETENTION_ON);
	ltv_curve_add(by_offset, hits, a, 2, &bits_c, 1, 0, LTV_RETENTION_ON);
	ltv_curve_add(by_offset, hits, a, 4, &bits_d, 1, 0, LTV_RETENTION_ON);
	ltv_curve_add(by_offset, hits, a, 5, &bits_e, 1, 0, LTV_RETENTION_ON);
	ltv_curve_points(by_offset, hits, 6, LTV_RETENTION_ON, p);

	/* k = 0: reached A..E (5), eligible A B C D (4), all retained */
	CHECK(p[0].customers == 5 && p[0].eligible == 4 && p[0].retained == 4 && p[0].incomplete);
	CHECK_NEAR(p[0].rate, 1.0, 0);
	/* k = 1: reached A B C D (first <= 4); eligible A B C (first <= 3); retained A, C */
	CHECK(p[1].customers == 4 && p[1].eligible == 3 && p[1].retained == 2 && p[1].incomplete);
	CHECK_NEAR(p[1].rate, 2.0 / 3.0, 1e-15);
	/* k = 2: eligible A B (C's period 4 elapsed? 2 + 2 = 4 <= 4: yes) */
	CHECK(p[2].customers == 3 && p[2].eligible == 3 && p[2].retained == 0 && !p[2].incomplete);
	/* k = 3: reached A B C; eligible A B (C: 2 + 3 = 5 unfinished); retained A */
	CHECK(p[3].customers == 3 && p[3].eligible == 2 && p[3].retained == 1 && p[3].incomplete);
	CHECK(p[4].customers == 2 && p[4].eligible == 2 && p[4].retained == 0);
	/* k = 5: period 5 unfinished for A and B: nobody eligible, no rate (B's purchase not counted) */
	CHECK(p[5].customers == 2 && p[5].eligible == 0 && p[5].retained == 0 && !p[5].has_rate &&
		  p[5].incomplete);

	/* on or after: last elapsed purchases A 3, B 0, C 1 (3 unfinished? 2+1 = 3 <= 4: elapsed), D 0 */
	ltv_curve_add(by_offset2, hits2, a, 0, &bits_a, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_add(by_offset2, hits2, a, 0, &bits_b, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_add(by_offset2, hits2, a, 2, &bits_c, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_add(by_offset2, hits2, a, 4, &bits_d, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_add(by_offset2, hits2, a, 5, &bits_e, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_points(by_offset2, hits2, 6, LTV_RETENTION_ON_OR_AFTER, p);
	CHECK(p[0].eligible == 4 && p[0].retained == 4);
	CHECK(p[1].eligible == 3 && p[1].retained == 2);	/* A (3), C (1) */
	CHECK(p[2].eligible == 3 && p[2].retained == 1);	/* A */
	CHECK(p[3].eligible == 2 && p[3].retained == 1);	/* A */
	CHECK(p[4].eligible == 2 && p[4].retained == 0);
	CHECK(p[5].eligible == 0 && !p[5].has_rate);
}

/* a bitmap longer than a word: purchases at k = 0, 63, 64, 130 with a = 200 */
static void
test_curve_long(void)
{
	uint64_t	bits[3] = {1 | (UINT64_C(1) << 63), 1, UINT64_C(1) << 2};
	int64_t		by_offset[201] = {0},
				hits[201] = {0};
	LtvRetentionPoint p[201];

	ltv_curve_add(by_offset, hits, 200, 0, bits, 3, 0, LTV_RETENTION_ON);
	ltv_curve_points(by_offset, hits, 201, LTV_RETENTION_ON, p);
	CHECK(p[0].retained == 1 && p[63].retained == 1 && p[64].retained == 1 &&
		  p[130].retained == 1 && p[131].retained == 0 && p[1].retained == 0);
	CHECK(p[199].eligible == 1 && p[200].eligible == 0 && p[200].customers == 1);
	/* as_of at a = 100: the purchase at 130 lies after it and is not looked at */
	memset(hits, 0, sizeof(hits));
	memset(by_offset, 0, sizeof(by_offset));
	ltv_curve_add(by_offset, hits, 100, 0, bits, 3, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_points(by_offset, hits, 101, LTV_RETENTION_ON_OR_AFTER, p);
	CHECK(p[64].retained == 1 && p[65].retained == 0 && p[99].eligible == 1);
}

/*
 * Triangle with cohorts 3 .. a = 5 (rows of 3, 2, 1 cells):
 *   P: 3; 3, 4, 5    Q: 3; 3, 5    R: 4; 4    S: 5; 5
 */
static void
test_triangle(void)
{
	int64_t		sizes[3] = {0},
				cells[6] = {0};
	uint64_t	p = 0x7,
				q = 0x5,
				r = 0x1,
				s = 0x1;

	CHECK_EQ_I64(ltv_triangle_cells(3, 5), 6);
	CHECK_EQ_I64(ltv_triangle_cells(5, 5), 1);
	CHECK_EQ_I64(ltv_triangle_cells(0, 10000000), -1);
	CHECK_EQ_I64(ltv_triangle_row_offset(3, 5, 3), 0);
	CHECK_EQ_I64(ltv_triangle_row_offset(3, 5, 4), 3);
	CHECK_EQ_I64(ltv_triangle_row_offset(3, 5, 5), 5);

	ltv_triangle_add(sizes, cells, 3, 5, 3, &p, 1, 0, LTV_RETENTION_ON);
	ltv_triangle_add(sizes, cells, 3, 5, 3, &q, 1, 0, LTV_RETENTION_ON);
	ltv_triangle_add(sizes, cells, 3, 5, 4, &r, 1, 0, LTV_RETENTION_ON);
	ltv_triangle_add(sizes, cells, 3, 5, 5, &s, 1, 0, LTV_RETENTION_ON);
	CHECK(sizes[0] == 2 && sizes[1] == 1 && sizes[2] == 1);
	CHECK(cells[0] == 2 && cells[1] == 1 && cells[2] == 2);	/* cohort 3: k 0, 1, 2 (unfinished) */
	CHECK(cells[3] == 1 && cells[4] == 0);	/* cohort 4 */
	CHECK(cells[5] == 1);		/* cohort 5 */

	memset(sizes, 0, sizeof(sizes));
	memset(cells, 0, sizeof(cells));
	ltv_triangle_add(sizes, cells, 3, 5, 3, &p, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_triangle_add(sizes, cells, 3, 5, 3, &q, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	ltv_triangle_add(sizes, cells, 3, 5, 4, &r, 1, 0, LTV_RETENTION_ON_OR_AFTER);
	/* P's last elapsed purchase is k = 1, Q's k = 0 */
	CHECK(cells[0] == 2 && cells[1] == 1 && cells[2] == 2);
	CHECK(cells[3] == 1 && cells[4] == 0);
}

/*
 * Zero-amount periods before the first purchase (bits below lead) are never
 * activity.  Customer Z: zero-amount orders in periods 10 and 11, first
 * purchase in 12, a zero-amount order in 14 (activity), purchase in 15:
 * start 10, lead 2, bits 0, 1, 2, 4, 5.  as_of in period a = 16.
 * Customer W: zero-amount order in 0, first purchase in 70 (lead 70, across
 * a word boundary), purchase in 72.
 */
static void
test_lead(void)
{
	uint64_t	z = 0x37;
	uint64_t	w[2] = {0x1, (UINT64_C(1) << 6) | (UINT64_C(1) << 8)};
	int64_t		by_offset[5] = {0},
				hits[5] = {0},
				sizes[1] = {0},
				cells[5] = {0};
	LtvRetentionPoint p[5];

	/* first = 12: k = 0 .. 4, k = 4 (period 16) unfinished; activity at k = 0, 2, 3 */
	ltv_curve_add(by_offset, hits, 16, 12, &z, 1, 2, LTV_RETENTION_ON);
	ltv_curve_points(by_offset, hits, 5, LTV_RETENTION_ON, p);
	CHECK(p[0].retained == 1 && p[1].retained == 0 && p[2].retained == 1 && p[3].retained == 1);
	CHECK(p[3].eligible == 1 && p[4].eligible == 0 && p[4].customers == 1);

	memset(by_offset, 0, sizeof(by_offset));
	memset(hits, 0, sizeof(hits));
	ltv_curve_add(by_offset, hits, 16, 12, &z, 1, 2, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_points(by_offset, hits, 5, LTV_RETENTION_ON_OR_AFTER, p);
	CHECK(p[0].retained == 1 && p[3].retained == 1 && p[4].retained == 0);

	/* as_of in period 13: only k = 0 elapsed; the bits below lead do not count */
	memset(by_offset, 0, sizeof(by_offset));
	memset(hits, 0, sizeof(hits));
	ltv_curve_add(by_offset, hits, 13, 12, &z, 1, 2, LTV_RETENTION_ON_OR_AFTER);
	ltv_curve_points(by_offset, hits, 2, LTV_RETENTION_ON_OR_AFTER, p);
	CHECK(p[0].eligible == 1 && p[0].retained == 1 && p[1].customers == 1 && p[1].retained == 0);

	/* triangle row of cohort 12 up to a = 16: k 0, 2, 3 active; k = 4 none so far */
	ltv_triangle_add(sizes, cells, 12, 16, 12, &z, 1, 2, LTV_RETENTION_ON);
	CHECK(sizes[0] == 1 && cells[0] == 1 && cells[1] == 0 && cells[2] == 1 && cells[3] == 1 &&
		  cells[4] == 0);
	memset(cells, 0, sizeof(cells));
	ltv_triangle_add(sizes, cells, 12, 16, 12, &z, 1, 2, LTV_RETENTION_ON_OR_AFTER);
	CHECK(cells[0] == 1 && cells[1] == 1 && cells[2] == 1 && cells[3] == 1 && cells[4] == 0);

	/* W: first = 70, a = 74: k = 0 and 2 active; the zero-amount period 0 is not */
	memset(by_offset, 0, sizeof(by_offset));
	memset(hits, 0, sizeof(hits));
	ltv_curve_add(by_offset, hits, 74, 70, w, 2, 70, LTV_RETENTION_ON);
	ltv_curve_points(by_offset, hits, 5, LTV_RETENTION_ON, p);
	CHECK(p[0].retained == 1 && p[1].retained == 0 && p[2].retained == 1 && p[3].retained == 0);
	CHECK(p[0].customers == 1 && p[4].customers == 1 && p[4].eligible == 0);
	memset(sizes, 0, sizeof(sizes));
	memset(cells, 0, sizeof(cells));
	ltv_triangle_add(sizes, cells, 70, 74, 70, w, 2, 70, LTV_RETENTION_ON_OR_AFTER);
	CHECK(cells[0] == 1 && cells[1] == 1 && cells[2] == 1 && cells[3] == 0 && cells[4] == 0);
}

/*
 * Mode on bounds each hit count by the customers eligible at k, not their
 * sum: three periods where all of INT64_MAX customers were retained sum to
 * more than an int64 (a signed overflow under UBSan before; found by
 * test/fuzz/fuzz_retention_curve.c).  The rates are 1.
 */
static void
test_points_on_largest(void)
{
	const int64_t by_offset[4] = {0, 0, 0, INT64_MAX};
	const int64_t hits[4] = {INT64_MAX, INT64_MAX, INT64_MAX, 0};
	LtvRetentionPoint p[4];
	int			k;

	ltv_curve_points(by_offset, hits, 4, LTV_RETENTION_ON, p);
	for (k = 0; k < 3; k++)
		CHECK(p[k].retained == INT64_MAX && p[k].eligible == INT64_MAX && p[k].has_rate && p[k].rate == 1.0);
	CHECK(p[3].customers == INT64_MAX && p[3].eligible == 0 && !p[3].has_rate);
}

int
main(void)
{
	RUN(test_rate_counts);
	RUN(test_bitmaps);
	RUN(test_union_bits);
	RUN(test_curve);
	RUN(test_curve_long);
	RUN(test_triangle);
	RUN(test_lead);
	RUN(test_points_on_largest);
	return unit_report("retention");
}
