/*
 * fuzz_tabell.c -- libFuzzer target for the text-table reader (tabell_core)
 *
 * The first input byte chooses the column count K (low six bits), whether
 * the first line of the rest is relation text (high bit) and the tolerance
 * (bit 6).  The rest is read as a block, and its first line as a single
 * line.  Every result is checked against invariants that must hold for any
 * input; a violation aborts, which libFuzzer reports as a crash.  Leaks are
 * caught by AddressSanitizer's leak checker.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tabell_core.h"

#define TEN18	1000000000000000000LL

/* Is a value within the documented range? */
static void
check_value(const kr_tabell_value *v)
{
	CHECK(v->scale >= 0 && v->scale <= KR_TABELL_MAX_DIGITS);
	CHECK(v->mantissa < TEN18 && v->mantissa > -TEN18);
	if (v->empty)
		CHECK(v->mantissa == 0 && v->scale == 0 && !v->percent);
}

/* Are two values the same figure, as printed? */
static int
same_value(const kr_tabell_value *a, const kr_tabell_value *b)
{
	return a->mantissa == b->mantissa && a->scale == b->scale && a->percent == b->percent &&
		a->empty == b->empty;
}

/* Read a value's canonical text back as a one-column line. */
static void
check_value_roundtrip(const kr_tabell_value *v)
{
	char		buf[KR_TABELL_VALUE_BUFSIZE];
	kr_tabell_options opts = {1, NULL, 0};
	kr_tabell_error err;
	kr_tabellrad row;
	const kr_tabell_value *back;
	int			n;
	int			len;

	for (int grouped = 0; grouped <= 1; grouped++)
	{
		len = kr_tabell_format_value(v, grouped != 0, buf, sizeof(buf));
		CHECK(len > 0);
		CHECK(kr_tabell_read_line(buf, (size_t) len, &opts, &row, &err) == KR_TABELL_OK);
		back = kr_tabellrad_values(&row, &n);
		CHECK(back != NULL && n == 1);
		CHECK(same_value(back, v));
		kr_tabellrad_free(&row);
	}
}

/*
 * Re-join a decided row's figures in grouped canonical form and read them
 * again: the original reading must be among the splits found.
 */
static void
check_rejoin(const kr_tabell_value *vals, int n)
{
	char		line[KR_TABELL_MAX_COLUMNS * (KR_TABELL_VALUE_BUFSIZE + 1)];
	size_t		len = 0;
	kr_tabell_options opts;
	kr_tabell_error err;
	kr_tabellrad row;
	int			found = 0;

	/*
	 * A dash in an empty cell before a figure is read as its minus sign
	 * without relations, so only rows without empty cells are re-joined.
	 */
	for (int i = 0; i < n; i++)
		if (vals[i].empty)
			return;
	for (int i = 0; i < n; i++)
	{
		int			l;

		if (i > 0)
			line[len++] = ' ';
		l = kr_tabell_format_value(&vals[i], true, line + len, sizeof(line) - len);
		CHECK(l > 0);
		len += (size_t) l;
	}
	opts.ncolumns = n;
	opts.relations = NULL;
	opts.tolerance = 0;
	CHECK(kr_tabell_read_line(line, len, &opts, &row, &err) == KR_TABELL_OK);
	CHECK(!row.ofullstandig);
	CHECK(row.nsplits >= 1);
	if (!row.truncated && row.nsplits == (uint64_t) row.ncandidates)
	{
		for (int c = 0; c < row.ncandidates && !found; c++)
		{
			int			same = row.candidates[c].nvalues == n;

			for (int i = 0; same && i < n; i++)
				same = same_value(&row.candidates[c].values[i], &vals[i]);
			found = same;
		}
		CHECK(found);
	}
	kr_tabellrad_free(&row);
}

/* Check one row against the invariants; nrel is the relation count used. */
static void
check_row(const kr_tabellrad *row, int k, int nrel, int nlines)
{
	CHECK(row->name != NULL);
	CHECK(strchr(row->name, '\n') == NULL);
	CHECK(row->line >= 1 && row->last_line >= row->line && row->last_line <= nlines);
	CHECK(row->ncandidates >= 0 && row->ncandidates <= KR_TABELL_MAX_CANDIDATES);
	CHECK(row->failed_relation >= -1 && row->failed_relation < (nrel > 0 ? nrel : 0));
	CHECK(row->min_numbers <= row->max_numbers);
	if (row->ngroups > 0 && row->min_numbers >= 1)
		CHECK(row->min_numbers <= row->ngroups && row->max_numbers <= row->ngroups);
	if (row->ncandidates > 0)
		CHECK((uint64_t) row->ncandidates <= row->nsplits);
	if (row->max_numbers >= 0 && row->max_numbers < k)
		CHECK(row->ofullstandig);
	for (int c = 0; c < row->ncandidates; c++)
	{
		const kr_tabell_candidate *cd = &row->candidates[c];

		CHECK(cd->nvalues >= 1 && cd->nvalues <= k);
		if (row->ofullstandig)
			CHECK(cd->nvalues < k);
		else
			CHECK(cd->nvalues == k);
		if (nrel == 0 || row->ofullstandig)
			CHECK(cd->failed == 0);
		for (int i = 0; i < cd->nvalues; i++)
			check_value(&cd->values[i]);
	}
	if (row->status == KR_TABELL_UNIQUE)
	{
		int			n;
		const kr_tabell_value *v = kr_tabellrad_values(row, &n);

		CHECK(v != NULL && n >= 1);
		CHECK(!row->truncated);
		if (nrel == 0 || row->ofullstandig)
			CHECK(row->nsplits == 1);
		for (int i = 0; i < n; i++)
			if (!v[i].empty)
				check_value_roundtrip(&v[i]);
		check_rejoin(v, n);
	}
	else
		CHECK(kr_tabellrad_values(row, NULL) == NULL);
	if (row->status == KR_TABELL_AMBIGUOUS)
		CHECK(row->nsplits >= 2);
}

/* Count the lines of a block as the reader numbers them. */
static int
count_lines(const char *text, size_t len)
{
	int			n = 1;

	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	return n;
}

/* Feed the input to the block reader and the line reader. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kr_tabell_relations rels;
	kr_tabell_options opts;
	kr_tabell_error err;
	kr_tabell_block block;
	kr_tabellrad row;
	const char *text;
	size_t		len;
	const char *nl;
	int			nrel = 0;

	if (size < 1)
		return 0;
	opts.ncolumns = 1 + (data[0] & 0x3F);
	opts.tolerance = (data[0] >> 6) & 1;
	opts.relations = NULL;
	text = (const char *) data + 1;
	len = size - 1;

	if (data[0] & 0x80)
	{
		nl = memchr(text, '\n', len);
		if (nl != NULL)
		{
			size_t		rlen = (size_t) (nl - text);

			if (kr_tabell_parse_relations(text, rlen, opts.ncolumns, &rels, &err) == KR_TABELL_OK)
			{
				CHECK(rels.count >= 0 && rels.count <= KR_TABELL_MAX_RELATIONS);
				opts.relations = &rels;
				nrel = rels.count;
			}
			else
				CHECK(err.code != KR_TABELL_OK && err.message[0] != '\0');
			text = nl + 1;
			len -= rlen + 1;
		}
	}

	if (kr_tabell_read_block(text, len, &opts, &block, &err) == KR_TABELL_OK)
	{
		int			nlines = count_lines(text, len);

		for (int i = 0; i < block.nrows; i++)
		{
			check_row(&block.rows[i], opts.ncolumns, nrel, nlines);
			if (i > 0)
				CHECK(block.rows[i].line > block.rows[i - 1].last_line);
		}
		kr_tabell_block_free(&block);
	}
	else
	{
		CHECK(err.code != KR_TABELL_OK && err.message[0] != '\0');
		CHECK(block.nrows == 0 && block.rows == NULL);
	}

	nl = memchr(text, '\n', len);
	if (nl != NULL)
		len = (size_t) (nl - text);
	if (kr_tabell_read_line(text, len, &opts, &row, &err) == KR_TABELL_OK)
		check_row(&row, opts.ncolumns, nrel, 1);
	else
		CHECK(err.code != KR_TABELL_OK && err.message[0] != '\0');
	kr_tabellrad_free(&row);
	return 0;
}
