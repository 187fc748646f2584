-- BG/BB (Fader, Hardie & Shang 2010), discrete time, through ltv_fit(..., 'bgbb').
-- References (test/data/donations/README.md): the 1995 cohort of donors (11,104, six years):
-- alpha 1.204, beta 0.750, gamma 0.657, delta 2.783, LL -33,225.6; P(alive in 2002) 0.11 (x 0),
-- 0.59 (x 2, t_x 4), 0.93 (x 6, t_x 6) (the paper's Table 6); 12,884.2 expected transactions in
-- 2002-2006 over all donors (Hardie's BGBB spreadsheet); 3,454.9 and 1,253.1 donors with 0 and 6
-- repeat donations in 1996-2001.
\i test/sql/helpers.sql
CREATE TABLE bgbb_don (frequency int, recency int, periods int, weights int);
\copy bgbb_don FROM 'test/data/donations/donations.csv' WITH (FORMAT csv, HEADER)
SELECT count(*) AS patterns, sum(weights) AS donors FROM bgbb_don;

-- 1. pre-aggregated rows: the customers argument carries the weights
CREATE TABLE bgbb_fit AS
SELECT ltv_fit(frequency, recency, periods, NULL, '1 year', 'bgbb', weights) AS model FROM bgbb_don;
SELECT e.parameter, round(e.estimate::numeric, 3) AS estimate, round(e.std_error::numeric, 3) AS se,
       round(e.estimate::numeric, 3) = b.published AS matches_published
FROM bgbb_fit, ltv_model_estimates(model) e
JOIN (VALUES ('alpha', 1.204), ('beta', 0.750), ('gamma', 0.657), ('delta', 2.783)) b(parameter, published)
     USING (parameter)
WHERE e.component = 'purchase'
ORDER BY e.parameter;
SELECT purchase_model, round(loglik::numeric, 1) AS loglik, purchase_status, n_customers, n_repeaters,
       r IS NULL AND alpha IS NULL AS no_continuous_columns, gg_status
FROM bgbb_fit, ltv_model_params(model);

-- 2. the paper's predictions
SELECT x, t_x, round(ltv_p_alive(model, x, t_x, 6)::numeric, 2) AS p_alive_2002, published
FROM bgbb_fit, (VALUES (0, 0, 0.11), (2, 4, 0.59), (6, 6, 0.93)) v(x, t_x, published) ORDER BY x;
SELECT round(sum(weights * ltv_expected_purchases(model, frequency, recency, periods, 5))::numeric, 1)
         AS expected_2002_2006
FROM bgbb_fit, bgbb_don;
SELECT round((11104 * ltv_purchase_probability(model, 0, 6))::numeric, 1) AS donors_0_of_6,
       round((11104 * ltv_purchase_probability(model, 6, 6))::numeric, 1) AS donors_6_of_6,
       round((SELECT sum(ltv_purchase_probability(model, n, 6)) FROM generate_series(0, 6) n)::numeric, 12)
         AS total_probability
FROM bgbb_fit;
-- horizons count whole opportunities: 5.5 years are 5, the expectation a step function
SELECT round(ltv_expected_purchases(model, 2, 4, 6, 5.5)::numeric, 6) = round(ltv_expected_purchases(model, 2, 4, 6, 5)::numeric, 6) AS whole_periods,
       ltv_expected_purchases(model, 2, 4, 6, 0.99) AS within_first_period,
       round(ltv_expected_purchases_new(model, 6)::numeric, 4) AS e_x_6,
       round((SELECT sum(n * ltv_purchase_probability(model, n, 6)) FROM generate_series(0, 6) n)::numeric, 4) AS mean_of_pmf
FROM bgbb_fit;

-- 3. the same donors as orders: ltv_summary with a one-year period and unit gives (x, t_x, n)
--    and ltv_fit(summary, 'bgbb') the same purchase model (to rounding: the amounts give Gamma-Gamma
--    something to fit, where the counts had none, so the fit reads the same cells in another order)
CREATE TABLE bgbb_orders AS
SELECT d.id AS donor, make_date(1995 + y, 6, 1) AS donated_on, (10 + (d.id * 7 + y * 13) % 40)::numeric AS amount
FROM (SELECT row_number() OVER (ORDER BY frequency, recency, k) AS id, frequency, recency
      FROM bgbb_don, generate_series(1, weights) k) d,
     LATERAL (SELECT 0 AS y UNION ALL SELECT generate_series(d.recency - d.frequency + 1, d.recency)) yy;
CREATE TABLE bgbb_summary AS
SELECT donor, ltv_summary(donated_on, amount, '2001-12-31'::date, '1 year', '1 year') AS s
FROM bgbb_orders GROUP BY donor;
CREATE FUNCTION bgbb_purchase(m ltv_model) RETURNS text LANGUAGE sql AS
$$ SELECT string_agg(parameter || '=' || round(estimate::numeric, 6) || '/' || round(std_error::numeric, 6), ' '
                     ORDER BY parameter)
          || ' ' || (SELECT round(loglik::numeric, 6) FROM ltv_model_params(m))
   FROM ltv_model_estimates(m) WHERE component = 'purchase' $$;
SELECT count(*) AS donors, min((s).t_cal) AS n_min, max((s).t_cal) AS n_max,
       bgbb_purchase((SELECT ltv_fit(s, 'bgbb') FROM bgbb_summary)) = (SELECT bgbb_purchase(model) FROM bgbb_fit)
         AS same_model_as_counts
FROM bgbb_summary;

-- 4. summaries BG/BB does not accept, and parallel = serial
SELECT expect_error($$SELECT ltv_fit(2, 1.5, 6, NULL, '1 year', 'bgbb')$$);
SELECT expect_error($$SELECT ltv_fit(3, 2, 6, NULL, '1 year', 'bgbb')$$);
SELECT expect_error($$SELECT ltv_p_alive(model, 1, 0.5, 6) FROM bgbb_fit$$);
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET client_min_messages = error;  -- Gamma-Gamma's warning about identical spends
CREATE TABLE bgbb_par AS SELECT ltv_fit(s, 'bgbb')::text AS model FROM bgbb_summary;
SET max_parallel_workers_per_gather = 0;
SELECT (SELECT model FROM bgbb_par) = (SELECT ltv_fit(s, 'bgbb')::text FROM bgbb_summary) AS parallel_same;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET client_min_messages;
DROP FUNCTION bgbb_purchase(ltv_model);
DROP TABLE bgbb_don, bgbb_fit, bgbb_orders, bgbb_summary, bgbb_par;
