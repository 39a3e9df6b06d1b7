/*
 * belopp_arith.c -- arithmetic, comparison and hashing of belopp.
 *
 * Sums and differences are exact and raise 22003 instead of wrapping.
 * Multiplying or dividing by a number gives whole öre, rounded half away from
 * zero, the way a controller rounds by hand.
 */
#include "postgres.h"

#include "belopp.h"
#include "belopp_core.h"

#include "common/int.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

/* belopp + belopp */
PG_FUNCTION_INFO_V1(belopp_pl);
Datum
belopp_pl(PG_FUNCTION_ARGS)
{
	Belopp		result;

	if (pg_add_s64_overflow(PG_GETARG_BELOPP(0), PG_GETARG_BELOPP(1), &result))
		belopp_out_of_range();
	PG_RETURN_BELOPP(result);
}

/* belopp - belopp */
PG_FUNCTION_INFO_V1(belopp_mi);
Datum
belopp_mi(PG_FUNCTION_ARGS)
{
	Belopp		result;

	if (pg_sub_s64_overflow(PG_GETARG_BELOPP(0), PG_GETARG_BELOPP(1), &result))
		belopp_out_of_range();
	PG_RETURN_BELOPP(result);
}

/* - belopp */
PG_FUNCTION_INFO_V1(belopp_um);
Datum
belopp_um(PG_FUNCTION_ARGS)
{
	Belopp		a = PG_GETARG_BELOPP(0);

	if (a == PG_INT64_MIN)
		belopp_out_of_range();
	PG_RETURN_BELOPP(-a);
}

/* abs(belopp) */
PG_FUNCTION_INFO_V1(belopp_abs);
Datum
belopp_abs(PG_FUNCTION_ARGS)
{
	Belopp		a = PG_GETARG_BELOPP(0);

	if (a == PG_INT64_MIN)
		belopp_out_of_range();
	PG_RETURN_BELOPP(a < 0 ? -a : a);
}

/* Multiply öre by a whole number, raising 22003 on overflow. */
static Belopp
mul_int(Belopp a, int64 b)
{
	Belopp		result;

	if (pg_mul_s64_overflow(a, b, &result))
		belopp_out_of_range();
	return result;
}

/* Divide öre by a whole number, rounding half away from zero. */
static Belopp
div_int(Belopp a, int64 b)
{
	int64		result;

	if (b == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DIVISION_BY_ZERO),
				 errmsg("division by zero")));
	if (belopp_div_round((__int128) a, (__int128) b, &result) != 0)
		belopp_out_of_range();
	return result;
}

/* belopp * bigint */
PG_FUNCTION_INFO_V1(belopp_mul_int8);
Datum
belopp_mul_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_int(PG_GETARG_BELOPP(0), PG_GETARG_INT64(1)));
}

/* bigint * belopp */
PG_FUNCTION_INFO_V1(int8_mul_belopp);
Datum
int8_mul_belopp(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_int(PG_GETARG_BELOPP(1), PG_GETARG_INT64(0)));
}

/* belopp * integer */
PG_FUNCTION_INFO_V1(belopp_mul_int4);
Datum
belopp_mul_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_int(PG_GETARG_BELOPP(0), PG_GETARG_INT32(1)));
}

/* integer * belopp */
PG_FUNCTION_INFO_V1(int4_mul_belopp);
Datum
int4_mul_belopp(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_int(PG_GETARG_BELOPP(1), PG_GETARG_INT32(0)));
}

/* belopp * smallint */
PG_FUNCTION_INFO_V1(belopp_mul_int2);
Datum
belopp_mul_int2(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_int(PG_GETARG_BELOPP(0), PG_GETARG_INT16(1)));
}

/* smallint * belopp */
PG_FUNCTION_INFO_V1(int2_mul_belopp);
Datum
int2_mul_belopp(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_int(PG_GETARG_BELOPP(1), PG_GETARG_INT16(0)));
}

/* belopp / smallint, rounded half away from zero to whole öre */
PG_FUNCTION_INFO_V1(belopp_div_int2);
Datum
belopp_div_int2(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(div_int(PG_GETARG_BELOPP(0), PG_GETARG_INT16(1)));
}

/* belopp / bigint, rounded half away from zero to whole öre */
PG_FUNCTION_INFO_V1(belopp_div_int8);
Datum
belopp_div_int8(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(div_int(PG_GETARG_BELOPP(0), PG_GETARG_INT64(1)));
}

/* belopp / integer, rounded half away from zero to whole öre */
PG_FUNCTION_INFO_V1(belopp_div_int4);
Datum
belopp_div_int4(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(div_int(PG_GETARG_BELOPP(0), PG_GETARG_INT32(1)));
}

/* A numeric holding whole öre (after rounding) as a belopp, or 22003. */
static Belopp
ore_numeric_to_belopp(Datum ore)
{
	static Numeric lo = NULL;
	static Numeric hi = NULL;

	if (lo == NULL)
	{
		/* the bounds live for the backend's lifetime */
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		lo = int64_to_numeric(PG_INT64_MIN);
		hi = int64_to_numeric(PG_INT64_MAX);
		MemoryContextSwitchTo(old);
	}
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, ore, NumericGetDatum(lo))) < 0 ||
		DatumGetInt32(DirectFunctionCall2(numeric_cmp, ore, NumericGetDatum(hi))) > 0)
		belopp_out_of_range();
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, ore));
}

/* Reject NaN and infinity as a factor or divisor of an amount. */
static void
check_finite(Datum num, const char *op)
{
	Numeric		n = DatumGetNumeric(num);

	if (numeric_is_nan(n) || numeric_is_inf(n))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cannot %s a belopp by %s", op,
						numeric_is_nan(n) ? "NaN" : "infinity")));
}

/* Multiply öre by a numeric, rounding the exact product half away from zero. */
static Belopp
mul_numeric(Belopp a, Datum factor)
{
	Datum		product;

	check_finite(factor, "multiply");
	product = DirectFunctionCall2(numeric_mul,
								  NumericGetDatum(int64_to_numeric(a)), factor);
	product = DirectFunctionCall2(numeric_round, product, Int32GetDatum(0));
	return ore_numeric_to_belopp(product);
}

/* belopp * numeric */
PG_FUNCTION_INFO_V1(belopp_mul_numeric);
Datum
belopp_mul_numeric(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_numeric(PG_GETARG_BELOPP(0), PG_GETARG_DATUM(1)));
}

/* numeric * belopp */
PG_FUNCTION_INFO_V1(numeric_mul_belopp);
Datum
numeric_mul_belopp(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(mul_numeric(PG_GETARG_BELOPP(1), PG_GETARG_DATUM(0)));
}

/*
 * belopp / numeric, rounded half away from zero to whole öre.  The quotient
 * is taken as an exact integer quotient and remainder, so the rounding never
 * depends on how many digits a numeric division would keep.
 */
PG_FUNCTION_INFO_V1(belopp_div_numeric);
Datum
belopp_div_numeric(PG_FUNCTION_ARGS)
{
	Datum		num = NumericGetDatum(int64_to_numeric(PG_GETARG_BELOPP(0)));
	Datum		den = PG_GETARG_DATUM(1);
	Datum		quot;
	Datum		rem;
	Datum		twice_rem;
	Datum		zero = NumericGetDatum(int64_to_numeric(0));
	int			rem_sign;
	int			den_sign;

	check_finite(den, "divide");
	/* div() and mod() raise 22012 for a zero divisor */
	quot = DirectFunctionCall2(numeric_div_trunc, num, den);
	rem = DirectFunctionCall2(numeric_mod, num, den);
	rem_sign = DatumGetInt32(DirectFunctionCall2(numeric_cmp, rem, zero));
	if (rem_sign != 0)
	{
		den_sign = DatumGetInt32(DirectFunctionCall2(numeric_cmp, den, zero));
		twice_rem = DirectFunctionCall1(numeric_abs,
										DirectFunctionCall2(numeric_add, rem, rem));
		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, twice_rem,
											  DirectFunctionCall1(numeric_abs, den))) >= 0)
			quot = DirectFunctionCall2(numeric_add, quot,
									   NumericGetDatum(int64_to_numeric(rem_sign * den_sign)));
	}
	PG_RETURN_BELOPP(ore_numeric_to_belopp(quot));
}

/*
 * belopp * belopp has no meaning (kronor squared).  Without this operator the
 * implicit cast to numeric would make the parser report an ambiguity; with
 * it the user is told plainly what to write instead.
 */
PG_FUNCTION_INFO_V1(belopp_mul_belopp);
Datum
belopp_mul_belopp(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_UNDEFINED_FUNCTION),
			 errmsg("cannot multiply belopp by belopp"),
			 errhint("Multiply an amount by a number, or divide two amounts (belopp / belopp) for their ratio.")));
	PG_RETURN_NULL();			/* keep the compiler quiet */
}

/* belopp / belopp: the ratio of two amounts, as numeric */
PG_FUNCTION_INFO_V1(belopp_div_belopp);
Datum
belopp_div_belopp(PG_FUNCTION_ARGS)
{
	Belopp		b = PG_GETARG_BELOPP(1);

	if (b == 0)
		ereport(ERROR,
				(errcode(ERRCODE_DIVISION_BY_ZERO),
				 errmsg("division by zero")));
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										NumericGetDatum(int64_to_numeric(PG_GETARG_BELOPP(0))),
										NumericGetDatum(int64_to_numeric(b))));
}

/* Comparison functions behind the operators and the btree opclass. */
#define BELOPP_CMP_FUNC(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_BELOPP(0) op PG_GETARG_BELOPP(1)); \
}

BELOPP_CMP_FUNC(belopp_eq, ==)
BELOPP_CMP_FUNC(belopp_ne, !=)
BELOPP_CMP_FUNC(belopp_lt, <)
BELOPP_CMP_FUNC(belopp_le, <=)
BELOPP_CMP_FUNC(belopp_gt, >)
BELOPP_CMP_FUNC(belopp_ge, >=)

/* btree support 1: three-way comparison */
PG_FUNCTION_INFO_V1(belopp_cmp);
Datum
belopp_cmp(PG_FUNCTION_ARGS)
{
	Belopp		a = PG_GETARG_BELOPP(0);
	Belopp		b = PG_GETARG_BELOPP(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

/* btree support 2: sort support, the same fast comparator bigint uses */
PG_FUNCTION_INFO_V1(belopp_sortsupport);
Datum
belopp_sortsupport(PG_FUNCTION_ARGS)
{
	return btint8sortsupport(fcinfo);
}

/* hash support 1: the same hash as bigint, so equal öre hash equally */
PG_FUNCTION_INFO_V1(belopp_hash);
Datum
belopp_hash(PG_FUNCTION_ARGS)
{
	return hashint8(fcinfo);
}

/* hash support 2: seeded 64-bit hash, for hash partitioning */
PG_FUNCTION_INFO_V1(belopp_hash_extended);
Datum
belopp_hash_extended(PG_FUNCTION_ARGS)
{
	return hashint8extended(fcinfo);
}

/* The smaller of two amounts (min aggregate). */
PG_FUNCTION_INFO_V1(belopp_smaller);
Datum
belopp_smaller(PG_FUNCTION_ARGS)
{
	Belopp		a = PG_GETARG_BELOPP(0);
	Belopp		b = PG_GETARG_BELOPP(1);

	PG_RETURN_BELOPP(a < b ? a : b);
}

/* The larger of two amounts (max aggregate). */
PG_FUNCTION_INFO_V1(belopp_larger);
Datum
belopp_larger(PG_FUNCTION_ARGS)
{
	Belopp		a = PG_GETARG_BELOPP(0);
	Belopp		b = PG_GETARG_BELOPP(1);

	PG_RETURN_BELOPP(a > b ? a : b);
}
