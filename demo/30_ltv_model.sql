-- Predicted customer lifetime value: BG/NBD + Gamma-Gamma fitted with ltv_fit on the CDNOW
-- sample's calibration period (1997-01-01 .. 1997-09-30), then checked on the holdout.
SET TimeZone = 'UTC';
\echo
\echo '== Predicted customer lifetime value on CDNOW (BG/NBD + Gamma-Gamma, ltv_fit)'
\echo
\echo '-- Per-customer summary of the 2,357 sample customers, calibration to 1997-09-30, in weeks'
\echo '   (plain SQL here: same-day orders are one occasion, x = repeat occasions, t_x and T = days / 7)'
CREATE TEMP TABLE demo_model_customers AS
WITH d AS (SELECT customer_id, ordered_on, sum(amount) AS amount
           FROM cdnow_sample WHERE ordered_on <= '1997-09-30' GROUP BY 1, 2),
     f AS (SELECT customer_id, min(ordered_on) AS first FROM d GROUP BY 1)
SELECT d.customer_id, count(*) - 1 AS x,
       (max(d.ordered_on) - f.first) / 7.0 AS t_x,
       ('1997-09-30'::date - f.first) / 7.0 AS t,
       avg(d.amount) FILTER (WHERE d.ordered_on > f.first) AS m
FROM d JOIN f USING (customer_id) GROUP BY d.customer_id, f.first;
SELECT count(*) AS customers, count(*) FILTER (WHERE x > 0) AS repeat_customers,
       sum(x) AS repeat_occasions FROM demo_model_customers;

\echo
\echo '-- The fitted model: ltv_fit(x, t_x, T, monetary, unit) -> ltv_model; ltv_model_params reads it'
\echo '   (published: r 0.2426, alpha 4.4136, a 0.7929, b 2.4259, LL -9582.43; p 6.25, q 3.74, gamma 15.44)'
CREATE TEMP TABLE demo_model AS
SELECT ltv_fit(x, t_x, t, m, '7 days') AS model FROM demo_model_customers;
SELECT round(r::numeric, 4) AS r, round(alpha::numeric, 4) AS alpha, round(a::numeric, 4) AS a,
       round(b::numeric, 4) AS b, round(loglik_bgnbd::numeric, 2) AS ll_bgnbd,
       round(p::numeric, 2) AS p, round(q::numeric, 2) AS q, round(gamma::numeric, 2) AS gamma,
       round(loglik_gg::numeric, 2) AS ll_gg, n_customers, n_spend, bgnbd_converged, gg_converged
FROM demo_model, ltv_model_params(model);

\echo
\echo '-- Top 10 customers by predicted residual CLV over the next 12 months'
\echo '   (ltv_predict: monthly steps, 1% monthly discount, margin 1.0; expected spend from Gamma-Gamma)'
SELECT customer_id, x, round(t_x, 1) AS t_x, round(m, 2) AS mean_spend,
       round(ltv_p_alive(model, x, t_x, t)::numeric, 3) AS p_alive,
       round(ltv_expected_purchases(model, x, t_x, t, 52)::numeric, 2) AS purchases_next_52w,
       round(ltv_expected_spend(model, x, coalesce(m, 0))::numeric, 2) AS expected_spend,
       round(ltv_predict(model, x, t_x, t, coalesce(m, 0), horizon => '12 months',
                         discount_rate => 0.01, margin => 1.0)::numeric, 2) AS clv_12_months
FROM demo_model_customers, demo_model
ORDER BY ltv_predict(model, x, t_x, t, coalesce(m, 0)) DESC, customer_id LIMIT 10;

\echo
\echo '-- Holdout check: expected repeat occasions in weeks 40..78 against what customers did'
\echo '   (FHL 2005: the model predicts about 1,653; the sample made 1,882)'
WITH actual AS (SELECT customer_id, count(DISTINCT ordered_on) AS holdout
                FROM cdnow_sample WHERE ordered_on > '1997-09-30' GROUP BY 1)
SELECT CASE WHEN x >= 7 THEN '7+' ELSE x::text END AS calibration_repeats,
       count(*) AS customers,
       round(sum(ltv_expected_purchases(model, x, t_x, t, 39))::numeric, 1) AS predicted,
       coalesce(sum(holdout), 0) AS actual
FROM demo_model_customers c CROSS JOIN demo_model LEFT JOIN actual USING (customer_id)
GROUP BY ROLLUP (1) ORDER BY grouping(CASE WHEN x >= 7 THEN '7+' ELSE x::text END), 1;
