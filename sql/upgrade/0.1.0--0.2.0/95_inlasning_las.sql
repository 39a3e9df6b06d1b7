
-----------------------------------------------------------------------------
-- loading: a fixed search_path, and loads of one slice wait for each other
-----------------------------------------------------------------------------
-- A PL/pgSQL body is parsed when it first runs, with the caller's search_path:
-- someone else's functions and operators earlier on it (count(record),
-- =(text, text), max(text), ...) would be called instead of the built-in
-- ones, so both loads fix their path.  Two loads of the same committee and
-- period take an advisory lock first, so that they no longer mix or deadlock
-- (see sql/install/58_inlasning.sql).

--@ ersatt 58_inlasning.sql: FUNCTION las_in_utfall, FUNCTION las_in_prognos
