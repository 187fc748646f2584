/*
 * model_fit.c: the ltv_fit aggregate and its state type ltv_fit_state.
 *
 * The state holds one record per distinct customer summary (x, t_x, T,
 * Gamma-Gamma mean spend) with a count.  The transition function appends;
 * when the array is full it first sorts and merges equal records in place
 * (while that pays), then doubles it: as a new datum while the state is
 * small, in place once it lives in an expanded object (above EXPAND_ABOVE
 * records).  The final function reads the records in one canonical order,
 * so the fit never depends on the order rows arrived in or on how parallel
 * workers split them.
 *
 * In a parallel plan each worker puts its records in that canonical order
 * when its partial state is flattened for the leader, and the leader's
 * combine function keeps each sorted state as one run (the leader's own
 * partial state is sorted there too); the final function then merges the
 * runs instead of sorting all records, reading each run front to back.
 * The leader's work after the scan is copying the records it receives and
 * that merge (issue 14: the canonical sort of every record and its
 * random-access reads had been a fifth of the leader's time).
 */
#include "postgres.h"

#include <math.h>

#include "access/parallel.h"
#include "common/int.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "ltv_time.h"
#include "ltv_codec.h"
#include "model.h"

/*
 * Room for one record at first: a state is often one customer's summary,
 * stored per customer (80 bytes, where room for 16 took 680); larger states
 * grow by doubling.
 */
#define INITIAL_CAPACITY 1

/* the final function reads records in hash order: fetch them ahead */
#define PREFETCH_AHEAD 16
#if defined(__GNUC__) || defined(__clang__)
#define prefetch_record(p) __builtin_prefetch(p)
#else
#define prefetch_record(p) ((void) (p))
#endif
/*
 * A state is a varlena when it is stored, sent or copied: at most
 * MaxAllocSize (1 GB) of records, 26,843,544 (it grew with huge allocations
 * past 1 GB, which no varlena header can hold).
 */
#define MAX_RECORDS ((int64) ((MaxAllocSize - LTV_FIT_STATE_HDRSZ) / sizeof(LtvFitRecord)))

StaticAssertDecl(MAX_RECORDS == LTV_FIT_MAX_RECORDS, "core/fit_codec.h counts the records a varlena holds");
StaticAssertDecl(sizeof(LtvFitRecord) == 40 && LTV_FIT_STATE_HDRSZ == 40, "ltv_fit_state layout");

static const LtvUnit default_unit = {0, 7, 0};

/*
 * reserved[2] = 1: the records are in canonical order with no two equal (a
 * parallel worker's partial state, sorted when it was flattened).  A hint,
 * never sent: the final function's merge checks the order it relies on.
 */
#define STATE_SORTED(s) ((s)->reserved[2])

/*
 * A parallel leader's state holds up to FIT_MAX_RUNS runs of records, each
 * in canonical order (the states of the workers and the leader's own); a
 * state of fewer than FIT_RUN_MIN records, an unsorted one, or one run too
 * many turns the state into plain unsorted records, which the final
 * function sorts.
 */
#define FIT_MAX_RUNS 16
#define FIT_RUN_MIN 1024

static void
check_capacity(int64 capacity)
{
	if (capacity > MAX_RECORDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("ltv_fit state is too large"),
				 errdetail("More than " INT64_FORMAT " distinct customer summaries.", MAX_RECORDS),
				 errhint("Fit per segment, or round t_x and T to fewer distinct values.")));
}

LtvFitState *
ltv_fit_state_alloc(MemoryContext cxt, int64 capacity, const LtvUnit *unit, const LtvPurchaseModel *pm)
{
	Size		size;
	LtvFitState *s;

	check_capacity(capacity);
	size = LTV_FIT_STATE_HDRSZ + (Size) capacity * sizeof(LtvFitRecord);
	s = MemoryContextAllocExtended(cxt, size, MCXT_ALLOC_HUGE);
	memset(s, 0, LTV_FIT_STATE_HDRSZ);	/* records are written before they are read */
	SET_VARSIZE(s, size);
	s->version = LTV_FIT_STATE_VERSION;
	s->unit_months = unit->months;
	s->unit_days = unit->days;
	s->unit_usecs = unit->usecs;
	s->reserved[1] = (uint8) pm->kind;
	s->nrecords = 0;
	s->capacity = capacity;
	return s;
}

/* the purchase model of a state (validated when the state was made) */
static const LtvPurchaseModel *
state_model(const LtvFitState *s)
{
	const LtvPurchaseModel *pm = ltv_purchase_model(s->reserved[1]);

	if (pm == NULL)
		elog(ERROR, "ltv_fit state with unknown purchase model %d", s->reserved[1]);
	return pm;
}

#define cmp_record ltv_fit_record_cmp

/*
 * A 64-bit mix of a record's BG/NBD key (x, t_x, T); -0 hashes as 0.  Only
 * the key, so that records that differ only in spend land next to each other.
 */
static inline uint32
record_hash(const LtvFitRecord *r)
{
	double		t_x = r->t_x + 0.0,
				T = r->T + 0.0;
	uint64		a,
				b,
				h;

	memcpy(&a, &t_x, sizeof(a));
	memcpy(&b, &T, sizeof(b));
	h = a * UINT64CONST(0x9E3779B97F4A7C15) ^ (b + UINT64CONST(0xC2B2AE3D27D4EB4F)) *
		UINT64CONST(0xBF58476D1CE4E5B9) ^ ((uint64) (uint32) r->x + UINT64CONST(0x165667B19E3779F9));
	h ^= h >> 31;
	h *= UINT64CONST(0x94D049BB133111EB);
	h ^= h >> 29;
	h *= UINT64CONST(0xBF58476D1CE4E5B9);
	h ^= h >> 32;
	return (uint32) h;
}

typedef struct SortKey
{
	uint32		hash;
	uint32		index;
} SortKey;

static int
cmp_record_at(const void *a, const void *b, void *arg)
{
	const LtvFitRecord *records = arg;

	return cmp_record(&records[*(const int64 *) a], &records[*(const int64 *) b]);
}

#define RADIX_BITS 11
#define RADIX_SIZE (1 << RADIX_BITS)

/*
 * A canonical order of n records, as an array of their indexes (palloc'd):
 * by a 32-bit hash of their BG/NBD key (x, t_x, T), ties by cmp_record.  It
 * depends only on the records' values (not on the order they came in), puts
 * equal records next to each other, and records with equal (x, t_x, T)
 * too; it costs three radix passes over 8-byte keys instead of a comparison
 * sort.
 */
static int64 *
canonical_order(const LtvFitRecord *records, int64 n)
{
	SortKey    *keys,
			   *tmp,
			   *src,
			   *dst;
	int64	   *order = palloc_extended(Max(n, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	int64		counts[RADIX_SIZE];
	int64		i,
				run;
	int			shift;

	Assert(n <= PG_UINT32_MAX);
	if (n < 256)
	{
		for (i = 0; i < n; i++)
			order[i] = i;
		qsort_arg(order, n, sizeof(int64), cmp_record_at, (void *) records);
		return order;
	}
	keys = palloc_extended(n * sizeof(SortKey), MCXT_ALLOC_HUGE);
	tmp = palloc_extended(n * sizeof(SortKey), MCXT_ALLOC_HUGE);
	for (i = 0; i < n; i++)
	{
		keys[i].hash = record_hash(&records[i]);
		keys[i].index = (uint32) i;
	}
	src = keys;
	dst = tmp;
	for (shift = 0; shift < 32; shift += RADIX_BITS)
	{
		int64		sum = 0;
		SortKey    *swap;

		memset(counts, 0, sizeof(counts));
		for (i = 0; i < n; i++)
			counts[(src[i].hash >> shift) & (RADIX_SIZE - 1)]++;
		for (i = 0; i < RADIX_SIZE; i++)
		{
			int64		c = counts[i];

			counts[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[counts[(src[i].hash >> shift) & (RADIX_SIZE - 1)]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
		CHECK_FOR_INTERRUPTS();
	}
	for (i = 0; i < n; i++)
		order[i] = src[i].index;
	/* equal hashes (equal keys, or rare collisions): by value */
	for (i = 0; i < n; i = run)
	{
		int64		k;

		for (run = i + 1; run < n && src[run].hash == src[i].hash; run++)
			;
		/*
		 * Often every record of a run is equal (customers without repeat
		 * purchases of the same age): their order does not matter (equal
		 * records are merged by adding counts), so no sort for them.
		 */
		for (k = i + 1; k < run; k++)
			if (cmp_record(&records[order[i]], &records[order[k]]) != 0)
				break;
		if (k < run)
			qsort_arg(order + i, run - i, sizeof(int64), cmp_record_at, (void *) records);
	}
	pfree(tmp);
	pfree(keys);
	return order;
}

/*
 * The canonical order of records that are nruns runs, each in canonical
 * order (run i ends before run_end[i]): a merge of the runs, reading each
 * front to back.  NULL when a run is not in order (its hint was wrong): the
 * caller sorts instead.
 */
static int64 *
runs_order(const LtvFitRecord *records, const int64 *run_end, int nruns)
{
	int64		n = nruns > 0 ? run_end[nruns - 1] : 0;
	int64	   *order = palloc_extended(Max(n, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	int64		pos[FIT_MAX_RUNS],
				end[FIT_MAX_RUNS];
	uint32		hash[FIT_MAX_RUNS];
	int			live = 0,
				r;
	int64		i;

	Assert(nruns <= FIT_MAX_RUNS);
	for (r = 0; r < nruns; r++)
	{
		int64		start = r == 0 ? 0 : run_end[r - 1];

		if (start < run_end[r])
		{
			pos[live] = start;
			end[live] = run_end[r];
			hash[live] = record_hash(&records[start]);
			live++;
		}
	}
	for (i = 0; i < n; i++)
	{
		int			best = 0;
		int64		next;

		if ((i & 0xFFFF) == 0xFFFF)
			CHECK_FOR_INTERRUPTS();
		for (r = 1; r < live; r++)
			if (hash[r] < hash[best] ||
				(hash[r] == hash[best] && cmp_record(&records[pos[r]], &records[pos[best]]) < 0))
				best = r;
		order[i] = pos[best];
		next = pos[best] + 1;
		if (next < end[best])
		{
			uint32		h = record_hash(&records[next]);

			/* each run must ascend: by hash, then by value */
			if (h < hash[best] || (h == hash[best] && cmp_record(&records[next - 1], &records[next]) > 0))
			{
				pfree(order);
				return NULL;
			}
			if (next + PREFETCH_AHEAD < end[best])
				prefetch_record(&records[next + PREFETCH_AHEAD]);
			pos[best] = next;
			hash[best] = h;
		}
		else
		{
			live--;
			pos[best] = pos[live];
			end[best] = end[live];
			hash[best] = hash[live];
		}
	}
	return order;
}

/* n records copied to out (room for n) in canonical order, equal ones merged: how many are left */
static int64
records_sorted_copy(const LtvFitRecord *records, int64 n, LtvFitRecord *out)
{
	int64		k;
	int64	   *order = canonical_order(records, n);
	LtvCodecError err;

	ltv_codec_check(ltv_fit_records_merge_equal(records, order, n, out, &k, &err), &err,
					ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
	pfree(order);
	return k;
}

/* n records put in canonical order and equal ones merged, in place: how many are left */
static int64
records_compress(LtvFitRecord *records, int64 n)
{
	int64		k;
	LtvFitRecord *copy;

	if (n < 2)
		return n;
	copy = palloc_extended(n * sizeof(LtvFitRecord), MCXT_ALLOC_HUGE);
	k = records_sorted_copy(records, n, copy);
	memcpy(records, copy, k * sizeof(LtvFitRecord));
	pfree(copy);
	return k;
}

/* sort and merge equal records in place (src/core/fit_codec.c) */
static void
state_compress(LtvFitState *s)
{
	s->nrecords = records_compress(s->records, s->nrecords);
}

static void
unit_of(const LtvFitState *s, LtvUnit *unit)
{
	unit->months = s->unit_months;
	unit->days = s->unit_days;
	unit->usecs = s->unit_usecs;
}

static void
check_same_unit(const LtvFitState *s, const LtvUnit *unit, const LtvPurchaseModel *pm)
{
	if (s->unit_months != unit->months || s->unit_days != unit->days || s->unit_usecs != unit->usecs)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ltv_fit unit must be the same for all rows of a group")));
	if (s->reserved[1] != (uint8) pm->kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ltv_fit model must be the same for all rows of a group"),
				 errdetail("Rows ask for both %s and %s.", state_model(s)->name, pm->name),
				 errhint("Group by the model, or pass one model name to the whole group.")));
}

static void
bad_customer(const char *msg, double x, double t_x, double T)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", msg),
			 errdetail("The customer had x = %g, t_x = %g, T = %g.", x, t_x, T),
			 errhint("Pass x = repeat purchase occasions (a whole number >= 0), t_x = time of the last repeat "
					 "occasion since the first purchase (0 when x = 0) and T = age since the first purchase, "
					 "with 0 <= t_x <= T, as ltv_summary gives them.")));
}

/*
 * Room for `needed` more records: compress, then double if still more than
 * half full.  A new state is made in CurrentMemoryContext (the per-tuple
 * context of the aggregate): the executor copies a new transition value into
 * the aggregate context and frees the old one itself.
 */
static LtvFitState *
state_make_room(LtvFitState *s, int64 needed, bool try_merge, bool in_place)
{
	LtvFitState *bigger;
	int64		cap;

	if (s->capacity - s->nrecords >= needed)
		return s;
	/*
	 * Merging pays when many customers share a summary (x = 0 customers of
	 * the same age); once a merge frees less than a quarter of the records,
	 * later growths skip it (reserved[0] = 1) and the final sort merges.
	 */
	if (try_merge && s->reserved[0] == 0)
	{
		int64		before = s->nrecords;

		state_compress(s);
		if (s->nrecords > before - before / 4)
			s->reserved[0] = 1;
		if (s->capacity - s->nrecords >= needed && s->nrecords <= s->capacity / 2)
			return s;
	}
	cap = Max(s->capacity * 2, s->nrecords + needed);
	if (cap > MAX_RECORDS && s->nrecords + needed <= MAX_RECORDS)
		cap = MAX_RECORDS;		/* the last growth: up to what a varlena holds */
	if (in_place)
	{
		Size		size;

		check_capacity(cap);
		size = LTV_FIT_STATE_HDRSZ + (Size) cap * sizeof(LtvFitRecord);
		s = repalloc_huge(s, size);
		SET_VARSIZE(s, size);
		s->capacity = cap;
		return s;
	}
	{
		LtvUnit		unit;

		unit_of(s, &unit);
		bigger = ltv_fit_state_alloc(CurrentMemoryContext, cap, &unit, state_model(s));
	}
	memcpy(bigger->records, s->records, s->nrecords * sizeof(LtvFitRecord));
	bigger->nrecords = s->nrecords;
	bigger->reserved[0] = s->reserved[0];
	return bigger;
}

static LtvFitState *
state_add(FunctionCallInfo fcinfo, LtvFitState *state, bool is_null,
		  double x, double t_x, double T, double m, bool m_isnull, const LtvUnit *unit,
		  const LtvPurchaseModel *pm, int64 count, bool in_place)
{
	LtvFitRecord *rec;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "ltv_fit transition function called in non-aggregate context");
	if (!ltv_unit_is_valid(unit))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unit must be a positive interval"),
				 errhint("Use the unit t_x and T are measured in, such as '7 days'.")));
	if (state != NULL)
		check_same_unit(state, unit, pm);
	if (is_null || count == 0)
		return state;
	if (count < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("customers must not be negative"),
				 errdetail("The row had customers = " INT64_FORMAT ".", count),
				 errhint("customers is the number of customers with this summary (rows with 0 are skipped).")));
	if (isnan(x) || isnan(t_x) || isnan(T) || isinf(x) || isinf(t_x) || isinf(T))
		bad_customer("x, t_x and T must be finite numbers", x, t_x, T);
	if (x < 0 || x != floor(x) || x > PG_INT32_MAX)
		bad_customer("x must be a whole number between 0 and 2147483647", x, t_x, T);
	if (t_x < 0 || T < t_x)
		bad_customer("t_x and T must satisfy 0 <= t_x <= T", x, t_x, T);
	if (x == 0 && t_x != 0)
		bad_customer("t_x must be 0 when x = 0", x, t_x, T);
	/* what the model adds to the checks above (x beyond the models' limit: the fit says 'bad input') */
	if (x <= LTV_MAX_REPEAT_OCCASIONS && !pm->cell_valid(x, t_x, T))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the %s model does not accept this customer summary", pm->label),
				 errdetail("The customer had x = %g, t_x = %g, T = %g.", x, t_x, T),
				 errhint("For %s, %s.", pm->label, pm->summary_rule)));
	if (!m_isnull && (isnan(m) || isinf(m)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary must be a finite number"),
				 errdetail("The customer had monetary = %g.", m),
				 errhint("Pass the mean amount of the repeat occasions, or NULL to leave the customer out of the Gamma-Gamma fit.")));

	if (state == NULL)
		state = ltv_fit_state_alloc(CurrentMemoryContext, INITIAL_CAPACITY, unit, pm);
	state = state_make_room(state, 1, true, in_place);
	STATE_SORTED(state) = 0;
	rec = &state->records[state->nrecords++];
	rec->x = (int32) x;
	rec->t_x = t_x + 0.0;		/* + 0.0: -0 becomes 0, so equal values compare equal */
	rec->T = T + 0.0;
	rec->has_m = (!m_isnull && x > 0 && m > 0) ? 1 : 0;
	rec->m = rec->has_m ? m : 0.0;
	rec->count = count;
	return state;
}

/*
 * A large transition state of ltv_fit lives in an expanded object: its
 * records array grows in place (repalloc), where a plain varlena state
 * would have to be returned as a new datum that the executor copies into the
 * aggregate context at every growth.  Outside the transition function it is
 * read through flat_state() or flattened by PostgreSQL into the ordinary
 * varlena (capacity = nrecords).  Small states stay plain varlenas, so that
 * many small groups do not each take a memory context.
 */
#define EXPAND_ABOVE 4096		/* records */

typedef struct FitStateExpanded
{
	ExpandedObjectHeader hdr;
	LtvFitState *state;			/* in hdr.eoh_context */
	int			nruns;			/* > 0: state's records are nruns sorted runs */
	int64		run_end[FIT_MAX_RUNS];	/* run i ends before record run_end[i] */
} FitStateExpanded;

static void state_compress(LtvFitState *s);

/* the records of s in canonical order, equal ones merged (in place) */
static void
state_sort(LtvFitState *s)
{
	if (!STATE_SORTED(s))
		state_compress(s);
	STATE_SORTED(s) = 1;
}

/*
 * The size of the flat form.  In a parallel worker (its partial state,
 * leaving for the leader) the records are sorted first, so that the
 * leader merges sorted runs; elsewhere a flat copy keeps the records as they
 * are (runs are concatenated, no longer known to be sorted).
 */
static Size
fit_state_get_flat_size(ExpandedObjectHeader *eohptr)
{
	FitStateExpanded *e = (FitStateExpanded *) eohptr;
	LtvFitState *s = e->state;

	if (e->nruns > 1)
		STATE_SORTED(s) = 0;
	e->nruns = 0;
	if (IsParallelWorker())
		state_sort(s);
	return LTV_FIT_STATE_HDRSZ + (Size) s->nrecords * sizeof(LtvFitRecord);
}

static void
fit_state_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	const LtvFitState *s = ((FitStateExpanded *) eohptr)->state;
	LtvFitState *flat = result;

	Assert(allocated_size == LTV_FIT_STATE_HDRSZ + (Size) s->nrecords * sizeof(LtvFitRecord));
	memcpy(flat, s, allocated_size);
	SET_VARSIZE(flat, allocated_size);
	flat->capacity = flat->nrecords;
}

static const ExpandedObjectMethods fit_state_methods = {
	fit_state_get_flat_size,
	fit_state_flatten_into
};

/* an expanded object (child context of the aggregate context) holding a copy of s */
static FitStateExpanded *
fit_state_expand(MemoryContext aggcontext, const LtvFitState *s)
{
	MemoryContext cxt = AllocSetContextCreate(aggcontext, "ltv_fit state", ALLOCSET_SMALL_SIZES);
	FitStateExpanded *e = MemoryContextAlloc(cxt, sizeof(FitStateExpanded));
	Size		size = LTV_FIT_STATE_HDRSZ + (Size) s->capacity * sizeof(LtvFitRecord);

	EOH_init_header(&e->hdr, &fit_state_methods, cxt);
	e->nruns = 0;
	e->state = MemoryContextAllocExtended(cxt, size, MCXT_ALLOC_HUGE);
	memcpy(e->state, s, LTV_FIT_STATE_HDRSZ + (Size) s->nrecords * sizeof(LtvFitRecord));
	SET_VARSIZE(e->state, size);
	return e;
}

/* the state a datum holds, flat or expanded (read only; not copied when expanded) */
static LtvFitState *
flat_state(Datum d)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		ExpandedObjectHeader *eoh = DatumGetEOHP(d);

		if (eoh->eoh_methods == &fit_state_methods)
			return ((FitStateExpanded *) eoh)->state;
	}
	return (LtvFitState *) PG_DETOAST_DATUM(d);
}

/* ltv_fit_transfn(state, x, t_x, T, monetary [, unit [, model [, customers]]]) */
PG_FUNCTION_INFO_V1(ltv_fit_transfn);
Datum
ltv_fit_transfn(PG_FUNCTION_ARGS)
{
	LtvUnit		unit = default_unit;
	bool		is_null = PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3);
	const LtvPurchaseModel *pm = &ltv_bgnbd_model;
	int64		count = 1;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "ltv_fit transition function called in non-aggregate context");
	if (PG_NARGS() > 5)
	{
		if (PG_ARGISNULL(5))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("unit must not be NULL"),
					 errhint("Pass the unit t_x and T are measured in, such as '7 days'.")));
		ltv_unit_from_interval(PG_GETARG_INTERVAL_P(5), "unit", &unit);
	}
	if (PG_NARGS() > 6)
	{
		if (PG_ARGISNULL(6))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("model must not be NULL"),
					 errhint("Use one of %s.", ltv_purchase_model_names())));
		pm = ltv_model_kind_from_text(PG_GETARG_TEXT_PP(6));
	}
	if (PG_NARGS() > 7)
	{
		if (PG_ARGISNULL(7))
			is_null = true;		/* no count: the row is skipped, as a NULL summary */
		else
			count = PG_GETARG_INT64(7);
	}
	return ltv_fit_state_step(fcinfo, is_null,
							  is_null ? 0 : PG_GETARG_FLOAT8(1),
							  is_null ? 0 : PG_GETARG_FLOAT8(2),
							  is_null ? 0 : PG_GETARG_FLOAT8(3),
							  PG_ARGISNULL(4) ? 0 : PG_GETARG_FLOAT8(4), PG_ARGISNULL(4), &unit, pm, count);
}

Datum
ltv_fit_state_step(FunctionCallInfo fcinfo, bool is_null,
				   double x, double t_x, double T, double m, bool m_isnull,
				   const LtvUnit *unit, const LtvPurchaseModel *pm, int64 count)
{
	LtvFitState *state = NULL;
	FitStateExpanded *expanded = NULL;
	MemoryContext aggcontext;
	LtvFitState *result;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "ltv_fit transition function called in non-aggregate context");
	if (!PG_ARGISNULL(0))
	{
		Datum		d = PG_GETARG_DATUM(0);

		if (VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)) &&
			DatumGetEOHP(d)->eoh_methods == &fit_state_methods)
		{
			expanded = (FitStateExpanded *) DatumGetEOHP(d);
			state = expanded->state;
		}
		else
			state = (LtvFitState *) PG_DETOAST_DATUM(d);
	}
	result = state_add(fcinfo, state, is_null, x, t_x, T, m, m_isnull, unit, pm, count, expanded != NULL);
	if (result == NULL)
		PG_RETURN_NULL();
	if (expanded != NULL)
	{
		expanded->state = result;	/* grown in place: the same datum */
		PG_RETURN_DATUM(EOHPGetRWDatum(&expanded->hdr));
	}
	if (result != state && result->capacity >= EXPAND_ABOVE)
		PG_RETURN_DATUM(EOHPGetRWDatum(&fit_state_expand(aggcontext, result)->hdr));
	PG_RETURN_POINTER(result);
}

/*
 * The combine function's fast path (a parallel leader, or any merge of large
 * states): b's records become one more run of the state, which is empty or
 * holds runs (returned in *result); false when this does not apply.  A
 * worker's state arrives sorted (it was sorted when flattened); another
 * (the leader's own, a stored state) is sorted here, as the run it
 * becomes.
 */
static bool
fit_combine_add_run(FunctionCallInfo fcinfo, MemoryContext aggcontext, const LtvFitState *right, Datum *result)
{
	FitStateExpanded *e;
	LtvFitState *left;
	LtvUnit		unit;
	int64		start,
				need;

	if (right->nrecords < FIT_RUN_MIN)
		return false;
	unit_of(right, &unit);
	if (PG_ARGISNULL(0))
	{
		left = ltv_fit_state_alloc(CurrentMemoryContext, INITIAL_CAPACITY, &unit, state_model(right));
		e = fit_state_expand(aggcontext, left);
		pfree(left);
		left = e->state;
	}
	else
	{
		Datum		a = PG_GETARG_DATUM(0);

		if (!VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(a)) || DatumGetEOHP(a)->eoh_methods != &fit_state_methods)
			return false;
		e = (FitStateExpanded *) DatumGetEOHP(a);
		if (e->nruns == 0 || e->nruns == FIT_MAX_RUNS)
			return false;
		left = e->state;
		check_same_unit(left, &unit, state_model(right));
	}
	/* grown in place, never merged: merging would reorder the runs */
	left = e->state = state_make_room(left, right->nrecords, false, true);
	start = left->nrecords;
	need = start + right->nrecords;
	if (STATE_SORTED(right))
		memcpy(left->records + start, right->records, right->nrecords * sizeof(LtvFitRecord));
	else
		need = start + records_sorted_copy(right->records, right->nrecords, left->records + start);
	left->nrecords = need;
	e->run_end[e->nruns++] = left->nrecords;
	STATE_SORTED(left) = e->nruns == 1;
	*result = EOHPGetRWDatum(&e->hdr);
	return true;
}

/*
 * ltv_fit_combine(a, b): the combine function of ltv_fit, and a plain
 * function (the states of two groups merged).  A NULL argument is no
 * customers: the other side is returned.  In an aggregate a large b joins
 * the state as one more sorted run while the state holds runs
 * (fit_combine_add_run); otherwise b's records are
 * appended to the aggregate's own state, which grows by doubling (in place
 * once it is an expanded object) and merges equal records when full while
 * that pays, as the transition function does: merging n states is linear,
 * in memory proportional to the distinct records.  The final function
 * reads the records in their canonical order, so merging here changes
 * nothing in the fit.
 */
PG_FUNCTION_INFO_V1(ltv_fit_combine);
Datum
ltv_fit_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	bool		in_agg = AggCheckCallContext(fcinfo, &aggcontext);
	FitStateExpanded *expanded = NULL;
	LtvFitState *left,
			   *right,
			   *result;
	LtvUnit		unit;
	Datum		d;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	right = flat_state(PG_GETARG_DATUM(1));
	if (in_agg && fit_combine_add_run(fcinfo, aggcontext, right, &d))
		return d;
	unit_of(right, &unit);
	if (PG_ARGISNULL(0))
	{
		if (!in_agg)
			PG_RETURN_DATUM(PG_GETARG_DATUM(1));
		/* a copy of the right state (the executor moves it into the aggregate context) */
		left = ltv_fit_state_alloc(CurrentMemoryContext, Max(right->nrecords, INITIAL_CAPACITY), &unit,
								   state_model(right));
		memcpy(left->records, right->records, right->nrecords * sizeof(LtvFitRecord));
		left->nrecords = right->nrecords;
		if (left->capacity >= EXPAND_ABOVE)
			PG_RETURN_DATUM(EOHPGetRWDatum(&fit_state_expand(aggcontext, left)->hdr));
		PG_RETURN_POINTER(left);
	}
	if (in_agg && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(PG_GETARG_DATUM(0))) &&
		DatumGetEOHP(PG_GETARG_DATUM(0))->eoh_methods == &fit_state_methods)
	{
		expanded = (FitStateExpanded *) DatumGetEOHP(PG_GETARG_DATUM(0));
		left = expanded->state;
		/* runs (see fit_combine_add_run) become plain records: unsorted from here on */
		expanded->nruns = 0;
		STATE_SORTED(left) = 0;
	}
	else
		left = flat_state(PG_GETARG_DATUM(0));
	check_same_unit(left, &unit, state_model(right));
	if (!in_agg)
	{
		/* a new value: the arguments are not changed */
		result = ltv_fit_state_alloc(CurrentMemoryContext, Max(left->nrecords + right->nrecords, 1), &unit,
									 state_model(left));
		memcpy(result->records, left->records, left->nrecords * sizeof(LtvFitRecord));
		result->nrecords = left->nrecords;
	}
	else
		result = state_make_room(left, right->nrecords, true, expanded != NULL);
	memcpy(result->records + result->nrecords, right->records, right->nrecords * sizeof(LtvFitRecord));
	result->nrecords += right->nrecords;
	STATE_SORTED(result) = 0;
	if (expanded != NULL)
	{
		expanded->state = result;	/* grown in place: the same datum */
		PG_RETURN_DATUM(EOHPGetRWDatum(&expanded->hdr));
	}
	if (in_agg && result != left && result->capacity >= EXPAND_ABOVE)
		PG_RETURN_DATUM(EOHPGetRWDatum(&fit_state_expand(aggcontext, result)->hdr));
	PG_RETURN_POINTER(result);
}

/*
 * A model counts its customers in a double, and its input accepts at most
 * 2^53 (LTV_MODEL_MAX_CUSTOMERS, exact): a fit over more is refused here,
 * from the exact count, rather than made into a value that cannot be read.
 */
static void
check_model_customers(const LtvFitState *state)
{
	LtvCodecError err;

	ltv_codec_check(ltv_fit_records_check_total(state->records, state->nrecords, &err), &err,
					ERRCODE_INVALID_BINARY_REPRESENTATION, NULL);
}

static struct varlena *fit_records(const LtvFitState *state, const int64 *run_end, int nruns);

struct varlena *
ltv_fit_state_fit(const LtvFitState *state)
{
	return fit_records(state, NULL, 0);
}

/* the fit of a state whose records are nruns sorted runs (0: unsorted) */
static struct varlena *
fit_records(const LtvFitState *state, const int64 *run_end, int nruns)
{
	LtvBgnbdCell *bg;
	LtvGgCell  *gg;
	size_t		nbg = 0,
				ngg = 0;
	int64		i;
	LtvFitOptions opts;
	LtvPurchaseFit pfit;
	LtvGgFit	ggfit;
	LtvUnit		unit;
	struct varlena *model;
	const LtvPurchaseModel *pm;
	int64	   *order;
	const LtvFitRecord *prev = NULL;

	if (state == NULL || state->nrecords == 0)
		return NULL;
	check_model_customers(state);
	pm = state_model(state);
	/*
	 * The records are read in a canonical order (the final function must not
	 * change its input); the fits then skip their own sorting
	 * (opts.presorted).  Sorted runs (a parallel leader's state) are merged;
	 * the order is the same, so the fit is too.
	 */
	order = nruns > 0 ? runs_order(state->records, run_end, nruns) : NULL;
	if (order == NULL)
		order = canonical_order(state->records, state->nrecords);
	bg = palloc_extended(state->nrecords * sizeof(LtvBgnbdCell), MCXT_ALLOC_HUGE);
	gg = palloc_extended(state->nrecords * sizeof(LtvGgCell), MCXT_ALLOC_HUGE);
	for (i = 0; i < state->nrecords; i++)
	{
		const LtvFitRecord *r = &state->records[order[i]];

		if (i + PREFETCH_AHEAD < state->nrecords)
			prefetch_record(&state->records[order[i + PREFETCH_AHEAD]]);
		/* the same summary in several records (e.g. from parallel workers): one cell */
		if (prev != NULL && cmp_record(prev, r) == 0)
		{
			bg[nbg - 1].count += (double) r->count;
			if (r->has_m)
				gg[ngg - 1].count += (double) r->count;
			continue;
		}
		prev = r;
		/* equal (x, t_x, T) with different spend are adjacent too: one BG/NBD cell */
		if (nbg > 0 && bg[nbg - 1].x == r->x && bg[nbg - 1].t_x == r->t_x && bg[nbg - 1].T == r->T)
			bg[nbg - 1].count += (double) r->count;
		else
		{
			bg[nbg].x = r->x;
			bg[nbg].t_x = r->t_x;
			bg[nbg].T = r->T;
			bg[nbg].count = (double) r->count;
			nbg++;
		}
		if (r->has_m)
		{
			gg[ngg].x = r->x;
			gg[ngg].m = r->m;
			gg[ngg].count = (double) r->count;
			ngg++;
		}
	}
	pfree(order);
	ltv_model_fit_options(&opts);
	opts.presorted = true;
	pm->fit(bg, nbg, &opts, &pfit);
	ltv_gg_fit(gg, ngg, &opts, &ggfit);
	ltv_purchase_fit_settle(pm, &pfit);
	ltv_model_warn_fit(pm->label, pfit.status, pfit.optim_status);
	ltv_model_warn_fit("Gamma-Gamma", ggfit.status, ggfit.optim_status);
	unit_of(state, &unit);
	model = ltv_model_from_fits(pm, &pfit, &ggfit, &unit);
	pfree(bg);
	pfree(gg);
	return model;
}

PG_FUNCTION_INFO_V1(ltv_fit_final);
Datum
ltv_fit_final(PG_FUNCTION_ARGS)
{
	struct varlena *model;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(PG_GETARG_DATUM(0))) &&
		DatumGetEOHP(PG_GETARG_DATUM(0))->eoh_methods == &fit_state_methods)
	{
		FitStateExpanded *e = (FitStateExpanded *) DatumGetEOHP(PG_GETARG_DATUM(0));

		model = fit_records(e->state, e->run_end, e->nruns);
	}
	else
		model = ltv_fit_state_fit(flat_state(PG_GETARG_DATUM(0)));
	if (model == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(model);
}

/* ---- ltv_fit_state I/O: the forms and their validation are src/core/fit_codec.c ---- */

/* a core error: a syntax error of the text (quoted) is 22P02, an inconsistent value 22P03 */
static void
raise_state_error(const LtvCodecError *err, const char *input)
{
	ltv_codec_raise(err, err->quote_input ? ERRCODE_INVALID_TEXT_REPRESENTATION
					: ERRCODE_INVALID_BINARY_REPRESENTATION, input);
}

static void
header_of(const LtvFitState *s, LtvFitStateHeader *h)
{
	h->kind = state_model(s)->kind;
	unit_of(s, &h->unit);
	h->nrecords = s->nrecords;
}

PG_FUNCTION_INFO_V1(ltv_fit_state_send);
Datum
ltv_fit_state_send(PG_FUNCTION_ARGS)
{
	LtvFitState *s = flat_state(PG_GETARG_DATUM(0));
	LtvFitStateHeader h;
	size_t		size;
	bytea	   *result;

	header_of(s, &h);
	size = ltv_fit_state_encoded_size(&h);
	if (size > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("ltv_fit state is too large to send"),
				 errdetail("Its binary form would take %zu bytes.", size)));
	result = palloc(VARHDRSZ + size);
	SET_VARSIZE(result, VARHDRSZ + size);
	ltv_fit_state_encode(&h, s->records, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

PG_FUNCTION_INFO_V1(ltv_fit_state_recv);
Datum
ltv_fit_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8 *data = (const uint8 *) buf->data + buf->cursor;
	size_t		len = buf->len - buf->cursor;
	LtvFitStateHeader h;
	size_t		pos;
	LtvCodecError err;
	LtvFitState *s;

	if (ltv_fit_state_decode_header(data, len, &h, &pos, &err) != LTV_CODEC_OK)
		raise_state_error(&err, NULL);
	s = ltv_fit_state_alloc(CurrentMemoryContext, h.nrecords, &h.unit, ltv_purchase_model(h.kind));
	if (ltv_fit_state_decode_records(data, len, pos, &h, s->records, &err) != LTV_CODEC_OK)
		raise_state_error(&err, NULL);
	s->nrecords = h.nrecords;
	buf->cursor = buf->len;
	PG_RETURN_POINTER(s);
}

PG_FUNCTION_INFO_V1(ltv_fit_state_out);
Datum
ltv_fit_state_out(PG_FUNCTION_ARGS)
{
	LtvFitState *s = flat_state(PG_GETARG_DATUM(0));
	LtvFitStateHeader h;
	StringInfoData buf;
	char		text[Max(LTV_FIT_HEADER_TEXT_LEN, LTV_FIT_RECORD_TEXT_LEN)];
	int64		i;

	header_of(s, &h);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, text, ltv_fit_state_format_header(&h, text));
	for (i = 0; i < s->nrecords; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		appendBinaryStringInfo(&buf, text, ltv_fit_record_format(&s->records[i], text));
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(ltv_fit_state_in);
Datum
ltv_fit_state_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	const char *rest;
	LtvFitStateHeader h;
	LtvCodecError err;
	LtvFitState *st;

	if (ltv_fit_state_parse_header(input, &h, &rest, &err) != LTV_CODEC_OK)
		raise_state_error(&err, input);
	st = ltv_fit_state_alloc(CurrentMemoryContext, h.nrecords, &h.unit, ltv_purchase_model(h.kind));
	if (ltv_fit_state_parse_records(rest, &h, st->records, &err) != LTV_CODEC_OK)
		raise_state_error(&err, input);
	st->nrecords = h.nrecords;
	PG_RETURN_POINTER(st);
}
