/*
 * test_tabell.c -- unit tests for the text-table reader (tabell_core)
 *
 * The expected figures are read off the seed reports by hand: which digit
 * groups belong together, and what each column holds, follows from the
 * report's own arithmetic (deviation = budget - outcome, and so on).
 */
#include <stdlib.h>
#include <string.h>

#include "tabell_core.h"
#include "tap.h"

static kr_tabell_relations test_relations;

/* Read one line with K columns and optional relation text. */
static int
read_row(const char *line, int k, const char *rel, int tolerance,
		 kr_tabellrad *row, kr_tabell_error *err)
{
	kr_tabell_options opts;

	opts.ncolumns = k;
	opts.relations = NULL;
	opts.tolerance = tolerance;
	if (rel != NULL)
	{
		int			rc = kr_tabell_parse_relations(rel, strlen(rel), k,
												   &test_relations, err);

		if (rc != KR_TABELL_OK)
		{
			memset(row, 0, sizeof(*row));
			return rc;
		}
		opts.relations = &test_relations;
	}
	return kr_tabell_read_line(line, strlen(line), &opts, row, err);
}

/* Read a block with K columns and optional relation text. */
static int
read_block(const char *text, int k, const char *rel, int tolerance,
		   kr_tabell_block *block, kr_tabell_error *err)
{
	kr_tabell_options opts;

	opts.ncolumns = k;
	opts.relations = NULL;
	opts.tolerance = tolerance;
	if (rel != NULL)
	{
		int			rc = kr_tabell_parse_relations(rel, strlen(rel), k,
												   &test_relations, err);

		if (rc != KR_TABELL_OK)
		{
			block->nrows = 0;
			block->rows = NULL;
			return rc;
		}
		opts.relations = &test_relations;
	}
	return kr_tabell_read_block(text, strlen(text), &opts, block, err);
}

/* A candidate's values as "v1 v2 ...", ungrouped; "(none)" if absent. */
static const char *
cand(const kr_tabellrad *row, int c)
{
	static char buf[4096];
	size_t		len = 0;

	if (c < 0 || c >= row->ncandidates)
		return "(none)";
	buf[0] = '\0';
	for (int i = 0; i < row->candidates[c].nvalues; i++)
	{
		char		v[KR_TABELL_VALUE_BUFSIZE];
		int			n = kr_tabell_format_value(&row->candidates[c].values[i], false,
											   v, sizeof(v));

		if (n < 0 || len + (size_t) n + 2 > sizeof(buf))
			return "(format error)";
		if (i > 0)
			buf[len++] = ' ';
		memcpy(buf + len, v, (size_t) n + 1);
		len += (size_t) n;
	}
	return buf;
}

/* Does the message contain the given text? */
static int
has_text(const char *message, const char *part)
{
	return message != NULL && strstr(message, part) != NULL;
}

/* Seed 000: the full-year total, 4 columns. */
static void
test_seed000_summa(void)
{
	kr_tabellrad row;
	kr_tabell_error err;
	int			rc;

	rc = read_row("Summa nettokostnader 1 634 1 634 0 1 519", 4, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_OK, "000 summa: read ok");
	tap_is_str(row.name, "Summa nettokostnader", "000 summa: name");
	tap_ok(row.code == NULL, "000 summa: no code");
	tap_is_i64(row.ngroups, 7, "000 summa: 7 digit groups");
	tap_is_i64(row.min_numbers, 4, "000 summa: at least 4 numbers");
	tap_is_i64(row.max_numbers, 7, "000 summa: at most 7 numbers");
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "000 summa: unique");
	tap_ok(!row.ofullstandig, "000 summa: complete");
	tap_is_str(cand(&row, 0), "1634 1634 0 1519", "000 summa: 1634 1634 0 1519");
	tap_is_i64(row.candidates[0].values[0].mantissa, 1634, "000 summa: mantissa 1634");
	tap_is_i64(row.candidates[0].values[0].scale, 0, "000 summa: scale 0");
	{
		int			n;
		const kr_tabell_value *v = kr_tabellrad_values(&row, &n);

		tap_ok(v != NULL && n == 4 && v[3].mantissa == 1519,
			   "000 summa: kr_tabellrad_values gives the decided split");
	}
	kr_tabellrad_free(&row);

	/* with five columns the same text is ambiguous in three ways */
	rc = read_row("Summa nettokostnader 1 634 1 634 0 1 519", 5, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_AMBIGUOUS, "000 summa K=5: ambiguous");
	tap_is_i64((int64_t) row.nsplits, 3, "000 summa K=5: 3 splits");
	tap_is_str(cand(&row, 0), "1 634 1634 0 1519", "000 summa K=5: first split");
	tap_is_str(cand(&row, 1), "1634 1 634 0 1519", "000 summa K=5: second split");
	tap_is_str(cand(&row, 2), "1634 1634 0 1 519", "000 summa K=5: third split");
	tap_ok(kr_tabellrad_values(&row, NULL) == NULL, "000 summa K=5: no decided values");
	kr_tabellrad_free(&row);

	rc = read_row("Summa nettokostnader 1 634 1 634 0 1 519", 5, "3 = 2 - 1", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "000 summa K=5 with 3 = 2 - 1: unique");
	tap_is_str(cand(&row, 0), "1634 1634 0 1 519", "000 summa K=5 with 3 = 2 - 1: the split that balances");
	tap_is_i64(row.nsatisfying, 1, "000 summa K=5 with 3 = 2 - 1: one satisfying");
	kr_tabellrad_free(&row);
	(void) rc;
}

/* Seed 000: a row with a leading code. */
static void
test_seed000_code(void)
{
	kr_tabellrad row;
	kr_tabell_error err;

	tap_is_i64(read_row("509 - Hemtjänst 187 187 0 191", 4, NULL, 1, &row, &err),
			   KR_TABELL_OK, "509: read ok");
	tap_is_str(row.code, "509", "509: code");
	tap_is_str(row.name, "Hemtjänst", "509: name");
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "509: unique");
	tap_is_str(cand(&row, 0), "187 187 0 191", "509: 187 187 0 191");
	kr_tabellrad_free(&row);

	read_row("100 - Nämnd- och styrelseverksamhet 1 1 0 1", 4, NULL, 1, &row, &err);
	tap_is_str(row.code, "100", "100: code");
	tap_is_str(row.name, "Nämnd- och styrelseverksamhet", "100: name keeps its hyphen");
	tap_is_str(cand(&row, 0), "1 1 0 1", "100: 1 1 0 1");
	kr_tabellrad_free(&row);

	read_row("- 0 0 0 0", 4, NULL, 1, &row, &err);
	tap_ok(row.code == NULL, "empty code row: no code");
	tap_is_str(row.name, "-", "empty code row: the lone dash is the name");
	tap_is_str(cand(&row, 0), "0 0 0 0", "empty code row: 0 0 0 0");
	kr_tabellrad_free(&row);

	read_row("1250 - Pågående", 4, NULL, 1, &row, &err);
	tap_is_str(row.code, "1250", "1250 label: code");
	tap_is_str(row.name, "Pågående", "1250 label: name");
	tap_is_i64(row.ngroups, 0, "1250 label: no digit groups");
	tap_is_i64(row.status, KR_TABELL_NONE, "1250 label: status none");
	tap_ok(row.ofullstandig, "1250 label: incomplete");
	tap_ok(has_text(row.message, "no figures"), "1250 label: message says no figures");
	kr_tabellrad_free(&row);

	read_row("investeringar, trattinläsning 0,0 11,3 11,3 0,0", 4, NULL, 1, &row, &err);
	tap_is_str(row.name, "investeringar, trattinläsning", "investment line: name");
	tap_is_str(cand(&row, 0), "0,0 11,3 11,3 0,0", "investment line: decimal commas");
	tap_is_i64(row.candidates[0].values[1].mantissa, 113, "investment line: 11,3 has mantissa 113");
	tap_is_i64(row.candidates[0].values[1].scale, 1, "investment line: 11,3 has scale 1");
	tap_is_i64(row.candidates[0].values[0].mantissa, 0, "investment line: 0,0 has mantissa 0");
	tap_is_i64(row.candidates[0].values[0].scale, 1, "investment line: 0,0 has scale 1");
	kr_tabellrad_free(&row);
}

/* Seed 000: published rounding against relations and tolerance. */
static void
test_seed000_rounding(void)
{
	kr_tabellrad row;
	kr_tabell_error err;

	read_row("510 - Vård och Omsorg om äldre 55 61 5 41", 4, "3 = 2 - 1", 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "510: 5 = 61 - 55 within one unit per term");
	tap_is_str(cand(&row, 0), "55 61 5 41", "510: 55 61 5 41");
	tap_is_i64(row.failed_relation, -1, "510: no failed relation");
	kr_tabellrad_free(&row);

	read_row("510 - Vård och Omsorg om äldre 55 61 5 41", 4, "3 = 2 - 1", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_NONE, "510 tolerance 0: none");
	tap_is_i64(row.failed_relation, 0, "510 tolerance 0: relation 1 failed");
	tap_ok(has_text(row.message, "3 = 2 - 1"), "510 tolerance 0: message names the relation");
	tap_ok(has_text(row.message, "column 3 is 5"), "510 tolerance 0: message gives column 3");
	tap_is_i64(row.ncandidates, 1, "510 tolerance 0: the failing split is kept");
	tap_is_i64(row.candidates[0].failed, 1, "510 tolerance 0: failed mask bit 0");
	tap_ok(kr_tabellrad_values(&row, NULL) == NULL, "510 tolerance 0: no decided values");
	kr_tabellrad_free(&row);

	read_row("Ram 1 634 1 627 2,8 3,8", 4, "1 = 2 + 3 + 4", 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "frame 1 634 = 1 627 + 2,8 + 3,8 within rounding");
	tap_is_str(cand(&row, 0), "1634 1627 2,8 3,8", "frame: 1634 1627 2,8 3,8");
	kr_tabellrad_free(&row);

	read_row("Ram 1 634 1 627 2,8 3,8", 4, "1 = 2 + 3 + 4", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_NONE, "frame with tolerance 0: none (1633,6 is not 1634)");
	kr_tabellrad_free(&row);
}

/* Seed 003: signed rows and the incomplete Finansnetto row. */
static void
test_seed003(void)
{
	kr_tabellrad row;
	kr_tabell_error err;

	read_row("Verksamhetens kostnader -1 172 630 -1 202 047 -29 417 -790 240 -745 227 -45 013",
			 6, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "003 kostnader: unique");
	tap_is_str(row.name, "Verksamhetens kostnader", "003 kostnader: name");
	tap_is_str(cand(&row, 0), "-1172630 -1202047 -29417 -790240 -745227 -45013",
			   "003 kostnader: six signed figures");
	tap_is_i64(row.candidates[0].values[0].mantissa, -1172630, "003 kostnader: first is -1172630");
	tap_is_i64(row.min_numbers, 6, "003 kostnader: the signs force six numbers");
	kr_tabellrad_free(&row);

	read_row("Verksamhetens kostnader -1 172 630 -1 202 047 -29 417 -790 240 -745 227 -45 013",
			 6, "3 = 2 - 1, 6 = 4 - 5", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "003 kostnader: relations hold exactly");
	kr_tabellrad_free(&row);

	read_row("Finansnetto 0 -4 9 -13", 6, NULL, 1, &row, &err);
	tap_ok(row.ofullstandig, "003 finansnetto: incomplete (ofullstandig)");
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "003 finansnetto: its figures are certain");
	tap_is_i64(row.max_numbers, 4, "003 finansnetto: 4 figures");
	tap_is_i64(row.candidates[0].nvalues, 4, "003 finansnetto: not padded to 6");
	tap_is_str(cand(&row, 0), "0 -4 9 -13", "003 finansnetto: 0 -4 9 -13 as printed");
	tap_ok(has_text(row.message, "ofullstandig"), "003 finansnetto: message says incomplete");
	kr_tabellrad_free(&row);

	read_row("Finansnetto 0 -4 9 -13", 6, "3 = 2 - 1, 6 = 4 - 5", 0, &row, &err);
	tap_ok(row.ofullstandig && row.status == KR_TABELL_UNIQUE,
		   "003 finansnetto with relations: still incomplete, relations not applied");
	tap_is_i64(row.failed_relation, -1, "003 finansnetto with relations: no failed relation");
	kr_tabellrad_free(&row);

	read_row("Kommunbidrag 966 333 966 333 0 644 221 608 853 35 368", 6, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_AMBIGUOUS, "003 kommunbidrag: ambiguous without relations");
	tap_is_i64((int64_t) row.nsplits, 21, "003 kommunbidrag: 21 splits");
	kr_tabellrad_free(&row);

	read_row("Kommunbidrag 966 333 966 333 0 644 221 608 853 35 368", 6,
			 "3 = 2 - 1, 6 = 4 - 5", 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "003 kommunbidrag: unique with relations");
	tap_is_str(cand(&row, 0), "966333 966333 0 644221 608853 35368",
			   "003 kommunbidrag: 966333 966333 0 644221 608853 35368");
	kr_tabellrad_free(&row);

	read_row("Årets resultat 0 0 0 11 190 12 210 -1 020", 6, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "0 0 0 11190 12210 -1020", "003 årets resultat: -1 020 joins");
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "003 årets resultat: unique");
	kr_tabellrad_free(&row);
}

/* Seed 004: eight columns with percentages. */
static void
test_seed004(void)
{
	kr_tabellrad row;
	kr_tabell_error err;
	const char *prog = "Programnämnd 1 441 066 1 514 110 73 044 95% 2 223 040 2 271 167 48 127 98%";
	const char *gem = "Nämnd gemensamt 723 866 143 83% 1 057 1 300 243 81%";

	read_row(prog, 8, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "004 programnämnd: unique");
	tap_is_str(cand(&row, 0), "1441066 1514110 73044 95% 2223040 2271167 48127 98%",
			   "004 programnämnd: eight figures");
	tap_ok(row.candidates[0].values[3].percent && row.candidates[0].values[7].percent,
		   "004 programnämnd: columns 4 and 8 are percentages");
	tap_ok(!row.candidates[0].values[2].percent, "004 programnämnd: column 3 is not");
	tap_is_i64(row.candidates[0].values[3].mantissa, 95, "004 programnämnd: 95% has value 95");
	tap_is_i64(row.candidates[0].values[2].mantissa, 73044, "004 programnämnd: 73 044 joins across a leading 0");
	kr_tabellrad_free(&row);

	read_row(prog, 8, "3 = 2 - 1, 7 = 6 - 5", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "004 programnämnd: relations hold exactly");
	kr_tabellrad_free(&row);

	read_row(prog, 8, "4 = 1 / 2 %, 8 = 5 / 6 %", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "004 programnämnd: percentage relations hold");
	kr_tabellrad_free(&row);

	read_row(prog, 8, "4 = 2 / 1 %", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_NONE, "004 programnämnd: the inverted percentage fails");
	kr_tabellrad_free(&row);

	read_row("Programnämnd 1 441 066 1 514 110 73 044 95 % 2 223 040 2 271 167 48 127 98 %",
			 8, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "1441066 1514110 73044 95% 2223040 2271167 48127 98%",
			   "004 programnämnd: \"95 %\" with a space reads the same");
	tap_is_str(row.name, "Programnämnd", "004 programnämnd: spaced percent stays out of the name");
	kr_tabellrad_free(&row);

	read_row(gem, 8, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_AMBIGUOUS, "004 nämnd gemensamt: ambiguous without relations");
	tap_is_i64((int64_t) row.nsplits, 4, "004 nämnd gemensamt: 4 splits");
	tap_is_i64(row.ncandidates, 4, "004 nämnd gemensamt: 4 candidates kept");
	tap_is_str(cand(&row, 0), "723 866 143 83% 1057 1 300243 81%", "004 nämnd gemensamt: split 1");
	tap_is_str(cand(&row, 1), "723 866 143 83% 1057 1300 243 81%", "004 nämnd gemensamt: split 2");
	tap_is_str(cand(&row, 2), "723 866143 83% 1057 1 300 243 81%", "004 nämnd gemensamt: split 3");
	tap_is_str(cand(&row, 3), "723866 143 83% 1057 1 300 243 81%", "004 nämnd gemensamt: split 4");
	kr_tabellrad_free(&row);

	read_row(gem, 8, "3 = 2 - 1, 7 = 6 - 5", 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "004 nämnd gemensamt: unique with relations");
	tap_is_i64(row.ncandidates, 1, "004 nämnd gemensamt: one candidate kept");
	tap_is_str(cand(&row, 0), "723 866 143 83% 1057 1300 243 81%",
			   "004 nämnd gemensamt: 723 866 143 83% 1057 1300 243 81%");
	tap_is_i64(row.candidates[0].failed, 0, "004 nämnd gemensamt: no relation failed");
	kr_tabellrad_free(&row);

	/* nine columns (a "varav strukturell" column left empty): wrong reading */
	read_row(gem, 9, "3 = 2 - 1, 7 = 6 - 5", 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_NONE, "004 nämnd gemensamt K=9: none");
	tap_is_i64(row.failed_relation, 1, "004 nämnd gemensamt K=9: the second relation fails");
	tap_ok(has_text(row.message, "7 = 6 - 5"), "004 nämnd gemensamt K=9: message names 7 = 6 - 5");
	tap_is_i64(row.candidates[0].failed, 2, "004 nämnd gemensamt K=9: failed mask 2");
	kr_tabellrad_free(&row);

	read_row("Habiliteringsersättning -1 205 2 667 3 872 -45% 4 000 4 000 0 100%", 8,
			 "3 = 2 - 1, 4 = 1 / 2 %, 7 = 6 - 5, 8 = 5 / 6 %", 0, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "004 habilitering: unique");
	tap_is_str(cand(&row, 0), "-1205 2667 3872 -45% 4000 4000 0 100%",
			   "004 habilitering: negative percentage -45%");
	tap_is_i64(row.candidates[0].values[3].mantissa, -45, "004 habilitering: -45% has value -45");
	kr_tabellrad_free(&row);

	read_row("Ekonomisk avvikelse, egen verksamhet, mnkr -15,8 27,3 48,1 +-0", 4, NULL, 1, &row, &err);
	tap_is_str(row.name, "Ekonomisk avvikelse, egen verksamhet, mnkr", "004 +-0: name");
	tap_is_str(cand(&row, 0), "-15,8 27,3 48,1 0", "004 +-0: -15,8 27,3 48,1 0");
	tap_is_i64(row.candidates[0].values[0].mantissa, -158, "004 +-0: -15,8 has mantissa -158");
	tap_is_i64(row.candidates[0].values[3].mantissa, 0, "004 +-0: +-0 is zero");
	kr_tabellrad_free(&row);
}

/* Signs, spaces and other spellings. */
static void
test_spellings(void)
{
	kr_tabellrad row;
	kr_tabell_error err;

	read_row("Resultat \xe2\x80\x93" "1 234 \xe2\x88\x92" "5 678 +-0 \xc2\xb1" "0", 4, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_UNIQUE, "en dash, minus sign, +-0, ±0: unique");
	tap_is_str(cand(&row, 0), "-1234 -5678 0 0", "en dash, minus sign, +-0, ±0: -1234 -5678 0 0");
	kr_tabellrad_free(&row);

	read_row("Netto 1\xc2\xa0" "441\xe2\x80\xaf" "066 2\xe2\x80\x89" "223", 2, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "1441066 2223", "no-break, narrow and thin spaces separate groups");
	kr_tabellrad_free(&row);

	read_row("Netto\t12\t\t-3   ", 2, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "12 -3", "tabs and trailing spaces");
	kr_tabellrad_free(&row);

	read_row("\xef\xbb\xbfSumma 7", 1, NULL, 1, &row, &err);
	tap_is_str(row.name, "Summa", "a byte order mark is ignored");
	kr_tabellrad_free(&row);

	read_row("Resultat - 60", 1, NULL, 1, &row, &err);
	tap_is_str(row.name, "Resultat", "a dash apart from the first figure after a label is its minus sign");
	tap_is_str(cand(&row, 0), "-60", "… so \"Resultat - 60\" reads -60");
	kr_tabellrad_free(&row);

	read_row("Belopp +5 943", 1, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "5943", "plus sign");
	kr_tabellrad_free(&row);

	read_row("Belopp 1 234,5 12", 2, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "1234,5 12", "decimal part on a continuation group");
	kr_tabellrad_free(&row);

	read_row("Andel 85,71 % 75 %", 2, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "85,71% 75%", "decimal percentage with a spaced %");
	tap_is_i64(row.candidates[0].values[0].scale, 2, "85,71%: scale 2");
	kr_tabellrad_free(&row);

	read_row("Andel 20 % %", 1, NULL, 1, &row, &err);
	tap_is_i64(row.ngroups, 0, "a second % ends the tail");
	tap_is_str(row.name, "Andel 20 % %", "a second % makes the words text");
	kr_tabellrad_free(&row);

	read_row("Bokslut 1519 2023", 2, NULL, 1, &row, &err);
	tap_is_str(cand(&row, 0), "1519 2023", "four-digit groups stand alone");
	kr_tabellrad_free(&row);

	read_row("Uppdrag 1.1 5", 1, NULL, 1, &row, &err);
	tap_is_str(row.name, "Uppdrag 1.1", "a point is not a decimal sign");
	kr_tabellrad_free(&row);

	read_row("Belopp 123456789012345678", 1, NULL, 1, &row, &err);
	tap_is_i64(row.candidates[0].values[0].mantissa, 123456789012345678LL, "18 digits fit");
	kr_tabellrad_free(&row);

	read_row("Belopp 0,05", 1, NULL, 1, &row, &err);
	tap_ok(row.candidates[0].values[0].mantissa == 5 && row.candidates[0].values[0].scale == 2,
		   "0,05 is mantissa 5, scale 2");
	kr_tabellrad_free(&row);

	read_row("", 3, NULL, 1, &row, &err);
	tap_ok(row.status == KR_TABELL_NONE && row.ofullstandig && row.ngroups == 0,
		   "empty line: no figures");
	tap_is_str(row.name, "", "empty line: empty name");
	kr_tabellrad_free(&row);
}

/* Lines that cannot be read into K numbers. */
static void
test_unreadable(void)
{
	kr_tabellrad row;
	kr_tabell_error err;

	read_row("Foo 066 1", 2, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_NONE, "leading zero at the start: none");
	tap_is_i64(row.min_numbers, -1, "leading zero at the start: unreadable");
	tap_ok(has_text(row.message, "\"066\""), "leading zero at the start: message names 066");
	kr_tabellrad_free(&row);

	read_row("Foo 1 2 3 4 5", 3, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_NONE, "too many figures: none");
	tap_is_i64(row.min_numbers, 5, "too many figures: at least 5");
	tap_ok(has_text(row.message, "at least 5"), "too many figures: message");
	kr_tabellrad_free(&row);

	read_row("Foo 1 000 000 000 000 000 000", 1, NULL, 1, &row, &err);
	tap_is_i64(row.status, KR_TABELL_NONE, "a forced join beyond 18 digits: none");
	tap_ok(has_text(row.message, "18 digits"), "a forced join beyond 18 digits: message");
	kr_tabellrad_free(&row);

	read_row("Foo 100 100 100 100 100 100 100 100 100 100 100 100 100 100 100 "
			 "100 100 100 100 100 100 100 100 100 100 100 100 100 100 100", 15, NULL, 1, &row, &err);
	tap_ok(row.nsplits > 1000000 && !row.truncated,
		   "thirty free groups into 15: millions of splits, counted exactly");
	tap_is_i64(row.status, KR_TABELL_AMBIGUOUS, "thirty free groups: ambiguous");
	tap_is_i64(row.ncandidates, KR_TABELL_MAX_CANDIDATES, "thirty free groups: candidates capped");
	tap_is_str(cand(&row, 0), "100 100 100 100 100 100 100 100 100 100 100 100 "
			   "100100100100100100 100100100100100100 100100100100100100",
			   "thirty free groups: the first split keeps early numbers short, none over 18 digits");
	kr_tabellrad_free(&row);

	read_row("Foo 100 100 100 100 100 100 100 100 100 100 100 100 100 100 100 "
			 "100 100 100 100 100 100 100 100 100 100 100 100 100 100 100", 15, "1 = 1", 1, &row, &err);
	tap_ok(row.truncated, "thirty free groups with a relation that always holds: step limit");
	tap_is_i64(row.status, KR_TABELL_AMBIGUOUS, "thirty free groups at the step limit: ambiguous");
	tap_ok(has_text(row.message, "step limit"), "thirty free groups at the step limit: message");
	kr_tabellrad_free(&row);

	read_row("Foo 100 100 100 100 100 100 100 100 100 100 100 100 100 100 100 "
			 "100 100 100 100 100 100 100 100 100 100 100 100 100 100 100", 15, "3 = 1 + 2", 1, &row, &err);
	tap_ok(!row.truncated, "thirty free groups, 3 = 1 + 2: the relation cuts the search short");
	tap_is_i64(row.nsatisfying, 0, "thirty free groups, 3 = 1 + 2: no split balances");
	tap_is_i64(row.status, KR_TABELL_NONE, "thirty free groups, 3 = 1 + 2: none");
	tap_is_i64(row.failed_relation, 0, "thirty free groups, 3 = 1 + 2: relation 1 failed");
	kr_tabellrad_free(&row);
}

/* Error reporting. */
static void
test_errors(void)
{
	kr_tabellrad row;
	kr_tabell_error err;
	kr_tabell_relations rels;
	kr_tabell_options opts = {4, NULL, 1};
	char	   *big;
	int			rc;

	rc = read_row("Summa \xff 1", 1, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ENCODING, "invalid UTF-8: error");
	tap_is_i64((int64_t) err.offset, 6, "invalid UTF-8: offset 6");
	tap_ok(has_text(err.message, "UTF-8"), "invalid UTF-8: message");
	kr_tabellrad_free(&row);

	rc = read_row("Summa \xc0\xaf 1", 1, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ENCODING, "overlong UTF-8: error");
	rc = read_row("Summa \xed\xa0\x80 1", 1, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ENCODING, "UTF-8 surrogate: error");
	rc = read_row("Summa \xe2\x80", 1, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ENCODING, "truncated UTF-8: error");

	rc = kr_tabell_read_line("Summa\0 1", 8, &opts, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ENCODING, "NUL byte: error");
	tap_ok(has_text(err.message, "NUL"), "NUL byte: message");

	rc = read_row("Summa 1", 0, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ARGUMENT, "K = 0: error");
	tap_ok(has_text(err.message, "out of range"), "K = 0: message");
	rc = read_row("Summa 1", 65, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ARGUMENT, "K = 65: error");
	rc = read_row("Summa 1", 64, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_OK, "K = 64: accepted");
	tap_ok(row.ofullstandig, "K = 64: one figure is incomplete");
	kr_tabellrad_free(&row);
	rc = read_row("Summa 1", 1, NULL, -1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ARGUMENT, "negative tolerance: error");

	rc = read_row("Summa 1234567890123456789", 1, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_NUMBER_TOO_LONG, "19 digits: number too long");
	tap_ok(has_text(err.message, "number too long"), "19 digits: message");
	tap_is_i64((int64_t) err.offset, 6, "19 digits: offset 6");
	rc = read_row("Summa 0,1234567890123456789", 1, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_NUMBER_TOO_LONG, "19 decimals: number too long");
	rc = read_row("Ref 12345678901234567890x 5", 1, NULL, 1, &row, &err);
	tap_is_i64(rc, KR_TABELL_OK, "a long digit run inside a label word is text");
	kr_tabellrad_free(&row);

	rc = kr_tabell_read_line("Summa 1\nSumma 2", 15, &opts, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ARGUMENT, "newline in a line: error");

	big = malloc(KR_TABELL_MAX_LINE_BYTES + 2);
	memset(big, 'a', KR_TABELL_MAX_LINE_BYTES + 1);
	big[KR_TABELL_MAX_LINE_BYTES + 1] = '\0';
	rc = kr_tabell_read_line(big, strlen(big), &opts, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_TOO_LONG, "line over the limit: error");
	{
		kr_tabell_block b;

		rc = kr_tabell_read_block(big, strlen(big), &opts, &b, &err);
		tap_is_i64(rc, KR_TABELL_ERR_TOO_LONG, "block line over the limit: error");
		tap_is_i64(err.line, 1, "block line over the limit: line 1");
		tap_ok(b.nrows == 0 && b.rows == NULL, "block after an error: empty");
	}
	free(big);

	rc = kr_tabell_read_line("Summa 1", 7, NULL, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ARGUMENT, "NULL options: error");
	rc = kr_tabell_read_line("Summa 1", 7, &opts, NULL, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ARGUMENT, "NULL row: error");

	rc = kr_tabell_parse_relations("3 = 2 - 1; 7 = 6 - 5\n8 = 5 / 6 %", 32, 8, &rels, &err);
	tap_is_i64(rc, KR_TABELL_OK, "relations: parsed");
	tap_is_i64(rels.count, 3, "relations: three");
	tap_ok(rels.relation[2].ratio && rels.relation[2].column[0] == 5 &&
		   rels.relation[2].column[1] == 6, "relations: the third is 5 / 6 %");
	{
		char		buf[64];

		kr_tabell_format_relation(&rels.relation[1], buf, sizeof(buf));
		tap_is_str(buf, "7 = 6 - 5", "relations: formatted");
		kr_tabell_format_relation(&rels.relation[2], buf, sizeof(buf));
		tap_is_str(buf, "8 = 5 / 6 %", "relations: ratio formatted");
		tap_is_i64(kr_tabell_format_relation(&rels.relation[1], buf, 4), -1,
				   "relations: short buffer");
	}
	rc = kr_tabell_parse_relations("3=-1-2", 6, 3, &rels, &err);
	tap_ok(rc == KR_TABELL_OK && rels.relation[0].sign[0] == -1 && rels.relation[0].sign[1] == -1,
		   "relations: a leading minus, no spaces");
	rc = kr_tabell_parse_relations("3 = 2 \xe2\x88\x92 1", 11, 3, &rels, &err);
	tap_ok(rc == KR_TABELL_OK && rels.relation[0].sign[1] == -1, "relations: U+2212 minus");
	rc = kr_tabell_parse_relations("", 0, 8, &rels, &err);
	tap_ok(rc == KR_TABELL_OK && rels.count == 0, "relations: empty text is no relation");
	rc = kr_tabell_parse_relations("3 = 2 -", 7, 8, &rels, &err);
	tap_is_i64(rc, KR_TABELL_ERR_RELATION, "relations: a dangling sign");
	rc = kr_tabell_parse_relations("9 = 1 - 2", 9, 8, &rels, &err);
	tap_is_i64(rc, KR_TABELL_ERR_RELATION, "relations: column 9 of 8");
	tap_ok(has_text(err.message, "column 9"), "relations: column 9 of 8, message");
	rc = kr_tabell_parse_relations("3 2 1", 5, 8, &rels, &err);
	tap_is_i64(rc, KR_TABELL_ERR_RELATION, "relations: no equals sign");
	rc = kr_tabell_parse_relations("4 = 1 / 2", 9, 8, &rels, &err);
	tap_is_i64(rc, KR_TABELL_ERR_RELATION, "relations: ratio without %");
	rc = kr_tabell_parse_relations("0 = 1 + 2", 9, 8, &rels, &err);
	tap_is_i64(rc, KR_TABELL_ERR_RELATION, "relations: column 0");
	rc = kr_tabell_parse_relations("3 = 2 * 1", 9, 8, &rels, &err);
	tap_is_i64(rc, KR_TABELL_ERR_RELATION, "relations: unknown operator");

	kr_tabell_parse_relations("8 = 6 - 7", 9, 8, &rels, &err);
	opts.relations = &rels;
	opts.ncolumns = 4;
	rc = kr_tabell_read_line("Summa 1 2 3 4", 13, &opts, &row, &err);
	tap_is_i64(rc, KR_TABELL_ERR_ARGUMENT, "relations for more columns than K: error");
	opts.relations = NULL;

	{
		kr_tabell_block b;
		const char *bad = "Summa 1 2 3 4\nRad 1 2\nRad \xfe\n";

		rc = kr_tabell_read_block(bad, strlen(bad), &opts, &b, &err);
		tap_is_i64(rc, KR_TABELL_ERR_ENCODING, "block with invalid UTF-8: error");
		tap_is_i64(err.line, 3, "block with invalid UTF-8: line 3");
		bad = "Summa 1 2 3 4\nRad 99999999999999999999\n";
		rc = kr_tabell_read_block(bad, strlen(bad), &opts, &b, &err);
		tap_is_i64(rc, KR_TABELL_ERR_NUMBER_TOO_LONG, "block with a 20-digit number: error");
		tap_is_i64(err.line, 2, "block with a 20-digit number: line 2");
		tap_ok(b.nrows == 0, "block with a 20-digit number: no rows left behind");
	}
}

/* Canonical formatting of values. */
static void
test_format(void)
{
	kr_tabell_value v;
	char		buf[KR_TABELL_VALUE_BUFSIZE];

	v.mantissa = -1172630;
	v.scale = 0;
	v.percent = false;
	kr_tabell_format_value(&v, true, buf, sizeof(buf));
	tap_is_str(buf, "-1 172 630", "format: grouped");
	kr_tabell_format_value(&v, false, buf, sizeof(buf));
	tap_is_str(buf, "-1172630", "format: ungrouped");
	v.mantissa = -5;
	v.scale = 2;
	kr_tabell_format_value(&v, true, buf, sizeof(buf));
	tap_is_str(buf, "-0,05", "format: -0,05");
	v.mantissa = 1234567;
	v.scale = 1;
	v.percent = true;
	kr_tabell_format_value(&v, true, buf, sizeof(buf));
	tap_is_str(buf, "123 456,7%", "format: grouped decimal percentage");
	v.mantissa = 0;
	v.scale = 1;
	v.percent = false;
	kr_tabell_format_value(&v, false, buf, sizeof(buf));
	tap_is_str(buf, "0,0", "format: 0,0");
	v.mantissa = -999999999999999999LL;
	v.scale = 0;
	tap_is_i64(kr_tabell_format_value(&v, true, buf, sizeof(buf)), 24, "format: 18 digits grouped");
	tap_is_str(buf, "-999 999 999 999 999 999", "format: 18 digits grouped text");
	tap_is_i64(kr_tabell_format_value(&v, true, buf, 10), -1, "format: buffer too small");
	v.scale = 19;
	tap_is_i64(kr_tabell_format_value(&v, true, buf, sizeof(buf)), -1, "format: scale 19 refused");
	v.scale = 0;
	v.mantissa = 1000000000000000000LL;
	tap_is_i64(kr_tabell_format_value(&v, true, buf, sizeof(buf)), -1, "format: 19 digits refused");
	tap_is_str(kr_tabell_status_name(KR_TABELL_AMBIGUOUS), "ambiguous", "status name");
}

/* Seed 001: a table whose numbers wrap over many lines. */
static void
test_block_001(void)
{
	static const char text[] =
	" 1 Uppföljning av driftsbudget \n"
	"Resultatredovisning i sammandrag \n"
	"\n"
	"mnkr Period Helår \n"
	"\n"
	" Utfall \n"
	"Budg\n"
	"\n"
	"et \n"
	"\n"
	"Avvi\n"
	"kels\n"
	"\n"
	"e \n"
	"\n"
	"Utfall \n"
	"fg år \n"
	"\n"
	"Progn\n"
	"os \n"
	"\n"
	"(Fg \n"
	"progn\n"
	"\n"
	"os) \n"
	"\n"
	"Budg\n"
	"et \n"
	"\n"
	"Boksl\n"
	"ut fg \n"
	"år \n"
	"\n"
	"Intäkter 1 068 957 111 1 048 1 281 1 281 1 281 1 463 \n"
	"\n"
	"Kostnader \n"
	"-5 \n"
	"\n"
	"943 \n"
	"-5 \n"
	"\n"
	"963 \n"
	"20 \n"
	"\n"
	"-5 \n"
	"750 \n"
	"\n"
	"-7 861 -7 859 \n"
	"-7 \n"
	"\n"
	"961 \n"
	"-7 708 \n"
	"\n"
	"Kommunbidr\n"
	"ag \n"
	"\n"
	"5 008 5 010 -2 4 681 6 680 6 678 6 680 6 242 \n"
	"\n"
	"Resultat 133 4 129 -22 100 100 0 -4 \n"
	"\n"
	"1.1 Utfall till och med perioden \n"
	"\n"
	"Utfall mot budget avviker med plus 129 miljoner kronor. Året utvecklas med \n";
	kr_tabell_block b;
	kr_tabell_error err;
	int			rc;

	rc = read_block(text, 8, "3 = 1 - 2", 1, &b, &err);
	tap_is_i64(rc, KR_TABELL_OK, "001 block: read ok");
	tap_is_i64(b.nrows, 4, "001 block: four rows");
	if (b.nrows == 4)
	{
		tap_is_str(b.rows[0].name, "Intäkter", "001 block: row 1 Intäkter");
		tap_is_i64(b.rows[0].line, 34, "001 block: Intäkter on line 34");
		tap_is_i64(b.rows[0].status, KR_TABELL_UNIQUE, "001 block: Intäkter unique by 3 = 1 - 2");
		tap_is_str(cand(&b.rows[0], 0), "1068 957 111 1048 1281 1281 1281 1463",
				   "001 block: Intäkter 1068 957 111 1048 1281 1281 1281 1463");
		tap_is_i64((int64_t) b.rows[0].nsplits, 15, "001 block: Intäkter has 15 splits");

		tap_is_str(b.rows[1].name, "Kostnader", "001 block: row 2 Kostnader");
		tap_is_i64(b.rows[1].line, 36, "001 block: Kostnader starts on line 36");
		tap_is_i64(b.rows[1].last_line, 52, "001 block: Kostnader ends on line 52");
		tap_is_i64(b.rows[1].status, KR_TABELL_UNIQUE, "001 block: Kostnader unique");
		tap_ok(!b.rows[1].ofullstandig, "001 block: Kostnader complete");
		tap_is_str(cand(&b.rows[1], 0), "-5943 -5963 20 -5750 -7861 -7859 -7961 -7708",
				   "001 block: Kostnader -5943 -5963 20 -5750 -7861 -7859 -7961 -7708");

		tap_is_str(b.rows[2].name, "Kommunbidr ag", "001 block: the broken word stays broken");
		tap_is_i64(b.rows[2].line, 54, "001 block: Kommunbidrag starts on line 54");
		tap_is_i64(b.rows[2].last_line, 57, "001 block: Kommunbidrag ends on line 57");
		tap_is_str(cand(&b.rows[2], 0), "5008 5010 -2 4681 6680 6678 6680 6242",
				   "001 block: Kommunbidrag 5008 5010 -2 4681 6680 6678 6680 6242");
		tap_is_i64(b.rows[2].status, KR_TABELL_UNIQUE, "001 block: Kommunbidrag unique");

		tap_is_str(b.rows[3].name, "Resultat", "001 block: row 4 Resultat");
		tap_is_i64(b.rows[3].line, 59, "001 block: Resultat on line 59");
		tap_is_str(cand(&b.rows[3], 0), "133 4 129 -22 100 100 0 -4",
				   "001 block: Resultat 133 4 129 -22 100 100 0 -4");
		tap_is_i64(b.rows[3].status, KR_TABELL_UNIQUE, "001 block: Resultat unique");
	}
	kr_tabell_block_free(&b);

	rc = read_block(text, 8, NULL, 1, &b, &err);
	tap_ok(rc == KR_TABELL_OK && b.nrows == 4 && b.rows[0].status == KR_TABELL_AMBIGUOUS &&
		   b.rows[0].ncandidates == 15, "001 block without relations: Intäkter ambiguous, 15 candidates");
	tap_ok(b.nrows == 4 && b.rows[1].status == KR_TABELL_UNIQUE,
		   "001 block without relations: Kostnader still unique");
	kr_tabell_block_free(&b);
	kr_tabell_block_free(&b);
	tap_ok(b.nrows == 0 && b.rows == NULL, "block free twice is harmless");
}

/* Seed 000: a table with headings, codes and published rounding. */
static void
test_block_000(void)
{
	static const char text[] =
	" Ekonomi \n"
	"\n"
	"Resultat per sista maj 2023 \n"
	"\n"
	"Driftsammandrag, netto mnkr \n"
	"\n"
	"Redovisat jan.-maj \n"
	"2023 \n"
	"\n"
	"Budget jan.-maj \n"
	"2023  \n"
	"\n"
	"Avvikelse \n"
	"Redovisat \n"
	"\n"
	"samma period \n"
	"föregående år \n"
	"\n"
	"Verksamhet \n"
	"\n"
	" \n"
	"\n"
	"100 - Nämnd- och styrelseverksamhet 1 1 0 1 \n"
	"\n"
	"509 - Hemtjänst 187 187 0 191 \n"
	"\n"
	"510 - Vård och Omsorg om äldre 55 61 5 41 \n"
	"\n"
	"511 - Vårdboende 350 362 12 345 \n"
	"\n"
	"512 - Hemsjukvård 46 46 -1 41 \n"
	"\n"
	"520 - Insatser personer m funkt.nedsättn 1 1 0 1 \n"
	"\n"
	"922 - Social- och omsorgsförvaltningen 17 17 0 0 \n"
	"\n"
	"- 0 0 0 0 \n"
	"\n"
	"Summa nettokostnader 657 674 16 619 \n"
	"\n"
	" \n";
	kr_tabell_block b;
	kr_tabell_error err;
	int			rc;
	int			complete = 0;

	rc = read_block(text, 4, "3 = 2 - 1", 1, &b, &err);
	tap_is_i64(rc, KR_TABELL_OK, "000 block: read ok");
	tap_is_i64(b.nrows, 12, "000 block: twelve rows (three of them headings with a year)");
	if (b.nrows == 12)
	{
		tap_is_str(b.rows[0].name, "Resultat per sista maj", "000 block: heading with a year");
		tap_ok(b.rows[0].ofullstandig, "000 block: heading with a year is incomplete");
		tap_is_str(b.rows[1].name, "Redovisat jan.-maj", "000 block: wrapped heading");
		tap_is_i64(b.rows[1].line, 7, "000 block: wrapped heading starts on line 7");
		tap_is_i64(b.rows[1].last_line, 8, "000 block: wrapped heading ends on line 8");
		tap_is_str(cand(&b.rows[1], 0), "2023", "000 block: wrapped heading's year");
		tap_is_str(b.rows[3].code, "100", "000 block: row 100");
		tap_is_i64(b.rows[3].line, 23, "000 block: row 100 on line 23");
		tap_is_str(b.rows[5].code, "510", "000 block: row 510");
		tap_is_i64(b.rows[5].status, KR_TABELL_UNIQUE, "000 block: row 510 within rounding");
		tap_is_str(cand(&b.rows[6], 0), "350 362 12 345", "000 block: row 511");
		tap_is_str(cand(&b.rows[7], 0), "46 46 -1 41", "000 block: row 512");
		tap_is_str(b.rows[10].name, "-", "000 block: the empty row");
		tap_is_str(b.rows[11].name, "Summa nettokostnader", "000 block: summa");
		tap_is_str(cand(&b.rows[11], 0), "657 674 16 619", "000 block: summa 657 674 16 619");
		tap_is_i64(b.rows[11].status, KR_TABELL_UNIQUE, "000 block: summa within rounding");
		for (int i = 0; i < b.nrows; i++)
			if (!b.rows[i].ofullstandig && b.rows[i].status == KR_TABELL_UNIQUE)
				complete++;
		tap_is_i64(complete, 9, "000 block: nine complete unique rows");
	}
	kr_tabell_block_free(&b);

	rc = read_block(text, 4, "3 = 2 - 1", 0, &b, &err);
	tap_ok(rc == KR_TABELL_OK && b.nrows == 12 &&
		   b.rows[5].status == KR_TABELL_NONE && b.rows[11].status == KR_TABELL_NONE &&
		   b.rows[7].status == KR_TABELL_NONE && b.rows[6].status == KR_TABELL_UNIQUE,
		   "000 block tolerance 0: the rounded rows 510, 512 and summa fail");
	kr_tabell_block_free(&b);
}

/* Wrapped labels, hyphenation and incomplete rows in blocks. */
static void
test_block_labels(void)
{
	kr_tabell_block b;
	kr_tabell_error err;
	const char *t;

	t = "Investeringar \n\n1250 - Pågående \ninvesteringar, trattinläsning 0,0 11,3 11,3 0,0 \n\n \n";
	read_block(t, 4, NULL, 1, &b, &err);
	tap_is_i64(b.nrows, 1, "000 investment: one row");
	if (b.nrows == 1)
	{
		tap_is_str(b.rows[0].code, "1250", "000 investment: code 1250");
		tap_is_str(b.rows[0].name, "Pågående investeringar, trattinläsning",
				   "000 investment: the wrapped label is joined");
		tap_is_str(cand(&b.rows[0], 0), "0,0 11,3 11,3 0,0", "000 investment: 0,0 11,3 11,3 0,0");
		tap_is_i64(b.rows[0].line, 3, "000 investment: starts on line 3");
		tap_is_i64(b.rows[0].last_line, 4, "000 investment: ends on line 4");
	}
	kr_tabell_block_free(&b);

	t = "Kommunbidrag 2 224 613 2 384 841 2 348 841\n"
		"Disposition av ackumulerat re-\nsultat \n\n  1 200 \n"
		"Intäkter 387 516 390 000 374 614\n";
	read_block(t, 3, NULL, 1, &b, &err);
	tap_is_i64(b.nrows, 3, "002 result table: three rows");
	if (b.nrows == 3)
	{
		tap_is_str(b.rows[1].name, "Disposition av ackumulerat resultat",
				   "002: the soft hyphen is removed");
		tap_ok(b.rows[1].ofullstandig, "002: disposition is incomplete");
		tap_is_i64(b.rows[1].status, KR_TABELL_AMBIGUOUS, "002: 1 200 reads two ways");
		tap_is_str(cand(&b.rows[1], 0), "1 200", "002: first reading 1, 200");
		tap_is_str(cand(&b.rows[1], 1), "1200", "002: second reading 1200");
		tap_is_i64(b.rows[1].line, 2, "002: disposition starts on line 2");
		tap_is_i64(b.rows[1].last_line, 5, "002: disposition ends on line 5");
		tap_is_str(cand(&b.rows[0], 0), "2224613 2384841 2348841", "002: kommunbidrag");
		tap_is_i64(b.rows[2].status, KR_TABELL_AMBIGUOUS, "002: intäkter is ambiguous");
		tap_is_i64((int64_t) b.rows[2].nsplits, 6, "002: intäkter has 6 splits");
		tap_is_str(cand(&b.rows[2], 0), "387 516 390000374614", "002: intäkter, first split");
		tap_is_str(cand(&b.rows[2], 3), "387516 390000 374614", "002: intäkter, the published split");
	}
	kr_tabell_block_free(&b);

	t = "Hälso-\noch sjukvård 5\n";
	read_block(t, 1, NULL, 1, &b, &err);
	tap_ok(b.nrows == 1 && strcmp(b.rows[0].name, "Hälso- och sjukvård") == 0,
		   "a hyphen before \"och\" is kept");
	kr_tabell_block_free(&b);

	t = "Kommunbidrag 966 333 966 333 0 644 221 608 853 35 368\n\n"
		"Finansnetto 0 -4 9 -13\n\n"
		"Årets resultat 0 0 0 11 190 12 210 -1 020\n";
	read_block(t, 6, "3 = 2 - 1, 6 = 4 - 5", 1, &b, &err);
	tap_is_i64(b.nrows, 3, "003 block: three rows");
	if (b.nrows == 3)
	{
		tap_is_i64(b.rows[0].status, KR_TABELL_UNIQUE, "003 block: kommunbidrag unique");
		tap_ok(b.rows[1].ofullstandig, "003 block: finansnetto incomplete");
		tap_is_str(cand(&b.rows[1], 0), "0 -4 9 -13", "003 block: finansnetto figures as printed");
		tap_is_i64(b.rows[1].line, 3, "003 block: finansnetto on line 3");
		tap_is_str(cand(&b.rows[2], 0), "0 0 0 11190 12210 -1020", "003 block: årets resultat");
	}
	kr_tabell_block_free(&b);

	t = "Rad 1 2\n3 4\n5 6\n";
	read_block(t, 4, NULL, 1, &b, &err);
	tap_ok(b.nrows == 2 && b.rows[0].last_line == 2 && b.rows[1].line == 3 &&
		   strcmp(b.rows[1].name, "") == 0,
		   "numbers-only lines join until K figures, then start a row of their own");
	kr_tabell_block_free(&b);

	t = "Rad 1 2 3 -7\n708\n";
	read_block(t, 4, NULL, 1, &b, &err);
	tap_ok(b.nrows == 1 && strcmp(cand(&b.rows[0], 0), "1 2 3 -7708") == 0,
		   "a full row still takes a group that continues its last number");
	kr_tabell_block_free(&b);

	t = "Rubrik\r\nRad 1 2\r\n";
	read_block(t, 2, NULL, 1, &b, &err);
	tap_ok(b.nrows == 1 && strcmp(b.rows[0].name, "Rad") == 0 && b.rows[0].line == 2,
		   "CRLF line ends");
	kr_tabell_block_free(&b);

	read_block("", 2, NULL, 1, &b, &err);
	tap_ok(b.nrows == 0 && b.rows == NULL, "empty block: no rows");
	read_block("\n\n   \n", 2, NULL, 1, &b, &err);
	tap_ok(b.nrows == 0, "blank block: no rows");
	kr_tabell_block_free(&b);
	read_block("a\nb\nc\nd\ne\nf 1\n", 1, NULL, 1, &b, &err);
	tap_ok(b.nrows == 1 && strcmp(b.rows[0].name, "e f") == 0,
		   "a label continues over at most four lines");
	kr_tabell_block_free(&b);
}


/* The figures of a row's decided reading, "_" for an empty cell; "" if none. */
static const char *
decided(const kr_tabellrad *row)
{
	static char buf[512];
	const kr_tabell_value *v;
	int			nv = 0;
	size_t		len = 0;

	buf[0] = '\0';
	v = kr_tabellrad_values(row, &nv);
	for (int i = 0; v != NULL && i < nv; i++)
	{
		char		one[KR_TABELL_VALUE_BUFSIZE];

		if (v[i].empty)
			strcpy(one, "_");
		else
			kr_tabell_format_value(&v[i], false, one, sizeof(one));
		len += (size_t) snprintf(buf + len, sizeof(buf) - len, "%s%s", i > 0 ? " " : "", one);
	}
	return buf;
}

/*
 * Typography of published tables beyond the seeds: a minus printed as a
 * dash and a space before every figure, empty cells printed as a dash,
 * parentheses for negatives, footnote marks, text cells after the figures.
 * Each expected reading is worked out by hand from the relation.
 */
static void
test_typography(void)
{
	kr_tabellrad row;
	kr_tabell_error err;
	kr_tabell_block b;

	/* "Revision – 614 – 9 1,6 % – 620 6": outcome, deviation, share, budget, 5 = 1 - 4 */
	read_row("Revision \xe2\x80\x93 614 \xe2\x80\x93 9 1,6 % \xe2\x80\x93 620 6", 5, "5 = 1 - 4", 1, &row, &err);
	tap_is_str(row.name, "Revision", "an en dash and a space before every figure: the label is Revision");
	tap_is_str(decided(&row), "-614 -9 1,6% -620 6", "… and the figures are -614 -9 1,6% -620 6 (-614 - -620 = 6)");
	kr_tabellrad_free(&row);
	read_row("Revision \xe2\x80\x93 614 \xe2\x80\x93 9 1,6 % \xe2\x80\x93 620 6", 5, NULL, 1, &row, &err);
	tap_is_str(decided(&row), "-614 -9 1,6% -620 6", "without the relation the dashes before figures are minus signs");
	kr_tabellrad_free(&row);

	/* every dash */
	read_row("Kultur \xe2\x80\x94 12 \xe2\x80\x90 3 \xe2\x88\x92 4 - 5 \xe2\x80\x92 6", 5, NULL, 1, &row, &err);
	tap_is_str(decided(&row), "-12 -3 -4 -5 -6", "em dash, hyphen, minus sign, hyphen-minus, figure dash apart: all minus");
	kr_tabellrad_free(&row);

	/* a dash in an empty cell: last, or before another dash */
	read_row("Bidrag 1 507 \xe2\x80\x93", 2, NULL, 1, &row, &err);
	tap_is_str(decided(&row), "1507 _", "a dash after the last figure is an empty cell");
	kr_tabellrad_free(&row);
	read_row("Bidrag - - 12", 3, NULL, 1, &row, &err);
	tap_is_str(decided(&row), "_ -12", "a dash before a dash is an empty cell; the row has 2 of 3 (ofullstandig)");
	tap_ok(row.ofullstandig, "… incomplete");
	kr_tabellrad_free(&row);

	/*
	 * "– 50 50 0" in four columns with 4 = 3 - 2: the dash is an empty
	 * first cell (50 - 50 = 0); read as a minus the row has three figures.
	 * With the relation only the empty cell gives four columns.
	 */
	read_row("Lokaler \xe2\x80\x93 50 50 0", 4, "4 = 3 - 2", 1, &row, &err);
	tap_is_str(decided(&row), "_ 50 50 0", "with relations a dash before a figure may be an empty cell");
	kr_tabellrad_free(&row);
	/*
	 * "– 1 234 233" in three columns: [-1, 234, 233] or [–, 1 234, 233];
	 * 3 = 1 + 2 holds for the first only (233 = -1 + 234).
	 */
	read_row("Lokaler \xe2\x80\x93 1 234 233", 3, "3 = 1 + 2", 0, &row, &err);
	tap_is_str(decided(&row), "-1 234 233", "the relation decides between dash-as-sign and dash-as-cell");
	kr_tabellrad_free(&row);
	/* and where the relation cannot tell, the row stays unsure */
	read_row("Lokaler \xe2\x80\x93 10 10 0 -", 4, "3 = 2 - 1", 1, &row, &err);
	tap_ok(row.status != KR_TABELL_UNIQUE, "an undecidable dash leaves the row unsure, not read");
	kr_tabellrad_free(&row);

	/* grouped and ungrouped figures in one table */
	read_row("Hemtjänst 1507 1 796 289", 3, "3 = 2 - 1", 1, &row, &err);
	tap_is_str(decided(&row), "1507 1796 289", "1507 beside 1 796: 289 = 1796 - 1507");
	kr_tabellrad_free(&row);

	/* parentheses for negatives */
	read_row("Finansnetto (5 943) 1 200 (4 743)", 3, "3 = 1 + 2", 1, &row, &err);
	tap_is_str(decided(&row), "-5943 1200 -4743", "(5 943) and (4 743) are negative");
	kr_tabellrad_free(&row);
	read_row("Finansnetto (12) 3", 2, NULL, 1, &row, &err);
	tap_is_str(decided(&row), "-12 3", "(12) is -12");
	kr_tabellrad_free(&row);
	read_row("Resultat (nya underskott 2021) 4 700", 1, NULL, 1, &row, &err);
	tap_is_str(row.name, "Resultat (nya underskott 2021)", "a closing parenthesis without its opening one is label text");
	tap_is_str(decided(&row), "4700", "… and the figure is 4 700");
	kr_tabellrad_free(&row);

	/* footnote marks */
	read_row("Hemtjänst\xc2\xb9 12 345* 12 000 345\xc2\xb2", 3, "3 = 1 - 2", 1, &row, &err);
	tap_is_str(row.name, "Hemtjänst\xc2\xb9", "a footnote mark after a label stays in the label");
	tap_is_str(decided(&row), "12345 12000 345", "12 345* and 345² are figures with footnote marks");
	kr_tabellrad_free(&row);
	read_row("Summa 12* 345", 1, NULL, 1, &row, &err);
	tap_ok(row.status != KR_TABELL_UNIQUE || strcmp(decided(&row), "12345") != 0,
		   "a footnote mark ends a figure: 12* 345 is not 12 345");
	kr_tabellrad_free(&row);

	/* text cells after the figures */
	read_row("Nettokostnadsavvikelse, LSS, procent -1,9 -2,8 I balans I balans", 4, NULL, 1, &row, &err);
	tap_is_str(row.name, "Nettokostnadsavvikelse, LSS, procent", "text cells after the figures are not the label");
	tap_is_str(decided(&row), "-1,9 -2,8", "… and the row has the two printed figures (ofullstandig)");
	kr_tabellrad_free(&row);
	read_row("Utfall 2019 Utfall 2020 Prognos", 2, NULL, 1, &row, &err);
	tap_ok(row.ngroups == 0, "a heading of years and words has no figures");
	kr_tabellrad_free(&row);
	read_block("Utfall mot budget avviker med plus 129 miljoner kronor. Året utvecklas\n", 2, NULL, 1, &b, &err);
	tap_is_i64(b.nrows, 0, "prose that has one figure before its words is not a row");
	kr_tabell_block_free(&b);

	/* a tab or two spaces never join digit groups */
	read_row("Netto 1  634", 2, NULL, 1, &row, &err);
	tap_is_str(decided(&row), "1 634", "two spaces separate two figures");
	kr_tabellrad_free(&row);
}

/* Run every test. */
int
main(void)
{
	test_seed000_summa();
	test_seed000_code();
	test_seed000_rounding();
	test_seed003();
	test_seed004();
	test_spellings();
	test_typography();
	test_unreadable();
	test_errors();
	test_format();
	test_block_001();
	test_block_000();
	test_block_labels();
	return tap_done();
}
