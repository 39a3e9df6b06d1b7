/*
 * period_core.c -- parsing and formatting of reporting periods.
 *
 * The text is split into tokens -- numbers, words (Swedish letters included,
 * folded to lower case, an abbreviation's trailing period dropped), dashes and
 * the ".." of the canonical form -- and the token sequence is matched against
 * the forms listed in period_core.h.  See there for the packing.
 */
#include "period_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_TOKENS 8
#define MAX_WORD 16

typedef enum TokenKind
{
	TOK_NUMBER,
	TOK_WORD,
	TOK_DASH,
	TOK_RANGE					/* ".." */
} TokenKind;

typedef struct Token
{
	TokenKind	kind;
	int			ndigits;		/* TOK_NUMBER */
	long		value;			/* TOK_NUMBER */
	char		word[MAX_WORD + 1]; /* TOK_WORD, lower case */
} Token;

/* Full names and the abbreviations reports use, month by month. */
static const char *const month_names[12][4] = {
	{"januari", "jan", NULL},
	{"februari", "feb", NULL},
	{"mars", "mar", NULL},
	{"april", "apr", NULL},
	{"maj", NULL},
	{"juni", "jun", NULL},
	{"juli", "jul", NULL},
	{"augusti", "aug", NULL},
	{"september", "sep", "sept", NULL},
	{"oktober", "okt", NULL},
	{"november", "nov", NULL},
	{"december", "dec", NULL},
};

/* The short names visa() prints. */
static const char *const month_short[12] = {
	"jan", "feb", "mar", "apr", "maj", "jun",
	"jul", "aug", "sep", "okt", "nov", "dec"
};

int32_t
period_pack(PeriodParts p)
{
	return (int32_t) ((p.year << 8) | (p.first << 4) | p.last);
}

PeriodParts
period_unpack(int32_t packed)
{
	PeriodParts p;

	p.year = packed >> 8;
	p.first = (packed >> 4) & 0xF;
	p.last = packed & 0xF;
	return p;
}

int
period_valid(int32_t packed)
{
	PeriodParts p = period_unpack(packed);

	return packed >= 0 && p.year >= PERIOD_MIN_YEAR && p.year <= PERIOD_MAX_YEAR &&
		p.first >= 1 && p.last <= 12 && p.first <= p.last;
}

/* Write a message into errmsg when the caller wants one; returns -1. */
static int fail(char *errmsg, const char *fmt,...) __attribute__((format(printf, 2, 3)));

static int
fail(char *errmsg, const char *fmt,...)
{
	va_list		ap;

	if (errmsg != NULL)
	{
		va_start(ap, fmt);
		vsnprintf(errmsg, PERIOD_ERRMSG_LEN, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* The month (1..12) a lower-case word names, or 0. */
static int
month_of(const char *word)
{
	int			m,
				i;

	for (m = 0; m < 12; m++)
		for (i = 0; month_names[m][i] != NULL; i++)
			if (strcmp(word, month_names[m][i]) == 0)
				return m + 1;
	return 0;
}

/*
 * Split the text into tokens.  Returns the count, or -1 with a message.
 * Upper-case ASCII and Å, Ä, Ö are folded to lower case.
 */
static int
tokenize(const char *s, size_t len, Token *tok, char *errmsg)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;
	int			n = 0;

	while (p < end)
	{
		Token	   *t;

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		{
			p++;
			continue;
		}
		if (end - p >= 2 && p[0] == 0xC2 && p[1] == 0xA0)	/* no-break space */
		{
			p += 2;
			continue;
		}
		if (n == MAX_TOKENS)
			return fail(errmsg, "The text has too many parts to be a period.");
		t = &tok[n++];
		if (*p >= '0' && *p <= '9')
		{
			t->kind = TOK_NUMBER;
			t->ndigits = 0;
			t->value = 0;
			while (p < end && *p >= '0' && *p <= '9')
			{
				if (t->ndigits < 9)
					t->value = t->value * 10 + (*p - '0');
				t->ndigits++;
				p++;
			}
		}
		else if (*p == '-' ||
				 (end - p >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94)))
		{
			t->kind = TOK_DASH;
			p += (*p == '-') ? 1 : 3;
		}
		else if (*p == '.' && end - p >= 2 && p[1] == '.')
		{
			t->kind = TOK_RANGE;
			p += 2;
		}
		else
		{
			int			w = 0;

			t->kind = TOK_WORD;
			for (;;)
			{
				unsigned char c0 = p < end ? p[0] : 0;
				unsigned char c1 = end - p >= 2 ? p[1] : 0;
				char		buf[2];
				int			k = 1;

				if ((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z'))
					buf[0] = (char) (c0 | 0x20);
				else if (c0 == 0xC3 && (c1 == 0xA5 || c1 == 0xA4 || c1 == 0xB6 ||
										c1 == 0x85 || c1 == 0x84 || c1 == 0x96))
				{
					/* å ä ö, and Å Ä Ö folded to them */
					buf[0] = (char) 0xC3;
					buf[1] = (char) (c1 | 0x20);
					k = 2;
				}
				else
					break;
				if (w + k > MAX_WORD)
					return fail(errmsg, "A word is too long to be part of a period.");
				memcpy(t->word + w, buf, (size_t) k);
				w += k;
				p += k;
			}
			if (w == 0)
				return fail(errmsg, "Unexpected character at position %ld.",
							(long) (p - (const unsigned char *) s) + 1);
			t->word[w] = '\0';
			/* an abbreviation's period: "jan." (but not the ".." of a range) */
			if (p < end && *p == '.' && !(end - p >= 2 && p[1] == '.'))
				p++;
		}
	}
	return n;
}

/* Whether token i is a four-digit year; stores it. */
static int
is_year(const Token *tok, int n, int i, int *year)
{
	if (i >= n || tok[i].kind != TOK_NUMBER || tok[i].ndigits != 4 ||
		tok[i].value < PERIOD_MIN_YEAR)
		return 0;
	*year = (int) tok[i].value;
	return 1;
}

/* Whether token i is a month number 1..12 written with one or two digits. */
static int
is_month_number(const Token *tok, int n, int i, int *month)
{
	if (i >= n || tok[i].kind != TOK_NUMBER || tok[i].ndigits > 2 ||
		tok[i].value < 1 || tok[i].value > 12)
		return 0;
	*month = (int) tok[i].value;
	return 1;
}

/* Check first <= last and fill the result. */
static int
finish(PeriodParts *out, int year, int first, int last, char *errmsg)
{
	if (first > last)
		return fail(errmsg, "The period runs backwards: %s comes after %s.",
					month_short[first - 1], month_short[last - 1]);
	out->year = year;
	out->first = first;
	out->last = last;
	return 0;
}

int
period_parse(const char *s, size_t len, PeriodParts *out, char *errmsg)
{
	Token		tok[MAX_TOKENS];
	int			n;
	int			year,
				year2,
				m1,
				m2;

	if (errmsg != NULL)
		errmsg[0] = '\0';
	n = tokenize(s, len, tok, errmsg);
	if (n < 0)
		return -1;
	if (n == 0)
		return fail(errmsg, "The text is empty.");

	/* a bare number that looks like a year but is not one */
	if (tok[0].kind == TOK_NUMBER && tok[0].ndigits == 4 && tok[0].value < PERIOD_MIN_YEAR)
		return fail(errmsg, "The year must be between %d and %d.",
					PERIOD_MIN_YEAR, PERIOD_MAX_YEAR);

	if (is_year(tok, n, 0, &year))
	{
		/* "2023" */
		if (n == 1)
			return finish(out, year, 1, 12, errmsg);
		/* "2024-08" */
		if (n == 3 && tok[1].kind == TOK_DASH && is_month_number(tok, n, 2, &m1))
			return finish(out, year, m1, m1, errmsg);
		/* "2023-01..2023-05" */
		if (n == 7 && tok[1].kind == TOK_DASH && is_month_number(tok, n, 2, &m1) &&
			tok[3].kind == TOK_RANGE && is_year(tok, n, 4, &year2) &&
			tok[5].kind == TOK_DASH && is_month_number(tok, n, 6, &m2))
		{
			if (year2 != year)
				return fail(errmsg, "A period lies within one year; this one runs from %d into %d.",
							year, year2);
			return finish(out, year, m1, m2, errmsg);
		}
		if (n >= 3 && tok[1].kind == TOK_DASH && tok[2].kind == TOK_NUMBER)
			return fail(errmsg, "A month number must be 1 to 12.");
		return fail(errmsg, "After the year, expected \"-MM\" or \"-MM..YYYY-MM\".");
	}

	if (tok[0].kind == TOK_WORD)
	{
		const char *w = tok[0].word;

		/* "helår 2023" */
		if (strcmp(w, "hel\xC3\xA5r") == 0 || strcmp(w, "helar") == 0)
		{
			if (n == 2 && is_year(tok, n, 1, &year))
				return finish(out, year, 1, 12, errmsg);
			return fail(errmsg, "Expected a year after \"%s\".", w);
		}
		/* "T1 2024", "tertial 2 2024" */
		if (strcmp(w, "t") == 0 || strcmp(w, "tertial") == 0)
		{
			if (n == 3 && tok[1].kind == TOK_NUMBER && is_year(tok, n, 2, &year))
			{
				if (tok[1].ndigits != 1 || tok[1].value < 1 || tok[1].value > 3)
					return fail(errmsg, "A tertial is 1, 2 or 3.");
				return finish(out, year, 1, (int) tok[1].value * 4, errmsg);
			}
			return fail(errmsg, "Expected a tertial and a year, as in \"T1 2024\" or \"tertial 2 2024\".");
		}
		/* "maj 2023", "jan-maj 2023" */
		m1 = month_of(w);
		if (m1 == 0)
			return fail(errmsg, "\"%s\" is not a Swedish month name.", w);
		if (n == 2 && is_year(tok, n, 1, &year))
			return finish(out, year, m1, m1, errmsg);
		if (n == 4 && tok[1].kind == TOK_DASH && tok[2].kind == TOK_WORD &&
			is_year(tok, n, 3, &year))
		{
			m2 = month_of(tok[2].word);
			if (m2 == 0)
				return fail(errmsg, "\"%s\" is not a Swedish month name.", tok[2].word);
			return finish(out, year, m1, m2, errmsg);
		}
		if (n == 5 && tok[1].kind == TOK_NUMBER && tok[1].ndigits == 4 &&
			tok[2].kind == TOK_DASH)
			return fail(errmsg, "A period lies within one year; give the year once, after the last month.");
		return fail(errmsg, "Expected a year after the month%s, as in \"jan-maj 2023\".", n > 2 ? "s" : "");
	}

	return fail(errmsg, "Expected a period such as 2023-01..2023-05, jan-maj 2023, T1 2024, hel\xC3\xA5r 2023 or 2023.");
}

int
period_format(PeriodParts p, char *buf)
{
	return snprintf(buf, PERIOD_TEXT_LEN, "%04d-%02d..%04d-%02d", p.year, p.first, p.year, p.last);
}

int
period_visa(PeriodParts p, char *buf)
{
	if (p.first == p.last)
		return snprintf(buf, PERIOD_TEXT_LEN, "%s %d", month_short[p.first - 1], p.year);
	/* U+2013 EN DASH between the months, as Swedish typography has it */
	return snprintf(buf, PERIOD_TEXT_LEN, "%s\xE2\x80\x93%s %d",
					month_short[p.first - 1], month_short[p.last - 1], p.year);
}
