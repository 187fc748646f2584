/*
 * Unit tests of src/core/optim.c: an objective that has no value at the
 * start (NaN, gradient not written, as purchase_fit.c's objective outside
 * the parameter domain did) ends the search as a bad start without reading
 * the gradient: make valgrind found the read of the uninitialised gradient
 * (optim.c max_abs from ltv_bfgs_minimize_h, under ltv_fit_final, in
 * sql/model_errors.sql or a neighbour of the 13-test subset; issue 10).
 * The stack is filled with 1.0 first, so that reading the unwritten
 * gradient gives a finite grad_max (1) where the fix gives NaN.
 */
#include <math.h>

#include "optim.h"
#include "unit.h"

static int	calls;

static double
no_value(const double *theta, double *grad, void *ctx)
{
	(void) theta;
	(void) grad;
	(void) ctx;
	calls++;
	return NAN;
}

static double
fill_stack(void)
{
	volatile double junk[4096];
	int			i;

	for (i = 0; i < 4096; i++)
		junk[i] = 1.0;
	return junk[4095];
}

static LtvOptimStatus
minimize(double *theta, LtvOptimResult *res)
{
	return ltv_bfgs_minimize(2, theta, no_value, NULL, NULL, res);
}

static void
test_bad_start_reads_no_gradient(void)
{
	double		theta[2] = {0.5, 0.25};
	LtvOptimResult res;

	calls = 0;
	CHECK(fill_stack() == 1.0);
	CHECK_EQ_I64(minimize(theta, &res), LTV_OPTIM_BAD_START);
	CHECK_EQ_I64(res.status, LTV_OPTIM_BAD_START);
	CHECK_EQ_I64(calls, 1);
	CHECK(isnan(res.f));
	CHECK(isnan(res.grad_max));
	CHECK(theta[0] == 0.5 && theta[1] == 0.25);
}

int
main(void)
{
	RUN(test_bad_start_reads_no_gradient);
	return unit_report("optim");
}
