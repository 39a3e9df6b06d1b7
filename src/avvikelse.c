/*
 * avvikelse.c -- budget deviation in any sign convention, its percentage,
 * consumption, materiality, and the summable presentation rounding.
 *
 * The enum tecken says how a report signs its figures: 'resultat' (larger is
 * better: revenue positive, costs negative) or 'kostnad' (larger is worse:
 * net cost positive, or a debit-positive ledger).  Every function returns a
 * deviation that is positive when the result is better than budget.
 */
#include "postgres.h"

#include "belopp.h"
#include "belopp_core.h"
#include "fordela_core.h"
#include "tecken.h"

#include "common/int.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/numeric.h"
#include "windowapi.h"

/* The favourable-positive deviation in öre, or 22003. */
static Belopp
deviation(Belopp outcome, Belopp budget, bool kostnad)
{
	Belopp		result;

	if (kostnad ? pg_sub_s64_overflow(budget, outcome, &result)
		: pg_sub_s64_overflow(outcome, budget, &result))
		belopp_out_of_range();
	return result;
}

static Datum
num(int64 v)
{
	return NumericGetDatum(int64_to_numeric(v));
}

/* a / |b| * 100 for numerics, NULL-free: the caller checks b <> 0 */
static Datum
percent_of(Datum a, Datum b)
{
	return DirectFunctionCall2(numeric_div,
							   DirectFunctionCall2(numeric_mul, a, num(100)),
							   DirectFunctionCall1(numeric_abs, b));
}

static bool
numeric_is_zero(Datum n)
{
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, n, num(0))) == 0;
}

/* avvikelse(utfall belopp, budget belopp, tecken) */
PG_FUNCTION_INFO_V1(avvikelse_belopp);
Datum
avvikelse_belopp(PG_FUNCTION_ARGS)
{
	PG_RETURN_BELOPP(deviation(PG_GETARG_BELOPP(0), PG_GETARG_BELOPP(1),
							   tecken_is_kostnad(fcinfo, 2)));
}

/* avvikelse(utfall numeric, budget numeric, tecken) */
PG_FUNCTION_INFO_V1(avvikelse_numeric);
Datum
avvikelse_numeric(PG_FUNCTION_ARGS)
{
	if (tecken_is_kostnad(fcinfo, 2))
		PG_RETURN_DATUM(DirectFunctionCall2(numeric_sub, PG_GETARG_DATUM(1), PG_GETARG_DATUM(0)));
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_sub, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

/* avvikelse_procent(utfall belopp, budget belopp, tecken): NULL on a zero budget */
PG_FUNCTION_INFO_V1(avvikelse_procent_belopp);
Datum
avvikelse_procent_belopp(PG_FUNCTION_ARGS)
{
	Belopp		budget = PG_GETARG_BELOPP(1);
	Belopp		dev;

	/* before the deviation, which can overflow where a zero budget gives NULL */
	if (budget == 0)
		PG_RETURN_NULL();
	dev = deviation(PG_GETARG_BELOPP(0), budget, tecken_is_kostnad(fcinfo, 2));
	PG_RETURN_DATUM(percent_of(num(dev), num(budget)));
}

/* avvikelse_procent(utfall numeric, budget numeric, tecken): NULL on a zero budget */
PG_FUNCTION_INFO_V1(avvikelse_procent_numeric);
Datum
avvikelse_procent_numeric(PG_FUNCTION_ARGS)
{
	Datum		outcome = PG_GETARG_DATUM(0);
	Datum		budget = PG_GETARG_DATUM(1);
	Datum		dev;

	if (numeric_is_zero(budget))
		PG_RETURN_NULL();
	dev = tecken_is_kostnad(fcinfo, 2)
		? DirectFunctionCall2(numeric_sub, budget, outcome)
		: DirectFunctionCall2(numeric_sub, outcome, budget);
	PG_RETURN_DATUM(percent_of(dev, budget));
}

/* forbrukningsgrad(utfall belopp, budget belopp): outcome / budget * 100 */
PG_FUNCTION_INFO_V1(forbrukningsgrad_belopp);
Datum
forbrukningsgrad_belopp(PG_FUNCTION_ARGS)
{
	Belopp		budget = PG_GETARG_BELOPP(1);

	if (budget == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										DirectFunctionCall2(numeric_mul, num(PG_GETARG_BELOPP(0)), num(100)),
										num(budget)));
}

/* forbrukningsgrad(utfall numeric, budget numeric): outcome / budget * 100 */
PG_FUNCTION_INFO_V1(forbrukningsgrad_numeric);
Datum
forbrukningsgrad_numeric(PG_FUNCTION_ARGS)
{
	Datum		budget = PG_GETARG_DATUM(1);

	if (numeric_is_zero(budget))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_div,
										DirectFunctionCall2(numeric_mul, PG_GETARG_DATUM(0), num(100)),
										budget));
}

/*
 * vasentlig(avvikelse, budget, procentgrans, beloppsgrans): whether a
 * deviation is material -- its size reaches beloppsgrans and its share of
 * the budget reaches procentgrans percent.  With a zero budget any non-zero
 * deviation reaches every percentage.
 */
PG_FUNCTION_INFO_V1(vasentlig);
Datum
vasentlig(PG_FUNCTION_ARGS)
{
	Belopp		dev = PG_GETARG_BELOPP(0);
	Belopp		budget = PG_GETARG_BELOPP(1);
	Datum		pct_limit = PG_GETARG_DATUM(2);
	Belopp		amount_limit = PG_GETARG_BELOPP(3);
	Datum		abs_dev = DirectFunctionCall1(numeric_abs, num(dev));

	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, abs_dev,
										  DirectFunctionCall1(numeric_abs, num(amount_limit)))) < 0)
		PG_RETURN_BOOL(false);
	if (budget == 0)
		PG_RETURN_BOOL(dev != 0 ||
					   DatumGetInt32(DirectFunctionCall2(numeric_cmp, pct_limit, num(0))) <= 0);
	PG_RETURN_BOOL(DatumGetInt32(DirectFunctionCall2(numeric_cmp,
													 percent_of(abs_dev, num(budget)),
													 pct_limit)) >= 0);
}

/*
 * avrunda_summerbar(belopp, enhet, decimaler): a window function.  Within the
 * window partition each row is rounded to the unit and decimals so that the
 * rounded rows add up exactly to the rounded partition total; each row lands
 * on the floor of its exact value or one unit above it, and the units go to
 * the rows with the largest remainders (earlier rows first among equals), so
 * as few rows as possible move away from their ordinary rounding.  NULL rows
 * stay NULL and count for nothing.
 */
typedef struct SummableState
{
	bool		done;
	int64		nrows;
	int64	   *rounded;		/* per row, in units of 10^-decimals */
	bool	   *isnull;
} SummableState;

PG_FUNCTION_INFO_V1(avrunda_summerbar);
Datum
avrunda_summerbar(PG_FUNCTION_ARGS)
{
	WindowObject winobj = PG_WINDOW_OBJECT();
	SummableState *st;
	int64		pos;
	int			exp;
	int32		decimals;

	Datum		unit;
	bool		isnull;

	st = (SummableState *) WinGetPartitionLocalMemory(winobj, sizeof(SummableState));
	/* a window function reads its arguments through the window object */
	unit = WinGetFuncArgCurrent(winobj, 1, &isnull);
	if (isnull)
		PG_RETURN_NULL();
	exp = belopp_unit_exp_or_error(DatumGetTextPP(unit));
	decimals = DatumGetInt32(WinGetFuncArgCurrent(winobj, 2, &isnull));
	if (isnull)
		PG_RETURN_NULL();
	if (decimals < 0 || decimals > BELOPP_MAX_DECIMALS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of decimals %d is out of range", decimals),
				 errdetail("The number of decimals must be between 0 and %d.", BELOPP_MAX_DECIMALS)));

	if (!st->done)
	{
		int64		n = WinGetPartitionRowCount(winobj);
		int64	   *values;
		int64	   *index;
		int64		k = 0;
		int64		i;

		st->nrows = n;
		/* in the partition's context, with st: freed when the next partition begins */
		st->rounded = MemoryContextAllocZero(GetMemoryChunkContext(st), sizeof(int64) * Max(n, 1));
		st->isnull = MemoryContextAllocZero(GetMemoryChunkContext(st), sizeof(bool) * Max(n, 1));
		values = palloc(sizeof(int64) * Max(n, 1));
		index = palloc(sizeof(int64) * Max(n, 1));
		for (i = 0; i < n; i++)
		{
			Datum		d = WinGetFuncArgInPartition(winobj, 0, (int) i,
													 WINDOW_SEEK_HEAD, false, &st->isnull[i], NULL);

			if (!st->isnull[i])
			{
				values[k] = DatumGetBelopp(d);
				index[k++] = i;
			}
		}
		if (decimals >= exp)
		{
			/* no rounding: the exact values in units of 10^-decimals */
			for (i = 0; i < k; i++)
				st->rounded[index[i]] = values[i];
		}
		else
		{
			int64		unit = 1;
			int64	   *r = palloc(sizeof(int64) * Max(k, 1));
			int			e;

			for (e = decimals; e < exp; e++)
				unit *= 10;
			if (k > PG_INT32_MAX || fordela_round_summable(values, (int) k, unit, r) != 0)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("window partition too large for avrunda_summerbar")));
			for (i = 0; i < k; i++)
				st->rounded[index[i]] = r[i];
			pfree(r);
		}
		pfree(values);
		pfree(index);
		st->done = true;
	}

	pos = WinGetCurrentPosition(winobj);
	if (pos < 0 || pos >= st->nrows)
		elog(ERROR, "window position %lld outside its partition", (long long) pos);
	if (st->isnull[pos])
		PG_RETURN_NULL();
	if (decimals >= exp)
		PG_RETURN_DATUM(DirectFunctionCall2(numeric_round,
											NumericGetDatum(int64_div_fast_to_numeric(st->rounded[pos], exp)),
											Int32GetDatum(decimals)));
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(st->rounded[pos], decimals));
}
