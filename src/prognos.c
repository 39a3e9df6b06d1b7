/*
 * prognos.c -- forecasts: the change of a forecast between two rounds
 * (prognosförändring) and the accuracy of forecasts against the outcome
 * (prognosträffsäkerhet).
 *
 * Both are favourable-positive, like every deviation of the extension: in the
 * 'resultat' convention (larger is better) a change is new − previous and an
 * error is outcome − forecast; in the 'kostnad' convention (larger is worse)
 * the other way round.
 *
 * The accuracy aggregate keeps exact sums: for belopp in the fixed-size
 * integer state of prognos_core.c, for numeric as numeric values.  Its means
 * are the exact sums divided by the counts with numeric division, so they are
 * the same whatever order the rows come in and whether the plan is parallel.
 */
#include "postgres.h"

#include "belopp.h"
#include "prognos_core.h"
#include "tecken.h"

#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

/* prognosforandring(ny belopp, foregaende belopp, tecken): 22003 on overflow */
PG_FUNCTION_INFO_V1(prognosforandring_belopp);
Datum
prognosforandring_belopp(PG_FUNCTION_ARGS)
{
	Belopp		ny = PG_GETARG_BELOPP(0);
	Belopp		foregaende = PG_GETARG_BELOPP(1);
	Belopp		result;

	if (tecken_is_kostnad(fcinfo, 2) ? pg_sub_s64_overflow(foregaende, ny, &result)
		: pg_sub_s64_overflow(ny, foregaende, &result))
		belopp_out_of_range();
	PG_RETURN_BELOPP(result);
}

/* prognosforandring(ny numeric, foregaende numeric, tecken) */
PG_FUNCTION_INFO_V1(prognosforandring_numeric);
Datum
prognosforandring_numeric(PG_FUNCTION_ARGS)
{
	if (tecken_is_kostnad(fcinfo, 2))
		PG_RETURN_DATUM(DirectFunctionCall2(numeric_sub, PG_GETARG_DATUM(1), PG_GETARG_DATUM(0)));
	PG_RETURN_DATUM(DirectFunctionCall2(numeric_sub, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

/* ------------------------------------------------------------------------
 * The accuracy aggregate prognostraffsakerhet(prognos, utfall [, tecken]).
 *
 * For a pair (forecast p, outcome u) the error is e = u − p ('resultat',
 * and the two-argument form) or p − u ('kostnad'): positive when the outcome
 * turned out better than forecast.  The result, of type traffsakerhet:
 *   antal                    pairs with neither figure NULL
 *   medelfel                 Σe / n (the bias: > 0 means pessimistic forecasts)
 *   medelabsolutfel          Σ|e| / n
 *   kvadratiskt_medelfel     sqrt(Σe² / n)
 *   antal_procent            pairs with u ≠ 0
 *   medelabsolutfel_procent  100 × Σ round(|e| / |u|, 18) / antal_procent
 *   antal_utfall_noll        pairs with u = 0, left out of the percentage
 * Over no pairs the result is NULL.
 * ------------------------------------------------------------------------
 */

/* The state of the belopp aggregate: exact integer sums. */
typedef struct BeloppAccuracyState
{
	PrognosAccuracySum sum;
} BeloppAccuracyState;

/*
 * The state of the numeric aggregate: exact numeric sums, NULL while zero,
 * kept in the aggregate's memory context.  sum_ratio counts units of 10^-18.
 */
typedef struct NumericAccuracyState
{
	int64		n;
	int64		n_pct;
	Numeric		sum_err;
	Numeric		sum_abs;
	Numeric		sum_sq;
	Numeric		sum_ratio;
} NumericAccuracyState;

/*
 * Whether the pair of this row is measured in the cost convention: the
 * tecken argument argno, which must not be NULL once both figures are there
 * (a convention is never guessed).
 */
static bool
pair_is_kostnad(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("sign convention of prognostraffsakerhet must not be null"),
				 errdetail("A pair of a forecast and an outcome was given with tecken NULL."),
				 errhint("Give 'resultat' or 'kostnad', e.g. the report row's tecken.")));
	return tecken_is_kostnad(fcinfo, argno);
}

static MemoryContext
aggregate_context(FunctionCallInfo fcinfo)
{
	MemoryContext aggcontext;

	/* the belopp form's functions take a bytea, so SQL can call them directly */
	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("prognostraffsakerhet's state functions can only be called by the aggregate"),
				 errhint("Call the aggregate prognostraffsakerhet(prognos, utfall).")));
	return aggcontext;
}

static Datum
numeric_from_text(const char *s)
{
	return DirectFunctionCall3(numeric_in, CStringGetDatum(s),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}

/* An unsigned 192-bit count of 10^-scale as numeric (scale digits kept). */
static Datum
numeric_from_u192(const PrognosU192 *v, int scale)
{
	char		buf[PROGNOS_NUMBER_LEN];

	prognos_u192_format(v, 0, scale, buf);
	return numeric_from_text(buf);
}

static Datum
numeric_from_i128(__int128 v, int scale)
{
	char		buf[PROGNOS_NUMBER_LEN];

	prognos_i128_format(v, scale, buf);
	return numeric_from_text(buf);
}

/*
 * The composite result from exact sums (numeric Datums; sum_ratio in units
 * of 10^-18 with 18 decimals, ignored when n_pct is 0).
 */
static Datum
accuracy_result(FunctionCallInfo fcinfo, int64 n, int64 n_pct, Datum sum_err, Datum sum_abs,
				Datum sum_sq, Datum sum_ratio)
{
	TupleDesc	tupdesc;
	Datum		values[7];
	bool		nulls[7] = {false, false, false, false, false, false, false};
	Datum		count = NumericGetDatum(int64_to_numeric(n));

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "prognostraffsakerhet must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);

	values[0] = Int64GetDatum(n);
	values[1] = DirectFunctionCall2(numeric_div, sum_err, count);
	values[2] = DirectFunctionCall2(numeric_div, sum_abs, count);
	values[3] = DirectFunctionCall1(numeric_sqrt, DirectFunctionCall2(numeric_div, sum_sq, count));
	values[4] = Int64GetDatum(n_pct);
	if (n_pct > 0)
		values[5] = DirectFunctionCall2(numeric_div,
										DirectFunctionCall2(numeric_mul, sum_ratio,
															NumericGetDatum(int64_to_numeric(100))),
										NumericGetDatum(int64_to_numeric(n_pct)));
	else
	{
		values[5] = (Datum) 0;
		nulls[5] = true;
	}
	values[6] = Int64GetDatum(n - n_pct);
	return HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls));
}

/* The composite result from the exact integer sums of the belopp aggregate (n > 0). */
static Datum
belopp_accuracy_result(FunctionCallInfo fcinfo, const PrognosAccuracySum *sum)
{
	PrognosU192 mag;

	mag.w[0] = (uint64) sum->sum_abs;
	mag.w[1] = (uint64) (sum->sum_abs >> 64);
	mag.w[2] = 0;
	/* öre are kronor with 2 decimals, öre² kronor² with 4 */
	return accuracy_result(fcinfo, sum->n, sum->n_pct,
						   numeric_from_i128(sum->sum_err, 2),
						   numeric_from_u192(&mag, 2),
						   numeric_from_u192(&sum->sum_sq, 4),
						   numeric_from_u192(&sum->sum_ratio, PROGNOS_RATIO_SCALE));
}

/* ---- belopp ---------------------------------------------------------- */

/* with_tecken: argument 3 is the sign convention */
static Datum
belopp_accuracy_accum(FunctionCallInfo fcinfo, bool with_tecken)
{
	BeloppAccuracyState *state;

	if (PG_ARGISNULL(0))
		state = MemoryContextAllocZero(aggregate_context(fcinfo), sizeof(BeloppAccuracyState));
	else
		state = (BeloppAccuracyState *) PG_GETARG_POINTER(0);
	if (!PG_ARGISNULL(1) && !PG_ARGISNULL(2))
		prognos_accuracy_add(&state->sum, PG_GETARG_BELOPP(1), PG_GETARG_BELOPP(2),
							 with_tecken && pair_is_kostnad(fcinfo, 3));
	PG_RETURN_POINTER(state);
}

/* Transition of prognostraffsakerhet(prognos belopp, utfall belopp). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_accum);
Datum
prognostraffsakerhet_belopp_accum(PG_FUNCTION_ARGS)
{
	return belopp_accuracy_accum(fcinfo, false);
}

/* Transition of prognostraffsakerhet(prognos belopp, utfall belopp, tecken). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_accum_tecken);
Datum
prognostraffsakerhet_belopp_accum_tecken(PG_FUNCTION_ARGS)
{
	return belopp_accuracy_accum(fcinfo, true);
}

/* Combine two partial belopp states (parallel aggregation). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_combine);
Datum
prognostraffsakerhet_belopp_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = aggregate_context(fcinfo);
	BeloppAccuracyState *state;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	if (PG_ARGISNULL(0))
		state = MemoryContextAllocZero(aggcontext, sizeof(BeloppAccuracyState));
	else
		state = (BeloppAccuracyState *) PG_GETARG_POINTER(0);
	prognos_accuracy_combine(&state->sum, &((BeloppAccuracyState *) PG_GETARG_POINTER(1))->sum);
	PG_RETURN_POINTER(state);
}

/* Serialise a belopp state: the packed sums of prognos_core.c. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_serialize);
Datum
prognostraffsakerhet_belopp_serialize(PG_FUNCTION_ARGS)
{
	BeloppAccuracyState *state;
	bytea	   *out = palloc(VARHDRSZ + PROGNOS_PACKED_LEN);

	aggregate_context(fcinfo);
	state = (BeloppAccuracyState *) PG_GETARG_POINTER(0);
	SET_VARSIZE(out, VARHDRSZ + PROGNOS_PACKED_LEN);
	prognos_accuracy_pack(&state->sum, (unsigned char *) VARDATA(out));
	PG_RETURN_BYTEA_P(out);
}

/* Deserialise a belopp state written by the serialise function. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_deserialize);
Datum
prognostraffsakerhet_belopp_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	BeloppAccuracyState *state;

	aggregate_context(fcinfo);
	in = PG_GETARG_BYTEA_PP(0);
	state = palloc0(sizeof(BeloppAccuracyState));
	if (prognos_accuracy_unpack((const unsigned char *) VARDATA_ANY(in), (long) VARSIZE_ANY_EXHDR(in),
								&state->sum) != 0)
		elog(ERROR, "invalid serialised state of prognostraffsakerhet");
	PG_RETURN_POINTER(state);
}

/* Final function of the belopp aggregate. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_final);
Datum
prognostraffsakerhet_belopp_final(PG_FUNCTION_ARGS)
{
	BeloppAccuracyState *state = PG_ARGISNULL(0) ? NULL : (BeloppAccuracyState *) PG_GETARG_POINTER(0);

	if (state == NULL || state->sum.n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(belopp_accuracy_result(fcinfo, &state->sum));
}

/* ---- belopp, with the state as a value ------------------------------- */

/*
 * Since 0.2.0 the belopp aggregate keeps its state as a bytea of the packed
 * sums (prognos_accuracy_pack: big-endian, independent of the host) instead
 * of an internal pointer: a state of a real type can be written out as text
 * and read back, so that a sharded server (Citus) aggregates each shard on
 * its worker and combines the partial states, where it would otherwise ship
 * every pair to one node.  The transition updates the state in place (it
 * belongs to the aggregate); the functions above remain for the 0.1.0
 * definitions until ALTER EXTENSION ... UPDATE.
 */

#define BELOPP_STATE_SIZE (VARHDRSZ + PROGNOS_PACKED_LEN)

/* A packed state given to a function of the aggregate: read and checked. */
static void
belopp_state_read(bytea *state, PrognosAccuracySum *sum)
{
	if (prognos_accuracy_unpack((const unsigned char *) VARDATA_ANY(state),
								(long) VARSIZE_ANY_EXHDR(state), sum) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid state of prognostraffsakerhet"),
				 errdetail("A state is %d bytes of sums that prognostraffsakerhet wrote itself.",
						   PROGNOS_PACKED_LEN)));
}

/*
 * A new state holding sum, in the call's memory: a transition or combine
 * function that returns a value other than its state argument hands the
 * executor a new value, which it copies into the aggregate's memory (and
 * frees the old one there), so a new state made there would be a second copy
 * kept until the aggregate ends, one per group.  Only an update in place
 * keeps the pointer.
 */
static bytea *
belopp_state_new(const PrognosAccuracySum *sum)
{
	bytea	   *state = palloc(BELOPP_STATE_SIZE);

	SET_VARSIZE(state, BELOPP_STATE_SIZE);
	prognos_accuracy_pack(sum, (unsigned char *) VARDATA(state));
	return state;
}

/*
 * The aggregate's own state, to be updated in place: one this module made
 * (a plain 4-byte header of the packed size); anything else is read into a
 * new one.
 */
static bytea *
belopp_state_own(FunctionCallInfo fcinfo, int argno, PrognosAccuracySum *sum)
{
	bytea	   *state = (bytea *) PG_GETARG_POINTER(argno);

	if (VARATT_IS_4B_U(state) && VARSIZE(state) == BELOPP_STATE_SIZE)
	{
		belopp_state_read(state, sum);
		return state;
	}
	state = PG_GETARG_BYTEA_PP(argno);
	belopp_state_read(state, sum);
	return belopp_state_new(sum);
}

static Datum
belopp_value_accum(FunctionCallInfo fcinfo, bool with_tecken)
{
	PrognosAccuracySum sum;
	bytea	   *state;

	aggregate_context(fcinfo);

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		memset(&sum, 0, sizeof(sum));
		state = belopp_state_new(&sum);
	}
	else
		state = belopp_state_own(fcinfo, 0, &sum);
	prognos_accuracy_add(&sum, PG_GETARG_BELOPP(1), PG_GETARG_BELOPP(2),
						 with_tecken && pair_is_kostnad(fcinfo, 3));
	prognos_accuracy_pack(&sum, (unsigned char *) VARDATA(state));
	PG_RETURN_BYTEA_P(state);
}

/* Transition of prognostraffsakerhet(prognos belopp, utfall belopp), state bytea. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_accum_bytea);
Datum
prognostraffsakerhet_belopp_accum_bytea(PG_FUNCTION_ARGS)
{
	return belopp_value_accum(fcinfo, false);
}

/* Transition of prognostraffsakerhet(prognos belopp, utfall belopp, tecken), state bytea. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_accum_tecken_bytea);
Datum
prognostraffsakerhet_belopp_accum_tecken_bytea(PG_FUNCTION_ARGS)
{
	return belopp_value_accum(fcinfo, true);
}

/* Combine two partial states of the belopp aggregate (bytea). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_combine_bytea);
Datum
prognostraffsakerhet_belopp_combine_bytea(PG_FUNCTION_ARGS)
{
	PrognosAccuracySum into;
	PrognosAccuracySum from;
	bytea	   *state;

	aggregate_context(fcinfo);

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	belopp_state_read(PG_GETARG_BYTEA_PP(1), &from);
	if (PG_ARGISNULL(0))
		PG_RETURN_BYTEA_P(belopp_state_new(&from));
	state = belopp_state_own(fcinfo, 0, &into);
	prognos_accuracy_combine(&into, &from);
	prognos_accuracy_pack(&into, (unsigned char *) VARDATA(state));
	PG_RETURN_BYTEA_P(state);
}

/* Final function of the belopp aggregate (bytea state). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_belopp_final_bytea);
Datum
prognostraffsakerhet_belopp_final_bytea(PG_FUNCTION_ARGS)
{
	PrognosAccuracySum sum;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	belopp_state_read(PG_GETARG_BYTEA_PP(0), &sum);
	if (sum.n == 0)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(belopp_accuracy_result(fcinfo, &sum));
}

/* ---- numeric --------------------------------------------------------- */

/* A copy of num in memory context cxt. */
static Numeric
numeric_copy_in(MemoryContext cxt, Numeric num)
{
	Numeric		copy = MemoryContextAlloc(cxt, VARSIZE(num));

	memcpy(copy, num, VARSIZE(num));
	return copy;
}

/* *sum += x, the new sum in cxt and the old one freed. */
static void
add_into(MemoryContext cxt, Numeric *sum, Numeric x)
{
	MemoryContext old;
	Numeric		result;

	if (*sum == NULL)
	{
		*sum = numeric_copy_in(cxt, x);
		return;
	}
	old = MemoryContextSwitchTo(cxt);
	result = numeric_add_opt_error(*sum, x, NULL);
	MemoryContextSwitchTo(old);
	pfree(*sum);
	*sum = result;
}

static Numeric
finite_argument(FunctionCallInfo fcinfo, int argno)
{
	Numeric		num = PG_GETARG_NUMERIC(argno);

	if (numeric_is_nan(num) || numeric_is_inf(num))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("cannot measure forecast accuracy with %s %s",
						argno == 1 ? "forecast" : "outcome",
						numeric_is_nan(num) ? "NaN" : "infinity"),
				 errdetail("prognostraffsakerhet takes finite amounts only.")));
	return num;
}

/* with_tecken: argument 3 is the sign convention */
static Datum
numeric_accuracy_accum(FunctionCallInfo fcinfo, bool with_tecken)
{
	MemoryContext aggcontext = aggregate_context(fcinfo);
	NumericAccuracyState *state;
	Numeric		forecast;
	Numeric		outcome;
	Numeric		err;
	Numeric		mag;
	bool		kostnad;

	if (PG_ARGISNULL(0))
		state = MemoryContextAllocZero(aggcontext, sizeof(NumericAccuracyState));
	else
		state = (NumericAccuracyState *) PG_GETARG_POINTER(0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		PG_RETURN_POINTER(state);

	/* temporaries go to the per-row context, the sums to aggcontext */
	kostnad = with_tecken && pair_is_kostnad(fcinfo, 3);
	forecast = finite_argument(fcinfo, 1);
	outcome = finite_argument(fcinfo, 2);
	err = kostnad ? numeric_sub_opt_error(forecast, outcome, NULL)
		: numeric_sub_opt_error(outcome, forecast, NULL);
	mag = DatumGetNumeric(DirectFunctionCall1(numeric_abs, NumericGetDatum(err)));

	state->n++;
	add_into(aggcontext, &state->sum_err, err);
	add_into(aggcontext, &state->sum_abs, mag);
	add_into(aggcontext, &state->sum_sq, numeric_mul_opt_error(err, err, NULL));
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(outcome),
										  NumericGetDatum(int64_to_numeric(0)))) != 0)
	{
		/*
		 * round(|e| / |u| × 10^18) half away from zero, exactly: the
		 * truncated quotient (2 |e| 10^18 + |u|) / (2 |u|).
		 */
		Numeric		umag = DatumGetNumeric(DirectFunctionCall1(numeric_abs, NumericGetDatum(outcome)));
		Numeric		num = numeric_add_opt_error(numeric_mul_opt_error(mag, int64_to_numeric(INT64CONST(2000000000000000000)), NULL),
												umag, NULL);
		Numeric		den = numeric_add_opt_error(umag, umag, NULL);

		state->n_pct++;
		add_into(aggcontext, &state->sum_ratio,
				 DatumGetNumeric(DirectFunctionCall2(numeric_div_trunc, NumericGetDatum(num),
													 NumericGetDatum(den))));
	}
	PG_RETURN_POINTER(state);
}

/* Transition of prognostraffsakerhet(prognos numeric, utfall numeric). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_numeric_accum);
Datum
prognostraffsakerhet_numeric_accum(PG_FUNCTION_ARGS)
{
	return numeric_accuracy_accum(fcinfo, false);
}

/* Transition of prognostraffsakerhet(prognos numeric, utfall numeric, tecken). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_numeric_accum_tecken);
Datum
prognostraffsakerhet_numeric_accum_tecken(PG_FUNCTION_ARGS)
{
	return numeric_accuracy_accum(fcinfo, true);
}

/* Combine two partial numeric states (parallel aggregation). */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_numeric_combine);
Datum
prognostraffsakerhet_numeric_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = aggregate_context(fcinfo);
	NumericAccuracyState *state;
	NumericAccuracyState *other;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_POINTER(PG_GETARG_POINTER(0));
	}
	other = (NumericAccuracyState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		state = MemoryContextAllocZero(aggcontext, sizeof(NumericAccuracyState));
	else
		state = (NumericAccuracyState *) PG_GETARG_POINTER(0);
	state->n += other->n;
	state->n_pct += other->n_pct;
	if (other->sum_err != NULL)
		add_into(aggcontext, &state->sum_err, other->sum_err);
	if (other->sum_abs != NULL)
		add_into(aggcontext, &state->sum_abs, other->sum_abs);
	if (other->sum_sq != NULL)
		add_into(aggcontext, &state->sum_sq, other->sum_sq);
	if (other->sum_ratio != NULL)
		add_into(aggcontext, &state->sum_ratio, other->sum_ratio);
	PG_RETURN_POINTER(state);
}

/* Write one numeric, or a zero, in binary form (numeric_send's). */
static void
send_numeric(StringInfo buf, Numeric num)
{
	bytea	   *b = DatumGetByteaPP(DirectFunctionCall1(numeric_send,
														NumericGetDatum(num != NULL ? num : int64_to_numeric(0))));

	pq_sendint32(buf, (int32) VARSIZE_ANY_EXHDR(b));
	pq_sendbytes(buf, VARDATA_ANY(b), (int) VARSIZE_ANY_EXHDR(b));
}

static Numeric
receive_numeric(StringInfo buf)
{
	int32		len = pq_getmsgint(buf, 4);
	StringInfoData part;
	Numeric		num;

	if (len < 0 || len > buf->len - buf->cursor)
		elog(ERROR, "invalid serialised state of prognostraffsakerhet");
	/* a read-only view of the next len bytes */
	part.data = (char *) pq_getmsgbytes(buf, len);
	part.len = len;
	part.maxlen = len;
	part.cursor = 0;
	num = DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&part),
											  ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
	if (part.cursor != part.len)
		elog(ERROR, "invalid serialised state of prognostraffsakerhet");
	return num;
}

/* Serialise a numeric state: the counters, then the four sums. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_numeric_serialize);
Datum
prognostraffsakerhet_numeric_serialize(PG_FUNCTION_ARGS)
{
	NumericAccuracyState *state;
	StringInfoData buf;

	aggregate_context(fcinfo);
	state = (NumericAccuracyState *) PG_GETARG_POINTER(0);
	pq_begintypsend(&buf);
	pq_sendint64(&buf, state->n);
	pq_sendint64(&buf, state->n_pct);
	send_numeric(&buf, state->sum_err);
	send_numeric(&buf, state->sum_abs);
	send_numeric(&buf, state->sum_sq);
	send_numeric(&buf, state->sum_ratio);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Deserialise a numeric state written by the serialise function. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_numeric_deserialize);
Datum
prognostraffsakerhet_numeric_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in;
	NumericAccuracyState *state;
	StringInfoData buf;

	aggregate_context(fcinfo);
	in = PG_GETARG_BYTEA_PP(0);
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, VARDATA_ANY(in), (int) VARSIZE_ANY_EXHDR(in));
	state = palloc0(sizeof(NumericAccuracyState));
	state->n = pq_getmsgint64(&buf);
	state->n_pct = pq_getmsgint64(&buf);
	if (state->n < 0 || state->n_pct < 0 || state->n_pct > state->n)
		elog(ERROR, "invalid serialised state of prognostraffsakerhet");
	state->sum_err = receive_numeric(&buf);
	state->sum_abs = receive_numeric(&buf);
	state->sum_sq = receive_numeric(&buf);
	state->sum_ratio = receive_numeric(&buf);
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(state);
}

/* Final function of the numeric aggregate. */
PG_FUNCTION_INFO_V1(prognostraffsakerhet_numeric_final);
Datum
prognostraffsakerhet_numeric_final(PG_FUNCTION_ARGS)
{
	NumericAccuracyState *state = PG_ARGISNULL(0) ? NULL : (NumericAccuracyState *) PG_GETARG_POINTER(0);
	Datum		ratio = (Datum) 0;

	if (state == NULL || state->n == 0)
		PG_RETURN_NULL();
	/* the ratio sum counts units of 10^-18: scale it, keeping 18 decimals */
	if (state->n_pct > 0)
		ratio = DirectFunctionCall2(numeric_mul, NumericGetDatum(state->sum_ratio),
									numeric_from_text("0.000000000000000001"));
	PG_RETURN_DATUM(accuracy_result(fcinfo, state->n, state->n_pct,
									NumericGetDatum(state->sum_err),
									NumericGetDatum(state->sum_abs),
									NumericGetDatum(state->sum_sq), ratio));
}
