#!/usr/bin/env bash
# sida_seeds.sh -- hitta_tabell on whole pages against the seed maps.
#
# Each seed report text is given to kommunrapport.hitta_tabell as one page:
# the file with its "#" lines (the comments and the "## table: ID" markers)
# made blank, so that the line numbers stay the file's and nothing tells the
# function where a table starts.  The markers, read only here, say which
# lines belong to which seed table, and the maps (written by hand from the
# printed tables) say its number of columns and its unit.  For every seed
# table: a table is found among its lines; the found table there with the
# most lines has the map's number of columns; and the unit the map gives.
# For every table found: it does not run into a second seed table.  A miss
# is a TODO only where test/e2e/sida_known.tsv declares it, with why; the
# last lines sum up how many seed tables were found, and with how many
# columns right.
#
# Runs inside a throwaway cluster (PGHOST etc. set, extension installed);
# creates and drops its own database (SIDA_DB, default kr_e2e_sida).
set -uo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/../.." || exit 2
seeds=data/seeds
db=${SIDA_DB:-kr_e2e_sida}

# map_key, known_load, report, known_unmet
. test/e2e/seed_maps.bash
seed_db "$db"

known_load "${SIDA_KNOWN:-test/e2e/sida_known.tsv}"

found_n=0 cols_n=0 tables_n=0
for src in "$seeds"/*.txt; do
	page=$(sed 's/^#.*$//' "$src")
	# the seed tables of this text: "ID first last" (lines after the marker)
	blocks=$(awk 'index($0, "## table: ") == 1 { if (id != "") print id, first, NR - 1; id = substr($0, 11); first = NR + 1 }
		END { if (id != "") print id, first, NR }' "$src")
	tables=$(psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d "$db" -v txt="$page" 2>&1 <<'SQL'
SELECT tabell, forsta_rad, sista_rad, kolumner, kolumner_enligt, coalesce(enhet, '-')
  FROM kommunrapport.hitta_tabell(:'txt') ORDER BY tabell;
SQL
)
	if ! printf '%s\n' "$tables" | awk -F'|' 'NF && !($1 ~ /^[0-9]+$/) { exit 1 }'; then
		n=$((n + 1)); failed=$((failed + 1))
		echo "not ok $n - $src: hitta_tabell failed: $tables"
		continue
	fi
	while read -r id lo hi; do
		map=$seeds/$id.map
		[ -f "$map" ] || continue
		tables_n=$((tables_n + 1))
		cols=$(map_key "$map" columns)
		unit=$(map_key "$map" unit)
		# the found table inside the seed table's lines with the most lines
		best=$(printf '%s\n' "$tables" | awk -F'|' -v lo="$lo" -v hi="$hi" 'NF && $2 >= lo && $3 <= hi { l = $3 - $2; if (!seen || l > bl) { seen = 1; bl = l; b = $0 } } END { print b }')
		if [ -z "$best" ]; then
			report 0 "$id|funnen" funnen "$id (lines $lo-$hi): no table found"
			report 0 "$id|kolumner" kolumner "$id: columns not read, no table found"
			report 0 "$id|enhet" enhet "$id: unit not read, no table found"
			continue
		fi
		IFS='|' read -r _ f l k how u <<< "$best"
		found_n=$((found_n + 1))
		report 1 "$id|funnen" funnen "$id (lines $lo-$hi): a table found at lines $f-$l"
		if [ "$k" = "$cols" ]; then
			cols_n=$((cols_n + 1))
			report 1 "$id|kolumner" kolumner "$id: $k columns (by $how), as the map says"
		else
			report 0 "$id|kolumner" kolumner "$id: $k columns (by $how), the map says $cols"
		fi
		if [ "$u" = "$unit" ]; then
			report 1 "$id|enhet" enhet "$id: unit $u, as the map says"
		else
			report 0 "$id|enhet" enhet "$id: unit $u, the map says $unit"
		fi
	done <<< "$blocks"
	# no table found runs into a second seed table
	while IFS='|' read -r t f l _; do
		[ -n "$t" ] || continue
		inside=$(printf '%s\n' "$blocks" | awk -v f="$f" -v l="$l" '$2 <= f && f <= $3 { print (l <= $3) ? $1 : "x" $1 }')
		case $inside in
			x*) report 0 "${inside#x}|grans" grans "$src: table $t (lines $f-$l) runs beyond the seed table ${inside#x}" ;;
			'') report 0 "$(basename "$src")|utanfor" grans "$src: table $t (lines $f-$l) lies outside every seed table" ;;
			*) report 1 "$inside|grans $t" grans "$src: table $t (lines $f-$l) lies within $inside" ;;
		esac
	done <<< "$tables"
done
known_unmet
echo "# seed tables found on their pages: $found_n of $tables_n; with the map's number of columns: $cols_n of $tables_n"
echo "1..$n"
[ "$failed" -eq 0 ]
