
-----------------------------------------------------------------------------
-- reports over the report tables
-----------------------------------------------------------------------------

-- +1 for a row signed 'resultat', -1 for one signed 'kostnad': multiplying a
-- row's figure by the product of two factors restates it in the other row's
-- convention.
CREATE FUNCTION @extschema@.teckenfaktor(@extschema@.tecken) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE $1 WHEN 'kostnad' THEN -1 ELSE 1 END;
COMMENT ON FUNCTION @extschema@.teckenfaktor(@extschema@.tecken) IS
    '+1 for resultat, −1 for kostnad: the factor that restates a figure between conventions';

-- The last day of a period.
CREATE FUNCTION @extschema@.slutdatum(@extschema@.period) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (make_date(@extschema@.ar($1), @extschema@.sista_manad($1), 1) + interval '1 month - 1 day')::date;
COMMENT ON FUNCTION @extschema@.slutdatum(@extschema@.period) IS 'the last day of a period';

-- Outcome per unit and row for a period: the row stored for exactly that
-- period (a published year-to-date figure) or else the sum of its months.
CREATE FUNCTION @extschema@.utfall_for_period(p @extschema@.period, namnd_kod text DEFAULT NULL)
    RETURNS TABLE (namnd text, enhet text, rad text, belopp @extschema@.belopp)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.namnd, u.enhet, u.rad,
           CASE WHEN bool_or(u.period = p)
                THEN pg_catalog.sum(u.belopp) FILTER (WHERE u.period = p)
                ELSE pg_catalog.sum(u.belopp) FILTER (WHERE @extschema@.manader(u.period) = 1) END
      FROM @extschema@.utfall u
     WHERE u.ar = @extschema@.ar(p)
       AND (namnd_kod IS NULL OR u.namnd = namnd_kod)
       AND (u.period = p OR (@extschema@.manader(u.period) = 1 AND u.period OPERATOR(pg_catalog.<@) p))
     GROUP BY u.namnd, u.enhet, u.rad;
END;
COMMENT ON FUNCTION @extschema@.utfall_for_period(@extschema@.period, text) IS
    'outcome per unit and row for a period: the figure stored for exactly that period, or else the sum of its months';

-- Budget per unit and row in force on a date: for the period (a published
-- period budget, or else the annual budget spread with its profile) and for
-- the whole year.
CREATE FUNCTION @extschema@.budget_for_period(p @extschema@.period, per date,
                                              namnd_kod text DEFAULT NULL)
    RETURNS TABLE (namnd text, enhet text, rad text, belopp @extschema@.belopp,
                   helar @extschema@.belopp)
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
               AND (namnd_kod IS NULL OR b.namnd = namnd_kod)
               AND (b.period = p OR b.period = @extschema@.helar(@extschema@.ar(p)))
             ORDER BY b.namnd, b.enhet, b.rad, b.period, b.giltig_fran DESC) v
     GROUP BY v.namnd, v.enhet, v.rad;
END;
COMMENT ON FUNCTION @extschema@.budget_for_period(@extschema@.period, date, text) IS
    'budget per unit and row in force on a date: for the period (published, or the annual budget spread) and for the whole year';

-- The forecast rounds of a year that a report for period p can use, newest
-- first: nr 1 is the latest round up to p, nr 2 the one before.
CREATE FUNCTION @extschema@.prognosomgangar(p @extschema@.period)
    RETURNS TABLE (nr bigint, kod text, namn text, period @extschema@.period, datum date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT row_number() OVER (ORDER BY @extschema@.sista_manad(o.period) DESC, o.datum DESC),
           o.kod, o.namn, o.period, o.datum
      FROM @extschema@.prognosomgang o
     WHERE o.ar = @extschema@.ar(p) AND @extschema@.sista_manad(o.period) <= @extschema@.sista_manad(p)
     ORDER BY 1;
END;
COMMENT ON FUNCTION @extschema@.prognosomgangar(@extschema@.period) IS
    'the forecast rounds a report for a period can use, newest first (nr 1 = latest up to the period)';

-- The unit hierarchy of one committee (or all, NULL): every unit with each of
-- its ancestors (itself included), and the whole committee as ancestor NULL --
-- left out when the committee has a single top-level unit, which already is
-- the total.
CREATE FUNCTION @extschema@.enhet_over(namnd_kod text)
    RETURNS TABLE (namnd text, anc text, kod text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE enhet_anc AS (
        SELECT e.namnd, e.kod AS anc, e.kod AS kod FROM @extschema@.enhet e
         WHERE namnd_kod IS NULL OR e.namnd = namnd_kod
        UNION ALL
        SELECT a.namnd, e.overordnad, a.kod
          FROM enhet_anc a JOIN @extschema@.enhet e ON e.namnd = a.namnd AND e.kod = a.anc
         WHERE e.overordnad IS NOT NULL
    )
    SELECT a.namnd, a.anc, a.kod FROM enhet_anc a
    UNION ALL
    SELECT e.namnd, NULL, e.kod FROM @extschema@.enhet e
     WHERE (namnd_kod IS NULL OR e.namnd = namnd_kod)
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

-- Every report row with each of its ancestors (itself included).
CREATE FUNCTION @extschema@.rad_over()
    RETURNS TABLE (anc text, kod text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE rad_anc AS (
        SELECT r.kod AS anc, r.kod AS kod FROM @extschema@.rad r
        UNION ALL
        SELECT r.overordnad, a.kod
          FROM rad_anc a JOIN @extschema@.rad r ON r.kod = a.anc
         WHERE r.overordnad IS NOT NULL
    )
    SELECT a.anc, a.kod FROM rad_anc a;
END;
COMMENT ON FUNCTION @extschema@.rad_over() IS
    'every report row with each of its ancestors (itself included): the rows a subtotal adds up';

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
