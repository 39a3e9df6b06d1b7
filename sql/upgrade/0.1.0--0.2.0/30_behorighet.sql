
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
        RAISE NOTICE 'removing the grant of % to role "%", which no longer exists',
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
-- is no reason, an unknown role is 42704; a close waits for running writes
CREATE OR REPLACE FUNCTION @extschema@.stang_period(namnd text, p @extschema@.period) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF stang_period.namnd IS NULL OR p IS NULL THEN
        RAISE EXCEPTION 'stang_period needs a committee and a period'
            USING ERRCODE = '22004', DETAIL = 'The committee or the period is NULL.';
    END IF;
    -- the grant first: a role learns nothing of committees it is not granted,
    -- not even whether they exist
    IF NOT @extschema@.behorig(stang_period.namnd, @extschema@.aktuell_anvandare()) THEN
        RAISE EXCEPTION 'permission denied to close a period of committee "%"', stang_period.namnd
            USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = stang_period.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', stang_period.namnd USING ERRCODE = '22023';
    END IF;
    -- A write that is running now was checked against the closed months when
    -- it began and would commit into the month being closed: wait for every
    -- running write of outcome, budget and forecasts to end, and hold new ones
    -- back until this close commits (they then see the closed months).  SHARE
    -- does not conflict with itself, so closes of other committees run on.
    LOCK TABLE @extschema@.utfall, @extschema@.budget, @extschema@.prognos IN SHARE MODE;
    INSERT INTO @extschema@.stangd_manad (namnd, ar, manad, stangd_av)
    SELECT stang_period.namnd, @extschema@.ar(p), m, @extschema@.aktuell_anvandare()
      FROM generate_series(@extschema@.forsta_manad(p), @extschema@.sista_manad(p)) m
    ON CONFLICT DO NOTHING;
    INSERT INTO @extschema@.stangningslogg (anvandare, handelse, namnd, period)
    VALUES (@extschema@.aktuell_anvandare(), 'stangd', stang_period.namnd, p);
END $$;

CREATE OR REPLACE FUNCTION @extschema@.oppna_period(namnd text, p @extschema@.period, motivering text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF oppna_period.namnd IS NULL OR p IS NULL THEN
        RAISE EXCEPTION 'oppna_period needs a committee and a period'
            USING ERRCODE = '22004', DETAIL = 'The committee or the period is NULL.';
    END IF;
    -- a reason of nothing but white space (any kind, no-break spaces too) is none
    IF coalesce(regexp_replace(motivering, '[[:space:]\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]', '', 'g'), '') = '' THEN
        RAISE EXCEPTION 'reopening a period needs a reason'
            USING ERRCODE = '22023',
                  HINT = 'Give the reason as the third argument, e.g. the decision that allows the correction.';
    END IF;
    IF NOT @extschema@.behorig(oppna_period.namnd, @extschema@.aktuell_anvandare()) THEN
        RAISE EXCEPTION 'permission denied to reopen a period of committee "%"', oppna_period.namnd
            USING ERRCODE = '42501';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = oppna_period.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', oppna_period.namnd USING ERRCODE = '22023';
    END IF;
    DELETE FROM @extschema@.stangd_manad s
     WHERE s.namnd = oppna_period.namnd AND s.ar = @extschema@.ar(p)
       AND s.manad BETWEEN @extschema@.forsta_manad(p) AND @extschema@.sista_manad(p);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % is not closed for committee "%"', p, oppna_period.namnd
            USING ERRCODE = '55000';
    END IF;
    INSERT INTO @extschema@.stangningslogg (anvandare, handelse, namnd, period, motivering)
    VALUES (@extschema@.aktuell_anvandare(), 'oppnad', oppna_period.namnd, p, motivering);
END $$;

CREATE OR REPLACE FUNCTION @extschema@.behorig(namnd text, roll name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    -- a superuser or a BYPASSRLS role sees every row anyway, so it may also
    -- close and reopen periods without a grant of its own
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname = behorig.roll AND (r.rolsuper OR r.rolbypassrls))
        OR EXISTS (SELECT 1 FROM @extschema@.behorighet b
                    WHERE (b.namnd = behorig.namnd OR b.namnd IS NULL)
                      AND pg_has_role(behorig.roll, b.roll::oid, 'MEMBER'));
END;

CREATE OR REPLACE FUNCTION @extschema@.bevilja(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF bevilja.roll IS NULL THEN
        RAISE EXCEPTION 'bevilja needs a role' USING ERRCODE = '22004',
            HINT = 'A NULL committee grants every committee; the role cannot be NULL.';
    END IF;
    -- the privilege first: a role that may not grant learns nothing of the
    -- committees its row-level security hides
    IF NOT has_table_privilege('@extschema@.behorighet', 'INSERT') THEN
        RAISE EXCEPTION 'permission denied to grant committees'
            USING ERRCODE = '42501', DETAIL = 'Granting needs INSERT on kommunrapport.behorighet.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = bevilja.roll) THEN
        RAISE EXCEPTION 'role "%" does not exist', roll USING ERRCODE = '42704';
    END IF;
    IF namnd IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = bevilja.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', namnd USING ERRCODE = '22023';
    END IF;
    INSERT INTO @extschema@.behorighet (roll, namnd)
    SELECT r.oid::regrole, bevilja.namnd FROM pg_roles r WHERE r.rolname = bevilja.roll
    ON CONFLICT DO NOTHING;
END $$;

CREATE OR REPLACE FUNCTION @extschema@.aterkalla(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF aterkalla.roll IS NULL THEN
        RAISE EXCEPTION 'aterkalla needs a role' USING ERRCODE = '22004',
            HINT = 'A NULL committee revokes the grant of every committee; the role cannot be NULL.';
    END IF;
    IF NOT has_table_privilege('@extschema@.behorighet', 'DELETE') THEN
        RAISE EXCEPTION 'permission denied to revoke committees'
            USING ERRCODE = '42501', DETAIL = 'Revoking needs DELETE on kommunrapport.behorighet.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = aterkalla.roll) THEN
        RAISE EXCEPTION 'role "%" does not exist', roll USING ERRCODE = '42704',
            HINT = 'The grants of roles that were dropped are removed with kommunrapport.stada_behorighet().';
    END IF;
    DELETE FROM @extschema@.behorighet b
     USING pg_roles r
     WHERE r.rolname = aterkalla.roll AND b.roll::oid = r.oid
       AND b.namnd IS NOT DISTINCT FROM aterkalla.namnd;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role "%" has no grant for %', roll,
              coalesce('committee "' || namnd || '"', 'every committee')
            USING ERRCODE = '22023';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION @extschema@.stada_behorighet(OUT roll oid, OUT namnd text) RETURNS SETOF record
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    DELETE FROM @extschema@.behorighet b
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = b.roll::oid)
    RETURNING b.roll::oid, b.namnd;
END;

COMMENT ON FUNCTION @extschema@.stada_behorighet() IS
    'remove the grants of dropped roles (they match nobody); returns what was removed';

-- trigger functions parse their bodies at run time: a fixed search_path
ALTER FUNCTION @extschema@.skydda_stangd_period() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.skydda_stangd_period_truncate() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.skydda_stangd_omgang() SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.endast_tillagg() SET search_path = pg_catalog, pg_temp;

-- the change log now also logs comments, measures and thresholds (88_balanskrav.sql)
COMMENT ON TABLE @extschema@.andringslogg IS
    'append-only log of every change to budget and forecast rows, comments on deviations, measures and materiality thresholds: who, when, before and after';
COMMENT ON FUNCTION @extschema@.logga_andring() IS
    'trigger: writes each change of a row of the table it is attached to (budget, forecasts, comments, measures, thresholds) to andringslogg';

-- the period lock and the change log name the table by the trigger's
-- argument, not by TG_TABLE_NAME (a shard's or partition's name where the table
-- is distributed or partitioned)
CREATE OR REPLACE FUNCTION @extschema@.skydda_stangd_period() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r       record;
    closed  @extschema@.period;
    -- the table, as the trigger names it: TG_TABLE_NAME would be a shard's or
    -- a partition's name where the table is distributed or partitioned
    tabell  text := coalesce(TG_ARGV[0], TG_TABLE_NAME);
BEGIN
    IF @extschema@.aterlasning_pagar() THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW]
                                  WHEN 'DELETE' THEN ARRAY[OLD]
                                  ELSE ARRAY[OLD, NEW] END
    LOOP
        -- a row of a committee the role is not granted is refused by row-level
        -- security (42501), without telling whether its period is closed
        CONTINUE WHEN NOT @extschema@.behorig(r.namnd, current_user);
        closed := @extschema@.stangd_del(tabell, r.namnd, to_jsonb(r));
        IF closed IS NOT NULL THEN
            RAISE EXCEPTION 'period % is closed for committee "%"', closed, r.namnd
                USING ERRCODE = '55000',
                      DETAIL = format('Rows of %s in a closed period cannot be added, changed or deleted.', tabell),
                      HINT = 'Reopen the period with kommunrapport.oppna_period(namnd, period, motivering).';
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION @extschema@.logga_andring() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF @extschema@.aterlasning_pagar() THEN
        RETURN NULL;
    END IF;
    -- the table as the trigger names it (not a shard's or partition's name)
    INSERT INTO @extschema@.andringslogg (anvandare, tabell, operation, namnd, fore, efter)
    VALUES (@extschema@.aktuell_anvandare(), coalesce(TG_ARGV[0], TG_TABLE_NAME), TG_OP,
            CASE WHEN TG_OP = 'DELETE' THEN OLD.namnd ELSE NEW.namnd END,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END $$;

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
