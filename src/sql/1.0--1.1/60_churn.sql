
-- churn: one C entry point per time type for churn_curve(started_at, ended_at,
-- as_of, unit) (Citus' worker_partial_agg calls it without an expression tree)
CREATE OR REPLACE FUNCTION churn_curve_add(churn_curve, timestamptz, timestamptz, timestamptz, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION churn_curve_add(churn_curve, timestamp, timestamp, timestamp, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION churn_curve_add(churn_curve, date, date, date, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
