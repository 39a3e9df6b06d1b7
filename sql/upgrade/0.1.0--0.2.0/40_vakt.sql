
-----------------------------------------------------------------------------
-- the guard: DROP EXTENSION does not delete report data by accident
-----------------------------------------------------------------------------

-- The report tables are members of the extension, so that pg_dump keeps their
-- rows with the extension (pg_extension_config_dump) and nobody can drop one of
-- them alone.  The price is that DROP EXTENSION would delete them; this event
-- trigger refuses that (2BP01) while any of them holds a row, names what would
-- be lost and says how to keep it.  See src/vakt.c.
CREATE FUNCTION @extschema@.vakta_borttagning() RETURNS event_trigger
    AS 'MODULE_PATHNAME', 'vakta_borttagning' LANGUAGE C;
COMMENT ON FUNCTION @extschema@.vakta_borttagning() IS
    'event trigger: refuses DROP EXTENSION kommunrapport (and DROP SCHEMA kommunrapport CASCADE, DROP OWNED BY its owner) while its report tables hold data (2BP01)';

CREATE FUNCTION @extschema@.tillat_borttagning_med_data() RETURNS void
    AS 'MODULE_PATHNAME', 'tillat_borttagning_med_data' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION @extschema@.tillat_borttagning_med_data() IS
    'the deliberate step: lets DROP EXTENSION kommunrapport in the same transaction delete every report table''s rows';
REVOKE ALL ON FUNCTION @extschema@.tillat_borttagning_med_data() FROM PUBLIC;

CREATE EVENT TRIGGER kommunrapport_vakt ON ddl_command_start
    WHEN TAG IN ('DROP EXTENSION', 'DROP SCHEMA', 'DROP OWNED')
    EXECUTE FUNCTION @extschema@.vakta_borttagning();
COMMENT ON EVENT TRIGGER kommunrapport_vakt IS
    'keeps DROP EXTENSION kommunrapport from deleting report data; see kommunrapport.tillat_borttagning_med_data()';
