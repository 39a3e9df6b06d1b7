
-----------------------------------------------------------------------------
-- belopp: an exact amount of Swedish kronor, an int64 count of öre
-----------------------------------------------------------------------------

CREATE TYPE @extschema@.belopp;

CREATE FUNCTION @extschema@.belopp_in(cstring) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_in'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_in(cstring) IS
    'text input of belopp: "1 634", "−27,6 mnkr", "(5 943)", "+-0", with units kr, tkr, mnkr, mkr, mdkr';

CREATE FUNCTION @extschema@.belopp_out(@extschema@.belopp) RETURNS cstring
    AS 'MODULE_PATHNAME', 'belopp_out'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_out(@extschema@.belopp) IS
    'canonical text output of belopp, locale-independent: "-5943.00"';

CREATE FUNCTION @extschema@.belopp_recv(internal) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_recv'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_recv(internal) IS
    'binary input of belopp: a big-endian int64 count of öre';

CREATE FUNCTION @extschema@.belopp_send(@extschema@.belopp) RETURNS bytea
    AS 'MODULE_PATHNAME', 'belopp_send'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_send(@extschema@.belopp) IS
    'binary output of belopp: a big-endian int64 count of öre';

CREATE TYPE @extschema@.belopp (
    INPUT = @extschema@.belopp_in,
    OUTPUT = @extschema@.belopp_out,
    RECEIVE = @extschema@.belopp_recv,
    SEND = @extschema@.belopp_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain,
    CATEGORY = 'N'
);
COMMENT ON TYPE @extschema@.belopp IS
    'an exact amount of Swedish kronor, stored as a signed 64-bit count of öre';

-- casts ---------------------------------------------------------------------
-- Numbers become belopp only on assignment (INSERT, UPDATE, function
-- arguments of type belopp) or explicitly; belopp becomes numeric implicitly.
-- No implicit cast leads into belopp, so no expression over the built-in
-- number types ever meets a belopp operator as a candidate.

CREATE FUNCTION @extschema@.belopp(numeric) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_from_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp(numeric) IS
    'kronor as numeric to belopp; fractions of an öre are an error, never rounded';

CREATE FUNCTION @extschema@.belopp(bigint) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_from_int8'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp(bigint) IS 'whole kronor to belopp';

CREATE FUNCTION @extschema@.belopp(integer) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_from_int4'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp(integer) IS 'whole kronor to belopp';

CREATE FUNCTION @extschema@.belopp(smallint) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_from_int2'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp(smallint) IS 'whole kronor to belopp';

CREATE FUNCTION @extschema@.kronor(@extschema@.belopp) RETURNS numeric
    AS 'MODULE_PATHNAME', 'belopp_to_numeric'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.kronor(@extschema@.belopp) IS
    'the amount in kronor as numeric with two decimals';

CREATE CAST (numeric AS @extschema@.belopp)
    WITH FUNCTION @extschema@.belopp(numeric) AS ASSIGNMENT;
COMMENT ON CAST (numeric AS @extschema@.belopp) IS 'kronor to belopp on assignment; fractions of an öre are an error';
CREATE CAST (bigint AS @extschema@.belopp)
    WITH FUNCTION @extschema@.belopp(bigint) AS ASSIGNMENT;
COMMENT ON CAST (bigint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
CREATE CAST (integer AS @extschema@.belopp)
    WITH FUNCTION @extschema@.belopp(integer) AS ASSIGNMENT;
COMMENT ON CAST (integer AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
CREATE CAST (smallint AS @extschema@.belopp)
    WITH FUNCTION @extschema@.belopp(smallint) AS ASSIGNMENT;
COMMENT ON CAST (smallint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
CREATE CAST (@extschema@.belopp AS numeric)
    WITH FUNCTION @extschema@.kronor(@extschema@.belopp) AS IMPLICIT;
COMMENT ON CAST (@extschema@.belopp AS numeric) IS 'belopp to kronor, implicitly: amounts mix with numbers in numeric';

-- presentation ----------------------------------------------------------------

CREATE FUNCTION @extschema@.visa(belopp @extschema@.belopp, enhet text DEFAULT 'kr',
                                 decimaler integer DEFAULT NULL) RETURNS text
    AS 'MODULE_PATHNAME', 'belopp_visa_text'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.visa(@extschema@.belopp, text, integer) IS
    'Swedish presentation in a unit (kr, tkr, mnkr, mkr, mdkr), grouped by spaces with a decimal comma, rounded half away from zero; NULL decimaler shows the value exactly';

CREATE FUNCTION @extschema@.avrunda(belopp @extschema@.belopp, enhet text DEFAULT 'tkr',
                                    decimaler integer DEFAULT 0) RETURNS numeric
    AS 'MODULE_PATHNAME', 'belopp_avrunda'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avrunda(@extschema@.belopp, text, integer) IS
    'the amount in a unit, rounded half away from zero to the given decimals, as numeric';
