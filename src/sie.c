/*
 * sie.c -- reading SIE files in SQL: las_sie (every record as a row),
 * sie_kodning (the encoding found), sie_summa and sie_summa_lo (the sums a
 * load needs, from a bytea or streamed from a large object).
 *
 * The reading itself is done by the pure-C core in sie_core.c, whose header
 * gives the rules.  Here the file is handed to the core in chunks (a bytea
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

#include "sie_core.h"
#include "period_core.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/libpq-fs.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
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

/* ---- sie_summa ---------------------------------------------------------- */

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

static void
put_info(ReturnSetInfo *rsinfo, const char *key, const char *value)
{
	Datum		values[SUMMA_NATTS];
	bool		nulls[SUMMA_NATTS];

	memset(nulls, true, sizeof(nulls));
	values[0] = CStringGetTextDatum("fil");
	nulls[0] = false;
	values[3] = CStringGetTextDatum(key);
	nulls[3] = false;
	values[4] = text_datum(value);
	nulls[4] = false;
	tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
}

static void
put_info_int(ReturnSetInfo *rsinfo, const char *key, int64 v)
{
	char		buf[32];

	snprintf(buf, sizeof(buf), INT64_FORMAT, v);
	put_info(rsinfo, key, buf);
}

static Datum
summa_common(FunctionCallInfo fcinfo, SieSource *src)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		dim = PG_GETARG_INT32(1);
	int64		every = PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2);
	SieEncoding enc;
	char		desc[200];
	SieReader  *volatile reader = NULL;
	SieSumma   *volatile summa = NULL;
	SieError	err;
	bool		failed = false;

	if (dim < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("dimension %d is not a dimension number", dim),
				 errdetail("SIE dimensions are numbered from 1 (1 = kostnadsställe/ansvar).")));
	InitMaterializedSRF(fcinfo, 0);
	enc = detect(src, desc, sizeof(desc));

	reader = sie_reader_new(enc);
	summa = sie_summa_new(dim);
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
			size_t		n = sie_summa_ncells(summa);
			MemoryContext rowcxt = AllocSetContextCreate(CurrentMemoryContext, "sie_summa row",
														 ALLOCSET_DEFAULT_SIZES);

			put_info(rsinfo, "kodning", desc);
			put_info(rsinfo, "teckenkodning", sie_encoding_name(enc));
			put_info(rsinfo, "kalla", st->from_trans ? "TRANS" : st->psaldo > 0 ? "PSALDO" : "");
			put_info_int(rsinfo, "rader", sie_reader_lines(reader));
			put_info_int(rsinfo, "poster", nrec);
			put_info_int(rsinfo, "trans", st->trans);
			put_info_int(rsinfo, "tvillingar", st->twins);
			put_info_int(rsinfo, "borttagna", st->removed);
			put_info_int(rsinfo, "psaldo", st->psaldo);
			put_info_int(rsinfo, "pbudget", st->pbudget);
			put_info_int(rsinfo, "grupper_med_total", st->groups_total);
			put_info_int(rsinfo, "grupper_celler", st->groups_cells);
			for (int i = 0; i < st->nrar; i++)
			{
				int			arsnr;
				SieDate		a,
							b;
				Datum		values[SUMMA_NATTS];
				bool		nulls[SUMMA_NATTS];

				sie_summa_rar(summa, i, &arsnr, &a, &b);
				memset(nulls, true, sizeof(nulls));
				values[0] = CStringGetTextDatum("rar");
				nulls[0] = false;
				values[1] = Int32GetDatum(arsnr);
				nulls[1] = false;
				if (a.year == b.year && period_ok(a.year))
				{
					values[2] = month_datum(a.year, a.month, b.month);
					nulls[2] = false;
				}
				values[3] = CStringGetTextDatum(psprintf("%04d-%02d-%02d", a.year, a.month, a.day));
				nulls[3] = false;
				values[4] = CStringGetTextDatum(psprintf("%04d-%02d-%02d", b.year, b.month, b.day));
				nulls[4] = false;
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			}
			for (size_t i = 0; i < n; i++)
			{
				const SieCell *c = sie_summa_cell(summa, i);
				Datum		values[SUMMA_NATTS];
				bool		nulls[SUMMA_NATTS];
				MemoryContext old = MemoryContextSwitchTo(rowcxt);

				memset(nulls, false, sizeof(nulls));
				values[0] = CStringGetTextDatum(cell_kind_name(c->kind));
				values[1] = Int32GetDatum(c->arsnr);
				if ((c->kind == SIE_CELL_UTFALL || c->kind == SIE_CELL_BUDGET) && period_ok(c->year))
					values[2] = month_datum(c->year, c->month, c->month);
				else
					nulls[2] = true;
				values[3] = text_datum(c->konto);
				if (c->objekt)
					values[4] = text_datum(c->objekt);
				else
					nulls[4] = true;
				values[5] = Int64GetDatum(c->ore);
				values[6] = Int64GetDatum(c->rows);
				MemoryContextSwitchTo(old);
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
				MemoryContextReset(rowcxt);
			}
			MemoryContextDelete(rowcxt);
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
	return (Datum) 0;
}

Datum
sie_summa(PG_FUNCTION_ARGS)
{
	SieSource	src;

	source_bytea(&src, PG_GETARG_BYTEA_PP(0));
	return summa_common(fcinfo, &src);
}

Datum
sie_summa_lo(PG_FUNCTION_ARGS)
{
	SieSource	src;

	source_lo(&src, PG_GETARG_OID(0));
	return summa_common(fcinfo, &src);
}
