/*
 * ltv_numeric.c: numeric -> double without going through text, for every
 * function that takes a numeric where it computes in float8 (RFM values,
 * churn durations).
 *
 * PostgreSQL's numeric_float8 (and so the implicit numeric -> float8 cast)
 * prints the numeric and parses the string (about half a microsecond).  The
 * value is M * 10^e with M the digits as an integer.  With M < 2^53 and
 * |e| <= 22 both M and 10^e are exact doubles and one IEEE multiplication or
 * division rounds correctly, so the result is exactly what numeric_float8
 * (strtod) returns.  Values with more digits (extract(epoch ...) / 86400 has
 * 20 or so) use long double where it has a 64-bit or wider significand: M <
 * 2^64 and 10^e for |e| <= 27 are exact there, one operation rounds to 64
 * bits, and rounding that to 53 bits gives the correctly rounded double
 * unless the 64-bit result lies exactly halfway between two doubles (only
 * then can rounding twice differ from rounding once), which goes to
 * numeric_float8 as does anything else (more digits, huge exponents, NaN,
 * infinities).
 *
 * This reads numeric's on-disk format (stable since PostgreSQL 9.1, as
 * pg_upgrade requires): a uint16 header, for the long form an int16 weight,
 * then base-10000 digits (int16), most significant first, with no leading or
 * trailing zero digits.  Header bits: 0xC000 sign/format (0x0000 positive,
 * 0x4000 negative, 0x8000 short, 0xC000 special); in the short form 0x2000 is
 * the sign, 0x0040 the weight's sign and 0x003F the weight.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "compat.h"

#include "fmgr.h"
#include "utils/fmgrprotos.h"

#include "ltv_numeric.h"

#define NBASE_DIGITS 4
#define MANTISSA_LIMIT (INT64CONST(1) << 53)

static const double exact_powers_of_ten[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

#if LDBL_MANT_DIG >= 64
#define LONG_MANTISSA 1
#define LONG_MAX_EXPONENT 27		/* 10^27 = 5^27 * 2^27, 5^27 < 2^63 */

/* M * 10^e (or M / 10^-e) correctly rounded, or false when it cannot tell */
static bool
long_double_product(uint64 mantissa, int exponent, double *result)
{
	static const long double powers[LONG_MAX_EXPONENT + 1] = {
		1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L, 1e10L, 1e11L, 1e12L, 1e13L,
		1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L,
		1e26L, 1e27L
	};
	long double p = powers[exponent < 0 ? -exponent : exponent];
	long double r;
	long double lo;
	long double hi;
	double		d;

	/* (the literals are exact: 10^k = 5^k * 2^k with 5^k < 2^63 for k <= 27) */
	r = exponent >= 0 ? (long double) mantissa * p : (long double) mantissa / p;
	d = (double) r;
	/* the two doubles around r and the point halfway between them, exactly */
	if ((long double) d == r)
	{
		*result = d;
		return true;
	}
	if ((long double) d < r)
	{
		lo = d;
		hi = nextafter(d, HUGE_VAL);
	}
	else
	{
		lo = nextafter(d, -HUGE_VAL);
		hi = d;
	}
	if (r == lo + (hi - lo) / 2)
		return false;
	*result = d;
	return true;
}
#endif

double
ltv_numeric_to_double(Datum value)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(value);
	const char *p = VARDATA_ANY(v);
	Size		len = VARSIZE_ANY_EXHDR(v);
	uint16		header;
	int			weight;
	bool		negative;
	Size		header_size;
	int			ndigits;
	uint64		mantissa = 0;
	int			exponent;
	int			i;
	double		result;

	if (len < sizeof(uint16))
		goto slow;
	memcpy(&header, p, sizeof(uint16));
	if ((header & 0xC000) == 0xC000)
		goto slow;				/* NaN, infinities */
	if (header & 0x8000)
	{
		negative = (header & 0x2000) != 0;
		weight = (header & 0x0040) ? (int) (~0x003F | (header & 0x003F)) : (int) (header & 0x003F);
		header_size = sizeof(uint16);
	}
	else
	{
		int16		w;

		if (len < 2 * sizeof(uint16))
			goto slow;
		negative = (header & 0xC000) == 0x4000;
		memcpy(&w, p + sizeof(uint16), sizeof(int16));
		weight = w;
		header_size = 2 * sizeof(uint16);
	}
	ndigits = (int) ((len - header_size) / sizeof(int16));
	if (ndigits == 0)
		return 0.0;
	for (i = 0; i < ndigits; i++)
	{
		int16		digit;

		memcpy(&digit, p + header_size + i * sizeof(int16), sizeof(int16));
		if (digit < 0 || digit >= 10000 || mantissa > (PG_UINT64_MAX - 9999) / 10000)
			goto slow;
		mantissa = mantissa * 10000 + (uint64) digit;
	}
	exponent = NBASE_DIGITS * (weight - (ndigits - 1));
	if (mantissa < (uint64) MANTISSA_LIMIT && exponent <= 22 && exponent >= -22)
		result = exponent >= 0 ? (double) mantissa * exact_powers_of_ten[exponent]
			: (double) mantissa / exact_powers_of_ten[-exponent];
#ifdef LONG_MANTISSA
	else if (exponent > LONG_MAX_EXPONENT || exponent < -LONG_MAX_EXPONENT ||
			 !long_double_product(mantissa, exponent, &result))
		goto slow;
#else
	else
		goto slow;
#endif
	return negative ? -result : result;

slow:
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, value));
}
