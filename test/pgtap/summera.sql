-- summera, the roll-up under every report (src/summera.c):
--   1. by hand: a small committee whose every subtotal is worked out below;
--   2. against a second method: the roll-up written as one SQL query over the
--      same hierarchy functions (joins to every ancestor unit and row, grouped
--      with sum per measure, ordered by the sort key), on hierarchies of three
--      levels, several rounds, gaps between measures and NULL amounts;
--   3. bad figures: each gets its SQLSTATE;
--   4. under row-level security a committee role rolls up only what it may see
--      and learns nothing of another committee from the error.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(24);

-----------------------------------------------------------------------------
-- 1. by hand
-----------------------------------------------------------------------------
-- Committee H with units H1 and H2 under H0 (its one top unit, so no separate
-- committee total); rows NETTO (resultat) = INT (resultat) + KOST (kostnad).
-- Figures (measure 1): H1 INT 100, H1 KOST 30, H2 KOST 5; measure 3: H2 INT 7.
--   H1:  INT 100, KOST 30, NETTO 100 - 30 = 70
--   H2:  INT [NULL, NULL, 7] (measure 1 absent, measure 3 = 7), KOST 5,
--        NETTO: measure 1 = -5, measure 3 = 7
--   H0:  INT 100 | 7, KOST 35, NETTO 65 | 7
INSERT INTO namnd (kod, namn) VALUES ('H', 'Handnämnd'), ('M', 'Maskinnämnd');
INSERT INTO enhet (namnd, kod, namn, overordnad, ordning) VALUES
    ('H', 'H0', 'Hela H', NULL, 1), ('H', 'H1', 'Ett', 'H0', 1), ('H', 'H2', 'Två', 'H0', 2);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('NETTO', 'Netto', 'summa', 'resultat', NULL, 1),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 1),
    ('KOST', 'Kostnader', 'kostnad', 'kostnad', 'NETTO', 2);

CREATE TEMP TABLE hand AS
SELECT * FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'INT', 1, '100')::figur,
                            ROW('H', NULL, NULL, 'H1', 'KOST', 1, '30')::figur,
                            ROW('H', NULL, NULL, 'H2', 'KOST', 1, '5')::figur,
                            ROW('H', NULL, NULL, 'H2', 'INT', 3, '7')::figur]);

SELECT results_eq(
    $$SELECT enhet, rad, belopp::text FROM hand$$,
    $$VALUES ('H1', 'INT', '{100.00}'), ('H1', 'KOST', '{30.00}'), ('H1', 'NETTO', '{70.00}'),
             ('H2', 'INT', '{NULL,NULL,7.00}'), ('H2', 'KOST', '{5.00}'), ('H2', 'NETTO', '{-5.00,NULL,7.00}'),
             ('H0', 'INT', '{100.00,NULL,7.00}'), ('H0', 'KOST', '{35.00}'), ('H0', 'NETTO', '{65.00,NULL,7.00}')$$,
    'by hand: every unit and row of H, in printed order (rows before their subtotal, units before theirs)');
SELECT results_eq(
    $$SELECT DISTINCT enhet, enhet_namn, enhet_niva FROM hand ORDER BY 1$$,
    $$VALUES ('H0', 'Hela H', 1), ('H1', 'Ett', 2), ('H2', 'Två', 2)$$,
    'by hand: unit names and levels');
SELECT results_eq(
    $$SELECT DISTINCT rad, rad_namn, rad_niva, tecken::text FROM hand ORDER BY 1$$,
    $$VALUES ('INT', 'Intäkter', 2, 'resultat'), ('KOST', 'Kostnader', 2, 'kostnad'), ('NETTO', 'Netto', 1, 'resultat')$$,
    'by hand: row names, levels and sign conventions');
SELECT is((SELECT count(*)::integer FROM summera(ARRAY[]::figur[])), 0, 'no figures: no rows');
SELECT is((SELECT count(*)::integer FROM summera(NULL)), 0, 'NULL: no rows');

-- a committee with two top units gets a total (enhet NULL) named after it, level 0, last
INSERT INTO enhet (namnd, kod, namn, overordnad, ordning) VALUES ('H', 'H9', 'Nio', NULL, 2);
SELECT results_eq(
    $$SELECT coalesce(enhet, '-'), enhet_namn, enhet_niva, belopp::text
        FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'INT', 1, '100')::figur,
                           ROW('H', NULL, NULL, 'H9', 'INT', 1, '1')::figur])
       WHERE rad = 'INT'$$,
    $$VALUES ('H1', 'Ett', 2, '{100.00}'), ('H0', 'Hela H', 1, '{100.00}'), ('H9', 'Nio', 1, '{1.00}'),
             ('-', 'Handnämnd', 0, '{101.00}')$$,
    'by hand: two top units, so a committee total after them');

-----------------------------------------------------------------------------
-- 2. against the roll-up written in SQL
-----------------------------------------------------------------------------
-- Committee M: 3 top units with 2 children each and 2 grandchildren under
-- the first child (M1 > M11 > M111, M112); committee H as above.  Rows: a
-- three-level tree of 9 rows with mixed conventions.  Figures: every unit and
-- leaf row, measures 1, 2, 4 and 6 (3 and 5 never occur), two forecast rounds
-- and none, some amounts NULL, amounts up to ±10^9 kr from a fixed seed.
INSERT INTO enhet (namnd, kod, namn, overordnad, ordning)
SELECT 'M', 'M' || t, 'Topp ' || t, NULL, 4 - t FROM generate_series(1, 3) t;
INSERT INTO enhet (namnd, kod, namn, overordnad, ordning)
SELECT 'M', 'M' || t || c, 'Barn ' || t || c, 'M' || t, c FROM generate_series(1, 3) t, generate_series(1, 2) c;
INSERT INTO enhet (namnd, kod, namn, overordnad, ordning) VALUES
    ('M', 'M111', 'Barnbarn 1', 'M11', 2), ('M', 'M112', 'Barnbarn 2', 'M11', 1);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('R', 'Resultat', 'resultat', 'resultat', NULL, 2),
    ('RN', 'Nettokostnad', 'nettokostnad', 'kostnad', 'R', 1),
    ('RNI', 'Intäkter', 'intakt', 'resultat', 'RN', 1),
    ('RNK', 'Kostnader', 'kostnad', 'kostnad', 'RN', 2),
    ('RK', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'R', 2),
    ('RF', 'Finansnetto', 'finansnetto', 'resultat', 'R', 0),
    ('S', 'Statsbidrag', 'statsbidrag', 'resultat', NULL, 3),
    ('SA', 'Sökt', 'statsbidrag', 'resultat', 'S', 1),
    ('SB', 'Beviljat', 'statsbidrag', 'kostnad', 'S', 1);

SELECT setseed(0.42);
CREATE TEMP TABLE fig AS
SELECT ROW(e.namnd, o.kod, o.nr, e.kod, r.kod, m.matt,
           CASE WHEN random() < 0.1 THEN NULL
                ELSE (round((random() - 0.5) * 2e11) / 100)::text::belopp END)::figur AS f
  FROM enhet e
  CROSS JOIN (SELECT kod FROM rad r WHERE NOT EXISTS (SELECT 1 FROM rad c WHERE c.overordnad = r.kod)) r
  CROSS JOIN (VALUES (1), (2), (4), (6)) m(matt)
  CROSS JOIN (VALUES (NULL, NULL), ('APR', 1), ('AUG', 2)) o(kod, nr)
 WHERE random() < 0.7;

-- the second method: every figure joined to every ancestor unit and row,
-- restated by the product of the two rows' factors, summed per measure
CREATE FUNCTION pg_temp.summera_sql(figurer figur[], namnd text DEFAULT NULL)
    RETURNS TABLE (namnd text, omgang text, enhet text, enhet_namn text, enhet_niva integer, rad text,
                   rad_namn text, rad_niva integer, tecken tecken, belopp text, sortering sorteringsnyckel)
    LANGUAGE sql STABLE
AS $$
    WITH leaf AS (
        SELECT f.namnd, f.omgang, f.omgang_nr, eu.anc AS enhet, ra.anc AS rad, f.matt,
               f.belopp * (teckenfaktor(fr.tecken) * teckenfaktor(sr.tecken)) AS belopp
          FROM unnest(figurer) f
          JOIN enhet_over(summera_sql.namnd) eu ON eu.namnd_kod = f.namnd AND eu.kod = f.enhet
          JOIN rad_over() ra ON ra.kod = f.rad
          JOIN rad fr ON fr.kod = f.rad
          JOIN rad sr ON sr.kod = ra.anc
    ), per_matt AS (
        SELECT l.namnd, l.omgang, l.omgang_nr, l.enhet, l.rad, l.matt, sum(l.belopp) AS belopp
          FROM leaf l GROUP BY 1, 2, 3, 4, 5, 6
    ), celler AS (
        SELECT p.namnd, p.omgang, p.omgang_nr, p.enhet, p.rad,
               (SELECT array_agg(x.belopp ORDER BY g)
                  FROM generate_series(1, max(p.matt)) g
                  LEFT JOIN per_matt x ON x.namnd = p.namnd AND x.omgang IS NOT DISTINCT FROM p.omgang
                                      AND x.enhet IS NOT DISTINCT FROM p.enhet AND x.rad = p.rad
                                      AND x.matt = g)::text AS belopp
          FROM per_matt p GROUP BY 1, 2, 3, 4, 5
    )
    SELECT c.namnd, c.omgang, c.enhet, coalesce(e.namn, n.namn), coalesce(ep.niva, 0),
           c.rad, rr.namn, rp.niva, rr.tecken, c.belopp,
           ROW(c.namnd, c.omgang_nr, ep.sortering, rp.sortering)::sorteringsnyckel
      FROM celler c
      JOIN namnd n ON n.kod = c.namnd
      JOIN rad rr ON rr.kod = c.rad
      JOIN rad_ordning() rp ON rp.kod = c.rad
      LEFT JOIN enhet e ON e.namnd = c.namnd AND e.kod = c.enhet
      LEFT JOIN enhet_ordning(summera_sql.namnd) ep ON ep.namnd_kod = c.namnd AND ep.kod = c.enhet
     ORDER BY 11, 2, 3, 6
$$;

SELECT cmp_ok((SELECT count(*)::integer FROM fig), '>', 500, 'second method: over 500 figures');
SELECT results_eq(
    $$SELECT namnd, omgang, enhet, enhet_namn, enhet_niva, rad, rad_namn, rad_niva, tecken, belopp::text, sortering
        FROM summera(ARRAY(SELECT f FROM fig))$$,
    $$SELECT * FROM pg_temp.summera_sql(ARRAY(SELECT f FROM fig))$$,
    'second method: every column of every cell, all committees, in the same order');
SELECT results_eq(
    $$SELECT namnd, omgang, enhet, enhet_namn, enhet_niva, rad, rad_namn, rad_niva, tecken, belopp::text, sortering
        FROM summera(ARRAY(SELECT f FROM fig WHERE (f).namnd = 'M'), 'M')$$,
    $$SELECT * FROM pg_temp.summera_sql(ARRAY(SELECT f FROM fig WHERE (f).namnd = 'M'), 'M')$$,
    'second method: one committee');
SELECT results_eq(
    $$SELECT namnd, omgang, enhet, rad, belopp::text FROM summera(ARRAY(SELECT f FROM fig ORDER BY random()))$$,
    $$SELECT namnd, omgang, enhet, rad, belopp::text FROM summera(ARRAY(SELECT f FROM fig))$$,
    'the figures'' order does not change the result or its order');
SELECT is((SELECT count(*)::integer
             FROM (SELECT s.sortering, lag(s.sortering) OVER (ORDER BY s.ordinality) AS fore
                     FROM summera(ARRAY(SELECT f FROM fig)) WITH ORDINALITY s) x
            WHERE x.fore > x.sortering),
          0, 'the result comes sorted by its sort key');
-- the committee total of M (three top units) is the sum of its top units, per measure
SELECT is((SELECT count(*)::integer
             FROM summera(ARRAY(SELECT f FROM fig)) t
            WHERE t.namnd = 'M' AND t.enhet IS NULL
              AND t.belopp IS DISTINCT FROM
                  (SELECT array_agg(x.s ORDER BY x.m)
                     FROM (SELECT g.m, sum(u.belopp[g.m]) AS s
                             FROM summera(ARRAY(SELECT f FROM fig)) u, generate_series(1, 6) g(m)
                            WHERE u.namnd = 'M' AND u.enhet IN ('M1', 'M2', 'M3') AND u.rad = t.rad
                              AND u.omgang IS NOT DISTINCT FROM t.omgang
                            GROUP BY g.m) x)),
          0, 'M''s total is the sum of its three top units, measure by measure');

-----------------------------------------------------------------------------
-- 3. bad figures
-----------------------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM summera(ARRAY[NULL::figur])$$, '22004', NULL, 'a NULL figure: 22004');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('H', NULL, NULL, NULL, 'INT', 1, '1')::figur])$$,
                 '22004', 'figure 1 of summera has no unit', 'a figure without a unit: 22004');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'INT', NULL, '1')::figur])$$,
                 '22004', NULL, 'a figure without a measure: 22004');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'INT', 1001, '1')::figur])$$,
                 '22023', 'measure 1001 is out of range', 'measure 1001: 22023');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'INT', 1, '1')::figur,
                                               ROW('H', NULL, NULL, 'X1', 'INT', 1, '1')::figur])$$,
                 '22023', 'figure 2 of summera is of unit "X1" of committee "H", which is not among the units rolled up',
                 'an unknown unit: 22023, named');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'NIX', 1, '1')::figur])$$,
                 '22023', 'figure 1 of summera is of report row "NIX", which is not in rad', 'an unknown row: 22023, named');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('M', NULL, NULL, 'M1', 'RNI', 1, '1')::figur], 'H')$$,
                 '22023', 'figure 1 of summera is of unit "M1" of committee "M", which is not among the units rolled up',
                 'a figure of another committee than the one given: 22023');
-- 2 x 9e16 kr = 1.8e19 öre, beyond a belopp; each figure fits
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'INT', 1, '90000000000000000')::figur,
                                               ROW('H', NULL, NULL, 'H2', 'INT', 1, '90000000000000000')::figur])$$,
                 '22003', NULL, 'a total beyond belopp: 22003');
SELECT is((SELECT belopp::text FROM summera(ARRAY[ROW('H', NULL, NULL, 'H1', 'INT', 1, '90000000000000000')::figur,
                                                  ROW('H', NULL, NULL, 'H1', 'INT', 1, '-90000000000000000')::figur,
                                                  ROW('H', NULL, NULL, 'H1', 'INT', 1, '90000000000000000')::figur])
            WHERE enhet = 'H1' AND rad = 'INT'),
          '{90000000000000000.00}', 'exact in between: a partial sum beyond belopp that comes back is no error');

-----------------------------------------------------------------------------
-- 4. row-level security
-----------------------------------------------------------------------------
CREATE ROLE kr_sum_h NOLOGIN;
GRANT USAGE ON SCHEMA kommunrapport TO kr_sum_h;
GRANT SELECT ON ALL TABLES IN SCHEMA kommunrapport TO kr_sum_h;
GRANT SELECT ON fig TO kr_sum_h;
SELECT bevilja('kr_sum_h', 'H');
SET ROLE kr_sum_h;
SELECT results_eq(
    $$SELECT namnd, omgang, enhet, rad, belopp::text FROM summera(ARRAY(SELECT f FROM fig WHERE (f).namnd = 'H'))$$,
    $$SELECT namnd, omgang, enhet, rad, belopp::text FROM pg_temp.summera_sql(ARRAY(SELECT f FROM fig WHERE (f).namnd = 'H'))$$,
    'a committee role: its own committee rolls up as for anyone');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('M', NULL, NULL, 'M1', 'RNI', 1, '1')::figur])$$,
                 '22023', 'figure 1 of summera is of unit "M1" of committee "M", which is not among the units rolled up',
                 'a committee role: a unit it may not see is as unknown as one that does not exist');
SELECT throws_ok($$SELECT * FROM summera(ARRAY[ROW('M', NULL, NULL, 'NOPE', 'RNI', 1, '1')::figur])$$,
                 '22023', 'figure 1 of summera is of unit "NOPE" of committee "M", which is not among the units rolled up',
                 'a committee role: the same error for a unit that does not exist');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
