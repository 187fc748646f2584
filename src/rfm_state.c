/*
 * rfm_state.c: the rfm_state type (the state of rfm_thresholds), its
 * aggregate support functions and its text and binary forms.
 *
 * A state keeps, per dimension, the values seen so far as runs of equal
 * values (LtvRun: value, count; strictly increasing) plus a buffer of
 * unsorted new values.  When a buffer is full it is sorted and merged into
 * the runs.  All of it lives in one varlena so the state can be a public type
 * (Citus sends such states between nodes with send/recv):
 *
 *     RfmState header | dim 0: runs[run_cap], buf[buf_cap] | dim 1: ... | dim 2: ...
 *
 * The transition function updates the state in place while there is room
 * and returns a new, larger datum otherwise (the executor frees the old one;
 * it must not be freed or repalloc'ed here).
 *
 * The canonical form (send, out) has no buffers and no spare capacity:
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
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "core/quantile.h"
#include "core/rfm_codec.h"
#include "ltv_codec.h"
#include "rfm.h"

#define RFM_STATE_VERSION 1
#define RFM_INITIAL_RUNS 16
#define RFM_INITIAL_BUF 64

typedef struct RfmStateDim
{
	uint32		nruns;
	uint32		run_cap;
	uint32		nbuf;
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

#define RFM_DATA_OFFSET MAXALIGN(sizeof(RfmState))

const char *const rfm_dim_names[RFM_DIMS] = {"recency", "frequency", "monetary"};

StaticAssertDecl(RFM_DIMS == LTV_RFM_NDIMS, "rfm dimensions differ");

static Size
state_size(const uint32 *run_cap, const uint32 *buf_cap)
{
	Size		size = RFM_DATA_OFFSET;
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
		size += (Size) run_cap[d] * sizeof(LtvRun) + (Size) buf_cap[d] * sizeof(double);
	return size;
}

static char *
dim_start(RfmState *st, int d)
{
	char	   *p = (char *) st + RFM_DATA_OFFSET;
	int			e;

	for (e = 0; e < d; e++)
		p += (Size) st->dim[e].run_cap * sizeof(LtvRun) + (Size) st->dim[e].buf_cap * sizeof(double);
	return p;
}

static LtvRun *
dim_runs(RfmState *st, int d)
{
	return (LtvRun *) dim_start(st, d);
}

static double *
dim_buf(RfmState *st, int d)
{
	return (double *) (dim_start(st, d) + (Size) st->dim[d].run_cap * sizeof(LtvRun));
}

static RfmState *
state_alloc(int bins, const uint32 *run_cap, const uint32 *buf_cap)
{
	Size		size = state_size(run_cap, buf_cap);
	RfmState   *st;
	int			d;

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rfm_state would exceed 1 GB"),
				 errdetail("A dimension has more distinct values than one state can hold (about 40 million)."),
				 errhint("Round the values (for example monetary to whole currency units) or compute thresholds on a sample.")));
	st = (RfmState *) palloc0(size);
	SET_VARSIZE(st, size);
	st->version = RFM_STATE_VERSION;
	st->bins = (uint16) bins;
	for (d = 0; d < RFM_DIMS; d++)
	{
		st->dim[d].run_cap = run_cap[d];
		st->dim[d].buf_cap = buf_cap[d];
	}
	return st;
}

/* checks the header of an in-memory state against its length */
static RfmState *
state_get(Datum datum)
{
	RfmState   *st = (RfmState *) PG_DETOAST_DATUM(datum);
	uint32		run_cap[RFM_DIMS];
	uint32		buf_cap[RFM_DIMS];
	int			d;

	if (VARSIZE(st) < RFM_DATA_OFFSET || st->version != RFM_STATE_VERSION ||
		st->bins < LTV_RFM_MIN_BINS || st->bins > LTV_RFM_MAX_BINS)
		elog(ERROR, "corrupt rfm_state header");
	for (d = 0; d < RFM_DIMS; d++)
	{
		if (st->dim[d].nruns > st->dim[d].run_cap || st->dim[d].nbuf > st->dim[d].buf_cap ||
			st->dim[d].run_cap > MaxAllocSize / sizeof(LtvRun) ||
			st->dim[d].buf_cap > MaxAllocSize / sizeof(double))
			elog(ERROR, "corrupt rfm_state header");
		run_cap[d] = st->dim[d].run_cap;
		buf_cap[d] = st->dim[d].buf_cap;
	}
	if (state_size(run_cap, buf_cap) != VARSIZE(st))
		elog(ERROR, "corrupt rfm_state length");
	return st;
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

/*
 * Sorts dimension d's buffer and merges it into its runs.  Returns st when
 * the runs fit, else a new, larger state (st is left alone).
 */
static RfmState *
state_compact_dim(RfmState *st, int d)
{
	RfmStateDim *dim = &st->dim[d];
	double	   *buf = dim_buf(st, d);
	LtvRun	   *merged;
	size_t		n;
	RfmState   *grown;
	uint32		run_cap[RFM_DIMS];
	uint32		buf_cap[RFM_DIMS];
	int			e;

	CHECK_FOR_INTERRUPTS();
	ltv_sort_doubles(buf, dim->nbuf);
	merged = (LtvRun *) palloc(((Size) dim->nruns + dim->nbuf) * sizeof(LtvRun));
	n = ltv_runs_merge_sorted(dim_runs(st, d), dim->nruns, buf, dim->nbuf, merged);
	if (n <= dim->run_cap && dim->buf_cap > 0)
	{
		memcpy(dim_runs(st, d), merged, n * sizeof(LtvRun));
		dim->nruns = (uint32) n;
		dim->nbuf = 0;
		pfree(merged);
		return st;
	}

	/* grow this dimension by half again what it needs; its buffer to half of that */
	for (e = 0; e < RFM_DIMS; e++)
	{
		run_cap[e] = st->dim[e].run_cap;
		buf_cap[e] = st->dim[e].buf_cap;
	}
	run_cap[d] = (uint32) Min((Size) n + n / 2, MaxAllocSize / sizeof(LtvRun));
	buf_cap[d] = Max(Max(buf_cap[d], run_cap[d] / 2), RFM_INITIAL_BUF);
	grown = state_alloc(st->bins, run_cap, buf_cap);
	for (e = 0; e < RFM_DIMS; e++)
	{
		if (e == d)
			continue;
		grown->dim[e].nruns = st->dim[e].nruns;
		grown->dim[e].nbuf = st->dim[e].nbuf;
		memcpy(dim_runs(grown, e), dim_runs(st, e), st->dim[e].nruns * sizeof(LtvRun));
		memcpy(dim_buf(grown, e), dim_buf(st, e), st->dim[e].nbuf * sizeof(double));
	}
	memcpy(dim_runs(grown, d), merged, n * sizeof(LtvRun));
	grown->dim[d].nruns = (uint32) n;
	pfree(merged);
	return grown;
}

/* dimension d of st as sorted runs, in a fresh palloc'd array; st is not changed */
static LtvRun *
state_dim_runs_copy(RfmState *st, int d, size_t *nruns)
{
	RfmStateDim *dim = &st->dim[d];
	double	   *sorted = (double *) palloc(Max(dim->nbuf, 1) * sizeof(double));
	LtvRun	   *runs = (LtvRun *) palloc(((Size) dim->nruns + dim->nbuf + 1) * sizeof(LtvRun));

	memcpy(sorted, dim_buf(st, d), dim->nbuf * sizeof(double));
	ltv_sort_doubles(sorted, dim->nbuf);
	*nruns = ltv_runs_merge_sorted(dim_runs(st, d), dim->nruns, sorted, dim->nbuf, runs);
	pfree(sorted);
	return runs;
}

/* a compact state (no buffers) holding the given runs */
static RfmState *
state_from_runs(int bins, LtvRun **runs, const size_t *nruns, uint32 min_buf)
{
	uint32		run_cap[RFM_DIMS];
	uint32		buf_cap[RFM_DIMS];
	RfmState   *st;
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
	{
		if (nruns[d] > MaxAllocSize / sizeof(LtvRun))
			state_alloc(bins, run_cap, buf_cap);	/* raises the size error */
		run_cap[d] = (uint32) nruns[d];
		buf_cap[d] = min_buf;
	}
	st = state_alloc(bins, run_cap, buf_cap);
	for (d = 0; d < RFM_DIMS; d++)
	{
		memcpy(dim_runs(st, d), runs[d], nruns[d] * sizeof(LtvRun));
		st->dim[d].nruns = (uint32) nruns[d];
	}
	return st;
}

static RfmState *
state_compacted_copy(RfmState *st, uint32 min_buf)
{
	LtvRun	   *runs[RFM_DIMS];
	size_t		nruns[RFM_DIMS];
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
		runs[d] = state_dim_runs_copy(st, d, &nruns[d]);
	return state_from_runs(st->bins, runs, nruns, min_buf);
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

/* ---- aggregate support ---- */

static Datum
state_add(FunctionCallInfo fcinfo, bool recency_is_interval, bool monetary_is_numeric)
{
	MemoryContext aggcontext;
	int64		bins = 5;
	RfmState   *st;
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
		if (d == RFM_RECENCY && recency_is_interval)
			values[d] = rfm_interval_days(PG_GETARG_INTERVAL_P(1));
		else if (d == RFM_MONETARY && monetary_is_numeric)
			values[d] = rfm_numeric_to_double(PG_GETARG_DATUM(d + 1));
		else
			values[d] = PG_GETARG_FLOAT8(d + 1);
		rfm_check_value(values[d], d);
	}

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		aggcontext = NULL;

	if (PG_ARGISNULL(0))
	{
		uint32		run_cap[RFM_DIMS] = {RFM_INITIAL_RUNS, RFM_INITIAL_RUNS, RFM_INITIAL_RUNS};
		uint32		buf_cap[RFM_DIMS] = {RFM_INITIAL_BUF, RFM_INITIAL_BUF, RFM_INITIAL_BUF};

		st = state_alloc((int) bins, run_cap, buf_cap);
	}
	else
	{
		st = state_get(PG_GETARG_DATUM(0));
		if (st->bins != bins)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("bins changed from %d to " INT64_FORMAT " within one rfm_thresholds aggregate",
							st->bins, bins),
					 errhint("Pass a constant bins.")));
		/* outside an aggregate the input must not be changed */
		if (aggcontext == NULL)
			st = (RfmState *) PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
	}

	for (d = 0; d < RFM_DIMS; d++)
	{
		if (!present[d])
			continue;
		if (st->dim[d].nbuf == st->dim[d].buf_cap)
			st = state_compact_dim(st, d);	/* empties the buffer */
		dim_buf(st, d)[st->dim[d].nbuf++] = values[d];
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(rfm_state_add);
Datum
rfm_state_add(PG_FUNCTION_ARGS)
{
	return state_add(fcinfo, false, false);
}

PG_FUNCTION_INFO_V1(rfm_state_add_interval);
Datum
rfm_state_add_interval(PG_FUNCTION_ARGS)
{
	return state_add(fcinfo, true, false);
}

/* monetary as numeric: converted without the text round trip of numeric_float8 */
PG_FUNCTION_INFO_V1(rfm_state_add_numeric);
Datum
rfm_state_add_numeric(PG_FUNCTION_ARGS)
{
	return state_add(fcinfo, false, true);
}

PG_FUNCTION_INFO_V1(rfm_state_add_interval_numeric);
Datum
rfm_state_add_interval_numeric(PG_FUNCTION_ARGS)
{
	return state_add(fcinfo, true, true);
}

/* strict: the executor copies the right-hand state itself when the left is NULL */
PG_FUNCTION_INFO_V1(rfm_state_combine);
Datum
rfm_state_combine(PG_FUNCTION_ARGS)
{
	RfmState   *a = state_get(PG_GETARG_DATUM(0));
	RfmState   *b = state_get(PG_GETARG_DATUM(1));
	LtvRun	   *runs[RFM_DIMS];
	size_t		nruns[RFM_DIMS];
	int			d;

	check_same_bins(a->bins, b->bins);
	for (d = 0; d < RFM_DIMS; d++)
	{
		size_t		na;
		size_t		nb;
		LtvRun	   *ra = state_dim_runs_copy(a, d, &na);
		LtvRun	   *rb = state_dim_runs_copy(b, d, &nb);
		LtvCodecError err;

		/* checks that the merged total stays within LTV_QUANTILE_MAX_TOTAL (54000) */
		runs[d] = (LtvRun *) palloc((na + nb + 1) * sizeof(LtvRun));
		ltv_codec_check(ltv_rfm_merge_runs(ra, na, rb, nb, d, runs[d], &nruns[d], &err), &err,
						ERRCODE_INVALID_PARAMETER_VALUE, NULL);
		pfree(ra);
		pfree(rb);
	}
	PG_RETURN_POINTER(state_from_runs(a->bins, runs, nruns, RFM_INITIAL_BUF));
}

/* the state without buffers or spare room: what rfm_state_agg returns */
PG_FUNCTION_INFO_V1(rfm_state_compact);
Datum
rfm_state_compact(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(state_compacted_copy(state_get(PG_GETARG_DATUM(0)), 0));
}

/* final function of rfm_thresholds, and rfm_thresholds(rfm_state); read-only */
PG_FUNCTION_INFO_V1(rfm_state_thresholds);
Datum
rfm_state_thresholds(PG_FUNCTION_ARGS)
{
	RfmState   *st = state_get(PG_GETARG_DATUM(0));
	RfmCuts		cuts;
	int			d;

	cuts.bins = st->bins;
	for (d = 0; d < RFM_DIMS; d++)
	{
		size_t		n;
		LtvRun	   *runs = state_dim_runs_copy(st, d, &n);

		cuts.present[d] = n > 0;
		if (n > 0)
		{
			if (ltv_runs_total(runs, n) > LTV_QUANTILE_MAX_TOTAL)
				rfm_too_many_values(d);
			if (ltv_quantile7_cuts(runs, n, st->bins, cuts.cuts[d]) != 0)
				elog(ERROR, "ltv: inconsistent rfm_state");
		}
		pfree(runs);
	}
	return rfm_thresholds_datum(fcinfo, &cuts);
}

/* ---- canonical form: send / recv / out / in ---- */

/* the state's runs of every dimension, and their total length in bytes */
static Size
state_encode_prepare(RfmState *st, LtvRun *runs[RFM_DIMS], size_t nruns[RFM_DIMS])
{
	int			d;

	for (d = 0; d < RFM_DIMS; d++)
		runs[d] = state_dim_runs_copy(st, d, &nruns[d]);
	return ltv_rfm_encoded_size(nruns);
}

/* the canonical bytes of st into out (room for state_encode_prepare's size) */
static void
state_encode(RfmState *st, LtvRun *runs[RFM_DIMS], size_t nruns[RFM_DIMS], uint8 *out)
{
	int			d;

	ltv_rfm_encode(st->bins, (const LtvRun *const *) runs, nruns, out);
	for (d = 0; d < RFM_DIMS; d++)
		pfree(runs[d]);
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
	return state_from_runs(bins, runs, nruns, 0);
}

PG_FUNCTION_INFO_V1(rfm_state_send);
Datum
rfm_state_send(PG_FUNCTION_ARGS)
{
	RfmState   *st = state_get(PG_GETARG_DATUM(0));
	LtvRun	   *runs[RFM_DIMS];
	size_t		nruns[RFM_DIMS];
	Size		size = state_encode_prepare(st, runs, nruns);
	bytea	   *result = palloc(VARHDRSZ + size);

	SET_VARSIZE(result, VARHDRSZ + size);
	state_encode(st, runs, nruns, (uint8 *) VARDATA(result));
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
	RfmState   *st = state_get(PG_GETARG_DATUM(0));
	LtvRun	   *runs[RFM_DIMS];
	size_t		nruns[RFM_DIMS];
	Size		size = state_encode_prepare(st, runs, nruns);
	uint8	   *bytes = palloc(size);
	char	   *hex = palloc(size * 2 + 1);

	state_encode(st, runs, nruns, bytes);
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
