
-----------------------------------------------------------------------------
-- the reports and the reconciliation, rebuilt on one roll-up and a registry
-- of checks
-----------------------------------------------------------------------------
-- 0.2.0 changes every report function: sort keys are structured values
-- (sorteringsnyckel), never text that joins codes; driftsammandrag,
-- prognosforandringar and prognossakerhet are leaf figures over one roll-up
-- (summera) computed in belopp; avstamning runs the checks of a registry
-- (avstamningskontroller) through one tolerance rule (tolerans); the helpers
-- take a committee as namnd and return it as namnd_kod, and a budget's
-- full-year figure is budget_helar.  Return types and parameter names
-- change, so the functions, their row types and the view over
-- driftsammandrag are dropped and created as a fresh install creates them;
-- grants made on them are kept.  publicerad.belopp becomes a belopp.

DO $$
BEGIN
    PERFORM pg_catalog.set_config('kommunrapport_uppgradering.behorigheter', coalesce((
        WITH objekt (slag, objekt, agare, acl) AS (
            SELECT 'FUNCTION', p.oid::pg_catalog.regprocedure::text, pg_catalog.pg_get_userbyid(p.proowner), p.proacl
              FROM pg_catalog.pg_proc p
             WHERE p.proacl IS NOT NULL
               AND p.oid OPERATOR(pg_catalog.=) ANY (ARRAY['@extschema@.utfall_for_period(@extschema@.period, text)',
                                                          '@extschema@.budget_for_period(@extschema@.period, date, text)',
                                                          '@extschema@.enhet_over(text)',
                                                          '@extschema@.enhet_ordning(text)',
                                                          '@extschema@.rad_ordning()',
                                                          '@extschema@.slututfall_finns(integer, text)',
                                                          '@extschema@.driftsammandrag(integer, @extschema@.period, text)',
                                                          '@extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer)',
                                                          '@extschema@.prognosforandringar(integer, text, text)',
                                                          '@extschema@.prognossakerhet(integer, text)',
                                                          '@extschema@.prognossakerhet_sammanfattning(integer, text)',
                                                          '@extschema@.inom_avrundning(numeric, numeric, integer, integer)',
                                                          '@extschema@.avstamning(integer, @extschema@.period, text)']::pg_catalog.regprocedure[])
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
DROP FUNCTION @extschema@.avstamning(integer, @extschema@.period, text);
DROP FUNCTION @extschema@.inom_avrundning(numeric, numeric, integer, integer);
DROP FUNCTION @extschema@.prognossakerhet_sammanfattning(integer, text);
DROP FUNCTION @extschema@.prognossakerhet(integer, text);
DROP FUNCTION @extschema@.prognosforandringar(integer, text, text);
DROP FUNCTION @extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer);
DROP FUNCTION @extschema@.driftsammandrag(integer, @extschema@.period, text);
DROP FUNCTION @extschema@.slututfall_finns(integer, text);
DROP FUNCTION @extschema@.rad_ordning();
DROP FUNCTION @extschema@.enhet_ordning(text);
DROP FUNCTION @extschema@.enhet_over(text);
DROP FUNCTION @extschema@.budget_for_period(@extschema@.period, date, text);
DROP FUNCTION @extschema@.utfall_for_period(@extschema@.period, text);
DROP TYPE @extschema@.prognossakerhet_sammanfattning_rad;
DROP TYPE @extschema@.prognossakerhet_rad;
DROP TYPE @extschema@.prognosforandring_rad;
DROP TYPE @extschema@.driftsammandrag_rad;

-- publicerad.belopp: numeric kronor become belopp.  A figure with a fraction
-- of an öre (or beyond a belopp's range) cannot be stored exactly; the upgrade
-- stops and names it rather than rounding it away.
DO $$
DECLARE
    antal    bigint;
    exempel  text;
BEGIN
    SELECT pg_catalog.count(*),
           pg_catalog.string_agg(pg_catalog.format('(%s, %s, %s, %s, %s, %s) = %s', p.namnd, p.tabell, p.enhet, p.rad,
                                                   p.kolumn, p.period, p.belopp), '; ')
      INTO antal, exempel
      FROM @extschema@.publicerad p
     WHERE p.belopp OPERATOR(pg_catalog.<>) pg_catalog.round(p.belopp, 2)
        OR pg_catalog.abs(p.belopp) OPERATOR(pg_catalog.>) 92233720368547758.07;
    IF antal OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'kommunrapport.publicerad holds % figure(s) that are not whole öre', antal
            USING ERRCODE = '22P02',
                  DETAIL = pg_catalog.format('publicerad.belopp becomes a belopp, an exact number of öre: %s', exempel),
                  HINT = 'Correct these figures (they were printed in kr, tkr or mnkr: whole öre at most), then run ALTER EXTENSION kommunrapport UPDATE again.';
    END IF;
END $$;
ALTER TABLE @extschema@.publicerad
    ALTER COLUMN belopp TYPE @extschema@.belopp USING belopp::@extschema@.belopp;

-- Every report takes a committee code or NULL (every committee the caller may
-- see); an unknown code is an error, not an empty report.  Errors are in
-- English, as PostgreSQL's own; what a report prints is Swedish.
CREATE FUNCTION @extschema@.kontrollera_namnd(namnd text) RETURNS void
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF kontrollera_namnd.namnd IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = kontrollera_namnd.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', kontrollera_namnd.namnd
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.kontrollera_namnd(text) IS
    'the check every report makes of its committee argument: NULL or a committee in kommunrapport.namnd, else 22023';

-- Outcome per unit and row for a period: the row stored for exactly that
-- period (a published year-to-date figure) or else the sum of its months.
CREATE FUNCTION @extschema@.utfall_for_period(p @extschema@.period, namnd text DEFAULT NULL)
    RETURNS TABLE (namnd_kod text, enhet text, rad text, belopp @extschema@.belopp)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.namnd, u.enhet, u.rad,
           CASE WHEN bool_or(u.period = p)
                THEN pg_catalog.sum(u.belopp) FILTER (WHERE u.period = p)
                ELSE pg_catalog.sum(u.belopp) FILTER (WHERE @extschema@.manader(u.period) = 1) END
      FROM @extschema@.utfall u
     WHERE u.ar = @extschema@.ar(p)
       AND (utfall_for_period.namnd IS NULL OR u.namnd = utfall_for_period.namnd)
       AND (u.period = p OR (@extschema@.manader(u.period) = 1 AND u.period OPERATOR(pg_catalog.<@) p))
     GROUP BY u.namnd, u.enhet, u.rad;
END;
COMMENT ON FUNCTION @extschema@.utfall_for_period(@extschema@.period, text) IS
    'outcome per unit and row for a period: the figure stored for exactly that period, or else the sum of its months';

-- Budget per unit and row in force on a date (per): for the period (a
-- published period budget, or else the annual budget spread with its profile)
-- and for the whole year.
CREATE FUNCTION @extschema@.budget_for_period(p @extschema@.period, per date,
                                              namnd text DEFAULT NULL)
    RETURNS TABLE (namnd_kod text, enhet text, rad text, budget @extschema@.belopp,
                   budget_helar @extschema@.belopp)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT v.namnd, v.enhet, v.rad,
           coalesce(pg_catalog.max(v.belopp) FILTER (WHERE v.period = p),
                    pg_catalog.max(@extschema@.periodisera(v.belopp, p, v.profil))
                        FILTER (WHERE v.period = @extschema@.helar(@extschema@.ar(p)))),
           pg_catalog.max(v.belopp) FILTER (WHERE v.period = @extschema@.helar(@extschema@.ar(p)))
      FROM (SELECT DISTINCT ON (b.namnd, b.enhet, b.rad, b.period) b.*
              FROM @extschema@.budget b
             WHERE b.ar = @extschema@.ar(p)
               AND b.giltig_fran <= per
               AND (budget_for_period.namnd IS NULL OR b.namnd = budget_for_period.namnd)
               AND (b.period = p OR b.period = @extschema@.helar(@extschema@.ar(p)))
             ORDER BY b.namnd, b.enhet, b.rad, b.period, b.giltig_fran DESC) v
     GROUP BY v.namnd, v.enhet, v.rad;
END;
COMMENT ON FUNCTION @extschema@.budget_for_period(@extschema@.period, date, text) IS
    'budget per unit and row in force on a date (per): for the period (published, or the annual budget spread) and for the whole year (budget_helar)';

-- The unit hierarchy of one committee (or all, NULL): every unit with each of
-- its ancestors (itself included), and the whole committee as ancestor NULL --
-- left out when the committee has a single top-level unit, which already is
-- the total.
CREATE FUNCTION @extschema@.enhet_over(namnd text)
    RETURNS TABLE (namnd_kod text, anc text, kod text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE enhet_anc AS (
        SELECT e.namnd, e.kod AS anc, e.kod AS kod FROM @extschema@.enhet e
         WHERE enhet_over.namnd IS NULL OR e.namnd = enhet_over.namnd
        UNION ALL
        SELECT a.namnd, e.overordnad, a.kod
          FROM enhet_anc a JOIN @extschema@.enhet e ON e.namnd = a.namnd AND e.kod = a.anc
         WHERE e.overordnad IS NOT NULL
    )
    SELECT a.namnd, a.anc, a.kod FROM enhet_anc a
    UNION ALL
    SELECT e.namnd, NULL, e.kod FROM @extschema@.enhet e
     WHERE (enhet_over.namnd IS NULL OR e.namnd = enhet_over.namnd)
       AND (SELECT count(*) FROM @extschema@.enhet t
             WHERE t.namnd = e.namnd AND t.overordnad IS NULL) > 1;
END;
COMMENT ON FUNCTION @extschema@.enhet_over(text) IS
    'every unit with each of its ancestors (itself included) and the committee total (NULL) when the committee has several top-level units';

-- Depth and place of every unit in its committee's printed order: depth-first
-- by (ordning, kod) among siblings, a unit with sub-units after them (a
-- subtotal below its rows, as reports print it).  The path from the top is
-- kept as an array of sibling numbers, never as text: codes are data and may
-- hold any character.  Codes compare byte by byte (COLLATE "C"), so the order
-- is the same whatever the database's locale.
CREATE FUNCTION @extschema@.enhet_ordning(namnd text)
    RETURNS TABLE (namnd_kod text, kod text, niva integer, sortering integer)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE syskon AS (
        SELECT e.namnd, e.kod, e.overordnad,
               row_number() OVER (PARTITION BY e.namnd, e.overordnad
                                  ORDER BY e.ordning, e.kod COLLATE pg_catalog."C") AS nr
          FROM @extschema@.enhet e WHERE enhet_ordning.namnd IS NULL OR e.namnd = enhet_ordning.namnd
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

-- Depth and place of every report row in the printed order, as enhet_ordning
-- does for units: a subtotal row after the rows it adds up.
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

-- The sort key of a report row: a value of several typed fields, never a
-- text that joins codes (a code may contain any separator).
CREATE TYPE @extschema@.sorteringsnyckel AS (
    namnd      text COLLATE pg_catalog."C",
    omgang_nr  integer,
    enhet      integer,
    rad        integer
);
COMMENT ON TYPE @extschema@.sorteringsnyckel IS
    'the sort key of a report row, ORDER BY it prints the report in its order: the committee''s code (byte order, whatever the database''s locale), the forecast round''s number in the year (prognossakerhet; else NULL), the unit''s place in the committee (enhet_ordning; NULL = the committee total, which sorts last) and the report row''s place (rad_ordning)';

-- A leaf figure: the amount of measure matt (1, 2, ...; its place in
-- summa.belopp) for a unit and a report row, optionally within a forecast
-- round (omgang, and its number in the year for the sort key).
CREATE TYPE @extschema@.figur AS (
    namnd      text,
    omgang     text,
    omgang_nr  integer,
    enhet      text,
    rad        text,
    matt       integer,
    belopp     @extschema@.belopp
);
COMMENT ON TYPE @extschema@.figur IS
    'a leaf figure for summera: committee, forecast round (or NULL) and its number, unit, report row, the measure''s number (its place in summa.belopp) and the amount, signed as the row says';

-- A rolled-up row: belopp[m] is the sum of measure m over the leaves below
-- it, in its own row's sign convention (NULL when no leaf had a figure).
CREATE TYPE @extschema@.summa AS (
    namnd       text,
    omgang      text,
    enhet       text,
    enhet_namn  text,
    enhet_niva  integer,
    rad         text,
    rad_namn    text,
    rad_niva    integer,
    tecken      @extschema@.tecken,
    belopp      @extschema@.belopp[],
    sortering   @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.summa IS
    'a row of summera: committee, forecast round, unit (NULL = the committee total) with its name and level (0 = the committee), report row with its name, level and sign convention, the sum of each measure (belopp[m], NULL where no leaf had one), sort key';

CREATE FUNCTION @extschema@.summera(figurer @extschema@.figur[], namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.summa
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH summor AS (
        -- each leaf figure added to every ancestor unit and row, restated in
        -- the ancestor row's convention
        SELECT f.namnd, f.omgang, f.omgang_nr, eu.anc AS enhet, ra.anc AS rad, f.matt,
               pg_catalog.sum(f.belopp * (@extschema@.teckenfaktor(fr.tecken)
                                          * @extschema@.teckenfaktor(sr.tecken))) AS belopp
          FROM unnest(figurer) f
          JOIN @extschema@.enhet_over(summera.namnd) eu ON eu.namnd_kod = f.namnd AND eu.kod = f.enhet
          JOIN @extschema@.rad_over() ra ON ra.kod = f.rad
          JOIN @extschema@.rad fr ON fr.kod = f.rad
          JOIN @extschema@.rad sr ON sr.kod = ra.anc
         GROUP BY f.namnd, f.omgang, f.omgang_nr, eu.anc, ra.anc, f.matt
    ), rader AS (
        SELECT s.namnd, s.omgang, s.omgang_nr, s.enhet, s.rad,
               pg_catalog.array_agg(s.belopp ORDER BY s.matt) AS belopp,
               pg_catalog.array_agg(s.matt ORDER BY s.matt) AS matt
          FROM summor s
         GROUP BY s.namnd, s.omgang, s.omgang_nr, s.enhet, s.rad
    )
    SELECT r.namnd, r.omgang, r.enhet, coalesce(e.namn, n.namn), coalesce(ep.niva, 0),
           r.rad, rr.namn, rp.niva, rr.tecken,
           -- belopp[m] for m = 1 .. the highest measure present, NULL between
           ARRAY(SELECT b.belopp
                   FROM pg_catalog.generate_series(1, r.matt[pg_catalog.array_upper(r.matt, 1)]) m
                   LEFT JOIN unnest(r.belopp, r.matt) b(belopp, matt) ON b.matt = m
                  ORDER BY m),
           ROW(r.namnd, r.omgang_nr, ep.sortering, rp.sortering)::@extschema@.sorteringsnyckel
      FROM rader r
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN @extschema@.rad_ordning() rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN @extschema@.enhet_ordning(summera.namnd) ep ON ep.namnd_kod = r.namnd AND ep.kod = r.enhet
     ORDER BY 11;
END;
COMMENT ON FUNCTION @extschema@.summera(@extschema@.figur[], text) IS
    'the roll-up of every report: leaf figures (of one committee, or of all with NULL) summed per measure to every ancestor unit, the committee total and every ancestor report row, each restated in the sign convention of the row it is added to; with names, levels and the sort key, in printed order';

-- A row of driftsammandrag with its amounts as belopp: what driftsammandrag
-- prints in numeric kronor, driftsammandrag_avrundad rounds and avstamning
-- checks.
CREATE TYPE @extschema@.driftsammandrag_belopp_rad AS (
    namnd_kod         text,
    enhet             text,
    enhet_namn        text,
    enhet_niva        integer,
    rad               text,
    rad_namn          text,
    rad_niva          integer,
    tecken            @extschema@.tecken,
    utfall            @extschema@.belopp,
    budget            @extschema@.belopp,
    avvikelse         @extschema@.belopp,
    utfall_fg_ar      @extschema@.belopp,
    prognos           @extschema@.belopp,
    prognos_fg        @extschema@.belopp,
    budget_helar      @extschema@.belopp,
    prognos_avvikelse @extschema@.belopp,
    bokslut_fg_ar     @extschema@.belopp,
    prognosomgang     text,
    prognosomgang_fg  text,
    sortering         @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.driftsammandrag_belopp_rad IS
    'a row of driftsammandrag_belopp: the columns of driftsammandrag_rad with the amounts as belopp';

CREATE FUNCTION @extschema@.driftsammandrag_belopp(ar integer, p @extschema@.period, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.driftsammandrag_belopp_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    p_fg              period;   -- the same months last year
    senaste_omgang    text;     -- the latest forecast round up to p
    foregaende_omgang text;     -- the round before it
BEGIN
    IF @extschema@.ar(p) <> driftsammandrag_belopp.ar THEN
        RAISE EXCEPTION 'period % does not lie in year %', p, driftsammandrag_belopp.ar
            USING ERRCODE = '22023',
                  HINT = 'Give the year of the period, e.g. driftsammandrag(2023, ''jan-maj 2023'').';
    END IF;
    PERFORM @extschema@.kontrollera_namnd(driftsammandrag_belopp.namnd);
    p_fg := @extschema@.period(driftsammandrag_belopp.ar - 1, forsta_manad(p), sista_manad(p));
    SELECT o.kod INTO senaste_omgang FROM prognosomgangar(p) o WHERE o.nr = 1;
    SELECT o.kod INTO foregaende_omgang FROM prognosomgangar(p) o WHERE o.nr = 2;

    RETURN QUERY
    SELECT s.namnd, s.enhet, s.enhet_namn, s.enhet_niva, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           s.belopp[1], s.belopp[2], avvikelse(s.belopp[1], s.belopp[2], s.tecken), s.belopp[3],
           s.belopp[4], s.belopp[5], s.belopp[6], avvikelse(s.belopp[4], s.belopp[6], s.tecken), s.belopp[7],
           CASE WHEN s.belopp[4] IS NOT NULL THEN senaste_omgang END,
           CASE WHEN s.belopp[5] IS NOT NULL THEN foregaende_omgang END,
           s.sortering
      FROM summera(ARRAY(
               -- 1 utfall: the outcome of the period
               SELECT ROW(u.namnd_kod, NULL, NULL, u.enhet, u.rad, 1, u.belopp)::figur
                 FROM utfall_for_period(p, driftsammandrag_belopp.namnd) u
               UNION ALL  -- 2 budget and 6 budget_helar, in force at the period's end
               SELECT ROW(b.namnd_kod, NULL, NULL, b.enhet, b.rad, m.matt, m.belopp)::figur
                 FROM budget_for_period(p, slutdatum(p), driftsammandrag_belopp.namnd) b,
                      LATERAL (VALUES (2, b.budget), (6, b.budget_helar)) m(matt, belopp)
               UNION ALL  -- 3 utfall_fg_ar: the same months last year
               SELECT ROW(u.namnd_kod, NULL, NULL, u.enhet, u.rad, 3, u.belopp)::figur
                 FROM utfall_for_period(p_fg, driftsammandrag_belopp.namnd) u
               UNION ALL  -- 7 bokslut_fg_ar: last year's final outcome
               SELECT ROW(u.namnd_kod, NULL, NULL, u.enhet, u.rad, 7, u.belopp)::figur
                 FROM utfall_for_period(helar(driftsammandrag_belopp.ar - 1), driftsammandrag_belopp.namnd) u
               UNION ALL  -- 4 prognos and 5 prognos_fg: the latest round and the one before
               SELECT ROW(f.namnd, NULL, NULL, f.enhet, f.rad,
                          CASE f.omgang WHEN senaste_omgang THEN 4 ELSE 5 END, f.belopp)::figur
                 FROM prognos f
                WHERE f.ar = driftsammandrag_belopp.ar AND f.omgang IN (senaste_omgang, foregaende_omgang)
                  AND (driftsammandrag_belopp.namnd IS NULL OR f.namnd = driftsammandrag_belopp.namnd)
           ), driftsammandrag_belopp.namnd) s;
END
$fn$;
COMMENT ON FUNCTION @extschema@.driftsammandrag_belopp(integer, @extschema@.period, text) IS
    'driftsammandrag with its amounts as belopp: the leaf figures of the report rolled up by summera';

-- One row of driftsammandrag: plain numeric kronor and text, so that every
-- reporting tool reads it.
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
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT d.namnd_kod, d.enhet, d.enhet_namn, d.enhet_niva, d.rad, d.rad_namn, d.rad_niva, d.tecken,
           @extschema@.kronor(d.utfall), @extschema@.kronor(d.budget), @extschema@.kronor(d.avvikelse),
           @extschema@.kronor(d.utfall_fg_ar), @extschema@.kronor(d.prognos), @extschema@.kronor(d.prognos_fg),
           @extschema@.kronor(d.budget_helar), @extschema@.kronor(d.prognos_avvikelse),
           @extschema@.kronor(d.bokslut_fg_ar), d.prognosomgang, d.prognosomgang_fg, d.sortering
      FROM @extschema@.driftsammandrag_belopp(driftsammandrag.ar, driftsammandrag.p, driftsammandrag.namnd) d
     ORDER BY d.sortering;
END;
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
               @extschema@.avrunda_summerbar(d.utfall, avrunda_till, decimaler) OVER w AS utfall,
               @extschema@.avrunda_summerbar(d.budget, avrunda_till, decimaler) OVER w AS budget,
               @extschema@.avrunda_summerbar(d.utfall_fg_ar, avrunda_till, decimaler) OVER w AS utfall_fg_ar,
               @extschema@.avrunda_summerbar(d.prognos, avrunda_till, decimaler) OVER w AS prognos,
               @extschema@.avrunda_summerbar(d.prognos_fg, avrunda_till, decimaler) OVER w AS prognos_fg,
               @extschema@.avrunda_summerbar(d.budget_helar, avrunda_till, decimaler) OVER w AS budget_helar,
               @extschema@.avrunda_summerbar(d.bokslut_fg_ar, avrunda_till, decimaler) OVER w AS bokslut_fg_ar,
               d.prognosomgang, d.prognosomgang_fg, d.sortering
          FROM @extschema@.driftsammandrag_belopp(driftsammandrag_avrundad.ar, driftsammandrag_avrundad.p,
                                                  driftsammandrag_avrundad.namnd) d
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
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    aktuell_omgang    text;     -- the round reported (the argument, or the year's latest)
    plats             bigint;   -- its number, newest first (prognosomgangar)
    omgang_datum      date;     -- its date: the budget in force then
    foregaende_omgang text;     -- the round before it (nr + 1), and its date
    foregaende_datum  date;
    alla              text;
BEGIN
    IF prognosforandringar.ar IS NULL THEN
        RAISE EXCEPTION 'the year of prognosforandringar must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognosforandringar(2024).';
    END IF;
    PERFORM kontrollera_namnd(prognosforandringar.namnd);
    SELECT string_agg(o.kod, ', ' ORDER BY o.nr DESC) INTO alla
      FROM prognosomgangar(helar(prognosforandringar.ar)) o;
    IF alla IS NULL THEN
        RAISE EXCEPTION 'no forecast round in year %', prognosforandringar.ar
            USING ERRCODE = '22023',
                  HINT = 'Forecast rounds are added to kommunrapport.prognosomgang before their forecasts.';
    END IF;
    SELECT o.nr, o.kod, o.datum INTO plats, aktuell_omgang, omgang_datum
      FROM prognosomgangar(helar(prognosforandringar.ar)) o
     WHERE o.kod = coalesce(prognosforandringar.omgang, o.kod)
     ORDER BY o.nr LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no forecast round "%" in year %', prognosforandringar.omgang, prognosforandringar.ar
            USING ERRCODE = '22023', HINT = format('The rounds of %s are: %s.', prognosforandringar.ar, alla);
    END IF;
    SELECT o.kod, o.datum INTO foregaende_omgang, foregaende_datum
      FROM prognosomgangar(helar(prognosforandringar.ar)) o WHERE o.nr = plats + 1;

    RETURN QUERY
    SELECT s.namnd, s.enhet, s.enhet_namn, s.enhet_niva, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           aktuell_omgang, foregaende_omgang,
           kronor(s.prognos), kronor(s.prognos_fg),
           kronor(prognosforandring(s.prognos, s.prognos_fg, s.tecken)),
           kronor(s.budget), kronor(s.budget_fg),
           -- the budget's change as it moves the deviation: more room is positive
           kronor((s.budget_fg - s.budget) * teckenfaktor(s.tecken)),
           kronor(avvikelse(s.prognos, s.budget, s.tecken)), kronor(avvikelse(s.prognos_fg, s.budget_fg, s.tecken)),
           kronor(avvikelse(s.prognos, s.budget, s.tecken) - avvikelse(s.prognos_fg, s.budget_fg, s.tecken)),
           s.sortering
      FROM (SELECT t.*, t.belopp[1] AS prognos, t.belopp[2] AS prognos_fg,
                   t.belopp[3] AS budget, t.belopp[4] AS budget_fg
              FROM summera(ARRAY(
                       -- 1 prognos, 2 prognos_fg: the round's and the previous round's forecast
                       SELECT ROW(f.namnd, NULL, NULL, f.enhet, f.rad,
                                  CASE f.omgang WHEN aktuell_omgang THEN 1 ELSE 2 END, f.belopp)::figur
                         FROM prognos f
                        WHERE f.ar = prognosforandringar.ar AND f.omgang IN (aktuell_omgang, foregaende_omgang)
                          AND (prognosforandringar.namnd IS NULL OR f.namnd = prognosforandringar.namnd)
                       UNION ALL  -- 3 budget: the full-year budget in force at the round's date
                       SELECT ROW(b.namnd_kod, NULL, NULL, b.enhet, b.rad, 3, b.budget_helar)::figur
                         FROM budget_for_period(helar(prognosforandringar.ar), omgang_datum, prognosforandringar.namnd) b
                       UNION ALL  -- 4 budget_fg: in force at the previous round's date
                       SELECT ROW(b.namnd_kod, NULL, NULL, b.enhet, b.rad, 4, b.budget_helar)::figur
                         FROM budget_for_period(helar(prognosforandringar.ar), foregaende_datum, prognosforandringar.namnd) b
                        WHERE foregaende_datum IS NOT NULL
                   ), prognosforandringar.namnd) t) s;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognosforandringar(integer, text, text) IS
    'per committee, unit and report row, with subtotals over both hierarchies (as driftsammandrag): the forecast of a round (NULL = the year''s latest) and of the round before it (by period, then date), the forecast change, the full-year budget in force at each round''s date and its change as it moves the deviation (more room positive), the forecast deviation at each round and its change; all favourable-positive, plain numeric kronor, so avvikelseforandring = prognosforandring + budgetforandring; no previous round or no figure in it gives NULL, not zero; a subtotal adds the figures its rows have in each round; 22023 for an unknown round or committee';

-- Whether a committee's final outcome of a year is loaded: outcome stored for
-- the whole year, or booked in each of the twelve months.
CREATE FUNCTION @extschema@.slututfall_finns(ar integer, namnd text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT 1 FROM @extschema@.utfall u
                    WHERE u.ar = slututfall_finns.ar AND u.namnd = slututfall_finns.namnd
                      AND u.period = @extschema@.helar(slututfall_finns.ar))
        OR (SELECT count(DISTINCT @extschema@.sista_manad(u.period)) FROM @extschema@.utfall u
             WHERE u.ar = slututfall_finns.ar AND u.namnd = slututfall_finns.namnd
               AND @extschema@.manader(u.period) = 1) = 12;
END;
COMMENT ON FUNCTION @extschema@.slututfall_finns(integer, text) IS
    'whether a committee''s final outcome of a year is loaded: outcome for the whole year, or outcome booked in each of the twelve months';

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
    saknas   text;
BEGIN
    IF prognossakerhet.ar IS NULL THEN
        RAISE EXCEPTION 'the year of prognossakerhet must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognossakerhet(2023).';
    END IF;
    PERFORM kontrollera_namnd(prognossakerhet.namnd);
    -- every committee with forecasts in the year needs its final outcome
    SELECT string_agg(c.namnd, ', ' ORDER BY c.namnd) INTO saknas
      FROM (SELECT DISTINCT f.namnd FROM prognos f
             WHERE f.ar = prognossakerhet.ar AND (prognossakerhet.namnd IS NULL OR f.namnd = prognossakerhet.namnd)) c
     WHERE NOT slututfall_finns(prognossakerhet.ar, c.namnd);
    IF saknas IS NOT NULL THEN
        RAISE EXCEPTION 'the final outcome of % is not loaded for %', prognossakerhet.ar, saknas
            USING ERRCODE = '55000',
                  DETAIL = format('The accuracy of a forecast is measured against the final outcome: outcome for %s, or for each of its twelve months, for every committee with forecasts that year.', visa(helar(prognossakerhet.ar))),
                  HINT = 'Load the year''s final outcome first, or ask for a committee whose year is closed.';
    END IF;

    RETURN QUERY
    WITH omgangar AS (
        -- the rounds of the year, first round first (nr 1)
        SELECT (count(*) OVER () - o.nr + 1)::integer AS nr, o.kod, o.datum
          FROM prognosomgangar(helar(prognossakerhet.ar)) o
    ), slututfall AS MATERIALIZED (
        SELECT u.* FROM utfall_for_period(helar(prognossakerhet.ar), prognossakerhet.namnd) u
    ), slutbudget AS MATERIALIZED (
        SELECT b.* FROM budget_for_period(helar(prognossakerhet.ar), 'infinity'::date, prognossakerhet.namnd) b
    ), budget_vid_omgang AS MATERIALIZED (
        SELECT o.kod AS omgang, b.*
          FROM omgangar o CROSS JOIN LATERAL budget_for_period(helar(prognossakerhet.ar), o.datum, prognossakerhet.namnd) b
    )
    SELECT s.namnd, s.omgang, (s.sortering).omgang_nr,
           s.enhet, s.enhet_namn, s.enhet_niva, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           kronor(s.prognos), kronor(s.utfall), kronor(s.prognosfel),
           CASE WHEN s.utfall <> '0'::belopp THEN kronor(s.prognosfel) * 100 / abs(kronor(s.utfall)) END,
           kronor(s.budget), kronor(s.budget_slut),
           -- the budget's change as it moves the deviation: more room is positive
           kronor((s.budget - s.budget_slut) * teckenfaktor(s.tecken)),
           kronor(s.prognos_avvikelse), kronor(s.slutlig_avvikelse),
           kronor(s.slutlig_avvikelse - s.prognos_avvikelse),
           s.sortering
      FROM (SELECT t.*, t.belopp[1] AS prognos, t.belopp[2] AS utfall,
                   t.belopp[3] AS budget, t.belopp[4] AS budget_slut,
                   prognosforandring(t.belopp[2], t.belopp[1], t.tecken) AS prognosfel,
                   avvikelse(t.belopp[1], t.belopp[3], t.tecken) AS prognos_avvikelse,
                   avvikelse(t.belopp[2], t.belopp[4], t.tecken) AS slutlig_avvikelse
              FROM summera(ARRAY(
                       -- what each round forecast (1), with its final outcome (2; nothing
                       -- booked in the closed year is 0) and the full-year budget at the
                       -- round (3) and at the end of the year (4)
                       SELECT ROW(f.namnd, f.omgang, o.nr, f.enhet, f.rad, m.matt, m.belopp)::figur
                         FROM prognos f
                         JOIN omgangar o ON o.kod = f.omgang
                         LEFT JOIN slututfall u ON u.namnd_kod = f.namnd AND u.enhet = f.enhet AND u.rad = f.rad
                         LEFT JOIN budget_vid_omgang b ON b.omgang = f.omgang AND b.namnd_kod = f.namnd
                                                      AND b.enhet = f.enhet AND b.rad = f.rad
                         LEFT JOIN slutbudget sb ON sb.namnd_kod = f.namnd AND sb.enhet = f.enhet AND sb.rad = f.rad
                         CROSS JOIN LATERAL (VALUES (1, f.belopp), (2, coalesce(u.belopp, '0'::belopp)),
                                                    (3, b.budget_helar), (4, sb.budget_helar)) m(matt, belopp)
                        WHERE f.ar = prognossakerhet.ar
                          AND (prognossakerhet.namnd IS NULL OR f.namnd = prognossakerhet.namnd)
                   ), prognossakerhet.namnd) t) s;
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

-- The one tolerance rule of the reconciliation: a figure computed from termer
-- figures, each rounded to the unit avrundning (in kr), may be off by half a
-- unit per figure, and no more.
CREATE FUNCTION @extschema@.tolerans(avrundning numeric, termer integer DEFAULT 1) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF termer < 1 THEN
        RAISE EXCEPTION 'termer must be at least 1, not %', termer
            USING ERRCODE = '22023',
                  DETAIL = 'termer is the number of rounded figures behind the published one.';
    END IF;
    RETURN termer * avrundning / 2;
END $$;
COMMENT ON FUNCTION @extschema@.tolerans(numeric, integer) IS
    'the rounding that termer figures each rounded to avrundning kr can add up to: termer × avrundning / 2 (22023 when termer < 1)';

CREATE FUNCTION @extschema@.inom_avrundning(publicerad numeric, beraknad numeric, decimaler integer,
                                            termer integer DEFAULT 1)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN abs(publicerad - beraknad) <= @extschema@.tolerans(power(10::numeric, -decimaler), termer);
COMMENT ON FUNCTION @extschema@.inom_avrundning(numeric, numeric, integer, integer) IS
    'whether a published figure agrees with a recomputation, allowing exactly the rounding of termer figures each rounded to decimaler decimals (termer × half a unit), and no more';

CREATE TYPE @extschema@.avstamningsrad AS (
    kontroll       text,
    namnd          text,
    enhet          text,
    rad            text,
    kolumn         text,
    forvantat      @extschema@.belopp,
    faktiskt       @extschema@.belopp,
    differens      @extschema@.belopp,
    tolerans       numeric,
    inom_tolerans  boolean,
    meddelande     text
);
COMMENT ON TYPE @extschema@.avstamningsrad IS
    'a row of a reconciliation check: the check, committee, unit, row (or grant), column, the expected and the actual figure and their difference, the tolerance, whether the difference is within it, and the message';

-- Every check row is made here: the difference, the tolerance (tolerans of
-- termer figures rounded to avrundning), the verdict and the end of the
-- message, so that every check judges and speaks the same way.  ensidig:
-- only faktiskt ≤ forvantat is required (a ceiling).  alternativ: a second
-- expected figure that a local rule allows (alternativ_text says which).
CREATE FUNCTION @extschema@.kontrollrad(kontroll text, namnd text, enhet text, rad text, kolumn text,
                                        forvantat @extschema@.belopp, faktiskt @extschema@.belopp,
                                        avrundning numeric, termer integer, vad text,
                                        ensidig boolean DEFAULT false,
                                        alternativ @extschema@.belopp DEFAULT NULL,
                                        alternativ_text text DEFAULT NULL)
    RETURNS @extschema@.avstamningsrad
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT kontroll, namnd, enhet, rad, kolumn, forvantat, faktiskt, v.differens, v.tolerans,
           v.inom OR v.alternativ_inom,
           vad || CASE WHEN v.differens = '0'::@extschema@.belopp OR (ensidig AND v.differens < '0'::@extschema@.belopp)
                       THEN ': stämmer'
                       WHEN v.inom
                       THEN pg_catalog.format(', skillnad %s — inom avrundningen av %s tal',
                                              @extschema@.visa_avrundat(v.differens, avrundning), termer)
                       WHEN v.alternativ_inom
                       THEN pg_catalog.format(' — förklaras av %s', alternativ_text)
                       ELSE pg_catalog.format(', skillnad %s — STÄMMER INTE%s',
                                              @extschema@.visa_avrundat(v.differens, avrundning),
                                              CASE WHEN alternativ IS NOT NULL
                                                   THEN pg_catalog.format(' (inte heller %s förklarar det)', alternativ_text)
                                                   ELSE '' END) END
      FROM (SELECT d.differens, t.tolerans,
                   CASE WHEN ensidig THEN d.differens <= t.tolerans ELSE abs(d.differens) <= t.tolerans END AS inom,
                   coalesce(abs(faktiskt - alternativ) <= t.tolerans, false) AS alternativ_inom
              FROM (SELECT faktiskt - forvantat AS differens) d,
                   (SELECT @extschema@.tolerans(avrundning, termer) AS tolerans) t) v;
END;
COMMENT ON FUNCTION @extschema@.kontrollrad(text, text, text, text, text, @extschema@.belopp, @extschema@.belopp, numeric, integer, text, boolean, @extschema@.belopp, text) IS
    'a reconciliation check''s row: difference faktiskt − forvantat, tolerance tolerans(avrundning, termer), within it (|difference|, or only upwards when ensidig, or explained by alternativ), and the message: vad and the verdict';

-- Result = kommunbidrag + revenue + costs + financial items + disposition,
-- recomputed from the stored rows, against the published result.
CREATE FUNCTION @extschema@.kontroll_resultat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH ds AS MATERIALIZED (
        SELECT * FROM @extschema@.driftsammandrag_belopp(kontroll_resultat.ar, p, kontroll_resultat.namnd)
    )
    SELECT (@extschema@.kontrollrad('resultat', pb.namnd, nullif(pb.enhet, ''), pb.rad, pb.kolumn,
                                    d.v, pb.belopp, pb.avrundning, d.n + 1,
                                    pg_catalog.format('%s (%s) = kommunbidrag + intäkter + kostnader + finansnetto + disposition: beräknat %s, publicerat %s',
                                                      r.namn, pb.kolumn, @extschema@.visa_avrundat(d.v, pb.avrundning),
                                                      @extschema@.visa_avrundat(pb.belopp, pb.avrundning)))).*
      FROM @extschema@.publicerad pb
      JOIN @extschema@.rad r ON r.kod = pb.rad AND r.slag = 'resultat'
      CROSS JOIN LATERAL (
          SELECT CASE pb.kolumn WHEN 'utfall' THEN x.utfall WHEN 'budget' THEN x.budget
                                WHEN 'prognos' THEN x.prognos WHEN 'budget_helar' THEN x.budget_helar
                                WHEN 'utfall_fg_ar' THEN x.utfall_fg_ar WHEN 'bokslut_fg_ar' THEN x.bokslut_fg_ar END AS v,
                 -- the figures behind it: the rows without sub-rows of the same unit
                 (SELECT count(*) FROM ds c
                   WHERE c.namnd_kod = x.namnd_kod AND c.enhet IS NOT DISTINCT FROM x.enhet
                     AND c.rad <> x.rad
                     AND NOT EXISTS (SELECT 1 FROM @extschema@.rad cc WHERE cc.overordnad = c.rad))::integer AS n
            FROM ds x
           WHERE x.namnd_kod = pb.namnd AND coalesce(x.enhet, '') = pb.enhet AND x.rad = pb.rad) d
     WHERE pb.period = p AND (kontroll_resultat.namnd IS NULL OR pb.namnd = kontroll_resultat.namnd)
       AND d.v IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.kontroll_resultat(integer, @extschema@.period, text) IS
    'check resultat: a published result (a row of slag resultat) against kommunbidrag + revenue + costs + financial items + disposition recomputed from the stored rows';

-- Closing accumulated result = opening + the year's result − disposition, or
-- what a local cap rule allows.
CREATE FUNCTION @extschema@.kontroll_ackumulerat_resultat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (@extschema@.kontrollrad('ackumulerat_resultat', a.namnd, nullif(a.enhet, ''), NULL, 'utgaende',
                                    v.vanlig, a.utgaende, a.avrundning, 4,
                                    pg_catalog.format('Utgående ackumulerat resultat %s mot ingående %s + årets resultat %s − disposition %s = %s',
                                                      @extschema@.visa_avrundat(a.utgaende, a.avrundning),
                                                      @extschema@.visa_avrundat(a.ingaende, a.avrundning),
                                                      @extschema@.visa_avrundat(a.arets_resultat, a.avrundning),
                                                      @extschema@.visa_avrundat(a.disposition, a.avrundning),
                                                      @extschema@.visa_avrundat(v.vanlig, a.avrundning)),
                                    false, least(v.vanlig, v.tak),
                                    pg_catalog.format('taket %s %% av budgeten %s (%s)',
                                                      pg_catalog.trim_scale(regel.tak_andel * 100),
                                                      @extschema@.visa_avrundat(a.arsbudget, a.avrundning),
                                                      @extschema@.visa_avrundat(v.tak, a.avrundning)))).*
      FROM @extschema@.ackumulerat_resultat a
      LEFT JOIN @extschema@.resultatfond_regel regel ON regel.namnd = a.namnd
      CROSS JOIN LATERAL (SELECT a.ingaende + a.arets_resultat - a.disposition AS vanlig,
                                 a.arsbudget * regel.tak_andel AS tak) v
     WHERE a.ar = kontroll_ackumulerat_resultat.ar
       AND (kontroll_ackumulerat_resultat.namnd IS NULL OR a.namnd = kontroll_ackumulerat_resultat.namnd);
END;
COMMENT ON FUNCTION @extschema@.kontroll_ackumulerat_resultat(integer, @extschema@.period, text) IS
    'check ackumulerat_resultat: closing accumulated result = opening + the year''s result − disposition, or the cap of resultatfond_regel when that explains it';

-- Opening accumulated result = last year's closing.
CREATE FUNCTION @extschema@.kontroll_ackumulerat_ingaende(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (@extschema@.kontrollrad('ackumulerat_ingaende', a.namnd, nullif(a.enhet, ''), NULL, 'ingaende',
                                    f.utgaende, a.ingaende, greatest(a.avrundning, f.avrundning), 2,
                                    pg_catalog.format('Ingående ackumulerat resultat %s %s mot utgående %s %s',
                                                      a.ar, @extschema@.visa_avrundat(a.ingaende, a.avrundning),
                                                      f.ar, @extschema@.visa_avrundat(f.utgaende, a.avrundning)))).*
      FROM @extschema@.ackumulerat_resultat a
      JOIN @extschema@.ackumulerat_resultat f ON f.namnd = a.namnd AND f.enhet = a.enhet AND f.ar = a.ar - 1
     WHERE a.ar = kontroll_ackumulerat_ingaende.ar
       AND (kontroll_ackumulerat_ingaende.namnd IS NULL OR a.namnd = kontroll_ackumulerat_ingaende.namnd);
END;
COMMENT ON FUNCTION @extschema@.kontroll_ackumulerat_ingaende(integer, @extschema@.period, text) IS
    'check ackumulerat_ingaende: this year''s opening accumulated result = last year''s closing';

-- The budgeted kommunbidrag (or, without kommunbidrag rows, the budgeted net
-- cost) = the frame in force at the end of the period.
CREATE FUNCTION @extschema@.kontroll_budgetram(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH b AS (
        SELECT bf.namnd_kod AS namnd, r.slag, bf.budget_helar * @extschema@.teckenfaktor(r.tecken) AS v,
               @extschema@.kronor(bf.budget_helar) AS kr
          FROM @extschema@.budget_for_period(p, @extschema@.slutdatum(p), kontroll_budgetram.namnd) bf
          JOIN @extschema@.rad r ON r.kod = bf.rad
         WHERE bf.budget_helar IS NOT NULL
    ), per_namnd AS (
        SELECT b.namnd, bool_or(b.slag = 'kommunbidrag') AS har_kb,
               CASE WHEN bool_or(b.slag = 'kommunbidrag') THEN pg_catalog.sum(b.v) FILTER (WHERE b.slag = 'kommunbidrag')
                    ELSE -pg_catalog.sum(b.v) END AS v,
               (count(*) FILTER (WHERE b.slag = 'kommunbidrag'
                                    OR NOT EXISTS (SELECT 1 FROM b b2 WHERE b2.namnd = b.namnd AND b2.slag = 'kommunbidrag')))::integer AS n,
               @extschema@.avrundningsenhet(array_agg(b.kr)) AS enh
          FROM b GROUP BY b.namnd
    )
    SELECT (@extschema@.kontrollrad('budgetram', x.namnd, NULL, NULL, 'budget_helar', g.ram, x.v, x.enh, x.n,
               pg_catalog.format('%s i budgeten %s mot gällande ram %s (ursprunglig ram %s%s)',
                   CASE WHEN x.har_kb THEN 'Budgeterat kommunbidrag' ELSE 'Budgeterad nettokostnad' END,
                   @extschema@.visa_avrundat(x.v, x.enh),
                   @extschema@.visa_avrundat(g.ram, @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(g.ram)])),
                   @extschema@.visa_avrundat(br.belopp, @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(br.belopp)])),
                   coalesce((SELECT string_agg(pg_catalog.format(' %s %s %s %s',
                                                   CASE WHEN j.belopp < '0'::@extschema@.belopp THEN '−' ELSE '+' END,
                                                   @extschema@.visa_avrundat(abs(j.belopp), @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(j.belopp)])),
                                                   @extschema@.ramjusteringsslag_text(j.slag), j.beslutsorgan || ' ' || j.beslut), ''
                                               ORDER BY j.datum, j.id)
                               FROM @extschema@.ramjustering j
                              WHERE j.namnd = x.namnd AND j.ar = kontroll_budgetram.ar
                                AND j.datum <= @extschema@.slutdatum(p)), '')))).*
      FROM per_namnd x
      JOIN @extschema@.budgetram br ON br.namnd = x.namnd AND br.ar = kontroll_budgetram.ar
      CROSS JOIN LATERAL (SELECT @extschema@.gallande_ram(x.namnd, kontroll_budgetram.ar, @extschema@.slutdatum(p)) AS ram) g;
END;
COMMENT ON FUNCTION @extschema@.kontroll_budgetram(integer, @extschema@.period, text) IS
    'check budgetram: the budgeted kommunbidrag (or, without kommunbidrag rows, the budgeted net cost) = the frame in force at the end of the period';

-- The booked kommunbidrag of the period = the frame in force at the end of the
-- period, spread like the budgeted kommunbidrag (its profile); without a
-- frame, the spread budget.  Once per committee, on its top row.
CREATE FUNCTION @extschema@.kontroll_kommunbidrag_bokfort(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH ds AS MATERIALIZED (
        SELECT * FROM @extschema@.driftsammandrag_belopp(kontroll_kommunbidrag_bokfort.ar, p,
                                                         kontroll_kommunbidrag_bokfort.namnd)
    )
    SELECT (@extschema@.kontrollrad('kommunbidrag_bokfort', d.namnd_kod, d.enhet, d.rad, 'utfall', f.forv, d.utfall,
                                    @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(d.utfall), @extschema@.kronor(f.forv)]), 2,
                                    pg_catalog.format('Bokfört kommunbidrag %s %s mot %s %s', @extschema@.visa(p),
                                        @extschema@.visa_avrundat(d.utfall, @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(d.utfall), @extschema@.kronor(f.forv)])),
                                        CASE WHEN f.ram IS NOT NULL THEN 'gällande ram periodiserad' ELSE 'periodiserad budget' END,
                                        @extschema@.visa_avrundat(f.forv, @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(d.utfall), @extschema@.kronor(f.forv)]))))).*
      FROM ds d
      JOIN @extschema@.rad r ON r.kod = d.rad AND r.slag = 'kommunbidrag'
      CROSS JOIN LATERAL (
          SELECT g.ram,
                 coalesce(@extschema@.periodisera(g.ram, p,
                              (SELECT b.profil FROM @extschema@.budget b
                                WHERE b.namnd = d.namnd_kod AND b.rad = d.rad
                                  AND b.period = @extschema@.helar(kontroll_kommunbidrag_bokfort.ar)
                                  AND b.giltig_fran <= @extschema@.slutdatum(p)
                                ORDER BY b.giltig_fran DESC LIMIT 1)),
                          d.budget) AS forv
            FROM (SELECT @extschema@.gallande_ram(d.namnd_kod, kontroll_kommunbidrag_bokfort.ar,
                                                  @extschema@.slutdatum(p)) AS ram) g) f
     WHERE d.utfall IS NOT NULL AND f.forv IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.rad c WHERE c.overordnad = d.rad)
       -- the committee total (enhet NULL, level 0) or, with a single
       -- top-level unit, that unit
       AND d.enhet_niva = (SELECT min(x.enhet_niva) FROM ds x
                           WHERE x.namnd_kod = d.namnd_kod AND x.rad = d.rad);
END;
COMMENT ON FUNCTION @extschema@.kontroll_kommunbidrag_bokfort(integer, @extschema@.period, text) IS
    'check kommunbidrag_bokfort: the booked kommunbidrag of the period = the frame in force spread like the budget (or, without a frame, the spread budget), once per committee';

-- A grant's recognised amount is at most what was granted.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_intaktsfort(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (@extschema@.kontrollrad('statsbidrag_intaktsfort', g.namnd, NULL, g.bidrag, 'intaktsfort',
                                    g.beviljat, g.intaktsfort, g.avrundning, 2,
                                    pg_catalog.format('%s: intäktsfört %s, högst beviljat %s', g.bidrag,
                                                      @extschema@.visa_avrundat(g.intaktsfort, g.avrundning),
                                                      @extschema@.visa_avrundat(g.beviljat, g.avrundning)),
                                    true)).*
      FROM @extschema@.statsbidrag g
     WHERE g.ar = kontroll_statsbidrag_intaktsfort.ar
       AND (kontroll_statsbidrag_intaktsfort.namnd IS NULL OR g.namnd = kontroll_statsbidrag_intaktsfort.namnd)
       AND g.intaktsfort IS NOT NULL AND g.beviljat IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_intaktsfort(integer, @extschema@.period, text) IS
    'check statsbidrag_intaktsfort: a state grant''s recognised amount is at most the granted amount';

-- A grant's granted amount is at most what was applied for.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_beviljat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (@extschema@.kontrollrad('statsbidrag_beviljat', g.namnd, NULL, g.bidrag, 'beviljat',
                                    g.ansokt, g.beviljat, g.avrundning, 2,
                                    pg_catalog.format('%s: beviljat %s, högst ansökt %s', g.bidrag,
                                                      @extschema@.visa_avrundat(g.beviljat, g.avrundning),
                                                      @extschema@.visa_avrundat(g.ansokt, g.avrundning)),
                                    true)).*
      FROM @extschema@.statsbidrag g
     WHERE g.ar = kontroll_statsbidrag_beviljat.ar
       AND (kontroll_statsbidrag_beviljat.namnd IS NULL OR g.namnd = kontroll_statsbidrag_beviljat.namnd)
       AND g.beviljat IS NOT NULL AND g.ansokt IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_beviljat(integer, @extschema@.period, text) IS
    'check statsbidrag_beviljat: a state grant''s granted amount is at most the amount applied for';

-- Received − recognised is carried as prepaid income or repaid.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_skuld(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (@extschema@.kontrollrad('statsbidrag_skuld', g.namnd, NULL, g.bidrag, 'erhallet',
               g.intaktsfort + coalesce(g.forutbetald, '0'::@extschema@.belopp) + coalesce(g.aterbetalt, '0'::@extschema@.belopp),
               g.erhallet, g.avrundning, 3,
               pg_catalog.format('%s: erhållet %s − intäktsfört %s = %s, som ska redovisas som förutbetald intäkt (%s) eller återbetalas (%s)',
                                 g.bidrag, @extschema@.visa_avrundat(g.erhallet, g.avrundning),
                                 @extschema@.visa_avrundat(g.intaktsfort, g.avrundning),
                                 @extschema@.visa_avrundat(g.erhallet - g.intaktsfort, g.avrundning),
                                 coalesce(@extschema@.visa_avrundat(g.forutbetald, g.avrundning), '—'),
                                 coalesce(@extschema@.visa_avrundat(g.aterbetalt, g.avrundning), '—')))).*
      FROM @extschema@.statsbidrag g
     WHERE g.ar = kontroll_statsbidrag_skuld.ar
       AND (kontroll_statsbidrag_skuld.namnd IS NULL OR g.namnd = kontroll_statsbidrag_skuld.namnd)
       AND g.erhallet IS NOT NULL AND g.intaktsfort IS NOT NULL;
END;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_skuld(integer, @extschema@.period, text) IS
    'check statsbidrag_skuld: a state grant''s received amount = recognised + carried as prepaid income + repaid';

-- The grants against the published totals of the grant table: the rows of
-- slag statsbidrag published for the whole year.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_summa(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (@extschema@.kontrollrad('statsbidrag_summa', t.namnd, NULL, NULL, t.kolumn, t.summa, t.publ, t.avr, t.n + 1,
               pg_catalog.format('Summa %s %s av %s bidrag: %s mot publicerat %s', t.kolumn, kontroll_statsbidrag_summa.ar, t.n,
                                 @extschema@.visa_avrundat(t.summa, t.avr), @extschema@.visa_avrundat(t.publ, t.avr)))).*
      FROM (SELECT pb.namnd, pb.kolumn, pb.belopp AS publ, count(*)::integer AS n,
                   pg_catalog.sum(CASE pb.kolumn WHEN 'ansokt' THEN g.ansokt WHEN 'beviljat' THEN g.beviljat
                                                 WHEN 'intaktsfort' THEN g.intaktsfort END) AS summa,
                   greatest(max(g.avrundning), pb.avrundning) AS avr
              FROM @extschema@.publicerad pb
              JOIN @extschema@.rad r ON r.kod = pb.rad AND r.slag = 'statsbidrag'
              JOIN @extschema@.statsbidrag g ON g.namnd = pb.namnd AND g.ar = kontroll_statsbidrag_summa.ar
             WHERE pb.enhet = '' AND pb.period = @extschema@.helar(kontroll_statsbidrag_summa.ar)
               AND pb.kolumn IN ('ansokt', 'beviljat', 'intaktsfort')
               AND (kontroll_statsbidrag_summa.namnd IS NULL OR pb.namnd = kontroll_statsbidrag_summa.namnd)
             GROUP BY pb.namnd, pb.kolumn, pb.belopp, pb.avrundning) t;
END;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_summa(integer, @extschema@.period, text) IS
    'check statsbidrag_summa: the sum of the grants'' applied, granted or recognised amounts against the whole-year total published on a row of slag statsbidrag';

-- A full year: the grants recognised in the result against the outcome of
-- the rows of slag statsbidrag.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_resultat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT (@extschema@.kontrollrad('statsbidrag_resultat', t.namnd, NULL, NULL, 'intaktsfort', t.summa, t.v, t.avr, t.n + 1,
               pg_catalog.format('Intäktsförda statsbidrag %s (%s bidrag) mot utfallet på statsbidragsraderna %s',
                                 @extschema@.visa_avrundat(t.summa, t.avr), t.n, @extschema@.visa_avrundat(t.v, t.avr)))).*
      FROM (SELECT g.namnd, u.v, pg_catalog.sum(g.intaktsfort) AS summa, count(*)::integer AS n,
                   max(g.avrundning) AS avr
              FROM @extschema@.statsbidrag g
              CROSS JOIN LATERAL (
                  SELECT pg_catalog.sum(uf.belopp * @extschema@.teckenfaktor(r.tecken)) AS v
                    FROM @extschema@.utfall_for_period(@extschema@.helar(kontroll_statsbidrag_resultat.ar), g.namnd) uf
                    JOIN @extschema@.rad r ON r.kod = uf.rad AND r.slag = 'statsbidrag') u
             WHERE g.ar = kontroll_statsbidrag_resultat.ar
               AND (kontroll_statsbidrag_resultat.namnd IS NULL OR g.namnd = kontroll_statsbidrag_resultat.namnd)
               AND g.intaktsfort IS NOT NULL AND u.v IS NOT NULL
               AND @extschema@.manader(p) = 12
             GROUP BY g.namnd, u.v) t;
END;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_resultat(integer, @extschema@.period, text) IS
    'check statsbidrag_resultat (a full year): the recognised state grants against the outcome of the rows of slag statsbidrag';

-- Every published subtotal equals the sum of its published rows (or units).
CREATE FUNCTION @extschema@.kontroll_delsumma(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE under AS (
        -- every row below a row, with the rows strictly between them
        SELECT r.overordnad AS anc, r.kod, ARRAY[]::text[] AS mellan
          FROM @extschema@.rad r WHERE r.overordnad IS NOT NULL
        UNION ALL
        SELECT u.anc, r.kod, u.mellan || u.kod
          FROM under u JOIN @extschema@.rad r ON r.overordnad = u.kod
    ), sub AS (
        -- a committee total: the sum of the units the same table published
        SELECT t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning,
               pg_catalog.sum(c.belopp) AS summa, count(c.*)::integer AS n, max(c.avrundning) AS cavr, 'enheter' AS av
          FROM @extschema@.publicerad t
          JOIN @extschema@.publicerad c ON c.namnd = t.namnd AND c.tabell = t.tabell AND c.rad = t.rad
                                        AND c.kolumn = t.kolumn AND c.period = t.period AND c.enhet <> ''
         WHERE t.enhet = '' AND t.period = p AND (kontroll_delsumma.namnd IS NULL OR t.namnd = kontroll_delsumma.namnd)
         GROUP BY t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning
        UNION ALL
        -- a subtotal row: the sum of the published rows below it (the nearest
        -- published ones on each branch), restated into its sign convention
        SELECT t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning,
               pg_catalog.sum(c.belopp * (@extschema@.teckenfaktor(cr.tecken) * @extschema@.teckenfaktor(tr.tecken))),
               count(c.*)::integer, max(c.avrundning), 'rader'
          FROM @extschema@.publicerad t
          JOIN @extschema@.rad tr ON tr.kod = t.rad
          JOIN under u ON u.anc = t.rad
          JOIN @extschema@.rad cr ON cr.kod = u.kod
          JOIN @extschema@.publicerad c ON c.namnd = t.namnd AND c.tabell = t.tabell AND c.enhet = t.enhet
                                        AND c.rad = u.kod AND c.kolumn = t.kolumn AND c.period = t.period
         WHERE t.period = p AND (kontroll_delsumma.namnd IS NULL OR t.namnd = kontroll_delsumma.namnd)
           -- a result row is checked by the result identity (kontroll_resultat)
           AND tr.slag <> 'resultat'
           -- only when the table printed every branch below the subtotal that
           -- has stored figures: a row it left out would make the sum short
           AND NOT EXISTS (
               SELECT 1 FROM @extschema@.rad dc
                WHERE dc.overordnad = t.rad
                  AND EXISTS (SELECT 1 FROM under ud
                               WHERE (ud.kod = dc.kod OR (ud.anc = dc.kod))
                                 AND EXISTS (SELECT 1 FROM @extschema@.utfall uu
                                              WHERE uu.namnd = t.namnd AND uu.rad IN (ud.kod, dc.kod)))
                  AND NOT EXISTS (SELECT 1 FROM @extschema@.publicerad q
                                   WHERE q.namnd = t.namnd AND q.tabell = t.tabell AND q.enhet = t.enhet
                                     AND q.kolumn = t.kolumn AND q.period = t.period
                                     AND (q.rad = dc.kod OR q.rad IN (SELECT ud2.kod FROM under ud2 WHERE ud2.anc = dc.kod))))
           AND NOT EXISTS (SELECT 1 FROM @extschema@.publicerad m
                            WHERE m.namnd = t.namnd AND m.tabell = t.tabell AND m.enhet = t.enhet
                              AND m.kolumn = t.kolumn AND m.period = t.period AND m.rad = ANY (u.mellan))
         GROUP BY t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning
    )
    SELECT (@extschema@.kontrollrad('delsumma', s.namnd, nullif(s.enhet, ''), s.rad, s.kolumn, s.summa, s.belopp,
               greatest(s.avrundning, s.cavr), s.n + 1,
               pg_catalog.format('%s: summan %s (%s) i tabell %s är publicerad som %s; %s %s ger %s',
                                 coalesce(nullif(s.enhet, ''), 'nämnden'), s.rad, s.kolumn, s.tabell,
                                 @extschema@.visa_avrundat(s.belopp, greatest(s.avrundning, s.cavr)), s.n, s.av,
                                 @extschema@.visa_avrundat(s.summa, greatest(s.avrundning, s.cavr))))).*
      FROM sub s;
END;
COMMENT ON FUNCTION @extschema@.kontroll_delsumma(integer, @extschema@.period, text) IS
    'check delsumma: every published subtotal (a committee total over its units, or a subtotal row over the nearest published rows below it, restated in its sign convention) equals the sum it prints';

-- The checks avstamning runs, in this order.  A new check is a function
-- kontroll_<name>(ar, p, namnd) returning avstamningsrad rows, and a row here.
CREATE FUNCTION @extschema@.avstamningskontroller()
    RETURNS TABLE (ordning integer, kontroll text, funktion regprocedure, beskrivning text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT k.ordning, k.kontroll, k.funktion, k.beskrivning
      FROM (VALUES
        (1, 'resultat', '@extschema@.kontroll_resultat(integer, @extschema@.period, text)'::regprocedure,
            'resultat = kommunbidrag + intäkter + kostnader + finansnetto + disposition, mot det publicerade resultatet'),
        (2, 'ackumulerat_resultat', '@extschema@.kontroll_ackumulerat_resultat(integer, @extschema@.period, text)'::regprocedure,
            'utgående ackumulerat resultat = ingående + årets resultat − disposition (eller ett lokalt tak)'),
        (3, 'ackumulerat_ingaende', '@extschema@.kontroll_ackumulerat_ingaende(integer, @extschema@.period, text)'::regprocedure,
            'ingående ackumulerat resultat = förra årets utgående'),
        (4, 'budgetram', '@extschema@.kontroll_budgetram(integer, @extschema@.period, text)'::regprocedure,
            'budgeterat kommunbidrag (eller nettokostnad) = gällande ram vid periodens slut'),
        (5, 'kommunbidrag_bokfort', '@extschema@.kontroll_kommunbidrag_bokfort(integer, @extschema@.period, text)'::regprocedure,
            'bokfört kommunbidrag = gällande ram (eller budget) periodiserad'),
        (6, 'statsbidrag_intaktsfort', '@extschema@.kontroll_statsbidrag_intaktsfort(integer, @extschema@.period, text)'::regprocedure,
            'intäktsfört statsbidrag ≤ beviljat'),
        (7, 'statsbidrag_beviljat', '@extschema@.kontroll_statsbidrag_beviljat(integer, @extschema@.period, text)'::regprocedure,
            'beviljat statsbidrag ≤ ansökt'),
        (8, 'statsbidrag_skuld', '@extschema@.kontroll_statsbidrag_skuld(integer, @extschema@.period, text)'::regprocedure,
            'erhållet statsbidrag = intäktsfört + förutbetald intäkt + återbetalt'),
        (9, 'statsbidrag_summa', '@extschema@.kontroll_statsbidrag_summa(integer, @extschema@.period, text)'::regprocedure,
            'statsbidragen mot den publicerade summan'),
        (10, 'statsbidrag_resultat', '@extschema@.kontroll_statsbidrag_resultat(integer, @extschema@.period, text)'::regprocedure,
            'helår: intäktsförda statsbidrag mot utfallet på statsbidragsraderna'),
        (11, 'delsumma', '@extschema@.kontroll_delsumma(integer, @extschema@.period, text)'::regprocedure,
            'varje publicerad delsumma = summan av de publicerade raderna eller enheterna')
      ) k(ordning, kontroll, funktion, beskrivning)
     ORDER BY k.ordning;
END;
COMMENT ON FUNCTION @extschema@.avstamningskontroller() IS
    'the registry of reconciliation checks, in the order avstamning runs them: number, the check''s name (avstamning.kontroll), its function (ar, p, namnd) returning avstamningsrad rows, and what it checks';

CREATE FUNCTION @extschema@.avstamning(ar integer, p @extschema@.period, namnd text DEFAULT NULL)
    RETURNS TABLE (
        kontroll       text,
        namnd_kod      text,
        enhet          text,
        rad            text,
        kolumn         text,
        forvantat      numeric,
        faktiskt       numeric,
        differens      numeric,
        tolerans       numeric,
        inom_tolerans  boolean,
        meddelande     text
    )
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    funktion regprocedure;
BEGIN
    IF @extschema@.ar(p) <> avstamning.ar THEN
        RAISE EXCEPTION 'period % does not lie in year %', p, avstamning.ar USING ERRCODE = '22023';
    END IF;
    PERFORM kontrollera_namnd(avstamning.namnd);
    -- the checks in the registry's order, each one's rows by committee, unit,
    -- row and column (codes in byte order, whatever the database's locale)
    FOR funktion IN SELECT k.funktion FROM avstamningskontroller() k ORDER BY k.ordning LOOP
        RETURN QUERY EXECUTE format(
            'SELECT r.kontroll, r.namnd, r.enhet, r.rad, r.kolumn, kronor(r.forvantat), kronor(r.faktiskt),
                    kronor(r.differens), r.tolerans, r.inom_tolerans, r.meddelande
               FROM %s($1, $2, $3) r
              ORDER BY r.namnd COLLATE "C", r.enhet COLLATE "C" NULLS FIRST, r.rad COLLATE "C",
                       r.kolumn COLLATE "C"', funktion::regproc)
            USING avstamning.ar, p, avstamning.namnd;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION @extschema@.avstamning(integer, @extschema@.period, text) IS
    'reconciliation: every check of avstamningskontroller, one row per check and committee/unit — result identity, accumulated results, budget against the frame, booked kommunbidrag against the spread frame, state grants, published subtotals — with expected, actual, difference, tolerance (tolerans of the figures involved, rounded as stored with them) and a message';

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
