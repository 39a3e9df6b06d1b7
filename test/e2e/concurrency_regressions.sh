#!/usr/bin/env bash
# The three races the concurrency suite once found, each as its own small,
# deterministic reproducer in test/reliability/findings/ (exit 0 when the race
# cannot happen, 1 when it does):
#   concurrency_reload_mix  two loads of one committee month left a mix of both
#   concurrency_deadlock    two loads of one committee deadlocked (40P01)
#   concurrency_close_race  a load in flight when a close committed committed
#                           into the closed month
# Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p results/concurrency_regressions
tests=(concurrency_reload_mix concurrency_deadlock concurrency_close_race)
echo "1..${#tests[@]}"
n=0
for t in "${tests[@]}"; do
	n=$((n + 1))
	log=results/concurrency_regressions/$t.log
	timeout 300 bash "test/reliability/findings/$t.sh" > "$log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		echo "ok $n - $t: $(tail -1 "$log")"
	else
		echo "not ok $n - $t (exit $rc)"
		tail -15 "$log" | sed 's/^/# /'
	fi
done
exit 0
