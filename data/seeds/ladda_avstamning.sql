-- The seed loader's second part, run by ladda.sh after ladda.sql: what the
-- reconciliation needs besides the report tables.  Frame decisions are told in
-- the reports' prose, so they are typed here with the sentence they come
-- from; grant and accumulated-result figures are the rows ladda.sql read from
-- the tables' text with the table reader (seed_rad), not the answer key.  A
-- row the reader could not settle is missing there, and so here.

-- Seed 000, Linköping äldrenämnden, 2023.  "Det innebar att äldrenämndens
-- budgetram sänktes med 55 mnkr till 1 627 mnkr" (a technical adjustment in
-- the March interim report), "I maj beslutade KF om en hyreskompensation på
-- 2,8 mnkr ... en lönekompensation ... på 3,8 mnkr. Det innebär att ÄN
-- budgetram justerats från 1 627 mnkr till 1 634 mnkr."  The original frame
-- is therefore 1 682 mnkr.  The report names no day: the March adjustment is
-- dated at the end of March and the May decisions in mid-May.
-- (pg_temp.lagg_in, of ladda.sql, stores the unit where the table has the column)
DO $$
BEGIN
PERFORM pg_temp.lagg_in('budgetram', jsonb_build_object(
    'namnd', 'LKP-AN', 'ar', 2023, 'belopp', '1682 mnkr'::belopp,
    'beslut', 'budget 2023 (the frame before the March adjustment: 1 627 + 55)', 'avrundning', 1000000));
PERFORM pg_temp.lagg_in('ramjustering', to_jsonb(v)) FROM (VALUES
    ('LKP-AN', 2023, date '2023-03-31', '-55 mnkr'::belopp, 'teknisk_justering'::ramjusteringsslag, 'KF', 'delår mars 2023',
     'the state grant for good elderly care (55 mnkr) moved out of the frame and handled as a targeted grant', 1000000),
    ('LKP-AN', 2023, date '2023-05-15', '2,8 mnkr', 'kompensation_hyror', 'KF', 'maj 2023', 'hyreskompensation, booked on vårdboende', 100000),
    ('LKP-AN', 2023, date '2023-05-15', '3,8 mnkr', 'kompensation_loner', 'KF', 'maj 2023', 'lönekompensation, passed on to Leanlink', 100000)
) v(namnd, ar, datum, belopp, slag, beslutsorgan, beslut, kommentar, avrundning)
WHERE NOT EXISTS (SELECT 1 FROM ramjustering j WHERE j.namnd = 'LKP-AN' AND j.ar = 2023);
END $$;

-- Seed 002, Helsingborg vård- och omsorgsnämnden: targeted state grants,
-- applied / granted / recognised, 2022 and 2023, mnkr with one decimal
-- (columns ansokt_2022, ansokt_2023, beviljat_2022, beviljat_2023,
-- prognos_godkant_2022, prognos_godkant_2023).
INSERT INTO statsbidrag (namnd, ar, bidrag, ansokt, beviljat, intaktsfort, avrundning)
SELECT 'HBG-VON', y.ar, s.namn, s.varden[y.i] * 1000000, s.varden[y.i + 2] * 1000000,
       s.varden[y.i + 4] * 1000000, 100000
  FROM seed_rad s, (VALUES (2022, 1), (2023, 2)) y(ar, i)
 WHERE s.tabell = '002_statsbidrag' AND s.namn <> 'Totalt'
ON CONFLICT DO NOTHING;
-- the printed totals of the grant table, for the reconciliation
INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning)
SELECT 'HBG-VON', '002_statsbidrag', '', 'statsbidrag', k.kolumn, helar(y.ar), v * 1000000,
       1000000 * power(10::numeric, -scale(v))
  FROM seed_rad s, (VALUES (2022, 1), (2023, 2)) y(ar, i),
       (VALUES ('ansokt', 0), ('beviljat', 2), ('intaktsfort', 4)) k(kolumn, off),
       LATERAL (SELECT s.varden[y.i + k.off] AS v) x
 WHERE s.tabell = '002_statsbidrag' AND s.namn = 'Totalt'
ON CONFLICT DO NOTHING;

-- Seed 004, Örebro: the intraprenader's accumulated results 2021 (mnkr, one
-- decimal): opening, used, new deficits, new surpluses, closing; the unit's
-- annual budget is kept for a local cap rule.  The table's total row is kept
-- as the unit "intraprenader_summa".
INSERT INTO ackumulerat_resultat (namnd, enhet, ar, ingaende, disposition, arets_resultat, utgaende, arsbudget, avrundning)
SELECT 'ORE-SV',
       CASE WHEN s.namn = 'Nettokostnad' THEN 'intraprenader_summa'
            ELSE regexp_replace(translate(lower(s.namn), 'åäöé', 'aaoe'), '[^a-z0-9]+', '_', 'g') END,
       2021, v[4] * 1000000, v[5] * 1000000, (v[7] - v[6]) * 1000000, v[8] * 1000000, v[2] * 1000000, 100000
  FROM seed_rad s, LATERAL (SELECT s.varden AS v) x
 WHERE s.tabell = '004_intraprenader'
ON CONFLICT DO NOTHING;
-- and the programme area's lines under the committee table (tkr): "Ingående
-- ackumulerat resultat Intraprenader 23 000, Ianspråktagande −200, Nya
-- underskott −800, Nya överskott 5 700, Utgående 27 700"; stored only when
-- the reader settled all five lines
INSERT INTO ackumulerat_resultat (namnd, enhet, ar, ingaende, disposition, arets_resultat, utgaende, avrundning)
SELECT 'ORE-SV', 'intraprenader', 2021,
       max(v) FILTER (WHERE n = 'Ingående ackumulerat resultat Intraprenader') * 1000,
       -max(v) FILTER (WHERE n = 'Ianspråktagande ack resultat 2021') * 1000,
       (max(v) FILTER (WHERE n = 'Nya överskott') + max(v) FILTER (WHERE n = 'Nya underskott')) * 1000,
       max(v) FILTER (WHERE n = 'Utgående ackumulerat resultat Intraprenader 2021') * 1000,
       1000
  FROM (SELECT s.namn AS n, s.varden[1] AS v FROM seed_rad s WHERE s.tabell = '004_intraprenader_avstamning') x
HAVING count(*) FILTER (WHERE n IN ('Ingående ackumulerat resultat Intraprenader', 'Ianspråktagande ack resultat 2021',
                                    'Nya överskott', 'Nya underskott',
                                    'Utgående ackumulerat resultat Intraprenader 2021')) = 5
ON CONFLICT DO NOTHING;
