
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
