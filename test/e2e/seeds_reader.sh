#!/usr/bin/env bash
# seeds_reader.sh -- acceptance test of the table reader against the seed tables.
#
# For every table in data/seeds, the table's block of text is read with
# kommunrapport.las_tabell (the map's columns and relations) and every row of
# the hand-typed answer key expected/<table-id>.tsv is compared with what the
# reader returns at that row's line: code, name and figures (value and
# percent flag).  One TAP line per expected row, one per row the reader
# returns that is not in the answer key, then the plan.
#
# A row reads right when the reader returns it, certain, with the expected
# code, name and figures; or, where the PDF dropped empty cells, as an
# incomplete row (ofullstandig) with exactly the printed figures in order.
# Only what the map says about the table (never the answer key) may change
# how a row is read:
#   - a relation the map lists as a published discrepancy for the row: the
#     reader must find no split with it, and read right without it;
#   - "celler" (the columns a row's printed cells stand in): the row is read
#     with as many columns and the relations between those columns;
#   - text columns (Nämnd, Utförare) stand between label and figures and are
#     part of the reader's name: the cells are typed below from the maps;
#   - a table marked "line_by_line: no" cannot be compared by name: each
#     row's figures must be read, certain, from a line between the row's line
#     and the next row's.
# Anything else is "not ok".  A row the reader cannot read, or a row it
# invents (a heading read as a row), is "not ok ... # TODO <why>" only when
# data/seeds/known_limitations.tsv declares it, with the kind of failure; a
# declared row that fails otherwise (above all: certain but wrong figures), or
# that reads right now, or a declaration that matches nothing, is "not ok"
# without TODO, so the list stays honest.
#
# Runs inside a throwaway cluster (PGHOST etc. set, extension installed);
# creates and drops its own database (SEEDS_READER_DB, default kr_e2e_reader).
# bash, psql and awk only.
set -uo pipefail
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/../.." || exit 2
seeds=data/seeds
db=${SEEDS_READER_DB:-kr_e2e_reader}
US=$'\x1f'

# map_key, quoted_items, table_block
. test/e2e/seed_maps.bash
seed_db "$db"

# Text cells between label and figures, one per expected row ("|"-separated),
# typed from the maps' notes (text_columns).
declare -A TEXT_CELLS=(
	[004_effektiviseringar]="Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Hemvårdsnämnd|Funktionsstödsnämnd|Socialnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|Programnämnd|"
	[004_ersattningsmodeller]="Intern/Extern|Intern/Extern|Intern|Intern|"
)

# Declared reader limitations: table:line -> kind and reason.
declare -A LIM_KIND=() LIM_WHY=() LIM_SEEN=()
lim_file=${SEEDS_KNOWN_LIMITATIONS:-$seeds/known_limitations.tsv}
if [ -f "$lim_file" ]; then
	while IFS=$'\t' read -r ltab lline lkind lwhy; do
		case $ltab in ''|'#'*|table) continue ;; esac
		LIM_KIND[$ltab:$lline]=$lkind
		LIM_WHY[$ltab:$lline]=$lwhy
	done < "$lim_file"
fi

n=0
failed=0
todo_n=0
todo_rows=0
right_n=0
# tap OK DESCRIPTION [TODO-REASON]
tap() {
	n=$((n + 1))
	local line
	if [ "$1" = 1 ]; then line="ok $n - $2"; else line="not ok $n - $2"; fi
	if [ "$1" != 1 ] && [ -z "${3:-}" ]; then failed=$((failed + 1)); fi
	if [ -n "${3:-}" ]; then line="$line # TODO $3"; todo_n=$((todo_n + 1)); fi
	printf '%s\n' "$line"
}

# verdict KEY RIGHT SAFE KINDSEEN DESCRIPTION: one TAP line for an expected
# row.  RIGHT: the row reads right; SAFE: the reader gave no certain wrong
# figures; KINDSEEN: the kind of failure seen (compared with the declared one).
verdict() {
	local key=$1 right=$2 safe=$3 kind=$4 desc=$5
	local lk=${LIM_KIND[$key]:-}
	[ -n "$lk" ] && LIM_SEEN[$key]=1
	if [ "$right" = 1 ]; then
		if [ -n "$lk" ]; then
			tap 0 "$desc (declared a known limitation '$lk' in $lim_file, but it reads right now: remove the line)"
		else
			tap 1 "$desc"; right_n=$((right_n + 1))
		fi
	elif [ -n "$lk" ] && [ "$safe" = 1 ] && [ "$lk" = "$kind" ]; then
		tap 0 "$desc" "$lk: ${LIM_WHY[$key]}"; todo_rows=$((todo_rows + 1))
	elif [ -n "$lk" ]; then
		tap 0 "$desc (declared '$lk' in $lim_file, but the reader fails otherwise: $kind$([ "$safe" = 1 ] || printf ', with certain wrong figures'))"
	else
		tap 0 "$desc"
	fi
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

# renumber CELLS REL...: the relations between the columns CELLS ("3,4,5,6"),
# renumbered to the positions of those columns; the others are left out.
renumber() {
	local cells=$1 r
	shift
	for r in "$@"; do
		awk -v cells="$cells" -v r="$r" 'BEGIN {
			n = split(cells, C, ","); for (i = 1; i <= n; i++) P[C[i]] = i
			out = ""; s = r
			while (match(s, /[0-9]+/)) {
				c = substr(s, RSTART, RLENGTH)
				if (!(c in P)) exit
				out = out substr(s, 1, RSTART - 1) P[c]; s = substr(s, RSTART + RLENGTH)
			}
			print out s
		}'
	done
}

# map_items MAP KEY: the "name=value" items of a map value, one per line.
map_items() {
	map_key "$1" "$2" | awk 'BEGIN { RS = ";" } { sub(/^[ \t\n]+/, ""); sub(/[ \t\n]+$/, ""); if ($0 != "") print }'
}

total_rows=0
declare -A seed_rows=()

for map in "$seeds"/*.map; do
	id=$(map_key "$map" table)
	src=$seeds/$(map_key "$map" source)
	cols=$(map_key "$map" columns)
	lbl=$(map_key "$map" line_by_line)
	expected=$seeds/expected/$id.tsv
	marker=$(grep -n -x -F "## table: $id" "$src" | head -n 1 | cut -d: -f1)
	block=$(table_block "$id" "$src")

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

	# celler: row label -> the columns its printed cells stand in
	declare -A cells=()
	while IFS= read -r item; do
		cells[${item%%=*}]=${item#*=}
	done < <(map_items "$map" celler)

	IFS='|' read -r -a tcells <<< "${TEXT_CELLS[$id]:-}|"

	# expected rows: line, code, name, values, flags (US-separated)
	mapfile -t erows < <(awk -F'\t' -v OFS="$US" 'NR > 1 && NF >= 5 { print $1, $2, $3, $4, $5 }' "$expected")
	seed=${id%%_*}
	mapfile -t rrows < <(read_text "$block" "$cols" "$relarr")
	echo "# $id: $(columns "$cols"), relations ${relarr:-none}, ${#rrows[@]} rows read, ${#erows[@]} expected"
	used=" "

	for ((i = 0; i < ${#erows[@]}; i++)); do
		IFS=$US read -r eline ecode ename evals epcts <<< "${erows[i]}"
		if [ $((i + 1)) -lt ${#erows[@]} ]; then next=${erows[i + 1]%%"$US"*}; else next=$((marker + 100000)); fi
		total_rows=$((total_rows + 1)); seed_rows[$seed]=$((${seed_rows[$seed]:-0} + 1))
		desc="$id line $eline $ename"
		rel_line=$((eline - marker))
		rel_next=$((next - marker))
		want=$(swedish_pct "$evals" "$epcts")

		if [ "$lbl" = no ]; then
			# not readable line by line: the row's figures must be a certain
			# reading of a line between this row's line and the next one's
			found=""; safe=1
			for rr in "${rrows[@]}"; do
				IFS=$US read -r rrad rlast rcode rname rvals rpcts rent rofull rtolk rmsg <<< "$rr"
				[ "$rlast" -ge "$rel_line" ] && [ "$rlast" -lt "$rel_next" ] || continue
				used="$used$rrad "
				if [ "$rent" = t ] && [ "$rofull" = f ] && [ "$rvals" = "$evals" ] && [ "$rpcts" = "$epcts" ]; then
					found=$rlast
				elif [ "$rent" = t ] && [ "$rofull" = f ]; then
					safe=0
				fi
			done
			if [ -n "$found" ]; then
				verdict "$id:$eline" 1 1 - "$desc: the figures \"$want\" are read, certain, from line $((found + marker)) (the table is not readable line by line, so the name is not compared)"
			else
				verdict "$id:$eline" 0 "$safe" no_row "$desc: no row between lines $eline and $((next - 1)) is read, certain, as \"$want\""
			fi
			continue
		fi

		# the reader's row at this line, or (label dropped) the first one
		# that starts before the next expected row
		R=""; late=0
		for rr in "${rrows[@]}"; do
			rrad=${rr%%"$US"*}
			if [ "$rrad" -eq "$rel_line" ]; then R=$rr; late=0; break; fi
			if [ -z "$R" ] && [ "$rrad" -gt "$rel_line" ] && [ "$rrad" -lt "$rel_next" ]; then R=$rr; late=1; fi
		done
		if [ -z "$R" ]; then
			t=" $(norm "$(block_lines "$block" "$rel_line" $((rel_next - 1)))") "
			if [[ $t == *" $want "* ]]; then seen="the figures \"$want\" are in the text"; else seen="the figures \"$want\" are NOT in the text"; fi
			verdict "$id:$eline" 0 1 no_row "$desc: no row read ($seen)"
			continue
		fi
		IFS=$US read -r rrad rlast rcode rname rvals rpcts rent rofull rtolk rmsg <<< "$R"
		used="$used$rrad "
		notes=()
		nameok=1

		# code and name
		if [ "$rcode" != "$ecode" ]; then nameok=0; notes+=("code \"$rcode\", expected \"$ecode\""); fi
		tc=${tcells[i]:-}
		want_name=$ename${tc:+ $tc}
		if [ $late = 1 ]; then
			nameok=0; notes+=("the label on line $eline is dropped as a heading; the row is read at line $((rrad + marker)) with the name \"$rname\"")
		elif [ "$rname" != "$want_name" ]; then
			nameok=0; notes+=("name \"$rname\", expected \"$want_name\"")
		elif [ -n "$tc" ]; then
			notes+=("the name includes the text cell \"$tc\"")
		fi

		# figures
		pvals=$(printed "$evals")
		ppcts=$(printed_flags "$evals" "$epcts")
		np=$(awk -F'|' '{ print NF }' <<< "$pvals")
		sub_text=$(block_lines "$block" "$rrad" "$rlast")
		figok=0; safe=1; kind=""
		# a certain reading with wrong figures is never excused
		if [ "$rent" = t ] && [ "$rofull" = f ] && { [ "$rvals" != "$evals" ] || [ "$rpcts" != "$epcts" ]; }; then safe=0; fi
		if [ "$rent" = t ] && [ "$rofull" = t ] && { [ "$rvals" != "$pvals" ] || [ "$rpcts" != "$ppcts" ]; }; then safe=0; fi

		if [ "$rent" = t ] && [ "$rofull" = f ] && [ $safe = 1 ]; then
			figok=1
			case $rmsg in
				"the figures split into"* | "the only way to split"*) notes+=("figures equal") ;;
				*) notes+=("figures equal; the text splits in several ways and the relations settle it: $rmsg") ;;
			esac
		elif [ "$rent" = t ] && [ "$rofull" = t ] && [ $safe = 1 ] && [ "$pvals" != "$evals" ]; then
			figok=1; notes+=("incomplete row (ofullstandig): the $np printed figures equal, in order")
		elif [ "$rent" = t ]; then
			kind=wrong; notes+=("read \"$rvals\" [$rpcts] (ofullstandig $rofull), expected \"$evals\" [$epcts]")
		elif [ -n "${disc[$((i + 1))]:-}" ]; then
			# a published discrepancy (map): no split with it, right without it
			keep=()
			for r in "${rels[@]}"; do
				[[ "$US${disc[$((i + 1))]}" == *"$US$r$US"* ]] || keep+=("$r")
			done
			F=$(read_text "$sub_text" "$cols" "$(array_literal "${keep[@]+"${keep[@]}"}")" | head -n 1)
			IFS=$US read -r _ _ _ _ fvals fpcts fent fofull _ fmsg <<< "$F"
			dl=${disc[$((i + 1))]%"$US"}; dl=${dl//$US/, }
			if [ "$fent" = t ] && [ "$fofull" = f ] && [ "$fvals" = "$evals" ] && [ "$fpcts" = "$epcts" ]; then
				figok=1; notes+=("the printed figures break $dl, a published discrepancy (map), so the reader finds no split ($rmsg); read without it, the figures equal")
			else
				kind=discrepancy; notes+=("published discrepancy $dl; read without it: \"$fvals\" ($fmsg)")
				[ "$fent" = t ] && safe=0
			fi
		elif [ -n "${cells[$ename]:-}" ]; then
			# the map gives the columns of the printed cells
			cl=${cells[$ename]}
			nc=$(awk -F',' '{ print NF }' <<< "$cl")
			mapfile -t keep < <(renumber "$cl" "${rels[@]+"${rels[@]}"}")
			F=$(read_text "$sub_text" "$nc" "$(array_literal "${keep[@]+"${keep[@]}"}")" | head -n 1)
			IFS=$US read -r _ _ _ _ fvals fpcts fent fofull _ fmsg <<< "$F"
			want_cells=$(awk -v v="$evals" -v c="$cl" 'BEGIN { split(v, V, "|"); n = split(c, C, ","); o = ""; for (i = 1; i <= n; i++) o = o (i > 1 ? "|" : "") V[C[i]]; print o }')
			if [ "$fent" = t ] && [ "$fofull" = f ] && [ "$fvals" = "$want_cells" ] && [ "$fvals" = "$pvals" ] && [ "$fpcts" = "$ppcts" ]; then
				figok=1; notes+=("with $cols columns: $rmsg; read in the columns $cl the map gives (celler), the figures equal")
			else
				kind=cells; notes+=("read in the columns $cl the map gives (celler): \"$fvals\" ($fmsg)")
				[ "$fent" = t ] && safe=0
			fi
		else
			if [ "$rtolk" -gt 1 ]; then kind=ambiguous; else kind=no_split; fi
			notes+=("not settled: $rmsg")
		fi

		right=0
		if [ $figok = 1 ] && [ $nameok = 1 ]; then right=1; fi
		if [ $figok = 1 ] && [ $nameok = 0 ]; then kind=label; fi
		d=""
		for x in "${notes[@]}"; do d="$d${d:+; }$x"; done
		verdict "$id:$eline" "$right" "$safe" "$kind" "$desc: $d"
	done

	# rows the reader returns that are not in the answer key (headings read
	# as rows, as tabell_core.h says they may be): each one fails, unless
	# declared
	for rr in "${rrows[@]}"; do
		IFS=$US read -r rrad rlast rcode rname rvals rpcts rent rofull rtolk rmsg <<< "$rr"
		[[ $used == *" $rrad "* ]] && continue
		key="$id:$((rrad + marker))"
		d="$id line $((rrad + marker)): \"$rname\" is read as a row (figures \"$rvals\", ofullstandig $rofull) but is not in the answer key"
		lk=${LIM_KIND[$key]:-}
		[ -n "$lk" ] && LIM_SEEN[$key]=1
		if [ "$lk" = heading ]; then
			tap 0 "$d" "heading: ${LIM_WHY[$key]}"
		elif [ -n "$lk" ]; then
			tap 0 "$d (declared '$lk' in $lim_file, but it is a row the reader invents)"
		else
			tap 0 "$d"
		fi
	done
	unset disc cells
done

# declarations that match nothing any more
for key in $(printf '%s\n' "${!LIM_KIND[@]}" | sort); do
	[ -n "${LIM_SEEN[$key]:-}" ] && continue
	tap 0 "$key is declared a known limitation '${LIM_KIND[$key]}' in $lim_file, but no expected row starts there and the reader returns no row there: remove the line"
done

for s in $(printf '%s\n' "${!seed_rows[@]}" | sort); do
	echo "# seed $s: ${seed_rows[$s]} expected rows compared"
done
echo "# $total_rows expected rows in all: $right_n read right, $todo_rows declared known limitations (TODO);" \
	"$((todo_n - todo_rows)) rows the reader invents, declared (TODO); $failed failed"
echo "1..$n"
[ "$failed" = 0 ]
