/*
 * rfm_state.c: the rfm_state type (the state of rfm_thresholds), its
 * aggregate support functions and its text and binary forms.
 *
 * A state keeps, per dimension, the multiset of values seen so far as runs
 * of equal values (LtvRun: value, count; strictly increasing), plus, while
 * aggregating, two buffers: new values (float8, from the transition
 * function) and runs merged in from other states (from the combine
 * function), in arrival order.  When a buffer is full, both are sorted and
 * merged into the runs in place (src/core/quantile.c), so adding n values or
 * merging n states is O(n log n) in all, in memory proportional to the
 * distinct values.
 *
 * Three representations, all of one logical value:
 *
 * - stored (what rfm_state_agg returns, what recv and in make; flags 0):
 *       RfmState header | per dimension: runs[run_cap], vals[buf_cap]
 *   with no spare capacity (1.0 wrote this layout; a value returned by a
 *   plain rfm_state_combine call of 1.0 may have an empty vals buffer).
 * - a small transition state (flags RFM_FLAG_WORK): the header, per
 *   dimension the number of values and a run buffer, then per dimension
 *   runs[run_cap], vals[buf_cap], pend[pend_cap].  It is updated in place
 *   while it has room, and grows into a new datum (the executor copies it
 *   into the aggregate context and frees the old one: it must not be freed
 *   or repalloc'ed here).
 * - a large transition state (above RFM_EXPAND_ABOVE bytes): an expanded
 *   object in a child context of the aggregate context whose arrays grow in
 *   place (repalloc; for large arrays realloc moves pages without copying),
 *   so growing never holds two copies of the state.  PostgreSQL flattens it
 *   into the stored layout when it leaves the aggregate (parallel workers,
 *   a result that is not finalized).
 *
 * The canonical form (send, out) has no buffers:
 *
 *     uint8 version (1), uint8 flags (0), int16 bins,
 *     per dimension: int32 nruns, nruns x (float8 value, int64 count)
 *
 * in network byte order; out writes it as hex.  recv and in check every
 * byte: version, flags, bins range, counts >= 1, values finite, >= 0 and
 * strictly increasing, the total count and the exact length.
 */
#include "postgres.h"

#include <math.h>

#include "common/int.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "core/quantile.h"
#include "core/rfm_codec.h"
#include "ltv_codec.h"
#include "rfm.h"

#define RFM_STATE_VERSION 1
#define RFM_FLAG_WORK 0x01
#define RFM_MIN_BUF 4			/* buffer entries once a dimension has a second value */
#define RFM_EXPAND_ABOVE ((Size) 64 * 1024)	/* bytes */
#define RFM_MAX_ENTRIES ((size_t) (MaxAllocHugeSize / sizeof(LtvRun)))

typedef struct RfmStateDim
{
	uint32		nruns;
	uint32		run_cap;
	uint32		nbuf;			/* values in vals */
	uint32		buf_cap;
} RfmStateDim;

typedef struct RfmState
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		bins;
	uint32		reserved;
	RfmStateDim dim[RFM_DIMS];
} RfmState;

/* what follows the header in a small transition state (flags RFM_FLAG_WORK) */
typedef struct RfmWorkDim
{
	uint32		npend;
	uint32		pend_cap;
	int64		total;			/* values held, with multiplicity */
} RfmWorkDim;

typedef struct RfmWorkState
{
	RfmState	st;
	RfmWorkDim	work[RFM_DIMS];
} RfmWorkState;

#define RFM_DATA_OFFSET MAXALIGN(sizeof(RfmState))
#define RFM_WORK_DATA_OFFSET MAXALIGN(sizeof(RfmWorkState))

const char *const rfm_dim_names[RFM_DIMS] = {"recency", "frequency", "monetary"};

/* one dimension of any representation: pointers into it, counts, capacities */
typedef struct RfmDim
{
	LtvRun	   *runs;
	size_t		nruns;
	size_t		run_cap;
	double	   *vals;
	size_t		nvals;
	size_t		val_cap;
	LtvRun	   *pend;
	size_t		npend;
	size_t		pend_cap;
	int64		total;			/* -1: not known (stored layout; ltv_runs_total then) */
} RfmDim;

/* the large transition state */
typedef struct RfmExpanded
{
	ExpandedObjectHeader hdr;
	int			bins;
	RfmDim		dim[RFM_DIMS];	/* arrays in hdr.eoh_context */
} RfmExpanded;

/* a transition state being updated: one of the two mutable representations */
typedef struct RfmOwn
{
	RfmExpanded *exp;			/* or NULL: flat */
	RfmState   *flat;			/* a RFM_FLAG_WORK varlena, when exp is NULL */
	MemoryContext aggcontext;	/* NULL outside an aggregate: never expanded */
	int			bins;
	RfmDim	   *dim;			/* exp->dim, or flat_dim */
	RfmDim		flat_dim[RFM_DIMS]; /* views into flat */
} RfmOwn;

static const ExpandedObjectMethods rfm_expanded_methods;

static Size
flat_size(bool work, const size_t *run_cap, const size_t *val_cap, const size_t *pend_cap)
{
	Size		size = work ? RFM_WORK_DATA_OFFSET : RFM_DATA_OFFSET;
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
		size += run_cap[d] * sizeof(LtvRun) + val_cap[d] * sizeof(double) +
			(work ? pend_cap[d] * sizeof(LtvRun) : 0);
	return size;
}

/* views of the dimensions of a flat state (validated by flat_get) */
static void
flat_view(RfmState *st, RfmDim *dims)
{
	bool		work = (st->flags & RFM_FLAG_WORK) != 0;
	char	   *p = (char *) st + (work ? RFM_WORK_DATA_OFFSET : RFM_DATA_OFFSET);
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
	{
		RfmDim	   *dim = &dims[d];

		dim->nruns = st->dim[d].nruns;
		dim->run_cap = st->dim[d].run_cap;
		dim->nvals = st->dim[d].nbuf;
		dim->val_cap = st->dim[d].buf_cap;
		dim->runs = (LtvRun *) p;
		p += dim->run_cap * sizeof(LtvRun);
		dim->vals = (double *) p;
		p += dim->val_cap * sizeof(double);
		if (work)
		{
			const RfmWorkDim *w = &((RfmWorkState *) st)->work[d];

			dim->npend = w->npend;
			dim->pend_cap = w->pend_cap;
			dim->total = w->total;
			dim->pend = (LtvRun *) p;
			p += dim->pend_cap * sizeof(LtvRun);
		}
		else
		{
			dim->pend = NULL;
			dim->npend = dim->pend_cap = 0;
			dim->total = -1;
		}
	}
}

/* writes the counts of views back into their flat work state */
static void
flat_store_counts(RfmState *st, const RfmDim *dims)
{
	int			d;

	Assert(st->flags & RFM_FLAG_WORK);
	for (d = 0; d < RFM_DIMS; d++)
	{
		RfmWorkDim *w = &((RfmWorkState *) st)->work[d];

		st->dim[d].nruns = (uint32) dims[d].nruns;
		st->dim[d].nbuf = (uint32) dims[d].nvals;
		w->npend = (uint32) dims[d].npend;
		w->total = dims[d].total;
	}
}

static void
state_too_large(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("rfm_state would exceed 1 GB"),
			 errdetail("A dimension has more distinct values than one state can hold (about 60 million)."),
			 errhint("Round the values (for example monetary to whole currency units) or compute thresholds on a sample.")));
}

/* a flat state in CurrentMemoryContext with the given capacities, counts 0 */
static RfmState *
flat_alloc(int bins, bool work, const size_t *run_cap, const size_t *val_cap, const size_t *pend_cap)
{
	Size		size;
	RfmState   *st;
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
		if (run_cap[d] > PG_UINT32_MAX || val_cap[d] > PG_UINT32_MAX || pend_cap[d] > PG_UINT32_MAX)
			state_too_large();
	size = flat_size(work, run_cap, val_cap, pend_cap);
	if (size > MaxAllocSize)
		state_too_large();
	st = (RfmState *) palloc(size);
	memset(st, 0, work ? RFM_WORK_DATA_OFFSET : RFM_DATA_OFFSET);
	SET_VARSIZE(st, size);
	st->version = RFM_STATE_VERSION;
	st->flags = work ? RFM_FLAG_WORK : 0;
	st->bins = (uint16) bins;
	for (d = 0; d < RFM_DIMS; d++)
	{
		st->dim[d].run_cap = (uint32) run_cap[d];
		st->dim[d].buf_cap = (uint32) val_cap[d];
		if (work)
			((RfmWorkState *) st)->work[d].pend_cap = (uint32) pend_cap[d];
	}
	return st;
}

/* checks the header of a flat state against its length */
static RfmState *
flat_get(Datum datum)
{
	RfmState   *st = (RfmState *) PG_DETOAST_DATUM(datum);
	size_t		run_cap[RFM_DIMS];
	size_t		val_cap[RFM_DIMS];
	size_t		pend_cap[RFM_DIMS];
	bool		work;
	int			d;

	if (VARSIZE(st) < RFM_DATA_OFFSET || st->version != RFM_STATE_VERSION ||
		(st->flags & ~RFM_FLAG_WORK) != 0 ||
		st->bins < LTV_RFM_MIN_BINS || st->bins > LTV_RFM_MAX_BINS)
		elog(ERROR, "corrupt rfm_state header");
	work = (st->flags & RFM_FLAG_WORK) != 0;
	if (work && VARSIZE(st) < RFM_WORK_DATA_OFFSET)
		elog(ERROR, "corrupt rfm_state header");
	for (d = 0; d < RFM_DIMS; d++)
	{
		const RfmWorkDim *w = work ? &((RfmWorkState *) st)->work[d] : NULL;

		run_cap[d] = st->dim[d].run_cap;
		val_cap[d] = st->dim[d].buf_cap;
		pend_cap[d] = w ? w->pend_cap : 0;
		if (st->dim[d].nruns > run_cap[d] || st->dim[d].nbuf > val_cap[d] ||
			run_cap[d] > MaxAllocSize / sizeof(LtvRun) || val_cap[d] > MaxAllocSize / sizeof(double) ||
			(w && (w->npend > w->pend_cap || pend_cap[d] > MaxAllocSize / sizeof(LtvRun) ||
				   w->total < 0 || w->total > LTV_QUANTILE_MAX_TOTAL)))
			elog(ERROR, "corrupt rfm_state header");
	}
	if (flat_size(work, run_cap, val_cap, pend_cap) != VARSIZE(st))
		elog(ERROR, "corrupt rfm_state length");
	return st;
}

/* the expanded object of a datum, or NULL when the datum is flat */
static RfmExpanded *
expanded_of(Datum datum)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(datum)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(datum);

		if (eoh->eoh_methods != &rfm_expanded_methods)
			elog(ERROR, "ltv: an expanded object that is not an rfm_state");
		return (RfmExpanded *) eoh;
	}
	return NULL;
}

/* the values a dimension holds, with multiplicity */
static int64
dim_total(RfmDim *dim)
{
	int64		total;

	if (dim->total >= 0)
		return dim->total;
	total = ltv_runs_total(dim->runs, dim->nruns);
	if (total > LTV_QUANTILE_MAX_TOTAL || (int64) dim->nvals > LTV_QUANTILE_MAX_TOTAL - total)
		elog(ERROR, "ltv: inconsistent rfm_state");
	return total + (int64) dim->nvals;
}

void
rfm_check_bins(int64 bins)
{
	if (bins < LTV_RFM_MIN_BINS || bins > LTV_RFM_MAX_BINS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bins must be between %d and %d, not " INT64_FORMAT,
						LTV_RFM_MIN_BINS, LTV_RFM_MAX_BINS, bins),
				 errhint("Use 5 (the usual RFM scale), or 3, 4 or 10.")));
}

void
rfm_check_value(double value, int dim)
{
	if (isnan(value) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite number", rfm_dim_names[dim]),
				 errhint("Pass NULL for an unknown value; it is skipped.")));
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative, got %g", rfm_dim_names[dim], value),
				 dim == RFM_RECENCY ?
				 errhint("Recency is the time since the last purchase: as_of minus the last purchase, with rows after as_of left out.") :
				 errhint("Clamp net refunds to zero (greatest(x, 0)) or leave such customers out.")));
}

double
rfm_interval_days(const Interval *interval)
{
	if (LTV_INTERVAL_NOT_FINITE(interval))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("recency must be a finite interval"),
				 errhint("Pass NULL for an unknown value; it is skipped.")));
	return (double) (interval->month / MONTHS_PER_YEAR) * DAYS_PER_YEAR +
		(double) (interval->month % MONTHS_PER_YEAR) * DAYS_PER_MONTH +
		(double) interval->day +
		(double) interval->time / (double) USECS_PER_DAY;
}

/* a dimension would hold more than LTV_QUANTILE_MAX_TOTAL values */
static void
rfm_too_many_values(int d)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("too many customers for rfm_thresholds"),
			 errdetail("An rfm_state holds at most " INT64_FORMAT " %s values.",
					   (int64) LTV_QUANTILE_MAX_TOTAL, rfm_dim_names[d]),
			 errhint("Merge fewer states; a state merged with itself counts its customers twice.")));
}

static void
check_same_bins(int a, int b)
{
	if (a != b)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine rfm states with different bin counts (%d and %d)",
						Min(a, b), Max(a, b)),
				 errhint("Pass the same bins to every rfm_thresholds or rfm_state_agg call that is merged.")));
}

/* ---- transition states ---- */

static void
own_set_flat(RfmOwn *own, RfmState *st)
{
	own->exp = NULL;
	own->flat = st;
	flat_view(st, own->flat_dim);
	own->dim = own->flat_dim;
}

static void *
exp_alloc(RfmExpanded *exp, void *old, size_t n, size_t elem)
{
	Size		size = Max(n, 1) * elem;

	if (old == NULL)
		return MemoryContextAllocHuge(exp->hdr.eoh_context, size);
	return repalloc_huge(old, size);
}

/* a new expanded object (child of the aggregate context) holding dims, with the given capacities */
static RfmExpanded *
exp_create(MemoryContext aggcontext, int bins, const RfmDim *dims,
		   const size_t *run_cap, const size_t *val_cap, const size_t *pend_cap)
{
	MemoryContext cxt = AllocSetContextCreate(aggcontext, "rfm_state", ALLOCSET_SMALL_SIZES);
	RfmExpanded *exp = MemoryContextAllocZero(cxt, sizeof(RfmExpanded));
	int			d;

	EOH_init_header(&exp->hdr, &rfm_expanded_methods, cxt);
	exp->bins = bins;
	for (d = 0; d < RFM_DIMS; d++)
	{
		RfmDim	   *dim = &exp->dim[d];
		const RfmDim *src = &dims[d];

		if (run_cap[d] > RFM_MAX_ENTRIES || pend_cap[d] > RFM_MAX_ENTRIES ||
			val_cap[d] > MaxAllocHugeSize / sizeof(double))
			state_too_large();
		dim->runs = exp_alloc(exp, NULL, run_cap[d], sizeof(LtvRun));
		dim->run_cap = run_cap[d];
		dim->vals = exp_alloc(exp, NULL, val_cap[d], sizeof(double));
		dim->val_cap = val_cap[d];
		dim->pend = exp_alloc(exp, NULL, pend_cap[d], sizeof(LtvRun));
		dim->pend_cap = pend_cap[d];
		memcpy(dim->runs, src->runs, src->nruns * sizeof(LtvRun));
		memcpy(dim->vals, src->vals, src->nvals * sizeof(double));
		if (src->npend > 0)
			memcpy(dim->pend, src->pend, src->npend * sizeof(LtvRun));
		dim->nruns = src->nruns;
		dim->nvals = src->nvals;
		dim->npend = src->npend;
		dim->total = src->total;
	}
	return exp;
}

/* a new flat work state in CurrentMemoryContext holding dims, with the given capacities */
static RfmState *
flat_create(int bins, const RfmDim *dims,
			const size_t *run_cap, const size_t *val_cap, const size_t *pend_cap)
{
	RfmState   *st = flat_alloc(bins, true, run_cap, val_cap, pend_cap);
	RfmDim		views[RFM_DIMS];
	int			d;

	flat_view(st, views);
	for (d = 0; d < RFM_DIMS; d++)
	{
		memcpy(views[d].runs, dims[d].runs, dims[d].nruns * sizeof(LtvRun));
		memcpy(views[d].vals, dims[d].vals, dims[d].nvals * sizeof(double));
		if (dims[d].npend > 0)
			memcpy(views[d].pend, dims[d].pend, dims[d].npend * sizeof(LtvRun));
		views[d].nruns = dims[d].nruns;
		views[d].nvals = dims[d].nvals;
		views[d].npend = dims[d].npend;
		views[d].total = dims[d].total;
	}
	flat_store_counts(st, views);
	return st;
}

/* a new transition state holding dims (flat while small, expanded in an aggregate once large) */
static void
own_create(RfmOwn *own, int bins, const RfmDim *dims,
		   const size_t *run_cap, const size_t *val_cap, const size_t *pend_cap)
{
	own->bins = bins;
	if (own->aggcontext != NULL && flat_size(true, run_cap, val_cap, pend_cap) > RFM_EXPAND_ABOVE)
	{
		own->exp = exp_create(own->aggcontext, bins, dims, run_cap, val_cap, pend_cap);
		own->flat = NULL;
		own->dim = own->exp->dim;
	}
	else
		own_set_flat(own, flat_create(bins, dims, run_cap, val_cap, pend_cap));
}

/*
 * Capacities of dimension d at least run_min, val_min and pend_min.  An
 * expanded state grows its arrays in place; a flat one becomes a new datum
 * (capacities at least doubled, every dimension copied) or, once large, an
 * expanded object.  The logical value is unchanged.
 */
static void
own_reserve(RfmOwn *own, int d, size_t run_min, size_t val_min, size_t pend_min)
{
	RfmDim	   *dim = &own->dim[d];

	if (run_min <= dim->run_cap && val_min <= dim->val_cap && pend_min <= dim->pend_cap)
		return;
	CHECK_FOR_INTERRUPTS();
	if (own->exp != NULL)
	{
		if (run_min > RFM_MAX_ENTRIES || pend_min > RFM_MAX_ENTRIES ||
			val_min > MaxAllocHugeSize / sizeof(double))
			state_too_large();
		if (run_min > dim->run_cap)
		{
			/* a quarter more than needed: the next distinct values fit */
			size_t		cap = Min(run_min + run_min / 4, RFM_MAX_ENTRIES);

			dim->runs = exp_alloc(own->exp, dim->runs, cap, sizeof(LtvRun));
			dim->run_cap = cap;
		}
		if (val_min > dim->val_cap)
		{
			dim->vals = exp_alloc(own->exp, dim->vals, val_min, sizeof(double));
			dim->val_cap = val_min;
		}
		if (pend_min > dim->pend_cap)
		{
			dim->pend = exp_alloc(own->exp, dim->pend, pend_min, sizeof(LtvRun));
			dim->pend_cap = pend_min;
		}
		return;
	}
	{
		size_t		run_cap[RFM_DIMS];
		size_t		val_cap[RFM_DIMS];
		size_t		pend_cap[RFM_DIMS];
		int			e;

		for (e = 0; e < RFM_DIMS; e++)
		{
			run_cap[e] = own->dim[e].run_cap;
			val_cap[e] = own->dim[e].val_cap;
			pend_cap[e] = own->dim[e].pend_cap;
		}
		if (run_min > run_cap[d])
			run_cap[d] = Max(run_min, 2 * run_cap[d]);
		if (val_min > val_cap[d])
			val_cap[d] = Max(val_min, 2 * val_cap[d]);
		if (pend_min > pend_cap[d])
			pend_cap[d] = Max(pend_min, 2 * pend_cap[d]);
		/* a new datum: the old one is the executor's to free */
		own_create(own, own->bins, own->dim, run_cap, val_cap, pend_cap);
	}
}

/* after a change of counts in a flat state: write them into it */
static inline void
own_sync(RfmOwn *own)
{
	if (own->exp == NULL)
		flat_store_counts(own->flat, own->dim);
}

/* sorts dimension d's buffers and merges them into its runs */
static void
own_compact(RfmOwn *own, int d)
{
	RfmDim	   *dim = &own->dim[d];
	size_t		need;

	if (dim->nvals == 0 && dim->npend == 0)
		return;
	CHECK_FOR_INTERRUPTS();
	ltv_sort_doubles(dim->vals, dim->nvals);
	dim->npend = ltv_runs_sort_collapse(dim->pend, dim->npend);
	need = ltv_runs_union3_size(dim->runs, dim->nruns, dim->vals, dim->nvals, dim->pend, dim->npend);
	if (need > dim->run_cap)
	{
		own_sync(own);			/* a flat state is copied with its counts */
		own_reserve(own, d, need, 0, 0);
		dim = &own->dim[d];
	}
	ltv_runs_merge3_in_place(dim->runs, dim->nruns, dim->vals, dim->nvals, dim->pend, dim->npend, need);
	dim->nruns = need;
	dim->nvals = 0;
	dim->npend = 0;
	own_sync(own);
}

/* the buffer size to aim for: doubling up to 1024, then a quarter of the runs */
static size_t
buffer_target(const RfmDim *dim, size_t cap)
{
	return Max(Max((size_t) RFM_MIN_BUF, dim->nruns / 4), Min(2 * cap, (size_t) 1024));
}

static void
own_count(RfmOwn *own, int d, int64 n)
{
	RfmDim	   *dim = &own->dim[d];

	if (n > LTV_QUANTILE_MAX_TOTAL - dim->total)
		rfm_too_many_values(d);
	dim->total += n;
}

static void
own_add_value(RfmOwn *own, int d, double value)
{
	RfmDim	   *dim = &own->dim[d];

	own_count(own, d, 1);
	if (dim->nvals == dim->val_cap)
	{
		own_compact(own, d);
		dim = &own->dim[d];
		own_reserve(own, d, dim->nruns, buffer_target(dim, dim->val_cap), 0);
		dim = &own->dim[d];
	}
	dim->vals[dim->nvals++] = value;
}

/*
 * Merges n sorted runs (strictly increasing values, counts >= 1) into
 * dimension d: through the run buffer while they are few compared with the
 * runs held, else straight into the runs (O(held + n), and n is at least
 * half of held then), so merging many states is O(total log total).
 */
static void
own_add_runs(RfmOwn *own, int d, const LtvRun *runs, size_t n, int64 total)
{
	RfmDim	   *dim = &own->dim[d];

	if (n == 0)
		return;
	own_count(own, d, total);
	if (n > dim->pend_cap - dim->npend)
	{
		own_compact(own, d);
		dim = &own->dim[d];
		if (n > Max(dim->nruns / 2, (size_t) 1024))
		{
			size_t		need = ltv_runs_union3_size(dim->runs, dim->nruns, NULL, 0, runs, n);

			own_reserve(own, d, need, 0, 0);
			dim = &own->dim[d];
			ltv_runs_merge3_in_place(dim->runs, dim->nruns, NULL, 0, runs, n, need);
			dim->nruns = need;
			own_sync(own);
			return;
		}
		own_reserve(own, d, dim->nruns, 0, Max(n, buffer_target(dim, dim->pend_cap)));
		dim = &own->dim[d];
	}
	memcpy(dim->pend + dim->npend, runs, n * sizeof(LtvRun));
	dim->npend += n;
}

/* the datum of a transition state */
static Datum
own_datum(RfmOwn *own)
{
	if (own->exp != NULL)
		return EOHPGetRWDatum(&own->exp->hdr);
	own_sync(own);
	return PointerGetDatum(own->flat);
}

/* a new, empty transition state */
static void
own_new(RfmOwn *own, int bins)
{
	RfmDim		empty[RFM_DIMS];
	size_t		zero[RFM_DIMS] = {0, 0, 0};
	size_t		one[RFM_DIMS] = {1, 1, 1};	/* a value per dimension (per-customer states) */

	memset(empty, 0, sizeof(empty));
	own_create(own, bins, empty, zero, one, zero);
}

/*
 * The aggregate's own state from a transition value: updated in place when
 * it is one of ours (in an aggregate), else copied (a stored value, or any
 * value outside an aggregate, is never changed).
 */
static void
own_from_datum(RfmOwn *own, Datum datum)
{
	RfmExpanded *exp = expanded_of(datum);
	RfmDim		views[RFM_DIMS];
	RfmDim	   *dims;
	size_t		run_cap[RFM_DIMS];
	size_t		val_cap[RFM_DIMS];
	size_t		pend_cap[RFM_DIMS];
	int			bins;
	int			d;

	if (exp != NULL)
	{
		if (own->aggcontext != NULL && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(datum)))
		{
			own->exp = exp;
			own->flat = NULL;
			own->bins = exp->bins;
			own->dim = exp->dim;
			return;
		}
		dims = exp->dim;
		bins = exp->bins;
	}
	else
	{
		RfmState   *st = flat_get(datum);

		if (own->aggcontext != NULL && (st->flags & RFM_FLAG_WORK) &&
			(Pointer) st == DatumGetPointer(datum))
		{
			own->bins = st->bins;
			own_set_flat(own, st);
			return;
		}
		flat_view(st, views);
		dims = views;
		bins = st->bins;
	}
	for (d = 0; d < RFM_DIMS; d++)
	{
		dims[d].total = dim_total(&dims[d]);
		run_cap[d] = dims[d].nruns;
		val_cap[d] = dims[d].nvals;
		pend_cap[d] = dims[d].npend;
	}
	own_create(own, bins, dims, run_cap, val_cap, pend_cap);
}

/* ---- reading any state ---- */

/* the sorted runs of every dimension of a state, read only */
typedef struct RfmRead
{
	int			bins;
	LtvRun	   *runs[RFM_DIMS];
	size_t		nruns[RFM_DIMS];
} RfmRead;

/*
 * An expanded state is compacted in place (its logical value is unchanged);
 * a flat one is read where it lies when it has no buffered values, else its
 * dimensions with buffers are merged into copies.
 */
static void
state_read_runs(Datum datum, RfmRead *r)
{
	RfmExpanded *exp = expanded_of(datum);
	int			d;

	if (exp != NULL)
	{
		RfmOwn		own;

		memset(&own, 0, sizeof(own));
		own.exp = exp;
		own.bins = exp->bins;
		own.dim = exp->dim;
		for (d = 0; d < RFM_DIMS; d++)
		{
			own_compact(&own, d);
			r->runs[d] = exp->dim[d].runs;
			r->nruns[d] = exp->dim[d].nruns;
		}
		r->bins = exp->bins;
		return;
	}
	{
		RfmState   *st = flat_get(datum);
		RfmDim		dims[RFM_DIMS];

		flat_view(st, dims);
		r->bins = st->bins;
		for (d = 0; d < RFM_DIMS; d++)
		{
			RfmDim	   *dim = &dims[d];
			double	   *vals;
			LtvRun	   *pend;
			size_t		npend;
			size_t		need;

			if (dim->nvals == 0 && dim->npend == 0)
			{
				r->runs[d] = dim->runs;
				r->nruns[d] = dim->nruns;
				continue;
			}
			vals = palloc(Max(dim->nvals, 1) * sizeof(double));
			memcpy(vals, dim->vals, dim->nvals * sizeof(double));
			ltv_sort_doubles(vals, dim->nvals);
			pend = palloc(Max(dim->npend, 1) * sizeof(LtvRun));
			if (dim->npend > 0)
				memcpy(pend, dim->pend, dim->npend * sizeof(LtvRun));
			npend = ltv_runs_sort_collapse(pend, dim->npend);
			need = ltv_runs_union3_size(dim->runs, dim->nruns, vals, dim->nvals, pend, npend);
			r->runs[d] = palloc_extended(Max(need, 1) * sizeof(LtvRun), MCXT_ALLOC_HUGE);
			memcpy(r->runs[d], dim->runs, dim->nruns * sizeof(LtvRun));
			ltv_runs_merge3_in_place(r->runs[d], dim->nruns, vals, dim->nvals, pend, npend, need);
			r->nruns[d] = need;
			pfree(vals);
			pfree(pend);
		}
	}
}

/* the stored layout (no buffers, no spare room) of the given runs, in CurrentMemoryContext */
static RfmState *
stored_from_runs(int bins, LtvRun *const *runs, const size_t *nruns)
{
	size_t		zero[RFM_DIMS] = {0, 0, 0};
	RfmState   *st;
	RfmDim		views[RFM_DIMS];
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
		if (nruns[d] > MaxAllocSize / sizeof(LtvRun))
			state_too_large();
	st = flat_alloc(bins, false, nruns, zero, zero);
	flat_view(st, views);
	for (d = 0; d < RFM_DIMS; d++)
	{
		memcpy(views[d].runs, runs[d], nruns[d] * sizeof(LtvRun));
		st->dim[d].nruns = (uint32) nruns[d];
	}
	return st;
}

/* ---- the expanded object's flat form: the stored layout ---- */

static Size
rfm_expanded_flat_size(ExpandedObjectHeader *eohptr)
{
	RfmExpanded *exp = (RfmExpanded *) eohptr;
	RfmRead		r;
	Size		size = RFM_DATA_OFFSET;
	int			d;

	state_read_runs(EOHPGetRWDatum(eohptr), &r);	/* compacts in place */
	for (d = 0; d < RFM_DIMS; d++)
	{
		if (exp->dim[d].nruns > MaxAllocSize / sizeof(LtvRun))
			state_too_large();
		size += exp->dim[d].nruns * sizeof(LtvRun);
	}
	if (size > MaxAllocSize)
		state_too_large();
	return size;
}

static void
rfm_expanded_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	RfmExpanded *exp = (RfmExpanded *) eohptr;
	RfmState   *st = (RfmState *) result;
	char	   *p = (char *) st + RFM_DATA_OFFSET;
	int			d;

	memset(st, 0, RFM_DATA_OFFSET);
	SET_VARSIZE(st, allocated_size);
	st->version = RFM_STATE_VERSION;
	st->bins = (uint16) exp->bins;
	for (d = 0; d < RFM_DIMS; d++)
	{
		Assert(exp->dim[d].nvals == 0 && exp->dim[d].npend == 0);
		st->dim[d].nruns = st->dim[d].run_cap = (uint32) exp->dim[d].nruns;
		memcpy(p, exp->dim[d].runs, exp->dim[d].nruns * sizeof(LtvRun));
		p += exp->dim[d].nruns * sizeof(LtvRun);
	}
	Assert(p == (char *) st + allocated_size);
}

static const ExpandedObjectMethods rfm_expanded_methods = {
	rfm_expanded_flat_size,
	rfm_expanded_flatten_into
};

/* ---- aggregate support ---- */

double
rfm_arg_value(FunctionCallInfo fcinfo, int argno, int dim, RfmKind kind)
{
	double		v;

	if (kind == RFM_INTERVAL)
		v = rfm_interval_days(PG_GETARG_INTERVAL_P(argno));
	else if (kind == RFM_NUMERIC)
		v = ltv_numeric_to_double(PG_GETARG_DATUM(argno));
	else
		v = PG_GETARG_FLOAT8(argno);
	rfm_check_value(v, dim);
	return v;
}

static Datum
state_add(FunctionCallInfo fcinfo, const RfmKind *kinds)
{
	int64		bins = 5;
	RfmOwn		own;
	double		values[RFM_DIMS];
	bool		present[RFM_DIMS];
	int			d;

	if (PG_NARGS() > 4)
	{
		if (PG_ARGISNULL(4))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("bins must not be NULL"),
					 errhint("Leave bins out for 5 bins.")));
		bins = PG_GETARG_INT32(4);
	}
	rfm_check_bins(bins);

	for (d = 0; d < RFM_DIMS; d++)
	{
		present[d] = !PG_ARGISNULL(d + 1);
		if (!present[d])
			continue;
		values[d] = rfm_arg_value(fcinfo, d + 1, d, kinds[d]) + 0.0;	/* -0 is 0: one run */
	}

	memset(&own, 0, sizeof(own));
	if (!AggCheckCallContext(fcinfo, &own.aggcontext))
		own.aggcontext = NULL;
	if (PG_ARGISNULL(0))
		own_new(&own, (int) bins);
	else
	{
		own_from_datum(&own, PG_GETARG_DATUM(0));
		if (own.bins != bins)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bins changed from %d to " INT64_FORMAT " within one rfm_thresholds aggregate",
							own.bins, bins),
					 errhint("Pass a constant bins.")));
	}
	for (d = 0; d < RFM_DIMS; d++)
		if (present[d])
			own_add_value(&own, d, values[d]);
	PG_RETURN_DATUM(own_datum(&own));
}

/*
 * One entry point per combination of argument types (recency float8,
 * interval or numeric; frequency and monetary float8 or numeric); the first
 * four are the symbols of ltv--1.0.sql.
 */
#define RFM_ADD_ENTRY(name, r, f, m) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	static const RfmKind kinds[RFM_DIMS] = {r, f, m}; \
	return state_add(fcinfo, kinds); \
}

RFM_ADD_ENTRY(rfm_state_add, RFM_FLOAT8, RFM_FLOAT8, RFM_FLOAT8)
RFM_ADD_ENTRY(rfm_state_add_interval, RFM_INTERVAL, RFM_FLOAT8, RFM_FLOAT8)
RFM_ADD_ENTRY(rfm_state_add_numeric, RFM_FLOAT8, RFM_FLOAT8, RFM_NUMERIC)
RFM_ADD_ENTRY(rfm_state_add_interval_numeric, RFM_INTERVAL, RFM_FLOAT8, RFM_NUMERIC)
RFM_ADD_ENTRY(rfm_state_add_fnf, RFM_FLOAT8, RFM_NUMERIC, RFM_FLOAT8)
RFM_ADD_ENTRY(rfm_state_add_fnn, RFM_FLOAT8, RFM_NUMERIC, RFM_NUMERIC)
RFM_ADD_ENTRY(rfm_state_add_inf, RFM_INTERVAL, RFM_NUMERIC, RFM_FLOAT8)
RFM_ADD_ENTRY(rfm_state_add_inn, RFM_INTERVAL, RFM_NUMERIC, RFM_NUMERIC)
RFM_ADD_ENTRY(rfm_state_add_nff, RFM_NUMERIC, RFM_FLOAT8, RFM_FLOAT8)
RFM_ADD_ENTRY(rfm_state_add_nfn, RFM_NUMERIC, RFM_FLOAT8, RFM_NUMERIC)
RFM_ADD_ENTRY(rfm_state_add_nnf, RFM_NUMERIC, RFM_NUMERIC, RFM_FLOAT8)
RFM_ADD_ENTRY(rfm_state_add_nnn, RFM_NUMERIC, RFM_NUMERIC, RFM_NUMERIC)

/*
 * rfm_state_combine(a, b): the combine function of rfm_thresholds and
 * rfm_state_agg, the transition function of rfm_state_merge, and a plain
 * function (the merged state).  A NULL argument is no customers: the other
 * side is returned.  In an aggregate b's runs go into the aggregate's own
 * state (see own_add_runs): merging n states is linear in their total size
 * up to a log factor, in memory proportional to the distinct values.
 */
PG_FUNCTION_INFO_V1(rfm_state_combine);
Datum
rfm_state_combine(PG_FUNCTION_ARGS)
{
	RfmOwn		own;
	RfmRead		b;
	int			d;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	memset(&own, 0, sizeof(own));
	if (!AggCheckCallContext(fcinfo, &own.aggcontext))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_DATUM(PG_GETARG_DATUM(1));
		own.aggcontext = NULL;
	}
	state_read_runs(PG_GETARG_DATUM(1), &b);
	if (PG_ARGISNULL(0))
		own_new(&own, b.bins);
	else
	{
		own_from_datum(&own, PG_GETARG_DATUM(0));
		check_same_bins(own.bins, b.bins);
	}
	for (d = 0; d < RFM_DIMS; d++)
	{
		int64		total = ltv_runs_total(b.runs[d], b.nruns[d]);

		if (total > LTV_QUANTILE_MAX_TOTAL)
			rfm_too_many_values(d);
		own_add_runs(&own, d, b.runs[d], b.nruns[d], total);
	}
	if (own.aggcontext == NULL)
	{
		RfmRead		r;

		/* a plain call returns the stored layout */
		state_read_runs(own_datum(&own), &r);
		PG_RETURN_POINTER(stored_from_runs(r.bins, r.runs, r.nruns));
	}
	PG_RETURN_DATUM(own_datum(&own));
}

/* the state without buffers or spare room: what rfm_state_agg returns */
PG_FUNCTION_INFO_V1(rfm_state_compact);
Datum
rfm_state_compact(PG_FUNCTION_ARGS)
{
	RfmRead		r;

	state_read_runs(PG_GETARG_DATUM(0), &r);
	PG_RETURN_POINTER(stored_from_runs(r.bins, r.runs, r.nruns));
}

/* final function of rfm_thresholds, and rfm_thresholds(rfm_state) */
PG_FUNCTION_INFO_V1(rfm_state_thresholds);
Datum
rfm_state_thresholds(PG_FUNCTION_ARGS)
{
	RfmRead		r;
	RfmCuts		cuts;
	int			d;

	state_read_runs(PG_GETARG_DATUM(0), &r);
	cuts.bins = r.bins;
	for (d = 0; d < RFM_DIMS; d++)
	{
		cuts.present[d] = r.nruns[d] > 0;
		if (r.nruns[d] > 0)
		{
			if (ltv_runs_total(r.runs[d], r.nruns[d]) > LTV_QUANTILE_MAX_TOTAL)
				rfm_too_many_values(d);
			if (ltv_quantile7_cuts(r.runs[d], r.nruns[d], r.bins, cuts.cuts[d]) != 0)
				elog(ERROR, "ltv: inconsistent rfm_state");
		}
	}
	return rfm_thresholds_datum(fcinfo, &cuts);
}

/* ---- canonical form: send / recv / out / in ---- */

/*
 * The canonical bytes (src/core/rfm_codec.c): the runs of datum's state,
 * encoded into a fresh palloc'd buffer of *size bytes.
 */
static uint8 *
state_encode(Datum datum, Size *size)
{
	RfmRead		r;
	uint8	   *bytes;

	state_read_runs(datum, &r);
	*size = ltv_rfm_encoded_size(r.nruns);
	bytes = palloc(*size);
	ltv_rfm_encode(r.bins, (const LtvRun *const *) r.runs, r.nruns, bytes);
	return bytes;
}

/* a state from its canonical bytes: src/core/rfm_codec.c checks every byte */
static RfmState *
state_read(const unsigned char *data, Size len, int errcode)
{
	LtvRun	   *all = (LtvRun *) palloc(ltv_rfm_decode_room(len) * sizeof(LtvRun));
	LtvRun	   *runs[RFM_DIMS];
	size_t		nruns[RFM_DIMS];
	int			bins;
	LtvCodecError err;
	int			d;
	size_t		used = 0;

	ltv_codec_check(ltv_rfm_decode(data, len, &bins, all, nruns, &err), &err, errcode, NULL);
	for (d = 0; d < RFM_DIMS; d++)
	{
		runs[d] = all + used;
		used += nruns[d];
	}
	return stored_from_runs(bins, runs, nruns);
}

PG_FUNCTION_INFO_V1(rfm_state_send);
Datum
rfm_state_send(PG_FUNCTION_ARGS)
{
	Size		size;
	uint8	   *bytes = state_encode(PG_GETARG_DATUM(0), &size);
	bytea	   *result = palloc(VARHDRSZ + size);

	SET_VARSIZE(result, VARHDRSZ + size);
	memcpy(VARDATA(result), bytes, size);
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(rfm_state_recv);
Datum
rfm_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RfmState   *st = state_read((const unsigned char *) buf->data + buf->cursor,
								buf->len - buf->cursor, ERRCODE_INVALID_BINARY_REPRESENTATION);

	buf->cursor = buf->len;
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(rfm_state_out);
Datum
rfm_state_out(PG_FUNCTION_ARGS)
{
	Size		size;
	uint8	   *bytes = state_encode(PG_GETARG_DATUM(0), &size);
	char	   *hex = palloc(size * 2 + 1);

	ltv_hex_encode(bytes, size, hex);
	PG_RETURN_CSTRING(hex);
}

PG_FUNCTION_INFO_V1(rfm_state_in);
Datum
rfm_state_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	Size		len = strlen(str);
	uint8	   *bytes = palloc(len / 2 + 1);
	LtvCodecError err;

	ltv_codec_check(ltv_rfm_unhex(str, bytes, &err), &err, ERRCODE_INVALID_TEXT_REPRESENTATION, NULL);
	PG_RETURN_POINTER(state_read(bytes, len / 2, ERRCODE_INVALID_TEXT_REPRESENTATION));
}
