-- ltv_fit and the predictions on bad input and edge cases: NULLs, empty groups, one
-- customer, all x = 0 (unidentifiable), invalid summaries, NaN/infinity, horizons,
-- malformed model and state values.  Expected behaviour is documented in doc/model.md.
\i test/sql/helpers.sql
CREATE TABLE model_e (g int, x float8, t_x float8, t float8, m float8);
INSERT INTO model_e VALUES
  (1, 0, 0, 30, NULL), (1, 0, 0, 20, NULL), (1, 0, 0, 10, 0),        -- all x = 0
  (2, 3, 20, 30, 15.5),                                              -- one customer
  (3, NULL, 1, 2, 3), (3, 1, NULL, 2, 3), (3, 1, 1, NULL, 3);       -- only NULL summaries
-- empty input and all-NULL summaries: NULL model
SELECT ltv_fit(x, t_x, t, m) IS NULL AS empty_is_null FROM model_e WHERE false;
SELECT ltv_fit(x, t_x, t, m) IS NULL AS nulls_are_skipped FROM model_e WHERE g = 3;
-- all x = 0: WARNINGs, and a model that says it is unidentified (parameters NULL)
SELECT r, alpha, a, b, p, loglik_bgnbd, n_customers, n_repeaters, n_spend, bgnbd_converged, bgnbd_status, gg_status
FROM (SELECT ltv_fit(x, t_x, t, m) AS model FROM model_e WHERE g = 1) s, ltv_model_params(model);
-- predictions from it: a clear error
SELECT expect_error($$SELECT ltv_p_alive(ltv_fit(x, t_x, t, m), 1, 1, 2) FROM model_e WHERE g = 1$$);
-- one customer: the likelihood has no interior maximum (it rises towards parameters at
-- 0 or infinity); reported as not converged with a WARNING, not silently returned
SELECT bgnbd_converged, bgnbd_status, gg_status, n_customers
FROM (SELECT ltv_fit(x, t_x, t, m) AS model FROM model_e WHERE g = 2) s, ltv_model_params(model);
-- monetary: NULL, zero or x = 0 leave the customer out of Gamma-Gamma only
SELECT n_customers, n_spend FROM (SELECT ltv_fit(x, t_x, t, m) AS model FROM
  (VALUES (1, 1, 5, 10.0), (2, 3, 5, NULL), (1, 2, 5, 0), (0, 0, 5, 99), (4, 4, 5, 20), (2, 1, 4, 30))
  AS v(x, t_x, t, m)) s, ltv_model_params(model);

-- invalid customer summaries
SELECT expect_error($$SELECT ltv_fit(1, 5, 4, 10)$$);               -- t_x > T
SELECT expect_error($$SELECT ltv_fit(1.5, 1, 4, 10)$$);             -- x not whole
SELECT expect_error($$SELECT ltv_fit(-1, 0, 4, 10)$$);
SELECT expect_error($$SELECT ltv_fit(0, 2, 4, NULL)$$);             -- t_x without repeat
SELECT expect_error($$SELECT ltv_fit('NaN', 0, 4, 10)$$);
SELECT expect_error($$SELECT ltv_fit(1, 0, 'Infinity', 10)$$);
SELECT expect_error($$SELECT ltv_fit(1, 1, 4, 'NaN')$$);
SELECT expect_error($$SELECT ltv_fit(1, 1, 4, 10, '-7 days')$$);
SELECT expect_error($$SELECT ltv_fit(1, 1, 4, 10, NULL::interval)$$);
SELECT expect_error($$SELECT ltv_fit(x, 1, 4, 10, u) FROM (VALUES (1, '7 days'::interval), (2, '1 day')) v(x, u)$$);

-- predictions: invalid arguments
CREATE TABLE model_p AS SELECT
 'version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.2425945 alpha=4.4136019 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'::ltv_model AS model;
SELECT ltv_p_alive(NULL, 1, 1, 2) IS NULL AS strict_null,
       ltv_predict(model, 1, 1, 2, NULL) IS NULL AS strict_null_monetary FROM model_p;
SELECT expect_error($$SELECT ltv_p_alive(model, 2, 40, 38.86) FROM model_p$$);
SELECT expect_error($$SELECT ltv_expected_purchases(model, 2, 30, 38.86, -1) FROM model_p$$);
SELECT expect_error($$SELECT ltv_expected_purchases(model, 2, 30, 38.86, 'NaN') FROM model_p$$);
SELECT expect_error($$SELECT ltv_purchase_probability(model, -1, 10) FROM model_p$$);
SELECT expect_error($$SELECT ltv_expected_spend(model, 2.5, 10) FROM model_p$$);
-- (monetary <= 0 with x > 0 is no error: sql/nonpositive_spend.sql)
SELECT expect_error($$SELECT ltv_predict(model, 2, 30, 38.86, 20, horizon => '0 months') FROM model_p$$);
SELECT expect_error($$SELECT ltv_predict(model, 2, 30, 38.86, 20, horizon => '-1 month') FROM model_p$$);
SELECT expect_error($$SELECT ltv_predict(model, 2, 30, 38.86, 20, horizon => '101 years') FROM model_p$$);
SELECT expect_error($$SELECT ltv_predict(model, 2, 30, 38.86, 20, discount_rate => -1) FROM model_p$$);
SELECT expect_error($$SELECT ltv_predict(model, 2, 30, 38.86, 20, margin => 'Infinity') FROM model_p$$);
SELECT expect_error($$SELECT ltv_predict(model, 2, 30, 38.86, 'NaN') FROM model_p$$);
-- t = 0 and a zero discount rate are fine
SELECT ltv_expected_purchases(model, 2, 30, 38.86, 0) AS zero_horizon,
       ltv_expected_purchases_new(model, 0) AS zero_new,
       ltv_purchase_probability(model, 0, 0) AS p0_at_0 FROM model_p;
-- a horizon far beyond the data is still computed exactly (no series limit): the second against
-- mpmath's A u 3F2(1, A+1, a; 2, a+B; -u) and C/(a-1)(1 - 2F1(A, a-1; C; -u)) at 60 digits
-- (both 1104.6140025205490990, A = r, B = b, u = 1e12/(alpha + 0.01))
SELECT round(ltv_expected_purchases(model, 0, 0, 38.86, 5200)::numeric, 3) AS e_100_years FROM model_p;
SELECT abs(ltv_expected_purchases(model, 0, 0, 0.01, 1e12) / 1104.6140025205490990 - 1) < 1e-10 AS e_1e12_exact
FROM model_p;

-- malformed model text: every field checked
SELECT expect_error($$SELECT 'garbage'::ltv_model$$);
SELECT expect_error($$SELECT replace(model::text, 'version=1', 'version=3')::ltv_model FROM model_p$$);
SELECT expect_error($$SELECT regexp_replace(model::text, ' r=[^ ]*', ' r=-0.5')::ltv_model FROM model_p$$);
SELECT expect_error($$SELECT regexp_replace(model::text, ' b=[^ ]*', ' b=NaN')::ltv_model FROM model_p$$);
SELECT expect_error($$SELECT replace(model::text, 'q=3.74', 'q=0.5')::ltv_model FROM model_p$$);
SELECT expect_error($$SELECT replace(model::text, 'unit_days=7', 'unit_days=0')::ltv_model FROM model_p$$);
SELECT expect_error($$SELECT replace(model::text, 'n_repeaters=946', 'n_repeaters=9460')::ltv_model FROM model_p$$);
SELECT expect_error($$SELECT replace(model::text, 'bgnbd_status=0', 'bgnbd_status=2')::ltv_model FROM model_p$$);
SELECT expect_error($$SELECT (model::text || ' extra=1')::ltv_model FROM model_p$$);
-- malformed state text
SELECT '1;0;7;0;2;0,0,5,-,3;2,1.5,4,10.25,1'::ltv_fit_state AS state_round_trip;
SELECT expect_error($$SELECT '3;0;7;0;0'::ltv_fit_state$$);
SELECT expect_error($$SELECT '1;0;7;0;1;1,5,4,-,1'::ltv_fit_state$$);
SELECT expect_error($$SELECT '1;0;7;0;1;1,1,4,-5,1'::ltv_fit_state$$);
SELECT expect_error($$SELECT '1;0;7;0;1;1,1,4,-,0'::ltv_fit_state$$);
SELECT expect_error($$SELECT '1;0;7;0;2;1,1,4,-,1'::ltv_fit_state$$);
SELECT expect_error($$SELECT '1;0;0;0;0'::ltv_fit_state$$);

DROP TABLE model_e, model_p;
