/*
 * belopp_core.h -- parsing, formatting and rounding of exact kronor amounts.
 *
 * A belopp is a signed 64-bit count of öre (1 krona = 100 öre).  This module
 * holds everything about the type that does not need PostgreSQL: reading the
 * forms that reports and ERP exports print, writing the canonical and the
 * Swedish presentation forms, and integer rounding.  It includes no
 * PostgreSQL header so that it can be unit-tested and fuzzed on its own.
 */
#ifndef KR_BELOPP_CORE_H
#define KR_BELOPP_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "tal_core.h"

#ifndef KR_HAVE_INT128
#error "kommunrapport needs a 128-bit integer type (PostgreSQL's HAVE_INT128, PG_INT128_TYPE)"
#endif

/* Outcome of belopp_parse(). */
typedef enum BeloppParseResult
{
	BELOPP_OK = 0,
	BELOPP_SYNTAX,				/* not an amount; the message says why */
	BELOPP_RANGE				/* an amount, but outside the range of int64 öre */
} BeloppParseResult;

/* Room for any error message belopp_parse() writes. */
#define BELOPP_ERRMSG_LEN 160

/* Room for the canonical text form (sign, 17 digits, point, 2 digits, NUL). */
#define BELOPP_CANON_LEN 32

/* Room for the presentation form with any number of decimals we allow. */
#define BELOPP_VISA_LEN 96

/* The largest number of decimals visa() prints. */
#define BELOPP_MAX_DECIMALS 20

/*
 * A presentation/input unit: its name and how many öre one unit is, written
 * as a power of ten (kr = 2, tkr = 5, mnkr = 8, mdkr = 11).
 */
typedef struct BeloppUnit
{
	const char *name;
	int			ore_exp;
} BeloppUnit;

/*
 * Parse len bytes of text as an amount.  On BELOPP_OK *ore holds the value.
 * Otherwise errmsg (of BELOPP_ERRMSG_LEN bytes, may be NULL) says what is
 * wrong, in English, lower case, without a final period.
 */
extern BeloppParseResult belopp_parse(const char *s, size_t len, int64_t *ore,
									  char *errmsg);

/*
 * A fast path for a NUL-terminated string in the plain form
 * "[-+]digits[.,d[d]]" (at most 16 integer digits): returns 1 and stores the
 * value, or 0 when the text has any other form; belopp_parse() reads every
 * text this accepts the same way.
 */
extern int	belopp_parse_plain(const char *s, int64_t *ore);

/*
 * The same for decimal text that a program wrote (numeric's output): a point
 * followed by three digits is read as decimals, not refused as possibly a
 * thousands separator.
 */
extern BeloppParseResult belopp_parse_decimal(const char *s, size_t len, int64_t *ore,
											  char *errmsg);

/*
 * A number already read (by tal_lex, or from numeric's digits) as an amount
 * in the unit with öre exponent unit_exp: BELOPP_SYNTAX for fractions of an
 * öre, BELOPP_RANGE beyond int64 öre, with the message in errmsg.
 */
extern BeloppParseResult belopp_from_tal(const TalTal *t, int unit_exp, int64_t *ore,
										 char *errmsg);

/* Write the canonical form ("-5943.00"); returns its length. */
extern int	belopp_format(int64_t ore, char *buf);

/*
 * Look up a unit name (case-insensitive; "" means kr).  Returns the power of
 * ten of öre per unit, or -1 when the name is not a unit.
 */
extern int	belopp_unit_exp(const char *name, size_t len);

/*
 * Write the Swedish presentation of ore in the unit with ore_exp, rounded half
 * away from zero to decimals places (0..BELOPP_MAX_DECIMALS), with the integer
 * part grouped by threes with a space and a decimal comma ("-1 074,0").  With
 * decimals < 0 the fewest decimals that show the value exactly are used (at
 * least two when a kr amount has öre).  Returns the length written.
 */
extern int	belopp_visa(int64_t ore, int ore_exp, int decimals, char *buf);

/*
 * Divide a 128-bit numerator by a positive power of ten, rounding half away
 * from zero.  exp10 must be 0..38.
 */
extern kr_int128 belopp_round_pow10(kr_int128 num, int exp10);

/*
 * num / den rounded half away from zero; den must not be zero.  Returns 0 and
 * stores the quotient, or -1 when it does not fit in int64.
 */
extern int	belopp_div_round(kr_int128 num, kr_int128 den, int64_t *result);

#endif							/* KR_BELOPP_CORE_H */
