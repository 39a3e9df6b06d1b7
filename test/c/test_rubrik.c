/*
 * test_rubrik.c -- unit tests for the header-line reader (rubrik_core)
 *
 * Each expected cut into headings is made by hand from the line, as a
 * reader of the printed table sees its columns; the lines are the header
 * forms of the seed reports and of published tables in general (glued
 * years, units in parentheses, labels over the first column, two-line
 * headers), and lines that must not be taken for a header.
 */
#include <stdlib.h>
#include <string.h>

#include "rubrik_core.h"
#include "tap.h"

/*
 * Read line and compare with the expected label (NULL: none), unit and
 * headings separated by "|" (NULL: the line is not a header).
 */
static void
check(const char *line, const char *label, const char *unit, const char *want, const char *name)
{
	kr_rubrik	r;
	int			rc = kr_rubrik_read(line, strlen(line), &r);
	char		got[2048] = "";
	char		what[256];

	if (want == NULL)
	{
		tap_ok(rc == 0 && r.nheadings == 0 && r.headings == NULL && r.label == NULL,
			   "%s: not a header", name);
		if (rc == 1)
			kr_rubrik_free(&r);
		return;
	}
	if (!tap_ok(rc == 1, "%s: a header", name))
		return;
	for (int i = 0; i < r.nheadings; i++)
	{
		if (i > 0)
			strcat(got, "|");
		strncat(got, r.headings[i], sizeof(got) - strlen(got) - 2);
	}
	snprintf(what, sizeof(what), "%s: headings", name);
	tap_is_str(got, want, what);
	{
		int64_t		n = 1;

		for (const char *c = want; *c; c++)
			n += *c == '|';
		snprintf(what, sizeof(what), "%s: count", name);
		tap_is_i64(r.nheadings, n, what);
	}
	snprintf(what, sizeof(what), "%s: label", name);
	tap_is_str(r.label, label, what);
	snprintf(what, sizeof(what), "%s: unit", name);
	tap_is_str(r.unit, unit, what);
	kr_rubrik_free(&r);
	tap_ok(r.headings == NULL && r.label == NULL && r.nheadings == 0, "%s: freed", name);
}

int
main(void)
{
	/* glued years, unit in parentheses, two headings alike */
	check("(tkr) Utfall2013 F\xc3\xb6r\xc3\xa4ndring 2012/2013 F\xc3\xb6r\xc3\xa4ndring 2012/2013 Budget 2013 Budget-avvikelse",
		  NULL, "tkr",
		  "Utfall 2013|F\xc3\xb6r\xc3\xa4ndring 2012/2013|F\xc3\xb6r\xc3\xa4ndring 2012/2013|Budget 2013|Budget-avvikelse",
		  "glued year, (tkr)");
	/* a year glued to the next heading */
	check("mnkr Int\xc3\xa4kter 2020Int\xc3\xa4kter 2021Kostnader 2020Kostnader 2021Nettokostnad 2021Budget 2021Avvikelse mot budget 2021",
		  NULL, "mnkr",
		  "Int\xc3\xa4kter 2020|Int\xc3\xa4kter 2021|Kostnader 2020|Kostnader 2021|Nettokostnad 2021|Budget 2021|Avvikelse mot budget 2021",
		  "year glued before a heading");
	/* the label headings the seeds print */
	check("Belopp i tkr Budget 2024 Prognos hel\xc3\xa5r ", "Belopp i", "tkr",
		  "Budget 2024|Prognos hel\xc3\xa5r", "seed 003: Belopp i tkr");
	check("Resultatr\xc3\xa4kning, tkr Bokslut 2022 Internbudget 2023 Utfall 2023 ", "Resultatr\xc3\xa4kning,", "tkr",
		  "Bokslut 2022|Internbudget 2023|Utfall 2023", "seed 002: a title with its unit");
	check("Nyckeltal Utfall 2019 Utfall 2020 Utfall 2021 Utfall 2022 Utfall 2023 ", "Nyckeltal", "",
		  "Utfall 2019|Utfall 2020|Utfall 2021|Utfall 2022|Utfall 2023", "seed 002: an unmarked first heading");
	check("Investeringar, mnkr Budget 2023 Utfall 2023 Avvikelse ", "Investeringar,", "mnkr",
		  "Budget 2023|Utfall 2023|Avvikelse", "seed 002: investments in mnkr");
	check("N\xc3\xa4mnd Prognos 2 Budget F\xc3\xb6rbrukat Avvikelse", "N\xc3\xa4mnd", "",
		  "Prognos 2|Budget|F\xc3\xb6rbrukat|Avvikelse", "seed 004: a forecast round");
	check("Intraprenader Prognos Budget Avvikelse Ing\xc3\xa5" "ende ack Iansp\xc3\xa5ktagande Nya Nya Prognos",
		  "Intraprenader", "",
		  "Prognos|Budget|Avvikelse|Ing\xc3\xa5" "ende ack|Iansp\xc3\xa5ktagande|Nya|Nya|Prognos",
		  "seed 004: eight headings, two unmarked");
	/* seed 004's second header line: commas join, "varav" continues */
	check("Belopp i tkr Jan-Aug, Utfall Jan-Aug, Budget Budget-Utfall Budget-Utfall % Hel\xc3\xa5r 2021 Budget 2021 Budget-Prognos Budget-Utfall % varav Strukturell",
		  "Belopp i", "tkr",
		  "Jan-Aug, Utfall|Jan-Aug, Budget|Budget-Utfall|Budget-Utfall %|Hel\xc3\xa5r 2021|Budget 2021|Budget-Prognos|Budget-Utfall % varav|Strukturell",
		  "seed 004: nine columns on the second line");
	check("Programn\xc3\xa4mndens egna verksamhet Del\xc3\xa5r 2 Del\xc3\xa5r 2 Del\xc3\xa5r 2 Del\xc3\xa5r 2 Prognos 2 Hel\xc3\xa5rsbudget Avvikelse Prognos 2 Covid-19 effekt",
		  "Programn\xc3\xa4mndens egna verksamhet", "",
		  "Del\xc3\xa5r 2|Del\xc3\xa5r 2|Del\xc3\xa5r 2|Del\xc3\xa5r 2|Prognos 2|Hel\xc3\xa5rsbudget|Avvikelse|Prognos 2|Covid-19 effekt",
		  "seed 004: nine columns on the first line");
	/* a second header line of years only */
	check("2022 2023 2022 2023", NULL, "", "2022|2023|2022|2023", "years only");
	{
		kr_rubrik	r;

		tap_ok(kr_rubrik_read("2022 2023", 9, &r) == 1 && r.years_only, "years only: flagged");
		kr_rubrik_free(&r);
		tap_ok(kr_rubrik_read("Budget 2023 Utfall 2023", 23, &r) == 1 && !r.years_only,
			   "headings with years: not years only");
		kr_rubrik_free(&r);
	}
	/* tertials, percent, dashes, abbreviations, capitals beyond ASCII */
	check("Prognos T2 Budget 2024 Avvik.", NULL, "", "Prognos T2|Budget 2024|Avvik.",
		  "tertial and an abbreviation");
	check("Utfall 2023 Budget 2023 Diff %", NULL, "", "Utfall 2023|Budget 2023|Diff %", "percent");
	check("Budget Utfall Budget - Utfall", NULL, "", "Budget|Utfall|Budget - Utfall", "a dash joins");
	check("\xc3\x85rsbudget 2024 Utfall \xc3\x96kning %", NULL, "",
		  "\xc3\x85rsbudget 2024|Utfall|\xc3\x96kning %", "capitals \xc3\x85 and \xc3\x96");
	check("TKR Budget Utfall", NULL, "tkr", "Budget|Utfall", "unit in capitals");
	check("Utfall\t2023\tBudget\xc2\xa0" "2023", NULL, "", "Utfall 2023|Budget 2023",
		  "tabs and a no-break space");
	check("Bokslut 2022/23 Budget 2023-24", NULL, "", "Bokslut 2022/23|Budget 2023-24", "split years");
	check("Intraprenader Prognos 2-2021 Budget 2021", "Intraprenader", "",
		  "Prognos 2-2021|Budget 2021", "round and year");
	check("F\xc3\xb6r\xc3\xa4ndring 2022\xe2\x80\x93" "2023 Budget 2023\xe2\x80\x93" "24", NULL, "",
		  "F\xc3\xb6r\xc3\xa4ndring 2022\xe2\x80\x93" "2023|Budget 2023\xe2\x80\x93" "24", "years joined by an en dash");
	check("Utfall 2022\xc3\x85rsbudget 2023Prognos T2", NULL, "",
		  "Utfall 2022|\xc3\x85rsbudget 2023|Prognos T2", "a year glued before a capital \xc3\x85");

	/* lines that are not headers */
	check("Revision \xe2\x80\x93 614 \xe2\x80\x93 9 1,6 % \xe2\x80\x93 620 6", NULL, NULL, NULL, "a row with dashes");
	check("Kommunbidrag 2 224 613 2 384 841 2 348 841", NULL, NULL, NULL, "a row of grouped figures");
	check("Budget och utfall redovisas per n\xc3\xa4mnd i tabellen nedan.", NULL, NULL, NULL, "a sentence");
	check("\xc3\x84ldreomsorg Hemtj\xc3\xa4nst", NULL, NULL, NULL, "two labels, unmarked");
	check("Summa", NULL, NULL, NULL, "one word");
	check("Budget", NULL, NULL, NULL, "one heading");
	check("", NULL, NULL, NULL, "empty line");
	check("   \t ", NULL, NULL, NULL, "white space");
	check("Utfall 2023 224", NULL, NULL, NULL, "a figure after a year");
	check("Budget 13 Utfall 2023", NULL, NULL, NULL, "a number beyond a round");
	/* a dash or minus sign glued to a figure makes it no text */
	check("Utfall 2023 \xe2\x88\x92" "5 Budget 2023", NULL, NULL, NULL, "a figure with a minus sign U+2212");
	check("Utfall 2023 \xe2\x80\x93" "614 Budget 2023", NULL, NULL, NULL, "a figure with an en dash");
	check("2023", NULL, NULL, NULL, "a lone year");
	check("tkr mnkr", NULL, NULL, NULL, "units only");
	{
		kr_rubrik	r;
		char	   *big = malloc(KR_RUBRIK_MAX_LINE_BYTES + 2);

		memset(big, 'a', KR_RUBRIK_MAX_LINE_BYTES + 1);
		big[KR_RUBRIK_MAX_LINE_BYTES + 1] = '\0';
		tap_ok(kr_rubrik_read(big, KR_RUBRIK_MAX_LINE_BYTES + 1, &r) == -1 && r.headings == NULL,
			   "a line over the limit: -1, nothing to free");
		tap_ok(kr_rubrik_read(NULL, 0, &r) == -1, "NULL line: -1");
		free(big);
	}
	{
		/* nine words in one heading: too long for a heading */
		const char *l = "Budget 2023 Utfall enligt de av fullm\xc3\xa4ktige antagna ramarna f\xc3\xb6r \xc3\xa5ret";
		kr_rubrik	r;

		tap_ok(kr_rubrik_read(l, strlen(l), &r) == 0, "a heading of more than eight words");
	}
	return tap_done();
}
