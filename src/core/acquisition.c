/*
 * acquisition.c: new-customer value and payback (see acquisition.h).
 */
#include "acquisition.h"

#include <math.h>

#include "clv.h"

double
ltv_acq_value(const LtvPurchaseModel *pm, const double *params, double spend, double margin,
					   double horizon_months, double discount_rate, double units_per_month)
{
	double		repeat = ltv_clv_residual(pm, params, 0.0, 0.0, 0.0, spend, margin, horizon_months,
										  discount_rate, units_per_month);

	if (isnan(repeat))
		return NAN;
	return margin * spend + repeat;
}

double
ltv_acq_payback_months(const LtvPurchaseModel *pm, const double *params, double spend, double margin,
				   double horizon_months, double discount_rate, double units_per_month, double cost)
{
	double		lo,
				hi,
				v;
	int			i;

	if (!isfinite(cost))
		return NAN;
	v = ltv_acq_value(pm, params, spend, margin, horizon_months, discount_rate, units_per_month);
	if (isnan(v))
		return NAN;
	if (margin * spend >= cost)
		return 0.0;
	if (v < cost)
		return -1.0;
	/* whole months first (the value at each is one monthly sum), then within the month */
	lo = 0.0;
	hi = horizon_months;
	while (hi - lo > 1.0)
	{
		double		mid = floor((lo + hi) / 2.0);

		if (mid <= lo)
			mid = lo + 1.0;
		v = ltv_acq_value(pm, params, spend, margin, mid, discount_rate, units_per_month);
		if (isnan(v))
			return NAN;
		if (v >= cost)
			hi = mid;
		else
			lo = mid;
	}
	for (i = 0; i < 60 && hi - lo > 1e-9; i++)
	{
		double		mid = (lo + hi) / 2.0;

		/* a horizon of 0 is no horizon: the value there is the acquisition order, below cost */
		v = mid > 0 ? ltv_acq_value(pm, params, spend, margin, mid, discount_rate, units_per_month)
			: margin * spend;
		if (isnan(v))
			return NAN;
		if (v >= cost)
			hi = mid;
		else
			lo = mid;
	}
	return hi;
}
