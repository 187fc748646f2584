/*
 * rfm_score.c: rfm_score, rfm_custom_thresholds and the rfm_thresholds
 * composite (bins int, recency float8[], frequency float8[], monetary float8[]).
 *
 * rfm_score is called once per customer, usually with the same thresholds,
 * segment rules and weights on every row (a constant, or a window aggregate
 * over the whole table).  It keeps what it parsed from them in fn_extra, keyed
 * by a copy of their bytes, so each row costs a few comparisons.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/executor.h"
#include "fmgr.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/timestamp.h"

#include "rfm.h"

#define ARG_RECENCY 0
#define ARG_THRESHOLDS 3
#define ARG_SEGMENTS 4
#define ARG_WEIGHTS 5
#define ARG_BINS 6

typedef struct RfmRule
{
	text	   *segment;
	int			min[RFM_DIMS];
	int			max[RFM_DIMS];
} RfmRule;

typedef struct RfmScoreCache
{
	/* thresholds */
	char	   *thresholds_bytes;
	Size		thresholds_len;
	RfmCuts		cuts;
	/* segment rules (NULL: the default map), checked against cuts.bins */
	bool		rules_given;
	char	   *rules_bytes;
	Size		rules_len;
	int			rules_bins;
	int			nrules;
	RfmRule    *rules;
	/* weights */
	bool		weights_given;
	double		weights[RFM_DIMS];
	text	   *default_names[LTV_RFM_SEGMENTS];
	TupleDesc	result_desc;
} RfmScoreCache;

/* ---- the thresholds composite ---- */

static void
bad_thresholds(const char *msg, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", msg),
			 errhint("%s", hint)));
}

static void
read_cut_array(Datum array_datum, int dim, int bins, double *cuts)
{
	ArrayType  *array = DatumGetArrayTypeP(array_datum);
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;

	if (ARR_ELEMTYPE(array) != FLOAT8OID)
		elog(ERROR, "rfm_thresholds arrays must be float8[]");
	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	if (ARR_NDIM(array) > 1 || n != bins - 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s has %d cut points but bins is %d", rfm_dim_names[dim], n, bins),
				 errdetail("bins scores need bins - 1 cut points in a one-dimensional array."),
				 errhint("Give every dimension the same number of cut points.")));
	for (i = 0; i < n; i++)
	{
		double		c;

		if (nulls[i])
			bad_thresholds(psprintf("%s cut points must not contain NULL", rfm_dim_names[dim]),
						   "Give finite numbers in ascending order.");
		c = DatumGetFloat8(elems[i]);
		if (isnan(c) || isinf(c))
			bad_thresholds(psprintf("%s cut points must be finite", rfm_dim_names[dim]),
						   "Give finite numbers in ascending order.");
		if (i > 0 && c < cuts[i - 1])
			bad_thresholds(psprintf("%s cut points must be in ascending order", rfm_dim_names[dim]),
						   "Sort the cut points; equal neighbours are allowed (a bin is then empty).");
		cuts[i] = c;
	}
}

/* validates an rfm_thresholds value and reads its cut points */
void
rfm_thresholds_read(HeapTupleHeader tuple, RfmCuts *cuts)
{
	bool		isnull;
	Datum		bins_datum = GetAttributeByNum(tuple, 1, &isnull);
	int			d;

	if (isnull)
		bad_thresholds("rfm_thresholds.bins must not be NULL",
					   "Build thresholds with rfm_thresholds() or rfm_custom_thresholds().");
	rfm_check_bins(DatumGetInt32(bins_datum));
	cuts->bins = DatumGetInt32(bins_datum);
	for (d = 0; d < RFM_DIMS; d++)
	{
		Datum		array = GetAttributeByNum(tuple, d + 2, &isnull);

		cuts->present[d] = !isnull;
		if (!isnull)
			read_cut_array(array, d, cuts->bins, cuts->cuts[d]);
	}
}

Datum
rfm_thresholds_datum(FunctionCallInfo fcinfo, const RfmCuts *cuts)
{
	TupleDesc	desc;
	Datum		values[1 + RFM_DIMS];
	bool		nulls[1 + RFM_DIMS] = {false};
	int			d;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "rfm_thresholds must return a composite type");
	desc = BlessTupleDesc(desc);
	values[0] = Int32GetDatum(cuts->bins);
	for (d = 0; d < RFM_DIMS; d++)
	{
		Datum	   *elems;
		int			i;

		if (!cuts->present[d])
		{
			nulls[d + 1] = true;
			continue;
		}
		elems = (Datum *) palloc(sizeof(Datum) * (cuts->bins - 1));
		for (i = 0; i < cuts->bins - 1; i++)
			elems[i] = Float8GetDatum(cuts->cuts[d][i]);
		values[d + 1] = PointerGetDatum(construct_array(elems, cuts->bins - 1, FLOAT8OID,
														sizeof(float8), FLOAT8PASSBYVAL,
														TYPALIGN_DOUBLE));
	}
	return HeapTupleGetDatum(heap_form_tuple(desc, values, nulls));
}

PG_FUNCTION_INFO_V1(rfm_custom_thresholds);
Datum
rfm_custom_thresholds(PG_FUNCTION_ARGS)
{
	RfmCuts		cuts;
	int			d;

	cuts.bins = -1;
	for (d = 0; d < RFM_DIMS; d++)
	{
		ArrayType  *array;
		int			n;

		if (PG_ARGISNULL(d))
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("%s cut points must not be NULL", rfm_dim_names[d]),
					 errhint("Give bins - 1 ascending cut points for each dimension.")));
		array = PG_GETARG_ARRAYTYPE_P(d);
		n = ArrayGetNItems(ARR_NDIM(array), ARR_DIMS(array));
		if (d == 0)
		{
			if (n + 1 < LTV_RFM_MIN_BINS || n + 1 > LTV_RFM_MAX_BINS)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("recency has %d cut points; between %d and %d are needed",
								n, LTV_RFM_MIN_BINS - 1, LTV_RFM_MAX_BINS - 1),
						 errhint("bins scores need bins - 1 cut points.")));
			cuts.bins = n + 1;
		}
		read_cut_array(PointerGetDatum(array), d, cuts.bins, cuts.cuts[d]);
		cuts.present[d] = true;
	}
	return rfm_thresholds_datum(fcinfo, &cuts);
}

/* ---- rfm_score ---- */

static bool
bytes_equal(const char *cached, Size cached_len, const void *p, Size len)
{
	return cached != NULL && cached_len == len && memcmp(cached, p, len) == 0;
}

static char *
bytes_copy(MemoryContext cxt, const void *p, Size len)
{
	char	   *copy = MemoryContextAlloc(cxt, len);

	memcpy(copy, p, len);
	return copy;
}

static int
rule_bound(HeapTupleHeader tuple, int attno, int rule_no, int bins, int if_null)
{
	static const char *const names[] = {"", "", "r_min", "r_max", "f_min", "f_max", "m_min", "m_max"};
	bool		isnull;
	Datum		v = GetAttributeByNum(tuple, attno, &isnull);
	int			bound;

	if (isnull)
		return if_null;
	bound = DatumGetInt32(v);
	if (bound < 1 || bound > bins)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segment rule %d has %s = %d but the thresholds have %d bins",
						rule_no, names[attno], bound, bins),
				 errhint("Scores run from 1 to bins; write rules for the bins the thresholds were computed with.")));
	return bound;
}

static void
load_rules(RfmScoreCache *cache, MemoryContext cxt, ArrayType *array, int bins)
{
	int16		typlen;
	bool		typbyval;
	char		typalign;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;

	get_typlenbyvalalign(ARR_ELEMTYPE(array), &typlen, &typbyval, &typalign);
	deconstruct_array(array, ARR_ELEMTYPE(array), typlen, typbyval, typalign, &elems, &nulls, &n);
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("segments must contain at least one rule"),
				 errhint("Pass NULL (or leave segments out) for the default segment map.")));
	cache->rules = (RfmRule *) MemoryContextAlloc(cxt, sizeof(RfmRule) * n);
	for (i = 0; i < n; i++)
	{
		HeapTupleHeader tuple;
		bool		isnull;
		Datum		name;
		RfmRule    *rule = &cache->rules[i];
		int			d;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("segment rule %d is NULL", i + 1),
					 errhint("Remove NULL elements from segments.")));
		tuple = DatumGetHeapTupleHeader(elems[i]);
		name = GetAttributeByNum(tuple, 1, &isnull);
		if (isnull)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("segment rule %d has no segment name", i + 1),
					 errhint("Every rule names the segment it assigns.")));
		rule->segment = (text *) MemoryContextAlloc(cxt, VARSIZE_ANY(DatumGetTextPP(name)));
		memcpy(rule->segment, DatumGetTextPP(name), VARSIZE_ANY(DatumGetTextPP(name)));
		for (d = 0; d < RFM_DIMS; d++)
		{
			rule->min[d] = rule_bound(tuple, 2 + 2 * d, i + 1, bins, 1);
			rule->max[d] = rule_bound(tuple, 3 + 2 * d, i + 1, bins, bins);
			if (rule->min[d] > rule->max[d])
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("segment rule %d has %c_min %d above %c_max %d", i + 1,
								"rfm"[d], rule->min[d], "rfm"[d], rule->max[d]),
						 errhint("Bounds are inclusive: min <= max.")));
		}
	}
	cache->nrules = n;
}

static void
load_weights(RfmScoreCache *cache, ArrayType *array)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int			i;
	double		sum = 0;

	deconstruct_array(array, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &n);
	if (n != RFM_DIMS || ARR_NDIM(array) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must have 3 elements (recency, frequency, monetary), not %d", n),
				 errhint("For example weights => '{2,1,1}'.")));
	for (i = 0; i < n; i++)
	{
		double		w = nulls[i] ? NAN : DatumGetFloat8(elems[i]);

		if (isnan(w) || isinf(w) || w < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must be finite and not negative"),
					 errhint("For example weights => '{2,1,1}'.")));
		cache->weights[i] = w;
		sum += w;
	}
	if (sum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must not all be zero"),
				 errhint("For example weights => '{2,1,1}'.")));
}

static RfmScoreCache *
get_cache(FunctionCallInfo fcinfo)
{
	RfmScoreCache *cache = (RfmScoreCache *) fcinfo->flinfo->fn_extra;
	MemoryContext cxt = fcinfo->flinfo->fn_mcxt;

	if (cache == NULL)
	{
		TupleDesc	desc;
		MemoryContext old;
		int			i;

		cache = (RfmScoreCache *) MemoryContextAllocZero(cxt, sizeof(RfmScoreCache));
		if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "rfm_score must return a composite type");
		old = MemoryContextSwitchTo(cxt);
		cache->result_desc = BlessTupleDesc(CreateTupleDescCopy(desc));
		for (i = 0; i < LTV_RFM_SEGMENTS; i++)
			cache->default_names[i] = cstring_to_text(ltv_rfm_segment_names[i]);
		MemoryContextSwitchTo(old);
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

/* loads thresholds, rules and weights into the cache unless they are the cached ones */
static void
refresh_cache(FunctionCallInfo fcinfo, RfmScoreCache *cache)
{
	MemoryContext cxt = fcinfo->flinfo->fn_mcxt;
	HeapTupleHeader thresholds = PG_GETARG_HEAPTUPLEHEADER(ARG_THRESHOLDS);
	Size		len = HeapTupleHeaderGetDatumLength(thresholds);

	if (!bytes_equal(cache->thresholds_bytes, cache->thresholds_len, thresholds, len))
	{
		if (cache->thresholds_bytes)
		{
			pfree(cache->thresholds_bytes);
			cache->thresholds_bytes = NULL;
		}
		rfm_thresholds_read(thresholds, &cache->cuts);
		cache->thresholds_bytes = bytes_copy(cxt, thresholds, len);
		cache->thresholds_len = len;
	}

	if (PG_NARGS() > ARG_BINS && !PG_ARGISNULL(ARG_BINS) &&
		PG_GETARG_INT32(ARG_BINS) != cache->cuts.bins)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("thresholds were computed with %d bins, not the %d requested",
						cache->cuts.bins, PG_GETARG_INT32(ARG_BINS)),
				 errhint("Compute the thresholds with rfm_thresholds(recency, frequency, monetary, %d), or leave bins out.",
						 PG_GETARG_INT32(ARG_BINS))));

	cache->rules_given = PG_NARGS() > ARG_SEGMENTS && !PG_ARGISNULL(ARG_SEGMENTS);
	if (cache->rules_given)
	{
		ArrayType  *rules = PG_GETARG_ARRAYTYPE_P(ARG_SEGMENTS);
		Size		rlen = VARSIZE(rules);

		if (cache->rules_bins != cache->cuts.bins ||
			!bytes_equal(cache->rules_bytes, cache->rules_len, rules, rlen))
		{
			if (cache->rules_bytes)
			{
				pfree(cache->rules_bytes);
				cache->rules_bytes = NULL;
			}
			load_rules(cache, cxt, rules, cache->cuts.bins);
			cache->rules_bytes = bytes_copy(cxt, rules, rlen);
			cache->rules_len = rlen;
			cache->rules_bins = cache->cuts.bins;
		}
	}

	cache->weights_given = PG_NARGS() > ARG_WEIGHTS && !PG_ARGISNULL(ARG_WEIGHTS);
	if (cache->weights_given)
		load_weights(cache, PG_GETARG_ARRAYTYPE_P(ARG_WEIGHTS));
}

static text *
segment_of(RfmScoreCache *cache, const int *scores)
{
	int			bins = cache->cuts.bins;
	int			i;

	if (!cache->rules_given)
		return cache->default_names[ltv_rfm_default_segment(ltv_rfm_rescale5(scores[0], bins),
															ltv_rfm_rescale5(scores[1], bins))];
	for (i = 0; i < cache->nrules; i++)
	{
		const RfmRule *rule = &cache->rules[i];
		int			d;

		for (d = 0; d < RFM_DIMS; d++)
			if (scores[d] < rule->min[d] || scores[d] > rule->max[d])
				break;
		if (d == RFM_DIMS)
			return rule->segment;
	}
	return NULL;
}

static Datum
score(FunctionCallInfo fcinfo, const RfmKind *kinds)
{
	RfmScoreCache *cache;
	Datum		values[6];
	bool		nulls[6] = {false};
	int			scores[RFM_DIMS];
	bool		complete = true;
	int			d;

	if (PG_ARGISNULL(ARG_THRESHOLDS))
		PG_RETURN_NULL();
	cache = get_cache(fcinfo);
	refresh_cache(fcinfo, cache);

	for (d = 0; d < RFM_DIMS; d++)
	{
		double		v;

		if (PG_ARGISNULL(d) || !cache->cuts.present[d])
		{
			nulls[d] = true;
			complete = false;
			continue;
		}
		v = rfm_arg_value(fcinfo, d, d, kinds[d]);
		scores[d] = d == RFM_RECENCY ?
			ltv_rfm_score_down(v, cache->cuts.cuts[d], cache->cuts.bins) :
			ltv_rfm_score_up(v, cache->cuts.cuts[d], cache->cuts.bins);
		values[d] = Int32GetDatum(scores[d]);
	}

	if (complete)
	{
		char		code[LTV_RFM_CODE_LEN];
		static const double equal[RFM_DIMS] = {1, 1, 1};
		text	   *segment;

		ltv_rfm_code(scores[0], scores[1], scores[2], cache->cuts.bins, code);
		values[3] = PointerGetDatum(cstring_to_text(code));
		segment = segment_of(cache, scores);
		nulls[4] = segment == NULL;
		values[4] = PointerGetDatum(segment);
		values[5] = Float8GetDatum(ltv_rfm_combined(scores[0], scores[1], scores[2],
													cache->weights_given ? cache->weights : equal));
	}
	else
		nulls[3] = nulls[4] = nulls[5] = true;

	return HeapTupleGetDatum(heap_form_tuple(cache->result_desc, values, nulls));
}

/*
 * One entry point per combination of argument types, as for rfm_state_add;
 * the first four are the symbols of ltv--1.0.sql.
 */
#define RFM_SCORE_ENTRY(name, r, f, m) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	static const RfmKind kinds[RFM_DIMS] = {r, f, m}; \
	return score(fcinfo, kinds); \
}

RFM_SCORE_ENTRY(rfm_score_float8, RFM_FLOAT8, RFM_FLOAT8, RFM_FLOAT8)
RFM_SCORE_ENTRY(rfm_score_interval, RFM_INTERVAL, RFM_FLOAT8, RFM_FLOAT8)
RFM_SCORE_ENTRY(rfm_score_numeric, RFM_FLOAT8, RFM_FLOAT8, RFM_NUMERIC)
RFM_SCORE_ENTRY(rfm_score_interval_numeric, RFM_INTERVAL, RFM_FLOAT8, RFM_NUMERIC)
RFM_SCORE_ENTRY(rfm_score_fnf, RFM_FLOAT8, RFM_NUMERIC, RFM_FLOAT8)
RFM_SCORE_ENTRY(rfm_score_fnn, RFM_FLOAT8, RFM_NUMERIC, RFM_NUMERIC)
RFM_SCORE_ENTRY(rfm_score_inf, RFM_INTERVAL, RFM_NUMERIC, RFM_FLOAT8)
RFM_SCORE_ENTRY(rfm_score_inn, RFM_INTERVAL, RFM_NUMERIC, RFM_NUMERIC)
RFM_SCORE_ENTRY(rfm_score_nff, RFM_NUMERIC, RFM_FLOAT8, RFM_FLOAT8)
RFM_SCORE_ENTRY(rfm_score_nfn, RFM_NUMERIC, RFM_FLOAT8, RFM_NUMERIC)
RFM_SCORE_ENTRY(rfm_score_nnf, RFM_NUMERIC, RFM_NUMERIC, RFM_FLOAT8)
RFM_SCORE_ENTRY(rfm_score_nnn, RFM_NUMERIC, RFM_NUMERIC, RFM_NUMERIC)
