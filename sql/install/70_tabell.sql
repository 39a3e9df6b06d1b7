
-----------------------------------------------------------------------------
-- reading report tables out of text copied from a PDF
-----------------------------------------------------------------------------

-- Both functions return no rows when rad/text, kolumner or tolerans is NULL;
-- samband may be NULL (no relations) and enhet may be NULL (no belopp), hence
-- CALLED ON NULL INPUT.  enhet is the unit the table prints its figures in
-- (kr, tkr, mnkr, ...): belopp holds varden as amounts in kronor, converted
-- exactly as a typed amount text is.
CREATE FUNCTION @extschema@.las_tabellrad(rad text, kolumner integer,
                                          samband text[] DEFAULT NULL,
                                          tolerans integer DEFAULT 1,
                                          enhet text DEFAULT NULL)
    RETURNS TABLE (kod text, benamning text, varden numeric[], procent boolean[],
                   entydig boolean, ofullstandig boolean, tolkningar bigint,
                   meddelande text, belopp @extschema@.belopp[])
    AS 'MODULE_PATHNAME', 'las_tabellrad'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION @extschema@.las_tabellrad(text, integer, text[], integer, text) IS
    'reads one line of a report table ("509 - Hemtjänst 187 187 0 191") into its code, name and kolumner exact figures, choosing how space-separated digit groups join into numbers (a minus printed as a dash set apart, parentheses for negatives, footnote marks and text cells after the figures are read as published tables print them; a dash in an empty cell is a NULL element of varden); samband (''3 = 2 - 1'', ''4 = 1 / 2 %'') decide among the readings within tolerans units of the last printed digit; varden is NULL unless exactly one reading fits (entydig), a row with fewer figures than columns is returned with the figures it has (ofullstandig), and meddelande says why; with enhet (the unit the table prints, e.g. tkr) belopp is varden as amounts, a percentage, an empty cell or a figure finer than öre a NULL element (meddelande names the last kind); 22023 for bad kolumner, tolerans, samband or enhet, 54000 for a line over 8192 bytes';

CREATE FUNCTION @extschema@.las_tabell(text text, kolumner integer,
                                       samband text[] DEFAULT NULL,
                                       tolerans integer DEFAULT 1,
                                       enhet text DEFAULT NULL)
    RETURNS TABLE (rad integer, sista_rad integer, kod text, benamning text,
                   varden numeric[], procent boolean[], entydig boolean,
                   ofullstandig boolean, tolkningar bigint, meddelande text,
                   belopp @extschema@.belopp[])
    AS 'MODULE_PATHNAME', 'las_tabell'
    LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION @extschema@.las_tabell(text, integer, text[], integer, text) IS
    'reads a block of report-table text row by row as las_tabellrad does (with enhet, belopp holds the figures as amounts), joining labels and figures wrapped over several lines and skipping headings and blank lines; rad and sista_rad are the 1-based lines of the text where each row starts and ends; 22023 for bad kolumner, tolerans, samband or enhet, 54000 for a line over 8192 bytes or a text over 4 MB';

-- The relations a table's figures satisfy, proposed for a reader who does
-- not know the layout.  The candidates are the relations of three columns
-- that las_tabell understands: c = a + b and c = a - b with c the highest
-- column (the same relation as a = c - b), and c = a / b % with c a
-- percentage.  They are tried by las_tabell itself, so each is judged as it
-- would be used (tolerans units of the last printed digit per term), and
-- chosen one at a time, each tried together with those already chosen,
-- since in a table whose rows split in several ways only the relations
-- together settle a row.  A complete row agrees with a set when some split
-- satisfies all of it, and the set settles the row when exactly one split
-- does.  A candidate qualifies when it is contradicted by no more complete
-- rows than one in ten (at least one), settles at least two rows more than
-- the set without it did or, in the rows the set already settles, agrees
-- (but for the rows that contradict it), has
-- columns of its kind in the rows settled (a percentage on the left of a
-- percentage, none in a sum or difference), and no right-side column that
-- is 0 in every settled row (that proves nothing).  The one chosen is the
-- one contradicted by the fewest rows, then settling the most, then nearest
-- to exact in the rows it settles (3 = 2 - 1 rather than 3 = 1 - 2 when the
-- rows print 20 20,5 0,5: both lie within a whole unit of 20).  rader:
-- complete rows; stammer, avgor: the rows that agree with and are settled by
-- the set up to and including the relation; avviker: the lines (las_tabell's
-- rad) that contradict it.
CREATE FUNCTION @extschema@.foresla_samband(text text, kolumner integer, tolerans integer DEFAULT 1)
    RETURNS TABLE (samband text, rader integer, stammer integer, avgor integer, avviker integer[])
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    valda   text[] := '{}';
    -- their three columns, in order ('1,2,3'): a second relation over the same
    -- three (3 = 2 - 1 beside 3 = 1 - 2, both true where column 3 is 0) says
    -- nothing new
    valda_kol text[] := '{}';
    basta   record;
    forut   integer := 0;   -- rows settled by the relations chosen so far
BEGIN
    IF kolumner < 1 OR kolumner > 64 THEN
        RAISE EXCEPTION 'number of columns % is out of range', kolumner
            USING ERRCODE = '22023', DETAIL = 'A table is read with 1 to 64 numeric columns.';
    END IF;
    LOOP
        SELECT k.samband, k.trio, x.rader, x.stammer, x.avgor, x.avviker INTO basta
          FROM (SELECT pg_catalog.format('%s = %s %s %s%s', c, a, CASE op WHEN '%' THEN '/' ELSE op END, b,
                                         CASE op WHEN '%' THEN ' %' ELSE '' END) AS samband, c, a, b, op,
                       array_to_string(ARRAY(SELECT x FROM unnest(ARRAY[a, b, c]) x ORDER BY x), ',') AS trio
                  FROM generate_series(1, kolumner) c, generate_series(1, kolumner) a,
                       generate_series(1, kolumner) b, (VALUES ('+'), ('-'), ('%')) o(op)
                 WHERE a <> b AND a <> c AND b <> c
                   AND CASE op WHEN '+' THEN a < b AND c > b WHEN '-' THEN c > a AND c > b ELSE true END) k
         CROSS JOIN LATERAL (
               SELECT count(*)::integer AS rader,
                      (count(*) FILTER (WHERE t.tolkningar >= 1))::integer AS stammer,
                      (count(*) FILTER (WHERE t.tolkningar = 1))::integer AS avgor,
                      coalesce(array_agg(t.rad ORDER BY t.rad) FILTER (WHERE t.tolkningar = 0), '{}') AS avviker,
                      -- how far the settled rows are from the relation, within the tolerance
                      sum(abs(t.varden[k.c] - CASE k.op WHEN '+' THEN t.varden[k.a] + t.varden[k.b]
                                                        WHEN '-' THEN t.varden[k.a] - t.varden[k.b]
                                                        ELSE 100 * t.varden[k.a] / nullif(t.varden[k.b], 0) END))
                          FILTER (WHERE t.tolkningar = 1) AS rest,
                      CASE WHEN k.op = '%'
                           THEN coalesce(bool_and(t.procent[k.c] AND NOT t.procent[k.a] AND NOT t.procent[k.b])
                                             FILTER (WHERE t.tolkningar = 1), false)
                           ELSE NOT coalesce(bool_or(t.procent[k.c] OR t.procent[k.a] OR t.procent[k.b])
                                                 FILTER (WHERE t.tolkningar = 1), true) END
                      AND coalesce(bool_or(t.varden[k.a] <> 0) FILTER (WHERE t.tolkningar = 1), false)
                      AND coalesce(bool_or(t.varden[k.b] <> 0) FILTER (WHERE t.tolkningar = 1), false) AS slag_ok
                 FROM @extschema@.las_tabell(foresla_samband.text, kolumner, valda || k.samband, tolerans) t
                WHERE NOT t.ofullstandig) x
         WHERE k.trio <> ALL (valda_kol)
           AND x.slag_ok
           AND cardinality(x.avviker) <= greatest(1, x.rader / 10)
           AND x.avgor >= 2
           AND (x.avgor >= forut + 2 OR (forut > 0 AND x.avgor + cardinality(x.avviker) >= forut))
         ORDER BY cardinality(x.avviker), x.avgor DESC, x.stammer DESC, x.rest, k.c, k.a, k.b, k.op
         LIMIT 1;
        EXIT WHEN NOT FOUND;
        valda := valda || basta.samband;
        valda_kol := valda_kol || basta.trio;
        forut := basta.avgor;
        samband := basta.samband;
        rader := basta.rader;
        stammer := basta.stammer;
        avgor := basta.avgor;
        avviker := basta.avviker;
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION @extschema@.foresla_samband(text, integer, integer) IS
    'the relations (for las_tabell''s samband) that a table''s figures satisfy, chosen one at a time and each tried by las_tabell on the block together with those chosen before: c = a + b or c = a - b (c the highest column), c = a / b % (c a percentage); a relation qualifies when at most one complete row in ten (at least one) contradicts it, it settles rows (exactly one split), its columns are of its kind and no right-side column is 0 in every settled row; rader complete rows, stammer and avgor the rows that agree with and are settled by the relations so far, avviker the lines (las_tabell''s rad) that contradict it; 22023 for bad kolumner or tolerans';

-- How well a pasted table reads with each of several counts of columns:
-- for each count, the relations foresla_samband proposes for the block read
-- with that many columns, and how many rows las_tabell then reads complete
-- (rader) and settles (avgjorda: complete and read in one way) with them.
-- gissa_kolumner and hitta_tabell weigh their candidates with it.
CREATE FUNCTION @extschema@.prova_kolumner(text text, kolumner integer[], tolerans integer DEFAULT 1)
    RETURNS TABLE (kolumner integer, rader integer, avgjorda integer, samband text[])
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT k.k, x.rader, x.avgjorda, s.samband
      FROM (SELECT DISTINCT u.k FROM pg_catalog.unnest(prova_kolumner.kolumner) u(k)
             WHERE u.k IS NOT NULL) k
     CROSS JOIN LATERAL (
           SELECT coalesce(pg_catalog.array_agg(f.samband), '{}') AS samband
             FROM @extschema@.foresla_samband(prova_kolumner.text, k.k, prova_kolumner.tolerans) f) s
     CROSS JOIN LATERAL (
           SELECT (count(*) FILTER (WHERE NOT t.ofullstandig))::integer AS rader,
                  (count(*) FILTER (WHERE NOT t.ofullstandig AND t.entydig))::integer AS avgjorda
             FROM @extschema@.las_tabell(prova_kolumner.text, k.k, nullif(s.samband, '{}'),
                                         prova_kolumner.tolerans) t) x
     ORDER BY k.k;
END;
COMMENT ON FUNCTION @extschema@.prova_kolumner(text, integer[], integer) IS
    'a pasted table read with each count of columns given (NULL elements and repeats ignored): the relations foresla_samband proposes for that count (samband), the rows read complete (rader) and settled, complete and in one way, with them (avgjorda); 22023 for a count outside 1..64';

-- How many columns of figures a pasted table has, when the caller does not
-- know: for each count from 1 to hogst, the block is read with that many
-- columns and the relations foresla_samband proposes for it.  The best count
-- settles the most rows (read completely and in one way); of counts that
-- settle as many, the smallest (grouped digits can always be cut into more
-- figures, never into fewer, so a wider reading that settles no more rows
-- explains nothing more); one column only when no wider reading settles a
-- row (a label with a single figure reads in one way as one column, in
-- almost any table).  All counts that settle anything are returned, best
-- first, so that a caller sees the alternatives; the first is the guess.
-- It is a guess, chosen on the seed tables, on which it is right for 17 of
-- 24 (test/e2e/samband_seeds.sh); text columns and columns empty in most
-- rows mislead it.
CREATE FUNCTION @extschema@.gissa_kolumner(text text, hogst integer DEFAULT 12, tolerans integer DEFAULT 1)
    RETURNS TABLE (kolumner integer, rader integer, avgjorda integer, samband text[])
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT p.kolumner, p.rader, p.avgjorda, p.samband
      FROM @extschema@.prova_kolumner(gissa_kolumner.text,
                                      ARRAY(SELECT pg_catalog.generate_series(1, gissa_kolumner.hogst)),
                                      gissa_kolumner.tolerans) p
     WHERE p.avgjorda > 0
     ORDER BY CASE WHEN p.kolumner > 1 THEN p.avgjorda ELSE 0 END DESC, p.kolumner;
END;
COMMENT ON FUNCTION @extschema@.gissa_kolumner(text, integer, integer) IS
    'the number of columns of figures of a pasted table, guessed: each count from 1 to hogst read with the relations foresla_samband proposes for it; best first: the most rows settled (complete and read in one way), then the fewest columns, one column only when no wider reading settles a row; rader complete rows, avgjorda settled rows, samband the relations used; no rows for hogst below 1, 22023 for hogst over 64';

-- A table's header line, read by the C library (rules in src/rubrik_core.h):
-- the column headings, the heading over the labels, the unit.
CREATE FUNCTION @extschema@.tabell_rubrik(rad text)
    RETURNS TABLE (rubriker text[], etikett text, enhet text, bara_ar boolean)
    AS 'MODULE_PATHNAME', 'tabell_rubrik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION @extschema@.tabell_rubrik(text) IS
    'one line read as the header of a report table ("(tkr) Utfall2013 Budget 2013 Budget-avvikelse"), or no row when it is not one: rubriker the column headings (a year glued to a word cut off, "Utfall 2013"), etikett the heading over the labels ("Belopp i", "Nämnd") or NULL, enhet the unit the header names (kr, sek, tkr, mnkr, mkr, mdkr) or NULL, bara_ar when the line is only years (a second header line); a header has at least two headings, two of them with a year, a round or a word of a figure column (utfall, budget, prognos, avvikelse, ...), and no figure; 22023 for a text of several lines, 54000 for a line over 8192 bytes';

-- The tables on a pasted page.  A header is a run of header lines
-- (tabell_rubrik; blank lines between them allowed); its table is the lines
-- after it up to the next header, or to a sentence (six or more words ending
-- in ".", "!" or "?") after a line with a digit, or to the end; its rows are those las_tabell
-- reads there.
-- The number of columns: each header line names n columns; the count n
-- that settles the most rows (read with it and the relations proposed for
-- it), then the larger (a second header line often prints no heading over
-- some columns), is taken unless another count settles more than twice as
-- many rows: n - 1 or n + 1 (a heading over the labels not recognised, or
-- one recognised that stands over figures), or the guess of gissa_kolumner
-- from the rows alone, whichever settles more.  A header of several lines
-- is also read as one line with the text lines above it (a header printed
-- one heading to a line, or a header line that lacks some headings).  kolumner_enligt says which:
-- 'rubrik', 'rubrik och rader' or 'rader'.  The unit is the first named by
-- a header line, else by one of the three lines above the header.  Lines
-- before the first header form a table only when the page has no header.
CREATE FUNCTION @extschema@.hitta_tabell(text text, tolerans integer DEFAULT 1)
    RETURNS TABLE (tabell integer, rubrikrader integer[], forsta_rad integer, sista_rad integer,
                   kolumner integer, kolumner_enligt text, rubriker text[], etikett text,
                   enhet text, samband text[], rader integer, avgjorda integer)
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    rad       text[];
    n         integer;
    rubrik    text[];              -- the header text ending at a line, or NULL
    stapel    boolean[];           -- the line belongs to a header of several lines
    tillagg   text[];              -- a header line read with the lines above it
    tom       boolean[];           -- the line is blank
    nasta_ej_tom integer[];        -- the next line that is not blank, or NULL
    siffra    boolean;             -- a digit seen in the table's lines so far
    nasta     integer;
    ihop      text;
    basta     integer;
    basta_text text;
    j         integer;
    start     integer[] := '{}';   -- first line of each header block
    slut      integer[] := '{}';   -- last line of each header block
    b         integer;
    i         integer;
    fran      integer;
    till      integer;
    block     text;
    h         record;
    val       record;
    annan     record;
    gissad    record;
    kandidater jsonb;              -- the counts that settle a row, with their evidence
    antal     integer;
    forsta    integer;
    sista     integer;
    nr        integer := 0;
BEGIN
    IF tolerans < 0 OR tolerans > 1000000 THEN
        RAISE EXCEPTION 'tolerance % is out of range', tolerans
            USING ERRCODE = '22023', DETAIL = 'The tolerance is 0 to 1000000 units of the last printed digit.';
    END IF;
    rad := string_to_array(hitta_tabell.text, E'\n');
    n := coalesce(cardinality(rad), 0);
    FOR i IN 1 .. n LOOP
        rad[i] := rtrim(rad[i], E'\r');
        tom[i] := btrim(rad[i]) = '';
        IF octet_length(rad[i]) <= 8192 AND EXISTS (SELECT FROM @extschema@.tabell_rubrik(rad[i])) THEN
            rubrik[i] := rad[i];
        END IF;
    END LOOP;
    FOR i IN REVERSE n .. 1 LOOP
        nasta_ej_tom[i] := CASE WHEN i = n THEN NULL WHEN NOT tom[i + 1] THEN i + 1 ELSE nasta_ej_tom[i + 1] END;
    END LOOP;
    -- a header printed one heading to a line (or a header line with the
    -- headings it lacks on the lines above): the lines above a row that, read
    -- as one line, make a header (the most lines, at most twelve); above a
    -- header line it is kept beside that line's own reading (tillagg)
    FOR i IN 1 .. n LOOP
        CONTINUE WHEN coalesce(stapel[i], false) OR tom[i];
        nasta := nasta_ej_tom[i];
        CONTINUE WHEN nasta IS NULL OR rubrik[nasta] IS NOT NULL OR rad[nasta] !~ '[0-9]'
                      OR rad[nasta] ~ '^\s*(\(?(19|20)[0-9]{2}\)?\s*)+$';
        ihop := coalesce(btrim(rubrik[i]), '');
        antal := CASE WHEN rubrik[i] IS NULL THEN 0 ELSE 1 END;
        basta := NULL;
        j := CASE WHEN rubrik[i] IS NULL THEN i ELSE i - 1 END;
        WHILE j >= 1 AND antal < 12 AND rubrik[j] IS NULL AND NOT coalesce(stapel[j], false) LOOP
            IF NOT tom[j] THEN
                antal := antal + 1;
                ihop := btrim(rad[j]) || CASE WHEN ihop = '' THEN '' ELSE ' ' || ihop END;
                IF antal >= 2 AND octet_length(ihop) <= 8192
                   AND EXISTS (SELECT FROM @extschema@.tabell_rubrik(ihop)) THEN
                    basta := j;
                    basta_text := ihop;
                END IF;
            END IF;
            j := j - 1;
        END LOOP;
        IF basta IS NOT NULL THEN
            IF rubrik[i] IS NULL THEN
                rubrik[i] := basta_text;
            ELSE
                tillagg[i] := basta_text;
            END IF;
            FOR j IN basta .. i LOOP
                stapel[j] := true;
            END LOOP;
        END IF;
    END LOOP;
    -- header blocks: header lines and stacks, blank lines between them allowed
    FOR i IN 1 .. n LOOP
        CONTINUE WHEN rubrik[i] IS NULL AND NOT coalesce(stapel[i], false);
        IF cardinality(slut) > 0
           AND btrim(array_to_string(rad[slut[cardinality(slut)] + 1 : i - 1], '')) = '' THEN
            slut[cardinality(slut)] := i;
        ELSE
            start := start || i;
            slut := slut || i;
        END IF;
    END LOOP;
    IF cardinality(start) = 0 THEN
        -- no header: the page is one table, if its rows read as one
        start := ARRAY[0];
        slut := ARRAY[0];
    END IF;

    FOR b IN 1 .. cardinality(start) LOOP
        fran := slut[b] + 1;
        till := CASE WHEN b < cardinality(start) THEN start[b + 1] - 1 ELSE n END;
        -- a sentence after the first line with a digit ends the table
        siffra := false;
        FOR i IN fran .. till LOOP
            EXIT WHEN i > fran AND siffra AND rad[i] ~ '[.!?]\s*$' AND regexp_count(rad[i], '\S+') >= 6;
            siffra := siffra OR rad[i] ~ '[0-9]';
            till := i;
        END LOOP;
        CONTINUE WHEN till < fran;
        block := array_to_string(rad[fran : till], E'\n');

        -- the counts the header lines name
        SELECT array_agg(DISTINCT c) FILTER (WHERE c BETWEEN 1 AND 64) AS nk,
               array_agg(DISTINCT c + d) FILTER (WHERE c + d BETWEEN 1 AND 64) AS grann
          INTO h
          FROM generate_series(start[b], slut[b]) l(l)
         CROSS JOIN LATERAL unnest(ARRAY[rubrik[l.l], tillagg[l.l]]) x(x)
         CROSS JOIN LATERAL @extschema@.tabell_rubrik(x.x) r
         CROSS JOIN LATERAL (SELECT cardinality(r.rubriker)) c(c)
         CROSS JOIN (VALUES (-1), (1)) d(d)
         WHERE l.l >= 1;

        -- every count that settles a row, each evaluated once: gissa_kolumner
        -- over 1 .. 12 (ordning: its order), and the header's counts beyond
        SELECT jsonb_agg(jsonb_build_object('kolumner', k.kolumner, 'rader', k.rader, 'avgjorda', k.avgjorda,
                                            'samband', k.samband, 'ordning', k.ordning))
          INTO kandidater
          FROM (SELECT g.kolumner, g.rader, g.avgjorda, g.samband, g.ordning
                  FROM @extschema@.gissa_kolumner(block, 12, tolerans)
                       WITH ORDINALITY g(kolumner, rader, avgjorda, samband, ordning)
                UNION ALL
                SELECT p.kolumner, p.rader, p.avgjorda, p.samband, NULL
                  FROM @extschema@.prova_kolumner(block, ARRAY(SELECT c FROM unnest(h.nk || h.grann) c WHERE c > 12),
                                                  tolerans) p
                 WHERE p.avgjorda > 0) k;
        -- the header's count, unless another settles more than twice as many rows
        SELECT p.kolumner, p.rader, p.avgjorda, p.samband, 'rubrik' AS enligt INTO val
          FROM jsonb_to_recordset(kandidater) p(kolumner integer, rader integer, avgjorda integer, samband text[])
         WHERE p.kolumner = ANY (h.nk)
         ORDER BY p.avgjorda DESC, p.kolumner DESC
         LIMIT 1;
        SELECT p.kolumner, p.rader, p.avgjorda, p.samband, 'rubrik och rader' AS enligt INTO annan
          FROM jsonb_to_recordset(kandidater) p(kolumner integer, rader integer, avgjorda integer, samband text[])
         WHERE p.kolumner = ANY (h.grann) AND NOT p.kolumner = ANY (h.nk)
         ORDER BY p.avgjorda DESC, p.kolumner
         LIMIT 1;
        -- gissa_kolumner's guess
        SELECT p.kolumner, p.rader, p.avgjorda, p.samband, 'rader' AS enligt INTO gissad
          FROM jsonb_to_recordset(kandidater) p(kolumner integer, rader integer, avgjorda integer, samband text[],
                                                ordning bigint)
         WHERE p.ordning IS NOT NULL
         ORDER BY p.ordning
         LIMIT 1;
        IF gissad.avgjorda > coalesce(annan.avgjorda, 0) AND NOT gissad.kolumner = ANY (coalesce(h.grann, '{}')) THEN
            annan := gissad;
        END IF;
        IF val IS NULL OR annan.avgjorda > 2 * val.avgjorda THEN
            val := annan;
        END IF;
        CONTINUE WHEN val IS NULL;

        SELECT min(t.rad), max(t.sista_rad) INTO forsta, sista
          FROM @extschema@.las_tabell(block, val.kolumner, nullif(val.samband, '{}'), tolerans) t;
        CONTINUE WHEN forsta IS NULL;

        nr := nr + 1;
        tabell := nr;
        rubrikrader := CASE WHEN start[b] > 0 THEN ARRAY(SELECT generate_series(start[b], slut[b])) END;
        forsta_rad := fran + forsta - 1;
        sista_rad := fran + sista - 1;
        kolumner := val.kolumner;
        kolumner_enligt := val.enligt;
        samband := val.samband;
        rader := val.rader;
        avgjorda := val.avgjorda;
        -- the headings: of the last header line naming this many columns
        rubriker := NULL;
        etikett := NULL;
        enhet := NULL;
        IF start[b] > 0 THEN
            SELECT r.rubriker, r.etikett INTO rubriker, etikett
              FROM generate_series(start[b], slut[b]) l(l)
             CROSS JOIN LATERAL unnest(ARRAY[tillagg[l.l], rubrik[l.l]]) WITH ORDINALITY x(x, o)
             CROSS JOIN LATERAL @extschema@.tabell_rubrik(x.x) r
             WHERE cardinality(r.rubriker) = val.kolumner
             ORDER BY l.l DESC, x.o LIMIT 1;
            SELECT r.enhet INTO enhet
              FROM generate_series(start[b], slut[b]) l(l)
             CROSS JOIN LATERAL unnest(ARRAY[tillagg[l.l], rubrik[l.l]]) WITH ORDINALITY x(x, o)
             CROSS JOIN LATERAL @extschema@.tabell_rubrik(x.x) r
             WHERE r.enhet IS NOT NULL
             ORDER BY l.l, x.o LIMIT 1;
            IF enhet IS NULL THEN
                SELECT lower(m[1]) INTO enhet
                  FROM generate_series(greatest(1, start[b] - 3), start[b] - 1) l(l)
                 CROSS JOIN LATERAL regexp_match(rad[l.l], '(?:^|[^[:alpha:]])(tkr|mnkr|mkr|mdkr)(?:[^[:alpha:]]|$)', 'i') m
                 WHERE m IS NOT NULL
                 ORDER BY l.l DESC LIMIT 1;
            END IF;
        END IF;
        RETURN NEXT;
    END LOOP;
END
$fn$;
COMMENT ON FUNCTION @extschema@.hitta_tabell(text, integer) IS
    'the tables on a pasted page of a report: for each, the lines of its header (rubrikrader, tabell_rubrik), the first and last line of its rows, the number of columns of figures (kolumner: the count a header line names, unless one more or fewer or the guess of gissa_kolumner settles more than twice as many rows; kolumner_enligt says which), the headings of the columns and over the labels, the unit the header or a line above it names, the relations the rows satisfy (foresla_samband) and how many rows read complete and settled with them; a table ends at the next header, a sentence or the end of the page; 22023 for a bad tolerans';

-- A pasted page read as tables, with what hitta_tabell found: the rows of
-- each table as las_tabell reads them with its columns, relations and unit.
CREATE FUNCTION @extschema@.las_sida(text text, tolerans integer DEFAULT 1)
    RETURNS TABLE (tabell integer, rad integer, sista_rad integer, kod text, benamning text,
                   varden numeric[], procent boolean[], entydig boolean, ofullstandig boolean,
                   tolkningar bigint, meddelande text, belopp @extschema@.belopp[])
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $fn$
#variable_conflict use_column
DECLARE
    sidans_rader text[] := string_to_array(las_sida.text, E'\n');
BEGIN
    RETURN QUERY
        SELECT h.tabell, h.forsta_rad + t.rad - 1, h.forsta_rad + t.sista_rad - 1, t.kod, t.benamning,
               t.varden, t.procent, t.entydig, t.ofullstandig, t.tolkningar, t.meddelande, t.belopp
          FROM @extschema@.hitta_tabell(las_sida.text, las_sida.tolerans) h
         CROSS JOIN LATERAL @extschema@.las_tabell(array_to_string(sidans_rader[h.forsta_rad : h.sista_rad], E'\n'),
                                                   h.kolumner, nullif(h.samband, '{}'), las_sida.tolerans,
                                                   h.enhet) t
         ORDER BY 1, 2;
END
$fn$;
COMMENT ON FUNCTION @extschema@.las_sida(text, integer) IS
    'a pasted page of a report read as tables without knowing their layout: the rows of each table hitta_tabell finds (tabell its number), read by las_tabell with the columns, relations and unit found (belopp in kronor when the unit is known); rad and sista_rad are lines of the page; 22023 for a bad tolerans';
