/*
 * behorig.c -- who may see which committee: the check of the row-level
 * security policies, behorig(namnd, roll), and the rule that names the
 * role holding a committee, behorighetsroll(namnd).
 *
 * A grant is membership of a role: the committee role
 *
 *	"kr_namnd <committee> <database>"
 *
 * gives its members that committee, and the controller role
 *
 *	"kr_alla <database>"
 *
 * every committee.  A committee code holds no white space (namnd.kod), so
 * the name splits one way only, and the database in the name keeps two
 * databases of one cluster (two municipalities, or production and a copy)
 * apart although roles are shared by the cluster.
 *
 * The check reads only the role catalogs (through the syscache) and never a
 * table: so it answers the same on every node of a cluster that keeps its
 * roles in step (Citus propagates roles and memberships by name, and a
 * worker runs the policy inside the shard query, where reading another
 * distributed or reference table is refused), it needs no grant on any
 * table, and it costs a couple of cache look-ups a row.  A membership
 * follows its role through a rename and goes with it when it is dropped;
 * PostgreSQL keeps both.
 */
#include "postgres.h"

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "commands/dbcommands.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

PG_FUNCTION_INFO_V1(behorig);
PG_FUNCTION_INFO_V1(behorighetsroll);

/*
 * The name of the current database.  A database cannot be renamed while
 * anyone is connected to it, so the backend keeps it.
 */
static const char *
databas(void)
{
	static char *namn = NULL;

	if (namn == NULL)
	{
		char	   *n = get_database_name(MyDatabaseId);

		if (n == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_DATABASE),
					 errmsg("the current database has no name in pg_database")));
		namn = MemoryContextStrdup(TopMemoryContext, n);
		pfree(n);
	}
	return namn;
}

/*
 * The role name for a committee (namnd NULL: every committee) of database
 * db into buf,
 * which has room for NAMEDATALEN bytes.  False when the name would be longer
 * than a role name can be (no role has it then).
 */
static bool
rollnamn(text *namnd, const char *db, StringInfo buf)
{
	if (namnd == NULL)
		appendStringInfo(buf, "kr_alla %s", db);
	else
	{
		appendStringInfoString(buf, "kr_namnd ");
		appendBinaryStringInfo(buf, VARDATA_ANY(namnd), VARSIZE_ANY_EXHDR(namnd));
		appendStringInfo(buf, " %s", db);
	}
	return buf->len < NAMEDATALEN;
}

/* Whether member is a member of the role named in buf (false if none). */
static bool
medlem(Oid member, StringInfo buf)
{
	Oid			roll = get_role_oid(buf->data, true);

	return OidIsValid(roll) && is_member_of_role(member, roll);
}

/*
 * behorig(namnd text, roll name) returns boolean: whether the role may see
 * and change the committee's rows -- as a superuser or BYPASSRLS role, as a
 * member (directly or through other roles) of the controller role, or of
 * the committee's role.  A row without a committee (namnd NULL) is the
 * controllers'.  A role that does not exist may see nothing.
 */
Datum
behorig(PG_FUNCTION_ARGS)
{
	text	   *namnd = PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0);
	Oid			anvandare;
	StringInfoData buf;

	if (PG_ARGISNULL(1))
		PG_RETURN_BOOL(false);
	anvandare = get_role_oid(NameStr(*PG_GETARG_NAME(1)), true);
	if (!OidIsValid(anvandare))
		PG_RETURN_BOOL(false);
	if (superuser_arg(anvandare) || has_bypassrls_privilege(anvandare))
		PG_RETURN_BOOL(true);

	initStringInfo(&buf);
	if (rollnamn(NULL, databas(), &buf) && medlem(anvandare, &buf))
		PG_RETURN_BOOL(true);
	if (namnd == NULL)
		PG_RETURN_BOOL(false);
	resetStringInfo(&buf);
	PG_RETURN_BOOL(rollnamn(namnd, databas(), &buf) && medlem(anvandare, &buf));
}

/*
 * behorighetsroll(namnd text, databas name) returns name: the role whose
 * members are granted the committee (namnd NULL: every committee) in the
 * database (the SQL default is the current one), or NULL where that name
 * would be longer than a role name may be -- never a name cut short, which
 * could be another committee's.  bevilja() refuses such a committee.
 */
Datum
behorighetsroll(PG_FUNCTION_ARGS)
{
	text	   *namnd = PG_ARGISNULL(0) ? NULL : PG_GETARG_TEXT_PP(0);
	StringInfoData buf;
	Name		resultat;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	initStringInfo(&buf);
	if (!rollnamn(namnd, NameStr(*PG_GETARG_NAME(1)), &buf))
		PG_RETURN_NULL();
	resultat = (Name) palloc0(NAMEDATALEN);
	memcpy(NameStr(*resultat), buf.data, buf.len);
	PG_RETURN_NAME(resultat);
}
