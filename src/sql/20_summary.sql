
-- Level 1: one customer's orders summarized (ltv_summary, GROUP BY customer).
-- x, t_x, t_cal and m_x are the BTYD names (R BTYD's cbs columns x, t.x, T.cal
-- and m.x); lifetimes calls them frequency, recency, T and monetary_value.

CREATE TYPE ltv_customer_summary AS (
    first_purchase_at timestamptz,       -- earliest purchase (amount >= 0) up to as_of
    last_purchase_at timestamptz,        -- latest purchase up to as_of
    orders bigint,                       -- purchase rows (amount >= 0)
    occasions bigint,                    -- periods with at least one purchase
    x bigint,                            -- repeat occasions: occasions - 1
    t_x double precision,                -- last occasion's period - first's, in units
    t_cal double precision,              -- as_of's period - first purchase's, in units
    m_x double precision,                -- mean amount of the repeat occasions (0 when x = 0)
    revenue numeric,                     -- sum of all amounts (purchases minus refunds)
    refunds bigint,                      -- refund rows (amount < 0)
    refund_amount numeric,               -- sum of -amount over refunds (>= 0)
    days_since_last_purchase double precision,  -- (as_of - last_purchase_at) in days of 24 h
    unit interval                        -- the unit of t_x and t_cal
);

COMMENT ON TYPE ltv_customer_summary IS
'per-customer summary of orders up to as_of: BTYD x, t_x, t_cal (lifetimes frequency, recency, T), m_x (monetary_value), revenue and refunds';

CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, numeric, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, numeric, timestamptz, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamptz, numeric, timestamptz, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, numeric, timestamp)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, numeric, timestamp, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, timestamp, numeric, timestamp, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, numeric, date)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, numeric, date, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_transfn(internal, date, numeric, date, interval, interval)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;

CREATE FUNCTION ltv_summary_finalfn(internal)
RETURNS ltv_customer_summary AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_summary_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_summary_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C STRICT PARALLEL SAFE;

-- Aggregates take no defaults or named arguments: period and unit are
-- optional trailing arguments ('1 day' and '7 days' when left out).
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount numeric, as_of timestamptz) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount numeric, as_of timestamptz, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamptz, amount numeric, as_of timestamptz, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount numeric, as_of timestamp) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount numeric, as_of timestamp, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at timestamp, amount numeric, as_of timestamp, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount numeric, as_of date) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount numeric, as_of date, period interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_summary(ordered_at date, amount numeric, as_of date, period interval, unit interval) (
    SFUNC = ltv_summary_transfn, STYPE = internal, SSPACE = 200,
    FINALFUNC = ltv_summary_finalfn, COMBINEFUNC = ltv_summary_combine,
    SERIALFUNC = ltv_summary_serialize, DESERIALFUNC = ltv_summary_deserialize,
    PARALLEL = SAFE);

COMMENT ON AGGREGATE ltv_summary(timestamptz, numeric, timestamptz, interval, interval) IS
'one customer''s orders up to as_of as an ltv_customer_summary (use with GROUP BY customer); occasions per period (default 1 day), t_x and t_cal in units (default 7 days)';
COMMENT ON AGGREGATE ltv_summary(timestamptz, numeric, timestamptz) IS
'one customer''s orders up to as_of as an ltv_customer_summary (use with GROUP BY customer); period 1 day, unit 7 days';

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
