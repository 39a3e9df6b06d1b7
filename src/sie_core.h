/*
 * sie_core.h -- reading SIE files (types 2, 3 and 4), pure C.
 *
 * SIE is the file format every Swedish accounting system exports: a text
 * file of records, one a line, each starting with a label ("#TRANS").  This
 * module (no PostgreSQL headers, unit-tested and fuzzed alone) does three
 * things:
 *
 *	1. ENCODING.  The specification says #FORMAT PC8, i.e. code page 437; in
 *	   practice files are also written in UTF-8 or Windows-1252 under the
 *	   same declaration.  sie_detect_* looks at every byte: a UTF-8 byte
 *	   order mark, or valid UTF-8 with non-ASCII characters, is UTF-8;
 *	   otherwise the Swedish letters of both 8-bit code pages are counted
 *	   (CP437 å ä ö Å Ä Ö é ü at 0x86 0x84 0x94 0x8F 0x8E 0x99 0x82 0x81,
 *	   Windows-1252 at 0xE5 0xE4 0xF6 0xC5 0xC4 0xD6 0xE9 0xFC) and the code
 *	   page with more wins, CP437 on a tie (the declaration's default).
 *	   Bytes that Windows-1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D)
 *	   rule Windows-1252 out.  A file of plain ASCII is ASCII.  The reader
 *	   converts every line to UTF-8.
 *
 *	2. RECORDS.  A line is cut into fields at spaces and tabs (any number,
 *	   leading and trailing ones ignored, a final carriage return dropped).
 *	   A field is a bare word, a quoted string ("..." in which \" is a quote
 *	   and \\ a backslash) or an object list: "{", pairs of dimension number
 *	   and object (bare or quoted), "}" -- {1 "100" 6 "P7"}, {1 100}, {},
 *	   { }.  Amounts are [-]digits[.digits], point decimal, no grouping; at
 *	   most two decimals unless the further ones are zeros (a fraction of
 *	   an öre is an error).  Debit is positive, credit negative, as in the
 *	   file.  Dates are YYYYMMDD, periods YYYYMM.  Empty lines are skipped,
 *	   and so are records this reader does not return (#FLAGGA, #PROGRAM,
 *	   #FORMAT, #GEN, #SIETYP, #FNAMN, #ORGNR, #OIB, #OUB, #SRU, ...: any
 *	   label of capital letters); fields beyond those a record defines are
 *	   ignored, as the specification asks.  A line that is neither empty, a
 *	   record, nor the "{" or "}" around a voucher's transactions is an
 *	   error; so is a malformed field of a record returned.
 *
 *	   Returned records and their fields (optional ones in brackets):
 *		#RAR arsnr start slut			#DIM dim namn
 *		#UNDERDIM dim namn overdim		#OBJEKT dim objekt namn
 *		#KONTO konto namn				#KTYP konto typ
 *		#IB/#UB/#RES arsnr konto saldo [kvantitet]
 *		#PSALDO/#PBUDGET arsnr period konto {objekt} saldo [kvantitet]
 *		#VER serie vernr datum [text [regdatum [sign]]]
 *		#TRANS/#RTRANS/#BTRANS konto {objekt} belopp [datum [text [kvantitet [sign]]]]
 *	   Transactions stand between "{" and "}" after their #VER; a
 *	   transaction without a date has its voucher's date.  #RTRANS (a row
 *	   added afterwards) is by the specification followed by a #TRANS with
 *	   the same content for older readers: that twin is returned with
 *	   counted = 0, as is every #BTRANS (a removed row).  Every other
 *	   transaction has counted = 1.
 *
 *	3. SUMS.  SieSumma adds up what a load needs: counted transactions per
 *	   year index, month, account and unit object (the objects of the
 *	   chosen unit dimensions, or none); #PSALDO and #PBUDGET per year index, month,
 *	   account and unit object; #RES, #IB and #UB per year index and account.
 *	   Period balances come in two shapes.  Exporters that follow the
 *	   specification write the account's total with an empty object list
 *	   and, for objects, balances that overlap it ({1 "100"}, {6 "P7"},
 *	   {1 "100" 6 "P7"} all part of the same total).  Others write only
 *	   disjoint cells and no total.  For each year index, period and
 *	   account: when a total {} is there, the unit figures come from the
 *	   rows of ONE set of dimensions that includes a unit dimension (the one
 *	   with most unit dimensions; among equals the one with fewest
 *	   dimensions, then the first by dimension numbers; a unit dimension
 *	   outside the set counts as no object), and what the total holds beyond them belongs to no unit;
 *	   without a total, every row is a cell of its own and rows are added
 *	   up by their unit object.  Either way no amount is counted twice when
 *	   the file is of one of the two shapes; a file of neither shape (two
 *	   overlapping sets and no total) is caught by reconciling against #RES.
 *	   When a file has counted transactions the outcome is taken from them
 *	   and its #PSALDO rows are not used; otherwise from #PSALDO.
 *
 * ERRORS AND MEMORY.  Every function that can fail returns a SieStatus and
 * fills a SieError (code, 1-based line, message, the line's text in UTF-8,
 * cut to SIE_ERRTEXT_LEN); it never aborts.  The reader keeps no more than
 * one line (at most SIE_MAX_LINE bytes) plus the chunk it is given; the
 * sums grow with the number of distinct cells, not with the file.  All
 * memory is malloc'd and released by the _free functions, on every path.
 */
#ifndef KR_SIE_CORE_H
#define KR_SIE_CORE_H

#include <stddef.h>
#include <stdint.h>

#define SIE_MAX_LINE		65536	/* bytes of one line as read */
#define SIE_MAX_FIELDS		64
#define SIE_MAX_OBJECTS		32		/* dimension/object pairs of one list */
#define SIE_ERRMSG_LEN		256
#define SIE_ERRTEXT_LEN		200

typedef enum SieStatus
{
	SIE_OK = 0,
	SIE_ERR_SYNTAX,				/* a malformed line */
	SIE_ERR_RANGE,				/* an amount or number out of range */
	SIE_ERR_LIMIT,				/* a line too long, too many fields */
	SIE_ERR_NOMEM
} SieStatus;

typedef struct SieError
{
	SieStatus	code;
	long		line;			/* 0 when the error is not of one line */
	char		message[SIE_ERRMSG_LEN];
	char		text[SIE_ERRTEXT_LEN];	/* the line (UTF-8 when convertible) */
} SieError;

/* ---- encoding ---------------------------------------------------------- */

typedef enum SieEncoding
{
	SIE_ENC_ASCII = 0,
	SIE_ENC_UTF8,
	SIE_ENC_CP437,
	SIE_ENC_WIN1252
} SieEncoding;

typedef struct SieDetector
{
	uint64_t	nbytes;
	uint64_t	nhigh;			/* bytes >= 0x80 */
	uint64_t	score437;
	uint64_t	score1252;
	int			undefined1252;	/* a byte Windows-1252 does not define */
	int			utf8_ok;
	int			utf8_need;		/* continuation bytes still due */
	int			utf8_lo;		/* bounds of the next continuation byte */
	int			utf8_hi;
	int			bom;
	int			line_len;		/* bytes of the current line seen so far */
	char		line_start[16];	/* its first bytes */
	int			declared;		/* -1 no #FORMAT seen, 1 PC8, 0 another */
} SieDetector;

extern void sie_detect_init(SieDetector *d);
extern void sie_detect_feed(SieDetector *d, const unsigned char *data, size_t len);

/*
 * The encoding the bytes fed are in, with a sentence saying what was found
 * and what the file declared ("CP437, as #FORMAT PC8 declares"; "UTF-8,
 * although #FORMAT PC8 declares CP437").  desc has room for descsize bytes.
 */
extern SieEncoding sie_detect_result(const SieDetector *d, char *desc, size_t descsize);

/* "ASCII", "UTF-8", "CP437", "Windows-1252". */
extern const char *sie_encoding_name(SieEncoding e);

/* ---- records ----------------------------------------------------------- */

typedef enum SieKind
{
	SIE_RAR = 1,
	SIE_DIM,
	SIE_UNDERDIM,
	SIE_OBJEKT,
	SIE_KONTO,
	SIE_KTYP,
	SIE_IB,
	SIE_UB,
	SIE_RES,
	SIE_PSALDO,
	SIE_PBUDGET,
	SIE_VER,
	SIE_TRANS,
	SIE_RTRANS,
	SIE_BTRANS
} SieKind;

/* "RAR", "DIM", ... (without the #). */
extern const char *sie_kind_name(SieKind k);

typedef struct SieDate
{
	int			year;			/* 0 when absent */
	int			month;
	int			day;
} SieDate;

typedef struct SieObject
{
	int			dim;
	const char *obj;			/* NUL-terminated UTF-8 */
} SieObject;

/*
 * One record.  Strings are NUL-terminated UTF-8 and live until the next call
 * of sie_reader_next; a field a record does not have is NULL / 0.
 */
typedef struct SieRecord
{
	SieKind		kind;
	long		line;
	int			has_arsnr;
	int			arsnr;
	int			has_period;		/* #PSALDO, #PBUDGET */
	int			period_year;
	int			period_month;
	const char *konto;
	int			has_objects;	/* the record has an object list (maybe empty) */
	int			nobjects;
	SieObject	objects[SIE_MAX_OBJECTS];
	int			has_amount;
	int64_t		ore;
	const char *quantity;		/* decimal text, or NULL */
	const char *text;			/* names, voucher and transaction texts, #KTYP's type */
	SieDate		date;			/* #RAR start, #VER date, transaction date */
	SieDate		date2;			/* #RAR end, #VER registration date */
	int			dim;			/* #DIM, #UNDERDIM, #OBJEKT */
	int			superdim;		/* #UNDERDIM */
	const char *serie;			/* #VER, and the voucher of a transaction */
	const char *vernr;
	int			counted;		/* transactions: see above */
} SieRecord;

typedef struct SieReader SieReader;

/* A reader for text in encoding enc; NULL when out of memory. */
extern SieReader *sie_reader_new(SieEncoding enc);
extern void sie_reader_free(SieReader *r);

/*
 * Give the reader the next chunk of the file (it must have returned 0 for
 * the previous chunk first).  The chunk is not copied and must stay valid
 * until sie_reader_next returns 0 for it; only an unfinished last line is
 * copied.  After the last chunk call sie_reader_finish.
 */
extern void sie_reader_feed(SieReader *r, const char *data, size_t len);
extern void sie_reader_finish(SieReader *r);

/*
 * The next record: returns 1 and sets *rec, 0 when the chunk is used up
 * (or, after finish, at the end of the file), -1 on an error (err filled;
 * the reader cannot go on).
 */
extern int	sie_reader_next(SieReader *r, const SieRecord **rec, SieError *err);

/* Lines read so far. */
extern long sie_reader_lines(const SieReader *r);

/*
 * Parse one SIE amount (len bytes, no surrounding space).  Returns SIE_OK
 * and the öre, SIE_ERR_SYNTAX or SIE_ERR_RANGE with a message in msg
 * (SIE_ERRMSG_LEN bytes, may be NULL).
 */
extern SieStatus sie_parse_amount(const char *s, size_t len, int64_t *ore, char *msg);

/* ---- sums -------------------------------------------------------------- */

typedef enum SieCellKind
{
	SIE_CELL_UTFALL = 1,		/* outcome of a month */
	SIE_CELL_BUDGET,			/* budget of a month */
	SIE_CELL_RES,				/* #RES of a year */
	SIE_CELL_IB,
	SIE_CELL_UB
} SieCellKind;

typedef struct SieCell
{
	SieCellKind kind;
	int			arsnr;
	int			year;			/* the month: UTFALL and BUDGET only */
	int			month;
	const char *konto;
	const char *objekt;			/* the unit object, NULL for none */
	int64_t		ore;
	int64_t		rows;			/* records added into it */
} SieCell;

typedef struct SieSummaStats
{
	int64_t		trans;			/* counted transactions */
	int64_t		twins;			/* #TRANS twins of #RTRANS, not counted */
	int64_t		removed;		/* #BTRANS, not counted */
	int64_t		psaldo;
	int64_t		pbudget;
	int64_t		groups_total;	/* period balances with a total {} and overlapping objects */
	int64_t		groups_cells;	/* period balances of disjoint cells only */
	int			from_trans;		/* outcome from transactions (else from #PSALDO) */
	int			nrar;
} SieSummaStats;

typedef struct SieSumma SieSumma;

/* The most unit dimensions a sum can have. */
#define SIE_MAX_UNIT_DIMS 16

/*
 * Sums whose unit object is the object of the unit dimensions unit_dims
 * (n of them, 1..SIE_MAX_UNIT_DIMS, ascending, each >= 1); NULL when they are
 * not so or out of memory.  With one unit dimension a cell's objekt is the
 * object of that dimension; with several it is a key that
 * sie_unit_key_split takes apart.
 */
extern SieSumma *sie_summa_new(const int *unit_dims, int n);

/*
 * The objects of a cell's objekt key, for a sum of n unit dimensions: obj[i]
 * (not NUL-terminated with several dimensions: len[i] bytes) is the object of
 * the i-th unit dimension, NULL when the cell has none.  Returns 0, or -1 for
 * a key that is not one.
 */
extern int	sie_unit_key_split(const char *key, int n, const char **obj, size_t *len);
extern void sie_summa_free(SieSumma *s);

/* Add a record (records that carry no amount are taken note of or ignored). */
extern SieStatus sie_summa_add(SieSumma *s, const SieRecord *rec, SieError *err);

/*
 * Settle the sums (overlapping period balances, the outcome source) and list
 * the cells, in no particular order.  After this no more records may be
 * added.
 */
extern SieStatus sie_summa_finish(SieSumma *s, SieError *err);

/* Order the cells of a finished sum by kind, year index, month, account and object. */
extern void sie_summa_sort(SieSumma *s);
extern size_t sie_summa_ncells(const SieSumma *s);
extern const SieCell *sie_summa_cell(const SieSumma *s, size_t i);
extern const SieSummaStats *sie_summa_stats(const SieSumma *s);

/* The #RAR years seen: index i < stats->nrar. */
extern int	sie_summa_rar(const SieSumma *s, int i, int *arsnr, SieDate *start, SieDate *end);

#endif							/* KR_SIE_CORE_H */
