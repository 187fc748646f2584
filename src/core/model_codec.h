/*
 * model_codec.h: the ltv_model value (see src/model.h for the type) decoded,
 * validated and encoded in its text and binary forms.
 *
 * Two format versions, each value keeps its own:
 *
 *   1 (ltv 1.0)  BG/NBD + Gamma-Gamma, no covariances.  text:
 *                "version=1 bgnbd_status=.. gg_status=.. unit_months=..
 *                unit_days=.. unit_usecs=.. n_customers=.. n_repeaters=..
 *                n_spend=.. r=.. alpha=.. a=.. b=.. p=.. q=.. gamma=..
 *                r_se=.. .. gamma_se=.. loglik_bgnbd=.. loglik_gg=..
 *                iterations_bgnbd=.. iterations_gg=.."; binary 179 bytes.
 *   2 (ltv 1.1)  any purchase model: "version=2 model=<name> status=..
 *                gg_status=.. unit_months=.. unit_days=.. unit_usecs=..
 *                n_customers=.. n_repeaters=.. n_spend=.. <its parameters>=..
 *                <parameter>_se=.. cov=<10 numbers> loglik=.. iterations=..
 *                gg_p=.. gg_q=.. gg_gamma=.. gg_p_se=.. gg_q_se=..
 *                gg_gamma_se=.. gg_cov=<6 numbers> loglik_gg=..
 *                iterations_gg=.."; binary 308 bytes.
 *
 * Fields in that fixed order, doubles as %.17g (exact) or NaN for values
 * that do not exist; covariances are upper triangles row by row, separated
 * by commas.  The binary form sends the same fields in the same order,
 * big-endian (u8, i32, i64, f64; the model as its kind's byte).
 *
 * Errors: a syntax error of the text sets quote_input (22P02 in the glue);
 * an inconsistent value does not (22P03).  The messages are the ones 1.0
 * gave.
 */
#ifndef LTV_CORE_MODEL_CODEC_H
#define LTV_CORE_MODEL_CODEC_H

#include "codec.h"
#include "period.h"
#include "purchase_model.h"

/*
 * The most customers a model counts: 2^53, the largest count a double holds
 * exactly.  ltv_fit refuses to make a model over more (54000); the model's
 * input accepts every count up to it (issue 10: they must agree).
 */
#define LTV_MODEL_MAX_CUSTOMERS 9007199254740992.0

#define LTV_MODEL_COV4 10		/* entries of a 4 x 4 upper triangle */
#define LTV_MODEL_COV3 6

/* an ltv_model value of either format version, field by field */
typedef struct LtvModelValue
{
	uint8_t		version;		/* 1 or 2 */
	uint8_t		kind;			/* LtvPurchaseModelKind; BG/NBD in version 1 */
	uint8_t		status;			/* LtvFitStatus of the purchase model */
	uint8_t		gg_status;		/* LtvFitStatus of Gamma-Gamma */
	LtvUnit		unit;
	double		n_customers;	/* customers in the purchase model fit */
	double		n_repeaters;	/* of which x > 0 */
	double		n_spend;		/* customers in the Gamma-Gamma fit */
	double		params[LTV_PM_MAX_PARAMS];	/* NaN when not identified */
	double		se[LTV_PM_MAX_PARAMS];
	double		cov[LTV_MODEL_COV4];	/* NaN in version 1 (not stored) */
	double		loglik;
	int32_t		iterations;
	double		gg[3];			/* p, q, gamma */
	double		gg_se[3];
	double		gg_cov[LTV_MODEL_COV3];	/* NaN in version 1 */
	double		loglik_gg;
	int32_t		iterations_gg;
} LtvModelValue;

#define LTV_MODEL_V1_WIRE_SIZE 179
#define LTV_MODEL_V2_WIRE_SIZE 308
/* room for the text of any value, with its terminating zero */
#define LTV_MODEL_TEXT_SIZE 2048

/* a fit status with parameters (converged or not) */
extern bool ltv_model_status_fitted(int status);

/* every field within the domain its readers rely on */
extern LtvCodecStatus ltv_model_validate(const LtvModelValue *m, LtvCodecError *err);

/* binary: decodes all of data[0 .. len) and validates */
extern LtvCodecStatus ltv_model_decode(const uint8_t *data, size_t len, LtvModelValue *m,
									   LtvCodecError *err);
extern size_t ltv_model_encoded_size(const LtvModelValue *m);
extern void ltv_model_encode(const LtvModelValue *m, uint8_t *out);

/* text: parses and validates */
extern LtvCodecStatus ltv_model_parse(const char *text, LtvModelValue *m, LtvCodecError *err);
/* writes the text into out (LTV_MODEL_TEXT_SIZE bytes); returns its length */
extern size_t ltv_model_format(const LtvModelValue *m, char *out);

#endif							/* LTV_CORE_MODEL_CODEC_H */
