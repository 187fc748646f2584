-- The whole surface over the generated shop (issue 11): an order table that is
-- not CDNOW, with statuses, refunds in their own table, $0 orders, cancelled
-- orders, a double precision amount, three currencies and subscriptions by
-- plan (test/sql/shop.sql; deterministic plain SQL).  pg_regress runs this file
-- serially and with every query forced parallel.  References: plain SQL
-- written here for every count and sum, amount::text::numeric (float8out +
-- numeric_in) for the float amounts, and the generator's own parameters for
-- the sBG fits.
\i test/sql/helpers.sql
\i test/sql/shop.sql

-- 0. the data: the generator is deterministic, so these counts are fixed
SELECT (SELECT count(*) FROM shop_customers) AS customers, count(*) AS orders,
       count(*) FILTER (WHERE status = 'paid') AS paid, count(*) FILTER (WHERE status = 'refunded') AS refunded,
       count(*) FILTER (WHERE status = 'cancelled') AS cancelled, count(*) FILTER (WHERE amount = 0) AS zero,
       (SELECT count(*) FROM shop_refunds) AS refunds, (SELECT count(*) FROM shop_subscriptions) AS subscriptions,
       round(sum(amount::text::numeric), 2) AS amount_total
FROM shop_orders;
SELECT channel, count(*) FROM shop_customers GROUP BY 1 ORDER BY 1;
SELECT plan, count(*), count(ended_at) AS ended FROM shop_subscriptions GROUP BY 1 ORDER BY 1;

-- the README's recipe: one row per money movement in USD, refunds negative, cancelled left out
CREATE VIEW shop_order_lines AS
SELECT o.customer_id, o.ordered_at, o.currency, o.amount, round((o.amount * fx.usd)::numeric, 2) AS amount_usd
FROM shop_orders o JOIN shop_fx_rates fx USING (currency)
WHERE o.status IN ('paid', 'refunded')
UNION ALL
SELECT o.customer_id, r.refunded_at, o.currency, -r.amount::float8, -round(r.amount * fx.usd, 2)
FROM shop_refunds r JOIN shop_orders o USING (order_id) JOIN shop_fx_rates fx USING (currency);
CREATE TABLE shop_lines AS SELECT * FROM shop_order_lines;

-- 1. ltv_summary over the float8 column equals it over the exact decimals
-- (amount::text::numeric), and its money fields equal plain SQL
CREATE TABLE shop_summaries AS
SELECT customer_id, ltv_summary(ordered_at, amount, timestamptz '2024-07-01') AS s,
       ltv_summary(ordered_at, amount::text::numeric, timestamptz '2024-07-01') AS s_num,
       ltv_summary(ordered_at, amount_usd, timestamptz '2024-07-01') AS s_usd
FROM shop_lines GROUP BY customer_id;
SELECT count(*) AS customers, count(s) AS with_purchase, count(*) FILTER (WHERE s = s_num) AS float8_is_exact,
       count(*) FILTER (WHERE (s_usd).x > 0 AND (s_usd).m_x <= 0) AS repeat_without_positive_spend
FROM shop_summaries;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (m.s_usd).revenue = p.revenue AND (m.s_usd).refunds = p.refunds
                          AND (m.s_usd).orders = p.orders AND (m.s_usd).occasions = p.days) AS plain_sql_agrees
FROM shop_summaries m
JOIN (SELECT customer_id, sum(amount_usd) AS revenue, count(*) FILTER (WHERE amount_usd < 0) AS refunds,
             count(*) FILTER (WHERE amount_usd >= 0) AS orders,
             count(DISTINCT (ordered_at AT TIME ZONE 'UTC')::date) FILTER (WHERE amount_usd >= 0) AS days
      FROM shop_lines WHERE ordered_at <= '2024-07-01' GROUP BY customer_id
      HAVING count(*) FILTER (WHERE amount_usd >= 0) > 0) p USING (customer_id);

-- 2. the model on calibration data up to 2024-07-01, and every prediction for every customer
CREATE TABLE shop_model AS SELECT ltv_fit(s_usd) AS m FROM shop_summaries;
SELECT bgnbd_status, gg_status, n_customers, n_repeaters, n_spend FROM shop_model, ltv_model_params(m);
SELECT count(*) AS customers,
       count(*) FILTER (WHERE ltv_p_alive(m, s_usd) BETWEEN 0 AND 1) AS p_alive,
       count(*) FILTER (WHERE ltv_expected_purchases(m, s_usd, 26) >= 0) AS purchases,
       count(*) FILTER (WHERE ltv_expected_spend(m, s_usd) > 0) AS spend,
       count(*) FILTER (WHERE ltv_predict(m, s_usd, horizon => '6 months') >= 0) AS clv
FROM shop_summaries, shop_model WHERE s_usd IS NOT NULL;
-- predicted repeat purchase days in the holdout (2024-07-01 .. 2025-01-01) against what happened
SELECT round(sum(ltv_expected_purchases(m, s_usd, 26.29))) AS predicted, sum(h.days) AS actual
FROM shop_summaries JOIN shop_model ON true
LEFT JOIN (SELECT customer_id, count(DISTINCT (ordered_at AT TIME ZONE 'UTC')::date) AS days
           FROM shop_lines WHERE amount_usd >= 0 AND ordered_at > '2024-07-01' AND ordered_at <= '2025-01-01'
           GROUP BY 1) h USING (customer_id)
WHERE s_usd IS NOT NULL;

-- 3. ltv_agg per channel: the model is ltv_fit's over the channel, the mean
-- residual CLV is avg(ltv_predict), the textbook figures are plain SQL's
CREATE TABLE shop_by_channel AS
SELECT channel, ltv_agg(customer_id, ordered_at, amount_usd, timestamptz '2024-07-01') AS a
FROM shop_lines JOIN shop_customers USING (customer_id) GROUP BY channel;
SELECT channel, (a).customers, (a).orders, (a).revenue, (a).repeat_customers, (a).model_status
FROM shop_by_channel ORDER BY channel;
SELECT b.channel, (b.a).model::text = f.m::text AS same_model,
       abs((b.a).predicted_residual_ltv / f.mean_clv - 1) < 1e-12 AS residual_is_avg_predict,
       (b.a).revenue = f.revenue AS revenue
FROM shop_by_channel b
JOIN (SELECT channel, ltv_fit(s_usd) AS m, sum((s_usd).revenue) AS revenue FROM shop_summaries
      JOIN shop_customers USING (customer_id) GROUP BY channel) f0 USING (channel),
LATERAL (SELECT f0.m, f0.revenue, avg(ltv_predict(f0.m, s_usd)) AS mean_clv FROM shop_summaries
         JOIN shop_customers c USING (customer_id) WHERE c.channel = b.channel AND s_usd IS NOT NULL) f
ORDER BY b.channel;
-- per currency, in each currency's own money (float8 amounts)
SELECT currency, (a).customers, (a).revenue, (a).model_status
FROM (SELECT currency, ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01') AS a
      FROM shop_lines GROUP BY currency) x ORDER BY currency;

-- 4. retention: the monthly triangle against plain SQL (cohort = first month
-- with a purchase, active = an order with amount >= 0 in month k)
CREATE TABLE shop_triangle AS
SELECT (unnest(retention_triangle(customer_id, ordered_at, amount_usd, '1 month', timestamptz '2025-01-01'))).*
FROM shop_lines;
WITH o AS (SELECT customer_id, (date_trunc('month', ordered_at AT TIME ZONE 'UTC')) AS month, amount_usd
           FROM shop_lines WHERE ordered_at <= '2025-01-01'),
     c AS (SELECT customer_id, min(month) FILTER (WHERE amount_usd > 0) AS cohort FROM o GROUP BY 1),
     a AS (SELECT c.cohort, ((extract(year FROM o.month) - extract(year FROM c.cohort)) * 12
                             + extract(month FROM o.month) - extract(month FROM c.cohort))::int AS k,
                  count(DISTINCT o.customer_id) AS active
           FROM o JOIN c USING (customer_id) WHERE o.amount_usd >= 0 AND o.month >= c.cohort GROUP BY 1, 2),
     sz AS (SELECT cohort, count(*) AS size FROM c WHERE cohort IS NOT NULL GROUP BY 1)
SELECT count(*) AS cells, count(*) FILTER (WHERE t.cohort_size = sz.size AND t.active = coalesce(a.active, 0)) AS agree
FROM shop_triangle t JOIN sz ON sz.cohort = t.cohort_start
LEFT JOIN a ON a.cohort = t.cohort_start AND a.k = t.k;
-- stored activities, the level-2 curve per channel = the one-shot curve over the channel's orders
CREATE TABLE shop_activity AS
SELECT customer_id, retention_activity(ordered_at, amount_usd, '1 month') AS activity
FROM shop_lines GROUP BY customer_id;
SELECT c.channel, (SELECT retention_rate(activity, timestamptz '2025-01-01') FROM shop_activity
                   JOIN shop_customers USING (customer_id) WHERE channel = c.channel)::text
                 = (SELECT retention_rate(customer_id, ordered_at, amount_usd, '1 month', timestamptz '2025-01-01')
                    FROM shop_lines JOIN shop_customers USING (customer_id) WHERE channel = c.channel)::text AS same
FROM (SELECT DISTINCT channel FROM shop_customers) c ORDER BY 1;

-- 5. churn: subscriptions by plan (continuous months), the discrete-renewal
-- recipe into sBG (its mean monthly churn alpha / (alpha + beta) against the
-- generator's 0.12, 0.08, 0.05), and inactivity churn from orders
SELECT plan, round(m.median::numeric, 2) AS median_months,
       round((churn_restricted_mean(curve, 24)).mean::numeric, 2) AS mean_months_up_to_24
FROM (SELECT plan, churn_curve(started_at, ended_at, date '2025-01-01', '1 month') AS curve
      FROM shop_subscriptions GROUP BY plan) c, churn_median(curve) m ORDER BY plan;
SELECT plan, (f).converged, round(((f).alpha / ((f).alpha + (f).beta))::numeric, 3) AS mean_churn, theta,
       abs((f).alpha / ((f).alpha + (f).beta) - theta) < 0.015 AS near_generator
FROM (SELECT plan, sbg_fit(churn_curve(CASE WHEN churned THEN greatest(ceil(d), 1) ELSE floor(d) END, churned)) AS f
      FROM (SELECT plan, coalesce(ended_at <= date '2025-01-01', false) AS churned,
                   churn_duration(started_at, least(coalesce(ended_at, date '2025-01-01'), date '2025-01-01'),
                                  '1 month') AS d
            FROM shop_subscriptions) s GROUP BY plan) x
JOIN (VALUES ('basic', 0.12), ('plus', 0.08), ('pro', 0.05)) g(plan, theta) USING (plan) ORDER BY plan;
-- the old recipe (floor for everyone) is refused with a clear error
SELECT expect_error($$SELECT sbg_fit(churn_curve(floor(churn_duration(started_at, least(coalesce(ended_at, date '2025-01-01'), date '2025-01-01'), '1 month')), coalesce(ended_at <= date '2025-01-01', false))) FROM shop_subscriptions$$);
SELECT round(m.median::numeric, 1) AS median_days FROM churn_median((
  SELECT churn_curve(churn_duration(first_at, CASE WHEN churned THEN last_at ELSE timestamptz '2025-01-01' END, '1 day'), churned)
  FROM (SELECT customer_id, min(ordered_at) AS first_at, max(ordered_at) AS last_at,
               max(ordered_at) <= timestamptz '2025-01-01' - interval '180 days' AS churned
        FROM shop_lines WHERE amount_usd >= 0 GROUP BY customer_id) c)) m;

-- 6. RFM from the summaries: every customer scored, scores within 1..5, segments cover everyone
CREATE TABLE shop_rfm AS
SELECT customer_id, (s_usd).days_since_last_purchase AS r, (s_usd).occasions AS f, greatest((s_usd).revenue, 0) AS m
FROM shop_summaries WHERE s_usd IS NOT NULL;
SELECT count(*) AS customers, count((x).segment) AS with_segment,
       count(*) FILTER (WHERE (x).r BETWEEN 1 AND 5 AND (x).f BETWEEN 1 AND 5 AND (x).m BETWEEN 1 AND 5) AS scored
FROM (SELECT rfm_score(r, f, m, t) AS x FROM shop_rfm, (SELECT rfm_thresholds(r, f, m) AS t FROM shop_rfm) t) y;
SELECT rfm_thresholds(r, f, m) = (SELECT rfm_thresholds(rfm_state_merge(st))
                                  FROM (SELECT rfm_state_agg(r, f, m) AS st FROM shop_rfm GROUP BY customer_id % 7) p)
       AS rollup_same
FROM shop_rfm;
