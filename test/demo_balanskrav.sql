-- kommunrapport demo, part 2: the balance requirement and the follow-up of
-- material deviations.  Loaded after the seed data (test/demo.sh).
--
-- The seed reports are committee reports: none of them holds a municipality's
-- balanskravsutredning, so that part is shown with a published one, Malmö
-- stad's (the figures and their source as in test/pgtap/balanskrav.sql).
-- The comments on deviations are on the seed committee Alingsås vård- och
-- omsorgsnämnden (seed 003).  The report's own explanations are not part of
-- the seed tables; the comments below restate the sentences on the forecast
-- changes that data/seeds/ladda_prognos.sql quotes from it, and the measures
-- are examples (marked so), not the committee's.
\pset border 2
SET search_path = kommunrapport, public;

BEGIN;
-- Source: Malmö stad, Årsredovisning 2015, Förvaltningsberättelse, Balanskrav,
-- "BALANSKRAVSUTREDNING, MKR"
-- (http://redovisningar.malmo.se/2015/arsredovisning-2015/forvaltningsberattelse/balanskrav/);
-- skatter och generella statsbidrag 2015 16 243 Mkr (same report, Resultat).
INSERT INTO kommunresultat (kommun, ar, arets_resultat, skatter_och_bidrag, kalla) VALUES
    ('Malmö', 2013, '154 mnkr', NULL, 'Malmö stad, Årsredovisning 2015, Balanskravsutredning'),
    ('Malmö', 2014, '-149 mnkr', NULL, 'Malmö stad, Årsredovisning 2015, Balanskravsutredning'),
    ('Malmö', 2015, '563 mnkr', '16 243 mnkr', 'Malmö stad, Årsredovisning 2015, Balanskravsutredning och Resultat');
INSERT INTO balanskravspost (kommun, ar, slag, belopp, beslutsorgan, beslut, datum) VALUES
    ('Malmö', 2013, 'realisationsvinst', '-33 mnkr', 'KF', 'Årsredovisning 2013', '2014-04-24'),
    ('Malmö', 2013, 'synnerliga_skal', '106 mnkr', 'KF', 'Årsredovisning 2013 (RIPS)', '2014-04-24'),
    ('Malmö', 2014, 'realisationsvinst', '-56 mnkr', 'KF', 'Årsredovisning 2014', '2015-04-23'),
    ('Malmö', 2014, 'fran_rur', '12 mnkr', 'KF', 'Årsredovisning 2014', '2015-04-23'),
    ('Malmö', 2015, 'realisationsvinst', '-23 mnkr', 'KF', 'Årsredovisning 2015', '2016-04-28'),
    ('Malmö', 2015, 'till_rur', '-185 mnkr', 'KF', 'Årsredovisning 2015', '2016-04-28');
COMMIT;

\echo
\echo '== Balanskravsutredning, Malmö stad, Mkr (Årsredovisning 2015) =='
\echo '   Årets resultat and the adjustments are stored items with their decisions;'
\echo '   every subtotal, the balanskravsresultat and the deficit left are computed.'
SELECT u15.rubrik AS "Mkr",
       visa(u15.belopp::belopp, 'mnkr', 0) AS "2015",
       visa(u14.belopp::belopp, 'mnkr', 0) AS "2014",
       visa(u13.belopp::belopp, 'mnkr', 0) AS "2013"
  FROM balanskravsutredning(2015, NULL, 'Malmö') u15
  JOIN balanskravsutredning(2014, NULL, 'Malmö') u14 USING (nr)
  JOIN balanskravsutredning(2013, NULL, 'Malmö') u13 USING (nr)
 ORDER BY nr;

\echo
\echo '== The 2014 deficit and its restoration (KL 11 kap. 12 §: within three years) =='
SELECT ursprungsar AS "Underskott från", visa(underskott::belopp, 'mnkr', 0) AS "Underskott",
       visa(aterstallt::belopp, 'mnkr', 0) AS "Återställt t.o.m. 2015", visa(kvar::belopp, 'mnkr', 0) AS "Kvar",
       senast_ar AS "Senast", CASE WHEN forfallet THEN 'ja' ELSE 'nej' END AS "Förfallet"
  FROM balanskravsunderskott(2015, 'Malmö');

\echo
\echo '== RUR 2015: the largest permitted reservation (KL 11 kap. 14 §) =='
\echo '   Eget kapital including the pension liability is not stored for Malmö here,'
\echo '   so the stricter 2 % threshold is used; the published 185 Mkr is within it.'
SELECT visa(utrymme::belopp, 'mnkr', 2) AS "Största tillåtna (Mkr)", visa(reserverat::belopp, 'mnkr', 0) AS "Reserverat (Mkr)",
       motivering AS "Beräkning"
  FROM rur_utrymme(2015, NULL, 'Malmö');
DO $$
BEGIN
    UPDATE kommunrapport.balanskravspost SET belopp = '-300 mnkr'
     WHERE kommun = 'Malmö' AND ar = 2015 AND slag = 'till_rur';
    SET CONSTRAINTS ALL IMMEDIATE;
    RAISE EXCEPTION 'not refused';
EXCEPTION WHEN check_violation THEN
    RAISE NOTICE 'A reservation of 300 Mkr instead is refused: %', SQLERRM;
END $$;

-- Alingsås vård- och omsorgsnämnden: a deviation is material from 1 % of the
-- full-year budget and 1 mnkr (a threshold chosen for the demo).
INSERT INTO vasentlighetsgrans (namnd, procentgrans, beloppsgrans, beslut)
VALUES ('ALS-VON', 1, '1 mnkr', 'demo');

\echo
\echo '== Alingsås vård- och omsorgsnämnden, the May round: material deviations, tkr (seed 003) =='
SELECT rad_namn AS "Rad", visa(budget::belopp, 'tkr', 0) AS "Budget", visa(prognos::belopp, 'tkr', 0) AS "Prognos maj",
       visa(avvikelse::belopp, 'tkr', 0) AS "Avvikelse", CASE WHEN kommentar IS NULL THEN 'saknas' ELSE 'finns' END AS "Kommentar"
  FROM vasentliga_avvikelser(2024, 'maj', 'ALS-VON');

-- The May round's comments: the cost rows whose August changes the report
-- explains (data/seeds/ladda_prognos.sql quotes them); the measures are examples.
INSERT INTO kommentar (namnd, enhet, rad, ar, omgang, forklaring) VALUES
    ('ALS-VON', 'hela', 'kop_av_tjanster', 2024, 'maj', 'Köp av tjänst prognostiseras över budget (rapporten: 3,5 mkr mer i augusti än i majprognosen).'),
    ('ALS-VON', 'hela', 'ovriga_kostnader', 2024, 'maj', 'Övriga kostnader prognostiseras över budget (rapporten: 4,1 mkr mer i augusti än i majprognosen).'),
    ('ALS-VON', 'hela', 'intakter', 2024, 'maj', 'Verksamhetens intäkter prognostiseras över budget (rapporten: 12,2 mkr mer i augusti än i majprognosen).');
INSERT INTO atgard (kommentar, namnd, beskrivning, ansvarig, effekt_ar, effekt_nasta_ar, beslutsorgan, beslut, status)
SELECT k.id, 'ALS-VON', a.beskrivning, a.ansvarig, a.effekt::belopp, a.nasta::belopp, a.organ, a.beslut, a.status::atgardsstatus
  FROM kommentar k
  JOIN (VALUES ('kop_av_tjanster', 'Exempel: omförhandling av externa placeringar', 'Exempel: verksamhetschef', '4 mnkr', '6 mnkr', 'VON', 'exempel', 'beslutad'),
               ('kop_av_tjanster', 'Exempel: hemtagning av köpta platser', 'Exempel: enhetschef', '2 mnkr', '5 mnkr', NULL, NULL, 'foreslagen'),
               ('ovriga_kostnader', 'Exempel: inköpsstopp för förbrukningsmaterial', 'Exempel: förvaltningschef', '1,5 mnkr', '0', NULL, NULL, 'foreslagen'))
       a(rad, beskrivning, ansvarig, effekt, nasta, organ, beslut, status)
    ON a.rad = k.rad
 WHERE k.namnd = 'ALS-VON' AND k.omgang = 'maj';

\echo
\echo '== The August round: last round''s comments carried forward as proposals to confirm =='
SELECT rad AS "Rad", fran_omgang AS "Från", antal_atgarder AS "Åtgärder", forklaring AS "Förklaring (att bekräfta)"
  FROM fora_fram_kommentarer(2024, 'aug', 'ALS-VON');

\echo
\echo '== August: material deviations without a confirmed comment =='
SELECT rad_namn AS "Rad", visa(avvikelse::belopp, 'tkr', 0) AS "Avvikelse (tkr)",
       coalesce(kommentarstatus::text, 'ingen kommentar') AS "Status"
  FROM vasentliga_utan_kommentar(2024, 'aug', 'ALS-VON');

UPDATE kommentar SET status = 'bekraftad'
 WHERE namnd = 'ALS-VON' AND omgang = 'aug' AND rad = 'kop_av_tjanster';
UPDATE atgard SET status = 'beslutad'
 WHERE namnd = 'ALS-VON' AND status = 'att_bekrafta' AND beslut IS NOT NULL
   AND kommentar IN (SELECT id FROM kommentar WHERE omgang = 'aug' AND rad = 'kop_av_tjanster');

\echo
\echo '== August, once Köp av tjänst is confirmed: unfavourable deviations the measures do not cover, tkr =='
\echo '   Only proposed, decided and carried-out measures count; proposals awaiting confirmation do not.'
SELECT rad_namn AS "Rad", visa(avvikelse::belopp, 'tkr', 0) AS "Avvikelse", antal_atgarder AS "Åtgärder",
       visa(atgarder_effekt::belopp, 'tkr', 0) AS "Effekt i år", visa(otackt::belopp, 'tkr', 0) AS "Otäckt",
       coalesce(kommentarstatus::text, 'ingen kommentar') AS "Kommentar"
  FROM atgarder_som_inte_tacker(2024, 'aug', 'ALS-VON');
