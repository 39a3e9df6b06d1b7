#!/usr/bin/env bash
# kommunrapport over postgres_fdw: a coordinator database with one foreign
# server per municipality database (three "municipality servers" of the same
# cluster, over a loopback connection with the password of the cluster's
# user), the municipalities' outcome and budget as foreign tables that are the
# partitions of one partitioned table each.  Checks that
#
#   - sum(belopp) and avg(belopp) grouped by committee are pushed down per
#     partition (enable_partitionwise_aggregate): EXPLAIN VERBOSE shows a
#     Remote SQL with sum(belopp) for every municipality and no local
#     aggregate; the figures equal the sums known by construction;
#   - the deviation function kommunrapport.avvikelse is pushed down with the
#     join of outcome and budget (enable_partitionwise_join);
#   - none of it is pushed down to a server without the option
#     extensions 'kommunrapport' (the figures are the same, computed on the
#     coordinator), and adding the option to that server pushes it down: the
#     belopp aggregates and operators live in pg_catalog but are not built
#     in, so postgres_fdw ships them only as members of a listed extension.
#
# Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=results/fdw
mkdir -p "$out"
coord=kr_fdw_coord
kommuner="1 2 3"

n=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check()  { if eval "$2"; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

run() { local db=$1; shift; psql -X -q -d "$db" -v ON_ERROR_STOP=1 "$@" > "$out/last.log" 2>&1; }
val() { psql -X -tA -d "$1" -c "$2" 2>&1; }
# EXPLAIN (VERBOSE, COSTS OFF) of a query on the coordinator, one plan line each
plan() { psql -X -q -tA -d "$coord" -c "SET enable_partitionwise_aggregate = on; SET enable_partitionwise_join = on" \
	-c "EXPLAIN (VERBOSE, COSTS OFF) $1" 2>&1 | tee "$out/plan.txt"; }

echo "1..17"

# ---------------------------------------------------------------------------
# The municipality databases.  Municipality k has committees Kk_SN and Kk_BUN
# (c = 1, 2), each with units E1, E2 (e = 1, 2), rows INT (revenue) and KOST
# (costs), and the months jan-jun 2025 (m = 1..6):
#   INT  = a = k*1000 + c*100 + e*10 + m + 0.25 kronor,  KOST = -2a.
# A committee's outcome is therefore  -sum over e, m of a.  January's budget:
#   INT  = a - 5e,  KOST = -2a + 7.5e,
# so the deviation (utfall - budget, 'resultat') is 5e - 7.5e = -2.5e per unit
# and -7.50 per committee (+7.50 read as 'kostnad').
namnd_kod() { [ "$2" = 1 ] && echo "K$1_SN" || echo "K$1_BUN"; }

setup_ok=0
for k in $kommuner; do
	db=kr_fdw_k$k
	dropdb --if-exists "$db" > /dev/null 2>&1
	createdb "$db" || setup_ok=1
	run "$db" -v k="$k" -f - <<'SQL' || { setup_ok=1; cat "$out/last.log"; }
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport, public;
INSERT INTO rad (kod, namn, slag, tecken, ordning) VALUES
    ('INT', 'Intäkter', 'intakt', 'resultat', 1), ('KOST', 'Kostnader', 'kostnad', 'resultat', 2);
INSERT INTO namnd (kod, namn, kommun)
SELECT format('K%s_%s', :k, n.s), n.s || ' ' || :k, 'Kommun ' || :k
  FROM (VALUES (1, 'SN'), (2, 'BUN')) n(c, s);
INSERT INTO enhet (namnd, kod, namn, ordning)
SELECT n.kod, 'E' || e, 'Enhet ' || e, e FROM namnd n, generate_series(1, 2) e;
CREATE TEMP VIEW a AS
SELECT n.kod AS namnd, 'E' || e AS enhet, m,
       (:k * 1000 + CASE WHEN n.kod LIKE '%_SN' THEN 100 ELSE 200 END + e * 10 + m + 0.25)::numeric AS a, e
  FROM namnd n, generate_series(1, 2) e, generate_series(1, 6) m;
INSERT INTO utfall (namnd, enhet, rad, period, belopp)
SELECT namnd, enhet, r.kod, period(2025, m, m), (r.f * a)::belopp
  FROM a, (VALUES ('INT', 1), ('KOST', -2)) r(kod, f);
INSERT INTO budget (namnd, enhet, rad, period, giltig_fran, belopp)
SELECT namnd, enhet, r.kod, period(2025, 1, 1), '2025-01-01', (r.f * a + r.d * e)::belopp
  FROM a, (VALUES ('INT', 1, -5), ('KOST', -2, 7.5)) r(kod, f, d)
 WHERE m = 1;
SQL
done
# the expected sums, by the construction above (computed here, not by SQL)
expected_sums() {
	for k in $kommuner; do for c in 1 2; do
		awk -v k="$k" -v c="$c" -v name="$(namnd_kod "$k" "$c")" 'BEGIN {
			s = 0; for (e = 1; e <= 2; e++) for (m = 1; m <= 6; m++) s += k*100000 + c*10000 + e*1000 + m*100 + 25
			printf "%s|%.2f|%.2f\n", name, -s / 100, -s / 100 / 24 }'
	done; done | sort
}
got=$(for k in $kommuner; do val "kr_fdw_k$k" "SELECT namnd || '|' || sum(belopp) || '|' || avg(belopp) FROM kommunrapport.utfall GROUP BY namnd"; done | sort)
check "three municipality databases with the extension and their outcome, sums as constructed" \
	'[ $setup_ok = 0 ] && [ "$got" = "$(expected_sums)" ]' "got: $got" "expected: $(expected_sums)"

# ---------------------------------------------------------------------------
# The coordinator: a server per municipality with extensions 'kommunrapport',
# and one more for municipality 1 without it.
dropdb --if-exists "$coord" > /dev/null 2>&1
createdb "$coord"
{
	echo "CREATE EXTENSION kommunrapport;"
	echo "CREATE EXTENSION postgres_fdw;"
	echo "CREATE TABLE utfall_alla (namnd text NOT NULL, enhet text NOT NULL, rad text NOT NULL,"
	echo "    period kommunrapport.period NOT NULL, belopp kommunrapport.belopp NOT NULL, kalla text, ar integer)"
	echo "    PARTITION BY LIST (namnd);"
	echo "CREATE TABLE budget_alla (namnd text NOT NULL, enhet text NOT NULL, rad text NOT NULL,"
	echo "    period kommunrapport.period NOT NULL, giltig_fran date NOT NULL, belopp kommunrapport.belopp NOT NULL,"
	echo "    profil numeric[], beslut text, ar integer) PARTITION BY LIST (namnd);"
	for k in $kommuner; do
		echo "CREATE SERVER kommun$k FOREIGN DATA WRAPPER postgres_fdw"
		echo "    OPTIONS (host '$PGHOST', port '$PGPORT', dbname 'kr_fdw_k$k', extensions 'kommunrapport');"
		echo "CREATE USER MAPPING FOR CURRENT_USER SERVER kommun$k OPTIONS (user '$PGUSER', password '$PGPASSWORD');"
		echo "CREATE FOREIGN TABLE utfall_k$k PARTITION OF utfall_alla FOR VALUES IN ('K${k}_SN', 'K${k}_BUN')"
		echo "    SERVER kommun$k OPTIONS (schema_name 'kommunrapport', table_name 'utfall');"
		echo "CREATE FOREIGN TABLE budget_k$k PARTITION OF budget_alla FOR VALUES IN ('K${k}_SN', 'K${k}_BUN')"
		echo "    SERVER kommun$k OPTIONS (schema_name 'kommunrapport', table_name 'budget');"
	done
	echo "CREATE SERVER kommun1_utan FOREIGN DATA WRAPPER postgres_fdw"
	echo "    OPTIONS (host '$PGHOST', port '$PGPORT', dbname 'kr_fdw_k1');"
	echo "CREATE USER MAPPING FOR CURRENT_USER SERVER kommun1_utan OPTIONS (user '$PGUSER', password '$PGPASSWORD');"
	echo "CREATE SCHEMA utan;"
	echo "IMPORT FOREIGN SCHEMA kommunrapport LIMIT TO (utfall, budget) FROM SERVER kommun1_utan INTO utan;"
	echo "ANALYZE utfall_alla, budget_alla, utan.utfall, utan.budget;"
} > "$out/coordinator.sql"
run "$coord" -f "$out/coordinator.sql"
check "coordinator: extension, postgres_fdw, a server and user mapping per municipality, partitions that are foreign tables" \
	'[ $? = 0 ]' "$(cat "$out/last.log")"

got=$(val "$coord" "SELECT count(*) FROM utfall_alla")
check "the coordinator reads every municipality's outcome: 144 rows" '[ "$got" = 144 ]' "$got"

# ---------------------------------------------------------------------------
# sum and avg grouped by committee, per partition
q_sum="SELECT namnd, sum(belopp), avg(belopp) FROM utfall_alla GROUP BY namnd"
plan "$q_sum" > /dev/null
remote_sum=$(grep -c 'Remote SQL: SELECT namnd, sum(belopp), avg(belopp) FROM kommunrapport.utfall GROUP BY' "$out/plan.txt")
local_agg=$(grep -v 'Relations:' "$out/plan.txt" | grep -c 'Aggregate')
check "sum(belopp), avg(belopp) GROUP BY namnd: pushed down to each of the 3 servers, no local aggregate" \
	'[ "$remote_sum" = 3 ] && [ "$local_agg" = 0 ]' "$(cat "$out/plan.txt")"
got=$(psql -X -q -tA -d "$coord" -c "SET enable_partitionwise_aggregate = on" -c "$q_sum" | sort)
check "the pushed-down sums and averages per committee equal the sums by construction" \
	'[ "$got" = "$(expected_sums)" ]' "got: $got" "expected: $(expected_sums)"

q_total="SELECT sum(belopp) FROM utfall_k2"
plan "$q_total" > /dev/null
check "sum(belopp) of one municipality's foreign table: Remote SQL SELECT sum(belopp)" \
	'grep -q "Remote SQL: SELECT sum(belopp) FROM kommunrapport.utfall$" "$out/plan.txt"' "$(cat "$out/plan.txt")"
got=$(val "$coord" "$q_total")
want=$(expected_sums | awk -F'|' '/^K2_/ { s += $2 } END { printf "%.2f", s }')
check "sum(belopp) of municipality 2 is $want" '[ "$got" = "$want" ]' "$got"

# the pg_catalog members of the extension are what postgres_fdw decides on
got=$(val "$coord" "SELECT count(*) FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'kommunrapport'
                    JOIN pg_proc p ON p.oid = d.objid AND d.classid = 'pg_proc'::regclass
                    WHERE d.deptype = 'e' AND p.oid = 'pg_catalog.sum(kommunrapport.belopp)'::regprocedure AND p.oid >= 16384")
check "pg_catalog.sum(belopp) is not built in (oid >= 16384) and is a member of kommunrapport" '[ "$got" = 1 ]' "$got"

# a WHERE clause with the belopp operator (pg_catalog.<) goes along
q_where="SELECT count(*) FROM utfall_k3 WHERE belopp < '0'::kommunrapport.belopp"
plan "$q_where" > /dev/null
check "WHERE belopp < 0 (the pg_catalog operator of belopp) is in the Remote SQL" \
	'grep -q "Remote SQL: SELECT count(\*) FROM kommunrapport.utfall WHERE ((belopp < " "$out/plan.txt"' "$(cat "$out/plan.txt")"
got=$(val "$coord" "$q_where")
check "and counts the 24 cost rows of municipality 3" '[ "$got" = 24 ]' "$got"

# ---------------------------------------------------------------------------
# the deviation, with the join of outcome and budget, per municipality
q_avv="SELECT u.namnd, sum(kommunrapport.avvikelse(u.belopp, b.belopp)) AS resultat,
              sum(kommunrapport.avvikelse(u.belopp, b.belopp, 'kostnad')) AS kostnad
         FROM utfall_alla u JOIN budget_alla b
           ON b.namnd = u.namnd AND b.enhet = u.enhet AND b.rad = u.rad AND b.period = u.period
        GROUP BY u.namnd"
plan "$q_avv" > /dev/null
remote_avv=$(grep 'Remote SQL:' "$out/plan.txt" | grep -c 'sum(kommunrapport.avvikelse(r[0-9]*.belopp, r[0-9]*.belopp, .resultat.::kommunrapport.tecken)).*JOIN kommunrapport.budget')
local_agg=$(grep -v 'Relations:\|Remote SQL:' "$out/plan.txt" | grep -c 'Aggregate\|Join')
check "sum(kommunrapport.avvikelse(...)) over utfall JOIN budget: pushed down to each of the 3 servers" \
	'[ "$remote_avv" = 3 ] && [ "$local_agg" = 0 ]' "$(cat "$out/plan.txt")"
got=$(psql -X -q -tA -d "$coord" -c "SET enable_partitionwise_aggregate = on; SET enable_partitionwise_join = on" -c "$q_avv" | sort | tr '\n' ' ')
want=$(for k in $kommuner; do for c in 1 2; do echo "$(namnd_kod "$k" "$c")|-7.50|7.50"; done; done | sort | tr '\n' ' ')
check "the deviation of every committee is -7.50 (resultat) and 7.50 (kostnad)" '[ "$got" = "$want" ]' "got: $got" "expected: $want"

# ---------------------------------------------------------------------------
# without extensions 'kommunrapport' nothing of the extension is shipped
q_utan="SELECT namnd, sum(belopp) FROM utan.utfall GROUP BY namnd"
plan "$q_utan" > /dev/null
check "without the extensions option: sum(belopp) is not in the Remote SQL, the coordinator aggregates" \
	'grep -q "Remote SQL: SELECT namnd, belopp FROM kommunrapport.utfall" "$out/plan.txt" && ! grep "Remote SQL" "$out/plan.txt" | grep -q "sum(" && grep -v "Relations:" "$out/plan.txt" | grep -q "Aggregate"' \
	"$(cat "$out/plan.txt")"
got=$(val "$coord" "$q_utan" | sort)
check "and gives the same sums" '[ "$got" = "$(expected_sums | awk -F"|" "/^K1_/ { print \$1 \"|\" \$2 }")" ]' "$got"

q_avv_utan="SELECT u.namnd, sum(kommunrapport.avvikelse(u.belopp, b.belopp)) FROM utan.utfall u JOIN utan.budget b
               ON b.namnd = u.namnd AND b.enhet = u.enhet AND b.rad = u.rad AND b.period = u.period GROUP BY u.namnd"
plan "$q_avv_utan" > /dev/null
check "without the extensions option: avvikelse, sum and the condition on period (the extension's =) stay on the coordinator" \
	'grep -q "Remote SQL" "$out/plan.txt" && ! grep "Remote SQL" "$out/plan.txt" | grep -q "avvikelse\|sum(\|period = " && grep -v "Relations:" "$out/plan.txt" | grep -q "Aggregate" && grep -q "period = b.period" "$out/plan.txt"' "$(cat "$out/plan.txt")"
got=$(val "$coord" "$q_avv_utan" | sort | tr '\n' ' ')
check "and gives the same deviations" '[ "$got" = "K1_BUN|-7.50 K1_SN|-7.50 " ]' "$got"

# adding the option to that server ships the same queries
run "$coord" -c "ALTER SERVER kommun1_utan OPTIONS (ADD extensions 'kommunrapport')"
plan "$q_utan" > /dev/null
a=$(grep -c 'Remote SQL: SELECT namnd, sum(belopp) FROM kommunrapport.utfall GROUP BY' "$out/plan.txt")
plan "$q_avv_utan" > /dev/null
b=$(grep 'Remote SQL' "$out/plan.txt" | grep -c 'kommunrapport.avvikelse(.*JOIN')
check "ALTER SERVER ... OPTIONS (ADD extensions 'kommunrapport'): now sum(belopp) and avvikelse are pushed down" \
	'[ "$a" = 1 ] && [ "$b" = 1 ]' "$(cat "$out/plan.txt")"

for k in $kommuner; do dropdb "kr_fdw_k$k" 2>/dev/null; done
dropdb "$coord" 2>/dev/null
