/*
 * Unit tests of src/core/acquisition.c: the value of a customer acquired today
 * and the payback month, for every purchase model, against an independent
 * 40-digit mpmath evaluation of each model's published E[X(t)] formula
 * (test/reference/models/new_customer_value.py, whose output is quoted here).
 */
#include "unit.h"

#include "acquisition.h"
#include "clv.h"
#include "purchase_model.h"

#define WEEKS_PER_MONTH (365.2425 / 12.0 / 7.0)
#define GG_MEAN (6.25 * 15.44 / (3.74 - 1.0))	/* FHL 2005b CDNOW Gamma-Gamma: p gamma / (q - 1) */

static const double bgnbd_cdnow[] = {0.2425945, 4.4136019, 0.7929199, 2.4258881};	/* CLVTools */
static const double pareto_btyd[] = {0.5534, 10.5802, 0.6061, 11.6562};	/* BTYD walkthrough */
static const double mbgnbd_btydplus[] = {0.525, 6.183, 0.891, 1.614};	/* BTYDplus */
static const double bgbb_donations[] = {1.204, 0.750, 0.657, 2.783};	/* Fader, Hardie & Shang 2010 */

static void
test_against_mpmath(void)
{
	/* 12 months at 1% a month, revenue */
	CHECK_REL(ltv_acq_value(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, 12, 0.01, WEEKS_PER_MONTH),
			  83.518471733436, 1e-12);
	CHECK_REL(ltv_acq_value(&ltv_pareto_nbd_model, pareto_btyd, GG_MEAN, 1.0, 12, 0.01, WEEKS_PER_MONTH),
			  84.4602129961302, 1e-10);
	CHECK_REL(ltv_acq_value(&ltv_mbgnbd_model, mbgnbd_btydplus, GG_MEAN, 1.0, 12, 0.01, WEEKS_PER_MONTH),
			  82.7345209658654, 1e-12);
	/* 36 months at margin 0.3 */
	CHECK_REL(ltv_acq_value(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 0.3, 36, 0.01, WEEKS_PER_MONTH),
			  36.0857817358551, 1e-12);
	/* BG/BB in years: 60 months = 5 whole periods, discounted and not */
	CHECK_REL(ltv_acq_value(&ltv_bgbb_model, bgbb_donations, GG_MEAN, 1.0, 60, 0.01, 1.0 / 12.0),
			  85.0244767028915, 1e-12);
	CHECK_REL(ltv_acq_value(&ltv_bgbb_model, bgbb_donations, GG_MEAN, 1.0, 60, 0.0, 1.0 / 12.0),
			  103.463045839236, 1e-12);
}

static void
test_undiscounted_is_spend_times_one_plus_ex(void)
{
	/*
	 * Without discounting the monthly sum telescopes: spend (1 + E[X(H)]).  With
	 * the published E[X(78)] of FHL 2005 (1.8576; the closed form gives
	 * 1.857956) and BTYD's Pareto/NBD E[X(52)] = 1.473.
	 */
	double		h78 = 78.0 / WEEKS_PER_MONTH,
				h52 = 52.0 / WEEKS_PER_MONTH;
	int			k;

	CHECK_NEAR(ltv_acq_value(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, h78, 0.0, WEEKS_PER_MONTH),
			   GG_MEAN * (1 + 1.8576), GG_MEAN * 0.0005);
	CHECK_REL(ltv_acq_value(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, h78, 0.0, WEEKS_PER_MONTH),
			  100.654290102151, 1e-12);
	CHECK_NEAR(ltv_acq_value(&ltv_pareto_nbd_model, pareto_btyd, GG_MEAN, 1.0, h52, 0.0, WEEKS_PER_MONTH),
			   GG_MEAN * (1 + 1.473), GG_MEAN * 0.0005);
	CHECK_REL(ltv_acq_value(&ltv_pareto_nbd_model, pareto_btyd, GG_MEAN, 1.0, h52, 0.0, WEEKS_PER_MONTH),
			  87.0988922330446, 1e-10);
	/* and, for every model, the same through its own expected_new */
	for (k = 0; k < LTV_PM_NKINDS; k++)
	{
		const LtvPurchaseModel *pm = ltv_purchase_model(k);
		const double *p = k == LTV_PM_BGNBD ? bgnbd_cdnow : k == LTV_PM_PARETO_NBD ? pareto_btyd
			: k == LTV_PM_MBGNBD ? mbgnbd_btydplus : bgbb_donations;
		double		upm = pm->discrete ? 1.0 / 12.0 : WEEKS_PER_MONTH;
		double		h = pm->discrete ? 36.0 : 17.5;

		CHECK_REL(ltv_acq_value(pm, p, 20.0, 0.5, h, 0.0, upm),
				  0.5 * 20.0 * (1 + pm->expected_new(p, h * upm)), 1e-12);
	}
}

static void
test_payback(void)
{
	double		pb;

	/* mpmath: 2.26336663745 months (margin 0.3, CAC 15), 4.41328288413 (revenue, CAC 60) */
	pb = ltv_acq_payback_months(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 0.3, 36, 0.01, WEEKS_PER_MONTH, 15.0);
	CHECK_NEAR(pb, 2.26336663745, 1e-8);
	pb = ltv_acq_payback_months(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, 36, 0.01, WEEKS_PER_MONTH, 60.0);
	CHECK_NEAR(pb, 4.41328288413, 1e-8);
	/* the value at the payback month is the cost */
	CHECK_REL(ltv_acq_value(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, pb, 0.01, WEEKS_PER_MONTH),
			  60.0, 1e-8);
	/* the first order covers the cost: 0; never within the horizon: -1 */
	CHECK(ltv_acq_payback_months(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, 12, 0.01, WEEKS_PER_MONTH, 10.0) == 0.0);
	CHECK(ltv_acq_payback_months(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, 12, 0.01, WEEKS_PER_MONTH, 1000.0) == -1.0);
	CHECK(ltv_acq_payback_months(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, -1.0, 12, 0.01, WEEKS_PER_MONTH, 10.0) == -1.0);
	/* BG/BB: the value jumps at whole years, so payback is at a year's end */
	pb = ltv_acq_payback_months(&ltv_bgbb_model, bgbb_donations, GG_MEAN, 1.0, 60, 0.0, 1.0 / 12.0, GG_MEAN * 1.5);
	CHECK_NEAR(pb, 24.0, 1e-6);
	/* invalid arguments */
	CHECK(isnan(ltv_acq_payback_months(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, 12, 0.01, WEEKS_PER_MONTH, NAN)));
	CHECK(isnan(ltv_acq_payback_months(&ltv_bgnbd_model, bgnbd_cdnow, GG_MEAN, 1.0, 0, 0.01, WEEKS_PER_MONTH, 10.0)));
	CHECK(isnan(ltv_acq_value(&ltv_bgnbd_model, bgnbd_cdnow, NAN, 1.0, 12, 0.01, WEEKS_PER_MONTH)));
}

int
main(void)
{
	RUN(test_against_mpmath);
	RUN(test_undiscounted_is_spend_times_one_plus_ex);
	RUN(test_payback);
	return unit_report("acquisition");
}
