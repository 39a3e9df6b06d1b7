
-- comments on the casts of belopp, which 10_belopp.sql creates (the comments on
-- the operators and operator families stand next to them in 11_belopp_ops.sql)

COMMENT ON CAST (numeric AS @extschema@.belopp) IS 'kronor to belopp on assignment; fractions of an öre are an error';
COMMENT ON CAST (bigint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (integer AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (smallint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (@extschema@.belopp AS numeric) IS 'belopp to kronor, implicitly: amounts mix with numbers in numeric';
