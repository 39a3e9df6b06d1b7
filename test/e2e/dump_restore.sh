#!/usr/bin/env bash
# End to end: a database with kommunrapport and data -- committees, units,
# report rows, outcome both monthly and year-to-date, budget versions with a
# profile, forecast rounds, a closed and a reopened period, a committee grant,
# change-log rows -- is dumped with pg_dump and restored with psql into a new
# database; the reports, the contents of every table registered with
# pg_extension_config_dump, the closed periods, the change log and the grants
# come back identical (the grants are memberships of roles, which the cluster
# keeps: under the same database name at once, under another through
# kopiera_behorighet()).
#
# Runs inside a throwaway cluster (PGHOST/PGPORT/PGUSER set, superuser) where
# the extension is installed:   pg_virtualenv -t -v 15 bash test/e2e/dump_restore.sh
# Prints TAP and always exits 0 (the runner counts "not ok").
#
# A plain `psql -f dump.sql` run by a superuser must restore faithfully:
# pg_dump's output turns row_security off, and while it does the extension's
# period lock and change log let the dumped rows in as they are (otherwise the
# change-log trigger would write new log rows whose ids collide with the
# restored log, and the period lock would refuse the outcome of closed months).
# The restore with session_replication_role=replica, which skips all triggers,
# is checked as well.

set -u
src=kr_e2e_dump
dst=kr_e2e_restore
plain=kr_e2e_plain
role=kr_e2e_roll
work=$(mktemp -d)
n=0

ok()   { n=$((n + 1)); echo "ok $n - $1"; }
nok()  { n=$((n + 1)); echo "not ok $n - $1"; }
check() { local desc=$1; shift; if "$@"; then ok "$desc"; else nok "$desc"; fi; }
diag() { sed 's/^/# /'; }
q()    { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
qa()   { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }

cleanup() {
	for db in $src $dst $plain; do dropdb --if-exists "$db" >/dev/null 2>&1; done
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" -c "DROP ROLE IF EXISTS \"kr_namnd A $src\"" -c "DROP ROLE IF EXISTS \"kr_namnd A $dst\"" >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
cleanup_before() {
	for db in $src $dst $plain; do dropdb --if-exists "$db" >/dev/null 2>&1; done
	psql -X -q -d postgres -c "DROP ROLE IF EXISTS $role" -c "DROP ROLE IF EXISTS \"kr_namnd A $src\"" -c "DROP ROLE IF EXISTS \"kr_namnd A $dst\"" >/dev/null 2>&1
}
cleanup_before

# --- the source database ------------------------------------------------------------
createdb "$src" && psql -X -q -d postgres -c "CREATE ROLE $role NOLOGIN" >/dev/null
q -d "$src" -f - > "$work/load.log" 2>&1 <<EOF
CREATE EXTENSION kommunrapport;
SET search_path = kommunrapport;

INSERT INTO namnd (kod, namn, kommun) VALUES
    ('A', 'Äldrenämnden', 'Exempelstad'), ('B', 'Barn- och utbildningsnämnden', 'Exempelstad');
INSERT INTO enhet (namnd, kod, namn, overordnad, typ, ordning) VALUES
    ('A', 'A0', 'Äldreomsorg', NULL, 'omrade', 1),
    ('A', 'A1', 'Hemtjänst', 'A0', 'verksamhet', 1),
    ('A', 'A2', 'Vårdboende', 'A0', 'verksamhet', 2),
    ('A', 'A9', 'Nämnd och förvaltning', NULL, 'verksamhet', 2),
    ('B', 'B1', 'Förskola', NULL, 'verksamhet', 1),
    ('B', 'B2', 'Grundskola Norr', NULL, 'intraprenad', 2);
INSERT INTO rad (kod, namn, slag, tecken, overordnad, ordning) VALUES
    ('RES', 'Resultat', 'resultat', 'resultat', NULL, 40),
    ('NETTO', 'Nettokostnad', 'nettokostnad', 'resultat', 'RES', 30),
    ('INT', 'Intäkter', 'intakt', 'resultat', 'NETTO', 10),
    ('KOST', 'Kostnader', 'kostnad', 'resultat', 'NETTO', 20),
    ('KB', 'Kommunbidrag', 'kommunbidrag', 'resultat', 'RES', 35);
INSERT INTO prognosomgang (ar, kod, namn, period, datum) VALUES
    (2024, 'APR', 'Prognos april', 'jan-apr 2024', '2024-05-10'),
    (2024, 'AUG', 'Prognos augusti', 'jan-aug 2024', '2024-09-12');

-- A: monthly outcome from the ERP, 2023 whole year and 2024 jan-aug
INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla)
SELECT 'A', e, r, period(y, m, m), round(sgn * (base + m * 123.45 + (y - 2023) * 500), 2)::belopp, 'ERP'
  FROM (VALUES ('A1', 'INT', 1, 20000), ('A1', 'KOST', -1, 180000), ('A2', 'INT', 1, 45000),
               ('A2', 'KOST', -1, 350000), ('A9', 'KOST', -1, 1000), ('A9', 'KB', 1, 560000)) v(e, r, sgn, base),
       generate_series(2023, 2024) y, generate_series(1, 12) m
 WHERE y = 2023 OR m <= 8;
-- B: year-to-date figures as published reports give them
INSERT INTO utfall (namnd, enhet, rad, period, belopp, kalla) VALUES
    ('B', 'B1', 'KOST', 'jan-apr 2023', '-400000', 'delårsrapport 2023'),
    ('B', 'B1', 'KOST', '2023', '-1200000', 'årsredovisning 2023'),
    ('B', 'B1', 'INT', '2023', '150000', 'årsredovisning 2023'),
    ('B', 'B2', 'KOST', '2023', '-2900000', 'årsredovisning 2023'),
    ('B', 'B1', 'KOST', 'jan-apr 2024', '-412345.67', 'tertialrapport 1'),
    ('B', 'B1', 'INT', 'jan-apr 2024', '50000', 'tertialrapport 1'),
    ('B', 'B2', 'KOST', 'jan-apr 2024', '-987654.32', 'tertialrapport 1'),
    ('B', 'B1', 'KOST', 'jan-aug 2024', '-834000.10', 'delårsrapport'),
    ('B', 'B1', 'INT', 'jan-aug 2024', '99000', 'delårsrapport'),
    ('B', 'B2', 'KOST', 'jan-aug 2024', '-1990000', 'delårsrapport');

-- budget: versions from 1 January, a frame change from 15 May, a seasonal profile,
-- a published year-to-date budget
SELECT satt_budget('A', 'A1', 'INT', '2024', '2024-01-01', '250000', NULL, 'KF 2023-11-20 § 201');
SELECT satt_budget('A', 'A1', 'KOST', '2024', '2024-01-01', '-2200000', NULL, 'KF 2023-11-20 § 201');
SELECT satt_budget('A', 'A2', 'INT', '2024', '2024-01-01', '560000', NULL, 'KF 2023-11-20 § 201');
SELECT satt_budget('A', 'A2', 'KOST', '2024', '2024-01-01', '-4300000',
                   ARRAY[1, 1, 1, 1, 1, 1.5, 2, 1, 1, 1, 1, 1]::numeric[], 'KF 2023-11-20 § 201');
SELECT satt_budget('A', 'A9', 'KOST', '2024', '2024-01-01', '-15000', NULL, 'KF 2023-11-20 § 201');
SELECT satt_budget('A', 'A9', 'KB', '2024', '2024-01-01', '6800000', NULL, 'KF 2023-11-20 § 201');
SELECT satt_budget('A', 'A1', 'KOST', '2024', '2024-05-15', '-2255000', NULL, 'KF 2024-05-14 § 88 ramjustering');
SELECT satt_budget('A', 'A9', 'KB', '2024', '2024-05-15', '6855000', NULL, 'KF 2024-05-14 § 88 ramjustering');
SELECT satt_budget('B', 'B1', 'INT', '2024', '2024-01-01', '150000', NULL, 'KF 2023-11-20 § 202');
SELECT satt_budget('B', 'B1', 'KOST', '2024', '2024-01-01', '-2500000', NULL, 'KF 2023-11-20 § 202');
SELECT satt_budget('B', 'B2', 'KOST', '2024', '2024-01-01', '-6000000', NULL, 'KF 2023-11-20 § 202');
SELECT satt_budget('B', 'B2', 'KOST', 'jan-apr 2024', '2024-01-01', '-2100000', NULL, 'periodiserad budget T1');
-- a corrected figure: an UPDATE in the change log
SELECT satt_budget('A', 'A1', 'INT', '2024', '2024-01-01', '260000', NULL, 'KF 2023-11-20 § 201');

-- forecasts by the staging table
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('A', 'A1', 'INT', 2024, 'APR', '255000'), ('A', 'A1', 'KOST', 2024, 'APR', '-2230000'),
    ('A', 'A2', 'KOST', 2024, 'APR', '-4350000'), ('A', 'A9', 'KB', 2024, 'APR', '6800000'),
    ('B', 'B1', 'KOST', 2024, 'APR', '-2550000'), ('B', 'B2', 'KOST', 2024, 'APR', '-6100000'),
    ('A', 'A1', 'KOST', 2024, 'AUG', '-2260000'), ('A', 'A2', 'KOST', 2024, 'AUG', '-4400000'),
    ('A', 'A9', 'KB', 2024, 'AUG', '6855000'),
    ('B', 'B1', 'KOST', 2024, 'AUG', '-2600000'), ('B', 'B1', 'INT', 2024, 'AUG', '140000'),
    ('B', 'B2', 'KOST', 2024, 'AUG', '-6050000');
SELECT count(*) FROM las_in_prognos();
-- a reload of B's August round without B1/INT: a DELETE in the change log
INSERT INTO inlasning_prognos (namnd, enhet, rad, ar, omgang, belopp) VALUES
    ('B', 'B1', 'KOST', 2024, 'AUG', '-2610000'), ('B', 'B2', 'KOST', 2024, 'AUG', '-6050000');
SELECT count(*) FROM las_in_prognos();

-- period close: A jan-apr closed; B jan-apr closed and April reopened
SELECT stang_period('A', 'jan-apr 2024');
SELECT stang_period('B', 'jan-apr 2024');
SELECT oppna_period('B', '2024-04', 'Sen faktura från Skolverket, beslut förvaltningschef 2024-05-21');

-- a committee grant, and the table privileges it needs
SELECT bevilja('$role', 'A');
GRANT USAGE ON SCHEMA kommunrapport TO $role;
GRANT SELECT ON namnd, enhet, rad, utfall, budget, prognos, prognosomgang, andringslogg,
                senaste_period, driftsammandrag_senaste, budget_gallande, utfall_manad TO $role;
EOF
rc=$?
check "source database $src: the extension and the data load without error" test $rc -eq 0
[ $rc -ne 0 ] && diag < "$work/load.log"

# What a database looks like, in files: the reports and the content of every
# table and sequence registered with pg_extension_config_dump.
snapshot() {
	local db=$1 out=$2
	qa -F '|' -d "$db" -c "SELECT * FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024') ORDER BY sortering" > "$out.ds_apr" 2>&1
	qa -F '|' -d "$db" -c "SELECT * FROM kommunrapport.driftsammandrag(2024, 'jan-aug 2024') ORDER BY sortering" > "$out.ds_aug" 2>&1
	qa -F '|' -d "$db" > "$out.tables" 2>&1 <<'EOF'
SELECT format('SELECT %L, count(*), md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) FROM %s t',
              c::regclass, c::regclass)
  FROM pg_extension e CROSS JOIN LATERAL unnest(e.extconfig) c JOIN pg_class k ON k.oid = c
 WHERE e.extname = 'kommunrapport' AND k.relkind = 'r' ORDER BY 1 \gexec
SELECT format('SELECT %L, last_value, is_called FROM %s', c::regclass, c::regclass)
  FROM pg_extension e CROSS JOIN LATERAL unnest(e.extconfig) c JOIN pg_class k ON k.oid = c
 WHERE e.extname = 'kommunrapport' AND k.relkind = 'S' ORDER BY 1 \gexec
EOF
	# counts alone, for the messages
	cut -d'|' -f1,2 "$out.tables" > "$out.counts"
}
snapshot "$src" "$work/src"

check "source: driftsammandrag jan-apr 2024 has rows of both committees" \
	test "$(cut -d'|' -f1 "$work/src.ds_apr" | sort -u | tr '\n' ' ')" = "A B "
check "source: driftsammandrag jan-aug 2024 has rows of both committees" \
	test "$(cut -d'|' -f1 "$work/src.ds_aug" | sort -u | tr '\n' ' ')" = "A B "
# by hand: A1/KOST 2024 months are -(180000 + m*123.45 + 500); jan-apr = -(4*180500 + 10*123.45) = -723234.50
check "source: A/A1/Kostnader outcome jan-apr 2024 is -723234.50 (computed by hand)" \
	test "$(qa -d "$src" -c "SELECT utfall FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024', 'A') WHERE enhet = 'A1' AND rad = 'KOST'")" = "-723234.50"
echo "# source config tables (table|rows):"; diag < "$work/src.counts"
check "source: every table this test fills has rows (namnd, enhet, rad, prognosomgang, utfall, budget, prognos, stangd_manad, stangningslogg, andringslogg)" \
	test "$(grep -cE '^kommunrapport\.(namnd|enhet|rad|prognosomgang|utfall|budget|prognos|stangd_manad|stangningslogg|andringslogg)\|[1-9]' "$work/src.counts")" = 10
check "source: the grant is membership of the role \"kr_namnd A $src\" (roles are the cluster's, not the dump's)" \
	test "$(qa -d "$src" -c "SELECT string_agg(g.rolname || '>' || r.rolname, ',') FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = '$role'")" = "kr_namnd A $src>$role"
# (kontomappning_standard is the shipped Kommun-Bas default that the install
# script fills; a municipality's own map is kontomappning, which is dumped)
check "source: the tables not registered for pg_dump are exactly the two staging tables and the shipped default account map" \
	test "$(qa -d "$src" -c "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
	        WHERE d.refclassid = 'pg_extension'::regclass AND d.classid = 'pg_class'::regclass AND d.deptype = 'e'
	          AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'kommunrapport')
	          AND c.relkind = 'r'
	          AND c.oid <> ALL ((SELECT extconfig FROM pg_extension WHERE extname = 'kommunrapport')::oid[])")" = "inlasning_prognos,inlasning_utfall,kontomappning_standard"

# --- dump -------------------------------------------------------------------------
pg_dump -d "$src" -f "$work/dump.sql" 2> "$work/dump.err"
check "pg_dump of $src succeeds" test $? -eq 0 -a -s "$work/dump.sql"
check "the dump carries the rows of the config tables (COPY kommunrapport.utfall, budget, prognos, andringslogg, stangd_manad)" \
	test "$(grep -cE '^COPY kommunrapport\.(utfall|budget|prognos|andringslogg|stangd_manad) ' "$work/dump.sql")" = 5

# --- a plain restore: find out what the triggers do to it --------------------------------
createdb "$plain"
psql -X -q -d "$plain" -f "$work/dump.sql" > "$work/plain.out" 2> "$work/plain.err"
snapshot "$plain" "$work/plain"
errors=$(grep -c 'ERROR' "$work/plain.err")
closed=$(grep -c 'is closed for committee' "$work/plain.err")
differ=$(join -t'|' "$work/src.counts" "$work/plain.counts" | awk -F'|' '$2 != $3 { printf "%s%s %s->%s", sep, $1, $2, $3; sep = ", " }')
if cmp -s "$work/src.tables" "$work/plain.tables" && cmp -s "$work/src.ds_apr" "$work/plain.ds_apr" && [ "$errors" -eq 0 ]; then
	ok "a plain psql -f restore is faithful: the period lock and the change log step aside while pg_dump's output (row_security off, superuser) loads"
else
	nok "a plain psql -f restore is NOT faithful: $errors errors, $closed from the period-close trigger; row counts source->restored: ${differ:-none differ (contents do)}; so the restore below runs with session_replication_role=replica"
	grep 'ERROR' "$work/plain.err" | sort | uniq -c | diag
fi
dropdb "$plain"

# --- the restore a DBA does ----------------------------------------------------------------
createdb "$dst"
PGOPTIONS='-c session_replication_role=replica' \
	psql -X -q -v ON_ERROR_STOP=1 -d "$dst" -f "$work/dump.sql" > "$work/restore.out" 2> "$work/restore.err"
rc=$?
check "restore into $dst with session_replication_role=replica and ON_ERROR_STOP succeeds" test $rc -eq 0
[ $rc -ne 0 ] && diag < "$work/restore.err"
snapshot "$dst" "$work/dst"

check "driftsammandrag(2024, jan-apr 2024) is identical after the restore ($(wc -l < "$work/src.ds_apr") rows)" \
	cmp -s "$work/src.ds_apr" "$work/dst.ds_apr"
check "driftsammandrag(2024, jan-aug 2024) is identical after the restore ($(wc -l < "$work/src.ds_aug") rows)" \
	cmp -s "$work/src.ds_aug" "$work/dst.ds_aug"
check "row counts of every config table are identical" cmp -s "$work/src.counts" "$work/dst.counts"
check "contents (md5 of every row) of every config table and the log sequences are identical" \
	cmp -s "$work/src.tables" "$work/dst.tables"
diff "$work/src.tables" "$work/dst.tables" | diag

check "the change log was not doubled: andringslogg has as many rows as in the source" \
	test "$(qa -d "$src" -c 'SELECT count(*) FROM kommunrapport.andringslogg')" = "$(qa -d "$dst" -c 'SELECT count(*) FROM kommunrapport.andringslogg')"
check "the close log has the close of A, the close of B and B's reopening with its reason" \
	test "$(qa -d "$dst" -c "SELECT string_agg(handelse || ' ' || namnd || ' ' || period || ' ' || coalesce(motivering, '-'), '; ' ORDER BY id) FROM kommunrapport.stangningslogg")" \
	   = "stangd A 2024-01..2024-04 -; stangd B 2024-01..2024-04 -; oppnad B 2024-04..2024-04 Sen faktura från Skolverket, beslut förvaltningschef 2024-05-21"

# the closed period is still closed, the reopened month open, in an ordinary session
out=$(psql -X -q -d "$dst" -c "SET search_path = kommunrapport; UPDATE utfall SET belopp = '1' WHERE namnd = 'A' AND period = '2024-02'" 2>&1)
check "restored: A's closed February cannot be changed (period close holds)" \
	grep -q 'period 2024-02..2024-02 is closed for committee "A"' <<< "$out"
out=$(psql -X -q -d "$dst" -c "DELETE FROM kommunrapport.prognos WHERE namnd = 'A' AND omgang = 'APR'" 2>&1)
check "restored: A's April forecast round cannot be deleted" grep -q 'is closed for committee "A"' <<< "$out"
out=$(psql -X -q -d "$dst" -c "SELECT kommunrapport.satt_budget('B', 'B1', 'KOST', '2024', '2024-01-01', '-2500001')" 2>&1)
check "restored: B's 1 January budget version is still locked by jan-mar" \
	grep -q 'period 2024-01..2024-03 is closed for committee "B"' <<< "$out"

# the change log goes on where it stopped: the next id follows the restored ones
before=$(qa -d "$dst" -c 'SELECT max(id) FROM kommunrapport.andringslogg')
out=$(psql -X -q -v ON_ERROR_STOP=1 -d "$dst" -c "SELECT kommunrapport.satt_budget('A', 'A1', 'INT', '2024', '2024-06-01', '270000', NULL, 'KS 2024-05-30')" 2>&1)
check "restored: a new budget version of A can be added (June is open)" test $? -eq 0
after=$(qa -d "$dst" -c "SELECT string_agg(id || ' ' || operation || ' ' || (efter->>'belopp'), ',') FROM kommunrapport.andringslogg WHERE id > $before")
check "restored: it is logged once, with the next id after the restored log ($before + 1)" \
	test "$after" = "$((before + 1)) INSERT 270000.00"

# the committee grants: the roles name the source database, so a copy under
# another name grants nothing until kopiera_behorighet() copies them; the
# table privileges are in the dump
check "restored under another name: $role sees nothing yet (its role grants A of $src)" \
	test "$(qa -d "$dst" -c "SET ROLE $role; SELECT count(*) FROM kommunrapport.utfall")" = "0"
check "restored: kopiera_behorighet('$src') grants A to $role here, and says so" \
	test "$(qa -F '|' -d "$dst" -c "SELECT roll, namnd FROM kommunrapport.kopiera_behorighet('$src')")" = "$role|A"
check "restored: after the copy $role is granted A, and sees only A's outcome and budget" \
	test "$(qa -d "$dst" -c "SET ROLE $role; SELECT (SELECT string_agg(DISTINCT namnd, ',') FROM kommunrapport.utfall) || '/' || (SELECT string_agg(DISTINCT namnd, ',') FROM kommunrapport.budget)")" = "A/A"
check "restored: $role reads driftsammandrag of A only, with the superuser's figures" \
	test "$(qa -F '|' -d "$dst" -c "SET ROLE $role; SELECT * FROM kommunrapport.driftsammandrag(2024, 'jan-apr 2024') ORDER BY sortering" | md5sum)" \
	   = "$(grep '^A|' "$work/src.ds_apr" | md5sum)"

# restored under its own name (the database dropped and made again, the
# roles kept, as after pg_dumpall --roles-only into a new cluster): the grant
# holds at once
dropdb "$src" && createdb "$src"
PGOPTIONS='-c session_replication_role=replica' \
	psql -X -q -v ON_ERROR_STOP=1 -d "$src" -f "$work/dump.sql" > "$work/restore2.out" 2> "$work/restore2.err"
check "restored under its own name: $role is granted A at once, and sees only A's outcome and budget" \
	test "$(qa -d "$src" -c "SET ROLE $role; SELECT (SELECT string_agg(DISTINCT namnd, ',') FROM kommunrapport.utfall) || '/' || (SELECT string_agg(DISTINCT namnd, ',') FROM kommunrapport.budget)")" = "A/A"

echo "1..$n"
exit 0
