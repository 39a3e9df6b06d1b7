-- Security of the extension as a hostile or unlucky user meets it:
--   1. LEAKPROOF only on the reviewed functions that can neither raise nor
--      reveal their input (a catalog lint);
--   2. no side channel through errors: a committee role that filters with
--      overflowing, dividing or casting expressions learns nothing about
--      another committee's amounts, through every table, view and report;
--   3. grants are memberships of the committee's role ("kr_namnd <committee>
--      <database>"): a dropped role breaks nobody's queries, a renamed role
--      keeps its grant, another database's role grants nothing, the role
--      follows its committee's new code and loses its members when the
--      committee is deleted (stada_behorighet() where the trigger did not
--      act), a name too long is refused, the ADMIN OPTION grants one
--      committee;
--   4. with the default search_path (kommunrapport not on it) sum(), -, /, =
--      over belopp are the exact belopp operators, never a silent detour
--      through numeric, and a hostile operator in public is never chosen.
--   5. no write or read reaches across committees where the role's own
--      rows would not show it: a row moved to another committee in the
--      change log (each committee sees its side), the closed months of a
--      committee not granted (stangd_del), the object map that sends a
--      ledger's amounts to a committee (controllers only, TRUNCATE too), the
--      legs of a transfer between committees that the role sees only in
--      part, and loading as a committee role (COPY refused, INSERT works).
-- Expected figures are computed by hand from the rows inserted here.
BEGIN;
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT plan(143);

-----------------------------------------------------------------------------
-- 1. LEAKPROOF lint
-----------------------------------------------------------------------------
-- The reviewed list: comparisons and hashes of the two fixed-size types, which
-- compare or hash integers and cannot fail on any value.  Arithmetic raises on
-- overflow (22003) or on division by zero (22012), input functions raise on
-- bad text: none of them may be here.  Adding a function to this list needs a
-- review of its C for every path that can raise.
SELECT set_eq(
    $$SELECT p.oid::regprocedure::text
        FROM pg_proc p
        JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
        JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kommunrapport'
       WHERE p.proleakproof$$,
    ARRAY['belopp_eq(belopp,belopp)', 'belopp_ne(belopp,belopp)', 'belopp_lt(belopp,belopp)',
          'belopp_le(belopp,belopp)', 'belopp_gt(belopp,belopp)', 'belopp_ge(belopp,belopp)',
          'belopp_cmp(belopp,belopp)', 'belopp_hash(belopp)', 'belopp_hash_extended(belopp,bigint)',
          'period_eq(period,period)', 'period_ne(period,period)', 'period_lt(period,period)',
          'period_le(period,period)', 'period_gt(period,period)', 'period_ge(period,period)',
          'period_cmp(period,period)', 'period_hash(period)', 'period_hash_extended(period,bigint)',
          'period_contains(period,period)', 'period_contained(period,period)'],
    'LEAKPROOF: exactly the reviewed comparison and hash functions');

SELECT is((SELECT count(*)::integer FROM pg_operator o JOIN pg_proc p ON p.oid = o.oprcode
            WHERE p.proleakproof AND o.oprname IN ('+', '-', '*', '/')
              AND (o.oprleft IN ('belopp'::regtype, 'period'::regtype)
                   OR o.oprright IN ('belopp'::regtype, 'period'::regtype))),
          0, 'LEAKPROOF: no arithmetic operator of belopp or period is leakproof');

-----------------------------------------------------------------------------
-- data: committee SYN (visible to kr_sak_a) with small amounts, committee
-- DOLD (hidden from it) with amounts near the top of belopp's range, so that
-- any expression below overflows or divides by zero on a DOLD row only
-----------------------------------------------------------------------------
INSERT INTO namnd (kod, namn) VALUES ('SYN', 'Synlig nämnd'), ('DOLD', 'Dold nämnd');
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES ('SYN', 'S1', 'Enhet S1', 1), ('DOLD', 'D1', 'Enhet D1', 1);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('KOST', 'Kostnader', 'kostnad', 'resultat', NULL, 10);
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'APR', 'Prognos april', 'jan-apr 2024', '2024-05-10');

-- SYN: -100 kr a month Jan-Apr; budget -1 200; forecast -1 300.
-- DOLD: -90 000 000 000 000 000 kr in January (9e18 öre of the 9.22e18 a
-- belopp holds); the same as budget and forecast.
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT 'SYN', 'S1', 'KOST', period(2024, m, m), '-100' FROM generate_series(1, 4) m;
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES
    ('DOLD', 'D1', 'KOST', 'jan 2024', '-90000000000000000');
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES
    ('SYN', 'S1', 'KOST', '2024', '2024-01-01', '-1200'),
    ('DOLD', 'D1', 'KOST', '2024', '2024-01-01', '-90000000000000000');
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('SYN', 'S1', 'KOST', 2024, 'APR', '-1300'),
    ('DOLD', 'D1', 'KOST', 2024, 'APR', '-90000000000000000');
INSERT INTO budgetram (namnd, ar, belopp) VALUES ('SYN', 2024, '1200'), ('DOLD', 2024, '90000000000000000');
INSERT INTO statsbidrag (namnd, ar, bidrag, ansokt, beviljat, erhallet, intaktsfort) VALUES
    ('SYN', 2024, 'Äldreomsorgslyftet', '500', '400', '400', '300'),
    ('DOLD', 2024, 'Äldreomsorgslyftet', '90000000000000000', '90000000000000000', '90000000000000000', '90000000000000000');
INSERT INTO ackumulerat_resultat (namnd, ar, ingaende, arets_resultat, utgaende) VALUES
    ('SYN', 2024, '100', '-50', '50'), ('DOLD', 2024, '90000000000000000', '0', '90000000000000000');

CREATE ROLE kr_sak_a NOLOGIN;
GRANT USAGE ON SCHEMA kommunrapport TO kr_sak_a;
GRANT SELECT ON ALL TABLES IN SCHEMA kommunrapport TO kr_sak_a;
SELECT bevilja('kr_sak_a', 'SYN');

-- Each probe: a query a committee role could write that raises on a DOLD row
-- (and on no SYN row) if its filter ever saw one.  Each must run without error
-- and return exactly the SYN rows.
CREATE TEMP TABLE prob (tabell text, villkor text, synliga integer);
INSERT INTO prob VALUES
    -- outcome: SYN has 4 rows of -100
    ('utfall', $$belopp + '-10000000000000000'::belopp < '0'::belopp$$, 4),        -- overflow of +
    ('utfall', $$belopp - '10000000000000000'::belopp < '0'::belopp$$, 4),         -- overflow of -
    ('utfall', $$belopp * 2 < '0'::belopp$$, 4),                                   -- overflow of *
    ('utfall', $$-belopp > '0'::belopp AND abs(belopp) * 1000 > '0'::belopp$$, 4), -- overflow of abs * 1000
    ('utfall', $$1 / (belopp::numeric + 90000000000000000) <> 0$$, 4),             -- division by zero
    ('utfall', $$belopp / ((belopp::numeric + 90000000000000000) / 90000000000000000)::integer < '0'::belopp$$, 4), -- belopp / 0
    ('utfall', $$belopp::numeric::integer < 0$$, 4),                               -- cast out of integer range
    ('utfall', $$(belopp::numeric * 100)::bigint::integer < 0$$, 4),               -- cast out of integer range
    ('utfall', $$visa(belopp, 'kr', 0)::integer < 0$$, 4),                         -- text of the amount as integer
    -- budget and forecast: one SYN row each
    ('budget', $$belopp + '-10000000000000000'::belopp < '0'::belopp$$, 1),
    ('budget', $$1 / (belopp::numeric + 90000000000000000) <> 0$$, 1),
    ('prognos', $$belopp - '10000000000000000'::belopp < '0'::belopp$$, 1),
    ('prognos', $$belopp::numeric::integer < 0$$, 1),
    ('budgetram', $$belopp + '10000000000000000'::belopp > '0'::belopp$$, 1),
    ('budgetram', $$1 / (belopp::numeric - 90000000000000000) <> 0$$, 1),
    ('statsbidrag', $$beviljat + '10000000000000000'::belopp > '0'::belopp$$, 1),
    ('statsbidrag', $$ansokt::numeric::integer > 0$$, 1),
    ('ackumulerat_resultat', $$ingaende * 2 > '0'::belopp$$, 1),
    ('ackumulerat_resultat', $$1 / (utgaende::numeric - 90000000000000000) <> 0$$, 1),
    -- views for reporting tools (security_invoker)
    ('budget_gallande', $$belopp + '-10000000000000000'::belopp < '0'::belopp$$, 1),
    ('utfall_manad', $$1 / (belopp::numeric + 90000000000000000) <> 0$$, 4),
    ('utfall_manad', $$belopp::numeric::integer < 0$$, 4);

CREATE FUNCTION pg_temp.prova(tabell text, villkor text) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM kommunrapport.%I WHERE %s', tabell, villkor) INTO n;
    RETURN n::text;
EXCEPTION WHEN others THEN
    RETURN 'ERROR ' || SQLSTATE || ': ' || SQLERRM;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.prova(text, text) TO kr_sak_a;
GRANT SELECT ON prob TO kr_sak_a;

SET ROLE kr_sak_a;
SELECT is(pg_temp.prova(tabell, villkor), synliga::text,
          format('side channel: %s WHERE %s sees only the granted committee, no error', tabell, villkor))
  FROM prob ORDER BY tabell, villkor;
RESET ROLE;
-- the same probes as the superuser, who sees DOLD: each must really raise (or
-- count the DOLD row), or the probe above proved nothing
SELECT isnt(pg_temp.prova(tabell, villkor), synliga::text,
            format('the probe %s WHERE %s does reach the DOLD row when it is visible', tabell, villkor))
  FROM prob ORDER BY tabell, villkor;

-- report functions, filtered by the role on their numeric results: the
-- functions return only SYN's rows, so the filter cannot reach DOLD's.
-- driftsammandrag jan-apr 2024 for SYN: S1/KOST outcome -400, the unit total
-- and committee total repeat it; budget spread 4/12 of -1 200 = -400.
SET ROLE kr_sak_a;
SELECT lives_ok($$SELECT count(*) FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024')
                   WHERE 1 / (utfall + 90000000000000000) <> 0 AND utfall::integer < 0$$,
    'side channel: driftsammandrag for every committee, filtered with a division and a cast, raises nothing');
SELECT is((SELECT array_agg(DISTINCT namnd_kod ORDER BY namnd_kod) FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024')),
    ARRAY['SYN'], 'driftsammandrag for every committee returns only the granted committee');
SELECT is((SELECT min(utfall) FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024')), -400::numeric,
    'driftsammandrag: the granted committee''s outcome jan-apr is -400 (4 x -100)');
SELECT throws_ok($$SELECT * FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024', 'DOLD')$$,
    '22023', 'no committee "DOLD"',
    'driftsammandrag of the hidden committee: the same error as for a committee that does not exist');
SELECT throws_ok($$SELECT * FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024', 'FINNS_EJ')$$,
    '22023', 'no committee "FINNS_EJ"', 'driftsammandrag of a committee that does not exist: 22023');
SELECT lives_ok($$SELECT count(*) FROM kommunrapport.driftsammandrag_senaste WHERE utfall::integer < 0$$,
    'side channel: the view driftsammandrag_senaste, filtered with a cast, raises nothing');
SELECT lives_ok($$SELECT count(*) FROM kommunrapport.prognosforandringar(2024)
                   WHERE 1 / (prognos + 90000000000000000) <> 0$$,
    'side channel: prognosforandringar for every committee, filtered with a division, raises nothing');
SELECT is((SELECT array_agg(DISTINCT namnd_kod ORDER BY namnd_kod) FROM kommunrapport.prognosforandringar(2024)),
    ARRAY['SYN'], 'prognosforandringar returns only the granted committee');
SELECT lives_ok($$SELECT count(*) FROM kommunrapport.avstamning(2024, 'jan-apr 2024')
                   WHERE coalesce(faktiskt, 0)::integer IS NOT NULL$$,
    'side channel: avstamning for every committee, filtered with a cast, raises nothing');
SELECT is((SELECT count(*)::integer FROM kommunrapport.avstamning(2024, 'jan-apr 2024') WHERE namnd_kod = 'DOLD'), 0,
    'avstamning returns no check of the hidden committee');
RESET ROLE;

-----------------------------------------------------------------------------
-- 3. grants are memberships of the committee's role, and follow the role
-----------------------------------------------------------------------------
SELECT is(behorighetsroll('DOLD'), ('kr_namnd DOLD ' || current_database())::name,
    'the role of committee DOLD is "kr_namnd DOLD <database>"');
SELECT is(behorighetsroll(NULL), ('kr_alla ' || current_database())::name,
    'the controllers'' role is "kr_alla <database>"');
CREATE ROLE kr_sak_borta NOLOGIN;
CREATE ROLE "Kr_Sak_Stor" NOLOGIN;
GRANT USAGE ON SCHEMA kommunrapport TO "Kr_Sak_Stor";
GRANT SELECT ON ALL TABLES IN SCHEMA kommunrapport TO "Kr_Sak_Stor";
SELECT lives_ok($$SELECT bevilja('kr_sak_borta', 'DOLD')$$, 'bevilja: a role that will be dropped is granted DOLD');
SELECT lives_ok($$SELECT bevilja('Kr_Sak_Stor', 'DOLD')$$, 'bevilja: a role with capitals in its name');
SELECT ok(pg_has_role('Kr_Sak_Stor', 'kr_namnd DOLD ' || current_database(), 'MEMBER')
          AND NOT pg_has_role('kr_sak_a', 'kr_namnd DOLD ' || current_database(), 'MEMBER'),
    'the grant made "Kr_Sak_Stor", and no other role, a member of DOLD''s role');
SELECT is((SELECT rolcanlogin FROM pg_roles WHERE rolname = 'kr_namnd DOLD ' || current_database()), false,
    'the committee''s role cannot log in');
DROP ROLE kr_sak_borta;
SELECT is((SELECT array_agg(r.rolname::text ORDER BY r.rolname) FROM behorighet b JOIN pg_roles r ON r.oid = b.roll WHERE b.namnd = 'DOLD'), ARRAY['Kr_Sak_Stor'],
    'the dropped role''s grant went with it: behorighet lists only the living grantee of DOLD');
-- the two helpers the grant functions share
SELECT is((SELECT array_agg(d.namn::text ORDER BY d.namn) FROM direkta_medlemmar(('kr_namnd DOLD ' || current_database())::name) d),
          ARRAY['Kr_Sak_Stor'],
    'direkta_medlemmar: DOLD''s role has one direct member, "Kr_Sak_Stor"');
SELECT is((SELECT d.medlem FROM direkta_medlemmar(('kr_namnd DOLD ' || current_database())::name) d),
          '"Kr_Sak_Stor"'::regrole::oid,
    'direkta_medlemmar: the member''s OID is the role''s');
SELECT is((SELECT count(*)::integer FROM direkta_medlemmar('kr_sak_ingen_sadan_roll')), 0,
    'direkta_medlemmar of a role that does not exist: none');
CREATE ROLE kr_sak_skapare NOLOGIN CREATEROLE;
SELECT is(ARRAY[far_skapa_roller(current_user), far_skapa_roller('kr_sak_skapare'), far_skapa_roller('kr_sak_a'),
                far_skapa_roller('kr_sak_ingen_sadan_roll')],
          ARRAY[true, true, false, false],
    'far_skapa_roller: the superuser and a CREATEROLE role may, a plain role and a role that does not exist may not');

SET ROLE kr_sak_a;
SELECT lives_ok($$SELECT count(*) FROM kommunrapport.utfall$$, 'after DROP ROLE of another grantee: outcome still readable');
SELECT is((SELECT count(*)::integer FROM kommunrapport.utfall), 4, 'after DROP ROLE: the role still sees its 4 outcome rows');
SELECT is((SELECT count(*)::integer FROM kommunrapport.namnd), 1, 'after DROP ROLE: the role sees its one committee');
SELECT lives_ok($$SELECT count(*) FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024')$$,
    'after DROP ROLE: driftsammandrag runs');
RESET ROLE;
SET ROLE "Kr_Sak_Stor";
SELECT is((SELECT array_agg(kod ORDER BY kod) FROM kommunrapport.namnd), ARRAY['DOLD'],
    'a role with capitals sees the committee it was granted');
RESET ROLE;

ALTER ROLE "Kr_Sak_Stor" RENAME TO kr_sak_omdopt;
SET ROLE kr_sak_omdopt;
SELECT is((SELECT array_agg(kod ORDER BY kod) FROM kommunrapport.namnd), ARRAY['DOLD'],
    'a renamed role keeps its grant');
RESET ROLE;
SELECT throws_ok($$SELECT aterkalla('kr_sak_borta', 'DOLD')$$, '42704', NULL,
    'aterkalla of a dropped role: the role does not exist (42704)');
SELECT lives_ok($$SELECT aterkalla('kr_sak_omdopt', 'DOLD')$$, 'aterkalla by the role''s new name');
SELECT is((SELECT count(*)::integer FROM behorighet WHERE namnd = 'DOLD'), 0, 'after aterkalla DOLD has no grantee');

-- the database in the role's name: a role of the same committee in another
-- database of the cluster grants nothing here
CREATE ROLE "kr_namnd DOLD kr_sak_annan_databas" NOLOGIN;
GRANT "kr_namnd DOLD kr_sak_annan_databas" TO kr_sak_a;
SET ROLE kr_sak_a;
SELECT is((SELECT array_agg(kod ORDER BY kod) FROM kommunrapport.namnd), ARRAY['SYN'],
    'membership of DOLD''s role of another database grants nothing here');
RESET ROLE;

-- a committee's role follows it: a new code renames the role, and a deleted
-- committee's role keeps no members, so that a committee created again with
-- the code starts without grants
INSERT INTO namnd (kod, namn) VALUES ('TILLF', 'Tillfälliga nämnden');
SELECT bevilja('kr_sak_a', 'TILLF');
UPDATE namnd SET kod = 'TILLF2' WHERE kod = 'TILLF';
SELECT ok(EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kr_namnd TILLF2 ' || current_database())
          AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kr_namnd TILLF ' || current_database()),
    'a committee''s new code renames its role');
SET ROLE kr_sak_a;
SELECT is((SELECT array_agg(kod ORDER BY kod) FROM kommunrapport.namnd), ARRAY['SYN', 'TILLF2'],
    'the grantee sees the committee under its new code');
RESET ROLE;
DELETE FROM namnd WHERE kod = 'TILLF2';
SELECT is((SELECT count(*)::integer FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid
            WHERE g.rolname = 'kr_namnd TILLF2 ' || current_database()), 0,
    'a deleted committee''s role has no members left');
INSERT INTO namnd (kod, namn) VALUES ('TILLF2', 'En ny nämnd med samma kod');
SET ROLE kr_sak_a;
SELECT is((SELECT array_agg(kod ORDER BY kod) FROM kommunrapport.namnd), ARRAY['SYN'],
    'a committee created again with a deleted one''s code is not granted to the old grantee');
RESET ROLE;
INSERT INTO namnd (kod, namn) VALUES ('TILLF3', 'Tillfälliga nämnden 3');
SELECT bevilja('kr_sak_a', 'TILLF3');
DO $$ BEGIN EXECUTE format('CREATE ROLE %I NOLOGIN', 'kr_namnd TILLF4 ' || current_database()); END $$;
SELECT throws_ok($$UPDATE namnd SET kod = 'TILLF4' WHERE kod = 'TILLF3'$$, '42710', NULL,
    'a new code whose role name is taken is refused (42710), the committee and its grants unchanged');

-- a committee deleted where the trigger does not act (triggers off, or in
-- shards): stada_behorighet() ends its grants and says which
SET session_replication_role = replica;
DELETE FROM namnd WHERE kod = 'TILLF3';
RESET session_replication_role;
SELECT ok(pg_has_role('kr_sak_a', 'kr_namnd TILLF3 ' || current_database(), 'MEMBER'),
    'with triggers off, the deleted committee''s role keeps its member');
SET ROLE kr_sak_a;
SELECT throws_ok($$SELECT * FROM kommunrapport.stada_behorighet()$$, '42501', NULL,
    'stada_behorighet without CREATEROLE: 42501');
RESET ROLE;
SELECT results_eq($$SELECT roll::regrole::text, namnd FROM stada_behorighet()$$,
    $$VALUES ('kr_sak_a'::text, 'TILLF3'::text)$$,
    'stada_behorighet ends the grant of the committee that is gone and says which');
SELECT is((SELECT count(*)::integer FROM stada_behorighet()), 0, 'stada_behorighet a second time ends nothing');
SELECT ok(NOT pg_has_role('kr_sak_a', 'kr_namnd TILLF3 ' || current_database(), 'MEMBER')
          AND pg_has_role('kr_sak_a', 'kr_namnd SYN ' || current_database(), 'MEMBER'),
    'the grant of the committee that is gone has ended, the living grant of SYN remains');

-- a role name cannot be longer than 63 bytes: such a committee cannot be
-- granted alone, and no role of a cut name is ever asked
INSERT INTO namnd (kod, namn) VALUES (repeat('L', 60), 'En nämnd med lång kod');
SELECT is(behorighetsroll(repeat('L', 60)), NULL, 'behorighetsroll: NULL where the name would not fit in 63 bytes');
SELECT throws_ok(format($$SELECT bevilja('kr_sak_a', %L)$$, repeat('L', 60)), '42622', NULL,
    'bevilja of a committee whose role name would not fit: 42622');
DO $$ BEGIN EXECUTE format('CREATE ROLE %I NOLOGIN', left('kr_namnd ' || repeat('L', 60) || ' ' || current_database(), 63)); END $$;
DO $$ BEGIN EXECUTE format('GRANT %I TO kr_sak_a', left('kr_namnd ' || repeat('L', 60) || ' ' || current_database(), 63)); END $$;
SELECT is(behorig(repeat('L', 60), 'kr_sak_a'), false,
    'behorig: membership of a role with the cut name grants nothing');

-- the ADMIN OPTION of a committee's role is enough to grant that committee
CREATE ROLE kr_sak_adm NOLOGIN;
GRANT USAGE ON SCHEMA kommunrapport TO kr_sak_adm;
GRANT SELECT ON ALL TABLES IN SCHEMA kommunrapport TO kr_sak_adm;
DO $$ BEGIN EXECUTE format('GRANT %I TO kr_sak_adm WITH ADMIN OPTION', 'kr_namnd SYN ' || current_database()); END $$;
SET ROLE kr_sak_adm;
SELECT lives_ok($$SELECT kommunrapport.bevilja('kr_sak_omdopt', 'SYN')$$,
    'with the ADMIN OPTION of SYN''s role: bevilja of SYN');
SELECT throws_ok($$SELECT kommunrapport.bevilja('kr_sak_omdopt', 'DOLD')$$, '42501', NULL,
    'with the ADMIN OPTION of SYN''s role only: bevilja of DOLD is 42501');
SELECT throws_ok($$SELECT kommunrapport.bevilja('kr_sak_omdopt')$$, '42501', NULL,
    'with the ADMIN OPTION of SYN''s role only: bevilja of every committee is 42501');
SELECT lives_ok($$SELECT kommunrapport.aterkalla('kr_sak_omdopt', 'SYN')$$,
    'with the ADMIN OPTION of SYN''s role: aterkalla of SYN');
RESET ROLE;

-----------------------------------------------------------------------------
-- 4. the default search_path
-----------------------------------------------------------------------------
SET search_path = "$user", public;
CREATE TEMP TABLE sp (b kommunrapport.belopp, p kommunrapport.period);
INSERT INTO sp VALUES ('10', 'jan-maj 2023'), ('20,50', '2023-03'), ('-5,25', '2023');
-- sum = 10 + 20,50 - 5,25 = 25,25; avg = 25,25 / 3 = 8,4166.. -> 8,42
SELECT is((SELECT pg_typeof(sum(b))::text FROM sp), 'kommunrapport.belopp', 'default search_path: sum(belopp) is belopp');
SELECT is((SELECT sum(b)::text FROM sp), '25.25', 'default search_path: sum is exact (10 + 20,50 - 5,25)');
SELECT is((SELECT pg_typeof(avg(b))::text FROM sp), 'kommunrapport.belopp', 'default search_path: avg(belopp) is belopp');
SELECT is((SELECT avg(b)::text FROM sp), '8.42', 'default search_path: avg is 25,25 / 3 rounded to whole öre');
SELECT is((SELECT pg_typeof(min(b))::text || ' ' || pg_typeof(max(b))::text FROM sp),
    'kommunrapport.belopp kommunrapport.belopp', 'default search_path: min and max are belopp');
SELECT is((SELECT min(b)::text || ' ' || max(b)::text FROM sp), '-5.25 20.50', 'default search_path: min -5,25, max 20,50');
SELECT is((SELECT pg_typeof(b - b)::text FROM sp LIMIT 1), 'kommunrapport.belopp', 'default search_path: belopp - belopp is belopp');
SELECT is((SELECT pg_typeof(b + b)::text FROM sp LIMIT 1), 'kommunrapport.belopp', 'default search_path: belopp + belopp is belopp');
SELECT is((SELECT pg_typeof(b / 2)::text FROM sp LIMIT 1), 'kommunrapport.belopp', 'default search_path: belopp / 2 is belopp');
SELECT is((SELECT string_agg((b / 2)::text, ' ' ORDER BY b) FROM sp), '-2.63 5.00 10.25',
    'default search_path: / 2 rounds half away from zero (-5,25 / 2 = -2,625 -> -2,63)');
SELECT is((SELECT pg_typeof(b * 2)::text || ' ' || pg_typeof(-b)::text || ' ' || pg_typeof(abs(b))::text FROM sp LIMIT 1),
    'kommunrapport.belopp kommunrapport.belopp kommunrapport.belopp', 'default search_path: *, unary - and abs are belopp');
SELECT is((SELECT pg_typeof(b / b)::text FROM sp LIMIT 1), 'numeric', 'default search_path: belopp / belopp is the numeric ratio');
SELECT throws_ok($$SELECT b * b FROM sp$$, '42883', NULL, 'default search_path: belopp * belopp is still the clear error');
SELECT ok((SELECT count(*) = 3 FROM sp WHERE b = b), 'default search_path: belopp = belopp compares');
SELECT is((SELECT count(*)::integer FROM sp WHERE p @> 'apr 2023'::kommunrapport.period), 2,
    'default search_path: period @> period (jan-maj and the year contain April, March does not)');
-- periods order by (year, first month, last month): (2023,1,5) and (2023,1,12)
-- come before feb 2023 = (2023,2,2); mar 2023 = (2023,3,3) does not
SELECT is((SELECT count(*)::integer FROM sp WHERE p < '2023-02'::kommunrapport.period), 2,
    'default search_path: period < period');
-- the planner finds the operator of the btree opclass, so a belopp index is used
CREATE FUNCTION pg_temp.plan_of(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN
    RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q;
END $$;
CREATE TEMP TABLE spi AS SELECT (i::text)::kommunrapport.belopp AS b FROM generate_series(1, 2000) i;
CREATE INDEX ON spi (b);
ANALYZE spi;
SET LOCAL enable_seqscan = off;
SELECT ok((SELECT string_agg(x, ' ') FROM (SELECT * FROM pg_temp.plan_of($$SELECT * FROM spi WHERE b = '1500'$$)) s(x)) ~ 'Index',
    'default search_path: WHERE b = ''1500'' uses the belopp index');
RESET enable_seqscan;
-- a hostile operator in public with the exact argument types is never chosen
CREATE FUNCTION public.elak_plus(kommunrapport.belopp, kommunrapport.belopp) RETURNS kommunrapport.belopp
    LANGUAGE sql AS $$ SELECT '666'::kommunrapport.belopp $$;
CREATE OPERATOR public.+ (FUNCTION = public.elak_plus, LEFTARG = kommunrapport.belopp, RIGHTARG = kommunrapport.belopp);
CREATE AGGREGATE public.sum(kommunrapport.belopp) (SFUNC = public.elak_plus, STYPE = kommunrapport.belopp);
SELECT is((SELECT (b + b)::text FROM sp WHERE b = '10'::kommunrapport.belopp), '20.00',
    'a hostile public.+ (belopp, belopp) is not chosen: 10 + 10 = 20');
SELECT is((SELECT sum(b)::text FROM sp), '25.25', 'a hostile public.sum(belopp) is not chosen');
SET search_path = kommunrapport, public;
SELECT is((SELECT (b + b)::text FROM sp WHERE b = '10'::belopp), '20.00',
    'with kommunrapport on the search_path the hostile operator is not chosen either');

-----------------------------------------------------------------------------
-- 5. reads and writes that reach across committees
-----------------------------------------------------------------------------
-- Fresh roles: kr_sak_s5 is granted SYN only, kr_sak_k5 every committee (a
-- controller); both may write the object map and the frame adjustments, as a
-- DBA would grant a finance team, TRUNCATE included.
CREATE ROLE kr_sak_s5 NOLOGIN;
CREATE ROLE kr_sak_k5 NOLOGIN;
GRANT USAGE ON SCHEMA kommunrapport TO kr_sak_s5, kr_sak_k5;
GRANT SELECT ON ALL TABLES IN SCHEMA kommunrapport TO kr_sak_s5, kr_sak_k5;
GRANT INSERT, UPDATE, DELETE, TRUNCATE ON kommunrapport.objektmappning, kommunrapport.ramjustering TO kr_sak_s5, kr_sak_k5;
SELECT bevilja('kr_sak_s5', 'SYN');
SELECT bevilja('kr_sak_k5');

-- a budget row moved from SYN to DOLD: the change log has SYN's side under
-- SYN (what left) and DOLD's under DOLD (what came)
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp) VALUES
    ('SYN', 'S1', 'KOST', '2024', '2024-06-01', '-1300');
UPDATE budget SET namnd = 'DOLD', enhet = 'D1' WHERE namnd = 'SYN' AND giltig_fran = '2024-06-01';
SELECT is((SELECT string_agg(namnd || ':' || (fore IS NOT NULL) || '/' || (efter IS NOT NULL) || ':'
                             || coalesce(fore->>'namnd', '-') || '>' || coalesce(efter->>'namnd', '-'), ' ' ORDER BY namnd DESC)
             FROM andringslogg WHERE operation = 'UPDATE' AND tabell = 'budget'
              AND coalesce(fore, efter)->>'giltig_fran' = '2024-06-01'),
    'SYN:true/false:SYN>- DOLD:false/true:->DOLD',
    'change log: a row moved to another committee is logged under the old one (before only) and the new one (after only)');
SET ROLE kr_sak_s5;
SELECT is((SELECT count(*)::integer FROM andringslogg WHERE operation = 'UPDATE' AND fore->>'giltig_fran' = '2024-06-01'), 1,
    'change log: the role granted SYN sees that its row left');
SELECT is((SELECT count(*)::integer FROM andringslogg WHERE fore->>'namnd' = 'DOLD' OR efter->>'namnd' = 'DOLD'), 0,
    'change log: and nothing of the row as DOLD''s');
RESET ROLE;

-- closed months: DOLD has January 2024 closed, SYN February
SELECT stang_period('DOLD', 'jan 2024');
SELECT stang_period('SYN', 'feb 2024');
SELECT is(stangd_del('utfall', 'DOLD', '{"period": "jan-mar 2024"}'), 'jan 2024'::period,
    'stangd_del as the superuser: DOLD''s outcome jan-mar 2024 touches its closed January');
SET ROLE kr_sak_s5;
SELECT is(stangd_del('utfall', 'SYN', '{"period": "jan-apr 2024"}'), 'feb 2024'::period,
    'stangd_del for the granted committee: SYN''s jan-apr 2024 touches its closed February');
SELECT is(stangd_del('utfall', 'SYN', '{"period": "mar 2024"}'), NULL::period,
    'stangd_del for the granted committee: March is open (NULL)');
SELECT throws_ok($$SELECT stangd_del('utfall', 'DOLD', '{"period": "jan-mar 2024"}')$$, '42501',
    'permission denied to read the closed months of committee "DOLD"',
    'stangd_del of a committee not granted: 42501, not its closed months');
SELECT throws_ok($$SELECT stangd_del('utfall', 'FINNS_EJ', '{"period": "jan 2024"}')$$, '42501',
    'permission denied to read the closed months of committee "FINNS_EJ"',
    'stangd_del of a committee that does not exist: the same 42501, so existence is not told either');
RESET ROLE;

-- the object map: ansvar 47 is SYN's unit S1, ansvar 48 DOLD's unit D1
INSERT INTO objektmappning (kommun, dimension, objekt_fran, objekt_till, namnd, enhet) VALUES
    ('Provstad', 1, '47', '47', 'SYN', 'S1'), ('Provstad', 1, '48', '48', 'DOLD', 'D1');
SET ROLE kr_sak_s5;
SELECT is((SELECT string_agg(objekt_fran || '=' || namnd, ',') FROM objektmappning), '47=SYN',
    'object map: a committee role reads its own committee''s entries only');
SELECT throws_ok($$INSERT INTO objektmappning (kommun, dimension, objekt_fran, objekt_till, namnd, enhet)
                   VALUES ('Provstad', 1, '4811', '4811', 'SYN', 'S1')$$, '42501', 'permission denied to change objektmappning',
    'object map: a committee role cannot map another committee''s objects to itself with a longer code (42501)');
SELECT throws_ok($$INSERT INTO objektmappning (kommun, dimension, objekt_fran, objekt_till, namnd, enhet)
                   VALUES ('Provstad', 1, '4711', '4711', 'SYN', 'S1')$$, '42501', 'permission denied to change objektmappning',
    'object map: nor add an entry within its own objects (42501)');
SELECT throws_ok($$UPDATE objektmappning SET kommentar = 'x'$$, '42501', 'permission denied to change objektmappning',
    'object map: a committee role cannot change its own entries (42501)');
SELECT throws_ok($$DELETE FROM objektmappning$$, '42501', 'permission denied to change objektmappning',
    'object map: nor delete them (42501)');
SELECT throws_ok($$TRUNCATE objektmappning$$, '42501', 'permission denied to change objektmappning',
    'object map: nor TRUNCATE it, which row-level security would not stop (42501)');
RESET ROLE;
SELECT is((SELECT string_agg(namnd || '/' || enhet, ',') FROM objekt_enhet('Provstad', 1, '4811', '2024-01-01')), 'DOLD/D1',
    'object map: after the refused writes, object 4811 still goes to DOLD''s unit D1');
SELECT is((SELECT count(*)::integer FROM objektmappning WHERE kommun = 'Provstad'), 2,
    'object map: both entries are still there');
SET ROLE kr_sak_k5;
SELECT lives_ok($$INSERT INTO objektmappning (kommun, dimension, objekt_fran, objekt_till, namnd, enhet)
                  VALUES ('Provstad', 1, '4811', '4811', 'SYN', 'S1')$$,
    'object map: a controller maps object 4811 to SYN within DOLD''s range');
RESET ROLE;
SELECT is((SELECT string_agg(namnd || '/' || enhet, ',') FROM objekt_enhet('Provstad', 1, '4811', '2024-01-01'))
          || ' ' || (SELECT string_agg(namnd || '/' || enhet, ',') FROM objekt_enhet('Provstad', 1, '4812', '2024-01-01')),
    'SYN/S1 DOLD/D1', 'object map: the controller''s longer entry decides object 4811 (SYN/S1); 4812 stays DOLD''s');

-- a transfer between committees: KF 2024-03-01 §60 moves 100 kr from SYN to
-- DOLD, recorded by the superuser with both legs
SET CONSTRAINTS omfordelning_netto IMMEDIATE;
SELECT lives_ok($$INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
                  ('SYN', 2024, '2024-03-01', '-100', 'omfordelning', 'KF', '2024-03-01 §60'),
                  ('DOLD', 2024, '2024-03-01', '100', 'omfordelning', 'KF', '2024-03-01 §60')$$,
    'transfer: both legs, -100 and +100, net to zero');
SET ROLE kr_sak_s5;
-- kr_sak_s5 sees the SYN leg (-100) only: a SYN leg of +100 nets to zero with
-- it, but the decision's legs then add up to +100
SELECT throws_ok($$INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut)
                   VALUES ('SYN', 2024, '2024-03-01', '100', 'omfordelning', 'KF', '2024-03-01 §60')$$,
    '42501', 'permission denied to record transfer KF 2024-03-01 §60',
    'transfer: a role that sees only its own legs cannot add one that nets to zero with them (42501)');
SELECT throws_ok($$INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut)
                   VALUES ('SYN', 2024, '2024-04-01', '-40', 'omfordelning', 'KF', '2024-04-01 §70')$$,
    '23514', 'transfer KF 2024-04-01 §70 does not net to zero',
    'transfer: a single leg of its own committee does not net to zero (23514)');
SELECT lives_ok($$INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut) VALUES
                  ('SYN', 2024, '2024-04-01', '-40', 'omfordelning', 'KS', '2024-04-01 §71'),
                  ('SYN', 2024, '2024-04-01', '40', 'omfordelning', 'KS', '2024-04-01 §71')$$,
    'transfer: legs all of committees the role is granted, netting to zero, are recorded');
RESET ROLE;
SELECT is((SELECT sum(belopp)::text || ' ' || count(*) FROM ramjustering WHERE beslut = '2024-03-01 §60'), '0.00 2',
    'transfer: KF §60 still has its two legs, netting to zero');
SET ROLE kr_sak_k5;
SELECT throws_ok($$INSERT INTO ramjustering (namnd, ar, datum, belopp, slag, beslutsorgan, beslut)
                   VALUES ('DOLD', 2024, '2024-03-01', '5', 'omfordelning', 'KF', '2024-03-01 §60')$$,
    '23514', 'transfer KF 2024-03-01 §60 does not net to zero',
    'transfer: a controller sees every leg; a third leg of +5 makes them add up to 5 (23514)');
RESET ROLE;
SET CONSTRAINTS omfordelning_netto DEFERRED;

-- loading as a committee role: PostgreSQL refuses COPY FROM into a table with
-- row-level security for every role it applies to (0A000), so such a role
-- stages with INSERT, e.g. from a temporary table it COPYs into (README)
GRANT INSERT, DELETE ON kommunrapport.inlasning_utfall TO kr_sak_s5;
GRANT INSERT, UPDATE, DELETE ON kommunrapport.utfall TO kr_sak_s5;
GRANT pg_read_server_files TO kr_sak_s5;
SET ROLE kr_sak_s5;
SELECT throws_ok($$COPY inlasning_utfall FROM '/dev/null'$$, '0A000', 'COPY FROM not supported with row-level security',
    'loading: COPY into the staging table as a committee role is refused by PostgreSQL (0A000)');
CREATE TEMP TABLE s5_fil (LIKE kommunrapport.inlasning_utfall);
INSERT INTO s5_fil VALUES ('SYN', 'S1', 'KOST', 'maj 2024', '-250', 'ERP'), ('SYN', 'S1', 'KOST', 'jun 2024', '-260', 'ERP');
SELECT lives_ok($$INSERT INTO inlasning_utfall SELECT * FROM s5_fil$$,
    'loading: the committee role stages its rows with INSERT ... SELECT from its own table');
SELECT is((SELECT string_agg(namnd || ' ' || period || ' ' || rader, ', ' ORDER BY period) FROM las_in_utfall()),
    'SYN 2024-05..2024-05 1, SYN 2024-06..2024-06 1', 'loading: las_in_utfall() as the committee role loads both months');
SELECT throws_ok($$INSERT INTO inlasning_utfall VALUES ('DOLD', 'D1', 'KOST', 'maj 2024', '-1', 'ERP')$$, '42501', NULL,
    'loading: the committee role cannot stage another committee''s rows (42501)');
RESET ROLE;
SELECT is((SELECT string_agg(kronor(belopp)::text, ' ' ORDER BY period) FROM utfall WHERE namnd = 'SYN' AND period >= 'maj 2024'),
    '-250.00 -260.00', 'loading: SYN''s May and June outcome is what the committee role staged');

SELECT * FROM finish();
ROLLBACK;
