/*
 * rfm.h: recency, frequency, monetary scores from cut points, and the default
 * segment map.
 *
 * With bins - 1 non-decreasing cut points c[0..bins-2] a value v scores
 *
 *     frequency, monetary:  1 + #{k : c[k] < v}         (1 .. bins)
 *     recency:           bins - #{k : c[k] < v}         (smaller is better)
 *
 * so the bins are (c[k-1], c[k]]: a value equal to a cut point falls in the
 * lower bin, equal values always get equal scores, and the smallest value of
 * a dimension always scores 1 (recency: bins).
 */
#ifndef LTV_CORE_RFM_H
#define LTV_CORE_RFM_H

#include <stddef.h>

#define LTV_RFM_MIN_BINS 2
#define LTV_RFM_MAX_BINS 100
#define LTV_RFM_SEGMENTS 10
/* "100-100-100" and the terminating zero */
#define LTV_RFM_CODE_LEN 12

/* number of cut points strictly below v (binary search) */
extern int	ltv_rfm_cuts_below(double v, const double *cuts, int ncuts);
extern int	ltv_rfm_score_up(double v, const double *cuts, int bins);
extern int	ltv_rfm_score_down(double v, const double *cuts, int bins);

/* maps a score on 1..bins to 1..5 linearly, 1 -> 1 and bins -> 5, rounding half up */
extern int	ltv_rfm_rescale5(int score, int bins);

/*
 * The default segment of (r, f) on the 1..5 scale: an index into
 * ltv_rfm_segment_names (the same grid as ltv_rfm_default_rules).
 */
extern int	ltv_rfm_default_segment(int r5, int f5);
extern const char *const ltv_rfm_segment_names[LTV_RFM_SEGMENTS];

/* the default map as ordered rules (first match wins), bounds inclusive */
typedef struct LtvRfmRule
{
	int			segment;		/* index into ltv_rfm_segment_names */
	int			r_min, r_max, f_min, f_max;
} LtvRfmRule;
extern const LtvRfmRule ltv_rfm_default_rules[LTV_RFM_SEGMENTS];

/*
 * The code of a score triple: "545" when bins <= 9, else "10-3-7"; buf has
 * room for LTV_RFM_CODE_LEN bytes.
 */
extern void ltv_rfm_code(int r, int f, int m, int bins, char *buf);

/* weighted mean of the three scores (weights >= 0, sum > 0) */
extern double ltv_rfm_combined(int r, int f, int m, const double *weights);

#endif							/* LTV_CORE_RFM_H */
