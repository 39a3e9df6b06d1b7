
-----------------------------------------------------------------------------
-- loading from the ERP: staging tables and idempotent load functions
-----------------------------------------------------------------------------
-- The ERP (or a person) COPYs rows into a staging table and calls the load
-- function in the same transaction.  Loading the same month twice gives the
-- same result as loading it once: a load replaces what it covers.  Plain
-- INSERT or COPY into utfall, budget and prognos works too.

CREATE TABLE @extschema@.inlasning_utfall (
    namnd   text NOT NULL,
    enhet   text NOT NULL,
    rad     text NOT NULL,
    period  @extschema@.period NOT NULL,
    belopp  @extschema@.belopp NOT NULL,
    kalla   text
);
COMMENT ON TABLE @extschema@.inlasning_utfall IS
    'staging for outcome: COPY rows here, then call las_in_utfall(); emptied by the load';

CREATE TABLE @extschema@.inlasning_prognos (
    namnd   text NOT NULL,
    enhet   text NOT NULL,
    rad     text NOT NULL,
    ar      integer NOT NULL,
    omgang  text NOT NULL,
    belopp  @extschema@.belopp NOT NULL
);
COMMENT ON TABLE @extschema@.inlasning_prognos IS
    'staging for forecasts: COPY rows here, then call las_in_prognos(); emptied by the load';

ALTER TABLE @extschema@.inlasning_utfall ENABLE ROW LEVEL SECURITY;
ALTER TABLE @extschema@.inlasning_prognos ENABLE ROW LEVEL SECURITY;
CREATE POLICY namnd_behorighet ON @extschema@.inlasning_utfall
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
CREATE POLICY namnd_behorighet ON @extschema@.inlasning_prognos
    USING (@extschema@.behorig(namnd, current_user)) WITH CHECK (@extschema@.behorig(namnd, current_user));
COMMENT ON POLICY namnd_behorighet ON @extschema@.inlasning_utfall IS 'a role stages outcome only for committees it is granted';
COMMENT ON POLICY namnd_behorighet ON @extschema@.inlasning_prognos IS 'a role stages forecasts only for committees it is granted';

CREATE FUNCTION @extschema@.las_in_utfall()
    RETURNS TABLE (namnd text, period text, rader bigint)
    LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    -- everything stored for a staged committee and period is replaced
    DELETE FROM @extschema@.utfall u
     USING (SELECT DISTINCT s.namnd, s.period FROM @extschema@.inlasning_utfall s) k
     WHERE u.namnd = k.namnd AND u.period = k.period;
    RETURN QUERY
    WITH ny AS (
        INSERT INTO @extschema@.utfall (namnd, enhet, rad, period, belopp, kalla)
        SELECT s.namnd, s.enhet, s.rad, s.period, @extschema@.sum(s.belopp), max(s.kalla)
          FROM @extschema@.inlasning_utfall s
         GROUP BY s.namnd, s.enhet, s.rad, s.period
        RETURNING utfall.namnd, utfall.period
    )
    SELECT ny.namnd, ny.period::text, count(*) FROM ny GROUP BY ny.namnd, ny.period ORDER BY 1, 2;
    DELETE FROM @extschema@.inlasning_utfall;
END $$;
COMMENT ON FUNCTION @extschema@.las_in_utfall() IS
    'load staged outcome: for each staged committee and period, replace what is stored with the staged rows (summed per unit and row); returns the rows loaded';

CREATE FUNCTION @extschema@.las_in_prognos()
    RETURNS TABLE (namnd text, ar integer, omgang text, rader bigint)
    LANGUAGE plpgsql VOLATILE
AS $$
BEGIN
    DELETE FROM @extschema@.prognos f
     USING (SELECT DISTINCT s.namnd, s.ar, s.omgang FROM @extschema@.inlasning_prognos s) k
     WHERE f.namnd = k.namnd AND f.ar = k.ar AND f.omgang = k.omgang;
    RETURN QUERY
    WITH ny AS (
        INSERT INTO @extschema@.prognos (namnd, enhet, rad, ar, omgang, belopp)
        SELECT s.namnd, s.enhet, s.rad, s.ar, s.omgang, @extschema@.sum(s.belopp)
          FROM @extschema@.inlasning_prognos s
         GROUP BY s.namnd, s.enhet, s.rad, s.ar, s.omgang
        RETURNING prognos.namnd, prognos.ar, prognos.omgang
    )
    SELECT ny.namnd, ny.ar, ny.omgang, count(*) FROM ny GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
    DELETE FROM @extschema@.inlasning_prognos;
END $$;
COMMENT ON FUNCTION @extschema@.las_in_prognos() IS
    'load staged forecasts: for each staged committee and round, replace what is stored with the staged rows; returns the rows loaded';

CREATE FUNCTION @extschema@.satt_budget(namnd text, enhet text, rad text, p @extschema@.period,
                                        giltig_fran date, belopp @extschema@.belopp,
                                        profil numeric[] DEFAULT NULL, beslut text DEFAULT NULL)
    RETURNS void
    LANGUAGE sql VOLATILE
BEGIN ATOMIC
    INSERT INTO @extschema@.budget (namnd, enhet, rad, period, giltig_fran, belopp, profil, beslut)
    VALUES (namnd, enhet, rad, p, giltig_fran, belopp, profil, beslut)
    ON CONFLICT ON CONSTRAINT budget_pkey
    DO UPDATE SET belopp = excluded.belopp, profil = excluded.profil, beslut = excluded.beslut;
END;
COMMENT ON FUNCTION @extschema@.satt_budget(text, text, text, @extschema@.period, date, @extschema@.belopp, numeric[], text) IS
    'store a budget version (idempotent: the same version twice is stored once; a changed figure replaces it and is logged)';
