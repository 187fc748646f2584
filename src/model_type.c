/*
 * model_type.c: the ltv_model type's text and binary I/O.
 *
 * Two format versions are read and written (each value keeps its own):
 * 1 (ltv 1.0, BG/NBD + Gamma-Gamma) and 2 (ltv 1.1, any purchase model,
 * with covariances).  The forms, their decoding and every field's
 * validation are src/core/model_codec.c (plain C, so the fuzz target
 * test/fuzz/fuzz_ltv_model.c runs the same code); here a stored value is
 * turned into the core's LtvModelValue and back.
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>

#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "ltv_codec.h"
#include "model.h"

/* a stored value (size and version checked by ltv_model_read) as the core's fields */
static void
value_of(const struct varlena *v, LtvModelValue *out)
{
	LtvModelInfo info;
	int			i;

	ltv_model_read(v, &info);
	memset(out, 0, sizeof(*out));
	out->version = (uint8) info.version;
	out->kind = (uint8) info.pm->kind;
	out->status = (uint8) info.status;
	out->gg_status = (uint8) info.gg_status;
	out->unit = info.unit;
	out->n_customers = info.n_customers;
	out->n_repeaters = info.n_repeaters;
	out->n_spend = info.n_spend;
	if (info.version == 1)
	{
		const LtvModelV1 *m = (const LtvModelV1 *) v;

		out->params[0] = m->r;
		out->params[1] = m->alpha;
		out->params[2] = m->a;
		out->params[3] = m->b;
		for (i = 0; i < 4; i++)
			out->se[i] = m->se[i];
		for (i = 0; i < LTV_COV4; i++)
			out->cov[i] = NAN;
		out->loglik = m->loglik_bgnbd;
		out->iterations = m->iterations_bgnbd;
		out->gg[0] = m->p;
		out->gg[1] = m->q;
		out->gg[2] = m->gamma;
		for (i = 0; i < 3; i++)
			out->gg_se[i] = m->se[4 + i];
		for (i = 0; i < LTV_COV3; i++)
			out->gg_cov[i] = NAN;
		out->loglik_gg = m->loglik_gg;
		out->iterations_gg = m->iterations_gg;
	}
	else
	{
		const LtvModel *m = (const LtvModel *) v;

		memcpy(out->params, m->params, sizeof(out->params));
		memcpy(out->se, m->se, sizeof(out->se));
		memcpy(out->cov, m->cov, sizeof(out->cov));
		out->loglik = m->loglik;
		out->iterations = m->iterations;
		memcpy(out->gg, m->gg, sizeof(out->gg));
		memcpy(out->gg_se, m->gg_se, sizeof(out->gg_se));
		memcpy(out->gg_cov, m->gg_cov, sizeof(out->gg_cov));
		out->loglik_gg = m->loglik_gg;
		out->iterations_gg = m->iterations_gg;
	}
}

/* a stored value of a validated LtvModelValue, in its own format version */
static struct varlena *
datum_of(const LtvModelValue *in)
{
	int			i;

	if (in->version == 1)
	{
		LtvModelV1 *m = palloc0(sizeof(LtvModelV1));

		SET_VARSIZE(m, sizeof(LtvModelV1));
		m->version = 1;
		m->bgnbd_status = in->status;
		m->gg_status = in->gg_status;
		m->unit_months = in->unit.months;
		m->unit_days = in->unit.days;
		m->unit_usecs = in->unit.usecs;
		m->n_customers = in->n_customers;
		m->n_repeaters = in->n_repeaters;
		m->n_spend = in->n_spend;
		m->r = in->params[0];
		m->alpha = in->params[1];
		m->a = in->params[2];
		m->b = in->params[3];
		m->p = in->gg[0];
		m->q = in->gg[1];
		m->gamma = in->gg[2];
		for (i = 0; i < 4; i++)
			m->se[i] = in->se[i];
		for (i = 0; i < 3; i++)
			m->se[4 + i] = in->gg_se[i];
		m->loglik_bgnbd = in->loglik;
		m->loglik_gg = in->loglik_gg;
		m->iterations_bgnbd = in->iterations;
		m->iterations_gg = in->iterations_gg;
		return (struct varlena *) m;
	}
	else
	{
		LtvModel   *m = palloc0(sizeof(LtvModel));

		SET_VARSIZE(m, sizeof(LtvModel));
		m->version = 2;
		m->kind = in->kind;
		m->status = in->status;
		m->gg_status = in->gg_status;
		m->unit_months = in->unit.months;
		m->unit_days = in->unit.days;
		m->unit_usecs = in->unit.usecs;
		m->n_customers = in->n_customers;
		m->n_repeaters = in->n_repeaters;
		m->n_spend = in->n_spend;
		memcpy(m->params, in->params, sizeof(m->params));
		memcpy(m->se, in->se, sizeof(m->se));
		memcpy(m->cov, in->cov, sizeof(m->cov));
		m->loglik = in->loglik;
		m->iterations = in->iterations;
		memcpy(m->gg, in->gg, sizeof(m->gg));
		memcpy(m->gg_se, in->gg_se, sizeof(m->gg_se));
		memcpy(m->gg_cov, in->gg_cov, sizeof(m->gg_cov));
		m->loglik_gg = in->loglik_gg;
		m->iterations_gg = in->iterations_gg;
		return (struct varlena *) m;
	}
}

/* a core error: a syntax error of the text (quoted) is 22P02, an inconsistent value 22P03 */
static void
raise_model_error(const LtvCodecError *err, const char *input)
{
	ltv_codec_raise(err, err->quote_input ? ERRCODE_INVALID_TEXT_REPRESENTATION
					: ERRCODE_INVALID_BINARY_REPRESENTATION, input);
}

PG_FUNCTION_INFO_V1(ltv_model_out);
Datum
ltv_model_out(PG_FUNCTION_ARGS)
{
	LtvModelValue m;
	char	   *buf = palloc(LTV_MODEL_TEXT_SIZE);

	value_of(PG_GETARG_LTV_MODEL(0), &m);
	ltv_model_format(&m, buf);
	PG_RETURN_CSTRING(buf);
}

PG_FUNCTION_INFO_V1(ltv_model_in);
Datum
ltv_model_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	LtvModelValue m;
	LtvCodecError err;

	if (ltv_model_parse(input, &m, &err) != LTV_CODEC_OK)
		raise_model_error(&err, input);
	PG_RETURN_POINTER(datum_of(&m));
}

PG_FUNCTION_INFO_V1(ltv_model_send);
Datum
ltv_model_send(PG_FUNCTION_ARGS)
{
	LtvModelValue m;
	size_t		size;
	bytea	   *result;

	value_of(PG_GETARG_LTV_MODEL(0), &m);
	size = ltv_model_encoded_size(&m);
	result = palloc(VARHDRSZ + size);
	SET_VARSIZE(result, VARHDRSZ + size);
	ltv_model_encode(&m, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(ltv_model_recv);
Datum
ltv_model_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	LtvModelValue m;
	LtvCodecError err;

	if (ltv_model_decode((const uint8 *) buf->data + buf->cursor, buf->len - buf->cursor, &m, &err) !=
		LTV_CODEC_OK)
		raise_model_error(&err, NULL);
	buf->cursor = buf->len;
	PG_RETURN_POINTER(datum_of(&m));
}
