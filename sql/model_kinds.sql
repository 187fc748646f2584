-- The purchase model interface: ltv_fit's model and customers arguments, the
-- stored ltv_model formats (version 1 of ltv 1.0 still reads as BG/NBD with
-- identical predictions), ltv_model_params' model, LL, AIC and BIC, and
-- ltv_model_estimates.
-- References: the BG/NBD fit on the published CDNOW calibration summary is the
-- one of sql/model.sql (CLVTools r 0.2425945, alpha 4.4136019, a 0.7929199,
-- b 2.4258881); AIC = 2k - 2 LL and BIC = k ln(n) - 2 LL (Akaike 1974,
-- Schwarz 1978) with k = 4 parameters and n = 2,357 customers.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
CREATE TABLE mk_src AS
SELECT customer_id, x::float8 AS x, t_x::float8 AS t_x, t::float8 AS t,
       CASE WHEN x > 0 THEN zbar::float8 END AS m
FROM cdnow_summary_published;
CREATE TABLE mk_fit AS SELECT ltv_fit(x, t_x, t, m) AS model FROM mk_src;

-- 1. 'bgnbd' is the default: the same model bit for bit, in the new format
SELECT (SELECT ltv_fit(x, t_x, t, m, '7 days', 'bgnbd')::text FROM mk_src) = model::text AS bgnbd_is_default,
       split_part(model::text, ' ', 1) AS format, split_part(model::text, ' ', 2) AS purchase_model,
       pg_column_size(model) AS bytes
FROM mk_fit;

-- 2. pre-aggregated rows: one row per distinct summary with a customer count
--    gives the model of one row per customer (rows with 0 customers are skipped)
SELECT (SELECT ltv_fit(x, t_x, t, m, '7 days', 'bgnbd', n)::text
        FROM (SELECT x, t_x, t, m, count(*) AS n FROM mk_src GROUP BY 1, 2, 3, 4
              UNION ALL SELECT 1, 1, 2, 5, 0) g) = model::text AS counted_same,
       (SELECT count(*) FROM (SELECT DISTINCT x, t_x, t, m FROM mk_src) d) AS distinct_summaries
FROM mk_fit;

-- 3. ltv_model_params: the purchase model, its LL, AIC and BIC (against the formulas)
SELECT purchase_model, n_params, round(loglik::numeric, 3) AS loglik,
       abs(aic - (2 * 4 - 2 * loglik)) < 1e-9 AS aic_ok,
       abs(bic - (4 * ln(2357) - 2 * loglik)) < 1e-9 AS bic_ok,
       loglik = loglik_bgnbd AS same_as_loglik_bgnbd, purchase_converged, purchase_status
FROM mk_fit, ltv_model_params(model);
-- one row per parameter; the estimates are the ltv_model_params columns
SELECT e.component, e.model_name, e.parameter,
       e.estimate = CASE e.parameter WHEN 'r' THEN p.r WHEN 'alpha' THEN p.alpha WHEN 'a' THEN p.a
                                     WHEN 'b' THEN p.b WHEN 'p' THEN p.p WHEN 'q' THEN p.q
                                     ELSE p.gamma END AS estimate_ok,
       e.std_error = CASE e.parameter WHEN 'r' THEN p.r_se WHEN 'alpha' THEN p.alpha_se WHEN 'a' THEN p.a_se
                                      WHEN 'b' THEN p.b_se WHEN 'p' THEN p.p_se WHEN 'q' THEN p.q_se
                                      ELSE p.gamma_se END AS se_ok
FROM mk_fit, ltv_model_params(model) p, ltv_model_estimates(model) e;

-- 4. the covariance matrix is stored (its diagonal is the squared standard errors)
SELECT abs(split_part(substring(model::text FROM ' cov=([^ ]*)'), ',', 1)::float8 / p.r_se ^ 2 - 1) < 1e-12 AS r_var_ok,
       abs(split_part(substring(model::text FROM ' cov=([^ ]*)'), ',', 10)::float8 / p.b_se ^ 2 - 1) < 1e-12 AS b_var_ok,
       abs(split_part(substring(model::text FROM ' gg_cov=([^ ]*)'), ',', 6)::float8 / p.gamma_se ^ 2 - 1) < 1e-12 AS gamma_var_ok
FROM mk_fit, ltv_model_params(model) p;

-- 5. text and binary round trips of the new format
\copy mk_fit TO 'results/model_kinds.bin' WITH (FORMAT binary)
CREATE TABLE mk_fit2 (LIKE mk_fit);
\copy mk_fit2 FROM 'results/model_kinds.bin' WITH (FORMAT binary)
SELECT a.model::text = b.model::text AS binary_round_trip,
       a.model::text::ltv_model::text = a.model::text AS text_round_trip
FROM mk_fit a, mk_fit2 b;

-- 6. a version 1 value (ltv 1.0's format) is a BG/NBD model: the same readings and
--    predictions as the version 2 value with the same fields
CREATE TABLE mk_v1 AS SELECT
 'version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=0.0125 alpha_se=0.378 a_se=0.186 b_se=0.705 p_se=1.19 q_se=0.29 gamma_se=4.16 loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'::ltv_model AS v1,
 'version=2 model=bgnbd status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 r_se=0.0125 alpha_se=0.378 a_se=0.186 b_se=0.705 cov=NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN loglik=-9582.429 iterations=0 gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=1.19 gg_q_se=0.29 gg_gamma_se=4.16 gg_cov=NaN,NaN,NaN,NaN,NaN,NaN loglik_gg=-4055.92 iterations_gg=0'::ltv_model AS v2;
SELECT split_part(v1::text, ' ', 1) AS v1_format, pg_column_size(v1) AS v1_bytes,
       (SELECT row(p.*)::text FROM ltv_model_params(v1) p) = (SELECT row(p.*)::text FROM ltv_model_params(v2) p) AS same_params,
       ltv_p_alive(v1, 2, 30.43, 38.86) = ltv_p_alive(v2, 2, 30.43, 38.86) AS same_p_alive,
       ltv_expected_purchases(v1, 2, 30.43, 38.86, 39) = ltv_expected_purchases(v2, 2, 30.43, 38.86, 39) AS same_expected,
       ltv_expected_purchases_new(v1, 52) = ltv_expected_purchases_new(v2, 52) AS same_new,
       ltv_purchase_probability(v1, 3, 39) = ltv_purchase_probability(v2, 3, 39) AS same_probability,
       ltv_expected_spend(v1, 2, 22.35) = ltv_expected_spend(v2, 2, 22.35) AS same_spend,
       ltv_predict(v1, 2, 30.43, 38.86, 22.35) = ltv_predict(v2, 2, 30.43, 38.86, 22.35) AS same_clv,
       round(ltv_expected_purchases(v1, 2, 30.43, 38.86, 39)::numeric, 3) AS expected_39_weeks
FROM mk_v1;
SELECT * FROM ltv_model_estimates((SELECT v1 FROM mk_v1));

-- 7. errors
SELECT expect_error($$SELECT ltv_fit(x, t_x, t, m, '7 days', 'paretonbd') FROM mk_src$$);
SELECT expect_error($$SELECT ltv_fit(x, t_x, t, m, '7 days', NULL) FROM mk_src$$);
SELECT expect_error($$SELECT ltv_fit(x, t_x, t, m, '7 days', 'bgnbd', -1) FROM mk_src$$);
SELECT expect_error($$SELECT replace(v2::text, 'model=bgnbd', 'model=bgnbdx')::ltv_model FROM mk_v1$$);
SELECT expect_error($$SELECT replace(v2::text, 'cov=NaN,NaN,', 'cov=-1,NaN,')::ltv_model FROM mk_v1$$);
SELECT expect_error($$SELECT replace(v2::text, 'cov=NaN,NaN,', 'cov=NaN,')::ltv_model FROM mk_v1$$);
SELECT expect_error($$SELECT regexp_replace(v2::text, ' r=[^ ]*', ' r=NaN')::ltv_model FROM mk_v1$$);
SELECT expect_error($$SELECT replace(v2::text, 'status=0 gg', 'status=2 gg')::ltv_model FROM mk_v1$$);
SELECT expect_error($$SELECT '2;bgnbdx;0;7;0;0'::ltv_fit_state$$);
SELECT expect_error($$SELECT '2;;0;7;0;0'::ltv_fit_state$$);
-- a state for BG/NBD is written in ltv 1.0's format; the version 2 form reads too
SELECT '2;bgnbd;0;7;0;1;2,1.5,4,10.25,1'::ltv_fit_state::text AS bgnbd_state;

DROP TABLE mk_src, mk_fit, mk_fit2, mk_v1;
