-- Grant reconciliation (avstämning): frames and their append-only ledger,
-- the rounding tolerance, and avstamning over a small data set built by hand
-- in which every identity holds; then one figure at a time is corrupted and
-- avstamning must name exactly the check, committee, unit/row and column that
-- figure breaks, and nothing else.  Every expected figure is worked out by
-- hand in the comments.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(100);

-- ---------------------------------------------------------------------------
-- the data set
-- ---------------------------------------------------------------------------
-- TN: a committee with two units (ledning: kommunbidrag, finansnetto,
--     disposition; drift: revenue, state grants, costs), a frame with
--     adjustments, a full-year budget, monthly outcome Jan-Apr 2024, an April
--     forecast, published figures, state grants and accumulated results.
-- TK: two units that both receive kommunbidrag (booked monthly).
-- TA: another committee, only a frame (the other side of transfers).
INSERT INTO namnd (kod, namn, kommun) VALUES
    ('TN', 'Testnämnden', 'Testkommun'),
    ('TK', 'Kommunbidragsnämnden', 'Testkommun'),
    ('TA', 'Annan nämnd', 'Testkommun');
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES
    ('TN', 'ledning', 'Ledning', 1), ('TN', 'drift', 'Drift', 2),
    ('TK', 'norr', 'Norr', 1), ('TK', 'soder', 'Söder', 2),
    ('TA', 'hela', 'Hela nämnden', 1);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('resultat', 'Resultat', 'resultat', 'resultat', NULL, 900),
    ('nettokostnad', 'Nettokostnad', 'nettokostnad', 'resultat', 'resultat', 100),
    ('intakter', 'Intäkter', 'intakt', 'resultat', 'nettokostnad', 10),
    ('statsbidrag', 'Riktade statsbidrag', 'statsbidrag', 'resultat', 'intakter', 11),
    ('ovriga_intakter', 'Övriga intäkter', 'intakt', 'resultat', 'intakter', 12),
    ('kostnader', 'Kostnader', 'kostnad', 'resultat', 'nettokostnad', 20),
    ('kommunbidrag', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'resultat', 200),
    ('disposition', 'Disposition av ackumulerat resultat', 'disposition', 'resultat', 'resultat', 250),
    ('finansnetto', 'Finansnetto', 'finansnetto', 'resultat', 'resultat', 300);

-- Frames 2024.  TN: 12 000 000; +1 000 on 1 Feb, corrected (−1 000) on 10 Feb;
-- +345 672 wage compensation on 15 Mar: 12 345 672 from then on.
-- TA: 5 432 100, +12 345 re-budgeted in December 2023 (a decision of the
-- year before): 5 444 445.  TK: 6 000 060.
INSERT INTO budgetram (namnd, ar, belopp, beslut, beslutsdatum) VALUES
    ('TN', 2024, '12000000', 'KF 2023-11-20 §150', '2023-11-20'),
    ('TA', 2024, '5432100', 'KF 2023-11-20 §150', '2023-11-20'),
    ('TK', 2024, '6000060', 'KF 2023-11-20 §150', '2023-11-20');
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, kommentar) VALUES
    ('TN', 2024, '2024-02-01', '1000', 'tillaggsanslag', 'KF', '2024-02-01 §12', 'fel belopp'),
    ('TA', 2024, '2023-12-15', '12345', 'ombudgetering', 'KF', '2023-12-15 §170', 'ombudgetering från 2023');
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, kommentar, rattar)
SELECT 'TN', 2024, '2024-02-10', '-1000', 'rattelse', 'KF', '2024-02-10 §15', 'rättar §12', id
  FROM ramjustering WHERE beslut = '2024-02-01 §12';
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, kommentar) VALUES
    ('TN', 2024, '2024-03-15', '345672', 'kompensation_loner', 'KF', '2024-03-15 §40', 'lönekompensation');

-- Full-year budget 2024 (signed as the rows say: revenue +, costs −).
-- TN: 12 345 672 + 600 000 + 1 200 012 − 14 145 684 = 0.
-- TK: norr 2 400 024 (200 002 a month), söder 3 600 036 (300 003 a month).
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES
    ('TN', 'ledning', 'kommunbidrag', '2024', '2024-01-01', '12345672'),
    ('TN', 'drift', 'statsbidrag', '2024', '2024-01-01', '600000'),
    ('TN', 'drift', 'ovriga_intakter', '2024', '2024-01-01', '1200012'),
    ('TN', 'drift', 'kostnader', '2024', '2024-01-01', '-14145684'),
    ('TK', 'norr', 'kommunbidrag', '2024', '2024-01-01', '2400024'),
    ('TK', 'soder', 'kommunbidrag', '2024', '2024-01-01', '3600036');

-- Monthly outcome Jan-Apr 2024.
-- TN kommunbidrag 1 028 806 a month (12 345 672 / 12): 4 115 224 for Jan-Apr.
-- TN result Jan-Apr: 4 115 224 + 200 000 + 400 000 − 4 675 750 − 5 000 + 25 000 = 59 474.
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT 'TN', v.enhet, v.rad, period(2024, m, m), (v.b[m])::belopp
  FROM (VALUES ('ledning', 'kommunbidrag', ARRAY[1028806, 1028806, 1028806, 1028806]),
               ('drift', 'statsbidrag', ARRAY[50000, 50000, 50000, 50000]),
               ('drift', 'ovriga_intakter', ARRAY[100123, 99877, 101456, 98544]),
               ('drift', 'kostnader', ARRAY[-1150000, -1175250, -1160400, -1190100]),
               ('ledning', 'finansnetto', ARRAY[-1250, -1250, -1250, -1250]),
               ('ledning', 'disposition', ARRAY[0, 0, 0, 25000])) v(enhet, rad, b),
       generate_series(1, 4) m;
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT 'TK', u.enhet, 'kommunbidrag', period(2024, m, m), u.b
  FROM (VALUES ('norr', 200002::numeric), ('soder', 300003)) u(enhet, b), generate_series(1, 4) m;
-- last year's full-year outcome of TN's state-grant row (for the 2023 run)
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('TN', 'drift', 'statsbidrag', '2023', '90000');

-- The April forecast: 12 345 672 + 650 000 + 1 250 000 − 14 300 000 − 5 000 + 100 000 = 40 672.
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES (2024, 'apr', 'Prognos april', 'jan-apr 2024', '2024-05-10');
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('TN', 'ledning', 'kommunbidrag', 2024, 'apr', '12345672'),
    ('TN', 'drift', 'statsbidrag', 2024, 'apr', '650000'),
    ('TN', 'drift', 'ovriga_intakter', 2024, 'apr', '1250000'),
    ('TN', 'drift', 'kostnader', 2024, 'apr', '-14300000'),
    ('TN', 'ledning', 'finansnetto', 2024, 'apr', '-5000'),
    ('TN', 'ledning', 'disposition', 2024, 'apr', '100000');

-- Published figures.
-- tn_resultat: TN's result in whole tkr: outcome 59 (59 474), full-year
--   budget 0, forecast 41 (40 672); the result alone, without its rows.
-- tn_intakter: unit drift's revenue, Jan-Apr, in kr: 200 000 + 400 000 = 600 000.
-- tk_kb: TK's budgeted kommunbidrag per unit and in total: 2 400 024 + 3 600 036 = 6 000 060.
-- tn_statsbidrag: the grant table's totals 2024: applied 420 000, recognised 280 000.
INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning) VALUES
    ('TN', 'tn_resultat', '', 'resultat', 'utfall', 'jan-apr 2024', 59000, 1000),
    ('TN', 'tn_resultat', '', 'resultat', 'budget_helar', 'jan-apr 2024', 0, 1000),
    ('TN', 'tn_resultat', '', 'resultat', 'prognos', 'jan-apr 2024', 41000, 1000),
    ('TN', 'tn_intakter', 'drift', 'intakter', 'utfall', 'jan-apr 2024', 600000, 1),
    ('TN', 'tn_intakter', 'drift', 'statsbidrag', 'utfall', 'jan-apr 2024', 200000, 1),
    ('TN', 'tn_intakter', 'drift', 'ovriga_intakter', 'utfall', 'jan-apr 2024', 400000, 1),
    ('TK', 'tk_kb', 'norr', 'kommunbidrag', 'budget_helar', 'jan-apr 2024', 2400024, 1),
    ('TK', 'tk_kb', 'soder', 'kommunbidrag', 'budget_helar', 'jan-apr 2024', 3600036, 1),
    ('TK', 'tk_kb', '', 'kommunbidrag', 'budget_helar', 'jan-apr 2024', 6000060, 1),
    ('TN', 'tn_statsbidrag', '', 'statsbidrag', 'ansokt', '2024', 420000, 1),
    ('TN', 'tn_statsbidrag', '', 'statsbidrag', 'intaktsfort', '2024', 280000, 1);

-- State grants.  2024: A 300 000 / 250 000 / received 250 000 / recognised
-- 200 000, prepaid 50 000 (250 000 − 200 000); B 120 000 / 120 000 / received
-- 100 000 / recognised 80 000, repaid 20 000.  2023: A 100 000 / 100 000 /
-- 100 000 / 90 000, prepaid 10 000; the 2023 outcome of the grant row is 90 000.
INSERT INTO statsbidrag (namnd, ar, bidrag, bidragsgivare, ansokt, beviljat, erhallet, intaktsfort, aterbetalt, forutbetald) VALUES
    ('TN', 2024, 'Bidrag A', 'Socialstyrelsen', '300000', '250000', '250000', '200000', NULL, '50000'),
    ('TN', 2024, 'Bidrag B', 'Socialstyrelsen', '120000', '120000', '100000', '80000', '20000', NULL),
    ('TN', 2023, 'Bidrag A', 'Socialstyrelsen', '100000', '100000', '100000', '90000', NULL, '10000');

-- Accumulated results in whole tkr.  2023: TN 500 + 120 = 620; drift 100 + 30 = 130.
-- 2024: TN 620 + 59 − 25 = 654; drift 130 + 900 = 1 030 (annual budget 15 000 tkr).
INSERT INTO ackumulerat_resultat (namnd, enhet, ar, ingaende, disposition, arets_resultat, utgaende, arsbudget, avrundning) VALUES
    ('TN', '', 2023, '500000', '0', '120000', '620000', NULL, 1000),
    ('TN', 'drift', 2023, '100000', '0', '30000', '130000', NULL, 1000),
    ('TN', '', 2024, '620000', '25000', '59000', '654000', NULL, 1000),
    ('TN', 'drift', 2024, '130000', '0', '900000', '1030000', '15000000', 1000);

-- the checks out of tolerance, one line each: check committee unit row column
CREATE FUNCTION pg_temp.avvikande(ar integer, p period, n text DEFAULT NULL) RETURNS text[]
    LANGUAGE sql AS $$
    SELECT coalesce(array_agg(x.k ORDER BY x.k), '{}')
      FROM (SELECT a.kontroll || ' ' || a.namnd_kod || ' ' || coalesce(a.enhet, '-') || ' '
                   || coalesce(a.rad, '-') || ' ' || a.kolumn AS k
              FROM kommunrapport.avstamning(ar, p, n) a WHERE NOT a.inom_tolerans) x $$;
CREATE FUNCTION pg_temp.alla(ar integer, p period, n text DEFAULT NULL) RETURNS text[]
    LANGUAGE sql AS $$
    SELECT coalesce(array_agg(x.k ORDER BY x.k), '{}')
      FROM (SELECT a.kontroll || ' ' || a.namnd_kod || ' ' || coalesce(a.enhet, '-') || ' '
                   || coalesce(a.rad, '-') || ' ' || a.kolumn AS k
              FROM kommunrapport.avstamning(ar, p, n) a) x $$;

-- ---------------------------------------------------------------------------
-- gallande_ram and the ledger
-- ---------------------------------------------------------------------------
SELECT is(gallande_ram('TN', 2024, '2024-01-31'), '12000000'::belopp,
          'gallande_ram before any decision: the original frame 12 000 000');
SELECT is(gallande_ram('TN', 2024, '2024-02-01'), '12001000'::belopp,
          'gallande_ram on the day of the +1 000 decision includes it: 12 001 000');
SELECT is(gallande_ram('TN', 2024, '2024-02-09'), '12001000'::belopp,
          'gallande_ram the day before the correction: 12 001 000');
SELECT is(gallande_ram('TN', 2024, '2024-02-10'), '12000000'::belopp,
          'gallande_ram after the correction (−1 000): back to 12 000 000');
SELECT is(gallande_ram('TN', 2024, '2024-03-14'), '12000000'::belopp,
          'gallande_ram the day before the wage compensation: 12 000 000');
SELECT is(gallande_ram('TN', 2024, '2024-03-15'), '12345672'::belopp,
          'gallande_ram after the wage compensation: 12 000 000 + 345 672 = 12 345 672');
SELECT is(gallande_ram('TA', 2024, '2023-12-14'), '5432100'::belopp,
          'gallande_ram before a decision taken the year before: 5 432 100');
SELECT is(gallande_ram('TA', 2024, '2023-12-15'), '5444445'::belopp,
          'gallande_ram counts a decision of the year before: 5 432 100 + 12 345 = 5 444 445');
SELECT ok(gallande_ram('TN', 2025, '2025-06-30') IS NULL, 'gallande_ram is NULL for a year without a frame');
SELECT ok(gallande_ram('TK', 2023) IS NULL AND gallande_ram('ZZ', 2024) IS NULL,
          'gallande_ram is NULL for an unknown committee or a year without a frame (default date)');
SELECT is(gallande_ram('TN', 2024), '12345672'::belopp, 'gallande_ram per defaults to today: every decision so far');

SELECT throws_ok($$UPDATE ramjustering SET belopp = '2000' WHERE beslut = '2024-02-01 §12'$$, '55000', NULL,
                 'the ledger is append-only: UPDATE is refused (55000)');
SELECT throws_ok($$DELETE FROM ramjustering WHERE beslut = '2024-02-01 §12'$$, '55000', NULL,
                 'the ledger is append-only: DELETE is refused (55000)');
-- (TRUNCATE in a transaction with queued commit-time checks is refused
-- earlier, with 55006: run them first)
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;
SELECT throws_ok($$TRUNCATE ramjustering CASCADE$$, '55000', NULL,
                 'the ledger is append-only: TRUNCATE is refused (55000)');
SELECT is((SELECT count(*) FROM ramjustering j JOIN ramjustering o ON o.id = j.rattar
            WHERE j.slag = 'rattelse' AND o.beslut = '2024-02-01 §12' AND j.belopp = -o.belopp), 1::bigint,
          'a correction is a new entry (slag rattelse) naming the entry it corrects, which stays as it was');
SELECT throws_ok($$INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut)
                   VALUES ('TN', 2024, '2024-04-01', '-5', 'rattelse', 'KF', '2024-04-01 §1')$$, '23514', NULL,
                 'slag rattelse without the entry it corrects (rattar) is refused (23514)');
SELECT throws_ok($$INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, rattar)
                   SELECT 'TN', 2024, '2024-04-01', '-5', 'tillaggsanslag', 'KF', '2024-04-01 §2', min(id) FROM ramjustering$$,
                 '23514', NULL, 'an entry naming a corrected entry must have slag rattelse (23514)');

-- transfers between committees: one decision, legs that net to zero at commit
SAVEPOINT overforing;
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
    ('TN', 2024, '2024-05-20', '-100000', 'omfordelning', 'KF', '2024-05-20 §60');
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
    ('TA', 2024, '2024-05-20', '100000', 'omfordelning', 'KF', '2024-05-20 §60');
SELECT lives_ok('SET CONSTRAINTS ALL IMMEDIATE',
                'a transfer of 100 000 from TN to TA whose two legs net to zero passes the commit-time check');
SELECT is(gallande_ram('TN', 2024, '2024-05-31'), '12245672'::belopp,
          'after the transfer TN''s frame is 12 345 672 − 100 000 = 12 245 672');
SELECT is(gallande_ram('TA', 2024, '2024-05-31'), '5544445'::belopp,
          'after the transfer TA''s frame is 5 444 445 + 100 000 = 5 544 445');
ROLLBACK TO SAVEPOINT overforing;
SET CONSTRAINTS ALL DEFERRED;
SAVEPOINT overforing;
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
    ('TN', 2024, '2024-05-20', '-50000', 'omfordelning', 'KF', '2024-05-20 §61'),
    ('TA', 2024, '2024-05-20', '40000', 'omfordelning', 'KF', '2024-05-20 §61');
SELECT throws_ok('SET CONSTRAINTS ALL IMMEDIATE', '23514', NULL,
                 'a transfer whose legs do not net to zero (−50 000 + 40 000) is refused at commit (23514)');
ROLLBACK TO SAVEPOINT overforing;
SET CONSTRAINTS ALL DEFERRED;
SAVEPOINT overforing;
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
    ('TN', 2024, '2024-05-20', '-50000', 'omfordelning', 'KF', '2024-05-20 §62');
SELECT throws_ok('SET CONSTRAINTS ALL IMMEDIATE', '23514', NULL,
                 'a transfer with a single leg is refused at commit (23514)');
ROLLBACK TO SAVEPOINT overforing;
SET CONSTRAINTS ALL DEFERRED;

-- ---------------------------------------------------------------------------
-- inom_avrundning: termer × half a unit of decimaler, and no more
-- ---------------------------------------------------------------------------
SELECT ok(inom_avrundning(1.05, 1, 1), 'inom_avrundning: 1,05 against 1 at one decimal (0,05 = half a unit) is accepted');
SELECT ok(NOT inom_avrundning(1.0501, 1, 1), 'inom_avrundning: 1,0501 against 1 at one decimal (more than 0,05) is not');
SELECT ok(inom_avrundning(0.95, 1, 1), 'inom_avrundning: 0,95 against 1 (−0,05) is accepted');
SELECT ok(NOT inom_avrundning(0.9499, 1, 1), 'inom_avrundning: 0,9499 against 1 (−0,0501) is not');
SELECT ok(inom_avrundning(-1.05, -1, 1) AND inom_avrundning(-0.95, -1, 1),
          'inom_avrundning: negative figures, −1,05 and −0,95 against −1, are accepted');
SELECT ok(NOT inom_avrundning(-1.06, -1, 1) AND NOT inom_avrundning(-0.94, -1, 1),
          'inom_avrundning: −1,06 and −0,94 against −1 are not');
SELECT ok(inom_avrundning(0.15, 0, 1, 3) AND NOT inom_avrundning(0.1501, 0, 1, 3),
          'inom_avrundning: three figures at one decimal allow 3 × 0,05 = 0,15 and no more');
SELECT ok(inom_avrundning(1634, 1633.6, 0) AND NOT inom_avrundning(1634, 1633.4, 0),
          'inom_avrundning: 1 634 published for 1 633,6 is rounding (0,4 ≤ 0,5); for 1 633,4 it is not (0,6)');
SELECT ok(inom_avrundning(1634, 1633.5, 0) AND inom_avrundning(1633, 1633.5, 0),
          'inom_avrundning: 1 633,5 may be published as 1 633 or 1 634 (exactly half a unit either way)');
SELECT ok(inom_avrundning(1500, 1000, -3) AND NOT inom_avrundning(1501, 1000, -3),
          'inom_avrundning: decimaler −3 (thousands) allows 500 and no more');
SELECT ok(inom_avrundning(22327, 22327, 0), 'inom_avrundning: an exact figure is accepted');
SELECT throws_ok('SELECT inom_avrundning(1, 1, 0, 0)', '22023', NULL, 'inom_avrundning: termer 0 is refused (22023)');
SELECT throws_ok('SELECT inom_avrundning(1, 1, 0, -2)', '22023', NULL, 'inom_avrundning: negative termer is refused (22023)');

-- ---------------------------------------------------------------------------
-- avstamning on the consistent data set
-- ---------------------------------------------------------------------------
SELECT is(pg_temp.alla(2024, 'jan-apr 2024'), ARRAY[
    'ackumulerat_ingaende TN - - ingaende',
    'ackumulerat_ingaende TN drift - ingaende',
    'ackumulerat_resultat TN - - utgaende',
    'ackumulerat_resultat TN drift - utgaende',
    'budgetram TK - - budget_helar',
    'budgetram TN - - budget_helar',
    'delsumma TK - kommunbidrag budget_helar',
    'delsumma TN drift intakter utfall',
    'kommunbidrag_bokfort TK - kommunbidrag utfall',
    'kommunbidrag_bokfort TN - kommunbidrag utfall',
    'resultat TN - resultat budget_helar',
    'resultat TN - resultat prognos',
    'resultat TN - resultat utfall',
    'statsbidrag_beviljat TN - Bidrag A beviljat',
    'statsbidrag_beviljat TN - Bidrag B beviljat',
    'statsbidrag_intaktsfort TN - Bidrag A intaktsfort',
    'statsbidrag_intaktsfort TN - Bidrag B intaktsfort',
    'statsbidrag_skuld TN - Bidrag A erhallet',
    'statsbidrag_skuld TN - Bidrag B erhallet',
    'statsbidrag_summa TN - - ansokt',
    'statsbidrag_summa TN - - intaktsfort'],
    'avstamning jan-apr 2024 runs every check it should: result (3 columns), accumulated results, frame, booking, grants, subtotals — once per committee, not per unit, for the booked kommunbidrag');
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), '{}'::text[],
          'avstamning jan-apr 2024: every check is within tolerance on the consistent data');
SELECT is(pg_temp.alla(2023, '2023', 'TN'), ARRAY[
    'ackumulerat_resultat TN - - utgaende',
    'ackumulerat_resultat TN drift - utgaende',
    'statsbidrag_beviljat TN - Bidrag A beviljat',
    'statsbidrag_intaktsfort TN - Bidrag A intaktsfort',
    'statsbidrag_resultat TN - - intaktsfort',
    'statsbidrag_skuld TN - Bidrag A erhallet'],
    'avstamning 2023 (a full year) also reconciles the recognised grants with the grant row''s outcome');
SELECT is(pg_temp.avvikande(2023, '2023', 'TN'), '{}'::text[], 'avstamning 2023: every check within tolerance');
SELECT ok(NOT EXISTS (SELECT 1 FROM avstamning(2024, 'jan-apr 2024', 'TK') WHERE namnd_kod <> 'TK')
          AND EXISTS (SELECT 1 FROM avstamning(2024, 'jan-apr 2024', 'TK')),
          'avstamning with a committee returns only that committee''s checks');

SELECT is((SELECT array[forvantat, faktiskt, differens] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'resultat' AND kolumn = 'utfall'), ARRAY[59474, 59000, -474]::numeric[],
          'result (outcome): 4 115 224 + 200 000 + 400 000 − 4 675 750 − 5 000 + 25 000 = 59 474 against 59 tkr published');
SELECT is((SELECT array[forvantat, faktiskt, differens] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'resultat' AND kolumn = 'prognos'), ARRAY[40672, 41000, 328]::numeric[],
          'result (forecast): 12 345 672 + 650 000 + 1 250 000 − 14 300 000 − 5 000 + 100 000 = 40 672 against 41 tkr');
SELECT is((SELECT array[forvantat, faktiskt] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'budgetram'), ARRAY[12345672, 12345672]::numeric[],
          'budgetram: budgeted kommunbidrag 12 345 672 = the frame in force on 30 April (12 000 000 + 1 000 − 1 000 + 345 672)');
SELECT is((SELECT array[forvantat, faktiskt, differens] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'kommunbidrag_bokfort'), ARRAY[4115224, 4115224, 0]::numeric[],
          'kommunbidrag_bokfort: booked 4 × 1 028 806 = 4 115 224 = 4/12 of 12 345 672');
SELECT is((SELECT array[forvantat, faktiskt] FROM avstamning(2024, 'jan-apr 2024', 'TK')
            WHERE kontroll = 'kommunbidrag_bokfort'), ARRAY[2000020, 2000020]::numeric[],
          'kommunbidrag_bokfort for TK covers both units: 4 × (200 002 + 300 003) = 2 000 020');
SELECT is((SELECT array[forvantat, faktiskt] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'statsbidrag_skuld' AND rad = 'Bidrag B'), ARRAY[100000, 100000]::numeric[],
          'statsbidrag_skuld: received 100 000 = recognised 80 000 + repaid 20 000');
SELECT is((SELECT array[forvantat, faktiskt] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'statsbidrag_summa' AND kolumn = 'intaktsfort'), ARRAY[280000, 280000]::numeric[],
          'statsbidrag_summa: recognised 200 000 + 80 000 = 280 000 as published');
SELECT is((SELECT array[forvantat, faktiskt] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'ackumulerat_resultat' AND enhet IS NULL), ARRAY[654000, 654000]::numeric[],
          'ackumulerat_resultat: 620 + 59 − 25 = 654 tkr');
SELECT ok((SELECT bool_and(meddelande IS NOT NULL AND meddelande <> '') FROM avstamning(2024, 'jan-apr 2024')),
          'every check has a message');

-- ---------------------------------------------------------------------------
-- corrupt one figure at a time: exactly that check, committee, unit/row, column
-- ---------------------------------------------------------------------------
SAVEPOINT fel;
UPDATE publicerad SET belopp = 69000 WHERE tabell = 'tn_resultat' AND kolumn = 'utfall';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['resultat TN - resultat utfall'],
          'published result 69 tkr instead of 59: only the result identity, TN, outcome column');
SELECT ok((SELECT meddelande LIKE '%beräknat 59 tkr, publicerat 69 tkr%' AND meddelande LIKE '%STÄMMER INTE%'
             FROM avstamning(2024, 'jan-apr 2024', 'TN') WHERE kontroll = 'resultat' AND kolumn = 'utfall'),
          'its message gives the recomputed and the published figure in tkr and says that they do not agree');
ROLLBACK TO SAVEPOINT fel;

UPDATE budget SET belopp = '-14155684' WHERE namnd = 'TN' AND rad = 'kostnader';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['resultat TN - resultat budget_helar'],
          'budgeted costs 10 000 higher (budgeted result −10 000, published 0): only the result identity, budget column');
ROLLBACK TO SAVEPOINT fel;

UPDATE prognos SET belopp = '-14310000' WHERE namnd = 'TN' AND rad = 'kostnader';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['resultat TN - resultat prognos'],
          'forecast costs 10 000 higher (30 672 against 41 tkr): only the result identity, forecast column');
ROLLBACK TO SAVEPOINT fel;

UPDATE ackumulerat_resultat SET utgaende = '1040000' WHERE namnd = 'TN' AND enhet = 'drift' AND ar = 2024;
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['ackumulerat_resultat TN drift - utgaende'],
          'unit drift''s closing balance 1 040 instead of 130 + 900 = 1 030 tkr: only that roll-forward, unit drift');
ROLLBACK TO SAVEPOINT fel;

UPDATE ackumulerat_resultat SET utgaende = '640000', arets_resultat = '140000' WHERE namnd = 'TN' AND enhet = '' AND ar = 2023;
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['ackumulerat_ingaende TN - - ingaende'],
          'last year''s closing 640 tkr against this year''s opening 620: only the opening check, TN');
ROLLBACK TO SAVEPOINT fel;

INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
    ('TN', 2024, '2024-04-15', '50000', 'tillaggsanslag', 'KF', '2024-04-15 §50');
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'),
          ARRAY['budgetram TN - - budget_helar', 'kommunbidrag_bokfort TN - kommunbidrag utfall'],
          'a +50 000 frame decision in April not in the budget: the frame check, and the booking check (the booked kommunbidrag should follow the frame in force), TN');
ROLLBACK TO SAVEPOINT fel;

INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
    ('TN', 2024, '2024-05-15', '50000', 'tillaggsanslag', 'KF', '2024-05-15 §55');
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), '{}'::text[],
          'a frame decision after the period''s end is not part of that period''s frame');
ROLLBACK TO SAVEPOINT fel;

UPDATE utfall SET belopp = '1029306' WHERE namnd = 'TN' AND rad = 'kommunbidrag' AND period = period(2024, 2, 2);
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['kommunbidrag_bokfort TN - kommunbidrag utfall'],
          'February''s kommunbidrag booked 500 kr too high: only the booking check, TN (the published result in tkr still holds)');
ROLLBACK TO SAVEPOINT fel;

UPDATE utfall SET belopp = '1038806' WHERE namnd = 'TN' AND rad = 'kommunbidrag' AND period = period(2024, 2, 2);
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'),
          ARRAY['kommunbidrag_bokfort TN - kommunbidrag utfall', 'resultat TN - resultat utfall'],
          'February''s kommunbidrag 10 000 too high enters two identities: the booking and the published result (69 474 against 59 tkr)');
ROLLBACK TO SAVEPOINT fel;

UPDATE utfall SET belopp = '300503' WHERE namnd = 'TK' AND enhet = 'soder' AND period = period(2024, 2, 2);
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['kommunbidrag_bokfort TK - kommunbidrag utfall'],
          'unit söder''s February kommunbidrag 500 too high (2 000 520 against 2 000 020): the booking check of TK');
ROLLBACK TO SAVEPOINT fel;

UPDATE statsbidrag SET beviljat = '190000' WHERE namnd = 'TN' AND ar = 2024 AND bidrag = 'Bidrag A';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['statsbidrag_intaktsfort TN - Bidrag A intaktsfort'],
          'grant A granted 190 000 but 200 000 recognised: only recognised ≤ granted, grant A');
ROLLBACK TO SAVEPOINT fel;

UPDATE statsbidrag SET beviljat = '130000' WHERE namnd = 'TN' AND ar = 2024 AND bidrag = 'Bidrag B';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['statsbidrag_beviljat TN - Bidrag B beviljat'],
          'grant B granted 130 000 of 120 000 applied: only granted ≤ applied, grant B');
ROLLBACK TO SAVEPOINT fel;

UPDATE statsbidrag SET erhallet = '260000' WHERE namnd = 'TN' AND ar = 2024 AND bidrag = 'Bidrag A';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['statsbidrag_skuld TN - Bidrag A erhallet'],
          'grant A received 260 000 − recognised 200 000 ≠ prepaid 50 000: only the liability check, grant A');
SELECT ok((SELECT meddelande LIKE '%STÄMMER INTE%' FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'statsbidrag_skuld' AND rad = 'Bidrag A'),
          'the liability check''s message says that it does not agree');
ROLLBACK TO SAVEPOINT fel;

UPDATE publicerad SET belopp = 290000 WHERE tabell = 'tn_statsbidrag' AND kolumn = 'intaktsfort';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['statsbidrag_summa TN - - intaktsfort'],
          'the grant table''s published total recognised 290 000 for 280 000: only that total');
ROLLBACK TO SAVEPOINT fel;

UPDATE publicerad SET belopp = 601000 WHERE tabell = 'tn_intakter' AND rad = 'intakter';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['delsumma TN drift intakter utfall'],
          'published revenue subtotal 601 000 for 200 000 + 400 000: only that subtotal, unit drift, row intakter');
ROLLBACK TO SAVEPOINT fel;

UPDATE publicerad SET belopp = 6000160 WHERE tabell = 'tk_kb' AND enhet = '';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['delsumma TK - kommunbidrag budget_helar'],
          'published committee total 6 000 160 for 2 400 024 + 3 600 036: only that subtotal, TK');
ROLLBACK TO SAVEPOINT fel;

UPDATE utfall SET belopp = '95000' WHERE namnd = 'TN' AND period = '2023';
SELECT is(pg_temp.avvikande(2023, '2023'), ARRAY['statsbidrag_resultat TN - - intaktsfort'],
          'the grant row''s 2023 outcome 95 000 against 90 000 recognised: only that check');
SELECT ok((SELECT meddelande LIKE '%90 000%' AND meddelande LIKE '%95 000%' FROM avstamning(2023, '2023', 'TN')
            WHERE kontroll = 'statsbidrag_resultat'),
          'its message shows both figures as amounts (90 000, 95 000)');
ROLLBACK TO SAVEPOINT fel;

-- a published result printed together with its rows: the published result
-- enters the result identity; the same discrepancy should be listed once
INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning) VALUES
    ('TN', 'tn_resultat', '', 'kommunbidrag', 'utfall', 'jan-apr 2024', 4115000, 1000),
    ('TN', 'tn_resultat', '', 'intakter', 'utfall', 'jan-apr 2024', 600000, 1000),
    ('TN', 'tn_resultat', '', 'kostnader', 'utfall', 'jan-apr 2024', -4676000, 1000),
    ('TN', 'tn_resultat', '', 'finansnetto', 'utfall', 'jan-apr 2024', -5000, 1000),
    ('TN', 'tn_resultat', '', 'disposition', 'utfall', 'jan-apr 2024', 25000, 1000);
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), '{}'::text[],
          'the result printed with its rows (4 115 + 600 − 4 676 − 5 + 25 = 59 tkr): consistent');
UPDATE publicerad SET belopp = 69000 WHERE tabell = 'tn_resultat' AND rad = 'resultat' AND kolumn = 'utfall';
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['resultat TN - resultat utfall'],
          'the result printed with its rows, published result corrupted: named once, as the result identity');
ROLLBACK TO SAVEPOINT fel;

-- a table that prints the result and only one of its rows (the net cost,
-- 600 000 − 4 675 750 = −4 076 tkr; kommunbidrag, finansnetto and disposition
-- not printed): the result is not the sum of the rows printed, and that is no
-- discrepancy
INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning) VALUES
    ('TN', 'tn_kort', '', 'resultat', 'utfall', 'jan-apr 2024', 59000, 1000),
    ('TN', 'tn_kort', '', 'nettokostnad', 'utfall', 'jan-apr 2024', -4076000, 1000);
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), '{}'::text[],
          'a table printing the result with only some of its rows: no subtotal discrepancy is invented');
ROLLBACK TO SAVEPOINT fel;

-- ---------------------------------------------------------------------------
-- a local cap rule on the carried balance
-- ---------------------------------------------------------------------------
UPDATE ackumulerat_resultat SET utgaende = '750000' WHERE namnd = 'TN' AND enhet = 'drift' AND ar = 2024;
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['ackumulerat_resultat TN drift - utgaende'],
          'without a rule, drift closing at 750 tkr instead of 130 + 900 = 1 030 is not explained');
INSERT INTO resultatfond_regel (namnd, tak_andel, kommentar) VALUES ('TN', 0.05, '5 % av enhetens budget');
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), '{}'::text[],
          'with a 5 % cap, drift closing at 750 tkr = 5 % × 15 000 tkr is explained');
SELECT ok((SELECT inom_tolerans AND meddelande LIKE '%förklaras av taket%' FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'ackumulerat_resultat' AND enhet = 'drift'),
          'its message says that the cap explains it');
SELECT is((SELECT array[forvantat, faktiskt] FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'ackumulerat_resultat' AND enhet = 'drift'), ARRAY[1030000, 750000]::numeric[],
          'expected stays the plain roll-forward 1 030 tkr, actual 750 tkr');
UPDATE ackumulerat_resultat SET utgaende = '800000' WHERE namnd = 'TN' AND enhet = 'drift' AND ar = 2024;
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), ARRAY['ackumulerat_resultat TN drift - utgaende'],
          'closing at 800 tkr: neither the roll-forward (1 030) nor the cap (750) explains it');
SELECT ok((SELECT meddelande LIKE '%inte heller taket%' FROM avstamning(2024, 'jan-apr 2024', 'TN')
            WHERE kontroll = 'ackumulerat_resultat' AND enhet = 'drift'),
          'its message says that the cap does not explain it either');
UPDATE ackumulerat_resultat SET utgaende = '1030000' WHERE namnd = 'TN' AND enhet = 'drift' AND ar = 2024;
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), '{}'::text[],
          'with the rule, a balance the roll-forward explains is still accepted');
UPDATE ackumulerat_resultat SET utgaende = '100000', ingaende = '130000', arets_resultat = '-30000'
 WHERE namnd = 'TN' AND enhet = 'drift' AND ar = 2024;
SELECT is(pg_temp.avvikande(2024, 'jan-apr 2024'), '{}'::text[],
          'with the rule, a balance below the cap (130 − 30 = 100 tkr) follows the plain roll-forward');
ROLLBACK TO SAVEPOINT fel;

-- ---------------------------------------------------------------------------
-- row-level security on the reconciliation tables: a committee role sees its
-- own committee's frames, adjustments, grants, accumulated results and
-- published figures, and avstamning reports only its committee
-- ---------------------------------------------------------------------------
CREATE ROLE kr_avst_tk NOLOGIN;
GRANT USAGE ON SCHEMA kommunrapport TO kr_avst_tk;
GRANT SELECT ON ALL TABLES IN SCHEMA kommunrapport TO kr_avst_tk;
SELECT bevilja('kr_avst_tk', 'TK');
SELECT ok((SELECT count(*) FROM ramjustering WHERE namnd = 'TN') > 0 AND (SELECT count(*) FROM statsbidrag) > 0,
          'as superuser: TN has frame adjustments and grants (so the checks below can fail)');
SET ROLE kr_avst_tk;
SELECT is(ARRAY(SELECT DISTINCT namnd FROM budgetram ORDER BY 1), ARRAY['TK'], 'kr_avst_tk sees only TK''s frames');
SELECT is((SELECT count(*) FROM ramjustering WHERE namnd <> 'TK'), 0::bigint, 'kr_avst_tk sees no other committee''s frame adjustments');
SELECT is((SELECT count(*) FROM statsbidrag), 0::bigint, 'kr_avst_tk sees none of TN''s grants');
SELECT is((SELECT count(*) FROM ackumulerat_resultat), 0::bigint, 'kr_avst_tk sees none of TN''s accumulated results');
SELECT is((SELECT count(*) FROM publicerad WHERE namnd <> 'TK'), 0::bigint, 'kr_avst_tk sees no other committee''s published figures');
SELECT is(ARRAY(SELECT DISTINCT namnd_kod FROM avstamning(2024, 'jan-apr 2024') ORDER BY 1), ARRAY['TK'],
          'avstamning as kr_avst_tk reports TK only');
SELECT is(gallande_ram('TN', 2024, '2024-12-31'), NULL, 'gallande_ram of an ungranted committee is NULL for kr_avst_tk');
RESET ROLE;

-- ---------------------------------------------------------------------------
-- errors
-- ---------------------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM avstamning(2024, 'jan-apr 2024', 'FINNS-EJ')$$, '22023', NULL,
                 'avstamning for an unknown committee is refused (22023)');
SELECT throws_ok($$SELECT * FROM avstamning(2023, 'jan-apr 2024')$$, '22023', NULL,
                 'avstamning with a period outside the year is refused (22023)');

-- ---------------------------------------------------------------------------
-- the rounding unit is the one stored with the figures, never read off them
-- ---------------------------------------------------------------------------
-- TR: a frame of 100 400 000 kr (decided as 100,4 mnkr: unit 100 000), a
-- full-year kommunbidrag budget of 100 000 000 kr and, for Jan-Feb, a
-- published outcome of 16 700 000 kr.  The same figures are judged by the
-- unit stored with them: 100 000 000 is a whole number of mnkr, but only a
-- budget stated in mnkr (unit 1 000 000) may differ from the frame by
-- 400 000 (tolerance 1 × 1 000 000 / 2 = 500 000); stored as exact (the
-- default 0.01) it may differ by 1 × 0.01 / 2 = 0.005 and does not agree.
INSERT INTO namnd (kod, namn, kommun) VALUES ('TR', 'Avrundningsnämnden', 'Testkommun');
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES ('TR', 'hela', 'Hela nämnden', 1);
INSERT INTO budgetram (namnd, ar, belopp, beslut, avrundning) VALUES ('TR', 2024, '100,4 mnkr', 'KF §1', 100000);
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES
    ('TR', 'hela', 'kommunbidrag', '2024', '2024-01-01', '100 mnkr');
SELECT is((SELECT format('%s|%s|%s', differens, trim_scale(tolerans), inom_tolerans)
             FROM avstamning(2024, 'jan-feb 2024', 'TR') WHERE kontroll = 'budgetram'),
          '-400000.00|0.005|f',
          'budgetram: a budget stored exact (the default unit) is held to 0,005 kr: 400 000 kr off the frame is an error');
SELECT alike((SELECT meddelande FROM avstamning(2024, 'jan-feb 2024', 'TR') WHERE kontroll = 'budgetram'),
            '%gällande ram 100,4 mnkr (ursprunglig ram 100,4 mnkr)%',
            'budgetram: the frame is shown in the unit stored with it (100,4 mnkr), not read off its figure');
-- the same budget, stated in whole mnkr (a new version in force from 1 January 2024, the same day: replaced)
DELETE FROM budget WHERE namnd = 'TR';
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, avrundning) VALUES
    ('TR', 'hela', 'kommunbidrag', '2024', '2024-01-01', '100 mnkr', 1000000);
SELECT is((SELECT format('%s|%s|%s', differens, trim_scale(tolerans), inom_tolerans)
             FROM avstamning(2024, 'jan-feb 2024', 'TR') WHERE kontroll = 'budgetram'),
          '-400000.00|500000|t',
          'budgetram: the same budget stored as whole mnkr is within 1 × 1 000 000 / 2 = 500 000 kr of the frame');
SELECT is(budget_avrundning('TR', 'kommunbidrag', '2024', '2024-12-31'), 1000000::numeric,
          'budget_avrundning: the unit of the version in force');
SELECT is(budget_avrundning('TR', 'kommunbidrag', '2024', '2023-12-31'), NULL::numeric,
          'budget_avrundning: no version in force before it was decided: NULL');

-- kommunbidrag_bokfort, Jan-Feb: the frame 100 400 000 spread evenly (no
-- profile) in whole öre: 10 040 000 000 öre / 12 = 836 666 666 rest 8, the 8
-- öre left go one each to January-August, so Jan-Feb is 2 × 836 666 667 öre =
-- 16 733 333.34; the outcome published as 16,7 mnkr (unit 100 000) is
-- 33 333.34 off.  The tolerance is 2 × the finer of the
-- outcome's unit and the frame's / 2: 2 × 100 000 / 2 = 100 000.
INSERT INTO utfall (namnd, enhet, rad, period, belopp, avrundning) VALUES
    ('TR', 'hela', 'kommunbidrag', 'jan-feb 2024', '16,7 mnkr', 100000);
SELECT is((SELECT format('%s|%s|%s', differens, trim_scale(tolerans), inom_tolerans)
             FROM avstamning(2024, 'jan-feb 2024', 'TR') WHERE kontroll = 'kommunbidrag_bokfort'),
          '-33333.34|100000|t',
          'kommunbidrag_bokfort: a booked figure stated in 0,1 mnkr is within 100 000 kr of the spread frame');
SELECT is(utfall_avrundning('TR', 'kommunbidrag', 'jan-feb 2024'), 100000::numeric,
          'utfall_avrundning: the unit of the row stored for exactly the period');
-- the frame adjusted by 12 345,67 kr (a decision to the öre): the frame in force
-- is 100 412 345.67, its unit the finer 0.01, and so is the check's
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, avrundning) VALUES
    ('TR', 2024, '2024-02-10', '12345,67', 'kompensation_loner', 'KF', '§2', 0.01);
SELECT is(ram_avrundning('TR', 2024, '2024-02-29'), 0.01::numeric,
          'ram_avrundning: the finest of the frame''s and the adjustments'' units');
SELECT is(ram_avrundning('TR', 2024, '2024-02-09'), 100000::numeric,
          'ram_avrundning: an adjustment decided after the date does not count');
-- spread: 10 041 234 567 öre / 12 = 836 769 547 rest 3 (one öre more for
-- January-March), Jan-Feb 2 × 836 769 548 öre = 16 735 390.96: 35 390.96 off
SELECT is((SELECT format('%s|%s|%s', differens, trim_scale(tolerans), inom_tolerans)
             FROM avstamning(2024, 'jan-feb 2024', 'TR') WHERE kontroll = 'kommunbidrag_bokfort'),
          '-35390.96|0.01|f',
          'kommunbidrag_bokfort: against a frame stated to the öre the tolerance is 2 × 0.01 / 2, and 35 390.96 kr off is an error');

SELECT * FROM finish();
ROLLBACK;
