#!/usr/bin/env bash
# The long reliability runs (make test-long; they take about an hour), one
# after the other, each writing what it measured into test/RELIABILITY.md:
#
#   sqlsmith   test/reliability/sqlsmith.sh, 30 minutes in its own throwaway
#              cluster, a new seed each run (recorded), 0 backend crashes
#   fuzz       test/reliability/fuzz_long.sh, every libFuzzer target for
#              10 M executions, 0 findings
#   long_*.sh  every other test/reliability/long_*.sh (crash safety,
#              concurrency, ...); a script that prints TAP counts its
#              assertions, one that does not counts as one by its exit status
#
# Finishes with one line "N passed, N failed"; exit status 0 when nothing failed.
# The extension must be built and installed, and the fuzz targets built
# (make test-long does both first).  Logs: results/long/.
#
# Environment: SQLSMITH_LONG_SECONDS (default 1800), SQLSMITH_SEED (default:
# the current time in seconds), FUZZ_RUNS (default 10000000).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"
# logs are written to a private directory first and copied to results/long
# at the end, so that a test run started meanwhile (which empties results/)
# cannot take them away; each script keeps its own in results/ likewise
final=$top/results/long
out=$(mktemp -d "${TMPDIR:-/tmp}/kr_long.XXXXXX"); chmod 755 "$out"
trap 'mkdir -p "$top/results" && rm -rf "$final" && cp -r "$out" "$final" && rm -rf "$out"' EXIT
counts=$out/counts.tsv; : > "$counts"

# record NAME OK: one assertion
record() {
	if [ "$2" = 0 ]; then printf '%s\t1\t0\t0\n' "$1"; else printf '%s\t0\t1\t0\n' "$1"; echo "FAILED: $1" >&2; fi >> "$counts"
}

# tap_or_status NAME LOG RC: the TAP of LOG if it has a plan, else RC
tap_or_status() {
	local name=$1 log=$2 rc=$3
	if grep -q -E '^[[:space:]]*1\.\.[0-9]+' "$log"; then
		awk -v name="$name" -v rc="$rc" '
			/^[ \t]*not ok [0-9]+/ { if ($0 ~ /# (TODO|todo)/) s++; else f++; n++; next }
			/^[ \t]*ok [0-9]+/     { p++; n++; next }
			/^[ \t]*1\.\.[0-9]+/   { split($0, a, /\.\./); planned += a[2] }
			END {
				if (n != planned) f++
				if (rc != 0 && f == 0) f++
				printf "%s\t%d\t%d\t%d\n", name, p, f, s
			}' "$log" >> "$counts"
	else
		record "$name" "$rc"
	fi
}

seconds=${SQLSMITH_LONG_SECONDS:-1800}
seed=${SQLSMITH_SEED:-$(( $(date +%s) % 2147483647 ))}

echo "== SQLsmith, ${seconds}s, seed $seed"
SQLSMITH_SEED=$seed SQLSMITH_COMMAND="test/reliability/long.sh (make test-long): SQLSMITH_SEED=$seed test/reliability/sqlsmith.sh --section sqlsmith-long $seconds" \
	"$here/sqlsmith.sh" --section sqlsmith-long "$seconds" > "$out/sqlsmith.log" 2>&1
rc=$?
grep -a '^sqlsmith' "$out/sqlsmith.log"
[ $rc -ne 0 ] && tail -n 30 "$out/sqlsmith.log"
record "sqlsmith ${seconds}s, 0 crashes" $rc

echo "== libFuzzer, ${FUZZ_RUNS:-10000000} executions per target"
FUZZ_COMMAND="test/reliability/long.sh (make test-long): test/reliability/fuzz_long.sh" \
	"$here/fuzz_long.sh" > "$out/fuzz.log" 2>&1
rc=$?
grep -a -E '^fuzz_' "$out/fuzz.log"
[ $rc -ne 0 ] && tail -n 40 "$out/fuzz.log"
# one assertion per target
awk '/^fuzz_[a-z0-9_]+ +(passed|failed|not built)/ {
		printf "fuzz/%s\t%d\t%d\t0\n", $1, ($2 == "passed:"), ($2 != "passed:") }
	/^not built: / { printf "fuzz/%s\t0\t1\t0\n", $3 }' "$out/fuzz.log" >> "$counts"
grep -q -E '^fuzz_[a-z0-9_]+ +passed' "$out/fuzz.log" || [ $rc -ne 0 ] || record "fuzz targets found" 1
[ $rc -ne 0 ] && ! grep -q -E '^fuzz_[a-z0-9_]+ +failed|^not built' "$out/fuzz.log" && record "fuzz_long.sh" $rc

for t in "$here"/long_*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	echo "== $name"
	bash "$t" > "$out/$name.log" 2>&1
	rc=$?
	grep -a -v '^ok ' "$out/$name.log" | tail -n 40
	tap_or_status "$name" "$out/$name.log" $rc
done

echo "== summary"
awk -F'\t' '{ p += $2; f += $3; s += $4; printf "  %-36s %5d passed %3d failed %3d skipped\n", $1, $2, $3, $4 }
	END { t = sprintf("%d passed, %d failed", p, f); if (s > 0) t = t sprintf(", %d skipped", s); print t > "'"$out"'/summary.txt" }' "$counts"
cat "$out/summary.txt"
grep -q ', 0 failed' "$out/summary.txt"
