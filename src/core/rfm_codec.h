/*
 * rfm_codec.h: the rfm_state value in its canonical form (see
 * src/rfm_state.c for the type).
 *
 * binary: uint8 version (1), uint8 flags (0), int16 bins (2 .. 100), then per
 * dimension (recency, frequency, monetary) int32 nruns and nruns x (float8
 * value, int64 count); values finite, >= 0 and strictly increasing, counts
 * >= 1, each dimension's total <= LTV_QUANTILE_MAX_TOTAL.  text: the binary
 * form in hexadecimal.
 */
#ifndef LTV_CORE_RFM_CODEC_H
#define LTV_CORE_RFM_CODEC_H

#include "codec.h"
#include "quantile.h"

#define LTV_RFM_FORMAT_VERSION 1
#define LTV_RFM_NDIMS 3

extern const char *const ltv_rfm_dim_names[LTV_RFM_NDIMS];

/* the room decode needs: the most runs len bytes can hold */
extern size_t ltv_rfm_decode_room(size_t len);
/*
 * Decodes into runs (room for ltv_rfm_decode_room(len)), dimension after
 * dimension; nruns[d] runs each.
 */
extern LtvCodecStatus ltv_rfm_decode(const uint8_t *data, size_t len, int *bins, LtvRun *runs,
									 size_t nruns[LTV_RFM_NDIMS], LtvCodecError *err);
extern size_t ltv_rfm_encoded_size(const size_t nruns[LTV_RFM_NDIMS]);
extern void ltv_rfm_encode(int bins, const LtvRun *const runs[LTV_RFM_NDIMS],
						   const size_t nruns[LTV_RFM_NDIMS], uint8_t *out);
/* text: checks the hexadecimal and decodes it into bytes (strlen(text) / 2 of them) */
extern LtvCodecStatus ltv_rfm_unhex(const char *text, uint8_t *bytes, LtvCodecError *err);

/*
 * Merges two dimensions' runs into out (room for na + nb): LTV_CODEC_LIMIT
 * when the merged total would exceed LTV_QUANTILE_MAX_TOTAL.
 */
extern LtvCodecStatus ltv_rfm_merge_runs(const LtvRun *a, size_t na, const LtvRun *b, size_t nb,
										 int dim, LtvRun *out, size_t *nout, LtvCodecError *err);

#endif							/* LTV_CORE_RFM_CODEC_H */
