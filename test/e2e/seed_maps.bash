# seed_maps.bash -- reading the seed maps and report texts of data/seeds,
# for the end-to-end scripts that check the reader against them (sourced by
# seeds_reader.sh and samband_seeds.sh; not a test itself).

# map_key MAP KEY: the value of KEY in a map file ("" if absent).
map_key() {
	awk -v k="$2" 'index($0, k ":") == 1 { v = substr($0, length(k) + 2); sub(/^[ \t]+/, "", v); sub(/[ \t\r]+$/, "", v); print v; exit }' "$1"
}

# quoted_items TEXT: the '...' items of a map value, one per line.
quoted_items() {
	printf '%s\n' "$1" | awk '{ s = $0; while (match(s, /\047[^\047]*\047/)) { print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }'
}

# table_block ID SOURCE: the text of table ID in a seed report text, the
# lines after its "## table: ID" marker up to the next marker.
table_block() {
	awk -v id="$1" 'index($0, "## table: ") == 1 { if (inb) exit; if (substr($0, 11) == id) { inb = 1; next } } inb' "$2"
}

# Declared limits, for the scripts that hold a function's misses on the
# seeds against a file of them.  known_load FILE reads lines "table<TAB>what
# <TAB>kind<TAB>why" ("#" lines and blank lines skipped); report OK KEY KIND
# DESCRIPTION prints one TAP line: ok when OK is 1 and KEY ("table|what") is
# not declared, a TODO when it fails as declared with KIND, else not ok (a
# declared failure that no longer fails is not ok too: the line must go);
# known_unmet adds a failing line for every declaration no check met.  n and
# failed count the lines and the failures.
known_load() {
	declare -gA KNOWN_KIND=() KNOWN_WHY=() KNOWN_SEEN=()
	known=$1
	n=0
	failed=0
	local kt kr kk kw
	while IFS=$'\t' read -r kt kr kk kw; do
		case $kt in ''|'#'*) continue ;; esac
		KNOWN_KIND[$kt|$kr]=$kk
		KNOWN_WHY[$kt|$kr]=$kw
	done < "$known"
}

report() {
	local ok=$1 key=$2 kind=$3 desc=$4
	n=$((n + 1))
	local dk=${KNOWN_KIND[$key]:-}
	[ -n "$dk" ] && KNOWN_SEEN[$key]=1
	if [ "$ok" = 1 ] && [ -n "$dk" ]; then
		failed=$((failed + 1))
		echo "not ok $n - $desc (declared '$dk' in $known, but it no longer fails: remove the line)"
	elif [ "$ok" = 1 ]; then
		echo "ok $n - $desc"
	elif [ "$dk" = "$kind" ]; then
		echo "not ok $n - $desc # TODO $dk: ${KNOWN_WHY[$key]}"
	else
		failed=$((failed + 1))
		echo "not ok $n - $desc"
	fi
}

known_unmet() {
	local key
	for key in "${!KNOWN_KIND[@]}"; do
		[ -n "${KNOWN_SEEN[$key]:-}" ] && continue
		n=$((n + 1))
		failed=$((failed + 1))
		echo "not ok $n - $known declares '$key' (${KNOWN_KIND[$key]}), which no check met: remove the line"
	done
}

# seed_db DB: a fresh database DB with the extension, dropped again when the
# script exits; when it cannot be made, one failing TAP line and exit 1.
seed_db() {
	dropdb --if-exists "$1" > /dev/null 2>&1
	if ! createdb "$1" || ! psql -X -q -d "$1" -c 'CREATE EXTENSION kommunrapport' > /dev/null; then
		echo "not ok 1 - create database $1 with extension kommunrapport"
		echo "1..1"
		exit 1
	fi
	# shellcheck disable=SC2064  # the name is fixed now
	trap "dropdb --if-exists '$1' > /dev/null 2>&1" EXIT
}
