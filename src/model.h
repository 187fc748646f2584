/*
 * model.h: the SQL types of the model family and the helpers other families
 * (ltv_agg) use to build and read them.
 *
 *   ltv_model      a fitted BG/NBD + Gamma-Gamma model (varlena, version 1)
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

#include "core/bgnbd.h"
#include "core/gammagamma.h"
#include "core/period.h"

#define LTV_MODEL_VERSION 1
#define LTV_FIT_STATE_VERSION 1

/* ---- ltv_model ---- */

typedef struct LtvModel
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;		/* LTV_MODEL_VERSION */
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
} LtvModel;

#define DatumGetLtvModel(d) ((LtvModel *) PG_DETOAST_DATUM(d))
#define PG_GETARG_LTV_MODEL(n) DatumGetLtvModel(PG_GETARG_DATUM(n))

/* Builds a model datum (palloc'd in the current context) from the two fits. */
extern LtvModel *ltv_model_from_fits(const LtvBgnbdFit *bg, const LtvGgFit *gg, const LtvUnit *unit);

/* Checks every field of a model read from outside; ereports on any error. */
extern void ltv_model_validate(const LtvModel *m);

extern void ltv_model_bgnbd_params(const LtvModel *m, LtvBgnbdParams *p);
extern void ltv_model_gg_params(const LtvModel *m, LtvGgParams *p);

/*
 * Fit options for src/core with palloc and CHECK_FOR_INTERRUPTS, and the
 * WARNING a non-converged or unidentified fit gives.
 */
extern void ltv_model_fit_options(LtvFitOptions *opts);
extern void ltv_model_warn_fit(const char *model_name, LtvFitStatus status, LtvOptimStatus optim_status);

/* ---- ltv_fit_state ---- */

typedef struct LtvFitRecord
{
	float8		t_x;
	float8		T;
	float8		m;				/* mean repeat spend when has_m, else 0 */
	int32		x;
	int32		has_m;			/* 1: in the Gamma-Gamma fit (x > 0, m > 0) */
	int64		count;
} LtvFitRecord;					/* 40 bytes */

typedef struct LtvFitState
{
	int32		vl_len_;
	uint8		version;		/* LTV_FIT_STATE_VERSION */
	uint8		reserved[3];	/* [0]: 1 = stop merging on growth (a hint;
								 * not sent, any value accepted) */
	int32		unit_months;
	int32		unit_days;
	int64		unit_usecs;
	int64		nrecords;		/* records in use */
	int64		capacity;		/* records allocated (VARSIZE covers them all) */
	LtvFitRecord records[FLEXIBLE_ARRAY_MEMBER];
} LtvFitState;

#define LTV_FIT_STATE_HDRSZ offsetof(LtvFitState, records)

/*
 * Adds one customer to a transition state (the body of ltv_fit's transition
 * function, for other aggregates' transition functions to call).  state may
 * be NULL (a new state is made in the aggregate context).  Skips customers
 * with a NULL x, t_x or T (pass is_null true); m_isnull leaves the customer
 * out of the Gamma-Gamma fit.  Validates and ereports.  Returns the state to
 * return from the transition function: the same one updated in place, or a
 * new, larger one allocated in CurrentMemoryContext (the executor copies a
 * new pass-by-reference transition value into the aggregate context and
 * frees the old one; a caller that keeps the pointer in its own internal
 * state must switch to a long-lived context first and may pfree the old one
 * when the pointer changes).  Must be called in aggregate context.
 */
extern LtvFitState *ltv_fit_state_add(FunctionCallInfo fcinfo, LtvFitState *state, bool is_null,
									  double x, double t_x, double T, double m, bool m_isnull,
									  const LtvUnit *unit);

/* Fits both models to a state (not modified); NULL for a NULL or empty state. */
/* an empty state with room for capacity records, in cxt */
extern LtvFitState *ltv_fit_state_alloc(MemoryContext cxt, int64 capacity, const LtvUnit *unit);
extern LtvModel *ltv_fit_state_fit(const LtvFitState *state);

#endif							/* LTV_MODEL_H */
