# Sourced by test/citus/run.sh: throwaway PostgreSQL 15 clusters on free
# ports under one temporary directory, reached over Unix sockets in that
# directory and 127.0.0.1, removed again when the script exits.
#
#   start_cluster NAME [postgresql.conf lines...]   sets NAME_PORT; socket dir $CLUSTER_BASE
#   stop_clusters                                    stops and removes every one of them
#
# As root, initdb and the servers run as the postgres user.  Each cluster
# trusts local and loopback connections: it lives only as long as the test
# and listens on 127.0.0.1 only.

PG_BIN=${PG_BIN:-$(dirname "${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}")}
CLUSTER_BASE=$(mktemp -d "${TMPDIR:-/tmp}/kr-citus.XXXXXX")
chmod 755 "$CLUSTER_BASE"
CLUSTERS=()

if [ "$(id -u)" = 0 ]; then
	chown postgres: "$CLUSTER_BASE"
	as_pg() { runuser -u postgres -- "$@"; }
else
	as_pg() { "$@"; }
fi

free_port() {
	local port=$(( 20000 + RANDOM % 20000 ))
	while [ -e "/var/run/postgresql/.s.PGSQL.$port" ] || [ -e "$CLUSTER_BASE/.s.PGSQL.$port" ] \
		|| (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		port=$(( port + 1 ))
	done
	echo "$port"
}

start_cluster() {
	local name=$1; shift
	local dir=$CLUSTER_BASE/$name port
	port=$(free_port)
	as_pg "$PG_BIN/initdb" -D "$dir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 > "$CLUSTER_BASE/$name.initdb.log" 2>&1 \
		|| { cat "$CLUSTER_BASE/$name.initdb.log" >&2; return 1; }
	{
		echo "port = $port"
		echo "listen_addresses = '127.0.0.1'"
		echo "unix_socket_directories = '$CLUSTER_BASE'"
		echo "fsync = off"
		echo "synchronous_commit = off"
		echo "full_page_writes = off"
		echo "max_connections = 200"
		echo "shared_buffers = 128MB"
		echo "max_prepared_transactions = 100"
		echo "lc_messages = 'C'"
		for line in "$@"; do echo "$line"; done
	} | as_pg tee -a "$dir/postgresql.conf" > /dev/null
	as_pg "$PG_BIN/pg_ctl" -D "$dir" -l "$CLUSTER_BASE/$name.log" -w -t 60 start > /dev/null \
		|| { cat "$CLUSTER_BASE/$name.log" >&2; return 1; }
	CLUSTERS+=("$name")
	printf -v "${name}_PORT" '%s' "$port"
}

stop_clusters() {
	local name
	for name in "${CLUSTERS[@]}"; do
		as_pg "$PG_BIN/pg_ctl" -D "$CLUSTER_BASE/$name" -m immediate -w stop > /dev/null 2>&1 || true
	done
	CLUSTERS=()
	if [ -n "${KEEP_CLUSTER_LOGS:-}" ]; then
		mkdir -p "$KEEP_CLUSTER_LOGS" && cp "$CLUSTER_BASE"/*.log "$KEEP_CLUSTER_LOGS"/ 2>/dev/null || true
	fi
	rm -rf "$CLUSTER_BASE"
}

# psql_at NAME [psql options]: psql to cluster NAME as postgres
psql_at() {
	local name=$1; shift
	local port_var="${name}_PORT"
	psql -X -q -v ON_ERROR_STOP=1 -h "$CLUSTER_BASE" -p "${!port_var}" -U postgres "$@"
}
