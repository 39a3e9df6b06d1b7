/*
 * fuzz_rubrik.c -- libFuzzer target for the header-line reader (rubrik_core)
 *
 * The input is one line of any bytes.  The result is checked against
 * invariants that hold for any input: the return code, the count of
 * headings, that every heading and the label are non-empty pieces of the
 * line's text joined by single spaces (no longer than the line), that the
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

static void
check_text(const char *s, size_t linelen)
{
	size_t		n;

	CHECK(s != NULL);
	n = strlen(s);
	CHECK(n > 0 && n <= linelen);
	CHECK(s[0] != ' ' && s[n - 1] != ' ');
	CHECK(strstr(s, "  ") == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kr_rubrik	r;
	int			rc = kr_rubrik_read((const char *) data, size, &r);

	CHECK(rc >= -1 && rc <= 1);
	if (rc != 1)
	{
		CHECK(r.nheadings == 0 && r.headings == NULL && r.label == NULL);
		CHECK(rc == 0 || size > KR_RUBRIK_MAX_LINE_BYTES);
		return 0;
	}
	CHECK(r.nheadings >= 2 && r.nheadings <= KR_RUBRIK_MAX_HEADINGS);
	for (int i = 0; i < r.nheadings; i++)
		check_text(r.headings[i], size);
	if (r.label != NULL)
		check_text(r.label, size);
	CHECK(r.unit[0] == '\0' || strcmp(r.unit, "kr") == 0 || strcmp(r.unit, "sek") == 0 ||
		  strcmp(r.unit, "tkr") == 0 || strcmp(r.unit, "mnkr") == 0 ||
		  strcmp(r.unit, "mkr") == 0 || strcmp(r.unit, "mdkr") == 0);
	kr_rubrik_free(&r);
	CHECK(r.headings == NULL && r.label == NULL && r.nheadings == 0);
	return 0;
}
