/*
 * tal_core.h -- the one reader of Swedish numbers.
 *
 * Amounts (belopp), the table reader (las_tabell) and the spreading weights
 * all read numbers through this module, so that the same text means the same
 * number everywhere.  Text is read by tal_lex(); numbers that already are
 * numbers (PostgreSQL's numeric) enter as their decimal digits and scale
 * through tal_from_numeric_send(), never as text.  Both give a TalTal: a sign,
 * a 64-bit mantissa and a count of decimals.  Pure C, no PostgreSQL header,
 * so that it can be unit-tested and fuzzed on its own.
 *
 *
 * CHARACTERS
 *
 * minus sign      '-', U+2013 EN DASH and U+2212 MINUS SIGN; with TAL_DASHES
 *                 (the table reader) also U+2010 HYPHEN, U+2011 NON-BREAKING
 *                 HYPHEN, U+2012 FIGURE DASH and U+2014 EM DASH, with which
 *                 published tables print minus signs too (an amount typed
 *                 as text keeps the three: "—5" is not a belopp)
 * plus sign       '+'
 * zero sign       "+-" and U+00B1 PLUS-MINUS SIGN, which stand only before
 *                 zero ("+-0", a printed zero)
 * group separator ' ', U+00A0 NO-BREAK SPACE, U+2009 THIN SPACE, U+202F
 *                 NARROW NO-BREAK SPACE: exactly one of them between digit
 *                 groups (a tab, two spaces, U+2007 FIGURE SPACE or any other
 *                 white space never stands inside a number)
 * white space     the group separators, tab, line feed, vertical tab, form
 *                 feed, carriage return, U+2000..U+200A, U+205F, U+3000
 * decimal comma   ','; the point '.' is a decimal separator only where the
 *                 caller says so (TAL_POINT): Swedish text writes a comma
 *
 *
 * GRAMMAR (tal_lex)
 *
 *   number  := [sign [space]] digits { separator group } [decimal]
 *   digits  := one or more ASCII digits (before a separator: 1 to 3)
 *   group   := exactly three ASCII digits
 *   decimal := decimal-separator one or more ASCII digits
 *
 * White space between the sign and the digits is read only with
 * TAL_SIGN_APART, digit groups only with TAL_GROUPS.  The lexer reads the
 * longest number at the start of the text and says how many bytes it took;
 * what follows (a unit, a percent sign, a parenthesis) is the caller's.
 *
 * VALUE
 *
 * The value is (-1 if negative) * mantissa * 10^-scale, where the mantissa
 * holds every integer digit and the decimals up to the last non-zero one,
 * and scale counts those decimals (zeros after the last non-zero decimal
 * change nothing: "1,50" is 15 * 10^-1).  Leading zeros change nothing
 * ("007" is 7).  A mantissa beyond 2^64 - 1 sets overflow; scale is still
 * exact then.  The printed form is kept beside the value (integer digits,
 * decimals as printed) for callers that show it, such as the table reader.
 */
#ifndef KR_TAL_CORE_H
#define KR_TAL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * 128-bit integers.  The cores that need them (belopp_core, fordela_core)
 * use kr_int128 and kr_uint128 from here.  PostgreSQL's configuration says
 * whether the compiler has them (HAVE_INT128, from PG_INT128_TYPE; c.h
 * defines it for the C files that include postgres.h, and the build passes
 * -DHAVE_INT128 to the pure cores); without it the compiler's own
 * __SIZEOF_INT128__ is the default.  Without either the build stops here.
 */
#if defined(HAVE_INT128) || defined(PG_INT128_TYPE) || defined(__SIZEOF_INT128__)
#define KR_HAVE_INT128 1
#endif

#ifdef KR_HAVE_INT128
typedef __int128 kr_int128;
typedef unsigned __int128 kr_uint128;
#endif

/* Flags of tal_lex(). */
#define TAL_GROUPS			0x01	/* digit groups joined by one group separator */
#define TAL_POINT			0x02	/* '.' is a decimal separator too */
#define TAL_POINT_DECIMALS	0x04	/* with TAL_POINT: text a program wrote, whose
									 * point is always a decimal point */
#define TAL_SIGN_APART		0x08	/* white space may stand after the sign */
#define TAL_DASHES			0x10	/* U+2010, U+2011, U+2012, U+2014 are minus signs */

/* The sign a number was printed with. */
typedef enum TalSign
{
	TAL_NO_SIGN = 0,
	TAL_PLUS,
	TAL_MINUS,
	TAL_PLUSMINUS				/* "+-" or U+00B1: zero only */
} TalSign;

/* An exact decimal number: (negative ? -1 : 1) * mantissa * 10^-scale. */
typedef struct TalTal
{
	bool		negative;
	bool		overflow;		/* the mantissa does not fit in 64 bits */
	uint64_t	mantissa;
	int			scale;			/* decimals up to the last non-zero one, >= 0 */
} TalTal;

/* Outcome of tal_lex(). */
typedef enum TalStatus
{
	TAL_OK = 0,
	TAL_NO_DIGIT,				/* no digit where the number starts */
	TAL_DIGIT_FIRST,			/* a decimal separator before any digit */
	TAL_FIRST_GROUP,			/* detail digits before a group separator (> 3) */
	TAL_GROUP_LENGTH,			/* a group of detail digits after a separator */
	TAL_NO_DECIMALS,			/* a decimal separator without a digit after it */
	TAL_TWO_SEPARATORS,			/* a second decimal separator */
	TAL_POINT_OR_GROUP,			/* "1.500": thousands point or three decimals */
	TAL_GROUPED_DECIMALS		/* a group separator among the decimals */
} TalStatus;

/* What tal_lex() read. */
typedef struct TalLexeme
{
	size_t		len;			/* bytes read (on TAL_OK) */
	TalSign		sign;			/* set even when the digits fail */
	size_t		sign_len;		/* bytes of the sign and the space after it */
	int			int_digits;		/* integer digits as printed, all groups */
	int			int_sig;		/* integer digits without leading zeros */
	int			first_run;		/* digits before the first group separator */
	int			groups;			/* groups after a separator */
	uint64_t	int_value;		/* the integer digits; valid when int_sig <= 19 */
	char		decimal;		/* the decimal separator, or 0 */
	int			frac_digits;	/* decimals as printed (saturates at INT32_MAX / 2) */
	bool		frac_nonzero;	/* a decimal is not zero */
	uint64_t	frac_value;		/* the decimals as printed; valid when <= 19 */
	TalTal		value;
	long		detail;			/* the count an error names */
	size_t		error_at;		/* byte offset of the problem */
} TalLexeme;

/*
 * Byte length of a sign at p (0 when there is none), and which sign.  "+-"
 * is one zero sign, not a plus followed by a minus.
 */
extern size_t tal_sign_len(const char *p, const char *end, unsigned flags, TalSign *sign);

/* Byte length of a minus sign at p (0 if none); flags as for tal_lex. */
extern size_t tal_minus_len(const char *p, const char *end, unsigned flags);

/* Byte length of a group separator at p (0 when there is none). */
extern size_t tal_group_separator_len(const char *p, const char *end);

/* Byte length of one white-space character at p (0 when there is none). */
extern size_t tal_space_len(const char *p, const char *end);

/* Whether a code point is white space (the list above). */
extern bool tal_is_space(uint32_t cp);

/*
 * Read the number at the start of s (len bytes).  Returns TAL_OK and fills
 * *out, or the first problem (out->detail and out->error_at say more;
 * out->sign is filled whenever a sign was read).
 */
extern TalStatus tal_lex(const char *s, size_t len, unsigned flags, TalLexeme *out);

/*
 * The whole text in the plain form "[-+]digits[.,]d[d]" or "[-+]digits",
 * at most 16 integer digits, as machines write it: returns true and fills
 * *out (what tal_lex with TAL_POINT | TAL_POINT_DECIMALS reads from it).
 * end is NULL for a NUL-terminated string.
 */
extern bool tal_lex_plain(const char *s, const char *end, TalTal *out);

/*
 * A number from numeric's binary form (numeric_send: int16 ndigits, weight,
 * sign, dscale, then ndigits base-10000 digits, all big-endian).  Returns 0,
 * or -1 when the bytes are not a finite numeric.
 */
extern int	tal_from_numeric_send(const unsigned char *buf, size_t len, TalTal *out);

/*
 * |value| * 10^exp10 (exp10 >= 0) as a whole number: returns 0 and stores
 * it, 1 when that has a fraction (scale > exp10), 2 when it exceeds limit.
 */
extern int	tal_scaled(const TalTal *t, int exp10, uint64_t limit, uint64_t *out);

/*
 * Write the value in plain form ("-1634.5", "0"); returns the length.  buf
 * needs TAL_TEXT_LEN bytes; an overflowed value is written as "(too large)".
 */
#define TAL_TEXT_LEN 48
extern int	tal_format(const TalTal *t, char *buf);

/* Whether two numbers are equal (an overflowed one equals nothing). */
extern bool tal_equal(const TalTal *a, const TalTal *b);

#endif							/* KR_TAL_CORE_H */
