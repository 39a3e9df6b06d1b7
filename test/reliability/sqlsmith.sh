#!/usr/bin/env bash
# SQLsmith against kommunrapport: random queries, for a given time, against a
# database with the extension and the seed data; then count the backend
# crashes in the server log.  0 crashes are required; errors of the random
# queries are normal and are only counted (by SQLSTATE class).
#
#   test/reliability/sqlsmith.sh [--section NAME] [SECONDS]
#        starts its own throwaway cluster (test/cluster.sh, pg_virtualenv)
#   test/reliability/sqlsmith.sh --in-cluster [--section NAME] [SECONDS]
#        uses the cluster of the environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
#        a superuser), as test/e2e/sqlsmith.sh does inside make test's cluster
#
# SECONDS defaults to 120.  The figures go to test/RELIABILITY.md as section
# NAME (default sqlsmith-short up to 5 minutes, sqlsmith-long beyond) through
# test/reliability/record.sh; everything measured is kept in
# results/NAME/: server.log (the cluster log of the run), sqlsmith.log
# (SQLsmith's progress and error report), summary.env (the figures as
# shell variables), crashes.txt (each crash and the statement it was running).
#
# Environment: SQLSMITH_SEED (default 1: the same query stream every run, so a
# crash found by make test reproduces; long.sh passes a new seed each run and
# the section records it), SQLSMITH_COMMAND (the command named in the section),
# SQLSMITH_RECORD=0 (measure, but leave test/RELIABILITY.md alone).
#
# Exit status 0 when SQLsmith ran, the server log was read and no server
# process crashed; 1 otherwise.
#
# How a crash is recognised.  The postmaster logs every child that dies
# abnormally ("server process (PID n) was terminated by signal 11",
# "... exited with exit code 2", "... terminated by exception") and then
# "all server processes terminated; reinitializing".  The log of the cluster
# is the file pg_lsclusters names for the cluster's port (Debian clusters
# log through pg_ctl's stderr file, logging_collector is off); with the
# logging collector on, pg_current_logfile() names it.  Only the part
# written after the run started is read (its byte offset is taken before).
# Independently of the log, a sentinel connection (a superuser session
# sleeping through the whole run) must still be alive, with the same backend
# PID, at the end: a crash of any server process makes the postmaster end
# every session, so a lost sentinel is a crash even if the log said nothing.
#
# Which queries.  SQLsmith (the Debian package, 1.4) reads the schema of the
# whole database; --exclude-catalog keeps pg_catalog's and information_schema's
# relations out of its FROM clauses, so the queries read and modify the
# extension's tables and views (with belopp and period columns) and apply
# every operator and function of the database -- the extension's and the
# built-in ones -- to them.  It cannot be restricted to one schema's
# functions.  It runs as a role without superuser rights that may read and
# change every table of the extension and sees every committee
# (bevilja(role, NULL)): row-level security is on the path, and the random
# calls of administrative functions (pg_terminate_backend, lo_export, ...)
# are refused instead of ending other sessions.  SQLsmith runs every
# statement in a transaction it rolls back, with statement_timeout 1s.
# For that role the server logs each error with its SQLSTATE
# (log_error_verbosity = verbose) but not the statement text
# (log_min_error_statement = panic) nor its warnings (log_min_messages =
# error), which keeps the log small; the
# statement a crashed process was running is logged by the postmaster
# ("Failed process was running: ..."), up to track_activity_query_size
# (raised to 64kB when the cluster is this script's own).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

in_cluster_mode=0
section=""
args=("$@")
while [ $# -gt 0 ]; do
	case $1 in
		--in-cluster) in_cluster_mode=1; shift ;;
		--section) section=$2; shift 2 ;;
		--section=*) section=${1#--section=}; shift ;;
		-h|--help) sed -n '2,25p' "$0"; exit 0 ;;
		*) break ;;
	esac
done
seconds=${1:-120}
case $seconds in ''|*[!0-9]*) echo "sqlsmith.sh: SECONDS must be a number: $seconds" >&2; exit 2 ;; esac
[ -n "$section" ] || { if [ "$seconds" -le 300 ]; then section=sqlsmith-short; else section=sqlsmith-long; fi; }
seed=${SQLSMITH_SEED:-1}
command_text=${SQLSMITH_COMMAND:-test/reliability/sqlsmith.sh ${args[*]}}

if [ $in_cluster_mode = 0 ]; then
	. "$top/test/cluster.sh"
	export SQLSMITH_OWN_CLUSTER=1 SQLSMITH_SEED="$seed" SQLSMITH_COMMAND="$command_text"
	in_cluster bash "$0" --in-cluster --section "$section" "$seconds"
	exit $?
fi

# ---- inside the cluster --------------------------------------------------------
# Everything is written to a private directory first and copied to
# results/NAME at the end, so that a test run started meanwhile (which
# empties results/) cannot take a long run's logs away.
final=$top/results/$section
out=$(mktemp -d "${TMPDIR:-/tmp}/kr_sqlsmith.XXXXXX"); chmod 755 "$out"
db=kr_smith
role=kr_smith
watch_app=kr_sqlsmith_watch
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
problems=()
q()  { psql -X -q -v ON_ERROR_STOP=1 -d "$@"; }
qa() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$@"; }

summary() { printf '%s=%q\n' "$1" "$2" >> "$out/summary.env"; }
: > "$out/summary.env"
summary section "$section"
summary seconds "$seconds"
summary seed "$seed"

cleanup() {
	[ -n "${watch_pid:-}" ] && kill "$watch_pid" 2>/dev/null
	dropdb --if-exists "$db" >/dev/null 2>&1
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" >/dev/null 2>&1
}
keep_results() {
	# a long run's logs are large: keep them compressed
	for f in "$out/server.log" "$out/sqlsmith.log"; do
		[ -f "$f" ] && [ "$(stat -c %s "$f")" -gt 20000000 ] && gzip -f "$f"
	done
	mkdir -p "$top/results" && rm -rf "$final" && cp -r "$out" "$final" && rm -rf "$out"
}
trap 'cleanup; keep_results' EXIT

if ! command -v sqlsmith > /dev/null; then
	echo "sqlsmith.sh: sqlsmith is not installed (Debian package sqlsmith; make deps installs it)" >&2
	summary sqlsmith_installed 0
	exit 1
fi
summary sqlsmith_installed 1
smith_version=$(dpkg-query -W -f='${Version}' sqlsmith 2>/dev/null || echo unknown)

# ---- the server log ----------------------------------------------------------------
# pg_lsclusters lists the clusters of this environment (inside pg_virtualenv,
# only the throwaway one) with their log files; pick the one on our port.
logfile=""
if command -v pg_lsclusters > /dev/null; then
	logfile=$(pg_lsclusters -h 2>/dev/null | awk -v p="${PGPORT:-5432}" '$3 == p && $4 ~ /online/ { print $7; exit }')
fi
if [ -z "$logfile" ] || [ ! -r "$logfile" ]; then
	cur=$(qa postgres -c "SELECT pg_current_logfile()" 2>/dev/null)
	if [ -n "$cur" ]; then
		case $cur in /*) logfile=$cur ;; *) logfile=$(qa postgres -c "SHOW data_directory")/$cur ;; esac
	fi
fi
if [ -z "$logfile" ] || [ ! -r "$logfile" ]; then
	echo "sqlsmith.sh: cannot find the server log of the cluster on port ${PGPORT:-5432}" >&2
	problems+=("server log not found")
	logfile=""
fi
summary server_log "$logfile"

# A cluster of our own gets room for the whole text of a crashed statement.
if [ "${SQLSMITH_OWN_CLUSTER:-0}" = 1 ]; then
	cluster_line=$(pg_lsclusters -h | awk -v p="$PGPORT" '$3 == p { print $1, $2; exit }')
	psql -X -q -d postgres -c "ALTER SYSTEM SET track_activity_query_size = '64kB'" \
		&& pg_ctlcluster $cluster_line restart \
		|| problems+=("could not raise track_activity_query_size")
fi

pg_version=$(qa postgres -c "SHOW server_version")
kr_version=$(qa postgres -c "SELECT default_version FROM pg_available_extensions WHERE name = 'kommunrapport'")
summary pg_version "$pg_version"
summary sqlsmith_version "$smith_version"

# ---- the database: the extension, the seed data, the role SQLsmith runs as ---------------
cleanup
password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
createdb "$db" || { echo "sqlsmith.sh: createdb $db failed" >&2; exit 1; }
if ! q "$db" -c 'CREATE EXTENSION kommunrapport' > "$out/setup.log" 2>&1; then
	cat "$out/setup.log" >&2
	echo "sqlsmith.sh: CREATE EXTENSION kommunrapport failed" >&2
	exit 1
fi
seed_data=seeds
if ! (cd "$top" && data/seeds/ladda.sh -d "$db") >> "$out/setup.log" 2>&1; then
	# The seed loader failed: load a small data set with plain SQL instead,
	# so that the random queries still meet rows of every report table.
	seed_data="fallback (data/seeds/ladda.sh failed, see setup.log)"
	echo "sqlsmith.sh: data/seeds/ladda.sh failed; loading a small data set instead" >&2
	q "$db" >> "$out/setup.log" 2>&1 <<'EOF' || problems+=("no data loaded")
SET search_path = kommunrapport;
INSERT INTO namnd (kod, namn, kommun) VALUES
    ('A', 'Äldrenämnden', 'Exempelstad'), ('B', 'Barn- och utbildningsnämnden', 'Exempelstad');
INSERT INTO enhet (namnd, kod, namn, overordnad, typ, ordning) VALUES
    ('A', 'A0', 'Äldreomsorg', NULL, 'omrade', 1),
    ('A', 'A1', 'Hemtjänst', 'A0', 'verksamhet', 1),
    ('A', 'A2', 'Vårdboende', 'A0', 'verksamhet', 2),
    ('B', 'B1', 'Förskola', NULL, 'verksamhet', 1);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('RES', 'Resultat', 'resultat', 'resultat', NULL, 40),
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', 'RES', 30),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 10),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 20),
    ('KB', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'RES', 35);
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'APR', 'Prognos april', 'jan-apr 2024', '2024-05-10');
INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla)
SELECT 'A', e, r, period(y, m, m), round(sgn * (base + m * 123.45), 2)::belopp, 'ERP'
  FROM (VALUES ('A1', 'INT', 1, 20000), ('A1', 'KOST', -1, 180000),
               ('A2', 'KOST', -1, 350000)) v(e, r, sgn, base),
       generate_series(2023, 2024) y, generate_series(1, 12) m
 WHERE y = 2023 OR m <= 8;
INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla) VALUES
    ('B', 'B1', 'KOST', 'jan-apr 2024', '-412345.67', 'tertialrapport 1');
SELECT satt_budget('A', 'A1', 'INT', '2024', '2024-01-01', '250000', NULL, 'KF § 201');
SELECT satt_budget('A', 'A2', 'KOST', '2024', '2024-01-01', '-4300000',
                   ARRAY[1, 1, 1, 1, 1, 1.5, 2, 1, 1, 1, 1, 1]::numeric[], 'KF § 201');
SELECT satt_budget('B', 'B1', 'KOST', '2024', '2024-01-01', '-2500000', NULL, 'KF § 202');
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('A', 'A1', 'INT', 2024, 'APR', '255000'), ('B', 'B1', 'KOST', 2024, 'APR', '-2550000');
SELECT count(*) FROM las_in_prognos();
EOF
fi
rows=$(qa "$db" -c "SELECT string_agg(format('%s %s', n, t), ', ' ORDER BY t) FROM (
	SELECT c.relname AS t, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text::bigint AS n
	  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	 WHERE n.nspname = 'kommunrapport' AND c.relkind = 'r') s WHERE n > 0")
summary rows "$rows"

q "$db" >> "$out/setup.log" 2>&1 <<EOF || problems+=("could not create the role $role")
CREATE ROLE $role LOGIN PASSWORD '$password';
GRANT USAGE ON SCHEMA kommunrapport TO $role;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA kommunrapport TO $role;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA kommunrapport TO $role;
SELECT kommunrapport.bevilja('$role', NULL);
ALTER ROLE $role SET log_error_verbosity = verbose;
ALTER ROLE $role SET log_min_error_statement = panic;
ALTER ROLE $role SET log_min_messages = error;
EOF

# ---- the sentinel, the log offset, the run --------------------------------------------
log_offset=0
[ -n "$logfile" ] && log_offset=$(stat -c %s "$logfile")
PGAPPNAME=$watch_app psql -X -q -d postgres -c "SELECT pg_sleep(86400)" > /dev/null 2>&1 &
watch_pid=$!
watch_backend=""
for _ in $(seq 1 50); do
	watch_backend=$(qa postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$watch_app'" 2>/dev/null)
	[ -n "$watch_backend" ] && break
	sleep 0.1
done
[ -n "$watch_backend" ] || problems+=("the sentinel connection did not start")

target="host=${PGHOST:-localhost} port=${PGPORT:-5432} dbname=$db user=$role"
smith_cmd="sqlsmith --verbose --exclude-catalog --seed=$seed --max-queries=100000000 --target=\"host=... port=... dbname=$db user=$role\""
summary sqlsmith_command "$smith_cmd"
echo "sqlsmith: ${seconds}s, seed $seed, database $db ($seed_data)"
t0=$(date +%s)
# SIGINT makes SQLsmith (with --verbose) print its final report and exit;
# --max-queries is only a bound that is never meant to be reached.
PGPASSWORD=$password timeout -s INT -k 30 "$seconds" \
	sqlsmith --verbose --exclude-catalog --seed="$seed" --max-queries=100000000 \
	--target="$target" > "$out/sqlsmith.out" 2> "$out/sqlsmith.log"
smith_rc=$?
t1=$(date +%s)
elapsed=$((t1 - t0))
summary elapsed "$elapsed"
summary sqlsmith_rc "$smith_rc"
# 124: stopped by the time bound (the normal end); 0: --max-queries reached.
if [ $smith_rc -ne 124 ] && [ $smith_rc -ne 0 ]; then
	problems+=("sqlsmith ended by itself with status $smith_rc after ${elapsed}s")
	tail -n 20 "$out/sqlsmith.log" >&2
fi
sleep 2   # let the postmaster log what a last query may have caused

# the sentinel
watch_now=$(qa postgres -c "SELECT pid FROM pg_stat_activity WHERE application_name = '$watch_app'" 2>/dev/null)
if [ -n "$watch_backend" ] && [ "$watch_now" = "$watch_backend" ]; then
	sentinel=1
else
	sentinel=0
fi
summary sentinel_alive "$sentinel"
qa postgres -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '$watch_app'" > /dev/null 2>&1
wait "$watch_pid" 2>/dev/null; watch_pid=""

# ---- the figures -------------------------------------------------------------------
queries=$(grep -a '^queries: ' "$out/sqlsmith.log" | tail -n 1 | awk '{ print $2 }')
queries=${queries:-0}
error_rate=$(grep -a '^error rate: ' "$out/sqlsmith.log" | tail -n 1 | awk '{ print $3 }')
# SQLsmith's progress characters: . ok, e error, S syntax error, t timeout, C connection lost
broken=$(grep -a -E '^[.eStC]+$' "$out/sqlsmith.log" | tr -cd C | wc -c)
summary queries "$queries"
summary error_rate "${error_rate:-}"
summary connection_lost "$broken"

crashes=0; resets=0; errors=0
: > "$out/crashes.txt"; : > "$out/sqlstate.tsv"
if [ -n "$logfile" ]; then
	tail -c +"$((log_offset + 1))" "$logfile" > "$out/server.log"
	crash_re='\(PID [0-9]+\) (was terminated by signal|exited with exit code|was terminated by exception)'
	crashes=$(grep -a -c -E "$crash_re" "$out/server.log")
	resets=$(grep -a -c 'all server processes terminated; reinitializing' "$out/server.log")
	# each crash, with the statement the process was running: the DETAIL line
	# after it and the statement's further lines (which carry no log prefix)
	awk '
		/PID [0-9]+. (was terminated by signal|exited with exit code|was terminated by exception)/ { print; on = 1; next }
		on && /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { if (index($0, "DETAIL:  Failed process was running:")) { print; next } on = 0 }
		on { print }' "$out/server.log" > "$out/crashes.txt"
	awk -v r="$role@$db" 'index($0, r " ERROR:  ") && match($0, / ERROR:  [0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z][0-9A-Z]: /) {
			print substr($0, RSTART + 9, 5) }' "$out/server.log" \
		| sort | uniq -c | awk '{ print $2 "\t" $1 }' > "$out/sqlstate.tsv"
	errors=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' "$out/sqlstate.tsv")
	# the errors raised in the extension's own C code (their LOCATION line
	# names one of src/*.c): each should carry a proper SQLSTATE, not XX000
	ext_files=$(cd "$top/src" && ls *.c 2>/dev/null | tr '\n' ' ')
	awk -v r="$role@$db" -v files="$ext_files" '
		BEGIN { n = split(files, f, " "); for (i = 1; i <= n; i++) ext[f[i]] = 1 }
		index($0, r " ERROR:  ") { e = $0; sub(/.* ERROR:  /, "", e); next }
		index($0, r " LOCATION:  ") && e != "" {
			l = $0; sub(/.*, /, "", l); sub(/:[0-9]+$/, "", l)
			if (l in ext) print substr(e, 1, 5) "\t" l "\t" e
			e = "" }' "$out/server.log" > "$out/extension_errors.tsv"
	ext_errors=$(wc -l < "$out/extension_errors.tsv")
	ext_internal=$(awk -F'\t' '$1 == "XX000"' "$out/extension_errors.tsv" | wc -l)
	ext_codes=$(cut -f1 "$out/extension_errors.tsv" | sort | uniq -c | sort -rn | awk '{ printf "%s%s (%s)", sep, $2, $1; sep = ", " }')
fi
summary extension_errors "${ext_errors:-0}"
summary extension_internal_errors "${ext_internal:-0}"
summary crashes "$crashes"
summary resets "$resets"
summary errors "$errors"
[ "$crashes" -eq 0 ] || problems+=("$crashes server processes crashed")
[ "$resets" -eq 0 ] || problems+=("the postmaster reinitialized $resets times")
[ "$sentinel" = 1 ] || problems+=("the sentinel connection was lost (a crash-restart ended it)")
[ "$queries" -gt 0 ] || problems+=("sqlsmith ran no queries")

if [ "$crashes" -gt 0 ] || [ "$resets" -gt 0 ] || [ "$sentinel" = 0 ]; then
	mkdir -p "$here/findings"
	finding=$here/findings/sqlsmith_$(date -u +%Y%m%dT%H%M%SZ)_seed$seed.txt
	{
		echo "SQLsmith crash: seed $seed, ${elapsed}s, PostgreSQL $pg_version, sqlsmith $smith_version"
		echo "reproduce: SQLSMITH_SEED=$seed test/reliability/sqlsmith.sh $seconds"
		echo
		cat "$out/crashes.txt"
	} > "$finding"
	echo "sqlsmith.sh: crash recorded in $finding (logs in $final)" >&2
	cat "$out/crashes.txt" >&2
fi

# ---- the section of test/RELIABILITY.md ---------------------------------------------------
clang_version=$( (clang-14 --version 2>/dev/null || echo unknown) | head -n 1)
sec=$(mktemp)
{
	if [ "$section" = sqlsmith-short ]; then
		echo "## SQLsmith, short run (make test)"
	else
		echo "## SQLsmith, long run"
	fi
	echo
	echo "- date: $started"
	echo "- command: \`$command_text\`"
	echo "- SQLsmith: \`$smith_cmd\`, as a role without superuser rights that sees every committee"
	echo "- duration: ${elapsed} s (asked for ${seconds} s)"
	echo "- versions: PostgreSQL $pg_version, SQLsmith $smith_version (Debian), kommunrapport $kr_version, $clang_version"
	echo "- data: $seed_data; rows: $rows"
	echo "- queries: $queries generated and sent (SQLsmith's error rate ${error_rate:-?})"
	echo "- errors logged by the server: $errors; by SQLSTATE class:"
	echo
	echo "  | class | errors | most frequent codes |"
	echo "  | --- | ---: | --- |"
	awk -F'\t' '{ c = substr($1, 1, 2); n[c] += $2; codes[c] = codes[c] sprintf("%s %s\t", $1, $2) }
		END { for (c in n) print n[c] "\t" c "\t" codes[c] }' "$out/sqlstate.tsv" \
		| sort -t"$(printf '\t')" -k1,1nr \
		| while IFS=$'\t' read -r cnt cls rest; do
			top3=$(printf '%s' "$rest" | tr '\t' '\n' | grep . | sort -k2,2nr | head -n 3 | awk '{ printf "%s%s (%s)", sep, $1, $2; sep = ", " }')
			echo "  | $cls | $cnt | $top3 |"
		done
	echo
	echo "- errors raised in the extension's C code (src/*.c named by the error's LOCATION): ${ext_errors:-0}${ext_codes:+ -- $ext_codes}; internal errors (XX000) among them: ${ext_internal:-0}"
	echo "- backend crashes: **$crashes** (server processes killed by a signal or exiting abnormally, in the server log); postmaster restarts: $resets; sentinel connection alive at the end: $([ "$sentinel" = 1 ] && echo yes || echo no); connections SQLsmith lost: $broken"
	if [ ${#problems[@]} -eq 0 ]; then
		echo "- result: passed"
	else
		echo "- result: FAILED: $(IFS=';'; echo "${problems[*]}")"
	fi
} > "$sec"
if [ "${SQLSMITH_RECORD:-1}" = 1 ]; then
	"$here/record.sh" "$section" "$sec" && summary recorded 1 || summary recorded 0
else
	summary recorded 0
fi
cp "$sec" "$out/section.md"; rm -f "$sec"

echo "sqlsmith: $queries queries in ${elapsed}s, $errors errors, $crashes crashes, sentinel $([ "$sentinel" = 1 ] && echo alive || echo lost)"
if [ ${#problems[@]} -gt 0 ]; then
	printf 'sqlsmith.sh: %s\n' "${problems[@]}" >&2
	exit 1
fi
exit 0
