#!/usr/bin/env bash
# The upgrade chain: a database created at every released version and brought
# up with ALTER EXTENSION ... UPDATE must equal a fresh install of the current
# version -- the same catalog (pg_dump --binary-upgrade --schema-only lists
# every member object of the extension with its full definition) and the same
# reports over the same data.  Prints TAP.
#
# Released versions are the install scripts under version control in sql/;
# the current one is default_version in kommunrapport.control.
set -uo pipefail
cd "$(dirname "$0")/../.."
top=$(pwd)
out=$top/results/upgrade
mkdir -p "$out"

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" kommunrapport.control)
released=()
for f in $(git ls-files 'sql/kommunrapport--*.sql' 2>/dev/null || ls sql/kommunrapport--*.sql); do
	v=${f#sql/kommunrapport--}; v=${v%.sql}
	case $v in *--*) continue ;; esac
	[ "$v" = "$current" ] || released+=("$v")
done

psqlq() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# The catalog as pg_dump sees it, without what differs between any two
# databases whatever their history: OIDs, transaction ids, the restrict key.
catalog() {
	pg_dump --binary-upgrade --schema-only "$1" 2> "$out/$1.pg_dump.err" |
		sed -E -e '/^\\(un)?restrict /d' \
		       -e '/binary_upgrade_set_(next|missing|record_init)/d' \
		       -e "s/relfrozenxid = '[0-9]+', relminmxid = '[0-9]+'/relfrozenxid = X, relminmxid = X/" \
		       -e "s/WHERE oid = '[0-9]+'/WHERE oid = X/" \
		       -e "s/(binary_upgrade_create_empty_extension\('kommunrapport', 'kommunrapport', false, '[^']*', )'\{[0-9,]*\}'/\1'{X}'/" \
		       -e '/^-- set missing value\.$/d' |
		# a column the update added with a default keeps that default as the
		# rows' "missing value" (no rewrite): storage, not definition; its
		# lines go above, and the blank lines they leave here
		cat -s
}

# The reports over the seed data, as text.
reports() {
	psql -X -q -A -d "$1" -v ON_ERROR_STOP=1 <<'SQL'
SET search_path = kommunrapport, public;
SELECT * FROM driftsammandrag(2023, 'jan-maj 2023', 'LKP-AN');
SELECT * FROM driftsammandrag(2024, 'jan-aug 2024', 'ALS-VON');
SELECT * FROM driftsammandrag(2024, 'jan-sep 2024', 'AVON-2024');
SELECT * FROM driftsammandrag_avrundad(2021, 'jan-aug 2021', 'ORE-SV', 'mnkr', 1);
SELECT * FROM prognosforandringar(2024, 'aug', 'ALS-VON');
SELECT * FROM prognosforandringar(2024, 'sep', 'AVON-2024');
SELECT * FROM avstamning(2023, 'jan-maj 2023', 'LKP-AN');
SELECT * FROM avstamning(2023, '2023', 'HBG-VON');
SELECT * FROM avstamning(2024, 'jan-aug 2024', 'ALS-VON');
SELECT * FROM avstamning(2024, 'jan-sep 2024', 'AVON-2024');
SELECT * FROM avstamning(2021, 'jan-aug 2021', 'ORE-SV');
SQL
}

echo "1..$(( 2 + 8 * ${#released[@]} ))"
n=0
ok()     { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }

fresh=kr_upgrade_fresh
dropdb --if-exists "$fresh" > /dev/null 2>&1
createdb "$fresh"
if psqlq -d "$fresh" -c 'CREATE EXTENSION kommunrapport' > "$out/fresh.log" 2>&1 &&
   [ "$(psql -X -tA -d "$fresh" -c "SELECT extversion FROM pg_extension WHERE extname = 'kommunrapport'")" = "$current" ]; then
	ok "a fresh install is version $current"
else
	not_ok "a fresh install is version $current" "$(cat "$out/fresh.log")"
fi
data/seeds/ladda.sh -d "$fresh" > "$out/fresh.load.log" 2>&1
catalog "$fresh" > "$out/fresh.catalog"
reports "$fresh" > "$out/fresh.reports" 2>&1
if [ "$(grep -c . "$out/fresh.reports")" -gt 100 ] && ! grep -q ERROR "$out/fresh.reports"; then
	ok "the fresh install reports on the seed data ($(grep -c . "$out/fresh.reports") lines)"
else
	not_ok "the fresh install reports on the seed data" "$(head -5 "$out/fresh.reports")" "$(tail -5 "$out/fresh.load.log")"
fi

for v in "${released[@]}"; do
	db=kr_upgrade_from_${v//./_}
	dropdb --if-exists "$db" > /dev/null 2>&1
	createdb "$db"
	# the data is loaded while the old version is installed, then upgraded
	if psqlq -d "$db" -c "CREATE EXTENSION kommunrapport VERSION '$v'" > "$out/$v.log" 2>&1 &&
	   data/seeds/ladda.sh -d "$db" >> "$out/$v.log" 2>&1 &&
	   psqlq -d "$db" -c 'ALTER EXTENSION kommunrapport UPDATE' >> "$out/$v.log" 2>&1 &&
	   [ "$(psql -X -tA -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'kommunrapport'")" = "$current" ]; then
		ok "$v with the seed data loaded updates to $current"
	else
		not_ok "$v with the seed data loaded updates to $current" "$(tail -20 "$out/$v.log")"
	fi

	# the new library under the old version's SQL definitions (installed,
	# ALTER EXTENSION UPDATE not yet run): the table reader, whose result
	# gained a column, returns the old shape (expected figures typed from the line)
	odb=kr_upgrade_library_${v//./_}
	dropdb --if-exists "$odb" > /dev/null 2>&1
	createdb "$odb"
	got=$(psqlq -d "$odb" -tA -F'|' 2>&1 <<SQL
CREATE EXTENSION kommunrapport VERSION '$v';
SELECT varden, entydig FROM kommunrapport.las_tabellrad('509 - Hemtjänst 187 187 0 191', 4);
SELECT count(*), string_agg(varden::text, ';' ORDER BY rad)
  FROM kommunrapport.las_tabell(E'Intäkter 1 634 1 500 134\nKostnader -2 000 -1 900 -100', 3, ARRAY['3 = 1 - 2']);
SQL
)
	want=$(printf '%s\n' '{187,187,0,191}|t' '2|{1634,1500,134};{-2000,-1900,-100}')
	if [ "$got" = "$want" ]; then
		ok "the $current library under $v's SQL definitions reads tables as $v did"
	else
		not_ok "the $current library under $v's SQL definitions reads tables as $v did" "got: $got" "want: $want"
	fi
	[ -n "${KEEP:-}" ] || { psql -X -q -d postgres -c "DROP DATABASE $odb" > /dev/null 2>&1; }

	# both hold the same seed data: the schema-only dump compares definitions
	# (and sequence positions), not rows
	catalog "$db" > "$out/$v.catalog"
	if [ -s "$out/$v.catalog" ] && diff -u "$out/fresh.catalog" "$out/$v.catalog" > "$out/$v.catalog.diff"; then
		ok "$v updated to $current has the catalog of a fresh install ($(wc -l < "$out/fresh.catalog") lines of pg_dump)"
	else
		not_ok "$v updated to $current has the catalog of a fresh install" "$(head -60 "$out/$v.catalog.diff")"
	fi

	reports "$db" > "$out/$v.reports" 2>&1
	if [ "$(grep -c . "$out/$v.reports")" -gt 100 ] && ! grep -q ERROR "$out/$v.reports" &&
	   diff -u "$out/fresh.reports" "$out/$v.reports" > "$out/$v.reports.diff"; then
		ok "$v updated to $current gives the reports of a fresh install"
	else
		not_ok "$v updated to $current gives the reports of a fresh install" "$(head -40 "$out/$v.reports.diff")"
	fi

	# the stored rows came through the update unchanged (the frame ledger
	# without its registration time, which differs between the two loads)
	rows() {
		psql -X -tA -d "$1" <<'SQL'
SELECT 'utfall', count(*), md5(string_agg(r::text, ',' ORDER BY r::text)) FROM kommunrapport.utfall r;
SELECT 'budget', count(*), md5(string_agg(r::text, ',' ORDER BY r::text)) FROM kommunrapport.budget r;
SELECT 'prognos', count(*), md5(string_agg(r::text, ',' ORDER BY r::text)) FROM kommunrapport.prognos r;
SELECT 'ramjustering', count(*), md5(string_agg(x, ',' ORDER BY x))
  FROM (SELECT concat_ws('|', namnd, ar, datum, belopp, slag, beslutsorgan, beslut, kommentar) AS x
          FROM kommunrapport.ramjustering) r;
SQL
	}
	rows "$fresh" > "$out/fresh.rows" 2>&1
	rows "$db" > "$out/$v.rows" 2>&1
	if [ "$(grep -c '^[a-z]*|[1-9]' "$out/fresh.rows")" = 4 ] && diff -u "$out/fresh.rows" "$out/$v.rows" > /dev/null; then
		ok "$v updated to $current holds the same outcome, budget, forecast and frame rows"
	else
		not_ok "$v updated to $current holds the same outcome, budget, forecast and frame rows" "$(paste "$out/fresh.rows" "$out/$v.rows")"
	fi
	[ -n "${KEEP:-}" ] || { psql -X -q -d postgres -c "DROP DATABASE $db" > /dev/null 2>&1; }

	# grants of the old version, one of a role dropped before the update: the
	# update keeps the living grant (as membership of the committee's role now)
	# and removes the dead one, saying so
	gdb=kr_upgrade_grants_${v//./_}
	dropdb --if-exists "$gdb" > /dev/null 2>&1
	createdb "$gdb"
	psql -X -q -d postgres -c 'DROP ROLE IF EXISTS kr_upg_lever' -c 'DROP ROLE IF EXISTS kr_upg_borta' > /dev/null 2>&1
	psqlq -d "$gdb" > "$out/$v.grants.log" 2>&1 <<SQL
CREATE EXTENSION kommunrapport VERSION '$v';
INSERT INTO kommunrapport.namnd (kod, namn) VALUES ('A', 'A-nämnden'), ('B', 'B-nämnden');
CREATE ROLE kr_upg_lever;
CREATE ROLE kr_upg_borta;
SELECT kommunrapport.bevilja('kr_upg_lever', 'A');
SELECT kommunrapport.bevilja('kr_upg_borta', 'B');
DROP ROLE kr_upg_borta;
ALTER EXTENSION kommunrapport UPDATE;
SQL
	if grep -q 'removing the grant of committee "B" to role "kr_upg_borta", which no longer exists' "$out/$v.grants.log"; then
		ok "$v updated to $current: a grant of a role dropped before the update is removed, with a WARNING (extension scripts do not show NOTICEs)"
	else
		not_ok "$v updated to $current: a grant of a role dropped before the update is removed, with a WARNING (extension scripts do not show NOTICEs)" "$(tail -5 "$out/$v.grants.log")"
	fi
	g=$(psql -X -tA -d "$gdb" -c "SELECT string_agg(roll::text || '/' || namnd || '/' || pg_typeof(roll)::text, ',') FROM kommunrapport.behorighet" 2>&1)
	if [ "$g" = "kr_upg_lever/A/regrole" ]; then
		ok "$v updated to $current: the living grant is kept (behorighet lists it)"
	else
		not_ok "$v updated to $current: the living grant is kept (behorighet lists it)" "$g"
	fi
	# the grant is the membership of the committee's role, read from the catalog
	m=$(psql -X -tA -d "$gdb" -c "SELECT string_agg(g.rolname || ' > ' || r.rolname, ',') FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles r ON r.oid = a.member WHERE g.rolname LIKE 'kr\\_namnd %' AND g.rolname LIKE '% $gdb'" 2>&1)
	if [ "$m" = "kr_namnd A $gdb > kr_upg_lever" ]; then
		ok "$v updated to $current: the grant is membership of the role \"kr_namnd A $gdb\", and the dead grant made none"
	else
		not_ok "$v updated to $current: the grant is membership of the role \"kr_namnd A $gdb\", and the dead grant made none" "$m"
	fi
	psql -X -q -d postgres -c "DROP DATABASE $gdb" -c 'DROP ROLE IF EXISTS kr_upg_lever' -c "DROP ROLE IF EXISTS \"kr_namnd A $gdb\"" > /dev/null 2>&1
done
[ -n "${KEEP:-}" ] || psql -X -q -d postgres -c "DROP DATABASE $fresh" > /dev/null 2>&1
exit 0
