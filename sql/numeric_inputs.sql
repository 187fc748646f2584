-- Numeric inputs without the text round trip of the numeric -> float8 cast
-- (issue 14 item 4): RFM recency, frequency and monetary and churn durations
-- given as numeric (what extract() and sums of numeric columns return).
--
-- 1. The plans call the numeric overloads: no cast to double precision is left
--    in them (1.0 had only float8 recency and frequency, so PostgreSQL added
--    numeric_float8, which prints and parses every value).
-- 2. The direct conversion is exactly the cast: every distinct value of the
--    states equals the float8-cast one, for integers, scales of 2 and 6, the
--    20-digit quotients of extract(epoch ...) / 86400, values that lie exactly
--    halfway between two doubles (2^53 + 1: ties to even) and beyond the fast
--    paths (40 digits, exponents past 10^27).
\i test/sql/helpers.sql

CREATE TABLE numeric_values AS
SELECT i,
       (i % 731)::numeric AS days,
       round((i * 7919 % 100003)::numeric / 7, 2) AS cents,
       extract(epoch FROM interval '1 second' * (i * 104729 % 90000000)) / 86400 AS epoch_days,
       round((i % 97)::numeric / 3, 6) AS scale6,
       CASE i % 6 WHEN 0 THEN 9007199254740993 WHEN 1 THEN 9007199254740995
                  WHEN 2 THEN 1.000000000000000111022302462515654042
                  WHEN 3 THEN 123456789012345678901234567890.123456789
                  WHEN 4 THEN 0.000000000000000000000000000001234567891234
                  ELSE 18446744073709551615 END AS awkward,
       (i % 13)::float8 AS f1
FROM generate_series(1, 20000) i;
CREATE TABLE numeric_cuts AS
SELECT rfm_custom_thresholds('{1,2,3,4}', '{1,2,3,4}', '{1,2,3,4}') AS t;
SELECT scale(epoch_days) AS epoch_days_scale, length(epoch_days::text) AS epoch_days_digits
FROM numeric_values WHERE i = 12345;

-- 1. the plans: no double precision cast
CREATE FUNCTION plan_of(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    result text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
        result := result || line || E'\n';
    END LOOP;
    RETURN result;
END $$;
-- (a cast of a column to double precision; the defaults print as NULL::double precision[])
SELECT q, plan_of(q) !~ '\([a-z_.0-9]+\)::double precision' AS no_float8_cast
FROM (VALUES
  ('SELECT rfm_thresholds(epoch_days, days, cents) FROM numeric_values'),
  ('SELECT rfm_thresholds(epoch_days, f1, f1, 4) FROM numeric_values'),
  ('SELECT rfm_state_agg(days, days, days) FROM numeric_values'),
  ('SELECT rfm_state_agg(make_interval(days => i), days, cents, 3) FROM numeric_values'),
  ('SELECT rfm_score(epoch_days, days, cents, t) FROM numeric_values, numeric_cuts'),
  ('SELECT rfm_score(f1, days, f1, t) FROM numeric_values, numeric_cuts'),
  ('SELECT churn_curve(epoch_days, i % 2 = 0) FROM numeric_values')) v(q)
ORDER BY q;

-- 2. every value as the cast reads it
SELECT c AS column_name,
       (SELECT format('%s', rfm_state_agg(v, v, v)::text = rfm_state_agg(v::float8, v::float8, v::float8)::text)
        FROM (SELECT (to_jsonb(n) ->> c)::numeric AS v FROM numeric_values n) s) AS rfm_state_equal,
       (SELECT churn_curve(v, i % 3 = 0)::text = churn_curve(v::float8, i % 3 = 0)::text
        FROM (SELECT i, (to_jsonb(n) ->> c)::numeric AS v FROM numeric_values n) s) AS churn_equal
FROM unnest('{days,cents,epoch_days,scale6,awkward}'::text[]) c
ORDER BY c;
SELECT count(*) AS customers,
       count(*) FILTER (WHERE rfm_score(epoch_days, scale6, cents, t)::text
                              = rfm_score(epoch_days::float8, scale6::float8, cents::float8, t)::text) AS same_scores
FROM numeric_values, (SELECT rfm_thresholds(epoch_days, scale6, cents) AS t FROM numeric_values) th;
SELECT rfm_thresholds(epoch_days, scale6, cents)::text = rfm_thresholds(epoch_days::float8, scale6::float8, cents::float8)::text
       AS same_thresholds
FROM numeric_values;
-- 2^53 + 1 and 2^53 + 3 round to even, as strtod does (shortest exact output)
SET extra_float_digits = 1;
SELECT v, ltv_numeric_reads_as
FROM (SELECT DISTINCT awkward AS v FROM numeric_values WHERE i % 6 IN (0, 1)) s,
     LATERAL (SELECT (rfm_thresholds(x, x, x, 2)).recency[1]::text AS ltv_numeric_reads_as
              FROM (VALUES (v)) t(x)) r
ORDER BY v;
RESET extra_float_digits;
-- errors as before: NaN and infinities are not finite, negative values are refused
SELECT expect_error($$SELECT rfm_thresholds('NaN'::numeric, 1::numeric, 1::numeric)$$);
SELECT expect_error($$SELECT rfm_thresholds(1::numeric, '-Infinity'::numeric, 1)$$);
SELECT expect_error($$SELECT rfm_thresholds(-1::numeric, 1, 1)$$);
SELECT expect_error($$SELECT churn_curve('NaN'::numeric, true)$$);
SELECT expect_error($$SELECT churn_curve(-0.5::numeric, true)$$);
