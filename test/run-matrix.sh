#!/usr/bin/env bash
# make test-matrix: the regression suite on every supported PostgreSQL major.
#
# For each source tarball postgresql-*.tar.* in $LTV_PG_SOURCES (default
# ../shared/pg-src): build that server once into the cache (test/pg-build.sh;
# reused while the tarball is unchanged), build ltv against it with -Werror
# in a scratch copy of this work tree, install it into that (test-only)
# server with the released 1.0 script for the upgrade test, and run the whole
# pg_regress suite on a throwaway cluster twice: as is and with every query
# forced parallel.  Then the same on the system server (Debian's 15, through
# pg_virtualenv, as make test does).  Ends with one line "N passed, N failed"
# over all versions and exits non-zero on any failure.  Where no sources are
# found it says so and tests the system server only.
#
#   LTV_PG_SOURCES=dir   where the tarballs are
#   LTV_CACHE_DIR=dir    where built servers are kept (test/cache-dir.sh)
#   LTV_MATRIX_SYSTEM=0  skip the system server
set -uo pipefail
cd "$(dirname "$0")/.."
top=$(pwd)

. test/cache-dir.sh
. test/cluster.sh
. test/regress.sh

passed=0
failed=0
summary=()
work=$(mktemp -d "${TMPDIR:-/tmp}/ltv-matrix.XXXXXX")
cleanup() {
	ltv_cluster_stop_all
	rm -rf "$work"
}
trap cleanup EXIT

finish() {
	echo "== version matrix"
	printf '%s\n' "${summary[@]}"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# git snapshots of the server have no generated parser: bison and flex
need=()
for tool in bison flex cc make; do
	command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
	pkgs=$(printf '%s\n' "${need[@]}" | sed 's/^cc$/gcc/' | tr '\n' ' ')
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "ltv: installing $pkgs" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >&2 ||
			{ apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >&2; } ||
			{ echo "ltv: could not install $pkgs" >&2; failed=$((failed + 1)); finish; }
	else
		echo "ltv: the version matrix needs: $pkgs (sudo apt-get install $pkgs)" >&2
		failed=$((failed + 1))
		finish
	fi
fi

sources=${LTV_PG_SOURCES:-../shared/pg-src}
shopt -s nullglob
tarballs=("$sources"/postgresql-*.tar.*)
shopt -u nullglob
if [ ${#tarballs[@]} -eq 0 ]; then
	echo "ltv: no PostgreSQL source tarballs in $sources: testing the system server only"
fi

# one version: $1 label, $2 pg_config
test_built_server() {
	local label=$1 pgc=$2 major tree bindir sharedir p0=$passed f0=$failed
	major=$("$pgc" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
	tree="$work/$label"
	mkdir -p "$tree"
	# a scratch copy of the tree as it is (committed or not), so that objects
	# built for one major never mix with another's
	git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$tree" 2>/dev/null
	echo "== $label: building ltv with -Werror"
	if ! (cd "$tree" && make -s PG_CONFIG="$pgc" 2>&1 && make -s PG_CONFIG="$pgc" install >/dev/null 2>&1); then
		echo "ltv: building or installing ltv against $label failed" >&2
		failed=$((failed + 1))
		summary+=("$label: build failed")
		return
	fi
	warnings=$(cd "$tree" && touch src/*.c src/core/*.c && make -s PG_CONFIG="$pgc" 2>&1 | grep -c 'warning:')
	bindir=$("$pgc" --bindir)
	sharedir=$("$pgc" --sharedir)
	install -m 644 test/upgrade/ltv--1.0.sql "$sharedir/extension/"
	if ltv_cluster_start "$label" "$bindir"; then
		ltv_cluster_env "$label"
		ltv_regress "$label.serial" "$tree" make -s PG_CONFIG="$pgc" installcheck
		ltv_cluster_stop "$label"
	else
		failed=$((failed + 1))
	fi
	if ltv_cluster_start "$label-parallel" "$bindir" $(ltv_parallel_settings "$major"); then
		ltv_cluster_env "$label-parallel"
		ltv_regress "$label.parallel" "$tree" make -s PG_CONFIG="$pgc" installcheck
		ltv_cluster_stop "$label-parallel"
	else
		failed=$((failed + 1))
	fi
	summary+=("$label ($("$pgc" --version)): $((passed - p0)) passed, $((failed - f0)) failed, $warnings compiler warnings")
}

rm -f regression.*.diffs
for tarball in "${tarballs[@]}"; do
	name=$(basename "$tarball")
	name=${name%.tar.*}
	label=pg$(sed -E 's/^postgresql-([0-9]+).*/\1/' <<<"$name")
	if ! pgc=$(bash test/pg-build.sh "$tarball"); then
		failed=$((failed + 1))
		summary+=("$label: server build failed")
		continue
	fi
	# ltv is installed into a private copy of the cached server (PostgreSQL
	# installations are relocatable), so the cache stays as built and runs
	# from several work trees at once do not overwrite each other
	cp -a "$(dirname "$(dirname "$pgc")")" "$work/$label-server" && chmod a+rx "$work"
	test_built_server "$label" "$work/$label-server/bin/pg_config"
done

if [ "${LTV_MATRIX_SYSTEM:-1}" != 0 ]; then
	. test/setup.sh
	p0=$passed f0=$failed
	if ltv_setup_build && ltv_setup_install_private; then
		ltv_regress system.serial . pg_virtualenv "${venv_opts[@]}" make -s installcheck
		parallel_opts=()
		for setting in $(ltv_parallel_settings "$major"); do parallel_opts+=(-o "$setting"); done
		ltv_regress system.parallel . pg_virtualenv "${venv_opts[@]}" "${parallel_opts[@]}" make -s installcheck
		ltv_cleanup_private
		summary+=("system ($("$PG_CONFIG" --version)): $((passed - p0)) passed, $((failed - f0)) failed")
	else
		failed=$((failed + 1))
		summary+=("system: build or install failed")
	fi
fi

finish
