-- Loading from the ERP: staging tables with las_in_utfall() and
-- las_in_prognos(), satt_budget(), plain INSERT and COPY.  A load replaces
-- what it covers and loading the same thing twice equals loading it once --
-- in the stored rows, in the change log, and also once the period is closed
-- (an unchanged re-send is no change).  Expected rows are typed by hand.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(61);

INSERT INTO namnd (kod, namn) VALUES ('X', 'Kulturnämnden'), ('Y', 'Fritidsnämnden');
INSERT INTO enhet (namnd, kod, namn) VALUES ('X', 'X1', 'Bibliotek'), ('X', 'X2', 'Kulturskola'), ('Y', 'Y1', 'Idrottshallar');
INSERT INTO rad (kod, namn, slag, tecken) VALUES
    ('INT', 'Intäkter', 'intakt', 'resultat'), ('KOST', 'Kostnader', 'kostnad', 'resultat');
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'APR', 'Prognos april', 'jan-apr 2024', '2024-05-10'),
    (2024, 'MAJ', 'Prognos maj', 'jan-maj 2024', '2024-06-10');

-- the stored outcome, in a fixed order, for comparisons
CREATE TEMP VIEW lagrat AS
SELECT namnd, enhet, rad, period::text AS period, kronor(belopp) AS belopp, kalla
  FROM utfall ORDER BY namnd, enhet, rad, period;

-----------------------------------------------------------------------------
-- outcome
-----------------------------------------------------------------------------
-- March from the ERP, by COPY; X1/KOST comes as two lines (-400 and -100).
COPY inlasning_utfall (namnd, enhet, rad, period, belopp, kalla) FROM stdin;
X	X1	INT	2024-03	100.00	ERP
X	X1	KOST	2024-03	-400.00	ERP
X	X1	KOST	2024-03	-100.00	ERP
X	X2	KOST	2024-03	-300.00	ERP
Y	Y1	KOST	2024-03	-700.00	ERP
\.
CREATE TEMP TABLE mars AS SELECT * FROM inlasning_utfall;

SELECT set_eq($$SELECT namnd, period, rader FROM las_in_utfall()$$,
    $$VALUES ('X', '2024-03..2024-03', 3::bigint), ('Y', '2024-03..2024-03', 1::bigint)$$,
    'las_in_utfall: returns the rows loaded per committee and period (X 3, Y 1)');
SELECT is_empty($$SELECT * FROM inlasning_utfall$$, 'las_in_utfall: the staging table is emptied');
SELECT results_eq($$SELECT * FROM lagrat$$,
    $$VALUES ('X', 'X1', 'INT', '2024-03..2024-03', 100.00, 'ERP'),
             ('X', 'X1', 'KOST', '2024-03..2024-03', -500.00, 'ERP'),
             ('X', 'X2', 'KOST', '2024-03..2024-03', -300.00, 'ERP'),
             ('Y', 'Y1', 'KOST', '2024-03..2024-03', -700.00, 'ERP')$$,
    'las_in_utfall: the stored outcome is the staged rows, the two X1/KOST lines summed (-400 - 100 = -500)');

INSERT INTO inlasning_utfall SELECT * FROM mars;
SELECT set_eq($$SELECT namnd, period, rader FROM las_in_utfall()$$,
    $$VALUES ('X', '2024-03..2024-03', 3::bigint), ('Y', '2024-03..2024-03', 1::bigint)$$,
    'las_in_utfall: the same March again returns the same counts');
SELECT results_eq($$SELECT * FROM lagrat$$,
    $$VALUES ('X', 'X1', 'INT', '2024-03..2024-03', 100.00, 'ERP'),
             ('X', 'X1', 'KOST', '2024-03..2024-03', -500.00, 'ERP'),
             ('X', 'X2', 'KOST', '2024-03..2024-03', -300.00, 'ERP'),
             ('Y', 'Y1', 'KOST', '2024-03..2024-03', -700.00, 'ERP')$$,
    'las_in_utfall: loading March twice stores it once (not doubled)');

INSERT INTO inlasning_utfall (namnd, enhet, rad, period, belopp, kalla) VALUES
    ('X', 'X1', 'INT', '2024-02', '90', 'ERP'), ('Y', 'Y1', 'KOST', '2024-02', '-650', 'ERP');
SELECT set_eq($$SELECT namnd, period, rader FROM las_in_utfall()$$,
    $$VALUES ('X', '2024-02..2024-02', 1::bigint), ('Y', '2024-02..2024-02', 1::bigint)$$,
    'las_in_utfall: February loads beside March');

-- A corrected March for X: new figures, and X2 is no longer in it.
INSERT INTO inlasning_utfall (namnd, enhet, rad, period, belopp, kalla) VALUES
    ('X', 'X1', 'INT', '2024-03', '150', 'ERP rättelse'), ('X', 'X1', 'KOST', '2024-03', '-550', 'ERP rättelse');
SELECT set_eq($$SELECT namnd, period, rader FROM las_in_utfall()$$,
    $$VALUES ('X', '2024-03..2024-03', 2::bigint)$$,
    'las_in_utfall: the corrected March of X returns 2 rows');
SELECT results_eq($$SELECT * FROM lagrat$$,
    $$VALUES ('X', 'X1', 'INT', '2024-02..2024-02', 90.00, 'ERP'),
             ('X', 'X1', 'INT', '2024-03..2024-03', 150.00, 'ERP rättelse'),
             ('X', 'X1', 'KOST', '2024-03..2024-03', -550.00, 'ERP rättelse'),
             ('Y', 'Y1', 'KOST', '2024-02..2024-02', -650.00, 'ERP'),
             ('Y', 'Y1', 'KOST', '2024-03..2024-03', -700.00, 'ERP')$$,
    'las_in_utfall: a reload replaces X''s March (X2 gone, new figures and source); X''s February and Y untouched');

-- Several periods in one load, a year-to-date figure among them.
INSERT INTO inlasning_utfall (namnd, enhet, rad, period, belopp) VALUES
    ('X', 'X1', 'INT', '2024-04', '80'), ('X', 'X2', 'KOST', '2024-04', '-250'),
    ('Y', 'Y1', 'KOST', '2024-04', '-600'), ('Y', 'Y1', 'KOST', 'jan-apr 2024', '-2650');
SELECT set_eq($$SELECT namnd, period, rader FROM las_in_utfall()$$,
    $$VALUES ('X', '2024-04..2024-04', 2::bigint), ('Y', '2024-01..2024-04', 1::bigint), ('Y', '2024-04..2024-04', 1::bigint)$$,
    'las_in_utfall: one load of April and a year-to-date jan-apr returns one count per committee and period');
SELECT results_eq($$SELECT period, belopp FROM lagrat WHERE namnd = 'Y'$$,
    $$VALUES ('2024-01..2024-04', -2650.00), ('2024-02..2024-02', -650.00), ('2024-03..2024-03', -700.00), ('2024-04..2024-04', -600.00)$$,
    'las_in_utfall: the year-to-date row is stored beside Y''s months, which it does not replace');

-- The ERP's session need not have the extension's schema in its search_path.
SET search_path = public;
INSERT INTO kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp) VALUES ('Y', 'Y1', 'KOST', '2024-04', '-610');
SELECT results_eq($$SELECT namnd, period, rader FROM kommunrapport.las_in_utfall()$$,
    $$VALUES ('Y', '2024-04..2024-04', 1::bigint)$$,
    'las_in_utfall works with search_path = public');
SET search_path = kommunrapport, public;
SELECT is((SELECT belopp FROM lagrat WHERE namnd = 'Y' AND period = '2024-04..2024-04'), -610.00,
    'las_in_utfall under search_path = public replaced Y''s April (-610)');

-- A closed month.
SELECT lives_ok($$SELECT stang_period('Y', 'jan-feb 2024')$$, 'stang_period: jan-feb closed for Y');
INSERT INTO inlasning_utfall (namnd, enhet, rad, period, belopp) VALUES ('Y', 'Y1', 'KOST', '2024-02', '-600');
SELECT throws_ok($$SELECT * FROM las_in_utfall()$$, '55000', 'period 2024-02..2024-02 is closed for committee "Y"',
    'las_in_utfall: a changed figure for a closed month is refused');
SELECT is((SELECT count(*) FROM inlasning_utfall), 1::bigint, 'las_in_utfall: a refused load leaves the staged rows in place');
SELECT is((SELECT belopp FROM lagrat WHERE namnd = 'Y' AND period = '2024-02..2024-02'), -650.00,
    'las_in_utfall: the closed month is unchanged (-650)');
DELETE FROM inlasning_utfall;
-- An ERP that re-sends the year so far: the closed February unchanged, plus May.
INSERT INTO inlasning_utfall (namnd, enhet, rad, period, belopp, kalla) VALUES
    ('Y', 'Y1', 'KOST', '2024-02', '-650', 'ERP'), ('Y', 'Y1', 'KOST', '2024-05', '-620', 'ERP');
SELECT set_eq($$SELECT namnd, period, rader FROM las_in_utfall()$$,
    $$VALUES ('Y', '2024-02..2024-02', 1::bigint), ('Y', '2024-05..2024-05', 1::bigint)$$,
    'las_in_utfall: re-sending a closed month unchanged is no change, and the open May loads');
SELECT results_eq($$SELECT period, belopp FROM lagrat WHERE namnd = 'Y' AND period IN ('2024-02..2024-02', '2024-05..2024-05')$$,
    $$VALUES ('2024-02..2024-02', -650.00), ('2024-05..2024-05', -620.00)$$,
    'las_in_utfall: February as it was, May stored');

-- Bad staged rows.
INSERT INTO inlasning_utfall (namnd, enhet, rad, period, belopp) VALUES ('X', 'X9', 'INT', '2024-05', '1');
SELECT throws_ok($$SELECT * FROM las_in_utfall()$$, '23503', NULL, 'las_in_utfall: an unknown unit is refused (foreign key, 23503)');
SELECT is((SELECT count(*) FROM inlasning_utfall), 1::bigint, 'las_in_utfall: ... and the staged row is kept for correction');
DELETE FROM inlasning_utfall;
SELECT is_empty($$SELECT * FROM las_in_utfall()$$, 'las_in_utfall with nothing staged loads nothing');
SELECT is((SELECT count(*) FROM utfall), 10::bigint, 'utfall: 10 rows after all the loads (X: 5, Y: 5 months + 1 year-to-date)');

-- Plain INSERT and COPY into utfall.
SELECT throws_ok($$INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('X', 'X1', 'INT', '2024-02', '1')$$,
    '23505', NULL, 'utfall: a plain INSERT of an existing key is a unique violation (23505)');
COPY utfall (namnd, enhet, rad, period, belopp, kalla) FROM stdin;
X	X1	INT	2024-06	95.00	COPY
X	X1	KOST	jan-jun 2024	-3000.50	COPY
\.
SELECT results_eq($$SELECT period::text, ar, kronor(belopp), kalla FROM utfall WHERE kalla = 'COPY' ORDER BY period$$,
    $$VALUES ('2024-01..2024-06', 2024, -3000.50, 'COPY'), ('2024-06..2024-06', 2024, 95.00, 'COPY')$$,
    'utfall: plain COPY works, month and year-to-date, and the year is derived');

-----------------------------------------------------------------------------
-- forecasts
-----------------------------------------------------------------------------
CREATE TEMP TABLE logg_mark (steg text PRIMARY KEY, id bigint);
CREATE TEMP VIEW prognoser AS
SELECT namnd, enhet, rad, omgang, kronor(belopp) AS belopp FROM prognos ORDER BY namnd, omgang, enhet, rad;
CREATE TEMP VIEW logg AS
SELECT l.id, l.tabell, l.operation, l.namnd,
       coalesce(l.efter, l.fore)->>'enhet' AS enhet, coalesce(l.efter, l.fore)->>'rad' AS rad,
       kronor((l.fore->>'belopp')::belopp) AS fore, kronor((l.efter->>'belopp')::belopp) AS efter
  FROM andringslogg l;

INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('X', 'X1', 'INT', 2024, 'APR', '1300'), ('X', 'X1', 'KOST', 2024, 'APR', '-6100'),
    ('X', 'X2', 'KOST', 2024, 'APR', '-3600'), ('Y', 'Y1', 'KOST', 2024, 'APR', '-8400'),
    ('X', 'X1', 'KOST', 2024, 'MAJ', '-6200');
SELECT set_eq($$SELECT namnd, ar, omgang, rader FROM las_in_prognos()$$,
    $$VALUES ('X', 2024, 'APR', 3::bigint), ('X', 2024, 'MAJ', 1::bigint), ('Y', 2024, 'APR', 1::bigint)$$,
    'las_in_prognos: returns the rows loaded per committee and round');
SELECT is_empty($$SELECT * FROM inlasning_prognos$$, 'las_in_prognos: the staging table is emptied');
SELECT results_eq($$SELECT * FROM prognoser$$,
    $$VALUES ('X', 'X1', 'INT', 'APR', 1300.00), ('X', 'X1', 'KOST', 'APR', -6100.00), ('X', 'X2', 'KOST', 'APR', -3600.00),
             ('X', 'X1', 'KOST', 'MAJ', -6200.00), ('Y', 'Y1', 'KOST', 'APR', -8400.00)$$,
    'las_in_prognos: the stored forecasts are the staged rows');

INSERT INTO logg_mark SELECT 'prognos igen', max(id) FROM andringslogg;
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('X', 'X1', 'INT', 2024, 'APR', '1300'), ('X', 'X1', 'KOST', 2024, 'APR', '-6100'),
    ('X', 'X2', 'KOST', 2024, 'APR', '-3600');
SELECT set_eq($$SELECT namnd, ar, omgang, rader FROM las_in_prognos()$$,
    $$VALUES ('X', 2024, 'APR', 3::bigint)$$, 'las_in_prognos: the same April round of X again returns 3');
SELECT results_eq($$SELECT * FROM prognoser$$,
    $$VALUES ('X', 'X1', 'INT', 'APR', 1300.00), ('X', 'X1', 'KOST', 'APR', -6100.00), ('X', 'X2', 'KOST', 'APR', -3600.00),
             ('X', 'X1', 'KOST', 'MAJ', -6200.00), ('Y', 'Y1', 'KOST', 'APR', -8400.00)$$,
    'las_in_prognos: loading the round twice stores it once');
SELECT is_empty($$SELECT * FROM logg WHERE id > (SELECT id FROM logg_mark WHERE steg = 'prognos igen')$$,
    'las_in_prognos: an unchanged reload writes nothing to the change log');

INSERT INTO logg_mark SELECT 'prognos rattad', max(id) FROM andringslogg;
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('X', 'X1', 'INT', 2024, 'APR', '1350'), ('X', 'X1', 'KOST', 2024, 'APR', '-6100');
SELECT set_eq($$SELECT namnd, ar, omgang, rader FROM las_in_prognos()$$,
    $$VALUES ('X', 2024, 'APR', 2::bigint)$$, 'las_in_prognos: a corrected April round of X returns 2');
SELECT results_eq($$SELECT * FROM prognoser$$,
    $$VALUES ('X', 'X1', 'INT', 'APR', 1350.00), ('X', 'X1', 'KOST', 'APR', -6100.00),
             ('X', 'X1', 'KOST', 'MAJ', -6200.00), ('Y', 'Y1', 'KOST', 'APR', -8400.00)$$,
    'las_in_prognos: the reload replaces X''s April round (X2 gone, X1/INT 1350); May and Y untouched');
SELECT set_eq($$SELECT tabell, operation, namnd, enhet, rad, fore, efter FROM logg
                 WHERE id > (SELECT id FROM logg_mark WHERE steg = 'prognos rattad')$$,
    $$VALUES ('prognos', 'UPDATE', 'X', 'X1', 'INT', 1300.00, 1350.00),
             ('prognos', 'DELETE', 'X', 'X2', 'KOST', -3600.00, NULL)$$,
    'las_in_prognos: the change log shows exactly what changed: X1/INT 1300 -> 1350 and X2/KOST removed');

SELECT lives_ok($$SELECT stang_period('Y', 'jan-apr 2024')$$, 'stang_period: jan-apr closed for Y');
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('Y', 'Y1', 'KOST', 2024, 'APR', '-8500');
SELECT throws_ok($$SELECT * FROM las_in_prognos()$$, '55000', 'period 2024-04..2024-04 is closed for committee "Y"',
    'las_in_prognos: a changed forecast of a round based on a closed month is refused');
SELECT is((SELECT count(*) FROM inlasning_prognos), 1::bigint, 'las_in_prognos: a refused load leaves the staged rows in place');
DELETE FROM inlasning_prognos;
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('Y', 'Y1', 'KOST', 2024, 'APR', '-8400');
SELECT set_eq($$SELECT namnd, ar, omgang, rader FROM las_in_prognos()$$,
    $$VALUES ('Y', 2024, 'APR', 1::bigint)$$, 'las_in_prognos: re-sending the closed round unchanged is no change');

SET search_path = public;
INSERT INTO kommunrapport.inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('X', 'X1', 'KOST', 2024, 'MAJ', '-6300');
SELECT results_eq($$SELECT namnd, ar, omgang, rader FROM kommunrapport.las_in_prognos()$$,
    $$VALUES ('X', 2024, 'MAJ', 1::bigint)$$, 'las_in_prognos works with search_path = public');
SET search_path = kommunrapport, public;
SELECT is((SELECT belopp FROM prognoser WHERE namnd = 'X' AND omgang = 'MAJ'), -6300.00, 'las_in_prognos: X''s May round is -6300');

-----------------------------------------------------------------------------
-- budget
-----------------------------------------------------------------------------
INSERT INTO logg_mark SELECT 'budget', coalesce(max(id), 0) FROM andringslogg;
SELECT lives_ok($$SELECT satt_budget('X', 'X1', 'INT', '2024', '2024-01-01', '1500', NULL, 'KF 2023-11-20')$$,
    'satt_budget: stores the 2024 budget of X1/INT');
SELECT lives_ok($$SELECT satt_budget('X', 'X1', 'INT', '2024', '2024-01-01', '1500', NULL, 'KF 2023-11-20')$$,
    'satt_budget: the same version again');
SELECT results_eq($$SELECT period::text, giltig_fran, kronor(belopp), beslut FROM budget WHERE namnd = 'X'$$,
    $$VALUES ('2024-01..2024-12', '2024-01-01'::date, 1500.00, 'KF 2023-11-20')$$,
    'satt_budget twice: one row');
SELECT set_eq($$SELECT operation, fore, efter FROM logg WHERE tabell = 'budget' AND id > (SELECT id FROM logg_mark WHERE steg = 'budget')$$,
    $$VALUES ('INSERT', NULL::numeric, 1500.00)$$,
    'satt_budget twice: the change log has the one INSERT (the unchanged second call is no change)');

UPDATE logg_mark SET id = (SELECT max(id) FROM andringslogg) WHERE steg = 'budget';
SELECT lives_ok($$SELECT satt_budget('X', 'X1', 'INT', '2024', '2024-01-01', '1600', NULL, 'KF 2023-11-20')$$,
    'satt_budget: the same version with a changed figure');
SELECT results_eq($$SELECT kronor(belopp) FROM budget WHERE namnd = 'X'$$, $$VALUES (1600.00)$$,
    'satt_budget: the changed figure replaces the old (still one row)');
SELECT set_eq($$SELECT operation, fore, efter FROM logg WHERE tabell = 'budget' AND id > (SELECT id FROM logg_mark WHERE steg = 'budget')$$,
    $$VALUES ('UPDATE', 1500.00, 1600.00)$$,
    'satt_budget: the change log shows the change 1500 -> 1600');

SELECT lives_ok($$SELECT satt_budget('X', 'X1', 'INT', '2024', '2024-05-01', '1700', NULL, 'KF 2024-04-25')$$,
    'satt_budget: a new version from 1 May');
SELECT results_eq($$SELECT giltig_fran, kronor(belopp) FROM budget WHERE namnd = 'X' ORDER BY giltig_fran$$,
    $$VALUES ('2024-01-01'::date, 1600.00), ('2024-05-01'::date, 1700.00)$$,
    'satt_budget: both versions are kept');
SELECT lives_ok($$SELECT satt_budget('X', 'X1', 'KOST', '2024', '2024-01-01', '-6000', ARRAY[2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]::numeric[])$$,
    'satt_budget: a budget with a 12-weight profile (one zero month)');
SELECT is((SELECT profil FROM budget WHERE namnd = 'X' AND rad = 'KOST'), ARRAY[2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]::numeric[],
    'satt_budget: the profile is stored');

-- profiles that are not 12 non-negative weights
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, profil) VALUES ('X', 'X2', 'KOST', '2024', '2024-01-01', '-100', ARRAY[1,1,1,1,1,1,1,1,1,1,1]::numeric[])$$,
    '22023', NULL, 'budget: a profile of 11 weights is refused on INSERT (22023)');
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, profil) VALUES ('X', 'X2', 'KOST', '2024', '2024-01-01', '-100', ARRAY[1,1,1,1,1,1,1,1,1,1,1,1,1]::numeric[])$$,
    '22023', NULL, 'budget: a profile of 13 weights is refused (22023)');
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, profil) VALUES ('X', 'X2', 'KOST', '2024', '2024-01-01', '-100', ARRAY[1,1,1,1,1,1,-1,1,1,1,1,1]::numeric[])$$,
    '22023', NULL, 'budget: a profile with a negative weight is refused (22023)');
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, profil) VALUES ('X', 'X2', 'KOST', '2024', '2024-01-01', '-100', ARRAY[0,0,0,0,0,0,0,0,0,0,0,0]::numeric[])$$,
    '22023', NULL, 'budget: a profile of only zeros is refused (22023)');
SELECT throws_ok($$INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, profil) VALUES ('X', 'X2', 'KOST', '2024', '2024-01-01', '-100', ARRAY[1,1,1,1,1,NULL,1,1,1,1,1,1]::numeric[])$$,
    '22023', NULL, 'budget: a profile with a NULL weight is refused (22023)');
SELECT throws_ok($$SELECT satt_budget('X', 'X2', 'KOST', '2024', '2024-01-01', '-100', ARRAY[1,1,1]::numeric[])$$,
    '22023', NULL, 'satt_budget: a profile of 3 weights is refused (22023)');
SELECT throws_ok($$UPDATE budget SET profil = ARRAY[1,2]::numeric[] WHERE namnd = 'X' AND rad = 'KOST'$$,
    '22023', NULL, 'budget: changing a profile to 2 weights is refused (22023)');

-- a closed period and a budget that is re-sent whole
SELECT lives_ok($$SELECT stang_period('X', 'jan-mar 2024')$$, 'stang_period: jan-mar closed for X');
SELECT lives_ok($$SELECT satt_budget('X', 'X1', 'INT', '2024', '2024-01-01', '1600', NULL, 'KF 2023-11-20')$$,
    'satt_budget: re-sending the 1 January version unchanged after the close is no change');
SELECT throws_ok($$SELECT satt_budget('X', 'X1', 'INT', '2024', '2024-01-01', '1650', NULL, 'KF 2023-11-20')$$,
    '55000', 'period 2024-01..2024-03 is closed for committee "X"',
    'satt_budget: changing the 1 January version after the close is refused');
SELECT lives_ok($$SELECT satt_budget('X', 'X1', 'INT', '2024', '2024-05-01', '1750', NULL, 'KF 2024-04-25')$$,
    'satt_budget: the 1 May version can still be changed');

SELECT * FROM finish();
ROLLBACK;
