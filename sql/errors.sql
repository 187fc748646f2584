-- Errors of the period functions: SQLSTATE, message, detail and hint.
\i test/sql/helpers.sql

SELECT sql, expect_error(sql)
FROM unnest(ARRAY[
  $$SELECT ltv_period_index('2021-01-01'::timestamp, '2021-01-01', '0 days')$$,
  $$SELECT ltv_period_index('2021-01-01'::timestamp, '2021-01-01', '-1 day')$$,
  $$SELECT ltv_period_index('2021-01-01'::timestamp, '2021-01-01', '1 month -3 days')$$,
  $$SELECT ltv_period_start('2021-01-01'::timestamptz, '2021-01-01', '-00:00:01')$$,
  $$SELECT ltv_period_index('infinity'::timestamp, '2021-01-01', '1 day')$$,
  $$SELECT ltv_period_index('2021-01-01'::timestamptz, '-infinity', '1 day')$$,
  $$SELECT ltv_period_start('infinity'::date, '2021-01-01', '1 day')$$,
  $$SELECT ltv_period_start('2021-01-01'::date, '2021-01-01', '12 hours')$$,
  $$SELECT ltv_period_index('294276-12-31'::timestamp, '4714-11-24 BC', '1 microsecond')$$,
  $$SELECT ltv_period_start('4714-11-24 BC'::timestamp, '2000-01-01 12:00', '1 day')$$
]) AS sql;

-- An error as psql shows it
SELECT ltv_period_index(now(), now(), interval '0');
