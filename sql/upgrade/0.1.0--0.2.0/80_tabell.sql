
-----------------------------------------------------------------------------
-- the table reader: published typography, and the figures as belopp
-----------------------------------------------------------------------------
-- The C library reads a minus printed as a dash set apart, a dash in an empty
-- cell (a NULL element of varden), parentheses, footnote marks and text cells
-- after the figures; las_tabellrad and las_tabell take the unit of the table
-- (enhet) and return the figures as belopp[] as well.  A new argument and a
-- new result column change the signatures, so the 0.1.0 functions go (no
-- object of the extension calls them).

DROP FUNCTION @extschema@.las_tabellrad(text, integer, text[], integer);
DROP FUNCTION @extschema@.las_tabell(text, integer, text[], integer);

--@ skapa 70_tabell.sql: FUNCTION las_tabellrad, FUNCTION las_tabell

-- new in 0.2.0: the relations a table's figures satisfy, proposed, and the
-- number of its columns, guessed
--@ skapa 70_tabell.sql: FUNCTION foresla_samband, FUNCTION prova_kolumner, FUNCTION gissa_kolumner

-- new in 0.2.0: a table found on a pasted page, by its header
--@ skapa 70_tabell.sql: FUNCTION tabell_rubrik, FUNCTION hitta_tabell, FUNCTION las_sida
