
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

CREATE FUNCTION ltv_fit_summary_transfn(ltv_fit_state, ltv_customer_summary, text)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE ltv_fit(customer ltv_customer_summary, model text) (
    SFUNC = ltv_fit_summary_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ltv_fit(ltv_customer_summary, text) IS
'fits the purchase model named by model (bgnbd, pareto_nbd, mbgnbd, bgbb) and Gamma-Gamma to ltv_summary results in their unit; NULL summaries are skipped';

-- the model, checked to be in the summary's unit (errors otherwise)
CREATE FUNCTION ltv_model_for_summary(model ltv_model, customer ltv_customer_summary)
RETURNS ltv_model AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION ltv_p_alive(model ltv_model, customer ltv_customer_summary)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_p_alive(@extschema@.ltv_model_for_summary($1, $2),
                                     ($2).x::pg_catalog.float8, ($2).t_x, ($2).t_cal) $$;
COMMENT ON FUNCTION ltv_p_alive(ltv_model, ltv_customer_summary) IS
'BG/NBD probability that the customer is still active at as_of';

CREATE FUNCTION ltv_expected_purchases(model ltv_model, customer ltv_customer_summary, horizon float8)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases(@extschema@.ltv_model_for_summary($1, $2),
                                                ($2).x::pg_catalog.float8, ($2).t_x, ($2).t_cal, $3) $$;
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, ltv_customer_summary, float8) IS
'BG/NBD expected repeat purchases in the next horizon units (the summary''s unit) after as_of';

CREATE FUNCTION ltv_expected_purchases(model ltv_model, customer ltv_customer_summary, horizon interval)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases($1, $2,
             @extschema@.ltv_model_time(@extschema@.ltv_model_for_summary($1, $2), $3)) $$;
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, ltv_customer_summary, interval) IS
'expected repeat purchases in the next horizon (an interval) after as_of';
CREATE FUNCTION ltv_expected_purchases(model ltv_model, customer ltv_customer_summary, horizon text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases($1, $2,
             @extschema@.ltv_model_time(@extschema@.ltv_model_for_summary($1, $2), $3)) $$;
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, ltv_customer_summary, text) IS
'expected repeat purchases in the next horizon after as_of: a number of the summary''s units or an interval';

CREATE FUNCTION ltv_expected_spend(model ltv_model, customer ltv_customer_summary)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_spend(@extschema@.ltv_model_for_summary($1, $2),
                                            ($2).x::pg_catalog.float8, ($2).m_x) $$;
COMMENT ON FUNCTION ltv_expected_spend(ltv_model, ltv_customer_summary) IS
'Gamma-Gamma expected spend per transaction of the customer';

CREATE FUNCTION ltv_predict(model ltv_model, customer ltv_customer_summary,
    horizon interval DEFAULT '12 months', discount_rate float8 DEFAULT 0.01, margin float8 DEFAULT 1.0)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_predict(@extschema@.ltv_model_for_summary($1, $2),
                                     ($2).x::pg_catalog.float8, ($2).t_x, ($2).t_cal, ($2).m_x, $3, $4, $5) $$;
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
    model ltv_model,                     -- the BG/NBD + Gamma-Gamma model fitted on the segment
    observation_period interval,         -- mean time from first purchase to as_of: one period of the textbook figures
    textbook_horizon interval,           -- expected_lifespan x observation_period: the lifetime textbook_ltv covers
    textbook_ltv_at_horizon double precision -- textbook LTV over observation_period + horizon, comparable to predicted_ltv
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

-- Amounts of other types: double precision, real, integer, bigint (as ltv_summary).
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, double precision, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, double precision, timestamptz, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, double precision, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, double precision, timestamp, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, double precision, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, double precision, date, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, real, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, real, timestamptz, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, real, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, real, timestamp, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, real, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, real, date, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, integer, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, integer, timestamptz, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, integer, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, integer, timestamp, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, integer, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, integer, date, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, bigint, timestamptz)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, bigint, timestamptz, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, bigint, timestamp)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, bigint, timestamp, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, bigint, date)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, bigint, date, ltv_agg_options)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount double precision, as_of timestamptz) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount double precision, as_of timestamptz,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount double precision, as_of timestamp) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount double precision, as_of timestamp,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount double precision, as_of date) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount double precision, as_of date,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount real, as_of timestamptz) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount real, as_of timestamptz,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount real, as_of timestamp) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount real, as_of timestamp,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount real, as_of date) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount real, as_of date,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount integer, as_of timestamptz) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount integer, as_of timestamptz,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount integer, as_of timestamp) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount integer, as_of timestamp,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount integer, as_of date) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount integer, as_of date,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount bigint, as_of timestamptz) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount bigint, as_of timestamptz,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount bigint, as_of timestamp) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount bigint, as_of timestamp,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount bigint, as_of date) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount bigint, as_of date,
                         options ltv_agg_options) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);

-- Options written as text: ltv_agg(..., '12 months') (an unknown literal resolves to these
-- overloads, PostgreSQL prefers text) says how to write the options; a record literal of
-- ltv_agg_options, as 1.0 accepted it, still works.  ltv_agg(..., interval '12 months')
-- reaches the implicit cast below, which says the same.
CREATE FUNCTION ltv_agg_options_from_interval(interval)
RETURNS ltv_agg_options AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_agg_options_from_interval(interval) IS
'internal: the cast that makes ltv_agg(..., interval ''...'') an error that names the option to use';
CREATE CAST (interval AS ltv_agg_options) WITH FUNCTION ltv_agg_options_from_interval(interval) AS IMPLICIT;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, numeric, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, numeric, timestamp, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, numeric, date, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, double precision, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, double precision, timestamp, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, double precision, date, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float8_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, real, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, real, timestamp, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, real, date, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_float4_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, integer, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, integer, timestamp, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, integer, date, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int4_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamptz, bigint, timestamptz, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, timestamp, bigint, timestamp, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8_text' LANGUAGE C PARALLEL SAFE;
CREATE FUNCTION ltv_agg_transfn(internal, anyelement, date, bigint, date, text)
RETURNS internal AS 'MODULE_PATHNAME', 'ltv_agg_transfn_int8_text' LANGUAGE C PARALLEL SAFE;
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount numeric, as_of timestamptz, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount numeric, as_of timestamp, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount numeric, as_of date, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount double precision, as_of timestamptz, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount double precision, as_of timestamp, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount double precision, as_of date, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount real, as_of timestamptz, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount real, as_of timestamp, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount real, as_of date, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount integer, as_of timestamptz, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount integer, as_of timestamp, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount integer, as_of date, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamptz, amount bigint, as_of timestamptz, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at timestamp, amount bigint, as_of timestamp, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
CREATE AGGREGATE ltv_agg(customer_id anyelement, ordered_at date, amount bigint, as_of date, options text) (
    SFUNC = ltv_agg_transfn, STYPE = internal, FINALFUNC = ltv_agg_finalfn,
    COMBINEFUNC = ltv_agg_combine, SERIALFUNC = ltv_agg_serialize, DESERIALFUNC = ltv_agg_deserialize,
    PARALLEL = SAFE);
