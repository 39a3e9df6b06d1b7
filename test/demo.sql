-- kommunrapport demo: the seed reports' tables, read from their text and
-- recomputed in the database.
\pset border 2
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;

-- the table text of seed 000 exactly as the PDF gave it, one row per line
CREATE TEMP TABLE rader (nr integer GENERATED ALWAYS AS IDENTITY, txt text);
\copy rader (txt) FROM 'data/seeds/000_linkoping_an_2023-05.txt' WITH (FORMAT text, DELIMITER E'\x01')

\echo
\echo '== Linköping, äldrenämnden: Driftsammandrag netto mnkr, jan–maj 2023 (seed 000) =='
\echo '   Net cost is shown positive, so the deviation is budget − outcome (tecken kostnad).'
\echo '   Each figure is read as a belopp in mnkr; the deviation is recomputed and compared'
\echo '   with the published one, allowing exactly the rounding of two whole-mnkr figures.'
CREATE TEMP TABLE drift AS
WITH block AS (
    SELECT nr, txt FROM rader
     WHERE nr > (SELECT nr FROM rader WHERE txt = '## table: 000_drift_period')
       AND nr < (SELECT nr FROM rader WHERE txt = '## table: 000_drift_prognos')
), tokens AS (
    SELECT nr, txt, regexp_split_to_array(trim(txt), ' ') AS t FROM block
     WHERE trim(txt) ~ ' -?[0-9]+ -?[0-9]+ -?[0-9]+ -?[0-9]+$'
)
SELECT nr,
       trim(array_to_string(t[1:cardinality(t) - 4], ' ')) AS verksamhet,
       (t[cardinality(t) - 3] || ' mnkr')::belopp AS utfall,
       (t[cardinality(t) - 2] || ' mnkr')::belopp AS budget,
       (t[cardinality(t) - 1] || ' mnkr')::belopp AS publicerad_avvikelse,
       (t[cardinality(t)] || ' mnkr')::belopp AS utfall_fg_ar
  FROM tokens;

SELECT verksamhet AS "Verksamhet",
       visa(utfall, 'mnkr', 0) AS "Redovisat",
       visa(budget, 'mnkr', 0) AS "Budget",
       visa(avvikelse(utfall, budget, 'kostnad'), 'mnkr', 0) AS "Avvikelse (beräknad)",
       visa(publicerad_avvikelse, 'mnkr', 0) AS "Avvikelse (publicerad)",
       CASE WHEN avvikelse(utfall, budget, 'kostnad') = publicerad_avvikelse THEN 'stämmer'
            WHEN abs(avvikelse(utfall, budget, 'kostnad') - publicerad_avvikelse) <= '1 mnkr'::belopp
            THEN 'avrundning (±1)'
            ELSE 'AVVIKER' END AS "Kontroll",
       round(forbrukningsgrad(utfall, budget)) || ' %' AS "Förbrukat"
  FROM drift ORDER BY nr;

\echo '   The rows, summed in the database, against the printed "Summa nettokostnader":'
SELECT visa(sum(utfall), 'mnkr', 0) AS "Σ redovisat",
       visa(sum(budget), 'mnkr', 0) AS "Σ budget",
       (SELECT visa(budget, 'mnkr', 0) FROM drift WHERE verksamhet = 'Summa nettokostnader') AS "Summa budget (publicerad)",
       visa(sum(publicerad_avvikelse), 'mnkr', 0) AS "Σ publicerade avvikelser"
  FROM drift WHERE verksamhet <> 'Summa nettokostnader';
\echo '   (the printed budget total 674 is one less than its rows: 675 — published rounding)'

\echo
\echo '== Alingsås, vård- och omsorgsnämnden: kommunbidrag 966 333 tkr spread over the year (seed 003) =='
SELECT visa(periodisera('966 333 tkr', 'jan-aug 2024'), 'tkr', 0) AS "Periodiserat jan–aug (tkr)",
       visa('644 221 tkr'::belopp, 'tkr', 0) AS "Bokfört jan–aug (tkr)",
       visa(avvikelse('644 221 tkr'::belopp, periodisera('966 333 tkr', 'jan-aug 2024')), 'tkr', 0)
           AS "Skillnad (tkr)",
       visa(trendprognos('644 221 tkr', 'jan-aug 2024'), 'tkr', 0) AS "Helår i samma takt (tkr)";

\echo
\echo '== Seed 001: Resultatredovisning i sammandrag, mnkr (revenue +, costs −, tecken resultat) =='
SELECT rad AS "Rad", visa(utfall, 'mnkr', 0) AS "Utfall", visa(budget, 'mnkr', 0) AS "Budget",
       visa(avvikelse(utfall, budget), 'mnkr', 0) AS "Avvikelse", visa(publicerad, 'mnkr', 0) AS "Publicerad"
  FROM (VALUES (1, 'Intäkter', '1 068 mnkr'::belopp, '957 mnkr'::belopp, '111 mnkr'::belopp),
               (2, 'Kostnader', '-5 943 mnkr', '-5 963 mnkr', '20 mnkr'),
               (3, 'Kommunbidrag', '5 008 mnkr', '5 010 mnkr', '-2 mnkr'),
               (4, 'Resultat', '133 mnkr', '4 mnkr', '129 mnkr')) v(nr, rad, utfall, budget, publicerad)
 ORDER BY nr;

\echo
\echo '== Summable rounding: a column of kr amounts printed in tkr so that it adds up =='
WITH r AS (
    SELECT rad, b, avrunda(b, 'tkr') AS plain,
           avrunda_summerbar(b, 'tkr', 0) OVER (ORDER BY rad) AS summerbar
      FROM (VALUES (1, '1 400'::belopp), (2, '1 400'), (3, '1 400'), (4, '800')) v(rad, b)
)
SELECT "Rad", "kr", "tkr, var för sig", "tkr, summerbar" FROM (
    SELECT rad AS ord, rad::text AS "Rad", visa(b, 'kr', 0) AS "kr",
           plain::text AS "tkr, var för sig", summerbar::text AS "tkr, summerbar" FROM r
    UNION ALL
    SELECT 99, 'Summa', visa(sum(b), 'kr', 0),
           sum(plain) || ' (ska vara ' || avrunda(sum(b), 'tkr') || ')', sum(summerbar)::text FROM r
) x ORDER BY ord;
