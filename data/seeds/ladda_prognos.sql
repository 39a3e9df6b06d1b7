-- The seed loader's third part, run by ladda.sh: earlier forecast rounds that
-- the reports give in words, not in a table.
--
-- Seed 003, Alingsås vård- och omsorgsnämnden, interim report Jan–Aug 2024,
-- section "Prognosförändring": "Verksamhetens intäkter prognostiseras avvika
-- med 12,2 mkr mer än i majprognosen", "Personalkostnader prognostiseras med
-- 2,5 mkr mer än i majprognosen", "Lokalhyror ... 2,0 mkr mer", "Köp av tjänst
-- ... 3,5 mkr mer", "Övriga kostnader ... 4,1 mkr mer".  Revenue rose and
-- costs rose, so the May forecast is the August one (003_drift, column 2)
-- with these changes taken back: revenue 12,2 mkr lower, each cost row that
-- much less negative.  The changes are printed with one decimal of mkr, so
-- the May figures are good to ±0,05 mkr.  The report does not say which
-- outcome the May round was based on; January–April is taken.  Kommunbidrag
-- is forecast at the frame, 966 333 tkr, in August; nothing in the report
-- says the frame moved after May, so the May round forecasts the same.
-- The report prints no May figure: this round is the printed changes taken
-- back, so its changes against August are the report's own by construction,
-- and no test may assert them back from these data (test/pgtap/prognos_seeds.sql
-- asserts what they do not contain).
INSERT INTO prognosomgang (ar, kod, namn, period, datum)
VALUES (2024, 'maj', 'Prognos maj', 'jan-apr 2024', '2024-05-20')
ON CONFLICT DO NOTHING;
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
SELECT 'ALS-VON', 'hela', v.rad, 2024, 'maj', f.belopp - v.forandring
  FROM (VALUES ('intakter', '12,2 mnkr'::belopp), ('personalkostnader', '-2,5 mnkr'),
               ('lokalhyror', '-2,0 mnkr'), ('kop_av_tjanster', '-3,5 mnkr'),
               ('ovriga_kostnader', '-4,1 mnkr'), ('kommunbidrag', '0')) v(rad, forandring)
  JOIN prognos f ON f.namnd = 'ALS-VON' AND f.enhet = 'hela' AND f.rad = v.rad AND f.ar = 2024 AND f.omgang = 'aug'
ON CONFLICT DO NOTHING;
