-- Shifted-beta-geometric model: sbg_fit, projections, DERL.
-- References: Fader & Hardie 2007 ("How to project customer retention"),
-- Table 1 in test/data/sbg: years 1..7 give alpha = 0.704, beta = 1.182
-- (regular) and 0.668, 3.806 (high end); projected survival for years 8..12
-- (regular) about 22.0, 20.4, 19.1, 18.0, 17.0 percent.  Fader & Hardie 2010
-- (Marketing Science 29(1), eq. 6): high end DERL at a 10% discount after 7
-- renewals = 7.530.  Full precision: test/reference/churn/sbg.R (R's optim on
-- the same likelihood, DERL summed term by term), output in sbg_output.txt.
\i test/sql/helpers.sql

CREATE TABLE churn_sbg_table (year int, regular float8, highend float8);
\copy churn_sbg_table FROM 'test/data/sbg/sbg_fader_hardie_2007_table1.csv' WITH (FORMAT csv, HEADER)

-- A cohort of 1,000 (the percentages times 10), years 0..7
CREATE TABLE churn_sbg_fits AS
SELECT 'regular' AS segment,
       sbg_fit(array_agg(regular * 10 ORDER BY year)) AS model FROM churn_sbg_table WHERE year <= 7
UNION ALL
SELECT 'highend', sbg_fit(array_agg(highend * 10 ORDER BY year)) FROM churn_sbg_table WHERE year <= 7;

SELECT segment, round((model).alpha::numeric, 3) AS alpha, round((model).beta::numeric, 3) AS beta,
       round((model).log_likelihood::numeric, 3) AS log_likelihood, (model).converged
FROM churn_sbg_fits ORDER BY segment;

-- against R's optim (sbg_output.txt), relative 1e-6 (optimizer tolerances)
SELECT segment,
       abs((model).alpha / r.alpha - 1) < 1e-6 AS alpha_ok,
       abs((model).beta / r.beta - 1) < 1e-6 AS beta_ok,
       abs((model).log_likelihood - r.loglik) < 1e-8 AS loglik_ok
FROM churn_sbg_fits
JOIN (VALUES ('regular', 0.704077368712149, 1.18204317618941, -1680.26518846329),
             ('highend', 0.668088267443907, 3.80609428989466, -1611.15814739116))
     AS r(segment, alpha, beta, loglik) USING (segment)
ORDER BY segment;

-- The scale of the counts changes the log-likelihood, not the estimates
SELECT round(m.alpha::numeric, 6) AS alpha, round(m.beta::numeric, 6) AS beta,
       round(m.log_likelihood::numeric, 4) AS log_likelihood_percent
FROM (SELECT (sbg_fit(array_agg(regular ORDER BY year))).* FROM churn_sbg_table WHERE year <= 7) m;

-- Projection beyond the data: years 8..12 against the paper's projection and
-- the actual survival of Table 1
SELECT p.period AS year, round((100 * p.survival)::numeric, 1) AS projected_percent,
       t.regular AS actual_percent, round(p.retention::numeric, 4) AS retention,
       round(p.churn_probability::numeric, 4) AS churn_probability
FROM churn_sbg_fits f, sbg_projection(f.model, 12) p
JOIN churn_sbg_table t ON t.year = p.period
WHERE f.segment = 'regular' AND p.period >= 7
ORDER BY p.period;

-- Year 0 and 1 of the projection: S(0) = 1, no retention rate for year 0
SELECT period, survival, retention, churn_probability
FROM churn_sbg_fits f, sbg_projection(f.model, 1)
WHERE f.segment = 'highend' ORDER BY period;

-- Against R's survival percentages with the fitted parameters (1e-6 relative)
SELECT f.segment, bool_and(abs(100 * sbg_survival(f.model, r.year) / r.percent - 1) < 1e-6) AS all_ok
FROM churn_sbg_fits f
JOIN (VALUES ('regular', 8, 22.008495643828), ('regular', 9, 20.4410776023586),
             ('regular', 10, 19.1190180061467), ('regular', 11, 17.9864981196726),
             ('regular', 12, 17.0037441384166),
             ('highend', 8, 46.0439675251232), ('highend', 12, 37.7999079786944))
     AS r(segment, year, percent) ON r.segment = f.segment
GROUP BY f.segment ORDER BY f.segment;

-- DERL: high end at 10% after 7 renewals = 7.530 (Fader & Hardie 2010); the
-- paper's rounded parameters give the same to 3 decimals
SELECT segment, round(sbg_derl(model, 0.10, 7)::numeric, 3) AS derl_7_renewals,
       round(sbg_derl(model, 0.10, 0)::numeric, 3) AS derl_new_customer
FROM churn_sbg_fits ORDER BY segment;
SELECT round(sbg_derl(0.668, 3.806, 0.10, 7)::numeric, 3) AS derl_paper_parameters;
SELECT segment,
       abs(sbg_derl(model, 0.10, 7) - CASE segment WHEN 'regular' THEN 6.84231470117098
                                                   ELSE 7.52962825810973 END) < 1e-6 AS r_ok
FROM churn_sbg_fits ORDER BY segment;
-- undiscounted: (beta + renewals) / (alpha - 1), infinite when alpha <= 1
SELECT sbg_derl(2.5, 3.0, 0, 4) AS closed_form_14_over_3, sbg_derl(0.7, 1.2, 0, 4) AS infinite;

-- Fitting a churn_curve of whole periods: the "monthly" data set of the R
-- reference (churned at t = left in month t; censored at t = survived t months)
CREATE TABLE churn_sbg_monthly (duration float8, churned boolean);
CREATE TEMP TABLE churn_sbg_data (dataset text, duration float8, churned boolean);
\copy churn_sbg_data FROM 'test/reference/churn/data.csv' WITH (FORMAT csv, HEADER)
INSERT INTO churn_sbg_monthly SELECT duration, churned FROM churn_sbg_data WHERE dataset = 'monthly';
SELECT round(m.alpha::numeric, 4) AS alpha, round(m.beta::numeric, 4) AS beta,
       round(m.log_likelihood::numeric, 4) AS log_likelihood, m.converged,
       abs(m.alpha / 0.583838233379156 - 1) < 1e-6 AND abs(m.beta / 1.77147483161215 - 1) < 1e-6
           AND abs(m.log_likelihood - (-762.72809084147)) < 1e-8 AS matches_r
FROM (SELECT (sbg_fit(churn_curve(duration, churned))).* FROM churn_sbg_monthly) m;

-- Errors
SELECT expect_error($$SELECT sbg_fit(ARRAY[1000, 1000, 1000]::float8[])$$);
SELECT expect_error($$SELECT sbg_fit(ARRAY[1000]::float8[])$$);
SELECT expect_error($$SELECT sbg_fit(ARRAY[1000, 600, 700]::float8[])$$);
SELECT expect_error($$SELECT sbg_fit(ARRAY[1000, NULL, 700]::float8[])$$);
SELECT expect_error($$SELECT sbg_fit(ARRAY[0, 0]::float8[])$$);
SELECT expect_error($$SELECT sbg_fit(ARRAY[1000, 'NaN']::float8[])$$);
SELECT expect_error($$SELECT sbg_fit(churn_curve(d, true)) FROM (VALUES (1.5), (2)) v(d)$$);
SELECT expect_error($$SELECT sbg_fit(churn_curve(d, true)) FROM (VALUES (0), (2)) v(d)$$);
SELECT expect_error($$SELECT sbg_fit(churn_curve(d, false)) FROM (VALUES (1), (2)) v(d)$$);
SELECT expect_error($$SELECT sbg_survival(0, 1, 3)$$);
SELECT expect_error($$SELECT sbg_survival(1, 1, -1)$$);
SELECT expect_error($$SELECT sbg_retention(1, 1, 0)$$);
SELECT expect_error($$SELECT sbg_derl(1, 1, -0.1, 3)$$);
SELECT expect_error($$SELECT sbg_derl(1, 1, 1e-9, 3)$$);
SELECT expect_error($$SELECT sbg_derl(1, 1, 0.1, -1)$$);
-- everybody churns in period 1: alpha / beta runs off to infinity
SELECT (sbg_fit(ARRAY[100, 0]::float8[])).converged;

DROP TABLE churn_sbg_table, churn_sbg_fits, churn_sbg_monthly;
