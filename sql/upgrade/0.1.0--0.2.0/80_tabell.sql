
-----------------------------------------------------------------------------
-- the table reader reads published typography: its comment says so
-----------------------------------------------------------------------------
-- las_tabellrad and las_tabell keep their signatures; the C library reads a
-- minus printed as a dash set apart, a dash in an empty cell (a NULL element of
-- varden), parentheses, footnote marks and text cells after the figures.

COMMENT ON FUNCTION @extschema@.las_tabellrad(text, integer, text[], integer) IS
    'reads one line of a report table ("509 - Hemtjänst 187 187 0 191") into its code, name and kolumner exact figures, choosing how space-separated digit groups join into numbers (a minus printed as a dash set apart, parentheses for negatives, footnote marks and text cells after the figures are read as published tables print them; a dash in an empty cell is a NULL element of varden); samband (''3 = 2 - 1'', ''4 = 1 / 2 %'') decide among the readings within tolerans units of the last printed digit; varden is NULL unless exactly one reading fits (entydig), a row with fewer figures than columns is returned with the figures it has (ofullstandig), and meddelande says why; 22023 for bad kolumner, tolerans or samband, 54000 for a line over 8192 bytes';
