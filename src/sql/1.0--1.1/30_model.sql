-- Model family, 1.0 -> 1.1: purchase models beside BG/NBD (ltv_fit's model and
-- customers arguments), ltv_model_params with the model, LL, AIC and BIC,
-- ltv_model_estimates, and comments that no longer say BG/NBD only.

CREATE FUNCTION ltv_fit_transfn(ltv_fit_state, float8, float8, float8, float8, interval, text)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION ltv_fit_transfn(ltv_fit_state, float8, float8, float8, float8, interval, text, bigint)
RETURNS ltv_fit_state AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE AGGREGATE ltv_fit(x float8, t_x float8, t float8, monetary float8, unit interval, model text) (
    SFUNC = ltv_fit_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
CREATE AGGREGATE ltv_fit(x float8, t_x float8, t float8, monetary float8, unit interval, model text,
                         customers bigint) (
    SFUNC = ltv_fit_transfn, STYPE = ltv_fit_state,
    COMBINEFUNC = ltv_fit_combine, FINALFUNC = ltv_fit_final,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE ltv_fit(float8, float8, float8, float8, interval, text) IS
'fits the purchase model named by model (bgnbd, pareto_nbd, mbgnbd, bgbb) to (x, t_x, T) and Gamma-Gamma to (x, monetary) of repeat customers; t_x and T in unit';
COMMENT ON AGGREGATE ltv_fit(float8, float8, float8, float8, interval, text, bigint) IS
'as ltv_fit(x, t_x, t, monetary, unit, model) for pre-aggregated rows: each row stands for customers customers with that summary';

-- ltv_model_params gains columns (model, loglik, aic, bic, ...): drop and create
DROP FUNCTION ltv_model_params(ltv_model);
CREATE FUNCTION ltv_model_params(model ltv_model,
    OUT r float8, OUT alpha float8, OUT a float8, OUT b float8,
    OUT p float8, OUT q float8, OUT gamma float8,
    OUT r_se float8, OUT alpha_se float8, OUT a_se float8, OUT b_se float8,
    OUT p_se float8, OUT q_se float8, OUT gamma_se float8,
    OUT loglik_bgnbd float8, OUT loglik_gg float8,
    OUT n_customers bigint, OUT n_repeaters bigint, OUT n_spend bigint,
    OUT unit interval, OUT bgnbd_converged boolean, OUT gg_converged boolean,
    OUT bgnbd_status text, OUT gg_status text,
    OUT purchase_model text, OUT loglik float8, OUT aic float8, OUT bic float8, OUT n_params int,
    OUT purchase_converged boolean, OUT purchase_status text)
RETURNS record
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_model_params(ltv_model) IS
'the fields of a fitted model: purchase model name, parameters, standard errors, log-likelihoods, AIC, BIC, counts, unit, convergence';

CREATE FUNCTION ltv_model_estimates(model ltv_model)
RETURNS TABLE (component text, model_name text, parameter text, estimate float8, std_error float8)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION ltv_model_estimates(ltv_model) IS
'one row per parameter of the purchase model and of Gamma-Gamma, with its standard error';

COMMENT ON TYPE ltv_model IS
'a fitted customer lifetime value model: a purchase model (BG/NBD, Pareto/NBD, MBG/NBD or BG/BB) + Gamma-Gamma (from ltv_fit); read it with ltv_model_params()';
COMMENT ON FUNCTION ltv_p_alive(ltv_model, float8, float8, float8) IS
'probability that a customer with summary (x, t_x, T) is still active at T (BG/BB: in period T + 1), under the model''s purchase model';
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, float8, float8, float8, float8) IS
'expected repeat purchases in (T, T + horizon] of a customer with summary (x, t_x, T), under the model''s purchase model; times in the model unit';
COMMENT ON FUNCTION ltv_expected_purchases_new(ltv_model, float8) IS
'unconditional E[X(t)]: expected repeat purchases in the first t units of a new customer, under the model''s purchase model';
COMMENT ON FUNCTION ltv_purchase_probability(ltv_model, int, float8) IS
'P(X(t) = n): probability that a new customer makes exactly n repeat purchases in the first t units, under the model''s purchase model';

-- Horizons as intervals (as ltv_predict takes them): the float8 horizons take the model unit;
-- ltv_model_time converts an interval (and the interval and text overloads below use it).
CREATE FUNCTION ltv_model_time(model ltv_model, horizon interval)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_model_time(ltv_model, interval) IS
'the interval in the model''s time unit (mean month of 365.2425 / 12 days): ltv_model_time(model, ''12 months'') is 52.18 for a weekly model';

-- Every horizon also as an interval, or as text (a quoted literal resolves to text: a bare
-- number is in the model's unit, as 1.0 read it, anything else is an interval): the float8
-- forms take the model's unit, ltv_model_time converts.
CREATE FUNCTION ltv_model_time(model ltv_model, horizon text)
RETURNS float8 AS 'MODULE_PATHNAME', 'ltv_model_time_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_model_time(ltv_model, text) IS
'a horizon as text in the model''s time unit: a number is already in the unit (''52''), anything else is read as an interval (''52 weeks'', ''12 months'')';

CREATE FUNCTION ltv_expected_purchases(model ltv_model, x float8, t_x float8, t float8, horizon interval)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases($1, $2, $3, $4, @extschema@.ltv_model_time($1, $5)) $$;
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, float8, float8, float8, interval) IS
'ltv_expected_purchases with the horizon as an interval (converted by ltv_model_time)';
CREATE FUNCTION ltv_expected_purchases(model ltv_model, x float8, t_x float8, t float8, horizon text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases($1, $2, $3, $4, @extschema@.ltv_model_time($1, $5)) $$;
COMMENT ON FUNCTION ltv_expected_purchases(ltv_model, float8, float8, float8, text) IS
'ltv_expected_purchases with the horizon as text: a number of model units or an interval (ltv_model_time)';

CREATE FUNCTION ltv_expected_purchases_new(model ltv_model, t interval)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases_new($1, @extschema@.ltv_model_time($1, $2)) $$;
COMMENT ON FUNCTION ltv_expected_purchases_new(ltv_model, interval) IS
'ltv_expected_purchases_new with the horizon as an interval (converted by ltv_model_time)';
CREATE FUNCTION ltv_expected_purchases_new(model ltv_model, t text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_expected_purchases_new($1, @extschema@.ltv_model_time($1, $2)) $$;
COMMENT ON FUNCTION ltv_expected_purchases_new(ltv_model, text) IS
'ltv_expected_purchases_new with the horizon as text: a number of model units or an interval (ltv_model_time)';

CREATE FUNCTION ltv_purchase_probability(model ltv_model, n int, t interval)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_purchase_probability($1, $2, @extschema@.ltv_model_time($1, $3)) $$;
COMMENT ON FUNCTION ltv_purchase_probability(ltv_model, int, interval) IS
'ltv_purchase_probability with the horizon as an interval (converted by ltv_model_time)';
CREATE FUNCTION ltv_purchase_probability(model ltv_model, n int, t text)
RETURNS float8 LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT @extschema@.ltv_purchase_probability($1, $2, @extschema@.ltv_model_time($1, $3)) $$;
COMMENT ON FUNCTION ltv_purchase_probability(ltv_model, int, text) IS
'ltv_purchase_probability with the horizon as text: a number of model units or an interval (ltv_model_time)';

CREATE FUNCTION ltv_expected_purchases_interval(model ltv_model, x float8, t_x float8, t float8, horizon interval,
    level float8 DEFAULT 0.9, OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
RETURNS record LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT * FROM @extschema@.ltv_expected_purchases_interval($1, $2, $3, $4, @extschema@.ltv_model_time($1, $5), $6) $$;
COMMENT ON FUNCTION ltv_expected_purchases_interval(ltv_model, float8, float8, float8, interval, float8) IS
'ltv_expected_purchases_interval with the horizon as an interval (converted by ltv_model_time)';
CREATE FUNCTION ltv_expected_purchases_interval(model ltv_model, x float8, t_x float8, t float8, horizon text,
    level float8 DEFAULT 0.9, OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
RETURNS record LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT * FROM @extschema@.ltv_expected_purchases_interval($1, $2, $3, $4, @extschema@.ltv_model_time($1, $5), $6) $$;
COMMENT ON FUNCTION ltv_expected_purchases_interval(ltv_model, float8, float8, float8, text, float8) IS
'ltv_expected_purchases_interval with the horizon as text: a number of model units or an interval (ltv_model_time)';

-- A readable one-row report of a model (the text form stays exact): each parameter
-- rounded to 4 decimals but at least 4 significant digits, with its standard error,
-- log-likelihoods, AIC and BIC to 2 decimals, statuses and counts.
CREATE FUNCTION ltv_model_report(model ltv_model,
    OUT purchase_model text, OUT status text, OUT spend_status text,
    OUT n_customers bigint, OUT n_repeaters bigint, OUT n_spend bigint, OUT unit interval,
    OUT parameters text, OUT spend_parameters text,
    OUT loglik numeric, OUT loglik_spend numeric, OUT aic numeric, OUT bic numeric)
RETURNS record LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, @extschema@
AS $$
WITH e AS (
    SELECT t.component, t.ord,
           t.parameter || ' = ' || coalesce(CASE WHEN t.estimate IS NULL OR t.estimate = 'NaN'::float8 THEN NULL
               WHEN t.estimate = 0::float8 OR abs(t.estimate) = 'Infinity'::float8 THEN t.estimate::text
               ELSE round(t.estimate::numeric, greatest(4::float8, 3::float8 - floor(log10(abs(t.estimate))))::int4)::text END, 'NULL')
           || coalesce(' ± ' || CASE WHEN t.std_error IS NULL OR t.std_error = 'NaN'::float8 THEN NULL
               WHEN t.std_error = 0::float8 OR abs(t.std_error) = 'Infinity'::float8 THEN t.std_error::text
               ELSE round(t.std_error::numeric, greatest(4::float8, 3::float8 - floor(log10(abs(t.std_error))))::int4)::text END, '')
           AS item
    FROM @extschema@.ltv_model_estimates($1) WITH ORDINALITY
         AS t(component, model_name, parameter, estimate, std_error, ord))
SELECT p.purchase_model, p.purchase_status, p.gg_status, p.n_customers, p.n_repeaters, p.n_spend, p.unit,
       (SELECT string_agg(e.item, ', ' ORDER BY e.ord) FROM e WHERE e.component = 'purchase'),
       (SELECT string_agg(e.item, ', ' ORDER BY e.ord) FROM e WHERE e.component = 'spend'),
       round(p.loglik::numeric, 2::int4), round(p.loglik_gg::numeric, 2::int4), round(p.aic::numeric, 2::int4), round(p.bic::numeric, 2::int4)
FROM @extschema@.ltv_model_params($1) AS p
$$;
COMMENT ON FUNCTION ltv_model_report(ltv_model) IS
'one readable row: purchase model, statuses, counts, unit, rounded parameters with standard errors, log-likelihoods, AIC, BIC';

CREATE FUNCTION ltv_p_alive_matrix(model ltv_model, t float8, max_x int DEFAULT 20, step float8 DEFAULT 1)
RETURNS TABLE (x int, t_x float8, p_alive float8)
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION ltv_p_alive_matrix(ltv_model, float8, int, float8) IS
'P(alive) at age T for frequency x = 0..max_x and recency t_x = 0, step, ... T (model unit), as rows (x, t_x, p_alive)';

CREATE FUNCTION ltv_expected_purchases_interval(model ltv_model, x float8, t_x float8, t float8, horizon float8,
    level float8 DEFAULT 0.9, OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
RETURNS record AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_expected_purchases_interval(ltv_model, float8, float8, float8, float8, float8) IS
'ltv_expected_purchases with an interval at level from the parameters'' covariance (delta method on the log scale)';

CREATE FUNCTION ltv_predict_interval(model ltv_model, x float8, t_x float8, t float8, monetary float8,
    horizon interval DEFAULT '12 months', discount_rate float8 DEFAULT 0.01, margin float8 DEFAULT 1.0,
    level float8 DEFAULT 0.9, OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
RETURNS record AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_predict_interval(ltv_model, float8, float8, float8, float8, interval, float8, float8, float8) IS
'ltv_predict with an interval at level from both fits'' covariances (delta method on the log scale)';

-- New-customer value and LTV:CAC (src/model_value.c, src/core/acquisition.c).
CREATE FUNCTION ltv_new_customer_value(model ltv_model, horizon interval DEFAULT '12 months',
    discount_rate float8 DEFAULT 0.01, margin float8 DEFAULT 1.0)
RETURNS float8 AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_new_customer_value(ltv_model, interval, float8, float8) IS
'expected value of a customer acquired today (x = 0 at T = 0): margin x mean spend for the first order plus the discounted repeat purchases over horizon';

CREATE FUNCTION ltv_cac_ratio(model ltv_model, acquisition_cost float8, horizon interval DEFAULT '12 months',
    discount_rate float8 DEFAULT 0.01, margin float8 DEFAULT 1.0,
    OUT ltv float8, OUT cac float8, OUT ltv_cac_ratio float8, OUT payback_months float8)
RETURNS record AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION ltv_cac_ratio(ltv_model, float8, interval, float8, float8) IS
'new-customer value over horizon against the acquisition cost per customer: ltv, cac, their ratio (3 or more is the rule of thumb) and the months until the value covers the cost';
