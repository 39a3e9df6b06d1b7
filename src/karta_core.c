/*
 * karta_core.c -- the rule of the account and object maps (see karta_core.h).
 *
 * The entries are kept in the order in which they can win: by niva, then by
 * the length of their codes, longest first.  A look-up walks that order; the
 * first entry that matches fixes the winning class (its niva and length),
 * the entries of that class that also match are the winners, and the walk
 * stops at the end of the class.
 */
#include "karta_core.h"

#include <stdlib.h>
#include <string.h>

typedef struct Post
{
	KartaRegel	regel;			/* strings: copies in the map's own block */
	size_t		index;			/* as given to karta_ny */
	size_t		tecken;			/* characters of fran (0 for a NULL range) */
	size_t		flen;			/* bytes of fran and till */
	size_t		tlen;
} Post;

struct Karta
{
	size_t		n;
	Post	   *ordning;		/* in winning order */
	KartaRegel *regler;			/* in the caller's order */
	char	   *text;
};

/* Characters of a UTF-8 string of len bytes: bytes that do not continue one. */
static size_t
tecken(const char *s, size_t len)
{
	size_t		n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* Bytes of the first n characters of s, or (size_t) -1 when s has fewer. */
static size_t
prefix_bytes(const char *s, size_t n)
{
	size_t		i = 0;

	if (n == 0)
		return 0;
	for (;;)
	{
		if (s[i] == '\0')
			return (size_t) -1;
		i++;
		while (((unsigned char) s[i] & 0xC0) == 0x80)
			i++;
		if (--n == 0)
			return i;
	}
}

/* Byte order, the shorter first on a common prefix (COLLATE "C"). */
static int
jamfor(const char *a, size_t alen, const char *b, size_t blen)
{
	int			c = memcmp(a, b, alen < blen ? alen : blen);

	if (c != 0)
		return c;
	return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int
cmp_post(const void *pa, const void *pb)
{
	const Post *a = pa,
			   *b = pb;

	if (a->regel.niva != b->regel.niva)
		return a->regel.niva < b->regel.niva ? -1 : 1;
	if (a->tecken != b->tecken)
		return a->tecken > b->tecken ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index ? 1 : 0;
}

KartaStatus
karta_ny(const KartaRegel *regler, size_t n, Karta **karta, size_t *fel)
{
	Karta	   *k;
	size_t		bytes = 0;
	char	   *p;

	*karta = NULL;
	for (size_t i = 0; i < n; i++)
	{
		const KartaRegel *r = &regler[i];

		if ((r->fran == NULL) != (r->till == NULL) || r->giltig_till < r->giltig_fran)
			goto ogiltig;
		if (r->fran != NULL)
		{
			size_t		fl = strlen(r->fran),
						tl = strlen(r->till);

			if (fl == 0 || tecken(r->fran, fl) != tecken(r->till, tl) ||
				jamfor(r->fran, fl, r->till, tl) > 0)
				goto ogiltig;
			bytes += fl + tl + 2;
		}
		continue;
ogiltig:
		if (fel)
			*fel = i;
		return KARTA_OGILTIG;
	}
	k = calloc(1, sizeof(Karta));
	if (k == NULL)
		return KARTA_SLUT_PA_MINNE;
	k->n = n;
	k->ordning = malloc((n ? n : 1) * sizeof(Post));
	k->regler = malloc((n ? n : 1) * sizeof(KartaRegel));
	k->text = malloc(bytes ? bytes : 1);
	if (k->ordning == NULL || k->regler == NULL || k->text == NULL)
	{
		karta_fri(k);
		return KARTA_SLUT_PA_MINNE;
	}
	p = k->text;
	for (size_t i = 0; i < n; i++)
	{
		Post	   *e = &k->ordning[i];

		e->regel = regler[i];
		e->index = i;
		e->tecken = e->flen = e->tlen = 0;
		if (regler[i].fran != NULL)
		{
			e->flen = strlen(regler[i].fran);
			e->tlen = strlen(regler[i].till);
			memcpy(p, regler[i].fran, e->flen + 1);
			e->regel.fran = p;
			p += e->flen + 1;
			memcpy(p, regler[i].till, e->tlen + 1);
			e->regel.till = p;
			p += e->tlen + 1;
			e->tecken = tecken(e->regel.fran, e->flen);
		}
		k->regler[i] = e->regel;
	}
	if (n > 1)
		qsort(k->ordning, n, sizeof(Post), cmp_post);
	*karta = k;
	return KARTA_OK;
}

void
karta_fri(Karta *k)
{
	if (k == NULL)
		return;
	free(k->ordning);
	free(k->regler);
	free(k->text);
	free(k);
}

size_t
karta_antal(const Karta *k)
{
	return k->n;
}

const KartaRegel *
karta_regel(const Karta *k, size_t i)
{
	return i < k->n ? &k->regler[i] : NULL;
}

static int
traffar(const Post *e, const char *kod, int32_t dag)
{
	size_t		pl;

	if (dag < e->regel.giltig_fran || dag > e->regel.giltig_till)
		return 0;
	if (kod == NULL || e->regel.fran == NULL)
		return kod == NULL && e->regel.fran == NULL;
	pl = prefix_bytes(kod, e->tecken);
	if (pl == (size_t) -1)
		return 0;
	return jamfor(kod, pl, e->regel.fran, e->flen) >= 0 && jamfor(kod, pl, e->regel.till, e->tlen) <= 0;
}

size_t
karta_vinnare(const Karta *k, const char *kod, int32_t dag, size_t *vinnare)
{
	size_t		m = 0;
	const Post *forsta = NULL;

	for (size_t i = 0; i < k->n; i++)
	{
		const Post *e = &k->ordning[i];

		if (forsta != NULL && (e->regel.niva != forsta->regel.niva || e->tecken != forsta->tecken))
			break;
		if (!traffar(e, kod, dag))
			continue;
		if (forsta == NULL)
			forsta = e;
		vinnare[m++] = e->index;
	}
	/* the class was walked in the caller's order already (cmp_post's last key) */
	return m;
}
