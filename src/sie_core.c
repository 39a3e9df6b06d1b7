/*
 * sie_core.c -- reading SIE files: encodings, records, sums.  See
 * sie_core.h for the rules.
 */
#include "sie_core.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ----------------------------------------------------- */

static void set_error(SieError *err, SieStatus code, long line, const char *text, size_t textlen,
					  const char *fmt,...) __attribute__((format(printf, 6, 7)));

static void
set_error(SieError *err, SieStatus code, long line, const char *text, size_t textlen,
		  const char *fmt,...)
{
	va_list		ap;
	size_t		n;

	if (err == NULL)
		return;
	err->code = code;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	err->text[0] = '\0';
	if (text != NULL)
	{
		n = textlen < sizeof(err->text) - 1 ? textlen : sizeof(err->text) - 1;
		/* never cut a UTF-8 sequence in two */
		if (n < textlen)
			while (n > 0 && ((unsigned char) text[n] & 0xC0) == 0x80)
				n--;
		memcpy(err->text, text, n);
		err->text[n] = '\0';
		/* the text is for a message: no control characters, no NUL */
		for (size_t i = 0; i < n; i++)
			if ((unsigned char) err->text[i] < 0x20 || err->text[i] == 0x7F)
				err->text[i] = ' ';
	}
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t';
}

static int
days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
date_cmp(SieDate a, SieDate b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}

/* ---- encodings --------------------------------------------------------- */

/* Code page 437, bytes 0x80..0xFF, as Unicode code points. */
static const uint16_t cp437_high[128] = {
	0x00C7, 0x00FC, 0x00E9, 0x00E2, 0x00E4, 0x00E0, 0x00E5, 0x00E7,
	0x00EA, 0x00EB, 0x00E8, 0x00EF, 0x00EE, 0x00EC, 0x00C4, 0x00C5,
	0x00C9, 0x00E6, 0x00C6, 0x00F4, 0x00F6, 0x00F2, 0x00FB, 0x00F9,
	0x00FF, 0x00D6, 0x00DC, 0x00A2, 0x00A3, 0x00A5, 0x20A7, 0x0192,
	0x00E1, 0x00ED, 0x00F3, 0x00FA, 0x00F1, 0x00D1, 0x00AA, 0x00BA,
	0x00BF, 0x2310, 0x00AC, 0x00BD, 0x00BC, 0x00A1, 0x00AB, 0x00BB,
	0x2591, 0x2592, 0x2593, 0x2502, 0x2524, 0x2561, 0x2562, 0x2556,
	0x2555, 0x2563, 0x2551, 0x2557, 0x255D, 0x255C, 0x255B, 0x2510,
	0x2514, 0x2534, 0x252C, 0x251C, 0x2500, 0x253C, 0x255E, 0x255F,
	0x255A, 0x2554, 0x2569, 0x2566, 0x2560, 0x2550, 0x256C, 0x2567,
	0x2568, 0x2564, 0x2565, 0x2559, 0x2558, 0x2552, 0x2553, 0x256B,
	0x256A, 0x2518, 0x250C, 0x2588, 0x2584, 0x258C, 0x2590, 0x2580,
	0x03B1, 0x00DF, 0x0393, 0x03C0, 0x03A3, 0x03C3, 0x00B5, 0x03C4,
	0x03A6, 0x0398, 0x03A9, 0x03B4, 0x221E, 0x03C6, 0x03B5, 0x2229,
	0x2261, 0x00B1, 0x2265, 0x2264, 0x2320, 0x2321, 0x00F7, 0x2248,
	0x00B0, 0x2219, 0x00B7, 0x221A, 0x207F, 0x00B2, 0x25A0, 0x00A0
};

/* Windows-1252, bytes 0x80..0x9F (0 = undefined); 0xA0..0xFF are Latin-1. */
static const uint16_t win1252_c1[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

const char *
sie_encoding_name(SieEncoding e)
{
	switch (e)
	{
		case SIE_ENC_ASCII:
			return "ASCII";
		case SIE_ENC_UTF8:
			return "UTF-8";
		case SIE_ENC_CP437:
			return "CP437";
		case SIE_ENC_WIN1252:
			return "Windows-1252";
	}
	return "?";
}

void
sie_detect_init(SieDetector *d)
{
	memset(d, 0, sizeof(*d));
	d->utf8_ok = 1;
	d->declared = -1;
}

/* The first bytes of a line are complete: is it a #FORMAT declaration? */
static void
detect_line(SieDetector *d)
{
	int			n = d->line_len < (int) sizeof(d->line_start) ? d->line_len : (int) sizeof(d->line_start);
	int			i = 0;
	char		word[16];
	int			w = 0;

	if (d->declared != -1)
		return;
	while (i < n && is_space(d->line_start[i]))
		i++;
	if (n - i < 7 || memcmp(d->line_start + i, "#FORMAT", 7) != 0)
		return;
	i += 7;
	if (i < n && !is_space(d->line_start[i]))
		return;
	while (i < n && (is_space(d->line_start[i]) || d->line_start[i] == '"'))
		i++;
	while (i < n && w < 15 && !is_space(d->line_start[i]) && d->line_start[i] != '"' &&
		   d->line_start[i] != '\r')
		word[w++] = d->line_start[i++];
	word[w] = '\0';
	d->declared = (strcmp(word, "PC8") == 0) ? 1 : 0;
}

/* The end of the run of ASCII bytes other than a line feed that starts at i. */
static size_t
ascii_run_end(const unsigned char *data, size_t i, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL,
				highs = 0x8080808080808080ULL;

	while (len - i >= 8)
	{
		uint64_t	w,
					nl;

		memcpy(&w, data + i, 8);
		nl = w ^ (ones * '\n');
		/* a byte with its high bit set, or a zero byte of nl: a line feed */
		if ((w | ((nl - ones) & ~nl)) & highs)
			break;
		i += 8;
	}
	while (i < len && data[i] < 0x80 && data[i] != '\n')
		i++;
	return i;
}

/* n ASCII bytes of a line: they count, and may be the line's first bytes. */
static void
detect_ascii_run(SieDetector *d, const unsigned char *p, size_t n)
{
	size_t		len = (size_t) d->line_len;

	d->nbytes += n;
	if (len < sizeof(d->line_start))
		memcpy(d->line_start + len, p, n < sizeof(d->line_start) - len ? n : sizeof(d->line_start) - len);
	d->line_len = len + n > 1000000 ? 1000000 : (int) (len + n);
	if (d->utf8_need > 0)
		d->utf8_ok = 0;
	d->utf8_need = 0;
}

void
sie_detect_feed(SieDetector *d, const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = data[i];

		/* most of a file: runs of ASCII within a line, eight bytes at a time */
		if (c < 0x80 && c != '\n' && d->nbytes > 0)
		{
			size_t		j = ascii_run_end(data, i, len);

			detect_ascii_run(d, data + i, j - i);
			i = j - 1;
			continue;
		}
		if (d->nbytes == 0 && len - i >= 3 && c == 0xEF && data[i + 1] == 0xBB && data[i + 2] == 0xBF)
			d->bom = 1;
		d->nbytes++;

		/* lines, for #FORMAT */
		if (c == '\n')
		{
			detect_line(d);
			d->line_len = 0;
		}
		else
		{
			if (d->line_len < (int) sizeof(d->line_start))
				d->line_start[d->line_len] = (char) c;
			if (d->line_len < 1000000)
				d->line_len++;
		}

		if (c < 0x80)
		{
			if (d->utf8_need > 0)
				d->utf8_ok = 0;
			d->utf8_need = 0;
			continue;
		}
		d->nhigh++;
		switch (c)
		{
			case 0x86: case 0x84: case 0x94: case 0x8F: case 0x8E: case 0x99:
			case 0x82: case 0x81: case 0x9A: case 0x90:
				d->score437++;
				break;
			case 0xE5: case 0xE4: case 0xF6: case 0xC5: case 0xC4: case 0xD6:
			case 0xE9: case 0xFC: case 0xDC: case 0xC9:
				d->score1252++;
				break;
			default:
				break;
		}
		if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D)
			d->undefined1252 = 1;

		/* UTF-8, strictly: no overlong forms, no surrogates, nothing past U+10FFFF */
		if (!d->utf8_ok)
			continue;
		if (d->utf8_need > 0)
		{
			if (c < d->utf8_lo || c > d->utf8_hi)
			{
				d->utf8_ok = 0;
				continue;
			}
			d->utf8_need--;
			d->utf8_lo = 0x80;
			d->utf8_hi = 0xBF;
			continue;
		}
		d->utf8_lo = 0x80;
		d->utf8_hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			d->utf8_need = 1;
		else if (c >= 0xE0 && c <= 0xEF)
		{
			d->utf8_need = 2;
			if (c == 0xE0)
				d->utf8_lo = 0xA0;
			else if (c == 0xED)
				d->utf8_hi = 0x9F;
		}
		else if (c >= 0xF0 && c <= 0xF4)
		{
			d->utf8_need = 3;
			if (c == 0xF0)
				d->utf8_lo = 0x90;
			else if (c == 0xF4)
				d->utf8_hi = 0x8F;
		}
		else
			d->utf8_ok = 0;
	}
}

SieEncoding
sie_detect_result(const SieDetector *d, char *desc, size_t descsize)
{
	SieDetector tmp = *d;
	SieEncoding e;
	const char *decl;
	int			utf8 = d->utf8_ok && d->utf8_need == 0;

	detect_line(&tmp);			/* a last line without a newline */
	if (d->bom && utf8)
		e = SIE_ENC_UTF8;
	else if (d->nhigh == 0)
		e = SIE_ENC_ASCII;
	else if (utf8)
		e = SIE_ENC_UTF8;
	else if (!d->undefined1252 && d->score1252 > d->score437)
		e = SIE_ENC_WIN1252;
	else
		e = SIE_ENC_CP437;

	decl = tmp.declared == 1 ? "#FORMAT PC8" : tmp.declared == 0 ? "its #FORMAT" : NULL;
	if (desc != NULL && descsize > 0)
	{
		if (e == SIE_ENC_ASCII)
			snprintf(desc, descsize, "ASCII (no byte above 127%s%s)",
					 decl ? "; " : "", decl ? (tmp.declared == 1 ? "#FORMAT PC8 declared" : "#FORMAT is not PC8") : "");
		else if (e == SIE_ENC_CP437 && tmp.declared == 1)
			snprintf(desc, descsize, "CP437, as #FORMAT PC8 declares");
		else if (e == SIE_ENC_CP437)
			snprintf(desc, descsize, "CP437 (%s; PC8 is the format's default)",
					 decl ? "its #FORMAT is not PC8" : "no #FORMAT");
		else if (tmp.declared == 1)
			snprintf(desc, descsize, "%s%s, although #FORMAT PC8 declares CP437",
					 sie_encoding_name(e), d->bom ? " with a byte order mark" : "");
		else
			snprintf(desc, descsize, "%s%s (%s)", sie_encoding_name(e),
					 d->bom ? " with a byte order mark" : "",
					 decl ? "its #FORMAT is not PC8" : "no #FORMAT");
	}
	return e;
}

/* ---- the reader -------------------------------------------------------- */

typedef struct Field
{
	int			is_list;
	const char *s;				/* a string field */
	int			first;			/* a list: its items */
	int			nitems;
} Field;

struct SieReader
{
	SieEncoding enc;
	const char *chunk;
	size_t		chunk_len;
	size_t		chunk_pos;
	char	   *carry;			/* an unfinished line */
	size_t		carry_len;
	size_t		carry_cap;
	int			carry_used;		/* the carry was handed out as the last line */
	int			finished;
	int			at_end;
	int			failed;
	long		line;

	char	   *conv;			/* the current line in UTF-8 */
	size_t		conv_cap;
	char	   *store;			/* the strings of its fields */
	size_t		store_cap;
	Field		fields[SIE_MAX_FIELDS];
	int			nfields;
	const char *items[2 * SIE_MAX_OBJECTS + 2];
	int			nitems;

	int			in_ver;			/* 0, 1 = #VER read, 2 = inside its { } */
	long		ver_line;
	SieDate		ver_date;
	char	   *ver_serie;
	char	   *ver_vernr;

	char	   *twin;			/* the content of the last #RTRANS, or NULL */
	size_t		twin_len;
	size_t		twin_cap;
	int			last_was_rtrans;

	SieRecord	rec;
};

SieReader *
sie_reader_new(SieEncoding enc)
{
	SieReader  *r = calloc(1, sizeof(SieReader));

	if (r == NULL)
		return NULL;
	r->enc = enc;
	return r;
}

void
sie_reader_free(SieReader *r)
{
	if (r == NULL)
		return;
	free(r->carry);
	free(r->conv);
	free(r->store);
	free(r->ver_serie);
	free(r->ver_vernr);
	free(r->twin);
	free(r);
}

void
sie_reader_feed(SieReader *r, const char *data, size_t len)
{
	r->chunk = data;
	r->chunk_len = len;
	r->chunk_pos = 0;
}

void
sie_reader_finish(SieReader *r)
{
	r->finished = 1;
}

long
sie_reader_lines(const SieReader *r)
{
	return r->line;
}

static int
grow(char **buf, size_t *cap, size_t need)
{
	size_t		n;
	char	   *p;

	if (need <= *cap)
		return 1;
	n = *cap ? *cap : 256;
	while (n < need)
		n *= 2;
	p = realloc(*buf, n);
	if (p == NULL)
		return 0;
	*buf = p;
	*cap = n;
	return 1;
}

/*
 * The next raw line: 1 with *line, *len set; 0 when more input is needed or
 * the file has ended; -1 on an error.
 */
static int
next_raw_line(SieReader *r, const char **line, size_t *len, SieError *err)
{
	if (r->carry_used)
	{
		r->carry_len = 0;
		r->carry_used = 0;
	}
	if (r->chunk_pos < r->chunk_len)
	{
		const char *start = r->chunk + r->chunk_pos;
		size_t		avail = r->chunk_len - r->chunk_pos;
		const char *nl = memchr(start, '\n', avail);
		size_t		n = nl ? (size_t) (nl - start) : avail;

		if (r->carry_len + n > SIE_MAX_LINE)
		{
			set_error(err, SIE_ERR_LIMIT, r->line + 1, NULL, 0,
					  "line %ld is longer than %d bytes", r->line + 1, SIE_MAX_LINE);
			return -1;
		}
		if (nl == NULL || r->carry_len > 0)
		{
			if (!grow(&r->carry, &r->carry_cap, r->carry_len + n + 1))
			{
				set_error(err, SIE_ERR_NOMEM, r->line + 1, NULL, 0, "out of memory");
				return -1;
			}
			memcpy(r->carry + r->carry_len, start, n);
			r->carry_len += n;
		}
		if (nl == NULL)
		{
			r->chunk_pos = r->chunk_len;
			return 0;
		}
		r->chunk_pos += n + 1;
		r->line++;
		if (r->carry_len > 0)
		{
			*line = r->carry;
			*len = r->carry_len;
			r->carry_used = 1;
		}
		else
		{
			*line = start;
			*len = n;
		}
		return 1;
	}
	if (r->finished && !r->at_end)
	{
		r->at_end = 1;
		if (r->carry_len > 0)
		{
			r->line++;
			*line = r->carry;
			*len = r->carry_len;
			r->carry_used = 1;
			return 1;
		}
	}
	return 0;
}

static void
put_utf8(char *out, size_t *o, unsigned cp)
{
	if (cp < 0x80)
		out[(*o)++] = (char) cp;
	else if (cp < 0x800)
	{
		out[(*o)++] = (char) (0xC0 | (cp >> 6));
		out[(*o)++] = (char) (0x80 | (cp & 0x3F));
	}
	else
	{
		out[(*o)++] = (char) (0xE0 | (cp >> 12));
		out[(*o)++] = (char) (0x80 | ((cp >> 6) & 0x3F));
		out[(*o)++] = (char) (0x80 | (cp & 0x3F));
	}
}

/* Length of a valid UTF-8 sequence at s (n bytes left), or 0. */
static int
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	int			need;
	unsigned char lo = 0x80,
				hi = 0xBF;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		need = 1;
	else if (c >= 0xE0 && c <= 0xEF)
	{
		need = 2;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	}
	else if (c >= 0xF0 && c <= 0xF4)
	{
		need = 3;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	}
	else
		return 0;
	if ((size_t) need >= n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (int i = 2; i <= need; i++)
		if (s[i] < 0x80 || s[i] > 0xBF)
			return 0;
	return need + 1;
}

/* The raw line into r->conv as UTF-8 (NUL-terminated); -1 on an error. */
static int
convert_line(SieReader *r, const char *raw, size_t len, size_t *outlen, SieError *err)
{
	size_t		o = 0;

	if (!grow(&r->conv, &r->conv_cap, 3 * len + 1))
	{
		set_error(err, SIE_ERR_NOMEM, r->line, NULL, 0, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < len;)
	{
		unsigned char c = (unsigned char) raw[i];

		if (c == 0)
		{
			set_error(err, SIE_ERR_SYNTAX, r->line, raw, len,
					  "line %ld holds a NUL byte", r->line);
			return -1;
		}
		if (c < 0x80)
		{
			r->conv[o++] = (char) c;
			i++;
			continue;
		}
		switch (r->enc)
		{
			case SIE_ENC_ASCII:
			case SIE_ENC_UTF8:
				{
					int			n = utf8_seq((const unsigned char *) raw + i, len - i);

					if (n == 0)
					{
						set_error(err, SIE_ERR_SYNTAX, r->line, NULL, 0,
								  "line %ld is not valid UTF-8 (byte 0x%02X at position %zu)",
								  r->line, c, i + 1);
						return -1;
					}
					memcpy(r->conv + o, raw + i, (size_t) n);
					o += (size_t) n;
					i += (size_t) n;
					continue;
				}
			case SIE_ENC_CP437:
				put_utf8(r->conv, &o, cp437_high[c - 0x80]);
				break;
			case SIE_ENC_WIN1252:
				if (c < 0xA0)
				{
					if (win1252_c1[c - 0x80] == 0)
					{
						set_error(err, SIE_ERR_SYNTAX, r->line, NULL, 0,
								  "line %ld holds byte 0x%02X, which Windows-1252 does not define",
								  r->line, c);
						return -1;
					}
					put_utf8(r->conv, &o, win1252_c1[c - 0x80]);
				}
				else
					put_utf8(r->conv, &o, c);
				break;
		}
		i++;
	}
	r->conv[o] = '\0';
	*outlen = o;
	return 0;
}

/*
 * Cut r->conv (len bytes) into fields.  Returns 0, or -1 with the error.
 */
static int
tokenize(SieReader *r, size_t len, SieError *err)
{
	const char *s = r->conv;
	size_t		i = 0;
	size_t		o = 0;

	if (!grow(&r->store, &r->store_cap, 2 * len + 2))
	{
		set_error(err, SIE_ERR_NOMEM, r->line, NULL, 0, "out of memory");
		return -1;
	}
	r->nfields = 0;
	r->nitems = 0;
	for (;;)
	{
		Field	   *f;

		while (i < len && is_space(s[i]))
			i++;
		if (i >= len)
			break;
		if (r->nfields >= SIE_MAX_FIELDS)
		{
			set_error(err, SIE_ERR_LIMIT, r->line, s, len,
					  "line %ld has more than %d fields", r->line, SIE_MAX_FIELDS);
			return -1;
		}
		f = &r->fields[r->nfields++];
		f->is_list = 0;
		f->nitems = 0;
		if (s[i] == '{')
		{
			f->is_list = 1;
			f->first = r->nitems;
			i++;
			for (;;)
			{
				while (i < len && is_space(s[i]))
					i++;
				if (i >= len)
				{
					set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
							  "line %ld: an object list is not closed with }", r->line);
					return -1;
				}
				if (s[i] == '}')
				{
					i++;
					break;
				}
				if (s[i] == '{')
				{
					set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
							  "line %ld: { inside an object list", r->line);
					return -1;
				}
				/* a list fills SieRecord.objects: at most SIE_MAX_OBJECTS pairs */
				if (f->nitems >= 2 * SIE_MAX_OBJECTS ||
					r->nitems >= (int) (sizeof(r->items) / sizeof(r->items[0])))
				{
					set_error(err, SIE_ERR_LIMIT, r->line, s, len,
							  "line %ld: an object list has more than %d objects",
							  r->line, SIE_MAX_OBJECTS);
					return -1;
				}
				r->items[r->nitems++] = r->store + o;
				f->nitems++;
				if (s[i] == '"')
				{
					i++;
					while (i < len && s[i] != '"')
					{
						if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\'))
							i++;
						r->store[o++] = s[i++];
					}
					if (i >= len)
					{
						set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
								  "line %ld: a quoted string is not closed", r->line);
						return -1;
					}
					i++;
					if (i < len && !is_space(s[i]) && s[i] != '}')
					{
						set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
								  "line %ld: no space after a quoted object", r->line);
						return -1;
					}
				}
				else
				{
					while (i < len && !is_space(s[i]) && s[i] != '}')
					{
						if (s[i] == '"' || s[i] == '{')
						{
							set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
									  "line %ld: unexpected %c in an object list", r->line, s[i]);
							return -1;
						}
						r->store[o++] = s[i++];
					}
				}
				r->store[o++] = '\0';
			}
			if (i < len && !is_space(s[i]))
			{
				set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
						  "line %ld: no space after an object list", r->line);
				return -1;
			}
			continue;
		}
		f->s = r->store + o;
		if (s[i] == '"')
		{
			i++;
			while (i < len && s[i] != '"')
			{
				if (s[i] == '\\' && i + 1 < len && (s[i + 1] == '"' || s[i + 1] == '\\'))
					i++;
				r->store[o++] = s[i++];
			}
			if (i >= len)
			{
				set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
						  "line %ld: a quoted string is not closed", r->line);
				return -1;
			}
			i++;
			if (i < len && !is_space(s[i]))
			{
				set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
						  "line %ld: no space after a quoted string", r->line);
				return -1;
			}
		}
		else
		{
			while (i < len && !is_space(s[i]))
			{
				if (s[i] == '"' || s[i] == '{' || s[i] == '}')
				{
					set_error(err, SIE_ERR_SYNTAX, r->line, s, len,
							  "line %ld: unexpected %c inside a field", r->line, s[i]);
					return -1;
				}
				r->store[o++] = s[i++];
			}
		}
		r->store[o++] = '\0';
	}
	return 0;
}

SieStatus
sie_parse_amount(const char *s, size_t len, int64_t *ore, char *msg)
{
	size_t		i = 0;
	int			neg = 0;
	int			digits = 0;
	int			decimals = 0;
	uint64_t	v = 0;
	const uint64_t limit = (uint64_t) INT64_MAX;	/* |INT64_MIN| - 1 */

	if (i < len && (s[i] == '-' || s[i] == '+'))
	{
		neg = s[i] == '-';
		i++;
	}
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
	{
		if (v > (limit - (uint64_t) (s[i] - '0')) / 10)
			goto range;
		v = v * 10 + (uint64_t) (s[i] - '0');
		digits++;
	}
	if (v > limit / 100)
		goto range;
	v *= 100;
	if (i < len && s[i] == '.')
	{
		i++;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		{
			digits++;
			decimals++;
			if (decimals == 1)
				v += (uint64_t) (s[i] - '0') * 10;
			else if (decimals == 2)
				v += (uint64_t) (s[i] - '0');
			else if (s[i] != '0')
			{
				if (msg)
					snprintf(msg, SIE_ERRMSG_LEN, "amount \"%.*s\" has a fraction of an öre",
							 (int) (len > 60 ? 60 : len), s);
				return SIE_ERR_SYNTAX;
			}
		}
		if (decimals == 0)
			digits = 0;
	}
	if (i != len || digits == 0)
	{
		if (msg)
			snprintf(msg, SIE_ERRMSG_LEN, "\"%.*s\" is not an amount (digits with a decimal point)",
					 (int) (len > 60 ? 60 : len), s);
		return SIE_ERR_SYNTAX;
	}
	if (v > limit)
		goto range;
	*ore = neg ? -(int64_t) v : (int64_t) v;
	return SIE_OK;
range:
	if (msg)
		snprintf(msg, SIE_ERRMSG_LEN, "amount \"%.*s\" is out of range",
				 (int) (len > 60 ? 60 : len), s);
	return SIE_ERR_RANGE;
}

/* Field accessors: each returns 0, or -1 with the error set. */

static int
fail(SieReader *r, SieError *err, SieStatus code, const char *fmt, const char *a, const char *b)
{
	char		m[SIE_ERRMSG_LEN];

	snprintf(m, sizeof(m), fmt, a ? a : "", b ? b : "");
	set_error(err, code, r->line, r->conv, strlen(r->conv), "line %ld: %s", r->line, m);
	return -1;
}

static int
field_string(SieReader *r, int k, const char **out, const char *what, SieError *err)
{
	if (k >= r->nfields)
		return fail(r, err, SIE_ERR_SYNTAX, "#%s lacks its %s", r->fields[0].s + 1, what);
	if (r->fields[k].is_list)
		return fail(r, err, SIE_ERR_SYNTAX, "#%s: an object list where its %s should be",
					r->fields[0].s + 1, what);
	*out = r->fields[k].s;
	return 0;
}

static int
parse_int_text(const char *s, long lo, long hi, long *out)
{
	long		v = 0;
	int			neg = 0;
	int			n = 0;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++)
	{
		v = v * 10 + (*s - '0');
		if (++n > 9)
			return -1;
	}
	if (*s != '\0' || n == 0)
		return -1;
	if (neg)
		v = -v;
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

static int
field_int(SieReader *r, int k, long lo, long hi, long *out, const char *what, SieError *err)
{
	const char *s = NULL;

	if (field_string(r, k, &s, what, err) < 0)
		return -1;
	if (parse_int_text(s, lo, hi, out) < 0)
		return fail(r, err, SIE_ERR_SYNTAX, "\"%s\" is not a valid %s", s, what);
	return 0;
}

static int
parse_date_text(const char *s, SieDate *d)
{
	int			v[8];

	if (strlen(s) != 8)
		return -1;
	for (int i = 0; i < 8; i++)
	{
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v[i] = s[i] - '0';
	}
	d->year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
	d->month = v[4] * 10 + v[5];
	d->day = v[6] * 10 + v[7];
	if (d->year < 1000 || d->month < 1 || d->month > 12 || d->day < 1 ||
		d->day > days_in_month(d->year, d->month))
		return -1;
	return 0;
}

/* A date field; optional ones may be missing or empty. */
static int
field_date(SieReader *r, int k, int optional, SieDate *d, const char *what, SieError *err)
{
	const char *s = NULL;

	memset(d, 0, sizeof(*d));
	if (optional && (k >= r->nfields || (!r->fields[k].is_list && r->fields[k].s[0] == '\0')))
		return 0;
	if (field_string(r, k, &s, what, err) < 0)
		return -1;
	if (parse_date_text(s, d) < 0)
		return fail(r, err, SIE_ERR_SYNTAX, "\"%s\" is not a %s (YYYYMMDD)", s, what);
	return 0;
}

static int
field_amount(SieReader *r, int k, int64_t *ore, SieError *err)
{
	const char *s = NULL;
	char		m[SIE_ERRMSG_LEN];
	SieStatus	st;

	if (field_string(r, k, &s, "amount", err) < 0)
		return -1;
	st = sie_parse_amount(s, strlen(s), ore, m);
	if (st != SIE_OK)
	{
		set_error(err, st, r->line, r->conv, strlen(r->conv), "line %ld: %s", r->line, m);
		return -1;
	}
	return 0;
}

/* An optional quantity: decimal text, or NULL when missing or empty. */
static int
field_quantity(SieReader *r, int k, const char **out, SieError *err)
{
	const char *s = NULL;
	const char *p;
	int			digits = 0;

	*out = NULL;
	if (k >= r->nfields || (!r->fields[k].is_list && r->fields[k].s[0] == '\0'))
		return 0;
	if (field_string(r, k, &s, "quantity", err) < 0)
		return -1;
	p = s;
	if (*p == '-' || *p == '+')
		p++;
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (*p != '\0' || digits == 0 || digits > 30)
		return fail(r, err, SIE_ERR_SYNTAX, "\"%s\" is not a quantity", s, NULL);
	*out = s;
	return 0;
}

static int
field_objects(SieReader *r, int k, SieError *err)
{
	Field	   *f;
	SieRecord  *rec = &r->rec;

	if (k >= r->nfields || !r->fields[k].is_list)
		return fail(r, err, SIE_ERR_SYNTAX,
					"#%s lacks its object list (write {} for none)", r->fields[0].s + 1, NULL);
	f = &r->fields[k];
	if (f->nitems % 2 != 0)
		return fail(r, err, SIE_ERR_SYNTAX,
					"an object list holds a dimension without its object", NULL, NULL);
	if (f->nitems / 2 > SIE_MAX_OBJECTS)	/* the reader refuses it; kept for the array */
		return fail(r, err, SIE_ERR_LIMIT, "an object list has more than its limit of pairs", NULL, NULL);
	rec->has_objects = 1;
	rec->nobjects = f->nitems / 2;
	for (int i = 0; i < rec->nobjects; i++)
	{
		long		dim;
		const char *ds = r->items[f->first + 2 * i];
		const char *os = r->items[f->first + 2 * i + 1];

		if (parse_int_text(ds, 1, 999999, &dim) < 0 || ds[0] == '+' || ds[0] == '-')
			return fail(r, err, SIE_ERR_SYNTAX,
						"\"%s\" in an object list is not a dimension number", ds, NULL);
		if (os[0] == '\0')
			return fail(r, err, SIE_ERR_SYNTAX, "dimension %s has an empty object", ds, NULL);
		for (int j = 0; j < i; j++)
			if (rec->objects[j].dim == (int) dim)
				return fail(r, err, SIE_ERR_SYNTAX,
							"dimension %s appears twice in an object list", ds, NULL);
		rec->objects[i].dim = (int) dim;
		rec->objects[i].obj = os;
	}
	return 0;
}

static const struct
{
	const char *label;
	SieKind		kind;
}			labels[] = {
	{"#RAR", SIE_RAR}, {"#DIM", SIE_DIM}, {"#UNDERDIM", SIE_UNDERDIM},
	{"#OBJEKT", SIE_OBJEKT}, {"#KONTO", SIE_KONTO}, {"#KTYP", SIE_KTYP},
	{"#IB", SIE_IB}, {"#UB", SIE_UB}, {"#RES", SIE_RES}, {"#PSALDO", SIE_PSALDO},
	{"#PBUDGET", SIE_PBUDGET}, {"#VER", SIE_VER}, {"#TRANS", SIE_TRANS},
	{"#RTRANS", SIE_RTRANS}, {"#BTRANS", SIE_BTRANS}
};

const char *
sie_kind_name(SieKind k)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (labels[i].kind == k)
			return labels[i].label + 1;
	return "?";
}

/* The content of a transaction, for recognising the twin of an #RTRANS. */
static int
transaction_key(SieReader *r, char **buf, size_t *cap, size_t *len)
{
	SieRecord  *rec = &r->rec;
	size_t		need = 64 + strlen(rec->konto) + (rec->text ? strlen(rec->text) : 0) +
		(rec->quantity ? strlen(rec->quantity) : 0);
	int			n;

	for (int i = 0; i < rec->nobjects; i++)
		need += 16 + strlen(rec->objects[i].obj);
	if (!grow(buf, cap, need))
		return -1;
	n = snprintf(*buf, need, "%s\x01%lld\x01%04d%02d%02d\x01%s\x01%s\x01",
				 rec->konto, (long long) rec->ore, rec->date.year, rec->date.month,
				 rec->date.day, rec->text ? rec->text : "", rec->quantity ? rec->quantity : "");
	for (int i = 0; i < rec->nobjects; i++)
		n += snprintf(*buf + n, need - (size_t) n, "%d\x02%s\x01", rec->objects[i].dim,
					  rec->objects[i].obj);
	*len = (size_t) n;
	return 0;
}

static char *
dup_string(const char *s)
{
	size_t		n = strlen(s) + 1;
	char	   *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

/*
 * Interpret the fields of the current line as a record.  Returns 1 for a
 * record to return, 0 for a line that gives none, -1 on an error.
 */
static int
interpret(SieReader *r, SieError *err)
{
	SieRecord  *rec = &r->rec;
	const char *label;
	SieKind		kind = 0;
	long		v;

	if (r->nfields == 0)
		return 0;
	if (r->fields[0].is_list)
		return fail(r, err, SIE_ERR_SYNTAX, "an object list where a record should start", NULL, NULL);
	label = r->fields[0].s;
	if (label[0] != '#' || label[1] == '\0')
		return fail(r, err, SIE_ERR_SYNTAX, "\"%s\" is not a record (records start with #)",
					label, NULL);
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(label, labels[i].label) == 0)
			kind = labels[i].kind;
	if (kind == 0)
		return 0;				/* a record this reader does not return */

	memset(rec, 0, sizeof(*rec));
	rec->kind = kind;
	rec->line = r->line;

	if (r->in_ver == 1)
	{
		set_error(err, SIE_ERR_SYNTAX, r->ver_line, NULL, 0,
				  "line %ld: the #VER on line %ld is not followed by { and its transactions",
				  r->line, r->ver_line);
		return -1;
	}
	if (r->in_ver == 2 && kind != SIE_TRANS && kind != SIE_RTRANS && kind != SIE_BTRANS)
		return fail(r, err, SIE_ERR_SYNTAX, "#%s inside a voucher's { }", label + 1, NULL);

	switch (kind)
	{
		case SIE_RAR:
			if (field_int(r, 1, -99, 99, &v, "year index", err) < 0 ||
				field_date(r, 2, 0, &rec->date, "start date", err) < 0 ||
				field_date(r, 3, 0, &rec->date2, "end date", err) < 0)
				return -1;
			rec->has_arsnr = 1;
			rec->arsnr = (int) v;
			if (date_cmp(rec->date, rec->date2) > 0)
				return fail(r, err, SIE_ERR_SYNTAX, "#RAR ends before it starts", NULL, NULL);
			break;
		case SIE_DIM:
		case SIE_UNDERDIM:
		case SIE_OBJEKT:
			if (field_int(r, 1, 1, 999999, &v, "dimension number", err) < 0)
				return -1;
			rec->dim = (int) v;
			if (kind == SIE_OBJEKT)
			{
				const char *o;

				if (field_string(r, 2, &o, "object", err) < 0 ||
					field_string(r, 3, &rec->text, "name", err) < 0)
					return -1;
				if (o[0] == '\0')
					return fail(r, err, SIE_ERR_SYNTAX, "#OBJEKT has an empty object", NULL, NULL);
				rec->has_objects = 1;
				rec->nobjects = 1;
				rec->objects[0].dim = rec->dim;
				rec->objects[0].obj = o;
			}
			else if (field_string(r, 2, &rec->text, "name", err) < 0)
				return -1;
			if (kind == SIE_UNDERDIM)
			{
				if (field_int(r, 3, 1, 999999, &v, "superior dimension", err) < 0)
					return -1;
				rec->superdim = (int) v;
			}
			break;
		case SIE_KONTO:
		case SIE_KTYP:
			if (field_string(r, 1, &rec->konto, "account", err) < 0 ||
				field_string(r, 2, &rec->text, kind == SIE_KONTO ? "name" : "account type", err) < 0)
				return -1;
			if (rec->konto[0] == '\0')
				return fail(r, err, SIE_ERR_SYNTAX, "an empty account", NULL, NULL);
			if (kind == SIE_KTYP && strcmp(rec->text, "T") != 0 && strcmp(rec->text, "S") != 0 &&
				strcmp(rec->text, "I") != 0 && strcmp(rec->text, "K") != 0)
				return fail(r, err, SIE_ERR_SYNTAX, "account type \"%s\" is not T, S, I or K",
							rec->text, NULL);
			break;
		case SIE_IB:
		case SIE_UB:
		case SIE_RES:
			if (field_int(r, 1, -99, 99, &v, "year index", err) < 0 ||
				field_string(r, 2, &rec->konto, "account", err) < 0 ||
				field_amount(r, 3, &rec->ore, err) < 0 ||
				field_quantity(r, 4, &rec->quantity, err) < 0)
				return -1;
			rec->has_arsnr = 1;
			rec->arsnr = (int) v;
			rec->has_amount = 1;
			if (rec->konto[0] == '\0')
				return fail(r, err, SIE_ERR_SYNTAX, "an empty account", NULL, NULL);
			break;
		case SIE_PSALDO:
		case SIE_PBUDGET:
			{
				const char *p;

				if (field_int(r, 1, -99, 99, &v, "year index", err) < 0 ||
					field_string(r, 2, &p, "period", err) < 0)
					return -1;
				rec->has_arsnr = 1;
				rec->arsnr = (int) v;
				if (strlen(p) != 6 || strspn(p, "0123456789") != 6)
					return fail(r, err, SIE_ERR_SYNTAX, "\"%s\" is not a period (YYYYMM)", p, NULL);
				rec->period_year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
				rec->period_month = (p[4] - '0') * 10 + (p[5] - '0');
				if (rec->period_year < 1000 || rec->period_month < 1 || rec->period_month > 12)
					return fail(r, err, SIE_ERR_SYNTAX, "\"%s\" is not a period (YYYYMM)", p, NULL);
				rec->has_period = 1;
				if (field_string(r, 3, &rec->konto, "account", err) < 0 ||
					field_objects(r, 4, err) < 0 ||
					field_amount(r, 5, &rec->ore, err) < 0 ||
					field_quantity(r, 6, &rec->quantity, err) < 0)
					return -1;
				rec->has_amount = 1;
				if (rec->konto[0] == '\0')
					return fail(r, err, SIE_ERR_SYNTAX, "an empty account", NULL, NULL);
				break;
			}
		case SIE_VER:
			if (r->in_ver != 0)
				return fail(r, err, SIE_ERR_SYNTAX, "#VER inside a voucher", NULL, NULL);
			if (field_string(r, 1, &rec->serie, "series", err) < 0 ||
				field_string(r, 2, &rec->vernr, "voucher number", err) < 0 ||
				field_date(r, 3, 0, &rec->date, "voucher date", err) < 0)
				return -1;
			if (r->nfields > 4 && field_string(r, 4, &rec->text, "text", err) < 0)
				return -1;
			if (field_date(r, 5, 1, &rec->date2, "registration date", err) < 0)
				return -1;
			free(r->ver_serie);
			free(r->ver_vernr);
			r->ver_serie = dup_string(rec->serie);
			r->ver_vernr = dup_string(rec->vernr);
			if (r->ver_serie == NULL || r->ver_vernr == NULL)
			{
				set_error(err, SIE_ERR_NOMEM, r->line, NULL, 0, "out of memory");
				return -1;
			}
			r->ver_date = rec->date;
			r->ver_line = r->line;
			r->in_ver = 1;
			break;
		case SIE_TRANS:
		case SIE_RTRANS:
		case SIE_BTRANS:
			if (r->in_ver != 2)
				return fail(r, err, SIE_ERR_SYNTAX, "#%s outside a voucher (#VER ... { })",
							label + 1, NULL);
			if (field_string(r, 1, &rec->konto, "account", err) < 0 ||
				field_objects(r, 2, err) < 0 ||
				field_amount(r, 3, &rec->ore, err) < 0 ||
				field_date(r, 4, 1, &rec->date, "transaction date", err) < 0)
				return -1;
			if (r->nfields > 5 && field_string(r, 5, &rec->text, "text", err) < 0)
				return -1;
			if (field_quantity(r, 6, &rec->quantity, err) < 0)
				return -1;
			if (rec->konto[0] == '\0')
				return fail(r, err, SIE_ERR_SYNTAX, "an empty account", NULL, NULL);
			if (rec->date.year == 0)
				rec->date = r->ver_date;
			rec->has_amount = 1;
			rec->serie = r->ver_serie;
			rec->vernr = r->ver_vernr;
			rec->counted = kind != SIE_BTRANS;
			break;
	}

	/* #RTRANS is followed by its #TRANS twin: that one is not counted */
	if (kind == SIE_TRANS && r->last_was_rtrans)
	{
		char	   *k = NULL;
		size_t		kcap = 0,
					klen = 0;

		if (transaction_key(r, &k, &kcap, &klen) < 0)
		{
			free(k);
			set_error(err, SIE_ERR_NOMEM, r->line, NULL, 0, "out of memory");
			return -1;
		}
		if (klen == r->twin_len && memcmp(k, r->twin, klen) == 0)
			rec->counted = 0;
		free(k);
	}
	r->last_was_rtrans = 0;
	if (kind == SIE_RTRANS)
	{
		if (transaction_key(r, &r->twin, &r->twin_cap, &r->twin_len) < 0)
		{
			set_error(err, SIE_ERR_NOMEM, r->line, NULL, 0, "out of memory");
			return -1;
		}
		r->last_was_rtrans = 1;
	}
	return 1;
}

int
sie_reader_next(SieReader *r, const SieRecord **rec, SieError *err)
{
	if (r->failed)
	{
		set_error(err, SIE_ERR_SYNTAX, r->line, NULL, 0, "the reader stopped at an earlier error");
		return -1;
	}
	for (;;)
	{
		const char *raw;
		size_t		len;
		size_t		clen;
		size_t		b,
					e;
		int			got = next_raw_line(r, &raw, &len, err);

		if (got < 0)
		{
			r->failed = 1;
			return -1;
		}
		if (got == 0)
		{
			if (r->at_end && r->in_ver != 0)
			{
				set_error(err, SIE_ERR_SYNTAX, r->ver_line, NULL, 0,
						  "the voucher of line %ld is not closed with } before the end of the file",
						  r->ver_line);
				r->failed = 1;
				return -1;
			}
			return 0;
		}
		if (len > 0 && raw[len - 1] == '\r')
			len--;
		if (r->line == 1 && len >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0 &&
			(r->enc == SIE_ENC_UTF8 || r->enc == SIE_ENC_ASCII))
		{
			raw += 3;
			len -= 3;
		}
		if (convert_line(r, raw, len, &clen, err) < 0)
		{
			r->failed = 1;
			return -1;
		}
		/* a DOS end-of-file mark, white space */
		b = 0;
		e = clen;
		while (b < e && (is_space(r->conv[b]) || r->conv[b] == 0x1A || r->conv[b] == '\r'))
			b++;
		while (e > b && (is_space(r->conv[e - 1]) || r->conv[e - 1] == 0x1A || r->conv[e - 1] == '\r'))
			e--;
		if (b == e)
			continue;
		if (e - b == 1 && r->conv[b] == '{')
		{
			if (r->in_ver != 1)
			{
				fail(r, err, SIE_ERR_SYNTAX, "a { that does not follow a #VER", NULL, NULL);
				r->failed = 1;
				return -1;
			}
			r->in_ver = 2;
			r->last_was_rtrans = 0;
			continue;
		}
		if (e - b == 1 && r->conv[b] == '}')
		{
			if (r->in_ver != 2)
			{
				fail(r, err, SIE_ERR_SYNTAX, "a } that closes no voucher", NULL, NULL);
				r->failed = 1;
				return -1;
			}
			r->in_ver = 0;
			r->last_was_rtrans = 0;
			continue;
		}
		/* a record this reader does not return is skipped unread */
		if (r->conv[b] == '#')
		{
			size_t		w = b;
			int			known = 0;

			while (w < e && !is_space(r->conv[w]))
				w++;
			for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
				if (strlen(labels[i].label) == w - b && memcmp(labels[i].label, r->conv + b, w - b) == 0)
					known = 1;
			if (!known && w - b > 1)
			{
				r->last_was_rtrans = 0;
				continue;
			}
		}
		if (tokenize(r, clen, err) < 0)
		{
			r->failed = 1;
			return -1;
		}
		switch (interpret(r, err))
		{
			case 1:
				*rec = &r->rec;
				return 1;
			case 0:
				continue;
			default:
				r->failed = 1;
				return -1;
		}
	}
}

/* ---- sums -------------------------------------------------------------- */

/* Internal kinds of entries before settling. */
#define K_TRANS		1			/* = SIE_CELL_UTFALL */
#define K_RES		3
#define K_IB		4
#define K_UB		5
#define K_PSALDO	10
#define K_PBUDGET	11

typedef struct Entry
{
	uint64_t	hash;
	const char *key;
	uint32_t	keylen;
	int			kind;
	int			arsnr;
	int			ym;
	const char *konto;
	const char *dimsig;			/* "" = the total, "1,6" = dimensions 1 and 6 */
	const char *obj;			/* NULL = no unit object */
	int64_t		ore;
	int64_t		rows;
} Entry;

typedef struct ArenaBlock
{
	struct ArenaBlock *next;
	size_t		used;
	size_t		size;
	char		data[];
} ArenaBlock;

typedef struct RarYear
{
	int			arsnr;
	SieDate		start;
	SieDate		end;
} RarYear;

struct SieSumma
{
	int			unit_dims[SIE_MAX_UNIT_DIMS];	/* ascending */
	int			nunit_dims;
	char	   *unitkey;		/* the unit object of the record being added */
	size_t		unitkey_cap;
	Entry	   *entries;
	size_t		nentries;
	size_t		cap;
	uint32_t   *slots;			/* index + 1, 0 = empty */
	size_t		nslots;
	ArenaBlock *arena;
	char	   *scratch;
	size_t		scratch_cap;
	RarYear	   *rar;
	int			nrar;
	int			rarcap;
	SieCell    *cells;
	size_t		ncells;
	int			finished;
	SieSummaStats stats;
};

static void *
arena_alloc(SieSumma *s, size_t n)
{
	ArenaBlock *b = s->arena;

	if (b == NULL || b->size - b->used < n)
	{
		size_t		size = n > 65536 ? n : 65536;

		b = malloc(sizeof(ArenaBlock) + size);
		if (b == NULL)
			return NULL;
		b->next = s->arena;
		b->used = 0;
		b->size = size;
		s->arena = b;
	}
	b->used += n;
	return b->data + b->used - n;
}

SieSumma *
sie_summa_new(const int *unit_dims, int n)
{
	SieSumma   *s;

	if (n < 1 || n > SIE_MAX_UNIT_DIMS)
		return NULL;
	for (int i = 0; i < n; i++)
		if (unit_dims[i] < 1 || (i > 0 && unit_dims[i] <= unit_dims[i - 1]))
			return NULL;
	s = calloc(1, sizeof(SieSumma));
	if (s == NULL)
		return NULL;
	memcpy(s->unit_dims, unit_dims, (size_t) n * sizeof(int));
	s->nunit_dims = n;
	return s;
}

int
sie_unit_key_split(const char *key, int n, const char **obj, size_t *len)
{
	const char *p = key;

	if (n == 1)
	{
		obj[0] = key;
		len[0] = key ? strlen(key) : 0;
		return 0;
	}
	for (int i = 0; i < n; i++)
	{
		obj[i] = NULL;
		len[i] = 0;
	}
	if (key == NULL)
		return 0;
	for (int i = 0; i < n; i++)
	{
		if (*p == '-')
			p++;
		else if (*p == '+')
		{
			char	   *end;
			unsigned long l = strtoul(p + 1, &end, 10);

			if (end == p + 1 || *end != ':' || l > strlen(end + 1))
				return -1;
			obj[i] = end + 1;
			len[i] = (size_t) l;
			p = end + 1 + l;
		}
		else
			return -1;
	}
	return *p == '\0' ? 0 : -1;
}

/*
 * The unit object of rec: with one unit dimension its object of that
 * dimension (or NULL); with several, the objects of the unit dimensions in
 * their order, each "-" (none) or "+<length>:<object>", NULL when it has none
 * of them.  Returns 0, or -1 out of memory.
 */
static int
unit_key(SieSumma *s, const SieRecord *rec, const char **key)
{
	size_t		need = 1,
				o = 0;
	int			found = 0;
	const char *objs[SIE_MAX_UNIT_DIMS] = {NULL};

	for (int k = 0; k < s->nunit_dims; k++)
		for (int i = 0; i < rec->nobjects; i++)
			if (rec->objects[i].dim == s->unit_dims[k])
			{
				objs[k] = rec->objects[i].obj;
				need += 24 + strlen(objs[k]);
				found = 1;
			}
	*key = NULL;
	if (!found)
		return 0;
	if (s->nunit_dims == 1)
	{
		*key = objs[0];
		return 0;
	}
	need += (size_t) s->nunit_dims;
	if (!grow(&s->unitkey, &s->unitkey_cap, need))
		return -1;
	for (int k = 0; k < s->nunit_dims; k++)
		if (objs[k] == NULL)
			s->unitkey[o++] = '-';
		else
			o += (size_t) snprintf(s->unitkey + o, need - o, "+%zu:%s", strlen(objs[k]), objs[k]);
	s->unitkey[o] = '\0';
	*key = s->unitkey;
	return 0;
}

void
sie_summa_free(SieSumma *s)
{
	if (s == NULL)
		return;
	while (s->arena)
	{
		ArenaBlock *n = s->arena->next;

		free(s->arena);
		s->arena = n;
	}
	free(s->entries);
	free(s->slots);
	free(s->scratch);
	free(s->unitkey);
	free(s->rar);
	free(s->cells);
	free(s);
}

/* A hash of n bytes, taken eight at a time (the keys are 20-40 bytes). */
static uint64_t
hash_key(const char *p, size_t n)
{
	uint64_t	h = 0x9E3779B97F4A7C15ULL ^ n;

	while (n > 0)
	{
		uint64_t	w = 0;
		size_t		k = n < 8 ? n : 8;

		memcpy(&w, p, k);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
		h ^= h >> 31;
		p += k;
		n -= k;
	}
	h ^= h >> 29;
	h *= 0x94D049BB133111EBULL;
	h ^= h >> 32;
	return h;
}

static int
rehash(SieSumma *s, size_t nslots)
{
	uint32_t   *slots = calloc(nslots, sizeof(uint32_t));

	if (slots == NULL)
		return -1;
	for (size_t i = 0; i < s->nentries; i++)
	{
		size_t		j = (size_t) (s->entries[i].hash & (nslots - 1));

		while (slots[j] != 0)
			j = (j + 1) & (nslots - 1);
		slots[j] = (uint32_t) (i + 1);
	}
	free(s->slots);
	s->slots = slots;
	s->nslots = nslots;
	return 0;
}

/*
 * Add ore to the entry (kind, arsnr, ym, konto, dimsig, obj).  Returns 0, -1
 * out of memory, -2 on overflow.
 */
static int
add_entry(SieSumma *s, int kind, int arsnr, int ym, const char *konto, const char *dimsig,
		  const char *obj, int64_t ore)
{
	size_t		lk = strlen(konto),
				ld = strlen(dimsig),
				lo = obj ? strlen(obj) : 0;
	size_t		n = 12 + lk + 1 + ld + 1 + 1 + lo + 1;
	char	   *k;
	uint64_t	h;
	size_t		j;
	Entry	   *e;

	if (!grow(&s->scratch, &s->scratch_cap, n))
		return -1;
	k = s->scratch;
	memcpy(k, &kind, 4);
	memcpy(k + 4, &arsnr, 4);
	memcpy(k + 8, &ym, 4);
	memcpy(k + 12, konto, lk + 1);
	memcpy(k + 13 + lk, dimsig, ld + 1);
	k[14 + lk + ld] = obj ? 1 : 0;
	if (obj)
		memcpy(k + 15 + lk + ld, obj, lo);
	k[n - 1] = '\0';
	h = hash_key(k, n);

	if (s->nslots == 0 && rehash(s, 1024) < 0)
		return -1;
	j = (size_t) (h & (s->nslots - 1));
	while (s->slots[j] != 0)
	{
		e = &s->entries[s->slots[j] - 1];
		if (e->hash == h && e->keylen == n && memcmp(e->key, k, n) == 0)
		{
			if (__builtin_add_overflow(e->ore, ore, &e->ore))
				return -2;
			e->rows++;
			return 0;
		}
		j = (j + 1) & (s->nslots - 1);
	}
	if (s->nentries >= UINT32_MAX - 1)
		return -1;
	if (s->nentries == s->cap)
	{
		size_t		cap = s->cap ? 2 * s->cap : 1024;
		Entry	   *p = realloc(s->entries, cap * sizeof(Entry));

		if (p == NULL)
			return -1;
		s->entries = p;
		s->cap = cap;
	}
	e = &s->entries[s->nentries];
	e->key = arena_alloc(s, n);
	if (e->key == NULL)
		return -1;
	memcpy((char *) e->key, k, n);
	e->hash = h;
	e->keylen = (uint32_t) n;
	e->kind = kind;
	e->arsnr = arsnr;
	e->ym = ym;
	e->konto = e->key + 12;
	e->dimsig = e->key + 13 + lk;
	e->obj = obj ? e->key + 15 + lk + ld : NULL;
	e->ore = ore;
	e->rows = 1;
	s->slots[j] = (uint32_t) (s->nentries + 1);
	s->nentries++;
	if (2 * s->nentries > s->nslots && rehash(s, 2 * s->nslots) < 0)
		return -1;
	return 0;
}

static int
add_failed(SieSumma *s, int rc, const SieRecord *rec, SieError *err)
{
	(void) s;
	if (rc == -2)
		set_error(err, SIE_ERR_RANGE, rec->line, NULL, 0,
				  "line %ld: the sum of account %s overflows", rec->line, rec->konto);
	else
		set_error(err, SIE_ERR_NOMEM, rec->line, NULL, 0, "out of memory");
	return -1;
}

SieStatus
sie_summa_add(SieSumma *s, const SieRecord *rec, SieError *err)
{
	const char *obj = NULL;
	int			rc;

	if (s->finished)
	{
		set_error(err, SIE_ERR_SYNTAX, rec->line, NULL, 0, "the sums are already settled");
		return SIE_ERR_SYNTAX;
	}
	if (unit_key(s, rec, &obj) < 0)
	{
		set_error(err, SIE_ERR_NOMEM, rec->line, NULL, 0, "out of memory");
		return SIE_ERR_NOMEM;
	}

	switch (rec->kind)
	{
		case SIE_RAR:
			for (int i = 0; i < s->nrar; i++)
				if (s->rar[i].arsnr == rec->arsnr)
				{
					set_error(err, SIE_ERR_SYNTAX, rec->line, NULL, 0,
							  "line %ld: a second #RAR for year index %d", rec->line, rec->arsnr);
					return SIE_ERR_SYNTAX;
				}
			if (s->nrar == s->rarcap)
			{
				int			cap = s->rarcap ? 2 * s->rarcap : 8;
				RarYear    *p = realloc(s->rar, (size_t) cap * sizeof(RarYear));

				if (p == NULL)
				{
					set_error(err, SIE_ERR_NOMEM, rec->line, NULL, 0, "out of memory");
					return SIE_ERR_NOMEM;
				}
				s->rar = p;
				s->rarcap = cap;
			}
			s->rar[s->nrar].arsnr = rec->arsnr;
			s->rar[s->nrar].start = rec->date;
			s->rar[s->nrar].end = rec->date2;
			s->nrar++;
			s->stats.nrar = s->nrar;
			return SIE_OK;
		case SIE_TRANS:
		case SIE_RTRANS:
		case SIE_BTRANS:
			{
				int			arsnr = 0,
							found = 0;

				if (!rec->counted)
				{
					if (rec->kind == SIE_BTRANS)
						s->stats.removed++;
					else
						s->stats.twins++;
					return SIE_OK;
				}
				for (int i = 0; i < s->nrar; i++)
					if (date_cmp(s->rar[i].start, rec->date) <= 0 && date_cmp(rec->date, s->rar[i].end) <= 0)
					{
						arsnr = s->rar[i].arsnr;
						found = 1;
					}
				if (!found)
				{
					set_error(err, SIE_ERR_SYNTAX, rec->line, NULL, 0,
							  "line %ld: the transaction of %04d-%02d-%02d lies in no financial year of the file's #RAR",
							  rec->line, rec->date.year, rec->date.month, rec->date.day);
					return SIE_ERR_SYNTAX;
				}
				s->stats.trans++;
				rc = add_entry(s, K_TRANS, arsnr, rec->date.year * 100 + rec->date.month,
							   rec->konto, "", obj, rec->ore);
				if (rc < 0)
				{
					add_failed(s, rc, rec, err);
					return rc == -2 ? SIE_ERR_RANGE : SIE_ERR_NOMEM;
				}
				return SIE_OK;
			}
		case SIE_PSALDO:
		case SIE_PBUDGET:
			{
				char		sig[SIE_MAX_OBJECTS * 8 + 1];
				int			dims[SIE_MAX_OBJECTS];
				int			n = rec->nobjects;
				size_t		o = 0;

				for (int i = 0; i < n; i++)
					dims[i] = rec->objects[i].dim;
				/* insertion sort: a list is short */
				for (int i = 1; i < n; i++)
					for (int j = i; j > 0 && dims[j - 1] > dims[j]; j--)
					{
						int			t = dims[j];

						dims[j] = dims[j - 1];
						dims[j - 1] = t;
					}
				sig[0] = '\0';
				for (int i = 0; i < n; i++)
					o += (size_t) snprintf(sig + o, sizeof(sig) - o, i ? ",%d" : "%d", dims[i]);
				if (rec->kind == SIE_PSALDO)
					s->stats.psaldo++;
				else
					s->stats.pbudget++;
				rc = add_entry(s, rec->kind == SIE_PSALDO ? K_PSALDO : K_PBUDGET, rec->arsnr,
							   rec->period_year * 100 + rec->period_month, rec->konto, sig,
							   n == 0 ? NULL : obj, rec->ore);
				if (rc < 0)
				{
					add_failed(s, rc, rec, err);
					return rc == -2 ? SIE_ERR_RANGE : SIE_ERR_NOMEM;
				}
				return SIE_OK;
			}
		case SIE_RES:
		case SIE_IB:
		case SIE_UB:
			rc = add_entry(s, rec->kind == SIE_RES ? K_RES : rec->kind == SIE_IB ? K_IB : K_UB,
						   rec->arsnr, 0, rec->konto, "", NULL, rec->ore);
			if (rc < 0)
			{
				add_failed(s, rc, rec, err);
				return rc == -2 ? SIE_ERR_RANGE : SIE_ERR_NOMEM;
			}
			return SIE_OK;
		default:
			return SIE_OK;
	}
}

static int
cmp_obj(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Order of entries: kind, year index, month, account, object, dimensions. */
static int
cmp_entry(const void *pa, const void *pb)
{
	const Entry *a = pa,
			   *b = pb;
	int			c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->arsnr != b->arsnr)
		return a->arsnr < b->arsnr ? -1 : 1;
	if (a->ym != b->ym)
		return a->ym < b->ym ? -1 : 1;
	if ((c = strcmp(a->konto, b->konto)) != 0)
		return c;
	if ((c = cmp_obj(a->obj, b->obj)) != 0)
		return c;
	return strcmp(a->dimsig, b->dimsig);
}

static int
sig_count(const char *sig)
{
	int			n = 1;

	if (*sig == '\0')
		return 0;
	for (; *sig; sig++)
		n += *sig == ',';
	return n;
}

/* How many of the unit dimensions the dimension set sig holds. */
static int
sig_units(const SieSumma *s, const char *sig)
{
	int			n = 0;

	while (*sig)
	{
		long		v = strtol(sig, (char **) &sig, 10);

		for (int k = 0; k < s->nunit_dims; k++)
			n += v == s->unit_dims[k];
		if (*sig == ',')
			sig++;
	}
	return n;
}

/*
 * Dimension sets compared by the unit dimensions they hold (more first),
 * then by count (fewer first), then by their numbers.
 */
static int
sig_better(const SieSumma *s, const char *a, const char *b)
{
	int			ua = sig_units(s, a),
				ub = sig_units(s, b),
				na = sig_count(a),
				nb = sig_count(b);

	if (ua != ub)
		return ua > ub;
	if (na != nb)
		return na < nb;
	while (*a && *b)
	{
		long		x = strtol(a, (char **) &a, 10);
		long		y = strtol(b, (char **) &b, 10);

		if (x != y)
			return x < y;
		if (*a == ',')
			a++;
		if (*b == ',')
			b++;
	}
	return 0;
}

static int
push_cell(SieSumma *s, size_t *cap, SieCellKind kind, const Entry *e, const char *obj, int64_t ore,
		  int64_t rows)
{
	SieCell    *c;

	if (s->ncells == *cap)
	{
		size_t		n = *cap ? 2 * *cap : 1024;
		SieCell    *p = realloc(s->cells, n * sizeof(SieCell));

		if (p == NULL)
			return -1;
		s->cells = p;
		*cap = n;
	}
	c = &s->cells[s->ncells++];
	c->kind = kind;
	c->arsnr = e->arsnr;
	c->year = e->ym / 100;
	c->month = e->ym % 100;
	c->konto = e->konto;
	c->objekt = obj;
	c->ore = ore;
	c->rows = rows;
	return 0;
}

static int
cmp_cell(const void *pa, const void *pb)
{
	const SieCell *a = pa,
			   *b = pb;
	int			c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->arsnr != b->arsnr)
		return a->arsnr < b->arsnr ? -1 : 1;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if ((c = strcmp(a->konto, b->konto)) != 0)
		return c;
	return cmp_obj(a->objekt, b->objekt);
}

SieStatus
sie_summa_finish(SieSumma *s, SieError *err)
{
	size_t		cap = 0;
	size_t		i = 0;
	size_t		nperiod = 0;

	if (s->finished)
		return SIE_OK;
	s->finished = 1;
	free(s->slots);
	s->slots = NULL;
	s->nslots = 0;
	s->stats.from_trans = s->stats.trans > 0;

	/*
	 * A transaction, #RES, #IB or #UB entry is a cell of its own; only the
	 * period balances need to be seen in groups.  Those are moved to the
	 * front and sorted (the cells themselves only by sie_summa_sort).
	 */
	for (size_t j = 0; j < s->nentries; j++)
	{
		Entry	   *e = &s->entries[j];

		if (e->kind == K_TRANS || e->kind == K_RES || e->kind == K_IB || e->kind == K_UB)
		{
			if (push_cell(s, &cap, (SieCellKind) e->kind, e, e->obj, e->ore, e->rows) < 0)
				goto nomem;
		}
		else
			s->entries[nperiod++] = *e;
	}
	s->nentries = nperiod;
	if (nperiod > 0)
		qsort(s->entries, nperiod, sizeof(Entry), cmp_entry);

	while (i < s->nentries)
	{
		Entry	   *e = &s->entries[i];
		size_t		g = i;

		/* a group of period balances: one kind, year index, month, account */
		while (g < s->nentries && s->entries[g].kind == e->kind && s->entries[g].arsnr == e->arsnr &&
			   s->entries[g].ym == e->ym && strcmp(s->entries[g].konto, e->konto) == 0)
			g++;
		if (e->kind == K_PSALDO && s->stats.from_trans)
		{
			i = g;
			continue;
		}
		{
			SieCellKind ck = e->kind == K_PSALDO ? SIE_CELL_UTFALL : SIE_CELL_BUDGET;
			const Entry *total = NULL;
			const char *chosen = NULL;
			int			others = 0;

			for (size_t j = i; j < g; j++)
			{
				const Entry *x = &s->entries[j];

				if (x->dimsig[0] == '\0')
					total = x;
				else
				{
					others = 1;
					if (sig_units(s, x->dimsig) > 0 && (chosen == NULL || sig_better(s, x->dimsig, chosen)))
						chosen = x->dimsig;
				}
			}
			if (total != NULL)
			{
				int64_t		rest = total->ore;

				if (others)
					s->stats.groups_total++;
				if (chosen != NULL)
					for (size_t j = i; j < g; j++)
					{
						const Entry *x = &s->entries[j];

						if (strcmp(x->dimsig, chosen) != 0)
							continue;
						if (__builtin_sub_overflow(rest, x->ore, &rest))
							goto overflow;
						if (push_cell(s, &cap, ck, x, x->obj, x->ore, x->rows) < 0)
							goto nomem;
					}
				if (rest != 0 || chosen == NULL)
					if (push_cell(s, &cap, ck, total, NULL, rest, total->rows) < 0)
						goto nomem;
			}
			else
			{
				/* disjoint cells: add up the rows of each unit object */
				size_t		j = i;

				s->stats.groups_cells++;
				while (j < g)
				{
					const Entry *x = &s->entries[j];
					int64_t		sum = 0,
								rows = 0;
					size_t		k = j;

					while (k < g && cmp_obj(s->entries[k].obj, x->obj) == 0)
					{
						if (__builtin_add_overflow(sum, s->entries[k].ore, &sum))
							goto overflow;
						rows += s->entries[k].rows;
						k++;
					}
					if (push_cell(s, &cap, ck, x, x->obj, sum, rows) < 0)
						goto nomem;
					j = k;
				}
			}
		}
		i = g;
	}
	return SIE_OK;

nomem:
	set_error(err, SIE_ERR_NOMEM, 0, NULL, 0, "out of memory");
	return SIE_ERR_NOMEM;
overflow:
	set_error(err, SIE_ERR_RANGE, 0, NULL, 0, "the period balances of account %s overflow",
			  s->entries[i].konto);
	return SIE_ERR_RANGE;
}

void
sie_summa_sort(SieSumma *s)
{
	if (s->ncells > 1)
		qsort(s->cells, s->ncells, sizeof(SieCell), cmp_cell);
}

size_t
sie_summa_ncells(const SieSumma *s)
{
	return s->ncells;
}

const SieCell *
sie_summa_cell(const SieSumma *s, size_t i)
{
	return i < s->ncells ? &s->cells[i] : NULL;
}

const SieSummaStats *
sie_summa_stats(const SieSumma *s)
{
	return &s->stats;
}

int
sie_summa_rar(const SieSumma *s, int i, int *arsnr, SieDate *start, SieDate *end)
{
	if (i < 0 || i >= s->nrar)
		return 0;
	*arsnr = s->rar[i].arsnr;
	*start = s->rar[i].start;
	*end = s->rar[i].end;
	return 1;
}
