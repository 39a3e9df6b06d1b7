/*
 * belopp.h -- the belopp type's Datum conventions, shared by the C files that
 * take or return amounts.
 */
#ifndef KR_BELOPP_H
#define KR_BELOPP_H

#include "postgres.h"
#include "fmgr.h"

/* A belopp is an int64 count of öre, passed by value. */
typedef int64 Belopp;

#define DatumGetBelopp(X)		((Belopp) DatumGetInt64(X))
#define BeloppGetDatum(X)		Int64GetDatum((int64) (X))
#define PG_GETARG_BELOPP(n)		DatumGetBelopp(PG_GETARG_DATUM(n))
#define PG_RETURN_BELOPP(x)		return BeloppGetDatum(x)

/* Raise 22003 for an amount that does not fit; never returns. */
extern void belopp_out_of_range(void) pg_attribute_noreturn();

/* Convert a numeric Datum holding kronor to öre, exactly or with an error. */
extern Belopp belopp_from_numeric_datum(Datum num);

/* Convert öre to a numeric Datum holding kronor (scale 2). */
extern Datum belopp_to_numeric_datum(Belopp ore);

/*
 * A numeric as the number the pure-C cores read (tal_core.h): its decimal
 * digits and scale, taken from numeric's own binary form, never from its text.
 */
struct TalTal;
extern void numeric_tal(Datum num, struct TalTal *t);

/* Look up a unit name given as text, raising 22023 for an unknown one. */
extern int	belopp_unit_exp_or_error(text *unit);

#endif							/* KR_BELOPP_H */
