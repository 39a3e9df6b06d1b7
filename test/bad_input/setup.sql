-- Fixture of the bad-input corpus (test/bad_input/corpus.tsv): the rows that
-- the cases of the loading functions, the period lock, the logs and the
-- reconciliation tables work against.  Run as a superuser in a database where
-- kommunrapport is installed; running it again changes nothing.
--
--   committees  BA (units BA1, BA2) and BB (unit BB1)
--   rows        NETTO (summa) with children INT (intakt) and KOST (kostnad)
--   rounds      2023 MAR (jan-mar), APR (jan-apr)
--   outcome     BA/BA1/KOST, BB/BB1/KOST: -100 a month, Jan-May 2023
--   budget      BA/BA1/KOST, BB/BB1/KOST: -1200, 2023, in force from 2023-01-01
--   forecasts   BA/BA1/KOST and BB/BB1/KOST in MAR and APR
--   closed      Jan-Mar 2023 for BA (so the MAR round and the 2023-01-01
--               budget version of BA are locked; APR is open)
--   frames      BA and BB 2023, one technical adjustment each
--   grants      BA and BB 2023, one state grant each
--   roles       kr_bad_roll (NOLOGIN, granted committee BB only, with table
--               privileges), kr_bad_utan (NOLOGIN, no grant); created when
--               missing (test/e2e/bad_input.sh drops them when it is done)

SET search_path = kommunrapport, public;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kr_bad_roll') THEN
        CREATE ROLE kr_bad_roll NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kr_bad_utan') THEN
        CREATE ROLE kr_bad_utan NOLOGIN;
    END IF;
END $$;

GRANT USAGE ON SCHEMA kommunrapport TO kr_bad_roll, kr_bad_utan;
GRANT SELECT, INSERT, UPDATE, DELETE
   ON namnd, enhet, utfall, budget, prognos, inlasning_utfall, inlasning_prognos,
      budgetram, ramjustering, statsbidrag, ackumulerat_resultat, publicerad
   TO kr_bad_roll, kr_bad_utan;
GRANT SELECT ON rad, prognosomgang, stangd_manad, stangningslogg, andringslogg, behorighet
   TO kr_bad_roll, kr_bad_utan;

INSERT INTO namnd (kod, namn, kommun) VALUES
    ('BA', 'Testnämnd A', 'Felstad'), ('BB', 'Testnämnd B', 'Felstad')
ON CONFLICT DO NOTHING;
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES
    ('BA', 'BA1', 'Enhet A1', 1), ('BA', 'BA2', 'Enhet A2', 2), ('BB', 'BB1', 'Enhet B1', 1)
ON CONFLICT DO NOTHING;
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', NULL, 30)
ON CONFLICT DO NOTHING;
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 10),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 20)
ON CONFLICT DO NOTHING;
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2023, 'MAR', 'Prognos mars', 'jan-mar 2023', '2023-04-12'),
    (2023, 'APR', 'Prognos april', 'jan-apr 2023', '2023-05-12')
ON CONFLICT DO NOTHING;

-- (a BEFORE trigger fires before ON CONFLICT, and the months of BA are closed
-- after the first run, so the fact rows are guarded by NOT EXISTS instead)
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT n, e, 'KOST', period(2023, m, m), '-100'
  FROM (VALUES ('BA', 'BA1'), ('BB', 'BB1')) v(n, e), generate_series(1, 5) m
 WHERE NOT EXISTS (SELECT 1 FROM utfall u WHERE u.namnd = v.n);
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut)
SELECT n, e, 'KOST', '2023', '2023-01-01', '-1200', 'KF 2022-11-21'
  FROM (VALUES ('BA', 'BA1'), ('BB', 'BB1')) v(n, e)
 WHERE NOT EXISTS (SELECT 1 FROM budget b WHERE b.namnd = v.n);
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
SELECT n, e, 'KOST', 2023, o, b::belopp
  FROM (VALUES ('BA', 'BA1'), ('BB', 'BB1')) v(n, e),
       (VALUES ('MAR', '-1250'), ('APR', '-1300')) w(o, b)
 WHERE NOT EXISTS (SELECT 1 FROM prognos f WHERE f.namnd = v.n);

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM kommunrapport.stangd_manad WHERE namnd = 'BA' AND ar = 2023) THEN
        PERFORM kommunrapport.stang_period('BA', 'jan-mar 2023');
    END IF;
END $$;

INSERT INTO budgetram (namnd, ar, belopp, beslut, beslutsdatum) VALUES
    ('BA', 2023, '1000000', 'KF 2022-11-21 § 100', '2022-11-21'),
    ('BB', 2023, '2000000', 'KF 2022-11-21 § 100', '2022-11-21')
ON CONFLICT DO NOTHING;
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, kommentar)
SELECT n, 2023, '2023-03-01', '5000', 'teknisk_justering', 'KS', 'KS 2023-03-01 § 7', 'fixture'
  FROM (VALUES ('BA'), ('BB')) v(n)
 WHERE NOT EXISTS (SELECT 1 FROM ramjustering j WHERE j.namnd = v.n AND j.kommentar = 'fixture');
INSERT INTO statsbidrag (namnd, ar, bidrag, bidragsgivare, ansokt, beviljat, erhallet, intaktsfort) VALUES
    ('BA', 2023, 'Lärarlönelyftet', 'Skolverket', '500000', '400000', '400000', '300000'),
    ('BB', 2023, 'Äldreomsorgslyftet', 'Socialstyrelsen', '200000', '200000', '200000', '200000')
ON CONFLICT DO NOTHING;
INSERT INTO ackumulerat_resultat (namnd, enhet, ar, ingaende, arets_resultat, utgaende) VALUES
    ('BA', '', 2023, '100000', '20000', '120000')
ON CONFLICT DO NOTHING;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM kommunrapport.behorighet b WHERE b.namnd = 'BB') THEN
        PERFORM kommunrapport.bevilja('kr_bad_roll', 'BB');
    END IF;
END $$;

-- a table for the binary COPY cases (belopp_recv, period_recv)
CREATE TABLE IF NOT EXISTS public.bad_input_binar (b kommunrapport.belopp, p kommunrapport.period);

-- the maps the SIE cases load through: dimension 1 objects 1-9 are BA's unit
-- BA1; accounts of class 3 are revenue (INT), of classes 4-7 costs (KOST)
INSERT INTO objektmappning (kommun, dimension, objekt_fran, objekt_till, namnd, enhet)
SELECT 'Felstad', 1, '1', '9', 'BA', 'BA1'
 WHERE NOT EXISTS (SELECT 1 FROM objektmappning WHERE kommun = 'Felstad');
INSERT INTO kontomappning (kommun, konto_fran, konto_till, rad, kommentar)
SELECT 'Felstad', f, t, r, 'fixture'
  FROM (VALUES ('3000', '3999', 'INT'), ('4000', '7999', 'KOST')) v(f, t, r)
 WHERE NOT EXISTS (SELECT 1 FROM kontomappning WHERE kommun = 'Felstad');
