--
-- period, spreading and deviation, with the seed reports' figures
--
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;

SELECT inp, inp::period AS period, visa(inp::period) AS visa, manader(inp::period) AS months
  FROM (VALUES ('jan.-maj 2023'), ('januari–augusti 2024'), ('T1 2024'), ('tertial 2 2024'),
               ('helår 2023'), ('2024-08'), ('2023')) v(inp);

CREATE FUNCTION pg_temp.fel(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ' ' || msg || ' | ' || det;
END $$;
SELECT inp, pg_temp.fel(format('SELECT %L::period', inp)) AS error
  FROM (VALUES ('2023-11..2024-02'), ('maj-jan 2023'), ('2023-13'), ('jan-maj'), ('T4 2024'),
               ('smörgås 2023'), ('jan 2023-maj 2023'), ('0999')) v(inp);

-- 003: kommunbidrag 966 333 tkr spread linearly; Jan–Aug is 644 222 tkr
SELECT manad, visa(belopp, 'tkr', 3) AS tkr FROM fordela('966 333 tkr');
SELECT visa(periodisera('966 333 tkr', 'jan-aug 2024'), 'tkr') AS jan_aug;

-- 000: Driftsammandrag, net cost positive (tecken 'kostnad'), mnkr
SELECT verksamhet, utfall, budget, avvikelse(utfall, budget, 'kostnad') AS recomputed, publicerad
  FROM (VALUES ('509 Hemtjänst', 187, 187, 0), ('510 Vård och omsorg om äldre', 55, 61, 5),
               ('511 Vårdboende', 350, 362, 12), ('512 Hemsjukvård', 46, 46, -1),
               ('Summa nettokostnader', 657, 674, 16)) v(verksamhet, utfall, budget, publicerad);

-- a column that adds up after summable rounding (kr to tkr)
SELECT rad, visa(b, 'tkr', 3) AS exact, avrunda(b, 'tkr') AS plain,
       avrunda_summerbar(b, 'tkr', 0) OVER (ORDER BY rad) AS summable
  FROM (VALUES (1, '1 400'::belopp), (2, '1 400'), (3, '1 400'), (4, '800')) v(rad, b);
