/*
 * Unit tests of src/core/model_codec.c and src/core/fit_codec.c: the stored
 * forms ltv 1.0 wrote (copied from test/upgrade/stored-1.0.csv, which ltv
 * 1.0 wrote: text and binary) read back to the same value and are written
 * again byte for byte; a format version 2 model of the regression suite
 * (sql/model_value.sql) round-trips; each validation refuses what it must,
 * with the message and the SQLSTATE class (quoted syntax error or
 * inconsistent value) the server gives; merging equal fit records adds
 * counts with an overflow check; a model counts at most 2^53 customers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fit_codec.h"
#include "model_codec.h"
#include "unit.h"

/* the fit state of sql/model_types.sql (ltv_fit_state) */
#define STATE_1_0_TEXT \
	"1;0;7;0;3;0,0,5,-,3;2,1.5,4,10.25,1;7,3.25,9.5,0.5,12"
#define STATE_1_0_HEX \
	"010000000000000007000000000000000000000000000000030000000000000000000000004014000000000000" \
	"0000000000000000000000000000000003000000023ff800000000000040100000000000000140248000000000" \
	"00000000000000000100000007400a0000000000004023000000000000013fe000000000000000000000000000" \
	"0c"

/* CDNOW odd customers, unit 1 day (ltv_model) */
#define MODEL_1_0_DAY_TEXT \
	"version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=1 unit_usecs=0 n_customers=11" \
	"79 n_repeaters=472 n_spend=472 r=0.24031229776297028 alpha=30.789889794267815 a=0.65929726" \
	"858523086 b=2.2649566420283174 p=5.256813982890078 q=4.1807392716529614 gamma=20.705524310" \
	"486997 r_se=0.01737447801754741 alpha_se=3.655924224445708 a_se=0.2122816894647985 b_se=0." \
	"91690377502260845 p_se=1.2187936059710145 q_se=0.49270694892356498 gamma_se=7.288215637145" \
	"3535 loglik_bgnbd=-7420.9770450218812 loglik_gg=-2005.3380758782441 iterations_bgnbd=81 it" \
	"erations_gg=85"
#define MODEL_1_0_DAY_HEX \
	"0100000000000000000001000000000000000040926c0000000000407d800000000000407d8000000000003fce" \
	"c28da9dbfa25403eca3637b1d30e3fe518f695dd4d5f40021ea19682f4f2401506fa3ea6ac6e4010b913b73368" \
	"c94034b49d3dc013193f91ca9d7b7b53d9400d3f55332530163fcb2c0be0e53d6f3fed574695e9a2293ff3802d" \
	"b96382bc3fdf8882ba08dfb5401d2721fffef0bdc0bcfcfa1f9f5fb3c09f555a309022800000005100000055"

/* CDNOW published calibration summary (ltv_model) */
#define MODEL_1_0_WEEK_TEXT \
	"version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=23" \
	"57 n_repeaters=946 n_spend=946 r=0.24259291022841134 alpha=4.4135315929335039 a=0.79288608" \
	"180995945 b=2.4257531331427362 p=6.2488024970372287 q=3.7445884507796974 gamma=15.44774797" \
	"4849024 r_se=0.012557342639319983 alpha_se=0.37822216834095368 a_se=0.18572080742349906 b_" \
	"se=0.7053523753581924 p_se=1.1898541068774637 q_se=0.29019177932516915 gamma_se=4.16059325" \
	"09688275 loglik_bgnbd=-9582.4255605673534 loglik_gg=-4055.9232435028407 iterations_bgnbd=8" \
	"6 iterations_gg=89"
#define MODEL_1_0_WEEK_HEX \
	"0100000000000000000007000000000000000040a26a0000000000408d900000000000408d9000000000003fcf" \
	"0d48d3d6142c4011a774d36e0c7a3fe95f52a1da79b4400367f1423824044018fec614efc08c400df4eaca289f" \
	"f6402ee53f38f9a7513f89b7a9ffaf328f3fd834cac0e961f03fc7c5b30d090ad03fe6923f250a38233ff309a4" \
	"75c0ccc83fd292808a7141f44010a4728ea37a4dc0c2b73678c4c7a0c0afafd8b35f55e40000005600000059"

#define MODEL_BGBB_TEXT \
	"version=2 model=bgbb status=0 gg_status=0 unit_months=12 unit_days=0 unit_usecs=0 n_custom" \
	"ers=11104 n_repeaters=7650 n_spend=946 alpha=1.204 beta=0.750 gamma=0.657 delta=2.783 alph" \
	"a_se=NaN beta_se=NaN gamma_se=NaN delta_se=NaN cov=NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN" \
	" loglik=-33225.6 iterations=0 gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=NaN gg_q_se=NaN g" \
	"g_gamma_se=NaN gg_cov=NaN,NaN,NaN,NaN,NaN,NaN loglik_gg=-4055.92 iterations_gg=0"

static uint8_t *
unhex(const char *hex, size_t *len)
{
	uint8_t    *b = malloc(strlen(hex) / 2 + 1);

	*len = strlen(hex) / 2;
	CHECK(ltv_hex_decode(hex, strlen(hex), b));
	return b;
}

static char *
tohex(const uint8_t *b, size_t len)
{
	char	   *h = malloc(2 * len + 1);

	ltv_hex_encode(b, len, h);
	return h;
}

static void
check_stored_model(const char *text, const char *hex)
{
	LtvModelValue t,
				b;
	LtvCodecError err;
	char		out[LTV_MODEL_TEXT_SIZE];
	size_t		len;
	uint8_t    *bytes = unhex(hex, &len);
	uint8_t    *enc;
	char	   *h;

	CHECK_EQ_I64(ltv_model_parse(text, &t, &err), LTV_CODEC_OK);
	CHECK_EQ_I64(t.version, 1);
	CHECK_EQ_I64(t.kind, LTV_PM_BGNBD);
	ltv_model_format(&t, out);
	CHECK_STR(out, text);
	CHECK_EQ_I64(len, LTV_MODEL_V1_WIRE_SIZE);
	CHECK_EQ_I64(ltv_model_decode(bytes, len, &b, &err), LTV_CODEC_OK);
	CHECK(memcmp(&t, &b, sizeof(t)) == 0);	/* both start from a zeroed value */
	CHECK(isnan(b.cov[0]) && isnan(b.gg_cov[5]));	/* version 1 stored none */
	CHECK_EQ_I64(ltv_model_encoded_size(&b), LTV_MODEL_V1_WIRE_SIZE);
	enc = malloc(len);
	ltv_model_encode(&b, enc);
	h = tohex(enc, len);
	CHECK_STR(h, hex);
	free(h);
	free(enc);
	free(bytes);
}

static void
test_model_1_0_forms(void)
{
	check_stored_model(MODEL_1_0_DAY_TEXT, MODEL_1_0_DAY_HEX);
	check_stored_model(MODEL_1_0_WEEK_TEXT, MODEL_1_0_WEEK_HEX);
}

static void
test_model_v2_round_trip(void)
{
	LtvModelValue m,
				b;
	LtvCodecError err;
	char		out[LTV_MODEL_TEXT_SIZE];
	uint8_t		bytes[LTV_MODEL_V2_WIRE_SIZE];

	CHECK_EQ_I64(ltv_model_parse(MODEL_BGBB_TEXT, &m, &err), LTV_CODEC_OK);
	CHECK_EQ_I64(m.version, 2);
	CHECK_EQ_I64(m.kind, LTV_PM_BGBB);
	CHECK(m.gg[1] == 3.74 && m.params[3] == 2.783);
	/* the test's literal is hand-written ("0.750"): its output reads back to the same output */
	ltv_model_format(&m, out);
	CHECK(strstr(out, " beta=0.75 gamma=0.65700000000000003 ") != NULL);
	CHECK_EQ_I64(ltv_model_parse(out, &b, &err), LTV_CODEC_OK);
	CHECK(memcmp(&m, &b, sizeof(m)) == 0);
	{
		char		again[LTV_MODEL_TEXT_SIZE];

		ltv_model_format(&b, again);
		CHECK_STR(again, out);
	}
	CHECK_EQ_I64(ltv_model_encoded_size(&m), LTV_MODEL_V2_WIRE_SIZE);
	ltv_model_encode(&m, bytes);
	CHECK_EQ_I64(bytes[0], 2);
	CHECK_EQ_I64(bytes[1], LTV_PM_BGBB);
	CHECK_EQ_I64(ltv_model_decode(bytes, sizeof(bytes), &b, &err), LTV_CODEC_OK);
	CHECK(memcmp(&m, &b, sizeof(m)) == 0);
	/* one byte short, one byte more, an unknown model */
	CHECK_EQ_I64(ltv_model_decode(bytes, sizeof(bytes) - 1, &b, &err), LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "The data ends before field \"iterations_gg\".");
	{
		uint8_t		longer[LTV_MODEL_V2_WIRE_SIZE + 1];

		memcpy(longer, bytes, sizeof(bytes));
		longer[sizeof(bytes)] = 0;
		CHECK_EQ_I64(ltv_model_decode(longer, sizeof(longer), &b, &err), LTV_CODEC_INVALID);
		CHECK_STR(err.detail, "Extra bytes follow the last field.");
	}
	bytes[1] = LTV_PM_NKINDS;
	CHECK_EQ_I64(ltv_model_decode(bytes, sizeof(bytes), &b, &err), LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "Its purchase model is unknown.");
}

/* text with one substring replaced, as the regression tests build bad values */
static LtvCodecStatus
parse_replaced(const char *text, const char *from, const char *to, LtvModelValue *m, LtvCodecError *err)
{
	char		buf[LTV_MODEL_TEXT_SIZE];
	const char *at = strstr(text, from);

	CHECK(at != NULL);
	if (at == NULL)
		return LTV_CODEC_OK;
	snprintf(buf, sizeof(buf), "%.*s%s%s", (int) (at - text), text, to, at + strlen(from));
	return ltv_model_parse(buf, m, err);
}

static void
test_model_errors(void)
{
	LtvModelValue m;
	LtvCodecError err;

	/* syntax: quoted, 22P02 */
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, " n_spend=", " nspend=", &m, &err), LTV_CODEC_INVALID);
	CHECK(err.quote_input);
	CHECK_STR(err.message, "invalid input syntax for type ltv_model");
	CHECK_STR(err.detail, "Expected field \"n_spend\".");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "r=0.24", "r=Infinity", &m, &err), LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "Field \"r\" is not a finite number or NaN.");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "gg_status=0", "gg_status=256", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "Field \"gg_status\" is not an integer in range.");
	CHECK_EQ_I64(parse_replaced(MODEL_BGBB_TEXT, "model=bgbb", "model=bgbbx", &m, &err), LTV_CODEC_INVALID);
	CHECK(strncmp(err.detail, "Unknown purchase model \"bgbbx\"", 30) == 0);
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "iterations_gg=89", "iterations_gg=89 ", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "Unexpected text after the last field.");
	CHECK_EQ_I64(ltv_model_parse("n_customers=1", &m, &err), LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "Expected field \"version\".");
	/* inconsistent values: not quoted, 22P03 */
	CHECK_EQ_I64(ltv_model_parse("version=3 model=bgnbd", &m, &err), LTV_CODEC_INVALID);
	CHECK(!err.quote_input);
	CHECK_STR(err.message, "invalid ltv_model value");
	CHECK_STR(err.detail, "Its format version is not 1 or 2.");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "n_repeaters=946", "n_repeaters=2358", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK(!err.quote_input);
	CHECK_STR(err.detail, "Its customer counts are inconsistent.");
	/* the most customers a model counts (issue 10: what ltv_fit makes, the input reads) */
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "n_customers=2357", "n_customers=9007199254740992",
								&m, &err), LTV_CODEC_OK);
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "n_customers=2357", "n_customers=9007199254740994",
								&m, &err), LTV_CODEC_INVALID);
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "bgnbd_status=0", "bgnbd_status=4", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "A status field is out of range.");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "unit_days=7", "unit_days=-7", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "Its unit is not a positive interval.");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "r=0.24259291022841134", "r=NaN", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "A parameter does not match its fit status (positive and finite when fitted, NaN otherwise).");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "q=3.7445884507796974", "q=0.5", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "The Gamma-Gamma q must exceed 1.");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "a_se=0.18572080742349906", "a_se=-1", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "A standard error is negative or infinite.");
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "iterations_gg=89", "iterations_gg=-1", &m, &err),
				 LTV_CODEC_INVALID);
	CHECK_STR(err.detail, "An iteration count is negative.");
	/* a subnormal standard error is a value the output writes: it reads back */
	CHECK_EQ_I64(parse_replaced(MODEL_1_0_WEEK_TEXT, "a_se=0.18572080742349906", "a_se=4.9406564584124654e-324",
								&m, &err), LTV_CODEC_OK);
	CHECK(m.se[2] > 0 && m.se[2] < 1e-320);
}

/* a fit state's text read in the server's two steps; NULL when refused */
static LtvFitRecord *
parse_state(const char *text, LtvFitStateHeader *h, LtvCodecError *err)
{
	const char *rest;
	LtvFitRecord *r;

	if (ltv_fit_state_parse_header(text, h, &rest, err) != LTV_CODEC_OK)
		return NULL;
	r = malloc(sizeof(LtvFitRecord) * (h->nrecords + 1));
	if (ltv_fit_state_parse_records(rest, h, r, err) != LTV_CODEC_OK)
	{
		free(r);
		return NULL;
	}
	return r;
}

static LtvFitRecord *
decode_state(const uint8_t *b, size_t len, LtvFitStateHeader *h, LtvCodecError *err)
{
	size_t		pos;
	LtvFitRecord *r;

	if (ltv_fit_state_decode_header(b, len, h, &pos, err) != LTV_CODEC_OK)
		return NULL;
	r = malloc(sizeof(LtvFitRecord) * (h->nrecords + 1));
	if (ltv_fit_state_decode_records(b, len, pos, h, r, err) != LTV_CODEC_OK)
	{
		free(r);
		return NULL;
	}
	return r;
}

static void
format_state(const LtvFitStateHeader *h, const LtvFitRecord *r, char *out)
{
	int64_t		i;
	size_t		pos = ltv_fit_state_format_header(h, out);

	for (i = 0; i < h->nrecords; i++)
		pos += ltv_fit_record_format(&r[i], out + pos);
}

static void
test_state_1_0_forms(void)
{
	LtvFitStateHeader h,
				hb;
	LtvCodecError err;
	LtvFitRecord *t,
			   *b;
	size_t		len;
	uint8_t    *bytes = unhex(STATE_1_0_HEX, &len);
	uint8_t    *enc;
	char		out[1024];
	char	   *hex;

	t = parse_state(STATE_1_0_TEXT, &h, &err);
	CHECK(t != NULL);
	if (t == NULL)
		return;
	CHECK_EQ_I64(h.kind, LTV_PM_BGNBD);
	CHECK_EQ_I64(h.nrecords, 3);
	CHECK_EQ_I64(h.unit.days, 7);
	CHECK_EQ_I64(t[2].x, 7);
	CHECK_EQ_I64(t[2].count, 12);
	CHECK(t[1].has_m == 1 && t[1].m == 10.25);
	format_state(&h, t, out);
	CHECK_STR(out, STATE_1_0_TEXT);
	b = decode_state(bytes, len, &hb, &err);
	CHECK(b != NULL);
	if (b == NULL)
		return;
	CHECK(h.kind == hb.kind && h.nrecords == hb.nrecords && memcmp(&h.unit, &hb.unit, sizeof(h.unit)) == 0);
	CHECK(memcmp(t, b, 3 * sizeof(LtvFitRecord)) == 0);
	CHECK_EQ_I64(ltv_fit_state_encoded_size(&hb), len);
	enc = malloc(len);
	ltv_fit_state_encode(&hb, b, enc);
	hex = tohex(enc, len);
	CHECK_STR(hex, STATE_1_0_HEX);
	free(hex);
	free(enc);
	free(bytes);
	free(t);
	free(b);
}

static void
test_state_errors(void)
{
	LtvFitStateHeader h;
	LtvCodecError err;
	LtvFitRecord *r;
	char		out[1024];
	size_t		len;
	uint8_t    *bytes;

	/* version 2 of a BG/NBD state reads (sql/model_kinds.sql) and is written as 1.0 wrote it */
	r = parse_state("2;bgnbd;0;7;0;1;2,1.5,4,10.25,1", &h, &err);
	CHECK(r != NULL);
	if (r != NULL)
	{
		format_state(&h, r, out);
		CHECK_STR(out, "1;0;7;0;1;2,1.5,4,10.25,1");
		free(r);
	}
	r = parse_state("2;bgbb;0;7;0;1;1,1,3,-,2", &h, &err);
	CHECK(r != NULL);
	if (r != NULL)
	{
		format_state(&h, r, out);
		CHECK_STR(out, "2;bgbb;0;7;0;1;1,1,3,-,2");
		free(r);
	}
	CHECK(parse_state("1;0;7;0;1;1,1,4,x,1", &h, &err) == NULL);
	CHECK(err.quote_input);
	CHECK_STR(err.message, "invalid input syntax for type ltv_fit_state");
	CHECK(parse_state("1;0;7;0;1;1,1,4,-5,1", &h, &err) == NULL);
	CHECK(!err.quote_input);
	CHECK_STR(err.detail, "A record's mean spend does not match its flag.");
	CHECK(parse_state("2;bgnbdx;0;7;0;0", &h, &err) == NULL);
	CHECK(!err.quote_input);
	CHECK_STR(err.detail, "Its purchase model is unknown.");
	CHECK(parse_state("1;0;7;0;1;1,5,4,-,1", &h, &err) == NULL);
	CHECK_STR(err.detail, "A record's x, t_x, T are out of their domain.");
	CHECK(parse_state("3;0;7;0;0", &h, &err) == NULL);
	CHECK_STR(err.detail, "Its format version is not 1 or 2.");
	CHECK(parse_state("1;0;0;0;0", &h, &err) == NULL);
	CHECK_STR(err.detail, "Its unit is not a positive interval.");
	/* more records than the text can hold: refused before any room is taken */
	CHECK(parse_state("1;0;7;0;26843544", &h, &err) == NULL);
	CHECK(err.quote_input);

	/* binary: the 1.0 state with its record count one too high, then a record without spend with m = -0 */
	bytes = unhex(STATE_1_0_HEX, &len);
	bytes[24] = 4;
	CHECK(decode_state(bytes, len, &h, &err) == NULL);
	CHECK_STR(err.detail, "Its record count does not match its length.");
	bytes[24] = 3;
	CHECK_EQ_I64(bytes[25 + 20], 0);	/* record 1 (x = 0): has_m = 0, m = 0 */
	bytes[25 + 21] = 0x80;		/* m = -0 */
	CHECK(decode_state(bytes, len, &h, &err) == NULL);
	CHECK_STR(err.detail, "A record's mean spend does not match its flag.");
	bytes[25 + 21] = 0;
	bytes[25 + 20] = 2;			/* has_m = 2 */
	CHECK(decode_state(bytes, len, &h, &err) == NULL);
	CHECK_STR(err.detail, "A record's spend flag is not 0 or 1.");
	bytes[25 + 20] = 0;
	CHECK((r = decode_state(bytes, len - 1, &h, &err)) == NULL);
	CHECK((r = decode_state(bytes, 3, &h, &err)) == NULL);
	CHECK_STR(err.detail, "The data ends inside its header.");
	CHECK((r = decode_state(bytes, len, &h, &err)) != NULL);
	free(r);
	free(bytes);
}

static void
test_merge_equal(void)
{
	/* t_x, T, m, x, has_m, count */
	LtvFitRecord in[4] = {
		{2, 5, 1, 1, 1, INT64_MAX - 1},
		{0, 3, 0, 0, 0, 7},
		{2, 5, 1, 1, 1, 1},
		{2, 5, 0, 1, 0, 2},		/* the same (x, t_x, T) without spend: another record */
	};
	LtvFitRecord out[4];
	int64_t		n;
	LtvCodecError err;

	qsort(in, 4, sizeof(LtvFitRecord), ltv_fit_record_cmp);
	CHECK_EQ_I64(ltv_fit_records_merge_equal(in, NULL, 4, out, &n, &err), LTV_CODEC_OK);
	CHECK_EQ_I64(n, 3);
	CHECK_EQ_I64(out[0].x, 0);
	CHECK_EQ_I64(out[1].has_m, 0);
	CHECK_EQ_I64(out[2].count, INT64_MAX);
	/* one more: beyond an int64 (in[2], in[3] are the equal records) */
	in[2].count = INT64_MAX - 1;
	in[3].count = 2;
	CHECK_EQ_I64(ltv_fit_records_merge_equal(in, NULL, 4, out, &n, &err), LTV_CODEC_OVERFLOW);
	CHECK_STR(err.message, "ltv_fit customer count overflows bigint");
	/* an order that groups them: the same merge */
	{
		int64_t		order[4] = {2, 3, 1, 0};

		in[3].count = 1;
		CHECK_EQ_I64(ltv_fit_records_merge_equal(in, order, 4, out, &n, &err), LTV_CODEC_OK);
		CHECK_EQ_I64(n, 3);
		CHECK_EQ_I64(out[0].count, INT64_MAX);
		CHECK_EQ_I64(out[2].x, 0);
	}
	/* the customers one model counts: 2^53, not one more */
	in[0].count = INT64_C(9007199254740990);
	in[1].count = 2;
	CHECK_EQ_I64(ltv_fit_records_check_total(in, 2, &err), LTV_CODEC_OK);
	in[1].count = 3;
	CHECK_EQ_I64(ltv_fit_records_check_total(in, 2, &err), LTV_CODEC_LIMIT);
	CHECK_STR(err.message, "too many customers for one ltv_model");
	in[1].count = INT64_MAX;
	CHECK_EQ_I64(ltv_fit_records_check_total(in, 2, &err), LTV_CODEC_LIMIT);
}

int
main(void)
{
	RUN(test_model_1_0_forms);
	RUN(test_model_v2_round_trip);
	RUN(test_model_errors);
	RUN(test_state_1_0_forms);
	RUN(test_state_errors);
	RUN(test_merge_equal);
	return unit_report("model_codec");
}
