/*
 * retention_codec.c: retention_activity and retention_curve in text and
 * binary (retention_codec.h).  The messages are the ones 1.0 gave (long
 * quoted input is cut at 200 characters).
 */
#include "retention_codec.h"

#include <stdio.h>
#include <string.h>

#include "arith.h"

#define ACTIVITY_FORM "The form is: v2 utc|local months=M days=D usecs=U origin=O start=S first=F|none periods=0,j,..."
#define CURVE_FORM "The form is: v1 utc|local months=M days=D usecs=U origin=O as_of=T mode=on|on_or_after by_offset=c0,c1,... hits=h0,h1,..."

/* ---- retention_activity ---- */

#define BAD_ACTIVITY(...) ltv_codec_failf(err, LTV_CODEC_INVALID, NULL, __VA_ARGS__)

LtvCodecStatus
ltv_activity_check(const LtvActivityValue *a, LtvCodecError *err)
{
	int64_t		kmin,
				kmax;
	int64_t		last;

	if (a->version != LTV_ACTIVITY_FORMAT_VERSION)
	{
		char		hint[64];

		snprintf(hint, sizeof(hint), "This build of ltv reads version %d.", LTV_ACTIVITY_FORMAT_VERSION);
		return ltv_codec_failf(err, LTV_CODEC_INVALID, hint,
							   "unsupported retention_activity format version %d", a->version);
	}
	if (a->kind != LTV_TIME_KIND_LOCAL && a->kind != LTV_TIME_KIND_UTC)
		return BAD_ACTIVITY("invalid retention_activity: unknown time kind %d", a->kind);
	if (!ltv_unit_is_valid(&a->unit))
		return BAD_ACTIVITY("invalid retention_activity: the period must be positive");
	if (!ltv_timestamp_in_range(a->origin))
		return BAD_ACTIVITY("invalid retention_activity: origin out of range");
	if (a->nwords < 1 || a->nwords > LTV_ACTIVITY_MAX_WORDS)
		return BAD_ACTIVITY("invalid retention_activity: %d bitmap words (1 to %lld allowed)",
							(int) a->nwords, (long long) LTV_ACTIVITY_MAX_WORDS);
	if ((a->words[0] & 1) == 0)
		return BAD_ACTIVITY("invalid retention_activity: the start period has no order");
	if (a->lead != LTV_ACTIVITY_NO_PURCHASE &&
		(a->lead < 0 || a->lead >= (int64_t) a->nwords * 64 ||
		 (a->words[a->lead / 64] & (UINT64_C(1) << (a->lead % 64))) == 0))
		return BAD_ACTIVITY("invalid retention_activity: the first purchase (start + %d) is not one of its periods",
							(int) a->lead);
	if (a->words[a->nwords - 1] == 0)
		return BAD_ACTIVITY("invalid retention_activity: trailing empty bitmap words");
	/*
	 * Every period holds a timestamp (the first one's start may lie before
	 * 4714-11-24 BC, as the aggregate makes it for an order on that day)
	 */
	last = ltv_bitmap_last_set(a->words, a->nwords, INT64_MAX);
	if (ltv_period_index(LTV_MIN_TIMESTAMP, a->origin, &a->unit, &kmin) != LTV_PERIOD_OK ||
		ltv_period_index(LTV_END_TIMESTAMP - 1, a->origin, &a->unit, &kmax) != LTV_PERIOD_OK ||
		a->start < kmin || a->start > INT64_MAX - last || a->start + last > kmax)
		return BAD_ACTIVITY("invalid retention_activity: periods out of the timestamp range");
	return LTV_CODEC_OK;
}

#define ACTIVITY_HEADER_SIZE (1 + 1 + 4 + 4 + 8 + 8 + 8 + 4 + 4)

LtvCodecStatus
ltv_activity_decode_header(const uint8_t *data, size_t len, LtvActivityValue *a, LtvCodecError *err)
{
	LtvReader	r;
	uint64_t	version = 0,
				kind = 0;

	ltv_reader_init(&r, data, len);
	if (!ltv_read_uint(&r, 1, &version))
		return BAD_ACTIVITY("invalid retention_activity: the value is empty");
	a->version = (uint8_t) version;
	if (version != LTV_ACTIVITY_FORMAT_VERSION)
		return ltv_activity_check(a, err);	/* the version message */
	if (!ltv_read_uint(&r, 1, &kind) || !ltv_read_i32(&r, &a->unit.months) ||
		!ltv_read_i32(&r, &a->unit.days) || !ltv_read_i64(&r, &a->unit.usecs) ||
		!ltv_read_i64(&r, &a->origin) || !ltv_read_i64(&r, &a->start) ||
		!ltv_read_i32(&r, &a->lead) || !ltv_read_i32(&r, &a->nwords))
		return BAD_ACTIVITY("invalid retention_activity: the value ends within its header");
	a->kind = (uint8_t) kind;
	if (a->nwords < 1 || a->nwords > LTV_ACTIVITY_MAX_WORDS ||
		ltv_reader_left(&r) != (uint64_t) a->nwords * 8)
		return BAD_ACTIVITY("invalid retention_activity: %d bitmap words with %zu bytes left",
							(int) a->nwords, ltv_reader_left(&r));
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_activity_decode(const uint8_t *data, size_t len, LtvActivityValue *a, LtvCodecError *err)
{
	LtvReader	r;
	int32_t		i;
	LtvCodecStatus status = ltv_activity_decode_header(data, len, a, err);

	if (status != LTV_CODEC_OK)
		return status;
	ltv_reader_init(&r, data + ACTIVITY_HEADER_SIZE, len - ACTIVITY_HEADER_SIZE);
	for (i = 0; i < a->nwords; i++)
	{
		ltv_check_interrupts((uint64_t) i);
		(void) ltv_read_uint(&r, 8, &a->words[i]);	/* the header checked the length */
	}
	return ltv_activity_check(a, err);
}

size_t
ltv_activity_encoded_size(int32_t nwords)
{
	return ACTIVITY_HEADER_SIZE + (size_t) nwords * 8;
}

void
ltv_activity_encode(const LtvActivityValue *a, uint8_t *out)
{
	LtvWriter	w = {out, 0};
	int32_t		i;

	ltv_write_uint(&w, 1, a->version);
	ltv_write_uint(&w, 1, a->kind);
	ltv_write_uint(&w, 4, (uint32_t) a->unit.months);
	ltv_write_uint(&w, 4, (uint32_t) a->unit.days);
	ltv_write_uint(&w, 8, (uint64_t) a->unit.usecs);
	ltv_write_uint(&w, 8, (uint64_t) a->origin);
	ltv_write_uint(&w, 8, (uint64_t) a->start);
	ltv_write_uint(&w, 4, (uint32_t) a->lead);
	ltv_write_uint(&w, 4, (uint32_t) a->nwords);
	for (i = 0; i < a->nwords; i++)
		ltv_write_uint(&w, 8, a->words[i]);
}

static LtvCodecStatus
activity_expected(LtvCodecError *err, const char *word, const char *at)
{
	return ltv_codec_failf(err, LTV_CODEC_INVALID, ACTIVITY_FORM,
						   "invalid input syntax for type retention_activity: expected \"%s\" at \"%.200s\"",
						   word, at);
}

/* *pp past word, or an error */
static bool
expect(const char **pp, const char *word)
{
	size_t		len = strlen(word);

	if (strncmp(*pp, word, len) != 0)
		return false;
	*pp += len;
	return true;
}

#define EXPECT(word) do { if (!expect(&p, word)) return activity_expected(err, word, p); } while (0)
#define ACTIVITY_INT(v) \
	do { \
		const char *end_ = ltv_parse_i64(p, v); \
		if (end_ == NULL) \
			return BAD_ACTIVITY("invalid input syntax for type retention_activity: expected an integer at \"%.200s\"", p); \
		p = end_; \
	} while (0)

LtvCodecStatus
ltv_activity_parse(const char *text, LtvActivityValue *a, LtvCodecError *err)
{
	const char *p = text;
	int64_t		v;
	int64_t		first = 0;
	bool		has_first;
	int64_t		max_period = -1;
	int64_t		prev = -1;
	uint64_t	count = 0;

	EXPECT("v");
	ACTIVITY_INT(&v);
	if (v != LTV_ACTIVITY_FORMAT_VERSION)
	{
		char		hint[64];

		snprintf(hint, sizeof(hint), "This build of ltv reads version %d.", LTV_ACTIVITY_FORMAT_VERSION);
		return ltv_codec_failf(err, LTV_CODEC_INVALID, hint,
							   "unsupported retention_activity format version %lld", (long long) v);
	}
	a->version = (uint8_t) v;
	EXPECT(" ");
	if (strncmp(p, "utc", 3) == 0)
	{
		a->kind = LTV_TIME_KIND_UTC;
		p += 3;
	}
	else
	{
		EXPECT("local");
		a->kind = LTV_TIME_KIND_LOCAL;
	}
	EXPECT(" months=");
	ACTIVITY_INT(&v);
	if (v < INT32_MIN || v > INT32_MAX)
		return BAD_ACTIVITY("invalid input syntax for type retention_activity: %s out of range", "months");
	a->unit.months = (int32_t) v;
	EXPECT(" days=");
	ACTIVITY_INT(&v);
	if (v < INT32_MIN || v > INT32_MAX)
		return BAD_ACTIVITY("invalid input syntax for type retention_activity: %s out of range", "days");
	a->unit.days = (int32_t) v;
	EXPECT(" usecs=");
	ACTIVITY_INT(&a->unit.usecs);
	EXPECT(" origin=");
	ACTIVITY_INT(&a->origin);
	EXPECT(" start=");
	ACTIVITY_INT(&a->start);
	EXPECT(" first=");
	has_first = strncmp(p, "none", 4) != 0;
	if (has_first)
		ACTIVITY_INT(&first);
	else
		p += 4;
	EXPECT(" periods=");

	for (;;)
	{
		ltv_check_interrupts(count++);
		ACTIVITY_INT(&v);
		if (v <= prev || v >= LTV_RETENTION_MAX_PERIODS)
			return BAD_ACTIVITY("invalid input syntax for type retention_activity: periods must be increasing, from 0 to %lld",
								(long long) LTV_RETENTION_MAX_PERIODS - 1);
		if (prev < 0 && v != 0)
			return BAD_ACTIVITY("invalid input syntax for type retention_activity: periods must start with 0 (the start period)");
		prev = max_period = v;
		if (a->words != NULL)
			a->words[v / 64] |= UINT64_C(1) << (v % 64);
		if (*p == '\0')
			break;
		EXPECT(",");
	}
	if (a->words == NULL)
	{
		a->nwords = (int32_t) ltv_bitmap_words(max_period + 1);
		return LTV_CODEC_OK;
	}
	if (a->nwords != (int32_t) ltv_bitmap_words(max_period + 1))
		return BAD_ACTIVITY("invalid retention_activity: the text changed between the passes");
	a->lead = LTV_ACTIVITY_NO_PURCHASE;
	if (has_first)
	{
		/* first must be one of the periods: the check sees whether its bit is set */
		if (first < a->start || (uint64_t) first - (uint64_t) a->start > (uint64_t) max_period)
			return BAD_ACTIVITY("invalid input syntax for type retention_activity: first=%lld is not one of the periods from start=%lld",
								(long long) first, (long long) a->start);
		a->lead = (int32_t) (first - a->start);
	}
	return ltv_activity_check(a, err);
}

/* the index of the lowest set bit of w (w != 0) */
static int
lowest_bit(uint64_t w)
{
#if defined(__GNUC__) || defined(__clang__)
	return __builtin_ctzll(w);
#else
	int			bit = 0;

	while ((w & 1) == 0)
	{
		w >>= 1;
		bit++;
	}
	return bit;
#endif
}

size_t
ltv_activity_text_size(const LtvActivityValue *a)
{
	/* the header, then up to 9 characters ("16777215,") per period */
	return 256 + (size_t) ltv_bitmap_count(a->words, a->nwords) * 9;
}

size_t
ltv_activity_format(const LtvActivityValue *a, char *out)
{
	size_t		pos;
	int32_t		i;
	bool		any = false;

	pos = sprintf(out, "v%d %s months=%d days=%d usecs=%lld origin=%lld start=%lld first=",
				  (int) a->version, a->kind == LTV_TIME_KIND_UTC ? "utc" : "local",
				  (int) a->unit.months, (int) a->unit.days, (long long) a->unit.usecs,
				  (long long) a->origin, (long long) a->start);
	if (a->lead == LTV_ACTIVITY_NO_PURCHASE)
		pos += sprintf(out + pos, "none periods=");
	else
		pos += sprintf(out + pos, "%lld periods=", (long long) a->start + a->lead);
	for (i = 0; i < a->nwords; i++)
	{
		uint64_t	w = a->words[i];

		ltv_check_interrupts((uint64_t) i);
		while (w != 0)
		{
			int			bit = lowest_bit(w);

			pos += sprintf(out + pos, any ? ",%lld" : "%lld", (long long) i * 64 + bit);
			any = true;
			w &= w - 1;
		}
	}
	out[pos] = '\0';
	return pos;
}

/* ---- retention_curve ---- */

#define BAD_CURVE(...) ltv_codec_failf(err, LTV_CODEC_INVALID, NULL, __VA_ARGS__)

static LtvCodecStatus
curve_version(LtvCodecError *err, int version)
{
	char		hint[64];

	snprintf(hint, sizeof(hint), "This build of ltv reads version %d.", LTV_CURVE_FORMAT_VERSION);
	return ltv_codec_failf(err, LTV_CODEC_INVALID, hint, "unsupported retention_curve format version %d", version);
}

/* the grid, as_of and its period a (set here) */
static bool
curve_grid_valid(LtvCurveValue *c)
{
	return ltv_unit_is_valid(&c->unit) && ltv_timestamp_in_range(c->origin) &&
		ltv_timestamp_in_range(c->as_of) &&
		ltv_period_index(c->as_of, c->origin, &c->unit, &c->a) == LTV_PERIOD_OK;
}

LtvCodecStatus
ltv_curve_check(LtvCurveValue *c, LtvCodecError *err)
{
	int64_t		eligible = 0;
	int64_t		retained_after = 0;
	int64_t		k;

	if (c->version != LTV_CURVE_FORMAT_VERSION)
		return curve_version(err, c->version);
	if ((c->kind != LTV_TIME_KIND_LOCAL && c->kind != LTV_TIME_KIND_UTC) ||
		(c->mode != LTV_RETENTION_ON && c->mode != LTV_RETENTION_ON_OR_AFTER) || !curve_grid_valid(c))
		return BAD_CURVE("invalid retention_curve: bad time kind, mode, period, origin or as_of");
	if (c->n < 0 || c->n > LTV_RETENTION_MAX_PERIODS ||
		(c->n > 0 && c->by_offset != NULL && c->by_offset[c->n - 1] == 0))
		return BAD_CURVE("invalid retention_curve: bad number of periods %lld", (long long) c->n);
	if (c->by_offset == NULL)
		return LTV_CODEC_OK;
	/*
	 * counts are >= 0, no k retains more customers than were eligible, and
	 * the number of customers (the sum of by_offset) fits a bigint
	 */
	for (k = c->n - 1; k >= 0; k--)
	{
		if (c->by_offset[k] < 0 || c->hits[k] < 0 ||
			c->hits[k] > eligible - (c->mode == LTV_RETENTION_ON ? 0 : retained_after))
			return BAD_CURVE("invalid retention_curve: inconsistent counts at k = %lld", (long long) k);
		if (c->mode != LTV_RETENTION_ON)
			retained_after += c->hits[k];	/* <= eligible */
		if (ltv_add_i64_overflow(eligible, c->by_offset[k], &eligible))
			return BAD_CURVE("invalid retention_curve: more customers than a bigint holds");
	}
	return LTV_CODEC_OK;
}

#define CURVE_HEADER_SIZE (1 + 1 + 1 + 4 + 4 + 8 + 8 + 8 + 8)

LtvCodecStatus
ltv_curve_decode_header(const uint8_t *data, size_t len, LtvCurveValue *c, LtvCodecError *err)
{
	LtvReader	r;
	uint64_t	version = 0,
				kind = 0,
				mode = 0;

	ltv_reader_init(&r, data, len);
	if (!ltv_read_uint(&r, 1, &version))
		return BAD_CURVE("invalid retention_curve: the value is empty");
	if (version != LTV_CURVE_FORMAT_VERSION)
		return curve_version(err, (int) version);
	c->version = (uint8_t) version;
	if (!ltv_read_uint(&r, 1, &kind) || !ltv_read_uint(&r, 1, &mode) ||
		!ltv_read_i32(&r, &c->unit.months) || !ltv_read_i32(&r, &c->unit.days) ||
		!ltv_read_i64(&r, &c->unit.usecs) || !ltv_read_i64(&r, &c->origin) ||
		!ltv_read_i64(&r, &c->as_of) || !ltv_read_i64(&r, &c->n))
		return BAD_CURVE("invalid retention_curve: the value ends within its header");
	c->kind = (uint8_t) kind;
	c->mode = (uint8_t) mode;
	if (c->n < 0 || c->n > LTV_RETENTION_MAX_PERIODS || ltv_reader_left(&r) != (uint64_t) c->n * 16)
		return BAD_CURVE("invalid retention_curve: %lld periods with %zu bytes left",
						 (long long) c->n, ltv_reader_left(&r));
	if (!curve_grid_valid(c))
		return BAD_CURVE("invalid retention_curve: bad period, origin or as_of");
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_curve_decode(const uint8_t *data, size_t len, LtvCurveValue *c, LtvCodecError *err)
{
	LtvReader	r;
	int64_t		k;
	LtvCodecStatus status = ltv_curve_decode_header(data, len, c, err);

	if (status != LTV_CODEC_OK)
		return status;
	ltv_reader_init(&r, data + CURVE_HEADER_SIZE, len - CURVE_HEADER_SIZE);
	for (k = 0; k < c->n; k++)
	{
		ltv_check_interrupts((uint64_t) k);
		(void) ltv_read_i64(&r, &c->by_offset[k]);	/* the header checked the length */
	}
	for (k = 0; k < c->n; k++)
	{
		ltv_check_interrupts((uint64_t) k);
		(void) ltv_read_i64(&r, &c->hits[k]);
	}
	return ltv_curve_check(c, err);
}

size_t
ltv_curve_encoded_size(int64_t n)
{
	return CURVE_HEADER_SIZE + (size_t) n * 16;
}

void
ltv_curve_encode(const LtvCurveValue *c, uint8_t *out)
{
	LtvWriter	w = {out, 0};
	int64_t		k;

	ltv_write_uint(&w, 1, c->version);
	ltv_write_uint(&w, 1, c->kind);
	ltv_write_uint(&w, 1, c->mode);
	ltv_write_uint(&w, 4, (uint32_t) c->unit.months);
	ltv_write_uint(&w, 4, (uint32_t) c->unit.days);
	ltv_write_uint(&w, 8, (uint64_t) c->unit.usecs);
	ltv_write_uint(&w, 8, (uint64_t) c->origin);
	ltv_write_uint(&w, 8, (uint64_t) c->as_of);
	ltv_write_uint(&w, 8, (uint64_t) c->n);
	for (k = 0; k < c->n; k++)
		ltv_write_uint(&w, 8, (uint64_t) c->by_offset[k]);
	for (k = 0; k < c->n; k++)
		ltv_write_uint(&w, 8, (uint64_t) c->hits[k]);
}

/* a comma-separated list of counts after name; out may be NULL (count only) */
static const char *
curve_list(const char *p, const char *name, int64_t *out, int64_t room, int64_t *count, LtvCodecError *err)
{
	int64_t		i = 0;

	if (strncmp(p, name, strlen(name)) != 0)
	{
		ltv_codec_failf(err, LTV_CODEC_INVALID, NULL,
						"invalid input syntax for type retention_curve: expected \"%s\" at \"%.200s\"", name, p);
		return NULL;
	}
	p += strlen(name);
	while (*p != '\0' && *p != ' ')
	{
		int64_t		v = 0;
		const char *end = (*p >= '0' && *p <= '9') ? ltv_parse_i64(p, &v) : NULL;

		ltv_check_interrupts((uint64_t) i);
		if (end == NULL || i >= LTV_RETENTION_MAX_PERIODS)
		{
			ltv_codec_failf(err, LTV_CODEC_INVALID, NULL,
							"invalid input syntax for type retention_curve: expected a count at \"%.200s\"", p);
			return NULL;
		}
		if (out != NULL && i < room)
			out[i] = v;
		i++;
		p = end;
		if (*p == ',')
		{
			p++;
			if (*p == '\0' || *p == ' ')
			{
				ltv_codec_failf(err, LTV_CODEC_INVALID, NULL,
								"invalid input syntax for type retention_curve: trailing comma");
				return NULL;
			}
		}
		else if (*p != '\0' && *p != ' ')
		{
			ltv_codec_failf(err, LTV_CODEC_INVALID, NULL,
							"invalid input syntax for type retention_curve: unexpected \"%c\"", *p);
			return NULL;
		}
	}
	*count = i;
	return p;
}

/* "key=" then an integer in [lo, hi] */
static bool
curve_field(const char **pp, const char *key, int64_t lo, int64_t hi, int64_t *v)
{
	const char *p = *pp;

	if (strncmp(p, key, strlen(key)) != 0)
		return false;
	p = ltv_parse_i64(p + strlen(key), v);
	if (p == NULL || *v < lo || *v > hi)
		return false;
	*pp = p;
	return true;
}

/* a word of at most max characters up to a space or the end */
static bool
curve_word(const char **pp, char *word, size_t max)
{
	size_t		n = 0;
	const char *p = *pp;

	while (p[n] != '\0' && p[n] != ' ')
		if (++n > max)
			return false;
	if (n == 0)
		return false;
	memcpy(word, p, n);
	word[n] = '\0';
	*pp = p + n;
	return true;
}

LtvCodecStatus
ltv_curve_parse(const char *text, LtvCurveValue *c, LtvCodecError *err)
{
	const char *p = text;
	char		kind[8];
	char		mode[16];
	int64_t		version,
				months,
				days;
	const char *lists;
	int64_t		n1,
				n2;
	bool		fill = c->by_offset != NULL;
	int64_t		room = c->n;

	if (!(curve_field(&p, "v", INT32_MIN, INT32_MAX, &version) && *p++ == ' ' &&
		  curve_word(&p, kind, 7) && *p++ == ' ' &&
		  curve_field(&p, "months=", INT32_MIN, INT32_MAX, &months) && *p++ == ' ' &&
		  curve_field(&p, "days=", INT32_MIN, INT32_MAX, &days) && *p++ == ' ' &&
		  curve_field(&p, "usecs=", INT64_MIN, INT64_MAX, &c->unit.usecs) && *p++ == ' ' &&
		  curve_field(&p, "origin=", INT64_MIN, INT64_MAX, &c->origin) && *p++ == ' ' &&
		  curve_field(&p, "as_of=", INT64_MIN, INT64_MAX, &c->as_of) && *p++ == ' ' &&
		  strncmp(p, "mode=", 5) == 0 && (p += 5, curve_word(&p, mode, 15)) && *p++ == ' '))
		return ltv_codec_fail(err, LTV_CODEC_INVALID, true, "invalid input syntax for type retention_curve",
							  CURVE_FORM, NULL);
	if (version != LTV_CURVE_FORMAT_VERSION)
		return curve_version(err, (int) version);
	c->version = (uint8_t) version;
	if (strcmp(kind, "utc") != 0 && strcmp(kind, "local") != 0)
		return BAD_CURVE("invalid input syntax for type retention_curve: time kind \"%s\"", kind);
	c->kind = strcmp(kind, "utc") == 0 ? LTV_TIME_KIND_UTC : LTV_TIME_KIND_LOCAL;
	c->unit.months = (int32_t) months;
	c->unit.days = (int32_t) days;
	if (strcmp(mode, "on") != 0 && strcmp(mode, "on_or_after") != 0)
		return BAD_CURVE("invalid input syntax for type retention_curve: mode \"%s\"", mode);
	c->mode = strcmp(mode, "on") == 0 ? LTV_RETENTION_ON : LTV_RETENTION_ON_OR_AFTER;
	if (!curve_grid_valid(c))
		return BAD_CURVE("invalid retention_curve: bad period, origin or as_of");
	lists = p;
	p = curve_list(lists, "by_offset=", fill ? c->by_offset : NULL, room, &n1, err);
	if (p == NULL)
		return LTV_CODEC_INVALID;
	if (*p != ' ')
		return BAD_CURVE("invalid input syntax for type retention_curve: expected \" hits=\"");
	p = curve_list(p + 1, "hits=", fill ? c->hits : NULL, room, &n2, err);
	if (p == NULL)
		return LTV_CODEC_INVALID;
	if (*p != '\0' || n1 != n2)
		return BAD_CURVE("invalid input syntax for type retention_curve: by_offset and hits differ in length or trailing text");
	if (fill && n1 != room)
		return BAD_CURVE("invalid retention_curve: the text changed between the passes");
	c->n = n1;
	return ltv_curve_check(c, err);
}

size_t
ltv_curve_text_size(int64_t n)
{
	return 256 + (size_t) n * 2 * 21;
}

size_t
ltv_curve_format(const LtvCurveValue *c, char *out)
{
	size_t		pos;
	int64_t		k;

	pos = sprintf(out, "v%d %s months=%d days=%d usecs=%lld origin=%lld as_of=%lld mode=%s by_offset=",
				  (int) c->version, c->kind == LTV_TIME_KIND_UTC ? "utc" : "local",
				  (int) c->unit.months, (int) c->unit.days, (long long) c->unit.usecs,
				  (long long) c->origin, (long long) c->as_of,
				  c->mode == LTV_RETENTION_ON ? "on" : "on_or_after");
	for (k = 0; k < c->n; k++)
	{
		ltv_check_interrupts((uint64_t) k);
		pos += sprintf(out + pos, k == 0 ? "%lld" : ",%lld", (long long) c->by_offset[k]);
	}
	pos += sprintf(out + pos, " hits=");
	for (k = 0; k < c->n; k++)
	{
		ltv_check_interrupts((uint64_t) k);
		pos += sprintf(out + pos, k == 0 ? "%lld" : ",%lld", (long long) c->hits[k]);
	}
	out[pos] = '\0';
	return pos;
}
