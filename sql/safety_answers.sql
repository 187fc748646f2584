-- Issue 10, item 4: inputs that gave a silently wrong answer (or an error
-- where the result exists) before the fix.
\i test/sql/helpers.sql

-- 1. dates after 294276 AD have no microsecond timestamp: every date entry
--    point says so instead of wrapping (ltv_period_start gave 29357-07-04)
SELECT expect_error($$SELECT ltv_period_start(date '5874897-12-31', date '2000-01-01', '1 day')$$);
SELECT expect_error($$SELECT ltv_period_index(date '5874897-12-31', date '2000-01-01', '1 day')$$);
SELECT expect_error($$SELECT ltv_period_index(date '2000-01-01', date '294277-01-01', '1 day')$$);
SELECT expect_error($$SELECT (ltv_summary(d, 1, date '5874897-12-31')).t_cal FROM (VALUES (date '2000-01-01')) v(d)$$);
SELECT expect_error($$SELECT churn_duration(date '2000-01-01', date '5874897-12-31', '1 day')$$);
SELECT expect_error($$SELECT churn_curve(date '2000-01-01', date '5874897-12-31', date '5874897-12-31', '1 day')$$);
SELECT expect_error($$SELECT retention_activity(date '5874897-12-31', 1, '1 day')$$);
SELECT expect_error($$SELECT retention_rate(1, date '2000-01-01', 1, '1 day', date '5874897-12-31')$$);
SELECT expect_error($$SELECT retention_triangle(1, date '2000-01-01', 1, '1 day', date '5874897-12-31')$$);
SELECT expect_error($$SELECT ltv_agg(1, date '2000-01-01', 1, date '5874897-12-31')$$);
-- the last date that is a timestamp still works, and agrees with timestamp arithmetic
SELECT ltv_period_start(date '294276-12-31', date '2000-01-01', '1 day') AS last_day,
       ltv_period_index(date '294276-12-31', date '2000-01-01', '1 day')
         = (date '294276-12-31' - date '2000-01-01') AS index_is_day_count,
       ltv_period_index(date '4714-11-24 BC', date '2000-01-01', '1 day')
         = (date '4714-11-24 BC' - date '2000-01-01') AS first_day_index;

-- 2. period starts between the two ends of the timestamp range: k * unit
--    exceeds a bigint though the start is in range (this errored)
SELECT ltv_period_start(timestamp '4713-01-01 BC', timestamp '294276-12-31', '1 day') AS from_the_end,
       ltv_period_start(timestamp '294276-12-31', timestamp '4713-01-01 BC', '1 day') AS from_the_start,
       ltv_period_start(timestamp '4713-01-01 12:00 BC', timestamp '294276-12-31', '7 days') AS weeks,
       ltv_period_index(timestamp '4713-01-01 BC', timestamp '294276-12-31', '1 day')
         = (date '4713-01-01 BC' - date '294276-12-31') AS index_is_day_count;
-- the weekly start by day counts (PostgreSQL's date subtraction and interval arithmetic)
SELECT ltv_period_start(timestamp '4713-01-01 12:00 BC', timestamp '294276-12-31', '7 days')
       = timestamp '294276-12-31' - (CASE WHEN d % 7 = 0 THEN d ELSE (d / 7 + 1) * 7 END) * interval '1 day' AS weeks_ok
FROM (SELECT date '294276-12-31' - date '4713-01-01 BC' AS d) q;

-- 3. ltv_fit over a customer with x > 1e9 (what predictions accept): status
--    'bad input' as before, now with a WARNING that says why
SELECT bgnbd_status, gg_status, r IS NULL AS r_null, p IS NULL AS p_null
FROM ltv_model_params((SELECT ltv_fit(x, t_x, t, m)
                       FROM (VALUES (1.5e9::float8, 1::float8, 2::float8, 10::float8)) v(x, t_x, t, m)));
SELECT expect_error($$SELECT ltv_p_alive('version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'::ltv_model, 1.5e9, 1, 2)$$);

-- 4. subnormal t_x and T: the likelihood has no gradient where the
--    parameters leave the domain; the optimizer read it uninitialised
--    (valgrind, make valgrind); now the fit ends with a status
SET client_min_messages = error;
SELECT bgnbd_status IN ('converged', 'not converged', 'unidentified') AS bgnbd_has_status
FROM ltv_model_params((SELECT ltv_fit(x, t_x, t, m) FROM (VALUES (1::float8, 5e-324::float8, 1e-323::float8, 10::float8),
                       (0, 0, 2e-323, NULL), (2, 5e-324, 1e-323, 5)) v(x, t_x, t, m)));
RESET client_min_messages;

-- 5. Gamma-Gamma expected spend of a customer with x m beyond float8: the
--    weighted mean of m and the population mean (was Infinity).  Reference:
--    m (p x / (p x + q - 1)) + p gamma / (p x + q - 1) with p = 6.25,
--    q = 3.74, gamma = 15.44, x = 2147483647, m = 1e308, by hand:
--    1e308 * (1 - 2.74 / 13421772796.75) = 9.99999999795854e+307
SELECT ltv_expected_spend('version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'::ltv_model,
                          2147483647, 1e308) AS spend;

-- 6. ltv_agg keyed on a type without binary I/O (aclitem: hashable, no
--    send/receive) in a parallel plan: the keys travel as text (was 42883)
CREATE TABLE safety_acl AS
SELECT makeaclitem(('pg_database_owner'::regrole)::oid, (CASE WHEN c % 2 = 0 THEN 'pg_monitor' ELSE 'pg_read_all_data' END)::regrole::oid,
                   (ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE'])[1 + c % 5], c % 3 = 0) AS customer,
       date '2020-01-01' + (c * 7 + k * 11) AS ordered_on, (5 + k)::numeric AS amount, c % 2 AS seg
FROM generate_series(1, 30) c, generate_series(0, 3) k;
ANALYZE safety_acl;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
SET client_min_messages = error;
EXPLAIN (COSTS OFF) SELECT seg, ltv_agg(customer, ordered_on, amount, date '2021-01-01') FROM safety_acl GROUP BY seg;
CREATE TABLE safety_acl_parallel AS
SELECT seg, ltv_agg(customer, ordered_on, amount, date '2021-01-01')::text AS segment FROM safety_acl GROUP BY seg;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE safety_acl_serial AS
SELECT seg, ltv_agg(customer, ordered_on, amount, date '2021-01-01')::text AS segment FROM safety_acl GROUP BY seg;
RESET client_min_messages;
RESET enable_hashagg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT seg, p.segment = s.segment AS same, (s.segment::ltv_segment).customers
FROM safety_acl_parallel p JOIN safety_acl_serial s USING (seg) ORDER BY seg;
DROP TABLE safety_acl, safety_acl_parallel, safety_acl_serial;

-- 7. the Kaplan-Meier median of durations near the largest double: R's
--    midpoint (x1 + x2) / 2 overflowed to Infinity (found by
--    test/fuzz/fuzz_churn_curve.c); the midpoint is finite.  One churned and
--    one censored at DBL_MAX: S = 0.5 there, median DBL_MAX; churned at 2^1023
--    and censored at 1.5 * 2^1023: S = 0.5 from 2^1023 on, median their
--    midpoint 1.25 * 2^1023 = 1.1235582092889474e+308.
SET extra_float_digits = 1;
SELECT churn_median('v1 1.7976931348623157e308:1:1'::churn_curve);
SELECT churn_quantile('v1 8.98846567431158e307:1:0 1.348269851146737e308:0:1'::churn_curve, 0.5);
RESET extra_float_digits;
