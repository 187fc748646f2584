-- churn family, 1.0 -> 1.1.
-- Issue 10 (trusted extension): churn_median passes 0.5 as float8 (a numeric
-- literal let a planted churn_quantile(churn_curve, numeric, ...) in the
-- extension's schema be the better match), and sbg_projection compares with
-- OPERATOR(pg_catalog.>) (a planted public.>(int, int) captured it).
CREATE OR REPLACE FUNCTION churn_median(curve churn_curve, conf_type text DEFAULT 'log',
    conf_level float8 DEFAULT 0.95, OUT median float8, OUT lower float8, OUT upper float8)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT q.duration, q.lower, q.upper
      FROM @extschema@.churn_quantile(curve, 0.5::pg_catalog.float8, conf_type, conf_level) AS q $$;

CREATE OR REPLACE FUNCTION sbg_projection(model sbg_model, periods integer)
RETURNS TABLE (period integer, survival float8, retention float8, churn_probability float8)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT t, @extschema@.sbg_survival(model, t),
             CASE WHEN t OPERATOR(pg_catalog.>) 0 THEN @extschema@.sbg_retention(model, t) END,
             CASE WHEN t OPERATOR(pg_catalog.>) 0 THEN @extschema@.sbg_churn_probability(model, t) END
      FROM pg_catalog.generate_series(0, periods) AS t $$;

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

-- churn: numeric durations
CREATE FUNCTION churn_curve_add(churn_curve, numeric, boolean) RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
-- numeric durations (extract() gives numeric) without the text round trip of the float8 cast
CREATE AGGREGATE churn_curve(duration numeric, churned boolean) (
    SFUNC = churn_curve_add,
    STYPE = churn_curve,
    COMBINEFUNC = churn_curve_combine,
    FINALFUNC = churn_curve_final,
    PARALLEL = SAFE
);
