/*
 * libFuzzer target for the accuracy aggregate's pure-C core: arbitrary bytes
 * are unpacked as a serialised state (what a parallel worker sends), and read
 * as (forecast, outcome) pairs that are added, combined, packed and unpacked.
 * Whatever unpacks must pack back to the same bytes; adding pairs in two
 * halves and combining must equal adding them in one pass; formatting never
 * overruns its buffer.
 */
#include "prognos_core.h"

#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether two sums are equal, field by field. */
static int
same(const PrognosAccuracySum *a, const PrognosAccuracySum *b)
{
	unsigned char pa[PROGNOS_PACKED_LEN];
	unsigned char pb[PROGNOS_PACKED_LEN];

	prognos_accuracy_pack(a, pa);
	prognos_accuracy_pack(b, pb);
	return memcmp(pa, pb, sizeof(pa)) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	PrognosAccuracySum s,
				whole,
				first,
				second;
	unsigned char packed[PROGNOS_PACKED_LEN];
	char		buf[PROGNOS_NUMBER_LEN];
	size_t		npairs = size / 17;
	size_t		i;

	/* the bytes as a serialised state */
	if (prognos_accuracy_unpack(data, (long) size, &s) == 0)
	{
		prognos_accuracy_pack(&s, packed);
		if (size != PROGNOS_PACKED_LEN || memcmp(packed, data, size) != 0)
			abort();
		prognos_u192_format(&s.sum_sq, 1, 30, buf);
		prognos_u192_format(&s.sum_ratio, 0, 18, buf);
		prognos_i128_format(s.sum_err, 2, buf);
		if (strlen(buf) >= sizeof(buf))
			abort();
	}

	/* the bytes as pairs: 8 bytes forecast, 8 bytes outcome, 1 byte convention */
	memset(&whole, 0, sizeof(whole));
	memset(&first, 0, sizeof(first));
	memset(&second, 0, sizeof(second));
	for (i = 0; i < npairs; i++)
	{
		int64_t		f,
					u;
		int			kostnad = data[i * 17 + 16] & 1;

		memcpy(&f, data + i * 17, 8);
		memcpy(&u, data + i * 17 + 8, 8);
		prognos_accuracy_add(&whole, f, u, kostnad);
		prognos_accuracy_add(i < npairs / 2 ? &first : &second, f, u, kostnad);
	}
	prognos_accuracy_combine(&first, &second);
	if (!same(&whole, &first))
		abort();
	prognos_accuracy_pack(&whole, packed);
	if (prognos_accuracy_unpack(packed, PROGNOS_PACKED_LEN, &s) != 0 || !same(&s, &whole))
		abort();
	return 0;
}
