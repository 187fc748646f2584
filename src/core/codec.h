/*
 * codec.h: what the stored types' text and binary forms are built from.
 *
 * Every stored type decodes, validates and encodes its values in src/core,
 * and merges them there where it has a combine: churn_curve
 * (churn_codec.c), rfm_state (rfm_codec.c), retention_activity and
 * retention_curve (retention_codec.c), ltv_model (model_codec.c; no merge)
 * and ltv_fit_state (fit_codec.c), as plain C that returns a status and
 * fills an LtvCodecError; the SQL glue in src/ turns an error into ereport.
 * So the same code runs in the server, in the unit tests and in the fuzz
 * targets of test/fuzz/ (one per type), which link src/core alone.
 *
 * Binary forms are big-endian (PostgreSQL's network order: pq_sendint64,
 * pq_sendfloat8 send an IEEE double's bits as an int64).
 */
#ifndef LTV_CORE_CODEC_H
#define LTV_CORE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum LtvCodecStatus
{
	LTV_CODEC_OK = 0,
	LTV_CODEC_INVALID,			/* malformed or inconsistent: 22P02 / 22P03 */
	LTV_CODEC_LIMIT,			/* well formed but beyond a documented cap: 54000 */
	LTV_CODEC_OVERFLOW			/* a merged count beyond an int64: 22003 */
} LtvCodecStatus;

#define LTV_CODEC_MSG_LEN 320

typedef struct LtvCodecError
{
	LtvCodecStatus status;
	bool		quote_input;	/* the glue appends ': "<input text>"' to message */
	char		message[LTV_CODEC_MSG_LEN];
	char		detail[LTV_CODEC_MSG_LEN];	/* "" when none */
	char		hint[LTV_CODEC_MSG_LEN];	/* "" when none */
} LtvCodecError;

/*
 * Fills err (message, hint and a printf-style detail; NULL for none) and
 * returns status, so a decoder can say "return ltv_codec_fail(...)".
 */
extern LtvCodecStatus ltv_codec_fail(LtvCodecError *err, LtvCodecStatus status, bool quote_input,
									 const char *message, const char *hint,
									 const char *detail_fmt,...)
#if defined(__GNUC__) || defined(__clang__)
			__attribute__((format(printf, 6, 7)))
#endif
			;

/*
 * Long loops over input call ltv_check_interrupts(i): every 65536
 * iterations it calls the hook the server glue sets (CHECK_FOR_INTERRUPTS,
 * which may not return); NULL elsewhere.  Core functions hold no resources
 * across the call (the caller owns all memory), so leaving there is safe.
 */
extern void (*ltv_interrupt_hook) (void);

static inline void
ltv_check_interrupts(uint64_t i)
{
	if ((i & 0xFFFF) == 0 && ltv_interrupt_hook != NULL)
		ltv_interrupt_hook();
}

/* as ltv_codec_fail, with a printf-style message and no detail */
extern LtvCodecStatus ltv_codec_failf(LtvCodecError *err, LtvCodecStatus status, const char *hint,
									  const char *message_fmt,...)
#if defined(__GNUC__) || defined(__clang__)
			__attribute__((format(printf, 4, 5)))
#endif
			;

/* ---- big-endian bytes ---- */

typedef struct LtvReader
{
	const uint8_t *data;
	size_t		len;
	size_t		pos;
} LtvReader;

static inline void
ltv_reader_init(LtvReader *r, const void *data, size_t len)
{
	r->data = (const uint8_t *) data;
	r->len = len;
	r->pos = 0;
}

static inline size_t
ltv_reader_left(const LtvReader *r)
{
	return r->len - r->pos;
}

/* false (and nothing read) when fewer than bytes are left */
static inline bool
ltv_read_uint(LtvReader *r, int bytes, uint64_t *v)
{
	uint64_t	x = 0;
	int			i;

	if (ltv_reader_left(r) < (size_t) bytes)
		return false;
	for (i = 0; i < bytes; i++)
		x = (x << 8) | r->data[r->pos + i];
	r->pos += bytes;
	*v = x;
	return true;
}

static inline bool
ltv_read_i32(LtvReader *r, int32_t *v)
{
	uint64_t	x;

	if (!ltv_read_uint(r, 4, &x))
		return false;
	*v = (int32_t) (uint32_t) x;
	return true;
}

static inline bool
ltv_read_i64(LtvReader *r, int64_t *v)
{
	uint64_t	x;

	if (!ltv_read_uint(r, 8, &x))
		return false;
	*v = (int64_t) x;
	return true;
}

extern bool ltv_read_f64(LtvReader *r, double *v);

typedef struct LtvWriter
{
	uint8_t    *data;			/* room for the size the encoder computed */
	size_t		pos;
} LtvWriter;

static inline void
ltv_write_uint(LtvWriter *w, int bytes, uint64_t v)
{
	int			i;

	for (i = bytes - 1; i >= 0; i--)
	{
		w->data[w->pos + i] = (uint8_t) (v & 0xFF);
		v >>= 8;
	}
	w->pos += bytes;
}

extern void ltv_write_f64(LtvWriter *w, double v);

/* ---- numbers in text ---- */

/* the largest text ltv_format_f64_* writes, with its terminating zero */
#define LTV_F64_TEXT_LEN 32

/*
 * Reads a decimal integer (optional '-', then digits; no space or '+').
 * Returns the end, or NULL when there is none or it does not fit an int64.
 */
extern const char *ltv_parse_i64(const char *p, int64_t *v);

/*
 * Reads a double as strtod does (decimal or hexadecimal, "NaN", "Infinity"),
 * but not after white space or '+'.  A subnormal result is accepted (strtod
 * flags it with ERANGE; it is what the output writes for a subnormal value);
 * an overflow, or an underflow of a nonzero number to zero, is not.  Returns
 * the end, or NULL.  Whether NaN and infinities are allowed is the caller's.
 */
extern const char *ltv_parse_f64(const char *p, double *v);

/*
 * The shortest decimal that reads back as v, in the format of PostgreSQL's
 * float8out: fixed notation for decimal exponents -4 .. 14, else d.ddde+XX;
 * "NaN", "Infinity", "-Infinity", "-0".  Returns the length written to buf
 * (at least LTV_F64_TEXT_LEN bytes).
 */
extern int	ltv_format_f64_shortest(double v, char *buf);

/*
 * A writer of a double's shortest text (ltv_format_f64_shortest's contract).
 * The server passes PostgreSQL's own Ryu (double_to_shortest_decimal_buf:
 * the same text, some 50 times faster than ltv_format_f64_shortest's search
 * with snprintf and strtod); NULL means ltv_format_f64_shortest.
 */
typedef int (*LtvF64Writer) (double v, char *buf);

/* "%.17g" (exact, not shortest), "NaN" for NaN: the form ltv_model and ltv_fit_state write */
extern int	ltv_format_f64_17g(double v, char *buf);

/*
 * "%g" as PostgreSQL's snprintf writes it (NaN, Infinity, -Infinity), for
 * error details; returns buf (at least LTV_F64_TEXT_LEN bytes)
 */
extern const char *ltv_format_f64_g(double v, char *buf);

/* the bits of a double, to compare values exactly (NaN == NaN, -0 != 0) */
extern uint64_t ltv_f64_bits(double v);

/* ---- hexadecimal ---- */

/* writes 2 * len lowercase digits and a terminating zero */
extern void ltv_hex_encode(const uint8_t *data, size_t len, char *out);

/* decodes an even number of hex digits (either case) into out (len / 2 bytes); false otherwise */
extern bool ltv_hex_decode(const char *text, size_t len, uint8_t *out);

#endif							/* LTV_CORE_CODEC_H */
