/*
 * model_fit.c: the ltv_fit aggregate and its state type ltv_fit_state.
 *
 * The state holds one record per distinct customer summary (x, t_x, T,
 * Gamma-Gamma mean spend) with a count.  The transition function appends;
 * when the array is full it first sorts and merges equal records in place,
 * and only if that frees less than half the room it makes a new state twice
 * as large (returning a new datum: the executor frees the old one).  The
 * final function sorts again, so the fit never depends on the order rows
 * arrived in or on how parallel workers split them.
 */
#include "postgres.h"

#include <math.h>

#include "common/hashfn.h"
#include "common/int.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "ltv_time.h"
#include "model.h"

#define INITIAL_CAPACITY 16
#define MAX_RECORDS ((int64) ((MaxAllocHugeSize - LTV_FIT_STATE_HDRSZ) / sizeof(LtvFitRecord)))

static const LtvUnit default_unit = {0, 7, 0};

static LtvFitState *
state_alloc(MemoryContext cxt, int64 capacity, const LtvUnit *unit)
{
	Size		size;
	LtvFitState *s;

	if (capacity > MAX_RECORDS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("ltv_fit state is too large"),
				 errdetail("More than " INT64_FORMAT " distinct customer summaries.", MAX_RECORDS),
				 errhint("Fit per segment, or round t_x and T to fewer distinct values.")));
	size = LTV_FIT_STATE_HDRSZ + (Size) capacity * sizeof(LtvFitRecord);
	s = MemoryContextAllocExtended(cxt, size, MCXT_ALLOC_HUGE);
	memset(s, 0, LTV_FIT_STATE_HDRSZ);	/* records are written before they are read */
	SET_VARSIZE(s, size);
	s->version = LTV_FIT_STATE_VERSION;
	s->unit_months = unit->months;
	s->unit_days = unit->days;
	s->unit_usecs = unit->usecs;
	s->nrecords = 0;
	s->capacity = capacity;
	return s;
}

static int
cmp_record(const void *pa, const void *pb)
{
	const LtvFitRecord *a = pa;
	const LtvFitRecord *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	if (a->has_m != b->has_m)
		return a->has_m < b->has_m ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	return 0;
}

typedef struct SortKey
{
	uint64		hash;
	int64		index;
} SortKey;

typedef struct OrderContext
{
	const char *base;
	size_t		size;
	int			(*cmp) (const void *, const void *);
} OrderContext;

static int
cmp_by_index(const void *a, const void *b, void *arg)
{
	const OrderContext *c = arg;

	return c->cmp(c->base + *(const int64 *) a * c->size, c->base + *(const int64 *) b * c->size);
}

/*
 * A canonical order of n elements of `size` bytes, as an array of their
 * indexes (palloc'd): by a 64-bit hash of their first `keylen` bytes (the
 * key; for records all fields but the count, and t_x and T are stored with
 * -0 made 0, so equal values have equal bytes), ties by cmp.  The order
 * does not depend on the order the elements came in, puts equal keys next
 * to each other, and costs four radix passes instead of a comparison sort.
 */
static int64 *
canonical_order(const void *elems, int64 n, size_t size, size_t keylen,
				int (*cmp) (const void *, const void *))
{
	const char *base = elems;
	OrderContext ctx = {base, size, cmp};
	SortKey    *keys,
			   *tmp,
			   *src,
			   *dst;
	int64	   *order = palloc_extended(Max(n, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	int64	   *counts;
	int64		i,
				run;
	int			shift;

	if (n < 256)
	{
		for (i = 0; i < n; i++)
			order[i] = i;
		qsort_arg(order, n, sizeof(int64), cmp_by_index, &ctx);
		return order;
	}
	keys = palloc_extended(n * sizeof(SortKey), MCXT_ALLOC_HUGE);
	tmp = palloc_extended(n * sizeof(SortKey), MCXT_ALLOC_HUGE);
	counts = palloc(sizeof(int64) * 65536);
	for (i = 0; i < n; i++)
	{
		keys[i].hash = hash_bytes_extended((const unsigned char *) (base + i * size), (int) keylen, 0);
		keys[i].index = i;
	}
	src = keys;
	dst = tmp;
	for (shift = 0; shift < 64; shift += 16)
	{
		int64		sum = 0;
		SortKey    *swap;

		memset(counts, 0, sizeof(int64) * 65536);
		for (i = 0; i < n; i++)
			counts[(src[i].hash >> shift) & 0xFFFF]++;
		for (i = 0; i < 65536; i++)
		{
			int64		c = counts[i];

			counts[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[counts[(src[i].hash >> shift) & 0xFFFF]++] = src[i];
		swap = src;
		src = dst;
		dst = swap;
		CHECK_FOR_INTERRUPTS();
	}
	for (i = 0; i < n; i++)
		order[i] = src[i].index;
	/* equal hashes: by value (64-bit hashes, so these runs are tiny) */
	for (i = 0; i < n; i = run)
	{
		for (run = i + 1; run < n && src[run].hash == src[i].hash; run++)
			;
		if (run - i > 1)
			qsort_arg(order + i, run - i, sizeof(int64), cmp_by_index, &ctx);
	}
	pfree(counts);
	pfree(tmp);
	pfree(keys);
	return order;
}

/* canonical_order, applied in place */
static void
canonical_sort(void *elems, int64 n, size_t size, size_t keylen,
			   int (*cmp) (const void *, const void *))
{
	int64	   *order = canonical_order(elems, n, size, keylen, cmp);
	char	   *copy = palloc_extended(Max(n, 1) * size, MCXT_ALLOC_HUGE);
	int64		i;

	for (i = 0; i < n; i++)
		memcpy(copy + i * size, (char *) elems + order[i] * size, size);
	memcpy(elems, copy, n * size);
	pfree(copy);
	pfree(order);
}

static int
cmp_bg_cell(const void *pa, const void *pb)
{
	const LtvBgnbdCell *a = pa;
	const LtvBgnbdCell *b = pb;

	if (a->x != b->x)
		return a->x < b->x ? -1 : 1;
	if (a->t_x != b->t_x)
		return a->t_x < b->t_x ? -1 : 1;
	if (a->T != b->T)
		return a->T < b->T ? -1 : 1;
	return 0;
}

/* sort and merge equal records in place */
static void
state_compress(LtvFitState *s)
{
	int64		i,
				k = 0;

	if (s->nrecords < 2)
		return;
	canonical_sort(s->records, s->nrecords, sizeof(LtvFitRecord), offsetof(LtvFitRecord, count), cmp_record);
	for (i = 0; i < s->nrecords; i++)
	{
		if (k > 0 && cmp_record(&s->records[k - 1], &s->records[i]) == 0)
		{
			if (pg_add_s64_overflow(s->records[k - 1].count, s->records[i].count, &s->records[k - 1].count))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("ltv_fit customer count overflows bigint")));
		}
		else
			s->records[k++] = s->records[i];
	}
	s->nrecords = k;
}

static void
unit_of(const LtvFitState *s, LtvUnit *unit)
{
	unit->months = s->unit_months;
	unit->days = s->unit_days;
	unit->usecs = s->unit_usecs;
}

static void
check_same_unit(const LtvFitState *s, const LtvUnit *unit)
{
	if (s->unit_months != unit->months || s->unit_days != unit->days || s->unit_usecs != unit->usecs)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("ltv_fit unit must be the same for all rows of a group")));
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
state_make_room(LtvFitState *s, int64 needed, bool try_merge)
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
	{
		LtvUnit		unit;

		unit_of(s, &unit);
		bigger = state_alloc(CurrentMemoryContext, cap, &unit);
	}
	memcpy(bigger->records, s->records, s->nrecords * sizeof(LtvFitRecord));
	bigger->nrecords = s->nrecords;
	bigger->reserved[0] = s->reserved[0];
	return bigger;
}

LtvFitState *
ltv_fit_state_add(FunctionCallInfo fcinfo, LtvFitState *state, bool is_null,
				  double x, double t_x, double T, double m, bool m_isnull, const LtvUnit *unit)
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
		check_same_unit(state, unit);
	if (is_null)
		return state;
	if (isnan(x) || isnan(t_x) || isnan(T) || isinf(x) || isinf(t_x) || isinf(T))
		bad_customer("x, t_x and T must be finite numbers", x, t_x, T);
	if (x < 0 || x != floor(x) || x > PG_INT32_MAX)
		bad_customer("x must be a whole number between 0 and 2147483647", x, t_x, T);
	if (t_x < 0 || T < t_x)
		bad_customer("t_x and T must satisfy 0 <= t_x <= T", x, t_x, T);
	if (x == 0 && t_x != 0)
		bad_customer("t_x must be 0 when x = 0", x, t_x, T);
	if (!m_isnull && (isnan(m) || isinf(m)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monetary must be a finite number"),
				 errdetail("The customer had monetary = %g.", m),
				 errhint("Pass the mean amount of the repeat occasions, or NULL to leave the customer out of the Gamma-Gamma fit.")));

	if (state == NULL)
		state = state_alloc(CurrentMemoryContext, INITIAL_CAPACITY, unit);
	state = state_make_room(state, 1, true);
	rec = &state->records[state->nrecords++];
	rec->x = (int32) x;
	rec->t_x = t_x + 0.0;		/* + 0.0: -0 becomes 0, so equal values compare equal */
	rec->T = T + 0.0;
	rec->has_m = (!m_isnull && x > 0 && m > 0) ? 1 : 0;
	rec->m = rec->has_m ? m : 0.0;
	rec->count = 1;
	return state;
}

/* ltv_fit_transfn(state, x, t_x, T, monetary [, unit]) */
PG_FUNCTION_INFO_V1(ltv_fit_transfn);
Datum
ltv_fit_transfn(PG_FUNCTION_ARGS)
{
	LtvFitState *state = PG_ARGISNULL(0) ? NULL : (LtvFitState *) PG_GETARG_POINTER(0);
	LtvUnit		unit = default_unit;
	bool		is_null = PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3);

	if (PG_NARGS() > 5)
	{
		if (PG_ARGISNULL(5))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("unit must not be NULL"),
					 errhint("Pass the unit t_x and T are measured in, such as '7 days'.")));
		ltv_unit_from_interval(PG_GETARG_INTERVAL_P(5), "unit", &unit);
	}
	state = ltv_fit_state_add(fcinfo, state, is_null,
							  is_null ? 0 : PG_GETARG_FLOAT8(1),
							  is_null ? 0 : PG_GETARG_FLOAT8(2),
							  is_null ? 0 : PG_GETARG_FLOAT8(3),
							  PG_ARGISNULL(4) ? 0 : PG_GETARG_FLOAT8(4), PG_ARGISNULL(4), &unit);
	if (state == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(ltv_fit_combine);
Datum
ltv_fit_combine(PG_FUNCTION_ARGS)
{
	LtvFitState *left,
			   *right;
	LtvUnit		unit;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "ltv_fit_combine called in non-aggregate context");
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	right = (LtvFitState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(1));
	unit_of(right, &unit);
	if (PG_ARGISNULL(0))
	{
		/* a copy of the right state (the executor moves it into the aggregate context) */
		left = state_alloc(CurrentMemoryContext, Max(right->nrecords, INITIAL_CAPACITY), &unit);
		memcpy(left->records, right->records, right->nrecords * sizeof(LtvFitRecord));
		left->nrecords = right->nrecords;
		PG_RETURN_POINTER(left);
	}
	left = (LtvFitState *) PG_GETARG_POINTER(0);
	check_same_unit(left, &unit);
	/* no merging here: the final function merges once, in its canonical order */
	left = state_make_room(left, right->nrecords, false);
	memcpy(left->records + left->nrecords, right->records, right->nrecords * sizeof(LtvFitRecord));
	left->nrecords += right->nrecords;
	PG_RETURN_POINTER(left);
}

LtvModel *
ltv_fit_state_fit(const LtvFitState *state)
{
	LtvBgnbdCell *bg;
	LtvGgCell  *gg;
	size_t		nbg = 0,
				ngg = 0;
	int64		i;
	LtvFitOptions opts;
	LtvBgnbdFit bgfit;
	LtvGgFit	ggfit;
	LtvUnit		unit;
	LtvModel   *model;
	int64	   *order;
	int64		k;
	const LtvFitRecord *prev = NULL;

	if (state == NULL || state->nrecords == 0)
		return NULL;
	/*
	 * The records are read in a canonical order (the final function must not
	 * change its input); the fits then skip their own sorting
	 * (opts.presorted).
	 */
	order = canonical_order(state->records, state->nrecords, sizeof(LtvFitRecord),
							offsetof(LtvFitRecord, count), cmp_record);
	bg = palloc_extended(state->nrecords * sizeof(LtvBgnbdCell), MCXT_ALLOC_HUGE);
	gg = palloc_extended(state->nrecords * sizeof(LtvGgCell), MCXT_ALLOC_HUGE);
	for (i = 0; i < state->nrecords; i++)
	{
		const LtvFitRecord *r = &state->records[order[i]];

		/* the same summary in several records (e.g. from parallel workers): one cell */
		if (prev != NULL && cmp_record(prev, r) == 0)
		{
			bg[nbg - 1].count += (double) r->count;
			if (r->has_m)
				gg[ngg - 1].count += (double) r->count;
			continue;
		}
		prev = r;
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
	/* customers with equal (x, t_x, T) but different spend: one BG/NBD cell */
	canonical_sort(bg, nbg, sizeof(LtvBgnbdCell), offsetof(LtvBgnbdCell, count), cmp_bg_cell);
	for (i = 0, k = 0; i < (int64) nbg; i++)
	{
		if (k > 0 && cmp_bg_cell(&bg[k - 1], &bg[i]) == 0)
			bg[k - 1].count += bg[i].count;
		else
			bg[k++] = bg[i];
	}
	nbg = k;
	pfree(order);
	ltv_model_fit_options(&opts);
	opts.presorted = true;
	ltv_bgnbd_fit(bg, nbg, &opts, &bgfit);
	ltv_gg_fit(gg, ngg, &opts, &ggfit);
	ltv_model_warn_fit("BG/NBD", bgfit.status, bgfit.optim_status);
	ltv_model_warn_fit("Gamma-Gamma", ggfit.status, ggfit.optim_status);
	unit_of(state, &unit);
	model = ltv_model_from_fits(&bgfit, &ggfit, &unit);
	pfree(bg);
	pfree(gg);
	return model;
}

PG_FUNCTION_INFO_V1(ltv_fit_final);
Datum
ltv_fit_final(PG_FUNCTION_ARGS)
{
	LtvModel   *model;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	model = ltv_fit_state_fit((LtvFitState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0)));
	if (model == NULL)
		PG_RETURN_NULL();
	PG_RETURN_POINTER(model);
}

/* ---- ltv_fit_state I/O ---- */

static void
bad_state(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid ltv_fit_state value"),
			 errdetail("%s", detail),
			 errhint("ltv_fit_state values come from ltv_fit's transition function or its own output.")));
}

static void
validate_record(const LtvFitRecord *r)
{
	if (r->x < 0 || !isfinite(r->t_x) || !isfinite(r->T) || r->t_x < 0 || r->T < r->t_x ||
		(r->x == 0 && r->t_x != 0))
		bad_state("A record's x, t_x, T are out of their domain.");
	if (r->has_m != 0 && r->has_m != 1)
		bad_state("A record's spend flag is not 0 or 1.");
	if (r->has_m ? !(r->x > 0 && isfinite(r->m) && r->m > 0) : r->m != 0)
		bad_state("A record's mean spend does not match its flag.");
	if (r->count < 1)
		bad_state("A record's count is not positive.");
}

static LtvFitState *
state_from_header(int version, const LtvUnit *unit, int64 n)
{
	if (version != LTV_FIT_STATE_VERSION)
		bad_state("Its format version is not 1.");
	if (!ltv_unit_is_valid(unit))
		bad_state("Its unit is not a positive interval.");
	if (n < 0 || n > MAX_RECORDS)
		bad_state("Its record count is out of range.");
	return state_alloc(CurrentMemoryContext, n, unit);
}

PG_FUNCTION_INFO_V1(ltv_fit_state_send);
Datum
ltv_fit_state_send(PG_FUNCTION_ARGS)
{
	LtvFitState *s = (LtvFitState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		i;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, s->version);
	pq_sendint32(&buf, s->unit_months);
	pq_sendint32(&buf, s->unit_days);
	pq_sendint64(&buf, s->unit_usecs);
	pq_sendint64(&buf, s->nrecords);
	for (i = 0; i < s->nrecords; i++)
	{
		const LtvFitRecord *r = &s->records[i];

		pq_sendint32(&buf, r->x);
		pq_sendfloat8(&buf, r->t_x);
		pq_sendfloat8(&buf, r->T);
		pq_sendbyte(&buf, (uint8) r->has_m);
		pq_sendfloat8(&buf, r->m);
		pq_sendint64(&buf, r->count);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

#define RECORD_WIRE_SIZE (4 + 8 + 8 + 1 + 8 + 8)

PG_FUNCTION_INFO_V1(ltv_fit_state_recv);
Datum
ltv_fit_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(buf);
	LtvUnit		unit;
	int64		n,
				i;
	LtvFitState *s;

	unit.months = pq_getmsgint(buf, 4);
	unit.days = pq_getmsgint(buf, 4);
	unit.usecs = pq_getmsgint64(buf);
	n = pq_getmsgint64(buf);
	if (n < 0 || n > (int64) (buf->len - buf->cursor) / RECORD_WIRE_SIZE)
		bad_state("Its record count does not match its length.");
	s = state_from_header(version, &unit, n);
	for (i = 0; i < n; i++)
	{
		LtvFitRecord *r = &s->records[i];

		r->x = pq_getmsgint(buf, 4);
		r->t_x = pq_getmsgfloat8(buf);
		r->T = pq_getmsgfloat8(buf);
		r->has_m = pq_getmsgbyte(buf);
		r->m = pq_getmsgfloat8(buf);
		r->count = pq_getmsgint64(buf);
		validate_record(r);
	}
	s->nrecords = n;
	if (buf->cursor != buf->len)
		bad_state("Extra bytes follow the last record.");
	PG_RETURN_POINTER(s);
}

/*
 * Text form: "1;<months>;<days>;<usecs>;<n>" then per record
 * ";<x>,<t_x>,<T>,<m or ->,<count>", numbers in full precision.
 */
PG_FUNCTION_INFO_V1(ltv_fit_state_out);
Datum
ltv_fit_state_out(PG_FUNCTION_ARGS)
{
	LtvFitState *s = (LtvFitState *) PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	StringInfoData buf;
	int64		i;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%d;%d;%d;" INT64_FORMAT ";" INT64_FORMAT, s->version, s->unit_months,
					 s->unit_days, s->unit_usecs, s->nrecords);
	for (i = 0; i < s->nrecords; i++)
	{
		const LtvFitRecord *r = &s->records[i];

		appendStringInfo(&buf, ";%d,%.17g,%.17g,", r->x, r->t_x, r->T);
		if (r->has_m)
			appendStringInfo(&buf, "%.17g", r->m);
		else
			appendStringInfoChar(&buf, '-');
		appendStringInfo(&buf, "," INT64_FORMAT, r->count);
	}
	PG_RETURN_CSTRING(buf.data);
}

static void
bad_state_text(const char *input)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type ltv_fit_state: \"%s\"", input),
			 errhint("Use the text ltv_fit_state's output gives.")));
}

static int64
parse_int(const char *input, const char **s, char sep, int64 lo, int64 hi)
{
	char	   *end;
	long long	v;

	errno = 0;
	if (!(isdigit((unsigned char) **s) || **s == '-'))
		bad_state_text(input);
	v = strtoll(*s, &end, 10);
	if (end == *s || errno != 0 || v < lo || v > hi || (sep && *end != sep))
		bad_state_text(input);
	*s = end + (sep ? 1 : 0);
	return v;
}

static double
parse_float(const char *input, const char **s, char sep)
{
	char	   *end;
	double		v;

	errno = 0;
	if (!(isdigit((unsigned char) **s) || **s == '-' || **s == '.'))
		bad_state_text(input);
	v = strtod(*s, &end);
	if (end == *s || errno != 0 || !isfinite(v) || *end != sep)
		bad_state_text(input);
	*s = end + 1;
	return v;
}

PG_FUNCTION_INFO_V1(ltv_fit_state_in);
Datum
ltv_fit_state_in(PG_FUNCTION_ARGS)
{
	const char *input = PG_GETARG_CSTRING(0);
	const char *s = input;
	int			version;
	LtvUnit		unit;
	int64		n,
				i;
	LtvFitState *st;

	version = (int) parse_int(input, &s, ';', 0, 255);
	unit.months = (int32) parse_int(input, &s, ';', PG_INT32_MIN, PG_INT32_MAX);
	unit.days = (int32) parse_int(input, &s, ';', PG_INT32_MIN, PG_INT32_MAX);
	unit.usecs = parse_int(input, &s, ';', PG_INT64_MIN, PG_INT64_MAX);
	n = parse_int(input, &s, 0, 0, MAX_RECORDS);
	if (n > (int64) strlen(s) / 8)
		bad_state_text(input);
	st = state_from_header(version, &unit, n);
	for (i = 0; i < n; i++)
	{
		LtvFitRecord *r = &st->records[i];

		if (*s != ';')
			bad_state_text(input);
		s++;
		r->x = (int32) parse_int(input, &s, ',', 0, PG_INT32_MAX);
		r->t_x = parse_float(input, &s, ',');
		r->T = parse_float(input, &s, ',');
		if (*s == '-' && s[1] == ',')
		{
			r->has_m = 0;
			r->m = 0;
			s += 2;
		}
		else
		{
			r->has_m = 1;
			r->m = parse_float(input, &s, ',');
		}
		r->count = parse_int(input, &s, 0, 1, PG_INT64_MAX);
		validate_record(r);
	}
	if (*s != '\0')
		bad_state_text(input);
	st->nrecords = n;
	PG_RETURN_POINTER(st);
}
