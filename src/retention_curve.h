/*
 * retention_curve.h: the retention_curve state type (level-2 retention),
 * shared with the one-shot aggregates over orders.
 */
#ifndef LTV_RETENTION_CURVE_H
#define LTV_RETENTION_CURVE_H

#include "retention.h"

/*
 * counts[] holds by_offset[0 .. capacity) then hits[0 .. capacity); the
 * first n of each are meaningful.
 */
typedef struct RetentionCurve
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;
	uint8		mode;
	uint8		reserved;
	int32		months;
	int32		days;
	int64		usecs;
	int64		origin;
	int64		as_of;
	int64		a;				/* the period of as_of */
	int64		n;
	int64		capacity;
	int64		counts[FLEXIBLE_ARRAY_MEMBER];
} RetentionCurve;

#define RETENTION_CURVE_HEADER offsetof(RetentionCurve, counts)
#define RETENTION_CURVE_BY_OFFSET(c) ((c)->counts)
#define RETENTION_CURVE_HITS(c) ((c)->counts + (c)->capacity)
#define DatumGetRetentionCurve(d) ((RetentionCurve *) PG_DETOAST_DATUM(d))

extern RetentionCurve *retention_curve_new(const RetentionGrid *grid, int64 as_of, int64 a,
										   LtvRetentionMode mode, int64 capacity);
extern RetentionCurve *retention_curve_add(RetentionCurve *c, int64 first, const uint64 *words,
										   int64 nwords, int64 lead);
extern void retention_curve_too_long(int64 n) ltv_noreturn;
extern Datum retention_points_array(FunctionCallInfo fcinfo, const int64 *by_offset,
									const int64 *hits, int64 n, LtvRetentionMode mode);

#endif							/* LTV_RETENTION_CURVE_H */
