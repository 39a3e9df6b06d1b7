-- Balance requirement (balanskrav), the result equalisation reserve (RUR),
-- and comments and measures on material deviations.
--
-- 1. A published balanskravsutredning reproduced line by line: Malmö stad.
--    Inputs are the published result and adjustment lines; asserted are the
--    published subtotals, balanskravsresultat, deficits and what remains.
-- 2. The RUR cap at both thresholds, its check at commit, withdrawals and the
--    reserve's balance, with every figure worked out by hand.
-- 3. Three-year restoration of deficits, oldest first, worked out by hand.
-- 4. Comments and measures: materiality, the two reports, carrying forward
--    for confirmation, the change log and row-level security.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(116);

-- The reservation check runs at commit; the test runs in one transaction, so
-- every check is made at once, statement by statement (one test below defers
-- it again to show that the items may come in any order).
SET CONSTRAINTS ALL IMMEDIATE;

-- ---------------------------------------------------------------------------
-- 1. Malmö stad, published balanskravsutredning
-- ---------------------------------------------------------------------------
-- Source: Malmö stad, Årsredovisning 2015, Förvaltningsberättelse, Balanskrav,
-- table "BALANSKRAVSUTREDNING, MKR", columns 2015, 2014, 2013,
-- http://redovisningar.malmo.se/2015/arsredovisning-2015/forvaltningsberattelse/balanskrav/
-- and for 2012 the same table in Årsredovisning 2014,
-- http://redovisningar.malmo.se/2014/arsredovisning-2014/forvaltningsberattelse-2/balanskrav/
-- (Mkr, whole millions):
--
--                                                   2015   2014   2013   2012
--   Årets resultat                                   563   -149    154    193
--   samtliga realisationsvinster                     -23    -56    -33     -7
--   vissa realisationsvinster enl undantag             0      0      0      0
--   vissa realisationsförluster enl undantag           0      0      0      0
--   orealiserade förluster värdepapper                 0      0      0      0
--   återföring orealiserade förluster värdepapper      0      0      0      0
--   Resultat efter balanskravsjustering              540   -205    121    186
--   medel till resultatutjämningsreserv             -185      0      -      -
--   medel från resultatutjämningsreserv                0     12      -      -
--   synnerligt skäl RIPS                               0      0    106      0
--   Balanskravsresultat                              355   -193    227    186
--   Balanskravsunderskott från tidigare år          -193      0      0      0
--   SUMMA                                            162   -193    227    186
--   Balanskravsresultat att återställa                 0    193      0      0
--
-- ("-" = not printed; the 2014 report prints "Balanskravsresultat att
-- återställa" 193 for 2014 as well.)  Skatter och generella statsbidrag 2015:
-- 16 243 Mkr (Årsredovisning 2015, Förvaltningsberättelse, Resultat,
-- http://redovisningar.malmo.se/2015/arsredovisning-2015/forvaltningsberattelse/resultat/).
-- The published lines add up exactly (563 − 23 = 540, 540 − 185 = 355,
-- 355 − 193 = 162; −149 − 56 = −205, −205 + 12 = −193; 154 − 33 = 121,
-- 121 + 106 = 227; 193 − 7 = 186), so within their rounding means to the krona
-- here: every asserted line must be the published figure exactly.
-- The decisions are the council's adoption of each annual report; their
-- references are the report's, as the published table gives no other.
INSERT INTO kommunresultat (kommun, ar, arets_resultat, skatter_och_bidrag, kalla) VALUES
    ('Malmö', 2012, '193 mnkr', NULL, 'Malmö stad, Årsredovisning 2014, Balanskravsutredning'),
    ('Malmö', 2013, '154 mnkr', NULL, 'Malmö stad, Årsredovisning 2015, Balanskravsutredning'),
    ('Malmö', 2014, '-149 mnkr', NULL, 'Malmö stad, Årsredovisning 2015, Balanskravsutredning'),
    ('Malmö', 2015, '563 mnkr', '16 243 mnkr', 'Malmö stad, Årsredovisning 2015, Balanskravsutredning; Resultat');
INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum) VALUES
    ('Malmö', 2012, 'realisationsvinst', '-7 mnkr', 'KF', 'Årsredovisning 2012', '2013-04-25'),
    ('Malmö', 2013, 'realisationsvinst', '-33 mnkr', 'KF', 'Årsredovisning 2013', '2014-04-24'),
    ('Malmö', 2013, 'synnerliga_skal', '106 mnkr', 'KF', 'Årsredovisning 2013 (RIPS)', '2014-04-24'),
    ('Malmö', 2014, 'realisationsvinst', '-56 mnkr', 'KF', 'Årsredovisning 2014', '2015-04-23'),
    ('Malmö', 2014, 'fran_rur', '12 mnkr', 'KF', 'Årsredovisning 2014', '2015-04-23'),
    ('Malmö', 2015, 'realisationsvinst', '-23 mnkr', 'KF', 'Årsredovisning 2015', '2016-04-28'),
    ('Malmö', 2015, 'till_rur', '-185 mnkr', 'KF', 'Årsredovisning 2015', '2016-04-28');

CREATE TEMP TABLE malmo_publicerad (ar integer, post text, mnkr numeric);
INSERT INTO malmo_publicerad VALUES
    (2015, 'arets_resultat', 563), (2015, 'realisationsvinst', -23), (2015, 'realisationsvinst_undantag', 0),
    (2015, 'realisationsforlust_undantag', 0), (2015, 'orealiserad_forlust', 0), (2015, 'aterforing_orealiserad_forlust', 0),
    (2015, 'resultat_efter_balanskravsjusteringar', 540), (2015, 'till_rur', -185), (2015, 'fran_rur', 0),
    (2015, 'synnerliga_skal', 0), (2015, 'balanskravsresultat', 355), (2015, 'underskott_tidigare_ar', -193),
    (2015, 'balanskravsresultat_efter_aterstallning', 162), (2015, 'att_aterstalla', 0),
    (2014, 'arets_resultat', -149), (2014, 'realisationsvinst', -56), (2014, 'realisationsvinst_undantag', 0),
    (2014, 'realisationsforlust_undantag', 0), (2014, 'orealiserad_forlust', 0), (2014, 'aterforing_orealiserad_forlust', 0),
    (2014, 'resultat_efter_balanskravsjusteringar', -205), (2014, 'till_rur', 0), (2014, 'fran_rur', 12),
    (2014, 'synnerliga_skal', 0), (2014, 'balanskravsresultat', -193), (2014, 'underskott_tidigare_ar', 0),
    (2014, 'balanskravsresultat_efter_aterstallning', -193), (2014, 'att_aterstalla', 193),
    (2013, 'arets_resultat', 154), (2013, 'realisationsvinst', -33), (2013, 'realisationsvinst_undantag', 0),
    (2013, 'realisationsforlust_undantag', 0), (2013, 'orealiserad_forlust', 0), (2013, 'aterforing_orealiserad_forlust', 0),
    (2013, 'resultat_efter_balanskravsjusteringar', 121), (2013, 'till_rur', 0), (2013, 'fran_rur', 0),
    (2013, 'synnerliga_skal', 106), (2013, 'balanskravsresultat', 227), (2013, 'underskott_tidigare_ar', 0),
    (2013, 'balanskravsresultat_efter_aterstallning', 227), (2013, 'att_aterstalla', 0),
    (2012, 'resultat_efter_balanskravsjusteringar', 186), (2012, 'balanskravsresultat', 186),
    (2012, 'underskott_tidigare_ar', 0), (2012, 'balanskravsresultat_efter_aterstallning', 186), (2012, 'att_aterstalla', 0);

-- the lines come in the printed order, 14 of them
SELECT is(ARRAY(SELECT post FROM balanskravsutredning(2015, NULL, 'Malmö') ORDER BY nr),
          ARRAY['arets_resultat', 'realisationsvinst', 'realisationsvinst_undantag', 'realisationsforlust_undantag',
                'orealiserad_forlust', 'aterforing_orealiserad_forlust', 'resultat_efter_balanskravsjusteringar',
                'till_rur', 'fran_rur', 'synnerliga_skal', 'balanskravsresultat', 'underskott_tidigare_ar',
                'balanskravsresultat_efter_aterstallning', 'att_aterstalla'],
          'balanskravsutredning: the lines in printed order');
SELECT is(ARRAY(SELECT nr FROM balanskravsutredning(2015, NULL, 'Malmö')), ARRAY[1,2,3,4,5,6,7,8,9,10,11,12,13,14],
          'balanskravsutredning: numbered 1 to 14, returned in order');

-- every published line of every year, one assertion per year and line
SELECT is(b.belopp, p.mnkr * 1000000,
          format('Malmö %s, %s: published %s Mkr', p.ar, p.post, p.mnkr))
  FROM malmo_publicerad p
  LEFT JOIN LATERAL (SELECT * FROM balanskravsutredning(p.ar, NULL, 'Malmö') x WHERE x.post = p.post) b ON true
 WHERE p.post IN ('resultat_efter_balanskravsjusteringar', 'balanskravsresultat', 'underskott_tidigare_ar',
                  'balanskravsresultat_efter_aterstallning', 'att_aterstalla')
 ORDER BY p.ar, p.post;
-- the input lines come back as stored, the unprinted ones as the published zeros
SELECT is(ARRAY(SELECT b.belopp / 1000000 FROM malmo_publicerad p
                  JOIN balanskravsutredning(p.ar, NULL, 'Malmö') b ON b.post = p.post
                 WHERE p.ar BETWEEN 2013 AND 2015
                   AND p.post NOT IN ('resultat_efter_balanskravsjusteringar', 'balanskravsresultat', 'underskott_tidigare_ar',
                                      'balanskravsresultat_efter_aterstallning', 'att_aterstalla')
                 ORDER BY p.ar, b.nr),
          ARRAY(SELECT p.mnkr FROM malmo_publicerad p
                  JOIN balanskravsutredning(p.ar, NULL, 'Malmö') b ON b.post = p.post
                 WHERE p.ar BETWEEN 2013 AND 2015
                   AND p.post NOT IN ('resultat_efter_balanskravsjusteringar', 'balanskravsresultat', 'underskott_tidigare_ar',
                                      'balanskravsresultat_efter_aterstallning', 'att_aterstalla')
                 ORDER BY p.ar, b.nr),
          'Malmö 2013-2015: the result and the nine adjustment lines as published (zeros where nothing is stored)');
SELECT is((SELECT beslut FROM balanskravsutredning(2013, NULL, 'Malmö') WHERE post = 'synnerliga_skal'),
          'KF Årsredovisning 2013 (RIPS)', 'a line names the decision behind it');

-- the 2014 deficit of 193 Mkr, restored by 2015 (the report: "kommer hela
-- underskottet från 2014 att kunna återställas")
SELECT is((SELECT ARRAY[underskott, aterstallt, kvar] FROM balanskravsunderskott(2014, 'Malmö')),
          ARRAY[193000000, 0, 193000000]::numeric[], 'Malmö 2014: a deficit of 193 Mkr, nothing restored yet');
SELECT is((SELECT format('%s %s %s %s %s', ursprungsar, aterstallt, kvar, senast_ar, forfallet)
             FROM balanskravsunderskott(2015, 'Malmö')),
          '2014 193000000.00 0.00 2017 f', 'Malmö 2015: the 2014 deficit restored in full, deadline 2017, not overdue');

-- The RUR cap for Malmö 2015 from the published figures: eget kapital
-- including the pension liability is not stored, so the stricter 2 % applies:
-- 2 % × 16 243 = 324,86 Mkr; min(563, 540) − 324,86 = 215,14 Mkr ≥ 185.
SELECT is((SELECT ARRAY[procentgrans, grans, utrymme, reserverat] FROM rur_utrymme(2015, NULL, 'Malmö')),
          ARRAY[2, 324860000, 215140000, 185000000]::numeric[],
          'Malmö 2015: cap 540 − 2 % of 16 243 = 215,14 Mkr, the published 185 Mkr within it');
SELECT throws_ok($$UPDATE balanskravspost SET belopp = '-215 140 000,01' WHERE kommun = 'Malmö' AND ar = 2015 AND slag = 'till_rur'$$,
                 '23514', NULL, 'Malmö 2015: one öre above the cap is refused');
SELECT lives_ok($$UPDATE balanskravspost SET belopp = '-215 140 000' WHERE kommun = 'Malmö' AND ar = 2015 AND slag = 'till_rur'$$,
                'Malmö 2015: exactly the cap is allowed');
UPDATE balanskravspost SET belopp = '-185 mnkr' WHERE kommun = 'Malmö' AND ar = 2015 AND slag = 'till_rur';

-- ---------------------------------------------------------------------------
-- 2. The RUR cap at both thresholds, by hand
-- ---------------------------------------------------------------------------
-- Provkommun 2024: årets resultat 50 000 000, realisation gains −8 000 000:
-- resultat efter balanskravsjusteringar 42 000 000.  Skatter och bidrag
-- 2 000 000 000.  Eget kapital incl. pensions +100 000 000: threshold 1 % =
-- 20 000 000, cap = min(50, 42) − 20 = 22 000 000.
INSERT INTO kommunresultat (kommun, ar, arets_resultat, skatter_och_bidrag, eget_kapital_inkl_pensioner, rur_ingaende, kalla)
VALUES ('Provkommun', 2024, '50 000 000', '2 000 000 000', '100 000 000', '30 000 000', 'test');
INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
VALUES ('Provkommun', 2024, 'realisationsvinst', '-8 000 000', 'KF', '2025-04-24 §50', '2025-04-24');
SELECT is((SELECT ARRAY[arets_resultat, resultat_efter_balanskravsjusteringar, procentgrans, grans, utrymme]
             FROM rur_utrymme(2024, NULL, 'Provkommun')),
          ARRAY[50000000, 42000000, 1, 20000000, 22000000]::numeric[],
          '1 % threshold: min(50, 42) − 1 % of 2 000 = 22 mnkr');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Provkommun', 2024, 'till_rur', '-22 000 000,01', 'KF', '2025-04-24 §51', '2025-04-24')$$,
                 '23514', 'reservation to the RUR of Provkommun for 2024 exceeds the largest permitted',
                 '1 % threshold: 22 000 000,01 is refused (23514)');
SELECT lives_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                  VALUES ('Provkommun', 2024, 'till_rur', '-22 000 000', 'KF', '2025-04-24 §51', '2025-04-24')$$,
                '1 % threshold: 22 000 000 is allowed');
-- the message carries the figures
CREATE FUNCTION pg_temp.fel(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE d text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS d = PG_EXCEPTION_DETAIL;
    RETURN SQLSTATE || ': ' || d;
END $$;
SELECT is(pg_temp.fel($$UPDATE balanskravspost SET belopp = '-30 000 000' WHERE kommun = 'Provkommun' AND slag = 'till_rur'$$),
          '23514: Reserved 30 000 000 kr; at most 22 000 000 kr: min(årets resultat 50 000 000 kr, resultat efter balanskravsjusteringar 42 000 000 kr) − 1 % av skatteintäkter och generella statsbidrag 2 000 000 000 kr (20 000 000 kr) = 22 000 000 kr.',
          'the refusal gives the reservation, the cap and how the cap is made');
-- Eget kapital turns negative (−1): threshold 2 % = 40 000 000, cap = 42 − 40
-- = 2 000 000: the stored 22 000 000 no longer fits, so the change is refused.
SELECT throws_ok($$UPDATE kommunresultat SET eget_kapital_inkl_pensioner = '-1' WHERE kommun = 'Provkommun' AND ar = 2024$$,
                 '23514', NULL, '2 % threshold: negative equity makes the stored reservation too large, refused');
UPDATE balanskravspost SET belopp = '-2 000 000' WHERE kommun = 'Provkommun' AND slag = 'till_rur';
SELECT lives_ok($$UPDATE kommunresultat SET eget_kapital_inkl_pensioner = '-1' WHERE kommun = 'Provkommun' AND ar = 2024$$,
                '2 % threshold: with 2 000 000 reserved, negative equity is accepted');
SELECT is((SELECT ARRAY[procentgrans, grans, utrymme] FROM rur_utrymme(2024, NULL, 'Provkommun')),
          ARRAY[2, 40000000, 2000000]::numeric[], '2 % threshold: 42 − 2 % of 2 000 = 2 mnkr');
SELECT throws_ok($$UPDATE balanskravspost SET belopp = '-2 000 000,01' WHERE kommun = 'Provkommun' AND slag = 'till_rur'$$,
                 '23514', NULL, '2 % threshold: 2 000 000,01 is refused');
-- eget kapital exactly zero is not negative: back to 1 %
UPDATE kommunresultat SET eget_kapital_inkl_pensioner = '0' WHERE kommun = 'Provkommun' AND ar = 2024;
SELECT is((SELECT utrymme FROM rur_utrymme(2024, NULL, 'Provkommun')), 22000000::numeric,
          'eget kapital of exactly 0 is not negative: 1 %, cap 22 mnkr');
-- The lower of the two is årets resultat when an exception adds back a loss:
-- +5 000 000 realisation loss under the exception: efter = 50 − 8 + 5 = 47,
-- min(50, 47) = 47, cap 47 − 20 = 27; a loss of +12 000 000: efter = 54,
-- min(50, 54) = 50, cap 30.
INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
VALUES ('Provkommun', 2024, 'realisationsforlust_undantag', '5 000 000', 'KF', '2025-04-24 §52', '2025-04-24');
SELECT is((SELECT utrymme FROM rur_utrymme(2024, NULL, 'Provkommun')), 27000000::numeric,
          'cap from resultat efter balanskravsjusteringar when it is the lower: 47 − 20 = 27 mnkr');
UPDATE balanskravspost SET belopp = '12 000 000' WHERE kommun = 'Provkommun' AND slag = 'realisationsforlust_undantag';
SELECT is((SELECT utrymme FROM rur_utrymme(2024, NULL, 'Provkommun')), 30000000::numeric,
          'cap from årets resultat when it is the lower: 50 − 20 = 30 mnkr');
DELETE FROM balanskravspost WHERE kommun = 'Provkommun' AND slag = 'realisationsforlust_undantag';
-- Below the threshold nothing may be reserved: 2023 result 15 000 000 < 1 % of
-- 2 000 000 000: cap 0, not negative.
INSERT INTO kommunresultat (kommun, ar, arets_resultat, skatter_och_bidrag, eget_kapital_inkl_pensioner, kalla)
VALUES ('Provkommun', 2023, '15 000 000', '2 000 000 000', '100 000 000', 'test');
SELECT is((SELECT utrymme FROM rur_utrymme(2023, NULL, 'Provkommun')), 0::numeric, 'a result below the threshold: cap 0');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Provkommun', 2023, 'till_rur', '-0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'below the threshold: one öre is refused');
-- the items of a year may come in any order: checked at commit
SELECT lives_ok($$SET CONSTRAINTS ALL DEFERRED;
                  INSERT INTO kommunresultat (kommun, ar, arets_resultat, skatter_och_bidrag, eget_kapital_inkl_pensioner, kalla)
                  VALUES ('Provkommun', 2022, '60 000 000', '2 000 000 000', '100 000 000', 'test');
                  INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                  VALUES ('Provkommun', 2022, 'till_rur', '-35 000 000', 'KF', 'a', '2023-04-24'),
                         ('Provkommun', 2022, 'realisationsvinst', '-5 000 000', 'KF', 'b', '2023-04-24');
                  SET CONSTRAINTS ALL IMMEDIATE$$,
                'deferred: a reservation of 35 (= 55 − 20) stored before the gain that sets the cap passes at commit');
SELECT throws_ok($$SET CONSTRAINTS ALL DEFERRED;
                   UPDATE balanskravspost SET belopp = '-6 000 000' WHERE kommun = 'Provkommun' AND ar = 2022 AND slag = 'realisationsvinst';
                   SET CONSTRAINTS ALL IMMEDIATE$$,
                 '23514', NULL, 'deferred: a larger gain (cap 54 − 20 = 34 < 35) is refused at commit');
SET CONSTRAINTS ALL IMMEDIATE;

-- Withdrawals.  2024 (1 % again, reserved 2 000 000): none.  Provkommun 2021:
-- result −3 000 000, after adjustments −3 000 000: at most 3 000 000 may be
-- withdrawn.
INSERT INTO kommunresultat (kommun, ar, arets_resultat, rur_ingaende, kalla)
VALUES ('Provkommun', 2021, '-3 000 000', '10 000 000', 'test');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Provkommun', 2021, 'fran_rur', '3 000 000,01', 'KF', 'c', '2022-04-24')$$,
                 '23514', 'withdrawal from the RUR of Provkommun for 2021 exceeds the deficit it may cover',
                 'a withdrawal beyond the negative result after adjustments is refused');
SELECT lives_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                  VALUES ('Provkommun', 2021, 'fran_rur', '3 000 000', 'KF', 'c', '2022-04-24')$$,
                'a withdrawal covering the negative result exactly is allowed');
SELECT throws_ok($$UPDATE kommunresultat SET rur_ingaende = '2 999 999,99' WHERE kommun = 'Provkommun' AND ar = 2021$$,
                 '23514', 'withdrawal from the RUR of Provkommun for 2021 exceeds the reserve',
                 'a withdrawal beyond what the reserve holds is refused');
-- A withdrawal in a year with a positive result after adjustments: 2022 has
-- 55 000 000 after adjustments, nothing may be withdrawn.
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Provkommun', 2022, 'fran_rur', '0,01', 'KF', 'd', '2023-04-24')$$,
                 '23514', NULL, 'no withdrawal when the result after adjustments is positive');

-- The reserve's balance: 2021 stated 10 000 000, −3 000 000 withdrawn = 7 000 000;
-- 2022 +35 000 000 = 42 000 000; 2023 nothing = 42 000 000; 2024 is stated as
-- 30 000 000 (a report's figure wins), +2 000 000 = 32 000 000.
SELECT is(ARRAY(SELECT format('%s:%s+%s-%s=%s', ar, ingaende, till_rur, fran_rur, utgaende) FROM rur_saldo('Provkommun') ORDER BY ar),
          ARRAY['2021:10000000.00+0-3000000.00=7000000.00', '2022:7000000.00+35000000.00-0=42000000.00',
                '2023:42000000.00+0-0=42000000.00', '2024:30000000.00+2000000.00-0=32000000.00'],
          'rur_saldo: opening, reserved, withdrawn, closing per year');
SELECT is((SELECT ARRAY[rur_ingaende, rur_utgaende] FROM rur_utrymme(2023, NULL, 'Provkommun')),
          ARRAY[42000000, 42000000]::numeric[], 'rur_utrymme: the reserve at the start and the end of the year');
SELECT is((SELECT ARRAY[ingaende, utgaende]::text FROM rur_saldo('Malmö') WHERE ar = 2015), '{NULL,NULL}',
          'rur_saldo: no balance before the first stated one (Malmö''s is not published here)');

-- ---------------------------------------------------------------------------
-- 3. Three-year restoration, by hand (Restkommun, results only)
-- ---------------------------------------------------------------------------
-- 2019: −10 (deficit A, to restore by 2022); 2020: −4 (deficit B, by 2023);
-- 2021: +6 restores 6 of A (A 4 left); 2022: +1 restores 1 of A (3 left, and
-- 2022 was A's last year: overdue); 2023: +5 restores A's 3, then 2 of B
-- (B 2 left, overdue in 2023).  Millions of kronor.
INSERT INTO kommunresultat (kommun, ar, arets_resultat, atgardsplan, kalla) VALUES
    ('Restkommun', 2019, '-10 mnkr', 'KF 2020-06-15 §80', 'test'), ('Restkommun', 2020, '-4 mnkr', NULL, 'test'),
    ('Restkommun', 2021, '6 mnkr', NULL, 'test'), ('Restkommun', 2022, '1 mnkr', NULL, 'test'),
    ('Restkommun', 2023, '5 mnkr', NULL, 'test');
SELECT is(ARRAY(SELECT format('%s %s/%s/%s by %s %s', ursprungsar, trim_scale(underskott / 1e6), trim_scale(aterstallt / 1e6), trim_scale(kvar / 1e6), senast_ar, forfallet)
                  FROM balanskravsunderskott(2021, 'Restkommun') ORDER BY ursprungsar),
          ARRAY['2019 10/6/4 by 2022 f', '2020 4/0/4 by 2023 f'], '2021: 6 of the oldest deficit restored');
SELECT is(ARRAY(SELECT format('%s %s/%s/%s by %s %s', ursprungsar, trim_scale(underskott / 1e6), trim_scale(aterstallt / 1e6), trim_scale(kvar / 1e6), senast_ar, forfallet)
                  FROM balanskravsunderskott(2022, 'Restkommun') ORDER BY ursprungsar),
          ARRAY['2019 10/7/3 by 2022 t', '2020 4/0/4 by 2023 f'], '2022: the 2019 deficit not restored in its third year is overdue');
SELECT is(ARRAY(SELECT format('%s %s/%s/%s by %s %s', ursprungsar, trim_scale(underskott / 1e6), trim_scale(aterstallt / 1e6), trim_scale(kvar / 1e6), senast_ar, forfallet)
                  FROM balanskravsunderskott(2023, 'Restkommun') ORDER BY ursprungsar),
          ARRAY['2019 10/10/0 by 2022 f', '2020 4/2/2 by 2023 t'], '2023: 2019 restored late, 2020 overdue with 2 left');
SELECT is((SELECT atgardsplan FROM balanskravsunderskott(2023, 'Restkommun') WHERE ursprungsar = 2019),
          'KF 2020-06-15 §80', 'a deficit names the council''s action plan');
SELECT is((SELECT count(*)::integer FROM balanskravsunderskott(2018, 'Restkommun')), 0, 'before the first deficit: none');
-- the 2023 utredning: balanskravsresultat 5, earlier deficits at the start of
-- 2023 3 + 4 = 7, after restoring −2, left to restore 2
SELECT is(ARRAY(SELECT belopp / 1e6 FROM balanskravsutredning(2023, NULL, 'Restkommun') WHERE nr >= 11 ORDER BY nr),
          ARRAY[5, -7, -2, 2]::numeric[], '2023 utredning: 5 − 7 = −2, 2 left to restore');
-- a forecast round: 2024 August, forecast −1, realisation gains in the round
-- −0,5: balanskravsresultat −1,5; the 2 left from 2020 make −3,5, 3,5 to restore
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'apr', 'Prognos april', 'jan-apr 2024', '2024-05-15'),
    (2024, 'aug', 'Prognos augusti', 'jan-aug 2024', '2024-09-15');
INSERT INTO kommunresultat (kommun, ar, omgang, arets_resultat, kalla)
VALUES ('Restkommun', 2024, 'aug', '-1 mnkr', 'delårsrapport augusti 2024');
INSERT INTO balanskravspost (kommun, ar, omgang, slag, belopp, beslutsorgan, beslut, datum)
VALUES ('Restkommun', 2024, 'aug', 'realisationsvinst', '-0,5 mnkr', 'KS', 'delårsrapport 2024-09-30 §100', '2024-09-30');
SELECT is(ARRAY(SELECT belopp / 1e6 FROM balanskravsutredning(2024, 'aug', 'Restkommun') WHERE nr IN (1, 2, 7, 11, 12, 13, 14) ORDER BY nr),
          ARRAY[-1, -0.5, -1.5, -1.5, -2, -3.5, 3.5]::numeric[], 'forecast round: −1 − 0,5 = −1,5; with the 2 left: −3,5');
SELECT is((SELECT rubrik FROM balanskravsutredning(2024, 'aug', 'Restkommun') WHERE nr = 1),
          'Årets resultat enligt prognos aug', 'a forecast round''s first line says so');
SELECT is((SELECT count(*)::integer FROM balanskravsunderskott(2024, 'Restkommun')), 2,
          'a forecast round does not count as an outcome in the deficits');
SELECT is(balanskravsresultat('Restkommun', 2024, 'aug'), '-1 500 000'::belopp, 'balanskravsresultat of a round');
SELECT is(balanskravsresultat('Restkommun', 2024), NULL, 'balanskravsresultat of a year without outcome: NULL');

-- ---------------------------------------------------------------------------
-- bad input
-- ---------------------------------------------------------------------------
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'realisationsvinst', '0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'realisation gains are deducted: a positive amount is refused');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'orealiserad_forlust', '-0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'unrealised losses are added back: a negative amount is refused');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'aterforing_orealiserad_forlust', '0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'a reversal of unrealised losses is deducted: a positive amount is refused');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'realisationsvinst_undantag', '-0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'gains kept under the exception are added back: a negative amount is refused');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'realisationsforlust_undantag', '-0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'losses under the exception are added back: a negative amount is refused');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'till_rur', '0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'a reservation is deducted: a positive amount is refused');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'fran_rur', '-0,01', 'KF', 'x', '2024-04-24')$$,
                 '23514', NULL, 'a withdrawal is added: a negative amount is refused');
SELECT lives_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                  VALUES ('Restkommun', 2023, 'synnerliga_skal', '-1', 'KF', 'x', '2024-04-24'),
                         ('Restkommun', 2023, 'synnerliga_skal', '1', 'KF', 'y', '2024-04-24')$$,
                'special reasons go either way');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2023, 'synnerliga_skal', '1', 'KF', ' ', '2024-04-24')$$,
                 '23514', NULL, 'an item without a decision reference is refused');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Restkommun', 2010, 'synnerliga_skal', '1', 'KF', 'x', '2011-04-24')$$,
                 '23503', NULL, 'an item of a year without a stored result is refused');
SELECT throws_ok($$INSERT INTO kommunresultat (kommun, ar, arets_resultat, kalla) VALUES ('Restkommun', 2010, '1', ' ')$$,
                 '23514', NULL, 'a result without a source is refused');
SELECT throws_ok($$INSERT INTO kommunresultat (kommun, ar, omgang, arets_resultat, kalla) VALUES ('Restkommun', 2024, 'okt', '1', 'x')$$,
                 '23503', NULL, 'a result of an unknown forecast round is refused');
SELECT throws_ok($$INSERT INTO kommunresultat (kommun, ar, arets_resultat, kalla) VALUES ('Restkommun', 2023, '1', 'x')$$,
                 '23505', NULL, 'one outcome per municipality and year');
SELECT throws_ok($$INSERT INTO kommunresultat (kommun, ar, omgang, arets_resultat, rur_ingaende, kalla) VALUES ('Restkommun', 2024, 'apr', '1', '1', 'x')$$,
                 '23514', NULL, 'a forecast round states no opening balance of the reserve');
SELECT throws_ok($$INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum)
                   VALUES ('Malmö', 2014, 'till_rur', '-1', 'KF', 'x', '2015-04-24')$$,
                 '23514', 'a reservation to the RUR of Malmö for 2014 needs skatteintäkter and generella statsbidrag',
                 'a reservation without skatteintäkter stored is refused');
SELECT throws_ok($$SELECT * FROM balanskravsutredning(2015)$$, '22023', 'which municipality?',
                 'several municipalities and none named: 22023');
SELECT throws_ok($$SELECT * FROM balanskravsutredning(2015, NULL, 'Lund')$$, '22023', 'no result of municipality "Lund" is stored',
                 'an unknown municipality: 22023');
SELECT throws_ok($$SELECT * FROM balanskravsutredning(2011, NULL, 'Malmö')$$, '22023', 'no result of Malmö for 2011 is stored',
                 'a year without a result: 22023');
SELECT throws_ok($$SELECT * FROM balanskravsutredning(2015, 'aug', 'Malmö')$$, '22023',
                 'no result of Malmö for forecast round aug of 2015 is stored', 'a round without a result: 22023');
SELECT throws_ok($$SELECT * FROM balanskravsutredning(NULL)$$, '22004', NULL, 'balanskravsutredning(NULL): 22004');
SELECT throws_ok($$SELECT * FROM balanskravsunderskott(NULL)$$, '22004', NULL, 'balanskravsunderskott(NULL): 22004');
SELECT throws_ok($$SELECT * FROM rur_utrymme(NULL)$$, '22004', NULL, 'rur_utrymme(NULL): 22004');
SELECT throws_ok($$SELECT * FROM rur_utrymme(2014, NULL, 'Malmö')$$, '22023', NULL,
                 'rur_utrymme without skatteintäkter stored: 22023');

-- ---------------------------------------------------------------------------
-- 4. Comments and measures
-- ---------------------------------------------------------------------------
-- BN: two units with a full-year net cost budget (kostnad: deviation =
-- budget − forecast), skola 100 000 000 and forskola 50 000 000; forecasts:
--              April          deviation (%)          August         deviation (%)
--   skola      104 000 000   −4 000 000 (−4 %)       103 000 000   −3 000 000 (−3 %)
--   forskola    50 200 000     −200 000 (−0,4 %)      48 000 000   +2 000 000 (+4 %)
--   BN total   154 200 000   −4 200 000 (−2,8 %)     151 000 000   −1 000 000 (−0,67 %)
-- Thresholds: 1 % and 1 000 000.  Material in April: skola, the total; in
-- August: skola, forskola (favourable).
INSERT INTO namnd (kod, namn, kommun) VALUES ('BN', 'Barn- och utbildningsnämnden', 'Restkommun'),
                                             ('SN', 'Socialnämnden', 'Restkommun');
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES ('BN', 'skola', 'Skola', 1), ('BN', 'forskola', 'Förskola', 2),
                                                     ('SN', 'ifo', 'Individ- och familjeomsorg', 1);
INSERT INTO rad (kod, namn, slag, tecken) VALUES ('netto', 'Nettokostnad', 'nettokostnad', 'kostnad');
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES
    ('BN', 'skola', 'netto', '2024', '2024-01-01', '100 000 000'),
    ('BN', 'forskola', 'netto', '2024', '2024-01-01', '50 000 000'),
    ('SN', 'ifo', 'netto', '2024', '2024-01-01', '80 000 000');
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('BN', 'skola', 'netto', 2024, 'apr', '104 000 000'), ('BN', 'forskola', 'netto', 2024, 'apr', '50 200 000'),
    ('BN', 'skola', 'netto', 2024, 'aug', '103 000 000'), ('BN', 'forskola', 'netto', 2024, 'aug', '48 000 000'),
    ('SN', 'ifo', 'netto', 2024, 'aug', '90 000 000');
SELECT throws_ok($$SELECT * FROM vasentliga_avvikelser(2024, 'apr', 'BN')$$, '22023',
                 'committee "BN" has no materiality threshold', 'a committee without thresholds: 22023');
INSERT INTO vasentlighetsgrans (namnd, procentgrans, beloppsgrans, beslut) VALUES ('BN', 1, '1 000 000', 'BN 2024-01-25 §5');

SELECT is(ARRAY(SELECT format('%s %s', coalesce(enhet, 'BN'), avvikelse) FROM vasentliga_avvikelser(2024, 'apr', 'BN')),
          ARRAY['skola -4000000.00', 'BN -4200000.00'], 'April: material are skola (−4 %) and the total (−2,8 %), not förskola (−0,2 mnkr)');
SELECT is(ARRAY(SELECT format('%s %s %s', coalesce(enhet, 'BN'), avvikelse, ogynnsam) FROM vasentliga_avvikelser(2024, 'aug', 'BN')),
          ARRAY['skola -3000000.00 t', 'forskola 2000000.00 f'],
          'August: skola and förskola (+4 %, favourable); the total (−0,67 %) is not material');
SELECT is((SELECT count(*)::integer FROM vasentliga_avvikelser(2024, 'aug')), 2,
          'all committees: only those with thresholds (SN has none)');

-- April: a comment on skola, with measures: decided 1,5 mnkr, proposed 1,0
-- mnkr, abandoned 3,0 mnkr (not counted): 2,5 of the 4,0 deficit covered.
INSERT INTO kommentar (namnd, enhet, rad, ar, omgang, forklaring)
VALUES ('BN', 'skola', 'netto', 2024, 'apr', 'Fler elever än budgeterat, främst i årskurs 7–9.');
INSERT INTO atgard (kommentar, namnd, beskrivning, ansvarig, effekt_ar, effekt_nasta_ar, beslutsorgan, beslut, status)
SELECT k.id, 'BN', a.beskrivning, a.ansvarig, a.effekt::belopp, a.nasta::belopp, a.organ, a.beslut, a.status::atgardsstatus
  FROM kommentar k,
       (VALUES ('Vakanshållning av tjänster', 'Skolchef', '1 500 000', '2 000 000', 'BN', '2024-05-20 §45', 'beslutad', 1),
               ('Översyn av skolskjutsar', 'Utvecklingschef', '1 000 000', '1 200 000', NULL, NULL, 'foreslagen', 2),
               ('Stängning av paviljong', 'Skolchef', '3 000 000', '3 000 000', NULL, NULL, 'avbruten', 3)) a(beskrivning, ansvarig, effekt, nasta, organ, beslut, status, nr)
 WHERE k.omgang = 'apr' ORDER BY a.nr;

SELECT is(ARRAY(SELECT coalesce(enhet, 'BN') FROM vasentliga_utan_kommentar(2024, 'apr', 'BN')), ARRAY['BN'],
          'April: the total has no comment, skola has');
SELECT is(ARRAY(SELECT format('%s %s %s %s', coalesce(enhet, 'BN'), antal_atgarder, atgarder_effekt, otackt)
                  FROM atgarder_som_inte_tacker(2024, 'apr', 'BN')),
          ARRAY['skola 2 2500000.00 1500000.00', 'BN 0 0 4200000.00'],
          'April: skola 4,0 − (1,5 + 1,0) = 1,5 uncovered (the abandoned one not counted); the total 4,2 with none');
INSERT INTO atgard (kommentar, namnd, beskrivning, ansvarig, effekt_ar, effekt_nasta_ar, status)
SELECT id, 'BN', 'Minskad inhyrning av lokaler', 'Lokalstrateg', '1 500 000', '1 500 000', 'foreslagen'
  FROM kommentar WHERE omgang = 'apr';
SELECT is(ARRAY(SELECT coalesce(enhet, 'BN') FROM atgarder_som_inte_tacker(2024, 'apr', 'BN')), ARRAY['BN'],
          'April: 1,5 + 1,0 + 1,5 = 4,0 covers skola''s 4,0 exactly');

-- carried forward to August: skola still deviates materially and has the April
-- comment; förskola has none to carry; the total is not material in August
SELECT is(ARRAY(SELECT format('%s %s %s', enhet, fran_omgang, antal_atgarder) FROM fora_fram_kommentarer(2024, 'aug', 'BN')),
          ARRAY['skola apr 3'], 'carried forward: skola''s comment with its three measures that were not abandoned');
SELECT is((SELECT format('%s|%s|%s', k.status, k.forklaring, f.omgang) FROM kommentar k JOIN kommentar f ON f.id = k.foregaende
            WHERE k.omgang = 'aug'),
          'att_bekrafta|Fler elever än budgeterat, främst i årskurs 7–9.|apr',
          'the carried comment awaits confirmation and names the one it came from');
SELECT is(ARRAY(SELECT format('%s %s %s', a.status, a.effekt_ar, p.status) FROM atgard a JOIN kommentar k ON k.id = a.kommentar
                  JOIN atgard p ON p.id = a.foregaende WHERE k.omgang = 'aug' ORDER BY a.id),
          ARRAY['att_bekrafta 1500000.00 beslutad', 'att_bekrafta 1000000.00 foreslagen', 'att_bekrafta 1500000.00 foreslagen'],
          'its measures await confirmation too, each naming the one it came from');
SELECT is((SELECT count(*)::integer FROM fora_fram_kommentarer(2024, 'aug', 'BN')), 0, 'carrying forward again adds nothing');
SELECT is(ARRAY(SELECT format('%s %s', enhet, coalesce(kommentarstatus::text, '-')) FROM vasentliga_utan_kommentar(2024, 'aug', 'BN')),
          ARRAY['skola att_bekrafta', 'forskola -'],
          'August: a proposal is not yet a comment; förskola has none');
SELECT is(ARRAY(SELECT format('%s %s %s', enhet, atgarder_effekt, otackt) FROM atgarder_som_inte_tacker(2024, 'aug', 'BN')),
          ARRAY['skola 0 3000000.00'], 'August: measures awaiting confirmation cover nothing; förskola is favourable');
UPDATE kommentar SET status = 'bekraftad' WHERE omgang = 'aug';
UPDATE atgard a SET status = 'beslutad' FROM atgard p WHERE a.foregaende = p.id AND p.beskrivning = 'Vakanshållning av tjänster';
SELECT is(ARRAY(SELECT format('%s %s %s', enhet, atgarder_effekt, otackt) FROM atgarder_som_inte_tacker(2024, 'aug', 'BN')),
          ARRAY['skola 1500000.00 1500000.00'], 'August, confirmed: 3,0 − 1,5 decided = 1,5 uncovered');
SELECT is(ARRAY(SELECT enhet FROM vasentliga_utan_kommentar(2024, 'aug', 'BN')), ARRAY['forskola'],
          'August, confirmed: only förskola lacks a comment');

-- the change log: comments 2 inserted + 1 confirmed, measures 4 + 3 inserted
-- + 1 decided; the thresholds 1
SELECT is(ARRAY(SELECT format('%s %s %s', tabell, operation, count(*)) FROM andringslogg
                 WHERE tabell IN ('kommentar', 'atgard', 'vasentlighetsgrans') GROUP BY tabell, operation ORDER BY 1),
          ARRAY['atgard INSERT 7', 'atgard UPDATE 1', 'kommentar INSERT 2', 'kommentar UPDATE 1', 'vasentlighetsgrans INSERT 1'],
          'every change of comments, measures and thresholds is logged');
SELECT is((SELECT efter->>'status' FROM andringslogg WHERE tabell = 'kommentar' AND operation = 'UPDATE'), 'bekraftad',
          'the log holds the row after the change');

SELECT throws_ok($$INSERT INTO kommentar (namnd, enhet, rad, ar, omgang, forklaring) VALUES ('BN', 'forskola', 'netto', 2024, 'aug', ' ')$$,
                 '23514', NULL, 'a comment needs a text');
SELECT throws_ok($$INSERT INTO kommentar (namnd, enhet, rad, ar, omgang, forklaring) VALUES ('BN', 'skola', 'netto', 2024, 'aug', 'igen')$$,
                 '23505', NULL, 'one comment per unit, row and round');
SELECT throws_ok($$INSERT INTO kommentar (namnd, enhet, rad, ar, omgang, forklaring) VALUES ('BN', 'ifo', 'netto', 2024, 'aug', 'x')$$,
                 '23503', NULL, 'a comment on a unit of another committee is refused');
SELECT throws_ok($$INSERT INTO atgard (kommentar, namnd, beskrivning, ansvarig, status)
                   SELECT id, 'BN', 'Beslutad utan beslut', 'Chef', 'beslutad' FROM kommentar WHERE omgang = 'aug'$$,
                 '23514', NULL, 'a decided measure must name its decision');
SELECT throws_ok($$INSERT INTO atgard (kommentar, namnd, beskrivning, ansvarig)
                   SELECT id, 'SN', 'Fel nämnd', 'Chef' FROM kommentar WHERE omgang = 'aug'$$,
                 '23503', NULL, 'a measure belongs to its comment''s committee');
SELECT throws_ok($$SELECT * FROM vasentliga_avvikelser(NULL)$$, '22004', NULL, 'vasentliga_avvikelser(NULL): 22004');
SELECT throws_ok($$SELECT * FROM fora_fram_kommentarer(2024, NULL)$$, '22004', NULL, 'fora_fram_kommentarer without a round: 22004');
SELECT throws_ok($$SELECT * FROM vasentliga_utan_kommentar(2024, 'aug', 'XX')$$, '22023', NULL, 'an unknown committee: 22023');
SELECT throws_ok($$SELECT * FROM atgarder_som_inte_tacker(2024, 'okt', 'BN')$$, '22023', NULL, 'an unknown round: 22023');

-- row-level security: a role granted SN sees nothing of BN and cannot write it
CREATE ROLE bk_test_sn;
GRANT USAGE ON SCHEMA kommunrapport TO bk_test_sn;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA kommunrapport TO bk_test_sn;
SELECT bevilja('bk_test_sn', 'SN');
INSERT INTO vasentlighetsgrans (namnd, procentgrans, beloppsgrans) VALUES ('SN', 5, '1 000 000');
SET LOCAL ROLE bk_test_sn;
SELECT is((SELECT count(*)::integer FROM kommentar), 0, 'RLS: another committee''s comments are not seen');
SELECT is((SELECT count(*)::integer FROM atgard), 0, 'RLS: another committee''s measures are not seen');
SELECT is(ARRAY(SELECT format('%s %s %s', namnd_kod, coalesce(enhet, '-'), avvikelse) FROM vasentliga_avvikelser(2024, 'aug')),
          ARRAY['SN ifo -10000000.00'], 'RLS: the reports show only the granted committee (its one unit: 90 − 80 = −10 mnkr)');
SELECT throws_ok($$INSERT INTO kommentar (namnd, enhet, rad, ar, omgang, forklaring) VALUES ('BN', 'forskola', 'netto', 2024, 'aug', 'x')$$,
                 '42501', NULL, 'RLS: a comment cannot be written for another committee');
SELECT lives_ok($$INSERT INTO kommentar (namnd, enhet, rad, ar, omgang, forklaring) VALUES ('SN', 'ifo', 'netto', 2024, 'aug', 'Fler placeringar.')$$,
                'RLS: a comment on the granted committee is written');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
