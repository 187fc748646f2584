-- Issue 10, item 5: one call cannot take the machine.  statement_timeout
-- stops each long call within 0.5 s of the timeout (the check: the call
-- failed with 57014 and returned less than timeout + 0.5 s after it began),
-- and the calls that would build a result too large to hold raise 54000 at
-- once instead.  Before issue 10: retention_rate to an as_of 45,000 years
-- away ran 21.9 s past a 1 s statement_timeout and died at 5.66 GB in array
-- construction (here: 54000 within 1.5 s); the triangle of 12.5M cells was
-- built, at 4.6 GB (here: 54000); the Pareto/NBD fit over the 30k customers
-- here runs 12 s, 39 s over 100k.  The million-point curve, the 3.9M-cell
-- triangle and churn_median over 3e7 durations under a timeout also stopped
-- in time before (between input rows, or once per triangle row); they keep
-- it so for each long call of the issue.  The linear loops of src/core
-- (decoding, formatting, Kaplan-Meier readers, merges, sorts, the sBG sum)
-- check for interrupts every 65,536 iterations: test/unit/test_interrupts.c
-- counts those checks.
\i test/sql/helpers.sql
\set VERBOSITY terse
\set SHOW_CONTEXT never

-- 1. a Pareto/NBD fit over 30,000 distinct customers, from a stored state
SET client_min_messages = error;
CREATE TABLE timeout_state AS
SELECT ('2;pareto_nbd;0;7;0;30000' || string_agg(';' || (c % 7) || ',' ||
        CASE WHEN c % 7 = 0 THEN '0' ELSE (c % 1000 * 0.01)::text END || ',' || (10 + c % 997 * 0.013)::text
        || ',' || CASE WHEN c % 7 = 0 THEN '-' ELSE (5 + c % 13)::text END || ',1', '' ORDER BY c))::ltv_fit_state AS s
FROM generate_series(1, 30000) c;
SELECT clock_timestamp() AS t0 \gset
SET statement_timeout = '500ms';
SELECT ltv_fit_final(s) IS NOT NULL FROM timeout_state;
RESET statement_timeout;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, clock_timestamp() - :'t0'::timestamptz < interval '1 s' AS returned_in_time;

-- 2. the same fit as an aggregate over the rows (the final function runs the fit)
SELECT clock_timestamp() AS t0 \gset
SET statement_timeout = '500ms';
SELECT ltv_fit(x, t_x, t, m, '7 days', 'pareto_nbd') IS NOT NULL
FROM (SELECT (c % 7)::float8 AS x, CASE WHEN c % 7 = 0 THEN 0 ELSE c % 1000 * 0.01 END AS t_x,
             10 + c % 997 * 0.013 AS t, CASE WHEN c % 7 <> 0 THEN 5 + c % 13 END::float8 AS m
      FROM generate_series(1, 30000) c) q;
RESET statement_timeout;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, clock_timestamp() - :'t0'::timestamptz < interval '1 s' AS returned_in_time;
RESET client_min_messages;

-- 3. the reproduction: retention_rate to an as_of far away, under a 1 s timeout
-- (refused at once: 54000 within 1.5 s)
CREATE TABLE timeout_activity AS
SELECT c AS customer_id, retention_activity(date '2000-01-01' + (c * 13 + k * 5), 1::numeric, '1 day') AS activity
FROM generate_series(1, 200) c, generate_series(0, 3) k GROUP BY c;
SELECT clock_timestamp() AS t0 \gset
SET statement_timeout = '1s';
SELECT retention_rate(activity, date '47000-01-01') IS NOT NULL FROM timeout_activity;
RESET statement_timeout;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, clock_timestamp() - :'t0'::timestamptz < interval '1.5 s' AS returned_in_time;
-- the same curve within the cap still comes back (30 years of days)
SELECT cardinality(retention_rate(activity, date '2030-01-01')) AS points FROM timeout_activity;

-- a curve of a million points (the most a result holds is 2^20 = 1,048,576)
-- is built, and stopped by a 0.2 s timeout while its points are made
SELECT clock_timestamp() AS t0 \gset
SET statement_timeout = '200ms';
SELECT cardinality(retention_rate(activity, date '2000-01-01' + 1000000)) FROM timeout_activity;
RESET statement_timeout;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, clock_timestamp() - :'t0'::timestamptz < interval '0.7 s' AS returned_in_time;

-- 4. a triangle of more cells than a result holds (12.5M cells took 4.6 GB):
-- 54000 at once
SELECT clock_timestamp() AS t0 \gset
SELECT retention_triangle(customer_id, d, 1::numeric, '1 day', date '2014-01-01') IS NOT NULL
FROM (SELECT c AS customer_id, date '2000-01-01' + c AS d FROM generate_series(1, 5000) c) q;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, clock_timestamp() - :'t0'::timestamptz < interval '1 s' AS returned_in_time;
-- 30 years of weekly cohorts still come back: 1,565 cohorts, cohort c (0..1564)
-- with weeks k = 0..1565 - c (the unfinished week of as_of included), so
-- 1566 * 1567 / 2 - 1 = 1,226,960 cells
SELECT cardinality(retention_triangle(customer_id, d, 1::numeric, '7 days', date '2000-01-01' + 7 * 1565)) AS cells
FROM (SELECT c AS customer_id, date '2000-01-01' + 7 * c AS d FROM generate_series(0, 1564) c) q;
-- a triangle of 3.9M cells (within the cap of 2^22) from 2,800 orders: the
-- final step is all of the work, and a 0.2 s timeout stops it
SELECT clock_timestamp() AS t0 \gset
SET statement_timeout = '200ms';
SELECT cardinality(retention_triangle(customer_id, d, 1::numeric, '1 day', date '2000-01-01' + 2800))
FROM (SELECT c AS customer_id, date '2000-01-01' + c AS d FROM generate_series(1, 2800) c) q;
RESET statement_timeout;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, clock_timestamp() - :'t0'::timestamptz < interval '0.7 s' AS returned_in_time;

-- 5. churn_median over 3e7 distinct durations, under a 0.5 s timeout
SELECT clock_timestamp() AS t0 \gset
SET statement_timeout = '500ms';
SELECT churn_median(churn_curve(g * 0.5::float8, g % 3 = 0)) IS NOT NULL FROM generate_series(1, 30000000) g;
RESET statement_timeout;
SELECT :'LAST_ERROR_SQLSTATE' AS sqlstate, clock_timestamp() - :'t0'::timestamptz < interval '1 s' AS returned_in_time;

-- 6. retention_heatmap of one cohort over 80,001 periods: quadratic in the
--    largest k before issue 11 (6.4 s; a 3 s timeout stopped it), linear now
--    (0.3 s): it comes back within the timeout, 3 lines (header, the cohort,
--    the legend), the widest 28 + 6 * 80,001 = 480,034 characters
CREATE TABLE timeout_cells AS
SELECT array_agg(ROW(timestamp '2000-01-01', k, 100::bigint, 50::bigint, 0.5::float8, false)::retention_cell ORDER BY k) AS cells
FROM generate_series(0, 80000) k;
SET statement_timeout = '3s';
SELECT count(*) AS lines, max(length(l)) AS widest FROM timeout_cells, retention_heatmap(cells) l;
RESET statement_timeout;

-- 7. the Kaplan-Meier table cap: a curve of 2^23 + 1 = 8,388,609 distinct
--    durations (201 MB) is refused at once (54000) by the readers that build
--    the table (80 bytes a duration: 671 MB), and read by churn_survival,
--    which streams it (every customer censored: S = 1 throughout, by the
--    definition of the Kaplan-Meier estimate); built once, in a variable, and
--    kept out of parallel plans (under the suite's forced parallel mode the
--    block took 30 s more)
DO $$
DECLARE
    c churn_curve;
    msg text;
    detail text;
BEGIN
    PERFORM set_config('max_parallel_workers_per_gather', '0', true);
    SELECT churn_curve(g::float8, false) INTO c FROM generate_series(1, 8388609) g;
    RAISE NOTICE 'churn_survival at 4194304.5: %', churn_survival(c, 4194304.5::float8);
    BEGIN
        PERFORM churn_median(c);
        RAISE NOTICE 'churn_median: no error';
    EXCEPTION WHEN program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
        RAISE NOTICE 'churn_median: 54000 % (%)', msg, detail;
    END;
    BEGIN
        PERFORM churn_quantile(c, 0.25::float8);
        RAISE NOTICE 'churn_quantile: no error';
    EXCEPTION WHEN program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
        RAISE NOTICE 'churn_quantile: 54000 % (%)', msg, detail;
    END;
    BEGIN
        PERFORM churn_restricted_mean(c, 100::float8);
        RAISE NOTICE 'churn_restricted_mean: no error';
    EXCEPTION WHEN program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL;
        RAISE NOTICE 'churn_restricted_mean: 54000 % (%)', msg, detail;
    END;
END
$$;

DROP TABLE timeout_state, timeout_activity, timeout_cells;
