#!/usr/bin/env bash
# Install, from Debian's packages, what building and testing kommunrapport
# needs and the machine lacks.  Idempotent: present packages are left alone.
# Works without a terminal (CI=true, no standard input); uses sudo when not root.
set -euo pipefail

packages=(
	make gcc
	postgresql-15 postgresql-server-dev-15     # server, headers and PGXS
	postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl   # pgTAP, pg_prove
	clang-14 libclang-rt-14-dev llvm-14        # JIT bitcode, sanitizers, libFuzzer
	sqlsmith                                   # random queries (test/e2e/sqlsmith.sh, test-long)
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: everything is installed"
	exit 0
fi

if [ "$(id -u)" = 0 ]; then
	SUDO=()
else
	SUDO=(sudo -n)
fi

echo "deps: installing ${missing[*]}"
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends "${missing[@]}" </dev/null
