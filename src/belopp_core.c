/*
 * belopp_core.c -- parsing, formatting and rounding of exact kronor amounts.
 *
 * See belopp_core.h.  The number itself is read by tal_lex() (tal_core.h),
 * the one number reader of the extension, so an amount, a table figure and a
 * spreading weight read the same text as the same number.  The grammar
 * belopp_parse() accepts, in order:
 *
 *   [space] ["("] [space] number [space] [unit] [space] [")"] [space] [unit] [space]
 *
 * number    tal_lex() with digit groups, the decimal point as well as the
 *           comma, and white space allowed after the sign:
 *           [sign [space]] digits [group ...] [decimal]
 * sign      a minus ('-', U+2013 EN DASH, U+2212 MINUS SIGN), '+', or "+-" /
 *           U+00B1 (plus-minus), which only stands before a zero; the other
 *           dashes the table reader takes as minus signs (TAL_DASHES) are
 *           not signs of a typed amount
 * "(" ")"   accounting parentheses: a negative amount; no sign inside them,
 *           and at most one unit (inside or after the parentheses)
 * digits    one or more ASCII digits; when groups follow, 1 to 3 digits
 * group     one group separator (space, U+00A0, U+2009 or U+202F)
 *           followed by exactly three digits
 * decimal   one ',' or '.' followed by one or more digits; digits beyond the
 *           öre are allowed only when they are zeros (nothing is rounded);
 *           a point followed by exactly three digits after at most three
 *           integer digits ("1.500") is refused as possibly a thousands point
 * unit      kr, sek (1), tkr (1 000), mnkr, mkr (1 000 000), mdkr
 *           (1 000 000 000), case-insensitive
 * space     any run of white space (tal_core.h)
 *
 * Anything else is a syntax error whose message names what is wrong; a
 * value beyond the int64 range of öre is a range error.
 */
#include "belopp_core.h"
#include "tal_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The most significant decimals an amount's text may have. */
#define BELOPP_MAX_PARSED_DECIMALS 1000

/* Units, longest name first is not needed: names are matched whole. */
static const BeloppUnit belopp_units[] = {
	{"kr", 2},
	{"sek", 2},
	{"tkr", 5},
	{"mnkr", 8},
	{"mkr", 8},
	{"mdkr", 11},
};

/* Skip white space. */
static const char *
skip_space(const char *p, const char *end)
{
	size_t		n;

	while ((n = tal_space_len(p, end)) > 0)
		p += n;
	return p;
}

static int
is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* Write a message into errmsg when the caller wants one. */
static BeloppParseResult fail(char *errmsg, BeloppParseResult code, const char *fmt,...)
			__attribute__((format(printf, 3, 4)));

static BeloppParseResult
fail(char *errmsg, BeloppParseResult code, const char *fmt,...)
{
	va_list		ap;

	if (errmsg != NULL)
	{
		va_start(ap, fmt);
		vsnprintf(errmsg, BELOPP_ERRMSG_LEN, fmt, ap);
		va_end(ap);
	}
	return code;
}

int
belopp_unit_exp(const char *name, size_t len)
{
	size_t		i;

	if (len == 0)
		return 2;
	for (i = 0; i < sizeof(belopp_units) / sizeof(belopp_units[0]); i++)
	{
		const char *u = belopp_units[i].name;
		size_t		j;

		if (strlen(u) != len)
			continue;
		for (j = 0; j < len; j++)
		{
			char		c = name[j];

			if (c >= 'A' && c <= 'Z')
				c = (char) (c - 'A' + 'a');
			if (c != u[j])
				break;
		}
		if (j == len)
			return belopp_units[i].ore_exp;
	}
	return -1;
}

/*
 * Read a unit word at *pp (ASCII letters).  Returns its öre exponent, or -1
 * with a message when the word is not a unit; *pp moves past the word.
 */
static int
read_unit(const char **pp, const char *end, char *errmsg)
{
	const char *p = *pp;
	const char *start = p;
	int			exp;

	/* the whole word, so that an unknown unit is quoted in full */
	while (p < end && *p != ')' && tal_space_len(p, end) == 0)
		p++;
	exp = belopp_unit_exp(start, (size_t) (p - start));
	if (exp < 0 && errmsg != NULL)
		snprintf(errmsg, BELOPP_ERRMSG_LEN,
				 "\"%.*s\" is not a unit; the units are kr, sek, tkr, mnkr, mkr and mdkr.",
				 (int) (p - start > 20 ? 20 : p - start), start);
	*pp = p;
	return exp;
}

BeloppParseResult
belopp_from_tal(const TalTal *t, int unit_exp, int64_t *ore, char *errmsg)
{
	uint64_t	mag;
	uint64_t	limit = (uint64_t) INT64_MAX + (t->negative ? 1 : 0);

	switch (tal_scaled(t, unit_exp, limit, &mag))
	{
		case 1:
			return fail(errmsg, BELOPP_SYNTAX,
						"The amount has fractions of an öre (%ld decimals in this unit allow at most %ld); nothing is rounded.",
						(long) t->scale, (long) unit_exp);
		case 2:
			return fail(errmsg, BELOPP_RANGE, "The amount is outside the range of belopp.");
		default:
			break;
	}
	if (!t->negative)
		*ore = (int64_t) mag;
	else if (mag == (uint64_t) INT64_MAX + 1)
		*ore = INT64_MIN;
	else
		*ore = -(int64_t) mag;
	if (errmsg != NULL)
		errmsg[0] = '\0';
	return BELOPP_OK;
}

int
belopp_parse_plain(const char *s, int64_t *ore)
{
	TalTal		t;

	/* at most 16 integer digits and two decimals: always within range */
	return tal_lex_plain(s, NULL, &t) && belopp_from_tal(&t, 2, ore, NULL) == BELOPP_OK;
}

/*
 * The parser behind belopp_parse() and belopp_parse_decimal(); machine_text
 * says the text is a plain decimal number written by a program, whose point
 * is always a decimal point.  The number itself is read by tal_lex(); this
 * adds what only amounts have: parentheses and units.
 */
static BeloppParseResult
parse_amount(const char *s, size_t len, int machine_text, int64_t *ore, char *errmsg)
{
	const char *p = s;
	const char *end = s + len;
	int			paren = 0;
	int			unit_exp = -1;
	TalLexeme	lx;
	TalTal		t;
	TalStatus	st;

	if (errmsg != NULL)
		errmsg[0] = '\0';

	/* the plain form first: most amounts a machine writes are in it */
	if (tal_lex_plain(s, s + len, &t))
		return belopp_from_tal(&t, 2, ore, errmsg);

	p = skip_space(p, end);
	if (p == end)
		return fail(errmsg, BELOPP_SYNTAX, "The text is empty.");

	if (*p == '(')
	{
		paren = 1;
		p = skip_space(p + 1, end);
	}

	st = tal_lex(p, (size_t) (end - p),
				 TAL_GROUPS | TAL_POINT | TAL_SIGN_APART | (machine_text ? TAL_POINT_DECIMALS : 0),
				 &lx);
	if (lx.sign != TAL_NO_SIGN && paren)
		return fail(errmsg, BELOPP_SYNTAX,
					"A sign cannot stand inside accounting parentheses, which already mean a negative amount.");
	switch (st)
	{
		case TAL_OK:
			break;
		case TAL_NO_DIGIT:
			return fail(errmsg, BELOPP_SYNTAX, "Expected a digit at position %ld.",
						(long) (p - s) + (long) lx.error_at + 1);
		case TAL_DIGIT_FIRST:
			return fail(errmsg, BELOPP_SYNTAX, "A digit must come before the decimal separator.");
		case TAL_FIRST_GROUP:
			return fail(errmsg, BELOPP_SYNTAX,
						"The first digit group before a group separator has %ld digits; it must have one to three.",
						lx.detail);
		case TAL_GROUP_LENGTH:
			return fail(errmsg, BELOPP_SYNTAX,
						"A digit group after a group separator has %ld digits; groups have exactly three.",
						lx.detail);
		case TAL_NO_DECIMALS:
			return fail(errmsg, BELOPP_SYNTAX, "The decimal separator must be followed by a digit.");
		case TAL_TWO_SEPARATORS:
			return fail(errmsg, BELOPP_SYNTAX,
						"The amount has two decimal separators; use one decimal comma or decimal point.");
		case TAL_POINT_OR_GROUP:
			return fail(errmsg, BELOPP_SYNTAX,
						"Three digits after a point could be a thousands separator or decimals; write 1 500 with a space, or the decimals with a comma.");
		case TAL_GROUPED_DECIMALS:
			return fail(errmsg, BELOPP_SYNTAX,
						"Digits cannot be grouped after the decimal separator.");
	}
	if (lx.value.scale > BELOPP_MAX_PARSED_DECIMALS)
		return fail(errmsg, BELOPP_SYNTAX, "The decimal part is too long.");
	p += lx.len;

	/* unit, closing parenthesis, unit */
	p = skip_space(p, end);
	if (p < end && !is_digit(p, end) && *p != ')' && *p != ',' && *p != '.')
	{
		unit_exp = read_unit(&p, end, errmsg);
		if (unit_exp < 0)
			return BELOPP_SYNTAX;
		p = skip_space(p, end);
	}
	if (paren)
	{
		if (p == end || *p != ')')
			return fail(errmsg, BELOPP_SYNTAX, "The opening parenthesis is not closed.");
		p = skip_space(p + 1, end);
		if (p < end && !is_digit(p, end))
		{
			if (unit_exp >= 0)
				return fail(errmsg, BELOPP_SYNTAX, "The amount has two units.");
			unit_exp = read_unit(&p, end, errmsg);
			if (unit_exp < 0)
				return BELOPP_SYNTAX;
			p = skip_space(p, end);
		}
	}
	if (p != end)
	{
		if (*p == ',' || *p == '.')
			return fail(errmsg, BELOPP_SYNTAX,
						"The amount has two decimal separators; use one decimal comma or decimal point.");
		if (*p == ')')
			return fail(errmsg, BELOPP_SYNTAX, "A closing parenthesis has no opening one.");
		if (*p == '\0')
			return fail(errmsg, BELOPP_SYNTAX, "The text contains a zero byte.");
		if (is_digit(p, end) || tal_space_len(p, end) > 0)
			return fail(errmsg, BELOPP_SYNTAX, "Unexpected text after the amount at position %ld.",
						(long) (p - s) + 1);
		return fail(errmsg, BELOPP_SYNTAX, "Unexpected character at position %ld.", (long) (p - s) + 1);
	}
	if (unit_exp < 0)
		unit_exp = 2;

	t = lx.value;
	if (paren)
		t.negative = t.mantissa != 0 || t.overflow;
	if (t.scale > unit_exp)
		return belopp_from_tal(&t, unit_exp, ore, errmsg);	/* fractions of an öre */
	if (lx.sign == TAL_PLUSMINUS && (t.mantissa != 0 || t.overflow))
		return fail(errmsg, BELOPP_SYNTAX, "The sign \"+-\" (or \"±\") stands only before zero.");
	return belopp_from_tal(&t, unit_exp, ore, errmsg);
}

BeloppParseResult
belopp_parse(const char *s, size_t len, int64_t *ore, char *errmsg)
{
	return parse_amount(s, len, 0, ore, errmsg);
}

BeloppParseResult
belopp_parse_decimal(const char *s, size_t len, int64_t *ore, char *errmsg)
{
	return parse_amount(s, len, 1, ore, errmsg);
}

/* Write the decimal digits of an unsigned 128-bit value; returns length. */
static int
write_u128(kr_uint128 v, char *buf)
{
	char		tmp[48];
	int			n = 0;
	int			i;

	do
	{
		tmp[n++] = (char) ('0' + (int) (v % 10));
		v /= 10;
	} while (v > 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

int
belopp_format(int64_t ore, char *buf)
{
	uint64_t	mag = ore < 0 ? (uint64_t) 0 - (uint64_t) ore : (uint64_t) ore;
	int			n = 0;

	if (ore < 0)
		buf[n++] = '-';
	n += write_u128(mag / 100, buf + n);
	buf[n++] = '.';
	buf[n++] = (char) ('0' + (int) (mag % 100 / 10));
	buf[n++] = (char) ('0' + (int) (mag % 10));
	buf[n] = '\0';
	return n;
}

/* 10 to the power e, 0 <= e <= 38. */
static kr_int128
pow10_i128(int e)
{
	kr_int128	r = 1;

	while (e-- > 0)
		r *= 10;
	return r;
}

kr_int128
belopp_round_pow10(kr_int128 num, int exp10)
{
	kr_int128	d = pow10_i128(exp10);
	kr_int128	q = num / d;
	kr_int128	r = num % d;

	if (r < 0)
		r = -r;
	/* r >= d - r is 2 * r >= d without overflowing when d is near 10^38 */
	if (r >= d - r)
		q += (num < 0) ? -1 : 1;
	return q;
}

int
belopp_div_round(kr_int128 num, kr_int128 den, int64_t *result)
{
	/*
	 * Work on unsigned magnitudes so that no operand in the whole int128
	 * domain can overflow (INT128_MIN / -1, |INT128_MIN|, twice a remainder
	 * near 2^127).
	 */
	kr_uint128 anum = num < 0 ? (kr_uint128) 0 - (kr_uint128) num : (kr_uint128) num;
	kr_uint128 aden = den < 0 ? (kr_uint128) 0 - (kr_uint128) den : (kr_uint128) den;
	kr_uint128 q = anum / aden;
	kr_uint128 r = anum % aden;
	int			negative = (num < 0) != (den < 0);

	/* r >= aden - r is 2 * r >= aden without overflow */
	if (r >= aden - r)
		q++;
	if (q > (kr_uint128) INT64_MAX + (negative ? 1 : 0))
		return -1;
	if (!negative)
		*result = (int64_t) q;
	else if (q == (kr_uint128) INT64_MAX + 1)
		*result = INT64_MIN;
	else
		*result = -(int64_t) q;
	return 0;
}

int
belopp_visa(int64_t ore, int ore_exp, int decimals, char *buf)
{
	kr_int128	scaled;
	kr_uint128 mag;
	char		digits[48];
	int			ndig;
	int			nint;
	int			n = 0;
	int			i;

	if (decimals < 0)
	{
		/* the fewest decimals that show the value exactly */
		decimals = 0;
		while (decimals < ore_exp && ore % (int64_t) pow10_i128(ore_exp - decimals) != 0)
			decimals++;
		if (ore_exp == 2 && decimals == 1)
			decimals = 2;
	}
	if (decimals > BELOPP_MAX_DECIMALS)
		decimals = BELOPP_MAX_DECIMALS;

	if (decimals >= ore_exp)
		scaled = (kr_int128) ore * pow10_i128(decimals - ore_exp);
	else
		scaled = belopp_round_pow10((kr_int128) ore, ore_exp - decimals);

	mag = scaled < 0 ? (kr_uint128) (-scaled) : (kr_uint128) scaled;
	ndig = write_u128(mag, digits);
	/* pad so that there is at least one integer digit */
	if (ndig <= decimals)
	{
		int			pad = decimals + 1 - ndig;

		memmove(digits + pad, digits, (size_t) ndig + 1);
		memset(digits, '0', (size_t) pad);
		ndig += pad;
	}
	nint = ndig - decimals;

	if (scaled < 0)
		buf[n++] = '-';
	for (i = 0; i < nint; i++)
	{
		if (i > 0 && (nint - i) % 3 == 0)
			buf[n++] = ' ';
		buf[n++] = digits[i];
	}
	if (decimals > 0)
	{
		buf[n++] = ',';
		memcpy(buf + n, digits + nint, (size_t) decimals);
		n += decimals;
	}
	buf[n] = '\0';
	return n;
}
