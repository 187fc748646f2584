#!/usr/bin/env bash
# Builds one PostgreSQL source tarball into the cache, once, and prints the
# installation's pg_config path on stdout.
#
#   test/pg-build.sh /path/to/postgresql-18beta1.tar.xz
#
# The installation is $LTV_CACHE_DIR/<tarball name>-<first 16 hex digits of its
# sha256>; it is reused while the tarball is unchanged (a stamp file marks a
# complete build, so an interrupted build is redone).  LTV_CACHE_DIR defaults to
# /var/cache/ltv for root and ${XDG_CACHE_HOME:-~/.cache}/ltv otherwise: outside
# the work tree, and readable by the ordinary user that runs the test servers.
# Minimal configure flags (no ICU, readline, zlib, OpenSSL); git snapshots
# need bison and flex, which test/ensure-deps.sh does not install: the matrix
# script does (test/run-matrix.sh).  Build output goes to <install>.log.
set -euo pipefail

tarball=$1
[ -f "$tarball" ] || { echo "ltv: no such source tarball: $tarball" >&2; exit 1; }

. "$(dirname "$0")/cache-dir.sh"
name=$(basename "$tarball")
name=${name%.tar.*}
hash=$(sha256sum "$tarball" | cut -c1-16)
prefix="$LTV_CACHE_DIR/$name-$hash"
stamp="$prefix/.ltv-build-complete"

if [ -f "$stamp" ] && [ -x "$prefix/bin/pg_config" ]; then
	echo "$prefix/bin/pg_config"
	exit 0
fi

# Called from make (make test-matrix), the environment says MAKELEVEL=1:
# PostgreSQL's Makefile.global then skips generating its headers
# (utils/errcodes.h ...), which only the top level does, and the build fails.
# The server's build is a top-level make of its own.
unset MAKELEVEL MAKEFLAGS MFLAGS
mkdir -p "$LTV_CACHE_DIR"
log="$prefix.log"
work=$(mktemp -d "$LTV_CACHE_DIR/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
rm -rf "$prefix"
echo "ltv: building $name into $prefix (log: $log)" >&2
start=$(date +%s)
{
	tar -xJf "$tarball" -C "$work"
	src=$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -1)
	cd "$src"
	nice ./configure --prefix="$prefix" --without-icu --without-readline --without-zlib --without-openssl
	nice make -j"$(nproc)" -s
	nice make -s install
} >"$log" 2>&1 || { echo "ltv: building $name failed; the end of $log:" >&2; tail -n 30 "$log" >&2; exit 1; }
chmod -R a+rX "$prefix"
touch "$stamp"
echo "ltv: built $name in $(( $(date +%s) - start )) s" >&2
echo "$prefix/bin/pg_config"
