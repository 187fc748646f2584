-- Retention: hand-computed small cases.
-- Reference: every expected number below is counted by hand from the orders
-- listed in the comments (monthly periods, as_of 2021-04-15 00:00 UTC, so
-- April is the unfinished period and January..March have fully elapsed).
\i test/sql/helpers.sql

-- (E - N) / S: 90 at the end of which 20 are new, 100 at the start -> 0.7
SELECT retention_rate(100, 90, 20) AS rate, retention_rate(10, 10, 0) AS all_kept,
       retention_rate(10, 5, 5) AS none_kept, retention_rate(0, 3, 3) AS no_start,
       retention_rate(NULL, 3, 3) AS null_in;

-- Orders.  c1: Jan, Feb, (gap in Mar), Apr (unfinished), and an order after as_of
--          c2: Jan, and a refund in Mar (not activity)
--          c3: Feb, Mar, and an order after as_of (May)
--          c4: a refund only (never a customer)
--          c5: Apr only (first period unfinished)
--          c6: an order after as_of only (not a customer yet)
--          c7: a purchase at 23:30 UTC on 31 January (February in Tokyo)
--          c9: Jan, Mar (a gap in Feb)
--          c10: amount 0 in Jan, then a purchase in Feb: the cohort is Feb (the
--               zero-amount order precedes the first purchase: not activity)
--          c11: amount 0 in Jan and Mar, no purchase: no cohort
--          c12: a purchase in Jan, amount 0 in Mar (activity without revenue)
--          c13: amount 0 in Mar, its first purchase in May, after as_of: no cohort
--               as of 2021-04-15 (one-shot, and level 2 where its cohort is May)
--          and rows with NULLs, which are skipped
CREATE TABLE ret_orders (customer_id bigint, ordered_at timestamptz, amount numeric);
INSERT INTO ret_orders VALUES
  (1, '2021-01-05 10:00+00', 10), (1, '2021-02-05 10:00+00', 10), (1, '2021-04-10 10:00+00', 5),
  (1, '2021-04-20 10:00+00', 5),
  (2, '2021-01-20 10:00+00', 3), (2, '2021-03-01 10:00+00', -3),
  (3, '2021-02-02 10:00+00', 1), (3, '2021-03-03 10:00+00', 1), (3, '2021-05-02 10:00+00', 1),
  (4, '2021-03-20 10:00+00', -5),
  (5, '2021-04-02 10:00+00', 7),
  (6, '2021-06-01 10:00+00', 7),
  (7, '2021-01-31 23:30+00', 2),
  (9, '2021-01-10 10:00+00', 4), (9, '2021-03-10 10:00+00', 4),
  (10, '2021-01-10 10:00+00', 0), (10, '2021-02-12 10:00+00', 6),
  (11, '2021-01-15 10:00+00', 0), (11, '2021-03-01 10:00+00', 0),
  (12, '2021-01-03 10:00+00', 8), (12, '2021-03-05 10:00+00', 0),
  (13, '2021-03-10 10:00+00', 0), (13, '2021-05-03 10:00+00', 5),
  (8, NULL, 5), (8, '2021-01-01 10:00+00', NULL), (NULL, '2021-01-01 10:00+00', 5);

-- Level 1: the activity of each customer (start, first = months since 2000-01;
-- Jan 2021 = 252; periods relative to start).  c10 starts in Jan (a zero-amount
-- order) with its first purchase in Feb; c11 has no purchase (first=none).
SELECT customer_id, retention_activity(ordered_at, amount, '1 month') AS activity
FROM ret_orders GROUP BY customer_id ORDER BY customer_id;

-- Cohorts: Jan c1 c2 c7 c9 c12, Feb c3 c10, Apr c5 (c4, c11: none; c6: after as_of).
-- One-shot curve, mode 'on'.  k = 0: 8 customers started, 7 with January..March
-- first periods eligible, all retained.  k = 1: eligible = first <= Feb (7),
-- retained c1 (Feb), c3 (Mar) -> 2/7 (c10's January zero is before its cohort).
-- k = 2: eligible = first <= Jan (5), retained c9 (Mar), c12 (Mar, amount 0) -> 0.4.
-- k = 3: April unfinished for everyone -> NULL.
SELECT (unnest(retention_rate(customer_id, ordered_at, amount, '1 month',
                              '2021-04-15 00:00+00'::timestamptz))).*
FROM ret_orders;

-- 'on_or_after': k = 1 retains c1 (Feb), c3 (Mar), c9 (Mar), c12 (Mar) -> 4/7;
-- k = 2 c9, c12 -> 0.4 (c1's April purchase is in the unfinished period and not counted)
SELECT (unnest(retention_rate(customer_id, ordered_at, amount, '1 month',
                              '2021-04-15 00:00+00'::timestamptz, 'on_or_after'))).*
FROM ret_orders;

-- The triangle: January (c1 c2 c7 c9 c12): 5 / 1 / 2 / (1 so far, unfinished);
-- February (c3 c10): 2 / 1 / (0 so far); April (c5): (1, unfinished)
SELECT (unnest(retention_triangle(customer_id, ordered_at, amount, '1 month',
                                  '2021-04-15 00:00+00'::timestamptz))).*
FROM ret_orders ORDER BY 1, 2;

-- on_or_after triangle: January k = 1 keeps c1 (Feb), c9 (Mar), c12 (Mar); k = 2 c9, c12
SELECT (unnest(retention_triangle(customer_id, ordered_at, amount, '1 month',
                                  '2021-04-15 00:00+00'::timestamptz, 'on_or_after'))).*
FROM ret_orders ORDER BY 1, 2;

-- Time zones: in Tokyo c7's order (23:30 UTC, 31 January) is on 1 February,
-- so the January cohort is c1 c2 c9 c12 (4 / 1 / 2 / 1) and February c3 c7 c10 (3 / 1 / 0).
SELECT (unnest(retention_triangle(customer_id, ordered_at AT TIME ZONE 'Asia/Tokyo', amount,
                                  '1 month', '2021-04-15 00:00'::timestamp))).*
FROM ret_orders ORDER BY 1, 2;
-- The session time zone does not move timestamptz buckets (UTC)
SET TimeZone = 'Asia/Tokyo';
SELECT x.cohort_start, x.cohort_size
FROM unnest((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month',
                                       '2021-04-15 09:00+09'::timestamptz) FROM ret_orders)) AS x
WHERE x.k = 0 ORDER BY 1;
SET TimeZone = 'UTC';

-- as_of exactly on a period boundary: March has fully elapsed at 2021-04-01 00:00,
-- and c5's April order is after as_of (c5 is not a customer yet): 7 customers,
-- k = 1: 2 of 7, k = 2: 2 of 5 (c9, c12), k = 3: nobody eligible
SELECT (unnest(retention_rate(customer_id, ordered_at, amount, '1 month',
                              '2021-04-01 00:00+00'::timestamptz))).*
FROM ret_orders;

-- Level 2 over stored activities gives the same curve as the one-shot form
CREATE TABLE ret_activity AS
SELECT customer_id, retention_activity(ordered_at, amount, '1 month') AS activity
FROM ret_orders WHERE ordered_at <= '2021-04-15 00:00+00' AND customer_id IS NOT NULL
GROUP BY customer_id;
SELECT (SELECT retention_rate(activity, '2021-04-15 00:00+00'::timestamptz) FROM ret_activity)
     = (SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-04-15 00:00+00'::timestamptz)
        FROM ret_orders) AS level2_equals_one_shot;
-- ... also when the activities include orders after as_of (only elapsed periods count)
SELECT (SELECT retention_rate(activity, '2021-04-15 00:00+00'::timestamptz, 'on_or_after')
        FROM (SELECT retention_activity(ordered_at, amount, '1 month') AS activity
              FROM ret_orders WHERE customer_id IS NOT NULL GROUP BY customer_id) s)
     = (SELECT retention_rate(customer_id, ordered_at, amount, '1 month',
                              '2021-04-15 00:00+00'::timestamptz, 'on_or_after')
        FROM ret_orders) AS level2_ignores_later_orders;
-- Level 2 by cohort: the triangle's cells as curves (elapsed cells agree; the
-- unfinished cell has eligible = 0 and no rate).  c11 (no purchase) and c4
-- (refunds only) have no cohort: their NULL group has no points.
SELECT retention_cohort(activity) AS cohort, (unnest(retention_rate(activity, '2021-04-15 00:00+00'::timestamptz))).*
FROM ret_activity GROUP BY 1 ORDER BY 1, 2;

-- Accessors, and the union aggregate (c1's activity merged with later orders)
SELECT customer_id, retention_cohort(activity), retention_periods(activity)
FROM ret_activity ORDER BY 1;
SELECT retention_activity_union(a) AS merged, retention_periods(retention_activity_union(a))
FROM (SELECT activity FROM ret_activity WHERE customer_id = 1
      UNION ALL SELECT retention_activity(ordered_at, amount, '1 month') FROM ret_orders
                WHERE customer_id = 1 AND ordered_at > '2021-04-15'
      UNION ALL SELECT retention_activity('2020-11-11'::timestamptz, 1, '1 month')) AS s(a);
-- merging with an earlier first period moves the cohort: periods 250, 252, 253, 255, 314
SELECT retention_activity_merge(
         'v2 utc months=1 days=0 usecs=0 origin=0 start=252 first=252 periods=0,1,3',
         'v2 utc months=1 days=0 usecs=0 origin=0 start=250 first=250 periods=0,64') AS merged;

-- Zero amounts before the first purchase.  c11 (zero-amount orders in Jan and
-- Mar, no purchase) has an activity without a cohort; it counts nowhere.
SELECT a AS c11, retention_cohort(a) AS cohort, retention_periods(a) AS periods
FROM (SELECT retention_activity(ordered_at, amount, '1 month') FROM ret_orders WHERE customer_id = 11) s(a);
SELECT retention_rate(activity, '2021-04-15 00:00+00'::timestamptz) AS c11_level2,
       (SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-04-15 00:00+00'::timestamptz)
        FROM ret_orders WHERE customer_id = 11) IS NULL AS c11_one_shot_is_null,
       (SELECT retention_triangle(customer_id, ordered_at, amount, '1 month', '2021-04-15 00:00+00'::timestamptz)
        FROM ret_orders WHERE customer_id = 11) IS NULL AS c11_triangle_is_null
FROM ret_activity WHERE customer_id = 11;
-- c11's zero-amount periods become activity once merged with a purchase before
-- them: a purchase in Feb makes the cohort Feb and March's zero k = 1 (January's
-- zero precedes the cohort); a purchase in Dec 2020 makes both zeros activity
-- (k = 1 and 3).  Either order of the arguments gives the same value.
SELECT retention_periods(m1) AS feb_purchase, retention_cohort(m1) AS feb_cohort,
       retention_periods(m2) AS dec_purchase, retention_cohort(m2) AS dec_cohort,
       m1::text = retention_activity_merge(p1, z)::text AND m2::text = retention_activity_merge(p2, z)::text
         AS order_independent,
       m1::text = (SELECT retention_activity(ordered_at, amount, '1 month')::text
                   FROM (SELECT ordered_at, amount FROM ret_orders WHERE customer_id = 11
                         UNION ALL SELECT '2021-02-20 10:00+00', 3) o) AS feb_equals_all_rows,
       m2::text = (SELECT retention_activity(ordered_at, amount, '1 month')::text
                   FROM (SELECT ordered_at, amount FROM ret_orders WHERE customer_id = 11
                         UNION ALL SELECT '2020-12-20 10:00+00', 3) o) AS dec_equals_all_rows
FROM (SELECT z, p1, p2, retention_activity_merge(z, p1) AS m1, retention_activity_merge(z, p2) AS m2
      FROM (SELECT activity FROM ret_activity WHERE customer_id = 11) s(z),
           LATERAL (SELECT retention_activity('2021-02-20 10:00+00'::timestamptz, 3, '1 month'),
                           retention_activity('2020-12-20 10:00+00'::timestamptz, 3, '1 month')) t(p1, p2)) u;
-- The union of the activities of any split of a customer's rows equals the
-- activity of all of them (in both orders): split by amount (zero / non-zero),
-- by time (before / from February), and by a hash of the row.
SELECT split, count(*) AS customers,
       count(*) FILTER (WHERE u1 IS DISTINCT FROM whole OR u2 IS DISTINCT FROM whole) AS mismatches
FROM (SELECT s.split, s.customer_id,
             (SELECT retention_activity_union(v)::text FROM (VALUES (s.x), (s.y)) w(v)) AS u1,
             (SELECT retention_activity_union(v)::text FROM (VALUES (s.y), (s.x)) w(v)) AS u2,
             (SELECT retention_activity(ordered_at, amount, '1 month')::text
              FROM ret_orders o WHERE o.customer_id = s.customer_id) AS whole
      FROM (SELECT split, customer_id,
                   retention_activity(ordered_at, amount, '1 month') FILTER (WHERE side) AS x,
                   retention_activity(ordered_at, amount, '1 month') FILTER (WHERE NOT side) AS y
            FROM ret_orders,
                 LATERAL (VALUES ('amount', amount = 0), ('time', ordered_at < '2021-02-01'),
                                 ('hash', md5(ordered_at::text) < '8')) AS v(split, side)
            WHERE customer_id IS NOT NULL
            GROUP BY 1, 2) s) t
GROUP BY split ORDER BY split;

-- Weeks from a Monday origin (2021-01-04) versus the default Saturday weeks
SELECT retention_cohort(retention_activity(d, 1, '7 days')) AS saturday_week,
       retention_cohort(retention_activity(d, 1, '7 days', '2021-01-04'::date)) AS monday_week
FROM (VALUES ('2021-01-06'::date)) AS v(d);

-- Empty groups and NULLs: no customer -> NULL
SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-04-15 00:00+00'::timestamptz) IS NULL AS no_rows,
       retention_triangle(customer_id, ordered_at, amount, '1 month', '2021-04-15 00:00+00'::timestamptz) IS NULL AS no_rows_triangle
FROM ret_orders WHERE false;
SELECT retention_rate(customer_id, ordered_at, amount, '1 month', '2021-04-15 00:00+00'::timestamptz) IS NULL AS refunds_only,
       retention_activity(ordered_at, amount, '1 month') IS NULL AS refunds_only_activity
FROM ret_orders WHERE customer_id = 4;
SELECT retention_rate(activity, '2021-04-15 00:00+00'::timestamptz) IS NULL AS no_activities
FROM ret_activity WHERE false;
SELECT retention_rate(activity, NULL::timestamptz) IS NULL AS null_as_of FROM ret_activity;
-- a customer whose first period is after as_of is not counted: an empty curve
SELECT retention_rate(activity, '2020-01-01 00:00+00'::timestamptz) AS before_everyone FROM ret_activity;

-- Dates and the far past and future: periods of 100 years counted from 2000:
-- c1 buys in periods -19 (year 100) and -18 (250), c2 in 30 (5000) and 79
-- (9999, the period of as_of, unfinished); so c1 reaches k = 0..98, c2 k = 0..49.
SELECT x.*
FROM unnest((SELECT retention_rate(c, d, 1, '100 years', '9999-12-31'::date)
             FROM (VALUES (1, '0100-01-01'::date), (1, '0250-06-01'), (2, '5000-01-01'),
                          (2, '9999-12-30')) AS v(c, d))) AS x
WHERE x.k IN (0, 1, 2, 48, 49, 50, 97, 98) ORDER BY x.k;
SELECT pg_catalog.cardinality(retention_rate(c, d, 1, '100 years', '9999-12-31'::date)) AS points
FROM (VALUES (1, '0100-01-01'::date), (2, '9999-12-30')) AS v(c, d);
SELECT retention_activity(ts, 1, '1 year') AS far
FROM (VALUES ('4713-01-01 00:00 BC'::timestamp), ('294276-01-01 00:00'::timestamp)) AS v(ts);

-- customer_id of any hashable type: text and uuid
SELECT (unnest(retention_rate(customer_id::text, ordered_at, amount, '1 month',
                              '2021-04-15 00:00+00'::timestamptz))).retained
FROM ret_orders;
SELECT (unnest(retention_rate(md5(customer_id::text)::uuid, ordered_at, amount, '1 month',
                              '2021-04-15 00:00+00'::timestamptz))).retained
FROM ret_orders;

-- Text form round trip, and binary send/recv round trip through COPY BINARY
SELECT activity::text::retention_activity::text = activity::text AS text_round_trip
FROM ret_activity WHERE activity IS NOT NULL ORDER BY customer_id;
CREATE TABLE ret_copy (customer_id bigint, activity retention_activity);
\copy (SELECT customer_id, activity FROM ret_activity) TO 'results/retention_activity.bin' WITH (FORMAT binary)
\copy ret_copy FROM 'results/retention_activity.bin' WITH (FORMAT binary)
SELECT count(*) AS rows, bool_and(c.activity::text IS NOT DISTINCT FROM a.activity::text) AS binary_round_trip
FROM ret_copy c JOIN ret_activity a USING (customer_id);
-- a curve state typed in by hand
SELECT c::text::retention_curve::text = c::text AS curve_text_round_trip
FROM (SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=1,0,1,4 hits=5,2,1,0'::retention_curve AS c) s;
SELECT retention_curve_points('v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=1,0,1,4 hits=5,2,1,0');
CREATE TABLE ret_curve_copy (c retention_curve);
\copy (SELECT 'v1 utc months=1 days=0 usecs=0 origin=0 as_of=670636800000000 mode=on by_offset=1,0,1,4 hits=5,2,1,0'::retention_curve) TO 'results/retention_curve.bin' WITH (FORMAT binary)
\copy ret_curve_copy FROM 'results/retention_curve.bin' WITH (FORMAT binary)
SELECT c::text AS curve_binary_round_trip FROM ret_curve_copy;

-- The text heatmap
SELECT * FROM retention_heatmap((SELECT retention_triangle(customer_id, ordered_at, amount, '1 month',
                                                           '2021-04-15 00:00+00'::timestamptz) FROM ret_orders));
SELECT count(*) AS empty_heatmap FROM retention_heatmap(NULL::retention_cell[]);

DROP TABLE ret_orders, ret_activity, ret_copy, ret_curve_copy;
