/*
 * model_codec.h: the ltv_model and ltv_fit_state values, validated, read
 * and written in their text and binary forms (see src/model.h).
 *
 * ltv_model text: key=value pairs in a fixed order, doubles as %.17g (exact)
 * or NaN; binary: the same fields in that order, big-endian (u8, i32, i64,
 * f64), 179 bytes.
 *
 * ltv_fit_state text: "1;<months>;<days>;<usecs>;<n>" then per record
 * ";<x>,<t_x>,<T>,<m or ->,<count>"; binary: u8 version, i32 months, i32
 * days, i64 usecs, i64 n, then n x (i32 x, f64 t_x, f64 T, u8 has_m, f64 m,
 * i64 count).
 */
#ifndef LTV_CORE_MODEL_CODEC_H
#define LTV_CORE_MODEL_CODEC_H

#include "codec.h"

#define LTV_MODEL_FORMAT_VERSION 1
#define LTV_FIT_STATE_FORMAT_VERSION 1

/*
 * The most customers a model counts: 2^53, the largest count a double holds
 * exactly.  ltv_fit refuses to make a model over more (54000); the input
 * accepts every count up to it.
 */
#define LTV_MODEL_MAX_CUSTOMERS 9007199254740992.0

typedef struct LtvModelValue
{
	uint8_t		version;
	uint8_t		bgnbd_status;	/* LtvFitStatus */
	uint8_t		gg_status;
	uint8_t		reserved;		/* 0 */
	int32_t		unit_months;
	int32_t		unit_days;
	int64_t		unit_usecs;
	double		n_customers;
	double		n_repeaters;
	double		n_spend;
	double		params[7];		/* r, alpha, a, b, p, q, gamma; NaN when not fitted */
	double		se[7];
	double		loglik_bgnbd;
	double		loglik_gg;
	int32_t		iterations_bgnbd;
	int32_t		iterations_gg;
} LtvModelValue;

#define LTV_MODEL_WIRE_SIZE 179

extern LtvCodecStatus ltv_model_check(const LtvModelValue *m, LtvCodecError *err);
extern LtvCodecStatus ltv_model_decode(const uint8_t *data, size_t len, LtvModelValue *m,
									   LtvCodecError *err);
extern void ltv_model_encode(const LtvModelValue *m, uint8_t *out);	/* LTV_MODEL_WIRE_SIZE bytes */
extern LtvCodecStatus ltv_model_parse(const char *text, LtvModelValue *m, LtvCodecError *err);
#define LTV_MODEL_TEXT_SIZE 1024
extern size_t ltv_model_format(const LtvModelValue *m, char *out);	/* LTV_MODEL_TEXT_SIZE bytes */

/* ---- ltv_fit_state ---- */

typedef struct LtvFitRecordValue
{
	double		t_x;
	double		T;
	double		m;				/* mean repeat spend when has_m, else 0 */
	int32_t		x;
	int32_t		has_m;			/* 1: in the Gamma-Gamma fit (x > 0, m > 0) */
	int64_t		count;
} LtvFitRecordValue;

typedef struct LtvFitStateHeader
{
	uint8_t		version;
	int32_t		unit_months;
	int32_t		unit_days;
	int64_t		unit_usecs;
	int64_t		nrecords;
} LtvFitStateHeader;

/* records that fit a varlena (MaxAllocSize, 1 GB - 1, with the 40-byte header) */
#define LTV_FIT_MAX_RECORDS ((int64_t) ((0x3fffffff - 40) / 40))
#define LTV_FIT_RECORD_WIRE_SIZE 37

extern LtvCodecStatus ltv_fit_record_check(const LtvFitRecordValue *r, LtvCodecError *err);
/* header checks (version, unit, count); then the records and the customers' total */
extern LtvCodecStatus ltv_fit_state_check(const LtvFitStateHeader *h, const LtvFitRecordValue *r,
										  LtvCodecError *err);
extern LtvCodecStatus ltv_fit_state_decode_header(const uint8_t *data, size_t len,
												  LtvFitStateHeader *h, LtvCodecError *err);
extern LtvCodecStatus ltv_fit_state_decode(const uint8_t *data, size_t len, LtvFitStateHeader *h,
										   LtvFitRecordValue *records, LtvCodecError *err);
extern size_t ltv_fit_state_encoded_size(int64_t nrecords);
extern void ltv_fit_state_encode(const LtvFitStateHeader *h, const LtvFitRecordValue *r, uint8_t *out);
/* text: the header, then room for h->nrecords records, then the records */
extern LtvCodecStatus ltv_fit_state_parse_header(const char *text, LtvFitStateHeader *h,
												 LtvCodecError *err);
extern LtvCodecStatus ltv_fit_state_parse(const char *text, LtvFitStateHeader *h,
										  LtvFitRecordValue *records, LtvCodecError *err);
extern size_t ltv_fit_state_text_size(int64_t nrecords);
extern size_t ltv_fit_state_format(const LtvFitStateHeader *h, const LtvFitRecordValue *r, char *out);

#endif							/* LTV_CORE_MODEL_CODEC_H */
