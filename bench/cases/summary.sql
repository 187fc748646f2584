-- ltv_summary: one summary per customer (GROUP BY customer_id), against
--  (1) the built-in floor: count, sum, min and max per customer, which any
--      per-customer summary must at least compute, and
--  (2) the plain SQL that computes the same summary: purchase occasions per UTC
--      day (orders of one day summed), repeat occasions x, t_x and T in weeks
--      from the first purchase day, the mean repeat-occasion amount scaled by
--      net/gross for refunds, revenue, refunds and days since the last purchase.

-- @case summary: vs built-in count/sum/min/max
-- @ours
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of') FROM :orders GROUP BY 1
-- @plain
SELECT customer_id, count(*), sum(amount), min(ordered_at), max(ordered_at) FROM :orders GROUP BY 1
-- @check
SELECT count(*) = 0 FROM
  (SELECT customer_id, (ltv_summary(ordered_at, amount, :'as_of')).* FROM :orders GROUP BY 1) o
  FULL JOIN
  (SELECT customer_id, count(*) AS n, sum(amount) AS revenue FROM :orders
   WHERE ordered_at <= :'as_of' GROUP BY 1) p USING (customer_id)
WHERE o.orders IS NOT NULL AND NOT coalesce(o.orders + o.refunds = p.n AND o.revenue = p.revenue, false)

-- @case summary: vs plain SQL summary
-- @ours
SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of') FROM :orders GROUP BY 1
-- @plain
WITH o AS (
    SELECT customer_id, ordered_at, amount FROM :orders
    WHERE ordered_at <= :'as_of' AND amount IS NOT NULL AND ordered_at IS NOT NULL),
days AS (
    SELECT customer_id, date_trunc('day', ordered_at AT TIME ZONE 'UTC') AS day, sum(amount) AS amount,
           count(*) AS orders, min(ordered_at) AS first_at, max(ordered_at) AS last_at
    FROM o WHERE amount >= 0 GROUP BY 1, 2),
w AS (
    SELECT *, min(day) OVER (PARTITION BY customer_id) AS first_day FROM days),
occ AS (
    SELECT customer_id, count(*) AS occasions, min(day) AS first_day, max(day) AS last_day,
           sum(amount) AS gross, coalesce(sum(amount) FILTER (WHERE day > first_day), 0) AS repeat_amount,
           sum(orders) AS orders, min(first_at) AS first_at, max(last_at) AS last_at
    FROM w GROUP BY 1),
r AS (
    SELECT customer_id, count(*) AS refunds, -sum(amount) AS refund_amount FROM o WHERE amount < 0 GROUP BY 1)
SELECT customer_id, first_at AS first_purchase_at, last_at AS last_purchase_at, orders, occasions,
       occasions - 1 AS x,
       extract(epoch FROM last_day - first_day) / (7 * 86400) AS t_x,
       extract(epoch FROM date_trunc('day', :'as_of'::timestamptz AT TIME ZONE 'UTC') - first_day) / (7 * 86400) AS t_cal,
       CASE WHEN occasions = 1 THEN 0
            ELSE greatest(repeat_amount / (occasions - 1)
                          * (gross - coalesce(refund_amount, 0)) / nullif(gross, 0), 0) END AS m_x,
       gross - coalesce(refund_amount, 0) AS revenue, coalesce(refunds, 0) AS refunds,
       coalesce(refund_amount, 0) AS refund_amount,
       extract(epoch FROM :'as_of'::timestamptz - last_at) / 86400 AS days_since_last_purchase
FROM occ LEFT JOIN r USING (customer_id)
-- @check
WITH o AS (
    SELECT customer_id, ordered_at, amount FROM :orders
    WHERE ordered_at <= :'as_of' AND amount IS NOT NULL AND ordered_at IS NOT NULL),
days AS (
    SELECT customer_id, date_trunc('day', ordered_at AT TIME ZONE 'UTC') AS day, sum(amount) AS amount,
           count(*) AS orders, min(ordered_at) AS first_at, max(ordered_at) AS last_at
    FROM o WHERE amount >= 0 GROUP BY 1, 2),
w AS (
    SELECT *, min(day) OVER (PARTITION BY customer_id) AS first_day FROM days),
occ AS (
    SELECT customer_id, count(*) AS occasions, min(day) AS first_day, max(day) AS last_day,
           sum(amount) AS gross, coalesce(sum(amount) FILTER (WHERE day > first_day), 0) AS repeat_amount,
           sum(orders) AS orders, min(first_at) AS first_at, max(last_at) AS last_at
    FROM w GROUP BY 1),
r AS (
    SELECT customer_id, count(*) AS refunds, -sum(amount) AS refund_amount FROM o WHERE amount < 0 GROUP BY 1),
plain AS (
    SELECT customer_id, first_at AS first_purchase_at, last_at AS last_purchase_at, orders, occasions,
           occasions - 1 AS x,
           extract(epoch FROM last_day - first_day) / (7 * 86400) AS t_x,
           extract(epoch FROM date_trunc('day', :'as_of'::timestamptz AT TIME ZONE 'UTC') - first_day) / (7 * 86400) AS t_cal,
           CASE WHEN occasions = 1 THEN 0
                ELSE greatest(repeat_amount / (occasions - 1)
                              * (gross - coalesce(refund_amount, 0)) / nullif(gross, 0), 0) END AS m_x,
           gross - coalesce(refund_amount, 0) AS revenue, coalesce(refunds, 0) AS refunds,
           coalesce(refund_amount, 0) AS refund_amount,
           extract(epoch FROM :'as_of'::timestamptz - last_at) / 86400 AS days_since_last_purchase
    FROM occ LEFT JOIN r USING (customer_id)),
ours AS (
    SELECT customer_id, (ltv_summary(ordered_at, amount, :'as_of')).* FROM :orders GROUP BY 1)
SELECT count(*) = 0
FROM ours s FULL JOIN plain p USING (customer_id)
WHERE (s.orders IS NOT NULL OR p.orders IS NOT NULL)
  AND NOT coalesce(s.first_purchase_at = p.first_purchase_at AND s.last_purchase_at = p.last_purchase_at
                   AND s.orders = p.orders AND s.occasions = p.occasions AND s.x = p.x
                   AND abs(s.t_x - p.t_x) < 1e-9 AND abs(s.t_cal - p.t_cal) < 1e-9
                   AND abs(s.m_x - p.m_x) < 1e-9 * greatest(1, abs(p.m_x))
                   AND s.revenue = p.revenue AND s.refunds = p.refunds AND s.refund_amount = p.refund_amount
                   AND abs(s.days_since_last_purchase - p.days_since_last_purchase) < 1e-9, false)

-- ltv_agg per channel: the plain SQL can only compute the textbook part
-- (customers, orders, revenue, AOV, frequency, churn from day occasions,
-- historical and textbook LTV); ours also fits BG/NBD + Gamma-Gamma per
-- channel and predicts every customer's residual CLV.
-- @case ltv_agg: per channel vs plain SQL textbook
-- @ours
SELECT channel, ltv_agg(customer_id, ordered_at, amount, :'as_of') FROM :orders GROUP BY 1
-- @plain
WITH c AS (
    SELECT channel, customer_id, count(*) FILTER (WHERE amount >= 0) AS orders, sum(amount) AS revenue,
           count(DISTINCT date_trunc('day', ordered_at AT TIME ZONE 'UTC')) FILTER (WHERE amount >= 0) AS occasions
    FROM :orders WHERE ordered_at <= :'as_of' AND amount IS NOT NULL GROUP BY 1, 2),
s AS (
    SELECT channel, count(*) AS customers, sum(orders) AS orders, sum(revenue) AS revenue,
           count(*) FILTER (WHERE occasions > 1) AS repeaters
    FROM c WHERE orders > 0 GROUP BY 1)
SELECT channel, customers, orders, revenue, revenue / orders AS average_order_value,
       orders::float8 / customers AS purchase_frequency, repeaters,
       1 - repeaters::float8 / customers AS churn_rate, revenue / customers AS historical_ltv,
       (revenue / orders)::float8 * (orders::float8 / customers) / nullif(1 - repeaters::float8 / customers, 0) AS textbook_ltv
FROM s
-- @check
WITH c AS (
    SELECT channel, customer_id, count(*) FILTER (WHERE amount >= 0) AS orders, sum(amount) AS revenue,
           count(DISTINCT date_trunc('day', ordered_at AT TIME ZONE 'UTC')) FILTER (WHERE amount >= 0) AS occasions
    FROM :orders WHERE ordered_at <= :'as_of' AND amount IS NOT NULL GROUP BY 1, 2),
s AS (
    SELECT channel, count(*) AS customers, sum(orders) AS orders, sum(revenue) AS revenue,
           count(*) FILTER (WHERE occasions > 1) AS repeaters
    FROM c WHERE orders > 0 GROUP BY 1),
o AS (
    SELECT channel, (ltv_agg(customer_id, ordered_at, amount, :'as_of')).* FROM :orders GROUP BY 1)
SELECT count(*) = 0 FROM o FULL JOIN s USING (channel)
WHERE NOT coalesce(o.customers = s.customers AND o.orders = s.orders AND o.revenue = s.revenue
                   AND o.repeat_customers = s.repeaters
                   AND abs(o.textbook_ltv - (s.revenue / s.orders)::float8 * (s.orders::float8 / s.customers)
                                             / (1 - s.repeaters::float8 / s.customers)) < 1e-9 * o.textbook_ltv
                   AND o.predicted_ltv > 0, false)
