
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

-- Issue 11: retention_heatmap draws each cell under the column of its own k, in
-- one set-based pass (it was quadratic in the largest k), and takes any array of
-- rows with the fields of retention_cell
CREATE OR REPLACE FUNCTION retention_heatmap(cells retention_cell[])
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
