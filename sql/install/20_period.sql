
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

CREATE OPERATOR pg_catalog.= (FUNCTION = @extschema@.period_eq,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.=), NEGATOR = OPERATOR(pg_catalog.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR pg_catalog.= (@extschema@.period, @extschema@.period) IS 'equal';
CREATE OPERATOR pg_catalog.<> (FUNCTION = @extschema@.period_ne,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.<>), NEGATOR = OPERATOR(pg_catalog.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR pg_catalog.<> (@extschema@.period, @extschema@.period) IS 'not equal';
CREATE OPERATOR pg_catalog.< (FUNCTION = @extschema@.period_lt,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.>), NEGATOR = OPERATOR(pg_catalog.>=),
    RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR pg_catalog.< (@extschema@.period, @extschema@.period) IS 'earlier (by year, first month, last month)';
CREATE OPERATOR pg_catalog.<= (FUNCTION = @extschema@.period_le,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.>=), NEGATOR = OPERATOR(pg_catalog.>),
    RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR pg_catalog.<= (@extschema@.period, @extschema@.period) IS 'earlier or equal';
CREATE OPERATOR pg_catalog.> (FUNCTION = @extschema@.period_gt,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.<), NEGATOR = OPERATOR(pg_catalog.<=),
    RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR pg_catalog.> (@extschema@.period, @extschema@.period) IS 'later (by year, first month, last month)';
CREATE OPERATOR pg_catalog.>= (FUNCTION = @extschema@.period_ge,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.<=), NEGATOR = OPERATOR(pg_catalog.<),
    RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR pg_catalog.>= (@extschema@.period, @extschema@.period) IS 'later or equal';
CREATE OPERATOR pg_catalog.@> (FUNCTION = @extschema@.period_contains,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.<@), RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR pg_catalog.@> (@extschema@.period, @extschema@.period) IS 'contains';
CREATE OPERATOR pg_catalog.<@ (FUNCTION = @extschema@.period_contained,
    LEFTARG = @extschema@.period, RIGHTARG = @extschema@.period,
    COMMUTATOR = OPERATOR(pg_catalog.@>), RESTRICT = contsel, JOIN = contjoinsel);
COMMENT ON OPERATOR pg_catalog.<@ (@extschema@.period, @extschema@.period) IS 'is contained in';

CREATE OPERATOR CLASS @extschema@.period_ops
    DEFAULT FOR TYPE @extschema@.period USING btree AS
        OPERATOR 1 pg_catalog.<,
        OPERATOR 2 pg_catalog.<=,
        OPERATOR 3 pg_catalog.=,
        OPERATOR 4 pg_catalog.>=,
        OPERATOR 5 pg_catalog.>,
        FUNCTION 1 @extschema@.period_cmp(@extschema@.period, @extschema@.period);
COMMENT ON OPERATOR FAMILY @extschema@.period_ops USING btree IS 'btree ordering of periods';
COMMENT ON OPERATOR CLASS @extschema@.period_ops USING btree IS
    'btree ordering of periods by year, first month, last month';
CREATE OPERATOR CLASS @extschema@.period_hash_ops
    DEFAULT FOR TYPE @extschema@.period USING hash AS
        OPERATOR 1 pg_catalog.=,
        FUNCTION 1 @extschema@.period_hash(@extschema@.period),
        FUNCTION 2 @extschema@.period_hash_extended(@extschema@.period, bigint);
COMMENT ON OPERATOR FAMILY @extschema@.period_hash_ops USING hash IS 'hashing of periods';
COMMENT ON OPERATOR CLASS @extschema@.period_hash_ops USING hash IS 'hashing of periods';
