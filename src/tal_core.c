/*
 * tal_core.c -- the one reader of Swedish numbers; see tal_core.h.
 */
#include "tal_core.h"

#include <stdio.h>
#include <string.h>

#define FRAC_DIGITS_CAP (INT32_MAX / 2)

/* Whether the bytes at p start with the literal lit. */
static bool
starts_with(const char *p, const char *end, const char *lit)
{
	size_t		n = strlen(lit);

	return (size_t) (end - p) >= n && memcmp(p, lit, n) == 0;
}

static bool
is_digit(const char *p, const char *end)
{
	return p < end && *p >= '0' && *p <= '9';
}

size_t
tal_minus_len(const char *p, const char *end, unsigned flags)
{
	const unsigned char *u = (const unsigned char *) p;
	size_t		left = (size_t) (end - p);

	if (left >= 1 && u[0] == '-')
		return 1;
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x93)
		return 3;				/* U+2013 */
	if ((flags & TAL_DASHES) && left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
		u[2] >= 0x90 && u[2] <= 0x94)
		return 3;				/* U+2010, U+2011, U+2012, U+2014 */
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92)
		return 3;				/* U+2212 */
	return 0;
}

size_t
tal_sign_len(const char *p, const char *end, unsigned flags, TalSign *sign)
{
	size_t		n;

	*sign = TAL_NO_SIGN;
	if (starts_with(p, end, "+-") || starts_with(p, end, "\xC2\xB1"))
	{
		*sign = TAL_PLUSMINUS;
		return 2;				/* "+-" and U+00B1 are both two bytes */
	}
	if (p < end && *p == '+')
	{
		*sign = TAL_PLUS;
		return 1;
	}
	n = tal_minus_len(p, end, flags);
	if (n > 0)
		*sign = TAL_MINUS;
	return n;
}

size_t
tal_group_separator_len(const char *p, const char *end)
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

bool
tal_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' ||
		cp == 0x00A0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
		cp == 0x205F || cp == 0x3000;
}

size_t
tal_space_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *) p;
	size_t		left = (size_t) (end - p);

	if (left >= 1 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\n' || u[0] == '\v' ||
					  u[0] == '\f' || u[0] == '\r'))
		return 1;
	if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF))
		return 3;				/* U+2000 .. U+200A, U+202F */
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
		return 3;				/* U+205F */
	if (left >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;				/* U+3000 */
	return 0;
}

/* Append one decimal digit to a mantissa, or note that it overflowed. */
static void
add_digit(uint64_t *m, bool *overflow, unsigned d)
{
	if (*overflow)
		return;
	if (*m > (UINT64_MAX - d) / 10)
		*overflow = true;
	else
		*m = *m * 10 + d;
}

/* Append one digit to a printed-digits value (valid up to 19 digits). */
static void
add_printed(uint64_t *v, int count, unsigned d)
{
	if (count <= 19)
		*v = *v * 10 + d;
}

TalStatus
tal_lex(const char *s, size_t len, unsigned flags, TalLexeme *out)
{
	const char *p = s;
	const char *end = s + len;
	int			pending_zeros = 0;
	size_t		n;

	memset(out, 0, sizeof(*out));

	/* sign, and the white space after it where allowed */
	n = tal_sign_len(p, end, flags, &out->sign);
	p += n;
	if (n > 0 && (flags & TAL_SIGN_APART))
	{
		size_t		sp;

		while ((sp = tal_space_len(p, end)) > 0)
			p += sp;
	}
	out->sign_len = (size_t) (p - s);
	out->value.negative = out->sign == TAL_MINUS;

	if (!is_digit(p, end))
	{
		out->error_at = (size_t) (p - s);
		if (p < end && (*p == ',' || (*p == '.' && (flags & TAL_POINT))))
			return TAL_DIGIT_FIRST;
		return TAL_NO_DIGIT;
	}

	/* integer part: a first run of digits, then groups of exactly three */
	while (is_digit(p, end))
	{
		unsigned	d = (unsigned) (*p - '0');

		out->int_digits++;
		if (d != 0 || out->int_sig > 0)
		{
			out->int_sig++;
			add_printed(&out->int_value, out->int_sig, d);
		}
		add_digit(&out->value.mantissa, &out->value.overflow, d);
		p++;
	}
	out->first_run = out->int_digits;
	while (flags & TAL_GROUPS)
	{
		size_t		sep = tal_group_separator_len(p, end);
		const char *g;

		if (sep == 0 || !is_digit(p + sep, end))
			break;
		/* a group separator followed by a digit: the number is grouped */
		if (out->groups == 0 && out->first_run > 3)
		{
			out->detail = out->first_run;
			out->error_at = (size_t) (p - s);
			return TAL_FIRST_GROUP;
		}
		p += sep;
		for (g = p; is_digit(g, end); g++)
			;
		if (g - p != 3)
		{
			out->detail = (long) (g - p);
			out->error_at = (size_t) (p - s);
			return TAL_GROUP_LENGTH;
		}
		for (; p < g; p++)
		{
			unsigned	d = (unsigned) (*p - '0');

			out->int_digits++;
			if (d != 0 || out->int_sig > 0)
			{
				out->int_sig++;
				add_printed(&out->int_value, out->int_sig, d);
			}
			add_digit(&out->value.mantissa, &out->value.overflow, d);
		}
		out->groups++;
	}

	/* decimal part */
	if (p < end && (*p == ',' || (*p == '.' && (flags & TAL_POINT))))
	{
		const char *decimals_start;

		out->decimal = *p++;
		decimals_start = p;
		if (!is_digit(p, end))
		{
			out->error_at = (size_t) (p - s);
			return TAL_NO_DECIMALS;
		}
		while (is_digit(p, end))
		{
			unsigned	d = (unsigned) (*p - '0');

			if (out->frac_digits < FRAC_DIGITS_CAP)
				out->frac_digits++;
			add_printed(&out->frac_value, out->frac_digits, d);
			if (d == 0)
				pending_zeros++;
			else
			{
				/* the zeros before a non-zero decimal are significant */
				for (; pending_zeros > 0; pending_zeros--)
				{
					add_digit(&out->value.mantissa, &out->value.overflow, 0);
					if (out->value.scale < FRAC_DIGITS_CAP)
						out->value.scale++;
				}
				add_digit(&out->value.mantissa, &out->value.overflow, d);
				if (out->value.scale < FRAC_DIGITS_CAP)
					out->value.scale++;
				out->frac_nonzero = true;
			}
			p++;
		}
		if (p < end && (*p == ',' || (*p == '.' && (flags & TAL_POINT))))
		{
			out->error_at = (size_t) (p - s);
			return TAL_TWO_SEPARATORS;
		}

		/*
		 * "1.500" may be 1 500 with a thousands point (as German exports
		 * write it) or 1,5: refuse to guess.  A comma is always the decimal
		 * comma, as in Swedish text ("1,500 tkr" is 1 500 kr).
		 */
		if (out->decimal == '.' && !(flags & TAL_POINT_DECIMALS) && out->groups == 0 &&
			out->first_run <= 3 && s[out->sign_len] != '0' && p - decimals_start == 3)
		{
			out->error_at = (size_t) (decimals_start - 1 - s);
			return TAL_POINT_OR_GROUP;
		}
		if (flags & TAL_GROUPS)
		{
			size_t		sep = tal_group_separator_len(p, end);

			if (sep > 0 && is_digit(p + sep, end))
			{
				out->error_at = (size_t) (p - s);
				return TAL_GROUPED_DECIMALS;
			}
		}
	}
	out->len = (size_t) (p - s);
	if (out->value.mantissa == 0 && !out->value.overflow)
		out->value.negative = false;
	return TAL_OK;
}

bool
tal_lex_plain(const char *s, const char *end, TalTal *out)
{
	const char *p = s;
	bool		negative = false;
	uint64_t	v = 0;
	int			ndigits = 0;
	int			scale = 0;

#define MORE (end == NULL ? *p != '\0' : p < end)
	if (MORE && (*p == '-' || *p == '+'))
		negative = (*p++ == '-');
	while (MORE && *p >= '0' && *p <= '9')
	{
		if (++ndigits > 16)
			return false;
		v = v * 10 + (uint64_t) (*p++ - '0');
	}
	if (ndigits == 0)
		return false;
	if (MORE && (*p == '.' || *p == ','))
	{
		int			d1,
					d2 = -1;

		p++;
		if (!(MORE && *p >= '0' && *p <= '9'))
			return false;
		d1 = *p++ - '0';
		if (MORE && *p >= '0' && *p <= '9')
			d2 = *p++ - '0';
		if (d2 > 0)
		{
			v = v * 100 + (uint64_t) (d1 * 10 + d2);
			scale = 2;
		}
		else if (d1 > 0)
		{
			v = v * 10 + (uint64_t) d1;
			scale = 1;
		}
	}
	if (MORE)
		return false;
#undef MORE
	out->negative = negative && v != 0;
	out->overflow = false;
	out->mantissa = v;
	out->scale = scale;
	return true;
}

/* A big-endian 16-bit integer. */
static int
get16(const unsigned char *p)
{
	return (int16_t) (uint16_t) ((p[0] << 8) | p[1]);
}

int
tal_from_numeric_send(const unsigned char *buf, size_t len, TalTal *out)
{
	int			ndigits;
	int			weight;
	int			sign;
	int			last = -1;		/* position (10^-last) of the last non-zero decimal digit */
	int			i;

	memset(out, 0, sizeof(*out));
	if (len < 8)
		return -1;
	ndigits = get16(buf);
	weight = get16(buf + 2);
	sign = (uint16_t) get16(buf + 4);
	if (ndigits < 0 || len != 8 + 2 * (size_t) ndigits)
		return -1;
	if (sign != 0x0000 && sign != 0x4000)
		return -1;				/* NaN or an infinity */

	/*
	 * Digit i of base 10000 stands for 10000^(weight - i): its four decimal
	 * digits for 10^(4 * (weight - i) + 3) down to 10^(4 * (weight - i)).
	 * First find the last non-zero decimal digit, which fixes the scale.
	 */
	for (i = 0; i < ndigits; i++)
	{
		int			d = get16(buf + 8 + 2 * i);
		int			k;

		if (d < 0 || d > 9999)
			return -1;
		for (k = 0; k < 4; k++)
		{
			static const int pow10[4] = {1000, 100, 10, 1};
			int			e = 4 * (weight - i) + 3 - k;	/* this digit is d_k * 10^e */

			if ((d / pow10[k]) % 10 != 0 && e < 0 && -e > last)
				last = -e;
		}
	}
	out->scale = last < 0 ? 0 : last;

	/* the mantissa: every decimal digit from the highest down to 10^-scale */
	if (ndigits > 0)
	{
		int			top = 4 * weight + 3;	/* exponent of the first decimal digit */
		int			e;

		for (e = top; e >= -out->scale; e--)
		{
			int			idx = weight - (e >= 0 ? e / 4 : -((-e + 3) / 4));	/* floor(e / 4) */
			int			digit = 0;

			if (idx >= 0 && idx < ndigits)
			{
				int			d = get16(buf + 8 + 2 * idx);
				int			within = e - 4 * (weight - idx);	/* 0..3 */
				static const int pow10[4] = {1, 10, 100, 1000};

				digit = (d / pow10[within]) % 10;
			}
			if (digit == 0 && out->mantissa == 0)
				continue;		/* leading zeros */
			add_digit(&out->mantissa, &out->overflow, (unsigned) digit);
			if (out->overflow)
				break;			/* the scale is known already */
		}
	}
	out->negative = sign == 0x4000 && (out->mantissa != 0 || out->overflow);
	return 0;
}

int
tal_scaled(const TalTal *t, int exp10, uint64_t limit, uint64_t *out)
{
	uint64_t	m = t->mantissa;
	int			k;

	if (t->scale > exp10)
		return 1;
	if (t->overflow)
		return 2;
	for (k = t->scale; k < exp10 && m != 0; k++)
	{
		if (m > UINT64_MAX / 10)
			return 2;
		m *= 10;
	}
	if (m > limit)
		return 2;
	*out = m;
	return 0;
}

int
tal_format(const TalTal *t, char *buf)
{
	char		digits[24];
	int			nd;
	int			n = 0;

	if (t->overflow)
		return snprintf(buf, TAL_TEXT_LEN, "%s(too large)", t->negative ? "-" : "");
	nd = snprintf(digits, sizeof(digits), "%llu", (unsigned long long) t->mantissa);
	if (t->negative)
		buf[n++] = '-';
	if (t->scale == 0)
		n += snprintf(buf + n, (size_t) (TAL_TEXT_LEN - n), "%s", digits);
	else if (t->scale > 20)
		n += snprintf(buf + n, (size_t) (TAL_TEXT_LEN - n), "%se-%d", digits, t->scale);
	else if (nd > t->scale)
		n += snprintf(buf + n, (size_t) (TAL_TEXT_LEN - n), "%.*s.%s",
					  nd - t->scale, digits, digits + nd - t->scale);
	else
	{
		buf[n++] = '0';
		buf[n++] = '.';
		for (int z = nd; z < t->scale; z++)
			buf[n++] = '0';
		n += snprintf(buf + n, (size_t) (TAL_TEXT_LEN - n), "%s", digits);
	}
	return n;
}

bool
tal_equal(const TalTal *a, const TalTal *b)
{
	if (a->overflow || b->overflow)
		return false;
	return a->negative == b->negative && a->mantissa == b->mantissa && a->scale == b->scale;
}
