-- The extension as a whole: its schema, and the labels every object it
-- creates must carry -- a comment, an honest volatility, PARALLEL SAFE.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(25);

-- Every object that belongs to the extension, with its kind and description.
CREATE TEMP VIEW member AS
SELECT d.classid, d.objid,
       pg_describe_object(d.classid, d.objid, d.objsubid) AS what,
       CASE d.classid
           WHEN 'pg_proc'::regclass THEN
               CASE (SELECT prokind FROM pg_proc WHERE oid = d.objid)
                   WHEN 'a' THEN 'aggregate' WHEN 'p' THEN 'procedure' ELSE 'function' END
           WHEN 'pg_type'::regclass THEN 'type'
           WHEN 'pg_operator'::regclass THEN 'operator'
           WHEN 'pg_opclass'::regclass THEN 'operator class'
           WHEN 'pg_opfamily'::regclass THEN 'operator family'
           WHEN 'pg_cast'::regclass THEN 'cast'
           ELSE d.classid::regclass::text
       END AS kind
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kommunrapport')
   AND d.deptype = 'e';

-- Functions that are VOLATILE (and so not parallel safe) on purpose.  A new
-- one must be added here with the reason, so that the label is a decision,
-- not a default.  Trigger functions are volatile by nature and not listed.
CREATE TEMP TABLE deliberately_volatile (fn regprocedure, reason text);
INSERT INTO deliberately_volatile VALUES
    ('kommunrapport.stang_period(text, kommunrapport.period)', 'writes the closed months and the log'),
    ('kommunrapport.oppna_period(text, kommunrapport.period, text)', 'deletes closed months and writes the log'),
    ('kommunrapport.bevilja(name, text)', 'grants membership of a committee''s role, creating the role the first time'),
    ('kommunrapport.aterkalla(name, text)', 'revokes membership of a committee''s role'),
    ('kommunrapport.las_in_utfall()', 'loads staged outcome'),
    ('kommunrapport.las_in_prognos()', 'loads staged forecasts'),
    ('kommunrapport.satt_budget(text, text, text, kommunrapport.period, date, kommunrapport.belopp, numeric[], text)', 'stores a budget version'),
    ('kommunrapport.kopiera_behorighet(name)', 'grants the committees of another database''s roles'),
    ('kommunrapport.stada_behorighet()', 'revokes the memberships of committees that are gone'),
    ('kommunrapport.tillat_borttagning_med_data()', 'sets a transaction-local permission for DROP EXTENSION'),
    ('kommunrapport.fora_fram_kommentarer(integer, text, text)', 'writes the previous round''s comments and measures as proposals to confirm'),
    ('kommunrapport.las_in_sie(bytea, text, date, text, text, bigint)', 'loads an SIE file through the staging table and stores budget versions'),
    ('kommunrapport.las_in_sie_lo(oid, text, date, text, text, bigint)', 'loads an SIE file read from a large object'),
    ('kommunrapport.kontrollera_sie(bytea, text)', 'reads the file into temporary tables'),
    ('kommunrapport.sie_forbered(bytea, oid, text, bigint)', 'creates the temporary tables of a file'),
    ('kommunrapport.sie_problem(text)', 'reads those temporary tables, which parallel workers cannot see'),
    ('kommunrapport.sie_balanser()', 'reads the temporary table of a file, which parallel workers cannot see'),
    ('kommunrapport.sie_lagra(text, date, text, text)', 'stages and loads outcome, stores budget versions'),
    ('kommunrapport.sie_las_in(bytea, oid, text, date, text, text, bigint)', 'the one body of las_in_sie and las_in_sie_lo'),
    ('kommunrapport.sie_stada()', 'drops the temporary tables'),
    ('kommunrapport.sie_summa_lo(oid, integer, bigint)', 'opens a large object descriptor'),
    ('kommunrapport.sie_kartlagg(bytea, oid, integer[], kommunrapport.sie_kontoregel[], kommunrapport.sie_objektregel[], bigint)', 'may open a large object descriptor'),
    ('kommunrapport.skapa_standardrader()', 'inserts report rows');

-- Functions that run with their owner's rights on purpose; each must pin its
-- search_path so that no caller's schema can shadow what it calls.
CREATE TEMP TABLE deliberately_definer (fn regprocedure, reason text);
INSERT INTO deliberately_definer VALUES
    ('kommunrapport.namnd_foljer_roll()', 'renames a committee''s role and revokes its members, which needs CREATEROLE'),
    ('kommunrapport.stada_behorighet()', 'sees every committee whatever the caller''s row-level security, and revokes memberships (the caller must have CREATEROLE)'),
    ('kommunrapport.stangd_del(text, text, jsonb)', 'reads the closed months a row touches for a role granted its committee but not stangd_manad (the period lock''s rule in SQL)'),
    ('kommunrapport.kontrollera_omfordelning()', 'sees every leg of a transfer between committees, to refuse a role not granted each of their committees'),
    ('kommunrapport.stang_period(text, kommunrapport.period)', 'writes the closed months and the close log, which users cannot write directly'),
    ('kommunrapport.oppna_period(text, kommunrapport.period, text)', 'deletes closed months and writes the close log'),
    ('kommunrapport.logga_andring()', 'writes the change log, which users cannot write directly');

-- What lives in pg_catalog on purpose (see sql/install/11_belopp_ops.sql):
-- every operator of the extension (each takes a belopp or a period), the
-- belopp aggregates and abs(belopp).
CREATE TEMP VIEW in_pg_catalog AS
SELECT what FROM member m WHERE m.classid = 'pg_operator'::regclass
UNION ALL
SELECT pg_describe_object('pg_proc'::regclass, p.oid, 0) FROM pg_proc p
 WHERE p.oid IN ('pg_catalog.sum(belopp)'::regprocedure, 'pg_catalog.avg(belopp)'::regprocedure,
                 'pg_catalog.min(belopp)'::regprocedure, 'pg_catalog.max(belopp)'::regprocedure,
                 'pg_catalog.abs(belopp)'::regprocedure);

-- the extension and its schema ---------------------------------------------------

SELECT is((SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'kommunrapport'),
          'kommunrapport', 'the extension lives in schema kommunrapport');
SELECT is((SELECT extrelocatable FROM pg_extension WHERE extname = 'kommunrapport'), false,
          'the extension is not relocatable');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'kommunrapport'),
          (SELECT default_version FROM pg_available_extensions WHERE name = 'kommunrapport'),
          'CREATE EXTENSION installs the default version');
SELECT ok(ARRAY['function', 'aggregate', 'type', 'operator', 'operator class', 'cast']
              <@ ARRAY(SELECT DISTINCT kind FROM member),
          'the extension owns functions, aggregates, types, operators, operator classes and casts');
SELECT is(ARRAY(SELECT what FROM member m
                 WHERE coalesce((SELECT pronamespace FROM pg_proc WHERE m.classid = 'pg_proc'::regclass AND oid = m.objid),
                                (SELECT typnamespace FROM pg_type WHERE m.classid = 'pg_type'::regclass AND oid = m.objid),
                                (SELECT oprnamespace FROM pg_operator WHERE m.classid = 'pg_operator'::regclass AND oid = m.objid),
                                (SELECT opcnamespace FROM pg_opclass WHERE m.classid = 'pg_opclass'::regclass AND oid = m.objid),
                                (SELECT opfnamespace FROM pg_opfamily WHERE m.classid = 'pg_opfamily'::regclass AND oid = m.objid),
                                (SELECT relnamespace FROM pg_class WHERE m.classid = 'pg_class'::regclass AND oid = m.objid),
                                'kommunrapport'::regnamespace) <> 'kommunrapport'::regnamespace
                   AND what NOT IN (SELECT what FROM in_pg_catalog)
                 ORDER BY what),
          '{}'::text[], 'every object of the extension is in schema kommunrapport, but the reviewed few in pg_catalog');
-- and those few are exactly the operators of belopp and period, the belopp
-- aggregates and abs(belopp), so that they resolve whatever the search_path
SELECT set_eq($$SELECT what FROM member m
                WHERE coalesce((SELECT pronamespace FROM pg_proc WHERE m.classid = 'pg_proc'::regclass AND oid = m.objid),
                               (SELECT oprnamespace FROM pg_operator WHERE m.classid = 'pg_operator'::regclass AND oid = m.objid))
                      = 'pg_catalog'::regnamespace$$,
              $$SELECT what FROM in_pg_catalog$$,
              'the objects in pg_catalog are the operators of belopp and period, sum, avg, min, max and abs of belopp');

-- every object has a comment --------------------------------------------------------

SELECT is(ARRAY(SELECT what FROM member m
                 WHERE m.kind = k
                   AND NOT EXISTS (SELECT FROM pg_description x
                                    WHERE x.classoid = m.classid AND x.objoid = m.objid AND x.objsubid = 0)
                 ORDER BY what),
          '{}'::text[], format('every %s of the extension has a comment', k))
  FROM unnest(ARRAY['function', 'procedure', 'aggregate', 'type', 'operator', 'operator class',
                    'operator family', 'cast']) k;
SELECT is(ARRAY(SELECT what FROM member m
                 WHERE m.kind NOT IN ('function', 'procedure', 'aggregate', 'type', 'operator',
                                      'operator class', 'operator family', 'cast')
                   AND NOT EXISTS (SELECT FROM pg_description x
                                    WHERE x.classoid = m.classid AND x.objoid = m.objid AND x.objsubid = 0)
                 ORDER BY what),
          '{}'::text[], 'every other object of the extension (tables, views, ...) has a comment');

-- labels of the functions -------------------------------------------------------------------

SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM member m JOIN pg_proc p ON p.oid = m.objid
                 WHERE m.classid = 'pg_proc'::regclass AND p.provolatile = 'v'
                   AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
                   AND p.oid NOT IN (SELECT fn FROM deliberately_volatile)
                 ORDER BY 1),
          '{}'::text[], 'no function is VOLATILE except those listed as deliberately so');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM member m JOIN pg_proc p ON p.oid = m.objid
                 WHERE m.classid = 'pg_proc'::regclass AND p.proparallel <> 's'
                   AND p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype)
                   AND p.oid NOT IN (SELECT fn FROM deliberately_volatile)
                 ORDER BY 1),
          '{}'::text[], 'every function and aggregate is PARALLEL SAFE, but for triggers, event triggers and the deliberately volatile');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM member m JOIN pg_proc p ON p.oid = m.objid
                 JOIN pg_language l ON l.oid = p.prolang
                 WHERE m.classid = 'pg_proc'::regclass AND l.lanname = 'c' AND p.probin <> '$libdir/kommunrapport'
                 ORDER BY 1),
          '{}'::text[], 'every C function is loaded from $libdir/kommunrapport (MODULE_PATHNAME)');
SELECT is(ARRAY(SELECT p.oid::regprocedure::text FROM member m JOIN pg_proc p ON p.oid = m.objid
                 WHERE m.classid = 'pg_proc'::regclass AND p.prosecdef
                   AND (p.oid NOT IN (SELECT fn FROM deliberately_definer)
                        OR NOT coalesce(p.proconfig, '{}') @> ARRAY['search_path=pg_catalog, pg_temp'])
                 ORDER BY 1),
          '{}'::text[], 'no function is SECURITY DEFINER but those listed, each with a pinned search_path');

-- aggregates ----------------------------------------------------------------------------------

SELECT is(ARRAY(SELECT a.aggfnoid::regprocedure::text FROM member m JOIN pg_aggregate a ON a.aggfnoid = m.objid
                 WHERE m.classid = 'pg_proc'::regclass AND a.aggcombinefn = 0
                 ORDER BY 1),
          '{}'::text[], 'every aggregate has a combine function');
SELECT is(ARRAY(SELECT a.aggfnoid::regprocedure::text FROM member m JOIN pg_aggregate a ON a.aggfnoid = m.objid
                 WHERE m.classid = 'pg_proc'::regclass AND a.aggtranstype = 'internal'::regtype
                   AND (a.aggserialfn = 0 OR a.aggdeserialfn = 0)
                 ORDER BY 1),
          '{}'::text[], 'every aggregate with an internal state can serialise it');

-- types ----------------------------------------------------------------------------------------

SELECT is(ARRAY(SELECT t.oid::regtype::text FROM member m JOIN pg_type t ON t.oid = m.objid
                 WHERE m.classid = 'pg_type'::regclass AND t.typtype = 'b'
                   AND (t.typreceive = 0 OR t.typsend = 0)
                 ORDER BY 1),
          '{}'::text[], 'every base type has binary send and receive');
SELECT is((SELECT format('%s %s %s', typlen, typbyval, typalign) FROM pg_type WHERE oid = 'belopp'::regtype),
          '8 t d', 'belopp is 8 bytes, passed by value, double-aligned');
SELECT is(ARRAY(SELECT am.amname::text FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod
                 WHERE c.opcintype = 'belopp'::regtype AND c.opcdefault ORDER BY 1),
          ARRAY['btree', 'hash'], 'belopp has default btree and hash operator classes');
SELECT is(ARRAY(SELECT t.oid::regtype::text FROM member m JOIN pg_type t ON t.oid = m.objid
                 WHERE m.classid = 'pg_type'::regclass AND t.typtype = 'b'
                   AND NOT EXISTS (SELECT FROM pg_opclass c JOIN pg_am am ON am.oid = c.opcmethod
                                    WHERE c.opcintype = t.oid AND c.opcdefault AND am.amname = 'btree')
                 ORDER BY 1),
          '{}'::text[], 'every base type has a default btree operator class');

SELECT * FROM finish();
ROLLBACK;
