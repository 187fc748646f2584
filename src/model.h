/*
 * model.h: the SQL types of the model family and the helpers other families
 * (ltv_agg) use to build and read them.
 *
 *   ltv_model      a fitted purchase model (BG/NBD, Pareto/NBD, MBG/NBD, BG/BB)
 *                  + Gamma-Gamma model (varlena, format version 2; version 1,
 *                  BG/NBD only, is still read)
 *   ltv_fit_state  the transition state of ltv_fit: per-customer sufficient
 *                  statistics compressed to distinct records with counts
 *
 * Both are public varlena types with text and binary I/O that validate every
 * byte, so that Citus can ship the state between nodes and users can store
 * models in tables.
 */
#ifndef LTV_MODEL_H
#define LTV_MODEL_H

#include "postgres.h"

#include "fmgr.h"
#include "datatype/timestamp.h"

#include "core/bgnbd.h"
#include "core/gammagamma.h"
#include "core/period.h"
#include "core/fit_codec.h"
#include "core/model_codec.h"
#include "core/purchase_model.h"

/* LTV_MODEL_MAX_CUSTOMERS: core/model_codec.h */
#define LTV_MODEL_VERSION 2		/* the format this version writes */
#define LTV_FIT_STATE_VERSION 1

/* ---- ltv_model ---- */

/*
 * Format version 1 (ltv 1.0): BG/NBD + Gamma-Gamma, 184 bytes.  Still read
 * (and written back in its own text and binary forms, so stored 1.0 values
 * keep their exact text), always as a BG/NBD model.
 */
typedef struct LtvModelV1
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* 1 */
	uint8		bgnbd_status;	/* LtvFitStatus */
	uint8		gg_status;		/* LtvFitStatus */
	uint8		reserved;		/* 0 */
	int32		unit_months;	/* the time unit of t_x, T, alpha and predictions */
	int32		unit_days;
	int64		unit_usecs;
	float8		n_customers;	/* customers in the BG/NBD fit */
	float8		n_repeaters;	/* of which x > 0 */
	float8		n_spend;		/* customers in the Gamma-Gamma fit */
	float8		r,
				alpha,
				a,
				b,
				p,
				q,
				gamma;			/* NaN when not identified */
	float8		se[7];			/* standard errors, same order; NaN when unknown */
	float8		loglik_bgnbd;
	float8		loglik_gg;
	int32		iterations_bgnbd;
	int32		iterations_gg;
} LtvModelV1;

/*
 * Format version 2 (ltv 1.1): any purchase model (core/purchase_model.h) +
 * Gamma-Gamma, with the covariance matrices of both fits (for intervals).
 * Covariances are stored as upper triangles, row by row.
 */
#define LTV_COV4 LTV_MODEL_COV4	/* entries of a 4 x 4 upper triangle */
#define LTV_COV3 LTV_MODEL_COV3

typedef struct LtvModel
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* 2 */
	uint8		kind;			/* LtvPurchaseModelKind */
	uint8		status;			/* LtvFitStatus of the purchase model */
	uint8		gg_status;		/* LtvFitStatus of Gamma-Gamma */
	int32		unit_months;
	int32		unit_days;
	int64		unit_usecs;
	float8		n_customers;	/* customers in the purchase model fit */
	float8		n_repeaters;	/* of which x > 0 */
	float8		n_spend;		/* customers in the Gamma-Gamma fit */
	float8		params[LTV_PM_MAX_PARAMS];	/* NaN when not identified */
	float8		se[LTV_PM_MAX_PARAMS];
	float8		cov[LTV_COV4];
	float8		loglik;
	float8		gg[3];			/* p, q, gamma */
	float8		gg_se[3];
	float8		gg_cov[LTV_COV3];
	float8		loglik_gg;
	int32		iterations;
	int32		iterations_gg;
} LtvModel;

/* A model as every reader sees it, whatever its format version */
typedef struct LtvModelInfo
{
	int			version;
	const LtvPurchaseModel *pm;
	LtvFitStatus status;		/* of the purchase model */
	LtvFitStatus gg_status;
	LtvUnit		unit;
	double		n_customers;
	double		n_repeaters;
	double		n_spend;
	double		params[LTV_PM_MAX_PARAMS];
	double		se[LTV_PM_MAX_PARAMS];
	double		cov[LTV_PM_MAX_PARAMS * LTV_PM_MAX_PARAMS]; /* full, row-major; NaN when unknown */
	double		loglik;
	int			iterations;
	LtvGgParams gg;
	double		gg_se[3];
	double		gg_cov[9];
	double		loglik_gg;
	int			iterations_gg;
} LtvModelInfo;

/* the model datum, detoasted (either format version) */
#define PG_GETARG_LTV_MODEL(n) ((struct varlena *) PG_DETOAST_DATUM(PG_GETARG_DATUM(n)))

/* Reads a model datum of either version (validated when it was made) */
extern void ltv_model_read(const struct varlena *m, LtvModelInfo *info);

/* Builds a version 2 model datum (palloc'd in the current context) */
extern struct varlena *ltv_model_build(const LtvModelInfo *info);

/* The same from the two fits */
extern struct varlena *ltv_model_from_fits(const LtvPurchaseModel *pm, const LtvPurchaseFit *fit,
										   const LtvGgFit *gg, const LtvUnit *unit);

/*
 * The parameters of a fitted model; ereport 22023 ("the model has no BG/NBD
 * fit") when the part was not fitted.
 */
extern const double *ltv_model_purchase_params(const LtvModelInfo *info);
extern void ltv_model_gg_params(const LtvModelInfo *info, LtvGgParams *p);

/* the mean calendar month: 365.2425 / 12 days */
#define LTV_MEAN_MONTH_USECS 2629746000000.0

/*
 * The horizon in months of a value summed in monthly steps (ltv_predict,
 * the new-customer value), with discount_rate and margin checked; what names
 * the value in the hint ("CLV", "Value").
 */
extern double ltv_model_value_horizon(const Interval *horizon, double discount_rate, double margin,
									  const char *what);

/* a fit status with parameters (converged or not) */
extern bool ltv_fit_status_fitted(int status);
extern const char *ltv_fit_status_name(int status);

/*
 * Fit options for src/core with palloc and CHECK_FOR_INTERRUPTS, and the
 * WARNING a non-converged or unidentified fit gives.
 */
extern void ltv_model_fit_options(LtvFitOptions *opts);
extern void ltv_model_warn_fit(const char *model_name, LtvFitStatus status, LtvOptimStatus optim_status);

/* the purchase model named by a SQL text argument; ereports 22023 for unknown names */
extern const LtvPurchaseModel *ltv_model_kind_from_text(const text *name);

/* ---- ltv_fit_state ---- */

/* LtvFitRecord (x, t_x, T, m, has_m, count): core/fit_codec.h */

typedef struct LtvFitState
{
	int32		vl_len_;
	uint8		version;		/* LTV_FIT_STATE_VERSION */
	uint8		reserved[3];	/* [0]: 1 = stop merging on growth (a hint;
								 * not sent, any value accepted); [1]: the
								 * purchase model (LtvPurchaseModelKind;
								 * format version 2 on the wire when not
								 * BG/NBD) */
	int32		unit_months;
	int32		unit_days;
	int64		unit_usecs;
	int64		nrecords;		/* records in use */
	int64		capacity;		/* records allocated (VARSIZE covers them all) */
	LtvFitRecord records[FLEXIBLE_ARRAY_MEMBER];
} LtvFitState;

#define LTV_FIT_STATE_HDRSZ offsetof(LtvFitState, records)

/*
 * The body of ltv_fit's transition functions: adds one customer to the
 * transition state in argument 0 of fcinfo (NULL, a flat ltv_fit_state or
 * the expanded object a large state lives in) and returns the transition
 * value to return.  Skips customers with a NULL x, t_x or T (pass is_null
 * true); m_isnull leaves the customer out of the Gamma-Gamma fit.  Validates
 * and ereports.  Must be called in aggregate context.  pm is the purchase
 * model the state is for (all rows of a group must agree; the customer must
 * be a summary pm accepts); count (>= 1) customers with this summary.
 */
extern Datum ltv_fit_state_step(FunctionCallInfo fcinfo, bool is_null,
								double x, double t_x, double T, double m, bool m_isnull,
								const LtvUnit *unit, const LtvPurchaseModel *pm, int64 count);

/* an empty state with room for capacity records, in cxt, for the purchase model pm */
extern LtvFitState *ltv_fit_state_alloc(MemoryContext cxt, int64 capacity, const LtvUnit *unit,
										const LtvPurchaseModel *pm);

/* Fits both models to a state (not modified); NULL for a NULL or empty state. */
extern struct varlena *ltv_fit_state_fit(const LtvFitState *state);

#endif							/* LTV_MODEL_H */
