-- Per-customer summaries (ltv_summary) and one row per segment (ltv_agg) on CDNOW.
SET TimeZone = 'UTC';
\echo
\echo '== Level 1: one summary per customer, calibration up to 1997-09-30'
\echo '   ltv_summary(ordered_on, amount, ''1997-09-30''): orders of one day are one occasion;'
\echo '   x repeat occasions, t_x and t_cal (T) in weeks from the first purchase, m_x mean repeat spend'
SELECT customer_id, (s).orders, (s).x, round((s).t_x::numeric, 2) AS t_x, round((s).t_cal::numeric, 2) AS t_cal,
       round((s).m_x::numeric, 2) AS m_x, (s).revenue, (s).days_since_last_purchase AS days_since_last
FROM (SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s
      FROM cdnow_sample GROUP BY customer_id) q
WHERE customer_id <= 5 ORDER BY customer_id;

\echo
\echo '-- It reproduces the published summary (cdnow_customers_summary_with_transactions.csv) for every customer'
SELECT count(*) AS customers,
       count(*) FILTER (WHERE (s).x = p.x AND round((s).t_x::numeric, 2) = p.t_x
                        AND round((s).t_cal::numeric, 2) = p.t AND round((s).m_x::numeric, 2) = p.zbar) AS identical
FROM (SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s
      FROM cdnow_sample GROUP BY customer_id) q
JOIN cdnow_summary_published p USING (customer_id);

\echo
\echo '-- Summaries feed the model directly: ltv_fit(summary), then ltv_p_alive / ltv_predict(model, summary)'
\echo '   the five customers of the sample with the highest predicted 12-month CLV (discount 1%/month)'
WITH s AS (SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s
           FROM cdnow_sample GROUP BY customer_id),
     m AS (SELECT ltv_fit(s) AS m FROM s)
SELECT customer_id, (s).x, round((s).t_x::numeric, 1) AS t_x, round((s).m_x::numeric, 2) AS m_x,
       round(ltv_p_alive(m, s)::numeric, 3) AS p_alive,
       round(ltv_expected_purchases(m, s, 52)::numeric, 2) AS purchases_next_52_weeks,
       round(ltv_predict(m, s)::numeric, 2) AS clv_12_months
FROM s, m ORDER BY ltv_predict(m, s) DESC, customer_id LIMIT 5;

\echo
\echo '== Level 2 in one shot: ltv_agg(customer_id, ordered_on, amount, as_of) per segment'
\echo '   all 23,570 CDNOW customers by the size of their first order; the BG/NBD + Gamma-Gamma model'
\echo '   is fitted on each segment; predicted = margin x revenue so far + discounted residual CLV (12 months)'
WITH segment AS (
    SELECT DISTINCT ON (customer_id) customer_id,
           CASE WHEN amount < 15 THEN '1: under $15' WHEN amount < 30 THEN '2: $15-30'
                WHEN amount < 60 THEN '3: $30-60' ELSE '4: $60 and more' END AS first_order
    FROM cdnow_master ORDER BY customer_id, ordered_on, amount DESC),
per_segment AS (
    SELECT first_order, ltv_agg(customer_id, ordered_on, amount, '1997-09-30') AS a
    FROM cdnow_master JOIN segment USING (customer_id) GROUP BY first_order)
SELECT first_order, (a).customers, (a).orders, round((a).revenue) AS revenue,
       round((a).average_order_value::numeric, 2) AS aov,
       round((a).purchase_frequency::numeric, 2) AS frequency,
       round((a).churn_rate::numeric, 3) AS churn,
       round((a).historical_ltv::numeric, 2) AS historical_ltv,
       round((a).textbook_ltv::numeric, 2) AS textbook_ltv,
       round((a).predicted_ltv::numeric, 2) AS predicted_ltv,
       (a).model_status
FROM per_segment ORDER BY first_order;

\echo
\echo '-- The models behind the predictions (ltv_model_params of each segment''s model)'
WITH segment AS (
    SELECT DISTINCT ON (customer_id) customer_id,
           CASE WHEN amount < 15 THEN '1: under $15' WHEN amount < 30 THEN '2: $15-30'
                WHEN amount < 60 THEN '3: $30-60' ELSE '4: $60 and more' END AS first_order
    FROM cdnow_master ORDER BY customer_id, ordered_on, amount DESC),
per_segment AS (
    SELECT first_order, (ltv_agg(customer_id, ordered_on, amount, '1997-09-30')).model
    FROM cdnow_master JOIN segment USING (customer_id) GROUP BY first_order)
SELECT first_order, round(p.r::numeric, 3) AS r, round(p.alpha::numeric, 2) AS alpha,
       round(p.a::numeric, 3) AS a, round(p.b::numeric, 3) AS b, round(p.p::numeric, 2) AS p,
       round(p.q::numeric, 2) AS q, round(p.gamma::numeric, 2) AS gamma
FROM per_segment, ltv_model_params(model) p ORDER BY first_order;

\echo
\echo '-- Textbook against model over the same horizon, and LTV:CAC (issue 13)'
\echo '   textbook_ltv sums over the expected lifespan (textbook_horizon); textbook_ltv_at_horizon stops'
\echo '   where predicted_ltv does (the observed period plus 12 months); new_customer = the value of a customer'
\echo '   acquired today over 12 months (ltv_new_customer_value); ltv_cac_ratio at 30% margin over 3 years'
\echo '   with an illustrative acquisition cost of $10 per customer (the rule of thumb asks for 3:1)'
WITH segment AS (
    SELECT DISTINCT ON (customer_id) customer_id,
           CASE WHEN amount < 15 THEN '1: under $15' WHEN amount < 30 THEN '2: $15-30'
                WHEN amount < 60 THEN '3: $30-60' ELSE '4: $60 and more' END AS first_order
    FROM cdnow_master ORDER BY customer_id, ordered_on, amount DESC),
per_segment AS (
    SELECT first_order, ltv_agg(customer_id, ordered_on, amount, '1997-09-30') AS a
    FROM cdnow_master JOIN segment USING (customer_id) GROUP BY first_order)
SELECT first_order, justify_days(date_trunc('day', (a).observation_period)) AS observation_period,
       justify_days(date_trunc('day', (a).textbook_horizon)) AS textbook_horizon,
       round((a).textbook_ltv::numeric, 2) AS textbook_ltv,
       round((a).textbook_ltv_at_horizon::numeric, 2) AS textbook_12m,
       round((a).predicted_ltv::numeric, 2) AS predicted_12m,
       round(ltv_new_customer_value((a).model)::numeric, 2) AS new_customer_12m,
       round(c.ltv::numeric, 2) AS ltv_3y_30pct, round(c.ltv_cac_ratio::numeric, 1) AS ltv_cac,
       round(c.payback_months::numeric, 1) AS payback_months
FROM per_segment, ltv_cac_ratio((a).model, 10, '3 years', 0.01, 0.3) c ORDER BY first_order;
