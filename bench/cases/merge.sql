-- Merging stored values (issue 12 item 1): a user keeps one value per
-- customer (a rollup table, a materialized view, Citus shards) and merges
-- them later.  For each stored type, @ours merges 1M stored per-customer
-- values into one, @plain builds the same result from the raw inputs of
-- those values; both serial.  @check compares the two results.  The merge
-- should be within 3x of building from the raw inputs (ratio >= 0.33), in
-- memory bounded by the size of the result (compare "ours MB" with "plain MB").
-- 1M customers generated in @setup, independent of the orders size:
--   churn_curve    one customer's (duration in whole days, churned) each;
--                  and continuous durations (all distinct)
--   rfm_state      (recency days, frequency, monetary with cents): monetary
--                  nearly all distinct
--   ltv_fit_state  (x, t_x, T, m) from a BG/NBD-like draw, m distinct
--   retention_activity  two batches per customer (orders before and after
--                  a date) unioned per customer (GROUP BY customer) against
--                  retention_activity over the 3M orders
--   retention_curve     one level-2 state per customer (retention_rate's state
--                  type) merged, against retention_rate over the 1M activities
-- ltv_fit_state and retention_curve have no merging aggregate of their own
-- (Citus' coord_combine_agg and parallel plans call their combine
-- functions); @setup defines the aggregates that do what those executors do.

-- @case merge: churn_curve, 1M per-customer, days
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
-- the backend's peak resident memory so far (for @report: a fresh session
-- scans the table first, so the difference is the aggregate's own memory)
CREATE OR REPLACE FUNCTION bench_peak_bytes() RETURNS bigint LANGUAGE sql
AS $$ SELECT (regexp_match(pg_read_file('/proc/self/status'), 'VmHWM:\s+(\d+)'))[1]::bigint * 1024 $$;
DROP TABLE IF EXISTS bench_merge_churn;
CREATE TABLE bench_merge_churn AS
SELECT i AS customer_id, (abs(hashint4(i)) % 1000)::float8 AS days,
       (abs(hashint4(i)) % 1000000) / 997.0::float8 AS continuous, abs(hashint4(-i)) % 3 <> 0 AS churned
FROM generate_series(1, 1000000) AS i;
DROP TABLE IF EXISTS bench_merge_churn_stored;
CREATE TABLE bench_merge_churn_stored AS
SELECT customer_id, churn_curve(days, churned) AS days, churn_curve(continuous, churned) AS continuous
FROM bench_merge_churn GROUP BY customer_id;
VACUUM ANALYZE bench_merge_churn;
VACUUM ANALYZE bench_merge_churn_stored;
-- @ours
SELECT churn_curve(days) FROM bench_merge_churn_stored
-- @plain
SELECT churn_curve(days, churned) FROM bench_merge_churn
-- @check
SELECT (SELECT churn_curve(days)::text FROM bench_merge_churn_stored)
     = (SELECT churn_curve(days, churned)::text FROM bench_merge_churn)

-- @report
-- sizes: the stored per-customer values, the result; peaks above a scan, each in a fresh session
SELECT count(*) AS customers, sum(pg_column_size(days)) AS stored_bytes FROM bench_merge_churn_stored \gset
SELECT (SELECT count(DISTINCT days) FROM bench_merge_churn) AS distinct_values \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_churn_stored \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT churn_curve(days) FROM bench_merge_churn_stored)) AS result_bytes \gset
SELECT bench_peak_bytes() - :base AS merge_peak \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_churn \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT churn_curve(days, churned) FROM bench_merge_churn)) AS build_bytes \gset
SELECT bench_peak_bytes() - :base AS build_peak \gset
SELECT format('churn_curve, days: %s customers, %s distinct durations; stored %s bytes per customer; result %s bytes (%s per distinct durations%s)',
              :customers, :distinct_values, round(:stored_bytes::numeric / :customers, 1), :result_bytes,
              round(:result_bytes::numeric / greatest(:distinct_values, 1), 1),
              CASE WHEN :build_bytes <> :result_bytes THEN ', built from the raw inputs ' || :build_bytes ELSE '' END);
SELECT format('churn_curve, days: peak above the scan: merge %s bytes per customer, %s per distinct durations; build from raw inputs %s per customer, %s per distinct durations',
              round(:merge_peak::numeric / :customers, 1), round(:merge_peak::numeric / greatest(:distinct_values, 1), 1),
              round(:build_peak::numeric / :customers, 1), round(:build_peak::numeric / greatest(:distinct_values, 1), 1));

-- @case merge: churn_curve, 1M per-customer, continuous
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT churn_curve(continuous) FROM bench_merge_churn_stored
-- @plain
SELECT churn_curve(continuous, churned) FROM bench_merge_churn
-- @check
SELECT (SELECT churn_curve(continuous)::text FROM bench_merge_churn_stored)
     = (SELECT churn_curve(continuous, churned)::text FROM bench_merge_churn)

-- @report
-- sizes: the stored per-customer values, the result; peaks above a scan, each in a fresh session
SELECT count(*) AS customers, sum(pg_column_size(continuous)) AS stored_bytes FROM bench_merge_churn_stored \gset
SELECT (SELECT count(DISTINCT continuous) FROM bench_merge_churn) AS distinct_values \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_churn_stored \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT churn_curve(continuous) FROM bench_merge_churn_stored)) AS result_bytes \gset
SELECT bench_peak_bytes() - :base AS merge_peak \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_churn \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT churn_curve(continuous, churned) FROM bench_merge_churn)) AS build_bytes \gset
SELECT bench_peak_bytes() - :base AS build_peak \gset
SELECT format('churn_curve, continuous: %s customers, %s distinct durations; stored %s bytes per customer; result %s bytes (%s per distinct durations%s)',
              :customers, :distinct_values, round(:stored_bytes::numeric / :customers, 1), :result_bytes,
              round(:result_bytes::numeric / greatest(:distinct_values, 1), 1),
              CASE WHEN :build_bytes <> :result_bytes THEN ', built from the raw inputs ' || :build_bytes ELSE '' END);
SELECT format('churn_curve, continuous: peak above the scan: merge %s bytes per customer, %s per distinct durations; build from raw inputs %s per customer, %s per distinct durations',
              round(:merge_peak::numeric / :customers, 1), round(:merge_peak::numeric / greatest(:distinct_values, 1), 1),
              round(:build_peak::numeric / :customers, 1), round(:build_peak::numeric / greatest(:distinct_values, 1), 1));

-- @case merge: rfm_state, 1M per-customer
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
DROP TABLE IF EXISTS bench_merge_rfm;
CREATE TABLE bench_merge_rfm AS
SELECT i AS customer_id, (abs(hashint4(i)) % 730)::float8 AS recency, (1 + abs(hashint4(-i)) % 40)::float8 AS frequency,
       round((abs(hashint4(i * 7)) % 10000000) / 100.0, 2) AS monetary
FROM generate_series(1, 1000000) AS i;
DROP TABLE IF EXISTS bench_merge_rfm_stored;
CREATE TABLE bench_merge_rfm_stored AS
SELECT customer_id, rfm_state_agg(recency, frequency, monetary) AS state FROM bench_merge_rfm GROUP BY customer_id;
VACUUM ANALYZE bench_merge_rfm;
VACUUM ANALYZE bench_merge_rfm_stored;
-- @ours
SELECT rfm_state_merge(state) FROM bench_merge_rfm_stored
-- @plain
SELECT rfm_state_agg(recency, frequency, monetary) FROM bench_merge_rfm
-- @check
SELECT (SELECT rfm_state_merge(state)::text FROM bench_merge_rfm_stored)
     = (SELECT rfm_state_agg(recency, frequency, monetary)::text FROM bench_merge_rfm)

-- @report
-- sizes: the stored per-customer values, the result; peaks above a scan, each in a fresh session
SELECT count(*) AS customers, sum(pg_column_size(state)) AS stored_bytes FROM bench_merge_rfm_stored \gset
SELECT (SELECT (SELECT count(DISTINCT recency) FROM bench_merge_rfm) + (SELECT count(DISTINCT frequency) FROM bench_merge_rfm) + (SELECT count(DISTINCT monetary) FROM bench_merge_rfm)) AS distinct_values \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_rfm_stored \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT rfm_state_merge(state) FROM bench_merge_rfm_stored)) AS result_bytes \gset
SELECT bench_peak_bytes() - :base AS merge_peak \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_rfm \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT rfm_state_agg(recency, frequency, monetary) FROM bench_merge_rfm)) AS build_bytes \gset
SELECT bench_peak_bytes() - :base AS build_peak \gset
SELECT format('rfm_state: %s customers, %s distinct values (sum over the 3 dimensions); stored %s bytes per customer; result %s bytes (%s per distinct values (sum over the 3 dimensions)%s)',
              :customers, :distinct_values, round(:stored_bytes::numeric / :customers, 1), :result_bytes,
              round(:result_bytes::numeric / greatest(:distinct_values, 1), 1),
              CASE WHEN :build_bytes <> :result_bytes THEN ', built from the raw inputs ' || :build_bytes ELSE '' END);
SELECT format('rfm_state: peak above the scan: merge %s bytes per customer, %s per distinct values (sum over the 3 dimensions); build from raw inputs %s per customer, %s per distinct values (sum over the 3 dimensions)',
              round(:merge_peak::numeric / :customers, 1), round(:merge_peak::numeric / greatest(:distinct_values, 1), 1),
              round(:build_peak::numeric / :customers, 1), round(:build_peak::numeric / greatest(:distinct_values, 1), 1));

-- @case merge: ltv_fit_state, 1M per-customer
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
DROP AGGREGATE IF EXISTS bench_fit_state_of(float8, float8, float8, float8);
CREATE AGGREGATE bench_fit_state_of(float8, float8, float8, float8) (SFUNC = ltv_fit_transfn, STYPE = ltv_fit_state);
DROP AGGREGATE IF EXISTS bench_fit_state_merge(ltv_fit_state);
CREATE AGGREGATE bench_fit_state_merge(ltv_fit_state) (SFUNC = ltv_fit_combine, STYPE = ltv_fit_state);
DROP TABLE IF EXISTS bench_merge_fit;
CREATE TABLE bench_merge_fit AS
SELECT customer_id, x, CASE WHEN x = 0 THEN 0 ELSE least(t, x * 3 + abs(hashint4(customer_id)) % 7) END AS t_x, t,
       CASE WHEN x > 0 THEN 5 + (abs(hashint4(customer_id * 3)) % 100000) / 1000.0 END AS m
FROM (SELECT i AS customer_id, (abs(hashint4(-i)) % 8)::float8 AS x, (30 + abs(hashint4(i * 5)) % 75)::float8 AS t
      FROM generate_series(1, 1000000) AS i) s;
DROP TABLE IF EXISTS bench_merge_fit_stored;
CREATE TABLE bench_merge_fit_stored AS
SELECT customer_id, bench_fit_state_of(x, t_x, t, m) AS state FROM bench_merge_fit GROUP BY customer_id;
VACUUM ANALYZE bench_merge_fit;
VACUUM ANALYZE bench_merge_fit_stored;
-- @ours
SELECT bench_fit_state_merge(state) FROM bench_merge_fit_stored
-- @plain
SELECT bench_fit_state_of(x, t_x, t, m) FROM bench_merge_fit
-- @check
SET client_min_messages = error;
SELECT (SELECT ltv_fit_final(bench_fit_state_merge(state))::text FROM bench_merge_fit_stored)
     = (SELECT ltv_fit_final(bench_fit_state_of(x, t_x, t, m))::text FROM bench_merge_fit)

-- @report
-- sizes: the stored per-customer values, the result; peaks above a scan, each in a fresh session
SELECT count(*) AS customers, sum(pg_column_size(state)) AS stored_bytes FROM bench_merge_fit_stored \gset
SELECT (SELECT count(*) FROM (SELECT DISTINCT x, t_x, t, m FROM bench_merge_fit) d) AS distinct_values \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_fit_stored \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT bench_fit_state_merge(state) FROM bench_merge_fit_stored)) AS result_bytes \gset
SELECT bench_peak_bytes() - :base AS merge_peak \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_fit \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT bench_fit_state_of(x, t_x, t, m) FROM bench_merge_fit)) AS build_bytes \gset
SELECT bench_peak_bytes() - :base AS build_peak \gset
SELECT format('ltv_fit_state: %s customers, %s distinct (x, t_x, T, m); stored %s bytes per customer; result %s bytes (%s per distinct (x, t_x, T, m)%s)',
              :customers, :distinct_values, round(:stored_bytes::numeric / :customers, 1), :result_bytes,
              round(:result_bytes::numeric / greatest(:distinct_values, 1), 1),
              CASE WHEN :build_bytes <> :result_bytes THEN ', built from the raw inputs ' || :build_bytes ELSE '' END);
SELECT format('ltv_fit_state: peak above the scan: merge %s bytes per customer, %s per distinct (x, t_x, T, m); build from raw inputs %s per customer, %s per distinct (x, t_x, T, m)',
              round(:merge_peak::numeric / :customers, 1), round(:merge_peak::numeric / greatest(:distinct_values, 1), 1),
              round(:build_peak::numeric / :customers, 1), round(:build_peak::numeric / greatest(:distinct_values, 1), 1));

-- @case merge: retention_activity, 2M batches of 1M customers
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
DROP TABLE IF EXISTS bench_merge_orders;
CREATE TABLE bench_merge_orders AS
SELECT i AS customer_id, date '2022-01-01' + (abs(hashint4(i * 11 + k)) % 1000) AS ordered_on,
       (k * 10 - 5)::numeric AS amount
FROM generate_series(1, 1000000) AS i, generate_series(1, 3) AS k;
DROP TABLE IF EXISTS bench_merge_activity_stored;
CREATE TABLE bench_merge_activity_stored AS
SELECT customer_id, ordered_on < date '2023-06-01' AS early, retention_activity(ordered_on, amount, '1 month') AS activity
FROM bench_merge_orders GROUP BY customer_id, 2;
VACUUM ANALYZE bench_merge_orders;
VACUUM ANALYZE bench_merge_activity_stored;
-- @ours
SELECT customer_id, retention_activity_union(activity) FROM bench_merge_activity_stored GROUP BY customer_id
-- @plain
SELECT customer_id, retention_activity(ordered_on, amount, '1 month') FROM bench_merge_orders GROUP BY customer_id
-- @check
SELECT (SELECT md5(string_agg(a::text, ',' ORDER BY customer_id))
        FROM (SELECT customer_id, retention_activity_union(activity) AS a FROM bench_merge_activity_stored GROUP BY customer_id) s)
     = (SELECT md5(string_agg(a::text, ',' ORDER BY customer_id))
        FROM (SELECT customer_id, retention_activity(ordered_on, amount, '1 month') AS a FROM bench_merge_orders GROUP BY customer_id) s)

-- @report
-- sizes: the stored per-customer values, the result; peaks above a scan, each in a fresh session
SELECT count(DISTINCT customer_id) AS customers, sum(pg_column_size(activity)) AS stored_bytes FROM bench_merge_activity_stored \gset
SELECT (SELECT count(DISTINCT (customer_id, date_trunc('month', ordered_on))) FROM bench_merge_orders) AS distinct_values \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_activity_stored \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT sum(pg_column_size(a)) AS result_bytes FROM (SELECT customer_id, retention_activity_union(activity) AS a FROM bench_merge_activity_stored GROUP BY customer_id) s \gset
SELECT bench_peak_bytes() - :base AS merge_peak \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_orders \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT sum(pg_column_size(a)) AS build_bytes FROM (SELECT customer_id, retention_activity(ordered_on, amount, '1 month') AS a FROM bench_merge_orders GROUP BY customer_id) s \gset
SELECT bench_peak_bytes() - :base AS build_peak \gset
SELECT format('retention_activity (2 batches per customer): %s customers, %s distinct (customer, month); stored %s bytes per customer; result %s bytes (%s per distinct (customer, month)%s)',
              :customers, :distinct_values, round(:stored_bytes::numeric / :customers, 1), :result_bytes,
              round(:result_bytes::numeric / greatest(:distinct_values, 1), 1),
              CASE WHEN :build_bytes <> :result_bytes THEN ', built from the raw inputs ' || :build_bytes ELSE '' END);
SELECT format('retention_activity (2 batches per customer): peak above the scan: merge %s bytes per customer, %s per distinct (customer, month); build from raw inputs %s per customer, %s per distinct (customer, month)',
              round(:merge_peak::numeric / :customers, 1), round(:merge_peak::numeric / greatest(:distinct_values, 1), 1),
              round(:build_peak::numeric / :customers, 1), round(:build_peak::numeric / greatest(:distinct_values, 1), 1));

-- @case merge: retention_curve, 1M per-customer
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
DROP AGGREGATE IF EXISTS bench_curve_state_of(retention_activity, date);
CREATE AGGREGATE bench_curve_state_of(retention_activity, date) (SFUNC = retention_curve_transfn, STYPE = retention_curve);
DROP AGGREGATE IF EXISTS bench_curve_state_merge(retention_curve);
CREATE AGGREGATE bench_curve_state_merge(retention_curve) (SFUNC = retention_curve_combine, STYPE = retention_curve,
                                                           FINALFUNC = retention_curve_points);
DROP TABLE IF EXISTS bench_merge_activity;
CREATE TABLE bench_merge_activity AS
SELECT customer_id, retention_activity(ordered_on, amount, '1 month') AS activity FROM bench_merge_orders GROUP BY customer_id;
DROP TABLE IF EXISTS bench_merge_curve_stored;
CREATE TABLE bench_merge_curve_stored AS
SELECT customer_id, bench_curve_state_of(activity, date '2025-01-01') AS state FROM bench_merge_activity GROUP BY customer_id;
VACUUM ANALYZE bench_merge_activity;
VACUUM ANALYZE bench_merge_curve_stored;
-- @ours
SELECT bench_curve_state_merge(state) FROM bench_merge_curve_stored
-- @plain
SELECT retention_rate(activity, date '2025-01-01') FROM bench_merge_activity
-- @check
SELECT (SELECT bench_curve_state_merge(state)::text FROM bench_merge_curve_stored)
     = (SELECT retention_rate(activity, date '2025-01-01')::text FROM bench_merge_activity)

-- @report
-- sizes: the stored per-customer values, the result; peaks above a scan, each in a fresh session
SELECT count(*) AS customers, sum(pg_column_size(state)) AS stored_bytes FROM bench_merge_curve_stored \gset
SELECT (SELECT cardinality(retention_rate(activity, date '2025-01-01')) FROM bench_merge_activity) AS distinct_values \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_curve_stored \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT bench_curve_state_merge(state) FROM bench_merge_curve_stored)) AS result_bytes \gset
SELECT bench_peak_bytes() - :base AS merge_peak \gset
\c
LOAD 'ltv';
SELECT count(*) FROM bench_merge_activity \g /dev/null
SELECT bench_peak_bytes() AS base \gset
SELECT pg_column_size((SELECT retention_rate(activity, date '2025-01-01') FROM bench_merge_activity)) AS build_bytes \gset
SELECT bench_peak_bytes() - :base AS build_peak \gset
SELECT format('retention_curve (result: the points array): %s customers, %s distinct points; stored %s bytes per customer; result %s bytes (%s per distinct points%s)',
              :customers, :distinct_values, round(:stored_bytes::numeric / :customers, 1), :result_bytes,
              round(:result_bytes::numeric / greatest(:distinct_values, 1), 1),
              CASE WHEN :build_bytes <> :result_bytes THEN ', built from the raw inputs ' || :build_bytes ELSE '' END);
SELECT format('retention_curve: peak above the scan: merge %s bytes per customer, %s per distinct points; build from raw inputs %s per customer, %s per distinct points',
              round(:merge_peak::numeric / :customers, 1), round(:merge_peak::numeric / greatest(:distinct_values, 1), 1),
              round(:build_peak::numeric / :customers, 1), round(:build_peak::numeric / greatest(:distinct_values, 1), 1));
