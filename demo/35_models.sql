-- Purchase models side by side on CDNOW (issue 13): fit on 1997-01-01 .. 1997-09-30, holdout to
-- 1998-06-30, each model checked by ltv_backtest in one call.
\echo
\echo === Purchase models on the CDNOW sample: fit (calibration to 1997-09-30) ===
CREATE TEMP TABLE demo_bt AS
SELECT m.name AS model, r.*
FROM (VALUES ('bgnbd'), ('pareto_nbd'), ('mbgnbd')) m(name),
     LATERAL unnest((SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date, m.name)
                     FROM cdnow_sample)) r;
SELECT model, string_agg(metric || ' ' || round(value::numeric, 4), ', ' ORDER BY metric) FILTER (WHERE metric NOT IN ('loglik', 'converged')) AS parameters,
       round(max(value) FILTER (WHERE metric = 'loglik')::numeric, 2) AS loglik
FROM demo_bt WHERE section = 'model' GROUP BY model ORDER BY loglik DESC;

\echo === Holdout (weeks 40-78): repeat purchases and spend, predicted vs actual ===
SELECT model, round(max(predicted) FILTER (WHERE metric = 'repeat purchases: total')) AS predicted,
       round(max(actual) FILTER (WHERE metric = 'repeat purchases: total')) AS actual,
       round(max(value) FILTER (WHERE metric = 'repeat purchases: bias %')::numeric, 1) AS "bias %",
       round(max(value) FILTER (WHERE metric = 'repeat purchases: MAE')::numeric, 3) AS mae,
       round(max(value) FILTER (WHERE metric = 'repeat purchases: RMSE')::numeric, 3) AS rmse,
       round(max(value) FILTER (WHERE metric = 'repeat purchases: correlation')::numeric, 3) AS corr,
       round(max(value) FILTER (WHERE metric = 'spend: bias %')::numeric, 1) AS "spend bias %"
FROM demo_bt WHERE section = 'errors' GROUP BY model ORDER BY model;

\echo === Calibration/holdout: mean holdout repeat purchases by calibration frequency ===
SELECT frequency AS x, max(customers) AS customers, round(max(actual)::numeric, 2) AS actual,
       round(max(predicted) FILTER (WHERE model = 'bgnbd')::numeric, 2) AS bgnbd,
       round(max(predicted) FILTER (WHERE model = 'pareto_nbd')::numeric, 2) AS pareto_nbd,
       round(max(predicted) FILTER (WHERE model = 'mbgnbd')::numeric, 2) AS mbgnbd
FROM demo_bt WHERE section = 'calibration_holdout' GROUP BY frequency ORDER BY frequency;

\echo === Tracking: weekly repeat purchases, actual (#) and BG/NBD (*), Pareto/NBD (o), every 3rd week ===
SELECT period AS week, phase, round(actual) AS actual,
       round(max(predicted) FILTER (WHERE model = 'bgnbd')) AS bgnbd,
       round(max(predicted) FILTER (WHERE model = 'pareto_nbd')) AS pnbd,
       overlay(overlay(rpad(repeat('#', round(actual)::int), 100)
                       placing '*' from greatest(1, round(max(predicted) FILTER (WHERE model = 'bgnbd'))::int) for 1)
               placing 'o' from greatest(1, round(max(predicted) FILTER (WHERE model = 'pareto_nbd'))::int) for 1) AS chart
FROM demo_bt WHERE section = 'tracking' AND metric = 'incremental' AND period % 3 = 0
GROUP BY period, phase, actual ORDER BY period;
