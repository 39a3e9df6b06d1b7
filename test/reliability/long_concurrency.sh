#!/usr/bin/env bash
# The long concurrency runs (make test-long), each in its own throwaway
# cluster, with test/e2e/concurrency.sh and its pgbench scripts:
#
#   concurrency-long         16 clients, each its own committee, for
#                            LONG_CONCURRENCY_SECONDS (default 600)
#   concurrency-shared-long  16 clients, two to a committee (8 committees), so
#                            that loads of the same committee month overlap,
#                            for LONG_SHARED_SECONDS (default 120)
#
# Prints the TAP of both; the figures go to test/RELIABILITY.md under those
# section names.  Logs: results/concurrency-long/, results/concurrency-shared-long/.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
. "$top/test/cluster.sh"
DURATION=${LONG_CONCURRENCY_SECONDS:-600} SECTION=concurrency-long \
	in_cluster bash "$top/test/e2e/concurrency.sh"
DURATION=${LONG_SHARED_SECONDS:-120} KOMM=8 SECTION=concurrency-shared-long \
	in_cluster bash "$top/test/e2e/concurrency.sh"
