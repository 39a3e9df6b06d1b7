#!/bin/bash
# bench/parallel.sh -- parallel plans on one server: how much faster are the
# belopp aggregates, prognostraffsakerhet, the outcome read utfall_for_period
# and driftsammandrag with 1, 2, ... parallel workers than the serial plan, in
# the same run?
#
#   nice bench/parallel.sh            (after `make && sudo make install`)
#
# Starts its own throwaway PostgreSQL 15 cluster with pg_virtualenv and
# builds two tables:
#
#   kopia   BENCH_ROWS (50 000 000) outcome rows with the shape of
#           kommunrapport.utfall (CREATE UNLOGGED TABLE ... (LIKE
#           kommunrapport.utfall INCLUDING GENERATED INCLUDING DEFAULTS)) plus one column
#           prognos belopp, for the aggregates: sum(belopp), avg(belopp),
#           prognostraffsakerhet(prognos, belopp).  A plain table: the
#           extension's own table keeps its triggers, and every row through
#           them costs several times a plain insert (the period lock and the
#           foreign keys fire per row).
#   kommunrapport.utfall  BENCH_REPORT_ROWS (1 000 000) rows, loaded through
#           its triggers (one session per CPU), for utfall_for_period and
#           driftsammandrag(2025, 'jan-dec 2025') of all committees (two years
#           of months; 10 committees), then ANALYZEd (which fills the
#           statistic utfall_grupper the planner's parallel choice needs).
#
# Every query is timed (wall clock, psql's \timing) with
# max_parallel_workers_per_gather = 0, 1, ..., nproc, in interleaved rounds
# (one untimed warm-up round, then BENCH_REPS rounds, the order of the
# settings rotating each round); a speed-up is the median over the rounds of
# the serial time divided by the parallel time of the same round.  The
# results of every setting are checked to be equal to the serial one.  The
# plans (EXPLAIN ANALYZE, and auto_explain for the statement inside
# driftsammandrag) are written next to the figures.  Prints the section and
# rewrites it in bench/README.md between the "parallel" markers.
#
# Knobs: BENCH_ROWS, BENCH_REPORT_ROWS, BENCH_REPS (5),
# BENCH_SHARED_BUFFERS (6GB: the 50 M-row table stays in shared buffers),
# BENCH_README ("-" for nowhere), BENCH_KEEP=1 (keep the raw output).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rows=${BENCH_ROWS:-50000000}
report_rows=${BENCH_REPORT_ROWS:-1000000}
reps=${BENCH_REPS:-5}
shared_buffers=${BENCH_SHARED_BUFFERS:-6GB}
readme=${BENCH_README:-$here/README.md}

if [ -z "${KR_BENCH_IN_CLUSTER:-}" ]; then
	# the command the figures name: the knobs that were set, then the script
	if [ -z "${BENCH_CMD:-}" ]; then
		BENCH_CMD=
		for v in BENCH_ROWS BENCH_REPORT_ROWS BENCH_REPS BENCH_SHARED_BUFFERS BENCH_KEEP; do
			[ -n "${!v:-}" ] && BENCH_CMD="$BENCH_CMD$v=${!v} "
		done
		BENCH_CMD="${BENCH_CMD}nice bench/parallel.sh"
	fi
	export KR_BENCH_IN_CLUSTER=1 BENCH_CMD
	export LC_ALL=C.UTF-8 LANG=C.UTF-8
	port_in_use() {
		[ -e "/var/run/postgresql/.s.PGSQL.$1" ] || (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null
	}
	port=$(( 20000 + RANDOM % 20000 ))
	while port_in_use "$port"; do port=$(( port + 1 )); done
	exec pg_virtualenv -t -v 15 -c "-p $port" \
		-o "shared_buffers=$shared_buffers" \
		-o "autovacuum=off" \
		-o "jit=off" \
		-o "max_worker_processes=8" -o "max_parallel_workers=8" \
		-o "max_parallel_workers_per_gather=0" \
		-o "work_mem=256MB" -o "maintenance_work_mem=1GB" \
		-o "max_wal_size=8GB" -o "checkpoint_timeout=30min" \
		"$0" "$@"
fi

work=$(mktemp -d -t parallel-bench.XXXXXX)
if [ -n "${BENCH_KEEP:-}" ]; then
	echo "keeping the raw output in $work"
else
	trap 'rm -rf "$work"' EXIT
fi
psql_() { psql -X -v ON_ERROR_STOP=1 -q "$@"; }

ncpu=$(nproc)
# the source the installed extension was built from, taken at the start
commit=$(cd "$here/.." && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(cd "$here/.." && git status --porcelain -- src sql 2>/dev/null)" ]; then
	commit="$commit with uncommitted changes in src/ or sql/"
fi
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
settings=$(seq 0 "$ncpu")
t_start=$(date +%s)

# ---------------------------------------------------------------------------
# 1. The data.  Amounts in öre from a fixed formula (either sign, up to
# ±10 000 kronor); months m, leaf rows r, units e of committees N0..N9.

echo "== $(date +%T) building kopia: $rows rows"
psql_ <<SQL
CREATE EXTENSION kommunrapport;
CREATE EXTENSION IF NOT EXISTS pg_prewarm;
SET search_path = public, kommunrapport;
CREATE UNLOGGED TABLE kopia (LIKE kommunrapport.utfall INCLUDING GENERATED INCLUDING DEFAULTS, prognos belopp NOT NULL);
INSERT INTO kopia (namnd, enhet, rad, period, belopp, prognos)
SELECT 'N' || (i / 72 % 20000 % 10), 'E' || (i / 72 % 20000),
       (ARRAY['INTAKTER', 'MATERIAL', 'PERSONAL', 'OVRIGA', 'FINANSNETTO', 'KOMMUNBIDRAG'])[i / 12 % 6 + 1],
       period(1990 + (i / 1440000)::int, (i % 12)::int + 1, (i % 12)::int + 1),
       ((i * 7919 % 2000001 - 1000000)::numeric / 100)::belopp,
       ((i * 7919 % 2000001 - 1000000 + i % 50000)::numeric / 100)::belopp
  FROM generate_series(0::bigint, $rows - 1) i;
VACUUM (FREEZE, ANALYZE) kopia;
SQL

echo "== $(date +%T) loading kommunrapport.utfall through its triggers: $report_rows rows"
units=$(( report_rows / (2 * 12 * 6) ))
psql_ <<SQL
SET search_path = public, kommunrapport;
SELECT count(*) FROM skapa_standardrader() \g /dev/null
INSERT INTO namnd (kod, namn) SELECT 'N' || c, 'Nämnd ' || c FROM generate_series(0, 9) c;
INSERT INTO enhet (namnd, kod, namn) SELECT 'N' || (u % 10), 'E' || u, 'Enhet ' || u FROM generate_series(0, $units - 1) u;
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2025, 'P1', 'Prognos 1', period(2025, 1, 4), '2025-05-15'), (2025, 'P2', 'Prognos 2', period(2025, 1, 8), '2025-09-15');
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp)
SELECT 'N' || (u % 10), 'E' || u, r, period(y, 1, 12), make_date(y - 1, 11, 1), ((u * 31 % 100000)::numeric * 12)::belopp
  FROM generate_series(0, $units - 1) u, unnest(ARRAY['INTAKTER', 'MATERIAL', 'PERSONAL', 'OVRIGA', 'FINANSNETTO', 'KOMMUNBIDRAG']) r,
       generate_series(2024, 2025) y;
INSERT INTO prognos (namnd, enhet, rad, ar, omgang, belopp)
SELECT 'N' || (u % 10), 'E' || u, r, 2025, o, ((u * 37 % 100000)::numeric * 12)::belopp
  FROM generate_series(0, $units - 1) u, unnest(ARRAY['INTAKTER', 'MATERIAL', 'PERSONAL', 'OVRIGA', 'FINANSNETTO', 'KOMMUNBIDRAG']) r,
       unnest(ARRAY['P1', 'P2']) o;
SQL
# the outcome rows in one session per CPU (units u with u % ncpu = k), each
# through the table's triggers
pids=()
for ((k = 0; k < ncpu; k++)); do
	psql_ -c "INSERT INTO kommunrapport.utfall (namnd, enhet, rad, period, belopp)
SELECT 'N' || (u % 10), 'E' || u, r, kommunrapport.period(y, m, m), (((u::bigint * 7919 + m * 13) % 2000001 - 1000000)::numeric / 100)::kommunrapport.belopp
  FROM generate_series($k, $units - 1, $ncpu) u, unnest(ARRAY['INTAKTER', 'MATERIAL', 'PERSONAL', 'OVRIGA', 'FINANSNETTO', 'KOMMUNBIDRAG']) r,
       generate_series(2024, 2025) y, generate_series(1, 12) m" &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
psql_ <<SQL
VACUUM (FREEZE, ANALYZE) kommunrapport.utfall, kommunrapport.budget, kommunrapport.prognos, kommunrapport.enhet,
    kommunrapport.namnd, kommunrapport.rad, kommunrapport.prognosomgang;
SQL
report_n=$(psql_ -At -c "SELECT count(*) FROM kommunrapport.utfall")
kopia_n=$(psql_ -At -c "SELECT count(*) FROM kopia")
sizes=$(psql_ -At -c "SELECT 'kopia ' || pg_size_pretty(pg_relation_size('kopia')) || ', kommunrapport.utfall ' || pg_size_pretty(pg_total_relation_size('kommunrapport.utfall')) || ' with its indexes'")
psql_ -At -c "SELECT pg_prewarm('kopia'), pg_prewarm('kommunrapport.utfall')" > /dev/null
t_built=$(date +%s)
echo "== $(date +%T) built in $(( t_built - t_start )) s: $sizes"

# ---------------------------------------------------------------------------
# 2. The queries: name|query

cat > "$work/queries" <<'Q'
sum(belopp), kopia|SELECT sum(belopp) FROM kopia
avg(belopp), kopia|SELECT avg(belopp) FROM kopia
prognostraffsakerhet(prognos, belopp), kopia|SELECT prognostraffsakerhet(prognos, belopp) FROM kopia
sum(belopp) GROUP BY namnd, kopia|SELECT namnd, sum(belopp) FROM kopia GROUP BY namnd ORDER BY namnd
utfall_for_period('jan-dec 2025'), all committees|SELECT count(*), sum(belopp) FROM utfall_for_period(period(2025, 1, 12))
driftsammandrag(2025, 'jan-dec 2025'), all committees|SELECT md5(string_agg(d::text, ',')), count(*) FROM driftsammandrag(2025, period(2025, 1, 12)) d
driftsammandrag(2025, 'jan-dec 2025'), all committees, without the text of its rows|SELECT count(*), sum(d.utfall), sum(d.budget), sum(d.avvikelse), sum(d.prognos), sum(d.bokslut_fg_ar) FROM driftsammandrag(2025, period(2025, 1, 12)) d
Q
nq=$(wc -l < "$work/queries")

# Every setting's run of the equality check, and every timed call, starts a
# session of its own (\connect): PL/pgSQL keeps the plan of a statement in
# the session, a generic plan after its fifth call, and reuses it whatever
# max_parallel_workers_per_gather has become since, so in one session
# alternating the setting would time the same plan under every setting after
# the first rounds.
reconnect='\connect
SET search_path = public, kommunrapport;'

# the results of every setting, for the equality check
{
	for w in $settings; do
		echo "$reconnect"
		echo "SET max_parallel_workers_per_gather = $w;"
		while IFS='|' read -r name q; do
			echo "\\echo @@ $w|$name"
			echo "$q;"
		done < "$work/queries"
	done
} > "$work/results.sql"
psql_ -At -f "$work/results.sql" > "$work/results.out"
awk '/^@@ / { split(substr($0, 4), f, "|"); key = f[2]; w = f[1]; next }
     { r[w "|" key] = r[w "|" key] $0 }
     END { bad = 0
           for (k in r) { split(k, f, "|"); if (r[k] != r["0|" f[2]]) { print "differs: " k ": " r[k] " vs " r["0|" f[2]]; bad = 1 } }
           exit bad }' "$work/results.out" || { echo "the parallel results differ from the serial ones" >&2; exit 1; }
echo "== $(date +%T) every setting gives the serial results"

# ---------------------------------------------------------------------------
# 3. The timed rounds.

{
	for ((r = 0; r <= reps; r++)); do
		k=0
		while IFS='|' read -r name q; do
			k=$((k + 1))
			ws=($settings); n=${#ws[@]}
			for ((j = 0; j < n; j++)); do
				w=${ws[$(( (j + r) % n ))]}
				echo "$reconnect"
				echo "SET max_parallel_workers_per_gather = $w;"
				echo "\\timing on"
				echo "$q \\g /dev/null"
				echo "\\timing off"
				echo "\\echo @@ $r|$k|$w"
			done
		done < "$work/queries"
	done
} > "$work/run.sql"
echo "== $(date +%T) timing: 1 warm-up + $reps rounds of $nq queries x $(echo $settings | wc -w) settings"
psql_ -f "$work/run.sql" > "$work/run.out"
awk '/^Time: / { t = $2; next } /^@@ / { print substr($0, 4) "|" t }' "$work/run.out" > "$work/times"
echo "== $(date +%T) done"

# ---------------------------------------------------------------------------
# 4. The plans.

{
	echo "SET search_path = public, kommunrapport;"
	echo "SET max_parallel_workers_per_gather = $ncpu;"
	while IFS='|' read -r name q; do
		case $name in driftsammandrag* | utfall_for_period*) continue ;; esac  # (plans by auto_explain below)
		echo "\\echo '#### $name'"
		echo "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) $q;"
	done < "$work/queries"
} | psql_ -At > "$work/plans.out"
# the statements inside driftsammandrag (PL/pgSQL RETURN QUERY) by
# auto_explain, once with the serial plan and once with all workers
for w in 0 "$ncpu"; do
	psql_ -At > /dev/null 2> "$work/auto_explain.$w.out" <<SQL
SET search_path = public, kommunrapport;
SET max_parallel_workers_per_gather = $w;
LOAD 'auto_explain';
SET auto_explain.log_min_duration = 50;
SET auto_explain.log_nested_statements = on;
SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = off;
SET client_min_messages = log;
SELECT count(*) FROM driftsammandrag(2025, period(2025, 1, 12));
SQL
	# Every statement auto_explain logged, named by the function it belongs
	# to (the first line of its query text), with its time, its Gather nodes
	# and the workers they launched: "name|ms|gathers|launched" per statement.
	awk '
		function flush() { if (name != "") printf "%s|%.0f|%d|%d\n", name, d, g, w; name = "" }
		/^LOG:  duration: / { flush(); d = $3 + 0; g = 0; w = 0; getline
			q = $0
			if (q ~ /^Query Text: SELECT u\.namnd, u\.enhet, u\.rad/) name = "utfall_for_period"
			else if (q ~ /^Query Text: SELECT g\.namnd, g\.enhet, g\.rad/) name = "utfall_for_perioder"
			else if (q ~ /^Query Text: SELECT v\.namnd, v\.enhet, v\.rad/) name = "budget_for_period"
			else if (q ~ /^Query Text: SELECT f\.namnd, f\.enhet, f\.rad, f\.omgang/) name = "prognos_for_omgangar"
			else if (q ~ /^Query Text: SELECT s\.namnd/) name = "driftsammandrag_belopp (all of it)"
			else if (q ~ /^Query Text: SELECT count/) name = "driftsammandrag (the call)"
			else if (q ~ /^Query Text: SELECT (e\.namnd, e\.kod, e\.namn|u\.namnd_kod, u\.anc|r\.kod, r\.namn|o\.anc, o\.kod)/) name = "summera (its hierarchy queries)"
			else { name = ""; next }  # (a statement inside one of those)
			next }
		/Gather/ { g++ }
		/Workers Launched: / { w += $NF }
		END { flush() }' "$work/auto_explain.$w.out" > "$work/drift_statements.$w.out"
done
# per function: statements, ms serial, ms with all workers, Gather nodes and
# workers launched with all workers; and the part of driftsammandrag_belopp
# that is none of them (the ARRAY of figures, summera's roll-up, the output)
drift_summary=$(awk -F'|' -v ncpu="$ncpu" '
	FNR == 1 { f++ }
	{ x = $1; if (!(x in o)) o[x] = ++k
	  if (f == 1) { n[x]++; s[x] += $2 } else { p[x] += $2; g[x] += $3; w[x] += $4 } }
	END { for (x in o) r[o[x]] = x
	      print "| statements of | number | serial ms | " ncpu " workers ms | speed-up | Gather nodes | workers launched |"
	      print "|---|--:|--:|--:|--:|--:|--:|"
	      for (i = 1; i <= k; i++) { x = r[i]
	          if (x ~ /^driftsammandrag/) continue
	          rs += s[x]; rp += p[x]
	          printf "| %s | %d | %d | %d | %.2f× | %d | %d |\n", x, n[x], s[x], p[x], (p[x] > 0 ? s[x] / p[x] : 0), g[x], w[x] }
	      x = "driftsammandrag_belopp (all of it)"
	      printf "| the rest of driftsammandrag_belopp: the figures'"'"' array, the roll-up, the output | | %d | %d | %.2f× | | |\n", s[x] - rs, p[x] - rp, (p[x] - rp > 0 ? (s[x] - rs) / (p[x] - rp) : 0)
	      printf "| driftsammandrag_belopp (all of it) | | %d | %d | %.2f× | | |\n", s[x], p[x], (p[x] > 0 ? s[x] / p[x] : 0) }' \
	"$work/drift_statements.0.out" "$work/drift_statements.$ncpu.out")
# the plan of the slowest outcome read (utfall_for_period) in full
awk '/^LOG:  duration: / { if (shown) exit; getline; on = ($0 ~ /^Query Text: SELECT u\.namnd, u\.enhet, u\.rad/); shown = on; next }
     on && /^[A-Z]/ && !/^Query Text/ && !started { started = 1 }
     on && started { print }' "$work/auto_explain.$ncpu.out" > "$work/drift_plan.out"

# ---------------------------------------------------------------------------
# 5. Ratios.

psql_ -At > "$work/table.md" <<SQL
CREATE TEMP TABLE q (k serial, name text, query text);
CREATE TEMP TABLE t (rep int, k int, w int, ms float8);
\copy q (name, query) FROM '$work/queries' (FORMAT csv, DELIMITER '|', QUOTE E'\x01')
\copy t FROM '$work/times' (FORMAT csv, DELIMITER '|')
WITH x AS (
    SELECT t.rep, t.k, t.w, t.ms, s.ms / t.ms AS speedup
      FROM t JOIN t s ON s.rep = t.rep AND s.k = t.k AND s.w = 0
     WHERE t.rep > 0
), m AS (
    SELECT k, w, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS ms,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY speedup) AS speedup,
           min(speedup) AS lo, max(speedup) AS hi
      FROM x GROUP BY k, w
)
SELECT line FROM (
    SELECT 0 AS k, '| query | serial ms | ' || string_agg(format('%s worker%s', w, CASE WHEN w > 1 THEN 's' ELSE '' END), ' | ' ORDER BY w) || ' |' AS line
      FROM (SELECT DISTINCT w FROM t WHERE w > 0) w
    UNION ALL
    SELECT 0.5, '|---|--:|' || string_agg('--:|', '' ORDER BY w) FROM (SELECT DISTINCT w FROM t WHERE w > 0) w
    UNION ALL
    SELECT q.k, format('| %s | %s | ', q.name, to_char(max(m.ms) FILTER (WHERE m.w = 0), 'FM999990'))
           || string_agg(format('%s× (%s–%s)', to_char(m.speedup, 'FM990.00'), to_char(m.lo, 'FM990.00'), to_char(m.hi, 'FM990.00')),
                         ' | ' ORDER BY m.w) FILTER (WHERE m.w > 0) || ' |'
      FROM q JOIN m USING (k) GROUP BY q.k, q.name
) l ORDER BY k;
SQL

pgversion=$(psql_ -Atc "SHOW server_version")
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
load=$(cut -d' ' -f1-3 /proc/loadavg)
t_end=$(date +%s)

{
	echo "Run $when: \`$BENCH_CMD\` (kopia: $kopia_n rows; kommunrapport.utfall: $report_n rows; $reps timed rounds"
	echo "after one warm-up round; $(( t_built - t_start )) s to build, $(( t_end - t_built )) s to time)."
	echo "Machine: $ncpu CPUs ($cpu), $mem, load average $load_start at the start and $load at the end;"
	echo "PostgreSQL $pgversion; kommunrapport at $commit. Sizes: $sizes."
	echo "Settings: shared_buffers=$shared_buffers (both tables prewarmed), jit=off, autovacuum=off, work_mem=256MB,"
	echo "max_worker_processes=8, max_parallel_workers=8, the planner's parallel costs at their defaults."
	echo
	echo "Speed-up against the serial plan (max_parallel_workers_per_gather = 0) in the same round, median over"
	echo "the rounds (lowest–highest in brackets); serial ms is the median wall clock of the serial plan. Every"
	echo "setting returned exactly the serial results. Every call runs in a new session, so that each setting"
	echo "times its own plans (not a plan PL/pgSQL cached in the session under another setting)."
	echo
	cat "$work/table.md"
	echo
	echo "Plans with max_parallel_workers_per_gather = $ncpu (EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF)):"
	echo
	echo '```'
	cat "$work/plans.out"
	echo '```'
	echo
	echo "driftsammandrag: the tables are read by the PL/pgSQL functions utfall_for_period (this year),"
	echo "utfall_for_perioder (last year's same months and whole year in one read), budget_for_period and"
	echo "prognos_for_omgangar (each a RETURN QUERY), and summera rolls their figures up. Their statements"
	echo "by auto_explain (log_nested_statements, log_analyze, statements of 50 ms or more; one call each with"
	echo "the serial plan and with all workers, after the timed rounds):"
	echo
	echo "$drift_summary"
	echo
	echo "The plan of the first outcome read (utfall_for_period):"
	echo
	echo '```'
	cat "$work/drift_plan.out"
	echo '```'
} > "$work/section.md"

echo
cat "$work/section.md"

if [ "$readme" != - ]; then
	begin='<!-- parallel:begin -->'
	end='<!-- parallel:end -->'
	if [ -f "$readme" ] && grep -qF "$begin" "$readme" && grep -qF "$end" "$readme"; then
		awk -v b="$begin" -v e="$end" -v f="$work/section.md" '
			$0 == b { print; while ((getline l < f) > 0) print l; skip = 1; next }
			$0 == e { skip = 0 }
			!skip { print }' "$readme" > "$work/readme.new"
	else
		{ [ -f "$readme" ] && cat "$readme" && echo; echo "## Parallel plans"; echo; echo "$begin"; cat "$work/section.md"; echo "$end"; } > "$work/readme.new"
	fi
	cat "$work/readme.new" > "$readme"
	echo
	echo "written into $readme"
fi
