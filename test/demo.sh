#!/usr/bin/env bash
# make demo: start a throwaway cluster, load the seed reports' table text and
# print what kommunrapport computes from it.  The extension must be installed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--in-cluster" ]; then
	exec pg_virtualenv -t -v 15 "$0" --in-cluster
fi
psql -X -q -v ON_ERROR_STOP=1 -P footer=off -f test/demo.sql
