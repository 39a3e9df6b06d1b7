-- Read driftsammandrag (checked against a plain recomputation in the same
-- snapshot), driftsammandrag_avrundad and the closed months of a random
-- committee, for a random year-to-date period.
\set k random(1, :komm)
\set m random(1, 12)
SELECT prov.rapport(:client_id, :k, :m);
