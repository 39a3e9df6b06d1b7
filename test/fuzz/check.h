/*
 * check.h -- the invariant check of the libFuzzer targets: a violated
 * condition is printed with its place and aborts, which libFuzzer reports as
 * a crash with the input that caused it.
 */
#ifndef KR_FUZZ_CHECK_H
#define KR_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "invariant violated: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
			abort(); \
		} \
	} while (0)

#endif							/* KR_FUZZ_CHECK_H */
