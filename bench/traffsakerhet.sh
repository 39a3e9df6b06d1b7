#!/bin/bash
# bench/traffsakerhet.sh -- what keeping prognostraffsakerhet's state as a
# value (bytea, 0.2.0) costs against the internal state of 0.1.0.
#
#   PGHOST=... PGPORT=... PGUSER=... nice bench/traffsakerhet.sh [PAIRS]   (default 5000000)
#
# Against a running server with the extension installed (a superuser).  In a
# scratch database it creates kommunrapport, and beside it, in schema
# gammal, the 0.1.0 form of the aggregate over belopp from the functions the
# library still has for the 0.1.0 definitions (internal state, serialised for
# parallel workers).  Over one table of PAIRS (forecast, outcome) pairs it
# checks that both give the same result, then times, serially
# (max_parallel_workers_per_gather = 0), five interleaved rounds of: a count
# (the scan alone), the 0.1.0 aggregate, the 0.2.0 aggregate.  Prints the
# medians and the ratios; only the ratios mean anything.
set -euo pipefail
pairs=${1:-5000000}
db=kr_bench_traffsakerhet
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"' EXIT
psql -X -q -v ON_ERROR_STOP=1 -d $db <<SQL
CREATE EXTENSION kommunrapport;
CREATE SCHEMA gammal;
SET search_path = kommunrapport, pg_catalog;
CREATE FUNCTION gammal.accum(internal, belopp, belopp) RETURNS internal
    AS '\$libdir/kommunrapport', 'prognostraffsakerhet_belopp_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION gammal.combine(internal, internal) RETURNS internal
    AS '\$libdir/kommunrapport', 'prognostraffsakerhet_belopp_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION gammal.serialize(internal) RETURNS bytea
    AS '\$libdir/kommunrapport', 'prognostraffsakerhet_belopp_serialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION gammal.deserialize(bytea, internal) RETURNS internal
    AS '\$libdir/kommunrapport', 'prognostraffsakerhet_belopp_deserialize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION gammal.final(internal) RETURNS traffsakerhet
    AS '\$libdir/kommunrapport', 'prognostraffsakerhet_belopp_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE gammal.prognostraffsakerhet(belopp, belopp) (
    SFUNC = gammal.accum, STYPE = internal, SSPACE = 96, FINALFUNC = gammal.final,
    COMBINEFUNC = gammal.combine, SERIALFUNC = gammal.serialize, DESERIALFUNC = gammal.deserialize,
    PARALLEL = SAFE);
CREATE UNLOGGED TABLE public.par AS
SELECT ((i % 100003) * 100 + 1)::bigint::text::belopp AS prognos,
       ((i % 77777) * 100 - 5)::bigint::text::belopp AS utfall
  FROM generate_series(1, $pairs) i;
VACUUM ANALYZE public.par;
SQL
same=$(psql -X -A -t -q -d $db -c "SET max_parallel_workers_per_gather = 0" -c "SELECT (SELECT gammal.prognostraffsakerhet(prognos, utfall) FROM public.par)::text = (SELECT kommunrapport.prognostraffsakerhet(prognos, utfall) FROM public.par)::text")
# time_ms SQL: the duration psql reports for one run of SQL
time_ms() {
	psql -X -A -t -d $db -c "SET max_parallel_workers_per_gather = 0" -c '\timing on' -c "$1" |
		sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p'
}
: > /tmp/kr_bench_traffsakerhet.$$
for round in 1 2 3 4 5; do
	echo "scan $(time_ms 'SELECT count(*) FROM public.par')" >> /tmp/kr_bench_traffsakerhet.$$
	echo "v010 $(time_ms 'SELECT gammal.prognostraffsakerhet(prognos, utfall) IS NULL FROM public.par')" >> /tmp/kr_bench_traffsakerhet.$$
	echo "v020 $(time_ms 'SELECT kommunrapport.prognostraffsakerhet(prognos, utfall) IS NULL FROM public.par')" >> /tmp/kr_bench_traffsakerhet.$$
done
median() { grep "^$1 " /tmp/kr_bench_traffsakerhet.$$ | cut -d' ' -f2 | sort -n | sed -n 3p; }
scan=$(median scan); v010=$(median v010); v020=$(median v020)
rm -f /tmp/kr_bench_traffsakerhet.$$
echo "pairs=$pairs same_result=$same"
echo "scan_ms=$scan internal_state_ms=$v010 bytea_state_ms=$v020"
awk -v s=$scan -v a=$v010 -v b=$v020 'BEGIN { printf "bytea/internal=%.2f aggregate_only_bytea/internal=%.2f\n", b / a, (b - s) / (a - s) }'
