/*
 * summera.c -- the roll-up of every report, in C.
 *
 * summera(figurer figur[], namnd text) adds each leaf figure (an amount of one
 * measure for one unit and report row, optionally within a forecast round) to
 * every ancestor unit (and the committee total) and every ancestor report row,
 * restated in the ancestor row's sign convention, and returns one row per
 * (committee, round, unit, row) with the sum of each measure, names, levels and
 * the sort key, in printed order.
 *
 * The hierarchies are read through the extension's own SQL functions
 * (enhet_over, enhet_ordning, rad_over, rad_ordning) with SPI, so what an
 * ancestor, a level or a place in the printed order is stays defined in one
 * place, and row-level security on the dimension tables holds as for any
 * query of the caller.  What is done here is the arithmetic: the figures are
 * hashed into their cells with exact 128-bit sums per measure and the cells
 * sorted by the sort key, instead of joining every figure to both hierarchies
 * and grouping and sorting the product on text keys in SQL.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include "belopp.h"

/* A byte string looked up by content: a committee, unit, row or round key. */
typedef struct ByteKey
{
	const char *s;
	int			len;
} ByteKey;

typedef struct KeyEntry
{
	ByteKey		key;
	uint32		hash;
	int			id;
	char		status;
} KeyEntry;

#define SH_PREFIX keytab
#define SH_ELEMENT_TYPE KeyEntry
#define SH_KEY_TYPE ByteKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) hash_bytes((const unsigned char *) (k).s, (k).len)
#define SH_EQUAL(tb, a, b) ((a).len == (b).len && memcmp((a).s, (b).s, (a).len) == 0)
#define SH_STORE_HASH
#define SH_GET_HASH(tb, a) ((a)->hash)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* A cell of the result: round, unit node and row node. */
typedef struct CellKey
{
	int32		omgang;
	int32		enhet;
	int32		rad;
} CellKey;

typedef struct CellEntry
{
	CellKey		key;
	int			id;
	char		status;
} CellEntry;

#define SH_PREFIX celltab
#define SH_ELEMENT_TYPE CellEntry
#define SH_KEY_TYPE CellKey
#define SH_KEY key
#define SH_HASH_KEY(tb, k) hash_bytes((const unsigned char *) &(k), sizeof(CellKey))
#define SH_EQUAL(tb, a, b) ((a).omgang == (b).omgang && (a).enhet == (b).enhet && (a).rad == (b).rad)
#define SH_SCOPE static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

/* The attributes of the type figur: namnd, omgang, omgang_nr, enhet, rad, matt, belopp. */
#define FIGUR_NATTS 7
/* The measures are numbered 1 .. this (as summa_per_matt's). */
#define SUMMERA_MAX_MATT 1000

/* A unit node: a unit, or a committee's total (kod NULL). */
typedef struct Enhet
{
	int			namnd;			/* index into Roll.namnd */
	text	   *kod;			/* NULL: the committee total */
	text	   *namn;			/* the unit's name; NULL for a total (the committee's is used) */
	int			niva;			/* 0 for the total */
	int			sortering;
	bool		har_sortering;
} Enhet;

/* A report row, with its ancestors and the factor restating its figures in each. */
typedef struct Rad
{
	text	   *kod;
	text	   *namn;
	Datum		tecken;
	int			faktor;			/* teckenfaktor(tecken) */
	int			niva;
	bool		har_niva;
	int			sortering;
	bool		har_sortering;
} Rad;

/* The ancestors of nodes 0 .. n - 1: node i's are list[start[i] .. start[i] + count[i]). */
typedef struct Anor
{
	int		   *list;
	int		   *start;
	int		   *count;
} Anor;

typedef struct Namnd
{
	text	   *kod;
	text	   *namn;			/* NULL when the committee is not in namnd */
	int			total;			/* its total node, -1 until one is needed */
} Namnd;

typedef struct Omgang
{
	text	   *kod;			/* NULL: no round */
	int32		nr;
	bool		har_nr;
} Omgang;

typedef struct Cell
{
	CellKey		key;
	int			slot;			/* its sums: sum/has[slot * matt ..] (cells are sorted, slots stay) */
	int			n;				/* the highest measure added */
} Cell;

typedef struct Roll
{
	MemoryContext cxt;
	keytab_hash *namnd_tab;
	keytab_hash *enhet_tab;		/* committee code NUL unit code -> unit node */
	keytab_hash *rad_tab;
	keytab_hash *omgang_tab;
	Namnd	   *namnd;
	int			n_namnd,
				cap_namnd;
	Enhet	   *enhet;
	int			n_enhet,
				cap_enhet;
	Anor		enhet_anor;		/* of unit nodes, in unit node ids */
	Rad		   *rad;
	int			n_rad;
	Anor		rad_anor;		/* of rows, in row ids */
	Omgang	   *omgang;
	int			n_omgang,
				cap_omgang;
	celltab_hash *cell_tab;
	Cell	   *cell;
	int			n_cell,
				cap_cell;
	int			matt;			/* the highest measure of any figure: the width of sum/has */
	int128	   *sum;			/* sum[cell * matt + m - 1] */
	bool	   *has;
} Roll;

/* Grow an array of elements of size sz to hold n + 1. */
static void *
grow(void *arr, int *cap, int n, Size sz)
{
	if (n < *cap)
		return arr;
	*cap = *cap < 16 ? 16 : *cap * 2;
	return arr == NULL ? palloc(sz * *cap) : repalloc_huge(arr, sz * *cap);
}

/* The key of a text: its bytes (detoasted; text holds no NUL). */
static ByteKey
text_key(text *t)
{
	ByteKey		k;

	k.s = VARDATA_ANY(t);
	k.len = VARSIZE_ANY_EXHDR(t);
	return k;
}

/* The unit key: committee code, a NUL byte, unit code (neither holds a NUL). */
static ByteKey
enhet_key(StringInfo buf, text *namnd, text *kod)
{
	ByteKey		k;

	resetStringInfo(buf);
	appendBinaryStringInfo(buf, VARDATA_ANY(namnd), VARSIZE_ANY_EXHDR(namnd));
	appendStringInfoChar(buf, '\0');
	appendBinaryStringInfo(buf, VARDATA_ANY(kod), VARSIZE_ANY_EXHDR(kod));
	k.s = buf->data;
	k.len = buf->len;
	return k;
}

/* Look a key up; -1 when absent. */
static int
key_find(keytab_hash *tab, ByteKey k)
{
	KeyEntry   *e = keytab_lookup(tab, k);

	return e == NULL ? -1 : e->id;
}

/* Insert a key (its bytes copied into the roll's memory) with id; the existing id if present. */
static int
key_add(Roll *r, keytab_hash *tab, ByteKey k, int id)
{
	bool		found;
	KeyEntry   *e = keytab_insert(tab, k, &found);

	if (!found)
	{
		char	   *copy = MemoryContextAlloc(r->cxt, k.len + 1);

		memcpy(copy, k.s, k.len);
		copy[k.len] = '\0';
		e->key.s = copy;
		e->id = id;
	}
	return e->id;
}

/* A text column of the current SPI row, copied into the roll's memory (NULL if null). */
static text *
spi_text(Roll *r, HeapTuple tup, TupleDesc desc, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, col, &isnull);
	MemoryContext old;
	text	   *t;

	if (isnull)
		return NULL;
	old = MemoryContextSwitchTo(r->cxt);
	t = pg_detoast_datum_copy((struct varlena *) DatumGetPointer(d));
	MemoryContextSwitchTo(old);
	return t;
}

static int32
spi_int(HeapTuple tup, TupleDesc desc, int col, bool *isnull)
{
	Datum		d = SPI_getbinval(tup, desc, col, isnull);

	return *isnull ? 0 : DatumGetInt32(d);
}

/*
 * Run a read-only query of the extension with the committee ($1, NULL: every
 * one).  SPI returns in its own memory; what is allocated after it goes into
 * the roll's, which outlives SPI_finish.
 */
static void
run(Roll *r, const char *sql, text *namnd)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1] = {PointerGetDatum(namnd)};
	char		nulls[1] = {namnd == NULL ? 'n' : ' '};
	int			ret = SPI_execute_with_args(sql, 1, argtypes, args, nulls, true, 0);

	if (ret != SPI_OK_SELECT)
		elog(ERROR, "summera: query failed: %s", SPI_result_code_string(ret));
	MemoryContextSwitchTo(r->cxt);
}

/* The committee of a code: added on first sight. */
static int
namnd_id(Roll *r, text *kod)
{
	int			id = key_find(r->namnd_tab, text_key(kod));

	if (id >= 0)
		return id;
	r->namnd = grow(r->namnd, &r->cap_namnd, r->n_namnd, sizeof(Namnd));
	r->namnd[r->n_namnd].kod = kod;
	r->namnd[r->n_namnd].namn = NULL;
	r->namnd[r->n_namnd].total = -1;
	return key_add(r, r->namnd_tab, text_key(kod), r->n_namnd++);
}

static int
new_enhet(Roll *r, int namnd, text *kod)
{
	Enhet	   *e;

	r->enhet = grow(r->enhet, &r->cap_enhet, r->n_enhet, sizeof(Enhet));
	e = &r->enhet[r->n_enhet];
	memset(e, 0, sizeof(Enhet));
	e->namnd = namnd;
	e->kod = kod;
	return r->n_enhet++;
}

/* Pairs (node, ancestor) into the ancestor lists of nodes 0 .. n - 1 (a counting sort). */
static Anor
ancestor_lists(int n, const int *node, const int *anc, int npairs)
{
	Anor		a;
	int		   *fill = palloc0(sizeof(int) * (n + 1));
	int			pos = 0;

	a.list = palloc(sizeof(int) * (npairs + 1));
	a.start = palloc(sizeof(int) * (n + 1));
	a.count = palloc0(sizeof(int) * (n + 1));
	for (int i = 0; i < npairs; i++)
		a.count[node[i]]++;
	for (int i = 0; i < n; i++)
	{
		a.start[i] = pos;
		pos += a.count[i];
	}
	for (int i = 0; i < npairs; i++)
		a.list[a.start[node[i]] + fill[node[i]]++] = anc[i];
	pfree(fill);
	return a;
}

/* Read the unit hierarchy (of one committee, or all) and the committees' names. */
static void
read_enheter(Roll *r, const char *schema, text *namnd)
{
	StringInfoData buf;
	StringInfoData key;
	uint64		nrows;
	int		   *node,
			   *anc;

	MemoryContextSwitchTo(r->cxt);
	initStringInfo(&buf);
	initStringInfo(&key);

	/*
	 * every unit, with its name, level and place (a unit not ordered: level
	 * 0, no place), and its committee's name (NULL where the caller may not
	 * see the committee)
	 */
	appendStringInfo(&buf,
					 "SELECT e.namnd, e.kod, e.namn, o.niva, o.sortering, n.namn"
					 "  FROM %s.enhet e LEFT JOIN %s.enhet_ordning($1) o"
					 "    ON o.namnd_kod = e.namnd AND o.kod = e.kod"
					 "  LEFT JOIN %s.namnd n ON n.kod = e.namnd"
					 " WHERE $1 IS NULL OR e.namnd = $1",
					 schema, schema, schema);
	run(r, buf.data, namnd);
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		text	   *nk = spi_text(r, tup, desc, 1);
		text	   *ek = spi_text(r, tup, desc, 2);
		int			n = namnd_id(r, nk);
		int			id = new_enhet(r, n, ek);
		bool		isnull;

		if (r->namnd[n].namn == NULL)
			r->namnd[n].namn = spi_text(r, tup, desc, 6);
		r->enhet[id].namn = spi_text(r, tup, desc, 3);
		r->enhet[id].niva = spi_int(tup, desc, 4, &isnull);
		r->enhet[id].sortering = spi_int(tup, desc, 5, &isnull);
		r->enhet[id].har_sortering = !isnull;
		key_add(r, r->enhet_tab, enhet_key(&key, nk, ek), id);
	}

	/* every unit with each of its ancestors; NULL is the committee total */
	resetStringInfo(&buf);
	appendStringInfo(&buf, "SELECT u.namnd_kod, u.anc, u.kod FROM %s.enhet_over($1) u", schema);
	run(r, buf.data, namnd);
	nrows = SPI_processed;
	node = palloc(sizeof(int) * (nrows + 1));
	anc = palloc(sizeof(int) * (nrows + 1));
	for (uint64 i = 0; i < nrows; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		text	   *nk = spi_text(r, tup, desc, 1);
		text	   *ak = spi_text(r, tup, desc, 2);
		text	   *ek = spi_text(r, tup, desc, 3);
		int			n = namnd_id(r, nk);

		node[i] = key_find(r->enhet_tab, enhet_key(&key, nk, ek));
		if (ak == NULL)
		{
			if (r->namnd[n].total < 0)
				r->namnd[n].total = new_enhet(r, n, NULL);
			anc[i] = r->namnd[n].total;
		}
		else
			anc[i] = key_find(r->enhet_tab, enhet_key(&key, nk, ak));
		if (node[i] < 0 || anc[i] < 0)
			elog(ERROR, "summera: enhet_over named a unit that enhet does not hold");
	}
	r->enhet_anor = ancestor_lists(r->n_enhet, node, anc, (int) nrows);
}

/* Read the report rows, their places and ancestors. */
static void
read_rader(Roll *r, const char *schema)
{
	StringInfoData buf;
	uint64		nrows;
	int		   *node,
			   *anc;

	MemoryContextSwitchTo(r->cxt);
	initStringInfo(&buf);
	appendStringInfo(&buf,
					 "SELECT r.kod, r.namn, r.tecken, %s.teckenfaktor(r.tecken), o.niva, o.sortering"
					 "  FROM %s.rad r LEFT JOIN %s.rad_ordning() o ON o.kod = r.kod",
					 schema, schema, schema);
	run(r, buf.data, NULL);
	r->n_rad = (int) SPI_processed;
	r->rad = palloc0(sizeof(Rad) * (r->n_rad + 1));
	for (int i = 0; i < r->n_rad; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		Rad		   *rd = &r->rad[i];
		bool		isnull;

		rd->kod = spi_text(r, tup, desc, 1);
		rd->namn = spi_text(r, tup, desc, 2);
		rd->tecken = SPI_getbinval(tup, desc, 3, &isnull);	/* an enum: by value */
		rd->faktor = spi_int(tup, desc, 4, &isnull);
		rd->niva = spi_int(tup, desc, 5, &isnull);
		rd->har_niva = !isnull;
		rd->sortering = spi_int(tup, desc, 6, &isnull);
		rd->har_sortering = !isnull;
		key_add(r, r->rad_tab, text_key(rd->kod), i);
	}

	resetStringInfo(&buf);
	appendStringInfo(&buf, "SELECT o.anc, o.kod FROM %s.rad_over() o", schema);
	run(r, buf.data, NULL);
	nrows = SPI_processed;
	node = palloc(sizeof(int) * (nrows + 1));
	anc = palloc(sizeof(int) * (nrows + 1));
	for (uint64 i = 0; i < nrows; i++)
	{
		text	   *ak = spi_text(r, SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		text	   *rk = spi_text(r, SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);

		anc[i] = ak == NULL ? -1 : key_find(r->rad_tab, text_key(ak));
		node[i] = rk == NULL ? -1 : key_find(r->rad_tab, text_key(rk));
		if (node[i] < 0 || anc[i] < 0)
			elog(ERROR, "summera: rad_over named a row that rad does not hold");
	}
	r->rad_anor = ancestor_lists(r->n_rad, node, anc, (int) nrows);
}

/* The round of a figure: (code or NULL, number or NULL), added on first sight. */
static int
omgang_id(Roll *r, StringInfo buf, text *kod, bool nr_null, int32 nr)
{
	ByteKey		k;
	int			id;

	resetStringInfo(buf);
	appendStringInfoChar(buf, kod == NULL ? 'n' : 'v');
	appendStringInfoChar(buf, nr_null ? 'n' : 'v');
	appendBinaryStringInfo(buf, (const char *) &nr, sizeof(nr));
	if (kod != NULL)
		appendBinaryStringInfo(buf, VARDATA_ANY(kod), VARSIZE_ANY_EXHDR(kod));
	k.s = buf->data;
	k.len = buf->len;
	id = key_find(r->omgang_tab, k);
	if (id >= 0)
		return id;
	r->omgang = grow(r->omgang, &r->cap_omgang, r->n_omgang, sizeof(Omgang));
	r->omgang[r->n_omgang].kod = kod == NULL ? NULL : (text *) pg_detoast_datum_copy((struct varlena *) kod);
	r->omgang[r->n_omgang].nr = nr;
	r->omgang[r->n_omgang].har_nr = !nr_null;
	return key_add(r, r->omgang_tab, k, r->n_omgang++);
}

/* Add amount (present unless no_amount) of measure m to the cell (omgang, enhet, rad). */
static void
add_to_cell(Roll *r, int omgang, int enhet, int rad, int m, bool no_amount, int128 amount)
{
	CellKey		k = {omgang, enhet, rad};
	bool		found;
	CellEntry  *e = celltab_insert(r->cell_tab, k, &found);
	int			c;

	if (!found)
	{
		if (r->n_cell == r->cap_cell)
		{
			int			cap = r->cap_cell < 64 ? 64 : r->cap_cell * 2;
			Size		width = (Size) cap * r->matt;

			r->cell = r->cell == NULL ? palloc(sizeof(Cell) * cap) : repalloc_huge(r->cell, sizeof(Cell) * cap);
			r->sum = r->sum == NULL ? palloc_extended(sizeof(int128) * width, MCXT_ALLOC_HUGE)
				: repalloc_huge(r->sum, sizeof(int128) * width);
			r->has = r->has == NULL ? palloc_extended(sizeof(bool) * width, MCXT_ALLOC_HUGE)
				: repalloc_huge(r->has, sizeof(bool) * width);
			r->cap_cell = cap;
		}
		c = r->n_cell++;
		r->cell[c].key = k;
		r->cell[c].slot = c;
		r->cell[c].n = 0;
		memset(r->sum + (Size) c * r->matt, 0, sizeof(int128) * r->matt);
		memset(r->has + (Size) c * r->matt, 0, sizeof(bool) * r->matt);
		e->id = c;
	}
	c = e->id;
	if (m > r->cell[c].n)
		r->cell[c].n = m;
	/* (cells are sorted only after the last figure, so here slot == c) */
	if (!no_amount)
	{
		r->sum[(Size) c * r->matt + m - 1] += amount;
		r->has[(Size) c * r->matt + m - 1] = true;
	}
}

/*
 * Every figure of the array into its cells: a figure of unit u and row r is
 * added to (round, a, s) for every ancestor unit a of u and every ancestor row
 * s of r, times the factor restating r's convention in s's.
 */
static void
add_figures(Roll *r, ArrayType *arr)
{
	Oid			elemtype = ARR_ELEMTYPE(arr);
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	Datum	   *elems;
	bool	   *elemnulls;
	int			n;
	TupleDesc	desc;
	Datum	   *vals;
	bool	   *nuls;
	StringInfoData key;
	int32		maxm = 0;

	get_typlenbyvalalign(elemtype, &elemlen, &elembyval, &elemalign);
	deconstruct_array(arr, elemtype, elemlen, elembyval, elemalign, &elems, &elemnulls, &n);
	desc = lookup_rowtype_tupdesc(elemtype, -1);
	if (desc->natts != FIGUR_NATTS)
		elog(ERROR, "summera: a figure has %d attributes, not %d", desc->natts, FIGUR_NATTS);
	initStringInfo(&key);

	/*
	 * Every figure deformed once, its measure checked; the widest measure is
	 * the width of every cell's sums, so it is known before the first cell.
	 */
	vals = palloc(sizeof(Datum) * FIGUR_NATTS * Max(n, 1));
	nuls = palloc(sizeof(bool) * FIGUR_NATTS * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		Datum	   *values = vals + FIGUR_NATTS * i;
		bool	   *isnull = nuls + FIGUR_NATTS * i;
		HeapTupleData tup;
		HeapTupleHeader td;
		int32		m;

		if (elemnulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("figure %d of summera is null", i + 1)));
		td = DatumGetHeapTupleHeader(elems[i]);
		tup.t_len = HeapTupleHeaderGetDatumLength(td);
		ItemPointerSetInvalid(&(tup.t_self));
		tup.t_tableOid = InvalidOid;
		tup.t_data = td;
		heap_deform_tuple(&tup, desc, values, isnull);
		if (isnull[5])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("the measure of summa_per_matt must not be null")));
		m = DatumGetInt32(values[5]);
		if (m < 1 || m > SUMMERA_MAX_MATT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("measure %d is out of range", m),
					 errdetail("Measures are numbered 1 to %d.", SUMMERA_MAX_MATT)));
		if (m > maxm)
			maxm = m;
	}
	r->matt = maxm > 0 ? maxm : 1;

	for (int i = 0; i < n; i++)
	{
		const Datum *values = vals + FIGUR_NATTS * i;
		const bool *isnull = nuls + FIGUR_NATTS * i;
		int			u,
					rd,
					o;
		int32		m = DatumGetInt32(values[5]);
		text	   *namnd,
				   *enhet,
				   *rad;

		if (isnull[0] || isnull[3] || isnull[4])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("figure %d of summera has no %s", i + 1,
							isnull[0] ? "committee" : isnull[3] ? "unit" : "report row"),
					 errdetail("A figure names its committee (namnd), unit (enhet) and report row (rad).")));
		namnd = (text *) pg_detoast_datum_packed((struct varlena *) DatumGetPointer(values[0]));
		enhet = (text *) pg_detoast_datum_packed((struct varlena *) DatumGetPointer(values[3]));
		rad = (text *) pg_detoast_datum_packed((struct varlena *) DatumGetPointer(values[4]));
		u = key_find(r->enhet_tab, enhet_key(&key, namnd, enhet));
		if (u < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("figure %d of summera is of unit \"%s\" of committee \"%s\", which is not among the units rolled up",
							i + 1, text_to_cstring(enhet), text_to_cstring(namnd)),
					 errdetail("summera rolls figures up over the units in enhet (of the committee given, if one is) that the caller may see.")));
		rd = key_find(r->rad_tab, text_key(rad));
		if (rd < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("figure %d of summera is of report row \"%s\", which is not in rad",
							i + 1, text_to_cstring(rad))));
		o = omgang_id(r, &key,
					  isnull[1] ? NULL : (text *) pg_detoast_datum_packed((struct varlena *) DatumGetPointer(values[1])),
					  isnull[2], isnull[2] ? 0 : DatumGetInt32(values[2]));
		for (int a = 0; a < r->enhet_anor.count[u]; a++)
		{
			int			ua = r->enhet_anor.list[r->enhet_anor.start[u] + a];

			for (int s = 0; s < r->rad_anor.count[rd]; s++)
			{
				int			sa = r->rad_anor.list[r->rad_anor.start[rd] + s];
				int128		amount = isnull[6] ? 0
					: (int128) DatumGetBelopp(values[6]) * (r->rad[rd].faktor * r->rad[sa].faktor);

				add_to_cell(r, o, ua, sa, m, isnull[6], amount);
			}
		}
	}
	pfree(vals);
	pfree(nuls);
	ReleaseTupleDesc(desc);
}

/* byte order of two texts, as COLLATE "C" compares them */
static int
text_cmp_c(const text *a, const text *b)
{
	int			la = VARSIZE_ANY_EXHDR(a),
				lb = VARSIZE_ANY_EXHDR(b);
	int			c = memcmp(VARDATA_ANY(a), VARDATA_ANY(b), Min(la, lb));

	return c != 0 ? c : (la > lb) - (la < lb);
}

/* an integer field of the sort key: a NULL after every value, as a composite compares */
static int
int_cmp_nulls_last(bool ha, int a, bool hb, int b)
{
	if (!ha || !hb)
		return (int) !ha - (int) !hb;
	return (a > b) - (a < b);
}

/*
 * The printed order: the sort key (committee code in byte order, round number,
 * unit's place, row's place; NULLs last), then, for cells whose keys are equal,
 * round code, unit and row code, so the order never depends on the input's.
 */
static int
cmp_cells(const void *pa, const void *pb, void *arg)
{
	const Roll *r = (const Roll *) arg;
	const CellKey *a = &((const Cell *) pa)->key;
	const CellKey *b = &((const Cell *) pb)->key;
	const Enhet *ea = &r->enhet[a->enhet],
			   *eb = &r->enhet[b->enhet];
	const Omgang *oa = &r->omgang[a->omgang],
			   *ob = &r->omgang[b->omgang];
	const Rad  *ra = &r->rad[a->rad],
			   *rb = &r->rad[b->rad];
	int			c;

	if (ea->namnd != eb->namnd &&
		(c = text_cmp_c(r->namnd[ea->namnd].kod, r->namnd[eb->namnd].kod)) != 0)
		return c;
	if ((c = int_cmp_nulls_last(oa->har_nr, oa->nr, ob->har_nr, ob->nr)) != 0)
		return c;
	if ((c = int_cmp_nulls_last(ea->kod != NULL && ea->har_sortering, ea->sortering,
								eb->kod != NULL && eb->har_sortering, eb->sortering)) != 0)
		return c;
	if ((c = int_cmp_nulls_last(ra->har_sortering, ra->sortering, rb->har_sortering, rb->sortering)) != 0)
		return c;
	if (oa != ob)
	{
		if (oa->kod == NULL || ob->kod == NULL)
			return (int) (oa->kod == NULL) - (int) (ob->kod == NULL);
		if ((c = text_cmp_c(oa->kod, ob->kod)) != 0)
			return c;
	}
	if (ea != eb)
	{
		if (ea->kod == NULL || eb->kod == NULL)
			return (int) (ea->kod == NULL) - (int) (eb->kod == NULL);
		if ((c = text_cmp_c(ea->kod, eb->kod)) != 0)
			return c;
	}
	return text_cmp_c(ra->kod, rb->kod);
}

/* The cells, sorted, as rows of summa into the tuplestore. */
static void
emit(Roll *r, ReturnSetInfo *rsinfo)
{
	TupleDesc	desc = rsinfo->setDesc;
	Oid			belopp_arr = TupleDescAttr(desc, 9)->atttypid;
	Oid			belopp_type = get_element_type(belopp_arr);
	TupleDesc	keydesc;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
	Datum	   *elems = palloc(sizeof(Datum) * r->matt);
	bool	   *elemnulls = palloc(sizeof(bool) * r->matt);

	if (desc->natts != 11 || !OidIsValid(belopp_type))
		elog(ERROR, "summera must return summa");
	keydesc = lookup_rowtype_tupdesc_copy(TupleDescAttr(desc, 10)->atttypid, -1);
	get_typlenbyvalalign(belopp_type, &elemlen, &elembyval, &elemalign);

	if (r->n_cell > 1)
		qsort_arg(r->cell, r->n_cell, sizeof(Cell), cmp_cells, r);

	for (int i = 0; i < r->n_cell; i++)
	{
		const Cell *cell = &r->cell[i];
		const Enhet *e = &r->enhet[cell->key.enhet];
		const Namnd *nd = &r->namnd[e->namnd];
		const Omgang *o = &r->omgang[cell->key.omgang];
		const Rad  *rd = &r->rad[cell->key.rad];
		const int128 *sum = r->sum + (Size) cell->slot * r->matt;
		const bool *has = r->has + (Size) cell->slot * r->matt;
		Datum		values[11];
		bool		nulls[11] = {0};
		Datum		kv[4];
		bool		kn[4] = {0};
		int			dims[1] = {cell->n};
		int			lbs[1] = {1};

		for (int m = 0; m < cell->n; m++)
		{
			elemnulls[m] = !has[m];
			if (has[m] && (sum[m] > PG_INT64_MAX || sum[m] < PG_INT64_MIN))
				belopp_out_of_range();
			elems[m] = has[m] ? BeloppGetDatum((Belopp) sum[m]) : (Datum) 0;
		}
		values[0] = PointerGetDatum(nd->kod);
		values[1] = PointerGetDatum(o->kod);
		nulls[1] = o->kod == NULL;
		values[2] = PointerGetDatum(e->kod);
		nulls[2] = e->kod == NULL;
		values[3] = PointerGetDatum(e->kod != NULL ? e->namn : nd->namn);
		nulls[3] = (e->kod != NULL ? e->namn : nd->namn) == NULL;
		values[4] = Int32GetDatum(e->kod != NULL ? e->niva : 0);
		values[5] = PointerGetDatum(rd->kod);
		values[6] = PointerGetDatum(rd->namn);
		nulls[6] = rd->namn == NULL;
		values[7] = Int32GetDatum(rd->niva);
		nulls[7] = !rd->har_niva;
		values[8] = rd->tecken;
		values[9] = PointerGetDatum(construct_md_array(elems, elemnulls, 1, dims, lbs, belopp_type,
													   elemlen, elembyval, elemalign));
		kv[0] = PointerGetDatum(nd->kod);
		kv[1] = Int32GetDatum(o->nr);
		kn[1] = !o->har_nr;
		kv[2] = Int32GetDatum(e->sortering);
		kn[2] = e->kod == NULL || !e->har_sortering;
		kv[3] = Int32GetDatum(rd->sortering);
		kn[3] = !rd->har_sortering;
		values[10] = HeapTupleGetDatum(heap_form_tuple(keydesc, kv, kn));
		tuplestore_putvalues(rsinfo->setResult, desc, values, nulls);
	}
}

PG_FUNCTION_INFO_V1(summera);

/* summera(figurer figur[], namnd text): the roll-up of every report (see the top of this file). */
Datum
summera(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *namnd = PG_ARGISNULL(1) ? NULL : PG_GETARG_TEXT_PP(1);
	char	   *schema;
	MemoryContext old;
	Roll	   *r;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();

	schema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	if (schema == NULL)
		elog(ERROR, "summera: no schema for function %u", fcinfo->flinfo->fn_oid);
	schema = (char *) quote_identifier(schema);

	r = palloc0(sizeof(Roll));
	r->cxt = AllocSetContextCreate(CurrentMemoryContext, "summera", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(r->cxt);
	r->namnd_tab = keytab_create(r->cxt, 64, NULL);
	r->enhet_tab = keytab_create(r->cxt, 1024, NULL);
	r->rad_tab = keytab_create(r->cxt, 64, NULL);
	r->omgang_tab = keytab_create(r->cxt, 16, NULL);
	r->cell_tab = celltab_create(r->cxt, 4096, NULL);
	MemoryContextSwitchTo(old);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* what SPI returns is copied into r->cxt before the next query */
	read_enheter(r, schema, namnd);
	read_rader(r, schema);
	SPI_finish();

	/* everything from here on, but the rows in the tuplestore, is freed with r->cxt */
	old = MemoryContextSwitchTo(r->cxt);
	add_figures(r, PG_GETARG_ARRAYTYPE_P(0));
	emit(r, rsinfo);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(r->cxt);
	return (Datum) 0;
}
