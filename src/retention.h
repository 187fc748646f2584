/*
 * retention.h: PostgreSQL glue shared by the retention family
 * (retention_activity.c, retention_curve.c, retention_orders.c).
 */
#ifndef LTV_RETENTION_H
#define LTV_RETENTION_H

#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"

#include "core/retention.h"
#include "ltv_time.h"

#define RETENTION_FORMAT_VERSION 1

/* how the times were read: wall clock (date, timestamp) or UTC (timestamptz) */
#define RETENTION_KIND_LOCAL 0
#define RETENTION_KIND_UTC 1

/* the period grid every value carries, so values on different grids are never mixed */
typedef struct RetentionGrid
{
	uint8		kind;
	LtvUnit		unit;
	int64		origin;
} RetentionGrid;

/*
 * retention_activity: one customer's activity (varlena, 8-byte aligned).
 * words[] holds nwords words (bit j: a purchase in period first + j; bit 0 set);
 * the datum may be longer than needed (capacity for in-place updates).
 */
typedef struct RetentionActivity
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;
	uint16		reserved;
	int32		months;
	int32		days;
	int64		usecs;
	int64		origin;
	int64		first;
	int32		nwords;
	int32		reserved2;
	uint64		words[FLEXIBLE_ARRAY_MEMBER];
} RetentionActivity;

#define RETENTION_ACTIVITY_HEADER offsetof(RetentionActivity, words)
#define RETENTION_ACTIVITY_CAPACITY(a) \
	((int64) ((VARSIZE(a) - RETENTION_ACTIVITY_HEADER) / sizeof(uint64)))
#define DatumGetRetentionActivity(d) ((RetentionActivity *) PG_DETOAST_DATUM(d))

extern RetentionActivity *retention_activity_new(const RetentionGrid *grid, int64 first,
												 int64 capacity_words);
extern void retention_activity_grid(const RetentionActivity *a, RetentionGrid *grid);
extern bool retention_grid_equal(const RetentionGrid *x, const RetentionGrid *y);
extern void retention_grid_check_same(const RetentionGrid *x, const RetentionGrid *y, const char *what);
extern char *retention_grid_describe(const RetentionGrid *grid);
extern void retention_grid_from_args(RetentionGrid *grid, Oid time_type, const Interval *period,
									 bool has_origin, Datum origin);
extern int64 retention_period_of(const RetentionGrid *grid, int64 ts);
extern int64 retention_start_of(const RetentionGrid *grid, int64 k);
extern bool retention_amount_is_activity(Datum amount);
extern LtvRetentionMode retention_mode_from_text(text *mode);
extern const char *retention_mode_name(LtvRetentionMode mode);
extern void retention_too_many_periods(void) ltv_noreturn;

/* the customer's activity, merged into words (caller checked the span) */
extern void retention_bits_merge(uint64 *words, int64 nwords, int64 first,
								 const uint64 *src, int64 src_words, int64 src_first);

#endif							/* LTV_RETENTION_H */
