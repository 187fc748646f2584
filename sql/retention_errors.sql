-- Retention: errors (SQLSTATE, message, detail, hint) and strict input validation.
\i test/sql/helpers.sql

CREATE TABLE ret_err_orders (customer_id bigint, ordered_at timestamptz, amount numeric);
INSERT INTO ret_err_orders VALUES (1, '2021-01-05 10:00+00', 10), (2, '2021-02-05 10:00+00', 'NaN');

-- retention_rate(S, E, N): counts that make no sense
SELECT expect_error($$SELECT retention_rate(-1, 5, 0)$$);
SELECT expect_error($$SELECT retention_rate(10, 5, 6)$$);
SELECT expect_error($$SELECT retention_rate(10, 25, 4)$$);

-- periods, modes, amounts, times
SELECT expect_error($$SELECT retention_activity(now(), 1, '0 days')$$);
SELECT expect_error($$SELECT retention_activity(now(), 1, '-1 month')$$);
SELECT expect_error($$SELECT retention_activity(ordered_at, amount, '1 month') FROM ret_err_orders$$);
SELECT expect_error($$SELECT retention_activity('infinity'::timestamptz, 1, '1 month')$$);
SELECT expect_error($$SELECT retention_activity(1, 1, '1 month')$$);
SELECT expect_error($$SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-04-01'::timestamptz, 'sometimes') FROM ret_err_orders$$);
SELECT expect_error($$SELECT retention_rate(customer_id, ordered_at, 1, '1 month', 'infinity'::timestamptz) FROM ret_err_orders$$);
-- one call, one grid: period and as_of must not vary between rows
SELECT expect_error($$SELECT retention_rate(customer_id, ordered_at, 1, (customer_id || ' month')::interval, '2021-04-01'::timestamptz) FROM ret_err_orders$$);
SELECT expect_error($$SELECT retention_rate(customer_id, ordered_at, 1, '1 month', ordered_at + interval '1 day') FROM ret_err_orders$$);
-- a customer_id type without hashing
SELECT expect_error($$SELECT retention_rate(point(1, 2), '2021-01-01'::timestamptz, 1, '1 month', '2021-04-01'::timestamptz)$$);
-- too many periods: one-second periods over ten years
SELECT expect_error($$SELECT retention_activity(ts, 1, '1 second') FROM (VALUES ('2000-01-01'::timestamp), ('2010-01-01')) v(ts)$$);
SELECT expect_error($$SELECT retention_triangle(c, ts, 1, '1 hour', '2020-01-01'::timestamp) FROM (VALUES (1, '2000-01-01'::timestamp)) v(c, ts)$$);

-- values built on different grids cannot be mixed
SELECT expect_error($$SELECT retention_activity_merge(
    'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0',
    'v2 utc months=0 days=7 usecs=0 origin=0 start=1096 first=1096 periods=0')$$);
SELECT expect_error($$SELECT retention_activity_merge(
    'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0',
    'v2 local months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0')$$);
SELECT expect_error($$SELECT retention_rate(a, '2021-06-01'::timestamptz) FROM (VALUES
    ('v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity),
    ('v2 utc months=1 days=0 usecs=0 origin=172800000000 start=252 first=252 periods=0')) v(a)$$);
-- as_of of the other time kind
SELECT expect_error($$SELECT retention_rate('v2 local months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity, '2021-06-01'::timestamptz)$$);
SELECT expect_error($$SELECT retention_rate('v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity, '2021-06-01'::timestamp)$$);
SELECT expect_error($$SELECT retention_rate(a, '2021-06-01'::timestamptz, m) FROM (VALUES
    ('v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity, 'on'),
    ('v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0', 'on_or_after')) v(a, m)$$);
SELECT expect_error($$SELECT retention_curve_combine(
    'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset=1 hits=0',
    'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on_or_after by_offset=1 hits=0')$$);

-- retention_activity text input: every field is checked
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 first=252 periods=0'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 gmt months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=0 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=-1 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=1,2'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0,3,2'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0,'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0 '::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 first=252 periods=0'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=99999999999 first=99999999999 periods=0'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0,16777216'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=99999999999 days=0 usecs=0 origin=0 start=252 first=252 periods=0'::retention_activity$$);
-- the first purchase must be one of the periods, at or after start
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=251 periods=0,2'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=253 periods=0,2'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=255 periods=0,2'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=-9223372036854775808 first=9223372036854775807 periods=0'::retention_activity$$);
SELECT expect_error($$SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=nothing periods=0'::retention_activity$$);
SELECT expect_error($$SELECT ''::retention_activity$$);
-- valid: zero-amount periods before the first purchase, and no purchase yet
SELECT 'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=254 periods=0,2,5'::retention_activity::text AS before_first,
       'v2 local months=1 days=0 usecs=0 origin=0 start=252 first=none periods=0,70'::retention_activity::text AS no_purchase;

-- retention_curve text input
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset=1 hits=2'::retention_curve$$);
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset=1,0 hits=0,0'::retention_curve$$);
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset=1 hits=0,0'::retention_curve$$);
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=maybe by_offset=1 hits=0'::retention_curve$$);
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset=-1 hits=0'::retention_curve$$);
SELECT expect_error($$SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset=1 hits=0 x'::retention_curve$$);
SELECT expect_error($$SELECT 'v9 utc months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset=1 hits=0'::retention_curve$$);
-- an empty curve is valid
SELECT 'v1 local months=1 days=0 usecs=0 origin=0 as_of=0 mode=on by_offset= hits='::retention_curve;

DROP TABLE ret_err_orders;
