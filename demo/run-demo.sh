#!/usr/bin/env bash
# make demo: build and install ltv, start a throwaway cluster, load the CDNOW
# order data (test/data/cdnow) and the generated shop (test/sql/shop.sql), and run
# the showcase scripts demo/NN_*.sql.
set -uo pipefail
cd "$(dirname "$0")/.."

. test/setup.sh
trap ltv_cleanup_private EXIT
ltv_setup_build && ltv_setup_install_private || exit 1

pg_virtualenv "${venv_opts[@]}" bash -c '
	set -e
	psql_cmd=(psql -X -q -v ON_ERROR_STOP=1 -P footer=off)
	"${psql_cmd[@]}" -c "CREATE EXTENSION ltv" -f test/sql/cdnow.sql -f test/sql/shop.sql >/dev/null
	for script in demo/[0-9]*.sql; do
		"${psql_cmd[@]}" -f "$script"
	done
' 2>&1 | grep -v -e '^Creating new PostgreSQL cluster' -e '^Dropping cluster'
exit "${PIPESTATUS[0]}"
