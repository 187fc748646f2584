-- RFM: tie-consistent recency / frequency / monetary scores and named segments on CDNOW.
SET TimeZone = 'UTC';
CREATE TEMP VIEW cdnow_rfm_input AS
SELECT customer_id,
       date '1998-06-30' - max(ordered_on) AS recency_days,
       count(DISTINCT ordered_on) FILTER (WHERE amount > 0) AS purchases,
       greatest(sum(amount), 0) AS revenue
FROM cdnow_master
WHERE ordered_on <= date '1998-06-30'
GROUP BY customer_id;

\echo
\echo '== RFM on CDNOW as of 1998-06-30: recency = days since the last purchase, frequency = purchase days,'
\echo '   monetary = revenue.  Cut points: quantiles at 20/40/60/80 % (type 7, as R and percentile_cont)'
SELECT (t).bins, (t).recency AS recency_days_cuts, (t).frequency AS purchase_cuts,
       (t).monetary::numeric(10,2)[] AS revenue_cuts
FROM (SELECT rfm_thresholds(recency_days, purchases, revenue) AS t FROM cdnow_rfm_input) x;

\echo
\echo '-- Ties get equal scores: every one-time buyer has F = 1 (NTILE(5) would spread them over F = 1, 2, 3)'
SELECT purchases, count(*) AS customers,
       min((s).f) AS ours_min_f, max((s).f) AS ours_max_f,
       min(nt) AS ntile_min_f, max(nt) AS ntile_max_f
FROM (SELECT purchases,
             rfm_score(recency_days, purchases, revenue,
                       rfm_thresholds(recency_days, purchases, revenue) OVER ()) AS s,
             ntile(5) OVER (ORDER BY purchases) AS nt
      FROM cdnow_rfm_input) x
WHERE purchases <= 5
GROUP BY purchases ORDER BY purchases;

\echo
\echo '-- The segment table: customers and revenue per segment (default R x F map, one query, window form)'
SELECT (s).segment, count(*) AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct_customers,
       round(sum(revenue)) AS revenue,
       round(100.0 * sum(revenue) / sum(sum(revenue)) OVER (), 1) AS pct_revenue,
       round(avg(revenue), 2) AS avg_revenue
FROM (SELECT revenue,
             rfm_score(recency_days, purchases, revenue,
                       rfm_thresholds(recency_days, purchases, revenue) OVER ()) AS s
      FROM cdnow_rfm_input) x
GROUP BY 1 ORDER BY revenue DESC;

\echo
\echo '-- A few customers: scores, code, segment and the mean score with weights R 2, F 1, M 1'
SELECT customer_id, recency_days, purchases, revenue, (s).r, (s).f, (s).m, (s).code, (s).segment,
       round((s).score::numeric, 2) AS weighted_score
FROM (SELECT customer_id, recency_days, purchases, revenue,
             rfm_score(recency_days, purchases, revenue,
                       rfm_thresholds(recency_days, purchases, revenue) OVER (),
                       weights => '{2,1,1}') AS s
      FROM cdnow_rfm_input) x
WHERE customer_id IN (1, 2, 100, 1000, 5000, 12000, 18000, 23570)
ORDER BY customer_id;
