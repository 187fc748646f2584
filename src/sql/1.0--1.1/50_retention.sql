
-- retention: one C entry point per as_of type for the level-2 transition
-- (Citus' worker_partial_agg calls it without an expression tree)
CREATE OR REPLACE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamptz)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamp)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION retention_curve_transfn(retention_curve, retention_activity, date)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamptz, text)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamp, text)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE OR REPLACE FUNCTION retention_curve_transfn(retention_curve, retention_activity, date, text)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- the merge functions keep the other side when one argument is NULL (a
-- NULL activity, e.g. of a batch of refunds only, is no activity)
ALTER FUNCTION retention_activity_merge(retention_activity, retention_activity) CALLED ON NULL INPUT;
COMMENT ON FUNCTION retention_activity_merge(retention_activity, retention_activity) IS
'union of two activities of one customer (every period of both; the earlier first purchase is the cohort); NULL is no activity (the other side is returned); error when built on different periods';
ALTER FUNCTION retention_curve_combine(retention_curve, retention_curve) CALLED ON NULL INPUT;
