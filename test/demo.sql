-- kommunrapport demo: the seed reports' tables, read from their text by the
-- table reader, stored in the report tables and reported again.
\pset border 2
SET search_path = kommunrapport, public;

\echo
\echo '== Reading a published line: space is both thousands separator and column separator =='
SELECT benamning AS "Rad", varden AS "Värden", entydig AS "Entydig", meddelande AS "Läsarens kommentar"
  FROM las_tabellrad('Nämnd gemensamt 723 866 143 83% 1 057 1 300 243 81%', 8)
UNION ALL
SELECT benamning || ' (med samband 3 = 2 − 1, 7 = 6 − 5)', varden, entydig, meddelande
  FROM las_tabellrad('Nämnd gemensamt 723 866 143 83% 1 057 1 300 243 81%', 8, ARRAY['3 = 2 - 1', '7 = 6 - 5']);

\echo
\echo '== Linköping, äldrenämnden: Driftsammandrag netto mnkr, jan–maj 2023 (seed 000) =='
\echo '   Net cost is shown positive (tecken kostnad): deviation = budget − outcome.'
\echo '   The total is derived from the units, not typed in: 675 against the printed 674.'
SELECT coalesce(enhet || ' - ', '') || enhet_namn AS "Verksamhet",
       visa(utfall::belopp, 'mnkr', 0) AS "Redovisat jan–maj",
       visa(budget::belopp, 'mnkr', 0) AS "Budget jan–maj",
       visa(avvikelse::belopp, 'mnkr', 0) AS "Avvikelse",
       visa(utfall_fg_ar::belopp, 'mnkr', 0) AS "Samma period fg år",
       visa(prognos::belopp, 'mnkr', 0) AS "Prognos helår",
       visa(budget_helar::belopp, 'mnkr', 0) AS "Budget helår",
       visa(prognos_avvikelse::belopp, 'mnkr', 0) AS "Avvikelse helår",
       visa(bokslut_fg_ar::belopp, 'mnkr', 0) AS "Bokslut 2022"
  FROM driftsammandrag(2023, 'jan-maj 2023', 'LKP-AN')
 ORDER BY sortering;

\echo
\echo '== Alingsås, vård- och omsorgsnämnden: Drift tkr, jan–aug 2024 (seed 003) =='
\echo '   Revenue +, costs − (tecken resultat).  The report prints no period budget, so the'
\echo '   annual budget is spread over eight months (linear): kommunbidrag 966 333 → 644 222,'
\echo '   against 644 221 booked.'
SELECT repeat('  ', rad_niva - 1) || rad_namn AS "Rad",
       visa(budget_helar::belopp, 'tkr', 0) AS "Budget 2024",
       visa(prognos::belopp, 'tkr', 0) AS "Prognos helår",
       visa(prognos_avvikelse::belopp, 'tkr', 0) AS "Avv. prognos/budget",
       visa(utfall::belopp, 'tkr', 0) AS "Utfall jan–aug",
       visa(budget::belopp, 'tkr', 0) AS "Budget jan–aug (periodiserad)",
       visa(avvikelse::belopp, 'tkr', 0) AS "Avvikelse jan–aug",
       visa(utfall_fg_ar::belopp, 'tkr', 0) AS "Utfall jan–aug 2023"
  FROM driftsammandrag(2024, 'jan-aug 2024', 'ALS-VON')
 ORDER BY sortering;

\echo
\echo '== Seed 001: Resultatredovisning i sammandrag, mnkr, jan–sep 2024 =='
SELECT repeat('  ', rad_niva - 1) || rad_namn AS "Rad",
       visa(utfall::belopp, 'mnkr', 0) AS "Utfall", visa(budget::belopp, 'mnkr', 0) AS "Budget",
       visa(avvikelse::belopp, 'mnkr', 0) AS "Avvikelse", visa(utfall_fg_ar::belopp, 'mnkr', 0) AS "Utfall fg år",
       visa(prognos::belopp, 'mnkr', 0) AS "Prognos", visa(prognos_fg::belopp, 'mnkr', 0) AS "(Fg prognos)",
       visa(budget_helar::belopp, 'mnkr', 0) AS "Budget helår", visa(bokslut_fg_ar::belopp, 'mnkr', 0) AS "Bokslut fg år"
  FROM driftsammandrag(2024, 'jan-sep 2024', 'AVON-2024')
 ORDER BY sortering;

\echo
\echo '== Örebro, programområde social välfärd, jan–aug 2021, in mnkr with one decimal (seed 004) =='
\echo '   Rounded with avrunda_summerbar so that the committees add up to the printed total.'
SELECT enhet_namn AS "Nämnd",
       visa(utfall::belopp, 'kr', 1) AS "Utfall", visa(budget::belopp, 'kr', 1) AS "Budget",
       visa(avvikelse::belopp, 'kr', 1) AS "Budget−Utfall",
       round(forbrukningsgrad(utfall, budget)) || ' %' AS "%",
       visa(prognos::belopp, 'kr', 1) AS "Prognos 2", visa(budget_helar::belopp, 'kr', 1) AS "Budget helår",
       visa(prognos_avvikelse::belopp, 'kr', 1) AS "Budget−Prognos"
  FROM driftsammandrag_avrundad(2021, 'jan-aug 2021', 'ORE-SV', 'mnkr', 1)
 ORDER BY sortering;

\echo
\echo '== Prognosförändring: Alingsås, the August forecast against the May forecast, tkr (seed 003) =='
\echo '   The report explains each change in words ("12,2 mkr mer än i majprognosen"); the May'
\echo '   round is the August one with those changes taken back.  Favourable changes are positive.'
SELECT repeat('  ', rad_niva - 1) || rad_namn AS "Rad",
       visa(prognos_fg::belopp, 'tkr', 0) AS "Prognos maj",
       visa(prognos::belopp, 'tkr', 0) AS "Prognos aug",
       visa(prognosforandring::belopp, 'mnkr', 1) || ' mkr' AS "Förändring",
       visa(avvikelse::belopp, 'tkr', 0) AS "Avvikelse mot budget aug"
  FROM prognosforandringar(2024, 'aug', 'ALS-VON')
 WHERE prognos_fg IS NOT NULL
 ORDER BY sortering;

\echo
\echo '== Prognosförändring, seed 001: this round against the previous one, mnkr =='
SELECT repeat('  ', rad_niva - 1) || rad_namn AS "Rad",
       visa(prognos_fg::belopp, 'mnkr', 0) AS "(Fg prognos)", visa(prognos::belopp, 'mnkr', 0) AS "Prognos",
       visa(prognosforandring::belopp, 'mnkr', 0) AS "Förändring",
       visa(avvikelseforandring::belopp, 'mnkr', 0) AS "Förändring av avvikelsen"
  FROM prognosforandringar(2024, 'sep', 'AVON-2024')
 ORDER BY sortering;

\echo
\echo '== Budget spreading and run rate (seed 003: kommunbidrag 966 333 tkr a year) =='
SELECT visa(periodisera('966 333 tkr', 'jan-aug 2024'), 'tkr', 0) AS "Periodiserat jan–aug (tkr)",
       visa('644 221 tkr'::belopp, 'tkr', 0) AS "Bokfört jan–aug (tkr)",
       visa(avvikelse('644 221 tkr'::belopp, periodisera('966 333 tkr', 'jan-aug 2024')), 'tkr', 0)
           AS "Skillnad (tkr)",
       visa(trendprognos('644 221 tkr', 'jan-aug 2024'), 'tkr', 0) AS "Helår i samma takt (tkr)";

\echo
\echo '== Avstämning: the reconciliation of the seed data =='
\echo '   Every check that does not hold, and the main ones that do.  A published figure is'
\echo '   accepted within the rounding of the figures behind it, and no more.'
SELECT a.namnd_kod AS "Nämnd", coalesce(a.enhet, a.rad, '') AS "Enhet/rad", a.kontroll AS "Kontroll",
       CASE WHEN a.inom_tolerans THEN 'stämmer' ELSE 'AVVIKER' END AS "Utfall",
       a.meddelande AS "Vad som jämförs"
  FROM (SELECT * FROM avstamning(2023, 'jan-maj 2023', 'LKP-AN')
        UNION ALL SELECT * FROM avstamning(2023, '2023', 'HBG-VON')
        UNION ALL SELECT * FROM avstamning(2024, 'jan-aug 2024', 'ALS-VON')
        UNION ALL SELECT * FROM avstamning(2024, 'jan-sep 2024', 'AVON-2024')
        UNION ALL SELECT * FROM avstamning(2021, 'jan-aug 2021', 'ORE-SV')) a
 WHERE NOT a.inom_tolerans
    OR a.kontroll IN ('budgetram', 'kommunbidrag_bokfort', 'statsbidrag_summa')
    OR (a.kontroll = 'resultat' AND a.kolumn = 'utfall')
 ORDER BY a.inom_tolerans, a.namnd_kod, a.kontroll, a.enhet;

\echo
\echo '   Örebro caps a unit''s carried surplus; with a cap of 7 % of the unit''s budget configured,'
\echo '   the accumulated results that the plain roll-forward could not explain:'
INSERT INTO resultatfond_regel VALUES ('ORE-SV', 0.07, 'carried surplus at most 7 % of the unit''s budget');
SELECT a.enhet AS "Intraprenad", CASE WHEN a.inom_tolerans THEN 'förklaras' ELSE 'förklaras inte' END AS "Med taket",
       a.meddelande AS "Vad som jämförs"
  FROM avstamning(2021, 'jan-aug 2021', 'ORE-SV') a
 WHERE a.kontroll = 'ackumulerat_resultat'
   AND a.enhet IN ('demenscentrum', 'dagverksamhet_demens', 'angen', 'skebacksgarden', 'klosterbacken', 'intraprenader_summa')
 ORDER BY a.inom_tolerans DESC, a.enhet;
