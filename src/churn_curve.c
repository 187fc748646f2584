/*
 * churn_curve.c: the churn_curve type (text and binary I/O) and the
 * aggregates that build and merge it.  See churn.h for the layout.
 */
#include "postgres.h"

#include "compat.h"

#include <ctype.h>
#include <math.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "common/shortest_dec.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/expandeddatum.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "churn.h"
#include "core/churn_codec.h"
#include "ltv_codec.h"
#include "ltv_numeric.h"
#include "ltv_time.h"

#define CHURN_INITIAL_CAPACITY 4

PG_FUNCTION_INFO_V1(churn_curve_in);
PG_FUNCTION_INFO_V1(churn_curve_out);
PG_FUNCTION_INFO_V1(churn_curve_recv);
PG_FUNCTION_INFO_V1(churn_curve_send);
PG_FUNCTION_INFO_V1(churn_curve_add);
PG_FUNCTION_INFO_V1(churn_curve_add_numeric);
PG_FUNCTION_INFO_V1(churn_curve_add_subscription);
PG_FUNCTION_INFO_V1(churn_curve_add_subscription_timestamptz);
PG_FUNCTION_INFO_V1(churn_curve_add_subscription_timestamp);
PG_FUNCTION_INFO_V1(churn_curve_add_subscription_date);
PG_FUNCTION_INFO_V1(churn_curve_add_interval);
PG_FUNCTION_INFO_V1(churn_interval_units);
PG_FUNCTION_INFO_V1(churn_curve_combine);
PG_FUNCTION_INFO_V1(churn_curve_final);
PG_FUNCTION_INFO_V1(churn_duration);

static ChurnCurve *
churn_alloc(MemoryContext context, int32 capacity)
{
	Size		size = CHURN_CURVE_HEADER_SIZE + (Size) capacity * sizeof(ChurnEntry);
	ChurnCurve *curve = MemoryContextAlloc(context, size);

	memset(curve, 0, CHURN_CURVE_HEADER_SIZE);
	SET_VARSIZE(curve, size);
	curve->version = CHURN_CURVE_VERSION;
	curve->flags = CHURN_CURVE_NORMALIZED;
	return curve;
}

static inline int32 *churn_slots(ChurnCurve *curve);

/* a transition state with room for capacity (a power of 2) distinct durations */
static ChurnCurve *
churn_alloc_hashed(MemoryContext context, int32 capacity)
{
	Size		size = CHURN_CURVE_HEADER_SIZE + (Size) capacity * sizeof(ChurnEntry) +
		(Size) capacity * 2 * sizeof(int32);
	ChurnCurve *curve = MemoryContextAlloc(context, size);

	memset(curve, 0, CHURN_CURVE_HEADER_SIZE);
	SET_VARSIZE(curve, size);
	curve->version = CHURN_CURVE_VERSION;
	curve->flags = CHURN_CURVE_NORMALIZED | CHURN_CURVE_HASHED;
	curve->capacity = capacity;
	memset(churn_slots(curve), 0, (Size) capacity * 2 * sizeof(int32));
	return curve;
}

static inline int32 *
churn_slots(ChurnCurve *curve)
{
	return (int32 *) ((char *) curve + CHURN_CURVE_HEADER_SIZE +
					  (Size) curve->capacity * sizeof(ChurnEntry));
}

static inline uint32
churn_hash(double duration)
{
	uint64		x;

	memcpy(&x, &duration, sizeof(x));
	/* splitmix64 finalizer */
	x ^= x >> 30;
	x *= UINT64CONST(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64CONST(0x94d049bb133111eb);
	x ^= x >> 31;
	return (uint32) x;
}

static inline int32
churn_capacity(const ChurnCurve *curve)
{
	if (curve->flags & CHURN_CURVE_HASHED)
		return curve->capacity;
	if (curve->flags & CHURN_CURVE_KEYS)
		return (int32) ((VARSIZE(curve) - CHURN_CURVE_HEADER_SIZE) / sizeof(uint64));
	return (int32) ((VARSIZE(curve) - CHURN_CURVE_HEADER_SIZE) / sizeof(ChurnEntry));
}

#define CHURN_KEYS(curve) ((uint64 *) (curve)->entries)
#define CHURN_MAX_KEYS ((int32) ((MaxAllocSize - CHURN_CURVE_HEADER_SIZE) / sizeof(uint64)))

static inline uint64
churn_key(double duration, bool churned)
{
	uint64		bits;

	memcpy(&bits, &duration, sizeof(bits));
	return (bits << 1) | (churned ? 1 : 0);
}

static inline double
churn_key_duration(uint64 key)
{
	uint64		bits = key >> 1;
	double		duration;

	memcpy(&duration, &bits, sizeof(duration));
	return duration;
}

static ChurnCurve *
churn_alloc_keys(MemoryContext context, int32 capacity)
{
	Size		size = CHURN_CURVE_HEADER_SIZE + (Size) capacity * sizeof(uint64);
	ChurnCurve *curve = MemoryContextAlloc(context, size);

	memset(curve, 0, CHURN_CURVE_HEADER_SIZE);
	SET_VARSIZE(curve, size);
	curve->version = CHURN_CURVE_VERSION;
	curve->flags = CHURN_CURVE_KEYS;
	return curve;
}

/* quicksort of keys (median of three, insertion sort below 16, loop on the larger part) */
static void
churn_quicksort_keys(uint64 *a, int64 n)
{
	while (n > 16)
	{
		uint64		tmp,
					pivot;
		int64		i,
					j,
					mid = n / 2;

		/* a partition of more than 64k keys: time to look for a cancel */
		if (n > 65536)
			CHECK_FOR_INTERRUPTS();
#define CHURN_SWAP(x, y) (tmp = a[x], a[x] = a[y], a[y] = tmp)
		if (a[mid] < a[0])
			CHURN_SWAP(mid, 0);
		if (a[n - 1] < a[0])
			CHURN_SWAP(n - 1, 0);
		if (a[n - 1] < a[mid])
			CHURN_SWAP(n - 1, mid);
		pivot = a[mid];
		i = 0;
		j = n - 1;
		for (;;)
		{
			while (a[i] < pivot)
				i++;
			while (pivot < a[j])
				j--;
			if (i >= j)
				break;
			CHURN_SWAP(i, j);
			i++;
			j--;
		}
#undef CHURN_SWAP
		if (j + 1 < n - (j + 1))
		{
			churn_quicksort_keys(a, j + 1);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			churn_quicksort_keys(a + j + 1, n - (j + 1));
			n = j + 1;
		}
	}
	for (int64 i = 1; i < n; i++)
	{
		uint64		k = a[i];
		int64		j = i;

		while (j > 0 && a[j - 1] > k)
		{
			a[j] = a[j - 1];
			j--;
		}
		a[j] = k;
	}
}


/*
 * Keys are sorted by an LSD radix sort (11-bit digits, one counting pass for
 * all six digits, digits that are the same in every key skipped) between
 * these sizes: about 3 times faster than the quicksort on a million
 * continuous durations.  It needs a second array of the same size, so the
 * largest states (past 2^24 keys, 128 MB) sort in place by quicksort.
 */
#define CHURN_RADIX_BITS 11
#define CHURN_RADIX_SIZE (1 << CHURN_RADIX_BITS)
#define CHURN_RADIX_DIGITS ((64 + CHURN_RADIX_BITS - 1) / CHURN_RADIX_BITS)
#define CHURN_RADIX_MIN 4096
#define CHURN_RADIX_MAX ((int64) 1 << 24)

static void
churn_radix_sort_keys(uint64 *a, int64 n)
{
	uint64	   *tmp = palloc_extended((Size) n * sizeof(uint64), MCXT_ALLOC_HUGE);
	uint64	   *src = a,
			   *dst = tmp;
	int64	   *counts = palloc0((Size) CHURN_RADIX_DIGITS * CHURN_RADIX_SIZE * sizeof(int64));
	int64		i;
	int			d;

	for (i = 0; i < n; i++)
	{
		uint64		k = a[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		for (d = 0; d < CHURN_RADIX_DIGITS; d++)
			counts[d * CHURN_RADIX_SIZE + ((k >> (d * CHURN_RADIX_BITS)) & (CHURN_RADIX_SIZE - 1))]++;
	}
	for (d = 0; d < CHURN_RADIX_DIGITS; d++)
	{
		int64	   *c = counts + d * CHURN_RADIX_SIZE;
		int			shift = d * CHURN_RADIX_BITS;
		int64		sum = 0;
		uint64	   *swap;

		/* a digit every key shares orders nothing */
		if (c[(a[0] >> shift) & (CHURN_RADIX_SIZE - 1)] == n)
			continue;
		for (i = 0; i < CHURN_RADIX_SIZE; i++)
		{
			int64		v = c[i];

			c[i] = sum;
			sum += v;
		}
		CHECK_FOR_INTERRUPTS();
		for (i = 0; i < n; i++)
			dst[c[(src[i] >> shift) & (CHURN_RADIX_SIZE - 1)]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
	}
	if (src != a)
		memcpy(a, src, (Size) n * sizeof(uint64));
	pfree(counts);
	pfree(tmp);
}

/* keys in ascending order (as unsigned integers: durations are >= 0 and never -0) */
static void
churn_sort_keys(uint64 *a, int64 n)
{
	if (n >= CHURN_RADIX_MIN && n <= CHURN_RADIX_MAX)
		churn_radix_sort_keys(a, n);
	else
		churn_quicksort_keys(a, n);
}

/* a normalized curve in context from n sorted keys */
static ChurnCurve *
churn_entries_from_sorted_keys(MemoryContext context, const uint64 *keys, int64 n)
{
	int64		distinct = 0,
				i;
	ChurnCurve *curve;
	ChurnEntry *e = NULL;

	for (i = 0; i < n; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (i == 0 || (keys[i] >> 1) != (keys[i - 1] >> 1))
			distinct++;
	}
	if (distinct > CHURN_CURVE_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("churn_curve has too many distinct durations"),
				 errdetail("A churn_curve holds at most %d distinct durations.", CHURN_CURVE_MAX_ENTRIES),
				 errhint("Round the durations, for example to whole days or periods.")));
	curve = churn_alloc(context, (int32) distinct);
	for (i = 0; i < n; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (i == 0 || (keys[i] >> 1) != (keys[i - 1] >> 1))
		{
			e = &curve->entries[curve->count++];
			e->duration = churn_key_duration(keys[i]);
			e->churned = 0;
			e->censored = 0;
		}
		if (keys[i] & 1)
			e->churned++;
		else
			e->censored++;
	}
	return curve;
}

/* quicksort by duration (median of three, insertion sort below 16, loop on the larger part) */
static void
churn_sort(ChurnEntry *a, int64 n)
{
	while (n > 16)
	{
		ChurnEntry	tmp;
		double		pivot;
		int64		i,
					j,
					mid = n / 2;

		/* a partition of more than 64k entries: time to look for a cancel */
		if (n > 65536)
			CHECK_FOR_INTERRUPTS();
#define CHURN_SWAP(x, y) (tmp = a[x], a[x] = a[y], a[y] = tmp)
		if (a[mid].duration < a[0].duration)
			CHURN_SWAP(mid, 0);
		if (a[n - 1].duration < a[0].duration)
			CHURN_SWAP(n - 1, 0);
		if (a[n - 1].duration < a[mid].duration)
			CHURN_SWAP(n - 1, mid);
		pivot = a[mid].duration;
		i = 0;
		j = n - 1;
		for (;;)
		{
			while (a[i].duration < pivot)
				i++;
			while (pivot < a[j].duration)
				j--;
			if (i >= j)
				break;
			CHURN_SWAP(i, j);
			i++;
			j--;
		}
#undef CHURN_SWAP
		/* [0, j] <= pivot <= [j + 1, n) */
		if (j + 1 < n - (j + 1))
		{
			churn_sort(a, j + 1);
			a += j + 1;
			n -= j + 1;
		}
		else
		{
			churn_sort(a + j + 1, n - (j + 1));
			n = j + 1;
		}
	}
	for (int64 i = 1; i < n; i++)
	{
		ChurnEntry	e = a[i];
		int64		j = i;

		while (j > 0 && a[j - 1].duration > e.duration)
		{
			a[j] = a[j - 1];
			j--;
		}
		a[j] = e;
	}
}

static void
churn_too_many_customers(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("churn_curve counts more customers than a bigint holds"),
			 errdetail("The merged curves count more than " INT64_FORMAT " customers.", PG_INT64_MAX),
			 errhint("Merge each curve once; a curve merged with itself counts its customers twice.")));
}

/* sort by duration and merge equal durations, in place */
static void
churn_normalize(ChurnCurve *curve)
{
	int32		i,
				out = 0;

	if (curve->flags & CHURN_CURVE_NORMALIZED)
		return;
	churn_sort(curve->entries, curve->count);
	for (i = 0; i < curve->count; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (out > 0 && curve->entries[out - 1].duration == curve->entries[i].duration)
		{
			if (pg_add_s64_overflow(curve->entries[out - 1].churned, curve->entries[i].churned,
									&curve->entries[out - 1].churned) ||
				pg_add_s64_overflow(curve->entries[out - 1].censored, curve->entries[i].censored,
									&curve->entries[out - 1].censored))
				churn_too_many_customers();
		}
		else
			curve->entries[out++] = curve->entries[i];
	}
	curve->count = out;
	curve->flags |= CHURN_CURVE_NORMALIZED;
}

/*
 * A normalized curve with no spare room in context from nruns ascending runs
 * of keys (src/core: the merge, which checks that each run ascends)
 */
static ChurnCurve *
churn_entries_from_key_runs(MemoryContext context, const uint64 *keys, const int32 *run_end, int nruns)
{
	int32		total = nruns > 0 ? run_end[nruns - 1] : 0;
	int32		room = Min(Max(total, 1), CHURN_CURVE_MAX_ENTRIES);
	ChurnCurve *curve = churn_alloc(context, room);
	LtvCodecError err;

	if (ltv_churn_merge_key_runs(keys, run_end, nruns, (LtvChurnEntry *) curve->entries, room,
								 &curve->count, &err) != LTV_CODEC_OK)
		ereport(ERROR,
				(errcode(err.status == LTV_CODEC_LIMIT ? ERRCODE_PROGRAM_LIMIT_EXCEEDED : ERRCODE_DATA_CORRUPTED),
				 errmsg("%s", err.message),
				 err.hint[0] ? errhint("%s", err.hint) : 0));
	SET_VARSIZE(curve, CHURN_CURVE_HEADER_SIZE + (Size) curve->count * sizeof(ChurnEntry));
	return curve;
}

/* a normalized copy with no spare room, in the current memory context */
static ChurnCurve *
churn_tight_copy(const ChurnCurve *curve)
{
	ChurnCurve *copy;

	if (curve->flags == (CHURN_CURVE_KEYS | CHURN_CURVE_SORTED))
	{
		int32		run_end = curve->count;

		return churn_entries_from_key_runs(CurrentMemoryContext, CHURN_KEYS(curve), &run_end, 1);
	}
	if (curve->flags & CHURN_CURVE_KEYS)
	{
		uint64	   *keys = palloc_extended((Size) Max(curve->count, 1) * sizeof(uint64), MCXT_ALLOC_HUGE);

		memcpy(keys, CHURN_KEYS(curve), (Size) curve->count * sizeof(uint64));
		churn_sort_keys(keys, curve->count);
		copy = churn_entries_from_sorted_keys(CurrentMemoryContext, keys, curve->count);
		pfree(keys);
		return copy;
	}
	copy = churn_alloc(CurrentMemoryContext, curve->count);

	memcpy(copy->entries, curve->entries, (Size) curve->count * sizeof(ChurnEntry));
	copy->count = curve->count;
	copy->flags = curve->flags & CHURN_CURVE_NORMALIZED;
	if (!(copy->flags & CHURN_CURVE_NORMALIZED))
	{
		churn_normalize(copy);
		SET_VARSIZE(copy, CHURN_CURVE_HEADER_SIZE + (Size) copy->count * sizeof(ChurnEntry));
	}
	/* merges add counts without summing them: the number of customers must fit a bigint */
	{
		int64		total = 0;
		int32		i;

		for (i = 0; i < copy->count; i++)
		{
			if ((i & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
			if (pg_add_s64_overflow(total, copy->entries[i].churned, &total) ||
				pg_add_s64_overflow(total, copy->entries[i].censored, &total))
				churn_too_many_customers();
		}
	}
	return copy;
}

static void
churn_bad_value(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid churn_curve value"),
			 errdetail("%s", detail)));
}

/* ChurnEntry is the codec's entry (src/core/churn_codec.h) */
StaticAssertDecl(sizeof(ChurnEntry) == sizeof(LtvChurnEntry) &&
				 offsetof(ChurnEntry, censored) == offsetof(LtvChurnEntry, censored),
				 "ChurnEntry and LtvChurnEntry differ");
StaticAssertDecl(CHURN_CURVE_MAX_ENTRIES == LTV_CHURN_MAX_ENTRIES,
				 "the churn_curve size caps differ");

ChurnCurve *
churn_curve_from_datum(Datum datum)
{
	ChurnCurve *curve = (ChurnCurve *) PG_DETOAST_DATUM(datum);

	if (VARSIZE(curve) < CHURN_CURVE_HEADER_SIZE ||
		curve->count < 0 || curve->count > churn_capacity(curve) ||
		((curve->flags & CHURN_CURVE_HASHED) &&
		 VARSIZE(curve) != CHURN_CURVE_HEADER_SIZE + (Size) curve->capacity * (sizeof(ChurnEntry) + 2 * sizeof(int32))))
		churn_bad_value("The value is truncated.");
	if (curve->flags != CHURN_CURVE_NORMALIZED)
		curve = churn_tight_copy(curve);
	return curve;
}

/*
 * Text and binary forms: src/core/churn_codec.c reads, validates and writes
 * them; here they become datums and errors.  Every error is 22P02 (the
 * binary ones too, as in 1.0).
 */
Datum
churn_curve_in(PG_FUNCTION_ARGS)
{
	char	   *text = PG_GETARG_CSTRING(0);
	int32		cap = ltv_churn_parse_bound(text);
	ChurnCurve *curve = churn_alloc(CurrentMemoryContext, Max(cap, 1));
	LtvCodecError err;
	int32		n;

	ltv_codec_check(ltv_churn_parse(text, (LtvChurnEntry *) curve->entries, cap, &n, &err), &err,
					ERRCODE_INVALID_TEXT_REPRESENTATION, text);
	curve->count = n;
	SET_VARSIZE(curve, CHURN_CURVE_HEADER_SIZE + (Size) n * sizeof(ChurnEntry));
	PG_RETURN_POINTER(curve);
}

Datum
churn_curve_out(PG_FUNCTION_ARGS)
{
	ChurnCurve *curve = churn_curve_from_datum(PG_GETARG_DATUM(0));
	char	   *text = palloc(ltv_churn_text_size(curve->count));

	ltv_churn_format((const LtvChurnEntry *) curve->entries, curve->count, text, ltv_pg_shortest_double);
	PG_RETURN_CSTRING(text);
}

Datum
churn_curve_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	const uint8 *data = (const uint8 *) buf->data + buf->cursor;
	size_t		len = buf->len - buf->cursor;
	LtvCodecError err;
	int32		n;
	ChurnCurve *curve;

	ltv_codec_check(ltv_churn_decode_header(data, len, &n, &err), &err,
					ERRCODE_INVALID_TEXT_REPRESENTATION, NULL);
	curve = churn_alloc(CurrentMemoryContext, n);
	ltv_codec_check(ltv_churn_decode(data, len, (LtvChurnEntry *) curve->entries, &err), &err,
					ERRCODE_INVALID_TEXT_REPRESENTATION, NULL);
	curve->count = n;
	buf->cursor = buf->len;
	PG_RETURN_POINTER(curve);
}

Datum
churn_curve_send(PG_FUNCTION_ARGS)
{
	ChurnCurve *curve = churn_curve_from_datum(PG_GETARG_DATUM(0));
	size_t		size = ltv_churn_encoded_size(curve->count);
	bytea	   *result = palloc(VARHDRSZ + size);

	SET_VARSIZE(result, VARHDRSZ + size);
	ltv_churn_encode((const LtvChurnEntry *) curve->entries, curve->count, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

static MemoryContext
churn_agg_context(FunctionCallInfo fcinfo, const char *fname)
{
	MemoryContext context;

	if (!AggCheckCallContext(fcinfo, &context))
		elog(ERROR, "%s called in non-aggregate context", fname);
	return context;
}

/*
 * A large transition state lives in an expanded object (a child context of
 * the aggregate context holding the ChurnCurve): it grows inside the object
 * (old and new once, instead of the executor copying every new datum too),
 * and when it leaves the aggregate (a parallel worker's partial state, an
 * unfinished value) PostgreSQL flattens it through churn_expanded_flat_size,
 * which normalizes it: a worker's keys are sorted in the worker, and the
 * leader merges sorted curves.  Small states (per-customer curves) stay flat
 * varlenas.
 */
#define CHURN_EXPAND_ABOVE ((Size) 256 * 1024)

/*
 * The leader of a parallel plan (or a Citus coordinator) receives each
 * worker's keys sorted (flag CHURN_CURVE_SORTED); its combine function only
 * appends them to its state as one more sorted run, and the final function
 * merges all the runs into entries in one pass, writing each entry once:
 * the leader's work after the scan is copying the keys it receives and that
 * one merge.  Past CHURN_MAX_RUNS runs (or CHURN_MAX_KEYS / 2 keys) the runs
 * are merged into entries and later states merged into those as usual.
 */
#define CHURN_MAX_RUNS 16

typedef struct ChurnExpanded
{
	ExpandedObjectHeader hdr;
	ChurnCurve *curve;			/* in hdr.eoh_context */
	int			nruns;			/* > 0: curve holds keys in nruns ascending runs */
	int32		run_end[CHURN_MAX_RUNS];	/* run i ends before key run_end[i] */
} ChurnExpanded;

/* a state holding runs of keys becomes a normalized curve (in its own context) */
static void
churn_expanded_settle(ChurnExpanded *exp)
{
	ChurnCurve *merged;

	if (exp->nruns == 0)
		return;
	merged = churn_entries_from_key_runs(exp->hdr.eoh_context, CHURN_KEYS(exp->curve), exp->run_end, exp->nruns);
	pfree(exp->curve);
	exp->curve = merged;
	exp->nruns = 0;
}

static Size
churn_expanded_flat_size(ExpandedObjectHeader *eohptr)
{
	ChurnExpanded *exp = (ChurnExpanded *) eohptr;

	churn_expanded_settle(exp);
	if (exp->curve->flags & CHURN_CURVE_KEYS)
	{
		/* a worker's partial state: its keys sorted in place, shipped without spare room */
		if (!(exp->curve->flags & CHURN_CURVE_SORTED))
		{
			churn_sort_keys(CHURN_KEYS(exp->curve), exp->curve->count);
			exp->curve->flags = CHURN_CURVE_KEYS | CHURN_CURVE_SORTED;
		}
		return CHURN_CURVE_HEADER_SIZE + (Size) exp->curve->count * sizeof(uint64);
	}
	if (exp->curve->flags != CHURN_CURVE_NORMALIZED)
	{
		MemoryContext old = MemoryContextSwitchTo(exp->hdr.eoh_context);
		ChurnCurve *tight = churn_tight_copy(exp->curve);

		MemoryContextSwitchTo(old);
		pfree(exp->curve);
		exp->curve = tight;		/* the same curve, normalized */
	}
	return VARSIZE(exp->curve);
}

static void
churn_expanded_flatten_into(ExpandedObjectHeader *eohptr, void *result, Size allocated_size)
{
	ChurnExpanded *exp = (ChurnExpanded *) eohptr;

	Assert(allocated_size <= VARSIZE(exp->curve));
	memcpy(result, exp->curve, allocated_size);
	SET_VARSIZE(result, allocated_size);
}

static const ExpandedObjectMethods churn_expanded_methods = {
	churn_expanded_flat_size,
	churn_expanded_flatten_into
};

/* a transition function's state argument (argument 0) */
typedef struct ChurnArg
{
	ChurnExpanded *exp;			/* when the state is an expanded object */
	ChurnCurve *curve;			/* the state at the start of the call */
} ChurnArg;

/* the state (NULL for none) */
static ChurnCurve *
churn_state_begin(FunctionCallInfo fcinfo, ChurnArg *arg)
{
	Datum		d;

	arg->exp = NULL;
	arg->curve = NULL;
	if (PG_ARGISNULL(0))
		return NULL;
	d = PG_GETARG_DATUM(0);
	if (VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)))
	{
		if (DatumGetEOHP(d)->eoh_methods != &churn_expanded_methods)
			elog(ERROR, "ltv: an expanded object that is not a churn_curve");
		arg->exp = (ChurnExpanded *) DatumGetEOHP(d);
		churn_expanded_settle(arg->exp);
		arg->curve = arg->exp->curve;
	}
	else
		arg->curve = (ChurnCurve *) PG_DETOAST_DATUM(d);
	return arg->curve;
}

/* the transition value to return for curve (NULL: none) */
static Datum
churn_state_end(FunctionCallInfo fcinfo, ChurnArg *arg, ChurnCurve *curve)
{
	MemoryContext aggcontext;

	if (curve == NULL)
	{
		fcinfo->isnull = true;
		return (Datum) 0;
	}
	if (arg->exp != NULL)
	{
		if (curve != arg->exp->curve)
		{
			/* grown: the new curve was made in the object's context */
			pfree(arg->exp->curve);
			arg->exp->curve = curve;
		}
		return EOHPGetRWDatum(&arg->exp->hdr);
	}
	if (curve != arg->curve && VARSIZE(curve) > CHURN_EXPAND_ABOVE &&
		AggCheckCallContext(fcinfo, &aggcontext))
	{
		MemoryContext cxt = AllocSetContextCreate(aggcontext, "churn_curve", ALLOCSET_SMALL_SIZES);
		ChurnExpanded *exp = MemoryContextAlloc(cxt, sizeof(ChurnExpanded));

		EOH_init_header(&exp->hdr, &churn_expanded_methods, cxt);
		exp->nruns = 0;
		exp->curve = MemoryContextAllocHuge(cxt, VARSIZE(curve));
		memcpy(exp->curve, curve, VARSIZE(curve));
		pfree(curve);
		return EOHPGetRWDatum(&exp->hdr);
	}
	return PointerGetDatum(curve);
}

/* the curve of a state datum that a final function reads (flat or expanded, not copied) */
static ChurnCurve *
churn_state_read(Datum d)
{
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)))
	{
		if (DatumGetEOHP(d)->eoh_methods != &churn_expanded_methods)
			elog(ERROR, "ltv: an expanded object that is not a churn_curve");
		return ((ChurnExpanded *) DatumGetEOHP(d))->curve;
	}
	return (ChurnCurve *) PG_DETOAST_DATUM(d);
}

/* *count += n, or the 22003 error of a merge that counts more customers than a bigint holds */
static inline void
churn_count_add(int64 *count, int64 n)
{
	if (pg_add_s64_overflow(*count, n, count))
		churn_too_many_customers();
}

/*
 * Append mode: entries in arrival order, equal durations not merged until the
 * state is full (then sorted and merged in place; the state doubles when that
 * frees less than a quarter of it).
 */
static ChurnCurve *
churn_append_unhashed(ChurnCurve *curve, double duration, int64 nchurned, int64 ncensored)
{
	ChurnEntry *e;

	if (curve->count > 0)
	{
		e = &curve->entries[curve->count - 1];
		if (e->duration == duration)
		{
			churn_count_add(&e->churned, nchurned);
			churn_count_add(&e->censored, ncensored);
			return curve;
		}
	}
	if (curve->count == churn_capacity(curve))
	{
		int32		capacity = churn_capacity(curve);

		CHECK_FOR_INTERRUPTS();
		/*
		 * Sorting and merging pays while durations repeat; once it frees less
		 * than a quarter of the state (continuous time), later fills only
		 * double it (flag CHURN_CURVE_NO_MERGE) and the final sort merges.
		 */
		if (!(curve->flags & CHURN_CURVE_NO_MERGE) || capacity > CHURN_CURVE_MAX_ENTRIES / 2)
		{
			churn_normalize(curve);
			if (curve->count > capacity - capacity / 4)
				curve->flags |= CHURN_CURVE_NO_MERGE;
		}
		if (curve->count > capacity - capacity / 4)
		{
			ChurnCurve *bigger;

			if (capacity > CHURN_CURVE_MAX_ENTRIES / 2)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("churn_curve has too many distinct durations"),
						 errdetail("A churn_curve holds at most %d distinct durations.", capacity),
						 errhint("Round the durations, for example to whole days or periods.")));
			/* a new datum: the executor copies it into the aggregate context and frees the old one */
			bigger = churn_alloc(CurrentMemoryContext, capacity * 2);
			memcpy(bigger->entries, curve->entries, (Size) curve->count * sizeof(ChurnEntry));
			bigger->count = curve->count;
			bigger->flags = curve->flags;
			curve = bigger;
		}
	}
	if (curve->count > 0 && !(duration > curve->entries[curve->count - 1].duration))
		curve->flags &= ~CHURN_CURVE_NORMALIZED;
	e = &curve->entries[curve->count++];
	e->duration = duration;
	e->churned = nchurned;
	e->censored = ncensored;
	return curve;
}

/* keys mode: one key per customer; at the size limit, compact into entries */
static ChurnCurve *
churn_append_key(ChurnCurve *curve, double duration, bool churned)
{
	if (curve->count == churn_capacity(curve))
	{
		int32		capacity = churn_capacity(curve);

		CHECK_FOR_INTERRUPTS();
		if (capacity > CHURN_MAX_KEYS / 2)
		{
			ChurnCurve *entries;

			churn_sort_keys(CHURN_KEYS(curve), curve->count);
			entries = churn_entries_from_sorted_keys(CurrentMemoryContext, CHURN_KEYS(curve), curve->count);
			if (entries->count == CHURN_CURVE_MAX_ENTRIES)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("churn_curve has too many distinct durations"),
						 errhint("Round the durations, for example to whole days or periods.")));
			/* room to go on appending entries */
			curve = churn_alloc(CurrentMemoryContext, Min((int64) entries->count * 2 + 64, CHURN_CURVE_MAX_ENTRIES));
			memcpy(curve->entries, entries->entries, (Size) entries->count * sizeof(ChurnEntry));
			curve->count = entries->count;
			pfree(entries);
			return churn_append_unhashed(curve, duration, churned ? 1 : 0, churned ? 0 : 1);
		}
		else
		{
			ChurnCurve *bigger = churn_alloc_keys(CurrentMemoryContext, capacity * 2);

			memcpy(CHURN_KEYS(bigger), CHURN_KEYS(curve), (Size) curve->count * sizeof(uint64));
			bigger->count = curve->count;
			curve = bigger;
		}
	}
	CHURN_KEYS(curve)[curve->count++] = churn_key(duration, churned);
	return curve;
}

/* the hash slot of duration in a hashed state: its entry's, or the empty one to take */
static inline uint32
churn_slot_of(ChurnCurve *curve, double duration)
{
	int32	   *slots = churn_slots(curve);
	uint32		mask = (uint32) curve->capacity * 2 - 1;
	uint32		i;

	for (i = churn_hash(duration) & mask; slots[i] != 0; i = (i + 1) & mask)
	{
		if (curve->entries[slots[i] - 1].duration == duration)
			break;
	}
	return i;
}

/*
 * Count nchurned churned and ncensored censored customers at duration: find
 * its entry through the hash slots, or add one.  When full, move to a new
 * datum of twice the size in the current (per-call) memory context: the
 * executor copies it into the aggregate context and frees the old one (so it
 * must not be freed or repalloc'ed here).  When nearly every customer has a
 * duration of its own (continuous time) and allow_keys (the transition
 * function: one customer per call), hashing only costs cache misses: from
 * then on one key per customer is appended and sorted once at the end.  The
 * merge functions add entries with counts and stay hashed.
 */
static ChurnCurve *
churn_append_counts(ChurnCurve *curve, double duration, int64 nchurned, int64 ncensored,
					bool allow_keys)
{
	int32	   *slots;
	uint32		i;
	ChurnEntry *e;

	if (curve == NULL)
		curve = churn_alloc_hashed(CurrentMemoryContext, CHURN_INITIAL_CAPACITY);
	if (curve->flags & CHURN_CURVE_KEYS)
	{
		Assert(nchurned + ncensored == 1);
		return churn_append_key(curve, duration, nchurned > 0);
	}
	if (!(curve->flags & CHURN_CURVE_HASHED))
		return churn_append_unhashed(curve, duration, nchurned, ncensored);
	i = churn_slot_of(curve, duration);
	slots = churn_slots(curve);
	if (slots[i] != 0)
	{
		e = &curve->entries[slots[i] - 1];
		churn_count_add(&e->churned, nchurned);
		churn_count_add(&e->censored, ncensored);
		return curve;
	}
	if (curve->count == curve->capacity)
	{
		ChurnCurve *bigger;
		int64		customers = 0;
		int32		j;

		CHECK_FOR_INTERRUPTS();
		if (curve->count >= 65536)
		{
			for (j = 0; j < curve->count && customers < 2 * (int64) curve->count; j++)
				customers += curve->entries[j].churned + curve->entries[j].censored;
		}
		if (curve->capacity > CHURN_CURVE_MAX_ENTRIES / 4 ||
			(!allow_keys && curve->count >= 65536 && customers < 2 * (int64) curve->count))
		{
			/*
			 * Too large to hash, or (merges of per-customer curves in
			 * continuous time) hardly any duration seen twice: append
			 * entries, sorting and merging them when full.
			 */
			bigger = churn_alloc(CurrentMemoryContext, curve->capacity * 2);
			memcpy(bigger->entries, curve->entries, (Size) curve->count * sizeof(ChurnEntry));
			bigger->count = curve->count;
			bigger->flags = curve->flags & CHURN_CURVE_NORMALIZED;
			return churn_append_unhashed(bigger, duration, nchurned, ncensored);
		}
		if (allow_keys && curve->count >= 65536 && customers < 2 * (int64) curve->count)
		{
			/* customers < 2 * count <= 2 * capacity keys: room for as many again */
			bigger = churn_alloc_keys(CurrentMemoryContext, curve->capacity * 4);
			for (j = 0; j < curve->count; j++)
			{
				const ChurnEntry *old = &curve->entries[j];
				int64		k;

				if ((j & 0xFFFF) == 0)
					CHECK_FOR_INTERRUPTS();
				for (k = 0; k < old->churned; k++)
					CHURN_KEYS(bigger)[bigger->count++] = churn_key(old->duration, true);
				for (k = 0; k < old->censored; k++)
					CHURN_KEYS(bigger)[bigger->count++] = churn_key(old->duration, false);
			}
			return churn_append_key(bigger, duration, nchurned > 0);
		}
		bigger = churn_alloc_hashed(CurrentMemoryContext, curve->capacity * 2);
		memcpy(bigger->entries, curve->entries, (Size) curve->count * sizeof(ChurnEntry));
		bigger->count = curve->count;
		bigger->flags = curve->flags;
		slots = churn_slots(bigger);
		for (j = 0; j < bigger->count; j++)
		{
			if ((j & 0xFFFF) == 0)
				CHECK_FOR_INTERRUPTS();
			slots[churn_slot_of(bigger, bigger->entries[j].duration)] = j + 1;
		}
		curve = bigger;
		i = churn_slot_of(curve, duration);
	}
	if (curve->count > 0 && !(duration > curve->entries[curve->count - 1].duration))
		curve->flags &= ~CHURN_CURVE_NORMALIZED;
	e = &curve->entries[curve->count];
	e->duration = duration;
	e->churned = nchurned;
	e->censored = ncensored;
	slots[i] = ++curve->count;
	return curve;
}

static inline ChurnCurve *
churn_append(ChurnCurve *curve, double duration, bool churned)
{
	return churn_append_counts(curve, duration, churned ? 1 : 0, churned ? 0 : 1, true);
}

/* churn_append for a transition state: a grown expanded state is made in its object's context */
static ChurnCurve *
churn_state_append(ChurnArg *arg, ChurnCurve *curve, double duration, bool churned)
{
	MemoryContext old;

	if (arg->exp == NULL)
		return churn_append(curve, duration, churned);
	old = MemoryContextSwitchTo(arg->exp->hdr.eoh_context);
	curve = churn_append(curve, duration, churned);
	MemoryContextSwitchTo(old);
	return curve;
}

static double
churn_check_duration(double duration)
{
	if (isnan(duration) || isinf(duration))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_curve duration must be finite"),
				 errdetail("The duration given was %g.", duration),
				 errhint("Leave out such rows, or replace them with the time the customer was last seen.")));
	if (duration < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_curve duration must not be negative"),
				 errdetail("The duration given was %g.", duration),
				 errhint("A duration runs from the start of a customer's lifetime to its churn or to as_of; check that the end is not before the start.")));
	return duration == 0.0 ? 0.0 : duration;	/* no -0 */
}

/* churn_curve(duration float8, churned bool): rows with a NULL are skipped */
Datum
churn_curve_add(PG_FUNCTION_ARGS)
{
	ChurnArg	st;
	ChurnCurve *curve;

	(void) churn_agg_context(fcinfo, "churn_curve_add");
	curve = churn_state_begin(fcinfo, &st);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		return churn_state_end(fcinfo, &st, curve);
	}
	curve = churn_state_append(&st, curve, churn_check_duration(PG_GETARG_FLOAT8(1)), PG_GETARG_BOOL(2));
	return churn_state_end(fcinfo, &st, curve);
}

/* churn_curve(duration numeric, churned bool): numeric read without a text round trip */
Datum
churn_curve_add_numeric(PG_FUNCTION_ARGS)
{
	ChurnArg	st;
	ChurnCurve *curve;

	(void) churn_agg_context(fcinfo, "churn_curve_add_numeric");
	curve = churn_state_begin(fcinfo, &st);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		return churn_state_end(fcinfo, &st, curve);
	}
	curve = churn_state_append(&st, curve, churn_check_duration(ltv_numeric_to_double(PG_GETARG_DATUM(1))),
							   PG_GETARG_BOOL(2));
	return churn_state_end(fcinfo, &st, curve);
}

/*
 * An interval as a number of units: months over months, or (days, time) over
 * (days, time) with a day of 24 hours.  A month is not a fixed number of days,
 * so mixing the two is an error.
 */
static double
churn_interval_in_units(const Interval *duration, const Interval *unit_interval)
{
	LtvUnit		unit;
	double		result;

	ltv_unit_from_interval(unit_interval, "unit", &unit);
	if (LTV_INTERVAL_NOT_FINITE(duration))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_curve duration must be finite"),
				 errhint("Leave out such rows, or replace them with the time the customer was last seen.")));
	if (unit.months > 0 && unit.days == 0 && unit.usecs == 0 &&
		duration->day == 0 && duration->time == 0)
		result = (double) duration->month / (double) unit.months;
	else if (unit.months == 0 && duration->month == 0)
		result = ((double) duration->day * (double) USECS_PER_DAY + (double) duration->time) /
			((double) unit.days * (double) USECS_PER_DAY + (double) unit.usecs);
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot measure a duration with months in days or a duration with days in months"),
				 errdetail("The duration was \"%s\" and the unit \"%s\".",
						   DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(duration))),
						   DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(unit_interval)))),
				 errhint("Pass churn_duration(started_at, ended_at, unit), which counts calendar months, or use a unit of the same kind as the durations (ended_at - started_at gives days).")));
	return churn_check_duration(result);
}

/* churn_interval_units(duration interval, unit interval) */
Datum
churn_interval_units(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(churn_interval_in_units(PG_GETARG_INTERVAL_P(0), PG_GETARG_INTERVAL_P(1)));
}

/* churn_curve(duration interval, churned bool, unit interval): rows with a NULL duration or churned are skipped */
Datum
churn_curve_add_interval(PG_FUNCTION_ARGS)
{
	ChurnArg	st;
	ChurnCurve *curve;

	(void) churn_agg_context(fcinfo, "churn_curve_add_interval");
	curve = churn_state_begin(fcinfo, &st);
	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("churn_curve unit must not be NULL"),
				 errhint("Pass an interval such as '1 day' or '1 month'.")));
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		return churn_state_end(fcinfo, &st, curve);
	}
	curve = churn_state_append(&st, curve,
							   churn_interval_in_units(PG_GETARG_INTERVAL_P(1), PG_GETARG_INTERVAL_P(3)),
							   PG_GETARG_BOOL(2));
	return churn_state_end(fcinfo, &st, curve);
}

/* (ended - started) in units: whole periods plus the elapsed fraction of the next */
static double
churn_units_between(int64 started, int64 ended, const LtvUnit *unit)
{
	int64		k,
				start,
				length;
	LtvPeriodStatus status;

	if (ended < started)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("churn_curve duration must not be negative"),
				 errdetail("ended_at is before started_at."),
				 errhint("A duration runs from the start of a customer's lifetime to its churn or to as_of; check that the end is not before the start.")));
	status = ltv_period_index(ended, started, unit, &k);
	if (status == LTV_PERIOD_OK)
		status = ltv_period_start_of(started, unit, k, &start);
	/* the period's length, not its end: the end may lie past 294276 AD */
	if (status == LTV_PERIOD_OK)
		status = ltv_period_length(started, unit, k, &length);
	if (status != LTV_PERIOD_OK)
		ltv_period_error(status);
	return (double) k + (double) (ended - start) / (double) length;
}

/* churn_duration(started_at, ended_at, unit) for date, timestamp and timestamptz */
Datum
churn_duration(PG_FUNCTION_ARGS)
{
	Oid			typid = get_fn_expr_argtype(fcinfo->flinfo, 0);
	int64		started = ltv_time_datum_usecs(PG_GETARG_DATUM(0), typid, "started_at");
	int64		ended = ltv_time_datum_usecs(PG_GETARG_DATUM(1), typid, "ended_at");
	LtvUnit		unit;

	ltv_unit_from_interval(PG_GETARG_INTERVAL_P(2), "unit", &unit);
	PG_RETURN_FLOAT8(churn_units_between(started, ended, &unit));
}

/*
 * churn_curve(started_at, ended_at, as_of, unit): a subscription churned when
 * ended_at <= as_of, else (ended_at NULL or later) censored at as_of.
 * Subscriptions starting after as_of, or with a NULL started_at, are skipped.
 */
static Datum
churn_add_subscription(FunctionCallInfo fcinfo, Oid typid)
{
	ChurnArg	st;
	ChurnCurve *curve;
	int64		started,
				ended,
				as_of;
	bool		churned;
	LtvUnit		unit;

	(void) churn_agg_context(fcinfo, "churn_curve_add_subscription");
	curve = churn_state_begin(fcinfo, &st);

	if (PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("churn_curve as_of must not be NULL"),
				 errhint("Pass the end of the observation window, for example now() or the date of the data extract.")));
	if (PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("churn_curve unit must not be NULL"),
				 errhint("Pass an interval such as '1 day' or '1 month'.")));
	if (PG_ARGISNULL(1))
		goto skip;
	ltv_unit_from_interval(PG_GETARG_INTERVAL_P(4), "unit", &unit);
	started = ltv_time_datum_usecs(PG_GETARG_DATUM(1), typid, "started_at");
	as_of = ltv_time_datum_usecs(PG_GETARG_DATUM(3), typid, "as_of");
	if (started > as_of)
		goto skip;
	churned = !PG_ARGISNULL(2);
	ended = churned ? ltv_time_datum_usecs(PG_GETARG_DATUM(2), typid, "ended_at") : as_of;
	if (ended > as_of)
	{
		churned = false;
		ended = as_of;
	}
	curve = churn_state_append(&st, curve, churn_units_between(started, ended, &unit), churned);
	return churn_state_end(fcinfo, &st, curve);

skip:
	return churn_state_end(fcinfo, &st, curve);
}

/*
 * One C entry point per time type: Citus' worker_partial_agg calls the
 * transition function without an expression tree to read the type from.
 */
Datum
churn_curve_add_subscription_timestamptz(PG_FUNCTION_ARGS)
{
	return churn_add_subscription(fcinfo, TIMESTAMPTZOID);
}

Datum
churn_curve_add_subscription_timestamp(PG_FUNCTION_ARGS)
{
	return churn_add_subscription(fcinfo, TIMESTAMPOID);
}

Datum
churn_curve_add_subscription_date(PG_FUNCTION_ARGS)
{
	return churn_add_subscription(fcinfo, DATEOID);
}

/* the symbol of ltv--1.0.sql, for databases not yet updated to 1.1 */
Datum
churn_curve_add_subscription(PG_FUNCTION_ARGS)
{
	return churn_add_subscription(fcinfo, ltv_time_argtype(fcinfo, 1));
}


/* merge b into a fresh normalized curve in context */
static ChurnCurve *
churn_merge(MemoryContext context, ChurnCurve *a, const ChurnCurve *b)
{
	ChurnCurve *merged;
	int32		out = 0;
	int64		room = (int64) a->count + b->count;
	LtvCodecError err;

	if (room > CHURN_CURVE_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("churn_curve has too many distinct durations"),
				 errhint("Round the durations, for example to whole days or periods.")));
	if (a->flags != CHURN_CURVE_NORMALIZED)
		a = churn_tight_copy(a);
	merged = churn_alloc(context, (int32) room);
	/* src/core: the sorted merge, refusing more customers than a bigint holds */
	if (ltv_churn_merge((const LtvChurnEntry *) a->entries, a->count, (const LtvChurnEntry *) b->entries,
						b->count, (LtvChurnEntry *) merged->entries, &out, &err) != LTV_CODEC_OK)
		churn_too_many_customers();
	merged->count = out;
	return merged;
}

/*
 * right (normalized) added to the transition state left (NULL: none), in
 * CurrentMemoryContext when it grows.  A large right is merged linearly into
 * a sorted left (parallel workers' partial states are normalized when they
 * are flattened, so the leader merges sorted curves); small ones are added
 * to a hashed state one entry at a time.
 */
#define CHURN_LINEAR_MERGE 1024

static ChurnCurve *
churn_combine_into(ChurnCurve *left, const ChurnCurve *right)
{
	int32		i;

	if (left == NULL && right->count >= CHURN_LINEAR_MERGE)
	{
		left = churn_alloc(CurrentMemoryContext, right->count);
		memcpy(left->entries, right->entries, (Size) right->count * sizeof(ChurnEntry));
		left->count = right->count;
		return left;
	}
	if (left == NULL)
	{
		int32		capacity = CHURN_INITIAL_CAPACITY;

		while (capacity < right->count)
			capacity *= 2;
		left = churn_alloc_hashed(CurrentMemoryContext, capacity);
	}
	else if (left->flags & CHURN_CURVE_KEYS)
	{
		/* a state of the transition function in keys mode: back to entries */
		ChurnCurve *entries = churn_tight_copy(left);

		left = entries;
	}
	if (left->flags == CHURN_CURVE_NORMALIZED && right->count >= CHURN_LINEAR_MERGE &&
		(int64) right->count * 4 >= left->count)
		return churn_merge(CurrentMemoryContext, left, right);
	for (i = 0; i < right->count; i++)
	{
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		left = churn_append_counts(left, right->entries[i].duration,
								   right->entries[i].churned, right->entries[i].censored, false);
	}
	return left;
}

/*
 * The combine function's fast path: b is a parallel worker's sorted keys and
 * the state is empty or holds runs of keys; b's keys become one more run of
 * the state (returned in *result).  False when this does not apply.
 */
static bool
churn_combine_add_run(FunctionCallInfo fcinfo, Datum *result)
{
	MemoryContext aggcontext;
	ChurnCurve *right;
	ChurnExpanded *exp;
	int64		need;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		return false;
	right = (ChurnCurve *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	if (VARSIZE(right) < CHURN_CURVE_HEADER_SIZE || right->flags != (CHURN_CURVE_KEYS | CHURN_CURVE_SORTED) ||
		right->count < CHURN_LINEAR_MERGE || right->count > churn_capacity(right))
		return false;
	if (PG_ARGISNULL(0))
	{
		MemoryContext cxt = AllocSetContextCreate(aggcontext, "churn_curve", ALLOCSET_SMALL_SIZES);

		exp = MemoryContextAlloc(cxt, sizeof(ChurnExpanded));
		EOH_init_header(&exp->hdr, &churn_expanded_methods, cxt);
		exp->curve = churn_alloc_keys(cxt, right->count);
		exp->nruns = 0;
	}
	else
	{
		Datum		d = PG_GETARG_DATUM(0);

		if (!VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)) ||
			DatumGetEOHP(d)->eoh_methods != &churn_expanded_methods)
			return false;
		exp = (ChurnExpanded *) DatumGetEOHP(d);
		if (exp->nruns == 0 || exp->nruns == CHURN_MAX_RUNS ||
			(int64) exp->curve->count + right->count > CHURN_MAX_KEYS / 2)
			return false;
	}
	need = (int64) exp->curve->count + right->count;
	if (need > churn_capacity(exp->curve))
	{
		int64		capacity = Min(Max(need, (int64) churn_capacity(exp->curve) * 2), CHURN_MAX_KEYS);
		Size		size = CHURN_CURVE_HEADER_SIZE + (Size) capacity * sizeof(uint64);

		exp->curve = repalloc_huge(exp->curve, size);
		SET_VARSIZE(exp->curve, size);
	}
	memcpy(CHURN_KEYS(exp->curve) + exp->curve->count, CHURN_KEYS(right), (Size) right->count * sizeof(uint64));
	exp->curve->count = (int32) need;
	exp->run_end[exp->nruns++] = exp->curve->count;
	*result = EOHPGetRWDatum(&exp->hdr);
	return true;
}

/*
 * churn_curve_combine(a, b): the combine function of every churn_curve
 * aggregate and the transition function of churn_curve(curve), and a plain
 * function (a merged curve; rollups: UPDATE ... SET curve =
 * churn_curve_combine(curve, new)).  A NULL argument is no customers: the
 * other side is returned.
 *
 * In an aggregate the state is a hashed transition state (or, beyond the
 * size that is hashed, an append-mode one) that the entries of b are added
 * to: amortized O(entries of b) per call, so merging n stored curves is
 * linear in their total size, in memory proportional to the distinct
 * durations of the result.  The state is normalized once, by the final
 * function (or by whatever reads it: send, out), which also checks that the
 * number of customers fits a bigint.
 */
Datum
churn_curve_combine(PG_FUNCTION_ARGS)
{
	ChurnArg	st;
	ChurnCurve *left;
	ChurnCurve *right;
	MemoryContext saved = NULL;
	Datum		result;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (churn_combine_add_run(fcinfo, &result))
		return result;
	right = churn_curve_from_datum(PG_GETARG_DATUM(1));
	if (!AggCheckCallContext(fcinfo, NULL))
	{
		ChurnCurve *merged;

		if (PG_ARGISNULL(0))
			PG_RETURN_POINTER(right);
		merged = churn_merge(CurrentMemoryContext, churn_curve_from_datum(PG_GETARG_DATUM(0)), right);
		SET_VARSIZE(merged, CHURN_CURVE_HEADER_SIZE + (Size) merged->count * sizeof(ChurnEntry));
		PG_RETURN_POINTER(merged);
	}
	left = churn_state_begin(fcinfo, &st);
	if (st.exp != NULL)
		saved = MemoryContextSwitchTo(st.exp->hdr.eoh_context);
	left = churn_combine_into(left, right);
	if (st.exp != NULL)
		MemoryContextSwitchTo(saved);
	return churn_state_end(fcinfo, &st, left);
}

Datum
churn_curve_final(PG_FUNCTION_ARGS)
{
	ChurnCurve *curve;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(PG_GETARG_DATUM(0))))
	{
		ChurnExpanded *exp = (ChurnExpanded *) DatumGetEOHP(PG_GETARG_DATUM(0));

		/* runs of keys (a parallel leader's state): merged straight into the result */
		if (exp->hdr.eoh_methods == &churn_expanded_methods && exp->nruns > 0)
			PG_RETURN_POINTER(churn_entries_from_key_runs(CurrentMemoryContext, CHURN_KEYS(exp->curve),
														  exp->run_end, exp->nruns));
	}
	curve = churn_state_read(PG_GETARG_DATUM(0));
	CHECK_FOR_INTERRUPTS();
	PG_RETURN_POINTER(churn_tight_copy(curve));
}
