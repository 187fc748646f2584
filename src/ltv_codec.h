/*
 * ltv_codec.h: raising the errors of src/core's codecs (core/codec.h).
 */
#ifndef LTV_CODEC_GLUE_H
#define LTV_CODEC_GLUE_H

#include "postgres.h"

#include "compat.h"
#include "core/codec.h"

/*
 * ereport(ERROR) for a failed decode: SQLSTATE invalid_code (22P02 or 22P03)
 * for a malformed value, 54000 for a cap, 22003 for an overflow; input is the
 * text the message quotes when err->quote_input (NULL otherwise).
 */
extern void ltv_codec_raise(const LtvCodecError *err, int invalid_code, const char *input) ltv_noreturn;

/* PostgreSQL's shortest double output (Ryu), as an LtvF64Writer */
extern int	ltv_pg_shortest_double(double v, char *buf);

/* raises unless status is LTV_CODEC_OK */
static inline void
ltv_codec_check(LtvCodecStatus status, const LtvCodecError *err, int invalid_code, const char *input)
{
	if (status != LTV_CODEC_OK)
		ltv_codec_raise(err, invalid_code, input);
}

#endif							/* LTV_CODEC_GLUE_H */
