-- Issue 10, item 1: merging valid values must not wrap a 64-bit count.  Each
-- merge checks that the merged total still fits; before the fix the rfm_state
-- count wrapped negative and rfm_thresholds read past the runs (SIGSEGV, or
-- cut points made of heap bytes), churn_curve merges gave negative counts and
-- retention_curve_combine negative customers.
\i test/sql/helpers.sql

-- rfm_state: 1,025 copies of a state whose one run counts 2^53 - 1 values
-- (the largest total a state may hold, LTV_QUANTILE_MAX_TOTAL) plus an ordinary state
SELECT expect_error($$
SELECT rfm_thresholds(rfm_state_merge(s)) FROM (
  SELECT '01000005000000013ff0000000000000001fffffffffffff0000000000000000'::rfm_state s FROM generate_series(1,1025)
  UNION ALL SELECT rfm_state_agg(g::float8, NULL::float8, NULL::float8) FROM generate_series(2,500) g) q$$);
-- two of them are already too many; the combine function alone says so too
SELECT expect_error($$SELECT rfm_state_combine(s, s) FROM (SELECT
  '01000005000000013ff0000000000000001fffffffffffff0000000000000000'::rfm_state s) q$$);
-- up to the limit the merge works: 2^52 + (2^52 - 1) values, the cuts are the value
SELECT rfm_thresholds(rfm_state_combine(
  '01000005000000013ff000000000000000100000000000000000000000000000'::rfm_state,
  '01000005000000014000000000000000000fffffffffffff0000000000000000'::rfm_state));

-- churn_curve: one entry's count, and the total over entries, must fit a bigint
SELECT expect_error($$SELECT churn_curve(c) FROM (VALUES ('v1 1:9223372036854775807:0'::churn_curve), ('v1 1:1:0')) v(c)$$);
SELECT expect_error($$SELECT churn_curve(c) FROM (VALUES ('v1 1:9223372036854775807:0'::churn_curve), ('v1 2:1:0')) v(c)$$);
SELECT expect_error($$SELECT churn_curve(c) FROM (VALUES ('v1 1:4611686018427387904:0'::churn_curve), ('v1 1:0:4611686018427387904')) v(c)$$);
SELECT churn_curve(c) FROM (VALUES ('v1 1:9223372036854775806:0'::churn_curve), ('v1 2:1:0')) v(c);
SELECT churn_curve(c) FROM (VALUES ('v1 1:9223372036854775000:0'::churn_curve), ('v1 1:800:7')) v(c);

-- retention_curve_combine: the customers (sum of by_offset) must fit a bigint
SELECT expect_error($$SELECT retention_curve_combine(c, c) FROM (SELECT
  'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=0,4611686018427387904 hits=3,0'::retention_curve c) s$$);
SELECT expect_error($$SELECT retention_curve_points(retention_curve_combine(a, b)) FROM (SELECT
  'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=0,9223372036854775807 hits=3,0'::retention_curve a,
  'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=0,0,3 hits=3,0,0'::retention_curve b) s$$);
SELECT retention_curve_points(retention_curve_combine(a, b)) FROM (SELECT
  'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=0,9223372036854775804 hits=3,0'::retention_curve a,
  'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=0,0,3 hits=3,0,0'::retention_curve b) s;
-- a stored value whose customers overflow is rejected on input
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=0,9223372036854775807,1 hits=0,0,0'::retention_curve$$);
