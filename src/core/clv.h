/*
 * clv.h: discounted residual customer lifetime value from a purchase model
 * (any of purchase_model.h) and an expected spend per transaction, in
 * monthly steps as Python lifetimes' customer_lifetime_value does.
 */
#ifndef LTV_CORE_CLV_H
#define LTV_CORE_CLV_H

#include "purchase_model.h"

/*
 * Residual CLV of a customer (x, t_x, T) over `horizon_months` months:
 *
 *   sum_{i=1..K} spend * margin * (E[i m] - E[(i-1) m]) / (1 + d)^i
 *
 * where E[t] = pm->expected(params, t, x, t_x, T), m = the length
 * of one month in model time units (units_per_month, e.g. 4.348 for weeks: the
 * Gregorian mean month 365.2425 / 12 days / 7), d = discount_rate per month, and K = ceil(horizon_months);
 * when horizon_months is not whole the last step ends at the horizon and is
 * discounted by (1 + d)^horizon_months.
 *
 * Returns NaN when horizon_months <= 0, units_per_month <= 0,
 * discount_rate <= -1, a non-finite argument, or a prediction is NaN.
 */
extern double ltv_clv_residual(const LtvPurchaseModel *pm, const double *params,
							   double x, double t_x, double T,
							   double spend, double margin, double horizon_months,
							   double discount_rate, double units_per_month);

#endif							/* LTV_CORE_CLV_H */
