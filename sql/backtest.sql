-- ltv_backtest: calibration up to 1997-09-30, holdout to 1998-06-30, on the CDNOW sample.
-- References (test/data/README.md; Fader, Hardie & Lee 2005): with BG/NBD the 2,357 customers are
-- predicted 1,653 repeat purchases in weeks 40..78 and made 1,882; they made 2,457 in the calibration
-- period (the sum of x of the published summary); the fitted model is the published one
-- (r 0.2426, alpha 4.4136, a 0.7929, b 2.4259, as in sql/model.sql).
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
CREATE TABLE bt_bgnbd AS
SELECT r.* FROM unnest((SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date)
                        FROM cdnow_sample)) r;
SELECT metric, round(value::numeric, 4) AS value FROM bt_bgnbd WHERE section = 'model';
SELECT metric, customers, round(actual::numeric, 1) AS actual, round(predicted::numeric, 1) AS predicted,
       round(value::numeric, 4) AS value
FROM bt_bgnbd WHERE section = 'errors';
SELECT frequency, customers, round(actual::numeric, 3) AS actual, round(predicted::numeric, 3) AS predicted
FROM bt_bgnbd WHERE section = 'calibration_holdout' ORDER BY frequency;
-- the tracking chart: 78 weeks, cumulative actual = the calibration's 2,457 + the holdout's 1,882
SELECT count(*) FILTER (WHERE metric = 'incremental') AS weeks,
       count(*) FILTER (WHERE metric = 'incremental' AND phase = 'holdout') AS holdout_weeks,
       max(actual) FILTER (WHERE metric = 'cumulative' AND phase = 'calibration') AS calibration_repeats,
       max(actual) FILTER (WHERE metric = 'cumulative') AS all_repeats,
       (SELECT sum(x) FROM cdnow_summary_published) AS published_calibration_repeats,
       abs(sum(predicted) FILTER (WHERE metric = 'incremental')
           - max(predicted) FILTER (WHERE metric = 'cumulative')) < 1e-9 AS increments_add_up,
       min(period_start) AS first_week, max(period_start) AS last_week
FROM bt_bgnbd WHERE section = 'tracking';
-- the predicted tracking curve is the sum of E[X(t)] over the customers since their first purchase,
-- checked at week 78 against the model's own function in SQL
WITH m AS (SELECT ltv_fit(x, t_x, t, zbar) AS model FROM (SELECT customer_id, x::float8 x, t_x::float8 t_x,
                         t::float8 t, CASE WHEN x > 0 THEN zbar::float8 END zbar FROM cdnow_summary_published) s),
     f AS (SELECT customer_id, min(ordered_on) AS first FROM cdnow_sample GROUP BY 1)
SELECT abs((SELECT predicted FROM bt_bgnbd WHERE section = 'tracking' AND metric = 'cumulative' AND period = 77)
           - sum(ltv_expected_purchases_new(model, ('1998-06-30'::date - first) / 7.0))) < 1.0 AS tracking_matches_sql
FROM f, m;

-- every model, side by side: the holdout totals and errors
CREATE TABLE bt_all AS
SELECT m.name AS model, r.*
FROM (VALUES ('bgnbd'), ('pareto_nbd'), ('mbgnbd')) m(name),
     LATERAL unnest((SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date, m.name)
                     FROM cdnow_sample)) r;
SELECT model, round(max(predicted) FILTER (WHERE metric = 'repeat purchases: total')) AS predicted,
       round(max(actual) FILTER (WHERE metric = 'repeat purchases: total')) AS actual,
       round(max(value) FILTER (WHERE metric = 'repeat purchases: bias %')::numeric, 1) AS bias_pct,
       round(max(value) FILTER (WHERE metric = 'repeat purchases: MAE')::numeric, 3) AS mae,
       round(max(value) FILTER (WHERE metric = 'repeat purchases: RMSE')::numeric, 3) AS rmse,
       round(max(value) FILTER (WHERE metric = 'repeat purchases: correlation')::numeric, 3) AS corr,
       round(max(value) FILTER (WHERE metric = 'spend: bias %')::numeric, 1) AS spend_bias_pct
FROM bt_all WHERE section = 'errors' GROUP BY model ORDER BY model;
-- the model inside is ltv_fit(summary, model) over the calibration summaries
SELECT a.model, bool_and(abs(a.value - e.estimate) <= 1e-12 * abs(e.estimate)) AS same_as_ltv_fit
FROM bt_all a
JOIN (SELECT m.name AS model, e.parameter, e.estimate
      FROM (VALUES ('bgnbd'), ('pareto_nbd'), ('mbgnbd')) m(name),
           LATERAL (SELECT ltv_fit(s, m.name) AS fit FROM (SELECT ltv_summary(ordered_on, amount, '1997-09-30'::date) AS s
                    FROM cdnow_sample GROUP BY customer_id) q) f,
           LATERAL ltv_model_estimates(f.fit) e WHERE e.component = 'purchase') e
  ON e.model = a.model AND e.parameter = a.metric
WHERE a.section = 'model' GROUP BY a.model ORDER BY a.model;

-- order independence, text keys, timestamps: the same figures, bit for bit (every sum over
-- customers runs in one canonical order of the customers' rows, not in the hash table's order,
-- which depends on the order the orders arrive in)
CREATE FUNCTION bt_figures(r ltv_backtest_row[]) RETURNS text LANGUAGE sql AS
$$ SELECT string_agg(concat_ws(' ', section, phase, metric, period, frequency, customers, actual::text,
                                predicted::text, value::text), '; ' ORDER BY section, metric, period, frequency)
   FROM unnest(r) $$;
SELECT bt_figures((SELECT ltv_backtest(customer_id::text, ordered_on::timestamptz, amount,
            '1997-09-30'::timestamptz + interval '1 day' - interval '1 microsecond', '1998-06-30'::timestamptz)
            FROM (SELECT * FROM cdnow_sample ORDER BY md5(customer_id::text || ordered_on)) s))
     = bt_figures((SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date) FROM cdnow_sample))
       AS same_shuffled_text_keys;
SELECT (SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date, 'pareto_nbd')
        FROM (SELECT * FROM cdnow_sample ORDER BY md5(ordered_on || customer_id::text) DESC) s)::text
     = (SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date, 'pareto_nbd')
        FROM (SELECT * FROM cdnow_sample ORDER BY customer_id DESC, ordered_on DESC) s)::text
       AS same_bits_shuffled;

-- errors
SELECT expect_error($$SELECT ltv_backtest(customer_id, ordered_on, amount, '1998-06-30'::date, '1997-09-30'::date) FROM cdnow_sample$$);
SELECT expect_error($$SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, NULL::date) FROM cdnow_sample$$);
SELECT expect_error($$SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date, 'nbd') FROM cdnow_sample$$);
SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date) IS NULL AS no_customers
FROM cdnow_sample WHERE false;
DROP FUNCTION bt_figures(ltv_backtest_row[]);
DROP TABLE bt_bgnbd, bt_all;
