
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
