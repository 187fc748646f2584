-- Retention triangles on generated data against an independent plain-SQL
-- triangle (cohort CTE, self join, count(DISTINCT), date_trunc), cell by
-- cell; and serial = parallel = shuffled input for every retention aggregate.
\i test/sql/helpers.sql

-- 3,000 customers, 1 to 7 orders each over 2020-01 .. 2023-01 at varied hours,
-- some refunds (amount < 0) and zero amounts, many orders after as_of.  Every
-- 23rd customer's first order has amount 0 (so the cohort starts with a later
-- purchase), and some of them have no purchase at all.
CREATE TABLE ret_gen AS
SELECT i AS customer_id,
       timestamptz '2020-01-01 00:00+00' + ((i * 7919) % 600) * interval '1 day'
         + ((i * 37) % 24) * interval '1 hour' + ((i * 13) % 60) * interval '1 minute'
         + (CASE WHEN j = 1 THEN 0 ELSE (i * j * 7717) % 500 END) * interval '1 day'
         + ((i + j) % 5) * interval '1 hour' AS ordered_at,
       CASE WHEN (i + j) % 17 = 0 AND j > 1 THEN -5 WHEN (i * j) % 23 = 0 THEN 0 ELSE 10 + (i * j) % 40 END::numeric AS amount
FROM generate_series(1, 3000) AS i, generate_series(1, 7) AS j
WHERE j <= 1 + (i * 13) % 7;
-- a few customers whose only orders are refunds
INSERT INTO ret_gen SELECT 5000 + i, timestamptz '2020-06-01 00:00+00' + i * interval '3 days', -1
FROM generate_series(1, 20) AS i;
-- customers with zero-amount orders months before their first purchase, and
-- zero-amount orders between purchases
INSERT INTO ret_gen SELECT 6000 + i, timestamptz '2020-03-01 00:00+00' + (i * 11 % 300) * interval '1 day'
                                       + j * (20 + i % 50) * interval '1 day',
                           CASE WHEN j < 1 + i % 3 THEN 0 WHEN (i + j) % 4 = 0 THEN 0 ELSE 9 END
FROM generate_series(1, 300) AS i, generate_series(0, 5) AS j;
ANALYZE ret_gen;
-- the same rows in another physical order
CREATE TABLE ret_gen_shuffled AS SELECT * FROM ret_gen ORDER BY md5(customer_id::text || ordered_at::text);
ANALYZE ret_gen_shuffled;
SELECT count(*) AS orders, count(DISTINCT customer_id) AS customers,
       count(*) FILTER (WHERE amount < 0) AS refunds,
       count(*) FILTER (WHERE amount = 0) AS zero_amounts,
       count(*) FILTER (WHERE ordered_at > '2021-09-15 12:00+00') AS after_as_of
FROM ret_gen;
-- customers (as of 2021-09-15 12:00) with zero-amount orders before their
-- first purchase, and with zero-amount orders only
SELECT count(*) FILTER (WHERE first_any < first_purchase) AS zero_before_first_purchase,
       count(*) FILTER (WHERE first_purchase IS NULL AND first_any IS NOT NULL) AS zero_amounts_only
FROM (SELECT customer_id, min(ordered_at) FILTER (WHERE amount >= 0) AS first_any,
             min(ordered_at) FILTER (WHERE amount > 0) AS first_purchase
      FROM ret_gen WHERE ordered_at <= '2021-09-15 12:00+00' GROUP BY customer_id) c;

-- The plain-SQL triangle: monthly cohorts in UTC, as_of 2021-09-15 12:00 UTC;
-- the cohort is the month of the first purchase (amount > 0), activity is an
-- order with amount >= 0 in the cohort month or later; a cell is incomplete
-- when its month is as_of's month (rate NULL there).
CREATE VIEW ret_plain_triangle AS
WITH o AS (
    SELECT customer_id, ordered_at, amount, date_trunc('month', ordered_at AT TIME ZONE 'UTC') AS month
    FROM ret_gen WHERE amount >= 0 AND ordered_at <= '2021-09-15 12:00+00'),
cohort AS (
    SELECT customer_id,
           date_trunc('month', min(ordered_at) FILTER (WHERE amount > 0) AT TIME ZONE 'UTC') AS cohort_month
    FROM o GROUP BY customer_id HAVING count(*) FILTER (WHERE amount > 0) > 0),
size AS (SELECT cohort_month, count(*) AS cohort_size FROM cohort GROUP BY cohort_month),
active AS (
    SELECT c.cohort_month,
           ((extract(year FROM o.month) - extract(year FROM c.cohort_month)) * 12
            + extract(month FROM o.month) - extract(month FROM c.cohort_month))::int AS k,
           count(DISTINCT o.customer_id) AS active
    FROM o JOIN cohort c USING (customer_id) WHERE o.month >= c.cohort_month GROUP BY 1, 2)
SELECT s.cohort_month AS cohort_start, k.k, s.cohort_size, coalesce(a.active, 0) AS active,
       CASE WHEN s.cohort_month + k.k * interval '1 month' < timestamp '2021-09-01'
            THEN coalesce(a.active, 0)::float8 / s.cohort_size END AS rate,
       s.cohort_month + k.k * interval '1 month' = timestamp '2021-09-01' AS incomplete
FROM size s
CROSS JOIN LATERAL generate_series(0, ((2021 - extract(year FROM s.cohort_month)) * 12
                                       + 9 - extract(month FROM s.cohort_month))::int) AS k(k)
LEFT JOIN active a ON a.cohort_month = s.cohort_month AND a.k = k.k;

CREATE TABLE ret_ours AS
SELECT (unnest(retention_triangle(customer_id, ordered_at, amount, '1 month',
                                  '2021-09-15 12:00+00'::timestamptz))).*
FROM ret_gen;

-- every cell agrees (same cells, same counts, same rate bits)
SELECT count(*) AS cells,
       count(*) FILTER (WHERE o IS NULL OR p IS NULL OR
                        (o.cohort_size, o.active, o.rate, o.incomplete)
                        IS DISTINCT FROM (p.cohort_size, p.active, p.rate, p.incomplete)) AS mismatches,
       count(DISTINCT coalesce(o.cohort_start, p.cohort_start)) AS cohorts,
       sum(o.active) AS total_active
FROM ret_ours o FULL JOIN ret_plain_triangle p USING (cohort_start, k);
SELECT cohort_start, k, cohort_size, active, round(rate::numeric, 4) AS rate, incomplete
FROM ret_ours WHERE cohort_start >= '2021-07-01' ORDER BY 1, 2;

-- 'on_or_after', plain: a customer counts at k when some activity in a fully
-- elapsed month (before September 2021) lies at k or later
CREATE VIEW ret_plain_after AS
WITH o AS (
    SELECT customer_id, ordered_at, amount, date_trunc('month', ordered_at AT TIME ZONE 'UTC') AS month
    FROM ret_gen WHERE amount >= 0 AND ordered_at <= '2021-09-15 12:00+00'),
cohort AS (
    SELECT customer_id,
           date_trunc('month', min(ordered_at) FILTER (WHERE amount > 0) AT TIME ZONE 'UTC') AS cohort_month
    FROM o GROUP BY customer_id HAVING count(*) FILTER (WHERE amount > 0) > 0),
last_elapsed AS (
    SELECT c.customer_id, c.cohort_month,
           max(((extract(year FROM o.month) - extract(year FROM c.cohort_month)) * 12
                + extract(month FROM o.month) - extract(month FROM c.cohort_month))::int)
             FILTER (WHERE o.month < timestamp '2021-09-01') AS last_k
    FROM cohort c JOIN o USING (customer_id) WHERE o.month >= c.cohort_month GROUP BY 1, 2)
SELECT cohort_month AS cohort_start, k, count(*) FILTER (WHERE last_k >= k) AS active
FROM last_elapsed
CROSS JOIN LATERAL generate_series(0, ((2021 - extract(year FROM cohort_month)) * 12
                                       + 8 - extract(month FROM cohort_month))::int) AS k
GROUP BY 1, 2;
SELECT count(*) AS elapsed_cells,
       count(*) FILTER (WHERE o.active IS DISTINCT FROM p.active) AS mismatches
FROM (SELECT * FROM unnest((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month',
                                   '2021-09-15 12:00+00'::timestamptz, 'on_or_after') FROM ret_gen))
      WHERE NOT incomplete) AS o
FULL JOIN ret_plain_after p USING (cohort_start, k);

-- Local time (Asia/Tokyo) and Monday weeks, against date_trunc in plain SQL
SELECT count(*) AS tokyo_cohorts,
       count(*) FILTER (WHERE o.size IS DISTINCT FROM p.size) AS mismatches
FROM (SELECT cohort_start, cohort_size AS size
      FROM unnest((SELECT retention_triangle(customer_id, ordered_at AT TIME ZONE 'Asia/Tokyo', amount,
                                             '1 month', '2021-09-15 21:00'::timestamp) FROM ret_gen))
      WHERE k = 0) AS o
FULL JOIN (SELECT cohort_start, count(*) AS size
           FROM (SELECT date_trunc('month', min(ordered_at AT TIME ZONE 'Asia/Tokyo')) AS cohort_start
                 FROM ret_gen WHERE amount > 0 AND ordered_at <= '2021-09-15 12:00+00'
                 GROUP BY customer_id) c GROUP BY 1) AS p USING (cohort_start);
SELECT count(*) AS weekly_cells,
       count(*) FILTER (WHERE o.active IS DISTINCT FROM p.active) AS mismatches
FROM (SELECT cohort_start, k, active
      FROM unnest((SELECT retention_triangle(customer_id, ordered_at, amount, '7 days',
                                             '2021-09-15 12:00+00'::timestamptz, 'on',
                                             '2000-01-03 00:00+00'::timestamptz) FROM ret_gen))) AS o
FULL JOIN (
    WITH w AS (SELECT customer_id, amount, date_trunc('week', ordered_at AT TIME ZONE 'UTC') AS week
               FROM ret_gen WHERE amount >= 0 AND ordered_at <= '2021-09-15 12:00+00'),
    c AS (SELECT customer_id, min(week) FILTER (WHERE amount > 0) AS cohort_start FROM w
          GROUP BY 1 HAVING count(*) FILTER (WHERE amount > 0) > 0)
    SELECT c.cohort_start, ((w.week::date - c.cohort_start::date) / 7) AS k,
           count(DISTINCT w.customer_id) AS active
    FROM w JOIN c USING (customer_id) WHERE w.week >= c.cohort_start GROUP BY 1, 2) AS p USING (cohort_start, k)
WHERE p.active IS NOT NULL OR o.active > 0;

-- Level 2 over stored activities, grouped by cohort, equals the triangle on elapsed cells
CREATE TABLE ret_gen_activity AS
SELECT customer_id, retention_activity(ordered_at, amount, '1 month') AS activity
FROM ret_gen GROUP BY customer_id;
SELECT count(*) AS elapsed_cells,
       count(*) FILTER (WHERE (l.eligible, l.retained) IS DISTINCT FROM (o.cohort_size, o.active)) AS mismatches
FROM (SELECT retention_cohort(activity) AS cohort_start, (unnest(retention_rate(activity, '2021-09-15 12:00+00'::timestamptz))).*
      FROM ret_gen_activity GROUP BY 1) AS l
JOIN ret_ours o USING (cohort_start, k)
WHERE NOT o.incomplete;
-- ... and the one-shot curve
SELECT (SELECT retention_rate(activity, '2021-09-15 12:00+00'::timestamptz) FROM ret_gen_activity)
     = (SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz)
        FROM ret_gen) AS level2_equals_one_shot;

-- A rollup: activities of old orders merged with activities of new orders
-- equal the activities of all orders; so do the unions of other splits: zero
-- amounts apart from the rest (the zero-amount side has no purchase), and
-- three parts by a hash of the row.  Also the activities without a purchase.
SELECT split, count(*) AS customers,
       count(*) FILTER (WHERE m.activity::text IS DISTINCT FROM a.activity::text) AS mismatches,
       count(*) FILTER (WHERE retention_cohort(a.activity) IS NULL AND a.activity IS NOT NULL) AS no_purchase
FROM (SELECT split, customer_id, retention_activity_union(activity) AS activity
      FROM (SELECT split, customer_id, retention_activity(ordered_at, amount, '1 month') AS activity
            FROM ret_gen,
                 LATERAL (VALUES ('time', (ordered_at < '2021-01-01')::int),
                                 ('amount', (amount = 0)::int),
                                 ('hash', get_byte(decode(md5(ordered_at::text || amount::text), 'hex'), 0) % 3))
                   AS v(split, part)
            GROUP BY split, customer_id, part) s
      GROUP BY 1, 2) m
FULL JOIN ret_gen_activity a USING (customer_id)
GROUP BY split ORDER BY split;

-- Parallel plans: Partial Aggregate with serialize/combine (one-shot) and
-- with the retention_curve / retention_activity states (level 2, union)
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF)
SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz) FROM ret_gen;
EXPLAIN (COSTS OFF)
SELECT retention_rate(activity, '2021-09-15 12:00+00'::timestamptz) FROM ret_gen_activity;
EXPLAIN (COSTS OFF)
SELECT retention_activity_union(activity) FROM ret_gen_activity;
-- results of parallel plans, kept as md5 of their text for the comparisons below
SELECT md5((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz) FROM ret_gen)::text) AS par_triangle,
       md5((SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz, 'on_or_after') FROM ret_gen)::text) AS par_curve,
       md5((SELECT retention_rate(activity, '2021-09-15 12:00+00'::timestamptz) FROM ret_gen_activity)::text) AS par_level2,
       (SELECT retention_activity_union(activity)::text FROM ret_gen_activity WHERE customer_id % 100 = 7) AS par_merged
\gset
-- the union of 30 customers' activities is the activity of all their orders
SELECT :'par_merged' = (SELECT retention_activity(ordered_at, amount, '1 month')::text
                        FROM ret_gen WHERE customer_id % 100 = 7) AS union_equals_activity_of_all_orders;
-- shuffled input, in parallel
SELECT :'par_triangle' = md5((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz) FROM ret_gen_shuffled)::text) AS triangle_shuffled,
       :'par_curve' = md5((SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz, 'on_or_after') FROM ret_gen_shuffled)::text) AS curve_shuffled;
-- serial
SET max_parallel_workers_per_gather = 0;
SELECT :'par_triangle' = md5((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz) FROM ret_gen)::text) AS triangle_serial,
       :'par_curve' = md5((SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-09-15 12:00+00'::timestamptz, 'on_or_after') FROM ret_gen)::text) AS curve_serial,
       :'par_level2' = md5((SELECT retention_rate(activity, '2021-09-15 12:00+00'::timestamptz) FROM ret_gen_activity)::text) AS level2_serial,
       :'par_merged' = (SELECT retention_activity_union(activity)::text FROM ret_gen_activity WHERE customer_id % 100 = 7) AS union_serial,
       :'par_triangle' = md5((SELECT array_agg((o.cohort_start, o.k, o.cohort_size, o.active, o.rate, o.incomplete)::retention_cell
                                               ORDER BY o.cohort_start, o.k) FROM ret_ours o)::text) AS triangle_equals_first_run;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

DROP VIEW ret_plain_triangle, ret_plain_after;
DROP TABLE ret_gen, ret_gen_shuffled, ret_ours, ret_gen_activity;
