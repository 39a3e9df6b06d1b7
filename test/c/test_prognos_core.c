/*
 * Unit tests of prognos_core.c: the 192-bit sums, their decimal form, the
 * rounded relative error, the accuracy sums at the ends of the int64 range,
 * combining, and packing.  Expected values are worked out in the comments
 * (the big ones with exact integer arithmetic: 2 (2^64 − 1)^2 and 2^192 − 1).
 */
#include "prognos_core.h"
#include "tap.h"

#include <stdlib.h>

static void
u192_is(const PrognosU192 *v, int negative, int scale, const char *want, const char *name)
{
	char		buf[PROGNOS_NUMBER_LEN];

	prognos_u192_format(v, negative, scale, buf);
	tap_is_str(buf, want, name);
}

static void
i128_is(__int128 v, int scale, const char *want, const char *name)
{
	char		buf[PROGNOS_NUMBER_LEN];

	prognos_i128_format(v, scale, buf);
	tap_is_str(buf, want, name);
}

/* a small deterministic generator */
static int64_t
next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (int64_t) (*state >> 1) - (int64_t) (UINT64_MAX >> 2);
}

static int
sums_equal(const PrognosAccuracySum *a, const PrognosAccuracySum *b)
{
	return a->n == b->n && a->n_pct == b->n_pct && a->sum_err == b->sum_err
		&& a->sum_abs == b->sum_abs
		&& memcmp(&a->sum_sq, &b->sum_sq, sizeof(PrognosU192)) == 0
		&& memcmp(&a->sum_ratio, &b->sum_ratio, sizeof(PrognosU192)) == 0;
}

int
main(void)
{
	PrognosU192 v = {{0, 0, 0}};
	PrognosU192 max = {{UINT64_MAX, UINT64_MAX, UINT64_MAX}};
	PrognosAccuracySum s;
	PrognosAccuracySum a;
	PrognosAccuracySum b;
	PrognosAccuracySum all;
	PrognosAccuracySum back;
	unsigned char packed[PROGNOS_PACKED_LEN];
	char		buf[PROGNOS_NUMBER_LEN];
	uint64_t	rnd = 42;
	int			i;

	/* formatting */
	u192_is(&v, 0, 0, "0", "zero");
	u192_is(&v, 1, 2, "0.00", "zero with two decimals, never negative");
	v.w[0] = 1250;
	u192_is(&v, 1, 2, "-12.50", "1250 with two decimals, negative");
	u192_is(&v, 0, 6, "0.001250", "a leading zero before the point");
	u192_is(&max, 0, 0, "6277101735386680763835789423207666416102355444464034512895", "2^192 - 1");
	u192_is(&max, 0, 18, "6277101735386680763835789423207666416102.355444464034512895",
			"2^192 - 1 with 18 decimals");
	i128_is(-(__int128) 5, 2, "-0.05", "a signed 128-bit integer");
	i128_is(((__int128) 1 << 126) * -2, 0, "-170141183460469231731687303715884105728", "-2^127");

	/* carries */
	v.w[0] = UINT64_MAX;
	v.w[1] = UINT64_MAX;
	v.w[2] = 0;
	prognos_u192_add128(&v, 1);
	tap_ok(v.w[0] == 0 && v.w[1] == 0 && v.w[2] == 1, "2^128 - 1 + 1 carries into the top word");
	v.w[0] = UINT64_MAX;
	v.w[1] = 5;
	v.w[2] = 0;
	prognos_u192_add128(&v, ((unsigned __int128) UINT64_MAX << 64) | 1);
	tap_ok(v.w[0] == 0 && v.w[1] == 5 && v.w[2] == 1, "a carry from the low word and one from the middle word");
	v.w[0] = 7;
	v.w[1] = 0;
	v.w[2] = 3;
	prognos_u192_add(&v, &(PrognosU192) {{UINT64_MAX, UINT64_MAX, 4}});
	tap_ok(v.w[0] == 6 && v.w[1] == 0 && v.w[2] == 8, "adding two 192-bit numbers carries through");

	/* relative error, rounded half away from zero to 18 decimals */
	tap_ok(prognos_ratio_term(1, 3) == 333333333333333333ULL, "1/3 rounds down");
	tap_ok(prognos_ratio_term(2, 3) == 666666666666666667ULL, "2/3 rounds up");
	tap_ok(prognos_ratio_term(1, 4) == 250000000000000000ULL, "1/4 is exact");
	tap_ok(prognos_ratio_term(1, 2000000000000000000ULL) == 1, "half of 10^-18 rounds away from zero");
	tap_ok(prognos_ratio_term(0, 17) == 0, "no error, no ratio");
	tap_ok(prognos_ratio_term(UINT64_MAX, 1) == (unsigned __int128) UINT64_MAX * 1000000000000000000ULL,
		   "the largest ratio, (2^64 - 1) x 10^18, fits");

	/* the accuracy sums */
	memset(&s, 0, sizeof(s));
	prognos_accuracy_add(&s, 100, 110, 0);
	prognos_accuracy_add(&s, 50, 40, 0);
	prognos_accuracy_add(&s, 10, 0, 0);
	tap_ok(s.n == 3 && s.n_pct == 2 && s.sum_err == -10 && s.sum_abs == 30
		   && s.sum_sq.w[0] == 300 && s.sum_sq.w[1] == 0 && s.sum_sq.w[2] == 0,
		   "three pairs: e = 10, -10, -10; n 3, 2 with an outcome, sums -10, 30, 300");
	/* 10/110 -> 90909090909090909.09 -> ...909; 10/40 -> 0.25 */
	tap_ok(s.sum_ratio.w[0] == 90909090909090909ULL + 250000000000000000ULL,
		   "the relative errors 10/110 and 10/40 in units of 10^-18");
	memset(&s, 0, sizeof(s));
	prognos_accuracy_add(&s, 100, 110, 1);
	tap_ok(s.sum_err == -10 && s.sum_abs == 10, "in the cost convention the error is forecast - outcome");

	/* the ends of the range: |e| = 2^64 - 1 twice, e^2 summed past 2^128 */
	memset(&s, 0, sizeof(s));
	prognos_accuracy_add(&s, INT64_MIN, INT64_MAX, 0);
	prognos_accuracy_add(&s, INT64_MAX, INT64_MIN, 0);
	tap_ok(s.sum_err == 0 && s.sum_abs == (unsigned __int128) UINT64_MAX * 2,
		   "errors of +-(2^64 - 1) cancel in the sum and add in the absolute sum");
	u192_is(&s.sum_sq, 0, 0, "680564733841876926852962238568698216450", "the squares add up to 2 (2^64 - 1)^2");
	prognos_u192_format(&s.sum_ratio, 0, 0, buf);
	tap_ok(s.n_pct == 2, "both outcomes are non-zero (%s)", buf);

	/* combining in any split gives the sums of all pairs */
	memset(&all, 0, sizeof(all));
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	for (i = 0; i < 1000; i++)
	{
		int64_t		f = next_random(&rnd) >> (i % 50);
		int64_t		o = (i % 37 == 0) ? 0 : next_random(&rnd) >> (i % 40);

		prognos_accuracy_add(&all, f, o, i % 3 == 0);
		prognos_accuracy_add(i % 2 ? &a : &b, f, o, i % 3 == 0);
	}
	prognos_accuracy_combine(&a, &b);
	tap_ok(sums_equal(&a, &all), "two partial sums combined equal the sums of all pairs");
	tap_is_i64(all.n, 1000, "1000 pairs");
	tap_is_i64(all.n - all.n_pct, 28, "28 of them with outcome 0 (i = 0, 37, ..., 999)");

	/* packing */
	prognos_accuracy_pack(&all, packed);
	tap_ok(prognos_accuracy_unpack(packed, PROGNOS_PACKED_LEN, &back) == 0 && sums_equal(&back, &all),
		   "pack and unpack give the sums back");
	tap_ok(packed[0] == 0 && packed[7] == (1000 & 0xFF) && packed[6] == (1000 >> 8),
		   "the count is written big-endian");
	tap_ok(prognos_accuracy_unpack(packed, PROGNOS_PACKED_LEN - 1, &back) == -1, "a short state is refused");
	packed[15] = 0xFF;
	packed[14] = 0xFF;
	tap_ok(prognos_accuracy_unpack(packed, PROGNOS_PACKED_LEN, &back) == -1,
		   "a state with more non-zero outcomes than pairs is refused");
	packed[8] = 0x80;
	tap_ok(prognos_accuracy_unpack(packed, PROGNOS_PACKED_LEN, &back) == -1, "a negative count is refused");

	return tap_done();
}
