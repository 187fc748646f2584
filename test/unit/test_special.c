/* Unit tests of src/core/special.c; reference values from the closed forms named in each test. */
#include "unit.h"

#include "special.h"

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

int
main(void)
{
	RUN(test_digamma);
	RUN(test_lbeta);
	RUN(test_logaddexp);
	RUN(test_hyp2f1);
	return unit_report("special");
}
