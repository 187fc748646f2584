#!/usr/bin/env bash
# Builds Citus from a source tarball (../shared/citus/citus-13.2.2.tar.xz)
# against the system PostgreSQL 15, once, into the cache, and prints the
# installation's root on stdout: a DESTDIR-style tree (usr/lib/postgresql/15/lib
# and usr/share/postgresql/15/extension under it) that test/run-citus.sh copies
# into each run's private extension directory.
#
#   test/citus-build.sh /path/to/citus-13.2.2.tar.xz [PG_CONFIG]
#
# The installation is $LTV_CACHE_DIR/<tarball name>-<first 16 hex digits of its
# sha256>-pg<major> (see test/cache-dir.sh), reused while the tarball is
# unchanged; a stamp file marks a complete build.  As root, the Debian
# packages Citus' configure needs are installed through apt.
#
# The only change made to the extracted source is the one ../shared/citus/README.md
# documents: PostgreSQL 15.20 exports have_createdb_privilege() from
# commands/dbcommands.h, and Citus 13.2.2 defines a static copy of its own for
# PostgreSQL 15 in src/include/pg_version_compat.h; a macro placed just before
# that definition renames Citus' copy.  Build output goes to <install>.log.
set -euo pipefail

tarball=$1
PG_CONFIG=${2:-/usr/lib/postgresql/15/bin/pg_config}
[ -f "$tarball" ] || { echo "ltv: no such Citus source tarball: $tarball" >&2; exit 1; }
[ -x "$PG_CONFIG" ] || { echo "ltv: no pg_config at $PG_CONFIG (apt-get install postgresql-server-dev-15)" >&2; exit 1; }

. "$(dirname "$0")/cache-dir.sh"
major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
name=$(basename "$tarball")
name=${name%.tar.*}
hash=$(sha256sum "$tarball" | cut -c1-16)
prefix="$LTV_CACHE_DIR/$name-$hash-pg$major"
stamp="$prefix/.ltv-build-complete"

if [ -f "$stamp" ] && [ -f "$prefix$("$PG_CONFIG" --pkglibdir)/citus.so" ]; then
	echo "$prefix"
	exit 0
fi

# the packages ../shared/citus/README.md lists (configure stops on the first missing one)
pkgs=(libcurl4-openssl-dev liblz4-dev libzstd-dev libkrb5-dev libssl-dev libselinux1-dev
	libxslt1-dev libpam0g-dev libreadline-dev libicu-dev)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "ltv: building Citus needs: ${missing[*]} (run as root, or apt-get install them)" >&2
		exit 1
	fi
	echo "ltv: installing ${missing[*]}" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null ||
		{ apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null; } ||
		{ echo "ltv: apt-get install ${missing[*]} failed" >&2; exit 1; }
fi

mkdir -p "$LTV_CACHE_DIR"
log="$prefix.log"
work=$(mktemp -d "$LTV_CACHE_DIR/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$prefix"
echo "ltv: building $name against PostgreSQL $major into $prefix (log: $log)" >&2
start=$(date +%s)
{
	tar -xJf "$tarball" -C "$work"
	src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)
	cd "$src"
	compat=src/include/pg_version_compat.h
	if grep -q 'have_createdb_privilege' "$("$PG_CONFIG" --includedir-server)/commands/dbcommands.h"; then
		sed -i '/^have_createdb_privilege(void)$/{
x
s/.*/#define have_createdb_privilege citus_compat_have_createdb_privilege/
p
x
}' "$compat"
		grep -q '^#define have_createdb_privilege citus_compat_have_createdb_privilege$' "$compat" ||
			{ echo "ltv: the have_createdb_privilege rename did not apply to $compat" >&2; exit 1; }
	fi
	nice ./configure PG_CONFIG="$PG_CONFIG"
	nice make -j"$(nproc)" -s
	nice make -s install DESTDIR="$prefix"
} >"$log" 2>&1 || { echo "ltv: building $name failed; the end of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
chmod -R a+rX "$prefix"
touch "$stamp"
echo "ltv: built $name in $(( $(date +%s) - start )) s" >&2
echo "$prefix"
