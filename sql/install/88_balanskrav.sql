
-----------------------------------------------------------------------------
-- balance requirement (balanskrav), the result equalisation reserve (RUR),
-- and comments and measures on material deviations
-----------------------------------------------------------------------------
--
-- The balanskravsutredning is the municipality's, not a committee's: årets
-- resultat is the municipality's result (stored per year for the outcome and
-- per forecast round, with its source), and every adjustment is a stored item
-- with the decision behind it (KL 11 kap. 12-14 §§, LKBR 13 kap., RKR R17):
--
--   årets resultat
--   − samtliga realisationsvinster
--   + realisationsvinster enligt undantag   + realisationsförluster enligt undantag
--   + orealiserade förluster i värdepapper  − återföring av orealiserade förluster
--   = resultat efter balanskravsjusteringar
--   − medel till RUR  + medel från RUR  ± synnerliga skäl
--   = balanskravsresultat
--
-- A negative balanskravsresultat is restored by the positive ones of the
-- following years, oldest deficit first, within three years.

-- the municipality's result ------------------------------------------------------

-- omgang NULL = the outcome (bokslut); a forecast round's code = its full-year
-- forecast.  omgang_nyckel is omgang with the outcome as '' (no round code is
-- empty), so that the adjustment items can refer to a result by foreign key.
CREATE TABLE @extschema@.kommunresultat (
    kommun                      text NOT NULL CHECK (kommun ~ '^\S'),
    ar                          integer NOT NULL,
    omgang                      text,
    omgang_nyckel               text NOT NULL GENERATED ALWAYS AS (coalesce(omgang, '')) STORED,
    arets_resultat              @extschema@.belopp NOT NULL,
    skatter_och_bidrag          @extschema@.belopp CHECK (skatter_och_bidrag > 0),
    eget_kapital_inkl_pensioner @extschema@.belopp,
    rur_ingaende                @extschema@.belopp CHECK (rur_ingaende >= 0),
    atgardsplan                 text,
    kalla                       text NOT NULL CHECK (kalla ~ '\S'),
    PRIMARY KEY (kommun, ar, omgang_nyckel),
    FOREIGN KEY (ar, omgang) REFERENCES @extschema@.prognosomgang (ar, kod),
    CHECK (omgang IS NULL OR (rur_ingaende IS NULL AND atgardsplan IS NULL))
);
COMMENT ON TABLE @extschema@.kommunresultat IS
    'the municipality''s result per year: the outcome (omgang NULL) or a forecast round''s full-year forecast, with its source; the figures the RUR cap needs; the reserve''s stated opening balance and the council''s action plan for a deficit (outcome rows only)';
COMMENT ON COLUMN @extschema@.kommunresultat.kommun IS 'the municipality, as namnd.kommun names it';
COMMENT ON COLUMN @extschema@.kommunresultat.omgang IS 'NULL = the outcome of the year (bokslut); else the forecast round (prognosomgang.kod)';
COMMENT ON COLUMN @extschema@.kommunresultat.omgang_nyckel IS 'omgang with the outcome as the empty string, for the key';
COMMENT ON COLUMN @extschema@.kommunresultat.arets_resultat IS 'årets resultat enligt resultaträkningen (or its full-year forecast)';
COMMENT ON COLUMN @extschema@.kommunresultat.skatter_och_bidrag IS 'skatteintäkter + generella statsbidrag och utjämning of the year, for the RUR cap (KL 11 kap. 14 §)';
COMMENT ON COLUMN @extschema@.kommunresultat.eget_kapital_inkl_pensioner IS 'eget kapital including the pension liability outside the balance sheet (ansvarsförbindelse) at the end of the year; negative doubles the RUR threshold to 2 %; NULL = not stated, and the stricter 2 % applies';
COMMENT ON COLUMN @extschema@.kommunresultat.rur_ingaende IS 'the reserve''s balance at the start of the year where a report states it; otherwise the previous year''s closing balance is used';
COMMENT ON COLUMN @extschema@.kommunresultat.atgardsplan IS 'the council''s decision on the action plan restoring this year''s negative balanskravsresultat (KL 11 kap. 12 §)';
COMMENT ON COLUMN @extschema@.kommunresultat.kalla IS 'where the figures come from: report, page, date';

CREATE TYPE @extschema@.balanskravsslag AS ENUM
    ('realisationsvinst', 'realisationsvinst_undantag', 'realisationsforlust_undantag',
     'orealiserad_forlust', 'aterforing_orealiserad_forlust', 'till_rur', 'fran_rur', 'synnerliga_skal');
COMMENT ON TYPE @extschema@.balanskravsslag IS
    'kinds of balance requirement adjustment: all realisation gains (−), realisation gains and losses kept under the exception (+), unrealised losses on securities (+) and their reversal (−), funds to the RUR (−), funds from the RUR (+), special reasons (±)';

CREATE FUNCTION @extschema@.balanskravsslag_text(@extschema@.balanskravsslag) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE $1 WHEN 'realisationsvinst' THEN 'Samtliga realisationsvinster'
                   WHEN 'realisationsvinst_undantag' THEN 'Vissa realisationsvinster enligt undantagsmöjlighet'
                   WHEN 'realisationsforlust_undantag' THEN 'Vissa realisationsförluster enligt undantagsmöjlighet'
                   WHEN 'orealiserad_forlust' THEN 'Orealiserade förluster i värdepapper'
                   WHEN 'aterforing_orealiserad_forlust' THEN 'Återföring av orealiserade förluster i värdepapper'
                   WHEN 'till_rur' THEN 'Medel till resultatutjämningsreserv'
                   WHEN 'fran_rur' THEN 'Medel från resultatutjämningsreserv'
                   WHEN 'synnerliga_skal' THEN 'Synnerliga skäl' END;
COMMENT ON FUNCTION @extschema@.balanskravsslag_text(@extschema@.balanskravsslag) IS
    'the line of the balanskravsutredning that a kind of adjustment is printed on';

-- An adjustment is stored as the line prints it: signed as it moves the
-- result (realisation gains −23, a reservation to the RUR −185).
CREATE TABLE @extschema@.balanskravspost (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kommun        text NOT NULL,
    ar            integer NOT NULL,
    omgang        text,
    omgang_nyckel text NOT NULL GENERATED ALWAYS AS (coalesce(omgang, '')) STORED,
    slag          @extschema@.balanskravsslag NOT NULL,
    belopp        @extschema@.belopp NOT NULL,
    beslutsorgan  text NOT NULL CHECK (beslutsorgan ~ '\S'),
    beslut        text NOT NULL CHECK (beslut ~ '\S'),
    datum         date NOT NULL,
    kommentar     text,
    FOREIGN KEY (kommun, ar, omgang_nyckel) REFERENCES @extschema@.kommunresultat (kommun, ar, omgang_nyckel),
    CONSTRAINT balanskravspost_tecken CHECK (CASE slag
        WHEN 'realisationsvinst' THEN belopp <= 0
        WHEN 'realisationsvinst_undantag' THEN belopp >= 0
        WHEN 'realisationsforlust_undantag' THEN belopp >= 0
        WHEN 'orealiserad_forlust' THEN belopp >= 0
        WHEN 'aterforing_orealiserad_forlust' THEN belopp <= 0
        WHEN 'till_rur' THEN belopp <= 0
        WHEN 'fran_rur' THEN belopp >= 0
        ELSE true END)
);
COMMENT ON TABLE @extschema@.balanskravspost IS
    'the adjustment items of a balanskravsutredning (outcome, or a forecast round): kind, amount signed as it moves the result (gains and reservations −, items added back and withdrawals +, special reasons either way), the decision (body and reference) and its date';
COMMENT ON COLUMN @extschema@.balanskravspost.belopp IS 'signed as the line moves the result: realisationsvinst, aterforing_orealiserad_forlust and till_rur ≤ 0; the undantag items, orealiserad_forlust and fran_rur ≥ 0; synnerliga_skal either way';
COMMENT ON COLUMN @extschema@.balanskravspost.omgang IS 'NULL = the outcome; else the forecast round the item belongs to';
COMMENT ON COLUMN @extschema@.balanskravspost.omgang_nyckel IS 'omgang with the outcome as the empty string, for the foreign key';
COMMENT ON CONSTRAINT balanskravspost_tecken ON @extschema@.balanskravspost IS
    'each kind of adjustment moves the result in its own direction only';
CREATE INDEX balanskravspost_kommun_ar ON @extschema@.balanskravspost (kommun, ar, omgang_nyckel);

-- the figures -----------------------------------------------------------------------

-- The municipality a balance requirement function is about: the one given,
-- or the only one with a stored result.
CREATE FUNCTION @extschema@.balanskrav_kommun(kommun text) RETURNS text
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $$
DECLARE
    alla  text;
    antal integer;
BEGIN
    SELECT string_agg(DISTINCT k.kommun, ', '), count(DISTINCT k.kommun) INTO alla, antal
      FROM kommunresultat k;
    IF balanskrav_kommun.kommun IS NOT NULL THEN
        IF NOT EXISTS (SELECT 1 FROM kommunresultat k WHERE k.kommun = balanskrav_kommun.kommun) THEN
            RAISE EXCEPTION 'no result of municipality "%" is stored', balanskrav_kommun.kommun
                USING ERRCODE = '22023',
                      HINT = coalesce(format('The municipalities with a stored result are: %s.', alla),
                                      'Store the municipality''s result in kommunrapport.kommunresultat first.');
        END IF;
        RETURN balanskrav_kommun.kommun;
    END IF;
    IF antal = 1 THEN
        RETURN alla;
    END IF;
    RAISE EXCEPTION 'which municipality?'
        USING ERRCODE = '22023',
              DETAIL = CASE WHEN antal = 0 THEN 'No municipality''s result is stored.'
                            ELSE format('Results of %s municipalities are stored: %s.', antal, alla) END,
              HINT = 'Name the municipality as the last argument.';
END $$;
COMMENT ON FUNCTION @extschema@.balanskrav_kommun(text) IS
    'the municipality a balance requirement function works on: the one named (22023 if none of its results is stored), or the only one with a stored result (22023 when there are several or none)';

-- The balanskravsresultat of one year and round: the result plus every
-- adjustment, as they are all stored signed.  NULL when no result is stored.
CREATE FUNCTION @extschema@.balanskravsresultat(kommun text, ar integer, omgang text DEFAULT NULL)
    RETURNS @extschema@.belopp
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT k.arets_resultat
           + coalesce((SELECT pg_catalog.sum(p.belopp) FROM @extschema@.balanskravspost p
                        WHERE p.kommun = k.kommun AND p.ar = k.ar AND p.omgang_nyckel = k.omgang_nyckel),
                      '0'::@extschema@.belopp)
      FROM @extschema@.kommunresultat k
     WHERE k.kommun = balanskravsresultat.kommun AND k.ar = balanskravsresultat.ar
       AND k.omgang_nyckel = coalesce(balanskravsresultat.omgang, '');
END;
COMMENT ON FUNCTION @extschema@.balanskravsresultat(text, integer, text) IS
    'the balanskravsresultat of a municipality''s year (omgang NULL = the outcome) or forecast round: årets resultat plus every stored adjustment; NULL when no result is stored';

-- Deficits and their restoration: the outcome years up to ar, in order; a
-- negative balanskravsresultat is a deficit, a positive one restores the
-- oldest deficit still open first.
CREATE FUNCTION @extschema@.balanskravsunderskott(ar integer, kommun text DEFAULT NULL)
    RETURNS TABLE (ursprungsar integer, underskott numeric, aterstallt numeric, kvar numeric,
                   senast_ar integer, forfallet boolean, atgardsplan text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    k       text;
    y       record;
    ar_u    integer[] := '{}';
    def     numeric[] := '{}';
    rest    numeric[] := '{}';
    plan    text[] := '{}';
    kvar_b  numeric;
    i       integer;
    del     numeric;
BEGIN
    IF balanskravsunderskott.ar IS NULL THEN
        RAISE EXCEPTION 'the year of balanskravsunderskott must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. balanskravsunderskott(2024).';
    END IF;
    k := balanskrav_kommun(balanskravsunderskott.kommun);
    FOR y IN SELECT r.ar, kronor(balanskravsresultat(r.kommun, r.ar)) AS bkr, r.atgardsplan
               FROM kommunresultat r
              WHERE r.kommun = k AND r.omgang IS NULL AND r.ar <= balanskravsunderskott.ar
              ORDER BY r.ar LOOP
        IF y.bkr < 0 THEN
            ar_u := ar_u || y.ar;
            def := def || -y.bkr;
            rest := rest || 0::numeric;
            plan := plan || y.atgardsplan;
        ELSIF y.bkr > 0 THEN
            kvar_b := y.bkr;
            FOR i IN 1 .. coalesce(array_length(ar_u, 1), 0) LOOP
                EXIT WHEN kvar_b = 0;
                del := least(kvar_b, def[i] - rest[i]);
                rest[i] := rest[i] + del;
                kvar_b := kvar_b - del;
            END LOOP;
        END IF;
    END LOOP;
    RETURN QUERY
    SELECT ar_u[g.n], def[g.n], rest[g.n], def[g.n] - rest[g.n], ar_u[g.n] + 3,
           def[g.n] - rest[g.n] > 0 AND balanskravsunderskott.ar >= ar_u[g.n] + 3, plan[g.n]
      FROM generate_series(1, coalesce(array_length(ar_u, 1), 0)) g(n)
     ORDER BY 1;
END
$fn$;
COMMENT ON FUNCTION @extschema@.balanskravsunderskott(integer, text) IS
    'per year of origin up to ar, from the stored outcomes: the balanskravsunderskott (a negative balanskravsresultat), how much the positive balanskravsresultat of later years up to ar have restored (oldest deficit first), what remains, the last year to restore it in (origin + 3, KL 11 kap. 12 §), whether it is overdue (something remains and ar has reached that year) and the council''s action plan; kronor';

-- The reserve's balance per outcome year: known from the first year whose
-- opening balance a report states, carried forward from there.
CREATE FUNCTION @extschema@.rur_saldo(kommun text DEFAULT NULL)
    RETURNS TABLE (ar integer, ingaende numeric, till_rur numeric, fran_rur numeric, utgaende numeric)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    k     text := balanskrav_kommun(rur_saldo.kommun);
    y     record;
    saldo numeric;
BEGIN
    FOR y IN SELECT r.ar, kronor(r.rur_ingaende) AS angivet,
                    coalesce(-(SELECT kronor(sum(p.belopp)) FROM balanskravspost p
                                WHERE p.kommun = r.kommun AND p.ar = r.ar AND p.omgang IS NULL AND p.slag = 'till_rur'), 0) AS till,
                    coalesce((SELECT kronor(sum(p.belopp)) FROM balanskravspost p
                               WHERE p.kommun = r.kommun AND p.ar = r.ar AND p.omgang IS NULL AND p.slag = 'fran_rur'), 0) AS fran
               FROM kommunresultat r
              WHERE r.kommun = k AND r.omgang IS NULL
              ORDER BY r.ar LOOP
        saldo := coalesce(y.angivet, saldo);
        ar := y.ar;
        ingaende := saldo;
        till_rur := y.till;
        fran_rur := y.fran;
        utgaende := saldo + y.till - y.fran;
        saldo := utgaende;
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION @extschema@.rur_saldo(text) IS
    'the result equalisation reserve per outcome year: opening balance (stated, or last year''s closing; NULL before the first stated one), reserved, withdrawn, closing; kronor';

-- The largest permitted reservation to the RUR (KL 11 kap. 14 §): the part of
-- the lower of årets resultat and resultat efter balanskravsjusteringar that
-- exceeds 1 % of skatteintäkter + generella statsbidrag och utjämning, or 2 %
-- when eget kapital including the pension liability outside the balance sheet
-- is negative.
CREATE FUNCTION @extschema@.rur_utrymme(ar integer, omgang text DEFAULT NULL, kommun text DEFAULT NULL)
    RETURNS TABLE (arets_resultat numeric, resultat_efter_balanskravsjusteringar numeric,
                   skatter_och_bidrag numeric, eget_kapital_inkl_pensioner numeric,
                   procentgrans numeric, grans numeric, utrymme numeric, reserverat numeric,
                   disponerat numeric, rur_ingaende numeric, rur_utgaende numeric, motivering text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    k   text;
    r   kommunresultat;
    rej numeric;
    pct numeric;
BEGIN
    IF rur_utrymme.ar IS NULL THEN
        RAISE EXCEPTION 'the year of rur_utrymme must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. rur_utrymme(2024).';
    END IF;
    k := balanskrav_kommun(rur_utrymme.kommun);
    SELECT * INTO r FROM kommunresultat x
     WHERE x.kommun = k AND x.ar = rur_utrymme.ar AND x.omgang_nyckel = coalesce(rur_utrymme.omgang, '');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no result of % for % is stored', k,
              CASE WHEN rur_utrymme.omgang IS NULL THEN rur_utrymme.ar::text ELSE format('forecast round %s of %s', rur_utrymme.omgang, rur_utrymme.ar) END
            USING ERRCODE = '22023', HINT = 'Store the result in kommunrapport.kommunresultat first.';
    END IF;
    IF r.skatter_och_bidrag IS NULL THEN
        RAISE EXCEPTION 'the RUR cap of % for % needs skatteintäkter and generella statsbidrag', k, rur_utrymme.ar
            USING ERRCODE = '22023',
                  DETAIL = 'kommunresultat.skatter_och_bidrag is not stored for this year and round.';
    END IF;
    pct := CASE WHEN r.eget_kapital_inkl_pensioner >= '0'::belopp THEN 1 ELSE 2 END;
    SELECT kronor(r.arets_resultat) + coalesce(kronor(sum(p.belopp)), 0) INTO rej
      FROM balanskravspost p
     WHERE p.kommun = k AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel
       AND p.slag IN ('realisationsvinst', 'realisationsvinst_undantag', 'realisationsforlust_undantag',
                      'orealiserad_forlust', 'aterforing_orealiserad_forlust');
    arets_resultat := kronor(r.arets_resultat);
    resultat_efter_balanskravsjusteringar := rej;
    skatter_och_bidrag := kronor(r.skatter_och_bidrag);
    eget_kapital_inkl_pensioner := kronor(r.eget_kapital_inkl_pensioner);
    procentgrans := pct;
    grans := kronor(r.skatter_och_bidrag * (pct / 100));
    utrymme := greatest(0, least(arets_resultat, rej) - grans);
    SELECT coalesce(-kronor(sum(p.belopp) FILTER (WHERE p.slag = 'till_rur')), 0),
           coalesce(kronor(sum(p.belopp) FILTER (WHERE p.slag = 'fran_rur')), 0)
      INTO reserverat, disponerat
      FROM balanskravspost p
     WHERE p.kommun = k AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel;
    -- the reserve at the start of the year is last year's closing balance
    -- (or the balance a report states for this year's outcome)
    SELECT coalesce(kronor(r.rur_ingaende), (SELECT s.utgaende FROM rur_saldo(k) s WHERE s.ar = r.ar - 1))
      INTO rur_ingaende;
    rur_utgaende := rur_ingaende + reserverat - disponerat;
    motivering := format('min(årets resultat %s, resultat efter balanskravsjusteringar %s) − %s %% av skatteintäkter och generella statsbidrag %s (%s) = %s%s',
                         visa(r.arets_resultat) || ' kr', visa(rej::belopp) || ' kr', pct, visa(r.skatter_och_bidrag) || ' kr',
                         visa(grans::belopp) || ' kr', visa(utrymme::belopp) || ' kr',
                         CASE WHEN r.eget_kapital_inkl_pensioner IS NULL
                              THEN '; eget kapital inklusive ansvarsförbindelse är inte angivet, så den strängare gränsen 2 % gäller'
                              WHEN pct = 2 THEN '; eget kapital inklusive ansvarsförbindelse är negativt: 2 %'
                              ELSE '' END);
    RETURN NEXT;
END
$fn$;
COMMENT ON FUNCTION @extschema@.rur_utrymme(integer, text, text) IS
    'the largest permitted reservation to the result equalisation reserve (KL 11 kap. 14 §) for a year''s outcome or a forecast round: the lower of årets resultat and resultat efter balanskravsjusteringar, less 1 % (2 % when eget kapital including the pension liability outside the balance sheet is negative or not stated) of skatteintäkter + generella statsbidrag och utjämning, never below zero; with what is reserved and withdrawn and the reserve''s opening and closing balance (NULL when no balance is known); kronor';

CREATE FUNCTION @extschema@.balanskravsutredning(ar integer, omgang text DEFAULT NULL, kommun text DEFAULT NULL)
    RETURNS TABLE (nr integer, post text, rubrik text, belopp numeric, beslut text)
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    k     text;
    r     kommunresultat;
    rader record;
    tidigare numeric;
BEGIN
    IF balanskravsutredning.ar IS NULL THEN
        RAISE EXCEPTION 'the year of balanskravsutredning must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. balanskravsutredning(2024).';
    END IF;
    k := balanskrav_kommun(balanskravsutredning.kommun);
    SELECT * INTO r FROM kommunresultat x
     WHERE x.kommun = k AND x.ar = balanskravsutredning.ar AND x.omgang_nyckel = coalesce(balanskravsutredning.omgang, '');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no result of % for % is stored', k,
              CASE WHEN balanskravsutredning.omgang IS NULL THEN balanskravsutredning.ar::text ELSE format('forecast round %s of %s', balanskravsutredning.omgang, balanskravsutredning.ar) END
            USING ERRCODE = '22023', HINT = 'Store the result in kommunrapport.kommunresultat first.';
    END IF;
    -- the deficits of earlier years still to restore at the start of the year
    SELECT coalesce(sum(u.kvar), 0) INTO tidigare
      FROM balanskravsunderskott(balanskravsutredning.ar - 1, k) u;

    RETURN QUERY
    WITH poster AS (
        SELECT s.slag, s.nr,
               coalesce((SELECT kronor(sum(p.belopp)) FROM balanskravspost p
                          WHERE p.kommun = k AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel AND p.slag = s.slag), 0) AS v,
               (SELECT string_agg(p.beslutsorgan || ' ' || p.beslut, '; ' ORDER BY p.datum, p.id) FROM balanskravspost p
                 WHERE p.kommun = k AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel AND p.slag = s.slag) AS b
          FROM unnest(enum_range(NULL::balanskravsslag)) WITH ORDINALITY s(slag, nr)
    ), summor AS (
        SELECT kronor(r.arets_resultat)
               + sum(p.v) FILTER (WHERE p.slag NOT IN ('till_rur', 'fran_rur', 'synnerliga_skal')) AS efter_justering,
               kronor(r.arets_resultat) + sum(p.v) AS bkr
          FROM poster p
    )
    SELECT x.nr::integer, x.post, x.rubrik, x.v, x.b
      FROM (SELECT 1 AS nr, 'arets_resultat' AS post,
                   CASE WHEN r.omgang IS NULL THEN 'Årets resultat enligt resultaträkningen'
                        ELSE format('Årets resultat enligt prognos %s', r.omgang) END AS rubrik,
                   kronor(r.arets_resultat) AS v, r.kalla AS b
            UNION ALL
            SELECT p.nr + 1, p.slag::text, balanskravsslag_text(p.slag), p.v, p.b
              FROM poster p WHERE p.slag NOT IN ('till_rur', 'fran_rur', 'synnerliga_skal')
            UNION ALL
            SELECT 7, 'resultat_efter_balanskravsjusteringar', 'Årets resultat efter balanskravsjusteringar',
                   s.efter_justering, NULL FROM summor s
            UNION ALL
            SELECT p.nr + 2, p.slag::text, balanskravsslag_text(p.slag), p.v, p.b
              FROM poster p WHERE p.slag IN ('till_rur', 'fran_rur', 'synnerliga_skal')
            UNION ALL
            SELECT 11, 'balanskravsresultat', 'Balanskravsresultat', s.bkr, NULL FROM summor s
            UNION ALL
            SELECT 12, 'underskott_tidigare_ar', 'Balanskravsunderskott från tidigare år att återställa', -tidigare, NULL
            UNION ALL
            SELECT 13, 'balanskravsresultat_efter_aterstallning', 'Balanskravsresultat efter återställande', s.bkr - tidigare, NULL
              FROM summor s
            UNION ALL
            SELECT 14, 'att_aterstalla', 'Balanskravsunderskott att återställa', greatest(0, tidigare - s.bkr),
                   CASE WHEN r.omgang IS NULL THEN r.atgardsplan END
              FROM summor s) x
     ORDER BY x.nr;
END
$fn$;
COMMENT ON FUNCTION @extschema@.balanskravsutredning(integer, text, text) IS
    'the balanskravsutredning of a municipality''s year (omgang NULL = the outcome) or forecast round, line by line in printed order: årets resultat, the five adjustments, resultat efter balanskravsjusteringar, to and from the RUR, special reasons, balanskravsresultat, the deficits of earlier years still to restore, the result after restoring them, and the deficit left to restore; kronor, with the decisions behind each line';

-- Reservations and withdrawals checked against the law at commit, so that
-- the items of a year can be stored in any order.
CREATE FUNCTION @extschema@.kontrollera_rur() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $$
DECLARE
    r     kommunresultat;
    u     record;
    ej    numeric;
BEGIN
    SELECT * INTO r FROM kommunresultat x
     WHERE x.kommun = NEW.kommun AND x.ar = NEW.ar AND x.omgang_nyckel = NEW.omgang_nyckel;
    IF NOT FOUND THEN
        RETURN NULL;   -- the result is gone, and its items with it (foreign key)
    END IF;
    IF NOT EXISTS (SELECT 1 FROM balanskravspost p
                    WHERE p.kommun = r.kommun AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel
                      AND p.slag IN ('till_rur', 'fran_rur')) THEN
        RETURN NULL;
    END IF;
    IF r.skatter_och_bidrag IS NULL
       AND EXISTS (SELECT 1 FROM balanskravspost p
                    WHERE p.kommun = r.kommun AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel
                      AND p.slag = 'till_rur' AND p.belopp < '0'::belopp) THEN
        RAISE EXCEPTION 'a reservation to the RUR of % for % needs skatteintäkter and generella statsbidrag', r.kommun, r.ar
            USING ERRCODE = '23514',
                  DETAIL = 'The largest permitted reservation depends on them (KL 11 kap. 14 §).',
                  HINT = 'Store kommunresultat.skatter_och_bidrag for the year and round.';
    END IF;
    IF r.skatter_och_bidrag IS NOT NULL THEN
        SELECT * INTO u FROM rur_utrymme(r.ar, r.omgang, r.kommun);
        IF u.reserverat > u.utrymme THEN
            RAISE EXCEPTION 'reservation to the RUR of % for % exceeds the largest permitted', r.kommun,
                  CASE WHEN r.omgang IS NULL THEN r.ar::text ELSE format('forecast round %s of %s', r.omgang, r.ar) END
                USING ERRCODE = '23514',
                      DETAIL = format('Reserved %s kr; at most %s kr: %s.', visa(u.reserverat::belopp),
                                      visa(u.utrymme::belopp), u.motivering),
                      HINT = 'KL 11 kap. 14 §: only the part of the result above the threshold may be reserved.';
        END IF;
        ej := u.resultat_efter_balanskravsjusteringar;
    ELSE
        ej := kronor(r.arets_resultat)
              + coalesce((SELECT kronor(sum(p.belopp)) FROM balanskravspost p
                           WHERE p.kommun = r.kommun AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel
                             AND p.slag NOT IN ('till_rur', 'fran_rur', 'synnerliga_skal')), 0);
        SELECT NULL::numeric AS rur_ingaende,
               coalesce((SELECT kronor(sum(p.belopp)) FROM balanskravspost p
                          WHERE p.kommun = r.kommun AND p.ar = r.ar AND p.omgang_nyckel = r.omgang_nyckel
                            AND p.slag = 'fran_rur'), 0) AS disponerat
          INTO u;
        u.rur_ingaende := coalesce(kronor(r.rur_ingaende),
                                   (SELECT s.utgaende FROM rur_saldo(r.kommun) s WHERE s.ar = r.ar - 1));
    END IF;
    -- a withdrawal covers at most the negative result after the adjustments
    IF u.disponerat > greatest(0, -ej) THEN
        RAISE EXCEPTION 'withdrawal from the RUR of % for % exceeds the deficit it may cover', r.kommun,
              CASE WHEN r.omgang IS NULL THEN r.ar::text ELSE format('forecast round %s of %s', r.omgang, r.ar) END
            USING ERRCODE = '23514',
                  DETAIL = format('Withdrawn %s kr; the result after the balance requirement adjustments is %s kr, so at most %s kr may be withdrawn.',
                                  visa(u.disponerat::belopp), visa(ej::belopp), visa(greatest(0, -ej)::belopp)),
                  HINT = 'Funds from the reserve may only cover a negative result after the adjustments (KL 11 kap. 14 §).';
    END IF;
    IF u.disponerat > u.rur_ingaende THEN
        RAISE EXCEPTION 'withdrawal from the RUR of % for % exceeds the reserve', r.kommun,
              CASE WHEN r.omgang IS NULL THEN r.ar::text ELSE format('forecast round %s of %s', r.omgang, r.ar) END
            USING ERRCODE = '23514',
                  DETAIL = format('Withdrawn %s kr; the reserve holds %s kr at the start of the year.',
                                  visa(u.disponerat::belopp), visa(u.rur_ingaende::belopp));
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION @extschema@.kontrollera_rur() IS
    'constraint trigger: at commit, the reservation to the RUR of a year or forecast round is within the largest permitted (rur_utrymme), and a withdrawal covers at most the negative result after the adjustments and what the reserve holds, where its balance is known (23514 with the figures)';
CREATE CONSTRAINT TRIGGER rur_tak AFTER INSERT OR UPDATE ON @extschema@.balanskravspost
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION @extschema@.kontrollera_rur();
CREATE CONSTRAINT TRIGGER rur_tak AFTER UPDATE ON @extschema@.kommunresultat
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION @extschema@.kontrollera_rur();

SELECT pg_catalog.pg_extension_config_dump('@extschema@.kommunresultat', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.balanskravspost', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.balanskravspost_id_seq', '');
COMMENT ON SEQUENCE @extschema@.balanskravspost_id_seq IS 'numbers the balance requirement adjustment items';

-----------------------------------------------------------------------------
-- comments and measures on material deviations
-----------------------------------------------------------------------------

CREATE TABLE @extschema@.vasentlighetsgrans (
    namnd         text PRIMARY KEY REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    procentgrans  numeric NOT NULL CHECK (procentgrans >= 0),
    beloppsgrans  @extschema@.belopp NOT NULL CHECK (beloppsgrans >= 0),
    beslut        text
);
COMMENT ON TABLE @extschema@.vasentlighetsgrans IS
    'when a committee''s forecast deviation is material (vasentlig): at least beloppsgrans and at least procentgrans percent of the full-year budget; the decision that sets it';

CREATE TYPE @extschema@.kommentarstatus AS ENUM ('att_bekrafta', 'bekraftad');
COMMENT ON TYPE @extschema@.kommentarstatus IS
    'a comment carried forward from the previous round awaits confirmation (att_bekrafta); one written or confirmed for this round is bekraftad';

CREATE TYPE @extschema@.atgardsstatus AS ENUM ('att_bekrafta', 'foreslagen', 'beslutad', 'genomford', 'avbruten');
COMMENT ON TYPE @extschema@.atgardsstatus IS
    'a measure: carried forward and awaiting confirmation, proposed, decided, carried out, or abandoned; only proposed, decided and carried-out measures count towards covering a deficit';

-- enhet NULL = the committee as a whole (the committee total row of the reports)
CREATE TABLE @extschema@.kommentar (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    namnd       text NOT NULL REFERENCES @extschema@.namnd (kod) ON UPDATE CASCADE,
    enhet       text,
    rad         text NOT NULL REFERENCES @extschema@.rad (kod) ON UPDATE CASCADE,
    ar          integer NOT NULL,
    omgang      text NOT NULL,
    forklaring  text NOT NULL CHECK (forklaring ~ '\S'),
    status      @extschema@.kommentarstatus NOT NULL DEFAULT 'bekraftad',
    foregaende  bigint REFERENCES @extschema@.kommentar (id) ON DELETE SET NULL,
    UNIQUE NULLS NOT DISTINCT (namnd, enhet, rad, ar, omgang),
    UNIQUE (id, namnd),
    FOREIGN KEY (namnd, enhet) REFERENCES @extschema@.enhet (namnd, kod) ON UPDATE CASCADE,
    FOREIGN KEY (ar, omgang) REFERENCES @extschema@.prognosomgang (ar, kod) ON UPDATE CASCADE
);
COMMENT ON TABLE @extschema@.kommentar IS
    'the explanation of a forecast deviation per committee, unit (NULL = the committee as a whole), report row and forecast round; one carried forward from the previous round awaits confirmation (status att_bekrafta, foregaende = the comment it came from)';
CREATE INDEX kommentar_ar_namnd ON @extschema@.kommentar (ar, omgang, namnd);

CREATE TABLE @extschema@.atgard (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kommentar       bigint NOT NULL,
    namnd           text NOT NULL,
    beskrivning     text NOT NULL CHECK (beskrivning ~ '\S'),
    ansvarig        text NOT NULL CHECK (ansvarig ~ '\S'),
    effekt_ar       @extschema@.belopp NOT NULL DEFAULT '0',
    effekt_nasta_ar @extschema@.belopp NOT NULL DEFAULT '0',
    beslutsorgan    text,
    beslut          text,
    status          @extschema@.atgardsstatus NOT NULL DEFAULT 'foreslagen',
    foregaende      bigint REFERENCES @extschema@.atgard (id) ON DELETE SET NULL,
    FOREIGN KEY (kommentar, namnd) REFERENCES @extschema@.kommentar (id, namnd) ON UPDATE CASCADE ON DELETE CASCADE,
    CONSTRAINT atgard_beslut CHECK (status NOT IN ('beslutad', 'genomford')
                                    OR coalesce(beslutsorgan ~ '\S' AND beslut ~ '\S', false))
);
COMMENT ON TABLE @extschema@.atgard IS
    'a measure (åtgärd) against an unfavourable deviation: what, who is responsible, the expected effect in kronor on this year''s and next year''s result (favourable positive), the decision and its status; one carried forward from the previous round awaits confirmation';
COMMENT ON COLUMN @extschema@.atgard.effekt_ar IS 'expected effect on the forecast year''s result, favourable positive';
COMMENT ON COLUMN @extschema@.atgard.effekt_nasta_ar IS 'expected effect on the next year''s result, favourable positive';
COMMENT ON CONSTRAINT atgard_beslut ON @extschema@.atgard IS 'a decided or carried-out measure names its decision (body and reference)';
CREATE INDEX atgard_kommentar ON @extschema@.atgard (kommentar);

ALTER TABLE @extschema@.vasentlighetsgrans ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.kommentar ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.atgard ENABLE ROW LEVEL SECURITY;
CREATE POLICY namnd_behorighet ON @extschema@.vasentlighetsgrans
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.kommentar
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.atgard
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.vasentlighetsgrans IS 'a role sees and changes only the materiality thresholds of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.kommentar IS 'a role sees and changes only the comments of committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.atgard IS 'a role sees and changes only the measures of committees it is granted';

CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.vasentlighetsgrans
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring('vasentlighetsgrans');
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.kommentar
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring('kommentar');
CREATE TRIGGER logga AFTER INSERT OR UPDATE OR DELETE ON @extschema@.atgard
    FOR EACH ROW EXECUTE FUNCTION @extschema@.logga_andring('atgard');

SELECT pg_catalog.pg_extension_config_dump('@extschema@.vasentlighetsgrans', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.kommentar', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.kommentar_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.atgard', '');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.atgard_id_seq', '');
COMMENT ON SEQUENCE @extschema@.kommentar_id_seq IS 'numbers the comments on deviations';
COMMENT ON SEQUENCE @extschema@.atgard_id_seq IS 'numbers the measures';

-- the reports ---------------------------------------------------------------------------

CREATE TYPE @extschema@.vasentlig_avvikelse AS (
    namnd_kod        text,
    enhet            text,
    enhet_namn       text,
    rad              text,
    rad_namn         text,
    prognosomgang    text,
    prognos          numeric,
    budget           numeric,
    avvikelse        numeric,
    ogynnsam         boolean,
    kommentar        bigint,
    kommentarstatus  @extschema@.kommentarstatus,
    forklaring       text,
    antal_atgarder   integer,
    atgarder_effekt  numeric,
    otackt           numeric,
    sortering        @extschema@.sorteringsnyckel
);
COMMENT ON TYPE @extschema@.vasentlig_avvikelse IS
    'a material forecast deviation: committee, unit (NULL = the committee total), report row, round, forecast, full-year budget, deviation (favourable positive), whether unfavourable, its comment (id, status, text), the number of measures counted and their expected effect on the year, the part of an unfavourable deviation they leave uncovered, sort key; kronor';

CREATE FUNCTION @extschema@.vasentliga_avvikelser(ar integer, omgang text DEFAULT NULL, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.vasentlig_avvikelse
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
BEGIN
    IF vasentliga_avvikelser.ar IS NULL THEN
        RAISE EXCEPTION 'the year of vasentliga_avvikelser must not be null'
            USING ERRCODE = '22004', HINT = 'Give the year, e.g. vasentliga_avvikelser(2024, ''aug'').';
    END IF;
    IF vasentliga_avvikelser.namnd IS NOT NULL
       AND EXISTS (SELECT 1 FROM @extschema@.namnd n WHERE n.kod = vasentliga_avvikelser.namnd)
       AND NOT EXISTS (SELECT 1 FROM vasentlighetsgrans g WHERE g.namnd = vasentliga_avvikelser.namnd) THEN
        RAISE EXCEPTION 'committee "%" has no materiality threshold', vasentliga_avvikelser.namnd
            USING ERRCODE = '22023',
                  HINT = 'Store its thresholds in kommunrapport.vasentlighetsgrans (procentgrans, beloppsgrans).';
    END IF;
    RETURN QUERY
    SELECT f.namnd_kod, f.enhet, f.enhet_namn, f.rad, f.rad_namn, f.prognosomgang,
           f.prognos, f.budget, f.avvikelse, f.avvikelse < 0,
           c.id, c.status, c.forklaring,
           coalesce(a.antal, 0)::integer, coalesce(a.effekt, 0),
           CASE WHEN f.avvikelse < 0 THEN greatest(0, -f.avvikelse - coalesce(a.effekt, 0)) END,
           f.sortering
      FROM prognosforandringar(vasentliga_avvikelser.ar, vasentliga_avvikelser.omgang, vasentliga_avvikelser.namnd) f
      JOIN vasentlighetsgrans g ON g.namnd = f.namnd_kod
      LEFT JOIN kommentar c ON c.namnd = f.namnd_kod AND c.enhet IS NOT DISTINCT FROM f.enhet AND c.rad = f.rad
                           AND c.ar = vasentliga_avvikelser.ar AND c.omgang = f.prognosomgang
      LEFT JOIN LATERAL (SELECT count(*) AS antal, kronor(sum(x.effekt_ar)) AS effekt
                           FROM atgard x
                          WHERE x.kommentar = c.id AND x.status IN ('foreslagen', 'beslutad', 'genomford')) a ON true
     WHERE f.avvikelse IS NOT NULL AND f.budget IS NOT NULL
       AND vasentlig(f.avvikelse::belopp, f.budget::belopp, g.procentgrans, g.beloppsgrans)
     ORDER BY f.sortering;
END
$fn$;
COMMENT ON FUNCTION @extschema@.vasentliga_avvikelser(integer, text, text) IS
    'the material forecast deviations of a round (NULL = the year''s latest) per committee, unit and report row with subtotals (as prognosforandringar), by the committee''s thresholds (vasentlighetsgrans; committees without are left out, and a named one without is 22023), with the comment of the round and the measures that count (proposed, decided, carried out) and what of an unfavourable deviation they leave uncovered';

CREATE FUNCTION @extschema@.vasentliga_utan_kommentar(ar integer, omgang text DEFAULT NULL, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.vasentlig_avvikelse
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT v.* FROM @extschema@.vasentliga_avvikelser(vasentliga_utan_kommentar.ar, vasentliga_utan_kommentar.omgang,
                                                      vasentliga_utan_kommentar.namnd) v
     WHERE v.kommentarstatus IS DISTINCT FROM 'bekraftad'::@extschema@.kommentarstatus
     ORDER BY v.sortering;
END;
COMMENT ON FUNCTION @extschema@.vasentliga_utan_kommentar(integer, text, text) IS
    'the material forecast deviations of a round that have no confirmed comment: none at all, or one carried forward that awaits confirmation (kommentarstatus att_bekrafta)';

CREATE FUNCTION @extschema@.atgarder_som_inte_tacker(ar integer, omgang text DEFAULT NULL, namnd text DEFAULT NULL)
    RETURNS SETOF @extschema@.vasentlig_avvikelse
    LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT v.* FROM @extschema@.vasentliga_avvikelser(atgarder_som_inte_tacker.ar, atgarder_som_inte_tacker.omgang,
                                                      atgarder_som_inte_tacker.namnd) v
     WHERE v.ogynnsam AND v.otackt > 0
     ORDER BY v.sortering;
END;
COMMENT ON FUNCTION @extschema@.atgarder_som_inte_tacker(integer, text, text) IS
    'the material unfavourable forecast deviations of a round whose measures (proposed, decided, carried out) are expected to cover less than the deficit this year, with the uncovered part (otackt); deviations with no measure at all included';

-- Carrying comments forward: for a new round, the previous round's comments on
-- rows that still deviate materially, and their measures (but abandoned ones),
-- become proposals to confirm -- never confirmed copies.
CREATE FUNCTION @extschema@.fora_fram_kommentarer(ar integer, omgang text, namnd text DEFAULT NULL)
    RETURNS TABLE (kommentar bigint, namnd_kod text, enhet text, rad text, fran_omgang text,
                   forklaring text, antal_atgarder integer)
    LANGUAGE plpgsql VOLATILE
    SET search_path = @extschema@, pg_catalog, pg_temp
AS $fn$
DECLARE
    fg   text;
    v    record;
    ny   bigint;
    n    integer;
BEGIN
    IF fora_fram_kommentarer.ar IS NULL OR fora_fram_kommentarer.omgang IS NULL THEN
        RAISE EXCEPTION 'fora_fram_kommentarer needs a year and a forecast round'
            USING ERRCODE = '22004', DETAIL = 'The year or the round is NULL.';
    END IF;
    FOR v IN SELECT x.*, p.id AS fg_id, p.forklaring AS fg_text, p.omgang AS fg_omgang
               FROM vasentliga_avvikelser(fora_fram_kommentarer.ar, fora_fram_kommentarer.omgang,
                                          fora_fram_kommentarer.namnd) x
               JOIN LATERAL (SELECT f.prognosomgang_fg
                               FROM prognosforandringar(fora_fram_kommentarer.ar, fora_fram_kommentarer.omgang, x.namnd_kod) f
                              LIMIT 1) o ON true
               JOIN kommentar p ON p.namnd = x.namnd_kod AND p.enhet IS NOT DISTINCT FROM x.enhet AND p.rad = x.rad
                               AND p.ar = fora_fram_kommentarer.ar AND p.omgang = o.prognosomgang_fg
              WHERE x.kommentar IS NULL
              ORDER BY x.sortering LOOP
        INSERT INTO @extschema@.kommentar AS c (namnd, enhet, rad, ar, omgang, forklaring, status, foregaende)
        VALUES (v.namnd_kod, v.enhet, v.rad, fora_fram_kommentarer.ar, v.prognosomgang, v.fg_text, 'att_bekrafta', v.fg_id)
        RETURNING c.id INTO ny;
        INSERT INTO @extschema@.atgard (kommentar, namnd, beskrivning, ansvarig, effekt_ar, effekt_nasta_ar,
                                        beslutsorgan, beslut, status, foregaende)
        SELECT ny, a.namnd, a.beskrivning, a.ansvarig, a.effekt_ar, a.effekt_nasta_ar,
               a.beslutsorgan, a.beslut, 'att_bekrafta', a.id
          FROM @extschema@.atgard a
         WHERE a.kommentar = v.fg_id AND a.status <> 'avbruten'
         ORDER BY a.id;
        GET DIAGNOSTICS n = ROW_COUNT;
        kommentar := ny;
        namnd_kod := v.namnd_kod;
        enhet := v.enhet;
        rad := v.rad;
        fran_omgang := v.fg_omgang;
        forklaring := v.fg_text;
        antal_atgarder := n;
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION @extschema@.fora_fram_kommentarer(integer, text, text) IS
    'for a forecast round, carries the previous round''s comments on rows that still deviate materially and have no comment in this round forward as proposals (status att_bekrafta), with their measures (abandoned ones left behind) also to confirm; returns what it added; running it again adds nothing';
