#!/usr/bin/env bash
# Build and install Citus 13.2.2 into the PostgreSQL 15 that kommunrapport uses,
# from a Citus source that is already on this machine.  Nothing is downloaded.
#
#   CITUS_SRC   a Citus git repository (bare or with a work tree) or an unpacked
#               source tree of 13.2.2; default /usr/local/src/citus
#   PG_CONFIG   default /usr/lib/postgresql/15/bin/pg_config
#   CITUS_REBUILD=1  build even when Citus 13.2.2 is installed already
#
# Exit status: 0 built or already installed; 3 no Citus source (a line
# "skipped: no Citus source at ..." says so); anything else is a failure.
#
# The build happens in a temporary directory (git archive of tag v13.2.2, or a
# copy of the source tree), with nice, and installs citus.so and its SQL files
# into PostgreSQL's directories.  Installing them loads nothing: Citus runs
# only in clusters that name it in shared_preload_libraries (test/citus/cluster.sh).
set -euo pipefail

CITUS_TAG=v13.2.2
CITUS_VERSION=13.2.2
CITUS_SRC=${CITUS_SRC:-/usr/local/src/citus}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
pkglibdir=$("$PG_CONFIG" --pkglibdir)
sharedir=$("$PG_CONFIG" --sharedir)

if [ "$(id -u)" = 0 ]; then SUDO=(); else SUDO=(sudo -n); fi

# installed_version: the version string compiled into the installed citus.so.
installed_version() {
	[ -f "$pkglibdir/citus.so" ] && [ -f "$sharedir/extension/citus.control" ] || return 0
	grep -aoE 'Citus [0-9]+\.[0-9]+\.[0-9]+' "$pkglibdir/citus.so" | head -n 1 | cut -d' ' -f2
}

if [ "${CITUS_REBUILD:-0}" != 1 ] && [ "$(installed_version)" = "$CITUS_VERSION" ]; then
	echo "citus: $CITUS_VERSION is installed in $pkglibdir"
	exit 0
fi

# What kind of source is it?
kind=
if [ -d "$CITUS_SRC" ]; then
	if git --git-dir="$CITUS_SRC" rev-parse --verify -q "$CITUS_TAG^{commit}" > /dev/null 2>&1; then
		kind=gitdir; gitdir=$CITUS_SRC
	elif [ -d "$CITUS_SRC/.git" ] || [ -f "$CITUS_SRC/.git" ]; then
		gitdir=$(git -C "$CITUS_SRC" rev-parse --absolute-git-dir)
		if git --git-dir="$gitdir" rev-parse --verify -q "$CITUS_TAG^{commit}" > /dev/null; then
			kind=gitdir
		else
			echo "citus: $CITUS_SRC is a git repository without the tag $CITUS_TAG" >&2
			exit 1
		fi
	elif [ -x "$CITUS_SRC/configure" ] && grep -q "^PACKAGE_VERSION='$CITUS_VERSION'" "$CITUS_SRC/configure"; then
		kind=tree
	elif [ -x "$CITUS_SRC/configure" ]; then
		echo "citus: $CITUS_SRC is not the source of Citus $CITUS_VERSION ($(grep -m1 '^PACKAGE_VERSION=' "$CITUS_SRC/configure"))" >&2
		exit 1
	fi
fi
if [ -z "$kind" ]; then
	echo "skipped: no Citus source at $CITUS_SRC (set CITUS_SRC to a Citus git repository or a $CITUS_VERSION source tree)"
	exit 3
fi

# Debian's build dependencies of Citus that the machine lacks (the PostgreSQL
# 15 headers come with test/deps.sh; they include gssapi and openssl headers).
packages=(liblz4-dev libzstd-dev libkrb5-dev libssl-dev autoconf flex bison)
missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "citus: installing ${missing[*]}"
	"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
fi

build=$(mktemp -d "${TMPDIR:-/tmp}/citus-build.XXXXXX")
trap 'rm -rf "$build"' EXIT
if [ "$kind" = gitdir ]; then
	echo "citus: building $CITUS_TAG ($(git --git-dir="$gitdir" rev-parse --short "$CITUS_TAG^{commit}")) from $gitdir in $build"
	git --git-dir="$gitdir" archive --format=tar "$CITUS_TAG" | tar -x -C "$build"
else
	echo "citus: building the source tree $CITUS_SRC in $build"
	cp -a "$CITUS_SRC"/. "$build"/
fi

jobs=${CITUS_JOBS:-$(nproc)}
cd "$build"
# PostgreSQL 15.14 and later declare have_createdb_privilege() in
# commands/dbcommands.h; Citus 13.2.2 still defines its own static copy for
# PostgreSQL 15, which no longer compiles against those headers.  Use the
# server's function when its header declares it.
if grep -q 'extern bool have_createdb_privilege' "$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h"; then
	perl -0pi -e 's/\nstatic inline bool\nhave_createdb_privilege\(void\)\n\{.*?\n\}\n/\n/s' src/include/pg_version_compat.h
	! grep -q '^have_createdb_privilege(void)' src/include/pg_version_compat.h
fi
# Anonymous usage statistics need libcurl and a network: built without them.
nice -n 10 ./configure PG_CONFIG="$PG_CONFIG" --without-libcurl > configure.log 2>&1 || { tail -n 30 configure.log; exit 1; }
nice -n 10 make -s -j"$jobs" > make.log 2>&1 || { tail -n 60 make.log; exit 1; }
"${SUDO[@]}" make -s install > install.log 2>&1 || { tail -n 30 install.log; exit 1; }
v=$(installed_version)
if [ "$v" != "$CITUS_VERSION" ]; then
	echo "citus: installed, but citus.so says version '${v}'" >&2
	exit 1
fi
echo "citus: $CITUS_VERSION installed in $pkglibdir"
