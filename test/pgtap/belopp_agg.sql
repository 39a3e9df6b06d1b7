-- belopp: the aggregates sum, avg, min and max -- exact totals that never
-- overflow silently, rounding of the mean, moving windows, and a parallel
-- plan that gives exactly the serial result.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(76);

-- The plan of a query, as one text.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE query LOOP
        result := result || line || E'\n';
    END LOOP;
    RETURN result;
END
$$;

-- sum, avg, min, max ---------------------------------------------------------------

CREATE TEMP TABLE a (v belopp);
INSERT INTO a VALUES ('1 634'), ('(5 943)'), ('0.01'), (NULL);

SELECT is((SELECT sum(v)::text FROM a), '-4308.99', 'sum of 1 634, -5 943 and 0,01 is -4 308,99; NULL is skipped');
SELECT is((SELECT avg(v)::text FROM a), '-1436.33', 'avg of the three amounts is -1 436,33');
SELECT is((SELECT min(v)::text FROM a), '-5943.00', 'min');
SELECT is((SELECT max(v)::text FROM a), '1634.00', 'max');
SELECT is((SELECT pg_typeof(sum(v))::text FROM a), 'belopp', 'sum of belopp is belopp');
SELECT is((SELECT pg_typeof(avg(v))::text FROM a), 'belopp', 'avg of belopp is belopp');
SELECT is((SELECT pg_typeof(min(v))::text || ' ' || pg_typeof(max(v))::text FROM a), 'belopp belopp',
          'min and max of belopp are belopp');

-- NULL over no rows and over only NULLs
SELECT is((SELECT sum(v) FROM a WHERE false), NULL, 'sum over no rows is NULL');
SELECT is((SELECT avg(v) FROM a WHERE false), NULL, 'avg over no rows is NULL');
SELECT is((SELECT min(v) FROM a WHERE false), NULL, 'min over no rows is NULL');
SELECT is((SELECT max(v) FROM a WHERE false), NULL, 'max over no rows is NULL');
SELECT is((SELECT sum(v) FROM a WHERE v IS NULL), NULL, 'sum over only NULLs is NULL');
SELECT is((SELECT avg(v) FROM a WHERE v IS NULL), NULL, 'avg over only NULLs is NULL');
SELECT is((SELECT sum(v)::text FROM a WHERE v = '0.01'), '0.01', 'sum of one amount is that amount');
SELECT results_eq($$SELECT g, sum(v)::text FROM (VALUES (1, '5'::belopp), (1, NULL), (2, NULL)) x(g, v)
                    GROUP BY g ORDER BY g$$,
                  $$VALUES (1, '5.00'), (2, NULL)$$,
                  'per group: a group of only NULLs sums to NULL');

-- avg rounds the mean half away from zero to whole öre ---------------------------------

SELECT is((SELECT avg(v::belopp)::text FROM unnest(amounts) v), want,
          format('avg of %s is %s', amounts, want))
  FROM (VALUES ('{0.01,0.02}'::text[],           '0.02'),
               ('{-0.01,-0.02}',                 '-0.02'),
               ('{0.01,0.00}',                   '0.01'),
               ('{-0.01,0.00}',                  '-0.01'),
               ('{0.01,0.01,0.02}',              '0.01'),
               ('{0.01,0.02,0.02}',              '0.02'),
               ('{-0.01,-0.02,-0.02}',           '-0.02'),
               ('{0.02,0,0,0}',                  '0.01'),
               ('{0.01,0,0,0}',                  '0.00'),
               ('{-0.01,0,0,0}',                 '0.00'),
               ('{10,0,0}',                      '3.33'),
               ('{20,0,0}',                      '6.67'),
               ('{-20,0,0}',                     '-6.67')) v(amounts, want);

-- overflow: only a total that does not fit is an error ----------------------------------

SELECT throws_ok($$SELECT sum(v) FROM (VALUES ('92233720368547758.07'::belopp), ('0.01')) x(v)$$,
                 '22003', NULL, 'a total one öre above the range is 22003');
SELECT throws_ok($$SELECT sum(v) FROM (VALUES ('-92233720368547758.08'::belopp), ('-0.01')) x(v)$$,
                 '22003', NULL, 'a total one öre below the range is 22003');
SELECT throws_ok($$SELECT sum(v) FROM (VALUES ('92233720368547758.07'::belopp), ('92233720368547758.07')) x(v)$$,
                 '22003', NULL, 'twice the largest amount is 22003');
SELECT is((SELECT sum(v ORDER BY o)::text
             FROM (VALUES (1, '92233720368547758.07'::belopp), (2, '92233720368547758.07'),
                          (3, '-92233720368547758.08'), (4, '-92233720368547758.08')) x(o, v)),
          '-0.02',
          'max + max + min + min: the running total leaves int64 but the total -0,02 is exact');
SELECT is((SELECT sum(v ORDER BY o)::text
             FROM (VALUES (1, '92233720368547758.07'::belopp), (2, '0.01'), (3, '-0.01')) x(o, v)),
          '92233720368547758.07',
          'max + 0,01 - 0,01: a running total one öre beyond the range comes back');
SELECT is((SELECT sum(v ORDER BY o)::text
             FROM (VALUES (1, '-92233720368547758.08'::belopp), (2, '-92233720368547758.08'),
                          (3, '-92233720368547758.08'), (4, '92233720368547758.07'),
                          (5, '92233720368547758.07'), (6, '92233720368547758.07')) x(o, v)),
          '-0.03',
          'three times min then three times max is -0,03');
SELECT is((SELECT sum(CASE WHEN g % 2 = 0 THEN '92233720368547758.07'::belopp ELSE '-92233720368547758.08' END
                      ORDER BY g % 2, g)::text
             FROM generate_series(1, 1000) g),
          '-5.00',
          '500 times max, then 500 times min, is -5,00');
SELECT is((SELECT avg(v)::text
             FROM (VALUES ('92233720368547758.07'::belopp), ('92233720368547758.07')) x(v)),
          '92233720368547758.07', 'the mean of two largest amounts is the largest amount');
SELECT is((SELECT avg(v)::text
             FROM (VALUES ('-92233720368547758.08'::belopp), ('-92233720368547758.08')) x(v)),
          '-92233720368547758.08', 'the mean of two smallest amounts is the smallest amount');
SELECT is((SELECT avg(v)::text
             FROM (VALUES ('92233720368547758.07'::belopp), ('92233720368547758.07'),
                          ('-92233720368547758.08')) x(v)),
          '30744573456182586.02', 'the mean of max, max and min is (2^63 - 2) / 3 öre exactly');

-- moving windows -------------------------------------------------------------------------

CREATE TEMP TABLE w (o integer, v belopp);
INSERT INTO w
SELECT o, CASE WHEN o % 7 IN (0, 1) THEN NULL ELSE (((o * 7919) % 200001 - 100000) * 0.01)::belopp END
  FROM generate_series(1, 2000) o;

SELECT is((SELECT count(*) FROM (
             SELECT sum(v) OVER (ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving,
                    CASE WHEN v IS NULL AND lag(v) OVER (ORDER BY o) IS NULL THEN NULL
                         ELSE COALESCE(v, '0') + COALESCE(lag(v) OVER (ORDER BY o), '0') END AS by_lag
               FROM w) x
            WHERE moving IS DISTINCT FROM by_lag), 0::bigint,
          'moving sum over 2 rows equals this row plus the previous one (2 000 rows, NULL frames included)');
SELECT ok((SELECT count(*) FROM (
             SELECT sum(v) OVER (ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving FROM w) x
            WHERE moving IS NULL) > 0,
          'some two-row frames hold only NULLs, so the moving sum goes back to NULL');
SELECT is((SELECT count(*) FROM (
             SELECT avg(v) OVER (ORDER BY o ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving,
                    CASE WHEN v IS NULL THEN lag(v) OVER (ORDER BY o)
                         WHEN lag(v) OVER (ORDER BY o) IS NULL THEN v
                         ELSE round((v::numeric + (lag(v) OVER (ORDER BY o))::numeric) / 2, 2)::belopp
                    END AS by_lag
               FROM w) x
            WHERE moving IS DISTINCT FROM by_lag), 0::bigint,
          'moving avg over 2 rows equals the rounded mean of this row and the previous one');
SELECT is((SELECT count(*) FROM (
             SELECT o, sum(v) OVER (ORDER BY o ROWS BETWEEN 5 PRECEDING AND CURRENT ROW) AS moving FROM w) x
            WHERE moving IS DISTINCT FROM (SELECT sum(w2.v) FROM w w2 WHERE w2.o BETWEEN x.o - 5 AND x.o)),
          0::bigint,
          'moving sum over 6 rows equals a correlated sum');
SELECT is((SELECT count(*) FROM (
             SELECT o, sum(v) OVER (ORDER BY o) AS running FROM w) x
            WHERE running IS DISTINCT FROM (SELECT sum(w2.v::numeric)::belopp FROM w w2 WHERE w2.o <= x.o)),
          0::bigint,
          'running sum equals a correlated sum over numeric');
SELECT results_eq($$SELECT (sum(v) OVER (ORDER BY o ROWS BETWEEN 2 PRECEDING AND CURRENT ROW))::text
                      FROM (VALUES (1, '-92233720368547758.08'::belopp), (2, '92233720368547758.07'),
                                   (3, '92233720368547758.07'), (4, '-92233720368547758.08')) x(o, v)
                     ORDER BY o$$,
                  ARRAY['-92233720368547758.08', '-0.01', '92233720368547758.06', '92233720368547758.06'],
                  'a moving frame {min, max, max} -> {max, max, min} stays exact while min leaves and comes');

-- parallel aggregation on a regular table ---------------------------------------------------

CREATE TABLE par (g integer, v belopp, big belopp);
INSERT INTO par
SELECT g,
       (((g::bigint * 7919) % 2000001 - 1000000) * 0.01)::belopp,
       CASE WHEN g <= 100000 THEN '92233720368547758.07'::belopp ELSE '-92233720368547758.08' END
  FROM generate_series(1, 200000) g;
ANALYZE par;

SET LOCAL max_parallel_workers_per_gather = 0;
SELECT sum(v)::text AS serial_sum, avg(v)::text AS serial_avg, min(v)::text AS serial_min,
       max(v)::text AS serial_max, sum(big)::text AS serial_big_sum, avg(big)::text AS serial_big_avg
  FROM par \gset
SELECT doesnt_match(pg_temp.plan_of('EXPLAIN (COSTS OFF) SELECT sum(v), avg(v) FROM par'), 'Gather|Partial',
                    'with no workers per gather the plan is serial');

SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT matches(pg_temp.plan_of('EXPLAIN (COSTS OFF) SELECT sum(v), avg(v), min(v), max(v), sum(big), avg(big) FROM par'),
               'Partial Aggregate', 'the aggregates run as partial aggregates');
SELECT matches(pg_temp.plan_of('EXPLAIN (COSTS OFF) SELECT sum(v), avg(v), min(v), max(v), sum(big), avg(big) FROM par'),
               'Gather', 'the partial aggregates are gathered from workers');
SELECT matches(pg_temp.plan_of('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) '
                               'SELECT sum(v), avg(v), min(v), max(v), sum(big), avg(big) FROM par'),
               'Workers Launched: [1-9]', 'parallel workers really ran');
SELECT sum(v)::text AS par_sum, avg(v)::text AS par_avg, min(v)::text AS par_min,
       max(v)::text AS par_max, sum(big)::text AS par_big_sum, avg(big)::text AS par_big_avg
  FROM par \gset

SELECT is(:'par_sum'::text, :'serial_sum'::text, 'parallel sum equals the serial sum');
SELECT is(:'par_avg'::text, :'serial_avg'::text, 'parallel avg equals the serial avg');
SELECT is(:'par_min'::text, :'serial_min'::text, 'parallel min equals the serial min');
SELECT is(:'par_max'::text, :'serial_max'::text, 'parallel max equals the serial max');
SELECT is(:'par_big_sum'::text, :'serial_big_sum'::text, 'parallel sum of huge amounts equals the serial sum');
SELECT is(:'par_big_avg'::text, :'serial_big_avg'::text, 'parallel avg of huge amounts equals the serial avg');
SELECT is(:'par_sum'::text, (SELECT sum(v::numeric)::belopp::text FROM par), 'parallel sum equals the sum over numeric');
SELECT is(:'par_avg'::text, (SELECT round(avg(v::numeric), 2)::belopp::text FROM par),
          'parallel avg equals the numeric mean rounded half away from zero');
SELECT is(:'par_min'::text, (SELECT min(v::numeric)::belopp::text FROM par), 'parallel min equals the min over numeric');
SELECT is(:'par_max'::text, (SELECT max(v::numeric)::belopp::text FROM par), 'parallel max equals the max over numeric');
SELECT is(:'par_big_sum'::text, '-1000.00'::text,
          '100 000 times max plus 100 000 times min is -1 000,00 exactly, in parallel');
SELECT is(:'par_big_avg'::text, '-0.01'::text,
          'their mean, -0,5 öre, rounds away from zero to -0,01 in parallel');
SELECT is((SELECT sum(big)::text FROM par WHERE g <= 100000 OR g > 100001), '92233720368546758.08',
          'in parallel, 100 000 times max and 99 999 times min total max - 999,99 exactly');
SELECT throws_ok('SELECT sum(big) FROM par WHERE g <= 100001', '22003', NULL,
                 'in parallel, a total beyond the range is 22003');

-- grouped, parallel and serial agree per group
SELECT is((SELECT count(*) FROM (
             SELECT g % 10 AS k, sum(v) AS s, avg(v) AS m FROM par GROUP BY g % 10
             EXCEPT
             SELECT g % 10, sum(v::numeric)::belopp, round(avg(v::numeric), 2)::belopp FROM par GROUP BY g % 10) d),
          0::bigint, 'grouped parallel sums and means equal the numeric ones');

-- summa_per_matt: the totals per measure, in parallel as well (still with the
-- parallel settings above); the second method is sum() per measure
SELECT matches(pg_temp.plan_of('EXPLAIN (COSTS OFF) SELECT summa_per_matt(1 + g % 5, v) FROM par'),
               'Partial Aggregate', 'summa_per_matt runs as a partial aggregate');
SELECT is((SELECT summa_per_matt(1 + g % 5, v) FROM par),
          (SELECT array_agg(s ORDER BY m) FROM (SELECT 1 + g % 5 AS m, sum(v) AS s FROM par GROUP BY 1) x),
          'summa_per_matt in parallel: each element is the sum() of its measure');
SELECT throws_ok($$SELECT summa_per_matt(1, big) FROM par WHERE g <= 100000$$, '22003', 'belopp out of range',
                 'summa_per_matt: a total beyond a belopp is 22003 (100 000 × the largest amount)');
SET LOCAL max_parallel_workers_per_gather = 0;
-- Partial states of empty inputs: with partitionwise aggregation each
-- partition is a partial aggregate, finalised in partition order, and the
-- first and last partitions here are empty (their states are NULL, which the
-- strict deserialisation keeps from the combine function).  The second
-- method: sum() per measure over the one partition with rows.
CREATE TEMP TABLE pw (k integer, m integer, v belopp) PARTITION BY RANGE (k);
CREATE TEMP TABLE pw1 PARTITION OF pw FOR VALUES FROM (0) TO (10);
CREATE TEMP TABLE pw2 PARTITION OF pw FOR VALUES FROM (10) TO (20);
CREATE TEMP TABLE pw3 PARTITION OF pw FOR VALUES FROM (20) TO (30);
INSERT INTO pw SELECT 10 + g % 10, 1 + g % 3, (g::text)::belopp FROM generate_series(1, 3000) g;
ANALYZE pw;
SET LOCAL enable_partitionwise_aggregate = on;
SELECT matches(pg_temp.plan_of('EXPLAIN (COSTS OFF) SELECT summa_per_matt(m, v) FROM pw'),
               'Finalize Aggregate.*Append.*Partial Aggregate.*pw1.*Partial Aggregate.*pw2.*Partial Aggregate.*pw3',
               'summa_per_matt over partitions: a partial aggregate per partition, the empty pw1 first');
SELECT is((SELECT summa_per_matt(m, v) FROM pw),
          (SELECT array_agg(s ORDER BY m) FROM (SELECT m, sum(v) AS s FROM pw2 GROUP BY m) x),
          'summa_per_matt with empty partitions first and last: the totals of pw2 per measure');
SELECT is((SELECT summa_per_matt(m, v) FROM pw WHERE m > 3), NULL::belopp[],
          'summa_per_matt with no row in any partition: NULL');
SET LOCAL enable_partitionwise_aggregate = off;
-- grouped by hash into 5 000 groups at the default memory: the aggregate says
-- how big its state is (SSPACE), so the hash table is sized by it and stays
-- in memory (without it the planner assumes 8 kB a group: 5 batches on disk)
SET LOCAL work_mem = '4MB';
SET LOCAL hash_mem_multiplier = 2;
SET LOCAL enable_sort = off;
SELECT matches(pg_temp.plan_of('EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)
                                SELECT g % 5000, summa_per_matt(1 + g % 7, v) FROM par GROUP BY 1'),
               'HashAggregate.*Batches: 1 ', 'summa_per_matt grouped by hash into 5 000 groups stays in memory');
RESET work_mem;
RESET hash_mem_multiplier;
RESET enable_sort;
-- typed by hand: measure 1 gets 10 + 2,50, measure 2 only NULL, measure 3 gets 5
SELECT is((SELECT summa_per_matt(m, b) FROM (VALUES (1, '10'::belopp), (3, '5'), (1, '2,50'), (2, NULL)) v(m, b)),
          '{12.50,NULL,5.00}'::belopp[],
          'summa_per_matt: totals per measure, NULL for a measure seen without an amount, up to the highest seen');
SELECT is((SELECT summa_per_matt(m, b) FROM (VALUES (2, '-1'::belopp)) v(m, b)), '{NULL,-1.00}'::belopp[],
          'summa_per_matt: a measure never seen below the highest is NULL');
SELECT is((SELECT summa_per_matt(m, b) FROM (VALUES (1, '1'::belopp)) v(m, b) WHERE false), NULL::belopp[],
          'summa_per_matt over no rows is NULL');
SELECT throws_ok($$SELECT summa_per_matt(0, '1'::belopp)$$, '22023', 'measure 0 is out of range',
                 'summa_per_matt: measure 0 is 22023');
SELECT throws_ok($$SELECT summa_per_matt(1001, '1'::belopp)$$, '22023', 'measure 1001 is out of range',
                 'summa_per_matt: measure 1001 is 22023');
SELECT throws_ok($$SELECT summa_per_matt(NULL, '1'::belopp)$$, '22004', NULL,
                 'summa_per_matt: a NULL measure is 22004');

SELECT * FROM finish();
ROLLBACK;
