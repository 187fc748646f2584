#!/usr/bin/env bash
# Installs what building and testing ltv needs and the machine lacks, through
# apt when run as root; otherwise names the packages and stops.
# Needs: a C compiler, make, the PostgreSQL server (postgresql-NN), its server
# headers and PGXS (postgresql-server-dev-NN), and pg_virtualenv (postgresql-common).
set -euo pipefail

PG_CONFIG=${PG_CONFIG:-pg_config}

server_major() {
	local v
	if command -v "$PG_CONFIG" >/dev/null 2>&1 && v=$("$PG_CONFIG" --version 2>/dev/null); then
		v=${v#PostgreSQL }
		echo "${v%%.*}"
		return
	fi
	# no pg_config yet: the newest server installed
	ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sed 's|/usr/lib/postgresql/\([0-9]*\)/.*|\1|' | sort -n | tail -1
}

major=$(server_major)
if [ -z "$major" ]; then
	echo "ltv: no PostgreSQL server found; install one first (for example: apt-get install postgresql-15)" >&2
	exit 1
fi

missing=()
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)
[ -x "/usr/lib/postgresql/$major/bin/postgres" ] || missing+=("postgresql-$major")
pgxs=$("$PG_CONFIG" --pgxs 2>/dev/null || true)
[ -n "$pgxs" ] && [ -f "$pgxs" ] || missing+=("postgresql-server-dev-$major")
command -v pg_virtualenv >/dev/null 2>&1 || missing+=(postgresql-common)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ltv: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq "${missing[@]}" >&2
else
	echo "ltv: missing packages: ${missing[*]}" >&2
	echo "ltv: install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
