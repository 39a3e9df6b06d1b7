-- Codes are data: committee, unit, row and round codes that contain the
-- characters a sort key or a list could be built with ('|', ':', '/', '~',
-- ',', quotes, braces), non-ASCII letters, a zero-width space and the word
-- NULL must come back unchanged, with the right figures, in the documented
-- order (per committee in byte order of its code; units depth-first by
-- ordning, then code in byte order, a unit with sub-units after them and the
-- committee total last; report rows the same way, a subtotal row after the
-- rows it adds up).  Every figure below is worked out by hand from the
-- inserted amounts.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(26);

-- ---------------------------------------------------------------------------
-- the data set
-- ---------------------------------------------------------------------------
-- committee a|1: units x|y (ordning 0) with sub-units åäö (ordning -5),
--   É (ordning 999999) and NULL (ordning 1000000), and ~ (ordning 0, the same
--   as x|y: byte order puts 'x' (0x78) before '~' (0x7E)).  Two top-level
--   units, so the committee total (enhet NULL) is a row of its own.
-- committee {"b",}: one unit, a|1 (the other committee's code), which is the
--   committee's total.  Byte order: 'a' (0x61) before '{' (0x7B).
-- rows: NETTO| (summa, ordning 10) = {int} (intakt) and k'o"st (a cost,
--   signed kostnad: positive = cost), both ordning 1, so byte order decides:
--   'k' (0x6B) before '{' (0x7B); the zero-width space U+200B (kommunbidrag,
--   ordning 20) after NETTO|.
-- Printed order of the units of a|1: åäö, É, NULL, x|y, ~, committee total.
-- Printed order of the rows: k'o"st, {int}, NETTO|, U+200B.
INSERT INTO namnd (kod, namn) VALUES ('a|1', 'Nämnd a|1'), ('{"b",}', 'Nämnd {"b",}');
INSERT INTO enhet (namnd, kod, namn, overordnad, ordning) VALUES
    ('a|1', 'x|y', 'Område x|y', NULL, 0),
    ('a|1', 'åäö', 'Enhet åäö', 'x|y', -5),
    ('a|1', 'É', 'Enhet É', 'x|y', 999999),
    ('a|1', 'NULL', 'Enhet NULL', 'x|y', 1000000),
    ('a|1', '~', 'Enhet ~', NULL, 0),
    ('{"b",}', 'a|1', 'Hela nämnden', NULL, 0);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('NETTO|', 'Netto', 'summa', 'resultat', NULL, 10),
    ('{int}', 'Intäkter', 'intakt', 'resultat', 'NETTO|', 1),
    ('k''o"st', 'Kostnader', 'kostnad', 'kostnad', 'NETTO|', 1),
    (E'\u200B', 'Kommunbidrag', 'kommunbidrag', 'resultat', NULL, 20);

-- outcome January and February 2024 (kr)
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES
    ('a|1', 'NULL', '{int}', '2024-01', 100), ('a|1', 'NULL', '{int}', '2024-02', 200),
    ('a|1', 'NULL', 'k''o"st', '2024-01', 50), ('a|1', 'NULL', 'k''o"st', '2024-02', 70),
    ('a|1', 'É', '{int}', '2024-01', 10), ('a|1', 'É', '{int}', '2024-02', 20),
    ('a|1', 'É', 'k''o"st', '2024-01', 5), ('a|1', 'É', 'k''o"st', '2024-02', 5),
    ('a|1', 'åäö', '{int}', '2024-01', 1000), ('a|1', 'åäö', 'k''o"st', '2024-02', 300),
    ('a|1', '~', E'\u200B', '2024-01', 600), ('a|1', '~', E'\u200B', '2024-02', 600),
    ('{"b",}', 'a|1', '{int}', '2024-01', 7), ('{"b",}', 'a|1', '{int}', '2024-02', 8);
-- annual budgets from 1 January (linear: January-February is 2/12), and a new
-- version of NULL/{int} from 1 April
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES
    ('a|1', 'NULL', '{int}', '2024', '2024-01-01', 1200),      -- jan-feb 200
    ('a|1', 'NULL', '{int}', '2024', '2024-04-01', 1500),
    ('a|1', 'NULL', 'k''o"st', '2024', '2024-01-01', 600),     -- jan-feb 100
    ('a|1', 'É', '{int}', '2024', '2024-01-01', 240),          -- jan-feb 40
    ('a|1', '~', E'\u200B', '2024', '2024-01-01', 7200),       -- jan-feb 1200
    ('{"b",}', 'a|1', '{int}', '2024', '2024-01-01', 120);     -- jan-feb 20
-- two forecast rounds, T|1 (on January-February) and maj" (on January-May)
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'T|1', 'Prognos T|1', 'jan-feb 2024', '2024-03-10'),
    (2024, 'maj"', 'Prognos maj"', 'jan-maj 2024', '2024-06-10');
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('a|1', 'NULL', '{int}', 2024, 'T|1', 1800), ('a|1', 'NULL', '{int}', 2024, 'maj"', 2000),
    ('a|1', 'NULL', 'k''o"st', 2024, 'T|1', 700), ('a|1', 'NULL', 'k''o"st', 2024, 'maj"', 650),
    ('a|1', '~', '{int}', 2024, 'T|1', 50), ('a|1', '~', '{int}', 2024, 'maj"', 60),
    ('a|1', '~', E'\u200B', 2024, 'T|1', 7200), ('a|1', '~', E'\u200B', 2024, 'maj"', 7200),
    ('{"b",}', 'a|1', '{int}', 2024, 'T|1', 100), ('{"b",}', 'a|1', '{int}', 2024, 'maj"', 90);
-- the final outcome of 2024, stored for the whole year (nothing for ~/{int})
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES
    ('a|1', 'NULL', '{int}', '2024', 2100), ('a|1', 'NULL', 'k''o"st', '2024', 640),
    ('a|1', '~', E'\u200B', '2024', 7200), ('{"b",}', 'a|1', '{int}', '2024', 95);
-- published figures of a table "T"1" for January-February, in kr
INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning) VALUES
    ('a|1', 'T"1', '', 'NETTO|', 'utfall', 'jan-feb 2024', 900, 1),
    ('a|1', 'T"1', 'x|y', 'NETTO|', 'utfall', 'jan-feb 2024', 900, 1),
    ('a|1', 'T"1', '', '{int}', 'utfall', 'jan-feb 2024', 1330, 1),
    ('a|1', 'T"1', '', 'k''o"st', 'utfall', 'jan-feb 2024', 430, 1);

-- ---------------------------------------------------------------------------
-- what the tables refuse: whitespace anywhere in a code, and the empty code
-- ---------------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO namnd (kod, namn) VALUES ('a b', 'x')$$, '23514', NULL,
                 'a committee code with a space is refused');
SELECT throws_ok($$INSERT INTO enhet (namnd, kod, namn) VALUES ('a|1', E'x\ty', 'x')$$, '23514', NULL,
                 'a unit code with a tab is refused');
SELECT throws_ok($$INSERT INTO rad (kod, namn, slag, tecken) VALUES ('', 'x', 'summa', 'resultat')$$, '23514', NULL,
                 'an empty row code is refused');
SELECT throws_ok($$INSERT INTO rad (kod, namn, slag, tecken) VALUES (E'\u3000', 'x', 'summa', 'resultat')$$, '23514', NULL,
                 'a row code that is an ideographic space is refused');

-- ---------------------------------------------------------------------------
-- the hierarchy functions
-- ---------------------------------------------------------------------------
SELECT results_eq(
    $$SELECT namnd_kod, kod, niva, sortering FROM enhet_ordning(NULL) ORDER BY namnd_kod COLLATE "C", sortering$$,
    $$VALUES ('a|1'::text, 'åäö'::text, 2, 1), ('a|1', 'É', 2, 2), ('a|1', 'NULL', 2, 3), ('a|1', 'x|y', 1, 4),
             ('a|1', '~', 1, 5), ('{"b",}', 'a|1', 1, 1)$$,
    'enhet_ordning: ordning -5 < 999999 < 1000000 among siblings, x|y before ~ by byte order, a unit after its sub-units');
SELECT results_eq(
    $$SELECT namnd_kod, kod, niva, sortering FROM enhet_ordning('{"b",}')$$,
    $$VALUES ('{"b",}'::text, 'a|1'::text, 1, 1)$$,
    'enhet_ordning(namnd): only that committee, its places counted from 1');
SELECT results_eq(
    $$SELECT kod, niva, sortering FROM rad_ordning() ORDER BY sortering$$,
    $$VALUES ('k''o"st'::text, 2, 1), ('{int}', 2, 2), ('NETTO|', 1, 3), (E'\u200B', 1, 4)$$,
    'rad_ordning: equal ordning broken by byte order (k before {), a subtotal row after its rows');
SELECT bag_eq(
    $$SELECT namnd_kod, anc, kod FROM enhet_over('a|1')$$,
    $$VALUES ('a|1', 'åäö', 'åäö'), ('a|1', 'x|y', 'åäö'), ('a|1', NULL, 'åäö'),
             ('a|1', 'É', 'É'), ('a|1', 'x|y', 'É'), ('a|1', NULL, 'É'),
             ('a|1', 'NULL', 'NULL'), ('a|1', 'x|y', 'NULL'), ('a|1', NULL, 'NULL'),
             ('a|1', 'x|y', 'x|y'), ('a|1', NULL, 'x|y'), ('a|1', '~', '~'), ('a|1', NULL, '~')$$,
    'enhet_over: every unit with its ancestors and the committee total (NULL, not the unit called NULL)');
SELECT bag_eq(
    $$SELECT anc, kod FROM rad_over()$$,
    $$VALUES ('NETTO|', 'NETTO|'), ('{int}', '{int}'), ('NETTO|', '{int}'),
             ('k''o"st', 'k''o"st'), ('NETTO|', 'k''o"st'), (E'\u200B', E'\u200B')$$,
    'rad_over: every row with its ancestors');

-- ---------------------------------------------------------------------------
-- driftsammandrag, January-February 2024
-- ---------------------------------------------------------------------------
-- Leaves (utfall = January + February; budget = annual × 2/12; deviation:
-- utfall − budget for resultat, budget − utfall for the kostnad row):
--   åäö:  k'o"st 300, no budget;  {int} 1000, no budget
--   É:    k'o"st 5+5 = 10, no budget;  {int} 10+20 = 30, budget 240/6 = 40, dev −10
--   NULL: k'o"st 50+70 = 120, budget 100, dev 100−120 = −20;
--         {int} 100+200 = 300, budget 200, dev 100; forecast T|1: {int} 1800, k'o"st 700
--   ~:    U+200B 600+600 = 1200, budget 1200, dev 0, forecast 7200; {int} only a forecast, 50
--   {"b",}/a|1: {int} 7+8 = 15, budget 20, dev −5, forecast 100
-- NETTO| = {int} − k'o"st (the cost restated into resultat):
--   åäö 1000 − 300 = 700;  É 30 − 10 = 20, budget 40 (k'o"st has none);
--   NULL 300 − 120 = 180, budget 200 − 100 = 100, dev 80, forecast 1800 − 700 = 1100
-- x|y = åäö + É + NULL: k'o"st 300+10+120 = 430, budget 100, dev −330;
--   {int} 1000+30+300 = 1330, budget 40+200 = 240, dev 1090;
--   NETTO| 700+20+180 = 900, budget 40+100 = 140, dev 760
-- committee total = x|y + ~: the same, forecasts {int} 1800+50 = 1850,
--   NETTO| 1100+50 = 1150; U+200B from ~.
CREATE TEMP TABLE ds AS SELECT * FROM driftsammandrag(2024, 'jan-feb 2024');
SELECT results_eq(
    $$SELECT namnd_kod, enhet, enhet_niva, rad, rad_niva, utfall, budget, avvikelse, prognos FROM ds ORDER BY sortering$$,
    $$VALUES ('a|1'::text, 'åäö'::text, 2, 'k''o"st'::text, 2, 300::numeric, NULL::numeric, NULL::numeric, NULL::numeric),
             ('a|1', 'åäö', 2, '{int}', 2, 1000, NULL, NULL, NULL),
             ('a|1', 'åäö', 2, 'NETTO|', 1, 700, NULL, NULL, NULL),
             ('a|1', 'É', 2, 'k''o"st', 2, 10, NULL, NULL, NULL),
             ('a|1', 'É', 2, '{int}', 2, 30, 40, -10, NULL),
             ('a|1', 'É', 2, 'NETTO|', 1, 20, 40, -20, NULL),
             ('a|1', 'NULL', 2, 'k''o"st', 2, 120, 100, -20, 700),
             ('a|1', 'NULL', 2, '{int}', 2, 300, 200, 100, 1800),
             ('a|1', 'NULL', 2, 'NETTO|', 1, 180, 100, 80, 1100),
             ('a|1', 'x|y', 1, 'k''o"st', 2, 430, 100, -330, 700),
             ('a|1', 'x|y', 1, '{int}', 2, 1330, 240, 1090, 1800),
             ('a|1', 'x|y', 1, 'NETTO|', 1, 900, 140, 760, 1100),
             ('a|1', '~', 1, '{int}', 2, NULL, NULL, NULL, 50),
             ('a|1', '~', 1, 'NETTO|', 1, NULL, NULL, NULL, 50),
             ('a|1', '~', 1, E'\u200B', 1, 1200, 1200, 0, 7200),
             ('a|1', NULL, 0, 'k''o"st', 2, 430, 100, -330, 700),
             ('a|1', NULL, 0, '{int}', 2, 1330, 240, 1090, 1850),
             ('a|1', NULL, 0, 'NETTO|', 1, 900, 140, 760, 1150),
             ('a|1', NULL, 0, E'\u200B', 1, 1200, 1200, 0, 7200),
             ('{"b",}', 'a|1', 1, '{int}', 2, 15, 20, -5, 100),
             ('{"b",}', 'a|1', 1, 'NETTO|', 1, 15, 20, -5, 100)$$,
    'driftsammandrag: every row, figure and code of both committees, in the documented order');
SELECT results_eq(
    $$SELECT sortering::text FROM ds WHERE (enhet, rad) IN (('NULL', '{int}'), ('~', E'\u200B'))
         OR (enhet IS NULL AND rad = 'NETTO|') OR namnd_kod = '{"b",}' ORDER BY ds.sortering$$,
    $$VALUES ('(a|1,,3,2)'), ('(a|1,,5,4)'), ('(a|1,,,3)'), ('("{""b"",}",,1,2)'), ('("{""b"",}",,1,3)')$$,
    'driftsammandrag: the sort key holds the committee code as it is, the places of unit and row, NULL for the committee total');
SELECT is((SELECT count(*) FROM ds d JOIN enhet e ON e.namnd = d.namnd_kod AND e.kod = d.enhet
            WHERE octet_length(d.enhet) = octet_length(e.kod) AND e.namn = d.enhet_namn), 17::bigint,
          'driftsammandrag: the 17 unit rows (15 of a|1, 2 of {"b",}) name their units byte for byte; the other 4 are a|1''s total');
SELECT is((SELECT array_agg(DISTINCT octet_length(rad) ORDER BY octet_length(rad)) FROM ds WHERE rad_namn = 'Kommunbidrag'),
          ARRAY[3], 'driftsammandrag: the zero-width-space row code comes back as its three bytes');
SELECT results_eq(
    $$SELECT * FROM driftsammandrag(2024, 'jan-feb 2024', '{"b",}') ORDER BY sortering$$,
    $$SELECT * FROM ds WHERE namnd_kod = '{"b",}' ORDER BY sortering$$,
    'driftsammandrag(namnd) with a code full of quotes and braces: that committee''s rows, the same sort keys');
SELECT results_eq(
    $$SELECT namnd_kod, enhet, rad, utfall, budget, avvikelse, prognos, sortering
        FROM driftsammandrag_avrundad(2024, 'jan-feb 2024', NULL, 'kr', 0)$$,
    $$SELECT namnd_kod, enhet, rad, utfall, budget, avvikelse, prognos, sortering FROM ds ORDER BY sortering$$,
    'driftsammandrag_avrundad in whole kr: the same rows in the same order (whole kronor need no rounding)');
-- the latest period with outcome is the whole of 2024 (the final outcome is
-- stored for the year): a|1 total {int} = NULL 2100 (the stored year) + É 30
-- + åäö 1000 (their months) = 3130
SELECT results_eq(
    $$SELECT period, utfall FROM driftsammandrag_senaste WHERE namnd_kod = 'a|1' AND enhet IS NULL AND rad = '{int}'$$,
    $$VALUES ('2024-01..2024-12'::text, 3130.00)$$,
    'driftsammandrag_senaste: the latest period, its figure for a code with braces');
SELECT is((SELECT array_agg(enhet || '/' || rad ORDER BY sortering) FROM driftsammandrag_senaste
            WHERE namnd_kod = 'a|1' AND rad = '{int}' AND enhet IS NOT NULL),
          ARRAY['åäö/{int}', 'É/{int}', 'NULL/{int}', 'x|y/{int}', '~/{int}'],
          'driftsammandrag_senaste: ORDER BY sortering over the view is the printed order');

-- ---------------------------------------------------------------------------
-- prognosforandringar 2024: the latest round maj" against T|1
-- ---------------------------------------------------------------------------
-- change = new − previous (resultat), previous − new (kostnad); budgets in
-- force on 10 June (maj") and 10 March (T|1):
--   É: {int} and NETTO| only budget 240 at both rounds, no forecasts
--   NULL: k'o"st 650 vs 700: 700 − 650 = 50, budget 600/600;
--         {int} 2000 vs 1800: 200, budget 1500 (1 April) vs 1200;
--         NETTO| 2000 − 650 = 1350 vs 1800 − 700 = 1100: 250, budget 1500 − 600 = 900 vs 600
--   x|y: as NULL, budgets + É's 240: {int} 1740/1440, NETTO| 1140/840
--   ~: {int} and NETTO| 60 vs 50: 10, no budget; U+200B 7200 vs 7200: 0, budget 7200
--   total: {int} 2000+60 = 2060 vs 1800+50 = 1850: 210; NETTO| 1350+60 = 1410 vs 1100+50 = 1150: 260
--   {"b",}: {int}/NETTO| 90 vs 100: −10, budget 120
SELECT results_eq(
    $$SELECT namnd_kod, enhet, rad, prognosomgang, prognosomgang_fg, prognos, prognos_fg, prognosforandring, budget, budget_fg
        FROM prognosforandringar(2024) ORDER BY sortering$$,
    $$VALUES ('a|1'::text, 'É'::text, '{int}'::text, 'maj"'::text, 'T|1'::text, NULL::numeric, NULL::numeric, NULL::numeric, 240::numeric, 240::numeric),
             ('a|1', 'É', 'NETTO|', 'maj"', 'T|1', NULL, NULL, NULL, 240, 240),
             ('a|1', 'NULL', 'k''o"st', 'maj"', 'T|1', 650, 700, 50, 600, 600),
             ('a|1', 'NULL', '{int}', 'maj"', 'T|1', 2000, 1800, 200, 1500, 1200),
             ('a|1', 'NULL', 'NETTO|', 'maj"', 'T|1', 1350, 1100, 250, 900, 600),
             ('a|1', 'x|y', 'k''o"st', 'maj"', 'T|1', 650, 700, 50, 600, 600),
             ('a|1', 'x|y', '{int}', 'maj"', 'T|1', 2000, 1800, 200, 1740, 1440),
             ('a|1', 'x|y', 'NETTO|', 'maj"', 'T|1', 1350, 1100, 250, 1140, 840),
             ('a|1', '~', '{int}', 'maj"', 'T|1', 60, 50, 10, NULL, NULL),
             ('a|1', '~', 'NETTO|', 'maj"', 'T|1', 60, 50, 10, NULL, NULL),
             ('a|1', '~', E'\u200B', 'maj"', 'T|1', 7200, 7200, 0, 7200, 7200),
             ('a|1', NULL, 'k''o"st', 'maj"', 'T|1', 650, 700, 50, 600, 600),
             ('a|1', NULL, '{int}', 'maj"', 'T|1', 2060, 1850, 210, 1740, 1440),
             ('a|1', NULL, 'NETTO|', 'maj"', 'T|1', 1410, 1150, 260, 1140, 840),
             ('a|1', NULL, E'\u200B', 'maj"', 'T|1', 7200, 7200, 0, 7200, 7200),
             ('{"b",}', 'a|1', '{int}', 'maj"', 'T|1', 90, 100, -10, 120, 120),
             ('{"b",}', 'a|1', 'NETTO|', 'maj"', 'T|1', 90, 100, -10, 120, 120)$$,
    'prognosforandringar: every row, figure and code, round codes with | and ", in the documented order');
SELECT results_eq(
    $$SELECT enhet, rad, prognos, prognos_fg FROM prognosforandringar(2024, 'T|1', 'a|1') WHERE enhet = 'NULL' ORDER BY sortering$$,
    $$VALUES ('NULL'::text, 'k''o"st'::text, 700::numeric, NULL::numeric), ('NULL', '{int}', 1800, NULL), ('NULL', 'NETTO|', 1100, NULL)$$,
    'prognosforandringar(ar, omgang, namnd): the round T|1 by its code, the first round has no previous one');

-- ---------------------------------------------------------------------------
-- prognossakerhet 2024 (the final outcome is stored)
-- ---------------------------------------------------------------------------
-- error = final − forecast (resultat), forecast − final (kostnad):
--   T|1: NULL k'o"st 700 − 640 = 60; {int} 2100 − 1800 = 300;
--        NETTO| (2100 − 640) − (1800 − 700) = 1460 − 1100 = 360;
--        ~ {int} nothing booked: 0 − 50 = −50, NETTO| −50; U+200B 7200 − 7200 = 0;
--        total {int} 2100 − 1850 = 250, NETTO| 1460 − 1150 = 310; {"b",} 95 − 100 = −5
--   maj": NULL k'o"st 650 − 640 = 10; {int} 2100 − 2000 = 100; NETTO| 1460 − 1350 = 110;
--        ~ {int} −60, NETTO| −60; total {int} 2100 − 2060 = 40, NETTO| 1460 − 1410 = 50; {"b",} 5
SELECT results_eq(
    $$SELECT namnd_kod, prognosomgang, omgang_nr, enhet, rad, prognos, utfall, prognosfel
        FROM prognossakerhet(2024) ORDER BY sortering$$,
    $$VALUES ('a|1'::text, 'T|1'::text, 1, 'NULL'::text, 'k''o"st'::text, 700::numeric, 640::numeric, 60::numeric),
             ('a|1', 'T|1', 1, 'NULL', '{int}', 1800, 2100, 300),
             ('a|1', 'T|1', 1, 'NULL', 'NETTO|', 1100, 1460, 360),
             ('a|1', 'T|1', 1, 'x|y', 'k''o"st', 700, 640, 60),
             ('a|1', 'T|1', 1, 'x|y', '{int}', 1800, 2100, 300),
             ('a|1', 'T|1', 1, 'x|y', 'NETTO|', 1100, 1460, 360),
             ('a|1', 'T|1', 1, '~', '{int}', 50, 0, -50),
             ('a|1', 'T|1', 1, '~', 'NETTO|', 50, 0, -50),
             ('a|1', 'T|1', 1, '~', E'\u200B', 7200, 7200, 0),
             ('a|1', 'T|1', 1, NULL, 'k''o"st', 700, 640, 60),
             ('a|1', 'T|1', 1, NULL, '{int}', 1850, 2100, 250),
             ('a|1', 'T|1', 1, NULL, 'NETTO|', 1150, 1460, 310),
             ('a|1', 'T|1', 1, NULL, E'\u200B', 7200, 7200, 0),
             ('a|1', 'maj"', 2, 'NULL', 'k''o"st', 650, 640, 10),
             ('a|1', 'maj"', 2, 'NULL', '{int}', 2000, 2100, 100),
             ('a|1', 'maj"', 2, 'NULL', 'NETTO|', 1350, 1460, 110),
             ('a|1', 'maj"', 2, 'x|y', 'k''o"st', 650, 640, 10),
             ('a|1', 'maj"', 2, 'x|y', '{int}', 2000, 2100, 100),
             ('a|1', 'maj"', 2, 'x|y', 'NETTO|', 1350, 1460, 110),
             ('a|1', 'maj"', 2, '~', '{int}', 60, 0, -60),
             ('a|1', 'maj"', 2, '~', 'NETTO|', 60, 0, -60),
             ('a|1', 'maj"', 2, '~', E'\u200B', 7200, 7200, 0),
             ('a|1', 'maj"', 2, NULL, 'k''o"st', 650, 640, 10),
             ('a|1', 'maj"', 2, NULL, '{int}', 2060, 2100, 40),
             ('a|1', 'maj"', 2, NULL, 'NETTO|', 1410, 1460, 50),
             ('a|1', 'maj"', 2, NULL, E'\u200B', 7200, 7200, 0),
             ('{"b",}', 'T|1', 1, 'a|1', '{int}', 100, 95, -5),
             ('{"b",}', 'T|1', 1, 'a|1', 'NETTO|', 100, 95, -5),
             ('{"b",}', 'maj"', 2, 'a|1', '{int}', 90, 95, 5),
             ('{"b",}', 'maj"', 2, 'a|1', 'NETTO|', 90, 95, 5)$$,
    'prognossakerhet: every row, figure and code, rounds in the year''s order, in the documented order');
SELECT results_eq(
    $$SELECT sortering::text FROM prognossakerhet(2024, 'a|1') WHERE enhet = '~' AND rad = 'NETTO|' ORDER BY 1$$,
    $$VALUES ('(a|1,1,5,3)'), ('(a|1,2,5,3)')$$,
    'prognossakerhet: the sort key holds the round''s number, not its code');

-- ---------------------------------------------------------------------------
-- prognossakerhet_sammanfattning 2024: across the units without sub-units
-- (NULL and ~ of a|1; x|y has sub-units; the committee total is not a unit)
-- ---------------------------------------------------------------------------
--   T|1  k'o"st: NULL 60 -> 1 pair, bias 60, MAE 60, RMSE 60, MAPE 60/640 = 9.375 %
--        {int}:  NULL 300, ~ −50 (outcome 0, left out of the percentage):
--                bias (300 − 50)/2 = 125, MAE (300 + 50)/2 = 175,
--                RMSE sqrt((300² + 50²)/2), MAPE 300/2100, 1 outcome of 0
--        NETTO|: NULL 360, ~ −50: bias 155, MAE 205, RMSE sqrt((360² + 50²)/2), MAPE 360/1460
--        U+200B: ~ 0: all 0, MAPE 0/7200 = 0
--   maj" k'o"st: 10, MAPE 10/640 = 1.5625 %;  {int}: 100 and −60: bias 20, MAE 80;
--        NETTO|: 110 and −60: bias 25, MAE 85;  U+200B 0
--   {"b",}: T|1 −5, maj" 5 on {int} and NETTO|: MAE 5, MAPE 5/95
-- (each percentage is the ratio rounded to 18 decimals, times 100)
SELECT results_eq(
    $$SELECT namnd_kod, prognosomgang, omgang_nr, rad, antal, medelfel, medelabsolutfel, kvadratiskt_medelfel,
             antal_procent, medelabsolutfel_procent, antal_utfall_noll
        FROM prognossakerhet_sammanfattning(2024) ORDER BY sortering$$,
    $$VALUES ('a|1'::text, 'T|1'::text, 1, 'k''o"st'::text, 1::bigint, 60::numeric, 60::numeric, 60::numeric, 1::bigint, 9.375::numeric, 0::bigint),
             ('a|1', 'T|1', 1, '{int}', 2, 125, 175, (SELECT sqrt(avg(e * e)) FROM (VALUES (300.00), (-50.00)) v(e)),
              1, round(300 / 2100::numeric, 18) * 100, 1),
             ('a|1', 'T|1', 1, 'NETTO|', 2, 155, 205, (SELECT sqrt(avg(e * e)) FROM (VALUES (360.00), (-50.00)) v(e)),
              1, round(360 / 1460::numeric, 18) * 100, 1),
             ('a|1', 'T|1', 1, E'\u200B', 1, 0, 0, 0, 1, 0, 0),
             ('a|1', 'maj"', 2, 'k''o"st', 1, 10, 10, 10, 1, 1.5625, 0),
             ('a|1', 'maj"', 2, '{int}', 2, 20, 80, (SELECT sqrt(avg(e * e)) FROM (VALUES (100.00), (-60.00)) v(e)),
              1, round(100 / 2100::numeric, 18) * 100, 1),
             ('a|1', 'maj"', 2, 'NETTO|', 2, 25, 85, (SELECT sqrt(avg(e * e)) FROM (VALUES (110.00), (-60.00)) v(e)),
              1, round(110 / 1460::numeric, 18) * 100, 1),
             ('a|1', 'maj"', 2, E'\u200B', 1, 0, 0, 0, 1, 0, 0),
             ('{"b",}', 'T|1', 1, '{int}', 1, -5, 5, 5, 1, round(5 / 95::numeric, 18) * 100, 0),
             ('{"b",}', 'T|1', 1, 'NETTO|', 1, -5, 5, 5, 1, round(5 / 95::numeric, 18) * 100, 0),
             ('{"b",}', 'maj"', 2, '{int}', 1, 5, 5, 5, 1, round(5 / 95::numeric, 18) * 100, 0),
             ('{"b",}', 'maj"', 2, 'NETTO|', 1, 5, 5, 5, 1, round(5 / 95::numeric, 18) * 100, 0)$$,
    'prognossakerhet_sammanfattning: one row per committee, round and row however many | the codes hold, in the documented order');
SELECT results_eq(
    $$SELECT sortering::text FROM prognossakerhet_sammanfattning(2024, 'a|1') WHERE prognosomgang = 'maj"' ORDER BY 1$$,
    $$VALUES ('(a|1,2,,1)'), ('(a|1,2,,2)'), ('(a|1,2,,3)'), ('(a|1,2,,4)')$$,
    'prognossakerhet_sammanfattning: the sort key is the committee, the round''s number and the row''s place');

-- ---------------------------------------------------------------------------
-- avstamning, January-February 2024
-- ---------------------------------------------------------------------------
--   kommunbidrag_bokfort: the U+200B row (kommunbidrag), once, on the
--     committee total: booked 1200 against the budget spread 1200 (no frame),
--     difference 0; tolerance 2 × 0.01 / 2 = 0.01 (both figures stored exact,
--     the default unit 0.01 kr: the unit is stored, never read off the figures)
--   delsumma: NETTO| of the committee published 900 = its published units
--     (x|y 900): 1 figure, tolerance (1 + 1) × 1 / 2 = 1;
--     = its published rows {int} 1330 − k'o"st 430 = 900 (the cost restated):
--     2 figures, tolerance (2 + 1) × 1 / 2 = 1.5
SELECT results_eq(
    $$SELECT kontroll, namnd_kod, enhet, rad, kolumn, forvantat, faktiskt, differens, tolerans, inom_tolerans
        FROM avstamning(2024, 'jan-feb 2024') ORDER BY kontroll, tolerans$$,
    $$VALUES ('delsumma'::text, 'a|1'::text, NULL::text, 'NETTO|'::text, 'utfall'::text, 900::numeric, 900::numeric, 0::numeric, 1::numeric, true),
             ('delsumma', 'a|1', NULL, 'NETTO|', 'utfall', 900, 900, 0, 1.5, true),
             ('kommunbidrag_bokfort', 'a|1', NULL, E'\u200B', 'utfall', 1200, 1200, 0, 0.01, true)$$,
    'avstamning: exactly the checks the data calls for, with the codes as stored');
SELECT is((SELECT count(*) FROM avstamning(2024, 'jan-feb 2024', 'a|1')
            WHERE kontroll = 'delsumma' AND position('NETTO|' IN meddelande) > 0 AND position('T"1' IN meddelande) > 0),
          2::bigint, 'avstamning: the messages name the row and the table by their codes');
SELECT is((SELECT count(*) FROM avstamning(2024, 'jan-feb 2024', '{"b",}')), 0::bigint,
          'avstamning(namnd) for the committee with braces and quotes: nothing to check, nothing reported');

SELECT * FROM finish();
ROLLBACK;
