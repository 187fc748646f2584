-- The data, and period arithmetic: calendar periods and periods since each customer's first order.
SET TimeZone = 'UTC';
\echo
\echo '== CDNOW: 69,659 orders of 23,570 customers of an online music store, 1997-01 .. 1998-06'
\echo '   (Fader, Hardie & Lee 2005; every customer made a first purchase in Q1 1997)'
\echo
\echo '-- Orders and revenue per quarter: ltv_period_start(ordered_on, origin, ''3 months'')'
SELECT ltv_period_start(ordered_on, date '1997-01-01', '3 months') AS quarter,
       count(*) AS orders, count(DISTINCT customer_id) AS customers,
       round(sum(amount)) AS revenue
FROM cdnow_master GROUP BY 1 ORDER BY 1;

\echo
\echo '-- How long after their first order do customers buy? Orders by months since the first order'
\echo '   (ltv_period_index(ordered_on, first_order, ''1 month''): whole months, month ends clamped)'
SELECT ltv_period_index(o.ordered_on, f.first_order, '1 month') AS months_since_first,
       count(*) AS orders, count(DISTINCT o.customer_id) AS customers,
       repeat('#', (count(*) / 400)::int) AS orders_histogram
FROM cdnow_master o
JOIN (SELECT customer_id, min(ordered_on) AS first_order FROM cdnow_master GROUP BY 1) f USING (customer_id)
GROUP BY 1 ORDER BY 1;
