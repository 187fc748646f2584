-- Churn curves: Kaplan-Meier on CDNOW (inactivity-based churn) and the sBG projection of a subscription cohort.
SET TimeZone = 'UTC';
\echo
\echo '== Churn curves: how fast do customers leave?'
\echo '   CDNOW has no cancellations, so a customer counts as churned after 180 days without a purchase'
\echo '   (as of 1998-06-30); its lifetime runs from its first to its last purchase. Customers who bought'
\echo '   in the last 180 days are still active: censored at 1998-06-30.'
CREATE TEMP TABLE demo_churn_customers AS
SELECT customer_id, min(ordered_on) AS first_on, max(ordered_on) AS last_on,
       max(ordered_on) <= date '1998-06-30' - 180 AS churned
FROM cdnow_master WHERE amount >= 0 GROUP BY customer_id;
CREATE TEMP TABLE demo_churn AS
SELECT churn_curve(churn_duration(first_on, CASE WHEN churned THEN last_on ELSE date '1998-06-30' END, '1 day'),
                   churned) AS all_customers,
       churn_curve(churn_duration(first_on, CASE WHEN churned THEN last_on ELSE date '1998-06-30' END, '1 day'),
                   churned) FILTER (WHERE last_on > first_on) AS repeat_customers,
       churn_curve(floor(churn_duration(first_on, CASE WHEN churned THEN last_on ELSE date '1998-06-30' END, '1 month')),
                   churned) AS by_month
FROM demo_churn_customers;

\echo
\echo '-- The Kaplan-Meier table in whole months of lifetime (churn_table(churn_curve(months, churned)), 95% log interval as R)'
SELECT duration AS months, n_risk, n_churned, n_censored, round(survival::numeric, 4) AS survival,
       round(hazard::numeric, 4) AS hazard, round(std_err::numeric, 4) AS std_err,
       round(lower::numeric, 4) AS lower, round(upper::numeric, 4) AS upper,
       repeat('#', (40 * survival)::int) AS curve
FROM demo_churn, churn_table(by_month) ORDER BY duration;

\echo
\echo '-- Median lifetime in days with its 95% interval: half of all customers never come back (lifetime 0);'
\echo '   among customers with a second purchase day, the median lifetime is over a year'
SELECT 'all customers' AS who, m.median, m.lower, m.upper, round(r.mean::numeric, 1) AS mean_days_up_to_540
FROM demo_churn, churn_median(all_customers) m, churn_restricted_mean(all_customers, 540) r
UNION ALL
SELECT 'repeat customers', m.median, m.lower, m.upper, round(r.mean::numeric, 1)
FROM demo_churn, churn_median(repeat_customers) m, churn_restricted_mean(repeat_customers, 540) r;

\echo
\echo '-- Quartiles of the repeat customers'' lifetime (churn_quantile: the day by which p of them have churned)'
SELECT p, q.duration AS days, q.lower, q.upper
FROM demo_churn, unnest(ARRAY[0.25, 0.5, 0.75]) AS p, churn_quantile(repeat_customers, p, 'log-log') q
ORDER BY p;

\echo
\echo '== sBG: projecting a subscription cohort (Fader & Hardie 2007, Table 1: percent still subscribed, years 0..12)'
\echo '   fitted on years 0..7 only; the paper reports alpha = 0.704, beta = 1.182 (regular), 0.668, 3.806 (high end)'
CREATE TEMP TABLE demo_sbg (year int, regular float8, highend float8);
\copy demo_sbg FROM 'test/data/sbg/sbg_fader_hardie_2007_table1.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE demo_sbg_fit AS
SELECT sbg_fit(array_agg(regular * 10 ORDER BY year)) AS regular,
       sbg_fit(array_agg(highend * 10 ORDER BY year)) AS highend
FROM demo_sbg WHERE year <= 7;
SELECT 'regular' AS segment, round((regular).alpha::numeric, 3) AS alpha, round((regular).beta::numeric, 3) AS beta,
       round((regular).log_likelihood::numeric, 2) AS log_likelihood, (regular).converged FROM demo_sbg_fit
UNION ALL
SELECT 'high end', round((highend).alpha::numeric, 3), round((highend).beta::numeric, 3),
       round((highend).log_likelihood::numeric, 2), (highend).converged FROM demo_sbg_fit;

\echo
\echo '-- Projected vs actual percent still subscribed (years 8..12 were not used in the fit)'
SELECT s.year, round((100 * sbg_survival(f.regular, s.year))::numeric, 1) AS regular_projected, s.regular AS regular_actual,
       round((100 * sbg_survival(f.highend, s.year))::numeric, 1) AS highend_projected, s.highend AS highend_actual,
       round(sbg_retention(f.highend, s.year)::numeric, 3) AS highend_retention_rate
FROM demo_sbg s, demo_sbg_fit f WHERE s.year >= 1 ORDER BY s.year;

\echo
\echo '-- Discounted expected residual lifetime (years, 10% discount): a high-end customer after 7 renewals'
\echo '   can expect 7.530 more discounted years (Fader & Hardie 2010), a new one 5.414'
SELECT renewals, round(sbg_derl(regular, 0.10, renewals)::numeric, 3) AS regular_derl,
       round(sbg_derl(highend, 0.10, renewals)::numeric, 3) AS highend_derl
FROM demo_sbg_fit, unnest(ARRAY[0, 1, 3, 7]) AS renewals ORDER BY renewals;
