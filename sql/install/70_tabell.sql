
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
    SELECT k.k, x.rader, x.avgjorda, s.samband
      FROM pg_catalog.generate_series(1, gissa_kolumner.hogst) k(k)
     CROSS JOIN LATERAL (
           SELECT coalesce(pg_catalog.array_agg(f.samband), '{}') AS samband
             FROM @extschema@.foresla_samband(gissa_kolumner.text, k.k, gissa_kolumner.tolerans) f) s
     CROSS JOIN LATERAL (
           SELECT (count(*) FILTER (WHERE NOT t.ofullstandig))::integer AS rader,
                  (count(*) FILTER (WHERE NOT t.ofullstandig AND t.entydig))::integer AS avgjorda
             FROM @extschema@.las_tabell(gissa_kolumner.text, k.k, nullif(s.samband, '{}'),
                                         gissa_kolumner.tolerans) t) x
     WHERE x.avgjorda > 0
     ORDER BY CASE WHEN k.k > 1 THEN x.avgjorda ELSE 0 END DESC, k.k;
END;
COMMENT ON FUNCTION @extschema@.gissa_kolumner(text, integer, integer) IS
    'the number of columns of figures of a pasted table, guessed: each count from 1 to hogst read with the relations foresla_samband proposes for it; best first: the most rows settled (complete and read in one way), then the fewest columns, one column only when no wider reading settles a row; rader complete rows, avgjorda settled rows, samband the relations used; no rows for hogst below 1, 22023 for hogst over 64';
