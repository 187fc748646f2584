-- New-customer value and LTV:CAC (issue 13 item 4): ltv_new_customer_value and
-- ltv_cac_ratio for every purchase model, and ltv_agg's textbook LTV with its horizon.
--
-- References: each model's published parameters (CLVTools' BG/NBD fit of CDNOW, FHL
-- 2005; BTYD's Pareto/NBD; BTYDplus' MBG/NBD; Fader, Hardie & Shang 2010's BG/BB on
-- the donations) with CDNOW's Gamma-Gamma p 6.25, q 3.74, gamma 15.44 (FHL 2005b; its
-- mean spend p gamma / (q - 1) = 35.219).  Two kinds of reference number:
--  * published: undiscounted, the value telescopes to mean spend x (1 + E[X(H)]) with
--    FHL 2005's E[X(78 weeks)] = 1.8576 and BTYD's Pareto/NBD E[X(52)] = 1.473;
--  * mpmath: test/reference/models/new_customer_value.py evaluates each model's E[X(t)]
--    from its paper's formula at 40 digits and sums the discounted monthly steps.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
CREATE TABLE value_models (name text, model ltv_model);
INSERT INTO value_models VALUES
('bgnbd', 'version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'),
('pareto_nbd', 'version=2 model=pareto_nbd status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.5534 alpha=10.5802 s=0.6061 beta=11.6562 r_se=NaN alpha_se=NaN s_se=NaN beta_se=NaN cov=NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN loglik=-9594.976 iterations=0 gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=NaN gg_q_se=NaN gg_gamma_se=NaN gg_cov=NaN,NaN,NaN,NaN,NaN,NaN loglik_gg=-4055.92 iterations_gg=0'),
('mbgnbd', 'version=2 model=mbgnbd status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.525 alpha=6.183 a=0.891 b=1.614 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN cov=NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN loglik=-9582.13 iterations=0 gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=NaN gg_q_se=NaN gg_gamma_se=NaN gg_cov=NaN,NaN,NaN,NaN,NaN,NaN loglik_gg=-4055.92 iterations_gg=0'),
('bgbb', 'version=2 model=bgbb status=0 gg_status=0 unit_months=12 unit_days=0 unit_usecs=0 n_customers=11104 n_repeaters=7650 n_spend=946 alpha=1.204 beta=0.750 gamma=0.657 delta=2.783 alpha_se=NaN beta_se=NaN gamma_se=NaN delta_se=NaN cov=NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN loglik=-33225.6 iterations=0 gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=NaN gg_q_se=NaN gg_gamma_se=NaN gg_cov=NaN,NaN,NaN,NaN,NaN,NaN loglik_gg=-4055.92 iterations_gg=0');

-- 1. Published: undiscounted over 78 weeks (BG/NBD) and 52 weeks (Pareto/NBD) the value is
--    mean spend x (1 + E[X(H)]); to the published E[X]'s 4 digits, and to mpmath to 1e-10.
SELECT name, h, round(ltv_new_customer_value(model, h, 0)::numeric, 2) AS value,
       abs(ltv_new_customer_value(model, h, 0) / (6.25 * 15.44 / 2.74 * (1 + published_ex)) - 1) < 2e-4
         AS near_published,
       abs(ltv_new_customer_value(model, h, 0) / mpmath - 1) < 1e-10 AS matches_mpmath
FROM value_models JOIN (VALUES ('bgnbd', interval '546 days', 1.8576, 100.654290102151),
                               ('pareto_nbd', interval '364 days', 1.473, 87.0988922330446)) v(name, h, published_ex, mpmath)
     USING (name) ORDER BY name;
-- 2. mpmath: the defaults (12 months at 1% a month, revenue) for every model; BG/BB over 5 years
SELECT name, h, d, round(ltv_new_customer_value(model, h, d)::numeric, 4) AS value,
       abs(ltv_new_customer_value(model, h, d) / mpmath - 1) < 1e-10 AS matches_mpmath
FROM value_models JOIN (VALUES ('bgnbd', interval '12 months', 0.01, 83.518471733436),
                               ('pareto_nbd', '12 months', 0.01, 84.4602129961302),
                               ('mbgnbd', '12 months', 0.01, 82.7345209658654),
                               ('bgbb', '5 years', 0.01, 85.0244767028915),
                               ('bgbb', '5 years', 0, 103.463045839236)) v(name, h, d, mpmath)
     USING (name) ORDER BY name, d;
-- the defaults are 12 months, 1% a month, margin 1; margin 0.3 over 3 years (mpmath 36.0857817358551)
SELECT ltv_new_customer_value(model) = ltv_new_customer_value(model, '12 months', 0.01, 1.0) AS defaults,
       abs(ltv_new_customer_value(model, '3 years', margin => 0.3) / 36.0857817358551 - 1) < 1e-10 AS margin_03
FROM value_models WHERE name = 'bgnbd';
-- 3. It is the first order plus ltv_predict of a customer with x = 0 at T = 0, for every model
SELECT name, abs(ltv_new_customer_value(model, '2 years', 0.02, 0.4)
                 - (0.4 * ltv_expected_spend(model, 0, 0) + ltv_predict(model, 0, 0, 0, 0, '2 years', 0.02, 0.4)))
             < 1e-12 * ltv_new_customer_value(model, '2 years', 0.02, 0.4) AS first_order_plus_residual
FROM value_models ORDER BY name;
-- and from a model fitted here (CDNOW sample, every model but BG/BB): finite, positive
SELECT m.name, ltv_new_customer_value(f) > ltv_expected_spend(f, 0, 0) AS above_first_order
FROM (VALUES ('bgnbd'), ('pareto_nbd'), ('mbgnbd')) m(name),
     LATERAL (SELECT ltv_fit(x::float8, t_x::float8, t::float8, CASE WHEN x > 0 THEN zbar::float8 END, '7 days', m.name) AS f
              FROM cdnow_summary_published) s ORDER BY m.name;

-- 4. LTV:CAC and payback.  BG/NBD, 3 years, 1% a month, margin 0.3, CAC $15: mpmath ltv
--    36.0857817358551, payback 2.26336663745 months; a CAC of $60 at revenue: 4.41328288413.
SELECT round(ltv::numeric, 4) AS ltv, cac, round(ltv_cac_ratio::numeric, 4) AS ratio,
       round(payback_months::numeric, 6) AS payback_months,
       abs(ltv / 36.0857817358551 - 1) < 1e-10 AND abs(payback_months - 2.26336663745) < 1e-8 AS matches_mpmath
FROM value_models, ltv_cac_ratio(model, 15, '3 years', 0.01, 0.3) WHERE name = 'bgnbd';
SELECT abs(payback_months - 4.41328288413) < 1e-8 AS matches_mpmath,
       abs(ltv_new_customer_value(model, make_interval(secs => payback_months * 2629746), 0.01) / 60 - 1) < 1e-8
         AS value_at_payback_is_cac
FROM value_models, ltv_cac_ratio(model, 60, '3 years') WHERE name = 'bgnbd';
-- the first order covers the cost: payback 0; never within the horizon: NULL; ratio = ltv / cac
SELECT name, cac, payback_months, ltv_cac_ratio = ltv / cac AS ratio_is_quotient
FROM value_models, LATERAL (VALUES (10::float8), (1000)) c(cost), ltv_cac_ratio(model, cost)
ORDER BY name, cac;
-- BG/BB: years are whole periods, so the value steps at year ends and payback is one: for a CAC of
-- 1.5 x the mean spend, E[X(1)] = 0.49849 < 0.5 <= E[X(2)] = 0.92322 (mpmath, FHS 2010 eq. 9): 24 months
SELECT round(payback_months::numeric, 6) AS payback_months
FROM value_models, ltv_cac_ratio(model, 6.25 * 15.44 / 2.74 * 1.5, '5 years', 0) WHERE name = 'bgbb';

-- 5. Errors
SELECT expect_error($$SELECT ltv_cac_ratio(model, 0) FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_cac_ratio(model, -5) FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_cac_ratio(model, 'NaN') FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_cac_ratio(model, 'Infinity') FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_new_customer_value(model, '0 days') FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_new_customer_value(model, '-1 month') FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_new_customer_value(model, '101 years') FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_new_customer_value(model, '1 year', -1) FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_new_customer_value(model, '1 year', 0.01, 'NaN') FROM value_models WHERE name = 'bgnbd'$$);
SELECT expect_error($$SELECT ltv_cac_ratio(model, 10, '1 year', 0.01, 'Infinity') FROM value_models WHERE name = 'bgnbd'$$);
-- a model without Gamma-Gamma (only one repeat customer with a spend) has no spend to value
SELECT expect_error($$SELECT ltv_new_customer_value(ltv_fit(x, t_x, t, m)) FROM (VALUES (0::float8, 0::float8, 10::float8, NULL::float8), (0, 0, 12, NULL), (1, 3, 9, 20)) v(x, t_x, t, m)$$);
SELECT ltv_new_customer_value(NULL::ltv_model) IS NULL AS strict;

-- 6. ltv_agg: the textbook LTV's horizon.  One period of the textbook formula is the
--    observation the figures were measured over: the customers' mean time from first
--    purchase to as_of (observation_period); textbook_ltv covers expected_lifespan such
--    periods (textbook_horizon), and textbook_ltv_at_horizon the observed period plus the
--    options' horizon, as predicted_ltv does.  Checked against the formulas written out in
--    SQL over the ltv_summary rows.
CREATE TABLE value_agg AS
SELECT ltv_agg(customer_id, ordered_on, amount, '1997-09-30') AS a,
       ltv_agg(customer_id, ordered_on, amount, '1997-09-30', ltv_agg_options(horizon => '3 years', margin => 0.3,
                                                                               textbook_discount_rate => 0.1)) AS b
FROM cdnow_sample;
CREATE TABLE value_sum AS
SELECT avg((s).t_cal) AS mean_t, 1 - avg(((s).x > 0)::int) AS churn
FROM (SELECT ltv_summary(ordered_on, amount, '1997-09-30') AS s FROM cdnow_sample GROUP BY customer_id) q;
SELECT (a).observation_period, (a).textbook_horizon,
       abs(extract(epoch FROM (a).observation_period) - mean_t * 7 * 86400) < 1e-3 AS period_is_mean_t,
       abs(extract(epoch FROM (a).textbook_horizon) - mean_t * 7 * 86400 / churn) < 1e-2 AS horizon_is_lifespan_periods,
       round((a).textbook_ltv::numeric, 2) AS textbook_ltv,
       round((a).textbook_ltv_at_horizon::numeric, 2) AS textbook_12_months,
       round((a).predicted_ltv::numeric, 2) AS predicted_12_months,
       abs((a).textbook_ltv_at_horizon / ((a).historical_ltv * (1 - (1 - churn) ^ (1 + 12 / (mean_t * 7 / (365.2425 / 12))))
                                          / churn) - 1) < 1e-12 AS at_horizon_formula
FROM value_agg, value_sum;
-- with a textbook discount rate, a margin and a 3-year horizon
SELECT round((b).textbook_ltv::numeric, 4) AS textbook_ltv, round((b).textbook_ltv_at_horizon::numeric, 4) AS textbook_3_years,
       abs((b).textbook_ltv_at_horizon
           / (0.3 * (b).historical_ltv * (1 - ((1 - churn) / 1.1) ^ (1 + 36 / (mean_t * 7 / (365.2425 / 12))))
              / (1 - (1 - churn) / 1.1)) - 1) < 1e-12 AS at_horizon_formula,
       (b).textbook_ltv_at_horizon < (b).textbook_ltv AS below_lifetime
FROM value_agg, value_sum;
-- every customer bought on as_of: no time observed yet (period 0), so no figure at the horizon
SELECT (a).observation_period, (a).textbook_horizon, (a).textbook_ltv_at_horizon
FROM (SELECT ltv_agg(c, d, 10::numeric, date '2024-01-05') AS a
      FROM (VALUES (1, date '2024-01-05'), (2, date '2024-01-05')) v(c, d)) s;
DROP TABLE value_models, value_agg, value_sum;
