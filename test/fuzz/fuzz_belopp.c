/*
 * fuzz_belopp.c -- libFuzzer target for the belopp parser and formatters.
 *
 * Any bytes are parsed.  Whatever parses must:
 *   - format (belopp_format) to canonical text that parses back to the same
 *     value;
 *   - show (belopp_visa, exact decimals) in every unit as text that, with the
 *     unit name appended, parses back to the same value;
 *   - round-trip the same way through a rounded belopp_visa whenever the
 *     rounding loses nothing.
 * A failed parse must leave a non-empty, terminated message.  A violation
 * aborts, which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "belopp_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const unit_names[] = {"kr", "sek", "tkr", "mnkr", "mkr", "Mkr", "MDKR"};

/* Report a broken property with the value and text involved, and abort. */
static void
broken(const char *what, int64_t ore, const char *text)
{
	fprintf(stderr, "fuzz_belopp: %s: value %lld, text \"%s\"\n",
			what, (long long) ore, text);
	abort();
}

/* Parse text that must give back ore. */
static void
must_parse_to(const char *text, size_t len, int64_t ore, const char *what)
{
	int64_t		back = 0;
	char		errmsg[BELOPP_ERRMSG_LEN];

	if (belopp_parse(text, len, &back, errmsg) != BELOPP_OK)
	{
		fprintf(stderr, "fuzz_belopp: parser says: %s\n", errmsg);
		broken(what, ore, text);
	}
	if (back != ore)
		broken(what, ore, text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int64_t		ore = 0;
	char		errmsg[BELOPP_ERRMSG_LEN];
	char		canon[BELOPP_CANON_LEN];
	BeloppParseResult r;
	size_t		u;
	int			n;

	/* errmsg starts dirty so that a missing terminator is caught */
	memset(errmsg, 'x', sizeof(errmsg));
	r = belopp_parse((const char *) data, size, &ore, errmsg);

	/*
	 * A leading space changes nothing, but it keeps the text away from the
	 * parser's fast path for plain numbers: the two paths must agree.
	 */
	{
		char	   *spaced = malloc(size + 1);
		int64_t		ore2 = 0;
		BeloppParseResult r2;

		if (spaced == NULL)
			abort();
		spaced[0] = ' ';
		memcpy(spaced + 1, data, size);
		r2 = belopp_parse(spaced, size + 1, &ore2, NULL);
		if (r2 != r || (r == BELOPP_OK && ore2 != ore))
			broken("the fast path and the general parser disagree", ore, "");
		/* the NUL-terminated fast path (text input) agrees too */
		if (memchr(data, '\0', size) == NULL)
		{
			memcpy(spaced, data, size);
			spaced[size] = '\0';
			if (belopp_parse_plain(spaced, &ore2) && (r != BELOPP_OK || ore2 != ore))
				broken("the NUL-terminated fast path accepts what the parser reads otherwise", ore, "");
		}
		free(spaced);
	}
	if (r != BELOPP_OK)
	{
		if (r != BELOPP_SYNTAX && r != BELOPP_RANGE)
			broken("unknown parse result", 0, "");
		if (memchr(errmsg, '\0', sizeof(errmsg)) == NULL || errmsg[0] == '\0')
			broken("a rejected input has no message", 0, "");
		/* parsing without a message buffer must agree */
		if (belopp_parse((const char *) data, size, &ore, NULL) != r)
			broken("the result depends on errmsg being given", 0, "");
		return 0;
	}

	/* canonical text */
	n = belopp_format(ore, canon);
	if (n <= 0 || n >= BELOPP_CANON_LEN || (size_t) n != strlen(canon))
		broken("belopp_format length", ore, canon);
	must_parse_to(canon, (size_t) n, ore, "canonical text does not parse back");

	/* the Swedish presentation, in every unit */
	for (u = 0; u < sizeof(unit_names) / sizeof(unit_names[0]); u++)
	{
		const char *name = unit_names[u];
		int			exp = belopp_unit_exp(name, strlen(name));
		char		text[BELOPP_VISA_LEN + 8];
		int			decimals;

		if (exp < 0)
			broken("a unit is not known", ore, name);

		n = belopp_visa(ore, exp, -1, text);
		if (n <= 0 || n >= BELOPP_VISA_LEN || (size_t) n != strlen(text))
			broken("belopp_visa length", ore, text);
		if (strncmp(text, "-0", 2) == 0 && strspn(text, "-0, ") == (size_t) n)
			broken("belopp_visa shows a negative zero", ore, text);
		n += snprintf(text + n, sizeof(text) - (size_t) n, " %s", name);
		must_parse_to(text, (size_t) n, ore, "exact visa does not parse back");

		/*
		 * Rounded presentations: with at least the unit's öre digits nothing
		 * is lost, so they must parse back too; with fewer they must still
		 * parse, to the value rounded half away from zero.
		 */
		for (decimals = 0; decimals <= BELOPP_MAX_DECIMALS; decimals++)
		{
			int64_t		back = 0;
			__int128	want;
			__int128	step = 1;
			__int128	rem;
			int			k;

			n = belopp_visa(ore, exp, decimals, text);
			if (n <= 0 || n >= BELOPP_VISA_LEN || (size_t) n != strlen(text))
				broken("rounded belopp_visa length", ore, text);
			if (strncmp(text, "-0", 2) == 0 && strspn(text, "-0, ") == (size_t) n)
				broken("rounded belopp_visa shows a negative zero", ore, text);
			n += snprintf(text + n, sizeof(text) - (size_t) n, " %s", name);
			if (decimals >= exp)
			{
				must_parse_to(text, (size_t) n, ore, "lossless visa does not parse back");
				continue;
			}
			/* the shown figure in öre: ore rounded half away from zero to a multiple of step */
			for (k = 0; k < exp - decimals; k++)
				step *= 10;
			rem = (__int128) ore % step;
			want = (__int128) ore - rem;
			if (2 * rem >= step)
				want += step;
			else if (2 * rem <= -step)
				want -= step;
			r = belopp_parse(text, (size_t) n, &back, errmsg);
			if (want > INT64_MAX || want < INT64_MIN)
			{
				if (r != BELOPP_RANGE)
					broken("a rounded visa beyond the range is not a range error", ore, text);
			}
			else if (r != BELOPP_OK || back != (int64_t) want)
				broken("rounded visa does not parse to the rounded value", ore, text);
		}
	}
	return 0;
}
