#!/usr/bin/env bash
# record.sh SECTION FILE: put the text of FILE into test/RELIABILITY.md as the
# section SECTION (between "<!-- SECTION:begin -->" and "<!-- SECTION:end -->"),
# replacing what that section said before and leaving the other sections alone.
# The reliability scripts call it with the figures they have just measured.
set -euo pipefail
section=$1 file=$2
md="$(cd "$(dirname "$0")/.." && pwd)/RELIABILITY.md"
[ -f "$md" ] || printf '# Reliability figures\n\nWritten by the scripts that measured them (test/reliability/); do not edit by hand.\n' > "$md"
tmp=$(mktemp)
awk -v s="$section" -v f="$file" '
	function emit() { print "<!-- " s ":begin -->"; while ((getline l < f) > 0) print l; close(f); print "<!-- " s ":end -->" }
	$0 == "<!-- " s ":begin -->" { skip = 1; emit(); done = 1; next }
	$0 == "<!-- " s ":end -->"   { skip = 0; next }
	!skip { print }
	END { if (!done) { print ""; emit() } }' "$md" > "$tmp"
mv "$tmp" "$md"
