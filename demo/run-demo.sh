#!/usr/bin/env bash
# make demo: build and install ltv, start a throwaway cluster, load the CDNOW
# order data (test/data/cdnow) and run the showcase scripts demo/NN_*.sql.
set -uo pipefail
cd "$(dirname "$0")/.."

export PG_CONFIG=${PG_CONFIG:-pg_config}
bash test/ensure-deps.sh || exit 1
major=$("$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/')
make -s || exit 1

venv_opts=(-t -v "$major")
if [ -n "${LTV_DESTDIR:-}" ]; then
	make -s install DESTDIR="$LTV_DESTDIR" >/dev/null || exit 1
	chmod -R a+rX "$LTV_DESTDIR"
	venv_opts+=(-o "extension_destdir=$LTV_DESTDIR"
		-o "dynamic_library_path=$LTV_DESTDIR$("$PG_CONFIG" --pkglibdir):\$libdir")
else
	make -s install >/dev/null || exit 1
fi

pg_virtualenv "${venv_opts[@]}" bash -c '
	set -e
	psql_cmd=(psql -X -q -v ON_ERROR_STOP=1 -P footer=off)
	"${psql_cmd[@]}" -c "CREATE EXTENSION ltv" -f test/sql/cdnow.sql >/dev/null
	for script in demo/[0-9]*.sql; do
		"${psql_cmd[@]}" -f "$script"
	done
' 2>&1 | grep -v -e '^Creating new PostgreSQL cluster' -e '^Dropping cluster'
exit "${PIPESTATUS[0]}"
