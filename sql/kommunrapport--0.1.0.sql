/*
 * kommunrapport -- Swedish municipal budget follow-up inside PostgreSQL.
 *
 * This install script is assembled from the pieces in sql/install/, one per
 * concept, in file-name order.  Every object lives in schema kommunrapport.
 */

-- complain if the script is sourced in psql rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION kommunrapport" to load this file. \quit

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
CREATE CAST (bigint AS @extschema@.belopp)
    WITH FUNCTION @extschema@.belopp(bigint) AS ASSIGNMENT;
CREATE CAST (integer AS @extschema@.belopp)
    WITH FUNCTION @extschema@.belopp(integer) AS ASSIGNMENT;
CREATE CAST (smallint AS @extschema@.belopp)
    WITH FUNCTION @extschema@.belopp(smallint) AS ASSIGNMENT;
CREATE CAST (@extschema@.belopp AS numeric)
    WITH FUNCTION @extschema@.kronor(@extschema@.belopp) AS IMPLICIT;

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

-- arithmetic ------------------------------------------------------------------

CREATE FUNCTION @extschema@.belopp_pl(@extschema@.belopp, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_pl' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.belopp_pl(@extschema@.belopp, @extschema@.belopp) IS
    'sum of two amounts; 22003 on overflow';
CREATE FUNCTION @extschema@.belopp_mi(@extschema@.belopp, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_mi' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.belopp_mi(@extschema@.belopp, @extschema@.belopp) IS
    'difference of two amounts; 22003 on overflow';
CREATE FUNCTION @extschema@.belopp_um(@extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_um' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_um(@extschema@.belopp) IS 'the negated amount';
CREATE FUNCTION @extschema@.abs(@extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_abs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.abs(@extschema@.belopp) IS 'the absolute value of an amount';

CREATE FUNCTION @extschema@.belopp_mul_int2(@extschema@.belopp, smallint) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_mul_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_mul_int2(@extschema@.belopp, smallint) IS 'amount times a whole number';
CREATE FUNCTION @extschema@.int2_mul_belopp(smallint, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'int2_mul_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int2_mul_belopp(smallint, @extschema@.belopp) IS 'a whole number times an amount';
CREATE FUNCTION @extschema@.belopp_mul_int4(@extschema@.belopp, integer) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_mul_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_mul_int4(@extschema@.belopp, integer) IS 'amount times a whole number';
CREATE FUNCTION @extschema@.int4_mul_belopp(integer, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'int4_mul_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int4_mul_belopp(integer, @extschema@.belopp) IS 'a whole number times an amount';
CREATE FUNCTION @extschema@.belopp_mul_int8(@extschema@.belopp, bigint) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_mul_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_mul_int8(@extschema@.belopp, bigint) IS 'amount times a whole number';
CREATE FUNCTION @extschema@.int8_mul_belopp(bigint, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'int8_mul_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.int8_mul_belopp(bigint, @extschema@.belopp) IS 'a whole number times an amount';
CREATE FUNCTION @extschema@.belopp_mul_numeric(@extschema@.belopp, numeric) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_mul_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_mul_numeric(@extschema@.belopp, numeric) IS
    'amount times a number, rounded half away from zero to whole öre';
CREATE FUNCTION @extschema@.numeric_mul_belopp(numeric, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'numeric_mul_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.numeric_mul_belopp(numeric, @extschema@.belopp) IS
    'a number times an amount, rounded half away from zero to whole öre';

CREATE FUNCTION @extschema@.belopp_mul_belopp(@extschema@.belopp, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_mul_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_mul_belopp(@extschema@.belopp, @extschema@.belopp) IS
    'always an error (kronor squared mean nothing): tells the user to multiply by a number instead';

CREATE FUNCTION @extschema@.belopp_div_int2(@extschema@.belopp, smallint) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_div_int2' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_div_int2(@extschema@.belopp, smallint) IS
    'amount divided by a whole number, rounded half away from zero to whole öre';
CREATE FUNCTION @extschema@.belopp_div_int4(@extschema@.belopp, integer) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_div_int4' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_div_int4(@extschema@.belopp, integer) IS
    'amount divided by a whole number, rounded half away from zero to whole öre';
CREATE FUNCTION @extschema@.belopp_div_int8(@extschema@.belopp, bigint) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_div_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_div_int8(@extschema@.belopp, bigint) IS
    'amount divided by a whole number, rounded half away from zero to whole öre';
CREATE FUNCTION @extschema@.belopp_div_numeric(@extschema@.belopp, numeric) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_div_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_div_numeric(@extschema@.belopp, numeric) IS
    'amount divided by a number, rounded half away from zero to whole öre';
CREATE FUNCTION @extschema@.belopp_div_belopp(@extschema@.belopp, @extschema@.belopp) RETURNS numeric
    AS 'MODULE_PATHNAME', 'belopp_div_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_div_belopp(@extschema@.belopp, @extschema@.belopp) IS
    'the ratio of two amounts, as numeric';

CREATE OPERATOR @extschema@.+ (FUNCTION = @extschema@.belopp_pl,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(@extschema@.+));
CREATE OPERATOR @extschema@.- (FUNCTION = @extschema@.belopp_mi,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp);
CREATE OPERATOR @extschema@.- (FUNCTION = @extschema@.belopp_um, RIGHTARG = @extschema@.belopp);
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.belopp_mul_int2, LEFTARG = @extschema@.belopp,
    RIGHTARG = smallint, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.int2_mul_belopp, LEFTARG = smallint,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.belopp_mul_int4, LEFTARG = @extschema@.belopp,
    RIGHTARG = integer, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.int4_mul_belopp, LEFTARG = integer,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.belopp_mul_int8, LEFTARG = @extschema@.belopp,
    RIGHTARG = bigint, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.int8_mul_belopp, LEFTARG = bigint,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.belopp_mul_numeric, LEFTARG = @extschema@.belopp,
    RIGHTARG = numeric, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.numeric_mul_belopp, LEFTARG = numeric,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(@extschema@.*));
CREATE OPERATOR @extschema@.* (FUNCTION = @extschema@.belopp_mul_belopp, LEFTARG = @extschema@.belopp,
    RIGHTARG = @extschema@.belopp);
CREATE OPERATOR @extschema@./ (FUNCTION = @extschema@.belopp_div_int2,
    LEFTARG = @extschema@.belopp, RIGHTARG = smallint);
CREATE OPERATOR @extschema@./ (FUNCTION = @extschema@.belopp_div_int4,
    LEFTARG = @extschema@.belopp, RIGHTARG = integer);
CREATE OPERATOR @extschema@./ (FUNCTION = @extschema@.belopp_div_int8,
    LEFTARG = @extschema@.belopp, RIGHTARG = bigint);
CREATE OPERATOR @extschema@./ (FUNCTION = @extschema@.belopp_div_numeric,
    LEFTARG = @extschema@.belopp, RIGHTARG = numeric);
CREATE OPERATOR @extschema@./ (FUNCTION = @extschema@.belopp_div_belopp,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp);

-- comparison, btree and hash ----------------------------------------------------

CREATE FUNCTION @extschema@.belopp_eq(@extschema@.belopp, @extschema@.belopp) RETURNS boolean
    AS 'MODULE_PATHNAME', 'belopp_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_ne(@extschema@.belopp, @extschema@.belopp) RETURNS boolean
    AS 'MODULE_PATHNAME', 'belopp_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_lt(@extschema@.belopp, @extschema@.belopp) RETURNS boolean
    AS 'MODULE_PATHNAME', 'belopp_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_le(@extschema@.belopp, @extschema@.belopp) RETURNS boolean
    AS 'MODULE_PATHNAME', 'belopp_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_gt(@extschema@.belopp, @extschema@.belopp) RETURNS boolean
    AS 'MODULE_PATHNAME', 'belopp_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_ge(@extschema@.belopp, @extschema@.belopp) RETURNS boolean
    AS 'MODULE_PATHNAME', 'belopp_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_cmp(@extschema@.belopp, @extschema@.belopp) RETURNS integer
    AS 'MODULE_PATHNAME', 'belopp_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_sortsupport(internal) RETURNS void
    AS 'MODULE_PATHNAME', 'belopp_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.belopp_hash(@extschema@.belopp) RETURNS integer
    AS 'MODULE_PATHNAME', 'belopp_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.belopp_hash_extended(@extschema@.belopp, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'belopp_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.belopp_eq(@extschema@.belopp, @extschema@.belopp) IS 'equal';
COMMENT ON FUNCTION @extschema@.belopp_ne(@extschema@.belopp, @extschema@.belopp) IS 'not equal';
COMMENT ON FUNCTION @extschema@.belopp_lt(@extschema@.belopp, @extschema@.belopp) IS 'less than';
COMMENT ON FUNCTION @extschema@.belopp_le(@extschema@.belopp, @extschema@.belopp) IS 'less than or equal';
COMMENT ON FUNCTION @extschema@.belopp_gt(@extschema@.belopp, @extschema@.belopp) IS 'greater than';
COMMENT ON FUNCTION @extschema@.belopp_ge(@extschema@.belopp, @extschema@.belopp) IS 'greater than or equal';
COMMENT ON FUNCTION @extschema@.belopp_cmp(@extschema@.belopp, @extschema@.belopp) IS 'btree comparison: -1, 0 or 1';
COMMENT ON FUNCTION @extschema@.belopp_sortsupport(internal) IS 'btree sort support';
COMMENT ON FUNCTION @extschema@.belopp_hash(@extschema@.belopp) IS 'hash of an amount';
COMMENT ON FUNCTION @extschema@.belopp_hash_extended(@extschema@.belopp, bigint) IS 'seeded 64-bit hash of an amount';

CREATE OPERATOR @extschema@.= (FUNCTION = @extschema@.belopp_eq,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (FUNCTION = @extschema@.belopp_ne,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (FUNCTION = @extschema@.belopp_lt,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (FUNCTION = @extschema@.belopp_le,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (FUNCTION = @extschema@.belopp_gt,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (FUNCTION = @extschema@.belopp_ge,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);

CREATE OPERATOR CLASS @extschema@.belopp_ops
    DEFAULT FOR TYPE @extschema@.belopp USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.belopp_cmp(@extschema@.belopp, @extschema@.belopp),
        FUNCTION 2 @extschema@.belopp_sortsupport(internal);
COMMENT ON OPERATOR CLASS @extschema@.belopp_ops USING btree IS
    'btree ordering of amounts: ORDER BY, indexes, merge joins';

CREATE OPERATOR CLASS @extschema@.belopp_hash_ops
    DEFAULT FOR TYPE @extschema@.belopp USING hash AS
        OPERATOR 1 @extschema@.=,
        FUNCTION 1 @extschema@.belopp_hash(@extschema@.belopp),
        FUNCTION 2 @extschema@.belopp_hash_extended(@extschema@.belopp, bigint);
COMMENT ON OPERATOR CLASS @extschema@.belopp_hash_ops USING hash IS
    'hashing of amounts: GROUP BY, DISTINCT, hash joins, hash partitioning';

-- aggregates ----------------------------------------------------------------------

CREATE FUNCTION @extschema@.belopp_sum_accum(internal, @extschema@.belopp) RETURNS internal
    AS 'MODULE_PATHNAME', 'belopp_sum_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_sum_accum(internal, @extschema@.belopp) IS
    'sum/avg transition: add an amount to a 128-bit total';
CREATE FUNCTION @extschema@.belopp_sum_accum_inv(internal, @extschema@.belopp) RETURNS internal
    AS 'MODULE_PATHNAME', 'belopp_sum_accum_inv' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_sum_accum_inv(internal, @extschema@.belopp) IS
    'sum/avg inverse transition for moving window frames';
CREATE FUNCTION @extschema@.belopp_sum_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'belopp_sum_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_sum_combine(internal, internal) IS
    'sum/avg: combine two partial states';
CREATE FUNCTION @extschema@.belopp_sum_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'belopp_sum_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_sum_serialize(internal) IS
    'sum/avg: serialise a partial state for a parallel worker';
CREATE FUNCTION @extschema@.belopp_sum_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'belopp_sum_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_sum_deserialize(bytea, internal) IS
    'sum/avg: deserialise a partial state';
CREATE FUNCTION @extschema@.belopp_sum_final(internal) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_sum_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_sum_final(internal) IS
    'sum: the total as belopp, 22003 when it does not fit';
CREATE FUNCTION @extschema@.belopp_avg_final(internal) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_avg_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_avg_final(internal) IS
    'avg: the mean in whole öre, rounded half away from zero';
CREATE FUNCTION @extschema@.belopp_smaller(@extschema@.belopp, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_smaller' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_smaller(@extschema@.belopp, @extschema@.belopp) IS
    'the smaller of two amounts';
CREATE FUNCTION @extschema@.belopp_larger(@extschema@.belopp, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_larger' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_larger(@extschema@.belopp, @extschema@.belopp) IS
    'the larger of two amounts';

CREATE AGGREGATE @extschema@.sum(@extschema@.belopp) (
    SFUNC = @extschema@.belopp_sum_accum,
    STYPE = internal,
    SSPACE = 32,
    FINALFUNC = @extschema@.belopp_sum_final,
    COMBINEFUNC = @extschema@.belopp_sum_combine,
    SERIALFUNC = @extschema@.belopp_sum_serialize,
    DESERIALFUNC = @extschema@.belopp_sum_deserialize,
    MSFUNC = @extschema@.belopp_sum_accum,
    MINVFUNC = @extschema@.belopp_sum_accum_inv,
    MSTYPE = internal,
    MSSPACE = 32,
    MFINALFUNC = @extschema@.belopp_sum_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.sum(@extschema@.belopp) IS
    'exact total of amounts; 22003 when the total does not fit a belopp';

CREATE AGGREGATE @extschema@.avg(@extschema@.belopp) (
    SFUNC = @extschema@.belopp_sum_accum,
    STYPE = internal,
    SSPACE = 32,
    FINALFUNC = @extschema@.belopp_avg_final,
    COMBINEFUNC = @extschema@.belopp_sum_combine,
    SERIALFUNC = @extschema@.belopp_sum_serialize,
    DESERIALFUNC = @extschema@.belopp_sum_deserialize,
    MSFUNC = @extschema@.belopp_sum_accum,
    MINVFUNC = @extschema@.belopp_sum_accum_inv,
    MSTYPE = internal,
    MSSPACE = 32,
    MFINALFUNC = @extschema@.belopp_avg_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.avg(@extschema@.belopp) IS
    'mean of amounts in whole öre, rounded half away from zero';

CREATE AGGREGATE @extschema@.min(@extschema@.belopp) (
    SFUNC = @extschema@.belopp_smaller,
    STYPE = @extschema@.belopp,
    COMBINEFUNC = @extschema@.belopp_smaller,
    SORTOP = OPERATOR(@extschema@.<),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.min(@extschema@.belopp) IS 'the smallest amount';

CREATE AGGREGATE @extschema@.max(@extschema@.belopp) (
    SFUNC = @extschema@.belopp_larger,
    STYPE = @extschema@.belopp,
    COMBINEFUNC = @extschema@.belopp_larger,
    SORTOP = OPERATOR(@extschema@.>),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.max(@extschema@.belopp) IS 'the largest amount';

-- comments on the operators, casts and operator families

COMMENT ON OPERATOR @extschema@.+ (@extschema@.belopp, @extschema@.belopp) IS 'sum of two amounts';
COMMENT ON OPERATOR @extschema@.- (@extschema@.belopp, @extschema@.belopp) IS 'difference of two amounts';
COMMENT ON OPERATOR @extschema@.- (NONE, @extschema@.belopp) IS 'the negated amount';
COMMENT ON OPERATOR @extschema@.* (@extschema@.belopp, smallint) IS 'amount times a whole number';
COMMENT ON OPERATOR @extschema@.* (smallint, @extschema@.belopp) IS 'a whole number times an amount';
COMMENT ON OPERATOR @extschema@.* (@extschema@.belopp, integer) IS 'amount times a whole number';
COMMENT ON OPERATOR @extschema@.* (integer, @extschema@.belopp) IS 'a whole number times an amount';
COMMENT ON OPERATOR @extschema@.* (@extschema@.belopp, bigint) IS 'amount times a whole number';
COMMENT ON OPERATOR @extschema@.* (bigint, @extschema@.belopp) IS 'a whole number times an amount';
COMMENT ON OPERATOR @extschema@.* (@extschema@.belopp, numeric) IS 'amount times a number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR @extschema@.* (numeric, @extschema@.belopp) IS 'a number times an amount, rounded half away from zero to whole öre';
COMMENT ON OPERATOR @extschema@.* (@extschema@.belopp, @extschema@.belopp) IS 'an error: amounts are multiplied by numbers, not by amounts';
COMMENT ON OPERATOR @extschema@./ (@extschema@.belopp, smallint) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR @extschema@./ (@extschema@.belopp, integer) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR @extschema@./ (@extschema@.belopp, bigint) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR @extschema@./ (@extschema@.belopp, numeric) IS 'amount divided by a number, rounded half away from zero to whole öre';
COMMENT ON OPERATOR @extschema@./ (@extschema@.belopp, @extschema@.belopp) IS 'the ratio of two amounts, as numeric';
COMMENT ON OPERATOR @extschema@.= (@extschema@.belopp, @extschema@.belopp) IS 'equal';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.belopp, @extschema@.belopp) IS 'not equal';
COMMENT ON OPERATOR @extschema@.< (@extschema@.belopp, @extschema@.belopp) IS 'less than';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.belopp, @extschema@.belopp) IS 'less than or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.belopp, @extschema@.belopp) IS 'greater than';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.belopp, @extschema@.belopp) IS 'greater than or equal';
COMMENT ON CAST (numeric AS @extschema@.belopp) IS 'kronor to belopp on assignment; fractions of an öre are an error';
COMMENT ON CAST (bigint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (integer AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (smallint AS @extschema@.belopp) IS 'whole kronor to belopp on assignment';
COMMENT ON CAST (@extschema@.belopp AS numeric) IS 'belopp to kronor, implicitly: amounts mix with numbers in numeric';
COMMENT ON OPERATOR FAMILY @extschema@.belopp_ops USING btree IS 'btree ordering of amounts';
COMMENT ON OPERATOR FAMILY @extschema@.belopp_hash_ops USING hash IS 'hashing of amounts';

-----------------------------------------------------------------------------
-- period: an accumulated reporting period inside one calendar year
-----------------------------------------------------------------------------

CREATE TYPE @extschema@.period;

CREATE FUNCTION @extschema@.period_in(cstring) RETURNS @extschema@.period
    AS 'MODULE_PATHNAME', 'period_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_in(cstring) IS
    'text input of period: "2023-01..2023-05", "2024-08", "jan-maj 2023", "T1 2024", "tertial 2 2024", "helår 2023", "2023"';
CREATE FUNCTION @extschema@.period_out(@extschema@.period) RETURNS cstring
    AS 'MODULE_PATHNAME', 'period_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_out(@extschema@.period) IS
    'canonical text output of period: "2023-01..2023-05"';
CREATE FUNCTION @extschema@.period_recv(internal) RETURNS @extschema@.period
    AS 'MODULE_PATHNAME', 'period_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_recv(internal) IS 'binary input of period, validated';
CREATE FUNCTION @extschema@.period_send(@extschema@.period) RETURNS bytea
    AS 'MODULE_PATHNAME', 'period_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period_send(@extschema@.period) IS 'binary output of period';

CREATE TYPE @extschema@.period (
    INPUT = @extschema@.period_in,
    OUTPUT = @extschema@.period_out,
    RECEIVE = @extschema@.period_recv,
    SEND = @extschema@.period_send,
    INTERNALLENGTH = 4,
    PASSEDBYVALUE,
    ALIGNMENT = int4,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.period IS
    'a reporting period inside one calendar year: year, first month, last month';

CREATE FUNCTION @extschema@.visa(@extschema@.period) RETURNS text
    AS 'MODULE_PATHNAME', 'period_visa_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.visa(@extschema@.period) IS
    'Swedish presentation of a period: "jan–maj 2023"';
CREATE FUNCTION @extschema@.ar(@extschema@.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'period_ar' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ar(@extschema@.period) IS 'the year of a period';
CREATE FUNCTION @extschema@.forsta_manad(@extschema@.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'period_forsta_manad' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forsta_manad(@extschema@.period) IS 'the first month of a period, 1 to 12';
CREATE FUNCTION @extschema@.sista_manad(@extschema@.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'period_sista_manad' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sista_manad(@extschema@.period) IS 'the last month of a period, 1 to 12';
CREATE FUNCTION @extschema@.manader(@extschema@.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'period_manader' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.manader(@extschema@.period) IS 'the number of months in a period';
CREATE FUNCTION @extschema@.ackumulerad(@extschema@.period) RETURNS @extschema@.period
    AS 'MODULE_PATHNAME', 'period_ackumulerad' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.ackumulerad(@extschema@.period) IS
    'the accumulated period: January up to the last month of the period';
CREATE FUNCTION @extschema@.helar(integer) RETURNS @extschema@.period
    AS 'MODULE_PATHNAME', 'period_helar' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.helar(integer) IS 'the whole year as a period';
CREATE FUNCTION @extschema@.period(ar integer, forsta_manad integer, sista_manad integer)
    RETURNS @extschema@.period
    AS 'MODULE_PATHNAME', 'period_make' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.period(integer, integer, integer) IS
    'a period from its year, first month and last month';

CREATE FUNCTION @extschema@.period_eq(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_ne(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_lt(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_le(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_gt(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_ge(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_cmp(@extschema@.period, @extschema@.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'period_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_hash(@extschema@.period) RETURNS integer
    AS 'MODULE_PATHNAME', 'period_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_hash_extended(@extschema@.period, bigint) RETURNS bigint
    AS 'MODULE_PATHNAME', 'period_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_contains(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION @extschema@.period_contained(@extschema@.period, @extschema@.period) RETURNS boolean
    AS 'MODULE_PATHNAME', 'period_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.period_eq(@extschema@.period, @extschema@.period) IS 'equal';
COMMENT ON FUNCTION @extschema@.period_ne(@extschema@.period, @extschema@.period) IS 'not equal';
COMMENT ON FUNCTION @extschema@.period_lt(@extschema@.period, @extschema@.period) IS 'earlier (by year, first month, last month)';
COMMENT ON FUNCTION @extschema@.period_le(@extschema@.period, @extschema@.period) IS 'earlier or equal';
COMMENT ON FUNCTION @extschema@.period_gt(@extschema@.period, @extschema@.period) IS 'later (by year, first month, last month)';
COMMENT ON FUNCTION @extschema@.period_ge(@extschema@.period, @extschema@.period) IS 'later or equal';
COMMENT ON FUNCTION @extschema@.period_cmp(@extschema@.period, @extschema@.period) IS 'btree comparison: -1, 0 or 1';
COMMENT ON FUNCTION @extschema@.period_hash(@extschema@.period) IS 'hash of a period';
COMMENT ON FUNCTION @extschema@.period_hash_extended(@extschema@.period, bigint) IS 'seeded 64-bit hash of a period';
COMMENT ON FUNCTION @extschema@.period_contains(@extschema@.period, @extschema@.period) IS 'whether the first period contains the second';
COMMENT ON FUNCTION @extschema@.period_contained(@extschema@.period, @extschema@.period) IS 'whether the first period lies within the second';

CREATE OPERATOR @extschema@.= (FUNCTION = @extschema@.period_eq,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (FUNCTION = @extschema@.period_ne,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (FUNCTION = @extschema@.period_lt,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.>), NEGATOR = OPERATOR(@extschema@.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (FUNCTION = @extschema@.period_le,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.>=), NEGATOR = OPERATOR(@extschema@.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (FUNCTION = @extschema@.period_gt,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.<), NEGATOR = OPERATOR(@extschema@.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (FUNCTION = @extschema@.period_ge,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.<=), NEGATOR = OPERATOR(@extschema@.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR @extschema@.@> (FUNCTION = @extschema@.period_contains,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.<@), RESTRICT = contsel, JOIN = contjoinsel);
CREATE OPERATOR @extschema@.<@ (FUNCTION = @extschema@.period_contained,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(@extschema@.@>), RESTRICT = contsel, JOIN = contjoinsel);

CREATE OPERATOR CLASS @extschema@.period_ops
    DEFAULT FOR TYPE @extschema@.period USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.period_cmp(@extschema@.period, @extschema@.period);
COMMENT ON OPERATOR CLASS @extschema@.period_ops USING btree IS
    'btree ordering of periods by year, first month, last month';
CREATE OPERATOR CLASS @extschema@.period_hash_ops
    DEFAULT FOR TYPE @extschema@.period USING hash AS
        OPERATOR 1 @extschema@.=,
        FUNCTION 1 @extschema@.period_hash(@extschema@.period),
        FUNCTION 2 @extschema@.period_hash_extended(@extschema@.period, bigint);
COMMENT ON OPERATOR CLASS @extschema@.period_hash_ops USING hash IS 'hashing of periods';

-- comments on the period operators and operator families

COMMENT ON OPERATOR @extschema@.= (@extschema@.period, @extschema@.period) IS 'equal';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.period, @extschema@.period) IS 'not equal';
COMMENT ON OPERATOR @extschema@.< (@extschema@.period, @extschema@.period) IS 'earlier (by year, first month, last month)';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.period, @extschema@.period) IS 'earlier or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.period, @extschema@.period) IS 'later (by year, first month, last month)';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.period, @extschema@.period) IS 'later or equal';
COMMENT ON OPERATOR @extschema@.@> (@extschema@.period, @extschema@.period) IS 'contains';
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.period, @extschema@.period) IS 'is contained in';
COMMENT ON OPERATOR FAMILY @extschema@.period_ops USING btree IS 'btree ordering of periods';
COMMENT ON OPERATOR FAMILY @extschema@.period_hash_ops USING hash IS 'hashing of periods';

-----------------------------------------------------------------------------
-- spreading (periodisering): profiles of 12 monthly weights, NULL = linear
-----------------------------------------------------------------------------

CREATE FUNCTION @extschema@.fordela(helar @extschema@.belopp, profil numeric[] DEFAULT NULL)
    RETURNS TABLE (manad integer, belopp @extschema@.belopp)
    AS 'MODULE_PATHNAME', 'fordela' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE
    ROWS 12;
COMMENT ON FUNCTION @extschema@.fordela(@extschema@.belopp, numeric[]) IS
    'the 12 monthly parts of an annual amount in whole öre, summing exactly to it (largest remainder, ties to earlier months); NULL profile = linear';

CREATE FUNCTION @extschema@.periodisera(helar @extschema@.belopp, p @extschema@.period,
                                        profil numeric[] DEFAULT NULL)
    RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'periodisera' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.periodisera(@extschema@.belopp, @extschema@.period, numeric[]) IS
    'the part of an annual amount that falls in a period: the sum of its months from fordela, so adjacent periods add up exactly';

CREATE FUNCTION @extschema@.trendprognos(utfall @extschema@.belopp, p @extschema@.period,
                                         profil numeric[] DEFAULT NULL)
    RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'trendprognos' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trendprognos(@extschema@.belopp, @extschema@.period, numeric[]) IS
    'run-rate full-year forecast: the outcome of a period divided by the period''s share of the profile';

CREATE FUNCTION @extschema@.profil_dagar(ar integer) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'profil_dagar' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profil_dagar(integer) IS
    'a profile weighting each month by its days (leap years right), for day-based pro-rata';

CREATE FUNCTION @extschema@.profil_fran_utfall_accum(internal, integer, @extschema@.belopp) RETURNS internal
    AS 'MODULE_PATHNAME', 'profil_fran_utfall_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profil_fran_utfall_accum(internal, integer, @extschema@.belopp) IS
    'profil_fran_utfall transition: add outcome to its month';
CREATE FUNCTION @extschema@.profil_fran_utfall_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'profil_fran_utfall_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profil_fran_utfall_combine(internal, internal) IS
    'profil_fran_utfall: combine two partial states';
CREATE FUNCTION @extschema@.profil_fran_utfall_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'profil_fran_utfall_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profil_fran_utfall_serialize(internal) IS
    'profil_fran_utfall: serialise a partial state';
CREATE FUNCTION @extschema@.profil_fran_utfall_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'profil_fran_utfall_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profil_fran_utfall_deserialize(bytea, internal) IS
    'profil_fran_utfall: deserialise a partial state';
CREATE FUNCTION @extschema@.profil_fran_utfall_final(internal) RETURNS numeric[]
    AS 'MODULE_PATHNAME', 'profil_fran_utfall_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.profil_fran_utfall_final(internal) IS
    'profil_fran_utfall: the twelve monthly sums in kronor as a profile';

CREATE AGGREGATE @extschema@.profil_fran_utfall(manad integer, belopp @extschema@.belopp) (
    SFUNC = @extschema@.profil_fran_utfall_accum,
    STYPE = internal,
    SSPACE = 200,
    FINALFUNC = @extschema@.profil_fran_utfall_final,
    COMBINEFUNC = @extschema@.profil_fran_utfall_combine,
    SERIALFUNC = @extschema@.profil_fran_utfall_serialize,
    DESERIALFUNC = @extschema@.profil_fran_utfall_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.profil_fran_utfall(integer, @extschema@.belopp) IS
    'a spreading profile from monthly outcome: the sum per calendar month (of earlier years), one sign';

-----------------------------------------------------------------------------
-- deviation: positive is favourable in every sign convention
-----------------------------------------------------------------------------

CREATE TYPE @extschema@.tecken AS ENUM ('resultat', 'kostnad');
COMMENT ON TYPE @extschema@.tecken IS
    'how a report signs its figures: resultat = larger is better (revenue +, costs −); kostnad = larger is worse (net cost +, or a debit-positive ledger)';

CREATE FUNCTION @extschema@.avvikelse(utfall @extschema@.belopp, budget @extschema@.belopp,
                                      tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'avvikelse_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'budget deviation, positive when better than budget: utfall − budget (resultat) or budget − utfall (kostnad)';
CREATE FUNCTION @extschema@.avvikelse(utfall numeric, budget numeric,
                                      tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avvikelse_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse(numeric, numeric, @extschema@.tecken) IS
    'budget deviation, positive when better than budget: utfall − budget (resultat) or budget − utfall (kostnad)';

CREATE FUNCTION @extschema@.avvikelse_procent(utfall @extschema@.belopp, budget @extschema@.belopp,
                                              tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avvikelse_procent_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse_procent(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'deviation as a percentage of |budget|; NULL when the budget is zero';
CREATE FUNCTION @extschema@.avvikelse_procent(utfall numeric, budget numeric,
                                              tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avvikelse_procent_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avvikelse_procent(numeric, numeric, @extschema@.tecken) IS
    'deviation as a percentage of |budget|; NULL when the budget is zero';

CREATE FUNCTION @extschema@.forbrukningsgrad(utfall @extschema@.belopp, budget @extschema@.belopp)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'forbrukningsgrad_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forbrukningsgrad(@extschema@.belopp, @extschema@.belopp) IS
    'consumption: outcome / budget × 100; NULL when the budget is zero';
CREATE FUNCTION @extschema@.forbrukningsgrad(utfall numeric, budget numeric)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'forbrukningsgrad_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.forbrukningsgrad(numeric, numeric) IS
    'consumption: outcome / budget × 100; NULL when the budget is zero';

CREATE FUNCTION @extschema@.vasentlig(avvikelse @extschema@.belopp, budget @extschema@.belopp,
                                      procentgrans numeric, beloppsgrans @extschema@.belopp)
    RETURNS boolean
    AS 'MODULE_PATHNAME', 'vasentlig' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vasentlig(@extschema@.belopp, @extschema@.belopp, numeric, @extschema@.belopp) IS
    'whether a deviation is material: |avvikelse| ≥ beloppsgrans and |avvikelse| / |budget| ≥ procentgrans percent';

CREATE FUNCTION @extschema@.avrunda_summerbar(belopp @extschema@.belopp, enhet text, decimaler integer)
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'avrunda_summerbar' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avrunda_summerbar(@extschema@.belopp, text, integer) IS
    'window function: rounds each row so that the rounded rows of the partition add up to its rounded total (largest remainder, each row within one unit)';

-----------------------------------------------------------------------------
-- report tables: organisation, report rows, outcome, budget, forecasts
-----------------------------------------------------------------------------
--
-- Amounts are stored as the report or ledger signs them, and each report
-- row says which convention that is (rad.tecken); subtotals and deviations
-- are derived, never typed in.  Every fact table carries the committee
-- (namnd) so that row-level security can filter on it directly.

CREATE TABLE @extschema@.namnd (
    kod         text PRIMARY KEY CHECK (kod ~ '^\S+$'),
    namn        text NOT NULL,
    kommun      text,
    overordnad  text REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    CHECK (overordnad IS DISTINCT FROM kod)
);
COMMENT ON TABLE @extschema@.namnd IS
    'committees (nämnder), optionally under a programme committee or area (overordnad)';

CREATE TABLE @extschema@.enhet (
    namnd       text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    kod         text NOT NULL CHECK (kod ~ '^\S+$'),
    namn        text NOT NULL,
    overordnad  text,
    typ         text NOT NULL DEFAULT 'verksamhet'
                CHECK (typ IN ('verksamhet', 'intraprenad', 'omrade', 'hela_namnden')),
    ordning     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (namnd, kod),
    FOREIGN KEY (namnd, overordnad) REFERENCES @extschema@.enhet (namnd, kod) ON UPDATE CASCADE,
    CHECK (overordnad IS DISTINCT FROM kod)
);
COMMENT ON TABLE @extschema@.enhet IS
    'units and activities (verksamheter, intraprenader) of a committee, as a hierarchy; overordnad NULL = directly under the committee';

CREATE TYPE @extschema@.radslag AS ENUM
    ('intakt', 'kostnad', 'nettokostnad', 'kommunbidrag', 'finansnetto', 'disposition',
     'statsbidrag', 'resultat', 'summa');
COMMENT ON TYPE @extschema@.radslag IS
    'the kind of a report row: revenue, cost, net cost, kommunbidrag, financial items, disposition of accumulated result, recognised targeted state grants (revenue), result, other subtotal';

CREATE TABLE @extschema@.rad (
    kod         text PRIMARY KEY CHECK (kod ~ '^\S+$'),
    namn        text NOT NULL,
    slag        @extschema@.radslag NOT NULL,
    tecken      @extschema@.tecken NOT NULL,
    overordnad  text REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    ordning     integer NOT NULL DEFAULT 0,
    CHECK (overordnad IS DISTINCT FROM kod)
);
COMMENT ON TABLE @extschema@.rad IS
    'report rows: a row with children is a subtotal (Intäkter + Kostnader = Nettokostnad, + Kommunbidrag = Resultat); tecken says how its figures are signed';

CREATE TABLE @extschema@.prognosomgang (
    ar          integer NOT NULL,
    kod         text NOT NULL CHECK (kod ~ '^\S+$'),
    namn        text NOT NULL,
    period      @extschema@.period NOT NULL,
    datum       date NOT NULL,
    PRIMARY KEY (ar, kod),
    UNIQUE (ar, period),
    CHECK (@extschema@.ar(period) = ar AND @extschema@.forsta_manad(period) = 1)
);
COMMENT ON TABLE @extschema@.prognosomgang IS
    'forecast rounds (prognosomgångar) of a year: the outcome period each is based on, and its date';

CREATE TABLE @extschema@.utfall (
    namnd       text NOT NULL,
    enhet       text NOT NULL,
    rad         text NOT NULL REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    period      @extschema@.period NOT NULL,
    belopp      @extschema@.belopp NOT NULL,
    kalla       text,
    ar          integer NOT NULL GENERATED ALWAYS AS (@extschema@.ar(period)) STORED,
    PRIMARY KEY (namnd, enhet, rad, period),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod) ON UPDATE CASCADE,
    CHECK (@extschema@.manader(period) = 1 OR @extschema@.forsta_manad(period) = 1)
);
COMMENT ON TABLE @extschema@.utfall IS
    'outcome: one month as the ERP books it, or a year-to-date period as a published report gives it; signed as the row says';
CREATE INDEX utfall_ar_namnd ON @extschema@.utfall (ar, namnd);

CREATE TABLE @extschema@.budget (
    namnd       text NOT NULL,
    enhet       text NOT NULL,
    rad         text NOT NULL REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    period      @extschema@.period NOT NULL,
    giltig_fran date NOT NULL,
    belopp      @extschema@.belopp NOT NULL,
    profil      numeric[],
    beslut      text,
    ar          integer NOT NULL GENERATED ALWAYS AS (@extschema@.ar(period)) STORED,
    PRIMARY KEY (namnd, enhet, rad, period, giltig_fran),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod) ON UPDATE CASCADE,
    CHECK (@extschema@.forsta_manad(period) = 1),
    CHECK (profil IS NULL OR @extschema@.manader(period) = 12)
);
COMMENT ON TABLE @extschema@.budget IS
    'budget: the annual budget (period = the whole year, optionally with a spreading profile) or a published year-to-date budget, each version in force from giltig_fran';
CREATE INDEX budget_ar_namnd ON @extschema@.budget (ar, namnd);

CREATE TABLE @extschema@.prognos (
    namnd       text NOT NULL,
    enhet       text NOT NULL,
    rad         text NOT NULL REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    ar          integer NOT NULL,
    omgang      text NOT NULL,
    belopp      @extschema@.belopp NOT NULL,
    PRIMARY KEY (namnd, enhet, rad, ar, omgang),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod) ON UPDATE CASCADE,
    FOREIGN KEY (ar, omgang) REFERENCES @extschema@.prognosomgang (ar, kod) ON UPDATE CASCADE
);
COMMENT ON TABLE @extschema@.prognos IS
    'full-year forecasts: one figure per unit, row and forecast round';
CREATE INDEX prognos_ar_namnd ON @extschema@.prognos (ar, namnd);

-- A budget's profile is checked when it is stored, with the same rules and
-- messages as when it is used.
CREATE FUNCTION @extschema@.kontrollera_budget() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.profil IS NOT NULL THEN
        PERFORM @extschema@.periodisera('1', NEW.period, NEW.profil);
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.kontrollera_budget() IS
    'trigger: a budget row''s spreading profile must be usable (12 non-negative weights, one positive)';
CREATE TRIGGER budget_profil BEFORE INSERT OR UPDATE OF profil ON @extschema@.budget
    FOR EACH ROW EXECUTE FUNCTION @extschema@.kontrollera_budget();

-----------------------------------------------------------------------------
-- control and safety: period close, row-level security by committee, the
-- change log, and pg_dump of everything users store
-----------------------------------------------------------------------------

-- The role that caused the current statement, also inside a SECURITY DEFINER
-- function (where current_user is the function's owner): the role set with
-- SET ROLE, or else the session's user.
CREATE FUNCTION @extschema@.aktuell_anvandare() RETURNS name
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN CASE WHEN current_setting('role') = 'none' THEN session_user
                ELSE current_setting('role')::name END;
COMMENT ON FUNCTION @extschema@.aktuell_anvandare() IS
    'the role acting now (SET ROLE, or else the session user), for logs written by SECURITY DEFINER triggers';

-- Whether rows are being restored from a dump: pg_dump's output turns
-- row_security off, and only a superuser restores a whole database.  The
-- period lock and the change log then let the rows in as they were dumped
-- (they were checked and logged when they were first stored, and the log
-- itself is restored).
CREATE FUNCTION @extschema@.aterlasning_pagar() RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN current_setting('row_security') = 'off'
           AND coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r
                          WHERE r.rolname = @extschema@.aktuell_anvandare()), false);
COMMENT ON FUNCTION @extschema@.aterlasning_pagar() IS
    'true while a superuser session with row_security off (as pg_dump output sets) restores rows: the period lock and the change log step aside';

-- period close ------------------------------------------------------------------

CREATE TABLE @extschema@.stangd_manad (
    namnd       text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    ar          integer NOT NULL,
    manad       integer NOT NULL CHECK (manad BETWEEN 1 AND 12),
    stangd_av   name NOT NULL,
    stangd_tid  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namnd, ar, manad)
);
COMMENT ON TABLE @extschema@.stangd_manad IS
    'closed months per committee: their outcome, budget and forecast rows cannot be changed';

CREATE TABLE @extschema@.stangningslogg (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tid         timestamptz NOT NULL DEFAULT clock_timestamp(),
    anvandare   name NOT NULL,
    handelse    text NOT NULL CHECK (handelse IN ('stangd', 'oppnad')),
    namnd       text NOT NULL,
    period      @extschema@.period NOT NULL,
    motivering  text
);
COMMENT ON TABLE @extschema@.stangningslogg IS
    'every closing and reopening of a period, who did it, when and why';

CREATE FUNCTION @extschema@.stang_period(namnd text, p @extschema@.period) RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = stang_period.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', stang_period.namnd USING ERRCODE = '22023';
    END IF;
    IF NOT @extschema@.behorig(stang_period.namnd, @extschema@.aktuell_anvandare()) THEN
        RAISE EXCEPTION 'permission denied to close a period of committee "%"', stang_period.namnd
            USING ERRCODE = '42501';
    END IF;
    INSERT INTO @extschema@.stangd_manad (namnd, ar, manad, stangd_av)
    SELECT stang_period.namnd, @extschema@.ar(p), m, @extschema@.aktuell_anvandare()
      FROM generate_series(@extschema@.forsta_manad(p), @extschema@.sista_manad(p)) m
    ON CONFLICT DO NOTHING;
    INSERT INTO @extschema@.stangningslogg (anvandare, handelse, namnd, period)
    VALUES (@extschema@.aktuell_anvandare(), 'stangd', stang_period.namnd, p);
END $$;
COMMENT ON FUNCTION @extschema@.stang_period(text, @extschema@.period) IS
    'close the months of a period for a committee; logged';

CREATE FUNCTION @extschema@.oppna_period(namnd text, p @extschema@.period, motivering text)
    RETURNS void
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF coalesce(btrim(motivering), '') = '' THEN
        RAISE EXCEPTION 'reopening a period needs a reason'
            USING ERRCODE = '22023',
                  HINT = 'Give the reason as the third argument, e.g. the decision that allows the correction.';
    END IF;
    IF NOT @extschema@.behorig(oppna_period.namnd, @extschema@.aktuell_anvandare()) THEN
        RAISE EXCEPTION 'permission denied to reopen a period of committee "%"', oppna_period.namnd
            USING ERRCODE = '42501';
    END IF;
    DELETE FROM @extschema@.stangd_manad s
     WHERE s.namnd = oppna_period.namnd AND s.ar = @extschema@.ar(p)
       AND s.manad BETWEEN @extschema@.forsta_manad(p) AND @extschema@.sista_manad(p);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'period % is not closed for committee "%"', p, oppna_period.namnd
            USING ERRCODE = '55000';
    END IF;
    INSERT INTO @extschema@.stangningslogg (anvandare, handelse, namnd, period, motivering)
    VALUES (@extschema@.aktuell_anvandare(), 'oppnad', oppna_period.namnd, p, motivering);
END $$;
COMMENT ON FUNCTION @extschema@.oppna_period(text, @extschema@.period, text) IS
    'reopen the months of a period for a committee, with a reason; logged';

-- The closed months of a committee that a stored row touches, as a period
-- (first to last closed month), or NULL when it touches none.
CREATE FUNCTION @extschema@.stangd_del(tabell text, namnd text, r jsonb) RETURNS @extschema@.period
    LANGUAGE plpgsql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    y       integer;
    m_from  integer;
    m_to    integer;
    lo      integer;
    hi      integer;
BEGIN
    IF tabell = 'utfall' THEN
        y := @extschema@.ar((r->>'period')::@extschema@.period);
        m_from := @extschema@.forsta_manad((r->>'period')::@extschema@.period);
        m_to := @extschema@.sista_manad((r->>'period')::@extschema@.period);
    ELSIF tabell = 'budget' THEN
        -- a budget version is history once a month it was in force is closed
        y := @extschema@.ar((r->>'period')::@extschema@.period);
        m_from := CASE WHEN (r->>'giltig_fran')::date < make_date(y, 1, 1) THEN 1
                       ELSE extract(month FROM (r->>'giltig_fran')::date)::integer END;
        m_to := 12;
        IF (r->>'giltig_fran')::date > make_date(y, 12, 31) THEN
            RETURN NULL;
        END IF;
    ELSE
        -- a forecast belongs to its round's outcome period
        SELECT @extschema@.ar(o.period), @extschema@.sista_manad(o.period), @extschema@.sista_manad(o.period)
          INTO y, m_from, m_to
          FROM @extschema@.prognosomgang o
         WHERE o.ar = (r->>'ar')::integer AND o.kod = r->>'omgang';
    END IF;
    SELECT min(s.manad), max(s.manad) INTO lo, hi
      FROM @extschema@.stangd_manad s
     WHERE s.namnd = stangd_del.namnd AND s.ar = y AND s.manad BETWEEN m_from AND m_to;
    IF lo IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN @extschema@.period(y, lo, hi);
END $$;
COMMENT ON FUNCTION @extschema@.stangd_del(text, text, jsonb) IS
    'the closed months (as a period) that an outcome, budget or forecast row touches, or NULL';

CREATE FUNCTION @extschema@.skydda_stangd_period() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    r       record;
    closed  @extschema@.period;
BEGIN
    IF @extschema@.aterlasning_pagar() THEN
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    FOREACH r IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW]
                                  WHEN 'DELETE' THEN ARRAY[OLD]
                                  ELSE ARRAY[OLD, NEW] END
    LOOP
        -- a row of a committee the role is not granted is refused by row-level
        -- security (42501), without telling whether its period is closed
        CONTINUE WHEN NOT @extschema@.behorig(r.namnd, current_user);
        closed := @extschema@.stangd_del(TG_TABLE_NAME, r.namnd, to_jsonb(r));
        IF closed IS NOT NULL THEN
            RAISE EXCEPTION 'period % is closed for committee "%"', closed, r.namnd
                USING ERRCODE = '55000',
                      DETAIL = format('Rows of %s in a closed period cannot be added, changed or deleted.', TG_TABLE_NAME),
                      HINT = 'Reopen the period with kommunrapport.oppna_period(namnd, period, motivering).';
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
COMMENT ON FUNCTION @extschema@.skydda_stangd_period() IS
    'trigger: outcome, budget and forecast rows of a closed period cannot be added, changed or deleted (55000)';

CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.utfall
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period();
CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.budget
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period();
CREATE TRIGGER stangd_period BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.prognos
    FOR EACH ROW EXECUTE FUNCTION @extschema@.skydda_stangd_period();

-- TRUNCATE fires no row triggers and removes every committee's rows at once:
-- it is refused while any month is closed.  (It runs with the caller's rights:
-- TRUNCATE is for the owner or a superuser, who see every closed month.)
CREATE FUNCTION @extschema@.skydda_stangd_period_truncate() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    s   record;
BEGIN
    SELECT m.namnd, m.ar, min(m.manad) AS lo, max(m.manad) AS hi INTO s
      FROM @extschema@.stangd_manad m
     GROUP BY m.namnd, m.ar ORDER BY m.namnd, m.ar LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'period % is closed for committee "%"', @extschema@.period(s.ar, s.lo, s.hi), s.namnd
            USING ERRCODE = '55000',
                  DETAIL = format('TRUNCATE of %s would remove rows of closed periods.', TG_TABLE_NAME),
                  HINT = 'Delete the rows of open periods with DELETE instead.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.skydda_stangd_period_truncate() IS
    'trigger: TRUNCATE of outcome, budget or forecasts is refused while any period is closed (55000)';
CREATE TRIGGER stangd_period_truncate BEFORE TRUNCATE ON @extschema@.utfall
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.skydda_stangd_period_truncate();
CREATE TRIGGER stangd_period_truncate BEFORE TRUNCATE ON @extschema@.budget
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.skydda_stangd_period_truncate();
CREATE TRIGGER stangd_period_truncate BEFORE TRUNCATE ON @extschema@.prognos
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.skydda_stangd_period_truncate();

-- A forecast belongs to its round's outcome period, so a round with forecasts
-- of a committee cannot be moved into or out of a month closed for it.  (It
-- runs with the caller's rights: the rounds are shared by every committee and
-- are maintained by a controller, who sees every committee.)
CREATE FUNCTION @extschema@.skydda_stangd_omgang() RETURNS trigger
    LANGUAGE plpgsql
AS $$
DECLARE
    s   record;
BEGIN
    SELECT m.namnd, m.ar, m.manad INTO s
      FROM @extschema@.stangd_manad m
     WHERE (m.ar, m.manad) IN ((@extschema@.ar(OLD.period), @extschema@.sista_manad(OLD.period)),
                               (@extschema@.ar(NEW.period), @extschema@.sista_manad(NEW.period)))
       AND EXISTS (SELECT 1 FROM @extschema@.prognos f
                    WHERE f.ar = OLD.ar AND f.omgang = OLD.kod AND f.namnd = m.namnd)
     ORDER BY m.namnd, m.ar, m.manad LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'period % is closed for committee "%"', @extschema@.period(s.ar, s.manad, s.manad), s.namnd
            USING ERRCODE = '55000',
                  DETAIL = format('The forecast round %s has forecasts of the committee based on a closed month.', OLD.kod),
                  HINT = 'Reopen the period with kommunrapport.oppna_period(namnd, period, motivering).';
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.skydda_stangd_omgang() IS
    'trigger: a forecast round with forecasts in a closed month cannot change its outcome period (55000)';
CREATE TRIGGER stangd_period BEFORE UPDATE OF period ON @extschema@.prognosomgang
    FOR EACH ROW WHEN (OLD.period IS DISTINCT FROM NEW.period)
    EXECUTE FUNCTION @extschema@.skydda_stangd_omgang();

-- change log ----------------------------------------------------------------------

CREATE TABLE @extschema@.andringslogg (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tid         timestamptz NOT NULL DEFAULT clock_timestamp(),
    anvandare   name NOT NULL,
    tabell      text NOT NULL,
    operation   text NOT NULL CHECK (operation IN ('INSERT', 'UPDATE', 'DELETE')),
    namnd       text NOT NULL,
    fore        jsonb,
    efter       jsonb
);
COMMENT ON TABLE @extschema@.andringslogg IS
    'append-only log of every change to budget and forecast rows: who, when, before and after';
CREATE INDEX andringslogg_namnd_tid ON @extschema@.andringslogg (namnd, tid);

CREATE FUNCTION @extschema@.logga_andring() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF @extschema@.aterlasning_pagar() THEN
        RETURN NULL;
    END IF;
    INSERT INTO @extschema@.andringslogg (anvandare, tabell, operation, namnd, fore, efter)
    VALUES (@extschema@.aktuell_anvandare(), TG_TABLE_NAME, TG_OP,
            CASE TG_OP WHEN 'DELETE' THEN OLD.namnd ELSE NEW.namnd END,
            CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
            CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.logga_andring() IS
    'trigger: writes each change of a budget or forecast row to andringslogg';
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.budget
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring();
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.prognos
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring();

CREATE FUNCTION @extschema@.endast_tillagg() RETURNS trigger
    LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME
        USING ERRCODE = '55000',
              DETAIL = 'Log rows are never changed or deleted.';
END $$;
COMMENT ON FUNCTION @extschema@.endast_tillagg() IS
    'trigger: refuses UPDATE, DELETE and TRUNCATE of an append-only log (55000)';
CREATE TRIGGER endast_tillagg BEFORE UPDATE OR DELETE ON @extschema@.andringslogg
    FOR EACH ROW EXECUTE FUNCTION @extschema@.endast_tillagg();
CREATE TRIGGER endast_tillagg_truncate BEFORE TRUNCATE ON @extschema@.andringslogg
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.endast_tillagg();
CREATE TRIGGER endast_tillagg BEFORE UPDATE OR DELETE ON @extschema@.stangningslogg
    FOR EACH ROW EXECUTE FUNCTION @extschema@.endast_tillagg();
CREATE TRIGGER endast_tillagg_truncate BEFORE TRUNCATE ON @extschema@.stangningslogg
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.endast_tillagg();

-- row-level security by committee ------------------------------------------------

CREATE TABLE @extschema@.behorighet (
    roll        name NOT NULL,
    namnd       text REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE ON DELETE CASCADE,
    UNIQUE NULLS NOT DISTINCT (roll, namnd)
);
COMMENT ON TABLE @extschema@.behorighet IS
    'which role may see and change which committee; namnd NULL = every committee (a controller)';

CREATE FUNCTION @extschema@.behorig(namnd text, roll name) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    -- a superuser or a BYPASSRLS role sees every row anyway, so it may also
    -- close and reopen periods without a grant of its own
    SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_roles r
                    WHERE r.rolname = behorig.roll AND (r.rolsuper OR r.rolbypassrls))
        OR EXISTS (SELECT 1 FROM @extschema@.behorighet b
                    WHERE (b.namnd = behorig.namnd OR b.namnd IS NULL)
                      AND pg_has_role(behorig.roll, b.roll, 'MEMBER'));
END;
COMMENT ON FUNCTION @extschema@.behorig(text, name) IS
    'whether a role is granted a committee (directly, through membership, or as a superuser or BYPASSRLS role); used by the row-level security policies and the period close';

CREATE FUNCTION @extschema@.bevilja(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = bevilja.roll) THEN
        RAISE EXCEPTION 'role "%" does not exist', roll USING ERRCODE = '42704';
    END IF;
    IF namnd IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = bevilja.namnd) THEN
        RAISE EXCEPTION 'no committee "%"', namnd USING ERRCODE = '22023';
    END IF;
    INSERT INTO @extschema@.behorighet (roll, namnd) VALUES (roll, namnd) ON CONFLICT DO NOTHING;
END $$;
COMMENT ON FUNCTION @extschema@.bevilja(name, text) IS
    'grant a role one committee, or every committee (namnd NULL, a controller)';

CREATE FUNCTION @extschema@.aterkalla(roll name, namnd text DEFAULT NULL) RETURNS void
    LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    DELETE FROM @extschema@.behorighet b
     WHERE b.roll = aterkalla.roll AND b.namnd IS NOT DISTINCT FROM aterkalla.namnd;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'role "%" has no grant for %', roll,
              coalesce('committee "' || namnd || '"', 'every committee')
            USING ERRCODE = '22023';
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.aterkalla(name, text) IS
    'revoke a role''s grant of one committee, or of every committee (namnd NULL)';

ALTER TABLE @extschema@.namnd ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.enhet ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.utfall ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.budget ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.prognos ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.stangd_manad ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.andringslogg ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.stangningslogg ENABLE ROW LEVEL SECURITY;

CREATE POLICY namnd_behorighet ON @extschema@.namnd
    USING (@extschema@.behorig(kod, current_user)) WITH CHECK (@extschema@.behorig(kod, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.enhet
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.utfall
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.budget
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.prognos
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.stangd_manad
    USING (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.andringslogg
    USING (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.stangningslogg
    USING (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.namnd IS 'a role sees and changes only the committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.enhet IS 'a role sees and changes only the units of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.utfall IS 'a role sees and changes only the outcome of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.budget IS 'a role sees and changes only the budget of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.prognos IS 'a role sees and changes only the forecasts of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.stangd_manad IS 'a role sees only the closed months of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.andringslogg IS 'a role sees only the change log of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.stangningslogg IS 'a role sees only the close log of committees it is granted';

-- pg_dump keeps what users store -------------------------------------------------

SELECT pg_catalog.pg_extension_config_dump('@extschema@.namnd', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.enhet', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rad', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.prognosomgang', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.utfall', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.budget', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.prognos', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.stangd_manad', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.stangningslogg', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.stangningslogg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.andringslogg', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.andringslogg_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.behorighet', '');
COMMENT ON SEQUENCE @extschema@.stangningslogg_id_seq IS 'numbers the close log';
COMMENT ON SEQUENCE @extschema@.andringslogg_id_seq IS 'numbers the change log';

-----------------------------------------------------------------------------
-- loading from the ERP: staging tables and idempotent load functions
-----------------------------------------------------------------------------
-- The ERP (or a person) COPYs rows into a staging table and calls the load
-- function in the same transaction.  Loading the same month twice gives the
-- same result as loading it once: a load replaces what it covers.  Plain
-- INSERT or COPY into utfall, budget and prognos works too.

CREATE TABLE @extschema@.inlasning_utfall (
    namnd   text NOT NULL,
    enhet   text NOT NULL,
    rad     text NOT NULL,
    period  @extschema@.period NOT NULL,
    belopp  @extschema@.belopp NOT NULL,
    kalla   text
);
COMMENT ON TABLE @extschema@.inlasning_utfall IS
    'staging for outcome: COPY rows here, then call las_in_utfall(); emptied by the load';

CREATE TABLE @extschema@.inlasning_prognos (
    namnd   text NOT NULL,
    enhet   text NOT NULL,
    rad     text NOT NULL,
    ar      integer NOT NULL,
    omgang  text NOT NULL,
    belopp  @extschema@.belopp NOT NULL
);
COMMENT ON TABLE @extschema@.inlasning_prognos IS
    'staging for forecasts: COPY rows here, then call las_in_prognos(); emptied by the load';

ALTER TABLE @extschema@.inlasning_utfall ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.inlasning_prognos ENABLE ROW LEVEL SECURITY;
CREATE POLICY namnd_behorighet ON @extschema@.inlasning_utfall
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.inlasning_prognos
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.inlasning_utfall IS 'a role stages outcome only for committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.inlasning_prognos IS 'a role stages forecasts only for committees it is granted';

-- A load changes only what differs from what is stored, so that re-sending
-- unchanged rows is no change at all: nothing is written, nothing is logged,
-- and it works also once the period is closed (an ERP that sends the whole
-- year so far every month keeps working after January is closed).  Operators
-- on the extension's types are schema-qualified, because PL/pgSQL resolves
-- them with the caller's search_path.

CREATE FUNCTION @extschema@.las_in_utfall()
    RETURNS TABLE (namnd text, period text, rader bigint)
    LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    -- stored rows of a staged committee and period that the load lacks go
    DELETE FROM @extschema@.utfall u
     WHERE EXISTS (SELECT 1 FROM @extschema@.inlasning_utfall s
                    WHERE s.namnd = u.namnd AND s.period OPERATOR(@extschema@.=) u.period)
       AND NOT EXISTS (SELECT 1 FROM @extschema@.inlasning_utfall s
                        WHERE s.namnd = u.namnd AND s.enhet = u.enhet AND s.rad = u.rad
                          AND s.period OPERATOR(@extschema@.=) u.period);
    -- changed rows are updated (staged lines of one unit and row are summed)
    UPDATE @extschema@.utfall u
       SET belopp = s.belopp, kalla = s.kalla
      FROM (SELECT s.namnd, s.enhet, s.rad, s.period, @extschema@.sum(s.belopp) AS belopp, max(s.kalla) AS kalla
              FROM @extschema@.inlasning_utfall s
             GROUP BY s.namnd, s.enhet, s.rad, s.period) s
     WHERE u.namnd = s.namnd AND u.enhet = s.enhet AND u.rad = s.rad
       AND u.period OPERATOR(@extschema@.=) s.period
       AND (u.belopp OPERATOR(@extschema@.<>) s.belopp OR u.kalla IS DISTINCT FROM s.kalla);
    -- new rows are inserted
    INSERT INTO @extschema@.utfall AS u (namnd, enhet, rad, period, belopp, kalla)
    SELECT s.namnd, s.enhet, s.rad, s.period, @extschema@.sum(s.belopp), max(s.kalla)
      FROM @extschema@.inlasning_utfall s
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.utfall u
                        WHERE u.namnd = s.namnd AND u.enhet = s.enhet AND u.rad = s.rad
                          AND u.period OPERATOR(@extschema@.=) s.period)
     GROUP BY s.namnd, s.enhet, s.rad, s.period
    ON CONFLICT ON CONSTRAINT utfall_pkey DO UPDATE
       SET belopp = excluded.belopp, kalla = excluded.kalla
     WHERE u.belopp OPERATOR(@extschema@.<>) excluded.belopp OR u.kalla IS DISTINCT FROM excluded.kalla;
    RETURN QUERY
    SELECT s.namnd, s.period::text, count(DISTINCT (s.enhet, s.rad))
      FROM @extschema@.inlasning_utfall s
     GROUP BY s.namnd, s.period ORDER BY 1, 2;
    DELETE FROM @extschema@.inlasning_utfall;
END $$;
COMMENT ON FUNCTION @extschema@.las_in_utfall() IS
    'load staged outcome: for each staged committee and period, what is stored becomes the staged rows (summed per unit and row), changing only what differs; returns the rows loaded';

CREATE FUNCTION @extschema@.las_in_prognos()
    RETURNS TABLE (namnd text, ar integer, omgang text, rader bigint)
    LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    DELETE FROM @extschema@.prognos f
     WHERE EXISTS (SELECT 1 FROM @extschema@.inlasning_prognos s
                    WHERE s.namnd = f.namnd AND s.ar = f.ar AND s.omgang = f.omgang)
       AND NOT EXISTS (SELECT 1 FROM @extschema@.inlasning_prognos s
                        WHERE s.namnd = f.namnd AND s.enhet = f.enhet AND s.rad = f.rad
                          AND s.ar = f.ar AND s.omgang = f.omgang);
    UPDATE @extschema@.prognos f
       SET belopp = s.belopp
      FROM (SELECT s.namnd, s.enhet, s.rad, s.ar, s.omgang, @extschema@.sum(s.belopp) AS belopp
              FROM @extschema@.inlasning_prognos s
             GROUP BY s.namnd, s.enhet, s.rad, s.ar, s.omgang) s
     WHERE f.namnd = s.namnd AND f.enhet = s.enhet AND f.rad = s.rad AND f.ar = s.ar AND f.omgang = s.omgang
       AND f.belopp OPERATOR(@extschema@.<>) s.belopp;
    INSERT INTO @extschema@.prognos AS f (namnd, enhet, rad, ar, omgang, belopp)
    SELECT s.namnd, s.enhet, s.rad, s.ar, s.omgang, @extschema@.sum(s.belopp)
      FROM @extschema@.inlasning_prognos s
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.prognos f
                        WHERE f.namnd = s.namnd AND f.enhet = s.enhet AND f.rad = s.rad
                          AND f.ar = s.ar AND f.omgang = s.omgang)
     GROUP BY s.namnd, s.enhet, s.rad, s.ar, s.omgang
    ON CONFLICT ON CONSTRAINT prognos_pkey DO UPDATE
       SET belopp = excluded.belopp
     WHERE f.belopp OPERATOR(@extschema@.<>) excluded.belopp;
    RETURN QUERY
    SELECT s.namnd, s.ar, s.omgang, count(DISTINCT (s.enhet, s.rad))
      FROM @extschema@.inlasning_prognos s
     GROUP BY s.namnd, s.ar, s.omgang ORDER BY 1, 2, 3;
    DELETE FROM @extschema@.inlasning_prognos;
END $$;
COMMENT ON FUNCTION @extschema@.las_in_prognos() IS
    'load staged forecasts: for each staged committee and round, what is stored becomes the staged rows, changing only what differs; returns the rows loaded';

CREATE FUNCTION @extschema@.satt_budget(namnd text, enhet text, rad text, p @extschema@.period,
                                        giltig_fran date, belopp @extschema@.belopp,
                                        profil numeric[] DEFAULT NULL, beslut text DEFAULT NULL)
    RETURNS void
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    WITH andrad AS (
        UPDATE @extschema@.budget b
           SET belopp = satt_budget.belopp, profil = satt_budget.profil, beslut = satt_budget.beslut
         WHERE b.namnd = satt_budget.namnd AND b.enhet = satt_budget.enhet AND b.rad = satt_budget.rad
           AND b.period = satt_budget.p AND b.giltig_fran = satt_budget.giltig_fran
           AND (b.belopp, b.profil, b.beslut)
               IS DISTINCT FROM (satt_budget.belopp, satt_budget.profil, satt_budget.beslut)
        RETURNING 1
    )
    INSERT INTO @extschema@.budget AS b (namnd, enhet, rad, period, giltig_fran, belopp, profil, beslut)
    SELECT satt_budget.namnd, satt_budget.enhet, satt_budget.rad, satt_budget.p, satt_budget.giltig_fran,
           satt_budget.belopp, satt_budget.profil, satt_budget.beslut
     WHERE NOT EXISTS (SELECT 1 FROM @extschema@.budget x
                        WHERE x.namnd = satt_budget.namnd AND x.enhet = satt_budget.enhet
                          AND x.rad = satt_budget.rad AND x.period = satt_budget.p
                          AND x.giltig_fran = satt_budget.giltig_fran)
    ON CONFLICT ON CONSTRAINT budget_pkey DO UPDATE
       SET belopp = excluded.belopp, profil = excluded.profil, beslut = excluded.beslut
     WHERE (b.belopp, b.profil, b.beslut) IS DISTINCT FROM (excluded.belopp, excluded.profil, excluded.beslut);
END;
COMMENT ON FUNCTION @extschema@.satt_budget(text, text, text, @extschema@.period, date, @extschema@.belopp, numeric[], text) IS
    'store a budget version (idempotent: the same version again is no change and is not logged; a changed figure replaces it and is logged)';

-----------------------------------------------------------------------------
-- reports over the report tables
-----------------------------------------------------------------------------

-- +1 for a row signed 'resultat', -1 for one signed 'kostnad': multiplying a
-- row's figure by the product of two factors restates it in the other row's
-- convention.
CREATE FUNCTION @extschema@.teckenfaktor(@extschema@.tecken) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE $1 WHEN 'kostnad' THEN -1 ELSE 1 END;
COMMENT ON FUNCTION @extschema@.teckenfaktor(@extschema@.tecken) IS
    '+1 for resultat, −1 for kostnad: the factor that restates a figure between conventions';

-- The last day of a period.
CREATE FUNCTION @extschema@.slutdatum(@extschema@.period) RETURNS date
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN (make_date(@extschema@.ar($1), @extschema@.sista_manad($1), 1) + interval '1 month - 1 day')::date;
COMMENT ON FUNCTION @extschema@.slutdatum(@extschema@.period) IS 'the last day of a period';

-- Outcome per unit and row for a period: the row stored for exactly that
-- period (a published year-to-date figure) or else the sum of its months.
CREATE FUNCTION @extschema@.utfall_for_period(p @extschema@.period, namnd_kod text DEFAULT NULL)
    RETURNS TABLE (namnd text, enhet text, rad text, belopp @extschema@.belopp)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT u.namnd, u.enhet, u.rad,
           CASE WHEN bool_or(u.period = p)
                THEN @extschema@.sum(u.belopp) FILTER (WHERE u.period = p)
                ELSE @extschema@.sum(u.belopp) FILTER (WHERE @extschema@.manader(u.period) = 1) END
      FROM @extschema@.utfall u
     WHERE u.ar = @extschema@.ar(p)
       AND (namnd_kod IS NULL OR u.namnd = namnd_kod)
       AND (u.period = p OR (@extschema@.manader(u.period) = 1 AND u.period OPERATOR(@extschema@.<@) p))
     GROUP BY u.namnd, u.enhet, u.rad;
END;
COMMENT ON FUNCTION @extschema@.utfall_for_period(@extschema@.period, text) IS
    'outcome per unit and row for a period: the figure stored for exactly that period, or else the sum of its months';

-- Budget per unit and row in force on a date: for the period (a published
-- period budget, or else the annual budget spread with its profile) and for
-- the whole year.
CREATE FUNCTION @extschema@.budget_for_period(p @extschema@.period, per date,
                                              namnd_kod text DEFAULT NULL)
    RETURNS TABLE (namnd text, enhet text, rad text, belopp @extschema@.belopp,
                   helar @extschema@.belopp)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT v.namnd, v.enhet, v.rad,
           coalesce(@extschema@.max(v.belopp) FILTER (WHERE v.period = p),
                    @extschema@.max(@extschema@.periodisera(v.belopp, p, v.profil))
                        FILTER (WHERE v.period = @extschema@.helar(@extschema@.ar(p)))),
           @extschema@.max(v.belopp) FILTER (WHERE v.period = @extschema@.helar(@extschema@.ar(p)))
      FROM (SELECT DISTINCT ON (b.namnd, b.enhet, b.rad, b.period) b.*
              FROM @extschema@.budget b
             WHERE b.ar = @extschema@.ar(p)
               AND b.giltig_fran <= per
               AND (namnd_kod IS NULL OR b.namnd = namnd_kod)
               AND (b.period = p OR b.period = @extschema@.helar(@extschema@.ar(p)))
             ORDER BY b.namnd, b.enhet, b.rad, b.period, b.giltig_fran DESC) v
     GROUP BY v.namnd, v.enhet, v.rad;
END;
COMMENT ON FUNCTION @extschema@.budget_for_period(@extschema@.period, date, text) IS
    'budget per unit and row in force on a date: for the period (published, or the annual budget spread) and for the whole year';

-- The forecast rounds of a year that a report for period p can use, newest
-- first: nr 1 is the latest round up to p, nr 2 the one before.
CREATE FUNCTION @extschema@.prognosomgangar(p @extschema@.period)
    RETURNS TABLE (nr bigint, kod text, namn text, period @extschema@.period, datum date)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT row_number() OVER (ORDER BY @extschema@.sista_manad(o.period) DESC, o.datum DESC),
           o.kod, o.namn, o.period, o.datum
      FROM @extschema@.prognosomgang o
     WHERE o.ar = @extschema@.ar(p) AND @extschema@.sista_manad(o.period) <= @extschema@.sista_manad(p)
     ORDER BY 1;
END;
COMMENT ON FUNCTION @extschema@.prognosomgangar(@extschema@.period) IS
    'the forecast rounds a report for a period can use, newest first (nr 1 = latest up to the period)';

-- The unit hierarchy of one committee (or all, NULL): every unit with each of
-- its ancestors (itself included), and the whole committee as ancestor NULL --
-- left out when the committee has a single top-level unit, which already is
-- the total.
CREATE FUNCTION @extschema@.enhet_over(namnd_kod text)
    RETURNS TABLE (namnd text, anc text, kod text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE enhet_anc AS (
        SELECT e.namnd, e.kod AS anc, e.kod AS kod FROM @extschema@.enhet e
         WHERE namnd_kod IS NULL OR e.namnd = namnd_kod
        UNION ALL
        SELECT a.namnd, e.overordnad, a.kod
          FROM enhet_anc a JOIN @extschema@.enhet e ON e.namnd = a.namnd AND e.kod = a.anc
         WHERE e.overordnad IS NOT NULL
    )
    SELECT a.namnd, a.anc, a.kod FROM enhet_anc a
    UNION ALL
    SELECT e.namnd, NULL, e.kod FROM @extschema@.enhet e
     WHERE (namnd_kod IS NULL OR e.namnd = namnd_kod)
       AND (SELECT count(*) FROM @extschema@.enhet t
             WHERE t.namnd = e.namnd AND t.overordnad IS NULL) > 1;
END;
COMMENT ON FUNCTION @extschema@.enhet_over(text) IS
    'every unit with each of its ancestors (itself included) and the committee total (NULL) when the committee has several top-level units';

-- Depth and sort key of every unit: the path of (ordning, kod) from the top,
-- with "/~" after a unit that has sub-units, so that it sorts after them (a
-- subtotal below its rows, as reports print it).
CREATE FUNCTION @extschema@.enhet_ordning(namnd_kod text)
    RETURNS TABLE (namnd text, kod text, niva integer, sortering text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE enhet_path AS (
        SELECT e.namnd, e.kod, 1 AS niva, lpad(e.ordning::text, 6, '0') || ':' || e.kod AS sortering
          FROM @extschema@.enhet e WHERE e.overordnad IS NULL AND (namnd_kod IS NULL OR e.namnd = namnd_kod)
        UNION ALL
        SELECT e.namnd, e.kod, p.niva + 1, p.sortering || '/' || lpad(e.ordning::text, 6, '0') || ':' || e.kod
          FROM enhet_path p JOIN @extschema@.enhet e ON e.namnd = p.namnd AND e.overordnad = p.kod
    )
    SELECT p.namnd, p.kod, p.niva,
           p.sortering || CASE WHEN EXISTS (SELECT 1 FROM @extschema@.enhet c
                                             WHERE c.namnd = p.namnd AND c.overordnad = p.kod)
                               THEN '/~' ELSE '' END
      FROM enhet_path p;
END;
COMMENT ON FUNCTION @extschema@.enhet_ordning(text) IS
    'depth and sort key of every unit of a committee (or of all, NULL)';

-- Every report row with each of its ancestors (itself included).
CREATE FUNCTION @extschema@.rad_over()
    RETURNS TABLE (anc text, kod text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE rad_anc AS (
        SELECT r.kod AS anc, r.kod AS kod FROM @extschema@.rad r
        UNION ALL
        SELECT r.overordnad, a.kod
          FROM rad_anc a JOIN @extschema@.rad r ON r.kod = a.anc
         WHERE r.overordnad IS NOT NULL
    )
    SELECT a.anc, a.kod FROM rad_anc a;
END;
COMMENT ON FUNCTION @extschema@.rad_over() IS
    'every report row with each of its ancestors (itself included): the rows a subtotal adds up';

-- Depth and sort key of every report row, with "/~" after a subtotal row so
-- that it sorts after the rows it adds up.
CREATE FUNCTION @extschema@.rad_ordning()
    RETURNS TABLE (kod text, niva integer, sortering text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH RECURSIVE rad_path AS (
        SELECT r.kod, 1 AS niva, lpad(r.ordning::text, 6, '0') || ':' || r.kod AS sortering
          FROM @extschema@.rad r WHERE r.overordnad IS NULL
        UNION ALL
        SELECT r.kod, p.niva + 1, p.sortering || '/' || lpad(r.ordning::text, 6, '0') || ':' || r.kod
          FROM rad_path p JOIN @extschema@.rad r ON r.overordnad = p.kod
    )
    SELECT p.kod, p.niva,
           p.sortering || CASE WHEN EXISTS (SELECT 1 FROM @extschema@.rad c WHERE c.overordnad = p.kod)
                               THEN '/~' ELSE '' END
      FROM rad_path p;
END;
COMMENT ON FUNCTION @extschema@.rad_ordning() IS
    'depth and sort key of every report row';

-- One row of driftsammandrag: plain numeric kronor and text, so that every
-- reporting tool reads it.
CREATE TYPE @extschema@.driftsammandrag_rad AS (
    namnd_kod         text,
    enhet             text,
    enhet_namn        text,
    enhet_niva        integer,
    rad               text,
    rad_namn          text,
    rad_niva          integer,
    tecken            @extschema@.tecken,
    utfall            numeric,
    budget            numeric,
    avvikelse         numeric,
    utfall_fg_ar      numeric,
    prognos           numeric,
    prognos_fg        numeric,
    budget_helar      numeric,
    prognos_avvikelse numeric,
    bokslut_fg_ar     numeric,
    prognosomgang     text,
    prognosomgang_fg  text,
    sortering         text
);
COMMENT ON TYPE @extschema@.driftsammandrag_rad IS
    'a row of driftsammandrag: committee, unit, report row, sign convention, outcome, budget, deviation, last year, forecasts, full-year budget, forecast deviation, last year''s final outcome, rounds, sort key';

CREATE FUNCTION @extschema@.driftsammandrag(ar integer, p @extschema@.period, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.driftsammandrag_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    -- operators (belopp * integer) resolve in this schema whatever the caller's path
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    y      integer := driftsammandrag.ar;
    per    @extschema@.period := driftsammandrag.p;
    nf     text := driftsammandrag.namnd;
    p_fg   @extschema@.period;
    omg1   text;
    omg2   text;
BEGIN
    IF @extschema@.ar(per) <> y THEN
        RAISE EXCEPTION 'period % does not lie in year %', per, y
            USING ERRCODE = '22023',
                  HINT = 'Give the year of the period, e.g. driftsammandrag(2023, ''jan-maj 2023'').';
    END IF;
    IF nf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = nf) THEN
        RAISE EXCEPTION 'no committee "%"', nf
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;
    p_fg := @extschema@.period(y - 1, @extschema@.forsta_manad(per), @extschema@.sista_manad(per));
    SELECT o.kod INTO omg1 FROM @extschema@.prognosomgangar(per) o WHERE o.nr = 1;
    SELECT o.kod INTO omg2 FROM @extschema@.prognosomgangar(per) o WHERE o.nr = 2;

    RETURN QUERY
    WITH RECURSIVE
    leaf AS (
        SELECT f.namnd, f.enhet, f.rad,
               @extschema@.sum(f.utfall) AS utfall, @extschema@.sum(f.budget) AS budget,
               @extschema@.sum(f.utfall_fg) AS utfall_fg, @extschema@.sum(f.prognos) AS prognos,
               @extschema@.sum(f.prognos_fg) AS prognos_fg, @extschema@.sum(f.budget_helar) AS budget_helar,
               @extschema@.sum(f.bokslut_fg) AS bokslut_fg
          FROM (
            SELECT u.namnd, u.enhet, u.rad, u.belopp AS utfall, NULL::@extschema@.belopp AS budget,
                   NULL::@extschema@.belopp AS utfall_fg, NULL::@extschema@.belopp AS prognos,
                   NULL::@extschema@.belopp AS prognos_fg, NULL::@extschema@.belopp AS budget_helar,
                   NULL::@extschema@.belopp AS bokslut_fg
              FROM @extschema@.utfall_for_period(per, nf) u
            UNION ALL
            SELECT b.namnd, b.enhet, b.rad, NULL, b.belopp, NULL, NULL, NULL, b.helar, NULL
              FROM @extschema@.budget_for_period(per, @extschema@.slutdatum(per), nf) b
            UNION ALL
            SELECT u.namnd, u.enhet, u.rad, NULL, NULL, u.belopp, NULL, NULL, NULL, NULL
              FROM @extschema@.utfall_for_period(p_fg, nf) u
            UNION ALL
            SELECT u.namnd, u.enhet, u.rad, NULL, NULL, NULL, NULL, NULL, NULL, u.belopp
              FROM @extschema@.utfall_for_period(@extschema@.helar(y - 1), nf) u
            UNION ALL
            SELECT f.namnd, f.enhet, f.rad, NULL, NULL, NULL,
                   CASE WHEN f.omgang = omg1 THEN f.belopp END,
                   CASE WHEN f.omgang = omg2 THEN f.belopp END, NULL, NULL
              FROM @extschema@.prognos f
             WHERE f.ar = y AND f.omgang IN (omg1, omg2) AND (nf IS NULL OR f.namnd = nf)
          ) f
         GROUP BY f.namnd, f.enhet, f.rad
    ),
    enhet_up AS (SELECT * FROM @extschema@.enhet_over(nf)),
    enhet_path AS (SELECT * FROM @extschema@.enhet_ordning(nf)),
    rad_anc AS (SELECT * FROM @extschema@.rad_over()),
    rad_path AS (SELECT * FROM @extschema@.rad_ordning()),
    rolled AS (
        SELECT l.namnd, eu.anc AS enhet, ra.anc AS rad,
               @extschema@.sum(l.utfall * k.f) AS utfall, @extschema@.sum(l.budget * k.f) AS budget,
               @extschema@.sum(l.utfall_fg * k.f) AS utfall_fg, @extschema@.sum(l.prognos * k.f) AS prognos,
               @extschema@.sum(l.prognos_fg * k.f) AS prognos_fg,
               @extschema@.sum(l.budget_helar * k.f) AS budget_helar,
               @extschema@.sum(l.bokslut_fg * k.f) AS bokslut_fg
          FROM leaf l
          JOIN enhet_up eu ON eu.namnd = l.namnd AND eu.kod = l.enhet
          JOIN rad_anc ra ON ra.kod = l.rad
          JOIN @extschema@.rad lr ON lr.kod = l.rad
          JOIN @extschema@.rad ar_ ON ar_.kod = ra.anc
          CROSS JOIN LATERAL (SELECT @extschema@.teckenfaktor(lr.tecken)
                                     * @extschema@.teckenfaktor(ar_.tecken) AS f) k
         GROUP BY l.namnd, eu.anc, ra.anc
    )
    SELECT r.namnd, r.enhet, coalesce(e.namn, n.namn),
           coalesce(ep.niva, 0), r.rad, rr.namn, rp.niva, rr.tecken,
           @extschema@.kronor(r.utfall), @extschema@.kronor(r.budget),
           @extschema@.kronor(@extschema@.avvikelse(r.utfall, r.budget, rr.tecken)),
           @extschema@.kronor(r.utfall_fg),
           @extschema@.kronor(r.prognos), @extschema@.kronor(r.prognos_fg),
           @extschema@.kronor(r.budget_helar),
           @extschema@.kronor(@extschema@.avvikelse(r.prognos, r.budget_helar, rr.tecken)),
           @extschema@.kronor(r.bokslut_fg),
           CASE WHEN r.prognos IS NOT NULL THEN omg1 END,
           CASE WHEN r.prognos_fg IS NOT NULL THEN omg2 END,
           r.namnd || '|' || coalesce(ep.sortering, '~') || '|' || rp.sortering
      FROM rolled r
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 20;
END
$fn$;
COMMENT ON FUNCTION @extschema@.driftsammandrag(integer, @extschema@.period, text) IS
    'per unit and report row, with subtotals over both hierarchies: outcome and budget for the period, deviation, same period last year, latest and previous forecast, full-year budget, forecast deviation, last year''s final outcome (plain numeric kronor)';

CREATE FUNCTION @extschema@.driftsammandrag_avrundad(ar integer, p @extschema@.period,
                                                     namnd text DEFAULT NULL,
                                                     avrunda_till text DEFAULT 'tkr',
                                                     decimaler integer DEFAULT 0)
    RETURNS SETOF @extschema@.driftsammandrag_rad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    WITH r AS (
        SELECT d.namnd_kod, d.enhet, d.enhet_namn, d.enhet_niva, d.rad, d.rad_namn, d.rad_niva, d.tecken,
               @extschema@.avrunda_summerbar(d.utfall::@extschema@.belopp, avrunda_till, decimaler) OVER w AS utfall,
               @extschema@.avrunda_summerbar(d.budget::@extschema@.belopp, avrunda_till, decimaler) OVER w AS budget,
               @extschema@.avrunda_summerbar(d.utfall_fg_ar::@extschema@.belopp, avrunda_till, decimaler) OVER w AS utfall_fg_ar,
               @extschema@.avrunda_summerbar(d.prognos::@extschema@.belopp, avrunda_till, decimaler) OVER w AS prognos,
               @extschema@.avrunda_summerbar(d.prognos_fg::@extschema@.belopp, avrunda_till, decimaler) OVER w AS prognos_fg,
               @extschema@.avrunda_summerbar(d.budget_helar::@extschema@.belopp, avrunda_till, decimaler) OVER w AS budget_helar,
               @extschema@.avrunda_summerbar(d.bokslut_fg_ar::@extschema@.belopp, avrunda_till, decimaler) OVER w AS bokslut_fg_ar,
               d.prognosomgang, d.prognosomgang_fg, d.sortering
          FROM @extschema@.driftsammandrag(ar, p, namnd) d
        WINDOW w AS (PARTITION BY d.namnd_kod, d.rad, d.enhet_niva ORDER BY d.sortering)
    )
    SELECT r.namnd_kod, r.enhet, r.enhet_namn, r.enhet_niva, r.rad, r.rad_namn, r.rad_niva, r.tecken,
           r.utfall, r.budget, @extschema@.avvikelse(r.utfall, r.budget, r.tecken), r.utfall_fg_ar,
           r.prognos, r.prognos_fg, r.budget_helar,
           @extschema@.avvikelse(r.prognos, r.budget_helar, r.tecken), r.bokslut_fg_ar,
           r.prognosomgang, r.prognosomgang_fg, r.sortering
      FROM r
     ORDER BY r.sortering;
END;
COMMENT ON FUNCTION @extschema@.driftsammandrag_avrundad(integer, @extschema@.period, text, text, integer) IS
    'driftsammandrag in a unit (tkr, mnkr) rounded so that the units of a committee add up to its printed total (largest remainder); deviations are taken from the rounded figures, so they add up too';

-----------------------------------------------------------------------------
-- views for reporting tools: plain numeric and text columns, the latest period
-----------------------------------------------------------------------------
-- Every view is security_invoker, so row-level security applies to the person
-- querying, not to the view's owner.

CREATE VIEW @extschema@.senaste_period WITH (security_invoker = true) AS
SELECT u.ar, @extschema@.period(u.ar, 1, max(@extschema@.sista_manad(u.period))) AS period
  FROM @extschema@.utfall u
 WHERE u.ar = (SELECT max(ar) FROM @extschema@.utfall)
 GROUP BY u.ar;
COMMENT ON VIEW @extschema@.senaste_period IS
    'the latest year with outcome, and its accumulated period up to the latest month with outcome';

CREATE VIEW @extschema@.driftsammandrag_senaste WITH (security_invoker = true) AS
SELECT s.period::text AS period, d.*
  FROM @extschema@.senaste_period s,
       LATERAL @extschema@.driftsammandrag(s.ar, s.period) d;
COMMENT ON VIEW @extschema@.driftsammandrag_senaste IS
    'driftsammandrag for the latest period with outcome, every committee the reader may see';

CREATE VIEW @extschema@.budget_gallande WITH (security_invoker = true) AS
SELECT DISTINCT ON (b.namnd, b.enhet, b.rad, b.period)
       b.namnd, b.enhet, b.rad, b.period::text AS period, b.ar, b.giltig_fran,
       @extschema@.kronor(b.belopp) AS belopp, b.beslut
  FROM @extschema@.budget b
 WHERE b.giltig_fran <= current_date
 ORDER BY b.namnd, b.enhet, b.rad, b.period, b.giltig_fran DESC;
COMMENT ON VIEW @extschema@.budget_gallande IS
    'the budget version in force today for each unit, row and period, in plain numeric kronor';

CREATE VIEW @extschema@.utfall_manad WITH (security_invoker = true) AS
SELECT u.namnd, u.enhet, u.rad, u.ar, @extschema@.forsta_manad(u.period) AS manad,
       @extschema@.kronor(u.belopp) AS belopp, u.kalla
  FROM @extschema@.utfall u
 WHERE @extschema@.manader(u.period) = 1;
COMMENT ON VIEW @extschema@.utfall_manad IS
    'monthly outcome as the ERP booked it, in plain numeric kronor';

-----------------------------------------------------------------------------
-- reading report tables out of text copied from a PDF
-----------------------------------------------------------------------------

-- Both functions return no rows when rad/text, kolumner or tolerans is NULL;
-- samband may be NULL (no relations), hence CALLED ON NULL INPUT.
CREATE FUNCTION @extschema@.las_tabellrad(rad text, kolumner integer,
                                          samband text[] DEFAULT NULL,
                                          tolerans integer DEFAULT 1)
    RETURNS TABLE (kod text, benamning text, varden numeric[], procent boolean[],
                   entydig boolean, ofullstandig boolean, tolkningar bigint,
                   meddelande text)
    AS 'MODULE_PATHNAME', 'las_tabellrad'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION @extschema@.las_tabellrad(text, integer, text[], integer) IS
    'reads one line of a report table ("509 - Hemtjänst 187 187 0 191") into its code, name and kolumner exact figures, choosing how space-separated digit groups join into numbers; samband (''3 = 2 - 1'', ''4 = 1 / 2 %'') decide among the readings within tolerans units of the last printed digit; varden is NULL unless exactly one reading fits (entydig), a row with fewer figures than columns is returned with the figures it has (ofullstandig), and meddelande says why; 22023 for bad kolumner, tolerans or samband, 54000 for a line over 8192 bytes';

CREATE FUNCTION @extschema@.las_tabell(text text, kolumner integer,
                                       samband text[] DEFAULT NULL,
                                       tolerans integer DEFAULT 1)
    RETURNS TABLE (rad integer, sista_rad integer, kod text, benamning text,
                   varden numeric[], procent boolean[], entydig boolean,
                   ofullstandig boolean, tolkningar bigint, meddelande text)
    AS 'MODULE_PATHNAME', 'las_tabell'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION @extschema@.las_tabell(text, integer, text[], integer) IS
    'reads a block of report-table text row by row as las_tabellrad does, joining labels and figures wrapped over several lines and skipping headings and blank lines; rad and sista_rad are the 1-based lines of the text where each row starts and ends; 22023 for bad kolumner, tolerans or samband, 54000 for a line over 8192 bytes or a text over 4 MB';

-----------------------------------------------------------------------------
-- forecasts: change between rounds (prognosförändring) and accuracy against
-- the final outcome (prognossäkerhet)
-----------------------------------------------------------------------------
--
-- Every change and error is favourable-positive, like a deviation: in the
-- 'resultat' convention a change is new − previous and an error is outcome −
-- forecast; in the 'kostnad' convention the other way round.

CREATE FUNCTION @extschema@.prognosforandring(ny @extschema@.belopp, foregaende @extschema@.belopp,
                                              tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'prognosforandring_belopp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognosforandring(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'change of a forecast since the previous round, positive when it is favourable: ny − foregaende (resultat) or foregaende − ny (kostnad); 22003 when it does not fit a belopp';
CREATE FUNCTION @extschema@.prognosforandring(ny numeric, foregaende numeric,
                                              tecken @extschema@.tecken DEFAULT 'resultat')
    RETURNS numeric
    AS 'MODULE_PATHNAME', 'prognosforandring_numeric' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognosforandring(numeric, numeric, @extschema@.tecken) IS
    'change of a forecast since the previous round, positive when it is favourable: ny − foregaende (resultat) or foregaende − ny (kostnad)';

-- the accuracy aggregate ------------------------------------------------------

CREATE TYPE @extschema@.traffsakerhet AS (
    antal                    bigint,
    medelfel                 numeric,
    medelabsolutfel          numeric,
    kvadratiskt_medelfel     numeric,
    antal_procent            bigint,
    medelabsolutfel_procent  numeric,
    antal_utfall_noll        bigint
);
COMMENT ON TYPE @extschema@.traffsakerhet IS
    'forecast accuracy over pairs (forecast, outcome), error e favourable-positive (outcome − forecast, or forecast − outcome for kostnad): antal pairs, medelfel = mean e (the bias; positive = the forecasts were pessimistic), medelabsolutfel = mean |e|, kvadratiskt_medelfel = sqrt(mean e²), medelabsolutfel_procent = 100 × mean |e|/|outcome| over the antal_procent pairs with a non-zero outcome (each ratio rounded to 18 decimals), antal_utfall_noll = pairs left out of the percentage because the outcome is 0';

CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(internal, @extschema@.belopp, @extschema@.belopp)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(internal, @extschema@.belopp, @extschema@.belopp) IS
    'prognostraffsakerhet transition: add a pair (forecast, outcome) to exact integer sums';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(internal, @extschema@.belopp, @extschema@.belopp,
                                                              @extschema@.tecken)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_accum_tecken' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(internal, @extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'prognostraffsakerhet transition: add a pair (forecast, outcome) in a sign convention to exact integer sums';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_combine(internal, internal) IS
    'prognostraffsakerhet over belopp: combine two partial states';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_serialize(internal) IS
    'prognostraffsakerhet over belopp: serialise a partial state for a parallel worker';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_deserialize(bytea, internal) IS
    'prognostraffsakerhet over belopp: deserialise a partial state';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_final(internal) RETURNS @extschema@.traffsakerhet
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_final(internal) IS
    'prognostraffsakerhet over belopp: the measures from the exact sums';

CREATE FUNCTION @extschema@.prognostraffsakerhet_numeric_accum(internal, numeric, numeric)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_numeric_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_numeric_accum(internal, numeric, numeric) IS
    'prognostraffsakerhet transition: add a pair (forecast, outcome) to exact numeric sums';
CREATE FUNCTION @extschema@.prognostraffsakerhet_numeric_accum(internal, numeric, numeric, @extschema@.tecken)
    RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_numeric_accum_tecken' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_numeric_accum(internal, numeric, numeric, @extschema@.tecken) IS
    'prognostraffsakerhet transition: add a pair (forecast, outcome) in a sign convention to exact numeric sums';
CREATE FUNCTION @extschema@.prognostraffsakerhet_numeric_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_numeric_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_numeric_combine(internal, internal) IS
    'prognostraffsakerhet over numeric: combine two partial states';
CREATE FUNCTION @extschema@.prognostraffsakerhet_numeric_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_numeric_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_numeric_serialize(internal) IS
    'prognostraffsakerhet over numeric: serialise a partial state for a parallel worker';
CREATE FUNCTION @extschema@.prognostraffsakerhet_numeric_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_numeric_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_numeric_deserialize(bytea, internal) IS
    'prognostraffsakerhet over numeric: deserialise a partial state';
CREATE FUNCTION @extschema@.prognostraffsakerhet_numeric_final(internal) RETURNS @extschema@.traffsakerhet
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_numeric_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_numeric_final(internal) IS
    'prognostraffsakerhet over numeric: the measures from the exact sums';

CREATE AGGREGATE @extschema@.prognostraffsakerhet(prognos numeric, utfall numeric) (
    SFUNC = @extschema@.prognostraffsakerhet_numeric_accum,
    STYPE = internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.prognostraffsakerhet_numeric_final,
    COMBINEFUNC = @extschema@.prognostraffsakerhet_numeric_combine,
    SERIALFUNC = @extschema@.prognostraffsakerhet_numeric_serialize,
    DESERIALFUNC = @extschema@.prognostraffsakerhet_numeric_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.prognostraffsakerhet(numeric, numeric) IS
    'forecast accuracy over (forecast, outcome) pairs with error = outcome − forecast: count, bias, mean absolute error, root mean square error, mean absolute percentage error (outcome 0 left out and counted); exact numeric sums, pairs with a NULL skipped, NULL over no pairs, 22003 for NaN or infinity';
CREATE AGGREGATE @extschema@.prognostraffsakerhet(prognos numeric, utfall numeric, tecken @extschema@.tecken) (
    SFUNC = @extschema@.prognostraffsakerhet_numeric_accum,
    STYPE = internal,
    SSPACE = 128,
    FINALFUNC = @extschema@.prognostraffsakerhet_numeric_final,
    COMBINEFUNC = @extschema@.prognostraffsakerhet_numeric_combine,
    SERIALFUNC = @extschema@.prognostraffsakerhet_numeric_serialize,
    DESERIALFUNC = @extschema@.prognostraffsakerhet_numeric_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.prognostraffsakerhet(numeric, numeric, @extschema@.tecken) IS
    'forecast accuracy over (forecast, outcome) pairs in a sign convention, error favourable-positive (outcome − forecast for resultat, forecast − outcome for kostnad); a pair with both figures and tecken NULL is 22004; otherwise as the two-argument form';
CREATE AGGREGATE @extschema@.prognostraffsakerhet(prognos @extschema@.belopp, utfall @extschema@.belopp) (
    SFUNC = @extschema@.prognostraffsakerhet_belopp_accum,
    STYPE = internal,
    SSPACE = 96,
    FINALFUNC = @extschema@.prognostraffsakerhet_belopp_final,
    COMBINEFUNC = @extschema@.prognostraffsakerhet_belopp_combine,
    SERIALFUNC = @extschema@.prognostraffsakerhet_belopp_serialize,
    DESERIALFUNC = @extschema@.prognostraffsakerhet_belopp_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.prognostraffsakerhet(@extschema@.belopp, @extschema@.belopp) IS
    'forecast accuracy over (forecast, outcome) amounts with error = outcome − forecast, in exact 128/192-bit integer sums of öre; the same figures as the numeric form';
CREATE AGGREGATE @extschema@.prognostraffsakerhet(prognos @extschema@.belopp, utfall @extschema@.belopp,
                                                  tecken @extschema@.tecken) (
    SFUNC = @extschema@.prognostraffsakerhet_belopp_accum,
    STYPE = internal,
    SSPACE = 96,
    FINALFUNC = @extschema@.prognostraffsakerhet_belopp_final,
    COMBINEFUNC = @extschema@.prognostraffsakerhet_belopp_combine,
    SERIALFUNC = @extschema@.prognostraffsakerhet_belopp_serialize,
    DESERIALFUNC = @extschema@.prognostraffsakerhet_belopp_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.prognostraffsakerhet(@extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'forecast accuracy over (forecast, outcome) amounts in a sign convention, error favourable-positive; a pair with both figures and tecken NULL is 22004; exact integer sums of öre';

-- change of the forecasts between two rounds -------------------------------------

CREATE TYPE @extschema@.prognosforandring_rad AS (
    namnd_kod            text,
    enhet                text,
    enhet_namn           text,
    enhet_niva           integer,
    rad                  text,
    rad_namn             text,
    rad_niva             integer,
    tecken               @extschema@.tecken,
    prognosomgang        text,
    prognosomgang_fg     text,
    prognos              numeric,
    prognos_fg           numeric,
    prognosforandring    numeric,
    budget               numeric,
    budget_fg            numeric,
    budgetforandring     numeric,
    avvikelse            numeric,
    avvikelse_fg         numeric,
    avvikelseforandring  numeric,
    sortering            text
);
COMMENT ON TYPE @extschema@.prognosforandring_rad IS
    'a row of prognosforandringar: committee, unit, report row, sign convention, the round and the previous round, both forecasts and their change, the full-year budget in force at each round and its change, the forecast deviation at each round and its change (all favourable-positive, plain numeric kronor), sort key';

CREATE FUNCTION @extschema@.prognosforandringar(ar integer, omgang text DEFAULT NULL, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognosforandring_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    -- operators (belopp * integer) resolve in this schema whatever the caller's path
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    y       integer := prognosforandringar.ar;
    omg1    text := prognosforandringar.omgang;
    nf      text := prognosforandringar.namnd;
    nr1     bigint;
    omg2    text;
    datum1  date;
    datum2  date;
    alla    text;
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year of prognosforandringar must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognosforandringar(2024).';
    END IF;
    IF nf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = nf) THEN
        RAISE EXCEPTION 'no committee "%"', nf
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;
    -- the rounds of the year, newest first (nr 1); the previous round is nr + 1
    SELECT string_agg(o.kod, ', ' ORDER BY o.nr DESC) INTO alla
      FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o;
    IF alla IS NULL THEN
        RAISE EXCEPTION 'no forecast round in year %', y
            USING ERRCODE = '22023',
                  HINT = 'Forecast rounds are added to kommunrapport.prognosomgang before their forecasts.';
    END IF;
    IF omg1 IS NULL THEN
        SELECT o.nr, o.kod, o.datum INTO nr1, omg1, datum1
          FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o WHERE o.nr = 1;
    ELSE
        SELECT o.nr, o.datum INTO nr1, datum1
          FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o WHERE o.kod = omg1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no forecast round "%" in year %', omg1, y
                USING ERRCODE = '22023', HINT = format('The rounds of %s are: %s.', y, alla);
        END IF;
    END IF;
    SELECT o.kod, o.datum INTO omg2, datum2
      FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o WHERE o.nr = nr1 + 1;

    RETURN QUERY
    WITH RECURSIVE
    leaf AS (
        SELECT f.namnd, f.enhet, f.rad,
               @extschema@.sum(f.prognos) AS prognos, @extschema@.sum(f.prognos_fg) AS prognos_fg,
               @extschema@.sum(f.budget) AS budget, @extschema@.sum(f.budget_fg) AS budget_fg
          FROM (
            SELECT p.namnd, p.enhet, p.rad,
                   CASE WHEN p.omgang = omg1 THEN p.belopp END AS prognos,
                   CASE WHEN p.omgang = omg2 THEN p.belopp END AS prognos_fg,
                   NULL::@extschema@.belopp AS budget, NULL::@extschema@.belopp AS budget_fg
              FROM @extschema@.prognos p
             WHERE p.ar = y AND p.omgang IN (omg1, omg2) AND (nf IS NULL OR p.namnd = nf)
            UNION ALL
            SELECT b.namnd, b.enhet, b.rad, NULL, NULL, b.helar, NULL
              FROM @extschema@.budget_for_period(@extschema@.helar(y), datum1, nf) b
            UNION ALL
            SELECT b.namnd, b.enhet, b.rad, NULL, NULL, NULL, b.helar
              FROM @extschema@.budget_for_period(@extschema@.helar(y), datum2, nf) b
             WHERE datum2 IS NOT NULL
          ) f
         GROUP BY f.namnd, f.enhet, f.rad
    ),
    enhet_up AS (SELECT * FROM @extschema@.enhet_over(nf)),
    enhet_path AS (SELECT * FROM @extschema@.enhet_ordning(nf)),
    rad_anc AS (SELECT * FROM @extschema@.rad_over()),
    rad_path AS (SELECT * FROM @extschema@.rad_ordning()),
    -- a leaf figure restated in its ancestor row's convention: × the product
    -- of the two rows' sign factors
    rolled AS (
        SELECT l.namnd, eu.anc AS enhet, ra.anc AS rad,
               @extschema@.sum(l.prognos * k.f) AS prognos, @extschema@.sum(l.prognos_fg * k.f) AS prognos_fg,
               @extschema@.sum(l.budget * k.f) AS budget, @extschema@.sum(l.budget_fg * k.f) AS budget_fg
          FROM leaf l
          JOIN enhet_up eu ON eu.namnd = l.namnd AND eu.kod = l.enhet
          JOIN rad_anc ra ON ra.kod = l.rad
          JOIN @extschema@.rad lr ON lr.kod = l.rad
          JOIN @extschema@.rad ar_ ON ar_.kod = ra.anc
          CROSS JOIN LATERAL (SELECT @extschema@.teckenfaktor(lr.tecken)
                                     * @extschema@.teckenfaktor(ar_.tecken) AS f) k
         GROUP BY l.namnd, eu.anc, ra.anc
    ),
    figures AS (
        SELECT r.*, rr.tecken,
               @extschema@.avvikelse(r.prognos, r.budget, rr.tecken) AS avvikelse,
               @extschema@.avvikelse(r.prognos_fg, r.budget_fg, rr.tecken) AS avvikelse_fg
          FROM rolled r JOIN @extschema@.rad rr ON rr.kod = r.rad
    )
    SELECT r.namnd, r.enhet, coalesce(e.namn, n.namn), coalesce(ep.niva, 0), r.rad, rr.namn, rp.niva, r.tecken,
           omg1, omg2,
           @extschema@.kronor(r.prognos), @extschema@.kronor(r.prognos_fg),
           @extschema@.kronor(@extschema@.prognosforandring(r.prognos, r.prognos_fg, r.tecken)),
           @extschema@.kronor(r.budget), @extschema@.kronor(r.budget_fg),
           -- the budget's change as it moves the deviation: more room is positive
           @extschema@.kronor((r.budget_fg - r.budget) * @extschema@.teckenfaktor(r.tecken)),
           @extschema@.kronor(r.avvikelse), @extschema@.kronor(r.avvikelse_fg),
           @extschema@.kronor(r.avvikelse - r.avvikelse_fg),
           r.namnd || '|' || coalesce(ep.sortering, '~') || '|' || rp.sortering
      FROM figures r
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 20;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognosforandringar(integer, text, text) IS
    'per committee, unit and report row, with subtotals over both hierarchies (as driftsammandrag): the forecast of a round (NULL = the year''s latest) and of the round before it (by period, then date), the forecast change, the full-year budget in force at each round''s date and its change as it moves the deviation (more room positive), the forecast deviation at each round and its change; all favourable-positive, plain numeric kronor, so avvikelseforandring = prognosforandring + budgetforandring; no previous round or no figure in it gives NULL, not zero; a subtotal adds the figures its rows have in each round; 22023 for an unknown round or committee';

-- accuracy of the forecasts of a closed year ----------------------------------------

-- Whether a committee's final outcome of a year is loaded: outcome stored for
-- the whole year, or booked in each of the twelve months.
CREATE FUNCTION @extschema@.slututfall_finns(ar integer, namnd_kod text) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT EXISTS (SELECT 1 FROM @extschema@.utfall u
                    WHERE u.ar = slututfall_finns.ar AND u.namnd = namnd_kod
                      AND u.period = @extschema@.helar(slututfall_finns.ar))
        OR (SELECT count(DISTINCT @extschema@.sista_manad(u.period)) FROM @extschema@.utfall u
             WHERE u.ar = slututfall_finns.ar AND u.namnd = namnd_kod
               AND @extschema@.manader(u.period) = 1) = 12;
END;
COMMENT ON FUNCTION @extschema@.slututfall_finns(integer, text) IS
    'whether a committee''s final outcome of a year is loaded: outcome for the whole year, or outcome booked in each of the twelve months';

CREATE TYPE @extschema@.prognossakerhet_rad AS (
    namnd_kod            text,
    prognosomgang        text,
    omgang_nr            integer,
    enhet                text,
    enhet_namn           text,
    enhet_niva           integer,
    rad                  text,
    rad_namn             text,
    rad_niva             integer,
    tecken               @extschema@.tecken,
    prognos              numeric,
    utfall               numeric,
    prognosfel           numeric,
    fel_procent          numeric,
    budget               numeric,
    budget_slut          numeric,
    budgetforandring     numeric,
    prognos_avvikelse    numeric,
    slutlig_avvikelse    numeric,
    avvikelsefel         numeric,
    sortering            text
);
COMMENT ON TYPE @extschema@.prognossakerhet_rad IS
    'a row of prognossakerhet: committee, forecast round and its order in the year, unit, report row, sign convention, forecast, final outcome, forecast error and its percentage of |outcome|, the full-year budget at the round and the final one and the change between them, the forecast deviation at the round, the final deviation and its error (favourable-positive, plain numeric kronor), sort key';

CREATE FUNCTION @extschema@.prognossakerhet(ar integer, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognossakerhet_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    y        integer := prognossakerhet.ar;
    nf       text := prognossakerhet.namnd;
    saknas   text;
BEGIN
    IF y IS NULL THEN
        RAISE EXCEPTION 'the year of prognossakerhet must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognossakerhet(2023).';
    END IF;
    IF nf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = nf) THEN
        RAISE EXCEPTION 'no committee "%"', nf
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;
    -- every committee with forecasts in the year needs its final outcome
    SELECT string_agg(c.namnd, ', ' ORDER BY c.namnd) INTO saknas
      FROM (SELECT DISTINCT p.namnd FROM @extschema@.prognos p
             WHERE p.ar = y AND (nf IS NULL OR p.namnd = nf)) c
     WHERE NOT @extschema@.slututfall_finns(y, c.namnd);
    IF saknas IS NOT NULL THEN
        RAISE EXCEPTION 'the final outcome of % is not loaded for %', y, saknas
            USING ERRCODE = '55000',
                  DETAIL = format('The accuracy of a forecast is measured against the final outcome: outcome for %s, or for each of its twelve months, for every committee with forecasts that year.', @extschema@.visa(@extschema@.helar(y))),
                  HINT = 'Load the year''s final outcome first, or ask for a committee whose year is closed.';
    END IF;

    RETURN QUERY
    WITH RECURSIVE
    -- the rounds of the year, first round first (nr 1)
    omg AS (
        SELECT count(*) OVER () - o.nr + 1 AS nr, o.kod, o.datum
          FROM @extschema@.prognosomgangar(@extschema@.helar(y)) o
    ),
    slut AS MATERIALIZED (
        SELECT u.namnd, u.enhet, u.rad, u.belopp FROM @extschema@.utfall_for_period(@extschema@.helar(y), nf) u
    ),
    slutbudget AS MATERIALIZED (
        SELECT b.namnd, b.enhet, b.rad, b.helar
          FROM @extschema@.budget_for_period(@extschema@.helar(y), 'infinity'::date, nf) b
    ),
    bud AS MATERIALIZED (
        SELECT o.kod AS omgang, b.namnd, b.enhet, b.rad, b.helar
          FROM omg o CROSS JOIN LATERAL @extschema@.budget_for_period(@extschema@.helar(y), o.datum, nf) b
    ),
    -- what each round forecast, with its final outcome (nothing booked in the
    -- closed year is 0) and the budgets at the round and at the end
    leaf AS (
        SELECT p.namnd, p.omgang, p.enhet, p.rad, p.belopp AS prognos,
               coalesce(s.belopp, '0'::@extschema@.belopp) AS utfall,
               b.helar AS budget, sb.helar AS budget_slut
          FROM @extschema@.prognos p
          LEFT JOIN slut s ON s.namnd = p.namnd AND s.enhet = p.enhet AND s.rad = p.rad
          LEFT JOIN bud b ON b.omgang = p.omgang AND b.namnd = p.namnd AND b.enhet = p.enhet AND b.rad = p.rad
          LEFT JOIN slutbudget sb ON sb.namnd = p.namnd AND sb.enhet = p.enhet AND sb.rad = p.rad
         WHERE p.ar = y AND (nf IS NULL OR p.namnd = nf)
    ),
    enhet_up AS (SELECT * FROM @extschema@.enhet_over(nf)),
    enhet_path AS (SELECT * FROM @extschema@.enhet_ordning(nf)),
    rad_anc AS (SELECT * FROM @extschema@.rad_over()),
    rad_path AS (SELECT * FROM @extschema@.rad_ordning()),
    rolled AS (
        SELECT l.namnd, l.omgang, eu.anc AS enhet, ra.anc AS rad,
               @extschema@.sum(l.prognos * k.f) AS prognos, @extschema@.sum(l.utfall * k.f) AS utfall,
               @extschema@.sum(l.budget * k.f) AS budget, @extschema@.sum(l.budget_slut * k.f) AS budget_slut
          FROM leaf l
          JOIN enhet_up eu ON eu.namnd = l.namnd AND eu.kod = l.enhet
          JOIN rad_anc ra ON ra.kod = l.rad
          JOIN @extschema@.rad lr ON lr.kod = l.rad
          JOIN @extschema@.rad ar_ ON ar_.kod = ra.anc
          CROSS JOIN LATERAL (SELECT @extschema@.teckenfaktor(lr.tecken)
                                     * @extschema@.teckenfaktor(ar_.tecken) AS f) k
         GROUP BY l.namnd, l.omgang, eu.anc, ra.anc
    ),
    figures AS (
        SELECT r.*, rr.tecken,
               @extschema@.prognosforandring(r.utfall, r.prognos, rr.tecken) AS prognosfel,
               @extschema@.avvikelse(r.prognos, r.budget, rr.tecken) AS prognos_avvikelse,
               @extschema@.avvikelse(r.utfall, r.budget_slut, rr.tecken) AS slutlig_avvikelse
          FROM rolled r JOIN @extschema@.rad rr ON rr.kod = r.rad
    )
    SELECT r.namnd, r.omgang, o.nr::integer,
           r.enhet, coalesce(e.namn, n.namn), coalesce(ep.niva, 0), r.rad, rr.namn, rp.niva, r.tecken,
           @extschema@.kronor(r.prognos), @extschema@.kronor(r.utfall), @extschema@.kronor(r.prognosfel),
           CASE WHEN r.utfall <> '0'::@extschema@.belopp
                THEN @extschema@.kronor(r.prognosfel) * 100 / abs(@extschema@.kronor(r.utfall)) END,
           @extschema@.kronor(r.budget), @extschema@.kronor(r.budget_slut),
           -- the budget's change as it moves the deviation: more room is positive
           @extschema@.kronor((r.budget - r.budget_slut) * @extschema@.teckenfaktor(r.tecken)),
           @extschema@.kronor(r.prognos_avvikelse), @extschema@.kronor(r.slutlig_avvikelse),
           @extschema@.kronor(r.slutlig_avvikelse - r.prognos_avvikelse),
           r.namnd || '|' || lpad(o.nr::text, 3, '0') || ':' || r.omgang || '|' || coalesce(ep.sortering, '~')
               || '|' || rp.sortering
      FROM figures r
      JOIN omg o ON o.kod = r.omgang
      JOIN @extschema@.namnd n ON n.kod = r.namnd
      JOIN @extschema@.rad rr ON rr.kod = r.rad
      JOIN rad_path rp ON rp.kod = r.rad
      LEFT JOIN @extschema@.enhet e ON e.namnd = r.namnd AND e.kod = r.enhet
      LEFT JOIN enhet_path ep ON ep.namnd = r.namnd AND ep.kod = r.enhet
     ORDER BY 21;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognossakerhet(integer, text) IS
    'forecast accuracy of a closed year, per committee, forecast round, unit and report row with subtotals over both hierarchies (as driftsammandrag), over what each round forecast (the units and rows with a forecast in it): forecast, final outcome (utfall_for_period of the whole year; 0 where nothing was booked), prognosfel = final − forecast favourable-positive, fel_procent = prognosfel / |final| × 100 (NULL when the final is 0), the full-year budget at the round''s date and the final one (the latest version of the year), avvikelsefel = final deviation against the final budget − forecast deviation at the round = prognosfel + budgetforandring; plain numeric kronor. The measures across units (mean absolute error, bias) are in prognossakerhet_sammanfattning. 55000 while a committee with forecasts in the year lacks its final outcome; 22023 for an unknown committee';

CREATE TYPE @extschema@.prognossakerhet_sammanfattning_rad AS (
    namnd_kod                text,
    prognosomgang            text,
    omgang_nr                integer,
    rad                      text,
    rad_namn                 text,
    rad_niva                 integer,
    tecken                   @extschema@.tecken,
    antal                    bigint,
    medelfel                 numeric,
    medelabsolutfel          numeric,
    kvadratiskt_medelfel     numeric,
    antal_procent            bigint,
    medelabsolutfel_procent  numeric,
    antal_utfall_noll        bigint,
    sortering                text
);
COMMENT ON TYPE @extschema@.prognossakerhet_sammanfattning_rad IS
    'a row of prognossakerhet_sammanfattning: committee, forecast round, report row, and the accuracy measures of traffsakerhet across the committee''s units, sort key';

CREATE FUNCTION @extschema@.prognossakerhet_sammanfattning(ar integer, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognossakerhet_sammanfattning_rad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT s.namnd_kod, s.prognosomgang, s.omgang_nr, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           (s.m).antal, (s.m).medelfel, (s.m).medelabsolutfel, (s.m).kvadratiskt_medelfel,
           (s.m).antal_procent, (s.m).medelabsolutfel_procent, (s.m).antal_utfall_noll,
           s.namnd_kod || '|' || lpad(s.omgang_nr::text, 3, '0') || ':' || s.prognosomgang || '|' || s.radsort
      FROM (SELECT p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                   split_part(p.sortering, '|', 4) AS radsort,
                   @extschema@.prognostraffsakerhet(p.prognos, p.utfall, p.tecken) AS m
              FROM @extschema@.prognossakerhet(prognossakerhet_sammanfattning.ar,
                                               prognossakerhet_sammanfattning.namnd) p
             WHERE p.enhet IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM @extschema@.enhet c
                                WHERE c.namnd = p.namnd_kod AND c.overordnad = p.enhet)
             GROUP BY p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                      split_part(p.sortering, '|', 4)) s
     WHERE (s.m).antal > 0
     ORDER BY 15;
END;
COMMENT ON FUNCTION @extschema@.prognossakerhet_sammanfattning(integer, text) IS
    'forecast accuracy of a closed year across units: per committee, forecast round and report row, the measures of prognostraffsakerhet over the committee''s units without sub-units that the round forecast: antal, medelfel (the bias, mean signed error; positive = the round''s forecasts were pessimistic), medelabsolutfel, kvadratiskt_medelfel, medelabsolutfel_procent; errors as prognossakerhet''s prognosfel; 55000 and 22023 as prognossakerhet';

-----------------------------------------------------------------------------
-- grant reconciliation (avstämning): frames, state grants, accumulated
-- results, published figures, and the checks a finance department runs
-----------------------------------------------------------------------------

CREATE TYPE @extschema@.ramjusteringsslag AS ENUM
    ('teknisk_justering', 'tillaggsanslag', 'kompensation_loner', 'kompensation_hyror',
     'kompensation_priser', 'omfordelning', 'ombudgetering', 'rattelse');
COMMENT ON TYPE @extschema@.ramjusteringsslag IS
    'kinds of frame adjustment: technical adjustment, supplementary appropriation, compensation for wages / rents / prices, transfer between committees, re-budgeting, correction of an earlier entry';

CREATE FUNCTION @extschema@.ramjusteringsslag_text(@extschema@.ramjusteringsslag) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE $1 WHEN 'teknisk_justering' THEN 'teknisk justering'
                   WHEN 'tillaggsanslag' THEN 'tilläggsanslag'
                   WHEN 'kompensation_loner' THEN 'kompensation för löner'
                   WHEN 'kompensation_hyror' THEN 'kompensation för hyror'
                   WHEN 'kompensation_priser' THEN 'kompensation för priser'
                   WHEN 'omfordelning' THEN 'omfördelning mellan nämnder'
                   WHEN 'ombudgetering' THEN 'ombudgetering'
                   WHEN 'rattelse' THEN 'rättelse' END;
COMMENT ON FUNCTION @extschema@.ramjusteringsslag_text(@extschema@.ramjusteringsslag) IS
    'the Swedish words for a kind of frame adjustment, for messages';

CREATE TABLE @extschema@.budgetram (
    namnd        text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    ar           integer NOT NULL,
    belopp       @extschema@.belopp NOT NULL,
    beslut       text,
    beslutsdatum date,
    PRIMARY KEY (namnd, ar)
);
COMMENT ON TABLE @extschema@.budgetram IS
    'the original frame (ram, kommunbidrag) of a committee for a year, as the council decided it';

CREATE TABLE @extschema@.ramjustering (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namnd        text NOT NULL,
    ar           integer NOT NULL,
    datum        date NOT NULL,
    belopp       @extschema@.belopp NOT NULL,
    slag         @extschema@.ramjusteringsslag NOT NULL,
    beslutsorgan text NOT NULL,
    beslut       text NOT NULL,
    kommentar    text,
    rattar       bigint REFERENCES @extschema@.ramjustering (id),
    registrerad  timestamptz NOT NULL DEFAULT clock_timestamp(),
    registrerad_av name NOT NULL DEFAULT @extschema@.aktuell_anvandare(),
    FOREIGN KEY (namnd, ar) REFERENCES @extschema@.budgetram (namnd, ar) ON UPDATE CASCADE,
    CHECK ((slag = 'rattelse') = (rattar IS NOT NULL)),
    CHECK (extract(year FROM datum) BETWEEN ar - 1 AND ar)
);
COMMENT ON TABLE @extschema@.ramjustering IS
    'append-only ledger of frame adjustments: date, amount, kind, the decision (body and reference) and a comment; a correction is a new entry (slag rattelse) that names the entry it corrects';
CREATE INDEX ramjustering_namnd_ar ON @extschema@.ramjustering (namnd, ar, datum);
CREATE TRIGGER endast_tillagg BEFORE UPDATE OR DELETE ON @extschema@.ramjustering
    FOR EACH ROW EXECUTE FUNCTION @extschema@.endast_tillagg();
CREATE TRIGGER endast_tillagg_truncate BEFORE TRUNCATE ON @extschema@.ramjustering
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.endast_tillagg();

-- A correction names an entry of the same committee and year.
CREATE FUNCTION @extschema@.kontrollera_rattelse() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $$
BEGIN
    IF NEW.rattar IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ramjustering j
                                              WHERE j.id = NEW.rattar AND j.namnd = NEW.namnd AND j.ar = NEW.ar) THEN
        RAISE EXCEPTION 'a correction must correct an entry of the same committee and year'
            USING ERRCODE = '23514',
                  DETAIL = format('Entry %s is not an adjustment of %s for %s.', NEW.rattar, NEW.namnd, NEW.ar);
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION @extschema@.kontrollera_rattelse() IS
    'trigger: a correction (slag rattelse) corrects an entry of the same committee and year (23514)';
CREATE TRIGGER rattelse BEFORE INSERT ON @extschema@.ramjustering
    FOR EACH ROW EXECUTE FUNCTION @extschema@.kontrollera_rattelse();

-- A transfer between committees is one decision with legs that net to zero;
-- checked at commit, so that the legs can be inserted one by one.
CREATE FUNCTION @extschema@.kontrollera_omfordelning() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $$
DECLARE
    netto   belopp;
    ben     bigint;
BEGIN
    IF NEW.slag <> 'omfordelning' THEN
        RETURN NULL;
    END IF;
    SELECT sum(j.belopp), count(*) INTO netto, ben
      FROM ramjustering j
     WHERE j.slag = 'omfordelning' AND j.ar = NEW.ar
       AND j.beslutsorgan = NEW.beslutsorgan AND j.beslut = NEW.beslut;
    IF netto <> '0'::belopp OR ben < 2 THEN
        RAISE EXCEPTION 'transfer % % does not net to zero', NEW.beslutsorgan, NEW.beslut
            USING ERRCODE = '23514',
                  DETAIL = format('Its %s leg(s) add up to %s kr; a transfer between committees moves an amount from one to another.',
                                  ben, netto),
                  HINT = 'Insert every leg of the decision in the same transaction, with amounts that add up to zero.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.kontrollera_omfordelning() IS
    'constraint trigger: the legs of a transfer between committees (one decision) net to zero at commit (23514)';
CREATE CONSTRAINT TRIGGER omfordelning_netto AFTER INSERT ON @extschema@.ramjustering
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION @extschema@.kontrollera_omfordelning();

CREATE FUNCTION @extschema@.gallande_ram(namnd text, ar integer, per date DEFAULT current_date)
    RETURNS @extschema@.belopp
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT r.belopp + coalesce((SELECT @extschema@.sum(j.belopp) FROM @extschema@.ramjustering j
                                  WHERE j.namnd = r.namnd AND j.ar = r.ar AND j.datum <= per),
                               '0'::@extschema@.belopp)
      FROM @extschema@.budgetram r
     WHERE r.namnd = gallande_ram.namnd AND r.ar = gallande_ram.ar;
END;
COMMENT ON FUNCTION @extschema@.gallande_ram(text, integer, date) IS
    'the frame in force on a date: the original frame plus every adjustment decided up to that date (NULL when the committee has no frame that year)';

CREATE TABLE @extschema@.statsbidrag (
    namnd         text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    ar            integer NOT NULL,
    bidrag        text NOT NULL,
    bidragsgivare text,
    ansokt        @extschema@.belopp,
    beviljat      @extschema@.belopp,
    erhallet      @extschema@.belopp,
    intaktsfort   @extschema@.belopp,
    aterbetalt    @extschema@.belopp,
    forutbetald   @extschema@.belopp,
    avrundning    numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0),
    PRIMARY KEY (namnd, ar, bidrag)
);
COMMENT ON TABLE @extschema@.statsbidrag IS
    'targeted state grants (riktade statsbidrag) per committee and year: applied, granted, received, recognised in the result, repaid, carried as prepaid income; avrundning = the unit the figures were rounded to, in kr';

CREATE TABLE @extschema@.ackumulerat_resultat (
    namnd          text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    enhet          text NOT NULL DEFAULT '',
    ar             integer NOT NULL,
    ingaende       @extschema@.belopp NOT NULL,
    disposition    @extschema@.belopp NOT NULL DEFAULT '0',
    arets_resultat @extschema@.belopp NOT NULL,
    utgaende       @extschema@.belopp NOT NULL,
    arsbudget      @extschema@.belopp,
    avrundning     numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0),
    PRIMARY KEY (namnd, enhet, ar)
);
COMMENT ON TABLE @extschema@.ackumulerat_resultat IS
    'accumulated result (resultatfond) per committee or unit (enhet '''' = the committee) and year: opening, disposition (used), the year''s result, closing; arsbudget for local cap rules; avrundning = the unit the figures were rounded to, in kr';

CREATE TABLE @extschema@.resultatfond_regel (
    namnd       text PRIMARY KEY REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    tak_andel   numeric NOT NULL CHECK (tak_andel > 0 AND tak_andel <= 1),
    kommentar   text
);
COMMENT ON TABLE @extschema@.resultatfond_regel IS
    'a local rule: the carried surplus of a unit is capped at tak_andel of its annual budget';

CREATE TABLE @extschema@.publicerad (
    namnd       text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    tabell      text NOT NULL,
    enhet       text NOT NULL DEFAULT '',
    rad         text NOT NULL,
    kolumn      text NOT NULL,
    period      @extschema@.period NOT NULL,
    belopp      numeric NOT NULL,
    avrundning  numeric NOT NULL CHECK (avrundning > 0),
    ordning     integer NOT NULL DEFAULT 0,
    PRIMARY KEY (namnd, tabell, enhet, rad, kolumn, period)
);
COMMENT ON TABLE @extschema@.publicerad IS
    'figures as a published report printed them (in kr, with the unit they were rounded to), for reconciliation against the recomputed ones; enhet '''' = the committee total';

ALTER TABLE @extschema@.budgetram ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.ramjustering ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.statsbidrag ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.ackumulerat_resultat ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.resultatfond_regel ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.publicerad ENABLE ROW LEVEL SECURITY;
CREATE POLICY namnd_behorighet ON @extschema@.budgetram
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.ramjustering
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.statsbidrag
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.ackumulerat_resultat
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.resultatfond_regel
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.publicerad
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.budgetram IS 'a role sees and changes only the frames of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.ramjustering IS 'a role sees and adds only frame adjustments of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.statsbidrag IS 'a role sees and changes only the state grants of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.ackumulerat_resultat IS 'a role sees and changes only the accumulated results of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.resultatfond_regel IS 'a role sees and changes only the rules of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.publicerad IS 'a role sees and changes only the published figures of committees it is granted';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.budgetram', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.ramjustering', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.ramjustering_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.statsbidrag', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.ackumulerat_resultat', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.resultatfond_regel', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.publicerad', '');
COMMENT ON SEQUENCE @extschema@.ramjustering_id_seq IS 'numbers the frame adjustment ledger';

-- tolerance ----------------------------------------------------------------------

CREATE FUNCTION @extschema@.inom_avrundning(publicerad numeric, beraknad numeric, decimaler integer,
                                            termer integer DEFAULT 1)
    RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
AS $$
BEGIN
    IF termer < 1 THEN
        RAISE EXCEPTION 'termer must be at least 1, not %', termer
            USING ERRCODE = '22023',
                  DETAIL = 'termer is the number of rounded figures behind the published one.';
    END IF;
    RETURN abs(publicerad - beraknad) <= termer * 0.5 * power(10::numeric, -decimaler);
END $$;
COMMENT ON FUNCTION @extschema@.inom_avrundning(numeric, numeric, integer, integer) IS
    'whether a published figure agrees with a recomputation, allowing exactly the rounding of termer figures each rounded to decimaler decimals (termer × half a unit), and no more';

-- The coarsest unit (1 000 000, 100 000, …, 1 kr, 1 öre) that every figure is a
-- whole multiple of: how finely figures stored from a report were rounded.
CREATE FUNCTION @extschema@.avrundningsenhet(varden numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce((SELECT u FROM unnest(ARRAY[1000000, 100000, 10000, 1000, 100, 10, 1, 0.1]::numeric[]) u
                      WHERE NOT EXISTS (SELECT 1 FROM unnest(varden) v WHERE v % u <> 0)
                      ORDER BY u DESC LIMIT 1), 0.01);
END;
COMMENT ON FUNCTION @extschema@.avrundningsenhet(numeric[]) IS
    'the coarsest unit (mnkr down to öre) that every figure is a whole multiple of: how finely stored report figures were rounded';

-- An amount shown in the unit its figures were rounded to: whole mnkr, mnkr
-- with one decimal, tkr, or kr.
CREATE FUNCTION @extschema@.visa_avrundat(belopp @extschema@.belopp, avrundning numeric) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN avrundning >= 1000000 THEN @extschema@.visa(belopp, 'mnkr', 0) || ' mnkr'
                WHEN avrundning >= 100000 THEN @extschema@.visa(belopp, 'mnkr', 1) || ' mnkr'
                WHEN avrundning >= 1000 THEN @extschema@.visa(belopp, 'tkr', 0) || ' tkr'
                WHEN avrundning >= 100 THEN @extschema@.visa(belopp, 'tkr', 1) || ' tkr'
                ELSE @extschema@.visa(belopp, 'kr') || ' kr' END;
END;
COMMENT ON FUNCTION @extschema@.visa_avrundat(@extschema@.belopp, numeric) IS
    'an amount in the unit its figures were rounded to (mnkr, tkr or kr), for messages';

-- the checks --------------------------------------------------------------------

CREATE FUNCTION @extschema@.avstamning(ar integer, p @extschema@.period, namnd text DEFAULT NULL)
    RETURNS TABLE (
        kontroll       text,
        namnd_kod      text,
        enhet          text,
        rad            text,
        kolumn         text,
        forvantat      numeric,
        faktiskt       numeric,
        differens      numeric,
        tolerans       numeric,
        inom_tolerans  boolean,
        meddelande     text
    )
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    y    integer := avstamning.ar;
    per  period := avstamning.p;
    nf   text := avstamning.namnd;
BEGIN
    IF @extschema@.ar(per) <> y THEN
        RAISE EXCEPTION 'period % does not lie in year %', per, y USING ERRCODE = '22023';
    END IF;
    IF nf IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = nf) THEN
        RAISE EXCEPTION 'no committee "%"', nf
            USING ERRCODE = '22023', HINT = 'The committees are listed in kommunrapport.namnd.';
    END IF;

    -- 1. result = kommunbidrag + revenue + costs + financial items + disposition,
    --    recomputed from the stored rows, against the published result
    RETURN QUERY
    WITH ds AS MATERIALIZED (SELECT * FROM @extschema@.driftsammandrag(y, per, nf))
    SELECT 'resultat'::text, pb.namnd, nullif(pb.enhet, ''), pb.rad, pb.kolumn,
           d.v, pb.belopp, pb.belopp - d.v,
           (d.n + 1) * pb.avrundning / 2,
           abs(pb.belopp - d.v) <= (d.n + 1) * pb.avrundning / 2,
           format('%s (%s) = kommunbidrag + intäkter + kostnader + finansnetto + disposition: beräknat %s, publicerat %s, skillnad %s%s',
                  r.namn, pb.kolumn, visa_avrundat(d.v::belopp, pb.avrundning), visa_avrundat(pb.belopp::belopp, pb.avrundning),
                  visa_avrundat((pb.belopp - d.v)::belopp, pb.avrundning),
                  CASE WHEN abs(pb.belopp - d.v) <= (d.n + 1) * pb.avrundning / 2
                       THEN format(' — inom avrundningen av %s tal', d.n + 1) ELSE ' — STÄMMER INTE' END)
      FROM @extschema@.publicerad pb
      JOIN @extschema@.rad r ON r.kod = pb.rad AND r.slag = 'resultat'
      CROSS JOIN LATERAL (
          SELECT CASE pb.kolumn WHEN 'utfall' THEN x.utfall WHEN 'budget' THEN x.budget
                                WHEN 'prognos' THEN x.prognos WHEN 'budget_helar' THEN x.budget_helar
                                WHEN 'utfall_fg_ar' THEN x.utfall_fg_ar WHEN 'bokslut_fg_ar' THEN x.bokslut_fg_ar END AS v,
                 (SELECT count(*) FROM ds c
                   WHERE c.namnd_kod = x.namnd_kod AND c.enhet IS NOT DISTINCT FROM x.enhet
                     AND c.rad <> x.rad
                     AND NOT EXISTS (SELECT 1 FROM @extschema@.rad cc WHERE cc.overordnad = c.rad)) AS n
            FROM ds x
           WHERE x.namnd_kod = pb.namnd AND coalesce(x.enhet, '') = pb.enhet AND x.rad = pb.rad) d
     WHERE pb.period = per AND (nf IS NULL OR pb.namnd = nf) AND d.v IS NOT NULL;

    -- 2. closing accumulated result = opening + the year's result − disposition
    --    (capped by a local rule if one is configured), and opening = last year's closing
    RETURN QUERY
    SELECT 'ackumulerat_resultat'::text, a.namnd, nullif(a.enhet, ''), NULL::text, 'utgaende'::text,
           kronor(c.vanlig), kronor(a.utgaende), kronor(a.utgaende) - kronor(c.vanlig),
           2 * a.avrundning, c.ok_vanlig OR c.ok_tak,
           CASE WHEN c.ok_vanlig THEN
                    format('Utgående ackumulerat resultat %s = ingående %s + årets resultat %s − disposition %s (beräknat %s)%s',
                           visa_avrundat(a.utgaende, a.avrundning), visa_avrundat(a.ingaende, a.avrundning), visa_avrundat(a.arets_resultat, a.avrundning), visa_avrundat(a.disposition, a.avrundning), visa_avrundat(c.vanlig, a.avrundning),
                           CASE WHEN a.utgaende <> c.vanlig THEN ', inom avrundningen' ELSE '' END)
                WHEN c.ok_tak THEN
                    format('Utgående ackumulerat resultat %s förklaras av taket %s %% av budgeten %s (%s); utan taket vore det %s',
                           visa_avrundat(a.utgaende, a.avrundning), trim_scale(regel.tak_andel * 100), visa_avrundat(a.arsbudget, a.avrundning), visa_avrundat(c.tak, a.avrundning), visa_avrundat(c.vanlig, a.avrundning))
                ELSE
                    format('Utgående ackumulerat resultat %s stämmer inte: ingående %s + årets resultat %s − disposition %s = %s, skillnad %s%s',
                           visa_avrundat(a.utgaende, a.avrundning), visa_avrundat(a.ingaende, a.avrundning), visa_avrundat(a.arets_resultat, a.avrundning), visa_avrundat(a.disposition, a.avrundning), visa_avrundat(c.vanlig, a.avrundning),
                           visa_avrundat(a.utgaende - c.vanlig, a.avrundning),
                           CASE WHEN c.tak IS NOT NULL THEN format(' (inte heller taket %s förklarar det)', visa_avrundat(c.tak, a.avrundning)) ELSE '' END)
           END
      FROM @extschema@.ackumulerat_resultat a
      LEFT JOIN @extschema@.resultatfond_regel regel ON regel.namnd = a.namnd
      CROSS JOIN LATERAL (
          SELECT v.vanlig, v.tak,
                 abs(kronor(a.utgaende) - kronor(v.vanlig)) <= 2 * a.avrundning AS ok_vanlig,
                 v.tak IS NOT NULL AND abs(kronor(a.utgaende) - kronor(least(v.vanlig, v.tak))) <= 2 * a.avrundning AS ok_tak
            FROM (SELECT a.ingaende + a.arets_resultat - a.disposition AS vanlig,
                         CASE WHEN regel.tak_andel IS NOT NULL AND a.arsbudget IS NOT NULL
                              THEN a.arsbudget * regel.tak_andel END AS tak) v
      ) c
     WHERE a.ar = y AND (nf IS NULL OR a.namnd = nf);

    RETURN QUERY
    SELECT 'ackumulerat_ingaende'::text, a.namnd, nullif(a.enhet, ''), NULL::text, 'ingaende'::text,
           kronor(f.utgaende), kronor(a.ingaende), kronor(a.ingaende) - kronor(f.utgaende),
           greatest(a.avrundning, f.avrundning),
           abs(kronor(a.ingaende) - kronor(f.utgaende)) <= greatest(a.avrundning, f.avrundning),
           format('Ingående ackumulerat resultat %s %s mot utgående %s %s%s', y, visa_avrundat(a.ingaende, a.avrundning), y - 1,
                  visa_avrundat(f.utgaende, a.avrundning),
                  CASE WHEN a.ingaende = f.utgaende THEN ': stämmer' ELSE format(': skillnad %s', visa_avrundat(a.ingaende - f.utgaende, a.avrundning)) END)
      FROM @extschema@.ackumulerat_resultat a
      JOIN @extschema@.ackumulerat_resultat f ON f.namnd = a.namnd AND f.enhet = a.enhet AND f.ar = a.ar - 1
     WHERE a.ar = y AND (nf IS NULL OR a.namnd = nf);

    -- 3. the budgeted kommunbidrag (or, without kommunbidrag rows, the budgeted
    --    net cost) = the frame in force at the end of the period
    RETURN QUERY
    WITH b AS (
        SELECT bf.namnd, r.slag, @extschema@.teckenfaktor(r.tecken) * kronor(bf.helar) AS v, kronor(bf.helar) AS raw
          FROM @extschema@.budget_for_period(per, @extschema@.slutdatum(per), nf) bf
          JOIN @extschema@.rad r ON r.kod = bf.rad
         WHERE bf.helar IS NOT NULL
    ), per_namnd AS (
        SELECT b.namnd,
               CASE WHEN bool_or(b.slag = 'kommunbidrag') THEN sum(b.v) FILTER (WHERE b.slag = 'kommunbidrag')
                    ELSE -sum(b.v) END AS v,
               bool_or(b.slag = 'kommunbidrag') AS har_kb,
               count(*) FILTER (WHERE b.slag = 'kommunbidrag' OR NOT EXISTS (SELECT 1 FROM b b2 WHERE b2.namnd = b.namnd AND b2.slag = 'kommunbidrag')) AS n,
               @extschema@.avrundningsenhet(array_agg(b.raw)) AS enh
          FROM b GROUP BY b.namnd
    )
    SELECT 'budgetram'::text, x.namnd, NULL::text, NULL::text, 'budget_helar'::text,
           kronor(ram), x.v, x.v - kronor(ram), x.n * x.enh / 2,
           abs(x.v - kronor(ram)) <= x.n * x.enh / 2,
           format('%s i budgeten %s mot gällande ram %s (ursprunglig ram %s%s): skillnad %s%s',
                  CASE WHEN x.har_kb THEN 'Budgeterat kommunbidrag' ELSE 'Budgeterad nettokostnad' END,
                  visa_avrundat(x.v::belopp, x.enh), visa_avrundat(ram, avrundningsenhet(ARRAY[kronor(ram)])), visa_avrundat(br.belopp, avrundningsenhet(ARRAY[kronor(br.belopp)])),
                  coalesce((SELECT string_agg(format(' %s %s %s %s', CASE WHEN j.belopp < '0' THEN '−' ELSE '+' END,
                                                     visa_avrundat(abs(j.belopp), avrundningsenhet(ARRAY[kronor(j.belopp)])),
                                                     @extschema@.ramjusteringsslag_text(j.slag), j.beslutsorgan || ' ' || j.beslut), ''
                                              ORDER BY j.datum, j.id)
                              FROM @extschema@.ramjustering j
                             WHERE j.namnd = x.namnd AND j.ar = y AND j.datum <= @extschema@.slutdatum(per)), ''),
                  visa_avrundat((x.v - kronor(ram))::belopp, avrundningsenhet(ARRAY[x.v - kronor(ram)])),
                  CASE WHEN abs(x.v - kronor(ram)) <= x.n * x.enh / 2
                       THEN format(' — inom avrundningen av %s tal', x.n) ELSE ' — STÄMMER INTE' END)
      FROM per_namnd x
      JOIN @extschema@.budgetram br ON br.namnd = x.namnd AND br.ar = y
      CROSS JOIN LATERAL (SELECT @extschema@.gallande_ram(x.namnd, y, @extschema@.slutdatum(per)) AS ram) g;

    -- 4. the booked kommunbidrag of the period = the frame (or the budgeted
    --    kommunbidrag) spread over the period
    RETURN QUERY
    WITH ds AS MATERIALIZED (SELECT * FROM @extschema@.driftsammandrag(y, per, nf))
    SELECT 'kommunbidrag_bokfort'::text, d.namnd_kod, d.enhet, d.rad, 'utfall'::text,
           f.forv, d.utfall, d.utfall - f.forv, 2 * e.enh / 2,
           abs(d.utfall - f.forv) <= 2 * e.enh / 2,
           format('Bokfört kommunbidrag %s %s mot %s %s: skillnad %s%s',
                  visa(per), visa_avrundat(d.utfall::belopp, e.enh),
                  CASE WHEN f.ram IS NOT NULL THEN 'gällande ram periodiserad' ELSE 'periodiserad budget' END,
                  visa_avrundat(f.forv::belopp, e.enh),
                  visa_avrundat((d.utfall - f.forv)::belopp, e.enh),
                  CASE WHEN abs(d.utfall - f.forv) <= 2 * e.enh / 2
                       THEN ' — inom avrundningen av två tal'
                       ELSE ' — STÄMMER INTE' END)
      FROM ds d
      JOIN @extschema@.rad r ON r.kod = d.rad AND r.slag = 'kommunbidrag'
      -- the frame in force at the end of the period, spread like the budgeted
      -- kommunbidrag (its profile); without a frame, the budgeted kommunbidrag
      CROSS JOIN LATERAL (
          SELECT g.ram,
                 coalesce(kronor(@extschema@.periodisera(g.ram, per,
                              (SELECT b.profil FROM @extschema@.budget b
                                WHERE b.namnd = d.namnd_kod AND b.rad = d.rad AND b.period = @extschema@.helar(y)
                                  AND b.giltig_fran <= @extschema@.slutdatum(per)
                                ORDER BY b.giltig_fran DESC LIMIT 1))),
                          d.budget) AS forv
            FROM (SELECT @extschema@.gallande_ram(d.namnd_kod, y, @extschema@.slutdatum(per)) AS ram) g) f
      CROSS JOIN LATERAL (SELECT @extschema@.avrundningsenhet(ARRAY[d.utfall, f.forv]) AS enh) e
     WHERE d.utfall IS NOT NULL AND f.forv IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.rad c WHERE c.overordnad = d.rad)
       -- once per committee, on its top row: the committee total (enhet NULL,
       -- level 0) or, with a single top-level unit, that unit
       AND d.enhet_niva = (SELECT min(x.enhet_niva) FROM ds x
                           WHERE x.namnd_kod = d.namnd_kod AND x.rad = d.rad);

    -- 5. targeted state grants
    RETURN QUERY
    SELECT s.k, s.namnd, NULL::text, s.bidrag, s.kol, s.forv, s.fakt, s.fakt - s.forv, s.avrundning,
           s.ok, s.msg
      FROM (
        SELECT 'statsbidrag_intaktsfort'::text AS k, g.namnd, g.bidrag, 'intaktsfort'::text AS kol,
               kronor(g.beviljat) AS forv, kronor(g.intaktsfort) AS fakt, g.avrundning,
               kronor(g.intaktsfort) <= kronor(g.beviljat) + g.avrundning AS ok,
               format('%s: intäktsfört %s %s beviljat %s', g.bidrag, visa_avrundat(g.intaktsfort, g.avrundning),
                      CASE WHEN kronor(g.intaktsfort) <= kronor(g.beviljat) + g.avrundning THEN '≤' ELSE 'ÖVERSTIGER' END,
                      visa_avrundat(g.beviljat, g.avrundning)) AS msg
          FROM @extschema@.statsbidrag g
         WHERE g.ar = y AND (nf IS NULL OR g.namnd = nf) AND g.intaktsfort IS NOT NULL AND g.beviljat IS NOT NULL
        UNION ALL
        SELECT 'statsbidrag_beviljat', g.namnd, g.bidrag, 'beviljat', kronor(g.ansokt), kronor(g.beviljat), g.avrundning,
               kronor(g.beviljat) <= kronor(g.ansokt) + g.avrundning,
               format('%s: beviljat %s %s ansökt %s', g.bidrag, visa_avrundat(g.beviljat, g.avrundning),
                      CASE WHEN kronor(g.beviljat) <= kronor(g.ansokt) + g.avrundning THEN '≤' ELSE 'ÖVERSTIGER' END,
                      visa_avrundat(g.ansokt, g.avrundning))
          FROM @extschema@.statsbidrag g
         WHERE g.ar = y AND (nf IS NULL OR g.namnd = nf) AND g.beviljat IS NOT NULL AND g.ansokt IS NOT NULL
        UNION ALL
        SELECT 'statsbidrag_skuld', g.namnd, g.bidrag, 'erhallet',
               kronor(g.intaktsfort) + kronor(coalesce(g.forutbetald, '0')) + kronor(coalesce(g.aterbetalt, '0')),
               kronor(g.erhallet), 3 * g.avrundning / 2,
               abs(kronor(g.erhallet) - kronor(g.intaktsfort) - kronor(coalesce(g.forutbetald, '0'))
                   - kronor(coalesce(g.aterbetalt, '0'))) <= 3 * g.avrundning / 2,
               format('%s: erhållet %s − intäktsfört %s = %s, som ska redovisas som förutbetald intäkt (%s) eller återbetalas (%s)%s',
                      g.bidrag, visa_avrundat(g.erhallet, g.avrundning), visa_avrundat(g.intaktsfort, g.avrundning), visa_avrundat(g.erhallet - g.intaktsfort, g.avrundning),
                      coalesce(visa_avrundat(g.forutbetald, g.avrundning), '—'), coalesce(visa_avrundat(g.aterbetalt, g.avrundning), '—'),
                      CASE WHEN g.erhallet = g.intaktsfort + coalesce(g.forutbetald, '0') + coalesce(g.aterbetalt, '0') THEN ': stämmer'
                           WHEN abs(kronor(g.erhallet) - kronor(g.intaktsfort) - kronor(coalesce(g.forutbetald, '0'))
                                    - kronor(coalesce(g.aterbetalt, '0'))) <= 3 * g.avrundning / 2
                           THEN ': inom avrundningen'
                           ELSE format(': skillnad %s — STÄMMER INTE',
                                       visa_avrundat(g.erhallet - g.intaktsfort - coalesce(g.forutbetald, '0') - coalesce(g.aterbetalt, '0'), g.avrundning)) END)
          FROM @extschema@.statsbidrag g
         WHERE g.ar = y AND (nf IS NULL OR g.namnd = nf) AND g.erhallet IS NOT NULL AND g.intaktsfort IS NOT NULL
        UNION ALL
        -- the grants against the published totals of the grant table
        SELECT 'statsbidrag_summa', t.namnd, NULL, t.kolumn, t.summa, t.publ, t.tol, abs(t.publ - t.summa) <= t.tol,
               format('Summa %s %s av %s bidrag: %s mot publicerat %s%s', t.kolumn, y, t.n, visa_avrundat(t.summa::belopp, t.tol), visa_avrundat(t.publ::belopp, t.tol),
                      CASE WHEN abs(t.publ - t.summa) <= t.tol THEN ' — inom avrundningen' ELSE ' — STÄMMER INTE' END)
          FROM (SELECT pb.namnd, pb.kolumn, pb.belopp AS publ, count(*) AS n,
                       sum(CASE pb.kolumn WHEN 'ansokt' THEN kronor(g.ansokt) WHEN 'beviljat' THEN kronor(g.beviljat)
                                          WHEN 'intaktsfort' THEN kronor(g.intaktsfort) END) AS summa,
                       (count(*) + 1) * greatest(max(g.avrundning), pb.avrundning) / 2 AS tol
                  FROM @extschema@.publicerad pb
                  JOIN @extschema@.statsbidrag g ON g.namnd = pb.namnd AND g.ar = y
                 WHERE pb.rad = 'statsbidrag' AND pb.enhet = '' AND pb.period = @extschema@.helar(y)
                   AND pb.kolumn IN ('ansokt', 'beviljat', 'intaktsfort') AND (nf IS NULL OR pb.namnd = nf)
                 GROUP BY pb.namnd, pb.kolumn, pb.belopp, pb.avrundning) t
        UNION ALL
        -- what the grants recognised in the result agrees with the outcome of the state-grant rows
        SELECT 'statsbidrag_resultat', g.namnd, NULL, 'intaktsfort', sum(kronor(g.intaktsfort)), u.v,
               (count(*) + 1) * max(g.avrundning) / 2,
               abs(u.v - sum(kronor(g.intaktsfort))) <= (count(*) + 1) * max(g.avrundning) / 2,
               format('Intäktsförda statsbidrag %s (%s bidrag) mot utfallet på statsbidragsraderna %s: skillnad %s%s',
                      visa_avrundat(sum(kronor(g.intaktsfort))::belopp, max(g.avrundning)), count(*),
                      visa_avrundat(u.v::belopp, max(g.avrundning)),
                      visa_avrundat((u.v - sum(kronor(g.intaktsfort)))::belopp, max(g.avrundning)),
                      CASE WHEN abs(u.v - sum(kronor(g.intaktsfort))) <= (count(*) + 1) * max(g.avrundning) / 2
                           THEN ' — inom avrundningen' ELSE ' — STÄMMER INTE' END)
          FROM @extschema@.statsbidrag g
          CROSS JOIN LATERAL (
              SELECT sum(@extschema@.teckenfaktor(r.tecken) * kronor(uf.belopp)) AS v
                FROM @extschema@.utfall_for_period(@extschema@.helar(y), g.namnd) uf
                JOIN @extschema@.rad r ON r.kod = uf.rad AND r.slag = 'statsbidrag') u
         WHERE g.ar = y AND (nf IS NULL OR g.namnd = nf) AND g.intaktsfort IS NOT NULL AND u.v IS NOT NULL
           AND @extschema@.manader(per) = 12
         GROUP BY g.namnd, u.v
      ) s;

    -- 6. every published subtotal equals the sum of its published rows (or units)
    RETURN QUERY
    WITH RECURSIVE under AS (
        -- every row below a row, with the rows strictly between them
        SELECT r.overordnad AS anc, r.kod, ARRAY[]::text[] AS mellan
          FROM @extschema@.rad r WHERE r.overordnad IS NOT NULL
        UNION ALL
        SELECT u.anc, r.kod, u.mellan || u.kod
          FROM under u JOIN @extschema@.rad r ON r.overordnad = u.kod
    ), sub AS (
        -- a committee total: the sum of the units the same table published
        SELECT t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning,
               sum(c.belopp) AS summa, count(c.*) AS n, max(c.avrundning) AS cavr, 'enheter' AS av
          FROM @extschema@.publicerad t
          JOIN @extschema@.publicerad c ON c.namnd = t.namnd AND c.tabell = t.tabell AND c.rad = t.rad
                                        AND c.kolumn = t.kolumn AND c.period = t.period AND c.enhet <> ''
         WHERE t.enhet = '' AND t.period = per AND (nf IS NULL OR t.namnd = nf)
         GROUP BY t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning
        UNION ALL
        -- a subtotal row: the sum of the published rows below it (the nearest
        -- published ones on each branch), restated into its sign convention
        SELECT t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning,
               sum(c.belopp * @extschema@.teckenfaktor(cr.tecken) * @extschema@.teckenfaktor(tr.tecken)),
               count(c.*), max(c.avrundning), 'rader'
          FROM @extschema@.publicerad t
          JOIN @extschema@.rad tr ON tr.kod = t.rad
          JOIN under u ON u.anc = t.rad
          JOIN @extschema@.rad cr ON cr.kod = u.kod
          JOIN @extschema@.publicerad c ON c.namnd = t.namnd AND c.tabell = t.tabell AND c.enhet = t.enhet
                                        AND c.rad = u.kod AND c.kolumn = t.kolumn AND c.period = t.period
         WHERE t.period = per AND (nf IS NULL OR t.namnd = nf)
           -- a result row is checked by the result identity (check 1)
           AND tr.slag <> 'resultat'
           -- only when the table printed every branch below the subtotal that
           -- has stored figures: a row it left out would make the sum short
           AND NOT EXISTS (
               SELECT 1 FROM @extschema@.rad dc
                WHERE dc.overordnad = t.rad
                  AND EXISTS (SELECT 1 FROM under ud
                               WHERE (ud.kod = dc.kod OR (ud.anc = dc.kod))
                                 AND EXISTS (SELECT 1 FROM @extschema@.utfall uu
                                              WHERE uu.namnd = t.namnd AND uu.rad IN (ud.kod, dc.kod)))
                  AND NOT EXISTS (SELECT 1 FROM @extschema@.publicerad q
                                   WHERE q.namnd = t.namnd AND q.tabell = t.tabell AND q.enhet = t.enhet
                                     AND q.kolumn = t.kolumn AND q.period = t.period
                                     AND (q.rad = dc.kod OR q.rad IN (SELECT ud2.kod FROM under ud2 WHERE ud2.anc = dc.kod))))
           AND NOT EXISTS (SELECT 1 FROM @extschema@.publicerad m
                            WHERE m.namnd = t.namnd AND m.tabell = t.tabell AND m.enhet = t.enhet
                              AND m.kolumn = t.kolumn AND m.period = t.period AND m.rad = ANY (u.mellan))
         GROUP BY t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning
    )
    SELECT 'delsumma'::text, s.namnd, nullif(s.enhet, ''), s.rad, s.kolumn, s.summa, s.belopp, s.belopp - s.summa,
           (s.n + 1) * greatest(s.avrundning, s.cavr) / 2,
           abs(s.belopp - s.summa) <= (s.n + 1) * greatest(s.avrundning, s.cavr) / 2,
           format('%s: summan %s (%s) i tabell %s är publicerad som %s; %s %s ger %s, skillnad %s%s',
                  coalesce(nullif(s.enhet, ''), 'nämnden'), s.rad, s.kolumn, s.tabell,
                  visa_avrundat(s.belopp::belopp, greatest(s.avrundning, s.cavr)), s.n, s.av,
                  visa_avrundat(s.summa::belopp, greatest(s.avrundning, s.cavr)),
                  visa_avrundat((s.belopp - s.summa)::belopp, greatest(s.avrundning, s.cavr)),
                  CASE WHEN s.belopp = s.summa THEN ''
                       WHEN abs(s.belopp - s.summa) <= (s.n + 1) * greatest(s.avrundning, s.cavr) / 2
                       THEN format(' — inom avrundningen av %s tal', s.n + 1)
                       ELSE ' — STÄMMER INTE' END)
      FROM sub s;
END
$fn$;
COMMENT ON FUNCTION @extschema@.avstamning(integer, @extschema@.period, text) IS
    'reconciliation: one row per check and committee/unit — result identity, accumulated results, budget against the frame, booked kommunbidrag against the spread frame, state grants, published subtotals — with expected, actual, difference, tolerance (the rounding of the figures involved) and a message';
