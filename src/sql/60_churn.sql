
-- Churn curves: Kaplan-Meier survival of customers, with R survival's numbers,
-- and the shifted-beta-geometric (sBG) model of contractual retention.

-- churn_curve: the mergeable state of the churn_curve aggregate (distinct
-- durations with their churned and censored counts).  A public type so that
-- it can be stored (rollups, materialized views) and merged across Citus workers.
CREATE TYPE churn_curve;

CREATE FUNCTION churn_curve_in(cstring) RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_curve_out(churn_curve) RETURNS cstring
AS 'MODULE_PATHNAME', 'churn_curve_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_curve_recv(internal) RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_curve_send(churn_curve) RETURNS bytea
AS 'MODULE_PATHNAME', 'churn_curve_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE churn_curve (
    INPUT = churn_curve_in,
    OUTPUT = churn_curve_out,
    RECEIVE = churn_curve_recv,
    SEND = churn_curve_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

COMMENT ON TYPE churn_curve IS
'Kaplan-Meier sufficient statistics: per distinct duration, customers churned and censored (still active)';

-- aggregate support (not for direct use)
CREATE FUNCTION churn_curve_add(churn_curve, float8, boolean) RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_add(churn_curve, timestamptz, timestamptz, timestamptz, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription_timestamptz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_add(churn_curve, timestamp, timestamp, timestamp, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription_timestamp' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_add(churn_curve, date, date, date, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_add(churn_curve, interval, boolean, interval) RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_combine(churn_curve, churn_curve) RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_final(churn_curve) RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- churn_curve(duration, churned): duration in any unit (>= 0), churned false
-- for a customer still active (right-censored at duration).  NULL rows are skipped.
CREATE AGGREGATE churn_curve(duration float8, churned boolean) (
    SFUNC = churn_curve_add,
    STYPE = churn_curve,
    COMBINEFUNC = churn_curve_combine,
    FINALFUNC = churn_curve_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE churn_curve(float8, boolean) IS
'Kaplan-Meier curve of customer lifetimes (churned = false: still active); read it with churn_table, churn_median, churn_quantile, churn_restricted_mean, churn_survival, sbg_fit';

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

-- churn_curve(duration interval, churned, unit): durations as intervals, in units
CREATE AGGREGATE churn_curve(duration interval, churned boolean, unit interval) (
    SFUNC = churn_curve_add,
    STYPE = churn_curve,
    COMBINEFUNC = churn_curve_combine,
    FINALFUNC = churn_curve_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE churn_curve(interval, boolean, interval) IS
'Kaplan-Meier curve of durations given as intervals, measured in unit (months in months, days and time in days and time)';

CREATE FUNCTION churn_interval_units(duration interval, unit interval) RETURNS float8
AS 'MODULE_PATHNAME', 'churn_interval_units' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION churn_interval_units(interval, interval) IS
'an interval as a number of units: months over months, or days and time over days and time (24-hour days)';

-- churn_curve(started_at, ended_at, as_of, unit): subscriptions.  ended_at NULL
-- (or after as_of) = still active, censored at as_of; durations in units.
CREATE AGGREGATE churn_curve(started_at timestamptz, ended_at timestamptz, as_of timestamptz, unit interval) (
    SFUNC = churn_curve_add,
    STYPE = churn_curve,
    COMBINEFUNC = churn_curve_combine,
    FINALFUNC = churn_curve_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE churn_curve(started_at timestamp, ended_at timestamp, as_of timestamp, unit interval) (
    SFUNC = churn_curve_add,
    STYPE = churn_curve,
    COMBINEFUNC = churn_curve_combine,
    FINALFUNC = churn_curve_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE churn_curve(started_at date, ended_at date, as_of date, unit interval) (
    SFUNC = churn_curve_add,
    STYPE = churn_curve,
    COMBINEFUNC = churn_curve_combine,
    FINALFUNC = churn_curve_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE churn_curve(timestamptz, timestamptz, timestamptz, interval) IS
'Kaplan-Meier curve of subscriptions: ended_at NULL or after as_of = still active; durations in units (fractional)';

-- churn_curve(curve): merges stored curves (rollups, Citus workers)
CREATE AGGREGATE churn_curve(curve churn_curve) (
    SFUNC = churn_curve_combine,
    STYPE = churn_curve,
    COMBINEFUNC = churn_curve_combine,
    FINALFUNC = churn_curve_final,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE churn_curve(churn_curve) IS
'merges churn_curve values, for example per-day or per-segment rollups';

-- churn_duration(started_at, ended_at, unit): the time between, in units:
-- whole periods (as ltv_period_index) plus the elapsed fraction of the next.
CREATE FUNCTION churn_duration(started_at timestamptz, ended_at timestamptz, unit interval)
RETURNS float8
AS 'MODULE_PATHNAME', 'churn_duration' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_duration(started_at timestamp, ended_at timestamp, unit interval)
RETURNS float8
AS 'MODULE_PATHNAME', 'churn_duration' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION churn_duration(started_at date, ended_at date, unit interval)
RETURNS float8
AS 'MODULE_PATHNAME', 'churn_duration' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION churn_duration(timestamptz, timestamptz, interval) IS
'time from started_at to ended_at in units: whole periods plus the elapsed fraction of the next (timestamptz in UTC)';

-- The Kaplan-Meier table
CREATE FUNCTION churn_table(curve churn_curve, conf_type text DEFAULT 'log', conf_level float8 DEFAULT 0.95,
    OUT duration float8, OUT n_risk bigint, OUT n_churned bigint, OUT n_censored bigint,
    OUT survival float8, OUT hazard float8, OUT cum_hazard float8, OUT std_err float8,
    OUT lower float8, OUT upper float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'churn_table' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 100;

COMMENT ON FUNCTION churn_table(churn_curve, text, float8) IS
'Kaplan-Meier table (as R survfit): per distinct duration at risk, churned, censored, survival, hazard, Nelson-Aalen cumulative hazard, Greenwood std error, confidence interval (log, log-log or plain)';

CREATE FUNCTION churn_quantile(curve churn_curve, p float8, conf_type text DEFAULT 'log',
    conf_level float8 DEFAULT 0.95, OUT duration float8, OUT lower float8, OUT upper float8)
RETURNS record
AS 'MODULE_PATHNAME', 'churn_quantile' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION churn_quantile(churn_curve, float8, text, float8) IS
'duration by which a fraction p of customers has churned, with its confidence interval (R quantile.survfit)';

CREATE FUNCTION churn_median(curve churn_curve, conf_type text DEFAULT 'log',
    conf_level float8 DEFAULT 0.95, OUT median float8, OUT lower float8, OUT upper float8)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT q.duration, q.lower, q.upper
      FROM @extschema@.churn_quantile(curve, 0.5::pg_catalog.float8, conf_type, conf_level) AS q $$;

COMMENT ON FUNCTION churn_median(churn_curve, text, float8) IS
'median lifetime with its confidence interval (R rule, midpoint where the curve is flat at 0.5); NULL when the curve never reaches 0.5';

CREATE FUNCTION churn_restricted_mean(curve churn_curve, horizon float8,
    OUT mean float8, OUT std_err float8)
RETURNS record
AS 'MODULE_PATHNAME', 'churn_restricted_mean' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION churn_restricted_mean(churn_curve, float8) IS
'restricted mean lifetime: area under the survival curve from 0 to horizon, and its standard error (R print(fit, rmean = horizon))';

CREATE FUNCTION churn_survival(curve churn_curve, duration float8) RETURNS float8
AS 'MODULE_PATHNAME', 'churn_survival' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION churn_survival(churn_curve, float8) IS
'Kaplan-Meier survival at a duration; NULL past the last observed duration (nobody at risk) unless it reached 0';

-- Shifted-beta-geometric model (Fader & Hardie 2007)
CREATE TYPE sbg_model AS (alpha float8, beta float8, log_likelihood float8, converged boolean);

CREATE FUNCTION sbg_fit(survivors float8[]) RETURNS sbg_model
AS 'MODULE_PATHNAME', 'sbg_fit_survivors' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION sbg_fit(float8[]) IS
'maximum likelihood sBG fit to a cohort: survivors[1] at the start, survivors[t + 1] still active at the start of period t';

CREATE FUNCTION sbg_fit(curve churn_curve) RETURNS sbg_model
AS 'MODULE_PATHNAME', 'sbg_fit_curve' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION sbg_fit(churn_curve) IS
'maximum likelihood sBG fit to a churn_curve of whole-period durations (churned at t = left in period t >= 1)';

CREATE FUNCTION sbg_survival(alpha float8, beta float8, period integer) RETURNS float8
AS 'MODULE_PATHNAME', 'sbg_survival' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sbg_retention(alpha float8, beta float8, period integer) RETURNS float8
AS 'MODULE_PATHNAME', 'sbg_retention' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sbg_churn_probability(alpha float8, beta float8, period integer) RETURNS float8
AS 'MODULE_PATHNAME', 'sbg_churn_probability' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION sbg_derl(alpha float8, beta float8, discount float8, renewals integer) RETURNS float8
AS 'MODULE_PATHNAME', 'sbg_derl' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION sbg_survival(model sbg_model, period integer) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.sbg_survival(model.alpha, model.beta, period) $$;
CREATE FUNCTION sbg_retention(model sbg_model, period integer) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.sbg_retention(model.alpha, model.beta, period) $$;
CREATE FUNCTION sbg_churn_probability(model sbg_model, period integer) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.sbg_churn_probability(model.alpha, model.beta, period) $$;
CREATE FUNCTION sbg_derl(model sbg_model, discount float8, renewals integer) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.sbg_derl(model.alpha, model.beta, discount, renewals) $$;

COMMENT ON FUNCTION sbg_survival(sbg_model, integer) IS
'sBG probability that a customer is still active after period periods (S(t), S(0) = 1)';
COMMENT ON FUNCTION sbg_retention(sbg_model, integer) IS
'sBG retention rate of period t: S(t) / S(t - 1)';
COMMENT ON FUNCTION sbg_churn_probability(sbg_model, integer) IS
'sBG probability that a new customer leaves in period t: P(T = t) = S(t - 1) - S(t)';
COMMENT ON FUNCTION sbg_derl(sbg_model, float8, integer) IS
'sBG discounted expected residual lifetime, in periods, of a customer who has made renewals renewals, just before the next (Fader & Hardie 2010)';

CREATE FUNCTION sbg_projection(model sbg_model, periods integer)
RETURNS TABLE (period integer, survival float8, retention float8, churn_probability float8)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT t, @extschema@.sbg_survival(model, t),
             CASE WHEN t OPERATOR(pg_catalog.>) 0 THEN @extschema@.sbg_retention(model, t) END,
             CASE WHEN t OPERATOR(pg_catalog.>) 0 THEN @extschema@.sbg_churn_probability(model, t) END
      FROM pg_catalog.generate_series(0, periods) AS t $$;

COMMENT ON FUNCTION sbg_projection(sbg_model, integer) IS
'sBG survival, retention rate and churn probability for periods 0..periods';
