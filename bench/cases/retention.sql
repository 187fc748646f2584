-- Retention: the monthly cohort triangle against the plain SQL a user writes
-- (cohort CTE, self join, count(DISTINCT)), and level-2 retention over stored
-- activity values against recomputing the curve from the orders (plain SQL,
-- and our own one-shot aggregate).  The generated orders span 2023-01 ..
-- 2024-12 (24 monthly cohorts); as_of = 2025-01-01, so every month has elapsed.
-- The plain SQL follows the rule of doc/retention.md: the cohort is the month
-- of the first purchase (amount > 0), activity any amount >= 0 from then on.

-- @case retention: monthly triangle (vs plain SQL)
-- @settings
SET TimeZone = 'UTC';
-- @setup
CREATE OR REPLACE VIEW bench_retention_plain_triangle AS
WITH o AS (
    SELECT customer_id, ordered_at, amount, date_trunc('month', ordered_at) AS month
    FROM :orders WHERE amount >= 0 AND ordered_at <= :'as_of'),
cohort AS (SELECT customer_id, date_trunc('month', min(ordered_at) FILTER (WHERE amount > 0)) AS cohort_month
           FROM o GROUP BY customer_id HAVING count(*) FILTER (WHERE amount > 0) > 0),
size AS (SELECT cohort_month, count(*) AS cohort_size FROM cohort GROUP BY cohort_month),
active AS (
    SELECT c.cohort_month,
           ((extract(year FROM o.month) - extract(year FROM c.cohort_month)) * 12
            + extract(month FROM o.month) - extract(month FROM c.cohort_month))::int AS k,
           count(DISTINCT o.customer_id) AS active
    FROM o JOIN cohort c USING (customer_id) WHERE o.month >= c.cohort_month GROUP BY 1, 2),
asof AS (SELECT date_trunc('month', :'as_of'::timestamptz) AS month)
SELECT (s.cohort_month AT TIME ZONE 'UTC') AS cohort_start, k.k, s.cohort_size,
       coalesce(a.active, 0) AS active,
       CASE WHEN s.cohort_month + k.k * interval '1 month' < asof.month
            THEN coalesce(a.active, 0)::float8 / s.cohort_size END AS rate,
       s.cohort_month + k.k * interval '1 month' = asof.month AS incomplete
FROM size s CROSS JOIN asof
CROSS JOIN LATERAL generate_series(0, ((extract(year FROM asof.month) - extract(year FROM s.cohort_month)) * 12
                                       + extract(month FROM asof.month) - extract(month FROM s.cohort_month))::int) AS k(k)
LEFT JOIN active a ON a.cohort_month = s.cohort_month AND a.k = k.k;
-- @ours
SELECT * FROM unnest((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz)
                      FROM :orders))
-- @plain
SELECT * FROM bench_retention_plain_triangle
-- @check
SELECT count(*) = 0 FROM (
  (SELECT * FROM unnest((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders))
   EXCEPT ALL SELECT * FROM bench_retention_plain_triangle)
  UNION ALL
  (SELECT * FROM bench_retention_plain_triangle
   EXCEPT ALL SELECT * FROM unnest((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders)))) d

-- @case retention: level 2 on activities (vs plain SQL)
-- @settings
SET TimeZone = 'UTC';
-- @setup
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_retention_activity;
CREATE TABLE bench_retention_activity AS
SELECT customer_id, retention_activity(ordered_at, amount, '1 month') AS activity
FROM :orders WHERE ordered_at <= :'as_of' GROUP BY customer_id;
VACUUM ANALYZE bench_retention_activity;
CREATE OR REPLACE VIEW bench_retention_plain_curve AS
WITH o AS (
    SELECT customer_id, ordered_at, amount, date_trunc('month', ordered_at) AS month
    FROM :orders WHERE amount >= 0 AND ordered_at <= :'as_of'),
cohort AS (SELECT customer_id, date_trunc('month', min(ordered_at) FILTER (WHERE amount > 0)) AS cohort_month
           FROM o GROUP BY customer_id HAVING count(*) FILTER (WHERE amount > 0) > 0),
asof AS (SELECT date_trunc('month', :'as_of'::timestamptz) AS month),
d AS (SELECT customer_id, cohort_month,
             ((extract(year FROM asof.month) - extract(year FROM cohort_month)) * 12
              + extract(month FROM asof.month) - extract(month FROM cohort_month))::int AS d
      FROM cohort, asof),
sizes AS (SELECT d, count(*) AS n FROM d GROUP BY d),
act AS (SELECT DISTINCT o.customer_id,
               ((extract(year FROM o.month) - extract(year FROM c.cohort_month)) * 12
                + extract(month FROM o.month) - extract(month FROM c.cohort_month))::int AS k
        FROM o JOIN cohort c USING (customer_id) WHERE o.month >= c.cohort_month),
ret AS (SELECT act.k, count(*) AS retained FROM act JOIN d USING (customer_id)
        WHERE d.d >= act.k + 1 GROUP BY act.k),
ks AS (SELECT generate_series(0, (SELECT max(d) FROM sizes)) AS k)
SELECT ks.k, sum(s.n) FILTER (WHERE s.d >= ks.k) AS customers,
       coalesce(sum(s.n) FILTER (WHERE s.d >= ks.k + 1), 0) AS eligible,
       coalesce(max(ret.retained), 0) AS retained,
       coalesce(max(ret.retained), 0)::float8 / nullif(sum(s.n) FILTER (WHERE s.d >= ks.k + 1), 0) AS rate,
       coalesce(sum(s.n) FILTER (WHERE s.d >= ks.k + 1), 0) < sum(s.n) FILTER (WHERE s.d >= ks.k) AS incomplete
FROM ks CROSS JOIN sizes s LEFT JOIN ret ON ret.k = ks.k
GROUP BY ks.k;
-- @ours
SELECT * FROM unnest((SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_retention_activity))
-- @plain
SELECT * FROM bench_retention_plain_curve
-- @check
SELECT count(*) = 0 FROM (
  (SELECT * FROM unnest((SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_retention_activity))
   EXCEPT ALL SELECT * FROM bench_retention_plain_curve)
  UNION ALL
  (SELECT * FROM bench_retention_plain_curve
   EXCEPT ALL SELECT * FROM unnest((SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_retention_activity)))) d

-- @case retention: level 2 on activities (vs one-shot)
-- @settings
SET TimeZone = 'UTC';
-- @ours
SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_retention_activity
-- @plain
SELECT retention_rate(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders
-- @check
SELECT (SELECT retention_rate(activity, :'as_of'::timestamptz) FROM bench_retention_activity)
     = (SELECT retention_rate(customer_id, ordered_at, amount, '1 month', :'as_of'::timestamptz) FROM :orders)
