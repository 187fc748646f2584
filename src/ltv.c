/*
 * ltv.c: the module's one PG_MODULE_MAGIC.  Each SQL family has its own file.
 */
#include "postgres.h"

#include "fmgr.h"

PG_MODULE_MAGIC;
