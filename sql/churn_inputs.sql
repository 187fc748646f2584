-- The inputs users have: subscriptions (started_at, ended_at NULL while
-- active, as_of), and orders (churned after an inactivity window), in
-- continuous time and in whole periods.  Reference values by hand (each in a
-- comment) and plain SQL over the same rows.
\i test/sql/helpers.sql

-- churn_duration: whole periods plus the elapsed fraction of the next.
-- 31 Jan -> 15 Mar 2024 by month: periods start 31 Jan, 29 Feb, 31 Mar, so
-- 1 + 15/31; by day 44; 36 hours = 1.5 days; 10 weeks and 3.5 days = 10.5 weeks
SELECT churn_duration('2024-01-31'::date, '2024-03-15'::date, '1 month') AS months,
       1 + 15 / 31.0 AS by_hand,
       churn_duration('2024-01-31'::date, '2024-03-15'::date, '1 day') AS days,
       churn_duration('2024-01-01 00:00'::timestamp, '2024-01-02 12:00', '1 day') AS one_and_a_half,
       churn_duration('2024-01-01 00:00+00'::timestamptz, '2024-03-14 12:00+00', '7 days') AS weeks,
       churn_duration('2024-01-01'::date, '2024-01-01'::date, '1 month') AS zero;

-- Durations given as intervals: months in months, days and time in days and
-- time (a day = 24 hours); mixing the two is an error
SELECT churn_interval_units('36 hours', '1 day') AS one_and_a_half,
       churn_interval_units('3 mons', '1 month') AS three,
       churn_interval_units('2 years', '3 months') AS eight,
       churn_interval_units('10 days 12:00', '7 days') AS one_and_a_half_weeks;
SELECT expect_error($$SELECT churn_interval_units('1 mon 2 days', '1 day')$$);
SELECT expect_error($$SELECT churn_interval_units('40 days', '1 month')$$);
SELECT expect_error($$SELECT churn_interval_units('-2 days', '1 day')$$);
SELECT expect_error($$SELECT churn_curve(d, true, NULL) FROM (VALUES (interval '1 day')) v(d)$$);
SELECT churn_curve(d, c, '1 day')::text AS curve
FROM (VALUES (interval '1 day', true), ('36 hours', false), (NULL, true), ('1 day', NULL), ('24:00', true)) v(d, c);
-- by hand: 1 day twice (churned), 1.5 days censored: v1 1:2:0 1.5:0:1

-- Subscriptions, as_of 2024-07-01, monthly units
CREATE TABLE churn_subs (id int, started_at date, ended_at date);
INSERT INTO churn_subs VALUES
    (1, '2024-01-01', '2024-03-01'),   -- churned after 2 months
    (2, '2024-01-01', NULL),           -- active: censored at 6 months
    (3, '2024-02-15', '2024-03-15'),   -- churned after 1 month
    (4, '2024-03-01', '2024-09-01'),   -- ends after as_of: censored at 4 months
    (5, '2024-05-01', '2024-07-01'),   -- ends exactly at as_of: churned at 2 months
    (6, '2024-08-01', NULL),           -- starts after as_of: left out
    (7, NULL, NULL),                   -- no start: left out
    (8, '2024-01-01', '2024-03-01'),   -- tied with 1
    (9, '2024-04-16', NULL);           -- censored at 2.5 months (15/30 of June)
SELECT churn_curve(started_at, ended_at, '2024-07-01', '1 month')::text AS curve FROM churn_subs;
-- the same by hand: durations 2, 2, 6+, 1, 4+, 2, 2.5+
SELECT 'v1 1:1:0 2:3:0 2.5:0:1 4:0:1 6:0:1' AS by_hand;
-- the same with timestamptz and timestamp
SELECT churn_curve(started_at::timestamptz, ended_at::timestamptz, '2024-07-01'::timestamptz, '1 month')::text
       = churn_curve(started_at, ended_at, '2024-07-01', '1 month')::text AS timestamptz_same,
       churn_curve(started_at::timestamp, ended_at::timestamp, '2024-07-01'::timestamp, '1 month')::text
       = churn_curve(started_at, ended_at, '2024-07-01', '1 month')::text AS timestamp_same
FROM churn_subs;
-- ended_at - started_at (days) as interval durations, in days: the same as churn_duration in days
SELECT churn_curve(least(coalesce(ended_at, '2024-07-01'), '2024-07-01')::timestamp - started_at::timestamp,
                   coalesce(ended_at <= '2024-07-01', false), '1 day')::text
       = churn_curve(started_at, ended_at, '2024-07-01', '1 day')::text AS interval_form_same
FROM churn_subs WHERE started_at <= '2024-07-01';
-- discrete periods (monthly renewals): floor the duration.  churned must not
-- be NULL for active subscriptions (ended_at <= as_of is NULL when ended_at is;
-- a row with a NULL is skipped), hence the coalesce: by hand 1, 2, 2, 6+, 4+, 2, 2+
SELECT churn_curve(floor(churn_duration(started_at, least(coalesce(ended_at, '2024-07-01'), '2024-07-01'), '1 month')),
                   coalesce(ended_at <= '2024-07-01', false))::text AS whole_months
FROM churn_subs WHERE started_at <= '2024-07-01';
SELECT t.duration, t.n_risk, t.n_churned, t.n_censored, round(t.survival::numeric, 6) AS survival
FROM churn_table((SELECT churn_curve(started_at, ended_at, '2024-07-01', '1 month') FROM churn_subs)) t
ORDER BY t.duration;
-- survival by hand: 1 - 1/7 = 0.857143 at 1; * (1 - 3/6) = 0.428571 at 2

-- Orders (CDNOW sample): a customer has churned when it has not bought for
-- 180 days before as_of; its lifetime runs from its first to its last
-- purchase; otherwise it is censored at as_of.  Durations in days.
\i test/sql/cdnow.sql
CREATE TABLE churn_cdnow_customers AS
SELECT customer_id, min(ordered_on) AS first_on, max(ordered_on) AS last_on
FROM cdnow_sample WHERE amount >= 0 AND ordered_on <= '1998-06-30'
GROUP BY customer_id;
CREATE TABLE churn_cdnow_curve AS
SELECT churn_curve(
           churn_duration(first_on, CASE WHEN last_on <= date '1998-06-30' - 180 THEN last_on
                                         ELSE date '1998-06-30' END, '1 day'),
           last_on <= date '1998-06-30' - 180) AS curve
FROM churn_cdnow_customers;
-- totals against plain counts
SELECT (SELECT sum(n_churned) FROM churn_cdnow_curve, churn_table(curve)) AS churned,
       (SELECT count(*) FROM churn_cdnow_customers WHERE last_on <= date '1998-06-30' - 180) AS churned_plain,
       (SELECT sum(n_censored) FROM churn_cdnow_curve, churn_table(curve)) AS censored,
       (SELECT count(*) FROM churn_cdnow_customers WHERE last_on > date '1998-06-30' - 180) AS censored_plain;
-- one-time buyers who churned have lifetime 0: the curve drops at 0
SELECT duration, n_risk, n_churned, n_censored, round(survival::numeric, 4) AS survival
FROM churn_cdnow_curve, churn_table(curve) ORDER BY duration LIMIT 3;
SELECT (SELECT count(*) FROM churn_cdnow_customers
        WHERE first_on = last_on AND last_on <= date '1998-06-30' - 180) AS one_time_churned_plain;
SELECT round(m.median::numeric, 1) AS median_days, round(m.lower::numeric, 1) AS lower,
       round(m.upper::numeric, 1) AS upper
FROM churn_cdnow_curve, churn_median(curve) m;
SELECT round(r.mean::numeric, 2) AS mean_days_up_to_540, round(r.std_err::numeric, 3) AS std_err
FROM churn_cdnow_curve, churn_restricted_mean(curve, 540) r;

DROP TABLE churn_subs, churn_cdnow_customers, churn_cdnow_curve;
