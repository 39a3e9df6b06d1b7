
-- a transfer's legs are checked whatever the inserting role may see ----------------

-- 0.1.0 added up the legs of a transfer between committees with the inserting
-- role's row-level security, so a role granted one side saw only its legs;
-- the check now reads every leg as its owner and refuses (42501) a role not
-- granted the committee of each (sql/install/80_avstamning.sql).

--@ ersatt 80_avstamning.sql: FUNCTION kontrollera_omfordelning
