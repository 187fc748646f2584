/*
 * ltv_codec.c: src/core codec errors as ereport (ltv_codec.h).
 */
#include "postgres.h"

#include "ltv_codec.h"

void
ltv_codec_raise(const LtvCodecError *err, int invalid_code, const char *input)
{
	int			code;

	switch (err->status)
	{
		case LTV_CODEC_LIMIT:
			code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
			break;
		case LTV_CODEC_OVERFLOW:
			code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
			break;
		case LTV_CODEC_INVALID:
			code = invalid_code;
			break;
		default:
			elog(ERROR, "ltv: codec error without a status");
	}
	ereport(ERROR,
			(errcode(code),
			 (err->quote_input && input) ? errmsg("%s: \"%s\"", err->message, input) : errmsg("%s", err->message),
			 err->detail[0] ? errdetail("%s", err->detail) : 0,
			 err->hint[0] ? errhint("%s", err->hint) : 0));
	pg_unreachable();
}
