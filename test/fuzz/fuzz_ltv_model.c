/*
 * fuzz_ltv_model.c: ltv_model's text input and binary input
 * (src/core/model_codec.c, the code ltv_model_in and ltv_model_recv run),
 * both format versions.  ltv_model has no combine (models are not merged),
 * so the first byte picks text (even) or binary (odd); see fuzz.h.
 *
 * Every accepted value must re-validate, hold parameters the predictions
 * accept when its status says fitted, read back from its text as the same
 * value and write the same text again, and re-encode to exactly the bytes
 * it was received as (canonical binary), which read back bit for bit.  The
 * text has one NaN, so a NaN read from binary comes back from text as NaN
 * (the same float8 value), not necessarily with the same payload bits.
 */
#include <math.h>

#include "fuzz.h"
#include "model_codec.h"

/* the same value: bit for bit, except that any NaN equals any NaN */
static int
same_double(double x, double y)
{
	return fuzz_same_double(x, y) || (isnan(x) && isnan(y));
}

static int
same_doubles(const double *x, const double *y, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (!same_double(x[i], y[i]))
			return 0;
	return 1;
}

static int
same_value(const LtvModelValue *a, const LtvModelValue *b)
{
	return a->version == b->version && a->kind == b->kind && a->status == b->status &&
		a->gg_status == b->gg_status && a->unit.months == b->unit.months &&
		a->unit.days == b->unit.days && a->unit.usecs == b->unit.usecs &&
		same_double(a->n_customers, b->n_customers) && same_double(a->n_repeaters, b->n_repeaters) &&
		same_double(a->n_spend, b->n_spend) && same_doubles(a->params, b->params, LTV_PM_MAX_PARAMS) &&
		same_doubles(a->se, b->se, LTV_PM_MAX_PARAMS) && same_doubles(a->cov, b->cov, LTV_MODEL_COV4) &&
		same_double(a->loglik, b->loglik) && a->iterations == b->iterations &&
		same_doubles(a->gg, b->gg, 3) && same_doubles(a->gg_se, b->gg_se, 3) &&
		same_doubles(a->gg_cov, b->gg_cov, LTV_MODEL_COV3) && same_double(a->loglik_gg, b->loglik_gg) &&
		a->iterations_gg == b->iterations_gg;
}

/* every accepted value */
static void
check_model(const LtvModelValue *m, const uint8_t *received, size_t received_len)
{
	LtvCodecError err;
	LtvModelValue back;
	char		text[LTV_MODEL_TEXT_SIZE],
				text2[LTV_MODEL_TEXT_SIZE];
	size_t		size = ltv_model_encoded_size(m);
	uint8_t    *bytes = malloc(size);
	uint8_t    *bytes2 = malloc(size);
	const LtvPurchaseModel *pm = ltv_purchase_model(m->kind);

	FUZZ_ASSERT(ltv_model_validate(m, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(pm != NULL);
	FUZZ_ASSERT(size == (m->version == 1 ? LTV_MODEL_V1_WIRE_SIZE : LTV_MODEL_V2_WIRE_SIZE));
	/* what the readers rely on */
	if (ltv_model_status_fitted(m->status))
		FUZZ_ASSERT(ltv_purchase_params_valid(pm, m->params));
	FUZZ_ASSERT(m->n_customers <= LTV_MODEL_MAX_CUSTOMERS && m->n_spend <= m->n_repeaters &&
				m->n_repeaters <= m->n_customers);
	/* text: the same value, the same text */
	FUZZ_ASSERT(ltv_model_format(m, text) < LTV_MODEL_TEXT_SIZE - 1);
	FUZZ_ASSERT(ltv_model_parse(text, &back, &err) == LTV_CODEC_OK);
	FUZZ_ASSERT(same_value(m, &back));
	ltv_model_format(&back, text2);
	FUZZ_ASSERT(strcmp(text, text2) == 0);
	/* binary: canonical (the bytes it came as), and read back bit for bit */
	ltv_model_encode(m, bytes);
	if (received != NULL)
		FUZZ_ASSERT(received_len == size && memcmp(bytes, received, size) == 0);
	FUZZ_ASSERT(ltv_model_decode(bytes, size, &back, &err) == LTV_CODEC_OK);
	ltv_model_encode(&back, bytes2);
	FUZZ_ASSERT(memcmp(bytes, bytes2, size) == 0);
	FUZZ_ASSERT(same_value(m, &back));
	free(bytes);
	free(bytes2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	LtvModelValue m;
	LtvCodecError err;

	if (size < 1)
		return 0;
	if (data[0] % 2 == 0)
	{
		char	   *text = fuzz_text(data + 1, size - 1);

		if (ltv_model_parse(text, &m, &err) == LTV_CODEC_OK)
			check_model(&m, NULL, 0);
		else
			FUZZ_ASSERT(err.status == LTV_CODEC_INVALID);
		free(text);
	}
	else
	{
		if (ltv_model_decode(data + 1, size - 1, &m, &err) == LTV_CODEC_OK)
			check_model(&m, data + 1, size - 1);
		else
			FUZZ_ASSERT(err.status == LTV_CODEC_INVALID && !err.quote_input);
	}
	return 0;
}
