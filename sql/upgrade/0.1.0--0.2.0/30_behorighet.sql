
-- grants become memberships of roles ---------------------------------------------

-- 0.1.0 kept grants in the table behorighet (role by name).  0.2.0 keeps a
-- grant as membership of the committee's role, "kr_namnd <committee>
-- <database>" (every committee: "kr_alla <database>"), which the policies
-- check without reading a table, so that it means the same on every server
-- that shares the roles.  Each grant of a role that exists becomes such a
-- membership (the role for it is created: the update runs as a superuser);
-- a grant of a role that no longer exists grants nothing to anyone and is
-- not kept, and said.  behorighet becomes a view of the memberships.

--@ skapa 55_kontroll.sql: FUNCTION behorighetsroll, FUNCTION far_skapa_roller, FUNCTION direkta_medlemmar, FUNCTION far_bevilja

DO $$
DECLARE
    g      record;
    grupp  name;
BEGIN
    FOR g IN SELECT b.roll, b.namnd FROM @extschema@.behorighet b ORDER BY b.namnd NULLS FIRST, b.roll
    LOOP
        grupp := @extschema@.behorighetsroll(g.namnd);
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) g.roll) THEN
            RAISE WARNING 'removing the grant of % to role "%", which no longer exists',
                coalesce('committee "' || g.namnd || '"', 'every committee'), g.roll;
        ELSIF grupp IS NULL THEN
            RAISE WARNING 'removing the grant of committee "%" to role "%": the committee''s role would be named with more than 63 bytes',
                g.namnd, g.roll
                USING HINT = 'A shorter committee code or database name gives a name that fits; then grant it again with bevilja().';
        ELSE
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) grupp) THEN
                EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', grupp);
            END IF;
            IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_auth_members m
                             WHERE m.roleid OPERATOR(pg_catalog.=) pg_catalog.to_regrole(pg_catalog.quote_ident(grupp))
                               AND m.member OPERATOR(pg_catalog.=) pg_catalog.to_regrole(pg_catalog.quote_ident(g.roll))) THEN
                EXECUTE pg_catalog.format('GRANT %I TO %I', grupp, g.roll);
            END IF;
        END IF;
    END LOOP;
END $$;

-- period close and grants: NULL arguments are 22004, the grant or privilege is
-- checked before anything about a committee is said, a reason of white space
-- is no reason, an unknown role is 42704; a close waits for running writes;
-- grants as memberships, and stada_behorighet() for those of committees that
-- are gone

--@ ersatt 55_kontroll.sql: FUNCTION stang_period, FUNCTION oppna_period, FUNCTION behorig, FUNCTION bevilja, FUNCTION aterkalla
--@ skapa 55_kontroll.sql: FUNCTION kopiera_behorighet

-- out of the extension first, which also takes it out of the tables pg_dump
-- dumps the rows of (a table dropped in the script would stay listed there)
ALTER EXTENSION kommunrapport DROP TABLE @extschema@.behorighet;
DROP TABLE @extschema@.behorighet;

--@ skapa 55_kontroll.sql: VIEW behorighet, FUNCTION namnd_foljer_roll, FUNCTION stada_behorighet
CREATE TRIGGER foljer_roll AFTER UPDATE OF kod OR DELETE ON @extschema@.namnd
    FOR EACH ROW EXECUTE FUNCTION @extschema@.namnd_foljer_roll();

-- trigger functions parse their bodies at run time: a fixed search_path; the
-- period lock and the change log name the table by the trigger's argument,
-- not by TG_TABLE_NAME (a shard's or partition's name where the table is
-- distributed or partitioned)

--@ ersatt 55_kontroll.sql: FUNCTION stangd_del, FUNCTION skydda_stangd_period, FUNCTION logga_andring
ALTER FUNCTION @extschema@.skydda_stangd_period_truncate() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.skydda_stangd_omgang() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.endast_tillagg() SET search_path = pg_catalog, pg_temp;

-- the change log now also logs comments, measures and thresholds (88_balanskrav.sql)
COMMENT ON TABLE @extschema@.andringslogg IS
    'append-only log of every change to budget and forecast rows, comments on deviations, measures and materiality thresholds: who, when, before and after';

DROP TRIGGER stangd_period ON @extschema@.utfall;
DROP TRIGGER stangd_period ON @extschema@.budget;
DROP TRIGGER stangd_period ON @extschema@.prognos;
CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.utfall
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period('utfall');
CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.budget
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period('budget');
CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.prognos
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period('prognos');
DROP TRIGGER logga ON @extschema@.budget;
DROP TRIGGER logga ON @extschema@.prognos;
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.budget
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring('budget');
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.prognos
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring('prognos');
