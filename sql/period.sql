-- Period arithmetic: ltv_period_index and ltv_period_start.
-- Reference: PostgreSQL's own interval arithmetic (origin + k * unit on
-- timestamp, which has no time zone), on generated instants, origins and units.
\i test/sql/helpers.sql

-- Month ends: boundaries are computed from the origin, clamped to shorter months
SELECT k, ltv_period_start(ts, '2021-01-31'::timestamp, '1 month') AS period_start,
       ts, ltv_period_index(ts, '2021-01-31'::timestamp, '1 month') AS k_back
FROM (VALUES (-1), (0), (1), (2), (3), (13)) AS v(k),
     LATERAL (SELECT '2021-01-31'::timestamp + k * interval '1 month' AS ts) AS t
ORDER BY k;

SELECT ts, ltv_period_index(ts, '2021-01-31', '1 month') AS k
FROM unnest(ARRAY['2021-02-27 23:59:59.999999', '2021-02-28', '2021-03-30', '2021-03-31',
                  '2021-01-30', '2020-12-30 23:00']::timestamp[]) AS ts
ORDER BY ts;

-- Leap years: 2020 and 2000 are leap years, 1900 and 2100 are not
SELECT origin, ltv_period_start(origin + interval '1 year', origin, '1 year') AS next_year_start
FROM unnest(ARRAY['2020-02-29', '2000-02-29', '1896-02-29']::date[]) AS origin
ORDER BY origin;
SELECT ltv_period_index('1900-03-01'::date, '1900-02-28', '1 day') AS days_1900,
       ltv_period_index('2000-03-01'::date, '2000-02-28', '1 day') AS days_2000,
       ltv_period_index('2100-03-01'::date, '2100-02-28', '1 day') AS days_2100;

-- Weeks from a Monday, days, and a unit with a time part
SELECT ts, ltv_period_index(ts, '2021-01-04', '7 days') AS week,
       ltv_period_start(ts, '2021-01-04', '7 days') AS week_start,
       ltv_period_index(ts, '2021-01-04 06:00', '1 day') AS day_from_6am,
       ltv_period_index(ts, '2021-01-04', '90 minutes') AS slot
FROM unnest(ARRAY['2021-01-03 23:59', '2021-01-04', '2021-01-05 05:59', '2021-01-10 23:59:59',
                  '2021-01-11', '2020-12-27 23:00']::timestamp[]) AS ts
ORDER BY ts;

-- Mixed units: months first, then days (31 Jan + 1 month 1 day = 1 Mar)
SELECT k, ltv_period_start('2021-01-31'::timestamp + k * interval '1 month 1 day',
                           '2021-01-31', '1 month 1 day') AS period_start
FROM generate_series(-1, 3) AS k ORDER BY k;

-- Dates: date in, date out; the index of a date before the origin is negative
SELECT d, ltv_period_index(d, '2000-01-01'::date, '1 month') AS month,
       ltv_period_start(d, '2000-01-01'::date, '3 months') AS quarter_start
FROM unnest(ARRAY['1969-12-31', '1970-01-01', '1999-12-31', '2000-01-01', '2024-02-29']::date[]) AS d
ORDER BY d;

-- timestamptz is bucketed in UTC whatever the session's TimeZone; a local
-- timestamp (AT TIME ZONE) buckets by local time: 23:30 UTC on 31 January is
-- already 1 February in Tokyo.
SET TimeZone = 'America/New_York';
SELECT ltv_period_index('2021-01-31 23:30+00'::timestamptz, '2021-01-01 00:00+00', '1 month') AS utc_month,
       ltv_period_index('2021-01-31 23:30+00'::timestamptz AT TIME ZONE 'Asia/Tokyo',
                        '2021-01-01 00:00'::timestamp, '1 month') AS tokyo_month,
       ltv_period_start('2021-01-31 23:30+00'::timestamptz, '2021-01-01 00:00+00', '1 month')
         = '2021-01-01 00:00+00'::timestamptz AS utc_start_is_january;
SET TimeZone = 'UTC';

-- The far past and future: the whole timestamp range works
SELECT ltv_period_index('294276-12-31 23:59:59.999999'::timestamp, '2000-01-01', '1 month') AS last_month,
       ltv_period_index('4714-11-24 00:00:00 BC'::timestamp, '2000-01-01', '1 year') AS first_year,
       ltv_period_start('4714-11-24 00:00:00 BC'::timestamp, '2000-01-01', '1 day') AS first_day,
       ltv_period_index('294276-12-31 23:59:59.999999'::timestamp, '2000-01-01', '1 microsecond') AS last_usec;

-- Generated cross-check: 40,000 instants from 1890 to 2150 against 8 units and
-- 5 origins; k must satisfy origin + k * unit <= ts < origin + (k + 1) * unit
-- in PostgreSQL's arithmetic, and ltv_period_start must equal origin + k * unit.
CREATE TABLE period_instants AS
SELECT i, timestamp '1890-01-01' + ((i::numeric * 6364136223846793005) % 8204860800000000)::bigint * interval '1 microsecond' AS ts
FROM generate_series(1, 40000) AS i;
CREATE TABLE period_cases AS
SELECT u.unit, o.origin
FROM unnest(ARRAY['1 day', '7 days', '1 month', '3 months', '1 year', '1 month 1 day',
                  '1 month 15 days', '90 minutes']::interval[]) AS u(unit),
     unnest(ARRAY['2021-01-31', '1969-12-31 23:00', '1900-02-28 12:00', '2100-08-31 00:30',
                  '2000-01-01']::timestamp[]) AS o(origin);
ANALYZE period_instants;
ANALYZE period_cases;
SELECT count(*) AS checked,
       count(*) FILTER (WHERE NOT (c.origin + k * c.unit <= p.ts AND p.ts < c.origin + (k + 1) * c.unit)) AS bad_index,
       count(*) FILTER (WHERE ltv_period_start(p.ts, c.origin, c.unit) <> c.origin + k * c.unit) AS bad_start
FROM period_instants p CROSS JOIN period_cases c,
     LATERAL (SELECT ltv_period_index(p.ts, c.origin, c.unit) AS k) AS idx;

-- The same through timestamptz (UTC) and date agree with timestamp
SELECT count(*) FILTER (WHERE ltv_period_index(p.ts AT TIME ZONE 'UTC', c.origin AT TIME ZONE 'UTC', c.unit)
                              <> ltv_period_index(p.ts, c.origin, c.unit)) AS tz_differs,
       count(*) FILTER (WHERE ltv_period_index(p.ts::date, c.origin::date, c.unit)
                              <> ltv_period_index(p.ts::date::timestamp, c.origin::date::timestamp, c.unit)) AS date_differs
FROM period_instants p CROSS JOIN period_cases c;

-- NULL in, NULL out (STRICT)
SELECT ltv_period_index(NULL::timestamp, '2021-01-01', '1 day') IS NULL AS null_ts,
       ltv_period_start('2021-01-01'::date, NULL, '1 day') IS NULL AS null_origin,
       ltv_period_index('2021-01-01'::timestamptz, '2021-01-01', NULL) IS NULL AS null_unit;

DROP TABLE period_instants, period_cases;
