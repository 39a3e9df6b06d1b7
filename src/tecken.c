/*
 * tecken.c -- the sign-convention enum tecken, as C functions read it.
 *
 * An enum value is an OID; its label is looked up once per call site and
 * remembered with the OID in fn_extra, so a column of one convention costs
 * one syscache lookup per query.
 */
#include "postgres.h"

#include "tecken.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "utils/syscache.h"

/* The last enum value seen by a call site, and whether it is 'kostnad'. */
typedef struct TeckenCache
{
	Oid			value;
	bool		kostnad;
} TeckenCache;

bool
tecken_is_kostnad(FunctionCallInfo fcinfo, int argno)
{
	Oid			value = PG_GETARG_OID(argno);
	TeckenCache *cache = (TeckenCache *) fcinfo->flinfo->fn_extra;
	HeapTuple	tup;

	if (cache != NULL && cache->value == value)
		return cache->kostnad;
	if (cache == NULL)
	{
		cache = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(TeckenCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	tup = SearchSysCache1(ENUMOID, ObjectIdGetDatum(value));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for enum value %u", value);
	cache->kostnad = strcmp(NameStr(((Form_pg_enum) GETSTRUCT(tup))->enumlabel), "kostnad") == 0;
	cache->value = value;
	ReleaseSysCache(tup);
	return cache->kostnad;
}
