#!/usr/bin/env bash
# samband_seeds.sh -- foresla_samband against the relations the seed maps
# give by hand.
#
# For every seed table whose map lists relations of three columns (sums,
# differences, percentages; not inequalities and not longer sums), the
# table's block of text is given to kommunrapport.foresla_samband with the
# map's number of columns, and each relation of the map must be among the
# proposals, compared as linear relations (so that "1 = 2 + 3" and "3 = 1 -
# 2" are one relation).  The maps were written from the printed tables
# before the function existed; the function reads only the text.  One TAP
# line per map relation,
# and one line per proposal, which must hold on the hand-typed figures of
# the answer key (a table may satisfy more than its map says; the key is
# read only here, never by the function).  A miss or a wrong proposal is a
# TODO only where test/e2e/samband_known.tsv declares it, with why.  And
# for every seed table, gissa_kolumner's first guess must be the map's
# number of columns (a miss likewise declared).
#
# Runs inside a throwaway cluster (PGHOST etc. set, extension installed);
# creates and drops its own database (SAMBAND_DB, default kr_e2e_samband).
set -uo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/../.." || exit 2
seeds=data/seeds
db=${SAMBAND_DB:-kr_e2e_samband}

# map_key, quoted_items, table_block
. test/e2e/seed_maps.bash
seed_db "$db"

# normal REL: a relation as a canonical linear form.  "c = a + b" and
# "c = a - b" become the columns with their signs (c +, a -, b - or +),
# turned so that the highest column is +; "c = a / b" (with or without "%")
# stays as it is written.  "" for anything else.
normal() {
	printf '%s\n' "$1" | awk '{
		s = $0; sub(/ *%$/, "", s)
		if (s ~ /^[0-9]+ = [0-9]+ \/ [0-9]+$/) { print s " %"; next }
		if (s !~ /^[0-9]+ = [0-9]+ [-+] [0-9]+$/) { print ""; next }
		split(s, f, " ")
		col[1] = f[1]; sg[1] = 1
		col[2] = f[3]; sg[2] = -1
		col[3] = f[5]; sg[3] = (f[4] == "+") ? -1 : 1
		hi = 1; for (i = 2; i <= 3; i++) if (col[i] + 0 > col[hi] + 0) hi = i
		flip = sg[hi] < 0 ? -1 : 1
		# in column order
		for (i = 1; i <= 3; i++) for (j = i + 1; j <= 3; j++) if (col[j] + 0 < col[i] + 0) {
			t = col[i]; col[i] = col[j]; col[j] = t; t = sg[i]; sg[i] = sg[j]; sg[j] = t }
		out = ""
		for (i = 1; i <= 3; i++) out = out (i > 1 ? " " : "") col[i] ":" (sg[i] * flip > 0 ? "+" : "-")
		print out
	}'
}

# declared limits: "table|relation" -> kind and why (report, in seed_maps.bash)
known_load "${SAMBAND_KNOWN:-test/e2e/samband_known.tsv}"

for map in "$seeds"/*.map; do
	id=$(map_key "$map" table)
	src=$seeds/$(map_key "$map" source)
	cols=$(map_key "$map" columns)
	rels=$(quoted_items "$(map_key "$map" relations)")
	wanted=()
	while IFS= read -r r; do
		[ -n "$r" ] || continue
		[ -n "$(normal "$r")" ] && wanted+=("$r")
	done <<< "$rels"
	block=$(table_block "$id" "$src")
	# gissa_kolumner's first guess against the map's number of columns
	guess=$(psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d "$db" -v txt="$block" 2>&1 <<'SQL'
SELECT string_agg(format('%s (%s of %s rows settled)', kolumner, avgjorda, rader), '; ') FROM (SELECT * FROM kommunrapport.gissa_kolumner(:'txt') LIMIT 3) g;
SQL
)
	first=${guess%% *}
	if [ "$first" = "$cols" ]; then
		report 1 "$id|kolumner" kolumner "$id: gissa_kolumner guesses the map's $cols columns (best: $guess)"
	else
		report 0 "$id|kolumner" kolumner "$id: gissa_kolumner guesses ${first:-nothing}, the map says $cols (best: $guess)"
	fi
	[ ${#wanted[@]} -gt 0 ] || continue
	proposed=$(psql -X -q -At -F '|' -v ON_ERROR_STOP=1 -d "$db" -v txt="$block" -v k="$cols" 2>&1 <<'SQL'
SELECT samband, rader, stammer FROM kommunrapport.foresla_samband(:'txt', :k);
SQL
)
	declare -A seen=()
	while IFS='|' read -r s r k; do
		key=$(normal "$s")
		[ -n "$key" ] && seen[$key]="$s ($k of $r rows)"
	done <<< "$proposed"
	declare -A listed=()
	for r in "${wanted[@]}"; do
		key=$(normal "$r")
		listed[$key]=1
		if [ -n "${seen[$key]:-}" ]; then
			report 1 "$id|$r" missed "$id: the map's relation '$r' is proposed, as '${seen[$key]}'"
		else
			report 0 "$id|$r" missed "$id: the map's relation '$r' is not proposed (proposed: $(printf '%s' "$proposed" | cut -d'|' -f1 | paste -sd';' -))"
		fi
	done
	# every proposal, in the map or not, must hold on the hand-typed figures
	# of the answer key (the function never saw it): on every row with the
	# three cells, within one unit of the left cell's last printed digit,
	# but for at most one row in ten (at least one), as the function allows
	while IFS='|' read -r s r k; do
		[ -n "$s" ] || continue
		check=$(awk -F'\t' -v rel="$s" '
			function dec(v) { return index(v, ".") ? length(v) - index(v, ".") : 0 }
			BEGIN { split(rel, f, " "); c = f[1]; a = f[3]; op = f[4]; b = f[5]; pct = (f[6] == "%") }
			NR == 1 { next }
			{ m = split($4, v, "|")
			  if (v[a] == "" || v[b] == "" || v[c] == "") next
			  rows++
			  want = pct ? (v[b] + 0 == 0 ? "x" : 100 * v[a] / v[b]) : (op == "+" ? v[a] + v[b] : v[a] - v[b])
			  unit = 10 ^ -dec(v[c])
			  d = want == "x" ? 1e18 : v[c] - want; if (d < 0) d = -d
			  if (d > unit + 1e-9) bad++ }
			END { lim = int(rows / 10); if (lim < 1) lim = 1; printf "%d %d %d\n", rows, bad + 0, (bad + 0 <= lim) }' "$seeds/expected/$id.tsv")
		read -r krows kbad kok <<< "$check"
		if [ "$kok" = 1 ]; then
			report 1 "$id|$s" wrong "$id: the proposal '$s' holds on the answer key ($kbad of $krows rows off)"
		else
			report 0 "$id|$s" wrong "$id: the proposal '$s' does not hold on the answer key ($kbad of $krows rows off)"
		fi
	done <<< "$proposed"
	extra=""
	for key in "${!seen[@]}"; do
		[ -n "${listed[$key]:-}" ] || extra="$extra${extra:+; }${seen[$key]}"
	done
	[ -n "$extra" ] && echo "# $id: proposed beyond the map: $extra"
	unset seen listed
done
known_unmet
echo "1..$n"
[ "$failed" -eq 0 ]
