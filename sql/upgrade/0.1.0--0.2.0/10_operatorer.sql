
-- belopp + and - raise on overflow: they are not leakproof -------------------------

ALTER FUNCTION @extschema@.belopp_pl(@extschema@.belopp, @extschema@.belopp) NOT LEAKPROOF;
ALTER FUNCTION @extschema@.belopp_mi(@extschema@.belopp, @extschema@.belopp) NOT LEAKPROOF;

-- the operators of belopp and period, the belopp aggregates and abs(belopp) move
-- to pg_catalog, so that they resolve whatever the search_path (see
-- sql/install/11_belopp_ops.sql); indexes, views and stored expressions refer
-- to them by OID and stay as they are

ALTER OPERATOR @extschema@.* (bigint, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (integer, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, bigint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, integer) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, numeric) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (@extschema@.belopp, smallint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (numeric, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.* (smallint, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.+ (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.- (NONE, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.- (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, bigint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, integer) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, numeric) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@./ (@extschema@.belopp, smallint) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.< (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<= (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<> (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.<@ (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.= (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.= (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.> (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.belopp, @extschema@.belopp) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.>= (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER OPERATOR @extschema@.@> (@extschema@.period, @extschema@.period) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.avg(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.max(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.min(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER AGGREGATE @extschema@.sum(@extschema@.belopp) SET SCHEMA pg_catalog;
ALTER FUNCTION @extschema@.abs(@extschema@.belopp) SET SCHEMA pg_catalog;

-- The functions whose bodies are parsed at run time and named the moved
-- objects with the extension's schema (las_in_utfall, las_in_prognos,
-- driftsammandrag, prognosforandringar, prognossakerhet) are replaced by the
-- later pieces 50_rapporter.sql and 95_inlasning_las.sql; nothing calls them in between.
