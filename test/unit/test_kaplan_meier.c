/*
 * Unit tests of src/core/kaplan_meier.c.  Reference values: R 4.2.2,
 * survival 3.5.3, on times 1, 2, 2+, 3, 4, 4 (+ = censored):
 *   f <- survfit(Surv(c(1,2,2,3,4,4), c(1,1,0,1,1,1)) ~ 1, conf.type = ...)
 *   cbind(f$surv, f$surv * f$std.err, f$cumhaz, f$lower, f$upper); quantile(f, ...)
 *   survival:::survmean(f, rmean = 3.5)
 */
#include <float.h>

#include "kaplan_meier.h"
#include "unit.h"

static const double times[] = {1, 2, 3, 4};
static const int64_t events[] = {1, 1, 1, 2};
static const int64_t censored[] = {0, 1, 0, 0};

static void
test_normal_quantile(void)
{
	CHECK_REL(ltv_normal_quantile(0.975), 1.9599639845400536, 1e-15);
	CHECK_REL(ltv_normal_quantile(1e-10), -6.3613409024040557, 1e-14);
	CHECK_NEAR(ltv_normal_quantile(0.5), 0.0, 1e-16);
	CHECK(isnan(ltv_normal_quantile(0.0)));
	CHECK(isnan(ltv_normal_quantile(1.0)));
}

static void
test_table_log(void)
{
	LtvKmRow	r[4];

	ltv_km_table(times, events, censored, 4, LTV_KM_CONF_LOG, 0.95, r);
	CHECK_EQ_I64(r[0].n_risk, 6);
	CHECK_EQ_I64(r[1].n_risk, 5);
	CHECK_EQ_I64(r[2].n_risk, 3);
	CHECK_EQ_I64(r[3].n_risk, 2);
	CHECK_REL(r[2].surv, 0.44444444444444448, 1e-15);
	CHECK_REL(r[1].std_err, 0.19245008972987529, 1e-14);
	CHECK_REL(r[3].cum_hazard, 1.7, 1e-15);
	CHECK_REL(r[1].hazard, 0.2, 1e-15);
	CHECK_REL(r[0].lower, 0.58265479547713961, 1e-13);
	CHECK_REL(r[2].lower, 0.16680793662807852, 1e-13);
	CHECK_REL(r[2].upper, 1.0, 1e-15);
	CHECK(r[3].surv == 0.0);
	CHECK(isnan(r[3].std_err));
	CHECK(isnan(r[3].lower) && isnan(r[3].upper));
}

static void
test_table_log_log_plain(void)
{
	LtvKmRow	r[4];

	ltv_km_table(times, events, censored, 4, LTV_KM_CONF_LOG_LOG, 0.95, r);
	CHECK_REL(r[0].lower, 0.273122849928356004, 1e-13);
	CHECK_REL(r[0].upper, 0.97471242669089353, 1e-13);
	CHECK_REL(r[2].lower, 0.066186753146412466, 1e-13);
	CHECK_REL(r[2].upper, 0.78490836714795853, 1e-13);
	CHECK(isnan(r[3].lower));
	ltv_km_table(times, events, censored, 4, LTV_KM_CONF_PLAIN, 0.95, r);
	CHECK_REL(r[1].lower, 0.289471421974609511, 1e-13);
	CHECK_REL(r[2].lower, 0.008896892324432526, 1e-12);
	CHECK_REL(r[2].upper, 0.87999199656445648, 1e-13);
	CHECK(isnan(r[3].upper));
}

static void
test_quantiles(void)
{
	LtvKmRow	r[4];
	double		surv[4],
				lower[4],
				upper[4];
	int			i;

	ltv_km_table(times, events, censored, 4, LTV_KM_CONF_LOG, 0.95, r);
	for (i = 0; i < 4; i++)
	{
		surv[i] = r[i].surv;
		lower[i] = r[i].lower;
		upper[i] = r[i].upper;
	}
	CHECK_NEAR(ltv_km_quantile(times, surv, 4, 0.25), 2.0, 0);
	CHECK_NEAR(ltv_km_quantile(times, surv, 4, 0.5), 3.0, 0);
	CHECK_NEAR(ltv_km_quantile(times, surv, 4, 0.75), 4.0, 0);
	CHECK_NEAR(ltv_km_quantile(times, surv, 4, 0.0), 0.0, 0);
	CHECK_NEAR(ltv_km_quantile(times, lower, 4, 0.25), 1.0, 0);
	CHECK_NEAR(ltv_km_quantile(times, lower, 4, 0.75), 3.0, 0);
	CHECK(isnan(ltv_km_quantile(times, upper, 4, 0.5)));
}

static void
test_quantile_flat_at_half(void)
{
	/* S = 0.75, 0.5, 0.5 (censored only), 0.25: the median is (2 + 4) / 2 */
	const double t[] = {1, 2, 3, 4};
	const double s[] = {0.75, 0.5, 0.5, 0.25};
	/* ends flat at 0.5: the midpoint of 2 and the last time 5 */
	const double t2[] = {1, 2, 5};
	const double s2[] = {0.75, 0.5, 0.5};

	CHECK_NEAR(ltv_km_quantile(t, s, 4, 0.5), 3.0, 0);
	CHECK_NEAR(ltv_km_quantile(t2, s2, 3, 0.5), 3.5, 0);
	CHECK(isnan(ltv_km_quantile(t2, s2, 3, 0.6)));
}

static void
test_restricted_mean(void)
{
	LtvKmRow	r[4];
	double		mean,
				se;

	ltv_km_table(times, events, censored, 4, LTV_KM_CONF_LOG, 0.95, r);
	ltv_km_restricted_mean(r, 4, 3.5, &mean, &se);
	CHECK_REL(mean, 2.7222222222222223, 1e-14);
	CHECK_REL(se, 0.3828902431136173, 1e-13);
	ltv_km_restricted_mean(r, 4, 0.5, &mean, &se);
	CHECK_NEAR(mean, 0.5, 0);
	CHECK_NEAR(se, 0.0, 0);
}

static void
test_survival_at(void)
{
	LtvKmRow	r[2];
	const double t[] = {1, 2};
	const int64_t e[] = {1, 0};
	const int64_t c[] = {0, 1};

	ltv_km_table(t, e, c, 2, LTV_KM_CONF_LOG, 0.95, r);
	CHECK_NEAR(ltv_km_survival_at(r, 2, 0.5), 1.0, 0);
	CHECK_NEAR(ltv_km_survival_at(r, 2, 1.0), 0.5, 0);
	CHECK_NEAR(ltv_km_survival_at(r, 2, 2.0), 0.5, 0);
	CHECK(isnan(ltv_km_survival_at(r, 2, 2.5)));
}

/*
 * R's midpoint (x1 + x2) / 2 overflows for durations near DBL_MAX: one
 * customer churned and one censored at DBL_MAX have S = 0.5 there, so the
 * median is the midpoint of DBL_MAX and the last time, DBL_MAX (Inf before;
 * found by test/fuzz/fuzz_churn_curve.c); 2^1023 and 1.5 * 2^1023 give
 * 1.25 * 2^1023, exact.
 */
static void
test_quantile_huge_durations(void)
{
	LtvKmRow	r[2];
	const double t[] = {DBL_MAX};
	const double t2[] = {0x1p1023, 0x1.8p1023};
	const int64_t e[] = {1, 1};
	const int64_t c[] = {1, 0};
	const int64_t e2[] = {1, 0};
	const int64_t c2[] = {0, 1};
	double		s[2];

	ltv_km_table(t, e, c, 1, LTV_KM_CONF_LOG, 0.95, r);
	CHECK(ltv_km_quantile(t, &r[0].surv, 1, 0.5) == DBL_MAX);
	/* S = 0.5 from 2^1023 to the last time: the flat stretch's midpoint */
	ltv_km_table(t2, e2, c2, 2, LTV_KM_CONF_LOG, 0.95, r);
	s[0] = r[0].surv;
	s[1] = r[1].surv;
	CHECK(ltv_km_quantile(t2, s, 2, 0.5) == 0x1.4p1023);
}

int
main(void)
{
	RUN(test_normal_quantile);
	RUN(test_table_log);
	RUN(test_table_log_log_plain);
	RUN(test_quantiles);
	RUN(test_quantile_flat_at_half);
	RUN(test_restricted_mean);
	RUN(test_survival_at);
	RUN(test_quantile_huge_durations);
	return unit_report("kaplan_meier");
}
