
-- grants follow the role by OID ------------------------------------------------

-- A grant of a role that no longer exists cannot be kept by OID (there is
-- none) and grants nothing to anyone: it is removed, and said.
DO $$
DECLARE
    g record;
BEGIN
    FOR g IN SELECT b.roll, b.namnd FROM @extschema@.behorighet b
              WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = b.roll)
    LOOP
        RAISE WARNING 'removing the grant of % to role "%", which no longer exists',
            coalesce('committee "' || g.namnd || '"', 'every committee'), g.roll;
    END LOOP;
    DELETE FROM @extschema@.behorighet b
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.rolname = b.roll);
END $$;

-- behorig() reads the column: give it a body that does not, change the
-- column's type, then put the real body back
CREATE OR REPLACE FUNCTION @extschema@.behorig(namnd text, roll name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT false;
END;
ALTER TABLE @extschema@.behorighet
    ALTER COLUMN roll TYPE regrole USING pg_catalog.to_regrole(pg_catalog.quote_ident(roll));
COMMENT ON TABLE @extschema@.behorighet IS
    'which role may see and change which committee; namnd NULL = every committee (a controller); the role by OID';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.behorighet',
    'WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) roll::pg_catalog.oid)');

-- period close and grants: NULL arguments are 22004, the grant or privilege is
-- checked before anything about a committee is said, a reason of white space
-- is no reason, an unknown role is 42704; a close waits for running writes;
-- grants by OID, and stada_behorighet() for those of dropped roles

--@ ersatt 55_kontroll.sql: FUNCTION stang_period, FUNCTION oppna_period, FUNCTION behorig, FUNCTION bevilja, FUNCTION aterkalla, FUNCTION stada_behorighet

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
