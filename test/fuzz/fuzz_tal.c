/*
 * libFuzzer target for the one number reader (tal_core) and for "the same
 * text, the same number" across its users:
 *   - tal_lex never reads past its length, with every combination of flags,
 *     and reads back what it took the same way;
 *   - a number it reads shows (tal_format) as text that reads back to the
 *     same number, and encodes as numeric's binary form that decodes
 *     (tal_from_numeric_send) to the same number;
 *   - a word the table reader can take as one figure is the same number as
 *     a table figure and, where it is whole öre in range, as a belopp;
 *   - arbitrary bytes given to tal_from_numeric_send never crash it.
 */
#include "belopp_core.h"
#include "tabell_core.h"
#include "tal_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
broken(const char *what)
{
	fprintf(stderr, "broken: %s\n", what);
	abort();
}

/* numeric_send's bytes for mantissa * 10^-scale (scale <= 40). */
static size_t
encode(const TalTal *t, unsigned char *buf)
{
	char		digits[80];
	char		all[160];
	int			nd = snprintf(digits, sizeof(digits), "%llu", (unsigned long long) t->mantissa);
	int			nint = nd - t->scale;	/* may be <= 0 */
	int			pad_i,
				len,
				weight,
				ndig,
				first = -1,
				last = -1,
				p = 0;

	/* lay the digits out around the point in whole base-10000 digits */
	{
		char		ip[80] = "";
		char		fp[80] = "";
		int			ni,
					nf;

		if (nint > 0)
		{
			memcpy(ip, digits, (size_t) nint);
			ip[nint] = '\0';
			strcpy(fp, digits + nint);
		}
		else
		{
			memset(fp, '0', (size_t) -nint);
			strcpy(fp + (-nint), digits);
		}
		ni = (int) strlen(ip);
		nf = (int) strlen(fp);
		pad_i = (4 - ni % 4) % 4;
		memset(all, '0', (size_t) pad_i);
		memcpy(all + pad_i, ip, (size_t) ni);
		memcpy(all + pad_i + ni, fp, (size_t) nf);
		len = pad_i + ni + nf;
		while (len % 4 != 0)
			all[len++] = '0';
		weight = (pad_i + ni) / 4 - 1;
	}
	ndig = len / 4;
	for (int i = 0; i < ndig; i++)
	{
		int			d = (all[4 * i] - '0') * 1000 + (all[4 * i + 1] - '0') * 100 +
			(all[4 * i + 2] - '0') * 10 + (all[4 * i + 3] - '0');

		if (d != 0)
		{
			if (first < 0)
				first = i;
			last = i;
		}
	}
	if (first < 0)
	{
		memset(buf, 0, 8);
		return 8;
	}
	weight -= first;
	ndig = last - first + 1;
	buf[p++] = (unsigned char) (ndig >> 8);
	buf[p++] = (unsigned char) ndig;
	buf[p++] = (unsigned char) ((unsigned) weight >> 8);
	buf[p++] = (unsigned char) weight;
	buf[p++] = t->negative ? 0x40 : 0;
	buf[p++] = 0;
	buf[p++] = 0;
	buf[p++] = (unsigned char) t->scale;
	for (int i = first; i <= last; i++)
	{
		int			d = (all[4 * i] - '0') * 1000 + (all[4 * i + 1] - '0') * 100 +
			(all[4 * i + 2] - '0') * 10 + (all[4 * i + 3] - '0');

		buf[p++] = (unsigned char) (d >> 8);
		buf[p++] = (unsigned char) d;
	}
	return (size_t) p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	TalLexeme	lx;
	TalTal		t;

	/* arbitrary bytes as numeric's binary form */
	tal_from_numeric_send(data, size, &t);

	for (unsigned flags = 0; flags < 16; flags++)
	{
		TalStatus	st = tal_lex(s, size, flags, &lx);

		if (st != TAL_OK)
			continue;
		if (lx.len == 0 || lx.len > size)
			broken("a number of no bytes, or more bytes than given");
		{
			TalLexeme	again;

			if (tal_lex(s, lx.len, flags, &again) != TAL_OK || again.len != lx.len ||
				!(tal_equal(&again.value, &lx.value) ||
				  (again.value.overflow && lx.value.overflow)))
				broken("the bytes a number took do not read back the same");
		}
		if (lx.value.negative && lx.value.mantissa == 0 && !lx.value.overflow)
			broken("a negative zero");
		if (!lx.value.overflow && lx.value.scale <= 20)
		{
			char		text[TAL_TEXT_LEN];
			int			n = tal_format(&lx.value, text);
			TalLexeme	back;
			unsigned char buf[128];
			size_t		nb;
			TalTal		dec;

			if (tal_lex(text, (size_t) n, TAL_POINT | TAL_POINT_DECIMALS, &back) != TAL_OK ||
				back.len != (size_t) n || !tal_equal(&back.value, &lx.value))
				broken("the shown number does not read back the same");
			nb = encode(&lx.value, buf);
			if (tal_from_numeric_send(buf, nb, &dec) != 0 || !tal_equal(&dec, &lx.value))
				broken("numeric's digits of the number decode to another number");
		}
	}

	/*
	 * One word that the table reader can take as one figure: the same
	 * number as a table figure and as a belopp.
	 */
	if (size > 0 && size < 64 && tal_lex(s, size, 0, &lx) == TAL_OK && lx.len == size &&
		lx.sign != TAL_PLUSMINUS && (lx.int_digits == 1 || lx.int_digits == lx.int_sig) &&
		lx.int_sig + lx.frac_digits <= KR_TABELL_MAX_DIGITS)
	{
		char		line[80];
		kr_tabell_options opts = {1, NULL, 0};
		kr_tabell_error err;
		kr_tabellrad row;
		const kr_tabell_value *v;
		int			nv;
		int64_t		ore;

		memcpy(line, "Rad ", 4);
		memcpy(line + 4, s, size);
		if (kr_tabell_read_line(line, size + 4, &opts, &row, &err) != KR_TABELL_OK)
			broken("the table reader fails on one figure");
		v = kr_tabellrad_values(&row, &nv);
		if (v == NULL || nv != 1)
			broken("the table reader does not take one figure");
		else
		{
			/* the table keeps the printed decimals; the value is the same */
			TalTal		tv;
			int64_t		m = v[0].mantissa;
			int			sc = v[0].scale;

			while (sc > 0 && m % 10 == 0)
			{
				m /= 10;
				sc--;
			}
			tv.negative = m < 0;
			tv.overflow = false;
			tv.mantissa = (uint64_t) (m < 0 ? -m : m);
			tv.scale = sc;
			if (!tal_equal(&tv, &lx.value))
				broken("the same text is another number as a table figure");
		}
		kr_tabellrad_free(&row);
		if (lx.value.scale <= 2 && lx.int_sig <= 15)
		{
			if (belopp_parse(s, size, &ore, NULL) != BELOPP_OK ||
				belopp_from_tal(&lx.value, 2, &ore, NULL) != BELOPP_OK)
				broken("a figure the table reads is refused as a belopp");
			else
			{
				int64_t		ore2;

				belopp_parse(s, size, &ore2, NULL);
				if (ore2 != ore)
					broken("the same text is another number as a belopp");
			}
		}
	}
	return 0;
}
