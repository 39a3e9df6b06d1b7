/*
 * karta_core.h -- the rule of the account and object maps, pure C.
 *
 * A map entry names a range of codes, fran..till: two codes of the same
 * length in characters.  A code matches the entry when its first characters
 * (as many as the entry's codes have) lie in the range, compared byte by
 * byte as UTF-8 (that is, in code point order: the order of COLLATE "C" in
 * a UTF-8 database).  An entry whose fran and till are NULL stands for "no
 * code" and matches only the absent code.  An entry holds from giltig_fran
 * to giltig_till, both included, counted in days (KARTA_TIDIGAST and
 * KARTA_SENAST for open ends).
 *
 * Of the entries that match a code and hold on a day, those of the lowest
 * niva win (the caller's levels: a municipality's own, every municipality's,
 * the shipped default), and of those the ones with the longest codes.
 * Several entries can win together; whether they agree is the caller's
 * question, answered through what each entry names: its mal, a number the
 * caller chose (a report row, a unit; the maps use -1 for "left out on
 * purpose").  No winner means the code maps to nothing.
 *
 * This is the rule of konto_rad() and objekt_enhet() in the install script,
 * applied in C to every account and object of a file at once.
 */
#ifndef KR_KARTA_CORE_H
#define KR_KARTA_CORE_H

#include <stddef.h>
#include <stdint.h>

#define KARTA_TIDIGAST	INT32_MIN
#define KARTA_SENAST	INT32_MAX

typedef struct KartaRegel
{
	int			niva;
	const char *fran;			/* NUL-terminated UTF-8, or NULL (then till NULL too) */
	const char *till;
	int32_t		giltig_fran;
	int32_t		giltig_till;
	int			mal;
} KartaRegel;

typedef enum KartaStatus
{
	KARTA_OK = 0,
	KARTA_SLUT_PA_MINNE,		/* out of memory */
	KARTA_OGILTIG				/* an entry breaks the rules above */
} KartaStatus;

typedef struct Karta Karta;

/*
 * A map of n entries (copied: the caller's strings need not live on).  On
 * KARTA_OGILTIG, *fel is the index of the first entry that has fran without
 * till or the other way round, codes of different lengths, fran after till,
 * or giltig_till before giltig_fran.
 */
extern KartaStatus karta_ny(const KartaRegel *regler, size_t n, Karta **karta, size_t *fel);
extern void karta_fri(Karta *k);

/* The number of entries. */
extern size_t karta_antal(const Karta *k);

/* Entry i as given to karta_ny (its strings the map's copies). */
extern const KartaRegel *karta_regel(const Karta *k, size_t i);

/*
 * The winners for code kod (NULL = no code) on day dag: their indices (as
 * given to karta_ny, ascending) in vinnare, which has room for
 * karta_antal(k) of them; returns how many.
 */
extern size_t karta_vinnare(const Karta *k, const char *kod, int32_t dag, size_t *vinnare);

#endif							/* KR_KARTA_CORE_H */
