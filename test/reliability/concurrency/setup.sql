-- Set-up of the concurrency test (test/e2e/concurrency.sh): report tables of
-- :komm committees K01.. with 20 units each, the rows Intäkter and Kostnader
-- under Nettokostnad, and the schema prov with what the pgbench scripts call
-- and what they leave behind to check afterwards.
--
--   prov.liggare     every load that committed, written in its transaction;
--                    ordning is drawn after las_in_utfall, so of two loads of
--                    one committee month that las_in_utfall serialises (row
--                    locks held to commit) the one that commits later has
--                    the higher ordning
--   prov.fel         every error the scripts expect and catch (55000), by script
--   prov.lasning     every report read: rows, and rows that differ from a
--                    plain recomputation in the same snapshot
--   prov.stangd_obs  what a report read saw of each closed month (count, sum)
--
-- An error the scripts do not expect is not caught: pgbench aborts that
-- client and the test fails.

CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;

INSERT INTO namnd (kod, namn, kommun)
SELECT 'K' || lpad(i::text, 2, '0'), 'Nämnd ' || i, 'Provstad' FROM generate_series(1, :komm) i;
INSERT INTO enhet (namnd, kod, namn, ordning)
SELECT 'K' || lpad(i::text, 2, '0'), 'E' || j, 'Enhet ' || j, j
  FROM generate_series(1, :komm) i, generate_series(1, 20) j;
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', NULL, 30),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 10),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 20);

CREATE SCHEMA prov;
CREATE SEQUENCE prov.las_id;
CREATE SEQUENCE prov.ordning;
CREATE TABLE prov.liggare (
    id       bigint PRIMARY KEY,
    ordning  bigint NOT NULL UNIQUE,
    klient   integer NOT NULL,
    namnd    text NOT NULL,
    manad    integer NOT NULL,
    enheter  integer NOT NULL,
    tid      timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE prov.fel (
    skript      text NOT NULL,
    klient      integer NOT NULL,
    sqlstate    text NOT NULL,
    meddelande  text NOT NULL,
    tid         timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE prov.lasning (
    klient     integer NOT NULL,
    namnd      text NOT NULL,
    manad      integer NOT NULL,
    rader      bigint NOT NULL,
    avvikande  bigint NOT NULL,
    tid        timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE prov.stangd_obs (
    namnd       text NOT NULL,
    manad       integer NOT NULL,
    stangd_tid  timestamptz NOT NULL,
    rader       bigint NOT NULL,
    summa       numeric,
    tid         timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE FUNCTION prov.namnd(k integer) RETURNS text
    LANGUAGE sql IMMUTABLE RETURN 'K' || lpad(k::text, 2, '0');

-- What load ID stores for unit E<e>, row r: known from the ID alone.
CREATE FUNCTION prov.belopp(id bigint, e integer, r text) RETURNS numeric
    LANGUAGE sql IMMUTABLE
    RETURN CASE r WHEN 'INT' THEN id * 100 + e + 0.37 ELSE -(id * 70 + e * 3 + 0.89) END;

-- The rows a load stores, from the ledger: (namnd, enhet, rad, period, belopp, kalla).
CREATE FUNCTION prov.rader(id bigint, k text, m integer, n integer)
    RETURNS TABLE (namnd text, enhet text, rad text, manad integer, belopp numeric, kalla text)
    LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT k, 'E' || e, r, m, prov.belopp(id, e, r), 'las ' || id
      FROM generate_series(1, n) e, unnest(ARRAY['INT', 'KOST']) r;
END;

-- Load the outcome of committee k, month m of 2024 through the staging table:
-- units E1..En, Intäkter as one staged line, Kostnader as two that the load
-- adds up.  A closed month (55000) is recorded and is no failure.
CREATE FUNCTION prov.las(klient integer, k integer, m integer, n integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path = prov, kommunrapport, pg_catalog
AS $$
DECLARE
    id bigint := nextval('prov.las_id');
BEGIN
    INSERT INTO kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp, kalla)
    SELECT x.namnd, x.enhet, x.rad, kommunrapport.period(2024, m, m), d.b::kommunrapport.belopp, x.kalla
      FROM prov.rader(id, prov.namnd(k), m, n) x
     CROSS JOIN LATERAL (SELECT x.belopp WHERE x.rad = 'INT'
                         UNION ALL SELECT -(id * 70) WHERE x.rad = 'KOST'
                         UNION ALL SELECT x.belopp + id * 70 WHERE x.rad = 'KOST') d(b);
    PERFORM * FROM kommunrapport.las_in_utfall();
    INSERT INTO prov.liggare (id, ordning, klient, namnd, manad, enheter)
    VALUES (id, nextval('prov.ordning'), klient, prov.namnd(k), m, n);
EXCEPTION WHEN SQLSTATE '55000' THEN
    INSERT INTO prov.fel (skript, klient, sqlstate, meddelande) VALUES ('load', klient, SQLSTATE, SQLERRM);
END $$;

CREATE FUNCTION prov.stang(klient integer, k integer, m integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path = prov, kommunrapport, pg_catalog
AS $$
BEGIN
    PERFORM kommunrapport.stang_period(prov.namnd(k), kommunrapport.period(2024, m, m));
END $$;

-- Reopen; a month that is not closed (55000) is recorded and is no failure.
CREATE FUNCTION prov.oppna(klient integer, k integer, m integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path = prov, kommunrapport, pg_catalog
AS $$
BEGIN
    PERFORM kommunrapport.oppna_period(prov.namnd(k), kommunrapport.period(2024, m, m),
                                       'omprövning ' || klient);
EXCEPTION WHEN SQLSTATE '55000' THEN
    INSERT INTO prov.fel (skript, klient, sqlstate, meddelande) VALUES ('reopen', klient, SQLSTATE, SQLERRM);
END $$;

-- The outcome column of driftsammandrag recomputed with plain SQL over the
-- stored months: per unit and row, per unit for Nettokostnad, and for the
-- committee (enhet NULL) -- every unit here is directly under its committee
-- and every row is signed 'resultat', so a subtotal is a plain sum.
CREATE FUNCTION prov.forvantat(p_namnd text, sista integer)
    RETURNS TABLE (namnd text, enhet text, rad text, utfall numeric)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT u.namnd, e.enhet, r.rad, sum(u.belopp::numeric)
      FROM kommunrapport.utfall u
     CROSS JOIN LATERAL (VALUES (u.enhet), (NULL)) e(enhet)
     CROSS JOIN LATERAL (VALUES (u.rad), ('NETTO')) r(rad)
     WHERE (p_namnd IS NULL OR u.namnd = p_namnd) AND u.ar = 2024
       AND kommunrapport.forsta_manad(u.period) = kommunrapport.sista_manad(u.period)
       AND kommunrapport.sista_manad(u.period) <= sista
     GROUP BY u.namnd, e.enhet, r.rad;
END;

-- Rows of driftsammandrag(2024, jan..sista, p_namnd) whose outcome differs from
-- the recomputation, or that one of the two lacks; in one statement, so one
-- snapshot.
CREATE FUNCTION prov.avvikelser(p_namnd text, sista integer)
    RETURNS TABLE (rader bigint, avvikande bigint)
    LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(d.rad),
           count(*) FILTER (WHERE d.rad IS NULL OR x.rad IS NULL OR d.utfall IS DISTINCT FROM x.utfall)
      FROM (SELECT d.namnd_kod, d.enhet, d.rad, d.utfall
              FROM kommunrapport.driftsammandrag(2024, kommunrapport.period(2024, 1, sista), p_namnd) d) d
      FULL JOIN prov.forvantat(p_namnd, sista) x
        ON x.namnd = d.namnd_kod AND coalesce(x.enhet, '') = coalesce(d.enhet, '') AND x.rad = d.rad;
END;

-- A report read: driftsammandrag against the recomputation, the rounded
-- report, and what the closed months of the committee hold.
CREATE FUNCTION prov.rapport(klient integer, k integer, m integer) RETURNS void
    LANGUAGE plpgsql
    SET search_path = prov, kommunrapport, pg_catalog
AS $$
BEGIN
    INSERT INTO prov.lasning (klient, namnd, manad, rader, avvikande)
    SELECT klient, prov.namnd(k), m, a.rader, a.avvikande FROM prov.avvikelser(prov.namnd(k), m) a;
    PERFORM * FROM kommunrapport.driftsammandrag_avrundad(2024, kommunrapport.period(2024, 1, m),
                                                          prov.namnd(k), 'tkr', 0);
    INSERT INTO prov.stangd_obs (namnd, manad, stangd_tid, rader, summa)
    SELECT s.namnd, s.manad, s.stangd_tid, count(u.belopp), sum(u.belopp::numeric)
      FROM kommunrapport.stangd_manad s
      LEFT JOIN kommunrapport.utfall u
        ON u.namnd = s.namnd AND u.ar = s.ar AND u.period = kommunrapport.period(s.ar, s.manad, s.manad)
     WHERE s.namnd = prov.namnd(k) AND s.ar = 2024
     GROUP BY s.namnd, s.manad, s.stangd_tid;
END $$;
