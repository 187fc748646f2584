#!/usr/bin/env bash
# Tests test/ensure-deps.sh against fake pg_config programs, so that a check
# that looks at the wrong file (as when it took PGXS, which Debian ships in
# postgresql-client-NN, as proof of the server headers) fails here.
# Prints "ensure-deps: N passed, N failed"; exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT

# fake_pg_config DIR HEADERS(yes|no) PGXS(yes|no): a pg_config for "PostgreSQL 15.99"
fake_pg_config() {
	local dir=$1
	mkdir -p "$dir/include/server" "$dir/pgxs/src/makefiles"
	[ "$2" = yes ] && : >"$dir/include/server/postgres.h"
	[ "$3" = yes ] && : >"$dir/pgxs/src/makefiles/pgxs.mk"
	cat >"$dir/pg_config" <<EOF
#!/bin/sh
case "\$1" in
	--version) echo "PostgreSQL 15.99" ;;
	--includedir-server) echo "$dir/include/server" ;;
	--pgxs) echo "$dir/pgxs/src/makefiles/pgxs.mk" ;;
	*) exit 1 ;;
esac
EOF
	chmod -R a+rX "$dir"
	chmod 755 "$dir/pg_config"
}

# check NAME EXPECTED_RC EXPECTED_OUTPUT_REGEX COMMAND...
check() {
	local name=$1 want_rc=$2 want_out=$3
	shift 3
	local out rc
	out=$("$@" 2>&1)
	rc=$?
	if [ "$rc" -eq "$want_rc" ] && grep -Eq -- "$want_out" <<<"$out"; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name (exit $rc, expected $want_rc; output:)"
		sed 's/^/    /' <<<"$out"
		failed=$((failed + 1))
	fi
}

fake_pg_config "$work/noheaders" no yes
fake_pg_config "$work/nopgxs" yes no
fake_pg_config "$work/complete" yes yes

deps=(env LTV_NO_SERVER=1 bash test/ensure-deps.sh)

# As root the script would install: the dry-run switch makes it report instead.
check "headers missing (PGXS present) names postgresql-server-dev-15" 1 \
	'missing packages: postgresql-server-dev-15' \
	env PG_CONFIG="$work/noheaders/pg_config" LTV_DEPS_DRY_RUN=1 "${deps[@]}"
check "PGXS missing (headers present) names postgresql-server-dev-15" 1 \
	'missing packages: postgresql-server-dev-15' \
	env PG_CONFIG="$work/nopgxs/pg_config" LTV_DEPS_DRY_RUN=1 "${deps[@]}"
check "headers and PGXS present: nothing to do" 0 '^$' \
	env PG_CONFIG="$work/complete/pg_config" LTV_DEPS_DRY_RUN=1 "${deps[@]}"

# As an ordinary user (the path a developer takes), without the dry-run switch.
if [ "$(id -u)" -ne 0 ]; then
	check "non-root user: headers missing names the package and stops" 1 \
		'sudo apt-get install postgresql-server-dev-15' \
		env PG_CONFIG="$work/noheaders/pg_config" "${deps[@]}"
else
	user=
	for u in postgres nobody; do
		id "$u" >/dev/null 2>&1 && { user=$u; break; }
	done
	copy="$work/repo"
	mkdir -p "$copy/test"
	cp test/ensure-deps.sh "$copy/test/"
	chmod -R a+rX "$copy"
	if [ -n "$user" ]; then
		check "non-root user ($user): headers missing names the package and stops" 1 \
			'sudo apt-get install postgresql-server-dev-15' \
			runuser -u "$user" -- env PG_CONFIG="$work/noheaders/pg_config" LTV_NO_SERVER=1 bash "$copy/test/ensure-deps.sh"
	else
		echo "not ok - no ordinary user to run as"
		failed=$((failed + 1))
	fi
fi

echo "ensure-deps: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
