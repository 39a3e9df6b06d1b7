/*
 * fuzz_rubrik.c -- libFuzzer target for the header-line reader (rubrik_core)
 *
 * The input is one line of any bytes.  The result is checked against
 * invariants that hold for any input: the return code, the count of
 * headings, that every heading and the label are non-empty pieces of the
 * line's text joined by single spaces (together no more bytes of text than
 * the line has), that the
 * unit is one of the units, and that a line that is not a header leaves
 * nothing behind.  A violation aborts, which libFuzzer reports as a crash;
 * leaks are caught by AddressSanitizer's leak checker.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rubrik_core.h"

/*
 * A heading or label: non-empty, no space at either end or twice in a row;
 * returns its bytes other than the joining spaces (a heading is pieces of
 * the line joined by single spaces, and a year cut off a glued word adds a
 * space the line did not have, so only those bytes are bounded by the line).
 */
static size_t
check_text(const char *s)
{
	size_t		n,
				spaces = 0;

	CHECK(s != NULL);
	n = strlen(s);
	CHECK(n > 0);
	CHECK(s[0] != ' ' && s[n - 1] != ' ');
	CHECK(strstr(s, "  ") == NULL);
	for (size_t i = 0; i < n; i++)
		spaces += s[i] == ' ';
	return n - spaces;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kr_rubrik	r;
	int			rc = kr_rubrik_read((const char *) data, size, &r);
	size_t		text_bytes = 0;

	CHECK(rc >= -1 && rc <= 1);
	if (rc != 1)
	{
		CHECK(r.nheadings == 0 && r.headings == NULL && r.label == NULL);
		CHECK(rc == 0 || size > KR_RUBRIK_MAX_LINE_BYTES);
		return 0;
	}
	CHECK(r.nheadings >= 2 && r.nheadings <= KR_RUBRIK_MAX_HEADINGS);
	for (int i = 0; i < r.nheadings; i++)
		text_bytes += check_text(r.headings[i]);
	if (r.label != NULL)
		text_bytes += check_text(r.label);
	/* every byte of a heading is a byte of the line, none used twice */
	CHECK(text_bytes <= size);
	CHECK(r.unit[0] == '\0' || strcmp(r.unit, "kr") == 0 || strcmp(r.unit, "sek") == 0 ||
		  strcmp(r.unit, "tkr") == 0 || strcmp(r.unit, "mnkr") == 0 ||
		  strcmp(r.unit, "mkr") == 0 || strcmp(r.unit, "mdkr") == 0);
	kr_rubrik_free(&r);
	CHECK(r.headings == NULL && r.label == NULL && r.nheadings == 0);
	return 0;
}
