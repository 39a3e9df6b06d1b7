/*
 * stangd.c -- the period lock: the row trigger skydda_stangd_period(tabell)
 * on utfall, budget and prognos refuses a row of a closed month (55000).
 *
 * The rule is stangd_del()'s in the install script (sql/install/55_kontroll.sql):
 *
 *	utfall		the months of the row's period
 *	budget		a budget version is history once a month it was in force is
 *				closed: from the month of giltig_fran (January if earlier)
 *				to December of the period's year; none if it starts after
 *	prognos		the last month of the forecast round's outcome period
 *
 * and a row touches the closed months of its committee that lie in them.
 * Committee roles may not read stangd_manad (nor need they read the
 * rounds), so the two look-ups run as the owner of stangd_manad, the way
 * PostgreSQL's foreign-key triggers read the referenced table as its owner;
 * the caller's own grant is asked only when a closed month is found: a row
 * of a committee it is not granted is then left to row-level security
 * (42501), which does not tell whether the month is closed.  While a
 * superuser restores a dump (aterlasning_pagar()) rows pass as they were.
 *
 * The queries name every table, function and operator with its schema, so
 * no search_path of the caller can change what they mean, and are prepared
 * once per session (saved SPI plans).  This was a PL/pgSQL trigger calling
 * two functions a row (one SECURITY DEFINER, with the row as jsonb):
 * about 64 microseconds a row, most of the time it took to store a report
 * row.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
#include "utils/syscache.h"

#include "period_core.h"

PG_FUNCTION_INFO_V1(skydda_stangd_period);

typedef enum Tabell
{
	T_UTFALL,
	T_BUDGET,
	T_PROGNOS
} Tabell;

/* The saved plans, for the extension schema they were prepared in. */
static Oid	plan_schema = InvalidOid;
static SPIPlanPtr plan_stangd = NULL;	/* closed months of a committee, year, months */
static SPIPlanPtr plan_omgang = NULL;	/* the outcome period of a forecast round */
static SPIPlanPtr plan_behorig = NULL;	/* the caller's grant */
static SPIPlanPtr plan_aterlasning = NULL;	/* aterlasning_pagar() */

static SPIPlanPtr
prepare(const char *fmt, const char *schema, int nargs, Oid *argtypes)
{
	SPIPlanPtr	p = SPI_prepare(psprintf(fmt, schema), nargs, argtypes);

	if (p == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(p) != 0)
		elog(ERROR, "SPI_keepplan failed");
	return p;
}

static void
prepare_plans(Oid schema_oid)
{
	const char *schema = quote_identifier(get_namespace_name(schema_oid));
	Oid			stangd_args[4] = {TEXTOID, INT4OID, INT4OID, INT4OID};
	Oid			omgang_args[2] = {INT4OID, TEXTOID};
	Oid			behorig_args[1] = {TEXTOID};

	if (plan_schema == schema_oid)
		return;
	if (plan_stangd)
		SPI_freeplan(plan_stangd);
	if (plan_omgang)
		SPI_freeplan(plan_omgang);
	if (plan_behorig)
		SPI_freeplan(plan_behorig);
	if (plan_aterlasning)
		SPI_freeplan(plan_aterlasning);
	plan_stangd = plan_omgang = plan_behorig = plan_aterlasning = NULL;
	plan_schema = InvalidOid;
	plan_stangd = prepare("SELECT pg_catalog.min(s.manad), pg_catalog.max(s.manad) FROM %s.stangd_manad s"
						  " WHERE s.namnd OPERATOR(pg_catalog.=) $1 AND s.ar OPERATOR(pg_catalog.=) $2"
						  " AND s.manad OPERATOR(pg_catalog.>=) $3 AND s.manad OPERATOR(pg_catalog.<=) $4",
						  schema, 4, stangd_args);
	plan_omgang = prepare("SELECT o.period FROM %s.prognosomgang o"
						  " WHERE o.ar OPERATOR(pg_catalog.=) $1 AND o.kod OPERATOR(pg_catalog.=) $2",
						  schema, 2, omgang_args);
	plan_behorig = prepare("SELECT %s.behorig($1, CURRENT_USER)", schema, 1, behorig_args);
	plan_aterlasning = prepare("SELECT %s.aterlasning_pagar()", schema, 0, NULL);
	plan_schema = schema_oid;
}

/* A boolean query's answer (false for no row or NULL). */
static bool
ask(SPIPlanPtr plan, Datum *args)
{
	bool		isnull;
	Datum		d;

	if (SPI_execute_plan(plan, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed");
	if (SPI_processed == 0)
		return false;
	d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	return !isnull && DatumGetBool(d);
}

/* Attribute name of the row, or isnull. */
static Datum
attr(HeapTuple tuple, TupleDesc desc, const char *name, bool *isnull)
{
	int			n = SPI_fnumber(desc, name);

	if (n <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("the period lock needs a column \"%s\"", name)));
	return SPI_getbinval(tuple, desc, n, isnull);
}

static int32
first_of(int y, int m)
{
	return date2j(y, m, 1) - POSTGRES_EPOCH_JDATE;
}

/*
 * The closed months a row touches, as a period (false: none).  The look-ups
 * run as owner, with the caller's security context otherwise kept.
 */
static bool
closed_part(Tabell t, HeapTuple tuple, TupleDesc desc, Oid owner, const char **namnd_out, PeriodParts *closed)
{
	bool		isnull;
	Datum		namnd = attr(tuple, desc, "namnd", &isnull);
	int			y,
				m_from,
				m_to;
	Datum		args[4];
	Oid			save_userid;
	int			save_sec;
	bool		found = false;

	if (isnull)
		return false;
	*namnd_out = TextDatumGetCString(namnd);
	GetUserIdAndSecContext(&save_userid, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
	if (t == T_PROGNOS)
	{
		Datum		ar = attr(tuple, desc, "ar", &isnull);
		bool		isnull2;
		Datum		omgang = attr(tuple, desc, "omgang", &isnull2);
		PeriodParts p;

		if (isnull || isnull2)
			goto none;
		args[0] = ar;
		args[1] = omgang;
		if (SPI_execute_plan(plan_omgang, args, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_plan failed");
		if (SPI_processed == 0)
			goto none;
		p = period_unpack(DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull)));
		if (isnull)
			goto none;
		y = p.year;
		m_from = m_to = p.last;
	}
	else
	{
		Datum		per = attr(tuple, desc, "period", &isnull);
		PeriodParts p;

		if (isnull)
			goto none;
		p = period_unpack(DatumGetInt32(per));
		y = p.year;
		m_from = p.first;
		m_to = p.last;
		if (t == T_BUDGET)
		{
			Datum		gfd = attr(tuple, desc, "giltig_fran", &isnull);
			DateADT		gf;

			if (isnull)
				goto none;
			gf = DatumGetDateADT(gfd);
			m_to = 12;
			if (!DATE_NOT_FINITE(gf) && gf > first_of(y + 1, 1) - 1)
				goto none;		/* in force only after the year */
			if (DATE_IS_NOEND(gf))
				goto none;
			if (DATE_IS_NOBEGIN(gf) || gf < first_of(y, 1))
				m_from = 1;
			else
			{
				int			yy,
							mm,
							dd;

				j2date(gf + POSTGRES_EPOCH_JDATE, &yy, &mm, &dd);
				m_from = mm;
			}
		}
	}
	args[0] = namnd;
	args[1] = Int32GetDatum(y);
	args[2] = Int32GetDatum(m_from);
	args[3] = Int32GetDatum(m_to);
	if (SPI_execute_plan(plan_stangd, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed");
	if (SPI_processed == 1)
	{
		bool		n1,
					n2;
		Datum		lo = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &n1);
		Datum		hi = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, &n2);

		if (!n1 && !n2)
		{
			closed->year = y;
			closed->first = DatumGetInt32(lo);
			closed->last = DatumGetInt32(hi);
			found = true;
		}
	}
none:
	SetUserIdAndSecContext(save_userid, save_sec);
	return found;
}

Datum
skydda_stangd_period(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;
	Trigger    *trig;
	const char *tabell;
	Tabell		t;
	HeapTuple	rows[2];
	int			nrows = 0;
	HeapTuple	result;
	Oid			schema_oid = get_func_namespace(fcinfo->flinfo->fn_oid);
	Oid			owner;
	Oid			relid;
	HeapTuple	classtup;

	if (!CALLED_AS_TRIGGER(fcinfo) || !TRIGGER_FIRED_FOR_ROW(td->tg_event) || !TRIGGER_FIRED_BEFORE(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("skydda_stangd_period() is a BEFORE ROW trigger")));
	trig = td->tg_trigger;
	tabell = trig->tgnargs > 0 ? trig->tgargs[0] : SPI_getrelname(td->tg_relation);
	if (strcmp(tabell, "utfall") == 0)
		t = T_UTFALL;
	else if (strcmp(tabell, "budget") == 0)
		t = T_BUDGET;
	else if (strcmp(tabell, "prognos") == 0)
		t = T_PROGNOS;
	else
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("the period lock knows utfall, budget and prognos, not \"%s\"", tabell)));

	/* INSERT: the new row, DELETE: the old one, UPDATE: both, the old first */
	rows[nrows++] = td->tg_trigtuple;
	result = td->tg_trigtuple;
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		rows[nrows++] = td->tg_newtuple;
		result = td->tg_newtuple;
	}

	relid = get_relname_relid("stangd_manad", schema_oid);
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("the period lock finds no table stangd_manad in schema %s",
						get_namespace_name(schema_oid))));
	classtup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(classtup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(classtup))->relowner;
	ReleaseSysCache(classtup);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	prepare_plans(schema_oid);
	/* a dump being restored: rows pass as they were (row_security is off then) */
	if (!row_security && ask(plan_aterlasning, NULL))
	{
		SPI_finish();
		return PointerGetDatum(result);
	}
	for (int i = 0; i < nrows; i++)
	{
		const char *namnd = NULL;
		PeriodParts closed;

		if (closed_part(t, rows[i], td->tg_relation->rd_att, owner, &namnd, &closed))
		{
			Datum		arg = CStringGetTextDatum(namnd);
			char		buf[PERIOD_TEXT_LEN];

			if (!ask(plan_behorig, &arg))
				continue;		/* left to row-level security */
			period_format(closed, buf);
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("period %s is closed for committee \"%s\"", buf, namnd),
					 errdetail("Rows of %s in a closed period cannot be added, changed or deleted.", tabell),
					 errhint("Reopen the period with kommunrapport.oppna_period(namnd, period, motivering).")));
		}
	}
	SPI_finish();
	return PointerGetDatum(result);
}
