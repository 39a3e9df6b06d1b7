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
	unsigned __int128 rem;
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
	unsigned __int128 mag = whole < 0 ? (unsigned __int128) (-(__int128) whole) : (unsigned __int128) whole;
	unsigned __int128 total_weight = 0;
	RemEntry	rem[12];
	unsigned __int128 assigned = 0;
	int64_t		extra[12];
	int			i;

	for (i = 0; i < 12; i++)
		total_weight += weights[i];
	if (total_weight == 0 || total_weight > (unsigned __int128) INT64_MAX)
		return -1;

	for (i = 0; i < 12; i++)
	{
		/* mag <= 2^63 and weight < 2^63: the product fits in 126 bits */
		unsigned __int128 num = mag * weights[i];

		parts[i] = (int64_t) (num / total_weight);
		rem[i].rem = num % total_weight;
		rem[i].idx = i;
		assigned += (unsigned __int128) parts[i];
	}
	/* fewer than 12 öre are left over: the remainders sum below 12 weights */
	bump_largest(rem, 12, (int64_t) (mag - assigned), extra);
	for (i = 0; i < 12; i++)
	{
		unsigned __int128 part = (unsigned __int128) parts[i] + (unsigned __int128) extra[i];

		/* a part is at most the whole, so it fits unless whole is INT64_MIN */
		parts[i] = whole < 0 ? (int64_t) (-(__int128) part) : (int64_t) part;
	}
	return 0;
}

/* floor division of a 128-bit value by a positive divisor */
static __int128
floor_div(__int128 a, __int128 d)
{
	__int128	q = a / d;

	if (a % d != 0 && a < 0)
		q--;
	return q;
}

int
fordela_round_summable(const int64_t *values, int n, int64_t unit, int64_t *rounded)
{
	RemEntry   *rem;
	int64_t    *extra;
	__int128	total = 0;
	__int128	floors = 0;
	__int128	target;
	__int128	half_up;
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
		__int128	f = floor_div(values[i], unit);

		rounded[i] = (int64_t) f;
		rem[i].rem = (unsigned __int128) (values[i] - f * unit);
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
fordela_weights(const char *const text[12], uint64_t weights[12], char *errmsg)
{
	unsigned __int128 mant[12];
	int			scale[12];
	int			max_scale = 0;
	unsigned __int128 total = 0;
	int			i;

	for (i = 0; i < 12; i++)
	{
		const char *p = text[i];
		int			digits = 0;
		int			frac = -1;
		int			last_nonzero_frac = 0;

		mant[i] = 0;
		if (*p == '-')
		{
			/* "-0" and "-0.00" are zero; anything else negative is an error */
			const char *q = p + 1;

			while (*q == '0' || *q == '.')
				q++;
			if (*q != '\0')
			{
				snprintf(errmsg, FORDELA_ERRMSG_LEN,
						 "Month %d has the negative weight %.40s; weights must not be negative.", i + 1, text[i]);
				return -1;
			}
			p++;
		}
		for (; *p; p++)
		{
			if (*p == '.' && frac < 0)
			{
				frac = 0;
				continue;
			}
			if (*p < '0' || *p > '9')
			{
				snprintf(errmsg, FORDELA_ERRMSG_LEN,
						 "The weight of month %d, \"%.40s\", is not a number.", i + 1, text[i]);
				return -1;
			}
			if (frac >= 0)
			{
				frac++;
				if (*p != '0')
					last_nonzero_frac = frac;
			}
			digits++;
		}
		if (digits == 0)
		{
			snprintf(errmsg, FORDELA_ERRMSG_LEN, "The weight of month %d is empty.", i + 1);
			return -1;
		}
		scale[i] = last_nonzero_frac;
		if (scale[i] > 18)
		{
			snprintf(errmsg, FORDELA_ERRMSG_LEN,
					 "The weight of month %d has more than 18 decimals.", i + 1);
			return -1;
		}
		/* the digits up to the last significant decimal */
		{
			int			seen_frac = -1;

			for (p = text[i]; *p; p++)
			{
				if (*p == '-')
					continue;
				if (*p == '.')
				{
					seen_frac = 0;
					continue;
				}
				if (seen_frac >= 0 && ++seen_frac > scale[i])
					break;
				mant[i] = mant[i] * 10 + (unsigned) (*p - '0');
				if (mant[i] > (unsigned __int128) INT64_MAX)
				{
					snprintf(errmsg, FORDELA_ERRMSG_LEN,
							 "The weight of month %d is too large.", i + 1);
					return -1;
				}
			}
		}
		if (scale[i] > max_scale)
			max_scale = scale[i];
	}
	for (i = 0; i < 12; i++)
	{
		int			k;

		for (k = scale[i]; k < max_scale; k++)
			mant[i] *= 10;
		total += mant[i];
		if (mant[i] > (unsigned __int128) INT64_MAX || total > (unsigned __int128) INT64_MAX)
		{
			snprintf(errmsg, FORDELA_ERRMSG_LEN,
					 "The weights are too large or too precise to be used together.");
			return -1;
		}
		weights[i] = (uint64_t) mant[i];
	}
	if (total == 0)
	{
		snprintf(errmsg, FORDELA_ERRMSG_LEN, "The profile has no positive weight.");
		return -1;
	}
	return 0;
}
