/*
 * tecken.h -- reading the sign-convention enum tecken in C.
 */
#ifndef KR_TECKEN_H
#define KR_TECKEN_H

#include "postgres.h"
#include "fmgr.h"

/*
 * Whether argument argno, a tecken, is 'kostnad' (larger is worse) rather than
 * 'resultat'.  The answer is cached per call site in fn_extra, so a function
 * that uses this must keep nothing else there.
 */
extern bool tecken_is_kostnad(FunctionCallInfo fcinfo, int argno);

#endif							/* KR_TECKEN_H */
