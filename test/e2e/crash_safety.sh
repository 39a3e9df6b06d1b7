#!/usr/bin/env bash
# End to end: crash safety.  A server is stopped with `pg_ctl stop -m immediate`
# (no shutdown checkpoint: the next start runs crash recovery from the WAL)
#   1. in the middle of a 1 000 000-row las_in_utfall load (B) through the
#      staging table, which also re-sends two months of a committee that a
#      committed load (A) wrote, with other amounts;
#   2. in the middle of a transaction that closes the periods of many
#      committees one after another.
# After each restart: every committed load is there exactly (counts and sums
# by committee and month as the load files say, and the same table contents as
# before the crash), nothing of the interrupted load is visible, the staging
# table is empty, the committed closes are there and the interrupted one is
# wholly absent (stangd_manad and stangningslogg agree), and the reports are
# the same text as before the crash.  The server log must show crash recovery.
#
# The server that is killed is this script's own: a cluster initialised in a
# temporary directory (as the postgres user when run as root), listening on a
# Unix socket in that directory only, removed at the end.  The cluster the
# test run provides (PGHOST/PGPORT) is not used.
#
# Prints TAP and always exits 0 (the runner counts "not ok").  Logs go to
# results/crash_safety/; the figures go to test/RELIABILITY.md (crash-safety).
#
#   ROWS_B   rows of the interrupted load (default 1000000)

set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$top/results/crash_safety
mkdir -p "$logs"
rows_b=${ROWS_B:-1000000}
PG_CONFIG=${PG_CONFIG:-$(ls /usr/lib/postgresql/15/bin/pg_config 2>/dev/null || echo pg_config)}
bindir=$($PG_CONFIG --bindir)
work=$(mktemp -d /tmp/kr_crash.XXXXXX)
data=$work/data
srvlog=$work/server.log
n=0
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
t_start=$(date +%s)
declare -a results=()

ok()    { n=$((n + 1)); echo "ok $n - $1"; results+=("ok — $1"); }
nok()   { n=$((n + 1)); echo "not ok $n - $1"; results+=("**not ok** — $1"); }
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
diag()  { sed 's/^/# /'; }

# the server runs as the postgres user when this script runs as root (initdb refuses root)
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$work"
	as_srv() { runuser -u postgres -- "$@"; }
else
	as_srv() { "$@"; }
fi
pgctl() { as_srv "$bindir/pg_ctl" -D "$data" -l "$srvlog" "$@"; }

export PGHOST=$work PGPORT=5432 PGUSER=postgres PGDATABASE=kr_crash
unset PGPASSWORD PGSERVICE
q()  { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
qa() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
	[ -n "${load_pid:-}" ] && kill "$load_pid" 2>/dev/null
	[ -n "${close_pid:-}" ] && kill "$close_pid" 2>/dev/null
	if [ -f "$data/postmaster.pid" ]; then pgctl stop -m immediate > /dev/null 2>&1; fi
	[ -f "$srvlog" ] && cp "$srvlog" "$logs/server.log"
	rm -rf "$work"
}
trap cleanup EXIT

# --- the cluster -------------------------------------------------------------------
LC_ALL=C.UTF-8 as_srv "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
	> "$logs/initdb.log" 2>&1
rc=$?
cat >> "$data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$work'
port = 5432
fsync = on
synchronous_commit = on
full_page_writes = on
# no checkpoint of its own during the test: the committed work of the last
# minutes is in the WAL only when the server is killed
checkpoint_timeout = 30min
max_wal_size = 4GB
log_min_messages = info
EOF
[ $rc -eq 0 ] && pgctl -w start > "$logs/pg_ctl_start_1.log" 2>&1
rc=$?
check "own cluster initialised and started in a temporary directory (Unix socket only)" test $rc -eq 0
if [ $rc -ne 0 ]; then
	diag < "$logs/initdb.log"; diag < "$logs/pg_ctl_start_1.log"
	echo "1..$n"; exit 0
fi
createdb kr_crash

# --- set-up: committees, units, rows, budget, forecasts ------------------------------
# A1..A4: three units each; B01..B10: 5000 units each, for the big load.
q -f - > "$logs/setup.log" 2>&1 <<'EOF'
CREATE EXTENSION kommunrapport;
CREATE EXTENSION amcheck;
SET search_path = kommunrapport;
INSERT INTO namnd (kod, namn, kommun)
SELECT 'A' || i, 'Nämnd A' || i, 'Provstad' FROM generate_series(1, 4) i
UNION ALL
SELECT 'B' || lpad(i::text, 2, '0'), 'Nämnd B' || i, 'Provstad' FROM generate_series(1, 10) i;
INSERT INTO enhet (namnd, kod, namn, ordning)
SELECT 'A' || i, 'E' || j, 'Enhet ' || j, j FROM generate_series(1, 4) i, generate_series(1, 3) j
UNION ALL
SELECT 'B' || lpad(i::text, 2, '0'), 'E' || j, 'Enhet ' || j, j FROM generate_series(1, 10) i, generate_series(1, 5000) j;
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('RES', 'Resultat', 'resultat', 'resultat', NULL, 40),
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', 'RES', 30),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 10),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 20),
    ('KB', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'RES', 35);
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'APR', 'Prognos april', 'jan-apr 2024', '2024-05-10');
SELECT satt_budget('A' || i, 'E' || j, r, '2024', '2024-01-01', (s * (100000 * i + 1000 * j))::belopp)
  FROM generate_series(1, 4) i, generate_series(1, 3) j, (VALUES ('INT', 1), ('KOST', -12)) v(r, s);
SELECT satt_budget('A' || i, 'E1', 'KB', '2024', '2024-01-01', (1300000 * i)::belopp) FROM generate_series(1, 4) i;
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp)
SELECT 'A' || i, 'E' || j, 'KOST', 2024, 'APR', (-12 * (100000 * i + 1000 * j) - 5000 * j)::belopp
  FROM generate_series(1, 4) i, generate_series(1, 3) j;
SELECT count(*) FROM las_in_prognos();
EOF
rc=$?
check "set-up: committees, units, report rows, budget and forecasts stored" test $rc -eq 0
[ $rc -ne 0 ] && diag < "$logs/setup.log"

# A load file in COPY format, and what it holds by committee and month:
#   gen_a FROM TO FACTOR  -- A1..A4, units E1..E3, INT/KOST, 2023 all months and
#   2024 months FROM..TO (2023 only when FROM = 1); amounts depend on FACTOR
gen_a() {
	awk -v from="$1" -v to="$2" -v f="$3" 'BEGIN {
		OFS = "\t"
		for (i = 1; i <= 4; i++) for (j = 1; j <= 3; j++) for (y = 2023; y <= 2024; y++) for (m = 1; m <= 12; m++) {
			if (y == 2024 && (m < from || m > to)) continue
			if (y == 2023 && from != 1) continue
			p = sprintf("%d-%02d", y, m)
			# ore, to keep the sums exact in awk
			int_ = f * (100000 * i + 1000 * j + 37 * m) + 17
			kost = -(f * (1200000 * i + 12000 * j + 411 * m) + 89)
			printf "A%d\tE%d\tINT\t%s\t%d.%02d\tERP\n", i, j, p, int_ / 100, int_ % 100
			printf "A%d\tE%d\tKOST\t%s\t-%d.%02d\tERP\n", i, j, p, -kost / 100, -kost % 100
		}
	}'
}
# COPY text -> "namnd|period|rows|sum" per committee and month, sorted
summarise() {
	awk -F'\t' '{
		split($5, a, "."); s = (substr($5, 1, 1) == "-") ? -1 : 1
		ore = a[1] * 100 + s * a[2]
		k = $1 "|" $4 ".." $4; c[k]++; t[k] += ore
	} END { for (k in c) printf "%s|%d|%.2f\n", k, c[k], t[k] / 100 }' "$@" | LC_ALL=C sort
}
# committed loads: A (2024 jan-jun, 2023 whole year) and A' (2024 jul-aug)
gen_a 1 6 1 > "$work/load_a.tsv"
gen_a 7 8 1 > "$work/load_a2.tsv"
summarise "$work/load_a.tsv" "$work/load_a2.tsv" > "$work/expected_a.txt"
cp "$work/expected_a.txt" "$logs/expected_committed.txt"

stage_and_load() {   # FILE: COPY into the staging table and load, one transaction
	q -f - <<EOF
BEGIN;
\copy kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp, kalla) FROM '$1'
SELECT * FROM kommunrapport.las_in_utfall();
COMMIT;
EOF
}
stage_and_load "$work/load_a.tsv" > "$logs/load_a.log" 2>&1
rc=$?
check "committed load A ($(wc -l < "$work/load_a.tsv") rows) through inlasning_utfall + las_in_utfall" test $rc -eq 0
# a committed close, then the forecast round's months can no longer change
qa -c "SELECT kommunrapport.stang_period('A1', 'jan-mar 2024')" > "$logs/close_a1.log" 2>&1
check "committed close of A1 jan-mar 2024" test $? -eq 0
q -c CHECKPOINT
# A' is committed after the last checkpoint: at the crash it is in the WAL only
stage_and_load "$work/load_a2.tsv" > "$logs/load_a2.log" 2>&1
rc=$?
check "committed load A' ($(wc -l < "$work/load_a2.tsv") rows) after the last checkpoint" test $rc -eq 0
lsn_a2=$(qa -c "SELECT pg_current_wal_lsn()")

# What the database looks like: per committee and month, every table's content,
# and the reports, as text.
state() {   # OUT
	qa -F '|' -c "SELECT namnd, period, count(*), sum(belopp::numeric) FROM kommunrapport.utfall GROUP BY 1, 2 ORDER BY 1, 2" > "$1.by_month"
	qa -F '|' > "$1.tables" <<'EOF'
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) FROM %s t', c, c)
  FROM unnest(ARRAY['kommunrapport.utfall', 'kommunrapport.budget', 'kommunrapport.prognos',
                    'kommunrapport.andringslogg', 'kommunrapport.stangd_manad', 'kommunrapport.stangningslogg',
                    'kommunrapport.inlasning_utfall', 'kommunrapport.namnd', 'kommunrapport.enhet']) c \gexec
EOF
	qa -F '|' -c "SELECT namnd, ar, manad, stangd_av, stangd_tid FROM kommunrapport.stangd_manad ORDER BY 1, 2, 3" > "$1.closed"
	qa -F '|' -c "SELECT id, tid, anvandare, handelse, namnd, period, motivering FROM kommunrapport.stangningslogg ORDER BY id" > "$1.closelog"
	: > "$1.reports"
	for p in 'jan-mar 2024' 'jan-jun 2024' 'jan-aug 2024'; do
		qa -F '|' -c "SELECT d.* FROM generate_series(1, 4) i, kommunrapport.driftsammandrag(2024, '$p', 'A' || i) d ORDER BY i, d.sortering" >> "$1.reports" 2>&1
	done
	qa -F '|' -c "SELECT * FROM kommunrapport.driftsammandrag_avrundad(2024, 'jan-jun 2024', 'A2', 'tkr', 0)" > "$1.avrundad" 2>&1
	qa -F '|' -c "SELECT * FROM kommunrapport.driftsammandrag_avrundad(2024, 'jan-aug 2024', 'A3', 'mnkr', 1)" >> "$1.avrundad" 2>&1
	qa -F '|' -c "SELECT * FROM kommunrapport.prognosforandringar(2024, 'APR', 'A4')" > "$1.prognos" 2>&1
}
state "$work/before"
cp "$work/before.reports" "$logs/reports_before.txt"

check "before the crash: the stored outcome by committee and month is what loads A and A' hold (count and sum)" \
	cmp -s "$work/expected_a.txt" <(grep '^A' "$work/before.by_month")
check "before the crash: the reports have rows for every A committee and period (12 units x 3 periods)" \
	test "$(grep -c '|INT|' "$work/before.reports")" -ge 36
check "before the crash: A' is newer than the last checkpoint's redo point (it must be replayed)" \
	test "$(qa -c "SELECT '$lsn_a2'::pg_lsn > redo_lsn FROM pg_control_checkpoint()")" = t

# --- crash 1: in the middle of a 1 M-row load -------------------------------------------
# B01..B10: 5000 units x INT/KOST x months -> ROWS_B rows, plus A2 jul-aug re-sent
# with other amounts (UPDATEs of committed rows inside the interrupted load).
awk -v rows="$rows_b" 'BEGIN {
	OFS = "\t"; k = 0
	for (m = 1; m <= 12 && k < rows; m++) for (i = 1; i <= 10 && k < rows; i++)
		for (j = 1; j <= 5000 && k < rows; j++) for (r = 0; r < 2 && k < rows; r++) {
			printf "B%02d\tE%d\t%s\t2024-%02d\t%s%d.%02d\tERP\n", i, j, (r ? "KOST" : "INT"), m, (r ? "-" : ""), 1000 + j, m
			k++
		}
}' > "$work/load_b.tsv"
gen_a 7 8 3 | grep '^A2' >> "$work/load_b.tsv"
lines_b=$(wc -l < "$work/load_b.tsv")
size0=$(qa -c "SELECT pg_relation_size('kommunrapport.utfall')")

PGAPPNAME=kr_load_b stage_and_load "$work/load_b.tsv" > "$logs/load_b.log" 2>&1 &
load_pid=$!
t_b=$(date +%s)
# in progress: las_in_utfall active for over 2 s, the transaction has an xid,
# and the table has grown by more than 1 MB (rows are being written)
inprog=""
for i in $(seq 1 600); do
	inprog=$(qa -F '|' -c "SELECT round(extract(epoch FROM now() - a.query_start))::int, a.backend_xid IS NOT NULL,
	                               pg_relation_size('kommunrapport.utfall') - $size0
	                          FROM pg_stat_activity a
	                         WHERE a.application_name = 'kr_load_b' AND a.state = 'active'
	                           AND a.query LIKE '%las_in_utfall%' AND now() - a.query_start > interval '2 s'
	                           AND a.backend_xid IS NOT NULL
	                           AND pg_relation_size('kommunrapport.utfall') - $size0 > 1048576" 2>/dev/null)
	[ -n "$inprog" ] && break
	kill -0 "$load_pid" 2>/dev/null || break
	sleep 0.2
done
running_b=$(( $(date +%s) - t_b ))
grown_b=$(echo "$inprog" | cut -d'|' -f3)
check "load B ($lines_b staged rows) verifiably in progress: las_in_utfall running > 2 s with an xid, utfall grown by $(( ${grown_b:-0} / 1048576 )) MB" \
	test -n "$inprog"
echo "# load B: $inprog (seconds in las_in_utfall | has xid | bytes written to utfall)"
wal_b=$(qa -c "SELECT pg_size_pretty(pg_current_wal_lsn() - '$lsn_a2'::pg_lsn)")
echo "=== crash 1: pg_ctl stop -m immediate during load B" >> "$srvlog"
pgctl stop -m immediate > "$logs/pg_ctl_stop_1.log" 2>&1
check "pg_ctl stop -m immediate during load B" test $? -eq 0
wait "$load_pid"; rc_b=$?; load_pid=""
check "load B's client lost its connection and never committed" \
	bash -c "[ $rc_b -ne 0 ] && ! grep -q 'rader' '$logs/load_b.log'"
t_r=$(date +%s)
pgctl -w -t 300 start > "$logs/pg_ctl_start_2.log" 2>&1
rc=$?
recovery_1=$(( $(date +%s) - t_r ))
check "restart after crash 1" test $rc -eq 0
sed -n '/=== crash 1/,$p' "$srvlog" > "$logs/recovery_1.log"
check "crash 1: the server went through crash recovery (\"database system was interrupted\", \"redo starts\", \"redo done\")" \
	bash -c "grep -q 'database system was interrupted' '$logs/recovery_1.log' && grep -q 'redo starts at' '$logs/recovery_1.log' && grep -q 'redo done at' '$logs/recovery_1.log'"
redo_1=$(grep -o 'redo done at .*elapsed: [0-9.]* s' "$logs/recovery_1.log" | grep -o 'elapsed: [0-9.]* s' | head -1)

state "$work/after1"
check "after crash 1: committed loads A and A' all there exactly (count and sum by committee and month as the load files say)" \
	cmp -s "$work/expected_a.txt" <(grep '^A' "$work/after1.by_month")
check "after crash 1: none of load B visible (no outcome of B01..B10)" \
	test "$(qa -c "SELECT count(*) FROM kommunrapport.utfall WHERE namnd LIKE 'B%'")" = 0
check "after crash 1: A2 jul-aug keep load A's amounts, not the interrupted reload's" \
	cmp -s <(grep '^A2|2024-0[78]' "$work/expected_a.txt") <(grep '^A2|2024-0[78]' "$work/after1.by_month")
check "after crash 1: the staging table is empty" \
	test "$(qa -c "SELECT count(*) FROM kommunrapport.inlasning_utfall")" = 0
check "after crash 1: every table's content is the same as before the crash" \
	cmp -s "$work/before.tables" "$work/after1.tables"
check "after crash 1: driftsammandrag (A1..A4, jan-mar, jan-jun, jan-aug 2024) is the same text as before" \
	cmp -s "$work/before.reports" "$work/after1.reports"
check "after crash 1: driftsammandrag_avrundad (tkr, mnkr) is the same text as before" \
	cmp -s "$work/before.avrundad" "$work/after1.avrundad"
check "after crash 1: prognosforandringar is the same text as before" \
	cmp -s "$work/before.prognos" "$work/after1.prognos"
check "after crash 1: utfall's indexes agree with its heap (amcheck bt_index_check, heapallindexed)" \
	test "$(qa -c "SELECT c.relname, bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'kommunrapport.utfall'::regclass" 2>"$logs/amcheck.log" | wc -l)" -ge 2
check "after crash 1: the committed close of A1 jan-mar still refuses a load into February (55000)" \
	bash -c "psql -X -q -v ON_ERROR_STOP=1 -c \"BEGIN; INSERT INTO kommunrapport.inlasning_utfall VALUES ('A1', 'E1', 'INT', '2024-02', '1', 'x'); SELECT * FROM kommunrapport.las_in_utfall(); ROLLBACK\" 2>&1 | grep -q 'is closed for committee'"
# the load runs again after the restart (a small part of it), and commits
head -n 20000 "$work/load_b.tsv" > "$work/load_b_small.tsv"
stage_and_load "$work/load_b_small.tsv" > "$logs/load_b_small.log" 2>&1
check "after crash 1: a new load of 20000 rows of B01 commits and is all there" \
	test "$(qa -c "SELECT count(*) FROM kommunrapport.utfall WHERE namnd LIKE 'B%'")" = 20000

# --- crash 2: in the middle of closing periods -------------------------------------------
qa -c "SELECT kommunrapport.stang_period('A4', 'jan-feb 2024')" > "$logs/close_a4.log" 2>&1
check "committed close of A4 jan-feb 2024 just before crash 2" test $? -eq 0
state "$work/before2"
PGAPPNAME=kr_close psql -X -v ON_ERROR_STOP=1 > "$logs/close_b.log" 2>&1 <<'EOF' &
BEGIN;
DO $$
DECLARE k text;
BEGIN
    FOR k IN SELECT kod FROM kommunrapport.namnd WHERE kod IN ('A2', 'A3') OR kod LIKE 'B%' ORDER BY kod LOOP
        PERFORM kommunrapport.stang_period(k, 'jan-jun 2024');
        RAISE NOTICE 'closed % jan-jun 2024', k;
        PERFORM pg_sleep(0.5);
    END LOOP;
END $$;
COMMIT;
EOF
close_pid=$!
inprog=""
for i in $(seq 1 300); do
	if [ "$(grep -c 'NOTICE:  closed' "$logs/close_b.log")" -ge 4 ]; then
		inprog=$(qa -c "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'kr_close'
		                   AND state = 'active' AND backend_xid IS NOT NULL" 2>/dev/null)
		[ "$inprog" = 1 ] && break
	fi
	kill -0 "$close_pid" 2>/dev/null || break
	sleep 0.1
done
closed_mid=$(grep -c 'NOTICE:  closed' "$logs/close_b.log")
check "the close transaction is verifiably mid-way: $closed_mid of 12 committees closed, transaction open" \
	bash -c "[ '$inprog' = 1 ] && [ $closed_mid -ge 4 ] && [ $closed_mid -lt 12 ]"
echo "=== crash 2: pg_ctl stop -m immediate during the close" >> "$srvlog"
pgctl stop -m immediate > "$logs/pg_ctl_stop_2.log" 2>&1
check "pg_ctl stop -m immediate during the close" test $? -eq 0
wait "$close_pid"; close_pid=""
pgctl -w -t 300 start > "$logs/pg_ctl_start_3.log" 2>&1
check "restart after crash 2" test $? -eq 0
sed -n '/=== crash 2/,$p' "$srvlog" > "$logs/recovery_2.log"
check "crash 2: the server went through crash recovery" \
	bash -c "grep -q 'database system was interrupted' '$logs/recovery_2.log' && grep -q 'redo starts at' '$logs/recovery_2.log'"

state "$work/after2"
check "after crash 2: the interrupted close is wholly absent: no closed month of A2, A3, B01..B10" \
	test "$(qa -c "SELECT count(*) FROM kommunrapport.stangd_manad WHERE namnd IN ('A2', 'A3') OR namnd LIKE 'B%'")" = 0
check "after crash 2: ... and no close-log entry of A2, A3, B01..B10" \
	test "$(qa -c "SELECT count(*) FROM kommunrapport.stangningslogg WHERE namnd IN ('A2', 'A3') OR namnd LIKE 'B%'")" = 0
check "after crash 2: the committed closes are there: A1 months 1-3 and A4 months 1-2 of 2024, nothing else" \
	test "$(qa -c "SELECT string_agg(namnd || ':' || ar || '-' || manad, ' ' ORDER BY namnd, ar, manad) FROM kommunrapport.stangd_manad")" \
	     = "A1:2024-1 A1:2024-2 A1:2024-3 A4:2024-1 A4:2024-2"
check "after crash 2: closed months and close log are unchanged since before the crash (rows and timestamps)" \
	bash -c "cmp -s '$work/before2.closed' '$work/after2.closed' && cmp -s '$work/before2.closelog' '$work/after2.closelog'"
# stangd_manad and stangningslogg agree: a month is closed exactly when the
# latest log event covering it is a close
check "after crash 2: stangd_manad agrees with stangningslogg (a month is closed iff its latest logged event is 'stangd')" \
	test "$(qa <<'EOF'
SET search_path = kommunrapport;
WITH ev AS (
    SELECT DISTINCT ON (l.namnd, ar(l.period), m) l.namnd, ar(l.period) AS ar, m AS manad, l.handelse
      FROM stangningslogg l, generate_series(forsta_manad(l.period), sista_manad(l.period)) m
     ORDER BY l.namnd, ar(l.period), m, l.id DESC),
logged AS (SELECT namnd, ar, manad FROM ev WHERE handelse = 'stangd'),
stored AS (SELECT namnd, ar, manad FROM stangd_manad)
SELECT (SELECT count(*) FROM (SELECT * FROM logged EXCEPT SELECT * FROM stored) a)
     + (SELECT count(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM logged) b);
EOF
)" = 0
check "after crash 2: every table's content is the same as before the crash" \
	cmp -s "$work/before2.tables" "$work/after2.tables"
check "after crash 2: the reports are the same text as before crash 1" \
	bash -c "cmp -s '$work/before.reports' '$work/after2.reports' && cmp -s '$work/before.avrundad' '$work/after2.avrundad' && cmp -s '$work/before.prognos' '$work/after2.prognos'"
check "after crash 2: A2 jan-jun is open (a reload of A2 February commits), A4 February is closed (55000)" \
	bash -c "psql -X -q -v ON_ERROR_STOP=1 -c \"BEGIN; INSERT INTO kommunrapport.inlasning_utfall SELECT namnd, enhet, rad, period, belopp, kalla FROM kommunrapport.utfall WHERE namnd = 'A2' AND period = '2024-02'; SELECT * FROM kommunrapport.las_in_utfall(); ROLLBACK\" > /dev/null 2>&1 &&
	         psql -X -q -v ON_ERROR_STOP=1 -c \"BEGIN; INSERT INTO kommunrapport.inlasning_utfall VALUES ('A4', 'E1', 'INT', '2024-02', '1', 'x'); SELECT * FROM kommunrapport.las_in_utfall(); ROLLBACK\" 2>&1 | grep -q 'is closed for committee'"

pgctl -w stop -m fast > "$logs/pg_ctl_stop_3.log" 2>&1
for f in before after1 before2 after2; do cp "$work/$f.by_month" "$logs/$f.by_month.txt"; cp "$work/$f.tables" "$logs/$f.tables.txt"; done

# --- figures ----------------------------------------------------------------------------
fails=$(printf '%s\n' "${results[@]}" | grep -c 'not ok')
{
	echo "## Crash safety"
	echo
	echo "Measured $started by \`test/e2e/crash_safety.sh\` (in \`make test\`; by hand:"
	echo "\`. test/cluster.sh; in_cluster bash test/e2e/crash_safety.sh\`), on its own cluster, killed with"
	echo "\`pg_ctl stop -m immediate\`. Result: $((n - fails)) of $n checks passed."
	echo
	echo "| | |"
	echo "| --- | --- |"
	echo "| committed before the crash | load A $(wc -l < "$work/load_a.tsv") rows, load A' $(wc -l < "$work/load_a2.tsv") rows (after the last checkpoint), closes A1 jan–mar, A4 jan–feb |"
	echo "| crash 1 | during load B: $lines_b staged rows (B01..B10 and a reload of A2 jul–aug); killed after ${running_b} s, $(( ${grown_b:-0} / 1048576 )) MB written to utfall, $wal_b of WAL since load A' |"
	echo "| recovery 1 | restart ${recovery_1} s; redo ${redo_1:-?} |"
	echo "| crash 2 | during a close of 12 committees, $closed_mid closed inside the open transaction |"
	echo "| whole script | $(( $(date +%s) - t_start )) s |"
	echo
	echo "Checks:"
	echo
	printf -- '- %s\n' "${results[@]}"
} > "$logs/figures.md"
bash "$top/test/reliability/record.sh" crash-safety "$logs/figures.md" || echo "# could not write test/RELIABILITY.md"
echo "1..$n"
