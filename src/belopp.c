/*
 * belopp.c -- the belopp type: text and binary I/O, casts and presentation.
 *
 * A belopp is an exact amount of Swedish kronor held as an int64 count of
 * öre.  Parsing and formatting are done by the pure-C belopp_core.c (the
 * number itself by tal_core.c, which the table reader and the spreading
 * weights share); this file adapts them to PostgreSQL's calling convention
 * and error reporting.  A numeric enters the core as its digits and scale,
 * not as text.
 */
#include "postgres.h"

#ifndef HAVE_INT128
#error "kommunrapport needs PostgreSQL's 128-bit integer type (HAVE_INT128)"
#endif

#include "belopp.h"
#include "belopp_core.h"

#include "common/int.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

PG_MODULE_MAGIC;

void
belopp_out_of_range(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("belopp out of range"),
			 errdetail("A belopp holds whole öre from -92233720368547758.08 to 92233720368547758.07 kr.")));
}

/*
 * Raise the error of a failed parse: 22P02 or 22003 with the core's
 * explanation; shown is the input as the message quotes it.
 */
static void
belopp_parse_error(BeloppParseResult r, const char *shown, const char *why)
{
	if (r == BELOPP_RANGE)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value \"%s\" is out of range for type belopp", shown),
				 errdetail("A belopp holds whole öre from -92233720368547758.08 to 92233720368547758.07 kr.")));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type belopp: \"%s\"", shown),
			 errdetail("%s", why)));
}

/* Parse text as a belopp, raising 22P02 or 22003 with the core's explanation. */
static Belopp
belopp_parse_or_error(const char *s, size_t len)
{
	int64		ore;
	char		why[BELOPP_ERRMSG_LEN];
	BeloppParseResult r = belopp_parse(s, len, &ore, why);

	if (r != BELOPP_OK)
		belopp_parse_error(r, s, why);
	return ore;
}

/* Text input: every form reports and ERP exports print, see belopp_core.c. */
PG_FUNCTION_INFO_V1(belopp_in);
Datum
belopp_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);
	int64		ore;

	/* the plain form, read without measuring the string first */
	if (belopp_parse_plain(s, &ore))
		PG_RETURN_BELOPP(ore);
	PG_RETURN_BELOPP(belopp_parse_or_error(s, strlen(s)));
}

/* Text output: the canonical, locale-independent form "-5943.00". */
PG_FUNCTION_INFO_V1(belopp_out);
Datum
belopp_out(PG_FUNCTION_ARGS)
{
	Belopp		ore = PG_GETARG_BELOPP(0);
	char	   *buf = palloc(BELOPP_CANON_LEN);

	belopp_format(ore, buf);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary input: a big-endian int64 of öre.  Every int64 is a valid belopp, so
 * the only check is that the message holds exactly eight bytes.
 */
PG_FUNCTION_INFO_V1(belopp_recv);
Datum
belopp_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);

	PG_RETURN_BELOPP(pq_getmsgint64(buf));
}

/* Binary output: a big-endian int64 of öre. */
PG_FUNCTION_INFO_V1(belopp_send);
Datum
belopp_send(PG_FUNCTION_ARGS)
{
	Belopp		ore = PG_GETARG_BELOPP(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, ore);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* A numeric as the number the cores read (belopp.h). */
void
numeric_tal(Datum num, TalTal *t)
{
	bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send, num));

	if (tal_from_numeric_send((const unsigned char *) VARDATA_ANY(b),
							  VARSIZE_ANY_EXHDR(b), t) != 0)
		elog(ERROR, "unexpected binary form of numeric");
}

Belopp
belopp_from_numeric_datum(Datum num)
{
	Numeric		n = DatumGetNumeric(num);
	TalTal		t;
	int64		ore;
	char		why[BELOPP_ERRMSG_LEN];
	BeloppParseResult r;

	if (numeric_is_nan(n) || numeric_is_inf(n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cannot convert %s to belopp",
						numeric_is_nan(n) ? "NaN" : "infinity")));
	numeric_tal(num, &t);
	r = belopp_from_tal(&t, 2, &ore, why);
	if (r != BELOPP_OK)
		belopp_parse_error(r, DatumGetCString(DirectFunctionCall1(numeric_out, num)), why);
	return ore;
}

Datum
belopp_to_numeric_datum(Belopp ore)
{
	return NumericGetDatum(int64_div_fast_to_numeric(ore, 2));
}

/* Cast numeric (kronor) to belopp; fractions of an öre are an error. */
PG_FUNCTION_INFO_V1(belopp_from_numeric);
Datum
belopp_from_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(belopp_from_numeric_datum(PG_GETARG_DATUM(0)));
}

/* Cast belopp to numeric kronor with two decimals. */
PG_FUNCTION_INFO_V1(belopp_to_numeric);
Datum
belopp_to_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATUM(belopp_to_numeric_datum(PG_GETARG_BELOPP(0)));
}

/* Cast bigint (whole kronor) to belopp. */
PG_FUNCTION_INFO_V1(belopp_from_int8);
Datum
belopp_from_int8(PG_FUNCTION_ARGS)
{
	int64		kr = PG_GETARG_INT64(0);
	int64		ore;

	if (pg_mul_s64_overflow(kr, 100, &ore))
		belopp_out_of_range();
	PG_RETURN_BELOPP(ore);
}

/* Cast integer (whole kronor) to belopp; always fits. */
PG_FUNCTION_INFO_V1(belopp_from_int4);
Datum
belopp_from_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP((int64) PG_GETARG_INT32(0) * 100);
}

/* Cast smallint (whole kronor) to belopp; always fits. */
PG_FUNCTION_INFO_V1(belopp_from_int2);
Datum
belopp_from_int2(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP((int64) PG_GETARG_INT16(0) * 100);
}

int
belopp_unit_exp_or_error(text *unit)
{
	int			exp = belopp_unit_exp(VARDATA_ANY(unit), VARSIZE_ANY_EXHDR(unit));

	if (exp < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown unit \"%s\"", text_to_cstring(unit)),
				 errhint("The units are kr, sek, tkr, mnkr, mkr and mdkr.")));
	return exp;
}

/* Check a presentation's number of decimals, raising 22023 when unusable. */
static void
check_decimals(int32 decimals)
{
	if (decimals < 0 || decimals > BELOPP_MAX_DECIMALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of decimals %d is out of range", decimals),
				 errdetail("The number of decimals must be between 0 and %d.",
						   BELOPP_MAX_DECIMALS)));
}

/*
 * visa(belopp, enhet, decimaler): the Swedish presentation, e.g. "-1 074,0"
 * for -1 074 000 000 kr in mnkr with one decimal.  NULL decimals: exact.
 */
PG_FUNCTION_INFO_V1(belopp_visa_text);
Datum
belopp_visa_text(PG_FUNCTION_ARGS)
{
	Belopp		ore;
	int			exp;
	int32		decimals = -1;
	char		buf[BELOPP_VISA_LEN];

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	ore = PG_GETARG_BELOPP(0);
	exp = belopp_unit_exp_or_error(PG_GETARG_TEXT_PP(1));
	if (!PG_ARGISNULL(2))
	{
		decimals = PG_GETARG_INT32(2);
		check_decimals(decimals);
	}
	belopp_visa(ore, exp, decimals, buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

/*
 * avrunda(belopp, enhet, decimaler): the amount in a unit, rounded half away
 * from zero, as numeric (e.g. 657 for 656 512 345 kr in mnkr).
 */
PG_FUNCTION_INFO_V1(belopp_avrunda);
Datum
belopp_avrunda(PG_FUNCTION_ARGS)
{
	Belopp		ore = PG_GETARG_BELOPP(0);
	int			exp = belopp_unit_exp_or_error(PG_GETARG_TEXT_PP(1));
	int32		decimals = PG_GETARG_INT32(2);
	int64		scaled;

	check_decimals(decimals);
	if (decimals >= exp)
		PG_RETURN_DATUM(DirectFunctionCall2(numeric_round,
											NumericGetDatum(int64_div_fast_to_numeric(ore, exp)),
											Int32GetDatum(decimals)));
	/* fewer decimals than the unit has öre digits: round in integers */
	scaled = (int64) belopp_round_pow10((int128) ore, exp - decimals);
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(scaled, decimals));
}
