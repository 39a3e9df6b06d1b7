
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
    SELECT r.belopp + coalesce((SELECT pg_catalog.sum(j.belopp) FROM @extschema@.ramjustering j
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
    SET search_path = pg_catalog, pg_temp
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
