/*
 * rfm.c: RFM scores and the default segment map.
 */
#include "rfm.h"

#include <stdio.h>

int
ltv_rfm_cuts_below(double v, const double *cuts, int ncuts)
{
	int			lo = 0;
	int			hi = ncuts;

	/* first index whose cut is >= v */
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cuts[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int
ltv_rfm_score_up(double v, const double *cuts, int bins)
{
	return 1 + ltv_rfm_cuts_below(v, cuts, bins - 1);
}

int
ltv_rfm_score_down(double v, const double *cuts, int bins)
{
	return bins - ltv_rfm_cuts_below(v, cuts, bins - 1);
}

int
ltv_rfm_rescale5(int score, int bins)
{
	/* 1 + round((score - 1) * 4 / (bins - 1)), half up, in integers */
	return 1 + (2 * 4 * (score - 1) + (bins - 1)) / (2 * (bins - 1));
}

const char *const ltv_rfm_segment_names[LTV_RFM_SEGMENTS] = {
	"Champions",
	"Loyal Customers",
	"Potential Loyalists",
	"New Customers",
	"Promising",
	"Need Attention",
	"About To Sleep",
	"Can't Lose Them",
	"At Risk",
	"Hibernating"
};

/*
 * The widely used R x F grid (R and F on 1..5):
 *
 *   F:    1               2                3                4                5
 *   R=5   New Customers   Potential Loy.   Potential Loy.   Champions        Champions
 *   R=4   Promising       Potential Loy.   Potential Loy.   Loyal Customers  Loyal Customers
 *   R=3   About To Sleep  About To Sleep   Need Attention   Loyal Customers  Loyal Customers
 *   R=2   Hibernating     Hibernating      At Risk          At Risk          Can't Lose Them
 *   R=1   Hibernating     Hibernating      At Risk          At Risk          Can't Lose Them
 */
const LtvRfmRule ltv_rfm_default_rules[LTV_RFM_SEGMENTS] = {
	{0, 5, 5, 4, 5},
	{1, 3, 4, 4, 5},
	{2, 4, 5, 2, 3},
	{3, 5, 5, 1, 1},
	{4, 4, 4, 1, 1},
	{5, 3, 3, 3, 3},
	{6, 3, 3, 1, 2},
	{7, 1, 2, 5, 5},
	{8, 1, 2, 3, 4},
	{9, 1, 2, 1, 2}
};

int
ltv_rfm_default_segment(int r5, int f5)
{
	int			i;

	for (i = 0; i < LTV_RFM_SEGMENTS; i++)
	{
		const LtvRfmRule *rule = &ltv_rfm_default_rules[i];

		if (r5 >= rule->r_min && r5 <= rule->r_max &&
			f5 >= rule->f_min && f5 <= rule->f_max)
			return rule->segment;
	}
	return -1;
}

void
ltv_rfm_code(int r, int f, int m, int bins, char *buf)
{
	if (bins <= 9)
		snprintf(buf, LTV_RFM_CODE_LEN, "%d%d%d", r, f, m);
	else
		snprintf(buf, LTV_RFM_CODE_LEN, "%d-%d-%d", r, f, m);
}

double
ltv_rfm_combined(int r, int f, int m, const double *weights)
{
	return (weights[0] * r + weights[1] * f + weights[2] * m) /
		(weights[0] + weights[1] + weights[2]);
}
