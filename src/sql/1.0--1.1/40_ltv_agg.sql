-- ltv_agg family, 1.0 -> 1.1.
-- Issue 10 (trusted extension): the cast in the SQL-language predictions is
-- schema-qualified (::pg_catalog.float8), so a type or cast planted in a schema
-- listed before pg_catalog cannot capture it.
CREATE OR REPLACE FUNCTION ltv_p_alive(model ltv_model, customer ltv_customer_summary)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_p_alive(@extschema@.ltv_model_for_summary($1, $2),
                                     ($2).x::pg_catalog.float8, ($2).t_x, ($2).t_cal) $$;

CREATE OR REPLACE FUNCTION ltv_expected_purchases(model ltv_model, customer ltv_customer_summary, horizon float8)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases(@extschema@.ltv_model_for_summary($1, $2),
                                                ($2).x::pg_catalog.float8, ($2).t_x, ($2).t_cal, $3) $$;

CREATE OR REPLACE FUNCTION ltv_expected_spend(model ltv_model, customer ltv_customer_summary)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_spend(@extschema@.ltv_model_for_summary($1, $2),
                                            ($2).x::pg_catalog.float8, ($2).m_x) $$;

CREATE OR REPLACE FUNCTION ltv_predict(model ltv_model, customer ltv_customer_summary,
    horizon interval DEFAULT '12 months', discount_rate float8 DEFAULT 0.01, margin float8 DEFAULT 1.0)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_predict(@extschema@.ltv_model_for_summary($1, $2),
                                     ($2).x::pg_catalog.float8, ($2).t_x, ($2).t_cal, ($2).m_x, $3, $4, $5) $$;

-- Issue 11: amounts of other types (see src/sql/40_ltv_agg.sql)

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

-- Issue 13: ltv_fit(summary, model) fits any purchase model.

CREATE FUNCTION ltv_fit_summary_transfn(ltv_fit_state, ltv_customer_summary, text)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE ltv_fit(customer ltv_customer_summary, model text) (
    SFUNC = ltv_fit_summary_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ltv_fit(ltv_customer_summary, text) IS
'fits the purchase model named by model (bgnbd, pareto_nbd, mbgnbd, bgbb) and Gamma-Gamma to ltv_summary results in their unit; NULL summaries are skipped';

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

-- Issue 13: the textbook LTV states its horizon (observation_period, textbook_horizon)
-- and has a figure over the same horizon as predicted_ltv (textbook_ltv_at_horizon).
ALTER TYPE ltv_segment ADD ATTRIBUTE observation_period interval,
    ADD ATTRIBUTE textbook_horizon interval,
    ADD ATTRIBUTE textbook_ltv_at_horizon double precision;

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
