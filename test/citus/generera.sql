-- A generated multi-municipality data set for the Citus test: :kommuner
-- municipalities with four committees each, a unit hierarchy of two areas,
-- monthly outcome for 2024 and 2025 (2025 complete, so its final outcome is
-- loaded), annual budgets with a later version in force from June, three
-- forecast rounds of 2025, frames with an adjustment, and state grants.
-- Every amount is a function of its keys (hashtext), so the same script gives
-- the same rows on every server.  The seed rows (data/seeds) are loaded first:
-- the report rows (rad) are theirs.
--
--   psql -v kommuner=8 -f test/citus/generera.sql
\set ON_ERROR_STOP 1
SET search_path = kommunrapport, pg_catalog;

-- an amount of up to 'storlek' kronor with öre, of the given sign, from its key
CREATE FUNCTION pg_temp.gen_belopp(nyckel text, storlek bigint, tecken integer) RETURNS kommunrapport.belopp
    LANGUAGE sql IMMUTABLE
    RETURN kommunrapport.belopp(tecken * ((abs(hashtext(nyckel)::bigint) % (storlek * 100)) + 100) / 100.0);

CREATE TEMP TABLE gen_namnd AS
SELECT format('G%s-%s', lpad(k::text, 2, '0'), c) AS kod, format('Kommun %s', k) AS kommun, c AS typ
  FROM generate_series(1, :kommuner) k, unnest(ARRAY['BUN', 'SN', 'KSF', 'TN']) c;

INSERT INTO namnd (kod, namn, kommun)
SELECT kod, typ || ' ' || kommun, kommun FROM gen_namnd;

INSERT INTO enhet (namnd, kod, namn, overordnad, typ, ordning)
SELECT n.kod, e.kod, e.namn, e.overordnad, e.typ, e.ordning
  FROM gen_namnd n,
       (VALUES ('A', 'Område A', NULL, 'omrade', 1), ('B', 'Område B', NULL, 'omrade', 2),
               ('A1', 'Verksamhet A1', 'A', 'verksamhet', 1), ('A2', 'Verksamhet A2', 'A', 'verksamhet', 2),
               ('B1', 'Verksamhet B1', 'B', 'verksamhet', 1), ('B2', 'Intraprenad B2', 'B', 'intraprenad', 2))
       e(kod, namn, overordnad, typ, ordning)
 ORDER BY e.overordnad NULLS FIRST;

-- the leaf units and report rows that carry figures, with each row's sign
CREATE TEMP TABLE gen_cell AS
SELECT n.kod AS namnd, e.kod AS enhet, r.kod AS rad, r.tecken, r.storlek
  FROM gen_namnd n,
       unnest(ARRAY['A1', 'A2', 'B1', 'B2']) e(kod),
       (VALUES ('statsbidrag', 1, 400000), ('personalkostnader', -1, 3000000),
               ('lokalhyror', -1, 600000), ('kop_av_tjanster', -1, 900000),
               ('ovriga_kostnader', -1, 300000), ('kommunbidrag', 1, 5000000)) r(kod, tecken, storlek);

INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2025, 'apr', 'Prognos april', '2025-01..2025-04', '2025-05-15'),
    (2025, 'aug', 'Prognos augusti', '2025-01..2025-08', '2025-09-15'),
    (2025, 'okt', 'Prognos oktober', '2025-01..2025-10', '2025-11-14');

INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla)
SELECT c.namnd, c.enhet, c.rad, period(y, m, m),
       pg_temp.gen_belopp(concat_ws('|', 'u', c.namnd, c.enhet, c.rad, y, m), c.storlek, c.tecken),
       'generated'
  FROM gen_cell c, generate_series(2024, 2025) y, generate_series(1, 12) m;

-- the annual budget, with a spreading profile for area A, and a revised
-- version in force from June for the cost rows of B1
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, profil, beslut)
SELECT c.namnd, c.enhet, c.rad, helar(y), make_date(y, 1, 1),
       pg_temp.gen_belopp(concat_ws('|', 'b', c.namnd, c.enhet, c.rad, y), c.storlek * 12, c.tecken),
       CASE WHEN c.enhet LIKE 'A%' THEN ARRAY[8, 8, 9, 8, 9, 9, 4, 6, 9, 10, 10, 10]::numeric[] END,
       'budget ' || y
  FROM gen_cell c, generate_series(2024, 2025) y;
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, beslut)
SELECT c.namnd, c.enhet, c.rad, helar(2025), DATE '2025-06-01',
       pg_temp.gen_belopp(concat_ws('|', 'b2', c.namnd, c.enhet, c.rad), c.storlek * 12, c.tecken),
       'omprioritering juni'
  FROM gen_cell c WHERE c.enhet = 'B1' AND c.tecken < 0;

INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
SELECT c.namnd, c.enhet, c.rad, 2025, o.kod,
       pg_temp.gen_belopp(concat_ws('|', 'p', c.namnd, c.enhet, c.rad, o.kod), c.storlek * 12, c.tecken)
  FROM gen_cell c, (SELECT kod FROM prognosomgang WHERE ar = 2025) o;

-- frames: the original frame is the kommunbidrag budget; one adjustment
INSERT INTO budgetram (namnd, ar, belopp, beslut, beslutsdatum)
SELECT b.namnd, 2025, sum(b.belopp), 'KF 2024-11-20', DATE '2024-11-20'
  FROM budget b WHERE b.ar = 2025 AND b.rad = 'kommunbidrag' AND b.giltig_fran = DATE '2025-01-01'
   AND b.namnd IN (SELECT kod FROM gen_namnd)
 GROUP BY b.namnd;
INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, kommentar)
SELECT n.kod, 2025, DATE '2025-04-01', pg_temp.gen_belopp('rj|' || n.kod, 200000, 1),
       'kompensation_loner', 'KS', 'KS 2025-03-25', 'löneöversyn'
  FROM gen_namnd n WHERE n.typ IN ('BUN', 'SN');

INSERT INTO statsbidrag (namnd, ar, bidrag, bidragsgivare, ansokt, beviljat, erhallet, intaktsfort, aterbetalt, forutbetald)
SELECT n.kod, 2025, 'Statsbidrag ' || n.typ, 'Myndigheten',
       pg_temp.gen_belopp('sa|' || n.kod, 9000000, 1) + '1000000', pg_temp.gen_belopp('sa|' || n.kod, 9000000, 1),
       pg_temp.gen_belopp('sa|' || n.kod, 9000000, 1), pg_temp.gen_belopp('si|' || n.kod, 1000000, 1),
       '0', pg_temp.gen_belopp('sa|' || n.kod, 9000000, 1) - pg_temp.gen_belopp('si|' || n.kod, 1000000, 1)
  FROM gen_namnd n;
