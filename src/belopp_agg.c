/*
 * belopp_agg.c -- sum() and avg() over belopp.
 *
 * The state is a 128-bit running total and a count, so no sum of int64 öre
 * can overflow while it is being accumulated; the final function raises 22003
 * when the total itself does not fit a belopp.  The state is serialised for
 * parallel aggregation and has an inverse transition for moving windows.
 */
#include "postgres.h"

#include "belopp.h"
#include "belopp_core.h"

#include "libpq/pqformat.h"
#include "utils/builtins.h"

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
	pq_sendint64(&buf, (int64) (state->sum >> 64));
	pq_sendint64(&buf, (int64) (uint64) state->sum);
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
	int64		hi;
	uint64		lo;

	if (!AggCheckCallContext(fcinfo, NULL))
		elog(ERROR, "belopp aggregate function called in non-aggregate context");
	sstate = PG_GETARG_BYTEA_PP(0);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, VARDATA_ANY(sstate), VARSIZE_ANY_EXHDR(sstate));
	hi = pq_getmsgint64(&buf);
	lo = (uint64) pq_getmsgint64(&buf);
	state = palloc(sizeof(BeloppAggState));
	state->sum = (__int128) (((unsigned __int128) (uint64) hi << 64) | lo);
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
