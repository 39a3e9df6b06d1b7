
-- Where the operators live.  Every operator of belopp and period, the belopp
-- aggregates sum, avg, min and max, and abs(belopp) are created in pg_catalog,
-- not in the extension's schema: pg_catalog is searched first whatever the
-- search_path, so `sum(b)`, `b - b`, `b / 2` and `b = b` over a belopp column
-- always resolve to the exact belopp operators, also for a user who never puts
-- kommunrapport on the search_path.  (In the extension's schema they would be
-- invisible to such a user, and the implicit cast to numeric would silently
-- turn every one of them into slower numeric arithmetic with a numeric result,
-- and `=` into an operator no belopp index can use.)  A name in pg_catalog
-- cannot be shadowed by a hostile schema earlier on the search_path either.
-- The functions behind them stay in the extension's schema.
--
-- LEAKPROOF is given only to functions that can never raise and never reveal
-- their input: comparison and hashing.  `+` and `-` raise on overflow, so they
-- are not leakproof (as int8pl is not): the planner then evaluates them only
-- after the row-level security policy, and an error cannot tell one committee
-- anything about another's amounts.

-- arithmetic ------------------------------------------------------------------

CREATE FUNCTION @extschema@.belopp_pl(@extschema@.belopp, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_pl' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_pl(@extschema@.belopp, @extschema@.belopp) IS
    'sum of two amounts; 22003 on overflow';
CREATE FUNCTION @extschema@.belopp_mi(@extschema@.belopp, @extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_mi' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_mi(@extschema@.belopp, @extschema@.belopp) IS
    'difference of two amounts; 22003 on overflow';
CREATE FUNCTION @extschema@.belopp_um(@extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_um' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.belopp_um(@extschema@.belopp) IS 'the negated amount';
CREATE FUNCTION pg_catalog.abs(@extschema@.belopp) RETURNS @extschema@.belopp
    AS 'MODULE_PATHNAME', 'belopp_abs' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION pg_catalog.abs(@extschema@.belopp) IS 'the absolute value of an amount';

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

CREATE OPERATOR pg_catalog.+ (FUNCTION = @extschema@.belopp_pl,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(pg_catalog.+));
COMMENT ON OPERATOR pg_catalog.+ (@extschema@.belopp, @extschema@.belopp) IS 'sum of two amounts';
CREATE OPERATOR pg_catalog.- (FUNCTION = @extschema@.belopp_mi,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp);
COMMENT ON OPERATOR pg_catalog.- (@extschema@.belopp, @extschema@.belopp) IS 'difference of two amounts';
CREATE OPERATOR pg_catalog.- (FUNCTION = @extschema@.belopp_um, RIGHTARG = @extschema@.belopp);
COMMENT ON OPERATOR pg_catalog.- (NONE, @extschema@.belopp) IS 'the negated amount';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.belopp_mul_int2, LEFTARG = @extschema@.belopp,
    RIGHTARG = smallint, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, smallint) IS 'amount times a whole number';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.int2_mul_belopp, LEFTARG = smallint,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (smallint, @extschema@.belopp) IS 'a whole number times an amount';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.belopp_mul_int4, LEFTARG = @extschema@.belopp,
    RIGHTARG = integer, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, integer) IS 'amount times a whole number';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.int4_mul_belopp, LEFTARG = integer,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (integer, @extschema@.belopp) IS 'a whole number times an amount';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.belopp_mul_int8, LEFTARG = @extschema@.belopp,
    RIGHTARG = bigint, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, bigint) IS 'amount times a whole number';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.int8_mul_belopp, LEFTARG = bigint,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (bigint, @extschema@.belopp) IS 'a whole number times an amount';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.belopp_mul_numeric, LEFTARG = @extschema@.belopp,
    RIGHTARG = numeric, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, numeric) IS 'amount times a number, rounded half away from zero to whole öre';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.numeric_mul_belopp, LEFTARG = numeric,
    RIGHTARG = @extschema@.belopp, COMMUTATOR = OPERATOR(pg_catalog.*));
COMMENT ON OPERATOR pg_catalog.* (numeric, @extschema@.belopp) IS 'a number times an amount, rounded half away from zero to whole öre';
CREATE OPERATOR pg_catalog.* (FUNCTION = @extschema@.belopp_mul_belopp, LEFTARG = @extschema@.belopp,
    RIGHTARG = @extschema@.belopp);
COMMENT ON OPERATOR pg_catalog.* (@extschema@.belopp, @extschema@.belopp) IS 'an error: amounts are multiplied by numbers, not by amounts';
CREATE OPERATOR pg_catalog./ (FUNCTION = @extschema@.belopp_div_int2,
    LEFTARG = @extschema@.belopp, RIGHTARG = smallint);
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, smallint) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
CREATE OPERATOR pg_catalog./ (FUNCTION = @extschema@.belopp_div_int4,
    LEFTARG = @extschema@.belopp, RIGHTARG = integer);
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, integer) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
CREATE OPERATOR pg_catalog./ (FUNCTION = @extschema@.belopp_div_int8,
    LEFTARG = @extschema@.belopp, RIGHTARG = bigint);
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, bigint) IS 'amount divided by a whole number, rounded half away from zero to whole öre';
CREATE OPERATOR pg_catalog./ (FUNCTION = @extschema@.belopp_div_numeric,
    LEFTARG = @extschema@.belopp, RIGHTARG = numeric);
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, numeric) IS 'amount divided by a number, rounded half away from zero to whole öre';
CREATE OPERATOR pg_catalog./ (FUNCTION = @extschema@.belopp_div_belopp,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp);
COMMENT ON OPERATOR pg_catalog./ (@extschema@.belopp, @extschema@.belopp) IS 'the ratio of two amounts, as numeric';

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

CREATE OPERATOR pg_catalog.= (FUNCTION = @extschema@.belopp_eq,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(pg_catalog.=), NEGATOR = OPERATOR(pg_catalog.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR pg_catalog.= (@extschema@.belopp, @extschema@.belopp) IS 'equal';
CREATE OPERATOR pg_catalog.<> (FUNCTION = @extschema@.belopp_ne,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(pg_catalog.<>), NEGATOR = OPERATOR(pg_catalog.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR pg_catalog.<> (@extschema@.belopp, @extschema@.belopp) IS 'not equal';
CREATE OPERATOR pg_catalog.< (FUNCTION = @extschema@.belopp_lt,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(pg_catalog.>), NEGATOR = OPERATOR(pg_catalog.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR pg_catalog.< (@extschema@.belopp, @extschema@.belopp) IS 'less than';
CREATE OPERATOR pg_catalog.<= (FUNCTION = @extschema@.belopp_le,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(pg_catalog.>=), NEGATOR = OPERATOR(pg_catalog.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR pg_catalog.<= (@extschema@.belopp, @extschema@.belopp) IS 'less than or equal';
CREATE OPERATOR pg_catalog.> (FUNCTION = @extschema@.belopp_gt,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(pg_catalog.<), NEGATOR = OPERATOR(pg_catalog.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR pg_catalog.> (@extschema@.belopp, @extschema@.belopp) IS 'greater than';
CREATE OPERATOR pg_catalog.>= (FUNCTION = @extschema@.belopp_ge,
    LEFTARG = @extschema@.belopp, RIGHTARG = @extschema@.belopp,
    COMMUTATOR = OPERATOR(pg_catalog.<=), NEGATOR = OPERATOR(pg_catalog.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR pg_catalog.>= (@extschema@.belopp, @extschema@.belopp) IS 'greater than or equal';

CREATE OPERATOR CLASS @extschema@.belopp_ops
    DEFAULT FOR TYPE @extschema@.belopp USING btree AS
        OPERATOR 1 pg_catalog.<,
        OPERATOR 2 pg_catalog.<=,
        OPERATOR 3 pg_catalog.=,
        OPERATOR 4 pg_catalog.>=,
        OPERATOR 5 pg_catalog.>,
        FUNCTION 1 @extschema@.belopp_cmp(@extschema@.belopp, @extschema@.belopp),
        FUNCTION 2 @extschema@.belopp_sortsupport(internal);
COMMENT ON OPERATOR FAMILY @extschema@.belopp_ops USING btree IS 'btree ordering of amounts';
COMMENT ON OPERATOR CLASS @extschema@.belopp_ops USING btree IS
    'btree ordering of amounts: ORDER BY, indexes, merge joins';

CREATE OPERATOR CLASS @extschema@.belopp_hash_ops
    DEFAULT FOR TYPE @extschema@.belopp USING hash AS
        OPERATOR 1 pg_catalog.=,
        FUNCTION 1 @extschema@.belopp_hash(@extschema@.belopp),
        FUNCTION 2 @extschema@.belopp_hash_extended(@extschema@.belopp, bigint);
COMMENT ON OPERATOR FAMILY @extschema@.belopp_hash_ops USING hash IS 'hashing of amounts';
COMMENT ON OPERATOR CLASS @extschema@.belopp_hash_ops USING hash IS
    'hashing of amounts: GROUP BY, DISTINCT, hash joins, hash partitioning';
