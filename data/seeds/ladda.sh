#!/usr/bin/env bash
# Load the seed reports' tables into kommunrapport's report tables, through
# the table reader (las_tabell), as the .map files say.  Only the report text
# and the maps are read, never the answer key (expected/): a data row the
# reader cannot settle is reported ("NOTICE:  utelämnad: ...", and in the
# closing report) and left out.
#
#   data/seeds/ladda.sh [psql connection options]      e.g.  data/seeds/ladda.sh -d budget
#
# The database must have the extension installed; it is created if missing.
# Loading twice changes nothing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# COPY text format: escape backslashes, tabs and carriage returns
emit() {
	awk -v fil="$1" '{ gsub(/\\/, "\\\\"); gsub(/\t/, "\\t"); gsub(/\r/, "\\r");
	                   print fil "\t" NR "\t" $0 }' "$here/$1"
}

{
	echo "BEGIN;"
	echo "CREATE TEMP TABLE seed_fil (fil text, nr integer, txt text) ON COMMIT DROP;"
	echo "COPY seed_fil FROM STDIN;"
	(cd "$here" && for f in [0-9]*.txt [0-9]*.map; do emit "$f"; done)
	echo '\.'
	cat "$here/ladda.sql" "$here/ladda_avstamning.sql" "$here/ladda_prognos.sql"
	echo "COMMIT;"
} | psql -X -q -v ON_ERROR_STOP=1 "$@"
