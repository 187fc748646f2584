-- churn_curve on bad or degenerate input: each case with its exact message.
-- Reference values are by hand: Kaplan-Meier on 2 to 4 customers.
\i test/sql/helpers.sql

CREATE TABLE churn_err (duration float8, churned boolean);
INSERT INTO churn_err VALUES (1, true), (2, false), (NULL, true), (3, NULL), (NULL, NULL), (4, true);

-- NULL duration or NULL churned: the row is skipped (3 customers remain:
-- 1 churned, 2 censored, 4 churned)
SELECT duration, n_risk, n_churned, n_censored, survival
FROM churn_table((SELECT churn_curve(duration, churned) FROM churn_err)) ORDER BY duration;

-- Negative, NaN and infinite durations
SELECT expect_error($$SELECT churn_curve(d, true) FROM (VALUES (1.0), (-0.5)) v(d)$$);
SELECT expect_error($$SELECT churn_curve(d, false) FROM (VALUES ('NaN'::float8)) v(d)$$);
SELECT expect_error($$SELECT churn_curve(d, false) FROM (VALUES ('Infinity'::float8)) v(d)$$);
SELECT expect_error($$SELECT churn_duration('2024-03-01'::date, '2024-02-01'::date, '1 month')$$);
-- -0 is 0
SELECT churn_curve(d, true)::text FROM (VALUES ('-0'::float8), (0)) v(d);

-- Everything censored: survival stays 1, no median, the restricted mean is the horizon
CREATE TABLE churn_err_censored AS
SELECT churn_curve(d, false) AS curve FROM (VALUES (1.0), (2), (2), (5)) v(d);
SELECT duration, n_risk, n_churned, n_censored, survival, hazard, cum_hazard, std_err, lower, upper
FROM churn_err_censored, churn_table(curve) ORDER BY duration;
SELECT m.* FROM churn_err_censored, churn_median(curve) m;
SELECT r.* FROM churn_err_censored, churn_restricted_mean(curve, 4) r;
SELECT churn_survival(curve, 5) AS at_last, churn_survival(curve, 6) AS past_last
FROM churn_err_censored;

-- Nobody at risk: no rows at all, or only NULL rows, give a NULL curve, an
-- empty table and NULL summaries; past the last duration (censored) S is NULL
SELECT churn_curve(duration, churned) IS NULL AS no_rows FROM churn_err WHERE false;
SELECT churn_curve(duration, churned) IS NULL AS null_rows FROM churn_err WHERE duration IS NULL;
SELECT count(*) AS table_rows FROM churn_table((SELECT churn_curve(duration, churned) FROM churn_err WHERE false));
SELECT churn_median((SELECT churn_curve(duration, churned) FROM churn_err WHERE false)) IS NULL AS no_median;
SELECT churn_survival(churn_curve(duration, churned), 3.5) AS s_3_5,
       churn_survival(churn_curve(duration, churned), 4) AS s_4,
       churn_survival(churn_curve(duration, churned), 100) AS s_100
FROM churn_err;
SELECT churn_survival(churn_curve(d, false), 3) AS past_censored_end
FROM (VALUES (1.0), (2)) v(d);

-- Confidence level outside (0, 1), unknown interval type
SELECT expect_error($$SELECT * FROM churn_table((SELECT curve FROM churn_err_censored), 'log', 1)$$);
SELECT expect_error($$SELECT * FROM churn_table((SELECT curve FROM churn_err_censored), 'log', 0)$$);
SELECT expect_error($$SELECT * FROM churn_table((SELECT curve FROM churn_err_censored), conf_level => -0.5)$$);
SELECT expect_error($$SELECT * FROM churn_table((SELECT curve FROM churn_err_censored), conf_level => 'NaN')$$);
SELECT expect_error($$SELECT * FROM churn_median((SELECT curve FROM churn_err_censored), 'log', 95)$$);
SELECT expect_error($$SELECT * FROM churn_table((SELECT curve FROM churn_err_censored), 'logit')$$);
SELECT expect_error($$SELECT * FROM churn_median((SELECT curve FROM churn_err_censored), 'LOG')$$);
SELECT expect_error($$SELECT * FROM churn_quantile((SELECT curve FROM churn_err_censored), 0.5, 'arcsin')$$);

-- Other reader arguments
SELECT expect_error($$SELECT * FROM churn_quantile((SELECT curve FROM churn_err_censored), 1.5)$$);
SELECT expect_error($$SELECT * FROM churn_restricted_mean((SELECT curve FROM churn_err_censored), -1)$$);
SELECT expect_error($$SELECT * FROM churn_restricted_mean((SELECT curve FROM churn_err_censored), 'Infinity')$$);
SELECT expect_error($$SELECT churn_survival((SELECT curve FROM churn_err_censored), 'NaN')$$);

-- Subscriptions: as_of and unit are required
SELECT expect_error($$SELECT churn_curve(s, e, NULL, '1 month') FROM (VALUES ('2024-01-01'::date, NULL::date)) v(s, e)$$);
SELECT expect_error($$SELECT churn_curve(s, e, '2024-06-01', NULL) FROM (VALUES ('2024-01-01'::date, NULL::date)) v(s, e)$$);
SELECT expect_error($$SELECT churn_curve(s, e, '2024-06-01', '-1 month') FROM (VALUES ('2024-01-01'::date, NULL::date)) v(s, e)$$);
SELECT expect_error($$SELECT churn_curve(s, e, '2024-06-01', '1 month') FROM (VALUES ('2024-03-01'::date, '2024-02-01'::date)) v(s, e)$$);
SELECT expect_error($$SELECT churn_curve(s, e, '2024-06-01', '1 month') FROM (VALUES ('-infinity'::date, '2024-02-01'::date)) v(s, e)$$);

DROP TABLE churn_err, churn_err_censored;
