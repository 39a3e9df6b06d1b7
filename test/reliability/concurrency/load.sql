-- A load through the staging table: the client's own committee, a random
-- month, units E1..En (n random, so that a reload also deletes rows).
\set k (:client_id % :komm) + 1
\set m random(1, 12)
\set n random(1, 20)
SELECT prov.las(:client_id, :k, :m, :n);
