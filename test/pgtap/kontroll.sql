-- Control and safety over the report tables: period close (stängning),
-- the append-only change log, row-level security by committee through every
-- table, view and report function, security_invoker views, and the index
-- plans of the outcome lookup.  Every expected figure is computed by hand
-- from the rows inserted below (the arithmetic is in the comments).
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(132);

-----------------------------------------------------------------------------
-- data: two committees, X (two units) and Y (one unit)
-----------------------------------------------------------------------------
INSERT INTO namnd (kod, namn) VALUES ('X', 'Kulturnämnden'), ('Y', 'Fritidsnämnden');
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES
    ('X', 'X1', 'Bibliotek', 1), ('X', 'X2', 'Kulturskola', 2), ('Y', 'Y1', 'Idrottshallar', 1);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', NULL, 30),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 10),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 20);
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'APR', 'Prognos april', 'jan-apr 2024', '2024-05-10'),
    (2024, 'AUG', 'Prognos augusti', 'jan-aug 2024', '2024-09-10');

-- Outcome, monthly: X through June, Y through August.
--   X/X1/INT +100, X/X1/KOST -500, X/X2/KOST -200 a month, Jan-Jun
--   Y/Y1/INT +50, Y/Y1/KOST -300 a month, Jan-Aug
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT n, e, r, period(2024, m, m), b::belopp
  FROM (VALUES ('X', 'X1', 'INT', 100, 6), ('X', 'X1', 'KOST', -500, 6), ('X', 'X2', 'KOST', -200, 6),
               ('Y', 'Y1', 'INT', 50, 8), ('Y', 'Y1', 'KOST', -300, 8)) v(n, e, r, b, last),
       generate_series(1, 12) m
 WHERE m <= last;

-- Annual budget 2024, in force from 1 January.
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut) VALUES
    ('X', 'X1', 'INT',  '2024', '2024-01-01', '1500', 'KF 2023-11-20'),
    ('X', 'X1', 'KOST', '2024', '2024-01-01', '-6000', 'KF 2023-11-20'),
    ('X', 'X2', 'KOST', '2024', '2024-01-01', '-2400', 'KF 2023-11-20'),
    ('Y', 'Y1', 'INT',  '2024', '2024-01-01', '600', 'KF 2023-11-20'),
    ('Y', 'Y1', 'KOST', '2024', '2024-01-01', '-3600', 'KF 2023-11-20');

-- Forecasts of the April and August rounds.
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('X', 'X1', 'INT',  2024, 'APR', '1400'),
    ('X', 'X1', 'KOST', 2024, 'APR', '-6100'),
    ('X', 'X2', 'KOST', 2024, 'APR', '-2400'),
    ('Y', 'Y1', 'KOST', 2024, 'APR', '-3700'),
    ('X', 'X1', 'KOST', 2024, 'AUG', '-6200'),
    ('Y', 'Y1', 'KOST', 2024, 'AUG', '-3800');

-----------------------------------------------------------------------------
-- period close
-----------------------------------------------------------------------------
-- Closing is done here by the superuser that owns the data, before any
-- committee grant exists.
SELECT lives_ok($$SELECT stang_period('X', 'jan-apr 2024')$$,
    'stang_period: the superuser closes jan-apr 2024 for X (no committee grants exist yet)');

-- outcome
SELECT throws_ok($$INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('X', 'X2', 'INT', '2024-03', '10')$$,
    '55000', 'period 2024-03..2024-03 is closed for committee "X"',
    'utfall: INSERT of a month in the closed period is refused, naming the month');
SELECT throws_ok($$INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('X', 'X2', 'INT', 'jan-jun 2024', '10')$$,
    '55000', 'period 2024-01..2024-04 is closed for committee "X"',
    'utfall: INSERT of a year-to-date jan-jun row is refused, naming its closed months jan-apr');
SELECT throws_ok($$UPDATE utfall SET belopp = '1' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND period = '2024-02'$$,
    '55000', 'period 2024-02..2024-02 is closed for committee "X"',
    'utfall: UPDATE of a closed month is refused');
SELECT throws_ok($$UPDATE utfall SET period = '2024-04' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND period = '2024-05'$$,
    '55000', 'period 2024-04..2024-04 is closed for committee "X"',
    'utfall: UPDATE moving a row from an open month into a closed one is refused');
SELECT throws_ok($$UPDATE utfall SET period = '2024-07' WHERE namnd = 'X' AND enhet = 'X2' AND rad = 'KOST' AND period = '2024-01'$$,
    '55000', 'period 2024-01..2024-01 is closed for committee "X"',
    'utfall: UPDATE moving a row out of a closed month is refused');
SELECT throws_ok($$DELETE FROM utfall WHERE namnd = 'X' AND period = '2024-04'$$,
    '55000', 'period 2024-04..2024-04 is closed for committee "X"',
    'utfall: DELETE of a closed month is refused');
SELECT throws_ok($$DELETE FROM utfall WHERE namnd = 'X'$$, '55000', NULL,
    'utfall: DELETE of all of X (closed months among them) is refused as a whole');
-- X jan-apr: X1/INT 4 x 100 + X1/KOST 4 x -500 + X2/KOST 4 x -200 = 400 - 2000 - 800 = -2400
SELECT is((SELECT kronor(sum(belopp)) FROM utfall WHERE namnd = 'X' AND period <@ 'jan-apr 2024'),
          -2400.00, 'utfall: the closed months of X are unchanged (sum -2400)');
SELECT lives_ok($$UPDATE utfall SET belopp = '110' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND period = '2024-05'$$,
    'utfall: an open month (May) of X can be changed');
SELECT lives_ok($$INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('X', 'X2', 'INT', '2024-05', '10');
                  DELETE FROM utfall WHERE namnd = 'X' AND enhet = 'X2' AND rad = 'INT' AND period = '2024-05'$$,
    'utfall: an open month of X can be inserted and deleted');
SELECT lives_ok($$UPDATE utfall SET belopp = '55' WHERE namnd = 'Y' AND enhet = 'Y1' AND rad = 'INT' AND period = '2024-02';
                  UPDATE utfall SET belopp = '50' WHERE namnd = 'Y' AND enhet = 'Y1' AND rad = 'INT' AND period = '2024-02'$$,
    'utfall: the other committee''s rows of the same months can be changed');
SELECT lives_ok($$INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('Y', 'Y1', 'INT', 'jan-apr 2024', '200');
                  DELETE FROM utfall WHERE namnd = 'Y' AND period = 'jan-apr 2024'$$,
    'utfall: the other committee can insert and delete a year-to-date row over the same months');

-- budget: a version in force during a closed month is history
SELECT throws_ok($$UPDATE budget SET belopp = '1600' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND giltig_fran = '2024-01-01'$$,
    '55000', 'period 2024-01..2024-04 is closed for committee "X"',
    'budget: the version in force since 1 January cannot be changed');
SELECT throws_ok($$DELETE FROM budget WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND giltig_fran = '2024-01-01'$$,
    '55000', 'period 2024-01..2024-04 is closed for committee "X"',
    'budget: the version in force since 1 January cannot be deleted');
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES ('X', 'X1', 'INT', '2024', '2024-03-01', '1600')$$,
    '55000', 'period 2024-03..2024-04 is closed for committee "X"',
    'budget: a new version in force from 1 March (closed) is refused');
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES ('X', 'X1', 'INT', '2024', '2024-04-15', '1600')$$,
    '55000', 'period 2024-04..2024-04 is closed for committee "X"',
    'budget: a new version in force from the middle of a closed month is refused');
SELECT lives_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut) VALUES ('X', 'X1', 'INT', '2024', '2024-05-01', '1700', 'KF 2024-04-25')$$,
    'budget: a new version from 1 May (after the closed period) can be added');
SELECT lives_ok($$UPDATE budget SET belopp = '1750' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND giltig_fran = '2024-05-01'$$,
    'budget: that later version can be changed');
SELECT lives_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES ('X', 'X1', 'INT', '2025', '2024-11-15', '1800')$$,
    'budget: next year''s budget of X, decided during 2024, can be added');
SELECT lives_ok($$UPDATE budget SET belopp = '650' WHERE namnd = 'Y' AND enhet = 'Y1' AND rad = 'INT' AND giltig_fran = '2024-01-01'$$,
    'budget: the other committee''s version from 1 January can be changed');

-- forecasts: a round based on a closed month is locked
SELECT throws_ok($$UPDATE prognos SET belopp = '1450' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND omgang = 'APR'$$,
    '55000', 'period 2024-04..2024-04 is closed for committee "X"',
    'prognos: the April round (based on jan-apr) cannot be changed');
SELECT throws_ok($$INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('X', 'X2', 'INT', 2024, 'APR', '5')$$,
    '55000', 'period 2024-04..2024-04 is closed for committee "X"',
    'prognos: a row cannot be added to the April round');
SELECT throws_ok($$DELETE FROM prognos WHERE namnd = 'X' AND omgang = 'APR'$$, '55000', NULL,
    'prognos: the April round cannot be deleted');
SELECT lives_ok($$UPDATE prognos SET belopp = '-6250' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'KOST' AND omgang = 'AUG'$$,
    'prognos: the August round of X (based on jan-aug, open) can be changed');
SELECT lives_ok($$UPDATE prognos SET belopp = '-3750' WHERE namnd = 'Y' AND omgang = 'APR'$$,
    'prognos: the other committee''s April round can be changed');

-- ways around the row triggers
SELECT throws_ok($$TRUNCATE utfall$$, '55000', 'period 2024-01..2024-04 is closed for committee "X"',
    'utfall: TRUNCATE (which fires no row trigger) is refused while a period is closed');
SELECT throws_ok($$TRUNCATE budget$$, '55000', NULL, 'budget: TRUNCATE is refused while a period is closed');
SELECT throws_ok($$TRUNCATE prognos$$, '55000', NULL, 'prognos: TRUNCATE is refused while a period is closed');
SELECT throws_ok($$UPDATE prognosomgang SET period = 'jan-maj 2024' WHERE ar = 2024 AND kod = 'APR'$$,
    '55000', 'period 2024-04..2024-04 is closed for committee "X"',
    'prognosomgang: the April round, with forecasts of X, cannot be moved out of the closed April');
SELECT lives_ok($$UPDATE prognosomgang SET period = 'jan-sep 2024' WHERE ar = 2024 AND kod = 'AUG';
                  UPDATE prognosomgang SET period = 'jan-aug 2024' WHERE ar = 2024 AND kod = 'AUG'$$,
    'prognosomgang: the August round (open months) can be moved');
SELECT is((SELECT count(*) FROM utfall WHERE namnd = 'X'), 18::bigint, 'utfall: X still has its 18 monthly rows');

-- reopening
SELECT throws_ok($$SELECT oppna_period('X', '2024-04', NULL)$$, '22023', NULL,
    'oppna_period without a reason is refused (22023)');
SELECT throws_ok($$SELECT oppna_period('X', '2024-04', '   ')$$, '22023', NULL,
    'oppna_period with a blank reason is refused (22023)');
SELECT throws_ok($$SELECT oppna_period('Y', '2024-04', 'nothing to reopen')$$, '55000', NULL,
    'oppna_period of a period that is not closed is an error');
SELECT throws_ok($$SELECT stang_period('Z', '2024-04')$$, '22023', NULL,
    'stang_period of an unknown committee is an error (22023)');
SELECT lives_ok($$SELECT oppna_period('X', '2024-04', 'Rättelse av felkontering, ekonomichefens beslut 2024-05-20')$$,
    'oppna_period with a reason reopens April for X');
SELECT lives_ok($$UPDATE utfall SET belopp = '120' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND period = '2024-04'$$,
    'utfall: the reopened month can be changed');
SELECT lives_ok($$UPDATE prognos SET belopp = '1450' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND omgang = 'APR'$$,
    'prognos: the April round can be changed once April is reopened');
SELECT throws_ok($$UPDATE utfall SET belopp = '1' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND period = '2024-02'$$,
    '55000', 'period 2024-02..2024-02 is closed for committee "X"',
    'utfall: February, not reopened, is still closed');
SELECT throws_ok($$UPDATE budget SET belopp = '1600' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND giltig_fran = '2024-01-01'$$,
    '55000', 'period 2024-01..2024-03 is closed for committee "X"',
    'budget: the 1 January version is still locked by jan-mar');
SELECT results_eq(
    $$SELECT handelse, namnd, period::text, anvandare::text COLLATE "default", motivering FROM stangningslogg ORDER BY id$$,
    $$VALUES ('stangd', 'X', '2024-01..2024-04', session_user::text COLLATE "default", NULL::text),
             ('oppnad', 'X', '2024-04..2024-04', session_user::text COLLATE "default",
              'Rättelse av felkontering, ekonomichefens beslut 2024-05-20')$$,
    'stangningslogg: the close and the reopening, with user and reason');

-- the logs are append-only, even for a superuser
SELECT throws_ok($$UPDATE stangningslogg SET motivering = 'changed'$$, '55000', NULL, 'stangningslogg refuses UPDATE');
SELECT throws_ok($$DELETE FROM stangningslogg$$, '55000', NULL, 'stangningslogg refuses DELETE');
SELECT throws_ok($$TRUNCATE stangningslogg$$, '55000', NULL, 'stangningslogg refuses TRUNCATE');
SELECT throws_ok($$UPDATE andringslogg SET anvandare = 'nobody'$$, '55000', NULL, 'andringslogg refuses UPDATE');
SELECT throws_ok($$DELETE FROM andringslogg$$, '55000', NULL, 'andringslogg refuses DELETE');
SELECT throws_ok($$TRUNCATE andringslogg$$, '55000', NULL, 'andringslogg refuses TRUNCATE');
SELECT is((SELECT count(*) FROM stangningslogg), 2::bigint, 'stangningslogg still has its 2 rows');

-----------------------------------------------------------------------------
-- roles and grants
-----------------------------------------------------------------------------
CREATE ROLE kr_test_a NOLOGIN;
CREATE ROLE kr_test_b NOLOGIN;
CREATE ROLE kr_test_controller NOLOGIN;
CREATE ROLE kr_test_a_medlem NOLOGIN IN ROLE kr_test_a;
GRANT USAGE ON SCHEMA kommunrapport TO kr_test_a, kr_test_b, kr_test_controller;
GRANT SELECT, INSERT, UPDATE, DELETE
   ON namnd, enhet, utfall, budget, prognos, inlasning_utfall, inlasning_prognos
   TO kr_test_a, kr_test_b, kr_test_controller;
GRANT SELECT ON rad, prognosomgang, andringslogg, stangningslogg, stangd_manad,
                senaste_period, driftsammandrag_senaste, budget_gallande, utfall_manad
   TO kr_test_a, kr_test_b, kr_test_controller;

SELECT lives_ok($$SELECT bevilja('kr_test_a', 'X')$$, 'bevilja: kr_test_a is granted X');
SELECT lives_ok($$SELECT bevilja('kr_test_a', 'X')$$, 'bevilja: granting the same again is harmless');
SELECT lives_ok($$SELECT bevilja('kr_test_controller')$$, 'bevilja: kr_test_controller is granted every committee');
SELECT throws_ok($$SELECT bevilja('kr_test_no_such_role', 'X')$$, '42704', NULL, 'bevilja of a missing role: 42704');
SELECT throws_ok($$SELECT bevilja('kr_test_b', 'NOPE')$$, '22023', NULL, 'bevilja of a missing committee: 22023');
SELECT results_eq($$SELECT roll::text COLLATE "default", namnd FROM behorighet ORDER BY 1, 2$$,
    $$VALUES ('kr_test_a', 'X'), ('kr_test_controller', NULL)$$,
    'behorighet holds exactly the two grants');

-----------------------------------------------------------------------------
-- change log, acting as a committee role
-----------------------------------------------------------------------------
CREATE TEMP TABLE logg_fore AS SELECT coalesce(max(id), 0) AS id FROM andringslogg;

SET ROLE kr_test_a;
SELECT lives_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut) VALUES ('X', 'X2', 'INT', '2024', '2024-06-01', '300', 'KS 2024-05-28')$$,
    'kr_test_a inserts a budget version of X');
SELECT lives_ok($$UPDATE budget SET belopp = '350' WHERE namnd = 'X' AND enhet = 'X2' AND rad = 'INT'$$,
    'kr_test_a updates it');
SELECT lives_ok($$DELETE FROM budget WHERE namnd = 'X' AND enhet = 'X2' AND rad = 'INT'$$,
    'kr_test_a deletes it');
SELECT lives_ok($$INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('X', 'X2', 'INT', 2024, 'AUG', '320')$$,
    'kr_test_a inserts a forecast of X');
SELECT lives_ok($$UPDATE prognos SET belopp = '330' WHERE namnd = 'X' AND enhet = 'X2' AND rad = 'INT'$$,
    'kr_test_a updates it');
SELECT lives_ok($$DELETE FROM prognos WHERE namnd = 'X' AND enhet = 'X2' AND rad = 'INT'$$,
    'kr_test_a deletes it');
RESET ROLE;

SELECT results_eq(
    $$SELECT tabell, operation, namnd, anvandare::text COLLATE "default",
             kronor((fore->>'belopp')::belopp), kronor((efter->>'belopp')::belopp)
        FROM andringslogg WHERE id > (SELECT id FROM logg_fore) ORDER BY id$$,
    $$VALUES ('budget', 'INSERT', 'X', 'kr_test_a', NULL::numeric, 300.00),
             ('budget', 'UPDATE', 'X', 'kr_test_a', 300.00, 350.00),
             ('budget', 'DELETE', 'X', 'kr_test_a', 350.00, NULL),
             ('prognos', 'INSERT', 'X', 'kr_test_a', NULL, 320.00),
             ('prognos', 'UPDATE', 'X', 'kr_test_a', 320.00, 330.00),
             ('prognos', 'DELETE', 'X', 'kr_test_a', 330.00, NULL)$$,
    'andringslogg: each insert, update and delete by kr_test_a, with before and after');
SELECT ok((SELECT bool_and(coalesce(efter, fore) ?& ARRAY['namnd', 'enhet', 'rad', 'period', 'giltig_fran', 'belopp', 'profil', 'beslut']
                           AND coalesce(efter, fore)->>'beslut' = 'KS 2024-05-28'
                           AND tid <= clock_timestamp())
             FROM andringslogg WHERE id > (SELECT id FROM logg_fore) AND tabell = 'budget'),
    'andringslogg: the JSON holds the whole budget row (key, version date, profile, decision) and the time');
SELECT ok((SELECT bool_and(coalesce(efter, fore) ?& ARRAY['namnd', 'enhet', 'rad', 'ar', 'omgang', 'belopp']
                           AND coalesce(efter, fore)->>'omgang' = 'AUG')
             FROM andringslogg WHERE id > (SELECT id FROM logg_fore) AND tabell = 'prognos'),
    'andringslogg: the JSON holds the whole forecast row (key, round)');
SELECT results_eq(
    $$SELECT operation, anvandare::text COLLATE "default", kronor((fore->>'belopp')::belopp), kronor((efter->>'belopp')::belopp)
        FROM andringslogg WHERE tabell = 'budget' AND namnd = 'Y' AND operation = 'UPDATE'$$,
    $$VALUES ('UPDATE', session_user::text COLLATE "default", 600.00, 650.00)$$,
    'andringslogg: the superuser''s earlier change of Y''s budget (600 -> 650) is logged with the session user');
SELECT is((SELECT count(*) FROM andringslogg WHERE operation = 'INSERT' AND id <= (SELECT id FROM logg_fore)),
          13::bigint, 'andringslogg: the 5 + 6 initial rows and the 2 later budget versions of X were logged as INSERT');

-----------------------------------------------------------------------------
-- row-level security: what kr_test_a, kr_test_b and the controller see
-----------------------------------------------------------------------------
SELECT lives_ok($$SELECT stang_period('Y', '2024-01')$$, 'stang_period: January closed for Y (so both logs have rows of Y)');

-- committees visible per table, view and report function
CREATE TEMP VIEW synligt WITH (security_invoker = true) AS
          SELECT 'namnd' AS objekt, array_agg(DISTINCT kod) AS namnder FROM namnd
UNION ALL SELECT 'enhet', array_agg(DISTINCT namnd) FROM enhet
UNION ALL SELECT 'utfall', array_agg(DISTINCT namnd) FROM utfall
UNION ALL SELECT 'budget', array_agg(DISTINCT namnd) FROM budget
UNION ALL SELECT 'prognos', array_agg(DISTINCT namnd) FROM prognos
UNION ALL SELECT 'andringslogg', array_agg(DISTINCT namnd) FROM andringslogg
UNION ALL SELECT 'stangningslogg', array_agg(DISTINCT namnd) FROM stangningslogg
UNION ALL SELECT 'stangd_manad', array_agg(DISTINCT namnd) FROM stangd_manad
UNION ALL SELECT 'driftsammandrag_senaste', array_agg(DISTINCT namnd_kod) FROM driftsammandrag_senaste
UNION ALL SELECT 'budget_gallande', array_agg(DISTINCT namnd) FROM budget_gallande
UNION ALL SELECT 'utfall_manad', array_agg(DISTINCT namnd) FROM utfall_manad
UNION ALL SELECT 'driftsammandrag jan-apr', array_agg(DISTINCT namnd_kod) FROM driftsammandrag(2024, 'jan-apr 2024')
UNION ALL SELECT 'driftsammandrag jan-aug', array_agg(DISTINCT namnd_kod) FROM driftsammandrag(2024, 'jan-aug 2024')
UNION ALL SELECT 'utfall_for_period', array_agg(DISTINCT namnd_kod) FROM utfall_for_period('jan-apr 2024')
UNION ALL SELECT 'utfall_for_perioder', array_agg(DISTINCT namnd_kod) FROM utfall_for_perioder('jan-apr 2024', '2024')
UNION ALL SELECT 'budget_for_period', array_agg(DISTINCT namnd_kod) FROM budget_for_period('jan-apr 2024', '2024-04-30');
GRANT SELECT ON synligt TO kr_test_a, kr_test_b, kr_test_controller, kr_test_a_medlem;

CREATE TEMP TABLE forvantat (objekt text);
INSERT INTO forvantat (objekt) VALUES ('namnd'), ('enhet'), ('utfall'), ('budget'), ('prognos'),
    ('andringslogg'), ('stangningslogg'), ('stangd_manad'), ('driftsammandrag_senaste'),
    ('budget_gallande'), ('utfall_manad'), ('driftsammandrag jan-apr'), ('driftsammandrag jan-aug'),
    ('utfall_for_period'), ('utfall_for_perioder'), ('budget_for_period');
GRANT SELECT ON forvantat TO kr_test_a, kr_test_b, kr_test_controller, kr_test_a_medlem;

SELECT results_eq($$SELECT objekt, namnder FROM synligt ORDER BY objekt$$,
    $$SELECT objekt, ARRAY['X', 'Y'] FROM forvantat ORDER BY objekt$$,
    'superuser: sees X and Y in every table, view and report function (the data is there)');

SET ROLE kr_test_a;
SELECT results_eq($$SELECT objekt, namnder FROM synligt ORDER BY objekt$$,
    $$SELECT objekt, ARRAY['X'] FROM forvantat ORDER BY objekt$$,
    'kr_test_a: only X in every table, view and report function');
SELECT results_eq($$SELECT ar, period::text FROM senaste_period$$, $$VALUES (2024, '2024-01..2024-06')$$,
    'kr_test_a: senaste_period is X''s latest month (June), not Y''s (August)');
SELECT results_eq($$SELECT DISTINCT period FROM driftsammandrag_senaste$$, $$VALUES ('2024-01..2024-06')$$,
    'kr_test_a: driftsammandrag_senaste reports jan-jun');
SELECT throws_ok($$SELECT * FROM driftsammandrag(2024, 'jan-apr 2024', 'Y')$$, '22023', 'no committee "Y"',
    'kr_test_a: driftsammandrag for Y answers as for a committee that does not exist');
SELECT is_empty($$SELECT * FROM utfall_for_period('jan-apr 2024', 'Y')$$, 'kr_test_a: utfall_for_period for Y is empty');
SELECT is_empty($$SELECT * FROM utfall_for_perioder('jan-apr 2024', '2024', 'Y')$$, 'kr_test_a: utfall_for_perioder for Y is empty');
SELECT is_empty($$SELECT * FROM budget_for_period('jan-apr 2024', '2024-04-30', 'Y')$$, 'kr_test_a: budget_for_period for Y is empty');
SELECT is((SELECT count(*) FROM enhet), 2::bigint, 'kr_test_a: sees X''s two units');
RESET ROLE;
SELECT results_eq($$SELECT ar, period::text FROM senaste_period$$, $$VALUES (2024, '2024-01..2024-08')$$,
    'superuser: senaste_period is August (Y''s latest month)');

SET ROLE kr_test_a_medlem;
SELECT results_eq($$SELECT objekt, namnder FROM synligt ORDER BY objekt$$,
    $$SELECT objekt, ARRAY['X'] FROM forvantat ORDER BY objekt$$,
    'a member of kr_test_a sees X through the membership, and only X');
RESET ROLE;

SET ROLE kr_test_b;
SELECT results_eq($$SELECT objekt, namnder FROM synligt ORDER BY objekt$$,
    $$SELECT objekt, NULL::text[] FROM forvantat ORDER BY objekt$$,
    'kr_test_b (no grant): nothing in any table, view or report function');
SELECT is_empty($$SELECT * FROM senaste_period$$, 'kr_test_b: senaste_period is empty');
RESET ROLE;

SET ROLE kr_test_controller;
SELECT results_eq($$SELECT objekt, namnder FROM synligt ORDER BY objekt$$,
    $$SELECT objekt, ARRAY['X', 'Y'] FROM forvantat ORDER BY objekt$$,
    'kr_test_controller: X and Y everywhere');
RESET ROLE;

-- writing other committees' rows
SET ROLE kr_test_a;
SELECT throws_ok($$INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('Y', 'Y1', 'INT', '2024-09', '1')$$,
    '42501', 'new row violates row-level security policy for table "utfall"', 'kr_test_a: INSERT of Y outcome is refused');
SELECT throws_ok($$INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('Y', 'Y1', 'INT', '2024-01', '1')$$,
    '42501', 'new row violates row-level security policy for table "utfall"',
    'kr_test_a: INSERT of Y outcome into Y''s closed January is refused by row-level security, not told that the month is closed');
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES ('Y', 'Y1', 'INT', '2024', '2024-09-01', '1')$$,
    '42501', 'new row violates row-level security policy for table "budget"', 'kr_test_a: INSERT of a Y budget is refused');
SELECT throws_ok($$INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('Y', 'Y1', 'INT', 2024, 'AUG', '1')$$,
    '42501', 'new row violates row-level security policy for table "prognos"', 'kr_test_a: INSERT of a Y forecast is refused');
SELECT throws_ok($$INSERT INTO enhet (namnd, kod, namn) VALUES ('Y', 'Y9', 'Smuggled')$$,
    '42501', 'new row violates row-level security policy for table "enhet"', 'kr_test_a: INSERT of a Y unit is refused');
SELECT throws_ok($$INSERT INTO namnd (kod, namn) VALUES ('Z', 'New committee')$$,
    '42501', 'new row violates row-level security policy for table "namnd"', 'kr_test_a: creating an ungranted committee is refused');
SELECT throws_ok($$INSERT INTO inlasning_utfall (namnd, enhet, rad, period, belopp) VALUES ('Y', 'Y1', 'INT', '2024-09', '1')$$,
    '42501', 'new row violates row-level security policy for table "inlasning_utfall"', 'kr_test_a: staging Y outcome is refused');
SELECT throws_ok($$UPDATE utfall SET namnd = 'Y', enhet = 'Y1' WHERE namnd = 'X' AND enhet = 'X1' AND rad = 'INT' AND period = '2024-06'$$,
    '42501', 'new row violates row-level security policy for table "utfall"', 'kr_test_a: moving an X row to Y is refused');
SELECT throws_ok($$UPDATE budget SET namnd = 'Y', enhet = 'Y1' WHERE namnd = 'X' AND giltig_fran = '2024-05-01'$$,
    '42501', 'new row violates row-level security policy for table "budget"', 'kr_test_a: moving an X budget version to Y is refused');
UPDATE utfall SET belopp = '999' WHERE namnd = 'Y';
DELETE FROM utfall WHERE namnd = 'Y';
UPDATE prognos SET belopp = '999' WHERE namnd = 'Y';
DELETE FROM budget WHERE namnd = 'Y';
SELECT throws_ok($$SELECT stang_period('Y', '2024-05')$$, '42501', NULL, 'kr_test_a: cannot close a period of Y');
SELECT throws_ok($$SELECT oppna_period('Y', '2024-01', 'I want to')$$, '42501', NULL, 'kr_test_a: cannot reopen a period of Y');
SELECT lives_ok($$SELECT stang_period('X', '2024-06')$$, 'kr_test_a: closes June for X');
SELECT lives_ok($$SELECT oppna_period('X', '2024-06', 'Sen leverantörsfaktura')$$, 'kr_test_a: reopens June for X with a reason');
RESET ROLE;
-- Y: INT 8 x 50 = 400, KOST 8 x -300 = -2400; 16 rows; forecasts -3750 + -3800; budget 650 - 3600
SELECT results_eq(
    $$SELECT count(*), kronor(sum(belopp)) FROM utfall WHERE namnd = 'Y'$$, $$VALUES (16::bigint, -2000.00)$$,
    'Y''s outcome is untouched by kr_test_a''s UPDATE and DELETE (they saw no rows)');
SELECT results_eq(
    $$SELECT (SELECT kronor(sum(belopp)) FROM prognos WHERE namnd = 'Y'), (SELECT kronor(sum(belopp)) FROM budget WHERE namnd = 'Y')$$,
    $$VALUES (-7550.00, -2950.00)$$,
    'Y''s forecasts and budget are untouched');
SELECT results_eq(
    $$SELECT handelse, namnd, period::text, anvandare::text COLLATE "default", motivering FROM stangningslogg ORDER BY id OFFSET 3$$,
    $$VALUES ('stangd', 'X', '2024-06..2024-06', 'kr_test_a', NULL::text),
             ('oppnad', 'X', '2024-06..2024-06', 'kr_test_a', 'Sen leverantörsfaktura')$$,
    'stangningslogg: kr_test_a''s close and reopening are logged with kr_test_a as the user');

-- revoking
SELECT lives_ok($$SELECT aterkalla('kr_test_a', 'X')$$, 'aterkalla: kr_test_a loses X');
SET ROLE kr_test_a;
SELECT results_eq($$SELECT objekt, namnder FROM synligt ORDER BY objekt$$,
    $$SELECT objekt, NULL::text[] FROM forvantat ORDER BY objekt$$,
    'kr_test_a after aterkalla: nothing anywhere');
RESET ROLE;
SELECT throws_ok($$SELECT aterkalla('kr_test_a', 'X')$$, '22023', NULL, 'aterkalla of a grant that is not there: 22023');
SELECT throws_ok($$SELECT aterkalla('kr_test_b')$$, '22023', NULL, 'aterkalla of a controller grant that is not there: 22023');
SELECT lives_ok($$SELECT bevilja('kr_test_a', 'X')$$, 'bevilja: X granted to kr_test_a again');

-----------------------------------------------------------------------------
-- views are security_invoker; reports agree with the superuser's
-----------------------------------------------------------------------------
SELECT results_eq(
    $$SELECT c.relname::text COLLATE "default", 'security_invoker=true' = ANY (c.reloptions)
        FROM pg_class c WHERE c.relnamespace = 'kommunrapport'::regnamespace AND c.relkind = 'v' ORDER BY 1$$,
    $$VALUES ('behorighet', true), ('budget_gallande', true), ('driftsammandrag_senaste', true), ('senaste_period', true), ('utfall_manad', true)$$,
    'every view of the extension is security_invoker (pg_class.reloptions)');

CREATE TEMP TABLE su_ds AS SELECT * FROM driftsammandrag(2024, 'jan-apr 2024', 'X');
CREATE TEMP TABLE su_ds_aug AS SELECT * FROM driftsammandrag(2024, 'jan-aug 2024', 'X');
GRANT SELECT ON su_ds, su_ds_aug TO kr_test_a;

-- By hand, X, jan-apr 2024 (April reopened and set to 120):
--   X1/INT  outcome 100+100+100+120 = 420; budget 1500 x 4/12 = 500 (the 1 May
--           version is not in force on 30 April); deviation 420 - 500 = -80;
--           forecast APR 1450, no earlier round; full-year budget 1500;
--           forecast deviation 1450 - 1500 = -50
--   X total NETTO  outcome 420 - 2000 - 800 = -2380; budget 500 - 2000 - 800 = -2300;
--           deviation -80; forecast 1450 - 6100 - 2400 = -7050;
--           full-year budget 1500 - 6000 - 2400 = -6900; forecast deviation -150
SELECT results_eq(
    $$SELECT enhet, rad, utfall, budget, avvikelse, prognos, prognos_fg, budget_helar, prognos_avvikelse, prognosomgang
        FROM su_ds WHERE (enhet = 'X1' AND rad = 'INT') OR (enhet IS NULL AND rad = 'NETTO') ORDER BY sortering$$,
    $$VALUES ('X1', 'INT', 420.00, 500.00, -80.00, 1450.00, NULL::numeric, 1500.00, -50.00, 'APR'),
             (NULL, 'NETTO', -2380.00, -2300.00, -80.00, -7050.00, NULL, -6900.00, -150.00, 'APR')$$,
    'driftsammandrag X jan-apr: hand-computed figures of X1/Intäkter and the committee''s net cost');
-- X, jan-aug: X1/INT outcome 420 + 110 (May) + 100 (June) = 630; full-year
-- budget: the version of 1 May, 1750 (in force on 31 August); previous round APR 1450.
SELECT results_eq(
    $$SELECT utfall, budget_helar, prognos_fg FROM su_ds_aug WHERE enhet = 'X1' AND rad = 'INT'$$,
    $$VALUES (630.00, 1750.00, 1450.00)$$,
    'driftsammandrag X jan-aug: X1/Intäkter uses the budget version of 1 May and both rounds');

SET ROLE kr_test_a;
SELECT results_eq($$SELECT * FROM driftsammandrag(2024, 'jan-apr 2024', 'X') ORDER BY sortering$$,
                  $$SELECT * FROM su_ds ORDER BY sortering$$,
    'kr_test_a: driftsammandrag(2024, jan-apr, X) equals the superuser''s, row for row');
SELECT results_eq($$SELECT * FROM driftsammandrag(2024, 'jan-apr 2024') ORDER BY sortering$$,
                  $$SELECT * FROM su_ds ORDER BY sortering$$,
    'kr_test_a: driftsammandrag(2024, jan-apr) without a committee equals the superuser''s report for X');
SELECT results_eq($$SELECT * FROM driftsammandrag(2024, 'jan-aug 2024') ORDER BY sortering$$,
                  $$SELECT * FROM su_ds_aug ORDER BY sortering$$,
    'kr_test_a: driftsammandrag(2024, jan-aug) equals the superuser''s report for X');
RESET ROLE;

-----------------------------------------------------------------------------
-- plans: the outcome lookup of a report uses an index
-----------------------------------------------------------------------------
-- 20 more committees x 5 units x 2 rows x 12 months x 4 years = 9 600 rows.
INSERT INTO namnd (kod, namn) SELECT 'N' || lpad(i::text, 2, '0'), 'Nämnd ' || i FROM generate_series(1, 20) i;
INSERT INTO enhet (namnd, kod, namn)
SELECT 'N' || lpad(i::text, 2, '0'), 'E' || j, 'Enhet ' || j FROM generate_series(1, 20) i, generate_series(1, 5) j;
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT 'N' || lpad(i::text, 2, '0'), 'E' || j, r, period(y, m, m), ((i * 1000 + j * 10 + m) * CASE r WHEN 'INT' THEN 1 ELSE -3 END)::belopp
  FROM generate_series(1, 20) i, generate_series(1, 5) j, unnest(ARRAY['INT', 'KOST']) r,
       generate_series(2021, 2024) y, generate_series(1, 12) m;
ANALYZE namnd, enhet, utfall;

CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    r record;
    s text := '';
BEGIN
    FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        s := s || r."QUERY PLAN" || E'\n';
    END LOOP;
    RETURN s;
END $$;

SELECT is((SELECT count(*) FROM utfall WHERE ar = 2024 AND namnd = 'N07'), 120::bigint,
          'plans: 120 of the 9 600+ outcome rows are N07''s in 2024');
SELECT diag(pg_temp.plan($$SELECT * FROM utfall WHERE ar = 2024 AND namnd = 'N07'$$));
SELECT ok(pg_temp.plan($$SELECT * FROM utfall WHERE ar = 2024 AND namnd = 'N07'$$) ~ '(utfall_ar_namnd|utfall_pkey)'
          AND pg_temp.plan($$SELECT * FROM utfall WHERE ar = 2024 AND namnd = 'N07'$$) !~ 'Seq Scan',
    'plans: utfall WHERE ar = 2024 AND namnd = N07 uses an index, no Seq Scan (planner''s own choice, enable_seqscan on)');
-- utfall_for_period is PL/pgSQL (so that Citus can plan its query): EXPLAIN
-- does not show the plan inside it, the transaction's scan counters do.  Run
-- eight times, past the fifth call after which PL/pgSQL may keep a generic plan.
CREATE FUNCTION pg_temp.las_utfall_for_period(n integer, OUT sekventiella bigint, OUT index bigint, OUT rader bigint)
    LANGUAGE plpgsql AS $$
DECLARE
    seq0 bigint;
    idx0 bigint;
BEGIN
    SELECT s.seq_scan, coalesce(s.idx_scan, 0) INTO seq0, idx0
      FROM pg_stat_xact_user_tables s WHERE s.relid = 'kommunrapport.utfall'::regclass;
    rader := 0;
    FOR i IN 1 .. n LOOP
        rader := rader + (SELECT count(*) FROM utfall_for_period('jan-apr 2024', 'N07'));
    END LOOP;
    SELECT s.seq_scan - seq0, coalesce(s.idx_scan, 0) - idx0 INTO sekventiella, index
      FROM pg_stat_xact_user_tables s WHERE s.relid = 'kommunrapport.utfall'::regclass;
END $$;
SELECT is(pg_temp.las_utfall_for_period(8)::text, ROW(0, 8, 8 * 5 * 2)::text,
    'plans: utfall_for_period(jan-apr 2024, N07), the lookup driftsammandrag makes, reads the outcome by index 8 times in 8 calls (5 units × 2 rows each), never by a sequential scan');
-- The groups a report's read aggregates the outcome to, one per committee,
-- unit and row: 20 committees x 5 units x 2 rows + X's 3 + Y's 2 = 205.  With
-- the statistic utfall_grupper the planner knows it (ANALYZE sampled every
-- row); the same rows in a table without it are estimated as the product of
-- the columns' distinct counts, 22 committees x 8 unit codes (E1-E5, X1, X2,
-- Y1) x 2 rows = 352 -- the misestimate that kept a large year's reads serial.
CREATE FUNCTION pg_temp.uppskattade_rader(q text) RETURNS numeric LANGUAGE plpgsql AS $$
DECLARE
    j json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) ' || q INTO j;
    RETURN (j -> 0 -> 'Plan' ->> 'Plan Rows')::numeric;
END $$;
CREATE TEMP TABLE utfall_utan_statistik AS SELECT namnd, enhet, rad FROM utfall;
ANALYZE utfall_utan_statistik;
SELECT is((SELECT count(*) FROM (SELECT DISTINCT namnd, enhet, rad FROM utfall) g), 205::bigint,
    'plans: the outcome has 205 (committee, unit, row) groups');
SELECT ok(pg_temp.uppskattade_rader('SELECT namnd, enhet, rad FROM kommunrapport.utfall GROUP BY namnd, enhet, rad')
          BETWEEN 195 AND 215,
    'plans: with the statistic utfall_grupper the planner estimates the 205 groups (within 5 %)');
SELECT ok(pg_temp.uppskattade_rader('SELECT namnd, enhet, rad FROM utfall_utan_statistik GROUP BY namnd, enhet, rad')
          BETWEEN 340 AND 360,
    'plans: the same rows without the statistic are estimated as 22 x 8 x 2 = 352 groups');
SET ROLE kr_test_controller;
SELECT diag(pg_temp.plan($$SELECT * FROM utfall WHERE ar = 2024 AND namnd = 'N07'$$));
SELECT ok(pg_temp.plan($$SELECT * FROM utfall WHERE ar = 2024 AND namnd = 'N07'$$) ~ '(utfall_ar_namnd|utfall_pkey)'
          AND pg_temp.plan($$SELECT * FROM utfall WHERE ar = 2024 AND namnd = 'N07'$$) !~ 'Seq Scan',
    'plans: under row-level security (controller) the same lookup still uses the index');
RESET ROLE;

-- A report of every committee on a large outcome table is each committee's
-- report, run side by side (per_namnd).  The 9 600+ rows here are below
-- min_parallel_table_scan_size; with it at 0 the path is taken.  Its result
-- must be the report of all committees as one roll-up gives it (the path is
-- off with fewer than two workers per Gather), row for row in the same order.
CREATE TEMP TABLE ds_en_summering AS
SELECT row_number() OVER () AS nr, d.namnd_kod, d::text AS rad FROM driftsammandrag_belopp(2024, 'jan-apr 2024') d;
SELECT is(per_namnd('f(%L)'), NULL,
    'per_namnd: NULL on an outcome table below min_parallel_table_scan_size');
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 1;
SELECT is(per_namnd('f(%L)'), NULL,
    'per_namnd: NULL with one worker per Gather');
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is(per_namnd('f(%L, 1)'),
          (SELECT string_agg(format('SELECT * FROM f(%L, 1)', k), ' UNION ALL ' ORDER BY k)
             FROM (SELECT 'N' || lpad(i::text, 2, '0') FROM generate_series(1, 20) i UNION ALL VALUES ('X'), ('Y')) c(k)),
    'per_namnd: the call for each of the 22 committees, in code order, joined by UNION ALL');
SELECT is(per_namnd('f(%L)') ~ 'f\(''N01''\)', true,
    'per_namnd: the committee goes into the call as a quoted literal');
SET ROLE kr_test_a;
SELECT is(per_namnd('f(%L)'), NULL,
    'per_namnd: NULL for kr_test_a, who sees one committee');
RESET ROLE;
SELECT is((SELECT ROW(count(*) FILTER (WHERE namnd_kod LIKE 'N%'), count(DISTINCT namnd_kod)) FROM ds_en_summering)::text,
          ROW(20 * (5 + 1) * 3, 22)::text,
    'per_namnd: the one roll-up of all committees has the 22 committees, the N committees 20 x (5 units + total) x (INT, KOST, NETTO) = 360 rows');
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SELECT diag(pg_temp.plan(per_namnd('kommunrapport.driftsammandrag_belopp(2024, ''jan-apr 2024'', %L)')));
SELECT ok(pg_temp.plan(per_namnd('kommunrapport.driftsammandrag_belopp(2024, ''jan-apr 2024'', %L)')) ~ 'Parallel Append',
    'per_namnd: the planner runs the committees'' reports side by side (Parallel Append)');
SELECT results_eq($$SELECT row_number() OVER (), d::text FROM driftsammandrag_belopp(2024, 'jan-apr 2024') d$$,
                  $$SELECT nr, rad FROM ds_en_summering ORDER BY nr$$,
    'per_namnd: driftsammandrag_belopp of every committee, committee by committee, equals the one roll-up row for row in the same order');
GRANT SELECT ON ds_en_summering TO kr_test_controller;
SET ROLE kr_test_controller;
SELECT results_eq($$SELECT row_number() OVER (), d::text FROM driftsammandrag_belopp(2024, 'jan-apr 2024') d$$,
                  $$SELECT nr, rad FROM ds_en_summering ORDER BY nr$$,
    'per_namnd: the same under row-level security (controller)');
RESET ROLE;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;

-- utfall_for_perioder: two periods of one year from one read, each as
-- utfall_for_period takes it.  N07's months of 2023 are
-- (7000 + 10 j + m) for Ej/INT and -3 times that for Ej/KOST, so
-- jan-apr = 4 (7000 + 10 j) + 10 and the year = 12 (7000 + 10 j) + 78.
-- Added: a stored jan-apr 2023 figure 99999 for E3/INT (it, not the months,
-- is jan-apr; the year stays the sum of the months), and a unit E6 with only
-- a jan-apr figure for INT (500) and only a September month for KOST (-40).
INSERT INTO enhet (namnd, kod, namn) VALUES ('N07', 'E6', 'Enhet 6');
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES
    ('N07', 'E3', 'INT', 'jan-apr 2023', '99999'), ('N07', 'E6', 'INT', 'jan-apr 2023', '500'),
    ('N07', 'E6', 'KOST', '2023-09', '-40');
SELECT set_eq($$SELECT enhet, rad, kronor(belopp_p) AS p, kronor(belopp_q) AS q FROM utfall_for_perioder('jan-apr 2023', '2023', 'N07')$$,
    $$SELECT 'E' || j AS enhet, r, CASE WHEN (j, r) = (3, 'INT') THEN 99999 ELSE f * (4 * (7000 + 10 * j) + 10) END AS p,
             f * (12 * (7000 + 10 * j) + 78) AS q
        FROM generate_series(1, 5) j, (VALUES ('INT', 1), ('KOST', -3)) v(r, f)
      UNION ALL VALUES ('E6', 'INT', 500, NULL), ('E6', 'KOST', NULL, -40)$$,
    'utfall_for_perioder(jan-apr 2023, 2023, N07): each unit and row''s jan-apr and year, the stored jan-apr figure of E3/INT before its months, NULL where a period has nothing (E6)');
SELECT set_eq($$SELECT namnd_kod, enhet, rad, belopp_p::text AS p, belopp_q::text AS q FROM utfall_for_perioder('jan-apr 2023', '2023')$$,
    $$SELECT namnd_kod, enhet, rad, a.belopp::text AS p, b.belopp::text AS q
        FROM utfall_for_period('jan-apr 2023') a
        FULL JOIN utfall_for_period('2023') b USING (namnd_kod, enhet, rad)$$,
    'utfall_for_perioder(jan-apr 2023, 2023): of every committee, the two calls of utfall_for_period joined');
SELECT set_eq($$SELECT namnd_kod, enhet, rad, belopp_p::text AS p, belopp_q::text AS q FROM utfall_for_perioder('2023-09', 'jan-mar 2023')$$,
    $$SELECT namnd_kod, enhet, rad, a.belopp::text AS p, b.belopp::text AS q
        FROM utfall_for_period('2023-09') a
        FULL JOIN utfall_for_period('jan-mar 2023') b USING (namnd_kod, enhet, rad)$$,
    'utfall_for_perioder(2023-09, jan-mar 2023): the same for a month and a period in either order');
SELECT throws_ok($$SELECT * FROM utfall_for_perioder('jan-apr 2023', '2024')$$, '22023',
    'periods 2023-01..2023-04 and 2024-01..2024-12 do not lie in one year',
    'utfall_for_perioder: periods of two years are refused');
SELECT set_eq($$SELECT enhet, rad, kronor(utfall_fg_ar) AS fg, kronor(bokslut_fg_ar) AS bokslut
                  FROM driftsammandrag_belopp(2024, 'jan-apr 2024', 'N07') WHERE enhet IN ('E3', 'E6') AND rad <> 'NETTO'$$,
    $$VALUES ('E3', 'INT', 99999, 12 * 7030 + 78), ('E3', 'KOST', -3 * (4 * 7030 + 10), -3 * (12 * 7030 + 78)),
             ('E6', 'INT', 500, NULL), ('E6', 'KOST', NULL, -40)$$,
    'driftsammandrag_belopp(2024, jan-apr, N07): last year''s jan-apr and final outcome of E3 and E6 from the one read of 2023');


-- The period lock (C) against its rule stated in SQL, stangd_del(): every
-- row below is inserted and rolled back; the lock must refuse exactly the
-- rows stangd_del() finds closed months for, naming the period it gives.
-- Outcome of single months and ranges, budget versions from before, within,
-- at the start of and after the year (and from -infinity and infinity),
-- forecasts of both rounds (their last months April and August), for X and Y.
SELECT lives_ok($$SELECT stang_period('Y', '2024-05..2024-06'), stang_period('Y', '2024-12'), stang_period('X', '2024-08')$$,
    'period lock cases: May-June and December closed for Y, August for X');
CREATE TEMP TABLE las_fall (tabell text, r jsonb);
INSERT INTO las_fall
SELECT 'utfall', jsonb_build_object('namnd', u.n, 'enhet', u.e, 'rad', 'INT', 'period', p, 'belopp', '1')
  FROM (VALUES ('X', 'X1'), ('Y', 'Y1')) u(n, e),
       unnest(ARRAY['2024-01', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-03..2024-05',
                    '2024-07..2024-09', '2023-04', '2025-01']) p
UNION ALL
SELECT 'budget', jsonb_build_object('namnd', u.n, 'enhet', u.e, 'rad', 'INT', 'period', '2024-01..2024-12',
                                    'giltig_fran', g, 'belopp', '1')
  FROM (VALUES ('X', 'X1'), ('Y', 'Y1')) u(n, e),
       unnest(ARRAY['-infinity', '2023-06-01', '2024-01-01', '2024-04-15', '2024-06-30', '2024-07-01',
                    '2024-09-01', '2024-12-31', '2025-01-01', 'infinity']) g
UNION ALL
SELECT 'prognos', jsonb_build_object('namnd', u.n, 'enhet', u.e, 'rad', 'INT', 'ar', 2024, 'omgang', o, 'belopp', '1')
  FROM (VALUES ('X', 'X1'), ('Y', 'Y1')) u(n, e), unnest(ARRAY['APR', 'AUG']) o;
CREATE FUNCTION pg_temp.lasets_svar(tabell text, r jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    k text := (SELECT string_agg(quote_ident(x), ', ') FROM jsonb_object_keys(r) x);
BEGIN
    EXECUTE format('INSERT INTO kommunrapport.%I (%s) SELECT %s FROM jsonb_populate_record(NULL::kommunrapport.%I, $1)',
                   tabell, k, k, tabell) USING r;
    RAISE EXCEPTION 'stored' USING ERRCODE = 'P0001';
EXCEPTION WHEN OTHERS THEN
    RETURN CASE WHEN SQLSTATE = '55000' THEN SQLERRM END;
END $$;
SELECT set_eq($$SELECT tabell, r, pg_temp.lasets_svar(tabell, r) FROM las_fall$$,
    $$SELECT tabell, r, CASE WHEN d IS NOT NULL THEN format('period %s is closed for committee "%s"', d, r->>'namnd') END
        FROM las_fall, stangd_del(tabell, r->>'namnd', r) d$$,
    'the period lock refuses exactly the rows stangd_del() finds closed months for, naming its period (52 rows)');
SELECT ok((SELECT count(*) FILTER (WHERE pg_temp.lasets_svar(tabell, r) IS NOT NULL) BETWEEN 10 AND 42 FROM las_fall),
    'and among them some are refused and some pass');

SELECT * FROM finish();
ROLLBACK;
