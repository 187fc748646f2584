
-- Retention: cohort retention curves and triangles (doc/retention.md).
--
-- Periods are whole units of `period` on a calendar grid counted from an
-- origin (default 2000-01-01 00:00, PostgreSQL's epoch: '1 month' periods are
-- calendar months, '7 days' periods start on Saturdays unless origin says
-- otherwise).  A customer's cohort is the period of the first purchase
-- (amount > 0); from then on every order with amount >= 0 is activity (amount 0
-- is activity without revenue); zero-amount orders before the first purchase
-- and refunds (amount < 0) are not; orders after as_of are ignored.  Period p
-- has fully elapsed by as_of when the next one starts at or before as_of; a
-- period that has not is never counted as "not retained".

-- (E - N) / S
CREATE FUNCTION retention_rate(customers_at_start bigint, customers_at_end bigint, new_customers bigint)
RETURNS double precision
AS 'MODULE_PATHNAME', 'retention_rate_counts'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION retention_rate(bigint, bigint, bigint) IS
'period retention rate (customers_at_end - new_customers) / customers_at_start; NULL when customers_at_start = 0';

-- ---------- retention_activity: one customer's activity ----------

CREATE TYPE retention_activity;

CREATE FUNCTION retention_activity_in(cstring) RETURNS retention_activity
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_activity_out(retention_activity) RETURNS cstring
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_activity_recv(internal) RETURNS retention_activity
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_activity_send(retention_activity) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE retention_activity (
    INPUT = retention_activity_in,
    OUTPUT = retention_activity_out,
    RECEIVE = retention_activity_recv,
    SEND = retention_activity_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE retention_activity IS
'one customer''s first purchase period (amount > 0) and the periods with an order of amount >= 0, on a fixed period grid; zero-amount periods before the first purchase are kept (not activity) so that unions stay exact';

CREATE FUNCTION retention_activity_merge(retention_activity, retention_activity)
RETURNS retention_activity
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION retention_activity_merge(retention_activity, retention_activity) IS
'union of two activities of one customer (every period of both; the earlier first purchase is the cohort); NULL is no activity (the other side is returned); error when built on different periods';

CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, numeric, interval)
RETURNS retention_activity
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_transfn(retention_activity, anyelement, numeric, interval, anyelement)
RETURNS retention_activity
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_activity_final(retention_activity)
RETURNS retention_activity
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE retention_activity(ordered_at anyelement, amount numeric, period interval) (
    SFUNC = retention_activity_transfn,
    STYPE = retention_activity,
    FINALFUNC = retention_activity_final,
    COMBINEFUNC = retention_activity_merge,
    PARALLEL = SAFE
);

CREATE AGGREGATE retention_activity(ordered_at anyelement, amount numeric, period interval, origin anyelement) (
    SFUNC = retention_activity_transfn,
    STYPE = retention_activity,
    FINALFUNC = retention_activity_final,
    COMBINEFUNC = retention_activity_merge,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE retention_activity(anyelement, numeric, interval) IS
'level 1: one customer''s orders -> retention_activity (periods from 2000-01-01; timestamptz in UTC)';

CREATE AGGREGATE retention_activity_union(retention_activity) (
    SFUNC = retention_activity_merge,
    STYPE = retention_activity,
    FINALFUNC = retention_activity_final,
    COMBINEFUNC = retention_activity_merge,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE retention_activity_union(retention_activity) IS
'union of activity values of one customer (for rollup tables fed with new orders)';

CREATE FUNCTION retention_cohort(retention_activity) RETURNS timestamp
AS 'MODULE_PATHNAME', 'retention_activity_cohort' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION retention_cohort(retention_activity) IS
'start of the customer''s first purchase period (UTC wall clock for activities built from timestamptz); NULL when the activity has no purchase (zero amounts only)';

CREATE FUNCTION retention_periods(retention_activity) RETURNS integer[]
AS 'MODULE_PATHNAME', 'retention_activity_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION retention_periods(retention_activity) IS
'the periods k (0 = the first purchase period) with an order of amount >= 0, ascending; NULL when the activity has no purchase';

-- ---------- level 2: retention_rate(activity, as_of [, mode]) ----------

CREATE TYPE retention_point AS (
    k integer,
    customers bigint,
    eligible bigint,
    retained bigint,
    rate double precision,
    incomplete boolean
);

COMMENT ON TYPE retention_point IS
'one point k of a retention curve: customers whose period k has begun, eligible = those whose period k has fully elapsed by as_of (the denominator), retained, rate = retained / eligible (NULL when eligible = 0), incomplete = eligible < customers';

CREATE TYPE retention_curve;

CREATE FUNCTION retention_curve_in(cstring) RETURNS retention_curve
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_curve_out(retention_curve) RETURNS cstring
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_curve_recv(internal) RETURNS retention_curve
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_curve_send(retention_curve) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE retention_curve (
    INPUT = retention_curve_in,
    OUTPUT = retention_curve_out,
    RECEIVE = retention_curve_recv,
    SEND = retention_curve_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE retention_curve IS
'aggregate state of retention_rate(activity, as_of [, mode]): counts per period, mergeable';

CREATE FUNCTION retention_curve_combine(retention_curve, retention_curve) RETURNS retention_curve
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_points(retention_curve) RETURNS retention_point[]
AS 'MODULE_PATHNAME', 'retention_curve_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION retention_curve_points(retention_curve) IS
'the retention curve of a retention_curve state, one retention_point per k';

CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamptz)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamp)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, date)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamptz, text)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamp, text)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, date, text)
RETURNS retention_curve AS 'MODULE_PATHNAME', 'retention_curve_transfn_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE retention_rate(activity retention_activity, as_of timestamptz) (
    SFUNC = retention_curve_transfn, STYPE = retention_curve,
    FINALFUNC = retention_curve_points, COMBINEFUNC = retention_curve_combine, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(activity retention_activity, as_of timestamp) (
    SFUNC = retention_curve_transfn, STYPE = retention_curve,
    FINALFUNC = retention_curve_points, COMBINEFUNC = retention_curve_combine, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(activity retention_activity, as_of date) (
    SFUNC = retention_curve_transfn, STYPE = retention_curve,
    FINALFUNC = retention_curve_points, COMBINEFUNC = retention_curve_combine, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(activity retention_activity, as_of timestamptz, mode text) (
    SFUNC = retention_curve_transfn, STYPE = retention_curve,
    FINALFUNC = retention_curve_points, COMBINEFUNC = retention_curve_combine, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(activity retention_activity, as_of timestamp, mode text) (
    SFUNC = retention_curve_transfn, STYPE = retention_curve,
    FINALFUNC = retention_curve_points, COMBINEFUNC = retention_curve_combine, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(activity retention_activity, as_of date, mode text) (
    SFUNC = retention_curve_transfn, STYPE = retention_curve,
    FINALFUNC = retention_curve_points, COMBINEFUNC = retention_curve_combine, PARALLEL = SAFE);

COMMENT ON AGGREGATE retention_rate(retention_activity, timestamptz, text) IS
'level 2: retention curve of a group of customers as of as_of; mode ''on'' (default) or ''on_or_after''';

-- ---------- one-shot aggregates over raw orders ----------

CREATE TYPE retention_cell AS (
    cohort_start timestamp,
    k integer,
    cohort_size bigint,
    active bigint,
    rate double precision,
    incomplete boolean
);

COMMENT ON TYPE retention_cell IS
'one cell of a cohort triangle: cohort (first purchase period) start, period k, cohort size, customers active at k, rate = active / cohort_size (NULL when incomplete), incomplete = period k has not fully elapsed by as_of';

CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, numeric, interval, anyelement)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, numeric, interval, anyelement, text)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_transfn(internal, "any", anyelement, numeric, interval, anyelement, text, anyelement)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_serialize(internal) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_orders_deserialize(bytea, internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_orders_combine(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_curve_final(internal) RETURNS retention_point[]
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_orders_triangle_final(internal) RETURNS retention_cell[]
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount numeric,
                                period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount numeric,
                                period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_rate(customer_id "any", ordered_at anyelement, amount numeric,
                                period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_curve_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);

COMMENT ON AGGREGATE retention_rate("any", anyelement, numeric, interval, anyelement) IS
'one-shot retention curve over raw orders (groups by customer_id internally)';

CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount numeric,
                                    period interval, as_of anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount numeric,
                                    period interval, as_of anyelement, mode text) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);
CREATE AGGREGATE retention_triangle(customer_id "any", ordered_at anyelement, amount numeric,
                                    period interval, as_of anyelement, mode text, origin anyelement) (
    SFUNC = retention_orders_transfn, STYPE = internal, FINALFUNC = retention_orders_triangle_final,
    COMBINEFUNC = retention_orders_combine, SERIALFUNC = retention_orders_serialize,
    DESERIALFUNC = retention_orders_deserialize, PARALLEL = SAFE);

COMMENT ON AGGREGATE retention_triangle("any", anyelement, numeric, interval, anyelement) IS
'cohort retention triangle over raw orders: one retention_cell per (cohort, k), cohorts by first purchase (amount > 0) period';

-- ---------- text heatmap for psql ----------

CREATE FUNCTION retention_heatmap(cells retention_cell[])
RETURNS SETOF text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    max_k integer;
    line text;
    r record;
    c record;
    shade text;
BEGIN
    IF cells IS NULL OR pg_catalog.cardinality(cells) = 0 THEN
        RETURN;
    END IF;
    SELECT pg_catalog.max(x.k) INTO max_k FROM pg_catalog.unnest(cells) AS x;
    line := pg_catalog.rpad('cohort', 19) || pg_catalog.lpad('size', 8) || ' ';
    FOR i IN 0 .. max_k LOOP
        line := line || pg_catalog.lpad(i::text, 5);
    END LOOP;
    RETURN NEXT line;
    FOR r IN
        SELECT x.cohort_start, pg_catalog.max(x.cohort_size) AS size
        FROM pg_catalog.unnest(cells) AS x
        GROUP BY x.cohort_start ORDER BY x.cohort_start
    LOOP
        line := pg_catalog.rpad(pg_catalog.to_char(r.cohort_start,
                    CASE WHEN r.cohort_start::time = '00:00' THEN 'YYYY-MM-DD' ELSE 'YYYY-MM-DD HH24:MI' END), 19)
             || pg_catalog.lpad(r.size::text, 8) || ' ';
        FOR c IN
            SELECT x.k, x.rate, x.incomplete FROM pg_catalog.unnest(cells) AS x
            WHERE x.cohort_start = r.cohort_start ORDER BY x.k
        LOOP
            IF c.incomplete OR c.rate IS NULL THEN
                line := line || '   ..';
            ELSE
                shade := CASE WHEN c.rate >= 0.75 THEN '█' WHEN c.rate >= 0.50 THEN '▓'
                              WHEN c.rate >= 0.25 THEN '▒' WHEN c.rate > 0 THEN '░' ELSE ' ' END;
                line := line || ' ' || shade
                     || pg_catalog.lpad(pg_catalog.round((c.rate * 100)::numeric)::text, 3);
            END IF;
        END LOOP;
        RETURN NEXT pg_catalog.rtrim(line);
    END LOOP;
    RETURN NEXT 'shade: █ >= 75%  ▓ >= 50%  ▒ >= 25%  ░ > 0%   .. = period not over yet';
END
$$;

COMMENT ON FUNCTION retention_heatmap(retention_cell[]) IS
'renders a cohort triangle as text lines: one per cohort, shaded cells with percentages';

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
