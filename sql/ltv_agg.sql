-- ltv_agg (per segment) and the bridges from ltv_customer_summary to the model
-- (ltv_fit over summaries, predictions taking a summary).
-- References: the published CDNOW values (test/data/README.md: BG/NBD r, alpha,
-- a, b and LL from Fader, Hardie & Lee 2005 / CLVTools; Gamma-Gamma p, q, gamma,
-- LL and 946 repeat customers from Fader, Hardie & Lee 2005b), plain-SQL
-- computations of the textbook figures written below, and the model family's
-- own per-customer functions (ltv_fit over x/t_x/T/m columns, ltv_predict).
\i test/sql/helpers.sql
\i test/sql/cdnow.sql
CREATE TABLE agg_cal AS SELECT * FROM cdnow_sample WHERE ordered_on <= '1997-09-30';

-- 1. CDNOW calibration period as one segment
CREATE TABLE agg_result AS
SELECT (ltv_agg(customer_id, ordered_on, amount, '1997-09-30')).* FROM cdnow_sample;
SELECT customers, orders, revenue, repeat_customers, model_status FROM agg_result;
-- the fitted model matches the published parameters to 4 significant digits
SELECT round(r::numeric, 4) AS r, round(alpha::numeric, 4) AS alpha, round(a::numeric, 4) AS a,
       round(b::numeric, 4) AS b, round(p::numeric, 2) AS p, round(q::numeric, 2) AS q,
       round(gamma::numeric, 2) AS gamma, round(loglik_bgnbd::numeric, 2) AS ll_bgnbd,
       round(loglik_gg::numeric, 2) AS ll_gg, n_customers, n_repeaters, n_spend
FROM agg_result, ltv_model_params(model);
-- the textbook figures against plain SQL over the calibration rows
WITH c AS (SELECT customer_id, count(*) AS orders, sum(amount) AS revenue,
                  count(DISTINCT ordered_on) AS days FROM agg_cal GROUP BY 1),
t AS (SELECT count(*) AS customers, sum(orders) AS orders, sum(revenue) AS revenue,
             count(*) FILTER (WHERE days > 1) AS repeaters FROM c)
SELECT a.customers = t.customers AS customers, a.orders = t.orders AS orders,
       a.revenue = t.revenue AS revenue, a.repeat_customers = t.repeaters AS repeaters,
       abs(a.average_order_value - (t.revenue / t.orders)::float8) < 1e-9 AS aov,
       abs(a.purchase_frequency - t.orders::float8 / t.customers) < 1e-12 AS frequency,
       abs(a.churn_rate - (1 - t.repeaters::float8 / t.customers)) < 1e-12 AS churn,
       abs(a.expected_lifespan - 1 / (1 - t.repeaters::float8 / t.customers)) < 1e-9 AS lifespan,
       abs(a.historical_ltv - (t.revenue / t.customers)::float8) < 1e-9 AS historical,
       abs(a.textbook_ltv - (t.revenue / t.orders)::float8 * (t.orders::float8 / t.customers)
                            / (1 - t.repeaters::float8 / t.customers)) < 1e-9 AS textbook
FROM agg_result a, t;
-- the predicted LTV against the per-customer path: ltv_summary, ltv_fit, ltv_predict
CREATE TABLE agg_summaries AS
SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s FROM cdnow_sample GROUP BY 1;
CREATE TABLE agg_model AS SELECT ltv_fit(s) AS m FROM agg_summaries;
SELECT (SELECT m::text FROM agg_model) = (SELECT model::text FROM agg_result) AS same_model,
       abs(a.predicted_residual_ltv - p.residual) < 1e-9 AS same_residual,
       abs(a.predicted_ltv - (p.revenue + p.residual)) < 1e-9 AS same_predicted,
       round(a.predicted_residual_ltv::numeric, 4) AS residual, round(a.predicted_ltv::numeric, 4) AS predicted
FROM agg_result a,
     (SELECT avg(ltv_predict(m, s)) AS residual, avg((s).revenue)::float8 AS revenue
      FROM agg_summaries, agg_model) p;
-- margin, horizon and discount options reach both formulas
SELECT round(((r).textbook_ltv / a.textbook_ltv)::numeric, 12) AS textbook_ratio,
       abs((r).predicted_residual_ltv - p.residual) < 1e-9 AS same_residual,
       abs((r).predicted_ltv - (0.3 * a.historical_ltv + p.residual)) < 1e-9 AS same_predicted
FROM (SELECT ltv_agg(customer_id, ordered_on, amount, '1997-09-30',
                     ltv_agg_options(margin => 0.3, horizon => '2 years', discount_rate => 0.02)) AS r
      FROM cdnow_sample) q,
     agg_result a,
     (SELECT avg(ltv_predict(m, s, '2 years', 0.02, 0.3)) AS residual FROM agg_summaries, agg_model) p;
-- textbook discount per observation period: margin * AOV * F * (1 + d) / (d + churn)
SELECT abs((r).textbook_ltv - a.average_order_value * a.purchase_frequency * 1.1 / (0.1 + a.churn_rate)) < 1e-9 AS discounted
FROM (SELECT ltv_agg(customer_id, ordered_on, amount, '1997-09-30',
                     ltv_agg_options(textbook_discount_rate => 0.1)) AS r FROM cdnow_sample) q, agg_result a;

-- 2. ltv_fit over summaries is ltv_fit over their x, t_x, T, m columns; predictions over a summary
SELECT (SELECT m::text FROM agg_model) =
       (SELECT ltv_fit((s).x, (s).t_x, (s).t_cal, (s).m_x)::text FROM agg_summaries) AS same_model;
SELECT round(ltv_p_alive(m, s)::numeric, 4) AS p_alive,
       round(ltv_expected_purchases(m, s, 39)::numeric, 4) AS expected_39,
       round(ltv_expected_spend(m, s)::numeric, 4) AS spend,
       abs(ltv_predict(m, s) - ltv_predict(m, (s).x, (s).t_x, (s).t_cal, (s).m_x)) < 1e-12 AS same_clv
FROM agg_summaries, agg_model WHERE customer_id = 1;
-- the README's customer (x = 2, t_x = 30.43, T = 38.86): 1.226 purchases in 39 weeks, P(alive) 0.7266
SELECT round(ltv_expected_purchases(m, 2, 30.43, 38.86, 39)::numeric, 3) AS expected,
       round(ltv_p_alive(m, 2, 30.43, 38.86)::numeric, 4) AS p_alive FROM agg_model;
-- sum of expected purchases in weeks 40..78: about 1,653
SELECT round(sum(ltv_expected_purchases(m, s, 39))::numeric) AS expected FROM agg_summaries, agg_model;
SELECT ltv_p_alive(m, NULL::ltv_customer_summary) IS NULL AS null_summary FROM agg_model;
-- a summary in days cannot be used with a model fitted in weeks
SELECT expect_error($$SELECT ltv_p_alive((SELECT m FROM agg_model), s)
                      FROM (SELECT ltv_summary(ordered_on, amount, '1997-09-30', '1 day', '1 day') AS s
                            FROM cdnow_sample WHERE customer_id = 1) q$$);

-- 3. any customer_id type with hashing: int, bigint, text, uuid give the same segment
SELECT count(*) AS results,
       count(DISTINCT row((r).customers, (r).orders, (r).revenue, (r).average_order_value, (r).churn_rate,
                          (r).textbook_ltv, (r).predicted_ltv, (r).model::text)) AS distinct_results
FROM (SELECT ltv_agg(customer_id, ordered_on, amount, '1997-09-30') AS r FROM cdnow_sample
      UNION ALL
      SELECT ltv_agg(customer_id::bigint, ordered_on, amount, '1997-09-30') FROM cdnow_sample
      UNION ALL
      SELECT ltv_agg('customer ' || customer_id, ordered_on, amount, '1997-09-30') FROM cdnow_sample
      UNION ALL
      SELECT ltv_agg(md5(customer_id::text)::uuid, ordered_on, amount, '1997-09-30') FROM cdnow_sample
      UNION ALL
      SELECT ltv_agg(customer_id, ordered_on::timestamptz, amount, '1997-09-30'::timestamptz) FROM cdnow_sample) q;
SELECT expect_error($$SELECT ltv_agg(point(customer_id, 0), ordered_on, amount, '1997-09-30') FROM cdnow_sample$$);

-- 4. segments: customers by first-purchase month (CDNOW's cohort joined in Jan-Mar 1997),
-- checked against plain SQL per segment
CREATE TABLE agg_segments AS
SELECT f.first_month, (ltv_agg(m.customer_id, m.ordered_on, m.amount, '1997-09-30')).*
FROM cdnow_master m
JOIN (SELECT customer_id, date_trunc('month', min(ordered_on))::date AS first_month
      FROM cdnow_master GROUP BY 1) f USING (customer_id)
GROUP BY 1;
SELECT first_month, customers, orders, revenue, repeat_customers, round(churn_rate::numeric, 4) AS churn,
       round(historical_ltv::numeric, 2) AS historical, round(textbook_ltv::numeric, 2) AS textbook,
       round(predicted_ltv::numeric, 2) AS predicted, model_status
FROM agg_segments ORDER BY 1;
SELECT count(*) FILTER (WHERE s.customers = p.customers AND s.orders = p.orders AND s.revenue = p.revenue) AS equal
FROM agg_segments s
JOIN (SELECT first_month, count(DISTINCT customer_id) AS customers, count(*) AS orders, sum(amount) AS revenue
      FROM cdnow_master JOIN (SELECT customer_id, date_trunc('month', min(ordered_on))::date AS first_month
                              FROM cdnow_master GROUP BY 1) f USING (customer_id)
      WHERE ordered_on <= '1997-09-30' GROUP BY 1) p USING (first_month);

-- 5. edge cases
CREATE TABLE agg_edge (seg text, customer_id text, ordered_at timestamptz, amount numeric);
INSERT INTO agg_edge VALUES
 -- NULL customer, time or amount: skipped
 ('nulls', NULL, '2024-01-01', 5), ('nulls', 'a', NULL, 5), ('nulls', 'a', '2024-01-02', NULL),
 ('nulls', 'a', '2024-01-03', 10), ('nulls', 'b', '2024-01-04', 20), ('nulls', 'b', '2024-01-20', 30),
 -- one customer
 ('one', 'a', '2024-01-01', 10), ('one', 'a', '2024-01-10', 15),
 -- nobody came back: x = 0 for all, the model cannot be identified
 ('no repeat', 'a', '2024-01-01', 10), ('no repeat', 'b', '2024-01-05', 12), ('no repeat', 'c', '2024-02-01', 7),
 -- everybody came back: churn 0, lifespan infinite, textbook LTV undefined
 ('all repeat', 'a', '2024-01-01', 10), ('all repeat', 'a', '2024-01-09', 10),
 ('all repeat', 'b', '2024-01-02', 10), ('all repeat', 'b', '2024-01-03', 30),
 -- only refunds and rows after as_of: no customer
 ('no purchase', 'a', '2024-01-01', -10), ('no purchase', 'b', '2024-06-01', 10),
 -- refunds and zero amounts
 ('refunds', 'a', '2024-01-01', 100), ('refunds', 'a', '2024-01-02', -40), ('refunds', 'b', '2024-01-03', 0),
 ('refunds', 'b', '2024-01-08', 0), ('refunds', 'c', '2024-01-01', -5);
-- (the fits' warnings and notices are shown once below, for one segment)
SET client_min_messages = error;
CREATE TABLE agg_edge_result AS
SELECT seg, (ltv_agg(customer_id, ordered_at, amount, '2024-03-01')).* FROM agg_edge GROUP BY seg;
RESET client_min_messages;
SELECT seg, customers, orders, revenue, repeat_customers, churn_rate, expected_lifespan,
       round(historical_ltv::numeric, 4) AS historical, round(textbook_ltv::numeric, 4) AS textbook,
       predicted_ltv IS NULL AS no_prediction, model_status
FROM agg_edge_result ORDER BY seg;
-- all customers with x = 0: BG/NBD cannot be identified; a WARNING, a NOTICE, NULL predictions
SELECT customers, repeat_customers, predicted_ltv, predicted_residual_ltv, model_status
FROM (SELECT (ltv_agg(customer_id, ordered_at, amount, '2024-03-01')).* FROM agg_edge WHERE seg = 'no repeat') q;
SELECT ltv_agg(customer_id, ordered_at, amount, '2024-03-01') IS NULL AS empty_group FROM agg_edge WHERE false;
SELECT ltv_agg(customer_id, ordered_at, amount, '2023-01-01') IS NULL AS as_of_before_first_order FROM agg_edge;
SET client_min_messages = error;
SELECT round((ltv_agg(customer_id, ordered_at, amount, '2024-03-01',
                      ltv_agg_options(textbook_discount_rate => 0.5))).textbook_ltv::numeric, 4) AS discounted_textbook
FROM agg_edge WHERE seg = 'all repeat';
RESET client_min_messages;
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, 'NaN'::numeric, '2024-03-01') FROM agg_edge$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, 'Infinity'::numeric, '2024-03-01') FROM agg_edge$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount * 1e37, '2024-03-01') FROM agg_edge$$);
-- each customer's sum fits 128 bits, the segment's does not
SELECT expect_error($$SELECT ltv_agg(c, now(), 9e37, now()) FROM (VALUES (1), (2)) v(c)$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, '2024-03-01', ltv_agg_options(period => '5 days')) FROM agg_edge$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, '2024-03-01', ltv_agg_options(horizon => '0 days')) FROM agg_edge$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, '2024-03-01', ltv_agg_options(discount_rate => -1)) FROM agg_edge$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, '2024-03-01', ltv_agg_options(margin => 'NaN')) FROM agg_edge$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, '2024-03-01', NULL) FROM agg_edge$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, NULL) FROM agg_edge$$);

-- 6. parallel plans, any row order: the same segment, bit for bit
CREATE TABLE agg_master AS SELECT customer_id, ordered_on, amount, customer_id % 3 AS seg FROM cdnow_master;
ANALYZE agg_master;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET enable_hashagg = off;
EXPLAIN (COSTS OFF)
SELECT seg, ltv_agg(customer_id, ordered_on, amount, '1997-09-30') FROM agg_master GROUP BY seg;
CREATE TABLE agg_parallel AS
SELECT seg, ltv_agg(customer_id, ordered_on, amount, '1997-09-30')::text AS int_key,
       ltv_agg(customer_id::text, ordered_on, amount, '1997-09-30')::text AS text_key
FROM agg_master GROUP BY seg;
RESET enable_hashagg;
SET max_parallel_workers_per_gather = 0;
CREATE TABLE agg_serial AS
SELECT seg, ltv_agg(customer_id, ordered_on, amount, '1997-09-30')::text AS int_key,
       ltv_agg(customer_id::text, ordered_on, amount, '1997-09-30')::text AS text_key
FROM (SELECT * FROM agg_master ORDER BY md5(customer_id::text || ordered_on::text || amount::text)) q
GROUP BY seg;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
SELECT seg, p.int_key = s.int_key AS same_int, p.text_key = s.text_key AS same_text,
       p.int_key = p.text_key AS int_text_same
FROM agg_parallel p JOIN agg_serial s USING (seg) ORDER BY seg;

DROP TABLE agg_cal, agg_result, agg_summaries, agg_model, agg_segments, agg_edge, agg_edge_result, agg_master,
           agg_parallel, agg_serial;
