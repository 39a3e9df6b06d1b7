/*
 * belopp_core.c -- parsing, formatting and rounding of exact kronor amounts.
 *
 * See belopp_core.h.  The grammar belopp_parse() accepts, in order:
 *
 *   [space] ["("] [space] [sign] [space] digits [group ...] [decimal]
 *   [space] [unit] [space] [")"] [space] [unit] [space]
 *
 * sign      '-', '+', U+2212 MINUS SIGN, U+2013 EN DASH, or "+-" / U+00B1
 *           (plus-minus), which only stands before a zero
 * "(" ")"   accounting parentheses: a negative amount; no sign inside them,
 *           and at most one unit (inside or after the parentheses)
 * digits    one or more ASCII digits; when groups follow, 1 to 3 digits
 * group     one group separator (space, U+00A0, U+2009 or U+202F) followed
 *           by exactly three digits
 * decimal   one ',' or '.' followed by one or more digits; digits beyond the
 *           öre are allowed only when they are zeros (nothing is rounded)
 * unit      kr, sek (1), tkr (1 000), mnkr, mkr (1 000 000), mdkr
 *           (1 000 000 000), case-insensitive
 * space     any run of ASCII white space or the three group separators
 *
 * Anything else is a syntax error whose message names what is wrong; a
 * value beyond the int64 range of öre is a range error.
 */
#include "belopp_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Units, longest name first is not needed: names are matched whole. */
static const BeloppUnit belopp_units[] = {
	{"kr", 2},
	{"sek", 2},
	{"tkr", 5},
	{"mnkr", 8},
	{"mkr", 8},
	{"mdkr", 11},
};

/* Mantissas stop growing beyond this; the value is then out of range. */
#define MANTISSA_CAP ((unsigned __int128) 1 << 100)

/* Byte length of a group separator at p (0 when there is none). */
static size_t
group_separator_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *) p;
	size_t		left = (size_t) (end - p);

	if (left >= 1 && u[0] == ' ')
		return 1;
	if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)	/* U+00A0 */
		return 2;
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
		(u[2] == 0x89 || u[2] == 0xAF)) /* U+2009, U+202F */
		return 3;
	return 0;
}

/* Byte length of one white-space character at p (0 when there is none). */
static size_t
space_len(const char *p, const char *end)
{
	if (p < end && (*p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f'))
		return 1;
	return group_separator_len(p, end);
}

/* Skip white space. */
static const char *
skip_space(const char *p, const char *end)
{
	size_t		n;

	while ((n = space_len(p, end)) > 0)
		p += n;
	return p;
}

/* Whether the bytes at p start with the literal lit. */
static int
starts_with(const char *p, const char *end, const char *lit)
{
	size_t		n = strlen(lit);

	return (size_t) (end - p) >= n && memcmp(p, lit, n) == 0;
}

static int
is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

/* Append one decimal digit to the mantissa, or note that it overflowed. */
static void
add_digit(unsigned __int128 *mantissa, int *overflow, char digit)
{
	if (*mantissa >= MANTISSA_CAP)
		*overflow = 1;
	else
		*mantissa = *mantissa * 10 + (unsigned) (digit - '0');
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
	while (p < end && *p != ')' && space_len(p, end) == 0)
		p++;
	exp = belopp_unit_exp(start, (size_t) (p - start));
	if (exp < 0 && errmsg != NULL)
		snprintf(errmsg, BELOPP_ERRMSG_LEN,
				 "\"%.*s\" is not a unit; the units are kr, sek, tkr, mnkr, mkr and mdkr.",
				 (int) (p - start > 20 ? 20 : p - start), start);
	*pp = p;
	return exp;
}

/*
 * The plain form that ERP exports and numeric's output use, [-+]digits with
 * an optional decimal point or comma and one or two decimals, read without
 * the general parser: at most 16 integer digits, so int64 cannot overflow.
 * end is NULL for a NUL-terminated string.  Returns 1 and stores the value,
 * or 0 when the text is not in that form (the general parser then reads it,
 * the same way, or explains what is wrong).
 */
static int
parse_plain(const char *s, const char *end, int64_t *ore)
{
	const char *p = s;
	int			negative = 0;
	int64_t		v = 0;
	int			ndigits = 0;
	int			ndec = 0;

#define MORE (end == NULL ? *p != '\0' : p < end)
	if (MORE && (*p == '-' || *p == '+'))
		negative = (*p++ == '-');
	while (MORE && *p >= '0' && *p <= '9')
	{
		if (++ndigits > 16)
			return 0;
		v = v * 10 + (*p++ - '0');
	}
	if (ndigits == 0)
		return 0;
	v *= 100;
	if (MORE && (*p == '.' || *p == ','))
	{
		p++;
		if (MORE && *p >= '0' && *p <= '9')
		{
			v += (*p++ - '0') * 10;
			ndec++;
		}
		if (ndec == 1 && MORE && *p >= '0' && *p <= '9')
			v += *p++ - '0';
		if (ndec == 0)
			return 0;
	}
	if (MORE)
		return 0;
#undef MORE
	*ore = negative ? -v : v;
	return 1;
}

int
belopp_parse_plain(const char *s, int64_t *ore)
{
	return parse_plain(s, NULL, ore);
}

/*
 * The parser behind belopp_parse() and belopp_parse_decimal(); machine_text
 * says the text is a plain decimal number written by a program, whose point
 * is always a decimal point.
 */
static BeloppParseResult
parse_amount(const char *s, size_t len, int machine_text, int64_t *ore, char *errmsg)
{
	const char *p = s;
	const char *end = s + len;
	int			negative = 0;
	int			zero_only = 0;
	int			paren = 0;
	int			unit_exp = -1;
	unsigned __int128 mantissa = 0;
	int			overflow = 0;
	int			frac_digits = 0;	/* fraction digits up to the last non-zero one */
	int			pending_zeros = 0;	/* zeros read since the last non-zero fraction digit */
	int			run;
	int			grouped = 0;	/* digit groups were separated by spaces */
	char		first_digit;
	int			scale;
	unsigned __int128 limit;

	/* the plain form first: most amounts a machine writes are in it */
	if (parse_plain(s, s + len, ore))
	{
		if (errmsg != NULL)
			errmsg[0] = '\0';
		return BELOPP_OK;
	}
	if (errmsg != NULL)
		errmsg[0] = '\0';

	p = skip_space(p, end);
	if (p == end)
		return fail(errmsg, BELOPP_SYNTAX, "The text is empty.");

	if (*p == '(')
	{
		paren = 1;
		p = skip_space(p + 1, end);
	}

	/* sign */
	if (starts_with(p, end, "+-") || starts_with(p, end, "\xC2\xB1"))
	{
		zero_only = 1;
		p += 2;					/* "+-" and U+00B1 are both two bytes */
	}
	else if (p < end && (*p == '-' || *p == '+'))
	{
		negative = (*p == '-');
		p++;
	}
	else if (starts_with(p, end, "\xE2\x88\x92") || starts_with(p, end, "\xE2\x80\x93"))
	{
		negative = 1;
		p += 3;
	}
	else
		goto digits;

	if (paren)
		return fail(errmsg, BELOPP_SYNTAX,
					"A sign cannot stand inside accounting parentheses, which already mean a negative amount.");
	p = skip_space(p, end);

digits:
	if (!is_digit(p, end))
	{
		if (p < end && (*p == ',' || *p == '.'))
			return fail(errmsg, BELOPP_SYNTAX, "A digit must come before the decimal separator.");
		return fail(errmsg, BELOPP_SYNTAX, "Expected a digit at position %ld.", (long) (p - s) + 1);
	}

	/* integer part: a first run of digits, then groups of exactly three */
	run = 0;
	first_digit = *p;
	while (is_digit(p, end))
	{
		add_digit(&mantissa, &overflow, *p++);
		run++;
	}
	for (;;)
	{
		size_t		sep = group_separator_len(p, end);
		const char *g;

		if (sep == 0 || !is_digit(p + sep, end))
			break;
		/* a group separator followed by a digit: the number is grouped */
		if (run > 3)
			return fail(errmsg, BELOPP_SYNTAX,
						"The first digit group before a group separator has %ld digits; it must have one to three.",
						(long) run);
		p += sep;
		for (g = p; is_digit(g, end); g++)
			;
		if (g - p != 3)
			return fail(errmsg, BELOPP_SYNTAX,
						"A digit group after a group separator has %ld digits; groups have exactly three.",
						(long) (g - p));
		while (p < g)
			add_digit(&mantissa, &overflow, *p++);
		grouped = 1;
	}

	/* decimal part */
	if (p < end && (*p == ',' || *p == '.'))
	{
		const char *decimals_start = ++p;

		if (!is_digit(p, end))
			return fail(errmsg, BELOPP_SYNTAX, "The decimal separator must be followed by a digit.");
		while (is_digit(p, end))
		{
			if (*p == '0')
				pending_zeros++;
			else
			{
				for (; pending_zeros > 0; pending_zeros--)
				{
					add_digit(&mantissa, &overflow, '0');
					frac_digits++;
				}
				add_digit(&mantissa, &overflow, *p);
				frac_digits++;
				pending_zeros = 0;
			}
			if (frac_digits > 1000)
				return fail(errmsg, BELOPP_SYNTAX, "The decimal part is too long.");
			p++;
		}
		if (p < end && (*p == ',' || *p == '.'))
			return fail(errmsg, BELOPP_SYNTAX,
						"The amount has two decimal separators; use one decimal comma or decimal point.");

		/*
		 * "1.500" may be 1 500 with a thousands point (as German exports
		 * write it) or 1,5: refuse to guess.  A comma is always the decimal
		 * comma, as in Swedish text ("1,500 tkr" is 1 500 kr).
		 */
		if (!machine_text && decimals_start[-1] == '.' && !grouped && run <= 3 && first_digit != '0' &&
			p - decimals_start == 3)
			return fail(errmsg, BELOPP_SYNTAX,
						"Three digits after a point could be a thousands separator or decimals; write 1 500 with a space, or the decimals with a comma.");
		{
			size_t		sep = group_separator_len(p, end);

			if (sep > 0 && is_digit(p + sep, end))
				return fail(errmsg, BELOPP_SYNTAX,
							"Digits cannot be grouped after the decimal separator.");
		}
	}

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
		negative = 1;
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
		if (is_digit(p, end) || space_len(p, end) > 0)
			return fail(errmsg, BELOPP_SYNTAX, "Unexpected text after the amount at position %ld.",
						(long) (p - s) + 1);
		return fail(errmsg, BELOPP_SYNTAX, "Unexpected character at position %ld.", (long) (p - s) + 1);
	}
	if (unit_exp < 0)
		unit_exp = 2;

	/* scale the mantissa to öre */
	if (frac_digits > unit_exp)
		return fail(errmsg, BELOPP_SYNTAX,
					"The amount has fractions of an öre (%ld decimals in this unit allow at most %ld); nothing is rounded.",
					(long) frac_digits, (long) unit_exp);
	if (zero_only && (mantissa != 0 || overflow))
		return fail(errmsg, BELOPP_SYNTAX, "The sign \"+-\" (or \"±\") stands only before zero.");

	for (scale = frac_digits; scale < unit_exp; scale++)
		add_digit(&mantissa, &overflow, '0');
	limit = (unsigned __int128) INT64_MAX + (negative ? 1 : 0);
	if (overflow || mantissa > limit)
		return fail(errmsg, BELOPP_RANGE, "The amount is outside the range of belopp.");

	if (negative)
		*ore = (mantissa == limit) ? INT64_MIN : -(int64_t) mantissa;
	else
		*ore = (int64_t) mantissa;
	return BELOPP_OK;
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
write_u128(unsigned __int128 v, char *buf)
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
static __int128
pow10_i128(int e)
{
	__int128	r = 1;

	while (e-- > 0)
		r *= 10;
	return r;
}

__int128
belopp_round_pow10(__int128 num, int exp10)
{
	__int128	d = pow10_i128(exp10);
	__int128	q = num / d;
	__int128	r = num % d;

	if (r < 0)
		r = -r;
	/* r >= d - r is 2 * r >= d without overflowing when d is near 10^38 */
	if (r >= d - r)
		q += (num < 0) ? -1 : 1;
	return q;
}

int
belopp_div_round(__int128 num, __int128 den, int64_t *result)
{
	/*
	 * Work on unsigned magnitudes so that no operand in the whole int128
	 * domain can overflow (INT128_MIN / -1, |INT128_MIN|, twice a remainder
	 * near 2^127).
	 */
	unsigned __int128 anum = num < 0 ? (unsigned __int128) 0 - (unsigned __int128) num : (unsigned __int128) num;
	unsigned __int128 aden = den < 0 ? (unsigned __int128) 0 - (unsigned __int128) den : (unsigned __int128) den;
	unsigned __int128 q = anum / aden;
	unsigned __int128 r = anum % aden;
	int			negative = (num < 0) != (den < 0);

	/* r >= aden - r is 2 * r >= aden without overflow */
	if (r >= aden - r)
		q++;
	if (q > (unsigned __int128) INT64_MAX + (negative ? 1 : 0))
		return -1;
	if (!negative)
		*result = (int64_t) q;
	else if (q == (unsigned __int128) INT64_MAX + 1)
		*result = INT64_MIN;
	else
		*result = -(int64_t) q;
	return 0;
}

int
belopp_visa(int64_t ore, int ore_exp, int decimals, char *buf)
{
	__int128	scaled;
	unsigned __int128 mag;
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
		scaled = (__int128) ore * pow10_i128(decimals - ore_exp);
	else
		scaled = belopp_round_pow10((__int128) ore, ore_exp - decimals);

	mag = scaled < 0 ? (unsigned __int128) (-scaled) : (unsigned __int128) scaled;
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
