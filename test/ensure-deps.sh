#!/usr/bin/env bash
# Installs what building and testing ltv needs and the machine lacks, through
# apt when run as root; otherwise names the packages and stops.
#
# Checks what the build really uses, not a proxy for it:
#   - a C compiler and make
#   - the server headers: $(pg_config --includedir-server)/postgres.h
#     (postgresql-server-dev-NN; Debian ships pgxs.mk in postgresql-client-NN,
#     so finding PGXS alone says nothing about the headers)
#   - PGXS: the file $(pg_config --pgxs)
#   - the server itself, pg_virtualenv (postgresql-common) and pg_cron
#     (postgresql-NN-cron, for the scheduled-refresh check), unless
#     LTV_NO_SERVER=1 (the version matrix builds its own servers)
#
# PG_CONFIG selects the server (default: pg_config on PATH).
# LTV_DEPS_DRY_RUN=1 reports what is missing and exits 1 without installing,
# even as root (used by the test of this script, test/test-ensure-deps.sh).
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
if [ "$major" -lt 15 ] 2>/dev/null; then
	echo "ltv: PostgreSQL $major is not supported (end of life); ltv supports PostgreSQL 15 to 19" >&2
	exit 1
fi

missing=()
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)
# the packaging test (META.json validation, make dist)
command -v python3 >/dev/null 2>&1 || missing+=(python3)

devpkg="postgresql-server-dev-$major"
if command -v "$PG_CONFIG" >/dev/null 2>&1; then
	incdir=$("$PG_CONFIG" --includedir-server 2>/dev/null || true)
	pgxs=$("$PG_CONFIG" --pgxs 2>/dev/null || true)
else
	incdir=
	pgxs=
fi
if [ -z "$incdir" ] || [ ! -f "$incdir/postgres.h" ]; then
	echo "ltv: server headers missing: ${incdir:-?}/postgres.h" >&2
	missing+=("$devpkg")
elif [ -z "$pgxs" ] || [ ! -f "$pgxs" ]; then
	echo "ltv: PGXS missing: ${pgxs:-?}" >&2
	missing+=("$devpkg")
fi

if [ "${LTV_NO_SERVER:-0}" != 1 ]; then
	[ -x "/usr/lib/postgresql/$major/bin/postgres" ] || missing+=("postgresql-$major")
	command -v pg_virtualenv >/dev/null 2>&1 || missing+=(postgresql-common)
	# the scheduled-refresh check of make test (test/test-cron.sh)
	[ -f "/usr/lib/postgresql/$major/lib/pg_cron.so" ] || missing+=("postgresql-$major-cron")
fi

# the fuzz targets of make test (libFuzzer comes with clang)
command -v clang >/dev/null 2>&1 || missing+=(clang)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && [ "${LTV_DEPS_DRY_RUN:-0}" != 1 ]; then
	echo "ltv: installing ${missing[*]}" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq "${missing[@]}" >&2
	# the packages must have provided what was missing
	if [ -n "$incdir" ] && [ ! -f "$incdir/postgres.h" ]; then
		echo "ltv: $devpkg is installed but $incdir/postgres.h is still missing" >&2
		exit 1
	fi
	echo "ltv: installed ${missing[*]}" >&2
else
	echo "ltv: missing packages: ${missing[*]}" >&2
	echo "ltv: install them with: sudo apt-get install ${missing[*]}" >&2
	exit 1
fi
