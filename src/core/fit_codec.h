/*
 * fit_codec.h: the ltv_fit_state value (see src/model.h for the type), its
 * records validated, read and written in its text and binary forms, and
 * the merge of equal records.
 *
 * A state is a purchase model, a unit and records (x, t_x, T, mean spend,
 * count): one per distinct customer summary, or several with the same
 * summary (the merge of two states appends; equal records are merged
 * later).  Format version 1 (ltv 1.0) is a BG/NBD state; version 2 carries
 * the purchase model after the version.  A BG/NBD state is written as
 * version 1, so its forms are the ones ltv 1.0 gives.
 *
 *   text    "1;<months>;<days>;<usecs>;<n>" or
 *           "2;<model>;<months>;<days>;<usecs>;<n>", then per record
 *           ";<x>,<t_x>,<T>,<m or ->,<count>", doubles as %.17g
 *   binary  u8 version, [u8 model kind when 2], i32 months, i32 days,
 *           i64 usecs, i64 n, then n x (i32 x, f64 t_x, f64 T, u8 has_m,
 *           f64 m, i64 count), big-endian
 *
 * Errors: a syntax error of the text sets quote_input (22P02 in the glue);
 * an inconsistent value does not (22P03).  The messages are the ones 1.0
 * gave.
 */
#ifndef LTV_CORE_FIT_CODEC_H
#define LTV_CORE_FIT_CODEC_H

#include "codec.h"
#include "period.h"
#include "purchase_model.h"

typedef struct LtvFitRecord
{
	double		t_x;
	double		T;
	double		m;				/* mean repeat spend when has_m, else 0 */
	int32_t		x;
	int32_t		has_m;			/* 1: in the Gamma-Gamma fit (x > 0, m > 0) */
	int64_t		count;
} LtvFitRecord;					/* 40 bytes (the server stores this struct) */

/*
 * A state is a varlena when it is stored, sent or copied: at most
 * MaxAllocSize (2^30 - 1 bytes) with its 40-byte header, 26,843,544 records.
 */
#define LTV_FIT_MAX_RECORDS INT64_C(26843544)
#define LTV_FIT_RECORD_WIRE_SIZE (4 + 8 + 8 + 1 + 8 + 8)

typedef struct LtvFitStateHeader
{
	int			kind;			/* LtvPurchaseModelKind */
	LtvUnit		unit;
	int64_t		nrecords;
} LtvFitStateHeader;

/* the format version a state is written in: 1 for BG/NBD, else 2 */
extern int	ltv_fit_state_version(int kind);

/* a record within the domain of the purchase model (valid) */
extern LtvCodecStatus ltv_fit_record_validate(const LtvFitRecord *r, const LtvPurchaseModel *pm,
											  LtvCodecError *err);

/*
 * binary, in two steps (the caller allocates the records between them):
 * the header of data[0 .. len) (checked: version, model, unit, a record
 * count that the length holds), *pos past it; then h->nrecords records from
 * *pos, each validated, and nothing after them.
 */
extern LtvCodecStatus ltv_fit_state_decode_header(const uint8_t *data, size_t len, LtvFitStateHeader *h,
												  size_t *pos, LtvCodecError *err);
extern LtvCodecStatus ltv_fit_state_decode_records(const uint8_t *data, size_t len, size_t pos,
												   const LtvFitStateHeader *h, LtvFitRecord *records,
												   LtvCodecError *err);
extern size_t ltv_fit_state_encoded_size(const LtvFitStateHeader *h);
extern void ltv_fit_state_encode(const LtvFitStateHeader *h, const LtvFitRecord *records, uint8_t *out);

/*
 * text, in the same two steps: the header (*rest points after it), then
 * h->nrecords records from rest.
 */
extern LtvCodecStatus ltv_fit_state_parse_header(const char *text, LtvFitStateHeader *h, const char **rest,
												 LtvCodecError *err);
extern LtvCodecStatus ltv_fit_state_parse_records(const char *rest, const LtvFitStateHeader *h,
												  LtvFitRecord *records, LtvCodecError *err);

/* the text of the header, and of one record (with its leading ';'); return the length */
#define LTV_FIT_HEADER_TEXT_LEN 128
#define LTV_FIT_RECORD_TEXT_LEN 128
extern size_t ltv_fit_state_format_header(const LtvFitStateHeader *h, char *buf);
extern size_t ltv_fit_record_format(const LtvFitRecord *r, char *buf);

/* ---- merging ---- */

/* the order of records: x, t_x, T, has_m, m (a qsort comparator); 0 for equal records */
extern int	ltv_fit_record_cmp(const void *a, const void *b);

/*
 * Copies n records, read in the order order[0 .. n) (NULL: as they are),
 * into out (room for n), merging adjacent equal records (their counts
 * added); *nout records are written.  An order that puts equal records next
 * to each other (sorted by ltv_fit_record_cmp, or grouped) leaves no two
 * equal records.  LTV_CODEC_OVERFLOW when a merged count exceeds an int64.
 */
extern LtvCodecStatus ltv_fit_records_merge_equal(const LtvFitRecord *records, const int64_t *order,
												  int64_t n, LtvFitRecord *out, int64_t *nout,
												  LtvCodecError *err);

/*
 * The customers of n records, which one ltv_model can count (at most
 * LTV_MODEL_MAX_CUSTOMERS): LTV_CODEC_LIMIT when more.
 */
extern LtvCodecStatus ltv_fit_records_check_total(const LtvFitRecord *records, int64_t n,
												  LtvCodecError *err);

#endif							/* LTV_CORE_FIT_CODEC_H */
