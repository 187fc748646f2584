-- Period bucketing: monthly buckets of every order, ltv_period_start against
-- date_trunc (the plain SQL for calendar months in UTC) and weekly buckets
-- against date_bin (PostgreSQL 14+, fixed-length units only).

-- @case period: monthly buckets (vs date_trunc)
-- @settings
SET TimeZone = 'UTC';
-- @ours
SELECT ltv_period_start(ordered_at, '2000-01-01 00:00+00', '1 month') AS month, count(*)
FROM :orders GROUP BY 1
-- @plain
SELECT date_trunc('month', ordered_at) AS month, count(*)
FROM :orders GROUP BY 1
-- @check
SELECT count(*) = 0 FROM (
  (SELECT ltv_period_start(ordered_at, '2000-01-01 00:00+00', '1 month') AS month, count(*) FROM :orders GROUP BY 1
   EXCEPT ALL
   SELECT date_trunc('month', ordered_at), count(*) FROM :orders GROUP BY 1)
  UNION ALL
  (SELECT date_trunc('month', ordered_at), count(*) FROM :orders GROUP BY 1
   EXCEPT ALL
   SELECT ltv_period_start(ordered_at, '2000-01-01 00:00+00', '1 month'), count(*) FROM :orders GROUP BY 1)) d

-- @case period: weekly index from a Monday (vs date_bin)
-- @settings
SET TimeZone = 'UTC';
-- @ours
SELECT sum(ltv_period_index(ordered_at, '2023-01-02 00:00+00', '7 days')) FROM :orders
-- @plain
SELECT sum(floor(extract(epoch FROM date_bin('7 days', ordered_at, '2023-01-02 00:00+00')
                             - '2023-01-02 00:00+00'::timestamptz) / (7 * 86400))::bigint)
FROM :orders
-- @check
SELECT count(*) = 0 FROM :orders
WHERE ltv_period_index(ordered_at, '2023-01-02 00:00+00', '7 days')
   <> floor(extract(epoch FROM ordered_at - '2023-01-02 00:00+00') / (7 * 86400))
