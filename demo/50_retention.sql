-- Retention: the CDNOW monthly cohort triangle, its heatmap, and curves from stored activity values.
SET TimeZone = 'UTC';
\echo
\echo '== Retention: monthly cohorts by first purchase (CDNOW customers all start in Jan..Mar 1997), as of 1998-07-01'
\echo '   A cohort starts with the first order of amount > 0: the 2 customers of November 1997 had only $0 orders'
\echo '   before (not activity); 68 customers never paid and are in no cohort.'
\echo
\echo '-- The triangle as rows (first 6 of each cohort): retention_triangle(customer_id, ordered_on, amount, ''1 month'', as_of)'
SELECT cohort_start::date AS cohort, k, cohort_size, active, round(rate::numeric, 3) AS rate, incomplete
FROM unnest((SELECT retention_triangle(customer_id, ordered_on, amount, '1 month', date '1998-07-01')
             FROM cdnow_master))
WHERE k < 6 ORDER BY 1, 2;

\echo
\echo '-- The same triangle as a heatmap: retention_heatmap(retention_triangle(...)), % of the cohort buying in month k'
SELECT * FROM retention_heatmap((SELECT retention_triangle(customer_id, ordered_on, amount, '1 month', date '1998-07-01')
                                 FROM cdnow_master));

\echo
\echo '-- Stored per-customer activity values (level 1), then the curve of all customers (level 2), ''on'' and ''on_or_after'''
CREATE TEMP TABLE demo_activity AS
SELECT customer_id, retention_activity(ordered_on, amount, '1 month') AS activity
FROM cdnow_master GROUP BY customer_id;
SELECT pg_size_pretty(sum(pg_column_size(activity))) AS activity_bytes, count(*) AS customers,
       count(*) FILTER (WHERE retention_cohort(activity) IS NULL) AS without_purchase,
       round(avg(pg_column_size(activity))) AS bytes_per_customer
FROM demo_activity;
SELECT on_.k, on_.eligible, round(on_.rate::numeric, 3) AS rate_on,
       round(after.rate::numeric, 3) AS rate_on_or_after
FROM unnest((SELECT retention_rate(activity, date '1998-07-01') FROM demo_activity)) AS on_
JOIN unnest((SELECT retention_rate(activity, date '1998-07-01', 'on_or_after') FROM demo_activity)) AS after
  USING (k)
WHERE on_.k IN (0, 1, 2, 3, 6, 12, 15, 17) ORDER BY on_.k;

\echo
\echo '-- Honest about the unfinished month: as of 1998-06-15, June is not over, so k = 17 has no eligible customer'
SELECT k, customers, eligible, retained, round(rate::numeric, 3) AS rate, incomplete
FROM unnest((SELECT retention_rate(activity, date '1998-06-15') FROM demo_activity))
WHERE k >= 15 ORDER BY k;

\echo
\echo '-- The classic period formula (E - N) / S over calendar quarters: S = customers buying in Q3 1997,'
\echo '   E = customers buying in Q4 1997, N = those of E with no purchase before Q4 1997 (E counts reactivated'
\echo '   customers as retained, which is why cohort curves above tell more)'
WITH q AS (
    SELECT customer_id, ltv_period_start(ordered_on, date '1997-01-01', '3 months') AS quarter,
           min(ordered_on) OVER (PARTITION BY customer_id) AS first_order
    FROM cdnow_master WHERE amount > 0)
SELECT s, e, n, round(retention_rate(s, e, n)::numeric, 3) AS retention_rate
FROM (SELECT count(DISTINCT customer_id) FILTER (WHERE quarter = '1997-07-01') AS s,
             count(DISTINCT customer_id) FILTER (WHERE quarter = '1997-10-01') AS e,
             count(DISTINCT customer_id) FILTER (WHERE quarter = '1997-10-01' AND first_order >= '1997-10-01') AS n
      FROM q) c;
