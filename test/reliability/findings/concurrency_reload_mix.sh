#!/usr/bin/env bash
# Finding: two loads of the same committee month that overlap in time leave a
# mix of both.  "A reload replaces what it covers" holds for loads one after
# another, not for concurrent ones: las_in_utfall's DELETE of the rows the new
# load lacks runs with a snapshot that cannot see the other load's
# uncommitted inserts, so they survive.
#
#   T1: stage units E1..E5 of K1 March, las_in_utfall, (still open) ... COMMIT
#   T2:      stage units E1..E2 of K1 March, las_in_utfall -> waits for T1's
#            inserted E1, then updates E1, E2 ... COMMIT (last)
#   stored afterwards: E1, E2 from T2 and E3..E5 from T1 (10 rows), where the
#   load that committed last holds 4.
#
# Run in a cluster with the extension installed (PGHOST/PGPORT/PGUSER), e.g.
#   . test/cluster.sh; in_cluster bash test/reliability/findings/concurrency_reload_mix.sh
# Exit status 1 while the finding reproduces, 0 once it is fixed.
set -u
db=kr_finding_mix
dropdb --if-exists "$db" > /dev/null 2>&1; createdb "$db" || exit 2
trap 'dropdb --if-exists "$db" > /dev/null 2>&1' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" > /dev/null <<'SQL' || exit 2
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport;
INSERT INTO namnd (kod, namn) VALUES ('K1', 'Nämnd 1');
INSERT INTO enhet (namnd, kod, namn) SELECT 'K1', 'E' || j, 'Enhet ' || j FROM generate_series(1, 5) j;
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', NULL, 30),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 10),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 20);
SQL
load() {   # NAME UNITS SLEEP
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" <<SQL
BEGIN;
INSERT INTO kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp, kalla)
SELECT 'K1', 'E' || e, r, '2024-03', 100 * e, '$1' FROM generate_series(1, $2) e, unnest(ARRAY['INT', 'KOST']) r;
SELECT count(*) FROM kommunrapport.las_in_utfall();
SELECT pg_sleep($3);
SELECT '$1 commits at', clock_timestamp();
COMMIT;
SQL
}
load T1 5 2 > t1.out 2>&1 &
p1=$!
sleep 0.5
load T2 2 0 > t2.out 2>&1
wait $p1
cat t1.out t2.out | grep -E 'commits|ERROR'; rm -f t1.out t2.out
got=$(psql -X -A -t -d "$db" -c "SELECT count(*) || ' rows: ' || string_agg(enhet || '/' || rad || '=' || kalla, ' ' ORDER BY enhet, rad) FROM kommunrapport.utfall")
echo "stored: $got"
if [ "${got%% *}" = 4 ]; then
	echo "fixed: K1 March holds what the load that committed last (T2) staged"
	exit 0
fi
echo "FINDING REPRODUCED: K1 March holds a mix of T1 and T2; T2 committed last and staged 4 rows"
exit 1
