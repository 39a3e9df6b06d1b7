/*
 * test_karta_core.c -- unit tests of the map rule: ranges as prefixes, the
 * levels and the longest codes, validity days, the "no code" entries, codes
 * of several bytes a character, and the entries refused.  Every expected
 * winner is worked out by hand from the entries listed with each test.
 */
#include <stdlib.h>
#include <string.h>

#include "karta_core.h"
#include "tap.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* The winners of kod on dag as "i,j,..." ("" for none). */
static const char *
vinnare(const Karta *k, const char *kod, int32_t dag)
{
	static char buf[256];
	size_t		v[64];
	size_t		n = karta_vinnare(k, kod, dag, v);
	size_t		pos = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && pos < sizeof(buf) - 8; i++)
		pos += (size_t) snprintf(buf + pos, sizeof(buf) - pos, "%s%zu", i ? "," : "", v[i]);
	return buf;
}

static Karta *
ny(const KartaRegel *r, size_t n)
{
	Karta	   *k = NULL;
	size_t		fel = 0;

	if (karta_ny(r, n, &k, &fel) != KARTA_OK)
	{
		printf("# karta_ny refused entry %zu\n", fel);
		return NULL;
	}
	return k;
}

static void
konton(void)
{
	/* a municipality's own (1), every municipality's (2), the default (3) */
	KartaRegel	r[] = {
		{3, "3", "3", KARTA_TIDIGAST, KARTA_SENAST, 10},	/* 0: class 3 */
		{3, "4", "4", KARTA_TIDIGAST, KARTA_SENAST, 11},	/* 1: class 4 */
		{3, "84", "85", KARTA_TIDIGAST, KARTA_SENAST, 12},	/* 2: groups 84-85 */
		{3, "6", "7", KARTA_TIDIGAST, KARTA_SENAST, 13},	/* 3: classes 6-7 */
		{2, "39", "39", KARTA_TIDIGAST, KARTA_SENAST, 14},	/* 4: group 39, all */
		{1, "3911", "3911", 100, 199, 15},	/* 5: one account, days 100-199 */
		{1, "40", "45", KARTA_TIDIGAST, KARTA_SENAST, 11},	/* 6 */
		{1, "42", "49", KARTA_TIDIGAST, KARTA_SENAST, 11},	/* 7 */
		{2, "1", "2", KARTA_TIDIGAST, KARTA_SENAST, -1},	/* 8: left out */
	};
	Karta	   *k = ny(r, N(r));

	if (!tap_ok(k != NULL, "a map of nine account entries"))
		return;
	tap_is_i64((int64_t) karta_antal(k), 9, "it has nine entries");
	tap_is_str(vinnare(k, "3010", 0), "0", "3010: class 3 of the default, nothing else matches");
	tap_is_str(vinnare(k, "3911", 150), "5", "3911 on day 150: the municipality's own account wins");
	tap_is_str(vinnare(k, "3911", 200), "4", "3911 on day 200 (past the own entry): group 39 of every municipality");
	tap_is_str(vinnare(k, "3911", 99), "4", "3911 on day 99 (before it)");
	tap_is_str(vinnare(k, "3999", 150), "4", "3999: group 39 (the single account does not match)");
	tap_is_str(vinnare(k, "4300", 0), "6,7", "4300: both two-digit own ranges, in the order given");
	tap_is_str(vinnare(k, "4100", 0), "6", "4100: only 40..45");
	tap_is_str(vinnare(k, "4910", 0), "7", "4910: only 42..49");
	tap_is_str(vinnare(k, "4", 0), "1", "a one-digit account 4: too short for the own ranges, class 4");
	tap_is_str(vinnare(k, "8410", 0), "2", "8410: groups 84..85");
	tap_is_str(vinnare(k, "8600", 0), "", "8600: no entry");
	tap_is_str(vinnare(k, "7999", 0), "3", "7999: classes 6..7");
	tap_is_str(vinnare(k, "1930", 0), "8", "1930: the balance sheet, left out by entry 8");
	tap_is_str(vinnare(k, "", 0), "", "an empty code matches nothing");
	tap_is_str(vinnare(k, NULL, 0), "", "no code matches no account entry");
	tap_is_i64(karta_regel(k, 5)->mal, 15, "entry 5 as given");
	tap_is_str(karta_regel(k, 6)->fran, "40", "its strings kept");
	karta_fri(k);
}

static void
objekt(void)
{
	KartaRegel	r[] = {
		{1, "1", "1", KARTA_TIDIGAST, KARTA_SENAST, 0},	/* 0: objects 1... */
		{1, "110", "119", KARTA_TIDIGAST, KARTA_SENAST, 1},	/* 1 */
		{1, NULL, NULL, KARTA_TIDIGAST, KARTA_SENAST, 2},	/* 2: no object */
		{2, NULL, NULL, KARTA_TIDIGAST, KARTA_SENAST, 3},	/* 3 */
		{1, "Å1", "Ö9", 0, 0, 4},	/* 4: two characters, three bytes each */
		{1, "A", "Z", 0, 0, 5},	/* 5 */
	};
	Karta	   *k = ny(r, N(r));

	if (!tap_ok(k != NULL, "a map of six object entries"))
		return;
	tap_is_str(vinnare(k, "115", 0), "1", "115: the three-character range wins over 1");
	tap_is_str(vinnare(k, "120", 0), "0", "120: the one-character range");
	tap_is_str(vinnare(k, "11", 0), "0", "11: too short for 110..119");
	tap_is_str(vinnare(k, NULL, 0), "2", "no object: the own NULL entry, not every municipality's");
	tap_is_str(vinnare(k, "Å5X", 0), "4", "Å5X: its first two characters (three bytes) lie in Å1..Ö9");
	tap_is_str(vinnare(k, "Å5X", 1), "", "on day 1 that entry no longer holds");
	tap_is_str(vinnare(k, "Å0", 0), "", "Å0 is before Å1; one character Å is past Z");
	tap_is_str(vinnare(k, "Q", 0), "5", "Q in A..Z");
	tap_is_str(vinnare(k, "ÖA", 0), "", "ÖA after Ö9 in byte order");
	karta_fri(k);
}

static void
refused(void)
{
	KartaRegel	a[] = {{1, "40", "4", KARTA_TIDIGAST, KARTA_SENAST, 0}};
	KartaRegel	b[] = {{1, "3", "3", 0, 0, 0}, {1, "5", "4", KARTA_TIDIGAST, KARTA_SENAST, 0}};
	KartaRegel	c[] = {{1, "3", NULL, KARTA_TIDIGAST, KARTA_SENAST, 0}};
	KartaRegel	d[] = {{1, "3", "3", 10, 9, 0}};
	KartaRegel	e[] = {{1, "", "", KARTA_TIDIGAST, KARTA_SENAST, 0}};
	KartaRegel	f[] = {{1, "Å", "AA", KARTA_TIDIGAST, KARTA_SENAST, 0}};
	Karta	   *k = NULL;
	size_t		fel = 99;

	tap_ok(karta_ny(a, 1, &k, &fel) == KARTA_OGILTIG && fel == 0 && k == NULL, "codes of different lengths");
	tap_ok(karta_ny(b, 2, &k, &fel) == KARTA_OGILTIG && fel == 1, "fran after till, named by its index");
	tap_ok(karta_ny(c, 1, &k, &fel) == KARTA_OGILTIG, "fran without till");
	tap_ok(karta_ny(d, 1, &k, &fel) == KARTA_OGILTIG, "giltig_till before giltig_fran");
	tap_ok(karta_ny(e, 1, &k, &fel) == KARTA_OGILTIG, "empty codes");
	tap_ok(karta_ny(f, 1, &k, &fel) == KARTA_OGILTIG, "one character against two (two bytes each)");
	tap_ok(karta_ny(NULL, 0, &k, &fel) == KARTA_OK && k != NULL && karta_antal(k) == 0, "an empty map");
	tap_is_str(vinnare(k, "3", 0), "", "which maps nothing");
	karta_fri(k);
}

int
main(void)
{
	konton();
	objekt();
	refused();
	return tap_done();
}
