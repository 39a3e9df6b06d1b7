/*
 * rubrik_core.h -- the header line of a report table
 *
 * A table copied out of a PDF keeps its header as a line of words in which
 * the column separators are lost too:
 *
 *		(tkr) Utfall2013 Förändring 2012/2013 Förändring 2012/2013 Budget 2013 Budget-avvikelse
 *		mnkr Intäkter 2020Intäkter 2021Kostnader 2020 ... Avvikelse mot budget 2021
 *		Belopp i tkr Budget 2024 Prognos helår
 *
 * This module (pure C, no PostgreSQL headers) decides whether a line is
 * such a header and cuts it into column headings, so that a caller who
 * pastes a whole page learns where a table starts, how many columns of
 * figures its header announces, and in which unit it prints them.
 *
 *
 * WORDS
 *
 * The line is cut into words at white space (tal_is_space).  A word glued
 * to a year at a letter ("Utfall2013", "2020Intäkter") is cut in two at the
 * year (a year touching a letter, as defined under FIGURE).  Each word is
 * then one of:
 *	UNIT	kr, sek, tkr, mnkr, mkr or mdkr, in any case, optionally in
 *		parentheses and followed by ",", ":" or ";" ("(tkr)", "Tkr,");
 *		the unit of the table, not part of a heading;
 *	YEAR	a year 1900..2099, optionally followed by "/", "-" or an en dash
 *		and a second year of two or four digits ("2012/2013", "2023-24",
 *		"2022–2023"), or preceded
 *		by a round number and "-" ("2-2021": round 2 of 2021), optionally
 *		in parentheses and followed by "," or ":";
 *	ROUND	a whole number 1..12, or T1..T4 or Q1..Q4, right after a word
 *		of text ("Prognos 2", "Delår 2", "Prognos T2"): the number of a
 *		forecast round or a period;
 *	PERCENT	"%" or "(%)";
 *	DASH	a lone hyphen, en dash, em dash or minus sign;
 *	FIGURE	any other word that has a digit and no letter ("224", "1,6",
 *		"-614", "−5", a round number not after text): a header has none;
 *		a letter is ASCII or U+00C0..U+024F but for × and ÷ (dashes and
 *		minus signs are none);
 *	TEXT	everything else: CAPITAL when its first letter is an upper-case
 *		letter (ASCII or Latin-1), else LOWER.
 *
 *
 * HEADINGS
 *
 * Headings are built left to right.  A CAPITAL word starts a new heading,
 * unless the word before it ends in "-", "," or "/" or is a DASH ("Budget-
 * Utfall", "Jan-Aug, Utfall", "Budget - Utfall" stay one heading).  A YEAR
 * starts a new heading when the current one already has a year or there is
 * none ("2022 2023" is two headings); otherwise it belongs to the current
 * heading, as ROUND, PERCENT, DASH and LOWER words always do (a LOWER word
 * or PERCENT with no heading before it starts one).  A UNIT word ends the
 * current heading.  Words are joined by single spaces.
 *
 * A heading is MARKED when it has a YEAR or a ROUND, or a word that starts
 * (ignoring case, after a leading "(") with one of the words Swedish report
 * headers use for a column of figures: utfall, budget, prognos, avvik,
 * bokslut, förändr, diff, intäkt, kostnad, netto, ram, internbudget,
 * årsbudget, helår, delår, ansökt, beviljat, förbruk, ack, ingående,
 * utgående, resultat, inkomst, utgift, periodens, årets, jan, tertial,
 * belopp.
 *
 * The first heading is the LABEL heading (it stands over the labels, not
 * over a column of figures) when it is followed by a UNIT ("Belopp i tkr",
 * "Resultaträkning, tkr"), or ends in "," or ":", or is not marked while a
 * later heading is ("Nyckeltal Utfall 2019 ...", "Nämnd Prognos 2 ...").
 *
 * The line is a HEADER when, the label heading left out,
 *	- it has no FIGURE, is not a sentence (four or more LOWER words and a
 *	  last word ending in ".", "!" or "?"), and no heading has more than
 *	  KR_RUBRIK_MAX_WORDS words; and
 *	- it has at least two headings, at least two of them marked, or it is
 *	  only years (a second header line "2022 2023 2022 2023").
 * The unit is the first UNIT word of the line, lower case, "" if none; the
 * units are those of amounts (belopp_unit_exp, belopp_core.h).
 *
 * A header line says how many columns it names, not where they are: a
 * heading printed on two lines, or a column without a heading, makes the
 * count wrong, and the caller should weigh it against the rows.
 *
 *
 * ERRORS AND MEMORY
 *
 * kr_rubrik_read returns 1 for a header (and fills *out, released with
 * kr_rubrik_free), 0 for any other line (nothing to free), or -1 when
 * memory ran out or len exceeds KR_RUBRIK_MAX_LINE_BYTES (nothing to free).
 * Invalid UTF-8 is read byte by byte as non-letters; a line that holds a
 * NUL byte or a newline is not a header.  There is no global state.
 */
#ifndef KR_RUBRIK_CORE_H
#define KR_RUBRIK_CORE_H

#include <stdbool.h>
#include <stddef.h>

#define KR_RUBRIK_MAX_HEADINGS		64
#define KR_RUBRIK_MAX_WORDS			8
#define KR_RUBRIK_MAX_LINE_BYTES	8192
#define KR_RUBRIK_UNIT_SIZE			8

typedef struct kr_rubrik
{
	int			nheadings;		/* column headings, the label heading excluded */
	char	  **headings;		/* nheadings NUL-terminated UTF-8 strings */
	char	   *label;			/* the label heading, or NULL */
	char		unit[KR_RUBRIK_UNIT_SIZE];	/* "kr", "sek", "tkr", "mnkr", "mkr", "mdkr" or "" */
	bool		years_only;		/* every heading is a lone year */
} kr_rubrik;

extern int	kr_rubrik_read(const char *line, size_t len, kr_rubrik *out);
extern void kr_rubrik_free(kr_rubrik *r);

#endif							/* KR_RUBRIK_CORE_H */
