/*
 * tabell.c -- las_tabellrad and las_tabell: reading the rows of a report
 * table out of text copied from a PDF.
 *
 * The reading itself (words, digit groups, splits into numbers, relations,
 * wrapped rows) is done by the pure-C core in tabell_core.c; its header
 * documents the rules.  This file turns SQL arguments into the core's
 * options, its rows into SQL rows, and its errors into ereport with the
 * right SQLSTATE:
 *
 *	kolumner outside 1..64, tolerans outside 0..1000000,
 *	an unknown unit (enhet),
 *	a malformed or out-of-range relation, a newline inside
 *	the single line of las_tabellrad			22023 invalid_parameter_value
 *	a NULL element of samband					22004 null_value_not_allowed
 *	a line over 8 192 bytes, a block over 4 MB,
 *	both counted in UTF-8						54000 program_limit_exceeded
 *	a figure with more than 18 digits			22003 numeric_value_out_of_range
 *	text that is not valid UTF-8 (only possible
 *	in a SQL_ASCII database)					22021 character_not_in_repertoire
 *
 * tabell_rubrik reads one line as a table's header with the pure-C core in
 * rubrik_core.c (its header documents the rules); 22023 for a text of
 * several lines, 54000 for a line over 8 192 bytes.
 *
 * The core works on UTF-8 and allocates with malloc.  Text is converted
 * from and to the database encoding here; every row and block the core
 * returns is released with kr_tabellrad_free / kr_tabell_block_free on every
 * path, errors included (PG_FINALLY), and core errors are copied before the
 * ereport (after an error the core holds nothing).
 */
#include "postgres.h"

#include "belopp.h"
#include "belopp_core.h"
#include "rubrik_core.h"
#include "tabell_core.h"
#include "tal_core.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/numeric.h"

/* Number of output columns of las_tabellrad; las_tabell has two more. */
#define RAD_NATTS		9
#define TABELL_NATTS	11

/* How the belopp column is built: the figures' unit and belopp's array element (no fixed OID). */
typedef struct BeloppColumn
{
	bool		present;		/* the SQL definition has the belopp column */
	int			unit_exp;		/* öre exponent of the figures' unit; -1: none */
	Oid			elemtype;
	int16		elemlen;
	bool		elembyval;
	char		elemalign;
} BeloppColumn;

static void report_core_error(const kr_tabell_error *err, const char *fname) pg_attribute_noreturn();

/* A UTF-8 message of the core in the database encoding. */
static char *
core_text(const char *msg)
{
	int			len = (int) strlen(msg);

	/* never cut a UTF-8 sequence that the fixed-size message may have cut */
	len = pg_encoding_mbcliplen(PG_UTF8, msg, len, len);
	return pg_any_to_server(pnstrdup(msg, len), len, PG_UTF8);
}

/*
 * The core's message as a detail sentence: first letter upper case, a
 * period at the end.
 */
static char *
core_sentence(const char *msg)
{
	char	   *s = psprintf("%s.", core_text(msg));

	if (s[0] >= 'a' && s[0] <= 'z')
		s[0] = (char) (s[0] - 'a' + 'A');
	return s;
}

/* Raise the core error err for function fname (err->code is not OK). */
static void
report_core_error(const kr_tabell_error *err, const char *fname)
{
	switch (err->code)
	{
		case KR_TABELL_ERR_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("table text too long for %s", fname),
					 errdetail("%s", core_sentence(err->message)),
					 errhint("A line may hold at most %d bytes and a block at most %d bytes, counted in UTF-8; read a longer text in parts.",
							 KR_TABELL_MAX_LINE_BYTES, KR_TABELL_MAX_BLOCK_BYTES)));
			break;
		case KR_TABELL_ERR_NUMBER_TOO_LONG:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("figure out of range in table text on line %d", err->line),
					 errdetail("%s", core_sentence(err->message)),
					 errhint("A figure may have at most %d digits.", KR_TABELL_MAX_DIGITS)));
			break;
		case KR_TABELL_ERR_ENCODING:
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("table text is not valid UTF-8"),
					 errdetail("%s", core_sentence(err->message))));
			break;
		case KR_TABELL_ERR_NO_MEMORY:
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("out of memory"),
					 errdetail("The table reader could not allocate memory.")));
			break;
		case KR_TABELL_ERR_RELATION:
		case KR_TABELL_ERR_ARGUMENT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid argument for %s", fname),
					 errdetail("%s", core_sentence(err->message))));
			break;
		case KR_TABELL_OK:
			break;
	}
	elog(ERROR, "table reader failed with unexpected code %d", (int) err->code);
}

/* Check kolumner and tolerans before the core sees them (22023). */
static void
check_numbers(int32 kolumner, int32 tolerans)
{
	if (kolumner < 1 || kolumner > KR_TABELL_MAX_COLUMNS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of columns %d is out of range", kolumner),
				 errdetail("A table is read with 1 to %d numeric columns.",
						   KR_TABELL_MAX_COLUMNS)));
	if (tolerans < 0 || tolerans > KR_TABELL_MAX_TOLERANCE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("tolerance %d is out of range", tolerans),
				 errdetail("The tolerance counts units of the last printed digit and lies between 0 and %d.",
						   KR_TABELL_MAX_TOLERANCE)));
}

/*
 * Parse the relations of argument argno (text[], NULL for none) for a table
 * of kolumner columns into *rels.  Each element may hold several relations
 * separated by "," or ";".  22023 for a malformed element, 22004 for NULL.
 */
static void
parse_relations(FunctionCallInfo fcinfo, int argno, int kolumner,
				kr_tabell_relations *rels)
{
	ArrayType  *arr;
	Datum	   *elems;
	bool	   *nulls;
	int			n;

	rels->count = 0;
	if (PG_ARGISNULL(argno))
		return;
	arr = PG_GETARG_ARRAYTYPE_P(argno);
	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("relations must be a one-dimensional array of text")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (int i = 0; i < n; i++)
	{
		kr_tabell_relations one;
		kr_tabell_error err;
		char	   *server;
		char	   *utf8;
		size_t		len;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("relation %d is null", i + 1),
					 errdetail("Every element of samband must be a relation such as \"3 = 2 - 1\".")));
		server = TextDatumGetCString(elems[i]);
		utf8 = pg_server_to_any(server, (int) strlen(server), PG_UTF8);
		len = strlen(utf8);
		if (kr_tabell_parse_relations(utf8, len, kolumner, &one, &err) != KR_TABELL_OK)
		{
			if (err.code == KR_TABELL_ERR_NO_MEMORY)
				report_core_error(&err, "samband");
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid relation \"%s\"", server),
					 errdetail("%s", core_sentence(err.message)),
					 errhint("Write a relation with 1-based column numbers, as a sum or difference (\"3 = 2 - 1\") or a percentage (\"4 = 1 / 2 %%\").")));
		}
		if (one.count == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid relation \"%s\"", server),
					 errdetail("The element holds no relation."),
					 errhint("Leave samband NULL to read without relations.")));
		if (rels->count + one.count > KR_TABELL_MAX_RELATIONS)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("too many relations"),
					 errdetail("At most %d relations are checked on a row.",
							   KR_TABELL_MAX_RELATIONS)));
		for (int r = 0; r < one.count; r++)
			rels->relation[rels->count++] = one.relation[r];
	}
}

/* A text argument as UTF-8, with a cheap early check against huge input. */
static char *
text_arg_utf8(FunctionCallInfo fcinfo, int argno, size_t limit, size_t *len,
			  const char *fname)
{
	text	   *t = PG_GETARG_TEXT_PP(argno);
	size_t		n = VARSIZE_ANY_EXHDR(t);
	char	   *utf8;

	/* no encoding shrinks a text to less than a quarter in UTF-8 */
	if (n / 4 > limit)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("table text too long for %s", fname),
				 errdetail("The text has %zu bytes; at most %zu bytes are read.", n, limit)));
	utf8 = pg_server_to_any(VARDATA_ANY(t), (int) n, PG_UTF8);
	*len = utf8 == VARDATA_ANY(t) ? n : strlen(utf8);
	return utf8;
}

/*
 * Argument argno as one line in UTF-8 (text_arg_utf8): a line break at its
 * end is dropped (a line copied with it is still one line); with
 * check_limit, a line over limit bytes is 54000 (else the core checks it);
 * a line break inside is 22023, naming function fname, with hint.
 */
static char *
line_arg_utf8(FunctionCallInfo fcinfo, int argno, size_t limit, bool check_limit,
			  size_t *len, const char *fname, const char *hint)
{
	char	   *line = text_arg_utf8(fcinfo, argno, limit, len, fname);
	const char *nl;

	while (*len > 0 && (line[*len - 1] == '\n' || line[*len - 1] == '\r'))
		(*len)--;
	if (check_limit && *len > limit)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("table text too long for %s", fname),
				 errdetail("The line has %zu bytes in UTF-8; at most %zu bytes are read.",
						   *len, limit)));
	nl = memchr(line, '\n', *len);
	if (nl != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s reads one line, but the text has several", fname),
				 errdetail("A line break stands at byte %d of the text.", (int) (nl - line) + 1),
				 errhint("%s", hint)));
	return line;
}

/* A UTF-8 string from the core as text in the database encoding. */
static Datum
utf8_text_datum(const char *s)
{
	return PointerGetDatum(cstring_to_text(pg_any_to_server(s, (int) strlen(s), PG_UTF8)));
}

/*
 * An exact figure as numeric, keeping its printed scale (0,0 -> 0.0): built
 * from its mantissa and scale, not from text.
 */
static Datum
value_numeric(const kr_tabell_value *v)
{
	return NumericGetDatum(int64_div_fast_to_numeric(v->mantissa, v->scale));
}

/*
 * The belopp column of argument argno (the unit the figures are printed in,
 * NULL for none): 22023 for an unknown unit.  The element type is the
 * declared type of the result column, so no name is looked up.
 */
static void
belopp_column(FunctionCallInfo fcinfo, int argno, TupleDesc desc, int attno,
			  BeloppColumn *bc)
{
	/*
	 * Under the SQL definition of 0.1.0 (no enhet, no belopp column: the
	 * library is new, ALTER EXTENSION UPDATE not yet run) the row has the old
	 * shape and is filled as before.
	 */
	if (PG_NARGS() <= argno || desc->natts <= attno)
	{
		if (desc->natts != attno)
			elog(ERROR, "the table reader's SQL definition returns %d columns, not %d or %d",
				 desc->natts, attno, attno + 1);
		bc->unit_exp = -1;
		bc->elemtype = InvalidOid;
		bc->present = false;
		return;
	}
	if (desc->natts != attno + 1)
		elog(ERROR, "the table reader's SQL definition returns %d columns, not %d",
			 desc->natts, attno + 1);
	bc->present = true;
	bc->unit_exp = PG_ARGISNULL(argno) ? -1 : belopp_unit_exp_or_error(PG_GETARG_TEXT_PP(argno));
	bc->elemtype = get_element_type(TupleDescAttr(desc, attno)->atttypid);
	if (!OidIsValid(bc->elemtype))
		elog(ERROR, "result column %d of the table reader is not an array", attno + 1);
	get_typlenbyvalalign(bc->elemtype, &bc->elemlen, &bc->elembyval, &bc->elemalign);
}

/*
 * A figure as an amount in the unit of bc, by the same conversion as every
 * amount text (belopp_from_tal): false, with the reason in why, for a figure
 * finer than öre or beyond the range of belopp.
 */
static bool
value_belopp(const kr_tabell_value *v, int unit_exp, int64 *ore, char *why)
{
	TalTal		t;

	t.negative = v->mantissa < 0;
	t.overflow = false;
	t.mantissa = v->mantissa < 0 ? (uint64) 0 - (uint64) v->mantissa : (uint64) v->mantissa;
	t.scale = v->scale;
	/* the lexer's scale counts decimals up to the last non-zero one */
	while (t.scale > 0 && t.mantissa % 10 == 0)
	{
		t.mantissa /= 10;
		t.scale--;
	}
	return belopp_from_tal(&t, unit_exp, ore, why) == BELOPP_OK;
}

/*
 * Fill values/nulls[first..first+8] with a row's kod, benamning, varden,
 * procent, entydig, ofullstandig, tolkningar, meddelande and belopp.
 * belopp: varden as amounts in the unit of bc (NULL without a unit or
 * without varden); a percentage, an empty cell, or a figure that is no
 * amount (finer than öre, out of range) is a NULL element, and meddelande
 * names the figures of the last kind.
 */
static void
row_columns(const kr_tabellrad *row, bool has_relations, const BeloppColumn *bc,
			Datum *values, bool *nulls, int first)
{
	StringInfoData notes = {0};	/* made when there is a note: most rows have none */
	const kr_tabell_value *v;
	int			nv = 0;
	uint64		readings;

	memset(nulls + first, false, (bc->present ? RAD_NATTS : RAD_NATTS - 1) * sizeof(bool));

	if (row->code != NULL)
		values[first] = utf8_text_datum(row->code);
	else
		nulls[first] = true;
	if (row->name != NULL && row->name[0] != '\0')
		values[first + 1] = utf8_text_datum(row->name);
	else
		nulls[first + 1] = true;

	v = kr_tabellrad_values(row, &nv);
	if (v != NULL)
	{
		Datum	   *nums = palloc(sizeof(Datum) * (nv > 0 ? nv : 1));
		bool	   *empty = palloc(sizeof(bool) * (nv > 0 ? nv : 1));
		Datum	   *pcts = palloc(sizeof(Datum) * (nv > 0 ? nv : 1));
		int			dims[1] = {nv};
		int			lbs[1] = {1};

		for (int i = 0; i < nv; i++)
		{
			/* a dash printed in an empty cell is NULL */
			empty[i] = v[i].empty;
			nums[i] = v[i].empty ? (Datum) 0 : value_numeric(&v[i]);
			pcts[i] = BoolGetDatum(v[i].percent);
		}
		values[first + 2] = nv == 0 ?
			PointerGetDatum(construct_empty_array(NUMERICOID)) :
			PointerGetDatum(construct_md_array(nums, empty, 1, dims, lbs, NUMERICOID, -1,
											   false, TYPALIGN_INT));
		values[first + 3] = PointerGetDatum(construct_array(pcts, nv, BOOLOID, 1,
															true, TYPALIGN_CHAR));
		if (bc->unit_exp >= 0)
		{
			Datum	   *amounts = palloc(sizeof(Datum) * (nv > 0 ? nv : 1));
			bool	   *none = palloc(sizeof(bool) * (nv > 0 ? nv : 1));

			for (int i = 0; i < nv; i++)
			{
				char		why[BELOPP_ERRMSG_LEN];
				int64		ore = 0;

				none[i] = v[i].empty || v[i].percent;
				if (!none[i] && !value_belopp(&v[i], bc->unit_exp, &ore, why))
				{
					size_t		n = strlen(why);

					/* the reason as a clause: "… has no belopp: the amount …" */
					if (n > 0 && why[n - 1] == '.')
						why[n - 1] = '\0';
					if (why[0] >= 'A' && why[0] <= 'Z')
						why[0] = (char) (why[0] - 'A' + 'a');
					none[i] = true;
					if (notes.data == NULL)
						initStringInfo(&notes);
					appendStringInfo(&notes, "; figure %d has no belopp: %s", i + 1, why);
				}
				amounts[i] = none[i] ? (Datum) 0 : BeloppGetDatum(ore);
			}
			values[first + 8] = nv == 0 ?
				PointerGetDatum(construct_empty_array(bc->elemtype)) :
				PointerGetDatum(construct_md_array(amounts, none, 1, dims, lbs, bc->elemtype,
												   bc->elemlen, bc->elembyval, bc->elemalign));
		}
		else if (bc->present)
			nulls[first + 8] = true;
	}
	else
	{
		nulls[first + 2] = true;
		nulls[first + 3] = true;
		if (bc->present)
			nulls[first + 8] = true;
	}
	values[first + 4] = BoolGetDatum(row->status == KR_TABELL_UNIQUE);
	values[first + 5] = BoolGetDatum(row->ofullstandig);

	/*
	 * Readings: the splits that fit the columns, and, when relations were
	 * given and the row is complete, those that satisfy every relation (a
	 * lower bound when the search stopped at its step limit, which
	 * meddelande then says).
	 */
	if (has_relations && !row->ofullstandig && row->nsplits > 0)
		readings = row->nsatisfying < 0 ? 0 : (uint64) row->nsatisfying;
	else
		readings = row->nsplits;
	values[first + 6] = Int64GetDatum(readings > (uint64) PG_INT64_MAX ?
									  PG_INT64_MAX : (int64) readings);
	values[first + 7] = notes.data == NULL ?
		PointerGetDatum(cstring_to_text(core_text(row->message))) :
		PointerGetDatum(cstring_to_text(psprintf("%s%s", core_text(row->message), notes.data)));
}

/* las_tabellrad(rad, kolumner, samband, tolerans, enhet): one line read as a table row */
PG_FUNCTION_INFO_V1(las_tabellrad);
Datum
las_tabellrad(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	kr_tabell_relations *rels;
	kr_tabell_options opts;
	kr_tabell_error err;
	kr_tabellrad row;
	char	   *line;
	size_t		len;
	int			rc;
	BeloppColumn bc;
	Datum		values[RAD_NATTS];
	bool		nulls[RAD_NATTS];

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		return (Datum) 0;
	check_numbers(PG_GETARG_INT32(1), PG_GETARG_INT32(3));
	belopp_column(fcinfo, 4, rsinfo->setDesc, RAD_NATTS - 1, &bc);
	rels = palloc(sizeof(kr_tabell_relations));
	parse_relations(fcinfo, 2, PG_GETARG_INT32(1), rels);
	line = line_arg_utf8(fcinfo, 0, KR_TABELL_MAX_LINE_BYTES, false, &len, "las_tabellrad",
						 "Use las_tabell to read a block of lines.");

	opts.ncolumns = PG_GETARG_INT32(1);
	opts.relations = rels->count > 0 ? rels : NULL;
	opts.tolerance = PG_GETARG_INT32(3);
	rc = kr_tabell_read_line(line, len, &opts, &row, &err);
	if (rc != KR_TABELL_OK)
		report_core_error(&err, "las_tabellrad");	/* the core freed the row */

	PG_TRY();
	{
		row_columns(&row, rels->count > 0, &bc, values, nulls, 0);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_FINALLY();
	{
		kr_tabellrad_free(&row);
	}
	PG_END_TRY();
	return (Datum) 0;
}

/* las_tabell(text, kolumner, samband, tolerans, enhet): a block of lines read as table rows */
PG_FUNCTION_INFO_V1(las_tabell);
Datum
las_tabell(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	kr_tabell_relations *rels;
	kr_tabell_options opts;
	kr_tabell_error err;
	kr_tabell_block block;
	BeloppColumn bc;
	char	   *block_text;
	size_t		len;
	int			rc;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3))
		return (Datum) 0;
	check_numbers(PG_GETARG_INT32(1), PG_GETARG_INT32(3));
	belopp_column(fcinfo, 4, rsinfo->setDesc, TABELL_NATTS - 1, &bc);
	rels = palloc(sizeof(kr_tabell_relations));
	parse_relations(fcinfo, 2, PG_GETARG_INT32(1), rels);
	block_text = text_arg_utf8(fcinfo, 0, KR_TABELL_MAX_BLOCK_BYTES, &len, "las_tabell");

	opts.ncolumns = PG_GETARG_INT32(1);
	opts.relations = rels->count > 0 ? rels : NULL;
	opts.tolerance = PG_GETARG_INT32(3);
	rc = kr_tabell_read_block(block_text, len, &opts, &block, &err);
	if (rc != KR_TABELL_OK)
		report_core_error(&err, "las_tabell");	/* the core freed the block */

	PG_TRY();
	{
		for (int i = 0; i < block.nrows; i++)
		{
			const kr_tabellrad *row = &block.rows[i];
			Datum		values[TABELL_NATTS];
			bool		nulls[TABELL_NATTS];

			values[0] = Int32GetDatum(row->line);
			values[1] = Int32GetDatum(row->last_line);
			nulls[0] = nulls[1] = false;
			row_columns(row, rels->count > 0, &bc, values, nulls, 2);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	PG_FINALLY();
	{
		kr_tabell_block_free(&block);
	}
	PG_END_TRY();
	return (Datum) 0;
}

/* tabell_rubrik(rad): one line read as a table's header, or no row */
PG_FUNCTION_INFO_V1(tabell_rubrik);
Datum
tabell_rubrik(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	kr_rubrik	r;
	char	   *line;
	size_t		len;
	int			rc;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, false};

	InitMaterializedSRF(fcinfo, 0);
	line = line_arg_utf8(fcinfo, 0, KR_RUBRIK_MAX_LINE_BYTES, true, &len, "tabell_rubrik",
						 "Use hitta_tabell to find the header of a table on a page.");
	rc = kr_rubrik_read(line, len, &r);
	if (rc < 0)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("The header reader could not allocate memory.")));
	if (rc == 0)
		return (Datum) 0;
	PG_TRY();
	{
		Datum	   *elems = palloc(sizeof(Datum) * r.nheadings);

		for (int i = 0; i < r.nheadings; i++)
			elems[i] = utf8_text_datum(r.headings[i]);
		values[0] = PointerGetDatum(construct_array(elems, r.nheadings, TEXTOID, -1, false,
													TYPALIGN_INT));
		if (r.label != NULL)
			values[1] = utf8_text_datum(r.label);
		else
			nulls[1] = true;
		if (r.unit[0] != '\0')
			values[2] = CStringGetTextDatum(r.unit);
		else
			nulls[2] = true;
		values[3] = BoolGetDatum(r.years_only);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	PG_FINALLY();
	{
		kr_rubrik_free(&r);
	}
	PG_END_TRY();
	return (Datum) 0;
}
