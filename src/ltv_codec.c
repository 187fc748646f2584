/*
 * ltv_codec.c: src/core codec errors as ereport (ltv_codec.h).
 */
#include "postgres.h"

#include "common/shortest_dec.h"

#include "ltv_codec.h"

StaticAssertDecl(DOUBLE_SHORTEST_DECIMAL_LEN <= LTV_F64_TEXT_LEN, "shortest double text does not fit");

int
ltv_pg_shortest_double(double v, char *buf)
{
	return double_to_shortest_decimal_buf(v, buf);
}

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
