/*
 * acquisition.h: the value of a customer acquired today and its comparison
 * with the cost of acquiring them (LTV:CAC, payback), through any purchase
 * model (purchase_model.h) and an expected spend per purchase occasion.
 */
#ifndef LTV_CORE_ACQUISITION_H
#define LTV_CORE_ACQUISITION_H

#include "purchase_model.h"

/*
 * Expected value of a customer acquired today, over horizon_months:
 *
 *   margin * spend + ltv_clv_residual(pm, params, 0, 0, 0, spend, margin, horizon_months, ...)
 *
 * i.e. the acquisition order (at time 0, not discounted) plus the discounted
 * repeat purchases of a customer with summary x = 0, t_x = 0, T = 0 in
 * monthly steps (clv.h); for that summary every model's conditional
 * expectation is its unconditional E[X(t)].  NaN as for ltv_clv_residual.
 */
extern double ltv_acq_value(const LtvPurchaseModel *pm, const double *params,
									 double spend, double margin, double horizon_months,
									 double discount_rate, double units_per_month);

/*
 * Payback: the shortest time h in months, 0 <= h <= horizon_months, at which
 * ltv_acq_value over h reaches cost (0 when the acquisition order's
 * margin alone covers it); bisection to 1e-9 months on the value, which does
 * not decrease with h when spend * margin >= 0.  Returns -1 when the value
 * over horizon_months stays below cost, NaN for invalid arguments (cost not
 * finite, or as for ltv_acq_value).
 */
extern double ltv_acq_payback_months(const LtvPurchaseModel *pm, const double *params,
								 double spend, double margin, double horizon_months,
								 double discount_rate, double units_per_month, double cost);

#endif							/* LTV_CORE_ACQUISITION_H */
