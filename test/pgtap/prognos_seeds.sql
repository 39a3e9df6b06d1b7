-- Forecast change (prognosförändring) reproduces the seed reports.
--
-- Seed 003, Alingsås vård- och omsorgsnämnden, delårsrapport jan–aug 2024, tkr,
-- revenue +, costs − (tecken resultat).  The table "Drift" prints the August
-- full-year forecast per row (data/seeds/expected/003_drift.tsv, column 2);
-- the text under "Prognosförändring" gives each row's change against the May
-- forecast:
--   "Verksamhetens intäkter prognostiseras avvika med 12,2 mkr mer än i majprognosen"
--     -> revenue up: favourable, +12,2
--   "Personalkostnader prognostiseras med 2,5 mkr mer än i majprognosen"  -> −2,5
--   "Lokalhyror prognostiseras med 2,0 mkr mer än i majprognosen"         -> −2,0
--   "Köp av tjänst prognostiseras med 3,5 mkr mer än i majprognosen"      -> −3,5
--   "Övriga kostnader prognostiseras med 4,1 mkr mer än i majprognosen"   -> −4,1
--   (every cost row "increases": a larger cost, unfavourable, so negative)
-- The May forecasts are printed nowhere: the report gives the May round only
-- through these changes, so the only May figures there are are "August −
-- printed change" (good to ±0,05 mkr per row).  The test stores exactly that
-- as the May round, and therefore never asserts the printed changes back (that
-- would only return its own input).  What it asserts instead is what the input
-- does not contain, each worked out by hand below: the May round's deviation
-- against the budget per row and for the subtotals, the subtotals' changes,
-- and, against figures the report prints independently, the August deviation
-- (the table's "Avv. prognos/budget" and the text's mkr).

-- Seed 000, Linköping äldrenämnden, månadsrapport jan–maj 2023, mnkr, net
-- cost positive (tecken kostnad).  "Den samlade bedömningen är att det
-- nollresultat som gavs i månadsrapport april kvarstår även för maj": the
-- April forecast was a zero result against the frame then in force, 1 627
-- mnkr (1 682 − 55, the technical adjustment "i delår mars"), and May kept the
-- zero result against the frame after "I maj beslutade KF om en
-- hyreskompensation på 2,8 mnkr ... en lönekompensation ... på 3,8 mnkr",
-- 1 627 + 2,8 + 3,8 = 1 633,6, printed 1 634.  So the net-cost forecast rose
-- from 1 627,0 to 1 633,6: the forecast change is −6,6 mnkr in the kostnad
-- convention (a larger net cost is unfavourable), −7 from the printed whole
-- mnkr (1 627 − 1 634), which is the same −6,6 within the rounding of two
-- whole-mnkr figures; the deviation stayed 0; and the change of the deviation
-- (0) minus the change of the forecast (−6,6) is exactly the budget change,
-- +6,6 = 2,8 + 3,8.  The report gives neither date; the April report is put
-- before the council's May decision, the May report after it.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(42);

-- the report rows of the seed loader (data/seeds/ladda.sql) that these use
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('nettokostnad', 'Nettokostnad', 'nettokostnad', 'resultat', NULL, 100),
    ('intakter', 'Intäkter', 'intakt', 'resultat', 'nettokostnad', 10),
    ('kostnader', 'Kostnader', 'kostnad', 'resultat', 'nettokostnad', 20),
    ('personalkostnader', 'Personalkostnader', 'kostnad', 'resultat', 'kostnader', 21),
    ('lokalhyror', 'Lokalhyror', 'kostnad', 'resultat', 'kostnader', 22),
    ('kop_av_tjanster', 'Köp av tjänster', 'kostnad', 'resultat', 'kostnader', 23),
    ('ovriga_kostnader', 'Övriga kostnader', 'kostnad', 'resultat', 'kostnader', 24),
    ('nettokostnad_k', 'Nettokostnad', 'nettokostnad', 'kostnad', NULL, 50);

-----------------------------------------------------------------------------
-- seed 003
-----------------------------------------------------------------------------
INSERT INTO namnd (kod, namn, kommun) VALUES ('ALS-VON', 'Vård- och omsorgsnämnden', 'Alingsås');
INSERT INTO enhet (namnd, kod, namn) VALUES ('ALS-VON', 'hela', 'Vård- och omsorgsnämnden');
-- the rounds as the seed loader dates them (the period's last day + 14)
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'maj', 'Prognos maj', 'jan-maj 2024', '2024-06-14'),
    (2024, 'aug', 'Prognos aug', 'jan-aug 2024', '2024-09-14');

-- rad, budget 2024, August forecast (003_drift.tsv columns 1 and 2, tkr),
-- the printed change against May (mkr), the printed forecast − budget (tkr)
-- and the text's forecast deviation (mkr)
CREATE TEMP TABLE s003 (rad text, budget numeric, aug numeric, andring numeric,
                        avv_tabell numeric, avv_text numeric);
INSERT INTO s003 VALUES
    ('intakter',            206297,   235714,  12.2,   29417,  29.4),
    ('personalkostnader',  -802020,  -805544,  -2.5,   -3523,  -3.5),
    ('lokalhyror',         -113241,  -114507,  -2.0,   -1266,  -1.3),
    ('kop_av_tjanster',    -176046,  -189187,  -3.5,  -13141, -13.1),
    ('ovriga_kostnader',    -81323,   -92810,  -4.1,  -11487, -11.5);

INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut)
SELECT 'ALS-VON', 'hela', rad, '2024', '2024-01-01', (budget * 1000)::belopp, 'Budget 2024' FROM s003;
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
SELECT 'ALS-VON', 'hela', rad, 2024, 'aug', (aug * 1000)::belopp FROM s003
UNION ALL
SELECT 'ALS-VON', 'hela', rad, 2024, 'maj', ((aug - andring * 1000) * 1000)::belopp FROM s003;

CREATE TEMP TABLE f003 AS SELECT * FROM prognosforandringar(2024, NULL, 'ALS-VON');

SELECT is((SELECT DISTINCT prognosomgang || ' against ' || prognosomgang_fg FROM f003), 'aug against maj',
          '003: without a round, the year''s latest round (aug) is compared with the one before it (maj)');
SELECT is((SELECT count(*) FROM f003), 7::bigint,
          '003: five rows and the subtotals Kostnader and Nettokostnad, for the single unit (no committee total)');

-- the May round's deviation against the (unchanged) budget, per row, by hand
-- from the May input (August − printed change) and the budget (column 1):
--   intäkter           235 714 − 12 200 = 223 514;  223 514 − 206 297 = 17 217
--   personalkostnader −805 544 +  2 500 = −803 044; −803 044 + 802 020 = −1 024
--   lokalhyror        −114 507 +  2 000 = −112 507; −112 507 + 113 241 =    734
--   köp av tjänster   −189 187 +  3 500 = −185 687; −185 687 + 176 046 = −9 641
--   övriga kostnader   −92 810 +  4 100 =  −88 710;  −88 710 +  81 323 = −7 387
CREATE TEMP TABLE maj003 (rad text, avvikelse_maj numeric);
INSERT INTO maj003 VALUES ('intakter', 17217), ('personalkostnader', -1024), ('lokalhyror', 734),
                          ('kop_av_tjanster', -9641), ('ovriga_kostnader', -7387);
SELECT is(f.avvikelse_fg, m.avvikelse_maj * 1000,
          format('003 %s: the May round''s deviation against the budget is %s tkr', m.rad, m.avvikelse_maj))
  FROM maj003 m JOIN f003 f ON f.rad = m.rad ORDER BY m.rad;
-- and for the net cost: the May rows add up to 223 514 − 803 044 − 112 507
-- − 185 687 − 88 710 = −966 434 against the budget's 206 297 − 802 020
-- − 113 241 − 176 046 − 81 323 = −966 333: a deficit of 101 tkr in May
-- (August: 235 714 − 1 202 048 = −966 334, a deficit of 1 tkr, printed 0)
SELECT is((SELECT (avvikelse_fg, avvikelse)::text FROM f003 WHERE rad = 'nettokostnad'), '(-101000.00,-1000.00)',
          '003 Nettokostnad: deviation −101 tkr in May, −1 tkr in August (printed 0, within rounding)');

-- the forecast deviation of the August round is the table's "Avv. prognos/budget"
SELECT is(f.avvikelse, (s.aug - s.budget) * 1000,
          format('003 %s: August forecast deviation recomputed, %s tkr', s.rad, s.aug - s.budget))
  FROM s003 s JOIN f003 f ON f.rad = s.rad ORDER BY s.rad;
SELECT ok(abs(f.avvikelse / 1000 - s.avv_tabell) <= 1 AND round(f.avvikelse / 1e6, 1) = s.avv_text,
          format('003 %s: deviation as printed (%s tkr, within 1 tkr) and as the text says (%s mkr)',
                 s.rad, s.avv_tabell, s.avv_text))
  FROM s003 s JOIN f003 f ON f.rad = s.rad ORDER BY s.rad;

-- subtotals over the row hierarchy
SELECT is((SELECT prognosforandring FROM f003 WHERE rad = 'kostnader'),
          (SELECT sum(prognosforandring) FROM f003 WHERE rad IN ('personalkostnader', 'lokalhyror',
                                                               'kop_av_tjanster', 'ovriga_kostnader')),
          '003 Kostnader: the change of the subtotal is the sum of its four rows'' changes');
SELECT is((SELECT prognosforandring FROM f003 WHERE rad = 'kostnader'), -12100000::numeric,
          '003 Kostnader: the subtotal''s change is −2 500 − 2 000 − 3 500 − 4 100 = −12 100 tkr');
SELECT is((SELECT prognosforandring FROM f003 WHERE rad = 'nettokostnad'),
          (SELECT prognosforandring FROM f003 WHERE rad = 'intakter')
              + (SELECT prognosforandring FROM f003 WHERE rad = 'kostnader'),
          '003 Nettokostnad: the change is revenue''s change plus the costs'' (12 200 − 12 100 = +100 tkr)');
SELECT is((SELECT prognos FROM f003 WHERE rad = 'kostnader'), -1202048000::numeric,
          '003 Kostnader: the August forecast adds up to −1 202 048 tkr (printed −1 202 047, one unrounded figure behind it)');

-- no budget change between the rounds: the deviation moved as the forecast did
SELECT is((SELECT count(*) FROM f003 WHERE budgetforandring = 0
                                       AND avvikelseforandring = prognosforandring), 7::bigint,
          '003: the budget stood still, so every row''s deviation changed exactly as its forecast');

-- the first round of the year has no previous round: NULL, not zero
SELECT is((SELECT count(*) FROM prognosforandringar(2024, 'maj', 'ALS-VON')
            WHERE prognosomgang_fg IS NULL AND prognos_fg IS NULL AND prognosforandring IS NULL
              AND budget_fg IS NULL AND avvikelse_fg IS NULL AND avvikelseforandring IS NULL
              AND prognos IS NOT NULL), 7::bigint,
          '003: the May round, the year''s first, has no previous figures: NULL, not zero');

-- driftsammandrag for jan–aug shows the same two forecasts
SELECT is((SELECT count(*) FROM driftsammandrag(2024, 'jan-aug 2024', 'ALS-VON') d
             JOIN f003 f ON f.enhet = d.enhet AND f.rad = d.rad
            WHERE d.prognos = f.prognos AND d.prognos_fg = f.prognos_fg
              AND d.prognos_avvikelse = f.avvikelse), 7::bigint,
          '003: driftsammandrag jan–aug 2024 shows the same forecasts and forecast deviation');

-----------------------------------------------------------------------------
-- seed 000
-----------------------------------------------------------------------------
INSERT INTO namnd (kod, namn, kommun) VALUES ('LKP-AN', 'Äldrenämnden', 'Linköping');
INSERT INTO enhet (namnd, kod, namn) VALUES ('LKP-AN', 'hela', 'Äldrenämnden');
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2023, 'apr', 'Månadsrapport april', 'jan-apr 2023', '2023-05-16'),
    (2023, 'maj', 'Månadsrapport maj', 'jan-maj 2023', '2023-06-13');
-- the frame: 1 682, −55 technical adjustment in March, +2,8 and +3,8 in May
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut) VALUES
    ('LKP-AN', 'hela', 'nettokostnad_k', '2023', '2023-01-01', '1 682 mnkr', 'Budget 2023'),
    ('LKP-AN', 'hela', 'nettokostnad_k', '2023', '2023-03-31', '1 627 mnkr', 'teknisk justering, delår mars'),
    ('LKP-AN', 'hela', 'nettokostnad_k', '2023', '2023-05-24', '1 633,6 mnkr', 'KF maj: hyreskompensation 2,8, lönekompensation 3,8');
-- a zero result each time: the forecast net cost equals the frame then in force
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('LKP-AN', 'hela', 'nettokostnad_k', 2023, 'apr', '1 627 mnkr'),
    ('LKP-AN', 'hela', 'nettokostnad_k', 2023, 'maj', '1 633,6 mnkr');

CREATE TEMP TABLE f000 AS SELECT * FROM prognosforandringar(2023, NULL, 'LKP-AN');

SELECT is((SELECT count(*) FROM f000), 1::bigint, '000: one unit, one row');
SELECT is((SELECT prognosomgang || ' against ' || prognosomgang_fg FROM f000), 'maj against apr',
          '000: the May report against the April report');
SELECT is((SELECT tecken FROM f000), 'kostnad'::tecken, '000: net cost positive, the kostnad convention');
SELECT is((SELECT (budget_fg, budget)::text FROM f000), '(1627000000.00,1633600000.00)',
          '000: the frame in force at each report: 1 627 in April, 1 633,6 (printed 1 634) in May');
SELECT is((SELECT (avvikelse_fg, avvikelse)::text FROM f000), '(0.00,0.00)',
          '000: a zero result forecast in April and in May');
SELECT is((SELECT prognosforandring FROM f000), -6600000.00,
          '000: the forecast net cost rose by 6,6 mnkr: −6,6, unfavourable in the kostnad convention');
SELECT is((SELECT avvikelseforandring FROM f000), 0.00,
          '000: the deviation did not change');
SELECT is((SELECT budgetforandring FROM f000), 6600000.00,
          '000: the frame grew by 2,8 + 3,8 = 6,6 mnkr, room for the deviation');
SELECT is((SELECT avvikelseforandring - prognosforandring FROM f000),
          kronor('2,8 mnkr'::belopp + '3,8 mnkr'::belopp),
          '000: the change of the deviation minus the change of the forecast is exactly the budget change, 2,8 + 3,8');
SELECT is((SELECT avvikelseforandring - prognosforandring - budgetforandring FROM f000), 0.00,
          '000: avvikelseforandring = prognosforandring + budgetforandring');
-- from the printed whole mnkr the change reads −7
SELECT is(prognosforandring('1 634 mnkr'::belopp, '1 627 mnkr'::belopp, 'kostnad'), '-7 mnkr'::belopp,
          '000: from the printed figures 1 627 → 1 634 the change reads −7 mnkr');
SELECT ok(abs(-7 - (SELECT prognosforandring FROM f000) / 1e6) <= 2 * 0.5,
          '000: −7 and −6,6 agree within the rounding of two whole-mnkr figures');
SELECT is(avvikelse('1 634 mnkr'::belopp, '1 634 mnkr'::belopp, 'kostnad')
              - avvikelse('1 627 mnkr'::belopp, '1 627 mnkr'::belopp, 'kostnad'), '0'::belopp,
          '000: from the printed figures the deviation stays 0 as well');
-- the May report's own table: forecast 1 634, budget 1 634, deviation 0
SELECT is((SELECT (round(prognos / 1e6), round(budget_helar / 1e6), prognos_avvikelse)::text
             FROM driftsammandrag(2023, 'jan-maj 2023', 'LKP-AN')),
          '(1634,1634,0.00)',
          '000: driftsammandrag jan–maj prints the table''s "Summa nettokostnader 1 634 1 634 0"');

-----------------------------------------------------------------------------
-- the scalar, with printed figures that do not depend on each other: the
-- signed difference it computes is the one the 003 table prints as
-- "Avv. prognos/budget" (forecast − budget, column 2 − column 1)
-----------------------------------------------------------------------------
SELECT is(prognosforandring('235 714 tkr'::belopp, '206 297 tkr'::belopp), '29 417 tkr'::belopp,
          '003 intäkter: 235 714 − 206 297 = +29 417 tkr, as printed (resultat, the default)');
SELECT is(prognosforandring('-114 507 tkr'::belopp, '-113 241 tkr'::belopp, 'resultat'), '-1 266 tkr'::belopp,
          '003 lokalhyror: −114 507 − (−113 241) = −1 266 tkr, as printed: a larger cost is negative');
SELECT is(prognosforandring(114507::numeric, 113241, 'kostnad'), -1266::numeric,
          '003 lokalhyror restated as positive cost: the same −1 266 in the kostnad convention');

SELECT * FROM finish();
ROLLBACK;
