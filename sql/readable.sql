-- Readable results (issue 11 item 5): ltv_model_report, a one-row view of a
-- model with rounded numbers (the text form stays exact), and the long-format
-- form of every function that returns an array of composites.
\i test/sql/helpers.sql
\i test/sql/cdnow.sql

-- 1. the CDNOW sample's calibration fit (2,357 customers, weeks).  Reference:
-- CLVTools' 0.2425945, 4.4136019, 0.7929199, 2.4258881, LL -9582.429 (rounded
-- here by hand to 4 decimals: 0.2426, 4.4136, 0.7929, 2.4259, -9582.43) and
-- the published Gamma-Gamma p = 6.25, q = 3.74, gamma = 15.44, LL -4055.92
CREATE TEMP TABLE cdnow_fit AS
SELECT ltv_fit(s) AS m FROM (SELECT ltv_summary(ordered_on, amount, '1997-09-30') AS s
                             FROM cdnow_sample GROUP BY customer_id) c;
\x on
SELECT r.* FROM cdnow_fit, ltv_model_report(m) r;
\x off
SELECT parameters LIKE 'r = 0.2426 ± %, alpha = 4.4136 ± %, a = 0.7929 ± %, b = 2.4259 ± %' AS clvtools_rounded,
       spend_parameters LIKE 'p = 6.2% ± %, q = 3.7% ± %, gamma = 15.4% ± %' AS published_gg,
       loglik = -9582.43 AS ll, loglik_spend = -4055.92 AS ll_gg
FROM cdnow_fit, ltv_model_report(m);
-- the text form stays exact: it reads back to the same value, bit for bit
SELECT m::text::ltv_model::text = m::text AS text_form_exact,
       (ltv_model_params(m::text::ltv_model)).r = (ltv_model_params(m)).r AS r_exact
FROM cdnow_fit;

-- 2. the rounding rule: 4 decimals, but at least 4 significant digits; NULL
-- where a value does not exist (standard errors of a model built from
-- published parameters)
SELECT parameters, spend_parameters, status, spend_status, n_customers, loglik, aic
FROM ltv_model_report('version=1 bgnbd_status=0 gg_status=0 unit_months=0 unit_days=7 unit_usecs=0 n_customers=2357 n_repeaters=946 n_spend=946 r=0.0000123456789 alpha=123456.789012 a=0.7929199 b=2.4258881 p=6.25 q=3.74 gamma=15.44 r_se=NaN alpha_se=NaN a_se=NaN b_se=NaN p_se=NaN q_se=NaN gamma_se=NaN loglik_bgnbd=-9582.429 loglik_gg=-4055.92 iterations_bgnbd=0 iterations_gg=0'::ltv_model);
-- another purchase model: its own parameter names
SELECT r.purchase_model, r.parameters LIKE 'r = %, alpha = %, s = %, beta = %' AS pareto_names, r.status
FROM (SELECT (ltv_model_report(ltv_fit(s, 'pareto_nbd'))).*
      FROM (SELECT ltv_summary(ordered_on, amount, '1997-09-30') AS s FROM cdnow_sample GROUP BY customer_id) c) r;

-- 3. long format: every function of ltv that returns an array of composites,
-- and its one-line unnest (documented in the README next to each)
SELECT DISTINCT p.proname AS function, p.prorettype::regtype AS returns
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'ltv'
JOIN pg_type t ON t.oid = p.prorettype
JOIN pg_type el ON el.oid = t.typelem AND el.typtype = 'c'
WHERE p.prokind IN ('f', 'a') AND t.typcategory = 'A'
  AND p.proname NOT LIKE '%\_final' AND p.proname NOT LIKE '%\_finalfn'
ORDER BY 1, 2;
SELECT count(*) AS rules, count(DISTINCT segment) AS segments FROM unnest(rfm_default_segments());
SELECT k, customers, retained FROM unnest((SELECT retention_rate(customer_id, ordered_on, amount, '3 months', date '1998-06-30')
                                           FROM cdnow_sample)) ORDER BY k LIMIT 3;
SELECT count(*) AS cells, sum(cohort_size) FILTER (WHERE k = 0) AS customers
FROM unnest((SELECT retention_triangle(customer_id, ordered_on, amount, '3 months', date '1998-06-30') FROM cdnow_sample));
CREATE TEMP TABLE act AS
SELECT customer_id, retention_activity(ordered_on, amount, '3 months') AS a FROM cdnow_sample GROUP BY customer_id;
-- retention_rate over stored activity (its final function is retention_curve_points): the same curve
SELECT count(*) AS points, bool_and(a.k = b.k AND a.retained = b.retained) AS same_curve
FROM unnest((SELECT retention_rate(a, date '1998-06-30') FROM act)) WITH ORDINALITY a
JOIN unnest((SELECT retention_rate(customer_id, ordered_on, amount, '3 months', date '1998-06-30') FROM cdnow_sample))
     WITH ORDINALITY b USING (ordinality);
SELECT section, count(*) FROM unnest((SELECT ltv_backtest(customer_id, ordered_on, amount, '1997-09-30'::date, '1998-06-30'::date)
                                      FROM cdnow_sample)) GROUP BY section ORDER BY section;
