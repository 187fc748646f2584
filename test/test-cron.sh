#!/usr/bin/env bash
# The scheduled refresh of issue 11: CDNOW's master file (23,570 customers) in
# a materialized view that calls ltv_predict on every customer with no guard,
# refreshed by pg_cron.  Before the rule for customers without positive repeat
# spend (customer 10244's only repeat order cost $0.00) the refresh failed.
# Runs inside a cluster that preloads pg_cron (make test starts it with
# pg_virtualenv -o shared_preload_libraries=pg_cron -o cron.database_name=postgres
# -o cron.use_background_workers=on; postgresql-NN-cron is installed by
# test/ensure-deps.sh).  The view is created WITH NO DATA, so only the cron
# job can populate it.  Prints "cron: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1"; failed=$((failed + 1)); }
finish() { echo "cron: $passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
q() { psql -X -q -At -v ON_ERROR_STOP=1 -d postgres "$@"; }

if out=$(q 2>&1 <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS pg_cron;
CREATE EXTENSION IF NOT EXISTS ltv;
\i test/sql/cdnow.sql
CREATE MATERIALIZED VIEW cdnow_clv AS
WITH s AS (SELECT customer_id, ltv_summary(ordered_on, amount, date '1998-06-30') AS s
           FROM cdnow_master GROUP BY customer_id),
     m AS (SELECT ltv_fit(s) AS m FROM s)
SELECT customer_id, ltv_predict(m, s) AS clv, ltv_p_alive(m, s) AS p_alive,
       ltv_expected_spend(m, s) AS spend
FROM s, m
WITH NO DATA;
-- the control: a refresh that fails must be seen failing
CREATE MATERIALIZED VIEW cron_control AS SELECT 1 / (count(*) - count(*)) AS boom FROM cdnow_master WITH NO DATA;
SELECT cron.schedule('refresh cdnow_clv', '* * * * *', 'REFRESH MATERIALIZED VIEW cdnow_clv') > 0;
SELECT cron.schedule('refresh control', '* * * * *', 'REFRESH MATERIALIZED VIEW cron_control') > 0;
SQL
); then
	ok "pg_cron and ltv installed, the view and the job created"
else
	not_ok "pg_cron and ltv installed, the view and the job created:"
	sed 's/^/    /' <<<"$out"
	finish
fi

# the jobs run at the next minute; wait for the first run of each to end (at most 150 s)
run_status() {
	q -c "SELECT d.status || ': ' || coalesce(d.return_message, '') FROM cron.job_run_details d
	      JOIN cron.job j USING (jobid) WHERE j.jobname = '$1' AND d.status IN ('succeeded', 'failed')
	      ORDER BY d.runid LIMIT 1"
}
status=
control=
for _ in $(seq 150); do
	status=$(run_status 'refresh cdnow_clv')
	control=$(run_status 'refresh control')
	[ -n "$status" ] && [ -n "$control" ] && break
	sleep 1
done
case "$control" in
failed*) ok "the control job is seen failing ($control)" ;;
*) not_ok "the control job (division by zero) did not fail: '$control'" ;;
esac
case "$status" in
succeeded*) ok "the scheduled REFRESH MATERIALIZED VIEW succeeded ($status)" ;;
'') not_ok "the scheduled refresh did not run within 150 s" ;;
*) not_ok "the scheduled refresh failed: $status" ;;
esac

got=$(q -c "SELECT (SELECT relispopulated FROM pg_class WHERE relname = 'cdnow_clv') || ' ' || count(*) || ' ' ||
                   count(*) FILTER (WHERE clv >= 0 AND p_alive BETWEEN 0 AND 1 AND spend > 0) || ' ' ||
                   (SELECT count(*) FROM cdnow_clv WHERE customer_id = 10244 AND clv >= 0)
            FROM cdnow_clv" 2>&1)
if [ "$got" = "true 23570 23570 1" ]; then
	ok "the view holds every customer's prediction (23,570, customer 10244 included)"
else
	not_ok "the view holds every customer's prediction (populated, rows, valid rows, customer 10244: $got)"
fi
q -c "SELECT cron.unschedule('refresh cdnow_clv'), cron.unschedule('refresh control')" >/dev/null 2>&1
finish
