/*
 * unit.h: a tiny assertion runner for the plain-C tests of src/core.
 *
 * Each test/unit/test_*.c is one program:
 *
 *     #include "unit.h"
 *     static void test_month_ends(void) { CHECK_EQ_I64(f(1), 2); ... }
 *     int main(void) { RUN(test_month_ends); return unit_report("period"); }
 *
 * A test passes when every check in it passes; a failed check prints where it is
 * and what it compared, and the test goes on (so one run shows every failure).
 * unit_report prints "# <name>: N passed, N failed" and returns the exit code;
 * test/run-unit sums these lines over all programs.
 */
#ifndef LTV_UNIT_H
#define LTV_UNIT_H

#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static int	unit_tests_passed;
static int	unit_tests_failed;
static int	unit_checks_failed_in_test;
static const char *unit_test_name = "";

static inline void
unit_fail_header(const char *file, int line)
{
	unit_checks_failed_in_test++;
	fprintf(stderr, "FAIL %s (%s:%d): ", unit_test_name, file, line);
}

static inline void
unit_check(int ok, const char *expr, const char *file, int line)
{
	if (!ok)
	{
		unit_fail_header(file, line);
		fprintf(stderr, "%s\n", expr);
	}
}

static inline void
unit_check_i64(int64_t got, int64_t want, const char *expr, const char *file, int line)
{
	if (got != want)
	{
		unit_fail_header(file, line);
		fprintf(stderr, "%s: got %" PRId64 ", want %" PRId64 "\n", expr, got, want);
	}
}

/* |got - want| <= abs_tol + rel_tol * |want|; NaN never passes unless both are NaN */
static inline void
unit_check_near(double got, double want, double abs_tol, double rel_tol,
				const char *expr, const char *file, int line)
{
	int			ok;

	if (isnan(want))
		ok = isnan(got);
	else if (isinf(want))
		ok = (got == want);
	else
		ok = !isnan(got) && fabs(got - want) <= abs_tol + rel_tol * fabs(want);
	if (!ok)
	{
		unit_fail_header(file, line);
		fprintf(stderr, "%s: got %.17g, want %.17g (abs %.3g, rel %.3g)\n",
				expr, got, want, abs_tol, rel_tol);
	}
}

static inline void
unit_check_str(const char *got, const char *want, const char *expr, const char *file, int line)
{
	if (got == NULL || want == NULL ? got != want : strcmp(got, want) != 0)
	{
		unit_fail_header(file, line);
		fprintf(stderr, "%s: got \"%s\", want \"%s\"\n", expr,
				got ? got : "(null)", want ? want : "(null)");
	}
}

#define CHECK(cond) unit_check((cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define CHECK_EQ_I64(got, want) unit_check_i64((int64_t) (got), (int64_t) (want), #got, __FILE__, __LINE__)
#define CHECK_NEAR(got, want, abs_tol) unit_check_near((got), (want), (abs_tol), 0.0, #got, __FILE__, __LINE__)
#define CHECK_REL(got, want, rel_tol) unit_check_near((got), (want), 0.0, (rel_tol), #got, __FILE__, __LINE__)
#define CHECK_STR(got, want) unit_check_str((got), (want), #got, __FILE__, __LINE__)

#define RUN(fn) \
	do { \
		unit_test_name = #fn; \
		unit_checks_failed_in_test = 0; \
		fn(); \
		if (unit_checks_failed_in_test == 0) \
			unit_tests_passed++; \
		else \
			unit_tests_failed++; \
	} while (0)

static inline int
unit_report(const char *program)
{
	printf("# %s: %d passed, %d failed\n", program, unit_tests_passed, unit_tests_failed);
	return unit_tests_failed == 0 ? 0 : 1;
}

#endif							/* LTV_UNIT_H */
