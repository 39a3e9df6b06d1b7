-- The seed loader's SQL; run by ladda.sh after it has copied the report text
-- and the maps into the temporary table seed_fil(fil, nr, txt).
--
-- Which lines are data rows, and how each is stored, comes from the maps
-- (ladda_datarader, celler, ladda_rader, ...); the figures come from the
-- table reader alone (las_tabell).  The answer key (expected/*.tsv) is not
-- read: it is what the tests compare the loaded data with.  A data row the
-- reader cannot settle is reported (a NOTICE "utelämnad: ...", and the
-- report at the end) and left out, never filled in.
CREATE EXTENSION IF NOT EXISTS kommunrapport;
SET LOCAL search_path = kommunrapport, pg_catalog;

-- a report-row chart shared by the seed municipalities
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('resultat', 'Resultat', 'resultat', 'resultat', NULL, 900),
    ('nettokostnad', 'Nettokostnad', 'nettokostnad', 'resultat', 'resultat', 100),
    ('intakter', 'Intäkter', 'intakt', 'resultat', 'nettokostnad', 10),
    ('kostnader', 'Kostnader', 'kostnad', 'resultat', 'nettokostnad', 20),
    ('personalkostnader', 'Personalkostnader', 'kostnad', 'resultat', 'kostnader', 21),
    ('lokalhyror', 'Lokalhyror', 'kostnad', 'resultat', 'kostnader', 22),
    ('kop_av_tjanster', 'Köp av tjänster', 'kostnad', 'resultat', 'kostnader', 23),
    ('ovriga_kostnader', 'Övriga kostnader', 'kostnad', 'resultat', 'kostnader', 24),
    ('kommunbidrag', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'resultat', 200),
    ('finansnetto', 'Finansnetto', 'finansnetto', 'resultat', 'resultat', 300),
    ('disposition', 'Disposition av ackumulerat resultat', 'disposition', 'resultat', 'resultat', 250),
    ('statsbidrag', 'Riktade statsbidrag', 'statsbidrag', 'resultat', 'intakter', 11),
    ('nettokostnad_k', 'Nettokostnad', 'nettokostnad', 'kostnad', NULL, 50)
ON CONFLICT (kod) DO NOTHING;

CREATE TEMP TABLE seed_map ON COMMIT DROP AS
SELECT regexp_replace(fil, '\.map$', '') AS tabell,
       substring(txt FROM '^([a-z_]+):') AS nyckel,
       btrim(substring(txt FROM '^[a-z_]+:(.*)$')) AS varde
  FROM seed_fil
 WHERE fil LIKE '%.map' AND txt ~ '^[a-z_]+:';

-- the report column a table's column stands for, where it has one
CREATE FUNCTION pg_temp.publicerad_kolumn(kolumn text) RETURNS text
    LANGUAGE sql IMMUTABLE
    RETURN CASE btrim(kolumn)
        WHEN 'utfall_period' THEN 'utfall' WHEN 'utfall' THEN 'utfall'
        WHEN 'budget_period' THEN 'budget'
        WHEN 'avvikelse' THEN 'avvikelse' WHEN 'avvikelse_period' THEN 'avvikelse'
        WHEN 'utfall_period_fg_ar' THEN 'utfall_fg_ar'
        WHEN 'prognos_helar' THEN 'prognos' WHEN 'prognos_helar_fg' THEN 'prognos_fg'
        WHEN 'budget_helar' THEN 'budget_helar' WHEN 'internbudget' THEN 'budget_helar'
        WHEN 'avvikelse_prognos' THEN 'prognos_avvikelse'
        WHEN 'bokslut_fg_ar' THEN 'bokslut_fg_ar' END;


-- Store a row given as jsonb in TABELL, with the columns of the row that the
-- installed version of the table has: the loader fills 0.1.0's tables too
-- (the upgrade test loads the seeds into 0.1.0), which have no avrundning.
CREATE FUNCTION pg_temp.lagg_in(tabell regclass, rad jsonb) RETURNS void
    LANGUAGE plpgsql AS $f$
DECLARE
    kolumner text;
BEGIN
    SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) INTO kolumner
      FROM pg_attribute a
     WHERE a.attrelid = tabell AND a.attnum > 0 AND NOT a.attisdropped AND rad ? a.attname;
    EXECUTE format('INSERT INTO %s (%s) SELECT %s FROM jsonb_populate_record(NULL::%s, $1) ON CONFLICT DO NOTHING',
                   tabell, kolumner, kolumner, tabell)
      USING rad;
END
$f$;

-- the relations REL with their columns renumbered through KARTA (old column
-- -> new column); a relation with a column KARTA does not map is dropped
CREATE FUNCTION pg_temp.omnumrera(rel text[], karta integer[]) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE AS $f$
DECLARE
    r   text;
    del text;
    ny  text;
    ok  boolean;
    ut  text[] := '{}';
BEGIN
    FOREACH r IN ARRAY coalesce(rel, '{}') LOOP
        ny := '';
        ok := true;
        FOR del IN SELECT x[1] FROM regexp_matches(r, '([0-9]+|[^0-9]+)', 'g') x LOOP
            IF del ~ '^[0-9]+$' THEN
                IF del::integer > cardinality(karta) OR karta[del::integer] IS NULL THEN
                    ok := false;
                    EXIT;
                END IF;
                ny := ny || karta[del::integer];
            ELSE
                ny := ny || del;
            END IF;
        END LOOP;
        IF ok THEN
            ut := ut || ny;
        END IF;
    END LOOP;
    RETURN ut;
END
$f$;

-- the first row las_tabell reads from TXT with K columns and relations REL
CREATE FUNCTION pg_temp.las_forsta(txt text, k integer, rel text[])
    RETURNS TABLE (varden numeric[], procent boolean[], entydig boolean, ofullstandig boolean, meddelande text)
    LANGUAGE sql AS $f$
    SELECT l.varden, l.procent, l.entydig, l.ofullstandig, l.meddelande
      FROM las_tabell(txt, k, CASE WHEN cardinality(rel) > 0 THEN rel END) l
     ORDER BY l.rad LIMIT 1
$f$;

-- a figure as the reader reads it back: plain digits, decimal comma
CREATE FUNCTION pg_temp.tal(v numeric) RETURNS text
    LANGUAGE sql IMMUTABLE RETURN replace(coalesce(v, 0)::text, '.', ',');

-- every data row the reader settled, per table, in the map's order (nr is the
-- rN of the map's row_relations); rad: its line in the source file, ordning:
-- its line in the table's block; procent: the reader's percent flags; hur:
-- how it was read
CREATE TEMP TABLE seed_rad (tabell text, nr integer, rad integer, ordning integer, kod text, namn text,
                            varden numeric[], procent boolean[], hur text) ON COMMIT DROP;
-- the data rows left out, and why
CREATE TEMP TABLE seed_utelamnad (tabell text, nr integer, rad integer, namn text, orsak text) ON COMMIT DROP;

DO $read$
DECLARE
    t           record;
    m           jsonb;
    block       text;
    start_nr    integer;
    k           integer;
    rel         text[];
    disc_rows   jsonb;          -- data row number -> relations it does not satisfy
    disc_cols   jsonb;          -- row relation -> columns where it does not hold
    d           record;
    l           record;
    txt         text;
    celler      integer[];
    karta       integer[];
    f           record;
    v           numeric[];
    pr          boolean[];
    hur         text;
    orsak       text;
    ar_etikett  text;
    i           integer;
    j           integer;
    rr          record;
    terms       text[];
    rader       integer[];
    tecken      text[];
    lin         text;
    rels        text[];
    term        text;
    ok          boolean;
    progress    boolean;
BEGIN
    FOR t IN SELECT DISTINCT tabell FROM seed_map WHERE nyckel = 'ladda_datarader' ORDER BY tabell LOOP
        SELECT jsonb_object_agg(nyckel, varde) INTO m FROM seed_map WHERE tabell = t.tabell;
        k := (m->>'columns')::integer;

        -- the block: the lines after the marker, up to the next marker
        SELECT f2.nr INTO start_nr FROM seed_fil f2
         WHERE f2.fil = m->>'source' AND f2.txt = '## table: ' || t.tabell;
        IF start_nr IS NULL THEN
            RAISE EXCEPTION 'table %: no marker "## table: %" in %', t.tabell, t.tabell, m->>'source';
        END IF;
        SELECT string_agg(f2.txt, E'\n' ORDER BY f2.nr) INTO block FROM seed_fil f2
         WHERE f2.fil = m->>'source' AND f2.nr > start_nr
           AND f2.nr < coalesce((SELECT min(g.nr) FROM seed_fil g
                                  WHERE g.fil = m->>'source' AND g.nr > start_nr AND g.txt LIKE '## table: %'),
                                2147483647);

        -- column relations as the reader takes them: a ratio ends in %; the
        -- reader has no inequalities
        SELECT coalesce(array_agg(CASE WHEN x[1] ~ '/' AND x[1] !~ '%' THEN x[1] || ' %' ELSE x[1] END), '{}')
          INTO rel FROM regexp_matches(coalesce(m->>'relations', ''), '''([^'']*)''', 'g') x
         WHERE x[1] !~ '[<>]';

        -- published discrepancies: '<relation>' r2 r6 (rows) or '<row relation>' c2 (columns)
        disc_rows := '{}';
        disc_cols := '{}';
        FOR d IN SELECT x[1] AS relation, x[2] AS rest
                   FROM regexp_matches(coalesce(m->>'discrepancies', ''), '''([^'']*)''([^,'']*)', 'g') x LOOP
            IF d.relation ~ '^\s*r[0-9]' THEN
                disc_cols := disc_cols || jsonb_build_object(d.relation,
                    (SELECT coalesce(jsonb_agg(y[1]::integer), '[]') FROM regexp_matches(d.rest, 'c([0-9]+)', 'g') y));
            ELSE
                FOR i IN SELECT y[1]::integer FROM regexp_matches(d.rest, 'r([0-9]+)', 'g') y LOOP
                    disc_rows := jsonb_set(disc_rows, ARRAY[i::text],
                        coalesce(disc_rows->i::text, '[]') || to_jsonb(CASE WHEN d.relation ~ '/' AND d.relation !~ '%'
                                                                          THEN d.relation || ' %' ELSE d.relation END));
                END LOOP;
            END IF;
        END LOOP;

        CREATE TEMP TABLE seed_las ON COMMIT DROP AS
        SELECT start_nr + x.rad AS rad, start_nr + x.sista_rad AS sista_rad, x.kod, x.benamning,
               x.varden, x.procent, x.entydig, x.ofullstandig, x.tolkningar, x.meddelande
          FROM las_tabell(block, k, CASE WHEN cardinality(rel) > 0 THEN rel END) x;
        CREATE TEMP TABLE seed_vantar (nr integer, rad integer, kod text, namn text, txt text, orsak text) ON COMMIT DROP;

        -- the data rows the map names: "<line>=<label>", in the order of the table
        FOR d IN SELECT o::integer AS nr, btrim(split_part(x, '=', 1))::integer AS rad,
                        btrim(substr(x, strpos(x, '=') + 1)) AS namn
                   FROM unnest(string_to_array(m->>'ladda_datarader', ';')) WITH ORDINALITY u(x, o)
                  WHERE btrim(x) <> '' ORDER BY o LOOP
            -- the reader's row that starts at the line, or (a table whose
            -- figures stand on a line of their own) ends at it
            SELECT * INTO l FROM seed_las s WHERE s.rad = d.rad;
            IF NOT FOUND THEN
                SELECT * INTO l FROM seed_las s WHERE s.sista_rad = d.rad;
            END IF;
            IF l.rad IS NULL THEN
                INSERT INTO seed_utelamnad VALUES (t.tabell, d.nr, d.rad, d.namn, 'the reader reads no row at this line');
                CONTINUE;
            END IF;
            SELECT string_agg(f2.txt, E'\n' ORDER BY f2.nr) INTO txt FROM seed_fil f2
             WHERE f2.fil = m->>'source' AND f2.nr BETWEEN l.rad AND l.sista_rad;

            v := NULL; pr := NULL; hur := NULL; celler := NULL;
            orsak := l.meddelande;
            IF l.entydig AND NOT l.ofullstandig THEN
                v := l.varden; pr := l.procent; hur := 'läsaren';
            END IF;

            -- the map says which columns the printed cells stand in (the PDF
            -- dropped the others): read as many columns, with the relations
            -- between them
            IF v IS NULL AND m ? 'celler' THEN
                SELECT array_agg(btrim(c)::integer ORDER BY o) INTO celler
                  FROM unnest(string_to_array(m->>'celler', ';')) x,
                       LATERAL unnest(string_to_array(btrim(substr(x, strpos(x, '=') + 1)), ',')) WITH ORDINALITY c(c, o)
                 WHERE btrim(split_part(x, '=', 1)) = d.namn;
                IF celler IS NOT NULL THEN
                    karta := array_fill(NULL::integer, ARRAY[k]);
                    FOR i IN 1 .. cardinality(celler) LOOP
                        karta[celler[i]] := i;
                    END LOOP;
                    SELECT * INTO f FROM pg_temp.las_forsta(txt, cardinality(celler), pg_temp.omnumrera(rel, karta));
                    IF f.entydig AND NOT f.ofullstandig THEN
                        v := array_fill(NULL::numeric, ARRAY[k]);
                        pr := array_fill(false, ARRAY[k]);
                        FOR i IN 1 .. cardinality(celler) LOOP
                            v[celler[i]] := f.varden[i];
                            pr[celler[i]] := f.procent[i];
                        END LOOP;
                        hur := 'läsaren, i kolumnerna ' || array_to_string(celler, ', ') || ' (kartan)';
                    ELSE
                        orsak := format('read in the columns %s the map gives: %s', array_to_string(celler, ', '), f.meddelande);
                    END IF;
                END IF;
            END IF;

            -- a relation the map lists as a published discrepancy of this row
            -- cannot hold: read without it
            IF v IS NULL AND disc_rows ? d.nr::text THEN
                SELECT * INTO f FROM pg_temp.las_forsta(txt, k,
                    ARRAY(SELECT r FROM unnest(rel) r
                           WHERE NOT (disc_rows->d.nr::text) @> to_jsonb(r)));
                IF f.entydig AND NOT f.ofullstandig THEN
                    v := f.varden; pr := f.procent;
                    hur := 'läsaren, utan sambandet ' || (SELECT string_agg(x, ', ') FROM jsonb_array_elements_text(disc_rows->d.nr::text) x)
                           || ' (publicerad avvikelse, kartan)';
                ELSE
                    orsak := 'read without the published discrepancy: ' || f.meddelande;
                END IF;
            END IF;

            -- the map's label ends in a number (a year) that the reader takes
            -- as a figure: read one column more and give the number back to
            -- the label
            ar_etikett := substring(d.namn FROM ' ([0-9]+)$');
            IF v IS NULL AND ar_etikett IS NOT NULL
               AND replace(l.benamning, ' ', '') = replace(left(d.namn, -length(ar_etikett) - 1), ' ', '') THEN
                SELECT * INTO f FROM pg_temp.las_forsta(txt, k + 1,
                    pg_temp.omnumrera(rel, ARRAY(SELECT g + 1 FROM generate_series(1, k) g)));
                IF f.entydig AND NOT f.ofullstandig AND f.varden[1] = ar_etikett::numeric THEN
                    v := f.varden[2:]; pr := f.procent[2:];
                    hur := 'läsaren, med ' || ar_etikett || ' i etiketten (kartan)';
                ELSE
                    orsak := format('read with the label''s %s as a figure: %s', ar_etikett, f.meddelande);
                END IF;
            END IF;

            IF v IS NOT NULL THEN
                INSERT INTO seed_rad VALUES (t.tabell, d.nr, d.rad, d.rad - start_nr, l.kod, d.namn, v, pr, hur);
            ELSIF celler IS NOT NULL OR l.ofullstandig OR NOT l.entydig AND l.tolkningar = 0 THEN
                -- cells missing, or no reading at all: a row relation cannot help
                INSERT INTO seed_utelamnad VALUES (t.tabell, d.nr, d.rad, d.namn, orsak);
            ELSE
                INSERT INTO seed_vantar VALUES (d.nr, d.rad, l.kod, d.namn, regexp_replace(txt, '\s+', ' ', 'g'), orsak);
            END IF;
        END LOOP;

        -- rows the text splits in several ways and no column relation settles:
        -- a row relation of the map whose other rows are settled becomes a
        -- relation between the columns of one line, the row's text followed by
        -- the other rows' figures, which the reader reads
        progress := true;
        WHILE progress AND EXISTS (SELECT 1 FROM seed_vantar) LOOP
            progress := false;
            FOR d IN SELECT * FROM seed_vantar ORDER BY nr LOOP
                FOR rr IN SELECT x[1] AS relation FROM regexp_matches(coalesce(m->>'row_relations', ''), '''([^'']*)''', 'g') x LOOP
                    -- 'rA = rB + rC - rD': the rows, left side first, and the signs
                    terms := regexp_split_to_array(btrim(split_part(rr.relation, '=', 2)), '\s+');
                    rader := ARRAY[substring(split_part(rr.relation, '=', 1) FROM 'r([0-9]+)')::integer];
                    tecken := ARRAY['='];
                    ok := rader[1] IS NOT NULL;
                    i := 1;
                    WHILE ok AND i <= cardinality(terms) LOOP
                        term := terms[i];
                        IF term IN ('+', '-') THEN
                            tecken := tecken || term;
                            i := i + 1;
                            term := terms[i];
                        ELSIF cardinality(tecken) = 1 THEN
                            tecken := tecken || '+'::text;
                        ELSE
                            ok := false;        -- two rows without an operator
                        END IF;
                        IF term IS NULL OR term !~ '^r[0-9]+$' THEN
                            ok := false;
                        ELSE
                            rader := rader || substring(term FROM 2)::integer;
                        END IF;
                        i := i + 1;
                    END LOOP;
                    CONTINUE WHEN NOT ok OR cardinality(rader) < 2 OR tecken[2] <> '+' OR NOT d.nr = ANY (rader)
                               OR (SELECT count(*) FROM unnest(rader) x WHERE x = d.nr) > 1
                               OR EXISTS (SELECT 1 FROM unnest(rader) x
                                           WHERE x <> d.nr AND NOT EXISTS (SELECT 1 FROM seed_rad s
                                                                           WHERE s.tabell = t.tabell AND s.nr = x));
                    -- the line: the open row's text, then the others' figures, K
                    -- each, in the relation's order
                    lin := d.txt;
                    FOR i IN 1 .. cardinality(rader) LOOP
                        CONTINUE WHEN rader[i] = d.nr;
                        SELECT lin || ' ' || string_agg(pg_temp.tal(s.varden[g]), ' ' ORDER BY g) INTO lin
                          FROM seed_rad s, generate_series(1, k) g
                         WHERE s.tabell = t.tabell AND s.nr = rader[i];
                    END LOOP;
                    rels := rel;
                    FOR j IN 1 .. k LOOP
                        -- not where the map lists the row relation as not holding,
                        -- nor in a percent column
                        CONTINUE WHEN coalesce(disc_cols->rr.relation, '[]') @> to_jsonb(j)
                                   OR EXISTS (SELECT 1 FROM seed_rad s WHERE s.tabell = t.tabell
                                                 AND s.nr = ANY (rader) AND s.procent[j]);
                        term := NULL;
                        FOR i IN 1 .. cardinality(rader) LOOP
                            -- row rader[i]'s column j in the line: the open row is
                            -- block 0, the others follow in the relation's order
                            term := CASE WHEN i = 1 THEN '' WHEN i = 2 THEN term || ' = ' ELSE term || ' ' || tecken[i] || ' ' END
                                    || ((CASE WHEN rader[i] = d.nr THEN 0
                                              ELSE (SELECT count(*) FROM unnest(rader[1:i]) x WHERE x <> d.nr) END) * k + j);
                        END LOOP;
                        rels := rels || term;
                    END LOOP;
                    SELECT * INTO f FROM pg_temp.las_forsta(lin, k * cardinality(rader), rels);
                    IF f.entydig AND NOT f.ofullstandig THEN
                        INSERT INTO seed_rad VALUES (t.tabell, d.nr, d.rad, d.rad - start_nr, d.kod, d.namn, f.varden[1:k], f.procent[1:k],
                                                     'läsaren, med radsambandet ' || rr.relation || ' (kartan)');
                        DELETE FROM seed_vantar WHERE nr = d.nr;
                        progress := true;
                        EXIT;
                    ELSE
                        UPDATE seed_vantar w SET orsak = w.orsak || '; with the row relation ' || rr.relation || ': ' || f.meddelande
                         WHERE w.nr = d.nr;
                    END IF;
                END LOOP;
            END LOOP;
        END LOOP;

        INSERT INTO seed_utelamnad SELECT t.tabell, w.nr, w.rad, w.namn, w.orsak FROM seed_vantar w;
        DROP TABLE seed_las;
        DROP TABLE seed_vantar;
    END LOOP;

    FOR d IN SELECT * FROM seed_utelamnad ORDER BY tabell, nr LOOP
        RAISE NOTICE 'utelämnad: % rad % "%": %', d.tabell, d.rad, d.namn, d.orsak;
    END LOOP;
END
$read$;

CREATE TEMP TABLE seed_rapport (tabell text, rader integer) ON COMMIT DROP;

-- store the settled data rows of the tables the map says how to store
DO $load$
DECLARE
    t           record;
    m           jsonb;
    nm          text[];
    p           period;
    y           integer;
    factor      numeric;
    kolumner    text[];
    r           record;
    v           numeric[];
    enhet_kod   text;
    rad_kod     text;
    omg         text;
    omg_fg      text;
    hoppa       text[];
    radmap      jsonb;
    summor      jsonb;
    summa       text;
    pkol        text;
    pub_enhet   text;
    pub_rad     text;
    n_rows      integer;
    i           integer;
    b           belopp;
    avr         numeric;
BEGIN
    FOR t IN SELECT DISTINCT tabell FROM seed_map WHERE nyckel = 'ladda_namnd' ORDER BY tabell LOOP
        SELECT jsonb_object_agg(nyckel, varde) INTO m FROM seed_map WHERE tabell = t.tabell;
        IF NOT m ? 'ladda_datarader' THEN
            RAISE EXCEPTION 'table %: the map has ladda_namnd but no ladda_datarader', t.tabell;
        END IF;

        nm := string_to_array(m->>'ladda_namnd', '|');
        p := (m->>'ladda_period')::period;
        y := ar(p);
        factor := CASE m->>'unit' WHEN 'kr' THEN 1 WHEN 'tkr' THEN 1000 WHEN 'mnkr' THEN 1000000 END;
        kolumner := string_to_array(m->>'column_names', ',');
        omg := m->>'ladda_prognosomgang';
        omg_fg := m->>'ladda_prognosomgang_fg';
        SELECT coalesce(array_agg(btrim(x)), '{}') INTO hoppa
          FROM unnest(string_to_array(coalesce(m->>'ladda_hoppa', ''), ';')) x WHERE btrim(x) <> '';
        SELECT coalesce(jsonb_object_agg(btrim(split_part(x, '=', 1)), btrim(split_part(x, '=', 2))), '{}')
          INTO radmap FROM unnest(string_to_array(m->>'ladda_rader', ';')) x;
        SELECT coalesce(jsonb_object_agg(btrim(split_part(x, '=', 1)), btrim(split_part(x, '=', 2))), '{}')
          INTO summor FROM unnest(string_to_array(coalesce(m->>'ladda_summor', ''), ';')) x WHERE btrim(x) <> '';

        INSERT INTO namnd (kod, namn, kommun)
        VALUES (btrim(nm[1]), btrim(nm[2]), nullif(btrim(nm[3]), '')) ON CONFLICT (kod) DO NOTHING;
        IF omg IS NOT NULL THEN
            INSERT INTO prognosomgang (ar, kod, namn, period, datum)
            VALUES (y, omg, 'Prognos ' || omg, p, slutdatum(p) + 14) ON CONFLICT DO NOTHING;
        END IF;
        IF omg_fg IS NOT NULL THEN
            INSERT INTO prognosomgang (ar, kod, namn, period, datum)
            VALUES (y, omg_fg, 'Prognos ' || omg_fg, period(y, 1, sista_manad(p) - 1),
                    slutdatum(period(y, 1, sista_manad(p) - 1)) + 14) ON CONFLICT DO NOTHING;
        END IF;

        n_rows := 0;
        -- the rows the reader settled; rad is the row's line in the block,
        -- namn the label as the map writes it (whole where the PDF broke a
        -- word: "Kommunbidr" / "ag")
        FOR r IN SELECT s.ordning AS rad, s.kod, s.namn AS benamning, s.varden FROM seed_rad s
                  WHERE s.tabell = t.tabell ORDER BY s.nr LOOP
            summa := summor->>r.benamning;
            CONTINUE WHEN summa IS NULL AND (r.benamning = ANY (hoppa) OR coalesce(r.benamning, '') IN ('', '-'));
            v := r.varden;

            IF summa IS NOT NULL THEN
                -- a published total: stored only as published, for reconciliation
                pub_enhet := CASE WHEN summa = 'enhet:*' THEN '' ELSE split_part(m->>'ladda_enheter', '=', 2) END;
                pub_rad := CASE WHEN summa LIKE 'rad:%' THEN substring(summa FROM 5) ELSE radmap->>'fast' END;
                FOR i IN 1 .. cardinality(kolumner) LOOP
                    pkol := pg_temp.publicerad_kolumn(kolumner[i]);
                    CONTINUE WHEN v[i] IS NULL OR pkol IS NULL;
                    INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning, ordning)
                    VALUES (btrim(nm[1]), t.tabell, pub_enhet, pub_rad, pkol, p, v[i] * factor,
                            factor * power(10::numeric, -scale(v[i])), r.rad)
                    ON CONFLICT DO NOTHING;
                END LOOP;
                n_rows := n_rows + 1;
                CONTINUE;
            END IF;

            IF m->>'ladda_enheter' = 'kod' THEN
                enhet_kod := r.kod;
            ELSIF m->>'ladda_enheter' = 'namn' THEN
                enhet_kod := regexp_replace(translate(lower(r.benamning), 'åäöé', 'aaoe'), '[^a-z0-9]+', '_', 'g');
            ELSE
                enhet_kod := split_part(m->>'ladda_enheter', '=', 2);
            END IF;
            IF enhet_kod IS NULL THEN
                RAISE EXCEPTION 'table %, line %: the reader gives no code for "%"', t.tabell, r.rad, r.benamning;
            END IF;
            INSERT INTO enhet (namnd, kod, namn, typ, ordning)
            VALUES (btrim(nm[1]), enhet_kod,
                    CASE WHEN m->>'ladda_enheter' LIKE 'fast=%' THEN 'Hela nämnden' ELSE r.benamning END,
                    CASE WHEN m->>'ladda_enheter' LIKE 'fast=%' THEN 'hela_namnden' ELSE 'verksamhet' END,
                    r.rad)
            ON CONFLICT (namnd, kod) DO NOTHING;

            rad_kod := coalesce(radmap->>'fast', radmap->>r.benamning);
            IF rad_kod IS NULL THEN
                RAISE EXCEPTION 'table %: row "%" has no report row in ladda_rader', t.tabell, r.benamning;
            END IF;

            FOR i IN 1 .. cardinality(kolumner) LOOP
                CONTINUE WHEN v[i] IS NULL;
                b := (v[i] * factor)::belopp;
                -- rounded to the last printed digit
                avr := trim_scale(factor * power(10::numeric, -scale(v[i])));
                pkol := pg_temp.publicerad_kolumn(kolumner[i]);
                IF pkol IS NOT NULL THEN
                    INSERT INTO publicerad (namnd, tabell, enhet, rad, kolumn, period, belopp, avrundning, ordning)
                    VALUES (btrim(nm[1]), t.tabell, enhet_kod, rad_kod, pkol, p, v[i] * factor,
                            factor * power(10::numeric, -scale(v[i])), r.rad)
                    ON CONFLICT DO NOTHING;
                END IF;
                CASE btrim(kolumner[i])
                WHEN 'utfall_period', 'utfall' THEN
                    PERFORM pg_temp.lagg_in('utfall', jsonb_build_object(
                        'namnd', btrim(nm[1]), 'enhet', enhet_kod, 'rad', rad_kod, 'period', p, 'belopp', b,
                        'kalla', 'seed ' || t.tabell, 'avrundning', avr));
                WHEN 'utfall_period_fg_ar' THEN
                    PERFORM pg_temp.lagg_in('utfall', jsonb_build_object(
                        'namnd', btrim(nm[1]), 'enhet', enhet_kod, 'rad', rad_kod,
                        'period', period(y - 1, forsta_manad(p), sista_manad(p)), 'belopp', b,
                        'kalla', 'seed ' || t.tabell, 'avrundning', avr));
                WHEN 'bokslut_fg_ar' THEN
                    PERFORM pg_temp.lagg_in('utfall', jsonb_build_object(
                        'namnd', btrim(nm[1]), 'enhet', enhet_kod, 'rad', rad_kod, 'period', helar(y - 1), 'belopp', b,
                        'kalla', 'seed ' || t.tabell, 'avrundning', avr));
                WHEN 'budget_period' THEN
                    PERFORM pg_temp.lagg_in('budget', jsonb_build_object(
                        'namnd', btrim(nm[1]), 'enhet', enhet_kod, 'rad', rad_kod, 'period', p,
                        'giltig_fran', make_date(y, 1, 1), 'belopp', b, 'beslut', 'seed ' || t.tabell, 'avrundning', avr));
                WHEN 'budget_helar', 'internbudget' THEN
                    PERFORM pg_temp.lagg_in('budget', jsonb_build_object(
                        'namnd', btrim(nm[1]), 'enhet', enhet_kod, 'rad', rad_kod, 'period', helar(y),
                        'giltig_fran', make_date(y, 1, 1), 'belopp', b, 'beslut', 'seed ' || t.tabell, 'avrundning', avr));
                WHEN 'prognos_helar' THEN
                    INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, y, omg, b) ON CONFLICT DO NOTHING;
                WHEN 'prognos_helar_fg' THEN
                    INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
                    VALUES (btrim(nm[1]), enhet_kod, rad_kod, y, omg_fg, b) ON CONFLICT DO NOTHING;
                ELSE
                    NULL;       -- derived columns (deviation, consumption, difference) are not stored
                END CASE;
            END LOOP;
            n_rows := n_rows + 1;
        END LOOP;
        INSERT INTO seed_rapport VALUES (t.tabell, n_rows);
    END LOOP;
END
$load$;

-- what was read, how, and what was left out
SELECT d.tabell AS "Tabell",
       (SELECT count(*) FROM seed_rad s WHERE s.tabell = d.tabell) AS "Lästa rader",
       coalesce((SELECT r.rader::text FROM seed_rapport r WHERE r.tabell = d.tabell), '-') AS "Lagrade",
       coalesce((SELECT string_agg(h.n || ' ' || h.hur, '; ' ORDER BY h.hur)
                   FROM (SELECT substring(s.hur FROM '^läsaren, (.*) \(') AS hur, count(*) AS n
                           FROM seed_rad s WHERE s.tabell = d.tabell AND s.hur <> 'läsaren' GROUP BY 1) h), '')
           AS "Lästa med kartans hjälp",
       coalesce((SELECT string_agg(u.namn || ' (rad ' || u.rad || ')', '; ' ORDER BY u.nr)
                   FROM seed_utelamnad u WHERE u.tabell = d.tabell), '') AS "Utelämnade (läsaren kunde inte avgöra)"
  FROM (SELECT DISTINCT tabell FROM seed_map WHERE nyckel = 'ladda_datarader') d
 ORDER BY d.tabell;
