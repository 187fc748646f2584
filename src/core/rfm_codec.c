/*
 * rfm_codec.c: rfm_state in its canonical binary and hexadecimal forms
 * (rfm_codec.h).  The messages are the ones 1.0 gave.
 */
#include "rfm_codec.h"

#include <math.h>
#include <string.h>

#include "arith.h"
#include "rfm.h"

const char *const ltv_rfm_dim_names[LTV_RFM_NDIMS] = {"recency", "frequency", "monetary"};

#define RFM_HINT "Use a value produced by rfm_state_agg or by the rfm_state output function."

#define BAD_STATE(...) ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid rfm_state", RFM_HINT, __VA_ARGS__)

size_t
ltv_rfm_decode_room(size_t len)
{
	return len / 16 + 1;
}

LtvCodecStatus
ltv_rfm_decode(const uint8_t *data, size_t len, int *bins, LtvRun *runs, size_t nruns[LTV_RFM_NDIMS],
			   LtvCodecError *err)
{
	LtvReader	r;
	uint64_t	version,
				flags,
				b;
	int			d;
	size_t		used = 0;

	ltv_reader_init(&r, data, len);
	if (!ltv_read_uint(&r, 1, &version))
		return BAD_STATE("The data ends before the version.");
	if (version != LTV_RFM_FORMAT_VERSION)
		return BAD_STATE("Format version %d is not supported (this build reads version %d).",
						 (int) version, LTV_RFM_FORMAT_VERSION);
	if (!ltv_read_uint(&r, 1, &flags))
		return BAD_STATE("The data ends before the flags.");
	if (flags != 0)
		return BAD_STATE("The flags byte must be 0.");
	if (!ltv_read_uint(&r, 2, &b))
		return BAD_STATE("The data ends before the bin count.");
	if ((int16_t) b < LTV_RFM_MIN_BINS || (int16_t) b > LTV_RFM_MAX_BINS)
		return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid rfm_state", RFM_HINT,
							  "The bin count %d is outside %d .. %d.", (int) (int16_t) b,
							  LTV_RFM_MIN_BINS, LTV_RFM_MAX_BINS);
	*bins = (int16_t) b;
	for (d = 0; d < LTV_RFM_NDIMS; d++)
	{
		uint64_t	n;
		int64_t		total = 0;
		uint64_t	i;
		LtvRun	   *out = runs + used;

		if (!ltv_read_uint(&r, 4, &n))
			return BAD_STATE("The data ends before a run count.");
		if (n > ltv_reader_left(&r) / 16)
			return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid rfm_state", RFM_HINT,
								  "The %s run count %llu exceeds the data left.",
								  ltv_rfm_dim_names[d], (unsigned long long) n);
		for (i = 0; i < n; i++)
		{
			double		value = 0;
			int64_t		count = 0;

			ltv_check_interrupts(i);
			(void) ltv_read_f64(&r, &value);	/* n checked against the length */
			(void) ltv_read_i64(&r, &count);
			if (isnan(value) || isinf(value) || value < 0)
				return BAD_STATE("A %s value is negative or not finite.", ltv_rfm_dim_names[d]);
			if (i > 0 && !(value > out[i - 1].value))
				return BAD_STATE("The %s values are not strictly increasing.", ltv_rfm_dim_names[d]);
			if (count < 1 || count > LTV_QUANTILE_MAX_TOTAL - total)
				return BAD_STATE("A %s count is not positive or the total is too large.",
								 ltv_rfm_dim_names[d]);
			total += count;
			out[i].value = value;
			out[i].count = count;
		}
		nruns[d] = (size_t) n;
		used += (size_t) n;
	}
	if (ltv_reader_left(&r) != 0)
		return ltv_codec_fail(err, LTV_CODEC_INVALID, false, "invalid rfm_state", RFM_HINT,
							  "Extra bytes (%zu) follow the last run.", ltv_reader_left(&r));
	return LTV_CODEC_OK;
}

size_t
ltv_rfm_encoded_size(const size_t nruns[LTV_RFM_NDIMS])
{
	return 4 + 4 * LTV_RFM_NDIMS + 16 * (nruns[0] + nruns[1] + nruns[2]);
}

void
ltv_rfm_encode(int bins, const LtvRun *const runs[LTV_RFM_NDIMS], const size_t nruns[LTV_RFM_NDIMS],
			   uint8_t *out)
{
	LtvWriter	w = {out, 0};
	int			d;

	ltv_write_uint(&w, 1, LTV_RFM_FORMAT_VERSION);
	ltv_write_uint(&w, 1, 0);
	ltv_write_uint(&w, 2, (uint16_t) bins);
	for (d = 0; d < LTV_RFM_NDIMS; d++)
	{
		size_t		i;

		ltv_write_uint(&w, 4, (uint32_t) nruns[d]);
		for (i = 0; i < nruns[d]; i++)
		{
			ltv_write_f64(&w, runs[d][i].value);
			ltv_write_uint(&w, 8, (uint64_t) runs[d][i].count);
		}
	}
}

LtvCodecStatus
ltv_rfm_unhex(const char *text, uint8_t *bytes, LtvCodecError *err)
{
	if (!ltv_hex_decode(text, strlen(text), bytes))
		return BAD_STATE("The text form is hexadecimal with an even number of digits.");
	return LTV_CODEC_OK;
}

LtvCodecStatus
ltv_rfm_merge_runs(const LtvRun *a, size_t na, const LtvRun *b, size_t nb, int dim, LtvRun *out,
				   size_t *nout, LtvCodecError *err)
{
	int64_t		total;

	/*
	 * Each side holds at most LTV_QUANTILE_MAX_TOTAL values (totals saturate
	 * at INT64_MAX), so the sum is checked before any count is added.
	 */
	if (ltv_add_i64_overflow(ltv_runs_total(a, na), ltv_runs_total(b, nb), &total) ||
		total > LTV_QUANTILE_MAX_TOTAL)
		return ltv_codec_fail(err, LTV_CODEC_LIMIT, false, "too many customers for rfm_thresholds",
							  "Merge fewer states; a state merged with itself counts its customers twice.",
							  "An rfm_state holds at most %lld %s values.",
							  (long long) LTV_QUANTILE_MAX_TOTAL, ltv_rfm_dim_names[dim]);
	*nout = ltv_runs_merge(a, na, b, nb, out);
	return LTV_CODEC_OK;
}
