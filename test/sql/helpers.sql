-- Shared setup for every regression test: \i test/sql/helpers.sql
\set ECHO none
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS ltv;
-- expect_error(sql): runs sql, which must fail, and returns
-- 'SQLSTATE: message | detail | hint' so a test shows all three on one line.
CREATE OR REPLACE FUNCTION expect_error(sql text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    state text; msg text; detail text; hint text;
BEGIN
    EXECUTE sql;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, msg = MESSAGE_TEXT,
                            detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN state || ': ' || msg || ' | ' || coalesce(nullif(detail, ''), '-')
                 || ' | ' || coalesce(nullif(hint, ''), '-');
END $$;
RESET client_min_messages;
SET TimeZone = 'UTC';
SET DateStyle = 'ISO, YMD';
SET IntervalStyle = 'postgres';
SET extra_float_digits = 0;
\set ECHO all
