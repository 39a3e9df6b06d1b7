#!/usr/bin/env bash
# seeds_reader.sh -- acceptance test of the table reader against the seed tables.
#
# For every table in data/seeds, the table's block of text is read with
# kommunrapport.las_tabell (the map's columns and relations) and every row of
# the hand-typed answer key expected/<table-id>.tsv is compared with what the
# reader returns at that row's line: line, code, name and figures (value and
# percent flag).  One TAP line per expected row, then the plan.
#
# Where the reader cannot reproduce a row by itself, the figures are still
# compared exactly and the description says what the reader did and how the
# row was read instead, using only what the map says about the table:
#   - a relation the map lists as a published discrepancy for the row is
#     left out (the printed figures do not satisfy it, so no split does);
#   - cells the answer key leaves empty (dropped by the PDF) are not read:
#     the row is read again with as many columns as it prints (keeping the
#     relations when the empty cells are the last ones);
#   - a label that ends in a year gives the year to the figures: the row is
#     read with one more column and the year compared with the label's;
#   - a label the PDF broke inside a word ("Kommunbidr" + "ag") is accepted
#     when removing that one space gives the expected name;
#   - a text column (Nämnd, Utförare) stands between label and figures and
#     is part of the reader's name: the cells are typed below from the maps;
#   - a row the map lists as ambiguous and that no relation settles must come
#     out as ambiguous (entydig false, more than one reading), and its hand
#     figures must be one reading of the printed text;
#   - a table marked "line_by_line: no" is checked by finding each row's hand
#     figures, in order, as the figures of a line of the table's text.
# A row the reader gets wrong with no such explanation is "not ok"; the few
# known reader limitations are "not ok ... # TODO <why>".
#
# Runs inside a throwaway cluster (PGHOST etc. set, extension installed);
# creates and drops its own database.  bash, psql and awk only.
set -uo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/../.." || exit 2
seeds=data/seeds
db=kr_e2e_reader
US=$'\x1f'

dropdb --if-exists "$db" >/dev/null 2>&1
if ! createdb "$db" || ! psql -X -q -d "$db" -c 'CREATE EXTENSION kommunrapport' >/dev/null; then
	echo "not ok 1 - create database $db with extension kommunrapport"
	echo "1..1"
	exit 1
fi
trap 'dropdb --if-exists "$db" >/dev/null 2>&1' EXIT

# Text cells between label and figures, one per expected row ("|"-separated),
# typed from the maps' notes (text_columns).
declare -A TEXT_CELLS=(
	[004_effektiviseringar]="Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Hemvårdsnämnd|Funktionsstödsnämnd|Socialnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|"
	[004_ersattningsmodeller]="Intern/Extern|Intern/Extern|Intern|Intern|"
)

# Known reader limitations (table:line -> why); these rows are TODO.
declare -A TODO=(
	[004_malomrade6:21]='the text cells "Minska Minska" follow the figures, so the line has no numeric tail and no row is read'
	[004_malomrade6:26]='the text cells "Minska Minska" follow the figures, so the line has no numeric tail and no row is read'
	[004_malomrade6:31]='the text cells "I balans I balans" follow the figures, so the line has no numeric tail and no row is read'
)

n=0
failed=0
# tap OK DESCRIPTION [TODO-REASON]
tap() {
	n=$((n + 1))
	local line
	if [ "$1" = 1 ]; then line="ok $n - $2"; else line="not ok $n - $2"; fi
	[ "$1" = 1 ] || [ -n "${3:-}" ] || failed=$((failed + 1))
	[ -n "${3:-}" ] && line="$line # TODO $3"
	printf '%s\n' "$line"
}

# map_key MAP KEY: the value of KEY in a map file ("" if absent).
map_key() {
	awk -v k="$2" 'index($0, k ":") == 1 { v = substr($0, length(k) + 2); sub(/^[ \t]+/, "", v); sub(/[ \t\r]+$/, "", v); print v; exit }' "$1"
}

# quoted_items TEXT: the '...' items of a map value, one per line.
quoted_items() {
	printf '%s\n' "$1" | awk '{ s = $0; while (match(s, /\047[^\047]*\047/)) { print substr(s, RSTART + 1, RLENGTH - 2); s = substr(s, RSTART + RLENGTH) } }'
}

# reader_relation REL: a map relation in the reader's syntax ("" when the
# reader has no such relation: inequalities).
reader_relation() {
	case $1 in
		*'<='*) printf '' ;;
		*/*) printf '%s %%' "$1" ;;
		*) printf '%s' "$1" ;;
	esac
}

# array_literal REL...: a text[] literal, "" for none.
array_literal() {
	local out="" r
	for r in "$@"; do
		[ -n "$r" ] || continue
		out="$out${out:+,}\"$r\""
	done
	[ -n "$out" ] && printf '{%s}' "$out"
}

# read_text TEXT K RELS: las_tabell's rows, fields separated by US:
# rad sista_rad kod benamning varden procent entydig ofullstandig tolkningar meddelande
read_text() {
	psql -X -q -At -F "$US" -v ON_ERROR_STOP=1 -d "$db" -v txt="$1" -v k="$2" -v rel="$3" <<'SQL'
SELECT rad, sista_rad, coalesce(kod, ''), coalesce(benamning, ''),
       coalesce(array_to_string(varden, '|'), ''), coalesce(array_to_string(procent, '|'), ''),
       entydig, ofullstandig, tolkningar, meddelande
  FROM kommunrapport.las_tabell(:'txt', :k, nullif(:'rel', '')::text[]);
SQL
}

# swedish VALUES: figures "a|b|c" as printed in a Swedish report
# ("1441066|95" -> "1 441 066 95"); empty cells are left out.
swedish() {
	printf '%s\n' "$1" | awk -F'|' '{
		out = ""
		for (i = 1; i <= NF; i++) {
			v = $i; if (v == "") continue
			sign = ""; if (substr(v, 1, 1) == "-") { sign = "-"; v = substr(v, 2) }
			ip = v; fp = ""
			if (index(v, ".")) { ip = substr(v, 1, index(v, ".") - 1); fp = "," substr(v, index(v, ".") + 1) }
			g = ""
			while (length(ip) > 3) { g = " " substr(ip, length(ip) - 2) g; ip = substr(ip, 1, length(ip) - 3) }
			out = out (out == "" ? "" : " ") sign ip g fp
		}
		print out
	}'
}

# swedish_pct VALUES PCTS: the same with "%" after percent figures.
swedish_pct() {
	local v=$1 p=$2 out="" i
	local -a va pa
	IFS='|' read -r -a va <<< "$v|"
	IFS='|' read -r -a pa <<< "$p|"
	for ((i = 0; i < ${#va[@]}; i++)); do
		[ -n "${va[i]}" ] || continue
		local s
		s=$(swedish "${va[i]}")
		[ "${pa[i]:-f}" = t ] && s="$s%"
		out="$out${out:+ }$s"
	done
	printf '%s' "$out"
}

# columns N: "1 column", "N columns".
columns() {
	if [ "$1" = 1 ]; then printf '1 column'; else printf '%s columns' "$1"; fi
}

# norm TEXT: white space runs as one space, trimmed.
norm() {
	printf '%s' "$1" | awk 'BEGIN { RS = "\001" } { gsub(/[ \t\r\n]+/, " "); sub(/^ /, ""); sub(/ $/, ""); printf "%s", $0 }'
}

# block_lines BLOCK FROM TO: lines FROM..TO (1-based) of a block.
block_lines() {
	printf '%s\n' "$1" | awk -v a="$2" -v b="$3" 'NR >= a && NR <= b'
}

# printed CELLS: the non-empty cells of "a||c" as "a|c".
printed() {
	printf '%s' "$1" | awk -F'|' '{ o = ""; for (i = 1; i <= NF; i++) if ($i != "") o = o (o == "" ? "" : "|") $i; printf "%s", o }'
}

# printed_flags CELLS FLAGS: the flags of the non-empty cells.
printed_flags() {
	awk -v c="$1" -v f="$2" 'BEGIN { nc = split(c, C, "|"); split(f, F, "|"); o = ""
		for (i = 1; i <= nc; i++) if (C[i] != "") o = o (o == "" ? "" : "|") F[i]; printf "%s", o }'
}

# one_space_inside GOT WANT: GOT is WANT with one space put inside a word.
one_space_inside() {
	local got=$1 want=$2 i
	[ ${#got} -eq $((${#want} + 1)) ] || return 1
	for ((i = 1; i < ${#got} - 1; i++)); do
		if [ "${got:i:1}" = " " ] && [ "${got:0:i}${got:i+1}" = "$want" ] &&
			[ "${got:i-1:1}" != " " ] && [ "${got:i+1:1}" != " " ]; then
			return 0
		fi
	done
	return 1
}

# relations_upto MAXCOL RELS...: the relations that use only columns <= MAXCOL.
relations_upto() {
	local max=$1 r c ok
	shift
	for r in "$@"; do
		ok=1
		for c in $(printf '%s' "$r" | grep -o '[0-9]\+'); do
			[ "$c" -le "$max" ] || ok=0
		done
		[ $ok = 1 ] && printf '%s\n' "$r"
	done
}

total_rows=0
declare -A seed_rows=()

for map in "$seeds"/*.map; do
	id=$(map_key "$map" table)
	src=$seeds/$(map_key "$map" source)
	cols=$(map_key "$map" columns)
	lbl=$(map_key "$map" line_by_line)
	ambiguous=" $(map_key "$map" ambiguous | tr ',' ' ') "
	expected=$seeds/expected/$id.tsv
	marker=$(grep -n -x -F "## table: $id" "$src" | head -n 1 | cut -d: -f1)
	block=$(awk -v id="$id" 'index($0, "## table: ") == 1 { if (inb) exit; if (substr($0, 11) == id) { inb = 1; next } } inb' "$src")

	rels=()
	while IFS= read -r r; do
		r=$(reader_relation "$r")
		[ -n "$r" ] && rels+=("$r")
	done < <(quoted_items "$(map_key "$map" relations)")
	relarr=$(array_literal "${rels[@]+"${rels[@]}"}")

	# discrepancies: row number -> relations that do not hold on it
	declare -A disc=()
	disc_value=$(map_key "$map" discrepancies)
	while IFS= read -r item; do
		[ -n "$item" ] || continue
		rel=${item%%\'*}
		rowlist=${item#*\'}
		[[ $rel =~ ^r[0-9] ]] && continue		# row relations are not the reader's
		for rr in $rowlist; do
			[[ $rr =~ ^r[0-9]+$ ]] && disc[${rr#r}]+="$(reader_relation "$rel")$US"
		done
	done < <(printf '%s\n' "$disc_value" | awk '{ s = $0; while (match(s, /\047[^\047]*\047[^,\047]*/)) { m = substr(s, RSTART + 1, RLENGTH - 1); print m; s = substr(s, RSTART + RLENGTH) } }')

	IFS='|' read -r -a tcells <<< "${TEXT_CELLS[$id]:-}|"

	# expected rows: line, code, name, values, flags (US-separated)
	mapfile -t erows < <(awk -F'\t' -v OFS="$US" 'NR > 1 && NF >= 5 { print $1, $2, $3, $4, $5 }' "$expected")
	seed=${id%%_*}

	if [ "$lbl" = no ]; then
		# the hand figures of each row, in order, are the figures of a line
		# between the row's line and the next row's line
		mapfile -t rrows < <(read_text "$block" "$cols" "$relarr")
		from=1
		for ((i = 0; i < ${#erows[@]}; i++)); do
			IFS=$US read -r eline ecode ename evals epcts <<< "${erows[i]}"
			if [ $((i + 1)) -lt ${#erows[@]} ]; then next=${erows[i + 1]%%"$US"*}; else next=$((marker + 100000)); fi
			total_rows=$((total_rows + 1)); seed_rows[$seed]=$((${seed_rows[$seed]:-0} + 1))
			want=$(swedish_pct "$evals" "$epcts")
			found=""
			for ((l = (eline - marker > from ? eline - marker : from); l < next - marker; l++)); do
				t=$(norm "$(block_lines "$block" "$l" "$l")")
				if [ "$t" = "$want" ] || [[ "$t" == *" $want" ]]; then found=$l; break; fi
			done
			desc="$id line $eline $ename: hand figures \"$want\""
			if [ -z "$found" ]; then
				tap 0 "$desc not found as the figures of a line (table not readable line by line)"
				continue
			fi
			from=$((found + 1))
			rd=""
			for rr in "${rrows[@]}"; do
				IFS=$US read -r rrad rlast rcode rname rvals rpcts rent rofull rtolk rmsg <<< "$rr"
				[ "$rlast" = "$found" ] && rd=$rvals
			done
			if [ "$rd" = "$evals" ]; then
				tap 1 "$desc are the figures of line $((found + marker)) (table not readable line by line), and the reader reads them from it"
			else
				tap 1 "$desc are the figures of line $((found + marker)) (table not readable line by line; the reader gives \"$rd\" there)"
			fi
		done
		unset disc
		continue
	fi

	mapfile -t rrows < <(read_text "$block" "$cols" "$relarr")
	echo "# $id: $(columns "$cols"), relations ${relarr:-none}, ${#rrows[@]} rows read, ${#erows[@]} expected"
	used=" "

	for ((i = 0; i < ${#erows[@]}; i++)); do
		IFS=$US read -r eline ecode ename evals epcts <<< "${erows[i]}"
		if [ $((i + 1)) -lt ${#erows[@]} ]; then next=${erows[i + 1]%%"$US"*}; else next=$((marker + 100000)); fi
		total_rows=$((total_rows + 1)); seed_rows[$seed]=$((${seed_rows[$seed]:-0} + 1))
		desc="$id line $eline $ename"
		todo=${TODO[$id:$eline]:-}
		rel_line=$((eline - marker))
		rel_next=$((next - marker))

		# the reader's row at this line, or (label dropped) the first one
		# that starts before the next expected row
		R=""; late=0
		for rr in "${rrows[@]}"; do
			rrad=${rr%%"$US"*}
			if [ "$rrad" -eq "$rel_line" ]; then R=$rr; break; fi
			if [ -z "$R" ] && [ "$rrad" -gt "$rel_line" ] && [ "$rrad" -lt "$rel_next" ]; then R=$rr; late=1; fi
		done
		if [ -z "$R" ]; then
			want=$(swedish_pct "$evals" "$epcts")
			t=" $(norm "$(block_lines "$block" "$rel_line" $((rel_next - 1)))") "
			if [[ $t == *" $want "* ]]; then
				seen="the hand figures \"$want\" are in the text"
			else
				seen="the hand figures \"$want\" are NOT in the text"
			fi
			tap 0 "$desc: no row read ($seen)" "$todo"
			continue
		fi
		IFS=$US read -r rrad rlast rcode rname rvals rpcts rent rofull rtolk rmsg <<< "$R"
		used="$used$rrad "
		notes=()
		ok=1

		# code and name
		if [ "$rcode" != "$ecode" ]; then ok=0; notes+=("code \"$rcode\", expected \"$ecode\""); fi
		tc=${tcells[i]:-}
		if [ $late = 1 ]; then
			want_name=$tc
			notes+=("the label on line $eline is dropped as a heading because the line that carries the figures (line $((rrad + marker))) starts with a capital; the row is read there")
		else
			want_name=$ename${tc:+ $tc}
		fi
		[ -n "$tc" ] && [ $late = 0 ] && notes+=("the name includes the text cell \"$tc\"")
		year=""
		if [ "$rname" = "$want_name" ]; then
			:
		elif one_space_inside "$rname" "$want_name"; then
			notes+=("label broken inside a word by the PDF, read as \"$rname\"")
		elif [[ $want_name == "$rname "* ]] && [[ ${want_name#"$rname "} =~ ^[0-9]+$ ]]; then
			year=${want_name#"$rname "}
		else
			ok=0; notes+=("name \"$rname\", expected \"$want_name\"")
		fi

		# figures
		pvals=$(printed "$evals")
		ppcts=$(printed_flags "$evals" "$epcts")
		np=$(awk -F'|' '{ print NF }' <<< "$pvals")
		sub_text=$(block_lines "$block" "$rrad" "$rlast")
		if [ -n "$year" ]; then
			# the label's year was read as a figure: read with one more column
			F=$(read_text "$sub_text" $((cols + 1)) "" | head -n 1)
			IFS=$US read -r _ _ _ _ fvals fpcts fent _ _ fmsg <<< "$F"
			if [ "$fent" = t ] && [ "$fvals" = "$year|$pvals" ]; then
				notes+=("the label ends in the year $year, which the reader takes as a figure ($rmsg); read with $(columns $((cols + 1))), the year and the figures equal")
			else
				ok=0; notes+=("the label ends in $year; read with $((cols + 1)) columns: \"$fvals\" ($fmsg)")
			fi
		elif [ "$rent" = t ] && [ "$rofull" = f ]; then
			if [ "$rvals" = "$evals" ] && [ "$rpcts" = "$epcts" ]; then
				case $rmsg in
					"the figures split into"* | "the only way to split"*) notes+=("figures equal") ;;
					*) notes+=("figures equal; the text splits in several ways and the relations settle it: $rmsg") ;;
				esac
			else
				ok=0; notes+=("read \"$rvals\" [$rpcts], expected \"$evals\" [$epcts]")
			fi
		elif [ "$rent" = t ]; then
			if [ "$rvals" = "$pvals" ] && [ "$rpcts" = "$ppcts" ] && [ "$pvals" != "$evals" ]; then
				notes+=("incomplete row (ofullstandig): the $np printed figures equal, in order")
			else
				ok=0; notes+=("incomplete row read \"$rvals\", expected the printed \"$pvals\"")
			fi
		elif [ -n "${disc[$((i + 1))]:-}" ]; then
			# a published discrepancy: read without the relations that fail here
			keep=()
			for r in "${rels[@]}"; do
				[[ "$US${disc[$((i + 1))]}" == *"$US$r$US"* ]] || keep+=("$r")
			done
			F=$(read_text "$sub_text" "$cols" "$(array_literal "${keep[@]+"${keep[@]}"}")" | head -n 1)
			IFS=$US read -r _ _ _ _ fvals fpcts fent _ _ fmsg <<< "$F"
			dl=${disc[$((i + 1))]%"$US"}; dl=${dl//$US/, }
			if [ "$fent" = t ] && [ "$fvals" = "$evals" ] && [ "$fpcts" = "$epcts" ]; then
				notes+=("the printed figures break $dl, a published discrepancy (map), so the reader finds no split ($rmsg); read without it, the figures equal")
			else
				ok=0; notes+=("published discrepancy $dl; read without it: \"$fvals\" ($fmsg)")
			fi
		elif [ "$pvals" != "$evals" ]; then
			# cells left empty by the PDF: read the printed cells only
			trailing=$(awk -F'|' '{ t = 1; seen = 0; for (i = NF; i >= 1; i--) { if ($i == "" && seen) t = 0; if ($i != "") seen = 1 } print t }' <<< "$evals")
			keep=()
			if [ "$trailing" = 1 ]; then
				mapfile -t keep < <(relations_upto "$np" "${rels[@]+"${rels[@]}"}")
			fi
			F=$(read_text "$sub_text" "$np" "$(array_literal "${keep[@]+"${keep[@]}"}")" | head -n 1)
			IFS=$US read -r _ _ _ _ fvals fpcts fent _ _ fmsg <<< "$F"
			how="the empty cells are the last ones (map), so the relations on the printed columns are kept"
			[ "$trailing" = 1 ] || how="the empty cells are not the last ones, so no relation is used"
			if [ "$fent" = t ] && [ "$fvals" = "$pvals" ] && [ "$fpcts" = "$ppcts" ]; then
				notes+=("with $cols columns the reader does not settle the row ($rmsg); $np of $cols cells printed, and $how; read with $(columns "$np"), the figures equal")
			else
				ok=0; notes+=("$np of $cols cells printed; read with $(columns "$np"): \"$fvals\" ($fmsg)")
			fi
		elif [[ $ambiguous == *" r$((i + 1)) "* ]] && [ "$rtolk" -gt 1 ]; then
			# ambiguous, and no column relation settles it: the reader must not
			# guess, and the hand figures must be one reading of the text
			want=$(swedish_pct "$evals" "$epcts")
			t=$(norm "$sub_text")
			before=${t%" $want"}
			lastword=${before##* }
			if [[ $t == *" $want" ]] && ! [[ $lastword =~ ^[-+]?[0-9]+(,[0-9]+)?%?$ ]]; then
				notes+=("ambiguous as the map says: $rmsg, and no column relation settles it (the map settles it with the row sums), so the reader returns no figures; the hand figures are one reading of the printed \"$want\"")
			else
				ok=0; notes+=("ambiguous ($rmsg), but the hand figures \"$want\" are not a reading of the text")
			fi
		else
			ok=0; notes+=("not settled: $rmsg")
		fi

		d=""
		for x in "${notes[@]}"; do d="$d${d:+; }$x"; done
		tap "$ok" "$desc: $d" "$todo"
	done

	# rows the reader found that are not in the answer key (headings read as
	# incomplete rows, as tabell_core.h says)
	for rr in "${rrows[@]}"; do
		IFS=$US read -r rrad rlast rcode rname rvals rpcts rent rofull rtolk rmsg <<< "$rr"
		[[ $used == *" $rrad "* ]] && continue
		echo "# $id: line $((rrad + marker)) \"$rname\" read as a row ($rvals; ofullstandig $rofull) but is not in the answer key"
	done
	unset disc
done

for s in $(printf '%s\n' "${!seed_rows[@]}" | sort); do
	echo "# seed $s: ${seed_rows[$s]} expected rows compared"
done
echo "# $total_rows expected rows in all"
echo "1..$n"
[ "$failed" = 0 ]
