/*
 * belopp_agg.c -- sum() and avg() over belopp, and summa_per_matt().
 *
 * The state is a 128-bit running total and a count, so no sum of int64 öre
 * can overflow while it is being accumulated; the final function raises 22003
 * when the total itself does not fit a belopp.  The state is serialised for
 * parallel aggregation and has an inverse transition for moving windows.
 */
#include "postgres.h"

#include "belopp.h"
#include "belopp_core.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

typedef struct BeloppAggState
{
	int128		sum;			/* PostgreSQL's int128: MAXALIGN-aligned in palloc memory */
	int64		count;
} BeloppAggState;

/* The state of this call's aggregate, created in the aggregate context. */
static BeloppAggState *
agg_state(FunctionCallInfo fcinfo, int argno)
{
	MemoryContext aggcontext;
	BeloppAggState *state;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "belopp aggregate function called in non-aggregate context");
	if (!PG_ARGISNULL(argno))
		return (BeloppAggState *) PG_GETARG_POINTER(argno);
	state = MemoryContextAllocZero(aggcontext, sizeof(BeloppAggState));
	return state;
}

/* A 128-bit total in a serialised state: its two int64 halves, high first. */
static void
send_int128(StringInfo buf, int128 v)
{
	pq_sendint64(buf, (int64) (v >> 64));
	pq_sendint64(buf, (int64) (uint64) v);
}

static int128
get_int128(StringInfo buf)
{
	int64		hi = pq_getmsgint64(buf);
	uint64		lo = (uint64) pq_getmsgint64(buf);

	return (int128) (((unsigned __int128) (uint64) hi << 64) | lo);
}

/* Transition: add one amount. */
PG_FUNCTION_INFO_V1(belopp_sum_accum);
Datum
belopp_sum_accum(PG_FUNCTION_ARGS)
{
	/* the aggregate context is checked once, when the state is made */
	BeloppAggState *state = PG_ARGISNULL(0) ? agg_state(fcinfo, 0) :
		(BeloppAggState *) PG_GETARG_POINTER(0);

	if (!PG_ARGISNULL(1))
	{
		state->sum += PG_GETARG_BELOPP(1);
		state->count++;
	}
	PG_RETURN_POINTER(state);
}

/* Inverse transition: remove an amount that left a moving window frame. */
PG_FUNCTION_INFO_V1(belopp_sum_accum_inv);
Datum
belopp_sum_accum_inv(PG_FUNCTION_ARGS)
{
	BeloppAggState *state = agg_state(fcinfo, 0);

	if (!PG_ARGISNULL(1))
	{
		state->sum -= PG_GETARG_BELOPP(1);
		state->count--;
	}
	PG_RETURN_POINTER(state);
}

/* Combine two partial states (parallel aggregation). */
PG_FUNCTION_INFO_V1(belopp_sum_combine);
Datum
belopp_sum_combine(PG_FUNCTION_ARGS)
{
	BeloppAggState *state;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	state = agg_state(fcinfo, 0);
	{
		BeloppAggState *other = (BeloppAggState *) PG_GETARG_POINTER(1);

		state->sum += other->sum;
		state->count += other->count;
	}
	PG_RETURN_POINTER(state);
}

/* Serialise a state: the 128-bit sum as two int64 halves, then the count. */
PG_FUNCTION_INFO_V1(belopp_sum_serialize);
Datum
belopp_sum_serialize(PG_FUNCTION_ARGS)
{
	BeloppAggState *state;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "belopp aggregate function called in non-aggregate context");
	state = (BeloppAggState *) PG_GETARG_POINTER(0);
	pq_begintypsend(&buf);
	send_int128(&buf, state->sum);
	pq_sendint64(&buf, state->count);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Deserialise a state written by belopp_sum_serialize. */
PG_FUNCTION_INFO_V1(belopp_sum_deserialize);
Datum
belopp_sum_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *sstate;
	BeloppAggState *state;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "belopp aggregate function called in non-aggregate context");
	sstate = PG_GETARG_BYTEA_PP(0);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, VARDATA_ANY(sstate), VARSIZE_ANY_EXHDR(sstate));
	state = palloc(sizeof(BeloppAggState));
	state->sum = get_int128(&buf);
	state->count = pq_getmsgint64(&buf);
	pq_getmsgend(&buf);
	pfree(buf.data);
	PG_RETURN_POINTER(state);
}

/* Final function of sum(): the total, or NULL over no rows. */
PG_FUNCTION_INFO_V1(belopp_sum_final);
Datum
belopp_sum_final(PG_FUNCTION_ARGS)
{
	BeloppAggState *state = PG_ARGISNULL(0) ? NULL : (BeloppAggState *) PG_GETARG_POINTER(0);

	if (state == NULL || state->count == 0)
		PG_RETURN_NULL();
	if (state->sum > PG_INT64_MAX || state->sum < PG_INT64_MIN)
		belopp_out_of_range();
	PG_RETURN_BELOPP((Belopp) state->sum);
}

/* Final function of avg(): the mean in whole öre, half away from zero. */
PG_FUNCTION_INFO_V1(belopp_avg_final);
Datum
belopp_avg_final(PG_FUNCTION_ARGS)
{
	BeloppAggState *state = PG_ARGISNULL(0) ? NULL : (BeloppAggState *) PG_GETARG_POINTER(0);
	int64		mean;

	if (state == NULL || state->count == 0)
		PG_RETURN_NULL();
	/* the mean of int64 values always fits */
	if (belopp_div_round(state->sum, state->count, &mean) != 0)
		elog(ERROR, "mean of belopp values out of range");
	PG_RETURN_BELOPP(mean);
}

/*
 * summa_per_matt(matt, belopp): the sums of amounts per measure, as an array
 * belopp[1 .. the highest measure seen] with NULL where a measure had no
 * amount (a measure seen only with NULL amounts is NULL too, and counts for
 * the length).  The roll-up of every report (summera) sums each figure into
 * the element of its measure, in one aggregate rather than one sum per
 * measure and an array built from them.  Measures are 1 .. 1000 (22023
 * otherwise, 22004 for NULL); each total is exact in 128 bits and 22003 when
 * it does not fit a belopp.
 */
#define SUMMA_MAX_MATT 1000

typedef struct SummaPerMatt
{
	int			n;				/* the highest measure seen */
	int			cap;
	int128	   *sum;			/* sum[m - 1] */
	bool	   *has;			/* has[m - 1]: an amount was added */
} SummaPerMatt;

/* A new state in cxt, room for cap measures. */
static SummaPerMatt *
summa_new(MemoryContext cxt, int cap)
{
	SummaPerMatt *st = MemoryContextAllocZero(cxt, sizeof(SummaPerMatt));

	st->cap = cap < 8 ? 8 : cap;
	st->sum = MemoryContextAllocZero(cxt, sizeof(int128) * st->cap);
	st->has = MemoryContextAllocZero(cxt, sizeof(bool) * st->cap);
	return st;
}

/* Make room for measure m (repalloc keeps the arrays' context). */
static void
summa_room(SummaPerMatt *st, int m)
{
	int			cap = st->cap;

	if (m <= cap)
		return;
	while (cap < m)
		cap *= 2;
	st->sum = repalloc(st->sum, sizeof(int128) * cap);
	st->has = repalloc(st->has, sizeof(bool) * cap);
	memset(st->sum + st->cap, 0, sizeof(int128) * (cap - st->cap));
	memset(st->has + st->cap, 0, sizeof(bool) * (cap - st->cap));
	st->cap = cap;
}

PG_FUNCTION_INFO_V1(summa_per_matt_accum);
Datum
summa_per_matt_accum(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	SummaPerMatt *st;
	int32		m;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "summa_per_matt called in non-aggregate context");
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("the measure of summa_per_matt must not be null")));
	m = PG_GETARG_INT32(1);
	if (m < 1 || m > SUMMA_MAX_MATT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("measure %d is out of range", m),
				 errdetail("Measures are numbered 1 to %d.", SUMMA_MAX_MATT)));
	st = PG_ARGISNULL(0) ? summa_new(aggcontext, m) : (SummaPerMatt *) PG_GETARG_POINTER(0);
	summa_room(st, m);
	if (m > st->n)
		st->n = m;
	if (!PG_ARGISNULL(2))
	{
		st->sum[m - 1] += PG_GETARG_BELOPP(2);
		st->has[m - 1] = true;
	}
	PG_RETURN_POINTER(st);
}

PG_FUNCTION_INFO_V1(summa_per_matt_final);
Datum
summa_per_matt_final(PG_FUNCTION_ARGS)
{
	SummaPerMatt *st = PG_ARGISNULL(0) ? NULL : (SummaPerMatt *) PG_GETARG_POINTER(0);
	Oid			elemtype;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	Datum	   *elems;
	bool	   *nulls;
	int			dims[1];
	int			lbs[1] = {1};

	if (st == NULL || st->n == 0)
		PG_RETURN_NULL();
	/* the result is belopp[]: its element type, which has no fixed OID */
	elemtype = get_element_type(get_fn_expr_rettype(fcinfo->flinfo));
	if (!OidIsValid(elemtype))
		elog(ERROR, "summa_per_matt must return an array");
	get_typlenbyvalalign(elemtype, &elemlen, &elembyval, &elemalign);
	elems = palloc(sizeof(Datum) * st->n);
	nulls = palloc(sizeof(bool) * st->n);
	for (int i = 0; i < st->n; i++)
	{
		nulls[i] = !st->has[i];
		if (st->has[i] && (st->sum[i] > PG_INT64_MAX || st->sum[i] < PG_INT64_MIN))
			belopp_out_of_range();
		elems[i] = nulls[i] ? (Datum) 0 : BeloppGetDatum((Belopp) st->sum[i]);
	}
	dims[0] = st->n;
	PG_RETURN_ARRAYTYPE_P(construct_md_array(elems, nulls, 1, dims, lbs, elemtype,
											 elemlen, elembyval, elemalign));
}

/* Combine two states (parallel aggregation): the totals per measure added. */
PG_FUNCTION_INFO_V1(summa_per_matt_combine);
Datum
summa_per_matt_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext;
	SummaPerMatt *st;
	SummaPerMatt *other;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		elog(ERROR, "summa_per_matt called in non-aggregate context");
	/*
	 * No state to add: the other stays as it is, NULL included (a NULL
	 * result must say so, not return a null pointer as a value).  The
	 * executor does not pass a NULL partial state here while the
	 * deserialisation is strict, so this is for any other caller.
	 */
	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	other = (SummaPerMatt *) PG_GETARG_POINTER(1);
	st = PG_ARGISNULL(0) ? summa_new(aggcontext, other->n) : (SummaPerMatt *) PG_GETARG_POINTER(0);
	summa_room(st, other->n);
	for (int i = 0; i < other->n; i++)
	{
		st->sum[i] += other->sum[i];
		st->has[i] |= other->has[i];
	}
	if (other->n > st->n)
		st->n = other->n;
	PG_RETURN_POINTER(st);
}

/* Serialise a state: the count of measures, then per measure a flag and the total's two halves. */
PG_FUNCTION_INFO_V1(summa_per_matt_serialize);
Datum
summa_per_matt_serialize(PG_FUNCTION_ARGS)
{
	SummaPerMatt *st;
	StringInfoData buf;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "summa_per_matt called in non-aggregate context");
	st = (SummaPerMatt *) PG_GETARG_POINTER(0);
	pq_begintypsend(&buf);
	pq_sendint32(&buf, st->n);
	for (int i = 0; i < st->n; i++)
	{
		pq_sendbyte(&buf, st->has[i] ? 1 : 0);
		send_int128(&buf, st->sum[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Deserialise a state written by summa_per_matt_serialize. */
PG_FUNCTION_INFO_V1(summa_per_matt_deserialize);
Datum
summa_per_matt_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *sstate;
	SummaPerMatt *st;
	StringInfoData buf;
	int			n;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "summa_per_matt called in non-aggregate context");
	sstate = PG_GETARG_BYTEA_PP(0);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, VARDATA_ANY(sstate), VARSIZE_ANY_EXHDR(sstate));
	n = pq_getmsgint(&buf, 4);
	if (n < 0 || n > SUMMA_MAX_MATT)
		elog(ERROR, "invalid summa_per_matt state");
	st = summa_new(CurrentMemoryContext, n);
	st->n = n;
	for (int i = 0; i < n; i++)
	{
		st->has[i] = pq_getmsgbyte(&buf) != 0;
		st->sum[i] = get_int128(&buf);
	}
	pq_getmsgend(&buf);
	pfree(buf.data);
	PG_RETURN_POINTER(st);
}
