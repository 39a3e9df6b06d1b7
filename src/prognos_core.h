/*
 * prognos_core.h -- exact sums for forecast accuracy (prognosträffsäkerhet).
 *
 * Over pairs of a forecast and an outcome, in öre, the accuracy aggregate
 * keeps: the number of pairs; the number with a non-zero outcome; the sum of
 * the errors e (outcome − forecast, or forecast − outcome in the cost
 * convention), of |e| and of e²; and the sum of the relative errors |e| / |u|,
 * each rounded half away from zero to 18 decimals.  Every sum is an exact
 * integer that cannot overflow for any input the counters can count: |e| is
 * below 2^64, so Σe and Σ|e| stay below 2^127 in 128 bits, and e² (below
 * 2^128) and the relative terms (below 2^124) are summed in 192 bits.  The
 * sums are independent of the order the pairs come in, so a parallel plan
 * gives exactly what a serial one does.
 * No PostgreSQL headers here.
 */
#ifndef KR_PROGNOS_CORE_H
#define KR_PROGNOS_CORE_H

#include <stdint.h>

/* The relative error terms are counted in units of 10^-PROGNOS_RATIO_SCALE. */
#define PROGNOS_RATIO_SCALE 18

/* An unsigned 192-bit integer, least significant word first. */
typedef struct PrognosU192
{
	uint64_t	w[3];
} PrognosU192;

/* The running sums of the accuracy aggregate (all amounts in öre). */
typedef struct PrognosAccuracySum
{
	int64_t		n;				/* pairs */
	int64_t		n_pct;			/* pairs with a non-zero outcome */
	__int128	sum_err;		/* Σ e */
	unsigned __int128 sum_abs;	/* Σ |e| */
	PrognosU192 sum_sq;			/* Σ e², in öre² */
	PrognosU192 sum_ratio;		/* Σ round(|e| / |u| × 10^18) over u ≠ 0 */
} PrognosAccuracySum;

/* Room for any number prognos_u192_format() writes. */
#define PROGNOS_NUMBER_LEN 96

/* Bytes of a packed PrognosAccuracySum. */
#define PROGNOS_PACKED_LEN 96

/* a += v */
extern void prognos_u192_add128(PrognosU192 *a, unsigned __int128 v);

/* a += b */
extern void prognos_u192_add(PrognosU192 *a, const PrognosU192 *b);

/*
 * Write v (negated when negative is non-zero) as a plain decimal number
 * with scale digits after the point ("-12.50" for 1250, negative, scale 2),
 * into buf of PROGNOS_NUMBER_LEN bytes; scale is 0 to 30.  Zero is never
 * written with a minus sign.  Returns the length.
 */
extern int	prognos_u192_format(const PrognosU192 *v, int negative, int scale, char *buf);

/* The same for a signed 128-bit integer. */
extern int	prognos_i128_format(__int128 v, int scale, char *buf);

/*
 * |e| / |u| × 10^18 rounded half away from zero, for |e| < 2^64 and
 * 0 < |u| < 2^64.
 */
extern unsigned __int128 prognos_ratio_term(unsigned __int128 abs_err, uint64_t abs_outcome);

/*
 * Add one pair.  cost_convention non-zero: the error is forecast − outcome
 * (a larger figure is worse), otherwise outcome − forecast.
 */
extern void prognos_accuracy_add(PrognosAccuracySum *s, int64_t forecast, int64_t outcome,
								 int cost_convention);

/* into += from */
extern void prognos_accuracy_combine(PrognosAccuracySum *into, const PrognosAccuracySum *from);

/* Write s as PROGNOS_PACKED_LEN bytes, big-endian, independent of the host. */
extern void prognos_accuracy_pack(const PrognosAccuracySum *s, unsigned char *buf);

/*
 * Read what prognos_accuracy_pack() wrote.  Returns 0, or -1 when len is not
 * PROGNOS_PACKED_LEN or the counters are impossible (negative, or more pairs
 * with a non-zero outcome than pairs).
 */
extern int	prognos_accuracy_unpack(const unsigned char *buf, long len, PrognosAccuracySum *s);

#endif							/* KR_PROGNOS_CORE_H */
