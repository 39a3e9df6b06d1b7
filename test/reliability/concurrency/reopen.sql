-- Reopen a random month of a random committee (55000 when it is not closed).
\set k random(1, :komm)
\set m random(1, 12)
SELECT prov.oppna(:client_id, :k, :m);
