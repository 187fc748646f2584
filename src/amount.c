/*
 * amount.c: order amounts of every accepted SQL type (numeric, double
 * precision, real, integer, bigint) read as exact decimals for the money
 * sums of ltv_summary and ltv_agg, or as a sign for the retention family.
 *
 * numeric and the integers are exact.  A float4/float8 value is read as the
 * shortest decimal that converts back to the same float (PostgreSQL's own
 * float output, Ryu), so 19.99::float8 counts as 19.99 and 0.1 + 0.2 as
 * 0.30000000000000004: every float is distinct from every other, and no
 * digits are lost as in float8::numeric, which keeps 15 significant digits.
 * The digits go straight into the 128-bit decimal (src/core/summary.c), not
 * through numeric's text input.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/shortest_dec.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "summary.h"

static void
float_not_finite(double v)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("amount must be a finite number"),
			 errdetail("The amount given was %s.", isnan(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity"),
			 errhint("Leave out such rows, for example with WHERE amount NOT IN ('NaN', 'Infinity', '-Infinity').")));
}

static void
float_amount(const char *text, LtvAmount *amount)
{
	if (!ltv_decimal_from_string(text, &amount->mantissa, &amount->scale))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("amount %s is out of range", text),
				 errdetail("ltv sums amounts exactly in 128 bits: at most 38 significant digits, at most 38 after the decimal point."),
				 errhint("Round the amounts, for example round(amount::numeric, 2).")));
}

/* The amount as an exact decimal; type is the SQL type of the argument. */
void
ltv_amount_from_datum(Datum value, Oid type, LtvAmount *amount)
{
	switch (type)
	{
		case NUMERICOID:
			ltv_amount_from_numeric(value, amount);
			return;
		case INT2OID:
			amount->mantissa = DatumGetInt16(value);
			amount->scale = 0;
			return;
		case INT4OID:
			amount->mantissa = DatumGetInt32(value);
			amount->scale = 0;
			return;
		case INT8OID:
			amount->mantissa = DatumGetInt64(value);
			amount->scale = 0;
			return;
		case FLOAT8OID:
			{
				double		v = DatumGetFloat8(value);
				char		buf[DOUBLE_SHORTEST_DECIMAL_LEN];

				if (!isfinite(v))
					float_not_finite(v);
				double_to_shortest_decimal_buf(v, buf);
				float_amount(buf, amount);
				return;
			}
		case FLOAT4OID:
			{
				float		v = DatumGetFloat4(value);
				char		buf[FLOAT_SHORTEST_DECIMAL_LEN];

				if (!isfinite(v))
					float_not_finite(v);
				float_to_shortest_decimal_buf(v, buf);
				float_amount(buf, amount);
				return;
			}
		default:
			elog(ERROR, "ltv: unsupported amount type %u", type);
	}
}

static Datum numeric_zero = (Datum) 0;

/*
 * The sign of the amount (-1, 0, 1), or 2 when it is NaN or infinite (the
 * caller raises its family's error).  -0.0 is 0.
 */
int
ltv_amount_sign(Datum value, Oid type)
{
	switch (type)
	{
		case NUMERICOID:
			{
				Numeric		num = DatumGetNumeric(value);
				int			cmp;

				if (numeric_is_nan(num) || numeric_is_inf(num))
					return 2;
				/* compare with a zero built once per backend */
				if (numeric_zero == (Datum) 0)
				{
					MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

					numeric_zero = DirectFunctionCall1(int4_numeric, Int32GetDatum(0));
					MemoryContextSwitchTo(old);
				}
				cmp = DatumGetInt32(DirectFunctionCall2(numeric_cmp, value, numeric_zero));
				return cmp > 0 ? 1 : cmp < 0 ? -1 : 0;
			}
		case INT2OID:
			return DatumGetInt16(value) > 0 ? 1 : DatumGetInt16(value) < 0 ? -1 : 0;
		case INT4OID:
			return DatumGetInt32(value) > 0 ? 1 : DatumGetInt32(value) < 0 ? -1 : 0;
		case INT8OID:
			return DatumGetInt64(value) > 0 ? 1 : DatumGetInt64(value) < 0 ? -1 : 0;
		case FLOAT8OID:
		case FLOAT4OID:
			{
				double		v = type == FLOAT8OID ? DatumGetFloat8(value) : DatumGetFloat4(value);

				if (!isfinite(v))
					return 2;
				return v > 0 ? 1 : v < 0 ? -1 : 0;
			}
		default:
			elog(ERROR, "ltv: unsupported amount type %u", type);
	}
	return 0;					/* keep compilers quiet */
}
