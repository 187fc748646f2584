#!/usr/bin/env bash
# make test-citus: ltv on a Citus cluster (a coordinator and two workers on
# loopback), every ltv aggregate checked against the single-node result and
# its plan shape asserted.
#
# Citus is built once from ../shared/citus/citus-*.tar.* (LTV_CITUS_SOURCES)
# against the system PostgreSQL 15 into the cache (test/citus-build.sh).  Each
# run makes a private copy of the system server (/usr/lib/postgresql/15 and
# /usr/share/postgresql/15: PostgreSQL finds its share and lib directories
# relative to its binaries), installs Citus and this build of ltv into it, and
# starts three clusters from it as an ordinary OS user (test/cluster.sh), so
# nothing is installed into the system's directories.
#
# The checks are in test/citus/: setup.sql loads the same data into schema
# "single" (ordinary tables) and schema "dist" (tables distributed by
# customer_id, co-located), checks.sql runs every check and prints one
# "ok - ..." or "not ok - ..." line each plus "#" lines with measurements.
# Ends with "N passed, N failed".
#
#   LTV_CITUS_SOURCES=dir    where the Citus source tarball is (default ../shared/citus)
#   LTV_CITUS_ORDERS=n       generated orders (default 200000; CDNOW is loaded as well)
#   LTV_CITUS_KEEP=1         leave the clusters running (prints how to connect)
set -uo pipefail
cd "$(dirname "$0")/.."

. test/cache-dir.sh
. test/cluster.sh

passed=0
failed=0
work=
cleanup() {
	if [ "${LTV_CITUS_KEEP:-0}" != 1 ]; then
		ltv_cluster_stop_all
		[ -n "$work" ] && rm -rf "$work"
	fi
}
trap cleanup EXIT

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
fail() {
	echo "ltv: $1" >&2
	failed=$((failed + 1))
	finish
}

sources=${LTV_CITUS_SOURCES:-../shared/citus}
tarball=$(ls "$sources"/citus-*.tar.* 2>/dev/null | sort | tail -1)
[ -n "$tarball" ] || fail "no Citus source tarball (citus-*.tar.*) in $sources"

pg15=/usr/lib/postgresql/15
[ -x "$pg15/bin/pg_config" ] || fail "Citus is tested on the system PostgreSQL 15: $pg15/bin/pg_config is missing (apt-get install postgresql-15 postgresql-server-dev-15)"
export PG_CONFIG=$pg15/bin/pg_config

citus=$(bash test/citus-build.sh "$tarball" "$PG_CONFIG") || fail "building Citus failed"
bash test/ensure-deps.sh >/dev/null || fail "installing the build dependencies failed"
make -s >/dev/null || fail "building ltv failed"

# the private server: PostgreSQL 15, Citus and ltv
work=$(mktemp -d "${TMPDIR:-/tmp}/ltv-citus.XXXXXX")
cc -std=c99 -O2 -Wall -Wextra -Werror -Isrc/core -o "$work/gen_orders" bench/gen_orders.c src/core/period.c -lm ||
	fail "building the order generator failed"
server="$work/server"
mkdir -p "$server/usr/lib/postgresql" "$server/usr/share/postgresql"
cp -a "$pg15" "$server/usr/lib/postgresql/" &&
	cp -a "/usr/share/postgresql/15" "$server/usr/share/postgresql/" &&
	cp -a "$citus/usr" "$server/" &&
	make -s install DESTDIR="$server" >/dev/null || fail "installing into the private server failed"
chmod -R a+rX "$work"
bindir="$server$pg15/bin"

settings=(shared_preload_libraries=citus timezone=UTC max_connections=200 max_worker_processes=16)
for node in coordinator worker1 worker2; do
	ltv_cluster_start "$node" "$bindir" "${settings[@]}" || fail "starting the $node failed"
done
echo "== Citus $(basename "$tarball" | sed -E 's/^citus-(.*)\.tar\..*/\1/'): coordinator on ${cluster_port[coordinator]}, workers on ${cluster_port[worker1]} and ${cluster_port[worker2]}"

for node in worker1 worker2; do
	ltv_cluster_env "$node"
	psql -X -q -v ON_ERROR_STOP=1 -c "CREATE EXTENSION citus" >/dev/null || fail "CREATE EXTENSION citus on $node failed"
done
ltv_cluster_env coordinator
psql_coord=(psql -X -q -v ON_ERROR_STOP=1 -v gen="$work/gen_orders --orders ${LTV_CITUS_ORDERS:-200000}"
	-v worker1="${cluster_port[worker1]}" -v worker2="${cluster_port[worker2]}"
	-v coordinator="${cluster_port[coordinator]}")
start=$(date +%s)
"${psql_coord[@]}" -f test/citus/setup.sql || fail "test/citus/setup.sql failed"
echo "== data loaded in $(( $(date +%s) - start )) s"

out=$("${psql_coord[@]}" -At -f test/citus/checks.sql 2>&1)
rc=$?
echo "$out" | grep -vE '^(ok|not ok) ' | grep -v '^$' | grep -v '^#' >&2
grep -E '^(ok|not ok|#)' <<<"$out"
passed=$((passed + $(grep -c '^ok ' <<<"$out")))
failed=$((failed + $(grep -c '^not ok ' <<<"$out")))
if [ "$rc" -ne 0 ]; then
	echo "ltv: test/citus/checks.sql stopped with an error" >&2
	failed=$((failed + 1))
fi
if [ "$(grep -cE '^(ok|not ok) ' <<<"$out")" -eq 0 ]; then
	failed=$((failed + 1))
fi
if [ "${LTV_CITUS_KEEP:-0}" = 1 ]; then
	echo "== clusters left running: PGHOST=${cluster_dir[coordinator]} PGPORT=${cluster_port[coordinator]} PGUSER=postgres psql"
fi
finish
