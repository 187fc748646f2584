#!/usr/bin/env bash
# pg_dump / pg_restore of every stored type's edge values (issue 10, item 3):
# a table made by test/sql/edge_values.sql (subnormals, -0, the largest
# doubles and counts, empty and one-element values, dates at both ends of the
# range), dumped with the server's own pg_dump in the custom format and in
# plain SQL, restored into fresh databases, must hold the same bytes (each
# value's send output and its text) for every type.  Before the fix the
# restore failed ("COPY failed for table") and the rows were lost.
#
# Runs inside a cluster (make test calls it through pg_virtualenv, with the
# private install); ends with "dump-restore: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
bindir=$("${PG_CONFIG:-pg_config}" --bindir)
work=$(mktemp -d "${TMPDIR:-/tmp}/ltv-dump.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 777 "$work"

ok() {
	passed=$((passed + 1))
	echo "ok - $1"
}
not_ok() {
	failed=$((failed + 1))
	echo "not ok - $1"
}
finish() {
	psql -X -q -d postgres -c "DROP DATABASE IF EXISTS ltv_dump_src" -c "DROP DATABASE IF EXISTS ltv_dump_custom" \
		-c "DROP DATABASE IF EXISTS ltv_dump_plain" >/dev/null 2>&1
	echo "dump-restore: $passed passed, $failed failed"
	exit 0
}

q() {
	psql -X -q -v ON_ERROR_STOP=1 "$@"
}

# the values, one line per value: kind, label, its send output and its text
readings() {
	psql -X -At -v ON_ERROR_STOP=1 -d "$1" -c "
SELECT kind, label,
       md5(coalesce(churn_curve_send(cc), rfm_state_send(rs), retention_activity_send(ra),
                    retention_curve_send(rc), ltv_model_send(m), ltv_fit_state_send(fs))),
       md5(coalesce(cc::text, rs::text, ra::text, rc::text, m::text, fs::text))
FROM ltv_edge ORDER BY kind, label" >"$work/$1.txt" 2>"$work/$1.err"
}

for db in ltv_dump_src ltv_dump_custom ltv_dump_plain; do
	q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || { not_ok "create $db"; finish; }
done
if q -d ltv_dump_src -c "CREATE EXTENSION ltv" -f test/sql/edge_values.sql >"$work/make.log" 2>&1 &&
	q -d ltv_dump_src -c "CREATE TABLE ltv_subnormal AS SELECT churn_curve(5e-324::float8, true) AS c" >/dev/null; then
	ok "edge values made ($(psql -X -At -d ltv_dump_src -c 'SELECT count(*) FROM ltv_edge') values)"
else
	not_ok "edge values made"
	tail -n 20 "$work/make.log"
	finish
fi
readings ltv_dump_src || { not_ok "read the source"; cat "$work/ltv_dump_src.err"; finish; }

# custom format, pg_restore
if "$bindir/pg_dump" -Fc -f "$work/dump.custom" ltv_dump_src 2>"$work/dump.err" &&
	"$bindir/pg_restore" --exit-on-error -d ltv_dump_custom "$work/dump.custom" 2>"$work/restore.err"; then
	ok "pg_dump -Fc and pg_restore"
else
	not_ok "pg_dump -Fc and pg_restore"
	tail -n 20 "$work/dump.err" "$work/restore.err"
fi
# plain SQL through psql (COPY ... FROM stdin in text form)
if "$bindir/pg_dump" -Fp -f "$work/dump.sql" ltv_dump_src 2>"$work/dump-plain.err" &&
	q -d ltv_dump_plain -f "$work/dump.sql" >/dev/null 2>"$work/restore-plain.err"; then
	ok "pg_dump -Fp and psql"
else
	not_ok "pg_dump -Fp and psql"
	tail -n 20 "$work/dump-plain.err" "$work/restore-plain.err"
fi

for db in ltv_dump_custom ltv_dump_plain; do
	if ! readings "$db"; then
		not_ok "$db: read the restored values"
		cat "$work/$db.err"
		continue
	fi
	for kind in churn_curve ltv_fit_state ltv_model retention_activity retention_curve rfm_state; do
		src=$(grep -c "^$kind|" "$work/ltv_dump_src.txt")
		if [ "$src" -gt 0 ] && diff <(grep "^$kind|" "$work/ltv_dump_src.txt") <(grep "^$kind|" "$work/$db.txt") >/dev/null; then
			ok "$db: the $src $kind values are the same bytes and text"
		else
			not_ok "$db: $kind values differ or are missing"
			diff <(grep "^$kind|" "$work/ltv_dump_src.txt") <(grep "^$kind|" "$work/$db.txt") | head -n 5
		fi
	done
	if [ "$(psql -X -At -d "$db" -c "SELECT c::text FROM ltv_subnormal" 2>/dev/null)" = "v1 5e-324:1:0" ]; then
		ok "$db: the subnormal churn_curve of the issue"
	else
		not_ok "$db: the subnormal churn_curve of the issue"
	fi
done
finish
