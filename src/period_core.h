/*
 * period_core.h -- parsing and formatting of reporting periods.
 *
 * A period is a run of months inside one calendar year (a Swedish
 * municipality's fiscal year): year, first month, last month.  It is packed
 * into an int32 as (year << 8) | (first << 4) | last, which orders periods by
 * year, then first month, then last month.  No PostgreSQL headers here.
 */
#ifndef KR_PERIOD_CORE_H
#define KR_PERIOD_CORE_H

#include <stddef.h>
#include <stdint.h>

#define PERIOD_MIN_YEAR 1000
#define PERIOD_MAX_YEAR 9999

/* Room for any message period_parse() writes. */
#define PERIOD_ERRMSG_LEN 160

/* Room for the canonical and the presentation forms. */
#define PERIOD_TEXT_LEN 48

typedef struct PeriodParts
{
	int			year;
	int			first;			/* 1..12 */
	int			last;			/* first..12 */
} PeriodParts;

/* Pack and unpack; period_pack() expects valid parts. */
extern int32_t period_pack(PeriodParts p);
extern PeriodParts period_unpack(int32_t packed);

/* Whether a packed value is a valid period (for binary input). */
extern int	period_valid(int32_t packed);

/*
 * Parse len bytes of text.  Returns 0 and fills *out, or -1 with a message
 * (a full English sentence) in errmsg (PERIOD_ERRMSG_LEN bytes, may be NULL).
 *
 * Accepted: "2023-01..2023-05", "2024-08", "jan-maj 2023",
 * "januari–augusti 2024", "jan.-maj 2023", "maj 2023", "T1 2024",
 * "tertial 2 2024" (accumulated: T1 = Jan–Apr, T2 = Jan–Aug, T3 = Jan–Dec),
 * "helår 2023", "2023".  Swedish month names, full or abbreviated, in any
 * case; hyphen or en dash between months.
 */
extern int	period_parse(const char *s, size_t len, PeriodParts *out, char *errmsg);

/* Write "2023-01..2023-05"; returns the length. */
extern int	period_format(PeriodParts p, char *buf);

/* Write the Swedish presentation "jan–maj 2023" ("aug 2024" for one month). */
extern int	period_visa(PeriodParts p, char *buf);

#endif							/* KR_PERIOD_CORE_H */
