-- Close a random month of a random committee (often another client's).
\set k random(1, :komm)
\set m random(1, 12)
SELECT prov.stang(:client_id, :k, :m);
