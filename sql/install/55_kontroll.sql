
-----------------------------------------------------------------------------
-- control and safety: period close, row-level security by committee, the
-- change log, and pg_dump of everything users store
-----------------------------------------------------------------------------

-- The role that caused the current statement, also inside a SECURITY DEFINER
-- function (where current_user is the function's owner): the role set with
-- SET ROLE, or else the session's user.
CREATE FUNCTION @extschema@.aktuell_anvandare() RETURNS name
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN current_setting('role') = 'none' THEN session_user
                ELSE current_setting('role')::name END;
COMMENT ON FUNCTION @extschema@.aktuell_anvandare() IS
    'the role acting now (SET ROLE, or else the session user), for logs written by SECURITY DEFINER triggers';

-- Whether rows are being restored from a dump: pg_dump's output turns
-- row_security off, and only a superuser restores a whole database.  The
-- period lock and the change log then let the rows in as they were dumped
-- (they were checked and logged when they were first stored, and the log
-- itself is restored).
CREATE FUNCTION @extschema@.aterlasning_pagar() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN current_setting('row_security') = 'off'
           AND coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r
                          WHERE r.rolname = @extschema@.aktuell_anvandare()), false);
COMMENT ON FUNCTION @extschema@.aterlasning_pagar() IS
    'true while a superuser session with row_security off (as pg_dump output sets) restores rows: the period lock and the change log step aside';

-- period close ------------------------------------------------------------------

CREATE TABLE @extschema@.stangd_manad (
    namnd       text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    ar          integer NOT NULL,
    manad       integer NOT NULL CHECK (manad BETWEEN 1 AND 12),
    stangd_av   name NOT NULL,
    stangd_tid  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namnd, ar, manad)
);
COMMENT ON TABLE @extschema@.stangd_manad IS
    'closed months per committee: their outcome, budget and forecast rows cannot be changed';

CREATE TABLE @extschema@.stangningslogg (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tid         timestamptz NOT NULL DEFAULT clock_timestamp(),
    anvandare   name NOT NULL,
    handelse    text NOT NULL CHECK (handelse IN ('stangd', 'oppnad')),
    namnd       text NOT NULL,
    period      @extschema@.period NOT NULL,
    motivering  text
);
COMMENT ON TABLE @extschema@.stangningslogg IS
    'every closing and reopening of a period, who did it, when and why';

CREATE FUNCTION @extschema@.stang_period(namnd text, p @extschema@.period) RETURNS void
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
COMMENT ON FUNCTION @extschema@.stang_period(text, @extschema@.period) IS
    'close the months of a period for a committee; logged';

CREATE FUNCTION @extschema@.oppna_period(namnd text, p @extschema@.period, motivering text)
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
COMMENT ON FUNCTION @extschema@.oppna_period(text, @extschema@.period, text) IS
    'reopen the months of a period for a committee, with a reason; logged';

-- The closed months of a committee that a stored row touches, as a period
-- (first to last closed month), or NULL when it touches none.
CREATE FUNCTION @extschema@.stangd_del(tabell text, namnd text, r jsonb) RETURNS @extschema@.period
    LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y       integer;
    m_from  integer;
    m_to    integer;
    lo      integer;
    hi      integer;
BEGIN
    IF tabell = 'utfall' THEN
        y := @extschema@.ar((r->>'period')::@extschema@.period);
        m_from := @extschema@.forsta_manad((r->>'period')::@extschema@.period);
        m_to := @extschema@.sista_manad((r->>'period')::@extschema@.period);
    ELSIF tabell = 'budget' THEN
        -- a budget version is history once a month it was in force is closed
        y := @extschema@.ar((r->>'period')::@extschema@.period);
        m_from := CASE WHEN (r->>'giltig_fran')::date < make_date(y, 1, 1) THEN 1
                       ELSE extract(month FROM (r->>'giltig_fran')::date)::integer END;
        m_to := 12;
        IF (r->>'giltig_fran')::date > make_date(y, 12, 31) THEN
            RETURN NULL;
        END IF;
    ELSE
        -- a forecast belongs to its round's outcome period
        SELECT @extschema@.ar(o.period), @extschema@.sista_manad(o.period), @extschema@.sista_manad(o.period)
          INTO y, m_from, m_to
          FROM @extschema@.prognosomgang o
         WHERE o.ar = (r->>'ar')::integer AND o.kod = r->>'omgang';
    END IF;
    SELECT min(s.manad), max(s.manad) INTO lo, hi
      FROM @extschema@.stangd_manad s
     WHERE s.namnd = stangd_del.namnd AND s.ar = y AND s.manad BETWEEN m_from AND m_to;
    IF lo IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN @extschema@.period(y, lo, hi);
END $$;
COMMENT ON FUNCTION @extschema@.stangd_del(text, text, jsonb) IS
    'the closed months (as a period) that an outcome, budget or forecast row touches, or NULL: the rule of the period lock stated in SQL (the trigger applies it in C, and the tests compare the two)';

-- The trigger is C (src/stangd.c): the rule above, with the closed months and
-- the forecast rounds read as the owner of stangd_manad through saved plans
-- that name every object and operator with its schema; the caller's grant is
-- asked only when a closed month is found, and a row of a committee the role
-- is not granted is then left to row-level security (42501), without telling
-- whether its period is closed; while a dump is restored (aterlasning_pagar())
-- rows pass.  The table comes from the trigger's argument: TG_TABLE_NAME would
-- be a shard's or a partition's name where the table is distributed or
-- partitioned.
CREATE FUNCTION @extschema@.skydda_stangd_period() RETURNS trigger
    AS 'MODULE_PATHNAME', 'skydda_stangd_period' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.skydda_stangd_period() IS
    'trigger: outcome, budget and forecast rows of a closed period cannot be added, changed or deleted (55000)';

CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.utfall
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period('utfall');
CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.budget
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period('budget');
CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.prognos
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period('prognos');

-- TRUNCATE fires no row triggers and removes every committee's rows at once:
-- it is refused while any month is closed.  (It runs with the caller's rights:
-- TRUNCATE is for the owner or a superuser, who see every closed month.)
CREATE FUNCTION @extschema@.skydda_stangd_period_truncate() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s   record;
BEGIN
    SELECT m.namnd, m.ar, min(m.manad) AS lo, max(m.manad) AS hi INTO s
      FROM @extschema@.stangd_manad m
     GROUP BY m.namnd, m.ar ORDER BY m.namnd, m.ar LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'period % is closed for committee "%"', @extschema@.period(s.ar, s.lo, s.hi), s.namnd
            USING ERRCODE = '55000',
                  DETAIL = format('TRUNCATE of %s would remove rows of closed periods.', TG_TABLE_NAME),
                  HINT = 'Delete the rows of open periods with DELETE instead.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.skydda_stangd_period_truncate() IS
    'trigger: TRUNCATE of outcome, budget or forecasts is refused while any period is closed (55000)';
CREATE TRIGGER stangd_period_truncate BEFORE TRUNCATE ON @extschema@.utfall
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.skydda_stangd_period_truncate();
CREATE TRIGGER stangd_period_truncate BEFORE TRUNCATE ON @extschema@.budget
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.skydda_stangd_period_truncate();
CREATE TRIGGER stangd_period_truncate BEFORE TRUNCATE ON @extschema@.prognos
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.skydda_stangd_period_truncate();

-- A forecast belongs to its round's outcome period, so a round with forecasts
-- of a committee cannot be moved into or out of a month closed for it.  (It
-- runs with the caller's rights: the rounds are shared by every committee and
-- are maintained by a controller, who sees every committee.)
CREATE FUNCTION @extschema@.skydda_stangd_omgang() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s   record;
BEGIN
    SELECT m.namnd, m.ar, m.manad INTO s
      FROM @extschema@.stangd_manad m
     WHERE (m.ar, m.manad) IN ((@extschema@.ar(OLD.period), @extschema@.sista_manad(OLD.period)),
                               (@extschema@.ar(NEW.period), @extschema@.sista_manad(NEW.period)))
       AND EXISTS (SELECT 1 FROM @extschema@.prognos f
                    WHERE f.ar = OLD.ar AND f.omgang = OLD.kod AND f.namnd = m.namnd)
     ORDER BY m.namnd, m.ar, m.manad LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'period % is closed for committee "%"', @extschema@.period(s.ar, s.manad, s.manad), s.namnd
            USING ERRCODE = '55000',
                  DETAIL = format('The forecast round %s has forecasts of the committee based on a closed month.', OLD.kod),
                  HINT = 'Reopen the period with kommunrapport.oppna_period(namnd, period, motivering).';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.skydda_stangd_omgang() IS
    'trigger: a forecast round with forecasts in a closed month cannot change its outcome period (55000)';
CREATE TRIGGER stangd_period BEFORE UPDATE OF period ON @extschema@.prognosomgang
    FOR EACH ROW WHEN (OLD.period IS DISTINCT FROM NEW.period)
    EXECUTE FUNCTION @extschema@.skydda_stangd_omgang();

-- change log ----------------------------------------------------------------------

CREATE TABLE @extschema@.andringslogg (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    tid         timestamptz NOT NULL DEFAULT clock_timestamp(),
    anvandare   name NOT NULL,
    tabell      text NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    namnd       text NOT NULL,
    fore        jsonb,
    efter       jsonb,
    -- the committee first: the log can be sharded with the figures it logs
    PRIMARY KEY (namnd, id)
);
COMMENT ON TABLE @extschema@.andringslogg IS
    'append-only log of every change to budget and forecast rows, comments on deviations, measures and materiality thresholds: who, when, before and after';
CREATE INDEX andringslogg_namnd_tid ON @extschema@.andringslogg (namnd, tid);

CREATE FUNCTION @extschema@.logga_andring() RETURNS trigger
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
COMMENT ON FUNCTION @extschema@.logga_andring() IS
    'trigger: writes each change of a row of the table it is attached to (budget, forecasts, comments, measures, thresholds) to andringslogg';
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.budget
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring('budget');
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.prognos
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring('prognos');

CREATE FUNCTION @extschema@.endast_tillagg() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME
        USING ERRCODE = '55000',
              DETAIL = 'Log rows are never changed or deleted.';
END $$;
COMMENT ON FUNCTION @extschema@.endast_tillagg() IS
    'trigger: refuses UPDATE, DELETE and TRUNCATE of an append-only log (55000)';
CREATE TRIGGER endast_tillagg BEFORE UPDATE OR DELETE ON @extschema@.andringslogg
    FOR EACH ROW EXECUTE FUNCTION @extschema@.endast_tillagg();
CREATE TRIGGER endast_tillagg_truncate BEFORE TRUNCATE ON @extschema@.andringslogg
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.endast_tillagg();
CREATE TRIGGER endast_tillagg BEFORE UPDATE OR DELETE ON @extschema@.stangningslogg
    FOR EACH ROW EXECUTE FUNCTION @extschema@.endast_tillagg();
CREATE TRIGGER endast_tillagg_truncate BEFORE TRUNCATE ON @extschema@.stangningslogg
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.endast_tillagg();

-- row-level security by committee ------------------------------------------------

-- A grant names its role by OID (regrole), not by name: the grant follows the
-- role through a rename, and when the role is dropped the grant simply matches
-- nobody -- no policy check ever looks a dropped role up by name and fails.
-- stada_behorighet() removes such orphaned grants; pg_dump leaves them out
-- (the dump filter below), so a restore never gives a dropped role's grant to
-- whichever role has that OID in another cluster.
CREATE TABLE @extschema@.behorighet (
    roll        regrole NOT NULL,
    namnd       text REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE ON DELETE CASCADE,
    UNIQUE NULLS NOT DISTINCT (roll, namnd)
);
COMMENT ON TABLE @extschema@.behorighet IS
    'which role may see and change which committee; namnd NULL = every committee (a controller); the role by OID';

CREATE FUNCTION @extschema@.behorig(namnd text, roll name) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN (
    -- a superuser or a BYPASSRLS role sees every row anyway, so it may also
    -- close and reopen periods without a grant of its own
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname = behorig.roll AND (r.rolsuper OR r.rolbypassrls))
        OR EXISTS (SELECT 1 FROM @extschema@.behorighet b
                    WHERE (b.namnd = behorig.namnd OR b.namnd IS NULL)
                      AND pg_has_role(behorig.roll, b.roll::oid, 'MEMBER'))
    );
END
$fn$;
COMMENT ON FUNCTION @extschema@.behorig(text, name) IS
    'whether a role is granted a committee (directly, through membership, or as a superuser or BYPASSRLS role); used by the row-level security policies and the period close';

CREATE FUNCTION @extschema@.bevilja(roll name, namnd text DEFAULT NULL) RETURNS void
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
COMMENT ON FUNCTION @extschema@.bevilja(name, text) IS
    'grant a role one committee, or every committee (namnd NULL, a controller)';

CREATE FUNCTION @extschema@.aterkalla(roll name, namnd text DEFAULT NULL) RETURNS void
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
COMMENT ON FUNCTION @extschema@.aterkalla(name, text) IS
    'revoke a role''s grant of one committee, or of every committee (namnd NULL)';

-- Grants of roles that no longer exist match nobody; this removes them and
-- says which they were (the role by its former OID).
CREATE FUNCTION @extschema@.stada_behorighet(OUT roll oid, OUT namnd text) RETURNS SETOF record
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    DELETE FROM @extschema@.behorighet b
     WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid = b.roll::oid)
    RETURNING b.roll::oid, b.namnd;
END;
COMMENT ON FUNCTION @extschema@.stada_behorighet() IS
    'remove the grants of dropped roles (they match nobody); returns what was removed';

ALTER TABLE @extschema@.namnd ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.enhet ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.utfall ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.budget ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.prognos ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.stangd_manad ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.andringslogg ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.stangningslogg ENABLE ROW LEVEL SECURITY;

CREATE POLICY namnd_behorighet ON @extschema@.namnd
    USING (@extschema@.behorig(kod, current_user)) WITH CHECK (@extschema@.behorig(kod, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.enhet
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.utfall
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.budget
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.prognos
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.stangd_manad
    USING (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.andringslogg
    USING (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.stangningslogg
    USING (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.namnd IS 'a role sees and changes only the committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.enhet IS 'a role sees and changes only the units of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.utfall IS 'a role sees and changes only the outcome of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.budget IS 'a role sees and changes only the budget of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.prognos IS 'a role sees and changes only the forecasts of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.stangd_manad IS 'a role sees only the closed months of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.andringslogg IS 'a role sees only the change log of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.stangningslogg IS 'a role sees only the close log of committees it is granted';

-- pg_dump keeps what users store -------------------------------------------------

SELECT pg_catalog.pg_extension_config_dump('@extschema@.namnd', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.enhet', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rad', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.prognosomgang', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.utfall', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.budget', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.prognos', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.stangd_manad', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.stangningslogg', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.stangningslogg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.andringslogg', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.andringslogg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.behorighet',
    'WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) roll::pg_catalog.oid)');
COMMENT ON SEQUENCE @extschema@.stangningslogg_id_seq IS 'numbers the close log';
COMMENT ON SEQUENCE @extschema@.andringslogg_id_seq IS 'numbers the change log';
