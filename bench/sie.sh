#!/bin/bash
# bench/sie.sh -- loading a municipality-sized ledger from SIE, and reporting
# on it.
#
#   PGHOST=... PGPORT=... PGUSER=... nice bench/sie.sh [ROWS]    (default 1000000)
#
# Against a running server with the extension installed (a superuser: the
# files are read server-side).  test/sie/gen_sie.c -B writes a type 4 file
# of ROWS #TRANS rows (vouchers of ten ledger rows and a bank row; 500 units
# in 10 committees, 2000 accounts in classes 3-7 and 84-85, each unit
# booking 80 of them, 12 months) and, as COPY text, the same ledger rows
# already mapped to committee, unit, report row and month.  Timed, in one
# database, one after the other:
#
#   copy      COPY of the mapped rows into inlasning_utfall (the baseline)
#   copy+las  the same COPY followed by las_in_utfall() (what the ERP job does
#             today with rows cut to report rows)
#   sie       lo_import of the file, then las_in_sie_lo (read, summed, mapped,
#             reconciled, staged, loaded)
#   drift1 / drift_all   driftsammandrag for one committee / all, against a
#             hand-written query over a bigint öre copy of utfall giving the
#             same outcome figures (checked)
#
# Peak backend memory of the load is sampled from /proc (RssAnon, the
# backend's own memory without shared buffers) every 0.1 s.  Prints one line
# per figure; the ratios are what mean anything.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
rows=${1:-1000000}
work=${BENCH_DIR:-/tmp/kr_sie_bench}
db=sie_bench
mkdir -p "$work"
chmod 755 "$work"

cc -std=c11 -O2 -o "$work/gen_sie" "$top/test/sie/gen_sie.c"
"$work/gen_sie" -B -n "$rows" -U 500 -A 2000 -o "$work/ledger.sie" -c "$work/ledger.tsv"
chmod 644 "$work/ledger.sie" "$work/ledger.tsv"
size=$(stat -c %s "$work/ledger.sie")

psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" > /dev/null
psql -X -q -v ON_ERROR_STOP=1 -d $db > /dev/null <<'SQL'
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT count(*) FROM skapa_standardrader();
INSERT INTO namnd (kod, namn, kommun) SELECT 'N' || c, 'Nämnd ' || c, 'Storstad' FROM generate_series(0, 9) c;
INSERT INTO enhet (namnd, kod, namn) SELECT 'N' || (u / 50), 'E' || (10000 + u), 'Enhet ' || u FROM generate_series(0, 499) u;
INSERT INTO objektmappning (kommun, dimension, objekt_fran, objekt_till, namnd, enhet)
SELECT 'Storstad', 1, (10000 + u)::text, (10000 + u)::text, 'N' || (u / 50), 'E' || (10000 + u) FROM generate_series(0, 499) u;
SQL

ms() { awk '/^Time:/ { t += $2 } END { printf "%.0f", t }' "$1"; }

# 1. the baseline: plain COPY of the same (mapped) rows, then las_in_utfall
psql -X -q -v ON_ERROR_STOP=1 -d $db > "$work/copy.log" 2>&1 <<SQL
\timing on
COPY kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp, kalla) FROM '$work/ledger.tsv';
\timing off
SELECT 'staged', count(*) FROM kommunrapport.inlasning_utfall;
SQL
t_copy=$(ms "$work/copy.log")
psql -X -q -v ON_ERROR_STOP=1 -d $db > "$work/las.log" 2>&1 <<SQL
BEGIN;
\timing on
COPY kommunrapport.inlasning_utfall (namnd, enhet, rad, period, belopp, kalla) FROM '$work/ledger.tsv';
SELECT count(*) FROM kommunrapport.las_in_utfall();
\timing off
ROLLBACK;
SQL
t_copylas=$(ms "$work/las.log")
psql -X -q -d $db -c "DELETE FROM kommunrapport.inlasning_utfall" -c "VACUUM kommunrapport.inlasning_utfall" > /dev/null

# 2. las_in_sie_lo, with its memory sampled
psql -X -q -A -t -d $db -c "SELECT lo_import('$work/ledger.sie', 4242001)" > /dev/null 2>&1 ||
	psql -X -q -d $db -c "SELECT lo_unlink(4242001); SELECT lo_import('$work/ledger.sie', 4242001)" > /dev/null
(
	pid=""
	for _ in $(seq 1 200); do
		pid=$(psql -X -q -A -t -d $db -c "SELECT pid FROM pg_stat_activity WHERE application_name = 'kr_sie_bench_load'" 2> /dev/null | head -1)
		[ -n "$pid" ] && break
		sleep 0.05
	done
	max=0
	while [ -n "$pid" ] && [ -r /proc/$pid/status ]; do
		v=$(awk '/^RssAnon:/ { print $2 }' /proc/$pid/status 2> /dev/null || true)
		[ -n "$v" ] && [ "$v" -gt "$max" ] && max=$v
		sleep 0.1
	done
	echo "$max" > "$work/rss.txt"
) &
sampler=$!
PGAPPNAME=kr_sie_bench_load psql -X -q -v ON_ERROR_STOP=1 -d $db > "$work/sie.log" 2>&1 <<SQL
\timing on
SELECT count(*) FROM kommunrapport.las_in_sie_lo(4242001, 'Storstad', rapportera_var => 1000000);
\timing off
SQL
wait $sampler
t_sie=$(ms "$work/sie.log")
rss=$(cat "$work/rss.txt")

# 3. the reports: driftsammandrag against a hand-written query over bigint öre
psql -X -q -v ON_ERROR_STOP=1 -d $db > /dev/null <<'SQL'
CREATE TABLE utfall_ore AS
SELECT namnd, enhet, rad, ar, kommunrapport.forsta_manad(period) AS manad,
       (kommunrapport.kronor(belopp) * 100)::bigint AS ore
  FROM kommunrapport.utfall;
CREATE INDEX ON utfall_ore (ar, namnd);
ANALYZE utfall_ore;
ANALYZE kommunrapport.utfall;
SQL
hand() {   # the outcome per unit and row with the row subtotals (three levels)
	cat <<SQL
WITH RECURSIVE leaf AS (
    SELECT namnd, enhet, rad, sum(ore) AS ore FROM utfall_ore
     WHERE ar = 2024 AND manad BETWEEN 1 AND 12 $1 GROUP BY namnd, enhet, rad
), anc AS (
    SELECT kod, kod AS anc FROM kommunrapport.rad
    UNION ALL SELECT a.kod, r.overordnad FROM anc a JOIN kommunrapport.rad r ON r.kod = a.anc
     WHERE r.overordnad IS NOT NULL
)
SELECT l.namnd, e.enhet, a.anc AS rad, sum(l.ore) / 100.0 AS utfall
  FROM leaf l JOIN anc a ON a.kod = l.rad
  CROSS JOIN LATERAL (VALUES (l.enhet), (l.namnd)) e(enhet)
 GROUP BY l.namnd, e.enhet, a.anc
SQL
}
psql -X -q -v ON_ERROR_STOP=1 -d $db > "$work/report.log" 2>&1 <<SQL
SET search_path = public;
SELECT count(*) FROM kommunrapport.driftsammandrag(2024, '2024', 'N0');
SELECT count(*) FROM ($(hand "AND namnd = 'N0'")) h;
\timing on
SELECT count(*) FROM kommunrapport.driftsammandrag(2024, '2024', 'N0');
SELECT count(*) FROM kommunrapport.driftsammandrag(2024, '2024', 'N0');
SELECT count(*) FROM kommunrapport.driftsammandrag(2024, '2024', 'N0');
\timing off
\timing on
SELECT count(*) FROM ($(hand "AND namnd = 'N0'")) h;
SELECT count(*) FROM ($(hand "AND namnd = 'N0'")) h;
SELECT count(*) FROM ($(hand "AND namnd = 'N0'")) h;
\timing off
\timing on
SELECT count(*) FROM kommunrapport.driftsammandrag(2024, '2024');
SELECT count(*) FROM kommunrapport.driftsammandrag(2024, '2024');
SELECT count(*) FROM kommunrapport.driftsammandrag(2024, '2024');
\timing off
\timing on
SELECT count(*) FROM ($(hand "")) h;
SELECT count(*) FROM ($(hand "")) h;
SELECT count(*) FROM ($(hand "")) h;
\timing off
SELECT 'differ', count(*) FROM (
  (SELECT namnd_kod, coalesce(enhet, namnd_kod), rad, utfall FROM kommunrapport.driftsammandrag(2024, '2024')
   WHERE utfall IS NOT NULL
   EXCEPT SELECT * FROM ($(hand "")) h)
  UNION ALL
  (SELECT * FROM ($(hand "")) h
   EXCEPT SELECT namnd_kod, coalesce(enhet, namnd_kod), rad, utfall FROM kommunrapport.driftsammandrag(2024, '2024'))) x;
SQL
times=$(awk '/^Time:/ { print $2 }' "$work/report.log")
d1=$(echo "$times" | sed -n 1,3p | sort -n | sed -n 2p)
h1=$(echo "$times" | sed -n 4,6p | sort -n | sed -n 2p)
da=$(echo "$times" | sed -n 7,9p | sort -n | sed -n 2p)
ha=$(echo "$times" | sed -n 10,12p | sort -n | sed -n 2p)
differ=$(grep '^ *differ' "$work/report.log" | awk -F'|' '{ gsub(/ /, "", $2); print $2 }')
loaded=$(psql -X -q -A -t -d $db -c "SELECT count(*) FROM kommunrapport.utfall")
# utfall_for_period is PL/pgSQL: EXPLAIN does not show the plan inside it, the
# transaction's scan counters of utfall do
plan=$(psql -X -q -A -t -d $db <<'SQL'
BEGIN;
CREATE TEMP TABLE fore AS SELECT seq_scan, coalesce(idx_scan, 0) AS idx_scan FROM pg_stat_xact_user_tables WHERE relid = 'kommunrapport.utfall'::regclass;
SELECT count(*) FROM kommunrapport.utfall_for_period('2024', 'N0') \g /dev/null
SELECT format('%s index scan(s), %s sequential scan(s) of utfall', s.idx_scan - f.idx_scan, s.seq_scan - f.seq_scan)
  FROM pg_stat_xact_user_tables s, fore f WHERE s.relid = 'kommunrapport.utfall'::regclass;
ROLLBACK;
SQL
)

echo "rows=$rows file_bytes=$size utfall_rows=$loaded"
echo "copy_ms=$t_copy copy_las_ms=$t_copylas sie_ms=$t_sie ratio_sie_copy=$(awk -v a=$t_sie -v b=$t_copy 'BEGIN { printf "%.2f", a / b }') ratio_sie_copylas=$(awk -v a=$t_sie -v b=$t_copylas 'BEGIN { printf "%.2f", a / b }')"
echo "sie_peak_rss_anon_kb=$rss"
echo "drift_one_ms=$d1 hand_one_ms=$h1 ratio_one=$(awk -v a=$d1 -v b=$h1 'BEGIN { printf "%.2f", a / b }')"
echo "drift_all_ms=$da hand_all_ms=$ha ratio_all=$(awk -v a=$da -v b=$ha 'BEGIN { printf "%.2f", a / b }')"
echo "figures_differing=$differ one_committee_plan='$plan'"
grep -c 'records read' "$work/sie.log" | sed 's/^/progress_notices=/'
