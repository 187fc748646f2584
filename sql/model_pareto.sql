-- Pareto/NBD (Schmittlein, Morrison & Colombo 1987) through ltv_fit(..., 'pareto_nbd').
-- References (test/data/README.md):
--   CDNOW sample calibration summary (exact days / 7, computed here from the transactions):
--     R BTYD walkthrough (pnbd.EstimateParameters): r 0.5534, alpha 10.5802, s 0.6061, beta 11.6562,
--     LL -9594.976; CLVTools reaches the same LL at 0.5532, 10.5763, 0.6063, 11.6715 (the likelihood is
--     flat along s/beta: the LL to 1e-3, the parameters to 1.5e-3 relative);
--     E[X(52)] = 1.473 and customer 1516 (x 26, t_x 30.86, T 31): 25.46 expected in 52 weeks;
--   BTYD's pnbd.Expectation example (params 0.55, 10.56, 0.61, 11.64): E[X(t)], t = 0..9 =
--     0, 0.05077821, 0.09916088, 0.14542507, 0.18979930, 0.23247466, 0.27361274, 0.31335159,
--     0.35181024, 0.38909211.
-- The predictions are checked against mpmath at 40 digits in test/unit/test_pareto_nbd.c.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
CREATE TABLE pnbd_cal AS
WITH d AS (SELECT customer_id, ordered_on, sum(amount) AS amount
           FROM cdnow_sample WHERE ordered_on <= '1997-09-30' GROUP BY 1, 2),
     f AS (SELECT customer_id, min(ordered_on) AS first FROM d GROUP BY 1)
SELECT d.customer_id, (count(*) - 1)::float8 AS x,
       ((max(d.ordered_on) - f.first) / 7.0)::float8 AS t_x,
       (('1997-09-30'::date - f.first) / 7.0)::float8 AS t,
       avg(d.amount) FILTER (WHERE d.ordered_on > f.first)::float8 AS m
FROM d JOIN f USING (customer_id) GROUP BY d.customer_id, f.first;
CREATE TABLE pnbd_fit AS SELECT ltv_fit(x, t_x, t, m, '7 days', 'pareto_nbd') AS model FROM pnbd_cal;

-- 1. the fit against BTYD and CLVTools
SELECT e.parameter, round(e.estimate::numeric, 4) AS estimate, round(e.std_error::numeric, 3) AS se,
       abs(e.estimate / b.btyd - 1) < 1.5e-3 AS near_btyd, abs(e.estimate / b.clvtools - 1) < 1.5e-3 AS near_clvtools
FROM pnbd_fit, ltv_model_estimates(model) e
JOIN (VALUES ('r', 0.5534, 0.5532), ('alpha', 10.5802, 10.5763), ('s', 0.6061, 0.6063), ('beta', 11.6562, 11.6715))
     b(parameter, btyd, clvtools) USING (parameter)
ORDER BY e.parameter;
SELECT purchase_model, abs(loglik - -9594.976) < 1e-3 AS loglik_ok, round(loglik::numeric, 3) AS loglik,
       purchase_status, n_customers, n_repeaters, abs(aic - (8 - 2 * loglik)) < 1e-9 AS aic_ok,
       r IS NOT NULL AND alpha IS NOT NULL AND a IS NULL AND b IS NULL AS columns_by_name,
       loglik_bgnbd IS NULL AS no_bgnbd_loglik
FROM pnbd_fit, ltv_model_params(model);

-- 2. predictions with the fitted model (BTYD walkthrough values)
SELECT round(ltv_expected_purchases_new(model, 52)::numeric, 3) AS e_x_52,
       round(ltv_expected_purchases(model, 26, 30.86, 31, 52)::numeric, 2) AS customer_1516,
       round(ltv_p_alive(model, 26, 30.86, 31)::numeric, 4) AS p_alive_1516,
       round(ltv_p_alive(model, 0, 0, 38)::numeric, 4) AS p_alive_one_time_buyer
FROM pnbd_fit;
-- the holdout: 39 weeks after 1997-09-30 (1,882 repeat occasions were made)
SELECT round(sum(ltv_expected_purchases(model, x, t_x, t, 39))) AS predicted_weeks_40_78
FROM pnbd_cal, pnbd_fit;

-- 3. BTYD's pnbd.Expectation example, from a model built from its text form
CREATE TABLE pnbd_example AS SELECT
 'version=2 model=pareto_nbd status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.55 alpha=10.56 s=0.61 beta=11.64 r_se=NaN alpha_se=NaN s_se=NaN beta_se=NaN cov=NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN loglik=-9594.98 iterations=0 gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=NaN gg_q_se=NaN gg_gamma_se=NaN gg_cov=NaN,NaN,NaN,NaN,NaN,NaN loglik_gg=-4055.92 iterations_gg=0'::ltv_model AS model;
SELECT t, round(ltv_expected_purchases_new(model, t)::numeric, 8) AS e_x_t, btyd,
       abs(ltv_expected_purchases_new(model, t) - btyd) < 5e-9 AS matches_btyd
FROM pnbd_example,
     (VALUES (0, 0), (1, 0.05077821), (2, 0.09916088), (3, 0.14542507), (4, 0.18979930), (5, 0.23247466),
             (6, 0.27361274), (7, 0.31335159), (8, 0.35181024), (9, 0.38909211)) v(t, btyd)
ORDER BY t;
-- P(X(t) = n) sums to 1 with mean E[X(t)]
SELECT round(sum(pn)::numeric, 10) AS total_probability,
       abs(sum(n * pn) - (SELECT ltv_expected_purchases_new(model, 39) FROM pnbd_example)) < 1e-9 AS mean_is_e_x_t
FROM (SELECT n, ltv_purchase_probability(model, n, 39) AS pn
      FROM pnbd_example, generate_series(0, 2000) AS n) s;
-- heavy buyers: finite P(alive) and expectations up to x = 5000, P(alive) in [0, 1]
SELECT x, round(ltv_p_alive(model, x, 38, 38.86)::numeric, 6) AS p_alive_last_at_38,
       round(ltv_expected_purchases(model, x, 38.86, 38.86, 39)::numeric, 2) AS expected_last_at_t
FROM pnbd_example, (VALUES (1), (50), (500), (5000)) v(x) ORDER BY x;
-- CLV through the same monthly steps as for BG/NBD (the sum written out)
SELECT round(ltv_predict(model, 2, 30.43, 38.86, 22.35)::numeric, 6)
       = round((SELECT sum(ltv_expected_spend(model, 2, 22.35)
                   * (ltv_expected_purchases(model, 2, 30.43, 38.86, i * 365.2425 / 12 / 7)
                      - ltv_expected_purchases(model, 2, 30.43, 38.86, (i - 1) * 365.2425 / 12 / 7))
                   / 1.01 ^ i)
              FROM generate_series(1, 12) i)::numeric, 6) AS clv_is_monthly_sum
FROM pnbd_example;

-- 4. order and plan independence: parallel, serial, shuffled give the identical model
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE pnbd_par AS SELECT ltv_fit(x, t_x, t, m, '7 days', 'pareto_nbd')::text AS model FROM pnbd_cal;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT model FROM pnbd_par) = (SELECT model::text FROM pnbd_fit) AS parallel_same,
       (SELECT ltv_fit(x, t_x, t, m, '7 days', 'pareto_nbd' ORDER BY md5(customer_id::text))::text FROM pnbd_cal)
         = (SELECT model::text FROM pnbd_fit) AS shuffled_same,
       (SELECT model::text::ltv_model::text FROM pnbd_fit) = (SELECT model::text FROM pnbd_fit) AS text_round_trip;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- 5. the state of a Pareto/NBD fit is format version 2 and names its model
SELECT s::text AS state, s::text::ltv_fit_state::text = s::text AS round_trip
FROM (SELECT '2;pareto_nbd;0;7;0;2;2,1,3,10,1;0,0,3,-,4'::ltv_fit_state AS s) q;
SELECT expect_error($$SELECT ltv_fit(x, t_x, t, m, '7 days', CASE WHEN customer_id % 2 = 0 THEN 'bgnbd' ELSE 'pareto_nbd' END) FROM pnbd_cal$$);

DROP TABLE pnbd_cal, pnbd_fit, pnbd_example, pnbd_par;
