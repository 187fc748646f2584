
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
-- One pass over the cells in (cohort, k) order: every cell is placed under
-- the column of its own k (the distinct k of the array, ascending), missing
-- cells are blank.  Linear in the output; one set-based query, so it is
-- interruptible like any query.
DECLARE
    width integer;
    dup record;
BEGIN
    IF cells IS NULL OR pg_catalog.cardinality(cells) = 0 THEN
        RETURN;
    END IF;
    SELECT x.cohort_start, x.k INTO dup FROM pg_catalog.unnest(cells) AS x
    GROUP BY x.cohort_start, x.k HAVING pg_catalog.count(*) OPERATOR(pg_catalog.>) 1
    ORDER BY x.cohort_start, x.k LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'retention_heatmap got two cells for cohort % and k = %', dup.cohort_start, dup.k
            USING ERRCODE = '22023',
                  HINT = 'Pass the cells of one triangle (one retention_cell per cohort and k).';
    END IF;
    SELECT greatest(5, pg_catalog.length(pg_catalog.max(x.k)::text) + 1) INTO width
    FROM pg_catalog.unnest(cells) AS x;
    RETURN QUERY
    WITH c AS (SELECT x.cohort_start, x.k, x.cohort_size, x.rate, x.incomplete
               FROM pg_catalog.unnest(cells) AS x WHERE x.cohort_start IS NOT NULL AND x.k IS NOT NULL),
         cols AS (SELECT DISTINCT c.k FROM c),
         cohorts AS (SELECT c.cohort_start, pg_catalog.max(c.cohort_size) AS size FROM c GROUP BY c.cohort_start)
    SELECT line FROM (
        SELECT 0 AS part, NULL::timestamp AS cohort_start,
               pg_catalog.rpad('cohort', 19) || pg_catalog.lpad('size', 8) || ' '
               || pg_catalog.string_agg(pg_catalog.lpad(cols.k::text, width), '' ORDER BY cols.k) AS line
        FROM cols
        UNION ALL
        SELECT 1, h.cohort_start,
               pg_catalog.rtrim(pg_catalog.rpad(pg_catalog.to_char(h.cohort_start,
                       CASE WHEN h.cohort_start::time OPERATOR(pg_catalog.=) '00:00'::time
                            THEN 'YYYY-MM-DD' ELSE 'YYYY-MM-DD HH24:MI' END), 19)
                   || pg_catalog.lpad(coalesce(h.size::text, ''), 8) || ' '
                   || pg_catalog.string_agg(pg_catalog.lpad(
                          CASE WHEN c.k IS NULL THEN ''
                               WHEN c.incomplete OR c.rate IS NULL THEN '..'
                               ELSE CASE WHEN c.rate OPERATOR(pg_catalog.>=) 0.75::float8 THEN '█'
                                         WHEN c.rate OPERATOR(pg_catalog.>=) 0.50::float8 THEN '▓'
                                         WHEN c.rate OPERATOR(pg_catalog.>=) 0.25::float8 THEN '▒'
                                         WHEN c.rate OPERATOR(pg_catalog.>) 0::float8 THEN '░' ELSE ' ' END
                                    || pg_catalog.lpad(pg_catalog.round((c.rate OPERATOR(pg_catalog.*) 100::float8)::numeric)::text, 3)
                          END, width), '' ORDER BY cols.k))
        FROM cohorts h CROSS JOIN cols
        LEFT JOIN c ON c.cohort_start OPERATOR(pg_catalog.=) h.cohort_start AND c.k OPERATOR(pg_catalog.=) cols.k
        GROUP BY h.cohort_start, h.size
        UNION ALL
        SELECT 2, NULL, 'shade: █ >= 75%  ▓ >= 50%  ▒ >= 25%  ░ > 0%   .. = period not over yet') lines
    ORDER BY part, cohort_start;
END
$$;

COMMENT ON FUNCTION retention_heatmap(retention_cell[]) IS
'renders a cohort triangle as text lines: one per cohort, each cell shaded with its percentage under the column of its k';

-- any array of rows with the fields of retention_cell (e.g. array_agg of a
-- table that stores a triangle in long format): no ROW(...)::retention_cell cast
CREATE FUNCTION retention_heatmap(cells anyarray)
RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT h FROM @extschema@.retention_heatmap(ARRAY(
         SELECT ROW(x.cohort_start, x.k, x.cohort_size, x.active, x.rate, x.incomplete)::@extschema@.retention_cell
         FROM pg_catalog.unnest($1) AS x)) AS h $$;

COMMENT ON FUNCTION retention_heatmap(anyarray) IS
'the heatmap of any array of rows with the fields of retention_cell (cohort_start, k, cohort_size, active, rate, incomplete)';

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
