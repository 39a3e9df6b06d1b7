/*
 * tap.h -- a minimal Test Anything Protocol emitter for the pure-C unit tests.
 *
 * Each test program includes this header, calls tap_ok()/tap_is_*() for each
 * assertion and returns tap_done() from main().  The output is plain TAP
 * ("ok N - name" / "not ok N - name" and a closing "1..N" plan), which the
 * test runner counts assertion by assertion.
 */
#ifndef KR_TAP_H
#define KR_TAP_H

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int	tap_count = 0;
static int	tap_failed = 0;

/* Record one assertion; print a diagnostic block when it fails. */
static int
tap_ok(int cond, const char *fmt,...)
{
	va_list		ap;

	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

/* Assert two strings are equal (either may be NULL). */
static int
tap_is_str(const char *got, const char *want, const char *name)
{
	int			same = (got == NULL || want == NULL) ? got == want : strcmp(got, want) == 0;

	if (!tap_ok(same, "%s", name))
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)", want ? want : "(null)");
	return same;
}

/* Assert two 64-bit integers are equal. */
static int
tap_is_i64(int64_t got, int64_t want, const char *name)
{
	if (!tap_ok(got == want, "%s", name))
		printf("#   got:  %" PRId64 "\n#   want: %" PRId64 "\n", got, want);
	return got == want;
}

/* Print the plan; the process exit status is non-zero when anything failed. */
static int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed == 0 ? 0 : 1;
}

#endif							/* KR_TAP_H */
