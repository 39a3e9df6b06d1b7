#!/usr/bin/env bash
# DROP EXTENSION must not delete a year's budget: while the report tables
# hold rows, DROP EXTENSION kommunrapport (with or without CASCADE, alone or in
# a list), DROP SCHEMA kommunrapport CASCADE and DROP OWNED BY its owner fail
# with 2BP01 and say what would be lost; only the documented step (tillat_borttagning_med_data() in
# the same transaction) drops the data, and a dump taken before restores it.
# Other extensions and schemas are dropped as usual.  Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=results/borttagning
mkdir -p "$out"
db=kr_borttagning
db2=kr_borttagning_ater

n=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check()  { if eval "$2"; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

# run SQL in the test database; output (with SQLSTATEs) in $out/last.log
run() { psql -X -q -d "${DB:-$db}" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c '\set VERBOSITY verbose' "$@" > "$out/last.log" 2>&1; }
sqlstate() { sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\): .*/\1/p' "$out/last.log" | head -1; }
val() { psql -X -tA -d "${DB:-$db}" -c "$1" 2>&1; }
has_ext() { [ "$(val "SELECT count(*) FROM pg_extension WHERE extname = 'kommunrapport'")" = 1 ]; }

echo "1..30"
dropdb --if-exists "$db" > /dev/null 2>&1
dropdb --if-exists "$db2" > /dev/null 2>&1
createdb "$db"

# an extension without data goes as any other
run -c 'CREATE EXTENSION kommunrapport' -c 'DROP EXTENSION kommunrapport'
check "DROP EXTENSION of an empty kommunrapport succeeds" '[ $? = 0 ] && ! has_ext' "$(cat $out/last.log)"
run -c 'CREATE EXTENSION kommunrapport'

# one committee, one unit, one row, two months of outcome, a frame
run -f - <<'SQL'
SET search_path = kommunrapport, public;
INSERT INTO namnd (kod, namn) VALUES ('VON', 'Vård- och omsorgsnämnden');
INSERT INTO enhet (namnd, kod, namn, ordning) VALUES ('VON', 'HT', 'Hemtjänst', 1);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES ('KOST', 'Kostnader', 'kostnad', 'resultat', NULL, 1);
INSERT INTO utfall (namnd, enhet, rad, period, belopp) VALUES
    ('VON', 'HT', 'KOST', 'jan 2024', '-1 000'), ('VON', 'HT', 'KOST', 'feb 2024', '-1 100');
INSERT INTO budgetram (namnd, ar, belopp) VALUES ('VON', 2024, '25 000');
SQL
before=$(val "SELECT count(*) || ' ' || sum(belopp) FROM kommunrapport.utfall")
check "the fixture holds two outcome rows summing to -2 100" '[ "$before" = "2 -2100.00" ]' "$before"

run -c 'DROP EXTENSION kommunrapport'
log=$(cat "$out/last.log")
check "DROP EXTENSION with report data fails with 2BP01" '[ "$(sqlstate)" = 2BP01 ]' "$log"
check "the error says it would delete report data" 'grep -q "cannot drop extension kommunrapport while its report tables hold data" "$out/last.log"' "$log"
check "the detail names every table with rows and its count" \
	'grep -q "kommunrapport.namnd (1 row)" "$out/last.log" && grep -q "kommunrapport.utfall (2 rows)" "$out/last.log" && grep -q "kommunrapport.budgetram (1 row)" "$out/last.log" && grep -q "kommunrapport.enhet (1 row)" "$out/last.log" && ! grep -q "kommunrapport.budget (" "$out/last.log"' "$log"
check "the hint says how to keep the data (pg_dump) and the deliberate step" \
	'grep -q "pg_dump" "$out/last.log" && grep -q "tillat_borttagning_med_data()" "$out/last.log"' "$log"
check "after the refused DROP the extension and every row are there" \
	'has_ext && [ "$(val "SELECT count(*) || '"' '"' || sum(belopp) FROM kommunrapport.utfall")" = "$before" ]'

run -c 'DROP EXTENSION kommunrapport CASCADE'
check "DROP EXTENSION ... CASCADE is refused too (2BP01)" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"
run -c 'DROP EXTENSION IF EXISTS plpgsql_nonexistent, kommunrapport'
check "DROP EXTENSION naming it in a list is refused (2BP01)" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"
run -c 'DROP SCHEMA kommunrapport CASCADE'
check "DROP SCHEMA kommunrapport CASCADE is refused (2BP01)" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"
run -c 'DROP SCHEMA kommunrapport'
check "DROP SCHEMA kommunrapport without CASCADE fails as PostgreSQL says (2BP01), nothing lost" \
	'[ "$(sqlstate)" = 2BP01 ] && has_ext && [ "$(val "SELECT count(*) FROM kommunrapport.utfall")" = 2 ]' "$(cat $out/last.log)"

# other extensions and schemas are not the guard's business
run -c 'CREATE EXTENSION pg_prewarm' -c 'DROP EXTENSION pg_prewarm' -c 'CREATE SCHEMA annat' \
    -c 'CREATE TABLE annat.t (b kommunrapport.belopp)' -c "INSERT INTO annat.t VALUES ('1')" -c 'DROP SCHEMA annat CASCADE'
check "other extensions and schemas drop as usual while report data exists" '[ $? = 0 ]' "$(cat $out/last.log)"

# the deliberate step
run -c 'SELECT kommunrapport.tillat_borttagning_med_data()'
check "tillat_borttagning_med_data() outside a transaction block: 25P01" '[ "$(sqlstate)" = 25P01 ] && has_ext' "$(cat $out/last.log)"
run -c 'CREATE ROLE kr_borttagning_roll' -c 'GRANT USAGE ON SCHEMA kommunrapport TO kr_borttagning_roll'
run -c 'SET ROLE kr_borttagning_roll' -c 'BEGIN' -c 'SELECT kommunrapport.tillat_borttagning_med_data()'
check "a role without the grant cannot call tillat_borttagning_med_data(): 42501" '[ "$(sqlstate)" = 42501 ]' "$(cat $out/last.log)"
run -c 'REVOKE USAGE ON SCHEMA kommunrapport FROM kr_borttagning_roll' -c 'DROP ROLE kr_borttagning_roll'

run -c 'BEGIN' -c 'SELECT kommunrapport.tillat_borttagning_med_data()' -c 'ROLLBACK' -c 'DROP EXTENSION kommunrapport'
check "the permission ends with its transaction: a later DROP is refused again" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"
run -c 'BEGIN' -c 'SAVEPOINT s' -c 'SELECT kommunrapport.tillat_borttagning_med_data()' -c 'ROLLBACK TO SAVEPOINT s' \
    -c 'DROP EXTENSION kommunrapport'
check "a permission rolled back to a savepoint is gone: the DROP after it is refused" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"

# the setting the function uses permits nothing by itself, wherever it is set
run -c 'SET kommunrapport.borttagning_med_data = on' -c 'DROP EXTENSION kommunrapport'
check "SET of the setting alone does not permit the DROP (2BP01)" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"
run -c 'BEGIN' -c 'SET LOCAL kommunrapport.borttagning_med_data = on' -c 'DROP EXTENSION kommunrapport'
check "SET LOCAL of the setting in the DROP's transaction does not permit it (2BP01)" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"
run -c "ALTER DATABASE $db SET kommunrapport.borttagning_med_data = on"
run -c 'DROP EXTENSION kommunrapport'
check "the setting left in ALTER DATABASE ... SET does not permit it (2BP01)" '[ "$(sqlstate)" = 2BP01 ] && has_ext' "$(cat $out/last.log)"
run -c "ALTER DATABASE $db RESET kommunrapport.borttagning_med_data"

# a dump taken now restores everything
pg_dump -d "$db" -f "$out/dump.sql" > "$out/dump.log" 2>&1
check "pg_dump of the database succeeds" '[ $? = 0 ] && [ -s "$out/dump.sql" ]' "$(cat $out/dump.log)"

run -c 'BEGIN' -c 'SELECT kommunrapport.tillat_borttagning_med_data()' -c 'DROP EXTENSION kommunrapport' -c 'COMMIT'
log=$(cat "$out/last.log")
check "BEGIN; tillat_borttagning_med_data(); DROP EXTENSION; COMMIT drops it" '! has_ext' "$log"
check "the deliberate step warns that the report data goes with it" 'grep -q "WARNING: .*will delete every committee.s report data" "$out/last.log"' "$log"
check "the report tables are gone with it" '[ "$(val "SELECT count(*) FROM pg_class WHERE relname = '"'utfall'"'")" = 0 ]'

createdb "$db2"
psql -X -q -d "$db2" -v ON_ERROR_STOP=1 -f "$out/dump.sql" > "$out/restore.log" 2>&1
check "the dump restores into a new database" '[ $? = 0 ]' "$(tail -5 $out/restore.log)"
check "the restored database has the outcome rows as they were" \
	'[ "$(DB=$db2 val "SELECT count(*) || '"' '"' || sum(belopp) FROM kommunrapport.utfall")" = "$before" ]'
check "the restored database has the committee, unit and frame" \
	'[ "$(DB=$db2 val "SELECT concat((SELECT count(*) FROM kommunrapport.namnd), (SELECT count(*) FROM kommunrapport.enhet), (SELECT belopp FROM kommunrapport.budgetram))")" = "1125000.00" ]'
DB=$db2 run -c 'DROP EXTENSION kommunrapport'
check "the restored database is guarded as well" '[ "$(sqlstate)" = 2BP01 ]' "$(cat $out/last.log)"

# DROP OWNED BY the extension's owner would drop it too
db3=kr_borttagning_agare
dropdb --if-exists "$db3" > /dev/null 2>&1
createdb "$db3"
DB=$db3 run -c 'CREATE ROLE kr_borttagning_agare SUPERUSER NOLOGIN' -c 'SET ROLE kr_borttagning_agare' \
    -c 'CREATE EXTENSION kommunrapport' -c "INSERT INTO kommunrapport.namnd (kod, namn) VALUES ('A', 'A-nämnden')"
DB=$db3 run -c 'DROP OWNED BY kr_borttagning_agare'
check "DROP OWNED BY the extension's owner is refused (2BP01) while report data exists" \
	'[ "$(sqlstate)" = 2BP01 ] && DB=$db3 has_ext' "$(cat $out/last.log)"
DB=$db3 run -c 'CREATE ROLE kr_borttagning_annan NOLOGIN' -c 'DROP OWNED BY kr_borttagning_annan' -c 'DROP ROLE kr_borttagning_annan'
check "DROP OWNED BY another role is not the guard's business" '[ $? = 0 ] && DB=$db3 has_ext' "$(cat $out/last.log)"
dropdb "$db3" > /dev/null 2>&1
psql -X -q -d postgres -c 'DROP ROLE kr_borttagning_agare' > /dev/null 2>&1

# with the report tables emptied again, DROP EXTENSION is an ordinary DROP
DB=$db2 run -c 'SET search_path = kommunrapport' -c 'DELETE FROM utfall' -c 'DELETE FROM budgetram' \
    -c 'DELETE FROM enhet' -c 'DELETE FROM rad' -c 'DELETE FROM namnd' -c 'DROP EXTENSION kommunrapport'
check "once every report table is empty, DROP EXTENSION succeeds" '[ $? = 0 ] && ! DB=$db2 has_ext' "$(cat $out/last.log)"

dropdb --if-exists "$db" > /dev/null 2>&1
dropdb --if-exists "$db2" > /dev/null 2>&1
exit 0
