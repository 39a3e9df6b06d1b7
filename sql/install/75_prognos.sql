
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

-- The belopp form keeps its state as a value, a bytea of its exact sums
-- (96 bytes, the same on every host), not as an internal pointer: a sharded
-- server can then aggregate each shard where it lies and combine the partial
-- states (Citus does so only for a state of a real type).
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(bytea, @extschema@.belopp, @extschema@.belopp)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_accum_bytea' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(bytea, @extschema@.belopp, @extschema@.belopp) IS
    'prognostraffsakerhet transition: add a pair (forecast, outcome) to exact integer sums (aggregate state only)';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(bytea, @extschema@.belopp, @extschema@.belopp,
                                                              @extschema@.tecken)
    RETURNS bytea
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_accum_tecken_bytea' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_accum(bytea, @extschema@.belopp, @extschema@.belopp, @extschema@.tecken) IS
    'prognostraffsakerhet transition: add a pair (forecast, outcome) in a sign convention to exact integer sums (aggregate state only)';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_combine(bytea, bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_combine_bytea' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_combine(bytea, bytea) IS
    'prognostraffsakerhet over belopp: combine two partial states (in parallel workers and on the nodes of a sharded server)';
CREATE FUNCTION @extschema@.prognostraffsakerhet_belopp_final(bytea) RETURNS @extschema@.traffsakerhet
    AS 'MODULE_PATHNAME', 'prognostraffsakerhet_belopp_final_bytea' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.prognostraffsakerhet_belopp_final(bytea) IS
    'prognostraffsakerhet over belopp: the measures from the exact sums (22P03 for a state it did not write)';

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
    STYPE = bytea,
    SSPACE = 100,
    FINALFUNC = @extschema@.prognostraffsakerhet_belopp_final,
    COMBINEFUNC = @extschema@.prognostraffsakerhet_belopp_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.prognostraffsakerhet(@extschema@.belopp, @extschema@.belopp) IS
    'forecast accuracy over (forecast, outcome) amounts with error = outcome − forecast, in exact 128/192-bit integer sums of öre; the same figures as the numeric form';
CREATE AGGREGATE @extschema@.prognostraffsakerhet(prognos @extschema@.belopp, utfall @extschema@.belopp,
                                                  tecken @extschema@.tecken) (
    SFUNC = @extschema@.prognostraffsakerhet_belopp_accum,
    STYPE = bytea,
    SSPACE = 100,
    FINALFUNC = @extschema@.prognostraffsakerhet_belopp_final,
    COMBINEFUNC = @extschema@.prognostraffsakerhet_belopp_combine,
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

-- COST as driftsammandrag_belopp's: a call reads a year and rolls it up.
CREATE FUNCTION @extschema@.prognosforandringar(ar integer, omgang text DEFAULT NULL, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognosforandring_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE COST 1000000
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    aktuell_omgang    text;     -- the round reported (the argument, or the year's latest)
    plats             bigint;   -- its number, newest first (prognosomgangar)
    omgang_datum      date;     -- its date: the budget in force then
    foregaende_omgang text;     -- the round before it (nr + 1), and its date
    foregaende_datum  date;
    alla              text;
    fraga             text;     -- every committee's report, as one query
BEGIN
    IF prognosforandringar.ar IS NULL THEN
        RAISE EXCEPTION 'the year of prognosforandringar must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognosforandringar(2024).';
    END IF;
    PERFORM kontrollera_namnd(prognosforandringar.namnd);
    SELECT string_agg(o.kod, ', ' ORDER BY o.nr DESC) INTO alla
      FROM prognosomgangar(helar(prognosforandringar.ar)) o;
    IF alla IS NULL THEN
        RAISE EXCEPTION 'no forecast round in year %', prognosforandringar.ar
            USING ERRCODE = '22023',
                  HINT = 'Forecast rounds are added to kommunrapport.prognosomgang before their forecasts.';
    END IF;
    SELECT o.nr, o.kod, o.datum INTO plats, aktuell_omgang, omgang_datum
      FROM prognosomgangar(helar(prognosforandringar.ar)) o
     WHERE o.kod = coalesce(prognosforandringar.omgang, o.kod)
     ORDER BY o.nr LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no forecast round "%" in year %', prognosforandringar.omgang, prognosforandringar.ar
            USING ERRCODE = '22023', HINT = format('The rounds of %s are: %s.', prognosforandringar.ar, alla);
    END IF;
    SELECT o.kod, o.datum INTO foregaende_omgang, foregaende_datum
      FROM prognosomgangar(helar(prognosforandringar.ar)) o WHERE o.nr = plats + 1;
    IF prognosforandringar.namnd IS NULL THEN
        fraga := per_namnd('@extschema@.prognosforandringar($1, $2, %L)');
        IF fraga IS NOT NULL THEN
            RETURN QUERY EXECUTE fraga || ' ORDER BY sortering' USING prognosforandringar.ar, aktuell_omgang;
            RETURN;
        END IF;
    END IF;

    RETURN QUERY
    SELECT s.namnd, s.enhet, s.enhet_namn, s.enhet_niva, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           aktuell_omgang, foregaende_omgang,
           kronor(s.prognos), kronor(s.prognos_fg),
           kronor(prognosforandring(s.prognos, s.prognos_fg, s.tecken)),
           kronor(s.budget), kronor(s.budget_fg),
           -- the budget's change as it moves the deviation: more room is positive
           kronor((s.budget_fg - s.budget) * teckenfaktor(s.tecken)),
           kronor(avvikelse(s.prognos, s.budget, s.tecken)), kronor(avvikelse(s.prognos_fg, s.budget_fg, s.tecken)),
           kronor(avvikelse(s.prognos, s.budget, s.tecken) - avvikelse(s.prognos_fg, s.budget_fg, s.tecken)),
           s.sortering
      FROM (SELECT t.*, t.belopp[1] AS prognos, t.belopp[2] AS prognos_fg,
                   t.belopp[3] AS budget, t.belopp[4] AS budget_fg
              FROM summera(ARRAY(
                       -- 1 prognos, 2 prognos_fg: the round's and the previous round's forecast
                       SELECT ROW(f.namnd_kod, NULL, NULL, f.enhet, f.rad,
                                  CASE f.omgang WHEN aktuell_omgang THEN 1 ELSE 2 END, f.belopp)::figur
                         FROM prognos_for_omgangar(prognosforandringar.ar, ARRAY[aktuell_omgang, foregaende_omgang],
                                                   prognosforandringar.namnd) f
                       UNION ALL  -- 3 budget: the full-year budget in force at the round's date
                       SELECT ROW(b.namnd_kod, NULL, NULL, b.enhet, b.rad, 3, b.budget_helar)::figur
                         FROM budget_for_period(helar(prognosforandringar.ar), omgang_datum, prognosforandringar.namnd) b
                       UNION ALL  -- 4 budget_fg: in force at the previous round's date
                       SELECT ROW(b.namnd_kod, NULL, NULL, b.enhet, b.rad, 4, b.budget_helar)::figur
                         FROM budget_for_period(helar(prognosforandringar.ar), foregaende_datum, prognosforandringar.namnd) b
                        WHERE foregaende_datum IS NOT NULL
                   ), prognosforandringar.namnd) t) s;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognosforandringar(integer, text, text) IS
    'per committee, unit and report row, with subtotals over both hierarchies (as driftsammandrag): the forecast of a round (NULL = the year''s latest) and of the round before it (by period, then date), the forecast change, the full-year budget in force at each round''s date and its change as it moves the deviation (more room positive), the forecast deviation at each round and its change; all favourable-positive, plain numeric kronor, so avvikelseforandring = prognosforandring + budgetforandring; no previous round or no figure in it gives NULL, not zero; a subtotal adds the figures its rows have in each round; 22023 for an unknown round or committee; of every committee (NULL) on a large table, each committee''s report run side by side (per_namnd)';

-- accuracy of the forecasts of a closed year ----------------------------------------

-- Whether a committee's final outcome of a year is loaded: outcome stored for
-- the whole year, or booked in each of the twelve months.
CREATE FUNCTION @extschema@.slututfall_finns(ar integer, namnd text) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN (
    SELECT EXISTS (SELECT 1 FROM @extschema@.utfall u
                    WHERE u.ar = slututfall_finns.ar AND u.namnd = slututfall_finns.namnd
                      AND u.period = @extschema@.helar(slututfall_finns.ar))
        OR (SELECT count(DISTINCT @extschema@.sista_manad(u.period)) FROM @extschema@.utfall u
             WHERE u.ar = slututfall_finns.ar AND u.namnd = slututfall_finns.namnd
               AND @extschema@.manader(u.period) = 1) = 12
    );
END
$fn$;
COMMENT ON FUNCTION @extschema@.slututfall_finns(integer, text) IS
    'whether a committee''s final outcome of a year is loaded: outcome for the whole year, or outcome booked in each of the twelve months';

-- A row of prognossakerhet with its amounts as belopp: what prognossakerhet
-- prints in numeric kronor and prognossakerhet_sammanfattning aggregates.
CREATE TYPE @extschema@.prognossakerhet_belopp_rad AS (
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
    prognos              @extschema@.belopp,
    utfall               @extschema@.belopp,
    prognosfel           @extschema@.belopp,
    fel_procent          numeric,
    budget               @extschema@.belopp,
    budget_slut          @extschema@.belopp,
    budgetforandring     @extschema@.belopp,
    prognos_avvikelse    @extschema@.belopp,
    slutlig_avvikelse    @extschema@.belopp,
    avvikelsefel         @extschema@.belopp,
    sortering            @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.prognossakerhet_belopp_rad IS
    'a row of prognossakerhet with its amounts as belopp (fel_procent numeric)';

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

-- prognossakerhet in belopp: the checks, the roll-up and the measures; the
-- public function converts its amounts once.
-- COST as driftsammandrag_belopp's: a call reads a year and rolls it up.
CREATE FUNCTION @extschema@.prognossakerhet_belopp(ar integer, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognossakerhet_belopp_rad
    LANGUAGE plpgsql STABLE PARALLEL SAFE COST 1000000
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    saknas   text;
    fraga    text;     -- every committee's report, as one query
BEGIN
    IF prognossakerhet_belopp.ar IS NULL THEN
        RAISE EXCEPTION 'the year of prognossakerhet must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. prognossakerhet(2023).';
    END IF;
    PERFORM kontrollera_namnd(prognossakerhet_belopp.namnd);
    -- every committee with forecasts in the year needs its final outcome
    SELECT string_agg(c.namnd, ', ' ORDER BY c.namnd) INTO saknas
      FROM (SELECT DISTINCT f.namnd_kod AS namnd
              FROM prognos_for_omgangar(prognossakerhet_belopp.ar, NULL, prognossakerhet_belopp.namnd) f) c
     WHERE NOT slututfall_finns(prognossakerhet_belopp.ar, c.namnd);
    IF saknas IS NOT NULL THEN
        RAISE EXCEPTION 'the final outcome of % is not loaded for %', prognossakerhet_belopp.ar, saknas
            USING ERRCODE = '55000',
                  DETAIL = format('The accuracy of a forecast is measured against the final outcome: outcome for %s, or for each of its twelve months, for every committee with forecasts that year.', visa(helar(prognossakerhet_belopp.ar))),
                  HINT = 'Load the year''s final outcome first, or ask for a committee whose year is closed.';
    END IF;
    IF prognossakerhet_belopp.namnd IS NULL THEN
        fraga := per_namnd('@extschema@.prognossakerhet_belopp($1, %L)');
        IF fraga IS NOT NULL THEN
            RETURN QUERY EXECUTE fraga || ' ORDER BY sortering' USING prognossakerhet_belopp.ar;
            RETURN;
        END IF;
    END IF;

    RETURN QUERY
    WITH omgangar AS (
        -- the rounds of the year, first round first (nr 1)
        SELECT (count(*) OVER () - o.nr + 1)::integer AS nr, o.kod, o.datum
          FROM prognosomgangar(helar(prognossakerhet_belopp.ar)) o
    ), slututfall AS MATERIALIZED (
        SELECT u.* FROM utfall_for_period(helar(prognossakerhet_belopp.ar), prognossakerhet_belopp.namnd) u
    ), slutbudget AS MATERIALIZED (
        SELECT b.* FROM budget_for_period(helar(prognossakerhet_belopp.ar), 'infinity'::date, prognossakerhet_belopp.namnd) b
    ), budget_vid_omgang AS MATERIALIZED (
        SELECT o.kod AS omgang, b.*
          FROM omgangar o CROSS JOIN LATERAL budget_for_period(helar(prognossakerhet_belopp.ar), o.datum, prognossakerhet_belopp.namnd) b
    )
    SELECT s.namnd, s.omgang, (s.sortering).omgang_nr,
           s.enhet, s.enhet_namn, s.enhet_niva, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           s.prognos, s.utfall, s.prognosfel,
           CASE WHEN s.utfall <> '0'::belopp THEN kronor(s.prognosfel) * 100 / abs(kronor(s.utfall)) END,
           s.budget, s.budget_slut,
           -- the budget's change as it moves the deviation: more room is positive
           (s.budget - s.budget_slut) * teckenfaktor(s.tecken),
           s.prognos_avvikelse, s.slutlig_avvikelse,
           s.slutlig_avvikelse - s.prognos_avvikelse,
           s.sortering
      FROM (SELECT t.*, t.belopp[1] AS prognos, t.belopp[2] AS utfall,
                   t.belopp[3] AS budget, t.belopp[4] AS budget_slut,
                   prognosforandring(t.belopp[2], t.belopp[1], t.tecken) AS prognosfel,
                   avvikelse(t.belopp[1], t.belopp[3], t.tecken) AS prognos_avvikelse,
                   avvikelse(t.belopp[2], t.belopp[4], t.tecken) AS slutlig_avvikelse
              FROM summera(ARRAY(
                       -- what each round forecast (1), with its final outcome (2; nothing
                       -- booked in the closed year is 0) and the full-year budget at the
                       -- round (3) and at the end of the year (4)
                       SELECT ROW(f.namnd_kod, f.omgang, o.nr, f.enhet, f.rad, m.matt, m.belopp)::figur
                         FROM prognos_for_omgangar(prognossakerhet_belopp.ar, NULL, prognossakerhet_belopp.namnd) f
                         JOIN omgangar o ON o.kod = f.omgang
                         LEFT JOIN slututfall u ON u.namnd_kod = f.namnd_kod AND u.enhet = f.enhet AND u.rad = f.rad
                         LEFT JOIN budget_vid_omgang b ON b.omgang = f.omgang AND b.namnd_kod = f.namnd_kod
                                                      AND b.enhet = f.enhet AND b.rad = f.rad
                         LEFT JOIN slutbudget sb ON sb.namnd_kod = f.namnd_kod AND sb.enhet = f.enhet AND sb.rad = f.rad
                         CROSS JOIN LATERAL (VALUES (1, f.belopp), (2, coalesce(u.belopp, '0'::belopp)),
                                                    (3, b.budget_helar), (4, sb.budget_helar)) m(matt, belopp)
                   ), prognossakerhet_belopp.namnd) t) s;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognossakerhet_belopp(integer, text) IS
    'prognossakerhet with its amounts as belopp: what prognossakerhet prints and prognossakerhet_sammanfattning aggregates; of every committee (NULL) on a large table, as each committee''s report run side by side (per_namnd)';

CREATE FUNCTION @extschema@.prognossakerhet(ar integer, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.prognossakerhet_rad
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT s.namnd_kod, s.prognosomgang, s.omgang_nr, s.enhet, s.enhet_namn, s.enhet_niva,
           s.rad, s.rad_namn, s.rad_niva, s.tecken,
           @extschema@.kronor(s.prognos), @extschema@.kronor(s.utfall), @extschema@.kronor(s.prognosfel),
           s.fel_procent, @extschema@.kronor(s.budget), @extschema@.kronor(s.budget_slut),
           @extschema@.kronor(s.budgetforandring), @extschema@.kronor(s.prognos_avvikelse),
           @extschema@.kronor(s.slutlig_avvikelse), @extschema@.kronor(s.avvikelsefel), s.sortering
      FROM @extschema@.prognossakerhet_belopp(prognossakerhet.ar, prognossakerhet.namnd) s;
END;
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
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT s.namnd_kod, s.prognosomgang, s.omgang_nr, s.rad, s.rad_namn, s.rad_niva, s.tecken,
           (s.m).antal, (s.m).medelfel, (s.m).medelabsolutfel, (s.m).kvadratiskt_medelfel,
           (s.m).antal_procent, (s.m).medelabsolutfel_procent, (s.m).antal_utfall_noll,
           ROW(s.namnd_kod, s.omgang_nr, NULL, s.radsort)::@extschema@.sorteringsnyckel
      FROM (SELECT p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                   (p.sortering).rad AS radsort,
                   @extschema@.prognostraffsakerhet(p.prognos, p.utfall, p.tecken) AS m
              FROM @extschema@.prognossakerhet_belopp(prognossakerhet_sammanfattning.ar,
                                                      prognossakerhet_sammanfattning.namnd) p
             WHERE p.enhet IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM @extschema@.enhet c
                                WHERE c.namnd = p.namnd_kod AND c.overordnad = p.enhet)
             GROUP BY p.namnd_kod, p.prognosomgang, p.omgang_nr, p.rad, p.rad_namn, p.rad_niva, p.tecken,
                      (p.sortering).rad) s
     WHERE (s.m).antal > 0
     ORDER BY 15;
END
$fn$;
COMMENT ON FUNCTION @extschema@.prognossakerhet_sammanfattning(integer, text) IS
    'forecast accuracy of a closed year across units: per committee, forecast round and report row, the measures of prognostraffsakerhet over the committee''s units without sub-units that the round forecast: antal, medelfel (the bias, mean signed error; positive = the round''s forecasts were pessimistic), medelabsolutfel, kvadratiskt_medelfel, medelabsolutfel_procent; errors as prognossakerhet''s prognosfel; 55000 and 22023 as prognossakerhet';
