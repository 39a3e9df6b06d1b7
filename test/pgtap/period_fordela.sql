-- The period type, spreading and summable rounding: input forms, errors, and
-- properties checked over many generated values against a second method.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(47);

-- input forms (expected canonical text typed from the form's meaning)
SELECT is(inp::period::text, want, 'period input ' || inp)
  FROM (VALUES ('2023-01..2023-05', '2023-01..2023-05'),
               ('2024-08',          '2024-08..2024-08'),
               ('jan-maj 2023',     '2023-01..2023-05'),
               ('januari–augusti 2024', '2024-01..2024-08'),
               ('jan.-maj 2023',    '2023-01..2023-05'),
               ('JAN - MAJ 2023',   '2023-01..2023-05'),
               ('T1 2024',          '2024-01..2024-04'),
               ('tertial 2 2024',   '2024-01..2024-08'),
               ('helår 2023',       '2023-01..2023-12'),
               ('HELÅR 2023',       '2023-01..2023-12'),
               ('2023',             '2023-01..2023-12'),
               ('sept 2022',        '2022-09..2022-09'),
               ('okt-dec 2022',     '2022-10..2022-12')) v(inp, want);
SELECT is(visa('jan-maj 2023'::period), 'jan–maj 2023', 'visa(period) uses the short month names and an en dash');
SELECT is(visa('2024-08'::period), 'aug 2024', 'visa of a single month');

SELECT throws_ok(format('SELECT %L::period', inp), '22P02', NULL, 'rejected: ' || inp)
  FROM (VALUES ('2023-11..2024-02'), ('maj-jan 2023'), ('2023-13'), ('jan-maj'),
               ('T4 2024'), ('feb 2023 x'), ('smörgås 2023'), ('')) v(inp);

SELECT is(ar('T2 2024'), 2024, 'ar()');
SELECT is(forsta_manad('maj-aug 2024'), 5, 'forsta_manad()');
SELECT is(sista_manad('maj-aug 2024'), 8, 'sista_manad()');
SELECT is(manader('maj-aug 2024'), 4, 'manader()');
SELECT is(ackumulerad('maj-aug 2024'), 'T2 2024'::period, 'ackumulerad(maj–aug) = jan–aug');
SELECT is(helar(2023), '2023'::period, 'helar(2023)');
SELECT ok('T2 2024'::period @> 'maj 2024'::period AND 'maj 2024'::period <@ 'T2 2024'::period
          AND NOT 'T1 2024'::period @> 'maj 2024'::period AND NOT '2023'::period @> 'maj 2024'::period,
          'contains / is contained in, within the same year only');
SELECT ok('2023'::period < 'jan 2024'::period AND 'jan 2024'::period < 'T1 2024'::period
          AND 'T1 2024'::period < 'feb 2024'::period, 'order: year, first month, last month');

-- fordela: the 12 parts sum exactly to the whole, each within one öre of its
-- exact share (a second method: the share computed in numeric).
CREATE TEMP TABLE gen AS
SELECT g, ((random() - 0.5) * 2e12)::bigint AS ore,
       CASE WHEN g % 3 = 0 THEN NULL
            ELSE ARRAY(SELECT (random() * 1000)::int::numeric FROM generate_series(1, 12) WHERE g > 0) END AS profil
  FROM generate_series(1, 1500) g;
UPDATE gen SET profil = '{1,1,1,1,1,1,1,1,1,1,1,2}' WHERE profil IS NOT NULL AND
       (SELECT sum(x) FROM unnest(profil) x) = 0;
SELECT is(count(*), 0::bigint, 'fordela: parts sum exactly to the whole over 1 500 generated amounts and profiles')
  FROM gen WHERE (SELECT sum(belopp) FROM fordela((ore::numeric / 100)::belopp, profil)) <> (ore::numeric / 100)::belopp;
SELECT is(count(*), 0::bigint, 'fordela: every part lies within one öre of its exact share')
  FROM gen, fordela((ore::numeric / 100)::belopp, profil) f
 WHERE abs(kronor(f.belopp) * 100
           - ore * coalesce(profil[f.manad], 1) / (SELECT coalesce(sum(x), 12) FROM unnest(profil) x)) >= 1;
SELECT is(count(*), 0::bigint, 'periodisera: Jan–Apr + May–Aug = Jan–Aug, and the four tertial-like pieces make the year')
  FROM gen
 WHERE periodisera((ore::numeric / 100)::belopp, 'jan-apr 2024', profil)
     + periodisera((ore::numeric / 100)::belopp, 'maj-aug 2024', profil)
    <> periodisera((ore::numeric / 100)::belopp, 'jan-aug 2024', profil)
    OR periodisera((ore::numeric / 100)::belopp, 'jan-aug 2024', profil)
     + periodisera((ore::numeric / 100)::belopp, 'sep-dec 2024', profil)
    <> (ore::numeric / 100)::belopp;
SELECT is(count(*), 0::bigint, 'fordela is symmetric: spreading −x gives the negated parts of x')
  FROM gen, fordela((ore::numeric / 100)::belopp, profil) a
  JOIN fordela((-ore::numeric / 100)::belopp, profil) b USING (manad)
 WHERE a.belopp <> -b.belopp;
SELECT results_eq($$SELECT manad, kronor(belopp) FROM fordela('0.05')$$,
                  $$VALUES (1, 0.01), (2, 0.01), (3, 0.01), (4, 0.01), (5, 0.01), (6, 0.00),
                           (7, 0.00), (8, 0.00), (9, 0.00), (10, 0.00), (11, 0.00), (12, 0.00)$$,
                  'five öre over twelve months: ties go to the earlier months');
SELECT is((SELECT belopp FROM fordela('100', profil_dagar(2024)) WHERE manad = 2),
          '7.92'::belopp, 'days profile 2024: February gets 29/366 of 100 kr = 7,92');
SELECT is(ARRAY[(profil_dagar(2023))[2], (profil_dagar(2000))[2], (profil_dagar(1900))[2]], ARRAY[28, 29, 28]::numeric[],
          'profil_dagar: 2023 and 1900 are not leap years, 2000 is');
SELECT is(profil_fran_utfall(m, (m * 10)::belopp), ARRAY[10,20,30,40,50,60,70,80,90,100,110,120]::numeric[],
          'profil_fran_utfall sums outcome per month')
  FROM generate_series(1, 12) m;
SELECT is((SELECT profil_fran_utfall(m % 12 + 1, (-100)::belopp) FROM generate_series(1, 24) m),
          array_fill(200::numeric, ARRAY[12]), 'profil_fran_utfall: negative outcome gives the magnitude');
SELECT throws_ok($$SELECT * FROM fordela('100', '{1,2,3}')$$, '22023', NULL, 'a profile needs 12 weights');
SELECT throws_ok($$SELECT * FROM fordela('100', array_fill(0::numeric, ARRAY[12]))$$, '22023', NULL,
                 'a profile needs a positive weight');
SELECT throws_ok($$SELECT * FROM fordela('100', '{1,1,1,1,1,1,1,1,1,1,1,-1}')$$, '22023', NULL,
                 'a profile weight may not be negative');
SELECT throws_ok($$SELECT trendprognos('100', 'jan 2024', '{0,1,1,1,1,1,1,1,1,1,1,1}')$$, '22012', NULL,
                 'a run-rate over a period the profile gives no weight');

-- avrunda_summerbar: the rounded rows add up to the rounded total, each row
-- within one unit of its exact value, over generated partitions.
CREATE TEMP TABLE rows_ AS
SELECT g % 40 AS part, g AS nr, ((random() - 0.5) * 2e9)::bigint AS ore FROM generate_series(1, 4000) g;
CREATE TEMP TABLE rounded AS
SELECT part, nr, ore, avrunda_summerbar((ore::numeric / 100)::belopp, 'tkr', 0) OVER (PARTITION BY part ORDER BY nr) AS r
  FROM rows_;
SELECT is(count(*), 0::bigint, 'summable rounding: every partition''s rounded rows sum to its rounded total')
  FROM (SELECT part, sum(r) AS s, round(sum(ore) / 100000.0) AS t FROM rounded GROUP BY part) x WHERE s <> t;
SELECT is(count(*), 0::bigint, 'summable rounding: no row moves by a unit or more from its exact value')
  FROM rounded WHERE abs(r - ore / 100000.0) >= 1;
SELECT is(array_agg(r ORDER BY nr), ARRAY[1, 1, 1, 0, 0]::numeric[],
          'five rows of 0,6 tkr: the total 3,0 tkr prints as 1 1 1 0 0, earlier rows first among equals')
  FROM (SELECT nr, avrunda_summerbar('600'::belopp, 'tkr', 0) OVER (ORDER BY nr) AS r
          FROM generate_series(1, 5) nr) x;

SELECT * FROM finish();
ROLLBACK;
