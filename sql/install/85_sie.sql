
-----------------------------------------------------------------------------
-- SIE import: reading SIE files, the account and object maps, and loading
-- a ledger's outcome and budget into the report tables
-----------------------------------------------------------------------------
-- The file is read by C (src/sie_core.c; its header gives the rules).  The
-- maps say which report row an account belongs to and which committee and
-- unit an object (kostnadsställe/ansvar) belongs to; las_in_sie loads through
-- the staging table and las_in_utfall(), and budgets through satt_budget(),
-- so that a load is idempotent and closed periods stay closed.

CREATE FUNCTION @extschema@.las_sie(fil bytea)
    RETURNS TABLE (rad bigint, post text, arsnr integer, period @extschema@.period, konto text,
                   objekt text[], belopp @extschema@.belopp, kvantitet numeric, text text,
                   datum date, slutdatum date, dimension integer, overdimension integer,
                   serie text, vernr text, raknas boolean)
    AS 'MODULE_PATHNAME', 'las_sie'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.las_sie(bytea) IS
    'every record of an SIE file (types 1-4) it understands, one row each: rad = line, post = RAR DIM UNDERDIM OBJEKT KONTO KTYP IB UB RES PSALDO PBUDGET VER TRANS RTRANS BTRANS, year index, period (the month of a balance or transaction, the months of a #RAR), account, the object list as {{dimension,object},...}, amount (debit positive), quantity, text (names, texts, account type), dates, dimension numbers, the voucher of a transaction; raknas is false for #BTRANS and for the #TRANS twin of an #RTRANS; the encoding found (UTF-8, CP437 or Windows-1252, whatever #FORMAT says) is given in a NOTICE; 22P02 for a malformed line, naming it, 22003 for an amount out of range';

CREATE FUNCTION @extschema@.sie_kodning(fil bytea) RETURNS text
    AS 'MODULE_PATHNAME', 'sie_kodning'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sie_kodning(bytea) IS
    'the encoding an SIE file is read in, and what its #FORMAT declared ("UTF-8, although #FORMAT PC8 declares CP437")';

CREATE FUNCTION @extschema@.sie_summa(fil bytea, dimension integer, rapportera_var bigint DEFAULT 0)
    RETURNS TABLE (slag text, arsnr integer, period @extschema@.period, konto text, objekt text,
                   belopp @extschema@.belopp, antal bigint)
    AS 'MODULE_PATHNAME', 'sie_summa'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.sie_summa(bytea, integer, bigint) IS
    'the sums a load needs from an SIE file: slag utfall (per year index, month, account and the object of the given dimension, from counted transactions or else #PSALDO, overlapping object rows settled), budget (#PBUDGET, likewise), res, ib, ub (per year index and account); slag rar (a #RAR: period, start date in konto, end date in objekt) and fil (konto = a property of the file, objekt = its value: kodning, teckenkodning, kalla, rader, poster, trans, tvillingar, borttagna, psaldo, pbudget, grupper_med_total, grupper_celler); a NOTICE every rapportera_var records (0 = none)';

CREATE FUNCTION @extschema@.sie_summa_lo(fil oid, dimension integer, rapportera_var bigint DEFAULT 0)
    RETURNS TABLE (slag text, arsnr integer, period @extschema@.period, konto text, objekt text,
                   belopp @extschema@.belopp, antal bigint)
    AS 'MODULE_PATHNAME', 'sie_summa_lo'
    LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE ROWS 1000;
COMMENT ON FUNCTION @extschema@.sie_summa_lo(oid, integer, bigint) IS
    'sie_summa for an SIE file stored as a large object, read 1 MB at a time: memory does not grow with the file';

-- the maps ----------------------------------------------------------------------
--
-- An account range is two codes of equal length compared as prefixes: '3'..'3'
-- is class 3, '84'..'85' groups 84 and 85, '3911'..'3911' one account.  An
-- account matches when its first characters (as many as the range's codes
-- have) lie in the range, in byte order.  Of the ranges valid on the last day
-- of a month, those of the account's municipality count first, then those of
-- every municipality (kommun NULL), then the shipped default; within the level
-- that has any, the longest codes win.  Two winners naming different rows are
-- an error; a winner with rad NULL leaves the account out of the operating
-- statement on purpose.  Objects are mapped to units the same way (without a
-- default), a range with NULL codes standing for "no object of this dimension".

CREATE TABLE @extschema@.kontomappning_standard (
    konto_fran  text NOT NULL,
    konto_till  text NOT NULL,
    rad         text,
    benamning   text NOT NULL,
    PRIMARY KEY (konto_fran, konto_till),
    CHECK (konto_fran ~ '^[0-9]+$' AND pg_catalog.length(konto_fran) OPERATOR(pg_catalog.=) pg_catalog.length(konto_till)
           AND konto_fran COLLATE "C" <= konto_till)
);
COMMENT ON TABLE @extschema@.kontomappning_standard IS
    'the default account map for the Kommun-Bas 13 classes (3 intäkter, 4 material and purchased activities, 5 personnel, 6-7 other costs, 84-85 financial items, 1-2 left out as balance sheet); shipped with the extension, overridden by kontomappning';

INSERT INTO @extschema@.kontomappning_standard (konto_fran, konto_till, rad, benamning) VALUES
    ('1', '2', NULL, 'Balansräkningen: tillgångar, eget kapital och skulder (ingår inte i driftredovisningen)'),
    ('3', '3', 'INTAKTER', 'Verksamhetens intäkter'),
    ('4', '4', 'MATERIAL', 'Kostnader för material, köpta tjänster och köpt verksamhet'),
    ('5', '5', 'PERSONAL', 'Personalkostnader'),
    ('6', '7', 'OVRIGA', 'Övriga verksamhetskostnader'),
    ('84', '85', 'FINANSNETTO', 'Finansiella intäkter och kostnader');

CREATE TABLE @extschema@.kontomappning (
    kommun      text,
    konto_fran  text NOT NULL,
    konto_till  text NOT NULL,
    rad         text REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    giltig_fran date NOT NULL DEFAULT '-infinity',
    giltig_till date,
    kommentar   text,
    UNIQUE NULLS NOT DISTINCT (kommun, konto_fran, konto_till, giltig_fran),
    CHECK (konto_fran ~ '^\S+$' AND pg_catalog.length(konto_fran) OPERATOR(pg_catalog.=) pg_catalog.length(konto_till)
           AND konto_fran COLLATE "C" <= konto_till),
    CHECK (giltig_till IS NULL OR giltig_till >= giltig_fran)
);
COMMENT ON TABLE @extschema@.kontomappning IS
    'account ranges to report rows, per municipality (kommun as in namnd.kommun; NULL = every municipality) from giltig_fran to giltig_till (inclusive); rad NULL leaves the accounts out of the operating statement on purpose; overrides kontomappning_standard';

CREATE TABLE @extschema@.objektmappning (
    kommun      text,
    dimension   integer NOT NULL CHECK (dimension >= 1),
    objekt_fran text,
    objekt_till text,
    namnd       text NOT NULL,
    enhet       text NOT NULL,
    giltig_fran date NOT NULL DEFAULT '-infinity',
    giltig_till date,
    kommentar   text,
    UNIQUE NULLS NOT DISTINCT (kommun, dimension, objekt_fran, objekt_till, giltig_fran),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod) ON UPDATE CASCADE,
    CHECK ((objekt_fran IS NULL) = (objekt_till IS NULL)),
    CHECK (objekt_fran IS NULL OR (pg_catalog.length(objekt_fran) OPERATOR(pg_catalog.=) pg_catalog.length(objekt_till)
                                   AND objekt_fran COLLATE "C" <= objekt_till AND objekt_fran ~ '^\S+$')),
    CHECK (giltig_till IS NULL OR giltig_till >= giltig_fran)
);
COMMENT ON TABLE @extschema@.objektmappning IS
    'object ranges of one dimension (e.g. 1 = ansvar) to a committee''s unit, per municipality (NULL = every one) and validity; objekt_fran and objekt_till NULL map the rows that have no object of the dimension';

ALTER TABLE @extschema@.objektmappning ENABLE ROW LEVEL SECURITY;
CREATE POLICY namnd_behorighet ON @extschema@.objektmappning
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.objektmappning IS
    'a role sees only the object map of committees it is granted (and changes it only as a controller: endast_controller)';

-- The object map decides which committee and unit a ledger's amounts go to,
-- and the most specific entry wins (a municipality's own over the shared
-- ones, then the longest codes).  A committee role that could add an entry
-- could take objects of another committee, whose entries it cannot see, with
-- a longer code: so only a controller (granted every committee, a superuser
-- or BYPASSRLS) changes the map, and anyone else gets 42501 for any INSERT,
-- UPDATE, DELETE or TRUNCATE; a committee role still reads its own entries.
CREATE FUNCTION @extschema@.endast_controller() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT @extschema@.behorig(NULL, current_user) THEN
        RAISE EXCEPTION 'permission denied to change %', TG_TABLE_NAME
            USING ERRCODE = '42501',
                  DETAIL = 'The object map decides which committee a ledger''s amounts go to, so only a role granted every committee changes it.',
                  HINT = 'Ask a controller (a member of kommunrapport.behorighetsroll(NULL)) to change it.';
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.endast_controller() IS
    'statement trigger: only a role granted every committee (or a superuser or BYPASSRLS role) changes the table (42501)';
CREATE TRIGGER endast_controller BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.objektmappning
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@.endast_controller();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.kontomappning', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.objektmappning', '');

CREATE FUNCTION @extschema@.konto_rad(kommun text, konto text, per date)
    RETURNS TABLE (rad text, niva integer, konto_fran text, konto_till text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.rad, x.niva, x.konto_fran, x.konto_till
      FROM (SELECT c.*, rank() OVER (ORDER BY c.niva, pg_catalog.length(c.konto_fran) DESC) AS r
              FROM (SELECT m.rad, CASE WHEN m.kommun IS NULL THEN 2 ELSE 1 END AS niva,
                           m.konto_fran, m.konto_till
                      FROM @extschema@.kontomappning m
                     WHERE (m.kommun = konto_rad.kommun OR m.kommun IS NULL)
                       AND m.giltig_fran <= konto_rad.per
                       AND (m.giltig_till IS NULL OR konto_rad.per <= m.giltig_till)
                       AND pg_catalog.length(konto_rad.konto) >= pg_catalog.length(m.konto_fran)
                       AND pg_catalog.left(konto_rad.konto, pg_catalog.length(m.konto_fran)) COLLATE "C"
                           BETWEEN m.konto_fran AND m.konto_till
                    UNION ALL
                    SELECT s.rad, 3, s.konto_fran, s.konto_till
                      FROM @extschema@.kontomappning_standard s
                     WHERE pg_catalog.length(konto_rad.konto) >= pg_catalog.length(s.konto_fran)
                       AND pg_catalog.left(konto_rad.konto, pg_catalog.length(s.konto_fran)) COLLATE "C"
                           BETWEEN s.konto_fran AND s.konto_till) c) x
     WHERE x.r = 1
     ORDER BY x.rad;
END;
COMMENT ON FUNCTION @extschema@.konto_rad(text, text, date) IS
    'the map entries that decide an account''s report row on a date for a municipality (niva 1 its own, 2 every municipality''s, 3 the default): none = unmapped, several naming different rows = an error, rad NULL = left out on purpose';

CREATE FUNCTION @extschema@.objekt_enhet(kommun text, dimension integer, objekt text, per date)
    RETURNS TABLE (namnd text, enhet text, niva integer, objekt_fran text, objekt_till text)
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT x.namnd, x.enhet, x.niva, x.objekt_fran, x.objekt_till
      FROM (SELECT c.*, rank() OVER (ORDER BY c.niva, pg_catalog.length(c.objekt_fran) DESC NULLS LAST) AS r
              FROM (SELECT m.namnd, m.enhet, CASE WHEN m.kommun IS NULL THEN 2 ELSE 1 END AS niva,
                           m.objekt_fran, m.objekt_till
                      FROM @extschema@.objektmappning m
                     WHERE (m.kommun = objekt_enhet.kommun OR m.kommun IS NULL)
                       AND m.dimension = objekt_enhet.dimension
                       AND m.giltig_fran <= objekt_enhet.per
                       AND (m.giltig_till IS NULL OR objekt_enhet.per <= m.giltig_till)
                       AND CASE WHEN objekt_enhet.objekt IS NULL THEN m.objekt_fran IS NULL
                                ELSE pg_catalog.length(objekt_enhet.objekt) >= pg_catalog.length(m.objekt_fran)
                                     AND pg_catalog.left(objekt_enhet.objekt, pg_catalog.length(m.objekt_fran)) COLLATE "C"
                                         BETWEEN m.objekt_fran AND m.objekt_till END) c) x
     WHERE x.r = 1
     ORDER BY x.namnd, x.enhet;
END;
COMMENT ON FUNCTION @extschema@.objekt_enhet(text, integer, text, date) IS
    'the map entries that decide an object''s committee and unit on a date for a municipality (objekt NULL = no object of the dimension): none = unmapped, several naming different units = an error';

CREATE FUNCTION @extschema@.skapa_standardrader() RETURNS SETOF text
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    INSERT INTO @extschema@.rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
        ('RESULTAT', 'Resultat', 'resultat', 'resultat', NULL, 1),
        ('NETTOKOSTNAD', 'Verksamhetens nettokostnad', 'nettokostnad', 'resultat', 'RESULTAT', 1),
        ('INTAKTER', 'Verksamhetens intäkter', 'intakt', 'resultat', 'NETTOKOSTNAD', 1),
        ('KOSTNADER', 'Verksamhetens kostnader', 'kostnad', 'resultat', 'NETTOKOSTNAD', 2),
        ('MATERIAL', 'Material, köpt verksamhet och köpta tjänster', 'kostnad', 'resultat', 'KOSTNADER', 1),
        ('PERSONAL', 'Personalkostnader', 'kostnad', 'resultat', 'KOSTNADER', 2),
        ('OVRIGA', 'Övriga verksamhetskostnader', 'kostnad', 'resultat', 'KOSTNADER', 3),
        ('FINANSNETTO', 'Finansiella poster', 'finansnetto', 'resultat', 'RESULTAT', 2),
        ('KOMMUNBIDRAG', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'RESULTAT', 3)
    ON CONFLICT (kod) DO NOTHING
    RETURNING kod;
END;
COMMENT ON FUNCTION @extschema@.skapa_standardrader() IS
    'adds the report rows the default account map names (Intäkter, Material, Personal, Övriga under Kostnader and Nettokostnad, Finansnetto, Kommunbidrag, Resultat; signed resultat) where no row of that code exists; returns the codes added';

-- loading -------------------------------------------------------------------------
--
-- sie_forbered reads the file once, through the maps, into pg_temp.kr_sie (the
-- rows of sie_kartlagg: the file's properties, its #RES/#IB/#UB and year sums,
-- every account month's row and object month's unit, and the mapped sums);
-- sie_problem lists what keeps the file from loading; las_in_sie loads it.

CREATE TYPE @extschema@.sie_kontoregel AS (niva integer, konto_fran text, konto_till text, rad text,
                                            giltig_fran date, giltig_till date);
COMMENT ON TYPE @extschema@.sie_kontoregel IS
    'an entry of the account map as sie_kartlagg takes it: niva 1 = the municipality''s own, 2 = every municipality''s, 3 = the default; rad NULL = left out on purpose';
CREATE TYPE @extschema@.sie_objektregel AS (niva integer, objekt_fran text, objekt_till text, namnd text, enhet text,
                                             giltig_fran date, giltig_till date, dimension integer);
COMMENT ON TYPE @extschema@.sie_objektregel IS
    'an entry of the object map as sie_kartlagg takes it: niva 1 = the municipality''s own, 2 = every municipality''s; objekt_fran and objekt_till NULL = no object of the dimension; dimension = the SIE dimension its objects are of';

CREATE FUNCTION @extschema@.sie_kartlagg(fil bytea, lo oid, dimensioner integer[],
                                         konton @extschema@.sie_kontoregel[], objekt @extschema@.sie_objektregel[],
                                         rapportera_var bigint)
    RETURNS TABLE (slag text, arsnr integer, period @extschema@.period, konto text, objekt text,
                   namnd text, enhet text, rad text, niva integer, intervall text,
                   belopp @extschema@.belopp, antal bigint)
    AS 'MODULE_PATHNAME', 'sie_kartlagg'
    LANGUAGE C VOLATILE PARALLEL UNSAFE ROWS 10000;
COMMENT ON FUNCTION @extschema@.sie_kartlagg(bytea, oid, integer[], @extschema@.sie_kontoregel[], @extschema@.sie_objektregel[], bigint) IS
    'internal to las_in_sie and kontrollera_sie: an SIE file (the bytea fil or the large object lo, one of them) summed through the given map entries, with the rule of konto_rad() and objekt_enhet() applied once per account month and object month: slag fil, rar, res, ib, ub as sie_summa; arssumma (the outcome per year index and account); konto (per account month and row its winning entries name: rad, lowest niva, the ranges in intervall; niva NULL = no entry; belopp = the month''s outcome); objekt (likewise per object month and unit, for objects booked on accounts not left out; with several unit dimensions the object is the SIE object list of the unit dimensions'' objects, {1 "100" 6 "P7"}, each dimension''s object resolved by its entries and the dimensions whose winners have the lowest niva deciding together); utfall and budget (per month, committee, unit and row, the cells whose account names one row and object one unit)';

CREATE FUNCTION @extschema@.sie_stada() RETURNS void
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_catalog.to_regclass('pg_temp.kr_sie') IS NOT NULL THEN
        DROP TABLE pg_temp.kr_sie;
    END IF;
END $$;
COMMENT ON FUNCTION @extschema@.sie_stada() IS
    'internal to las_in_sie and kontrollera_sie: drops the temporary table of a file read by sie_forbered';

CREATE FUNCTION @extschema@.sie_forbered(fil bytea, lo oid, kommun text, rapportera_var bigint)
    RETURNS integer[]
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    dims  integer[];
BEGIN
    IF fil IS NULL AND lo IS NULL THEN
        RAISE EXCEPTION 'an SIE load needs a file' USING ERRCODE = '22004', DETAIL = 'The file is NULL.';
    END IF;
    SELECT array_agg(DISTINCT m.dimension ORDER BY m.dimension) INTO dims
      FROM @extschema@.objektmappning m
     WHERE m.kommun = sie_forbered.kommun OR m.kommun IS NULL;
    IF dims IS NULL THEN
        RAISE EXCEPTION 'no object map for municipality %', coalesce(quote_literal(kommun), 'NULL')
            USING ERRCODE = '23514',
                  HINT = 'Map the objects of one dimension (e.g. 1 = ansvar) to units in kommunrapport.objektmappning.';
    END IF;
    IF cardinality(dims) > 16 THEN
        RAISE EXCEPTION 'the object map of municipality % uses % dimensions', coalesce(quote_literal(kommun), 'NULL'),
                        cardinality(dims)
            USING ERRCODE = '23514', DETAIL = 'Units are found through the objects of at most 16 dimensions.';
    END IF;

    -- the entries that can decide, read with the caller's rights (the object
    -- map's row-level security holds); the rule is applied in C, once per
    -- account month and object month of the file
    PERFORM @extschema@.sie_stada();
    CREATE TEMP TABLE kr_sie ON COMMIT DROP AS
    SELECT * FROM @extschema@.sie_kartlagg(fil, lo, dims,
        ARRAY(SELECT ROW(CASE WHEN m.kommun IS NULL THEN 2 ELSE 1 END, m.konto_fran, m.konto_till, m.rad,
                         m.giltig_fran, m.giltig_till)::@extschema@.sie_kontoregel
                FROM @extschema@.kontomappning m
               WHERE m.kommun = sie_forbered.kommun OR m.kommun IS NULL
              UNION ALL
              SELECT ROW(3, s.konto_fran, s.konto_till, s.rad, '-infinity'::date, NULL::date)::@extschema@.sie_kontoregel
                FROM @extschema@.kontomappning_standard s),
        ARRAY(SELECT ROW(CASE WHEN x.kommun IS NULL THEN 2 ELSE 1 END, x.objekt_fran, x.objekt_till, x.namnd, x.enhet,
                         x.giltig_fran, x.giltig_till, x.dimension)::@extschema@.sie_objektregel
                FROM @extschema@.objektmappning x
               WHERE x.kommun = sie_forbered.kommun OR x.kommun IS NULL),
        rapportera_var);
    ANALYZE pg_temp.kr_sie;
    RETURN dims;
END $$;
COMMENT ON FUNCTION @extschema@.sie_forbered(bytea, oid, text, bigint) IS
    'internal to las_in_sie and kontrollera_sie: reads an SIE file (bytea, or large object lo) through the maps into the temporary table kr_sie (the rows of sie_kartlagg); returns the unit dimensions (every dimension the municipality''s object map names)';

-- The balance accounts' #UB against their #PSALDO.  The specification has a
-- period balance as the month's change (#IB plus the months = #UB); some
-- exporters write a balance account's #PSALDO as its balance at the end of
-- the month (the last month = #UB).  sie_balanser gives what both readings
-- need; sie_problem decides per file.
CREATE FUNCTION @extschema@.sie_balanser()
    RETURNS TABLE (arsnr integer, konto text, ib @extschema@.belopp, summa @extschema@.belopp,
                   sista_period @extschema@.period, sista @extschema@.belopp, ub @extschema@.belopp,
                   har_res boolean)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH ub AS (
        SELECT c.arsnr, c.konto, c.belopp FROM pg_temp.kr_sie c
         WHERE c.slag = 'ub'
           AND c.arsnr IN (SELECT a.arsnr FROM pg_temp.kr_sie a WHERE a.slag = 'arssumma')
    ), sista AS (
        SELECT DISTINCT ON (y.arsnr, k.konto) y.arsnr, k.konto, k.period, k.belopp
          FROM pg_temp.kr_sie k
          JOIN pg_temp.kr_sie y ON y.slag = 'rar' AND k.period OPERATOR(pg_catalog.<@) y.period
         WHERE k.slag = 'konto' AND k.antal OPERATOR(pg_catalog.>) 0
           AND k.konto IN (SELECT ub.konto FROM ub)
         ORDER BY y.arsnr, k.konto, k.period DESC
    )
    SELECT u.arsnr, u.konto, coalesce(i.belopp, '0'), coalesce(l.belopp, '0'), s.period, s.belopp, u.belopp,
           r.konto IS NOT NULL
      FROM ub u
      LEFT JOIN pg_temp.kr_sie i ON i.slag = 'ib' AND i.arsnr = u.arsnr AND i.konto = u.konto
      LEFT JOIN pg_temp.kr_sie l ON l.slag = 'arssumma' AND l.arsnr = u.arsnr AND l.konto = u.konto
      LEFT JOIN (SELECT DISTINCT c.arsnr, c.konto FROM pg_temp.kr_sie c WHERE c.slag = 'res') r
             ON r.arsnr = u.arsnr AND r.konto = u.konto
      LEFT JOIN sista s ON s.arsnr = u.arsnr AND s.konto = u.konto;
END $$;
COMMENT ON FUNCTION @extschema@.sie_balanser() IS
    'internal to sie_problem: per year index with outcome and account with #UB in the file read by sie_forbered: #IB (0 when missing), the sum of its monthly outcome, its last month with outcome in the year and that month''s figure, #UB, and whether it has #RES';

CREATE FUNCTION @extschema@.sie_problem(kommun text)
    RETURNS TABLE (problem text, konto text, objekt text, period text, belopp @extschema@.belopp, detalj text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    kalla   text := (SELECT c.objekt FROM pg_temp.kr_sie c WHERE c.slag = 'fil' AND c.konto = 'kalla');
    saldo   boolean := false;   -- the balance accounts' #PSALDO are balances at month end
    andring boolean;            -- they reconcile as the month's change
    nbalans bigint;
BEGIN
    IF kalla = 'PSALDO' THEN
        -- a balance account has #UB and no #RES; the file's reading is the
        -- specification's (the month's change) unless only the other holds
        SELECT count(*),
               count(*) FILTER (WHERE b.ib OPERATOR(pg_catalog.+) b.summa OPERATOR(pg_catalog.<>) b.ub) = 0,
               count(*) FILTER (WHERE coalesce(b.sista, b.ib) OPERATOR(pg_catalog.<>) b.ub) = 0
          INTO nbalans, andring, saldo
          FROM @extschema@.sie_balanser() b WHERE NOT b.har_res;
        saldo := saldo AND NOT andring;
        IF nbalans > 0 THEN
            RAISE NOTICE 'SIE: the #PSALDO of % balance account(s) %', nbalans,
                CASE WHEN andring THEN 'read as the month''s change (#IB plus their sum is #UB)'
                     WHEN saldo THEN 'read as the balance at the end of the month (the last month''s is #UB; #IB plus their sum is not)'
                     ELSE 'reconcile with #UB neither as the month''s change nor as the balance at the end of the month' END;
        END IF;
    END IF;

    RETURN QUERY
    WITH b AS MATERIALIZED (SELECT * FROM @extschema@.sie_balanser())
    SELECT 'avstamning_res', r.konto, NULL::text, 'årsnr ' || r.arsnr,
           coalesce(l.belopp, '0') OPERATOR(pg_catalog.-) r.belopp,
           format('the monthly figures of account %s (year index %s) sum to %s, #RES gives %s',
                  r.konto, r.arsnr, coalesce(l.belopp, '0'), r.belopp)
      FROM pg_temp.kr_sie r
      LEFT JOIN pg_temp.kr_sie l ON l.slag = 'arssumma' AND l.arsnr = r.arsnr AND l.konto = r.konto
     WHERE r.slag = 'res'
       AND r.arsnr IN (SELECT a.arsnr FROM pg_temp.kr_sie a WHERE a.slag = 'arssumma')
       AND coalesce(l.belopp, '0') OPERATOR(pg_catalog.<>) r.belopp
    UNION ALL
    SELECT 'avstamning_ub', b.konto, NULL, 'årsnr ' || b.arsnr,
           b.ib OPERATOR(pg_catalog.+) b.summa OPERATOR(pg_catalog.-) b.ub,
           CASE WHEN kalla = 'TRANS'
                THEN format('account %s (year index %s): #IB %s plus the transactions %s is not #UB %s',
                            b.konto, b.arsnr, b.ib, b.summa, b.ub)
                WHEN b.har_res
                THEN format('account %s (year index %s): #IB %s plus the monthly #PSALDO %s is not #UB %s',
                            b.konto, b.arsnr, b.ib, b.summa, b.ub)
                ELSE format('account %s (year index %s): #IB %s plus the monthly #PSALDO %s is not #UB %s; '
                            'nor is its last #PSALDO (%s: %s) as a balance at month end, as some exporters write them',
                            b.konto, b.arsnr, b.ib, b.summa, b.ub,
                            coalesce(@extschema@.visa(b.sista_period), 'none'), coalesce(b.sista, b.ib)) END
      FROM b
     WHERE b.ib OPERATOR(pg_catalog.+) b.summa OPERATOR(pg_catalog.<>) b.ub
       AND NOT (saldo AND NOT b.har_res)
    UNION ALL
    -- read as balances, a balance account's #PSALDO is no month's outcome
    SELECT DISTINCT 'saldo_till_rad', b.konto, NULL, NULL, NULL::@extschema@.belopp,
           format('account %s maps to report row %s, but its #PSALDO are balances at the end of the month, not the month''s outcome; leave it out (kontomappning with rad NULL)',
                  b.konto, k.rad)
      FROM b
      JOIN pg_temp.kr_sie k ON k.slag = 'konto' AND k.konto = b.konto AND k.rad IS NOT NULL
     WHERE saldo AND NOT b.har_res
    ORDER BY 1, 2, 4;

    RETURN QUERY
    SELECT 'konto_utan_rad', k.konto, NULL::text, min(k.period::text) || ' ...', pg_catalog.sum(k.belopp),
           format('account %s maps to no report row', k.konto)
      FROM pg_temp.kr_sie k WHERE k.slag = 'konto' AND k.niva IS NULL
     GROUP BY k.konto
    UNION ALL
    SELECT 'konto_till_flera_rader', k.konto, NULL, k.period::text, NULL,
           format('account %s maps to the rows %s (ranges %s)', k.konto,
                  string_agg(DISTINCT coalesce(k.rad, '(left out)'), ', '),
                  string_agg(DISTINCT k.intervall, ', '))
      FROM pg_temp.kr_sie k WHERE k.slag = 'konto' AND k.niva IS NOT NULL
     GROUP BY k.konto, k.period
    HAVING count(DISTINCT coalesce(k.rad, E'\x01')) > 1
    UNION ALL
    SELECT DISTINCT 'rad_saknas', k.konto, NULL, NULL, NULL::@extschema@.belopp,
           format('account %s maps to report row %s, which kommunrapport.rad does not have', k.konto, k.rad)
      FROM pg_temp.kr_sie k
     WHERE k.slag = 'konto' AND k.rad IS NOT NULL AND NOT EXISTS (SELECT 1 FROM @extschema@.rad r WHERE r.kod = k.rad)
    UNION ALL
    SELECT DISTINCT 'rad_med_underrader', k.konto, NULL, NULL, NULL::@extschema@.belopp,
           format('account %s maps to report row %s, a subtotal of other rows', k.konto, k.rad)
      FROM pg_temp.kr_sie k
     WHERE k.slag = 'konto' AND EXISTS (SELECT 1 FROM @extschema@.rad r WHERE r.overordnad = k.rad)
    UNION ALL
    SELECT 'objekt_utan_enhet', NULL, o.objekt, min(o.period::text) || ' ...', pg_catalog.sum(o.belopp),
           CASE WHEN o.objekt IS NULL THEN 'rows without an object of a unit dimension map to no unit'
                ELSE format('object %s maps to no unit', o.objekt) END
      FROM pg_temp.kr_sie o WHERE o.slag = 'objekt' AND o.niva IS NULL
     GROUP BY o.objekt
    UNION ALL
    SELECT 'objekt_till_flera_enheter', NULL, o.objekt, o.period::text, NULL,
           format('object %s maps to the units %s', coalesce(o.objekt, '(none)'),
                  string_agg(DISTINCT o.namnd || '/' || o.enhet, ', '))
      FROM pg_temp.kr_sie o WHERE o.slag = 'objekt' AND o.niva IS NOT NULL
     GROUP BY o.objekt, o.period
    HAVING count(DISTINCT (o.namnd, o.enhet)) > 1
    ORDER BY 1, 2, 3;
END $$;
COMMENT ON FUNCTION @extschema@.sie_problem(text) IS
    'internal to las_in_sie and kontrollera_sie: what keeps the file read by sie_forbered from loading';

CREATE FUNCTION @extschema@.kontrollera_sie(fil bytea, kommun text DEFAULT NULL)
    RETURNS TABLE (problem text, konto text, objekt text, period text, belopp @extschema@.belopp, detalj text)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    PERFORM @extschema@.sie_forbered(fil, NULL, kommun, 0);
    RETURN QUERY SELECT * FROM @extschema@.sie_problem(kommun);
    PERFORM @extschema@.sie_stada();
END $$;
COMMENT ON FUNCTION @extschema@.kontrollera_sie(bytea, text) IS
    'what keeps an SIE file from loading for a municipality, one row each: avstamning_res and avstamning_ub (monthly figures against #RES; #IB + transactions, or + monthly #PSALDO, against #UB, where a file whose balance accounts reconcile only with their last #PSALDO as the balance at month end is read so, and said in a NOTICE; belopp = the difference), saldo_till_rad (such an account mapped to a report row), konto_utan_rad, konto_till_flera_rader, rad_saknas, rad_med_underrader, objekt_utan_enhet, objekt_till_flera_enheter (belopp = the outcome concerned); no rows = the file loads';

CREATE FUNCTION @extschema@.sie_lagra(kommun text, giltig_fran date, beslut text, kalla text)
    RETURNS TABLE (slag text, namnd text, period text, rader bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    p       record;
    n       integer := 0;
    first   record;
    details text := '';
    b       record;
    gf      date;
    cum     @extschema@.belopp;
BEGIN
    FOR p IN SELECT * FROM @extschema@.sie_problem(sie_lagra.kommun) LOOP
        n := n + 1;
        IF n = 1 THEN
            first := p;
        END IF;
        IF n <= 20 THEN
            details := details || CASE WHEN n > 1 THEN E'\n' ELSE '' END || p.detalj
                       || coalesce(' (' || p.belopp::text || ')', '');
        END IF;
    END LOOP;
    IF n > 0 THEN
        IF first.problem LIKE 'avstamning%' THEN
            RAISE EXCEPTION 'SIE file does not reconcile: account %: %', first.konto, first.detalj
                USING ERRCODE = '23514',
                      DETAIL = format(E'%s problem(s); nothing of the file has been loaded:\n%s', n, details),
                      HINT = 'A difference against #RES or #UB means the file holds overlapping rows or lacks some; kommunrapport.kontrollera_sie(fil, kommun) lists every problem.';
        END IF;
        RAISE EXCEPTION 'SIE file cannot be loaded: %', first.detalj
            USING ERRCODE = '23514',
                  DETAIL = format(E'%s problem(s); nothing of the file has been loaded:\n%s', n, details),
                  HINT = 'Map every account to a report row (kontomappning) and every object to a unit (objektmappning); kommunrapport.kontrollera_sie(fil, kommun) lists every problem.';
    END IF;
    IF EXISTS (SELECT 1 FROM @extschema@.inlasning_utfall) THEN
        RAISE EXCEPTION 'the staging table inlasning_utfall already holds rows'
            USING ERRCODE = '55000',
                  HINT = 'Load them with kommunrapport.las_in_utfall() or delete them first.';
    END IF;
    -- outcome: through the staging table and las_in_utfall()
    INSERT INTO @extschema@.inlasning_utfall (namnd, enhet, rad, period, belopp, kalla)
    SELECT c.namnd, c.enhet, c.rad, c.period,
           c.belopp OPERATOR(pg_catalog.*) (-@extschema@.teckenfaktor(r.tecken)), sie_lagra.kalla
      FROM pg_temp.kr_sie c JOIN @extschema@.rad r ON r.kod = c.rad
     WHERE c.slag = 'utfall';
    RAISE NOTICE 'SIE: % outcome rows staged', (SELECT count(*) FROM @extschema@.inlasning_utfall);
    RETURN QUERY SELECT 'utfall'::text, u.namnd, u.period, u.rader FROM @extschema@.las_in_utfall() u;

    -- budget: per unit, row and year the twelve months; with one sign they are
    -- the annual budget's spreading profile, else the year-to-date budgets
    FOR b IN
        WITH m AS (
            SELECT c.namnd, c.enhet, c.rad, @extschema@.ar(c.period) AS ar,
                   @extschema@.forsta_manad(c.period) AS manad,
                   c.belopp OPERATOR(pg_catalog.*) (-@extschema@.teckenfaktor(r.tecken)) AS belopp
              FROM pg_temp.kr_sie c JOIN @extschema@.rad r ON r.kod = c.rad
             WHERE c.slag = 'budget'
        ), y AS (
            SELECT m.namnd, m.enhet, m.rad, m.ar, g.manad,
                   coalesce(pg_catalog.sum(m.belopp) FILTER (WHERE m.manad = g.manad), '0') AS belopp
              FROM m CROSS JOIN generate_series(1, 12) g(manad)
             GROUP BY m.namnd, m.enhet, m.rad, m.ar, g.manad
        )
        SELECT y.namnd, y.enhet, y.rad, y.ar,
               array_agg(y.belopp ORDER BY y.manad) AS manader,
               pg_catalog.sum(y.belopp) AS helar
          FROM y GROUP BY y.namnd, y.enhet, y.rad, y.ar
         ORDER BY 1, 2, 3, 4
    LOOP
        gf := coalesce(sie_lagra.giltig_fran, make_date(b.ar, 1, 1));
        IF b.helar OPERATOR(pg_catalog.<>) '0'::@extschema@.belopp
           AND NOT EXISTS (SELECT 1 FROM unnest(b.manader) v
                            WHERE sign(@extschema@.kronor(v)) = -sign(@extschema@.kronor(b.helar))) THEN
            PERFORM @extschema@.satt_budget(b.namnd, b.enhet, b.rad, @extschema@.helar(b.ar), gf, b.helar,
                        (SELECT array_agg(abs(@extschema@.kronor(v)) ORDER BY i)
                           FROM unnest(b.manader) WITH ORDINALITY AS t(v, i)), sie_lagra.beslut);
            DELETE FROM @extschema@.budget x
             WHERE x.namnd = b.namnd AND x.enhet = b.enhet AND x.rad = b.rad AND x.ar = b.ar
               AND x.giltig_fran = gf AND x.period OPERATOR(pg_catalog.<>) @extschema@.helar(b.ar);
        ELSE
            PERFORM @extschema@.satt_budget(b.namnd, b.enhet, b.rad, @extschema@.helar(b.ar), gf, b.helar,
                                            NULL, sie_lagra.beslut);
            cum := '0';
            FOR i IN 1..11 LOOP
                cum := cum OPERATOR(pg_catalog.+) b.manader[i];
                PERFORM @extschema@.satt_budget(b.namnd, b.enhet, b.rad, @extschema@.period(b.ar, 1, i), gf,
                                                cum, NULL, sie_lagra.beslut);
            END LOOP;
        END IF;
    END LOOP;
    -- budget rows of this version that the file no longer has
    DELETE FROM @extschema@.budget x
     USING (SELECT DISTINCT c.namnd, @extschema@.ar(c.period) AS ar
              FROM pg_temp.kr_sie c WHERE c.slag = 'budget') s
     WHERE x.namnd = s.namnd AND x.ar = s.ar AND x.giltig_fran = coalesce(sie_lagra.giltig_fran, make_date(s.ar, 1, 1))
       AND NOT EXISTS (
            SELECT 1 FROM pg_temp.kr_sie c
             WHERE c.slag = 'budget' AND c.namnd = x.namnd AND c.enhet = x.enhet AND c.rad = x.rad
               AND @extschema@.ar(c.period) = x.ar);
    RETURN QUERY
    SELECT 'budget'::text, x.namnd, x.ar::text, count(DISTINCT (x.enhet, x.rad))
      FROM @extschema@.budget x
     WHERE EXISTS (SELECT 1 FROM pg_temp.kr_sie c
                    WHERE c.slag = 'budget' AND c.namnd = x.namnd AND @extschema@.ar(c.period) = x.ar
                      AND x.giltig_fran = coalesce(sie_lagra.giltig_fran, make_date(x.ar, 1, 1)))
     GROUP BY x.namnd, x.ar ORDER BY 2, 3;
    PERFORM @extschema@.sie_stada();
END $$;
COMMENT ON FUNCTION @extschema@.sie_lagra(text, date, text, text) IS
    'internal to las_in_sie: checks and stores the file read by sie_forbered';

-- The one body of las_in_sie and las_in_sie_lo: the file comes as bytea or as
-- a large object (the other NULL).
CREATE FUNCTION @extschema@.sie_las_in(fil bytea, lo oid, kommun text, giltig_fran date,
                                       beslut text, kalla text, rapportera_var bigint)
    RETURNS TABLE (slag text, namnd text, period text, rader bigint)
    LANGUAGE plpgsql VOLATILE
    SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    kod text;
BEGIN
    IF rapportera_var IS NULL OR rapportera_var < 1 THEN
        RAISE EXCEPTION 'rapportera_var must be a positive number of records, not %', coalesce(rapportera_var::text, 'NULL')
            USING ERRCODE = '22023', HINT = 'It says how often a long load reports its progress (default 1 000 000).';
    END IF;
    PERFORM @extschema@.sie_forbered(fil, lo, kommun, rapportera_var);
    SELECT c.objekt INTO kod FROM pg_temp.kr_sie c WHERE c.slag = 'fil' AND c.konto = 'kodning';
    RAISE NOTICE 'SIE file read as %', kod;
    RETURN QUERY SELECT * FROM @extschema@.sie_lagra(kommun, giltig_fran, beslut, kalla);
END $$;
COMMENT ON FUNCTION @extschema@.sie_las_in(bytea, oid, text, date, text, text, bigint) IS
    'internal to las_in_sie and las_in_sie_lo: reads the file (bytea or large object), says its encoding, and stores it';

CREATE FUNCTION @extschema@.las_in_sie(fil bytea, kommun text DEFAULT NULL, giltig_fran date DEFAULT NULL,
                                       beslut text DEFAULT NULL, kalla text DEFAULT 'SIE',
                                       rapportera_var bigint DEFAULT 1000000)
    RETURNS TABLE (slag text, namnd text, period text, rader bigint)
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT * FROM @extschema@.sie_las_in(fil, NULL, kommun, giltig_fran, beslut, kalla, rapportera_var);
END;
COMMENT ON FUNCTION @extschema@.las_in_sie(bytea, text, date, text, text, bigint) IS
    'load an SIE file''s outcome (counted #TRANS summed per month, or else #PSALDO) and budget (#PBUDGET, a budget version from giltig_fran, by default 1 January of its year) for a municipality, through the account and object maps, the staging table and las_in_utfall() and satt_budget(): the same file twice changes nothing, a new export replaces the committee months it covers, closed periods are refused (55000); a file that does not reconcile with its #RES/#UB, or has an account or object that maps to nothing or to two, is refused whole (23514); a malformed line 22P02; returns the rows loaded';

CREATE FUNCTION @extschema@.las_in_sie_lo(fil oid, kommun text DEFAULT NULL, giltig_fran date DEFAULT NULL,
                                          beslut text DEFAULT NULL, kalla text DEFAULT 'SIE',
                                          rapportera_var bigint DEFAULT 1000000)
    RETURNS TABLE (slag text, namnd text, period text, rader bigint)
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    SELECT * FROM @extschema@.sie_las_in(NULL, fil, kommun, giltig_fran, beslut, kalla, rapportera_var);
END;
COMMENT ON FUNCTION @extschema@.las_in_sie_lo(oid, text, date, text, text, bigint) IS
    'las_in_sie for an SIE file stored as a large object (\lo_import), streamed: memory does not grow with the file';
