/*
 * tabell_core.c -- reading report tables out of text copied from a PDF
 *
 * Pure C (libc only).  The rules are documented in tabell_core.h; this file
 * follows them in order: UTF-8 and white space, words, the layout of one
 * line (code, name, numeric tail), the split of the tail into numbers, the
 * relations that decide among splits, and the block reader that joins
 * wrapped rows.
 */
#include "tabell_core.h"
#include "tal_core.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INF_NUMBERS		(INT_MAX / 4)
#define COUNT_CAP		UINT64_MAX

#if defined(__GNUC__) || defined(__clang__)
#define KR_PRINTF_LIKE(f, a)	__attribute__((format(printf, f, a)))
#else
#define KR_PRINTF_LIKE(f, a)
#endif

/* One digit group of a numeric tail. */
typedef struct TGroup
{
	int64_t		ival;			/* integer digits as a number */
	int64_t		fval;			/* decimal digits as a number */
	int			nint;			/* integer digits as printed */
	int			nsig;			/* integer digits without leading zeros */
	int			nfrac;			/* decimal digits as printed */
	int			sign;			/* -1, +1, or 0 when none was printed */
	bool		pmzero;			/* "+-0" or U+00B1 "0" */
	bool		percent;		/* followed by "%" */
	bool		too_long;		/* more than KR_TABELL_MAX_DIGITS digits */
	bool		apart;			/* more than one group separator before it */
	bool		dash;			/* a lone minus sign: the next figure's sign, or
								 * an empty cell */
	bool		empty_ok;		/* a dash that may stand for an empty cell */
	bool		paren_open;		/* "(" before the digits: a negative starts */
	bool		paren_close;	/* ")" after the digits: the negative ends */
	bool		footnote;		/* a footnote mark after the figure */
	const char *text;			/* the word in the caller's input */
	int			textlen;
	int			line;			/* 1-based source line */
	size_t		offset;			/* byte offset in the caller's input */
} TGroup;

typedef struct GroupArray
{
	TGroup	   *items;
	int			count;
	int			cap;
} GroupArray;

typedef struct StrBuf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} StrBuf;

typedef struct Word
{
	const char *start;
	size_t		len;
	bool		apart;			/* set off from the word before it on its line by
								 * more than one group separator (tal_core.h) */
} Word;

typedef struct WordArray
{
	Word	   *items;
	size_t		count;
	size_t		cap;
} WordArray;

typedef enum WordKind
{
	WORD_TEXT,
	WORD_NUMBER,
	WORD_PERCENT,
	WORD_DASH					/* a lone minus sign */
} WordKind;

/* The layout of one line: code, name and numeric tail. */
typedef struct ParsedLine
{
	bool		blank;
	bool		has_code;
	const char *code;
	size_t		code_len;
	StrBuf		name;
	bool		name_lower;		/* name starts with a lower-case letter */
	GroupArray	groups;
} ParsedLine;

/* State of one search through the splits of a numeric tail. */
typedef struct Enumerator
{
	const TGroup *g;
	int			n;
	int			target;			/* K, or -1 for splits of any count */
	size_t		stride;			/* K + 1 */
	const uint64_t *cnt;		/* cnt[i * stride + k]: splits of g[i..] into k */
	const uint64_t *any;		/* any[i]: splits of g[i..] of any count */
	const kr_tabell_relations *rel;
	int			tolerance;
	uint32_t	ready[KR_TABELL_MAX_COLUMNS + 1];	/* ready[c]: relations whose
													 * columns all lie among the
													 * first c */
	uint32_t	prune;			/* relations checked as soon as ready */
	bool		leaf_failed;	/* compute every leaf's failed mask */
	int64_t    *budget;			/* remaining steps, NULL for no limit */
	bool		exhausted;		/* the budget ran out */
	bool		stop;
	int			leaf_limit;
	int			leaves;			/* complete splits reached */
	kr_tabell_value cur[KR_TABELL_MAX_COLUMNS];
	int			ncur;
	int			width;			/* values stored per kept split */
	kr_tabell_value *kept;		/* KR_TABELL_MAX_CANDIDATES * width, or NULL */
	int			kept_n[KR_TABELL_MAX_CANDIDATES];
	uint32_t	kept_failed[KR_TABELL_MAX_CANDIDATES];
	int			nkept;
} Enumerator;

static int	set_error(kr_tabell_error *err, kr_tabell_errcode code, int line,
					  size_t offset, const char *fmt,...) KR_PRINTF_LIKE(5, 6);
static void set_message(char *buf, const char *fmt,...) KR_PRINTF_LIKE(2, 3);

/* Fill *err, formatting the message like printf. */
static int
set_error(kr_tabell_error *err, kr_tabell_errcode code, int line,
		  size_t offset, const char *fmt,...)
{
	va_list		ap;

	if (err == NULL)
		return code;
	err->code = code;
	err->line = line;
	err->offset = offset;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}

/* Reset *err to "no error". */
static void
clear_error(kr_tabell_error *err)
{
	if (err == NULL)
		return;
	err->code = KR_TABELL_OK;
	err->line = 0;
	err->offset = 0;
	err->message[0] = '\0';
}

/* Format into a fixed message buffer like printf. */
static void
set_message(char *buf, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(buf, KR_TABELL_MESSAGE_SIZE, fmt, ap);
	va_end(ap);
}

/*
 * Decode one UTF-8 sequence at s (n bytes available).  Returns its length and
 * sets *cp, or returns 0 for an invalid or truncated sequence (overlong
 * forms, surrogates and code points above U+10FFFF are invalid).
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		if (n < 2 || (s[1] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t) (c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF)
	{
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if (c == 0xE0 && s[1] < 0xA0)
			return 0;
		if (c == 0xED && s[1] > 0x9F)
			return 0;
		*cp = ((uint32_t) (c & 0x0F) << 12) | ((uint32_t) (s[1] & 0x3F) << 6) |
			(s[2] & 0x3F);
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4)
	{
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
			(s[3] & 0xC0) != 0x80)
			return 0;
		if (c == 0xF0 && s[1] < 0x90)
			return 0;
		if (c == 0xF4 && s[1] > 0x8F)
			return 0;
		*cp = ((uint32_t) (c & 0x07) << 18) | ((uint32_t) (s[1] & 0x3F) << 12) |
			((uint32_t) (s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return 4;
	}
	return 0;
}

/*
 * Check that text is valid UTF-8 without NUL bytes; on failure report the
 * 1-based line and byte offset of the first bad byte.
 */
static int
validate_text(const char *text, size_t len, kr_tabell_error *err)
{
	const unsigned char *s = (const unsigned char *) text;
	size_t		i = 0;
	int			line = 1;

	while (i < len)
	{
		uint32_t	cp;
		size_t		clen;

		if (s[i] == '\0')
			return set_error(err, KR_TABELL_ERR_ENCODING, line, i,
							 "invalid byte sequence: NUL byte at offset %zu", i);
		clen = utf8_decode(s + i, len - i, &cp);
		if (clen == 0)
			return set_error(err, KR_TABELL_ERR_ENCODING, line, i,
							 "invalid UTF-8 byte sequence at offset %zu (byte 0x%02x)",
							 i, (unsigned) s[i]);
		if (cp == '\n')
			line++;
		i += clen;
	}
	return KR_TABELL_OK;
}

/* Is this code point a lower-case letter (ASCII or Latin-1)? */
static bool
is_lower_cp(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 0x00DF && cp <= 0x00FF && cp != 0x00F7);
}

/* Append bytes to a string buffer, keeping it NUL-terminated. */
static bool
strbuf_append(StrBuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
	{
		size_t		cap = b->cap ? b->cap : 32;
		char	   *p;

		while (cap < b->len + n + 1)
			cap *= 2;
		p = realloc(b->data, cap);
		if (p == NULL)
			return false;
		b->data = p;
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

/* Empty a string buffer without releasing its memory. */
static void
strbuf_reset(StrBuf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

/* Release a string buffer. */
static void
strbuf_free(StrBuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

/* Copy a string buffer's contents into a new NUL-terminated string. */
static char *
strbuf_copy(const StrBuf *b)
{
	char	   *s = malloc(b->len + 1);

	if (s == NULL)
		return NULL;
	if (b->len > 0)
		memcpy(s, b->data, b->len);
	s[b->len] = '\0';
	return s;
}

/* Append one group to a group array. */
static bool
groups_push(GroupArray *a, const TGroup *g)
{
	if (a->count == a->cap)
	{
		int			cap = a->cap ? a->cap * 2 : 16;
		TGroup	   *p = realloc(a->items, (size_t) cap * sizeof(TGroup));

		if (p == NULL)
			return false;
		a->items = p;
		a->cap = cap;
	}
	a->items[a->count++] = *g;
	return true;
}

/* Append all groups of src to dst. */
static bool
groups_append(GroupArray *dst, const GroupArray *src)
{
	for (int i = 0; i < src->count; i++)
		if (!groups_push(dst, &src->items[i]))
			return false;
	return true;
}

/* Release a group array. */
static void
groups_free(GroupArray *a)
{
	free(a->items);
	a->items = NULL;
	a->count = a->cap = 0;
}

/* Append one word to a word array. */
static bool
words_push(WordArray *a, const char *start, size_t len, bool apart)
{
	if (a->count == a->cap)
	{
		size_t		cap = a->cap ? a->cap * 2 : 32;
		Word	   *p = realloc(a->items, cap * sizeof(Word));

		if (p == NULL)
			return false;
		a->items = p;
		a->cap = cap;
	}
	a->items[a->count].start = start;
	a->items[a->count].len = len;
	a->items[a->count].apart = apart;
	a->count++;
	return true;
}

/*
 * Cut a line (valid UTF-8) into words at white space, noting for each word
 * whether the white space before it is more than one group separator (a
 * tab, two spaces, an em space: never a thousands separator).
 */
static bool
split_words(const char *s, size_t len, WordArray *words)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t		i = 0;
	size_t		gap_start = 0;

	words->count = 0;
	while (i < len)
	{
		uint32_t	cp = 0;
		size_t		clen = utf8_decode(u + i, len - i, &cp);
		size_t		start;
		bool		apart;

		if (clen == 0)
			clen = 1;
		if (tal_is_space(cp))
		{
			i += clen;
			continue;
		}
		start = i;
		apart = words->count > 0 &&
			tal_group_separator_len(s + gap_start, s + start) != start - gap_start;
		while (i < len)
		{
			clen = utf8_decode(u + i, len - i, &cp);
			if (clen == 0)
				clen = 1;
			if (tal_is_space(cp))
				break;
			i += clen;
		}
		if (!words_push(words, s + start, i - start, apart))
			return false;
		gap_start = i;
	}
	return true;
}

/*
 * Classify one word: a digit group (filling *g), a lone "%", or text.
 * The grammar is in tabell_core.h ("LINE LAYOUT"); the number itself is
 * read by tal_lex() (tal_core.h), the reader amounts and weights share: a
 * word is one digit group, so no group separators; the decimal separator is
 * the comma; the typographic dashes are minus signs (TAL_DASHES).
 */
/* Byte length of a footnote mark at p: '*', U+2020, U+2021, or a superscript digit. */
static size_t
footnote_len(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *) p;
	size_t		left = (size_t) (end - p);

	if (left >= 1 && u[0] == '*')
		return 1;
	if (left >= 2 && u[0] == 0xC2 && (u[1] == 0xB9 || u[1] == 0xB2 || u[1] == 0xB3))
		return 2;				/* U+00B9, U+00B2, U+00B3 */
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x81 && (u[2] == 0xB0 || (u[2] >= 0xB4 && u[2] <= 0xB9)))
		return 3;				/* U+2070, U+2074 .. U+2079 */
	if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA0 || u[2] == 0xA1))
		return 3;				/* U+2020, U+2021 */
	return 0;
}

static WordKind
classify_word(const char *w, size_t n, TGroup *g)
{
	TalLexeme	lx;
	size_t		p;
	size_t		start = 0;
	size_t		fl;

	memset(g, 0, sizeof(*g));
	if (n == 1 && w[0] == '%')
		return WORD_PERCENT;
	if (n > 0 && tal_minus_len(w, w + n, TAL_DASHES) == n)
		return WORD_DASH;
	if (n > 0 && w[0] == '(')
	{
		g->paren_open = true;
		start = 1;
	}
	if (tal_lex(w + start, n - start, TAL_DASHES, &lx) != TAL_OK)
		return WORD_TEXT;
	if (g->paren_open && lx.sign != TAL_NO_SIGN)
		return WORD_TEXT;		/* parentheses already mean minus */
	p = start + lx.len;
	g->pmzero = lx.sign == TAL_PLUSMINUS;
	g->sign = lx.sign == TAL_MINUS ? -1 : lx.sign == TAL_PLUS ? 1 : 0;
	g->nint = lx.int_digits;
	g->nsig = lx.int_sig;
	g->ival = lx.int_sig <= KR_TABELL_MAX_DIGITS ? (int64_t) lx.int_value : 0;
	g->nfrac = lx.frac_digits;
	g->fval = lx.frac_digits <= KR_TABELL_MAX_DIGITS ? (int64_t) lx.frac_value : 0;
	if (p < n && w[p] == '%')
	{
		g->percent = true;
		p++;
	}
	if (p < n && w[p] == ')')
	{
		g->paren_close = true;
		p++;
	}
	while ((fl = footnote_len(w + p, w + n)) > 0)
	{
		g->footnote = true;
		p += fl;
	}
	if (p != n)
		return WORD_TEXT;
	if (g->pmzero && (g->nint != 1 || g->ival != 0 || lx.frac_nonzero))
		return WORD_TEXT;
	if ((g->paren_open || g->paren_close) && g->pmzero)
		return WORD_TEXT;
	g->too_long = g->nint > KR_TABELL_MAX_DIGITS ||
		g->nfrac > KR_TABELL_MAX_DIGITS ||
		g->nsig + g->nfrac > KR_TABELL_MAX_DIGITS;
	g->text = w;
	g->textlen = (int) n;
	return WORD_NUMBER;
}

/*
 * May the words from first to the end of the line be text cells after the
 * figures ("Minska Minska", "I balans I balans")?  They start with a capital
 * letter, as a cell does, and none ends in prose punctuation.
 */
static bool
text_cells_ok(const WordArray *words, size_t first)
{
	const unsigned char *u = (const unsigned char *) words->items[first].start;
	uint32_t	cp = 0;

	if (utf8_decode(u, words->items[first].len, &cp) == 0 ||
		!((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)))
		return false;
	for (size_t i = first; i < words->count; i++)
	{
		char		last = words->items[i].start[words->items[i].len - 1];

		if (last == '.' || last == ',' || last == ':' || last == ';')
			return false;
	}
	return words->count - first <= 6;
}

/* Is a word, as classify_word sees it, a year a heading prints (1900..2099)? */
static bool
is_year(const TGroup *g)
{
	return g->nint == 4 && g->nsig == 4 && g->nfrac == 0 && g->sign == 0 && !g->percent &&
		!g->pmzero && !g->paren_open && !g->paren_close && g->ival >= 1900 && g->ival <= 2099;
}

/* Does a word hold no ASCII digit? */
static bool
no_digit(const Word *w)
{
	for (size_t i = 0; i < w->len; i++)
		if (w->start[i] >= '0' && w->start[i] <= '9')
			return false;
	return true;
}

/* Is this word a code's dash: "-" or U+2013? */
static bool
is_code_dash(const Word *w)
{
	const unsigned char *u = (const unsigned char *) w->start;

	if (w->len == 1 && u[0] == '-')
		return true;
	return w->len == 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0x93;
}

/* Is this word 1..18 ASCII digits? */
static bool
is_code_word(const Word *w)
{
	if (w->len == 0 || w->len > KR_TABELL_MAX_DIGITS)
		return false;
	for (size_t i = 0; i < w->len; i++)
		if (w->start[i] < '0' || w->start[i] > '9')
			return false;
	return true;
}

/* Release what a parsed line owns. */
static void
parsed_line_free(ParsedLine *pl)
{
	strbuf_free(&pl->name);
	groups_free(&pl->groups);
}

/*
 * Lay out one line (valid UTF-8, no newline): code, name and numeric tail.
 * base is the line's byte offset in the caller's input, lineno its 1-based
 * number.  pl must be zeroed or previously used with this function; its
 * buffers are reused.
 */
static int
parse_line(const char *s, size_t len, size_t base, int lineno,
		   WordArray *words, ParsedLine *pl, kr_tabell_error *err)
{
	size_t		name_start = 0;
	size_t		tail = 0;
	size_t		name_end;
	size_t		t_end;
	TGroup		g;

	pl->blank = false;
	pl->has_code = false;
	pl->code = NULL;
	pl->code_len = 0;
	pl->name_lower = false;
	strbuf_reset(&pl->name);
	pl->groups.count = 0;

	if (!split_words(s, len, words))
		return set_error(err, KR_TABELL_ERR_NO_MEMORY, lineno, base, "out of memory");
	if (words->count == 0)
	{
		pl->blank = true;
		return KR_TABELL_OK;
	}
	if (words->count >= 2 && is_code_word(&words->items[0]) &&
		is_code_dash(&words->items[1]))
	{
		pl->has_code = true;
		pl->code = words->items[0].start;
		pl->code_len = words->items[0].len;
		name_start = 2;
	}

	/*
	 * Text cells after the figures ("86 88 Minska Minska", "-1,9 -2,8 I
	 * balans I balans"): words without digits at the end of a line whose
	 * figures are not all years (a heading "Utfall 2019 Prognos" stays a
	 * heading).  They are not figures and are left out of the row.
	 */
	t_end = words->count;
	while (t_end > name_start &&
		   classify_word(words->items[t_end - 1].start, words->items[t_end - 1].len, &g) == WORD_TEXT &&
		   no_digit(&words->items[t_end - 1]))
		t_end--;

	/* find the numeric tail, walking back from there */
	for (;;)
	{
		bool		figure = false;
		bool		not_year = false;
		int			nfigures = 0;

		tail = t_end;
		while (tail > name_start)
		{
			WordKind	k = classify_word(words->items[tail - 1].start,
										  words->items[tail - 1].len, &g);

			if (k == WORD_NUMBER)
			{
				figure = true;
				nfigures++;
				not_year |= !is_year(&g);
				tail--;
				continue;
			}
			if (k == WORD_PERCENT && tail - 1 > name_start &&
				classify_word(words->items[tail - 2].start,
							  words->items[tail - 2].len, &g) == WORD_NUMBER &&
				!g.percent && !g.paren_close && !g.footnote)
			{
				figure = true;
				not_year = true;
				tail -= 2;
				continue;
			}

			/*
			 * A minus sign set apart from its figure, or a dash printed in
			 * an empty cell: "Revision – 614 – 9 1,6 % – 620 6".  A dash
			 * that is the whole label ("- 0 0 0 0") or a code's dash stays
			 * text.
			 */
			if (k == WORD_DASH && tail - 1 > name_start)
			{
				tail--;
				continue;
			}
			break;
		}
		/* a tail of dashes alone has no figure: the dashes are text */
		while (tail < t_end && !figure)
			tail++;
		if (t_end == words->count ||
			(figure && not_year && nfigures >= 2 && text_cells_ok(words, t_end)))
			break;
		t_end = words->count;	/* no text cells after all */
	}

	/*
	 * Parentheses must pair within the tail ("(5 943)"): a closing one
	 * without its opening one ("(nya över/underskott 2021)") or an opening
	 * one left open ends the label there.
	 */
	for (bool again = true; again;)
	{
		bool		open = false;
		size_t		open_at = 0;

		again = false;
		for (size_t i = tail; i < t_end && !again; i++)
		{
			if (classify_word(words->items[i].start, words->items[i].len, &g) != WORD_NUMBER)
				continue;
			if ((g.paren_open && open) || (g.paren_close && !g.paren_open && !open))
			{
				tail = i + 1;
				again = true;
				break;
			}
			if (g.paren_open && !g.paren_close)
			{
				open = true;
				open_at = i;
			}
			else if (g.paren_close)
				open = false;
		}
		if (!again && open)
		{
			tail = open_at + 1;
			again = true;
		}
	}

	/* a "%" whose figure was cut off is text; a tail without figures is none */
	while (tail < t_end &&
		   classify_word(words->items[tail].start, words->items[tail].len, &g) == WORD_PERCENT)
		tail++;
	{
		bool		figure = false;

		for (size_t i = tail; i < t_end && !figure; i++)
			figure = classify_word(words->items[i].start, words->items[i].len, &g) == WORD_NUMBER;
		if (!figure)
			tail = t_end = words->count;
	}

	/* collect the tail's groups, attaching lone "%" words */
	for (size_t i = tail; i < t_end; i++)
	{
		const Word *w = &words->items[i];
		WordKind	k = classify_word(w->start, w->len, &g);

		if (k == WORD_PERCENT)
		{
			pl->groups.items[pl->groups.count - 1].percent = true;
			continue;
		}
		if (k == WORD_DASH)
		{
			memset(&g, 0, sizeof(g));
			g.dash = true;
			g.sign = -1;
			g.text = w->start;
			g.textlen = (int) w->len;
		}
		g.line = lineno;
		g.apart = w->apart;
		g.offset = base + (size_t) (w->start - s);
		if (g.too_long)
			return set_error(err, KR_TABELL_ERR_NUMBER_TOO_LONG, lineno, g.offset,
							 "number too long: \"%.*s\" has more than %d digits",
							 (int) (w->len > 60 ? 60 : w->len), w->start,
							 KR_TABELL_MAX_DIGITS);
		if (!groups_push(&pl->groups, &g))
			return set_error(err, KR_TABELL_ERR_NO_MEMORY, lineno, base, "out of memory");
	}
	name_end = tail;

	/* the name: words between code and tail, joined by single spaces */
	for (size_t i = name_start; i < name_end; i++)
	{
		if (i > name_start && !strbuf_append(&pl->name, " ", 1))
			return set_error(err, KR_TABELL_ERR_NO_MEMORY, lineno, base, "out of memory");
		if (!strbuf_append(&pl->name, words->items[i].start, words->items[i].len))
			return set_error(err, KR_TABELL_ERR_NO_MEMORY, lineno, base, "out of memory");
	}
	if (pl->name.data == NULL && !strbuf_append(&pl->name, "", 0))
		return set_error(err, KR_TABELL_ERR_NO_MEMORY, lineno, base, "out of memory");
	if (pl->name.len > 0)
	{
		uint32_t	cp = 0;

		if (utf8_decode((const unsigned char *) pl->name.data, pl->name.len, &cp) > 0)
			pl->name_lower = is_lower_cp(cp);
	}
	return KR_TABELL_OK;
}

/* May this group start a number (rule 1)? */
static bool
can_start(const TGroup *g)
{
	return g->dash || g->nint == 1 || g->nsig == g->nint;
}

/* May the number ending in this group be continued (rules 3 and 4)? */
static bool
extendable(const TGroup *g)
{
	return !g->dash && !g->pmzero && g->nfrac == 0 && !g->percent && g->nint <= 3 &&
		!(g->nint == 1 && g->ival == 0) && !g->paren_close && !g->footnote;
}

/* May this group continue the number before it (rule 2)? */
static bool
continues(const TGroup *g)
{
	return !g->dash && g->sign == 0 && !g->pmzero && g->nint == 3 && !g->apart &&
		!g->paren_open;
}

/* May group j be joined onto the number containing group j - 1? */
static bool
link_ok(const TGroup *g, int j)
{
	return j > 0 && extendable(&g[j - 1]) && continues(&g[j]);
}

/*
 * Significant digits of the number made of groups i..j (rule 5), assuming
 * the join is otherwise allowed.
 */
static int
number_digits(const TGroup *g, int i, int j)
{
	return g[i].nsig + 3 * (j - i) + g[j].nfrac;
}

/*
 * Walk the possible numbers starting at group i: returns the last group of
 * the next possible number ending after group j (start with j = i - 1), or
 * -1 when there is none.  The digit limit is applied here.
 */
static int
plain_number_end(const TGroup *g, int n, int i, int j)
{
	if (!can_start(&g[i]))
		return -1;
	for (j = j + 1; j < n; j++)
	{
		if (j > i && !link_ok(g, j))
			return -1;
		if (g[i].nsig + 3 * (j - i) > KR_TABELL_MAX_DIGITS)
			return -1;
		/* a parenthesised negative ends at its closing parenthesis */
		if (g[i].paren_open != g[j].paren_close)
			continue;
		if (number_digits(g, i, j) <= KR_TABELL_MAX_DIGITS)
			return j;
	}
	return -1;
}

/*
 * A dash at group i is an empty cell (the number i..i, where it may be one)
 * or the minus sign of the unsigned number that starts at i + 1.
 */
static int
next_number_end(const TGroup *g, int n, int i, int j)
{
	if (!g[i].dash)
		return plain_number_end(g, n, i, j);
	if (j < i)
	{
		if (g[i].empty_ok)
			return i;
		j = i;
	}
	if (i + 1 >= n || g[i + 1].dash || g[i + 1].sign != 0 || g[i + 1].pmzero ||
		g[i + 1].paren_open)
		return -1;
	return plain_number_end(g, n, i + 1, j);
}

/* The exact value of the number made of groups i..j. */
static kr_tabell_value
number_value(const TGroup *g, int i, int j)
{
	kr_tabell_value v;
	int64_t		m;

	if (g[i].dash)
	{
		if (j == i)
		{
			/* an empty cell: no figure, 0 in the relations */
			memset(&v, 0, sizeof(v));
			v.empty = true;
			return v;
		}
		v = number_value(g, i + 1, j);
		v.mantissa = -v.mantissa;
		return v;
	}
	m = g[i].ival;

	for (int t = i + 1; t <= j; t++)
		m = m * 1000 + g[t].ival;
	for (int t = 0; t < g[j].nfrac; t++)
		m *= 10;
	m += g[j].fval;
	if (g[i].sign < 0 || g[i].paren_open)
		m = -m;
	v.mantissa = m;
	v.scale = g[j].nfrac;
	v.percent = g[j].percent;
	v.empty = false;
	return v;
}

/*
 * Fewest and most numbers the groups split into; *minn is INF_NUMBERS and
 * *maxn -1 when no split exists.  Returns false on memory exhaustion.
 */
static bool
min_max_numbers(const TGroup *g, int n, int *minn, int *maxn)
{
	int		   *mn = malloc((size_t) (n + 1) * sizeof(int));
	int		   *mx = malloc((size_t) (n + 1) * sizeof(int));

	if (mn == NULL || mx == NULL)
	{
		free(mn);
		free(mx);
		return false;
	}
	mn[n] = 0;
	mx[n] = 0;
	for (int i = n - 1; i >= 0; i--)
	{
		mn[i] = INF_NUMBERS;
		mx[i] = -1;
		for (int j = next_number_end(g, n, i, i - 1); j >= 0;
			 j = next_number_end(g, n, i, j))
		{
			if (mn[j + 1] == INF_NUMBERS)
				continue;
			if (1 + mn[j + 1] < mn[i])
				mn[i] = 1 + mn[j + 1];
			if (1 + mx[j + 1] > mx[i])
				mx[i] = 1 + mx[j + 1];
		}
	}
	*minn = mn[0];
	*maxn = mx[0];
	free(mn);
	free(mx);
	return true;
}

/* Saturating addition of split counts. */
static uint64_t
count_add(uint64_t a, uint64_t b)
{
	return a > COUNT_CAP - b ? COUNT_CAP : a + b;
}

/* Checked int64 addition. */
static bool
add_i64(int64_t a, int64_t b, int64_t *r)
{
	if ((b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b))
		return false;
	*r = a + b;
	return true;
}

/* Checked int64 subtraction. */
static bool
sub_i64(int64_t a, int64_t b, int64_t *r)
{
	if ((b < 0 && a > INT64_MAX + b) || (b > 0 && a < INT64_MIN + b))
		return false;
	*r = a - b;
	return true;
}

/* Checked int64 multiplication. */
static bool
mul_i64(int64_t a, int64_t b, int64_t *r)
{
	if (a == 0 || b == 0)
	{
		*r = 0;
		return true;
	}
	if (a > 0)
	{
		if (b > 0 ? a > INT64_MAX / b : b < INT64_MIN / a)
			return false;
	}
	else
	{
		if (b > 0 ? a < INT64_MIN / b : b < INT64_MAX / a)
			return false;
	}
	*r = a * b;
	return true;
}

/* Checked 10^e for 0 <= e <= 18. */
static int64_t
pow10_i64(int e)
{
	int64_t		r = 1;

	for (int i = 0; i < e; i++)
		r *= 10;
	return r;
}

/* A value's mantissa brought to a finer scale, checked. */
static bool
rescale(const kr_tabell_value *v, int scale, int64_t *out)
{
	return mul_i64(v->mantissa, pow10_i64(scale - v->scale), out);
}

/* A value as a long double. */
static long double
value_ld(const kr_tabell_value *v)
{
	long double d = (long double) v->mantissa;

	for (int i = 0; i < v->scale; i++)
		d /= 10;
	return d;
}

/* Does a percentage relation hold for these values? */
static bool
ratio_holds(const kr_tabell_relation *r, const kr_tabell_value *v, int tolerance)
{
	const kr_tabell_value *left = &v[r->left - 1];
	long double a = value_ld(&v[r->column[0] - 1]);
	long double b = value_ld(&v[r->column[1] - 1]);
	long double l = value_ld(left);
	long double unit = 1;
	long double d;

	if (v[r->column[1] - 1].mantissa == 0)
		return false;
	for (int i = 0; i < left->scale; i++)
		unit /= 10;
	d = l - 100 * a / b;
	if (d < 0)
		d = -d;
	return d <= ((long double) tolerance + 0.5L) * unit + unit * 1e-9L;
}

/* Does one relation hold for these values (one value per column)? */
static bool
relation_holds(const kr_tabell_relation *r, const kr_tabell_value *v, int tolerance)
{
	int			maxs = v[r->left - 1].scale;
	int			mins = maxs;
	int64_t		lhs;
	int64_t		rhs = 0;
	int64_t		diff;
	int64_t		allowed;

	if (r->ratio)
		return ratio_holds(r, v, tolerance);
	for (int t = 0; t < r->nterms; t++)
	{
		int			s = v[r->column[t] - 1].scale;

		if (s > maxs)
			maxs = s;
		if (s < mins)
			mins = s;
	}
	if (!rescale(&v[r->left - 1], maxs, &lhs))
		return false;
	for (int t = 0; t < r->nterms; t++)
	{
		int64_t		x;

		if (!rescale(&v[r->column[t] - 1], maxs, &x))
			return false;
		if (r->sign[t] < 0)
			x = -x;				/* |x| <= INT64_MAX, so this is safe */
		if (!add_i64(rhs, x, &rhs))
			return false;
	}
	if (!sub_i64(lhs, rhs, &diff) || diff == INT64_MIN)
		return false;
	if (diff < 0)
		diff = -diff;
	if (!mul_i64((int64_t) tolerance * r->nterms, pow10_i64(maxs - mins), &allowed))
		return false;
	return diff <= allowed;
}

/* Record one complete split reached by the search. */
static void
enum_leaf(Enumerator *e)
{
	uint32_t	failed = 0;

	if (e->leaf_failed && e->rel != NULL)
	{
		for (int r = 0; r < e->rel->count; r++)
			if (!relation_holds(&e->rel->relation[r], e->cur, e->tolerance))
				failed |= (uint32_t) 1 << r;
	}
	if (e->kept != NULL && e->nkept < KR_TABELL_MAX_CANDIDATES)
	{
		memcpy(e->kept + (size_t) e->nkept * (size_t) e->width, e->cur,
			   (size_t) e->ncur * sizeof(kr_tabell_value));
		e->kept_n[e->nkept] = e->ncur;
		e->kept_failed[e->nkept] = failed;
		e->nkept++;
	}
	e->leaves++;
	if (e->leaves >= e->leaf_limit)
		e->stop = true;
}

/* Do the relations that became checkable with the last number hold? */
static bool
enum_prefix_ok(const Enumerator *e)
{
	uint32_t	due = e->ready[e->ncur] & e->prune;

	for (int r = 0; due != 0; r++, due >>= 1)
		if ((due & 1) != 0 &&
			!relation_holds(&e->rel->relation[r], e->cur, e->tolerance))
			return false;
	return true;
}

/*
 * Search the splits of groups i.. that complete the current prefix.  The
 * split counts steer the search to prefixes that can be completed; the
 * relations in e->prune cut off prefixes that already break one of them.
 */
static void
enum_rec(Enumerator *e, int i)
{
	if (i == e->n)
	{
		enum_leaf(e);
		return;
	}
	if (e->ncur >= KR_TABELL_MAX_COLUMNS)
		return;
	for (int j = next_number_end(e->g, e->n, i, i - 1); j >= 0;
		 j = next_number_end(e->g, e->n, i, j))
	{
		bool		feasible;

		if (e->stop)
			return;
		if (e->target >= 0)
		{
			int			remaining = e->target - e->ncur - 1;

			feasible = remaining >= 0 &&
				e->cnt[(size_t) (j + 1) * e->stride + (size_t) remaining] > 0;
		}
		else
			feasible = e->any[j + 1] > 0;
		if (!feasible)
			continue;
		if (e->budget != NULL)
		{
			if (*e->budget <= 0)
			{
				e->exhausted = true;
				e->stop = true;
				return;
			}
			(*e->budget)--;
		}
		e->cur[e->ncur++] = number_value(e->g, i, j);
		if (e->prune == 0 || enum_prefix_ok(e))
			enum_rec(e, j + 1);
		e->ncur--;
	}
}

/* Run one search from the first group with the given settings. */
static void
enum_run(Enumerator *e, uint32_t prune, bool leaf_failed, int leaf_limit,
		 kr_tabell_value *kept, int64_t *budget)
{
	e->prune = prune;
	e->leaf_failed = leaf_failed;
	e->leaf_limit = leaf_limit;
	e->kept = kept;
	e->budget = budget;
	e->exhausted = false;
	e->stop = false;
	e->leaves = 0;
	e->nkept = 0;
	e->ncur = 0;
	enum_rec(e, 0);
}

/* Copy the splits a search kept into the row's candidates. */
static bool
store_candidates(kr_tabellrad *row, const Enumerator *e)
{
	int			n = e->nkept;
	int			width = e->width;

	if (n == 0)
		return true;
	row->candidates = calloc((size_t) n, sizeof(kr_tabell_candidate));
	row->values = malloc((size_t) n * (size_t) width * sizeof(kr_tabell_value));
	if (row->candidates == NULL || row->values == NULL)
		return false;
	memcpy(row->values, e->kept, (size_t) n * (size_t) width * sizeof(kr_tabell_value));
	for (int c = 0; c < n; c++)
	{
		row->candidates[c].nvalues = e->kept_n[c];
		row->candidates[c].values = row->values + (size_t) c * (size_t) width;
		row->candidates[c].failed = e->kept_failed[c];
	}
	row->ncandidates = n;
	return true;
}

/* Describe why a row of groups cannot be read as numbers at all. */
static void
explain_unreadable(const TGroup *g, int n, char *msg)
{
	for (int i = 0; i < n; i++)
	{
		if (!can_start(&g[i]) && !link_ok(g, i))
		{
			set_message(msg, "the figures cannot be read as numbers: \"%.*s\" starts with 0 but cannot continue a number",
						g[i].textlen > 40 ? 40 : g[i].textlen, g[i].text);
			return;
		}
	}
	set_message(msg, "the figures cannot be read as numbers: a number would need more than %d digits",
				KR_TABELL_MAX_DIGITS);
}

/* Fill the split-related fields of a row that has fewer figures than K. */
static int
analyse_incomplete(const TGroup *g, int n, int k, kr_tabellrad *row)
{
	Enumerator *e;
	uint64_t   *any;
	kr_tabell_value *kept;
	int			rc = KR_TABELL_OK;

	row->ofullstandig = true;
	e = calloc(1, sizeof(Enumerator));
	any = malloc((size_t) (n + 1) * sizeof(uint64_t));
	kept = malloc((size_t) KR_TABELL_MAX_CANDIDATES * (size_t) row->max_numbers *
				  sizeof(kr_tabell_value));
	if (e == NULL || any == NULL || kept == NULL)
	{
		free(e);
		free(any);
		free(kept);
		return KR_TABELL_ERR_NO_MEMORY;
	}
	any[n] = 1;
	for (int i = n - 1; i >= 0; i--)
	{
		any[i] = 0;
		for (int j = next_number_end(g, n, i, i - 1); j >= 0;
			 j = next_number_end(g, n, i, j))
			any[i] = count_add(any[i], any[j + 1]);
	}
	e->g = g;
	e->n = n;
	e->target = -1;
	e->any = any;
	e->width = row->max_numbers;
	enum_run(e, 0, false, KR_TABELL_MAX_CANDIDATES, kept, NULL);
	row->nsplits = any[0];
	row->status = any[0] == 1 ? KR_TABELL_UNIQUE : KR_TABELL_AMBIGUOUS;
	if (!store_candidates(row, e))
		rc = KR_TABELL_ERR_NO_MEMORY;
	else if (row->status == KR_TABELL_UNIQUE)
		set_message(row->message, "only %d of %d numbers: the row is incomplete (ofullstandig); relations are not checked",
					row->max_numbers, k);
	else
		set_message(row->message, "fewer numbers than the %d columns (%d to %d), %llu readings: the row is incomplete (ofullstandig); relations are not checked",
					k, row->min_numbers, row->max_numbers,
					(unsigned long long) any[0]);
	free(kept);
	free(e);
	free(any);
	return rc;
}

/*
 * Decide among the splits into K numbers with the relations, within the
 * step budget, and fill the row.
 */
static int
decide_with_relations(Enumerator *e, const kr_tabell_options *opts,
					  kr_tabellrad *row, kr_tabell_value *kept, int64_t *budget)
{
	const kr_tabell_relations *rels = opts->relations;
	int			k = opts->ncolumns;
	uint32_t	all = rels->count >= 32 ? UINT32_MAX :
		(((uint32_t) 1 << rels->count) - 1);
	unsigned long long total = (unsigned long long) row->nsplits;
	char		reltext[KR_TABELL_MESSAGE_SIZE];

	enum_run(e, all, false, INT_MAX, kept, budget);
	row->nsatisfying = e->leaves;
	row->truncated = e->exhausted;
	if (e->leaves > 0)
	{
		if (!store_candidates(row, e))
			return KR_TABELL_ERR_NO_MEMORY;
		if (row->truncated)
		{
			row->status = KR_TABELL_AMBIGUOUS;
			set_message(row->message, "%llu splits into %d numbers; the search stopped at its step limit after finding %d that satisfy every relation",
						total, k, e->leaves);
		}
		else if (e->leaves == 1)
		{
			row->status = KR_TABELL_UNIQUE;
			if (total == 1)
				set_message(row->message, "the only way to split the figures into %d column%s satisfies every relation",
							k, k == 1 ? "" : "s");
			else
				set_message(row->message, "one of %llu ways to split the figures into %d columns satisfies every relation",
							total, k);
		}
		else
		{
			row->status = KR_TABELL_AMBIGUOUS;
			set_message(row->message, "%d of %llu ways to split the figures into %d columns satisfy every relation",
						e->leaves, total, k);
		}
		return KR_TABELL_OK;
	}

	/* nothing satisfies: keep the first splits with what each of them breaks */
	enum_run(e, 0, true, KR_TABELL_MAX_CANDIDATES, kept, NULL);
	if (!store_candidates(row, e))
		return KR_TABELL_ERR_NO_MEMORY;
	if (row->truncated)
	{
		row->status = KR_TABELL_AMBIGUOUS;
		set_message(row->message, "%llu splits into %d numbers; the search stopped at its step limit before finding one that satisfies every relation",
					total, k);
		return KR_TABELL_OK;
	}
	row->status = KR_TABELL_NONE;

	/* name the first relation that no split satisfies on its own */
	row->failed_relation = -1;
	for (int r = 0; r < rels->count; r++)
	{
		enum_run(e, (uint32_t) 1 << r, false, 1, NULL, budget);
		if (e->exhausted)
			break;
		if (e->leaves == 0)
		{
			row->failed_relation = r;
			break;
		}
	}
	if (row->failed_relation >= 0)
	{
		const kr_tabell_relation *rel = &rels->relation[row->failed_relation];

		kr_tabell_format_relation(rel, reltext, sizeof(reltext));
		if (row->nsplits == 1 && row->ncandidates == 1)
		{
			char		lv[KR_TABELL_VALUE_BUFSIZE];

			kr_tabell_format_value(&row->candidates[0].values[rel->left - 1], true,
								   lv, sizeof(lv));
			set_message(row->message, "relation %d (%s) does not hold for the only split into %d numbers (column %d is %s)",
						row->failed_relation + 1, reltext, k, rel->left, lv);
		}
		else
			set_message(row->message, "relation %d (%s) does not hold for any of the %llu splits into %d numbers",
						row->failed_relation + 1, reltext, total, k);
	}
	else
		set_message(row->message, "no split into %d numbers satisfies every relation at once (%llu splits)",
					k, total);
	return KR_TABELL_OK;
}

/* Fill the split-related fields of a row that can be split into K numbers. */
static int
analyse_complete(const TGroup *g, int n, const kr_tabell_options *opts,
				 kr_tabellrad *row, int64_t *budget)
{
	int			k = opts->ncolumns;
	int			nrel = opts->relations ? opts->relations->count : 0;
	size_t		stride = (size_t) k + 1;
	uint64_t   *cnt;
	Enumerator *e;
	kr_tabell_value *kept;
	uint64_t	total;
	int			rc = KR_TABELL_OK;

	cnt = calloc((size_t) (n + 1) * stride, sizeof(uint64_t));
	e = calloc(1, sizeof(Enumerator));
	kept = malloc((size_t) KR_TABELL_MAX_CANDIDATES * (size_t) k * sizeof(kr_tabell_value));
	if (cnt == NULL || e == NULL || kept == NULL)
	{
		free(cnt);
		free(e);
		free(kept);
		return KR_TABELL_ERR_NO_MEMORY;
	}
	cnt[(size_t) n * stride] = 1;
	for (int i = n - 1; i >= 0; i--)
	{
		for (int j = next_number_end(g, n, i, i - 1); j >= 0;
			 j = next_number_end(g, n, i, j))
			for (int c = 1; c <= k; c++)
				cnt[(size_t) i * stride + (size_t) c] =
					count_add(cnt[(size_t) i * stride + (size_t) c],
							  cnt[(size_t) (j + 1) * stride + (size_t) (c - 1)]);
	}
	total = cnt[k];
	row->nsplits = total;

	e->g = g;
	e->n = n;
	e->target = k;
	e->stride = stride;
	e->cnt = cnt;
	e->rel = nrel > 0 ? opts->relations : NULL;
	e->tolerance = opts->tolerance;
	e->width = k;
	for (int r = 0; r < nrel; r++)
	{
		const kr_tabell_relation *rel = &opts->relations->relation[r];
		int			last = rel->left;

		for (int t = 0; t < rel->nterms; t++)
			if (rel->column[t] > last)
				last = rel->column[t];
		e->ready[last] |= (uint32_t) 1 << r;
	}

	if (total == 0)
	{
		row->status = KR_TABELL_NONE;
		set_message(row->message, "no split into exactly %d numbers", k);
	}
	else if (nrel > 0)
		rc = decide_with_relations(e, opts, row, kept, budget);
	else
	{
		enum_run(e, 0, false, KR_TABELL_MAX_CANDIDATES, kept, NULL);
		if (!store_candidates(row, e))
			rc = KR_TABELL_ERR_NO_MEMORY;
		row->nsatisfying = total > INT_MAX ? INT_MAX : (int) total;
		row->status = total == 1 ? KR_TABELL_UNIQUE : KR_TABELL_AMBIGUOUS;
		if (total == 1)
			set_message(row->message, "the figures split into %d column%s in only one way", k, k == 1 ? "" : "s");
		else
			set_message(row->message, "the figures split into %d columns in %llu ways",
						k, (unsigned long long) total);
	}
	free(kept);
	free(e);
	free(cnt);
	return rc;
}

/*
 * Read the numeric tail (groups) of a row against the options and fill the
 * row's split-related fields.  *budget holds the search steps left for the
 * whole call; a row uses at most KR_TABELL_ROW_SEARCH_STEPS of them.
 * Returns KR_TABELL_OK or KR_TABELL_ERR_NO_MEMORY.
 */
static int	analyse_groups_marked(const TGroup *g, int n, const kr_tabell_options *opts,
								  kr_tabellrad *row, int64_t *budget);

/*
 * A dash right before an unsigned figure is that figure's minus sign, or a
 * dash printed in an empty cell before it: only relations can tell, so it
 * may be an empty cell only when relations are given.  A dash anywhere else
 * (last, before a signed figure or another dash) is an empty cell.
 */
static int
analyse_groups(const TGroup *g, int n, const kr_tabell_options *opts,
			   kr_tabellrad *row, int64_t *budget)
{
	TGroup	   *m;
	bool		relations = opts->relations != NULL && opts->relations->count > 0;
	int			rc;

	if (n == 0)
		return analyse_groups_marked(g, n, opts, row, budget);
	m = malloc((size_t) n * sizeof(TGroup));
	if (m == NULL)
		return KR_TABELL_ERR_NO_MEMORY;
	memcpy(m, g, (size_t) n * sizeof(TGroup));
	for (int i = 0; i < n; i++)
		if (m[i].dash)
			m[i].empty_ok = relations ||
				!(i + 1 < n && !m[i + 1].dash && m[i + 1].sign == 0 && !m[i + 1].pmzero &&
				  !m[i + 1].paren_open);
	rc = analyse_groups_marked(m, n, opts, row, budget);
	free(m);
	return rc;
}

static int
analyse_groups_marked(const TGroup *g, int n, const kr_tabell_options *opts,
					  kr_tabellrad *row, int64_t *budget)
{
	int			k = opts->ncolumns;
	int			minn;
	int			maxn;
	int64_t		row_budget;
	int			rc;

	row->ngroups = n;
	row->failed_relation = -1;
	row->status = KR_TABELL_NONE;
	if (n == 0)
	{
		row->ofullstandig = true;
		row->min_numbers = row->max_numbers = 0;
		set_message(row->message, "the line has no figures");
		return KR_TABELL_OK;
	}
	if (!min_max_numbers(g, n, &minn, &maxn))
		return KR_TABELL_ERR_NO_MEMORY;
	if (minn == INF_NUMBERS)
	{
		row->min_numbers = row->max_numbers = -1;
		explain_unreadable(g, n, row->message);
		return KR_TABELL_OK;
	}
	row->min_numbers = minn;
	row->max_numbers = maxn;
	if (minn > k)
	{
		set_message(row->message, "no split into %d numbers: the figures form at least %d numbers",
					k, minn);
		return KR_TABELL_OK;
	}
	if (maxn < k)
		return analyse_incomplete(g, n, k, row);
	row_budget = *budget < KR_TABELL_ROW_SEARCH_STEPS ? *budget : KR_TABELL_ROW_SEARCH_STEPS;
	*budget -= row_budget;
	rc = analyse_complete(g, n, opts, row, &row_budget);
	*budget += row_budget;
	return rc;
}

/* Check the options shared by the line and block readers. */
static int
check_options(const kr_tabell_options *opts, kr_tabell_error *err)
{
	if (opts == NULL)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0, "options must not be NULL");
	if (opts->ncolumns < 1 || opts->ncolumns > KR_TABELL_MAX_COLUMNS)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
						 "number of columns %d is out of range 1..%d",
						 opts->ncolumns, KR_TABELL_MAX_COLUMNS);
	if (opts->tolerance < 0 || opts->tolerance > KR_TABELL_MAX_TOLERANCE)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
						 "tolerance %d is out of range 0..%d",
						 opts->tolerance, KR_TABELL_MAX_TOLERANCE);
	if (opts->relations != NULL)
	{
		const kr_tabell_relations *rs = opts->relations;

		if (rs->count < 0 || rs->count > KR_TABELL_MAX_RELATIONS)
			return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
							 "relation count %d is out of range 0..%d",
							 rs->count, KR_TABELL_MAX_RELATIONS);
		for (int r = 0; r < rs->count; r++)
		{
			const kr_tabell_relation *rel = &rs->relation[r];

			if (rel->nterms < 1 || rel->nterms > KR_TABELL_MAX_TERMS ||
				(rel->ratio && rel->nterms != 2))
				return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
								 "relation %d has an invalid number of terms", r + 1);
			if (rel->left < 1 || rel->left > opts->ncolumns)
				return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
								 "relation %d refers to column %d, but the table has %d columns",
								 r + 1, rel->left, opts->ncolumns);
			for (int t = 0; t < rel->nterms; t++)
			{
				if (rel->column[t] < 1 || rel->column[t] > opts->ncolumns)
					return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
									 "relation %d refers to column %d, but the table has %d columns",
									 r + 1, rel->column[t], opts->ncolumns);
				if (!rel->ratio && rel->sign[t] != 1 && rel->sign[t] != -1)
					return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
									 "relation %d has a term sign other than +1 or -1", r + 1);
			}
		}
	}
	return KR_TABELL_OK;
}

/* Length of a UTF-8 byte order mark at the start of text, or 0. */
static size_t
bom_length(const char *text, size_t len)
{
	const unsigned char *u = (const unsigned char *) text;

	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return 0;
}

/* Fill a row's code and name from copies of the given text. */
static bool
set_row_label(kr_tabellrad *row, bool has_code, const char *code,
			  size_t code_len, const StrBuf *name)
{
	if (has_code)
	{
		row->code = malloc(code_len + 1);
		if (row->code == NULL)
			return false;
		memcpy(row->code, code, code_len);
		row->code[code_len] = '\0';
	}
	row->name = strbuf_copy(name);
	return row->name != NULL;
}

/*
 * Read one line as a table row of opts->ncolumns columns.  The row is
 * caller-owned; release what it holds with kr_tabellrad_free (also after an
 * error, which is harmless).
 */
int
kr_tabell_read_line(const char *line, size_t len, const kr_tabell_options *opts,
					kr_tabellrad *out, kr_tabell_error *err)
{
	WordArray	words = {0};
	ParsedLine	pl = {0};
	int64_t		budget = KR_TABELL_ROW_SEARCH_STEPS;
	size_t		bom;
	int			rc;

	clear_error(err);
	if (out == NULL)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0, "output row must not be NULL");
	memset(out, 0, sizeof(*out));
	out->failed_relation = -1;
	if (line == NULL && len > 0)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0, "line must not be NULL");
	if ((rc = check_options(opts, err)) != KR_TABELL_OK)
		return rc;
	if (len > KR_TABELL_MAX_LINE_BYTES)
		return set_error(err, KR_TABELL_ERR_TOO_LONG, 1, 0,
						 "line too long: %zu bytes, at most %d allowed",
						 len, KR_TABELL_MAX_LINE_BYTES);
	if (len == 0)
		line = "";
	if ((rc = validate_text(line, len, err)) != KR_TABELL_OK)
		return rc;
	{
		const char *nl = memchr(line, '\n', len);

		if (nl != NULL)
			return set_error(err, KR_TABELL_ERR_ARGUMENT, 1, (size_t) (nl - line),
							 "a single line must not contain a newline; read several lines as a block");
	}
	bom = bom_length(line, len);
	rc = parse_line(line + bom, len - bom, bom, 1, &words, &pl, err);
	if (rc == KR_TABELL_OK)
	{
		out->line = out->last_line = 1;
		if (!set_row_label(out, pl.has_code, pl.code, pl.code_len, &pl.name))
			rc = set_error(err, KR_TABELL_ERR_NO_MEMORY, 1, 0, "out of memory");
	}
	if (rc == KR_TABELL_OK &&
		analyse_groups(pl.groups.items, pl.groups.count, opts, out, &budget) != KR_TABELL_OK)
		rc = set_error(err, KR_TABELL_ERR_NO_MEMORY, 1, 0, "out of memory");
	free(words.items);
	parsed_line_free(&pl);
	if (rc != KR_TABELL_OK)
		kr_tabellrad_free(out);
	return rc;
}

/* Release what a row holds and reset it; the row itself stays. */
void
kr_tabellrad_free(kr_tabellrad *row)
{
	if (row == NULL)
		return;
	free(row->code);
	free(row->name);
	free(row->candidates);
	free(row->values);
	memset(row, 0, sizeof(*row));
	row->failed_relation = -1;
}

/* The pending row of the block reader. */
typedef struct Pending
{
	bool		active;
	bool		has_code;
	StrBuf		code;
	StrBuf		name;
	int			nlabel;			/* label lines joined so far */
	GroupArray	groups;
	int			first_line;
	int			last_line;
} Pending;

/* Does a label fragment start with a word that keeps a hyphen before it? */
static bool
keeps_hyphen(const char *s, size_t len)
{
	static const char *const words[] = {"och", "eller", "samt", "respektive", "resp."};
	size_t		wl = 0;

	while (wl < len && s[wl] != ' ')
		wl++;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == wl && memcmp(words[i], s, wl) == 0)
			return true;
	return false;
}

/* Start the pending row afresh from a parsed line. */
static bool
pending_start(Pending *p, const ParsedLine *pl, int lineno)
{
	p->active = true;
	p->has_code = pl->has_code;
	strbuf_reset(&p->code);
	strbuf_reset(&p->name);
	p->groups.count = 0;
	if (pl->has_code && !strbuf_append(&p->code, pl->code, pl->code_len))
		return false;
	if (!strbuf_append(&p->name, pl->name.data ? pl->name.data : "", pl->name.len))
		return false;
	p->nlabel = (pl->has_code || pl->name.len > 0) ? 1 : 0;
	p->first_line = p->last_line = lineno;
	return groups_append(&p->groups, &pl->groups);
}

/* Continue the pending label with a line's name, and take its groups. */
static bool
pending_append_label(Pending *p, const ParsedLine *pl, int lineno)
{
	const char *frag = pl->name.data;
	size_t		flen = pl->name.len;
	StrBuf	   *nm = &p->name;

	if (flen > 0)
	{
		if (nm->len >= 2 && nm->data[nm->len - 1] == '-' &&
			nm->data[nm->len - 2] != ' ' && nm->data[nm->len - 2] != '-' &&
			(((unsigned char) nm->data[nm->len - 2]) >= 0x80 ||
			 (nm->data[nm->len - 2] >= 'a' && nm->data[nm->len - 2] <= 'z') ||
			 (nm->data[nm->len - 2] >= 'A' && nm->data[nm->len - 2] <= 'Z')) &&
			pl->name_lower && !keeps_hyphen(frag, flen))
		{
			nm->len--;
			nm->data[nm->len] = '\0';
		}
		else if (nm->len > 0 && !strbuf_append(nm, " ", 1))
			return false;
		if (!strbuf_append(nm, frag, flen))
			return false;
	}
	p->nlabel++;
	p->last_line = lineno;
	return groups_append(&p->groups, &pl->groups);
}

/* Take a numbers-only line's groups into the pending row. */
static bool
pending_append_groups(Pending *p, const ParsedLine *pl, int lineno)
{
	p->last_line = lineno;
	return groups_append(&p->groups, &pl->groups);
}

/*
 * May a numbers-only line continue a pending row that has figures?  See
 * "BLOCKS" in tabell_core.h.  *ok receives the answer; returns false on
 * memory exhaustion.
 */
static bool
pending_takes_numbers(const Pending *p, const ParsedLine *pl, int k,
					  GroupArray *scratch, bool *ok)
{
	int			pmin;
	int			pmax;
	int			cmin;
	int			cmax;

	*ok = false;
	scratch->count = 0;
	if (!groups_append(scratch, &p->groups) || !groups_append(scratch, &pl->groups))
		return false;
	if (!min_max_numbers(scratch->items, scratch->count, &cmin, &cmax))
		return false;
	if (cmin > k)
		return true;
	if (!min_max_numbers(p->groups.items, p->groups.count, &pmin, &pmax))
		return false;
	*ok = pmin < k || link_ok(scratch->items, p->groups.count);
	return true;
}

/* Append a finished row to the block, growing its array. */
static bool
block_push(kr_tabell_block *b, int *cap, kr_tabellrad *row)
{
	if (b->nrows == *cap)
	{
		int			ncap = *cap ? *cap * 2 : 16;
		kr_tabellrad *rows = realloc(b->rows, (size_t) ncap * sizeof(kr_tabellrad));

		if (rows == NULL)
			return false;
		b->rows = rows;
		*cap = ncap;
	}
	b->rows[b->nrows++] = *row;
	return true;
}

/* Emit the pending row into the block if it has figures, then clear it. */
static int
pending_emit(Pending *p, const kr_tabell_options *opts, kr_tabell_block *b,
			 int *cap, int64_t *budget)
{
	kr_tabellrad row;
	int			rc = KR_TABELL_OK;

	if (p->active && p->groups.count > 0)
	{
		memset(&row, 0, sizeof(row));
		row.line = p->first_line;
		row.last_line = p->last_line;
		if (!set_row_label(&row, p->has_code, p->code.data, p->code.len, &p->name) ||
			analyse_groups(p->groups.items, p->groups.count, opts, &row, budget) != KR_TABELL_OK ||
			!block_push(b, cap, &row))
		{
			kr_tabellrad_free(&row);
			rc = KR_TABELL_ERR_NO_MEMORY;
		}
	}
	p->active = false;
	p->groups.count = 0;
	return rc;
}

/*
 * Read a block of lines as a table of opts->ncolumns columns, joining rows
 * wrapped over several lines.  On success *out holds the rows; release them
 * with kr_tabell_block_free.  On error *out is empty.
 */
int
kr_tabell_read_block(const char *text, size_t len, const kr_tabell_options *opts,
					 kr_tabell_block *out, kr_tabell_error *err)
{
	WordArray	words = {0};
	ParsedLine	pl = {0};
	Pending		p = {0};
	GroupArray	scratch = {0};
	int64_t		budget = KR_TABELL_BLOCK_SEARCH_STEPS;
	int			cap = 0;
	int			lineno = 0;
	size_t		pos;
	int			rc;

	clear_error(err);
	if (out == NULL)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0, "output block must not be NULL");
	out->nrows = 0;
	out->rows = NULL;
	if (text == NULL && len > 0)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0, "text must not be NULL");
	if ((rc = check_options(opts, err)) != KR_TABELL_OK)
		return rc;
	if (len > KR_TABELL_MAX_BLOCK_BYTES)
		return set_error(err, KR_TABELL_ERR_TOO_LONG, 0, 0,
						 "text too long: %zu bytes, at most %d allowed",
						 len, KR_TABELL_MAX_BLOCK_BYTES);
	if (len == 0)
		return KR_TABELL_OK;
	if ((rc = validate_text(text, len, err)) != KR_TABELL_OK)
		return rc;

	pos = bom_length(text, len);
	while (pos < len && rc == KR_TABELL_OK)
	{
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t		end = nl ? (size_t) (nl - text) : len;
		size_t		llen = end - pos;

		lineno++;
		if (llen > KR_TABELL_MAX_LINE_BYTES)
		{
			rc = set_error(err, KR_TABELL_ERR_TOO_LONG, lineno, pos,
						   "line %d too long: %zu bytes, at most %d allowed",
						   lineno, llen, KR_TABELL_MAX_LINE_BYTES);
			break;
		}
		rc = parse_line(text + pos, llen, pos, lineno, &words, &pl, err);
		pos = end + 1;
		if (rc != KR_TABELL_OK || pl.blank)
			continue;

		{
			bool		numbers_only = !pl.has_code && pl.name.len == 0;
			bool		ok = true;

			if (!p.active)
				ok = pending_start(&p, &pl, lineno);
			else if (p.groups.count == 0)
			{
				if (pl.has_code)
					ok = pending_start(&p, &pl, lineno);
				else if (numbers_only)
					ok = pending_append_groups(&p, &pl, lineno);
				else if (pl.name_lower && p.nlabel < KR_TABELL_MAX_LABEL_LINES)
					ok = pending_append_label(&p, &pl, lineno);
				else
					ok = pending_start(&p, &pl, lineno);
			}
			else
			{
				bool		takes = false;

				if (numbers_only &&
					!pending_takes_numbers(&p, &pl, opts->ncolumns, &scratch, &takes))
					ok = false;
				else if (takes)
					ok = pending_append_groups(&p, &pl, lineno);
				else if (pending_emit(&p, opts, out, &cap, &budget) != KR_TABELL_OK)
					ok = false;
				else
					ok = pending_start(&p, &pl, lineno);
			}
			if (!ok)
				rc = set_error(err, KR_TABELL_ERR_NO_MEMORY, lineno, pos, "out of memory");
		}
	}
	if (rc == KR_TABELL_OK && pending_emit(&p, opts, out, &cap, &budget) != KR_TABELL_OK)
		rc = set_error(err, KR_TABELL_ERR_NO_MEMORY, lineno, len, "out of memory");

	free(words.items);
	parsed_line_free(&pl);
	strbuf_free(&p.code);
	strbuf_free(&p.name);
	groups_free(&p.groups);
	groups_free(&scratch);
	if (rc != KR_TABELL_OK)
		kr_tabell_block_free(out);
	return rc;
}

/* Release every row of a block and reset it. */
void
kr_tabell_block_free(kr_tabell_block *block)
{
	if (block == NULL)
		return;
	for (int i = 0; i < block->nrows; i++)
		kr_tabellrad_free(&block->rows[i]);
	free(block->rows);
	block->rows = NULL;
	block->nrows = 0;
}

/*
 * The decided figures of a row: candidates[0] when the status is UNIQUE,
 * else NULL.  *nvalues (if not NULL) receives their count, or 0.
 */
const kr_tabell_value *
kr_tabellrad_values(const kr_tabellrad *row, int *nvalues)
{
	if (nvalues != NULL)
		*nvalues = 0;
	if (row == NULL || row->status != KR_TABELL_UNIQUE || row->ncandidates < 1)
		return NULL;
	if (nvalues != NULL)
		*nvalues = row->candidates[0].nvalues;
	return row->candidates[0].values;
}

/* Skip blanks (not newlines) in relation text. */
static size_t
rel_skip_blanks(const char *s, size_t len, size_t p)
{
	while (p < len && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r'))
		p++;
	return p;
}

/* Read a sign at p: +1, -1 (also U+2212 and U+2013) or 0; advances *p. */
static int
rel_sign(const char *s, size_t len, size_t *p)
{
	const unsigned char *u = (const unsigned char *) s;

	if (*p < len && s[*p] == '+')
	{
		(*p)++;
		return 1;
	}
	if (*p < len && s[*p] == '-')
	{
		(*p)++;
		return -1;
	}
	if (*p + 3 <= len && u[*p] == 0xE2 &&
		((u[*p + 1] == 0x88 && u[*p + 2] == 0x92) ||
		 (u[*p + 1] == 0x80 && u[*p + 2] == 0x93)))
	{
		*p += 3;
		return -1;
	}
	return 0;
}

/* Read a column number at p into *col; advances *p. */
static int
rel_column(const char *s, size_t len, size_t *p, int ncolumns, int *col,
		   kr_tabell_error *err)
{
	int			v = 0;
	size_t		start = *p;

	while (*p < len && s[*p] >= '0' && s[*p] <= '9')
	{
		if (v > 1000)
			v = 1001;
		else
			v = v * 10 + (s[*p] - '0');
		(*p)++;
	}
	if (*p == start)
		return set_error(err, KR_TABELL_ERR_RELATION, 0, start,
						 "invalid relation syntax at offset %zu: expected a column number", start);
	if (v < 1 || v > ncolumns)
		return set_error(err, KR_TABELL_ERR_RELATION, 0, start,
						 "relation refers to column %d, but the table has %d columns",
						 v > 1000 ? 1000 : v, ncolumns);
	*col = v;
	return KR_TABELL_OK;
}

/*
 * Parse relation text (grammar in tabell_core.h) for a table of ncolumns
 * columns into *out.  Empty text gives zero relations.
 */
int
kr_tabell_parse_relations(const char *text, size_t len, int ncolumns,
						  kr_tabell_relations *out, kr_tabell_error *err)
{
	size_t		p = 0;
	int			rc;

	clear_error(err);
	if (out == NULL)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0, "output relations must not be NULL");
	out->count = 0;
	if (text == NULL && len > 0)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0, "relation text must not be NULL");
	if (ncolumns < 1 || ncolumns > KR_TABELL_MAX_COLUMNS)
		return set_error(err, KR_TABELL_ERR_ARGUMENT, 0, 0,
						 "number of columns %d is out of range 1..%d",
						 ncolumns, KR_TABELL_MAX_COLUMNS);
	if (len > KR_TABELL_MAX_LINE_BYTES)
		return set_error(err, KR_TABELL_ERR_TOO_LONG, 0, 0,
						 "relation text too long: %zu bytes, at most %d allowed",
						 len, KR_TABELL_MAX_LINE_BYTES);
	while (p < len)
	{
		kr_tabell_relation rel;
		int			sign;

		p = rel_skip_blanks(text, len, p);
		if (p < len && (text[p] == ',' || text[p] == ';' || text[p] == '\n'))
		{
			p++;
			continue;
		}
		if (p >= len)
			break;
		if (out->count == KR_TABELL_MAX_RELATIONS)
			return set_error(err, KR_TABELL_ERR_RELATION, 0, p,
							 "too many relations: at most %d allowed", KR_TABELL_MAX_RELATIONS);
		memset(&rel, 0, sizeof(rel));
		if ((rc = rel_column(text, len, &p, ncolumns, &rel.left, err)) != KR_TABELL_OK)
			return rc;
		p = rel_skip_blanks(text, len, p);
		if (p >= len || text[p] != '=')
			return set_error(err, KR_TABELL_ERR_RELATION, 0, p,
							 "invalid relation syntax at offset %zu: expected \"=\"", p);
		p = rel_skip_blanks(text, len, p + 1);
		sign = rel_sign(text, len, &p);
		p = rel_skip_blanks(text, len, p);
		rel.sign[0] = sign < 0 ? -1 : 1;
		if ((rc = rel_column(text, len, &p, ncolumns, &rel.column[0], err)) != KR_TABELL_OK)
			return rc;
		rel.nterms = 1;
		for (;;)
		{
			p = rel_skip_blanks(text, len, p);
			if (p < len && text[p] == '/' && rel.nterms == 1 && sign == 0)
			{
				p = rel_skip_blanks(text, len, p + 1);
				if ((rc = rel_column(text, len, &p, ncolumns, &rel.column[1], err)) != KR_TABELL_OK)
					return rc;
				p = rel_skip_blanks(text, len, p);
				if (p >= len || text[p] != '%')
					return set_error(err, KR_TABELL_ERR_RELATION, 0, p,
									 "invalid relation syntax at offset %zu: a ratio must end in \"%%\"", p);
				p++;
				rel.ratio = true;
				rel.nterms = 2;
				rel.sign[1] = 1;
				p = rel_skip_blanks(text, len, p);
				break;
			}
			sign = rel_sign(text, len, &p);
			if (sign == 0)
				break;
			if (rel.nterms == KR_TABELL_MAX_TERMS)
				return set_error(err, KR_TABELL_ERR_RELATION, 0, p,
								 "too many terms in a relation: at most %d allowed",
								 KR_TABELL_MAX_TERMS);
			p = rel_skip_blanks(text, len, p);
			rel.sign[rel.nterms] = sign;
			if ((rc = rel_column(text, len, &p, ncolumns, &rel.column[rel.nterms], err)) != KR_TABELL_OK)
				return rc;
			rel.nterms++;
		}
		if (p < len && text[p] != ',' && text[p] != ';' && text[p] != '\n')
			return set_error(err, KR_TABELL_ERR_RELATION, 0, p,
							 "invalid relation syntax at offset %zu: unexpected character", p);
		out->relation[out->count++] = rel;
	}
	return KR_TABELL_OK;
}

/*
 * Write a relation as text ("7 = 6 - 5", "4 = 1 / 2 %").  Returns the length
 * written, or -1 when buf is too small (buf then holds a truncated text).
 */
int
kr_tabell_format_relation(const kr_tabell_relation *relation, char *buf, size_t size)
{
	size_t		len = 0;
	int			n;

	if (relation == NULL || buf == NULL || size == 0)
		return -1;
	buf[0] = '\0';
	n = snprintf(buf, size, "%d = ", relation->left);
	if (n < 0 || (size_t) n >= size)
		return -1;
	len = (size_t) n;
	if (relation->ratio)
	{
		n = snprintf(buf + len, size - len, "%d / %d %%",
					 relation->column[0], relation->column[1]);
		if (n < 0 || (size_t) n >= size - len)
			return -1;
		return (int) (len + (size_t) n);
	}
	for (int t = 0; t < relation->nterms && t < KR_TABELL_MAX_TERMS; t++)
	{
		if (t == 0)
			n = snprintf(buf + len, size - len, "%s%d",
						 relation->sign[0] < 0 ? "-" : "", relation->column[0]);
		else
			n = snprintf(buf + len, size - len, " %c %d",
						 relation->sign[t] < 0 ? '-' : '+', relation->column[t]);
		if (n < 0 || (size_t) n >= size - len)
			return -1;
		len += (size_t) n;
	}
	return (int) len;
}

/*
 * Write a value in canonical form: an optional "-", the integer digits
 * (grouped by three with spaces when grouped is true), "," and the decimal
 * digits when the scale is positive, and "%" for a percentage ("-1172630",
 * "-1 172 630", "0,0", "95%"); an empty cell is an en dash.  Zero has no sign.  Returns the length, or -1
 * for an invalid value or a buffer shorter than needed (at most
 * KR_TABELL_VALUE_BUFSIZE is ever needed).
 */
int
kr_tabell_format_value(const kr_tabell_value *value, bool grouped, char *buf, size_t size)
{
	char		digits[KR_TABELL_MAX_DIGITS * 2 + 2];
	char		tmp[KR_TABELL_VALUE_BUFSIZE];
	uint64_t	u;
	int			nd = 0;
	size_t		len = 0;

	if (buf != NULL && size > 0)
		buf[0] = '\0';
	if (value != NULL && buf != NULL && value->empty)
	{
		/* an empty cell, as tables print it: an en dash */
		if (size < 4)
			return -1;
		memcpy(buf, "\xE2\x80\x93", 4);
		return 3;
	}
	if (value == NULL || buf == NULL || value->scale < 0 ||
		value->scale > KR_TABELL_MAX_DIGITS ||
		value->mantissa >= pow10_i64(KR_TABELL_MAX_DIGITS) ||
		value->mantissa <= -pow10_i64(KR_TABELL_MAX_DIGITS))
		return -1;
	u = value->mantissa < 0 ? (uint64_t) (-value->mantissa) : (uint64_t) value->mantissa;
	do
	{
		digits[nd++] = (char) ('0' + (int) (u % 10));
		u /= 10;
	} while (u > 0);
	while (nd < value->scale + 1)
		digits[nd++] = '0';
	/* digits[] holds the number's digits, least significant first */
	if (value->mantissa < 0)
		tmp[len++] = '-';
	for (int i = nd - 1; i >= value->scale; i--)
	{
		tmp[len++] = digits[i];
		if (grouped && i > value->scale && (i - value->scale) % 3 == 0)
			tmp[len++] = ' ';
	}
	if (value->scale > 0)
	{
		tmp[len++] = ',';
		for (int i = value->scale - 1; i >= 0; i--)
			tmp[len++] = digits[i];
	}
	if (value->percent)
		tmp[len++] = '%';
	if (len + 1 > size)
		return -1;
	memcpy(buf, tmp, len);
	buf[len] = '\0';
	return (int) len;
}

/* The name of a status: "unique", "ambiguous" or "none". */
const char *
kr_tabell_status_name(kr_tabell_status status)
{
	switch (status)
	{
		case KR_TABELL_UNIQUE:
			return "unique";
		case KR_TABELL_AMBIGUOUS:
			return "ambiguous";
		case KR_TABELL_NONE:
			return "none";
	}
	return "unknown";
}
