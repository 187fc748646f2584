/*
 * arith.h: checked 64-bit integer arithmetic and floor division for src/core.
 *
 * Each helper returns true on overflow (leaving *result unspecified), like
 * the compiler builtins it wraps and PostgreSQL's own pg_*_overflow helpers.
 */
#ifndef LTV_CORE_ARITH_H
#define LTV_CORE_ARITH_H

#include <stdbool.h>
#include <stdint.h>

static inline bool
ltv_add_i64_overflow(int64_t a, int64_t b, int64_t *result)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_add_overflow(a, b, result);
#else
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return true;
	*result = a + b;
	return false;
#endif
}

static inline bool
ltv_sub_i64_overflow(int64_t a, int64_t b, int64_t *result)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_sub_overflow(a, b, result);
#else
	if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
		return true;
	*result = a - b;
	return false;
#endif
}

static inline bool
ltv_mul_i64_overflow(int64_t a, int64_t b, int64_t *result)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_mul_overflow(a, b, result);
#else
	if (a != 0 && b != 0)
	{
		if ((a == -1 && b == INT64_MIN) || (b == -1 && a == INT64_MIN))
			return true;
		if (a > 0 ? (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
			: (b > 0 ? a < INT64_MIN / b : a < INT64_MAX / b))
			return true;
	}
	*result = a * b;
	return false;
#endif
}

/* floor(a / b) for b > 0, correct for negative a */
static inline int64_t
ltv_floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b) < 0)
		q--;
	return q;
}

/* a - b * floor(a / b) for b > 0: always in [0, b) */
static inline int64_t
ltv_floor_mod(int64_t a, int64_t b)
{
	int64_t		r = a % b;

	return r < 0 ? r + b : r;
}

#endif							/* LTV_CORE_ARITH_H */
