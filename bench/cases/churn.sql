-- Churn curves: the Kaplan-Meier table (churn_table over the churn_curve
-- aggregate) against the window-function SQL that computes the same table:
-- at risk, churned, censored, survival, hazard, Nelson-Aalen cumulative
-- hazard, Greenwood standard error and R's default ('log') 95% interval.
-- 1M customers generated in @setup (independent of the orders size), with
-- durations in whole days (many ties) and continuous (all distinct); then the
-- inactivity-based curve built from the orders table.

-- @case churn: KM 1M customers, whole days
-- @setup
DROP TABLE IF EXISTS bench_churn_days;
CREATE TABLE bench_churn_days AS
SELECT i AS customer_id, (abs(hashint4(i)) % 1000)::float8 AS duration, abs(hashint4(-i)) % 3 <> 0 AS churned
FROM generate_series(1, 1000000) AS i;
VACUUM ANALYZE bench_churn_days;
-- @ours
SELECT * FROM churn_table((SELECT churn_curve(duration, churned) FROM bench_churn_days))
-- @plain
WITH per_time AS (
    SELECT duration, count(*) FILTER (WHERE churned) AS d, count(*) FILTER (WHERE NOT churned) AS c
    FROM bench_churn_days GROUP BY duration
), risk AS (
    SELECT duration, d, c, sum(d + c) OVER (ORDER BY duration DESC) AS n FROM per_time
), terms AS (
    SELECT duration, n, d, c,
           sum(d::float8 / n) OVER w AS cum_hazard,
           sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) END) OVER w AS log_surv,
           bool_or(d = n) OVER w AS died_out,
           sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) END) OVER w AS greenwood
    FROM risk WINDOW w AS (ORDER BY duration)
), km AS (
    SELECT *, CASE WHEN died_out THEN 0 ELSE exp(coalesce(log_surv, 0)) END AS survival FROM terms
)
SELECT duration, n AS n_risk, d AS n_churned, c AS n_censored, survival, d::float8 / n AS hazard, cum_hazard,
       CASE WHEN survival > 0 THEN survival * sqrt(coalesce(greenwood, 0)) END AS std_err,
       CASE WHEN survival > 0 THEN exp(ln(survival) - 1.959963984540054 * sqrt(coalesce(greenwood, 0))) END AS lower,
       CASE WHEN survival > 0 THEN least(exp(ln(survival) + 1.959963984540054 * sqrt(coalesce(greenwood, 0))), 1) END AS upper
FROM km
-- @check
WITH ours AS (
    SELECT * FROM churn_table((SELECT churn_curve(duration, churned) FROM bench_churn_days))
), per_time AS (
    SELECT duration, count(*) FILTER (WHERE churned) AS d, count(*) FILTER (WHERE NOT churned) AS c
    FROM bench_churn_days GROUP BY duration
), risk AS (
    SELECT duration, d, c, sum(d + c) OVER (ORDER BY duration DESC) AS n FROM per_time
), terms AS (
    SELECT duration, n, d, c,
           sum(d::float8 / n) OVER w AS cum_hazard,
           sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) END) OVER w AS log_surv,
           bool_or(d = n) OVER w AS died_out,
           sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) END) OVER w AS greenwood
    FROM risk WINDOW w AS (ORDER BY duration)
), km AS (
    SELECT *, CASE WHEN died_out THEN 0 ELSE exp(coalesce(log_surv, 0)) END AS survival FROM terms
), plain AS (
    SELECT duration, n AS n_risk, d AS n_churned, c AS n_censored, survival, d::float8 / n AS hazard, cum_hazard,
           CASE WHEN survival > 0 THEN survival * sqrt(coalesce(greenwood, 0)) END AS std_err,
           CASE WHEN survival > 0 THEN exp(ln(survival) - 1.959963984540054 * sqrt(coalesce(greenwood, 0))) END AS lower,
           CASE WHEN survival > 0 THEN least(exp(ln(survival) + 1.959963984540054 * sqrt(coalesce(greenwood, 0))), 1) END AS upper
    FROM km
)
SELECT count(*) = (SELECT count(*) FROM ours) AND count(*) = (SELECT count(*) FROM plain)
       AND bool_and(o.n_risk = p.n_risk AND o.n_churned = p.n_churned AND o.n_censored = p.n_censored
                    AND abs(o.survival - p.survival) < 1e-9 AND abs(o.hazard - p.hazard) < 1e-12
                    AND abs(o.cum_hazard - p.cum_hazard) < 1e-9
                    AND ((o.std_err IS NULL AND p.std_err IS NULL) OR abs(o.std_err - p.std_err) < 1e-9)
                    AND ((o.lower IS NULL AND p.lower IS NULL) OR abs(o.lower - p.lower) < 1e-9)
                    AND ((o.upper IS NULL AND p.upper IS NULL) OR abs(o.upper - p.upper) < 1e-9))
FROM ours o JOIN plain p USING (duration)

-- @case churn: KM 1M customers, continuous
-- @setup
DROP TABLE IF EXISTS bench_churn_cont;
CREATE TABLE bench_churn_cont AS
SELECT i AS customer_id, abs(hashint4(i))::float8 / 2147483.648 AS duration, abs(hashint4(-i)) % 3 <> 0 AS churned
FROM generate_series(1, 1000000) AS i;
VACUUM ANALYZE bench_churn_cont;
-- @ours
SELECT * FROM churn_table((SELECT churn_curve(duration, churned) FROM bench_churn_cont))
-- @plain
WITH per_time AS (
    SELECT duration, count(*) FILTER (WHERE churned) AS d, count(*) FILTER (WHERE NOT churned) AS c
    FROM bench_churn_cont GROUP BY duration
), risk AS (
    SELECT duration, d, c, sum(d + c) OVER (ORDER BY duration DESC) AS n FROM per_time
), terms AS (
    SELECT duration, n, d, c,
           sum(d::float8 / n) OVER w AS cum_hazard,
           sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) END) OVER w AS log_surv,
           bool_or(d = n) OVER w AS died_out,
           sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) END) OVER w AS greenwood
    FROM risk WINDOW w AS (ORDER BY duration)
), km AS (
    SELECT *, CASE WHEN died_out THEN 0 ELSE exp(coalesce(log_surv, 0)) END AS survival FROM terms
)
SELECT duration, n AS n_risk, d AS n_churned, c AS n_censored, survival, d::float8 / n AS hazard, cum_hazard,
       CASE WHEN survival > 0 THEN survival * sqrt(coalesce(greenwood, 0)) END AS std_err,
       CASE WHEN survival > 0 THEN exp(ln(survival) - 1.959963984540054 * sqrt(coalesce(greenwood, 0))) END AS lower,
       CASE WHEN survival > 0 THEN least(exp(ln(survival) + 1.959963984540054 * sqrt(coalesce(greenwood, 0))), 1) END AS upper
FROM km
-- @check
WITH ours AS (
    SELECT * FROM churn_table((SELECT churn_curve(duration, churned) FROM bench_churn_cont))
), per_time AS (
    SELECT duration, count(*) FILTER (WHERE churned) AS d, count(*) FILTER (WHERE NOT churned) AS c
    FROM bench_churn_cont GROUP BY duration
), risk AS (
    SELECT duration, d, c, sum(d + c) OVER (ORDER BY duration DESC) AS n FROM per_time
), terms AS (
    SELECT duration, n, d, c,
           sum(d::float8 / n) OVER w AS cum_hazard,
           sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) END) OVER w AS log_surv,
           bool_or(d = n) OVER w AS died_out,
           sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) END) OVER w AS greenwood
    FROM risk WINDOW w AS (ORDER BY duration)
), km AS (
    SELECT *, CASE WHEN died_out THEN 0 ELSE exp(coalesce(log_surv, 0)) END AS survival FROM terms
), plain AS (
    SELECT duration, n AS n_risk, d AS n_churned, c AS n_censored, survival, d::float8 / n AS hazard, cum_hazard,
           CASE WHEN survival > 0 THEN survival * sqrt(coalesce(greenwood, 0)) END AS std_err,
           CASE WHEN survival > 0 THEN exp(ln(survival) - 1.959963984540054 * sqrt(coalesce(greenwood, 0))) END AS lower,
           CASE WHEN survival > 0 THEN least(exp(ln(survival) + 1.959963984540054 * sqrt(coalesce(greenwood, 0))), 1) END AS upper
    FROM km
)
SELECT count(*) = (SELECT count(*) FROM ours) AND count(*) = (SELECT count(*) FROM plain)
       AND bool_and(o.n_risk = p.n_risk AND o.n_churned = p.n_churned AND o.n_censored = p.n_censored
                    AND abs(o.survival - p.survival) < 1e-9 AND abs(o.hazard - p.hazard) < 1e-12
                    AND abs(o.cum_hazard - p.cum_hazard) < 1e-9
                    AND ((o.std_err IS NULL AND p.std_err IS NULL) OR abs(o.std_err - p.std_err) < 1e-9)
                    AND ((o.lower IS NULL AND p.lower IS NULL) OR abs(o.lower - p.lower) < 1e-9)
                    AND ((o.upper IS NULL AND p.upper IS NULL) OR abs(o.upper - p.upper) < 1e-9))
FROM ours o JOIN plain p USING (duration)

-- @case churn: inactivity curve from orders (days)
-- @setup
DROP VIEW IF EXISTS bench_churn_orders;
CREATE VIEW bench_churn_orders AS
SELECT customer_id,
       extract(epoch FROM CASE WHEN max(ordered_at) <= :'as_of'::timestamptz - interval '180 days' THEN max(ordered_at)
                               ELSE :'as_of'::timestamptz END - min(ordered_at)) / 86400 AS duration,
       max(ordered_at) <= :'as_of'::timestamptz - interval '180 days' AS churned
FROM :orders WHERE amount >= 0 AND ordered_at <= :'as_of'::timestamptz GROUP BY customer_id;
-- @ours
SELECT * FROM churn_table((SELECT churn_curve(duration, churned) FROM bench_churn_orders))
-- @plain
WITH per_time AS (
    SELECT duration, count(*) FILTER (WHERE churned) AS d, count(*) FILTER (WHERE NOT churned) AS c
    FROM bench_churn_orders GROUP BY duration
), risk AS (
    SELECT duration, d, c, sum(d + c) OVER (ORDER BY duration DESC) AS n FROM per_time
), terms AS (
    SELECT duration, n, d, c,
           sum(d::float8 / n) OVER w AS cum_hazard,
           sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) END) OVER w AS log_surv,
           bool_or(d = n) OVER w AS died_out,
           sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) END) OVER w AS greenwood
    FROM risk WINDOW w AS (ORDER BY duration)
), km AS (
    SELECT *, CASE WHEN died_out THEN 0 ELSE exp(coalesce(log_surv, 0)) END AS survival FROM terms
)
SELECT duration, n AS n_risk, d AS n_churned, c AS n_censored, survival, d::float8 / n AS hazard, cum_hazard,
       CASE WHEN survival > 0 THEN survival * sqrt(coalesce(greenwood, 0)) END AS std_err,
       CASE WHEN survival > 0 THEN exp(ln(survival) - 1.959963984540054 * sqrt(coalesce(greenwood, 0))) END AS lower,
       CASE WHEN survival > 0 THEN least(exp(ln(survival) + 1.959963984540054 * sqrt(coalesce(greenwood, 0))), 1) END AS upper
FROM km
-- @check
WITH ours AS (
    SELECT * FROM churn_table((SELECT churn_curve(duration, churned) FROM bench_churn_orders))
), per_time AS (
    SELECT duration, count(*) FILTER (WHERE churned) AS d, count(*) FILTER (WHERE NOT churned) AS c
    FROM bench_churn_orders GROUP BY duration
), risk AS (
    SELECT duration, d, c, sum(d + c) OVER (ORDER BY duration DESC) AS n FROM per_time
), terms AS (
    SELECT duration, n, d, c,
           sum(d::float8 / n) OVER w AS cum_hazard,
           sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) END) OVER w AS log_surv,
           bool_or(d = n) OVER w AS died_out,
           sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) END) OVER w AS greenwood
    FROM risk WINDOW w AS (ORDER BY duration)
), km AS (
    SELECT *, CASE WHEN died_out THEN 0 ELSE exp(coalesce(log_surv, 0)) END AS survival FROM terms
), plain AS (
    SELECT duration, n AS n_risk, d AS n_churned, c AS n_censored, survival, d::float8 / n AS hazard, cum_hazard,
           CASE WHEN survival > 0 THEN survival * sqrt(coalesce(greenwood, 0)) END AS std_err,
           CASE WHEN survival > 0 THEN exp(ln(survival) - 1.959963984540054 * sqrt(coalesce(greenwood, 0))) END AS lower,
           CASE WHEN survival > 0 THEN least(exp(ln(survival) + 1.959963984540054 * sqrt(coalesce(greenwood, 0))), 1) END AS upper
    FROM km
)
SELECT count(*) = (SELECT count(*) FROM ours) AND count(*) = (SELECT count(*) FROM plain)
       AND bool_and(o.n_risk = p.n_risk AND o.n_churned = p.n_churned AND o.n_censored = p.n_censored
                    AND abs(o.survival - p.survival) < 1e-9 AND abs(o.hazard - p.hazard) < 1e-12
                    AND abs(o.cum_hazard - p.cum_hazard) < 1e-9
                    AND ((o.std_err IS NULL AND p.std_err IS NULL) OR abs(o.std_err - p.std_err) < 1e-9)
                    AND ((o.lower IS NULL AND p.lower IS NULL) OR abs(o.lower - p.lower) < 1e-9)
                    AND ((o.upper IS NULL AND p.upper IS NULL) OR abs(o.upper - p.upper) < 1e-9))
FROM ours o JOIN plain p USING (duration)
