-- Every prediction function of Pareto/NBD, MBG/NBD and BG/BB, called through SQL, against the
-- 60-digit reference table test/reference/models/grid_predictions.csv (made with mpmath by
-- make_grid.py there, each value by two methods agreeing to 1e-30; its docstring gives the papers'
-- formulas: Fader & Hardie 2005 for Pareto/NBD, Batislam et al. 2007 for MBG/NBD, Fader, Hardie &
-- Shang 2010 for BG/BB; grid_versions.txt says which parameter sets are in it): issue 15's grid
-- (parameters at the corners of [1e-4, 1e4]^4 and named sets, x 0..5000 with t_x = 0 and t_x = T,
-- T up to 1e4, horizons 1e-8 .. 1e4; BG/BB in whole periods). BG/NBD's table is model_reference.
-- Each row must agree to 1e-10 relative, or be at most 1e-300 where the reference underflows a
-- double; no error, no negative value. The worst relative error is shown as its decade only.
\i test/sql/helpers.sql
-- the models below are built from their text form: print doubles exactly
SET extra_float_digits = 3;
CREATE TABLE grid_pred (model text, p1 float8, p2 float8, p3 float8, p4 float8, func text, x float8,
                        t_x float8, t_cal float8, t float8, value text);
\copy grid_pred FROM 'test/reference/models/grid_predictions.csv' WITH (FORMAT csv, HEADER)
-- values below numeric's range are 0 here: they underflow a double, where the check is got <= 1e-300
ALTER TABLE grid_pred ALTER value TYPE numeric
    USING CASE WHEN value ~ 'e-[0-9]{4,}$' THEN 0 ELSE value::numeric END;

-- a model of the given kind and parameters (unit 7 days; BG/BB 1 month), from the documented text form
CREATE FUNCTION grid_model(kind text, p1 float8, p2 float8, p3 float8, p4 float8)
RETURNS ltv_model LANGUAGE sql IMMUTABLE AS $$
SELECT format('version=2 model=%s status=0 gg_status=0 unit_months=%s unit_days=%s unit_usecs=0 '
              'n_customers=2 n_repeaters=1 n_spend=1 %s=%s %s=%s %s=%s %s=%s %s_se=NaN %s_se=NaN %s_se=NaN '
              '%s_se=NaN cov=NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN,NaN loglik=-1 iterations=0 '
              'gg_p=6.25 gg_q=3.74 gg_gamma=15.44 gg_p_se=NaN gg_q_se=NaN gg_gamma_se=NaN '
              'gg_cov=NaN,NaN,NaN,NaN,NaN,NaN loglik_gg=-1 iterations_gg=0',
              kind, CASE kind WHEN 'bgbb' THEN 1 ELSE 0 END, CASE kind WHEN 'bgbb' THEN 0 ELSE 7 END,
              n[1], p1, n[2], p2, n[3], p3, n[4], p4, n[1], n[2], n[3], n[4])::ltv_model
FROM (SELECT CASE kind WHEN 'pareto_nbd' THEN ARRAY['r', 'alpha', 's', 'beta']
                       WHEN 'mbgnbd' THEN ARRAY['r', 'alpha', 'a', 'b']
                       WHEN 'bgbb' THEN ARRAY['alpha', 'beta', 'gamma', 'delta'] END AS n) names $$;
-- relative error; 0 for an underflowing reference matched, infinity for a miss there or a negative value
CREATE FUNCTION grid_err(got float8, want numeric) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN NOT got >= 0 THEN 'Infinity'::float8
            WHEN abs(want) < 1e-300 THEN CASE WHEN got <= 1e-300 THEN 0 ELSE 'Infinity'::float8 END
            ELSE (abs(got::numeric - want) / abs(want))::float8 END $$;
-- the decade of an error: '< 1e-11' for 3.4e-12
CREATE FUNCTION grid_decade(e float8) RETURNS text LANGUAGE sql IMMUTABLE AS $$
SELECT CASE WHEN e IS NULL THEN 'missing' WHEN e = 0 THEN 'exact' WHEN e = 'Infinity' THEN 'off'
            ELSE '< 1e' || ceil(log(e))::int END $$;

CREATE TABLE grid_got AS
SELECT model, func, value, t,
       CASE func
           WHEN 'p_alive' THEN ltv_p_alive(m, x, t_x, t_cal)
           WHEN 'expected' THEN ltv_expected_purchases(m, x, t_x, t_cal, t)
           WHEN 'expected_new' THEN ltv_expected_purchases_new(m, t)
           WHEN 'prob_n' THEN ltv_purchase_probability(m, x::int, t)
       END AS got
FROM grid_pred, grid_model(model, p1, p2, p3, p4) m;
ALTER TABLE grid_got ADD err float8;
UPDATE grid_got SET err = grid_err(got, value);

-- every model and function: rows, rows off (beyond 1e-10), negative, missing, the worst error's decade
SELECT model, func, count(*) AS rows, count(*) FILTER (WHERE NOT err <= 1e-10) AS off,
       count(*) FILTER (WHERE got < 0) AS negative, count(*) FILTER (WHERE got IS NULL OR got = 'NaN') AS missing,
       grid_decade(max(err)) AS worst
FROM grid_got GROUP BY model, func ORDER BY model, func;
-- the table spans the issue's horizons (BG/BB: whole periods, 1 .. 1e4) and has underflowing references
SELECT model, min(t) AS shortest, max(t) AS longest, count(*) FILTER (WHERE value < 1e-300) > 0 AS has_underflows
FROM grid_got GROUP BY model ORDER BY model;
-- ltv_predict (the README's monthly sum) against test/reference/models/grid_clv.csv (make_grid.py
-- --parts=clv: E[Y] by the formulas above at 60 digits, discounted month by month; Gamma-Gamma 6.25,
-- 3.74, 15.44; BG/BB with the unit 1 month, so a month is a period)
CREATE TABLE grid_clv (model text, p1 float8, p2 float8, p3 float8, p4 float8, p float8, q float8, gamma float8,
                       x float8, t_x float8, t_cal float8, m float8, horizon_days float8, discount float8,
                       value text);
\copy grid_clv FROM 'test/reference/models/grid_clv.csv' WITH (FORMAT csv, HEADER)
ALTER TABLE grid_clv ALTER value TYPE numeric
    USING CASE WHEN value ~ 'e-[0-9]{4,}$' THEN 0 ELSE value::numeric END;
ALTER TABLE grid_clv ADD got float8, ADD err float8;
UPDATE grid_clv SET got = ltv_predict(grid_model(model, p1, p2, p3, p4), x, t_x, t_cal, m,
                                      (horizon_days || ' days')::interval, discount, 1.0)
WHERE (p, q, gamma) = (6.25, 3.74, 15.44);    -- grid_model's Gamma-Gamma
UPDATE grid_clv SET err = grid_err(got, value);
SELECT model, count(*) AS rows, count(DISTINCT (p1, p2, p3, p4)) AS parameter_sets,
       count(*) FILTER (WHERE NOT err <= 1e-10) AS off, count(*) FILTER (WHERE got IS NULL OR got = 'NaN') AS missing,
       grid_decade(max(err)) AS worst
FROM grid_clv GROUP BY model ORDER BY model;
-- the check can fail: every value that does not underflow, moved by 2e-10 relative, is off
SELECT model, count(*) FILTER (WHERE grid_err(got * (1 + 2e-10), value) <= 1e-10) AS perturbed_still_ok
FROM (SELECT model, got, value FROM grid_got UNION ALL SELECT model, got, value FROM grid_clv) g
WHERE value >= 1e-300 GROUP BY model ORDER BY model;

DROP TABLE grid_pred, grid_got, grid_clv;
DROP FUNCTION grid_model(text, float8, float8, float8, float8), grid_err(float8, numeric), grid_decade(float8);
