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

/* format version of retention_curve */
#define RETENTION_FORMAT_VERSION 1
/* format version of retention_activity (2: zero-amount periods before the first purchase are kept) */
#define RETENTION_ACTIVITY_VERSION 2
/* lead of an activity without a purchase yet */
#define RETENTION_NO_PURCHASE (-1)

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
 * words[] holds nwords words; bit j: an order with amount >= 0 in period
 * start + j (bit 0 set).  lead: the first purchase (amount > 0) is in period
 * start + lead (bit lead set), or RETENTION_NO_PURCHASE when there is none yet
 * (zero-amount orders only).  Bits below lead are zero-amount orders before
 * the first purchase: not activity, kept so that unions stay exact.  The
 * datum may be longer than needed (capacity for in-place updates).
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
	int64		start;
	int32		nwords;
	int32		lead;
	uint64		words[FLEXIBLE_ARRAY_MEMBER];
} RetentionActivity;

#define RETENTION_ACTIVITY_HEADER offsetof(RetentionActivity, words)
#define RETENTION_ACTIVITY_CAPACITY(a) \
	((int64) ((VARSIZE(a) - RETENTION_ACTIVITY_HEADER) / sizeof(uint64)))
#define DatumGetRetentionActivity(d) ((RetentionActivity *) PG_DETOAST_DATUM(d))

extern RetentionActivity *retention_activity_new(const RetentionGrid *grid, int64 start,
												 int64 capacity_words);
extern void retention_activity_grid(const RetentionActivity *a, RetentionGrid *grid);
extern bool retention_grid_equal(const RetentionGrid *x, const RetentionGrid *y);
extern void retention_grid_check_same(const RetentionGrid *x, const RetentionGrid *y, const char *what);
extern char *retention_grid_describe(const RetentionGrid *grid);
extern void retention_grid_from_args(RetentionGrid *grid, Oid time_type, const Interval *period,
									 bool has_origin, Datum origin);
extern int64 retention_period_of(const RetentionGrid *grid, int64 ts);
extern int64 retention_start_of(const RetentionGrid *grid, int64 k);
/* what an order is: by the sign of its amount */
typedef enum RetentionOrderKind
{
	RETENTION_REFUND,			/* amount < 0: never activity */
	RETENTION_ZERO,				/* amount = 0: activity from the first purchase on */
	RETENTION_PURCHASE			/* amount > 0: activity, and may start the cohort */
} RetentionOrderKind;

extern RetentionOrderKind retention_order_kind(Datum amount, Oid type);
/* the first purchase of (start, lead) and (src_start, src_lead) together; RETENTION_NO_PURCHASE-aware */
extern int32 retention_union_lead(int64 start, int32 lead, int64 src_start, int32 src_lead,
								  int64 union_start);
extern LtvRetentionMode retention_mode_from_text(text *mode);
extern const char *retention_mode_name(LtvRetentionMode mode);
extern void retention_too_many_periods(void) ltv_noreturn;

/* the customer's bits anchored at src_start, merged into words anchored at start (caller checked the span) */
extern void retention_bits_merge(uint64 *words, int64 nwords, int64 start,
								 const uint64 *src, int64 src_words, int64 src_start);

#endif							/* LTV_RETENTION_H */
