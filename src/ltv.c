/*
 * ltv.c: the module's one PG_MODULE_MAGIC and _PG_init.  Each SQL family has
 * its own file.
 */
#include "postgres.h"

#include "fmgr.h"
#include "miscadmin.h"

#include "core/codec.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* src/core's long loops check for interrupts through this (core/codec.h) */
static void
ltv_check_for_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

void
_PG_init(void)
{
	ltv_interrupt_hook = ltv_check_for_interrupts;
}
