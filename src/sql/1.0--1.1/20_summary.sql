
-- 20_summary: additions of 1.1 (see src/sql/20_summary.sql)

-- Amounts of other types (issue 11): double precision and real are read as
-- their shortest round-trip decimal (19.99::float8 is 19.99), integer and bigint
-- exactly.  One overload per type, so integer columns resolve to an exact
-- overload rather than to double precision (the preferred numeric type).
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, double precision, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, double precision, timestamptz, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, double precision, timestamptz, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, double precision, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, double precision, timestamp, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, double precision, timestamp, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, double precision, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, double precision, date, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, double precision, date, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, real, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, real, timestamptz, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, real, timestamptz, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, real, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, real, timestamp, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, real, timestamp, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, real, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, real, date, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, real, date, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, integer, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, integer, timestamptz, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, integer, timestamptz, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, integer, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, integer, timestamp, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, integer, timestamp, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, integer, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, integer, date, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, integer, date, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, bigint, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, bigint, timestamptz, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, bigint, timestamptz, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, bigint, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, bigint, timestamp, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, bigint, timestamp, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, bigint, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, bigint, date, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, bigint, date, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_summary_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount double precision, as_of timestamptz) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount double precision, as_of timestamptz, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount double precision, as_of timestamptz, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount double precision, as_of timestamp) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount double precision, as_of timestamp, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount double precision, as_of timestamp, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount double precision, as_of date) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount double precision, as_of date, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount double precision, as_of date, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount real, as_of timestamptz) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount real, as_of timestamptz, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount real, as_of timestamptz, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount real, as_of timestamp) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount real, as_of timestamp, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount real, as_of timestamp, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount real, as_of date) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount real, as_of date, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount real, as_of date, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount integer, as_of timestamptz) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount integer, as_of timestamptz, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount integer, as_of timestamptz, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount integer, as_of timestamp) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount integer, as_of timestamp, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount integer, as_of timestamp, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount integer, as_of date) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount integer, as_of date, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount integer, as_of date, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount bigint, as_of timestamptz) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount bigint, as_of timestamptz, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount bigint, as_of timestamptz, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount bigint, as_of timestamp) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount bigint, as_of timestamp, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount bigint, as_of timestamp, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount bigint, as_of date) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount bigint, as_of date, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount bigint, as_of date, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
