-- Customers whose repeat spend is not positive (issue 11, item 1).
-- The rule: a customer with x > 0 repeat occasions whose mean repeat spend
-- m_x is <= 0 (repeat orders of $0, or refunded away) has no positive spend
-- observation.  Gamma-Gamma is a model of positive spend, so ltv_fit leaves
-- them out of the spend fit (n_spend) and counts them in BG/NBD and
-- n_customers, and every spend prediction gives them the population mean
-- p gamma / (q - 1), as for x = 0 (Fader, Hardie & Lee 2005b, "RFM and CLV:
-- using iso-value curves", E(Z) of the Gamma-Gamma model).  No prediction
-- function raises for a summary that ltv_summary returns.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql

-- hand-made customers (days after 1997-01-01; as_of 1997-09-30)
CREATE TABLE nps_orders (customer_id int, ordered_on date, amount numeric);
INSERT INTO nps_orders VALUES
  (1, '1997-01-01', 10), (1, '1997-02-01', 0),                            -- $0 repeat
  (2, '1997-01-01', 10), (2, '1997-02-01', 5), (2, '1997-03-01', -5),      -- refund, m_x > 0
  (3, '1997-01-01', 10), (3, '1997-02-01', 5), (3, '1997-03-01', -15),     -- refunded to 0
  (4, '1997-01-01', 10), (4, '1997-02-01', 5), (4, '1997-03-01', -100),    -- refunds exceed purchases
  (5, '1997-01-01', 0), (5, '1997-02-01', 0), (5, '1997-05-01', 0),        -- never paid
  (6, '1997-01-01', -10),                                                  -- only a refund: no summary
  (7, '1997-01-01', 10), (7, '1997-01-01', -10);                           -- one occasion, refunded
-- every combination of three orders with amounts -20, -0.01, 0, 0.01, 20 on
-- days 0, 0, 40 and 0, 40, 80 (customers 1000..1249)
INSERT INTO nps_orders
SELECT 1000 + 125 * pat + 25 * i + 5 * j + k, date '1997-01-01' + d, amt
FROM generate_series(0, 1) pat, generate_series(0, 4) i, generate_series(0, 4) j, generate_series(0, 4) k,
     LATERAL (VALUES (0, (ARRAY[-20, -0.01, 0, 0.01, 20])[i + 1]),
                     (40 * pat, (ARRAY[-20, -0.01, 0, 0.01, 20])[j + 1]),
                     (40 + 40 * pat, (ARRAY[-20, -0.01, 0, 0.01, 20])[k + 1])) o(d, amt);

CREATE TABLE nps_summaries AS
SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s FROM nps_orders GROUP BY 1;
SELECT customer_id, (s).x, (s).m_x, (s).revenue, (s).refunds FROM nps_summaries
WHERE customer_id < 1000 ORDER BY 1;
SELECT count(*) AS customers, count(s) AS with_summary,
       count(*) FILTER (WHERE (s).x > 0 AND (s).m_x <= 0) AS nonpositive_repeat_spend
FROM nps_summaries;

-- a model fitted to the CDNOW sample's calibration period plus these customers
CREATE TABLE nps_model AS
SELECT ltv_fit(s) AS m FROM (SELECT s FROM nps_summaries UNION ALL
    SELECT ltv_summary(ordered_on, amount, '1997-09-30') FROM cdnow_sample GROUP BY customer_id) u;
-- ltv_fit counts them as customers and repeaters, and leaves them out of the spend fit
SELECT p.n_customers = c.n AS n_customers, p.n_repeaters = c.repeaters AS n_repeaters,
       p.n_spend = c.spend AS n_spend, c.n - c.spend - (c.n - c.repeaters) AS left_out_of_spend
FROM nps_model, ltv_model_params(m) p,
     (SELECT count(s) AS n, count(*) FILTER (WHERE (s).x > 0) AS repeaters,
             count(*) FILTER (WHERE (s).x > 0 AND (s).m_x > 0) AS spend
      FROM (SELECT s FROM nps_summaries UNION ALL
            SELECT ltv_summary(ordered_on, amount, '1997-09-30') FROM cdnow_sample GROUP BY customer_id) u) c;

-- every prediction function on every summary: no error, finite, >= 0
SELECT count(*) AS customers,
       count(*) FILTER (WHERE pa >= 0 AND pa <= 1) AS p_alive_ok,
       count(*) FILTER (WHERE ep >= 0 AND ep < 'Infinity') AS purchases_ok,
       count(*) FILTER (WHERE sp > 0 AND sp < 'Infinity') AS spend_ok,
       count(*) FILTER (WHERE clv >= 0 AND clv < 'Infinity') AS clv_ok,
       count(*) FILTER (WHERE clv = clv_cols AND sp = sp_cols AND ep = ep_cols AND pa = pa_cols) AS column_forms_agree
FROM (SELECT ltv_p_alive(m, s) AS pa, ltv_expected_purchases(m, s, 39) AS ep,
             ltv_expected_spend(m, s) AS sp, ltv_predict(m, s) AS clv,
             ltv_p_alive(m, (s).x, (s).t_x, (s).t_cal) AS pa_cols,
             ltv_expected_purchases(m, (s).x, (s).t_x, (s).t_cal, 39) AS ep_cols,
             ltv_expected_spend(m, (s).x, (s).m_x) AS sp_cols,
             ltv_predict(m, (s).x, (s).t_x, (s).t_cal, (s).m_x) AS clv_cols
      FROM nps_summaries, nps_model WHERE s IS NOT NULL) x;

-- their spend is the population mean p gamma / (q - 1), as for x = 0 (computed
-- here from the parameters); a refund that leaves m_x > 0 uses the usual
-- conditional mean p (gamma + x m) / (p x + q - 1)
SELECT customer_id, (s).x, (s).m_x,
       abs(ltv_expected_spend(m, s) / (p * gamma / (q - 1)) - 1) < 1e-14 AS population_mean,
       abs(ltv_expected_spend(m, s) / (p * (gamma + (s).x * (s).m_x) / (p * (s).x + q - 1)) - 1) < 1e-14 AS conditional_mean
FROM nps_summaries, nps_model, ltv_model_params(m)
WHERE customer_id IN (1, 2, 3, 4, 5, 7) ORDER BY 1;
-- the same for a negative monetary passed directly; NaN and infinity remain errors
SELECT abs(ltv_expected_spend(m, 3, -1) / ltv_expected_spend(m, 0, 0) - 1) < 1e-14 AS negative_is_mean,
       abs(ltv_predict(m, 3, 20, 38, -1) / ltv_predict(m, 3, 20, 38, 0) - 1) < 1e-14 AS predict_same
FROM nps_model;
SELECT expect_error($$SELECT ltv_expected_spend(m, 2, 'NaN') FROM nps_model$$);
SELECT expect_error($$SELECT ltv_predict(m, 2, 30, 38.86, '-Infinity') FROM nps_model$$);

-- the residual CLV of such a customer is expected purchases x the population mean spend:
-- ltv_predict with the same purchases and x = 0's spend, written out as the monthly sum
SELECT customer_id, abs(clv / steps - 1) < 1e-12 AS monthly_sum
FROM (SELECT customer_id, ltv_predict(m, s) AS clv,
             (SELECT sum(ltv_expected_spend(m, 0, 0)
                         * (ltv_expected_purchases(m, s, i * 365.2425 / 12 / 7)
                            - ltv_expected_purchases(m, s, (i - 1) * 365.2425 / 12 / 7)) / 1.01 ^ i)
              FROM generate_series(1, 12) i) AS steps
      FROM nps_summaries, nps_model WHERE customer_id IN (1, 3, 4, 5)) x ORDER BY 1;

-- ltv_agg applies the same rule: its model is ltv_fit's and its mean residual
-- CLV is avg(ltv_predict) over the same customers, refunds and $0 orders included
-- (these customers plus the CDNOW sample, so that the fit is well determined)
CREATE TABLE nps_all_orders AS
SELECT customer_id, ordered_on, amount FROM nps_orders
UNION ALL SELECT customer_id + 100000, ordered_on, amount FROM cdnow_sample;
CREATE TABLE nps_all_summaries AS
SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s FROM nps_all_orders GROUP BY 1;
CREATE TABLE nps_agg AS SELECT (ltv_agg(customer_id, ordered_on, amount, '1997-09-30')).* FROM nps_all_orders;
SELECT a.customers = x.n AS customers, a.model::text = x.m::text AS same_model,
       abs(a.predicted_residual_ltv / x.mean_clv - 1) < 1e-12 AS residual_is_avg_predict,
       a.model_status
FROM nps_agg a,
     (SELECT count(*) AS n, ltv_fit(s) AS m FROM nps_all_summaries WHERE s IS NOT NULL) x0,
     LATERAL (SELECT x0.n, x0.m, avg(ltv_predict(x0.m, s)) AS mean_clv
              FROM nps_all_summaries WHERE s IS NOT NULL) x;

-- CDNOW's customer 10244 (a $0.00 repeat order on 1997-03-07) in the full
-- master file: the per-customer query over everyone runs
CREATE TABLE nps_master AS
SELECT customer_id, ltv_summary(ordered_on, amount, '1997-09-30') AS s FROM cdnow_master GROUP BY 1;
CREATE TABLE nps_master_model AS SELECT ltv_fit(s) AS m FROM nps_master;
SELECT (s).x, (s).m_x, round(ltv_predict(m, s)::numeric, 2) > 0 AS clv_positive
FROM nps_master, nps_master_model WHERE customer_id = 10244;
SELECT count(*) AS customers, count(*) FILTER (WHERE ltv_predict(m, s) >= 0) AS predicted
FROM nps_master, nps_master_model;
