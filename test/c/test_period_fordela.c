/*
 * Unit tests of period_core.c and fordela_core.c.  Expected values are
 * worked out by hand in the comments.
 */
#include "fordela_core.h"
#include "period_core.h"
#include "tap.h"

#include <stdlib.h>

/* A small deterministic generator (the C library's rand_r is not C11). */
static int
next_random(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (int) ((*state >> 1) & 0x3FFFFFFF);
}

/* Parse text as a period and compare its canonical form. */
static void
period_is(const char *text, const char *want)
{
	PeriodParts p;
	char		buf[PERIOD_TEXT_LEN];
	char		err[PERIOD_ERRMSG_LEN];

	if (period_parse(text, strlen(text), &p, err) != 0)
	{
		tap_ok(0, "period \"%s\" parses (%s)", text, err);
		return;
	}
	period_format(p, buf);
	tap_is_str(buf, want, text);
}

/* Expect a parse error whose message contains a fragment. */
static void
period_fails(const char *text, const char *fragment)
{
	PeriodParts p;
	char		err[PERIOD_ERRMSG_LEN];
	int			rc = period_parse(text, strlen(text), &p, err);

	if (!tap_ok(rc != 0 && strstr(err, fragment) != NULL, "period \"%s\" is rejected: %s", text, fragment))
		printf("#   rc %d, message: %s\n", rc, err);
}

int
main(void)
{
	PeriodParts p;
	char		buf[PERIOD_TEXT_LEN];
	uint64_t	linear[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	int64_t		parts[12];
	int64_t		sum;
	int			i,
				n;
	unsigned	seed = 12345;

	period_is("2023-01..2023-05", "2023-01..2023-05");
	period_is("2024-08", "2024-08..2024-08");
	period_is("jan-maj 2023", "2023-01..2023-05");
	period_is("januari\xE2\x80\x93" "augusti 2024", "2024-01..2024-08");
	period_is("jan.-maj 2023", "2023-01..2023-05");
	period_is("T1 2024", "2024-01..2024-04");
	period_is("tertial 2 2024", "2024-01..2024-08");
	period_is("T3 2024", "2024-01..2024-12");
	period_is("hel\xC3\xA5r 2023", "2023-01..2023-12");
	period_is("HEL\xC3\x85R 2023", "2023-01..2023-12");
	period_is("2023", "2023-01..2023-12");
	period_is("  Maj   2023 ", "2023-05..2023-05");
	period_fails("2023-11..2024-02", "within one year");
	period_fails("maj-jan 2023", "runs backwards");
	period_fails("2023-13", "1 to 12");
	period_fails("T4 2024", "tertial");
	period_fails("", "empty");
	period_fails("sm\xC3\xB6rg\xC3\xA5s 2023", "not a Swedish month");
	period_fails("jan-maj", "year");
	period_fails("0999", "between 1000 and 9999");

	/* packing orders by year, first month, last month */
	p.year = 2024; p.first = 1; p.last = 4;
	tap_ok(period_pack(p) < (p.first = 2, period_pack(p)), "jan–apr sorts before feb–apr");
	tap_ok(period_valid(period_pack(p)) && !period_valid(0) && !period_valid(-1), "period_valid");
	p.first = 1; p.last = 5; p.year = 2023;
	period_visa(p, buf);
	tap_is_str(buf, "jan\xE2\x80\x93maj 2023", "visa: jan–maj 2023 with an en dash");

	/* 966 333 tkr = 96 633 300 000 öre over 12 months: 8 052 775 000 each */
	tap_ok(fordela_spread(96633300000, linear, parts) == 0, "linear spread accepted");
	tap_is_i64(parts[0] * 8, 64422200000, "Jan–Aug of 966 333 tkr is 644 222 tkr");
	/* 5 öre over 12 months: the first five months get one each */
	fordela_spread(5, linear, parts);
	tap_ok(parts[0] == 1 && parts[4] == 1 && parts[5] == 0 && parts[11] == 0, "5 öre: ties go to earlier months");
	fordela_spread(-5, linear, parts);
	tap_ok(parts[0] == -1 && parts[4] == -1 && parts[5] == 0, "-5 öre: symmetric");
	fordela_spread(INT64_MIN, linear, parts);
	for (sum = 0, i = 0; i < 12; i++)
		sum += parts[i] / 12;	/* avoid overflow: compare the twelfths */
	tap_ok(parts[0] < 0 && sum < 0, "the smallest belopp spreads without overflow");
	{
		uint64_t	zero[12] = {0};

		tap_ok(fordela_spread(100, zero, parts) != 0, "all-zero weights are rejected");
	}

	/* generated amounts and weights: the parts always add up to the whole */
	for (n = 0, i = 0; i < 2000; i++)
	{
		uint64_t	w[12];
		int64_t		whole = ((int64_t) next_random(&seed) << 20) - ((int64_t) next_random(&seed) << 10);
		int			m;

		for (m = 0; m < 12; m++)
			w[m] = (uint64_t) (next_random(&seed) % 1000);
		w[next_random(&seed) % 12] += 1;
		fordela_spread(whole, w, parts);
		for (sum = 0, m = 0; m < 12; m++)
			sum += parts[m];
		n += (sum == whole);
	}
	tap_is_i64(n, 2000, "2 000 generated spreads add up exactly");

	/* weights from decimal text */
	{
		const char *const txt[12] = {"0.5", "1", "1.25", "0", "0", "0", "0", "0", "0", "0", "0", "2.00"};
		const char *const neg[12] = {"-1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1"};
		uint64_t	w[12];
		char		err[FORDELA_ERRMSG_LEN];
		TalTal		tw[12];
		TalTal		nw[12];
		TalLexeme	lx;
		int			lexed = 0;

		/* the weights are read by the one number reader, as numeric's text */
		for (int i = 0; i < 12; i++)
		{
			lexed += tal_lex(txt[i], strlen(txt[i]), TAL_POINT | TAL_POINT_DECIMALS, &lx) == TAL_OK &&
				lx.len == strlen(txt[i]);
			tw[i] = lx.value;
			lexed += tal_lex(neg[i], strlen(neg[i]), TAL_POINT | TAL_POINT_DECIMALS, &lx) == TAL_OK &&
				lx.len == strlen(neg[i]);
			nw[i] = lx.value;
		}
		tap_is_i64(lexed, 24, "the 24 weights are read as numbers");
		tap_ok(fordela_weights(tw, w, err) == 0 && w[0] == 50 && w[1] == 100 && w[2] == 125 && w[11] == 200,
			   "weights 0.5, 1, 1.25, 2.00 scale by 100 to 50, 100, 125, 200");
		tap_ok(fordela_weights(nw, w, err) != 0 && strstr(err, "negative weight -1;") != NULL,
			   "a negative weight is rejected");
	}

	/* summable rounding: 1,4 1,4 1,4 0,8 (units of 0,1) to whole units: 2 1 1 1 */
	{
		int64_t		v[4] = {14, 14, 14, 8};
		int64_t		r[4];

		fordela_round_summable(v, 4, 10, r);
		tap_ok(r[0] == 2 && r[1] == 1 && r[2] == 1 && r[3] == 1, "1,4 1,4 1,4 0,8 round to 2 1 1 1 (total 5)");
	}
	{
		int64_t		v[3] = {-15, -15, -15};	/* -1,5 each, total -4,5 -> -5 */
		int64_t		r[3];

		fordela_round_summable(v, 3, 10, r);
		tap_ok(r[0] + r[1] + r[2] == -5 && r[0] >= -2 && r[2] <= -1, "negative halves: total -4,5 rounds to -5");
	}
	return tap_done();
}
