#!/usr/bin/env bash
# Finding: a load in flight when a period is closed still commits into the
# closed month.  The period lock (trigger skydda_stangd_period) reads
# stangd_manad when each row is written; stang_period takes no lock that
# conflicts with a load, so a load that passed the check before the close
# committed commits after it.  A report read after the close then shows
# figures for the closed month that change later, with no reopening logged.
#
#   L: stage K1 March, las_in_utfall (the lock finds March open) ... COMMIT
#   C:      stang_period('K1', '2024-03')  -- commits at once
#   R:           March total read: the old figure, March closed
#   L: COMMIT succeeds
#   R: March total read again: the new figure, March still closed, log shows no reopening
#
# Run in a cluster with the extension installed (PGHOST/PGPORT/PGUSER), e.g.
#   . test/cluster.sh; in_cluster bash test/reliability/findings/concurrency_close_race.sh
# Exit status 1 while the finding reproduces, 0 once it is fixed (the load
# fails with 55000 or the close waits for it, so the figure read after the
# close is final).
set -u
db=kr_finding_close
dropdb --if-exists "$db" > /dev/null 2>&1; createdb "$db" || exit 2
trap 'dropdb --if-exists "$db" > /dev/null 2>&1' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" > /dev/null <<'SQL' || exit 2
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport;
INSERT INTO namnd (kod, namn) VALUES ('K1', 'Nämnd 1');
INSERT INTO enhet (namnd, kod, namn) VALUES ('K1', 'E1', 'Enhet 1');
INSERT INTO rad (kod, namn, slag, tecken) VALUES ('INT', 'Intäkter', 'intakt', 'resultat');
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES ('K1', 'E1', 'INT', '2024-03', '1000');
SQL
read_march() {
	psql -X -A -t -d "$db" -c "SELECT (SELECT sum(belopp::numeric) FROM kommunrapport.utfall WHERE period = '2024-03')
	                                  || ' closed=' || EXISTS (SELECT 1 FROM kommunrapport.stangd_manad WHERE namnd = 'K1' AND manad = 3)"
}
psql -X -q -v ON_ERROR_STOP=1 -d "$db" > load.out 2>&1 <<'SQL' &
BEGIN;
INSERT INTO kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp) VALUES ('K1', 'E1', 'INT', '2024-03', '2500');
SELECT count(*) FROM kommunrapport.las_in_utfall();
SELECT pg_sleep(2);
COMMIT;
SQL
pl=$!
sleep 0.7
psql -X -q -d "$db" -c "SELECT kommunrapport.stang_period('K1', '2024-03')" > /dev/null
after_close=$(read_march)
wait $pl; rc=$?
final=$(read_march)
log=$(psql -X -A -t -d "$db" -c "SELECT string_agg(handelse, ',' ORDER BY id) FROM kommunrapport.stangningslogg")
echo "read after the close: $after_close; load exit status $rc; read after the load: $final; close log: $log"
grep ERROR load.out; rm -f load.out
if [ "$after_close" = "$final" ]; then
	echo "fixed: the figure read after the close is final"
	exit 0
fi
echo "FINDING REPRODUCED: March changed from ${after_close%% *} to ${final%% *} after it was closed, no reopening logged"
exit 1
