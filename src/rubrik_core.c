/*
 * rubrik_core.c -- the header line of a report table (rules in rubrik_core.h)
 *
 * Pure C, no PostgreSQL headers: unit-tested in test/c/test_rubrik.c and
 * fuzzed in test/fuzz/fuzz_rubrik.c.
 */
#include "rubrik_core.h"

#include "belopp_core.h"
#include "tal_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef enum WordKind
{
	W_UNIT,
	W_YEAR,
	W_ROUND,
	W_PERCENT,
	W_DASH,
	W_FIGURE,
	W_CAPITAL,
	W_LOWER
} WordKind;

typedef struct Piece
{
	const char *start;
	size_t		len;
	WordKind	kind;
} Piece;

/* The heading words of Swedish report headers (see rubrik_core.h), UTF-8, lower case. */
static const char *const marker_words[] = {
	"utfall", "budget", "prognos", "avvik", "bokslut", "f\xc3\xb6r\xc3\xa4ndr",
	"diff", "int\xc3\xa4kt", "kostnad", "netto", "ram", "internbudget",
	"\xc3\xa5rsbudget", "hel\xc3\xa5r", "del\xc3\xa5r", "ans\xc3\xb6kt",
	"beviljat", "f\xc3\xb6rbruk", "ack", "ing\xc3\xa5" "ende", "utg\xc3\xa5" "ende",
	"resultat", "inkomst", "utgift", "periodens", "\xc3\xa5rets", "jan", "tertial",
	"belopp",
	NULL
};

static bool
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/*
 * Byte length of a letter starting at u[0] (n bytes left), 0 if none: an
 * ASCII letter, or U+00C0..U+024F (Latin-1 and Latin Extended-A/B) but for
 * U+00D7 and U+00F7.  Dashes, minus signs and other punctuation beyond
 * ASCII are no letters.
 */
static size_t
letter_len(const unsigned char *u, size_t n)
{
	unsigned	cp;

	if (n == 0)
		return 0;
	if ((u[0] >= 'A' && u[0] <= 'Z') || (u[0] >= 'a' && u[0] <= 'z'))
		return 1;
	if (n < 2 || u[0] < 0xC3 || u[0] > 0xC9 || (u[1] & 0xC0) != 0x80)
		return 0;
	cp = ((unsigned) (u[0] & 0x1F) << 6) | (u[1] & 0x3F);
	return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7 ? 2 : 0;
}

/* Whether a letter ends just before u[j] (the word starts at u[start]). */
static bool
letter_before(const unsigned char *u, size_t start, size_t j)
{
	return (j > start && letter_len(u + j - 1, 1) == 1) ||
		(j >= start + 2 && letter_len(u + j - 2, 2) == 2);
}

/*
 * Whether the word starts (after a leading "(") with an upper-case letter:
 * ASCII A-Z or Latin-1 U+00C0..U+00DE except U+00D7.
 */
static bool
starts_capital(const char *w, size_t n)
{
	const unsigned char *u = (const unsigned char *) w;
	size_t		i = 0;

	if (n > 0 && u[0] == '(')
		i = 1;
	if (i >= n)
		return false;
	if (u[i] >= 'A' && u[i] <= 'Z')
		return true;
	if (u[i] == 0xC3 && i + 1 < n)
		return u[i + 1] >= 0x80 && u[i + 1] <= 0x9E && u[i + 1] != 0x97;
	return false;
}

/* Lower-case one ASCII or Latin-1 (two-byte UTF-8) letter sequence into buf. */
static size_t
fold_case(const char *w, size_t n, char *buf, size_t size)
{
	const unsigned char *u = (const unsigned char *) w;
	size_t		o = 0;

	for (size_t i = 0; i < n && o + 1 < size; i++)
	{
		unsigned char c = u[i];

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char) (c - 'A' + 'a');
		else if (c >= 0x80 && c <= 0x9E && i > 0 && u[i - 1] == 0xC3 && c != 0x97)
			c = (unsigned char) (c + 0x20);
		buf[o++] = (char) c;
	}
	buf[o] = '\0';
	return o;
}

/* The word without a leading "(" and a trailing ")", ",", ":" or ";". */
static void
strip_punct(const char **w, size_t *n)
{
	if (*n > 0 && (*w)[0] == '(')
	{
		(*w)++;
		(*n)--;
	}
	while (*n > 0 && strchr("),:;", (*w)[*n - 1]) != NULL)
		(*n)--;
}

/*
 * Whether the word is a unit, by the amounts' own list (belopp_unit_exp);
 * if so and name is not NULL, its name in lower case goes there.
 */
static bool
unit_of(const char *w, size_t n, char *name, size_t size)
{
	strip_punct(&w, &n);
	if (n == 0 || n >= size || belopp_unit_exp(w, n) < 0)
		return false;
	if (name != NULL)
		fold_case(w, n, name, size);
	return true;
}

/* Whether four digits at p are a year 1900..2099. */
static bool
year4(const unsigned char *p)
{
	return ((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) &&
		is_digit(p[2]) && is_digit(p[3]);
}

/* Whether the word is a YEAR (rubrik_core.h). */
static bool
is_year(const char *w, size_t n)
{
	const unsigned char *u;
	size_t		i = 0;

	strip_punct(&w, &n);
	u = (const unsigned char *) w;
	/* a round number and "-" before the year: "2-2021", "12-2021" */
	if (n >= 6 && is_digit(u[0]) && u[1] == '-')
		i = 2;
	else if (n >= 7 && is_digit(u[0]) && is_digit(u[1]) && u[2] == '-')
		i = 3;
	if (n - i < 4 || !year4(u + i))
		return false;
	if (i > 0)
		return n - i == 4;
	if (n == 4)
		return true;
	/* the second year after "/", "-" or an en dash */
	if (u[4] == '/' || u[4] == '-')
		i = 5;
	else if (n >= 7 && u[4] == 0xE2 && u[5] == 0x80 && u[6] == 0x93)
		i = 7;
	else
		return false;
	if (n - i == 2)
		return is_digit(u[i]) && is_digit(u[i + 1]);
	return n - i == 4 && year4(u + i);
}

/* Whether the word is a whole number 1..12 without sign. */
static bool
is_round(const char *w, size_t n)
{
	if (n == 1)
		return w[0] >= '1' && w[0] <= '9';
	return n == 2 && w[0] == '1' && w[1] >= '0' && w[1] <= '2';
}

/* Whether the word is a lone dash: "-", U+2010..U+2014 or U+2212. */
static bool
is_dash(const char *w, size_t n)
{
	const unsigned char *u = (const unsigned char *) w;

	if (n == 1)
		return w[0] == '-';
	if (n == 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x90 && u[2] <= 0x94)
		return true;
	return n == 3 && u[0] == 0xE2 && u[1] == 0x88 && u[2] == 0x92;
}

static WordKind
classify(const char *w, size_t n, WordKind previous)
{
	bool		digit = false,
				letter = false;

	if (unit_of(w, n, NULL, KR_RUBRIK_UNIT_SIZE))
		return W_UNIT;
	if (is_year(w, n))
		return W_YEAR;
	if ((n == 1 && w[0] == '%') || (n == 3 && memcmp(w, "(%)", 3) == 0))
		return W_PERCENT;
	if (is_dash(w, n))
		return W_DASH;
	/* a tertial or quarter after text ("Prognos T2") belongs to its heading */
	if (n == 2 && (w[0] == 'T' || w[0] == 'Q') && w[1] >= '1' && w[1] <= '4' &&
		(previous == W_CAPITAL || previous == W_LOWER))
		return W_ROUND;
	for (size_t i = 0; i < n; i++)
	{
		const unsigned char *u = (const unsigned char *) w + i;

		if (is_digit(u[0]))
			digit = true;
		else if (letter_len(u, n - i) > 0)
			letter = true;
	}
	if (digit && !letter)
	{
		if (is_round(w, n) && (previous == W_CAPITAL || previous == W_LOWER))
			return W_ROUND;
		return W_FIGURE;
	}
	return starts_capital(w, n) ? W_CAPITAL : W_LOWER;
}

/* Whether the word starts with one of marker_words. */
static bool
is_marker_word(const char *w, size_t n)
{
	char		buf[64];
	size_t		len;

	if (n > 0 && w[0] == '(')
	{
		w++;
		n--;
	}
	len = fold_case(w, n < sizeof(buf) - 1 ? n : sizeof(buf) - 1, buf, sizeof(buf));
	for (int i = 0; marker_words[i] != NULL; i++)
	{
		size_t		m = strlen(marker_words[i]);

		if (len >= m && memcmp(buf, marker_words[i], m) == 0)
			return true;
	}
	return false;
}

/* Append a piece; false when out of memory (the array is then freed). */
static bool
push_piece(Piece **p, int *count, size_t *cap, const char *start, size_t len)
{
	if ((size_t) *count == *cap)
	{
		size_t		ncap = *cap ? *cap * 2 : 32;
		Piece	   *np = realloc(*p, ncap * sizeof(Piece));

		if (np == NULL)
		{
			free(*p);
			*p = NULL;
			return false;
		}
		*p = np;
		*cap = ncap;
	}
	(*p)[*count].start = start;
	(*p)[*count].len = len;
	(*p)[*count].kind = W_LOWER;
	(*count)++;
	return true;
}

/*
 * Cut the line into pieces: words at white space, a word glued to a year at
 * a letter cut at the year.  Returns the count, or -1 when out of memory.
 */
static int
cut_pieces(const char *s, size_t len, Piece **out)
{
	const unsigned char *u = (const unsigned char *) s;
	Piece	   *p = NULL;
	int			count = 0;
	size_t		cap = 0;
	size_t		i = 0;

	while (i < len)
	{
		size_t		sp = tal_space_len(s + i, s + len);
		size_t		start,
					cut;

		if (sp > 0)
		{
			i += sp;
			continue;
		}
		start = i;
		while (i < len && tal_space_len(s + i, s + len) == 0)
			i++;
		/* cut where a year of exactly four digits touches a letter */
		cut = start;
		for (size_t j = start; j + 4 <= i; j++)
		{
			bool		before = letter_before(u, start, j);
			bool		after = j + 4 < i && letter_len(u + j + 4, i - j - 4) > 0;

			if (!year4(u + j) || (j > start && is_digit(u[j - 1])) ||
				(j + 4 < i && is_digit(u[j + 4])))
				continue;
			if (before)
			{
				if (!push_piece(&p, &count, &cap, s + cut, j - cut))
					return -1;
				cut = j;
			}
			if (after)
			{
				if (!push_piece(&p, &count, &cap, s + cut, j + 4 - cut))
					return -1;
				cut = j + 4;
			}
		}
		if (!push_piece(&p, &count, &cap, s + cut, i - cut))
			return -1;
	}
	*out = p;
	return count;
}

/* A heading under construction: its pieces [first, first + nwords). */
typedef struct Heading
{
	int			first;
	int			nwords;
	bool		year;
	bool		marked;
	bool		before_unit;	/* a UNIT word follows it */
} Heading;

static char *
join_heading(const Piece *p, const Heading *h)
{
	size_t		len = 0,
				o = 0;
	char	   *buf;

	for (int i = 0; i < h->nwords; i++)
		len += p[h->first + i].len + 1;
	buf = malloc(len + 1);
	if (buf == NULL)
		return NULL;
	for (int i = 0; i < h->nwords; i++)
	{
		if (i > 0)
			buf[o++] = ' ';
		memcpy(buf + o, p[h->first + i].start, p[h->first + i].len);
		o += p[h->first + i].len;
	}
	buf[o] = '\0';
	return buf;
}

void
kr_rubrik_free(kr_rubrik *r)
{
	if (r == NULL)
		return;
	for (int i = 0; i < r->nheadings; i++)
		free(r->headings[i]);
	free(r->headings);
	free(r->label);
	r->headings = NULL;
	r->label = NULL;
	r->nheadings = 0;
}

/* Whether the piece ends in a character after which a capital continues the heading. */
static bool
joins_next(const Piece *p)
{
	char		c = p->start[p->len - 1];

	return p->kind == W_DASH || c == '-' || c == ',' || c == '/';
}

int
kr_rubrik_read(const char *line, size_t len, kr_rubrik *out)
{
	Piece	   *p;
	Heading    *h;
	int			np,
				nh = 0,
				marked = 0,
				years = 0,
				first = 0,
				lower = 0,
				result = 0;
	bool		open = false;	/* a heading is being built */

	memset(out, 0, sizeof(*out));
	if (line == NULL || len > KR_RUBRIK_MAX_LINE_BYTES)
		return -1;
	/* one line of text: a NUL byte or a line break makes it no header */
	if (memchr(line, '\0', len) != NULL || memchr(line, '\n', len) != NULL)
		return 0;
	np = cut_pieces(line, len, &p);
	if (np < 0)
		return -1;
	if (np == 0)
		return 0;
	h = calloc((size_t) np, sizeof(Heading));
	if (h == NULL)
	{
		free(p);
		return -1;
	}
	for (int i = 0; i < np; i++)
	{
		WordKind	k = classify(p[i].start, p[i].len, i > 0 ? p[i - 1].kind : W_UNIT);
		bool		start;

		p[i].kind = k;
		if (k == W_FIGURE)
			goto done;
		if (k == W_LOWER)
			lower++;
		if (k == W_UNIT)
		{
			if (out->unit[0] == '\0')
				unit_of(p[i].start, p[i].len, out->unit, sizeof(out->unit));
			if (open)
				h[nh - 1].before_unit = true;
			open = false;
			continue;
		}
		if (k == W_CAPITAL)
			start = !open || !joins_next(&p[i - 1]);
		else if (k == W_YEAR)
			start = !open || h[nh - 1].year;
		else
			start = !open;
		if (start)
		{
			h[nh].first = i;
			nh++;
			open = true;
		}
		h[nh - 1].nwords++;
		if (h[nh - 1].nwords > KR_RUBRIK_MAX_WORDS)
			goto done;
		if (k == W_YEAR)
			h[nh - 1].year = true;
		if (k == W_YEAR || k == W_ROUND || ((k == W_CAPITAL || k == W_LOWER) &&
											is_marker_word(p[i].start, p[i].len)))
			h[nh - 1].marked = true;
	}
	/* a sentence: four or more words of text in lower case, ending in ".", "!" or "?" */
	if (nh == 0 || (lower >= 4 && strchr(".!?", p[np - 1].start[p[np - 1].len - 1]) != NULL))
		goto done;
	/* the label heading */
	{
		const Piece *last = &p[h[0].first + h[0].nwords - 1];
		char		c = last->start[last->len - 1];
		bool		later_marked = false;

		for (int j = 1; j < nh; j++)
			later_marked |= h[j].marked;
		if (h[0].before_unit || c == ',' || c == ':' || (!h[0].marked && later_marked))
			first = 1;
	}
	for (int j = first; j < nh; j++)
	{
		if (h[j].marked)
			marked++;
		if (h[j].nwords == 1 && h[j].year)
			years++;
	}
	if (nh - first > KR_RUBRIK_MAX_HEADINGS)
		goto done;
	if (!((nh - first >= 2 && marked >= 2) || (years >= 2 && years == nh - first)))
		goto done;

	out->headings = calloc((size_t) (nh - first), sizeof(char *));
	if (out->headings == NULL)
	{
		result = -1;
		goto done;
	}
	if (first == 1 && (out->label = join_heading(p, &h[0])) == NULL)
	{
		kr_rubrik_free(out);
		result = -1;
		goto done;
	}
	for (int j = first; j < nh; j++)
	{
		out->headings[out->nheadings] = join_heading(p, &h[j]);
		if (out->headings[out->nheadings] == NULL)
		{
			kr_rubrik_free(out);
			result = -1;
			goto done;
		}
		out->nheadings++;
	}
	out->years_only = years == nh - first;
	result = 1;
done:
	free(h);
	free(p);
	if (result != 1)
		memset(out, 0, sizeof(*out));
	return result;
}
