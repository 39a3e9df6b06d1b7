/*
 * test_tal.c -- unit tests of the one number reader (tal_core) and of "the
 * same text, the same number" across its three users: the amount parser
 * (belopp_core), the table reader (tabell_core) and the spreading weights
 * (fordela_core, which take numeric's digits).
 *
 * Every expected value is worked out by hand from the text.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "belopp_core.h"
#include "fordela_core.h"
#include "tabell_core.h"
#include "tal_core.h"
#include "tap.h"

#define NBSP	"\xC2\xA0"
#define FIGSP	"\xE2\x80\x87"
#define THIN	"\xE2\x80\x89"
#define NNBSP	"\xE2\x80\xAF"
#define EMSP	"\xE2\x80\x83"
#define HYPHEN	"\xE2\x80\x90"
#define NBHY	"\xE2\x80\x91"
#define FIGDASH	"\xE2\x80\x92"
#define NDASH	"\xE2\x80\x93"
#define MDASH	"\xE2\x80\x94"
#define MINUS	"\xE2\x88\x92"
#define PLMN	"\xC2\xB1"

/* Lex s (copied to a buffer of exactly its length, so ASan sees overreads). */
static TalStatus
lex(const char *s, unsigned flags, TalLexeme *lx)
{
	size_t		len = strlen(s);
	char	   *copy = malloc(len > 0 ? len : 1);
	TalStatus	st;

	memcpy(copy, s, len);
	st = tal_lex(copy, len, flags, lx);
	free(copy);
	return st;
}

/* Assert that s lexes whole to (negative, mantissa, scale). */
static void
lexes_to(const char *s, unsigned flags, int negative, uint64_t mantissa, int scale,
		 const char *what)
{
	TalLexeme	lx;
	TalStatus	st = lex(s, flags, &lx);
	int			ok = st == TAL_OK && lx.len == strlen(s) && !lx.value.overflow &&
		lx.value.negative == (negative != 0) && lx.value.mantissa == mantissa &&
		lx.value.scale == scale;

	if (!tap_ok(ok, "lex \"%s\": %s", s, what))
		printf("#   status %d, len %zu of %zu, negative %d, mantissa %llu, scale %d\n",
			   (int) st, lx.len, strlen(s), (int) lx.value.negative,
			   (unsigned long long) lx.value.mantissa, lx.value.scale);
}

/* Assert that s fails to lex with status want. */
static void
lex_fails(const char *s, unsigned flags, TalStatus want, const char *what)
{
	TalLexeme	lx;
	TalStatus	st = lex(s, flags, &lx);

	if (!tap_ok(st == want, "lex \"%s\" fails: %s", s, what))
		printf("#   status %d, want %d\n", (int) st, (int) want);
}

static void
test_lexer(void)
{
	TalLexeme	lx;

	/* value: every integer digit and the decimals up to the last non-zero one */
	lexes_to("1634", 0, 0, 1634, 0, "kronor");
	lexes_to("1634,50", 0, 0, 16345, 1, "a zero after the last decimal changes nothing");
	lexes_to("0,05", 0, 0, 5, 2, "zeros before a decimal are significant");
	lexes_to("007", 0, 0, 7, 0, "leading zeros change nothing");
	lexes_to("0,000", 0, 0, 0, 0, "zero with decimals is zero, scale 0");
	lexes_to("-0", 0, 0, 0, 0, "minus zero is zero, not negative");
	lexes_to("1 634", TAL_GROUPS, 0, 1634, 0, "groups with TAL_GROUPS");
	lexes_to("1" NBSP "634" THIN "000" NNBSP "000", TAL_GROUPS, 0,
			 1634000000ULL, 0, "the four group separators");
	lexes_to("1634.5", TAL_POINT, 0, 16345, 1, "a point with TAL_POINT");
	lexes_to("1.500", TAL_POINT | TAL_POINT_DECIMALS, 0, 15, 1, "machine text: 1.500 is 1,5");
	lexes_to("18446744073709551615", 0, 0, UINT64_MAX, 0, "the largest mantissa");

	/* the signs */
	lexes_to("-5", 0, 1, 5, 0, "hyphen-minus");
	lexes_to(HYPHEN "5", TAL_DASHES, 1, 5, 0, "U+2010 hyphen with TAL_DASHES");
	lex_fails(HYPHEN "5", 0, TAL_NO_DIGIT, "U+2010 hyphen is no sign without TAL_DASHES");
	lexes_to(NBHY "5", TAL_DASHES, 1, 5, 0, "U+2011 non-breaking hyphen with TAL_DASHES");
	lex_fails(NBHY "5", 0, TAL_NO_DIGIT, "U+2011 non-breaking hyphen is no sign without TAL_DASHES");
	lexes_to(FIGDASH "5", TAL_DASHES, 1, 5, 0, "U+2012 figure dash with TAL_DASHES");
	lex_fails(FIGDASH "5", 0, TAL_NO_DIGIT, "U+2012 figure dash is no sign without TAL_DASHES");
	lexes_to(NDASH "5", 0, 1, 5, 0, "U+2013 en dash");
	lexes_to(MDASH "5", TAL_DASHES, 1, 5, 0, "U+2014 em dash with TAL_DASHES");
	lex_fails(MDASH "5", 0, TAL_NO_DIGIT, "U+2014 em dash is no sign without TAL_DASHES");
	lexes_to(MINUS "5", 0, 1, 5, 0, "U+2212 minus sign");
	lexes_to("+5", 0, 0, 5, 0, "plus");
	lexes_to("- 5", TAL_SIGN_APART, 1, 5, 0, "a sign apart with TAL_SIGN_APART");
	lexes_to(NDASH EMSP "614", TAL_SIGN_APART, 1, 614, 0, "an en dash and an em space");
	tap_ok(lex("+-0", 0, &lx) == TAL_OK && lx.sign == TAL_PLUSMINUS && lx.len == 3,
		   "+-0 is the zero sign and a zero");
	tap_ok(lex(PLMN "0,0", 0, &lx) == TAL_OK && lx.sign == TAL_PLUSMINUS && lx.len == 5,
		   "±0,0 is the zero sign and a zero");

	/* the longest number at the start; the rest is the caller's */
	tap_ok(lex("95%", 0, &lx) == TAL_OK && lx.len == 2, "95%%: the number is 95, the %% is left");
	tap_ok(lex("1 634", 0, &lx) == TAL_OK && lx.len == 1, "without TAL_GROUPS a space ends the number");
	tap_ok(lex("1.5", 0, &lx) == TAL_OK && lx.len == 1, "without TAL_POINT a point ends the number");
	tap_ok(lex("1" EMSP "634", TAL_GROUPS, &lx) == TAL_OK && lx.len == 1,
		   "an em space is white space but not a group separator");
	tap_ok(lex("1\t634", TAL_GROUPS, &lx) == TAL_OK && lx.len == 1, "a tab is not a group separator");
	tap_ok(lex("1" FIGSP "634", TAL_GROUPS, &lx) == TAL_OK && lx.len == 1,
		   "a figure space is not a group separator");
	tap_ok(lex("1  634", TAL_GROUPS, &lx) == TAL_OK && lx.len == 1, "two spaces are not a group separator");
	tap_ok(lex("- 5", 0, &lx) == TAL_NO_DIGIT && lx.sign == TAL_MINUS,
		   "without TAL_SIGN_APART the sign must touch its digits (and is reported)");

	/* the printed form beside the value */
	tap_ok(lex("0 012,340", TAL_GROUPS, &lx) == TAL_OK && lx.int_digits == 4 && lx.int_sig == 2 &&
		   lx.first_run == 1 && lx.groups == 1 && lx.int_value == 12 && lx.frac_digits == 3 &&
		   lx.frac_value == 340 && lx.frac_nonzero && lx.value.mantissa == 1234 && lx.value.scale == 2,
		   "0 012,340: 4 integer digits, 2 significant, 3 printed decimals, value 12,34");

	/* what is refused, and why */
	lex_fails("", 0, TAL_NO_DIGIT, "empty");
	lex_fails("x", 0, TAL_NO_DIGIT, "a letter");
	lex_fails(",5", 0, TAL_DIGIT_FIRST, "a comma before any digit");
	lex_fails(".5", TAL_POINT, TAL_DIGIT_FIRST, "a point before any digit");
	lex_fails("1234 567", TAL_GROUPS, TAL_FIRST_GROUP, "four digits before a separator");
	lex_fails("1 63", TAL_GROUPS, TAL_GROUP_LENGTH, "a group of two");
	lex_fails("1 6345", TAL_GROUPS, TAL_GROUP_LENGTH, "a group of four");
	lex_fails("5,", 0, TAL_NO_DECIMALS, "a comma without decimals");
	lex_fails("1,5,0", 0, TAL_TWO_SEPARATORS, "two commas");
	lex_fails("1,5.0", TAL_POINT, TAL_TWO_SEPARATORS, "a comma and a point");
	lex_fails("1.500", TAL_POINT, TAL_POINT_OR_GROUP, "1.500: thousands point or decimals");
	lex_fails("1,5 000", TAL_GROUPS, TAL_GROUPED_DECIMALS, "grouped decimals");
	tap_ok(lex("1234 567", TAL_GROUPS, &lx) == TAL_FIRST_GROUP && lx.detail == 4,
		   "the error names the four digits");

	/* overflow keeps the scale */
	tap_ok(lex("18446744073709551616", 0, &lx) == TAL_OK && lx.value.overflow,
		   "2^64 overflows the mantissa");
	tap_ok(lex("0,00000000000000000000123", 0, &lx) == TAL_OK && !lx.value.overflow &&
		   lx.value.mantissa == 123 && lx.value.scale == 23, "23 decimals: mantissa 123, scale 23");
	tap_ok(lex("123456789012345678901,5", 0, &lx) == TAL_OK && lx.value.overflow && lx.value.scale == 1,
		   "an overflowed mantissa still has its scale");
}

static void
test_plain(void)
{
	TalTal		t;

	tap_ok(tal_lex_plain("-1634.50", NULL, &t) && t.negative && t.mantissa == 16345 && t.scale == 1,
		   "plain -1634.50");
	tap_ok(tal_lex_plain("7,05", NULL, &t) && t.mantissa == 705 && t.scale == 2, "plain 7,05");
	tap_ok(tal_lex_plain("-0.00", NULL, &t) && !t.negative && t.mantissa == 0 && t.scale == 0,
		   "plain -0.00 is zero");
	tap_ok(!tal_lex_plain("1.500", NULL, &t), "three decimals are not plain");
	tap_ok(!tal_lex_plain("1 634", NULL, &t), "a space is not plain");
	tap_ok(!tal_lex_plain("12345678901234567", NULL, &t), "17 integer digits are not plain");
	tap_ok(!tal_lex_plain("5.", NULL, &t), "a point without decimals is not plain");
}

/*
 * numeric_send's bytes for the decimal text s ("-1634.5"): written here
 * from the definition (base-10000 digits around the decimal point), not by
 * the code under test.
 */
static size_t
numeric_bytes(const char *s, unsigned char *buf)
{
	char		ip[128] = "",
				fp[128] = "";
	int			neg = 0;
	const char *dot;
	int			nip,
				nfp,
				pad_i,
				pad_f;
	char		all[300];
	int			nd = 0;
	int			weight;
	int			ndigits;
	int			first = -1,
				last = -1;
	int			dscale;

	if (*s == '-')
	{
		neg = 1;
		s++;
	}
	dot = strchr(s, '.');
	if (dot)
	{
		memcpy(ip, s, (size_t) (dot - s));
		ip[dot - s] = '\0';
		strcpy(fp, dot + 1);
	}
	else
		strcpy(ip, s);
	nip = (int) strlen(ip);
	nfp = (int) strlen(fp);
	dscale = nfp;
	pad_i = (4 - nip % 4) % 4;
	pad_f = (4 - nfp % 4) % 4;
	memset(all, '0', (size_t) pad_i);
	memcpy(all + pad_i, ip, (size_t) nip);
	memcpy(all + pad_i + nip, fp, (size_t) nfp);
	memset(all + pad_i + nip + nfp, '0', (size_t) pad_f);
	nd = (pad_i + nip + nfp + pad_f) / 4;
	weight = (pad_i + nip) / 4 - 1;
	for (int i = 0; i < nd; i++)
	{
		int			d = 0;

		for (int k = 0; k < 4; k++)
			d = d * 10 + (all[4 * i + k] - '0');
		if (d != 0 && first < 0)
			first = i;
		if (d != 0)
			last = i;
	}
	ndigits = first < 0 ? 0 : last - first + 1;
	if (first < 0)
		weight = 0;
	else
		weight -= first;
	buf[0] = (unsigned char) (ndigits >> 8);
	buf[1] = (unsigned char) ndigits;
	buf[2] = (unsigned char) ((unsigned) weight >> 8);
	buf[3] = (unsigned char) weight;
	buf[4] = neg && ndigits > 0 ? 0x40 : 0;
	buf[5] = 0;
	buf[6] = (unsigned char) (dscale >> 8);
	buf[7] = (unsigned char) dscale;
	for (int i = 0; i < ndigits; i++)
	{
		int			d = 0;

		for (int k = 0; k < 4; k++)
			d = d * 10 + (all[4 * (first + i) + k] - '0');
		buf[8 + 2 * i] = (unsigned char) (d >> 8);
		buf[9 + 2 * i] = (unsigned char) d;
	}
	return 8 + 2 * (size_t) ndigits;
}

static void
numeric_is(const char *s, int negative, uint64_t mantissa, int scale, int overflow)
{
	unsigned char buf[400];
	size_t		n = numeric_bytes(s, buf);
	TalTal		t;
	int			ok = tal_from_numeric_send(buf, n, &t) == 0 && t.negative == (negative != 0) &&
		t.overflow == (overflow != 0) && (overflow || t.mantissa == mantissa) && t.scale == scale;

	if (!tap_ok(ok, "numeric %s: negative %d, mantissa %llu, scale %d%s", s, negative,
				(unsigned long long) mantissa, scale, overflow ? ", overflow" : ""))
		printf("#   got negative %d, mantissa %llu, scale %d, overflow %d\n", (int) t.negative,
			   (unsigned long long) t.mantissa, t.scale, (int) t.overflow);
}

static void
test_numeric(void)
{
	unsigned char buf[16];
	TalTal		t;

	numeric_is("1634.50", 0, 16345, 1, 0);
	numeric_is("-1634.5", 1, 16345, 1, 0);
	numeric_is("0.0001", 0, 1, 4, 0);
	numeric_is("0.00001", 0, 1, 5, 0);
	numeric_is("12345678.9", 0, 123456789, 1, 0);
	numeric_is("10000", 0, 10000, 0, 0);
	numeric_is("100000000", 0, 100000000, 0, 0);
	numeric_is("0", 0, 0, 0, 0);
	numeric_is("0.000", 0, 0, 0, 0);
	numeric_is("92233720368547758.07", 0, 9223372036854775807ULL, 2, 0);
	numeric_is("-92233720368547758.08", 1, 9223372036854775808ULL, 2, 0);
	numeric_is("1000000000000000000000000000000", 0, 0, 0, 1);
	numeric_is("0.000000000000000000000000000001", 0, 1, 30, 0);
	numeric_is("123456789012345678901234.5", 0, 0, 1, 1);

	/* NaN, infinities and broken bytes are refused */
	memset(buf, 0, sizeof(buf));
	buf[4] = 0xC0;
	tap_ok(tal_from_numeric_send(buf, 8, &t) != 0, "NaN is not a number here");
	buf[4] = 0xD0;
	tap_ok(tal_from_numeric_send(buf, 8, &t) != 0, "infinity is not a number here");
	buf[4] = 0;
	tap_ok(tal_from_numeric_send(buf, 7, &t) != 0, "too few bytes");
	buf[1] = 1;
	tap_ok(tal_from_numeric_send(buf, 8, &t) != 0, "a digit count the bytes do not hold");
	buf[8] = 0x27;
	buf[9] = 0x10;				/* 10000 is not a base-10000 digit */
	tap_ok(tal_from_numeric_send(buf, 10, &t) != 0, "a digit of 10000");
	tap_is_i64(tal_from_numeric_send(buf, 0, &t), -1, "no bytes at all");
}

static void
test_format(void)
{
	char		buf[TAL_TEXT_LEN];
	TalTal		t = {true, false, 16345, 1};

	tal_format(&t, buf);
	tap_is_str(buf, "-1634.5", "format -1634.5");
	t.negative = false;
	t.mantissa = 5;
	t.scale = 3;
	tal_format(&t, buf);
	tap_is_str(buf, "0.005", "format 0.005");
	t.mantissa = 123;
	t.scale = 3;
	tal_format(&t, buf);
	tap_is_str(buf, "0.123", "format 0.123");
	t.scale = 30;
	tal_format(&t, buf);
	tap_is_str(buf, "123e-30", "format 123e-30");
	t.overflow = true;
	tal_format(&t, buf);
	tap_is_str(buf, "(too large)", "format an overflowed number");
}

/*
 * The same text read as an amount, as the figure of a one-column table row
 * ("Rad <text>") and, through numeric's digits, as a weight: the same
 * number, or refused by both readers.  The value is given in öre.
 */
static void
same_number(const char *text, int64_t ore_want)
{
	int64_t		ore = 0;
	char		why[BELOPP_ERRMSG_LEN];
	char		line[128];
	kr_tabell_options opts = {1, NULL, 0};
	kr_tabell_error err;
	kr_tabellrad row;
	const kr_tabell_value *v;
	int			nv = 0;
	int			belopp_ok;
	int			tabell_ok = 0;
	int64_t		tabell_ore = 0;

	belopp_ok = belopp_parse(text, strlen(text), &ore, why) == BELOPP_OK && ore == ore_want;
	snprintf(line, sizeof(line), "Rad %s", text);
	if (kr_tabell_read_line(line, strlen(line), &opts, &row, &err) == KR_TABELL_OK)
	{
		v = kr_tabellrad_values(&row, &nv);
		if (v != NULL && nv == 1 && !v[0].percent)
		{
			/* mantissa * 10^(2 - scale) öre, exactly */
			int64_t		m = v[0].mantissa;
			int			exact = 1;

			for (int s = v[0].scale; s > 2; s--)
			{
				exact &= m % 10 == 0;
				m /= 10;
			}
			for (int s = v[0].scale; s < 2; s++)
				m *= 10;
			tabell_ore = m;
			tabell_ok = exact && tabell_ore == ore_want;
		}
		kr_tabellrad_free(&row);
	}
	if (!tap_ok(belopp_ok && tabell_ok, "\"%s\" is %lld öre as a belopp and as a table figure",
				text, (long long) ore_want))
		printf("#   belopp %d (%lld, %s), table %d (%lld)\n", belopp_ok, (long long) ore, why,
			   tabell_ok, (long long) tabell_ore);

	/* the weight: the same number through numeric's digits */
	if (ore_want >= 0)
	{
		char		dec[48];
		unsigned char buf[400];
		size_t		n;
		TalTal		w[12];
		TalLexeme	lx;
		uint64_t	weights[12];
		char		ferr[FORDELA_ERRMSG_LEN];

		snprintf(dec, sizeof(dec), "%lld.%02lld", (long long) (ore_want / 100),
				 (long long) (ore_want % 100));
		n = numeric_bytes(dec, buf);
		memset(w, 0, sizeof(w));
		tal_from_numeric_send(buf, n, &w[0]);
		w[1].mantissa = 1;		/* 1 */
		tal_lex(text, strlen(text), TAL_GROUPS | TAL_POINT | TAL_SIGN_APART, &lx);
		tap_ok(tal_equal(&w[0], &lx.value) &&
			   fordela_weights(w, weights, ferr) == 0 &&
			   (ore_want == 0 ? weights[0] == 0 :
				(int64_t) weights[0] * 100 == ore_want * (int64_t) weights[1]),
			   "\"%s\" as numeric %s is the same number, and as a weight it is %s times the weight 1",
			   text, dec, dec);
	}
}

/* Text that neither reader takes as one number. */
static void
no_number(const char *text, const char *what)
{
	int64_t		ore;
	char		line[128];
	kr_tabell_options opts = {1, NULL, 0};
	kr_tabell_error err;
	kr_tabellrad row;
	int			tabell_reads = 0;

	snprintf(line, sizeof(line), "Rad %s", text);
	if (kr_tabell_read_line(line, strlen(line), &opts, &row, &err) == KR_TABELL_OK)
	{
		tabell_reads = kr_tabellrad_values(&row, NULL) != NULL && !row.ofullstandig &&
			strcmp(row.name, "Rad") == 0;
		kr_tabellrad_free(&row);
	}
	tap_ok(belopp_parse(text, strlen(text), &ore, NULL) != BELOPP_OK && !tabell_reads,
		   "\"%s\" is one number for neither reader: %s", text, what);
}

/*
 * A minus the table reader takes from printed tables (TAL_DASHES) that a
 * typed amount does not: the table reads the number, the amount parser
 * refuses the text (it never reads another number from it).
 */
static void
table_only(const char *text, int64_t want)
{
	int64_t		ore;
	char		line[128];
	kr_tabell_options opts = {1, NULL, 0};
	kr_tabell_error err;
	kr_tabellrad row;
	const kr_tabell_value *v;
	int			nv = 0;
	int			ok = 0;

	snprintf(line, sizeof(line), "Rad %s", text);
	if (kr_tabell_read_line(line, strlen(line), &opts, &row, &err) == KR_TABELL_OK)
	{
		v = kr_tabellrad_values(&row, &nv);
		ok = v != NULL && nv == 1 && v[0].scale == 0 && v[0].mantissa == want &&
			strcmp(row.name, "Rad") == 0;
		kr_tabellrad_free(&row);
	}
	tap_ok(ok && belopp_parse(text, strlen(text), &ore, NULL) == BELOPP_SYNTAX,
		   "\"%s\" is %lld as a table figure and no belopp", text, (long long) want);
}

static void
test_same_text_same_number(void)
{
	same_number("1 634", 163400);
	same_number("1634", 163400);
	same_number("1" NBSP "634", 163400);
	same_number("1" NNBSP "634", 163400);
	same_number("1" THIN "634", 163400);
	same_number("2 384 841", 238484100);
	same_number("1 634,50", 163450);
	same_number("1 634,5", 163450);
	same_number("0,0", 0);
	same_number("14,0", 1400);
	same_number("-5 943", -594300);
	same_number("- 5 943", -594300);
	same_number(MINUS "27,6", -2760);
	same_number(MINUS " 27,6", -2760);
	same_number(NDASH "0,9", -90);
	same_number(NDASH " 614", -61400);
	table_only(MDASH "614", -614);
	table_only(MDASH " 614", -614);
	table_only(HYPHEN " 614", -614);
	table_only(NBHY "614", -614);
	table_only(FIGDASH "614", -614);
	same_number("+5943", 594300);
	same_number("+-0", 0);
	same_number(PLMN "0", 0);
	same_number("-0", 0);
	same_number("1,500", 150);

	no_number("1\t634", "a tab is no thousands separator");
	no_number("1  634", "two spaces are no thousands separator");
	no_number("1" EMSP "634", "an em space is no thousands separator");
	no_number("1" FIGSP "634", "a figure space is no thousands separator");
	no_number("1 63", "a group of two digits");
	no_number("1234 567", "four digits before a group");
	no_number("1,5,0", "two decimal commas");
	no_number("+-5", "the zero sign before five");
}

int
main(void)
{
	test_lexer();
	test_plain();
	test_numeric();
	test_format();
	test_same_text_same_number();
	return tap_done();
}
