/*
 * compat.h: differences between the PostgreSQL versions ltv supports (13 to 17).
 */
#ifndef LTV_COMPAT_H
#define LTV_COMPAT_H

#include "postgres.h"
#include "datatype/timestamp.h"

#if PG_VERSION_NUM < 130000
#error "ltv needs PostgreSQL 13 or later"
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
