/*
 * retention_codec.h: the retention_activity and retention_curve values,
 * validated, read and written in their text and binary forms (see
 * src/retention.h and src/retention_curve.h for the types).
 *
 * retention_activity text: "v2 utc|local months=M days=D usecs=U origin=O
 * start=S first=F|none periods=0,j,..."; binary: u8 version, u8 kind, i32
 * months, i32 days, i64 usecs, i64 origin, i64 start, i32 lead, i32 nwords,
 * nwords x u64.
 *
 * retention_curve text: "v1 utc|local months=M days=D usecs=U origin=O
 * as_of=T mode=on|on_or_after by_offset=c0,c1,... hits=h0,h1,..."; binary:
 * u8 version, u8 kind, u8 mode, i32 months, i32 days, i64 usecs, i64 origin,
 * i64 as_of, i64 n, n x i64 by_offset, n x i64 hits.
 */
#ifndef LTV_CORE_RETENTION_CODEC_H
#define LTV_CORE_RETENTION_CODEC_H

#include "codec.h"
#include "period.h"
#include "retention.h"

#define LTV_ACTIVITY_FORMAT_VERSION 2
#define LTV_CURVE_FORMAT_VERSION 1
#define LTV_TIME_KIND_LOCAL 0
#define LTV_TIME_KIND_UTC 1
#define LTV_ACTIVITY_NO_PURCHASE (-1)
#define LTV_ACTIVITY_MAX_WORDS (LTV_RETENTION_MAX_PERIODS / 64)

typedef struct LtvActivityValue
{
	uint8_t		version;
	uint8_t		kind;
	LtvUnit		unit;
	int64_t		origin;
	int64_t		start;
	int32_t		nwords;
	int32_t		lead;			/* LTV_ACTIVITY_NO_PURCHASE when none */
	uint64_t   *words;			/* nwords words, the caller's */
} LtvActivityValue;

extern LtvCodecStatus ltv_activity_check(const LtvActivityValue *a, LtvCodecError *err);
/* binary: the header (nwords checked against the length); then the words, validated */
extern LtvCodecStatus ltv_activity_decode_header(const uint8_t *data, size_t len, LtvActivityValue *a,
												 LtvCodecError *err);
extern LtvCodecStatus ltv_activity_decode(const uint8_t *data, size_t len, LtvActivityValue *a,
										  LtvCodecError *err);
extern size_t ltv_activity_encoded_size(int32_t nwords);
extern void ltv_activity_encode(const LtvActivityValue *a, uint8_t *out);
/*
 * text: with a->words NULL, parses and sets a->nwords (the room needed);
 * with a->words (nwords zeroed words), sets the bits and validates
 */
extern LtvCodecStatus ltv_activity_parse(const char *text, LtvActivityValue *a, LtvCodecError *err);
extern size_t ltv_activity_text_size(const LtvActivityValue *a);
extern size_t ltv_activity_format(const LtvActivityValue *a, char *out);

typedef struct LtvCurveValue
{
	uint8_t		version;
	uint8_t		kind;
	uint8_t		mode;			/* LtvRetentionMode */
	LtvUnit		unit;
	int64_t		origin;
	int64_t		as_of;
	int64_t		a;				/* the period of as_of */
	int64_t		n;
	int64_t    *by_offset;		/* n each, the caller's */
	int64_t    *hits;
} LtvCurveValue;

/* checks everything but a (which it computes) and the counts when n's arrays are NULL */
extern LtvCodecStatus ltv_curve_check(LtvCurveValue *c, LtvCodecError *err);
extern LtvCodecStatus ltv_curve_decode_header(const uint8_t *data, size_t len, LtvCurveValue *c,
											  LtvCodecError *err);
extern LtvCodecStatus ltv_curve_decode(const uint8_t *data, size_t len, LtvCurveValue *c,
									   LtvCodecError *err);
extern size_t ltv_curve_encoded_size(int64_t n);
extern void ltv_curve_encode(const LtvCurveValue *c, uint8_t *out);
/* text: with the arrays NULL, parses and sets n; with them, fills and validates */
extern LtvCodecStatus ltv_curve_parse(const char *text, LtvCurveValue *c, LtvCodecError *err);
extern size_t ltv_curve_text_size(int64_t n);
extern size_t ltv_curve_format(const LtvCurveValue *c, char *out);

#endif							/* LTV_CORE_RETENTION_CODEC_H */
