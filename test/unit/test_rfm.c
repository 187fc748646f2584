/*
 * Unit tests of src/core/rfm.c: hand-computed scores with ties, the rescaling
 * to 1..5 and the default grid (the table in rfm.c).
 */
#include "rfm.h"
#include "unit.h"

static void
test_scores_with_ties(void)
{
	/* cut points of {1,1,1,1,1,1,2,2,3,10} at bins 5 (R: 1, 1, 1.4, 2.2) */
	double		cuts[] = {1, 1, 1.4, 2.2};

	CHECK_EQ_I64(ltv_rfm_score_up(1, cuts, 5), 1);	/* all six 1s: lowest */
	CHECK_EQ_I64(ltv_rfm_score_up(2, cuts, 5), 4);	/* above 1, 1, 1.4 */
	CHECK_EQ_I64(ltv_rfm_score_up(3, cuts, 5), 5);
	CHECK_EQ_I64(ltv_rfm_score_up(10, cuts, 5), 5);
	CHECK_EQ_I64(ltv_rfm_score_up(0.5, cuts, 5), 1);
	CHECK_EQ_I64(ltv_rfm_score_up(2.2, cuts, 5), 4);	/* equal to a cut: lower bin */
	CHECK_EQ_I64(ltv_rfm_score_down(1, cuts, 5), 5);	/* recency: smaller is better */
	CHECK_EQ_I64(ltv_rfm_score_down(2, cuts, 5), 2);
	CHECK_EQ_I64(ltv_rfm_score_down(10, cuts, 5), 1);
}

static void
test_cuts_below(void)
{
	double		cuts[] = {10, 20, 20, 30};

	CHECK_EQ_I64(ltv_rfm_cuts_below(5, cuts, 4), 0);
	CHECK_EQ_I64(ltv_rfm_cuts_below(10, cuts, 4), 0);
	CHECK_EQ_I64(ltv_rfm_cuts_below(10.5, cuts, 4), 1);
	CHECK_EQ_I64(ltv_rfm_cuts_below(20, cuts, 4), 1);
	CHECK_EQ_I64(ltv_rfm_cuts_below(21, cuts, 4), 3);
	CHECK_EQ_I64(ltv_rfm_cuts_below(31, cuts, 4), 4);
}

static void
test_rescale5(void)
{
	int			want3[] = {1, 3, 5};
	int			want4[] = {1, 2, 4, 5};
	int			want10[] = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
	int			i;

	for (i = 1; i <= 5; i++)
		CHECK_EQ_I64(ltv_rfm_rescale5(i, 5), i);
	for (i = 0; i < 3; i++)
		CHECK_EQ_I64(ltv_rfm_rescale5(i + 1, 3), want3[i]);
	for (i = 0; i < 4; i++)
		CHECK_EQ_I64(ltv_rfm_rescale5(i + 1, 4), want4[i]);
	for (i = 0; i < 10; i++)
		CHECK_EQ_I64(ltv_rfm_rescale5(i + 1, 10), want10[i]);
	CHECK_EQ_I64(ltv_rfm_rescale5(1, 2), 1);
	CHECK_EQ_I64(ltv_rfm_rescale5(2, 2), 5);
}

static void
test_default_grid(void)
{
	int			r;
	int			f;

	/* every cell of the 5 x 5 grid has exactly one segment */
	for (r = 1; r <= 5; r++)
		for (f = 1; f <= 5; f++)
		{
			int			matches = 0;
			int			i;

			for (i = 0; i < LTV_RFM_SEGMENTS; i++)
			{
				const LtvRfmRule *rule = &ltv_rfm_default_rules[i];

				matches += (r >= rule->r_min && r <= rule->r_max &&
							f >= rule->f_min && f <= rule->f_max);
			}
			CHECK_EQ_I64(matches, 1);
		}
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(5, 5)], "Champions");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(5, 1)], "New Customers");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(4, 1)], "Promising");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(4, 3)], "Potential Loyalists");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(3, 4)], "Loyal Customers");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(3, 3)], "Need Attention");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(3, 2)], "About To Sleep");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(2, 5)], "Can't Lose Them");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(1, 4)], "At Risk");
	CHECK_STR(ltv_rfm_segment_names[ltv_rfm_default_segment(2, 2)], "Hibernating");
	CHECK_EQ_I64(ltv_rfm_default_segment(0, 3), -1);
}

static void
test_code_and_combined(void)
{
	char		buf[LTV_RFM_CODE_LEN];
	double		equal[] = {1, 1, 1};
	double		weighted[] = {2, 1, 0};

	ltv_rfm_code(5, 4, 5, 5, buf);
	CHECK_STR(buf, "545");
	ltv_rfm_code(10, 3, 100, 100, buf);
	CHECK_STR(buf, "10-3-100");
	CHECK_NEAR(ltv_rfm_combined(5, 4, 3, equal), 4, 1e-15);
	CHECK_NEAR(ltv_rfm_combined(5, 2, 1, weighted), 4, 1e-15);
}

int
main(void)
{
	RUN(test_scores_with_ties);
	RUN(test_cuts_below);
	RUN(test_rescale5);
	RUN(test_default_grid);
	RUN(test_code_and_combined);
	return unit_report("rfm");
}
