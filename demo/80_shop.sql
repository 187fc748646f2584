-- A shop that is not CDNOW (test/sql/shop.sql): orders with a status and a currency, refunds in their
-- own table, $0 orders, a double precision amount, subscriptions by plan.
SET TimeZone = 'UTC';
\echo
\echo '== A real-looking shop: 5,000 customers in four channels, orders paid / refunded / cancelled,'
\echo '   refunds in a table of their own, three currencies, a double precision amount column'
SELECT status, count(*) AS orders, count(*) FILTER (WHERE amount = 0) AS zero_amount,
       round(sum(amount)::numeric, 2) AS amount
FROM shop_orders GROUP BY status ORDER BY status;

\echo
\echo '-- One view turns it into money movements: paid and refunded orders as purchases, refunds as'
\echo '   negative rows on their own date, cancelled orders left out, amounts in USD (README: From a real'
\echo '   order table)'
CREATE TEMP VIEW demo_shop_lines AS
SELECT o.customer_id, o.ordered_at, o.currency, o.amount, round((o.amount * fx.usd)::numeric, 2) AS amount_usd
FROM shop_orders o JOIN shop_fx_rates fx USING (currency)
WHERE o.status IN ('paid', 'refunded')
UNION ALL
SELECT o.customer_id, r.refunded_at, o.currency, -r.amount::float8, -round(r.amount * fx.usd, 2)
FROM shop_refunds r JOIN shop_orders o USING (order_id) JOIN shop_fx_rates fx USING (currency);

\echo
\echo '-- LTV per acquisition channel (ltv_agg over the view, calibration up to 2024-07-01)'
SELECT channel, (a).customers, (a).orders, round((a).revenue) AS revenue,
       round((a).average_order_value::numeric, 2) AS aov, round((a).churn_rate::numeric, 3) AS churn,
       round((a).historical_ltv::numeric, 2) AS historical_ltv, round((a).textbook_ltv::numeric, 2) AS textbook_ltv,
       round((a).predicted_ltv::numeric, 2) AS predicted_ltv, (a).model_status
FROM (SELECT channel, ltv_agg(customer_id, ordered_at, amount_usd, timestamptz '2024-07-01') AS a
      FROM demo_shop_lines JOIN shop_customers USING (customer_id) GROUP BY channel) x
ORDER BY channel;

\echo
\echo '-- The per-customer query runs for everyone, also for the customers whose repeat orders were'
\echo '   refunded or cost $0 (their spend is the population mean): the ten highest 12-month CLVs'
WITH s AS (SELECT customer_id, ltv_summary(ordered_at, amount_usd, timestamptz '2024-07-01') AS s
           FROM demo_shop_lines GROUP BY customer_id),
     m AS (SELECT ltv_fit(s) AS m FROM s)
SELECT customer_id, (s).x, round((s).m_x::numeric, 2) AS m_x, (s).refunds,
       round(ltv_p_alive(m, s)::numeric, 3) AS p_alive, round(ltv_predict(m, s)::numeric, 2) AS clv_12_months
FROM s, m WHERE s IS NOT NULL ORDER BY ltv_predict(m, s) DESC, customer_id LIMIT 10;

\echo
\echo '-- Subscriptions: median months to cancel (Kaplan-Meier) and the sBG fit per plan, from the'
\echo '   discrete-renewal recipe (ceil of the duration for those who left, floor for those still active)'
SELECT plan, count, round(m.median::numeric, 1) AS median_months, round((f).alpha::numeric, 3) AS alpha,
       round((f).beta::numeric, 3) AS beta, round(sbg_survival(f, 12)::numeric, 3) AS projected_survival_12
FROM (SELECT plan, count(*),
             churn_curve(started_at, ended_at, date '2025-01-01', '1 month') AS curve,
             sbg_fit(churn_curve(CASE WHEN churned THEN greatest(ceil(d), 1) ELSE floor(d) END, churned)) AS f
      FROM (SELECT plan, started_at, ended_at, coalesce(ended_at <= date '2025-01-01', false) AS churned,
                   churn_duration(started_at, least(coalesce(ended_at, date '2025-01-01'), date '2025-01-01'),
                                  '1 month') AS d
            FROM shop_subscriptions) s
      GROUP BY plan) x, churn_median(curve) m
ORDER BY plan;
