/*
 * test_belopp_core.c -- unit tests of the pure-C belopp core: parsing,
 * canonical formatting, the Swedish presentation and integer rounding.
 *
 * Every expected value is worked out from the meaning of the input (kronor
 * times the unit, in öre), not taken from the code's output.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "belopp_core.h"
#include "tap.h"

/* Unicode characters the parser must know, as UTF-8. */
#define NBSP	"\xC2\xA0"		/* U+00A0 NO-BREAK SPACE */
#define THIN	"\xE2\x80\x89"	/* U+2009 THIN SPACE */
#define NNBSP	"\xE2\x80\xAF"	/* U+202F NARROW NO-BREAK SPACE */
#define MINUS	"\xE2\x88\x92"	/* U+2212 MINUS SIGN */
#define NDASH	"\xE2\x80\x93"	/* U+2013 EN DASH */
#define PLMN	"\xC2\xB1"		/* U+00B1 PLUS-MINUS SIGN */

#define I128_MAX ((__int128) (((unsigned __int128) 1 << 127) - 1))
#define I128_MIN (-I128_MAX - 1)

/*
 * Parse a string.  It is copied into a heap buffer of exactly its length,
 * without a terminating NUL, so that AddressSanitizer catches any read past
 * the given length.
 */
static BeloppParseResult
parse(const char *s, int64_t *ore, char *errmsg)
{
	size_t		len = strlen(s);
	char	   *copy = malloc(len > 0 ? len : 1);
	BeloppParseResult r;

	memcpy(copy, s, len);
	r = belopp_parse(len > 0 ? copy : copy + 1, len, ore, errmsg);
	free(copy);
	return r;
}

/*
 * The input as it is shown in an assertion's description: control characters
 * are escaped so that each TAP line stays one line.
 */
static const char *
shown(const char *s)
{
	static char buf[4][64];
	static int	which = 0;
	char	   *out = buf[which++ % 4];
	size_t		n = 0;

	for (; *s != '\0' && n < sizeof(buf[0]) - 5; s++)
	{
		unsigned char c = (unsigned char) *s;

		if (c == '\t')
			n += (size_t) snprintf(out + n, 3, "\\t");
		else if (c == '\n')
			n += (size_t) snprintf(out + n, 3, "\\n");
		else if (c < 0x20 || c == 0x7F)
			n += (size_t) snprintf(out + n, 5, "\\x%02X", c);
		else
			out[n++] = (char) c;
	}
	if (*s != '\0')
		n += (size_t) snprintf(out + n, 4, "...");
	out[n] = '\0';
	return out;
}

/* Assert that text parses to the given number of öre. */
static void
parses_to(const char *s, int64_t want, const char *what)
{
	int64_t		ore = 0x5A5A5A5A;
	char		errmsg[BELOPP_ERRMSG_LEN];
	BeloppParseResult r = parse(s, &ore, errmsg);

	if (!tap_ok(r == BELOPP_OK && ore == want, "parse \"%s\": %s", shown(s), what))
	{
		if (r != BELOPP_OK)
			printf("#   result %d: %s\n", (int) r, errmsg);
		else
			printf("#   got:  %" PRId64 "\n#   want: %" PRId64 "\n", ore, want);
	}
}

/*
 * Assert that text is rejected with the given result code and a message that
 * contains the word naming what is wrong (NULL: any non-empty message).
 */
static void
rejects(const char *s, BeloppParseResult want, const char *word, const char *what)
{
	int64_t		ore = 0;
	char		errmsg[BELOPP_ERRMSG_LEN];
	BeloppParseResult r;
	int			ok;

	memset(errmsg, 'x', sizeof(errmsg));
	r = parse(s, &ore, errmsg);
	ok = r == want && memchr(errmsg, '\0', sizeof(errmsg)) != NULL && errmsg[0] != '\0' &&
		(word == NULL || strstr(errmsg, word) != NULL);
	if (!tap_ok(ok, "reject \"%s\": %s", shown(s), what))
		printf("#   result %d (want %d), message: %.*s\n", (int) r, (int) want,
			   BELOPP_ERRMSG_LEN - 1, errmsg);
}

/* Assert the presentation of ore in a unit with a number of decimals. */
static void
visa_is(int64_t ore, int ore_exp, int decimals, const char *want, const char *what)
{
	char		buf[BELOPP_VISA_LEN];
	int			n;

	memset(buf, 'x', sizeof(buf));
	n = belopp_visa(ore, ore_exp, decimals, buf);
	if (!tap_is_str(buf, want, what))
		return;
	if (n != (int) strlen(want))
		tap_ok(0, "belopp_visa returns the length of \"%s\" (got %d)", want, n);
}

/* A small deterministic generator (xorshift64*) for the round trips. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/* A value of random magnitude: uniform over the bit length, random sign. */
static int64_t
random_amount(void)
{
	uint64_t	r = rng_next();
	int			bits = (int) (rng_next() % 64);
	uint64_t	mag = bits == 0 ? 0 : r >> (64 - bits);

	return (int64_t) mag;		/* the top bit, when set, makes it negative */
}

static void
test_input_forms(void)
{
	/* plain numbers: kronor, with the öre after the decimal separator */
	parses_to("0", 0, "zero");
	parses_to("7", 700, "one digit is kronor");
	parses_to("1634", 163400, "kronor without grouping");
	parses_to("1 634", 163400, "a space groups thousands");
	parses_to("1634.50", 163450, "decimal point");
	parses_to("1634,50", 163450, "decimal comma");
	parses_to("1634,5", 163450, "one decimal is tenths of a krona");
	parses_to("0,01", 1, "one öre");
	parses_to("0.99", 99, "ninety-nine öre");
	parses_to("1 634,500", 163450, "zeros beyond the öre are exact, so allowed");
	parses_to("12,30000000", 1230, "many zeros beyond the öre");
	parses_to("2 384 841", 238484100, "three groups");
	parses_to("123 456 789,12", 12345678912LL, "groups and decimals");
	parses_to("000 001", 100, "leading zeros in groups are still digits");
	parses_to("  1 634  ", 163400, "surrounding spaces");
	parses_to("\t1634\n", 163400, "surrounding tab and newline");

	/* the four group separators */
	parses_to("1" NBSP "634", 163400, "no-break space groups thousands");
	parses_to("1" THIN "634", 163400, "thin space groups thousands");
	parses_to("1" NNBSP "634", 163400, "narrow no-break space groups thousands");
	parses_to("2" NNBSP "384" NNBSP "841" NBSP "tkr", 238484100000LL,
			  "narrow no-break spaces, then a no-break space before the unit");
	parses_to(NBSP "5 943" NBSP, 594300, "no-break spaces around the amount");

	/* signs */
	parses_to("-5943", -594300, "hyphen-minus");
	parses_to("+5943", 594300, "plus sign");
	parses_to(MINUS "5 943", -594300, "U+2212 minus sign");
	parses_to(NDASH "0,9", -90, "U+2013 en dash as minus (–0,9)");
	parses_to("- 5 943", -594300, "space between sign and digits");
	parses_to("-0", 0, "minus zero is zero");
	parses_to("+-0", 0, "+-0 is zero");
	parses_to(PLMN "0", 0, "±0 is zero");
	parses_to(PLMN "0,00 tkr", 0, "±0,00 tkr is zero");

	/* accounting parentheses */
	parses_to("(5 943)", -594300, "parentheses mean negative");
	parses_to("( 5 943 )", -594300, "spaces inside parentheses");
	parses_to("(5 943) tkr", -594300000LL, "unit after the parentheses");
	parses_to("(5 943 tkr)", -594300000LL, "unit inside the parentheses");
	parses_to("(0,9)", -90, "parenthesised decimal");
	parses_to("(0)", 0, "parenthesised zero is zero");

	/* units, case-insensitively */
	parses_to("1 634 kr", 163400, "kr");
	parses_to("1 634kr", 163400, "kr without a space");
	parses_to("1 634 KR", 163400, "KR");
	parses_to("1 634 sek", 163400, "sek is kronor");
	parses_to("1 634 SEK", 163400, "SEK");
	parses_to("2 384 841 tkr", 238484100000LL, "tkr is thousands: 2 384 841 tkr");
	parses_to("1,5 TKR", 150000, "TKR");
	parses_to("1,2345 tkr", 123450, "four decimals of tkr are 1 234,50 kr: exact");
	parses_to("1,23456 tkr", 123456, "five decimals of tkr are whole öre");
	parses_to("11,3 mnkr", 1130000000LL, "11,3 mnkr");
	parses_to(MINUS "27,6 mnkr", -2760000000LL, "−27,6 mnkr");
	parses_to("-27,6 MNKR", -2760000000LL, "MNKR");
	parses_to("1 634 mkr", 163400000000LL, "mkr is millions");
	parses_to("1 634 Mkr", 163400000000LL, "Mkr is millions");
	parses_to("1 634 MKR", 163400000000LL, "MKR is millions");
	parses_to("1,5 mdkr", 150000000000LL, "mdkr is thousands of millions");
	parses_to("2 MdKr", 200000000000LL, "MdKr");
	parses_to("0,00000000001 mdkr", 1, "eleven decimals of mdkr are one öre");
	parses_to("(5 943)tkr", -594300000LL, "unit straight after the parenthesis");
}

static void
test_errors(void)
{
	/* the grouping rules */
	rejects("1 63", BELOPP_SYNTAX, "group", "a group of two digits");
	rejects("1 6345", BELOPP_SYNTAX, "group", "a group of four digits");
	rejects("1 634 5", BELOPP_SYNTAX, "group", "a last group of one digit");
	rejects("1234 567", BELOPP_SYNTAX, "group", "a first group of four digits");
	rejects("12" NBSP "34", BELOPP_SYNTAX, "group", "a two-digit group after a no-break space");
	rejects("1 634,123 4", BELOPP_SYNTAX, NULL, "grouping after the decimal separator");

	/* decimals */
	rejects("1,234.56", BELOPP_SYNTAX, "two decimal separators", "comma then point");
	rejects("1.234,56", BELOPP_SYNTAX, "two decimal separators", "point then comma");
	rejects("1,2,3", BELOPP_SYNTAX, "two decimal separators", "two commas");
	rejects("1634,", BELOPP_SYNTAX, NULL, "a decimal separator without digits");
	rejects(",50", BELOPP_SYNTAX, NULL, "a decimal separator without an integer part");
	rejects("0,001", BELOPP_SYNTAX, "öre", "a tenth of an öre");
	rejects("1 634,505", BELOPP_SYNTAX, "öre", "half an öre is not rounded");
	rejects("1,234567 tkr", BELOPP_SYNTAX, "öre", "six decimals of tkr");
	rejects("0,000000001 mnkr", BELOPP_SYNTAX, "öre", "nine decimals of mnkr");
	rejects("0,000000000001 mdkr", BELOPP_SYNTAX, "öre", "twelve decimals of mdkr");

	/* units */
	rejects("5 kronor", BELOPP_SYNTAX, "unit", "kronor is not a unit");
	rejects("5 mn", BELOPP_SYNTAX, "unit", "mn is not a unit");
	rejects("5 usd", BELOPP_SYNTAX, "unit", "a foreign currency");
	rejects("5 tkr kr", BELOPP_SYNTAX, NULL, "two units");
	rejects("(5 tkr) tkr", BELOPP_SYNTAX, NULL, "a unit inside and after parentheses");
	rejects("tkr", BELOPP_SYNTAX, NULL, "a unit without a number");

	/* signs and parentheses */
	rejects("(-5 943)", BELOPP_SYNTAX, "parenthes", "a sign inside parentheses");
	rejects("(" MINUS "5)", BELOPP_SYNTAX, "parenthes", "a minus sign inside parentheses");
	rejects("(+5)", BELOPP_SYNTAX, "parenthes", "a plus sign inside parentheses");
	rejects("(5 943", BELOPP_SYNTAX, "parenthes", "an unclosed parenthesis");
	rejects("(", BELOPP_SYNTAX, NULL, "an opening parenthesis alone");
	rejects("( ", BELOPP_SYNTAX, NULL, "an opening parenthesis and a space");
	rejects("+", BELOPP_SYNTAX, NULL, "a plus sign alone");
	rejects(MINUS, BELOPP_SYNTAX, NULL, "a minus sign alone");
	rejects("5,", BELOPP_SYNTAX, NULL, "a decimal separator at the end");
	rejects("(5 943 tkr", BELOPP_SYNTAX, "parenthes", "an unclosed parenthesis after a unit");
	rejects("5 943)", BELOPP_SYNTAX, "parenthes", "a closing parenthesis without an opening one");
	rejects("-(5)", BELOPP_SYNTAX, NULL, "a sign before parentheses");
	rejects("((5))", BELOPP_SYNTAX, NULL, "nested parentheses");
	rejects("+-5", BELOPP_SYNTAX, NULL, "+- before a non-zero amount");
	rejects(PLMN "0,01", BELOPP_SYNTAX, NULL, "± before one öre");
	rejects("--5", BELOPP_SYNTAX, NULL, "two minus signs");
	rejects("-+5", BELOPP_SYNTAX, NULL, "minus then plus");
	rejects("-", BELOPP_SYNTAX, NULL, "a sign alone");
	rejects("5-", BELOPP_SYNTAX, NULL, "a trailing minus");

	/* empty and junk */
	rejects("", BELOPP_SYNTAX, NULL, "empty text");
	rejects("   ", BELOPP_SYNTAX, NULL, "only spaces");
	rejects("abc", BELOPP_SYNTAX, NULL, "letters");
	rejects("5 943 kr x", BELOPP_SYNTAX, NULL, "junk after the unit");
	rejects("5 943 #", BELOPP_SYNTAX, NULL, "a stray character");
	rejects("12abc", BELOPP_SYNTAX, NULL, "letters straight after the digits");
	rejects("1e5", BELOPP_SYNTAX, NULL, "exponent notation");
	rejects("0x10", BELOPP_SYNTAX, NULL, "hexadecimal");
	rejects("1\t634", BELOPP_SYNTAX, NULL, "a tab is not a group separator");
	rejects("1  634", BELOPP_SYNTAX, NULL, "two spaces are not a group separator");
	rejects("NaN", BELOPP_SYNTAX, NULL, "NaN");
	rejects("Infinity", BELOPP_SYNTAX, NULL, "Infinity");

	/* text with an embedded zero byte is not an amount */
	{
		int64_t		ore;
		char		errmsg[BELOPP_ERRMSG_LEN];

		tap_ok(belopp_parse("5\0" "1", 3, &ore, errmsg) == BELOPP_SYNTAX,
			   "reject a zero byte inside the given length");
		tap_ok(belopp_parse("51", 1, &ore, errmsg) == BELOPP_OK && ore == 500,
			   "only len bytes are read (\"51\" with length 1 is 5 kr)");
		tap_ok(belopp_parse("5 x", 3, &ore, NULL) == BELOPP_SYNTAX,
			   "a NULL errmsg is allowed");
	}
}

static void
test_range(void)
{
	parses_to("92233720368547758.07", INT64_MAX, "the largest belopp");
	parses_to("92 233 720 368 547 758,07 kr", INT64_MAX, "the largest belopp, grouped");
	parses_to("92233720,36854775807 mdkr", INT64_MAX, "the largest belopp in mdkr");
	parses_to("-92233720368547758.08", INT64_MIN, "the smallest belopp");
	parses_to("(92 233 720 368 547 758,08)", INT64_MIN, "the smallest belopp in parentheses");
	parses_to(MINUS "92 233 720 368,54775808 mnkr", INT64_MIN, "the smallest belopp in mnkr");
	rejects("92233720368547758.08", BELOPP_RANGE, NULL, "one öre above the largest");
	rejects("-92233720368547758.09", BELOPP_RANGE, NULL, "one öre below the smallest");
	rejects("(92 233 720 368 547 758,09)", BELOPP_RANGE, NULL, "one öre below the smallest, in parentheses");
	rejects("92233720,36854775808 mdkr", BELOPP_RANGE, NULL, "one öre above the largest, in mdkr");
	rejects("92233720368547759 kr", BELOPP_RANGE, NULL, "whole kronor above the largest");
	rejects("92 233 721 mdkr", BELOPP_RANGE, NULL, "mdkr scale a small number out of range");
	rejects("100 000 000 mdkr", BELOPP_RANGE, NULL, "1e19 öre from a unit");
	rejects("-100 000 000 000 000 mnkr", BELOPP_RANGE, NULL, "a huge negative mnkr amount");
	rejects("99999999999999999999999999999999999999999999999999", BELOPP_RANGE, NULL,
			"fifty nines");
	rejects("340282366920938463463374607431768211457", BELOPP_RANGE, NULL,
			"a number above 2^128");
	{
		/* a thousand digits must neither wrap nor crash */
		char		big[1100];

		memset(big, '9', 1000);
		strcpy(big + 1000, " mdkr");
		rejects(big, BELOPP_RANGE, NULL, "a thousand nines of mdkr");
		memset(big, '0', 1000);
		strcpy(big + 1000, "1 kr");
		parses_to(big, 100, "a thousand leading zeros");
	}
}

static void
test_format(void)
{
	char		buf[BELOPP_CANON_LEN];
	static const struct
	{
		int64_t		ore;
		const char *text;
	}			cases[] = {
		{0, "0.00"},
		{1, "0.01"},
		{-1, "-0.01"},
		{10, "0.10"},
		{-99, "-0.99"},
		{100, "1.00"},
		{-594300, "-5943.00"},
		{163450, "1634.50"},
		{-2760000000LL, "-27600000.00"},
		{INT64_MAX, "92233720368547758.07"},
		{INT64_MIN, "-92233720368547758.08"},
	};
	size_t		i;
	int			failures = 0;
	int			n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		what[80];

		n = belopp_format(cases[i].ore, buf);
		snprintf(what, sizeof(what), "format %" PRId64 " öre", cases[i].ore);
		tap_is_str(buf, cases[i].text, what);
		snprintf(what, sizeof(what), "format returns the length of \"%s\"", cases[i].text);
		tap_is_i64(n, (int64_t) strlen(cases[i].text), what);
	}

	/* format then parse gives the same value, over many values */
	for (i = 0; i < 200000; i++)
	{
		int64_t		v;
		int64_t		back = 0;

		switch (i)
		{
			case 0:
				v = INT64_MIN;
				break;
			case 1:
				v = INT64_MAX;
				break;
			case 2:
				v = INT64_MIN + 1;
				break;
			case 3:
				v = INT64_MAX - 1;
				break;
			default:
				v = random_amount();
				break;
		}
		n = belopp_format(v, buf);
		if (n >= BELOPP_CANON_LEN || (int) strlen(buf) != n ||
			belopp_parse(buf, (size_t) n, &back, NULL) != BELOPP_OK || back != v)
		{
			if (failures++ < 5)
				printf("#   round trip failed for %" PRId64 ": \"%s\"\n", v, buf);
		}
	}
	tap_ok(failures == 0, "format then parse round-trips 200 000 values including INT64_MIN/MAX");
}

static void
test_unit_exp(void)
{
	tap_is_i64(belopp_unit_exp("", 0), 2, "the empty unit is kr");
	tap_is_i64(belopp_unit_exp("kr", 2), 2, "kr: 10^2 öre");
	tap_is_i64(belopp_unit_exp("Kr", 2), 2, "Kr: 10^2 öre");
	tap_is_i64(belopp_unit_exp("SEK", 3), 2, "SEK: 10^2 öre");
	tap_is_i64(belopp_unit_exp("tkr", 3), 5, "tkr: 10^5 öre");
	tap_is_i64(belopp_unit_exp("TKR", 3), 5, "TKR: 10^5 öre");
	tap_is_i64(belopp_unit_exp("mnkr", 4), 8, "mnkr: 10^8 öre");
	tap_is_i64(belopp_unit_exp("mkr", 3), 8, "mkr: 10^8 öre");
	tap_is_i64(belopp_unit_exp("Mkr", 3), 8, "Mkr: 10^8 öre");
	tap_is_i64(belopp_unit_exp("mdkr", 4), 11, "mdkr: 10^11 öre");
	tap_is_i64(belopp_unit_exp("MDKR", 4), 11, "MDKR: 10^11 öre");
	tap_is_i64(belopp_unit_exp("tkrx", 3), 5, "only len bytes of the name are read");
	tap_is_i64(belopp_unit_exp("krona", 5), -1, "krona is not a unit");
	tap_is_i64(belopp_unit_exp("k", 1), -1, "k is not a unit");
	tap_is_i64(belopp_unit_exp("mn", 2), -1, "mn is not a unit");
	tap_is_i64(belopp_unit_exp("kr ", 3), -1, "a unit with a trailing space is not a unit");
	tap_is_i64(belopp_unit_exp("mdkrr", 5), -1, "mdkrr is not a unit");
}

static void
test_visa(void)
{
	/* the spec's example and its neighbours */
	visa_is(-107400000000LL, 8, 1, "-1 074,0", "-1 074 000 000 kr in mnkr, one decimal");
	visa_is(-107400000000LL, 8, 0, "-1 074", "-1 074 000 000 kr in mnkr, no decimals");
	visa_is(-594300, 2, 0, "-5 943", "-5 943 kr, no decimals");
	visa_is(163450, 2, 2, "1 634,50", "1 634,50 kr, two decimals");
	visa_is(238484100000LL, 5, 0, "2 384 841", "2 384 841 tkr");
	visa_is(1130000000LL, 8, 1, "11,3", "11,3 mnkr");
	visa_is(12345678900LL, 2, 0, "123 456 789", "three full groups");
	visa_is(1234500, 2, 0, "12 345", "a first group of two digits");
	visa_is(100000000, 2, 0, "1 000 000", "a round million");
	visa_is(99900, 2, 0, "999", "no separator below a thousand");
	visa_is(100, 2, 4, "1,0000", "more decimals than the unit has: zeros");
	visa_is(1, 2, 2, "0,01", "one öre");
	visa_is(1, 5, 5, "0,00001", "one öre in tkr with five decimals");
	visa_is(1, 11, 11, "0,00000000001", "one öre in mdkr with eleven decimals");
	visa_is(INT64_MAX, 2, 20, "92 233 720 368 547 758,07000000000000000000",
			"the largest belopp with twenty decimals");
	visa_is(INT64_MIN, 2, 2, "-92 233 720 368 547 758,08", "the smallest belopp in kr");
	visa_is(INT64_MIN, 11, 0, "-92 233 720", "the smallest belopp in mdkr");
	visa_is(INT64_MIN, 11, 20, "-92 233 720,36854775808000000000",
			"the smallest belopp in mdkr with twenty decimals");

	/* rounding half away from zero, both signs */
	visa_is(5, 2, 1, "0,1", "0,05 kr to one decimal rounds up");
	visa_is(-5, 2, 1, "-0,1", "-0,05 kr to one decimal rounds down");
	visa_is(4, 2, 1, "0,0", "0,04 kr to one decimal rounds to zero");
	visa_is(-4, 2, 1, "0,0", "-0,04 kr to one decimal is 0,0, never -0,0");
	visa_is(-49, 2, 0, "0", "-0,49 kr to no decimals is 0, never -0");
	visa_is(-50, 2, 0, "-1", "-0,50 kr rounds away from zero to -1");
	visa_is(50, 2, 0, "1", "0,50 kr rounds away from zero to 1");
	visa_is(150000, 5, 0, "2", "1,5 tkr to no decimals is 2");
	visa_is(250000, 5, 0, "3", "2,5 tkr to no decimals is 3 (not to even)");
	visa_is(-250000, 5, 0, "-3", "-2,5 tkr to no decimals is -3");
	visa_is(249999, 5, 0, "2", "2,49999 tkr to no decimals is 2");
	visa_is(65651234500LL, 8, 0, "657", "656 512 345 kr is 657 mnkr");
	visa_is(-65651234500LL, 8, 1, "-656,5", "-656 512 345 kr is -656,5 mnkr");
	visa_is(99950000, 5, 0, "1 000", "999,5 tkr rounds into a new group");
	visa_is(-99999950, 8, 0, "-1", "-0,9999995 mnkr rounds to -1");
	visa_is(INT64_MAX, 2, 0, "92 233 720 368 547 758", "the largest belopp, no decimals");
	visa_is(INT64_MIN, 2, 0, "-92 233 720 368 547 758", "the smallest belopp, no decimals");
	visa_is(INT64_MAX, 11, 0, "92 233 720", "the largest belopp in mdkr");

	/* exact mode: the fewest decimals that show the value */
	visa_is(0, 2, -1, "0", "zero, exact");
	visa_is(163400, 2, -1, "1 634", "whole kronor, exact: no decimals");
	visa_is(163450, 2, -1, "1 634,50", "kronor with öre, exact: two decimals");
	visa_is(163410, 2, -1, "1 634,10", "ten öre, exact: still two decimals in kr");
	visa_is(-594300, 2, -1, "-5 943", "negative whole kronor, exact");
	visa_is(-1, 2, -1, "-0,01", "minus one öre, exact");
	visa_is(163450, 5, -1, "1,6345", "1 634,50 kr in tkr, exact");
	visa_is(163400, 5, -1, "1,634", "1 634 kr in tkr, exact");
	visa_is(-2760000000LL, 8, -1, "-27,6", "-27,6 mnkr, exact");
	visa_is(238484100000LL, 5, -1, "2 384 841", "2 384 841 tkr, exact");
	visa_is(1, 11, -1, "0,00000000001", "one öre in mdkr, exact");
	visa_is(INT64_MAX, 11, -1, "92 233 720,36854775807", "the largest belopp in mdkr, exact");
	visa_is(INT64_MIN, 2, -1, "-92 233 720 368 547 758,08", "the smallest belopp in kr, exact");
	visa_is(INT64_MIN, 8, -1, "-92 233 720 368,54775808", "the smallest belopp in mnkr, exact");
}

static void
test_visa_round_trip(void)
{
	static const int exps[] = {2, 5, 8, 11};
	static const char *const units[] = {"kr", "tkr", "mnkr", "mdkr"};
	int			failures = 0;
	int			i;
	size_t		u;

	for (i = 0; i < 50000; i++)
	{
		int64_t		v = i == 0 ? INT64_MIN : i == 1 ? INT64_MAX : random_amount();

		for (u = 0; u < 4; u++)
		{
			char		buf[BELOPP_VISA_LEN + 8];
			int64_t		back = 0;
			int			n = belopp_visa(v, exps[u], -1, buf);

			n += snprintf(buf + n, sizeof(buf) - (size_t) n, " %s", units[u]);
			if (belopp_parse(buf, (size_t) n, &back, NULL) != BELOPP_OK || back != v)
			{
				if (failures++ < 5)
					printf("#   visa round trip failed for %" PRId64 ": \"%s\"\n", v, buf);
			}
		}
	}
	tap_ok(failures == 0, "exact visa in every unit parses back to the same value (50 000 values)");
}

static void
test_round_pow10(void)
{
	tap_ok(belopp_round_pow10(123, 0) == 123, "round_pow10 by 10^0 is the value");
	tap_ok(belopp_round_pow10(14, 1) == 1, "1,4 rounds to 1");
	tap_ok(belopp_round_pow10(15, 1) == 2, "1,5 rounds to 2");
	tap_ok(belopp_round_pow10(25, 1) == 3, "2,5 rounds to 3 (away from zero, not to even)");
	tap_ok(belopp_round_pow10(-14, 1) == -1, "-1,4 rounds to -1");
	tap_ok(belopp_round_pow10(-15, 1) == -2, "-1,5 rounds to -2");
	tap_ok(belopp_round_pow10(-25, 1) == -3, "-2,5 rounds to -3");
	tap_ok(belopp_round_pow10(-4, 1) == 0, "-0,4 rounds to 0");
	tap_ok(belopp_round_pow10(0, 5) == 0, "zero stays zero");
	tap_ok(belopp_round_pow10(49999, 5) == 0, "0,49999 rounds to 0");
	tap_ok(belopp_round_pow10(50000, 5) == 1, "0,50000 rounds to 1");
	tap_ok(belopp_round_pow10(-50000, 5) == -1, "-0,50000 rounds to -1");
	tap_ok(belopp_round_pow10(65651234500LL, 8) == 657, "656,512345 rounds to 657");
	tap_ok(belopp_round_pow10((__int128) INT64_MIN, 2) == -92233720368547758LL,
		   "INT64_MIN / 100 rounds to -92233720368547758 (.08 is below half)");
	tap_ok(belopp_round_pow10((__int128) INT64_MAX, 1) == 922337203685477581LL,
		   "INT64_MAX / 10 rounds up (…580,7)");
	tap_ok(belopp_round_pow10(I128_MAX, 38) == 2, "INT128_MAX / 10^38 (1,70…) rounds to 2");
	tap_ok(belopp_round_pow10(I128_MIN, 38) == -2, "INT128_MIN / 10^38 rounds to -2");
	{
		__int128	e37 = 1;
		int			k;

		for (k = 0; k < 37; k++)
			e37 *= 10;
		tap_ok(belopp_round_pow10(9 * e37, 38) == 1,
			   "0,9 x 10^38 / 10^38 rounds to 1 (no overflow doubling the remainder)");
		tap_ok(belopp_round_pow10(-9 * e37, 38) == -1,
			   "-0,9 x 10^38 / 10^38 rounds to -1");
		tap_ok(belopp_round_pow10(4 * e37, 38) == 0, "0,4 x 10^38 / 10^38 rounds to 0");
		tap_ok(belopp_round_pow10(15 * e37, 38) == 2, "1,5 x 10^38 / 10^38 rounds to 2");
	}
}

static void
test_div_round(void)
{
	int64_t		q;

#define DIV_IS(num, den, want, what) \
	do { q = 0x5A5A; \
		 tap_ok(belopp_div_round((num), (den), &q) == 0 && q == (want), "div_round: %s", what); } while (0)
#define DIV_OVERFLOWS(num, den, what) \
	tap_ok(belopp_div_round((num), (den), &q) == -1, "div_round overflows: %s", what)

	DIV_IS(1000, 3, 333, "10,00 kr / 3 = 3,33 kr");
	DIV_IS(2000, 3, 667, "20,00 kr / 3 = 6,67 kr");
	DIV_IS(-2000, 3, -667, "-20,00 kr / 3 = -6,67 kr");
	DIV_IS(2000, -3, -667, "20,00 kr / -3 = -6,67 kr");
	DIV_IS(-2000, -3, 667, "-20,00 kr / -3 = 6,67 kr");
	DIV_IS(5, 2, 3, "2,5 rounds to 3");
	DIV_IS(-5, 2, -3, "-2,5 rounds to -3");
	DIV_IS(5, -2, -3, "5 / -2 rounds to -3");
	DIV_IS(-5, -2, 3, "-5 / -2 rounds to 3");
	DIV_IS(7, 2, 4, "3,5 rounds to 4 (not to even)");
	DIV_IS(1, 3, 0, "1/3 rounds to 0");
	DIV_IS(-1, 3, 0, "-1/3 rounds to 0");
	DIV_IS(2, 3, 1, "2/3 rounds to 1");
	DIV_IS(-2, 3, -1, "-2/3 rounds to -1");
	DIV_IS(0, -7, 0, "zero divided is zero");
	DIV_IS(12, 4, 3, "exact division");
	DIV_IS((__int128) INT64_MAX * 2, 2, INT64_MAX, "2 x INT64_MAX / 2");
	DIV_IS((__int128) INT64_MIN * 2, 2, INT64_MIN, "2 x INT64_MIN / 2");
	DIV_IS((__int128) INT64_MIN * 2 + 1, 2, INT64_MIN, "INT64_MIN + 0,5 rounds away to INT64_MIN");
	DIV_IS((__int128) INT64_MAX * 2 - 1, 2, INT64_MAX, "INT64_MAX - 0,5 rounds away to INT64_MAX");
	DIV_IS((__int128) INT64_MIN, 1, INT64_MIN, "INT64_MIN / 1");
	DIV_IS((__int128) INT64_MAX, -1, -INT64_MAX, "INT64_MAX / -1");
	DIV_OVERFLOWS((__int128) INT64_MAX * 2 + 1, 2, "INT64_MAX + 0,5 rounds beyond INT64_MAX");
	DIV_OVERFLOWS((__int128) INT64_MIN * 2 - 1, 2, "INT64_MIN - 0,5 rounds beyond INT64_MIN");
	DIV_OVERFLOWS((__int128) INT64_MIN, -1, "INT64_MIN / -1");
	DIV_OVERFLOWS((__int128) INT64_MAX * 1000, 3, "a large quotient");
	DIV_OVERFLOWS((__int128) INT64_MIN * 1000, 3, "a large negative quotient");

	/* the whole 128-bit domain: a non-zero divisor is the only precondition */
	DIV_IS(I128_MAX, I128_MAX, 1, "INT128_MAX / INT128_MAX");
	DIV_IS(I128_MIN, I128_MIN, 1, "INT128_MIN / INT128_MIN");
	DIV_IS(I128_MAX, I128_MIN, -1, "INT128_MAX / INT128_MIN rounds to -1");
	DIV_IS(1, I128_MIN, 0, "1 / INT128_MIN rounds to 0");
	DIV_IS((__int128) 1 << 126, I128_MAX, 1,
		   "2^126 / (2^127 - 1), just above one half, rounds to 1");
	DIV_IS(-((__int128) 1 << 126), I128_MAX, -1,
		   "-2^126 / (2^127 - 1) rounds to -1");
	DIV_IS(((__int128) 1 << 126) - 1, I128_MAX, 0,
		   "(2^126 - 1) / (2^127 - 1), just below one half, rounds to 0");
	DIV_IS((__int128) 1 << 126, I128_MIN, -1,
		   "2^126 / -2^127 is exactly -1/2 and rounds away from zero to -1");
	DIV_OVERFLOWS(I128_MIN, -1, "INT128_MIN / -1");
	DIV_OVERFLOWS(I128_MAX, 1, "INT128_MAX / 1");
#undef DIV_IS
#undef DIV_OVERFLOWS
}

int
main(void)
{
	test_input_forms();
	test_errors();
	test_range();
	test_format();
	test_unit_exp();
	test_visa();
	test_visa_round_trip();
	test_round_pow10();
	test_div_round();
	return tap_done();
}
