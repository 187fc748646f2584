-- Intervals from the parameters' sampling uncertainty (delta method on the log scale,
-- src/core/interval.h). Their coverage is tested on simulated populations in
-- test/unit/test_models.c (90% intervals cover the true value in 90-94% of 150 populations).
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
CREATE TABLE iv_fit AS
SELECT m.name, ltv_fit(x::float8, t_x::float8, t::float8, CASE WHEN x > 0 THEN zbar::float8 END, '7 days', m.name) AS model
FROM cdnow_summary_published, (VALUES ('bgnbd'), ('pareto_nbd'), ('mbgnbd')) m(name) GROUP BY m.name;
-- customer 1 (x 2, t_x 30.43, T 38.86): the estimate is the prediction, inside a positive interval
SELECT f.name, round(i.estimate::numeric, 3) AS expected_39w, round(i.lower::numeric, 3) AS lower,
       round(i.upper::numeric, 3) AS upper, round(i.std_error::numeric, 4) AS se,
       i.estimate = ltv_expected_purchases(model, 2, 30.43, 38.86, 39) AS estimate_is_prediction,
       0 < i.lower AND i.lower < i.estimate AND i.estimate < i.upper AS ordered,
       abs(sqrt(i.lower * i.upper) / i.estimate - 1) < 1e-12 AS log_symmetric
FROM iv_fit f, ltv_expected_purchases_interval(model, 2, 30.43, 38.86, 39) i ORDER BY f.name;
-- a wider level gives a wider interval; the 95% half-width is 1.96/1.645 times the 90% one on the log scale
SELECT f.name, abs(ln(i95.upper / i95.estimate) / ln(i90.upper / i90.estimate) - 1.959964 / 1.644854) < 1e-5
         AS z_ratio_ok
FROM iv_fit f, ltv_expected_purchases_interval(model, 2, 30.43, 38.86, 39, 0.9) i90,
     ltv_expected_purchases_interval(model, 2, 30.43, 38.86, 39, level => 0.95) i95 ORDER BY f.name;
-- CLV over 12 months with both fits' uncertainty
SELECT f.name, round(i.estimate::numeric, 2) AS clv_12m, round(i.lower::numeric, 2) AS lower,
       round(i.upper::numeric, 2) AS upper,
       i.estimate = ltv_predict(model, 2, 30.43, 38.86, 22.35) AS estimate_is_prediction
FROM iv_fit f, ltv_predict_interval(model, 2, 30.43, 38.86, 22.35) i ORDER BY f.name;
-- a one-time buyer and x = 0 at T = 0 (a new customer)
SELECT f.name, round(i.lower::numeric, 4) < round(i.upper::numeric, 4) AS has_width
FROM iv_fit f, ltv_expected_purchases_interval(model, 0, 0, 0, 52) i ORDER BY f.name;
-- errors: a format 1 model has no covariance; level out of (0, 1)
SELECT expect_error($$SELECT ltv_expected_purchases_interval('version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'::ltv_model, 2, 30.43, 38.86, 39)$$);
SELECT expect_error($$SELECT ltv_expected_purchases_interval(model, 2, 30.43, 38.86, 39, 1.0) FROM iv_fit WHERE name = 'bgnbd'$$);
DROP TABLE iv_fit;
