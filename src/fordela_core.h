/*
 * fordela_core.h -- spreading an annual amount over the twelve months.
 *
 * An amount in öre is split in proportion to twelve non-negative integer
 * weights so that the twelve parts are whole öre and add up exactly to the
 * whole: each month gets the floor of its exact share, and the öre left over
 * go one each to the months with the largest remainders, earlier months first
 * among equal remainders (largest remainder method).  A negative whole is
 * spread as its magnitude and negated, so spreading is symmetric.
 * No PostgreSQL headers here.
 */
#ifndef KR_FORDELA_CORE_H
#define KR_FORDELA_CORE_H

#include <stdint.h>

#include "tal_core.h"

#ifndef KR_HAVE_INT128
#error "kommunrapport needs a 128-bit integer type (PostgreSQL's HAVE_INT128, PG_INT128_TYPE)"
#endif

/*
 * Spread whole (öre) by weights[12] (not all zero, adding up to less than
 * 2^63) into parts[12].  Returns 0, or -1 when the weights are unusable.
 */
extern int	fordela_spread(int64_t whole, const uint64_t weights[12], int64_t parts[12]);

/*
 * Largest-remainder rounding of n values to a multiple of unit (> 0), so that
 * the rounded values add up to the total rounded half away from zero.  Each
 * value ends up at floor(value / unit) or one unit above it.  Rows with equal
 * remainders are bumped in index order.  rounded[] receives the results as
 * counts of unit.  Returns 0, or -1 when n < 0.
 */
extern int	fordela_round_summable(const int64_t *values, int n, int64_t unit,
								   int64_t *rounded);

/* Room for any message fordela_weights() writes. */
#define FORDELA_ERRMSG_LEN 160

/*
 * Turn twelve non-negative exact numbers (read by tal_core: from numeric's
 * digits, or from text by tal_lex) into integer weights in the same
 * proportions, by scaling all of them by one power of ten.  Returns 0, or -1
 * with a full-sentence message in errmsg (FORDELA_ERRMSG_LEN bytes) when a
 * weight is negative, needs more than 18 decimals or is 2^63 or more, when
 * the weights add up to 2^63 or more after scaling, or when no weight is
 * positive.
 */
extern int	fordela_weights(const TalTal weight[12], uint64_t weights[12], char *errmsg);

#endif							/* KR_FORDELA_CORE_H */
