-- The purchase models beside BG/NBD (issue 13): ltv_fit(..., model) over about one
-- million customers, serial.  Run with SIZE=10m (10M orders, about 1.09M customers):
--   make bench SIZE=10m BENCH=models_
-- The setup summarizes each customer once with ltv_summary (untimed): days, weeks for
-- the continuous-time models; calendar months as whole periods for BG/BB.  A fit has no
-- plain-SQL equivalent: plain is the cheapest scan of the same columns, for scale only.
-- The check tests what a maximum-likelihood fit must reproduce on any data: the
-- expected repeat purchases over each customer's observed time, sum E[X(T)], against the
-- sum of x within 10%: the generator is none of these models (bench/gen_orders.c: BG/NBD
-- with a dropout chance right after the first purchase), and at SIZE=100k Pareto/NBD's
-- fit predicts 4.6% more than the data's sum of x, the others within 1%.  BG/BB's months
-- end with December 2024 (as_of inside the last whole month: the month that holds as_of
-- counts as an opportunity, and January 2025 has only begun).

-- @case models: pareto_nbd fit, serial
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @setup
DROP TABLE IF EXISTS bench_models_summary, bench_models_monthly;
CREATE TABLE bench_models_summary AS
SELECT customer_id, (s).x::float8 AS x, (s).t_x, (s).t_cal AS t, CASE WHEN (s).x > 0 THEN (s).m_x END AS m
FROM (SELECT customer_id, ltv_summary(ordered_at, amount, :'as_of') AS s FROM :orders GROUP BY 1) q
WHERE s IS NOT NULL;
CREATE TABLE bench_models_monthly AS
SELECT customer_id, (s).x::float8 AS x, (s).t_x, (s).t_cal AS t, CASE WHEN (s).x > 0 THEN (s).m_x END AS m
FROM (SELECT customer_id, ltv_summary(ordered_at, amount, '2024-12-31 23:59:59+00'::timestamptz, '1 month', '1 month') AS s
      FROM :orders GROUP BY 1) q
WHERE s IS NOT NULL;
VACUUM ANALYZE bench_models_summary;
VACUUM ANALYZE bench_models_monthly;
-- @ours
SELECT ltv_fit(x, t_x, t, m, '7 days', 'pareto_nbd') FROM bench_models_summary
-- @plain
SELECT count(*), sum(x), sum(t_x), sum(t), sum(m) FROM bench_models_summary
-- @check
SELECT purchase_converged AND n_customers = (SELECT count(*) FROM bench_models_summary)
       AND abs((SELECT sum(ltv_expected_purchases_new(f.model, t)) / sum(x) FROM bench_models_summary) - 1) < 0.10
FROM (SELECT ltv_fit(x, t_x, t, m, '7 days', 'pareto_nbd') AS model FROM bench_models_summary) f,
     ltv_model_params(f.model)

-- @case models: mbgnbd fit, serial
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT ltv_fit(x, t_x, t, m, '7 days', 'mbgnbd') FROM bench_models_summary
-- @plain
SELECT count(*), sum(x), sum(t_x), sum(t), sum(m) FROM bench_models_summary
-- @check
SELECT purchase_converged AND n_customers = (SELECT count(*) FROM bench_models_summary)
       AND abs((SELECT sum(ltv_expected_purchases_new(f.model, t)) / sum(x) FROM bench_models_summary) - 1) < 0.10
FROM (SELECT ltv_fit(x, t_x, t, m, '7 days', 'mbgnbd') AS model FROM bench_models_summary) f,
     ltv_model_params(f.model)

-- @case models: bgbb fit (months), serial
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT ltv_fit(x, t_x, t, m, '1 month', 'bgbb') FROM bench_models_monthly
-- @plain
SELECT count(*), sum(x), sum(t_x), sum(t), sum(m) FROM bench_models_monthly
-- @check
SELECT purchase_converged AND n_customers = (SELECT count(*) FROM bench_models_monthly)
       AND abs((SELECT sum(ltv_expected_purchases_new(f.model, t)) / sum(x) FROM bench_models_monthly) - 1) < 0.10
FROM (SELECT ltv_fit(x, t_x, t, m, '1 month', 'bgbb') AS model FROM bench_models_monthly) f,
     ltv_model_params(f.model)

-- @case models: bgnbd fit (for comparison), serial
-- @settings
SET max_parallel_workers_per_gather = 0;
-- @ours
SELECT ltv_fit(x, t_x, t, m, '7 days', 'bgnbd') FROM bench_models_summary
-- @plain
SELECT count(*), sum(x), sum(t_x), sum(t), sum(m) FROM bench_models_summary
-- @check
SELECT purchase_converged AND n_customers = (SELECT count(*) FROM bench_models_summary)
       AND abs((SELECT sum(ltv_expected_purchases_new(f.model, t)) / sum(x) FROM bench_models_summary) - 1) < 0.10
FROM (SELECT ltv_fit(x, t_x, t, m, '7 days', 'bgnbd') AS model FROM bench_models_summary) f,
     ltv_model_params(f.model)
