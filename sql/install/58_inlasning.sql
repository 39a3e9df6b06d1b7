
-----------------------------------------------------------------------------
-- loading from the ERP: staging tables and idempotent load functions
-----------------------------------------------------------------------------
-- The ERP (or a person) COPYs rows into a staging table and calls the load
-- function in the same transaction.  Loading the same month twice gives the
-- same result as loading it once: a load replaces what it covers.  Plain
-- INSERT or COPY into utfall, budget and prognos works too.

CREATE TABLE @extschema@.inlasning_utfall (
    namnd   text NOT NULL,
    enhet   text NOT NULL,
    rad     text NOT NULL,
    period  @extschema@.period NOT NULL,
    belopp  @extschema@.belopp NOT NULL,
    kalla   text
);
COMMENT ON TABLE @extschema@.inlasning_utfall IS
    'staging for outcome: COPY rows here, then call las_in_utfall(); emptied by the load';

CREATE TABLE @extschema@.inlasning_prognos (
    namnd   text NOT NULL,
    enhet   text NOT NULL,
    rad     text NOT NULL,
    ar      integer NOT NULL,
    omgang  text NOT NULL,
    belopp  @extschema@.belopp NOT NULL
);
COMMENT ON TABLE @extschema@.inlasning_prognos IS
    'staging for forecasts: COPY rows here, then call las_in_prognos(); emptied by the load';

ALTER TABLE @extschema@.inlasning_utfall ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.inlasning_prognos ENABLE ROW LEVEL SECURITY;
CREATE POLICY namnd_behorighet ON @extschema@.inlasning_utfall
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.inlasning_prognos
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.inlasning_utfall IS 'a role stages outcome only for committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.inlasning_prognos IS 'a role stages forecasts only for committees it is granted';

-- Two loads of the same committee and period at once would each delete what
-- the other has not committed yet and leave a mix of both (or deadlock in
-- their UPDATEs and DELETEs), so a load first takes a transaction-level
-- advisory lock on every committee and period (forecasts: committee, year and
-- round) it stages, in one order for every session: loads of the same slice
-- run one after the other, loads of different slices side by side.  The lock
-- keys are two int4s (the table's name hashed, the slice hashed), a space
-- apart from the single-bigint advisory locks applications usually take;
-- two slices that hash alike only wait for each other.
--
-- A load changes only what differs from what is stored, so that re-sending
-- unchanged rows is no change at all: nothing is written, nothing is logged,
-- and it works also once the period is closed (an ERP that sends the whole
-- year so far every month keeps working after January is closed).  PL/pgSQL
-- parses its statements when they first run, so both functions fix their
-- search_path (the caller's could put someone else's functions and operators
-- first) and name the extension's own objects with their schema.

CREATE FUNCTION @extschema@.las_in_utfall()
    RETURNS TABLE (namnd text, period text, rader bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kommunrapport.utfall'), k.h)
       FROM (SELECT DISTINCT hashtext(s.namnd || E'\x1f' || s.period::text) AS h
               FROM @extschema@.inlasning_utfall s ORDER BY 1) k;
    -- stored rows of a staged committee and period that the load lacks go
    DELETE FROM @extschema@.utfall u
     WHERE EXISTS (SELECT 1 FROM @extschema@.inlasning_utfall s
                    WHERE s.namnd = u.namnd AND s.period OPERATOR(pg_catalog.=) u.period)
       AND NOT EXISTS (SELECT 1 FROM @extschema@.inlasning_utfall s
                        WHERE s.namnd = u.namnd AND s.enhet = u.enhet AND s.rad = u.rad
                          AND s.period OPERATOR(pg_catalog.=) u.period);
    -- changed rows are updated (staged lines of one unit and row are summed)
    UPDATE @extschema@.utfall u
       SET belopp = s.belopp, kalla = s.kalla
      FROM (SELECT s.namnd, s.enhet, s.rad, s.period, pg_catalog.sum(s.belopp) AS belopp, max(s.kalla) AS kalla
              FROM @extschema@.inlasning_utfall s
             GROUP BY s.namnd, s.enhet, s.rad, s.period) s
     WHERE u.namnd = s.namnd AND u.enhet = s.enhet AND u.rad = s.rad
       AND u.period OPERATOR(pg_catalog.=) s.period
       AND (u.belopp OPERATOR(pg_catalog.<>) s.belopp OR u.kalla IS DISTINCT FROM s.kalla);
    -- new rows are inserted
    INSERT INTO @extschema@.utfall AS u (namnd, enhet, rad, period, belopp, kalla)
    SELECT s.namnd, s.enhet, s.rad, s.period, pg_catalog.sum(s.belopp), max(s.kalla)
      FROM @extschema@.inlasning_utfall s
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.utfall u
                        WHERE u.namnd = s.namnd AND u.enhet = s.enhet AND u.rad = s.rad
                          AND u.period OPERATOR(pg_catalog.=) s.period)
     GROUP BY s.namnd, s.enhet, s.rad, s.period
    ON CONFLICT ON CONSTRAINT utfall_pkey DO UPDATE
       SET belopp = excluded.belopp, kalla = excluded.kalla
     WHERE u.belopp OPERATOR(pg_catalog.<>) excluded.belopp OR u.kalla IS DISTINCT FROM excluded.kalla;
    RETURN QUERY
    SELECT s.namnd, s.period::text, count(DISTINCT (s.enhet, s.rad))
      FROM @extschema@.inlasning_utfall s
     GROUP BY s.namnd, s.period ORDER BY 1, 2;
    DELETE FROM @extschema@.inlasning_utfall;
END $$;
COMMENT ON FUNCTION @extschema@.las_in_utfall() IS
    'load staged outcome: for each staged committee and period, what is stored becomes the staged rows (summed per unit and row), changing only what differs; returns the rows loaded';

CREATE FUNCTION @extschema@.las_in_prognos()
    RETURNS TABLE (namnd text, ar integer, omgang text, rader bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('kommunrapport.prognos'), k.h)
       FROM (SELECT DISTINCT hashtext(s.namnd || E'\x1f' || s.ar || E'\x1f' || s.omgang) AS h
               FROM @extschema@.inlasning_prognos s ORDER BY 1) k;
    DELETE FROM @extschema@.prognos f
     WHERE EXISTS (SELECT 1 FROM @extschema@.inlasning_prognos s
                    WHERE s.namnd = f.namnd AND s.ar = f.ar AND s.omgang = f.omgang)
       AND NOT EXISTS (SELECT 1 FROM @extschema@.inlasning_prognos s
                        WHERE s.namnd = f.namnd AND s.enhet = f.enhet AND s.rad = f.rad
                          AND s.ar = f.ar AND s.omgang = f.omgang);
    UPDATE @extschema@.prognos f
       SET belopp = s.belopp
      FROM (SELECT s.namnd, s.enhet, s.rad, s.ar, s.omgang, pg_catalog.sum(s.belopp) AS belopp
              FROM @extschema@.inlasning_prognos s
             GROUP BY s.namnd, s.enhet, s.rad, s.ar, s.omgang) s
     WHERE f.namnd = s.namnd AND f.enhet = s.enhet AND f.rad = s.rad AND f.ar = s.ar AND f.omgang = s.omgang
       AND f.belopp OPERATOR(pg_catalog.<>) s.belopp;
    INSERT INTO @extschema@.prognos AS f (namnd, enhet, rad, ar, omgang, belopp)
    SELECT s.namnd, s.enhet, s.rad, s.ar, s.omgang, pg_catalog.sum(s.belopp)
      FROM @extschema@.inlasning_prognos s
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.prognos f
                        WHERE f.namnd = s.namnd AND f.enhet = s.enhet AND f.rad = s.rad
                          AND f.ar = s.ar AND f.omgang = s.omgang)
     GROUP BY s.namnd, s.enhet, s.rad, s.ar, s.omgang
    ON CONFLICT ON CONSTRAINT prognos_pkey DO UPDATE
       SET belopp = excluded.belopp
     WHERE f.belopp OPERATOR(pg_catalog.<>) excluded.belopp;
    RETURN QUERY
    SELECT s.namnd, s.ar, s.omgang, count(DISTINCT (s.enhet, s.rad))
      FROM @extschema@.inlasning_prognos s
     GROUP BY s.namnd, s.ar, s.omgang ORDER BY 1, 2, 3;
    DELETE FROM @extschema@.inlasning_prognos;
END $$;
COMMENT ON FUNCTION @extschema@.las_in_prognos() IS
    'load staged forecasts: for each staged committee and round, what is stored becomes the staged rows, changing only what differs; returns the rows loaded';

CREATE FUNCTION @extschema@.satt_budget(namnd text, enhet text, rad text, p @extschema@.period,
                                        giltig_fran date, belopp @extschema@.belopp,
                                        profil numeric[] DEFAULT NULL, beslut text DEFAULT NULL)
    RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    WITH andrad AS (
        UPDATE @extschema@.budget b
           SET belopp = satt_budget.belopp, profil = satt_budget.profil, beslut = satt_budget.beslut
         WHERE b.namnd = satt_budget.namnd AND b.enhet = satt_budget.enhet AND b.rad = satt_budget.rad
           AND b.period = satt_budget.p AND b.giltig_fran = satt_budget.giltig_fran
           AND (b.belopp, b.profil, b.beslut)
               IS DISTINCT FROM (satt_budget.belopp, satt_budget.profil, satt_budget.beslut)
        RETURNING 1
    )
    INSERT INTO @extschema@.budget AS b (namnd, enhet, rad, period, giltig_fran, belopp, profil, beslut)
    SELECT satt_budget.namnd, satt_budget.enhet, satt_budget.rad, satt_budget.p, satt_budget.giltig_fran,
           satt_budget.belopp, satt_budget.profil, satt_budget.beslut
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.budget x
                        WHERE x.namnd = satt_budget.namnd AND x.enhet = satt_budget.enhet
                          AND x.rad = satt_budget.rad AND x.period = satt_budget.p
                          AND x.giltig_fran = satt_budget.giltig_fran)
    ON CONFLICT ON CONSTRAINT budget_pkey DO UPDATE
       SET belopp = excluded.belopp, profil = excluded.profil, beslut = excluded.beslut
     WHERE (b.belopp, b.profil, b.beslut) IS DISTINCT FROM (excluded.belopp, excluded.profil, excluded.beslut);
END
$fn$;
COMMENT ON FUNCTION @extschema@.satt_budget(text, text, text, @extschema@.period, date, @extschema@.belopp, numeric[], text) IS
    'store a budget version (idempotent: the same version again is no change and is not logged; a changed figure replaces it and is logged)';
