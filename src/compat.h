/*
 * compat.h: differences between the PostgreSQL versions ltv supports (15 to 19).
 * Every source file that needs one of these includes this header right after
 * postgres.h; nothing else in src/ tests PG_VERSION_NUM.
 */
#ifndef LTV_COMPAT_H
#define LTV_COMPAT_H

#include "postgres.h"
#include "datatype/timestamp.h"

#if PG_VERSION_NUM < 150000
#error "ltv supports PostgreSQL 15 to 19; 13 and 14 are end of life (the PostgreSQL project supports 15 to 19 at the end of 2026)"
#endif

/* PostgreSQL 16 moved the varlena macros (VARSIZE, SET_VARSIZE, VARDATA_ANY) out of postgres.h */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/* PostgreSQL 17 added infinite intervals */
#if PG_VERSION_NUM >= 170000
#define LTV_INTERVAL_NOT_FINITE(i) INTERVAL_NOT_FINITE(i)
#else
#define LTV_INTERVAL_NOT_FINITE(i) false
#endif

/* PostgreSQL 18 replaced pg_attribute_noreturn() by a pg_noreturn prefix */
#ifdef pg_attribute_noreturn
#define ltv_noreturn pg_attribute_noreturn()
#else
#define ltv_noreturn
#endif

/* PostgreSQL 16 renamed force_parallel_mode to debug_parallel_query (only tests care) */

#endif							/* LTV_COMPAT_H */
