/*
 * vakt.c -- the guard that keeps DROP EXTENSION from deleting report data.
 *
 * The report tables (committees, outcome, budgets, forecasts, frames, grants,
 * the change log ...) are members of the extension, so a plain DROP EXTENSION
 * would delete every row in them along with the code.  An event trigger on
 * ddl_command_start runs vakta_borttagning() before any DROP EXTENSION, DROP
 * SCHEMA or DROP OWNED: when the command would remove this extension (by name,
 * through its schema with CASCADE, or through its owner) and any of its
 * user-filled tables (those registered with pg_extension_config_dump) holds a
 * row, it refuses with 2BP01, names the tables and their row counts, and says
 * how to keep the data (pg_dump) and how to drop it deliberately.
 *
 * The deliberate step is tillat_borttagning_med_data(), called in the same
 * transaction as the DROP.  It leaves two marks, and the guard steps aside
 * only when both are there: the transaction-local setting
 * kommunrapport.borttagning_med_data, which a ROLLBACK TO SAVEPOINT takes back
 * with the rest of the subtransaction, and the backend's local number of the
 * transaction that called it, which only the function writes.  So a SET of
 * the setting alone (in a session, or left in ALTER DATABASE ... SET or
 * postgresql.conf) permits nothing, and the REVOKE on the function means what
 * it says.  The guard is against accidents, not against a superuser who means
 * it.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/indexing.h"
#include "catalog/pg_extension.h"
#include "commands/event_trigger.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "nodes/parsenodes.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"

#define EXTENSION_NAME "kommunrapport"
#define ALLOW_SETTING "kommunrapport.borttagning_med_data"

/* The transaction (its local number in this backend) that called tillat_borttagning_med_data(). */
static LocalTransactionId allowed_lxid = InvalidLocalTransactionId;

/* The owner of the extension, or InvalidOid. */
static Oid
extension_owner(Oid extoid)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;
	Oid			owner = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(extoid));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
		owner = ((Form_pg_extension) GETSTRUCT(tup))->extowner;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return owner;
}

/* Whether DROP OWNED BY names the extension's owner (which drops the extension). */
static bool
drop_owned_removes_extension(DropOwnedStmt *stmt, Oid extoid)
{
	Oid			owner = extension_owner(extoid);
	ListCell   *lc;

	foreach(lc, stmt->roles)
	{
		Oid			role = get_rolespec_oid(lfirst(lc), true);

		if (OidIsValid(role) && role == owner)
			return true;
	}
	return false;
}

/* Whether a DROP statement names this extension, or its schema with CASCADE. */
static bool
drop_removes_extension(DropStmt *stmt, const char *extschema)
{
	ListCell   *lc;

	if (stmt->removeType != OBJECT_EXTENSION &&
		!(stmt->removeType == OBJECT_SCHEMA && stmt->behavior == DROP_CASCADE))
		return false;
	foreach(lc, stmt->objects)
	{
		Node	   *obj = lfirst(lc);
		const char *name;

		if (!IsA(obj, String))
			continue;
		name = strVal(obj);
		if (stmt->removeType == OBJECT_EXTENSION ? strcmp(name, EXTENSION_NAME) == 0
			: strcmp(name, extschema) == 0)
			return true;
	}
	return false;
}

/*
 * The extension's user-filled tables that hold rows, as "name (N rows), ...",
 * or NULL when every one is empty.  Counted with the caller's rights but
 * without row-level security: the owner dropping the extension must learn
 * about every committee's rows.
 */
static char *
tables_with_rows(void)
{
	StringInfoData list;
	int			ret;
	uint64		i;
	int			save_nestlevel;

	initStringInfo(&list);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("row_security", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("search_path", "pg_catalog, pg_temp", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute("SELECT c.oid::pg_catalog.regclass::pg_catalog.text "
					  "  FROM pg_catalog.pg_extension e, "
					  "       pg_catalog.unnest(e.extconfig) AS t(relid) "
					  "  JOIN pg_catalog.pg_class c ON c.oid = t.relid "
					  " WHERE e.extname = '" EXTENSION_NAME "' AND c.relkind = 'r' "
					  " ORDER BY c.relname", true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));

	{
		uint64		ntables = SPI_processed;
		char	  **names = palloc(sizeof(char *) * (ntables + 1));

		for (i = 0; i < ntables; i++)
			names[i] = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

		for (i = 0; i < ntables; i++)
		{
			char	   *query = psprintf("SELECT pg_catalog.count(*) FROM ONLY %s", names[i]);
			bool		isnull;
			int64		rows;

			ret = SPI_execute(query, true, 0);
			if (ret != SPI_OK_SELECT || SPI_processed != 1)
				elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
			rows = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
			if (rows > 0)
				appendStringInfo(&list, "%s%s (" INT64_FORMAT " %s)", list.len > 0 ? ", " : "",
								 names[i], rows, rows == 1 ? "row" : "rows");
		}
	}
	SPI_finish();
	AtEOXact_GUC(true, save_nestlevel);
	return list.len > 0 ? list.data : NULL;
}

PG_FUNCTION_INFO_V1(vakta_borttagning);

/* Event trigger: refuse DROP EXTENSION kommunrapport while its report tables hold data. */
Datum
vakta_borttagning(PG_FUNCTION_ARGS)
{
	EventTriggerData *trigdata;
	Oid			extoid;
	char	   *extschema;
	const char *allowed;
	char	   *tables;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("vakta_borttagning() must be called as an event trigger")));
	trigdata = (EventTriggerData *) fcinfo->context;
	if (trigdata->parsetree == NULL ||
		!(IsA(trigdata->parsetree, DropStmt) || IsA(trigdata->parsetree, DropOwnedStmt)))
		PG_RETURN_VOID();

	extoid = get_extension_oid(EXTENSION_NAME, true);
	if (!OidIsValid(extoid))
		PG_RETURN_VOID();
	/* this function lives in the extension's schema */
	extschema = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	if (extschema == NULL)
		PG_RETURN_VOID();
	if (IsA(trigdata->parsetree, DropStmt)
		? !drop_removes_extension((DropStmt *) trigdata->parsetree, extschema)
		: !drop_owned_removes_extension((DropOwnedStmt *) trigdata->parsetree, extoid))
		PG_RETURN_VOID();

	allowed = GetConfigOption(ALLOW_SETTING, true, false);
	if (allowed != NULL && strcmp(allowed, "on") == 0 &&
		LocalTransactionIdIsValid(allowed_lxid) && allowed_lxid == MyProc->lxid)
		PG_RETURN_VOID();

	tables = tables_with_rows();
	if (tables == NULL)
		PG_RETURN_VOID();

	ereport(ERROR,
			(errcode(ERRCODE_DEPENDENT_OBJECTS_STILL_EXIST),
			 errmsg("cannot drop extension %s while its report tables hold data", EXTENSION_NAME),
			 errdetail("Dropping it would delete every row of %s.", tables),
			 errhint("Keep the data first with pg_dump (the report tables are dumped with their rows). "
					 "To delete the data with the extension, run SELECT %s.tillat_borttagning_med_data(); "
					 "and DROP EXTENSION in one transaction.", extschema)));
	PG_RETURN_VOID();
}

PG_FUNCTION_INFO_V1(tillat_borttagning_med_data);

/* Allow DROP EXTENSION kommunrapport to delete the report data, for this transaction only. */
Datum
tillat_borttagning_med_data(PG_FUNCTION_ARGS)
{
	if (!IsTransactionBlock())
		ereport(ERROR,
				(errcode(ERRCODE_NO_ACTIVE_SQL_TRANSACTION),
				 errmsg("tillat_borttagning_med_data() can only be used in a transaction block"),
				 errdetail("The permission lasts until the end of the transaction, so it must share one with DROP EXTENSION."),
				 errhint("BEGIN; SELECT %s.tillat_borttagning_med_data(); DROP EXTENSION %s; COMMIT;",
						 EXTENSION_NAME, EXTENSION_NAME)));
	(void) set_config_option(ALLOW_SETTING, "on", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_LOCAL, true, 0, false);
	allowed_lxid = MyProc->lxid;
	ereport(WARNING,
			(errmsg("DROP EXTENSION %s in this transaction will delete every committee's report data",
					EXTENSION_NAME),
			 errhint("ROLLBACK now unless a copy is kept (pg_dump).")));
	PG_RETURN_VOID();
}
