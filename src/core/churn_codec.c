/*
 * churn_codec.c: churn_curve entries in text and binary (churn_codec.h).
 */
#include "churn_codec.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith.h"

static LtvCodecStatus
bad_value(LtvCodecError *err, const char *fmt, long long a, long long b)
{
	return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL, fmt, a, b);
}

LtvCodecStatus
ltv_churn_validate(const LtvChurnEntry *entries, int32_t n, LtvCodecError *err)
{
	int64_t		total = 0;
	int32_t		i;

	if (n < 1)
		return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
							  "A churn_curve has at least one customer.");
	for (i = 0; i < n; i++)
	{
		const LtvChurnEntry *e = &entries[i];

		ltv_check_interrupts((uint64_t) i);
		if (!isfinite(e->duration) || e->duration < 0)
		{
			char		g[LTV_F64_TEXT_LEN];

			return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
								  "Entry %d has duration %s; durations are finite and >= 0.",
								  (int) i + 1, ltv_format_f64_g(e->duration, g));
		}
		if (i > 0 && !(e->duration > entries[i - 1].duration))
			return bad_value(err, "Entry %lld is not after entry %lld; durations are strictly increasing.",
							 (long long) i + 1, (long long) i);
		if (e->churned < 0 || e->censored < 0 || (e->churned == 0 && e->censored == 0))
			return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
								  "Entry %d has counts %lld/%lld; counts are >= 0 and not both 0.",
								  (int) i + 1, (long long) e->churned, (long long) e->censored);
		if (ltv_add_i64_overflow(total, e->churned, &total) ||
			ltv_add_i64_overflow(total, e->censored, &total))
			return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
								  "The number of customers overflows a bigint.");
	}
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_churn_decode_header(const uint8_t *data, size_t len, int32_t *n, LtvCodecError *err)
{
	LtvReader	r;
	uint64_t	version;
	int32_t		count;

	ltv_reader_init(&r, data, len);
	if (!ltv_read_uint(&r, 1, &version))
		return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
							  "The value is empty.");
	if (version != LTV_CHURN_VERSION)
		return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
							  "Unknown format version %d (this ltv reads version %d).",
							  (int) version, LTV_CHURN_VERSION);
	if (!ltv_read_i32(&r, &count))
		return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
							  "The data ends before the count.");
	if (count < 1 || count > LTV_CHURN_MAX_ENTRIES ||
		(uint64_t) count * LTV_CHURN_WIRE_ENTRY != ltv_reader_left(&r))
		return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
							  "The count %d does not match the %zu bytes that follow.",
							  (int) count, ltv_reader_left(&r));
	*n = count;
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_churn_decode(const uint8_t *data, size_t len, LtvChurnEntry *out, LtvCodecError *err)
{
	LtvReader	r;
	int32_t		n;
	int32_t		i;
	LtvCodecStatus status = ltv_churn_decode_header(data, len, &n, err);

	if (status != LTV_CODEC_OK)
		return status;
	ltv_reader_init(&r, data + 5, len - 5);
	for (i = 0; i < n; i++)
	{
		ltv_check_interrupts((uint64_t) i);
		/* the header checked the length: these reads cannot run short */
		(void) ltv_read_f64(&r, &out[i].duration);
		(void) ltv_read_i64(&r, &out[i].churned);
		(void) ltv_read_i64(&r, &out[i].censored);
	}
	return ltv_churn_validate(out, n, err);
}

size_t
ltv_churn_encoded_size(int32_t n)
{
	return 5 + (size_t) n * LTV_CHURN_WIRE_ENTRY;
}

void
ltv_churn_encode(const LtvChurnEntry *e, int32_t n, uint8_t *out)
{
	LtvWriter	w = {out, 0};
	int32_t		i;

	ltv_write_uint(&w, 1, LTV_CHURN_VERSION);
	ltv_write_uint(&w, 4, (uint32_t) n);
	for (i = 0; i < n; i++)
	{
		ltv_write_f64(&w, e[i].duration);
		ltv_write_uint(&w, 8, (uint64_t) e[i].churned);
		ltv_write_uint(&w, 8, (uint64_t) e[i].censored);
	}
}

int32_t
ltv_churn_parse_bound(const char *text)
{
	int64_t		spaces = 0;
	const char *p;

	for (p = text; *p; p++)
	{
		ltv_check_interrupts((uint64_t) (p - text));
		if (*p == ' ' && ++spaces > LTV_CHURN_MAX_ENTRIES)
			break;
	}
	return (int32_t) spaces;
}

static LtvCodecStatus
syntax(LtvCodecError *err, const char *near)
{
	return ltv_codec_fail(err, LTV_CODEC_INVALID, true, "invalid input syntax for type churn_curve", NULL,
						  "Expected \"v1\" followed by \" duration:churned:censored\" entries, near \"%.200s\".",
						  near);
}

/* a count: digits only (a sign is a syntax error) */
static const char *
parse_count(const char *p, int64_t *v)
{
	if (!isdigit((unsigned char) *p))
		return NULL;
	return ltv_parse_i64(p, v);
}

LtvCodecStatus
ltv_churn_parse(const char *text, LtvChurnEntry *out, int32_t cap, int32_t *n, LtvCodecError *err)
{
	const char *p = text;
	int32_t		count = 0;

	if (strncmp(p, "v1", 2) != 0 || (p[2] != ' ' && p[2] != '\0'))
		return ltv_codec_fail(err, LTV_CODEC_INVALID, true, "invalid input syntax for type churn_curve", NULL,
							  "A churn_curve starts with its format version, \"v1\".");
	p += 2;
	while (*p == ' ')
	{
		LtvChurnEntry e;
		const char *end;

		ltv_check_interrupts((uint64_t) count);
		p++;
		end = ltv_parse_f64(p, &e.duration);
		if (end == NULL || *end != ':')
			return syntax(err, p);
		p = end + 1;
		end = parse_count(p, &e.churned);
		if (end == NULL || *end != ':')
			return syntax(err, p);
		p = end + 1;
		end = parse_count(p, &e.censored);
		if (end == NULL || (*end != ' ' && *end != '\0'))
			return syntax(err, p);
		p = end;
		if (count >= LTV_CHURN_MAX_ENTRIES)
			return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
								  "Too many entries.");
		if (count >= cap)
			return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid churn_curve value", NULL,
								  "More entries than the text has spaces.");
		out[count++] = e;
	}
	if (*p != '\0')
		return syntax(err, p);
	*n = count;
	return ltv_churn_validate(out, count, err);
}

size_t
ltv_churn_text_size(int32_t n)
{
	/* " " + duration + ":" + 2 x (up to 20 characters) */
	return 3 + (size_t) n * (1 + LTV_F64_TEXT_LEN + 1 + 20 + 1 + 20);
}

size_t
ltv_churn_format(const LtvChurnEntry *e, int32_t n, char *out, LtvF64Writer writer)
{
	size_t		pos = 0;
	int32_t		i;

	if (writer == NULL)
		writer = ltv_format_f64_shortest;
	memcpy(out, "v1", 2);
	pos = 2;
	for (i = 0; i < n; i++)
	{
		ltv_check_interrupts((uint64_t) i);
		out[pos++] = ' ';
		pos += writer(e[i].duration, out + pos);
		pos += sprintf(out + pos, ":%lld:%lld", (long long) e[i].churned, (long long) e[i].censored);
	}
	out[pos] = '\0';
	return pos;
}

LtvCodecStatus
ltv_churn_merge(const LtvChurnEntry *a, int32_t na, const LtvChurnEntry *b, int32_t nb,
				LtvChurnEntry *out, int32_t *nout, LtvCodecError *err)
{
	int32_t		i = 0,
				j = 0,
				n = 0;
	int64_t		total = 0;

	while (i < na || j < nb)
	{
		const LtvChurnEntry *next;

		ltv_check_interrupts((uint64_t) (i + j));
		if (j >= nb || (i < na && a[i].duration < b[j].duration))
			next = &a[i++];
		else
			next = &b[j++];
		/* the number of customers must fit an int64, and so then does each count */
		if (ltv_add_i64_overflow(total, next->churned, &total) ||
			ltv_add_i64_overflow(total, next->censored, &total))
			return ltv_codec_fail(err, LTV_CODEC_OVERFLOW, false,
								  "churn_curve counts more customers than a bigint holds",
								  "Merge each curve once; a curve merged with itself counts its customers twice.",
								  "The merged curves count more than %lld customers.", (long long) INT64_MAX);
		if (n > 0 && out[n - 1].duration == next->duration)
		{
			/* both fit: their sum is at most total */
			out[n - 1].churned += next->churned;
			out[n - 1].censored += next->censored;
		}
		else
			out[n++] = *next;
	}
	*nout = n;
	return LTV_CODEC_OK;
}

#define LTV_CHURN_MAX_RUNS_SCANNED 64

/*
 * Appends one customer's key to out.  The keys come in ascending order (if
 * every run ascends, the merged sequence does, and only then), and equal
 * durations have equal bits (no NaN, no -0).  False when the order breaks or
 * out is full.
 */
static inline bool
emit_key(uint64_t key, uint64_t *prev, LtvChurnEntry *out, int32_t max_out, int32_t *n, LtvCodecStatus *why)
{
	if (key < *prev)
	{
		*why = LTV_CODEC_INVALID;
		return false;
	}
	if (*n == 0 || (key >> 1) != (*prev >> 1))
	{
		uint64_t	bits = key >> 1;
		LtvChurnEntry *e;

		if (*n == max_out)
		{
			*why = LTV_CODEC_LIMIT;
			return false;
		}
		e = &out[(*n)++];
		memcpy(&e->duration, &bits, sizeof(e->duration));
		e->churned = 0;
		e->censored = 0;
	}
	/* one customer per key: the counts stay below 2^31 */
	out[*n - 1].churned += key & 1;
	out[*n - 1].censored += (~key) & 1;
	*prev = key;
	return true;
}

LtvCodecStatus
ltv_churn_merge_key_runs(const uint64_t *keys, const int32_t *run_end, int nruns,
						 LtvChurnEntry *out, int32_t max_out, int32_t *nout, LtvCodecError *err)
{
	int32_t		pos[LTV_CHURN_MAX_RUNS_SCANNED],
				end[LTV_CHURN_MAX_RUNS_SCANNED];
	int32_t		n = 0;
	uint64_t	prev = 0,
				done = 0;
	LtvCodecStatus why = LTV_CODEC_OK;
	int			live = 0,
				r;

	if (nruns < 0 || nruns > LTV_CHURN_MAX_RUNS_SCANNED)
		return ltv_codec_failf(err, LTV_CODEC_INVALID, NULL, "%d runs of churn_curve keys to merge", nruns);
	/* the runs that are not empty, as [pos, end) */
	for (r = 0; r < nruns; r++)
	{
		int32_t		start = r == 0 ? 0 : run_end[r - 1];

		if (run_end[r] < start)
			return ltv_codec_failf(err, LTV_CODEC_INVALID, NULL, "churn_curve key run %d ends before it starts", r);
		if (run_end[r] > start)
		{
			pos[live] = start;
			end[live] = run_end[r];
			live++;
		}
	}
	/* more than two runs: a linear scan of the heads (there are few: one per worker or shard) */
	while (live > 2)
	{
		int			best = 0;

		ltv_check_interrupts(done++);
		for (r = 1; r < live; r++)
			if (keys[pos[r]] < keys[pos[best]])
				best = r;
		if (!emit_key(keys[pos[best]++], &prev, out, max_out, &n, &why))
			goto fail;
		if (pos[best] == end[best])
		{
			pos[best] = pos[live - 1];
			end[best] = end[live - 1];
			live--;
		}
	}
	if (live == 2)
	{
		int32_t		i = pos[0],
					j = pos[1];

		while (i < end[0] && j < end[1])
		{
			uint64_t	a = keys[i],
						b = keys[j];
			bool		take_a = a <= b;

			ltv_check_interrupts(done++);
			i += take_a;
			j += !take_a;
			if (!emit_key(take_a ? a : b, &prev, out, max_out, &n, &why))
				goto fail;
		}
		/* the run that is left */
		pos[0] = i < end[0] ? i : j;
		end[0] = i < end[0] ? end[0] : end[1];
		live = 1;
	}
	if (live == 1)
		for (; pos[0] < end[0]; pos[0]++)
		{
			ltv_check_interrupts(done++);
			if (!emit_key(keys[pos[0]], &prev, out, max_out, &n, &why))
				goto fail;
		}
	*nout = n;
	return LTV_CODEC_OK;

fail:
	if (why == LTV_CODEC_LIMIT)
		return ltv_codec_failf(err, LTV_CODEC_LIMIT, "Round the durations, for example to whole days or periods.",
							   "churn_curve has more than %d distinct durations", (int) max_out);
	return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "a run of churn_curve keys is not sorted", NULL, NULL);
}
