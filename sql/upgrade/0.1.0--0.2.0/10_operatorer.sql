
-- belopp + and - raise on overflow: they are not leakproof -------------------------

ALTER FUNCTION @extschema@.belopp_pl(@extschema@.belopp, @extschema@.belopp) NOT LEAKPROOF;
ALTER FUNCTION @extschema@.belopp_mi(@extschema@.belopp, @extschema@.belopp) NOT LEAKPROOF;

-- the operators of belopp and period, the belopp aggregates and abs(belopp) move
-- to pg_catalog, so that they resolve whatever the search_path (see
-- sql/install/11_belopp_ops.sql); indexes, views and stored expressions refer
-- to them by OID and stay as they are

ALTER OPERATOR @extschema@.* (bigint, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (integer, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, bigint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, integer) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, numeric) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, smallint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (numeric, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (smallint, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.+ (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.- (NONE, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.- (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, bigint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, integer) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, numeric) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, smallint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<@ (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.= (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.= (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.@> (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.avg(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.max(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.min(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.sum(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER FUNCTION @extschema@.abs(@extschema@.belopp) SET SCHEMA pg_catalog;

-- functions whose bodies are parsed at run time and named the moved objects
-- with the extension's schema

CREATE OR REPLACE FUNCTION @extschema@.las_in_utfall()
    RETURNS TABLE (namnd text, period text, rader bigint)
    LANGUAGE plpgsql VOLATILE
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

CREATE OR REPLACE FUNCTION @extschema@.las_in_prognos()
    RETURNS TABLE (namnd text, ar integer, omgang text, rader bigint)
    LANGUAGE plpgsql VOLATILE
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

CREATE OR REPLACE FUNCTION @extschema@.driftsammandrag(ar integer, p @extschema@.period, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.driftsammandrag_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    -- operators (belopp * integer) resolve in this schema whatever the caller's path
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    y      integer := driftsammandrag.ar;
    per    @extschema@.period := driftsammandrag.p;
    nf     text := driftsammandrag.namnd;
    p_fg   @extschema@.period;
    omg1   text;
    omg2   text;
BEGIN
    IF @extschema@.ar(per) <> y THEN
        RAISE EXCEPTION 'period % does not lie in year %', per, y
            USING ERRCODE = '22023',
                  HINT = 'Give the year of the period, e.g. driftsammandrag(2023, ''jan-maj 2023'').';
    END IF;
    IF nf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = nf) THEN
        RAISE EXCEPTION 'no committee "%"', nf
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;
    p_fg := @extschema@.period(y - 1, @extschema@.forsta_manad(per), @extschema@.sista_manad(per));
    SELECT o.kod INTO omg1 FROM @extschema@.prognosomgangar(per) o WHERE o.nr = 1;
    SELECT o.kod INTO omg2 FROM @extschema@.prognosomgangar(per) o WHERE o.nr = 2;

    RETURN QUERY
    WITH RECURSIVE
    leaf AS (
        SELECT f.namnd, f.enhet, f.rad,
               pg_catalog.sum(f.utfall) AS utfall, pg_catalog.sum(f.budget) AS budget,
               pg_catalog.sum(f.utfall_fg) AS utfall_fg, pg_catalog.sum(f.prognos) AS prognos,
               pg_catalog.sum(f.prognos_fg) AS prognos_fg, pg_catalog.sum(f.budget_helar) AS budget_helar,
               pg_catalog.sum(f.bokslut_fg) AS bokslut_fg
          FROM (
            SELECT u.namnd, u.enhet, u.rad, u.belopp AS utfall, NULL::@extschema@.belopp AS budget,
                   NULL::@extschema@.belopp AS utfall_fg, NULL::@extschema@.belopp AS prognos,
                   NULL::@extschema@.belopp AS prognos_fg, NULL::@extschema@.belopp AS budget_helar,
                   NULL::@extschema@.belopp AS bokslut_fg
              FROM @extschema@.utfall_for_period(per, nf) u
            UNION ALL
            SELECT b.namnd, b.enhet, b.rad, NULL, b.belopp, NULL, NULL, NULL, b.helar, NULL
              FROM @extschema@.budget_for_period(per, @extschema@.slutdatum(per), nf) b
            UNION ALL
            SELECT u.namnd, u.enhet, u.rad, NULL, NULL, u.belopp, NULL, NULL, NULL, NULL
              FROM @extschema@.utfall_for_period(p_fg, nf) u
            UNION ALL
            SELECT u.namnd, u.enhet, u.rad, NULL, NULL, NULL, NULL, NULL, NULL, u.belopp
              FROM @extschema@.utfall_for_period(@extschema@.helar(y - 1), nf) u
            UNION ALL
            SELECT f.namnd, f.enhet, f.rad, NULL, NULL, NULL,
                   CASE WHEN f.omgang = omg1 THEN f.belopp END,
                   CASE WHEN f.omgang = omg2 THEN f.belopp END, NULL, NULL
              FROM @extschema@.prognos f
             WHERE f.ar = y AND f.omgang IN (omg1, omg2) AND (nf IS NULL OR f.namnd = nf)
          ) f
         GROUP BY f.namnd, f.enhet, f.rad
    ),
    enhet_up AS (SELECT * FROM @extschema@.enhet_over(nf)),
    enhet_path AS (SELECT * FROM @extschema@.enhet_ordning(nf)),
    rad_anc AS (SELECT * FROM @extschema@.rad_over()),
    rad_path AS (SELECT * FROM @extschema@.rad_ordning()),
    rolled AS (
        SELECT l.namnd, eu.anc AS enhet, ra.anc AS rad,
               pg_catalog.sum(l.utfall * k.f) AS utfall, pg_catalog.sum(l.budget * k.f) AS budget,
               pg_catalog.sum(l.utfall_fg * k.f) AS utfall_fg, pg_catalog.sum(l.prognos * k.f) AS prognos,
               pg_catalog.sum(l.prognos_fg * k.f) AS prognos_fg,
               pg_catalog.sum(l.budget_helar * k.f) AS budget_helar,
               pg_catalog.sum(l.bokslut_fg * k.f) AS bokslut_fg
          FROM leaf l
          JOIN enhet_up eu ON eu.namnd = l.namnd AND eu.kod = l.enhet
          JOIN rad_anc ra ON ra.kod = l.rad
          JOIN @extschema@.rad lr ON lr.kod = l.rad
          JOIN @extschema@.rad ar_ ON ar_.kod = ra.anc
          CROSS JOIN LATERAL (SELECT @extschema@.teckenfaktor(lr.tecken)
                                     * @extschema@.teckenfaktor(ar_.tecken) AS f) k
         GROUP BY l.namnd, eu.anc, ra.anc
    )
    SELECT r.namnd, r.enhet, coalesce(e.namn, n.namn),
           coalesce(ep.niva, 0), r.rad, rr.namn, rp.niva, rr.tecken,
           @extschema@.kronor(r.utfall), @extschema@.kronor(r.budget),
           @extschema@.kronor(@extschema@.avvikelse(r.utfall, r.budget, rr.tecken)),
           @extschema@.kronor(r.utfall_fg),
           @extschema@.kronor(r.prognos), @extschema@.kronor(r.prognos_fg),
           @extschema@.kronor(r.budget_helar),
           @extschema@.kronor(@extschema@.avvikelse(r.prognos, r.budget_helar, rr.tecken)),
           @extschema@.kronor(r.bokslut_fg),
           CASE WHEN r.prognos IS NOT NULL THEN omg1 END,
           CASE WHEN r.prognos_fg IS NOT NULL THEN omg2 END,
           r.namnd || '|' || coalesce(ep.sortering, '~') || '|' || rp.sortering
      FROM rolled r
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 20;
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.prognosforandringar(ar integer, omgang text DEFAULT NULL, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognosforandring_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    -- operators (belopp * integer) resolve in this schema whatever the caller's path
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    y       integer := prognosforandringar.ar;
    omg1    text := prognosforandringar.omgang;
    nf      text := prognosforandringar.namnd;
    nr1     bigint;
    omg2    text;
    datum1  date;
    datum2  date;
    alla    text;
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year of prognosforandringar must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognosforandringar(2024).';
    END IF;
    IF nf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = nf) THEN
        RAISE EXCEPTION 'no committee "%"', nf
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;
    -- the rounds of the year, newest first (nr 1); the previous round is nr + 1
    SELECT string_agg(o.kod, ', ' ORDER BY o.nr DESC) INTO alla
      FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o;
    IF alla IS NULL THEN
        RAISE EXCEPTION 'no forecast round in year %', y
            USING ERRCODE = '22023',
                  HINT = 'Forecast rounds are added to kommunrapport.prognosomgang before their forecasts.';
    END IF;
    IF omg1 IS NULL THEN
        SELECT o.nr, o.kod, o.datum INTO nr1, omg1, datum1
          FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o WHERE o.nr = 1;
    ELSE
        SELECT o.nr, o.datum INTO nr1, datum1
          FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o WHERE o.kod = omg1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no forecast round "%" in year %', omg1, y
                USING ERRCODE = '22023', HINT = format('The rounds of %s are: %s.', y, alla);
        END IF;
    END IF;
    SELECT o.kod, o.datum INTO omg2, datum2
      FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o WHERE o.nr = nr1 + 1;

    RETURN QUERY
    WITH RECURSIVE
    leaf AS (
        SELECT f.namnd, f.enhet, f.rad,
               pg_catalog.sum(f.prognos) AS prognos, pg_catalog.sum(f.prognos_fg) AS prognos_fg,
               pg_catalog.sum(f.budget) AS budget, pg_catalog.sum(f.budget_fg) AS budget_fg
          FROM (
            SELECT p.namnd, p.enhet, p.rad,
                   CASE WHEN p.omgang = omg1 THEN p.belopp END AS prognos,
                   CASE WHEN p.omgang = omg2 THEN p.belopp END AS prognos_fg,
                   NULL::@extschema@.belopp AS budget, NULL::@extschema@.belopp AS budget_fg
              FROM @extschema@.prognos p
             WHERE p.ar = y AND p.omgang IN (omg1, omg2) AND (nf IS NULL OR p.namnd = nf)
            UNION ALL
            SELECT b.namnd, b.enhet, b.rad, NULL, NULL, b.helar, NULL
              FROM @extschema@.budget_for_period(@extschema@.helar(y), datum1, nf) b
            UNION ALL
            SELECT b.namnd, b.enhet, b.rad, NULL, NULL, NULL, b.helar
              FROM @extschema@.budget_for_period(@extschema@.helar(y), datum2, nf) b
             WHERE datum2 IS NOT NULL
          ) f
         GROUP BY f.namnd, f.enhet, f.rad
    ),
    enhet_up AS (SELECT * FROM @extschema@.enhet_over(nf)),
    enhet_path AS (SELECT * FROM @extschema@.enhet_ordning(nf)),
    rad_anc AS (SELECT * FROM @extschema@.rad_over()),
    rad_path AS (SELECT * FROM @extschema@.rad_ordning()),
    -- a leaf figure restated in its ancestor row's convention: × the product
    -- of the two rows' sign factors
    rolled AS (
        SELECT l.namnd, eu.anc AS enhet, ra.anc AS rad,
               pg_catalog.sum(l.prognos * k.f) AS prognos, pg_catalog.sum(l.prognos_fg * k.f) AS prognos_fg,
               pg_catalog.sum(l.budget * k.f) AS budget, pg_catalog.sum(l.budget_fg * k.f) AS budget_fg
          FROM leaf l
          JOIN enhet_up eu ON eu.namnd = l.namnd AND eu.kod = l.enhet
          JOIN rad_anc ra ON ra.kod = l.rad
          JOIN @extschema@.rad lr ON lr.kod = l.rad
          JOIN @extschema@.rad ar_ ON ar_.kod = ra.anc
          CROSS JOIN LATERAL (SELECT @extschema@.teckenfaktor(lr.tecken)
                                     * @extschema@.teckenfaktor(ar_.tecken) AS f) k
         GROUP BY l.namnd, eu.anc, ra.anc
    ),
    figures AS (
        SELECT r.*, rr.tecken,
               @extschema@.avvikelse(r.prognos, r.budget, rr.tecken) AS avvikelse,
               @extschema@.avvikelse(r.prognos_fg, r.budget_fg, rr.tecken) AS avvikelse_fg
          FROM rolled r JOIN @extschema@.rad rr ON rr.kod = r.rad
    )
    SELECT r.namnd, r.enhet, coalesce(e.namn, n.namn), coalesce(ep.niva, 0), r.rad, rr.namn, rp.niva, r.tecken,
           omg1, omg2,
           @extschema@.kronor(r.prognos), @extschema@.kronor(r.prognos_fg),
           @extschema@.kronor(@extschema@.prognosforandring(r.prognos, r.prognos_fg, r.tecken)),
           @extschema@.kronor(r.budget), @extschema@.kronor(r.budget_fg),
           -- the budget's change as it moves the deviation: more room is positive
           @extschema@.kronor((r.budget_fg - r.budget) * @extschema@.teckenfaktor(r.tecken)),
           @extschema@.kronor(r.avvikelse), @extschema@.kronor(r.avvikelse_fg),
           @extschema@.kronor(r.avvikelse - r.avvikelse_fg),
           r.namnd || '|' || coalesce(ep.sortering, '~') || '|' || rp.sortering
      FROM figures r
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 20;
END
$fn$;

CREATE OR REPLACE FUNCTION @extschema@.prognossakerhet(ar integer, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognossakerhet_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    y        integer := prognossakerhet.ar;
    nf       text := prognossakerhet.namnd;
    saknas   text;
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year of prognossakerhet must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognossakerhet(2023).';
    END IF;
    IF nf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = nf) THEN
        RAISE EXCEPTION 'no committee "%"', nf
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;
    -- every committee with forecasts in the year needs its final outcome
    SELECT string_agg(c.namnd, ', ' ORDER BY c.namnd) INTO saknas
      FROM (SELECT DISTINCT p.namnd FROM @extschema@.prognos p
             WHERE p.ar = y AND (nf IS NULL OR p.namnd = nf)) c
     WHERE NOT @extschema@.slututfall_finns(y, c.namnd);
    IF saknas IS NOT NULL THEN
        RAISE EXCEPTION 'the final outcome of % is not loaded for %', y, saknas
            USING ERRCODE = '55000',
                  DETAIL = format('The accuracy of a forecast is measured against the final outcome: outcome for %s, or for each of its twelve months, for every committee with forecasts that year.', @extschema@.visa(@extschema@.helar(y))),
                  HINT = 'Load the year''s final outcome first, or ask for a committee whose year is closed.';
    END IF;

    RETURN QUERY
    WITH RECURSIVE
    -- the rounds of the year, first round first (nr 1)
    omg AS (
        SELECT count(*) OVER () - o.nr + 1 AS nr, o.kod, o.datum
          FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o
    ),
    slut AS MATERIALIZED (
        SELECT u.namnd, u.enhet, u.rad, u.belopp FROM @extschema@.utfall_for_period(@extschema@.helar(y), nf) u
    ),
    slutbudget AS MATERIALIZED (
        SELECT b.namnd, b.enhet, b.rad, b.helar
          FROM @extschema@.budget_for_period(@extschema@.helar(y), 'infinity'::date, nf) b
    ),
    bud AS MATERIALIZED (
        SELECT o.kod AS omgang, b.namnd, b.enhet, b.rad, b.helar
          FROM omg o CROSS JOIN LATERAL @extschema@.budget_for_period(@extschema@.helar(y), o.datum, nf) b
    ),
    -- what each round forecast, with its final outcome (nothing booked in the
    -- closed year is 0) and the budgets at the round and at the end
    leaf AS (
        SELECT p.namnd, p.omgang, p.enhet, p.rad, p.belopp AS prognos,
               coalesce(s.belopp, '0'::@extschema@.belopp) AS utfall,
               b.helar AS budget, sb.helar AS budget_slut
          FROM @extschema@.prognos p
          LEFT JOIN slut s ON s.namnd = p.namnd AND s.enhet = p.enhet AND s.rad = p.rad
          LEFT JOIN bud b ON b.omgang = p.omgang AND b.namnd = p.namnd AND b.enhet = p.enhet AND b.rad = p.rad
          LEFT JOIN slutbudget sb ON sb.namnd = p.namnd AND sb.enhet = p.enhet AND sb.rad = p.rad
         WHERE p.ar = y AND (nf IS NULL OR p.namnd = nf)
    ),
    enhet_up AS (SELECT * FROM @extschema@.enhet_over(nf)),
    enhet_path AS (SELECT * FROM @extschema@.enhet_ordning(nf)),
    rad_anc AS (SELECT * FROM @extschema@.rad_over()),
    rad_path AS (SELECT * FROM @extschema@.rad_ordning()),
    rolled AS (
        SELECT l.namnd, l.omgang, eu.anc AS enhet, ra.anc AS rad,
               pg_catalog.sum(l.prognos * k.f) AS prognos, pg_catalog.sum(l.utfall * k.f) AS utfall,
               pg_catalog.sum(l.budget * k.f) AS budget, pg_catalog.sum(l.budget_slut * k.f) AS budget_slut
          FROM leaf l
          JOIN enhet_up eu ON eu.namnd = l.namnd AND eu.kod = l.enhet
          JOIN rad_anc ra ON ra.kod = l.rad
          JOIN @extschema@.rad lr ON lr.kod = l.rad
          JOIN @extschema@.rad ar_ ON ar_.kod = ra.anc
          CROSS JOIN LATERAL (SELECT @extschema@.teckenfaktor(lr.tecken)
                                     * @extschema@.teckenfaktor(ar_.tecken) AS f) k
         GROUP BY l.namnd, l.omgang, eu.anc, ra.anc
    ),
    figures AS (
        SELECT r.*, rr.tecken,
               @extschema@.prognosforandring(r.utfall, r.prognos, rr.tecken) AS prognosfel,
               @extschema@.avvikelse(r.prognos, r.budget, rr.tecken) AS prognos_avvikelse,
               @extschema@.avvikelse(r.utfall, r.budget_slut, rr.tecken) AS slutlig_avvikelse
          FROM rolled r JOIN @extschema@.rad rr ON rr.kod = r.rad
    )
    SELECT r.namnd, r.omgang, o.nr::integer,
           r.enhet, coalesce(e.namn, n.namn), coalesce(ep.niva, 0), r.rad, rr.namn, rp.niva, r.tecken,
           @extschema@.kronor(r.prognos), @extschema@.kronor(r.utfall), @extschema@.kronor(r.prognosfel),
           CASE WHEN r.utfall <> '0'::@extschema@.belopp
                THEN @extschema@.kronor(r.prognosfel) * 100 / abs(@extschema@.kronor(r.utfall)) END,
           @extschema@.kronor(r.budget), @extschema@.kronor(r.budget_slut),
           -- the budget's change as it moves the deviation: more room is positive
           @extschema@.kronor((r.budget - r.budget_slut) * @extschema@.teckenfaktor(r.tecken)),
           @extschema@.kronor(r.prognos_avvikelse), @extschema@.kronor(r.slutlig_avvikelse),
           @extschema@.kronor(r.slutlig_avvikelse - r.prognos_avvikelse),
           r.namnd || '|' || lpad(o.nr::text, 3, '0') || ':' || r.omgang || '|' || coalesce(ep.sortering, '~')
               || '|' || rp.sortering
      FROM figures r
      JOIN omg o ON o.kod = r.omgang
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 21;
END
$fn$;
