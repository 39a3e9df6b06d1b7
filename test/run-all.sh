#!/usr/bin/env bash
# Run every test of kommunrapport and finish with one line "N passed, N failed".
#
#   suites: build warnings (gcc and clang), pure-C unit tests (ASan/UBSan),
#           libFuzzer runs, and -- inside a throwaway cluster (pg_virtualenv) --
#           pg_regress (make installcheck), pgTAP (pg_prove) and end-to-end scripts.
#
# Every assertion counts: a TAP line is one, a pg_regress test file is one, a
# fuzz target run is one, a compiler's warning check is one.  The extension
# must already be built and installed (make test does that first).
#
# Environment: FUZZ_SECONDS (default 30, at most 60) per fuzz target.
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)
out=$top/results
counts=$out/counts.tsv

# count_tap SUITE LOG: add a TAP log's assertions to the counts.
count_tap() {
	local suite=$1 log=$2
	awk -v suite="$suite" '
		/^[ \t]*not ok [0-9]+/ { if ($0 ~ /# (SKIP|skip|TODO|todo)/) s++; else f++; next }
		/^[ \t]*ok [0-9]+/     { if ($0 ~ /# (SKIP|skip)/) s++; else p++; next }
		/^[ \t]*1\.\.[0-9]+/   { split($0, a, /\.\./); planned += a[2]; plans++ }
		END {
			n = p + f + s
			if (plans == 0 || n != planned) { f++; print suite "\tplan\tfail\tplanned " planned ", ran " n > "/dev/stderr" }
			printf "%s\t%d\t%d\t%d\n", suite, p, f, s
		}' "$log" >> "$counts"
}

# record SUITE NAME OK: one assertion that is not TAP.
record() {
	if [ "$3" = 0 ]; then printf '%s\t1\t0\t0\n' "$1"; else printf '%s\t0\t1\t0\n' "$1"; echo "FAILED: $1 $2" >&2; fi >> "$counts"
}

# ---- the part that runs inside the throwaway cluster -------------------------
if [ "${1:-}" = "--in-cluster" ]; then
	# pg_regress
	make -s installcheck > "$out/regress.log" 2>&1
	cat "$out/regress.log"
	awk '/\.\.\. ok/ { p++ } /\.\.\. FAILED|\.\.\. failed/ { f++ }
	     END { printf "pg_regress\t%d\t%d\t0\n", p, f }' "$out/regress.log" >> "$counts"
	[ -f regression.diffs ] && cp regression.diffs "$out/" && head -c 20000 regression.diffs

	# pgTAP
	if compgen -G "test/pgtap/*.sql" > /dev/null; then
		createdb kr_pgtap && psql -X -q -d kr_pgtap -c 'CREATE EXTENSION pgtap' > /dev/null
		pg_prove --verbose -d kr_pgtap test/pgtap/*.sql > "$out/pgtap.log" 2>&1
		grep -v '^ok ' "$out/pgtap.log" | grep -v '^\s*$' | head -200
		count_tap pgtap "$out/pgtap.log"
		dropdb kr_pgtap
	fi

	# end-to-end scripts: each prints TAP
	for t in test/e2e/*.sh; do
		[ -e "$t" ] || continue
		name=$(basename "$t" .sh)
		bash "$t" > "$out/e2e_$name.log" 2>&1
		grep -v '^ok ' "$out/e2e_$name.log" | head -100
		count_tap "e2e/$name" "$out/e2e_$name.log"
	done
	exit 0
fi

# ---- the outer part -----------------------------------------------------------
rm -rf "$out"; mkdir -p "$out"; : > "$counts"
PG_CONFIG=${PG_CONFIG:-$(ls /usr/lib/postgresql/15/bin/pg_config 2>/dev/null || echo pg_config)}
incdir=$($PG_CONFIG --includedir-server)

echo "== build warnings: every src/*.c with -Wall -Wextra -Werror"
for cc in gcc clang-14; do
	ok=0
	for f in src/*.c; do
		# PostgreSQL's headers say gnu_printf, which clang does not know: that is
		# the headers', not ours, so only that one warning is turned off.
		extra=""; [ "$cc" = clang-14 ] && extra="-Wno-ignored-attributes"
		$cc -std=gnu99 -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
			-Wdeclaration-after-statement -Wmissing-prototypes $extra -Werror -fsyntax-only \
			-I"$incdir" -Isrc "$f" || ok=1
	done
	record "warnings/$cc" "src/*.c" $ok
done

echo "== pure-C unit tests (AddressSanitizer, UndefinedBehaviorSanitizer)"
for b in test/c/bin/test_*; do
	[ -x "$b" ] || continue
	name=$(basename "$b")
	"$b" > "$out/$name.log" 2>&1
	grep -v '^ok ' "$out/$name.log" | head -100
	count_tap "c/$name" "$out/$name.log"
done

fuzz_seconds=${FUZZ_SECONDS:-30}
[ "$fuzz_seconds" -gt 60 ] && fuzz_seconds=60
echo "== fuzzing, ${fuzz_seconds}s per target"
for b in test/fuzz/bin/fuzz_*; do
	[ -x "$b" ] || continue
	name=$(basename "$b")
	corpus=$out/corpus_$name; mkdir -p "$corpus"
	[ -d "test/fuzz/corpus/$name" ] && cp test/fuzz/corpus/"$name"/* "$corpus"/ 2>/dev/null
	(cd "$out" && "$top/$b" -max_total_time="$fuzz_seconds" -print_final_stats=1 "$corpus") > "$out/$name.log" 2>&1
	rc=$?
	tail -n 3 "$out/$name.log"
	[ $rc -ne 0 ] && tail -n 40 "$out/$name.log"
	record "fuzz/$name" "libFuzzer" $rc
done

echo "== PostgreSQL suites in a throwaway cluster"
. "$top/test/cluster.sh"
in_cluster "$0" --in-cluster
rc=$?
[ $rc -ne 0 ] && record "pg_virtualenv" "cluster" $rc

citus_src=${CITUS_SRC:-/usr/local/src/citus}
if [ -e "$citus_src" ]; then
	echo "== Citus: not run by make test (it builds Citus and starts four clusters); run make test-citus (source: $citus_src)"
else
	echo "== Citus: skipped, no Citus source at $citus_src (make test-citus with CITUS_SRC=<a Citus 13.2 git repository> runs it)"
fi

echo "== summary"
awk -F'\t' '{ p += $2; f += $3; s += $4; printf "  %-28s %5d passed %3d failed %3d skipped\n", $1, $2, $3, $4 }
	END { tot = sprintf("%d passed, %d failed", p, f); if (s > 0) tot = tot sprintf(", %d skipped", s); print tot > "'"$out"'/summary.txt" }' "$counts"
cat "$out/summary.txt"
grep -q ', 0 failed' "$out/summary.txt"
