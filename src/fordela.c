/*
 * fordela.c -- spreading (periodisering) of annual amounts over months, and
 * the run-rate forecast.  A profile is twelve non-negative monthly weights as
 * numeric[]; NULL means linear.  The arithmetic is in fordela_core.c.
 */
#include "postgres.h"

#ifndef HAVE_INT128
#error "kommunrapport needs PostgreSQL's 128-bit integer type (HAVE_INT128)"
#endif

#include "belopp.h"
#include "belopp_core.h"
#include "fordela_core.h"
#include "period.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

/*
 * The integer weights of the profile in argument argno: twelve ones when it
 * is NULL, otherwise the array checked and scaled (22023 when unusable).
 */
static void
profile_weights(FunctionCallInfo fcinfo, int argno, uint64_t weights[12])
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	TalTal		weight[12];
	char		why[FORDELA_ERRMSG_LEN];
	int			i;

	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
	{
		for (i = 0; i < 12; i++)
			weights[i] = 1;
		return;
	}
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(arr) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a spreading profile must be a one-dimensional array of 12 weights")));
	deconstruct_array(arr, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	if (n != 12)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a spreading profile has 12 monthly weights, not %d", n)));
	for (i = 0; i < 12; i++)
	{
		Numeric		num;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the weight of month %d in the spreading profile is NULL", i + 1)));
		num = DatumGetNumeric(elems[i]);
		if (numeric_is_nan(num) || numeric_is_inf(num))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the weight of month %d in the spreading profile is not finite", i + 1)));
		numeric_tal(elems[i], &weight[i]);
	}
	if (fordela_weights(weight, weights, why) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid spreading profile"),
				 errdetail("%s", why)));
}

/* Spread a whole over the twelve months of a profile; never fails. */
static void
spread(Belopp whole, const uint64_t weights[12], int64 parts[12])
{
	if (fordela_spread(whole, weights, parts) != 0)
		elog(ERROR, "spreading profile rejected after validation");
}

/*
 * fordela(helar, profil): the twelve monthly parts in whole öre that add up
 * exactly to the whole (largest remainder).
 */
PG_FUNCTION_INFO_V1(fordela);
Datum
fordela(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	uint64_t	weights[12];
	int64		parts[12];
	int			i;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	profile_weights(fcinfo, 1, weights);
	spread(PG_GETARG_BELOPP(0), weights, parts);

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < 12; i++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = Int32GetDatum(i + 1);
		values[1] = BeloppGetDatum(parts[i]);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/*
 * periodisera(helar, p, profil): the months of p from fordela(), summed, so
 * that adjacent periods add up exactly to their union.
 */
PG_FUNCTION_INFO_V1(periodisera);
Datum
periodisera(PG_FUNCTION_ARGS)
{
	uint64_t	weights[12];
	int64		parts[12];
	PeriodParts p;
	int64		sum = 0;
	int			m;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	p = PG_GETARG_PERIOD(1);
	profile_weights(fcinfo, 2, weights);
	spread(PG_GETARG_BELOPP(0), weights, parts);
	/* the parts of a sub-period have the whole's sign and no larger sum */
	for (m = p.first; m <= p.last; m++)
		sum += parts[m - 1];
	PG_RETURN_BELOPP(sum);
}

/*
 * trendprognos(utfall, p, profil): the run-rate full-year forecast, the
 * outcome of p divided by p's share of the profile, in whole öre rounded
 * half away from zero.
 */
PG_FUNCTION_INFO_V1(trendprognos);
Datum
trendprognos(PG_FUNCTION_ARGS)
{
	uint64_t	weights[12];
	PeriodParts p;
	int128		total = 0;
	int128		in_period = 0;
	int64		result;
	int			m;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	p = PG_GETARG_PERIOD(1);
	profile_weights(fcinfo, 2, weights);
	for (m = 1; m <= 12; m++)
	{
		total += weights[m - 1];
		if (m >= p.first && m <= p.last)
			in_period += weights[m - 1];
	}
	if (in_period == 0)
	{
		char		shown[PERIOD_TEXT_LEN];

		period_format(p, shown);
		ereport(ERROR,
				(errcode(ERRCODE_DIVISION_BY_ZERO),
				 errmsg("the spreading profile gives period %s no weight", shown),
				 errdetail("A run-rate forecast divides the outcome by the period's share of the year.")));
	}
	/* |outcome| < 2^63 and total < 2^63: the product fits in 126 bits */
	if (belopp_div_round((int128) PG_GETARG_BELOPP(0) * total, in_period, &result) != 0)
		belopp_out_of_range();
	PG_RETURN_BELOPP(result);
}

/* profil_dagar(ar): the days of each month of the year, leap years right */
PG_FUNCTION_INFO_V1(profil_dagar);
Datum
profil_dagar(PG_FUNCTION_ARGS)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int32		year = PG_GETARG_INT32(0);
	Datum		elems[12];
	int			m;

	if (year < 1)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("year %d is out of range", year)));
	for (m = 0; m < 12; m++)
	{
		int			d = days[m];

		if (m == 1 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
			d = 29;
		elems[m] = NumericGetDatum(int64_to_numeric(d));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, 12, NUMERICOID, -1, false, TYPALIGN_INT));
}

/*
 * profil_fran_utfall(manad, belopp): an aggregate that adds up outcome per
 * calendar month and returns the twelve sums as a profile.  Its state is
 * twelve 128-bit sums, serialised for parallel aggregation.
 */
typedef struct ProfileState
{
	int128		sum[12];		/* PostgreSQL's int128: MAXALIGN-aligned in palloc memory */
	int64		count;
} ProfileState;

static ProfileState *
profile_state(FunctionCallInfo fcinfo, int argno)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "profil_fran_utfall called in non-aggregate context");
	if (!PG_ARGISNULL(argno))
		return (ProfileState *) PG_GETARG_POINTER(argno);
	return MemoryContextAllocZero(aggcontext, sizeof(ProfileState));
}

PG_FUNCTION_INFO_V1(profil_fran_utfall_accum);
Datum
profil_fran_utfall_accum(PG_FUNCTION_ARGS)
{
	ProfileState *state = profile_state(fcinfo, 0);
	int32		month;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);
	month = PG_GETARG_INT32(1);
	if (month < 1 || month > 12)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("month %d is out of range", month),
				 errdetail("A month is a number from 1 to 12.")));
	state->sum[month - 1] += PG_GETARG_BELOPP(2);
	state->count++;
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(profil_fran_utfall_combine);
Datum
profil_fran_utfall_combine(PG_FUNCTION_ARGS)
{
	ProfileState *state;
	ProfileState *other;
	int			m;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	state = profile_state(fcinfo, 0);
	other = (ProfileState *) PG_GETARG_POINTER(1);
	for (m = 0; m < 12; m++)
		state->sum[m] += other->sum[m];
	state->count += other->count;
	PG_RETURN_POINTER(state);
}

PG_FUNCTION_INFO_V1(profil_fran_utfall_serialize);
Datum
profil_fran_utfall_serialize(PG_FUNCTION_ARGS)
{
	ProfileState *state = (ProfileState *) PG_GETARG_POINTER(0);
	StringInfoData buf;
	int			m;

	pq_begintypsend(&buf);
	for (m = 0; m < 12; m++)
	{
		pq_sendint64(&buf, (int64) (state->sum[m] >> 64));
		pq_sendint64(&buf, (int64) (uint64) state->sum[m]);
	}
	pq_sendint64(&buf, state->count);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(profil_fran_utfall_deserialize);
Datum
profil_fran_utfall_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *sstate = PG_GETARG_BYTEA_PP(0);
	ProfileState *state = palloc(sizeof(ProfileState));
	StringInfoData buf;
	int			m;

	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, VARDATA_ANY(sstate), VARSIZE_ANY_EXHDR(sstate));
	for (m = 0; m < 12; m++)
	{
		int64		hi = pq_getmsgint64(&buf);
		uint64		lo = (uint64) pq_getmsgint64(&buf);

		state->sum[m] = (int128) (((uint128) (uint64) hi << 64) | lo);
	}
	state->count = pq_getmsgint64(&buf);
	pq_getmsgend(&buf);
	pfree(buf.data);
	PG_RETURN_POINTER(state);
}

/*
 * The profile: the monthly sums in kronor.  Outcome signed negative (revenue,
 * or costs in a report that signs them) gives the same profile as its
 * magnitude; sums of both signs cannot be a profile.
 */
PG_FUNCTION_INFO_V1(profil_fran_utfall_final);
Datum
profil_fran_utfall_final(PG_FUNCTION_ARGS)
{
	ProfileState *state;
	bool		pos = false,
				neg = false;
	Datum		elems[12];
	int			m;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = (ProfileState *) PG_GETARG_POINTER(0);
	if (state->count == 0)
		PG_RETURN_NULL();
	for (m = 0; m < 12; m++)
	{
		pos |= state->sum[m] > 0;
		neg |= state->sum[m] < 0;
	}
	if (pos && neg)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("monthly outcome has both signs and cannot be a spreading profile"),
				 errdetail("A profile's weights are all of one sign: net costs, or revenues, not both.")));
	if (!pos && !neg)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the spreading profile has no positive weight"),
				 errdetail("Every month's outcome adds up to zero.")));
	for (m = 0; m < 12; m++)
	{
		uint128		v = (uint128) (state->sum[m] < 0 ? -state->sum[m] : state->sum[m]);
		char		digits[48];
		char		kronor[52];
		int			n = 0;
		int			i;

		/* the 128-bit sum of öre as decimal text, then "kronor.öre" */
		do
		{
			digits[n++] = (char) ('0' + (int) (v % 10));
			v /= 10;
		} while (v > 0 || n < 3);
		for (i = 0; i < n - 2; i++)
			kronor[i] = digits[n - 1 - i];
		kronor[n - 2] = '.';
		kronor[n - 1] = digits[1];
		kronor[n] = digits[0];
		kronor[n + 1] = '\0';
		elems[m] = DirectFunctionCall3(numeric_in, CStringGetDatum(kronor),
									   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, 12, NUMERICOID, -1, false, TYPALIGN_INT));
}
