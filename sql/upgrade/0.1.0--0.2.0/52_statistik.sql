
-- 0.2.0 gives the planner the number of (committee, unit, row) groups of the
-- outcome and the budget, so that the reports' reads of a large year get
-- parallel plans.
--@ skapa 50_tabeller.sql: STATISTICS utfall_grupper, STATISTICS budget_grupper
