
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
-- (first to last closed month), or NULL when it touches none; 42501 for a
-- committee the role is not granted.  SECURITY DEFINER so that a role
-- granted the committee need not be granted stangd_manad.
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
    -- the grant first, as in stang_period: the closed months of a committee
    -- the role is not granted are not its to read (stangd_manad's policy)
    IF NOT @extschema@.behorig(stangd_del.namnd, @extschema@.aktuell_anvandare()) THEN
        RAISE EXCEPTION 'permission denied to read the closed months of committee "%"', stangd_del.namnd
            USING ERRCODE = '42501';
    END IF;
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
    'the closed months (as a period) that an outcome, budget or forecast row touches, or NULL; 42501 for a committee the role is not granted: the rule of the period lock stated in SQL (the trigger applies it in C, and the tests compare the two)';

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
    -- a row moved to another committee is logged under both, each with its
    -- own side: the old committee's entry has what left (after NULL), the new
    -- committee's what came (before NULL), so that a role granted one of them
    -- sees that its row changed and nothing of the other committee's
    IF TG_OP = 'UPDATE' AND OLD.namnd IS DISTINCT FROM NEW.namnd THEN
        INSERT INTO @extschema@.andringslogg (anvandare, tabell, operation, namnd, fore, efter)
        VALUES (@extschema@.aktuell_anvandare(), coalesce(TG_ARGV[0], TG_TABLE_NAME), TG_OP, OLD.namnd, to_jsonb(OLD), NULL),
               (@extschema@.aktuell_anvandare(), coalesce(TG_ARGV[0], TG_TABLE_NAME), TG_OP, NEW.namnd, NULL, to_jsonb(NEW));
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
    'trigger: writes each change of a row of the table it is attached to (budget, forecasts, comments, measures, thresholds) to andringslogg; a row moved to another committee under both, each with its side';
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

-- A grant is membership of a role: the committee's role,
-- "kr_namnd <committee> <database>", gives its members that committee, and
-- "kr_alla <database>" every committee (a controller).  behorighetsroll()
-- is the one rule that names them (src/behorig.c).  The policies check
-- membership in the role catalogs and read no table, so the check means the
-- same on every server that shares the roles (Citus propagates roles and
-- their members by name), follows a role through a rename, and ends with the
-- role when it is dropped.  The database in the name keeps the databases of
-- one cluster apart.
CREATE FUNCTION @extschema@.behorighetsroll(namnd text, databas name DEFAULT pg_catalog.current_database()) RETURNS name
    AS 'MODULE_PATHNAME', 'behorighetsroll' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.behorighetsroll(text, name) IS
    'the role whose members are granted a committee (namnd NULL: every committee) in a database (by default this one); NULL where that name would be longer than a role name may be';

CREATE FUNCTION @extschema@.behorig(namnd text, roll name) RETURNS boolean
    AS 'MODULE_PATHNAME', 'behorig' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.behorig(text, name) IS
    'whether a role is granted a committee (a member of its role or of the controllers'' role, directly or through other roles, or a superuser or BYPASSRLS role); used by the row-level security policies and the period close';

-- Whether a role may create roles and manage any role's members: a superuser
-- or CREATEROLE.  Granting, copying and cleaning up grants ask it.
CREATE FUNCTION @extschema@.far_skapa_roller(roll name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname OPERATOR(pg_catalog.=) far_skapa_roller.roll AND (r.rolsuper OR r.rolcreaterole));
COMMENT ON FUNCTION @extschema@.far_skapa_roller(name) IS
    'whether a role is a superuser or has CREATEROLE: may create the committees'' roles and grant or revoke their membership';

-- The direct members of a role (a committee's role: its grants), by OID and
-- name; none when the role does not exist.
CREATE FUNCTION @extschema@.direkta_medlemmar(grupp name) RETURNS TABLE (medlem oid, namn name)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT m.member, r.rolname
      FROM pg_catalog.pg_auth_members m
      JOIN pg_catalog.pg_roles g ON g.oid OPERATOR(pg_catalog.=) m.roleid
      JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) m.member
     WHERE g.rolname OPERATOR(pg_catalog.=) direkta_medlemmar.grupp;
END;
COMMENT ON FUNCTION @extschema@.direkta_medlemmar(name) IS
    'the direct members of a role, by OID and name (none if it does not exist): the grants of a committee''s role';

-- Who may grant: PostgreSQL's own rule for the membership of a role --
-- CREATEROLE (which also creates the committee's role the first time), or
-- the ADMIN OPTION of the committee's role.
CREATE FUNCTION @extschema@.far_bevilja(grupp name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    RETURN @extschema@.far_skapa_roller(current_user)
        OR EXISTS (SELECT 1 FROM pg_catalog.pg_roles g
                    WHERE g.rolname OPERATOR(pg_catalog.=) far_bevilja.grupp
                      AND pg_catalog.pg_has_role(current_user, g.oid, 'MEMBER WITH ADMIN OPTION'));
COMMENT ON FUNCTION @extschema@.far_bevilja(name) IS
    'whether the current role may grant and revoke the membership of a committee''s role (CREATEROLE, or its ADMIN OPTION)';

CREATE FUNCTION @extschema@.bevilja(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    grupp name := @extschema@.behorighetsroll(bevilja.namnd);
BEGIN
    IF bevilja.roll IS NULL THEN
        RAISE EXCEPTION 'bevilja needs a role' USING ERRCODE = '22004',
            HINT = 'A NULL committee grants every committee; the role cannot be NULL.';
    END IF;
    -- the privilege first: a role that may not grant learns nothing of the
    -- committees its row-level security hides
    IF NOT @extschema@.far_bevilja(grupp) THEN
        RAISE EXCEPTION 'permission denied to grant committees'
            USING ERRCODE = '42501',
                  DETAIL = 'Granting needs CREATEROLE, or the ADMIN OPTION of the committee''s role.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = bevilja.roll) THEN
        RAISE EXCEPTION 'role "%" does not exist', roll USING ERRCODE = '42704';
    END IF;
    IF namnd IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = bevilja.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', namnd USING ERRCODE = '22023';
    END IF;
    IF grupp IS NULL THEN
        RAISE EXCEPTION 'the role for committee "%" would be named with more than 63 bytes', namnd
            USING ERRCODE = '42622',
                  DETAIL = format('Its role is "kr_namnd %s %s".', namnd, current_database()),
                  HINT = 'A shorter committee code or database name gives a name that fits; a controller''s grant (namnd NULL) covers it.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = grupp) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', grupp);
        EXCEPTION WHEN duplicate_object THEN
            NULL;   -- created meanwhile by another session
        END;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.direkta_medlemmar(grupp) d WHERE d.namn = bevilja.roll) THEN
        EXECUTE format('GRANT %I TO %I', grupp, bevilja.roll);
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.bevilja(name, text) IS
    'grant a role one committee, or every committee (namnd NULL, a controller): makes it a member of the committee''s role, which is created the first time';

CREATE FUNCTION @extschema@.aterkalla(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    grupp name := @extschema@.behorighetsroll(aterkalla.namnd);
BEGIN
    IF aterkalla.roll IS NULL THEN
        RAISE EXCEPTION 'aterkalla needs a role' USING ERRCODE = '22004',
            HINT = 'A NULL committee revokes the grant of every committee; the role cannot be NULL.';
    END IF;
    IF NOT @extschema@.far_bevilja(grupp) THEN
        RAISE EXCEPTION 'permission denied to revoke committees'
            USING ERRCODE = '42501',
                  DETAIL = 'Revoking needs CREATEROLE, or the ADMIN OPTION of the committee''s role.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = aterkalla.roll) THEN
        RAISE EXCEPTION 'role "%" does not exist', roll USING ERRCODE = '42704',
            HINT = 'A dropped role''s grants went with it.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM @extschema@.direkta_medlemmar(grupp) d WHERE d.namn = aterkalla.roll) THEN
        RAISE EXCEPTION 'role "%" has no grant for %', roll,
              coalesce('committee "' || namnd || '"', 'every committee')
            USING ERRCODE = '22023';
    END IF;
    EXECUTE format('REVOKE %I FROM %I', grupp, aterkalla.roll);
END $$;
COMMENT ON FUNCTION @extschema@.aterkalla(name, text) IS
    'revoke a role''s grant of one committee, or of every committee (namnd NULL): ends its membership of the committee''s role';

-- A database restored or copied under another name starts without grants
-- (its committees' roles name the other database); this grants here every
-- committee the caller sees to the roles that hold it in that database.
-- Needs CREATEROLE (it may create the committees' roles here).
CREATE FUNCTION @extschema@.kopiera_behorighet(fran name) RETURNS TABLE (roll regrole, namnd text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g record;
BEGIN
    IF fran IS NULL THEN
        RAISE EXCEPTION 'kopiera_behorighet needs a database name' USING ERRCODE = '22004';
    END IF;
    IF NOT @extschema@.far_skapa_roller(current_user) THEN
        RAISE EXCEPTION 'permission denied to copy grants'
            USING ERRCODE = '42501', DETAIL = 'Copying grants needs CREATEROLE.';
    END IF;
    FOR g IN
        SELECT d.namn, d.medlem, k.kod
          FROM (SELECT NULL::text AS kod UNION ALL SELECT n.kod FROM @extschema@.namnd n) k,
               LATERAL @extschema@.direkta_medlemmar(@extschema@.behorighetsroll(k.kod, fran)) d
         ORDER BY k.kod NULLS FIRST, d.namn
    LOOP
        PERFORM @extschema@.bevilja(g.namn, g.kod);
        roll := g.medlem::regrole;
        namnd := g.kod;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.kopiera_behorighet(name) IS
    'grant here the committees (the ones the caller sees, and every committee) to the roles that hold them in another database, e.g. the one this was restored from; returns what it granted';

-- Every grant of this database: the direct members of the committees' roles
-- (and of the controllers', namnd NULL).  A role sees the grants of the
-- committees it may see.
CREATE VIEW @extschema@.behorighet WITH (security_invoker = true) AS
SELECT d.medlem::pg_catalog.regrole AS roll, n.kod AS namnd
  FROM @extschema@.namnd n, LATERAL @extschema@.direkta_medlemmar(@extschema@.behorighetsroll(n.kod)) d
UNION ALL
SELECT d.medlem::pg_catalog.regrole, NULL::text
  FROM @extschema@.direkta_medlemmar(@extschema@.behorighetsroll(NULL)) d;
COMMENT ON VIEW @extschema@.behorighet IS
    'which role is granted which committee (namnd NULL = every committee, a controller): the members of the committees'' roles';

-- The committee's role follows its committee: a new code renames it, and a
-- deleted committee's role keeps no members (a committee created again with
-- the same code starts without grants).  Run as the extension's owner, since
-- renaming a role or ending its memberships needs CREATEROLE.  Only the table
-- itself acts: where the rows live in shards (Citus), the shards' triggers
-- leave the roles alone, and stada_behorighet() ends the grants of
-- committees that are gone.
CREATE FUNCTION @extschema@.namnd_foljer_roll() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    gammal  name;
    ny      name;
    medlem  name;
BEGIN
    IF TG_RELID OPERATOR(pg_catalog.<>) '@extschema@.namnd'::pg_catalog.regclass THEN
        RETURN NULL;
    END IF;
    gammal := @extschema@.behorighetsroll(OLD.kod);
    IF gammal IS NULL OR NOT EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = gammal) THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        IF NEW.kod = OLD.kod THEN
            RETURN NULL;
        END IF;
        ny := @extschema@.behorighetsroll(NEW.kod);
        IF ny IS NULL THEN
            RAISE EXCEPTION 'the role for committee "%" would be named with more than 63 bytes', NEW.kod
                USING ERRCODE = '42622',
                      DETAIL = format('The committee''s grants are kept by the role "%s", which would have to be renamed.', gammal);
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = ny) THEN
            RAISE EXCEPTION 'role "%" already exists', ny USING ERRCODE = '42710',
                DETAIL = format('The grants of committee "%s" are kept by the role "%s", which would be renamed to it.', OLD.kod, gammal),
                HINT = 'Drop or rename the role that has the new name first.';
        END IF;
        EXECUTE format('ALTER ROLE %I RENAME TO %I', gammal, ny);
    ELSE
        FOR medlem IN SELECT d.namn FROM @extschema@.direkta_medlemmar(gammal) d ORDER BY d.namn
        LOOP
            EXECUTE format('REVOKE %I FROM %I', gammal, medlem);
        END LOOP;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.namnd_foljer_roll() IS
    'trigger: a committee''s new code renames its role; a deleted committee''s role loses its members';
CREATE TRIGGER foljer_roll AFTER UPDATE OF kod OR DELETE ON @extschema@.namnd
    FOR EACH ROW EXECUTE FUNCTION @extschema@.namnd_foljer_roll();

-- The grants of committees that no longer exist (deleted where the trigger
-- above did not act: in shards, or with triggers disabled): this ends them
-- and says which they were.  Needs CREATEROLE; runs as the extension's owner
-- so that it sees every committee whatever the caller's row-level security.
CREATE FUNCTION @extschema@.stada_behorighet(OUT roll oid, OUT namnd text) RETURNS SETOF record
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    g record;
BEGIN
    IF NOT @extschema@.far_skapa_roller(@extschema@.aktuell_anvandare()) THEN
        RAISE EXCEPTION 'permission denied to clean up grants'
            USING ERRCODE = '42501', DETAIL = 'Ending grants needs CREATEROLE.';
    END IF;
    FOR g IN
        SELECT k.kod, k.grupp, d.medlem, d.namn
          FROM (SELECT pg_catalog.split_part(pg_catalog.substr(a.rolname, 10), ' ', 1) AS kod, a.rolname AS grupp
                  FROM pg_roles a
                 WHERE pg_catalog.starts_with(a.rolname, 'kr_namnd ')) k,
               LATERAL @extschema@.direkta_medlemmar(k.grupp) d
         WHERE k.grupp = @extschema@.behorighetsroll(k.kod)
           AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = k.kod)
         ORDER BY k.kod, d.namn
    LOOP
        EXECUTE format('REVOKE %I FROM %I', g.grupp, g.namn);
        roll := g.medlem;
        namnd := g.kod;
        RETURN NEXT;
    END LOOP;
END $$;
COMMENT ON FUNCTION @extschema@.stada_behorighet() IS
    'end the grants of committees that no longer exist; returns the role (by OID) and committee of each';

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
COMMENT ON SEQUENCE @extschema@.stangningslogg_id_seq IS 'numbers the close log';
COMMENT ON SEQUENCE @extschema@.andringslogg_id_seq IS 'numbers the change log';
