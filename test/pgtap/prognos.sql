-- Forecasts: the scalar prognosforandring, the accuracy aggregate
-- prognostraffsakerhet (exact, parallel), and the reports prognosforandringar,
-- prognossakerhet and prognossakerhet_sammanfattning over a generated
-- three-year data set.  Every report figure is computed a second time here by
-- plain GROUP BY arithmetic over the stored rows, with the two hierarchies
-- written out by hand, and compared exactly; every error is checked with its
-- SQLSTATE.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(92);

-----------------------------------------------------------------------------
-- prognosforandring
-----------------------------------------------------------------------------
SELECT is(prognosforandring('120'::belopp, '100'::belopp), '20'::belopp,
          'prognosforandring: resultat is the default, new − previous');
SELECT is(prognosforandring('120'::belopp, '100'::belopp, 'kostnad'), '-20'::belopp,
          'prognosforandring: kostnad, previous − new (a larger cost is unfavourable)');
SELECT is(prognosforandring('-120,50'::belopp, '-100'::belopp, 'resultat'), '-20,50'::belopp,
          'prognosforandring: a cost signed negative that grows is unfavourable in resultat');
SELECT is(prognosforandring(120.5::numeric, 100, 'resultat'), 20.5::numeric, 'prognosforandring(numeric): resultat');
SELECT is(prognosforandring(120.5::numeric, 100, 'kostnad'), -20.5::numeric, 'prognosforandring(numeric): kostnad');
SELECT is(prognosforandring(NULL::belopp, '100'::belopp), NULL::belopp,
          'prognosforandring: no previous figure gives NULL (STRICT), not zero');
SELECT throws_ok($$SELECT prognosforandring('92 233 720 368 547 758'::belopp, '-1'::belopp)$$, '22003', NULL,
                 'prognosforandring(belopp): a change that does not fit a belopp is 22003');
SELECT throws_ok($$SELECT prognosforandring('-92 233 720 368 547 758'::belopp, '1'::belopp, 'kostnad')$$, '22003', NULL,
                 'prognosforandring(belopp, kostnad): overflow the other way is 22003 too');
SELECT is(prognosforandring(p, f, t), -prognosforandring(p, f, s),
          'prognosforandring: the two conventions differ only in sign (' || t || ')')
  FROM (VALUES ('1 000,01'::belopp, '-7'::belopp, 'resultat'::tecken, 'kostnad'::tecken)) v(p, f, t, s);

-----------------------------------------------------------------------------
-- prognostraffsakerhet on small sets, worked out by hand
-----------------------------------------------------------------------------
-- pairs (forecast, outcome): (100, 110) e = 10; (50, 40) e = −10; (10, 0) e = −10
-- n 3, bias −10/3, MAE 10, RMSE 10, MAPE over two: (10/110 + 10/40)/2 × 100
--   = 17,0454545454545454545… , each ratio rounded to 18 decimals first
CREATE TEMP TABLE liten (p numeric, u numeric);
INSERT INTO liten VALUES (100, 110), (50, 40), (10, 0), (NULL, 5), (7, NULL);
SELECT is((SELECT prognostraffsakerhet(p, u)::text FROM liten),
          '(3,-3.3333333333333333,10.0000000000000000,10.0000000000000000,2,17.045454545454545450,1)',
          'prognostraffsakerhet(numeric): n 3, bias −10/3, MAE 10, RMSE 10, MAPE 17,045… over 2, one outcome 0 left out; pairs with a NULL skipped');
SELECT is((SELECT prognostraffsakerhet(p::belopp, u::belopp)::text FROM liten),
          (SELECT prognostraffsakerhet(p, u)::text FROM liten),
          'prognostraffsakerhet(belopp) gives exactly what the numeric form gives, to the last digit');
SELECT is((SELECT (prognostraffsakerhet(p, u, 'kostnad')).medelfel FROM liten),
          -(SELECT (prognostraffsakerhet(p, u)).medelfel FROM liten),
          'prognostraffsakerhet(..., kostnad): the error is forecast − outcome, so the bias changes sign');
SELECT is((SELECT ((m).medelabsolutfel, (m).kvadratiskt_medelfel, (m).medelabsolutfel_procent)::text
             FROM (SELECT prognostraffsakerhet(p::belopp, u::belopp, 'kostnad') m FROM liten) x),
          (SELECT ((m).medelabsolutfel, (m).kvadratiskt_medelfel, (m).medelabsolutfel_procent)::text
             FROM (SELECT prognostraffsakerhet(p, u) m FROM liten) x),
          'prognostraffsakerhet(..., kostnad): the absolute measures do not depend on the convention');
SELECT is((SELECT prognostraffsakerhet(p, u) FROM liten WHERE false), NULL::traffsakerhet,
          'prognostraffsakerhet over no rows is NULL');
SELECT is((SELECT prognostraffsakerhet(p, u) FROM liten WHERE p IS NULL OR u IS NULL), NULL::traffsakerhet,
          'prognostraffsakerhet over pairs that all have a NULL is NULL');
SELECT is((SELECT prognostraffsakerhet(p, 0)::text FROM liten WHERE p IS NOT NULL),
          '(4,-41.7500000000000000,41.7500000000000000,56.2338865809575712,0,,4)',
          'prognostraffsakerhet: every outcome 0 gives no percentage (NULL) and counts them');
-- the extremes of belopp: |e| = 2^64 − 1 öre, e² near 2^128, kept exact in 192 bits
SELECT is((SELECT prognostraffsakerhet(p, u)::text
             FROM (VALUES ('-92233720368547758.08'::belopp, '92233720368547758.07'::belopp),
                          ('92233720368547758.07'::belopp, '-92233720368547758.08'::belopp),
                          ('92233720368547758.07'::belopp, '0,01'::belopp)) v(p, u)),
          (SELECT prognostraffsakerhet(p::numeric, u::numeric)::text
             FROM (VALUES ('-92233720368547758.08'::belopp, '92233720368547758.07'::belopp),
                          ('92233720368547758.07'::belopp, '-92233720368547758.08'::belopp),
                          ('92233720368547758.07'::belopp, '0,01'::belopp)) v(p, u)),
          'prognostraffsakerhet(belopp) at the ends of the range: no overflow, the same as numeric');
SELECT throws_ok($$SELECT prognostraffsakerhet(1::numeric, 2, NULL)$$, '22004', NULL,
                 'prognostraffsakerhet(numeric, tecken): a pair with tecken NULL is 22004 (never guessed)');
SELECT throws_ok($$SELECT prognostraffsakerhet('1'::belopp, '2'::belopp, NULL)$$, '22004', NULL,
                 'prognostraffsakerhet(belopp, tecken): a pair with tecken NULL is 22004');
SELECT is((SELECT prognostraffsakerhet(p, u, NULL) FROM liten WHERE p IS NULL OR u IS NULL), NULL::traffsakerhet,
          'prognostraffsakerhet(..., tecken): pairs with a NULL figure are skipped before the convention is read');
SELECT throws_ok($$SELECT prognostraffsakerhet('NaN'::numeric, 1)$$, '22003', NULL,
                 'prognostraffsakerhet: a NaN forecast is 22003');
SELECT throws_ok($$SELECT prognostraffsakerhet(1, '-Infinity'::numeric)$$, '22003', NULL,
                 'prognostraffsakerhet: an infinite outcome is 22003');

-----------------------------------------------------------------------------
-- prognostraffsakerhet on 100 000 rows: a second formulation, and parallel
-----------------------------------------------------------------------------
-- A plain table (a temporary one is never scanned in parallel).
CREATE TABLE stor AS
SELECT i, i % 7 AS grupp,
       ((i * 7919) % 2000001 - 1000000) * 0.01 + ((i * 104729) % 20001 - 10000) * 0.01 AS p,
       CASE WHEN i % 997 = 0 THEN 0 ELSE ((i * 7919) % 2000001 - 1000000) * 0.01 END AS u
  FROM generate_series(1::bigint, 100000) i;
ALTER TABLE stor ADD COLUMN pb belopp, ADD COLUMN ub belopp;
UPDATE stor SET pb = p::belopp, ub = u::belopp;
ANALYZE stor;

-- the second formulation: plain aggregates over the same errors
CREATE TEMP VIEW stor_sql AS
SELECT grupp, count(*) AS antal, avg(u - p) AS medelfel, avg(abs(u - p)) AS medelabsolutfel,
       sqrt(avg((u - p) * (u - p))) AS kvadratiskt_medelfel,
       count(*) FILTER (WHERE u <> 0) AS antal_procent,
       avg(round(abs(u - p)::numeric(60, 30) / abs(u), 18) * 100) FILTER (WHERE u <> 0) AS medelabsolutfel_procent,
       count(*) FILTER (WHERE u = 0) AS antal_utfall_noll
  FROM stor GROUP BY GROUPING SETS ((grupp), ());

SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE seriell AS
SELECT grupp, (prognostraffsakerhet(p, u)).*, prognostraffsakerhet(pb, ub)::text AS b
  FROM stor GROUP BY GROUPING SETS ((grupp), ());

SELECT is((SELECT count(*) FROM stor WHERE u = 0) > 0, true, 'the large set has outcomes of 0');
SELECT is((SELECT string_agg(s::text, ';' ORDER BY grupp NULLS LAST) FROM stor_sql s),
          (SELECT string_agg((grupp, antal, medelfel, medelabsolutfel, kvadratiskt_medelfel, antal_procent,
                              medelabsolutfel_procent, antal_utfall_noll)::text, ';' ORDER BY grupp NULLS LAST)
             FROM seriell),
          'prognostraffsakerhet(numeric) equals count/avg/sqrt/avg over the same errors, digit for digit, per group and in total');
SELECT is((SELECT count(*) FROM seriell
            WHERE b <> (antal, medelfel, medelabsolutfel, kvadratiskt_medelfel, antal_procent,
                        medelabsolutfel_procent, antal_utfall_noll)::text), 0::bigint,
          'prognostraffsakerhet(belopp) equals the numeric form, digit for digit');

-- a plan's text
CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE q LOOP
        result := result || line || E'\n';
    END LOOP;
    RETURN result;
END $$;

SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT matches(pg_temp.plan('EXPLAIN (COSTS OFF) SELECT prognostraffsakerhet(p, u) FROM stor'),
               'Partial Aggregate', 'prognostraffsakerhet(numeric) is planned as a parallel (partial) aggregate');
SELECT matches(pg_temp.plan('EXPLAIN (COSTS OFF) SELECT prognostraffsakerhet(pb, ub, ''kostnad'') FROM stor'),
               'Partial Aggregate', 'prognostraffsakerhet(belopp, tecken) is planned as a parallel (partial) aggregate');
SELECT matches(pg_temp.plan('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) SELECT prognostraffsakerhet(p, u), prognostraffsakerhet(pb, ub) FROM stor'),
               'Workers Launched: [1-9]', 'the parallel plan really ran in workers (states serialised and combined)');
SELECT matches(pg_temp.plan('EXPLAIN (COSTS OFF) SELECT grupp, prognostraffsakerhet(p, u) FROM stor GROUP BY grupp'),
               'Partial (Hash|Group)Aggregate', 'grouped prognostraffsakerhet is planned in parallel too');
SELECT is((SELECT (prognostraffsakerhet(p, u))::text FROM stor),
          (SELECT (antal, medelfel, medelabsolutfel, kvadratiskt_medelfel, antal_procent,
                   medelabsolutfel_procent, antal_utfall_noll)::text FROM seriell WHERE grupp IS NULL),
          'prognostraffsakerhet(numeric): the parallel result equals the serial one exactly');
SELECT is((SELECT (prognostraffsakerhet(pb, ub))::text FROM stor),
          (SELECT b FROM seriell WHERE grupp IS NULL),
          'prognostraffsakerhet(belopp): the parallel result equals the serial one exactly');
SELECT is((SELECT string_agg(x, ';' ORDER BY grupp)
             FROM (SELECT grupp, prognostraffsakerhet(p, u)::text || prognostraffsakerhet(pb, ub)::text AS x
                     FROM stor GROUP BY grupp) g),
          (SELECT string_agg((antal, medelfel, medelabsolutfel, kvadratiskt_medelfel, antal_procent,
                              medelabsolutfel_procent, antal_utfall_noll)::text || b, ';' ORDER BY grupp)
             FROM seriell WHERE grupp IS NOT NULL),
          'grouped prognostraffsakerhet: the parallel results equal the serial ones exactly');
SELECT is((SELECT (prognostraffsakerhet(pb, ub, 'kostnad')).medelfel FROM stor),
          -(SELECT medelfel FROM seriell WHERE grupp IS NULL),
          'prognostraffsakerhet(belopp, kostnad) in parallel: the bias with the sign turned');
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-----------------------------------------------------------------------------
-- the data set: three committees, 2022-2024, four rounds a year
-----------------------------------------------------------------------------
-- KOMN: K1 (children K1a, K1b) and K2 at the top, so it has a committee total;
-- SOCN: one top unit S (children S1, S2, S3), which is its total;
-- TEKN: T1 and T2 at the top, no children; T2 has no revenue row.
INSERT INTO namnd (kod, namn) VALUES
    ('KOMN', 'Kulturnämnden'), ('SOCN', 'Socialnämnden'), ('TEKN', 'Tekniska nämnden');
INSERT INTO enhet (namnd, kod, namn, overordnad, ordning) VALUES
    ('KOMN', 'K1', 'Bibliotek', NULL, 1), ('KOMN', 'K1a', 'Huvudbiblioteket', 'K1', 1),
    ('KOMN', 'K1b', 'Filialer', 'K1', 2), ('KOMN', 'K2', 'Museum', NULL, 2),
    ('SOCN', 'S', 'Socialförvaltningen', NULL, 1), ('SOCN', 'S1', 'Hemtjänst', 'S', 1),
    ('SOCN', 'S2', 'Särskilt boende', 'S', 2), ('SOCN', 'S3', 'LSS', 'S', 3),
    ('TEKN', 'T1', 'Gata', NULL, 1), ('TEKN', 'T2', 'Park', NULL, 2);
-- rows: LOK is signed as a positive cost (kostnad) under a resultat subtotal
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('RES', 'Resultat', 'resultat', 'resultat', NULL, 90),
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', 'RES', 10),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 1),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 2),
    ('PERS', 'Personal', 'kostnad', 'resultat', 'KOST', 1),
    ('LOK', 'Lokaler', 'kostnad', 'kostnad', 'KOST', 2),
    ('KB', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'RES', 20);
-- rounds: apr, maj, aug, okt, dated 15 days after their period; 2024 has no okt yet
INSERT INTO prognosomgang (ar, kod, namn, period, datum)
SELECT y, k, 'Prognos ' || k, period(y, 1, m), slutdatum(period(y, 1, m)) + 15
  FROM generate_series(2022, 2024) y, (VALUES ('apr', 4), ('maj', 5), ('aug', 8), ('okt', 10)) v(k, m)
 WHERE NOT (y = 2024 AND k = 'okt');

-- deterministic amounts with öre: lo + (hash mod span) öre
CREATE FUNCTION pg_temp.belopp_av(nyckel text, lo bigint, span bigint) RETURNS numeric
    LANGUAGE sql IMMUTABLE RETURN (lo + abs(hashtext(nyckel)::bigint) % span) * 0.01;

-- the leaves: units without sub-units × rows without sub-rows
CREATE TEMP TABLE blad AS
SELECT e.namnd, e.kod AS enhet, r.kod AS rad
  FROM enhet e CROSS JOIN rad r
 WHERE r.kod IN ('INT', 'PERS', 'LOK', 'KB')
   AND e.kod IN ('K1a', 'K1b', 'K2', 'S1', 'S2', 'S3', 'T1', 'T2')
   AND NOT (e.kod = 'T2' AND r.kod = 'INT');

-- budget versions: from 1 January; changes on 1 June (between apr and maj),
-- 30 September (between aug and okt), and 10 February of the next year (the
-- final budget only)
CREATE TEMP TABLE versioner AS
SELECT b.namnd, b.enhet, b.rad, y AS ar, make_date(y, 1, 1) AS giltig_fran,
       CASE b.rad WHEN 'INT' THEN pg_temp.belopp_av('B' || y || b.enhet || b.rad, 10000000, 300000000)
                  WHEN 'PERS' THEN -pg_temp.belopp_av('B' || y || b.enhet || b.rad, 500000000, 3000000000)
                  WHEN 'LOK' THEN pg_temp.belopp_av('B' || y || b.enhet || b.rad, 50000000, 400000000)
                  ELSE pg_temp.belopp_av('B' || y || b.enhet || b.rad, 300000000, 3000000000) END AS belopp
  FROM blad b, generate_series(2022, 2024) y;
INSERT INTO versioner
SELECT v.namnd, v.enhet, v.rad, v.ar, c.datum,
       v.belopp + pg_temp.belopp_av('D' || v.ar || v.enhet || v.rad || c.datum, -5000000, 10000001)
  FROM versioner v
  JOIN (VALUES ('K1a', 'PERS', '06-01'), ('S2', 'LOK', '06-01'), ('T1', 'KB', '06-01'),
               ('K2', 'INT', '09-30'), ('S1', 'PERS', '09-30'),
               ('T2', 'LOK', '+02-10'), ('S3', 'KB', '+02-10')) d(enhet, rad, nar)
    ON d.enhet = v.enhet AND d.rad = v.rad
  CROSS JOIN LATERAL (SELECT CASE WHEN d.nar LIKE '+%' THEN make_date(v.ar + 1, 2, 10)
                                  ELSE (v.ar || '-' || d.nar)::date END AS datum) c;
-- K1a PERS changes a second time, on 30 September
INSERT INTO versioner
SELECT v.namnd, v.enhet, v.rad, v.ar, make_date(v.ar, 9, 30), v.belopp - 1234567.89
  FROM versioner v WHERE v.enhet = 'K1a' AND v.rad = 'PERS' AND v.giltig_fran = make_date(v.ar, 6, 1);
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut)
SELECT namnd, enhet, rad, helar(ar), giltig_fran, belopp::belopp, 'beslut ' || giltig_fran FROM versioner;

-- the budget a leaf had on a date (for generating the figures only)
CREATE FUNCTION pg_temp.budget_vid(n text, e text, r text, y integer, d date) RETURNS numeric
    LANGUAGE sql STABLE
    RETURN (SELECT v.belopp FROM versioner v
             WHERE (v.namnd, v.enhet, v.rad, v.ar) = (n, e, r, y) AND v.giltig_fran <= d
             ORDER BY v.giltig_fran DESC LIMIT 1);

-- forecasts: the budget at the round ± up to 100 000 kr; S3 is new in maj
-- (no apr forecast), T2's LOK was left out of the aug round
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
SELECT b.namnd, b.enhet, b.rad, o.ar, o.kod,
       (pg_temp.budget_vid(b.namnd, b.enhet, b.rad, o.ar, o.datum)
        + pg_temp.belopp_av('P' || o.ar || o.kod || b.enhet || b.rad, -10000000, 20000001))::belopp
  FROM blad b CROSS JOIN prognosomgang o
 WHERE NOT (b.enhet = 'S3' AND o.kod = 'apr')
   AND NOT (b.enhet = 'T2' AND b.rad = 'LOK' AND o.kod = 'aug');

-- T2 has no revenue row, but its okt 2023 forecast expects 50 000 kr of it
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('TEKN', 'T2', 'INT', 2023, 'okt', '50 000');

-- final outcomes: the final budget ± up to 150 000 kr; two of them exactly 0
CREATE TEMP TABLE slut AS
SELECT b.namnd, b.enhet, b.rad, y AS ar,
       CASE WHEN (y, b.enhet, b.rad) IN ((2022, 'T1', 'INT'), (2023, 'K2', 'INT')) THEN 0
            ELSE pg_temp.budget_vid(b.namnd, b.enhet, b.rad, y, 'infinity')
                 + pg_temp.belopp_av('U' || y || b.enhet || b.rad, -15000000, 30000001) END AS belopp
  FROM blad b, generate_series(2022, 2023) y;
-- stored as the ERP books it (twelve months) or as a whole year:
--   2022: KOMN and SOCN by month, TEKN for the whole year;
--   2023: KOMN and TEKN by month, SOCN for the whole year and also by month
--         for January-August (the whole-year figure is the one that counts);
--   2024: every committee January-August only (the year is not closed)
CREATE FUNCTION pg_temp.manad(belopp numeric, m integer) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    RETURN CASE WHEN m < 12 THEN round(belopp / 12, 2) ELSE belopp - 11 * round(belopp / 12, 2) END;
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT s.namnd, s.enhet, s.rad, period(s.ar, m, m), pg_temp.manad(s.belopp, m)::belopp
  FROM slut s, generate_series(1, 12) m
 WHERE (s.ar = 2022 AND s.namnd IN ('KOMN', 'SOCN')) OR (s.ar = 2023 AND s.namnd IN ('KOMN', 'TEKN'));
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT s.namnd, s.enhet, s.rad, helar(s.ar), s.belopp::belopp
  FROM slut s
 WHERE (s.ar = 2022 AND s.namnd = 'TEKN') OR (s.ar = 2023 AND s.namnd = 'SOCN');
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT s.namnd, s.enhet, s.rad, period(s.ar, m, m), (pg_temp.manad(s.belopp, m) + 1000)::belopp
  FROM slut s, generate_series(1, 8) m
 WHERE s.ar = 2023 AND s.namnd = 'SOCN';
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT b.namnd, b.enhet, b.rad, period(2024, m, m),
       pg_temp.belopp_av('U2024' || m || b.enhet || b.rad, -1000000, 2000001)::belopp
  FROM blad b, generate_series(1, 8) m;

-----------------------------------------------------------------------------
-- the second formulation: stored rows, plain GROUP BY, hierarchies by hand
-----------------------------------------------------------------------------
-- each leaf unit with its ancestors (NULL: the committee total, which SOCN,
-- with its single top unit S, does not have), and the ancestor's level
CREATE TEMP TABLE enhet_upp (namnd text, enhet text, anc text, niva integer);
INSERT INTO enhet_upp VALUES
    ('KOMN', 'K1a', 'K1a', 2), ('KOMN', 'K1a', 'K1', 1), ('KOMN', 'K1a', NULL, 0),
    ('KOMN', 'K1b', 'K1b', 2), ('KOMN', 'K1b', 'K1', 1), ('KOMN', 'K1b', NULL, 0),
    ('KOMN', 'K2', 'K2', 1), ('KOMN', 'K2', NULL, 0),
    ('SOCN', 'S1', 'S1', 2), ('SOCN', 'S1', 'S', 1),
    ('SOCN', 'S2', 'S2', 2), ('SOCN', 'S2', 'S', 1),
    ('SOCN', 'S3', 'S3', 2), ('SOCN', 'S3', 'S', 1),
    ('TEKN', 'T1', 'T1', 1), ('TEKN', 'T1', NULL, 0),
    ('TEKN', 'T2', 'T2', 1), ('TEKN', 'T2', NULL, 0);
-- each leaf row with its ancestors, the factor that restates it in the
-- ancestor's convention (LOK is a positive cost under resultat subtotals),
-- the ancestor's level and convention
CREATE TEMP TABLE rad_upp (rad text, anc text, faktor integer, niva integer, tecken tecken);
INSERT INTO rad_upp VALUES
    ('INT', 'INT', 1, 3, 'resultat'), ('INT', 'NETTO', 1, 2, 'resultat'), ('INT', 'RES', 1, 1, 'resultat'),
    ('PERS', 'PERS', 1, 4, 'resultat'), ('PERS', 'KOST', 1, 3, 'resultat'),
    ('PERS', 'NETTO', 1, 2, 'resultat'), ('PERS', 'RES', 1, 1, 'resultat'),
    ('LOK', 'LOK', 1, 4, 'kostnad'), ('LOK', 'KOST', -1, 3, 'resultat'),
    ('LOK', 'NETTO', -1, 2, 'resultat'), ('LOK', 'RES', -1, 1, 'resultat'),
    ('KB', 'KB', 1, 2, 'resultat'), ('KB', 'RES', 1, 1, 'resultat');

-- rounds in order, each with the one before it
CREATE TEMP VIEW x_omg AS
SELECT o.ar, o.kod, o.datum,
       row_number() OVER w AS nr,
       lag(o.kod) OVER w AS fg, lag(o.datum) OVER w AS datum_fg
  FROM prognosomgang o
WINDOW w AS (PARTITION BY o.ar ORDER BY sista_manad(o.period), o.datum);

-- the full-year budget version in force on a date: the latest giltig_fran up to it
CREATE FUNCTION pg_temp.x_budget(n text, e text, r text, y integer, d date) RETURNS numeric
    LANGUAGE sql STABLE
    RETURN (SELECT b.belopp::numeric FROM budget b
             WHERE b.namnd = n AND b.enhet = e AND b.rad = r AND b.period = helar(y)
               AND b.giltig_fran = (SELECT max(b2.giltig_fran) FROM budget b2
                                     WHERE b2.namnd = n AND b2.enhet = e AND b2.rad = r
                                       AND b2.period = helar(y) AND b2.giltig_fran <= d));
CREATE FUNCTION pg_temp.x_prognos(n text, e text, r text, y integer, omg text) RETURNS numeric
    LANGUAGE sql STABLE
    RETURN (SELECT p.belopp::numeric FROM prognos p
             WHERE p.namnd = n AND p.enhet = e AND p.rad = r AND p.ar = y AND p.omgang = omg);
-- the final outcome: the whole-year row if there is one, else the sum of the months
CREATE TEMP VIEW x_slut AS
SELECT u.namnd, u.enhet, u.rad, u.ar,
       CASE WHEN count(*) FILTER (WHERE u.period = helar(u.ar)) > 0
            THEN sum(u.belopp::numeric) FILTER (WHERE u.period = helar(u.ar))
            ELSE sum(u.belopp::numeric) FILTER (WHERE manader(u.period) = 1) END AS belopp
  FROM utfall u GROUP BY u.namnd, u.enhet, u.rad, u.ar;

-- prognosforandringar for every round of every year, the second way
CREATE TEMP VIEW x_forandring AS
WITH nycklar AS (
    SELECT DISTINCT namnd, enhet, rad FROM prognos
    UNION SELECT DISTINCT namnd, enhet, rad FROM budget
), leaf AS (
    SELECT o.ar, o.kod AS omgang, k.namnd, k.enhet, k.rad,
           pg_temp.x_prognos(k.namnd, k.enhet, k.rad, o.ar, o.kod) AS p,
           pg_temp.x_prognos(k.namnd, k.enhet, k.rad, o.ar, o.fg) AS p_fg,
           pg_temp.x_budget(k.namnd, k.enhet, k.rad, o.ar, o.datum) AS b,
           pg_temp.x_budget(k.namnd, k.enhet, k.rad, o.ar, o.datum_fg) AS b_fg
      FROM x_omg o CROSS JOIN nycklar k
), rullad AS (
    SELECT l.ar, l.omgang, l.namnd, ue.anc AS enhet, ue.niva AS enhet_niva, ra.anc AS rad,
           ra.niva AS rad_niva, ra.tecken,
           sum(l.p * ra.faktor) AS p, sum(l.p_fg * ra.faktor) AS p_fg,
           sum(l.b * ra.faktor) AS b, sum(l.b_fg * ra.faktor) AS b_fg
      FROM leaf l
      JOIN enhet_upp ue ON ue.namnd = l.namnd AND ue.enhet = l.enhet
      JOIN rad_upp ra ON ra.rad = l.rad
     WHERE coalesce(l.p, l.p_fg, l.b, l.b_fg) IS NOT NULL
     GROUP BY l.ar, l.omgang, l.namnd, ue.anc, ue.niva, ra.anc, ra.niva, ra.tecken
)
SELECT ar, omgang, namnd, enhet, enhet_niva, rad, rad_niva, tecken, p, p_fg,
       CASE tecken WHEN 'resultat' THEN p - p_fg ELSE p_fg - p END AS prognosforandring,
       b, b_fg,
       CASE tecken WHEN 'resultat' THEN b_fg - b ELSE b - b_fg END AS budgetforandring,
       CASE tecken WHEN 'resultat' THEN p - b ELSE b - p END AS avv,
       CASE tecken WHEN 'resultat' THEN p_fg - b_fg ELSE b_fg - p_fg END AS avv_fg
  FROM rullad;

CREATE TEMP TABLE forandringar AS
SELECT o.ar, o.kod AS omgang, f.*
  FROM prognosomgang o CROSS JOIN LATERAL prognosforandringar(o.ar, o.kod) f;

-----------------------------------------------------------------------------
-- prognosforandringar
-----------------------------------------------------------------------------
SELECT is((SELECT count(*) FROM forandringar), (SELECT count(*) FROM x_forandring),
          'prognosforandringar: as many rows, over all 11 rounds, as the second formulation');
SELECT bag_eq($$SELECT ar, omgang, namnd_kod, enhet, enhet_niva, rad, rad_niva, tecken FROM forandringar$$,
              $$SELECT ar, omgang, namnd, enhet, enhet_niva, rad, rad_niva, tecken FROM x_forandring$$,
              'prognosforandringar: the same units and rows with subtotals, levels and conventions');
SELECT bag_eq($$SELECT ar, omgang, namnd_kod, enhet, rad, prognos, prognos_fg, prognosforandring FROM forandringar$$,
              $$SELECT ar, omgang, namnd, enhet, rad, p, p_fg, prognosforandring FROM x_forandring$$,
              'prognosforandringar: forecasts of both rounds and the change, exactly, every row and subtotal');
SELECT bag_eq($$SELECT ar, omgang, namnd_kod, enhet, rad, budget, budget_fg, budgetforandring FROM forandringar$$,
              $$SELECT ar, omgang, namnd, enhet, rad, b, b_fg, budgetforandring FROM x_forandring$$,
              'prognosforandringar: the budget in force at each round''s date and its change, exactly');
SELECT bag_eq($$SELECT ar, omgang, namnd_kod, enhet, rad, avvikelse, avvikelse_fg, avvikelseforandring FROM forandringar$$,
              $$SELECT ar, omgang, namnd, enhet, rad, avv, avv_fg, avv - avv_fg FROM x_forandring$$,
              'prognosforandringar: the deviation at each round and its change, exactly');
SELECT bag_eq($$SELECT ar, omgang, prognosomgang, prognosomgang_fg FROM forandringar$$,
              $$SELECT o.ar, o.kod AS omgang, o.kod AS prognosomgang, o.fg FROM x_omg o JOIN x_forandring x ON x.ar = o.ar AND x.omgang = o.kod$$,
              'prognosforandringar: each round against the one before it in the year (by period, then date)');
SELECT is((SELECT count(*) FROM forandringar
            WHERE avvikelseforandring IS DISTINCT FROM prognosforandring + budgetforandring), 0::bigint,
          'prognosforandringar: avvikelseforandring = prognosforandring + budgetforandring on every row');
SELECT cmp_ok((SELECT count(*) FROM forandringar
                WHERE budgetforandring <> 0 AND avvikelseforandring <> prognosforandring), '>=', 20::bigint,
              'prognosforandringar: where the budget moved between rounds the two changes differ (on 20 or more rows)');
SELECT is((SELECT count(*) FROM forandringar WHERE omgang = 'apr'
            AND (prognosomgang_fg IS NOT NULL OR prognos_fg IS NOT NULL OR prognosforandring IS NOT NULL
                 OR budget_fg IS NOT NULL OR avvikelseforandring IS NOT NULL)), 0::bigint,
          'prognosforandringar: the first round of a year has no previous figures: NULL everywhere');
SELECT is((SELECT count(*) FROM forandringar WHERE omgang = 'maj' AND enhet = 'S3' AND rad = 'RES'
            AND prognos IS NOT NULL AND prognos_fg IS NULL AND prognosforandring IS NULL), 3::bigint,
          'prognosforandringar: a unit new in maj (S3) has NULL, not zero, as its previous forecast (2022-2024)');
SELECT is((SELECT (prognos IS NULL, prognos_fg IS NOT NULL, prognosforandring IS NULL)::text
             FROM forandringar WHERE ar = 2023 AND omgang = 'aug' AND enhet = 'T2' AND rad = 'LOK'),
          '(t,t,t)', 'prognosforandringar: a figure missing in this round gives NULL, not zero');
SELECT bag_eq($$SELECT namnd_kod, enhet, rad, prognosomgang, prognosomgang_fg, prognos, prognos_fg, budget, avvikelse, sortering
                  FROM prognosforandringar(2024)$$,
              $$SELECT namnd_kod, enhet, rad, prognosomgang, prognosomgang_fg, prognos, prognos_fg, budget, avvikelse, sortering
                  FROM forandringar WHERE ar = 2024 AND omgang = 'aug'$$,
              'prognosforandringar(ar): without a round, the latest of the year');
SELECT bag_eq($$SELECT namnd_kod, enhet, enhet_niva, rad, prognos, prognos_fg, prognosforandring, budget, budget_fg,
                       avvikelse, avvikelse_fg, avvikelseforandring, sortering
                  FROM prognosforandringar(2023, 'okt', 'SOCN')$$,
              $$SELECT namnd_kod, enhet, enhet_niva, rad, prognos, prognos_fg, prognosforandring, budget, budget_fg,
                       avvikelse, avvikelse_fg, avvikelseforandring, sortering
                  FROM forandringar WHERE ar = 2023 AND omgang = 'okt' AND namnd_kod = 'SOCN'$$,
              'prognosforandringar(ar, omgang, namnd): one committee''s rows of the whole report');
SELECT is((SELECT array_agg(coalesce(enhet, '-') || ':' || rad ORDER BY sortering)
             FROM prognosforandringar(2023, 'okt', 'TEKN') WHERE rad IN ('INT', 'NETTO')),
          ARRAY['T1:INT', 'T1:NETTO', 'T2:INT', 'T2:NETTO', '-:INT', '-:NETTO'],
          'prognosforandringar: the committee total (enhet NULL) comes last');

-- errors
SELECT throws_ok($$SELECT * FROM prognosforandringar(2023, 'dec')$$, '22023',
                 'no forecast round "dec" in year 2023', 'prognosforandringar: an unknown round is 22023');
SELECT throws_ok($$SELECT * FROM prognosforandringar(2023, NULL, 'XYZ')$$, '22023',
                 'no committee "XYZ"', 'prognosforandringar: an unknown committee is 22023');
SELECT throws_ok($$SELECT * FROM prognosforandringar(2019)$$, '22023',
                 'no forecast round in year 2019', 'prognosforandringar: a year without rounds is 22023');
SELECT throws_ok($$SELECT * FROM prognosforandringar(NULL)$$, '22004', NULL,
                 'prognosforandringar: a NULL year is 22004');
CREATE FUNCTION pg_temp.hint(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    h text;
BEGIN
    EXECUTE q;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS h = PG_EXCEPTION_HINT;
    RETURN h;
END $$;
SELECT is(pg_temp.hint($$SELECT * FROM prognosforandringar(2024, 'okt')$$),
          'The rounds of 2024 are: apr, maj, aug.',
          'prognosforandringar: the hint of an unknown round lists the year''s rounds in order');

-----------------------------------------------------------------------------
-- prognossakerhet
-----------------------------------------------------------------------------
CREATE TEMP VIEW x_sakerhet AS
WITH leaf AS (
    -- what each round forecast; nothing booked in the closed year is 0
    SELECT o.ar, o.kod AS omgang, o.nr, p.namnd, p.enhet, p.rad, p.belopp::numeric AS p,
           coalesce((SELECT s.belopp FROM x_slut s
                      WHERE (s.namnd, s.enhet, s.rad, s.ar) = (p.namnd, p.enhet, p.rad, o.ar)), 0) AS u,
           pg_temp.x_budget(p.namnd, p.enhet, p.rad, o.ar, o.datum) AS b,
           pg_temp.x_budget(p.namnd, p.enhet, p.rad, o.ar, 'infinity') AS bs
      FROM x_omg o JOIN prognos p ON p.ar = o.ar AND p.omgang = o.kod
     WHERE o.ar IN (2022, 2023)
), rullad AS (
    SELECT l.ar, l.omgang, l.nr, l.namnd, ue.anc AS enhet, ra.anc AS rad, ra.tecken,
           sum(l.p * ra.faktor) AS p, sum(l.u * ra.faktor) AS u,
           sum(l.b * ra.faktor) AS b, sum(l.bs * ra.faktor) AS bs
      FROM leaf l
      JOIN enhet_upp ue ON ue.namnd = l.namnd AND ue.enhet = l.enhet
      JOIN rad_upp ra ON ra.rad = l.rad
     GROUP BY l.ar, l.omgang, l.nr, l.namnd, ue.anc, ra.anc, ra.tecken
), fel AS (
    SELECT r.*,
           CASE tecken WHEN 'resultat' THEN u - p ELSE p - u END AS prognosfel,
           CASE tecken WHEN 'resultat' THEN p - b ELSE b - p END AS avv,
           CASE tecken WHEN 'resultat' THEN u - bs ELSE bs - u END AS avv_slut
      FROM rullad r
)
SELECT f.*, CASE WHEN u <> 0 THEN prognosfel * 100 / abs(u) END AS fel_procent,
       CASE tecken WHEN 'resultat' THEN b - bs ELSE bs - b END AS budgetforandring
  FROM fel f;

CREATE TEMP TABLE sakerhet AS
SELECT y AS ar, s.* FROM generate_series(2022, 2023) y CROSS JOIN LATERAL prognossakerhet(y) s;

SELECT is((SELECT count(*) FROM sakerhet), (SELECT count(*) FROM x_sakerhet),
          'prognossakerhet: as many rows, over 2022 and 2023, as the second formulation');
SELECT bag_eq($$SELECT ar, prognosomgang, omgang_nr, namnd_kod, enhet, rad, tecken, prognos, utfall, prognosfel, fel_procent FROM sakerhet$$,
              $$SELECT ar, omgang, nr::integer, namnd, enhet, rad, tecken, p, u, prognosfel, fel_procent FROM x_sakerhet$$,
              'prognossakerhet: forecast, final outcome, forecast error and its percentage of |outcome|, exactly, every round, unit and row');
SELECT bag_eq($$SELECT ar, prognosomgang, namnd_kod, enhet, rad, budget, budget_slut, budgetforandring, prognos_avvikelse, slutlig_avvikelse, avvikelsefel FROM sakerhet$$,
              $$SELECT ar, omgang, namnd, enhet, rad, b, bs, budgetforandring, avv, avv_slut, avv_slut - avv FROM x_sakerhet$$,
              'prognossakerhet: budgets at the round and at the end, the two deviations and the error of the deviation, exactly');
SELECT is((SELECT count(*) FROM sakerhet WHERE avvikelsefel IS DISTINCT FROM prognosfel + budgetforandring), 0::bigint,
          'prognossakerhet: avvikelsefel = prognosfel + budgetforandring on every row');
SELECT cmp_ok((SELECT count(*) FROM sakerhet WHERE budgetforandring <> 0), '>=', 20::bigint,
              'prognossakerhet: the final budget differs from the round''s on 20 or more rows');
SELECT is((SELECT (utfall, fel_procent IS NULL, prognosfel = -prognos)::text FROM sakerhet
            WHERE ar = 2022 AND prognosomgang = 'okt' AND enhet = 'T1' AND rad = 'INT'),
          '(0.00,t,t)', 'prognossakerhet: a final outcome of 0 has no percentage (NULL)');
SELECT is((SELECT utfall FROM sakerhet WHERE ar = 2023 AND prognosomgang = 'aug' AND enhet = 'S1' AND rad = 'PERS'),
          (SELECT belopp::numeric FROM utfall WHERE ar = 2023 AND enhet = 'S1' AND rad = 'PERS' AND period = '2023'),
          'prognossakerhet: a whole-year outcome is the final one even where months were booked too');
SELECT is((SELECT count(DISTINCT prognosomgang) FROM sakerhet WHERE ar = 2022 AND enhet = 'S3'), 3::bigint,
          'prognossakerhet: a unit is measured in the rounds that forecast it (S3 from maj)');
SELECT is((SELECT count(*) FROM sakerhet WHERE ar = 2023 AND enhet = 'T2' AND rad = 'LOK'), 3::bigint,
          'prognossakerhet: a row left out of a round (T2 LOK in aug) is not measured in that round');
SELECT is((SELECT (prognos, utfall, prognosfel, fel_procent IS NULL)::text FROM sakerhet
            WHERE ar = 2023 AND prognosomgang = 'okt' AND enhet = 'T2' AND rad = 'INT'),
          '(50000.00,0.00,-50000.00,t)',
          'prognossakerhet: a forecast with nothing booked in the closed year has outcome 0 and the whole forecast as its error');
SELECT is((SELECT prognos - utfall FROM sakerhet WHERE ar = 2022 AND prognosomgang = 'apr' AND enhet = 'S' AND rad = 'RES'),
          (SELECT sum(prognos - utfall) FROM sakerhet
            WHERE ar = 2022 AND prognosomgang = 'apr' AND enhet IN ('S1', 'S2') AND rad = 'RES'),
          'prognossakerhet: a subtotal compares like with like (S in apr: S1 and S2, not S3''s outcome)');
SELECT bag_eq($$SELECT namnd_kod, prognosomgang, omgang_nr, enhet, enhet_niva, rad, prognos, utfall, prognosfel,
                       fel_procent, budget, budget_slut, avvikelsefel, sortering
                  FROM prognossakerhet(2023, 'KOMN')$$,
              $$SELECT namnd_kod, prognosomgang, omgang_nr, enhet, enhet_niva, rad, prognos, utfall, prognosfel,
                       fel_procent, budget, budget_slut, avvikelsefel, sortering
                  FROM sakerhet WHERE ar = 2023 AND namnd_kod = 'KOMN'$$,
              'prognossakerhet(ar, namnd): one committee''s rows of the whole report');
SELECT is((SELECT count(*) FROM prognossakerhet(2021)), 0::bigint,
          'prognossakerhet: a year without forecasts has nothing to measure');

-- errors
SELECT throws_ok($$SELECT * FROM prognossakerhet(2024)$$, '55000',
                 'the final outcome of 2024 is not loaded for KOMN, SOCN, TEKN',
                 'prognossakerhet: before the final outcome exists, 55000 naming the committees');
SELECT throws_ok($$SELECT * FROM prognossakerhet(2024, 'TEKN')$$, '55000',
                 'the final outcome of 2024 is not loaded for TEKN',
                 'prognossakerhet(ar, namnd): 55000 for the committee asked for');
SELECT throws_ok($$SELECT * FROM prognossakerhet(2023, 'XYZ')$$, '22023', 'no committee "XYZ"',
                 'prognossakerhet: an unknown committee is 22023');
SELECT throws_ok($$SELECT * FROM prognossakerhet(NULL)$$, '22004', NULL,
                 'prognossakerhet: a NULL year is 22004');

-- Of every committee on a large outcome table, each committee's report run
-- side by side (per_namnd; taken here with min_parallel_table_scan_size at 0):
-- the same rows in the same order as the one roll-up of all committees.
CREATE TEMP TABLE en_summering AS
SELECT 'prognosforandringar(2023, aug)' AS rapport, row_number() OVER () AS nr, f::text AS rad
  FROM prognosforandringar(2023, 'aug') f
UNION ALL
SELECT 'prognosforandringar(2024)', row_number() OVER (), f::text FROM prognosforandringar(2024) f
UNION ALL
SELECT 'prognossakerhet(2023)', row_number() OVER (), s::text FROM prognossakerhet(2023) s;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SELECT is(per_namnd('f(%L)'), $$SELECT * FROM f('KOMN') UNION ALL SELECT * FROM f('SOCN') UNION ALL SELECT * FROM f('TEKN')$$,
          'per_namnd: the three committees'' calls');
SELECT results_eq($$SELECT row_number() OVER (), f::text FROM prognosforandringar(2023, 'aug') f$$,
                  $$SELECT nr, rad FROM en_summering WHERE rapport = 'prognosforandringar(2023, aug)' ORDER BY nr$$,
    'prognosforandringar(2023, aug) committee by committee equals the one roll-up, row for row in order');
SELECT results_eq($$SELECT row_number() OVER (), f::text FROM prognosforandringar(2024) f$$,
                  $$SELECT nr, rad FROM en_summering WHERE rapport = 'prognosforandringar(2024)' ORDER BY nr$$,
    'prognosforandringar(2024), the latest round, committee by committee equals the one roll-up');
SELECT results_eq($$SELECT row_number() OVER (), s::text FROM prognossakerhet(2023) s$$,
                  $$SELECT nr, rad FROM en_summering WHERE rapport = 'prognossakerhet(2023)' ORDER BY nr$$,
    'prognossakerhet(2023) committee by committee equals the one roll-up, row for row in order');
SELECT ok((SELECT count(DISTINCT rapport) = 3 AND bool_and(n > 20) FROM (SELECT rapport, count(*) AS n FROM en_summering GROUP BY rapport) r),
    'and each of the three reports has rows of its own to compare');
SELECT throws_ok($$SELECT * FROM prognossakerhet(2024)$$, '55000',
                 'the final outcome of 2024 is not loaded for KOMN, SOCN, TEKN',
                 'prognossakerhet committee by committee: still one 55000 naming every committee');
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
SELECT throws_ok($$SELECT * FROM prognossakerhet_sammanfattning(2024)$$, '55000', NULL,
                 'prognossakerhet_sammanfattning: 55000 before the final outcome exists');
SELECT throws_ok($$SELECT * FROM prognossakerhet_sammanfattning(2023, 'XYZ')$$, '22023', NULL,
                 'prognossakerhet_sammanfattning: 22023 for an unknown committee');
-- one month short of a closed year
DELETE FROM utfall WHERE ar = 2023 AND namnd = 'TEKN' AND period = '2023-12';
SELECT throws_ok($$SELECT * FROM prognossakerhet(2023, 'TEKN')$$, '55000', NULL,
                 'prognossakerhet: eleven months are not a final outcome (55000)');
SELECT lives_ok($$SELECT * FROM prognossakerhet(2023, 'KOMN')$$,
                'prognossakerhet: another committee whose year is closed can still be asked for');

-----------------------------------------------------------------------------
-- prognossakerhet_sammanfattning: across units, the second way
-----------------------------------------------------------------------------
CREATE TEMP VIEW x_sammanfattning AS
SELECT ar, omgang, nr, namnd, rad, tecken,
       count(*) AS antal, avg(prognosfel) AS medelfel, avg(abs(prognosfel)) AS medelabsolutfel,
       sqrt(avg(prognosfel * prognosfel)) AS kvadratiskt_medelfel,
       count(*) FILTER (WHERE u <> 0) AS antal_procent,
       avg(round(abs(prognosfel)::numeric(60, 30) / abs(u), 18) * 100) FILTER (WHERE u <> 0) AS medelabsolutfel_procent,
       count(*) FILTER (WHERE u = 0) AS antal_utfall_noll
  FROM x_sakerhet
 WHERE enhet IN ('K1a', 'K1b', 'K2', 'S1', 'S2', 'S3', 'T1', 'T2')
   AND p IS NOT NULL AND u IS NOT NULL
 GROUP BY ar, omgang, nr, namnd, rad, tecken;

SELECT bag_eq($$SELECT y, s.prognosomgang, s.omgang_nr, s.namnd_kod, s.rad, s.tecken, s.antal, s.medelfel,
                       s.medelabsolutfel, s.kvadratiskt_medelfel, s.antal_procent, s.medelabsolutfel_procent,
                       s.antal_utfall_noll
                  FROM (VALUES (2022, NULL), (2023, 'KOMN'), (2023, 'SOCN')) v(y, n)
                  CROSS JOIN LATERAL prognossakerhet_sammanfattning(v.y, v.n) s$$,
              $$SELECT ar, omgang, nr::integer, namnd, rad, tecken, antal, medelfel, medelabsolutfel, kvadratiskt_medelfel,
                       antal_procent, medelabsolutfel_procent, antal_utfall_noll
                  FROM x_sammanfattning WHERE ar = 2022 OR namnd IN ('KOMN', 'SOCN')$$,
              'prognossakerhet_sammanfattning: count, bias, mean absolute error, RMSE and MAPE across the units without sub-units, per committee, round and row, exactly as avg/sqrt over the errors');
SELECT is((SELECT array_agg(antal_utfall_noll ORDER BY sortering) FROM prognossakerhet_sammanfattning(2022, 'TEKN')
            WHERE rad = 'INT'), ARRAY[1, 1, 1, 1]::bigint[],
          'prognossakerhet_sammanfattning: T1''s revenue outcome of 0 is left out of every round''s percentage, and counted');
SELECT is((SELECT array_agg(prognosomgang ORDER BY sortering) FROM prognossakerhet_sammanfattning(2022, 'SOCN')
            WHERE rad = 'RES'), ARRAY['apr', 'maj', 'aug', 'okt'],
          'prognossakerhet_sammanfattning: rounds in the year''s order');
SELECT is((SELECT array_agg(antal ORDER BY sortering) FROM prognossakerhet_sammanfattning(2022, 'SOCN')
            WHERE rad = 'RES'), ARRAY[2, 3, 3, 3]::bigint[],
          'prognossakerhet_sammanfattning: S3, new in maj, is not in the apr measures');
-- a positive bias means the outcome was better than forecast
SELECT is((SELECT medelfel > 0 FROM prognossakerhet_sammanfattning(2022, 'KOMN')
            WHERE prognosomgang = 'okt' AND rad = 'RES'),
          (SELECT avg(utfall - prognos) > 0 FROM sakerhet
            WHERE ar = 2022 AND prognosomgang = 'okt' AND rad = 'RES' AND enhet IN ('K1a', 'K1b', 'K2')),
          'prognossakerhet_sammanfattning: the bias is outcome − forecast in the row''s convention');
SELECT is((SELECT (prognostraffsakerhet(prognos, utfall, tecken)).medelfel FROM sakerhet
            WHERE ar = 2022 AND prognosomgang = 'aug' AND rad = 'LOK' AND enhet IN ('K1a', 'K1b', 'K2')),
          (SELECT avg(prognos - utfall) FROM sakerhet
            WHERE ar = 2022 AND prognosomgang = 'aug' AND rad = 'LOK' AND enhet IN ('K1a', 'K1b', 'K2')),
          'prognostraffsakerhet with tecken: for a kostnad row the error is forecast − outcome');

-----------------------------------------------------------------------------
-- labels
-----------------------------------------------------------------------------
SELECT is(ARRAY(SELECT p.oid::regprocedure::text || ' ' || p.provolatile::text || p.proparallel::text
                  FROM pg_proc p
                 WHERE p.pronamespace = 'kommunrapport'::regnamespace
                   AND p.proname IN ('prognosforandringar', 'prognossakerhet', 'prognossakerhet_sammanfattning')
                 ORDER BY 1),
          ARRAY['prognosforandringar(integer,text,text) ss', 'prognossakerhet(integer,text) ss',
                'prognossakerhet_sammanfattning(integer,text) ss'],
          'the reports are STABLE and PARALLEL SAFE');
SELECT is((SELECT array_agg(p.oid::regprocedure::text || ' ' || a.aggtranstype::regtype::text
                            || CASE WHEN a.aggserialfn <> 0 AND a.aggdeserialfn <> 0 THEN ' serialised' ELSE '' END
                            ORDER BY p.oid::regprocedure::text)
             FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
            WHERE p.proname = 'prognostraffsakerhet' AND p.proparallel = 's' AND a.aggcombinefn <> 0),
          ARRAY['prognostraffsakerhet(belopp,belopp) bytea', 'prognostraffsakerhet(belopp,belopp,tecken) bytea',
                'prognostraffsakerhet(numeric,numeric) internal serialised',
                'prognostraffsakerhet(numeric,numeric,tecken) internal serialised'],
          'prognostraffsakerhet: four forms, all parallel safe with a combine function; the numeric forms serialise their internal state, the belopp forms keep theirs as a value (bytea), which a sharded server can aggregate on its shards');
SELECT throws_ok($$SELECT prognostraffsakerhet_belopp_final('\x00'::bytea)$$, '22P03', 'invalid state of prognostraffsakerhet',
                 'prognostraffsakerhet_belopp_final: a state of the wrong length is 22P03');
SELECT throws_ok($$SELECT prognostraffsakerhet_belopp_final(('\xffffffffffffffff' || repeat('00', 88))::bytea)$$, '22P03', NULL,
                 'prognostraffsakerhet_belopp_final: a state with a negative count of pairs is 22P03');
SELECT throws_ok($$SELECT prognostraffsakerhet_belopp_final(('\x0000000000000001' || '0000000000000002' || repeat('00', 80))::bytea)$$, '22P03', NULL,
                 'prognostraffsakerhet_belopp_final: a state with more pairs with an outcome than pairs is 22P03');
-- the state of one pair (forecast 100 kr, outcome 90 kr), packed by hand:
-- e = -10 kr, |e| = 10 kr, e² = 100 kr², ratio 10/90
CREATE FUNCTION pg_temp.tillstand_100_90() RETURNS bytea LANGUAGE sql IMMUTABLE
RETURN ('\x0000000000000001' || '0000000000000001'       -- 1 pair, 1 with an outcome
        || 'ffffffffffffffff' || 'fffffffffffffc18'       -- Σe = -1000 öre
        || '0000000000000000' || '00000000000003e8'       -- Σ|e| = 1000 öre
        || repeat('00', 16) || '00000000000f4240'         -- Σe² = 10^6 öre²
        || repeat('00', 16) || '018abef7846071c7')::bytea; -- round(10^18 / 9)
SELECT is((prognostraffsakerhet_belopp_final(pg_temp.tillstand_100_90())).medelabsolutfel,
          10.00::numeric, 'prognostraffsakerhet_belopp_final reads a packed state written by hand: medelabsolutfel 10 kr');
SELECT is((SELECT prognostraffsakerhet('100'::belopp, '90'::belopp)::text),
          prognostraffsakerhet_belopp_final(pg_temp.tillstand_100_90())::text,
          'the aggregate over the pair (100 kr, 90 kr) gives what the hand-packed state of that pair gives');

SELECT * FROM finish();
ROLLBACK;
