/*
 * libFuzzer target for the period parser: whatever parses is a valid period
 * whose canonical form parses back to the same period, and so does its
 * presentation form.
 */
#include "period_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PeriodParts p,
				q;
	char		buf[PERIOD_TEXT_LEN];
	char		err[PERIOD_ERRMSG_LEN];

	if (period_parse((const char *) data, size, &p, err) != 0)
		return 0;
	if (!period_valid(period_pack(p)))
		abort();
	period_format(p, buf);
	if (period_parse(buf, strlen(buf), &q, err) != 0 || period_pack(p) != period_pack(q))
		abort();
	period_visa(p, buf);
	if (period_parse(buf, strlen(buf), &q, err) != 0 || period_pack(p) != period_pack(q))
		abort();
	return 0;
}
