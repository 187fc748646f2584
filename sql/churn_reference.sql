-- churn_curve against R: every column of the Kaplan-Meier table, quantiles
-- with their confidence intervals, and restricted means, to 1e-10.
-- Reference: test/reference/churn/km.R (R 4.2.2, survival 3.5.3; see
-- versions.txt), which generates data.csv and writes km_*.csv with
-- survfit(Surv(duration, churned) ~ 1, conf.type = 'log' | 'log-log' | 'plain',
-- conf.int = 0.95 | 0.9), quantile(fit, c(.1, .25, .5, .75, .9)) and
-- survival:::survmean(fit, rmean = horizon) (what print(fit, rmean =) shows).
\i test/sql/helpers.sql

CREATE TABLE churn_ref_data (dataset text, duration float8, churned boolean);
\copy churn_ref_data FROM 'test/reference/churn/data.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE churn_ref_table (dataset text, conf_type text, conf_level float8, duration float8,
    n_risk bigint, n_churned bigint, n_censored bigint, survival float8, hazard float8,
    cum_hazard float8, std_err float8, lower float8, upper float8);
\copy churn_ref_table FROM 'test/reference/churn/km_table.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE churn_ref_quantile (dataset text, conf_type text, conf_level float8, p float8,
    duration float8, lower float8, upper float8);
\copy churn_ref_quantile FROM 'test/reference/churn/km_quantile.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE churn_ref_rmean (dataset text, horizon float8, mean float8, std_err float8,
    print_median float8);
\copy churn_ref_rmean FROM 'test/reference/churn/km_rmean.csv' WITH (FORMAT csv, HEADER)

CREATE FUNCTION churn_close(a float8, b float8) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$ SELECT (a IS NULL AND b IS NULL) OR abs(a - b) <= 1e-10 $$;

CREATE TABLE churn_ref_curves AS
SELECT dataset, churn_curve(duration, churned) AS curve
FROM churn_ref_data GROUP BY dataset;

SELECT dataset, count(*) AS customers, count(*) FILTER (WHERE churned) AS churned
FROM churn_ref_data GROUP BY dataset ORDER BY dataset;

-- Every row and column of the table, for the 3 interval types at 2 levels
WITH ours AS (
    SELECT c.dataset, o.conf_type, o.conf_level, t.*
    FROM churn_ref_curves c
    CROSS JOIN (SELECT DISTINCT conf_type, conf_level FROM churn_ref_table) o
    CROSS JOIN LATERAL churn_table(c.curve, o.conf_type, o.conf_level) t
)
SELECT coalesce(r.dataset, o.dataset) AS dataset, coalesce(r.conf_type, o.conf_type) AS conf_type,
       coalesce(r.conf_level, o.conf_level) AS conf_level,
       count(r.*) AS r_rows, count(o.*) AS our_rows,
       count(*) FILTER (WHERE NOT (r.n_risk = o.n_risk AND r.n_churned = o.n_churned
                                   AND r.n_censored = o.n_censored)) AS count_diffs,
       count(*) FILTER (WHERE NOT (churn_close(r.survival, o.survival)
                                   AND churn_close(r.hazard, o.hazard)
                                   AND churn_close(r.cum_hazard, o.cum_hazard)
                                   AND churn_close(r.std_err, o.std_err))) AS curve_diffs,
       count(*) FILTER (WHERE NOT (churn_close(r.lower, o.lower)
                                   AND churn_close(r.upper, o.upper))) AS band_diffs,
       count(*) FILTER (WHERE r.lower IS NULL) AS null_bands
FROM churn_ref_table r
FULL JOIN ours o USING (dataset, conf_type, conf_level, duration)
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;

-- What those rows look like: ties (censored at 2 are at risk at 2), S = 0 at the end
SELECT duration, n_risk, n_churned, n_censored, round(survival::numeric, 6) AS survival,
       round(hazard::numeric, 6) AS hazard, round(cum_hazard::numeric, 6) AS cum_hazard,
       round(std_err::numeric, 6) AS std_err, round(lower::numeric, 6) AS lower,
       round(upper::numeric, 6) AS upper
FROM churn_ref_curves, churn_table(curve) WHERE dataset = 'all_churn' ORDER BY duration;
SELECT duration, round(lower::numeric, 6) AS lower, round(upper::numeric, 6) AS upper
FROM churn_ref_curves, churn_table(curve, conf_type => 'log-log', conf_level => 0.9)
WHERE dataset = 'all_churn' ORDER BY duration;

-- Quantiles (p = .1 .. .9) and their intervals
SELECT r.dataset, r.conf_type, r.conf_level, count(*) AS quantiles,
       count(*) FILTER (WHERE NOT (churn_close(r.duration, q.duration)
                                   AND churn_close(r.lower, q.lower)
                                   AND churn_close(r.upper, q.upper))) AS diffs,
       count(*) FILTER (WHERE r.duration IS NULL) AS undefined
FROM churn_ref_quantile r
JOIN churn_ref_curves c USING (dataset)
CROSS JOIN LATERAL churn_quantile(c.curve, r.p, r.conf_type, r.conf_level) q
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- The median: the midpoint rule where the curve is flat at exactly 0.5
-- (flat_half: (2 + 4) / 2; ends_half ends flat at 0.5: (2 + 3) / 2 as R's
-- quantile(); R's print() shows 2 there), NULL where it never gets to 0.5
SELECT c.dataset, m.*, r.duration AS r_median, r.lower AS r_lower, r.upper AS r_upper,
       rm.print_median AS r_print_median
FROM churn_ref_curves c
CROSS JOIN LATERAL churn_median(c.curve) m
JOIN churn_ref_quantile r ON r.dataset = c.dataset AND r.p = 0.5 AND r.conf_type = 'log'
                          AND r.conf_level = 0.95
JOIN (SELECT DISTINCT dataset, print_median FROM churn_ref_rmean) rm ON rm.dataset = c.dataset
ORDER BY c.dataset;

-- Restricted mean lifetime and its standard error
SELECT r.dataset, r.horizon, round(m.mean::numeric, 8) AS mean,
       round(m.std_err::numeric, 8) AS std_err,
       churn_close(m.mean, r.mean) AND churn_close(m.std_err, r.std_err) AS matches_r
FROM churn_ref_rmean r
JOIN churn_ref_curves c USING (dataset)
CROSS JOIN LATERAL churn_restricted_mean(c.curve, r.horizon) m
ORDER BY r.dataset, r.horizon;

DROP TABLE churn_ref_data, churn_ref_table, churn_ref_quantile, churn_ref_rmean, churn_ref_curves;
DROP FUNCTION churn_close(float8, float8);
