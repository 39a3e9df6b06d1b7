#!/bin/bash
# bench/belopp.sh -- how fast is belopp next to bigint and numeric?
#
#   bench/belopp.sh            (after `make && sudo make install`)
#
# Starts its own throwaway PostgreSQL 15 cluster with pg_virtualenv, builds
# one table per type holding the same amounts (bigint öre, belopp, numeric
# kronor with two decimals, and their text forms), then times every query in
# interleaved rounds (backend CPU time and psql's \timing) and reports
# medians and the medians of the ratios paired within each round, as Markdown
# tables.  They are printed and written into bench/README.md between the
# "results" markers, with the machine facts and the command.  Only ratios
# taken in one run mean anything; the absolute milliseconds depend on the
# machine and on whatever else it is doing.
#
# Knobs (environment): BENCH_ROWS (4000000), BENCH_REPS (9 timed rounds after
# one untimed warm-up round), BENCH_SHARED_BUFFERS (2GB: every table stays in
# shared buffers, so the scans read no file), BENCH_README (where to write the
# figures; "-" for nowhere), BENCH_KEEP=1 (keep the raw timings).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
rows=${BENCH_ROWS:-4000000}
reps=${BENCH_REPS:-9}
shared_buffers=${BENCH_SHARED_BUFFERS:-2GB}
readme=${BENCH_README:-$here/README.md}

# ---------------------------------------------------------------------------
# 1. A cluster of our own.  (Inside someone else's pg_virtualenv we still start
# our own: the settings below need a restart to take effect.)

if [ -z "${KR_BENCH_IN_CLUSTER:-}" ]; then
	export KR_BENCH_IN_CLUSTER=1 BENCH_CMD="${BENCH_CMD:-bench/belopp.sh}"
	# a UTF-8 database, whatever the caller's locale
	export LC_ALL=C.UTF-8 LANG=C.UTF-8
	# A free port picked at random: clusters that other pg_virtualenv runs
	# have going at the same time would otherwise all want 5432.
	port_in_use() {
		[ -e "/var/run/postgresql/.s.PGSQL.$1" ] || (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null
	}
	port=$(( 20000 + RANDOM % 20000 ))
	while port_in_use "$port"; do port=$(( port + 1 )); done
	exec pg_virtualenv -t -v 15 -c "-p $port" \
		-o "shared_buffers=$shared_buffers" \
		-o "autovacuum=off" \
		-o "jit=off" \
		-o "max_parallel_workers_per_gather=0" \
		-o "max_worker_processes=8" -o "max_parallel_workers=8" \
		"$0" "$@"
fi

work=$(mktemp -d -t belopp-bench.XXXXXX)
if [ -n "${BENCH_KEEP:-}" ]; then
	echo "keeping the raw timings in $work"
else
	trap 'rm -rf "$work"' EXIT
fi

psql_() { psql -X -v ON_ERROR_STOP=1 -q "$@"; }

ncpu=$(nproc)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
# parallel runs: the leader plus one worker per further core
par_workers=$(( ncpu > 1 ? ncpu - 1 : 1 ))

# ---------------------------------------------------------------------------
# 2. The data: the same amounts in every type, one table per type, so each
# query reads the same number of tuples and deforms only its own columns
# (with all types in one row, the columns behind a numeric would be slower to
# reach, which would favour whichever type came first).

echo "== $(date +%T) building $rows rows per table"
psql_ <<SQL
SET jit = off;
CREATE EXTENSION kommunrapport;
CREATE EXTENSION IF NOT EXISTS pg_prewarm;
SET search_path = public, kommunrapport;

-- Amounts from 1 öre to 100 million kronor, log-uniform (as many 3-digit as
-- 9-digit amounts), either sign; reproducible.
SELECT setseed(0.4242) \g /dev/null
CREATE UNLOGGED TABLE src AS
SELECT i,
       (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) * floor(power(10, random() * 10))::bigint AS a,
       (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) * floor(power(10, random() * 10))::bigint AS b
FROM generate_series(1, $rows) AS i;

-- two columns per type: öre as bigint, the same as belopp, kronor as numeric
CREATE UNLOGGED TABLE t_bigint  AS SELECT a, b FROM src ORDER BY i;
CREATE UNLOGGED TABLE t_belopp  AS
    SELECT round(a::numeric / 100, 2)::belopp AS a, round(b::numeric / 100, 2)::belopp AS b FROM src ORDER BY i;
CREATE UNLOGGED TABLE t_numeric AS
    SELECT round(a::numeric / 100, 2) AS a, round(b::numeric / 100, 2) AS b FROM src ORDER BY i;

-- text forms of the same amounts: kronor '1234.56', öre '123456',
-- report form '-1 234 567' (whole kronor, grouped), and '−27,6 mnkr'
CREATE UNLOGGED TABLE t_text_kr  AS SELECT round(a::numeric / 100, 2)::text AS s FROM src ORDER BY i;
CREATE UNLOGGED TABLE t_text_ore AS SELECT a::text AS s FROM src ORDER BY i;
CREATE UNLOGGED TABLE t_text_grp AS
    SELECT CASE WHEN a < 0 THEN '-' ELSE '' END
           || regexp_replace((abs(a) / 100)::text, '(\d)(?=(\d{3})+$)', '\1 ', 'g') AS s
    FROM src ORDER BY i;
CREATE UNLOGGED TABLE t_text_mnkr AS
    SELECT CASE WHEN a < 0 THEN chr(8722) ELSE '' END
           || replace(((abs(a) % 10000) / 10.0)::numeric(6, 1)::text, '.', ',') || ' mnkr' AS s
    FROM src ORDER BY i;
DROP TABLE src;

VACUUM (FREEZE, ANALYZE) t_bigint, t_belopp, t_numeric, t_text_kr, t_text_ore, t_text_grp, t_text_mnkr;
SQL

# Check that the tables hold the same amounts (a correctness check of the
# set-up, not a timing), then load every table into shared buffers.
psql_ -At <<'SQL'
SET jit = off;
SET search_path = public, kommunrapport;
DO $$
DECLARE
    ok boolean;
BEGIN
    SELECT (SELECT sum(a) / 100 FROM t_bigint) = (SELECT sum(a)::numeric FROM t_belopp)
       AND (SELECT sum(a)::numeric FROM t_belopp) = (SELECT sum(a) FROM t_numeric)
       AND (SELECT sum(a - b)::numeric FROM t_belopp) = (SELECT sum(a - b) FROM t_numeric)
       AND (SELECT sum(s::belopp)::numeric FROM t_text_kr) = (SELECT sum(s::numeric) FROM t_text_kr)
       AND (SELECT sum(s::bigint) FROM t_text_ore) = (SELECT sum(a) FROM t_bigint)
       AND (SELECT sum(s::belopp)::numeric FROM t_text_grp) = (SELECT sum(trunc(a / 100)) FROM t_bigint)
      INTO ok;
    IF NOT ok THEN
        RAISE EXCEPTION 'the tables do not hold the same amounts';
    END IF;
END
$$;
SELECT format('%-12s %8s  %s', c.relname, pg_size_pretty(pg_relation_size(c.oid)), pg_prewarm(c.oid::regclass) || ' pages prewarmed')
FROM pg_class c WHERE c.relname LIKE 't\_%' AND c.relkind = 'r' ORDER BY c.relname;
SQL

# ---------------------------------------------------------------------------
# 3. The queries.  count(expr) is the cheapest way to make every row evaluate
# expr, and costs the same whatever expr's type, so it isolates an operator
# or a text input function.  The "floor" rows time the scan alone (reading
# and deforming the column, counting); "net" figures subtract the floor of
# the same table from a query's time.  Fields: order|kind|operation|type|query
# (kind: floor, serial, or parallel).

# Rows 11-13 run with the search_path a new user has ("$user", public: the
# extension's schema not on it), to show that sum, - and / over belopp are
# still belopp's own (the operators and aggregates live in pg_catalog), not
# numeric's through the implicit cast.  Each sets that search_path and puts
# the usual one back in the same round trip; a SET costs microseconds.
dp='SET search_path = "$user", public;'
kp='SET search_path = public, kommunrapport;'
# and a check, before timing, that under that search_path they are belopp's
psql_ -At <<'SQL'
SET search_path = "$user", public;
DO $$
BEGIN
    IF (SELECT pg_typeof(sum(a))::text || pg_typeof(min(a - b))::text || pg_typeof(min(a / 2))::text FROM t_belopp)
       <> 'kommunrapport.beloppkommunrapport.beloppkommunrapport.belopp' THEN
        RAISE EXCEPTION 'with the default search_path sum, - or / over belopp is not belopp''s own';
    END IF;
END
$$;
SQL

cat > "$work/queries" <<Q
1|floor|count(a): scan floor|bigint|SELECT count(a) FROM t_bigint
1|floor|count(a): scan floor|belopp|SELECT count(a) FROM t_belopp
1|floor|count(a): scan floor|numeric|SELECT count(a) FROM t_numeric
2|serial|sum(a)|bigint|SELECT sum(a) FROM t_bigint
2|serial|sum(a)|belopp|SELECT sum(a) FROM t_belopp
2|serial|sum(a)|numeric|SELECT sum(a) FROM t_numeric
3|serial|sum(a + b)|bigint|SELECT sum(a + b) FROM t_bigint
3|serial|sum(a + b)|belopp|SELECT sum(a + b) FROM t_belopp
3|serial|sum(a + b)|numeric|SELECT sum(a + b) FROM t_numeric
4|serial|sum(a - b)|bigint|SELECT sum(a - b) FROM t_bigint
4|serial|sum(a - b)|belopp|SELECT sum(a - b) FROM t_belopp
4|serial|sum(a - b)|numeric|SELECT sum(a - b) FROM t_numeric
5|serial|count(a + b): the + alone|bigint|SELECT count(a + b) FROM t_bigint
5|serial|count(a + b): the + alone|belopp|SELECT count(a + b) FROM t_belopp
5|serial|count(a + b): the + alone|numeric|SELECT count(a + b) FROM t_numeric
11|serial|sum(a), default search_path (kommunrapport not on it)|bigint|$dp SELECT sum(a) FROM t_bigint; $kp
11|serial|sum(a), default search_path (kommunrapport not on it)|belopp|$dp SELECT sum(a) FROM t_belopp; $kp
11|serial|sum(a), default search_path (kommunrapport not on it)|numeric|$dp SELECT sum(a) FROM t_numeric; $kp
12|serial|count(a - b), default search_path|bigint|$dp SELECT count(a - b) FROM t_bigint; $kp
12|serial|count(a - b), default search_path|belopp|$dp SELECT count(a - b) FROM t_belopp; $kp
12|serial|count(a - b), default search_path|numeric|$dp SELECT count(a - b) FROM t_numeric; $kp
13|serial|count(a / 2), default search_path|bigint|$dp SELECT count(a / 2) FROM t_bigint; $kp
13|serial|count(a / 2), default search_path|belopp|$dp SELECT count(a / 2) FROM t_belopp; $kp
13|serial|count(a / 2), default search_path|numeric|$dp SELECT count(a / 2) FROM t_numeric; $kp
6|parallel|sum(a), parallel: leader + $par_workers worker(s)|bigint|SELECT sum(a) FROM t_bigint
6|parallel|sum(a), parallel: leader + $par_workers worker(s)|belopp|SELECT sum(a) FROM t_belopp
6|parallel|sum(a), parallel: leader + $par_workers worker(s)|numeric|SELECT sum(a) FROM t_numeric
7|floor|count(s): text scan floor ('123456' / '1234.56')|bigint|SELECT count(s) FROM t_text_ore
7|floor|count(s): text scan floor ('123456' / '1234.56')|belopp|SELECT count(s) FROM t_text_kr
7|floor|count(s): text scan floor ('123456' / '1234.56')|numeric|SELECT count(s) FROM t_text_kr
8|serial|text input '1234.56' (bigint: öre '123456')|bigint|SELECT count(s::bigint) FROM t_text_ore
8|serial|text input '1234.56' (bigint: öre '123456')|belopp|SELECT count(s::belopp) FROM t_text_kr
8|serial|text input '1234.56' (bigint: öre '123456')|numeric|SELECT count(s::numeric) FROM t_text_kr
9|serial|text input '-1 234 567' (belopp only)|belopp|SELECT count(s::belopp) FROM t_text_grp
10|serial|text input '−27,6 mnkr' (belopp only)|belopp|SELECT count(s::belopp) FROM t_text_mnkr
Q

# The run: warm-up round 0, then rounds 1..reps; in every round each
# operation's types are timed back to back, starting with a different type
# each round, so drift and neighbours' load fall on all of them alike.
# Each query is timed twice over: psql's \timing (wall clock) and the CPU
# time the backend spent on it, from /proc/self/schedstat (nanoseconds on the
# CPU), which other work on the machine hardly disturbs.
cpu_now="SELECT split_part(pg_read_file('/proc/self/schedstat'), ' ', 1)"
{
	echo "SET jit = off;"
	echo "SET search_path = public, kommunrapport;"
	echo "SET max_parallel_workers_per_gather = 0;"
	for ((r = 0; r <= reps; r++)); do
		for ord in $(cut -d'|' -f1 "$work/queries" | sort -un); do
			mapfile -t lines < <(awk -F'|' -v o="$ord" '$1 == o' "$work/queries")
			n=${#lines[@]}
			for ((k = 0; k < n; k++)); do
				IFS='|' read -r o kind op typ q <<<"${lines[$(( (k + r) % n ))]}"
				if [ "$kind" = parallel ]; then
					echo "SET max_parallel_workers_per_gather = $par_workers;"
				fi
				echo "$cpu_now AS c0 \\gset"
				echo "\\timing on"
				echo "$q \\g /dev/null"
				echo "\\timing off"
				echo "$cpu_now AS c1 \\gset"
				echo "\\echo @@ $r|$o|$typ|:c0|:c1"
				if [ "$kind" = parallel ]; then
					echo "SET max_parallel_workers_per_gather = 0;"
				fi
			done
		done
	done
} > "$work/run.sql"

echo "== $(date +%T) timing: 1 warm-up + $reps timed rounds of $(wc -l < "$work/queries") queries"
psql_ -f "$work/run.sql" > "$work/run.out"
echo "== $(date +%T) done"
# rep|ord|type|cpu ms|wall ms
# (a row of several statements prints a Time: line for each: they add up)
awk '/^Time: / { wall += $2; seen = 1; next }
     /^@@ / { split(substr($0, 4), f, "|");
              printf "%s|%s|%s|%.3f|%s\n", f[1], f[2], f[3], (f[5] - f[4]) / 1e6, seen ? wall : ""; wall = 0; seen = 0 }' \
	"$work/run.out" > "$work/times"
expected=$(( (reps + 1) * $(wc -l < "$work/queries") ))
if [ "$(grep -c '|[0-9.]*$' "$work/times")" -ne "$expected" ]; then
	echo "expected $expected timings, got:" >&2
	cat "$work/times" >&2
	exit 1
fi

# Evidence that the parallel rows ran in parallel.
{
	echo "SET jit = off; SET search_path = public, kommunrapport;"
	echo "SET max_parallel_workers_per_gather = $par_workers;"
	for t in bigint belopp numeric; do
		echo "\\echo $t"
		echo "EXPLAIN (ANALYZE, TIMING OFF, COSTS OFF, SUMMARY OFF) SELECT sum(a) FROM t_$t;"
	done
} | psql_ -At > "$work/parallel.out"
workers=$(awk '/^(bigint|belopp|numeric)$/ { t = $1 } /Workers Launched/ { printf "%s%s %s", sep, t, $NF; sep = ", " }' "$work/parallel.out")
workers=${workers:-"none, so that row ran serially"}

# ---------------------------------------------------------------------------
# 4. Medians and ratios.

pgversion=$(psql_ -Atc "SHOW server_version")
commit=$(cd "$here/.." && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$commit" != unknown ] && [ -n "$(cd "$here/.." && git status --porcelain -- src sql 2>/dev/null)" ]; then
	commit="$commit with uncommitted changes in src/ or sql/"
fi
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
when=$(date -u '+%Y-%m-%d %H:%M UTC')
load=$(cut -d' ' -f1-3 /proc/loadavg)

psql_ -At -v reps="$reps" > "$work/table.md" <<SQL
CREATE TEMP TABLE q (ord int, kind text, op text, typ text, query text);
CREATE TEMP TABLE t (rep int, ord int, typ text, cpu float8, wall float8);
\copy q FROM '$work/queries' (FORMAT csv, DELIMITER '|', QUOTE E'\x01')
\copy t FROM '$work/times' (FORMAT csv, DELIMITER '|')

-- One Markdown table of medians and ratios; by backend CPU time (except the
-- parallel row, whose work is spread over processes: wall clock), or all by
-- wall clock.
CREATE FUNCTION pg_temp.report(wallclock boolean, with_net boolean) RETURNS SETOF text
LANGUAGE sql AS \$\$
WITH x AS (                     -- one timing per round, query and type
    SELECT t.rep, q.ord, q.kind, q.op, q.typ, substring(q.query FROM 'FROM (\w+)') AS tab,
           CASE WHEN wallclock OR q.kind = 'parallel' THEN t.wall ELSE t.cpu END AS ms
    FROM q JOIN t USING (ord, typ)
    WHERE t.rep > 0
), n AS (                       -- with the scan floor of the same table in the same round
    SELECT x.*, CASE WHEN x.kind = 'serial' THEN x.ms - f.ms END AS net
    FROM x LEFT JOIN x f ON f.kind = 'floor' AND f.tab = x.tab AND f.typ = x.typ AND f.rep = x.rep
), per_round AS (               -- the types of one operation were timed back to back
    SELECT rep, ord, min(kind) AS kind, min(op) AS op,
           max(ms)  FILTER (WHERE typ = 'bigint')  AS bi,
           max(ms)  FILTER (WHERE typ = 'belopp')  AS be,
           max(ms)  FILTER (WHERE typ = 'numeric') AS nu,
           max(net) FILTER (WHERE typ = 'bigint')  AS bi_net,
           max(net) FILTER (WHERE typ = 'belopp')  AS be_net,
           max(net) FILTER (WHERE typ = 'numeric') AS nu_net
    FROM n GROUP BY rep, ord
), r AS (                       -- medians over the rounds, of the times and of the paired ratios
    SELECT ord, min(kind) AS kind, min(op) AS op,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY bi) AS bi,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY be) AS be,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY nu) AS nu,
           -- the text floor row times different tables for bigint and belopp: no ratios
           CASE WHEN NOT (min(kind) = 'floor' AND ord > 1) THEN
               percentile_cont(0.5) WITHIN GROUP (ORDER BY be / bi) END AS be_bi,
           CASE WHEN NOT (min(kind) = 'floor' AND ord > 1) THEN
               percentile_cont(0.5) WITHIN GROUP (ORDER BY nu / be) END AS nu_be,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY be_net / nullif(bi_net, 0)) AS be_bi_net,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY nu_net / nullif(be_net, 0)) AS nu_be_net,
           greatest((max(bi) - min(bi)) / percentile_cont(0.5) WITHIN GROUP (ORDER BY bi),
                    (max(be) - min(be)) / percentile_cont(0.5) WITHIN GROUP (ORDER BY be),
                    (max(nu) - min(nu)) / percentile_cont(0.5) WITHIN GROUP (ORDER BY nu)) AS spread,
           greatest(max(be / bi) - min(be / bi), max(nu / be) - min(nu / be)) AS ratio_spread
    FROM per_round GROUP BY ord
)
SELECT line FROM (
    SELECT 0 AS ord, '| operation | bigint ms | belopp ms | numeric ms | belopp/bigint | numeric/belopp'
           || CASE WHEN with_net THEN ' | net belopp/bigint | net numeric/belopp | target |' ELSE ' |' END AS line
    UNION ALL
    SELECT 0.5, '|---|--:|--:|--:|--:|--:|' || CASE WHEN with_net THEN '--:|--:|---|' ELSE '' END
    UNION ALL
    SELECT ord,
           format('| %s | %s | %s | %s | %s | %s |', op,
                  coalesce(to_char(bi, 'FM99990.0'), '–'),
                  to_char(be, 'FM99990.0'),
                  coalesce(to_char(nu, 'FM99990.0'), '–'),
                  coalesce(to_char(be_bi, 'FM990.00') || '×', '–'),
                  coalesce(to_char(nu_be, 'FM990.00') || '×', '–'))
           || CASE WHEN NOT with_net THEN '' ELSE format(' %s | %s | %s |',
                  coalesce(to_char(be_bi_net, 'FM990.00') || '×', '–'),
                  coalesce(to_char(nu_be_net, 'FM990.00') || '×', '–'),
                  CASE WHEN kind = 'floor' THEN 'reference'
                       WHEN bi IS NULL THEN '–'
                       WHEN be_bi <= 1.10 AND (nu IS NULL OR nu_be >= 2) THEN 'met'
                       ELSE 'MISSED (' || concat_ws(', ',
                                CASE WHEN be_bi > 1.10 THEN 'belopp/bigint > 1.10' END,
                                CASE WHEN nu_be < 2 THEN 'numeric/belopp < 2' END) || ')'
                  END) END
    FROM r
    UNION ALL
    SELECT 100, ''
    UNION ALL
    SELECT 101, format('Widest spread of a time over the rounds, (max − min) / median: %s%%; of a paired ratio, max − min: %s.',
                       to_char(100 * max(spread), 'FM990'), to_char(max(ratio_spread), 'FM990.00'))
    FROM r
) x ORDER BY ord
\$\$;

\echo '### Backend CPU time'
\echo
\echo 'Medians over' :reps 'rounds, in ms of CPU time of the backend (/proc/self/schedstat) for every serial row and'
\echo 'of wall clock for the parallel row. Ratios are the medians of the ratios within each round (the types of an'
\echo 'operation run back to back), and above 1 mean the second-named type is slower. "net" subtracts the scan floor'
\echo 'of the same table in the same round (reading the rows and counting them), so it compares only the work of the'
\echo 'operator, aggregate or input function; where that work is a small part of the query, net ratios are noisy.'
\echo 'The target column judges the whole-query ratios: belopp/bigint ≤ 1.10 and numeric/belopp ≥ 2.'
\echo
SELECT pg_temp.report(false, true);
\echo
\echo '### Wall clock (the same runs; disturbed by whatever else the machine was doing)'
\echo
SELECT pg_temp.report(true, false);
SQL

{
	echo "Run $when: \`$BENCH_CMD\` ($rows rows per table, $reps timed runs per query)."
	echo "Machine: $ncpu CPUs ($cpu), load average $load_start at the start and $load at the end;"
	echo "PostgreSQL $pgversion; kommunrapport at $commit."
	echo "Settings: shared_buffers=$shared_buffers (all tables prewarmed), jit=off, autovacuum=off,"
	echo "max_parallel_workers_per_gather=0 except the parallel row ($par_workers; workers launched: $workers)."
	echo
	cat "$work/table.md"
} > "$work/results.md"

echo
cat "$work/results.md"

# ---------------------------------------------------------------------------
# 5. Into the README, between the markers (the prose around them is kept).

if [ "$readme" != - ]; then
	begin='<!-- results:begin (written by bench/belopp.sh) -->'
	end='<!-- results:end -->'
	if [ -f "$readme" ] && grep -qF "$begin" "$readme" && grep -qF "$end" "$readme"; then
		awk -v b="$begin" -v e="$end" -v f="$work/results.md" '
			$0 == b { print; while ((getline l < f) > 0) print l; skip = 1; next }
			$0 == e { skip = 0 }
			!skip { print }' "$readme" > "$work/readme.new"
	else
		{ [ -f "$readme" ] && cat "$readme" && echo; echo "## Latest figures"; echo; echo "$begin"; cat "$work/results.md"; echo "$end"; } > "$work/readme.new"
	fi
	cat "$work/readme.new" > "$readme"
	echo
	echo "written into $readme"
fi
