#!/usr/bin/env bash
# Finding: concurrent loads of the same committee month deadlock (40P01).
# las_in_utfall deletes, updates and inserts the rows of a committee month in
# whatever order its plans produce, which differs between two loads of
# different sizes, and takes no lock on the committee month first (the server
# log shows the deadlocks in its UPDATE and its DELETE).  Two pgbench
# clients loading committee K01, random months and units, for a while
# (SECONDS_RUN, default 20), using the concurrency test's set-up and load script.
#
# Run in a cluster with the extension installed (PGHOST/PGPORT/PGUSER), e.g.
#   . test/cluster.sh; in_cluster bash test/reliability/findings/concurrency_deadlock.sh
# Exit status 1 while deadlocks occur, 0 when none did.
set -u
top=$(cd "$(dirname "$0")/../../.." && pwd)
PG_CONFIG=${PG_CONFIG:-$(ls /usr/lib/postgresql/15/bin/pg_config 2>/dev/null || echo pg_config)}
db=kr_finding_deadlock
dropdb --if-exists "$db" > /dev/null 2>&1; createdb "$db" || exit 2
trap 'dropdb --if-exists "$db" > /dev/null 2>&1' EXIT
psql -X -q -v ON_ERROR_STOP=1 -v komm=1 -d "$db" -f "$top/test/reliability/concurrency/setup.sql" > /dev/null || exit 2
"$($PG_CONFIG --bindir)/pgbench" -n -c 2 -j 2 -T "${SECONDS_RUN:-20}" -D komm=1 --failures-detailed \
	-f "$top/test/reliability/concurrency/load.sql" "$db" > pgbench.out 2>&1
grep -E '^number of (transactions actually processed|failed transactions|deadlock failures)' pgbench.out
d=$(sed -n 's/^number of deadlock failures: \([0-9]*\).*/\1/p' pgbench.out); rm -f pgbench.out
psql -X -A -t -d "$db" -c "SELECT 'committed loads: ' || count(*) FROM prov.liggare"
if [ "${d:-0}" = 0 ]; then
	echo "no deadlock"
	exit 0
fi
echo "FINDING REPRODUCED: $d deadlocks between two loads of the same committee"
exit 1
