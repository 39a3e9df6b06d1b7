-- belopp: arithmetic, rounding, overflow, comparison, sorting, indexes and
-- joins, and the cast design that keeps mixed expressions unambiguous.
-- Expected values are worked out by hand in öre.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(182);

-- One row to write expressions against: an amount, a numeric and an integer.
CREATE TEMP TABLE r (b belopp, n numeric, i integer);
INSERT INTO r VALUES ('1 634', 0.5, 3);

-- The value and the type of an expression over r, as text.
CREATE FUNCTION pg_temp.value_of(expr text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SELECT (%s)::text FROM r', expr) INTO result;
    RETURN result;
END
$$;
CREATE FUNCTION pg_temp.type_of(expr text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    result text;
BEGIN
    EXECUTE format('SELECT pg_typeof(%s)::text FROM r', expr) INTO result;
    RETURN result;
END
$$;
-- The plan of a query, as one text.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        result := result || line || E'\n';
    END LOOP;
    RETURN result;
END
$$;

-- + - unary - abs --------------------------------------------------------------

SELECT is(pg_temp.value_of(e), want, format('%s = %s', e, want))
  FROM (VALUES ($$'1 634'::belopp + '(5 943)'$$,                 '-4309.00'),
               ($$'0.01'::belopp + '0.02'$$,                     '0.03'),
               ($$'10'::belopp - '0.01'$$,                       '9.99'),
               ($$'0.01'::belopp - '0.02'$$,                     '-0.01'),
               ($$-'5943'::belopp$$,                             '-5943.00'),
               ($$-'-0.01'::belopp$$,                            '0.01'),
               ($$-'0'::belopp$$,                                '0.00'),
               ($$abs('(5 943)'::belopp)$$,                      '5943.00'),
               ($$abs('7'::belopp)$$,                            '7.00'),
               ($$'92233720368547758.07'::belopp + '-92233720368547758.08'$$, '-0.01'),
               ($$'92233720368547758.06'::belopp + '0.01'$$,     '92233720368547758.07'),
               ($$'-92233720368547758.07'::belopp - '0.01'$$,    '-92233720368547758.08'),
               ($$-'92233720368547758.07'::belopp$$,             '-92233720368547758.07'),
               ($$abs('-92233720368547758.07'::belopp)$$,        '92233720368547758.07')) v(e, want);

-- * and / by whole numbers and numeric, rounded half away from zero --------------

SELECT is(pg_temp.value_of(e), want, format('%s = %s', e, want))
  FROM (VALUES ($$b * 2$$,                                        '3268.00'),
               ($$'1.50'::belopp * 3::smallint$$,                 '4.50'),
               ($$'1.50'::belopp * 3$$,                           '4.50'),
               ($$'1.50'::belopp * 3::bigint$$,                   '4.50'),
               ($$3::smallint * '1.50'::belopp$$,                 '4.50'),
               ($$3 * '1.50'::belopp$$,                           '4.50'),
               ($$3::bigint * '1.50'::belopp$$,                   '4.50'),
               ($$'1.50'::belopp * -3$$,                          '-4.50'),
               ($$'0.05'::belopp * 0.5$$,                         '0.03'),
               ($$'-0.05'::belopp * 0.5$$,                        '-0.03'),
               ($$'0.05'::belopp * -0.5$$,                        '-0.03'),
               ($$'0.05'::belopp * 0.49$$,                        '0.02'),
               ($$'-0.05'::belopp * 0.49$$,                       '-0.02'),
               ($$1.5 * '0.01'::belopp$$,                         '0.02'),
               ($$-1.5 * '0.01'::belopp$$,                        '-0.02'),
               ($$'100'::belopp * 1.005$$,                        '100.50'),
               ($$'1 000 000'::belopp * 0.333333$$,               '333333.00'),
               ($$'92233720368547758.07'::belopp * 0.5$$,         '46116860184273879.04'),
               ($$'-92233720368547758.08'::belopp * 0.5$$,        '-46116860184273879.04'),
               ($$'-92233720368547758.07'::belopp * -1$$,         '92233720368547758.07'),
               ($$'-92233720368547758.08'::belopp * 1.0$$,        '-92233720368547758.08'),
               ($$'10'::belopp / 3$$,                             '3.33'),
               ($$'20'::belopp / 3$$,                             '6.67'),
               ($$'-20'::belopp / 3$$,                            '-6.67'),
               ($$'20'::belopp / -3$$,                            '-6.67'),
               ($$'-20'::belopp / -3$$,                           '6.67'),
               ($$'0.05'::belopp / 2$$,                           '0.03'),
               ($$'-0.05'::belopp / 2$$,                          '-0.03'),
               ($$'0.05'::belopp / 2::smallint$$,                 '0.03'),
               ($$'-0.05'::belopp / 2::smallint$$,                '-0.03'),
               ($$'0.05'::belopp / 2::bigint$$,                   '0.03'),
               ($$'-0.05'::belopp / 2::bigint$$,                  '-0.03'),
               ($$'1 000 000'::belopp / 7::bigint$$,              '142857.14'),
               ($$'10'::belopp / 3.0$$,                           '3.33'),
               ($$'1'::belopp / 0.3$$,                            '3.33'),
               ($$'0.01'::belopp / 2.0$$,                         '0.01'),
               ($$'-0.01'::belopp / 2.0$$,                        '-0.01'),
               ($$'0.01'::belopp / -2.0$$,                        '-0.01'),
               ($$'0.01'::belopp / 2.00000000000000000000000000000000001$$, '0.00'),
               ($$'0.01'::belopp / 1.99999999999999999999999999999999999$$, '0.01'),
               ($$'1'::belopp / 0.0001$$,                         '10000.00'),
               ($$'92233720368547758.07'::belopp / 2$$,           '46116860184273879.04'),
               ($$'-92233720368547758.07'::belopp / 2$$,          '-46116860184273879.04'),
               ($$'-92233720368547758.08'::belopp / 2::bigint$$,  '-46116860184273879.04'),
               ($$'92233720368547758.07'::belopp / -1$$,          '-92233720368547758.07'),
               ($$'10'::belopp / '4'::belopp = 2.5$$,             'true'),
               ($$round('1'::belopp / '3'::belopp, 10)$$,         '0.3333333333'),
               ($$round('(5 943)'::belopp / '1 634'::belopp, 6)$$, '-3.637087')) v(e, want);

-- overflow at both ends is 22003 ---------------------------------------------------

SELECT throws_ok(format('SELECT %s', e), '22003', NULL, format('%s overflows: 22003', e))
  FROM (VALUES ($$'92233720368547758.07'::belopp + '0.01'$$),
               ($$'-92233720368547758.08'::belopp - '0.01'$$),
               ($$'-92233720368547758.08'::belopp + '-0.01'$$),
               ($$'92233720368547758.07'::belopp - '-0.01'$$),
               ($$-'-92233720368547758.08'::belopp$$),
               ($$abs('-92233720368547758.08'::belopp)$$),
               ($$'92233720368547758.07'::belopp * 2$$),
               ($$'92233720368547758.07'::belopp * 2::smallint$$),
               ($$'92233720368547758.07'::belopp * 2::bigint$$),
               ($$2 * '92233720368547758.07'::belopp$$),
               ($$'92233720368547758.07'::belopp * 2.0$$),
               ($$'92233720368547758.07'::belopp * 1.0000000001$$),
               ($$'-92233720368547758.08'::belopp * -1$$),
               ($$'-92233720368547758.08'::belopp * (-1)::smallint$$),
               ($$'-92233720368547758.08'::belopp * -1.0$$),
               ($$'-92233720368547758.08'::belopp / -1$$),
               ($$'-92233720368547758.08'::belopp / (-1)::smallint$$),
               ($$'-92233720368547758.08'::belopp / (-1)::bigint$$),
               ($$'-92233720368547758.08'::belopp / -1.0$$),
               ($$'92233720368547758.07'::belopp / 0.5$$),
               ($$'1'::belopp * 1e30$$)) v(e);

-- division by zero is 22012 -----------------------------------------------------------

SELECT throws_ok(format('SELECT %s', e), '22012', NULL, format('%s: division by zero', e))
  FROM (VALUES ($$'1'::belopp / 0$$),
               ($$'1'::belopp / 0::smallint$$),
               ($$'1'::belopp / 0::bigint$$),
               ($$'1'::belopp / 0.0$$),
               ($$'1'::belopp / '0'::belopp$$),
               ($$'0'::belopp / '0'::belopp$$)) v(e);
SELECT throws_ok($$SELECT '1'::belopp * 'NaN'::numeric$$, NULL, NULL, 'multiplying by NaN is an error');
SELECT throws_ok($$SELECT '1'::belopp / 'NaN'::numeric$$, NULL, NULL, 'dividing by NaN is an error');

-- comparisons ------------------------------------------------------------------------------

SELECT ok(pg_temp.value_of(e)::boolean, e)
  FROM (VALUES ($$'1 634'::belopp = '1634.00'$$),
               ($$'1,634 tkr'::belopp = '1 634'$$),
               ($$'(5 943)'::belopp = '-5943'$$),
               ($$'0.01'::belopp > '0'$$),
               ($$'-0.01'::belopp < '0'$$),
               ($$'92233720368547758.07'::belopp > '-92233720368547758.08'$$),
               ($$'-92233720368547758.08'::belopp < '-92233720368547758.07'$$),
               ($$'1'::belopp <> '1.01'$$),
               ($$'1'::belopp <= '1'$$),
               ($$'1'::belopp >= '1'$$),
               ($$NOT ('1'::belopp < '1')$$),
               ($$NOT ('1'::belopp <> '1.00')$$),
               ($$belopp_cmp('1', '2') = -1 AND belopp_cmp('2', '1') = 1 AND belopp_cmp('2', '2') = 0$$)) v(e);

-- ORDER BY, DISTINCT, GROUP BY -------------------------------------------------------------

CREATE TEMP TABLE mixed (v belopp);
INSERT INTO mixed VALUES ('1634'), ('-0.01'), ('92233720368547758.07'), ('(5 943)'), ('0'),
                         ('-92233720368547758.08'), ('0.01'), ('1,634 tkr'), ('-5943'), ('1 634,00');
ANALYZE mixed;

SELECT results_eq('SELECT v::text AS t FROM mixed ORDER BY v',
                  ARRAY['-92233720368547758.08', '-5943.00', '-5943.00', '-0.01', '0.00', '0.01',
                        '1634.00', '1634.00', '1634.00', '92233720368547758.07'],
                  'ORDER BY sorts by amount');
SELECT results_eq('SELECT v::text AS t FROM mixed ORDER BY v DESC LIMIT 3',
                  ARRAY['92233720368547758.07', '1634.00', '1634.00'],
                  'ORDER BY DESC');
SELECT is((SELECT count(DISTINCT v) FROM mixed), 7::bigint, 'DISTINCT counts equal amounts written differently once');
SET LOCAL enable_hashagg = off;
SELECT results_eq('SELECT v::text AS t, count(*) FROM mixed GROUP BY v ORDER BY v',
                  $$VALUES ('-92233720368547758.08', 1::bigint), ('-5943.00', 2), ('-0.01', 1), ('0.00', 1),
                           ('0.01', 1), ('1634.00', 3), ('92233720368547758.07', 1)$$,
                  'GROUP BY by sorting');
RESET enable_hashagg;
SET LOCAL enable_sort = off;
SELECT matches(pg_temp.plan_of('SELECT v, count(*) FROM mixed GROUP BY v'), 'HashAggregate',
               'GROUP BY can hash amounts');
SELECT results_eq('SELECT v::text AS t, count(*) FROM mixed GROUP BY v ORDER BY count(*), v',
                  $$VALUES ('-92233720368547758.08', 1::bigint), ('-0.01', 1), ('0.00', 1), ('0.01', 1),
                           ('92233720368547758.07', 1), ('-5943.00', 2), ('1634.00', 3)$$,
                  'GROUP BY by hashing gives the same groups');
RESET enable_sort;

-- a btree index is used ---------------------------------------------------------------------

CREATE TEMP TABLE ix (b belopp);
INSERT INTO ix SELECT (g * 0.01)::belopp FROM generate_series(-50000, 50000) g;
CREATE INDEX ix_b ON ix (b);
ANALYZE ix;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT matches(pg_temp.plan_of($$SELECT b FROM ix WHERE b = '123.45'$$), 'Index (Only )?Scan using ix_b',
               'equality uses the btree index');
SELECT matches(pg_temp.plan_of($$SELECT b FROM ix WHERE b BETWEEN '-1' AND '1'$$), 'Index (Only )?Scan using ix_b',
               'a range uses the btree index');
SELECT matches(pg_temp.plan_of('SELECT b FROM ix ORDER BY b DESC LIMIT 3'), 'Index (Only )?Scan Backward using ix_b',
               'ORDER BY DESC LIMIT reads the index backwards');
SELECT is((SELECT count(*) FROM ix WHERE b = '0,12345 tkr'), 1::bigint, 'the index finds 123.45 written in tkr');
SELECT is((SELECT count(*) FROM ix WHERE b BETWEEN '-1' AND '1'), 201::bigint,
          'the index finds the 201 amounts from -1.00 to 1.00');
SELECT results_eq('SELECT b::text AS t FROM ix ORDER BY b DESC LIMIT 3', ARRAY['500.00', '499.99', '499.98'],
                  'the index returns the largest amounts in order');
RESET enable_seqscan;
RESET enable_bitmapscan;

-- hash and merge joins ------------------------------------------------------------------------

CREATE TEMP TABLE j (b belopp);
INSERT INTO j VALUES ('0,12345 tkr'), ('-0.01'), ('500'), ('500.01'), ('(1)');
ANALYZE j;
SET LOCAL enable_nestloop = off;
SET LOCAL enable_mergejoin = off;
SELECT matches(pg_temp.plan_of('SELECT * FROM ix JOIN j ON ix.b = j.b'), 'Hash Join', 'amounts can be hash-joined');
SELECT results_eq('SELECT ix.b::text FROM ix JOIN j ON ix.b = j.b ORDER BY ix.b',
                  ARRAY['-1.00', '-0.01', '123.45', '500.00'], 'the hash join matches equal amounts');
SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = on;
SELECT matches(pg_temp.plan_of('SELECT * FROM ix JOIN j ON ix.b = j.b'), 'Merge Join', 'amounts can be merge-joined');
SELECT results_eq('SELECT ix.b::text FROM ix JOIN j ON ix.b = j.b ORDER BY ix.b',
                  ARRAY['-1.00', '-0.01', '123.45', '500.00'], 'the merge join matches equal amounts');
RESET enable_nestloop;
RESET enable_mergejoin;
RESET enable_hashjoin;

-- the cast design: numbers -> belopp on assignment only, belopp -> numeric implicit -----------

SELECT is((SELECT castcontext::text FROM pg_cast WHERE castsource = src AND casttarget = dst), ctx,
          format('the cast %s -> %s is %s', src, dst, CASE ctx WHEN 'a' THEN 'assignment' ELSE 'implicit' END))
  FROM (VALUES ('numeric'::regtype, 'belopp'::regtype, 'a'),
               ('bigint',           'belopp',          'a'),
               ('integer',          'belopp',          'a'),
               ('belopp',           'numeric',         'i')) v(src, dst, ctx);
SELECT is((SELECT count(*) FROM pg_cast WHERE casttarget = 'belopp'::regtype AND castcontext = 'i'), 0::bigint,
          'no implicit cast leads into belopp');
SELECT is((SELECT count(*) FROM pg_cast WHERE castsource = 'belopp'::regtype AND castcontext = 'i'), 1::bigint,
          'belopp has one implicit cast, to numeric');

-- ordinary expressions get the intended type
SELECT is(pg_temp.type_of(e), want, format('%s is %s', e, want))
  FROM (VALUES ('2 * 1.5',            'numeric'),
               ('1.5 * 2::bigint',    'numeric'),
               ('2 * 3',              'integer'),
               ('2::bigint * 3',      'bigint'),
               ('2::smallint * 3::smallint', 'smallint'),
               ('10 / 4',             'integer'),
               ('10 / 4.0',           'numeric'),
               ('n * 2',              'numeric'),
               ('i * n',              'numeric'),
               ('b * 2',              'belopp'),
               ('b * i',              'belopp'),
               ('b * 1.5',            'belopp'),
               ('b * n',              'belopp'),
               ('2 * b',              'belopp'),
               ('1.5 * b',            'belopp'),
               ('n * b',              'belopp'),
               ('b * 2::smallint',    'belopp'),
               ('b * 2::bigint',      'belopp'),
               ('b / 4',              'belopp'),
               ('b / 4::smallint',    'belopp'),
               ('b / 4::bigint',      'belopp'),
               ('b / 1.5',            'belopp'),
               ('b / b',              'numeric'),
               ('b + b',              'belopp'),
               ('b - b',              'belopp'),
               ('-b',                 'belopp'),
               ('abs(b)',             'belopp'),
               ($$b + '1'$$,          'belopp'),
               ('b + 1',              'numeric'),
               ('b - 1',              'numeric'),
               ('b + 1.5',            'numeric'),
               ('b + n',              'numeric'),
               ('b > 1000',           'boolean'),
               ('b = 1634',           'boolean'),
               ($$COALESCE(b, '0')$$, 'belopp'),
               ('round(b)',           'numeric')) v(e, want);

-- and the intended value
SELECT is(pg_temp.value_of(e), want, format('%s gives %s', e, want))
  FROM (VALUES ('b * 2',              '3268.00'),
               ('b * n',              '817.00'),
               ('2 * b',              '3268.00'),
               ('b / 4',              '408.50'),
               ('b / i',              '544.67'),
               ('b / b = 1',          'true'),
               ('b + 1',              '1635.00'),
               ('b + n',              '1634.50'),
               ('b > 1000',           'true'),
               ('b = 1634',           'true'),
               ('b = 1634.00',        'true'),
               ('b < 1634.01',        'true'),
               ('b IN (1634, 5)',     'true'),
               ($$COALESCE(b, '0')$$, '1634.00'),
               ($$COALESCE(NULL::belopp, '0')$$, '0.00')) v(e, want);

SELECT throws_ok('SELECT b * b FROM r', '42883', NULL, 'b * b is an error: there is no such operator');

-- numbers go into a belopp column on assignment
SELECT lives_ok($$INSERT INTO r (b) VALUES (12), (12.5), (12::bigint), ('(1)')$$,
                'an integer, a numeric, a bigint and text insert into a belopp column');
SELECT lives_ok('UPDATE r SET b = n * 10 WHERE n IS NOT NULL', 'a numeric expression updates a belopp column');
SELECT results_eq('SELECT b::text AS t FROM r ORDER BY b', ARRAY['-1.00', '5.00', '12.00', '12.00', '12.50'],
                  'the assigned numbers became the intended amounts');
SELECT throws_ok('INSERT INTO r (b) VALUES (0.001)', '22P02', NULL,
                 'assigning a numeric with a fraction of an öre is 22P02');

SELECT * FROM finish();
ROLLBACK;
