/*
 * sie.c -- reading SIE files in SQL: las_sie (every record as a row),
 * sie_kodning (the encoding found), sie_summa and sie_summa_lo (the sums of
 * a file, from a bytea or streamed from a large object), and sie_kartlagg
 * (those sums through the account and object maps, as a load needs them).
 *
 * The reading itself is done by the pure-C core in sie_core.c, whose header
 * gives the rules, and the maps' rule by karta_core.c.  Here the file is handed to the core in chunks (a bytea
 * in slices of its buffer, a large object read 1 MB at a time, so that a
 * large object is read with memory independent of its size), its records
 * become SQL rows, and its errors become ereport:
 *
 *	a malformed line							22P02 invalid_text_representation
 *	an amount out of range, a sum overflowing	22003 numeric_value_out_of_range
 *	a line over 64 kB, too many fields			54000 program_limit_exceeded
 *	out of memory								53200 out_of_memory
 *
 * The message names the line; the detail gives its text.  The core
 * allocates with malloc: every reader and sum is freed on every path, errors
 * included (PG_FINALLY).
 */
#include "postgres.h"

#include "karta_core.h"
#include "period_core.h"
#include "sie_core.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "common/int.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/libpq-fs.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#define LAS_SIE_NATTS	16
#define SUMMA_NATTS		7
#define LO_CHUNK		(1024 * 1024)
#define BYTEA_CHUNK		(1024 * 1024)

PG_FUNCTION_INFO_V1(las_sie);
PG_FUNCTION_INFO_V1(sie_kodning);
PG_FUNCTION_INFO_V1(sie_summa);
PG_FUNCTION_INFO_V1(sie_summa_lo);
PG_FUNCTION_INFO_V1(sie_kartlagg);

/* ---- where the bytes come from ----------------------------------------- */

typedef struct SieSource
{
	const char *data;			/* a bytea */
	size_t		len;
	size_t		pos;
	int32		lofd;			/* a large object, or -1 */
	char	   *buf;
} SieSource;

static void
source_bytea(SieSource *src, bytea *b)
{
	src->data = VARDATA_ANY(b);
	src->len = VARSIZE_ANY_EXHDR(b);
	src->pos = 0;
	src->lofd = -1;
	src->buf = NULL;
}

static void
source_lo(SieSource *src, Oid lo)
{
	src->data = NULL;
	src->len = 0;
	src->pos = 0;
	src->lofd = DatumGetInt32(DirectFunctionCall2(be_lo_open, ObjectIdGetDatum(lo),
												  Int32GetDatum(INV_READ)));
	src->buf = NULL;
}

/* The next chunk; false at the end. */
static bool
source_next(SieSource *src, const char **data, size_t *len)
{
	if (src->lofd < 0)
	{
		size_t		n = src->len - src->pos;

		if (n == 0)
			return false;
		if (n > BYTEA_CHUNK)
			n = BYTEA_CHUNK;
		*data = src->data + src->pos;
		*len = n;
		src->pos += n;
		return true;
	}
	else
	{
		bytea	   *b;

		if (src->buf)
			pfree(src->buf);
		b = DatumGetByteaPP(DirectFunctionCall2(be_loread, Int32GetDatum(src->lofd),
												Int32GetDatum(LO_CHUNK)));
		src->buf = (char *) b;
		if (VARSIZE_ANY_EXHDR(b) == 0)
			return false;
		*data = VARDATA_ANY(b);
		*len = VARSIZE_ANY_EXHDR(b);
		return true;
	}
}

static void
source_rewind(SieSource *src)
{
	if (src->lofd < 0)
		src->pos = 0;
	else
		DirectFunctionCall3(be_lo_lseek64, Int32GetDatum(src->lofd), Int64GetDatum(0),
							Int32GetDatum(SEEK_SET));
}

static void
source_close(SieSource *src)
{
	if (src->lofd >= 0)
		DirectFunctionCall1(be_lo_close, Int32GetDatum(src->lofd));
	src->lofd = -1;
}

/* ---- errors and text --------------------------------------------------- */

/* UTF-8 text of the core in the database encoding. */
static char *
utf8_to_server(const char *s)
{
	int			len = (int) strlen(s);

	return pg_any_to_server(s, len, PG_UTF8);
}

static void
report_error(const SieError *err) pg_attribute_noreturn();

static void
report_error(const SieError *err)
{
	int			code;
	char	   *msg = utf8_to_server(err->message);

	switch (err->code)
	{
		case SIE_ERR_RANGE:
			code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
			break;
		case SIE_ERR_LIMIT:
			code = ERRCODE_PROGRAM_LIMIT_EXCEEDED;
			break;
		case SIE_ERR_NOMEM:
			code = ERRCODE_OUT_OF_MEMORY;
			break;
		default:
			code = ERRCODE_INVALID_TEXT_REPRESENTATION;
			break;
	}
	if (err->text[0] != '\0')
		ereport(ERROR,
				(errcode(code),
				 errmsg("invalid SIE file: %s", msg),
				 errdetail("Line %ld reads: %s", err->line, utf8_to_server(err->text)),
				 errhint("Nothing of the file has been loaded.")));
	ereport(ERROR,
			(errcode(code),
			 errmsg("invalid SIE file: %s", msg),
			 errhint("Nothing of the file has been loaded.")));
}

/* Detect the encoding of the whole source, then rewind it. */
static SieEncoding
detect(SieSource *src, char *desc, size_t descsize)
{
	SieDetector d;
	const char *data;
	size_t		len;

	sie_detect_init(&d);
	while (source_next(src, &data, &len))
	{
		sie_detect_feed(&d, (const unsigned char *) data, len);
		CHECK_FOR_INTERRUPTS();
	}
	source_rewind(src);
	return sie_detect_result(&d, desc, descsize);
}

static Datum
text_datum(const char *s)
{
	return PointerGetDatum(cstring_to_text(utf8_to_server(s)));
}

static Datum
date_datum(SieDate d)
{
	return DateADTGetDatum(date2j(d.year, d.month, d.day) - POSTGRES_EPOCH_JDATE);
}

static Datum
month_datum(int year, int first, int last)
{
	PeriodParts p;

	p.year = year;
	p.first = first;
	p.last = last;
	return Int32GetDatum(period_pack(p));
}

static bool
period_ok(int year)
{
	return year >= PERIOD_MIN_YEAR && year <= PERIOD_MAX_YEAR;
}

/* ---- las_sie ------------------------------------------------------------ */

static void
record_row(const SieRecord *rec, Datum *values, bool *nulls)
{
	memset(nulls, true, sizeof(bool) * LAS_SIE_NATTS);
	values[0] = Int64GetDatum(rec->line);
	nulls[0] = false;
	values[1] = CStringGetTextDatum(sie_kind_name(rec->kind));
	nulls[1] = false;
	if (rec->has_arsnr)
	{
		values[2] = Int32GetDatum(rec->arsnr);
		nulls[2] = false;
	}
	if (rec->has_period && period_ok(rec->period_year))
	{
		values[3] = month_datum(rec->period_year, rec->period_month, rec->period_month);
		nulls[3] = false;
	}
	else if (rec->kind == SIE_RAR && rec->date.year == rec->date2.year && period_ok(rec->date.year))
	{
		values[3] = month_datum(rec->date.year, rec->date.month, rec->date2.month);
		nulls[3] = false;
	}
	else if ((rec->kind == SIE_VER || rec->kind == SIE_TRANS || rec->kind == SIE_RTRANS ||
			  rec->kind == SIE_BTRANS) && period_ok(rec->date.year))
	{
		values[3] = month_datum(rec->date.year, rec->date.month, rec->date.month);
		nulls[3] = false;
	}
	if (rec->konto)
	{
		values[4] = text_datum(rec->konto);
		nulls[4] = false;
	}
	if (rec->has_objects)
	{
		if (rec->nobjects == 0)
			values[5] = PointerGetDatum(construct_empty_array(TEXTOID));
		else
		{
			Datum	   *elems = palloc(sizeof(Datum) * 2 * rec->nobjects);
			int			dims[2];
			int			lbs[2] = {1, 1};

			for (int i = 0; i < rec->nobjects; i++)
			{
				elems[2 * i] = DirectFunctionCall1(textin,
												   CStringGetDatum(psprintf("%d", rec->objects[i].dim)));
				elems[2 * i + 1] = text_datum(rec->objects[i].obj);
			}
			dims[0] = rec->nobjects;
			dims[1] = 2;
			values[5] = PointerGetDatum(construct_md_array(elems, NULL, 2, dims, lbs,
														   TEXTOID, -1, false, TYPALIGN_INT));
		}
		nulls[5] = false;
	}
	if (rec->has_amount)
	{
		values[6] = Int64GetDatum(rec->ore);
		nulls[6] = false;
	}
	if (rec->quantity)
	{
		values[7] = DirectFunctionCall3(numeric_in, CStringGetDatum(rec->quantity),
										ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
		nulls[7] = false;
	}
	if (rec->text)
	{
		values[8] = text_datum(rec->text);
		nulls[8] = false;
	}
	if (rec->date.year != 0)
	{
		values[9] = date_datum(rec->date);
		nulls[9] = false;
	}
	if (rec->date2.year != 0)
	{
		values[10] = date_datum(rec->date2);
		nulls[10] = false;
	}
	if (rec->dim != 0)
	{
		values[11] = Int32GetDatum(rec->dim);
		nulls[11] = false;
	}
	if (rec->superdim != 0)
	{
		values[12] = Int32GetDatum(rec->superdim);
		nulls[12] = false;
	}
	if (rec->serie)
	{
		values[13] = text_datum(rec->serie);
		nulls[13] = false;
	}
	if (rec->vernr)
	{
		values[14] = text_datum(rec->vernr);
		nulls[14] = false;
	}
	if (rec->kind == SIE_TRANS || rec->kind == SIE_RTRANS || rec->kind == SIE_BTRANS)
	{
		values[15] = BoolGetDatum(rec->counted != 0);
		nulls[15] = false;
	}
}

Datum
las_sie(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SieSource	src;
	SieEncoding enc;
	char		desc[200];
	SieReader  *volatile reader = NULL;
	MemoryContext rowcxt;
	SieError	err;
	bool		failed = false;

	InitMaterializedSRF(fcinfo, 0);
	source_bytea(&src, PG_GETARG_BYTEA_PP(0));
	enc = detect(&src, desc, sizeof(desc));
	ereport(NOTICE, (errmsg("SIE file read as %s", desc)));

	reader = sie_reader_new(enc);
	if (reader == NULL)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	rowcxt = AllocSetContextCreate(CurrentMemoryContext, "las_sie row", ALLOCSET_DEFAULT_SIZES);

	PG_TRY();
	{
		const char *data;
		size_t		len;
		bool		more = true;

		while (!failed)
		{
			const SieRecord *rec;
			int			rc;

			if (more)
			{
				more = source_next(&src, &data, &len);
				if (more)
					sie_reader_feed(reader, data, len);
				else
					sie_reader_finish(reader);
			}
			while ((rc = sie_reader_next(reader, &rec, &err)) == 1)
			{
				Datum		values[LAS_SIE_NATTS];
				bool		nulls[LAS_SIE_NATTS];
				MemoryContext old = MemoryContextSwitchTo(rowcxt);

				record_row(rec, values, nulls);
				MemoryContextSwitchTo(old);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
				MemoryContextReset(rowcxt);
				if ((rec->line & 0xFFFF) == 0)
					CHECK_FOR_INTERRUPTS();
			}
			if (rc < 0)
				failed = true;
			else if (!more)
				break;
		}
	}
	PG_FINALLY();
	{
		sie_reader_free(reader);
		reader = NULL;
	}
	PG_END_TRY();
	if (failed)
		report_error(&err);
	MemoryContextDelete(rowcxt);
	return (Datum) 0;
}

Datum
sie_kodning(PG_FUNCTION_ARGS)
{
	SieSource	src;
	char		desc[200];

	source_bytea(&src, PG_GETARG_BYTEA_PP(0));
	(void) detect(&src, desc, sizeof(desc));
	PG_RETURN_TEXT_P(cstring_to_text(desc));
}

/* ---- sie_summa and sie_kartlagg: the sums of a file --------------------- */

/*
 * Both return rows whose first five columns are slag, arsnr, period, konto
 * and objekt and whose last two are belopp and antal; sie_kartlagg has the
 * columns of the maps in between (SUMMA_NATTS and KARTA_NATTS).
 */
#define KARTA_NATTS		12
#define COL_SLAG		0
#define COL_ARSNR		1
#define COL_PERIOD		2
#define COL_KONTO		3
#define COL_OBJEKT		4
#define COL_NAMND		5
#define COL_ENHET		6
#define COL_RAD			7
#define COL_NIVA		8
#define COL_INTERVALL	9
#define COL_BELOPP(natts)	((natts) - 2)
#define COL_ANTAL(natts)	((natts) - 1)

static const char *
cell_kind_name(SieCellKind k)
{
	switch (k)
	{
		case SIE_CELL_UTFALL:
			return "utfall";
		case SIE_CELL_BUDGET:
			return "budget";
		case SIE_CELL_RES:
			return "res";
		case SIE_CELL_IB:
			return "ib";
		case SIE_CELL_UB:
			return "ub";
	}
	return "?";
}

/* A row of natts columns, all NULL but slag. */
static void
row_init(Datum *values, bool *nulls, int natts, const char *slag)
{
	memset(nulls, true, sizeof(bool) * natts);
	values[COL_SLAG] = CStringGetTextDatum(slag);
	nulls[COL_SLAG] = false;
}

static void
row_set(Datum *values, bool *nulls, int col, Datum v)
{
	values[col] = v;
	nulls[col] = false;
}

static void
put_info(ReturnSetInfo *rsinfo, int natts, const char *key, const char *value)
{
	Datum		values[KARTA_NATTS];
	bool		nulls[KARTA_NATTS];

	row_init(values, nulls, natts, "fil");
	row_set(values, nulls, COL_KONTO, CStringGetTextDatum(key));
	row_set(values, nulls, COL_OBJEKT, text_datum(value));
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

static void
put_info_int(ReturnSetInfo *rsinfo, int natts, const char *key, int64 v)
{
	char		buf[32];

	snprintf(buf, sizeof(buf), INT64_FORMAT, v);
	put_info(rsinfo, natts, key, buf);
}

/* A cell of the file as it is: a month's outcome or budget, a #RES, #IB, #UB. */
static void
put_cell(ReturnSetInfo *rsinfo, int natts, const SieCell *c)
{
	Datum		values[KARTA_NATTS];
	bool		nulls[KARTA_NATTS];

	row_init(values, nulls, natts, cell_kind_name(c->kind));
	row_set(values, nulls, COL_ARSNR, Int32GetDatum(c->arsnr));
	if ((c->kind == SIE_CELL_UTFALL || c->kind == SIE_CELL_BUDGET) && period_ok(c->year))
		row_set(values, nulls, COL_PERIOD, month_datum(c->year, c->month, c->month));
	row_set(values, nulls, COL_KONTO, text_datum(c->konto));
	if (c->objekt)
		row_set(values, nulls, COL_OBJEKT, text_datum(c->objekt));
	row_set(values, nulls, COL_BELOPP(natts), Int64GetDatum(c->ore));
	row_set(values, nulls, COL_ANTAL(natts), Int64GetDatum(c->rows));
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

/* What is done with the sums once read and settled (inside the reading's PG_TRY). */
typedef void (*EmitSums) (ReturnSetInfo *rsinfo, int natts, SieSumma *summa, void *arg);

/*
 * The unit dimensions a sum is keyed by: 1 to SIE_MAX_UNIT_DIMS of them,
 * each a dimension number, ascending, each once (22023 otherwise).
 */
static void
check_unit_dims(const int *dims, int ndims)
{
	if (ndims < 1 || ndims > SIE_MAX_UNIT_DIMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%d unit dimensions, not 1 to %d", ndims, SIE_MAX_UNIT_DIMS)));
	for (int i = 0; i < ndims; i++)
	{
		if (dims[i] < 1)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("dimension %d is not a dimension number", dims[i]),
					 errdetail("SIE dimensions are numbered from 1 (1 = kostnadsställe/ansvar).")));
		if (i > 0 && dims[i] <= dims[i - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the unit dimensions must be given in ascending order, each once")));
	}
}

/*
 * Read the file of src into sums of the unit dimensions dims (as
 * check_unit_dims allows them), with a NOTICE every `every` records (0 =
 * none); return the file's properties and #RAR years as rows, then hand the
 * sums to emit.  The reader and the sums are freed on every path.
 */
static void
read_sums(FunctionCallInfo fcinfo, SieSource *src, const int *dims, int ndims, int64 every, int natts,
		  EmitSums emit, void *arg)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	SieEncoding enc;
	char		desc[200];
	SieReader  *volatile reader = NULL;
	SieSumma   *volatile summa = NULL;
	SieError	err;
	bool		failed = false;

	InitMaterializedSRF(fcinfo, 0);
	enc = detect(src, desc, sizeof(desc));

	reader = sie_reader_new(enc);
	summa = sie_summa_new(dims, ndims);
	PG_TRY();
	{
		const char *data;
		size_t		len;
		bool		more = true;
		int64		nrec = 0;

		if (reader == NULL || summa == NULL)
			ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
		while (!failed)
		{
			const SieRecord *rec;
			int			rc;

			if (more)
			{
				more = source_next(src, &data, &len);
				if (more)
					sie_reader_feed(reader, data, len);
				else
					sie_reader_finish(reader);
			}
			while ((rc = sie_reader_next(reader, &rec, &err)) == 1)
			{
				if (sie_summa_add(summa, rec, &err) != SIE_OK)
				{
					rc = -1;
					break;
				}
				nrec++;
				if (every > 0 && nrec % every == 0)
					ereport(NOTICE,
							(errmsg("SIE: " INT64_FORMAT " records read (line %ld)",
									nrec, rec->line)));
				if ((nrec & 0xFFFF) == 0)
					CHECK_FOR_INTERRUPTS();
			}
			if (rc < 0)
				failed = true;
			else if (!more)
				break;
		}
		if (!failed && sie_summa_finish(summa, &err) != SIE_OK)
			failed = true;

		if (!failed)
		{
			const SieSummaStats *st = sie_summa_stats(summa);

			put_info(rsinfo, natts, "kodning", desc);
			put_info(rsinfo, natts, "teckenkodning", sie_encoding_name(enc));
			put_info(rsinfo, natts, "kalla", st->from_trans ? "TRANS" : st->psaldo > 0 ? "PSALDO" : "");
			put_info_int(rsinfo, natts, "rader", sie_reader_lines(reader));
			put_info_int(rsinfo, natts, "poster", nrec);
			put_info_int(rsinfo, natts, "trans", st->trans);
			put_info_int(rsinfo, natts, "tvillingar", st->twins);
			put_info_int(rsinfo, natts, "borttagna", st->removed);
			put_info_int(rsinfo, natts, "psaldo", st->psaldo);
			put_info_int(rsinfo, natts, "pbudget", st->pbudget);
			put_info_int(rsinfo, natts, "grupper_med_total", st->groups_total);
			put_info_int(rsinfo, natts, "grupper_celler", st->groups_cells);
			for (int i = 0; i < st->nrar; i++)
			{
				int			arsnr;
				SieDate		a,
							b;
				Datum		values[KARTA_NATTS];
				bool		nulls[KARTA_NATTS];

				sie_summa_rar(summa, i, &arsnr, &a, &b);
				row_init(values, nulls, natts, "rar");
				row_set(values, nulls, COL_ARSNR, Int32GetDatum(arsnr));
				if (a.year == b.year && period_ok(a.year))
					row_set(values, nulls, COL_PERIOD, month_datum(a.year, a.month, b.month));
				row_set(values, nulls, COL_KONTO,
						CStringGetTextDatum(psprintf("%04d-%02d-%02d", a.year, a.month, a.day)));
				row_set(values, nulls, COL_OBJEKT,
						CStringGetTextDatum(psprintf("%04d-%02d-%02d", b.year, b.month, b.day)));
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			}
			emit(rsinfo, natts, summa, arg);
		}
	}
	PG_FINALLY();
	{
		sie_reader_free(reader);
		sie_summa_free(summa);
		reader = NULL;
		summa = NULL;
	}
	PG_END_TRY();
	source_close(src);
	if (failed)
		report_error(&err);
}

/* sie_summa: every cell as it is. */
static void
emit_cells(ReturnSetInfo *rsinfo, int natts, SieSumma *summa, void *arg)
{
	size_t		n = sie_summa_ncells(summa);
	MemoryContext rowcxt = AllocSetContextCreate(CurrentMemoryContext, "sie_summa row",
												 ALLOCSET_DEFAULT_SIZES);

	sie_summa_sort(summa);

	for (size_t i = 0; i < n; i++)
	{
		MemoryContext old = MemoryContextSwitchTo(rowcxt);

		put_cell(rsinfo, natts, sie_summa_cell(summa, i));
		MemoryContextSwitchTo(old);
		MemoryContextReset(rowcxt);
	}
	MemoryContextDelete(rowcxt);
}

Datum
sie_summa(PG_FUNCTION_ARGS)
{
	SieSource	src;
	int			dim = PG_GETARG_INT32(1);

	check_unit_dims(&dim, 1);
	source_bytea(&src, PG_GETARG_BYTEA_PP(0));
	read_sums(fcinfo, &src, &dim, 1, PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2),
			  SUMMA_NATTS, emit_cells, NULL);
	return (Datum) 0;
}

Datum
sie_summa_lo(PG_FUNCTION_ARGS)
{
	SieSource	src;
	int			dim = PG_GETARG_INT32(1);

	check_unit_dims(&dim, 1);
	source_lo(&src, PG_GETARG_OID(0));
	read_sums(fcinfo, &src, &dim, 1, PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2),
			  SUMMA_NATTS, emit_cells, NULL);
	return (Datum) 0;
}

/* ---- sie_kartlagg: the sums through the account and object maps ---------- */

/*
 * The rule of the maps is karta_core's.  The entries come from the caller
 * (read with the caller's rights, so that row-level security on the object
 * map holds); every account month and object month of the file is resolved
 * once, and the cells are added up per month, unit and report row.  What
 * comes out is what the load and its checks need, a few rows per account
 * and unit instead of a row per cell:
 *
 *	fil, rar, res, ib, ub	as sie_summa
 *	arssumma	per year index and account: the outcome of the file (every
 *				month and object), for the reconciliation with #RES and #UB
 *	konto		per account month and report row its winners name: rad
 *				(NULL: left out on purpose), the lowest niva, the ranges
 *				(intervall); niva NULL when no entry covers the account;
 *				belopp = the account month's outcome
 *	objekt		likewise per object month (objekt NULL: no object of a
 *				unit dimension) and unit, for objects met with an account that
 *				is not left out; belopp = their outcome on such accounts.
 *				With several unit dimensions the object is the SIE object
 *				list of the cell's unit objects, each dimension's object is
 *				resolved by that dimension's entries, and the dimensions
 *				whose winners have the lowest niva decide together
 *				(kombi_winners); intervall names the ranges per dimension
 *	utfall, budget	per month, committee, unit and row: the sum of the
 *				cells whose account names one row and object one unit
 */

/* What an entry names: a report row (a), or a committee and unit (a, b). */
typedef struct Mal
{
	char	   *a;
	char	   *b;
} Mal;

typedef struct Regelverk
{
	const char *vad;			/* "account map", "object map" */
	KartaRegel *regler;
	size_t		nregler;
	Mal		   *mal;
	int			nmal;
	int			malcap;
	Karta	   *karta;			/* the map (objects: of the one unit dimension) */
	size_t	   *vinnare;		/* room for every entry */
	/* objects: the unit dimensions, and per dimension its entries' map */
	int		   *dimof;			/* per entry: its dimension */
	int		   *nummer;			/* per entry: its place in the caller's array */
	int			ndims;
	int			dims[SIE_MAX_UNIT_DIMS];
	size_t		off[SIE_MAX_UNIT_DIMS];
	size_t		cnt[SIE_MAX_UNIT_DIMS];
	Karta	   *kartor[SIE_MAX_UNIT_DIMS];
} Regelverk;

/* An account or object month, resolved. */
typedef struct Upplost
{
	const char *kod;			/* UTF-8 (the sums' own), NULL = no object */
	int			ym;
	int			nmal;			/* targets its winners name: 0 none, 1, 2 = several */
	int			mal;			/* the one target (-1 = left out) */
	bool		behovs;			/* objects: met with an account not left out */
	int64		ore;
	int64		rader;
} Upplost;

typedef struct KodNyckel
{
	int32		ym;
	const char *kod;
} KodNyckel;

typedef struct KodPost
{
	KodNyckel	key;
	uint32		hash;
	int			id;
	char		status;
} KodPost;

static inline uint32
kod_hash(KodNyckel k)
{
	uint32		h = murmurhash32((uint32) k.ym);

	if (k.kod)
		h = hash_combine(h, hash_bytes((const unsigned char *) k.kod, (int) strlen(k.kod)));
	return h;
}

static inline bool
kod_lika(KodNyckel a, KodNyckel b)
{
	if (a.ym != b.ym)
		return false;
	if (a.kod == NULL || b.kod == NULL)
		return a.kod == b.kod;
	return strcmp(a.kod, b.kod) == 0;
}

#define SH_PREFIX kodtab
#define SH_ELEMENT_TYPE KodPost
#define SH_KEY_TYPE KodNyckel
#define SH_KEY key
#define SH_HASH_KEY(tb, k) kod_hash(k)
#define SH_EQUAL(tb, a, b) kod_lika(a, b)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) ((a)->hash)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* A sum of the load: kind, month, unit and row. */
typedef struct SummaNyckel
{
	int32		kind;
	int32		ym;
	int32		enhet;
	int32		rad;
} SummaNyckel;

typedef struct SummaPost
{
	SummaNyckel key;
	int			id;
	char		status;
} SummaPost;

#define SH_PREFIX summatab
#define SH_ELEMENT_TYPE SummaPost
#define SH_KEY_TYPE SummaNyckel
#define SH_KEY key
#define SH_HASH_KEY(tb, k) hash_bytes((const unsigned char *) &(k), sizeof(SummaNyckel))
#define SH_EQUAL(tb, a, b) ((a).kind == (b).kind && (a).ym == (b).ym && (a).enhet == (b).enhet && (a).rad == (b).rad)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

typedef struct Summa
{
	SummaNyckel key;
	int64		ore;
	int64		rader;
} Summa;

/* A growing array of n elements of size sz (palloc'd, doubled). */
static void *
grow_array(void *p, int n, int *cap, Size sz)
{
	if (n < *cap)
		return p;
	if (*cap >= (int) (MaxAllocSize / sz / 2))
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("too many accounts, objects or sums in one SIE file")));
	*cap = *cap ? 2 * *cap : 256;
	return p ? repalloc(p, *cap * sz) : palloc(*cap * sz);
}

static char *
attr_text(HeapTupleHeader t, int att)
{
	bool		isnull;
	Datum		d = GetAttributeByNum(t, att, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

static int32
attr_date(HeapTupleHeader t, int att, int32 ifnull)
{
	bool		isnull;
	Datum		d = GetAttributeByNum(t, att, &isnull);

	return isnull ? ifnull : DatumGetDateADT(d);
}

/* The index of target (a, b), added when new; -1 for a NULL. */
static int
mal_index(Regelverk *rv, char *a, char *b)
{
	if (a == NULL)
		return -1;
	for (int i = 0; i < rv->nmal; i++)
		if (strcmp(rv->mal[i].a, a) == 0 &&
			(b == NULL ? rv->mal[i].b == NULL : rv->mal[i].b != NULL && strcmp(rv->mal[i].b, b) == 0))
			return i;
	rv->mal = grow_array(rv->mal, rv->nmal, &rv->malcap, sizeof(Mal));
	rv->mal[rv->nmal].a = a;
	rv->mal[rv->nmal].b = b;
	return rv->nmal++;
}

static char *
to_utf8(char *s)
{
	return s ? pg_server_to_any(s, (int) strlen(s), PG_UTF8) : NULL;
}

/*
 * The entries of an array of sie_kontoregel (niva, konto_fran, konto_till,
 * rad, giltig_fran, giltig_till) or sie_objektregel (niva, objekt_fran,
 * objekt_till, namnd, enhet, giltig_fran, giltig_till).  Only palloc: the
 * map itself is made later (karta_ny), where it can be freed on every path.
 */
static void
read_rules(ArrayType *arr, bool objekt, Regelverk *rv)
{
	Datum	   *elems = NULL;
	bool	   *enulls = NULL;
	int			n = 0;
	int			gf = objekt ? 6 : 5;
	bool		isnull;

	memset(rv, 0, sizeof(Regelverk));
	rv->vad = objekt ? "object map" : "account map";
	if (arr != NULL)
	{
		int16		typlen;
		bool		typbyval;
		char		typalign;

		if (ARR_NDIM(arr) > 1)
			ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
							errmsg("the %s must be a one-dimensional array", rv->vad)));
		get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
		deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &enulls, &n);
	}
	rv->regler = palloc0(sizeof(KartaRegel) * Max(n, 1));
	rv->dimof = palloc0(sizeof(int) * Max(n, 1));
	rv->nummer = palloc0(sizeof(int) * Max(n, 1));
	rv->nregler = n;
	for (int i = 0; i < n; i++)
	{
		HeapTupleHeader t;
		KartaRegel *r = &rv->regler[i];
		Datum		niva;
		char	   *a,
				   *b = NULL;

		if (enulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("entry %d of the %s is NULL", i + 1, rv->vad)));
		t = DatumGetHeapTupleHeader(elems[i]);
		niva = GetAttributeByNum(t, 1, &isnull);
		if (isnull)
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
							errmsg("entry %d of the %s has no level (niva)", i + 1, rv->vad)));
		r->niva = DatumGetInt32(niva);
		r->fran = to_utf8(attr_text(t, 2));
		r->till = to_utf8(attr_text(t, 3));
		a = attr_text(t, 4);
		if (objekt)
		{
			b = attr_text(t, 5);
			if (a == NULL || b == NULL)
				ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
								errmsg("entry %d of the %s names no committee and unit", i + 1, rv->vad)));
		}
		r->mal = mal_index(rv, a, b);
		r->giltig_fran = attr_date(t, gf, KARTA_TIDIGAST);
		r->giltig_till = attr_date(t, gf + 1, KARTA_SENAST);
		rv->nummer[i] = i + 1;
		if (objekt)
		{
			Datum		d = GetAttributeByNum(t, 8, &isnull);

			if (isnull)
				ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
								errmsg("entry %d of the %s has no dimension", i + 1, rv->vad)));
			rv->dimof[i] = DatumGetInt32(d);
		}
	}
	rv->vinnare = palloc(sizeof(size_t) * Max(n, 1));
}

/*
 * Make the map of the n entries of rv from off into *karta; on an error
 * nothing is left allocated.
 */
static void
make_map(Regelverk *rv, size_t off, size_t n, Karta **karta)
{
	size_t		fel = 0;
	KartaStatus st = karta_ny(rv->regler + off, n, karta, &fel);

	if (st == KARTA_SLUT_PA_MINNE)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	if (st != KARTA_OK)
	{
		const KartaRegel *r = &rv->regler[off + fel];

		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("entry %d of the %s is not valid: %s..%s", rv->nummer[off + fel], rv->vad,
						r->fran ? utf8_to_server(r->fran) : "NULL", r->till ? utf8_to_server(r->till) : "NULL"),
				 errdetail("A range is two codes of the same length, the first not after the second, valid from a day to a day not before it.")));
	}
}

/*
 * Order the object map's entries by unit dimension (dims, ascending; the
 * caller's order within one) and make a map of each dimension's entries; an
 * entry of another dimension is an error.  With one unit dimension its map
 * is rv->karta as well.
 */
static void
make_unit_maps(Regelverk *rv, const int *dims, int ndims)
{
	KartaRegel *regler = palloc(sizeof(KartaRegel) * Max(rv->nregler, 1));
	int		   *dimof = palloc(sizeof(int) * Max(rv->nregler, 1));
	int		   *nummer = palloc(sizeof(int) * Max(rv->nregler, 1));
	size_t		n = 0;

	rv->ndims = ndims;
	memcpy(rv->dims, dims, sizeof(int) * ndims);
	for (size_t i = 0; i < rv->nregler; i++)
	{
		bool		known = false;

		for (int k = 0; k < ndims; k++)
			known |= rv->dimof[i] == dims[k];
		if (!known)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("entry %d of the %s is of dimension %d, which is not a unit dimension",
							rv->nummer[i], rv->vad, rv->dimof[i])));
	}
	for (int k = 0; k < ndims; k++)
	{
		rv->off[k] = n;
		for (size_t i = 0; i < rv->nregler; i++)
			if (rv->dimof[i] == dims[k])
			{
				regler[n] = rv->regler[i];
				dimof[n] = rv->dimof[i];
				nummer[n] = rv->nummer[i];
				n++;
			}
		rv->cnt[k] = n - rv->off[k];
	}
	rv->regler = regler;
	rv->dimof = dimof;
	rv->nummer = nummer;
	for (int k = 0; k < ndims; k++)
		make_map(rv, rv->off[k], rv->cnt[k], &rv->kartor[k]);
	if (ndims == 1)
		rv->karta = rv->kartor[0];
}

/* The last day of month ym (YYYYMM) as a date. */
static int32
month_end(int ym)
{
	int			y = ym / 100,
				m = ym % 100;

	return date2j(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1 - POSTGRES_EPOCH_JDATE;
}

typedef struct Upplosning
{
	Regelverk  *rv;
	kodtab_hash *tab;
	Upplost    *u;
	int			n;
	int			cap;
} Upplosning;

/* The entry of (ym, kod), made empty on first sight (*ny says so). */
static Upplost *
lookup(Upplosning *up, const char *kod, int ym, bool *ny)
{
	KodNyckel	key = {ym, kod};
	bool		found;
	KodPost    *p = kodtab_insert(up->tab, key, &found);
	Upplost    *u;

	*ny = !found;
	if (found)
		return &up->u[p->id];
	up->u = grow_array(up->u, up->n, &up->cap, sizeof(Upplost));
	p->id = up->n++;
	u = &up->u[p->id];
	memset(u, 0, sizeof(Upplost));
	u->kod = kod;
	u->ym = ym;
	return u;
}

/* The account or object month (ym, kod), resolved on first sight. */
static Upplost *
resolve(Upplosning *up, const char *kod, int ym)
{
	bool		ny;
	Upplost    *u = lookup(up, kod, ym, &ny);

	if (ny)
	{
		size_t		nv = karta_vinnare(up->rv->karta, kod, month_end(ym), up->rv->vinnare);

		for (size_t j = 0; j < nv; j++)
		{
			int			m = karta_regel(up->rv->karta, up->rv->vinnare[j])->mal;

			if (j == 0)
			{
				u->mal = m;
				u->nmal = 1;
			}
			else if (m != u->mal)
				u->nmal = 2;
		}
	}
	return u;
}

static int
cmp_range(const void *pa, const void *pb, void *arg)
{
	const Karta *k = arg;
	const KartaRegel *a = karta_regel(k, *(const size_t *) pa),
			   *b = karta_regel(k, *(const size_t *) pb);
	int			c;

	if (a->fran == NULL || b->fran == NULL)
		return (a->fran == NULL) - (b->fran == NULL);
	if ((c = strcmp(a->fran, b->fran)) != 0)
		return c;
	return strcmp(a->till, b->till);
}

/*
 * The rows of a resolved account month (objekt false) or object month: one
 * per target its winners name, with the lowest level and the ranges; one row
 * with no target when nothing covers it.
 */
static void
put_resolved(ReturnSetInfo *rsinfo, const Upplost *u, Regelverk *rv, bool objekt)
{
	size_t		nv = karta_vinnare(rv->karta, u->kod, month_end(u->ym), rv->vinnare);
	size_t	   *egna = palloc(sizeof(size_t) * Max(nv, 1));
	bool	   *klar = palloc0(sizeof(bool) * Max(nv, 1));

	for (size_t j = 0; j < Max(nv, 1); j++)
	{
		Datum		values[KARTA_NATTS];
		bool		nulls[KARTA_NATTS];
		size_t		ne = 0;

		if (nv > 0 && klar[j])
			continue;
		row_init(values, nulls, KARTA_NATTS, objekt ? "objekt" : "konto");
		row_set(values, nulls, COL_PERIOD, month_datum(u->ym / 100, u->ym % 100, u->ym % 100));
		if (u->kod)
			row_set(values, nulls, objekt ? COL_OBJEKT : COL_KONTO, text_datum(u->kod));
		row_set(values, nulls, COL_BELOPP(KARTA_NATTS), Int64GetDatum(u->ore));
		row_set(values, nulls, COL_ANTAL(KARTA_NATTS), Int64GetDatum(u->rader));
		if (nv > 0)
		{
			int			m = karta_regel(rv->karta, rv->vinnare[j])->mal;
			int			niva = INT_MAX;
			StringInfoData s;

			for (size_t i = j; i < nv; i++)
			{
				const KartaRegel *r = karta_regel(rv->karta, rv->vinnare[i]);

				if (r->mal != m)
					continue;
				klar[i] = true;
				egna[ne++] = rv->vinnare[i];
				niva = Min(niva, r->niva);
			}
			qsort_arg(egna, ne, sizeof(size_t), cmp_range, rv->karta);
			initStringInfo(&s);
			for (size_t i = 0; i < ne; i++)
			{
				const KartaRegel *r = karta_regel(rv->karta, egna[i]);

				if (i > 0)
					appendStringInfoString(&s, ", ");
				if (r->fran)
					appendStringInfo(&s, "%s..%s", r->fran, r->till);
				else
					appendStringInfoString(&s, "(no object)");
			}
			if (m >= 0)
			{
				if (objekt)
				{
					row_set(values, nulls, COL_NAMND, CStringGetTextDatum(rv->mal[m].a));
					row_set(values, nulls, COL_ENHET, CStringGetTextDatum(rv->mal[m].b));
				}
				else
					row_set(values, nulls, COL_RAD, CStringGetTextDatum(rv->mal[m].a));
			}
			row_set(values, nulls, COL_NIVA, Int32GetDatum(niva));
			row_set(values, nulls, COL_INTERVALL, text_datum(s.data));
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

/*
 * An object month of several unit dimensions: the key's object of each
 * dimension is resolved by that dimension's entries; the dimensions whose
 * winners have the lowest level decide together (a municipality's own entries
 * before every municipality's, whatever the dimension), and the cell maps to
 * the targets they name: none, one, or several (an error).  The winners of
 * dimension k are put in vinnare (room for every entry) from *nv on; *niva is
 * the deciding level (INT_MAX for none) and decides[k] whether dimension k is
 * one of the deciding.
 */
static void
kombi_winners(Regelverk *rv, const char *key, int ym, size_t *nv, int *niva, bool *decides, size_t *from)
{
	const char *obj[SIE_MAX_UNIT_DIMS];
	size_t		len[SIE_MAX_UNIT_DIMS];
	int			lev[SIE_MAX_UNIT_DIMS];

	if (sie_unit_key_split(key, rv->ndims, obj, len) != 0)
		elog(ERROR, "SIE unit object key \"%s\" does not split into %d objects", key, rv->ndims);
	*nv = 0;
	*niva = INT_MAX;
	for (int k = 0; k < rv->ndims; k++)
	{
		char	   *kod = obj[k] ? pnstrdup(obj[k], len[k]) : NULL;
		size_t		n = karta_vinnare(rv->kartor[k], kod, month_end(ym), rv->vinnare + *nv);

		from[k] = *nv;
		/* indices of a dimension's map: made indices into rv->regler */
		for (size_t j = 0; j < n; j++)
			rv->vinnare[*nv + j] += rv->off[k];
		lev[k] = n > 0 ? rv->regler[rv->vinnare[*nv]].niva : INT_MAX;
		*niva = Min(*niva, lev[k]);
		*nv += n;
		if (kod)
			pfree(kod);
	}
	from[rv->ndims] = *nv;
	for (int k = 0; k < rv->ndims; k++)
		decides[k] = lev[k] != INT_MAX && lev[k] == *niva;
}

static void
resolve_kombi(Upplost *u, Regelverk *rv)
{
	size_t		nv;
	int			niva;
	bool		decides[SIE_MAX_UNIT_DIMS];
	size_t		from[SIE_MAX_UNIT_DIMS + 1];

	kombi_winners(rv, u->kod, u->ym, &nv, &niva, decides, from);
	for (int k = 0; k < rv->ndims; k++)
		for (size_t j = from[k]; decides[k] && j < from[k + 1]; j++)
		{
			int			m = rv->regler[rv->vinnare[j]].mal;

			if (u->nmal == 0)
			{
				u->mal = m;
				u->nmal = 1;
			}
			else if (m != u->mal)
				u->nmal = 2;
		}
}

/* An object key of several unit dimensions as an SIE object list: {1 "100" 6 "P7"}. */
static char *
kombi_text(const Regelverk *rv, const char *key)
{
	const char *obj[SIE_MAX_UNIT_DIMS];
	size_t		len[SIE_MAX_UNIT_DIMS];
	StringInfoData s;
	bool		first = true;

	if (sie_unit_key_split(key, rv->ndims, obj, len) != 0)
		elog(ERROR, "SIE unit object key \"%s\" does not split into %d objects", key, rv->ndims);
	initStringInfo(&s);
	appendStringInfoChar(&s, '{');
	for (int k = 0; k < rv->ndims; k++)
	{
		if (obj[k] == NULL)
			continue;
		appendStringInfo(&s, "%s%d \"", first ? "" : " ", rv->dims[k]);
		for (size_t i = 0; i < len[k]; i++)
		{
			if (obj[k][i] == '"' || obj[k][i] == '\\')
				appendStringInfoChar(&s, '\\');
			appendStringInfoChar(&s, obj[k][i]);
		}
		appendStringInfoChar(&s, '"');
		first = false;
	}
	appendStringInfoChar(&s, '}');
	return s.data;
}

/* The columns every row of an object month of several unit dimensions has. */
static void
kombi_row_init(Datum *values, bool *nulls, const Upplost *u, const Regelverk *rv)
{
	row_init(values, nulls, KARTA_NATTS, "objekt");
	row_set(values, nulls, COL_PERIOD, month_datum(u->ym / 100, u->ym % 100, u->ym % 100));
	if (u->kod)
		row_set(values, nulls, COL_OBJEKT, text_datum(kombi_text(rv, u->kod)));
	row_set(values, nulls, COL_BELOPP(KARTA_NATTS), Int64GetDatum(u->ore));
	row_set(values, nulls, COL_ANTAL(KARTA_NATTS), Int64GetDatum(u->rader));
}

/*
 * The rows of an object month of several unit dimensions (objekt as an SIE
 * object list): one per target the deciding dimensions name, with their
 * level and ranges ("dimension 1: 100..199"); one row with no target when
 * no dimension decides.
 */
static void
put_kombi(ReturnSetInfo *rsinfo, const Upplost *u, Regelverk *rv)
{
	size_t		nv;
	int			niva;
	bool		decides[SIE_MAX_UNIT_DIMS];
	size_t		from[SIE_MAX_UNIT_DIMS + 1];
	bool	   *klar;
	bool		any = false;

	/* kod NULL: no object of any unit dimension (each one's "no object" entries) */
	kombi_winners(rv, u->kod, u->ym, &nv, &niva, decides, from);
	klar = palloc0(sizeof(bool) * Max(nv, 1));
	for (int k0 = 0; k0 < rv->ndims; k0++)
		for (size_t j0 = from[k0]; decides[k0] && j0 < from[k0 + 1]; j0++)
		{
			int			m = rv->regler[rv->vinnare[j0]].mal;
			Datum		values[KARTA_NATTS];
			bool		nulls[KARTA_NATTS];
			StringInfoData s;

			if (klar[j0])
				continue;
			any = true;
			initStringInfo(&s);
			for (int k = 0; k < rv->ndims; k++)
			{
				bool		named = false;

				for (size_t j = from[k]; decides[k] && j < from[k + 1]; j++)
				{
					const KartaRegel *r = &rv->regler[rv->vinnare[j]];

					if (r->mal != m)
						continue;
					klar[j] = true;
					appendStringInfo(&s, "%s", s.len == 0 ? "" : named ? ", " : "; ");
					if (!named)
						appendStringInfo(&s, "dimension %d: ", rv->dims[k]);
					named = true;
					if (r->fran)
						appendStringInfo(&s, "%s..%s", r->fran, r->till);
					else
						appendStringInfoString(&s, "(no object)");
				}
			}
			kombi_row_init(values, nulls, u, rv);
			row_set(values, nulls, COL_NAMND, CStringGetTextDatum(rv->mal[m].a));
			row_set(values, nulls, COL_ENHET, CStringGetTextDatum(rv->mal[m].b));
			row_set(values, nulls, COL_NIVA, Int32GetDatum(niva));
			row_set(values, nulls, COL_INTERVALL, text_datum(s.data));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	if (!any)
	{
		Datum		values[KARTA_NATTS];
		bool		nulls[KARTA_NATTS];

		kombi_row_init(values, nulls, u, rv);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
}

typedef struct Kartlagg
{
	Regelverk	konton;
	Regelverk	objekt;
} Kartlagg;

static void
add_ore(int64 *sum, int64 ore, const char *konto)
{
	if (pg_add_s64_overflow(*sum, ore, sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the sums of account %s overflow", utf8_to_server(konto)),
				 errhint("Nothing of the file has been loaded.")));
}

static void
emit_mapped(ReturnSetInfo *rsinfo, int natts, SieSumma *summa, void *arg)
{
	Kartlagg   *kl = arg;
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "sie_kartlagg",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	size_t		n = sie_summa_ncells(summa);
	Upplosning	konton = {&kl->konton, kodtab_create(cxt, 4096, NULL), NULL, 0, 0};
	Upplosning	objekt = {&kl->objekt, kodtab_create(cxt, 1024, NULL), NULL, 0, 0};
	Upplosning	ar = {NULL, kodtab_create(cxt, 1024, NULL), NULL, 0, 0};
	summatab_hash *sumtab = summatab_create(cxt, 4096, NULL);
	Summa	   *sums = NULL;
	int			nsums = 0,
				sumcap = 0;
	MemoryContext rowcxt;

	for (size_t i = 0; i < n; i++)
	{
		const SieCell *c = sie_summa_cell(summa, i);
		int			ym = c->year * 100 + c->month;
		Upplost    *a,
				   *o;

		if (c->kind != SIE_CELL_UTFALL && c->kind != SIE_CELL_BUDGET)
		{
			put_cell(rsinfo, natts, c);
			continue;
		}
		if (!period_ok(c->year))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("account %s has figures for %04d-%02d, a month outside the years %d to %d",
							utf8_to_server(c->konto), c->year, c->month, PERIOD_MIN_YEAR, PERIOD_MAX_YEAR),
					 errhint("Nothing of the file has been loaded.")));
		if (c->kind == SIE_CELL_UTFALL)
		{
			bool		ny;
			Upplost    *y = lookup(&ar, c->konto, c->arsnr, &ny);	/* ym holds the year index */

			add_ore(&y->ore, c->ore, c->konto);
			y->rader += c->rows;
		}
		a = resolve(&konton, c->konto, ym);
		if (c->kind == SIE_CELL_UTFALL)
		{
			add_ore(&a->ore, c->ore, c->konto);
			a->rader += c->rows;
		}
		if (a->nmal == 1 && a->mal < 0)
			continue;			/* left out of the operating statement on purpose */
		if (kl->objekt.ndims == 1)
			o = resolve(&objekt, c->objekt, ym);
		else
		{
			bool		ny;

			o = lookup(&objekt, c->objekt, ym, &ny);
			if (ny)
				resolve_kombi(o, &kl->objekt);
		}
		o->behovs = true;
		if (c->kind == SIE_CELL_UTFALL)
		{
			add_ore(&o->ore, c->ore, c->konto);
			o->rader += c->rows;
		}
		if (a->nmal == 1 && o->nmal == 1 && o->mal >= 0)
		{
			SummaNyckel key = {c->kind, ym, o->mal, a->mal};
			bool		found;
			SummaPost  *p = summatab_insert(sumtab, key, &found);

			if (!found)
			{
				sums = grow_array(sums, nsums, &sumcap, sizeof(Summa));
				p->id = nsums++;
				sums[p->id].key = key;
				sums[p->id].ore = 0;
				sums[p->id].rader = 0;
			}
			add_ore(&sums[p->id].ore, c->ore, c->konto);
			sums[p->id].rader += c->rows;
		}
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}

	for (int i = 0; i < ar.n; i++)
	{
		Datum		values[KARTA_NATTS];
		bool		nulls[KARTA_NATTS];

		row_init(values, nulls, natts, "arssumma");
		row_set(values, nulls, COL_ARSNR, Int32GetDatum(ar.u[i].ym));
		row_set(values, nulls, COL_KONTO, text_datum(ar.u[i].kod));
		row_set(values, nulls, COL_BELOPP(natts), Int64GetDatum(ar.u[i].ore));
		row_set(values, nulls, COL_ANTAL(natts), Int64GetDatum(ar.u[i].rader));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	rowcxt = AllocSetContextCreate(cxt, "sie_kartlagg row", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(rowcxt);
	for (int i = 0; i < konton.n; i++)
	{
		put_resolved(rsinfo, &konton.u[i], &kl->konton, false);
		MemoryContextReset(rowcxt);
	}
	for (int i = 0; i < objekt.n; i++)
		if (objekt.u[i].behovs)
		{
			if (kl->objekt.ndims == 1)
				put_resolved(rsinfo, &objekt.u[i], &kl->objekt, true);
			else
				put_kombi(rsinfo, &objekt.u[i], &kl->objekt);
			MemoryContextReset(rowcxt);
		}
	MemoryContextSwitchTo(cxt);
	for (int i = 0; i < nsums; i++)
	{
		const Summa *s = &sums[i];
		const Mal  *u = &kl->objekt.mal[s->key.enhet];
		Datum		values[KARTA_NATTS];
		bool		nulls[KARTA_NATTS];

		row_init(values, nulls, natts, cell_kind_name((SieCellKind) s->key.kind));
		row_set(values, nulls, COL_PERIOD, month_datum(s->key.ym / 100, s->key.ym % 100, s->key.ym % 100));
		row_set(values, nulls, COL_NAMND, CStringGetTextDatum(u->a));
		row_set(values, nulls, COL_ENHET, CStringGetTextDatum(u->b));
		row_set(values, nulls, COL_RAD, CStringGetTextDatum(kl->konton.mal[s->key.rad].a));
		row_set(values, nulls, COL_BELOPP(natts), Int64GetDatum(s->ore));
		row_set(values, nulls, COL_ANTAL(natts), Int64GetDatum(s->rader));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
}

/*
 * The unit dimensions of an integer[] (no NULLs) into *dims (palloc'd),
 * checked by check_unit_dims; returns how many.
 */
static int
unit_dims(ArrayType *arr, int **dims)
{
	Datum	   *elems;
	bool	   *enulls;
	int			n;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
						errmsg("the unit dimensions must be a one-dimensional array")));
	deconstruct_array(arr, INT4OID, sizeof(int32), true, TYPALIGN_INT, &elems, &enulls, &n);
	*dims = palloc(sizeof(int) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (enulls[i])
			ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("a unit dimension is NULL")));
		(*dims)[i] = DatumGetInt32(elems[i]);
	}
	check_unit_dims(*dims, n);
	return n;
}

/*
 * sie_kartlagg(fil bytea, lo oid, dimensioner integer[], konton
 * sie_kontoregel[], objekt sie_objektregel[], rapportera_var bigint): the
 * file (a bytea, or a large object read 1 MB at a time; one of the two)
 * through the maps; units through the objects of the unit dimensions
 * (ascending).
 */
Datum
sie_kartlagg(PG_FUNCTION_ARGS)
{
	SieSource	src;
	Kartlagg	kl;
	int		   *dims;
	int			ndims;

	if (PG_ARGISNULL(0) == PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(PG_ARGISNULL(0) ? ERRCODE_NULL_VALUE_NOT_ALLOWED : ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("an SIE file is read from a bytea or from a large object, not %s",
						PG_ARGISNULL(0) ? "from neither" : "from both")));
	if (PG_ARGISNULL(2))
		ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("the unit dimensions are NULL")));
	ndims = unit_dims(PG_GETARG_ARRAYTYPE_P(2), &dims);
	read_rules(PG_ARGISNULL(3) ? NULL : PG_GETARG_ARRAYTYPE_P(3), false, &kl.konton);
	read_rules(PG_ARGISNULL(4) ? NULL : PG_GETARG_ARRAYTYPE_P(4), true, &kl.objekt);
	make_map(&kl.konton, 0, kl.konton.nregler, &kl.konton.karta);
	PG_TRY();
	{
		make_unit_maps(&kl.objekt, dims, ndims);
		if (PG_ARGISNULL(0))
			source_lo(&src, PG_GETARG_OID(1));
		else
			source_bytea(&src, PG_GETARG_BYTEA_PP(0));
		read_sums(fcinfo, &src, dims, ndims, PG_ARGISNULL(5) ? 0 : PG_GETARG_INT64(5),
				  KARTA_NATTS, emit_mapped, &kl);
	}
	PG_FINALLY();
	{
		karta_fri(kl.konton.karta);
		for (int k = 0; k < SIE_MAX_UNIT_DIMS; k++)
			karta_fri(kl.objekt.kartor[k]);
		kl.konton.karta = kl.objekt.karta = NULL;
		memset(kl.objekt.kartor, 0, sizeof(kl.objekt.kartor));
	}
	PG_END_TRY();
	return (Datum) 0;
}
