-- Options and horizons the way people type them (issue 11 item 4), over the
-- generated shop (test/sql/shop.sql).  On 1.1 before this test,
-- ltv_agg(..., '12 months') failed with "malformed record literal" and
-- ltv_agg(..., interval '12 months') with "function does not exist"; the
-- horizon of ltv_expected_purchases was float8 units only (ltv_model_time and the interval
-- and text overloads are new: '6 months' gave 22P02, interval '6 months' 42883).
\i test/sql/helpers.sql
\i test/sql/shop.sql
CREATE TEMP VIEW lines AS
SELECT customer_id, ordered_at, amount FROM shop_orders WHERE status IN ('paid', 'refunded');

-- 1. the documented form: ltv_agg_options with named arguments
SELECT (a).customers, round((a).predicted_residual_ltv::numeric, 4) AS residual_12m_margin_03
FROM (SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01',
                     ltv_agg_options(horizon => '12 months', margin => 0.3)) AS a FROM lines) s;

-- 2. a bare literal, a text value and an interval: clear errors that say what to write
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01', '12 months') FROM lines$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01', 'margin => 0.3'::text) FROM lines$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01', interval '12 months') FROM lines$$);
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at::date, amount::numeric, date '2024-07-01', '6 months') FROM lines$$);
-- named arguments on the aggregate itself: PostgreSQL's own error (aggregates take none; the README says so)
-- (the message only: PostgreSQL 19 words its detail and hint differently)
SELECT split_part(expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01', horizon => '12 months') FROM lines$$), ' | ', 1) AS error;
-- a record literal of ltv_agg_options, as 1.0 accepted it, still works and is the same options
SELECT a1::text = a2::text AS record_literal_is_the_same, a3::text = a2::text AS text_value_is_the_same
FROM (SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01',
                     '("1 day","7 days","12 months",0.01,0.3,0)') AS a1,
             ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01',
                     ltv_agg_options(horizon => '12 months', margin => 0.3)) AS a2,
             ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01',
                     '(1 day,7 days,12 mons,0.01,0.3,0)'::text) AS a3 FROM lines) s;
-- every amount and time type has the text form (same answer as the composite)
SELECT count(*) FILTER (WHERE a::text = b::text) AS same, count(*) AS forms FROM (
    SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01', '(1 day,7 days,6 mons,0.01,1,0)'::text) a,
           ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01', ltv_agg_options(horizon => '6 months')) b FROM lines
    UNION ALL
    SELECT ltv_agg(customer_id, ordered_at::timestamp, amount::real, timestamp '2024-07-01', '(1 day,7 days,6 mons,0.01,1,0)'::text),
           ltv_agg(customer_id, ordered_at::timestamp, amount::real, timestamp '2024-07-01', ltv_agg_options(horizon => '6 months')) FROM lines
    UNION ALL
    SELECT ltv_agg(customer_id, ordered_at::date, round(amount)::int, date '2024-07-01', '(1 day,7 days,6 mons,0.01,1,0)'::text),
           ltv_agg(customer_id, ordered_at::date, round(amount)::int, date '2024-07-01', ltv_agg_options(horizon => '6 months')) FROM lines
    UNION ALL
    SELECT ltv_agg(customer_id, ordered_at::date, round(amount)::bigint, date '2024-07-01', '(1 day,7 days,6 mons,0.01,1,0)'::text),
           ltv_agg(customer_id, ordered_at::date, round(amount)::bigint, date '2024-07-01', ltv_agg_options(horizon => '6 months')) FROM lines
    UNION ALL
    SELECT ltv_agg(customer_id, ordered_at, amount::numeric, timestamptz '2024-07-01', '(1 day,7 days,6 mons,0.01,1,0)'::text),
           ltv_agg(customer_id, ordered_at, amount::numeric, timestamptz '2024-07-01', ltv_agg_options(horizon => '6 months')) FROM lines) s;
-- and the text form's errors for the options' own values are those of the composite
SELECT expect_error($$SELECT ltv_agg(customer_id, ordered_at, amount, timestamptz '2024-07-01', '(1 day,7 days,-1 mons,0.01,1,0)') FROM lines$$);

-- 3. horizons as intervals everywhere: ltv_model_time converts with the mean
-- month (365.2425 / 12 days, the unit ltv_predict's horizon uses); reference:
-- 12 months = 365.2425 days = 365.2425 / 7 weeks, computed here in numeric
CREATE TEMP TABLE model AS SELECT ltv_fit(s) AS m
FROM (SELECT ltv_summary(ordered_at, amount, timestamptz '2024-07-01') AS s FROM lines GROUP BY customer_id) c;
SELECT ltv_model_time(m, '12 months') = (365.2425 / 7)::float8 AS twelve_months_in_weeks,
       ltv_model_time(m, '7 days') AS one_week, ltv_model_time(m, '1 day') = 1 / 7.0::float8 AS one_day
FROM model;
-- every float8 horizon takes an interval through ltv_model_time
SELECT ltv_expected_purchases(m, 2, 30, 60, ltv_model_time(m, '6 months')) = ltv_expected_purchases(m, 2, 30, 60, 365.2425 / 14) AS conditional,
       ltv_expected_purchases_new(m, ltv_model_time(m, '1 year')) = ltv_expected_purchases_new(m, 365.2425 / 7) AS new_customer,
       ltv_purchase_probability(m, 1, ltv_model_time(m, '1 year')) = ltv_purchase_probability(m, 1, 365.2425 / 7) AS probability
FROM model;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE ltv_expected_purchases(m, s, ltv_model_time(m, '26 weeks')) = ltv_expected_purchases(m, s, 26)) AS summary_form
FROM (SELECT ltv_summary(ordered_at, amount, timestamptz '2024-07-01') AS s FROM lines GROUP BY customer_id) c, model
WHERE s IS NOT NULL;
SELECT expect_error($$SELECT ltv_model_time(m, '-1 month') FROM model$$);
-- a bare literal still means model units (as in 1.0, where it resolved to float8): a quoted
-- literal resolves to the text overloads, which read a number as units
SELECT ltv_expected_purchases(m, 2, 30, 60, '26') = ltv_expected_purchases(m, 2, 30, 60, 26) AS bare_literal_is_units,
       ltv_model_time(m, '26') = 26 AS text_number_is_units, ltv_model_time(m, ' 2.5e1 ') = 25 AS spaces_and_exponent
FROM model;
-- every horizon also as an interval and as an interval literal, equal to the float8 form
-- at the mean-month conversion (reference as above: 6 months = 365.2425 / 14 weeks)
SELECT ltv_expected_purchases(m, 2, 30, 60, '6 months') = ltv_expected_purchases(m, 2, 30, 60, 365.2425 / 14) AS literal,
       ltv_expected_purchases(m, 2, 30, 60, interval '6 months') = ltv_expected_purchases(m, 2, 30, 60, 365.2425 / 14) AS typed,
       ltv_expected_purchases(m, 2, 30, 60, horizon => '6 months') = ltv_expected_purchases(m, 2, 30, 60, 365.2425 / 14) AS named,
       ltv_expected_purchases_new(m, '1 year') = ltv_expected_purchases_new(m, 365.2425 / 7) AS new_literal,
       ltv_expected_purchases_new(m, interval '1 year') = ltv_expected_purchases_new(m, 365.2425 / 7) AS new_typed,
       ltv_purchase_probability(m, 1, '1 year') = ltv_purchase_probability(m, 1, 365.2425 / 7) AS probability_literal,
       ltv_purchase_probability(m, 1, interval '1 year') = ltv_purchase_probability(m, 1, 365.2425 / 7) AS probability_typed,
       ltv_expected_purchases_interval(m, 2, 30, 60, '6 months') = ltv_expected_purchases_interval(m, 2, 30, 60, 365.2425 / 14) AS ci_literal,
       ltv_expected_purchases_interval(m, 2, 30, 60, interval '6 months', 0.95) = ltv_expected_purchases_interval(m, 2, 30, 60, 365.2425 / 14, 0.95) AS ci_typed
FROM model;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE ltv_expected_purchases(m, s, '26 weeks') = ltv_expected_purchases(m, s, 26)
                          AND ltv_expected_purchases(m, s, interval '26 weeks') = ltv_expected_purchases(m, s, 26)
                          AND ltv_expected_purchases(m, s, '26') = ltv_expected_purchases(m, s, 26)) AS summary_forms
FROM (SELECT ltv_summary(ordered_at, amount, timestamptz '2024-07-01') AS s FROM lines GROUP BY customer_id) c, model
WHERE s IS NOT NULL;
-- a text column of horizons, and the errors: neither a number nor an interval; an overflowing number
SELECT h, round(ltv_expected_purchases_new(m, h)::numeric, 6) = round(ltv_expected_purchases_new(m, ltv_model_time(m, h::interval))::numeric, 6) AS same
FROM model, (VALUES ('3 months'::text), ('1 year 2 weeks'), ('90 days')) v(h) ORDER BY h;
SELECT expect_error($$SELECT ltv_expected_purchases(m, 2, 30, 60, 'twelve months') FROM model$$);
SELECT expect_error($$SELECT ltv_model_time(m, '1e999') FROM model$$);
SELECT expect_error($$SELECT ltv_expected_purchases_new(m, '-3 months') FROM model$$);
-- the float8 forms keep working with numbers
SELECT ltv_expected_purchases(m, 0, 0, 10, 52) > 0 AS numbers_still_work FROM model;
