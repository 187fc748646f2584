/* Unit tests of src/core/special.c; reference values from the closed forms named in each test. */
#include "unit.h"

#include "special.h"
#include "refcsv.h"

static void
test_digamma(void)
{
	/* psi(1) = -Euler's gamma; psi(1/2) = -gamma - 2 log 2; psi(n+1) = psi(n) + 1/n */
	CHECK_REL(ltv_digamma(1.0), -0.57721566490153286, 1e-14);
	CHECK_REL(ltv_digamma(0.5), -0.57721566490153286 - 2 * log(2.0), 1e-14);
	CHECK_REL(ltv_digamma(11.0), -0.57721566490153286 + 2.9289682539682540, 1e-14);
	CHECK_REL(ltv_digamma(1e-8), -1e8 - 0.57721566490153286, 1e-12);
	CHECK_REL(ltv_digamma(5000.25) - ltv_digamma(4999.25), 1 / 4999.25, 1e-9);
	CHECK(isnan(ltv_digamma(0.0)));
	CHECK(isnan(ltv_digamma(-1.5)));
}

static void
test_lbeta(void)
{
	/* B(2, 3) = 1/12; B(1/2, 1/2) = pi */
	CHECK_REL(ltv_lbeta(2, 3), log(1.0 / 12), 1e-14);
	CHECK_REL(ltv_lbeta(0.5, 0.5), log(3.14159265358979324), 1e-14);
	CHECK(isnan(ltv_lbeta(0, 1)));
}

static void
test_logaddexp(void)
{
	CHECK_REL(ltv_logaddexp(1000, 1000), 1000 + log(2.0), 1e-15);
	CHECK_REL(ltv_logaddexp(log(2.0), log(3.0)), log(5.0), 1e-15);
	CHECK(ltv_logaddexp(-INFINITY, 2.0) == 2.0);
	CHECK(isinf(ltv_logaddexp(-INFINITY, -INFINITY)));
}

static void
test_hyp2f1(void)
{
	double		v;

	/* 2F1(1, 1; 2; z) = -log(1 - z) / z */
	CHECK(ltv_hyp2f1(1, 1, 2, 0.5, 0, &v));
	CHECK_REL(v, -log(0.5) / 0.5, 1e-14);
	CHECK(ltv_hyp2f1(1, 1, 2, 0.99, 0, &v));
	CHECK_REL(v, -log(0.01) / 0.99, 1e-12);
	/* 2F1(a, b; b; z) = (1 - z)^-a */
	CHECK(ltv_hyp2f1(0.7, 3.2, 3.2, 0.3, 0, &v));
	CHECK_REL(v, pow(0.7, -0.7), 1e-14);
	/* terminating: 2F1(-2, b; c; z) = 1 - 2bz/c + b(b+1)z^2/(c(c+1)) */
	CHECK(ltv_hyp2f1(-2, 1.5, 2.5, 0.4, 0, &v));
	CHECK_REL(v, 1 - 2 * 1.5 * 0.4 / 2.5 + 1.5 * 2.5 * 0.16 / (2.5 * 3.5), 1e-14);
	CHECK(ltv_hyp2f1(1, 1, 2, 0.0, 0, &v) && v == 1.0);
	/* bounded: too few terms or outside the domain is reported, never a wrong number */
	CHECK(!ltv_hyp2f1(1, 1, 2, 0.999, 100, &v) && isnan(v));
	CHECK(!ltv_hyp2f1(1, 1, 2, 1.0, 0, &v));
	CHECK(!ltv_hyp2f1(1, 1, -2, 0.5, 0, &v));
}

/*
 * ltv_trigamma_steps and ltv_trigamma_steps_diff against mpmath.psi at 50
 * digits (test/reference/fit/trigamma_steps.csv, make_hessian.py trigamma):
 * summed term by term (n <= LTV_TRIGAMMA_STEPS_MAX) within 1e-13 relative,
 * including a << z where psi1(z+a) - psi1(z) loses every digit; beyond, by
 * trigamma values, the sum within 1e-13 and the difference within 1e-13 of
 * the larger of its two sums.
 */
static void
test_trigamma_steps(void)
{
	RefCsv		t;
	int			i;
	double		worst = 0.0,
				worst_diff = 0.0;

	CHECK(refcsv_load(&t, "test/reference/fit/trigamma_steps.csv"));
	CHECK(t.nrows >= 90);
	for (i = 0; i < t.nrows; i++)
	{
		double		z = refcsv_num(&t, i, "z"),
					a = refcsv_num(&t, i, "a"),
					n = refcsv_num(&t, i, "n"),
					st = refcsv_num(&t, i, "steps"),
					sd = refcsv_num(&t, i, "steps_diff");
		double		got = ltv_trigamma_steps(z, n),
					gotd = ltv_trigamma_steps_diff(z, a, n);
		double		e = st == 0.0 ? fabs(got) : fabs(got - st) / st,
					scale = n <= LTV_TRIGAMMA_STEPS_MAX ? fabs(sd) : fmax(st, st + sd),
					ed = sd == 0.0 ? fabs(gotd) : fabs(gotd - sd) / scale;

		if (!(e <= 1e-13) || !(ed <= 1e-13))
			fprintf(stderr, "  trigamma steps z %g a %g n %g: %.17g (%.2e) %.17g (%.2e)\n", z, a, n, got, e, gotd, ed);
		CHECK(e <= 1e-13);
		CHECK(ed <= 1e-13);
		worst = fmax(worst, e);
		worst_diff = fmax(worst_diff, ed);
	}
	printf("# trigamma steps: %d rows, worst %.2e, differences %.2e\n", t.nrows, worst, worst_diff);
	refcsv_free(&t);
}

int
main(void)
{
	RUN(test_digamma);
	RUN(test_lbeta);
	RUN(test_logaddexp);
	RUN(test_hyp2f1);
	RUN(test_trigamma_steps);
	return unit_report("special");
}
