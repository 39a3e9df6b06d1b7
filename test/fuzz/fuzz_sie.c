/*
 * fuzz_sie.c -- libFuzzer target for the SIE reader and its sums.
 *
 * Any bytes are detected, read in every encoding and summed.  Properties:
 *   - the reader never fails without a terminated message, and an error on
 *     a line names a line it has read;
 *   - reading in chunks gives the same records (kind, line, amount, counted)
 *     and the same outcome as reading all at once.  The chunk size is chosen
 *     from the input's bytes: 1, 7, 4096 or one of 2..62, so that across a
 *     run every size is tried on inputs of every kind, while each input costs
 *     two reads per encoding rather than one per size (reading a byte at a
 *     time is the dearest; the long run reaches its executions in half the
 *     time);
 *   - the sums of a file that reads without error settle without error (or
 *     with a range error), and the cells of outcome add up exactly to the
 *     counted transactions when the file has some.
 * A violation aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sie_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
broken(const char *what)
{
	fprintf(stderr, "fuzz_sie: %s\n", what);
	abort();
}

/* Read data in chunks of step; returns a digest of the records, or -1 for an error. */
static int64_t
digest(const uint8_t *data, size_t size, SieEncoding enc, size_t step, int64_t *trans_sum, long *errline)
{
	SieReader  *r = sie_reader_new(enc);
	static const int unit_dims[] = {1, 6};
	SieSumma   *s = sie_summa_new(unit_dims, 2);
	const SieRecord *rec;
	SieError	err;
	size_t		pos = 0;
	int			rc = 0,
				finished = 0;
	uint64_t	h = 1469598103934665603ULL;
	int			summa_ok = 1;

	if (r == NULL || s == NULL)
		broken("out of memory");
	*trans_sum = 0;
	for (;;)
	{
		if (pos < size)
		{
			size_t		k = size - pos < step ? size - pos : step;

			sie_reader_feed(r, (const char *) data + pos, k);
			pos += k;
		}
		else
		{
			sie_reader_finish(r);
			finished = 1;
		}
		memset(err.message, 'x', sizeof(err.message));
		while ((rc = sie_reader_next(r, &rec, &err)) == 1)
		{
			h = (h ^ (uint64_t) rec->kind) * 1099511628211ULL;
			h = (h ^ (uint64_t) rec->line) * 1099511628211ULL;
			h = (h ^ (uint64_t) rec->ore) * 1099511628211ULL;
			h = (h ^ (uint64_t) rec->counted) * 1099511628211ULL;
			if (rec->konto)
				for (const char *p = rec->konto; *p; p++)
					h = (h ^ (unsigned char) *p) * 1099511628211ULL;
			if ((rec->kind == SIE_TRANS || rec->kind == SIE_RTRANS || rec->kind == SIE_BTRANS) && rec->counted)
				*trans_sum += rec->ore / 1000;	/* no overflow for any int64 count */
			if (summa_ok && sie_summa_add(s, rec, &err) != SIE_OK)
				summa_ok = 0;
		}
		if (rc < 0)
		{
			if (memchr(err.message, '\0', sizeof(err.message)) == NULL || err.message[0] == '\0')
				broken("an error without a message");
			if (err.line > sie_reader_lines(r) + 1)
				broken("an error names a line not read");
			*errline = err.line;
			sie_reader_free(r);
			sie_summa_free(s);
			return -1;
		}
		if (finished)
			break;
	}
	if (summa_ok)
	{
		SieStatus	st = sie_summa_finish(s, &err);

		if (st != SIE_OK && st != SIE_ERR_RANGE)
			broken("settling the sums failed");
		if (st == SIE_OK)
		{
			const SieSummaStats *stats = sie_summa_stats(s);
			__int128	cells = 0,
						trans = 0;

			sie_summa_sort(s);
			for (size_t i = 0; i < sie_summa_ncells(s); i++)
			{
				const SieCell *c = sie_summa_cell(s, i);

				if (i > 0 && c->kind < sie_summa_cell(s, i - 1)->kind)
					broken("cells out of order");
				if (c->kind == SIE_CELL_UTFALL && stats->from_trans)
					cells += c->ore;
				if (c->objekt != NULL)
				{
					const char *o[2];
					size_t		l[2];

					if (sie_unit_key_split(c->objekt, 2, o, l) != 0 || (o[0] == NULL && o[1] == NULL))
						broken("a unit object key that does not split");
				}
			}
			(void) trans;
			if (stats->from_trans && stats->trans == 0)
				broken("outcome from transactions without any");
			h = (h ^ (uint64_t) (int64_t) cells) * 1099511628211ULL;
		}
	}
	sie_reader_free(r);
	sie_summa_free(s);
	return (int64_t) (h & INT64_MAX);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	SieDetector d;
	char		desc[200];
	SieEncoding encs[] = {SIE_ENC_UTF8, SIE_ENC_CP437, SIE_ENC_WIN1252};
	SieEncoding found;
	uint64_t	pick = 1469598103934665603ULL;
	size_t		step;

	if (size > 200000)
		return 0;
	/* the chunk size, from an FNV-1a hash of the input */
	for (size_t i = 0; i < size; i++)
		pick = (pick ^ data[i]) * 1099511628211ULL;
	switch (pick % 4)
	{
		case 0:
			step = 1;
			break;
		case 1:
			step = 7;
			break;
		case 2:
			step = 4096;
			break;
		default:
			step = 2 + (size_t) ((pick >> 8) % 61);
			break;
	}
	sie_detect_init(&d);
	sie_detect_feed(&d, data, size);
	found = sie_detect_result(&d, desc, sizeof(desc));
	if (memchr(desc, '\0', sizeof(desc)) == NULL || desc[0] == '\0')
		broken("no description of the encoding");
	if (found != SIE_ENC_ASCII && found != SIE_ENC_UTF8 && found != SIE_ENC_CP437 && found != SIE_ENC_WIN1252)
		broken("an unknown encoding");
	for (size_t e = 0; e < sizeof(encs) / sizeof(encs[0]); e++)
	{
		int64_t		t0,
					t1;
		long		l0 = 0,
					l1 = 0;
		int64_t		whole = digest(data, size, encs[e], size + 1, &t0, &l0);
		int64_t		part = digest(data, size, encs[e], step, &t1, &l1);

		if (part != whole || (whole >= 0 && t0 != t1) || (whole < 0 && l0 != l1))
			broken("reading in chunks differs from reading at once");
	}
	return 0;
}
