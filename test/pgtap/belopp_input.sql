-- belopp: text input forms and their errors, canonical output, visa(),
-- casts from and to numbers, and text and binary round trips.
-- Expected values are the meaning of the input in kronor, worked out by hand.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(138);

-- The DETAIL of the error a statement raises (NULL when it raises none).
CREATE FUNCTION pg_temp.error_detail(sql text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE sql;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN detail;
END
$$;

-- input forms --------------------------------------------------------------

SELECT is(inp::belopp::text, want, format('input %s reads as %s kr', inp, want))
  FROM (VALUES ('1 634',                             '1634.00'),
               ('1634',                              '1634.00'),
               ('1634.50',                           '1634.50'),
               ('1634,50',                           '1634.50'),
               ('1634,5',                            '1634.50'),
               ('1 634,500',                         '1634.50'),
               ('0,01',                              '0.01'),
               (U&'\221227,6 mnkr',                  '-27600000.00'),
               ('2 384 841 tkr',                     '2384841000.00'),
               ('11,3 mnkr',                         '11300000.00'),
               ('(5 943)',                           '-5943.00'),
               ('(5 943) tkr',                       '-5943000.00'),
               ('(5 943 tkr)',                       '-5943000.00'),
               (U&'\20130,9',                        '-0.90'),
               ('-5943',                             '-5943.00'),
               ('+5943',                             '5943.00'),
               ('- 5 943',                           '-5943.00'),
               ('-0',                                '0.00'),
               ('+-0',                               '0.00'),
               (U&'\00B10',                          '0.00'),
               (U&'1\00A0634',                       '1634.00'),
               (U&'1\2009634',                       '1634.00'),
               (U&'1\202F634',                       '1634.00'),
               (U&'2\202F384\202F841\00A0tkr',       '2384841000.00'),
               ('  7  ',                             '7.00'),
               ('1 634 kr',                          '1634.00'),
               ('1 634 SEK',                         '1634.00'),
               ('1,5 TKR',                           '1500.00'),
               ('1,2345 tkr',                        '1234.50'),
               ('1 634 mkr',                         '1634000000.00'),
               ('1 634 Mkr',                         '1634000000.00'),
               ('-27,6 MNKR',                        '-27600000.00'),
               ('2 MdKr',                            '2000000000.00'),
               ('0,00000000001 mdkr',                '0.01'),
               ('92233720368547758.07',              '92233720368547758.07'),
               ('-92 233 720 368 547 758,08',        '-92233720368547758.08'),
               ('(92 233 720 368 547 758,08)',       '-92233720368547758.08'),
               ('92233720,36854775807 mdkr',         '92233720368547758.07')) v(inp, want);

-- syntax errors: 22P02, and the message quotes the input ----------------------

SELECT throws_ok(format('SELECT %L::belopp', inp), '22P02',
                 format('invalid input syntax for type belopp: "%s"', inp),
                 format('%s is rejected: %s', inp, why))
  FROM (VALUES ('1 63',           'a group of two digits'),
               ('1 6345',         'a group of four digits'),
               ('1234 567',       'a first group of four digits before a separator'),
               ('1,234.56',       'two decimal separators'),
               ('1.234,56',       'two decimal separators'),
               ('0,001',          'a fraction of an öre'),
               ('1 634,505',      'half an öre is not rounded'),
               ('1,234567 tkr',   'a fraction of an öre in tkr'),
               ('5 kronor',       'an unknown unit'),
               ('5 usd',          'an unknown unit'),
               ('(-5 943)',       'a sign inside parentheses'),
               ('(5 943',         'an unclosed parenthesis'),
               ('5 943)',         'a closing parenthesis without an opening one'),
               ('+-5',            '+- before a non-zero amount'),
               ('',               'empty text'),
               ('   ',            'only spaces'),
               ('5 943 kr x',     'trailing junk'),
               ('1e5',            'exponent notation'),
               ('NaN',            'not a number'),
               ('1634,',          'a decimal separator without digits')) v(inp, why);

-- the detail says what is wrong
SELECT ok(pg_temp.error_detail(format('SELECT %L::belopp', inp)) ~* pattern,
          format('the error for %s explains: %s', inp, pattern))
  FROM (VALUES ('1 63',        'group'),
               ('1234 567',    'group'),
               ('1,234.56',    'two decimal separators'),
               ('0,001',       'öre'),
               ('5 kronor',    'unit'),
               ('(-5)',        'parenthes'),
               ('(5 943',      'parenthes')) v(inp, pattern);

-- out of range: 22003 ----------------------------------------------------------

SELECT throws_ok(format('SELECT %L::belopp', inp), '22003', NULL, format('%s is out of range', inp))
  FROM (VALUES ('92233720368547758.08'),
               ('-92233720368547758.09'),
               ('92233720,36854775808 mdkr'),
               ('92 233 721 mdkr'),
               ('100 000 000 mdkr'),
               ('99999999999999999999999999999999999999')) v(inp);

-- canonical output ---------------------------------------------------------------

SELECT is('(5 943)'::belopp::text, '-5943.00', 'output is canonical: -5943.00');
SELECT is('0,9 tkr'::belopp::text, '900.00', 'output always has two decimals and no grouping');
SELECT is('1 634,5'::belopp::text, '1634.50', 'input with a decimal comma is output with a decimal point');

-- visa() -----------------------------------------------------------------------------

SELECT is(visa('-1074000000', 'mnkr', 1), '-1 074,0', 'visa -1 074 000 000 kr in mnkr with one decimal');
SELECT is(visa('(5 943)'::belopp), '-5 943', 'visa defaults to kr and exact decimals');
SELECT is(visa('1634.50'::belopp), '1 634,50', 'visa shows öre with a decimal comma');
SELECT is(visa('1634.10'::belopp), '1 634,10', 'visa of kronor and ten öre shows two decimals');
SELECT is(visa('1634', 'tkr'), '1,634', 'visa in tkr, exact');
SELECT is(visa('1634', 'TKR', 2), '1,63', 'visa with a unit in capitals');
SELECT is(visa('2 384 841 tkr', 'tkr', 0), '2 384 841', 'visa groups by threes with a space');
SELECT is(visa('656 512 345', 'mnkr', 0), '657', 'visa rounds 656,512345 mnkr to 657');
SELECT is(visa('-656 512 345', 'mnkr', 0), '-657', 'visa rounds -656,512345 mnkr to -657');
SELECT is(visa('2,5 tkr', 'tkr', 0), '3', 'visa rounds 2,5 half away from zero to 3');
SELECT is(visa('-2,5 tkr', 'tkr', 0), '-3', 'visa rounds -2,5 half away from zero to -3');
SELECT is(visa('0.05', 'kr', 1), '0,1', 'visa rounds 0,05 to 0,1');
SELECT is(visa('-0.05', 'kr', 1), '-0,1', 'visa rounds -0,05 to -0,1');
SELECT is(visa('-0.04', 'kr', 1), '0,0', 'visa never shows -0');
SELECT is(visa('1634', 'Mkr', 3), '0,002', 'visa in Mkr rounds 0,001634 to 0,002');
SELECT is(visa('7', 'kr', 3), '7,000', 'visa pads with zeros beyond the öre');
SELECT is(visa('-92233720368547758.08'::belopp), '-92 233 720 368 547 758,08', 'visa of the smallest belopp');
SELECT is(visa(NULL::belopp), NULL, 'visa of NULL is NULL');
SELECT throws_ok($$SELECT visa('1', 'usd')$$, '22023', NULL, 'visa with an unknown unit is 22023');
SELECT throws_ok($$SELECT visa('1', 'kr', -1)$$, '22023', NULL, 'visa with negative decimals is 22023');
SELECT throws_ok($$SELECT visa('1', 'kr', 1000)$$, '22023', NULL, 'visa with a thousand decimals is 22023');

-- avrunda(): the amount in a unit, rounded half away from zero, as numeric
SELECT is(avrunda('656 512 345', 'mnkr', 0), 657::numeric, 'avrunda 656 512 345 kr to whole mnkr is 657');
SELECT is(avrunda('-2,5 tkr', 'tkr', 0), -3::numeric, 'avrunda -2,5 tkr to whole tkr is -3');
SELECT is(avrunda('1634.50'), 2::numeric, 'avrunda defaults to whole tkr');
SELECT is(avrunda('1', 'kr', 4), 1.0000, 'avrunda with more decimals than öre is exact');
SELECT is(avrunda('-0.04', 'kr', 1), 0::numeric, 'avrunda -0,04 kr to one decimal is 0');

-- casts ---------------------------------------------------------------------------------

SELECT is(1634.5::belopp::text, '1634.50', 'numeric 1634.5 casts to 1634.50');
SELECT is((-0.01)::belopp::text, '-0.01', 'numeric -0.01 casts to -0.01');
SELECT is(12.300000::belopp::text, '12.30', 'trailing zeros beyond the öre are exact');
SELECT is(92233720368547758.07::belopp::text, '92233720368547758.07', 'the largest numeric that fits');
SELECT is((-92233720368547758.08)::belopp::text, '-92233720368547758.08', 'the smallest numeric that fits');
SELECT throws_ok('SELECT 0.001::belopp', '22P02', NULL, 'numeric with a fraction of an öre is 22P02');
SELECT throws_ok('SELECT 1634.505::belopp', '22P02', NULL, 'numeric 1634.505 is not rounded but rejected');
SELECT throws_ok('SELECT 92233720368547758.08::belopp', '22003', NULL, 'numeric one öre above the range is 22003');
SELECT throws_ok('SELECT (-92233720368547758.09)::belopp', '22003', NULL, 'numeric one öre below the range is 22003');
SELECT throws_ok('SELECT 1e30::belopp', '22003', NULL, 'numeric 1e30 is 22003');
SELECT throws_ok($$SELECT 'NaN'::numeric::belopp$$, NULL, NULL, 'numeric NaN is an error');
SELECT is(1634::belopp::text, '1634.00', 'integer is whole kronor');
SELECT is((-5)::belopp::text, '-5.00', 'negative integer');
SELECT is(2147483647::belopp::text, '2147483647.00', 'the largest integer fits');
SELECT is(92233720368547758::bigint::belopp::text, '92233720368547758.00', 'the largest bigint of kronor that fits');
SELECT is((-92233720368547758)::bigint::belopp::text, '-92233720368547758.00', 'the smallest bigint of kronor that fits');
SELECT throws_ok('SELECT 92233720368547759::bigint::belopp', '22003', NULL, 'bigint kronor beyond the range is 22003');
SELECT throws_ok('SELECT (-92233720368547759)::bigint::belopp', '22003', NULL, 'bigint kronor below the range is 22003');
SELECT is('1634.5'::belopp::numeric, 1634.50, 'belopp casts to numeric kronor');
SELECT is('7'::belopp::numeric::text, '7.00', 'belopp as numeric has two decimals');
SELECT is('-92233720368547758.08'::belopp::numeric, -92233720368547758.08, 'the smallest belopp as numeric');
SELECT is('1 634 kr'::text::belopp::text, '1634.00', 'text casts to belopp through the input function');

-- text round trip over many generated values ---------------------------------------------

CREATE TEMP TABLE generated (v belopp);
DO $$ BEGIN PERFORM setseed(0.20240101); END $$;  -- the same values every run
INSERT INTO generated
SELECT round(((random() * 2 - 1) * 10 ^ (random() * 16.96))::numeric, 2)::belopp
  FROM generate_series(1, 100000);
INSERT INTO generated VALUES ('92233720368547758.07'), ('-92233720368547758.08'), ('0'), ('0.01'), ('-0.01');

SELECT ok(count(*) = 100005 AND max(abs(v::numeric)) > 1e15 AND min(abs(v::numeric)) < 1
           AND count(*) FILTER (WHERE v < '0') BETWEEN 40000 AND 60000,
          'the generated values span both signs and seventeen orders of magnitude')
  FROM generated;
SELECT is(count(*), 0::bigint, 'text output then input gives the same value for 100 005 values')
  FROM generated WHERE (v::text)::belopp <> v;
SELECT is(count(*), 0::bigint, 'numeric cast and back gives the same value for 100 005 values')
  FROM generated WHERE (v::numeric)::belopp <> v;
SELECT is((SELECT count(*) FROM generated WHERE (visa(v, u) || ' ' || u)::belopp <> v), 0::bigint,
          format('exact visa in %s with the unit appended reads back the same value, for 100 005 values', u))
  FROM (VALUES ('kr'), ('tkr'), ('mnkr'), ('mdkr')) units(u);

-- binary round trip: COPY ... (FORMAT binary) out and back in -----------------------------

SELECT is(belopp_send('1634'), '\x0000000000027e48'::bytea, 'the binary form is a big-endian int64 count of öre (163400)');
SELECT is(belopp_send('-0.01'), int8send(-1), 'the binary form of -0.01 is int64 -1');

CREATE TEMP TABLE copied (v belopp);
CREATE TEMP TABLE as_int4 (i integer);
CREATE TEMP TABLE as_int8 (i bigint);
CREATE TEMP TABLE as_text (t text);
INSERT INTO as_int4 VALUES (1);
INSERT INTO as_int8 VALUES (163400), (-9223372036854775808);
INSERT INTO as_text VALUES ('123456789');
DO $$
DECLARE
    f text := '/tmp/kommunrapport_belopp_input_' || pg_backend_pid();
BEGIN
    EXECUTE format('COPY generated TO %L WITH (FORMAT binary)', f || '.belopp');
    EXECUTE format('COPY copied FROM %L WITH (FORMAT binary)', f || '.belopp');
    EXECUTE format('COPY as_int4 TO %L WITH (FORMAT binary)', f || '.int4');
    EXECUTE format('COPY as_int8 TO %L WITH (FORMAT binary)', f || '.int8');
    EXECUTE format('COPY as_text TO %L WITH (FORMAT binary)', f || '.text');
END
$$;
SELECT is((SELECT count(*) FROM copied), 100005::bigint, 'binary COPY brings back every row');
SELECT is((SELECT count(*) FROM (SELECT v FROM generated EXCEPT ALL SELECT v FROM copied) d), 0::bigint,
          'binary COPY brings back every value unchanged');
SELECT is((SELECT count(*) FROM (SELECT v FROM copied EXCEPT ALL SELECT v FROM generated) d), 0::bigint,
          'binary COPY adds no value');
TRUNCATE copied;
SELECT lives_ok(format('COPY copied FROM %L WITH (FORMAT binary)',
                       '/tmp/kommunrapport_belopp_input_' || pg_backend_pid() || '.int8'),
                'a binary file of int64 values reads into belopp');
SELECT results_eq('SELECT v::text FROM copied ORDER BY v',
                  ARRAY['-92233720368547758.08', '1634.00'],
                  'the int64 values are read as öre');
SELECT throws_ok(format('COPY copied FROM %L WITH (FORMAT binary)',
                        '/tmp/kommunrapport_belopp_input_' || pg_backend_pid() || '.int4'),
                 NULL, NULL, 'binary input of four bytes is rejected');
SELECT throws_ok(format('COPY copied FROM %L WITH (FORMAT binary)',
                        '/tmp/kommunrapport_belopp_input_' || pg_backend_pid() || '.text'),
                 NULL, NULL, 'binary input of nine bytes is rejected');

-- remove the files written above
DO $$
BEGIN
    EXECUTE format('COPY as_text FROM PROGRAM %L',
                   'rm -f /tmp/kommunrapport_belopp_input_' || pg_backend_pid() || '.*');
END
$$;

SELECT * FROM finish();
ROLLBACK;
