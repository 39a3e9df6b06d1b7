
-- comments on the period operators and operator families

COMMENT ON OPERATOR pg_catalog.= (@extschema@.period, @extschema@.period) IS 'equal';
COMMENT ON OPERATOR pg_catalog.<> (@extschema@.period, @extschema@.period) IS 'not equal';
COMMENT ON OPERATOR pg_catalog.< (@extschema@.period, @extschema@.period) IS 'earlier (by year, first month, last month)';
COMMENT ON OPERATOR pg_catalog.<= (@extschema@.period, @extschema@.period) IS 'earlier or equal';
COMMENT ON OPERATOR pg_catalog.> (@extschema@.period, @extschema@.period) IS 'later (by year, first month, last month)';
COMMENT ON OPERATOR pg_catalog.>= (@extschema@.period, @extschema@.period) IS 'later or equal';
COMMENT ON OPERATOR pg_catalog.@> (@extschema@.period, @extschema@.period) IS 'contains';
COMMENT ON OPERATOR pg_catalog.<@ (@extschema@.period, @extschema@.period) IS 'is contained in';
COMMENT ON OPERATOR FAMILY @extschema@.period_ops USING btree IS 'btree ordering of periods';
COMMENT ON OPERATOR FAMILY @extschema@.period_hash_ops USING hash IS 'hashing of periods';
