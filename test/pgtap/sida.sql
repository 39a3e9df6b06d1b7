BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(30);

-- A page of a made-up municipality's interim report, typed for this test:
-- a title, a sentence, a table under a one-line header (glued years, unit in
-- parentheses, minus as a dash set apart), a sentence that ends it, and a
-- second table under a header printed one heading to a line.  Every figure
-- was chosen by hand so that the columns add up: table 1 deviation = budget
-- - outcome (13 000 - 12 400 = 600, 250 000 - 254 100 = -4 100, 197 500 -
-- 198 250 = -750, and the sums 464 750, 460 500, -4 250), table 2 deviation
-- = budget - forecast (45,0 - 47,5 = -2,5; 12,3 - 11,0 = 1,3; 57,3 - 58,5 =
-- -1,2).  Lines are numbered in the comments of the checks.
CREATE TEMP TABLE sida AS SELECT $p$Exempelby kommun, delårsrapport augusti 2026

Nämndernas driftredovisning visar ett underskott mot budget för året.

(tkr) Utfall2026 Budget2026 Avvikelse
Kommunstyrelsen 12 400 13 000 600
Barn- och utbildningsnämnden 254 100 250 000 – 4 100
Socialnämnden 198 250 197 500 – 750
Summa 464 750 460 500 – 4 250

Avvikelsen förklaras främst av ökade kostnader för placeringar inom socialtjänsten.

Investeringar
mnkr

Budget
2026

Prognos
2026

Avvikelse

Ny förskola 45,0 47,5 -2,5
Gator och vägar 12,3 11,0 1,3
Summa 57,3 58,5 -1,2$p$::text AS t;

-- tabell_rubrik: the header lines of the page and of the seeds
SELECT is((SELECT format('%s|%s|%s|%s', rubriker, coalesce(etikett, '-'), enhet, bara_ar)
             FROM tabell_rubrik('(tkr) Utfall2026 Budget2026 Avvikelse')),
          '{"Utfall 2026","Budget 2026",Avvikelse}|-|tkr|f',
          'tabell_rubrik: glued years cut off, the unit in parentheses');
SELECT is((SELECT format('%s|%s|%s', rubriker, etikett, enhet)
             FROM tabell_rubrik('Belopp i tkr Budget 2024 Prognos helår ')),
          '{"Budget 2024","Prognos helår"}|Belopp i|tkr',
          'tabell_rubrik: the heading over the labels (seed 003)');
SELECT is((SELECT bara_ar FROM tabell_rubrik('2022 2023 2022 2023')), true,
          'tabell_rubrik: a line of years only');
SELECT is((SELECT count(*) FROM tabell_rubrik('Socialnämnden 198 250 197 500 – 750')), 0::bigint,
          'tabell_rubrik: a row is no header');
SELECT is((SELECT count(*) FROM tabell_rubrik('Nämndernas driftredovisning visar ett underskott mot budget för året.')),
          0::bigint, 'tabell_rubrik: a sentence is no header');
SELECT is((SELECT count(*) FROM tabell_rubrik(NULL)), 0::bigint, 'tabell_rubrik: NULL gives no row');
SELECT throws_ok($$SELECT * FROM tabell_rubrik(E'Budget 2023\nUtfall 2023')$$, '22023', NULL,
                 'tabell_rubrik: two lines are 22023');
SELECT throws_ok($$SELECT * FROM tabell_rubrik('Budget ' || repeat('x', 8200))$$, '54000', NULL,
                 'tabell_rubrik: a line over 8192 bytes is 54000');

-- hitta_tabell: two tables, found by their headers
SELECT is((SELECT count(*) FROM hitta_tabell((SELECT t FROM sida))), 2::bigint, 'hitta_tabell: two tables');
SELECT is((SELECT format('%s|%s-%s|%s|%s', rubrikrader, forsta_rad, sista_rad, kolumner, kolumner_enligt)
             FROM hitta_tabell((SELECT t FROM sida)) WHERE tabell = 1),
          '{5}|6-9|3|rubrik', 'hitta_tabell: table 1 under its header on line 5, rows on lines 6 to 9 (the sentence on line 11 ends it), 3 columns by the header');
SELECT is((SELECT format('%s|%s|%s', rubriker, coalesce(etikett, '-'), enhet) FROM hitta_tabell((SELECT t FROM sida)) WHERE tabell = 1),
          '{"Utfall 2026","Budget 2026",Avvikelse}|-|tkr', 'hitta_tabell: table 1 headings and unit');
SELECT is((SELECT samband FROM hitta_tabell((SELECT t FROM sida)) WHERE tabell = 1), ARRAY['3 = 2 - 1'],
          'hitta_tabell: table 1 relation, deviation = budget - outcome');
SELECT is((SELECT format('%s/%s', avgjorda, rader) FROM hitta_tabell((SELECT t FROM sida)) WHERE tabell = 1),
          '4/4', 'hitta_tabell: table 1 all four rows settled');
SELECT is((SELECT format('%s|%s-%s|%s|%s', rubrikrader, forsta_rad, sista_rad, kolumner, kolumner_enligt)
             FROM hitta_tabell((SELECT t FROM sida)) WHERE tabell = 2),
          '{13,14,15,16,17,18,19,20,21,22}|24-26|3|rubrik',
          'hitta_tabell: table 2 under a header of lines 13 to 22, one heading to a line');
SELECT is((SELECT format('%s|%s|%s', rubriker, etikett, enhet) FROM hitta_tabell((SELECT t FROM sida)) WHERE tabell = 2),
          '{"Budget 2026","Prognos 2026",Avvikelse}|Investeringar|mnkr', 'hitta_tabell: table 2 headings, label heading and unit');
SELECT is((SELECT samband FROM hitta_tabell((SELECT t FROM sida)) WHERE tabell = 2), ARRAY['3 = 1 - 2'],
          'hitta_tabell: table 2 relation, deviation = budget - forecast');
-- without a header the rows alone decide (figures in mnkr with decimals, so
-- that each row splits in one way: 13,0 - 12,4 = 0,6; 197,5 - 198,3 = -0,8;
-- the sums 210,7, 210,5 and -0,2)
SELECT is((SELECT format('%s|%s|%s|%s', coalesce(rubrikrader::text, '-'), forsta_rad, kolumner, kolumner_enligt)
             FROM hitta_tabell(E'Kommunstyrelsen 12,4 13,0 0,6\nSocialnämnden 198,3 197,5 – 0,8\nSumma 210,7 210,5 – 0,2')),
          '-|1|3|rader', 'hitta_tabell: a page without a header is one table, its columns guessed from the rows');
SELECT is((SELECT count(*) FROM hitta_tabell('Ingen tabell här, bara text.')), 0::bigint,
          'hitta_tabell: text without figures holds no table');
SELECT is((SELECT count(*) FROM hitta_tabell('')), 0::bigint, 'hitta_tabell: an empty page holds no table');
SELECT throws_ok($$SELECT * FROM hitta_tabell('x 1', -1)$$, '22023', NULL, 'hitta_tabell: a negative tolerance is 22023');

-- las_sida: the rows of both tables, figures and amounts by the unit found
SELECT is((SELECT count(*) FROM las_sida((SELECT t FROM sida))), 7::bigint, 'las_sida: seven rows');
SELECT is((SELECT count(*) FROM las_sida((SELECT t FROM sida)) WHERE entydig AND NOT ofullstandig), 7::bigint,
          'las_sida: every row read in one way');
SELECT is((SELECT format('%s|%s|%s', tabell, rad, varden) FROM las_sida((SELECT t FROM sida))
            WHERE benamning = 'Barn- och utbildningsnämnden'),
          '1|7|{254100,250000,-4100}', 'las_sida: a row of table 1, the dash read as a minus');
SELECT is((SELECT belopp[3] FROM las_sida((SELECT t FROM sida)) WHERE benamning = 'Barn- och utbildningsnämnden'),
          '-4100000'::belopp, 'las_sida: belopp in kronor, by the unit tkr the header names');
SELECT is((SELECT format('%s|%s|%s', tabell, rad, varden) FROM las_sida((SELECT t FROM sida))
            WHERE benamning = 'Gator och vägar'),
          '2|25|{12.3,11.0,1.3}', 'las_sida: a row of table 2');
SELECT is((SELECT belopp[1] FROM las_sida((SELECT t FROM sida)) WHERE benamning = 'Gator och vägar'),
          '12300000'::belopp, 'las_sida: belopp in kronor, by the unit mnkr above the header');
SELECT is((SELECT array_agg(rad ORDER BY tabell, rad) FROM las_sida((SELECT t FROM sida))),
          ARRAY[6, 7, 8, 9, 24, 25, 26], 'las_sida: rows numbered by the lines of the page');

-- prova_kolumner and gissa_kolumner over the same block
SELECT is((SELECT array_agg(format('%s:%s/%s', kolumner, avgjorda, rader) ORDER BY kolumner)
             FROM prova_kolumner(E'Ny förskola 45,0 47,5 -2,5\nGator och vägar 12,3 11,0 1,3\nSumma 57,3 58,5 -1,2',
                                 '{2,3,3,NULL,4}')),
          ARRAY['2:0/3', '3:3/3', '4:0/0'],
          'prova_kolumner: each count once, NULL ignored; three figures a row: with 2 columns not incomplete but settled by no split, with 4 incomplete');
SELECT is((SELECT kolumner FROM gissa_kolumner(E'Ny förskola 45,0 47,5 -2,5\nGator och vägar 12,3 11,0 1,3\nSumma 57,3 58,5 -1,2') LIMIT 1),
          3, 'gissa_kolumner: 3 columns');
SELECT throws_ok($$SELECT * FROM prova_kolumner('x 1', '{65}')$$, '22023', NULL, 'prova_kolumner: 65 columns is 22023');

SELECT * FROM finish();
ROLLBACK;
