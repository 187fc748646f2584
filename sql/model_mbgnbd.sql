-- MBG/NBD (Batislam, Denizel & Filiztekin 2007) through ltv_fit(..., 'mbgnbd').
-- References (test/data/README.md): on the published CDNOW calibration summary, R BTYDplus
-- mbgcnbd.EstimateParameters (k = 1), as quoted by Python lifetimes' tests:
-- r 0.525, alpha 6.183, a 0.891, b 1.614 (to 3 decimals). Its predictions are BG/NBD's with b + 1
-- (src/core/mbgnbd.c); they are checked against mpmath in test/unit/test_mbgnbd.c.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
CREATE TABLE mbg_src AS
SELECT customer_id, x::float8 AS x, t_x::float8 AS t_x, t::float8 AS t,
       CASE WHEN x > 0 THEN zbar::float8 END AS m
FROM cdnow_summary_published;
CREATE TABLE mbg_fit AS SELECT ltv_fit(x, t_x, t, m, '7 days', 'mbgnbd') AS model FROM mbg_src;

-- 1. the fit against BTYDplus
SELECT e.parameter, round(e.estimate::numeric, 3) AS estimate, round(e.std_error::numeric, 3) AS se,
       round(e.estimate::numeric, 3) = b.btydplus AS matches_btydplus
FROM mbg_fit, ltv_model_estimates(model) e
JOIN (VALUES ('r', 0.525), ('alpha', 6.183), ('a', 0.891), ('b', 1.614)) b(parameter, btydplus) USING (parameter)
ORDER BY e.parameter;
SELECT purchase_model, round(loglik::numeric, 2) AS loglik, purchase_status, round(r::numeric, 3) AS r,
       round(b::numeric, 3) AS b, loglik_bgnbd IS NULL AS no_bgnbd_columns
FROM mbg_fit, ltv_model_params(model);

-- 2. one-time buyers: P(alive) below 1 (BG/NBD gives them 1), falling with age
SELECT t, round(ltv_p_alive(model, 0, 0, t)::numeric, 4) AS p_alive_one_time_buyer,
       round(1 / (1 + p.a / p.b * ((p.alpha + t) / p.alpha) ^ p.r)::numeric, 4) AS formula
FROM mbg_fit, ltv_model_params(model) p, (VALUES (1), (10), (38)) v(t) ORDER BY t;
-- and for repeat buyers P(alive) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)) (Batislam et al.)
SELECT max(abs(ltv_p_alive(model, x, t_x, t)
               - 1 / (1 + p.a / (p.b + x) * ((p.alpha + t) / (p.alpha + t_x)) ^ (p.r + x)))) < 1e-12 AS p_alive_matches_sql
FROM mbg_src, mbg_fit, ltv_model_params(model) p;
-- P(X(t) = n) sums to 1 with mean E[X(t)]; the holdout weeks 40..78 (1,882 were made)
SELECT round(sum(pn)::numeric, 10) AS total_probability,
       abs(sum(n * pn) - (SELECT ltv_expected_purchases_new(model, 39) FROM mbg_fit)) < 1e-9 AS mean_is_e_x_t
FROM (SELECT n, ltv_purchase_probability(model, n, 39) AS pn FROM mbg_fit, generate_series(0, 400) AS n) s;
SELECT round(sum(ltv_expected_purchases(model, x, t_x, t, 39))) AS predicted_weeks_40_78
FROM mbg_src, mbg_fit;
SELECT round(ltv_expected_purchases(model, 2, 30.43, 38.86, 39)::numeric, 3) AS customer_1 FROM mbg_fit;

-- 3. serial = parallel = shuffled
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
CREATE TABLE mbg_par AS SELECT ltv_fit(x, t_x, t, m, '7 days', 'mbgnbd')::text AS model FROM mbg_src;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT model FROM mbg_par) = (SELECT model::text FROM mbg_fit) AS parallel_same,
       (SELECT ltv_fit(x, t_x, t, m, '7 days', 'mbgnbd' ORDER BY md5(customer_id::text))::text FROM mbg_src)
         = (SELECT model::text FROM mbg_fit) AS shuffled_same;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
DROP TABLE mbg_src, mbg_fit, mbg_par;
