
-- comments on the operators, casts and operator families

COMMENT ON OPERATOR pg_catalog.+ (@extschema@.belopp, @extschema@.belopp) IS 'sum of two amounts';
COMMENT ON OPERATOR pg_catalog.- (@extschema@.belopp, @extschema@.belopp) IS 'difference of two amounts';
COMMENT ON OPERATOR pg_catalog.- (NONE, @extschema@.belopp) IS 'the negated amount';
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, smallint) IS 'amount times a whole number';
COMMENT ON OPERATOR pg_catalog.* (smallint, @extschema@.belopp) IS 'a whole number times an amount';
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, integer) IS 'amount times a whole number';
COMMENT ON OPERATOR pg_catalog.* (integer, @extschema@.belopp) IS 'a whole number times an amount';
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, bigint) IS 'amount times a whole number';
COMMENT ON OPERATOR pg_catalog.* (bigint, @extschema@.belopp) IS 'a whole number times an amount';
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, numeric) IS 'amount times a number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR pg_catalog.* (numeric, @extschema@.belopp) IS 'a number times an amount, rounded half away from zero to whole öre';
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, @extschema@.belopp) IS 'an error: amounts are multiplied by numbers, not by amounts';
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, smallint) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, integer) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, bigint) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, numeric) IS 'amount divided by a number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, @extschema@.belopp) IS 'the ratio of two amounts, as numeric';
COMMENT ON OPERATOR pg_catalog.= (@extschema@.belopp, @extschema@.belopp) IS 'equal';
COMMENT ON OPERATOR pg_catalog.<> (@extschema@.belopp, @extschema@.belopp) IS 'not equal';
COMMENT ON OPERATOR pg_catalog.< (@extschema@.belopp, @extschema@.belopp) IS 'less than';
COMMENT ON OPERATOR pg_catalog.<= (@extschema@.belopp, @extschema@.belopp) IS 'less than or equal';
COMMENT ON OPERATOR pg_catalog.> (@extschema@.belopp, @extschema@.belopp) IS 'greater than';
COMMENT ON OPERATOR pg_catalog.>= (@extschema@.belopp, @extschema@.belopp) IS 'greater than or equal';
COMMENT ON CAST (numeric AS @extschema@.belopp) IS 'kronor to belopp on assignment; fractions of an öre are an error';
COMMENT ON CAST (bigint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (integer AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (smallint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (@extschema@.belopp AS numeric) IS 'belopp to kronor, implicitly: amounts mix with numbers in numeric';
COMMENT ON OPERATOR FAMILY @extschema@.belopp_ops USING btree IS 'btree ordering of amounts';
COMMENT ON OPERATOR FAMILY @extschema@.belopp_hash_ops USING hash IS 'hashing of amounts';
