/*
 * churn.h: the churn_curve type, the mergeable state of the churn_curve
 * aggregate: for each distinct duration, how many customers churned there and
 * how many were last seen active there (right-censored).
 *
 * In memory and on disk (a varlena, 8-byte aligned):
 *
 *     int32  varlena header
 *     uint8  format version (CHURN_CURVE_VERSION)
 *     uint8  flags (CHURN_CURVE_NORMALIZED: sorted by duration, one entry per duration)
 *     uint16 zero
 *     int32  number of entries used
 *     int32  zero
 *     ChurnEntry entries[capacity]     (capacity = room the varlena has; >= count)
 *
 * The aggregate's transition function appends unsorted entries and
 * normalizes (sorts and merges equal durations) when the buffer is full;
 * every value the aggregate returns, and every value read from text or
 * binary, is normalized and has no spare capacity.  The binary format (send/
 * recv) is: version byte, int32 count, then count times (float8 duration,
 * int8 churned, int8 censored), every field validated on receipt.
 */
#ifndef LTV_CHURN_H
#define LTV_CHURN_H

#include "postgres.h"

#include "fmgr.h"

#define CHURN_CURVE_VERSION 1
#define CHURN_CURVE_NORMALIZED 0x01

typedef struct ChurnEntry
{
	double		duration;
	int64		churned;
	int64		censored;
} ChurnEntry;

typedef struct ChurnCurve
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		reserved;
	int32		count;
	int32		reserved2;
	ChurnEntry	entries[FLEXIBLE_ARRAY_MEMBER];
} ChurnCurve;

#define CHURN_CURVE_HEADER_SIZE offsetof(ChurnCurve, entries)
#define CHURN_CURVE_MAX_ENTRIES ((int32) ((MaxAllocSize - CHURN_CURVE_HEADER_SIZE) / sizeof(ChurnEntry)))

/* a normalized churn_curve from a datum (a sorted copy when it was not) */
extern ChurnCurve *churn_curve_from_datum(Datum datum);

#endif							/* LTV_CHURN_H */
