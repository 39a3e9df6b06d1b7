-- search_path hijack: a hostile role that may create objects in schema
-- public, owns a schema of its own that the victim puts first on the
-- search_path, and puts temporary views into the session, shadows what the
-- extension's SQL and PL/pgSQL code calls: functions and operators of the
-- built-in types with exactly the argument types of the calls (so they win
-- over a built-in that needs a cast), duplicates of the built-ins (they win
-- when pg_catalog is listed after them), aggregates, the extension's own
-- function names, and the extension's table names as temporary views.  Every
-- trap records its call in fientlig.fangst and then does what the built-in
-- does, so that one run reaches every trap.  Then a superuser and a
-- controller, with search_path = fientlig, public, kommunrapport, pg_catalog,
-- call every report, read every view, fire every trigger, load, close and
-- reopen a period and adjust frames: no trap may be called, and the results
-- must be those of a clean search_path (and, for a few, the figures worked out
-- by hand).
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(41);

CREATE ROLE kr_sok_fientlig;
CREATE ROLE kr_sok_controller;
GRANT USAGE ON SCHEMA kommunrapport TO kr_sok_fientlig, kr_sok_controller;
GRANT CREATE ON SCHEMA public TO kr_sok_fientlig;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA kommunrapport TO kr_sok_controller;
REVOKE INSERT, UPDATE, DELETE ON stangd_manad, stangningslogg, andringslogg FROM kr_sok_controller;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA kommunrapport TO kr_sok_controller;
SELECT bevilja('kr_sok_controller');
CREATE SCHEMA fientlig AUTHORIZATION kr_sok_fientlig;
GRANT USAGE ON SCHEMA fientlig TO PUBLIC;

-- ---------------------------------------------------------------------------
-- the data: committees X and Y, units x1 and x2 of X and y1 of Y; rows NETTO
-- = INT + KOST, KB (kommunbidrag); 2024 with two forecast rounds and its
-- final outcome; frames, a transfer, published figures, grants, results
-- ---------------------------------------------------------------------------
INSERT INTO namnd (kod, namn) VALUES ('X', 'Nämnd X'), ('Y', 'Nämnd Y');
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES ('X', 'x1', 'Enhet x1', 1), ('X', 'x2', 'Enhet x2', 2),
                                                    ('Y', 'y1', 'Enhet y1', 1);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', NULL, 1),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 1),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 2),
    ('KB', 'Kommunbidrag', 'kommunbidrag', 'resultat', NULL, 2),
    ('SB', 'Statsbidrag', 'statsbidrag', 'resultat', NULL, 3);
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES
    ('X', 'x1', 'INT', '2024-01', 100), ('X', 'x1', 'INT', '2024-02', 120),
    ('X', 'x1', 'KOST', '2024-01', -300), ('X', 'x1', 'KOST', '2024-02', -320),
    ('X', 'x2', 'INT', '2024-01', 40), ('X', 'x2', 'KB', '2024-01', 1000), ('X', 'x2', 'KB', '2024-02', 1000),
    ('Y', 'y1', 'INT', '2024-01', 5),
    ('X', 'x1', 'INT', '2024', 1500), ('X', 'x1', 'KOST', '2024', -3900), ('X', 'x2', 'KB', '2024', 12000),
    ('Y', 'y1', 'INT', '2024', 70);
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp, profil) VALUES
    ('X', 'x1', 'INT', '2024', '2024-01-01', 1200, NULL),
    ('X', 'x1', 'KOST', '2024', '2024-01-01', -3600, NULL),
    ('X', 'x2', 'KB', '2024', '2024-01-01', 12000, '{1,1,1,1,1,1,1,1,1,1,1,1}'),
    ('Y', 'y1', 'INT', '2024', '2024-01-01', 60, NULL);
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'feb', 'Februari', 'jan-feb 2024', '2024-03-10'), (2024, 'maj', 'Maj', 'jan-maj 2024', '2024-06-10');
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('X', 'x1', 'INT', 2024, 'feb', 1300), ('X', 'x1', 'INT', 2024, 'maj', 1400),
    ('X', 'x1', 'KOST', 2024, 'feb', -3700), ('X', 'x1', 'KOST', 2024, 'maj', -3800),
    ('Y', 'y1', 'INT', 2024, 'feb', 65), ('Y', 'y1', 'INT', 2024, 'maj', 66);
INSERT INTO budgetram (namnd, ar, belopp) VALUES ('X', 2024, 12000), ('Y', 2024, 0);
INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning) VALUES
    ('X', 'T1', '', 'NETTO', 'utfall', 'jan-feb 2024', -360, 1),
    ('X', 'T1', '', 'INT', 'utfall', 'jan-feb 2024', 260, 1),
    ('X', 'T1', '', 'KOST', 'utfall', 'jan-feb 2024', -620, 1);
INSERT INTO statsbidrag (namnd, ar, bidrag, ansokt, beviljat, erhallet, intaktsfort, forutbetald) VALUES
    ('X', 2024, 'Bidrag A', 100, 90, 90, 60, 30);
INSERT INTO ackumulerat_resultat (namnd, enhet, ar, ingaende, arets_resultat, utgaende) VALUES
    ('X', '', 2023, 0, 50, 50), ('X', '', 2024, 50, 10, 60);
CREATE TEMP TABLE ratt (namn text PRIMARY KEY, varde text);
-- the SQLSTATE of a statement (run with the caller's search_path), or 'inget fel'
CREATE FUNCTION pg_temp.fel(sats text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE sats;
    RETURN 'inget fel';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
GRANT SELECT ON ratt TO PUBLIC;

-- what a clean search_path gives, to compare with what the victim gets
INSERT INTO ratt VALUES
    ('driftsammandrag', (SELECT array_agg(d ORDER BY d.sortering)::text FROM driftsammandrag(2024, 'jan-feb 2024') d)),
    ('driftsammandrag_avrundad', (SELECT array_agg(d ORDER BY d.sortering)::text FROM driftsammandrag_avrundad(2024, 'jan-feb 2024', NULL, 'tkr', 1) d)),
    ('prognosforandringar', (SELECT array_agg(d ORDER BY d.sortering)::text FROM prognosforandringar(2024) d)),
    ('prognossakerhet', (SELECT array_agg(d ORDER BY d.sortering)::text FROM prognossakerhet(2024) d)),
    ('prognossakerhet_sammanfattning', (SELECT array_agg(d ORDER BY d.sortering)::text FROM prognossakerhet_sammanfattning(2024) d)),
    ('avstamning', (SELECT array_agg(d ORDER BY d::text)::text FROM avstamning(2024, 'jan-feb 2024') d)),
    ('vyer', (SELECT ARRAY[(SELECT array_agg(v ORDER BY v::text)::text FROM senaste_period v),
                           (SELECT array_agg(v ORDER BY v::text)::text FROM driftsammandrag_senaste v),
                           (SELECT array_agg(v ORDER BY v::text)::text FROM budget_gallande v),
                           (SELECT array_agg(v ORDER BY v::text)::text FROM utfall_manad v)]::text)),
    ('las_tabell', (SELECT array_agg(t ORDER BY t.rad)::text
                      FROM las_tabell(E'Intäkter 1 634 1 500 134\nKostnader -2 000 -1 900 -100', 3, ARRAY['3 = 1 - 2']) t));

-- ---------------------------------------------------------------------------
-- the traps, created by the hostile role
-- ---------------------------------------------------------------------------
SET ROLE kr_sok_fientlig;
SET search_path = pg_catalog, pg_temp;
CREATE TABLE fientlig.fangst (falla text NOT NULL, roll name NOT NULL DEFAULT current_user);
GRANT INSERT, SELECT, DELETE ON fientlig.fangst TO PUBLIC;

-- fientlig.falla(name, args, returns, builtin): a function that records
-- itself and then returns what the (schema-qualified) built-in returns
CREATE FUNCTION fientlig.falla(schemat text, namn text, arg text, ret text, gor text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
BEGIN
    EXECUTE format($$CREATE FUNCTION %I.%I(%s) RETURNS %s LANGUAGE sql VOLATILE
                    SET search_path = pg_catalog, pg_temp AS %L$$,
                   schemat, namn, arg, ret,
                   format('INSERT INTO fientlig.fangst (falla) VALUES (%L); SELECT %s',
                          namn || '(' || arg || ')', gor));
END $f$;

SELECT fientlig.falla(s, f.n, f.a, f.r, f.g)
  FROM (VALUES ('fientlig'), ('public')) s(s),
       (VALUES ('lower', 'text', 'text', 'pg_catalog.lower($1)'),
               ('btrim', 'text', 'text', 'pg_catalog.btrim($1)'),
               ('btrim', 'text, text', 'text', 'pg_catalog.btrim($1, $2)'),
               ('format', 'text', 'text', 'pg_catalog.format($1)'),
               ('format', 'text, text', 'text', 'pg_catalog.format($1, $2)'),
               ('format', 'text, name', 'text', 'pg_catalog.format($1, $2)'),
               ('format', 'text, integer', 'text', 'pg_catalog.format($1, $2)'),
               ('format', 'text, bigint', 'text', 'pg_catalog.format($1, $2)'),
               ('format', 'text, text, text', 'text', 'pg_catalog.format($1, $2, $3)'),
               ('format', 'text, text, integer', 'text', 'pg_catalog.format($1, $2, $3)'),
               ('format', 'text, kommunrapport.period, text', 'text', 'pg_catalog.format($1, $2, $3)'),
               ('now', '', 'timestamptz', 'pg_catalog.now()'),
               ('clock_timestamp', '', 'timestamptz', 'pg_catalog.clock_timestamp()'),
               ('current_setting', 'text', 'text', 'pg_catalog.current_setting($1)'),
               ('current_setting', 'text, boolean', 'text', 'pg_catalog.current_setting($1, $2)'),
               ('set_config', 'text, text, boolean', 'text', 'pg_catalog.set_config($1, $2, $3)'),
               ('generate_series', 'integer, integer', 'SETOF integer', 'pg_catalog.generate_series($1, $2)'),
               ('make_date', 'integer, integer, integer', 'date', 'pg_catalog.make_date($1, $2, $3)'),
               ('to_jsonb', 'anyelement', 'jsonb', 'pg_catalog.to_jsonb($1)'),
               ('jsonb_array_elements_text', 'jsonb', 'SETOF text', 'pg_catalog.jsonb_array_elements_text($1)'),
               ('abs', 'numeric', 'numeric', 'pg_catalog.abs($1)'),
               ('abs', 'integer', 'integer', 'pg_catalog.abs($1)'),
               ('power', 'numeric, integer', 'numeric', 'pg_catalog.power($1, $2::numeric)'),
               ('power', 'numeric, numeric', 'numeric', 'pg_catalog.power($1, $2)'),
               ('round', 'numeric, integer', 'numeric', 'pg_catalog.round($1, $2)'),
               ('trim_scale', 'numeric', 'numeric', 'pg_catalog.trim_scale($1)'),
               ('split_part', 'text, text, integer', 'text', 'pg_catalog.split_part($1, $2, $3)'),
               ('lpad', 'text, integer, text', 'text', 'pg_catalog.lpad($1, $2, $3)'),
               ('quote_ident', 'text', 'text', 'pg_catalog.quote_ident($1)'),
               ('pg_has_role', 'name, name, text', 'boolean', 'pg_catalog.pg_has_role($1, $2, $3)'),
               ('pg_get_userbyid', 'oid', 'name', 'pg_catalog.pg_get_userbyid($1)'),
               ('kronor', 'kommunrapport.belopp', 'numeric', 'kommunrapport.kronor($1)'),
               ('belopp', 'numeric', 'kommunrapport.belopp', 'kommunrapport.belopp($1)'),
               ('ar', 'kommunrapport.period', 'integer', 'kommunrapport.ar($1)'),
               ('forsta_manad', 'kommunrapport.period', 'integer', 'kommunrapport.forsta_manad($1)'),
               ('sista_manad', 'kommunrapport.period', 'integer', 'kommunrapport.sista_manad($1)'),
               ('manader', 'kommunrapport.period', 'integer', 'kommunrapport.manader($1)'),
               ('helar', 'integer', 'kommunrapport.period', 'kommunrapport.helar($1)'),
               ('period', 'integer, integer, integer', 'kommunrapport.period', 'kommunrapport.period($1, $2, $3)'),
               ('visa', 'kommunrapport.period', 'text', 'kommunrapport.visa($1)'),
               ('visa', 'kommunrapport.belopp, text, integer', 'text', 'kommunrapport.visa($1, $2, $3)'),
               ('periodisera', 'kommunrapport.belopp, kommunrapport.period, numeric[]', 'kommunrapport.belopp',
                'kommunrapport.periodisera($1, $2, $3)'),
               ('avvikelse', 'kommunrapport.belopp, kommunrapport.belopp, kommunrapport.tecken', 'kommunrapport.belopp',
                'kommunrapport.avvikelse($1, $2, $3)'),
               ('teckenfaktor', 'kommunrapport.tecken', 'integer', 'kommunrapport.teckenfaktor($1)'),
               ('slutdatum', 'kommunrapport.period', 'date', 'kommunrapport.slutdatum($1)'),
               ('behorig', 'text, name', 'boolean', 'kommunrapport.behorig($1, $2)'),
               ('far_skapa_roller', 'name', 'boolean', 'kommunrapport.far_skapa_roller($1)'),
               ('direkta_medlemmar', 'name', 'TABLE (medlem oid, namn name)', '* FROM kommunrapport.direkta_medlemmar($1)'),
               ('aktuell_anvandare', '', 'name', 'kommunrapport.aktuell_anvandare()'),
               ('aterlasning_pagar', '', 'boolean', 'kommunrapport.aterlasning_pagar()'),
               ('stangd_del', 'text, text, jsonb', 'kommunrapport.period', 'kommunrapport.stangd_del($1, $2, $3)'),
               ('gallande_ram', 'text, integer, date', 'kommunrapport.belopp', 'kommunrapport.gallande_ram($1, $2, $3)'),
               ('avrundningsenhet', 'numeric[]', 'numeric', 'kommunrapport.avrundningsenhet($1)'),
               ('visa_avrundat', 'kommunrapport.belopp, numeric', 'text', 'kommunrapport.visa_avrundat($1, $2)'),
               ('slututfall_finns', 'integer, text', 'boolean', 'kommunrapport.slututfall_finns($1, $2)'),
               ('ramjusteringsslag_text', 'kommunrapport.ramjusteringsslag', 'text', 'kommunrapport.ramjusteringsslag_text($1)'),
               ('inom_avrundning', 'numeric, numeric, integer, integer', 'boolean', 'kommunrapport.inom_avrundning($1, $2, $3, $4)')
       ) f(n, a, r, g);

-- operators with the exact argument types of the extension's expressions
CREATE FUNCTION fientlig.falla_op(vanster text, hoger text, ret text, op text) RETURNS void
    LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $f$
DECLARE
    fn  text := 'op_' || md5(op || coalesce(vanster, '') || hoger);
    sig text := coalesce(vanster || ', ', '') || hoger;
    gor text := CASE WHEN vanster IS NULL THEN format('OPERATOR(pg_catalog.%s) $1', op)
                     ELSE format('$1 OPERATOR(pg_catalog.%s) $2', op) END;
BEGIN
    EXECUTE format($$CREATE FUNCTION fientlig.%I(%s) RETURNS %s LANGUAGE sql VOLATILE
                    SET search_path = pg_catalog, pg_temp AS %L$$,
                   fn, sig, ret,
                   format('INSERT INTO fientlig.fangst (falla) VALUES (%L); SELECT %s',
                          'operator ' || op || ' (' || coalesce(vanster, 'NONE') || ', ' || hoger || ')', gor));
    EXECUTE format('CREATE OPERATOR fientlig.%s (FUNCTION = fientlig.%I, %s RIGHTARG = %s)',
                   op, fn, CASE WHEN vanster IS NOT NULL THEN format('LEFTARG = %s,', vanster) ELSE '' END, hoger);
END $f$;

SELECT fientlig.falla_op(o.l, o.r, o.ret, o.op)
  FROM (VALUES ('text', 'text', 'boolean', '='), ('text', 'text', 'boolean', '<>'), ('text', 'text', 'text', '||'),
               ('name', 'name', 'boolean', '='), ('oid', 'oid', 'boolean', '='),
               ('integer', 'integer', 'boolean', '='), ('integer', 'integer', 'boolean', '<>'),
               ('integer', 'integer', 'boolean', '<'), ('integer', 'integer', 'boolean', '<='),
               ('integer', 'integer', 'boolean', '>'), ('integer', 'integer', 'boolean', '>='),
               ('integer', 'integer', 'integer', '+'), ('integer', 'integer', 'integer', '-'),
               ('integer', 'integer', 'integer', '*'), (NULL, 'integer', 'integer', '-'),
               ('bigint', 'bigint', 'bigint', '-'), ('bigint', 'bigint', 'bigint', '+'),
               ('integer', 'numeric', 'numeric', '*'), ('numeric', 'integer', 'numeric', '*'),
               ('numeric', 'integer', 'numeric', '/'), ('numeric', 'numeric', 'numeric', '-'),
               ('numeric', 'numeric', 'numeric', '+'), ('numeric', 'numeric', 'numeric', '*'),
               ('numeric', 'numeric', 'boolean', '<='), ('numeric', 'numeric', 'boolean', '<'),
               ('numeric', 'numeric', 'boolean', '='), ('numeric', 'numeric', 'boolean', '<>'),
               ('date', 'date', 'boolean', '='), ('date', 'date', 'boolean', '<='),
               ('date', 'date', 'boolean', '<'), ('date', 'date', 'boolean', '>'),
               ('jsonb', 'text', 'text', '->>'),
               ('kommunrapport.belopp', 'kommunrapport.belopp', 'boolean', '='),
               ('kommunrapport.belopp', 'kommunrapport.belopp', 'boolean', '<>'),
               ('kommunrapport.belopp', 'kommunrapport.belopp', 'boolean', '<'),
               ('kommunrapport.belopp', 'kommunrapport.belopp', 'kommunrapport.belopp', '+'),
               ('kommunrapport.belopp', 'kommunrapport.belopp', 'kommunrapport.belopp', '-'),
               ('kommunrapport.belopp', 'integer', 'kommunrapport.belopp', '*'),
               ('kommunrapport.period', 'kommunrapport.period', 'boolean', '='),
               ('kommunrapport.period', 'kommunrapport.period', 'boolean', '<>'),
               ('kommunrapport.period', 'kommunrapport.period', 'boolean', '<@')
       ) o(l, r, ret, op);

-- aggregates: duplicates of the built-ins and of the belopp aggregates, and
-- count(record), which wins over count("any") for a row argument
CREATE FUNCTION fientlig.steg_numeric(numeric, numeric) RETURNS numeric LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$INSERT INTO fientlig.fangst (falla) VALUES ('aggregate over numeric'); SELECT coalesce($1, 0) OPERATOR(pg_catalog.+) $2$$;
CREATE FUNCTION fientlig.steg_belopp(kommunrapport.belopp, kommunrapport.belopp) RETURNS kommunrapport.belopp LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$INSERT INTO fientlig.fangst (falla) VALUES ('aggregate over belopp'); SELECT coalesce($1, '0') OPERATOR(pg_catalog.+) $2$$;
CREATE FUNCTION fientlig.steg_int(bigint, integer) RETURNS bigint LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$INSERT INTO fientlig.fangst (falla) VALUES ('aggregate over integer'); SELECT coalesce($1, 0) OPERATOR(pg_catalog.+) $2$$;
CREATE FUNCTION fientlig.steg_text(text, text) RETURNS text LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$INSERT INTO fientlig.fangst (falla) VALUES ('aggregate over text'); SELECT $2$$;
CREATE FUNCTION fientlig.steg_text2(text, text, text) RETURNS text LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$INSERT INTO fientlig.fangst (falla) VALUES ('string_agg(text, text)'); SELECT $2$$;
CREATE FUNCTION fientlig.steg_bool(boolean, boolean) RETURNS boolean LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$INSERT INTO fientlig.fangst (falla) VALUES ('bool_or(boolean)'); SELECT coalesce($1, false) OR $2$$;
CREATE FUNCTION fientlig.steg_record(bigint, record) RETURNS bigint LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$BEGIN INSERT INTO fientlig.fangst (falla) VALUES ('count(record)'); RETURN coalesce($1, 0) OPERATOR(pg_catalog.+) 1; END$$;
CREATE AGGREGATE fientlig.sum(numeric) (SFUNC = fientlig.steg_numeric, STYPE = numeric);
CREATE AGGREGATE fientlig.max(numeric) (SFUNC = fientlig.steg_numeric, STYPE = numeric);
CREATE AGGREGATE fientlig.sum(kommunrapport.belopp) (SFUNC = fientlig.steg_belopp, STYPE = kommunrapport.belopp);
CREATE AGGREGATE fientlig.max(kommunrapport.belopp) (SFUNC = fientlig.steg_belopp, STYPE = kommunrapport.belopp);
CREATE AGGREGATE fientlig.min(kommunrapport.belopp) (SFUNC = fientlig.steg_belopp, STYPE = kommunrapport.belopp);
CREATE AGGREGATE fientlig.sum(integer) (SFUNC = fientlig.steg_int, STYPE = bigint);
CREATE AGGREGATE fientlig.min(integer) (SFUNC = fientlig.steg_int, STYPE = bigint);
CREATE AGGREGATE fientlig.max(integer) (SFUNC = fientlig.steg_int, STYPE = bigint);
CREATE AGGREGATE fientlig.max(text) (SFUNC = fientlig.steg_text, STYPE = text);
CREATE AGGREGATE fientlig.array_agg(text) (SFUNC = fientlig.steg_text, STYPE = text);
CREATE AGGREGATE fientlig.string_agg(text, text) (SFUNC = fientlig.steg_text2, STYPE = text);
CREATE AGGREGATE fientlig.bool_or(boolean) (SFUNC = fientlig.steg_bool, STYPE = boolean);
CREATE AGGREGATE fientlig.count(record) (SFUNC = fientlig.steg_record, STYPE = bigint);
CREATE AGGREGATE public.count(record) (SFUNC = fientlig.steg_record, STYPE = bigint);

-- temporary views named as the extension's tables and as pg_roles: found
-- first for an unqualified table name; each records that it was read
CREATE FUNCTION fientlig.spion(text) RETURNS boolean LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp
    AS $$INSERT INTO fientlig.fangst (falla) VALUES ('pg_temp.' || $1); SELECT false$$;
DO $$
DECLARE
    t  text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_catalog.pg_class c
              WHERE c.relnamespace OPERATOR(pg_catalog.=) 'kommunrapport'::regnamespace
                AND c.relkind OPERATOR(pg_catalog.=) ANY (ARRAY['r', 'v']::"char"[])
    LOOP
        EXECUTE format('CREATE TEMP VIEW %I AS SELECT t.* FROM (SELECT fientlig.spion(%L)) s(ok), kommunrapport.%I t WHERE s.ok',
                       t, t, t);
        EXECUTE format('GRANT ALL ON pg_temp.%I TO PUBLIC', t);
    END LOOP;
END $$;
CREATE TEMP VIEW pg_roles AS SELECT r.* FROM (SELECT fientlig.spion('pg_roles')) s(ok), pg_catalog.pg_roles r WHERE s.ok;
GRANT ALL ON pg_temp.pg_roles TO PUBLIC;
RESET ROLE;
SET search_path = kommunrapport, public;
DELETE FROM fientlig.fangst;

SELECT cmp_ok((SELECT count(*) FROM pg_catalog.pg_proc WHERE pronamespace = 'fientlig'::regnamespace), '>', 100::bigint,
              'the hostile role has its traps in place');
-- a trap works: a call that resolves to one is recorded
SET search_path = fientlig, public, kommunrapport, pg_catalog;
SELECT lower('X') AS trap_check \gset
RESET search_path;
SET search_path = kommunrapport, public;
SELECT is((SELECT array_agg(DISTINCT falla) FROM fientlig.fangst), ARRAY['lower(text)'],
          'a call that resolves to a trap is recorded (the traps work)');
DELETE FROM fientlig.fangst;

-- ok_utan_fallor(what): no trap was called since the last check
CREATE FUNCTION pg_temp.inga_fallor(vad text) RETURNS text LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp AS $$
    WITH f AS (DELETE FROM fientlig.fangst RETURNING falla)
    SELECT coalesce((SELECT string_agg(DISTINCT falla, ', ') FROM f), '') $$;

-- ---------------------------------------------------------------------------
-- the victim: a superuser with the hostile schema first, pg_catalog last
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE fick (namn text PRIMARY KEY, varde text, fallor text);
GRANT ALL ON fick TO PUBLIC;
CREATE FUNCTION pg_temp.fa(namn text, varde text) RETURNS void LANGUAGE sql VOLATILE
    SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO pg_temp.fick VALUES ($1, $2, pg_temp.inga_fallor($1)) $$;

SET search_path = fientlig, public, kommunrapport, pg_catalog;
SELECT pg_temp.fa('driftsammandrag', (SELECT array_agg(d ORDER BY d.sortering)::text FROM kommunrapport.driftsammandrag(2024, 'jan-feb 2024') d));
SELECT pg_temp.fa('driftsammandrag_avrundad', (SELECT array_agg(d ORDER BY d.sortering)::text FROM kommunrapport.driftsammandrag_avrundad(2024, 'jan-feb 2024', NULL, 'tkr', 1) d));
SELECT pg_temp.fa('prognosforandringar', (SELECT array_agg(d ORDER BY d.sortering)::text FROM kommunrapport.prognosforandringar(2024) d));
SELECT pg_temp.fa('prognossakerhet', (SELECT array_agg(d ORDER BY d.sortering)::text FROM kommunrapport.prognossakerhet(2024) d));
SELECT pg_temp.fa('prognossakerhet_sammanfattning', (SELECT array_agg(d ORDER BY d.sortering)::text FROM kommunrapport.prognossakerhet_sammanfattning(2024) d));
SELECT pg_temp.fa('avstamning', (SELECT array_agg(d ORDER BY d::text)::text FROM kommunrapport.avstamning(2024, 'jan-feb 2024') d));
SELECT pg_temp.fa('vyer', (SELECT ARRAY[(SELECT array_agg(v ORDER BY v::text)::text FROM kommunrapport.senaste_period v),
                                        (SELECT array_agg(v ORDER BY v::text)::text FROM kommunrapport.driftsammandrag_senaste v),
                                        (SELECT array_agg(v ORDER BY v::text)::text FROM kommunrapport.budget_gallande v),
                                        (SELECT array_agg(v ORDER BY v::text)::text FROM kommunrapport.utfall_manad v)]::text));
SELECT pg_temp.fa('las_tabell', (SELECT array_agg(t ORDER BY t.rad)::text
                                   FROM kommunrapport.las_tabell(E'Intäkter 1 634 1 500 134\nKostnader -2 000 -1 900 -100', 3, ARRAY['3 = 1 - 2']) t));
-- small functions one by one: 1 634 kr in tkr with one decimal is 1,6; the
-- frame of X on 31 December is 12 000 (no adjustment yet); X's outcome of
-- jan-feb and of 2024 has 4 units and rows (x1 INT and KOST, x2 INT and KB)
SELECT pg_temp.fa('sma', ARRAY[kommunrapport.visa('1634'::kommunrapport.belopp, 'tkr', 1),
                               kommunrapport.kronor(kommunrapport.gallande_ram('X', 2024, '2024-12-31'))::text,
                               kommunrapport.inom_avrundning(100.4, 100, 0)::text,
                               kommunrapport.inom_avrundning(101, 100, 0, 2)::text,
                               kommunrapport.avrundningsenhet(ARRAY[1200, 3400])::text,
                               kommunrapport.visa_avrundat('1200000', 100000),
                               kommunrapport.slututfall_finns(2024, 'X')::text,
                               (SELECT count(*) FROM kommunrapport.utfall_for_period('jan-feb 2024', 'X'))::text,
                               (SELECT count(*) FROM kommunrapport.utfall_for_perioder('jan-feb 2024', '2024', 'X'))::text,
                               (SELECT count(*) FROM kommunrapport.budget_for_period('jan-feb 2024', '2024-02-29', 'X'))::text,
                               (SELECT pg_catalog.string_agg(kod, ',' ORDER BY nr) FROM kommunrapport.prognosomgangar('jan-maj 2024')),
                               kommunrapport.teckenfaktor('kostnad')::text,
                               kommunrapport.slutdatum('jan-feb 2024')::text]::text);
RESET search_path;
SET search_path = kommunrapport, public;

SELECT is(f.fallor, '', 'superuser, hostile search_path: ' || f.namn || ' calls no trap')
  FROM fick f WHERE f.namn IN ('driftsammandrag', 'driftsammandrag_avrundad', 'prognosforandringar', 'prognossakerhet',
                               'prognossakerhet_sammanfattning', 'avstamning', 'vyer', 'las_tabell', 'sma')
 ORDER BY f.namn;
SELECT is(f.varde, r.varde, 'superuser, hostile search_path: ' || f.namn || ' gives what a clean search_path gives')
  FROM fick f JOIN ratt r USING (namn) ORDER BY f.namn;
SELECT is((SELECT varde FROM fick WHERE namn = 'sma'),
          ARRAY['1,6', '12000.00', 'true', 'true', '100', '1,2 mnkr', 'true', '4', '4', '3', 'maj,feb', '-1', '2024-02-29']::text,
          'superuser, hostile search_path: the small functions give the figures worked out by hand');

-- ---------------------------------------------------------------------------
-- writing as the superuser: triggers, loading, period close, frames
-- ---------------------------------------------------------------------------
DELETE FROM fick;
DELETE FROM fientlig.fangst;
SET search_path = fientlig, public, kommunrapport, pg_catalog;
-- outcome, budget and forecast rows: the period lock, the change log and the
-- profile check fire on insert, update and delete
INSERT INTO kommunrapport.utfall (namnd, enhet, rad, period, belopp) VALUES ('X', 'x1', 'INT', '2024-03', 10);
UPDATE kommunrapport.utfall SET belopp = '11' WHERE namnd OPERATOR(pg_catalog.=) 'X' AND period OPERATOR(pg_catalog.=) '2024-03';
DELETE FROM kommunrapport.utfall WHERE namnd OPERATOR(pg_catalog.=) 'X' AND period OPERATOR(pg_catalog.=) '2024-03';
INSERT INTO kommunrapport.budget (namnd, enhet, rad, period, giltig_fran, belopp, profil)
    VALUES ('X', 'x1', 'INT', '2024', '2024-07-01', 1250, '{1,1,1,1,1,1,1,1,1,1,1,1}');
UPDATE kommunrapport.budget SET belopp = '1260' WHERE namnd OPERATOR(pg_catalog.=) 'X' AND giltig_fran OPERATOR(pg_catalog.=) '2024-07-01';
DELETE FROM kommunrapport.budget WHERE namnd OPERATOR(pg_catalog.=) 'X' AND giltig_fran OPERATOR(pg_catalog.=) '2024-07-01';
INSERT INTO kommunrapport.prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('X', 'x2', 'INT', 2024, 'maj', 45);
UPDATE kommunrapport.prognos SET belopp = '46' WHERE namnd OPERATOR(pg_catalog.=) 'X' AND enhet OPERATOR(pg_catalog.=) 'x2' AND omgang OPERATOR(pg_catalog.=) 'maj';
DELETE FROM kommunrapport.prognos WHERE namnd OPERATOR(pg_catalog.=) 'X' AND enhet OPERATOR(pg_catalog.=) 'x2' AND omgang OPERATOR(pg_catalog.=) 'maj';
SELECT pg_temp.fa('utfall, budget och prognos', (SELECT count(*) FROM kommunrapport.andringslogg)::text);
-- loading
INSERT INTO kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp)
    VALUES ('X', 'x1', 'INT', '2024-03', 30), ('X', 'x1', 'INT', '2024-03', 3), ('X', 'x2', 'INT', '2024-03', 4);
SELECT pg_temp.fa('las_in_utfall', (SELECT array_agg(l)::text FROM kommunrapport.las_in_utfall() l));
INSERT INTO kommunrapport.inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp)
    VALUES ('X', 'x1', 'INT', 2024, 'maj', 1400), ('X', 'x2', 'INT', 2024, 'maj', 50);
SELECT pg_temp.fa('las_in_prognos', (SELECT array_agg(l)::text FROM kommunrapport.las_in_prognos() l));
SELECT pg_temp.fa('satt_budget', (SELECT kommunrapport.satt_budget('X', 'x2', 'INT', '2024', '2024-07-01', '480')::text));
-- period close: close, a refused change (its message is built with format),
-- reopen
SELECT pg_temp.fa('stang_period', kommunrapport.stang_period('X', 'jan-feb 2024')::text);
SELECT pg_temp.fa('stangd period nekar', (SELECT pg_temp.fel($$UPDATE kommunrapport.utfall SET belopp = '1' WHERE namnd OPERATOR(pg_catalog.=) 'X' AND period OPERATOR(pg_catalog.=) '2024-01' AND rad OPERATOR(pg_catalog.=) 'INT'$$)));
SELECT pg_temp.fa('oppna_period', kommunrapport.oppna_period('X', 'feb 2024', 'rättelse')::text);
-- frames: an adjustment, a correction and a transfer whose legs net to zero
INSERT INTO kommunrapport.ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut)
    VALUES ('X', 2024, '2024-02-01', 500, 'tillaggsanslag', 'KF', '§ 1');
INSERT INTO kommunrapport.ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut, rattar)
    SELECT 'X', 2024, '2024-02-02', -500, 'rattelse', 'KF', '§ 2', pg_catalog.max(id) FROM kommunrapport.ramjustering;
INSERT INTO kommunrapport.ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut)
    VALUES ('X', 2024, '2024-02-03', 200, 'omfordelning', 'KS', '§ 3'), ('Y', 2024, '2024-02-03', -200, 'omfordelning', 'KS', '§ 3');
SET CONSTRAINTS ALL IMMEDIATE;
SET CONSTRAINTS ALL DEFERRED;
SELECT pg_temp.fa('ramjustering', kommunrapport.kronor(kommunrapport.gallande_ram('X', 2024, '2024-12-31'))::text);
SELECT pg_temp.fa('bevilja och aterkalla', ARRAY[kommunrapport.bevilja('kr_sok_fientlig', 'Y')::text, kommunrapport.aterkalla('kr_sok_fientlig', 'Y')::text]::text);
RESET search_path;
SET search_path = kommunrapport, public;

SELECT is(f.fallor, '', 'superuser, hostile search_path: ' || f.namn || ' calls no trap')
  FROM fick f ORDER BY f.namn;
-- by hand: the change log holds the setup's 4 budget and 6 forecast rows and
-- the insert, update and delete of a budget and of a forecast above: 10 + 6 =
-- 16.  las_in_utfall: X, March, 2 units and rows (x1 30 + 3, x2 4);
-- las_in_prognos: X, maj, 2; the frame of X: 12 000 + 500 − 500 (corrected)
-- + 200 (transfer from Y) = 12 200; a closed month refuses a change: 55000
SELECT results_eq(
    $$SELECT namn, varde FROM fick WHERE namn IN ('utfall, budget och prognos', 'las_in_utfall', 'las_in_prognos',
                                                'stangd period nekar', 'ramjustering') ORDER BY namn$$,
    $$VALUES ('las_in_prognos', '{"(X,2024,maj,2)"}'),
             ('las_in_utfall', '{"(X,2024-03..2024-03,2)"}'),
             ('ramjustering', '12200.00'),
             ('stangd period nekar', '55000'),
             ('utfall, budget och prognos', '16')$$,
    'superuser, hostile search_path: loads, the period lock and the frame ledger do what they do with a clean one');
SELECT results_eq(
    $$SELECT enhet, kronor(belopp) FROM kommunrapport.utfall WHERE namnd = 'X' AND period = '2024-03' ORDER BY enhet$$,
    $$VALUES ('x1'::text, 33.00), ('x2', 4.00)$$,
    'las_in_utfall: staged lines of one unit and row summed (30 + 3 = 33)');

-- ---------------------------------------------------------------------------
-- the controller, with the same hostile search_path
-- ---------------------------------------------------------------------------
DELETE FROM fick;
DELETE FROM fientlig.fangst;
SET ROLE kr_sok_controller;
SET search_path = fientlig, public, kommunrapport, pg_catalog;
SELECT pg_temp.fa('driftsammandrag', (SELECT array_agg(d ORDER BY d.sortering)::text FROM kommunrapport.driftsammandrag(2024, 'jan-feb 2024') d));
SELECT pg_temp.fa('prognossakerhet_sammanfattning', (SELECT array_agg(d ORDER BY d.sortering)::text FROM kommunrapport.prognossakerhet_sammanfattning(2024) d));
SELECT pg_temp.fa('avstamning', (SELECT count(*)::text FROM kommunrapport.avstamning(2024, 'jan-feb 2024') d));
INSERT INTO kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp) VALUES ('Y', 'y1', 'INT', '2024-03', 9);
SELECT pg_temp.fa('las_in_utfall', (SELECT array_agg(l)::text FROM kommunrapport.las_in_utfall() l));
INSERT INTO kommunrapport.prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES ('Y', 'y1', 'KOST', 2024, 'maj', -1);
SELECT pg_temp.fa('prognos', NULL);
SELECT pg_temp.fa('stang_period', kommunrapport.stang_period('Y', 'jan 2024')::text);
SELECT pg_temp.fa('stangd period nekar', (SELECT pg_temp.fel($$DELETE FROM kommunrapport.utfall WHERE namnd OPERATOR(pg_catalog.=) 'Y' AND period OPERATOR(pg_catalog.=) '2024-01'$$)));
SELECT pg_temp.fa('oppna_period', kommunrapport.oppna_period('Y', 'jan 2024', 'rättelse')::text);
RESET search_path;
RESET ROLE;
SET search_path = kommunrapport, public;

SELECT is(f.fallor, '', 'controller, hostile search_path: ' || f.namn || ' calls no trap')
  FROM fick f ORDER BY f.namn;
SELECT results_eq(
    $$SELECT namn, varde FROM fick WHERE namn IN ('las_in_utfall', 'stangd period nekar') ORDER BY namn$$,
    $$VALUES ('las_in_utfall', '{"(Y,2024-03..2024-03,1)"}'), ('stangd period nekar', '55000')$$,
    'controller, hostile search_path: the load and the period lock work as with a clean one');
SELECT is((SELECT varde FROM fick WHERE namn = 'driftsammandrag'), (SELECT varde FROM ratt WHERE namn = 'driftsammandrag'),
          'controller, hostile search_path: driftsammandrag as the superuser saw it with a clean search_path');

SELECT * FROM finish();
ROLLBACK;
