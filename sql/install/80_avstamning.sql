
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
    avrundning   numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0),
    PRIMARY KEY (namnd, ar)
);
COMMENT ON TABLE @extschema@.budgetram IS
    'the original frame (ram, kommunbidrag) of a committee for a year, as the council decided it; avrundning = the unit the decision states it in, in kr (1000000 for whole mnkr)';

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
    avrundning   numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0),
    FOREIGN KEY (namnd, ar) REFERENCES @extschema@.budgetram (namnd, ar) ON UPDATE CASCADE,
    CHECK ((slag = 'rattelse') = (rattar IS NOT NULL)),
    CHECK (extract(year FROM datum) BETWEEN ar - 1 AND ar)
);
COMMENT ON TABLE @extschema@.ramjustering IS
    'append-only ledger of frame adjustments: date, amount, kind, the decision (body and reference) and a comment; a correction is a new entry (slag rattelse) that names the entry it corrects; avrundning = the unit the decision states the amount in, in kr';
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
-- checked at commit, so that the legs can be inserted one by one.  The check
-- reads every leg of the decision whatever the inserting role may see
-- (SECURITY DEFINER): with the role's row-level security it would add up only
-- the legs of its own committees, and a role granted one side of a transfer
-- could add a leg that nets to zero with what it sees.  So the role must be
-- granted the committee of every leg (42501, which names no other committee).
CREATE FUNCTION @extschema@.kontrollera_omfordelning() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    netto   @extschema@.belopp;
    ben     bigint;
    alla    boolean;    -- the role is granted the committee of every leg
BEGIN
    IF NEW.slag <> 'omfordelning' THEN
        RETURN NULL;
    END IF;
    SELECT sum(j.belopp), count(*), bool_and(@extschema@.behorig(j.namnd, @extschema@.aktuell_anvandare()))
      INTO netto, ben, alla
      FROM @extschema@.ramjustering j
     WHERE j.slag = 'omfordelning' AND j.ar = NEW.ar
       AND j.beslutsorgan = NEW.beslutsorgan AND j.beslut = NEW.beslut;
    IF NOT alla THEN
        RAISE EXCEPTION 'permission denied to record transfer % %', NEW.beslutsorgan, NEW.beslut
            USING ERRCODE = '42501',
                  DETAIL = 'A transfer between committees is recorded by a role granted the committee of each of its legs.',
                  HINT = 'Let a role granted every committee of the decision (or a controller) insert its legs.';
    END IF;
    IF netto <> '0'::@extschema@.belopp OR ben < 2 THEN
        RAISE EXCEPTION 'transfer % % does not net to zero', NEW.beslutsorgan, NEW.beslut
            USING ERRCODE = '23514',
                  DETAIL = format('Its %s leg(s) add up to %s kr; a transfer between committees moves an amount from one to another.',
                                  ben, netto),
                  HINT = 'Insert every leg of the decision in the same transaction, with amounts that add up to zero.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.kontrollera_omfordelning() IS
    'constraint trigger: the legs of a transfer between committees (one decision) net to zero at commit (23514), all of them, recorded by a role granted the committee of each (42501)';
CREATE CONSTRAINT TRIGGER omfordelning_netto AFTER INSERT ON @extschema@.ramjustering
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION @extschema@.kontrollera_omfordelning();

CREATE FUNCTION @extschema@.gallande_ram(namnd text, ar integer, per date DEFAULT current_date)
    RETURNS @extschema@.belopp
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN (
    SELECT r.belopp + coalesce((SELECT pg_catalog.sum(j.belopp) FROM @extschema@.ramjustering j
                                  WHERE j.namnd = r.namnd AND j.ar = r.ar AND j.datum <= per),
                               '0'::@extschema@.belopp)
      FROM @extschema@.budgetram r
     WHERE r.namnd = gallande_ram.namnd AND r.ar = gallande_ram.ar
    );
END
$fn$;
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
    belopp      @extschema@.belopp NOT NULL,
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

-- The one tolerance rule of the reconciliation: a figure computed from termer
-- figures, each rounded to the unit avrundning (in kr), may be off by half a
-- unit per figure, and no more.
CREATE FUNCTION @extschema@.tolerans(avrundning numeric, termer integer DEFAULT 1) RETURNS numeric
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF termer < 1 THEN
        RAISE EXCEPTION 'termer must be at least 1, not %', termer
            USING ERRCODE = '22023',
                  DETAIL = 'termer is the number of rounded figures behind the published one.';
    END IF;
    RETURN termer * avrundning / 2;
END $$;
COMMENT ON FUNCTION @extschema@.tolerans(numeric, integer) IS
    'the rounding that termer figures each rounded to avrundning kr can add up to: termer × avrundning / 2 (22023 when termer < 1)';

CREATE FUNCTION @extschema@.inom_avrundning(publicerad numeric, beraknad numeric, decimaler integer,
                                            termer integer DEFAULT 1)
    RETURNS boolean
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN abs(publicerad - beraknad) <= @extschema@.tolerans(power(10::numeric, -decimaler), termer);
COMMENT ON FUNCTION @extschema@.inom_avrundning(numeric, numeric, integer, integer) IS
    'whether a published figure agrees with a recomputation, allowing exactly the rounding of termer figures each rounded to decimaler decimals (termer × half a unit), and no more';

-- The coarsest unit (1 000 000, 100 000, …, 1 kr, 1 öre) that every figure is a
-- whole multiple of: how finely figures were rounded, where nobody recorded
-- it.  The checks never guess: every figure they compare carries its unit
-- (avrundning); the upgrade from 0.1.0 used this to record the unit of the
-- rows stored before the tables had the column.
CREATE FUNCTION @extschema@.avrundningsenhet(varden numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce((SELECT u FROM unnest(ARRAY[1000000, 100000, 10000, 1000, 100, 10, 1, 0.1]::numeric[]) u
                      WHERE NOT EXISTS (SELECT 1 FROM unnest(varden) v WHERE v % u <> 0)
                      ORDER BY u DESC LIMIT 1), 0.01);
END;
COMMENT ON FUNCTION @extschema@.avrundningsenhet(numeric[]) IS
    'the coarsest unit (mnkr down to öre) that every figure is a whole multiple of: how finely stored report figures were rounded';

-- The unit of a figure made of stored rows: the finest of the units stored
-- with them (a sum of figures rounded to different units is a whole multiple
-- of the finest).  NULL when no row is behind it.

-- the frame in force on a date: the original frame and the adjustments
-- decided up to that date
CREATE FUNCTION @extschema@.ram_avrundning(namnd text, ar integer, per date) RETURNS numeric
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN (
    SELECT least(r.avrundning,
                 (SELECT pg_catalog.min(j.avrundning) FROM @extschema@.ramjustering j
                   WHERE j.namnd = r.namnd AND j.ar = r.ar AND j.datum <= per))
      FROM @extschema@.budgetram r
     WHERE r.namnd = ram_avrundning.namnd AND r.ar = ram_avrundning.ar
    );
END
$fn$;
COMMENT ON FUNCTION @extschema@.ram_avrundning(text, integer, date) IS
    'the unit (kr) the frame in force on a date is rounded to: the finest of the original frame''s and of the adjustments decided up to that date';

-- the outcome of a row of a committee (enhet NULL: every unit) for a period,
-- as utfall_for_period takes it: the rows stored for exactly the period, or
-- else its months
CREATE FUNCTION @extschema@.utfall_avrundning(namnd text, rad text, p @extschema@.period,
                                              enhet text DEFAULT NULL)
    RETURNS numeric
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN (
    SELECT coalesce(pg_catalog.min(u.avrundning) FILTER (WHERE u.period = p),
                    pg_catalog.min(u.avrundning) FILTER (WHERE @extschema@.manader(u.period) = 1
                                                           AND u.period OPERATOR(pg_catalog.<@) p))
      FROM @extschema@.utfall u
     WHERE u.namnd = utfall_avrundning.namnd AND u.rad = utfall_avrundning.rad
       AND u.ar = @extschema@.ar(p)
       AND (utfall_avrundning.enhet IS NULL OR u.enhet = utfall_avrundning.enhet)
    );
END
$fn$;
COMMENT ON FUNCTION @extschema@.utfall_avrundning(text, text, @extschema@.period, text) IS
    'the unit (kr) the outcome of a row for a period is rounded to, from the rows utfall_for_period takes (enhet NULL: every unit of the committee)';

-- the budget of a row of a committee (enhet NULL: every unit) for a period
-- in force on a date, as budget_for_period takes it: the version in force of
-- the rows stored for exactly the period, or else of the annual budget
CREATE FUNCTION @extschema@.budget_avrundning(namnd text, rad text, p @extschema@.period, per date,
                                              enhet text DEFAULT NULL)
    RETURNS numeric
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN (
    SELECT coalesce(pg_catalog.min(v.avrundning) FILTER (WHERE v.period = p),
                    pg_catalog.min(v.avrundning))
      FROM (SELECT DISTINCT ON (b.enhet, b.period) b.period, b.avrundning
              FROM @extschema@.budget b
             WHERE b.namnd = budget_avrundning.namnd AND b.rad = budget_avrundning.rad
               AND b.ar = @extschema@.ar(p) AND b.giltig_fran <= per
               AND (b.period = p OR b.period = @extschema@.helar(@extschema@.ar(p)))
               AND (budget_avrundning.enhet IS NULL OR b.enhet = budget_avrundning.enhet)
             ORDER BY b.enhet, b.period, b.giltig_fran DESC) v
    );
END
$fn$;
COMMENT ON FUNCTION @extschema@.budget_avrundning(text, text, @extschema@.period, date, text) IS
    'the unit (kr) the budget of a row for a period in force on a date is rounded to, from the versions budget_for_period takes (enhet NULL: every unit of the committee)';

-- The spreading profile of a committee's annual budget of a row, in the
-- version in force on a date (NULL: spread linearly, or no such budget).
CREATE FUNCTION @extschema@.budget_profil(namnd text, rad text, ar integer, per date) RETURNS numeric[]
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN (SELECT b.profil FROM @extschema@.budget b
             WHERE b.namnd = budget_profil.namnd AND b.rad = budget_profil.rad
               AND b.period = @extschema@.helar(budget_profil.ar) AND b.giltig_fran <= per
             ORDER BY b.giltig_fran DESC LIMIT 1);
END
$fn$;
COMMENT ON FUNCTION @extschema@.budget_profil(text, text, integer, date) IS
    'the spreading profile of a committee''s annual budget of a row in the version in force on a date (NULL: linear, or no budget)';

-- Whether any outcome of any of the rows is stored for a committee.
CREATE FUNCTION @extschema@.utfall_finns(namnd text, rader text[]) RETURNS boolean
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN EXISTS (SELECT 1 FROM @extschema@.utfall u
                    WHERE u.namnd = utfall_finns.namnd AND u.rad = ANY (utfall_finns.rader));
END
$fn$;
COMMENT ON FUNCTION @extschema@.utfall_finns(text, text[]) IS
    'whether any outcome of any of the report rows is stored for a committee';

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

-- the row every check returns -----------------------------------------------------

CREATE TYPE @extschema@.avstamningsrad AS (
    kontroll       text,
    namnd          text,
    enhet          text,
    rad            text,
    kolumn         text,
    forvantat      @extschema@.belopp,
    faktiskt       @extschema@.belopp,
    differens      @extschema@.belopp,
    tolerans       numeric,
    inom_tolerans  boolean,
    meddelande     text
);
COMMENT ON TYPE @extschema@.avstamningsrad IS
    'a row of a reconciliation check: the check, committee, unit, row (or grant), column, the expected and the actual figure and their difference, the tolerance, whether the difference is within it, and the message';

-- Every check row is made here: the difference, the tolerance (tolerans of
-- termer figures rounded to avrundning), the verdict and the end of the
-- message, so that every check judges and speaks the same way.  ensidig:
-- only faktiskt ≤ forvantat is required (a ceiling).  alternativ: a second
-- expected figure that a local rule allows (alternativ_text says which).
CREATE FUNCTION @extschema@.kontrollrad(kontroll text, namnd text, enhet text, rad text, kolumn text,
                                        forvantat @extschema@.belopp, faktiskt @extschema@.belopp,
                                        avrundning numeric, termer integer, vad text,
                                        ensidig boolean DEFAULT false,
                                        alternativ @extschema@.belopp DEFAULT NULL,
                                        alternativ_text text DEFAULT NULL)
    RETURNS @extschema@.avstamningsrad
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT kontroll, namnd, enhet, rad, kolumn, forvantat, faktiskt, v.differens, v.tolerans,
           v.inom OR v.alternativ_inom,
           vad || CASE WHEN v.differens = '0'::@extschema@.belopp OR (ensidig AND v.differens < '0'::@extschema@.belopp)
                       THEN ': stämmer'
                       WHEN v.inom
                       THEN pg_catalog.format(', skillnad %s — inom avrundningen av %s tal',
                                              @extschema@.visa_avrundat(v.differens, avrundning), termer)
                       WHEN v.alternativ_inom
                       THEN pg_catalog.format(' — förklaras av %s', alternativ_text)
                       ELSE pg_catalog.format(', skillnad %s — STÄMMER INTE%s',
                                              @extschema@.visa_avrundat(v.differens, avrundning),
                                              CASE WHEN alternativ IS NOT NULL
                                                   THEN pg_catalog.format(' (inte heller %s förklarar det)', alternativ_text)
                                                   ELSE '' END) END
      FROM (SELECT d.differens, t.tolerans,
                   CASE WHEN ensidig THEN d.differens <= t.tolerans ELSE abs(d.differens) <= t.tolerans END AS inom,
                   coalesce(abs(faktiskt - alternativ) <= t.tolerans, false) AS alternativ_inom
              FROM (SELECT faktiskt - forvantat AS differens) d,
                   (SELECT @extschema@.tolerans(avrundning, termer) AS tolerans) t) v;
END;
COMMENT ON FUNCTION @extschema@.kontrollrad(text, text, text, text, text, @extschema@.belopp, @extschema@.belopp, numeric, integer, text, boolean, @extschema@.belopp, text) IS
    'a reconciliation check''s row: difference faktiskt − forvantat, tolerance tolerans(avrundning, termer), within it (|difference|, or only upwards when ensidig, or explained by alternativ), and the message: vad and the verdict';

-- the checks ----------------------------------------------------------------------
-- Each check is a function (ar, p, namnd) returning avstamningsrad rows, and one
-- row of avstamningskontroller; avstamning runs them all.

-- Result = kommunbidrag + revenue + costs + financial items + disposition,
-- recomputed from the stored rows, against the published result.
CREATE FUNCTION @extschema@.kontroll_resultat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ds AS MATERIALIZED (
        SELECT * FROM @extschema@.driftsammandrag_belopp(kontroll_resultat.ar, p, kontroll_resultat.namnd)
    )
    SELECT (@extschema@.kontrollrad('resultat', pb.namnd, nullif(pb.enhet, ''), pb.rad, pb.kolumn,
                                    d.v, pb.belopp, pb.avrundning, d.n + 1,
                                    pg_catalog.format('%s (%s) = kommunbidrag + intäkter + kostnader + finansnetto + disposition: beräknat %s, publicerat %s',
                                                      r.namn, pb.kolumn, @extschema@.visa_avrundat(d.v, pb.avrundning),
                                                      @extschema@.visa_avrundat(pb.belopp, pb.avrundning)))).*
      FROM @extschema@.publicerad pb
      JOIN @extschema@.rad r ON r.kod = pb.rad AND r.slag = 'resultat'
      CROSS JOIN LATERAL (
          SELECT CASE pb.kolumn WHEN 'utfall' THEN x.utfall WHEN 'budget' THEN x.budget
                                WHEN 'prognos' THEN x.prognos WHEN 'budget_helar' THEN x.budget_helar
                                WHEN 'utfall_fg_ar' THEN x.utfall_fg_ar WHEN 'bokslut_fg_ar' THEN x.bokslut_fg_ar END AS v,
                 -- the figures behind it: the rows without sub-rows of the same unit
                 (SELECT count(*) FROM ds c
                   WHERE c.namnd_kod = x.namnd_kod AND c.enhet IS NOT DISTINCT FROM x.enhet
                     AND c.rad <> x.rad
                     AND NOT EXISTS (SELECT 1 FROM @extschema@.rad cc WHERE cc.overordnad = c.rad))::integer AS n
            FROM ds x
           WHERE x.namnd_kod = pb.namnd AND coalesce(x.enhet, '') = pb.enhet AND x.rad = pb.rad) d
     WHERE pb.period = p AND (kontroll_resultat.namnd IS NULL OR pb.namnd = kontroll_resultat.namnd)
       AND d.v IS NOT NULL;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_resultat(integer, @extschema@.period, text) IS
    'check resultat: a published result (a row of slag resultat) against kommunbidrag + revenue + costs + financial items + disposition recomputed from the stored rows';

-- Closing accumulated result = opening + the year's result − disposition, or
-- what a local cap rule allows.
CREATE FUNCTION @extschema@.kontroll_ackumulerat_resultat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT (@extschema@.kontrollrad('ackumulerat_resultat', a.namnd, nullif(a.enhet, ''), NULL, 'utgaende',
                                    v.vanlig, a.utgaende, a.avrundning, 4,
                                    pg_catalog.format('Utgående ackumulerat resultat %s mot ingående %s + årets resultat %s − disposition %s = %s',
                                                      @extschema@.visa_avrundat(a.utgaende, a.avrundning),
                                                      @extschema@.visa_avrundat(a.ingaende, a.avrundning),
                                                      @extschema@.visa_avrundat(a.arets_resultat, a.avrundning),
                                                      @extschema@.visa_avrundat(a.disposition, a.avrundning),
                                                      @extschema@.visa_avrundat(v.vanlig, a.avrundning)),
                                    false, least(v.vanlig, v.tak),
                                    pg_catalog.format('taket %s %% av budgeten %s (%s)',
                                                      pg_catalog.trim_scale(regel.tak_andel * 100),
                                                      @extschema@.visa_avrundat(a.arsbudget, a.avrundning),
                                                      @extschema@.visa_avrundat(v.tak, a.avrundning)))).*
      FROM @extschema@.ackumulerat_resultat a
      LEFT JOIN @extschema@.resultatfond_regel regel ON regel.namnd = a.namnd
      CROSS JOIN LATERAL (SELECT a.ingaende + a.arets_resultat - a.disposition AS vanlig,
                                 a.arsbudget * regel.tak_andel AS tak) v
     WHERE a.ar = kontroll_ackumulerat_resultat.ar
       AND (kontroll_ackumulerat_resultat.namnd IS NULL OR a.namnd = kontroll_ackumulerat_resultat.namnd);
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_ackumulerat_resultat(integer, @extschema@.period, text) IS
    'check ackumulerat_resultat: closing accumulated result = opening + the year''s result − disposition, or the cap of resultatfond_regel when that explains it';

-- Opening accumulated result = last year's closing.
CREATE FUNCTION @extschema@.kontroll_ackumulerat_ingaende(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT (@extschema@.kontrollrad('ackumulerat_ingaende', a.namnd, nullif(a.enhet, ''), NULL, 'ingaende',
                                    f.utgaende, a.ingaende, greatest(a.avrundning, f.avrundning), 2,
                                    pg_catalog.format('Ingående ackumulerat resultat %s %s mot utgående %s %s',
                                                      a.ar, @extschema@.visa_avrundat(a.ingaende, a.avrundning),
                                                      f.ar, @extschema@.visa_avrundat(f.utgaende, a.avrundning)))).*
      FROM @extschema@.ackumulerat_resultat a
      JOIN @extschema@.ackumulerat_resultat f ON f.namnd = a.namnd AND f.enhet = a.enhet AND f.ar = a.ar - 1
     WHERE a.ar = kontroll_ackumulerat_ingaende.ar
       AND (kontroll_ackumulerat_ingaende.namnd IS NULL OR a.namnd = kontroll_ackumulerat_ingaende.namnd);
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_ackumulerat_ingaende(integer, @extschema@.period, text) IS
    'check ackumulerat_ingaende: this year''s opening accumulated result = last year''s closing';

-- The budgeted kommunbidrag (or, without kommunbidrag rows, the budgeted net
-- cost) = the frame in force at the end of the period.
CREATE FUNCTION @extschema@.kontroll_budgetram(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH b AS (
        SELECT bf.namnd_kod AS namnd, r.slag, bf.budget_helar * @extschema@.teckenfaktor(r.tecken) AS v,
               @extschema@.budget_avrundning(bf.namnd_kod, bf.rad, @extschema@.helar(kontroll_budgetram.ar),
                                             @extschema@.slutdatum(p), bf.enhet) AS avrundning
          FROM @extschema@.budget_for_period(p, @extschema@.slutdatum(p), kontroll_budgetram.namnd) bf
          JOIN @extschema@.rad r ON r.kod = bf.rad
         WHERE bf.budget_helar IS NOT NULL
    ), per_namnd AS (
        SELECT b.namnd, bool_or(b.slag = 'kommunbidrag') AS har_kb,
               CASE WHEN bool_or(b.slag = 'kommunbidrag') THEN pg_catalog.sum(b.v) FILTER (WHERE b.slag = 'kommunbidrag')
                    ELSE -pg_catalog.sum(b.v) END AS v,
               (count(*) FILTER (WHERE b.slag = 'kommunbidrag'
                                    OR NOT EXISTS (SELECT 1 FROM b b2 WHERE b2.namnd = b.namnd AND b2.slag = 'kommunbidrag')))::integer AS n,
               pg_catalog.min(b.avrundning) AS enh
          FROM b GROUP BY b.namnd
    )
    SELECT (@extschema@.kontrollrad('budgetram', x.namnd, NULL, NULL, 'budget_helar', g.ram, x.v, x.enh, x.n,
               pg_catalog.format('%s i budgeten %s mot gällande ram %s (ursprunglig ram %s%s)',
                   CASE WHEN x.har_kb THEN 'Budgeterat kommunbidrag' ELSE 'Budgeterad nettokostnad' END,
                   @extschema@.visa_avrundat(x.v, x.enh),
                   @extschema@.visa_avrundat(g.ram, g.avrundning),
                   @extschema@.visa_avrundat(br.belopp, br.avrundning),
                   coalesce((SELECT string_agg(pg_catalog.format(' %s %s %s %s',
                                                   CASE WHEN j.belopp < '0'::@extschema@.belopp THEN '−' ELSE '+' END,
                                                   @extschema@.visa_avrundat(abs(j.belopp), j.avrundning),
                                                   @extschema@.ramjusteringsslag_text(j.slag), j.beslutsorgan || ' ' || j.beslut), ''
                                               ORDER BY j.datum, j.id)
                               FROM @extschema@.ramjustering j
                              WHERE j.namnd = x.namnd AND j.ar = kontroll_budgetram.ar
                                AND j.datum <= @extschema@.slutdatum(p)), '')))).*
      FROM per_namnd x
      JOIN @extschema@.budgetram br ON br.namnd = x.namnd AND br.ar = kontroll_budgetram.ar
      CROSS JOIN LATERAL (SELECT @extschema@.gallande_ram(x.namnd, kontroll_budgetram.ar, @extschema@.slutdatum(p)) AS ram,
                                 @extschema@.ram_avrundning(x.namnd, kontroll_budgetram.ar, @extschema@.slutdatum(p)) AS avrundning) g;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_budgetram(integer, @extschema@.period, text) IS
    'check budgetram: the budgeted kommunbidrag (or, without kommunbidrag rows, the budgeted net cost) = the frame in force at the end of the period';

-- The booked kommunbidrag of the period = the frame in force at the end of the
-- period, spread like the budgeted kommunbidrag (its profile); without a
-- frame, the spread budget.  Once per committee, on its top row.
CREATE FUNCTION @extschema@.kontroll_kommunbidrag_bokfort(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ds AS MATERIALIZED (
        SELECT * FROM @extschema@.driftsammandrag_belopp(kontroll_kommunbidrag_bokfort.ar, p,
                                                         kontroll_kommunbidrag_bokfort.namnd)
    )
    SELECT (@extschema@.kontrollrad('kommunbidrag_bokfort', d.namnd_kod, d.enhet, d.rad, 'utfall', f.forv, d.utfall,
                                    f.avrundning, 2,
                                    pg_catalog.format('Bokfört kommunbidrag %s %s mot %s %s', @extschema@.visa(p),
                                        @extschema@.visa_avrundat(d.utfall, f.avrundning),
                                        CASE WHEN f.ram IS NOT NULL THEN 'gällande ram periodiserad' ELSE 'periodiserad budget' END,
                                        @extschema@.visa_avrundat(f.forv, f.avrundning)))).*
      FROM ds d
      JOIN @extschema@.rad r ON r.kod = d.rad AND r.slag = 'kommunbidrag'
      CROSS JOIN LATERAL (
          SELECT g.ram,
                 coalesce(@extschema@.periodisera(g.ram, p,
                              @extschema@.budget_profil(d.namnd_kod, d.rad, kontroll_kommunbidrag_bokfort.ar,
                                                        @extschema@.slutdatum(p))),
                          d.budget) AS forv,
                 -- the finest unit of the booked figure and of what it is held against
                 least(@extschema@.utfall_avrundning(d.namnd_kod, d.rad, p),
                       CASE WHEN g.ram IS NOT NULL
                            THEN @extschema@.ram_avrundning(d.namnd_kod, kontroll_kommunbidrag_bokfort.ar, @extschema@.slutdatum(p))
                            ELSE @extschema@.budget_avrundning(d.namnd_kod, d.rad, p, @extschema@.slutdatum(p)) END) AS avrundning
            FROM (SELECT @extschema@.gallande_ram(d.namnd_kod, kontroll_kommunbidrag_bokfort.ar,
                                                  @extschema@.slutdatum(p)) AS ram) g) f
     WHERE d.utfall IS NOT NULL AND f.forv IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM @extschema@.rad c WHERE c.overordnad = d.rad)
       -- the committee total (enhet NULL, level 0) or, with a single
       -- top-level unit, that unit
       AND d.enhet_niva = (SELECT min(x.enhet_niva) FROM ds x
                           WHERE x.namnd_kod = d.namnd_kod AND x.rad = d.rad);
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_kommunbidrag_bokfort(integer, @extschema@.period, text) IS
    'check kommunbidrag_bokfort: the booked kommunbidrag of the period = the frame in force spread like the budget (or, without a frame, the spread budget), once per committee';

-- A grant's recognised amount is at most what was granted.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_intaktsfort(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT (@extschema@.kontrollrad('statsbidrag_intaktsfort', g.namnd, NULL, g.bidrag, 'intaktsfort',
                                    g.beviljat, g.intaktsfort, g.avrundning, 2,
                                    pg_catalog.format('%s: intäktsfört %s, högst beviljat %s', g.bidrag,
                                                      @extschema@.visa_avrundat(g.intaktsfort, g.avrundning),
                                                      @extschema@.visa_avrundat(g.beviljat, g.avrundning)),
                                    true)).*
      FROM @extschema@.statsbidrag g
     WHERE g.ar = kontroll_statsbidrag_intaktsfort.ar
       AND (kontroll_statsbidrag_intaktsfort.namnd IS NULL OR g.namnd = kontroll_statsbidrag_intaktsfort.namnd)
       AND g.intaktsfort IS NOT NULL AND g.beviljat IS NOT NULL;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_intaktsfort(integer, @extschema@.period, text) IS
    'check statsbidrag_intaktsfort: a state grant''s recognised amount is at most the granted amount';

-- A grant's granted amount is at most what was applied for.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_beviljat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT (@extschema@.kontrollrad('statsbidrag_beviljat', g.namnd, NULL, g.bidrag, 'beviljat',
                                    g.ansokt, g.beviljat, g.avrundning, 2,
                                    pg_catalog.format('%s: beviljat %s, högst ansökt %s', g.bidrag,
                                                      @extschema@.visa_avrundat(g.beviljat, g.avrundning),
                                                      @extschema@.visa_avrundat(g.ansokt, g.avrundning)),
                                    true)).*
      FROM @extschema@.statsbidrag g
     WHERE g.ar = kontroll_statsbidrag_beviljat.ar
       AND (kontroll_statsbidrag_beviljat.namnd IS NULL OR g.namnd = kontroll_statsbidrag_beviljat.namnd)
       AND g.beviljat IS NOT NULL AND g.ansokt IS NOT NULL;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_beviljat(integer, @extschema@.period, text) IS
    'check statsbidrag_beviljat: a state grant''s granted amount is at most the amount applied for';

-- Received − recognised is carried as prepaid income or repaid.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_skuld(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT (@extschema@.kontrollrad('statsbidrag_skuld', g.namnd, NULL, g.bidrag, 'erhallet',
               g.intaktsfort + coalesce(g.forutbetald, '0'::@extschema@.belopp) + coalesce(g.aterbetalt, '0'::@extschema@.belopp),
               g.erhallet, g.avrundning, 3,
               pg_catalog.format('%s: erhållet %s − intäktsfört %s = %s, som ska redovisas som förutbetald intäkt (%s) eller återbetalas (%s)',
                                 g.bidrag, @extschema@.visa_avrundat(g.erhallet, g.avrundning),
                                 @extschema@.visa_avrundat(g.intaktsfort, g.avrundning),
                                 @extschema@.visa_avrundat(g.erhallet - g.intaktsfort, g.avrundning),
                                 coalesce(@extschema@.visa_avrundat(g.forutbetald, g.avrundning), '—'),
                                 coalesce(@extschema@.visa_avrundat(g.aterbetalt, g.avrundning), '—')))).*
      FROM @extschema@.statsbidrag g
     WHERE g.ar = kontroll_statsbidrag_skuld.ar
       AND (kontroll_statsbidrag_skuld.namnd IS NULL OR g.namnd = kontroll_statsbidrag_skuld.namnd)
       AND g.erhallet IS NOT NULL AND g.intaktsfort IS NOT NULL;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_skuld(integer, @extschema@.period, text) IS
    'check statsbidrag_skuld: a state grant''s received amount = recognised + carried as prepaid income + repaid';

-- The grants against the published totals of the grant table: the rows of
-- slag statsbidrag published for the whole year.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_summa(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT (@extschema@.kontrollrad('statsbidrag_summa', t.namnd, NULL, NULL, t.kolumn, t.summa, t.publ, t.avr, t.n + 1,
               pg_catalog.format('Summa %s %s av %s bidrag: %s mot publicerat %s', t.kolumn, kontroll_statsbidrag_summa.ar, t.n,
                                 @extschema@.visa_avrundat(t.summa, t.avr), @extschema@.visa_avrundat(t.publ, t.avr)))).*
      FROM (SELECT pb.namnd, pb.kolumn, pb.belopp AS publ, count(*)::integer AS n,
                   pg_catalog.sum(CASE pb.kolumn WHEN 'ansokt' THEN g.ansokt WHEN 'beviljat' THEN g.beviljat
                                                 WHEN 'intaktsfort' THEN g.intaktsfort END) AS summa,
                   greatest(max(g.avrundning), pb.avrundning) AS avr
              FROM @extschema@.publicerad pb
              JOIN @extschema@.rad r ON r.kod = pb.rad AND r.slag = 'statsbidrag'
              JOIN @extschema@.statsbidrag g ON g.namnd = pb.namnd AND g.ar = kontroll_statsbidrag_summa.ar
             WHERE pb.enhet = '' AND pb.period = @extschema@.helar(kontroll_statsbidrag_summa.ar)
               AND pb.kolumn IN ('ansokt', 'beviljat', 'intaktsfort')
               AND (kontroll_statsbidrag_summa.namnd IS NULL OR pb.namnd = kontroll_statsbidrag_summa.namnd)
             GROUP BY pb.namnd, pb.kolumn, pb.belopp, pb.avrundning) t;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_summa(integer, @extschema@.period, text) IS
    'check statsbidrag_summa: the sum of the grants'' applied, granted or recognised amounts against the whole-year total published on a row of slag statsbidrag';

-- A full year: the grants recognised in the result against the outcome of
-- the rows of slag statsbidrag.
CREATE FUNCTION @extschema@.kontroll_statsbidrag_resultat(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT (@extschema@.kontrollrad('statsbidrag_resultat', t.namnd, NULL, NULL, 'intaktsfort', t.summa, t.v, t.avr, t.n + 1,
               pg_catalog.format('Intäktsförda statsbidrag %s (%s bidrag) mot utfallet på statsbidragsraderna %s',
                                 @extschema@.visa_avrundat(t.summa, t.avr), t.n, @extschema@.visa_avrundat(t.v, t.avr)))).*
      FROM (SELECT g.namnd, u.v, pg_catalog.sum(g.intaktsfort) AS summa, count(*)::integer AS n,
                   max(g.avrundning) AS avr
              FROM @extschema@.statsbidrag g
              CROSS JOIN LATERAL (
                  SELECT pg_catalog.sum(uf.belopp * @extschema@.teckenfaktor(r.tecken)) AS v
                    FROM @extschema@.utfall_for_period(@extschema@.helar(kontroll_statsbidrag_resultat.ar), g.namnd) uf
                    JOIN @extschema@.rad r ON r.kod = uf.rad AND r.slag = 'statsbidrag') u
             WHERE g.ar = kontroll_statsbidrag_resultat.ar
               AND (kontroll_statsbidrag_resultat.namnd IS NULL OR g.namnd = kontroll_statsbidrag_resultat.namnd)
               AND g.intaktsfort IS NOT NULL AND u.v IS NOT NULL
               AND @extschema@.manader(p) = 12
             GROUP BY g.namnd, u.v) t;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_statsbidrag_resultat(integer, @extschema@.period, text) IS
    'check statsbidrag_resultat (a full year): the recognised state grants against the outcome of the rows of slag statsbidrag';

-- Every published subtotal equals the sum of its published rows (or units).
CREATE FUNCTION @extschema@.kontroll_delsumma(ar integer, p @extschema@.period, namnd text)
    RETURNS SETOF @extschema@.avstamningsrad
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
BEGIN
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
               pg_catalog.sum(c.belopp) AS summa, count(c.*)::integer AS n, max(c.avrundning) AS cavr, 'enheter' AS av
          FROM @extschema@.publicerad t
          JOIN @extschema@.publicerad c ON c.namnd = t.namnd AND c.tabell = t.tabell AND c.rad = t.rad
                                        AND c.kolumn = t.kolumn AND c.period = t.period AND c.enhet <> ''
         WHERE t.enhet = '' AND t.period = p AND (kontroll_delsumma.namnd IS NULL OR t.namnd = kontroll_delsumma.namnd)
         GROUP BY t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning
        UNION ALL
        -- a subtotal row: the sum of the published rows below it (the nearest
        -- published ones on each branch), restated into its sign convention
        SELECT t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning,
               pg_catalog.sum(c.belopp * (@extschema@.teckenfaktor(cr.tecken) * @extschema@.teckenfaktor(tr.tecken))),
               count(c.*)::integer, max(c.avrundning), 'rader'
          FROM @extschema@.publicerad t
          JOIN @extschema@.rad tr ON tr.kod = t.rad
          JOIN under u ON u.anc = t.rad
          JOIN @extschema@.rad cr ON cr.kod = u.kod
          JOIN @extschema@.publicerad c ON c.namnd = t.namnd AND c.tabell = t.tabell AND c.enhet = t.enhet
                                        AND c.rad = u.kod AND c.kolumn = t.kolumn AND c.period = t.period
         WHERE t.period = p AND (kontroll_delsumma.namnd IS NULL OR t.namnd = kontroll_delsumma.namnd)
           -- a result row is checked by the result identity (kontroll_resultat)
           AND tr.slag <> 'resultat'
           -- only when the table printed every branch below the subtotal that
           -- has stored figures: a row it left out would make the sum short
           AND NOT EXISTS (
               SELECT 1 FROM @extschema@.rad dc
                WHERE dc.overordnad = t.rad
                  AND EXISTS (SELECT 1 FROM under ud
                               WHERE (ud.kod = dc.kod OR (ud.anc = dc.kod))
                                 AND @extschema@.utfall_finns(t.namnd, ARRAY[ud.kod, dc.kod]))
                  AND NOT EXISTS (SELECT 1 FROM @extschema@.publicerad q
                                   WHERE q.namnd = t.namnd AND q.tabell = t.tabell AND q.enhet = t.enhet
                                     AND q.kolumn = t.kolumn AND q.period = t.period
                                     AND (q.rad = dc.kod OR q.rad IN (SELECT ud2.kod FROM under ud2 WHERE ud2.anc = dc.kod))))
           AND NOT EXISTS (SELECT 1 FROM @extschema@.publicerad m
                            WHERE m.namnd = t.namnd AND m.tabell = t.tabell AND m.enhet = t.enhet
                              AND m.kolumn = t.kolumn AND m.period = t.period AND m.rad = ANY (u.mellan))
         GROUP BY t.namnd, t.tabell, t.enhet, t.rad, t.kolumn, t.belopp, t.avrundning
    )
    SELECT (@extschema@.kontrollrad('delsumma', s.namnd, nullif(s.enhet, ''), s.rad, s.kolumn, s.summa, s.belopp,
               greatest(s.avrundning, s.cavr), s.n + 1,
               pg_catalog.format('%s: summan %s (%s) i tabell %s är publicerad som %s; %s %s ger %s',
                                 coalesce(nullif(s.enhet, ''), 'nämnden'), s.rad, s.kolumn, s.tabell,
                                 @extschema@.visa_avrundat(s.belopp, greatest(s.avrundning, s.cavr)), s.n, s.av,
                                 @extschema@.visa_avrundat(s.summa, greatest(s.avrundning, s.cavr))))).*
      FROM sub s;
END
$fn$;
COMMENT ON FUNCTION @extschema@.kontroll_delsumma(integer, @extschema@.period, text) IS
    'check delsumma: every published subtotal (a committee total over its units, or a subtotal row over the nearest published rows below it, restated in its sign convention) equals the sum it prints';

-- the registry and avstamning -------------------------------------------------------

-- The checks avstamning runs, in this order.  A new check is a function
-- kontroll_<name>(ar, p, namnd) returning avstamningsrad rows, and a row here.
CREATE FUNCTION @extschema@.avstamningskontroller()
    RETURNS TABLE (ordning integer, kontroll text, funktion regprocedure, beskrivning text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT k.ordning, k.kontroll, k.funktion, k.beskrivning
      FROM (VALUES
        (1, 'resultat', '@extschema@.kontroll_resultat(integer, @extschema@.period, text)'::regprocedure,
            'resultat = kommunbidrag + intäkter + kostnader + finansnetto + disposition, mot det publicerade resultatet'),
        (2, 'ackumulerat_resultat', '@extschema@.kontroll_ackumulerat_resultat(integer, @extschema@.period, text)'::regprocedure,
            'utgående ackumulerat resultat = ingående + årets resultat − disposition (eller ett lokalt tak)'),
        (3, 'ackumulerat_ingaende', '@extschema@.kontroll_ackumulerat_ingaende(integer, @extschema@.period, text)'::regprocedure,
            'ingående ackumulerat resultat = förra årets utgående'),
        (4, 'budgetram', '@extschema@.kontroll_budgetram(integer, @extschema@.period, text)'::regprocedure,
            'budgeterat kommunbidrag (eller nettokostnad) = gällande ram vid periodens slut'),
        (5, 'kommunbidrag_bokfort', '@extschema@.kontroll_kommunbidrag_bokfort(integer, @extschema@.period, text)'::regprocedure,
            'bokfört kommunbidrag = gällande ram (eller budget) periodiserad'),
        (6, 'statsbidrag_intaktsfort', '@extschema@.kontroll_statsbidrag_intaktsfort(integer, @extschema@.period, text)'::regprocedure,
            'intäktsfört statsbidrag ≤ beviljat'),
        (7, 'statsbidrag_beviljat', '@extschema@.kontroll_statsbidrag_beviljat(integer, @extschema@.period, text)'::regprocedure,
            'beviljat statsbidrag ≤ ansökt'),
        (8, 'statsbidrag_skuld', '@extschema@.kontroll_statsbidrag_skuld(integer, @extschema@.period, text)'::regprocedure,
            'erhållet statsbidrag = intäktsfört + förutbetald intäkt + återbetalt'),
        (9, 'statsbidrag_summa', '@extschema@.kontroll_statsbidrag_summa(integer, @extschema@.period, text)'::regprocedure,
            'statsbidragen mot den publicerade summan'),
        (10, 'statsbidrag_resultat', '@extschema@.kontroll_statsbidrag_resultat(integer, @extschema@.period, text)'::regprocedure,
            'helår: intäktsförda statsbidrag mot utfallet på statsbidragsraderna'),
        (11, 'delsumma', '@extschema@.kontroll_delsumma(integer, @extschema@.period, text)'::regprocedure,
            'varje publicerad delsumma = summan av de publicerade raderna eller enheterna')
      ) k(ordning, kontroll, funktion, beskrivning)
     ORDER BY k.ordning;
END;
COMMENT ON FUNCTION @extschema@.avstamningskontroller() IS
    'the registry of reconciliation checks, in the order avstamning runs them: number, the check''s name (avstamning.kontroll), its function (ar, p, namnd) returning avstamningsrad rows, and what it checks';

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
    funktion regprocedure;
BEGIN
    IF @extschema@.ar(p) <> avstamning.ar THEN
        RAISE EXCEPTION 'period % does not lie in year %', p, avstamning.ar USING ERRCODE = '22023';
    END IF;
    PERFORM kontrollera_namnd(avstamning.namnd);
    -- the checks in the registry's order, each one's rows by committee, unit,
    -- row and column (codes in byte order, whatever the database's locale)
    FOR funktion IN SELECT k.funktion FROM avstamningskontroller() k ORDER BY k.ordning LOOP
        RETURN QUERY EXECUTE format(
            'SELECT r.kontroll, r.namnd, r.enhet, r.rad, r.kolumn, kronor(r.forvantat), kronor(r.faktiskt),
                    kronor(r.differens), r.tolerans, r.inom_tolerans, r.meddelande
               FROM %s($1, $2, $3) r
              ORDER BY r.namnd COLLATE "C", r.enhet COLLATE "C" NULLS FIRST, r.rad COLLATE "C",
                       r.kolumn COLLATE "C"', funktion::regproc)
            USING avstamning.ar, p, avstamning.namnd;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION @extschema@.avstamning(integer, @extschema@.period, text) IS
    'reconciliation: every check of avstamningskontroller, one row per check and committee/unit — result identity, accumulated results, budget against the frame, booked kommunbidrag against the spread frame, state grants, published subtotals — with expected, actual, difference, tolerance (tolerans of the figures involved, rounded as stored with them) and a message';
