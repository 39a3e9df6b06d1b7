#!/usr/bin/env bash
# End to end: two minutes of SQLsmith's random queries against a database with
# kommunrapport and the seed data, in make test's throwaway cluster, and not
# one server process may crash.  The run itself is test/reliability/sqlsmith.sh
# (--in-cluster: it uses this cluster; it explains how crashes are found: the
# postmaster's lines in the cluster's log, and a sentinel session that a
# crash-restart would end); its figures go to test/RELIABILITY.md, section
# sqlsmith-short, and its logs to results/sqlsmith-short/.
#
# Runs inside a throwaway cluster (PGHOST/PGPORT/PGUSER/PGPASSWORD set, superuser):
#   pg_virtualenv -t -v 15 bash test/e2e/sqlsmith.sh
# Prints TAP and always exits 0 (the runner counts "not ok").  SQLsmith missing
# is a failure (make test installs it), not a skip.
#
# Environment: SQLSMITH_SECONDS (default 120), SQLSMITH_SEED (default 1).

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
seconds=${SQLSMITH_SECONDS:-120}
out=$top/results/sqlsmith-short
n=0
ok()    { n=$((n + 1)); echo "ok $n - $1"; }
nok()   { n=$((n + 1)); echo "not ok $n - $1"; }
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
diag()  { sed 's/^/# /'; }

echo "1..6"
if ! command -v sqlsmith > /dev/null; then
	nok "sqlsmith is installed (Debian package sqlsmith)"
	for d in "sqlsmith ran" "the server log was read" "0 backend crashes" \
	         "the sentinel session survived the run" "figures written to test/RELIABILITY.md"; do
		nok "$d (sqlsmith is missing)"
	done
	exit 0
fi
ok "sqlsmith is installed ($(dpkg-query -W -f='${Version}' sqlsmith 2>/dev/null))"

SQLSMITH_COMMAND="make test (test/e2e/sqlsmith.sh: test/reliability/sqlsmith.sh --in-cluster $seconds)" \
	bash "$top/test/reliability/sqlsmith.sh" --in-cluster --section sqlsmith-short "$seconds" \
	> "$out.log" 2>&1
rc=$?
diag < "$out.log" | tail -n 40

# the figures the run measured
queries=0 sqlsmith_rc="" server_log="" crashes="" resets="" sentinel_alive=0 recorded=0 errors=0 elapsed=0
if [ -f "$out/summary.env" ]; then
	. "$out/summary.env"
fi

check "sqlsmith ran $queries queries in ${elapsed}s ($errors errors in the random queries, which are expected)" \
	test "$queries" -gt 0 -a "$sqlsmith_rc" = 124
check "the server log was read ($server_log)" test -n "$server_log" -a -f "$out/server.log" -o -f "$out/server.log.gz"
check "0 backend crashes (server processes killed by a signal or exiting abnormally): ${crashes:-unknown}" \
	test "${crashes:-x}" = 0 -a "${resets:-x}" = 0
if [ "${crashes:-0}" != 0 ] && [ -s "$out/crashes.txt" ]; then diag < "$out/crashes.txt"; fi
check "the sentinel session survived the run (no crash-restart of the postmaster)" test "$sentinel_alive" = 1
check "figures written to test/RELIABILITY.md (section sqlsmith-short); the run's status was $rc" \
	test "$recorded" = 1 -a "$rc" = 0
exit 0
