
-----------------------------------------------------------------------------
-- the tables and functions as a sharded server (Citus) can take them
-----------------------------------------------------------------------------
-- Outcome, budget and forecasts refer to their unit without ON UPDATE
-- CASCADE: a unit or committee that has figures keeps its code (renaming it
-- is refused, 23503), and the committee can be the distribution key.  The
-- change log's primary key holds the committee.  No row changes.
ALTER TABLE @extschema@.utfall DROP CONSTRAINT utfall_namnd_enhet_fkey,
    ADD CONSTRAINT utfall_namnd_enhet_fkey FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod);
ALTER TABLE @extschema@.budget DROP CONSTRAINT budget_namnd_enhet_fkey,
    ADD CONSTRAINT budget_namnd_enhet_fkey FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod);
ALTER TABLE @extschema@.prognos DROP CONSTRAINT prognos_namnd_enhet_fkey,
    ADD CONSTRAINT prognos_namnd_enhet_fkey FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod);
ALTER TABLE @extschema@.andringslogg DROP CONSTRAINT andringslogg_pkey,
    ADD CONSTRAINT andringslogg_pkey PRIMARY KEY (namnd, id);

-- The functions that read the report tables are PL/pgSQL: a sharded server
-- plans each of their queries with its parameters bound, which it cannot do
-- for a SQL function's (the others are dropped and created again by
-- 50_rapporter.sql and 30_behorighet.sql)
--@ ersatt 60_rapporter.sql: FUNCTION prognosomgangar, FUNCTION rad_over
--@ ersatt 80_avstamning.sql: FUNCTION gallande_ram
--@ ersatt 58_inlasning.sql: FUNCTION satt_budget
--@ skapa 60_rapporter.sql: FUNCTION prognos_for_omgangar
--@ skapa 80_avstamning.sql: FUNCTION budget_profil, FUNCTION utfall_finns
