/*
 * codec.c: errors, big-endian doubles, numbers in text and hexadecimal for
 * the stored types' codecs (see codec.h).
 */
#include "codec.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void		(*ltv_interrupt_hook) (void) = NULL;

static void
copy_text(char *dst, const char *src)
{
	size_t		n = src ? strlen(src) : 0;

	if (n >= LTV_CODEC_MSG_LEN)
		n = LTV_CODEC_MSG_LEN - 1;
	if (n > 0)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

LtvCodecStatus
ltv_codec_fail(LtvCodecError *err, LtvCodecStatus status, bool quote_input,
			   const char *message, const char *hint, const char *detail_fmt,...)
{
	err->status = status;
	err->quote_input = quote_input;
	copy_text(err->message, message);
	copy_text(err->hint, hint);
	err->detail[0] = '\0';
	if (detail_fmt)
	{
		va_list		ap;

		va_start(ap, detail_fmt);
		vsnprintf(err->detail, LTV_CODEC_MSG_LEN, detail_fmt, ap);
		va_end(ap);
	}
	return status;
}

LtvCodecStatus
ltv_codec_failf(LtvCodecError *err, LtvCodecStatus status, const char *hint, const char *message_fmt,...)
{
	va_list		ap;

	err->status = status;
	err->quote_input = false;
	va_start(ap, message_fmt);
	vsnprintf(err->message, LTV_CODEC_MSG_LEN, message_fmt, ap);
	va_end(ap);
	copy_text(err->hint, hint);
	err->detail[0] = '\0';
	return status;
}

uint64_t
ltv_f64_bits(double v)
{
	uint64_t	bits;

	memcpy(&bits, &v, sizeof(bits));
	return bits;
}

bool
ltv_read_f64(LtvReader *r, double *v)
{
	uint64_t	bits;

	if (!ltv_read_uint(r, 8, &bits))
		return false;
	memcpy(v, &bits, sizeof(*v));
	return true;
}

void
ltv_write_f64(LtvWriter *w, double v)
{
	ltv_write_uint(w, 8, ltv_f64_bits(v));
}

const char *
ltv_parse_i64(const char *p, int64_t *v)
{
	char	   *end;
	long long	x;

	if (!(isdigit((unsigned char) p[0]) || (p[0] == '-' && isdigit((unsigned char) p[1]))))
		return NULL;
	errno = 0;
	x = strtoll(p, &end, 10);
	if (errno != 0 || end == p)
		return NULL;
	*v = (int64_t) x;
	return end;
}

const char *
ltv_parse_f64(const char *p, double *v)
{
	char	   *end;
	double		x;

	if (*p == '\0' || isspace((unsigned char) *p) || *p == '+')
		return NULL;
	errno = 0;
	x = strtod(p, &end);
	if (end == p)
		return NULL;
	/*
	 * ERANGE: an overflow (HUGE_VAL), an underflow to zero, or a subnormal
	 * result (glibc flags those too).  Only the last is a value, and the
	 * output writes subnormals, so it must read them back (as float8in does).
	 */
	if (errno == ERANGE && (x == 0.0 || isinf(x)))
		return NULL;
	if (errno != 0 && errno != ERANGE)
		return NULL;
	*v = x;
	return end;
}

/*
 * The decimal D * 10^E (D > 0) as A * 2^a with A odd; false when it is not
 * a dyadic rational (a factor 5 left in the denominator) or A would exceed
 * limit (then it equals no A' * 2^a' with A' <= limit).
 */
static bool
decimal_as_odd_pow2(uint64_t d, int e, uint64_t limit, uint64_t *odd, int *pow2)
{
	int			twos = e;		/* 10^e = 2^e 5^e */

	while ((d & 1) == 0)
	{
		d >>= 1;
		twos++;
	}
	for (; e < 0; e++)
	{
		if (d % 5 != 0)
			return false;
		d /= 5;
	}
	for (; e > 0; e--)
	{
		if (d > limit / 5)
			return false;
		d *= 5;
	}
	if (d > limit)
		return false;
	*odd = d;
	*pow2 = twos;
	return true;
}

/*
 * The decimal D * 10^e10 reads back as |v| and is not exactly halfway to a
 * neighbour.  PostgreSQL's shortest output (Ryu without STRICTLY_SHORTEST,
 * src/common/d2s.c) accepts no such bound, so that every strtod reads it
 * back; nor do we, so the text is float8out's.  The check is exact: the
 * decimal and the two midpoints as odd * 2^k.
 */
static bool
inside(double av, uint64_t d, int e10)
{
	char		buf[48];
	int			ex2;
	double		f;
	uint64_t	m;
	uint64_t	odd;
	int			k;

	if (d == 0)
		return false;
	snprintf(buf, sizeof(buf), "%llue%d", (unsigned long long) d, e10);
	if (strtod(buf, NULL) != av)
		return false;
	while (d % 10 == 0)
	{
		d /= 10;
		e10++;
	}
	if (!decimal_as_odd_pow2(d, e10, UINT64_C(1) << 55, &odd, &k))
		return true;			/* not dyadic, or more bits than a midpoint has */
	/* av = m * 2^ex2, m a whole number below 2^53 */
	f = frexp(av, &ex2);
	m = (uint64_t) ldexp(f, 53);
	ex2 -= 53;
	if (ex2 < -1074)
	{
		m >>= (-1074 - ex2);	/* subnormal: m * 2^-1074 */
		ex2 = -1074;
	}
	if (odd == 2 * m + 1 && k == ex2 - 1)
		return false;			/* halfway up */
	if (m == (UINT64_C(1) << 52) && ex2 > -1074)
		return !(odd == 4 * m - 1 && k == ex2 - 2);	/* below a power of two the gap is half */
	return !(odd == 2 * m - 1 && k == ex2 - 1);
}

/*
 * A p-digit decimal D * 10^e10 inside |v|'s interval, if there is one: the
 * nearest p-digit decimal, or else its neighbour on the other side of v
 * (the interval is at most one unit in the p-th digit wide where the
 * nearest is outside, so no other p-digit decimal can be inside).
 */
static bool
candidate(double av, int p, uint64_t *d, int *e10)
{
	char		e[40];
	const char *s;
	uint64_t	x = 0;
	int			exp10;

	snprintf(e, sizeof(e), "%.*e", p - 1, av);
	for (s = e; *s != 'e'; s++)
		if (isdigit((unsigned char) *s))
			x = x * 10 + (uint64_t) (*s - '0');
	exp10 = atoi(s + 1) - (p - 1);
	*e10 = exp10;
	if (inside(av, x, exp10))
		*d = x;
	else if (inside(av, x - 1, exp10))
		*d = x - 1;
	else if (inside(av, x + 1, exp10))
		*d = x + 1;
	else
		return false;
	return true;
}

int
ltv_format_f64_shortest(double v, char *buf)
{
	char		digits[24];
	int			ndigits;
	int			exp10;
	int			lo = 1,
				hi = 17;
	uint64_t	d = 0;
	int			e10 = 0;
	int			pos = 0;
	int			i;
	double		av = fabs(v);

	if (isnan(v))
		return snprintf(buf, LTV_F64_TEXT_LEN, "NaN");
	if (isinf(v))
		return snprintf(buf, LTV_F64_TEXT_LEN, v > 0 ? "Infinity" : "-Infinity");
	if (v == 0)
		return snprintf(buf, LTV_F64_TEXT_LEN, signbit(v) ? "-0" : "0");

	/* the fewest digits with a decimal inside (having one for p, there is one for p + 1) */
	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (candidate(av, mid, &d, &e10))
			hi = mid;
		else
			lo = mid + 1;
	}
	if (!candidate(av, lo, &d, &e10))
	{
		/* 17 digits always read back; a bound at 17 digits takes the nearest */
		char		e[40];
		const char *s;

		snprintf(e, sizeof(e), "%.16e", av);
		d = 0;
		for (s = e; *s != 'e'; s++)
			if (isdigit((unsigned char) *s))
				d = d * 10 + (uint64_t) (*s - '0');
		e10 = atoi(s + 1) - 16;
	}
	while (d % 10 == 0)
	{
		d /= 10;
		e10++;
	}
	ndigits = snprintf(digits, sizeof(digits), "%llu", (unsigned long long) d);
	exp10 = e10 + ndigits - 1;

	if (signbit(v))
		buf[pos++] = '-';
	if (exp10 >= -4 && exp10 < 15)
	{
		if (exp10 < 0)
		{
			buf[pos++] = '0';
			buf[pos++] = '.';
			for (i = 0; i < -exp10 - 1; i++)
				buf[pos++] = '0';
			for (i = 0; i < ndigits; i++)
				buf[pos++] = digits[i];
		}
		else
		{
			for (i = 0; i <= exp10; i++)
				buf[pos++] = i < ndigits ? digits[i] : '0';
			if (ndigits > exp10 + 1)
			{
				buf[pos++] = '.';
				for (i = exp10 + 1; i < ndigits; i++)
					buf[pos++] = digits[i];
			}
		}
		buf[pos] = '\0';
		return pos;
	}
	buf[pos++] = digits[0];
	if (ndigits > 1)
	{
		buf[pos++] = '.';
		for (i = 1; i < ndigits; i++)
			buf[pos++] = digits[i];
	}
	pos += snprintf(buf + pos, LTV_F64_TEXT_LEN - pos, "e%c%02d", exp10 < 0 ? '-' : '+',
					exp10 < 0 ? -exp10 : exp10);
	return pos;
}

int
ltv_format_f64_17g(double v, char *buf)
{
	if (isnan(v))
		return snprintf(buf, LTV_F64_TEXT_LEN, "NaN");
	if (isinf(v))
		return snprintf(buf, LTV_F64_TEXT_LEN, v > 0 ? "Infinity" : "-Infinity");
	return snprintf(buf, LTV_F64_TEXT_LEN, "%.17g", v);
}

const char *
ltv_format_f64_g(double v, char *buf)
{
	if (isnan(v))
		snprintf(buf, LTV_F64_TEXT_LEN, "NaN");
	else if (isinf(v))
		snprintf(buf, LTV_F64_TEXT_LEN, v > 0 ? "Infinity" : "-Infinity");
	else
		snprintf(buf, LTV_F64_TEXT_LEN, "%g", v);
	return buf;
}

void
ltv_hex_encode(const uint8_t *data, size_t len, char *out)
{
	static const char hex[] = "0123456789abcdef";
	size_t		i;

	for (i = 0; i < len; i++)
	{
		out[2 * i] = hex[data[i] >> 4];
		out[2 * i + 1] = hex[data[i] & 15];
	}
	out[2 * len] = '\0';
}

static int
hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool
ltv_hex_decode(const char *text, size_t len, uint8_t *out)
{
	size_t		i;

	if (len % 2 != 0)
		return false;
	for (i = 0; i < len; i += 2)
	{
		int			hi = hex_value(text[i]);
		int			lo = hex_value(text[i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		out[i / 2] = (uint8_t) (hi * 16 + lo);
	}
	return true;
}
