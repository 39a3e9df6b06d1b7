
-----------------------------------------------------------------------------
-- outcome, budget, frames and frame adjustments carry their rounding unit
-----------------------------------------------------------------------------
-- 0.2.0 stores with every figure the unit it was rounded to (avrundning, in
-- kr; 0.01 = exact, as a ledger books it), so that the reconciliation never
-- infers it.  0.1.0 inferred it at every check from the figures themselves:
-- the coarsest unit of 1 000 000 … 0.01 kr that they are all whole multiples
-- of (avrundningsenhet).  The rows stored under 0.1.0 are given, once, the
-- unit inferred that way over the rows that came from one source (utfall:
-- committee, period and kalla; budget: committee, period and beslut; a frame
-- and an adjustment: its own figure), which gives every check the unit it
-- used before.  Only the new column is written: no amount changes, and the
-- triggers (closed periods, the change log, the append-only ledger) are not
-- fired for it (session_replication_role), as it is no edit of anybody's.

ALTER TABLE @extschema@.utfall
    ADD COLUMN avrundning numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0);
ALTER TABLE @extschema@.budget
    ADD COLUMN avrundning numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0);
ALTER TABLE @extschema@.budgetram
    ADD COLUMN avrundning numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0);
ALTER TABLE @extschema@.ramjustering
    ADD COLUMN avrundning numeric NOT NULL DEFAULT 0.01 CHECK (avrundning > 0);

COMMENT ON TABLE @extschema@.utfall IS
    'outcome: one month as the ERP books it, or a year-to-date period as a published report gives it; signed as the row says; avrundning = the unit the figure was rounded to where it came from, in kr (0.01: exact, as a ledger books it)';
COMMENT ON TABLE @extschema@.budget IS
    'budget: the annual budget (period = the whole year, optionally with a spreading profile) or a published year-to-date budget, each version in force from giltig_fran; avrundning = the unit the figure was rounded to, in kr (0.01: exact)';
COMMENT ON TABLE @extschema@.budgetram IS
    'the original frame (ram, kommunbidrag) of a committee for a year, as the council decided it; avrundning = the unit the decision states it in, in kr (1000000 for whole mnkr)';
COMMENT ON TABLE @extschema@.ramjustering IS
    'append-only ledger of frame adjustments: date, amount, kind, the decision (body and reference) and a comment; a correction is a new entry (slag rattelse) that names the entry it corrects; avrundning = the unit the decision states the amount in, in kr';

DO $$
DECLARE
    fore text := pg_catalog.current_setting('session_replication_role');
    kalla text[];
BEGIN
    PERFORM pg_catalog.set_config('session_replication_role', 'replica', true);
    -- outcome by committee, period and kalla; budget by committee, period and beslut
    FOREACH kalla SLICE 1 IN ARRAY ARRAY[['utfall', 'kalla'], ['budget', 'beslut']] LOOP
        EXECUTE pg_catalog.format(
            'UPDATE @extschema@.%1$I t SET avrundning = k.enh
               FROM (SELECT x.namnd, x.period, x.%2$I AS kalla,
                            @extschema@.avrundningsenhet(pg_catalog.array_agg(@extschema@.kronor(x.belopp))) AS enh
                       FROM @extschema@.%1$I x
                      GROUP BY x.namnd, x.period, x.%2$I) k
              WHERE k.namnd = t.namnd AND k.period OPERATOR(pg_catalog.=) t.period
                AND k.kalla IS NOT DISTINCT FROM t.%2$I AND k.enh OPERATOR(pg_catalog.<>) t.avrundning',
            kalla[1], kalla[2]);
    END LOOP;
    UPDATE @extschema@.budgetram r
       SET avrundning = @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(r.belopp)]);
    UPDATE @extschema@.ramjustering j
       SET avrundning = @extschema@.avrundningsenhet(ARRAY[@extschema@.kronor(j.belopp)]);
    PERFORM pg_catalog.set_config('session_replication_role', fore, true);
END $$;
