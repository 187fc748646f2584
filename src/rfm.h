/*
 * rfm.h: glue shared by the RFM files (rfm_state.c, rfm_score.c).
 */
#ifndef LTV_RFM_H
#define LTV_RFM_H

#include "postgres.h"

#include "access/htup.h"
#include "datatype/timestamp.h"
#include "fmgr.h"

#include "compat.h"
#include "core/rfm.h"
#include "ltv_numeric.h"

#define RFM_RECENCY 0
#define RFM_FREQUENCY 1
#define RFM_MONETARY 2
#define RFM_DIMS 3

extern const char *const rfm_dim_names[RFM_DIMS];

/* errors unless value is finite and >= 0 */
extern void rfm_check_value(double value, int dim);
/* days in an interval, as extract(epoch from i) / 86400 counts them */
extern double rfm_interval_days(const Interval *interval);
/*
 * The SQL type of a recency, frequency or monetary argument: one C entry
 * point per combination (get_fn_expr_argtype does not work where Citus'
 * worker_partial_agg calls transition functions); numeric is converted
 * without the text round trip of the implicit numeric -> float8 cast.
 */
typedef enum RfmKind
{
	RFM_FLOAT8,
	RFM_INTERVAL,				/* recency only: days */
	RFM_NUMERIC
} RfmKind;

/* argument argno (not NULL) of kind as a number, checked for dimension dim */
extern double rfm_arg_value(FunctionCallInfo fcinfo, int argno, int dim, RfmKind kind);

/* errors unless bins is in LTV_RFM_MIN_BINS .. LTV_RFM_MAX_BINS */
extern void rfm_check_bins(int64 bins);

/* cut points read from an rfm_thresholds value */
typedef struct RfmCuts
{
	int			bins;
	bool		present[RFM_DIMS];	/* false: the dimension had no values */
	double		cuts[RFM_DIMS][LTV_RFM_MAX_BINS - 1];
} RfmCuts;

extern Datum rfm_thresholds_datum(FunctionCallInfo fcinfo, const RfmCuts *cuts);
extern void rfm_thresholds_read(HeapTupleHeader tuple, RfmCuts *cuts);

#endif							/* LTV_RFM_H */
