
-----------------------------------------------------------------------------
-- reports over the report tables
-----------------------------------------------------------------------------

-- +1 for a row signed 'resultat', -1 for one signed 'kostnad': multiplying a
-- row's figure by the product of two factors restates it in the other row's
-- convention.
-- (Written without CASE: the planner inlines a STRICT SQL function only when
-- its expression is strict too, and the roll-up calls this for every figure
-- and ancestor.)
CREATE FUNCTION @extschema@.teckenfaktor(@extschema@.tecken) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN 1 - 2 * ($1 = 'kostnad')::integer;
COMMENT ON FUNCTION @extschema@.teckenfaktor(@extschema@.tecken) IS
    '+1 for resultat, −1 for kostnad: the factor that restates a figure between conventions';

-- The last day of a period.
CREATE FUNCTION @extschema@.slutdatum(@extschema@.period) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (make_date(@extschema@.ar($1), @extschema@.sista_manad($1), 1) + interval '1 month - 1 day')::date;
COMMENT ON FUNCTION @extschema@.slutdatum(@extschema@.period) IS 'the last day of a period';

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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    -- The rows of the year are read and the period is chosen in FILTER and
    -- HAVING, not in WHERE: the planner cannot estimate a condition on a
    -- period (it would guess one row and sort the year's rows into groups);
    -- by the year and the committee it estimates right and hashes them.
    SELECT u.namnd, u.enhet, u.rad,
           CASE WHEN bool_or(u.period = p)
                THEN pg_catalog.sum(u.belopp) FILTER (WHERE u.period = p)
                ELSE pg_catalog.sum(u.belopp) FILTER (WHERE @extschema@.manader(u.period) = 1
                                                        AND u.period OPERATOR(pg_catalog.<@) p) END
      FROM @extschema@.utfall u
     WHERE u.ar = @extschema@.ar(p)
       AND (utfall_for_period.namnd IS NULL OR u.namnd = utfall_for_period.namnd)
     GROUP BY u.namnd, u.enhet, u.rad
    HAVING bool_or(u.period = p OR (@extschema@.manader(u.period) = 1 AND u.period OPERATOR(pg_catalog.<@) p));
END
$fn$;
COMMENT ON FUNCTION @extschema@.utfall_for_period(@extschema@.period, text) IS
    'outcome per unit and row for a period: the figure stored for exactly that period, or else the sum of its months';

-- The outcome of two periods of one year, from one read of the year's rows:
-- each as utfall_for_period takes it (belopp_p of p, belopp_q of q, NULL
-- where that period has no figure), a row where either has one.
-- driftsammandrag takes last year's same months and last year's final
-- outcome from it, where two reads would read the same rows twice.
CREATE FUNCTION @extschema@.utfall_for_perioder(p @extschema@.period, q @extschema@.period,
                                                namnd text DEFAULT NULL)
    RETURNS TABLE (namnd_kod text, enhet text, rad text, belopp_p @extschema@.belopp,
                   belopp_q @extschema@.belopp)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    IF @extschema@.ar(p) <> @extschema@.ar(q) THEN
        RAISE EXCEPTION 'periods % and % do not lie in one year', p, q
            USING ERRCODE = '22023',
                  HINT = 'Read the outcome of periods of different years with utfall_for_period, one call per period.';
    END IF;
    RETURN QUERY
    SELECT g.namnd, g.enhet, g.rad, g.belopp_p, g.belopp_q
      FROM (SELECT u.namnd, u.enhet, u.rad,
                   CASE WHEN bool_or(u.period = p)
                        THEN pg_catalog.sum(u.belopp) FILTER (WHERE u.period = p)
                        ELSE pg_catalog.sum(u.belopp) FILTER (WHERE @extschema@.manader(u.period) = 1
                                                                AND u.period OPERATOR(pg_catalog.<@) p) END
                       AS belopp_p,
                   CASE WHEN bool_or(u.period = q)
                        THEN pg_catalog.sum(u.belopp) FILTER (WHERE u.period = q)
                        ELSE pg_catalog.sum(u.belopp) FILTER (WHERE @extschema@.manader(u.period) = 1
                                                                AND u.period OPERATOR(pg_catalog.<@) q) END
                       AS belopp_q
              FROM @extschema@.utfall u
             WHERE u.ar = @extschema@.ar(p)
               AND (utfall_for_perioder.namnd IS NULL OR u.namnd = utfall_for_perioder.namnd)
             GROUP BY u.namnd, u.enhet, u.rad) g
     -- (a sum over rows of a period is never NULL, every belopp stored is not)
     WHERE g.belopp_p IS NOT NULL OR g.belopp_q IS NOT NULL;
END
$fn$;
COMMENT ON FUNCTION @extschema@.utfall_for_perioder(@extschema@.period, @extschema@.period, text) IS
    'outcome per unit and row for two periods of one year from one read of its rows, each as utfall_for_period takes it (belopp_p, belopp_q; NULL where that period has none); 22023 for periods of different years';

-- Budget per unit and row in force on a date (per): for the period (a
-- published period budget, or else the annual budget spread with its profile)
-- and for the whole year.
CREATE FUNCTION @extschema@.budget_for_period(p @extschema@.period, per date,
                                              namnd text DEFAULT NULL)
    RETURNS TABLE (namnd_kod text, enhet text, rad text, budget @extschema@.belopp,
                   budget_helar @extschema@.belopp)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
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
END
$fn$;
COMMENT ON FUNCTION @extschema@.budget_for_period(@extschema@.period, date, text) IS
    'budget per unit and row in force on a date (per): for the period (published, or the annual budget spread) and for the whole year (budget_helar)';

-- The forecast rounds of a year that a report for period p can use, newest
-- first: nr 1 is the latest round up to p, nr 2 the one before.
CREATE FUNCTION @extschema@.prognosomgangar(p @extschema@.period)
    RETURNS TABLE (nr bigint, kod text, namn text, period @extschema@.period, datum date)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT row_number() OVER (ORDER BY @extschema@.sista_manad(o.period) DESC, o.datum DESC),
           o.kod, o.namn, o.period, o.datum
      FROM @extschema@.prognosomgang o
     WHERE o.ar = @extschema@.ar(p) AND @extschema@.sista_manad(o.period) <= @extschema@.sista_manad(p)
     ORDER BY 1;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognosomgangar(@extschema@.period) IS
    'the forecast rounds a report for a period can use, newest first (nr 1 = latest up to the period)';

-- The forecasts of a year per unit and row, of the rounds named (NULL: every
-- round) and of one committee (or all, NULL).  The reports read the report
-- tables only through functions like this one and utfall_for_period: on a
-- sharded server each of these queries goes to the shards on its own, while
-- the roll-up over their results runs where the report was called.
CREATE FUNCTION @extschema@.prognos_for_omgangar(ar integer, omgangar text[], namnd text DEFAULT NULL)
    RETURNS TABLE (namnd_kod text, enhet text, rad text, omgang text, belopp @extschema@.belopp)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT f.namnd, f.enhet, f.rad, f.omgang, f.belopp
      FROM @extschema@.prognos f
     WHERE f.ar = prognos_for_omgangar.ar
       AND (prognos_for_omgangar.omgangar IS NULL OR f.omgang = ANY (prognos_for_omgangar.omgangar))
       AND (prognos_for_omgangar.namnd IS NULL OR f.namnd = prognos_for_omgangar.namnd);
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognos_for_omgangar(integer, text[], text) IS
    'the forecasts of a year per unit and row: of the rounds named (NULL: every round), of one committee or of all (NULL)';

-- The unit hierarchy of one committee (or all, NULL): every unit with each of
-- its ancestors (itself included), and the whole committee as ancestor NULL --
-- left out when the committee has a single top-level unit, which already is
-- the total.
CREATE FUNCTION @extschema@.enhet_over(namnd text)
    RETURNS TABLE (namnd_kod text, anc text, kod text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
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
    -- (the committees with several top-level units counted once, not per unit)
    SELECT e.namnd, NULL, e.kod FROM @extschema@.enhet e
     WHERE (enhet_over.namnd IS NULL OR e.namnd = enhet_over.namnd)
       AND e.namnd IN (SELECT t.namnd FROM @extschema@.enhet t
                        WHERE t.overordnad IS NULL
                          AND (enhet_over.namnd IS NULL OR t.namnd = enhet_over.namnd)
                        GROUP BY t.namnd HAVING count(*) > 1);
END
$fn$;
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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
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
                               ORDER BY CASE WHEN (p.namnd, p.kod) IN (SELECT c.namnd, c.overordnad
                                                                         FROM @extschema@.enhet c
                                                                        WHERE c.overordnad IS NOT NULL)
                                             THEN p.vag || 9223372036854775807::bigint
                                             ELSE p.vag END))::integer
      FROM enhet_path p;
END
$fn$;
COMMENT ON FUNCTION @extschema@.enhet_ordning(text) IS
    'depth and place (1, 2, ...) of every unit of a committee (or of all, NULL) in the committee''s printed order: depth-first by ordning, then code in byte order, a unit with sub-units after them';

-- Every report row with each of its ancestors (itself included).
CREATE FUNCTION @extschema@.rad_over()
    RETURNS TABLE (anc text, kod text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH RECURSIVE rad_anc AS (
        SELECT r.kod AS anc, r.kod AS kod FROM @extschema@.rad r
        UNION ALL
        SELECT r.overordnad, a.kod
          FROM rad_anc a JOIN @extschema@.rad r ON r.kod = a.anc
         WHERE r.overordnad IS NOT NULL
    )
    SELECT a.anc, a.kod FROM rad_anc a;
END
$fn$;
COMMENT ON FUNCTION @extschema@.rad_over() IS
    'every report row with each of its ancestors (itself included): the rows a subtotal adds up';

-- Depth and place of every report row in the printed order, as enhet_ordning
-- does for units: a subtotal row after the rows it adds up.
CREATE FUNCTION @extschema@.rad_ordning()
    RETURNS TABLE (kod text, niva integer, sortering integer)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
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
END
$fn$;
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

-----------------------------------------------------------------------------
-- the roll-up engine: leaf figures in, subtotals over both hierarchies out
-----------------------------------------------------------------------------
-- Every report (driftsammandrag, prognosforandringar, prognossakerhet) is a
-- set of leaf figures -- an amount of one measure for one unit and report
-- row -- rolled up the same way: to every ancestor unit and the committee
-- total (enhet_over), to every ancestor row (rad_over), each figure restated
-- in the ancestor row's sign convention (× the product of the two rows'
-- teckenfaktor), with names, levels and the sort key.  summera does that once;
-- a report is its leaf figures and the columns it computes from the sums.

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

-- In C (src/summera.c): the hierarchies come from enhet_over, enhet_ordning,
-- rad_over and rad_ordning (through SPI, as queries of the caller, so
-- row-level security holds), the figures are hashed into their cells with
-- exact 128-bit sums per measure, and the cells are sorted by the sort key.
-- A figure must name a committee, unit and report row that the roll-up
-- knows (22004 for a NULL, 22023 for one it does not know); a measure is 1 ..
-- 1000; a total that does not fit a belopp is 22003.
CREATE FUNCTION @extschema@.summera(figurer @extschema@.figur[], namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.summa
    AS 'MODULE_PATHNAME', 'summera'
    LANGUAGE C STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp;
COMMENT ON FUNCTION @extschema@.summera(@extschema@.figur[], text) IS
    'the roll-up of every report: leaf figures (of one committee, or of all with NULL) summed per measure to every ancestor unit, the committee total and every ancestor report row, each restated in the sign convention of the row it is added to; with names, levels and the sort key, in printed order';

-----------------------------------------------------------------------------
-- driftsammandrag
-----------------------------------------------------------------------------

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

-- The report of every committee as one query over each committee's report
-- (UNION ALL of the calls, in the committees' byte order), when the outcome
-- table is large enough for PostgreSQL to read it in parallel
-- (min_parallel_table_scan_size) and parallel workers may be used: the
-- planner then runs the committees' reports side by side in its workers
-- (Parallel Append), each with its reads, roll-up and output, where one
-- report of all committees runs in parallel only its reads of the tables.
-- anrop is the call of the report for one committee with %L where the
-- committee's code goes.  NULL where it does not pay: a small table, fewer
-- than two committees the caller sees, or fewer than two workers per Gather
-- (with one the planner gives every call to that worker, the leader runs no
-- call in its cost model, and plans the calls one after another, which is
-- slower than one report of all committees with its reads in parallel).
CREATE FUNCTION @extschema@.per_namnd(anrop text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    antal bigint;   -- the committees the caller sees
    fraga text;
BEGIN
    IF pg_catalog.current_setting('max_parallel_workers_per_gather')::integer < 2
       OR pg_catalog.pg_relation_size('@extschema@.utfall'::pg_catalog.regclass)
          < pg_catalog.pg_size_bytes(pg_catalog.current_setting('min_parallel_table_scan_size')) THEN
        RETURN NULL;
    END IF;
    SELECT pg_catalog.count(*),
           pg_catalog.string_agg('SELECT * FROM ' || pg_catalog.format(anrop, n.kod), ' UNION ALL '
                                 ORDER BY n.kod COLLATE pg_catalog."C")
      INTO antal, fraga
      FROM @extschema@.namnd n;
    RETURN CASE WHEN antal >= 2 THEN fraga END;
END
$fn$;
COMMENT ON FUNCTION @extschema@.per_namnd(text) IS
    'a report of every committee as the UNION ALL of each committee''s report (anrop: the call, %L for the committee), which the planner can run in parallel; NULL when the outcome table is below min_parallel_table_scan_size, max_parallel_workers_per_gather is below 2 or the caller sees fewer than two committees';

-- COST: a call reads a year of the report tables and rolls it up, a large
-- query rather than a function's default 100 operators, so that the planner
-- runs the calls of per_namnd side by side.
CREATE FUNCTION @extschema@.driftsammandrag_belopp(ar integer, p @extschema@.period, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.driftsammandrag_belopp_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE COST 1000000
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    p_fg              period;   -- the same months last year
    senaste_omgang    text;     -- the latest forecast round up to p
    foregaende_omgang text;     -- the round before it
    fraga             text;     -- every committee's report, as one query
BEGIN
    IF @extschema@.ar(p) <> driftsammandrag_belopp.ar THEN
        RAISE EXCEPTION 'period % does not lie in year %', p, driftsammandrag_belopp.ar
            USING ERRCODE = '22023',
                  HINT = 'Give the year of the period, e.g. driftsammandrag(2023, ''jan-maj 2023'').';
    END IF;
    PERFORM @extschema@.kontrollera_namnd(driftsammandrag_belopp.namnd);
    IF driftsammandrag_belopp.namnd IS NULL THEN
        fraga := @extschema@.per_namnd('@extschema@.driftsammandrag_belopp($1, $2, %L)');
        IF fraga IS NOT NULL THEN
            RETURN QUERY EXECUTE fraga || ' ORDER BY sortering' USING driftsammandrag_belopp.ar, p;
            RETURN;
        END IF;
    END IF;
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
               UNION ALL  -- 3 utfall_fg_ar: the same months last year, and 7 bokslut_fg_ar:
                          -- last year's final outcome, from one read of last year
               SELECT ROW(u.namnd_kod, NULL, NULL, u.enhet, u.rad, m.matt, m.belopp)::figur
                 FROM utfall_for_perioder(p_fg, helar(driftsammandrag_belopp.ar - 1), driftsammandrag_belopp.namnd) u,
                      LATERAL (VALUES (3, u.belopp_p), (7, u.belopp_q)) m(matt, belopp)
                WHERE m.belopp IS NOT NULL
               UNION ALL  -- 4 prognos and 5 prognos_fg: the latest round and the one before
               SELECT ROW(f.namnd_kod, NULL, NULL, f.enhet, f.rad,
                          CASE f.omgang WHEN senaste_omgang THEN 4 ELSE 5 END, f.belopp)::figur
                 FROM prognos_for_omgangar(driftsammandrag_belopp.ar, ARRAY[senaste_omgang, foregaende_omgang],
                                           driftsammandrag_belopp.namnd) f
           ), driftsammandrag_belopp.namnd) s;
END
$fn$;
COMMENT ON FUNCTION @extschema@.driftsammandrag_belopp(integer, @extschema@.period, text) IS
    'driftsammandrag with its amounts as belopp: the leaf figures of the report rolled up by summera; of every committee (NULL) on a large table, as each committee''s report run side by side (per_namnd)';

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
