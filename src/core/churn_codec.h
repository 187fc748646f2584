/*
 * churn_codec.h: the churn_curve value's entries, validated, read and
 * written in its text and binary forms (see src/churn.h for the type).
 *
 * A curve is count >= 1 entries, one per distinct duration, strictly
 * increasing; each duration finite and >= 0, counts >= 0 and not both 0, the
 * number of customers (the sum of all counts) within an int64.
 *
 *   text:   "v1" then " duration:churned:censored" per entry, the duration
 *           in the shortest form that reads back exactly
 *   binary: uint8 version (1), int32 count, count x (float8 duration,
 *           int64 churned, int64 censored)
 */
#ifndef LTV_CORE_CHURN_CODEC_H
#define LTV_CORE_CHURN_CODEC_H

#include "codec.h"

#define LTV_CHURN_VERSION 1
/* entries that fit PostgreSQL's MaxAllocSize (1 GB - 1) with the 16-byte header */
#define LTV_CHURN_MAX_ENTRIES ((int32_t) ((0x3fffffff - 16) / 24))
#define LTV_CHURN_WIRE_ENTRY 24

typedef struct LtvChurnEntry
{
	double		duration;
	int64_t		churned;
	int64_t		censored;
} LtvChurnEntry;

extern LtvCodecStatus ltv_churn_validate(const LtvChurnEntry *e, int32_t n, LtvCodecError *err);

/* binary: the entry count after checking the version and the length */
extern LtvCodecStatus ltv_churn_decode_header(const uint8_t *data, size_t len, int32_t *n,
											  LtvCodecError *err);
/* binary: the n entries (n from the header) into out, validated */
extern LtvCodecStatus ltv_churn_decode(const uint8_t *data, size_t len, LtvChurnEntry *out,
									   LtvCodecError *err);
extern size_t ltv_churn_encoded_size(int32_t n);
extern void ltv_churn_encode(const LtvChurnEntry *e, int32_t n, uint8_t *out);

/*
 * Merges nruns runs of per-customer keys into entries.  A key is one
 * customer: the bits of its duration (a double >= 0, never -0) shifted left
 * by one, bit 0 set when the customer churned, so keys order as their
 * durations.  Run i is keys[run_end[i - 1] .. run_end[i] - 1] (run 0 starts
 * at 0), each in ascending order.  Writes one entry per distinct duration,
 * ascending, into out (room for max_out).  Fails when a run is
 * not ascending (LTV_CODEC_INVALID), LTV_CODEC_LIMIT when there are more than max_out
 * distinct durations.
 */
extern LtvCodecStatus ltv_churn_merge_key_runs(const uint64_t *keys, const int32_t *run_end, int nruns,
											   LtvChurnEntry *out, int32_t max_out, int32_t *nout,
											   LtvCodecError *err);

/*
 * Merges two curves' entries, each strictly increasing in duration, into out
 * (room for na + nb): equal durations add their counts.  LTV_CODEC_OVERFLOW
 * when the customers of the two (the sum of every count) exceed an int64.
 */
extern LtvCodecStatus ltv_churn_merge(const LtvChurnEntry *a, int32_t na, const LtvChurnEntry *b, int32_t nb,
									  LtvChurnEntry *out, int32_t *nout, LtvCodecError *err);

/* text: room for the entries text can hold (its spaces), at most LTV_CHURN_MAX_ENTRIES + 1 */
extern int32_t ltv_churn_parse_bound(const char *text);
/* text: parses into out (room for cap entries), validated; quote_input errors name the text */
extern LtvCodecStatus ltv_churn_parse(const char *text, LtvChurnEntry *out, int32_t cap, int32_t *n,
									  LtvCodecError *err);
/* text: an upper bound of the length ltv_churn_format writes, with its zero */
extern size_t ltv_churn_text_size(int32_t n);
extern size_t ltv_churn_format(const LtvChurnEntry *e, int32_t n, char *out, LtvF64Writer writer);

#endif							/* LTV_CORE_CHURN_CODEC_H */
