/*
 * tabell_core.h -- reading report tables out of text copied from a PDF
 *
 * Municipal follow-up reports are published as PDFs.  Text taken out of them
 * has lost its columns: a row such as
 *
 *		Summa nettokostnader 1 634 1 634 0 1 519
 *
 * uses a space both as the thousands separator and as the column separator,
 * so the same digit groups can be joined into numbers in several ways.  This
 * module (pure C, no PostgreSQL headers) splits a line into a leading code,
 * a name and a numeric tail, enumerates every way the tail can be read as
 * exactly K numbers, and decides among the readings with column relations
 * such as "3 = 2 - 1".  A second entry point reads a whole block of lines and
 * joins rows whose label or numbers were wrapped onto following lines.
 *
 *
 * LINE LAYOUT
 *
 * A line is cut into words at white space: ASCII space, tab, vertical tab,
 * form feed and carriage return, U+00A0 (no-break space), U+2000..U+200A
 * (among them U+2007 figure space and U+2009 thin space), U+202F (narrow
 * no-break space), U+205F and U+3000 (tal_core.h).  Digit groups join into
 * one number only across one group separator (a space, U+00A0, U+2009 or
 * U+202F, as in a belopp); a tab, two or more white-space characters or any
 * other white space between two words always separates two figures.  A byte
 * order mark at the start of the text is ignored.
 *
 * A word is NUMERIC when it is, in full,
 *
 *		[sign] digits [ "," digits ] [ "%" ]
 *
 * read by tal_lex() (tal_core.h), the number reader amounts and weights
 * share, where sign is "-", "+", U+2013 (en dash) or U+2212 (minus sign) or
 * one of the dashes tables print as minus signs, U+2010 (hyphen), U+2011
 * (non-breaking hyphen), U+2012 (figure dash) and U+2014 (em dash); or when
 * it is "+-" or U+00B1 followed by a single "0", optionally ",0..." and "%"
 * (a printed zero, "+-0").  A word that is exactly "%" belongs to the
 * numeric word before it ("95 %").  A sign must touch its digits, with one
 * exception: a lone minus sign (any of the above) between a label and the
 * first figure of the tail is that figure's minus sign ("Programnämnd - 3,0"
 * and "Programnämnd − 3,0" are -3,0, as "− 3,0" is as a belopp); a dash
 * that is the whole label ("- 0 0 0 0") or a code's dash ("509 - ...") stays
 * text.  Decimal points (".") are not numbers.
 *
 * Typography of published tables:
 *	- a minus sign set apart (any of the dashes above, as its own word)
 *	  inside the tail is the next figure's minus sign ("Revision – 614 – 9
 *	  1,6 % – 620 6" is -614, -9, 1,6 %, -620, 6); a dash that is last in
 *	  the line, or stands before another dash or a signed figure, is an
 *	  EMPTY CELL (a value with empty set: no figure, 0 in relations, NULL in
 *	  SQL).  A dash right before an unsigned figure may be either; without
 *	  relations it is the minus sign, with relations both readings are
 *	  searched and the relations decide (an undecidable row stays
 *	  ambiguous);
 *	- parentheses for negatives: "(5 943)" is the digit groups "(5" and
 *	  "943)", one negative number that must end at its closing parenthesis;
 *	  a closing parenthesis without its opening one in the tail ("(nya
 *	  underskott 2021) 4 700") ends the label there, and so does an opening
 *	  one left open;
 *	- footnote marks after a figure ("12 345*", "345²": '*', U+2020,
 *	  U+2021, superscript digits) end the number and are dropped; after a
 *	  label word ("Hemtjänst¹") they are part of the label;
 *	- text cells after the figures ("86 88 Minska Minska", "-1,9 -2,8 I
 *	  balans I balans"): at most six words without digits at the end of the
 *	  line, the first capitalised and none ending in ".", ",", ":" or ";",
 *	  after at least two figures that are not all years, are left out of
 *	  both the label and the figures (the row then usually is ofullstandig).
 *
 * The NUMERIC TAIL is the longest run of numeric words at the end of the
 * line.  Every numeric word of the tail is one DIGIT GROUP.
 *
 * The line has a CODE when its first word is 1 to 18 ASCII digits and its
 * second word is "-" or U+2013 ("509 - Hemtjänst", "1250 - Pågående").  The
 * NAME is the words between the code (or the start of the line) and the
 * tail, joined by single spaces.  A label that itself ends in a number
 * ("Delårsbokslut 2024") therefore gives that number to the tail.
 *
 *
 * SPLIT RULES (how digit groups join into numbers)
 *
 * A number is a run of consecutive digit groups g1 g2 ... gn (n >= 1):
 *
 *	1. g1 may carry a sign.  g1 may not start with "0" unless its integer
 *	   digits are exactly "0": "066" and "05" never start a number.
 *	2. g2 ... gn each have exactly 3 integer digits and no sign ("044"
 *	   continues "73"; "20" and "-5" never continue anything), and stand
 *	   one group separator after the group before them (or first on a
 *	   line that continues a wrapped row).
 *	3. Only the last group may carry a decimal part or a percent mark: a
 *	   decimal part or "%" ends the number ("11,3", "95%", "1 234,5").
 *	4. A group can be continued only if its integer digits are 1 to 3 long
 *	   and are not the single digit "0", and it is not a printed zero "+-0".
 *	   So "0" and "+-0" always stand alone, and a first group of four or more
 *	   digits ("1519", "2023") is a number on its own.
 *	5. A number has at most 18 significant digits (integer digits without
 *	   leading zeros plus decimal digits).  A digit group of the tail with
 *	   more is the error "number too long" (in the name such a word is just
 *	   text); a join of several groups that would need more is simply not a
 *	   possible reading.
 *
 * Every boundary between two adjacent groups is therefore FORCED OPEN (the
 * second group cannot continue: it has a sign, fewer or more than 3 digits,
 * or the first cannot be continued), FORCED SHUT (the second group cannot
 * start a number: a leading zero), or FREE.  A SPLIT into K numbers chooses
 * the free boundaries so that exactly K numbers result; min_numbers and
 * max_numbers are the fewest and most numbers any split gives.
 *
 * A number's value is exact: mantissa * 10^-scale, the mantissa an int64
 * below 10^18 in absolute value, the scale the count of printed decimal
 * digits ("0,0" is mantissa 0, scale 1; "11,3" is 113, scale 1).  The
 * percent flag records a "%"; the value of "95%" is 95, not 0.95.  Signs
 * "-", U+2013 and U+2212 all mean minus; "+-0" and U+00B1 "0" are zero.
 *
 * Candidates are listed in a fixed order: a reading whose first number uses
 * fewer groups comes first, then the same rule for the second number, and
 * so on.
 *
 *
 * DECIDING
 *
 * With K = ncolumns:
 *	- no digit groups: status NONE, ofullstandig set ("no figures");
 *	- the groups cannot be read as numbers at all (a group with a leading
 *	  zero that cannot continue, or a forced join beyond 18 digits): NONE;
 *	- min_numbers > K: NONE (too many figures for K columns);
 *	- max_numbers < K: the row is INCOMPLETE (ofullstandig), as when a PDF
 *	  drops empty cells ("Finansnetto 0 -4 9 -13" in a six-column table).
 *	  The candidates are every split of the tail, whatever its count; the
 *	  figures are never padded or moved to guessed columns, and relations
 *	  are not checked because the columns of the figures are unknown.
 *	  Status UNIQUE when there is exactly one split, else AMBIGUOUS;
 *	- otherwise the splits into exactly K numbers are counted exactly (the
 *	  count saturates at 2^64 - 1).  Without relations the status is UNIQUE
 *	  for one split and AMBIGUOUS for several.  With relations the splits
 *	  are searched, a relation being checked as soon as the numbers of all
 *	  its columns are known so that a failing prefix is cut off with every
 *	  split that shares it.  The status is UNIQUE when exactly one split
 *	  satisfies every relation, AMBIGUOUS when several do, NONE when none
 *	  does; failed_relation then names the first relation that no split
 *	  satisfies even on its own (or is -1 when each relation holds for some
 *	  split but no split satisfies all of them at once, or when the step
 *	  limit below stopped the search for it).
 *
 * The search is bounded: one row may take KR_TABELL_ROW_SEARCH_STEPS steps
 * (a step extends a partial split by one number) and a whole call
 * KR_TABELL_BLOCK_SEARCH_STEPS.  A row whose search runs out of steps is
 * AMBIGUOUS with truncated set, whatever was found so far.  Reports' rows
 * need a few hundred steps; the bounds keep hostile input from running long.
 *
 * The candidates kept in the row (at most KR_TABELL_MAX_CANDIDATES, in the
 * order above) are, without relations or for an incomplete row, the first
 * splits; with relations, the splits that satisfy every relation, or, when
 * none does, the first splits, each with the bit mask of the relations it
 * breaks.  When the status is UNIQUE the decided reading is candidates[0]
 * (see kr_tabellrad_values).
 *
 *
 * RELATIONS
 *
 * A relation ties 1-based column numbers of one row together:
 *
 *		relations := relation { ("," | ";" | newline) relation }
 *		relation  := col "=" [sign] col { sign col }		sum or difference
 *				   | col "=" col "/" col "%"				percentage
 *		sign      := "+" | "-" (also U+2212 and U+2013)
 *
 * e.g. "3 = 2 - 1, 7 = 6 - 5" (deviation = budget - outcome) or
 * "4 = 1 / 2 %" (consumption = outcome / budget in percent).  A published
 * figure is rounded, so a relation holds up to a tolerance given in units of
 * the last printed digit:
 *	- sum: |left - right| <= tolerance * (terms on the right) * 10^-s,
 *	  where s is the smallest scale among the figures involved (the
 *	  coarsest last printed digit).  Tolerance 0 demands exact equality.
 *	  Evaluated in exact integer arithmetic; a relation whose arithmetic
 *	  would overflow 64 bits does not hold.
 *	- percentage: |left - 100 * a / b| <= (tolerance + 1/2) * 10^-s, s the
 *	  scale of left (the half unit is left's own rounding).  Evaluated in
 *	  long double; it does not hold when b is zero.
 *
 *
 * BLOCKS (kr_tabell_read_block)
 *
 * Lines are separated by "\n"; a row reports the 1-based line on which it
 * starts and the line on which it ends.  Each line is laid out as above and
 * is BLANK (only white space), LABEL-ONLY (words but no numeric tail),
 * NUMBERS-ONLY (only a numeric tail, no code, no name) or a LABELLED ROW.
 * The reader keeps one pending row and decides line by line:
 *	- blank lines are skipped; they never end a row (a PDF often puts an
 *	  empty line in the middle of a wrapped cell);
 *	- while the pending row has no figures yet (a label or heading):
 *	  a line with a code starts a new row; a numbers-only line gives the
 *	  pending label its figures; a label-only or labelled line whose name
 *	  starts with a lower-case letter continues the label ("1250 -
 *	  Pågående" + "investeringar, trattinläsning 0,0 11,3 11,3 0,0"), up to
 *	  KR_TABELL_MAX_LABEL_LINES label lines; any other line means the pending
 *	  label was a heading, which is dropped;
 *	- while the pending row has figures: a numbers-only line continues it
 *	  when all the figures together can still form at most K numbers and
 *	  either the row's figures alone can form fewer than K or the line's first
 *	  group can continue the row's last number (seed 001: "Kostnader" /
 *	  "-5" / "943" / "-5" / "963" / ...); any other line ends the row;
 *	- label fragments are joined with one space, except that a fragment
 *	  ending in a hyphen right after a letter is joined without the hyphen
 *	  to a next fragment starting with a lower-case letter ("vårdboen-" +
 *	  "deplatser"), unless that fragment starts with "och", "eller", "samt",
 *	  "respektive" or "resp." ("Hälso-" + "och sjukvård").
 * Every pending row that has figures is emitted and read exactly as a line.
 *
 * What the block reader cannot do: it cannot tell a word broken inside by
 * the PDF from two words ("Kommunbidr" + "ag" gives "Kommunbidr ag"); it
 * cannot tell a heading that ends in a year ("Budget jan.-maj" / "2023")
 * from a row, so such headings come out as incomplete rows; a row that lacks
 * cells followed by a label-less numbers-only row is joined with it when the
 * figures fit in K columns; a label wrapped onto the line after its numbers
 * starts a label of its own; prose lines that end in a number come out as
 * (incomplete) rows.  It is meant for the text of a table, and its output
 * should be checked with relations and by looking at ofullstandig.
 *
 *
 * ERRORS AND MEMORY
 *
 * Every entry point returns KR_TABELL_OK or an error code and then fills
 * *err (code, 1-based line, byte offset, message; err may be NULL); it never
 * aborts.  Input
 * must be valid UTF-8 without NUL bytes, a line at most
 * KR_TABELL_MAX_LINE_BYTES, a block at most KR_TABELL_MAX_BLOCK_BYTES, and
 * ncolumns 1..KR_TABELL_MAX_COLUMNS.  There is no global state.  Results are
 * allocated with malloc: a row filled by kr_tabell_read_line is released with
 * kr_tabellrad_free, a block with kr_tabell_block_free (which frees its rows);
 * after an error nothing needs to be freed.  Relations are a plain struct
 * owned by the caller.
 */
#ifndef KR_TABELL_CORE_H
#define KR_TABELL_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KR_TABELL_MAX_COLUMNS		64
#define KR_TABELL_MAX_CANDIDATES	64
#define KR_TABELL_ROW_SEARCH_STEPS	100000
#define KR_TABELL_BLOCK_SEARCH_STEPS	20000000
#define KR_TABELL_MAX_DIGITS		18
#define KR_TABELL_MAX_LINE_BYTES	8192
#define KR_TABELL_MAX_BLOCK_BYTES	(4 * 1024 * 1024)
#define KR_TABELL_MAX_LABEL_LINES	4
#define KR_TABELL_MAX_RELATIONS		32
#define KR_TABELL_MAX_TERMS			16
#define KR_TABELL_MAX_TOLERANCE		1000000
#define KR_TABELL_MESSAGE_SIZE		256
#define KR_TABELL_VALUE_BUFSIZE		48

typedef enum kr_tabell_errcode
{
	KR_TABELL_OK = 0,
	KR_TABELL_ERR_ARGUMENT,		/* NULL pointer, ncolumns or tolerance out of
								 * range, relations naming a column beyond
								 * ncolumns, newline in a single line */
	KR_TABELL_ERR_ENCODING,		/* invalid UTF-8 or a NUL byte */
	KR_TABELL_ERR_TOO_LONG,		/* line or block over its length limit */
	KR_TABELL_ERR_NUMBER_TOO_LONG,	/* a figure with more than 18 digits */
	KR_TABELL_ERR_RELATION,		/* malformed relation text */
	KR_TABELL_ERR_NO_MEMORY
} kr_tabell_errcode;

typedef struct kr_tabell_error
{
	kr_tabell_errcode code;
	int			line;			/* 1-based line of the problem, 0 if none */
	size_t		offset;			/* byte offset of the problem in the input */
	char		message[KR_TABELL_MESSAGE_SIZE];
} kr_tabell_error;

/* An exact decimal figure: mantissa * 10^-scale, percent if printed with %. */
typedef struct kr_tabell_value
{
	int64_t		mantissa;		/* |mantissa| < 10^18 */
	int			scale;			/* 0..18 printed decimal digits */
	bool		percent;
	bool		empty;			/* a dash printed in an empty cell: no figure
								 * (mantissa 0, scale 0; 0 in relations) */
} kr_tabell_value;

/* One column relation, parsed. */
typedef struct kr_tabell_relation
{
	int			left;			/* 1-based column */
	bool		ratio;			/* left = 100 * column[0] / column[1] */
	int			nterms;
	int			column[KR_TABELL_MAX_TERMS];	/* 1-based columns */
	int			sign[KR_TABELL_MAX_TERMS];	/* +1 or -1; unused for ratio */
} kr_tabell_relation;

typedef struct kr_tabell_relations
{
	int			count;
	kr_tabell_relation relation[KR_TABELL_MAX_RELATIONS];
} kr_tabell_relations;

typedef struct kr_tabell_options
{
	int			ncolumns;		/* K, 1..KR_TABELL_MAX_COLUMNS */
	const kr_tabell_relations *relations;	/* NULL or count 0: none */
	int			tolerance;		/* 0..KR_TABELL_MAX_TOLERANCE, see above */
} kr_tabell_options;

typedef enum kr_tabell_status
{
	KR_TABELL_UNIQUE,
	KR_TABELL_AMBIGUOUS,
	KR_TABELL_NONE
} kr_tabell_status;

typedef struct kr_tabell_candidate
{
	int			nvalues;
	kr_tabell_value *values;	/* points into the row's values array */
	uint32_t	failed;			/* bit r: relation r does not hold */
} kr_tabell_candidate;

/* One row read from a line or a block. */
typedef struct kr_tabellrad
{
	int			line;			/* 1-based first source line */
	int			last_line;		/* 1-based last source line */
	char	   *code;			/* leading code ("509"), NULL if none */
	char	   *name;			/* label, never NULL, may be "" */
	int			ngroups;		/* digit groups in the numeric tail */
	int			min_numbers;	/* fewest numbers a split gives, -1 if
								 * the groups cannot be read at all */
	int			max_numbers;	/* most numbers a split gives, -1 likewise */
	bool		ofullstandig;	/* fewer figures than columns */
	kr_tabell_status status;
	uint64_t	nsplits;		/* splits in question (into K, or any count
								 * when ofullstandig), saturating */
	bool		truncated;		/* the relation search ran out of steps */
	int			nsatisfying;	/* splits satisfying every relation (all
								 * splits, capped at INT_MAX, without
								 * relations) */
	int			failed_relation;	/* 0-based relation no split satisfies,
									 * or -1 */
	int			ncandidates;
	kr_tabell_candidate *candidates;
	kr_tabell_value *values;	/* storage behind candidates[i].values */
	char		message[KR_TABELL_MESSAGE_SIZE];	/* why this status */
} kr_tabellrad;

typedef struct kr_tabell_block
{
	int			nrows;
	kr_tabellrad *rows;
} kr_tabell_block;

extern int	kr_tabell_parse_relations(const char *text, size_t len, int ncolumns,
									  kr_tabell_relations *out,
									  kr_tabell_error *err);
extern int	kr_tabell_read_line(const char *line, size_t len,
								const kr_tabell_options *opts,
								kr_tabellrad *out, kr_tabell_error *err);
extern void kr_tabellrad_free(kr_tabellrad *row);
extern int	kr_tabell_read_block(const char *text, size_t len,
								 const kr_tabell_options *opts,
								 kr_tabell_block *out, kr_tabell_error *err);
extern void kr_tabell_block_free(kr_tabell_block *block);
extern const kr_tabell_value *kr_tabellrad_values(const kr_tabellrad *row,
												  int *nvalues);
extern int	kr_tabell_format_value(const kr_tabell_value *value, bool grouped,
								   char *buf, size_t size);
extern int	kr_tabell_format_relation(const kr_tabell_relation *relation,
									  char *buf, size_t size);
extern const char *kr_tabell_status_name(kr_tabell_status status);

#endif							/* KR_TABELL_CORE_H */
