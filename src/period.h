/*
 * period.h -- the period type's Datum conventions.
 */
#ifndef KR_PERIOD_H
#define KR_PERIOD_H

#include "postgres.h"
#include "fmgr.h"

#include "period_core.h"

/* A period is an int32 packed by period_pack(), passed by value. */
#define PG_GETARG_PERIOD(n)		period_unpack(PG_GETARG_INT32(n))
#define PG_RETURN_PERIOD(p)		PG_RETURN_INT32(period_pack(p))

#endif							/* KR_PERIOD_H */
