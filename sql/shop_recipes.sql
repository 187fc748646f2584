-- Where the shop made the user write 10+ lines (issue 11 item 7): the P(alive)
-- matrix by frequency and recency as long-format rows, over the generated
-- shop (test/sql/shop.sql).  Reference: FHL 2005 eq. 13 written out here in
-- plain SQL from the fitted parameters,
--   P(alive | x, t_x, T) = 1 / (1 + [x > 0] a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)).
\i test/sql/helpers.sql
\i test/sql/shop.sql
CREATE TEMP TABLE shop_fit AS
SELECT ltv_fit(s) AS m
FROM (SELECT ltv_summary(ordered_at, amount, timestamptz '2024-07-01') AS s
      FROM shop_orders WHERE status IN ('paid', 'refunded') GROUP BY customer_id) c;
SELECT bgnbd_status, n_customers FROM shop_fit, ltv_model_params(m);

-- the matrix at T = 52 weeks, x = 0..10, recency every 4 weeks: the cells are
-- x = 0 (only with t_x = 0) and x = 1..10 with t_x = 0, 4, ..., 52: 1 + 10 * 14
SELECT count(*) AS cells, count(DISTINCT x) AS frequencies, count(DISTINCT t_x) AS recencies,
       min(p_alive) > 0 AND max(p_alive) <= 1 AS probabilities
FROM shop_fit, ltv_p_alive_matrix(m, 52, 10, 4);
-- every cell against eq. 13 in plain SQL (relative difference)
SELECT max(abs(mx.p_alive - ref.p) / ref.p) < 1e-12 AS matches_eq_13, count(*) AS cells
FROM shop_fit, ltv_model_params(m) prm, ltv_p_alive_matrix(m, 52, 10, 4) mx,
     LATERAL (SELECT 1 / (1 + CASE WHEN mx.x = 0 THEN 0
                                   ELSE prm.a / (prm.b + mx.x - 1) * ((prm.alpha + 52) / (prm.alpha + mx.t_x)) ^ (prm.r + mx.x) END) AS p) ref;
-- a few rows: P(alive) falls with frequency at low recency and rises with recency
SELECT x, t_x, round(p_alive::numeric, 4) AS p_alive
FROM shop_fit, ltv_p_alive_matrix(m, 52, 10, 4) WHERE x IN (0, 1, 5, 10) AND t_x IN (0, 8, 52) ORDER BY x, t_x;
-- T not a multiple of step: the last recency is T itself
SELECT array_agg(t_x ORDER BY t_x) FROM shop_fit, ltv_p_alive_matrix(m, 10, 1, 4) WHERE x = 1;
-- as the dashboard's pivot: one row per frequency, one column per recency
SELECT x, round((max(p_alive) FILTER (WHERE t_x = 13))::numeric, 3) AS t_x_13,
       round((max(p_alive) FILTER (WHERE t_x = 26))::numeric, 3) AS t_x_26,
       round((max(p_alive) FILTER (WHERE t_x = 52))::numeric, 3) AS t_x_52
FROM shop_fit, ltv_p_alive_matrix(m, 52, 4, 13) GROUP BY x ORDER BY x;
-- errors
SELECT expect_error($$SELECT * FROM shop_fit, ltv_p_alive_matrix(m, 52, 10, 0)$$);
SELECT expect_error($$SELECT * FROM shop_fit, ltv_p_alive_matrix(m, 52, -1)$$);
SELECT expect_error($$SELECT * FROM shop_fit, ltv_p_alive_matrix(m, 'Infinity')$$);
SELECT expect_error($$SELECT * FROM shop_fit, ltv_p_alive_matrix(m, 1e6, 1000, 0.001)$$);
-- another purchase model (BG/BB, discrete: t_x >= x) admits only its own cells
SELECT count(*) AS cells, bool_and(t_x >= x) AS t_x_at_least_x
FROM (SELECT ltv_fit(s, 'bgbb') AS m
      FROM (SELECT ltv_summary(ordered_at, amount, timestamptz '2024-07-01', '1 month', '1 month') AS s
            FROM shop_orders WHERE status IN ('paid', 'refunded') GROUP BY customer_id) c) f,
     ltv_p_alive_matrix(m, 12, 12) mx;

-- the readable report of the shop's model (issue 11 item 5) over the same data:
-- its numbers are ltv_model_params' rounded
SELECT r.purchase_model, r.status, r.spend_status, r.n_customers = p.n_customers AS n,
       r.loglik = round(p.loglik::numeric, 2) AS ll, r.aic = round(p.aic::numeric, 2) AS aic,
       r.parameters LIKE 'r = ' || round(p.r::numeric, 4) || ' ± %' AS r_rounded
FROM shop_fit, ltv_model_report(m) r, ltv_model_params(m) p;
