/*
 * test_sie_core.c -- unit tests of the SIE reader: fields, object lists,
 * amounts, encodings, vouchers and twins, and the sums of overlapping and
 * disjoint period balances.  Expected values are worked out by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "sie_core.h"
#include "tap.h"

/* Read all of text (in encoding enc, in chunks of step bytes); returns the
 * number of records, -1 on an error (err filled); calls f for each record. */
typedef void (*RecFn) (const SieRecord *rec, void *arg);

static int
read_all(const char *text, size_t len, SieEncoding enc, size_t step, RecFn f, void *arg, SieError *err)
{
	SieReader  *r = sie_reader_new(enc);
	const SieRecord *rec;
	int			n = 0,
				rc,
				finished = 0;
	size_t		pos = 0;

	for (;;)
	{
		if (pos < len)
		{
			size_t		k = len - pos < step ? len - pos : step;

			sie_reader_feed(r, text + pos, k);
			pos += k;
		}
		else
		{
			sie_reader_finish(r);
			finished = 1;
		}
		while ((rc = sie_reader_next(r, &rec, err)) == 1)
		{
			n++;
			if (f)
				f(rec, arg);
		}
		if (rc < 0)
		{
			sie_reader_free(r);
			return -1;
		}
		if (finished)
			break;
	}
	sie_reader_free(r);
	return n;
}

static SieRecord last;
static char last_konto[64], last_text[128], last_obj[4][32], last_qty[32];

static void
keep(const SieRecord *rec, void *arg)
{
	(void) arg;
	last = *rec;
	snprintf(last_konto, sizeof(last_konto), "%s", rec->konto ? rec->konto : "");
	snprintf(last_text, sizeof(last_text), "%s", rec->text ? rec->text : "");
	snprintf(last_qty, sizeof(last_qty), "%s", rec->quantity ? rec->quantity : "");
	for (int i = 0; i < rec->nobjects && i < 4; i++)
		snprintf(last_obj[i], sizeof(last_obj[i]), "%d=%s", rec->objects[i].dim, rec->objects[i].obj);
}

static int
one(const char *text, SieError *err)
{
	return read_all(text, strlen(text), SIE_ENC_UTF8, 1 << 20, keep, NULL, err);
}

static void
amounts(void)
{
	int64_t		v = 0;
	char		m[SIE_ERRMSG_LEN];

	tap_ok(sie_parse_amount("-1234.50", 8, &v, m) == SIE_OK && v == -123450, "amount -1234.50 is -123450 öre");
	tap_ok(sie_parse_amount("1234", 4, &v, m) == SIE_OK && v == 123400, "amount without decimals");
	tap_ok(sie_parse_amount("0.5", 3, &v, m) == SIE_OK && v == 50, "one decimal is tenths");
	tap_ok(sie_parse_amount("12.500", 6, &v, m) == SIE_OK && v == 1250, "a third decimal 0 is allowed");
	tap_ok(sie_parse_amount("12.505", 6, &v, m) == SIE_ERR_SYNTAX && strstr(m, "fraction") != NULL,
		   "a fraction of an öre is an error");
	tap_ok(sie_parse_amount("1 234.00", 8, &v, m) == SIE_ERR_SYNTAX, "no digit grouping");
	tap_ok(sie_parse_amount("12,50", 5, &v, m) == SIE_ERR_SYNTAX, "no decimal comma");
	tap_ok(sie_parse_amount("-", 1, &v, m) == SIE_ERR_SYNTAX, "a lone sign is no amount");
	tap_ok(sie_parse_amount("5.", 2, &v, m) == SIE_ERR_SYNTAX, "a point without decimals is no amount");
	tap_ok(sie_parse_amount("92233720368547758.07", 20, &v, m) == SIE_OK && v == INT64_MAX, "the largest amount");
	tap_ok(sie_parse_amount("-92233720368547758.07", 21, &v, m) == SIE_OK && v == -INT64_MAX, "the smallest amount");
	tap_ok(sie_parse_amount("92233720368547758.08", 20, &v, m) == SIE_ERR_RANGE, "one öre more is out of range");
	tap_ok(sie_parse_amount("99999999999999999999", 20, &v, m) == SIE_ERR_RANGE, "many digits are out of range");
}

static void
records(void)
{
	SieError	err;

	tap_ok(one("#TRANS 3010 {} 1.00\n", &err) == -1 && strstr(err.message, "outside a voucher") != NULL,
		   "#TRANS outside a voucher is an error");
	tap_ok(one("#VER A 1 20240105 \"x\"\n{\n\t#TRANS\t3010\t{1 \"100\" 6 \"P7\"}\t-250.00 \"\" \"Text \\\"citat\\\"\" 2.5\n}\n", &err) == 2
		   && last.kind == SIE_TRANS && strcmp(last_konto, "3010") == 0 && last.nobjects == 2
		   && strcmp(last_obj[0], "1=100") == 0 && strcmp(last_obj[1], "6=P7") == 0 && last.ore == -25000
		   && last.date.year == 2024 && last.date.month == 1 && last.date.day == 5
		   && strcmp(last_text, "Text \"citat\"") == 0 && strcmp(last_qty, "2.5") == 0 && last.counted,
		   "a transaction with tabs, both objects, an empty date (the voucher's), an escaped text and a quantity");
	tap_ok(one("#VER A 1 20240105\n{\n#TRANS 3010 {1 100 6 P7} 1\n}\n", &err) == 2 && last.nobjects == 2
		   && strcmp(last_obj[1], "6=P7") == 0, "unquoted objects");
	tap_ok(one("#VER A 1 20240105\n{\n#TRANS 3010 { } 1\n}\n", &err) == 2 && last.has_objects && last.nobjects == 0,
		   "{ } is an empty object list");
	tap_ok(one("#VER A 1 20240105\n{\n#TRANS 3010 {1 \"1\" 1 \"2\"} 1\n}\n", &err) == -1
		   && strstr(err.message, "twice") != NULL && err.line == 3, "a dimension twice is an error on its line");
	tap_ok(one("#VER A 1 20240105\n{\n#TRANS 3010 {1} 1\n}\n", &err) == -1, "a dimension without its object");
	tap_ok(one("#VER A 1 20240105\n{\n#TRANS 3010 {1 \"1\" 1\n}\n", &err) == -1 && err.code == SIE_ERR_SYNTAX
		   && strstr(err.text, "#TRANS 3010") != NULL, "an object list not closed; the error has the line's text");
	tap_ok(one("#VER A 1 20240105\n{\n#TRANS 3010 1.00\n}\n", &err) == -1 && strstr(err.message, "object list") != NULL,
		   "a transaction without its object list");
	tap_ok(one("#VER A 1 20240105\n#TRANS 3010 {} 1\n", &err) == -1 && strstr(err.message, "not followed by {") != NULL,
		   "a voucher without {");
	tap_ok(one("#VER A 1 20240105\n{\n#TRANS 3010 {} 1\n", &err) == -1 && strstr(err.message, "not closed") != NULL,
		   "a voucher not closed at the end of the file");
	tap_ok(one("#VER A 1 20240230\n", &err) == -1 && strstr(err.message, "voucher date") != NULL,
		   "30 February is not a date");
	tap_ok(one("#PSALDO 0 202413 3010 {} 1.00\n", &err) == -1, "month 13 is not a period");
	tap_ok(one("#PSALDO -1 202312 3010 {1 \"100\"} 1.00 3\n", &err) == 1 && last.kind == SIE_PSALDO
		   && last.arsnr == -1 && last.period_year == 2023 && last.period_month == 12 && last.ore == 100
		   && strcmp(last_qty, "3") == 0, "#PSALDO with year index -1 and a quantity");
	tap_ok(one("#RAR 0 20240101 20241231\n", &err) == 1 && last.kind == SIE_RAR && last.date2.month == 12, "#RAR");
	tap_ok(one("#UNDERDIM 21 \"Delprojekt\" 6\n", &err) == 1 && last.dim == 21 && last.superdim == 6
		   && strcmp(last_text, "Delprojekt") == 0, "#UNDERDIM");
	tap_ok(one("#KTYP 1930 X\n", &err) == -1, "an account type other than T S I K");
	tap_ok(one("#FLAGGA 0\n#PROSA \"odd \"quotes\"\n#SIETYP 4\n\r\n\x1a", &err) == 0,
		   "labels this reader does not return are skipped, blank lines and an end-of-file mark too");
	tap_ok(one("3010 {} 1\n", &err) == -1 && err.line == 1, "a line that is no record");
	tap_ok(one("#KONTO \"3010\" \"Försäljning\" extra fält\n", &err) == 1 && strcmp(last_text, "Försäljning") == 0,
		   "fields beyond a record's are ignored");
	tap_ok(one("#KONTO \"3010\"\"x\"\n", &err) == -1, "no space after a quoted string");
	tap_ok(one("\xEF\xBB\xBF#KONTO 3010 x\n", &err) == 1 && strcmp(last_konto, "3010") == 0, "a byte order mark");
	tap_ok(one("#KONTO 3010 \"\xC3\x28\"\n", &err) == -1 && strstr(err.message, "UTF-8") != NULL,
		   "invalid UTF-8 is an error");
}

static int	counted_sum;

static void
count_counted(const SieRecord *rec, void *arg)
{
	(void) arg;
	if (rec->kind == SIE_TRANS || rec->kind == SIE_RTRANS || rec->kind == SIE_BTRANS)
		counted_sum += rec->counted ? (int) (rec->ore / 100) : 0;
}

static void
twins(void)
{
	SieError	err;
	const char *t =
		"#VER A 1 20240105\n{\n"
		"#RTRANS 4010 {1 \"1\"} 5 20240105 \"ny\"\n"
		"#TRANS 4010 {1 \"1\"} 5 20240105 \"ny\"\n"	/* its twin: 0 */
		"#TRANS 4010 {1 \"1\"} 5 20240105 \"ny\"\n"	/* a second, real row: 5 */
		"#BTRANS 4010 {1 \"1\"} 100\n"				/* removed: 0 */
		"#RTRANS 4010 {1 \"1\"} 7\n"
		"#TRANS 4010 {1 \"2\"} 7\n"					/* not identical: counted */
		"}\n";

	counted_sum = 0;
	tap_ok(read_all(t, strlen(t), SIE_ENC_UTF8, 1 << 20, count_counted, NULL, &err) == 7 && counted_sum == 5 + 5 + 7 + 7,
		   "#RTRANS counts, its identical #TRANS twin does not, a #BTRANS does not (24)");
	/* the same in chunks of 1..7 bytes: lines split over chunks read the same */
	for (size_t step = 1; step <= 7; step += 3)
	{
		counted_sum = 0;
		tap_ok(read_all(t, strlen(t), SIE_ENC_UTF8, step, count_counted, NULL, &err) == 7 && counted_sum == 24,
			   "read in chunks of %zu bytes", step);
	}
}

static void
encodings(void)
{
	SieDetector d;
	char		desc[200];
	SieError	err;
	/* "#KONTO 5010 Löner" and "#FORMAT PC8" in three encodings */
	const char *u8 = "#FORMAT PC8\n#KONTO 5010 \"L\xC3\xB6ner \xC3\xA5\xC3\xA4\"\n";
	const char *pc8 = "#FORMAT PC8\n#KONTO 5010 \"L\x94ner \x86\x84\"\n";
	const char *w = "#FORMAT PC8\n#KONTO 5010 \"L\xF6ner \xE5\xE4\"\n";

	sie_detect_init(&d);
	sie_detect_feed(&d, (const unsigned char *) u8, strlen(u8));
	tap_ok(sie_detect_result(&d, desc, sizeof(desc)) == SIE_ENC_UTF8 && strstr(desc, "although #FORMAT PC8") != NULL,
		   "UTF-8 under #FORMAT PC8 is found and said: %s", desc);
	sie_detect_init(&d);
	sie_detect_feed(&d, (const unsigned char *) pc8, strlen(pc8));
	tap_ok(sie_detect_result(&d, desc, sizeof(desc)) == SIE_ENC_CP437, "CP437: %s", desc);
	sie_detect_init(&d);
	sie_detect_feed(&d, (const unsigned char *) w, 10);
	sie_detect_feed(&d, (const unsigned char *) w + 10, strlen(w) - 10);
	tap_ok(sie_detect_result(&d, desc, sizeof(desc)) == SIE_ENC_WIN1252, "Windows-1252 (fed in two parts): %s", desc);
	sie_detect_init(&d);
	sie_detect_feed(&d, (const unsigned char *) "#KONTO 1 x\n", 11);
	tap_ok(sie_detect_result(&d, desc, sizeof(desc)) == SIE_ENC_ASCII, "ASCII");
	{
		/* long ASCII lines (read eight bytes at a time), a #FORMAT line after
		 * them, fed whole and a byte at a time; a UTF-8 lead byte followed by
		 * ASCII is no UTF-8 */
		const char *lang = "#PROGRAM \"Ekonomisystemet med ett mycket langt namn\" 12.3\n  #FORMAT   PC8\n"
			"#KONTO 3010 \"Avgifter \xE5\xE4\"\n";
		const char *avbruten = "#KONTO 3010 \"\xC3 Avgifter och andra intakter\"\n";
		SieDetector e;
		char		desc2[200];

		sie_detect_init(&d);
		sie_detect_feed(&d, (const unsigned char *) lang, strlen(lang));
		sie_detect_init(&e);
		for (size_t i = 0; i < strlen(lang); i++)
			sie_detect_feed(&e, (const unsigned char *) lang + i, 1);
		tap_ok(sie_detect_result(&d, desc, sizeof(desc)) == SIE_ENC_WIN1252 && d.declared == 1 &&
			   memcmp(&d, &e, sizeof(d)) == 0 && sie_detect_result(&e, desc2, sizeof(desc2)) == SIE_ENC_WIN1252 &&
			   strcmp(desc, desc2) == 0,
			   "a #FORMAT after a long line is found, fed whole or a byte at a time alike: %s", desc);
		sie_detect_init(&d);
		sie_detect_feed(&d, (const unsigned char *) avbruten, strlen(avbruten));
		tap_ok(d.utf8_ok == 0 && sie_detect_result(&d, desc, sizeof(desc)) != SIE_ENC_UTF8,
			   "a UTF-8 lead byte followed by ASCII is not UTF-8: %s", desc);
	}

	tap_ok(read_all(pc8, strlen(pc8), SIE_ENC_CP437, 5, keep, NULL, &err) == 1
		   && strcmp(last_text, "L\xC3\xB6ner \xC3\xA5\xC3\xA4") == 0, "CP437 ö å ä become UTF-8");
	tap_ok(read_all(w, strlen(w), SIE_ENC_WIN1252, 5, keep, NULL, &err) == 1
		   && strcmp(last_text, "L\xC3\xB6ner \xC3\xA5\xC3\xA4") == 0, "Windows-1252 ö å ä become UTF-8");
	tap_ok(read_all("#KONTO 1 \"\x81\"\n", 14, SIE_ENC_WIN1252, 5, keep, NULL, &err) == -1,
		   "a byte Windows-1252 leaves undefined is an error");
}

/* sums_of: feed text into a SieSumma of the n unit dimensions dims */
static SieSumma *
sums_of(const char *text, const int *dims, int n, SieError *err)
{
	SieReader  *r = sie_reader_new(SIE_ENC_UTF8);
	SieSumma   *s = sie_summa_new(dims, n);
	const SieRecord *rec;
	int			rc;

	sie_reader_feed(r, text, strlen(text));
	sie_reader_finish(r);
	while ((rc = sie_reader_next(r, &rec, err)) == 1)
		if (sie_summa_add(s, rec, err) != SIE_OK)
		{
			rc = -1;
			break;
		}
	sie_reader_free(r);
	if (rc < 0 || sie_summa_finish(s, err) != SIE_OK)
	{
		sie_summa_free(s);
		return NULL;
	}
	return s;
}

/* sums: with unit dimension 1 */
static SieSumma *
sums(const char *text, SieError *err)
{
	static const int one[] = {1};

	return sums_of(text, one, 1, err);
}

/* the UTFALL cell of account and object (NULL = none), or a sentinel */
static int64_t
cell(SieSumma *s, SieCellKind kind, const char *konto, const char *obj)
{
	for (size_t i = 0; i < sie_summa_ncells(s); i++)
	{
		const SieCell *c = sie_summa_cell(s, i);

		if (c->kind == kind && strcmp(c->konto, konto) == 0 &&
			((obj == NULL && c->objekt == NULL) || (obj && c->objekt && strcmp(obj, c->objekt) == 0)))
			return c->ore;
	}
	return -999999;
}

static void
summing(void)
{
	SieError	err;
	SieSumma   *s;

	/* the account total and overlapping object rows (specification style):
	 * 1000 = 600 (unit 100) + 300 (unit 200) + 100 without a unit */
	s = sums("#PSALDO 0 202401 4010 {} 1000.00\n"
			 "#PSALDO 0 202401 4010 {1 \"100\"} 600.00\n"
			 "#PSALDO 0 202401 4010 {1 \"200\"} 300.00\n"
			 "#PSALDO 0 202401 4010 {6 \"P1\"} 700.00\n"
			 "#PSALDO 0 202401 4010 {1 \"100\" 6 \"P1\"} 500.00\n", &err);
	tap_ok(s && cell(s, SIE_CELL_UTFALL, "4010", "100") == 60000 && cell(s, SIE_CELL_UTFALL, "4010", "200") == 30000
		   && cell(s, SIE_CELL_UTFALL, "4010", NULL) == 10000 && sie_summa_ncells(s) == 3
		   && sie_summa_stats(s)->groups_total == 1,
		   "overlapping: units from the {1 x} rows, the rest of the total without a unit, projects not added");
	sie_summa_free(s);
	/* disjoint cells, no total: 500 + 100 for unit 100 */
	s = sums("#PSALDO 0 202401 4010 {1 \"100\" 6 \"P1\"} 500.00\n"
			 "#PSALDO 0 202401 4010 {1 \"100\"} 100.00\n"
			 "#PSALDO 0 202401 4010 {1 \"200\" 6 \"P2\"} 50.00\n", &err);
	tap_ok(s && cell(s, SIE_CELL_UTFALL, "4010", "100") == 60000 && cell(s, SIE_CELL_UTFALL, "4010", "200") == 5000
		   && sie_summa_ncells(s) == 2 && sie_summa_stats(s)->groups_cells == 1,
		   "disjoint cells are added up per unit");
	sie_summa_free(s);
	/* only combinations under a total: the fewest dimensions with the unit */
	s = sums("#PSALDO 0 202401 4010 {} 90.00\n"
			 "#PSALDO 0 202401 4010 {1 \"100\" 6 \"P1\"} 50.00\n"
			 "#PSALDO 0 202401 4010 {1 \"100\" 6 \"P2\"} 40.00\n", &err);
	tap_ok(s && cell(s, SIE_CELL_UTFALL, "4010", "100") == 9000 && sie_summa_ncells(s) == 1,
		   "overlapping without {1 x} rows: the combinations are added per unit, nothing left over");
	sie_summa_free(s);
	/* transactions win over #PSALDO; #RES, #IB, #UB are kept */
	s = sums("#RAR 0 20240101 20241231\n#PSALDO 0 202401 4010 {} 90.00\n#RES 0 4010 12.00\n#IB 0 1930 5\n"
			 "#VER A 1 20240110\n{\n#TRANS 4010 {1 \"100\"} 12.00\n#TRANS 1930 {} -12.00\n}\n", &err);
	tap_ok(s && sie_summa_stats(s)->from_trans && cell(s, SIE_CELL_UTFALL, "4010", "100") == 1200
		   && cell(s, SIE_CELL_UTFALL, "4010", NULL) == -999999 && cell(s, SIE_CELL_RES, "4010", NULL) == 1200
		   && cell(s, SIE_CELL_IB, "1930", NULL) == 500 && cell(s, SIE_CELL_UTFALL, "1930", NULL) == -1200,
		   "outcome from transactions, #PSALDO then unused; #RES and #IB kept");
	sie_summa_free(s);
	s = sums("#RAR 0 20240101 20241231\n#VER A 1 20230110\n{\n#TRANS 4010 {} 1\n}\n", &err);
	tap_ok(s == NULL && strstr(err.message, "no financial year") != NULL && err.line == 4,
		   "a transaction outside every #RAR year is an error on its line");
	s = sums("#PSALDO 0 202401 4010 {} 92233720368547758.07\n#PSALDO 0 202401 4010 {} 0.01\n", &err);
	tap_ok(s == NULL && err.code == SIE_ERR_RANGE, "a sum beyond the range is a range error");
	/* sie_summa_sort: by kind, year index, month, account, object */
	s = sums("#RAR 0 20240101 20241231\n#RES 0 4010 1\n#PSALDO 0 202402 4010 {} 1\n"
			 "#PSALDO 0 202401 5010 {} 2\n#PSALDO 0 202401 4010 {1 \"9\"} 4\n#PSALDO 0 202401 4010 {1 \"10\"} 3\n", &err);
	if (s)
	{
		char		got[200] = "";
		size_t		pos = 0;

		sie_summa_sort(s);
		for (size_t i = 0; i < sie_summa_ncells(s) && pos < sizeof(got) - 40; i++)
		{
			const SieCell *c = sie_summa_cell(s, i);

			pos += (size_t) snprintf(got + pos, sizeof(got) - pos, "%s%d/%d%02d/%s/%s/%lld", i ? " " : "", (int) c->kind,
									 c->year, c->month, c->konto, c->objekt ? c->objekt : "-", (long long) c->ore);
		}
		tap_is_str(got, "1/202401/4010/10/300 1/202401/4010/9/400 1/202401/5010/-/200 1/202402/4010/-/100 3/000/4010/-/100",
				   "sie_summa_sort orders the cells by kind, year index, month, account and object");
		sie_summa_free(s);
	}
	else
		tap_ok(0, "sie_summa_sort orders the cells by kind, year index, month, account and object");
	s = sums("#RAR 0 20240101 20241231\n#RAR 0 20230101 20231231\n", &err);
	tap_ok(s == NULL && strstr(err.message, "second #RAR") != NULL, "two #RAR of one year index");
}

/* the objects of a cell key of two unit dimensions, as "a|b" ("-" = none) */
static void
split2(const char *key, char *out, size_t outlen)
{
	const char *o[2];
	size_t		l[2];

	if (sie_unit_key_split(key, 2, o, l) != 0)
	{
		snprintf(out, outlen, "(bad)");
		return;
	}
	snprintf(out, outlen, "%.*s|%.*s", o[0] ? (int) l[0] : 1, o[0] ? o[0] : "-",
			 o[1] ? (int) l[1] : 1, o[1] ? o[1] : "-");
}

/* The outcome cells of a sum of two unit dimensions as "a|b=ore ..." (sorted); frees the sum. */
static void
cells2(SieSumma *s, char *got, size_t size)
{
	size_t		pos = 0;

	got[0] = '\0';
	if (s == NULL)
		return;
	sie_summa_sort(s);
	for (size_t i = 0; i < sie_summa_ncells(s); i++)
	{
		const SieCell *c = sie_summa_cell(s, i);
		char		k[100];

		if (c->kind != SIE_CELL_UTFALL)
			continue;
		if (c->objekt)
			split2(c->objekt, k, sizeof(k));
		else
			snprintf(k, sizeof(k), "NULL");
		pos += (size_t) snprintf(got + pos, size - pos, "%s%s=%lld", pos ? " " : "", k, (long long) c->ore);
	}
	sie_summa_free(s);
}

static void
unit_dimensions(void)
{
	static const int d16[] = {1, 6},
				d61[] = {6, 1},
				d0[] = {0};
	SieError	err;
	SieSumma   *s;
	char		got[400];
	const char *o[2];
	size_t		l[2];

	tap_ok(sie_summa_new(d61, 2) == NULL && sie_summa_new(d0, 1) == NULL && sie_summa_new(d16, 0) == NULL
		   && sie_summa_new(d16, SIE_MAX_UNIT_DIMS + 1) == NULL,
		   "unit dimensions must be ascending, numbered from 1, one to SIE_MAX_UNIT_DIMS of them");
	/* transactions: every cell keyed by the objects of dimensions 1 and 6
	 * it has (dimension 2 is no unit dimension); none of them = NULL */
	s = sums_of("#RAR 0 20240101 20241231\n#VER A 1 20240110\n{\n"
				"#TRANS 4010 {1 \"100\" 6 \"P1\"} 1.00\n#TRANS 4010 {6 \"P1\" 1 \"100\" 2 \"X\"} 2.00\n"
				"#TRANS 4010 {1 \"100\"} 4.00\n#TRANS 4010 {6 \"P:1\"} 8.00\n#TRANS 4010 {2 \"X\"} 16.00\n"
				"#TRANS 4010 {} 32.00\n#TRANS 4010 {1 \"+3:x-\"} 64.00\n}\n", d16, 2, &err);
	cells2(s, got, sizeof(got));
	tap_is_str(got, "NULL=4800 100|P1=300 100|-=400 +3:x-|-=6400 -|P:1=800",
			   "two unit dimensions: a cell per combination of their objects (order in the list and other "
			   "dimensions do not matter), rows with neither together");
	/* period balances with a total: the set with both unit dimensions is
	 * taken over the sets with one of them */
	s = sums_of("#PSALDO 0 202401 4010 {} 1000.00\n"
				"#PSALDO 0 202401 4010 {1 \"100\"} 600.00\n"
				"#PSALDO 0 202401 4010 {6 \"P1\"} 700.00\n"
				"#PSALDO 0 202401 4010 {1 \"100\" 6 \"P1\"} 500.00\n"
				"#PSALDO 0 202401 4010 {1 \"200\" 6 \"P1\"} 200.00\n", d16, 2, &err);
	cells2(s, got, sizeof(got));
	tap_is_str(got, "NULL=30000 100|P1=50000 200|P1=20000",
			   "overlapping period balances: the rows of both unit dimensions, the rest of the total without a unit");
	tap_ok(sie_unit_key_split("+3:100-", 2, o, l) == 0 && l[0] == 3 && memcmp(o[0], "100", 3) == 0 && o[1] == NULL,
		   "a key splits into its objects");
	tap_ok(sie_unit_key_split("+4:100-", 2, o, l) != 0 && sie_unit_key_split("+3:100", 2, o, l) != 0
		   && sie_unit_key_split("--x", 2, o, l) != 0 && sie_unit_key_split("+x:1-", 2, o, l) != 0,
		   "a key of the wrong length or shape does not split");
	tap_ok(sie_unit_key_split("100", 1, o, l) == 0 && o[0] && strcmp(o[0], "100") == 0 && l[0] == 3,
		   "with one unit dimension the key is the object");
}

static char last_pair[32];

static void
keep_last_pair(const SieRecord *rec, void *arg)
{
	(void) arg;
	last = *rec;
	if (rec->nobjects > 0)
		snprintf(last_pair, sizeof(last_pair), "%d=%s", rec->objects[rec->nobjects - 1].dim,
				 rec->objects[rec->nobjects - 1].obj);
}

/* A line "<head> {1 o1 2 o2 ... n on} <tail>" with n pairs. */
static char *
pairs_line(const char *head, int n, const char *tail)
{
	size_t		cap = strlen(head) + strlen(tail) + 16 * (size_t) n + 8;
	char	   *t = malloc(cap);
	size_t		o = (size_t) snprintf(t, cap, "%s {", head);

	for (int i = 1; i <= n; i++)
		o += (size_t) snprintf(t + o, cap - o, "%s%d o%d", i > 1 ? " " : "", i, i);
	snprintf(t + o, cap - o, "} %s", tail);
	return t;
}

/*
 * An object list holds at most SIE_MAX_OBJECTS pairs, the room of
 * SieRecord.objects: 32 are read, 33 are refused as over the limit (a
 * transaction's and a period balance's list alike), never written past it.
 */
static void
object_limit(void)
{
	SieError	err;
	char	   *t32 = pairs_line("#VER A 1 20240105\n{\n#TRANS 3010", 32, "1.00\n}\n");
	char	   *t33 = pairs_line("#VER A 1 20240105\n{\n#TRANS 3010", 33, "1.00\n}\n");
	char	   *p33 = pairs_line("#PSALDO 0 202401 3010", 33, "1.00\n");
	int			n;

	n = read_all(t32, strlen(t32), SIE_ENC_UTF8, 1 << 20, keep_last_pair, NULL, &err);
	tap_ok(n == 2 && last.kind == SIE_TRANS && last.nobjects == 32 && strcmp(last_pair, "32=o32") == 0
		   && last.ore == 100, "an object list of 32 pairs is read whole, its amount after it intact");
	n = read_all(t33, strlen(t33), SIE_ENC_UTF8, 1 << 20, keep_last_pair, NULL, &err);
	tap_ok(n == -1 && err.code == SIE_ERR_LIMIT && err.line == 3 && strstr(err.message, "more than 32 objects") != NULL,
		   "an object list of 33 pairs in a transaction is over the limit, on its line");
	n = read_all(p33, strlen(p33), SIE_ENC_UTF8, 7, keep_last_pair, NULL, &err);
	tap_ok(n == -1 && err.code == SIE_ERR_LIMIT && err.line == 1,
		   "an object list of 33 pairs in a period balance is over the limit, read in small chunks too");
	free(t32);
	free(t33);
	free(p33);
}

int
main(void)
{
	tap_is_str(sie_kind_name(SIE_PBUDGET), "PBUDGET", "kind names");
	tap_is_i64((int64_t) SIE_MAX_LINE, 65536, "the line limit");
	amounts();
	records();
	twins();
	encodings();
	summing();
	unit_dimensions();
	object_limit();
	return tap_done();
}
