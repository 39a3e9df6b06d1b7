
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

CREATE AGGREGATE pg_catalog.sum(@extschema@.belopp) (
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
COMMENT ON AGGREGATE pg_catalog.sum(@extschema@.belopp) IS
    'exact total of amounts; 22003 when the total does not fit a belopp';

CREATE AGGREGATE pg_catalog.avg(@extschema@.belopp) (
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
COMMENT ON AGGREGATE pg_catalog.avg(@extschema@.belopp) IS
    'mean of amounts in whole öre, rounded half away from zero';

CREATE AGGREGATE pg_catalog.min(@extschema@.belopp) (
    SFUNC = @extschema@.belopp_smaller,
    STYPE = @extschema@.belopp,
    COMBINEFUNC = @extschema@.belopp_smaller,
    SORTOP = OPERATOR(pg_catalog.<),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pg_catalog.min(@extschema@.belopp) IS 'the smallest amount';

CREATE AGGREGATE pg_catalog.max(@extschema@.belopp) (
    SFUNC = @extschema@.belopp_larger,
    STYPE = @extschema@.belopp,
    COMBINEFUNC = @extschema@.belopp_larger,
    SORTOP = OPERATOR(pg_catalog.>),
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE pg_catalog.max(@extschema@.belopp) IS 'the largest amount';

-- The sums of amounts per measure: one aggregate that adds each amount into
-- the element of its measure, instead of one sum per measure and an array
-- built from them (summera, in C, keeps such sums per cell itself).  SSPACE
-- is the state with room for 8 measures, so that a hash aggregate plans its
-- memory by it (without it the planner assumes 8 kB a group and spills to
-- disk from about a thousand groups at the default work_mem).
CREATE FUNCTION @extschema@.summa_per_matt_accum(internal, integer, @extschema@.belopp) RETURNS internal
    AS 'MODULE_PATHNAME', 'summa_per_matt_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.summa_per_matt_accum(internal, integer, @extschema@.belopp) IS
    'transition of summa_per_matt: adds an amount to its measure''s exact 128-bit total';
CREATE FUNCTION @extschema@.summa_per_matt_final(internal) RETURNS @extschema@.belopp[]
    AS 'MODULE_PATHNAME', 'summa_per_matt_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.summa_per_matt_final(internal) IS
    'final function of summa_per_matt: the totals as belopp[]';
CREATE FUNCTION @extschema@.summa_per_matt_combine(internal, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'summa_per_matt_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.summa_per_matt_combine(internal, internal) IS
    'combine function of summa_per_matt: the totals of two states added per measure';
CREATE FUNCTION @extschema@.summa_per_matt_serialize(internal) RETURNS bytea
    AS 'MODULE_PATHNAME', 'summa_per_matt_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.summa_per_matt_serialize(internal) IS
    'serialise a summa_per_matt state for parallel aggregation';
CREATE FUNCTION @extschema@.summa_per_matt_deserialize(bytea, internal) RETURNS internal
    AS 'MODULE_PATHNAME', 'summa_per_matt_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.summa_per_matt_deserialize(bytea, internal) IS
    'deserialise a summa_per_matt state';
CREATE AGGREGATE @extschema@.summa_per_matt(matt integer, belopp @extschema@.belopp) (
    SFUNC = @extschema@.summa_per_matt_accum,
    STYPE = internal,
    SSPACE = 208,
    FINALFUNC = @extschema@.summa_per_matt_final,
    COMBINEFUNC = @extschema@.summa_per_matt_combine,
    SERIALFUNC = @extschema@.summa_per_matt_serialize,
    DESERIALFUNC = @extschema@.summa_per_matt_deserialize,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.summa_per_matt(integer, @extschema@.belopp) IS
    'the totals of amounts per measure as belopp[1 .. the highest measure seen], NULL where a measure had no amount; exact, 22003 when a total does not fit a belopp, 22023 for a measure outside 1..1000, 22004 for a NULL measure';
