-- The physical floor of each function (issue 14): @ours is the function,
-- @plain a query of built-in aggregates that reads the same columns of the
-- same rows and forms the same groups (count of each input column), so its
-- time is what any aggregate over those inputs costs at least: the scan, the
-- tuple deforming, the grouping.  "ratio" is then floor ms / ours ms, how
-- close the function is to the floor (1.00x: at the floor).  Serial, so the
-- comparison is not muddied by parallel plans.  Nothing to agree on: @check
-- only checks that ours returned a row per group.

-- @case floor: ltv_summary per customer
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of'::timestamptz) FROM :orders GROUP BY customer_id
-- @plain
SELECT customer_id, count(ordered_at), count(amount) FROM :orders GROUP BY customer_id
-- @check
SELECT count(*) = (SELECT count(DISTINCT customer_id) FROM :orders)
FROM (SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of'::timestamptz) FROM :orders GROUP BY customer_id) s

-- @case floor: ltv_agg per channel
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT channel, ltv_agg(customer_id, ordered_at, amount, :'as_of'::timestamptz) FROM :orders GROUP BY channel
-- @plain
SELECT channel, count(customer_id), count(ordered_at), count(amount) FROM :orders GROUP BY channel
-- @check
SET client_min_messages = error;
SELECT count(*) = (SELECT count(DISTINCT channel) FROM :orders)
FROM (SELECT channel, ltv_agg(customer_id, ordered_at, amount, :'as_of'::timestamptz) FROM :orders GROUP BY channel) s

-- @case floor: retention_triangle over orders
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders
-- @plain
SELECT count(customer_id), count(ordered_at), count(amount) FROM :orders
-- @check
SELECT cardinality(retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz)) > 0 FROM :orders

-- @case floor: retention_rate over orders (one-shot)
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT retention_rate(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders
-- @plain
SELECT count(customer_id), count(ordered_at), count(amount) FROM :orders
-- @check
SELECT cardinality(retention_rate(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz)) > 0 FROM :orders

-- @case floor: retention_rate(activity), level 2
-- Per-customer values derived from the orders once (untimed).
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
DROP TABLE IF EXISTS bench_floor_customers;
CREATE TABLE bench_floor_customers AS
SELECT customer_id, retention_activity(ordered_at, amount, '1 month') AS activity,
       ltv_summary(ordered_at, amount, :'as_of'::timestamptz) AS summary,
       extract(epoch FROM max(ordered_at) - min(ordered_at))::float8 / 86400 AS duration,
       max(ordered_at) < :'as_of'::timestamptz - interval '180 days' AS churned,
       (:'as_of'::timestamptz::date - max(ordered_at)::date)::float8 AS recency,
       count(*) FILTER (WHERE amount > 0)::float8 AS frequency, greatest(sum(amount), 0) AS monetary
FROM :orders WHERE ordered_at <= :'as_of'::timestamptz GROUP BY customer_id;
VACUUM ANALYZE bench_floor_customers;
-- @ours
SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_floor_customers
-- @plain
SELECT count(activity) FROM bench_floor_customers
-- @check
SELECT cardinality(retention_rate(activity, :'as_of'::timestamptz)) > 0 FROM bench_floor_customers

-- @case floor: churn_curve(duration, churned), level 2
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT churn_curve(duration, churned) FROM bench_floor_customers
-- @plain
SELECT count(duration), count(churned) FROM bench_floor_customers
-- @check
SELECT churn_curve(duration, churned) IS NOT NULL FROM bench_floor_customers

-- @case floor: rfm_thresholds, level 2
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT rfm_thresholds(recency, frequency, monetary) FROM bench_floor_customers
-- @plain
SELECT count(recency), count(frequency), count(monetary) FROM bench_floor_customers
-- @check
SELECT rfm_thresholds(recency, frequency, monetary) IS NOT NULL FROM bench_floor_customers

-- @case floor: ltv_fit(summary), level 2
-- @settings
SET max_parallel_workers_per_gather = 0;
SET client_min_messages = error;
-- @ours
SELECT ltv_fit(summary) FROM bench_floor_customers
-- @plain
SELECT count((summary).x) FROM bench_floor_customers
-- @check
SELECT ltv_fit(summary) IS NOT NULL FROM bench_floor_customers
