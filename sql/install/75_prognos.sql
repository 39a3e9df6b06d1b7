
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
    sortering            @extschema@.sorteringsnyckel
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
               pg_catalog.sum(f.prognos) AS prognos, pg_catalog.sum(f.prognos_fg) AS prognos_fg,
               pg_catalog.sum(f.budget) AS budget, pg_catalog.sum(f.budget_fg) AS budget_fg
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
               pg_catalog.sum(l.prognos * k.f) AS prognos, pg_catalog.sum(l.prognos_fg * k.f) AS prognos_fg,
               pg_catalog.sum(l.budget * k.f) AS budget, pg_catalog.sum(l.budget_fg * k.f) AS budget_fg
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
           ROW(r.namnd, NULL, ep.sortering, rp.sortering)::@extschema@.sorteringsnyckel
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
    sortering            @extschema@.sorteringsnyckel
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
               pg_catalog.sum(l.prognos * k.f) AS prognos, pg_catalog.sum(l.utfall * k.f) AS utfall,
               pg_catalog.sum(l.budget * k.f) AS budget, pg_catalog.sum(l.budget_slut * k.f) AS budget_slut
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
           ROW(r.namnd, o.nr::integer, ep.sortering, rp.sortering)::@extschema@.sorteringsnyckel
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
    sortering                @extschema@.sorteringsnyckel
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
           ROW(s.namnd_kod, s.omgang_nr, NULL, s.radsort)::@extschema@.sorteringsnyckel
      FROM (SELECT p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                   (p.sortering).rad AS radsort,
                   @extschema@.prognostraffsakerhet(p.prognos, p.utfall, p.tecken) AS m
              FROM @extschema@.prognossakerhet(prognossakerhet_sammanfattning.ar,
                                               prognossakerhet_sammanfattning.namnd) p
             WHERE p.enhet IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM @extschema@.enhet c
                                WHERE c.namnd = p.namnd_kod AND c.overordnad = p.enhet)
             GROUP BY p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                      (p.sortering).rad) s
     WHERE (s.m).antal > 0
     ORDER BY 15;
END;
COMMENT ON FUNCTION @extschema@.prognossakerhet_sammanfattning(integer, text) IS
    'forecast accuracy of a closed year across units: per committee, forecast round and report row, the measures of prognostraffsakerhet over the committee''s units without sub-units that the round forecast: antal, medelfel (the bias, mean signed error; positive = the round''s forecasts were pessimistic), medelabsolutfel, kvadratiskt_medelfel, medelabsolutfel_procent; errors as prognossakerhet''s prognosfel; 55000 and 22023 as prognossakerhet';
