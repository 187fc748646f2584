/*
 * clv.c: discounted residual CLV in monthly steps (see clv.h).
 */
#include "clv.h"

#include <math.h>

double
ltv_clv_residual(const LtvPurchaseModel *pm, const double *params, double x, double t_x, double T,
				 double spend, double margin, double horizon_months,
				 double discount_rate, double units_per_month)
{
	double		total = 0.0;
	double		prev = 0.0;
	double		steps;
	long		i,
				k;

	if (!isfinite(spend) || !isfinite(margin) || !isfinite(horizon_months) || !(horizon_months > 0) ||
		!isfinite(discount_rate) || !(discount_rate > -1) || !isfinite(units_per_month) ||
		!(units_per_month > 0) || horizon_months > 1e5)
		return NAN;
	steps = ceil(horizon_months);
	k = (long) steps;
	for (i = 1; i <= k; i++)
	{
		double		months = (i == k) ? horizon_months : (double) i;
		double		cum = pm->expected(params, months * units_per_month, x, t_x, T);

		if (isnan(cum))
			return NAN;
		total += spend * margin * (cum - prev) / pow(1.0 + discount_rate, months);
		prev = cum;
	}
	return total;
}
