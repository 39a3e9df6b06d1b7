#!/usr/bin/env bash
# SIE import end to end: SIE files of types 2, 3 and 4 written by
# test/sie/gen_sie.c for a made-up municipality with two committees, in every
# variant (UTF-8, CP437 and Windows-1252 under #FORMAT PC8, tabs and CRLF,
# padded columns, unquoted objects, overlapping and disjoint object rows,
# #RTRANS with twins and #BTRANS), loaded with las_in_sie / las_in_sie_lo;
# the loaded driftsammandrag must equal the generator's own figures to the
# öre.  Then: loading twice, a new export, a closed period, a file that does
# not reconcile, an unmapped account, a malformed line.  Prints TAP.
#
# Needs a running server (PGHOST, PGPORT, PGUSER) with the extension
# installed, and a C compiler.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
out=$top/results/sie
rm -rf "$out"; mkdir -p "$out"

n=0
planned=60
echo "1..$planned"
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check()  { local name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name" "$(tail -5 "$out/last.log" 2>/dev/null)"; fi; }

psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

gen=$out/gen_sie
if ${CC:-cc} -std=c11 -O2 -Wall -Wextra -Werror -o "$gen" test/sie/gen_sie.c > "$out/cc.log" 2>&1; then
	ok "the generator builds"
else
	not_ok "the generator builds" "$(cat "$out/cc.log")"
	exit 0
fi

# A database with the municipality's committees, units and maps.  Type 2
# files have no objects: rows without an object go to KOMMUN/HELA.
setup() {
	local db=$1
	dropdb --if-exists "$db" > /dev/null 2>&1
	createdb "$db" || return 1
	psqlq -d "$db" > "$out/$db.setup.log" 2>&1 <<'SQL'
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
SELECT count(*) FROM skapa_standardrader();
INSERT INTO namnd (kod, namn, kommun) VALUES
    ('BUN', 'Barn- och utbildningsnämnden', 'Exempelby'),
    ('SON', 'Socialnämnden', 'Exempelby'),
    ('KOMMUN', 'Exempelby kommun', 'Exempelby');
INSERT INTO enhet (namnd, kod, namn) VALUES
    ('BUN', 'B110', 'Förskola'), ('BUN', 'B120', 'Grundskola'),
    ('SON', 'S210', 'Äldreomsorg'), ('SON', 'S220', 'Individ- och familjeomsorg'),
    ('KOMMUN', 'HELA', 'Hela kommunen');
INSERT INTO objektmappning (kommun, dimension, objekt_fran, objekt_till, namnd, enhet) VALUES
    ('Exempelby', 1, '110', '119', 'BUN', 'B110'),
    ('Exempelby', 1, '12', '12', 'BUN', 'B120'),
    ('Exempelby', 1, '210', '210', 'SON', 'S210'),
    ('Exempelby', 1, '220', '220', 'SON', 'S220'),
    ('Exempelby', 1, NULL, NULL, 'KOMMUN', 'HELA');
-- where this municipality books the kommunbidrag (the default map says
-- class 3 is revenue)
INSERT INTO kontomappning (kommun, konto_fran, konto_till, rad, kommentar) VALUES
    ('Exempelby', '3910', '3910', 'KOMMUNBIDRAG', 'internt kommunbidrag');
SQL
}

# load DB FILE [bytea]: through a large object (las_in_sie_lo), or as bytea
load() {
	local db=$1 f=$2 how=${3:-lo}
	local fn="las_in_sie_lo(:LASTOID, 'Exempelby')"
	[ "$how" = bytea ] && fn="las_in_sie(lo_get(:LASTOID), 'Exempelby')"
	psqlq -d "$db" > "$out/last.log" 2>&1 <<SQL
\lo_import $f
SELECT * FROM kommunrapport.$fn;
SELECT lo_unlink(:LASTOID);
SQL
}

# compare DB EXPECTED PERIOD MONTHS: the driftsammandrag of the period, per
# unit and leaf row, against the generator's figures summed over months 1..M
compare() {
	local db=$1 x=$2 p=$3 m=$4
	psql -X -q -A -t -d "$db" -v ON_ERROR_STOP=1 > "$out/last.log" 2>&1 <<SQL
CREATE TEMP TABLE facit (slag text, namnd text, enhet text, rad text, manad integer, ore bigint);
\copy facit FROM '$x'
WITH f AS (
    SELECT namnd, enhet, rad,
           sum(ore) FILTER (WHERE slag = 'utfall' AND manad <= $m) / 100.0 AS utfall,
           sum(ore) FILTER (WHERE slag = 'budget' AND manad <= $m) / 100.0 AS budget
      FROM facit GROUP BY namnd, enhet, rad
), d AS (
    SELECT d.namnd_kod AS namnd, d.enhet, d.rad, coalesce(d.utfall, 0) AS utfall, coalesce(d.budget, 0) AS budget
      FROM kommunrapport.driftsammandrag(2024, '$p') d
     WHERE d.enhet IN (SELECT kod FROM kommunrapport.enhet)
       AND NOT EXISTS (SELECT 1 FROM kommunrapport.rad r WHERE r.overordnad = d.rad)
)
SELECT count(*) FROM f FULL JOIN d USING (namnd, enhet, rad)
 WHERE f.utfall IS DISTINCT FROM d.utfall OR f.budget IS DISTINCT FROM d.budget;
SELECT count(*) FROM facit;
SQL
	[ "$(sed -n 1p "$out/last.log")" = 0 ] && [ "$(sed -n 2p "$out/last.log")" -gt 0 ]
}

# the stored outcome and budget and the change log, as one checksum
state() {
	psql -X -q -A -t -d "$1" -c "SELECT md5(string_agg(x, ',' ORDER BY x)) FROM (
	    SELECT concat_ws('|', 'u', namnd, enhet, rad, period, belopp) x FROM kommunrapport.utfall
	    UNION ALL SELECT concat_ws('|', 'b', namnd, enhet, rad, period, giltig_fran, belopp, profil) FROM kommunrapport.budget
	    UNION ALL SELECT 'log ' || count(*) FROM kommunrapport.andringslogg) s"
}

# variant NAME ENCODING GENERATOR-ARGS...
variant() {
	local name=$1 enc=$2; shift 2
	local db=sie_e2e_$name f=$out/$name.sie x=$out/$name.tsv want
	"$gen" "$@" -o "$out/$name.utf8.sie" -x "$x"
	case $enc in
		utf8) cp "$out/$name.utf8.sie" "$f"; want="UTF-8, although #FORMAT PC8 declares CP437" ;;
		pc8) iconv -f UTF-8 -t CP437 "$out/$name.utf8.sie" > "$f"; want="CP437, as #FORMAT PC8 declares" ;;
		win1252) iconv -f UTF-8 -t WINDOWS-1252 "$out/$name.utf8.sie" > "$f"; want="Windows-1252, although #FORMAT PC8 declares CP437" ;;
	esac
	setup "$db"
	load "$db" "$f"; local rc=$?
	cp "$out/last.log" "$out/$name.load.log"
	if [ $rc = 0 ] && grep -q "SIE file read as $want" "$out/last.log"; then
		ok "$name ($*, $enc): loads, read as $want"
	else
		not_ok "$name ($*, $enc): loads, read as $want" "$(tail -5 "$out/last.log")"
	fi
	for pm in "jan 2024:1" "jan-jun 2024:6" "helår 2024:12"; do
		check "$name: driftsammandrag ${pm%%:*} equals the generator's outcome and budget to the öre" \
			compare "$db" "$x" "${pm%%:*}" "${pm##*:}"
	done
}

variant t4_utf8_rtrans   utf8    -t 4 -r
variant t4_pc8_tabs      pc8     -t 4 -w tabs -u
variant t4_1252_padded   win1252 -t 4 -w padded -r -S 3
variant t3_overlap_utf8  utf8    -t 3 -s overlap
variant t3_disjoint_pc8  pc8     -t 3 -s disjoint -w tabs -u -S 4
variant t3_overlap_1252  win1252 -t 3 -s overlap -w padded -u
variant t2_utf8          utf8    -t 2
variant t2_pc8_tabs      pc8     -t 2 -w tabs -u -S 5
check "t2_pc8_tabs: the bank's #PSALDO are read as the month's change (the specification)" \
	grep -q "SIE: the #PSALDO of 1 balance account(s) read as the month's change" "$out/t2_pc8_tabs.load.log"
variant t2_saldo         utf8    -t 2 -b saldo -S 6
check "t2_saldo: the bank's #PSALDO are read as month-end balances, and said so" \
	grep -q "SIE: the #PSALDO of 1 balance account(s) read as the balance at the end of the month" "$out/t2_saldo.load.log"

# ---- loading twice, a new export, a closed period -------------------------
db=sie_e2e_t4_utf8_rtrans
before=$(state $db)
load $db "$out/t4_utf8_rtrans.sie"
after=$(state $db)
if [ -n "$before" ] && [ "$before" = "$after" ]; then
	ok "the same file loaded again changes nothing (outcome, budget, change log)"
else
	not_ok "the same file loaded again changes nothing" "$before" "$after"
fi

"$gen" -t 4 -r -S 9 -m 6 -o "$out/ny.sie" -x "$out/ny.tsv"
load $db "$out/ny.sie"
check "a new export (other figures, Jan-Jun) replaces what it covers: jan-jun equals the new file" \
	compare $db "$out/ny.tsv" "jan-jun 2024" 6

psqlq -d $db -c "SELECT kommunrapport.stang_period('BUN', 'jan 2024')" > /dev/null
if ! load $db "$out/t4_utf8_rtrans.sie" && grep -q "55000\|is closed" "$out/last.log"; then
	ok "a file that changes a closed month is refused (55000)"
else
	not_ok "a file that changes a closed month is refused (55000)" "$(tail -3 "$out/last.log")"
fi
check "after the refused load the stored figures are still the new export's" \
	compare $db "$out/ny.tsv" "jan-jun 2024" 6
if load $db "$out/ny.sie"; then
	ok "the unchanged export loads again with January closed (nothing to change)"
else
	not_ok "the unchanged export loads again with January closed" "$(tail -3 "$out/last.log")"
fi

# bytea and large object give the same result
db2=sie_e2e_bytea
setup $db2
load $db2 "$out/t4_utf8_rtrans.sie" bytea
if [ "$(state $db2)" = "$before" ]; then
	ok "las_in_sie(bytea) stores exactly what las_in_sie_lo(oid) stores"
else
	not_ok "las_in_sie(bytea) stores exactly what las_in_sie_lo(oid) stores"
fi

# ---- files that must be refused whole --------------------------------------
empty() { [ "$(psql -X -q -A -t -d "$1" -c "SELECT (SELECT count(*) FROM kommunrapport.utfall) + (SELECT count(*) FROM kommunrapport.budget)")" = 0 ]; }
refused() {   # NAME FILE SQLSTATE PATTERN [SQL run first]
	local name=$1 f=$2 code=$3 pat=$4 db=sie_e2e_bad
	setup $db
	psqlq -d $db > "$out/last.log" 2>&1 <<SQL
\set VERBOSITY verbose
${5:-}
\lo_import $f
SELECT * FROM kommunrapport.las_in_sie_lo(:LASTOID, 'Exempelby');
SQL
	if grep -q "ERROR:  $code" "$out/last.log" && grep -q -- "$pat" "$out/last.log" && empty $db; then
		ok "$name: refused with $code, nothing loaded"
	else
		not_ok "$name: refused with $code, nothing loaded" "$(grep -A3 ERROR "$out/last.log" | head -6)"
	fi
}

# an overlapping export without its totals: the overlapping rows would be
# counted twice, which the reconciliation against #RES catches
grep -v -E '^#PSALDO +0 +[0-9]+ +"[0-9]+" +\{ ?\}' "$out/t3_overlap_utf8.utf8.sie" > "$out/no_total.sie"
refused "overlapping period balances without the account total (double counting)" "$out/no_total.sie" 23514 \
	"does not reconcile: account 3010"
sed 's/^#RES 0 "5010" .*/#RES 0 "5010" 1.00/' "$out/t3_overlap_utf8.utf8.sie" > "$out/res.sie"
refused "a changed #RES" "$out/res.sie" 23514 \
	"does not reconcile: account 5010"
# the balance accounts' #UB: the bank's May #PSALDO left out of a file that
# writes the month's change; the difference is that month's figure
may=$(sed -n 's/^#PSALDO 0 202405 "1930" {} \(.*\)$/\1/p' "$out/t2_utf8.utf8.sie")
grep -v '^#PSALDO 0 202405 "1930"' "$out/t2_utf8.utf8.sie" > "$out/ub_andring.sie"
refused "a balance account whose monthly #PSALDO do not add up to #UB" "$out/ub_andring.sie" 23514 \
	"does not reconcile: account 1930"
res=$(psql -X -q -A -t -d sie_e2e_bad -c "SET client_min_messages = warning; SELECT count(*) FILTER (WHERE konto = '1930' AND belopp::numeric = -('$may'::numeric)), count(*)
      FROM kommunrapport.kontrollera_sie(pg_read_binary_file('$out/ub_andring.sie'), 'Exempelby')" 2>&1)
if [ -n "$may" ] && [ "$res" = "1|1" ]; then
	ok "kontrollera_sie: the one problem is account 1930, short by its May figure ($may)"
else
	not_ok "kontrollera_sie: the one problem is account 1930, short by its May figure" "$may" "$res"
fi
# a file of month-end balances whose December balance is one krona off
dec=$(sed -n 's/^#PSALDO 0 202412 "1930" {} \(.*\)$/\1/p' "$out/t2_saldo.utf8.sie")
dec1=$(psql -X -q -A -t -d postgres -c "SELECT ('$dec'::numeric + 1)::text")
sed "s/^#PSALDO 0 202412 \"1930\" {} .*/#PSALDO 0 202412 \"1930\" {} $dec1/" "$out/t2_saldo.utf8.sie" > "$out/ub_saldo.sie"
refused "month-end balances whose last is not #UB" "$out/ub_saldo.sie" 23514 \
	"nor is its last #PSALDO (dec 2024: $dec1)"
res=$(psql -X -q -A -t -d sie_e2e_bad -c "SET client_min_messages = warning; SELECT count(*) FILTER (WHERE problem = 'avstamning_ub' AND konto = '1930'), count(*)
      FROM kommunrapport.kontrollera_sie(pg_read_binary_file('$out/ub_saldo.sie'), 'Exempelby')" 2>&1)
if [ -n "$dec" ] && [ "$res" = "1|1" ]; then
	ok "kontrollera_sie: the one problem is account 1930's #UB"
else
	not_ok "kontrollera_sie: the one problem is account 1930's #UB" "$dec" "$res"
fi
# read as balances, a balance account mapped to a report row cannot load
refused "month-end balances of an account mapped to a report row" "$out/t2_saldo.utf8.sie" 23514 \
	"account 1930 maps to report row OVRIGA, but its #PSALDO are balances" \
	"INSERT INTO kommunrapport.kontomappning (kommun, konto_fran, konto_till, rad) VALUES ('Exempelby', '1930', '1930', 'OVRIGA');"
res=$(psql -X -q -A -t -d sie_e2e_bad -c "SET client_min_messages = warning; SELECT count(*) FROM kommunrapport.kontrollera_sie(pg_read_binary_file('$out/t2_utf8.utf8.sie'), 'Exempelby')" 2>&1)
if [ "$res" = 0 ]; then
	ok "the same map with #PSALDO as the month's change: nothing keeps the file from loading"
else
	not_ok "the same map with #PSALDO as the month's change: nothing keeps the file from loading" "$res"
fi
sed 's/^#RES 0 "3010"/#RES 0 "8910" 250.00\n#RES 0 "3010"/' "$out/t4_utf8_rtrans.sie" |
	awk 'done == 0 && /^\t#TRANS "3010"/ { print; print "\t#TRANS \"8910\" {1 \"110\"} 250.00"; done = 1; next } { print }' > "$out/unmapped.sie"
refused "an account no map entry covers (8910)" "$out/unmapped.sie" 23514 "account 8910 maps to no report row"
db=sie_e2e_bad
if psql -X -q -A -t -d $db > "$out/last.log" 2>&1 <<SQL && grep -q "^konto_utan_rad|8910||.*|250.00|" "$out/last.log"
\lo_import $out/unmapped.sie
SELECT problem, konto, objekt, period, belopp, detalj FROM kommunrapport.kontrollera_sie(lo_get(:LASTOID), 'Exempelby');
SQL
then
	ok "kontrollera_sie names the unmapped account and its amount"
else
	not_ok "kontrollera_sie names the unmapped account and its amount" "$(cat "$out/last.log")"
fi
# a bad row inside a voucher: after the 50th "{" line
inject() { awk -v row="$1" '{ print } /^\{/ && ++b == 50 { print row }' "$out/t4_utf8_rtrans.sie"; }
bad_line=$(( $(grep -n '^{' "$out/t4_utf8_rtrans.sie" | sed -n 50p | cut -d: -f1) + 1 ))
inject '	#TRANS "3010" {1 "110" -12.00' > "$out/malformed.sie"
refused "a malformed line (object list not closed) named by its number" "$out/malformed.sie" 22P02 "line $bad_line: an object list is not closed"
inject '	#TRANS "3010" {1 "110"} 12.005' > "$out/ore.sie"
refused "an amount with a fraction of an öre" "$out/ore.sie" 22P02 "fraction of an öre"
inject '	#TRANS "3010" {1 "110"} 99999999999999999999.00' > "$out/range.sie"
refused "an amount out of range" "$out/range.sie" 22003 "out of range"

# progress
db=sie_e2e_t2_utf8
psqlq -d $db > "$out/last.log" 2>&1 <<SQL
\lo_import $out/t2_utf8.sie
SELECT count(*) FROM kommunrapport.las_in_sie_lo(:LASTOID, 'Exempelby', rapportera_var => 20);
SQL
if [ "$(grep -c 'SIE: [0-9]* records read (line' "$out/last.log")" -ge 5 ]; then
	ok "a load reports its progress every rapportera_var records"
else
	not_ok "a load reports its progress every rapportera_var records" "$(tail -3 "$out/last.log")"
fi

# the records as las_sie returns them: the twins and removed rows are there, not counted
db=sie_e2e_t4_utf8_rtrans
res=$(psql -X -q -A -t -d $db 2>&1 <<SQL
\lo_import $out/t4_utf8_rtrans.sie
SELECT count(*) FILTER (WHERE post = 'RTRANS'), count(*) FILTER (WHERE post = 'TRANS' AND NOT raknas),
       count(*) FILTER (WHERE post = 'BTRANS' AND NOT raknas),
       count(*) FILTER (WHERE post IN ('TRANS', 'RTRANS') AND raknas)
  FROM kommunrapport.las_sie(lo_get(:LASTOID));
SQL
)
want_rt=$(grep -c $'^\t#RTRANS' "$out/t4_utf8_rtrans.sie")
want_bt=$(grep -c $'^\t#BTRANS' "$out/t4_utf8_rtrans.sie")
want_tr=$(grep -c $'^\t#TRANS' "$out/t4_utf8_rtrans.sie")
if [ "$want_rt" -gt 0 ] && [ "$want_bt" -gt 0 ] && [ "$(echo "$res" | tail -1)" = "$want_rt|$want_rt|$want_bt|$want_tr" ]; then
	ok "las_sie: every #RTRANS's #TRANS twin and every #BTRANS is returned with raknas false ($want_rt, $want_bt)"
else
	not_ok "las_sie: every #RTRANS's #TRANS twin and every #BTRANS is returned with raknas false" "$res" "$want_rt $want_bt $want_tr"
fi

[ -n "${KEEP:-}" ] || for d in $(psql -X -A -t -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'sie_e2e_%'"); do
	dropdb "$d" > /dev/null 2>&1
done
[ "$n" = "$planned" ] || echo "# ran $n of $planned"
exit 0
