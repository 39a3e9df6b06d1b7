
-----------------------------------------------------------------------------
-- the reports and the reconciliation, rebuilt on one roll-up and a registry
-- of checks
-----------------------------------------------------------------------------
-- 0.2.0 changes every report function: sort keys are structured values
-- (sorteringsnyckel), never text that joins codes; driftsammandrag,
-- prognosforandringar and prognossakerhet are leaf figures over one roll-up
-- (summera) computed in belopp; avstamning runs the checks of a registry
-- (avstamningskontroller) through one tolerance rule (tolerans); the helpers
-- take a committee as namnd and return it as namnd_kod, and a budget's
-- full-year figure is budget_helar.  Return types and parameter names
-- change, so the functions, their row types and the view over
-- driftsammandrag are dropped and created as a fresh install creates them;
-- grants made on them are kept.  publicerad.belopp becomes a belopp.

DO $$
BEGIN
    PERFORM pg_catalog.set_config('kommunrapport_uppgradering.behorigheter', coalesce((
        WITH objekt (slag, objekt, agare, acl) AS (
            SELECT 'FUNCTION', p.oid::pg_catalog.regprocedure::text, pg_catalog.pg_get_userbyid(p.proowner), p.proacl
              FROM pg_catalog.pg_proc p
             WHERE p.proacl IS NOT NULL
               AND p.oid OPERATOR(pg_catalog.=) ANY (ARRAY['@extschema@.utfall_for_period(@extschema@.period, text)',
                                                          '@extschema@.budget_for_period(@extschema@.period, date, text)',
                                                          '@extschema@.enhet_over(text)',
                                                          '@extschema@.enhet_ordning(text)',
                                                          '@extschema@.rad_ordning()',
                                                          '@extschema@.slututfall_finns(integer, text)',
                                                          '@extschema@.driftsammandrag(integer, @extschema@.period, text)',
                                                          '@extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer)',
                                                          '@extschema@.prognosforandringar(integer, text, text)',
                                                          '@extschema@.prognossakerhet(integer, text)',
                                                          '@extschema@.prognossakerhet_sammanfattning(integer, text)',
                                                          '@extschema@.inom_avrundning(numeric, numeric, integer, integer)',
                                                          '@extschema@.avstamning(integer, @extschema@.period, text)',
                                                          '@extschema@.prognostraffsakerhet(numeric, numeric)',
                                                          '@extschema@.prognostraffsakerhet(numeric, numeric, @extschema@.tecken)',
                                                          '@extschema@.prognostraffsakerhet(@extschema@.belopp, @extschema@.belopp)',
                                                          '@extschema@.prognostraffsakerhet(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken)']::pg_catalog.regprocedure[])
            UNION ALL
            SELECT 'TABLE', c.oid::pg_catalog.regclass::text, pg_catalog.pg_get_userbyid(c.relowner), c.relacl
              FROM pg_catalog.pg_class c
             WHERE c.relacl IS NOT NULL
               AND c.oid OPERATOR(pg_catalog.=) '@extschema@.driftsammandrag_senaste'::pg_catalog.regclass
        )
        SELECT pg_catalog.jsonb_agg(g.sats ORDER BY g.objekt, g.steg, g.sats)::text
          FROM (SELECT o.objekt, 1 AS steg,
                       pg_catalog.format('REVOKE ALL ON %s %s FROM PUBLIC, %I', o.slag, o.objekt, o.agare) AS sats
                  FROM objekt o
                UNION ALL
                SELECT o.objekt, 2,
                       pg_catalog.format('GRANT %s ON %s %s TO %s%s', a.privilege_type, o.slag, o.objekt,
                                         CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
                                              ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END,
                                         CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
                  FROM objekt o CROSS JOIN LATERAL pg_catalog.aclexplode(o.acl) a) g),
        '[]'), true);
END $$;

DROP VIEW @extschema@.driftsammandrag_senaste;
DROP FUNCTION @extschema@.avstamning(integer, @extschema@.period, text);
DROP FUNCTION @extschema@.inom_avrundning(numeric, numeric, integer, integer);
DROP FUNCTION @extschema@.prognossakerhet_sammanfattning(integer, text);
DROP FUNCTION @extschema@.prognossakerhet(integer, text);
DROP FUNCTION @extschema@.prognosforandringar(integer, text, text);
DROP FUNCTION @extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer);
DROP FUNCTION @extschema@.driftsammandrag(integer, @extschema@.period, text);
DROP FUNCTION @extschema@.slututfall_finns(integer, text);
DROP FUNCTION @extschema@.rad_ordning();
DROP FUNCTION @extschema@.enhet_ordning(text);
DROP FUNCTION @extschema@.enhet_over(text);
DROP FUNCTION @extschema@.budget_for_period(@extschema@.period, date, text);
DROP FUNCTION @extschema@.utfall_for_period(@extschema@.period, text);
DROP TYPE @extschema@.prognossakerhet_sammanfattning_rad;
DROP TYPE @extschema@.prognossakerhet_rad;
DROP TYPE @extschema@.prognosforandring_rad;
DROP TYPE @extschema@.driftsammandrag_rad;

-- prognostraffsakerhet over belopp keeps its state as a bytea of its exact
-- sums instead of an internal pointer, so that a sharded server can aggregate
-- on the shards; the aggregates are created again (the numeric forms as they
-- were, since they share the name)
DROP AGGREGATE @extschema@.prognostraffsakerhet(numeric, numeric);
DROP AGGREGATE @extschema@.prognostraffsakerhet(numeric, numeric, @extschema@.tecken);
DROP AGGREGATE @extschema@.prognostraffsakerhet(@extschema@.belopp, @extschema@.belopp);
DROP AGGREGATE @extschema@.prognostraffsakerhet(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken);
DROP FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(internal, @extschema@.belopp, @extschema@.belopp);
DROP FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(internal, @extschema@.belopp, @extschema@.belopp, @extschema@.tecken);
DROP FUNCTION @extschema@.prognostraffsakerhet_belopp_combine(internal, internal);
DROP FUNCTION @extschema@.prognostraffsakerhet_belopp_serialize(internal);
DROP FUNCTION @extschema@.prognostraffsakerhet_belopp_deserialize(bytea, internal);
DROP FUNCTION @extschema@.prognostraffsakerhet_belopp_final(internal);
--@ skapa 75_prognos.sql: FUNCTION prognostraffsakerhet_belopp_accum, FUNCTION prognostraffsakerhet_belopp_combine, FUNCTION prognostraffsakerhet_belopp_final, AGGREGATE prognostraffsakerhet

-- publicerad.belopp: numeric kronor become belopp.  A figure with a fraction
-- of an öre (or beyond a belopp's range) cannot be stored exactly; the upgrade
-- stops and names it rather than rounding it away.
DO $$
DECLARE
    antal    bigint;
    exempel  text;
BEGIN
    SELECT pg_catalog.count(*),
           pg_catalog.string_agg(pg_catalog.format('(%s, %s, %s, %s, %s, %s) = %s', p.namnd, p.tabell, p.enhet, p.rad,
                                                   p.kolumn, p.period, p.belopp), '; ')
      INTO antal, exempel
      FROM @extschema@.publicerad p
     WHERE p.belopp OPERATOR(pg_catalog.<>) pg_catalog.round(p.belopp, 2)
        OR pg_catalog.abs(p.belopp) OPERATOR(pg_catalog.>) 92233720368547758.07;
    IF antal OPERATOR(pg_catalog.>) 0 THEN
        RAISE EXCEPTION 'kommunrapport.publicerad holds % figure(s) that are not whole öre', antal
            USING ERRCODE = '22P02',
                  DETAIL = pg_catalog.format('publicerad.belopp becomes a belopp, an exact number of öre: %s', exempel),
                  HINT = 'Correct these figures (they were printed in kr, tkr or mnkr: whole öre at most), then run ALTER EXTENSION kommunrapport UPDATE again.';
    END IF;
END $$;
ALTER TABLE @extschema@.publicerad
    ALTER COLUMN belopp TYPE @extschema@.belopp USING belopp::@extschema@.belopp;

-- the report functions, their row types and the view, as a fresh install
-- creates them (copied from the install pieces when the script is built)

-- teckenfaktor is written so that the planner can inline it
--@ ersatt 60_rapporter.sql: FUNCTION teckenfaktor
--@ skapa 12_belopp_agg.sql: FUNCTION summa_per_matt_accum, FUNCTION summa_per_matt_final, FUNCTION summa_per_matt_combine, FUNCTION summa_per_matt_serialize, FUNCTION summa_per_matt_deserialize, AGGREGATE summa_per_matt
--@ skapa 60_rapporter.sql: FUNCTION kontrollera_namnd, FUNCTION utfall_for_period, FUNCTION utfall_for_perioder, FUNCTION budget_for_period, FUNCTION enhet_over, FUNCTION enhet_ordning, FUNCTION rad_ordning, TYPE sorteringsnyckel, TYPE figur, TYPE summa, FUNCTION summera, TYPE driftsammandrag_belopp_rad, FUNCTION per_namnd, FUNCTION driftsammandrag_belopp, TYPE driftsammandrag_rad, FUNCTION driftsammandrag, FUNCTION driftsammandrag_avrundad
--@ skapa 65_vyer.sql: VIEW driftsammandrag_senaste
--@ skapa 75_prognos.sql: TYPE prognosforandring_rad, FUNCTION prognosforandringar, FUNCTION slututfall_finns, TYPE prognossakerhet_belopp_rad, FUNCTION prognossakerhet_belopp, TYPE prognossakerhet_rad, FUNCTION prognossakerhet, TYPE prognossakerhet_sammanfattning_rad, FUNCTION prognossakerhet_sammanfattning
--@ skapa 80_avstamning.sql: FUNCTION tolerans, FUNCTION inom_avrundning, TYPE avstamningsrad, FUNCTION ram_avrundning, FUNCTION utfall_avrundning, FUNCTION budget_avrundning, FUNCTION kontrollrad, FUNCTION kontroll_resultat, FUNCTION kontroll_ackumulerat_resultat, FUNCTION kontroll_ackumulerat_ingaende, FUNCTION kontroll_budgetram, FUNCTION kontroll_kommunbidrag_bokfort, FUNCTION kontroll_statsbidrag_intaktsfort, FUNCTION kontroll_statsbidrag_beviljat, FUNCTION kontroll_statsbidrag_skuld, FUNCTION kontroll_statsbidrag_summa, FUNCTION kontroll_statsbidrag_resultat, FUNCTION kontroll_delsumma, FUNCTION avstamningskontroller, FUNCTION avstamning


-- the grants made on the dropped objects, as they were
DO $$
DECLARE
    sats  text;
BEGIN
    FOR sats IN
        SELECT s FROM pg_catalog.jsonb_array_elements_text(
                   pg_catalog.current_setting('kommunrapport_uppgradering.behorigheter')::pg_catalog.jsonb) s
    LOOP
        EXECUTE sats;
    END LOOP;
    PERFORM pg_catalog.set_config('kommunrapport_uppgradering.behorigheter', '', true);
END $$;
