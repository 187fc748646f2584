-- Parallel plans (issue 14 item 2): for ltv_summary, the triangle and the
-- level-2 aggregates, @ours runs with 2 parallel workers (zero parallel
-- costs, so the planner always takes them) and @plain is the same query
-- serial: the ratio is the speedup.  Each is followed by its floor, a query
-- of built-in aggregates over the same columns and groups, timed the same
-- way: its ratio is the speedup PostgreSQL itself gets on this data and this
-- machine, the target for ours.  @check compares the parallel and serial
-- results.  (On a 2-core machine the leader and 2 workers share 2 cores.)

-- @case parallel: ltv_summary per customer
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of'::timestamptz) FROM :orders GROUP BY customer_id
-- @plain
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of'::timestamptz) FROM :orders GROUP BY customer_id
-- @check
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_summary AS
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of'::timestamptz)::text AS s FROM :orders GROUP BY customer_id;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
CREATE TEMP TABLE parallel_summary AS
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of'::timestamptz)::text AS s FROM :orders GROUP BY customer_id;
SELECT count(*) = (SELECT count(*) FROM serial_summary) AND bool_and(p.s = s.s)
FROM parallel_summary p JOIN serial_summary s USING (customer_id)

-- @case parallel: floor of ltv_summary (count, sum, min, max per customer)
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT customer_id, count(*), sum(amount), min(ordered_at), max(ordered_at) FROM :orders GROUP BY customer_id
-- @plain
SELECT customer_id, count(*), sum(amount), min(ordered_at), max(ordered_at) FROM :orders GROUP BY customer_id
-- @check
SELECT true

-- @case parallel: retention_triangle
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders
-- @plain
SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders
-- @check
SET max_parallel_workers_per_gather = 0;
SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz)::text AS t FROM :orders \gset serial_
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz)::text = :'serial_t' FROM :orders

-- @case parallel: floor of the triangle (first order per customer, counted)
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT count(*), min(f) FROM (SELECT customer_id, min(ordered_at) AS f FROM :orders GROUP BY customer_id) s
-- @plain
SELECT count(*), min(f) FROM (SELECT customer_id, min(ordered_at) AS f FROM :orders GROUP BY customer_id) s
-- @check
SELECT true

-- @case parallel: retention_rate(activity, as_of), level 2
-- Per-customer values derived from the orders once (untimed).
-- @setup
DROP TABLE IF EXISTS bench_parallel_customers;
CREATE TABLE bench_parallel_customers AS
SELECT customer_id, retention_activity(ordered_at, amount, '1 month') AS activity,
       ltv_summary(ordered_at, amount, :'as_of'::timestamptz) AS summary,
       extract(epoch FROM max(ordered_at) - min(ordered_at))::float8 / 86400 AS duration,
       max(ordered_at) < :'as_of'::timestamptz - interval '180 days' AS churned,
       (:'as_of'::timestamptz::date - max(ordered_at)::date)::float8 AS recency,
       count(*) FILTER (WHERE amount > 0)::float8 AS frequency, greatest(sum(amount), 0) AS monetary
FROM :orders WHERE ordered_at <= :'as_of'::timestamptz GROUP BY customer_id;
VACUUM ANALYZE bench_parallel_customers;
-- The leader's share (issue 14 item 2), printed under the level-2 rows: q
-- run `runs` times serially and `runs` times with 2 workers; the backend's
-- own CPU time (utime + stime of /proc/self/stat, 10 ms ticks) per run, and
-- from `runs` more runs with node timing the time between the Gather node's end (the last
-- worker's state has arrived) and the top node's end: the final function and
-- the last combine, which only the leader runs.  Medians.
-- this backend's CPU time so far in ms (utime + stime, in 10 ms ticks)
CREATE OR REPLACE FUNCTION bench_cpu_ms() RETURNS float8 LANGUAGE sql AS $fn$
SELECT (f[14]::bigint + f[15]::bigint) * 10.0 FROM string_to_array(pg_read_file('/proc/self/stat'), ' ') AS f $fn$;
CREATE OR REPLACE FUNCTION bench_leader(q text, runs int, customers bigint) RETURNS text
LANGUAGE plpgsql AS $fn$
DECLARE
    plan json;
    tails float8[] := '{}';
    c0 float8;
    serial_cpu float8;
    parallel_cpu float8;
    tail float8;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', '0', true);
    c0 := bench_cpu_ms();
    FOR i IN 1..runs LOOP
        EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || q INTO plan;
    END LOOP;
    serial_cpu := (bench_cpu_ms() - c0) / runs;
    PERFORM set_config('max_parallel_workers_per_gather', '2', true);
    PERFORM set_config('parallel_setup_cost', '0', true);
    PERFORM set_config('parallel_tuple_cost', '0', true);
    PERFORM set_config('min_parallel_table_scan_size', '0', true);
    c0 := bench_cpu_ms();
    FOR i IN 1..runs LOOP
        EXECUTE 'EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ' || q INTO plan;
    END LOOP;
    parallel_cpu := (bench_cpu_ms() - c0) / runs;
    -- node times need TIMING ON (a clock read per row: not for the CPU figures)
    FOR i IN 1..runs LOOP
        EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || q INTO plan;
        IF plan->0->'Plan'->'Plans'->0->>'Node Type' <> 'Gather' THEN
            RAISE EXCEPTION 'bench_leader: no Gather under the top node of %', q;
        END IF;
        tails := tails || ((plan->0->'Plan'->>'Actual Total Time')::float8
                           - (plan->0->'Plan'->'Plans'->0->>'Actual Total Time')::float8);
    END LOOP;
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY t) INTO tail FROM unnest(tails) AS t;
    RETURN format('leader CPU per run: serial %s ms, with 2 workers %s ms (%s%% of serial); after the last worker''s state: %s ms (%s ns per customer)',
                  round(serial_cpu::numeric, 0), round(parallel_cpu::numeric, 0),
                  round((100 * parallel_cpu / nullif(serial_cpu, 0))::numeric, 0),
                  round(tail::numeric, 1), round((tail * 1e6 / customers)::numeric, 1));
END $fn$;
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_parallel_customers
-- @plain
SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_parallel_customers
-- @check
SET max_parallel_workers_per_gather = 0;
SELECT retention_rate(activity, :'as_of'::timestamptz)::text AS r FROM bench_parallel_customers \gset serial_
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT retention_rate(activity, :'as_of'::timestamptz)::text = :'serial_r' FROM bench_parallel_customers
-- @report
SET client_min_messages = error;
SELECT bench_leader($q$SELECT retention_rate(activity, timestamptz '2025-01-01 00:00:00+00') FROM bench_parallel_customers$q$, 5, (SELECT count(*) FROM bench_parallel_customers));

-- @case parallel: churn_curve(duration, churned), level 2
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT churn_curve(duration, churned) FROM bench_parallel_customers
-- @plain
SELECT churn_curve(duration, churned) FROM bench_parallel_customers
-- @check
SET max_parallel_workers_per_gather = 0;
SELECT churn_curve(duration, churned)::text AS c FROM bench_parallel_customers \gset serial_
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT churn_curve(duration, churned)::text = :'serial_c' FROM bench_parallel_customers
-- @report
SET client_min_messages = error;
SELECT bench_leader($q$SELECT churn_curve(duration, churned) FROM bench_parallel_customers$q$, 5, (SELECT count(*) FROM bench_parallel_customers));

-- @case parallel: churn_curve(round(duration), churned), level 2 (whole days)
-- The same customers with durations in whole days: 728 distinct
-- durations, so the result (one 24-byte entry per distinct duration) is small
-- and the leader's final merge is short; next to the continuous case above
-- (960,850 distinct durations, as many entries written by the leader
-- alone) it shows what the leader-only tail costs.
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT churn_curve(round(duration), churned) FROM bench_parallel_customers
-- @plain
SELECT churn_curve(round(duration), churned) FROM bench_parallel_customers
-- @check
SET max_parallel_workers_per_gather = 0;
SELECT churn_curve(round(duration), churned)::text AS c FROM bench_parallel_customers \gset serial_
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT churn_curve(round(duration), churned)::text = :'serial_c' FROM bench_parallel_customers
-- @report
SET client_min_messages = error;
SELECT bench_leader($q$SELECT churn_curve(round(duration), churned) FROM bench_parallel_customers$q$, 5, (SELECT count(*) FROM bench_parallel_customers));

-- @case parallel: rfm_thresholds, level 2
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT rfm_thresholds(recency, frequency, monetary) FROM bench_parallel_customers
-- @plain
SELECT rfm_thresholds(recency, frequency, monetary) FROM bench_parallel_customers
-- @check
SET max_parallel_workers_per_gather = 0;
SELECT rfm_thresholds(recency, frequency, monetary)::text AS t FROM bench_parallel_customers \gset serial_
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT rfm_thresholds(recency, frequency, monetary)::text = :'serial_t' FROM bench_parallel_customers
-- @report
SET client_min_messages = error;
SELECT bench_leader($q$SELECT rfm_thresholds(recency, frequency, monetary) FROM bench_parallel_customers$q$, 5, (SELECT count(*) FROM bench_parallel_customers));

-- @case parallel: ltv_fit(summary), level 2
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT ltv_fit(summary) FROM bench_parallel_customers
-- @plain
SELECT ltv_fit(summary) FROM bench_parallel_customers
-- @check
SET client_min_messages = error;
SET max_parallel_workers_per_gather = 0;
SELECT ltv_fit(summary)::text AS m FROM bench_parallel_customers \gset serial_
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SELECT ltv_fit(summary)::text = :'serial_m' FROM bench_parallel_customers
-- @report
SET client_min_messages = error;
SELECT bench_leader($q$SELECT ltv_fit(summary) FROM bench_parallel_customers$q$, 5, (SELECT count(*) FROM bench_parallel_customers));

-- @case parallel: floor of the level-2 aggregates (count, sum, max of their columns)
-- @ours_settings
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
-- @plain_settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT count(activity), count(summary), sum(duration), count(churned), max(recency), sum(frequency), max(monetary)
FROM bench_parallel_customers
-- @plain
SELECT count(activity), count(summary), sum(duration), count(churned), max(recency), sum(frequency), max(monetary)
FROM bench_parallel_customers
-- @check
SELECT true
