# Sourced by test/run-all.sh and test/demo.sh: run a command in a throwaway
# PostgreSQL 15 cluster (pg_virtualenv) with UTF-8 databases, whatever the
# caller's locale, on a free port (as root, pg_virtualenv would otherwise put
# every cluster on 5432, where a Debian package install may already have
# started one).

# in_cluster COMMAND ARGS...: run COMMAND inside a new throwaway cluster.
in_cluster() {
	local port=$(( 20000 + RANDOM % 20000 ))
	while [ -e "/var/run/postgresql/.s.PGSQL.$port" ] || (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		port=$(( port + 1 ))
	done
	LC_ALL=C.UTF-8 LANG=C.UTF-8 pg_virtualenv -t -v 15 -c "-p $port" "$@"
}
