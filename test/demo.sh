#!/usr/bin/env bash
# make demo: start a throwaway cluster, load the seed reports' tables through
# the table reader, and print what kommunrapport computes from them.
# The extension must be installed (make demo does that first).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--in-cluster" ]; then
	. test/cluster.sh
	in_cluster "$0" --in-cluster
	exit $?
fi
echo "== Loading the seed reports' tables (data/seeds/ladda.sh) =="
data/seeds/ladda.sh
psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f test/demo.sql
echo
echo "== Balance requirement, RUR, comments and measures (test/demo_balanskrav.sql) =="
psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f test/demo_balanskrav.sql
