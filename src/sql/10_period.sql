
-- Periods: whole units (an interval such as '1 day', '7 days', '1 month')
-- counted from an origin.  Period k is [origin + k * unit, origin + (k + 1) * unit),
-- the boundaries computed as PostgreSQL computes origin + k * unit in UTC.
-- timestamptz is bucketed in UTC; pass a timestamp (ts AT TIME ZONE 'Asia/Tokyo')
-- for local periods.

CREATE FUNCTION ltv_period_index(ts timestamptz, origin timestamptz, unit interval)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ltv_period_index_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_index(ts timestamp, origin timestamp, unit interval)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ltv_period_index_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_index(ts date, origin date, unit interval)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ltv_period_index_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ltv_period_index(timestamptz, timestamptz, interval) IS
'number of whole units from origin to ts (negative before origin); timestamptz in UTC';

CREATE FUNCTION ltv_period_start(ts timestamptz, origin timestamptz, unit interval)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'ltv_period_start_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_start(ts timestamp, origin timestamp, unit interval)
RETURNS timestamp
AS 'MODULE_PATHNAME', 'ltv_period_start_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_start(ts date, origin date, unit interval)
RETURNS date
AS 'MODULE_PATHNAME', 'ltv_period_start_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ltv_period_start(timestamptz, timestamptz, interval) IS
'start of the period (counted from origin in whole units) that contains ts; timestamptz in UTC';
