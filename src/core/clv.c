/*
 * clv.c: discounted residual CLV in monthly steps (see clv.h).
 */
#include "clv.h"

#include <math.h>

#define CHUNK 64

double
ltv_clv_residual(const LtvPurchaseModel *pm, const double *params, double x, double t_x, double T,
				 double spend, double margin, double horizon_months,
				 double discount_rate, double units_per_month)
{
	double		total = 0.0;
	double		prev = 0.0;
	double		factor = 1.0;	/* (1 + d)^-i for whole months i */
	double		steps;
	long		i,
				k;

	if (!isfinite(spend) || !isfinite(margin) || !isfinite(horizon_months) || !(horizon_months > 0) ||
		!isfinite(discount_rate) || !(discount_rate > -1) || !isfinite(units_per_month) ||
		!(units_per_month > 0) || horizon_months > 1e5)
		return NAN;
	steps = ceil(horizon_months);
	k = (long) steps;
	/* the expectations at the month ends, CHUNK at a time */
	for (i = 1; i <= k; i += CHUNK)
	{
		double		t[CHUNK],
					cum[CHUNK];
		int			m = (int) (k - i + 1 < CHUNK ? k - i + 1 : CHUNK),
					j;

		for (j = 0; j < m; j++)
			t[j] = (i + j == k ? horizon_months : (double) (i + j)) * units_per_month;
		if (pm->expected_many)
			pm->expected_many(params, x, t_x, T, m, t, cum);
		else
			for (j = 0; j < m; j++)
				cum[j] = pm->expected(params, t[j], x, t_x, T);
		for (j = 0; j < m; j++)
		{
			long		month = i + j;
			double		disc;

			if (isnan(cum[j]))
				return NAN;
			factor /= 1.0 + discount_rate;
			disc = month == k && horizon_months != steps ? pow(1.0 + discount_rate, -horizon_months) : factor;
			total += spend * margin * (cum[j] - prev) * disc;
			prev = cum[j];
		}
	}
	return total;
}
