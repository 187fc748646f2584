-- Amount columns of every common type (issue 11, item 3): numeric, double
-- precision, real, integer and bigint for ltv_summary, ltv_agg,
-- retention_activity, retention_rate and retention_triangle.
-- Exactness: numeric and the integers exactly; a float4/float8 amount is the
-- shortest decimal that converts back to the same float.  The independent
-- reference for that is PostgreSQL's own float output with
-- extra_float_digits = 1 (the shortest round-trip form, Ryu) read by
-- numeric's text input: amount::text::numeric.
\i test/sql/helpers.sql
SET extra_float_digits = 1;

-- orders with money amounts (2 decimals), in every type: the CDNOW sample, its
-- $0 orders, and a refund of a third of every 13th order a week later
\i test/sql/cdnow.sql
CREATE TABLE at_orders AS
SELECT customer_id, ordered_on, amount FROM cdnow_sample
UNION ALL
SELECT customer_id, ordered_on + 7, -round(amount / 3, 2) FROM cdnow_sample WHERE customer_id % 13 = 0;
ALTER TABLE at_orders ADD amount_f8 float8, ADD amount_f4 real, ADD cents_i4 int, ADD cents_i8 bigint;
UPDATE at_orders SET amount_f8 = amount, amount_f4 = amount, cents_i4 = amount * 100, cents_i8 = amount * 100;

-- 1. every type gives the numeric column's summary (cents: revenue in cents, the rest equal)
CREATE TABLE at_summaries AS
SELECT customer_id,
       ltv_summary(ordered_on, amount, '1997-09-30') AS s_num,
       ltv_summary(ordered_on, amount_f8, '1997-09-30') AS s_f8,
       ltv_summary(ordered_on, amount_f4, '1997-09-30') AS s_f4,
       ltv_summary(ordered_on, cents_i4, '1997-09-30') AS s_i4,
       ltv_summary(ordered_on, cents_i8, '1997-09-30') AS s_i8
FROM at_orders GROUP BY customer_id;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE s_f8 = s_num) AS float8_same,
       count(*) FILTER (WHERE s_f4 = s_num) AS real_same,
       count(*) FILTER (WHERE (s_i4).revenue = 100 * (s_num).revenue AND (s_i4).x = (s_num).x
                          AND abs((s_i4).m_x - 100 * (s_num).m_x) < 1e-9 * (1 + (s_i4).m_x)) AS int_cents,
       count(*) FILTER (WHERE s_i8 = s_i4) AS bigint_same_as_int
FROM at_summaries;

-- 2. floats that are not short decimals: the sum is exactly the sum of their
-- shortest decimals (reference: float8out with extra_float_digits = 1, then numeric_in)
CREATE TABLE at_floats AS
SELECT i AS n, (i / 3.0::float8) * (CASE WHEN i % 5 = 0 THEN -1 ELSE 1 END) AS f8,
       (i / 7.0::float4) AS f4
FROM generate_series(1, 500) i
UNION ALL VALUES (501, 0.1::float8 + 0.2::float8, 0.1::real), (502, 1e15::float8 + 0.3, 1e-7::real),
                 (503, '-0'::float8, '-0'::real), (504, 2.5e-20::float8, 3.4e10::real);
SELECT (ltv_summary(date '2020-01-01' + n, f8, date '2022-01-01')).revenue = sum(f8::text::numeric) AS float8_exact,
       (ltv_summary(date '2020-01-01' + n, f4, date '2022-01-01')).revenue = sum(f4::text::numeric) AS real_exact,
       (ltv_summary(date '2020-01-01' + n, f8::numeric, date '2022-01-01')).revenue = sum(f8::text::numeric) AS cast_to_numeric_exact
FROM at_floats;
SELECT (ltv_summary(d, a, date '2020-12-31')).revenue AS float8_sum, sum(a::numeric) AS via_float8_numeric
FROM (VALUES (date '2020-01-01', 0.1::float8), ('2020-02-01', 0.2), ('2020-03-01', 0.30000000000000004)) v(d, a);

-- 3. integer columns resolve to the exact integer overloads, not to double precision
SELECT (ltv_summary(d, a, date '2020-12-31')).revenue AS bigint_sum, pg_typeof(a)
FROM (VALUES (date '2020-01-01', 4611686018427387905::bigint), ('2020-02-01', 1::bigint)) v(d, a) GROUP BY 2;
SELECT (ltv_summary(d, a, date '2020-12-31')).revenue AS smallint_sum
FROM (VALUES (date '2020-01-01', 7::smallint), ('2020-02-01', -2::smallint)) v(d, a);

-- 4. ltv_agg and the retention aggregates give the same result for every type
CREATE TABLE at_agg AS
SELECT ltv_agg(customer_id, ordered_on, amount, '1997-09-30') AS a_num,
       ltv_agg(customer_id, ordered_on, amount_f8, '1997-09-30') AS a_f8,
       ltv_agg(customer_id, ordered_on, amount_f4, '1997-09-30', ltv_agg_options(margin => 0.5)) AS a_f4,
       ltv_agg(customer_id, ordered_on, amount, '1997-09-30', ltv_agg_options(margin => 0.5)) AS a_num_half,
       ltv_agg(customer_id, ordered_on, cents_i8, '1997-09-30') AS a_i8,
       ltv_agg(customer_id, ordered_on, cents_i4, '1997-09-30') AS a_i4
FROM at_orders;
SELECT (a_f8).revenue = (a_num).revenue AS revenue, (a_f8).model::text = (a_num).model::text AS model,
       (a_f8).predicted_ltv = (a_num).predicted_ltv AS predicted,
       (a_f4).predicted_ltv = (a_num_half).predicted_ltv AS real_predicted,
       (a_i8).revenue = 100 * (a_num).revenue AND (a_i4).revenue = (a_i8).revenue AS cents,
       (a_i8).customers = (a_num).customers AND (a_i8).repeat_customers = (a_num).repeat_customers AS counts
FROM at_agg;
SELECT retention_triangle(customer_id, ordered_on, amount_f8, '1 month', date '1997-09-30')::text
         = retention_triangle(customer_id, ordered_on, amount, '1 month', date '1997-09-30')::text AS triangle_f8,
       retention_triangle(customer_id, ordered_on, cents_i4, '1 month', date '1997-09-30', 'on_or_after')::text
         = retention_triangle(customer_id, ordered_on, amount, '1 month', date '1997-09-30', 'on_or_after')::text AS triangle_i4,
       retention_rate(customer_id, ordered_on, amount_f4, '1 month', date '1997-09-30')::text
         = retention_rate(customer_id, ordered_on, amount, '1 month', date '1997-09-30')::text AS curve_f4,
       retention_rate(customer_id, ordered_on, cents_i8, '1 month', date '1997-09-30', 'on', date '1997-01-15')::text
         = retention_rate(customer_id, ordered_on, amount, '1 month', date '1997-09-30', 'on', date '1997-01-15')::text AS curve_i8
FROM at_orders;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE f8::text = num::text AND f4::text = num::text AND i4::text = num::text
                          AND i8::text = num::text AND f8o::text = numo::text) AS same_activity
FROM (SELECT customer_id, retention_activity(ordered_on, amount, '1 month') AS num,
             retention_activity(ordered_on, amount_f8, '1 month') AS f8,
             retention_activity(ordered_on, amount_f4, '1 month') AS f4,
             retention_activity(ordered_on, cents_i4, '1 month') AS i4,
             retention_activity(ordered_on, cents_i8, '1 month') AS i8,
             retention_activity(ordered_on, amount_f8, '7 days', date '1997-01-06') AS f8o,
             retention_activity(ordered_on, amount, '7 days', date '1997-01-06') AS numo
      FROM at_orders GROUP BY customer_id) x;

-- 5. errors: non-finite floats, floats beyond 38 decimals
SELECT expect_error($$SELECT ltv_summary(d, 'NaN'::float8, d) FROM (VALUES (date '2020-01-01')) v(d)$$);
SELECT expect_error($$SELECT ltv_summary(d, '-Infinity'::real, d) FROM (VALUES (date '2020-01-01')) v(d)$$);
SELECT expect_error($$SELECT ltv_agg(1, d, 'Infinity'::float8, d) FROM (VALUES (date '2020-01-01')) v(d)$$);
SELECT expect_error($$SELECT ltv_summary(d, 1e-300::float8, d) FROM (VALUES (date '2020-01-01')) v(d)$$);
SELECT expect_error($$SELECT ltv_summary(d, 1e300::float8, d) FROM (VALUES (date '2020-01-01')) v(d)$$);
SELECT expect_error($$SELECT retention_activity(d, 'NaN'::real, '1 month') FROM (VALUES (date '2020-01-01')) v(d)$$);
SELECT expect_error($$SELECT retention_triangle(1, d, 'Infinity'::float8, '1 month', d) FROM (VALUES (date '2020-01-01')) v(d)$$);
RESET extra_float_digits;
