/*
 * fordela_core.c -- largest-remainder spreading and rounding; see the header.
 */
#include "fordela_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A remainder and the position it belongs to, for sorting. */
typedef struct RemEntry
{
	kr_uint128 rem;
	int			idx;
} RemEntry;

/* Larger remainders first; among equal remainders, earlier positions first. */
static int
cmp_rem(const void *a, const void *b)
{
	const RemEntry *x = a;
	const RemEntry *y = b;

	if (x->rem != y->rem)
		return x->rem > y->rem ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/*
 * Give one extra unit to the k entries (0 <= k <= n) with the largest
 * remainders.  The entries are sorted in place.
 */
static void
bump_largest(RemEntry *ent, int n, int64_t k, int64_t *extra)
{
	int			i;

	qsort(ent, (size_t) n, sizeof(RemEntry), cmp_rem);
	for (i = 0; i < n; i++)
		extra[ent[i].idx] = (i < k) ? 1 : 0;
}

int
fordela_spread(int64_t whole, const uint64_t weights[12], int64_t parts[12])
{
	kr_uint128 mag = whole < 0 ? (kr_uint128) (-(kr_int128) whole) : (kr_uint128) whole;
	kr_uint128 total_weight = 0;
	RemEntry	rem[12];
	kr_uint128 assigned = 0;
	int64_t		extra[12];
	int			i;

	for (i = 0; i < 12; i++)
		total_weight += weights[i];
	if (total_weight == 0 || total_weight > (kr_uint128) INT64_MAX)
		return -1;

	for (i = 0; i < 12; i++)
	{
		/* mag <= 2^63 and weight < 2^63: the product fits in 126 bits */
		kr_uint128 num = mag * weights[i];

		parts[i] = (int64_t) (num / total_weight);
		rem[i].rem = num % total_weight;
		rem[i].idx = i;
		assigned += (kr_uint128) parts[i];
	}
	/* fewer than 12 öre are left over: the remainders sum below 12 weights */
	bump_largest(rem, 12, (int64_t) (mag - assigned), extra);
	for (i = 0; i < 12; i++)
	{
		kr_uint128 part = (kr_uint128) parts[i] + (kr_uint128) extra[i];

		/* a part is at most the whole, so it fits unless whole is INT64_MIN */
		parts[i] = whole < 0 ? (int64_t) (-(kr_int128) part) : (int64_t) part;
	}
	return 0;
}

/* floor division of a 128-bit value by a positive divisor */
static kr_int128
floor_div(kr_int128 a, kr_int128 d)
{
	kr_int128	q = a / d;

	if (a % d != 0 && a < 0)
		q--;
	return q;
}

int
fordela_round_summable(const int64_t *values, int n, int64_t unit, int64_t *rounded)
{
	RemEntry   *rem;
	int64_t    *extra;
	kr_int128	total = 0;
	kr_int128	floors = 0;
	kr_int128	target;
	kr_int128	half_up;
	int			i;

	if (n < 0 || unit <= 0)
		return -1;
	if (n == 0)
		return 0;
	rem = malloc(sizeof(*rem) * (size_t) n);
	extra = malloc(sizeof(*extra) * (size_t) n);
	if (rem == NULL || extra == NULL)
	{
		free(rem);
		free(extra);
		return -1;
	}
	for (i = 0; i < n; i++)
	{
		kr_int128	f = floor_div(values[i], unit);

		rounded[i] = (int64_t) f;
		rem[i].rem = (kr_uint128) (values[i] - f * unit);
		rem[i].idx = i;
		total += values[i];
		floors += f;
	}
	/* the total rounded half away from zero, in units */
	half_up = floor_div(total < 0 ? -total : total, unit);
	if (2 * ((total < 0 ? -total : total) - half_up * unit) >= unit)
		half_up++;
	target = total < 0 ? -half_up : half_up;

	/* 0 <= target - floors <= n, since the remainders sum to below n units */
	bump_largest(rem, n, (int64_t) (target - floors), extra);
	for (i = 0; i < n; i++)
		rounded[i] += extra[i];
	free(rem);
	free(extra);
	return 0;
}

int
fordela_weights(const TalTal weight[12], uint64_t weights[12], char *errmsg)
{
	uint64_t	mant[12];
	int			max_scale = 0;
	kr_uint128	total = 0;
	int			i;

	for (i = 0; i < 12; i++)
	{
		const TalTal *w = &weight[i];

		if (w->negative && (w->mantissa != 0 || w->overflow))
		{
			char		shown[TAL_TEXT_LEN];

			tal_format(w, shown);
			snprintf(errmsg, FORDELA_ERRMSG_LEN,
					 "Month %d has the negative weight %.40s; weights must not be negative.", i + 1, shown);
			return -1;
		}
		if (w->scale > 18)
		{
			snprintf(errmsg, FORDELA_ERRMSG_LEN,
					 "The weight of month %d has more than 18 decimals.", i + 1);
			return -1;
		}
		/* the digits up to the last significant decimal */
		if (tal_scaled(w, w->scale, (uint64_t) INT64_MAX, &mant[i]) != 0)
		{
			snprintf(errmsg, FORDELA_ERRMSG_LEN,
					 "The weight of month %d is too large.", i + 1);
			return -1;
		}
		if (w->scale > max_scale)
			max_scale = w->scale;
	}
	for (i = 0; i < 12; i++)
	{
		kr_uint128	m = mant[i];
		int			k;

		for (k = weight[i].scale; k < max_scale; k++)
			m *= 10;
		total += m;
		if (m > (kr_uint128) INT64_MAX || total > (kr_uint128) INT64_MAX)
		{
			snprintf(errmsg, FORDELA_ERRMSG_LEN,
					 "The weights are too large or too precise to be used together.");
			return -1;
		}
		weights[i] = (uint64_t) m;
	}
	if (total == 0)
	{
		snprintf(errmsg, FORDELA_ERRMSG_LEN, "The profile has no positive weight.");
		return -1;
	}
	return 0;
}
