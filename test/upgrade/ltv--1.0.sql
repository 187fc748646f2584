-- ltv: customer lifetime value, retention, churn curves and RFM scores.
-- This file is assembled from src/sql/NN_*.sql by the Makefile.

\echo Use "CREATE EXTENSION ltv" to load this file. \quit

-- Periods: whole units (an interval such as '1 day', '7 days', '1 month')
-- counted from an origin.  Period k is [origin + k * unit, origin + (k + 1) * unit),
-- the boundaries computed as PostgreSQL computes origin + k * unit in UTC.
-- timestamptz is bucketed in UTC; pass a timestamp (ts AT TIME ZONE 'Asia/Tokyo')
-- for local periods.

CREATE FUNCTION ltv_period_index(ts timestamptz, origin timestamptz, unit interval)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ltv_period_index_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_index(ts timestamp, origin timestamp, unit interval)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ltv_period_index_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_index(ts date, origin date, unit interval)
RETURNS bigint
AS 'MODULE_PATHNAME', 'ltv_period_index_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ltv_period_index(timestamptz, timestamptz, interval) IS
'number of whole units from origin to ts (negative before origin); timestamptz in UTC';

CREATE FUNCTION ltv_period_start(ts timestamptz, origin timestamptz, unit interval)
RETURNS timestamptz
AS 'MODULE_PATHNAME', 'ltv_period_start_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_start(ts timestamp, origin timestamp, unit interval)
RETURNS timestamp
AS 'MODULE_PATHNAME', 'ltv_period_start_timestamp'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_period_start(ts date, origin date, unit interval)
RETURNS date
AS 'MODULE_PATHNAME', 'ltv_period_start_date'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION ltv_period_start(timestamptz, timestamptz, interval) IS
'start of the period (counted from origin in whole units) that contains ts; timestamptz in UTC';

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

-- Model: BG/NBD (purchases) + Gamma-Gamma (spend), fitted by ltv_fit over
-- per-customer summaries (x, t_x, T, monetary), and per-customer predictions.

CREATE TYPE ltv_model;
CREATE FUNCTION ltv_model_in(cstring) RETURNS ltv_model
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_model_out(ltv_model) RETURNS cstring
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_model_recv(internal) RETURNS ltv_model
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_model_send(ltv_model) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ltv_model (
    INPUT = ltv_model_in, OUTPUT = ltv_model_out,
    RECEIVE = ltv_model_recv, SEND = ltv_model_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE ltv_model IS
'a fitted BG/NBD + Gamma-Gamma customer lifetime value model (from ltv_fit); read it with ltv_model_params()';

CREATE TYPE ltv_fit_state;
CREATE FUNCTION ltv_fit_state_in(cstring) RETURNS ltv_fit_state
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_fit_state_out(ltv_fit_state) RETURNS cstring
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_fit_state_recv(internal) RETURNS ltv_fit_state
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_fit_state_send(ltv_fit_state) RETURNS bytea
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE ltv_fit_state (
    INPUT = ltv_fit_state_in, OUTPUT = ltv_fit_state_out,
    RECEIVE = ltv_fit_state_recv, SEND = ltv_fit_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);
COMMENT ON TYPE ltv_fit_state IS
'transition state of ltv_fit: distinct customer summaries with counts (mergeable, so Citus can split the aggregate)';

CREATE FUNCTION ltv_fit_transfn(ltv_fit_state, float8, float8, float8, float8)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ltv_fit_transfn(ltv_fit_state, float8, float8, float8, float8, interval)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ltv_fit_combine(ltv_fit_state, ltv_fit_state)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ltv_fit_final(ltv_fit_state)
RETURNS ltv_model AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE ltv_fit(x float8, t_x float8, t float8, monetary float8) (
    SFUNC = ltv_fit_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE ltv_fit(x float8, t_x float8, t float8, monetary float8, unit interval) (
    SFUNC = ltv_fit_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ltv_fit(float8, float8, float8, float8) IS
'fits BG/NBD to (x, t_x, T) and Gamma-Gamma to (x, monetary) of repeat customers, one row per customer; unit 7 days';
COMMENT ON AGGREGATE ltv_fit(float8, float8, float8, float8, interval) IS
'fits BG/NBD to (x, t_x, T) and Gamma-Gamma to (x, monetary) of repeat customers, one row per customer; t_x and T in unit';

CREATE FUNCTION ltv_model_params(model ltv_model,
    OUT r float8, OUT alpha float8, OUT a float8, OUT b float8,
    OUT p float8, OUT q float8, OUT gamma float8,
    OUT r_se float8, OUT alpha_se float8, OUT a_se float8, OUT b_se float8,
    OUT p_se float8, OUT q_se float8, OUT gamma_se float8,
    OUT loglik_bgnbd float8, OUT loglik_gg float8,
    OUT n_customers bigint, OUT n_repeaters bigint, OUT n_spend bigint,
    OUT unit interval, OUT bgnbd_converged boolean, OUT gg_converged boolean,
    OUT bgnbd_status text, OUT gg_status text)
RETURNS record
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_model_params(ltv_model) IS
'the fields of a fitted model: parameters, standard errors, log-likelihoods, counts, unit, convergence';

CREATE FUNCTION ltv_p_alive(model ltv_model, x float8, t_x float8, t float8)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_p_alive(ltv_model, float8, float8, float8) IS
'BG/NBD probability that a customer with summary (x, t_x, T) is still active at T';

CREATE FUNCTION ltv_expected_purchases(model ltv_model, x float8, t_x float8, t float8, horizon float8)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, float8, float8, float8, float8) IS
'BG/NBD expected repeat purchases in (T, T + horizon] of a customer with summary (x, t_x, T); times in the model unit';

CREATE FUNCTION ltv_expected_purchases_new(model ltv_model, t float8)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_expected_purchases_new(ltv_model, float8) IS
'BG/NBD unconditional E[X(t)]: expected repeat purchases in the first t units of a new customer';

CREATE FUNCTION ltv_purchase_probability(model ltv_model, n int, t float8)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_purchase_probability(ltv_model, int, float8) IS
'BG/NBD P(X(t) = n): probability that a new customer makes exactly n repeat purchases in the first t units';

CREATE FUNCTION ltv_expected_spend(model ltv_model, x float8, monetary float8)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_expected_spend(ltv_model, float8, float8) IS
'Gamma-Gamma expected spend per transaction given x repeat occasions with mean amount monetary';

CREATE FUNCTION ltv_predict(model ltv_model, x float8, t_x float8, t float8, monetary float8,
    horizon interval DEFAULT '12 months', discount_rate float8 DEFAULT 0.01, margin float8 DEFAULT 1.0)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_predict(ltv_model, float8, float8, float8, float8, interval, float8, float8) IS
'discounted residual CLV over horizon: monthly steps of expected purchases x expected spend x margin / (1 + discount_rate)^month';

-- From per-customer summaries to the model (ltv_fit, predictions over an
-- ltv_customer_summary), and the one-shot per-segment aggregate ltv_agg.

-- ltv_fit over ltv_summary results: t_x and T in the summaries' own unit.
CREATE FUNCTION ltv_fit_summary_transfn(ltv_fit_state, ltv_customer_summary)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE ltv_fit(customer ltv_customer_summary) (
    SFUNC = ltv_fit_summary_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ltv_fit(ltv_customer_summary) IS
'fits BG/NBD and Gamma-Gamma to ltv_summary results (x, t_x, t_cal, m_x) in their unit; NULL summaries are skipped';

-- the model, checked to be in the summary's unit (errors otherwise)
CREATE FUNCTION ltv_model_for_summary(model ltv_model, customer ltv_customer_summary)
RETURNS ltv_model AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_p_alive(model ltv_model, customer ltv_customer_summary)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_p_alive(@extschema@.ltv_model_for_summary($1, $2),
                                     ($2).x::float8, ($2).t_x, ($2).t_cal) $$;
COMMENT ON FUNCTION ltv_p_alive(ltv_model, ltv_customer_summary) IS
'BG/NBD probability that the customer is still active at as_of';

CREATE FUNCTION ltv_expected_purchases(model ltv_model, customer ltv_customer_summary, horizon float8)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases(@extschema@.ltv_model_for_summary($1, $2),
                                                ($2).x::float8, ($2).t_x, ($2).t_cal, $3) $$;
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, ltv_customer_summary, float8) IS
'BG/NBD expected repeat purchases in the next horizon units (the summary''s unit) after as_of';

CREATE FUNCTION ltv_expected_spend(model ltv_model, customer ltv_customer_summary)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_spend(@extschema@.ltv_model_for_summary($1, $2),
                                            ($2).x::float8, ($2).m_x) $$;
COMMENT ON FUNCTION ltv_expected_spend(ltv_model, ltv_customer_summary) IS
'Gamma-Gamma expected spend per transaction of the customer';

CREATE FUNCTION ltv_predict(model ltv_model, customer ltv_customer_summary,
    horizon interval DEFAULT '12 months', discount_rate float8 DEFAULT 0.01, margin float8 DEFAULT 1.0)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_predict(@extschema@.ltv_model_for_summary($1, $2),
                                     ($2).x::float8, ($2).t_x, ($2).t_cal, ($2).m_x, $3, $4, $5) $$;
COMMENT ON FUNCTION ltv_predict(ltv_model, ltv_customer_summary, interval, float8, float8) IS
'discounted residual CLV of the customer over horizon (monthly steps, discount_rate per month, times margin)';

-- ltv_agg: one row per segment from its raw orders.

CREATE TYPE ltv_agg_options AS (
    period interval,                     -- purchase occasion length ('1 day')
    unit interval,                       -- model time unit ('7 days'); period must divide it
    horizon interval,                    -- residual CLV horizon ('12 months')
    discount_rate double precision,      -- per month, for the residual CLV (0.01)
    margin double precision,             -- share of revenue that is profit (1.0)
    textbook_discount_rate double precision  -- per observation period, textbook formula (0)
);

CREATE FUNCTION ltv_agg_options(period interval DEFAULT '1 day', unit interval DEFAULT '7 days',
    horizon interval DEFAULT '12 months', discount_rate double precision DEFAULT 0.01,
    margin double precision DEFAULT 1.0, textbook_discount_rate double precision DEFAULT 0)
RETURNS ltv_agg_options LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ROW($1, $2, $3, $4, $5, $6)::@extschema@.ltv_agg_options $$;
COMMENT ON FUNCTION ltv_agg_options(interval, interval, interval, double precision, double precision, double precision) IS
'options of ltv_agg, with defaults: ltv_agg_options(margin => 0.3, horizon => ''2 years'')';

CREATE TYPE ltv_segment AS (
    customers bigint,                    -- customers with a purchase at or before as_of
    orders bigint,                       -- their purchase rows (amount >= 0)
    revenue numeric,                     -- their amounts, purchases minus refunds (exact)
    average_order_value double precision,    -- revenue / orders
    purchase_frequency double precision,     -- orders / customers
    repeat_customers bigint,             -- customers with x > 0 (more than one occasion)
    churn_rate double precision,         -- 1 - repeat_customers / customers
    expected_lifespan double precision,  -- 1 / churn_rate (observation periods; Infinity when 0)
    historical_ltv double precision,     -- revenue / customers
    textbook_ltv double precision,       -- margin * AOV * frequency * (1 + d) / (d + churn)
    predicted_ltv double precision,      -- mean of margin * revenue + residual CLV
    predicted_residual_ltv double precision, -- mean residual CLV over horizon
    model_status text,                   -- converged / not converged / ... not identified
    model ltv_model                      -- the BG/NBD + Gamma-Gamma model fitted on the segment
);

CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, numeric, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, numeric, timestamptz, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, numeric, timestamp)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, numeric, timestamp, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, numeric, date)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, numeric, date, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_finalfn(internal)
RETURNS ltv_segment AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_combine(internal, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_serialize(internal)
RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C STRICT PARALLEL SAFE;
CREATE FUNCTION ltv_agg_deserialize(bytea, internal)
RETURNS internal AS 'MODULE_PATHNAME' LANGUAGE C STRICT PARALLEL SAFE;

CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount numeric, as_of timestamptz) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount numeric, as_of timestamptz,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount numeric, as_of timestamp) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount numeric, as_of timestamp,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount numeric, as_of date) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount numeric, as_of date,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);

COMMENT ON AGGREGATE ltv_agg(anyelement, timestamptz, numeric, timestamptz, ltv_agg_options) IS
'per segment: customers, orders, revenue, AOV, purchase frequency, churn, lifespan, historical, textbook and model-predicted LTV';
COMMENT ON AGGREGATE ltv_agg(anyelement, timestamptz, numeric, timestamptz) IS
'per segment: customers, orders, revenue, AOV, purchase frequency, churn, lifespan, historical, textbook and model-predicted LTV';

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
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION retention_activity_merge(retention_activity, retention_activity) IS
'union of two activities of one customer (every period of both; the earlier first purchase is the cohort); error when built on different periods';

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
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION retention_curve_points(retention_curve) RETURNS retention_point[]
AS 'MODULE_PATHNAME', 'retention_curve_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION retention_curve_points(retention_curve) IS
'the retention curve of a retention_curve state, one retention_point per k';

CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamptz)
RETURNS retention_curve AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamp)
RETURNS retention_curve AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, date)
RETURNS retention_curve AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamptz, text)
RETURNS retention_curve AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, timestamp, text)
RETURNS retention_curve AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION retention_curve_transfn(retention_curve, retention_activity, date, text)
RETURNS retention_curve AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;

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
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_add(churn_curve, timestamp, timestamp, timestamp, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION churn_curve_add(churn_curve, date, date, date, interval)
RETURNS churn_curve
AS 'MODULE_PATHNAME', 'churn_curve_add_subscription' LANGUAGE C IMMUTABLE PARALLEL SAFE;
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
      FROM @extschema@.churn_quantile(curve, 0.5, conf_type, conf_level) AS q $$;

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
             CASE WHEN t > 0 THEN @extschema@.sbg_retention(model, t) END,
             CASE WHEN t > 0 THEN @extschema@.sbg_churn_probability(model, t) END
      FROM pg_catalog.generate_series(0, periods) AS t $$;

COMMENT ON FUNCTION sbg_projection(sbg_model, integer) IS
'sBG survival, retention rate and churn probability for periods 0..periods';

-- RFM: recency, frequency, monetary scores with tie-consistent cut points,
-- and named segments.  See doc/rfm.md.

-- rfm_state: the state of rfm_thresholds, per dimension the values seen as
-- runs of equal values with their counts.  A public type (text form: hex of
-- the versioned binary form) so that Citus can split the aggregate and
-- states can be stored in rollup tables.
CREATE TYPE rfm_state;

CREATE FUNCTION rfm_state_in(cstring) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_state_out(rfm_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'rfm_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_state_recv(internal) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_state_send(rfm_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'rfm_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE rfm_state (
    INPUT = rfm_state_in,
    OUTPUT = rfm_state_out,
    RECEIVE = rfm_state_recv,
    SEND = rfm_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);

-- Cut points: bins - 1 ascending values per dimension (NULL when the
-- dimension had no non-NULL value).  Recency in days.
CREATE TYPE rfm_thresholds AS (
    bins integer,
    recency double precision[],
    frequency double precision[],
    monetary double precision[]
);

-- One rule of a segment map: inclusive score bounds, NULL = unbounded.
CREATE TYPE rfm_segment_rule AS (
    segment text,
    r_min integer, r_max integer,
    f_min integer, f_max integer,
    m_min integer, m_max integer
);

CREATE TYPE rfm_result AS (
    r integer,
    f integer,
    m integer,
    code text,
    segment text,
    score double precision
);

-- Transition functions (not STRICT: a NULL dimension is skipped alone).
-- Recency is a number of days or an interval; monetary numeric has its own
-- entry point because numeric -> float8 through text is slow.
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, double precision, double precision, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, double precision)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, double precision, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, numeric)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_state_add(rfm_state, interval, double precision, numeric, integer)
RETURNS rfm_state AS 'MODULE_PATHNAME', 'rfm_state_add_interval_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION rfm_state_combine(rfm_state, rfm_state) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION rfm_state_compact(rfm_state) RETURNS rfm_state
AS 'MODULE_PATHNAME', 'rfm_state_compact' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION rfm_thresholds(state rfm_state) RETURNS rfm_thresholds
AS 'MODULE_PATHNAME', 'rfm_state_thresholds' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION rfm_thresholds(rfm_state) IS
'RFM cut points from a stored rfm_state (see rfm_state_agg, rfm_state_merge)';

CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency double precision, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_thresholds(recency interval, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_thresholds,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rfm_thresholds(double precision, double precision, double precision, integer) IS
'RFM cut points: type 7 quantiles at k/bins of each dimension (NULLs skipped); bins 2..100, default 5';

CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency double precision, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary double precision) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary double precision, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary numeric) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
CREATE AGGREGATE rfm_state_agg(recency interval, frequency double precision,
    monetary numeric, bins integer) (
    SFUNC = rfm_state_add, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rfm_state_agg(double precision, double precision, double precision, integer) IS
'the rfm_thresholds state itself, to store in a rollup table and merge with rfm_state_merge';

CREATE AGGREGATE rfm_state_merge(rfm_state) (
    SFUNC = rfm_state_combine, STYPE = rfm_state,
    COMBINEFUNC = rfm_state_combine, FINALFUNC = rfm_state_compact,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE rfm_state_merge(rfm_state) IS
'merges rfm_state values (same bins); rfm_thresholds(rfm_state_merge(s)) gives the cut points of the union';

CREATE FUNCTION rfm_custom_thresholds(recency double precision[], frequency double precision[],
                                      monetary double precision[])
RETURNS rfm_thresholds
AS 'MODULE_PATHNAME', 'rfm_custom_thresholds' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_custom_thresholds(double precision[], double precision[], double precision[]) IS
'thresholds from given cut points (bins - 1 ascending values per dimension, recency in days)';

CREATE FUNCTION rfm_score(recency double precision, frequency double precision,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency interval, frequency double precision,
                          monetary double precision, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_interval' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency double precision, frequency double precision,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION rfm_score(recency interval, frequency double precision,
                          monetary numeric, thresholds rfm_thresholds,
                          segments rfm_segment_rule[] DEFAULT NULL,
                          weights double precision[] DEFAULT NULL,
                          bins integer DEFAULT NULL)
RETURNS rfm_result
AS 'MODULE_PATHNAME', 'rfm_score_interval_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION rfm_score(double precision, double precision, double precision, rfm_thresholds,
                              rfm_segment_rule[], double precision[], integer) IS
'r, f, m scores (1..bins; recency inverted), code such as ''545'', segment name, weighted mean score';

-- The default segment map (R and F on 1..5) as rules, to inspect or edit.
CREATE FUNCTION rfm_default_segments() RETURNS rfm_segment_rule[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$
SELECT ARRAY[
    ROW('Champions',           5, 5, 4, 5, NULL, NULL),
    ROW('Loyal Customers',     3, 4, 4, 5, NULL, NULL),
    ROW('Potential Loyalists', 4, 5, 2, 3, NULL, NULL),
    ROW('New Customers',       5, 5, 1, 1, NULL, NULL),
    ROW('Promising',           4, 4, 1, 1, NULL, NULL),
    ROW('Need Attention',      3, 3, 3, 3, NULL, NULL),
    ROW('About To Sleep',      3, 3, 1, 2, NULL, NULL),
    ROW('Can''t Lose Them',    1, 2, 5, 5, NULL, NULL),
    ROW('At Risk',             1, 2, 3, 4, NULL, NULL),
    ROW('Hibernating',         1, 2, 1, 2, NULL, NULL)
]::@extschema@.rfm_segment_rule[]
$$;
COMMENT ON FUNCTION rfm_default_segments() IS
'the default RFM segment map for 5 bins as ordered rules (first match wins)';
