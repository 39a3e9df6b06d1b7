/*
 * gen_sie.c -- writes SIE files (types 2, 3 and 4) of a made-up
 * municipality, and the figures they must load to, from its own bookkeeping.
 *
 * Exempelby kommun has two committees: BUN (units 110 Förskola, 120
 * Grundskola) and SON (units 210 Äldreomsorg, 220 Individ- och
 * familjeomsorg); the unit is the object of dimension 1 (ansvar), projects
 * are dimension 6.  Every figure is drawn from a seeded generator and
 * booked twice: into the file, and into the expected table, per committee,
 * unit, report row and month, signed as the report rows are (revenue +,
 * costs -), in öre.  The report row of an account is decided here, by the
 * generator's own list (the Kommun-Bas classes, 3910 kommunbidrag), not by
 * the extension's map.
 *
 *	gen_sie -t 4|3|2 [-s overlap|disjoint] [-w plain|tabs|padded] [-u] [-r]
 *	        [-m months] [-b andring|saldo] [-S seed] -o file.sie -x expected.tsv
 *	gen_sie -B -n transactions -U units -A accounts [-S seed] -o file.sie
 *	        [-c copy.tsv]
 *
 *	-t		SIE type: 4 vouchers, 3 period balances per object, 2 per account
 *	-s		shape of the period balances: overlap = the account total {} and
 *			overlapping object rows (as the specification has it), disjoint =
 *			only cells, no total (type 3)
 *	-w		field separators: one space, tabs, or columns padded with spaces
 *	-u		objects and accounts unquoted ({1 110} instead of {1 "110"})
 *	-r		#RTRANS rows with their #TRANS twins, and #BTRANS rows (type 4)
 *	-m		months booked (1..12)
 *	-b		the bank account 1930's #PSALDO (types 2 and 3): andring = the
 *			month's change (the specification), saldo = the balance at the
 *			end of the month; #IB and #UB are written for every type
 *	-B		the ledger benchmark: -n transaction rows, -U units (50 per
 *			committee N0, N1, ...; object 10000 + u, unit E<object>),
 *			-A accounts in classes 3-7 and 84-85, 12 months; -c writes the
 *			same rows, mapped, as COPY text for inlasning_utfall
 *
 * The file is written in UTF-8 (and says #FORMAT PC8, as many files do);
 * the test converts it to CP437 or Windows-1252 with iconv.  Expected rows:
 * kind (utfall or budget), committee, unit, row, month, öre.  Type 2 files
 * have no objects: their expected figures are for committee KOMMUN, unit
 * HELA.
 */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* a whole number of öre in [lo, hi] kronor, with öre */
static int64_t
amount(int64_t lo, int64_t hi)
{
	return lo * 100 + (int64_t) (rnd() % (uint64_t) ((hi - lo) * 100 + 1));
}

typedef struct Unit
{
	const char *obj;
	const char *namnd;
	const char *enhet;
	const char *namn;
} Unit;

typedef struct Account
{
	const char *nr;
	const char *namn;
	const char *rad;			/* the generator's own report row */
	int			revenue;		/* booked as credit */
} Account;

static const Unit units[] = {
	{"110", "BUN", "B110", "Förskola"},
	{"120", "BUN", "B120", "Grundskola"},
	{"210", "SON", "S210", "Äldreomsorg"},
	{"220", "SON", "S220", "Individ- och familjeomsorg"}
};
#define NUNITS 4

static const Account accounts[] = {
	{"3010", "Taxor och avgifter", "INTAKTER", 1},
	{"3510", "Försäljning av verksamhet", "INTAKTER", 1},
	{"3910", "Kommunbidrag", "KOMMUNBIDRAG", 1},
	{"4010", "Köpt verksamhet", "MATERIAL", 0},
	{"4610", "Förbrukningsmaterial", "MATERIAL", 0},
	{"5010", "Löner", "PERSONAL", 0},
	{"5610", "Arbetsgivaravgifter", "PERSONAL", 0},
	{"6110", "Lokalhyror", "OVRIGA", 0},
	{"7010", "Övriga kostnader", "OVRIGA", 0},
	{"8410", "Ränteintäkter", "FINANSNETTO", 1},
	{"8510", "Räntekostnader", "FINANSNETTO", 0}
};
#define NACC 11
#define NPROJ 2
static const char *const projects[NPROJ] = {"P1", "P2"};

static int	sie_type = 4;
static int	overlap = 1;
static int	sep_style = 0;		/* 0 plain, 1 tabs, 2 padded */
static int	unquoted = 0;
static int	rtrans = 0;
static int	months = 12;
static int	bank_balances = 0;	/* -b saldo: the bank's #PSALDO as month-end balances */
static FILE *out;

/* [unit][account][project+1 (0 = none)][month] */
static int64_t utf[NUNITS][NACC][NPROJ + 1][13];
static int64_t bud[NUNITS][NACC][NPROJ + 1][13];
static int64_t bank_total;

#define BANK_IB INT64_C(500000000)	/* the bank's opening balance, 5 000 000 kr */

/* ---- writing fields ---- */

static int	field_no;

static void
begin(const char *label)
{
	field_no = 0;
	fputs(label, out);
	if (sep_style == 2)
		for (int i = (int) strlen(label); i < 9; i++)
			fputc(' ', out);
}

static void
sep(void)
{
	if (sep_style == 1)
		fputc('\t', out);
	else
		fputc(' ', out);
}

static void
pad(int written, int width)
{
	if (sep_style == 2)
		for (int i = written; i < width; i++)
			fputc(' ', out);
}

/* a quoted string with " and \ escaped */
static void
quoted(const char *s)
{
	int			n = 2;

	sep();
	fputc('"', out);
	for (; *s; s++)
	{
		if (*s == '"' || *s == '\\')
		{
			fputc('\\', out);
			n++;
		}
		fputc(*s, out);
		n++;
	}
	fputc('"', out);
	pad(n, 12);
	field_no++;
}

/* a code: quoted unless -u */
static void
code(const char *s)
{
	if (unquoted)
	{
		sep();
		fputs(s, out);
		pad((int) strlen(s), 12);
		field_no++;
	}
	else
		quoted(s);
}

static void
word(const char *s)
{
	sep();
	fputs(s, out);
	pad((int) strlen(s), 12);
	field_no++;
}

static void
money(int64_t ore)
{
	char		b[40];
	uint64_t	a = ore < 0 ? (uint64_t) (-ore) : (uint64_t) ore;

	/* whole kronor without decimals now and then, as some exporters write */
	if (a % 100 == 0 && (rnd() & 1))
		snprintf(b, sizeof(b), "%s%" PRIu64, ore < 0 ? "-" : "", a / 100);
	else
		snprintf(b, sizeof(b), "%s%" PRIu64 ".%02" PRIu64, ore < 0 ? "-" : "", a / 100, a % 100);
	word(b);
}

/* an object list of the unit (or none) and the project (or none) */
static void
objects(const char *unit, const char *proj)
{
	int			n = 0;

	sep();
	fputc('{', out);
	if (sep_style == 2 && !unit && !proj)
		fputc(' ', out);		/* "{ }" */
	if (unit)
	{
		n += fprintf(out, unquoted ? "1 %s" : "1 \"%s\"", unit);
	}
	if (proj)
		n += fprintf(out, unquoted ? "%s6 %s" : "%s6 \"%s\"", unit ? " " : "", proj);
	fputc('}', out);
	pad(n + 2, 16);
	field_no++;
}

static void
end(void)
{
	fputs(sep_style == 1 ? "\r\n" : "\n", out);
}

/* ---- the municipality ---- */

static void
header(void)
{
	begin("#FLAGGA");
	word("0");
	end();
	begin("#PROGRAM");
	quoted("Exempelgenerator");
	quoted("1.0");
	end();
	begin("#FORMAT");
	word("PC8");
	end();
	begin("#GEN");
	word("20250110");
	end();
	begin("#SIETYP");
	word(sie_type == 4 ? "4" : sie_type == 3 ? "3" : "2");
	end();
	begin("#FNAMN");
	quoted("Exempelby kommun");
	end();
	begin("#RAR");
	word("0");
	word("20240101");
	word("20241231");
	end();
	begin("#RAR");
	word("-1");
	word("20230101");
	word("20231231");
	end();
	if (sie_type != 2)
	{
		begin("#DIM");
		word("1");
		quoted("Ansvar");
		end();
		begin("#DIM");
		word("6");
		quoted("Projekt");
		end();
		for (int u = 0; u < NUNITS; u++)
		{
			begin("#OBJEKT");
			word("1");
			code(units[u].obj);
			quoted(units[u].namn);
			end();
		}
		for (int p = 0; p < NPROJ; p++)
		{
			begin("#OBJEKT");
			word("6");
			code(projects[p]);
			quoted(p == 0 ? "Språksatsning \"Läslyft\"" : "Digitalisering");
			end();
		}
	}
	for (int a = 0; a < NACC; a++)
	{
		begin("#KONTO");
		code(accounts[a].nr);
		quoted(accounts[a].namn);
		end();
		begin("#KTYP");
		code(accounts[a].nr);
		word(accounts[a].nr[0] == '3' || accounts[a].nr[0] == '8' ? (accounts[a].revenue ? "I" : "K") : "K");
		end();
	}
	begin("#KONTO");
	code("1930");
	quoted("Bank");
	end();
	begin("#KTYP");
	code("1930");
	word("T");
	end();
}

/* draw the year: outcome per unit, account, project and month, and the budget */
static void
draw(void)
{
	for (int u = 0; u < NUNITS; u++)
		for (int a = 0; a < NACC; a++)
			for (int m = 1; m <= 12; m++)
			{
				int64_t		sign = accounts[a].revenue ? -1 : 1;
				int64_t		b = sign * amount(1000, 90000);

				/* one row of the budget changes sign over the year */
				if (u == 3 && a == 8 && m % 3 == 0)
					b = -b;
				bud[u][a][0][m] = b;
				if (m > months)
					continue;
				for (int p = 0; p <= NPROJ; p++)
				{
					/* a unit books some accounts without a project only */
					if (p > 0 && (u + a) % 3 == 0)
						continue;
					utf[u][a][p][m] = sign * amount(100, 50000);
				}
				/* a refund now and then: the sign of a month's figure flips */
				if (a == 4 && m == 2)
					utf[u][a][0][m] = -utf[u][a][0][m];
			}
}

static void
two(int64_t v, char *b)
{
	snprintf(b, 8, "%02d", (int) v);
}

static void
vouchers(void)
{
	int			nr = 1;

	for (int m = 1; m <= months; m++)
		for (int u = 0; u < NUNITS; u++)
			for (int a = 0; a < NACC; a++)
				for (int p = 0; p <= NPROJ; p++)
				{
					int64_t		v = utf[u][a][p][m];
					int64_t		part;
					char		date[16],
								num[16],
								mm[8];

					if (v == 0 && p > 0)
						continue;
					two(m, mm);
					snprintf(date, sizeof(date), "2024%s%02d", mm, 1 + (u * 7 + a) % 27);
					snprintf(num, sizeof(num), "%d", nr++);
					begin("#VER");
					code("A");
					word(num);
					word(date);
					quoted(a == 5 ? "Lön \"månad\"" : "Bokföring");
					word(date);
					end();
					fputs("{", out);
					end();
					/* the figure in two rows: a part and the rest */
					part = v / 3;
					if (rtrans && (nr % 4 == 0))
					{
						/* a row added afterwards, with its twin for older readers */
						fputs("\t", out);
						begin("#RTRANS");
						code(accounts[a].nr);
						objects(units[u].obj, p ? projects[p - 1] : NULL);
						money(part);
						word(date);
						quoted("Tillagd");
						end();
						fputs("\t", out);
						begin("#TRANS");
						code(accounts[a].nr);
						objects(units[u].obj, p ? projects[p - 1] : NULL);
						money(part);
						word(date);
						quoted("Tillagd");
						end();
					}
					else
					{
						fputs("\t", out);
						begin("#TRANS");
						code(accounts[a].nr);
						objects(units[u].obj, p ? projects[p - 1] : NULL);
						money(part);
						end();
					}
					if (rtrans && (nr % 5 == 0))
					{
						/* a removed row: not part of the voucher */
						fputs("\t", out);
						begin("#BTRANS");
						code(accounts[a].nr);
						objects(units[u].obj, p ? projects[p - 1] : NULL);
						money(amount(1, 999));
						word(date);
						quoted("Borttagen");
						end();
					}
					fputs("\t", out);
					begin("#TRANS");
					code(accounts[a].nr);
					objects(units[u].obj, p ? projects[p - 1] : NULL);
					money(v - part);
					word("\"\"");
					quoted("Rest");
					word("1.5");
					end();
					fputs("\t", out);
					begin("#TRANS");
					code("1930");
					objects(NULL, NULL);
					money(-v);
					end();
					fputs("}", out);
					end();
				}
}

static void
balance(const char *label, int kind, int u, int a, int m, int proj_mode, int64_t v)
{
	char		per[16];

	(void) kind;
	snprintf(per, sizeof(per), "2024%02d", m);
	begin(label);
	word("0");
	word(per);
	code(accounts[a].nr);
	if (u < 0)
		objects(NULL, NULL);
	else
		objects(proj_mode < 0 ? NULL : units[u].obj,
				proj_mode == 0 ? NULL : projects[proj_mode < 0 ? u : proj_mode - 1]);
	money(v);
	end();
}

/* period balances (#PSALDO or #PBUDGET) of one array, in the chosen shape;
 * proj_mode of balance(): 0 the unit alone, 1..NPROJ the unit and that
 * project, -1 the project (given as u) alone */
static void
periods(const char *label, int64_t (*f)[NACC][NPROJ + 1][13], int nmonths)
{
	for (int m = 1; m <= nmonths; m++)
		for (int a = 0; a < NACC; a++)
		{
			int64_t		total = 0;
			int64_t		unit_sum[NUNITS] = {0};
			int64_t		proj_sum[NPROJ] = {0};

			for (int u = 0; u < NUNITS; u++)
				for (int p = 0; p <= NPROJ; p++)
				{
					total += f[u][a][p][m];
					unit_sum[u] += f[u][a][p][m];
					if (p > 0)
						proj_sum[p - 1] += f[u][a][p][m];
				}
			if (sie_type == 2)
			{
				balance(label, 0, -1, a, m, 0, total);
				continue;
			}
			if (overlap)
			{
				/* the account total, then per unit, per project, per cell */
				balance(label, 0, -1, a, m, 0, total);
				for (int u = 0; u < NUNITS; u++)
					balance(label, 0, u, a, m, 0, unit_sum[u]);
				for (int p = 0; p < NPROJ; p++)
					if (proj_sum[p] != 0)
						balance(label, 0, p, a, m, -1, proj_sum[p]);
				for (int u = 0; u < NUNITS; u++)
					for (int p = 1; p <= NPROJ; p++)
						if (f[u][a][p][m] != 0)
							balance(label, 0, u, a, m, p, f[u][a][p][m]);
			}
			else
			{
				for (int u = 0; u < NUNITS; u++)
					for (int p = 0; p <= NPROJ; p++)
						if (f[u][a][p][m] != 0 || p == 0)
							balance(label, 0, u, a, m, p, f[u][a][p][m]);
			}
		}
}

static void
results(void)
{
	for (int a = 0; a < NACC; a++)
	{
		int64_t		s = 0;

		for (int u = 0; u < NUNITS; u++)
			for (int p = 0; p <= NPROJ; p++)
				for (int m = 1; m <= 12; m++)
					s += utf[u][a][p][m];
		begin("#RES");
		word("0");
		code(accounts[a].nr);
		money(s);
		end();
	}
	for (int u = 0; u < NUNITS; u++)
		for (int a = 0; a < NACC; a++)
			for (int p = 0; p <= NPROJ; p++)
				for (int m = 1; m <= 12; m++)
					bank_total -= utf[u][a][p][m];
	begin("#IB");
	word("0");
	code("1930");
	money(BANK_IB);
	end();
	begin("#UB");
	word("0");
	code("1930");
	money(BANK_IB + bank_total);
	end();
}

/*
 * The bank's period balances (types 2 and 3): the month's change, as the
 * specification has it, or with -b saldo the balance at the end of the
 * month (#IB and every change so far), as some exporters write a balance
 * account's #PSALDO.  The bank takes the other side of every booking.
 */
static void
bank_periods(void)
{
	int64_t		saldo = BANK_IB;

	for (int m = 1; m <= months; m++)
	{
		char		per[16];
		int64_t		change = 0;

		for (int u = 0; u < NUNITS; u++)
			for (int a = 0; a < NACC; a++)
				for (int p = 0; p <= NPROJ; p++)
					change -= utf[u][a][p][m];
		saldo += change;
		snprintf(per, sizeof(per), "2024%02d", m);
		begin("#PSALDO");
		word("0");
		word(per);
		code("1930");
		objects(NULL, NULL);
		money(bank_balances ? saldo : change);
		end();
	}
}

static void
expected(FILE *x)
{
	for (int k = 0; k < 2; k++)
		for (int u = 0; u < NUNITS; u++)
			for (int a = 0; a < NACC; a++)
				for (int m = 1; m <= 12; m++)
				{
					int64_t		s = 0;

					for (int p = 0; p <= NPROJ; p++)
						s += k == 0 ? utf[u][a][p][m] : bud[u][a][p][m];
					if (k == 0 && m > months)
						continue;
					/* report rows are signed revenue +, costs -: the ledger negated */
					fprintf(x, "%s\t%s\t%s\t%s\t%d\t%" PRId64 "\n", k == 0 ? "utfall" : "budget",
							sie_type == 2 ? "KOMMUN" : units[u].namnd,
							sie_type == 2 ? "HELA" : units[u].enhet, accounts[a].rad, m, -s);
				}
}

/* ---- the ledger benchmark ---- */

static void
bench(long ntrans, int nunits, int naccounts, FILE *copy)
{
	static const struct
	{
		int			from;
		int			n;
		const char *rad;
		int			revenue;
	}			cls[] = {
		{3000, 400, "INTAKTER", 1}, {4000, 400, "MATERIAL", 0}, {5000, 400, "PERSONAL", 0},
		{6000, 300, "OVRIGA", 0}, {7000, 300, "OVRIGA", 0}, {8400, 100, "FINANSNETTO", 1},
		{8500, 100, "FINANSNETTO", 0}
	};
	int		   *accnr = malloc(sizeof(int) * (size_t) naccounts);
	const char **accrad = malloc(sizeof(char *) * (size_t) naccounts);
	int		   *accrev = malloc(sizeof(int) * (size_t) naccounts);
	int64_t    *res = calloc((size_t) naccounts, sizeof(int64_t));
	int64_t		bank = 0;
	long		written = 0;
	int			nr = 1;
	int			k = 0;

	/* accounts spread over the classes in proportion */
	for (size_t c = 0; c < sizeof(cls) / sizeof(cls[0]); c++)
	{
		int			n = (int) ((long) cls[c].n * naccounts / 2000);

		if (c == sizeof(cls) / sizeof(cls[0]) - 1)
			n = naccounts - k;
		for (int i = 0; i < n && k < naccounts; i++, k++)
		{
			accnr[k] = cls[c].from + (i * cls[c].n / (n ? n : 1));
			accrad[k] = cls[c].rad;
			accrev[k] = cls[c].revenue;
		}
	}
	fprintf(out, "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#FNAMN \"Storstad kommun\"\n"
			"#RAR 0 20240101 20241231\n#DIM 1 \"Ansvar\"\n");
	for (int u = 0; u < nunits; u++)
		fprintf(out, "#OBJEKT 1 \"%d\" \"Enhet %d\"\n", 10000 + u, u);
	for (int a = 0; a < naccounts; a++)
		fprintf(out, "#KONTO %d \"Konto %d\"\n", accnr[a], accnr[a]);
	fprintf(out, "#IB 0 1930 0.00\n");
	/* vouchers of 10 rows and a bank row, until ntrans rows are written */
	while (written < ntrans)
	{
		int			m = 1 + (int) (rnd() % 12);
		int			u = (int) (rnd() % (uint64_t) nunits);
		int			d = 1 + (int) (rnd() % 28);
		int64_t		sum = 0;
		int			rows = ntrans - written >= 11 ? 10 : (int) (ntrans - written) - 1;

		if (rows < 1)
			rows = 1;
		fprintf(out, "#VER \"A\" \"%d\" 2024%02d%02d \"Bokföring\"\n{\n", nr++, m, d);
		for (int i = 0; i < rows; i++)
		{
			/* each unit books 80 of the accounts */
			int			a = (int) (((long) u * 37 + (long) (rnd() % 80) * 13) % naccounts);
			int64_t		v = (accrev[a] ? -1 : 1) * amount(1, 20000);

			fprintf(out, "#TRANS %d {1 \"%d\"} %s%" PRId64 ".%02" PRId64 "\n", accnr[a], 10000 + u,
					v < 0 ? "-" : "", (v < 0 ? -v : v) / 100, (v < 0 ? -v : v) % 100);
			if (copy)
				fprintf(copy, "N%d\tE%d\t%s\t2024-%02d\t%s%" PRId64 ".%02" PRId64 "\tSIE\n", u / 50, 10000 + u,
						accrad[a], m, v > 0 ? "-" : "", (v < 0 ? -v : v) / 100, (v < 0 ? -v : v) % 100);
			res[a] += v;
			sum += v;
		}
		fprintf(out, "#TRANS 1930 {} %s%" PRId64 ".%02" PRId64 "\n}\n", sum > 0 ? "-" : "",
				(sum < 0 ? -sum : sum) / 100, (sum < 0 ? -sum : sum) % 100);
		bank -= sum;
		written += rows + 1;
	}
	for (int a = 0; a < naccounts; a++)
		fprintf(out, "#RES 0 %d %s%" PRId64 ".%02" PRId64 "\n", accnr[a], res[a] < 0 ? "-" : "",
				(res[a] < 0 ? -res[a] : res[a]) / 100, (res[a] < 0 ? -res[a] : res[a]) % 100);
	fprintf(out, "#UB 0 1930 %s%" PRId64 ".%02" PRId64 "\n", bank < 0 ? "-" : "",
			(bank < 0 ? -bank : bank) / 100, (bank < 0 ? -bank : bank) % 100);
	free(accnr);
	free(accrad);
	free(accrev);
	free(res);
}

int
main(int argc, char **argv)
{
	int			c;
	const char *outname = NULL,
			   *xname = NULL,
			   *copyname = NULL;
	int			benchmode = 0;
	long		ntrans = 1000000;
	int			nunits = 500,
				naccounts = 2000;

	while ((c = getopt(argc, argv, "t:s:w:urm:b:S:o:x:Bn:U:A:c:")) != -1)
		switch (c)
		{
			case 't':
				sie_type = atoi(optarg);
				break;
			case 's':
				overlap = strcmp(optarg, "overlap") == 0;
				break;
			case 'w':
				sep_style = strcmp(optarg, "tabs") == 0 ? 1 : strcmp(optarg, "padded") == 0 ? 2 : 0;
				break;
			case 'u':
				unquoted = 1;
				break;
			case 'r':
				rtrans = 1;
				break;
			case 'm':
				months = atoi(optarg);
				break;
			case 'b':
				bank_balances = strcmp(optarg, "saldo") == 0;
				break;
			case 'S':
				rng_state = 88172645463325252ULL ^ (uint64_t) strtoull(optarg, NULL, 10) * 2654435761ULL;
				if (rng_state == 0)
					rng_state = 1;
				break;
			case 'o':
				outname = optarg;
				break;
			case 'x':
				xname = optarg;
				break;
			case 'B':
				benchmode = 1;
				break;
			case 'n':
				ntrans = atol(optarg);
				break;
			case 'U':
				nunits = atoi(optarg);
				break;
			case 'A':
				naccounts = atoi(optarg);
				break;
			case 'c':
				copyname = optarg;
				break;
			default:
				fprintf(stderr, "usage: see the comment at the top of gen_sie.c\n");
				return 2;
		}
	if (outname == NULL || (sie_type != 2 && sie_type != 3 && sie_type != 4) || months < 1 || months > 12 ||
		nunits < 1 || naccounts < 100)
	{
		fprintf(stderr, "gen_sie: bad arguments\n");
		return 2;
	}
	out = fopen(outname, "w");
	if (out == NULL)
	{
		perror(outname);
		return 1;
	}
	if (benchmode)
	{
		FILE	   *copy = copyname ? fopen(copyname, "w") : NULL;

		bench(ntrans, nunits, naccounts, copy);
		if (copy)
			fclose(copy);
		fclose(out);
		return 0;
	}
	draw();
	header();
	results();
	if (sie_type == 4)
	{
		vouchers();
		/* the budget in disjoint cells per unit */
		overlap = 0;
		periods("#PBUDGET", bud, 12);
	}
	else
	{
		periods("#PSALDO", utf, months);
		bank_periods();
		periods("#PBUDGET", bud, 12);
	}
	fclose(out);
	if (xname)
	{
		FILE	   *x = fopen(xname, "w");

		if (x == NULL)
		{
			perror(xname);
			return 1;
		}
		expected(x);
		fclose(x);
	}
	return 0;
}
