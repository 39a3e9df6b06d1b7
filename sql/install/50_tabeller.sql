
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

-- The figures refer to their unit without ON UPDATE CASCADE: a unit (or a
-- committee) that has figures keeps its code, which is what the figures were
-- booked under (renaming it is refused, 23503), and a key that holds the
-- committee can then be the distribution key of a sharded table.
CREATE TABLE @extschema@.utfall (
    namnd       text NOT NULL,
    enhet       text NOT NULL,
    rad         text NOT NULL REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    period      @extschema@.period NOT NULL,
    belopp      @extschema@.belopp NOT NULL,
    kalla       text,
    ar          integer NOT NULL GENERATED ALWAYS AS (@extschema@.ar(period)) STORED,
    avrundning  numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0),
    PRIMARY KEY (namnd, enhet, rad, period),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod),
    CHECK (@extschema@.manader(period) = 1 OR @extschema@.forsta_manad(period) = 1)
);
COMMENT ON TABLE @extschema@.utfall IS
    'outcome: one month as the ERP books it, or a year-to-date period as a published report gives it; signed as the row says; avrundning = the unit the figure was rounded to where it came from, in kr (0.01: exact, as a ledger books it)';
CREATE INDEX utfall_ar_namnd ON @extschema@.utfall (ar, namnd);

-- How many groups a report's read makes (one per committee, unit and row):
-- a unit's code names it within its committee, so the three columns' distinct
-- counts are not independent, and without this statistic the planner
-- multiplies them.  It then expects every parallel worker to hand on about
-- every group of the year, prices the Gather above the partial aggregates
-- too high, and reads the outcome of a large year serially.  ANALYZE fills it.
CREATE STATISTICS @extschema@.utfall_grupper (ndistinct) ON namnd, enhet, rad FROM @extschema@.utfall;
COMMENT ON STATISTICS @extschema@.utfall_grupper IS
    'the number of (committee, unit, row) groups of the outcome, which the reads of the reports aggregate to: ANALYZE measures it, so that the planner prices their parallel plans right';

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
    avrundning  numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0),
    PRIMARY KEY (namnd, enhet, rad, period, giltig_fran),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod),
    CHECK (@extschema@.forsta_manad(period) = 1),
    CHECK (profil IS NULL OR @extschema@.manader(period) = 12)
);
COMMENT ON TABLE @extschema@.budget IS
    'budget: the annual budget (period = the whole year, optionally with a spreading profile) or a published year-to-date budget, each version in force from giltig_fran; avrundning = the unit the figure was rounded to, in kr (0.01: exact)';
CREATE INDEX budget_ar_namnd ON @extschema@.budget (ar, namnd);
-- (as utfall_grupper: the budget read groups by committee, unit and row)
CREATE STATISTICS @extschema@.budget_grupper (ndistinct) ON namnd, enhet, rad FROM @extschema@.budget;
COMMENT ON STATISTICS @extschema@.budget_grupper IS
    'the number of (committee, unit, row) groups of the budget, which the budget read of the reports aggregates to (as utfall_grupper)';

CREATE TABLE @extschema@.prognos (
    namnd       text NOT NULL,
    enhet       text NOT NULL,
    rad         text NOT NULL REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    ar          integer NOT NULL,
    omgang      text NOT NULL,
    belopp      @extschema@.belopp NOT NULL,
    PRIMARY KEY (namnd, enhet, rad, ar, omgang),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod),
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
