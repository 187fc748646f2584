-- ltv_summary's numeric results (revenue, refund_amount) are built in
-- numeric's format directly, without printing and parsing them (issue 14
-- item 2: leader-side work of parallel plans).  They must be the very values
-- numeric_in makes of the decimal string: the same binary form (numeric_send:
-- digits, weight, sign, dscale) and text, for every sign, scale 0 .. 16 (the
-- direct path) and beyond (the string path), zero with a scale, values with
-- leading and trailing zero digits, at the limits of 64 bits and past them;
-- and equal to sum(amount).
\i test/sql/helpers.sql

CREATE TABLE summary_numeric_amounts AS
SELECT g AS customer_id, a AS amount
FROM (VALUES
  (1, 12.34::numeric), (1, -2.30), (2, 0), (3, 0.00), (4, -0.05), (4, 0.05),
  (5, 10000), (6, 100000000), (7, 0.0001), (8, 0.00010000), (9, 1234567.8901234567),
  (10, 0.0000000000000001), (11, 0.00000000000000001), (12, 9223372036854775807),
  (13, 92233720368547758.07), (14, 922337203685477580.8), (15, 99999999999999999999.99),
  (16, -9999.9999), (16, 0.0001), (17, 123456789012345678901234567890.12), (18, 5e-38), (19, 1.10),
  (20, 100.0000), (21, 0.5), (21, 0.5)) v(g, a)
UNION ALL
-- 2000 customers of random amounts at scales 0 .. 6
SELECT 100 + i % 2000, round(((abs(hashint4(i)) % 2000000) - 500000)::numeric / 1000, i % 7)
FROM generate_series(1, 20000) i;

CREATE TABLE summary_numeric_results AS
SELECT customer_id, ltv_summary(now(), amount, now()) AS s, sum(amount) AS total,
       sum(-amount) FILTER (WHERE amount < 0) AS refunded
FROM summary_numeric_amounts GROUP BY customer_id;

SELECT customer_id, (s).revenue, (s).refund_amount, scale((s).revenue) AS scale
FROM summary_numeric_results WHERE customer_id < 100 ORDER BY customer_id;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE numeric_send((s).revenue) = numeric_send((s).revenue::text::numeric)
                          AND (s).revenue::text = total::text) AS revenue_as_numeric_in_makes_it,
       count(*) FILTER (WHERE numeric_send((s).refund_amount) = numeric_send((s).refund_amount::text::numeric)
                          AND (s).refund_amount = coalesce(refunded, 0)) AS refunds_as_numeric_in_makes_them
FROM summary_numeric_results;
-- and the same header (short or long) and length: stored side by side
CREATE TABLE summary_numeric_stored AS
SELECT (s).revenue AS ours, (s).revenue::text::numeric AS parsed,
       (s).refund_amount AS ours_refunds, (s).refund_amount::text::numeric AS parsed_refunds
FROM summary_numeric_results;
SELECT count(*) FILTER (WHERE pg_column_size(ours) = pg_column_size(parsed)
                          AND pg_column_size(ours_refunds) = pg_column_size(parsed_refunds)) AS same_sizes,
       count(*) AS customers
FROM summary_numeric_stored;
