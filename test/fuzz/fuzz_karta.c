/*
 * fuzz_karta.c -- libFuzzer target for the map rule (karta_core), checked
 * against a second implementation of the rule written here the plain way.
 *
 * The input is lines.  A line "niva fran till fran_dag till_dag mal" (fields
 * separated by single spaces, "-" for a NULL code) is an entry; any other
 * line is a code to look up ("-" for no code), on days 0, 5 and 10.  For
 * every look-up the winners must be exactly the entries that the plain rule
 * picks: of the entries valid on the day whose codes (as many characters as
 * the entry's codes have) lie between fran and till in byte order, those of
 * the lowest level, and of those the ones with the most characters, in the
 * order given.  Entries karta_ny refuses must break one of its stated rules.
 * Leaks are caught by AddressSanitizer's leak checker.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "karta_core.h"

#define MAX_REGLER 64
#define MAX_KODER 32

static size_t
chars(const char *s)
{
	size_t		n = 0;

	for (; *s; s++)
		if (((unsigned char) *s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The first n characters of s as a new string, or NULL when s has fewer. */
static char *
prefix(const char *s, size_t n)
{
	size_t		i = 0,
				c = 0;
	char	   *p;

	while (c < n)
	{
		if (s[i] == '\0')
			return NULL;
		i++;
		while (((unsigned char) s[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	p = malloc(i + 1);
	memcpy(p, s, i);
	p[i] = '\0';
	return p;
}

static int
plain_match(const KartaRegel *r, const char *kod, int32_t dag)
{
	char	   *p;
	int			ok;

	if (dag < r->giltig_fran || dag > r->giltig_till)
		return 0;
	if (kod == NULL || r->fran == NULL)
		return kod == NULL && r->fran == NULL;
	p = prefix(kod, chars(r->fran));
	if (p == NULL)
		return 0;
	ok = strcmp(p, r->fran) >= 0 && strcmp(p, r->till) <= 0;
	free(p);
	return ok;
}

static int
plain_valid(const KartaRegel *r)
{
	if ((r->fran == NULL) != (r->till == NULL) || r->giltig_till < r->giltig_fran)
		return 0;
	if (r->fran == NULL)
		return 1;
	return r->fran[0] != '\0' && chars(r->fran) == chars(r->till) && strcmp(r->fran, r->till) <= 0;
}

static char *
field(char **p)
{
	char	   *s = *p,
			   *e;

	if (s == NULL)
		return NULL;
	e = strchr(s, ' ');
	if (e)
	{
		*e = '\0';
		*p = e + 1;
	}
	else
		*p = NULL;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);
	char	   *line,
			   *next;
	KartaRegel	regler[MAX_REGLER];
	char	   *koder[MAX_KODER];
	size_t		nr = 0,
				nk = 0;
	Karta	   *k = NULL;
	size_t		fel = 0;
	KartaStatus st;

	memcpy(text, data, size);
	text[size] = '\0';
	for (line = text; line; line = next)
	{
		char	   *orig;
		char	   *nl = strchr(line, '\n');

		next = nl ? nl + 1 : NULL;
		if (nl)
			*nl = '\0';
		orig = malloc(strlen(line) + 1);
		strcpy(orig, line);
		char	   *rest = line;
		char	   *f[6];
		int			n = 0;

		while (n < 6 && rest)
			f[n++] = field(&rest);
		if (n == 6 && rest == NULL && nr < MAX_REGLER && strchr("0123456789", f[0][0]))
		{
			KartaRegel *r = &regler[nr++];

			r->niva = (int) (strtoul(f[0], NULL, 10) % 4);
			r->fran = strcmp(f[1], "-") == 0 ? NULL : f[1];
			r->till = strcmp(f[2], "-") == 0 ? NULL : f[2];
			r->giltig_fran = strcmp(f[3], "-") == 0 ? KARTA_TIDIGAST : atoi(f[3]) % 16;
			r->giltig_till = strcmp(f[4], "-") == 0 ? KARTA_SENAST : atoi(f[4]) % 16;
			r->mal = atoi(f[5]);
		}
		else if (nk < MAX_KODER && strcmp(orig, "-") != 0)
		{
			koder[nk++] = orig;
			continue;
		}
		else if (nk < MAX_KODER)
			koder[nk++] = NULL;
		free(orig);
	}

	st = karta_ny(regler, nr, &k, &fel);
	CHECK(st == KARTA_OK || st == KARTA_OGILTIG);
	if (st == KARTA_OGILTIG)
	{
		CHECK(k == NULL && fel < nr && !plain_valid(&regler[fel]));
		for (size_t i = 0; i < fel; i++)
			CHECK(plain_valid(&regler[i]));
	}
	else
	{
		size_t		vinnare[MAX_REGLER];

		for (size_t i = 0; i < nr; i++)
			CHECK(plain_valid(&regler[i]));
		CHECK(karta_antal(k) == nr);
		for (size_t c = 0; c < nk; c++)
			for (int32_t dag = 0; dag <= 10; dag += 5)
			{
				size_t		n = karta_vinnare(k, koder[c], dag, vinnare);
				int			niva = 0,
							found = 0;
				size_t		len = 0,
							m = 0;

				/* the plain rule: the lowest level, then the most characters */
				for (size_t i = 0; i < nr; i++)
					if (plain_match(&regler[i], koder[c], dag))
					{
						size_t		l = regler[i].fran ? chars(regler[i].fran) : 0;

						if (!found || regler[i].niva < niva || (regler[i].niva == niva && l > len))
						{
							niva = regler[i].niva;
							len = l;
							found = 1;
						}
					}
				for (size_t i = 0; i < nr; i++)
					if (plain_match(&regler[i], koder[c], dag) && regler[i].niva == niva &&
						(regler[i].fran ? chars(regler[i].fran) : 0) == len)
					{
						CHECK(m < n && vinnare[m] == i);
						CHECK(karta_regel(k, i)->mal == regler[i].mal);
						m++;
					}
				CHECK(m == n);
			}
	}
	karta_fri(k);
	for (size_t c = 0; c < nk; c++)
		free(koder[c]);
	free(text);
	return 0;
}
