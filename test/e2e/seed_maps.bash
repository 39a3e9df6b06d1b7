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
