
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

-- Issue 11: amounts of other types (see src/sql/50_retention.sql)

-- Amounts of other types: double precision, real, integer, bigint (only the
-- sign of an amount matters here).
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, double precision, interval)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, double precision, interval, anyelement)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, real, interval)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_float4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, real, interval, anyelement)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_float4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, integer, interval)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, integer, interval, anyelement)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, bigint, interval)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, bigint, interval, anyelement)
RETURNS retention_activity AS 'MODULE_PATHNAME', 'retention_activity_transfn_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount double precision, period interval) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount double precision, period interval, origin anyelement) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount real, period interval) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount real, period interval, origin anyelement) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount integer, period interval) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount integer, period interval, origin anyelement) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount bigint, period interval) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE AGGREGATE retention_activity(ordered_at anyelement, amount bigint, period interval, origin anyelement) (
    SFUNC = retention_activity_transfn, STYPE = retention_activity,
    FINALFUNC = retention_activity_final, COMBINEFUNC = retention_activity_merge, PARALLEL = SAFE);
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, double precision, interval, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, double precision, interval, anyelement, text)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, double precision, interval, anyelement, text, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, real, interval, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_float4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, real, interval, anyelement, text)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_float4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, real, interval, anyelement, text, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_float4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, integer, interval, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, integer, interval, anyelement, text)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, integer, interval, anyelement, text, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_int4' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, bigint, interval, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, bigint, interval, anyelement, text)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, bigint, interval, anyelement, text, anyelement)
RETURNS internal AS 'MODULE_PATHNAME', 'retention_orders_transfn_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount double precision,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount double precision,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount double precision,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount real,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount real,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount real,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount integer,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount integer,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount integer,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount bigint,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount bigint,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount bigint,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount double precision,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount double precision,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount double precision,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount real,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount real,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount real,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount integer,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount integer,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount integer,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount bigint,
    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount bigint,
    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount bigint,
    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
