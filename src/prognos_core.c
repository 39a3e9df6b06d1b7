/*
 * prognos_core.c -- exact sums for forecast accuracy.  See prognos_core.h.
 */
#include "prognos_core.h"

#include <string.h>

void
prognos_u192_add128(PrognosU192 *a, unsigned __int128 v)
{
	uint64_t	lo = (uint64_t) v;
	uint64_t	hi = (uint64_t) (v >> 64);
	uint64_t	w0 = a->w[0] + lo;
	uint64_t	carry0 = w0 < lo;
	uint64_t	w1 = a->w[1] + hi;
	uint64_t	carry1 = w1 < hi;

	w1 += carry0;
	carry1 += (w1 < carry0);
	a->w[0] = w0;
	a->w[1] = w1;
	a->w[2] += carry1;
}

void
prognos_u192_add(PrognosU192 *a, const PrognosU192 *b)
{
	unsigned __int128 low = ((unsigned __int128) b->w[1] << 64) | b->w[0];

	prognos_u192_add128(a, low);
	a->w[2] += b->w[2];
}

/* Divide v by 10 in place; returns the remainder. */
static unsigned
u192_divmod10(PrognosU192 *v)
{
	unsigned __int128 rem = 0;
	int			i;

	for (i = 2; i >= 0; i--)
	{
		/* rem < 10, so the partial dividend stays below 10 * 2^64 */
		unsigned __int128 cur = (rem << 64) | v->w[i];

		v->w[i] = (uint64_t) (cur / 10);
		rem = cur % 10;
	}
	return (unsigned) rem;
}

static int
u192_is_zero(const PrognosU192 *v)
{
	return v->w[0] == 0 && v->w[1] == 0 && v->w[2] == 0;
}

int
prognos_u192_format(const PrognosU192 *v, int negative, int scale, char *buf)
{
	char		digits[64];		/* 2^192 has 58 decimal digits */
	int			nd = 0;
	int			n = 0;
	int			i;
	PrognosU192 t = *v;

	if (scale < 0)
		scale = 0;
	if (scale > 30)
		scale = 30;
	do
	{
		digits[nd++] = (char) ('0' + u192_divmod10(&t));
	} while (!u192_is_zero(&t));
	/* at least one digit before the point */
	while (nd < scale + 1)
		digits[nd++] = '0';
	if (negative && !u192_is_zero(v))
		buf[n++] = '-';
	for (i = nd - 1; i >= 0; i--)
	{
		buf[n++] = digits[i];
		if (i == scale && scale > 0)
			buf[n++] = '.';
	}
	buf[n] = '\0';
	return n;
}

int
prognos_i128_format(__int128 v, int scale, char *buf)
{
	PrognosU192 u;
	unsigned __int128 mag = v < 0 ? (unsigned __int128) 0 - (unsigned __int128) v
		: (unsigned __int128) v;

	u.w[0] = (uint64_t) mag;
	u.w[1] = (uint64_t) (mag >> 64);
	u.w[2] = 0;
	return prognos_u192_format(&u, v < 0, scale, buf);
}

unsigned __int128
prognos_ratio_term(unsigned __int128 abs_err, uint64_t abs_outcome)
{
	/* 10^18 < 2^60 and abs_err < 2^64: the product is below 2^124 */
	unsigned __int128 num = abs_err * (unsigned __int128) 1000000000000000000ULL;
	unsigned __int128 q = num / abs_outcome;
	unsigned __int128 r = num % abs_outcome;

	/* half away from zero: r >= u - r is 2r >= u without overflow */
	if (r >= (unsigned __int128) abs_outcome - r)
		q++;
	return q;
}

void
prognos_accuracy_add(PrognosAccuracySum *s, int64_t forecast, int64_t outcome,
					 int cost_convention)
{
	__int128	e = cost_convention ? (__int128) forecast - outcome
		: (__int128) outcome - forecast;
	unsigned __int128 mag = e < 0 ? (unsigned __int128) (-e) : (unsigned __int128) e;

	s->n++;
	s->sum_err += e;
	s->sum_abs += mag;
	/* mag < 2^64, so mag² < 2^128 */
	prognos_u192_add128(&s->sum_sq, mag * mag);
	if (outcome != 0)
	{
		uint64_t	umag = outcome < 0 ? (uint64_t) 0 - (uint64_t) outcome : (uint64_t) outcome;

		s->n_pct++;
		prognos_u192_add128(&s->sum_ratio, prognos_ratio_term(mag, umag));
	}
}

void
prognos_accuracy_combine(PrognosAccuracySum *into, const PrognosAccuracySum *from)
{
	into->n += from->n;
	into->n_pct += from->n_pct;
	into->sum_err += from->sum_err;
	into->sum_abs += from->sum_abs;
	prognos_u192_add(&into->sum_sq, &from->sum_sq);
	prognos_u192_add(&into->sum_ratio, &from->sum_ratio);
}

/* Big-endian 64-bit fields: one load or store and a byte swap on a little-endian host. */
static uint64_t
to_big_endian64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return v;
#else
	return __builtin_bswap64(v);
#endif
}

static void
put64(unsigned char *p, uint64_t v)
{
	v = to_big_endian64(v);
	memcpy(p, &v, sizeof(v));
}

static uint64_t
get64(const unsigned char *p)
{
	uint64_t	v;

	memcpy(&v, p, sizeof(v));
	return to_big_endian64(v);
}

void
prognos_accuracy_pack(const PrognosAccuracySum *s, unsigned char *buf)
{
	unsigned __int128 err = (unsigned __int128) s->sum_err;

	put64(buf, (uint64_t) s->n);
	put64(buf + 8, (uint64_t) s->n_pct);
	put64(buf + 16, (uint64_t) (err >> 64));
	put64(buf + 24, (uint64_t) err);
	put64(buf + 32, (uint64_t) (s->sum_abs >> 64));
	put64(buf + 40, (uint64_t) s->sum_abs);
	put64(buf + 48, s->sum_sq.w[2]);
	put64(buf + 56, s->sum_sq.w[1]);
	put64(buf + 64, s->sum_sq.w[0]);
	put64(buf + 72, s->sum_ratio.w[2]);
	put64(buf + 80, s->sum_ratio.w[1]);
	put64(buf + 88, s->sum_ratio.w[0]);
}

int
prognos_accuracy_unpack(const unsigned char *buf, long len, PrognosAccuracySum *s)
{
	unsigned __int128 err;

	if (len != PROGNOS_PACKED_LEN)
		return -1;
	memset(s, 0, sizeof(*s));
	s->n = (int64_t) get64(buf);
	s->n_pct = (int64_t) get64(buf + 8);
	if (s->n < 0 || s->n_pct < 0 || s->n_pct > s->n)
		return -1;
	err = ((unsigned __int128) get64(buf + 16) << 64) | get64(buf + 24);
	s->sum_err = (__int128) err;
	s->sum_abs = ((unsigned __int128) get64(buf + 32) << 64) | get64(buf + 40);
	s->sum_sq.w[2] = get64(buf + 48);
	s->sum_sq.w[1] = get64(buf + 56);
	s->sum_sq.w[0] = get64(buf + 64);
	s->sum_ratio.w[2] = get64(buf + 72);
	s->sum_ratio.w[1] = get64(buf + 80);
	s->sum_ratio.w[0] = get64(buf + 88);
	return 0;
}
