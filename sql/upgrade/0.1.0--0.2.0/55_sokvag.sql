
-----------------------------------------------------------------------------
-- functions whose bodies are parsed at run time fix their search_path
-----------------------------------------------------------------------------
-- A PL/pgSQL body is parsed when it first runs, with the caller's search_path:
-- someone else's functions and operators earlier on it (count(record),
-- power(numeric, integer), *(integer, numeric), ...) would be called instead of
-- the built-in ones.  The report functions already set their path; these set
-- it now too.  (inom_avrundning is an SQL function now, parsed when it is
-- created: 50_rapporter.sql.)

CREATE OR REPLACE FUNCTION @extschema@.las_in_utfall()
    RETURNS TABLE (namnd text, period text, rader bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
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

CREATE OR REPLACE FUNCTION @extschema@.las_in_prognos()
    RETURNS TABLE (namnd text, ar integer, omgang text, rader bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
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
