/*
 * period.c -- the period type: an accumulated reporting period inside one
 * calendar year, with its I/O, accessors and operators.  Parsing and
 * formatting are done by the pure-C period_core.c.
 */
#include "postgres.h"

#include "period.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"

/* Text input: "2023-01..2023-05", "jan-maj 2023", "T1 2024", "helår 2023", ... */
PG_FUNCTION_INFO_V1(period_in);
Datum
period_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	PeriodParts p;
	char		why[PERIOD_ERRMSG_LEN];

	if (period_parse(s, strlen(s), &p, why) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type period: \"%s\"", s),
				 errdetail("%s", why)));
	PG_RETURN_PERIOD(p);
}

/* Text output: the canonical "2023-01..2023-05". */
PG_FUNCTION_INFO_V1(period_out);
Datum
period_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(PERIOD_TEXT_LEN);

	period_format(PG_GETARG_PERIOD(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary input: the packed int32, checked as strictly as text input. */
PG_FUNCTION_INFO_V1(period_recv);
Datum
period_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		packed = pq_getmsgint(buf, 4);

	if (!period_valid(packed))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external period value %d", packed)));
	PG_RETURN_INT32(packed);
}

/* Binary output: the packed int32. */
PG_FUNCTION_INFO_V1(period_send);
Datum
period_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, PG_GETARG_INT32(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* visa(period): the Swedish presentation "jan–maj 2023". */
PG_FUNCTION_INFO_V1(period_visa_text);
Datum
period_visa_text(PG_FUNCTION_ARGS)
{
	char		buf[PERIOD_TEXT_LEN];

	period_visa(PG_GETARG_PERIOD(0), buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

/* ar(period): the year */
PG_FUNCTION_INFO_V1(period_ar);
Datum
period_ar(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_PERIOD(0).year);
}

/* forsta_manad(period): the first month, 1..12 */
PG_FUNCTION_INFO_V1(period_forsta_manad);
Datum
period_forsta_manad(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_PERIOD(0).first);
}

/* sista_manad(period): the last month, 1..12 */
PG_FUNCTION_INFO_V1(period_sista_manad);
Datum
period_sista_manad(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_PERIOD(0).last);
}

/* manader(period): how many months the period has */
PG_FUNCTION_INFO_V1(period_manader);
Datum
period_manader(PG_FUNCTION_ARGS)
{
	PeriodParts p = PG_GETARG_PERIOD(0);

	PG_RETURN_INT32(p.last - p.first + 1);
}

/* ackumulerad(period): January up to the period's last month */
PG_FUNCTION_INFO_V1(period_ackumulerad);
Datum
period_ackumulerad(PG_FUNCTION_ARGS)
{
	PeriodParts p = PG_GETARG_PERIOD(0);

	p.first = 1;
	PG_RETURN_PERIOD(p);
}

/* helar(integer): the whole year as a period */
PG_FUNCTION_INFO_V1(period_helar);
Datum
period_helar(PG_FUNCTION_ARGS)
{
	int32		year = PG_GETARG_INT32(0);
	PeriodParts p;

	if (year < PERIOD_MIN_YEAR || year > PERIOD_MAX_YEAR)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("year %d is out of range for type period", year),
				 errdetail("A period's year is between %d and %d.",
						   PERIOD_MIN_YEAR, PERIOD_MAX_YEAR)));
	p.year = year;
	p.first = 1;
	p.last = 12;
	PG_RETURN_PERIOD(p);
}

/* period(ar, forsta, sista): a period from its parts */
PG_FUNCTION_INFO_V1(period_make);
Datum
period_make(PG_FUNCTION_ARGS)
{
	PeriodParts p;

	p.year = PG_GETARG_INT32(0);
	p.first = PG_GETARG_INT32(1);
	p.last = PG_GETARG_INT32(2);
	if (p.year < PERIOD_MIN_YEAR || p.year > PERIOD_MAX_YEAR ||
		p.first < 1 || p.first > 12 || p.last < 1 || p.last > 12 || p.first > p.last)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("invalid period: year %d, months %d to %d", p.year, p.first, p.last),
				 errdetail("The year is between %d and %d, the months between 1 and 12, the first not after the last.",
						   PERIOD_MIN_YEAR, PERIOD_MAX_YEAR)));
	PG_RETURN_PERIOD(p);
}

/* Comparisons: by year, first month, last month (the packed order). */
#define PERIOD_CMP_FUNC(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_INT32(0) op PG_GETARG_INT32(1)); \
}

PERIOD_CMP_FUNC(period_eq, ==)
PERIOD_CMP_FUNC(period_ne, !=)
PERIOD_CMP_FUNC(period_lt, <)
PERIOD_CMP_FUNC(period_le, <=)
PERIOD_CMP_FUNC(period_gt, >)
PERIOD_CMP_FUNC(period_ge, >=)

/* btree support 1: three-way comparison */
PG_FUNCTION_INFO_V1(period_cmp);
Datum
period_cmp(PG_FUNCTION_ARGS)
{
	int32		a = PG_GETARG_INT32(0);
	int32		b = PG_GETARG_INT32(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/* hash support 1 and 2: the hashes of the packed int32 */
PG_FUNCTION_INFO_V1(period_hash);
Datum
period_hash(PG_FUNCTION_ARGS)
{
	return hashint4(fcinfo);
}

PG_FUNCTION_INFO_V1(period_hash_extended);
Datum
period_hash_extended(PG_FUNCTION_ARGS)
{
	return hashint4extended(fcinfo);
}

/* a @> b: a contains b (same year, b's months within a's) */
PG_FUNCTION_INFO_V1(period_contains);
Datum
period_contains(PG_FUNCTION_ARGS)
{
	PeriodParts a = PG_GETARG_PERIOD(0);
	PeriodParts b = PG_GETARG_PERIOD(1);

	PG_RETURN_BOOL(a.year == b.year && a.first <= b.first && b.last <= a.last);
}

/* a <@ b: a is contained in b */
PG_FUNCTION_INFO_V1(period_contained);
Datum
period_contained(PG_FUNCTION_ARGS)
{
	PeriodParts a = PG_GETARG_PERIOD(0);
	PeriodParts b = PG_GETARG_PERIOD(1);

	PG_RETURN_BOOL(a.year == b.year && b.first <= a.first && a.last <= b.last);
}
