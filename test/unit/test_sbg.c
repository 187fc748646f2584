/*
 * Unit tests of src/core/sbg.c.  Reference: Fader & Hardie 2007, Table 1
 * (percent still subscribed at the start of years 0..12), years 1..7 fitted:
 * regular alpha = 0.704, beta = 1.182, projections for years 8..12 about
 * 22.0, 20.4, 19.1, 18.0, 17.0; high end alpha = 0.668, beta = 3.806, DERL at a
 * 10% discount after 7 renewals 7.530 (Fader & Hardie 2010).  Full-precision
 * values (log-likelihood for a cohort of 1,000) from R's optim with
 * reltol = 1e-14 on the same likelihood, test/reference/churn/sbg.R.
 */
#include "sbg.h"
#include "unit.h"

static void
table_to_counts(const double *alive, int periods, double *churned, double *censored)
{
	int			t;

	for (t = 1; t <= periods; t++)
	{
		churned[t - 1] = alive[t - 1] - alive[t];
		censored[t - 1] = t == periods ? alive[t] : 0.0;
	}
}

static void
test_regular(void)
{
	const double alive[] = {1000, 631, 468, 382, 326, 289, 262, 241};
	double		churned[7],
				censored[7];
	LtvSbgFit	fit;

	table_to_counts(alive, 7, churned, censored);
	CHECK(ltv_sbg_fit(churned, censored, 7, &fit));
	CHECK(fit.converged);
	CHECK_NEAR(fit.alpha, 0.704, 5e-4);
	CHECK_NEAR(fit.beta, 1.182, 5e-4);
	CHECK_REL(fit.alpha, 0.7040775, 1e-5);
	CHECK_REL(fit.beta, 1.1820431, 1e-5);
	CHECK_NEAR(fit.log_likelihood, -1680.265, 1e-3);
	CHECK_NEAR(100 * ltv_sbg_survival(fit.alpha, fit.beta, 8), 22.0, 0.05);
	CHECK_NEAR(100 * ltv_sbg_survival(fit.alpha, fit.beta, 9), 20.4, 0.05);
	CHECK_NEAR(100 * ltv_sbg_survival(fit.alpha, fit.beta, 10), 19.1, 0.05);
	CHECK_NEAR(100 * ltv_sbg_survival(fit.alpha, fit.beta, 11), 18.0, 0.05);
	CHECK_NEAR(100 * ltv_sbg_survival(fit.alpha, fit.beta, 12), 17.0, 0.05);
}

static void
test_high_end(void)
{
	const double alive[] = {1000, 869, 743, 653, 593, 551, 517, 491};
	double		churned[7],
				censored[7];
	LtvSbgFit	fit;

	table_to_counts(alive, 7, churned, censored);
	CHECK(ltv_sbg_fit(churned, censored, 7, &fit));
	CHECK(fit.converged);
	CHECK_NEAR(fit.alpha, 0.668, 5e-4);
	CHECK_NEAR(fit.beta, 3.806, 5e-4);
	CHECK_NEAR(fit.log_likelihood, -1611.158, 1e-3);
	CHECK_NEAR(ltv_sbg_derl(fit.alpha, fit.beta, 0.10, 7), 7.530, 5e-4);
	CHECK_NEAR(ltv_sbg_derl(0.668, 3.806, 0.10, 7), 7.529950, 1e-6);
}

static void
test_formulas(void)
{
	double		a = 0.7,
				b = 1.2;

	CHECK_REL(ltv_sbg_churn_probability(a, b, 1), a / (a + b), 1e-15);
	CHECK_REL(ltv_sbg_survival(a, b, 1), b / (a + b), 1e-15);
	CHECK_REL(ltv_sbg_retention(a, b, 3), (b + 2) / (a + b + 2), 1e-15);
	CHECK_REL(ltv_sbg_survival(a, b, 2) - ltv_sbg_survival(a, b, 3),
			  ltv_sbg_churn_probability(a, b, 3), 1e-13);
	/* undiscounted DERL: closed form (beta + n - 1) / (alpha - 1) against the series at a tiny rate */
	CHECK_REL(ltv_sbg_derl(2.5, 3.0, 0.0, 4), (3.0 + 4) / 1.5, 1e-15);
	CHECK_REL(ltv_sbg_derl(2.5, 3.0, 1e-7, 4), (3.0 + 4) / 1.5, 1e-5);
	CHECK(isinf(ltv_sbg_derl(0.9, 3.0, 0.0, 4)));
}

static void
test_unidentified(void)
{
	const double none[] = {0, 0, 0};
	const double all[] = {0, 0, 10};
	LtvSbgFit	fit;

	CHECK(!ltv_sbg_fit(none, all, 3, &fit));
	CHECK(!ltv_sbg_fit(none, all, 0, &fit));
}

static void
test_boundary_not_converged(void)
{
	/* everybody leaves in period 1: the likelihood grows as beta / alpha -> 0 */
	const double churned[] = {100};
	const double censored[] = {0};
	LtvSbgFit	fit;

	CHECK(ltv_sbg_fit(churned, censored, 1, &fit));
	CHECK(!fit.converged);
}

int
main(void)
{
	RUN(test_regular);
	RUN(test_high_end);
	RUN(test_formulas);
	RUN(test_unidentified);
	RUN(test_boundary_not_converged);
	return unit_report("sbg");
}
