#!/usr/bin/env bash
# The long libFuzzer runs: every fuzz target (test/fuzz/bin/fuzz_*, built by
# `make fuzz-build` with AddressSanitizer and UndefinedBehaviorSanitizer) for
# at least 10 000 000 executions, starting from its corpus in
# test/fuzz/corpus/<target>.  0 findings are required: a crash, a sanitizer
# report, a leak, an input slower than the per-input timeout or an
# out-of-memory input each fails the target, and the input libFuzzer saved
# is copied to test/reliability/findings/.
#
#   test/reliability/fuzz_long.sh [TARGET...]      (default: every target;
#        naming targets re-measures those and keeps the rows of the others)
#
# Environment: FUZZ_RUNS (default 10000000 executions per target),
# FUZZ_WORKERS (default 1: processes fuzzing one target side by side on
# the same corpus directory, each for FUZZ_RUNS / FUZZ_WORKERS executions;
# libFuzzer reloads the directory, so each sees what the others found; the
# executions are summed), FUZZ_TIMEOUT (default 25 s per input), FUZZ_MAX_SECONDS (a time cap per
# target, default none: a target stopped by it before FUZZ_RUNS executions
# fails, with the executions it reached), FUZZ_RECORD=0 (measure, but leave
# test/RELIABILITY.md alone), FUZZ_COMMAND (the command named in the section).
# An interrupted target (SIGINT: libFuzzer exits with 72 and its final
# statistics, saving no input) fails as interrupted, not as a finding.
#
# The committed corpus is read, never written: each target fuzzes a copy in
# results/fuzz-long/corpus_<target>, which keeps what the run added; the log of
# each target is results/fuzz-long/<target>.log.  The figures (executions,
# executions per second, time, edges covered and features per target) go to
# test/RELIABILITY.md, section fuzz-long, through test/reliability/record.sh.
# Prints one line per target and exits 0 only when every target passed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
runs=${FUZZ_RUNS:-10000000}
per_input=${FUZZ_TIMEOUT:-25}
workers=${FUZZ_WORKERS:-1}
max_seconds=${FUZZ_MAX_SECONDS:-}
cap=(); [ -n "$max_seconds" ] && cap=(-max_total_time="$max_seconds")
# written to a private directory first and copied to results/fuzz-long at
# the end, so that a test run started meanwhile (which empties results/)
# cannot take the logs away
final=$top/results/fuzz-long
out=$(mktemp -d "${TMPDIR:-/tmp}/kr_fuzz_long.XXXXXX"); chmod 755 "$out"
trap 'mkdir -p "$top/results" && rm -rf "$final" && cp -r "$out" "$final" && rm -rf "$out"' EXIT
started=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
command_text=${FUZZ_COMMAND:-test/reliability/fuzz_long.sh${*:+ $*}}

targets=()
if [ $# -gt 0 ]; then
	for t in "$@"; do targets+=("$top/test/fuzz/bin/$t"); done
else
	for b in "$top"/test/fuzz/bin/fuzz_*; do [ -x "$b" ] && targets+=("$b"); done
fi
if [ ${#targets[@]} -eq 0 ]; then
	echo "fuzz_long.sh: no fuzz targets in test/fuzz/bin (run make fuzz-build)" >&2
	exit 1
fi
# every source test/fuzz/fuzz_*.c must have its binary
missing=0
for src in "$top"/test/fuzz/fuzz_*.c; do
	[ $# -gt 0 ] && break
	b=$top/test/fuzz/bin/$(basename "$src" .c)
	if [ ! -x "$b" ]; then echo "fuzz_long.sh: $b is not built (make fuzz-build)" >&2; missing=1; fi
done

table=$out/table.md; : > "$table"
passed=0 failed=$missing findings=0
t_all0=$(date +%s)
for b in "${targets[@]}"; do
	name=$(basename "$b")
	corpus=$out/corpus_$name; art=$out/artifacts_$name
	mkdir -p "$corpus" "$art"
	seeds=0
	if [ -d "$top/test/fuzz/corpus/$name" ]; then
		cp "$top/test/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null
		seeds=$(find "$top/test/fuzz/corpus/$name" -type f | wc -l)
	fi
	if [ ! -x "$b" ]; then
		echo "not built: $name"; failed=$((failed + 1))
		echo "| $name | not built | | | | | | | failed |" >> "$table"
		continue
	fi
	t0=$(date +%s)
	# each worker fuzzes its share of the executions (the first takes the
	# remainder); a worker's log is <target>.log, or <target>.<w>.log
	logs=() pids=()
	for ((w = 1; w <= workers; w++)); do
		share=$((runs / workers + (w == 1 ? runs % workers : 0)))
		log=$out/$name.log; [ "$workers" -gt 1 ] && log=$out/$name.$w.log
		logs+=("$log")
		(cd "$out" && exec "$b" -runs="$share" "${cap[@]}" -timeout="$per_input" -print_final_stats=1 \
			-artifact_prefix="$art/" "$corpus") > "$log" 2>&1 &
		pids+=($!)
	done
	rc=0
	for p in "${pids[@]}"; do wait "$p"; r=$?; [ $rc -eq 0 ] && rc=$r; done
	t1=$(date +%s)
	secs=$((t1 - t0))
	stat() { awk -F: -v k="stat::$1" 'index($0, k ":") == 1 { gsub(/ /, "", $NF); print $NF }' "${logs[@]}"; }
	execs=$(stat number_of_executed_units | awk '{ s += $1 } END { print s + 0 }')
	rss=$(stat peak_rss_mb | sort -n | tail -n 1)
	# the last status line of each worker: "#N DONE cov: C ft: F corp: U/Sb ...";
	# the one with the most features stands for the target
	last=$(for l in "${logs[@]}"; do grep -a -E '^#[0-9]+' "$l" | grep -a 'cov:' | tail -n 1; done |
		awk '{ for (i = 1; i < NF; i++) if ($i == "ft:") f = $(i + 1); if (f + 0 >= best) { best = f + 0; line = $0 } } END { print line }')
	cov=$(printf '%s' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(printf '%s' "$last" | sed -n 's/.* corp: \([0-9]*\/[0-9]*[a-zA-Z]*\).*/\1/p')
	execs=${execs:-0}
	# wall-clock executions per second (libFuzzer's own figure is whole seconds of the fuzzing loop)
	[ "$secs" -gt 0 ] && eps_wall=$((execs / secs)) || eps_wall=$execs
	artifacts=$(find "$art" -type f | wc -l)
	status=passed
	if [ $rc -eq 72 ] && [ "$artifacts" -eq 0 ] && grep -a -q 'libFuzzer: run interrupted' "${logs[@]}"; then
		status="failed (interrupted after $execs executions)"
	elif [ $rc -ne 0 ] || [ "$artifacts" -gt 0 ]; then
		status="failed (exit $rc, $artifacts findings)"
		findings=$((findings + artifacts + (artifacts == 0 ? 1 : 0)))
		mkdir -p "$here/findings"
		for a in "$art"/*; do
			[ -f "$a" ] || continue
			cp "$a" "$here/findings/${name}_$(basename "$a")"
		done
		grep -a -h -E -A30 'ERROR: |runtime error|SUMMARY' "${logs[@]}" | head -n 60 > "$here/findings/${name}_$(date -u +%Y%m%dT%H%M%SZ).log"
		tail -n 40 "${logs[@]}" >&2
	elif [ "$execs" -lt "$runs" ]; then
		status="failed ($execs executions, fewer than $runs${max_seconds:+, stopped by the ${max_seconds} s cap})"
	fi
	case $status in passed) passed=$((passed + 1)) ;; *) failed=$((failed + 1)) ;; esac
	printf '%-14s %s: %s executions in %ss (%s/s), cov %s, ft %s, corpus %s\n' \
		"$name" "$status" "$execs" "$secs" "$eps_wall" "${cov:-?}" "${ft:-?}" "${corp:-?}"
	echo "| $name | $execs | $secs | $eps_wall | ${cov:-?} | ${ft:-?} | $seeds → ${corp:-?} | ${rss:-?} | $status |" >> "$table"
done
t_all1=$(date +%s)

# A run of some targets only keeps the other targets' rows of the section,
# each marked with the date of the run that measured it.
kept=$out/kept.md; : > "$kept"
md=$top/test/RELIABILITY.md
if [ $# -gt 0 ] && [ -f "$md" ]; then
	prev_date=$(awk '$0 == "<!-- fuzz-long:begin -->" { on = 1 } $0 == "<!-- fuzz-long:end -->" { on = 0 }
		on && /^- date: / { sub(/^- date: /, ""); print; exit }' "$md")
	awk -v d="$prev_date" -v run="$*" -v srcdir="$top/test/fuzz" '
		BEGIN { n = split(run, r, " "); for (i = 1; i <= n; i++) skip[r[i]] = 1 }
		$0 == "<!-- fuzz-long:begin -->" { on = 1; next }
		$0 == "<!-- fuzz-long:end -->" { on = 0 }
		on && /^\| fuzz_/ {
			split($0, c, "|"); t = c[2]; gsub(/ /, "", t)
			if (t in skip) next
			if ((getline line < (srcdir "/" t ".c")) < 0) next   # the target is gone
			close(srcdir "/" t ".c")
			if ($0 !~ /\(run of /) sub(/ \|$/, " (run of " d ") |")
			print }' "$md" > "$kept"
fi
sort -o "$table" "$table" "$kept"

clang_version=$( ("${CC_TEST:-clang-14}" --version 2>/dev/null || echo unknown) | head -n 1)
sec=$out/section.md
{
	echo "## libFuzzer, long run"
	echo
	echo "- date: $started"
	echo "- command: \`$command_text\` (each target: \`fuzz_<target> -runs=$((runs / workers)) ${cap[*]:+${cap[*]} }-timeout=$per_input -print_final_stats=1 <copy of test/fuzz/corpus/<target>>\`$( [ "$workers" -gt 1 ] && printf ' in each of %s processes' "$workers"))"
	echo "- duration: $((t_all1 - t_all0)) s for ${#targets[@]} targets, one after the other$( [ "$workers" -gt 1 ] && printf ', each fuzzed by %s processes side by side on one corpus directory (FUZZ_WORKERS=%s; executions summed)' "$workers" "$workers")"
	echo "- versions: $clang_version (-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all); the targets link the pure-C cores src/*_core.c, without PostgreSQL"
	echo "- findings: **$findings**; targets passed: $passed, failed: $failed$( [ -s "$kept" ] && printf '; rows marked "run of" are from an earlier run of the other targets')"
	echo
	echo "| target | executions | seconds | exec/s | edges (cov) | features (ft) | corpus: seeds → inputs/size | peak RSS MB | result |"
	echo "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |"
	cat "$table"
} > "$sec"
if [ "${FUZZ_RECORD:-1}" = 1 ]; then
	"$here/record.sh" fuzz-long "$sec"
fi
echo "fuzz_long: ${#targets[@]} targets, $passed passed, $failed failed, $findings findings"
[ "$failed" -eq 0 ]
