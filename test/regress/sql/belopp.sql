--
-- belopp: how amounts read, print and fail, as a controller sees them
--
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;

-- the forms the seed reports print, and their canonical output
SELECT inp, inp::belopp AS belopp
  FROM (VALUES ('1 634'), ('−27,6 mnkr'), ('2 384 841 tkr'), ('11,3 mnkr'), ('(5 943)'),
               ('1634.50'), ('–0,9'), ('+-0'), ('±0'), ('-5 943'), ('1 441 066 tkr'),
               ('0,0 Mkr'), ('2,5 MDKR'), ('12 sek'), (E'1\u00a0634'), (E'1\u2009634'),
               (E'1\u202f634'), ('(5 943) tkr'), ('1,50000'), ('007')) v(inp);

-- Swedish presentation
SELECT visa('-1074000000', 'mnkr', 1) AS mnkr_1,
       visa('656 512 345', 'mnkr', 0) AS mnkr_0,
       visa('-0.40', 'kr', 0) AS no_minus_zero,
       visa('1 234 567.89'::belopp) AS exact_kr,
       visa('1 234 567.80', 'tkr') AS exact_tkr,
       visa('2.5', 'kr', 0) AS half_up,
       visa('-2.5', 'kr', 0) AS half_down;
SELECT avrunda('656 512 345', 'mnkr') AS mnkr, avrunda('-1 500', 'tkr') AS tkr_half,
       avrunda('1 234 567.89', 'tkr', 1) AS tkr_1, avrunda('1.25', 'kr', 4) AS more_decimals;

-- errors: SQLSTATE, message and detail
CREATE FUNCTION pg_temp.fel(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ' ' || msg || ' | ' || det;
END $$;
SELECT inp, pg_temp.fel(format('SELECT %L::belopp', inp)) AS error
  FROM (VALUES ('12 34'), ('1234 567'), ('1,5,0'), ('1.5.0'), ('0,001'), ('1,2345 tkr'),
               ('5 öre'), ('5 usd'), ('(-5)'), ('(5'), ('5)'), ('+-5'), (''), ('abc'),
               ('5 kr 3'), ('1,5 000'), (',5'), ('92233720368547758.08'),
               ('-92233720368547758.09'), ('100000000 mdkr'), ('1.500'), ('1,500')) v(inp);
SELECT pg_temp.fel($$SELECT visa('1', 'usd')$$) AS bad_unit,
       pg_temp.fel($$SELECT visa('1', 'kr', -1)$$) AS bad_decimals,
       pg_temp.fel($$SELECT 1.005::belopp$$) AS numeric_fraction,
       pg_temp.fel($$SELECT 'NaN'::numeric::belopp$$) AS nan,
       pg_temp.fel($$SELECT '92233720368547758.07'::belopp + '0.01'::belopp$$) AS overflow,
       pg_temp.fel($$SELECT '1'::belopp / 0$$) AS div_zero;

-- the limits round-trip
SELECT '92233720368547758.07'::belopp AS max, '-92233720368547758.08'::belopp AS min,
       '-92233720368547758.08'::belopp::text::belopp = '-92233720368547758.08'::belopp AS round_trip;

-- numeric's own text never looks like a thousands separator: 1.500 is 1,50 kr
SELECT 1.500::belopp AS from_numeric, 1.5::numeric(10,3)::belopp AS typmod, '1.50'::belopp AS two_decimals;
