-- Budget deviation, consumption and spreading reproduce the seed reports'
-- published figures.  Every expected value below is typed from the reports'
-- tables (the report text is quoted in the description); where a published
-- figure differs from the recomputation, the test says so and checks that the
-- difference is no more than the report's own rounding.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(41);

-- Seed 000, Linköping äldrenämnden, Driftsammandrag netto mnkr, jan–maj 2023.
-- Net cost is shown positive: tecken 'kostnad', deviation = budget − outcome.
CREATE TEMP TABLE s000 (rad text, utfall numeric, budget numeric, publicerad numeric);
INSERT INTO s000 VALUES
    ('100 - Nämnd- och styrelseverksamhet 1 1 0', 1, 1, 0),
    ('509 - Hemtjänst 187 187 0', 187, 187, 0),
    ('510 - Vård och Omsorg om äldre 55 61 5', 55, 61, 5),
    ('511 - Vårdboende 350 362 12', 350, 362, 12),
    ('512 - Hemsjukvård 46 46 -1', 46, 46, -1),
    ('520 - Insatser personer m funkt.nedsättn 1 1 0', 1, 1, 0),
    ('922 - Social- och omsorgsförvaltningen 17 17 0', 17, 17, 0),
    ('Summa nettokostnader 657 674 16', 657, 674, 16);

SELECT is(avvikelse(utfall::belopp, budget::belopp, 'kostnad'), (publicerad * 1)::belopp,
          '000 ' || rad || ': deviation recomputed exactly')
  FROM s000 WHERE rad IN ('509 - Hemtjänst 187 187 0', '511 - Vårdboende 350 362 12',
                          '922 - Social- och omsorgsförvaltningen 17 17 0');
-- 510: 61 − 55 = 6 but 5 is printed; 512: 46 − 46 = 0 but −1; Summa: 674 − 657 = 17 but 16.
-- Each is a difference of two figures rounded to whole mnkr: off by at most 2 × 0,5 = 1.
SELECT is(avvikelse(utfall, budget, 'kostnad'), want::numeric,
          '000 ' || rad || ': recomputed ' || want || ', published ' || publicerad)
  FROM s000 JOIN (VALUES ('510 - Vård och Omsorg om äldre 55 61 5', 6),
                         ('512 - Hemsjukvård 46 46 -1', 0),
                         ('Summa nettokostnader 657 674 16', 17)) w(r, want) ON r = rad;
SELECT ok(abs(avvikelse(utfall, budget, 'kostnad') - publicerad) <= 1,
          '000 ' || rad || ': published deviation within the rounding of two whole-mnkr figures')
  FROM s000 WHERE rad IN ('510 - Vård och Omsorg om äldre 55 61 5', '512 - Hemsjukvård 46 46 -1',
                          'Summa nettokostnader 657 674 16');

-- Seed 000, full-year: "510 - Vård och Omsorg om äldre 143 142 -2" (forecast vs budget)
SELECT is(avvikelse(143::numeric, 142, 'kostnad'), -1::numeric,
          '000 510 full year: 142 − 143 = −1 (published −2, within rounding)');
SELECT is(avvikelse('864 mnkr'::belopp, '866 mnkr'::belopp, 'kostnad'), '2 mnkr'::belopp,
          '000 511 full year: forecast 864 against budget 866 is +2 mnkr, as published');

-- Seed 001, Resultatredovisning i sammandrag, mnkr: revenue +, costs −.
SELECT is(avvikelse('1 068'::belopp, '957'::belopp), '111'::belopp, '001 Intäkter 1 068 957 111');
SELECT is(avvikelse('-5 943'::belopp, '-5 963'::belopp), '20'::belopp, '001 Kostnader -5 943 -5 963 20');
SELECT is(avvikelse('5 008'::belopp, '5 010'::belopp), '-2'::belopp, '001 Kommunbidrag 5 008 5 010 -2');
SELECT is(avvikelse('133'::belopp, '4'::belopp), '129'::belopp, '001 Resultat 133 4 129');
SELECT is(avvikelse('-5943'::belopp, '-5963'::belopp, 'resultat'),
          avvikelse('5943'::belopp, '5963'::belopp, 'kostnad'),
          'the same cost gives the same favourable deviation in either convention');

-- Seed 003, Alingsås, Drift tkr: budget, forecast, forecast − budget.
SELECT is(avvikelse('235 714 tkr'::belopp, '206 297 tkr'::belopp), '29 417 tkr'::belopp,
          '003 Verksamhetens intäkter 206 297 235 714 29 417');
SELECT is(avvikelse('-1 202 047 tkr'::belopp, '-1 172 630 tkr'::belopp), '-29 417 tkr'::belopp,
          '003 Verksamhetens kostnader -1 172 630 -1 202 047 -29 417');
SELECT is(avvikelse('-966 333 tkr'::belopp, '-966 333 tkr'::belopp), '0'::belopp,
          '003 Verksamhetens nettokostnader -966 333 -966 333 0');
SELECT is(avvikelse(157213::numeric, 148575), 8638::numeric,
          '003 intäkter, outcome 2024 against 2023: 157 213 − 148 575 = 8 638');

-- Seed 004, Örebro: budget − outcome and "Budget-Utfall %" (outcome / budget).
CREATE TEMP TABLE s004 (rad text, utfall numeric, budget numeric, avv numeric, pct numeric);
INSERT INTO s004 VALUES
    ('Nettokostnad 1 441 066 1 514 110 73 044 95%', 1441066, 1514110, 73044, 95),
    ('Nettokostnad (prognos) 2 223 040 2 271 167 48 127 98%', 2223040, 2271167, 48127, 98),
    ('Programgemensam verksamhet -26 223 -19 122 7 101 137%', -26223, -19122, 7101, 137),
    ('Regionen gemensamt -1 865 -2 202 -337 85%', -1865, -2202, -337, 85),
    ('Köpkraft, administration 58 210 56 921 -1 289 102%', 58210, 56921, -1289, 102),
    ('Nämnd gemensamt 723 866 143 83%', 723, 866, 143, 83);
SELECT is(avvikelse(utfall, budget, 'kostnad'), avv, '004 ' || rad || ': budget − outcome')
  FROM s004;
SELECT is(round(forbrukningsgrad(utfall, budget)), pct, '004 ' || rad || ': outcome / budget')
  FROM s004;

-- Percentages: deviation / |budget| × 100; NULL on a zero budget.
SELECT is(round(avvikelse_procent('1 441 066'::belopp, '1 514 110'::belopp, 'kostnad'), 2), 4.82,
          '004 Nettokostnad: 73 044 / 1 514 110 = 4,82 %');
SELECT is(avvikelse_procent('100'::belopp, '0'::belopp), NULL, 'a zero budget gives a NULL percentage, not an error');
SELECT is(avvikelse_procent('-92233720368547758.08'::belopp, '0'::belopp, 'kostnad'), NULL,
          'a zero budget gives NULL also where the deviation (0 minus the smallest amount) would lie beyond a belopp');
SELECT is(forbrukningsgrad('100'::belopp, '0'::belopp), NULL, 'a zero budget gives a NULL consumption');

-- Spreading: 003's kommunbidrag 966 333 tkr a year, Jan–Aug linear.
SELECT is(periodisera('966 333 tkr', 'jan-aug 2024'), '644 222 tkr'::belopp,
          '966 333 tkr × 8/12 = 644 222 tkr (003 booked 644 221 tkr)');
SELECT is(trendprognos('644 221 tkr', 'jan-aug 2024'), '966 331 500'::belopp,
          'run rate of 644 221 tkr over eight months: × 12/8 = 966 331,5 tkr');

-- Materiality: both thresholds.
SELECT ok(vasentlig('12 mnkr', '362 mnkr', 3, '10 mnkr'), '000 511: 12 of 362 mnkr (3,3 %) is material at 3 % and 10 mnkr');
SELECT ok(NOT vasentlig('12 mnkr', '362 mnkr', 5, '10 mnkr'), '… but not at 5 %');
SELECT ok(NOT vasentlig('-5 mnkr', '61 mnkr', 5, '10 mnkr'), 'a large share under the amount threshold is not material');

SELECT * FROM finish();
ROLLBACK;
