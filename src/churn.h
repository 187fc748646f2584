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
 *     int32  capacity (0 in stored values, where it equals count)
 *     ChurnEntry entries[capacity]
 *     int32  hash slots[2 * capacity]  (transition states only, flag CHURN_CURVE_HASHED)
 *
 * The aggregate's transition state keeps one entry per distinct duration, in
 * arrival order, found through an open-addressing hash table that lives in the
 * same varlena (so that the executor's datumCopy keeps it whole); it grows by
 * doubling into a new datum.  When nearly every customer has a duration of
 * its own, the state switches to one 8-byte key per customer (the duration's
 * bits shifted left, the churned flag in bit 0: non-negative doubles order as
 * their bits), sorted and merged into entries once at the end.  A parallel
 * worker ships such a state with its keys sorted (CHURN_CURVE_SORTED, in
 * memory only: never stored, every reader turns it into entries); the
 * leader keeps the workers' keys as sorted runs and its final function
 * merges them into entries in one pass (churn_curve.c).  Every value the aggregate returns, and every
 * value read from text or binary, is normalized (sorted by duration) and has
 * neither spare capacity nor hash slots.  The binary format (send/
 * recv) is: version byte, int32 count, then count times (float8 duration,
 * int8 churned, int8 censored), every field validated on receipt.
 */
#ifndef LTV_CHURN_H
#define LTV_CHURN_H

#include "postgres.h"

#include "fmgr.h"

#define CHURN_CURVE_VERSION 1
#define CHURN_CURVE_NORMALIZED 0x01
#define CHURN_CURVE_HASHED 0x02		/* a transition state: hash slots follow the entries */
#define CHURN_CURVE_KEYS 0x04		/* a transition state of one uint64 key per customer */
#define CHURN_CURVE_NO_MERGE 0x08	/* an append-mode transition state that no longer merges when full */
#define CHURN_CURVE_SORTED 0x10		/* with CHURN_CURVE_KEYS: the keys ascend (a flattened partial state) */

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
	int32		capacity;		/* transition states only; 0 in stored values */
	ChurnEntry	entries[FLEXIBLE_ARRAY_MEMBER];
} ChurnCurve;

#define CHURN_CURVE_HEADER_SIZE offsetof(ChurnCurve, entries)
#define CHURN_CURVE_MAX_ENTRIES ((int32) ((MaxAllocSize - CHURN_CURVE_HEADER_SIZE) / sizeof(ChurnEntry)))

/* a normalized churn_curve from a datum (a sorted copy when it was not) */
extern ChurnCurve *churn_curve_from_datum(Datum datum);

#endif							/* LTV_CHURN_H */
