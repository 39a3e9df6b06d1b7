
-----------------------------------------------------------------------------
-- sort keys are structured values, never text that joins codes
-----------------------------------------------------------------------------
-- The reports sorted on a text that joined committee, unit and row codes with
-- '|', ':' and '/', and prognossakerhet_sammanfattning split it on '|' again,
-- so a code containing a separator broke both the order and the figures.  The
-- hierarchy functions now give each unit and row its place as an integer, and
-- every report's sortering is a sorteringsnyckel.  The return types change, so
-- the functions, their row types and the view over driftsammandrag are
-- dropped and created again; grants made on them are kept.

DO $$
BEGIN
    PERFORM pg_catalog.set_config('kommunrapport_uppgradering.behorigheter', coalesce((
        WITH objekt (slag, objekt, agare, acl) AS (
            SELECT 'FUNCTION', p.oid::pg_catalog.regprocedure::text, pg_catalog.pg_get_userbyid(p.proowner), p.proacl
              FROM pg_catalog.pg_proc p
             WHERE p.proacl IS NOT NULL
               AND p.oid OPERATOR(pg_catalog.=) ANY (ARRAY['@extschema@.enhet_ordning(text)',
                                                          '@extschema@.rad_ordning()',
                                                          '@extschema@.driftsammandrag(integer, @extschema@.period, text)',
                                                          '@extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer)',
                                                          '@extschema@.prognosforandringar(integer, text, text)',
                                                          '@extschema@.prognossakerhet(integer, text)',
                                                          '@extschema@.prognossakerhet_sammanfattning(integer, text)']::pg_catalog.regprocedure[])
            UNION ALL
            SELECT 'TABLE', c.oid::pg_catalog.regclass::text, pg_catalog.pg_get_userbyid(c.relowner), c.relacl
              FROM pg_catalog.pg_class c
             WHERE c.relacl IS NOT NULL
               AND c.oid OPERATOR(pg_catalog.=) '@extschema@.driftsammandrag_senaste'::pg_catalog.regclass
        )
        SELECT pg_catalog.jsonb_agg(g.sats ORDER BY g.objekt, g.steg, g.sats)::text
          FROM (SELECT o.objekt, 1 AS steg,
                       pg_catalog.format('REVOKE ALL ON %s %s FROM PUBLIC, %I', o.slag, o.objekt, o.agare) AS sats
                  FROM objekt o
                UNION ALL
                SELECT o.objekt, 2,
                       pg_catalog.format('GRANT %s ON %s %s TO %s%s', a.privilege_type, o.slag, o.objekt,
                                         CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                                              ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END,
                                         CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                  FROM objekt o CROSS JOIN LATERAL pg_catalog.aclexplode(o.acl) a) g),
        '[]'), true);
END $$;

DROP VIEW @extschema@.driftsammandrag_senaste;
DROP FUNCTION @extschema@.prognossakerhet_sammanfattning(integer, text);
DROP FUNCTION @extschema@.prognossakerhet(integer, text);
DROP FUNCTION @extschema@.prognosforandringar(integer, text, text);
DROP FUNCTION @extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer);
DROP FUNCTION @extschema@.driftsammandrag(integer, @extschema@.period, text);
DROP FUNCTION @extschema@.rad_ordning();
DROP FUNCTION @extschema@.enhet_ordning(text);
DROP TYPE @extschema@.prognossakerhet_sammanfattning_rad;
DROP TYPE @extschema@.prognossakerhet_rad;
DROP TYPE @extschema@.prognosforandring_rad;
DROP TYPE @extschema@.driftsammandrag_rad;

CREATE FUNCTION @extschema@.enhet_ordning(namnd_kod text)
    RETURNS TABLE (namnd text, kod text, niva integer, sortering integer)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE syskon AS (
        SELECT e.namnd, e.kod, e.overordnad,
               row_number() OVER (PARTITION BY e.namnd, e.overordnad
                                  ORDER BY e.ordning, e.kod COLLATE pg_catalog."C") AS nr
          FROM @extschema@.enhet e WHERE namnd_kod IS NULL OR e.namnd = namnd_kod
    ), enhet_path AS (
        SELECT s.namnd, s.kod, 1 AS niva, ARRAY[s.nr] AS vag
          FROM syskon s WHERE s.overordnad IS NULL
        UNION ALL
        SELECT s.namnd, s.kod, p.niva + 1, p.vag || s.nr
          FROM enhet_path p JOIN syskon s ON s.namnd = p.namnd AND s.overordnad = p.kod
    )
    SELECT p.namnd, p.kod, p.niva,
           (row_number() OVER (PARTITION BY p.namnd
                               ORDER BY CASE WHEN EXISTS (SELECT 1 FROM @extschema@.enhet c
                                                           WHERE c.namnd = p.namnd AND c.overordnad = p.kod)
                                             THEN p.vag || 9223372036854775807::bigint
                                             ELSE p.vag END))::integer
      FROM enhet_path p;
END;
COMMENT ON FUNCTION @extschema@.enhet_ordning(text) IS
    'depth and place (1, 2, ...) of every unit of a committee (or of all, NULL) in the committee''s printed order: depth-first by ordning, then code in byte order, a unit with sub-units after them';

CREATE FUNCTION @extschema@.rad_ordning()
    RETURNS TABLE (kod text, niva integer, sortering integer)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE syskon AS (
        SELECT r.kod, r.overordnad,
               row_number() OVER (PARTITION BY r.overordnad
                                  ORDER BY r.ordning, r.kod COLLATE pg_catalog."C") AS nr
          FROM @extschema@.rad r
    ), rad_path AS (
        SELECT s.kod, 1 AS niva, ARRAY[s.nr] AS vag
          FROM syskon s WHERE s.overordnad IS NULL
        UNION ALL
        SELECT s.kod, p.niva + 1, p.vag || s.nr
          FROM rad_path p JOIN syskon s ON s.overordnad = p.kod
    )
    SELECT p.kod, p.niva,
           (row_number() OVER (ORDER BY CASE WHEN EXISTS (SELECT 1 FROM @extschema@.rad c WHERE c.overordnad = p.kod)
                                             THEN p.vag || 9223372036854775807::bigint
                                             ELSE p.vag END))::integer
      FROM rad_path p;
END;
COMMENT ON FUNCTION @extschema@.rad_ordning() IS
    'depth and place (1, 2, ...) of every report row in the printed order: depth-first by ordning, then code in byte order, a subtotal row after the rows it adds up';

CREATE TYPE @extschema@.sorteringsnyckel AS (
    namnd      text COLLATE pg_catalog."C",
    omgang_nr  integer,
    enhet      integer,
    rad        integer
);
COMMENT ON TYPE @extschema@.sorteringsnyckel IS
    'the sort key of a report row, ORDER BY it prints the report in its order: the committee''s code (byte order, whatever the database''s locale), the forecast round''s number in the year (prognossakerhet; else NULL), the unit''s place in the committee (enhet_ordning; NULL = the committee total, which sorts last) and the report row''s place (rad_ordning)';

CREATE TYPE @extschema@.driftsammandrag_rad AS (
    namnd_kod         text,
    enhet             text,
    enhet_namn        text,
    enhet_niva        integer,
    rad               text,
    rad_namn          text,
    rad_niva          integer,
    tecken            @extschema@.tecken,
    utfall            numeric,
    budget            numeric,
    avvikelse         numeric,
    utfall_fg_ar      numeric,
    prognos           numeric,
    prognos_fg        numeric,
    budget_helar      numeric,
    prognos_avvikelse numeric,
    bokslut_fg_ar     numeric,
    prognosomgang     text,
    prognosomgang_fg  text,
    sortering         @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.driftsammandrag_rad IS
    'a row of driftsammandrag: committee, unit, report row, sign convention, outcome, budget, deviation, last year, forecasts, full-year budget, forecast deviation, last year''s final outcome, rounds, sort key';

CREATE FUNCTION @extschema@.driftsammandrag(ar integer, p @extschema@.period, namnd text DEFAULT NULL)
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
           ROW(r.namnd, NULL, ep.sortering, rp.sortering)::@extschema@.sorteringsnyckel
      FROM rolled r
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 20;
END
$fn$;
COMMENT ON FUNCTION @extschema@.driftsammandrag(integer, @extschema@.period, text) IS
    'per unit and report row, with subtotals over both hierarchies: outcome and budget for the period, deviation, same period last year, latest and previous forecast, full-year budget, forecast deviation, last year''s final outcome (plain numeric kronor)';

CREATE FUNCTION @extschema@.driftsammandrag_avrundad(ar integer, p @extschema@.period,
                                                     namnd text DEFAULT NULL,
                                                     avrunda_till text DEFAULT 'tkr',
                                                     decimaler integer DEFAULT 0)
    RETURNS SETOF @extschema@.driftsammandrag_rad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH r AS (
        SELECT d.namnd_kod, d.enhet, d.enhet_namn, d.enhet_niva, d.rad, d.rad_namn, d.rad_niva, d.tecken,
               @extschema@.avrunda_summerbar(d.utfall::@extschema@.belopp, avrunda_till, decimaler) OVER w AS utfall,
               @extschema@.avrunda_summerbar(d.budget::@extschema@.belopp, avrunda_till, decimaler) OVER w AS budget,
               @extschema@.avrunda_summerbar(d.utfall_fg_ar::@extschema@.belopp, avrunda_till, decimaler) OVER w AS utfall_fg_ar,
               @extschema@.avrunda_summerbar(d.prognos::@extschema@.belopp, avrunda_till, decimaler) OVER w AS prognos,
               @extschema@.avrunda_summerbar(d.prognos_fg::@extschema@.belopp, avrunda_till, decimaler) OVER w AS prognos_fg,
               @extschema@.avrunda_summerbar(d.budget_helar::@extschema@.belopp, avrunda_till, decimaler) OVER w AS budget_helar,
               @extschema@.avrunda_summerbar(d.bokslut_fg_ar::@extschema@.belopp, avrunda_till, decimaler) OVER w AS bokslut_fg_ar,
               d.prognosomgang, d.prognosomgang_fg, d.sortering
          FROM @extschema@.driftsammandrag(ar, p, namnd) d
        WINDOW w AS (PARTITION BY d.namnd_kod, d.rad, d.enhet_niva ORDER BY d.sortering)
    )
    SELECT r.namnd_kod, r.enhet, r.enhet_namn, r.enhet_niva, r.rad, r.rad_namn, r.rad_niva, r.tecken,
           r.utfall, r.budget, @extschema@.avvikelse(r.utfall, r.budget, r.tecken), r.utfall_fg_ar,
           r.prognos, r.prognos_fg, r.budget_helar,
           @extschema@.avvikelse(r.prognos, r.budget_helar, r.tecken), r.bokslut_fg_ar,
           r.prognosomgang, r.prognosomgang_fg, r.sortering
      FROM r
     ORDER BY r.sortering;
END;
COMMENT ON FUNCTION @extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer) IS
    'driftsammandrag in a unit (tkr, mnkr) rounded so that the units of a committee add up to its printed total (largest remainder); deviations are taken from the rounded figures, so they add up too';

CREATE VIEW @extschema@.driftsammandrag_senaste WITH (security_invoker = true) AS
SELECT s.period::text AS period, d.*
  FROM @extschema@.senaste_period s,
       LATERAL @extschema@.driftsammandrag(s.ar, s.period) d;
COMMENT ON VIEW @extschema@.driftsammandrag_senaste IS
    'driftsammandrag for the latest period with outcome, every committee the reader may see';

CREATE TYPE @extschema@.prognosforandring_rad AS (
    namnd_kod            text,
    enhet                text,
    enhet_namn           text,
    enhet_niva           integer,
    rad                  text,
    rad_namn             text,
    rad_niva             integer,
    tecken               @extschema@.tecken,
    prognosomgang        text,
    prognosomgang_fg     text,
    prognos              numeric,
    prognos_fg           numeric,
    prognosforandring    numeric,
    budget               numeric,
    budget_fg            numeric,
    budgetforandring     numeric,
    avvikelse            numeric,
    avvikelse_fg         numeric,
    avvikelseforandring  numeric,
    sortering            @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.prognosforandring_rad IS
    'a row of prognosforandringar: committee, unit, report row, sign convention, the round and the previous round, both forecasts and their change, the full-year budget in force at each round and its change, the forecast deviation at each round and its change (all favourable-positive, plain numeric kronor), sort key';

CREATE FUNCTION @extschema@.prognosforandringar(ar integer, omgang text DEFAULT NULL, namnd text DEFAULT NULL)
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
           ROW(r.namnd, NULL, ep.sortering, rp.sortering)::@extschema@.sorteringsnyckel
      FROM figures r
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 20;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognosforandringar(integer, text, text) IS
    'per committee, unit and report row, with subtotals over both hierarchies (as driftsammandrag): the forecast of a round (NULL = the year''s latest) and of the round before it (by period, then date), the forecast change, the full-year budget in force at each round''s date and its change as it moves the deviation (more room positive), the forecast deviation at each round and its change; all favourable-positive, plain numeric kronor, so avvikelseforandring = prognosforandring + budgetforandring; no previous round or no figure in it gives NULL, not zero; a subtotal adds the figures its rows have in each round; 22023 for an unknown round or committee';

CREATE TYPE @extschema@.prognossakerhet_rad AS (
    namnd_kod            text,
    prognosomgang        text,
    omgang_nr            integer,
    enhet                text,
    enhet_namn           text,
    enhet_niva           integer,
    rad                  text,
    rad_namn             text,
    rad_niva             integer,
    tecken               @extschema@.tecken,
    prognos              numeric,
    utfall               numeric,
    prognosfel           numeric,
    fel_procent          numeric,
    budget               numeric,
    budget_slut          numeric,
    budgetforandring     numeric,
    prognos_avvikelse    numeric,
    slutlig_avvikelse    numeric,
    avvikelsefel         numeric,
    sortering            @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.prognossakerhet_rad IS
    'a row of prognossakerhet: committee, forecast round and its order in the year, unit, report row, sign convention, forecast, final outcome, forecast error and its percentage of |outcome|, the full-year budget at the round and the final one and the change between them, the forecast deviation at the round, the final deviation and its error (favourable-positive, plain numeric kronor), sort key';

CREATE FUNCTION @extschema@.prognossakerhet(ar integer, namnd text DEFAULT NULL)
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
           ROW(r.namnd, o.nr::integer, ep.sortering, rp.sortering)::@extschema@.sorteringsnyckel
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
COMMENT ON FUNCTION @extschema@.prognossakerhet(integer, text) IS
    'forecast accuracy of a closed year, per committee, forecast round, unit and report row with subtotals over both hierarchies (as driftsammandrag), over what each round forecast (the units and rows with a forecast in it): forecast, final outcome (utfall_for_period of the whole year; 0 where nothing was booked), prognosfel = final − forecast favourable-positive, fel_procent = prognosfel / |final| × 100 (NULL when the final is 0), the full-year budget at the round''s date and the final one (the latest version of the year), avvikelsefel = final deviation against the final budget − forecast deviation at the round = prognosfel + budgetforandring; plain numeric kronor. The measures across units (mean absolute error, bias) are in prognossakerhet_sammanfattning. 55000 while a committee with forecasts in the year lacks its final outcome; 22023 for an unknown committee';

CREATE TYPE @extschema@.prognossakerhet_sammanfattning_rad AS (
    namnd_kod                text,
    prognosomgang            text,
    omgang_nr                integer,
    rad                      text,
    rad_namn                 text,
    rad_niva                 integer,
    tecken                   @extschema@.tecken,
    antal                    bigint,
    medelfel                 numeric,
    medelabsolutfel          numeric,
    kvadratiskt_medelfel     numeric,
    antal_procent            bigint,
    medelabsolutfel_procent  numeric,
    antal_utfall_noll        bigint,
    sortering                @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.prognossakerhet_sammanfattning_rad IS
    'a row of prognossakerhet_sammanfattning: committee, forecast round, report row, and the accuracy measures of traffsakerhet across the committee''s units, sort key';

CREATE FUNCTION @extschema@.prognossakerhet_sammanfattning(ar integer, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognossakerhet_sammanfattning_rad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT s.namnd_kod, s.prognosomgang, s.omgang_nr, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           (s.m).antal, (s.m).medelfel, (s.m).medelabsolutfel, (s.m).kvadratiskt_medelfel,
           (s.m).antal_procent, (s.m).medelabsolutfel_procent, (s.m).antal_utfall_noll,
           ROW(s.namnd_kod, s.omgang_nr, NULL, s.radsort)::@extschema@.sorteringsnyckel
      FROM (SELECT p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                   (p.sortering).rad AS radsort,
                   @extschema@.prognostraffsakerhet(p.prognos, p.utfall, p.tecken) AS m
              FROM @extschema@.prognossakerhet(prognossakerhet_sammanfattning.ar,
                                               prognossakerhet_sammanfattning.namnd) p
             WHERE p.enhet IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM @extschema@.enhet c
                                WHERE c.namnd = p.namnd_kod AND c.overordnad = p.enhet)
             GROUP BY p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                      (p.sortering).rad) s
     WHERE (s.m).antal > 0
     ORDER BY 15;
END;
COMMENT ON FUNCTION @extschema@.prognossakerhet_sammanfattning(integer, text) IS
    'forecast accuracy of a closed year across units: per committee, forecast round and report row, the measures of prognostraffsakerhet over the committee''s units without sub-units that the round forecast: antal, medelfel (the bias, mean signed error; positive = the round''s forecasts were pessimistic), medelabsolutfel, kvadratiskt_medelfel, medelabsolutfel_procent; errors as prognossakerhet''s prognosfel; 55000 and 22023 as prognossakerhet';

-- the grants made on the dropped objects, as they were
DO $$
DECLARE
    sats  text;
BEGIN
    FOR sats IN
        SELECT s FROM pg_catalog.jsonb_array_elements_text(
                   pg_catalog.current_setting('kommunrapport_uppgradering.behorigheter')::pg_catalog.jsonb) s
    LOOP
        EXECUTE sats;
    END LOOP;
    PERFORM pg_catalog.set_config('kommunrapport_uppgradering.behorigheter', '', true);
END $$;
