
-----------------------------------------------------------------------------
-- views for reporting tools: plain numeric and text columns, the latest period
-----------------------------------------------------------------------------
-- Every view is security_invoker, so row-level security applies to the person
-- querying, not to the view's owner.

CREATE VIEW @extschema@.senaste_period WITH (security_invoker = true) AS
SELECT u.ar, @extschema@.period(u.ar, 1, max(@extschema@.sista_manad(u.period))) AS period
  FROM @extschema@.utfall u
 WHERE u.ar = (SELECT max(ar) FROM @extschema@.utfall)
 GROUP BY u.ar;
COMMENT ON VIEW @extschema@.senaste_period IS
    'the latest year with outcome, and its accumulated period up to the latest month with outcome';

CREATE VIEW @extschema@.driftsammandrag_senaste WITH (security_invoker = true) AS
SELECT s.period::text AS period, d.*
  FROM @extschema@.senaste_period s,
       LATERAL @extschema@.driftsammandrag(s.ar, s.period) d;
COMMENT ON VIEW @extschema@.driftsammandrag_senaste IS
    'driftsammandrag for the latest period with outcome, every committee the reader may see';

CREATE VIEW @extschema@.budget_gallande WITH (security_invoker = true) AS
SELECT DISTINCT ON (b.namnd, b.enhet, b.rad, b.period)
       b.namnd, b.enhet, b.rad, b.period::text AS period, b.ar, b.giltig_fran,
       @extschema@.kronor(b.belopp) AS belopp, b.beslut
  FROM @extschema@.budget b
 WHERE b.giltig_fran <= current_date
 ORDER BY b.namnd, b.enhet, b.rad, b.period, b.giltig_fran DESC;
COMMENT ON VIEW @extschema@.budget_gallande IS
    'the budget version in force today for each unit, row and period, in plain numeric kronor';

CREATE VIEW @extschema@.utfall_manad WITH (security_invoker = true) AS
SELECT u.namnd, u.enhet, u.rad, u.ar, @extschema@.forsta_manad(u.period) AS manad,
       @extschema@.kronor(u.belopp) AS belopp, u.kalla
  FROM @extschema@.utfall u
 WHERE @extschema@.manader(u.period) = 1;
COMMENT ON VIEW @extschema@.utfall_manad IS
    'monthly outcome as the ERP booked it, in plain numeric kronor';
